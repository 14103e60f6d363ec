"""The published JSON Schemas (`secu-independants schema`, GET /schema/…) checked by an independent validator
(the `jsonschema` library): every public case and example file is valid against the case schema and its result
against the result schema; what the interface refuses for its shape (unknown field, missing field, unknown
constructor, wrong type) the schema refuses too."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from secu_independants import calculer_ij, determiner_rattachement
from secu_independants.entrees import EntreeInvalide, lire_cas_ij
from secu_independants.schemas import schema
from tests.policy.cas_publics import CAS_PUBLICS

EXEMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
CALCULS = {"ij": calculer_ij, "rattachement": determiner_rattachement}


def _validateur(commande: str, sortie: bool) -> jsonschema.Draft4Validator:
    document = schema(commande, sortie=sortie)
    jsonschema.Draft4Validator.check_schema(document)
    return jsonschema.Draft4Validator(document, format_checker=jsonschema.FormatChecker())


def _commande(cas: dict) -> str:
    return "ij" if "categorie" in cas else "rattachement"


@pytest.mark.parametrize(("nom", "commande", "cas"), [(n, c, cas) for n, c, cas, _ in CAS_PUBLICS])
def test_cas_publics_et_resultats_valides(nom: str, commande: str, cas: dict) -> None:
    _validateur(commande, False).validate(cas)
    _validateur(commande, True).validate(dict(CALCULS[commande](cas)))


def test_exemples_valides() -> None:
    assert EXEMPLES, "examples/ holds the example files the README runs"
    for fichier in EXEMPLES:
        cas = json.loads(fichier.read_text(encoding="utf-8"))
        commande = _commande(cas)
        _validateur(commande, False).validate(cas)
        _validateur(commande, True).validate(dict(CALCULS[commande](cas)))


P1 = CAS_PUBLICS[0][2]


@pytest.mark.parametrize(("modification", "refuse"), [
    ({"champ_inconnu": 1}, True),
    ({"categorie": "Agriculteur"}, True),  # not a constructor of the enumeration
    ({"duree_arret": "20"}, True),  # an integer, not a string
    ({"date_arret": 20201005}, True),
    ({"hospitalisation": 1}, True),  # a boolean, not a number
    ({"id": "dossier-17"}, False),
    ({"id": 17}, False),  # the interface takes an integer id too
    ({"heures_salariees_trois_derniers_mois": None}, False),
])
def test_schema_et_lecteur_d_accord(modification: dict, refuse: bool) -> None:
    cas = {**P1, **modification}
    erreurs = list(_validateur("ij", False).iter_errors(cas))
    assert bool(erreurs) is refuse, erreurs
    if refuse:
        with pytest.raises(EntreeInvalide):
            lire_cas_ij(cas)
    else:
        lire_cas_ij(cas)


def test_champ_obligatoire_absent_refuse() -> None:
    cas = {cle: valeur for cle, valeur in P1.items() if cle != "date_arret"}
    assert any("date_arret" in e.message for e in _validateur("ij", False).iter_errors(cas))
    with pytest.raises(EntreeInvalide):
        lire_cas_ij(cas)

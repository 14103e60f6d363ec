"""The `--batch` fast paths give exactly what the general ones give: compiled object readers (same values,
same errors), the JSON scanner shortcut, and results written as JSON text directly."""
from __future__ import annotations

import json

import pytest

from secu_independants import entrees
from secu_independants.api import calculateur, calculateur_texte
from secu_independants.entrees import EntreeInvalide

from .cas_publics import CAS_PUBLICS

ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@pytest.mark.parametrize("nom, commande, cas, _attendu", CAS_PUBLICS, ids=[c[0] for c in CAS_PUBLICS])
def test_text_result_is_the_json_of_the_result(nom, commande, cas, _attendu):
    assert calculateur_texte(commande)(cas) == ENCODER(calculateur(commande)(cas))


def _erreur(lecture, cas):
    try:
        return lecture(cas)
    except EntreeInvalide as erreur:
        return ("erreur", erreur.champ, erreur.attendu, str(erreur))


BASE = {"categorie": "LiberalSSI", "date_debut_activite": "2019-01-01", "date_arret": "2021-02-01",
        "duree_arret": 5, "chiffres_affaires": [{"annee": 2020, "montant": "1000.50"}]}


@pytest.mark.parametrize("modification", [
    {},  # valid, defaults filled in
    {"ald": True, "motif": "Accident", "jours_deja_indemnises": 3},
    {"inconnu": 1},  # unknown field
    {"ald": "oui"},  # not a boolean
    {"ald": 1},  # 1 is not true
    {"categorie": "Autre"},  # not a constructor
    {"duree_arret": 0},  # out of range
    {"duree_arret": -2},  # negative duration: its own message
    {"duree_arret": True},  # a boolean is not an integer
    {"chiffres_affaires": [{"annee": 2020}]},  # missing amount, inside the list
    {"chiffres_affaires": [{"annee": 2020, "montant": "1", "x": 0}]},
])
def test_compiled_reader_matches_the_generic_one(modification):
    cas = {**BASE, **modification}
    generique = _erreur(lambda c: entrees._lire_objet(c, entrees.CHAMPS_IJ), cas)
    assert _erreur(entrees._lire_objet_ij, cas) == generique


def test_compiled_reader_missing_required_field():
    cas = {k: v for k, v in BASE.items() if k != "date_arret"}
    attendu = _erreur(lambda c: entrees._lire_objet(c, entrees.CHAMPS_IJ), cas)
    assert attendu[0] == "erreur" and attendu[1] == "date_arret"
    assert _erreur(entrees._lire_objet_ij, cas) == attendu


@pytest.mark.parametrize("texte", ['{"a": 1.5}', ' {"a":1} ', '[1,2] x', '{"a":', '{"a":NaN}', '"s"', "12", ""])
def test_json_shortcut_matches_the_decoder(texte):
    def general(t):
        try:
            return entrees._DECODEUR.decode(t)
        except (ValueError, RecursionError):
            return "erreur"
    obtenu = _erreur(entrees.lire_json, texte)
    assert (obtenu[0] if isinstance(obtenu, tuple) else obtenu) == general(texte)

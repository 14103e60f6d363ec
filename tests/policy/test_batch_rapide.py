"""The `--batch` paths give exactly what the general ones give (the JSON scanner shortcut, results as JSON text),
and the reader of cases words each refusal as the interface does."""
from __future__ import annotations

import json

import pytest

from secu_independants import entrees
from secu_independants.api import calculateur, portee
from secu_independants.lots import _calculateur_octets
from secu_independants.entrees import EntreeInvalide
from secu_independants.regles.indemnites_journalieres import Motif

from .cas_publics import CAS_PUBLICS

ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@pytest.mark.parametrize("nom, commande, cas, _attendu", CAS_PUBLICS, ids=[c[0] for c in CAS_PUBLICS])
def test_text_result_is_the_json_of_the_result(nom, commande, cas, _attendu):
    charge = portee(commande)  # the batch's path: checked case → result bytes
    assert _calculateur_octets(charge)(charge.lire(cas)).decode("utf-8") == ENCODER(calculateur(commande)(cas))


def _erreur(lecture, cas):
    try:
        return lecture(cas)
    except EntreeInvalide as erreur:
        return ("erreur", erreur.champ, erreur.attendu, str(erreur))


BASE = {"categorie": "LiberalSSI", "date_debut_activite": "2019-01-01", "date_arret": "2021-02-01",
        "duree_arret": 5, "chiffres_affaires": [{"annee": 2020, "montant": "1000.50"}]}


_MONTANT = 'un montant ≥ 0 en euros, chaîne avec au plus deux décimales ("8092.80") ou nombre JSON entier'
_DUREE = "une durée en jours : un nombre JSON entier entre 1 et 36500"


@pytest.mark.parametrize(("modification", "message"), [
    ({"inconnu": 1}, "inconnu : attendu aucun champ de ce nom (champs : categorie, date_debut_activite, "
     "chiffres_affaires, date_arret, duree_arret, hospitalisation, motif, ald, premier_arret_du_motif, "
     "jours_deja_indemnises, en_activite, cotisations_a_jour, salarie, salaires_trois_derniers_mois, retraite, "
     "temps_partiel_therapeutique, soins_longue_duree, option_ssi, heures_salariees_trois_derniers_mois, id, "
     "date_arret_initial)"),
    ({"ald": "oui"}, 'ald : attendu un booléen (true ou false), reçu "oui"'),
    ({"ald": 1}, "ald : attendu un booléen (true ou false), reçu 1"),  # 1 is not true
    ({"categorie": "Autre"},
     'categorie : attendu un de AchatRevente | PrestationServicesBIC | LiberalSSI | LiberalCIPAV, reçu "Autre"'),
    ({"duree_arret": 0}, f"duree_arret : attendu {_DUREE}, reçu 0"),
    ({"duree_arret": -2}, f"duree_arret : attendu {_DUREE} (durée négative), reçu -2"),
    ({"duree_arret": True}, f"duree_arret : attendu {_DUREE}, reçu true"),  # a boolean is not an integer
    ({"duree_arret": 36501}, f"duree_arret : attendu {_DUREE}, reçu 36501"),
    ({"chiffres_affaires": [{"annee": 2020}]},
     f"chiffres_affaires[0].montant : attendu {_MONTANT} (champ obligatoire absent)"),
    ({"chiffres_affaires": [{"annee": 2020, "montant": "1", "x": 0}]},
     "chiffres_affaires[0].x : attendu aucun champ de ce nom (champs : annee, montant, ratio_cotisations_payees)"),
    ({"chiffres_affaires": [{"annee": 2020, "montant": "-1.50"}]},
     f'chiffres_affaires[0].montant : attendu {_MONTANT} (montant négatif), reçu "-1.50"'),
    ({"chiffres_affaires": [{"annee": 2020, "montant": "1.5"}, 7]},
     "chiffres_affaires[1] : attendu un objet JSON {...}, reçu 7"),
    ({"salarie": True, "salaires_trois_derniers_mois": ["1", "2", "x"]},
     f'salaires_trois_derniers_mois[2] : attendu {_MONTANT}, reçu "x"'),
    ({"date_arret": "2021-02-29"}, 'date_arret : attendu une date ISO existante "AAAA-MM-JJ" (ce jour n\'existe pas), '
     'reçu "2021-02-29"'),
    ({"date_arret_initial": "1/2/2021"},
     'date_arret_initial : attendu null ou une date ISO existante "AAAA-MM-JJ", reçu "1/2/2021"'),
])
def test_message_de_chaque_refus(modification, message):
    """The interface's wording of what msgspec refuses: the field's JSON path, what it expects, what came."""
    assert _erreur(entrees.lire_cas_ij, {**BASE, **modification})[3] == message


def test_valeurs_lues():
    lu = entrees.lire_cas_ij({**BASE, "ald": True, "motif": "Accident", "jours_deja_indemnises": 3})
    # "1000.50" € = 100 050 cents; defaults of interface.md for what is left out
    assert (lu.ald, lu.motif, lu.jours_deja_indemnises, lu.chiffres_affaires[0].montant) == (True, Motif.Accident, 3, 100_050)
    assert (lu.hospitalisation, lu.premier_arret_du_motif, lu.chiffres_affaires[0].ratio_cotisations_payees) == (
        False, True, 1)


@pytest.mark.parametrize("texte", ['{"a": 1.5}', ' {"a":1} ', '[1,2] x', '{"a":', '{"a":NaN}', '"s"', "12", ""])
def test_json_shortcut_matches_the_decoder(texte):
    def general(t):
        try:
            return entrees._DECODEUR.decode(t)
        except (ValueError, RecursionError):
            return "erreur"
    obtenu = _erreur(entrees.lire_json, texte)
    assert (obtenu[0] if isinstance(obtenu, tuple) else obtenu) == general(texte)

"""P1–P15 (domain README §4) through the Python API and through the `secu-independants` CLI.

These tests need generated/ (committed): if it is missing they fail, they never skip.
"""

from __future__ import annotations

import json

import pytest

from secu_independants import calculer_ij, determiner_rattachement

from .cas_publics import CAS_PUBLICS
from .outils import lancer_cli

API = {"ij": calculer_ij, "rattachement": determiner_rattachement}
IDENTIFIANTS = [nom.split()[0] for nom, *_ in CAS_PUBLICS]


def sous_ensemble(resultat: dict, attendu: dict) -> dict:
    return {cle: resultat.get(cle, "<absent>") for cle in attendu}


@pytest.mark.parametrize(("nom", "commande", "cas", "attendu"), CAS_PUBLICS, ids=IDENTIFIANTS)
def test_api(nom, commande, cas, attendu):
    resultat = API[commande](cas)
    assert sous_ensemble(resultat, attendu) == attendu


@pytest.mark.parametrize(("nom", "commande", "cas", "attendu"), CAS_PUBLICS, ids=IDENTIFIANTS)
def test_cli(nom, commande, cas, attendu, tmp_path):
    fichier = tmp_path / "cas.json"
    fichier.write_text(json.dumps(cas), encoding="utf-8")
    execution = lancer_cli(commande, str(fichier))
    assert execution.returncode == 0, execution.stderr
    assert execution.stderr == ""
    assert sous_ensemble(json.loads(execution.stdout), attendu) == attendu


def test_cli_entree_standard():
    nom, commande, cas, attendu = CAS_PUBLICS[0]
    execution = lancer_cli(commande, "-", entree=json.dumps(cas))
    assert execution.returncode == 0, execution.stderr
    assert sous_ensemble(json.loads(execution.stdout), attendu) == attendu


def test_ineligibles_donnent_un_motif():
    """Every non-eligible public case names at least one reason, and the eligible ones none."""
    for nom, commande, cas, attendu in CAS_PUBLICS:
        if commande != "ij":
            continue
        resultat = calculer_ij(cas)
        assert (resultat["motifs_ineligibilite"] == []) == resultat["eligible"], nom


def test_montants_a_deux_decimales():
    resultat = calculer_ij(CAS_PUBLICS[0][2])
    for champ in ("revenu_annuel_moyen", "seuil_revenu", "seuil_chiffre_affaires", "montant_journalier",
                  "montant_total"):
        entier, _, decimales = resultat[champ].partition(".")
        assert entier.isdigit() and len(decimales) == 2, (champ, resultat[champ])

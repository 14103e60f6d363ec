"""`secu-independants` command line: bad input (exit 2, one stderr line naming the field, empty stdout),
`--batch`, and `--explain`."""

from __future__ import annotations

import json

import pytest

from .cas_publics import CAS_PUBLICS
from .outils import lancer_cli

CAS_P1 = CAS_PUBLICS[0][2]


def variante(**changements: object) -> dict:
    cas = json.loads(json.dumps(CAS_P1))
    for cle, valeur in changements.items():
        if valeur is ...:
            del cas[cle]
        else:
            cas[cle] = valeur
    return cas


MAUVAISES_ENTREES = [
    # (kind, command, JSON text, field that the stderr line must name)
    ("champ inconnu", "ij", json.dumps(variante(hospitalise=True)), "hospitalise"),
    ("champ obligatoire absent", "ij", json.dumps(variante(date_arret=...)), "date_arret"),
    ("mauvais type", "ij", json.dumps(variante(ald="non")), "ald"),
    ("date impossible", "ij", json.dumps(variante(date_arret="2021-02-30")), "date_arret"),
    ("date mal formée", "rattachement",
     json.dumps({"date_debut_activite": "31/12/2018", "date_demande": "2020-01-27"}), "date_debut_activite"),
    ("montant à trois décimales", "ij",
     json.dumps(variante(chiffres_affaires=[{"annee": 2019, "montant": "1.234"}])), "chiffres_affaires[0].montant"),
    ("montant nombre non entier", "ij",
     '{"categorie": "AchatRevente", "date_debut_activite": "2012-05-01", "date_arret": "2020-10-05", '
     '"duree_arret": 20, "chiffres_affaires": [{"annee": 2019, "montant": 35040}, {"annee": 2018, "montant": 8092.8}]}',
     "chiffres_affaires[1].montant"),
    ("durée négative", "ij", json.dumps(variante(jours_deja_indemnises=-1)), "jours_deja_indemnises"),
    ("constructeur inconnu", "ij", json.dumps(variante(categorie="Artisan")), "categorie"),
    ("constructeur inconnu", "rattachement",
     json.dumps({"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "residence": "Corse"}),
     "residence"),
    ("salaires absents pour un salarié", "ij", json.dumps(variante(salarie=True)), "salaires_trois_derniers_mois"),
    ("JSON invalide", "ij", '{"categorie": "AchatRevente",', "(json)"),
    ("pas un objet", "ij", "[1, 2]", "(cas)"),
]


@pytest.mark.parametrize(("genre", "commande", "texte", "champ"), MAUVAISES_ENTREES,
                         ids=[f"{c}-{g}" for g, c, _, _ in MAUVAISES_ENTREES])
def test_mauvaise_entree(genre, commande, texte, champ, tmp_path):
    fichier = tmp_path / "cas.json"
    fichier.write_text(texte, encoding="utf-8")
    execution = lancer_cli(commande, str(fichier))
    assert execution.returncode == 2
    assert execution.stdout == ""
    lignes = execution.stderr.splitlines()
    assert len(lignes) == 1, execution.stderr
    assert champ in lignes[0] and "attendu" in lignes[0]
    assert "Traceback" not in execution.stderr


def test_fichier_absent():
    execution = lancer_cli("ij", "/nonexistent/cas.json")
    assert execution.returncode == 2 and execution.stdout == ""
    assert len(execution.stderr.splitlines()) == 1 and "/nonexistent/cas.json" in execution.stderr


def test_usage():
    execution = lancer_cli("calcul", "-")
    assert execution.returncode == 2 and execution.stdout == ""
    assert len(execution.stderr.splitlines()) == 1 and "Traceback" not in execution.stderr


def test_batch(tmp_path):
    """One result per non-blank line, in order; a bad line gives an error line with its number and exit 2."""
    p1, p2, p4 = CAS_PUBLICS[0], CAS_PUBLICS[1], CAS_PUBLICS[4]
    lignes = [json.dumps(p1[2]), "", json.dumps(p2[2]), json.dumps(variante(duree_arret=-2)), json.dumps(p4[2])]
    fichier = tmp_path / "cas.jsonl"
    fichier.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    execution = lancer_cli("ij", "--batch", str(fichier))
    assert execution.returncode == 2
    sorties = [json.loads(ligne) for ligne in execution.stdout.splitlines()]
    assert len(sorties) == 4  # the blank line 2 gives nothing
    # P1: 13.05 × 17 = 221.85; P2: 5.54 × 7 = 38.78; P4: 56.35 × 27 = 1 521.45 (see cas_publics.py)
    assert [sorties[0]["montant_total"], sorties[1]["montant_total"], sorties[3]["montant_total"]] == [
        "221.85", "38.78", "1521.45"
    ]
    assert sorties[2]["ligne"] == 4 and sorties[2]["erreur"]["champ"] == "duree_arret"
    assert execution.stderr.splitlines() == [line for line in execution.stderr.splitlines() if "ligne 4" in line]
    assert len(execution.stderr.splitlines()) == 1


def test_batch_sans_erreur_entree_standard():
    lignes = "\n".join(json.dumps(cas) for _, commande, cas, _ in CAS_PUBLICS if commande == "rattachement")
    execution = lancer_cli("rattachement", "--batch", "-", entree=lignes)
    assert execution.returncode == 0, execution.stderr
    sorties = [json.loads(ligne) for ligne in execution.stdout.splitlines()]
    # P13: claim before the letter → former OC; P13b: after → CPAM; P14: CPAM since creation
    assert [s["organisme_destinataire"] for s in sorties] == [
        "AncienOrganismeConventionne", "CPAMResidence", "CPAMResidence"
    ]

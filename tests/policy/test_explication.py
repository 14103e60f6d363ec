"""`--explain` / `expliquer=True`: the trail of montant_journalier cites article D622-7 and the PASS of the
year of the arrêt (P1: arrêt 2020-10-05 → PASS 2020 = 41 136 €, README §2.1)."""

from __future__ import annotations

import json
from pathlib import Path

from secu_independants import calculer_ij, determiner_rattachement

from .cas_publics import CAS_PUBLICS
from .outils import lancer_cli

CAS_P1 = CAS_PUBLICS[0][2]
ROOT = Path(__file__).resolve().parents[2]


def verifier_trail_montant_journalier(resultat: dict) -> None:
    explication = resultat["explication"]
    sortie = explication["sorties"]["montant_journalier"]
    assert sortie["valeur"] == "13.05"  # 9 526.50 / 730, as without --explain
    assert sortie["definitions"] and all(d["fichier"].startswith("policy/") for d in sortie["definitions"])
    d622_7 = [a for a in sortie["articles"] if a["article"] == "D622-7"]
    assert d622_7 and d622_7[0]["legifrance"].startswith("https://www.legifrance.gouv.fr/"), sortie["articles"]
    parametres = sortie["parametres"]
    pass_2020 = [p for p in parametres if "PlafondAnnuelSecuriteSociale" in p["portee"]
                 and p["entrees"].get("annee") == 2020]
    assert pass_2020, parametres
    assert pass_2020[0]["valeur"] == {"montant": "41136.00"}
    assert pass_2020[0]["date_effet"] == "2020-01-01"
    assert "2020" in pass_2020[0]["source"]


def test_api_expliquer():
    resultat = calculer_ij(CAS_P1, expliquer=True)
    sans = calculer_ij(CAS_P1)
    assert {k: v for k, v in resultat.items() if k not in ("explication", "raisonnement")} == sans
    verifier_trail_montant_journalier(resultat)


def test_cli_explain(tmp_path):
    fichier = tmp_path / "p1.json"
    fichier.write_text(json.dumps(CAS_P1), encoding="utf-8")
    execution = lancer_cli("ij", str(fichier), "--explain")
    assert execution.returncode == 0, execution.stderr
    verifier_trail_montant_journalier(json.loads(execution.stdout))


def test_rattachement_explique():
    nom, commande, cas, attendu = CAS_PUBLICS[-4]  # P13: claim before the letter → former OC
    resultat = determiner_rattachement(cas, expliquer=True)
    sortie = resultat["explication"]["sorties"]["organisme_destinataire"]
    assert sortie["valeur"] == "AncienOrganismeConventionne"
    assert sortie["definitions"][0]["fichier"] == "policy/rattachement_cpam.catala_fr"


def test_explain_cites_the_carence_rule_of_the_arret_date():
    """Three rules give 3 days of carence with the same consequence (before 2018 with hospitalisation,
    2018-2021 for more than 7 days, from 2021-07-01 for every arrêt); the compiler merges them (identical
    consequences), but --explain must still cite the one whose condition held: for P11 (arrêt of 2022-03-07)
    the rule "Arrêts débutant à compter du 1er juillet 2021"."""
    cas = json.loads((ROOT / "examples" / "p11_cipav_2022.json").read_text(encoding="utf-8"))
    etape = calculer_ij(cas, expliquer=True)["explication"]["etapes"]["carence.jours_carence"]
    assert etape["valeur"] == 3
    assert [d["article"] for d in etape["definitions"]] == ["Arrêts débutant à compter du 1er juillet 2021"]

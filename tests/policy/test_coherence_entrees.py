"""Inconsistent `ij` / `rattachement` inputs (issue 9): refused with exit 2, one French line on stderr naming
the field, nothing on stdout (nothing computed); and the new optional inputs / outputs of the interface."""

from __future__ import annotations

import json

import pytest

from secu_independants.api import calculer_ij, determiner_rattachement
from secu_independants.entrees import EntreeInvalide, lire_cas_ij, lire_json

from .cas_publics import CAS_PUBLICS
from .outils import lancer_cli

def cas_public(prefixe: str) -> dict:
    """The input of the public case whose name starts with `prefixe` ("P12 ")."""
    (cas,) = [c for nom, _, c, *_ in CAS_PUBLICS if nom.startswith(prefixe)]
    return cas


CAS_P1 = cas_public("P1 ")  # achat-revente created 2012-05-01, turnover 2017–2019, arrêt 2020-10-05
CAS_P12 = cas_public("P12 ")  # salaried, 3 × 2 190 €, arrêt 2020-10-12


def variante(**changements: object) -> dict:
    cas = json.loads(json.dumps(CAS_P1))
    cas.update(changements)
    return cas


def ca(*annees: int) -> list[dict]:
    return [{"annee": a, "montant": "30000"} for a in annees]


INCOHERENTES = [
    # (what, JSON text, field the stderr line must name)
    ("début d'activité après l'arrêt", json.dumps(variante(date_debut_activite="2020-10-06")), "date_debut_activite"),
    ("chiffre d'affaires avant le début d'activité", json.dumps(variante(chiffres_affaires=ca(2011, 2018, 2019))),
     "chiffres_affaires[0].annee"),
    ("chiffre d'affaires après l'année de l'arrêt", json.dumps(variante(chiffres_affaires=ca(2018, 2019, 2021))),
     "chiffres_affaires[2].annee"),
    ("salaires sans salarie", json.dumps(variante(salaires_trois_derniers_mois=["2000", "2000", "2000"])),
     "salaires_trois_derniers_mois"),
    ("heures salariées sans salarie", json.dumps(variante(heures_salariees_trois_derniers_mois=150)),
     "heures_salariees_trois_derniers_mois"),
    ("option SSI d'un artisan", json.dumps(variante(option_ssi=True)), "option_ssi"),
    ("option SSI d'un libéral créé en 2018",
     json.dumps(variante(categorie="LiberalCIPAV", date_debut_activite="2018-01-01", chiffres_affaires=ca(2018, 2019),
                         option_ssi=True)), "option_ssi"),
    ("clé en double (la dernière gagnait)", json.dumps(CAS_P1)[:-1] + ', "duree_arret": 5}', "duree_arret"),
    ("clé en double dans un chiffre d'affaires",
     json.dumps(CAS_P1).replace('"annee": 2017', '"annee": 2017, "annee": 2016'),
     "chiffres_affaires[0].annee"),  # P1's first turnover is 2017
    ("heures négatives", json.dumps(dict(CAS_P12, heures_salariees_trois_derniers_mois=-1)),
     "heures_salariees_trois_derniers_mois"),
    ("retraite non booléen", json.dumps(variante(retraite="oui")), "retraite"),
]


@pytest.mark.parametrize(("genre", "texte", "champ"), INCOHERENTES, ids=[g for g, _, _ in INCOHERENTES])
def test_entree_incoherente_refusee(genre, texte, champ, tmp_path):
    fichier = tmp_path / "cas.json"
    fichier.write_text(texte, encoding="utf-8")
    execution = lancer_cli("ij", str(fichier))
    assert execution.returncode == 2, execution.stdout
    assert execution.stdout == ""
    lignes = execution.stderr.splitlines()
    assert len(lignes) == 1, execution.stderr
    assert lignes[0].startswith(f"secu-independants: {champ} : attendu "), lignes[0]
    assert "Traceback" not in execution.stderr


def test_cle_en_double_dans_rattachement():
    texte = '{"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "date_demande": "2020-02-12"}'
    execution = lancer_cli("rattachement", "-", entree=texte)
    assert execution.returncode == 2 and execution.stdout == ""
    assert "date_demande" in execution.stderr and "double" in execution.stderr


@pytest.mark.parametrize("annee", [2012, 2020])
def test_annees_limites_acceptees(annee):
    """The year the activity started and the year of the arrêt itself (turnover declared up to the arrêt) are
    valid entries; the day of the arrêt is a valid start of activity."""
    lire_cas_ij(variante(chiffres_affaires=ca(annee, 2018, 2019)))
    lire_cas_ij(variante(date_debut_activite="2020-10-05", chiffres_affaires=ca(2020)))


def test_cle_en_double_nommee_sans_chemin_json():
    with pytest.raises(EntreeInvalide) as erreur:
        lire_json('{"a": 1, "b": 2, "a": 3}')
    assert erreur.value.champ == "a"


def test_sorties_nouvelles_en_francais():
    """P12 (salaried, no hours given): the three documents, the cerfa 11135*04 among them, and the R313-3
    condition listed; P1: only the avis d'arrêt volets 1 et 2, nothing unverifiable."""
    p12 = calculer_ij(CAS_P12)
    assert len(p12["pieces_a_fournir"]) == 3
    assert any("cerfa 11135*04" in piece and "employeur" in piece for piece in p12["pieces_a_fournir"])
    assert any("48 heures" in piece and "CPAM" in piece for piece in p12["pieces_a_fournir"])
    assert len(p12["conditions_non_verifiees"]) == 1 and "R313-3" in p12["conditions_non_verifiees"][0]
    avec_heures = calculer_ij(dict(CAS_P12, heures_salariees_trois_derniers_mois=151))
    assert avec_heures["conditions_non_verifiees"] == []
    p1 = calculer_ij(CAS_P1)
    assert len(p1["pieces_a_fournir"]) == 1 and "volets 1 et 2" in p1["pieces_a_fournir"][0]
    assert p1["conditions_non_verifiees"] == []


def test_entrees_nouvelles_par_defaut_sans_effet():
    """Giving the new optional inputs at their default values changes nothing (P1: 13,05 × 17 = 221,85)."""
    explicite = variante(retraite=False, temps_partiel_therapeutique=False, soins_longue_duree=False,
                         option_ssi=False, heures_salariees_trois_derniers_mois=None)
    assert calculer_ij(explicite) == calculer_ij(CAS_P1)
    assert calculer_ij(CAS_P1)["montant_total"] == "221.85"


def test_temps_partiel_therapeutique_par_le_json():
    """P1 in temps partiel thérapeutique, 120 days from 2020-10-05: no carence, 90 days at 13,05 / 2 = 6,525 →
    6,53 €: 587,70 € (D622-10)."""
    resultat = calculer_ij(variante(temps_partiel_therapeutique=True, duree_arret=120))
    assert (resultat["montant_journalier"], resultat["jours_carence"], resultat["jours_indemnises"],
            resultat["montant_total"]) == ("6.53", 0, 90, "587.70")


def test_organisme_avis_arret():
    """P13: an avis d'arrêt sent 2020-01-27, before the letter of 2020-02-10, goes to the former organisme
    conventionné; sent 2020-02-12, to the CPAM of residence."""
    cas = {"date_debut_activite": "2018-12-31", "date_reception_courrier": "2020-02-10"}
    avant = determiner_rattachement(dict(cas, date_demande="2020-01-27"))
    apres = determiner_rattachement(dict(cas, date_demande="2020-02-12"))
    assert avant["organisme_avis_arret"] == "AncienOrganismeConventionne"
    assert apres["organisme_avis_arret"] == "CPAMResidence"


def test_cle_en_double_dans_un_lot(tmp_path):
    """--batch: the fast reader would let the last value win; the duplicate is refused for its line only."""
    doublon = json.dumps(CAS_P1)[:-1] + ', "duree_arret": 5}'
    fichier = tmp_path / "cas.jsonl"
    fichier.write_text(json.dumps(CAS_P1) + "\n" + doublon + "\n", encoding="utf-8")
    execution = lancer_cli("ij", "--batch", str(fichier))
    lignes = [json.loads(ligne) for ligne in execution.stdout.splitlines()]
    assert execution.returncode == 2
    assert lignes[0]["montant_total"] == "221.85"
    assert lignes[1]["ligne"] == 2 and lignes[1]["erreur"]["champ"] == "duree_arret"


EXEMPLES_SITUATIONS = [
    # examples/ file, (montant_journalier, jours_indemnises, montant_total) worked by hand
    # SMIC 2026-01-31 1 823,03 × 1,4 = 2 552,242 per pay; × 3 / 91,25 / 2 = 41,9546… → 41,95; carence 3 → 7 days
    ("s1_salarie_plafond_2026", ("41.95", 7, "293.65")),
    # P1 (IJ 13,05) in temps partiel thérapeutique: 6,525 → 6,53; no carence; 90 days of 120 (D622-10)
    ("s2_temps_partiel_therapeutique_2020", ("6.53", 90, "587.70")),
    # 30 000 × 0,29 = 8 700 → 11,92; retiree from 2022-01-01: 87 days after carence, at most 60
    ("s3_retraite_2022", ("11.92", 60, "715.20")),
]


@pytest.mark.parametrize(("nom", "attendu"), EXEMPLES_SITUATIONS, ids=[n for n, _ in EXEMPLES_SITUATIONS])
def test_exemples_des_situations(nom, attendu):
    from .outils import RACINE

    cas = json.loads((RACINE / "examples" / f"{nom}.json").read_text(encoding="utf-8"))
    resultat = calculer_ij(cas)
    assert (resultat["montant_journalier"], resultat["jours_indemnises"], resultat["montant_total"]) == attendu

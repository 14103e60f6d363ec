"""The hand-written IJ of bench/reference_ij.py reproduces the public cases (so the benchmark compares the
generated law with a correct implementation)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from secu_independants.entrees import lire_cas_ij

from .cas_publics import CAS_PUBLICS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from reference_ij import en_json, indemnites_journalieres_reference  # noqa: E402

CAS_IJ = [c for c in CAS_PUBLICS if c[1] == "ij"]


@pytest.mark.parametrize(("nom", "commande", "cas", "attendu"), CAS_IJ, ids=[c[0].split()[0] for c in CAS_IJ])
def test_reference_sur_cas_publics(nom, commande, cas, attendu):
    resultat = en_json(indemnites_journalieres_reference(lire_cas_ij(cas)))
    assert {cle: resultat[cle] for cle in attendu} == attendu


# Cases of the law of 2026-11-30 (issue 9: young businesses, 2020 income, salaried cap per pay, temps partiel
# thérapeutique, the minimum before 2015, retirees, exact revenue), each worked out by hand beside its figures.
CAS_LOI_EN_VIGUEUR = [
    (
        "revenu exact sans arrondi annuel",
        {"categorie": "AchatRevente", "date_debut_activite": "2009-06-12", "date_arret": "2024-08-22",
         "duree_arret": 34, "chiffres_affaires": [{"annee": 2021, "montant": "13185.31"},
                                                  {"annee": 2022, "montant": "13950.78"},
                                                  {"annee": 2023, "montant": "8534.88"}]},
        # (13 185.31 + 13 950.78 + 8 534.88) × 0.29 / 3 = 35 670.97 × 0.29 / 3 = 10 344.5813 / 3 = 3 448.1938
        # (rounding each year first would give 3 823.74 + 4 045.73 + 2 475.12 = 10 344.59 → 3 448.20)
        {"revenu_annuel_moyen": "3448.19"},
    ),
    (
        "premières années D622-7 II (issue 9)",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2020-12-31", "date_arret": "2021-12-31",
         "duree_arret": 10, "chiffres_affaires": [{"annee": 2021, "montant": "20000"}]},
        {
            "revenu_annuel_moyen": "10000.00",  # 20 000 × 0.50 × 365 / 365 days of activity (2020-12-31 → 2021-12-31)
            "seuil_revenu": "4113.60",  # 10 % × (PASS 2020 41 136 + 2021 41 136) / 2
            "eligible": True,  # affiliated one year to the day
            "montant_journalier": "13.70",  # 10 000 / 730 = 13.6986
            "jours_carence": 3, "jours_indemnises": 7, "montant_total": "95.90",  # 13.70 × (10 − 3)
        },
    ),
    (
        "neutralisation des revenus de 2020 (issue 9)",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2010-01-01", "date_arret": "2021-09-01",
         "duree_arret": 10, "chiffres_affaires": [{"annee": 2018, "montant": "20000"},
                                                  {"annee": 2019, "montant": "20000"},
                                                  {"annee": 2020, "montant": "0"}]},
        {
            # with 2020: (10 000 + 10 000 + 0) / 3 = 6 666.67 → 9.13 €/day; without: 10 000 → 13.70: 2020 set aside
            "revenu_annuel_moyen": "10000.00",
            "seuil_revenu": "4012.80",  # 10 % × (39 732 + 40 524) / 2
            "montant_journalier": "13.70",  # 10 000 / 730 = 13.6986
        },
    ),
    (
        "salarié au plafond 1,8 SMIC, arrêt du 2025-03-31",
        {"categorie": "AchatRevente", "date_debut_activite": "2019-01-01", "date_arret": "2025-03-31",
         "duree_arret": 10, "chiffres_affaires": [], "salarie": True,
         "salaires_trois_derniers_mois": ["4000", "4000", "4000"], "heures_salariees_trois_derniers_mois": 455},
        # each pay capped at 1.8 × 1 801.80 = 3 243.24; 3 × 3 243.24 / 91.25 / 2 = 53.3135 (official maximum 53,31)
        {"regime": "RegimeGeneral", "montant_journalier": "53.31", "conditions_non_verifiees": []},
    ),
    (
        "salarié au plafond 1,4 SMIC de 2026",
        {"categorie": "AchatRevente", "date_debut_activite": "2019-01-01", "date_arret": "2026-02-02",
         "duree_arret": 10, "chiffres_affaires": [], "salarie": True,
         "salaires_trois_derniers_mois": ["4000", "1000", "4000"], "heures_salariees_trois_derniers_mois": 455},
        # SMIC of 2026-01-31: 1 823.03; cap per pay 1.4 × 1 823.03 = 2 552.242;
        # (2 552.242 + 1 000 + 2 552.242) / 91.25 / 2 = 6 104.484 / 182.5 = 33.4492
        {"montant_journalier": "33.45", "jours_carence": 3, "montant_total": "234.15"},  # 33.45 × 7
    ),
    (
        "temps partiel thérapeutique : moitié de l'IJ exacte",
        {"categorie": "AchatRevente", "date_debut_activite": "2012-05-01", "date_arret": "2020-10-05",
         "duree_arret": 20, "temps_partiel_therapeutique": True,
         "chiffres_affaires": [{"annee": 2017, "montant": "30660"}, {"annee": 2018, "montant": "32850"},
                               {"annee": 2019, "montant": "35040"}]},
        {
            "montant_journalier": "6.53",  # 9 526.50 / 730 / 2 = 6.525 → 6.53
            "jours_carence": 0, "jours_indemnises": 20,  # no new carence; within 90 days
            "montant_total": "130.60",  # 6.53 × 20
        },
    ),
    (
        "avant le 4 février 2015 : minimum de 40 % du plafond",
        {"categorie": "AchatRevente", "date_debut_activite": "2010-01-01", "date_arret": "2015-02-02",
         "duree_arret": 30, "hospitalisation": True, "chiffres_affaires": []},
        {
            "seuil_revenu": "0.00", "eligible": True,  # no 10 % threshold before décret 2015-101
            "montant_journalier": "20.84",  # 40 % × 38 040 / 730 = 15 216 / 730 = 20.8438
            "jours_carence": 3, "jours_indemnises": 27,  # hospitalisation: IJ from the 4th day
        },
    ),
    (
        "retraité indépendant depuis 2022 : 60 jours",
        {"categorie": "AchatRevente", "date_debut_activite": "2012-05-01", "date_arret": "2022-03-01",
         "duree_arret": 100, "retraite": True,
         "chiffres_affaires": [{"annee": 2019, "montant": "30000"}, {"annee": 2020, "montant": "30000"},
                               {"annee": 2021, "montant": "30000"}]},
        # 30 000 × 0.29 = 8 700 each year (2020 kept or not: same IJ); 8 700 / 730 = 11.9178
        {"eligible": True, "montant_journalier": "11.92", "jours_indemnises": 60, "montant_total": "715.20"},
    ),
]


@pytest.mark.parametrize(("nom", "cas", "attendu"), CAS_LOI_EN_VIGUEUR, ids=[c[0] for c in CAS_LOI_EN_VIGUEUR])
def test_reference_sur_la_loi_en_vigueur(nom, cas, attendu):
    resultat = en_json(indemnites_journalieres_reference(lire_cas_ij(cas)))
    assert {cle: resultat[cle] for cle in attendu} == attendu

"""Extra hand-worked cases at the boundaries the mutation run (tests/mutants.py) showed untested, through the
Python API; and every `#[test]` scope of policy/tests/*.catala_fr run by `catalapy interpret`, so that
`make test` runs the literate test files too.

Each expected figure is worked out by hand in the comment beside it (same conventions as cas_publics.py:
revenue = CA × (1 − abattement), RAAM = mean revenue of the retained years, IJ/day = min(RAAM, cap)/730
rounded half-up to the cent, total = IJ/day × paid days; régime général: gain journalier = capped 3 salaries
/ 91.25 rounded to the cent, IJ = half of it rounded to the cent).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from secu_independants import calculer_ij

from .outils import RACINE

FICHIERS_CATALA = sorted((RACINE / "policy" / "tests").glob("*.catala_fr"))


@pytest.mark.parametrize("fichier", FICHIERS_CATALA, ids=[f.name for f in FICHIERS_CATALA])
def test_scopes_de_test_catala(fichier):
    """Every #[test] scope of the file runs and all its assertions hold (one RESULT block per test scope)."""
    proc = subprocess.run([sys.executable, "-m", "catalapy", "interpret", str(fichier.relative_to(RACINE)),
                           "-I", "policy"], cwd=RACINE, capture_output=True, text=True, timeout=300)
    sortie = proc.stdout + proc.stderr
    assert proc.returncode == 0, sortie[-3000:]
    assert "[ERROR]" not in sortie, sortie[-3000:]
    nombre_tests = len(re.findall(r"^#\[test\]", fichier.read_text(encoding="utf-8"), re.M))
    assert nombre_tests > 0
    assert sortie.count("[RESULT]") == nombre_tests


def ca(*annees: tuple[int, str, str]) -> list[dict]:
    return [{"annee": a, "montant": m, "ratio_cotisations_payees": r} for a, m, r in annees]


CAS = [
    (
        "coefficient cotisations le 1er janvier 2020",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2010-01-01", "date_arret": "2020-01-01",
         "duree_arret": 20,
         "chiffres_affaires": ca((2017, "20000", "1"), (2018, "20000", "0.5"), (2019, "20000", "0.5"))},
        {
            # 20 000 × 0.5 × 1 = 10 000; 20 000 × 0.5 × 0.5 = 5 000 twice; RAAM = 20 000 / 3 = 6 666.666…
            "revenu_annuel_moyen": "6666.67",
            "montant_journalier": "9.13",  # 6 666.666… / 730 = 9.1324
            "jours_indemnises": 17, "montant_total": "155.21",  # 20 − 3; 9.13 × 17
        },
    ),
    (
        "coefficient cotisations le 31 décembre 2019 (pas encore applicable)",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2010-01-01", "date_arret": "2019-12-31",
         "duree_arret": 20,
         "chiffres_affaires": ca((2016, "20000", "1"), (2017, "20000", "1"), (2018, "20000", "0.5"))},
        {
            "revenu_annuel_moyen": "10000.00",  # 20 000 × 0.5 each year, the ratio is ignored before 2020
            "montant_journalier": "13.70",  # 10 000 / 730 = 13.6986
            "montant_total": "232.90",  # 13.70 × 17
        },
    ),
    (
        "professions libérales, plafond de 3 PASS 2022",
        {"categorie": "LiberalCIPAV", "date_debut_activite": "2016-01-01", "date_arret": "2022-03-07",
         "duree_arret": 20,
         "chiffres_affaires": ca((2019, "300000", "1"), (2020, "300000", "1"), (2021, "300000", "1"))},
        {
            "regime": "ProfessionsLiberales",
            "revenu_annuel_moyen": "198000.00",  # 300 000 × 0.66
            "montant_journalier": "169.05",  # 3 × 41 136 = 123 408 < 198 000; 123 408 / 730 = 169.0520
            "montant_total": "2873.85",  # 169.05 × 17
        },
    ),
    (
        "salarié le 31 mars 2025 : 1,8 SMIC",
        {"categorie": "AchatRevente", "date_debut_activite": "2013-01-01", "date_arret": "2025-03-31",
         "duree_arret": 10, "chiffres_affaires": [], "salarie": True,
         "salaires_trois_derniers_mois": ["4000", "4000", "4000"]},
        {
            # SMIC on 2025-02-28: 1 801.80; cap per pay 1 801.80 × 1.8 = 3 243.24 < 4 000, × 3 = 9 729.72;
            # 9 729.72 / 91.25 = 106.62706…; half = 53.31353… → 53.31, no intermediate rounding: the official
            # maximum before 2025-04-01 (décret 2025-160, as published by aga-france.fr / anpere.fr)
            "montant_journalier": "53.31",
            "montant_total": "373.17",  # 53.31 × 7 (carence 3)
        },
    ),
    (
        "salarié le 1er avril 2025 : 1,4 SMIC",
        {"categorie": "AchatRevente", "date_debut_activite": "2013-01-01", "date_arret": "2025-04-01",
         "duree_arret": 10, "chiffres_affaires": [], "salarie": True,
         "salaires_trois_derniers_mois": ["4000", "4000", "4000"]},
        {
            # cap 1 801.80 × 1.4 × 3 = 7 567.56; / 91.25 = 82.9321 → 82.93; half = 41.465 → 41.47
            "montant_journalier": "41.47",
            "montant_total": "290.29",  # 41.47 × 7
        },
    ),
    (
        "salarié le 1er février 2026 : 1,4 SMIC de 2026",
        {"categorie": "AchatRevente", "date_debut_activite": "2013-01-01", "date_arret": "2026-02-01",
         "duree_arret": 10, "chiffres_affaires": [], "salarie": True,
         "salaires_trois_derniers_mois": ["10000", "10000", "10000"]},
        {
            # SMIC on 2026-01-31: 1 823.03 (décret 2025-1228); cap per pay 1 823.03 × 1.4 = 2 552.242, × 3 =
            # 7 656.726; / 91.25 = 83.90932…; half = 41.95466… → 41.95, the official 2026 maximum
            # (service-public.fr, "Indemnités journalières de Sécurité sociale : les montants en 2026")
            "montant_journalier": "41.95",
            "montant_total": "293.65",  # 41.95 × 7
        },
    ),
    (
        "arrêt d'un jour après le 1er juillet 2021",
        {"categorie": "AchatRevente", "date_debut_activite": "2010-01-01", "date_arret": "2021-09-06",
         "duree_arret": 1,
         "chiffres_affaires": ca((2018, "30000", "1"), (2019, "30000", "1"), (2020, "30000", "1"))},
        {
            "eligible": True, "montant_journalier": "11.92",  # 8 700 / 730 = 11.9178
            "jours_carence": 3, "jours_indemnises": 0, "montant_total": "0.00",  # 1 day ≤ 3 days of carence
        },
    ),
    (
        "ALD : période de trois ans avec un 29 février (1 096 jours)",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2011-01-01", "date_arret": "2021-03-01",
         "duree_arret": 200, "ald": True, "premier_arret_du_motif": False, "jours_deja_indemnises": 1000,
         "chiffres_affaires": ca((2018, "40150", "1"), (2019, "40150", "1"), (2020, "40150", "1"))},
        {
            "montant_journalier": "27.50",  # 40 150 × 0.5 = 20 075; / 730 = 27.50
            "jours_carence": 0,  # same ALD, not the first arrêt
            "jours_indemnises": 96,  # 2021-03-01 → 2024-03-01 = 365 + 365 + 366 = 1 096; 1 096 − 1 000
            "montant_total": "2640.00",  # 27.50 × 96
        },
    ),
]


@pytest.mark.parametrize(("nom", "cas", "attendu"), CAS, ids=[c[0] for c in CAS])
def test_cas_supplementaires(nom, cas, attendu):
    resultat = calculer_ij(cas)
    assert {cle: resultat.get(cle, "<absent>") for cle in attendu} == attendu

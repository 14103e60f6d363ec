"""The tests' own model of the figures (bareme.py) reproduces the published values of README §2.2–§2.3.

These do not test the product; they make sure the oracle the properties compare with is itself right.
"""
from fractions import Fraction

import pytest

from bareme import arrondi_cent, plafond_cents, seuil_revenu_cents

# README §2.3: arrêt year → (RAAM threshold €, floor €/day, cap €/day), as published or derived there.
TABLEAU_2_3 = {
    2016: ("3754.00", "5.14", "52.90"), 2017: ("3806.80", "5.21", "53.74"), 2018: ("3862.80", "5.29", "54.43"),
    2019: ("3919.20", "5.37", "55.51"), 2020: ("3982.80", "5.46", "56.35"), 2021: ("4046.40", "5.54", "56.35"),
    2022: ("4093.20", "5.61", "56.35"), 2023: ("4113.60", "5.64", "60.26"), 2024: ("4208.80", "5.77", "63.52"),
    2025: ("4383.20", "6.00", "64.52"), 2026: ("4582.00", "6.28", "65.84"),
}


def _cents(texte: str) -> int:
    euros, dec = texte.split(".")
    return int(euros) * 100 + int(dec)


@pytest.mark.parametrize("annee", sorted(TABLEAU_2_3))
def test_le_bareme_des_tests_reproduit_le_tableau_publie(annee):
    seuil, plancher, plafond = TABLEAU_2_3[annee]
    assert seuil_revenu_cents(annee) == _cents(seuil)
    assert arrondi_cent(seuil_revenu_cents(annee) / 730) == _cents(plancher)
    assert arrondi_cent(Fraction(plafond_cents(annee), 730)) == _cents(plafond)


def test_arrondi_cent_monte_sur_la_moitie():
    assert arrondi_cent(Fraction(5, 2)) == 3  # 2.5 cents → 3 (half up, not Python's half-to-even 2)
    assert arrondi_cent(Fraction(249, 100)) == 2


# Published maxima of the salaried IJ (R323-4 cap hit): décret 2025-160 as reported by aga-france.fr / anpere.fr
# ("de 53,31 € à 41,47 €"); service-public.fr and moneyvox.fr for 2026 (41,47 € for an arrêt of January 2026,
# 41,95 € from February 2026). P12 of the README: 3 × 2 190 € → 36,00 €.
MAXIMA_PUBLIES = [
    ("2025-03-31", [1_000_000] * 3, 5331), ("2025-04-01", [1_000_000] * 3, 4147),
    ("2026-01-31", [1_000_000] * 3, 4147), ("2026-02-01", [1_000_000] * 3, 4195),
    ("2020-10-12", [219_000] * 3, 3600),
]


@pytest.mark.parametrize(("jour", "salaires", "ij"), MAXIMA_PUBLIES)
def test_le_modele_salarie_reproduit_les_maxima_publies(jour, salaires, ij):
    from datetime import date

    from bareme import ij_salarie_cents

    assert ij_salarie_cents(date.fromisoformat(jour), salaires) == ij

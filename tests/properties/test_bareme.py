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

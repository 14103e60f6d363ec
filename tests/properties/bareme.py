"""The tests' own, independent model of the law's figures, typed in from the domain notes of the project (rules, dated parameters, chosen readings).

Nothing here imports the code under test. The PASS table is README §2.1; the threshold formula is D622-8
(10 % of the mean PASS of the three calendar years before the arrêt, README §2.2); carence periods are
README §2.4; rounding is half-up to the cent once (README §0). `test_bareme.py` checks this model against the
published figures of README §2.3 so that an error here cannot go unnoticed.
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction

# README §2.1 — PASS (€) by calendar year.
PASS_EUROS = {
    2013: 37_032, 2014: 37_548, 2015: 38_040, 2016: 38_616, 2017: 39_228, 2018: 39_732, 2019: 40_524,
    2020: 41_136, 2021: 41_136, 2022: 41_136, 2023: 43_992, 2024: 46_368, 2025: 47_100, 2026: 48_060,
}

JOURS_PAR_AN_IJ = 730  # D622-7: IJ = 1/730 of the mean revenue
DEBUT_REGIME_PL = date(2021, 7, 1)  # décret 2021-755; R323-1 carence for all
DEBUT_CARENCE_3_7 = date(2018, 1, 1)  # décret 2017-612
FIN_CONDITION_COTISATIONS = date(2019, 5, 30)  # décret 2019-529 (condition applies to arrêts before)
COVID_DEBUT, COVID_FIN = date(2020, 3, 24), date(2020, 7, 10)  # no carence (README B18), both days included
LIMITE_PL_JOURS = 87  # D622-12 2°
LIMITE_NON_ALD_JOURS = 360  # R323-1 4°


def arrondi_cent(q: Fraction) -> int:
    """Nearest whole number (of cents) of q ≥ 0, halves going up (README §0)."""
    assert q >= 0
    return (2 * q.numerator + q.denominator) // (2 * q.denominator)


def plafond_cents(annee: int) -> int:
    """PASS in force in the year of the arrêt, in cents (D622-7: cap of the mean revenue)."""
    return PASS_EUROS[annee] * 100


def seuil_revenu_cents(annee_arret: int) -> Fraction:
    """D622-8: 10 % of the mean PASS of the three calendar years preceding the arrêt, in cents."""
    moyenne = Fraction(sum(PASS_EUROS[a] for a in range(annee_arret - 3, annee_arret)), 3)
    return moyenne * 100 / 10


def revenu_annuel_moyen_cents(revenus_cents: list[Fraction]) -> Fraction:
    """D622-7: mean of the revenues of the three calendar years (a year without turnover counts 0)."""
    assert len(revenus_cents) == 3
    return sum(revenus_cents, Fraction(0)) / 3


def montant_journalier_cents(raam: Fraction, plafond: int) -> int:
    """D622-7: min(RAAM, cap) / 730, rounded half-up to the cent once."""
    return arrondi_cent(min(raam, Fraction(plafond)) / JOURS_PAR_AN_IJ)


def jours_indemnises_ordinaires(date_arret: date, duree: int, hospitalisation: bool) -> int:
    """Paid days of a first arrêt for an ordinary illness of an SSI indépendant (README §2.4), when no
    duration limit binds (duree ≤ 360 and nothing paid before)."""
    if COVID_DEBUT <= date_arret <= COVID_FIN:
        return duree  # no carence at all
    if date_arret < DEBUT_CARENCE_3_7:
        carence = 3 if hospitalisation else 7  # IJ from the 8th day, 4th if hospitalised
        return max(0, duree - carence)
    if date_arret < DEBUT_REGIME_PL:
        if hospitalisation or duree > 7:
            return max(0, duree - 3)
        return 0  # arrêt "égale ou inférieure à sept jours": IJ from the 8th day, nothing paid
    return max(0, duree - 3)  # R323-1 1° via D622-11: IJ from the 4th day


def cents(texte: str) -> int:
    """Parses an output money string with exactly two decimals into cents."""
    signe = -1 if texte.startswith("-") else 1
    entier, _, dec = texte.lstrip("-").partition(".")
    assert len(dec) == 2 and entier.isdigit() and dec.isdigit(), texte
    return signe * (int(entier) * 100 + int(dec))

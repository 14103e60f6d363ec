"""The tests' own, independent model of the law's figures, typed in from the domain notes of the project (rules, dated parameters, chosen readings).

Nothing here imports the code under test. The PASS table is README §2.1; the threshold formula is D622-8
(10 % of the mean PASS of the three calendar years before the arrêt, README §2.2); carence periods are
README §2.4; rounding is half-up to the cent once (README §0). `test_bareme.py` checks this model against the
published figures of README §2.3 so that an error here cannot go unnoticed.
"""
from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

# README §2.1 — PASS (€) by calendar year.
PASS_EUROS = {
    2012: 36_372,  # arrêté du 29/11/2011; checked by the 2015 threshold 3 698 € (midi-courtage.fr, décret 2015-101)
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
DEBUT_SEUIL_10_POURCENT = date(2015, 2, 4)  # décret 2015-101 (JO 3/2/2015), arrêts from the next day
DEBUT_NEUTRALISATION_2020 = date(2021, 8, 8)  # décret 2021-1049 (JO 7/8/2021), reading of aga-ps/bizouard
FIN_NEUTRALISATION_2020 = date(2023, 12, 31)  # LFSS 2023 art. 27 / décret 2022-1659


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


# --- Salaried micro-entrepreneurs: régime général (R323-4, R323-5) ------------------------------------------
# SMIC mensuel brut (35 h) in cents, by date of revaluation: the décrets/arrêtés of each year (README §0 for
# 2026: 12,02 €/h, 1 823,03 €/month, décret 2025-1228; 2024-11-01: décret 2024-951, 11,88 €/h = 1 801,80).
SMIC_MENSUEL_CENTS = (
    (date(2013, 1, 1), 143_022), (date(2014, 1, 1), 144_538), (date(2015, 1, 1), 145_752),
    (date(2016, 1, 1), 146_662), (date(2017, 1, 1), 148_027), (date(2018, 1, 1), 149_847),
    (date(2019, 1, 1), 152_122), (date(2020, 1, 1), 153_942), (date(2021, 1, 1), 155_458),
    (date(2021, 10, 1), 158_947), (date(2022, 1, 1), 160_312), (date(2022, 5, 1), 164_558),
    (date(2022, 8, 1), 167_895), (date(2023, 1, 1), 170_928), (date(2023, 5, 1), 174_720),
    (date(2024, 1, 1), 176_692), (date(2024, 11, 1), 180_180), (date(2026, 1, 1), 182_303),
)
FIN_TABLE_SMIC = date(2027, 1, 1)  # no revaluation known after 2026
DEBUT_PLAFOND_1_4_SMIC = date(2025, 4, 1)  # décret 2025-160: 1,4 SMIC instead of 1,8
DIVISEUR_GAIN_JOURNALIER = Fraction(9125, 100)  # R323-4: 91,25
LIMITE_RETRAITE_JOURS = 60  # R323-2 (salaried, arrêts from 2021-04-14), LFSS 2022 (indépendants, from 2022-01-01)
DEBUT_IJ_RETRAITES_INDEPENDANTS = date(2022, 1, 1)
DEBUT_LIMITE_RETRAITES_SALARIES = date(2021, 4, 14)  # décret 2021-428 (JO 13/4/2021), in force the day after
LIMITE_TPT_JOURS, LIMITE_TPT_ALD_JOURS = 90, 270  # D622-10


def smic_mensuel_cents(jour: date) -> int | None:
    """SMIC in force on `jour`, None outside the table."""
    if jour >= FIN_TABLE_SMIC:
        return None
    en_vigueur = [montant for debut, montant in SMIC_MENSUEL_CENTS if debut <= jour]
    return en_vigueur[-1] if en_vigueur else None


def plafond_paie_cents(date_arret: date) -> Fraction | None:
    """R323-4: each pay is retained within 1,8 (1,4 from 2025-04-01) × the SMIC in force on the last day of the
    month before the arrêt; None when that SMIC is not in the table (no cap)."""
    smic = smic_mensuel_cents(date_arret.replace(day=1) - timedelta(days=1))
    if smic is None:
        return None
    facteur = Fraction(14, 10) if date_arret >= DEBUT_PLAFOND_1_4_SMIC else Fraction(18, 10)
    return smic * facteur


def ij_salarie_cents(date_arret: date, salaires_cents: list[int]) -> int:
    """R323-4/R323-5: half of Σ min(pay, cap) / 91,25, rounded half-up once (no intermediate rounding)."""
    plafond = plafond_paie_cents(date_arret)
    retenus = [Fraction(s) if plafond is None else min(Fraction(s), plafond) for s in salaires_cents]
    return arrondi_cent(sum(retenus, Fraction(0)) / DIVISEUR_GAIN_JOURNALIER / 2)


def _moyenne_pass_cents(annees: list[int]) -> Fraction:
    return Fraction(sum(PASS_EUROS[a] for a in annees) * 100, len(annees))


def raam_et_seuil_cents(debut: date, reference: date, revenus: dict[int, Fraction],
                        plafond: int) -> tuple[Fraction, Fraction]:
    """(mean revenue, 10 % threshold) in exact cents for an arrêt whose income years start from `reference`
    (the initial arrêt), activity started on `debut`, `revenus` = revenue after abattement by year.

    D622-7 II (arrêts from 2021-07-01, the arrêt in the first three calendar years of affiliation): revenue
    from the start up to the arrêt (every year from the start year to the arrêt year, the latter partial),
    times 365 / days of activity (reference − debut); threshold over the PASS of those calendar years.
    Otherwise D622-7 I: the 3 calendar years before, those of affiliation only; from 2021-08-08 to 2023-12-31
    the 2020 revenue is dropped unless the capped (or nil, under its own threshold) mean is strictly higher
    with it (décrets 2021-1049, 2021-1937, 2022-1659). No threshold before 2015-02-04 (décret 2015-101)."""
    annee = reference.year
    if reference >= DEBUT_REGIME_PL and annee - debut.year <= 2:
        annees = list(range(debut.year, annee + 1))
        jours = (reference - debut).days
        total = sum((revenus.get(a, Fraction(0)) for a in annees), Fraction(0))
        raam = total * 365 / jours if jours > 0 else Fraction(0)
        return raam, _moyenne_pass_cents(annees) / 10

    def moyenne_et_seuil(annees: list[int]) -> tuple[Fraction, Fraction]:
        if not annees:
            return Fraction(0), Fraction(0)
        moyenne = sum((revenus.get(a, Fraction(0)) for a in annees), Fraction(0)) / len(annees)
        return moyenne, _moyenne_pass_cents(annees) / 10

    def indemnisable(annees: list[int]) -> Fraction:
        moyenne, seuil = moyenne_et_seuil(annees)
        return Fraction(0) if moyenne < seuil else min(moyenne, Fraction(plafond))

    annees = [a for a in range(annee - 3, annee) if a >= debut.year]
    sans_2020 = [a for a in annees if a != 2020]
    if (DEBUT_NEUTRALISATION_2020 <= reference <= FIN_NEUTRALISATION_2020 and 0 < len(sans_2020) < len(annees)
            and indemnisable(annees) <= indemnisable(sans_2020)):
        annees = sans_2020
    moyenne, seuil = moyenne_et_seuil(annees)
    return moyenne, (seuil if reference >= DEBUT_SEUIL_10_POURCENT else Fraction(0))

"""The IJ maladie rules of the domain README (§1.B, §2, §3), written by hand in plain Python for the benchmark.

Deliberately independent of policy/ and generated/: same inputs (the checked case of
`secu_independants.entrees.lire_cas_ij`: dates, money in int cents, `Fraction` ratios, constructor names) and
the same outputs (money in int cents), so that `bench/run.py` can check both agree before timing them.
Rounding choices are the project's (README §0, §3.8): money × rate rounded to the cent (half away from zero)
per turnover entry, averages kept exact, the daily IJ rounded once to the cent.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

__all__ = ["indemnites_journalieres_reference", "en_json"]

# README §2.1: PASS by year, in cents
PASS = {
    2013: 3_703_200, 2014: 3_754_800, 2015: 3_804_000, 2016: 3_861_600, 2017: 3_922_800, 2018: 3_973_200,
    2019: 4_052_400, 2020: 4_113_600, 2021: 4_113_600, 2022: 4_113_600, 2023: 4_399_200, 2024: 4_636_800,
    2025: 4_710_000, 2026: 4_806_000,
}
# README §2.5 / B6: share of the turnover kept as revenue (1 − abattement)
PART_REVENU = {
    "AchatRevente": Fraction(29, 100), "PrestationServicesBIC": Fraction(50, 100),
    "LiberalSSI": Fraction(66, 100), "LiberalCIPAV": Fraction(66, 100),
}
DEBUT_REGIME_2018 = date(2018, 1, 1)  # décret 2017-612 (carence 3 / 7 days)
FIN_CONDITION_COTISATIONS = date(2019, 5, 30)  # décret 2019-529
DEBUT_COEFFICIENT_COTISATIONS = date(2020, 1, 1)  # D622-7 I al. 2–3
COVID = (date(2020, 3, 24), date(2020, 7, 10))  # B18: no carence
REFORME_2021 = date(2021, 7, 1)  # décret 2021-755 (PL / CIPAV; R323-1 carence)
PLAFOND_SMIC_2025 = date(2025, 4, 1)  # R323-4: 1.8 → 1.4 SMIC


def arrondi_au_centime(valeur: Fraction) -> int:
    """A rational number of cents → int cents, half away from zero."""
    entier, reste = divmod(abs(valeur.numerator), valeur.denominator)
    if 2 * reste >= valeur.denominator:
        entier += 1
    return entier if valeur >= 0 else -entier


def plus_annees(jour: date, annees: int) -> date:
    """Same day `annees` years later; 29 February → 28 February (rounding down)."""
    try:
        return jour.replace(year=jour.year + annees)
    except ValueError:
        return jour.replace(year=jour.year + annees, day=28)


def indemnites_journalieres_reference(cas: dict) -> dict:
    """The `ij` outputs of one checked case (money in int cents)."""
    date_arret: date = cas["date_arret"]
    debut: date = cas["date_debut_activite"]
    categorie: str = cas["categorie"]
    salarie: bool = cas["salarie"]
    annee_arret = date_arret.year

    # régime (B13, B14, B17)
    if salarie:
        regime = "RegimeGeneral"
    elif categorie == "LiberalCIPAV":
        regime = "ProfessionsLiberales" if date_arret >= REFORME_2021 else "Aucun"
    else:
        regime = "IndependantsSSI"

    # revenu annuel moyen over the calendar years N-3..N-1 of affiliation (B4, B6, B7, ambiguity 9)
    part = PART_REVENU[categorie]
    avec_ratio = date_arret >= DEBUT_COEFFICIENT_COTISATIONS
    annees = [a for a in (annee_arret - 3, annee_arret - 2, annee_arret - 1) if a >= debut.year]
    total_revenus = 0
    for ca in cas["chiffres_affaires"]:
        if ca["annee"] in annees:
            taux = part * ca["ratio_cotisations_payees"] if avec_ratio else part
            total_revenus += arrondi_au_centime(ca["montant"] * taux)
    if annees:
        raam = Fraction(total_revenus, len(annees))
        seuil = Fraction(sum(PASS[a] for a in annees), 10 * len(annees))
    else:
        raam = seuil = Fraction(0)

    # conditions (B1, B2, B3, B4, B14)
    if regime == "Aucun":
        motifs = ["LiberalCIPAVAvantReforme2021"]
    else:
        motifs = []
        if regime != "RegimeGeneral" and plus_annees(debut, 1) > date_arret:
            motifs.append("AffiliationInferieureAUnAn")
        if not cas["en_activite"]:
            motifs.append("PasEnActivite")
        if regime != "RegimeGeneral":
            if not cas["cotisations_a_jour"] and date_arret < FIN_CONDITION_COTISATIONS:
                motifs.append("CotisationsNonAJour")
            if raam < seuil:
                motifs.append("RevenuInferieurAuSeuil")
    eligible = not motifs

    # carence (B10, B11, B17, B18)
    duree = cas["duree_arret"]
    motif = cas["motif"]
    premier = cas["premier_arret_du_motif"]
    if (COVID[0] <= date_arret <= COVID[1] or (cas["ald"] and not premier)
            or (motif == "Accident" and not premier) or motif == "GrossessePathologique"):
        carence = 0
    elif salarie or date_arret >= REFORME_2021:
        carence = 3
    elif date_arret < DEBUT_REGIME_2018:
        carence = 3 if cas["hospitalisation"] else 7
    else:
        carence = 3 if cas["hospitalisation"] or duree > 7 else 7

    # maximum duration (B12, B13)
    if regime == "ProfessionsLiberales":
        droits = 87
    elif cas["ald"]:
        droits = (plus_annees(date_arret, 3) - date_arret).days
    else:
        droits = 360
    droits -= cas["jours_deja_indemnises"]
    jours = 0 if droits <= 0 else min(max(duree - carence, 0), droits)

    # daily amount (B7, B17)
    if not eligible:
        journalier = 0
    elif salarie:
        total = sum(cas["salaires_trois_derniers_mois"])  # below the R323-4 cap in the benchmark's cases
        gain = arrondi_au_centime(Fraction(total) / Fraction(9125, 100))
        journalier = arrondi_au_centime(Fraction(gain, 2))
    else:
        plafond = PASS[annee_arret] * (3 if regime == "ProfessionsLiberales" else 1)
        journalier = arrondi_au_centime(min(raam, Fraction(plafond)) / 730)

    return {
        "eligible": eligible,
        "motifs_ineligibilite": motifs,
        "regime": regime,
        "revenu_annuel_moyen": arrondi_au_centime(raam),
        "seuil_revenu": arrondi_au_centime(seuil),
        "seuil_chiffre_affaires": arrondi_au_centime(seuil / part) if annees else 0,  # threshold / (1 − abattement)
        "montant_journalier": journalier,
        "montant_total": journalier * jours if eligible else 0,
        "jours_carence": carence if eligible else 0,
        "jours_indemnises": jours if eligible else 0,
        "delai_envoi_heures": 48,  # L321-2, R321-2
    }


_MONTANTS = ("revenu_annuel_moyen", "seuil_revenu", "seuil_chiffre_affaires", "montant_journalier", "montant_total")


def en_json(resultat: dict) -> dict:
    """Money fields as strings with two decimals, as the interface prints them."""
    sortie = dict(resultat)
    for champ in _MONTANTS:
        centimes = sortie[champ]
        sortie[champ] = f"{'-' if centimes < 0 else ''}{abs(centimes) // 100}.{abs(centimes) % 100:02d}"
    return sortie

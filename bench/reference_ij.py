"""The IJ maladie rules of the law in force at each arrêt date (2015-02-01 → 2026-12-31), written by hand in plain
Python for the benchmark, from the rules as stated in the domain README (§0, §1.B, §2) and in the prose and
interpretation notes of policy/indemnites_journalieres.catala_fr and policy/parametres.catala_fr.

Deliberately independent of policy/ and generated/: same inputs (the checked case of
`secu_independants.entrees.lire_cas_ij`: dates, money in int cents, `Fraction` ratios, enumeration members whose
value is the constructor name, `optionnel` inputs whose `.value` is their content when present) and
the same outputs (money in int cents, constructor names), so that `bench/run.py` can check both agree before
timing them. Arithmetic is exact (`Fraction` of cents): the revenue of a year, the average, the threshold are
never rounded; only the displayed amounts and the daily IJ are rounded to the cent, half up, once.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

__all__ = ["indemnites_journalieres_reference", "en_json"]

# README §2.1: PASS by year, in cents (2012 for the arrêts of 2015, whose three previous years start there)
PASS = {
    2012: 3_637_200, 2013: 3_703_200, 2014: 3_754_800, 2015: 3_804_000, 2016: 3_861_600, 2017: 3_922_800,
    2018: 3_973_200, 2019: 4_052_400, 2020: 4_113_600, 2021: 4_113_600, 2022: 4_113_600, 2023: 4_399_200,
    2024: 4_636_800, 2025: 4_710_000, 2026: 4_806_000,
}
# README §1.B B6: share of the turnover kept as revenue (1 − abattement), in hundredths
PART_REVENU_CENTIEMES = {"AchatRevente": 29, "PrestationServicesBIC": 50, "LiberalSSI": 66, "LiberalCIPAV": 66}
# Monthly SMIC (cents) from each revaluation date (décrets de revalorisation; 1 823,03 € from 2026-01-01,
# décret 2025-1228), known from 2013-01-01 until 2026-12-31
SMIC_MENSUEL = (
    (date(2013, 1, 1), 143_022), (date(2014, 1, 1), 144_538), (date(2015, 1, 1), 145_752),
    (date(2016, 1, 1), 146_662), (date(2017, 1, 1), 148_027), (date(2018, 1, 1), 149_847),
    (date(2019, 1, 1), 152_122), (date(2020, 1, 1), 153_942), (date(2021, 1, 1), 155_458),
    (date(2021, 10, 1), 158_947), (date(2022, 1, 1), 160_312), (date(2022, 5, 1), 164_558),
    (date(2022, 8, 1), 167_895), (date(2023, 1, 1), 170_928), (date(2023, 5, 1), 174_720),
    (date(2024, 1, 1), 176_692), (date(2024, 11, 1), 180_180), (date(2026, 1, 1), 182_303),
)
FIN_TABLE_SMIC = date(2027, 1, 1)

SEUIL_REVENU_2015 = date(2015, 2, 4)  # décret 2015-101: 10 % threshold; before it, 40 % PASS minimum
TPT_INDEPENDANTS = date(2017, 5, 1)  # temps partiel thérapeutique of indépendants (D613-21-1, D622-10)
DEBUT_REGIME_2018 = date(2018, 1, 1)  # décret 2017-612 (carence 3 / 7 days)
OPTION_SSI = date(2019, 1, 1)  # LFSS 2018 art. 15: option of pre-2018 non-regulated libéraux
FIN_CONDITION_COTISATIONS = date(2019, 5, 30)  # décret 2019-529
DEBUT_COEFFICIENT_COTISATIONS = date(2020, 1, 1)  # D622-7 I al. 2–3
COVID = (date(2020, 3, 24), date(2020, 7, 10))  # loi 2020-290 art. 8: no carence
REFORME_2021 = date(2021, 7, 1)  # décret 2021-755 (PL / CIPAV; R323-1 carence; D622-7 II)
NEUTRALISATION_2020 = (date(2021, 8, 8), date(2023, 12, 31))  # décrets 2021-1049, 2021-1937, 2022-1659
RETRAITES_INDEPENDANTS = date(2022, 1, 1)  # LFSS 2022: IJ for at most 60 days
RETRAITES_SALARIES = date(2021, 4, 14)  # décret 2021-428 (R323-2): 60 days for salaried retirees
PLAFOND_SMIC_2025 = date(2025, 4, 1)  # R323-4: 1,8 → 1,4 SMIC per pay


def arrondi_au_centime(valeur: Fraction | int) -> int:
    """A number of cents → int cents, half up (every amount here is ≥ 0)."""
    if isinstance(valeur, int):
        return valeur
    entier, reste = divmod(valeur.numerator, valeur.denominator)
    return entier + (2 * reste >= valeur.denominator)


def plus_annees(jour: date, annees: int) -> date:
    """Same day `annees` years later; 29 February → 28 February (rounding down)."""
    try:
        return jour.replace(year=jour.year + annees)
    except ValueError:
        return jour.replace(year=jour.year + annees, day=28)


def plus_six_mois(jour: date) -> date:
    """Same day six months later, the last day of the month when it has no such day (31 August → 28/29 Feb)."""
    mois = jour.month + 6
    annee, mois = (jour.year + 1, mois - 12) if mois > 12 else (jour.year, mois)
    for quantieme in (jour.day, 30, 29, 28):
        try:
            return date(annee, mois, quantieme)
        except ValueError:
            continue
    raise AssertionError(jour)


def smic_mensuel(jour: date) -> int | None:
    """Monthly SMIC in force on `jour` (cents), None outside the table."""
    if jour < SMIC_MENSUEL[0][0] or jour >= FIN_TABLE_SMIC:
        return None
    montant = None
    for debut, valeur in SMIC_MENSUEL:
        if debut > jour:
            break
        montant = valeur
    return montant


def _seuil(annees) -> Fraction:
    """D622-8: 10 % of the mean PASS of the years the average is taken over (0 without any year)."""
    if not annees:
        return Fraction(0)
    return Fraction(sum(PASS[a] for a in annees), 10 * len(annees))


def _moyenne(revenus: dict[int, Fraction], annees) -> Fraction:
    return Fraction(sum(revenus.get(a, 0) for a in annees), len(annees)) if annees else Fraction(0)


def _indemnisable(revenus: dict[int, Fraction], annees, plafond: int) -> Fraction:
    """730 × the exact IJ of an average over `annees`: 0 below the threshold of those years, capped."""
    moyenne = _moyenne(revenus, annees)
    if moyenne < _seuil(annees):
        return Fraction(0)
    return min(moyenne, Fraction(plafond))


def indemnites_journalieres_reference(cas: dict) -> dict:
    """The `ij` outputs of one checked case (money in int cents, lists of constructor names)."""
    date_arret: date = cas["date_arret"]
    # D622-7 I al. 4: a prolongation is computed at the date of the initial arrêt (years, cap, young business,
    # 2020 neutralisation); carence and conditions stay at date_arret
    reference: date = getattr(cas["date_arret_initial"], "value", None) or date_arret
    debut: date = cas["date_debut_activite"]
    categorie: str = cas["categorie"].value
    salarie: bool = cas["salarie"]
    retraite: bool = cas["retraite"]
    tpt: bool = cas["temps_partiel_therapeutique"]
    sld: bool = cas["soins_longue_duree"]
    ald: bool = cas["ald"]
    annee_ref, annee_debut = reference.year, debut.year

    # régime (B13, B14, B17; the SSI option of pre-2018 CIPAV libéraux from 2019-01-01)
    if salarie:
        regime = "RegimeGeneral"
    elif categorie == "LiberalCIPAV" and not (cas["option_ssi"] and date_arret >= OPTION_SSI):
        regime = "ProfessionsLiberales" if date_arret >= REFORME_2021 else "Aucun"
    else:
        regime = "IndependantsSSI"
    plafond = PASS[annee_ref] * (3 if regime == "ProfessionsLiberales" else 1)

    # revenue of each calendar year: turnover × (1 − abattement) × paid/due from 2020 (B2, B6), exact
    part = PART_REVENU_CENTIEMES[categorie]
    avec_ratio = reference >= DEBUT_COEFFICIENT_COTISATIONS
    revenus: dict[int, Fraction] = {}
    for ca in cas["chiffres_affaires"]:
        revenu = Fraction(ca["montant"] * part, 100)
        if avec_ratio:
            revenu *= ca["ratio_cotisations_payees"]
        revenus[ca["annee"]] = revenus.get(ca["annee"], 0) + revenu

    if reference >= REFORME_2021 and annee_ref - annee_debut < 3:
        # D622-7 II: first three calendar years: revenue up to the constat × 365 / days of activity; the
        # threshold over the years from the start of activity to the arrêt, both included
        jours_activite = (reference - debut).days
        total = sum(revenu for annee, revenu in revenus.items() if annee_debut <= annee <= annee_ref)
        raam = Fraction(total * 365, jours_activite) if jours_activite > 0 else Fraction(0)
        seuil = _seuil(range(annee_debut, annee_ref + 1))
    else:
        # D622-7 I (and the former D613-31 before 2021-07-01): the calendar years of affiliation among the
        # three before the arrêt, a year without turnover counting 0
        annees = [a for a in (annee_ref - 3, annee_ref - 2, annee_ref - 1) if a >= annee_debut]
        if (NEUTRALISATION_2020[0] <= reference <= NEUTRALISATION_2020[1] and 2020 in annees
                and len(annees) > 1):
            # 2020 income counts only when the IJ with it is strictly higher than without it
            sans_2020 = [a for a in annees if a != 2020]
            if _indemnisable(revenus, annees, plafond) <= _indemnisable(revenus, sans_2020, plafond):
                annees = sans_2020
        raam = _moyenne(revenus, annees)
        seuil = _seuil(annees) if reference >= SEUIL_REVENU_2015 else Fraction(0)

    # conditions (B1, B2, B3, B4, B14, retirees, temps partiel thérapeutique)
    if regime == "Aucun":
        motifs = ["LiberalCIPAVAvantReforme2021"]
    elif regime == "RegimeGeneral":
        motifs = [] if cas["en_activite"] else ["PasEnActivite"]
    else:
        motifs = []
        if plus_annees(debut, 1) > date_arret:
            motifs.append("AffiliationInferieureAUnAn")
        if not cas["en_activite"]:
            motifs.append("PasEnActivite")
        if not cas["cotisations_a_jour"] and date_arret < FIN_CONDITION_COTISATIONS:
            motifs.append("CotisationsNonAJour")
        if raam < seuil:
            motifs.append("RevenuInferieurAuSeuil")
        if regime == "IndependantsSSI":
            if retraite and date_arret < RETRAITES_INDEPENDANTS:
                motifs.append("RetraiteAvantReforme2022")
            if tpt and date_arret < TPT_INDEPENDANTS:
                motifs.append("TempsPartielTherapeutiqueAvantMai2017")
    eligible = not motifs

    # carence (B10, B11, B17, B18; none for a temps partiel thérapeutique)
    duree = cas["duree_arret"]
    motif = cas["motif"].value
    premier = cas["premier_arret_du_motif"]
    if (COVID[0] <= date_arret <= COVID[1] or (ald and not premier) or (motif == "Accident" and not premier)
            or motif == "GrossessePathologique" or tpt):
        carence = 0
    elif salarie or date_arret >= REFORME_2021:
        carence = 3
    elif date_arret < DEBUT_REGIME_2018:
        carence = 3 if cas["hospitalisation"] else 7
    else:
        carence = 3 if cas["hospitalisation"] or duree > 7 else 7

    # maximum duration (B12, B13; retirees 60 days; temps partiel thérapeutique 90 / 270)
    if retraite and regime != "ProfessionsLiberales" and (regime != "RegimeGeneral"
                                                         or date_arret >= RETRAITES_SALARIES):
        droits = 60
    elif tpt and regime != "RegimeGeneral":
        droits = 270 if (ald or sld) and regime != "ProfessionsLiberales" else 90
    elif regime == "ProfessionsLiberales":
        droits = 87
    elif ald or sld:
        droits = (plus_annees(date_arret, 3) - date_arret).days
    else:
        droits = 360
    droits -= cas["jours_deja_indemnises"]
    jours = 0 if droits <= 0 else min(max(duree - carence, 0), droits)

    # daily amount (B7, B17, R323-4, D622-10)
    if not eligible:
        journalier = 0
    elif salarie:
        # R323-4: each of the three pays capped at 1,8 (1,4 from 2025-04-01) monthly SMIC in force on the last
        # day of the month before the arrêt; gain = total / 91,25; IJ = half of it, rounded once
        smic = smic_mensuel(date_arret.replace(day=1) - timedelta(days=1))
        salaires = cas["salaires_trois_derniers_mois"]
        if smic is not None:
            plafond_paie = Fraction(smic * (14 if date_arret >= PLAFOND_SMIC_2025 else 18), 10)
            salaires = [min(Fraction(s), plafond_paie) for s in salaires]
        journalier = arrondi_au_centime(Fraction(sum(salaires)) * 100 / 9125 / 2)
    else:
        if reference < SEUIL_REVENU_2015:  # no threshold yet, but a minimum of 40 % of the cap
            retenu = min(max(raam, Fraction(plafond * 2, 5)), Fraction(plafond))
        else:
            retenu = min(raam, Fraction(plafond))
        journalier = arrondi_au_centime(retenu / (1460 if tpt else 730))  # TPT: half the IJ

    # documents to send, and the conditions the data cannot show
    if regime == "Aucun":
        pieces = []
    elif regime == "RegimeGeneral":
        pieces = ["VoletsUnEtDeuxAvisArretCPAM", "VoletTroisAvisArretEmployeur", "AttestationSalaireEmployeur"]
    else:
        pieces = ["VoletsUnEtDeuxAvisArretCPAM"]
    conditions = []
    if salarie:
        heures = getattr(cas["heures_salariees_trois_derniers_mois"], "value", None)
        if heures is None:
            conditions.append("HeuresOuCotisationsSalarie")
        elif heures < 150:
            conditions.append("CotisationsSixMoisSalarie")
        if date_arret + timedelta(days=duree - 1) >= plus_six_mois(date_arret):
            conditions.append("ConditionsArretPlusDeSixMois")
        if tpt:
            conditions.append("TempsPartielTherapeutiqueRegimeGeneral")
    elif tpt and not ald and not sld and regime != "Aucun":
        conditions.append("RepriseApresArretTempsComplet")

    return {
        "eligible": eligible,
        "motifs_ineligibilite": motifs,
        "regime": regime,
        "revenu_annuel_moyen": arrondi_au_centime(raam),
        "seuil_revenu": arrondi_au_centime(seuil),
        "seuil_chiffre_affaires": arrondi_au_centime(seuil * 100 / part),  # threshold / (1 − abattement)
        "montant_journalier": journalier,
        "montant_total": journalier * jours,
        "jours_carence": carence if eligible else 0,
        "jours_indemnises": jours if eligible else 0,
        "delai_envoi_heures": 48,  # L321-2, R321-2
        "pieces_a_fournir": pieces,
        "conditions_non_verifiees": conditions,
    }


_MONTANTS = ("revenu_annuel_moyen", "seuil_revenu", "seuil_chiffre_affaires", "montant_journalier", "montant_total")
_LISTES = {"pieces_a_fournir": "PieceAFournir", "conditions_non_verifiees": "ConditionNonVerifiee"}


def en_json(resultat: dict) -> dict:
    """Money fields as strings with two decimals and the two lists as their French sentences, as the interface
    prints them (the sentences are the product's wording, `secu_independants.sorties.LIBELLES`)."""
    from secu_independants.sorties import LIBELLES

    sortie = dict(resultat)
    for champ in _MONTANTS:
        centimes = sortie[champ]
        sortie[champ] = f"{centimes // 100}.{centimes % 100:02d}"
    for champ, enumeration in _LISTES.items():
        sortie[champ] = [LIBELLES[enumeration][nom] for nom in sortie[champ]]
    return sortie

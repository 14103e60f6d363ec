"""Properties of the indemnités journalières maladie (`calculer_ij`), each a legal statement.

Expected values come from `bareme.py` (the README's tables typed in again) and from hand formulas written
here; the code under test is never used as its own oracle. Cases are interface.md JSON dicts.
"""
from __future__ import annotations

import copy
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import assume, given, strategies as st

from bareme import (
    DEBUT_NEUTRALISATION_2020, DEBUT_REGIME_PL, FIN_NEUTRALISATION_2020, FIN_CONDITION_COTISATIONS, LIMITE_NON_ALD_JOURS, LIMITE_PL_JOURS, arrondi_cent, cents,
    jours_indemnises_ordinaires, montant_journalier_cents, plafond_cents, raam_et_seuil_cents,
    revenu_annuel_moyen_cents, seuil_revenu_cents,
)
from produit import calculer_ij_ou_rien, exiger
from strategies import (
    abattu, cas_ij, cas_ij_standard, cas_ij_standard_et_options, dates_arret, durees_arret, en_iso, en_montant,
    liste_chiffres_affaires, veilles_et_jours_de_changement,
)

calculer_ij = exiger(calculer_ij_ou_rien())

CHAMPS_MONETAIRES = ("revenu_annuel_moyen", "seuil_revenu", "seuil_chiffre_affaires", "montant_journalier",
                     "montant_total")


def _date(cas: dict) -> date:
    return date.fromisoformat(cas["date_arret"])


def _raam_attendu(cas: dict) -> Fraction:
    """Mean revenue after abattement over the 3 calendar years before the arrêt (missing years count 0)."""
    annee = _date(cas).year
    par_annee = {e["annee"]: abattu(cas["categorie"], cents(e["montant"])) for e in cas["chiffres_affaires"]}
    return revenu_annuel_moyen_cents([par_annee.get(a, Fraction(0)) for a in range(annee - 3, annee)])


def _raam_et_seuil_legaux(cas: dict, plafond: int | None = None) -> tuple[Fraction, Fraction]:
    """The model's (mean revenue, threshold) for the case, every rule of bareme.raam_et_seuil_cents."""
    reference = date.fromisoformat(cas.get("date_arret_initial") or cas["date_arret"])
    par_annee = {e["annee"]: abattu(cas["categorie"], cents(e["montant"])) for e in cas["chiffres_affaires"]}
    return raam_et_seuil_cents(date.fromisoformat(cas["date_debut_activite"]), reference, par_annee,
                               plafond if plafond is not None else plafond_cents(reference.year))


def cas_a_revenu_constant(arret: date, raam_cents: int, duree: int = 30, **autres) -> dict:
    """Prestation BIC (abattement 50 %) affiliated since 2005 whose revenue is `raam_cents` each of the three
    years: CA = 2 × revenue, so the mean revenue is exactly `raam_cents`."""
    annees = range(arret.year - 3, arret.year)
    cas = {
        "categorie": "PrestationServicesBIC",
        "date_debut_activite": "2005-01-01",
        "chiffres_affaires": [{"annee": a, "montant": en_montant(2 * raam_cents)} for a in annees],
        "date_arret": en_iso(arret),
        "duree_arret": duree,
    }
    cas.update(autres)
    return cas


# --- D622-7 / D622-8: the standard case, against the independent model -------------------------------------


@given(cas_ij_standard())
def test_cas_standard_egal_au_bareme_independant(cas):
    """D622-8: the IJ is nil when the mean revenue of the 3 calendar years before the arrêt is below 10 % of the
    mean PASS of those years (equality is entitled); D622-7: otherwise it is 1/730 of that mean, capped at the
    PASS in force at the date of the arrêt, rounded half-up to the cent; R323-1, D622-11, décret 2017-612: paid
    days follow the carence regime of the arrêt date; total = daily amount × paid days."""
    resultat = calculer_ij(cas)
    annee = _date(cas).year
    raam, seuil = _raam_et_seuil_legaux(cas)
    assert abs(cents(resultat["seuil_revenu"]) - seuil) <= Fraction(1, 2)
    assert abs(cents(resultat["revenu_annuel_moyen"]) - raam) <= Fraction(1, 2)
    assert resultat["eligible"] is (raam >= seuil)
    if raam >= seuil:
        journalier = montant_journalier_cents(raam, plafond_cents(annee))
        jours = jours_indemnises_ordinaires(_date(cas), cas["duree_arret"], cas["hospitalisation"])
        assert resultat["regime"] == "IndependantsSSI"
        assert cents(resultat["montant_journalier"]) == journalier
        assert resultat["jours_indemnises"] == jours
        assert cents(resultat["montant_total"]) == journalier * jours
    else:
        assert cents(resultat["montant_journalier"]) == 0 and cents(resultat["montant_total"]) == 0


@given(cas_ij(salarie=None))
def test_ineligible_touche_zero_et_sait_pourquoi(cas):
    """D622-8 ("l'indemnité journalière est nulle"), D622-1, D622-3: a person who is not entitled gets 0 € and
    0 paid days, and the result names at least one reason; an entitled person has no reason listed."""
    resultat = calculer_ij(cas)
    if resultat["eligible"]:
        assert resultat["motifs_ineligibilite"] == []
    else:
        assert resultat["motifs_ineligibilite"], "an ineligible result must say why"
        assert all(isinstance(m, str) and m for m in resultat["motifs_ineligibilite"])
        assert cents(resultat["montant_journalier"]) == 0
        assert cents(resultat["montant_total"]) == 0
        assert resultat["jours_indemnises"] == 0


@given(cas_ij(salarie=None))
def test_total_egal_journalier_fois_jours_et_bornes_des_jours(cas):
    """D622-7 with R323-1: the total is the daily amount times the paid days; paid days are between 0 and the
    length of the arrêt minus the carence; the 48-hour sending deadline of L321-2 / R321-2 is reported."""
    resultat = calculer_ij(cas)
    for champ in CHAMPS_MONETAIRES:
        cents(resultat[champ])  # money strings with exactly two decimals
    jours, carence = resultat["jours_indemnises"], resultat["jours_carence"]
    assert cents(resultat["montant_total"]) == cents(resultat["montant_journalier"]) * jours
    assert carence >= 0
    assert 0 <= jours <= max(0, cas["duree_arret"] - carence)
    assert resultat["delai_envoi_heures"] == 48


@given(cas_ij_standard_et_options())
def test_montant_journalier_entre_plancher_et_plafond(cas):
    """D622-7, D622-8: an entitled SSI micro-entrepreneur's daily amount lies between threshold/730 (the smallest
    non-nil IJ, README §2.3) and PASS/730 of the year of the arrêt, both rounded to the cent."""
    resultat = calculer_ij(cas)
    assume(resultat["eligible"] and resultat["regime"] == "IndependantsSSI")
    annee = _date(cas).year
    plancher = arrondi_cent(Fraction(cents(resultat["seuil_revenu"])) / 730)
    assert plancher <= cents(resultat["montant_journalier"]) <= arrondi_cent(Fraction(plafond_cents(annee), 730))


# --- Monotonicity ---------------------------------------------------------------------------------------------


@given(cas_ij(salarie=None), st.data())
def test_plus_de_chiffre_affaires_ne_nuit_jamais(cas, data):
    """D622-7, D622-8: the IJ grows with the revenue: more turnover in one year (all else fixed) never makes a
    person ineligible and never lowers the daily amount."""
    annee = _date(cas).year
    annees = [a for a in range(annee - 3, annee) if a >= date.fromisoformat(cas["date_debut_activite"]).year]
    assume(annees)
    cible = data.draw(st.sampled_from(annees), label="year raised")
    hausse = data.draw(st.integers(1, 20_000_000), label="extra turnover (cents)")
    plus = copy.deepcopy(cas)
    entrees = {e["annee"]: e for e in plus["chiffres_affaires"]}
    if cible in entrees:
        entrees[cible]["montant"] = en_montant(cents(entrees[cible]["montant"]) + hausse)
    else:
        plus["chiffres_affaires"].append({"annee": cible, "montant": en_montant(hausse)})
    avant, apres = calculer_ij(cas), calculer_ij(plus)
    assert not (avant["eligible"] and not apres["eligible"])
    assert cents(apres["montant_journalier"]) >= cents(avant["montant_journalier"])


@given(cas_ij_standard(debut_arret=date(2020, 1, 1)), st.data())
def test_cotisations_partiellement_payees_ne_augmentent_jamais_l_ij(cas, data):
    """D622-7 I al. 2–3 (since 2020-01-01): a year whose contributions were only partly paid counts in proportion
    paid/due; a ratio of 1 is the default; lowering the ratio never raises the daily amount."""
    explicite = copy.deepcopy(cas)
    for entree in explicite["chiffres_affaires"]:
        entree["ratio_cotisations_payees"] = "1"
    assert calculer_ij(explicite) == calculer_ij(cas)
    reduit = copy.deepcopy(cas)
    entree = data.draw(st.sampled_from(reduit["chiffres_affaires"]))
    entree["ratio_cotisations_payees"] = data.draw(st.sampled_from(["0", "0.25", "0.5", "0.99"]))
    assert cents(calculer_ij(reduit)["montant_journalier"]) <= cents(calculer_ij(cas)["montant_journalier"])


# --- D622-8 threshold and D622-7 cap ----------------------------------------------------------------------


@given(dates_arret(), durees_arret(360))
def test_seuil_egalite_eligible_un_centime_dessous_non(arret, duree):
    """D622-8: the IJ is nil only if the mean revenue is *inférieur* to 10 % of the mean PASS: exactly the
    threshold is entitled, one cent below is not (README §3.5). Outside 2021-08-08 → 2023-12-31: inside, one
    cent below the 3-year threshold may still reach the lower 2-year threshold once the 2020 revenue is
    dropped (décrets 2021-1049, 2021-1937, 2022-1659; see the neutralisation properties)."""
    assume(not DEBUT_NEUTRALISATION_2020 <= arret <= FIN_NEUTRALISATION_2020)
    seuil = seuil_revenu_cents(arret.year)
    assert seuil.denominator == 1
    pile = calculer_ij(cas_a_revenu_constant(arret, int(seuil), duree))
    dessous = calculer_ij(cas_a_revenu_constant(arret, int(seuil) - 1, duree))
    assert pile["eligible"] is True
    assert cents(pile["montant_journalier"]) == arrondi_cent(seuil / 730)
    assert dessous["eligible"] is False
    assert cents(dessous["montant_total"]) == 0


@given(dates_arret(), st.integers(-50_000, 50_000))
def test_le_plafond_est_le_pass_de_la_date_d_arret(arret, ecart):
    """D622-7: the mean revenue is taken within the limit of the PASS in force at the date of the arrêt (not the
    PASS of the revenue years): above it the daily amount is PASS/730 and no longer moves; below it, it is
    the mean revenue/730."""
    plafond = plafond_cents(arret.year)
    resultat = calculer_ij(cas_a_revenu_constant(arret, plafond + ecart))
    attendu = arrondi_cent(Fraction(min(plafond, plafond + ecart), 730))
    assert cents(resultat["montant_journalier"]) == attendu


# --- Carence, durations ---------------------------------------------------------------------------------------


# The carence changes (2018-01-01, Covid start and end, 2021-07-01): each first day and the day before it.
BORNES_DE_CARENCE = [d - timedelta(days=k) for d in (date(2018, 1, 1), date(2020, 3, 24), date(2020, 7, 11),
                                                     DEBUT_REGIME_PL) for k in (0, 1)]


@given(st.one_of(st.sampled_from(BORNES_DE_CARENCE), veilles_et_jours_de_changement(), dates_arret()),
       st.one_of(st.sampled_from([3, 4, 7, 8]), st.integers(1, 12)), st.booleans())
def test_carence_selon_le_regime_de_la_date(arret, duree, hospitalisation):
    """Carence by the date of the arrêt (README §2.4): before 2018-01-01 IJ from the 8th day (4th if hospitalised);
    décret 2017-612, 2018-01-01 → 2021-06-30: an arrêt of 7 days or less is not paid unless hospitalised, a longer
    one from the 4th day; no carence 2020-03-24 → 2020-07-10 (Covid); from 2021-07-01 R323-1 1° via D622-11:
    from the 4th day for every arrêt."""
    resultat = calculer_ij(cas_a_revenu_constant(arret, 2_000_000, duree, hospitalisation=hospitalisation))
    assert resultat["eligible"] is True
    assert resultat["jours_indemnises"] == jours_indemnises_ordinaires(arret, duree, hospitalisation)


@given(cas_ij(categories=("AchatRevente", "PrestationServicesBIC", "LiberalSSI")), st.data())
def test_arret_suivant_meme_ald_ou_accident_sans_nouvelle_carence(cas, data):
    """R323-1 1° (ALD: carence only on the first arrêt of the 3-year period) and D622-5 (accident: only on the
    first arrêt): a later arrêt for the same ALD or accident never has more carence nor fewer paid days than
    the same arrêt as a first one; from 2021-07-01 it has no carence at all."""
    cas = dict(cas, **data.draw(st.sampled_from([{"ald": True, "motif": "Maladie"}, {"motif": "Accident",
                                                                                      "ald": False}])))
    premier, suivant = dict(cas, premier_arret_du_motif=True), dict(cas, premier_arret_du_motif=False)
    r1, r2 = calculer_ij(premier), calculer_ij(suivant)
    assert r2["jours_carence"] <= r1["jours_carence"]
    assert r2["jours_indemnises"] >= r1["jours_indemnises"]
    if _date(cas) >= DEBUT_REGIME_PL and r2["eligible"]:
        assert r2["jours_carence"] == 0


@given(cas_ij_standard(duree_max=1000))
def test_ald_n_est_pas_limitee_a_360_jours(cas):
    """R323-1 2°–4°: the 360-day limit over 3 years is for ordinary illness; an ALD is paid for up to 3 years
    (1095 days) per affection, so an eligible first ALD arrêt of up to 1000 days is paid for all its days but
    the carence."""
    cas = dict(cas, ald=True, premier_arret_du_motif=True)
    resultat = calculer_ij(cas)
    assume(resultat["eligible"])
    assert resultat["jours_indemnises"] == jours_indemnises_ordinaires(
        _date(cas), cas["duree_arret"], cas["hospitalisation"])


@given(cas_ij(categories=("AchatRevente", "PrestationServicesBIC", "LiberalSSI")))
def test_hors_ald_au_plus_360_jours_sur_trois_ans(cas):
    """R323-1 4° (via D622-11): outside an ALD, at most 360 IJ per 3-year window, days already paid included."""
    cas = dict(cas, ald=False)
    resultat = calculer_ij(cas)
    assert resultat["jours_indemnises"] <= max(0, LIMITE_NON_ALD_JOURS - cas.get("jours_deja_indemnises", 0))


# --- Professions libérales (CIPAV) ----------------------------------------------------------------------------


@given(cas_ij(categories=("LiberalCIPAV",)))
def test_cipav_rien_avant_juillet_2021_et_87_jours_ensuite(cas):
    """LFSS 2018 art. 15 and décret 2021-755 / D622-12: a micro-entrepreneur affiliated to the CIPAV gets no IJ
    for an arrêt before 2021-07-01; from then on, the professions libérales régime pays at most 87 days per
    incapacity."""
    resultat = calculer_ij(cas)
    if _date(cas) < DEBUT_REGIME_PL:
        assert resultat["eligible"] is False
        assert cents(resultat["montant_total"]) == 0
    elif resultat["eligible"]:
        assert resultat["regime"] == "ProfessionsLiberales"
        assert resultat["jours_indemnises"] <= LIMITE_PL_JOURS


@given(cas_ij_standard(categories=("LiberalCIPAV",), debut_arret=DEBUT_REGIME_PL))
def test_cipav_apres_reforme_egal_au_bareme_independant(cas):
    """D622-7 (3 × PASS cap for L640-1 professions), D622-8 (10 % threshold applies), D622-12 (from the 4th day,
    at most 87 days per incapacity): the PL régime against the independent model."""
    resultat = calculer_ij(cas)
    annee = _date(cas).year
    raam, seuil = _raam_et_seuil_legaux(cas, 3 * plafond_cents(annee))
    assert resultat["eligible"] is (raam >= seuil)
    if resultat["eligible"]:
        journalier = montant_journalier_cents(raam, 3 * plafond_cents(annee))
        jours = min(LIMITE_PL_JOURS, max(0, cas["duree_arret"] - 3))
        assert cents(resultat["montant_journalier"]) == journalier
        assert resultat["jours_indemnises"] == jours


# --- Other conditions ----------------------------------------------------------------------------------------


@given(cas_ij_standard(), st.integers(0, 364))
def test_moins_d_un_an_d_affiliation_pas_d_ij(cas, jours_d_affiliation):
    """D622-1: entitlement requires at least one year of affiliation at the date of the constat médical."""
    debut = _date(cas) - timedelta(days=jours_d_affiliation)
    cas = dict(cas, date_debut_activite=en_iso(debut),
               chiffres_affaires=[e for e in cas["chiffres_affaires"] if e["annee"] >= debut.year])
    resultat = calculer_ij(cas)
    assert resultat["eligible"] is False
    assert cents(resultat["montant_total"]) == 0


@given(cas_ij_standard())
def test_hors_activite_pas_d_ij(cas):
    """D622-3 (README B3): the person must be in activity at the stoppage."""
    resultat = calculer_ij(dict(cas, en_activite=False))
    assert resultat["eligible"] is False and cents(resultat["montant_total"]) == 0


@given(cas_ij_standard())
def test_cotisations_a_jour_condition_jusqu_au_29_mai_2019_seulement(cas):
    """Décret 2019-529 (README B2, §3.12): being up to date with contributions is a condition for arrêts before
    2019-05-30 and no longer matters from that date."""
    en_retard = calculer_ij(dict(cas, cotisations_a_jour=False))
    a_jour = calculer_ij(dict(cas, cotisations_a_jour=True))
    if _date(cas) < FIN_CONDITION_COTISATIONS:
        assert en_retard["eligible"] is False and cents(en_retard["montant_total"]) == 0
    else:
        assert en_retard == a_jour


# --- Salaried micro-entrepreneurs ----------------------------------------------------------------------------


@given(cas_ij(salarie=True), st.data())
def test_salarie_ne_depend_pas_du_chiffre_affaires(cas, data):
    """Seed rule B17 (R323-4): a salaried micro-entrepreneur's IJ is computed on the salary only, in the régime
    général: changing the turnover changes nothing."""
    annee, debut = _date(cas).year, date.fromisoformat(cas["date_debut_activite"]).year
    autre = dict(cas, chiffres_affaires=data.draw(liste_chiffres_affaires(
        cas["categorie"], [a for a in range(annee - 3, annee) if a >= debut])))
    resultat, avec_autre_ca = calculer_ij(cas), calculer_ij(autre)
    for champ in ("eligible", "motifs_ineligibilite", "regime", "montant_journalier", "montant_total",
                  "jours_carence", "jours_indemnises"):
        assert avec_autre_ca[champ] == resultat[champ], champ
    if resultat["eligible"]:
        assert resultat["regime"] == "RegimeGeneral"


@given(cas_ij_standard(), st.lists(st.integers(1, 190), min_size=3, max_size=3))
def test_salarie_ij_moitie_du_gain_journalier(cas, multiples):
    """R323-4, R323-5: gain journalier = the last 3 monthly salaries / 91.25; IJ = 50 % of it. Salaries are
    multiples of 7.30 € (at most 1 387 €, below the monthly ceiling of every year), so the gain is
    Σk × 0.08 € and the IJ exactly Σk × 0.04 € (P12: 6 570 € → 72,00 → 36,00)."""
    cas = dict(cas, salarie=True, salaires_trois_derniers_mois=[en_montant(730 * k) for k in multiples])
    resultat = calculer_ij(cas)
    assert resultat["eligible"] is True
    assert resultat["regime"] == "RegimeGeneral"
    assert cents(resultat["montant_journalier"]) == 4 * sum(multiples)

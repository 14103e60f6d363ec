"""Properties of the situations added by issue 9 — salaried (R323-4 per pay, SMIC to 2026), retirees, temps
partiel thérapeutique (D622-10), soins de longue durée (R323-1 3°) — each against the independent model
`bareme.py` or a hand formula, never the code under test."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, strategies as st

from bareme import (
    DEBUT_IJ_RETRAITES_INDEPENDANTS, DEBUT_LIMITE_RETRAITES_SALARIES, DIVISEUR_GAIN_JOURNALIER, LIMITE_RETRAITE_JOURS, LIMITE_TPT_ALD_JOURS, LIMITE_TPT_JOURS, arrondi_cent,
    cents, ij_salarie_cents, plafond_paie_cents,
)
from produit import calculer_ij_ou_rien, exiger
from strategies import cas_ij_standard, cas_ij_standard_et_options, dates_uniformes, en_iso, en_montant

calculer_ij = exiger(calculer_ij_ou_rien())

# Paying salaried arrêts: from 2015-02-01 (start of the covered period) to 2026-12-31.
dates_salarie = st.one_of(
    dates_uniformes(date(2015, 2, 1), date(2026, 12, 31)),
    st.sampled_from([date(2025, 3, 31), date(2025, 4, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 12, 31)]),
)
salaires_cents = st.lists(st.one_of(st.integers(0, 1_200_000), st.integers(240_000, 340_000)), min_size=3,
                          max_size=3)


def cas_salarie(arret: date, salaires: list[int], **autres) -> dict:
    # started 2013-01-01: the PASS table starts in 2013 (the turnover years are irrelevant for the IJ here)
    cas = {"categorie": "AchatRevente", "date_debut_activite": "2013-01-01", "chiffres_affaires": [],
           "date_arret": en_iso(arret), "duree_arret": 30, "salarie": True,
           "salaires_trois_derniers_mois": [en_montant(s) for s in salaires]}
    cas.update(autres)
    return cas


@given(dates_salarie, salaires_cents)
def test_salarie_egal_au_modele_plafond_par_paie(arret, salaires):
    """R323-4/R323-5: IJ = ½ × Σ min(pay, cap of the month) / 91,25, one rounding (bareme.ij_salarie_cents)."""
    assert cents(calculer_ij(cas_salarie(arret, salaires))["montant_journalier"]) == ij_salarie_cents(arret, salaires)


@given(dates_salarie, salaires_cents)
def test_salarie_jamais_au_dessus_du_plafond_en_vigueur(arret, salaires):
    """Whatever the salaries, the IJ never exceeds ½ × 3 × cap / 91,25 rounded: 53,31 € before 2025-04-01 at
    most, 41,95 € in 2026 (every arrêt of the covered period has a SMIC in the table)."""
    plafond = plafond_paie_cents(arret)
    assert plafond is not None
    maximum = arrondi_cent(3 * plafond / DIVISEUR_GAIN_JOURNALIER / 2)
    assert cents(calculer_ij(cas_salarie(arret, salaires))["montant_journalier"]) <= maximum


@given(cas_ij_standard_et_options(), st.booleans())
def test_retraite_au_plus_soixante_jours(cas, salarie):
    """A retiree (not a profession libérale) is paid at most 60 days, minus the days already paid — a salaried
    one for arrêts from 2021-04-14 only (décret 2021-428, R323-2); an indépendant before 2022-01-01 nothing."""
    cas = dict(cas, retraite=True)
    if salarie:
        cas.update(salarie=True, salaires_trois_derniers_mois=["2000.00"] * 3)
    resultat = calculer_ij(cas)
    arret = date.fromisoformat(cas["date_arret"])
    if not salarie or arret >= DEBUT_LIMITE_RETRAITES_SALARIES:
        assert resultat["jours_indemnises"] <= max(0, LIMITE_RETRAITE_JOURS - cas["jours_deja_indemnises"])
    if not salarie and arret < DEBUT_IJ_RETRAITES_INDEPENDANTS:
        assert resultat["eligible"] is False and "RetraiteAvantReforme2022" in resultat["motifs_ineligibilite"]
        assert resultat["montant_total"] == "0.00"


@given(cas_ij_standard_et_options(fin_arret=DEBUT_LIMITE_RETRAITES_SALARIES - timedelta(days=1)))
def test_retraite_salarie_avant_le_decret_2021_428(cas):
    """Before 2021-04-14 the salaried retiree has no 60-day limit (the former cut at the seventh month is not
    represented: note of DureeMaximale): being retired changes nothing to what the same salaried person is paid."""
    cas = dict(cas, salarie=True, salaires_trois_derniers_mois=["2000.00"] * 3)
    assert calculer_ij(dict(cas, retraite=True)) == calculer_ij(dict(cas, retraite=False))


@given(cas_ij_standard(debut_arret=date(2017, 5, 1), duree_max=400), st.booleans(), st.booleans())
def test_temps_partiel_therapeutique_moitie_sans_carence(cas, ald, soins_longs):
    """D622-10: half of the full-time IJ (from the exact value, rounded once), no carence, at most 90 days,
    270 for an affection of L324-1 (ALD or soins de longue durée)."""
    plein = calculer_ij(dict(cas, ald=ald, soins_longue_duree=soins_longs))
    partiel = calculer_ij(dict(cas, ald=ald, soins_longue_duree=soins_longs, temps_partiel_therapeutique=True))
    assert partiel["eligible"] == plein["eligible"]
    if not plein["eligible"]:
        return
    # both are rounded from the same exact IJ x: |2 × round(x/2) − round(x)| ≤ 1 cent (exact figures: the
    # hand-worked cases of policy/tests/cas_situations_ij.catala_fr, 13,05 → 6,53)
    assert abs(2 * cents(partiel["montant_journalier"]) - cents(plein["montant_journalier"])) <= 1
    assert partiel["jours_carence"] == 0
    limite = LIMITE_TPT_ALD_JOURS if (ald or soins_longs) else LIMITE_TPT_JOURS
    assert partiel["jours_indemnises"] == min(cas["duree_arret"], limite)


@given(cas_ij_standard(duree_max=1200))
def test_soins_longue_duree_au_moins_autant_que_l_arret_ordinaire(cas):
    """R323-1 3°: soins de longue durée open the 3-year period of the ALD: never fewer paid days than an
    ordinary arrêt, and, for a first arrêt (same carence), exactly the days of the same arrêt declared as ALD."""
    ordinaire = calculer_ij(cas)
    soins = calculer_ij(dict(cas, soins_longue_duree=True))
    ald = calculer_ij(dict(cas, ald=True))
    assert soins["jours_indemnises"] >= ordinaire["jours_indemnises"]
    assert soins["jours_indemnises"] == ald["jours_indemnises"]

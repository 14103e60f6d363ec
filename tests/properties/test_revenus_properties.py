"""Properties of the revenue rules of issue 9 (`calculer_ij`): the covered period, the first three calendar
years of affiliation (D622-7 II), the 2020-income neutralisation (décrets 2021-1049, 2021-1937, 2022-1659).

Expected values come from `bareme.py` (the law's figures typed in again) or from hand formulas written here;
the code under test is never its own oracle.
"""
from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from bareme import (
    DEBUT_NEUTRALISATION_2020, DEBUT_REGIME_PL, FIN_NEUTRALISATION_2020, arrondi_cent, cents, plafond_cents,
    seuil_revenu_cents,
)
from produit import calculer_ij_ou_rien, exiger
from strategies import abattu, en_iso, en_montant

calculer_ij = exiger(calculer_ij_ou_rien())

# The period the policy covers (policy/parametres.catala_fr, "Période couverte"), typed in again.
DEBUT_PERIODE, FIN_PERIODE = date(2015, 2, 1), date(2026, 12, 31)
CATEGORIES = ("AchatRevente", "PrestationServicesBIC", "LiberalSSI", "LiberalCIPAV")


def _dates(debut: date, fin: date) -> st.SearchStrategy[date]:
    return st.integers(0, (fin - debut).days).map(lambda n: debut + timedelta(days=n))


@st.composite
def cas_de_la_periode(draw) -> dict:
    """Any valid case whose arrêt lies in the covered period: activity started any day before the arrêt,
    turnover for any years from the start (or 3 years before) up to the arrêt year included, optionally an
    initial arrêt of a prolongation inside the period."""
    arret = draw(st.one_of(_dates(DEBUT_PERIODE, FIN_PERIODE),
                           st.sampled_from([DEBUT_PERIODE, date(2015, 2, 3), date(2015, 2, 4), DEBUT_REGIME_PL,
                                            DEBUT_NEUTRALISATION_2020, FIN_NEUTRALISATION_2020, FIN_PERIODE])))
    debut = draw(_dates(date(2000, 1, 1), arret))
    annees = range(max(debut.year, arret.year - 3), arret.year + 1)
    chiffres = [{"annee": a, "montant": en_montant(m)}
                for a in annees if draw(st.booleans()) for m in [draw(st.integers(0, 30_000_000))]]
    cas = {"categorie": draw(st.sampled_from(CATEGORIES)), "date_debut_activite": en_iso(debut),
           "chiffres_affaires": chiffres, "date_arret": en_iso(arret), "duree_arret": draw(st.integers(1, 400))}
    if draw(st.booleans()):
        cas["date_arret_initial"] = en_iso(draw(_dates(max(DEBUT_PERIODE, debut, arret - timedelta(days=400)),
                                                       arret)))
    return cas


@given(cas_de_la_periode())
def test_tout_cas_de_la_periode_couverte_a_une_reponse(cas):
    """Issue 9: inside the covered period (2015-02-01 → 2026-12-31) every valid case gets an answer, never an
    error of the law such as "no applicable rule" (a missing PASS, a missing dated parameter)."""
    resultat = calculer_ij(cas)
    assert cents(resultat["montant_total"]) == cents(resultat["montant_journalier"]) * resultat["jours_indemnises"]


@pytest.mark.parametrize("jour", ["1900-01-01", "2012-06-01", "2015-01-31", "2027-01-01", "2100-03-08"])
def test_hors_periode_erreur_d_entree_nommant_le_champ(jour):
    """A date outside the covered period is an input error naming the field and the period, in French."""
    from secu_independants.entrees import EntreeInvalide

    cas = {"categorie": "AchatRevente", "date_debut_activite": "2000-01-01", "chiffres_affaires": [],
           "date_arret": jour, "duree_arret": 10}
    with pytest.raises(EntreeInvalide) as erreur:
        calculer_ij(cas)
    assert erreur.value.champ == "date_arret"
    assert "01/02/2015" in str(erreur.value) and "31/12/2026" in str(erreur.value)
    cas.update(date_arret="2021-03-08", date_arret_initial=jour)
    with pytest.raises(EntreeInvalide) as erreur:
        calculer_ij(cas)
    assert erreur.value.champ == "date_arret_initial"


def test_arret_initial_incoherent_refuse():
    """`date_arret_initial` after `date_arret`, or before the start of the activity, is an input error."""
    from secu_independants.entrees import EntreeInvalide

    cas = {"categorie": "AchatRevente", "date_debut_activite": "2019-01-01", "chiffres_affaires": [],
           "date_arret": "2021-03-08", "duree_arret": 10}
    for initial in ("2021-03-09", "2018-12-31"):
        with pytest.raises(EntreeInvalide) as erreur:
            calculer_ij(dict(cas, date_arret_initial=initial))
        assert erreur.value.champ == "date_arret_initial"
    assert calculer_ij(dict(cas, date_arret_initial="2021-03-08"))["eligible"] is not None


@given(_dates(DEBUT_NEUTRALISATION_2020, FIN_NEUTRALISATION_2020),
       st.lists(st.integers(0, 12_000_000), min_size=3, max_size=3), st.sampled_from(CATEGORIES[:3]))
def test_la_neutralisation_de_2020_ne_baisse_jamais_l_ij(arret, montants, categorie):
    """Décrets 2021-1049, 2021-1937, 2022-1659: the 2020 revenue counts only when it gives a higher IJ, so
    the IJ is never below the IJ of the ordinary D622-7 I / D622-8 calculation on the three years (computed
    here from the model's PASS table), and is that IJ when 2020 is not below the other years' mean."""
    annees = [arret.year - 3, arret.year - 2, arret.year - 1]
    cas = {"categorie": categorie, "date_debut_activite": "2010-01-01", "date_arret": en_iso(arret),
           "duree_arret": 30, "chiffres_affaires": [{"annee": a, "montant": en_montant(m)}
                                                    for a, m in zip(annees, montants)]}
    resultat = calculer_ij(cas)
    revenus = [abattu(categorie, m) for m in montants]
    moyenne = sum(revenus, Fraction(0)) / 3
    ordinaire = 0 if moyenne < seuil_revenu_cents(arret.year) else arrondi_cent(
        min(moyenne, Fraction(plafond_cents(arret.year))) / 730)
    assert cents(resultat["montant_journalier"]) >= ordinaire
    autres = [r for a, r in zip(annees, revenus) if a != 2020]
    if revenus[annees.index(2020)] >= sum(autres, Fraction(0)) / 2:
        assert cents(resultat["montant_journalier"]) == ordinaire


@st.composite
def jeune_entreprise(draw) -> tuple[dict, int]:
    """A business in its first three calendar years at an arrêt from 2021-07-01 (D622-7 II)."""
    debut = draw(_dates(date(2019, 1, 1), date(2026, 6, 30)))
    arret = draw(_dates(max(debut + timedelta(days=1), DEBUT_REGIME_PL),
                        min(date(debut.year + 2, 12, 31), FIN_PERIODE)))
    annees = list(range(debut.year, arret.year + 1))
    montants = draw(st.lists(st.integers(0, 10_000_000), min_size=len(annees), max_size=len(annees)))
    cas = {"categorie": draw(st.sampled_from(CATEGORIES[:3])), "date_debut_activite": en_iso(debut),
           "date_arret": en_iso(arret), "duree_arret": 30,
           "chiffres_affaires": [{"annee": a, "montant": en_montant(m)} for a, m in zip(annees, montants)]}
    return cas, (arret - debut).days


@given(jeune_entreprise())
def test_jeune_entreprise_au_prorata_des_jours(donnees):
    """D622-7 II: mean revenue = revenue since the start up to the arrêt × 365 / days of activity; threshold
    over the PASS of the calendar years from the start to the arrêt (D622-8); IJ = capped mean / 730."""
    cas, jours = donnees
    resultat = calculer_ij(cas)
    total = sum((abattu(cas["categorie"], cents(e["montant"])) for e in cas["chiffres_affaires"]), Fraction(0))
    moyenne = total * 365 / jours
    assert abs(cents(resultat["revenu_annuel_moyen"]) - moyenne) <= Fraction(1, 2)
    annees = [e["annee"] for e in cas["chiffres_affaires"]]
    seuil = Fraction(sum(plafond_cents(a) for a in annees), len(annees)) / 10
    assert abs(cents(resultat["seuil_revenu"]) - seuil) <= Fraction(1, 2)
    if resultat["eligible"]:
        plafond = plafond_cents(date.fromisoformat(cas["date_arret"]).year)
        assert cents(resultat["montant_journalier"]) == arrondi_cent(min(moyenne, Fraction(plafond)) / 730)


@given(jeune_entreprise())
def test_jeune_entreprise_un_euro_de_plus(donnees):
    """D622-7 II is monotone and continuous in the turnover: one more euro declared in the arrêt year never
    lowers the daily IJ, and raises it by at most 365 / (730 × days) € plus one cent of rounding (once the
    threshold is passed)."""
    cas, jours = donnees
    avant = calculer_ij(cas)
    plus = dict(cas, chiffres_affaires=[dict(e) for e in cas["chiffres_affaires"]])
    dernier = plus["chiffres_affaires"][-1]
    dernier["montant"] = en_montant(cents(dernier["montant"]) + 100)
    apres = calculer_ij(plus)
    ecart = cents(apres["montant_journalier"]) - cents(avant["montant_journalier"])
    assert ecart >= 0
    if avant["eligible"]:
        assert ecart <= Fraction(100 * 365, 730 * jours) + 1

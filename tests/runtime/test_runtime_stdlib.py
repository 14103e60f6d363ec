"""Standard library modules. Expected values come from reference.md §4.3–§4.5 and the examples
in the reference stdlib's documentation comments, or hand arithmetic noted beside them."""

import re
from datetime import date
from fractions import Fraction as F

import pytest

from catalapy import runtime as rt, stdlib
from catalapy.runtime import ABSENT, Duration as D, Present
from catalapy.runtime.stdlib import (date_en, date_fr, decimal_fr, duration_fr, integer_fr, list_fr, money_fr,
                             monthyear_fr, period_fr)

P = rt.SourcePosition("appel.catala_fr", 4, 10, 4, 40, ())


def test_every_declared_name_is_implemented():
    for (dialect, name), (interface, _) in stdlib.MODULES.items():
        text = stdlib.interface_file(dialect, name).read_text(encoding="utf-8")
        assert text.splitlines()[2] in (f"> Module {name} externe", f"> Module {name} external")
        declared = set(re.findall(r"^d[ée]claration (?:structure |énumération |enumeration )?(\w+)", text, re.M))
        module = stdlib.python_module(dialect, name)
        assert declared and declared == set(module.__all__), interface


def test_date_functions():
    d = date(2024, 1, 21)
    assert (date_fr.accès_année(d), date_fr.accès_mois(d), date_fr.accès_jour(d)) == (2024, 1, 21)
    assert date_fr.vers_année_mois_jour(d) == (2024, 1, 21)
    assert date_fr.premier_jour_du_mois(d) == date(2024, 1, 1)
    assert date_fr.dernier_jour_du_mois(d) == date(2024, 1, 31)
    assert date_fr.dernier_jour_du_mois(date(2024, 2, 3)) == date(2024, 2, 29)
    assert date_fr.premier_jour_de_l_année(date(2024, 3, 21)) == date(2024, 1, 1)
    assert date_fr.dernier_jour_de_l_année(date(2024, 3, 21)) == date(2024, 12, 31)
    assert date_fr.min(d, date(2023, 5, 5)) == date(2023, 5, 5)
    assert date_fr.max(d, date(2023, 5, 5)) == d
    assert date_fr.ajout_arrondi_inférieur(date(2026, 5, 31), D(0, 1, 0)) == date(2026, 6, 30)
    assert date_fr.ajout_arrondi_supérieur(date(2000, 2, 29), D(1, 0, 0)) == date(2001, 3, 1)
    assert date_fr.soustraction_arrondi_inférieur(date(2000, 2, 29), D(1, 0, 0)) == date(1999, 2, 28)
    assert date_fr.soustraction_arrondi_supérieur(date(2000, 2, 29), D(1, 0, 0)) == date(1999, 3, 1)


def test_of_year_month_day_with_call_site_position():
    assert date_fr.depuis_année_mois_jour(P, 2024, 2, 29) == date(2024, 2, 29)
    with pytest.raises(rt.InvalidDate) as info:
        date_fr.depuis_année_mois_jour(P, 2023, 2, 29)
    assert info.value.message == "|2023-02-29| is not a valid date"
    assert info.value.positions == [P]


def test_months():
    assert date_fr.mois_vers_entier(date_fr.Mois.Août) == 8
    assert date_fr.entier_vers_mois(P, 12) is date_fr.Mois.Décembre
    assert date_en.integer_to_month(P, 1) is date_en.Month.January
    assert date_en.month_to_integer(date_en.Month.May) == 5
    with pytest.raises(rt.InvalidDate):
        date_fr.entier_vers_mois(P, 13)


def test_age_tests_from_stdlib_doc_examples():
    assert date_fr.est_assez_âgé_arrondi_inférieur(date(2000, 6, 1), D(24, 0, 0), date(2024, 6, 15))
    assert not date_fr.est_assez_âgé_arrondi_inférieur(date(2000, 6, 1), D(24, 0, 0), date(2024, 5, 15))
    assert date_fr.est_assez_âgé_arrondi_inférieur(date(2000, 1, 31), D(0, 1, 0), date(2000, 2, 29))
    assert not date_fr.est_assez_âgé_arrondi_supérieur(date(2000, 1, 31), D(0, 1, 0), date(2000, 2, 29))
    assert date_fr.est_assez_jeune_arrondi_supérieur(date(2000, 1, 31), D(0, 1, 0), date(2000, 2, 29))
    assert not date_fr.est_assez_jeune_arrondi_inférieur(date(2000, 1, 31), D(0, 1, 0), date(2000, 2, 29))


def test_day_of_week_doc_examples():
    # tests/date/good/jour_de_la_semaine: |2025-12-31| = Mercredi, |2026-01-01| = Jeudi
    assert date_fr.jour_de_la_semaine(date(2025, 12, 31)) is date_fr.Jour_de_la_semaine.Mercredi
    assert date_fr.jour_de_la_semaine(date(2026, 1, 1)) is date_fr.Jour_de_la_semaine.Jeudi
    assert date_en.day_of_week(date(2026, 1, 4)) is date_en.Day_of_week.Sunday


def test_integer_module():
    assert integer_fr.min(3, -2) == -2 and integer_fr.max(3, -2) == 3
    assert integer_fr.plafond(12, 10) == 10 and integer_fr.plafond(8, 10) == 8
    assert integer_fr.plancher(-3, 0) == 0 and integer_fr.plancher(4, 0) == 4
    assert integer_fr.positif(-5) == 0 and integer_fr.positif(5) == 5
    assert integer_fr.somme(()) == 0 and integer_fr.somme((1, 2, 3)) == 6


def test_decimal_module():
    assert decimal_fr.troncature(F(-3, 2)) == -1 and decimal_fr.troncature(F(27, 10)) == 2
    assert decimal_fr.arrondi_par_excès(F(21, 10)) == 3 and decimal_fr.arrondi_par_excès(F(-21, 10)) == -2
    assert decimal_fr.arrondi_par_défaut(F(29, 10)) == 2 and decimal_fr.arrondi_par_défaut(F(-21, 10)) == -3
    # 3,14159 to 2 places = 3,14 ; 2,675 → 2,68 (tie away) ; 1 250,0 to -2 → 1 300,0 ; -2,5 to 0 → -3,0
    assert decimal_fr.arrondi_à_la_décimale(P, F("3.14159"), 2) == F("3.14")
    assert decimal_fr.arrondi_à_la_décimale(P, F("2.675"), 2) == F("2.68")
    assert decimal_fr.arrondi_à_la_décimale(P, F(1250), -2) == 1300
    assert decimal_fr.arrondi_à_la_décimale(P, F(-5, 2), 0) == -3
    assert decimal_fr.somme(()) == 0 and decimal_fr.somme((F(1, 2), F(1, 3))) == F(5, 6)
    assert decimal_fr.positif(F(-1, 2)) == 0


def test_money_module_reference_examples():
    # §4.3: 12,70 € → troncature 12,00 € / arrondi_par_excès 13,00 € / arrondi_par_défaut 12,00 €
    assert money_fr.troncature(1270) == 1200
    assert money_fr.arrondi_par_excès(1270) == 1300
    assert money_fr.arrondi_par_défaut(1270) == 1200
    assert money_fr.troncature(-1270) == -1200
    assert money_fr.arrondi_par_excès(-1270) == -1200
    assert money_fr.arrondi_par_défaut(-1270) == -1300
    assert money_fr.arrondi_par_excès(1200) == 1200
    # §4.3: arrondi_à_la_décimale de 123,45 €, 1 = 123,50 € ; unchanged for n ≥ 2
    assert money_fr.arrondi_à_la_décimale(P, 12345, 1) == 12350
    assert money_fr.arrondi_à_la_décimale(P, 12345, 2) == 12345
    assert money_fr.arrondi_à_la_décimale(P, 12345, 0) == 12300  # 123,45 → 123
    assert money_fr.arrondi_à_la_décimale(P, 12345, -1) == 12000  # → 120
    assert money_fr.arrondi_à_la_décimale(P, -12550, 0) == -12600  # -125,50 → -126 (tie away)
    assert money_fr.en_excès(1500, 1000) == 500 and money_fr.en_excès(500, 1000) == 0
    assert money_fr.en_défaut(500, 1000) == 500 and money_fr.en_défaut(1500, 1000) == 0
    assert money_fr.somme(()) == 0 and money_fr.somme((100, 250)) == 350
    assert money_fr.plafond(5000, 3000) == 3000 and money_fr.positif(-1) == 0


def test_duration_module():
    assert duration_fr.somme(()) == D(0, 0, 0)
    assert duration_fr.somme((D(1, 0, 0), D(0, 2, 3))) == D(1, 2, 3)
    assert duration_fr.positif(D(0, 3, 0)) == D(0, 3, 0)
    assert duration_fr.positif(D(0, 0, -3)) == D()
    with pytest.raises(rt.UncomparableDurations):
        duration_fr.positif(D(0, 1, 5))


def test_list_module():
    assert list_fr.séquence(P, 3, 6) == (3, 4, 5)  # end excluded (§4.5)
    assert list_fr.séquence(P, 6, 3) == ()
    l = (10, 20, 30)
    assert list_fr.nième_élément(l, 2) == Present(20)
    assert list_fr.nième_élément(l, 0) is ABSENT and list_fr.nième_élément(l, 4) is ABSENT
    assert list_fr.premier_élément(l) == Present(10) and list_fr.dernier_élément(l) == Present(30)
    assert list_fr.premier_élément(()) is ABSENT
    assert list_fr.retire_nième_élément(l, 2) == (10, 30)
    assert list_fr.retire_nième_élément(l, 5) == l
    assert list_fr.retire_premier_élément(l) == (20, 30)
    assert list_fr.retire_dernier_élément(l) == (10, 20)
    assert list_fr.retire_dernier_élément(()) == ()
    assert list_fr.inverse(l) == (30, 20, 10)


def test_periods():
    Pd = period_fr.Période
    jan = period_fr.depuis_mois_et_année(date_fr.Mois.Janvier, 2024)
    assert jan == Pd(date(2024, 1, 1), date(2024, 1, 31))
    assert period_fr.durée(jan) == D(0, 0, 31)  # 31 jan − 1 jan + 1 jour
    assert period_fr.depuis_année(2024) == Pd(date(2024, 1, 1), date(2024, 12, 31))
    feb = Pd(date(2024, 2, 1), date(2024, 2, 29))
    assert period_fr.sont_adjacentes(jan, feb) and not period_fr.sont_adjacentes(feb, jan)
    assert period_fr.union(jan, feb) == Pd(date(2024, 1, 1), date(2024, 2, 29))
    assert period_fr.intersection(jan, feb) is ABSENT
    assert period_fr.intersection(jan, Pd(date(2024, 1, 31), date(2024, 3, 1))) == Present(
        Pd(date(2024, 1, 31), date(2024, 1, 31)))
    assert period_fr.chevauche(jan, Pd(date(2023, 12, 1), date(2024, 1, 1)))
    assert period_fr.englobe(period_fr.depuis_année(2024), feb)
    assert period_fr.est_contenue(jan, date(2024, 1, 31)) and period_fr.est_après(jan, date(2024, 2, 1))
    assert period_fr.trouve_période((jan, feb), date(2024, 2, 10)) == Present(feb)
    assert period_fr.tri_par_date(((feb, 1), (jan, 2))) == ((jan, 2), (feb, 1))
    # 15 jan → 10 mar: [15 jan–31 jan], [1 feb–29 feb], [1 mar–10 mar]
    assert period_fr.divise_par_mois(Pd(date(2024, 1, 15), date(2024, 3, 10))) == (
        Pd(date(2024, 1, 15), date(2024, 1, 31)), Pd(date(2024, 2, 1), date(2024, 2, 29)),
        Pd(date(2024, 3, 1), date(2024, 3, 10)))
    # years starting in April: 2023-06-01 → 2024-05-31 = [to 2024-03-31], [2024-04-01 to 2024-05-31]
    assert period_fr.divise_par_année(date_fr.Mois.Avril, Pd(date(2023, 6, 1), date(2024, 5, 31))) == (
        Pd(date(2023, 6, 1), date(2024, 3, 31)), Pd(date(2024, 4, 1), date(2024, 5, 31)))


def test_month_year():
    mai = monthyear_fr.MoisAnnée(date_fr.Mois.Mai, 2025)
    assert monthyear_fr.depuis_date(date(2025, 5, 13)) == mai
    # stdlib doc examples for mai_2025
    assert monthyear_fr.est_avant_ou_pendant_le_mois(mai, date(2025, 4, 13))
    assert monthyear_fr.est_avant_ou_pendant_le_mois(mai, date(2025, 5, 31))
    assert not monthyear_fr.est_avant_ou_pendant_le_mois(mai, date(2025, 6, 1))
    assert monthyear_fr.est_pendant_ou_après_le_mois(mai, date(2025, 6, 15))
    assert monthyear_fr.est_pendant_ou_après_le_mois(mai, date(2025, 5, 1))
    assert not monthyear_fr.est_pendant_ou_après_le_mois(mai, date(2025, 4, 30))
    assert monthyear_fr.est_dans_le_mois(mai, date(2025, 5, 20))
    assert monthyear_fr.dernier_jour_du_mois(mai) == date(2025, 5, 31)

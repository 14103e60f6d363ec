"""Date/duration arithmetic and duration comparison (reference §4.4)."""

from datetime import date
from fractions import Fraction as F

import pytest
from hypothesis import assume, given, strategies as st

from catalapy import runtime as rt
from catalapy.runtime import DateRounding as R, Duration as D

P = rt.SourcePosition("f.catala_en", 3, 10, 3, 11, ())


def test_reference_examples_of_rounding():
    # §4.4: |2026-05-31| + 1 mois = |2026-06-30| (down) / |2026-07-01| (up)
    assert rt.add_date(date(2026, 5, 31), D(0, 1, 0), R.DOWN, P) == date(2026, 6, 30)
    assert rt.add_date(date(2026, 5, 31), D(0, 1, 0), R.UP, P) == date(2026, 7, 1)
    # |2000-02-29| + 1 an = |2001-02-28| (down) / |2001-03-01| (up)
    assert rt.add_date(date(2000, 2, 29), D(1, 0, 0), R.DOWN, P) == date(2001, 2, 28)
    assert rt.add_date(date(2000, 2, 29), D(1, 0, 0), R.UP, P) == date(2001, 3, 1)
    # stdlib doc: soustraction_arrondi_inférieur de |2026-05-31|, 1 mois = |2026-04-30|, supérieur |2026-05-01|
    assert rt.sub_date(date(2026, 5, 31), D(0, 1, 0), R.DOWN, P) == date(2026, 4, 30)
    assert rt.sub_date(date(2026, 5, 31), D(0, 1, 0), R.UP, P) == date(2026, 5, 1)


def test_ambiguous_rounding_raises_at_operator():
    for d, dur in ((date(2024, 1, 31), D(0, 1, 0)), (date(2000, 2, 29), D(18, 0, 0))):
        with pytest.raises(rt.AmbiguousDateRounding) as info:
            rt.add_date(d, dur, R.ERROR, P)
        assert info.value.positions == [P]


def test_unambiguous_without_rounding():
    assert rt.add_date(date(2024, 1, 15), D(1, 1, 20), R.ERROR, P) == date(2025, 3, 7)
    # days are walked on the calendar after months: 31 jan + 1 month (rounded down 29 feb) + 1 day
    assert rt.add_date(date(2024, 1, 31), D(0, 1, 1), R.DOWN, P) == date(2024, 3, 1)


def test_date_difference_in_days():
    # |2024-03-01| - |2024-02-01| = 29 days (leap year)
    assert rt.date_difference(date(2024, 3, 1), date(2024, 2, 1)) == D(0, 0, 29)
    assert rt.date_difference(date(2024, 2, 1), date(2024, 3, 1)) == D(0, 0, -29)


def test_duration_arithmetic_is_componentwise():
    assert D(1, 2, 3) + D(0, 11, -5) == D(1, 13, -2)
    assert D(1, 2, 3) - D(2, 0, 1) == D(-1, 2, 2)
    assert -D(1, -2, 3) == D(-1, 2, -3)
    assert D(1, 2, 3) * 3 == D(3, 6, 9) == 3 * D(1, 2, 3)


def test_duration_comparison_rules():
    assert rt.durations_equal(D(1, 0, 0), D(0, 12, 0), P)  # 1 an = 12 mois
    assert rt.durations_equal(D(0, 0, 0), D(0, 0, 0), P)
    assert rt.durations_equal(D(0, 0, 0), D(0, 0, 0), P)
    assert rt.durations_equal(D(1, 0, 2), D(1, 0, 2), P)  # componentwise identity first
    assert rt.duration_lt(D(0, 11, 0), D(1, 0, 0), P)
    assert rt.duration_ge(D(0, 0, 31), D(0, 0, 30), P)
    assert rt.durations_equal(D(0, 0, 0), D(0, 3, 0), P) is False
    with pytest.raises(rt.UncomparableDurations) as info:
        rt.duration_lt(D(0, 1, 0), D(0, 0, 30), P)
    assert info.value.positions == [P]
    with pytest.raises(rt.UncomparableDurations):
        rt.durations_equal(D(1, 0, 2), D(0, 12, 2), P)


def test_duration_division():
    assert rt.div_duration(D(0, 0, 10), D(0, 0, 4), P) == F(5, 2)
    with pytest.raises(rt.DurationDivisionNotDays):
        rt.div_duration(D(0, 1, 0), D(0, 0, 4), P)
    with pytest.raises(rt.DivisionByZero):
        rt.div_duration(D(0, 0, 3), D(0, 0, 0), P)


def test_dates_outside_python_years_follow_the_proleptic_calendar():
    """As the reference (any year): one month after 9999-12-01 is 10000-01-01, the day before 0001-01-01 is
    0000-12-31, and year 0 is a leap year (divisible by 400), so 0000-02-28 + 1 day is 0000-02-29 and
    0000-03-01 − 0000-01-01 is 31 + 29 = 60 days; 2025 years after 0000-11-15 is 2025-11-15, a plain date."""
    assert rt.add_date(date(9999, 12, 1), D(0, 1, 0), R.DOWN, P) == rt.FarDate(10000, 1, 1)
    assert rt.add_date(date(1, 1, 1), D(0, 0, -1), R.DOWN, P) == rt.FarDate(0, 12, 31)
    assert rt.add_date(rt.FarDate(0, 2, 28), D(0, 0, 1), R.ERROR, P) == rt.FarDate(0, 2, 29)
    assert rt.date_difference(rt.FarDate(0, 3, 1), rt.FarDate(0, 1, 1)) == D(0, 0, 60)
    assert rt.date_difference(date(1, 1, 1), rt.FarDate(0, 1, 1)) == D(0, 0, 366)
    assert (date(1, 1, 1) - rt.FarDate(0, 1, 1)).days == 366 and (rt.FarDate(0, 1, 1) - date(1, 1, 1)).days == -366
    later = rt.add_date(rt.FarDate(0, 11, 15), D(2025, 0, 0), R.ERROR, P)
    assert type(later) is date and later == date(2025, 11, 15)
    assert rt.FarDate(0, 12, 31) < date(1, 1, 1) and date(1, 1, 1) > rt.FarDate(0, 12, 31)
    assert rt.make_date(0, 2, 29) == rt.FarDate(0, 2, 29) and type(rt.make_date(1, 1, 1)) is date
    # 400 years before 2024-02-29 (a Thursday) is 1624-02-29, also a Thursday; 2024 years before is 0000-02-29
    assert rt.date_from_ordinal(date(2024, 2, 29).toordinal() - 2024 * 365 - 491) == rt.FarDate(0, 2, 29)
    assert rt.FarDate(0, 2, 29).weekday() == date(2000, 2, 29).weekday()  # 2000 years = 5 cycles of 400


# --- property: agreement with an independent calendar model ---------------------------------------

MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def model_month_length(year, month):
    leap = year % 400 == 0 or (year % 4 == 0 and year % 100 != 0)
    return 29 if month == 2 and leap else MONTH_LENGTHS[month - 1]


def model_add(d, years, months, days, rounding):
    """Months counted as year*12 + month, then the day fixed by the rounding, then days via ordinals."""
    index = d.year * 12 + (d.month - 1) + years * 12 + months
    year, month = index // 12, index % 12 + 1
    day = d.day
    if day > model_month_length(year, month):
        if rounding == "error":
            return "error"
        if rounding == "down":
            day = model_month_length(year, month)
        else:
            index += 1
            year, month, day = index // 12, index % 12 + 1, 1
    return date.fromordinal(date(year, month, day).toordinal() + days)


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
small = st.integers(min_value=-600, max_value=600)


@given(dates, st.integers(-50, 50), small, st.integers(-5000, 5000), st.sampled_from(["error", "down", "up"]))
def test_add_date_matches_calendar_model(d, years, months, days, mode):
    rounding = {"error": R.ERROR, "down": R.DOWN, "up": R.UP}[mode]
    expected = model_add(d, years, months, days, mode)
    if expected == "error":
        with pytest.raises(rt.AmbiguousDateRounding):
            rt.add_date(d, D(years, months, days), rounding, P)
    else:
        assert rt.add_date(d, D(years, months, days), rounding, P) == expected


@given(dates, st.integers(-50, 50), small)
def test_years_are_twelve_months(d, years, months):
    assume(model_add(d, years, months, 0, "error") != "error")
    assert rt.add_date(d, D(years, months, 0), R.ERROR, P) == rt.add_date(d, D(0, 12 * years + months, 0), R.ERROR, P)


@given(dates, dates)
def test_difference_then_add_round_trips(a, b):
    assert rt.add_date(b, rt.date_difference(a, b), R.ERROR, P) == a


def test_year_zero_dates_in_json_and_printing():
    """The reference's tests/json/good/alltypes reads and writes |0000-01-01| as "0000-01-01"; printed as a
    Catala value it is |0000-01-01|."""
    assert rt.to_json(rt.FarDate(0, 1, 1), date) == '"0000-01-01"'
    assert rt.from_json(rt.parse_json('"0000-01-01"'), date) == rt.FarDate(0, 1, 1)
    assert rt.format_date(rt.FarDate(0, 2, 29)) == "|0000-02-29|"
    with pytest.raises(rt.JsonValidationError):
        rt.from_json(rt.parse_json('"0001-02-29"'), date)  # 1 is not a leap year

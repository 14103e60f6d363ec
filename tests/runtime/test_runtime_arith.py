"""Exact arithmetic and half-away-from-zero rounding (reference §4.3)."""

from fractions import Fraction as F

import pytest
from hypothesis import given, strategies as st

from catalapy import runtime as rt

P = rt.SourcePosition("f.catala_fr", 1, 5, 1, 6, ())


def test_round_half_away_from_zero():
    # ties go away from zero, unlike Python's round() (half to even)
    assert rt.round_half_away(F(5, 2)) == 3
    assert rt.round_half_away(F(-5, 2)) == -3
    assert rt.round_half_away(F(1, 2)) == 1
    assert rt.round_half_away(F(-1, 2)) == -1
    assert rt.round_half_away(F(7, 3)) == 2
    assert rt.round_half_away(F(-7, 3)) == -2


def test_money_times_decimal_examples_from_reference():
    # 0,15 € * 2,0 = 0,30 € ; 1,00 € * 0,125 = 0,13 € (12.5 cents → 13) ; -1,00 € * 0,125 = -0,13 €
    assert rt.mul_money_decimal(15, F(2)) == 30
    assert rt.mul_money_decimal(100, F(1, 8)) == 13
    assert rt.mul_money_decimal(-100, F(1, 8)) == -13


def test_money_division():
    # 10,00 € / 3 = 3,333… € → 3,33 € ; 10,00 € / 6 = 1,666… → 1,67 €
    assert rt.div_money_int(1000, 3, P) == 333
    assert rt.div_money_int(1000, 6, P) == 167
    assert rt.div_money_int(1000, -6, P) == -167
    # 1,00 € / 0,3 = 3,333… € → 3,33 € ; 0,05 € / -2,0 = -0,025 € → -0,03 €
    assert rt.div_money_decimal(100, F(3, 10), P) == 333
    assert rt.div_money_decimal(5, F(-2), P) == -3
    assert rt.div_money_money(150, 100, P) == F(3, 2)


def test_conversions():
    assert rt.money_of_decimal(F(12345, 1000)) == 1235  # 12,345 → 12,35 € (tie away)
    assert rt.money_of_decimal(F(-12345, 1000)) == -1235
    assert rt.money_of_integer(7) == 700
    assert rt.decimal_of_money(1234) == F(1234, 100)
    assert rt.integer_of_decimal(F(-27, 10)) == -2  # truncation toward zero
    assert rt.integer_of_decimal(F(27, 10)) == 2
    assert rt.integer_of_money(250) == 3  # 2,50 € → 3 (tie away)
    assert rt.integer_of_money(-250) == -3
    assert rt.integer_of_money(249) == 2
    # dec/good/rounding: round of 84.648665 = 85.0, round of 4.368297 = 4.0
    assert rt.round_decimal(F(84648665, 10**6)) == 85
    assert rt.round_decimal(F(4368297, 10**6)) == 4
    assert rt.round_decimal(F(-5, 2)) == -3
    assert rt.round_money(1250) == 1300 and rt.round_money(-1250) == -1300 and rt.round_money(1249) == 1200


@pytest.mark.parametrize("call", [
    lambda: rt.div_int(1, 0, P), lambda: rt.div_decimal(F(1), F(0), P),
    lambda: rt.div_money_int(100, 0, P), lambda: rt.div_money_decimal(100, F(0), P),
    lambda: rt.div_money_money(100, 0, P),
])
def test_division_by_zero_carries_denominator_position(call):
    with pytest.raises(rt.DivisionByZero) as info:
        call()
    assert info.value.positions == [P]
    assert info.value.message == ("a value is being used as denominator in a division and it "
                                  "computed to zero")


def test_int_division_is_exact_decimal():
    assert rt.div_int(1, 3, P) == F(1, 3)
    assert rt.div_int(-6, 4, P) == F(-3, 2)


# --- properties: agreement with an independent model of half-away-from-zero rounding -------------

def model_round(q: F) -> int:
    """Independent model: floor(|q| + 1/2) with the sign of q, via Python floor on Fractions."""
    import math
    magnitude = math.floor(abs(q) + F(1, 2))
    return magnitude if q >= 0 else -magnitude


fractions = st.fractions(max_denominator=10**6).filter(lambda q: abs(q) < 10**12)
cents = st.integers(min_value=-10**12, max_value=10**12)
nonzero_fractions = fractions.filter(lambda q: q != 0)
nonzero_ints = st.integers(min_value=-10**6, max_value=10**6).filter(lambda i: i != 0)


@given(fractions)
def test_round_half_away_matches_model(q):
    assert rt.round_half_away(q) == model_round(q)


@given(cents, fractions)
def test_money_times_decimal_rounds_once(m, q):
    assert rt.mul_money_decimal(m, q) == model_round(F(m) * q)


@given(cents, nonzero_fractions)
def test_money_divided_by_decimal(m, q):
    assert rt.div_money_decimal(m, q, P) == model_round(F(m) / q)


@given(cents, nonzero_ints)
def test_money_divided_by_integer(m, i):
    assert rt.div_money_int(m, i, P) == model_round(F(m, i))


@given(fractions)
def test_money_of_decimal(q):
    assert rt.money_of_decimal(q) == model_round(q * 100)


@given(cents)
def test_integer_of_money(m):
    assert rt.integer_of_money(m) == model_round(F(m, 100))


@given(fractions)
def test_integer_of_decimal_truncates(q):
    t = rt.integer_of_decimal(q)
    assert abs(t) <= abs(q) < abs(t) + 1 and (t == 0 or (t > 0) == (q > 0))

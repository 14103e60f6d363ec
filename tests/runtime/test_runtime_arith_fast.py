"""The Fraction fast paths of runtime/arith.py give exactly Fraction's own results (same value, lowest terms,
positive denominator, same hash), and divisions by zero still raise at their position."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalapy.runtime import arith
from catalapy.runtime.errors import DivisionByZero
from catalapy.runtime.stdlib._numbers import decimal_sum

decimals = st.fractions(max_denominator=10**12) | st.integers(-10**30, 10**30).map(Fraction)


def same(a: Fraction, b: Fraction) -> bool:
    return type(a) is Fraction and (a.numerator, a.denominator) == (b.numerator, b.denominator) and hash(a) == hash(b)


@given(decimals, decimals)
def test_add_sub_mul_div_match_fraction(a, b):
    assert same(arith.add_decimal(a, b), a + b)
    assert same(arith.sub_decimal(a, b), a - b)
    assert same(arith.mul_decimal(a, b), a * b)
    if b:
        assert same(arith.div_decimal(a, b, None), a / b)


@given(st.integers(-10**12, 10**12), st.integers(-1000, 1000))
def test_conversions_and_integer_divisions(m, i):
    assert same(arith.decimal_of_money(m), Fraction(m, 100))
    assert same(arith.decimal_of_integer(i), Fraction(i))
    if i:
        assert same(arith.div_int(m, i, None), Fraction(m, i))
        assert same(arith.div_money_money(m, i, None), Fraction(m, i))


def test_hand_worked_values():
    assert same(arith.sub_decimal(Fraction(1), Fraction(71, 100)), Fraction(29, 100))  # 1 - 0.71 = 0.29
    assert same(arith.mul_decimal(Fraction(29, 100), Fraction(1, 2)), Fraction(29, 200))  # 0.29 × 0.5
    assert same(arith.add_decimal(Fraction(1, 6), Fraction(1, 3)), Fraction(1, 2))  # 1/6 + 2/6 = 1/2
    assert same(arith.sub_decimal(Fraction(1, 6), Fraction(1, 6)), Fraction(0))
    assert same(arith.div_decimal(Fraction(3, 4), Fraction(-9, 2), None), Fraction(-1, 6))  # 3/4 × -2/9
    assert same(arith.decimal_of_money(1234550), Fraction(24691, 2))  # 12 345,50 € = 24 691/2


def test_division_by_zero_keeps_its_position():
    with pytest.raises(DivisionByZero):
        arith.div_decimal(Fraction(1), Fraction(0), None)
    with pytest.raises(DivisionByZero):
        arith.div_int(1, 0, None)


@given(st.integers(-10**12, 10**12), decimals)
def test_money_rounding_matches_round_ratio(m, q):
    # money × decimal and `argent de` round once, half away from zero: round_ratio on the exact fraction
    exact = m * q
    assert arith.mul_money_decimal(m, q) == arith.round_ratio(exact.numerator, exact.denominator)
    cents = q * 100
    assert arith.money_of_decimal(q) == arith.round_ratio(cents.numerator, cents.denominator)


def test_money_rounding_hand_worked():
    assert arith.mul_money_decimal(1001, Fraction(1, 2)) == 501  # 10,01 € × 0,5 = 5,005 € → 5,01 €
    assert arith.mul_money_decimal(-1001, Fraction(1, 2)) == -501  # ties away from zero
    assert arith.money_of_decimal(Fraction(-1, 200)) == -1  # -0,005 → -0,01
    assert arith.money_of_decimal(Fraction(19053, 2)) == 952650  # 9 526,50


@given(decimals, decimals)
def test_decimal_comparisons_match_fraction(a, b):
    assert arith.decimal_lt(a, b) == (a < b) and arith.decimal_le(a, b) == (a <= b)
    assert arith.decimal_gt(a, b) == (a > b) and arith.decimal_ge(a, b) == (a >= b)
    assert arith.decimal_eq(a, b) == (a == b)
    assert arith.decimal_lt(a, 0) == (a < 0)  # an int operand: native comparison


def test_decimal_comparisons_hand_worked():
    assert arith.decimal_lt(Fraction(2900), Fraction(19914, 5))  # 2 900 < 3 982,80
    assert not arith.decimal_gt(Fraction(1, 3), Fraction(2, 6)) and arith.decimal_eq(Fraction(1, 3), Fraction(2, 6))


@given(decimals)
def test_integer_of_decimal_truncates_like_int(q):
    assert arith.integer_of_decimal(q) == int(q)


def test_integer_of_decimal_hand_worked():
    assert arith.integer_of_decimal(Fraction(-7, 2)) == -3 and arith.integer_of_decimal(Fraction(7, 2)) == 3


@given(st.lists(decimals | st.integers(-10**6, 10**6), max_size=8))
def test_decimal_sum_matches_fraction_sum(values):
    """`Décimal.somme` (stdlib _numbers.decimal_sum) adds over the common denominator; integers count as decimals."""
    assert same(decimal_sum(tuple(values)), sum(values, Fraction(0)))


def test_decimal_sum_hand_worked():
    assert same(decimal_sum(()), Fraction(0))  # the empty sum is 0,0
    assert same(decimal_sum((Fraction(1, 3), Fraction(1, 6))), Fraction(1, 2))  # 2/6 + 1/6 = 3/6 = 1/2
    # README P1: 8 891,40 + 9 526,50 + 10 161,60 = 28 579,50
    assert same(decimal_sum((Fraction(88914, 10), Fraction(95265, 10), Fraction(101616, 10))), Fraction(57159, 2))
    assert same(decimal_sum((2, Fraction(1, 2))), Fraction(5, 2))  # 2 + 1/2


@given(decimals | st.integers(-10**6, 10**6), decimals | st.integers(-10**6, 10**6))
def test_decimal_min_max_match_python(a, b):
    """`Décimal.min` / `Décimal.max` compare by cross-multiplication: the same value as Python's min / max."""
    from catalapy.runtime.stdlib import decimal_fr

    assert decimal_fr.min(a, b) == min(a, b) and decimal_fr.max(a, b) == max(a, b)


def test_decimal_min_max_hand_worked():
    from catalapy.runtime.stdlib import decimal_fr

    # a mean of 45 000 € capped at the PASS 2019 (40 524 €, policy/parametres.catala_fr): 40 524 €
    assert decimal_fr.min(Fraction(45000), Fraction(40524)) == Fraction(40524)
    assert decimal_fr.max(Fraction(1, 3), Fraction(1, 2)) == Fraction(1, 2)  # 2/6 < 3/6
    assert decimal_fr.min(Fraction(-1, 2), 0) == Fraction(-1, 2)  # an int operand

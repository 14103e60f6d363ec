"""Shared implementations of the Entier / Décimal / Argent / Durée / Liste stdlib functions."""

from __future__ import annotations

import math
from fractions import Fraction

from .. import ABSENT, Duration, Money, Present, SourcePosition, compare_durations
from ..arith import round_ratio


def minimum(a, b):
    return a if a <= b else b


def maximum(a, b):
    return a if a >= b else b


def cap(value, max_value):
    """`plafond`: min(value, max_value)."""
    return value if value <= max_value else max_value


def floor_at(value, min_value):
    """`plancher`: max(value, min_value)."""
    return value if value >= min_value else min_value


def positive(value):
    return value if value > 0 else value * 0


def int_sum(values: tuple) -> int:
    return sum(values, 0)


def decimal_sum(values: tuple) -> Fraction:
    return sum(values, Fraction(0))


def money_sum(values: tuple) -> Money:
    return Money(sum(values, 0))


def decimal_truncate(d: Fraction) -> Fraction:
    return Fraction(math.trunc(d))


def decimal_ceil(d: Fraction) -> Fraction:
    return Fraction(math.ceil(d))


def decimal_floor(d: Fraction) -> Fraction:
    return Fraction(math.floor(d))


def decimal_round_to(d: Fraction, n: int) -> Fraction:
    """Round half away from zero to n decimal places (n < 0: to tens, hundreds…)."""
    if n >= 0:
        scale = 10 ** n
        return Fraction(round_ratio(d.numerator * scale, d.denominator), scale)
    scale = 10 ** -n
    return Fraction(round_ratio(d.numerator, d.denominator * scale) * scale)


def money_truncate(m: Money) -> Money:
    """Whole currency unit toward zero: 12,70 € → 12,00 €, -12,70 € → -12,00 €."""
    units = abs(m) // 100 * 100
    return Money(units if m >= 0 else -units)


def money_ceil(m: Money) -> Money:
    return Money(-((-m) // 100) * 100)


def money_floor(m: Money) -> Money:
    return Money(m // 100 * 100)


def money_round_to(m: Money, n: int) -> Money:
    """Unchanged for n ≥ 2; n = 1 nearest 10 cents; n ≤ 0 nearest 10^(−n) units (half away from zero)."""
    if n >= 2:
        return m
    step = 10 ** (2 - n)
    return Money(round_ratio(m, step) * step)


def in_excess(a: Money, reference: Money) -> Money:
    """`en_excès`: max(0, a − référence)."""
    d = a - reference
    return Money(d if d > 0 else 0)


def in_default(a: Money, reference: Money) -> Money:
    """`en_défaut`: max(0, référence − a)."""
    d = reference - a
    return Money(d if d > 0 else 0)


def duration_positive(d: Duration, pos: SourcePosition) -> Duration:
    """d if d > 0 jour else 0 jour (raises when d mixes days with months or years)."""
    return d if compare_durations(d, Duration(), pos) > 0 else Duration()


def duration_sum(values: tuple) -> Duration:
    total = Duration()
    for d in values:
        total = total + d
    return total


def sequence(start: int, end: int) -> tuple:
    """[start; …; end − 1] (end excluded)."""
    return tuple(range(start, end))


def nth_element(values: tuple, index: int):
    """1-based access, Absent out of range."""
    return Present(values[index - 1]) if 1 <= index <= len(values) else ABSENT


def first_element(values: tuple):
    return Present(values[0]) if values else ABSENT


def last_element(values: tuple):
    return Present(values[-1]) if values else ABSENT


def remove_nth_element(values: tuple, index: int) -> tuple:
    if 1 <= index <= len(values):
        return values[:index - 1] + values[index:]
    return values


def remove_first_element(values: tuple) -> tuple:
    return values[1:]


def remove_last_element(values: tuple) -> tuple:
    return values[:-1]


def reverse(values: tuple) -> tuple:
    return values[::-1]

"""Shared implementations of the Entier / Décimal / Argent / Durée / Liste stdlib functions."""

from __future__ import annotations

import math
from math import gcd
from fractions import Fraction
from typing import Any, Protocol, TypeVar

from .. import ABSENT, Duration, Money, Present, SourcePosition, compare_durations
from ..arith import _new_object, round_ratio
from ..errors import ResourceLimit

#: the longest list `séquence` builds (80 MB of tuple, and the integers): beyond, an error instead of a MemoryError
MAX_SEQUENCE_LENGTH = 10_000_000
#: the most decimals `arrondi_à_la_décimale` computes when the result really has that many
MAX_ROUNDING_DIGITS = 100_000


class _Ordered(Protocol):
    def __le__(self, other: Any, /) -> bool: ...

    def __ge__(self, other: Any, /) -> bool: ...


_O = TypeVar("_O", bound=_Ordered)


def minimum(a: _O, b: _O) -> _O:
    return a if a <= b else b


def maximum(a: _O, b: _O) -> _O:
    return a if a >= b else b


def cap(value, max_value):
    """`plafond`: min(value, max_value)."""
    return value if value <= max_value else max_value


def floor_at(value, min_value):
    """`plancher`: max(value, min_value)."""
    return value if value >= min_value else min_value


def positive(value):
    return value if value > 0 else value * 0


def decimal_minimum(a: Fraction, b: Fraction) -> Fraction:
    """`Décimal.min`: as `minimum`, comparing by cross-multiplication (denominators are positive) instead of
    Fraction's operator dispatch; an int operand falls back on the native comparison."""
    try:
        return a if a._numerator * b._denominator <= b._numerator * a._denominator else b
    except AttributeError:
        return a if a <= b else b


def decimal_maximum(a: Fraction, b: Fraction) -> Fraction:
    """`Décimal.max`, as `decimal_minimum`."""
    try:
        return a if a._numerator * b._denominator >= b._numerator * a._denominator else b
    except AttributeError:
        return a if a >= b else b


def int_sum(values: tuple) -> int:
    return sum(values, 0)


def decimal_sum(values: tuple) -> Fraction:
    """The exact sum, in lowest terms: numerators added over the least common denominator (as integers, no
    Fraction built per element), reduced once at the end; integers are taken as decimals."""
    n, d = 0, 1
    for value in values:
        try:
            vn, vd = value._numerator, value._denominator
        except AttributeError:  # an int given where a decimal is expected
            vn, vd = value.numerator, value.denominator
        if vd == d:
            n += vn
        else:
            g = gcd(d, vd)
            multiple = d // g * vd
            n = n * (multiple // d) + vn * (multiple // vd)
            d = multiple
    g = gcd(n, d) if d != 1 else 1
    total = _new_object(Fraction)
    total._numerator = n // g
    total._denominator = d // g
    return total


def money_sum(values: tuple) -> Money:
    return Money(sum(values, 0))


def decimal_truncate(d: Fraction) -> Fraction:
    return Fraction(math.trunc(d))


def decimal_ceil(d: Fraction) -> Fraction:
    return Fraction(math.ceil(d))


def decimal_floor(d: Fraction) -> Fraction:
    return Fraction(math.floor(d))


def _digits(n: int) -> int:
    """Number of decimal digits of |n| (at least 1), without printing it."""
    n = abs(n)
    d = max(1, (n.bit_length() * 30103) // 100000)  # log10(2) ≈ 0.30103: d ≤ the true count
    while 10 ** d <= n:
        d += 1
    return d


def _terminates_within(q: Fraction, n: int) -> bool:
    """q is written exactly with at most n decimals (its denominator divides 10^n)."""
    den = q.denominator
    twos = (den & -den).bit_length() - 1
    den >>= twos
    fives = 0
    while den % 5 == 0:
        den //= 5
        fives += 1
    return den == 1 and max(twos, fives) <= n


def decimal_round_to(pos: SourcePosition, d: Fraction, n: int) -> Fraction:
    """Round half away from zero to n decimal places (n < 0: to tens, hundreds…)."""
    if n >= 0:
        if _terminates_within(d, n):
            return d
        if n > MAX_ROUNDING_DIGITS:
            raise ResourceLimit(f"rounding to {n} decimal places: this result would have more than "
                                f"{MAX_ROUNDING_DIGITS} decimals, the most this implementation computes", [pos])
        scale = 10 ** n
        return Fraction(round_ratio(d.numerator * scale, d.denominator), scale)
    if -n > _digits(math.ceil(abs(d))) + 1:  # 10^(−n) > 2|d|: rounds to zero
        return Fraction(0)
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


def money_round_to(pos: SourcePosition, m: Money, n: int) -> Money:
    """Unchanged for n ≥ 2; n = 1 nearest 10 cents; n ≤ 0 nearest 10^(−n) units (half away from zero)."""
    if n >= 2:
        return m
    if 2 - n > _digits(m) + 1:  # a step above 2|m|: rounds to zero
        return Money(0)
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


def sequence(pos: SourcePosition, start: int, end: int) -> tuple:
    """[start; …; end − 1] (end excluded)."""
    if end - start > MAX_SEQUENCE_LENGTH:
        raise ResourceLimit(f"this list would have {end - start} elements, more than the "
                            f"{MAX_SEQUENCE_LENGTH} this implementation builds", [pos])
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

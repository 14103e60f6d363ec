"""Exact arithmetic on integers, decimals (Fraction) and money (int cents) with the reference rounding.

Rounding is half away from zero everywhere (reference §4.3). Every division takes the position of its
denominator and raises `DivisionByZero` there.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from .errors import DivisionByZero
from .position import SourcePosition
from .values import Money

__all__ = [
    "round_half_away", "round_ratio", "div_int", "div_decimal", "mul_money_decimal", "mul_money_int",
    "div_money_decimal", "div_money_int", "div_money_money", "money_of_decimal", "money_of_integer",
    "decimal_of_money", "decimal_of_integer", "integer_of_decimal", "integer_of_money",
    "round_decimal", "round_money", "add_decimal", "sub_decimal", "mul_decimal",
    "decimal_lt", "decimal_le", "decimal_gt", "decimal_ge", "decimal_eq",
]

_new_object = object.__new__

# The hot functions below build their result inline, as `_fraction` does (`q = _new_object(Fraction)` and the
# two slots): a Python call costs as much as the construction itself, and generated code builds tens of
# decimals per scope call.


def _fraction(numerator: int, denominator: int) -> Fraction:
    """The Fraction numerator/denominator, which the caller guarantees to be in lowest terms with
    denominator > 0: built without Fraction's own checks and gcd (the hot path of generated code)."""
    q = _new_object(Fraction)
    q._numerator = numerator
    q._denominator = denominator
    return q


def _sum(na: int, da: int, nb: int, db: int) -> Fraction:
    """na/da + nb/db in lowest terms (the algorithm of `Fraction.__add__`, minus its dispatch and checks)."""
    q = _new_object(Fraction)
    if da == db:  # the same denominator (integers among them): one gcd of the sum
        n = na + nb
        if da == 1:
            q._numerator = n
            q._denominator = 1
            return q
        g = gcd(n, da)
        q._numerator = n // g
        q._denominator = da // g
        return q
    g = gcd(da, db)
    if g == 1:
        q._numerator = na * db + da * nb
        q._denominator = da * db
        return q
    s = da // g
    t = na * (db // g) + nb * s
    g2 = gcd(t, g)
    q._numerator = t // g2
    q._denominator = s * (db // g2)
    return q


def add_decimal(a: Fraction, b: Fraction) -> Fraction:
    """a + b."""
    try:
        return _sum(a._numerator, a._denominator, b._numerator, b._denominator)
    except AttributeError:  # an int given where a decimal is expected
        return _sum(a.numerator, a.denominator, b.numerator, b.denominator)


def sub_decimal(a: Fraction, b: Fraction) -> Fraction:
    """a - b."""
    try:
        return _sum(a._numerator, a._denominator, -b._numerator, b._denominator)
    except AttributeError:  # an int given where a decimal is expected
        return _sum(a.numerator, a.denominator, -b.numerator, b.denominator)


def mul_decimal(a: Fraction, b: Fraction) -> Fraction:
    """a × b, cross-cancelling before multiplying; a itself when b is 1 (decimals are immutable)."""
    try:
        na, da, nb, db = a._numerator, a._denominator, b._numerator, b._denominator
    except AttributeError:  # an int given where a decimal is expected
        na, da, nb, db = a.numerator, a.denominator, b.numerator, b.denominator
    else:
        if nb == 1 and db == 1:
            return a
    q = _new_object(Fraction)
    if db != 1:
        g1 = gcd(na, db)
        if g1 > 1:
            na //= g1
            db //= g1
    if da != 1:
        g2 = gcd(nb, da)
        if g2 > 1:
            nb //= g2
            da //= g2
    q._numerator = na * nb
    q._denominator = da * db
    return q


# Comparisons of two decimals by cross-multiplication (denominators are positive), without Fraction's
# operator dispatch through numbers.Rational; an int operand falls back on the native comparison.

def decimal_lt(a: Fraction, b: Fraction) -> bool:
    try:
        return a._numerator * b._denominator < b._numerator * a._denominator
    except AttributeError:
        return a < b


def decimal_le(a: Fraction, b: Fraction) -> bool:
    try:
        return a._numerator * b._denominator <= b._numerator * a._denominator
    except AttributeError:
        return a <= b


def decimal_gt(a: Fraction, b: Fraction) -> bool:
    try:
        return a._numerator * b._denominator > b._numerator * a._denominator
    except AttributeError:
        return a > b


def decimal_ge(a: Fraction, b: Fraction) -> bool:
    try:
        return a._numerator * b._denominator >= b._numerator * a._denominator
    except AttributeError:
        return a >= b


def decimal_eq(a: Fraction, b: Fraction) -> bool:
    try:
        return a._numerator == b._numerator and a._denominator == b._denominator
    except AttributeError:
        return a == b


def _reduced(numerator: int, denominator: int) -> Fraction:
    """numerator/denominator (denominator ≠ 0) in lowest terms."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    g = gcd(numerator, denominator)
    q = _new_object(Fraction)
    q._numerator = numerator // g
    q._denominator = denominator // g
    return q


def round_ratio(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to an integer, half away from zero (denominator > 0)."""
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((-2 * numerator + denominator) // (2 * denominator))


def round_half_away(q: Fraction) -> int:
    """Nearest integer to q, ties away from zero (Python's round() is half-to-even: not this)."""
    return round_ratio(q.numerator, q.denominator)


def div_int(a: int, b: int, pos: SourcePosition) -> Fraction:
    """`entier / entier` gives an exact decimal."""
    if b == 0:
        raise DivisionByZero(pos)
    return _reduced(a, b)


def div_decimal(a: Fraction, b: Fraction, pos: SourcePosition) -> Fraction:
    try:
        na, da, nb, db = a._numerator, a._denominator, b._numerator, b._denominator
    except AttributeError:  # an int given where a decimal is expected
        na, da, nb, db = a.numerator, a.denominator, b.numerator, b.denominator
    if nb == 0:
        raise DivisionByZero(pos)
    g1 = gcd(na, nb)
    if g1 > 1:
        na //= g1
        nb //= g1
    if da != 1 and db != 1:
        g2 = gcd(db, da)
        if g2 > 1:
            db //= g2
            da //= g2
    q = _new_object(Fraction)
    if nb < 0:
        q._numerator = -na * db
        q._denominator = -da * nb
    else:
        q._numerator = na * db
        q._denominator = da * nb
    return q


def mul_money_decimal(m: Money, q: Fraction) -> Money:
    """money × decimal: exact product, rounded once to the cent (half away from zero, as round_ratio; written
    out, and without the identity call `Money(...)`, because generated code calls it in loops)."""
    try:
        n, d = q._numerator, q._denominator
    except AttributeError:  # an int given where a decimal is expected
        n, d = q.numerator, q.denominator
    p = m * n
    if p >= 0:
        return (2 * p + d) // (2 * d)
    return -((-2 * p + d) // (2 * d))


def mul_money_int(m: Money, i: int) -> Money:
    return Money(m * i)


def div_money_decimal(m: Money, q: Fraction, pos: SourcePosition) -> Money:
    """money ÷ decimal: multiply by the exact inverse, round to the cent."""
    try:
        n, d = q._numerator, q._denominator
    except AttributeError:  # an int given where a decimal is expected
        n, d = q.numerator, q.denominator
    if n == 0:
        raise DivisionByZero(pos)
    if n > 0:
        return round_ratio(m * d, n)
    return round_ratio(-m * d, -n)


def div_money_int(m: Money, i: int, pos: SourcePosition) -> Money:
    if i == 0:
        raise DivisionByZero(pos)
    if i > 0:
        return Money(round_ratio(m, i))
    return Money(round_ratio(-m, -i))


def div_money_money(a: Money, b: Money, pos: SourcePosition) -> Fraction:
    """money ÷ money gives the exact ratio as a decimal."""
    if b == 0:
        raise DivisionByZero(pos)
    return _reduced(a, b)


def money_of_decimal(q: Fraction) -> Money:
    """`argent de d`: d units rounded to the cent (half away from zero, as round_ratio)."""
    try:
        n, d = q._numerator * 100, q._denominator
    except AttributeError:  # an int given where a decimal is expected
        n, d = q.numerator * 100, q.denominator
    if n >= 0:
        return (2 * n + d) // (2 * d)
    return -((-2 * n + d) // (2 * d))


def money_of_integer(i: int) -> Money:
    return Money(i * 100)


def decimal_of_money(m: Money) -> Fraction:
    g = gcd(m, 100)
    q = _new_object(Fraction)
    q._numerator = m // g
    q._denominator = 100 // g
    return q


def decimal_of_integer(i: int) -> Fraction:
    q = _new_object(Fraction)
    q._numerator = i
    q._denominator = 1
    return q


def integer_of_decimal(q: Fraction) -> int:
    """`entier de d` truncates toward zero."""
    try:
        n, d = q._numerator, q._denominator
    except AttributeError:  # an int given where a decimal is expected
        return int(q)
    return n // d if n >= 0 else -(-n // d)


def integer_of_money(m: Money) -> int:
    """`entier de m` rounds to whole units, half away from zero."""
    return round_ratio(m, 100)


def round_decimal(q: Fraction) -> Fraction:
    """`arrondi de d`: nearest integer, half away from zero, as a decimal."""
    return _fraction(round_ratio(q.numerator, q.denominator), 1)


def round_money(m: Money) -> Money:
    """`arrondi de m`: nearest whole unit, half away from zero."""
    return Money(round_ratio(m, 100) * 100)

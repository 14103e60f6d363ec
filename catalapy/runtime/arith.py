"""Exact arithmetic on integers, decimals (Fraction) and money (int cents) with the reference rounding.

Rounding is half away from zero everywhere (reference §4.3). Every division takes the position of its
denominator and raises `DivisionByZero` there.
"""

from __future__ import annotations

from fractions import Fraction

from .errors import DivisionByZero
from .position import SourcePosition
from .values import Money

__all__ = [
    "round_half_away", "round_ratio", "div_int", "div_decimal", "mul_money_decimal", "mul_money_int",
    "div_money_decimal", "div_money_int", "div_money_money", "money_of_decimal", "money_of_integer",
    "decimal_of_money", "decimal_of_integer", "integer_of_decimal", "integer_of_money",
    "round_decimal", "round_money",
]


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
    return Fraction(a, b)


def div_decimal(a: Fraction, b: Fraction, pos: SourcePosition) -> Fraction:
    if not b:
        raise DivisionByZero(pos)
    return a / b


def mul_money_decimal(m: Money, q: Fraction) -> Money:
    """money × decimal: exact product, rounded once to the cent."""
    return Money(round_ratio(m * q.numerator, q.denominator))


def mul_money_int(m: Money, i: int) -> Money:
    return Money(m * i)


def div_money_decimal(m: Money, q: Fraction, pos: SourcePosition) -> Money:
    """money ÷ decimal: multiply by the exact inverse, round to the cent."""
    n = q.numerator
    if n == 0:
        raise DivisionByZero(pos)
    if n > 0:
        return Money(round_ratio(m * q.denominator, n))
    return Money(round_ratio(-m * q.denominator, -n))


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
    return Fraction(a, b)


def money_of_decimal(q: Fraction) -> Money:
    """`argent de d`: d units rounded to the cent."""
    return Money(round_ratio(q.numerator * 100, q.denominator))


def money_of_integer(i: int) -> Money:
    return Money(i * 100)


def decimal_of_money(m: Money) -> Fraction:
    return Fraction(m, 100)


def decimal_of_integer(i: int) -> Fraction:
    return Fraction(i)


def integer_of_decimal(q: Fraction) -> int:
    """`entier de d` truncates toward zero."""
    return int(q)


def integer_of_money(m: Money) -> int:
    """`entier de m` rounds to whole units, half away from zero."""
    return round_ratio(m, 100)


def round_decimal(q: Fraction) -> Fraction:
    """`arrondi de d`: nearest integer, half away from zero, as a decimal."""
    return Fraction(round_ratio(q.numerator, q.denominator))


def round_money(m: Money) -> Money:
    """`arrondi de m`: nearest whole unit, half away from zero."""
    return Money(round_ratio(m, 100) * 100)

"""Shared implementations of the Date / Période / MoisAnnée stdlib functions (dialect-neutral)."""

from __future__ import annotations

import enum
from datetime import date

from .. import ABSENT, DateRounding, Duration, InvalidDate, Present, SourcePosition, add_date
from ..dates import date_from_ordinal, days_in_month, make_date

#: position reported by stdlib operations that have no call-site position (never raised in practice)
NO_POSITION = SourcePosition("<stdlib>", 1, 1, 1, 1, ())


def earliest(d1: date, d2: date) -> date:
    return d1 if d1 <= d2 else d2


def latest(d1: date, d2: date) -> date:
    return d1 if d1 >= d2 else d2


def add_round_down(d: date, dur: Duration) -> date:
    return add_date(d, dur, DateRounding.DOWN, NO_POSITION)


def add_round_up(d: date, dur: Duration) -> date:
    return add_date(d, dur, DateRounding.UP, NO_POSITION)


def sub_round_down(d: date, dur: Duration) -> date:
    return add_date(d, -dur, DateRounding.DOWN, NO_POSITION)


def sub_round_up(d: date, dur: Duration) -> date:
    return add_date(d, -dur, DateRounding.UP, NO_POSITION)


def of_year_month_day(pos: SourcePosition, year: int, month: int, day: int) -> date:
    """The date y-m-d, or the runtime error "|YYYY-MM-DD| is not a valid date" at the call site."""
    if 1 <= month <= 12 and 1 <= day <= days_in_month(year, month):
        return make_date(year, month, day)
    raise InvalidDate(year, month, day, pos)


def to_year_month_day(d: date) -> tuple[int, int, int]:
    return (d.year, d.month, d.day)


def get_year(d: date) -> int:
    return d.year


def get_month(d: date) -> int:
    return d.month


def get_day(d: date) -> int:
    return d.day


def first_day_of_month(d: date) -> date:
    return make_date(d.year, d.month, 1)  # not d.replace(day=1): its keyword argument costs twice as much


def last_day_of_month(d: date) -> date:
    return make_date(d.year, d.month, days_in_month(d.year, d.month))


def first_day_of_year(d: date) -> date:
    return make_date(d.year, 1, 1)


def last_day_of_year(d: date) -> date:
    return make_date(d.year, 12, 31)


def month_number(month: enum.Enum) -> int:
    """1 for the first constructor of a month enumeration, …, 12 for the last."""
    return _MEMBER_INDEX[month]


def month_of_number(months: type[enum.Enum], pos: SourcePosition, number: int) -> enum.Enum:
    """The month numbered 1–12; outside, the reference reports the invalid date |-001--1--1|."""
    if 1 <= number <= 12:
        return list(months)[number - 1]
    raise InvalidDate(-1, -1, -1, pos)


_MEMBER_INDEX: dict[enum.Enum, int] = {}


def register_months(months: type[enum.Enum]) -> None:
    for number, member in enumerate(months, start=1):
        _MEMBER_INDEX[member] = number


def is_old_enough(birth: date, age: Duration, at: date, rounding: DateRounding) -> bool:
    """`at >= birth + age` with the given rounding of the anniversary."""
    return at >= add_date(birth, age, rounding, NO_POSITION)


def day_of_week(days: type[enum.Enum], d: date) -> enum.Enum:
    """Monday-first weekday enumeration member of a date."""
    return list(days)[d.weekday()]


# --- periods (start, end both included) -----------------------------------------------------------

def period_is_valid(start: date, end: date) -> bool:
    return not end < start


def period_duration(start: date, end: date) -> Duration:
    """1 day + end − start."""
    return Duration(0, 0, 1 + end.toordinal() - start.toordinal())


def _split(start: date, stop: date, next_boundary) -> list[tuple[date, date]]:
    """Cut [start, stop] at successive boundaries, as the reference does: a piece ends the day
    before a boundary strictly earlier than stop; the last piece is kept only if start < stop."""
    pieces = []
    while True:
        boundary = next_boundary(start)
        if boundary < stop:
            pieces.append((start, date_from_ordinal(boundary.toordinal() - 1)))
            start = boundary
        else:
            if start < stop:
                pieces.append((start, stop))
            return pieces


def split_by_month(start: date, stop: date) -> list[tuple[date, date]]:
    """Calendar-month pieces of a period (reference quirk: a one-day period gives no piece)."""
    return _split(start, stop, lambda d: add_date(d.replace(day=1), Duration(0, 1, 0),
                                                  DateRounding.ERROR, NO_POSITION))


def split_by_year(first_month: int, start: date, stop: date) -> list[tuple[date, date]]:
    """Pieces of a period cut at each year beginning on the 1st of `first_month` (1–12)."""
    def next_year_start(d: date) -> date:
        year = d.year if d.month >= first_month else d.year - 1
        return make_date(year + 1, first_month, 1)
    return _split(start, stop, next_year_start)


def find_first(items: tuple, predicate):
    for item in items:
        if predicate(item):
            return Present(item)
    return ABSENT

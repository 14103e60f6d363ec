"""Date and duration arithmetic with the reference semantics (§4.4)."""

from __future__ import annotations

import enum
from datetime import date, timedelta
from fractions import Fraction

from .errors import (AmbiguousDateRounding, DateOutOfRange, DivisionByZero, DurationDivisionNotDays,
                     UncomparableDurations)
from .position import SourcePosition
from .values import Duration

__all__ = [
    "DateRounding", "days_in_month", "add_date", "sub_date", "date_difference", "compare_durations",
    "durations_equal", "duration_lt", "duration_le", "duration_gt", "duration_ge", "div_duration",
    "last_day_of_month",
]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class DateRounding(enum.Enum):
    """What `date + n mois` does when the day does not exist in the target month."""

    ERROR = "error"  # no `date arrondi` in the scope: runtime error
    DOWN = "down"  # `date arrondi inférieur`: last day of the target month
    UP = "up"  # `date arrondi supérieur`: first day of the following month


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def last_day_of_month(d: date) -> date:
    return d.replace(day=days_in_month(d.year, d.month))


def add_date(d: date, dur: Duration, rounding: DateRounding, pos: SourcePosition) -> date:
    """date + duration: years and months first (one rounding), then days by the calendar."""
    months = dur.years * 12 + dur.months
    if months:
        year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
        month = month0 + 1
        day = d.day
        last = days_in_month(year, month)
        if not 1 <= year <= 9999:
            raise DateOutOfRange(pos)
        if day > last:
            if rounding is DateRounding.DOWN:
                day = last
            elif rounding is DateRounding.UP:
                day = 1
                if month == 12:
                    year, month = year + 1, 1
                    if year > 9999:
                        raise DateOutOfRange(pos)
                else:
                    month += 1
            else:
                raise AmbiguousDateRounding(pos)
        d = date(year, month, day)
    if dur.days:
        try:
            d = d + timedelta(days=dur.days)
        except OverflowError:
            raise DateOutOfRange(pos) from None
    return d


def sub_date(d: date, dur: Duration, rounding: DateRounding, pos: SourcePosition) -> date:
    """date − duration = date + (−duration), same rounding."""
    return add_date(d, -dur, rounding, pos)


def date_difference(a: date, b: date) -> Duration:
    """date − date: an exact number of days (negative when a is earlier)."""
    return Duration(0, 0, (a - b).days)


def compare_durations(a: Duration, b: Duration, pos: SourcePosition) -> int:
    """-1, 0 or 1; months against days has no answer and raises `UncomparableDurations` at pos."""
    if a.days == 0 and b.days == 0:
        x, y = a.years * 12 + a.months, b.years * 12 + b.months
    elif a.years == 0 and a.months == 0 and b.years == 0 and b.months == 0:
        x, y = a.days, b.days
    else:
        raise UncomparableDurations(pos)
    return (x > y) - (x < y)


def durations_equal(a: Duration, b: Duration, pos: SourcePosition) -> bool:
    """Componentwise identity, else the comparison rule (so `1 an = 12 mois`)."""
    if a.years == b.years and a.months == b.months and a.days == b.days:
        return True
    return compare_durations(a, b, pos) == 0


def duration_lt(a: Duration, b: Duration, pos: SourcePosition) -> bool:
    return compare_durations(a, b, pos) < 0


def duration_le(a: Duration, b: Duration, pos: SourcePosition) -> bool:
    return compare_durations(a, b, pos) <= 0


def duration_gt(a: Duration, b: Duration, pos: SourcePosition) -> bool:
    return compare_durations(a, b, pos) > 0


def duration_ge(a: Duration, b: Duration, pos: SourcePosition) -> bool:
    return compare_durations(a, b, pos) >= 0


def div_duration(a: Duration, b: Duration, pos: SourcePosition) -> Fraction:
    """duration ÷ duration, only between pure day durations; pos is the denominator's."""
    if a.years or a.months or b.years or b.months:
        raise DurationDivisionNotDays(pos)
    if b.days == 0:
        raise DivisionByZero(pos)
    return Fraction(a.days, b.days)

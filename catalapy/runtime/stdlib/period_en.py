"""`Period` (EN) external module: implementation of period_en.catala_en."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import ABSENT, Duration, Option, Present
from . import _calendar as cal
from .date_en import Month

__all__ = ["Period", "of_month_and_year", "of_year", "valid", "duration", "are_adjacent", "join",
           "intersection", "overlaps", "covers", "is_contained", "is_before", "is_after",
           "find_period", "sort_by_date", "split_by_month", "split_by_year"]


@dataclass(frozen=True, slots=True)
class Period:
    begin: date
    end: date  # included


def of_month_and_year(pmonth: Month, pyear: int) -> Period:
    start = cal.of_year_month_day(cal.NO_POSITION, pyear, cal.month_number(pmonth), 1)
    return Period(start, cal.last_day_of_month(start))


def of_year(pyear: int) -> Period:
    return Period(cal.of_year_month_day(cal.NO_POSITION, pyear, 1, 1),
                  cal.of_year_month_day(cal.NO_POSITION, pyear, 12, 31))


def valid(p: Period) -> bool:
    return cal.period_is_valid(p.begin, p.end)


def duration(p: Period) -> Duration:
    return cal.period_duration(p.begin, p.end)


def are_adjacent(p1: Period, p2: Period) -> bool:
    return p2.begin.toordinal() - p1.end.toordinal() == 1


def join(p1: Period, p2: Period) -> Period:
    return Period(cal.earliest(p1.begin, p2.begin), cal.latest(p1.end, p2.end))


def intersection(p1: Period, p2: Period) -> Option[Period]:
    inter = Period(cal.latest(p1.begin, p2.begin), cal.earliest(p1.end, p2.end))
    return Present(inter) if valid(inter) else ABSENT


def overlaps(p1: Period, p2: Period) -> bool:
    return isinstance(intersection(p1, p2), Present)


def covers(long: Period, short: Period) -> bool:
    return long.begin <= short.begin and short.end <= long.end


def is_contained(p: Period, d: date) -> bool:
    return p.begin <= d <= p.end


def is_before(p: Period, d: date) -> bool:
    return d < p.begin


def is_after(p: Period, d: date) -> bool:
    return d > p.end


def find_period(l: tuple[Period, ...], d: date) -> Option[Period]:
    return cal.find_first(l, lambda p: is_contained(p, d))


def sort_by_date(l: tuple) -> tuple:
    """Stable sort of (Period, value) pairs by begin date."""
    return tuple(sorted(l, key=lambda pair: pair[0].begin))


def split_by_month(p: Period) -> tuple[Period, ...]:
    return tuple(Period(a, b) for a, b in cal.split_by_month(p.begin, p.end))


def split_by_year(starting_month: Month, p: Period) -> tuple[Period, ...]:
    return tuple(Period(a, b) for a, b in cal.split_by_year(cal.month_number(starting_month), p.begin, p.end))

"""`MonthYear` (EN) external module: implementation of monthyear_en.catala_en."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import _calendar as cal
from .date_en import Month

__all__ = ["MonthYear", "from_date", "first_day_of_month", "last_day_of_month",
           "is_before_the_month", "is_after_the_month", "is_in_the_month",
           "is_before_or_during_month", "is_during_or_after_month"]


@dataclass(frozen=True, slots=True)
class MonthYear:
    year_number: int
    month_name: Month


def from_date(d: date) -> MonthYear:
    return MonthYear(d.year, cal.month_of_number(Month, cal.NO_POSITION, d.month))


def first_day_of_month(m: MonthYear) -> date:
    return cal.of_year_month_day(cal.NO_POSITION, m.year_number, cal.month_number(m.month_name), 1)


def last_day_of_month(m: MonthYear) -> date:
    return cal.last_day_of_month(first_day_of_month(m))


def is_before_the_month(m: MonthYear, d: date) -> bool:
    return d < first_day_of_month(m)


def is_after_the_month(m: MonthYear, d: date) -> bool:
    return d > last_day_of_month(m)


def is_before_or_during_month(m: MonthYear, d: date) -> bool:
    return d <= last_day_of_month(m)


def is_during_or_after_month(m: MonthYear, d: date) -> bool:
    return d >= first_day_of_month(m)


def is_in_the_month(m: MonthYear, d: date) -> bool:
    return is_before_or_during_month(m, d) and is_during_or_after_month(m, d)

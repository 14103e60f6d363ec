"""Date and duration arithmetic with the reference semantics (§4.4).

Dates are Python's ``datetime.date`` for the years 1–9999 (the fast path every real program stays on) and
:class:`FarDate` outside them: the reference's calendar is the proleptic Gregorian one for every year (year 0
is a leap year, ``|0000-11-15| + 2025 an`` is ``|2025-11-15|``). :func:`make_date` and
:func:`date_from_ordinal` pick the representation; both kinds compare, subtract and print alike."""

from __future__ import annotations

import enum
from datetime import date, timedelta
from fractions import Fraction

from .errors import AmbiguousDateRounding, DivisionByZero, DurationDivisionNotDays, UncomparableDurations
from .position import SourcePosition
from .values import Duration

__all__ = [
    "FarDate", "make_date", "date_from_ordinal", "DateRounding", "days_in_month", "add_date", "sub_date", "date_difference", "compare_durations",
    "durations_equal", "duration_lt", "duration_le", "duration_gt", "duration_ge", "div_duration",
    "last_day_of_month",
]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAYS_IN_400_YEARS = 146_097
_MAX_ORDINAL = date.max.toordinal()
_date_fromordinal = date.fromordinal


def _days_before_year(year: int) -> int:
    """Days from 0001-01-01 to ``year``-01-01 (negative before year 1; floor division keeps the Gregorian
    400-year cycle exact for every year)."""
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


class FarDate:
    """A calendar day of a year outside 1–9999, with the interface of ``datetime.date`` that the runtime uses
    (``year``, ``month``, ``day``, ``toordinal``, ``replace``, ``weekday``, ordering against either kind).
    Built only through :func:`make_date` / :func:`date_from_ordinal`, so a day of the years 1–9999 is always a
    ``datetime.date`` and equal days are equal values."""

    __slots__ = ("year", "month", "day")

    def __init__(self, year: int, month: int, day: int) -> None:
        if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)):
            raise ValueError(f"{year:04d}-{month:02d}-{day:02d} is not a calendar day")
        self.year, self.month, self.day = year, month, day

    def toordinal(self) -> int:
        days_before_month = sum(days_in_month(self.year, m) for m in range(1, self.month))
        return _days_before_year(self.year) + days_before_month + self.day

    def replace(self, year: int | None = None, month: int | None = None, day: int | None = None):
        return make_date(self.year if year is None else year, self.month if month is None else month,
                         self.day if day is None else day)

    def weekday(self) -> int:
        return (self.toordinal() + 6) % 7  # 0001-01-01 (ordinal 1) was a Monday

    def isoformat(self) -> str:
        sign = "-" if self.year < 0 else ""
        return f"{sign}{abs(self.year):04d}-{self.month:02d}-{self.day:02d}"

    def __repr__(self) -> str:
        return f"FarDate({self.year}, {self.month}, {self.day})"

    def __sub__(self, other: object) -> timedelta:
        """``a - b`` between days of either kind is a ``timedelta``, as between two ``datetime.date``."""
        if isinstance(other, (FarDate, date)):
            return timedelta(days=self.toordinal() - other.toordinal())
        return NotImplemented

    def __rsub__(self, other: object) -> timedelta:
        if isinstance(other, date):
            return timedelta(days=other.toordinal() - self.toordinal())
        return NotImplemented

    def __hash__(self) -> int:
        return hash((FarDate, self.year, self.month, self.day))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FarDate):
            return (self.year, self.month, self.day) == (other.year, other.month, other.day)
        return NotImplemented if not isinstance(other, date) else False

    def _key(self, other: object) -> tuple[int, int] | None:
        if isinstance(other, (FarDate, date)):
            return self.toordinal(), other.toordinal()
        return None

    def __lt__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] < k[1]

    def __le__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] <= k[1]

    def __gt__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] > k[1]

    def __ge__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] >= k[1]


def make_date(year: int, month: int, day: int) -> date:
    """The day ``year-month-day`` (``ValueError`` if it is not a calendar day): a ``datetime.date`` when Python
    can hold it, a :class:`FarDate` otherwise."""
    if 1 <= year <= 9999:
        return date(year, month, day)
    return FarDate(year, month, day)  # type: ignore[return-value]


def date_from_ordinal(n: int) -> date:
    """The day numbered ``n`` (0001-01-01 is 1, as ``date.toordinal``), for any ``n``."""
    if 1 <= n <= _MAX_ORDINAL:
        return date.fromordinal(n)
    cycles, rest = divmod(n - 1, _DAYS_IN_400_YEARS)  # the calendar repeats every 400 years
    d = date.fromordinal(rest + 1)
    return FarDate(d.year + 400 * cycles, d.month, d.day)  # type: ignore[return-value]


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
    return make_date(d.year, d.month, days_in_month(d.year, d.month))


def add_date(d: date, dur: Duration, rounding: DateRounding, pos: SourcePosition) -> date:
    """date + duration: years and months first (one rounding), then days by the calendar."""
    months = dur.years * 12 + dur.months
    days = dur.days
    if months:
        year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
        month = month0 + 1
        day = d.day
        if day > 28:  # every month has the days 1–28: only a later day may need the rounding
            last = days_in_month(year, month)
            if day > last:
                if rounding is DateRounding.DOWN:
                    day = last
                elif rounding is DateRounding.UP:
                    day = 1
                    if month == 12:
                        year, month = year + 1, 1
                    else:
                        month += 1
                else:
                    raise AmbiguousDateRounding(pos)
        d = date(year, month, day) if 1 <= year <= 9999 else FarDate(year, month, day)  # type: ignore[assignment]
    if days:
        n = d.toordinal() + days
        return _date_fromordinal(n) if 1 <= n <= _MAX_ORDINAL else date_from_ordinal(n)
    return d


def sub_date(d: date, dur: Duration, rounding: DateRounding, pos: SourcePosition) -> date:
    """date − duration = date + (−duration), same rounding."""
    return add_date(d, -dur, rounding, pos)


def date_difference(a: date, b: date) -> Duration:
    """date − date: an exact number of days (negative when a is earlier)."""
    return Duration(0, 0, a.toordinal() - b.toordinal())


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

"""`Date` (EN) external module: implementation of date_en.catala_en."""

from __future__ import annotations

import enum
from datetime import date

from .. import DateRounding, Duration, SourcePosition
from . import _calendar as cal

__all__ = [
    "min", "max", "add_round_down", "add_round_up", "sub_round_down", "sub_round_up",
    "of_year_month_day", "to_year_month_day", "get_year", "get_month", "get_day",
    "first_day_of_month", "last_day_of_month", "first_day_of_year", "last_day_of_year", "Month",
    "month_to_integer", "integer_to_month", "is_old_enough_rounding_down",
    "is_old_enough_rounding_up", "is_young_enough_rounding_down", "is_young_enough_rounding_up",
    "Day_of_week", "day_of_week",
]


class Month(enum.Enum):
    January = "January"
    February = "February"
    March = "March"
    April = "April"
    May = "May"
    June = "June"
    July = "July"
    August = "August"
    September = "September"
    October = "October"
    November = "November"
    December = "December"


class Day_of_week(enum.Enum):
    Monday = "Monday"
    Tuesday = "Tuesday"
    Wednesday = "Wednesday"
    Thursday = "Thursday"
    Friday = "Friday"
    Saturday = "Saturday"
    Sunday = "Sunday"


cal.register_months(Month)

min = cal.earliest
max = cal.latest
add_round_down = cal.add_round_down
add_round_up = cal.add_round_up
sub_round_down = cal.sub_round_down
sub_round_up = cal.sub_round_up
of_year_month_day = cal.of_year_month_day
to_year_month_day = cal.to_year_month_day
get_year = cal.get_year
get_month = cal.get_month
get_day = cal.get_day
first_day_of_month = cal.first_day_of_month
last_day_of_month = cal.last_day_of_month
first_day_of_year = cal.first_day_of_year
last_day_of_year = cal.last_day_of_year
month_to_integer = cal.month_number


def integer_to_month(pos: SourcePosition, i: int) -> Month:
    return cal.month_of_number(Month, pos, i)


def is_old_enough_rounding_down(birth_date: date, age: Duration, at_date: date) -> bool:
    return cal.is_old_enough(birth_date, age, at_date, DateRounding.DOWN)


def is_old_enough_rounding_up(birth_date: date, age: Duration, at_date: date) -> bool:
    return cal.is_old_enough(birth_date, age, at_date, DateRounding.UP)


def is_young_enough_rounding_down(birth_date: date, age: Duration, at_date: date) -> bool:
    return not cal.is_old_enough(birth_date, age, at_date, DateRounding.DOWN)


def is_young_enough_rounding_up(birth_date: date, age: Duration, at_date: date) -> bool:
    return not cal.is_old_enough(birth_date, age, at_date, DateRounding.UP)


def day_of_week(d: date) -> Day_of_week:
    return cal.day_of_week(Day_of_week, d)

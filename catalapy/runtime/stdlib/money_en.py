"""`Money` (EN) external module: implementation of money_en.catala_en."""

from . import _numbers as n

__all__ = ["min", "max", "ceiling", "floor", "positive", "truncate", "round_by_excess",
           "round_by_default", "round_to_decimal", "sum", "in_excess", "in_default"]

min = n.minimum
max = n.maximum
ceiling = n.cap
floor = n.floor_at
positive = n.positive
truncate = n.money_truncate
round_by_excess = n.money_ceil
round_by_default = n.money_floor
round_to_decimal = n.money_round_to
sum = n.money_sum
in_excess = n.in_excess
in_default = n.in_default

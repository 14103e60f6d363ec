"""`Decimal` (EN) external module: implementation of decimal_en.catala_en."""

from . import _numbers as n

__all__ = ["min", "max", "ceiling", "floor", "positive", "truncate", "round_by_excess",
           "round_by_default", "round_to_decimal", "sum"]

min = n.decimal_minimum
max = n.decimal_maximum
ceiling = n.cap
floor = n.floor_at
positive = n.positive
truncate = n.decimal_truncate
round_by_excess = n.decimal_ceil
round_by_default = n.decimal_floor
round_to_decimal = n.decimal_round_to
sum = n.decimal_sum

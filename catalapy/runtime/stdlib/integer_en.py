"""`Integer` (EN) external module: implementation of integer_en.catala_en."""

from . import _numbers as n

__all__ = ["min", "max", "ceiling", "floor", "positive", "sum"]

min = n.minimum
max = n.maximum
ceiling = n.cap
floor = n.floor_at
positive = n.positive
sum = n.int_sum

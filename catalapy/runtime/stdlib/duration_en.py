"""`Duration` (EN) external module: implementation of duration_en.catala_en."""

from .. import Duration as _Duration, SourcePosition
from . import _numbers as n

__all__ = ["positive", "sum"]

#: where `positive` reports an uncomparable duration: its declaration in the interface file
POSITIVE_POSITION = SourcePosition("catalapy/stdlib/duration_en.catala_en", 9, 13, 9, 21, ("Duration",))


def positive(d: _Duration) -> _Duration:
    return n.duration_positive(d, POSITIVE_POSITION)


sum = n.duration_sum

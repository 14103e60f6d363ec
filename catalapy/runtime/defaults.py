"""Default-logic helpers for generated code: the EMPTY marker, conflicts, reads of possibly-undefined
variables, assertion bookkeeping, and the few list operations that need a position or a comparison."""

from __future__ import annotations

import enum
from functools import cmp_to_key
from typing import TYPE_CHECKING, Final, TypeVar

from .errors import AssertionFailed, CatalaRuntimeError, Conflict, ListEmpty, NoValue, NotSameLength
from .ordering import compare
from .position import SourcePosition

__all__ = [
    "EMPTY", "Empty", "read", "pick", "AssertionFailures", "raise_failures", "explain_comparison",
    "zip_same", "list_max", "list_min", "list_max_cmp", "list_min_cmp", "arg_extremum", "sorted_by",
    "sum_durations", "contains_eq", "impossible",
]


T = TypeVar("T")


if TYPE_CHECKING:
    class Empty(enum.Enum):
        """For type checkers, an enumeration of one member, so that they narrow `x is EMPTY` (generated code
        declares `x: T | rt.Empty`)."""

        EMPTY = "EMPTY"

    EMPTY: Final = Empty.EMPTY
else:
    class Empty:
        """The value of a variable none of whose rules applies (never escapes a scope)."""

        __slots__ = ()

        def __repr__(self) -> str:
            return "EMPTY"

    EMPTY = Empty()


def read(value: T | Empty, pos: SourcePosition) -> T:
    """A read of an internal variable that may have no applicable rule: NoValue at the read."""
    if value is EMPTY:
        raise NoValue(pos)
    return value


def pick(*results: tuple[T | Empty, SourcePosition | None]) -> tuple[T | Empty, SourcePosition | None]:
    """Among (value, position) pairs of sibling exceptions or rules: the unique non-EMPTY one, or (EMPTY, None);
    several → Conflict with all their positions."""
    found = [r for r in results if r[0] is not EMPTY]
    if not found:
        return EMPTY, None
    if len(found) > 1:
        raise Conflict(*[r[1] for r in found])
    return found[0]


class AssertionFailures(CatalaRuntimeError):
    """Several failed assertions of one scope run (each reported in its own box)."""

    def __init__(self, failures: list[AssertionFailed]):
        super().__init__(failures[0].message, failures[0].positions)
        self.failures = list(failures)


def raise_failures(failures: list[AssertionFailed]) -> None:
    if len(failures) == 1:
        raise failures[0]
    raise AssertionFailures(failures)


_NEGATED = {"=": "≠", "<": "≮", "<=": "≰", ">": "≯", ">=": "≱"}
_PLAIN = {"=": "=", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def explain_comparison(op: str, negated: bool, left, right, left_type, lang) -> str:
    """`6 ≮ 6`: the failed comparison with its operands evaluated (negation symbol unless the assertion
    itself was a negation)."""
    from .printing import format_value

    symbol = _PLAIN[op] if negated else _NEGATED[op]
    if negated and op in (">", "<"):
        symbol = op
    if negated and op == "=":
        symbol = "="
    return f"{format_value(left, left_type, lang)} {symbol} {format_value(right, left_type, lang)}"


def zip_same(pos: SourcePosition, *lists):
    """zip of lists that must have the same length."""
    n = len(lists[0])
    for other in lists[1:]:
        if len(other) != n:
            raise NotSameLength(pos)
    return zip(*lists)


def list_max(values: tuple, pos: SourcePosition):
    if not values:
        raise ListEmpty(pos)
    return max(values)


def list_min(values: tuple, pos: SourcePosition):
    if not values:
        raise ListEmpty(pos)
    return min(values)


def list_max_cmp(values: tuple, pos: SourcePosition, cmp_pos: SourcePosition):
    if not values:
        raise ListEmpty(pos)
    best = values[0]
    for v in values[1:]:
        if compare(v, best, cmp_pos) >= 0:
            best = v
    return best


def list_min_cmp(values: tuple, pos: SourcePosition, cmp_pos: SourcePosition):
    if not values:
        raise ListEmpty(pos)
    best = values[0]
    for v in values[1:]:
        if compare(v, best, cmp_pos) <= 0:
            best = v
    return best


def arg_extremum(values: tuple, keys: tuple, want_max: bool, pos: SourcePosition, cmp_pos: SourcePosition):
    """The element of the best key; on ties the later one (the accumulator is kept only if strictly
    better)."""
    if not values:
        raise ListEmpty(pos)
    best, best_key = values[0], keys[0]
    for v, k in zip(values[1:], keys[1:]):
        c = compare(best_key, k, cmp_pos)
        keep = c > 0 if want_max else c < 0
        if not keep:
            best, best_key = v, k
    return best


def sorted_by(values: tuple, keys: tuple, descending: bool, pos: SourcePosition) -> tuple:
    """Stable sort of values by (already computed) keys with the Catala order."""
    order = sorted(range(len(values)), key=cmp_to_key(lambda i, j: compare(keys[i], keys[j], pos)),
                   reverse=descending)
    return tuple(values[i] for i in order)


def sum_durations(values: tuple):
    from .values import Duration

    total = Duration(0, 0, 0)
    for v in values:
        total = total + v
    return total


def contains_eq(values: tuple, element, pos: SourcePosition) -> bool:
    from .ordering import equal

    return any(equal(v, element, pos) for v in values)


def impossible(pos: SourcePosition, note: str | None = None):
    """`impossible`: always raises (an expression form, so that it can sit in any branch)."""
    from .errors import Impossible

    raise Impossible(pos, note=note)

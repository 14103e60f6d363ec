"""Structural equality and ordering for non-scalar values (lists, tuples, structs, enums, optionals).

Order (reference §3.5): booleans `faux < vrai`, numbers, dates chronologically, durations per §4.4
(may raise at pos), lists and tuples lexicographically (a strict prefix is smaller), structs field by
field in declaration order, enums by constructor declaration order then payload (`Absent < Présent`).
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date
from fractions import Fraction

from .dates import FarDate, compare_durations, durations_equal
from .errors import UncomparableValues
from .position import SourcePosition
from .values import Duration, Present, _Absent

__all__ = ["compare", "equal", "less", "less_equal", "greater", "greater_equal"]

_SCALARS = (bool, int, Fraction, date, FarDate, str, type(None))


def _constructor_rank(value: object) -> int | None:
    """Declaration index of a payload-enum constructor instance, None for other values."""
    cls = type(value)
    rank = _RANKS.get(cls)
    if rank is None:
        for base in cls.__mro__[1:]:
            ctors = base.__dict__.get("__constructors__")
            if ctors is not None:
                rank = list(ctors).index(cls)
                break
        else:
            rank = -1
        _RANKS[cls] = rank
    return None if rank < 0 else rank


_RANKS: dict[type, int] = {}


def _payload(value: object) -> tuple:
    return tuple(getattr(value, f.name) for f in dataclasses.fields(value))


def compare(a: object, b: object, pos: SourcePosition) -> int:
    """-1, 0 or 1 for two values of the same Catala type."""
    if isinstance(a, _SCALARS):
        if a is None:
            return 0
        return (a > b) - (a < b)
    if isinstance(a, Duration):
        return compare_durations(a, b, pos)
    if isinstance(a, tuple):
        for x, y in zip(a, b):
            c = compare(x, y, pos)
            if c:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    if isinstance(a, _Absent):
        return 0 if isinstance(b, _Absent) else -1
    if isinstance(a, Present):
        return compare(a.value, b.value, pos) if isinstance(b, Present) else 1
    if isinstance(a, enum.Enum):
        members = list(type(a))
        ia, ib = members.index(a), members.index(b)
        return (ia > ib) - (ia < ib)
    ra = _constructor_rank(a)
    if ra is not None:
        rb = _constructor_rank(b)
        if ra != rb:
            return (ra > rb) - (ra < rb)
        return compare(_payload(a), _payload(b), pos)
    if dataclasses.is_dataclass(a):
        return compare(_payload(a), _payload(b), pos)
    if callable(a):
        raise UncomparableValues(pos)
    raise TypeError(f"values of type {type(a).__name__} are not comparable")


def equal(a: object, b: object, pos: SourcePosition) -> bool:
    """Catala `=`: structural, with the duration equality rule inside (may raise at pos)."""
    if isinstance(a, _SCALARS):
        return a == b
    if isinstance(a, Duration):
        return durations_equal(a, b, pos)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(equal(x, y, pos) for x, y in zip(a, b))
    if isinstance(a, _Absent):
        return isinstance(b, _Absent)
    if isinstance(a, Present):
        return isinstance(b, Present) and equal(a.value, b.value, pos)
    if isinstance(a, enum.Enum):
        return a is b
    if dataclasses.is_dataclass(a):
        return type(a) is type(b) and equal(_payload(a), _payload(b), pos)
    if callable(a):
        raise UncomparableValues(pos)
    raise TypeError(f"values of type {type(a).__name__} cannot be compared for equality")


def less(a: object, b: object, pos: SourcePosition) -> bool:
    return compare(a, b, pos) < 0


def less_equal(a: object, b: object, pos: SourcePosition) -> bool:
    return compare(a, b, pos) <= 0


def greater(a: object, b: object, pos: SourcePosition) -> bool:
    return compare(a, b, pos) > 0


def greater_equal(a: object, b: object, pos: SourcePosition) -> bool:
    return compare(a, b, pos) >= 0

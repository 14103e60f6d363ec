"""Runtime errors raised by generated code, each carrying the source positions to report."""

from __future__ import annotations

from .position import SourcePosition

__all__ = [
    "CatalaRuntimeError", "NoValue", "Conflict", "DivisionByZero", "ListEmpty", "NotSameLength",
    "AmbiguousDateRounding", "UncomparableDurations", "DurationDivisionNotDays", "Impossible",
    "InvalidDate", "AssertionFailed", "UncomparableValues", "ResourceLimit",
]


class CatalaRuntimeError(Exception):
    """An error of the evaluated program: reference message text, positions, optional note line."""

    def __init__(self, message: str, positions: list[SourcePosition], note: str | None = None):
        super().__init__(message)
        self.message = message
        self.positions = list(positions)
        self.note = note

    def __str__(self) -> str:
        where = ", ".join(str(p) for p in self.positions)
        text = f"{self.message}" + (f" ({self.note})" if self.note else "")
        return f"{where}: {text}" if where else text


class _FixedMessageError(CatalaRuntimeError):
    """A runtime error whose text is fixed by the reference: `Kind(*positions, note=None)`."""

    MESSAGE = ""

    def __init__(self, *positions: SourcePosition, note: str | None = None):
        super().__init__(self.MESSAGE, list(positions), note)


class NoValue(_FixedMessageError):
    MESSAGE = "no applicable rule to define this variable in this situation"


class Conflict(_FixedMessageError):
    MESSAGE = "conflict between multiple valid consequences for assigning the same variable"


class DivisionByZero(_FixedMessageError):
    MESSAGE = "a value is being used as denominator in a division and it computed to zero"


class ListEmpty(_FixedMessageError):
    MESSAGE = "the list was empty"


class NotSameLength(_FixedMessageError):
    MESSAGE = "traversing multiple lists of different lengths"


class AmbiguousDateRounding(_FixedMessageError):
    MESSAGE = "ambiguous date computation with no rounding mode specified"


class UncomparableDurations(_FixedMessageError):
    MESSAGE = "ambiguous comparison between durations in different units (e.g. months vs. days)"


class UncomparableValues(_FixedMessageError):
    """`=`, `<`, … reached a function (directly, or inside a structure, an enumeration payload, a list)."""

    MESSAGE = "attempting to compare values with uncomparable types"


class DurationDivisionNotDays(_FixedMessageError):
    MESSAGE = "dividing durations that are not in days"


class Impossible(_FixedMessageError):
    MESSAGE = '"impossible" computation reached'


class InvalidDate(CatalaRuntimeError):
    """`Date.depuis_année_mois_jour` given a non-existent date (also `entier_vers_mois` out of 1–12,
    reported by the reference as the date |-001--1--1|)."""

    def __init__(self, year: int, month: int, day: int, *positions: SourcePosition):
        super().__init__(f"|{year:04d}-{month:02d}-{day:02d}| is not a valid date", list(positions))
        self.year, self.month, self.day = year, month, day


class ResourceLimit(CatalaRuntimeError):
    """A computation that would exhaust the machine (a list of billions of elements, a rounding to billions of
    decimals, a chain of scope calls deeper than Python's stack): refused with the position of the call."""


class AssertionFailed(CatalaRuntimeError):
    """A failed `assertion`; `explanation` is the compiler-built text after "Assertion failed: "
    (e.g. `6 ≮ 6` or `Upper bound for w: 6 ≮ 6`), or None for a bare "Assertion failed"."""

    def __init__(self, explanation: str | None, *positions: SourcePosition):
        message = "Assertion failed" if explanation is None else f"Assertion failed: {explanation}"
        super().__init__(message, list(positions))
        self.explanation = explanation

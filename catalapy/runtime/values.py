"""Runtime value representation shared by generated code (see ARCHITECTURE.md)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Generic, NewType, TypeVar, Union

__all__ = [
    "Money", "Decimal", "Duration", "Present", "Absent", "ABSENT", "Option",
    "NotProvided", "NOT_PROVIDED", "Unit",
]

T = TypeVar("T")

if TYPE_CHECKING:
    class Money(int):
        """`argent`: an integer number of cents. For type checkers, the sums, differences, negation and
        products by an integer of amounts are amounts (generated code adds only amounts to amounts)."""

        def __add__(self, other: int, /) -> Money: ...

        def __sub__(self, other: int, /) -> Money: ...

        def __mul__(self, other: int, /) -> Money: ...

        def __rmul__(self, other: int, /) -> Money: ...

        def __neg__(self) -> Money: ...
else:
    #: `argent`: an integer number of cents (a plain int at run time).
    Money = NewType("Money", int)

#: `décimal`: an exact rational.
Decimal = Fraction

#: unit type
Unit = type(None)


@dataclass(frozen=True, slots=True)
class Duration:
    """`durée`: (years, months, days), componentwise arithmetic, never normalised."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __add__(self, other: Duration) -> Duration:
        return _duration(self.years + other.years, self.months + other.months, self.days + other.days)

    def __sub__(self, other: Duration) -> Duration:
        return _duration(self.years - other.years, self.months - other.months, self.days - other.days)

    def __neg__(self) -> Duration:
        return _duration(-self.years, -self.months, -self.days)

    def __mul__(self, factor: int) -> Duration:
        return _duration(self.years * factor, self.months * factor, self.days * factor)

    __rmul__ = __mul__


_new_object = object.__new__
_set_years, _set_months, _set_days = Duration.years.__set__, Duration.months.__set__, Duration.days.__set__  # type: ignore[attr-defined]


def _duration(years: int, months: int, days: int) -> Duration:
    """Duration(years, months, days) through its slots, without the frozen dataclass's __init__ (which sets
    each field through object.__setattr__: twice the cost; generated code builds durations in loops)."""
    d = _new_object(Duration)
    _set_years(d, years)
    _set_months(d, months)
    _set_days(d, days)
    return d


@dataclass(frozen=True, slots=True, init=False)
class Present(Generic[T]):
    """`Présent contenu value` of an `optionnel`."""

    value: T

    def __init__(self, value: T) -> None:
        _set_present_value(self, value)  # through the slot: the frozen __init__'s object.__setattr__ costs more


_set_present_value = Present.value.__set__  # type: ignore[attr-defined]


if TYPE_CHECKING:
    class _Absent(enum.Enum):
        """For type checkers, an enumeration of one member, so that they narrow `x is ABSENT`."""

        ABSENT = "ABSENT"

    ABSENT: Final = _Absent.ABSENT
else:
    class _Absent:
        """The `Absent` constructor of an `optionnel` (singleton `ABSENT`)."""

        __slots__ = ()
        _instance: _Absent | None = None

        def __new__(cls) -> _Absent:
            if cls._instance is None:
                cls._instance = super().__new__(cls)
            return cls._instance

        def __repr__(self) -> str:
            return "ABSENT"

        def __reduce__(self):
            return (_Absent, ())

    ABSENT = _Absent()

Absent = _Absent

#: `optionnel de T` in annotations: `Option[int]`.
Option = Union[_Absent, Present[T]]


if TYPE_CHECKING:
    class NotProvided(enum.Enum):
        """For type checkers, an enumeration of one member, so that they narrow `x is NOT_PROVIDED`."""

        NOT_PROVIDED = "NOT_PROVIDED"

    NOT_PROVIDED: Final = NotProvided.NOT_PROVIDED
else:
    class NotProvided:
        """Marker for a `contexte` input the caller did not give (singleton `NOT_PROVIDED`)."""

        __slots__ = ()
        _instance: NotProvided | None = None

        def __new__(cls) -> NotProvided:
            if cls._instance is None:
                cls._instance = super().__new__(cls)
            return cls._instance

        def __repr__(self) -> str:
            return "NOT_PROVIDED"

        def __reduce__(self):
            return (NotProvided, ())

    NOT_PROVIDED = NotProvided()

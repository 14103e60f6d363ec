"""The one walk over the values a trace records (`Trace`), rendered in a style chosen by the reader.

A recorded value is a plain runtime value (ARCHITECTURE.md, "Runtime value representation"): money is an int
of cents that only its static type tells from an integer. The walk takes the declared type of the value (a
generated annotation) and writes an int as money exactly where that type says `Money` (in a tuple, an
optional value, a structure field, an enumeration's payload: as the reference runtime does, whose values carry
their kind); a reader that only knows whether the declared type holds money passes a bool instead (`True`:
every int in the value is cents; see `holds_money`). A function (a rule that depends on a parameter, `dépend
de`), whether it is the value of a variable or sits in a structure or a list, is written as `style.function()`
wherever the walk meets it: its values appear where it is applied, and no reader has to recognise a Python
callable itself.

A style (`ValueStyle`) says how each kind of leaf is written and how lists and structures are put together:
`secu_independants` has two, JSON (`--explain`'s `explication`, the defaults of the JSON Schemas) and French
words (the reasoning); `trace_format` has the reference's JSON of `--trace-format json`.

>>> render_value((1, Present(2), ABSENT), False, _Repr())
['1', '2', 'ABSENT']
>>> render_value((500, 7), tuple[Money, int], _Repr()), render_value((500, 7), True, _Repr())
(['money 500', '7'], ['money 500', 'money 7'])
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from datetime import date
from fractions import Fraction

from .position import SourcePosition
from .printing import option_payload_type, struct_fields
from .values import ABSENT, Duration, Money, Present

__all__ = ["ValueStyle", "render_value", "holds_money"]


class ValueStyle:
    """How a reader writes each kind of recorded value (override every method)."""

    def nothing(self) -> object:
        """`None` (unit), or a value absent from the trace."""
        raise NotImplementedError

    def absent(self) -> object:
        """`Absent` of an `optionnel`."""
        raise NotImplementedError

    def function(self) -> object:
        raise NotImplementedError

    def boolean(self, value: bool) -> object:
        raise NotImplementedError

    def integer(self, value: int) -> object:
        raise NotImplementedError

    def money(self, cents: int) -> object:
        raise NotImplementedError

    def decimal(self, value: Fraction) -> object:
        raise NotImplementedError

    def date(self, value: date) -> object:
        raise NotImplementedError

    def duration(self, value: Duration) -> object:
        raise NotImplementedError

    def constructor(self, value: object) -> object:
        """A constructor without payload: an `enum.Enum` member, or a field-less class of an enumeration with
        payloads."""
        raise NotImplementedError

    def text(self, value: str) -> object:
        raise NotImplementedError

    def sequence(self, items: list[object]) -> object:
        raise NotImplementedError

    def structure(self, fields: list[tuple[str, object]]) -> object:
        """A structure: (Catala field name, rendered value) in order."""
        raise NotImplementedError

    def present(self, content: object) -> object:
        """`Present` of an `optionnel`, its content rendered: the content itself unless the style says more."""
        return content

    def payload(self, constructor: object, fields: list[tuple[str, object]]) -> object:
        """A constructor with its payload (fields of its class, rendered): written as a structure unless the
        style says more."""
        return self.structure(fields)

    def position(self, value: SourcePosition) -> object:
        """A source position (a value of type `position`)."""
        return self.other(value)

    def other(self, value: object) -> object:
        return repr(value)


def holds_money(annotation: object) -> bool:
    """The type (a generated annotation: `Money`, `tuple[Money, ...]`, `Option[Money]`...) holds money.

    >>> holds_money(Money), holds_money(tuple[Money, ...]), holds_money(int)
    (True, True, False)
    """
    if annotation is Money:
        return True
    if isinstance(annotation, (list, tuple)):
        return any(holds_money(a) for a in annotation)
    return any(holds_money(a) for a in typing.get_args(annotation))


def render_value(value: object, money: object, style: ValueStyle) -> object:  # noqa: C901 - one case per kind
    """`value` (as a trace records it) written in `style`; `money`: its declared type (an annotation), or a bool
    saying whether that type holds money (see the module's docstring)."""
    if value is None:
        return style.nothing()
    if callable(value):  # a function, at any depth (no runtime value is a class or has `__call__`)
        return style.function()
    if isinstance(value, bool):
        return style.boolean(value)
    if isinstance(value, int):
        return style.money(value) if money is True or money is Money else style.integer(value)
    if isinstance(value, Fraction):
        return style.decimal(value)
    if isinstance(value, date):
        return style.date(value)
    if isinstance(value, Duration):
        return style.duration(value)
    if isinstance(value, SourcePosition):
        return style.position(value)
    if value is ABSENT:  # before the enumerations: for type checkers ABSENT is the member of one
        return style.absent()
    if isinstance(value, enum.Enum):
        return style.constructor(value)
    if isinstance(value, Present):
        content = money if isinstance(money, bool) else option_payload_type(money) or typing.Any
        return style.present(render_value(value.value, content, style))
    if isinstance(value, (tuple, list)):
        return style.sequence([render_value(v, t, style) for v, t in zip(value, _element_types(money, len(value)))])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = struct_fields(type(value))
        if not fields:  # a payload-less constructor of an enumeration with payloads
            return style.constructor(value)
        rendered = [(name, render_value(getattr(value, python), holds_money(annotation) if isinstance(money, bool)
                                        else annotation, style)) for python, name, annotation in fields]
        if any("__constructors__" in base.__dict__ for base in type(value).__mro__[1:]):
            return style.payload(value, rendered)
        return style.structure(rendered)
    if isinstance(value, str):
        return style.text(value)
    return style.other(value)


def _element_types(money: object, length: int) -> list[object]:
    """The declared type of each element of a tuple or list of `length` elements whose type is `money`."""
    if isinstance(money, bool):
        return [money] * length
    arguments = typing.get_args(money) if typing.get_origin(money) is tuple else ()
    if len(arguments) == 2 and arguments[1] is Ellipsis:
        return [arguments[0]] * length
    return [*arguments[:length], *[typing.Any] * (length - len(arguments))]


class _Repr(ValueStyle):
    """A style for the doctest: every leaf as its repr, lists as lists."""

    def absent(self) -> object:
        return "ABSENT"

    def integer(self, value: int) -> object:
        return repr(value)

    def money(self, cents: int) -> object:
        return f"money {cents}"

    def sequence(self, items: list[object]) -> object:
        return items

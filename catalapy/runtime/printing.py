"""Reference-format printing of values and of `test-scope` result boxes (reference §6.2).

Values are printed according to their static type, given as the Python annotation obtained with
`typing.get_type_hints` (see ARCHITECTURE.md for the representation of each Catala type).
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import types
import typing
from datetime import date
from fractions import Fraction
from functools import lru_cache

from .dates import FarDate
from .lang import Lang, get_lang
from .position import SourcePosition
from .values import Duration, Money, Present, _Absent

__all__ = [
    "format_integer", "format_decimal", "format_money", "format_duration", "format_date",
    "format_value", "format_scope_result", "format_result_entry", "catala_name", "struct_fields", "enum_member_name",
    "option_payload_type",
    "DECIMAL_DIGITS", "RESULT_WIDTH",
]

#: number of fractional digits printed for decimals before `…`
DECIMAL_DIGITS = 6
#: a result entry stays on the `name = ` line when its flat form is at most this wide
RESULT_WIDTH = 77


def _group(digits: str, sep: str) -> str:
    """Thousands grouping of a string of digits, from the right."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_integer(i: int, lang: Lang) -> str:
    if i < 0:
        return "-" + _group(str(-i), lang.group_separator)
    return _group(str(i), lang.group_separator)


def format_decimal(q: Fraction, lang: Lang) -> str:
    """Integer part grouped, at most 6 fractional digits (truncated) grouped by 3, then `…` if more."""
    sign = "-" if q < 0 else ""
    num, den = abs(q.numerator), q.denominator
    whole, rest = divmod(num, den)
    digits = []
    while rest and len(digits) < DECIMAL_DIGITS:
        digit, rest = divmod(rest * 10, den)
        digits.append(str(digit))
    fraction = _group_left("".join(digits) or "0", lang.fraction_group_separator)
    return (f"{sign}{_group(str(whole), lang.group_separator)}{lang.decimal_separator}{fraction}"
            + ("…" if rest else ""))


def _group_left(digits: str, sep: str) -> str:
    return sep.join(digits[i:i + 3] for i in range(0, len(digits), 3))


def format_money(m: Money, lang: Lang) -> str:
    sign = "-" if m < 0 else ""
    units, cents = divmod(abs(m), 100)
    return (f"{sign}{lang.money_prefix}{_group(str(units), lang.group_separator)}"
            f"{lang.decimal_separator}{cents:02d}{lang.money_suffix}")


def format_duration(d: Duration, lang: Lang) -> str:
    """`[1 an, 2 mois, 3 jours]`: non-zero components as stored, `[0 jour]` when all are zero."""
    parts = [f"{n} {units[abs(n) > 1]}"
             for n, units in ((d.years, lang.year_units), (d.months, lang.month_units),
                              (d.days, lang.day_units)) if n]
    return "[" + (", ".join(parts) or f"0 {lang.day_units[0]}") + "]"


def format_date(d: date) -> str:
    return f"|{d.year:04d}-{d.month:02d}-{d.day:02d}|"


# --- names and type introspection -----------------------------------------------------------------

def catala_name(cls: type) -> str:
    """The Catala name of a struct, enum or constructor class."""
    return cls.__dict__.get("__catala_name__") or cls.__name__


@lru_cache(maxsize=None)
def struct_fields(cls: type) -> tuple[tuple[str, str, object], ...]:
    """(python name, Catala name, annotation) of a dataclass's fields, in declaration order."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, f.metadata.get("catala", f.name), hints.get(f.name, typing.Any))
                 for f in dataclasses.fields(cls))


def enum_member_name(member: enum.Enum) -> str:
    """The Catala name of a member of a payload-less enumeration (its value, set by the backend)."""
    return member.value if isinstance(member.value, str) else member.name


def option_payload_type(typ: object) -> object | None:
    """T for `Option[T]` (= Union[_Absent, Present[T]], also written `_Absent | Present[T]`), else None."""
    if typing.get_origin(typ) in (typing.Union, types.UnionType):
        args = typing.get_args(typ)
        if _Absent in args:
            for arg in args:
                if typing.get_origin(arg) is Present:
                    return typing.get_args(arg)[0]
            return typing.Any
    return None


def _is_callable_type(typ: object) -> bool:
    return typ is collections.abc.Callable or typing.get_origin(typ) is collections.abc.Callable


# --- layout ---------------------------------------------------------------------------------------
# A rendered value is a list of lines (indent, text); indents are relative to the column where the
# value starts; the first line's indent is ignored (it continues the current line).

Lines = list[tuple[int, str]]


def _render(value: object, typ: object, lang: Lang, i: int) -> Lines:
    atom = _atom(value, typ, lang)
    if atom is not None:
        return [(i, atom)]
    if typ is typing.Any or typ is None:
        typ = _type_of_value(value)
    origin = typing.get_origin(typ)
    if origin is tuple:
        args = typing.get_args(typ)
        if len(args) == 2 and args[1] is Ellipsis:
            return _render_list(value, args[0], lang, i)
        return _render_tuple(value, args, lang, i)
    payload_type = option_payload_type(typ)
    if payload_type is not None:
        if isinstance(value, Present):
            return _render_payload(lang.present, value.value, payload_type, lang, i)
        return [(i, lang.absent)]
    if isinstance(value, enum.Enum):
        return [(i, enum_member_name(value))]
    if dataclasses.is_dataclass(value):
        if _is_constructor(type(value)):
            return _render_constructor(value, lang, i)
        return _render_struct(value, lang, i)
    raise TypeError(f"cannot print a value of type {typ!r}: {value!r}")


def _atom(value: object, typ: object, lang: Lang) -> str | None:
    """The text of values that never break, None for the others."""
    if typ is bool:
        return lang.true if value else lang.false
    if typ is int:
        return format_integer(value, lang)
    if typ is Money:
        return format_money(value, lang)
    if typ is Fraction:
        return format_decimal(value, lang)
    if typ is date:
        return format_date(value)
    if typ is Duration:
        return format_duration(value, lang)
    if typ is None or typ is type(None):
        return "()" if value is None else None
    if typ is SourcePosition:
        return _nested_position(value)
    if _is_callable_type(typ) or (typ is typing.Any and callable(value)
                                  and not isinstance(value, type)
                                  and not dataclasses.is_dataclass(value)):
        return "<function>"
    if typ is typing.Any:
        return _atom_of_value(value, lang)
    return None


def _atom_of_value(value: object, lang: Lang) -> str | None:
    """Fallback when no annotation is known (integers are taken as integers, not money)."""
    if isinstance(value, bool):
        return lang.true if value else lang.false
    if isinstance(value, int):
        return format_integer(value, lang)
    if isinstance(value, Fraction):
        return format_decimal(value, lang)
    if isinstance(value, (date, FarDate)):
        return format_date(value)
    if isinstance(value, Duration):
        return format_duration(value, lang)
    if isinstance(value, SourcePosition):
        return _nested_position(value)
    return None


def _nested_position(p: SourcePosition) -> str:
    """A position inside a tuple, structure, list, …: the reference's runtime writes ``file:L.C-L-C`` there
    (``33.20-33-24``), while a position printed alone reads ``file:L.C-C`` (``str``)."""
    return f"{p.file}:{p.start_line}.{p.start_column}-{p.end_line}-{p.end_column}"


def _render_top(value: object, typ: object, lang: Lang) -> Lines:
    """The lines of a value printed alone (a result variable, a whole value)."""
    if typ is SourcePosition or (typ is typing.Any and isinstance(value, SourcePosition)):
        return [(0, str(value))]
    return _render(value, typ, lang, 0)


def _type_of_value(value: object) -> object:
    if isinstance(value, (Present, _Absent)):
        return typing.Union[_Absent, Present[typing.Any]]
    if isinstance(value, tuple):
        return tuple[typing.Any, ...]
    return type(value)


def _is_constructor(cls: type) -> bool:
    return any("__constructors__" in base.__dict__ for base in cls.__mro__[1:])


def _render_payload(name: str, payload: object, typ: object, lang: Lang, i: int) -> Lines:
    inner = _render(payload, typ, lang, i + 2)
    return [(i, f"{name} {lang.content} {inner[0][1]}")] + inner[1:]


def _render_constructor(value: object, lang: Lang, i: int) -> Lines:
    name = catala_name(type(value))
    fields = struct_fields(type(value))
    if not fields:
        return [(i, name)]
    if len(fields) == 1:
        py_name, _, typ = fields[0]
        return _render_payload(name, getattr(value, py_name), typ, lang, i)
    payload = tuple(getattr(value, f[0]) for f in fields)
    return _render_payload(name, payload, tuple[tuple(f[2] for f in fields)], lang, i)


def _render_struct(value: object, lang: Lang, i: int) -> Lines:
    name = catala_name(type(value))
    fields = struct_fields(type(value))
    if not fields:
        return [(i, f"{name} {{}}")]
    lines: Lines = [(i, f"{name} {{")]
    for py_name, label, typ in fields:
        inner = _render(getattr(value, py_name), typ, lang, i + 2)
        lines.append((i + 2, f"-- {label}: {inner[0][1]}"))
        lines.extend(inner[1:])
    lines.append((i, "}"))
    return lines


def _render_list(value: tuple, typ: object, lang: Lang, i: int) -> Lines:
    if not value:
        return [(i, "[]")]
    lines: Lines = [(i, "[")]
    for element in value:
        inner = _render(element, typ, lang, i + 2)
        inner[-1] = (inner[-1][0], inner[-1][1] + ";")
        lines.append((i + 2, inner[0][1]))
        lines.extend(inner[1:])
    lines.append((i, "]"))
    return lines


def _render_tuple(value: tuple, types: tuple, lang: Lang, i: int) -> Lines:
    lines: Lines = [(i, "(")]
    for k, (element, typ) in enumerate(zip(value, types)):
        inner = _render(element, typ, lang, i + 1)
        sep = ", " if k else ""
        lines[-1] = (lines[-1][0], lines[-1][1] + sep + inner[0][1])
        lines.extend(inner[1:])
    lines[-1] = (lines[-1][0], lines[-1][1] + ")")
    return lines


def format_value(value: object, typ: object, lang: Lang | str) -> str:
    """A value in the reference format, laid out as if it started at column 0."""
    lines = _render_top(value, typ, get_lang(lang))
    return "\n".join([lines[0][1]] + [" " * ind + text for ind, text in lines[1:]])


def _format_width(text: str) -> int:
    """Width as OCaml's Format counts it here: `€` and `…` count 1, other non-ASCII by UTF-8 bytes."""
    return sum(1 if ord(ch) < 128 or ch in "€…" else len(ch.encode()) for ch in text)


def format_result_entry(name: str, value: object, typ: object, lang: Lang | str) -> list[str]:
    """The `│ name = value` lines of one result variable (the break rule of §6.2)."""
    lines = _render_top(value, typ, get_lang(lang))
    flat = lines[0][1] + "".join(" " * ind + text for ind, text in lines[1:])
    head = f"│ {name} = "
    if len(head) + _format_width(flat) <= RESULT_WIDTH:
        column = len(head)
        out = [head + lines[0][1]]
    else:
        column = 4
        out = [f"│ {name} =", "│   " + lines[0][1]]
    out.extend("│" + " " * (column - 1 + ind) + text for ind, text in lines[1:])
    return out


def format_scope_result(scope_name: str, result: object, lang: Lang | str) -> str:
    """The whole `┌─[RESULT]─ S ─ … └─` box for a scope's output dataclass instance."""
    out = [f"┌─[RESULT]─ {scope_name} ─"]
    fields = struct_fields(type(result)) if dataclasses.is_dataclass(result) else ()
    if not fields:
        out.append("│ Computation successful!")
    for py_name, label, typ in fields:
        out.extend(format_result_entry(label, getattr(result, py_name), typ, lang))
    out.append("└─")
    return "\n".join(out)

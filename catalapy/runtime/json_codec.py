"""JSON encoding of Catala values, as the reference's `--input JSON` and `-F json` (reference suite tests/json).

Driven by the static type, given as the Python annotation obtained with `typing.get_type_hints` (as the
printer). `to_json` writes compact JSON: integers and decimals as strings (`"12"`, `"-999/100"`), money as a
string with two decimals (`"1000.01"`), dates `"2025-01-31"`, durations `{"years":1,"months":0,"days":0}`,
payload-less constructors as their name, others `{"C":payload}`, optionals `"Absent"` / `{"Present":v}`,
lists and tuples as arrays, structures as objects in declaration order, functions `"<function>"`.

`from_json` reads a parsed JSON value (numbers parsed exactly, see `parse_json`) back into a runtime value and
accepts what the reference accepts: integers as integral numbers or numeric strings, money as numbers or
numeric strings, decimals as numbers or strings (`"1/3"`), dates as strings or `{"year","month","day"}`,
durations with optional components. In a structure, a field of type `optional of T` is given as a plain `T` or
left out (Absent); a `contexte` input field may be left out. Invalid input raises `JsonValidationError`,
whose `render()` is the reference's "Failed to validate JSON" message with the expected schema.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
import typing
from datetime import date
from fractions import Fraction

from .dates import make_date
from .lang import Lang, get_lang
from .position import SourcePosition
from .printing import enum_member_name, _is_callable_type, _is_constructor, option_payload_type, \
    catala_name, struct_fields
from .values import ABSENT, NOT_PROVIDED, Duration, Money, NotProvided, Present

__all__ = ["to_json", "from_json", "parse_json", "JsonValidationError", "JsonTypeError", "schema_text",
           "check_encodable", "money_text"]

_INT53 = 2 ** 53


class JsonTypeError(Exception):
    """A type that has no JSON encoding (functions)."""


class JsonValidationError(Exception):
    """A JSON value that does not fit the expected type: `lines` is the explanation (json-encoding's words)."""

    def __init__(self, lines: list[str], annotation: object = None):
        super().__init__(lines[0] if lines else "")
        self.lines = lines
        self.annotation = annotation

    def render(self) -> str:
        """The message: the failure, a blank line, then the schema of the expected JSON."""
        out = ["Failed to validate JSON:"] + ["  " + line for line in self.lines] + [""]
        out.append("Expected JSON object of the form:")
        out += ["  " + line for line in schema_text(self.annotation)]
        return "\n".join(out)


# --- encoding -------------------------------------------------------------------------------------------------

def _dump(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def money_text(cents: int) -> str:
    """Int cents → units with exactly two decimals, no grouping: 809280 → "8092.80", -5 → "-0.05"."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units}.{rest:02d}"


def _decimal_text(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _position_json(p: SourcePosition) -> str:
    return (f'{{"file":{_dump(p.file)},"start":{{"line":{p.start_line},"character":{p.start_column}}},'
            f'"end":{{"line":{p.end_line},"character":{p.end_column}}}}}')


def to_json(value: object, annotation: object, lang: Lang | str = "en") -> str:
    """The compact JSON text of a value of the given static type (`lang` names `Present`/`Présent`)."""
    return _encode(value, annotation, get_lang(lang))


def _encode(value: object, annotation: object, lang: Lang) -> str:
    typ = annotation
    if typ is bool:
        return "true" if value else "false"
    if typ is int:
        return f'"{value}"'
    if typ is Money:
        return f'"{money_text(value)}"'
    if typ is Fraction:
        return f'"{_decimal_text(value)}"'
    if typ is date:
        return f'"{value.year:04d}-{value.month:02d}-{value.day:02d}"'
    if typ is Duration:
        return f'{{"years":{value.years},"months":{value.months},"days":{value.days}}}'
    if typ is None or typ is type(None):
        return "{}"
    if typ is SourcePosition:
        return _position_json(value)
    if _is_callable_type(typ) or (typ is typing.Any and callable(value) and not isinstance(value, type)
                                  and not dataclasses.is_dataclass(value)):
        return '"<function>"'
    origin = typing.get_origin(typ)
    if origin is tuple:
        args = typing.get_args(typ)
        if len(args) == 2 and args[1] is Ellipsis:
            return "[" + ",".join(_encode(v, args[0], lang) for v in value) + "]"
        return "[" + ",".join(_encode(v, t, lang) for v, t in zip(value, args)) + "]"
    payload = option_payload_type(typ)
    if payload is not None:
        if isinstance(value, Present):
            return "{" + _dump(lang.present) + ":" + _encode(value.value, payload, lang) + "}"
        return '"Absent"'
    if isinstance(value, enum.Enum):
        return _dump(enum_member_name(value))
    if dataclasses.is_dataclass(value):
        cls = type(value)
        fields = struct_fields(cls)
        if _is_constructor(cls):
            name = _dump(catala_name(cls))
            if not fields:
                return name
            if len(fields) == 1:
                return "{" + name + ":" + _encode(getattr(value, fields[0][0]), fields[0][2], lang) + "}"
            inner = tuple(getattr(value, f[0]) for f in fields)
            return "{" + name + ":" + _encode(inner, tuple[tuple(f[2] for f in fields)], lang) + "}"
        return "{" + ",".join(_dump(label) + ":" + _encode(getattr(value, py), t, lang)
                              for py, label, t in fields) + "}"
    if typ is typing.Any:
        return _any_to_json(value, lang)
    raise TypeError(f"cannot encode a value of type {typ!r} in JSON: {value!r}")


def _any_to_json(value: object, lang: Lang) -> str:
    """Fallback when no annotation is known."""
    for typ in (bool, int, Fraction, date, Duration, SourcePosition):
        if isinstance(value, typ):
            return _encode(value, typ, lang)
    if isinstance(value, (Present, type(ABSENT))):
        return _encode(value, typing.Union[type(ABSENT), Present[typing.Any]], lang)
    if isinstance(value, tuple):
        return _encode(value, tuple[typing.Any, ...], lang)
    return _encode(value, type(value), lang)


# --- decoding -------------------------------------------------------------------------------------------------

class _JsonNumber(Fraction):
    """A JSON number written with a fraction or an exponent (kept exact, never a float)."""


def parse_json(text: str) -> object:
    """Parse JSON text, numbers exactly (`int`, or `_JsonNumber` for `1.5`, `1e3`); ValueError if invalid."""
    return json.loads(text, parse_float=_JsonNumber, parse_constant=_reject_constant)


def _reject_constant(name: str):
    raise ValueError(f"invalid JSON constant {name}")


def _kind(v: object) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, Fraction)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


class _Fail(Exception):
    """A decoding failure at a path (a list of keys and indices)."""

    def __init__(self, path: list, lines: list[str]):
        self.path = path
        self.lines = lines


def _unexpected(v: object, expected: str) -> _Fail:
    return _Fail([], [f"Unexpected {_kind(v)} instead of {expected}"])


def _at(key, decode):
    try:
        return decode()
    except _Fail as fail:
        fail.path.insert(0, key)
        raise


def _union(v: object, cases: list) -> object:
    """The first case that decodes `v`; "No case matched" with every case's failure otherwise."""
    failures = []
    for case in cases:
        try:
            return case(v)
        except _Fail as fail:
            failures.append(_message(fail))
    raise _Fail([], ["No case matched:"] + ["  " + line for lines in failures for line in lines])


def _message(fail: _Fail) -> list[str]:
    if not fail.path:
        return fail.lines
    path = "".join(f"/{k}" for k in fail.path)
    first = fail.lines[0]
    return [f"At {path}, {first[:1].lower()}{first[1:]}"] + fail.lines[1:]


def _int53(v: object) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, Fraction)):
        raise _unexpected(v, "number")
    if Fraction(v).denominator != 1:
        raise _Fail([], [f"Unexpected number instead of integer"])
    if not -_INT53 <= v <= _INT53:
        raise _Fail([], [f"Integer {int(v)} out of range [-2^53, 2^53]"])
    return int(v)


def _number(v: object) -> Fraction:
    if isinstance(v, bool) or not isinstance(v, (int, Fraction)):
        raise _unexpected(v, "number")
    return Fraction(v)


def _numeric_string(v: object) -> Fraction:
    if not isinstance(v, str):
        raise _unexpected(v, "string")
    text = v.strip()
    if re.fullmatch(r"[+-]?\d+(/\d+|\.\d*)?", text):
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            pass
    raise _Fail([], ["Unexpected string instead of numeric string"])


def _integer_string(v: object) -> int:
    q = _numeric_string(v)
    if q.denominator != 1 or not re.fullmatch(r"[+-]?\d+", v.strip()):
        raise _Fail([], ["Unexpected string instead of numeric string"])
    return int(q)


def _truncate(q: Fraction) -> int:
    return int(q)  # toward zero, as Z.of_float / Q.to_bigint


def _date_of(v: object) -> date:
    def from_string(s):
        if not isinstance(s, str):
            raise _unexpected(s, "string")
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
        if not m:
            raise _Fail([], [f"Unexpected string instead of date (YYYY-MM-DD)"])
        return _make_date(*map(int, m.groups()))

    def from_object(o):
        parts = _object(o, [("year", True), ("month", True), ("day", True)])
        return _make_date(*(_at(k, lambda k=k: _int53(parts[k])) for k in ("year", "month", "day")))
    return _union(v, [from_string, from_object])


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return make_date(year, month, day)
    except ValueError:
        raise _Fail([], [f"Invalid date {year:04d}-{month:02d}-{day:02d}"]) from None


def _object(v: object, fields: list[tuple[str, bool]]) -> dict:
    """Check that `v` is an object with the required fields and no other; its fields by name."""
    if not isinstance(v, dict):
        raise _unexpected(v, "object")
    for name, required in fields:
        if required and name not in v:
            raise _Fail([], [f"Missing object field {name}"])
    known = {name for name, _ in fields}
    for name in v:
        if name not in known:
            raise _Fail([], [f"Unexpected object field {name}"])
    return v


def _duration_of(v: object) -> Duration:
    parts = _object(v, [("years", False), ("months", False), ("days", False)])
    years, months, days = (_at(k, lambda k=k: _int53(parts[k])) if k in parts else 0
                           for k in ("years", "months", "days"))
    return Duration(years, months, days)


def from_json(value: object, annotation: object) -> object:
    """The runtime value of the given static type read from a parsed JSON value (see `parse_json`)."""
    try:
        return _decode(value, annotation)
    except _Fail as fail:
        raise JsonValidationError(_message(fail), annotation) from None


def _decode(v: object, typ: object) -> object:
    if typ is bool:
        if not isinstance(v, bool):
            raise _unexpected(v, "boolean")
        return v
    if typ is int:
        return _union(v, [_int53, _integer_string])
    if typ is Money:
        return Money(_union(v, [lambda x: _int53(x) * 100, lambda x: _truncate(_number(x) * 100),
                                lambda x: _truncate(_numeric_string(x) * 100)]))
    if typ is Fraction:
        return _union(v, [_number, lambda x: Fraction(_int53(x)), _numeric_string])
    if typ is date:
        return _date_of(v)
    if typ is Duration:
        return _duration_of(v)
    if typ is None or typ is type(None):
        _object(v, [])
        return None
    if typ is SourcePosition:
        return _position_of(v)
    if _is_callable_type(typ):
        raise JsonTypeError("Cannot convert functional values from JSON")
    origin = typing.get_origin(typ)
    if origin is tuple:
        if not isinstance(v, list):
            raise _unexpected(v, "array")
        args = typing.get_args(typ)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_at(k, lambda k=k, x=x: _decode(x, args[0])) for k, x in enumerate(v))
        if len(v) != len(args):
            raise _Fail([], [f"Unexpected array of size {len(v)} instead of {len(args)}"])
        return tuple(_at(k, lambda k=k, x=x, t=t: _decode(x, t)) for k, (x, t) in enumerate(zip(v, args)))
    payload = option_payload_type(typ)
    if payload is not None:
        def absent_object(x):
            _object(x, [])
            return ABSENT

        def absent_name(x):
            if x != "Absent":
                raise _Fail([], [f'Unexpected {_kind(x)} instead of "Absent"'])
            return ABSENT

        def present(x):
            _object(x, [("Present", True)])
            return Present(_at("Present", lambda: _decode(x["Present"], payload)))
        return _union(v, [absent_object, absent_name, present])
    if isinstance(typ, type) and issubclass(typ, enum.Enum):
        names = {enum_member_name(m): m for m in typ}
        if not isinstance(v, str):
            raise _unexpected(v, "string")
        if v not in names:
            raise _Fail([], [f"No case matched: {v} is not one of " + ", ".join(names)])
        return names[v]
    if isinstance(typ, type) and "__constructors__" in typ.__dict__:
        return _union(v, [lambda x, c=c: _constructor(x, c) for c in typ.__constructors__])
    if isinstance(typ, type) and dataclasses.is_dataclass(typ):
        return _struct(v, typ)
    raise JsonTypeError(f"Cannot convert values of type {typ!r} from JSON")


def _constructor(v: object, cls: type) -> object:
    name = catala_name(cls)
    fields = struct_fields(cls)
    if not fields:
        if v != name:
            raise _Fail([], [f'Unexpected {_kind(v)} instead of "{name}"'])
        return cls()
    _object(v, [(name, True)])
    if len(fields) == 1:
        return cls(_at(name, lambda: _decode(v[name], fields[0][2])))
    inner = _at(name, lambda: _decode(v[name], tuple[tuple(f[2] for f in fields)]))
    return cls(*inner)


def _optional_field(typ: object) -> tuple[str, object] | None:
    """('context', T) for `T | NotProvided`, ('option', T) for `Option[T]`, None for a required field."""
    if typing.get_origin(typ) in (typing.Union, getattr(__import__("types"), "UnionType")):
        args = typing.get_args(typ)
        if NotProvided in args:
            rest = [a for a in args if a is not NotProvided]
            return "context", (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)])
    payload = option_payload_type(typ)
    if payload is not None:
        return "option", payload
    return None


def _struct(v: object, cls: type) -> object:
    fields = struct_fields(cls)
    check_encodable(cls)
    if not isinstance(v, dict):
        raise _unexpected(v, "object")
    values = {}
    for py, label, typ in fields:
        optional = _optional_field(typ)
        if label not in v:
            if optional is None:
                raise _Fail([], [f"Missing object field {label}"])
            values[py] = NOT_PROVIDED if optional[0] == "context" else ABSENT
            continue
        decoded = _at(label, lambda label=label, t=(typ if optional is None else optional[1]):
                      _decode(v[label], t))
        values[py] = Present(decoded) if optional is not None and optional[0] == "option" else decoded
    labels = {label for _, label, _ in fields}
    for name in v:
        if name not in labels:
            raise _Fail([], [f"Unexpected object field {name}"])
    return cls(**values)


def _position_of(v: object) -> SourcePosition:
    o = _object(v, [("file", True), ("range", True)])
    if not isinstance(o["file"], str):
        raise _Fail(["file"], [f"Unexpected {_kind(o['file'])} instead of string"])
    r = _at("range", lambda: _object(o["range"], [("start", True), ("end", True)]))
    points = []
    for k in ("start", "end"):
        p = _at("range", lambda k=k: _at(k, lambda: _object(r[k], [("line", True), ("character", True)])))
        points.append((_int53(p["line"]), _int53(p["character"])))
    return SourcePosition(o["file"], points[0][0], points[0][1], points[1][0], points[1][1], ())


def check_encodable(typ: object, seen: set | None = None) -> None:
    """JsonTypeError if the type contains a function (the reference refuses before reading the JSON)."""
    seen = set() if seen is None else seen
    if _is_callable_type(typ):
        raise JsonTypeError("Cannot convert functional values from JSON")
    if isinstance(typ, type):
        if typ in seen:
            return
        seen.add(typ)
        if "__constructors__" in typ.__dict__:
            for c in typ.__constructors__:
                check_encodable(c, seen)
        elif dataclasses.is_dataclass(typ) and typ not in (Duration, SourcePosition):
            for _, _, t in struct_fields(typ):
                check_encodable(t, seen)
        return
    for arg in typing.get_args(typ):
        if arg is not Ellipsis:
            check_encodable(arg, seen)


# --- expected schema, as the reference prints it ------------------------------------------------------------

_DEFINITIONS = {
    int: ("integer", "Catala Integer", "integer ∈ [-2^53, 2^53] || string"),
    Money: ("money", "Catala Money", "integer ∈ [-2^53, 2^53] || number || string"),
    Fraction: ("decimal", "Catala Decimal", "number || integer ∈ [-2^53, 2^53] || string"),
    date: ("date", "Catala date",
           'string || { "year": integer ∈ [0, 9999], "month": integer ∈ [1, 12], "day": integer ∈ [1, 31] }'),
    Duration: ("duration", "Catala duration", '{ "years"?: integer, "months"?: integer, "days"?: integer }'),
    SourcePosition: ("position", "Catala position",
                     '{ "file": string, "range": { "start": { "line": integer, "character": integer }, '
                     '"end": { "line": integer, "character": integer } } }'),
}


def schema_text(annotation: object) -> list[str]:
    """The lines of the expected-JSON description: the root, then each definition (sorted by name)."""
    defs: dict[str, list[str]] = {}
    root = _schema(annotation, defs, root=True)
    out = list(root)
    for name in sorted(defs):
        out += defs[name]
    return out


def _schema(typ: object, defs: dict, root: bool = False) -> list[str]:
    """The lines of the schema of a type (a reference `$name` for named types, except at the root)."""
    if typ is bool:
        return ["boolean"]
    if typ is None or typ is type(None):
        return ["{}"]
    if typ in _DEFINITIONS:
        name, title, body = _DEFINITIONS[typ]
        defs.setdefault(name, [f"${name}:", f"  /* {title} */", f"  {body}"])
        return [f"${name}"]
    origin = typing.get_origin(typ)
    if origin is tuple:
        args = typing.get_args(typ)
        if len(args) == 2 and args[1] is Ellipsis:
            return [f"[ {_one_line(_schema(args[0], defs))} ... ]"]
        return ["[ " + ", ".join(_one_line(_schema(a, defs)) for a in args) + " ]"]
    payload = option_payload_type(typ)
    if payload is not None:
        return ['{} || "Absent" || { "Present": ' + _one_line(_schema(payload, defs)) + " }"]
    if not isinstance(typ, type):
        return ["any"]
    name = catala_name(typ)
    if issubclass(typ, enum.Enum):
        body = [" || ".join(_dump(enum_member_name(m)) for m in typ)]
    elif "__constructors__" in typ.__dict__:
        cases = []
        for c in typ.__constructors__:
            fields = struct_fields(c)
            if not fields:
                cases.append(_dump(catala_name(c)))
            else:
                t = fields[0][2] if len(fields) == 1 else tuple[tuple(f[2] for f in fields)]
                cases.append("{ " + _dump(catala_name(c)) + ": " + _one_line(_schema(t, defs)) + " }")
        body = [" || ".join(cases)]
    elif dataclasses.is_dataclass(typ):
        if not root and name in defs:
            return [f"${name}"]
        if not root:
            defs[name] = [f"${name}:"]  # reserved while the fields are described (recursive types)
        entries = []
        for _, label, t in struct_fields(typ):
            optional = _optional_field(t)
            mark = "?" if optional is not None else ""
            entries.append(f"{_dump(label)}{mark}: " + _one_line(_schema(t if optional is None else optional[1],
                                                                         defs)))
        if not entries:
            body = ["{}"]
        elif len(entries) == 1:
            body = ["{ " + entries[0] + " }"]
        else:
            body = (["{ " + entries[0] + ","] + ["  " + e + "," for e in entries[1:-1]]
                    + ["  " + entries[-1] + " }"])
    else:
        return ["any"]
    if root:
        return body
    if len(body) == 1:
        defs[name] = [f"${name}: {body[0]}"]
    else:
        defs[name] = [f"${name}:"] + ["  " + line for line in body]
    return [f"${name}"]


def _one_line(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)

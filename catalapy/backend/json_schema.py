"""JSON Schema (draft-04) of a scope's input and output, from the Catala types (the reference's `json-schema`).

`scope_schemas(program, scope)` gives the two schemas as Python values, `scope_schemas_text` the text that the
reference compiler prints: a JSON array `[input, output]` laid out as its JSON printer does (an object or an
array stays on one line when it fits in the margin, otherwise each element goes on its own line).

What the schema accepts is what the JSON reader of the runtime accepts (`catalapy.runtime.json_codec`):
integers as integral numbers or numeric strings, money and decimals as numbers or strings, dates as ISO strings
or `{"year", "month", "day"}`, durations as `{"years", "months", "days"}`, payload-less constructors as their
name and the others as `{"Constructor": payload}`. Definitions are named after the Catala types (`S`, the input
structure `T_in`, the output structure `T`) and after the primitive types (`integer`, `money`, ...).
"""

from __future__ import annotations

import json
from typing import Any

from catalapy.desugar import ir

__all__ = ["scope_schemas", "scope_schemas_text", "dump", "schemas_module"]

_DRAFT = "http://json-schema.org/draft-04/schema#"
_INT53 = {"type": "integer", "minimum": -9007199254740992.0, "maximum": 9007199254740992.0}
_OCAML_INT = {"type": "integer", "minimum": -1073741824, "maximum": 1073741823}
_EMPTY_OBJECT = {"type": "object", "properties": {}, "additionalProperties": False}


def _ranged(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


#: Definitions of the primitive types (name, schema), as the reference's encodings declare them.
PRIMITIVES: dict[str, tuple[str, dict[str, Any]]] = {
    "integer": ("integer", {"title": "Catala Integer", "oneOf": [_INT53, {"type": "string"}]}),
    "money": ("money", {"title": "Catala Money", "oneOf": [_INT53, {"type": "number"}, {"type": "string"}]}),
    "decimal": ("decimal", {"title": "Catala Decimal", "oneOf": [{"type": "number"}, _INT53, {"type": "string"}]}),
    "date": ("date", {"title": "Catala date", "oneOf": [
        {"description": 'Accepts strings with the following format: YYYY-MM-DD, e.g., "1970-01-31"',
         "type": "string"},
        {"description": 'Accepts date objects: {"year":<int>, "month":<int>, "day":<int>}',
         "type": "object",
         "properties": {"year": _ranged(0, 9999), "month": _ranged(1, 12), "day": _ranged(1, 31)},
         "required": ["day", "month", "year"], "additionalProperties": False},
    ]}),
    "duration": ("duration", {"title": "Catala duration", "type": "object",
                              "properties": {"years": _OCAML_INT, "months": _OCAML_INT, "days": _OCAML_INT},
                              "additionalProperties": False}),
}


class _Schemas:
    """The definitions met while describing one root type."""

    def __init__(self, program: ir.Program):
        self.program = program
        self.definitions: dict[str, Any] = {}

    def _name(self, key: ir.Key) -> str:
        module, name = key
        return name if module in ("", self.program.main) else f"{module}.{name}"

    def _ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/definitions/{name}"}

    def of_type(self, typ: Any) -> dict[str, Any]:
        if isinstance(typ, ir.TPrim):
            if typ.name == "boolean":
                return {"type": "boolean"}
            if typ.name == "unit":
                return dict(_EMPTY_OBJECT)
            name, body = PRIMITIVES[typ.name]
            self.definitions.setdefault(name, body)
            return self._ref(name)
        if isinstance(typ, ir.TList):
            return {"type": "array", "items": self.of_type(typ.elt)}
        if isinstance(typ, ir.TOption):
            return {"oneOf": [dict(_EMPTY_OBJECT), {"type": "string", "enum": ["Absent"]},
                              self._object({"Present": self.of_type(typ.elt)}, ["Present"])]}
        if isinstance(typ, ir.TTuple):
            return {"type": "array", "items": [self.of_type(t) for t in typ.elts], "additionalItems": False}
        if isinstance(typ, ir.TStruct):
            return self.struct(typ.key, self._name(typ.key), {})
        if isinstance(typ, ir.TEnum):
            return self.enum(typ.key)
        raise ValueError(f"no JSON encoding for the type {typ!r}")

    def _object(self, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def struct(self, key: ir.Key | None, name: str, fields: dict[str, tuple[Any, bool]]) -> dict[str, Any]:
        """A structure (`fields`: name -> (type, optional) when given, else the declared fields of `key`)."""
        if name not in self.definitions:
            self.definitions[name] = None  # reserved: recursive references stop here
            if key is not None:
                fields = {f: (t, False) for f, t in self.program.structs[key].fields.items()}
            # a field of an optional type may be left out (Absent) or given as its payload
            fields = {f: (t.elt, True) if isinstance(t, ir.TOption) else (t, optional)
                      for f, (t, optional) in fields.items()}
            properties = {f: self.of_type(t) for f, (t, _) in fields.items()}
            # the reference's object encodings list required fields last declared first
            required = [f for f, (_, optional) in reversed(fields.items()) if not optional]
            self.definitions[name] = self._object(properties, required)
        return self._ref(name)

    def enum(self, key: ir.Key) -> dict[str, Any]:
        name = self._name(key)
        if name not in self.definitions:
            self.definitions[name] = None
            ctors = self.program.enums[key].ctors
            if all(payload is None for payload in ctors.values()):
                body: dict[str, Any] = {"type": "string", "enum": list(ctors)}
            else:
                body = {"oneOf": [
                    {"type": "string", "enum": [ctor]} if payload is None
                    else self._object({ctor: self.of_type(payload)}, [ctor])
                    for ctor, payload in ctors.items()
                ]}
            self.definitions[name] = body
        return self._ref(name)


def _root(title: str, description: str, ref: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": _DRAFT, "title": title, "description": description, **ref,
            "definitions": {name: definitions[name] for name in sorted(definitions)}}


def scope_schemas(program: Any, scope: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(input schema, output schema) of the scope `scope` of the program's main module (`driver.Program`)."""
    info = program.ir.scopes[(program.main, scope)]
    schemas = _Schemas(program.ir)
    inputs = {name: (var.type, var.io_input == "context") for name, var in info.vars.items()
              if var.io_input in ("input", "context")}
    ref = schemas.struct(None, f"{scope}_in", inputs)
    entree = _root(f"Scope {scope} input", f"Input structure of scope {scope}", ref, schemas.definitions)
    schemas = _Schemas(program.ir)
    outputs = {name: (var.type, False) for name, var in info.vars.items() if var.io_output}
    outputs.update({name: (ir.TStruct(sub.scope), False) for name, sub in info.subs.items() if sub.io_output})
    ordered = {name: outputs[name] for name in info.order if name in outputs}
    ref = schemas.struct(None, scope, ordered)
    sortie = _root(f"Scope {scope} output", f"Output structure of scope {scope}", ref, schemas.definitions)
    return entree, sortie


# --- the reference's layout ----------------------------------------------------------------------------------

MARGIN = 80


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_scalar(k)}: {_flat(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[ " + ", ".join(_flat(v) for v in value) + " ]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _layout(value: Any, indent: int, column: int, trailer: int, out: list[str]) -> None:
    """Append the text of `value` starting at `column` (the line is indented by `indent`), `trailer` characters
    following it on its last line."""
    flat = _flat(value)
    if not isinstance(value, (dict, list)) or not value or column + len(flat) + trailer <= MARGIN:
        out.append(flat)
        return
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    out.append(opening)
    items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
    inner = indent + 2
    for index, (key, item) in enumerate(items):
        comma = 1 if index < len(items) - 1 else 0
        out.append("\n" + " " * inner)
        start = inner
        if key is not None:
            prefix = f"{_scalar(key)}: "
            out.append(prefix)
            start += len(prefix)
        _layout(item, inner, start, comma, out)
        if comma:
            out.append(",")
    out.append("\n" + " " * indent + closing)


def dump(value: Any) -> str:
    """`value` as the reference prints JSON (no final newline)."""
    out: list[str] = []
    _layout(value, 0, 0, 0, out)
    return "".join(out)


def scope_schemas_text(program: Any, scope: str) -> str:
    """What `catala json-schema --scope SCOPE` prints."""
    return dump(list(scope_schemas(program, scope))) + "\n"


def schemas_module(schemas: dict[str, str]) -> str:
    """A Python module holding the text of each scope's schemas (`SCHEMAS[scope]`), so that a program reads them
    by importing the generated package (in a wheel too), without opening files."""
    lines = ['"""JSON Schemas of the inputs and outputs of the scopes (what `python -m catalapy json-schema FILE -s',
             'SCOPE` prints: a JSON array [input, output]). Generated by catalapy — do not edit by hand."""', "",
             "SCHEMAS = {"]
    for scope in sorted(schemas):
        text = schemas[scope]
        literal = f"r\'\'\'{text}\'\'\'" if "\'\'\'" not in text and not text.endswith("\\") else repr(text)
        lines.append(f"    {scope!r}: {literal},")
    lines.append("}")
    return "\n".join(lines) + "\n"

"""Compact, stable text dump of the surface AST (golden tests, debugging).

One node per line, children indented by two spaces: ``ClassName @L.C-L.C scalar_field=value …`` then one
``field:`` line per node-valued field. Names print inline (``'montant'@7.12-19``, ``Mod.Type@3.5-13``); fields
that are None, False or empty are left out; file names are left out of positions.
"""
from __future__ import annotations

import dataclasses
from fractions import Fraction

from catalapy.position import SourcePosition
from catalapy.syntax import ast


def pos_text(p: SourcePosition) -> str:
    if p.start_line == p.end_line:
        return f"{p.start_line}.{p.start_column}-{p.end_column}"
    return f"{p.start_line}.{p.start_column}-{p.end_line}.{p.end_column}"


def _inline(v: object) -> str | None:
    """Inline text of a scalar-like value, or None if it needs its own lines."""
    if isinstance(v, ast.Ident):
        return f"{v.text!r}@{pos_text(v.pos)}"
    if isinstance(v, ast.QualName):
        return ".".join(v.path + (v.name,)) + f"@{pos_text(v.pos)}"
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    if isinstance(v, (str, int, bool)):
        return repr(v)
    if isinstance(v, tuple) and v and all(isinstance(x, (ast.Ident, str)) for x in v):
        return "(" + ", ".join(_inline(x) or "" for x in v) + ("," if len(v) == 1 else "") + ")"
    return None


def _skip(v: object) -> bool:
    return v is None or v is False or v == ()


def dump(node: object, indent: int = 0) -> list[str]:
    pad = "  " * indent
    text = _inline(node)
    if text is not None:
        return [pad + text]
    if isinstance(node, tuple):
        if len(node) == 2 and isinstance(node[0], ast.Ident):  # (field name, expression) pair
            return [f"{pad}{_inline(node[0])}:"] + dump(node[1], indent + 1)
        out = []
        for x in node:
            out.extend(dump(x, indent))
        return out
    if not dataclasses.is_dataclass(node):
        return [pad + repr(node)]
    head = [type(node).__name__]
    pos = getattr(node, "pos", None)
    if isinstance(pos, SourcePosition):
        head.append("@" + pos_text(pos))
    nested: list[str] = []
    for f in dataclasses.fields(node):
        if f.name == "pos":
            continue
        v = getattr(node, f.name)
        if _skip(v) and not (v is False and f.name == "value"):
            continue
        if isinstance(v, SourcePosition):
            head.append(f"{f.name}=@{pos_text(v)}")
            continue
        t = _inline(v)
        if t is not None:
            head.append(f"{f.name}={t}")
            continue
        nested.append(f"{pad}  {f.name}:")
        nested.extend(dump(v, indent + 2))
    return [pad + " ".join(head)] + nested


def dump_source_file(sf: ast.SourceFile) -> str:
    """The whole file: header lines (dialect, module, uses, headings with their trail) then the items, each
    preceded by its law-heading trail."""
    lines = [f"dialect {sf.dialect}"]
    if sf.module_name is not None:
        lines.append(f"module {_inline(sf.module_name)}" + (" external" if sf.module_external else ""))
    for u in sf.uses:
        lines.append(f"use {_inline(u.name)}" + (f" as {_inline(u.alias)}" if u.alias else ""))
    for h in sf.law_headings:
        art = f" | {h.article_id}" if h.article_id else ""
        lines.append(f"heading {h.level} {h.title!r}{art} @{pos_text(h.pos)} trail={list(h.pos.law_headings)}")
    for item in sf.items:
        trail = " > ".join(item.pos.law_headings)
        lines.append(f"# [{trail}] {item.pos.file}")
        lines.extend(dump(item))
    return "\n".join(lines) + "\n"

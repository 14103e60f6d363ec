"""Recursive types are rejected: a structure or enumeration may not contain itself, directly or through other
declared types (Catala values are finite trees of fixed shape)."""
from __future__ import annotations

from catalapy.desugar import ir
from catalapy.errors import CatalaError, fill


_SELF = "The type {} is defined using itself, which is not supported (Catala~does~not~allow~recursive~types)."


def _named_types(t) -> list:
    """The structures and enumerations a type mentions, as ("struct" | "enum", key), in order of appearance."""
    if isinstance(t, ir.TStruct):
        return [("struct", t.key)]
    if isinstance(t, ir.TEnum):
        return [("enum", t.key)]
    if isinstance(t, (ir.TList, ir.TOption)):
        return _named_types(t.elt)
    if isinstance(t, ir.TTuple):
        return [n for e in t.elts for n in _named_types(e)]
    if isinstance(t, ir.TArrow):
        return [n for p in t.params for n in _named_types(p)] + _named_types(t.result)
    return []


def _type_graph(program: ir.Program) -> tuple[dict, dict]:
    """(declaration position of each declared type, edges used type -> {user type: position of the use})."""
    declared: dict = {}
    edges: dict = {}
    members: list = []
    for key, s in program.structs.items():
        if s.scope_output is None:
            declared[("struct", key)] = s.pos
            members += [(("struct", key), t, s.field_type_pos.get(f) or s.field_pos.get(f) or s.pos)
                        for f, t in s.fields.items()]
    for key, e in program.enums.items():
        declared[("enum", key)] = e.pos
        members += [(("enum", key), t, e.payload_pos.get(c) or e.ctor_pos.get(c) or e.pos)
                    for c, t in e.ctors.items() if t is not None]
    for user, t, pos in members:
        for used in _named_types(t):
            if used == user:
                raise CatalaError(fill(_SELF.format(user[1][1])), [pos])
            edges.setdefault(used, {}).setdefault(user, pos)
    return declared, edges


def _cycle_from(start, edges: dict) -> list | None:
    """A cycle of the graph through ``start`` (list of vertices, ``start`` first), or None."""
    path = [start]
    seen = {start}

    def walk(v) -> bool:
        for w in edges.get(v, {}):
            if w == start:
                return True
            if w not in seen:
                seen.add(w)
                path.append(w)
                if walk(w):
                    return True
                path.pop()
        return False

    return path if walk(start) else None


def check_type_cycles(program: ir.Program) -> None:
    """Raises the reference's error on the first recursive type (in declaration order)."""
    declared, edges = _type_graph(program)
    ordered = sorted(declared, key=lambda v: (declared[v].file, declared[v].start_line, declared[v].start_column))
    for v in ordered:
        cycle = _cycle_from(v, edges)
        if cycle is None:
            continue
        members = set(cycle)
        spans: list = []
        for u in sorted(members, key=ordered.index):
            succ = next(w for w in edges[u] if w in members)
            spans.append((declared[u], f"Cycle type {u[1][1]}, declared:"))
            spans.append((edges[u][succ], f"Used here in the definition of another cycle type {succ[1][1]}:"))
        raise CatalaError("Cyclic dependency detected between types.", spans)

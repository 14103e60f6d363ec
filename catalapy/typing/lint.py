"""Warnings the reference emits on a typed program (they never stop compilation).

- structures of the main file whose fields are never read nor built ("The structure … is never used"), or
  single such fields; enumerations whose constructors are never built nor matched, or single constructors
  (both only when the main file is not itself a module, as the reference does);
- several rules of one variable with identical justifications and consequences;
- sibling rules (same exception level) with the same condition but different consequences, which always
  conflict when that condition holds;
- a structure update that rewrites every field.
"""
from __future__ import annotations

import dataclasses

from catalapy.desugar import ir
from catalapy.errors import Warning_, fill
from catalapy.position import SourcePosition

from .types import prune

_SKIPPED_FIELDS = ("pos", "ty", "op_pos", "field_pos", "message")


def _walk(e, visit) -> None:
    """Calls ``visit`` on every expression below ``e`` (``e`` included)."""
    for x in ir.walk(e):
        visit(x)


def _main_expressions(program: ir.Program) -> list:
    out: list = []
    for key, info in program.scopes.items():
        if key[0] != program.main:
            continue
        for r in info.rules:
            out += [r.condition, r.consequence]
        out += [a.expr for a in info.assertions]
    out += [g.value for k, g in program.globals.items() if k[0] == program.main and g.value is not None]
    return [e for e in out if e is not None]


def _struct_of(e: ir.Expr) -> ir.Key | None:
    t = prune(e.ty) if e.ty is not None else None
    return t.key if isinstance(t, ir.TStruct) else None


def _unused_types(program: ir.Program, exprs: list, structures: bool = True) -> None:
    fields_used: set = set()
    ctors_used: set = set()
    enums_matched: set = set()

    def visit(e):
        if isinstance(e, ir.FieldGet) and e.struct is not None:
            fields_used.add((e.struct, e.field))
        elif isinstance(e, ir.StructLit):
            fields_used.update((e.struct, f) for f, _ in e.fields)
        elif isinstance(e, ir.StructUpdate):  # the reference rebuilds the whole structure
            key = _struct_of(e)
            if key is not None:
                fields_used.update((key, f) for f in program.structs[key].fields)
        elif isinstance(e, ir.Inject):
            ctors_used.add((e.enum, e.ctor))
        elif isinstance(e, ir.Match) and all(arm.ctor is not None for arm in e.arms):
            ctors_used.update((e.enum, arm.ctor) for arm in e.arms)  # a constructor without a case is unused
        elif isinstance(e, (ir.Match, ir.TestMatch)):  # both become a match on every constructor
            enums_matched.add(e.enum)
    for e in exprs:
        _walk(e, visit)
    for key, st in program.structs.items():
        if not structures or key[0] != program.main or st.scope_output is not None:
            continue
        unused = [f for f in st.fields if (key, f) not in fields_used]
        if st.fields and len(unused) == len(st.fields):
            program.warnings.append(Warning_(
                fill(f'The structure "{key[1]}" is never used; maybe~it\'s~unnecessary?'), [(st.pos, None)]))
            continue
        for f in unused:
            program.warnings.append(Warning_(
                fill(f'The field "{f}" of struct "{key[1]}" is never used; maybe~it\'s~unnecessary?'),
                [(st.field_pos.get(f, st.pos), None)]))
    for key, en in program.enums.items():
        if key[0] != program.main or key in enums_matched:
            continue
        unused = [c for c in en.ctors if (key, c) not in ctors_used]
        if len(unused) == len(en.ctors):
            program.warnings.append(Warning_(
                fill(f'The enumeration "{key[1]}" is never used; maybe~it\'s~unnecessary?'), [(en.pos, None)]))
            continue
        for c in unused:
            program.warnings.append(Warning_(
                fill(f'The constructor "{c}" of enumeration "{key[1]}" is never used; maybe~it\'s~unnecessary?'),
                [(en.ctor_pos.get(c, en.pos), None)]))


def _shape(e):
    """A hashable image of an expression that ignores positions and types (binders by name)."""
    if isinstance(e, ir.Bind):
        return ("bind", e.name)
    if isinstance(e, (ir.Expr, ir.MatchArm)):
        return (type(e).__name__,) + tuple(_shape(getattr(e, f.name)) for f in dataclasses.fields(e)
                                           if f.name not in _SKIPPED_FIELDS)
    if isinstance(e, (list, tuple)):
        return tuple(_shape(x) for x in e)
    if isinstance(e, dict):
        return tuple((k, _shape(v)) for k, v in e.items())
    if isinstance(e, (str, int, bool, type(None))):
        return e
    return repr(e)


def _identical_rules(program: ir.Program) -> None:
    for key, info in program.scopes.items():
        if key[0] != program.main:
            continue
        groups: dict = {}
        for r in info.rules:
            groups.setdefault((r.sub, r.var, r.state), {}).setdefault(
                (_shape(r.condition), _shape(r.consequence)), []).append(r)
        for (sub, var, _), by_shape in groups.items():
            vd = program.scopes[info.subs[sub].scope].vars[var] if sub else info.vars[var]
            what = "rules" if vd.is_condition else "definitions"
            for rules in by_shape.values():
                if len(rules) > 1:
                    program.warnings.append(Warning_(
                        f"These {what} have identical justifications and consequences;\nis it a mistake?",
                        [(r.name_pos or r.pos, None) for r in reversed(rules)]))


def _sibling_group(r: ir.Rule) -> tuple:
    """The rules tried at the same level as ``r`` (as the exception trees group them)."""
    if r.label is not None:
        return ("label", r.label)
    return ("exception", r.exception) if r.exception is not None else ("base",)


def _justification(r: ir.Rule) -> tuple:
    """The condition of ``r`` (``vrai`` when it has none) and the position the reference gives it: the
    condition itself, or the defined name for a rule without condition."""
    c = r.condition
    if c is None:
        pos = r.name_pos or r.pos
        width = len(r.var) + (len(r.sub) + 1 if r.sub else 0)
        if pos.end_column - width >= 1:  # the name ends the rule's position (which may start at `exception`)
            pos = SourcePosition(pos.file, pos.end_line, pos.end_column - width, pos.end_line, pos.end_column,
                                 pos.law_headings)
        return ("always",), pos
    if isinstance(c, ir.Lit) and c.kind == "bool" and c.value is True:
        return ("always",), c.pos
    return _shape(c), c.pos


def _conflicting_rules(program: ir.Program) -> None:
    """Sibling rules with the same condition and different consequences: a conflict whenever it holds
    (rules with one consequence in common are merged first, hence left out, as the reference does)."""
    for key, info in program.scopes.items():
        if key[0] != program.main:
            continue
        groups: dict = {}
        for r in info.rules:
            groups.setdefault((r.sub, r.var, r.state, _sibling_group(r)), []).append(r)
        for rules in groups.values():
            if len(rules) < 2:
                continue
            consequences: dict = {}
            for r in rules:
                consequences.setdefault((_shape(r.params), _shape(r.consequence)), []).append(r)
            by_condition: dict = {}
            for r in rules:
                if len(consequences[(_shape(r.params), _shape(r.consequence))]) > 1:
                    continue
                shape, pos = _justification(r)
                by_condition.setdefault(shape, []).append(pos)
            for positions in by_condition.values():
                if len(positions) > 1:
                    program.warnings.append(Warning_(
                        "Multiple conflicting definitions:\nthese have the same conditions and will always "
                        "trigger a conflict at runtime.", [(p, None) for p in positions]))


def _full_updates(program: ir.Program, exprs: list) -> None:
    def visit(e):
        if isinstance(e, ir.StructUpdate):
            key = _struct_of(e)
            if key is not None and {f for f, _, _ in e.fields} >= set(program.structs[key].fields):
                program.warnings.append(Warning_(f"All fields of {key[1]} are rewritten in this replacement.",
                                                 [(e.pos, None)]))
    for ex in exprs:
        _walk(ex, visit)


def lint(program: ir.Program) -> None:
    """Appends the warnings above to ``program.warnings``, in the reference's order (to be called after the
    lowering, which emits the never-defined / unused-variable warnings the reference emits first)."""
    exprs = _main_expressions(program)
    if program.main == "":
        _unused_types(program, exprs)
    _identical_rules(program)
    _full_updates(program, exprs)
    _conflicting_rules(program)


def lint_untyped(program: ir.Program) -> None:
    """The warnings of `lint` that do not depend on types (unused enumerations and constructors), for a program
    that typing rejects: the reference lints before typing, so they print before its type errors."""
    if program.main == "":
        _unused_types(program, _main_expressions(program), structures=False)

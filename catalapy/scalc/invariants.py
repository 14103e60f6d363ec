"""Sub-expressions of a list comprehension's body that do not depend on its elements (loop invariants).

The backend computes them once, before the statement, instead of once per element. Only expressions whose
evaluation cannot fail and has no effect are moved (literals, reads of variables that always have a value,
fields, exact arithmetic without division, comparisons of plain values, conditionals of those), so computing
them even when the list is empty, or when the branch holding the comprehension is not taken, changes nothing.
Only the ones that cost something (decimal arithmetic, conversions, money × decimal) are worth a name, and the
value a pattern matching inspects when it is a field or a sub-scope's variable.
"""
from __future__ import annotations

import dataclasses

from catalapy.desugar import ir

#: operators that cannot fail on any operands of their types
_SAFE_OPS = frozenset({
    "add_int", "sub_int", "mul_int", "add_dec", "sub_dec", "mul_dec", "add_money", "sub_money",
    "mul_money_int", "mul_int_money", "mul_money_dec", "mul_dec_money", "neg_int", "neg_dec", "neg_money",
    "money_of_int", "decimal_of_int", "decimal_of_money", "money_of_dec", "integer_of_dec", "integer_of_money",
    "round_dec", "round_money", "not", "and", "or", "xor",
    "eq_native", "lt_native", "le_native", "gt_native", "ge_native",
})
#: operators costly enough for their result to be worth computing once
_COSTLY_OPS = frozenset({
    "add_dec", "sub_dec", "mul_dec", "mul_money_dec", "mul_dec_money", "decimal_of_int", "decimal_of_money",
    "money_of_dec", "round_dec",
})


def loop_invariants(parts: list, binder, always_defined) -> list:
    """The maximal sub-expressions of `parts` (the body and condition of a comprehension over `binder`) worth
    computing once; `always_defined(ScopeVarRef)` tells whether reading that variable cannot fail."""
    inner: set = set()
    for b in binder if isinstance(binder, tuple) else (binder,):
        inner.add(b.uid)
    for p in parts:
        if p is not None:
            _binding_sites(p, inner)
    found: list = []
    for p in parts:
        if p is not None:
            _collect(p, inner, always_defined, found)
    return found


def cannot_fail(e, always_defined, wider=None) -> bool:
    """Whether evaluating `e` can neither fail nor have an effect (the same forms as a loop invariant): then
    evaluating it later, or not at all, changes nothing but time. ``wider(e, safe)``, when given, admits more
    forms (True when `e` cannot fail given that `safe` holds of the parts it names: effects.py)."""
    return _safe(e, set(), always_defined, wider)


def _collect(e, inner: set, always_defined, found: list) -> None:
    if isinstance(e, (ir.Op, ir.If)) and _safe(e, inner, always_defined) and _costly(e):
        found.append(e)
        return
    if (isinstance(e, ir.Match) and not isinstance(e.expr, (ir.Local, ir.ScopeVarRef))
            and _safe(e.expr, inner, always_defined)):
        found.append(e.expr)  # the value matched, read once rather than at every element
    for child in ir.children(e):
        _collect(child, inner, always_defined, found)


def _safe(e, inner: set, always_defined, wider=None) -> bool:
    def safe(x) -> bool:
        return _safe(x, inner, always_defined, wider)

    if isinstance(e, (ir.Lit, ir.GlobalRef, ir.SubVarRef)):
        return True
    if isinstance(e, ir.Local):
        return e.bind.uid not in inner
    if isinstance(e, ir.ScopeVarRef):
        return always_defined(e)
    if isinstance(e, ir.FieldGet):
        return safe(e.expr)
    if isinstance(e, ir.Op) and e.kind in _SAFE_OPS:
        return all(safe(a) for a in e.args)
    if isinstance(e, ir.If):
        return all(safe(x) for x in (e.cond, e.then, e.else_))
    if isinstance(e, ir.TestMatch) and e.and_then is None:
        return safe(e.expr)
    return wider is not None and wider(e, safe)


def _costly(e) -> bool:
    if isinstance(e, ir.Op) and e.kind in _COSTLY_OPS:
        return True
    return any(_costly(c) for c in ir.children(e))


def _binding_sites(e, acc: set) -> None:
    """Add to `acc` every variable bound inside `e` (any Bind that is not the one a Local reads)."""
    stack = [e]
    while stack:
        node = stack.pop()
        for f in dataclasses.fields(node):
            if f.name in ("pos", "ty") or (isinstance(node, ir.Local) and f.name == "bind"):
                continue
            _binds_in(getattr(node, f.name), acc, stack)


def _binds_in(v, acc: set, stack: list) -> None:
    if isinstance(v, ir.Bind):
        acc.add(v.uid)
    elif isinstance(v, ir.Expr):
        stack.append(v)
    elif isinstance(v, (list, tuple)):
        for x in v:
            _binds_in(x, acc, stack)
    elif isinstance(v, dict):
        for x in v.values():
            _binds_in(x, acc, stack)
    elif dataclasses.is_dataclass(v) and not isinstance(v, type):
        for f in dataclasses.fields(v):
            _binds_in(getattr(v, f.name), acc, stack)

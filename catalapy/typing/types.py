"""Inference types: the resolved types of desugar/ir plus unification variables."""
from __future__ import annotations

import itertools

from catalapy.desugar import ir

_counter = itertools.count(1)


class TVar:
    """A unification variable (union-find: ``ref`` points to what it was unified with)."""

    __slots__ = ("ref", "id", "name")

    def __init__(self, name: str | None = None) -> None:
        self.ref = None
        self.id = next(_counter)
        #: for the variable of an `anything of type t` while its function is typed: how messages show it
        self.name = name

    def __repr__(self) -> str:
        return f"'t{self.id}"


def prune(t):
    while isinstance(t, TVar) and t.ref is not None:
        t = t.ref
    return t


def zonk(t):
    """The type with every bound variable replaced by what it is bound to."""
    t = prune(t)
    if isinstance(t, ir.TList):
        return ir.TList(zonk(t.elt))
    if isinstance(t, ir.TOption):
        return ir.TOption(zonk(t.elt))
    if isinstance(t, ir.TTuple):
        return ir.TTuple(tuple(zonk(e) for e in t.elts))
    if isinstance(t, ir.TArrow):
        return ir.TArrow(tuple(zonk(e) for e in t.params), zonk(t.result))
    return t


def occurs(v: TVar, t) -> bool:
    t = prune(t)
    if t is v:
        return True
    if isinstance(t, (ir.TList, ir.TOption)):
        return occurs(v, t.elt)
    if isinstance(t, ir.TTuple):
        return any(occurs(v, e) for e in t.elts)
    if isinstance(t, ir.TArrow):
        return any(occurs(v, e) for e in t.params) or occurs(v, t.result)
    return False


def unify(a, b, clash: list | None = None) -> bool:
    """Unify in place; False when the types clash (bindings made so far are kept). ``clash``, if given,
    receives the innermost pair of types that differ (as the reference reports them)."""
    a, b = prune(a), prune(b)
    if a is b:
        return True
    if isinstance(a, TVar) and isinstance(b, TVar) and a.name is not None and b.name is None:
        b.ref = a  # the variable of an `anything of type t` stays the representative
        return True
    if isinstance(a, TVar):
        if occurs(a, b):
            return _clash(clash, a, b)
        a.ref = b
        return True
    if isinstance(b, TVar):
        if occurs(b, a):
            return _clash(clash, a, b)
        b.ref = a
        return True
    if type(a) is not type(b):
        return _clash(clash, a, b)
    if isinstance(a, (ir.TList, ir.TOption)):
        return unify(a.elt, b.elt, clash)
    if isinstance(a, ir.TTuple):
        if len(a.elts) != len(b.elts):
            return _clash(clash, a, b)
        return all(unify(x, y, clash) for x, y in zip(a.elts, b.elts))
    if isinstance(a, ir.TArrow):
        if len(a.params) != len(b.params):
            return _clash(clash, a, b)
        return all(unify(x, y, clash) for x, y in zip(a.params, b.params)) and unify(a.result, b.result, clash)
    return a == b or _clash(clash, a, b)


def _clash(clash: list | None, a, b) -> bool:
    if clash is not None:
        clash[:] = [a, b]
    return False


def instantiate(t, mapping: dict | None = None):
    """Replace ``TGeneric`` by fresh variables (one per generic name)."""
    if mapping is None:
        mapping = {}
    t = prune(t)
    if isinstance(t, ir.TGeneric):
        if t.name == "":
            return TVar()
        if t.name not in mapping:
            mapping[t.name] = TVar()
        return mapping[t.name]
    if isinstance(t, ir.TList):
        return ir.TList(instantiate(t.elt, mapping))
    if isinstance(t, ir.TOption):
        return ir.TOption(instantiate(t.elt, mapping))
    if isinstance(t, ir.TTuple):
        return ir.TTuple(tuple(instantiate(e, mapping) for e in t.elts))
    if isinstance(t, ir.TArrow):
        return ir.TArrow(tuple(instantiate(e, mapping) for e in t.params), instantiate(t.result, mapping))
    return t


PRIM_NAMES = {"integer": "integer", "decimal": "decimal", "money": "money", "boolean": "boolean", "date": "date",
              "duration": "duration", "code_location": "code_location", "unit": "unit"}


def show(t, names: dict | None = None) -> str:
    """A type in the reference's English spelling."""
    t = prune(t)
    if names is None:
        names = {}
    if isinstance(t, TVar) and t.name is not None:
        return f"<{t.name}>"
    if isinstance(t, (TVar, ir.TAny)):
        return "<any type>"
    if isinstance(t, ir.TPrim):
        return "bool" if t.name == "boolean" else t.name
    if isinstance(t, (ir.TStruct, ir.TEnum, ir.TAbstract)):
        return t.key[1] if not t.key[0] else f"{t.key[0]}.{t.key[1]}"
    if isinstance(t, ir.TList):
        return f"list of {show(t.elt, names)}"
    if isinstance(t, ir.TOption):
        return f"optional of {show(t.elt, names)}"
    if isinstance(t, ir.TTuple):
        return "(" + ", ".join(show(e, names) for e in t.elts) + ")"
    if isinstance(t, ir.TArrow):
        return " → ".join([show(p, names) for p in t.params] + [show(t.result, names)])
    if isinstance(t, ir.TGeneric):
        return f"<{t.name or 'any type'}>"
    return str(t)


INT = ir.TPrim("integer")
DEC = ir.TPrim("decimal")
MONEY = ir.TPrim("money")
BOOL = ir.TPrim("boolean")
DATE = ir.TPrim("date")
DUR = ir.TPrim("duration")
UNIT = ir.TPrim("unit")
POS = ir.TPrim("code_location")

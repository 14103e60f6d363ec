"""Compile-time proof that the conditions of sibling rules can never hold together.

Sibling pieces of a default tree are normally all evaluated, then checked for a conflict. When every condition
is built only from comparisons of one *subject* (a variable read that cannot fail) with a constant, enumeration
constructor tests and boolean variables, joined by `et`/`ou`/`non`, each condition describes a region of the
subjects' values; if the regions of the pieces are pairwise disjoint no conflict can happen, and the generated
code is a plain `if`/`elif` chain (evaluating a condition has no effect but its value, so skipping the later
ones once one holds changes nothing).

A region is a disjunction (list) of conjunctions (dict subject → constraint); a constraint is either
`("iv", intervals)` over an ordered domain (intervals `(low, low_closed, high, high_closed)`, `None` for an
infinite bound) or `("ct", values, universe)` over a finite set (constructors, booleans).
"""
from __future__ import annotations

from catalapy.desugar import ir

_MAX_CONJUNCTS = 64
_COMPARISONS = {"eq_native": "=", "lt_native": "<", "le_native": "<=", "gt_native": ">", "ge_native": ">="}
_MIRROR = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


class _Unknown(Exception):
    """The condition is outside the analysed forms."""


def pieces_exclusive(conditions: list[list], subject_of, constant_of, universe_of) -> bool:
    """Whether the pieces (each a list of conditions, any of which makes it apply) are pairwise exclusive.

    `subject_of(expr)` gives a hashable key for a read that cannot fail, or None; `constant_of(expr)` gives
    `(True, value)` for a constant; `universe_of(enum key)` the constructor names of an enumeration."""
    regions = _regions(conditions, subject_of, constant_of, universe_of)
    if regions is None:
        return False
    for i, a in enumerate(regions):
        for b in regions[i + 1:]:
            if not all(_conjuncts_disjoint(x, y) for x in a for y in b):
                return False
    return True


def pieces_exhaustive(conditions: list[list], subject_of, constant_of, universe_of) -> bool:
    """Whether one of the pieces always applies, shown on a single subject with finitely many values (an
    enumeration, a boolean) whose values the pieces' conditions all cover. Conjuncts on other subjects, or on
    several, are left out: the covered set can only be underestimated."""
    regions = _regions(conditions, subject_of, constant_of, universe_of)
    if regions is None:
        return False
    subject, covered, universe = None, set(), None
    for region in regions:
        for conjunct in region:
            if len(conjunct) != 1:
                continue
            ((s, c),) = conjunct.items()
            if c[0] != "ct" or (subject is not None and s != subject):
                continue
            subject, universe = s, c[2]
            covered |= c[1]
    return universe is not None and covered >= universe


def _regions(conditions: list[list], subject_of, constant_of, universe_of) -> list | None:
    """The region of each piece, or None when some condition is outside the analysed forms."""
    try:
        regions = []
        for conds in conditions:
            region: list = []
            for c in conds:
                if c is None:
                    return None
                region += _region(c, subject_of, constant_of, universe_of)
            regions.append(region)
    except _Unknown:
        return None
    return regions


def _region(e, subject_of, constant_of, universe_of) -> list:
    if isinstance(e, ir.Op) and e.kind in ("and", "or"):
        left = _region(e.args[0], subject_of, constant_of, universe_of)
        right = _region(e.args[1], subject_of, constant_of, universe_of)
        if e.kind == "or":
            out = left + right
        else:
            out = [m for a in left for b in right if (m := _meet(a, b)) is not None]
        if len(out) > _MAX_CONJUNCTS:
            raise _Unknown
        return out
    if isinstance(e, ir.Op) and e.kind == "not":
        inner = _region(e.args[0], subject_of, constant_of, universe_of)
        if len(inner) != 1 or len(inner[0]) != 1:
            raise _Unknown
        ((subject, constraint),) = inner[0].items()
        return [{subject: _complement(constraint)}]
    if isinstance(e, ir.Op) and e.kind in _COMPARISONS:
        op = _COMPARISONS[e.kind]
        a, b = e.args
        subject, (is_const, value) = subject_of(a), constant_of(b)
        if subject is None or not is_const:
            subject, (is_const, value) = subject_of(b), constant_of(a)
            op = _MIRROR[op]
            if subject is None or not is_const:
                raise _Unknown
        return [{subject: ("iv", [_interval(op, value)])}]
    if isinstance(e, ir.TestMatch) and e.and_then is None and e.enum != ir.OPTION_KEY:
        subject = subject_of(e.expr)
        if subject is None:
            raise _Unknown
        return [{subject: ("ct", frozenset({e.ctor}), frozenset(universe_of(e.enum)))}]
    subject = subject_of(e)
    if subject is not None and _is_boolean(e):
        return [{subject: ("ct", frozenset({True}), frozenset({True, False}))}]
    raise _Unknown


def _is_boolean(e) -> bool:
    t = e.ty if getattr(e, "ty", None) is not None else None
    return isinstance(t, ir.TPrim) and t.name == "boolean"


def _interval(op: str, v):
    return {"=": (v, True, v, True), "<": (None, False, v, False), "<=": (None, False, v, True),
            ">": (v, False, None, False), ">=": (v, True, None, False)}[op]


def _complement(c):
    if c[0] == "ct":
        return ("ct", c[2] - c[1], c[2])
    out = [(None, False, None, False)]
    for low, low_closed, high, high_closed in c[1]:
        below = (None, False, low, not low_closed) if low is not None else None
        above = (high, not high_closed, None, False) if high is not None else None
        out = [m for piece in out for side in (below, above) if side is not None
               and (m := _meet_intervals(piece, side)) is not None]
    return ("iv", out)


def _meet(a: dict, b: dict) -> dict | None:
    """Conjunction of two conjuncts (None when it is empty)."""
    out = dict(a)
    for subject, c in b.items():
        if subject in out:
            c = _meet_constraints(out[subject], c)
            if c is None:
                return None
        out[subject] = c
    return out


def _meet_constraints(a, b):
    if a[0] != b[0]:
        raise _Unknown
    if a[0] == "ct":
        values = a[1] & b[1]
        return ("ct", values, a[2]) if values else None
    ivs = [m for x in a[1] for y in b[1] if (m := _meet_intervals(x, y)) is not None]
    return ("iv", ivs) if ivs else None


def _meet_intervals(x, y):
    lo, lc = _max_low(x[0], x[1], y[0], y[1])
    hi, hc = _min_high(x[2], x[3], y[2], y[3])
    if lo is not None and hi is not None and (lo > hi or (lo == hi and not (lc and hc))):
        return None
    return (lo, lc, hi, hc)


def _max_low(a, ac, b, bc):
    if a is None:
        return b, bc
    if b is None or a > b:
        return a, ac
    if b > a:
        return b, bc
    return a, ac and bc


def _min_high(a, ac, b, bc):
    if a is None:
        return b, bc
    if b is None or a < b:
        return a, ac
    if b < a:
        return b, bc
    return a, ac and bc


def _conjuncts_disjoint(a: dict, b: dict) -> bool:
    for subject in a.keys() & b.keys():
        try:
            if _meet_constraints(a[subject], b[subject]) is None:
                return True
        except _Unknown:
            return False
    return False

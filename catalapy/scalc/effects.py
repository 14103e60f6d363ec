"""What a call of a scope may do besides giving its value, over the whole program:

- append assertion failures (`asserting_scopes`): its body function then takes the caller's list of failures,
  so that they are reported together, after the outermost call, as the reference does. A scope asserts when it
  has an assertion, an inline assertion in one of its expressions, or calls (as a sub-scope or as an
  expression) a scope that does;
- raise (`infallible_scopes` are those proved never to): the reference evaluates every sub-scope call where
  the scope states it, so a call may be moved to the one place that reads its result (from_lcalc.py) only when
  it cannot raise — not evaluating it then changes nothing but time.
"""
from __future__ import annotations

import importlib
import weakref

from catalapy.dcalc import ir as D
from catalapy.desugar import ir
from catalapy.lcalc import ir as L

from .invariants import cannot_fail


#: program -> its facts, computed once for all its modules
_ASSERTING: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INFALLIBLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def asserting_scopes(pdef: D.ProgramDef) -> frozenset:
    """The keys of the scopes whose evaluation may append assertion failures."""
    if pdef not in _ASSERTING:
        _ASSERTING[pdef] = _asserting_scopes(pdef)
    return _ASSERTING[pdef]


def _asserting_scopes(pdef: D.ProgramDef) -> frozenset:
    callees: dict = {}
    asserting: set = set()
    for key, sd in pdef.scopes.items():
        called: set = set()
        direct = bool(sd.assertions)
        for e in ir.walk(list(scope_expressions(sd))):
            if isinstance(e, ir.InlineAssert):
                direct = True
            elif isinstance(e, ir.ScopeCall):
                called.add(e.scope)
        called.update(item.sub.scope for item in sd.items if isinstance(item, D.SubCall))
        callees[key] = called
        if direct:
            asserting.add(key)
    changed = True
    while changed:
        changed = False
        for key, called in callees.items():
            if key not in asserting and called & asserting:
                asserting.add(key)
                changed = True
    return frozenset(asserting)


def scope_expressions(sd: D.ScopeDef):
    """Every expression written in a scope: conditions and consequences of the rules of its variables and of
    the inputs it gives its sub-scopes, and its assertions."""
    trees = [vdef.tree for vdef in sd.var_defs.values()]
    trees += [si.tree for item in sd.items if isinstance(item, D.SubCall) for si in item.inputs]
    for tree in trees:
        if tree is not None:
            yield from tree_expressions(tree)
    for a in sd.assertions:
        yield a.expr


def tree_expressions(node: D.Node):
    for piece in node.pieces:
        yield from (c for c in piece.conditions if c is not None)
        yield piece.consequence
    for e in node.exceptions:
        yield from tree_expressions(e)


# ---------------------------------------------------------------------------------------------------------
# scopes that cannot raise

#: standard-library functions (by implementation) that give a value for every argument of their types
_TOTAL_STDLIB = {
    "_calendar": ("get_year", "get_month", "get_day", "earliest", "latest", "first_day_of_month",
                  "last_day_of_month", "first_day_of_year"),
    "_numbers": ("minimum", "maximum", "cap", "floor_at", "positive", "decimal_minimum", "decimal_maximum",
                 "int_sum", "decimal_sum", "money_sum", "decimal_truncate", "decimal_ceil", "decimal_floor",
                 "money_truncate", "money_ceil", "money_floor", "in_excess", "in_default", "reverse"),
}
#: list forms that cannot fail when their parts cannot (not the ones that fail on an empty list, a comparison
#: of structures or lists of different lengths)
_TOTAL_LIST_FORMS = frozenset({"map", "filter", "exists", "forall", "find", "sum", "length", "fold"})
_DIVISIONS = frozenset({"div_int", "div_dec", "div_money_int", "div_money_dec", "div_money_money"})
_DATE_PLUS_DURATION = frozenset({"add_date_dur", "sub_date_dur"})
_DURATION_TIMES_INTEGER = frozenset({"mul_dur_int"})


def _total_functions() -> frozenset:
    out = set()
    for module, names in _TOTAL_STDLIB.items():
        m = importlib.import_module(f"catalapy.runtime.stdlib.{module}")
        out.update(getattr(m, n) for n in names)
    return frozenset(out)


class _Totality:
    """The forms `invariants.cannot_fail` admits beyond its own, for a whole scope: calls of total
    standard-library functions and of scopes proved infallible, list forms, pattern matchings, `soit`,
    constructors, divisions by a non-zero constant, a date plus a number of days."""

    def __init__(self, program: ir.Program, infallible: set) -> None:
        self.program = program
        self.infallible = infallible
        self.total = _total_functions()
        #: the rounding of the dates of the scope being examined: with `arrondi inférieur` or `supérieur`, a
        #: date plus any duration has a value (FarDate beyond the years 1–9999); without, a day missing in
        #: the target month is an error
        self.rounding: str | None = None

    def __call__(self, e: ir.Expr, safe) -> bool:  # noqa: C901
        if isinstance(e, ir.Op):
            if e.kind in _DIVISIONS:
                return safe(e.args[0]) and self.nonzero_constant(e.args[1])
            if e.kind in _DATE_PLUS_DURATION:  # days only: no rounding, and every day has a successor
                d = e.args[1]
                if self.rounding in ("down", "up"):
                    return safe(e.args[0]) and safe(d)
                return isinstance(d, ir.Lit) and d.kind == "dur" and d.value[:2] == (0, 0) and safe(e.args[0])
            if e.kind in _DURATION_TIMES_INTEGER:
                return all(safe(a) for a in e.args)
            return False
        if isinstance(e, ir.Call):
            return (not e.spread and e.implicit_pos is None and self.total_function(e.func)
                    and all(safe(a) for a in e.args))
        if isinstance(e, ir.ListOp):
            return (e.kind in _TOTAL_LIST_FORMS and len(e.lists) == 1
                    and all(safe(x) for x in ir.children(e)))
        if isinstance(e, ir.ScopeCall):
            given = {f for f, _v in e.args}
            required = {vn for vn, vd in self.program.scopes[e.scope].vars.items()
                        if vd.io_input == "input" and not vd.is_condition}
            return (e.scope in self.infallible and required <= given  # else building its inputs raises
                    and all(safe(v) for _f, v in e.args))
        if isinstance(e, (ir.Match, ir.Let, ir.Inject, ir.StructLit, ir.TupleLit, ir.ListLit, ir.TupleGet,
                          ir.TestMatch)):
            return all(safe(x) for x in ir.children(e))
        return False

    def total_function(self, f: ir.Expr) -> bool:
        if not isinstance(f, ir.GlobalRef):
            return False
        mod = self.program.modules[f.key[0]]
        if not (mod.external and mod.is_stdlib):
            return False
        try:
            implementation = getattr(importlib.import_module(f"catalapy.runtime.stdlib.{mod.python_name}"),
                                     f.key[1])
        except (ImportError, AttributeError):
            return False
        return implementation in self.total

    def nonzero_constant(self, e: ir.Expr) -> bool:
        if isinstance(e, ir.GlobalRef):
            g = self.program.globals.get(e.key)
            e = g.value if g is not None and not g.params else None
        return isinstance(e, ir.Lit) and e.kind in ("int", "dec", "money") and e.value != 0


def infallible_scopes(lpdef: L.ProgramDef) -> frozenset:
    """The keys of the scopes whose evaluation cannot raise, whatever their inputs: no assertion, every
    definition a decision without conflict that always gives a value (or whose reads are checked), its
    conditions and values of the forms `cannot_fail` admits, every sub-scope given its inputs and itself
    infallible. The least such set (a scope is added once its callees are)."""
    if lpdef not in _INFALLIBLE:
        _INFALLIBLE[lpdef] = _infallible_scopes(lpdef)
    return _INFALLIBLE[lpdef]


def _infallible_scopes(lpdef: L.ProgramDef) -> frozenset:
    asserting = asserting_scopes(lpdef.dcalc)
    infallible: set = set()
    totality = _Totality(lpdef.dcalc.program, infallible)
    changed = True
    while changed:
        changed = False
        for key, lsd in lpdef.scopes.items():
            if key not in infallible and key not in asserting and _scope_cannot_fail(lsd, infallible, totality):
                infallible.add(key)
                changed = True
    return frozenset(infallible)


def _safe_in(lsd: L.ScopeDef, wider: _Totality):
    """`safe(e)`: whether the expression `e` of scope `lsd` cannot raise (`cannot_fail` with the forms `wider`
    admits, a read of a variable of the scope safe when the variable always has a value there)."""
    sd = lsd.dcalc
    wider.rounding = sd.date_rounding

    def always_defined(ref: ir.ScopeVarRef) -> bool:
        return (ref.var, ref.state) in sd.var_defs and not lsd.read_needs_check(ref.var, ref.state)

    return lambda e: cannot_fail(e, always_defined, wider)


def _scope_cannot_fail(lsd: L.ScopeDef, infallible: set, wider: _Totality) -> bool:
    safe = _safe_in(lsd, wider)
    for item in lsd.items:
        if isinstance(item, L.VarDefinition):
            v = item.var
            if v.decl.io_input == "input" and v.from_input:  # given by the caller: nothing to compute
                continue
            if isinstance(v.decl.type, ir.TArrow) or not definition_cannot_fail(item.definition, safe):
                return False
            continue
        if item.call.sub.scope not in infallible:
            return False
        for si in item.inputs:
            vd = si.input.decl
            if si.definition is None:
                if vd.io_input == "input" and not vd.is_condition:
                    return False  # the call then builds the input class, which raises
            elif isinstance(vd.type, ir.TArrow) or not definition_cannot_fail(si.definition, safe):
                return False
    return True


def definition_cannot_fail(defn: L.Definition, safe) -> bool:
    """Whether computing a definition cannot raise: no conflict possible, no error when no rule applies,
    conditions and values that ``safe`` admits."""
    if defn.value is not None:
        return safe(defn.value)
    d = defn.decision
    if d is None:
        return defn.on_empty != "no_value"
    if defn.on_empty == "no_value" and not _always_gives(d):
        return False
    return _decision_cannot_fail(d, safe)


def _decision_cannot_fail(d: L.Decision, safe) -> bool:
    if isinstance(d, L.NoRule):
        return True
    if isinstance(d, L.WithExceptions):  # two exceptions may conflict
        return (len(d.exceptions) == 1 and _decision_cannot_fail(d.exceptions[0], safe)
                and (d.fallback is None or _decision_cannot_fail(d.fallback, safe)))
    if isinstance(d, L.Only):
        rules = [d.rule]
    elif isinstance(d, L.Exclusive):
        rules = d.rules
    else:  # L.Checked: a conflict is possible
        return False
    for rule in rules:
        conditions = [c for c, _pos in rule.per_rule] if rule.per_rule is not None else rule.conditions
        if not all(c is None or safe(c) for c in conditions) or not safe(rule.consequence):
            return False
    return True


def _always_gives(d: L.Decision) -> bool:
    """Whether a decision gives a value whatever the conditions."""
    if isinstance(d, L.Only):
        return d.rule.always
    if isinstance(d, L.Exclusive):
        return d.total
    if isinstance(d, L.WithExceptions):
        return (d.fallback is not None and _always_gives(d.fallback)) or any(_always_gives(x) for x in d.exceptions)
    return False


def read_once(sd: D.ScopeDef) -> frozenset:
    """The sub-scopes of a scope whose variables are read at one place only, outside any list form and any
    function (so that a call written there runs at most once per evaluation of the scope), and that are not
    outputs of the scope."""
    counts: dict = {}
    reads, looped = _sub_variable_reads(sd)
    for (sub, _var), n in reads.items():
        counts[sub] = counts.get(sub, 0) + n
    looped_subs = {sub for sub, _var in looped}
    return frozenset(sub for sub, n in counts.items()
                     if n == 1 and sub not in looped_subs and not sd.info.subs[sub].io_output)


def variables_read_once(sd: D.ScopeDef) -> frozenset:
    """The (sub-scope, variable) pairs a scope reads at one place only, outside any list form and any function,
    of sub-scopes that are not outputs of the scope: a definition of that variable which cannot fail may be
    written at that place when the sub-scope is written out in the scope (from_lcalc.py)."""
    reads, looped = _sub_variable_reads(sd)
    return frozenset(key for key, n in reads.items()
                     if n == 1 and key not in looped and not sd.info.subs[key[0]].io_output)


def definition_is_total(lsd: L.ScopeDef, defn: L.Definition, program: ir.Program, infallible: frozenset) -> bool:
    """Whether computing a definition of scope ``lsd`` cannot raise (as `infallible_scopes` decides it for
    each definition of a scope)."""
    return definition_cannot_fail(defn, _safe_in(lsd, _totality(program, infallible)))


#: program -> its _Totality over the scopes proved infallible, made once
_TOTALITIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _totality(program: ir.Program, infallible: frozenset) -> _Totality:
    found = _TOTALITIES.get(program)
    if found is None or found.infallible != infallible:
        found = _TOTALITIES[program] = _Totality(program, set(infallible))
    return found


#: scope -> what `_sub_variable_reads` found in it
_READS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _sub_variable_reads(sd: D.ScopeDef) -> tuple[dict, set]:
    """((sub-scope, variable) -> the number of places the scope reads it, those read inside a list form or a
    function), walked once per scope."""
    if sd not in _READS:
        _READS[sd] = _count_sub_variable_reads(sd)
    return _READS[sd]


def _count_sub_variable_reads(sd: D.ScopeDef) -> tuple[dict, set]:
    counts: dict = {}
    looped: set = set()

    def visit(exprs: list, in_function: bool) -> None:
        for x in ir.walk(exprs):
            if isinstance(x, ir.SubVarRef):
                counts[(x.sub, x.var)] = counts.get((x.sub, x.var), 0) + 1
                if in_function:
                    looped.add((x.sub, x.var))
            elif isinstance(x, ir.ListOp) and not in_function:
                looped.update((y.sub, y.var) for y in ir.walk(list(ir.children(x))) if isinstance(y, ir.SubVarRef))

    for vdef in sd.var_defs.values():
        if vdef.tree is not None:
            visit(list(tree_expressions(vdef.tree)), isinstance(vdef.decl.type, ir.TArrow))
    for item in sd.items:
        if isinstance(item, D.SubCall):
            for si in item.inputs:
                if si.tree is not None:
                    visit(list(tree_expressions(si.tree)), isinstance(si.decl.type, ir.TArrow))
    visit([a.expr for a in sd.assertions], False)
    return counts, looped

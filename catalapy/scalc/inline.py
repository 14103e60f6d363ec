"""Which scopes the plain variant writes out in their caller instead of calling them (from_lcalc.py,
`FnGen.inline_scope`): small scopes whose body is a few definitions — the dated tables of parameters (the annual
social-security ceiling, the monthly SMIC: one `if`/`elif` chain on a date or a year), the carence, the maximum
duration, the eligibility. The caller then reads the callee's variables as its own locals
(`carence__jours_carence`) rather than building its result object and reading it field by field, and pays no
call. The traced variant (`--explain`) and `interpret --trace` keep the calls: their records nest per call.

A scope is written out when it has only `entrée` inputs (nothing to default), no assertion of its own or of its
callees (its failures would have to be gathered apart), no sub-scope and no scope call (what it computes stays
in one place), no function variable (no nested `def` in its caller), and at most `MAX_VARIABLES` variables to
compute. Errors keep their positions: the code written out raises what the callee's body would, at the same
`SourcePosition`: a scope of a module the caller uses reads that module's position constants and tables of
values (`parametres.POS_36_12`, `parametres.MONTANT_BY_ANNEE`, `ModuleNames.pos_in`), one of the caller's module
its own."""
from __future__ import annotations

import weakref

from catalapy.desugar import ir
from catalapy.lcalc import ir as L

from .effects import asserting_scopes, scope_expressions

#: the largest number of variables a scope written out in its caller computes
MAX_VARIABLES = 8

_INLINABLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def inlinable(lpdef: L.ProgramDef, key) -> bool:
    """Whether a plain caller writes out the scope ``key`` in its own body (decided once per scope, when a
    call of it is met)."""
    known = _INLINABLE.setdefault(lpdef, {})
    if key not in known:
        known[key] = key not in asserting_scopes(lpdef.dcalc) and _small(lpdef.scopes[key])
    return known[key]


def inlinable_scopes(lpdef: L.ProgramDef) -> frozenset:
    """The keys of the scopes a plain caller writes out in its own body."""
    return frozenset(key for key in lpdef.scopes if inlinable(lpdef, key))


def _small(lsd: L.ScopeDef) -> bool:
    sd = lsd.dcalc
    if any(vd.io_input == "context" for vd in sd.info.vars.values()) or sd.assertions:
        return False
    computed = 0
    for item in lsd.items:
        if not isinstance(item, L.VarDefinition):  # a sub-scope
            return False
        v = item.var
        if isinstance(v.decl.type, ir.TArrow):
            return False
        if not (v.decl.io_input == "input" and v.from_input):
            computed += 1
    if computed > MAX_VARIABLES:
        return False
    return not any(isinstance(e, ir.ScopeCall) for e in ir.walk(list(scope_expressions(sd))))

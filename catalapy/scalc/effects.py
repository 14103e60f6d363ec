"""What a call of a scope may do besides giving its value, over the whole program: append assertion failures
(`asserting_scopes`: its body function then takes the caller's list of failures, so that they are reported
together, after the outermost call, as the reference does). A scope asserts when it has an assertion, an
inline assertion in one of its expressions, or calls (as a sub-scope or as an expression) a scope that does.
"""
from __future__ import annotations

from catalapy.dcalc import ir as D
from catalapy.desugar import ir


def asserting_scopes(pdef: D.ProgramDef) -> frozenset:
    """The keys of the scopes whose evaluation may append assertion failures."""
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

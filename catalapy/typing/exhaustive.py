"""Every pattern matching without a wildcard covers every constructor of its enumeration. The reference checks
it when it translates to the default calculus, after typing and after its lints (whose warnings print first)."""
from __future__ import annotations

from catalapy.desugar import ir
from catalapy.errors import CatalaError

#: the constructors of an optional, in the reference's order
OPTION_CONSTRUCTORS = ("Absent", "Present")


def check_exhaustive_matches(program: ir.Program) -> None:
    roots: list = [g.value for g in program.globals.values()]
    for sc in program.scopes.values():
        roots += [x for r in sc.rules for x in (r.condition, r.consequence)] + [a.expr for a in sc.assertions]
    for e in ir.walk(roots):
        if isinstance(e, ir.Match) and not any(arm.ctor is None for arm in e.arms):
            ctors = OPTION_CONSTRUCTORS if e.enum == ir.OPTION_KEY else program.enums[e.enum].ctors
            covered = {arm.ctor for arm in e.arms}
            missing = [c for c in ctors if c not in covered]
            if missing:
                raise CatalaError(f"The constructor {missing[0]} of enum {e.enum[1]} is missing from this pattern "
                                  "matching", [e.pos])

"""Trace instrumentation, a pass of its own over the default-calculus IR (run for `interpret --trace` only).

As the reference tags its expressions for its trace (desugared/from_surface.ml, scopelang/from_desugared.ml,
dcalc/from_scopelang.ml), this pass wraps the expressions whose evaluation the trace reports in `Traced`
nodes: the condition of an `if` or a `match`, the branch taken, a local `let` definition, a call of a
top-level or scope-variable function, a scope call, an assertion, and the condition of each rule (a rule
without condition gets a `vrai` one, reported as "Definition fulfilled"; with `optimize`, as the reference's
`-O`, those are left out). The printer writes a `Traced` node as a call of the runtime's `traced`; scope
variable and sub-scope events are statements it emits from `scope_var_event` / `sub_scope_events` when the
program is instrumented. Without this pass the generated code is unchanged."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

from catalapy.dcalc import ir as D
from catalapy.desugar import ir
from catalapy.position import SourcePosition
from catalapy.runtime.trace import (ASSERTION, BRANCH_CONDITION, EXCEPTION, FUNCTION_CALL, IF_BRANCHING,
                                    LOCAL_VAR, MATCH_BRANCHING, SCOPE_CALL, SCOPE_VAR)

__all__ = ["Traced", "instrument", "scope_var_event", "sub_scope_events", "ASSERTION", "SCOPE_VAR",
           "VALUE_TYPED_EVENTS"]


@dataclass(eq=False)
class Traced(ir.Expr):
    """``expr``, whose evaluation is logged as an event ``kind`` at ``pos`` with ``info``."""

    kind: str
    info: dict  # str -> str | bool | SourcePosition | None, or a dict of them
    expr: ir.Expr


#: events whose value the printer tells the type of (`value_type`), so that money (held as int cents) prints
#: as money
VALUE_TYPED_EVENTS = (LOCAL_VAR, FUNCTION_CALL, BRANCH_CONDITION, IF_BRANCHING, MATCH_BRANCHING)

_IO_INPUT = {"input": "only_input", "context": "reentrant"}


def instrument(pdef: D.ProgramDef, optimize: bool = False, lcalc: bool = False) -> D.ProgramDef:
    """Wrap the traced expressions of every scope and global of ``pdef`` (in place) and mark it traced.
    With ``lcalc``, context variables that are not outputs are logged as the reference's `--lcalc` holds
    them: an optional pair of the value and the position of the expression that gave it."""
    tagger = _Tagger(pdef.program, optimize)
    for g in pdef.program.globals.values():
        if g.value is not None:
            g.value = tagger.expr(g.value)
    for sd in pdef.scopes.values():
        for item in sd.items:
            if isinstance(item, D.VarDef):
                tagger.tree(item.tree)
            else:
                for si in item.inputs:
                    tagger.tree(si.tree)
        for a in sd.assertions:
            a.expr = Traced(a.pos, ASSERTION, {}, tagger.expr(a.expr), ty=a.expr.ty)
    pdef.traced = True
    pdef.trace_context_positions = lcalc
    return pdef


def scope_var_event(info: ir.ScopeInfo, decl: ir.VarDecl) -> tuple[str, SourcePosition, dict]:
    """(kind, position, info) of the event of a scope variable's definition."""
    io = _IO_INPUT.get(decl.io_input or "", "no_input")
    pos = info.pos if io == "only_input" else decl.pos  # the reference places inputs at the scope
    return SCOPE_VAR, pos, {"name": decl.name, "decl_pos": decl.pos, "input": io, "output": decl.io_output}


def sub_scope_events(program: ir.Program, sub: ir.SubDecl) -> list[tuple[str, SourcePosition, dict]]:
    """The events opened around a sub-scope variable's call: its definition, then the scope call."""
    callee = program.scopes[sub.scope]
    return [(SCOPE_VAR, sub.pos, {"name": sub.name, "decl_pos": sub.pos, "input": "no_input",
                                  "output": sub.io_output}),
            (SCOPE_CALL, sub.pos, {"name": sub.scope[1], "decl_pos": callee.pos})]


class _Tagger:
    def __init__(self, program: ir.Program, optimize: bool) -> None:
        self.program = program
        self.optimize = optimize
        self.uids = itertools.count(-1, -1)  # binders made here (the resolver's count up from 1)

    # --- rules

    def tree(self, node: D.Node | None) -> None:
        if node is None:
            return
        for ex in node.exceptions:
            self.tree(ex)
        for piece in node.pieces:
            piece.consequence = self.expr(piece.consequence)
            rules = piece.rules if len(piece.rules) == len(piece.conditions) else [piece.rules[0]] * len(
                piece.conditions)
            piece.conditions = [self.rule_condition(c, r) for c, r in zip(piece.conditions, rules)]

    def rule_condition(self, cond: ir.Expr | None, rule: ir.Rule) -> ir.Expr | None:
        if cond is None and self.optimize:
            return None
        consequence = rule.consequence
        while isinstance(consequence, ir.InlineAssert):  # the reference places the consequence after them
            consequence = consequence.body
        info = {"label": rule.label, "label_pos": rule.label_pos, "cons_pos": consequence.pos}
        if cond is None:
            return Traced(_defined_name_pos(rule), EXCEPTION, info, ir.Lit(rule.pos, "bool", True))
        return Traced(cond.pos, EXCEPTION, info, self.expr(cond), ty=cond.ty)

    # --- expressions

    def expr(self, e: ir.Expr) -> ir.Expr:
        self.children(e)
        if isinstance(e, ir.If):
            e.cond = Traced(e.cond.pos, BRANCH_CONDITION, {}, e.cond, ty=e.cond.ty)
            e.then = Traced(e.then.pos, IF_BRANCHING, {}, e.then, ty=e.then.ty)
            e.else_ = Traced(e.else_.pos, IF_BRANCHING, {}, e.else_, ty=e.else_.ty)
        elif isinstance(e, ir.Match):
            e.expr = Traced(e.expr.pos, BRANCH_CONDITION, {}, e.expr, ty=e.expr.ty)
            for arm in e.arms:
                arm.body = Traced(arm.body.pos, MATCH_BRANCHING, {"constructor": arm.ctor}, arm.body,
                                  ty=arm.body.ty)
        elif isinstance(e, ir.Let) and isinstance(e.binder, ir.Bind):
            e.value = Traced(e.value.pos, LOCAL_VAR, {"name": e.binder.name}, e.value, ty=e.value.ty)
        elif isinstance(e, ir.InlineAssert):
            p = e.pos
            at = SourcePosition(p.file, p.start_line, p.start_column, e.cond.pos.end_line, e.cond.pos.end_column,
                                p.law_headings)
            e.cond = Traced(at, ASSERTION, {}, e.cond, ty=e.cond.ty)
        elif isinstance(e, ir.Call):
            called = self.called_function(e.func)
            if called is not None:
                return Traced(e.pos, FUNCTION_CALL, {"name": called[0], "decl_pos": called[1]}, e, ty=e.ty)
        elif isinstance(e, ir.ScopeCall):
            info = {"name": e.scope[1], "decl_pos": self.program.scopes[e.scope].pos,
                    "arg_pos": {var: arg.pos for var, arg in e.args}}
            return Traced(e.pos, SCOPE_CALL, info, e, ty=e.ty)
        elif isinstance(e, ir.Op) and e.kind in ("and", "or"):
            return self.strict(e)
        return e

    def strict(self, e: ir.Op) -> ir.Expr:
        """`a et b`, `a ou b` with both operands evaluated (the reference's operators are strict, and its
        trace shows the calls of both)."""
        binds = [ir.Bind(name, next(self.uids), a.pos, a.ty) for name, a in zip(("_left", "_right"), e.args)]
        body = dataclasses.replace(e, args=[ir.Local(a.pos, b, ty=a.ty) for a, b in zip(e.args, binds)])
        for b, a in reversed(list(zip(binds, e.args))):
            body = ir.Let(e.pos, b, a, body, ty=e.ty)
        return body

    def called_function(self, func: ir.Expr) -> tuple[str, SourcePosition] | None:
        """(name, declaration) of a user function: a top-level one, or a scope variable (at the call)."""
        if isinstance(func, ir.GlobalRef):
            module = self.program.modules[func.key[0]]
            if module.external or module.is_stdlib:
                return None
            return func.key[1], self.program.globals[func.key].pos
        if isinstance(func, ir.ScopeVarRef):
            return func.var, func.pos
        return None

    def children(self, e: ir.Expr) -> None:
        for f in dataclasses.fields(e):
            if f.name in ("pos", "ty"):
                continue
            setattr(e, f.name, self.value(getattr(e, f.name)))

    def value(self, v):
        if isinstance(v, ir.Expr):
            return self.expr(v)
        if isinstance(v, ir.MatchArm):
            v.body = self.expr(v.body)
            return v
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if isinstance(v, tuple):
            return tuple(self.value(x) for x in v)
        if isinstance(v, dict):
            return {k: self.value(x) for k, x in v.items()}
        return v


def _defined_name_pos(rule: ir.Rule) -> SourcePosition:
    """The span of the defined name (`r`, `ssv.i`): where the reference places a rule without condition."""
    p = rule.name_pos or rule.pos
    name = f"{rule.sub}.{rule.var}" if rule.sub else rule.var
    start = p.end_column - len(name) if p.end_line == p.start_line or p.end_column > len(name) else p.start_column
    return SourcePosition(p.file, p.end_line, start, p.end_line, p.end_column, p.law_headings)

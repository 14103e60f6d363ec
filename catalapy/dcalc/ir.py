"""Default-calculus IR: per scope, an ordered list of variable definitions (default trees), sub-scope calls
and assertions. Expressions are the typed expressions of desugar/ir."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalapy.desugar import ir
from catalapy.position import SourcePosition


@dataclass(eq=False)
class Piece:
    """One rule of a group: ``condition`` (None = always) ⊢ ``consequence``. Several identical-consequence
    rules collapse into one piece (lower.collapse, the reference's nest) whose ``conditions`` are tried in
    turn, in the order listed — the last rule written first —, until one holds: the later ones are then not
    evaluated. ``rules[i]`` is the rule of ``conditions[i]``."""

    conditions: list  # [Expr | None] in order of trial; None in the list means "always"
    consequence: ir.Expr
    params: list  # [Bind] of the rule (function variables)
    rules: list  # [ir.Rule], as conditions

    @property
    def unconditional(self) -> bool:
        return any(c is None for c in self.conditions)


@dataclass(eq=False)
class Node:
    """Exceptions are tried first; if none applies, the pieces."""

    exceptions: list  # [Node]
    pieces: list  # [Piece]

    def never_empty(self) -> bool:
        return any(p.unconditional for p in self.pieces) or any(e.never_empty() for e in self.exceptions)

    def is_trivial(self) -> bool:
        """A single unconditional rule and no exception."""
        return not self.exceptions and len(self.pieces) == 1 and self.pieces[0].unconditional


@dataclass(eq=False)
class VarDef:
    """Definition of one scope variable (one state of it)."""

    var: str
    state: str | None
    decl: ir.VarDecl
    tree: Node | None  # None: no rule
    from_input: bool  # value comes from the input record (entrée, or contexte override)
    is_context: bool  # the caller may override (contexte, first state)
    must_be_defined: bool  # EMPTY here is a NoValue error at the declaration
    may_be_empty: bool  # reads need the "error on empty" check
    is_last_state: bool
    pyname: str = ""


@dataclass(eq=False)
class SubInput:
    var: str
    decl: ir.VarDecl
    tree: Node | None


@dataclass(eq=False)
class SubCall:
    sub: ir.SubDecl
    inputs: list  # [SubInput] for every input/context variable of the callee, declaration order


@dataclass(eq=False)
class Assertion:
    expr: ir.Expr
    message: str | None
    pos: SourcePosition


@dataclass(eq=False)
class ScopeDef:
    info: ir.ScopeInfo
    items: list = field(default_factory=list)  # VarDef | SubCall, in evaluation order
    assertions: list = field(default_factory=list)
    date_rounding: str | None = None
    var_defs: dict = field(default_factory=dict)  # (var, state) -> VarDef


@dataclass(eq=False)
class ProgramDef:
    program: ir.Program
    scopes: dict  # Key -> ScopeDef
    global_order: list  # [Key] globals of every module, dependencies first
    extra: Any = None
    traced: bool = False  # instrumented by dcalc/trace_pass.py (the generated code logs its evaluation)
    trace_context_positions: bool = False  # … logging context variables with their positions (--lcalc)

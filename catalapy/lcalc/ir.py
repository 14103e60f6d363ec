"""Default calculus with defaults eliminated (as the reference's lcalc): every default tree of the dcalc IR is
now a decision the statement pass writes out as it stands. Which rules are tried, in which order, whether a
conflict can arise (`exclusive.py`), which position a trace cites, what happens when no rule applies, and
which reads of a variable need the check that it has a value are decided here. Expressions are the typed
expressions of desugar/ir (defaults only ever stood at the top of a definition)."""
from __future__ import annotations

from dataclasses import dataclass, field

from catalapy.dcalc import ir as D
from catalapy.desugar import ir
from catalapy.position import SourcePosition


@dataclass(eq=False)
class Rule:
    """One piece of a default tree: ``consequence`` when ``conditions`` hold (any of them; none: always),
    tried in their order until one holds (rules with identical consequences share one piece, one condition
    each, the last written first: dcalc.ir.Piece). ``rule_positions``: the position of the consequence of every
    rule gathered in the piece, in the same order."""

    conditions: list  # [ir.Expr | None] in order of trial; None: that rule always applies
    consequence: ir.Expr
    rule_positions: list  # [SourcePosition] of every rule gathered (as conditions)

    @property
    def pos(self) -> SourcePosition:
        """The position the piece cites: its consequence's."""
        return self.consequence.pos

    @property
    def per_rule(self) -> list | None:
        """When the piece gathers rules written at distinct places, one condition each: (condition or None,
        position of its consequence) of each, tested one by one in this order until one holds (the later ones
        are not evaluated), so that a trace cites the rule that applied; None otherwise (the piece cites
        ``pos``)."""
        positions = self.rule_positions
        if len(positions) == len(self.conditions) and len(set(positions)) > 1:
            return list(zip(self.conditions, positions))
        return None

    @property
    def always(self) -> bool:
        """The piece applies unconditionally (a condition None, or a single `vrai`) and is not tested rule
        by rule."""
        conds = self.conditions
        return self.per_rule is None and (any(c is None for c in conds) or (
            len(conds) == 1 and isinstance(conds[0], ir.Lit) and conds[0].kind == "bool" and conds[0].value is True))


@dataclass(eq=False)
class Decision:
    pass


@dataclass(eq=False)
class NoRule(Decision):
    """No rule: no value (EMPTY)."""


@dataclass(eq=False)
class Only(Decision):
    """A single rule: it applies when its condition holds (always when ``rule.always``), else no value."""

    rule: Rule


@dataclass(eq=False)
class Exclusive(Decision):
    """Rules whose conditions were shown to exclude one another: the first that holds gives the value, no
    conflict check. ``total``: one of them always holds (the last needs no test)."""

    rules: list
    total: bool


@dataclass(eq=False)
class Checked(Decision):
    """Rules that may hold together: each evaluated whole in turn (its condition, then its consequence when
    it holds), as the reference evaluates the defaults of a group's rules; two giving a value is a conflict."""

    rules: list


@dataclass(eq=False)
class WithExceptions(Decision):
    """Exceptions are tried first (each a decision; two giving a value is a conflict); when none gives one,
    ``fallback`` (the rules they are exceptions to), if any."""

    exceptions: list
    fallback: Decision | None


@dataclass(eq=False)
class Definition:
    """How a value is computed. ``decision`` None: nothing is defined (EMPTY); ``value``: a single unconditional
    rule and no exception, the consequence itself. ``on_empty``: what no value turns into — None (it cannot
    happen, or stays EMPTY for reads to check), "false" (a condition), "no_value" (an error at ``decl_pos``),
    "not_provided" (an unset context input of a sub-scope)."""

    decision: Decision | None
    value: ir.Expr | None
    on_empty: str | None
    decl_pos: SourcePosition


@dataclass(eq=False)
class VarDefinition:
    var: D.VarDef
    definition: Definition


@dataclass(eq=False)
class SubInput:
    input: D.SubInput
    definition: Definition | None  # None: the input is not defined by the caller


@dataclass(eq=False)
class SubCall:
    call: D.SubCall
    inputs: list  # [SubInput]


@dataclass(eq=False)
class ScopeDef:
    dcalc: D.ScopeDef
    items: list  # VarDefinition | SubCall, in evaluation order
    #: (variable, state) that always have a value when read (no check needed)
    always_defined: set = field(default_factory=set)

    def read_needs_check(self, var: str, state: str | None) -> bool:
        vdef = self.dcalc.var_defs[(var, state)]
        return vdef.may_be_empty and (var, state) not in self.always_defined


@dataclass(eq=False)
class ProgramDef:
    dcalc: D.ProgramDef
    scopes: dict  # Key -> ScopeDef

"""What the compiler knows of each scope variable, emitted as module constants beside the generated scopes.

`--explain` reads these tables instead of the policy text (`VariableInfo`, `LawHeadingInfo`, `ConstantInfo`,
emitted by `catalapy.backend.metadata`): the Catala type of a variable (the annotation of
the generated dataclasses, so that money, held as int cents, is told from integers) and what its definition
reads. A read is named relative to the scope: `variable` (`variable@state` for a state), `sub.variable` (an
output of the sub-scope `sub`) or `Module.name` (a global: the name starts with a capital letter).
"""

from __future__ import annotations

from dataclasses import dataclass

from .position import SourcePosition

__all__ = ["VariableInfo", "LawHeadingInfo", "ConstantInfo"]


@dataclass(frozen=True, slots=True)
class VariableInfo:
    """One variable of a scope: its type, what all its rules read, and (when it has several rules) what each
    rule reads (condition and consequence), keyed by the position a trace records for that rule."""

    type: object
    reads: tuple[str, ...] = ()
    rules: tuple[tuple[SourcePosition, tuple[str, ...]], ...] = ()

    def reads_of(self, positions: tuple[SourcePosition, ...]) -> tuple[str, ...]:
        """What the rules applied at `positions` read; every read when no rule is known there (an input, or
        a condition that no rule made true: its value then depends on all the conditions)."""
        found: list[str] = []
        matched = False
        for position, reads in self.rules:
            if position in positions:
                matched = True
                found.extend(r for r in reads if r not in found)
        return tuple(found) if matched else self.reads


@dataclass(frozen=True, slots=True)
class LawHeadingInfo:
    """A law heading of the module's source (`## Article D622-7 | LEGIARTI…`): its depth, title, article
    identifier (None when the heading gives none), file and line, and the statement of the law that the text
    under it formalizes (its `Droit :` paragraph, else its first paragraph; None when it has no prose)."""

    level: int
    title: str
    article_id: str | None
    file: str
    line: int
    statement: str | None = None


@dataclass(frozen=True, slots=True)
class ConstantInfo:
    """A global constant `déclaration x contenu t égal à v`: its value as written in the source (`71%`,
    `|2019-05-30|`, `1 an`; None when the source cannot be read again), the position of its declaration (whose
    law headings give its legal source), and its value (`Fraction(71, 100)`, `date(2019, 5, 30)`,
    `Duration(1, 0, 0)`; money in int cents)."""

    text: str | None
    position: SourcePosition
    value: object

"""Execution traces of generated scopes: which rule gave each variable its value (powers `--explain`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .position import SourcePosition

__all__ = ["Trace", "TraceEntry", "ScopeTrace"]


@dataclass(slots=True)
class TraceEntry:
    """One variable that got a value: the rules applied are given by their positions."""

    scope: str
    variable: str
    value: object
    positions: tuple[SourcePosition, ...]
    is_input: bool = False  # the value came from the caller (an `entrée`, or a `contexte` it provided)


@dataclass(slots=True)
class ScopeTrace:
    """One scope call and what happened inside it, in evaluation order (entries and nested calls)."""

    scope: str
    name: str | None = None  # the sub-scope variable of the caller, None at the top
    events: list = field(default_factory=list)

    def entries(self) -> list[TraceEntry]:
        return [e for e in self.events if isinstance(e, TraceEntry)]

    def calls(self) -> list[ScopeTrace]:
        return [e for e in self.events if isinstance(e, ScopeTrace)]


class Trace:
    """Pass an instance as `trace=` to a generated scope function; read `calls` afterwards."""

    __slots__ = ("calls", "_stack", "_next_name")

    def __init__(self) -> None:
        self.calls: list[ScopeTrace] = []
        self._stack: list[ScopeTrace] = []
        self._next_name: str | None = None

    def enter(self, scope: str) -> None:
        node = ScopeTrace(scope, self._next_name)
        self._next_name = None
        (self._stack[-1].events if self._stack else self.calls).append(node)
        self._stack.append(node)

    def leave(self) -> None:
        self._stack.pop()

    def sub_call(self, name: str) -> None:
        """Announce that the next scope entered is the sub-scope `name` of the current scope."""
        self._next_name = name

    def record(self, scope: str, variable: str, value: object,
               positions: tuple[SourcePosition | None, ...]) -> None:
        """Record that ``variable`` got ``value`` from the rules at ``positions`` (a None position, e.g. the
        implicit ``faux`` of a condition that no rule made true, is left out)."""
        self._add(TraceEntry(scope, variable, value, tuple(p for p in positions if p is not None)))

    def record_input(self, scope: str, variable: str, value: object, declaration: SourcePosition) -> None:
        """Record the value the caller gave to the input ``variable`` (declared at ``declaration``)."""
        self._add(TraceEntry(scope, variable, value, (declaration,), is_input=True))

    def _add(self, entry: TraceEntry) -> None:
        if self._stack:
            self._stack[-1].events.append(entry)
        else:
            self.calls.append(ScopeTrace(entry.scope, None, [entry]))

"""Execution traces of generated scopes: one node type (`TraceEvent`, a step of an evaluation as the
reference's trace elements) in one tree mechanism (`_Tree`), two recorders:

- `Trace`, passed as `trace=` to a generated scope: which rule gave each variable its value, per scope call
  (`SCOPE_CALL` events holding `SCOPE_VAR` events; what `--explain` reads);
- `EventLog`, the process-wide log of code compiled with the trace pass: every step, conditions, branches and
  calls in between (what `catalapy interpret --trace` prints).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .defaults import EMPTY
from .errors import CatalaRuntimeError
from .position import SourcePosition
from .printing import catala_name, enum_member_name
from .values import ABSENT, Present

__all__ = ["Trace", "TraceEvent", "EventLog", "scope_variables", "start_log", "stop_log", "trace_begin",
           "trace_end", "trace_end_context", "traced", "traced_assertion", "assertion_holds",
           "AssertionDoesNotHold"]

# The kinds of events, as the reference's `trace_element`: a scope call, a scope variable or local variable
# definition, a function call, a condition, a branch taken, an assertion, a rule tried ("exception"), an error.
SCOPE_CALL = "scope_call"
SCOPE_VAR = "scope_var"
LOCAL_VAR = "local_var"
FUNCTION_CALL = "function_call"
BRANCH_CONDITION = "branch_condition"
IF_BRANCHING = "if_branching"
MATCH_BRANCHING = "match_branching"
ASSERTION = "assertion"
EXCEPTION = "exception"
ERROR = "error"


@dataclass(slots=True, eq=False)
class TraceEvent:
    """One step of an evaluation: its kind, position, value (None: none, or the evaluation stopped inside it)
    and the events that happened while it was being computed. ``info`` holds what the kind needs:

    - in an `EventLog`: ``name`` and ``decl_pos`` (scope call, scope variable, function call, local
      variable), ``input`` (``"no_input"``, ``"only_input"``, ``"reentrant"``) and ``output`` (scope
      variable), ``constructor`` (match branch), ``label`` / ``label_pos`` / ``cons_pos`` (rule tried),
      ``error`` (the runtime error);
    - in a `Trace`: a scope call has ``name`` (the scope) and ``sub_scope`` (the sub-scope variable of the
      caller, None at the top); a scope variable has ``name``, ``rules`` (the positions of the rules applied,
      or of its declaration when the caller gave it) and ``input`` (``"only_input"`` when the caller gave it:
      an `entrée`, or a `contexte` it provided; else ``"no_input"``)."""

    kind: str
    pos: SourcePosition | None
    info: dict[str, Any]
    value: object = None
    has_value: bool = False
    events: list[TraceEvent] = field(default_factory=list)


def scope_variables(call: TraceEvent) -> list[TraceEvent]:
    """The scope variables recorded directly in a scope call of a `Trace` (not in its sub-scope calls)."""
    return [e for e in call.events if e.kind == SCOPE_VAR]


class _Tree:
    """Events recorded in evaluation order as a tree: `_attach` adds one under the innermost open event (or as
    a root), `_open` attaches one and opens it, `_close` closes the innermost."""

    __slots__ = ("roots", "_stack")

    def __init__(self) -> None:
        self.roots: list[TraceEvent] = []
        self._stack: list[TraceEvent] = []

    def _siblings(self) -> list[TraceEvent]:
        return self._stack[-1].events if self._stack else self.roots

    def _attach(self, event: TraceEvent) -> None:
        self._siblings().append(event)

    def _open(self, event: TraceEvent) -> None:
        self._attach(event)
        self._stack.append(event)

    def _close(self) -> TraceEvent:
        return self._stack.pop()


class Trace(_Tree):
    """Pass an instance as `trace=` to a generated scope function; read `calls` afterwards."""

    __slots__ = ("_next_name",)

    def __init__(self) -> None:
        super().__init__()
        self._next_name: str | None = None

    @property
    def calls(self) -> list[TraceEvent]:
        """The top-level scope calls."""
        return self.roots

    def enter(self, scope: str) -> None:
        self._open(TraceEvent(SCOPE_CALL, None, {"name": scope, "sub_scope": self._next_name}))
        self._next_name = None

    def leave(self) -> None:
        self._close()

    def sub_call(self, name: str) -> None:
        """Announce that the next scope entered is the sub-scope `name` of the current scope."""
        self._next_name = name

    def record(self, scope: str, variable: str, value: object,
               positions: tuple[SourcePosition | None, ...]) -> None:
        """Record that ``variable`` got ``value`` from the rules at ``positions`` (a None position, e.g. the
        implicit ``faux`` of a condition that no rule made true, is left out)."""
        rules = tuple(p for p in positions if p is not None)
        self._add(scope, TraceEvent(SCOPE_VAR, None, {"name": variable, "rules": rules, "input": "no_input"},
                                    value, True))

    def record_input(self, scope: str, variable: str, value: object, declaration: SourcePosition) -> None:
        """Record the value the caller gave to the input ``variable`` (declared at ``declaration``)."""
        self._add(scope, TraceEvent(SCOPE_VAR, None, {"name": variable, "rules": (declaration,),
                                                      "input": "only_input"}, value, True))

    def _add(self, scope: str, variable: TraceEvent) -> None:
        self._attach(variable if self._stack else
                     TraceEvent(SCOPE_CALL, None, {"name": scope, "sub_scope": None}, events=[variable]))


# --- the reference's execution log (`catalapy interpret --trace`) -----------------------------------------
# Code compiled with the trace pass (catalapy/dcalc/trace_pass.py) reports each step of the evaluation as an
# event, as the reference runtime's `trace_element`. The log is global to the process, as the reference's.


class EventLog(_Tree):
    """The events of one run, as a tree; `begin`/`end` bracket an event, `single` adds a leaf."""

    __slots__ = ("error_recorded", "error")

    def __init__(self) -> None:
        super().__init__()
        self.error_recorded = False
        self.error: BaseException | None = None  # the error that stopped the evaluation

    @property
    def events(self) -> list[TraceEvent]:
        """The top-level events."""
        return self.roots

    def begin(self, kind: str, pos: SourcePosition | None, **info: object) -> None:
        self._open(TraceEvent(kind, pos, info))

    def end(self, value: object = None) -> object:
        event = self._close()
        if value is not None:
            event.value, event.has_value = value, True
        return value

    def single(self, kind: str, pos: SourcePosition | None, **info: object) -> None:
        self._attach(TraceEvent(kind, pos, info))

    def last_sibling(self) -> TraceEvent | None:
        """The event completed just before the one being opened (the condition of a match, for its branch)."""
        siblings = self._siblings()
        return siblings[-2] if len(siblings) >= 2 else None

    def fail(self, error: BaseException) -> None:
        """An error stops the evaluation: it is logged where it happened (once), every open event stays
        without value."""
        if not self.error_recorded:
            self.error_recorded, self.error = True, error
            positions = tuple(getattr(error, "positions", ()) or ())
            self.single(ERROR, positions[0] if positions else None, error=error, related=positions[1:])
        self._stack.clear()


_LOG: list[EventLog] = []  # the log being written (at most one)


def start_log() -> EventLog:
    """Start logging the events of the instrumented code run from now on."""
    log = EventLog()
    _LOG[:] = [log]
    return log


def stop_log() -> None:
    _LOG.clear()


def trace_begin(kind: str, pos: SourcePosition | None, **info: object) -> None:
    if _LOG:
        log = _LOG[0]
        if kind == MATCH_BRANCHING and info.get("constructor") is None:  # a wildcard arm: the value's case
            condition = log.last_sibling()
            info["constructor"] = constructor_name(condition.value if condition is not None else None)
        log.begin(kind, pos, **info)


def trace_end(value: object) -> object:
    if _LOG:
        _LOG[0].end(None if value is EMPTY else value)  # a variable no rule defined: no value (∅)
    return value


def trace_end_context(value: object, positions: tuple[SourcePosition, ...] | None, name: str) -> object:
    """The end of a context variable's event as the reference's `--lcalc` logs it: the value with the
    position of the expression that gave it (`positions` of the rule applied, or None when the caller gave
    it: then the position of the caller's argument, kept by the scope call's event)."""
    if not _LOG:
        return value
    log = _LOG[0]
    pos: SourcePosition | None
    if positions:
        pos = positions[0]
    else:
        calls = [e for e in log._stack if e.kind == SCOPE_CALL]
        pos = calls[-1].info.get("arg_pos", {}).get(name) if calls else None
    log._stack[-1].info["value_position"] = pos
    log.end(value)
    return value


def traced(kind: str, pos: SourcePosition | None, info: dict[str, Any], compute: Callable[[], object]) -> object:
    """Log the event ``kind`` around ``compute()`` and return its value."""
    if not _LOG:
        return compute()
    trace_begin(kind, pos, **info)
    return trace_end(compute())


class AssertionDoesNotHold(CatalaRuntimeError):
    """A false assertion under `--trace`: the reference stops there with this wording."""

    def __init__(self, pos: SourcePosition) -> None:
        super().__init__("an assertion doesn't hold", [pos], "Assertion failed")


def traced_assertion(pos: SourcePosition, compute: Callable[[], bool]) -> bool:
    """An assertion: its evaluation is logged, and a false one stops here (as the reference does under
    `--trace`) with the error logged inside it."""
    if _LOG:
        trace_begin(ASSERTION, pos)
    return assertion_holds(compute(), pos)


def assertion_holds(holds: bool, pos: SourcePosition) -> bool:
    """The end of an assertion's event: a false one raises (logged inside the event by `EventLog.fail`)."""
    if not holds:
        raise AssertionDoesNotHold(pos)
    if _LOG:
        _LOG[0].end(None)
    return holds


def constructor_name(value: object) -> str:
    """The Catala name of the constructor of an enumeration or optional value."""
    if isinstance(value, Present):
        return "Present"
    if value is ABSENT:
        return "Absent"
    if isinstance(value, enum.Enum):
        return enum_member_name(value)
    return catala_name(type(value))

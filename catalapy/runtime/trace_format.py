"""The reference's two renderings of an event log (`catalapy interpret --trace [--trace-format json]`).

Text: each event is a line (`≔ Scope variable definition r: 111`, `⊡ Condition evaluated to true`, …), then
the excerpt of its position (left out when it is the position printed just before, as the reference does),
then its sub-events indented by two columns. Values follow OCaml's `Format` layout as the reference prints
them: after `:` on the same line when they fit in 78 columns, else on the next line indented by two.
JSON: one array of `{"element", "pos", "value", "trace"}` objects, field for field as the reference runtime's
`Json.trace`."""

from __future__ import annotations

import enum
import json
import typing
from datetime import date
from fractions import Fraction

from .diagnostics import excerpt_lines, law_heading_lines
from .lang import get_lang
from .position import SourcePosition
from .printing import _format_width, _render, catala_name, enum_member_name
from .trace import (ASSERTION, BRANCH_CONDITION, ERROR, EXCEPTION, FUNCTION_CALL, IF_BRANCHING, LOCAL_VAR,
                    MATCH_BRANCHING, SCOPE_CALL, SCOPE_VAR, TraceEvent)
from .trace_values import ValueStyle, render_value
from .values import Duration

__all__ = ["format_trace_text", "format_trace_json"]

#: OCaml's `Format` default margin (the reference's output is not a terminal)
MARGIN = 78

_IO_WORD = {"only_input": " input", "reentrant": " context"}


class _TextPrinter:
    def __init__(self, lang: str) -> None:
        self.lang = get_lang(lang)
        self.last_pos: SourcePosition | None = None

    # --- pieces

    def value_lines(self, event: TraceEvent) -> list[tuple[int, str]]:
        if not event.has_value:
            return [(0, "∅")]
        typ = event.info.get("value_type", typing.Any)
        if "value_position" not in event.info:
            return _render(event.value, typ, self.lang, 0)
        # `--lcalc`: a context variable is held as an optional pair (value, position of the expression)
        p = event.info["value_position"]
        shown = "" if p is None else f"{p.file}:{p.start_line}.{p.start_column}-{p.end_line}-{p.end_column}"
        lines = _render(event.value, typ, self.lang, 3)
        lines[0] = (0, f"{self.lang.present} {self.lang.content} ({lines[0][1]}")
        lines[-1] = (lines[-1][0], f"{lines[-1][1]}, {shown})")
        return lines

    def pos_lines(self, pos: SourcePosition | None) -> list[str]:
        """The excerpt of `pos` (first line `─➤ file:range:`), or nothing when it was the last one printed."""
        if pos is None or pos == self.last_pos:
            return []
        self.last_pos = pos
        return [f"─➤ {pos}:", *excerpt_lines(pos), *law_heading_lines(pos.law_headings, "", "")]

    def box(self, col: int, pos: SourcePosition | None, events: list) -> list[str]:
        """`@[<v 2>pos sub-events@]` opened at `col`: at least the line where it opens."""
        excerpt = self.pos_lines(pos)
        out = [" " * col + line for line in excerpt] or [" " * col]
        for event in events:
            out.extend(self.element(event, col + 2))
        return out

    def headed_value(self, col: int, head: str, event: TraceEvent) -> list[str]:
        """`@[<hov 2>head:@ value@]`: the value after the head if it fits in the margin, else below it."""
        lines = self.value_lines(event)
        flat = lines[0][1] + "".join(" " * ind + text for ind, text in lines[1:])
        end = col + _format_width(head) - _format_width(head[0]) + 1  # the symbol counts for one column
        if _format_width(flat) + 1 > MARGIN - end:
            at = col + 2
            out = [" " * col + head, " " * at + lines[0][1]]
        else:
            at = end + 1
            out = [" " * col + head + " " + lines[0][1]]
        out.extend(" " * (at + ind) + text for ind, text in lines[1:])
        return out

    def inline_value(self, col: int, head: str, event: TraceEvent) -> list[str]:
        lines = self.value_lines(event)
        at = col + _format_width(head) - _format_width(head[0]) + 1
        return [" " * col + head + lines[0][1]] + [" " * (at + ind) + text for ind, text in lines[1:]]

    # --- events

    def element(self, e: TraceEvent, col: int) -> list[str]:  # noqa: C901 - one case per kind, as the reference
        info, pad = e.info, " " * col
        if e.kind == SCOPE_CALL:
            return ([f"{pad}→ Entering scope {info['name']}"] + self.box(col, e.pos, e.events)
                    + self.headed_value(col, f"← Exiting Scope {info['name']}:", e))
        if e.kind == SCOPE_VAR:
            head = f"≔ Scope{_IO_WORD.get(info['input'], '')} variable definition {info['name']}:"
            return self.headed_value(col, head, e) + self.box(col, info["decl_pos"], e.events)
        if e.kind == LOCAL_VAR:
            return (self.headed_value(col, f"≔ Local variable {info['name']} definition:", e)
                    + self.box(col, e.pos, e.events))
        if e.kind == FUNCTION_CALL:
            return ([f"{pad}→ Applying function {info['name']}"] + self.box(col, info["decl_pos"], e.events)
                    + self.headed_value(col, f"← Function {info['name']} applied:", e))
        if e.kind == BRANCH_CONDITION:
            return self.inline_value(col, "⊡ Condition evaluated to ", e) + self.box(col, e.pos, e.events)
        if e.kind == IF_BRANCHING:
            return [f"{pad}⊸ Branch taken"] + self.box(col, e.pos, e.events)
        if e.kind == MATCH_BRANCHING:
            return [f"{pad}⊸ Branch taken: case {info['constructor']}"] + self.box(col, e.pos, e.events)
        if e.kind == ASSERTION:
            return [f"{pad}⊹ Assertion"] + self.box(col, e.pos, e.events)
        if e.kind == EXCEPTION:
            label = f" {info['label']}" if info.get("label") else ""
            if e.value is True:
                return ([f"{pad}⊕ Definition{label} fulfilled"] + self.box(col, e.pos, [])
                        + [f"{pad}⊸ Consequence:"] + self.box(col, info["cons_pos"], e.events))
            return [f"{pad}⊕ Definition{label} not fulfilled"] + self.box(col, e.pos, e.events)
        if e.kind == ERROR:
            err = info["error"]
            note = getattr(err, "note", None)
            text = f"{pad}⨉ Error: {getattr(err, 'message', err)}" + (f" ({note})" if note else "")
            excerpt = self.pos_lines(e.pos)
            out = [text + (excerpt[0] if excerpt else "")] + [pad + line for line in excerpt[1:]]
            if info.get("related"):
                out.append(f"{pad}Related locations:")
                for pos in info["related"]:
                    out.extend(pad + "  " + line for line in self.pos_lines(pos))
            for event in e.events:
                out.extend(self.element(event, col))
            return out
        raise ValueError(f"unknown trace event {e.kind!r}")


def format_trace_text(events: list[TraceEvent], lang: str = "en") -> str:
    """The reference's `--trace` text of a log (no final newline)."""
    printer = _TextPrinter(lang)
    lines: list[str] = []
    for event in events:
        lines.extend(printer.element(event, 0))
    return "\n".join(lines)


# --- JSON ---------------------------------------------------------------------------------------------------

_ERROR_TYPES = {"AssertionDoesNotHold": "AssertionFailed"}


def _location(pos: SourcePosition | None) -> dict:
    if pos is None:
        return {"file": "none", "start": {"line": -1, "character": -1}, "end": {"line": -1, "character": -1}}
    out = {"file": pos.file, "start": {"line": pos.start_line, "character": pos.start_column},
           "end": {"line": pos.end_line, "character": pos.end_column}}
    if pos.law_headings:
        out["law_headings"] = list(reversed(pos.law_headings))  # innermost first, as the reference
    return out


class _ReferenceJson(ValueStyle):
    """The values as the reference runtime's `Json.runtime_value` writes them: integers, amounts (`"%.2f"`)
    and decimals (`n/d`) as strings, `{"Present": …}`, a constructor with its payload as `{"Name": payload}`,
    unit as `{}`."""

    def nothing(self) -> object:
        return {}

    def absent(self) -> object:
        return "Absent"

    def function(self) -> object:
        return "<function>"

    def boolean(self, value: bool) -> object:
        return value

    def integer(self, value: int) -> object:
        return str(value)

    def money(self, cents: int) -> object:
        sign = "-" if cents < 0 else ""
        return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"

    def decimal(self, value: Fraction) -> object:
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"

    def date(self, value: date) -> object:
        return value.isoformat()

    def duration(self, value: Duration) -> object:
        return {"years": value.years, "months": value.months, "days": value.days}

    def constructor(self, value: object) -> object:
        return enum_member_name(value) if isinstance(value, enum.Enum) else catala_name(type(value))

    def text(self, value: str) -> object:
        return value

    def sequence(self, items: list[object]) -> object:
        return items

    def structure(self, fields: list[tuple[str, object]]) -> object:
        return dict(fields)

    def present(self, content: object) -> object:
        return {"Present": content}

    def payload(self, constructor: object, fields: list[tuple[str, object]]) -> object:
        return {catala_name(type(constructor)): fields[0][1] if len(fields) == 1 else [v for _, v in fields]}

    def position(self, value: SourcePosition) -> object:
        return _location(value)

    def other(self, value: object) -> object:
        return str(value)


_REFERENCE_JSON = _ReferenceJson()


def _json_kind(e: TraceEvent) -> dict:
    info = e.info
    kind: dict = {"kind": e.kind}
    if e.kind in (SCOPE_CALL, SCOPE_VAR, FUNCTION_CALL):
        kind.update(name=info["name"], decl_pos=_location(info["decl_pos"]))
        if e.kind == SCOPE_VAR:
            kind.update(input=info["input"], output=info["output"])
    elif e.kind == LOCAL_VAR:
        kind["name"] = info["name"]
    elif e.kind == MATCH_BRANCHING:
        kind["constructor"] = info["constructor"]
    elif e.kind == EXCEPTION:
        if info.get("label"):
            kind.update(label=info["label"], pos=_location(info["label_pos"]))
        kind["cons_pos"] = _location(info["cons_pos"])
    elif e.kind == ERROR:
        err = info["error"]
        kind["type"] = _ERROR_TYPES.get(type(err).__name__, type(err).__name__)
        if info.get("related"):
            kind["related_pos"] = [_location(p) for p in info["related"]]
        note = getattr(err, "note", None)
        kind["message"] = note or getattr(err, "message", str(err))
    return kind


def _json_element(e: TraceEvent) -> dict:
    out: dict = {"element": _json_kind(e), "pos": _location(e.pos)}
    if e.has_value and e.value is not None:
        out["value"] = render_value(e.value, e.info.get("value_type", typing.Any), _REFERENCE_JSON)
    if e.events:
        out["trace"] = [_json_element(s) for s in e.events]
    return out


def format_trace_json(events: list[TraceEvent]) -> str:
    """The reference's `--trace-format json` text of a log (one line)."""
    return json.dumps([_json_element(e) for e in events], ensure_ascii=False, separators=(",", ":"))

"""Rendering of error and warning boxes in the reference format (reference §6.3)."""

from __future__ import annotations

import re

from .errors import AssertionFailed, CatalaRuntimeError
from .position import SourcePosition

__all__ = ["render_diagnostic", "render_runtime_error", "excerpt_lines", "law_heading_lines",
           "wrap_message", "read_source_lines", "set_source_text", "runtime_error_message",
           "MESSAGE_WIDTH"]

#: message lines (with their `│  ` prefix) are filled up to this many columns
MESSAGE_WIDTH = 78

_SOURCES: dict[str, list[str] | None] = {}


def set_source_text(file: str, text: str) -> None:
    """Register the text of `file` (e.g. a buffer not on disk) for excerpts."""
    _SOURCES[file] = text.split("\n")


def read_source_lines(file: str) -> list[str] | None:
    """The lines of a source file (cached), or None if it cannot be read."""
    if file not in _SOURCES:
        try:
            with open(file, encoding="utf-8") as handle:
                _SOURCES[file] = handle.read().split("\n")
        except (OSError, UnicodeDecodeError):
            _SOURCES[file] = None
    return _SOURCES[file]


def wrap_message(message: str, width: int = MESSAGE_WIDTH, prefix: str = "│  ") -> list[str]:
    """Fill each line of the message word by word so that prefix + line fits in `width` columns."""
    out = []
    for paragraph in message.split("\n"):
        indent = paragraph[:len(paragraph) - len(paragraph.lstrip(" "))]
        # a "» hint" paragraph (syntax errors) continues under the hint's text, past the "» "
        hanging = indent + ("  " if paragraph.lstrip(" ").startswith("» ") else "")
        line = ""
        for word in _words(paragraph.strip(" ")):
            candidate = f"{line} {word}" if line else indent + word
            if line and len(prefix) + len(candidate) > width:
                out.append(prefix + line)
                line = hanging + word
            else:
                line = candidate
        out.append(prefix + line)
    return out


def _words(text: str) -> list[str]:
    """The words of a message line; a "quoted" name is never cut, even at its own spaces."""
    if text.count('"') % 2:
        return text.split(" ")
    return re.split(r' (?=(?:[^"]*"[^"]*")*[^"]*$)', text)


def excerpt_lines(pos: SourcePosition) -> list[str]:
    """The excerpt of the source under a position: numbered lines and `‾` underlines.

    Lines are returned without the box's left bar (`   │`, `12 │ code`, `   │   ‾‾‾`); empty if the
    file cannot be read.
    """
    lines = read_source_lines(pos.file)
    if lines is None or pos.start_line < 1 or pos.start_line > len(lines):
        return []
    width = len(str(pos.end_line))
    out = [" " * (width + 1) + "│"]
    for number in range(pos.start_line, min(pos.end_line, len(lines)) + 1):
        source = lines[number - 1]
        start = pos.start_column - 1 if number == pos.start_line else len(source) - len(source.lstrip(" "))
        end = min(pos.end_column - 1 if number == pos.end_line else len(source), len(source))
        shown_start = len(_expand_tabs(source[:start]))
        shown_width = max(0, len(_expand_tabs(source[start:end])))
        out.append(f"{number:>{width}} │ {_expand_tabs(source)}")
        out.append(f"{'':>{width}} │ {' ' * shown_start}{'‾' * shown_width}")
    return out


def _expand_tabs(text: str) -> str:
    return text.replace("\t", " " * 8)


def law_heading_lines(headings: tuple[str, ...], first_marker: str, continuation: str) -> list[str]:
    """The heading trail: `first_marker` + outermost heading, then deeper ones under `└┬`/`└─`."""
    if not headings:
        return []
    headings = tuple(" ".join(h.split()) for h in headings)
    out = [first_marker + headings[0]]
    for depth, heading in enumerate(headings[1:]):
        marker = "└─" if depth == len(headings) - 2 else "└┬"
        out.append(continuation + " " * depth + f"{marker} {heading}")
    return out


def render_diagnostic(kind: str, message: str,
                      positions: list[tuple[SourcePosition, str | None]],
                      suggestion: str | list[str] | None = None,
                      number: tuple[int, int] | None = None, wrap: bool = True) -> str:
    """A whole `┌─[ERROR]─` / `┌─[WARNING]─` box: message, positioned excerpts, suggestion.

    With `wrap`, each message line is filled at 78 columns (runtime messages); compile-time messages
    whose line splits are fixed by the reference pass `wrap=False` and their own newlines.
    """
    header = f"┌─[{kind}]─" + (f" {number[0]}/{number[1]} ─" if number else "")
    out = [header, "│"]
    out.extend(wrap_message(message) if wrap else ["│  " + line for line in message.split("\n")])
    closed = False
    suggestions = [suggestion] if isinstance(suggestion, str) else list(suggestion or [])
    for k, (pos, label) in enumerate(positions):
        is_last = k == len(positions) - 1 and not suggestions
        out.append("│")
        if label:
            out.append(f"│ {label}")
        out.append(f"├─➤ {pos}:")
        out.extend("│ " + line for line in excerpt_lines(pos))
        if pos.law_headings:
            if is_last:
                out.extend(law_heading_lines(pos.law_headings, "└─ ", "   "))
                closed = True
            else:
                out.extend(law_heading_lines(pos.law_headings, "├─ ", "│  "))
    if not positions:
        out.append("│")
    if suggestions:
        out.append("│")
        out.extend(_fill(_suggestion_words(suggestions), "│ ", "│   "))
    if not closed:
        out.append("└─")
    return "\n".join(out)


def _suggestion_words(suggestions: list[str]) -> list[str]:
    """`Maybe you wanted to write: "a", "b" or "c"?` cut where the reference may break it."""
    quoted = [f'"{s}"' for s in suggestions]
    words = [q + "," for q in quoted[:-2]]
    if len(quoted) > 1:
        words += [quoted[-2], "or"]
    words.append(quoted[-1] + "?")
    words[0] = "Maybe you wanted to write: " + words[0]
    return words


def _fill(words: list[str], first_prefix: str, next_prefix: str, width: int = MESSAGE_WIDTH) -> list[str]:
    """Greedy filling of words separated by single spaces into lines of at most `width` columns."""
    out: list[str] = []
    line = first_prefix + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) > width:
            out.append(line)
            line = next_prefix + word
        else:
            line += " " + word
    out.append(line)
    return out


def runtime_error_message(err: CatalaRuntimeError) -> str:
    """The message of a runtime error as printed: `During evaluation: <text>.` plus the note line."""
    if isinstance(err, AssertionFailed):
        return err.message
    text = f"During evaluation: {err.message}."
    return text + (f"\n{err.note}" if err.note else "")


def render_runtime_error(err: CatalaRuntimeError, number: tuple[int, int] | None = None) -> str:
    """The `[ERROR]` box of a runtime error, with one excerpt per position."""
    return render_diagnostic("ERROR", runtime_error_message(err), [(p, None) for p in err.positions],
                             number=number)

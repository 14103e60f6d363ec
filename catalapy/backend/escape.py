"""The only ways text from a source file (law headings, file names, Catala names) enters generated Python
outside a ``repr`` literal: inside a comment or a docstring, escaped so that it can never end the comment or
the docstring. Python breaks lines at ``\\r`` and ``\\n``; ``str.splitlines`` also at ``\\x0b``, ``\\x0c``,
``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``: every character that is not printable (these, and
all other control and separator characters but the space) is written as its ``repr`` escape."""
from __future__ import annotations


def _escape_unprintable(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def comment(text: str) -> str:
    """``text`` made safe to follow ``#`` on one line of Python."""
    return _escape_unprintable(text)


def docstring(text: str) -> str:
    """``text`` made safe inside a ``\"\"\"…\"\"\"`` docstring (backslashes and quotes escaped as well)."""
    return _escape_unprintable(text.replace("\\", "\\\\").replace('"', '\\"'))

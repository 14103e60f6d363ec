"""Reading the Python a test compiled: the text of one of its top-level functions."""
from __future__ import annotations


def function_source(source: str, name: str) -> str:
    """The text of the top-level function ``name`` of a generated module (up to the two blank lines after it)."""
    start = source.index(f"\ndef {name}(")
    return source[start:source.index("\n\n\n", start)]

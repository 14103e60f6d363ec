"""Source positions carried by runtime errors, traces and `position_source` values."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SourcePosition"]


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """A range of a source file: 1-based lines, 1-based code-point columns, end column exclusive.

    `law_headings` holds the titles of the headings above the position, outermost first.
    """

    file: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    law_headings: tuple[str, ...] = ()

    def range_text(self) -> str:
        """The range part of the reference format (`L.C1-C2`, `L1.C1-L2.C2`, `L`, `L1-L2`, `L.C`)."""
        if self.start_line == self.end_line:
            if self.start_column == 1:
                return f"{self.start_line}"
            if self.start_column == self.end_column:
                return f"{self.start_line}.{self.end_column}"
            return f"{self.start_line}.{self.start_column}-{self.end_column}"
        if self.start_column == 1:
            return f"{self.start_line}-{self.end_line}"
        return f"{self.start_line}.{self.start_column}-{self.end_line}.{self.end_column}"

    def __str__(self) -> str:
        return f"{self.file}:{self.range_text()}"

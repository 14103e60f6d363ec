"""Compile-time diagnostics: one error type for every pass, rendered as the reference compiler does."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalapy.position import SourcePosition
from catalapy.runtime.diagnostics import MESSAGE_WIDTH

_RUNS = re.compile(r"[0-9]+|[^0-9]")
#: written between words the reference never separates when it breaks a message into lines (``maybe~it's``)
GLUE = "~"
_PREFIX = "│  "


@dataclass
class Warning_:
    """A compile-time warning (printed before results, never stops compilation)."""

    message: str
    positions: list[tuple[SourcePosition, str | None]] = field(default_factory=list)

    def render(self) -> str:
        from catalapy.runtime.diagnostics import render_diagnostic

        return render_diagnostic("WARNING", self.message, self.positions)


class CatalaError(Exception):
    """A positioned compile-time error: syntax, name resolution, typing, scope structure.

    ``positions`` pairs each position with an optional label line ("Incriminated variable:").
    ``suggestion`` is a name close to an unknown one ("did you mean").
    """

    def __init__(
        self,
        message: str,
        positions: list[SourcePosition | tuple[SourcePosition, str | None]] | SourcePosition | None = None,
        suggestion: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if positions is None:
            positions = []
        elif isinstance(positions, SourcePosition):
            positions = [positions]
        self.positions: list[tuple[SourcePosition, str | None]] = [
            p if isinstance(p, tuple) else (p, None) for p in positions
        ]
        self.suggestion = suggestion
        #: the reference finds this error after its lints, whose warnings print first (a type error that only a
        #: variable's declared type reveals)
        self.after_lints = False

    def render(self) -> str:
        """The reference-format error box."""
        from catalapy.runtime.diagnostics import render_diagnostic

        return render_diagnostic("ERROR", self.message, self.positions, suggestion=self.suggestion)

    def __str__(self) -> str:
        where = f"{self.positions[0][0]}: " if self.positions else ""
        return f"{where}{self.message}"


class CatalaErrors(CatalaError):
    """Several errors found by one pass; ``errors`` lists them (the first one is also ``self``'s message and
    positions), rendered as the reference's numbered boxes ``1/n``."""

    def __init__(self, errors: list[CatalaError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.positions, first.suggestion)
        self.errors = errors
        self.after_lints = all(e.after_lints for e in errors)


def closest_name(name: str, candidates: list[str] | set[str]) -> str | None:
    """The candidate most similar to ``name`` (for "did you mean"), or None if none is close enough.

    >>> closest_name("montnt", ["montant", "taux"])
    'montant'
    """
    import difflib

    found = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def reference_order(name: str) -> tuple:
    """Sort key of the reference's identifier order: character by character, but a run of digits compares as
    a number (then by its length) and after any other character (``field2`` < ``field10``)."""
    key = []
    for run in _RUNS.findall(name):
        key.append((1, int(run), len(run)) if run[0].isdigit() else (0, ord(run)))
    return tuple(key)


def sorted_candidates(name: str, candidates, max_elements: int = 5) -> list[str]:
    """The reference's suggestions for a misspelt field: candidates by increasing edit distance, in
    `reference_order` within a distance, at most ``max_elements``.

    >>> sorted_candidates("field20", ["field1", "field0", "field10", "field2", "x"], 3)
    ['field0', 'field2', 'field10']
    """
    ranked = sorted(set(candidates), key=reference_order)
    return sorted(ranked, key=lambda c: edit_distance(name, c))[:max_elements]


def best_candidates(name: str, candidates: list[str] | set[str]) -> list[str]:
    """Every candidate at the smallest edit distance from ``name``, in the reference's order (the reference's
    "Maybe you wanted to write" list).

    >>> best_candidates("Case", ["Case2", "Case1", "Other"])
    ['Case1', 'Case2']
    """
    ranked = sorted(candidates, key=reference_order)
    if not ranked:
        return []
    distances = [edit_distance(name, c) for c in ranked]
    best = min(distances)
    return [c for c, d in zip(ranked, distances) if d == best]


def ocaml_list_sort(items: list, cmp) -> list:
    """``List.sort cmp items`` of OCaml's standard library (its merge sort, step for step), so that an order the
    reference obtains with a comparison that is not a total order comes out the same here."""
    def rev_merge(l1, l2, first_goes_first):
        """OCaml's rev_merge (``first_goes_first`` = cmp ≤ 0) or rev_merge_rev (cmp > 0): the merge, reversed."""
        out, i, j = [], 0, 0
        while i < len(l1) and j < len(l2):
            if first_goes_first(l1[i], l2[j]):
                out.append(l1[i])
                i += 1
            else:
                out.append(l2[j])
                j += 1
        return (out + l1[i:] + l2[j:])[::-1]

    def before(rev):
        return (lambda a, b: cmp(a, b) > 0) if rev else (lambda a, b: cmp(a, b) <= 0)

    def sort(n, lst, rev):
        """OCaml's sort (rev_sort when ``rev``): the first ``n`` items of ``lst`` sorted (reversed when ``rev``),
        and the rest of ``lst``."""
        le = before(rev)
        if n == 2:
            x1, x2 = lst[0], lst[1]
            return ([x1, x2] if le(x1, x2) else [x2, x1]), lst[2:]
        if n == 3:
            x1, x2, x3 = lst[0], lst[1], lst[2]
            if le(x1, x2):
                s = [x1, x2, x3] if le(x2, x3) else [x1, x3, x2] if le(x1, x3) else [x3, x1, x2]
            else:
                s = [x2, x1, x3] if le(x1, x3) else [x2, x3, x1] if le(x2, x3) else [x3, x2, x1]
            return s, lst[3:]
        n1 = n >> 1
        s1, rest = sort(n1, lst, not rev)
        s2, rest = sort(n - n1, rest, not rev)
        # halves sorted the other way round, merged reversed
        return rev_merge(s1, s2, before(not rev)), rest

    items = list(items)
    return items if len(items) < 2 else sort(len(items), items, False)[0]


def reference_best_candidates(name: str, candidates: list[str]) -> list[str]:
    """The reference's `Suggestions.best_candidates`: the candidates at the smallest edit distance from ``name``
    (counted, as OCaml strings are, in UTF-8 bytes), in the order given."""
    if not candidates:
        return []
    distances = [edit_distance(name.encode(), c.encode()) for c in candidates]
    return [c for c, d in zip(candidates, distances) if d == min(distances)]


def edit_distance(a: str | bytes, b: str | bytes) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of one character."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def fill(message: str, width: int = MESSAGE_WIDTH) -> str:
    """Line filling of compile-time messages as the reference breaks them: only at the break hints of its format
    strings. ``message`` with a newline at each place the reference wraps it (greedy over glued word groups),
    glue (`GLUE`) turned back into spaces."""
    lines: list[str] = []
    line = ""
    for atom in message.split(" "):
        candidate = f"{line} {atom}" if line else atom
        if line and len(_PREFIX) + len(candidate.replace(GLUE, " ")) > width:
            lines.append(line)
            line = atom
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines).replace(GLUE, " ")

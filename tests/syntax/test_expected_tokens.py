"""The order of the tokens a syntax error lists, as the reference's (its lexer's token list, then OCaml's
`List.sort` with a comparison moving the tokens closest to the wrong one first). Expected lists: the reference
suite's outputs (tests/parsing/bad/single_error, multiple_errors; tests/default/bad/typing_or_logical_error)."""
from __future__ import annotations

import random

import pytest

from catalapy.errors import CatalaError, ocaml_list_sort, reference_best_candidates
from catalapy.syntax.parser import parse_string


@pytest.mark.parametrize(("tokens", "lexeme", "expected"), [
    (["scope", "condition", "content"], "contents", ["content", "condition", "scope"]),
    (["scope", "declaration", "date", "definition", "label", "exception", "assertion", "rule"], "definitoin",
     ["definition", "rule", "assertion", "exception", "label", "date", "declaration", "scope"]),
    (["of", "state", "equals", "under condition", "."], "equal", ["equals", ".", "under condition", "state", "of"]),
    (["of", "state", "equals", "under condition", "."], "=", [".", "under condition", "equals", "state", "of"]),
])
def test_reference_order(tokens, lexeme, expected) -> None:
    similar = reference_best_candidates(lexeme, tokens)
    assert ocaml_list_sort(tokens, lambda a, _b: -1 if a in similar else 1) == expected


def test_ocaml_sort_is_a_stable_sort_on_an_order() -> None:
    rng = random.Random(7)
    for n in range(30):
        pairs = [(rng.randint(0, 3), i) for i in range(n)]
        assert ocaml_list_sort(pairs, lambda a, b: (a[0] > b[0]) - (a[0] < b[0])) == sorted(pairs, key=lambda p: p[0])


def test_best_candidates_count_bytes() -> None:
    # as OCaml strings: "é" is two bytes, so "etat" is 2 edits from "état" (one substituted, one inserted)
    assert reference_best_candidates("etat", ["état", "etal"]) == ["etal"]


def test_a_definition_without_equals() -> None:
    with pytest.raises(CatalaError) as info:
        parse_string("```catala\ndeclaration scope A:\n  output x content integer\n\nscope A:\n"
                     "  definition x equal 1\n```\n", "t.catala_en", "en")
    assert 'Those are valid at this point: "equals", ".", "under condition", "state", "of".' in str(info.value)

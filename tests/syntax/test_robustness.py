"""Property: mutated valid sources (tokens deleted, duplicated, swapped; random characters inserted) either parse
or raise CatalaError, never another exception."""
import os
import re

from hypothesis import given
from hypothesis import strategies as st

from catalapy.errors import CatalaError
from catalapy.syntax.parser import parse_string

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
SEEDS = []
for _name in sorted(os.listdir(FIXTURES)):
    if _name.endswith((".catala_fr", ".catala_en")) and not _name.startswith("literate"):
        with open(os.path.join(FIXTURES, _name), encoding="utf-8") as _f:
            SEEDS.append((_name[-2:], _f.read()))
_PIECE = re.compile(r"\s+|\w+|.", re.S)


def _parse(text: str, dialect: str) -> None:
    try:
        parse_string(text, f"mutant.catala_{dialect}", dialect)
    except CatalaError:
        pass


@st.composite
def mutants(draw):
    dialect, text = draw(st.sampled_from(SEEDS))
    pieces = _PIECE.findall(text)
    for _ in range(draw(st.integers(1, 4))):
        if not pieces:
            break
        i = draw(st.integers(0, len(pieces) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if op == "delete":
            del pieces[i]
        elif op == "duplicate":
            pieces.insert(i, pieces[i])
        elif op == "swap":
            j = draw(st.integers(0, len(pieces) - 1))
            pieces[i], pieces[j] = pieces[j], pieces[i]
        else:
            pieces.insert(i, draw(st.text(min_size=1, max_size=3)))
    return dialect, "".join(pieces)


@given(mutants())
def test_mutants_raise_only_catala_errors(case):
    dialect, text = case
    _parse(text, dialect)


@given(st.text(max_size=200))
def test_random_code_block_raises_only_catala_errors(body):
    _parse("```catala\n" + body + "\n```\n", "fr")

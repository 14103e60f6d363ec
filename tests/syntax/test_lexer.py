"""Lexer rules that matter (reference §2.1, §2.3)."""
from fractions import Fraction

import pytest

from catalapy.errors import CatalaError
from catalapy.syntax.lexer import tokenize


def kinds(text, dialect="fr"):
    return [(t.kind, t.value) if t.value is not None else t.kind for t in tokenize(text, dialect, "f")[:-1]]


def test_multiword_keywords_accept_newlines():
    assert kinds("égal\n   à") == ["DEFINED_AS"]
    assert kinds("champ   d'application") == ["SCOPE"]
    assert kinds("depends\non", "en") == ["DEPENDS"]


def test_strict_spacing_of_sort_orders():
    assert kinds("par ordre croissant") == ["ORDER_ASCENDING"]
    assert kinds("par  ordre croissant")[0] == ("LIDENT", "par")
    assert kinds("par\nordre\ndécroissant") == ["ORDER_DESCENDING"]
    assert kinds("in increasing order", "en") == ["ORDER_ASCENDING"]
    assert kinds("in  increasing order", "en")[0] == "IN"


def test_longest_match_identifiers():
    assert kinds("date_naissance est_éligible dette annee l'année") == [
        ("LIDENT", "date_naissance"), ("LIDENT", "est_éligible"), ("LIDENT", "dette"), ("LIDENT", "annee"),
        ("LIDENT", "l'année")]
    assert kinds("ou bien ou si liste vide ou") == ["XOR", "OR_IF_LIST_EMPTY", "OR"]
    assert kinds("and then and", "en") == ["AND_THEN", "AND"]


def test_numbers_fr():
    # 1 234,56 € = 123456 cents; 0,3€ = 30 cents; 1,5 = 3/2; 5,5% lexes as decimal 11/2 then %
    assert kinds("1 234,56 € 0,3€ -0,30€ 1,5 -4 5,5%") == [
        ("MONEY", 123456), ("MONEY", 30), ("MONEY", -30), ("DEC", Fraction(3, 2)), ("INT", -4),
        ("DEC", Fraction(11, 2)), "PERCENT"]
    assert kinds("f de 1, 2") == [("LIDENT", "f"), "OF", ("INT", 1), "COMMA", ("INT", 2)]
    assert kinds("x -1") == [("LIDENT", "x"), ("INT", -1)]


def test_numbers_en():
    # $1,234.56 = 123456 cents; $1.234 lexes as $1.23 then 4
    assert kinds("$1,234.56 -$0.30 $ 12 $1.234 1,000", "en") == [
        ("MONEY", 123456), ("MONEY", -30), ("MONEY", 1200), ("MONEY", 123), ("INT", 4), ("INT", 1), "COMMA",
        ("INT", 0)]


def test_operator_suffixes():
    assert kinds("+! -. *€ /@ <^ >= ++ --") == [
        ("PLUS", "!"), ("MINUS", "."), ("MULT", "$"), ("DIV", "@"), ("LESSER", "^"), "GREATER_EQUAL", "PLUSPLUS",
        "ALT"]
    assert kinds("/$", "en") == [("DIV", "$")]


def test_comments_attributes_docstrings():
    assert kinds("x # commentaire\n# [pas un attribut]\n#[test]\n## doc\n## suite\ny") == [
        ("LIDENT", "x"), "ATTR_START", ("LIDENT", "test"), "RBRACKET", ("DOCSTRING", "## doc\n## suite"),
        ("LIDENT", "y")]


def test_positions_count_code_points():
    t = tokenize("  définition été égal à 1 €", "fr", "f", first_line=7)
    assert [(x.line, x.col, x.end_col) for x in t[:-1]] == [(7, 3, 13), (7, 14, 17), (7, 18, 24), (7, 25, 28)]  # "égal à" is 6 code points


@pytest.mark.parametrize("text", ["|2023-02-29|", "|2024-13-01|", "|2024-04-31|"])
def test_invalid_dates(text):
    with pytest.raises(CatalaError, match="There is an error in this date"):
        tokenize(text, "fr", "f")


def test_valid_leap_day_and_year_zero():
    assert kinds("|2024-02-29| |0000-01-01|") == [("DATE_LIT", (2024, 2, 29)), ("DATE_LIT", (0, 1, 1))]

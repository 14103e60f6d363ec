"""Error/warning boxes (reference §6.3). Expected boxes are from the reference suite (file named) or
reference.md; the source lines shown in excerpts are registered with `set_source_text`."""

from catalapy import runtime as rt
from catalapy.runtime import SourcePosition as Pos


def register(file, lines: dict[int, str]):
    text = "\n".join(lines.get(n, "") for n in range(1, max(lines) + 2))
    rt.set_source_text(file, text)


def test_no_value_tests_default_bad_empty():
    file = "tests/default/bad/empty.catala_en"
    register(file, {6: "  output y content boolean"})
    err = rt.NoValue(Pos(file, 6, 10, 6, 11, ("Article",)))
    assert rt.render_runtime_error(err) == """\
┌─[ERROR]─
│
│  During evaluation: no applicable rule to define this variable in this
│  situation.
│
├─➤ tests/default/bad/empty.catala_en:6.10-11:
│   │
│ 6 │   output y content boolean
│   │          ‾
└─ Article"""


def test_conflict_two_positions_tests_exception_bad_two_exceptions():
    file = "tests/exception/bad/two_exceptions.catala_en"
    register(file, {12: "  definition x equals 1", 15: "  definition x equals 2"})
    err = rt.Conflict(Pos(file, 12, 23, 12, 24, ("Test",)), Pos(file, 15, 23, 15, 24, ("Test",)))
    assert rt.render_runtime_error(err) == """\
┌─[ERROR]─
│
│  During evaluation: conflict between multiple valid consequences for
│  assigning the same variable.
│
├─➤ tests/exception/bad/two_exceptions.catala_en:12.23-24:
│    │
│ 12 │   definition x equals 1
│    │                       ‾
├─ Test
│
├─➤ tests/exception/bad/two_exceptions.catala_en:15.23-24:
│    │
│ 15 │   definition x equals 2
│    │                       ‾
└─ Test"""


def test_french_example_with_two_headings_reference_md():
    file = "exemple.catala_fr"
    register(file, {12: "  définition taux égal à montant / 0"})
    err = rt.DivisionByZero(Pos(file, 12, 36, 12, 37, ("Allocation fictive", "Article 2")))
    assert rt.render_runtime_error(err) == """\
┌─[ERROR]─
│
│  During evaluation: a value is being used as denominator in a division and
│  it computed to zero.
│
├─➤ exemple.catala_fr:12.36-37:
│    │
│ 12 │   définition taux égal à montant / 0
│    │                                    ‾
└─ Allocation fictive
   └─ Article 2"""


def test_assertion_numbered_tests_assertions_bad_simple():
    file = "tests/assertions/bad/simple.catala_en"
    register(file, {9: "  assertion w < 6"})
    err = rt.AssertionFailed("Upper bound for w: 6 ≮ 6", Pos(file, 9, 3, 9, 18, ()))
    assert rt.render_runtime_error(err, number=(1, 2)) == """\
┌─[ERROR]─ 1/2 ─
│
│  Assertion failed: Upper bound for w: 6 ≮ 6
│
├─➤ tests/assertions/bad/simple.catala_en:9.3-18:
│   │
│ 9 │   assertion w < 6
│   │   ‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾
└─"""


def test_impossible_with_note_tests_enum_bad_impossible():
    err = rt.Impossible(Pos("missing-file.catala_en", 16, 75, 16, 85, ()),
                        note="Precondition for A broken: x is Case2")
    assert rt.render_runtime_error(err) == """\
┌─[ERROR]─
│
│  During evaluation: "impossible" computation reached.
│  Precondition for A broken: x is Case2
│
├─➤ missing-file.catala_en:16.75-85:
└─"""


def test_labels_and_suggestion_tests_enum_bad_wrong_cons():
    file = "tests/enum/bad/wrong_cons.catala_en"
    register(file, {11: "  definition e equals Case2"})
    out = rt.render_diagnostic(
        "ERROR",
        "The name of this constructor has not been defined before\n(it's probably a typographical error).",
        [(Pos(file, 11, 23, 11, 28, ("Article",)), "Here is your code :")],
        suggestion="Case1", wrap=False)
    assert out == """\
┌─[ERROR]─
│
│  The name of this constructor has not been defined before
│  (it's probably a typographical error).
│
│ Here is your code :
├─➤ tests/enum/bad/wrong_cons.catala_en:11.23-28:
│    │
│ 11 │   definition e equals Case2
│    │                       ‾‾‾‾‾
├─ Article
│
│ Maybe you wanted to write: "Case1"?
└─"""


def test_several_suggestions_wrap_tests_default_bad_verbose_errors():
    out = rt.render_diagnostic("ERROR", "m", [], suggestion=["field0", "field2", "field10", "field1", "field3"])
    assert out.split("\n")[-3:] == [
        '│ Maybe you wanted to write: "field0", "field2", "field10", "field1" or',
        '│   "field3"?',
        "└─",
    ]


def test_tabs_expand_to_eight_spaces_tests_enum_bad_not_ending_wildcard():
    file = "tabs.catala_en"
    register(file, {36: "\t-- Case1 : 42"})
    lines = rt.excerpt_lines(Pos(file, 36, 2, 36, 15, ()))
    assert lines == ["   │", "36 │         -- Case1 : 42", "   │         ‾‾‾‾‾‾‾‾‾‾‾‾‾"]


def test_multi_line_excerpt_underlines_from_indentation():
    file = "multi.catala_fr"
    register(file, {3: "  définition x égal à", 4: "    1 +", 5: "    2"})
    assert rt.excerpt_lines(Pos(file, 3, 3, 5, 6, ())) == [
        "  │",
        "3 │   définition x égal à",
        "  │   ‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾",
        "4 │     1 +",
        "  │     ‾‾‾",
        "5 │     2",
        "  │     ‾",
    ]


def test_message_fills_up_to_78_columns():
    lines = rt.wrap_message("word " * 40)
    assert all(len(line) <= 78 for line in lines) and max(len(line) for line in lines) >= 76

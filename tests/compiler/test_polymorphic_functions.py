"""Functions declared with `anything [of type t]`, checked as the reference does once their body is typed
(shared_ast/typing.ml): each type parameter must stay itself, not become another one nor a type. Messages in the
reference's words; positions counted by hand in the sources below."""
from __future__ import annotations

import pytest

from catalapy.driver import load_program
from catalapy.errors import CatalaError

SOURCE = """```catala
declaration f content anything of type t
  depends on x content integer
  equals x

declaration g content anything of type t
  depends on x content anything of type u
  equals x
```
"""


def errors_of(tmp_path, monkeypatch, text: str) -> list:
    (tmp_path / "p.catala_en").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CatalaError) as info:
        load_program("p.catala_en")
    return getattr(info.value, "errors", [info.value])


def test_a_parameter_that_only_works_for_one_type(tmp_path, monkeypatch) -> None:
    first, second = errors_of(tmp_path, monkeypatch, SOURCE)
    assert first.message == ("In this function definition, the type <t> is specified as anything,\n"
                             "but it appears to only work for integer here")
    # <u> (line 6, column 40) must equal <t> (the result, written first): the function name, then where t is
    assert second.message.splitlines() == [
        "This function has type <t> → <t>", "which requires that <u> = <t>,",
        'while they are both specified as "anything".',
        'You may want to give them the same explicit name ("anything of type t")']
    assert [p.range_text() for p, _ in second.positions] == ["6.13-14", "6.40-41"]


def test_equality_on_a_type_parameter_is_refused(tmp_path, monkeypatch) -> None:
    (errors,) = [errors_of(tmp_path, monkeypatch, "```catala\ndeclaration same content boolean\n"
                           "  depends on a content anything of type t, b content anything of type t\n"
                           "  equals a = b\n```\n")]
    assert [e.message for e in errors] == [
        "Comparison cannot be resolved at this point: the type of the operands is not fully known."]
    assert errors[0].positions[0][0].range_text() == "4.10-15"


def test_an_identity_is_accepted(tmp_path, monkeypatch) -> None:
    (tmp_path / "p.catala_en").write_text(
        "```catala\ndeclaration identity content anything of type t\n  depends on x content anything of type t\n"
        "  equals x\n```\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    load_program("p.catala_en")

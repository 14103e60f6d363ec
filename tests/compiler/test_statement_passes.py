"""The backend's passes after dcalc: default elimination (catalapy/lcalc), expressions to statements and renaming
(catalapy/scalc), printing (catalapy/backend). Expected texts are written by hand from the rules of each pass."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from catalapy import driver
from catalapy.backend import printer
from catalapy.lcalc import ir as L
from catalapy.lcalc.eliminate import eliminate
from catalapy.scalc import ir as S
from catalapy.scalc.from_lcalc import scope_function
from catalapy.scalc.module_names import ModuleNames
from catalapy.scalc.rename import rename

ROOT = Path(__file__).resolve().parents[2]


def test_locals_are_named_once_in_creation_order() -> None:
    """`x` is free; the second `x` skips `x_2` (a module-level name) and takes `x_3`; a name derived from the
    first local strips its leading underscores and is named after it."""
    first, second = S.Local(("x",)), S.Local(("x",))
    derived = S.Local(("_", (first, True), "_pos"))
    body = [S.Assign((second,), (S.code("({} + 1)", first),)), S.Assign((derived,), ("None",)), S.Return(second)]
    fn = S.Function(S.FunctionDef("f", [(first, "int")], "int", body), [first, second, derived],
                    frozenset({"trace"}), frozenset({"x_2"}))
    rename(fn)
    assert (first.name, second.name, derived.name) == ("x", "x_3", "_x_pos")
    assert printer.function(fn) == ["def f(x: int) -> int:", "    x_3 = (x + 1)", "    _x_pos = None",
                                    "    return x_3"]


def test_the_printer_writes_if_elif_else_and_escapes_comments() -> None:
    """The `else` line's comment is source text (a constructor name here): a carriage return in it is written
    as its escape, so it cannot end the comment."""
    v = S.Local(("v",), name="v")
    stmt = S.If([("a", [S.Assign((v,), ("1",))]), ("b", [S.Assign((v,), ("2",))])],
                [S.Assign((v,), ("3",))], else_comment="C\rimport os")
    out: list[str] = []
    printer.statement(stmt, 1, out)
    assert out == ["    if a:", "        v = 1", "    elif b:", "        v = 2", "    else:  # C\\rimport os",
                   "        v = 3"]


def _statements(stmts: list):
    for s in stmts:
        yield s
        for child in ([b for _c, body in s.branches for b in body] + (s.orelse or []) if isinstance(s, S.If)
                      else s.body if isinstance(s, (S.For, S.FunctionDef)) else []):
            yield from _statements([child])


@pytest.mark.parametrize("explain, bookkeeping", [
    (False, 1),  # `return` (the scope has no assertion: no list of failures)
    # `trace.enter(…)`, `failures = …`, `trace.leave()`, `if _failures is None and failures:
    # rt.raise_failures(…)` (two statements), `return`
    (True, 6)])
def test_each_statement_of_a_scope_carries_its_position_and_law_headings(explain: bool, bookkeeping: int) -> None:
    program = driver.load_program(str(ROOT / "policy" / "rattachement_cpam.catala_fr"))
    lpdef = eliminate(program.pdef)
    key = next(k for k in lpdef.scopes if k[1] == "RattachementCPAM")
    fn = scope_function(ModuleNames(lpdef, key[0]), lpdef.scopes[key], explain=explain)
    statements = [s for s in _statements(fn.definition.body) if not isinstance(s, S.Blank)]
    unplaced = [s for s in statements if s.pos is None]
    assert len(unplaced) == bookkeeping
    assert all(s.pos.law_headings and s.pos.file.endswith("rattachement_cpam.catala_fr")
               for s in statements if s.pos is not None)


def test_exclusive_rules_become_one_chain() -> None:
    """RattachementCPAM's `conseils`: three rules on `transfert_automatique` and `courrier_recu` that cannot
    hold together (t ∧ c, t ∧ ¬c, ¬t): one `if`/`elif` chain, no conflict check; an output, so no value is an
    error."""
    program = driver.load_program(str(ROOT / "policy" / "rattachement_cpam.catala_fr"))
    lpdef = eliminate(program.pdef)
    key = next(k for k in lpdef.scopes if k[1] == "RattachementCPAM")
    definition = next(item.definition for item in lpdef.scopes[key].items
                      if isinstance(item, L.VarDefinition) and item.var.var == "conseils")
    assert isinstance(definition.decision, L.Exclusive) and len(definition.decision.rules) == 3
    assert definition.on_empty == "no_value"


def test_the_printer_chooses_no_name() -> None:
    """Renaming runs once, in scalc: the printer's modules never hand out a name."""
    for name in ("printer.py", "python.py"):
        tree = ast.parse((ROOT / "catalapy" / "backend" / name).read_text(encoding="utf-8"))
        calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert "fresh" not in calls and "Namespace" not in names and "rename" not in calls, name

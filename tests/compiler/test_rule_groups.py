"""Rules of one variable sharing a consequence (a merged group), evaluated as the reference compiler does, in
every evaluator of ours: the plain generated code, its traced variant (`--explain`: the position recorded for
the value) and `interpret --trace`.

The reference's rules, read in its sources (no value below comes from our output):

- dcalc/from_scopelang.ml `collapse_similar_outcomes` (lines 131-204): among the rules of one exception group
  (the excepts of one default), those without exceptions of their own and with syntactically equal
  consequences are folded into one nest whose outermost default is the FIRST rule and innermost the LAST
  (`List.fold_left` over the list built in reverse by `ExprMap.update`), and the nest is put where the LAST of
  them stands (`List.fold_right`: the first met from the end gets the nest, the others nothing). Its
  multi_same_result test (tests/exception/bad, line 50) prints `⟨⟨⟨case = 6 ⊢ 0.3⟩ | case = 5 ⊢ 0.3⟩ | case = 2
  ⊢ 0.3⟩`.
- shared_ast/interpreter.ml, `EDefault` (lines 977-999): the exceptions of a default are all evaluated in list
  order; a default whose exceptions gave one value returns it without evaluating its own condition; two or
  more values are a conflict citing the positions of those giving one, in list order. So the innermost (last)
  rule of a nest is tried first and wins, an earlier rule's condition is not evaluated once a later one holds.
"""
from __future__ import annotations

import json

import pytest

from catalapy.cli import run_captured
from catalapy.runtime.trace import Trace, scope_variables

SOURCE = """# Rules sharing a consequence

```catala
declaration scope A:
  input n content integer
  output a content integer

scope A:
  definition a under condition n > 0 consequence equals 1
  definition a under condition n > 5 consequence equals 1
  definition a under condition n > 8 consequence equals 2

declaration scope B:
  input n content integer
  output b content integer

scope B:
  definition b under condition 10 / n > 1.0 consequence equals 1
  definition b under condition n = 0 consequence equals 1

declaration scope C:
  output c content integer
  input n content integer

scope C:
  definition c under condition n > 5 consequence equals 1
  definition c under condition n > 8 consequence equals 2
  definition c under condition n > 0 consequence equals 1

declaration scope F:
  input n content integer
  output f content integer depends on x content integer
  output r content integer

scope F:
  definition f of x under condition x > 0 consequence equals x + 1
  definition f of x under condition x > 5 consequence equals x + 1
  definition f of x under condition x > 8 consequence equals 0
  definition r equals f of n

declaration scope E:
  input n content integer
  output e content decimal

scope E:
  definition e under condition n >= 0 consequence equals 10 / n
  definition e under condition n = 0 consequence equals 2.0
```
"""

def line_of(text: str, source: str = SOURCE) -> int:
    """The 1-based line of the rule written `text` (each is written once in `source`)."""
    (line,) = [i + 1 for i, written in enumerate(source.splitlines()) if written.strip() == text]
    return line


def lines(positions) -> list[int]:
    return [p.start_line for p in positions]


A1 = line_of("definition a under condition n > 0 consequence equals 1")
A2 = line_of("definition a under condition n > 5 consequence equals 1")
A3 = line_of("definition a under condition n > 8 consequence equals 2")
C1 = line_of("definition c under condition n > 5 consequence equals 1")
C2 = line_of("definition c under condition n > 8 consequence equals 2")
C3 = line_of("definition c under condition n > 0 consequence equals 1")
F2 = line_of("definition f of x under condition x > 5 consequence equals x + 1")
F3 = line_of("definition f of x under condition x > 8 consequence equals 0")


@pytest.fixture(scope="module")
def compiled(compile_catala):
    return compile_catala(SOURCE)


def run(module, scope: str, n: int, trace: Trace | None = None):
    entry = getattr(module, scope.lower())
    return entry(getattr(module, f"{scope}In")(n=n), trace=trace)


def cited(module, scope: str, variable: str, n: int) -> list[int]:
    """The lines of the rules the traced variant records for `variable` (what `--explain` cites)."""
    trace = Trace()
    run(module, scope, n, trace)
    (event,) = [e for e in scope_variables(trace.calls[0]) if e.info["name"] == variable]
    return lines(event.info["rules"])


def conflict_lines(module, scope: str, n: int, traced: bool) -> list[int]:
    with pytest.raises(module.rt.Conflict) as caught:
        run(module, scope, n, Trace() if traced else None)
    return lines(caught.value.positions)


# --- a merged group: the last rule of it is tried first, and wins


@pytest.mark.parametrize("traced", [False, True])
def test_conflict_cites_the_last_rule_of_the_group_that_holds(compiled, traced):
    _, module = compiled
    # n = 9: all three hold. Nest ⟨⟨n > 5 ⊢ 1⟩ | n > 0 ⊢ 1⟩ at the place of rule 2, then rule 3: the nest gives
    # rule 2's value (its condition holds, rule 1's is never evaluated), rule 3 gives 2: conflict, rule 2 then 3.
    assert conflict_lines(module, "A", 9, traced) == [A2, A3]


def test_value_cites_the_last_rule_of_the_group_that_holds(compiled):
    _, module = compiled
    # n = 7: rules 1 and 2 hold, 3 does not (7 ≤ 8): a = 1, from rule 2 (the inner default), not rule 1
    assert run(module, "A", 7).a == 1
    assert cited(module, "A", "a", 7) == [A2]
    # n = 3: only rule 1 holds (the nest's outer default, tried once rule 2 gave nothing)
    assert cited(module, "A", "a", 3) == [A1]


@pytest.mark.parametrize("traced", [False, True])
def test_an_earlier_condition_is_not_evaluated_once_a_later_one_holds(compiled, traced):
    _, module = compiled
    # n = 0: the nest ⟨⟨n = 0 ⊢ 1⟩ | 10 / n > 1.0 ⊢ 1⟩: `n = 0` holds, 10 / 0 is never computed
    assert run(module, "B", 0, Trace() if traced else None).b == 1
    # n = 5: `n = 0` does not hold, then 10 / 5 = 2.0 > 1.0 holds; n = 20: 0.5 ≤ 1.0, no rule applies
    assert run(module, "B", 5).b == 1
    with pytest.raises(module.rt.NoValue):
        run(module, "B", 20)


@pytest.mark.parametrize("traced", [False, True])
def test_the_group_stands_at_its_last_rule(compiled, traced):
    _, module = compiled
    # rules 1 and 3 share 1: the nest stands at rule 3, after rule 2, so the list is [rule 2, nest(1 ⊃ 3)];
    # n = 9: rule 2 (9 > 8) then rule 3 (9 > 0, the inner default) give values: the conflict cites 2 then 3
    assert conflict_lines(module, "C", 9, traced) == [C2, C3]


def _exceptions(events: list) -> list[tuple[int, bool]]:
    """(line, fulfilled) of every rule condition the JSON trace reports, in order."""
    out = []
    for e in events:
        if e["element"]["kind"] == "exception":
            out.append((e["pos"]["start"]["line"], e.get("value")))
        out += _exceptions(e.get("trace", []))
    return out


def test_trace_reports_the_conditions_the_reference_evaluates(tmp_path):
    path = tmp_path / "groups.catala_en"
    path.write_text(SOURCE, encoding="utf-8")
    code, out, err = run_captured(["interpret", str(path), "-s", "A", "--input", '{"n": 7}', "--trace",
                                   "--trace-format", "json"])
    assert code == 0, err
    # n = 7: rule 2 (inner default of the nest) holds, so rule 1 is never tried; then rule 3 (7 > 8 false)
    assert _exceptions(json.loads(out.splitlines()[0])) == [(A2, True), (A3, False)]


# --- rules of a function: consequences compared once their parameters are one


@pytest.mark.parametrize("traced", [False, True])
def test_rules_of_a_function_sharing_a_consequence_are_one_group(compiled, traced):
    _, module = compiled
    # scopelang/from_desugared.ml `rule_tree_to_expr` (lines 406-421, 451-452) substitutes the same new
    # parameter variables into every rule of a function before the dcalc translation compares consequences
    # (Expr.compare, shared_ast/expr.ml line 757: the same variable), so `x + 1` of rules 1 and 2 is one
    # consequence: f of 7 = 7 + 1 = 8 (rules 1 and 2 hold, no conflict)
    assert run(module, "F", 7, Trace() if traced else None).r == 8
    # f of 9: the group (rule 2 tried first) gives 10 and rule 3 gives 0: a conflict, rule 2 then rule 3
    assert conflict_lines(module, "F", 9, traced) == [F2, F3]


# --- rules of different consequences: each evaluated whole, in turn


@pytest.mark.parametrize("traced", [False, True])
def test_each_rule_is_evaluated_whole_before_the_next(compiled, traced):
    _, module = compiled
    # interpreter.ml lines 977-979: `List.map (evaluate_expr ...) excepts` evaluates each rule's default —
    # its condition, then its consequence when it holds — before the next, and counts the values after. n = 0:
    # rule 1 holds (0 >= 0) and its consequence 10 / 0 fails before rule 2 is looked at: a division by zero,
    # not the conflict of rules 1 and 2
    with pytest.raises(module.rt.DivisionByZero):
        run(module, "E", 0, Trace() if traced else None)
    # n = 5: only rule 1, 10 / 5 = 2.0; n = -1: no rule applies
    assert run(module, "E", 5).e == 2
    with pytest.raises(module.rt.NoValue):
        run(module, "E", -1)

"""Sibling exception groups, as the reference compiler builds and evaluates them, in the plain generated code and
its traced variant (`--explain`): groups are never merged, and the later group is tried first.

The reference's rules, read in its sources (no value below comes from our output):

- Exception groups: desugared/dependency.ml `build_exceptions_graph` (lines 294-493) makes one vertex per
  label (explicit, or implicit: all base rules; all unlabelled exceptions to one rule or label), compared by
  their rule ids (`ExceptionVertex.compare`, lines 256-259; ids in parse order, surface/parser.mly); the
  exceptions of a vertex are `pred` of the graph (scopelang/from_desugared.ml `def_map_to_tree`, lines
  360-389), which ocamlgraph 2.0.0 (catala.opam.locked) lists by folding its ordered set of predecessors
  into a list, the greatest first: the group whose first rule comes LAST in the source is evaluated first.
  Several groups no exception relates (roots) are listed the same way (`fold_vertex` into a list). Each group
  is a default of its own rules (`rule_tree_to_expr`, lines 394-488), so `collapse_similar_outcomes` never
  merges rules of two groups: two labelled exceptions with the same consequence that both hold conflict.
- shared_ast/interpreter.ml, `EDefault` (lines 977-999): the exceptions of a default are all evaluated in list
  order, two or more giving a value are a conflict citing their positions in that order.
"""
from __future__ import annotations

import pytest

from catalapy.runtime.trace import Trace

from test_rule_groups import conflict_lines, line_of, lines, run

SOURCE = """# Sibling exception groups

```catala
declaration scope L:
  input n content integer
  output x content integer

scope L:
  label base definition x equals 0
  label high exception base definition x under condition n > 5 consequence equals 1
  label low exception base definition x under condition n > 2 consequence equals 1

declaration scope R:
  input n content integer
  output y content integer

scope R:
  label first definition y under condition n > 5 consequence equals 1
  label second definition y under condition n > 2 consequence equals 1

declaration scope D:
  input n content integer
  output z content integer

scope D:
  label base definition z equals 0
  label high exception base definition z under condition n > 5 consequence equals 1
  label low exception base definition z under condition n > 2 consequence equals 2
```
"""

X_HIGH = line_of("label high exception base definition x under condition n > 5 consequence equals 1", SOURCE)
X_LOW = line_of("label low exception base definition x under condition n > 2 consequence equals 1", SOURCE)
Y_FIRST = line_of("label first definition y under condition n > 5 consequence equals 1", SOURCE)
Y_SECOND = line_of("label second definition y under condition n > 2 consequence equals 1", SOURCE)
Z_HIGH = line_of("label high exception base definition z under condition n > 5 consequence equals 1", SOURCE)
Z_LOW = line_of("label low exception base definition z under condition n > 2 consequence equals 2", SOURCE)


@pytest.fixture(scope="module")
def compiled(compile_catala):
    return compile_catala(SOURCE)


@pytest.mark.parametrize("traced", [False, True])
def test_labelled_exceptions_with_the_same_consequence_conflict(compiled, traced):
    _, module = compiled
    # n = 7: both exceptions to `base` hold; two groups (labels high and low), each a default of its own, so
    # both give 1: a conflict, the later group (low) first
    with pytest.raises(module.rt.Conflict) as caught:
        run(module, "L", 7, Trace() if traced else None)
    assert lines(caught.value.positions) == [X_LOW, X_HIGH]


@pytest.mark.parametrize("n, x", [(4, 1), (1, 0)])
def test_labelled_exceptions_one_holding(compiled, n, x):
    _, module = compiled
    # n = 4: only `low` holds (4 > 2, 4 ≤ 5), x = 1; n = 1: neither, the base rule, x = 0
    assert run(module, "L", n).x == x


@pytest.mark.parametrize("traced", [False, True])
def test_unrelated_labelled_groups_with_the_same_consequence_conflict(compiled, traced):
    _, module = compiled
    # y: two labels, no exception between them: two roots of the exception graph; n = 7: both hold, a
    # conflict, the later group (second) first. n = 4: only `second` holds → 1
    assert conflict_lines(module, "R", 7, traced) == [Y_SECOND, Y_FIRST]
    assert run(module, "R", 4).y == 1


@pytest.mark.parametrize("traced", [False, True])
def test_sibling_groups_are_evaluated_later_group_first(compiled, traced):
    _, module = compiled
    # z: the same exceptions with different consequences; n = 7: both hold, the conflict cites low then high
    assert conflict_lines(module, "D", 7, traced) == [Z_LOW, Z_HIGH]
    # n = 4: only low (4 > 2) → 2; n = 1: neither, the base rule → 0
    assert run(module, "D", 4).z == 2
    assert run(module, "D", 1).z == 0

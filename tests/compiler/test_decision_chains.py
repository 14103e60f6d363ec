"""A decision that is one `if`/`elif` chain is written as one (catalapy/scalc/from_lcalc.py `chain`): exceptions
before the rules they except, rules sharing a consequence tested one branch each, the last written first and
the earlier ones only when it does not hold — the reference's nest of identical consequences
(dcalc/from_scopelang.ml `collapse_similar_outcomes`, lines 131-183: the last rule innermost, tried first by
shared_ast/interpreter.ml lines 977-999; see tests/compiler/test_rule_groups.py)."""
from __future__ import annotations

from fractions import Fraction

import pytest


SOURCE = """# Test

```catala
declaration scope B:
  input yr content integer
  input d content decimal
  output rate content decimal
  output band content integer
  output risky content integer

scope B:
  label base definition rate equals 1.0
  exception base definition rate under condition yr >= 2021 consequence equals 2.0
  definition band under condition yr = 2020 consequence equals 1
  definition band under condition yr = 2021 consequence equals 1
  definition band under condition yr >= 2022 consequence equals 2
  definition risky under condition yr = 2020 consequence equals 1
  definition risky under condition 1.0 / d > 0.5 consequence equals 1
```
"""


@pytest.fixture(scope="module")
def scope_b(compile_catala):
    return compile_catala(SOURCE)


def _definition(source: str, var: str) -> str:
    """The statements of `var`'s definition in the traced variant of the scope's body (the same decision as
    the plain one): from its declaration to its trace record."""
    start = source.index(f"    {var}: ", source.index("def _b_traced("))
    return source[start:source.index(f"trace.record('B', '{var}'", start)]


def test_exception_and_its_base_rule_are_one_chain(scope_b):
    source, _ = scope_b
    rate = _definition(source, "rate")
    assert "rt.EMPTY" not in rate and "_e" not in rate
    assert rate.count("if ") == 1 and "else:" in rate  # `if (yr >= 2021):`


def test_rules_sharing_a_consequence_are_tested_lazily(scope_b):
    source, _ = scope_b
    band = _definition(source, "band")
    assert "_c" not in band  # no condition computed ahead of the chain
    # band's two rules giving 1: the later one (yr = 2021) tried first, then yr = 2020
    assert band.index("if (yr == 2021):") < band.index("elif (yr == 2020):")


@pytest.mark.parametrize("yr, rate, band", [(2019, 1, None), (2020, 1, 1), (2021, 2, 1), (2023, 2, 2)])
def test_values(scope_b, yr, rate, band):
    _, module = scope_b
    if band is None:  # 2019: no rule of `band` applies
        with pytest.raises(module.rt.NoValue):
            module.b(module.BIn(yr=yr, d=Fraction(1)))
        return
    out = module.b(module.BIn(yr=yr, d=Fraction(1)))
    # rate: 2.0 from 2021 on (the exception), else 1.0; risky: 1 (1.0 / 1 = 1 > 0.5)
    assert (out.rate, out.band, out.risky) == (rate, band, 1)


def test_a_condition_that_may_fail_is_evaluated_when_the_later_rule_is_tried_first(scope_b):
    _, module = scope_b
    # risky's two rules share 1: the later one (1.0 / d > 0.5) is tried first, so with d = 0 the division by
    # zero is raised even though yr = 2020 makes the earlier rule apply
    with pytest.raises(module.rt.DivisionByZero):
        module.b(module.BIn(yr=2020, d=Fraction(0)))

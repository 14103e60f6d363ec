"""A table of values (rules `x = n` for distinct integers, one literal each, excluding one another: the yearly
social-security ceiling) is written in the plain variant as a module-level `dict` looked up, not as a chain of
comparisons (scalc/from_lcalc.py, `FnGen.looked_up`); no row for the value is the error the chain raised, at the
same position."""
from __future__ import annotations

import pytest

from catalapy.runtime import NoValue, Trace

from generated_source import function_source

SOURCE = """# Test

```catala
declaration scope Rate:
  input n content integer
  output v content money
  output w content integer

scope Rate:
  definition v under condition n = 1 consequence equals $10
  definition v under condition n = 2 consequence equals $20
  definition v under condition n = 3 consequence equals $20
  definition v under condition n = 5 consequence equals $50
  definition w under condition n = 1 consequence equals 7
  definition w under condition n >= 2 consequence equals 8
```
"""


@pytest.fixture(scope="module")
def rate(compile_catala):
    return compile_catala(SOURCE)


def test_a_table_is_a_dict_looked_up(rate):
    source, _ = rate
    assert "V_BY_N: dict[int, Money] = {\n    1: Money(1000),\n    2: Money(2000),\n    3: Money(2000),\n" \
           "    5: Money(5000),\n}" in source
    plain = function_source(source, "_rate")
    assert "if n not in V_BY_N:" in plain and "v: Money = V_BY_N[n]" in plain
    # w: two rules, one of them not `n = …`: a chain
    assert "if (n == 1):" in plain and "W_BY_N" not in source
    # the traced variant cites the rule applied: a chain
    assert "V_BY_N" not in function_source(source, "_rate_traced")


@pytest.mark.parametrize("n, cents", [(1, 1000), (2, 2000), (3, 2000), (5, 5000)])
def test_values_of_the_table(rate, n, cents):
    _, module = rate
    for trace in (None, Trace()):
        assert module.rate(module.RateIn(n=n), trace=trace).v == cents  # $10 = 1 000 cents, …


def test_no_row_is_the_error_of_no_rule(rate):
    _, module = rate
    errors = []
    for trace in (None, Trace()):
        with pytest.raises(NoValue) as caught:
            module.rate(module.RateIn(n=4), trace=trace)
        errors.append(caught.value)
    # at the declaration of `v`: line 6 of the file, `  output v content money`, columns 10–11
    line = SOURCE.splitlines().index("  output v content money") + 1
    (p,) = errors[0].positions
    assert (p.start_line, p.start_column, p.end_column) == (line, 10, 11)
    assert errors[0].positions == errors[1].positions

"""Loop invariants of list comprehensions are computed once before the comprehension
(catalapy/scalc/invariants.py), without changing any value or error; rules that provably always apply make
their variable readable without a check (catalapy/lcalc/exclusive.py, pieces_exhaustive)."""
from __future__ import annotations


import pytest


SOURCE = """# Test

```catala
declaration enumeration Kind:
  -- Sale
  -- Service

declaration scope A:
  input kind content Kind
  input amounts content list of money
  input missing_ok content boolean
  internal rate content decimal
  internal maybe content decimal
  output kept content list of money
  output kept_maybe content list of money

scope A:
  definition rate under condition kind with pattern Sale consequence equals 0.71
  definition rate under condition kind with pattern Service consequence equals 0.5
  definition maybe under condition missing_ok consequence equals 0.25
  definition kept equals map each a among amounts to (a * (1.0 - rate))
  definition kept_maybe equals map each a among amounts to (a * (1.0 - maybe))
```
"""


@pytest.fixture(scope="module")
def scope_a(compile_catala):
    return compile_catala(SOURCE)


def test_invariant_computed_once_and_no_empty_check(scope_a):
    source, _ = scope_a
    assert "_invariant = rt.sub_decimal(DEC_1, rate)" in source  # rate always has a value: no rt.read
    assert "rt.sub_decimal(DEC_1, rt.read(maybe" in source  # maybe may have none: stays in the loop


def test_values(scope_a):
    _, m = scope_a
    # 100,00 € × (1 − 0,71) = 29,00 €; 0,05 € × 0,29 = 0,0145 € → 0,01 €; with 0,25: 75,00 € and 0,0375 → 0,04 €
    r = m.a(m.AIn(kind=m.Kind.Sale, amounts=(10000, 5), missing_ok=True))
    assert r.kept == (2900, 1) and r.kept_maybe == (7500, 4)


def test_empty_list_and_missing_value(scope_a):
    _, m = scope_a
    # no element: the comprehension never reads `maybe`, so its missing value is no error
    r = m.a(m.AIn(kind=m.Kind.Service, amounts=(), missing_ok=False))
    assert r.kept == () and r.kept_maybe == ()
    with pytest.raises(m.rt.NoValue):
        m.a(m.AIn(kind=m.Kind.Service, amounts=(100,), missing_ok=False))

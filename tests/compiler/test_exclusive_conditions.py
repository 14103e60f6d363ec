"""Sibling rules whose conditions provably exclude one another compile to a plain if/elif chain (no conflict
check); any possible overlap keeps the conflict check (catalapy/lcalc/exclusive.py)."""
from __future__ import annotations


import pytest


SOURCE = """# Test

```catala
declaration scope A:
  input yr content integer
  input flag content boolean
  output band content integer
  output overlap content integer

scope A:
  definition band under condition yr = 2020 or yr = 2021 consequence equals 1
  definition band under condition yr >= 2022 and yr < 2024 consequence equals 2
  definition band under condition yr < 2020 consequence equals 3
  definition overlap under condition yr >= 2020 and flag consequence equals 1
  definition overlap under condition yr <= 2020 and not flag consequence equals 2
  definition overlap under condition yr = 2020 consequence equals 3
```
"""


@pytest.fixture(scope="module")
def scope_a(compile_catala):
    return compile_catala(SOURCE)


def test_disjoint_conditions_have_no_conflict_check(scope_a):
    source, _ = scope_a
    traced = source[source.index("def _a_traced("):]  # the same decisions as the plain variant, with records
    before_band, band = traced[:traced.index("trace.record('A', 'band'")].rsplit(
        "# (these conditions exclude one another: no conflict is possible)", 1)
    assert "overlap" not in band and "band, _band_pos" not in before_band
    assert "conflict" not in band.lower()
    assert "if ((yr == 2020) or (yr == 2021)):" in band


def test_overlapping_conditions_keep_the_conflict_check(scope_a):
    source, module = scope_a
    # each rule of `overlap` evaluated whole, then the one value among them, a conflict when several (rt.pick):
    # once in the plain variant, once in the traced one
    assert source.count("overlap, _overlap_pos = rt.pick(") == 2
    # yr = 2020 and flag: rules 1 (2020 >= 2020 and flag) and 3 (yr = 2020) both apply
    with pytest.raises(module.rt.Conflict):
        module.a(module.AIn(yr=2020, flag=True))


@pytest.mark.parametrize("yr, band", [(2019, 3), (2020, 1), (2021, 1), (2022, 2), (2023, 2)])
def test_values_of_the_if_elif_chain(scope_a, yr, band):
    _, module = scope_a
    # overlap for flag=False: yr <= 2020 gives rule 2 (unless yr = 2020: rule 3 as well); yr > 2020 none
    if yr == 2020:
        return
    if yr > 2020:
        assert module.a(module.AIn(yr=yr, flag=True)).band == band
    else:
        assert module.a(module.AIn(yr=yr, flag=False)) == module.A(band=band, overlap=2)


def test_no_rule_applies_is_still_no_value(scope_a):
    _, module = scope_a
    with pytest.raises(module.rt.NoValue):  # 2024 matches none of band's three rules
        module.a(module.AIn(yr=2024, flag=True))

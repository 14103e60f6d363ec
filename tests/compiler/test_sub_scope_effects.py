"""What a sub-scope call may do besides giving its value (catalapy/scalc/effects.py), and what the code emitted
for it makes of that: the plain scope functions carry no trace, the traced ones (`trace=`) record every step;
a call proved unable to raise is written where its one read is; any other call stays where the scope states it,
so that its error is raised even when its result is not read, as the reference evaluates every sub-scope call."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from catalapy import driver
from catalapy.lcalc.eliminate import eliminate
from catalapy.runtime import AssertionFailed, DivisionByZero, Trace
from catalapy.scalc.effects import asserting_scopes, infallible_scopes

from generated_source import function_source

ROOT = Path(__file__).resolve().parents[2]

SOURCE = """# Test

```catala
declaration scope Half:
  input x content decimal
  output half content decimal

scope Half:
  definition half equals x / 2.0

declaration scope Inverse:
  input x content decimal
  output inverse content decimal

scope Inverse:
  definition inverse equals 1.0 / x

declaration scope NonNegative:
  input x content decimal
  output y content decimal

scope NonNegative:
  definition y equals x
  assertion x >= 0.0

declaration scope Main:
  input employed content boolean
  input x content decimal
  half scope Half
  inverse scope Inverse
  non_negative scope NonNegative
  output amount content decimal
  output inverse_if_employed content decimal
  output y_if_employed content decimal

scope Main:
  definition half.x equals x
  definition inverse.x equals x
  definition non_negative.x equals x
  definition amount equals if employed then half.half else 0.0
  definition inverse_if_employed equals if employed then inverse.inverse else 0.0
  definition y_if_employed equals if employed then non_negative.y else 0.0
```
"""


@pytest.fixture(scope="module")
def main(compile_catala):
    return compile_catala(SOURCE)


def test_plain_functions_carry_no_trace(main):
    source, _ = main
    plain = function_source(source, "_main")
    assert "trace" not in plain and "failures" in plain  # NonNegative asserts: the list is passed on
    assert "trace" not in function_source(source, "_half") and "failures" not in function_source(source, "_half")
    traced = function_source(source, "_main_traced")
    assert "trace.sub_call('half')" in traced and "if trace is not None" not in traced


def test_a_call_that_cannot_raise_is_written_where_it_is_read(main):
    source, module = main
    plain = function_source(source, "_main")
    assert "half = _half(" not in plain and "_half(x).half if employed else" in plain
    assert "_2 = _half_traced(x, trace, failures)\n" in function_source(source, "_main_traced")
    # 1/2 of 3 = 3/2 when employed; 0 otherwise
    assert module.main(module.MainIn(employed=True, x=Fraction(3))).amount == Fraction(3, 2)
    assert module.main(module.MainIn(employed=False, x=Fraction(3))).amount == 0


def test_a_call_that_may_raise_stays_where_the_scope_states_it(main):
    source, module = main
    plain = function_source(source, "_main")
    # Inverse, one definition, is written out here (scalc/inline.py), before the definitions that read it;
    # NonNegative asserts: called
    assert plain.index("inverse__inverse: Decimal = rt.div_decimal(") < plain.index("amount: Decimal =")
    assert "_2 = _non_negative(x, failures)\n" in plain
    # its result is not read (employed is false), yet 1.0 / 0.0 is evaluated, as the reference does
    with pytest.raises(DivisionByZero):
        module.main(module.MainIn(employed=False, x=Fraction(0)))
    with pytest.raises(DivisionByZero):
        module.main(module.MainIn(employed=False, x=Fraction(0)), trace=Trace())
    # the assertion x ≥ 0 of the unread sub-scope still fails for x = −1 (plain and traced)
    with pytest.raises(AssertionFailed):
        module.main(module.MainIn(employed=False, x=Fraction(-1)))
    failures: list = []
    module.main(module.MainIn(employed=False, x=Fraction(-1)), trace=Trace(), _failures=failures)
    assert len(failures) == 1


def test_traced_and_plain_give_the_same_values(main):
    _, module = main
    for employed in (True, False):
        entrees = module.MainIn(employed=employed, x=Fraction(4))
        # employed: 4/2 = 2, 1/4, 4; else 0, 0, 0
        expected = (Fraction(2), Fraction(1, 4), Fraction(4)) if employed else (0, 0, 0)
        for trace in (None, Trace()):
            r = module.main(entrees, trace=trace)
            assert (r.amount, r.inverse_if_employed, r.y_if_employed) == expected


def test_effects_of_the_policy_scopes() -> None:
    program = driver.load_program(str(ROOT / "policy" / "indemnites_journalieres.catala_fr"))
    lpdef = eliminate(program.pdef)
    # the salaried worker's IJ: a SMIC table (exclusive dated rules, one always applies: `Absent` after it),
    # a division by the constant 91,25, no assertion
    assert {k[1] for k in infallible_scopes(lpdef)} >= {"IndemniteRegimeGeneral", "SalaireMinimumMensuel"}
    # the average revenue divides by the number of years retained (zero when no year is)
    assert "RevenuAnnuelMoyen" not in {k[1] for k in infallible_scopes(lpdef)}
    assert {k[1] for k in asserting_scopes(lpdef.dcalc)} == {"CalculIndemnitesJournalieres"}


def test_without_traced_variants(tmp_path) -> None:
    """`test-scope` and `interpret` compile no traced variant (they never pass `trace=`): the entry point then
    refuses a trace instead of ignoring it."""
    path = tmp_path / "t.catala_en"
    path.write_text(SOURCE, encoding="utf-8")
    program = driver.load_program(str(path))
    (source,) = driver.emit_python(program, traced=False).values()
    assert "def _main_traced(" not in source and "trace.record(" not in source
    module = driver.import_program(program, traced=False)
    assert module.main(module.MainIn(employed=True, x=Fraction(3))).amount == Fraction(3, 2)  # 3 / 2
    with pytest.raises(ValueError, match="traced variants"):
        module.main(module.MainIn(employed=True, x=Fraction(3)), trace=Trace())

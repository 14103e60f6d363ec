"""Small scopes written out in their caller in the plain variant (catalapy/scalc/inline.py): no call, no result
object, the callee's variables read as locals; the same values and the same errors at the same positions as a
call of the scope (what the traced variant, which keeps the calls, still does)."""
from __future__ import annotations

from fractions import Fraction

import pytest

from catalapy import driver
from catalapy.lcalc.eliminate import eliminate
from catalapy.runtime import Conflict, DivisionByZero, NoValue, SourcePosition, Trace
from catalapy.scalc.inline import inlinable_scopes

from generated_source import function_source

SOURCE = """# Test

```catala
declaration scope Ceiling:
  input calendar_year content integer
  output amount content money

scope Ceiling:
  definition amount under condition calendar_year = 2019 consequence equals $40,524
  definition amount under condition calendar_year = 2020 consequence equals $41,136
  definition amount under condition calendar_year >= 2020 consequence equals $50,000

declaration scope Ratio:
  input x content decimal
  output inverse content decimal
  output doubled content decimal

scope Ratio:
  definition inverse equals 1.0 / x
  definition doubled equals x * 2.0

declaration scope Checked:
  input x content decimal
  output y content decimal

scope Checked:
  definition y equals x
  assertion x >= 0.0

declaration scope WithContext:
  context rate content decimal
  output y content decimal

scope WithContext:
  definition rate equals 0.5
  definition y equals rate

declaration scope Main:
  input calendar_year content integer
  input x content decimal
  ceiling scope Ceiling
  ratio scope Ratio
  checked scope Checked
  with_context scope WithContext
  output amount content money
  output total content decimal
  output two_years_before content money
  output checked_y content decimal

scope Main:
  definition ceiling.calendar_year equals calendar_year
  definition ratio.x equals x
  definition checked.x equals x
  definition amount equals ceiling.amount
  definition total equals ratio.inverse + ratio.doubled + with_context.y
  definition two_years_before equals (output of Ceiling with { -- calendar_year: calendar_year - 2 }).amount
  definition checked_y equals checked.y
```
"""


def _position(text: str, line_text: str, word: str, occurrence: int = 1) -> tuple:
    """(line, start column, end column) of ``word`` in the ``occurrence``-th line of SOURCE that contains
    ``line_text``, 1-based, end exclusive (ARCHITECTURE.md, positions): worked out from the text itself."""
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line_text in line:
            found += 1
            if found == occurrence:
                column = line.index(word, line.index(line_text)) + 1
                return number, column, column + len(word)
    raise AssertionError(f"{line_text!r} not in the source")


def _where(p: SourcePosition) -> tuple:
    return p.start_line, p.start_column, p.end_column


@pytest.fixture(scope="module")
def main(compile_catala):
    return compile_catala(SOURCE)


def test_small_scopes_are_written_out_in_the_plain_variant_only(main):
    source, _ = main
    plain = function_source(source, "_main")
    assert "_ceiling(" not in plain and "_ratio(" not in plain
    assert "ceiling__amount" in plain and "ratio__inverse" in plain and "ratio__doubled" in plain
    assert "# scope Ceiling (" in plain and "written out here" in plain
    # an assertion (its failures are gathered apart) and a context input (a default to apply) keep the call
    assert "_checked(x, failures)" in plain and "_with_context(NOT_PROVIDED)" in plain
    traced = function_source(source, "_main_traced")
    assert "_ceiling_traced(" in traced and "_ratio_traced(" in traced


def test_which_scopes_are_written_out(tmp_path) -> None:
    path = tmp_path / "t.catala_en"
    path.write_text(SOURCE, encoding="utf-8")
    lpdef = eliminate(driver.load_program(str(path)).pdef)
    assert {key[1] for key in inlinable_scopes(lpdef)} == {"Ceiling", "Ratio"}


def test_same_values_as_the_calls(main):
    _, module = main
    # calendar_year 2021: only `calendar_year >= 2020` holds → $50,000; two years before, 2019 → $40,524
    # x = 4: 1/4 + 4 × 2 + 0.5 = 35/4
    for trace in (None, Trace()):
        r = module.main(module.MainIn(calendar_year=2021, x=Fraction(4)), trace=trace)
        assert (r.amount, r.total, r.two_years_before, r.checked_y) == (5_000_000, Fraction(35, 4), 4_052_400, 4)


def _error(module, trace, **inputs):
    with pytest.raises((NoValue, Conflict, DivisionByZero)) as caught:
        module.main(module.MainIn(**inputs), trace=trace)
    return caught.value


def test_errors_keep_their_positions(main):
    _, module = main
    cases = [
        # 2018: no rule of Ceiling applies → at the declaration of `amount` (its name)
        (dict(calendar_year=2018, x=Fraction(1)), NoValue, [_position(SOURCE, "output amount content money", "amount")]),
        # 2020: `calendar_year = 2020` and `calendar_year >= 2020` both hold → at both consequences
        (dict(calendar_year=2020, x=Fraction(1)), Conflict,
         [_position(SOURCE, "calendar_year = 2020 consequence", "$41,136"),
          _position(SOURCE, "calendar_year >= 2020 consequence", "$50,000")]),
        # x = 0: the denominator of 1.0 / x
        (dict(calendar_year=2021, x=Fraction(0)), DivisionByZero, [_position(SOURCE, "1.0 / x", "x", 1)]),
        # 2022: the sub-scope's 2022 is fine ($50,000), the call written as an expression asks 2020 → conflict
        (dict(calendar_year=2022, x=Fraction(1)), Conflict,
         [_position(SOURCE, "calendar_year = 2020 consequence", "$41,136"),
          _position(SOURCE, "calendar_year >= 2020 consequence", "$50,000")]),
    ]
    for inputs, kind, expected in cases:
        plain = _error(module, None, **inputs)
        traced = _error(module, Trace(), **inputs)  # the traced variant calls the scopes, as before
        assert type(plain) is kind and type(traced) is kind
        assert plain.positions == traced.positions
        found = sorted(_where(p) for p in plain.positions)
        assert found == sorted(expected), (inputs, found, expected)
        assert all(p.file.endswith("t.catala_en") for p in plain.positions)


SINKING = """# Test

```catala
declaration scope Span:
  input start content date
  input days content integer
  output end_date content date
  output risky content decimal

scope Span:
  date round down
  definition end_date equals start + 1 day * days
  definition risky equals 1.0 / (decimal of days)

declaration scope Main:
  input flag content boolean
  input days content integer
  span scope Span
  output late content boolean
  output r content decimal

scope Main:
  definition span.start equals |2024-01-31|
  definition span.days equals days
  definition late equals if flag then span.end_date >= |2024-03-01| else false
  definition r equals if flag then span.risky else 0.0
```
"""


@pytest.fixture(scope="module")
def sinking(compile_catala):
    return compile_catala(SINKING)


def test_a_costly_definition_that_cannot_fail_is_computed_in_the_branch_that_reads_it(sinking):
    source, module = sinking
    plain = function_source(source, "_main")
    # end_date (a date plus days, rounding down: it has a value whatever the inputs) under `if flag`; risky (a
    # division by `days`, which may be zero) where Span states it, before
    assert plain.index("if flag:") < plain.index("span__end_date: date =")
    assert plain.index("span__risky: Decimal =") < plain.index("if flag:")
    # 2024-01-31 + 30 days = 2024-03-01 (29 days in February 2024): late; + 29 days = 2024-02-29: not late;
    # r = 1/30, 1/29
    for trace in (None, Trace()):
        r = module.main(module.MainIn(flag=True, days=30), trace=trace)
        assert (r.late, r.r) == (True, Fraction(1, 30))
        r = module.main(module.MainIn(flag=True, days=29), trace=trace)
        assert (r.late, r.r) == (False, Fraction(1, 29))
        # not read (flag false), the division by zero of Span is still raised, as the reference evaluates it
        with pytest.raises(DivisionByZero):
            module.main(module.MainIn(flag=False, days=0), trace=trace)


CEILINGS = """# Ceilings

> Module Ceilings

```catala
declaration scope Ceiling:
  input calendar_year content integer
  output amount content money

scope Ceiling:
  definition amount under condition calendar_year = 2017 consequence equals $39,228
  definition amount under condition calendar_year = 2018 consequence equals $39,732
  definition amount under condition calendar_year = 2019 consequence equals $40,524
  definition amount under condition calendar_year = 2020 consequence equals $41,136
```
"""

USING_CEILINGS = """# Main

> Using Ceilings

```catala
declaration scope Main:
  input calendar_year content integer
  ceiling scope Ceilings.Ceiling
  output amount content money

scope Main:
  definition ceiling.calendar_year equals calendar_year
  definition amount equals ceiling.amount
```
"""


@pytest.fixture(scope="module")
def two_modules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("modules")
    (folder / "ceilings.catala_en").write_text(CEILINGS, encoding="utf-8")
    (folder / "main.catala_en").write_text(USING_CEILINGS, encoding="utf-8")
    program = driver.load_program(str(folder / "main.catala_en"))
    return driver.emit_python(program, package=False), driver.import_program(program)


def test_a_scope_of_a_used_module_reads_that_module_s_table_and_positions(two_modules):
    sources, module = two_modules
    main, ceilings = sources["main"], sources["ceilings"]
    plain = function_source(main, "_main")
    assert "_ceiling(" not in plain and "written out here" in plain
    # the four rules `calendar_year = n` are a table, defined once: in the module of Ceiling, read from there
    assert "AMOUNT_BY_CALENDAR_YEAR: dict[int, Money] = {" in ceilings
    assert "AMOUNT_BY_CALENDAR_YEAR" not in main.replace("ceilings.AMOUNT_BY_CALENDAR_YEAR", "")
    assert "ceilings.AMOUNT_BY_CALENDAR_YEAR[" in plain
    # no position of the file of Ceilings is copied into the caller's module
    assert "ceilings.catala_en'" not in main
    line, start, end = _position(CEILINGS, "output amount content money", "amount")
    assert f"raise rt.NoValue(ceilings.POS_{line}_{start})" in plain
    # the same values and the same error, at the declaration of `amount` in the file of Ceilings
    for trace in (None, Trace()):
        assert module.main(module.MainIn(calendar_year=2019), trace=trace).amount == 4_052_400  # $40,524
    plain_error = _error(module, None, calendar_year=2016)
    traced_error = _error(module, Trace(), calendar_year=2016)
    assert type(plain_error) is type(traced_error) is NoValue
    assert plain_error.positions == traced_error.positions
    assert [_where(p) for p in plain_error.positions] == [(line, start, end)]
    assert plain_error.positions[0].file.endswith("ceilings.catala_en")

"""`--input JSON`, `-F json`, `--no-fail-on-assert`, `--disable-warnings`, `--message-format=gnu` and the JSON
codec of the runtime (catalapy/runtime/json_codec.py). Expected outputs are worked out by hand from the
encoding described in the codec's docstring (integers and decimals as strings, money with two decimals...)."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from catalapy.cli import run_captured
from catalapy.runtime import ABSENT, Duration, Money, Option, Present
from catalapy.runtime.json_codec import JsonValidationError, from_json, parse_json, to_json

PAYROLL = """\
```catala
declaration structure Worker:
  data hours content integer
  data rate content money

declaration enumeration Status:
  -- Employee content Worker
  -- Volunteer

declaration scope Pay:
  input status content Status
  input bonus content optional of money
  input start content date
  context factor content decimal
  output total content money
  output length content duration
  output parts content (integer, decimal)

scope Pay:
  definition factor equals 1.0
  definition total equals
    (match status with pattern
     -- Employee content w : w.rate * (decimal of w.hours) * factor
     -- Volunteer : $0)
    + (match bonus with pattern -- Present content b : b -- Absent : $0)
  definition length equals 1 year + 2 day
  definition parts equals (7, factor / 3.0)
```
"""

ASSERTING = """\
```catala
declaration scope A:
  output v content integer

scope A:
  definition v equals 2 + 2
  assertion v = 5
```
"""


def _run(tmp_path, source: str, *argv: str) -> tuple[int, str, str]:
    path = tmp_path / "prog.catala_en"
    path.write_text(source, encoding="utf-8")
    return run_captured([argv[0], argv[1], str(path), *argv[2:]])


def test_input_and_json_output(tmp_path):
    inp = '{"status":{"Employee":{"hours":"10","rate":12.5}},"bonus":"3","start":"2024-02-29"}'
    code, out, err = _run(tmp_path, PAYROLL, "test-scope", "Pay", "--input", inp, "-F", "json")
    assert code == 0, err
    # 10 h × 12.50 $ × 1.0 = 125.00 $, + bonus 3 $ = 128.00 $; 1.0 / 3.0 = 1/3
    assert out.strip() == ('{"total":"128.00","length":{"years":1,"months":0,"days":2},'
                           '"parts":["7","1/3"]}')


def test_input_context_given_and_option_absent(tmp_path):
    inp = '{"status":{"Employee":{"hours":3,"rate":"0.10"}},"start":{"year":2024,"month":1,"day":1},' \
          '"factor":"1/2"}'
    code, out, err = _run(tmp_path, PAYROLL, "test-scope", "Pay", "--input", inp)
    assert code == 0, err
    # 3 × 10 cents × 1/2 = 15 cents; no bonus; 1/2 / 3 = 1/6 = 0.1666… printed with 6 digits
    assert "│ total = $0.15" in out
    assert "│ parts = (7, 0.166,666…)" in out


def test_payload_less_constructor(tmp_path):
    inp = '{"status":"Volunteer","start":"2024-01-01","bonus":1}'
    code, out, _ = _run(tmp_path, PAYROLL, "test-scope", "Pay", "--input", inp, "-F", "json")
    assert code == 0
    assert out.startswith('{"total":"1.00",')  # $0 + 1 $ bonus


def test_input_errors_are_explained(tmp_path):
    code, out, err = _run(tmp_path, PAYROLL, "test-scope", "Pay", "--input", '{"status":"Volunteer"}')
    assert code == 123 and out == ""
    lines = err.splitlines()
    assert lines[:4] == ["┌─[ERROR]─", "│", "│  Failed to validate JSON:", "│    Missing object field start"]
    assert "│  Expected JSON object of the form:" in lines
    assert '│    { "status": $Status,' in lines and '│      "factor"?: $decimal }' in lines
    assert '│    $Worker:' in lines
    code, _, err = _run(tmp_path, PAYROLL, "test-scope", "Pay", "--input",
                        '{"status":{"Employee":{"hours":true,"rate":1}},"start":"2024-01-01"}')
    assert code == 123
    assert "│    At /status, no case matched:" in err
    assert "│      At /Employee/hours, no case matched:" in err
    assert "│        Unexpected boolean instead of number" in err


def test_scope_with_inputs_needs_input(tmp_path):
    code, _, err = _run(tmp_path, PAYROLL, "test-scope", "Pay")
    assert code == 123 and "it defines input variables" in err


def test_no_fail_on_assert_prints_a_warning_then_the_result(tmp_path):
    code, out, err = _run(tmp_path, ASSERTING, "test-scope", "A", "--no-fail-on-assert")
    assert code == 0
    assert err.startswith("┌─[WARNING]─\n│\n│  Assertion failed: 4 ≠ 5\n")
    assert out == "┌─[RESULT]─ A ─\n│ v = 4\n└─\n"
    code, _, err = _run(tmp_path, ASSERTING, "test-scope", "A")
    assert code == 123 and "[ERROR]" in err


def test_gnu_message_format(tmp_path):
    code, _, err = _run(tmp_path, ASSERTING, "interpret", "--scope=A", "--message-format=gnu", "-O", "--lcalc")
    assert code == 123
    assert err.strip().endswith(":7.3-18: [ERROR] Assertion failed: 4 ≠ 5")


def test_disable_warnings(tmp_path):
    unused = ASSERTING.replace("  output v content integer", "  output v content integer\n"
                               "  internal w content integer").replace("assertion v = 5", "assertion v = 4")
    code, _, err = _run(tmp_path, unused, "test-scope", "A")
    assert code == 0 and "[WARNING]" in err
    code, _, err = _run(tmp_path, unused, "test-scope", "A", "--disable-warnings")
    assert code == 0 and err == ""


# --- the codec on its own ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, annotation, text", [
    (-1234, int, '"-1234"'),
    (Money(-1), Money, '"-0.01"'),
    (Money(100050), Money, '"1000.50"'),
    (Fraction(-7, 4), Fraction, '"-7/4"'),
    (Fraction(3), Fraction, '"3"'),
    (date(2024, 2, 29), date, '"2024-02-29"'),
    (Duration(0, -1, 3), Duration, '{"years":0,"months":-1,"days":3}'),
    (ABSENT, Option[int], '"Absent"'),
    (Present((1, True)), Option[tuple[int, bool]], '{"Present":["1",true]}'),
    ((), tuple[int, ...], "[]"),
])
def test_to_json(value, annotation, text):
    assert to_json(value, annotation) == text


def test_option_in_french():
    assert to_json(Present(False), Option[bool], "fr") == '{"Présent":false}'


@pytest.mark.parametrize("text, annotation, value", [
    ('"-12"', int, -12),
    ("4.0", int, 4),
    ("0.29", Money, Money(29)),  # exact: 0.29 × 100 = 29 cents (a float would give 28)
    ('"1/3"', Money, Money(33)),  # 100/3 = 33.3 cents, truncated
    ("-2.5", Fraction, Fraction(-5, 2)),
    ('"2/6"', Fraction, Fraction(1, 3)),
    ('{"year":2000,"month":12,"day":31}', date, date(2000, 12, 31)),
    ('{"days":-4}', Duration, Duration(0, 0, -4)),
    ("{}", Option[int], ABSENT),
    ('"Absent"', Option[int], ABSENT),
    ('{"Present":"5"}', Option[int], Present(5)),
    ('["1","2"]', tuple[int, ...], (1, 2)),
])
def test_from_json(text, annotation, value):
    assert from_json(parse_json(text), annotation) == value


@pytest.mark.parametrize("text, annotation, first_line", [
    ('"x1"', int, "No case matched:"),
    ("[1]", tuple[int, int], "Unexpected array of size 1 instead of 2"),
    ('{"weeks":1}', Duration, "Unexpected object field weeks"),
    ('"2023-02-29"', date, "No case matched:"),
    ("1", bool, "Unexpected number instead of boolean"),
])
def test_from_json_rejects(text, annotation, first_line):
    with pytest.raises(JsonValidationError) as info:
        from_json(parse_json(text), annotation)
    assert info.value.lines[0] == first_line

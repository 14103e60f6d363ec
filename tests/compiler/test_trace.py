"""`catalapy interpret FILE -s SCOPE --trace [-O] [--trace-format json]`: the reference's execution trace.

``fixtures_trace/exception_let_fr``: written for catalapy; its ``expected.txt`` was checked line by line
against the reference's printing rules (shared_ast/print.ml ``trace_element``), positions counted by hand:
scope ``Essai`` declared at 5.33-38 (under the heading ``Essai``); ``base`` (7.11-15) first since ``montant``
reads it, its rule without condition shown at the defined name 10.14-18 ("Definition fulfilled") and its
consequence ``40`` at 10.26-28; then ``montant`` (6.12-19): the exception is tried first, its condition
``base > 30`` (14.37-46) holds (40 > 30), so the base rule labelled ``générale`` is never tried; its
consequence 15.5-34 defines ``x`` = ``base + 2`` (15.19-27) = 42; the scope exits with ``montant`` = 42.

``fixtures_trace/function_json``: the JSON format, each field as the reference runtime's ``Json.trace`` (see
the reference's ``tests/trace/good/scopecall`` block): with ``-O`` the unconditional rule is not logged;
``shrink of 30`` (10.23-35) calls ``shrink`` (declared 2.13-19), whose condition ``n > 10`` (3.13-19) holds
for 30, so the branch ``n - 10`` (3.25-31) gives 20.

With ``CATALA_SUITE`` naming the reference suite's ``tests`` folder (exported outside the repository), every
``--trace`` block of it is replayed too and must match whole (output and exit code).
"""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures_trace"


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalapy", "interpret", *args], capture_output=True, text=True,
                          cwd=folder)


def test_trace_text_of_exception_and_local_definition() -> None:
    folder = FIXTURES / "exception_let_fr"
    proc = run(folder, "main.catala_fr", "-s", "Essai", "--trace")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (folder / "expected.txt").read_text(encoding="utf-8")


def _loc(line: int, start: int, end: int) -> dict:
    return {"file": "main.catala_en", "start": {"line": line, "character": start},
            "end": {"line": line, "character": end}}


def test_trace_json_of_function_call() -> None:
    folder = FIXTURES / "function_json"
    proc = run(folder, "main.catala_en", "-s", "S", "--trace", "-O", "--trace-format", "json")
    assert proc.returncode == 0, proc.stderr
    first, *rest = proc.stdout.splitlines()
    assert first.startswith('[{"element":{"kind":"scope_call","name":"S",')  # compact, as the reference's
    assert rest == ["┌─[RESULT]─ S ─", "│ r = 20", "└─"]
    shrink = {"element": {"kind": "function_call", "name": "shrink", "decl_pos": _loc(2, 13, 19)},
              "pos": _loc(10, 23, 35), "value": "20",
              "trace": [{"element": {"kind": "branch_condition"}, "pos": _loc(3, 13, 19), "value": True},
                        {"element": {"kind": "if_branching"}, "pos": _loc(3, 25, 31), "value": "20"}]}
    r = {"element": {"kind": "scope_var", "name": "r", "decl_pos": _loc(7, 10, 11), "input": "no_input",
                     "output": True},
         "pos": _loc(7, 10, 11), "value": "20", "trace": [shrink]}
    assert json.loads(first) == [{"element": {"kind": "scope_call", "name": "S", "decl_pos": _loc(6, 19, 20)},
                                  "pos": _loc(6, 19, 20), "value": {"r": "20"}, "trace": [r]}]


def test_trace_of_a_failed_assertion_stops_there(tmp_path: Path) -> None:
    """A false assertion ends the trace with the error inside it and the scope's exit without value (∅), then
    the reference's error box (exit 123)."""
    (tmp_path / "a.catala_en").write_text(
        "```catala\ndeclaration scope T:\n  output r content integer\n\nscope T:\n  definition r equals 1\n"
        "  assertion r > 1\n```\n", encoding="utf-8")
    proc = run(tmp_path, "a.catala_en", "-s", "T", "--trace", "-O")
    assert proc.returncode == 123
    assert proc.stdout == "\n".join([
        "→ Entering scope T",
        "─➤ a.catala_en:2.19-20:",
        "  │",
        "2 │ declaration scope T:",
        "  │                   ‾",
        "  ≔ Scope variable definition r: 1",
        "  ─➤ a.catala_en:3.10-11:",
        "    │",
        "  3 │   output r content integer",
        "    │          ‾",
        "  ⊹ Assertion",
        "  ─➤ a.catala_en:7.3-18:",  # `assertion r > 1`: columns 3 to 17
        "    │",
        "  7 │   assertion r > 1",
        "    │   " + "‾" * 15,
        "    ⨉ Error: an assertion doesn't hold (Assertion failed)",
        "← Exiting Scope T: ∅",
    ]) + "\n"
    assert proc.stderr.splitlines()[:5] == ["┌─[ERROR]─", "│", "│  During evaluation: an assertion doesn't hold.",
                                            "│  Assertion failed", "│"]


def test_without_trace_the_generated_code_has_no_instrumentation() -> None:
    """The trace pass runs only for --trace: `catalapy python` prints no trace event."""
    proc = subprocess.run([sys.executable, "-m", "catalapy", "python", "main.catala_en"], capture_output=True,
                          text=True, cwd=FIXTURES / "function_json")
    assert proc.returncode == 0, proc.stderr
    assert "rt.trace" not in proc.stdout and "rt.traced" not in proc.stdout


SUITE = os.environ.get("CATALA_SUITE")


def _suite_trace_blocks() -> list:
    if not SUITE or not Path(SUITE).is_dir():
        return []
    blocks = []
    for path in sorted(Path(SUITE).rglob("*.catala_*")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            if line.startswith("```catala-test-cli") and "--trace" in lines[i + 1].split():
                end = lines.index("```", i + 2)
                blocks.append(pytest.param(path, shlex.split(lines[i + 1])[2:], lines[i + 2:end],
                                           id=f"{path.name}:{i + 1}"))
    return blocks


@pytest.mark.skipif(not _suite_trace_blocks(), reason="CATALA_SUITE does not name the reference suite's tests "
                                                      "folder (it is exported outside the repository)")
@pytest.mark.parametrize("path, argv, expected", _suite_trace_blocks() or [pytest.param(None, None, None)])
def test_reference_suite_trace_blocks(path: Path, argv: list, expected: list) -> None:
    root = Path(SUITE).parent
    proc = run(root, str(path.relative_to(root)), *argv[1:])
    code = next((int(x.split()[2].rstrip("#")) for x in expected if x.startswith("#return code")), 0)
    wanted = [x for x in expected if not x.startswith("#return code")]
    assert proc.returncode == code
    assert (proc.stdout + proc.stderr).rstrip("\n").split("\n") == wanted


def test_trace_of_a_scope_with_inputs_is_refused_before_any_event(tmp_path: Path) -> None:
    """A scope with an `input` cannot run without --input: the usual positioned error, and no trace (nothing was
    evaluated), never an internal error."""
    (tmp_path / "i.catala_en").write_text(
        "```catala\ndeclaration scope T:\n  input x content integer\n  output r content integer\n\nscope T:\n"
        "  definition r equals x\n```\n", encoding="utf-8")
    proc = run(tmp_path, "i.catala_en", "-s", "T", "--trace")
    assert proc.returncode == 123
    assert proc.stdout == ""
    assert "Invalid scope for execution or testing: it defines input variables." in proc.stderr
    assert "├─➤ i.catala_en:2.19-20:" in proc.stderr


def test_trace_json_of_money_in_a_payload_and_a_tuple(tmp_path: Path) -> None:
    """Money keeps its writing wherever it sits, as in the reference runtime, whose values carry their kind
    (runtimes/ocaml: `V (Money, m) -> money_to_string`, an enumeration's payload written by the same function):
    `A content $12.34` → {"A": "12.34"} (not the cents "1234"); in a tuple `($5.00, 7)` the integer stays "7"."""
    (tmp_path / "main.catala_en").write_text(
        "```catala\ndeclaration enumeration E:\n  -- A content money\n  -- B\n\ndeclaration scope S:\n"
        "  output x content E\n  output y content (money, integer)\n\nscope S:\n"
        "  definition x equals A content $12.34\n  definition y equals ($5.00, 7)\n```\n", encoding="utf-8")
    proc = run(tmp_path, "main.catala_en", "-s", "S", "--trace", "--trace-format", "json")
    assert proc.returncode == 0, proc.stderr
    (appel,) = json.loads(proc.stdout.splitlines()[0])
    assert appel["value"] == {"x": {"A": "12.34"}, "y": ["5.00", "7"]}

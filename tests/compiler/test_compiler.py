"""Golden fixtures (expected outputs worked out by hand from the reference rules), determinism of the
generated code, and error exits."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ROOT = HERE.parent.parent
PY = sys.executable


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "catalapy", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONHASHSEED": "random"})


# (fixture, scope, expected file). thin_path: montant = 12 € + (10 € × 2) = 32 € because the exception
# applies (âge 40 ≥ 18); taux = 1/3 printed truncated to 6 digits; |2024-01-31| + 1 jour = |2024-02-01|.
CASES = [
    ("thin_path.catala_fr", "Exemple", "thin_path.expected"),
    ("thin_path.catala_en", "Example", "thin_path.expected_en"),
]


@pytest.mark.parametrize("source,scope,expected", CASES)
def test_golden(source: str, scope: str, expected: str) -> None:
    proc = run("test-scope", scope, str(FIXTURES / source))
    assert proc.returncode == 0, proc.stderr
    exp_path = FIXTURES / expected
    if os.environ.get("UPDATE_GOLDEN"):
        exp_path.write_text(proc.stdout, encoding="utf-8")
    assert proc.stdout == exp_path.read_text(encoding="utf-8")


def test_generation_is_deterministic_across_processes() -> None:
    a = run("python", str(FIXTURES / "thin_path.catala_fr"))
    b = run("python", str(FIXTURES / "thin_path.catala_fr"))
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout


def test_conflict_is_a_positioned_runtime_error() -> None:
    proc = run("test-scope", "C", str(FIXTURES / "conflict.catala_en"))
    assert proc.returncode == 123
    assert "conflict between multiple valid consequences" in proc.stderr
    # both applicable consequences are reported, at their own line.column
    assert "conflict.catala_en:9.56-57" in proc.stderr
    assert "conflict.catala_en:10.56-57" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_variable_is_a_compile_error() -> None:
    src = FIXTURES / "conflict.catala_en"
    bad = HERE / "fixtures" / "_tmp_bad.catala_en"
    bad.write_text(src.read_text().replace("equals 2", "equals y"), encoding="utf-8")
    try:
        proc = run("typecheck", str(bad))
    finally:
        bad.unlink()
    assert proc.returncode == 123
    assert "_tmp_bad.catala_en:10." in proc.stderr

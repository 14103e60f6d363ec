"""Determinism of the generated code, and error exits (the fixtures with their expected outputs are the
```catala-test-cli blocks of golden/, run by test_cli_blocks.py)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
THIN_PATH = HERE / "golden" / "thin_path" / "thin_path.catala_fr"
ROOT = HERE.parent.parent
PY = sys.executable


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "catalapy", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONHASHSEED": "random"})


def test_generation_is_deterministic_across_processes() -> None:
    a = run("python", str(THIN_PATH))
    b = run("python", str(THIN_PATH))
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

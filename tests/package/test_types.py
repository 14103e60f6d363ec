"""`mypy --strict` on the modules listed in pyproject.toml ([tool.mypy] files), as `make typecheck` runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]


def test_mypy_strict() -> None:
    pytest.importorskip("mypy", reason="mypy is pinned in the extra [dev] (make install)")
    execution = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=RACINE, capture_output=True,
                               text=True, timeout=600)
    assert execution.returncode == 0, execution.stdout + execution.stderr
    assert execution.stdout.startswith("Success: no issues found")

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


def test_types_a_jour() -> None:
    """secu_independants/types.py is what `python -m secu_independants.schemas` writes (make generate)."""
    from secu_independants.schemas import texte_types

    assert (RACINE / "secu_independants" / "types.py").read_text(encoding="utf-8") == texte_types()


def test_le_typage_refuse_une_categorie_inconnue(tmp_path: Path) -> None:
    """The TypedDicts carry the enumerations: mypy rejects a misspelt constructor in a user's program."""
    pytest.importorskip("mypy", reason="mypy is pinned in the extra [dev] (make install)")
    programme = tmp_path / "faux.py"
    programme.write_text((RACINE / "tests" / "package" / "exemple_type.py").read_text(encoding="utf-8")
                         .replace('"AchatRevente"', '"AchatReventes"'), encoding="utf-8")
    execution = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                                "--no-incremental", str(programme)], cwd=RACINE, capture_output=True, text=True)
    assert execution.returncode == 1
    assert "AchatReventes" in execution.stdout

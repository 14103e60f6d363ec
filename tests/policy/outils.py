"""Running the installed `secu-independants` command of the project's venv."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
_SCRIPT = Path(sys.executable).parent / "secu-independants"
COMMANDE = [str(_SCRIPT)] if _SCRIPT.exists() else [str(RACINE / ".venv" / "bin" / "secu-independants")]


def lancer_cli(*arguments: str, entree: str | None = None) -> subprocess.CompletedProcess:
    """Run `secu-independants ARGUMENTS` from the repository root; text stdout/stderr."""
    return subprocess.run(
        [*COMMANDE, *arguments], input=entree, capture_output=True, text=True, cwd=RACINE, timeout=120
    )

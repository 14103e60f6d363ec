"""The convention for external modules (ARCHITECTURE.md, "External modules"): the implementation ``m.py`` of
``> Module M externe`` is found beside the module's file or in a folder given with ``-I``, and its absence is a
positioned error naming the expected file (fixtures ``external_module`` and ``external_module_missing`` of
``golden/`` cover the first and the last case; this file covers ``-I``)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parent / "golden" / "external_module"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalapy", *args], capture_output=True, text=True, cwd=cwd)


def test_implementation_found_in_an_include_folder(tmp_path: Path) -> None:
    programs, implementations = tmp_path / "programmes", tmp_path / "implementations"
    programs.mkdir()
    implementations.mkdir()
    shutil.copy(FIXTURE / "main.catala_fr", programs)
    shutil.copy(FIXTURE / "partage.catala_fr", programs)
    shutil.copy(FIXTURE / "partage.py", implementations)
    # 100 € shared by 3: 10 000 // 3 = 3 333 cents (see the fixture's prose)
    done = run(["test-scope", "S", "main.catala_fr", "-I", str(implementations)], programs)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["┌─[RESULT]─ S ─", "│ part = 33,33 €", "│ premier = 1", "└─"]
    missing = run(["test-scope", "S", "main.catala_fr"], programs)
    assert missing.returncode == 123
    assert 'Python implementation "partage.py" of external module Partage not found' in missing.stderr
    assert "partage.catala_fr:1.10-17" in missing.stderr


def words(box: str) -> str:
    """The text of an error box with its frame and line breaks turned into single spaces."""
    return " ".join(box.replace("│", " ").split())


def test_an_incomplete_or_broken_implementation_is_a_positioned_error(tmp_path: Path) -> None:
    shutil.copy(FIXTURE / "main.catala_fr", tmp_path)
    shutil.copy(FIXTURE / "partage.catala_fr", tmp_path)
    # `premier_rang` is declared on line 10 of partage.catala_fr but not defined
    (tmp_path / "partage.py").write_text("def part_égale(total, personnes):\n    return total // personnes\n",
                                          encoding="utf-8")
    done = run(["test-scope", "S", "main.catala_fr"], tmp_path)
    assert done.returncode == 123, done.stderr
    assert 'does not define "premier_rang"' in words(done.stderr) and "partage.catala_fr:10." in done.stderr
    assert "Traceback" not in done.stderr and "Internal error" not in done.stderr
    (tmp_path / "partage.py").write_text("def part_égale(:\n", encoding="utf-8")
    done = run(["test-scope", "S", "main.catala_fr"], tmp_path)
    assert done.returncode == 123, done.stderr
    assert "cannot be loaded (SyntaxError" in words(done.stderr) and "partage.catala_fr:1.10-17" in done.stderr

"""`interpret`/`test-scope` import the generated Python from memory: no file is written, so no shared folder
can hand them code someone else put there (the former cache lived in a world-writable temporary folder and was
imported without any check)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from catalapy import driver

PROGRAM = """# Essai

```catala
déclaration champ d'application A:
  résultat x contenu entier

champ d'application A:
  définition x égal à {value}
```
"""


def _write(folder: Path, value: int) -> Path:
    path = folder / "essai.catala_fr"
    path.write_text(PROGRAM.format(value=value), encoding="utf-8")
    return path


def test_interpret_writes_no_file(tmp_path):
    source_dir, tmp, home = tmp_path / "src", tmp_path / "tmp", tmp_path / "home"
    for d in (source_dir, tmp, home):
        d.mkdir()
    path = _write(source_dir, 6 * 7)
    env = {**os.environ, "TMPDIR": str(tmp), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "catalapy", "interpret", str(path), "-s", "A"], env=env,
                         capture_output=True, text=True, cwd=source_dir, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "x = 42" in run.stdout  # 6 × 7
    assert list(tmp.iterdir()) == [] and list(home.iterdir()) == []
    assert sorted(p.name for p in source_dir.iterdir()) == ["essai.catala_fr"]


def test_modules_come_from_memory_and_programs_do_not_share_them(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = driver.load_program(str(_write(tmp_path / "a", 1)))
    two = driver.load_program(str(_write(tmp_path / "b", 2)))
    m1, m2 = driver.import_program(one), driver.import_program(two)
    assert not hasattr(m1, "__file__") and m1.__spec__.origin == "<catalapy essai.py>"
    assert m1 is not m2
    assert driver.run_scope(one, "A", m1).x == 1 and driver.run_scope(two, "A", m2).x == 2
    assert driver.import_program(one) is m1  # the same sources: the module already imported

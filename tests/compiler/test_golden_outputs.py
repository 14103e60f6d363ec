"""Golden fixtures per language feature, in both dialects (tests/compiler/golden/README.md).

Each `<feature>/<name>.catala_xx` with a sibling `<name>.catala_xx.expected` is run in-process as
`catalapy interpret tests/compiler/golden/<feature>/<name>.catala_xx` from the repository root (so printed
paths are stable); stdout and stderr are captured together, in order, and compared with the expected text.
The expectations were worked out by hand (arithmetic in each source's prose). `UPDATE_GOLDEN=1` rewrites the
expected texts (keeping their header lines) for review with `git diff`; it never creates a missing one."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalapy.cli import run_captured

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
ROOT = HERE.parent.parent


def _fixtures() -> list[Path]:
    return sorted(p for p in GOLDEN.glob("*/*.catala_*")
                  if not p.name.endswith(".expected") and Path(f"{p}.expected").exists())


def _parse_expected(text: str) -> tuple[int, str | None, str, list[str]]:
    """Split an expected file into (exit code, xfail reason, expected output, header lines)."""
    lines = text.splitlines(keepends=True)
    exit_code, xfail, header = 0, None, []
    while lines and lines[0].startswith("#"):
        line = lines.pop(0)
        header.append(line)
        key, _, value = line.rstrip("\n").partition(" ")
        if key == "#exit":
            exit_code = int(value)
        elif key == "#xfail":
            xfail = value.strip() or "known compiler bug"
        else:
            raise ValueError(f"unknown header line {line!r}")
    return exit_code, xfail, "".join(lines), header


def _run(source: Path) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code, output, _ = run_captured(["interpret", source.relative_to(ROOT).as_posix()], merged=True)
    finally:
        os.chdir(cwd)
    return code, output


def _params():
    for src in _fixtures():
        exp = Path(f"{src}.expected")
        _, xfail, _, _ = _parse_expected(exp.read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
        yield pytest.param(src, id=src.relative_to(GOLDEN).as_posix(), marks=marks)


@pytest.mark.parametrize("source", list(_params()))
def test_golden(source: Path) -> None:
    exp_path = Path(f"{source}.expected")
    exit_code, _, expected, header = _parse_expected(exp_path.read_text(encoding="utf-8"))
    code, out = _run(source)
    if os.environ.get("UPDATE_GOLDEN"):
        new_header = [h for h in header if not h.startswith("#exit")]
        if code != 0:
            new_header.insert(0, f"#exit {code}\n")
        exp_path.write_text("".join(new_header) + out, encoding="utf-8")
        return
    assert "Traceback" not in out
    assert (code, out) == (exit_code, expected)


def test_every_feature_has_both_dialects() -> None:
    for folder in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        stems = {p.name.split(".")[0] for p in folder.glob("*.expected")}
        for stem in stems:
            for ext in ("catala_fr", "catala_en"):
                assert (folder / f"{stem}.{ext}.expected").exists(), f"{folder.name}/{stem}.{ext} missing"

"""The compiler's fixtures, in one format with one runner (tests/compiler/golden/README.md).

As in the reference's suite, a Catala file under ``tests/compiler/golden/`` carries its own expectations: each
```` ```catala-test-cli ```` block holds a command line ``$ catala COMMAND ARGS``, then exactly what the command
prints (stderr and stdout together, in the order printed), then ``#return code N#`` when it exits with N ≠ 0.
The command runs on the file itself (its path appended to the arguments, relative to the repository root, which
is the working directory, so that printed paths are stable), in-process through ``catalapy.cli.main``.

Every expectation was worked out by hand (the arithmetic is in each source's prose, the reasons in the
README's list): there is no mode that rewrites them from the program's output.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalapy.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "compiler" / "golden"

_BLOCK = re.compile(r"^```catala-test-cli\n(.*?)^```[ \t]*$", re.M | re.S)
_RETURN = re.compile(r"^#return code (\d+)#$")


@dataclass(frozen=True)
class Block:
    """One ```catala-test-cli block: the command's arguments, the expected output and exit code."""

    file: Path
    line: int
    argv: tuple[str, ...]
    expected: str
    exit_code: int


def blocks_of(path: Path) -> list[Block]:
    """The ```catala-test-cli blocks of a Catala file, in order."""
    text = path.read_text(encoding="utf-8")
    found = []
    for m in _BLOCK.finditer(text):
        lines = m.group(1).splitlines(keepends=True)
        command = lines.pop(0).rstrip("\n")
        if not command.startswith("$ catala "):
            raise ValueError(f"{path}:{text.count(chr(10), 0, m.start()) + 2}: a block starts with '$ catala '")
        exit_code = 0
        if lines and _RETURN.match(lines[-1].rstrip("\n")):
            exit_code = int(_RETURN.match(lines.pop().rstrip("\n")).group(1))
        found.append(Block(path, text.count("\n", 0, m.start()) + 1, tuple(shlex.split(command)[2:]),
                           "".join(lines), exit_code))
    return found


def run(block: Block) -> tuple[int, str]:
    """Run the block's command on its file from the repository root: (exit code, stderr and stdout)."""
    buf = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
            code = main([*block.argv, block.file.relative_to(ROOT).as_posix()])
    finally:
        os.chdir(cwd)
    return code, buf.getvalue()


def _sources() -> list[Path]:
    return sorted(p for p in GOLDEN.rglob("*.catala_*") if p.suffix in (".catala_fr", ".catala_en", ".catala_pl"))


BLOCKS = [b for p in _sources() for b in blocks_of(p)]


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{b.file.relative_to(GOLDEN).as_posix()}:{b.line}" for b in BLOCKS])
def test_cli_block(block: Block) -> None:
    code, out = run(block)
    assert "Traceback" not in out
    assert (code, out) == (block.exit_code, block.expected)


def test_every_feature_folder_has_a_test() -> None:
    """No fixture folder without a block (a module used by another file may have none)."""
    folders = {p.parent for p in _sources()}
    assert folders == {b.file.parent for b in BLOCKS}
    assert len(BLOCKS) >= 70


def test_every_language_feature_in_both_dialects() -> None:
    """The per-feature programs exist in French and in English, each with its block."""
    with_blocks = {b.file for b in BLOCKS}
    for folder in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        stem = folder / folder.name
        if Path(f"{stem}.catala_en") in with_blocks or Path(f"{stem}.catala_fr") in with_blocks:
            assert {Path(f"{stem}.catala_en"), Path(f"{stem}.catala_fr")} <= with_blocks, folder.name


def test_the_block_reader(tmp_path) -> None:
    """A block's output may be empty; the return code line is optional and read only as the last line."""
    f = tmp_path / "x.catala_en"
    f.write_text("# T\n\n```catala-test-cli\n$ catala typecheck --no-stdlib\n┌─[ERROR]─\n#return code 123#\n```\n"
                 "```catala-test-cli\n$ catala test-scope 'A B'\n```\n", encoding="utf-8")
    a, b = blocks_of(f)
    assert (a.line, a.argv, a.expected, a.exit_code) == (3, ("typecheck", "--no-stdlib"), "┌─[ERROR]─\n", 123)
    assert (b.argv, b.expected, b.exit_code) == (("test-scope", "A B"), "", 0)

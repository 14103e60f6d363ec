#!/usr/bin/env python3
"""Replay the reference Catala test suite against catalapy and print the figures per folder.

The reference suite (``tests/`` of CatalaLang/catala, fetched and exported OUTSIDE this repository) stores,
next to each program, ```catala-test-cli blocks: a ``$ catala CMD ARGS`` line followed by what the reference
compiler prints. This script replays the commands catalapy implements:

- ``test-scope S`` / ``interpret -s S``: a block expecting a result must match byte for byte, warnings
  included (from the first ``┌─[RESULT]`` or ``┌─[WARNING]`` line on, stderr then stdout, trailing spaces
  trimmed, blank lines ignored);
  a block expecting an error must exit non-zero with a positioned message (``file:line.column``);
- ``interpret -s S --trace [-O] [--trace-format json]``: the whole output must match byte for byte (the
  trace on stdout, then the result box, or the error box on stderr; trailing spaces trimmed, blank lines
  ignored), and the exit code (0, or the block's ``#return code``);
- ``typecheck`` / ``Typecheck``: good files must be accepted, files the reference rejects must be rejected
  with a positioned message.

Every run gets ``-I bench/externals``: our Python implementations of the suite's external modules (the reference
ships OCaml ones beside them).

Commands run in-process through ``catalapy.cli.run_captured`` (one Python process for the whole suite: this is what
``make bench`` times), with the working directory set to the parent of the suite folder so that paths print as
the reference prints them (``tests/money/good/simple.catala_fr``). ``--subprocess`` runs one process per block
instead, as a user would.

Also counted: the blocks expecting an error whose whole text is identical to the reference's (``--errors``
shows the others).

Usage: ``python bench/conformance.py SUITE_DIR [--only SUBSTR] [-v] [--errors] [--json OUT] [--subprocess]``
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

POSITIONED = re.compile(r"[\w./-]+\.catala_(?:en|fr|pl):\d+")

#: our Python implementations of the suite's external modules (the reference ships OCaml ones beside them),
#: given to every run with -I, as a user gives the folder of an external module's implementation
EXTERNALS = str(Path(__file__).resolve().parent / "externals")


@dataclass
class Block:
    file: Path
    argv: list[str]
    expected: list[str]

    @property
    def expects_error(self) -> bool:
        return any("[ERROR]" in line or line.startswith("#return code") for line in self.expected)


@dataclass
class Score:
    ok: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, label: str) -> None:
        self.total += 1
        if ok:
            self.ok += 1
        else:
            self.failures.append(label)

    def __str__(self) -> str:
        pct = 100.0 * self.ok / self.total if self.total else 0.0
        return f"{self.ok:4d}/{self.total:<4d} {pct:5.1f} %"


def read_blocks(path: Path) -> list[Block]:
    """The ```catala-test-cli blocks of one suite file."""
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    inside = False
    current: Block | None = None
    for line in lines:
        if not inside:
            inside = line.strip() == "```catala-test-cli"
            current = None
            continue
        if line.startswith("```"):
            inside = False
            continue
        if line.startswith("$ catala "):
            current = Block(path, line[2:].split()[1:], [])  # split on spaces, as the reference (JSON keeps its quotes)
            blocks.append(current)
        elif current is not None:
            current.expected.append(line.rstrip())
    return blocks


def from_first_box(lines: list[str]) -> list[str]:
    """The non-blank lines from the first RESULT or WARNING box on (what a result block of the suite shows)."""
    for k, line in enumerate(lines):
        if line.startswith(("┌─[RESULT]", "┌─[WARNING]")):
            return [x.rstrip() for x in lines[k:] if x.strip()]
    return [x.rstrip() for x in lines if x.strip()]


def run_in_process(argv: list[str]) -> tuple[int, str, str]:
    from catalapy.cli import run_captured

    try:
        return run_captured(argv)
    except BaseException as crash:  # noqa: BLE001 - a crash is a failed block, not a harness crash
        return 125, "", f"internal crash: {crash!r}\n"


def run_subprocess(argv: list[str]) -> tuple[int, str, str]:
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "catalapy", *argv], capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        return 124, "", "timeout"
    return proc.returncode, proc.stdout, proc.stderr


#: flags of test-scope / interpret that catalapy implements, passed through (those taking a value: True)
PASSED_FLAGS = {"--input": True, "-F": True, "--output-format": True, "-O": False, "--optimize": False,
                "--lcalc": False, "--closure-conversion": False, "--disable-warnings": False,
                "--no-fail-on-assert": False, "--message-format=gnu": False, "--trace": False,
                "--trace-format": True}


def scope_run_verb(block: Block) -> str | None:
    """"test-scope" or "interpret" for the blocks that run a scope (what the "all ..." figures count)."""
    verb = block.argv[0].lower() if block.argv else None
    return verb if verb in ("test-scope", "interpret") else None


def catalapy_argv(block: Block, rel: str) -> tuple[str, list[str]] | None:
    """Map a reference command line to (kind, catalapy argv), or None when catalapy does not implement it."""
    cmd = [a for a in block.argv if not a.startswith("--check-invariants")]
    if not cmd:
        return None
    verb = cmd[0].lower()
    if verb in ("test-scope", "interpret"):
        flags: list[str] = []
        rest: list[str] = []
        args = iter(cmd[1:])
        for a in args:
            if a in PASSED_FLAGS:
                flags.append(a)
                if PASSED_FLAGS[a]:
                    value = next(args, None)
                    if value is None:
                        return None
                    flags.append(value)
            elif a.startswith("-") and a != "-s":
                return None  # --trace, --debug, ...: not implemented
            else:
                rest.append(a)
        flags += ["-I", EXTERNALS]
        if "--trace" in flags:
            if verb == "interpret" and len(rest) == 2 and rest[0] == "-s":
                return "trace", ["interpret", rel, "-s", rest[1], *flags]
            return None
        if verb == "test-scope" and len(rest) == 1:
            return "scope", ["test-scope", rest[0], rel, *flags]
        if verb == "interpret":
            if rest == []:
                return "scope", ["interpret", rel, *flags]
            if len(rest) == 2 and rest[0] == "-s":
                return "scope", ["test-scope", rest[1], rel, *flags]
        return None
    if any(a.startswith(("--trace", "-t", "--debug", "-F", "--message-format", "--input")) for a in cmd[1:]):
        return None
    if verb == "typecheck" and len(cmd) == 1:
        return "typecheck", ["typecheck", rel]
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite", help="the exported tests/ folder of the reference repository")
    ap.add_argument("--only", default="", help="only files whose path contains this text")
    ap.add_argument("--json", help="write the detailed figures to this file")
    ap.add_argument("--subprocess", action="store_true", help="one process per block")
    ap.add_argument("-v", "--verbose", action="store_true", help="show each difference")
    ap.add_argument("--errors", action="store_true", help="show each error block whose text differs")
    args = ap.parse_args()

    suite = Path(args.suite).resolve()
    if not suite.is_dir():
        print(f"conformance: {suite} is not a folder", file=sys.stderr)
        return 2
    runner = run_subprocess if args.subprocess else run_in_process
    repo_root = str(Path(__file__).resolve().parent.parent)
    if repo_root not in sys.path:
        sys.path.insert(0, repo_root)
    os.chdir(suite.parent)

    scope_exact: dict[str, Score] = defaultdict(Score)
    scope_error: dict[str, Score] = defaultdict(Score)
    tc_good: dict[str, Score] = defaultdict(Score)
    tc_bad: dict[str, Score] = defaultdict(Score)
    good_files: dict[str, Score] = defaultdict(Score)
    all_scope: dict[str, Score] = defaultdict(Score)  # every test-scope result block, not replayed = failed
    all_runs = Score()  # every test-scope or interpret result block, not replayed = failed
    error_text = Score()  # every block expecting an error: whole text identical (not replayed = different)
    traces = Score()  # interpret --trace blocks (results and errors), whole output
    skipped = 0
    started = time.perf_counter()
    for path in sorted(suite.rglob("*.catala_*")):
        rel = str(path.relative_to(suite.parent))
        if args.only not in rel:
            continue
        folder = path.relative_to(suite).parts[0]
        if "/good/" in rel:
            code, _, _ = runner(["typecheck", rel])
            good_files[folder].add(code == 0, rel)
        for block in read_blocks(path):
            mapped = catalapy_argv(block, rel)
            label = f"{rel} :: {' '.join(block.argv)}"
            verb = None if block.expects_error else scope_run_verb(block)
            if mapped is None:
                if block.expects_error:
                    error_text.add(False, label + " (not replayed)")
                skipped += 1
                if verb == "test-scope":
                    all_scope[folder].add(False, label + " (not replayed)")
                if verb:
                    all_runs.add(False, label + " (not replayed)")
                continue
            kind, argv = mapped
            code, out, err = runner(argv)
            if kind == "trace":
                expected_code = next((int(x.split()[2].rstrip("#")) for x in block.expected
                                      if x.startswith("#return code")), 0)
                shown = [x.rstrip() for x in out.splitlines() + err.splitlines() if x.strip()]
                ok = code == expected_code and shown == [
                    x for x in block.expected if x.strip() and not x.startswith("#return code")]
                traces.add(ok, label)
                if verb:
                    all_runs.add(ok, label)
            elif block.expects_error:
                # positioned, or (messages without a position, e.g. invalid JSON input) exactly the expected box
                exact = [x.rstrip() for x in (err + out).splitlines() if x.strip()] == [
                    x for x in block.expected if x.strip() and not x.startswith("#return code")]
                ok = code != 0 and (bool(POSITIONED.search(err + out)) or exact)
                (scope_error if kind == "scope" else tc_bad)[folder].add(ok, label)
                error_text.add(code != 0 and exact, label)
                if args.errors and code != 0 and not exact:
                    print(f"--- {label} (exit {code}): error text differs")
                    print("expected:", *block.expected, sep="\n  ")
                    print("got:", *(err + out).splitlines()[:40], sep="\n  ")
            elif kind == "scope":
                # Warnings go to stderr before the result (as the reference prints them): compare both.
                shown = from_first_box(err.splitlines() + out.splitlines())
                ok = code == 0 and shown == [x for x in block.expected if x.strip()]
                scope_exact[folder].add(ok, label)
                if verb == "test-scope":
                    all_scope[folder].add(ok, label)
                if verb:
                    all_runs.add(ok, label)
            else:
                ok = code == 0
                tc_good[folder].add(ok, label)
            if args.verbose and not ok:
                print(f"--- {label} (exit {code})")
                print("expected:", *block.expected, sep="\n  ")
                print("got:", *(out + err).splitlines()[:30], sep="\n  ")
    elapsed = time.perf_counter() - started

    def total(table: dict[str, Score]) -> Score:
        agg = Score()
        for s in table.values():
            agg.ok += s.ok
            agg.total += s.total
            agg.failures += s.failures
        return agg

    folders = sorted(set(scope_exact) | set(scope_error) | set(tc_good) | set(tc_bad) | set(all_scope))
    print(f"{'folder':<18} {'test-scope exact':>18} {'errors non-zero':>18} {'good typecheck':>18} "
          f"{'bad rejected':>18} {'good/ files typecheck':>22} {'all test-scope':>18}")
    folders = sorted(set(folders) | set(good_files))
    for f in folders:
        print(f"{f:<18} {scope_exact[f]!s:>18} {scope_error[f]!s:>18} {tc_good[f]!s:>18} {tc_bad[f]!s:>18} "
              f"{good_files[f]!s:>22} {all_scope[f]!s:>18}")
    print(f"{'TOTAL':<18} {total(scope_exact)!s:>18} {total(scope_error)!s:>18} {total(tc_good)!s:>18} "
          f"{total(tc_bad)!s:>18} {total(good_files)!s:>22} {total(all_scope)!s:>18}")
    print("all test-scope: every test-scope block of the suite expecting a result, those not replayed counted as "
          "failures")
    print(f"every test-scope or interpret block expecting a result, likewise: {all_runs}")
    print(f"blocks expecting an error whose whole text (stderr and stdout, blank lines dropped) is identical: "
          f"{error_text}")
    print(f"interpret --trace blocks identical (whole output and exit code): {traces}")
    print(f"blocks not replayed (other commands or flags): {skipped}; time {elapsed:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({
            name: {"ok": total(t).ok, "total": total(t).total, "failures": total(t).failures}
            for name, t in [("scope_exact", scope_exact), ("scope_error", scope_error),
                            ("typecheck_good", tc_good), ("typecheck_bad", tc_bad),
                            ("good_files_typecheck", good_files), ("all_scope", all_scope),
                            ("all_scope_and_interpret", {"": all_runs}), ("error_text", {"": error_text}),
                            ("trace", {"": traces})]
        }, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

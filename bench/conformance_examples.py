#!/usr/bin/env python3
"""Run every ``#[test]`` scope of CatalaLang/catala-examples with catalapy and report pass/fail per scope.

catala-examples (fetched and exported OUTSIDE this repository) holds real programs (allocations familiales,
aides au logement, prestations familiales, droit des successions, BCAE7, US tax code, NSW gaming, Polish taxes,
impôt sur le revenu, ...) and their ``#[test]`` scopes. For each such scope this script runs
``catalapy test-scope SCOPE FILE -I <each include_dirs of clerk.toml>`` (in-process, working directory the
examples folder, as ``clerk test`` does) and counts the scope as passed when it exits 0 (every assertion holds)
and, when the file has a ``catala-test-cli`` block ``$ catala test-scope SCOPE``, when the output is the
block's text (stdout and stderr from the first RESULT or WARNING box on, as ``bench/conformance.py``).

The figure of issue 11 is over the seven programs that need no external module written only in OCaml
(``Oracle``: impôt sur le revenu, aide fibre, FONPEPS) and no Polish: the line "programs of issue 11" gives it;
the line "all" counts every ``#[test]`` scope found.

Usage: ``python bench/conformance_examples.py EXAMPLES_DIR [--only SUBSTR] [-v] [--json OUT]``
(``make conformance-examples EXAMPLES=/path/to/catala-examples``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "bench"))

from conformance import PASSED_FLAGS, from_first_box, read_blocks, run_in_process  # noqa: E402

#: the line after ``#[test]``: a scope declaration in one of the three dialects
TEST_SCOPE = re.compile(r"^#\[test\]\s*\n\s*(?:declaration scope|déclaration champ d'application|deklaracja zakres)"
                        r"\s+([^\s:]+)\s*:", re.MULTILINE)

#: the programs counted by issue 11 (those that need no OCaml-only external module, and no Polish)
PROGRAMS_OF_THE_ISSUE = ("allocations_familiales", "aides_logement", "prestations_familiales", "droit_successions",
                         "asp/bcae7", "us_tax_code", "NSW_community_gaming")


@dataclass
class Outcome:
    file: str
    scope: str
    ok: bool
    reason: str


def include_dirs(examples: Path) -> list[str]:
    """The include folders of the examples' clerk.toml (``[project] include_dirs``), as ``clerk test`` uses them."""
    return tomllib.loads((examples / "clerk.toml").read_text(encoding="utf-8")).get("project", {}).get("include_dirs", [])


def test_scopes(path: Path) -> list[str]:
    return TEST_SCOPE.findall(path.read_text(encoding="utf-8"))


def first_message(text: str) -> str:
    """The first line of an error box's message (what a person reads first), for the report."""
    lines = [ln.strip("│ ").strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith(("┌", "└", "├", "‾")) and not re.match(r"^\d+\s*│", ln)]
    return " ".join(lines[:2])[:160] if lines else "(no message)"


def run_scope(rel: str, scope: str, includes: list[str], block: tuple[list[str], list[str]] | None) -> Outcome:
    """Run one scope; ``block`` is (flags, expected lines) of the file's ``$ catala test-scope SCOPE`` block."""
    flags, expected = block if block is not None else ([], None)
    argv = ["test-scope", scope, rel, *(f for f in flags if f in PASSED_FLAGS)]
    for d in includes:
        argv += ["-I", d]
    code, out, err = run_in_process(argv)
    if code != 0:
        return Outcome(rel, scope, False, f"exit {code}: {first_message(err + out)}")
    if expected is not None:
        shown = from_first_box(err.splitlines() + out.splitlines())
        if shown != [x for x in expected if x.strip()]:
            return Outcome(rel, scope, False, "output differs from the file's catala-test-cli block")
    return Outcome(rel, scope, True, "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("examples", nargs="?", default=os.environ.get("CATALA_EXAMPLES") or None,
                    help="the exported catala-examples folder (else $CATALA_EXAMPLES)")
    ap.add_argument("--only", default="", help="only files whose path contains this text")
    ap.add_argument("--json", help="write the outcome of every scope to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list the scopes that pass")
    args = ap.parse_args()

    if not args.examples:
        print("conformance-examples: no catala-examples folder given (make conformance-examples "
              "EXAMPLES=/path/to/catala-examples, or $CATALA_EXAMPLES)", file=sys.stderr)
        return 2
    examples = Path(args.examples).resolve()
    clerk = examples / "clerk.toml"
    if not examples.is_dir() or not clerk.is_file():
        print(f"conformance-examples: {examples} is not a catala-examples folder (no clerk.toml)", file=sys.stderr)
        return 2
    includes = include_dirs(examples)
    os.chdir(examples)
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    for path in sorted(examples.rglob("*.catala_*")):
        rel = str(path.relative_to(examples))
        if args.only not in rel:
            continue
        scopes = test_scopes(path)
        if not scopes:
            continue
        blocks = {b.argv[1]: (b.argv[2:], b.expected) for b in read_blocks(path)
                  if len(b.argv) >= 2 and b.argv[0] == "test-scope" and not b.expects_error}
        for scope in scopes:
            outcome = run_scope(rel, scope, includes, blocks.get(scope))
            outcomes.append(outcome)
            if args.verbose or not outcome.ok:
                print(f"{'PASS' if outcome.ok else 'FAIL'} {rel} :: {scope}" + (f" — {outcome.reason}"
                                                                                if outcome.reason else ""))
    elapsed = time.perf_counter() - started

    def figure(selected: list[Outcome]) -> str:
        return f"{sum(o.ok for o in selected)}/{len(selected)}"

    of_issue = [o for o in outcomes if o.file.startswith(tuple(p + "/" for p in PROGRAMS_OF_THE_ISSUE))]
    print(f"programs of issue 11 ({', '.join(PROGRAMS_OF_THE_ISSUE)}): {figure(of_issue)} #[test] scopes pass")
    print(f"all #[test] scopes found: {figure(outcomes)}; time {elapsed:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps([o.__dict__ for o in outcomes], indent=1, ensure_ascii=False),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

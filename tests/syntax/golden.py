"""Golden-file helpers shared by the syntax tests: render a fixture's parse result or its error(s)."""
from __future__ import annotations

import os
import sys

import pytest

from catalapy.errors import CatalaError
from catalapy.syntax.dump import dump_source_file
from catalapy.syntax.parser import parse_file

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def render_errors(err: CatalaError) -> str:
    out = []
    for e in getattr(err, "errors", [err]):
        out.append(str(e))
        if e.suggestion:
            out.append(f"suggestion: {e.suggestion}")
    return "\n".join(out) + "\n"


def render(name: str) -> str:
    """Parse ``fixtures/<name>`` (paths in positions relative to the fixtures folder)."""
    cwd = os.getcwd()
    os.chdir(FIXTURES)
    try:
        return dump_source_file(parse_file(name))
    except CatalaError as err:
        return "ERROR\n" + render_errors(err)
    finally:
        os.chdir(cwd)


def check(name: str, expected_path: str) -> None:
    """Compare the rendering of ``fixtures/<name>`` with the expectation file; never writes it. A missing
    expectation fails: write it, reviewed line by line (``python tests/syntax/golden.py <name>`` prints the
    parser's current rendering)."""
    if not os.path.exists(expected_path):
        pytest.fail(f"{name}: expectation file {expected_path} is missing; write it, reviewed line by line "
                    f"(`python tests/syntax/golden.py {name}` prints the current rendering)", pytrace=False)
    actual = render(name)
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read()
    assert actual == expected, (f"{name}: AST dump differs from {expected_path} (if the change is wanted, edit "
                                f"the expectation by hand and say why in the commit)")


if __name__ == "__main__":  # print a fixture's rendering, to review before writing an expectation by hand
    sys.stdout.write(render(sys.argv[1]))

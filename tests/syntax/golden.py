"""Golden-file helpers shared by the syntax tests: render a fixture's parse result or its error(s)."""
from __future__ import annotations

import os

from catalapy.errors import CatalaError
from catalapy.syntax.dump import dump_source_file
from catalapy.syntax.parser import parse_file

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


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
    actual = render(name)
    if UPDATE or not os.path.exists(expected_path):
        with open(expected_path, "w", encoding="utf-8") as f:
            f.write(actual)
        if not UPDATE:
            raise AssertionError(f"{expected_path} did not exist: written, review it and rerun")
        return
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read()
    assert actual == expected, f"{name}: AST dump differs from {expected_path} (UPDATE_GOLDEN=1 to rewrite)"

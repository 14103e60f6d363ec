"""Golden tests of the parser's output: each ``fixtures/<feature>.catala_fr|en`` parses to the AST dump in
``<feature>.<ext>.ast.txt`` (a structure no command prints, hence not a ```catala-test-cli block). Syntax errors
are compiler fixtures (tests/compiler/golden/syntax_errors/, `$ catala typecheck` blocks), except
``fixtures/errors/unclosed_block``: a file that ends inside a code block cannot carry a block after it; its
messages are in ``unclosed_block.fr.err.txt``.

The tests only read the expectations: a missing one fails (``python tests/syntax/golden.py <fixture>`` prints
the parser's rendering, to review before writing the file by hand).
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from golden import FIXTURES, check  # noqa: E402

SOURCES = sorted(f for f in os.listdir(FIXTURES) if f.endswith((".catala_fr", ".catala_en")))
ERRORS = sorted(f for f in os.listdir(os.path.join(FIXTURES, "errors")) if f.endswith((".catala_fr", ".catala_en")))


@pytest.mark.parametrize("name", SOURCES)
def test_ast_golden(name):
    check(name, os.path.join(FIXTURES, name.replace(".catala_", ".") + ".ast.txt"))


@pytest.mark.parametrize("name", ERRORS)
def test_error_golden(name):
    check("errors/" + name, os.path.join(FIXTURES, "errors", name.replace(".catala_", ".") + ".err.txt"))

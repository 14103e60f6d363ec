"""The golden checker of tests/syntax/golden.py only reads expectations: a missing one fails and stays missing."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from golden import check  # noqa: E402


def test_a_missing_expectation_fails_and_is_not_written(tmp_path):
    missing = tmp_path / "declarations.en.ast.txt"
    with pytest.raises(pytest.fail.Exception, match="expectation file .* is missing"):
        check("declarations.catala_en", str(missing))
    assert not missing.exists()


def test_a_different_expectation_fails(tmp_path):
    wrong = tmp_path / "declarations.en.ast.txt"
    wrong.write_text("not the dump\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="AST dump differs"):
        check("declarations.catala_en", str(wrong))
    assert wrong.read_text(encoding="utf-8") == "not the dump\n"

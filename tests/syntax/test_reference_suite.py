"""Every ``.catala_*`` file under a ``/good/`` folder of the reference test suite parses without error."""
import glob
import os

import pytest

from catalapy.errors import CatalaError
from catalapy.syntax.parser import parse_file

# The reference suite is not part of the repository: `CATALA_SUITE=/path/to/catala/tests make test`.
SUITE = os.environ.get("CATALA_SUITE", "")
GOOD = sorted(f for f in glob.glob(os.path.join(SUITE, "**", "*.catala_*"), recursive=True) if "/good/" in f) if SUITE else []


@pytest.mark.skipif(not GOOD, reason="reference Catala suite not given (set CATALA_SUITE to its tests/ folder; it is not distributed with this repository)")
def test_all_good_files_parse():
    failures = []
    for path in GOOD:
        try:
            parse_file(path)
        except CatalaError as err:
            failures.append(f"{path}: {err}")
    assert not failures, f"{len(failures)}/{len(GOOD)} good files fail to parse:\n" + "\n".join(failures)


PARSING_BAD = os.path.join(SUITE, "parsing", "bad") if SUITE else ""


@pytest.mark.skipif(not os.path.isdir(PARSING_BAD), reason="reference Catala suite not given (set CATALA_SUITE to its tests/ folder; it is not distributed with this repository)")
@pytest.mark.parametrize("name, expected", [
    # (file, [(line.columns, text after 'Syntax error at', suggestion)]) from the suite's expected outputs
    ("single_error.catala_en", [("5.12-20", '"contents"', "content")]),
    ("multiple_errors.catala_en", [("12.3-13", '"definitoin"', "definition"), ("16.16-21", '"equal"', "equals")]),
    ("unrecoverable_error.catala_en", [("10.13-14", '"x"', "all"), ("24", '"some"', "scope")]),
])
def test_reference_syntax_errors(name, expected):
    with pytest.raises(CatalaError) as info:
        parse_file(os.path.join(PARSING_BAD, name))
    errors = getattr(info.value, "errors", [info.value])
    got = [(e.positions[0][0].range_text(), e.message.split(":")[0].removeprefix("Syntax error at "), e.suggestion)
           for e in errors]
    assert got == expected

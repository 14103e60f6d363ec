"""The "Multiple conflicting definitions" warning: sibling rules (same exception level) of one variable with the
same condition and different consequences always conflict when that condition holds. The positions shown are
the conditions, or the defined name for a rule without condition; columns below are counted by hand
(1-based, end exclusive) on the sources written here."""
from __future__ import annotations

import re
from pathlib import Path

from catalapy.cli import run_captured

WARNING = "Multiple conflicting definitions:"


def run(tmp_path: Path, source: str, *flags: str) -> tuple[int, str]:
    path = tmp_path / "prog.catala_en"
    path.write_text(source, encoding="utf-8")
    code, out, err = run_captured(["test-scope", "A", str(path), *flags])
    return code, err + out


def pointed(text: str) -> list[str]:
    """The ``line.columns`` of each position box of the output, in order."""
    return re.findall(r"├─➤ .*prog\.catala_en:([\d.-]+):", text)


SAME_CONDITION = """\
```catala
#[test]
declaration scope A:
  input c content boolean
  output b content integer

scope A:
  definition c equals false
  definition b under condition c consequence equals 1
  definition b under condition c consequence equals 2
  definition b under condition not c consequence equals 3
```
"""


def test_same_condition_different_consequences_warns_at_both_conditions(tmp_path: Path) -> None:
    # Line 9 "  definition b under condition c consequence equals 1": `c` is column 32 (2 spaces + 29
    # characters before it), so 9.32-33; the same on line 10. c = false so no rule conflicts at runtime:
    # b = 3 from the third rule, whose condition (`not c`, 11.32-37) differs.
    code, text = run(tmp_path, SAME_CONDITION.replace("input c", "internal c"))
    assert code == 0, text
    assert text.count(WARNING) == 1
    assert "these have the same conditions and will always trigger a conflict at runtime." in text
    assert pointed(text) == ["9.32-33", "10.32-33"]
    assert "│ b = 3" in text


def test_gnu_format_shows_the_first_condition(tmp_path: Path) -> None:
    code, text = run(tmp_path, SAME_CONDITION.replace("input c", "internal c"), "--message-format=gnu")
    assert code == 0, text
    assert re.search(r"prog\.catala_en:9\.32-33: \[WARNING\] Multiple conflicting definitions: these have the "
                     r"same conditions and will always trigger a conflict at runtime\.", text), text


UNCONDITIONAL_EXCEPTIONS = """\
```catala
#[test]
declaration scope A:
  output x content integer

scope A:
  label base_x
  definition x equals 0

  exception base_x
  definition x equals 1

  exception base_x
  definition x equals 2
```
"""


def test_unconditional_sibling_exceptions_point_at_the_defined_name(tmp_path: Path) -> None:
    # The two exceptions to base_x (lines 11 and 14, "  definition x equals …": x at column 14) have no
    # condition: both always apply, so the run stops on the conflict (exit 123) after the warning.
    code, text = run(tmp_path, UNCONDITIONAL_EXCEPTIONS)
    assert code == 123
    assert text.count(WARNING) == 1
    assert pointed(text)[:2] == ["11.14-15", "14.14-15"]


def test_sub_scope_input_points_at_the_qualified_name(tmp_path: Path) -> None:
    # "  definition sub.i equals 1" (lines 14 and 15): `sub.i` spans columns 14-19. (The sub-scope itself is
    # reported first as unused, A having no output: only the boxes after the conflict message are checked.)
    source = """\
```catala
declaration scope B:
  input i content integer
  output o content integer

scope B:
  definition o equals i

#[test]
declaration scope A:
  sub scope B

scope A:
  definition sub.i equals 1
  definition sub.i equals 2
```
"""
    _, text = run(tmp_path, source)
    assert text.count(WARNING) == 1
    assert pointed(text.split(WARNING, 1)[1])[:2] == ["14.14-19", "15.14-19"]


def test_no_warning_for_different_levels_or_identical_consequences(tmp_path: Path) -> None:
    # Same condition `c` at two levels (base rule and its exception): the exception wins, no conflict;
    # same condition and same consequence (merged, the "identical justifications" warning instead);
    # different conditions (`c` / `not c`). With c = true: y = 5 (exception), z = 7.
    source = """\
```catala
#[test]
declaration scope A:
  internal c content boolean
  output y content integer
  output z content integer
  output w content integer

scope A:
  definition c equals true
  label base_y
  definition y under condition c consequence equals 4
  exception base_y
  definition y under condition c consequence equals 5
  definition z under condition c consequence equals 7
  definition z under condition c consequence equals 7
  definition w under condition c consequence equals 8
  definition w under condition not c consequence equals 9
```
"""
    code, text = run(tmp_path, source)
    assert code == 0, text
    assert WARNING not in text
    assert "identical justifications and consequences" in text
    assert "│ y = 5" in text and "│ z = 7" in text and "│ w = 8" in text

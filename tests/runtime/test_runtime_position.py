"""SourcePosition formatting (reference §6.3 "Position format")."""

from catalapy.runtime import SourcePosition


def pos(l1, c1, l2, c2):
    return SourcePosition("f.catala_fr", l1, c1, l2, c2, ())


def test_single_line_range():
    # tests/default/bad/empty.catala_en prints "6.10-11" for `y` at columns 10..11
    assert str(pos(6, 10, 6, 11)) == "f.catala_fr:6.10-11"


def test_multi_line_range():
    assert str(pos(3, 5, 7, 2)) == "f.catala_fr:3.5-7.2"


def test_column_one_prints_lines_only():
    assert str(pos(24, 1, 24, 30)) == "f.catala_fr:24"
    assert str(pos(24, 1, 26, 4)) == "f.catala_fr:24-26"


def test_empty_range():
    assert str(pos(12, 7, 12, 7)) == "f.catala_fr:12.7"


def test_frozen_and_hashable():
    p = pos(1, 2, 1, 3)
    assert {p: 1}[pos(1, 2, 1, 3)] == 1

"""The one operator table (catalapy/operators.py): signatures as the reference's operator table gives them
(`shared_ast/operator.mli` and the language reference §3.4), each overloaded operator resolved on its kinds."""
from __future__ import annotations

import pytest

from catalapy.operators import NAMES, RESOLUTIONS, TABLE, Operator as O

# (overloaded, operand kinds) → (resolved, result kind), written from the language reference's table
SIGNATURES = [
    (O.ADD, ("money", "money"), O.ADD_MON_MON, "money"),
    (O.ADD, ("date", "dur"), O.ADD_DAT_DUR, "date"),
    (O.SUB, ("date", "date"), O.SUB_DAT_DAT, "dur"),
    (O.MULT, ("money", "dec"), O.MULT_MON_RAT, "money"),
    (O.DIV, ("int", "int"), O.DIV_INT_INT, "dec"),  # integer division gives a decimal
    (O.DIV, ("money", "money"), O.DIV_MON_MON, "dec"),
    (O.DIV, ("dur", "dur"), O.DIV_DUR_DUR, "dec"),
    (O.MINUS, ("dur",), O.MINUS_DUR, "dur"),
    (O.TO_MONEY, ("dec",), O.TO_MONEY_RAT, "money"),
    (O.ROUND, ("money",), O.ROUND_MON, "money"),
]


@pytest.mark.parametrize(("overload", "kinds", "resolved", "result"), SIGNATURES)
def test_resolution(overload, kinds, resolved, result) -> None:
    assert RESOLUTIONS[(overload, *kinds)] is resolved
    assert TABLE[resolved].result == result


def test_no_resolution_outside_the_table() -> None:
    # money × money and date + date are not defined in the language
    assert (O.MULT, "money", "money") not in RESOLUTIONS
    assert (O.ADD, "date", "date") not in RESOLUTIONS


def test_every_operator_is_either_written_or_resolved() -> None:
    overloaded = {r.overload for r in TABLE.values()}
    assert set(O) == overloaded | set(TABLE)
    assert all(TABLE[r.overload].overload is r.overload for r in TABLE.values() if r.overload in TABLE)


def test_names_in_messages_are_the_written_operators() -> None:
    # the reference's messages name `-x` and `x - y` alike, and every resolution by its overloaded operator
    assert NAMES[O.MINUS] == NAMES[O.MINUS_MON] == NAMES[O.SUB_MON_MON] == "-"
    assert NAMES[O.LTE_DUR] == "<="
    assert O.DIV_MON_INT.name_in_messages == "/"


def test_division_can_fail_and_integer_addition_cannot() -> None:
    assert not TABLE[O.DIV_INT_INT].total and TABLE[O.DIV_INT_INT].python.position == "right"
    assert TABLE[O.ADD_INT_INT].total

"""The operators of the language: one enumeration, one table.

As in the reference (`shared_ast/operator.ml`), an operator is either *overloaded*, as written in the source
(`+`, `<`, `entier de`), and built by desugaring, or *resolved* on the kinds of its operands (`+` on money and
money), chosen by typing: ``Op.op`` holds the first, ``Op.kind`` the second. Operators that are not overloaded
(`et`, `non`, `++`) are their own resolution.

`TABLE` gives each resolved operator its signature (operand kinds → result kind, what typing checks), its
Python form (what the backend prints) and whether it can fail; `NAMES` gives every operator the name the
reference's messages use. Kinds are the primitive types' short names (``int``, ``dec``, ``money``, ``dur``,
``date``, ``bool``), ``list`` for any list, ``native`` for the types Python compares with its own operators
(integers, decimals, money, dates, booleans and enumerations without payloads) and ``any`` for the others.

The members are strings (`str` enumeration): their values are the spelling the IR dumps show, and a member
equals its value, so that code still comparing with the strings keeps working while it moves to the members.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Operator(str, enum.Enum):
    # overloaded, as written (resolved by typing)
    ADD = "+"
    SUB = "-"
    MULT = "*"
    DIV = "/"
    MINUS = "neg"
    EQ = "="
    LT = "<"
    LTE = "<="
    GT = ">"
    GTE = ">="
    TO_INT = "integer_of"
    TO_RAT = "decimal_of"
    TO_MONEY = "money_of"
    ROUND = "round"
    # not overloaded
    AND = "and"
    OR = "or"
    XOR = "xor"
    NOT = "not"
    CONCAT = "++"
    # resolved
    ADD_INT_INT = "add_int"
    ADD_RAT_RAT = "add_dec"
    ADD_MON_MON = "add_money"
    ADD_DUR_DUR = "add_dur"
    ADD_DAT_DUR = "add_date_dur"
    ADD_DUR_DAT = "add_dur_date"
    SUB_INT_INT = "sub_int"
    SUB_RAT_RAT = "sub_dec"
    SUB_MON_MON = "sub_money"
    SUB_DUR_DUR = "sub_dur"
    SUB_DAT_DUR = "sub_date_dur"
    SUB_DAT_DAT = "sub_date_date"
    MULT_INT_INT = "mul_int"
    MULT_RAT_RAT = "mul_dec"
    MULT_MON_INT = "mul_money_int"
    MULT_INT_MON = "mul_int_money"
    MULT_MON_RAT = "mul_money_dec"
    MULT_RAT_MON = "mul_dec_money"
    MULT_DUR_INT = "mul_dur_int"
    MULT_INT_DUR = "mul_int_dur"
    DIV_INT_INT = "div_int"
    DIV_RAT_RAT = "div_dec"
    DIV_MON_MON = "div_money_money"
    DIV_MON_INT = "div_money_int"
    DIV_MON_RAT = "div_money_dec"
    DIV_DUR_DUR = "div_dur"
    MINUS_INT = "neg_int"
    MINUS_RAT = "neg_dec"
    MINUS_MON = "neg_money"
    MINUS_DUR = "neg_dur"
    EQ_NATIVE = "eq_native"
    LT_NATIVE = "lt_native"
    LTE_NATIVE = "le_native"
    GT_NATIVE = "gt_native"
    GTE_NATIVE = "ge_native"
    EQ_DUR = "eq_dur"
    LT_DUR = "lt_dur"
    LTE_DUR = "le_dur"
    GT_DUR = "gt_dur"
    GTE_DUR = "ge_dur"
    EQ_ANY = "eq_any"
    LT_ANY = "lt_any"
    LTE_ANY = "le_any"
    GT_ANY = "gt_any"
    GTE_ANY = "ge_any"
    TO_INT_RAT = "integer_of_dec"
    TO_INT_MON = "integer_of_money"
    TO_RAT_INT = "decimal_of_int"
    TO_RAT_MON = "decimal_of_money"
    TO_MONEY_INT = "money_of_int"
    TO_MONEY_RAT = "money_of_dec"
    ROUND_RAT = "round_dec"
    ROUND_MON = "round_money"

    def __str__(self) -> str:
        return self.value

    @property
    def name_in_messages(self) -> str:
        """The operator as the reference's messages name it (`+`, `-`, `integer_of`)."""
        return NAMES[self]


@dataclass(frozen=True)
class PythonForm:
    """How the backend writes an operator applied to its operands ``a`` and ``b``.

    ``shape``: ``infix`` (``(a + b)``), ``prefix`` (``(-a)``), ``call`` (``f(a, b)``) or ``template`` (``text`` is
    a format string over the operands, ``{0}`` and ``{1}``). ``swapped``: the operands in the other order.
    ``rounding``: the date rounding mode of the scope is passed after the operands; ``position``: then the
    position of the operator (``op``) or of the right operand (``right``), which the runtime error reports."""

    shape: str
    text: str
    swapped: bool = False
    rounding: bool = False
    position: str | None = None


@dataclass(frozen=True)
class Resolution:
    """A resolved operator: the overloaded one it resolves, its operand and result kinds, its Python form,
    ``total`` when it cannot fail on any operands of its kinds, and ``on_decimals``, the runtime function that
    compares two decimals (Fraction's own operators dispatch slowly) for the native comparisons."""

    overload: Operator
    operands: tuple[str, ...]
    result: str
    python: PythonForm
    total: bool = True
    on_decimals: str | None = None


def _infix(text: str, **kw) -> PythonForm:
    return PythonForm("infix", text, **kw)


def _call(text: str, **kw) -> PythonForm:
    return PythonForm("call", text, **kw)


O = Operator
TABLE: dict[Operator, Resolution] = {
    O.AND: Resolution(O.AND, ("bool", "bool"), "bool", _infix("and")),
    O.OR: Resolution(O.OR, ("bool", "bool"), "bool", _infix("or")),
    O.XOR: Resolution(O.XOR, ("bool", "bool"), "bool", _infix("!=")),
    O.NOT: Resolution(O.NOT, ("bool",), "bool", PythonForm("prefix", "not ")),
    O.CONCAT: Resolution(O.CONCAT, ("list", "list"), "list", _infix("+")),
    O.ADD_INT_INT: Resolution(O.ADD, ("int", "int"), "int", _infix("+")),
    O.ADD_RAT_RAT: Resolution(O.ADD, ("dec", "dec"), "dec", _call("rt.add_decimal")),
    O.ADD_MON_MON: Resolution(O.ADD, ("money", "money"), "money", _infix("+")),
    O.ADD_DUR_DUR: Resolution(O.ADD, ("dur", "dur"), "dur", _infix("+")),
    O.ADD_DAT_DUR: Resolution(O.ADD, ("date", "dur"), "date",
                              _call("rt.add_date", rounding=True, position="op"), total=False),
    O.ADD_DUR_DAT: Resolution(O.ADD, ("dur", "date"), "date",
                              _call("rt.add_date", swapped=True, rounding=True, position="op"), total=False),
    O.SUB_INT_INT: Resolution(O.SUB, ("int", "int"), "int", _infix("-")),
    O.SUB_RAT_RAT: Resolution(O.SUB, ("dec", "dec"), "dec", _call("rt.sub_decimal")),
    O.SUB_MON_MON: Resolution(O.SUB, ("money", "money"), "money", _infix("-")),
    O.SUB_DUR_DUR: Resolution(O.SUB, ("dur", "dur"), "dur", _infix("-")),
    O.SUB_DAT_DUR: Resolution(O.SUB, ("date", "dur"), "date",
                              _call("rt.sub_date", rounding=True, position="op"), total=False),
    O.SUB_DAT_DAT: Resolution(O.SUB, ("date", "date"), "dur", _call("rt.date_difference"), total=False),
    O.MULT_INT_INT: Resolution(O.MULT, ("int", "int"), "int", _infix("*")),
    O.MULT_RAT_RAT: Resolution(O.MULT, ("dec", "dec"), "dec", _call("rt.mul_decimal")),
    O.MULT_MON_INT: Resolution(O.MULT, ("money", "int"), "money", _infix("*")),
    O.MULT_INT_MON: Resolution(O.MULT, ("int", "money"), "money", _infix("*")),
    O.MULT_MON_RAT: Resolution(O.MULT, ("money", "dec"), "money", _call("rt.mul_money_decimal")),
    O.MULT_RAT_MON: Resolution(O.MULT, ("dec", "money"), "money", _call("rt.mul_money_decimal", swapped=True)),
    O.MULT_DUR_INT: Resolution(O.MULT, ("dur", "int"), "dur", _infix("*"), total=False),
    O.MULT_INT_DUR: Resolution(O.MULT, ("int", "dur"), "dur", _infix("*", swapped=True), total=False),
    O.DIV_INT_INT: Resolution(O.DIV, ("int", "int"), "dec", _call("rt.div_int", position="right"), total=False),
    O.DIV_RAT_RAT: Resolution(O.DIV, ("dec", "dec"), "dec", _call("rt.div_decimal", position="right"),
                              total=False),
    O.DIV_MON_MON: Resolution(O.DIV, ("money", "money"), "dec", _call("rt.div_money_money", position="right"),
                              total=False),
    O.DIV_MON_INT: Resolution(O.DIV, ("money", "int"), "money", _call("rt.div_money_int", position="right"),
                              total=False),
    O.DIV_MON_RAT: Resolution(O.DIV, ("money", "dec"), "money", _call("rt.div_money_decimal", position="right"),
                              total=False),
    O.DIV_DUR_DUR: Resolution(O.DIV, ("dur", "dur"), "dec", _call("rt.div_duration", position="right"),
                              total=False),
    O.MINUS_INT: Resolution(O.MINUS, ("int",), "int", PythonForm("prefix", "-")),
    O.MINUS_RAT: Resolution(O.MINUS, ("dec",), "dec", PythonForm("prefix", "-")),
    O.MINUS_MON: Resolution(O.MINUS, ("money",), "money", PythonForm("prefix", "-")),
    O.MINUS_DUR: Resolution(O.MINUS, ("dur",), "dur", PythonForm("prefix", "-"), total=False),
    O.TO_INT_RAT: Resolution(O.TO_INT, ("dec",), "int", _call("rt.integer_of_decimal")),
    O.TO_INT_MON: Resolution(O.TO_INT, ("money",), "int", _call("rt.integer_of_money")),
    O.TO_RAT_INT: Resolution(O.TO_RAT, ("int",), "dec", _call("rt.decimal_of_integer")),
    O.TO_RAT_MON: Resolution(O.TO_RAT, ("money",), "dec", _call("rt.decimal_of_money")),
    O.TO_MONEY_INT: Resolution(O.TO_MONEY, ("int",), "money", PythonForm("template", "({0} * 100)")),
    O.TO_MONEY_RAT: Resolution(O.TO_MONEY, ("dec",), "money", _call("rt.money_of_decimal")),
    O.ROUND_RAT: Resolution(O.ROUND, ("dec",), "dec", _call("rt.round_decimal")),
    O.ROUND_MON: Resolution(O.ROUND, ("money",), "money", _call("rt.round_money")),
}
for _overload, _native, _dur, _any, _py, _rt in (
        (O.EQ, O.EQ_NATIVE, O.EQ_DUR, O.EQ_ANY, "==", "eq"), (O.LT, O.LT_NATIVE, O.LT_DUR, O.LT_ANY, "<", "lt"),
        (O.LTE, O.LTE_NATIVE, O.LTE_DUR, O.LTE_ANY, "<=", "le"), (O.GT, O.GT_NATIVE, O.GT_DUR, O.GT_ANY, ">", "gt"),
        (O.GTE, O.GTE_NATIVE, O.GTE_DUR, O.GTE_ANY, ">=", "ge")):
    TABLE[_native] = Resolution(_overload, ("native", "native"), "bool", _infix(_py), on_decimals=f"rt.decimal_{_rt}")
    # durations of months and days compare only when the runtime can decide; other types at run time
    TABLE[_dur] = Resolution(_overload, ("dur", "dur"), "bool", _call(
        {"eq": "rt.durations_equal"}.get(_rt, f"rt.duration_{_rt}"), position="op"), total=False)
    TABLE[_any] = Resolution(_overload, ("any", "any"), "bool", _call(
        {"eq": "rt.equal", "lt": "rt.less", "le": "rt.less_equal", "gt": "rt.greater", "ge": "rt.greater_equal"}[_rt],
        position="op"), total=False)

#: The name the reference's messages give each operator (its `Print.operator_to_shorter_string`, with the
#: builtins under their source names as our messages have always written them).
NAMES: dict[Operator, str] = {op: TABLE[op].overload.value if op in TABLE else op.value for op in Operator}
NAMES.update({O.MINUS: "-", O.AND: "&&", O.OR: "||", O.CONCAT: "++"})
for _op, _r in TABLE.items():
    if _r.overload is O.MINUS:
        NAMES[_op] = "-"

#: The resolution of an overloaded operator on operand kinds: (overload, kinds…) → resolved operator.
RESOLUTIONS: dict[tuple, Operator] = {(r.overload, *r.operands): op for op, r in TABLE.items()}

#: Comparisons: the overloaded operators that compare two values of one type.
COMPARISONS = frozenset({O.EQ, O.LT, O.LTE, O.GT, O.GTE})
#: Arithmetic: the overloaded operators of two operands resolved on their kinds.
ARITHMETIC = frozenset({O.ADD, O.SUB, O.MULT, O.DIV})
#: Conversions and rounding: the overloaded builtins of one operand.
CONVERSIONS = frozenset({O.TO_INT, O.TO_RAT, O.TO_MONEY, O.ROUND})
#: Boolean connectives.
LOGICAL = frozenset({O.AND, O.OR, O.XOR, O.NOT})

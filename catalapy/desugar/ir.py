"""Resolved program: every name points to its declaration; expressions carry a ``ty`` slot for typing.

Keys: a declaration is identified by ``(module, name)`` where ``module`` is the Catala module name ("" for the
main file when it declares no module). Scope variables are identified by their name inside their scope.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from catalapy.operators import Operator
from catalapy.position import SourcePosition

Key = tuple[str, str]  # (module, name)

# ---------------------------------------------------------------------------------------------------------------
# Types (resolved type expressions; typing/ turns them into inference types)


@dataclass(frozen=True, slots=True)
class TPrim:
    name: str  # integer decimal money boolean date duration code_location unit


@dataclass(frozen=True, slots=True)
class TStruct:
    key: Key


@dataclass(frozen=True, slots=True)
class TEnum:
    key: Key


@dataclass(frozen=True, slots=True)
class TAbstract:
    key: Key


@dataclass(frozen=True, slots=True)
class TList:
    elt: Any


@dataclass(frozen=True, slots=True)
class TOption:
    elt: Any


@dataclass(frozen=True, slots=True)
class TTuple:
    elts: tuple


@dataclass(frozen=True, slots=True)
class TArrow:
    params: tuple
    result: Any


@dataclass(frozen=True, slots=True)
class TAny:
    """A type typing left open because nothing constrains it (the elements of an empty list never read)."""


@dataclass(frozen=True, slots=True)
class TGeneric:
    """``n'importe quel [de type t]`` in a signature (instantiated afresh at each use)."""

    name: str


# ---------------------------------------------------------------------------------------------------------------
# Expressions


@dataclass(eq=False)
class Expr:
    pos: SourcePosition
    ty: Any = field(default=None, kw_only=True)


@dataclass(frozen=True)
class FarDate:
    """A date literal of a year ``datetime.date`` cannot hold (``|0000-11-15|``; the reference's calendar has
    every year): the backend writes it as the runtime's ``rt.make_date(year, month, day)``."""

    year: int
    month: int
    day: int


@dataclass(eq=False)
class Lit(Expr):
    kind: str  # bool int dec money date dur unit
    value: Any


@dataclass(eq=False)
class Bind:
    """A local binder (unique ``uid`` so that shadowing is resolved)."""

    name: str
    uid: int
    pos: SourcePosition
    ty: Any = None


@dataclass(eq=False)
class Local(Expr):
    bind: Bind


@dataclass(eq=False)
class ScopeVarRef(Expr):
    """A read of a variable of the current scope (``state`` = the state read, None if stateless)."""

    var: str
    state: str | None


@dataclass(eq=False)
class SubVarRef(Expr):
    sub: str
    var: str


@dataclass(eq=False)
class GlobalRef(Expr):
    key: Key


@dataclass(eq=False)
class Call(Expr):
    func: Expr
    args: list
    #: set by typing: index of the parameter that receives the call's position (`#[implicit_position_argument]`)
    implicit_pos: int | None = field(default=None, kw_only=True)
    #: set by typing: the last argument is one tuple whose items are the remaining parameters
    spread: bool = field(default=False, kw_only=True)


@dataclass(eq=False)
class Op(Expr):
    """Operator or language builtin (catalapy/operators.py): ``op`` as written (overloaded, e.g. ``Operator.ADD``),
    ``kind`` its resolution on the operand types, filled by typing (e.g. ``Operator.ADD_MON_MON``)."""

    op: Operator
    suffix: str | None
    args: list
    op_pos: SourcePosition
    kind: Operator | None = None


@dataclass(eq=False)
class If(Expr):
    cond: Expr
    then: Expr
    else_: Expr


@dataclass(eq=False)
class Let(Expr):
    binder: Any  # Bind or tuple[Bind, ...]
    value: Expr
    body: Expr


@dataclass(eq=False)
class MatchArm:
    ctor: str | None  # None: wildcard
    binder: Any  # Bind, tuple of Bind, or None
    body: Expr
    pos: SourcePosition


def children(node) -> Iterator[Expr]:
    """The expressions directly inside ``node`` (an expression or a match arm), left to right, through the
    lists, tuples, dicts and match arms of its fields."""
    for name in child_fields(node):
        yield from expressions_in(getattr(node, name))


def expressions_in(value) -> Iterator[Expr]:
    """The outermost expressions in ``value``: an expression, a match arm, or lists, tuples, dicts of them (anything
    else, positions, types, names, binders, holds none)."""
    if isinstance(value, Expr):
        yield value
    elif isinstance(value, MatchArm):
        yield from children(value)
    elif isinstance(value, (list, tuple)):
        for x in value:
            yield from expressions_in(x)
    elif isinstance(value, dict):
        for x in value.values():
            yield from expressions_in(x)


def walk(value) -> Iterator[Expr]:
    """Every expression in ``value`` and below, each before the ones inside it, left to right (iterative: deep
    expressions do not exhaust Python's stack)."""
    stack = list(expressions_in(value))[::-1]
    while stack:
        e = stack.pop()
        yield e
        inside: list = []  # `children(e)`, with the common case (a field holding an expression) inline
        for name in child_fields(e):
            v = getattr(e, name)
            if isinstance(v, Expr):
                inside.append(v)
            elif isinstance(v, (list, tuple, dict, MatchArm)):
                inside.extend(expressions_in(v))
        inside.reverse()
        stack.extend(inside)


@dataclass(eq=False)
class Match(Expr):
    expr: Expr
    enum: Key  # ("", "optional") for optionals
    arms: list


@dataclass(eq=False)
class TestMatch(Expr):
    expr: Expr
    enum: Key
    ctor: str
    binder: Any
    and_then: Expr | None


@dataclass(eq=False)
class StructLit(Expr):
    struct: Key
    fields: list  # [(name, Expr)] in declaration order


@dataclass(eq=False)
class StructUpdate(Expr):
    expr: Expr
    fields: list  # [(name, Expr, pos)]


@dataclass(eq=False)
class FieldGet(Expr):
    expr: Expr
    field: str
    struct: Key | None  # explicit or resolved by typing
    field_pos: SourcePosition


@dataclass(eq=False)
class Inject(Expr):
    enum: Key
    ctor: str
    payload: Expr | None


@dataclass(eq=False)
class TupleLit(Expr):
    elts: list


@dataclass(eq=False)
class TupleGet(Expr):
    expr: Expr
    index: int  # 0-based


@dataclass(eq=False)
class ListLit(Expr):
    elts: list


@dataclass(eq=False)
class ListOp(Expr):
    """List forms. ``kind``: exists forall map filter find fold sort argmin argmax contains maximum minimum
    sum length. ``binder`` iterates over ``lists`` (several: zip). Sub-expressions by name in ``parts``."""

    kind: str
    binder: Any
    lists: list
    parts: dict
    #: where the list(s) are written (a tuple of lists when several are traversed together)
    lists_pos: SourcePosition | None = field(default=None, kw_only=True)
    #: the operator's keywords (``liste de`` of a filter), where the reference says the list type comes from
    op_pos: SourcePosition | None = field(default=None, kw_only=True)


@dataclass(eq=False)
class ScopeCall(Expr):
    scope: Key
    args: list  # [(var name, Expr)]


@dataclass(eq=False)
class Impossible(Expr):
    message: str | None = None


@dataclass(eq=False)
class InlineAssert(Expr):
    cond: Expr
    body: Expr
    message: str | None = None


@dataclass(eq=False)
class FuncLit(Expr):
    """A function value (used for function-typed globals)."""

    params: list
    body: Expr


# ---------------------------------------------------------------------------------------------------------------
# Declarations


@dataclass(eq=False)
class StructInfo:
    key: Key
    fields: dict  # name -> type (resolved)
    pos: SourcePosition
    scope_output: Key | None = None  # set for the output structure of a scope
    field_pos: dict = field(default_factory=dict)
    field_type_pos: dict = field(default_factory=dict)  # name -> position of the field's written type


@dataclass(eq=False)
class EnumInfo:
    key: Key
    ctors: dict  # name -> payload type or None
    pos: SourcePosition
    ctor_pos: dict = field(default_factory=dict)  # name -> position of the constructor's declaration
    payload_pos: dict = field(default_factory=dict)  # name -> position of the payload's written type


@dataclass(eq=False)
class VarDecl:
    """A scope variable."""

    name: str
    io_input: str | None  # input / context / internal / None
    io_output: bool
    type: Any  # resolved type (function: TArrow)
    params: list  # [(name, type, pos)]
    is_condition: bool
    states: list  # [str]
    pos: SourcePosition  # position of the name in the declaration
    # The types as written in the declaration (surface type expressions of the parameters, of the result), so
    # that type errors can point at where a type comes from.
    written_types: tuple = ((), None)


@dataclass(eq=False)
class SubDecl:
    name: str
    scope: Key
    io_output: bool
    pos: SourcePosition


@dataclass(eq=False)
class Rule:
    """One ``définition``/``règle`` after resolution."""

    var: str
    sub: str | None  # set for ``sub.var`` definitions
    state: str | None
    params: list  # [Bind]
    label: str | None
    exception: tuple | None  # None: not an exception; ("",) unlabelled; ("l",) to label l
    condition: Expr | None
    consequence: Expr
    pos: SourcePosition
    label_pos: SourcePosition | None = None
    exc_pos: SourcePosition | None = None
    name_pos: SourcePosition | None = None  # from the keyword to the defined name (the reference's rule position)


@dataclass(eq=False)
class AssertionItem:
    expr: Expr
    message: str | None
    pos: SourcePosition


@dataclass(eq=False)
class ScopeInfo:
    key: Key
    vars: dict  # name -> VarDecl (declaration order)
    subs: dict  # name -> SubDecl
    order: list  # declaration order of var and sub names
    pos: SourcePosition
    is_test: bool
    rules: list = field(default_factory=list)
    assertions: list = field(default_factory=list)
    date_rounding: str | None = None
    output_struct: Key | None = None


@dataclass(eq=False)
class GlobalInfo:
    key: Key
    type: Any
    params: list  # [Bind]
    value: Expr | None  # None: external
    pos: SourcePosition
    implicit_pos: int | None = None  # index of the `#[implicit_position_argument]` parameter, if any
    #: each `anything [of type t]` of the declaration, in written order (result type first): (t or "", position of
    #: t, or of the whole `anything` when it has no name)
    generics: list = field(default_factory=list)
    type_pos: SourcePosition | None = None  # of the written type (the result type of a function)


@dataclass(eq=False)
class ModuleInfo:
    name: str
    path: str
    dialect: str
    external: bool
    python_name: str
    uses: dict  # alias -> module name
    is_stdlib: bool = False
    pos: SourcePosition | None = None  # of the `> Module M` line (None for a file that declares no module)
    law_headings: tuple = ()  # ast.LawHeading of the source, in file order (for the emitted metadata)
    law_paragraphs: tuple = ()  # catalapy.literate.LawParagraph of the source, in file order


@dataclass(eq=False)
class Program:
    """Every declaration of the main file and of the modules it uses (transitively)."""

    main: str  # module name of the main file ("" if anonymous)
    modules: dict  # name -> ModuleInfo
    structs: dict = field(default_factory=dict)  # Key -> StructInfo
    enums: dict = field(default_factory=dict)
    abstracts: dict = field(default_factory=dict)
    scopes: dict = field(default_factory=dict)
    globals: dict = field(default_factory=dict)
    dialect: str = "fr"
    warnings: list = field(default_factory=list)  # catalapy.errors.Warning_


OPTION_KEY: Key = ("", "optional")


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(node: object) -> tuple[str, ...]:
    """The names of the fields of an expression or match arm that may hold sub-expressions (all but the
    positions and the inferred type), computed once per class for the tree walks of the later passes."""
    cls = type(node)
    names = _CHILD_FIELDS.get(cls)
    if names is None:
        names = _CHILD_FIELDS[cls] = tuple(f.name for f in fields(cls)
                                           if f.name not in ("pos", "ty", "op_pos", "field_pos"))
    return names

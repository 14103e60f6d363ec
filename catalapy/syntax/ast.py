"""Surface AST: what the parser produces, before name resolution and typing.

Every node carries ``pos``: a :class:`~catalapy.position.SourcePosition` (file, line/column range, law headings
above it). Names are :class:`Ident` (lower-case: variables, fields, functions, labels, states, binders) or
:class:`QualName` (upper-case path: ``Mod.Type``, ``Enum.Ctor``, ``Scope``, ``Mod.Scope``). Operators and keywords
are stored in their canonical *English* spelling, whatever the dialect, so that later passes never look at the
dialect again (it survives only in :attr:`SourceFile.dialect`, for value printing).

The nodes are plain frozen dataclasses; ``Expr``, ``TypeExpr``, ``ScopeUseItem`` and ``Item`` are unions used in
annotations.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, Union

from catalapy.position import SourcePosition

# ---------------------------------------------------------------------------------------------------------------
# Names and attributes


@dataclass(frozen=True, slots=True)
class Ident:
    """A lower-case identifier with its position (``montant``, ``l'année``)."""

    text: str
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class QualName:
    """An upper-case name, possibly qualified by module / enum / struct names: ``Date.Mois.Janvier`` is
    ``QualName(("Date", "Mois"), "Janvier")``."""

    path: tuple[str, ...]
    name: str
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Attribute:
    """``#[test]`` → ``Attribute(("test",), None)``; ``#[error.message = "x"]`` → ``(("error", "message"), "x")``.
    ``value`` is a string literal, an expression, or None."""

    path: tuple[str, ...]
    value: Union[str, "Expr", None]
    pos: SourcePosition


Attributes = tuple[Attribute, ...]

# ---------------------------------------------------------------------------------------------------------------
# Types

PrimitiveName = Literal["integer", "decimal", "money", "boolean", "date", "duration", "code_location", "unit"]


@dataclass(frozen=True, slots=True)
class PrimType:
    name: PrimitiveName
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class NamedType:
    """A structure, enumeration or abstract type, possibly module-qualified."""

    name: QualName
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class ListType:
    element: "TypeExpr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class OptionType:
    element: "TypeExpr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class TupleType:
    elements: tuple["TypeExpr", ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class AnyType:
    """``n'importe quel`` / ``anything`` (``var`` set for ``n'importe quel de type t``)."""

    var: str | None
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class FunctionType:
    """Only built by later passes and for ``dépend de`` parameters; never written directly in source."""

    params: tuple["TypeExpr", ...]
    result: "TypeExpr"
    pos: SourcePosition


TypeExpr = Union[PrimType, NamedType, ListType, OptionType, TupleType, AnyType, FunctionType]


@dataclass(frozen=True, slots=True)
class Param:
    """One ``dépend de x contenu t`` parameter."""

    name: Ident
    type: TypeExpr
    pos: SourcePosition
    attributes: "Attributes" = ()


# ---------------------------------------------------------------------------------------------------------------
# Expressions

# Typed operator suffix: "!" integer, "." decimal, "$" money (FR "€" is normalised to "$"), "^" duration,
# "@" date, or None (resolved from the operand types).
OpSuffix = Literal["!", ".", "$", "^", "@"] | None
BinOpName = Literal["+", "-", "*", "/", "++", "=", "!=", "<", "<=", ">", ">=", "and", "or", "xor"]


@dataclass(frozen=True, slots=True)
class BoolLit:
    value: bool
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class IntLit:
    value: int
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class DecLit:
    """Decimal literal (``3,14``, ``5,5%`` → 11/200): an exact rational."""

    value: Fraction
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class MoneyLit:
    cents: int
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class DateLit:
    year: int
    month: int
    day: int
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class DurationLit:
    """``3 jour`` → ``DurationLit(3, "day")``; sums of durations are ``BinOp("+")``."""

    amount: int
    unit: Literal["year", "month", "day"]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Var:
    """A lower-case name in expression position (local binder, scope variable, global, sub-scope), optionally
    with an explicit state (``x état s``)."""

    name: Ident
    state: Ident | None
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class ModuleVar:
    """``Mod.nom`` (global constant/function of a module, incl. stdlib: ``Date.accès_année``)."""

    module: QualName
    name: Ident
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Builtin:
    """A builtin function name, canonical English: "round", "integer_of", "decimal_of", "money_of",
    "length" (``nombre de``), "first_day_of_month"… (only the language builtins; stdlib functions are
    ModuleVar)."""

    name: str
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class FieldAccess:
    """``e.champ``, ``e.Struct.champ`` (``struct`` set), or ``sub.var`` on a sub-scope."""

    expr: "Expr"
    field: Ident
    struct: QualName | None
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class TupleAccess:
    """``e.2`` (1-based)."""

    expr: "Expr"
    index: int
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Apply:
    """``f de a, b`` (also builtins: ``arrondi de x``)."""

    func: "Expr"
    args: tuple["Expr", ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class BinOp:
    op: BinOpName
    suffix: OpSuffix
    left: "Expr"
    right: "Expr"
    op_pos: SourcePosition
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class UnOp:
    op: Literal["not", "-"]
    suffix: OpSuffix
    arg: "Expr"
    op_pos: SourcePosition
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class IfThenElse:
    cond: "Expr"
    then: "Expr"
    else_: "Expr"
    pos: SourcePosition


# A binder is one name, or a tuple of names for destructuring (``soit (a, b) égal à …``).
Binder = Union[Ident, tuple[Ident, ...]]


@dataclass(frozen=True, slots=True)
class Let:
    binder: Binder
    value: "Expr"
    body: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class MatchCase:
    """``-- C contenu x : e``; ``constructor`` None is the wildcard ``n'importe quel``."""

    constructor: QualName | None
    binder: Binder | None
    body: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Match:
    expr: "Expr"
    cases: tuple[MatchCase, ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class TestMatch:
    """``e sous forme C`` (boolean); with ``binder`` and ``and_then``: ``e sous forme C contenu x et p``."""

    expr: "Expr"
    constructor: QualName
    binder: Binder | None
    and_then: "Expr | None"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class StructLit:
    name: QualName
    fields: tuple[tuple[Ident, "Expr"], ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class StructUpdate:
    """``e mais en remplaçant { -- f: v }``."""

    expr: "Expr"
    fields: tuple[tuple[Ident, "Expr"], ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class EnumInject:
    """A constructor, with or without payload (``Absent``, ``Présent contenu 3``, ``Cas``)."""

    constructor: QualName
    payload: "Expr | None"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class ListLit:
    elements: tuple["Expr", ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class TupleLit:
    elements: tuple["Expr", ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class ScopeCall:
    """``résultat de S avec { -- x: v }``."""

    scope: QualName
    args: tuple[tuple[Ident, "Expr"], ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Impossible:
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class InlineAssert:
    """``assertion c dans e``."""

    cond: "Expr"
    body: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Annotated:
    """An expression preceded by attributes (``#[debug.print = "x"] e``)."""

    attributes: Attributes
    expr: "Expr"
    pos: SourcePosition


# --- list forms. ``binder`` iterates over ``lists`` (several lists zip: ``(x, y) parmi (l1, l2)``).


@dataclass(frozen=True, slots=True)
class Contains:
    list: "Expr"
    element: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Exists:
    binder: Binder
    list: "Expr"
    cond: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class ForAll:
    binder: Binder
    list: "Expr"
    cond: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class MapEach:
    """``transforme chaque x parmi l [tel que p] en e``."""

    binder: Binder
    list: "Expr"
    filter: "Expr | None"
    body: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class FilterList:
    """``liste de x parmi l tel que p``."""

    binder: Binder
    list: "Expr"
    cond: "Expr"
    pos: SourcePosition
    keyword_pos: SourcePosition | None = None  # of ``liste de``


@dataclass(frozen=True, slots=True)
class Aggregate:
    """``maximum de l`` / ``minimum de l`` [``ou si liste vide alors d``]; deprecated ``somme T de l``
    (kind "sum", ``sum_type`` set)."""

    kind: Literal["maximum", "minimum", "sum"]
    list: "Expr"
    default: "Expr | None"
    sum_type: TypeExpr | None
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Find:
    """``contenu de x parmi l tel que p`` (first match, an optional)."""

    binder: Binder
    list: "Expr"
    cond: "Expr"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class ArgExtremum:
    """``contenu de x parmi l tel que k est minimum [ou si liste vide alors d]``."""

    kind: Literal["minimum", "maximum"]
    binder: Binder
    list: "Expr"
    key: "Expr"
    default: "Expr | None"
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Sort:
    """``trie l par ordre croissant`` (``binder`` None, ``keys`` empty) or
    ``trie tout x parmi l par ordre décroissant de k1 puis k2``."""

    list: "Expr"
    descending: bool
    binder: Binder | None
    keys: tuple["Expr", ...]
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Fold:
    """``combine tout x parmi l dans acc initialement i avec e``."""

    binder: Binder
    list: "Expr"
    accumulator: Ident
    init: "Expr"
    body: "Expr"
    pos: SourcePosition


Expr = Union[
    BoolLit, IntLit, DecLit, MoneyLit, DateLit, DurationLit, Var, ModuleVar, Builtin, FieldAccess, TupleAccess,
    Apply, BinOp, UnOp, IfThenElse, Let, Match, TestMatch, StructLit, StructUpdate, EnumInject, ListLit, TupleLit,
    ScopeCall, Impossible, InlineAssert, Annotated, Contains, Exists, ForAll, MapEach, FilterList, Aggregate, Find,
    ArgExtremum, Sort, Fold,
]

# ---------------------------------------------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True, slots=True)
class StructField:
    """``donnée x contenu t [dépend de …]`` or ``condition x [dépend de …]`` (type boolean)."""

    name: Ident
    type: TypeExpr
    params: tuple[Param, ...]
    is_condition: bool
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class StructDecl:
    name: QualName
    fields: tuple[StructField, ...]
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class EnumCase:
    name: QualName
    payload: TypeExpr | None
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class EnumDecl:
    name: QualName
    cases: tuple[EnumCase, ...]
    attributes: Attributes
    pos: SourcePosition


IoInput = Literal["input", "context", "internal"] | None


@dataclass(frozen=True, slots=True)
class ScopeVarDecl:
    """``entrée x contenu t``, ``résultat c condition``, ``contexte résultat f contenu t dépend de …`` …
    ``io_input`` None with ``io_output`` True is a plain ``résultat``; both absent is a syntax error (the
    parser reports it)."""

    name: Ident
    io_input: IoInput
    io_output: bool
    type: TypeExpr
    params: tuple[Param, ...]
    is_condition: bool
    states: tuple[Ident, ...]
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class SubScopeDecl:
    """``[résultat] calcul champ d'application Mod.Calcul``."""

    name: Ident
    scope: QualName
    io_output: bool
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class ScopeDecl:
    name: QualName
    items: tuple[ScopeVarDecl | SubScopeDecl, ...]
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class GlobalDecl:
    """``déclaration f contenu t [dépend de …] [égal à e]`` (``value`` None in external modules)."""

    name: Ident
    type: TypeExpr
    params: tuple[Param, ...]
    value: Expr | None
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class AbstractTypeDecl:
    """``déclaration type T: externe``."""

    name: QualName
    attributes: Attributes
    pos: SourcePosition


# --- scope use items


@dataclass(frozen=True, slots=True)
class ExceptionTo:
    """``exception`` (``label`` None: the unique base definition) or ``exception l``."""

    label: Ident | None
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Definition:
    """``définition`` and ``règle`` items. For ``règle … rempli`` / ``non rempli``, ``is_rule`` is True and
    ``consequence`` is a BoolLit (positioned on the ``rempli`` keywords). ``target`` is ``(x,)`` or
    ``(sub, x)``."""

    target: tuple[Ident, ...]
    params: tuple[Ident, ...]
    state: Ident | None
    label: Ident | None
    exception: ExceptionTo | None
    condition: Expr | None
    consequence: Expr
    is_rule: bool
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class Assertion:
    expr: Expr
    attributes: Attributes
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class DateRounding:
    mode: Literal["down", "up"]
    pos: SourcePosition


ScopeUseItem = Union[Definition, Assertion, DateRounding]


@dataclass(frozen=True, slots=True)
class ScopeUse:
    """``champ d'application S [sous condition c]:`` followed by its items."""

    scope: QualName
    condition: Expr | None
    items: tuple[ScopeUseItem, ...]
    attributes: Attributes
    pos: SourcePosition


Item = Union[StructDecl, EnumDecl, ScopeDecl, GlobalDecl, AbstractTypeDecl, ScopeUse]

# ---------------------------------------------------------------------------------------------------------------
# Files


@dataclass(frozen=True, slots=True)
class ModuleUse:
    """``> Usage de Nom [en tant que Alias]``."""

    name: QualName
    alias: QualName | None
    pos: SourcePosition


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One literate file after parsing, with its ``> Inclusion:`` files spliced in place."""

    path: str
    dialect: Literal["fr", "en", "pl"]
    module_name: QualName | None
    module_external: bool
    uses: tuple[ModuleUse, ...]
    items: tuple[Item, ...]
    law_headings: tuple["LawHeading", ...] = field(default=())
    # indices in ``items`` of the declarations written in ```catala-metadata blocks: the public interface of a
    # module (those of ```catala blocks are private to it)
    metadata_items: frozenset[int] = field(default=frozenset())
    # id(expression) → its span with the parentheses it was written in (the surface AST keeps the inner span;
    # the reference's desugaring gives a parenthesised expression the outer one)
    paren_spans: dict = field(default_factory=dict, compare=False)
    # the prose paragraphs (catalapy.literate.LawParagraph: text, position with its headings), for the
    # statements of the law that explanations cite
    law_paragraphs: tuple = field(default=())


@dataclass(frozen=True, slots=True)
class LawHeading:
    """A Markdown heading of the literate text (for documentation and the law trail)."""

    level: int
    title: str
    article_id: str | None
    pos: SourcePosition

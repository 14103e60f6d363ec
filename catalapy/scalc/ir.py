"""Statement calculus: the small statement IR the backend prints as Python (as the reference's scalc).

Statements are nodes (assignments, if/elif/else, loops, return, raise, nested functions, comments); expressions
are `Expr` trees: a `Code` node is a template of Python text whose holes are other expressions, a `Local` a
function-local variable that has no name yet (the renaming pass, `rename.py`, names every local of a function
once, in the order they were created, and stores the name on it), a plain `str` code fixed at module level
(position and constant names, class names, runtime functions). Nothing reads the text back: whether an
expression is a bare name or a plain read is its kind (`is_name`, `is_plain_read`)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Union

from catalapy.position import SourcePosition

from .names import Name, Path

_counter = itertools.count()


@dataclass(eq=False)
class Local:
    """A function-local Python variable. ``base``: the parts of the name to ask for, each a text or a
    (local, strip) pair standing for that local's own name (its leading ``_`` stripped when ``strip``)."""

    base: tuple
    name: str | None = None
    uid: int = field(default_factory=lambda: next(_counter))

    def __str__(self) -> str:  # only once renamed (printing)
        assert self.name is not None, "local printed before renaming"
        return self.name


@dataclass(eq=False)
class Code:
    """``template`` (``str.format`` syntax, ``{}`` holes) filled with ``args``; ``kind``: "path" for a read
    of attributes of a name (cannot fail, no effect), "code" otherwise."""

    template: str
    args: tuple
    kind: str = "code"


Expr = Union[str, Local, Code]


def code(template: str, *args: Expr) -> Code:
    return Code(template, args)


def is_name(e: Expr) -> bool:
    """A bare name (a local, or a module-level `names.Name`): may be repeated without a temporary."""
    return isinstance(e, (Local, Name))


def is_plain_read(e: Expr) -> bool:
    """A name or a read of its attributes."""
    return is_name(e) or isinstance(e, Path) or (isinstance(e, Code) and e.kind == "path")


def attr(base: Expr, *attrs: str) -> Expr:
    """``base.a.b``: a plain read when ``base`` is one."""
    template = "{}" + "".join("." + a.replace("{", "{{").replace("}", "}}") for a in attrs)
    return Code(template, (base,), "path" if is_plain_read(base) else "code")


def join(sep: str, items: list, head: str = "", tail: str = "") -> Code:
    """``head`` + items separated by ``sep`` + ``tail``."""
    esc = sep.replace("{", "{{").replace("}", "}}")
    return Code(head.replace("{", "{{").replace("}", "}}") + esc.join("{}" for _ in items)
                + tail.replace("{", "{{").replace("}", "}}"), tuple(items))


# --------------------------------------------------------------------------------------------------------------
# statements


@dataclass(eq=False, kw_only=True)
class Stmt:
    """``pos``: the source position (with its law headings) the statement comes from, when one does."""

    pos: SourcePosition | None = None


@dataclass(eq=False)
class Blank(Stmt):
    """An empty line between definitions."""


@dataclass(eq=False)
class Comment(Stmt):
    text: str  # the whole comment line, ``#`` included (the printer escapes it: backend/escape.py)


@dataclass(eq=False)
class Assign(Stmt):
    """``targets = values`` (several: a tuple assignment); ``comment`` at the end of the line."""

    targets: tuple
    values: tuple
    comment: str | None = None
    annotation: str | None = None  # declared type of a single target


@dataclass(eq=False)
class Declare(Stmt):
    """``name: annotation`` without a value (the type of a variable assigned in the branches below)."""

    target: Local
    annotation: str


@dataclass(eq=False)
class ExprStmt(Stmt):
    value: Expr


@dataclass(eq=False)
class If(Stmt):
    """``if``/``elif`` branches (condition, body) then ``orelse`` (None: no ``else``), whose line may carry a
    comment (the condition it stands for)."""

    branches: list
    orelse: list | None = None
    else_comment: "Expr | None" = None  # printed escaped (backend/escape.py)


@dataclass(eq=False)
class For(Stmt):
    target: Expr
    iterable: Expr
    body: list


@dataclass(eq=False)
class Break(Stmt):
    pass


@dataclass(eq=False)
class Return(Stmt):
    value: Expr


@dataclass(eq=False)
class Raise(Stmt):
    value: Expr


@dataclass(eq=False)
class FunctionDef(Stmt):
    """``def name(params) -> returns:`` (``params``: (local, annotation or None)), ``doc`` its docstring text,
    ``wrap``: the signature cut into lines of at most 116 characters."""

    name: Expr
    params: list
    returns: str | None
    body: list
    doc: str | None = None
    wrap: bool = False


@dataclass(eq=False)
class Function:
    """A top-level definition of the module (a function, or the assignment of a global value) and the locals
    it owns (named together by `rename.py`)."""

    definition: Stmt
    locals: list  # [Local], in creation order
    taken: frozenset  # names the locals must not take (parameters fixed by the caller, module names)
    outer: frozenset = frozenset()

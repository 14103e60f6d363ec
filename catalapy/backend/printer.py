"""Prints the statement IR (catalapy/scalc) as Python lines: indentation, keywords and the text of the
expressions; every name is already chosen (scalc/rename.py)."""
from __future__ import annotations

from catalapy.scalc import ir as S

from . import escape


def expr(e: S.Expr) -> str:
    if isinstance(e, S.Local):
        assert e.name is not None, "a local printed before renaming"
        return e.name
    if isinstance(e, S.Code):
        return e.template.format(*(expr(a) for a in e.args))
    return e


def wrap(head: str, items: list[str], tail: str, width: int = 116, indent: int = 8) -> list[str]:
    """`head` + items joined by ", " + `tail`, cut into lines of at most `width` characters (continuation
    lines indented by `indent`)."""
    lines, cur, on_line = [], head, 0  # on_line: items on the current line (never break before the first)
    for i, item in enumerate(items):
        piece = item + (", " if i < len(items) - 1 else tail)
        if len(cur) + len(piece.rstrip()) > width and on_line:
            lines.append(cur.rstrip())
            cur, on_line = " " * indent, 0
        cur += piece
        on_line += 1
    if not items:
        cur += tail
    lines.append(cur)
    return lines


def block(stmts: list, level: int) -> list[str]:
    out: list[str] = []
    for s in stmts:
        statement(s, level, out)
    return out


def statement(s: S.Stmt, level: int, out: list[str]) -> None:  # noqa: C901
    ind = "    " * level
    if isinstance(s, S.Blank):
        out.append("")
    elif isinstance(s, S.Comment):
        out.append(ind + escape.comment(s.text))
    elif isinstance(s, S.Assign):
        lhs = ", ".join(expr(t) for t in s.targets)
        if s.annotation is not None:
            lhs += f": {s.annotation}"
        line = f"{ind}{lhs} = {', '.join(expr(v) for v in s.values)}"
        out.append(line + (f"  # {escape.comment(s.comment)}" if s.comment is not None else ""))
    elif isinstance(s, S.Declare):
        out.append(f"{ind}{expr(s.target)}: {s.annotation}")
    elif isinstance(s, S.ExprStmt):
        out.append(ind + expr(s.value))
    elif isinstance(s, S.If):
        for i, (cond, body) in enumerate(s.branches):
            out.append(f"{ind}{'if' if i == 0 else 'elif'} {expr(cond)}:")
            out.extend(block(body, level + 1))
        if s.orelse is not None:
            comment = f"  # {escape.comment(expr(s.else_comment))}" if s.else_comment is not None else ""
            out.append(f"{ind}else:{comment}")
            out.extend(block(s.orelse, level + 1))
    elif isinstance(s, S.For):
        out.append(f"{ind}for {expr(s.target)} in {expr(s.iterable)}:")
        out.extend(block(s.body, level + 1))
    elif isinstance(s, S.Break):
        out.append(ind + "break")
    elif isinstance(s, S.Return):
        out.append(f"{ind}return {expr(s.value)}")
    elif isinstance(s, S.Raise):
        out.append(f"{ind}raise {expr(s.value)}")
    elif isinstance(s, S.FunctionDef):
        params = [expr(p) + (f": {a}" if a is not None else "") for p, a in s.params]
        returns = f" -> {s.returns}" if s.returns is not None else ""
        if s.wrap:
            out.extend(ind + line for line in wrap(f"def {expr(s.name)}(", params, f"){returns}:"))
        else:
            out.append(f"{ind}def {expr(s.name)}({', '.join(params)}){returns}:")
        if s.doc is not None:
            out.append(f'{ind}    """{escape.docstring(s.doc)}"""')
        out.extend(block(s.body, level + 1))
    else:
        raise TypeError(f"not a statement: {type(s).__name__}")


def function(fn: S.Function, level: int = 0) -> list[str]:
    """The lines of a top-level definition (renamed)."""
    out: list[str] = []
    statement(fn.definition, level, out)
    return out

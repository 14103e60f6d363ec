"""Recursive-descent parser for Catala code blocks (both dialects) → :mod:`catalapy.syntax.ast`.

Why hand-written rather than a lark LALR grammar: start-up cost is nil (nothing to build or cache per process),
the precedence rules of the reference (open-ended forms, unary tighter than application, right-associative
application-like forms, non-associative comparisons, the no-mixing rule for ``et``/``ou``/``ou bien``) map
one-to-one onto parsing functions, and syntax errors can list the tokens valid at the failing point (collected as
the parser tries them) with the reference's hints. After a syntax error the parser resynchronises on the next
top-level ``déclaration`` / ``champ d'application`` starting a line, so several errors are reported at once.

Entry points: :func:`parse_file` and :func:`parse_string`.
"""
from __future__ import annotations

import dataclasses
import typing
from fractions import Fraction

from catalapy.errors import CatalaError, CatalaErrors, ocaml_list_sort, reference_best_candidates
from catalapy.literate import read_literate, read_literate_string
from catalapy.position import SourcePosition
from catalapy.syntax import ast
from catalapy.syntax.lexer import TABLES, Token, tokenize

__all__ = ["parse_file", "parse_string", "parse_chunk", "SyntaxErrors"]


class SyntaxErrors(CatalaErrors):
    """Several syntax errors found in one file."""


HINT_TOP = "expected some declaration or scope use inside this code block."
HINT_SCOPE_ITEM = ("expected the next item in the scope (rule, definition or assertion), or the start of a new "
                   "top-level declaration.")
HINT_DEFINITION = ("expected 'under condition' followed by a condition, 'equals' followed by the definition body, "
                   "or the rest of the variable qualified name.")

_SYMBOLS = {
    "LPAREN": "(", "RPAREN": ")", "LBRACE": "{", "RBRACE": "}", "LBRACKET": "[", "RBRACKET": "]", "COLON": ":",
    "SEMICOLON": ";", "DOT": ".", "COMMA": ",", "PERCENT": "%", "EQUAL": "=", "NOT_EQUAL": "!=", "ALT": "--",
    "PLUSPLUS": "++", "LESSER_EQUAL": "<=", "GREATER_EQUAL": ">=", "LESSER": "<", "GREATER": ">", "MINUS": "-",
    "PLUS": "+", "MULT": "*", "DIV": "/", "ATTR_START": "#[", "LIDENT": "identifier", "UIDENT": "Identifier",
    "INT": "integer literal", "DEC": "decimal literal", "MONEY": "money literal", "DATE_LIT": "date literal",
    "STRING": "string literal", "DOCSTRING": "##", "EOF": "end of code block",
}
_BINOPS = {"PLUS": "+", "MINUS": "-", "MULT": "*", "DIV": "/", "PLUSPLUS": "++"}
_COMPARISONS = {"EQUAL": "=", "NOT_EQUAL": "!=", "LESSER": "<", "LESSER_EQUAL": "<=", "GREATER": ">",
                "GREATER_EQUAL": ">="}
_LOGICAL = {"AND": "and", "OR": "or", "XOR": "xor"}
# The reference lexer's list of tokens (`token_list` then `token_list_language_agnostic`), in its order: the
# tokens its syntax errors name, in the order it tries them.
_REFERENCE_TOKEN_ORDER = (
    "SCOPE", "CONSEQUENCE", "DATA", "DEPENDS", "DECLARATION", "CONTEXT", "DECREASING", "INCREASING", "OF", "LIST",
    "OPTION", "CONTAINS", "ENUM", "DATE", "SUM", "FILLED", "DEFINITION", "STATE", "LABEL", "EXCEPTION", "DEFINED_AS",
    "MATCH", "WILDCARD", "TYPE", "WITH", "UNDER_CONDITION", "IF", "THEN", "ELSE", "CONDITION", "CONTENT", "STRUCT",
    "ASSERTION", "WITH_V", "FOR", "ALL", "WE_HAVE", "RULE", "LET", "EXISTS", "IN", "AMONG", "COMBINE", "MAP_EACH",
    "TO", "SUCH", "THAT", "SORT", "ORDER_ASCENDING", "ORDER_DESCENDING", "AND_THEN", "AND", "OR", "XOR", "NOT",
    "MAXIMUM", "MINIMUM", "IS", "OR_IF_LIST_EMPTY", "BUT_REPLACE", "INITIALLY", "YEAR", "MONTH", "DAY", "TRUE",
    "FALSE", "INPUT", "OUTPUT", "INTERNAL",
    "DOT", "LESSER_EQUAL", "GREATER_EQUAL", "GREATER", "NOT_EQUAL", "EQUAL", "LPAREN", "RPAREN", "LBRACE", "RBRACE",
    "LBRACKET", "RBRACKET", "PLUS", "MINUS", "MULT", "DIV", "COLON", "SEMICOLON", "ALT", "PLUSPLUS",
)
# columns of message text in an error box (78 minus the "│  " bar)
_MESSAGE_TEXT_WIDTH = 75


class _Parser:
    def __init__(self, tokens: list[Token], dialect: str, file: str, headings: tuple[str, ...],
                 errors: list[CatalaError]) -> None:
        self.toks = tokens
        self.i = 0
        self.dialect = dialect
        self.table = TABLES[dialect]
        self.file = file
        self.headings = headings
        self.expected: dict[str, None] = {}  # the token kinds tried since the last advance, in order
        self.errors = errors
        self.parenthesized: dict[int, SourcePosition] = {}  # id(expr) → position with its parentheses
        self.spelling = {k: s for s, k in self.table.KEYWORDS.items()}

    # -- token helpers ----------------------------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def at(self, *kinds: str) -> bool:
        expected = self.expected
        for k in kinds:
            expected[k] = None
        return self.toks[self.i].kind in kinds

    def advance(self) -> Token:
        t = self.tok
        if t.kind != "EOF":
            self.i += 1
        self.expected = {}
        return t

    def accept(self, kind: str) -> Token | None:
        if self.at(kind):
            return self.advance()
        return None

    def expect(self, kind: str, hint: str | None = None) -> Token:
        if self.at(kind):
            return self.advance()
        raise self.syntax_error(hint)

    def tpos(self, t: Token) -> SourcePosition:
        return SourcePosition(self.file, t.line, t.col, t.end_line, t.end_col, self.headings)

    def span(self, start: Token | SourcePosition) -> SourcePosition:
        """From ``start`` to the end of the last consumed token."""
        last = self.toks[self.i - 1] if self.i > 0 else self.tok
        if isinstance(start, Token):
            l1, c1 = start.line, start.col
        else:
            l1, c1 = start.start_line, start.start_column
        return SourcePosition(self.file, l1, c1, last.end_line, last.end_col, self.headings)

    def join(self, a: SourcePosition, b: SourcePosition) -> SourcePosition:
        return SourcePosition(self.file, a.start_line, a.start_column, b.end_line, b.end_column, self.headings)

    def epos(self, e: ast.Expr) -> SourcePosition:
        """Position of ``e`` including its parentheses, if it was written in parentheses."""
        return self.parenthesized.get(id(e), e.pos)

    def show(self, kind: str) -> str:
        return self.spelling.get(kind) or _SYMBOLS.get(kind, kind)

    def syntax_error(self, hint: str | None = None) -> CatalaError:
        t = self.tok
        shown, similar = self.acceptable_tokens("```" if t.kind == "EOF" else t.text)
        where = "the end of the code block" if t.kind == "EOF" else f'"{t.text}"'
        head = f"Syntax error at {where}:"
        detail = f"» {hint}" if hint else "unexpected token."
        valid = "Those are valid at this point: " + ", ".join(f'"{s}"' for s in shown) + "." if shown else ""
        # The reference breaks after the colon unless the whole message, laid flat, fits on one line.
        flat = len(head) + 1 + len(detail) + len(valid)
        msg = head + (" " if flat <= _MESSAGE_TEXT_WIDTH else "\n") + detail + ("\n" + valid if valid else "")
        suggestion = None
        if similar and t.kind != "EOF":
            suggestion = similar[0] if len(similar) == 1 else similar
        # the reference shows no law-heading trail under a syntax error
        bare = SourcePosition(self.file, t.line, t.col, t.end_line, t.end_col)
        return CatalaError(msg, bare, suggestion=suggestion)

    def acceptable_tokens(self, lexeme: str) -> tuple[list[str], list[str]]:
        """The tokens valid here as the reference lists them, and the ones closest to ``lexeme``: only the tokens
        of its lexer's list (keywords and punctuation, not identifiers or literals), in that list's order, then
        its `List.sort` that moves the closest ones first with a comparison that is not an order (the result
        depends on the steps of OCaml's merge sort, reproduced by `ocaml_list_sort`)."""
        kinds = sorted((k for k in self.expected if k in _REFERENCE_TOKEN_ORDER), key=_REFERENCE_TOKEN_ORDER.index)
        tokens = [self.show(k) for k in kinds]
        similar = reference_best_candidates(lexeme, tokens)
        return ocaml_list_sort(tokens, lambda a, _b: -1 if a in similar else 1), similar

    def error(self, msg: str, pos: SourcePosition | list) -> CatalaError:
        return CatalaError(msg, pos)

    # -- names ------------------------------------------------------------------------------------------------

    def lident(self, binder: bool = False) -> ast.Ident:
        if self.at("SUM"):
            t = self.advance()
            return ast.Ident(t.text, self.tpos(t))
        t = self.expect("LIDENT")
        if binder and t.text in self.table.BUILTINS:
            raise self.error("Reserved builtin name", self.tpos(t))
        return ast.Ident(t.text, self.tpos(t))

    def quident(self) -> ast.QualName:
        """``A.B.C`` (upper-case path)."""
        first = self.expect("UIDENT")
        names = [first.text]
        while self.tok.kind == "DOT" and self.peek().kind == "UIDENT":
            self.advance()
            names.append(self.advance().text)
        return ast.QualName(tuple(names[:-1]), names[-1], self.span(first))

    def uident(self) -> ast.QualName:
        t = self.expect("UIDENT")
        return ast.QualName((), t.text, self.tpos(t))

    def binder(self) -> ast.Binder:
        self.attributes()
        if self.accept("LPAREN"):
            names = [self.binder_name()]
            while self.accept("COMMA"):
                names.append(self.binder_name())
            self.expect("RPAREN")
            return tuple(names)
        return self.lident(binder=True)

    def binder_name(self) -> ast.Ident:
        self.attributes()
        return self.lident(binder=True)

    # -- attributes -------------------------------------------------------------------------------------------

    def attributes(self) -> tuple[ast.Attribute, ...]:
        attrs: list[ast.Attribute] = []
        while True:
            if self.at("DOCSTRING"):
                t = self.advance()
                lines = [ln.strip()[2:] for ln in t.value.split("\n")]
                text = "\n".join(ln[1:] if ln.startswith(" ") else ln for ln in lines)
                attrs.append(ast.Attribute(("doc",), text, self.tpos(t)))
            elif self.at("ATTR_START"):
                start = self.advance()
                path = [self.expect("LIDENT").text]
                while self.accept("DOT"):
                    path.append(self.expect("LIDENT").text)
                value: str | ast.Expr | None = None
                if self.accept("EQUAL"):
                    if self.at("STRING"):
                        value = self.advance().value
                    else:
                        value = self.expr()
                self.expect("RBRACKET")
                attrs.append(ast.Attribute(tuple(path), value, self.span(start)))
            else:
                return tuple(attrs)

    # -- types ------------------------------------------------------------------------------------------------

    def typ(self) -> ast.TypeExpr:
        self.attributes()
        t = self.tok
        if self.at("DATE"):
            self.advance()
            return ast.PrimType("date", self.tpos(t))
        if self.at("LIDENT"):
            self.advance()
            prim = self.table.PRIMITIVE_TYPES.get(t.text)
            if prim is None:
                raise self.error(f'Unknown type "{t.text}", not a primitive type', self.tpos(t))
            return ast.PrimType(prim, self.tpos(t))
        if self.at("UIDENT"):
            q = self.quident()
            return ast.NamedType(q, q.pos)
        if self.at("LIST"):
            self.advance()
            el = self.typ()
            return ast.ListType(el, self.span(t))
        if self.at("OPTION"):
            self.advance()
            el = self.typ()
            return ast.OptionType(el, self.span(t))
        if self.at("LPAREN"):
            self.advance()
            els = [self.typ()]
            while self.accept("COMMA"):
                els.append(self.typ())
            self.expect("RPAREN")
            if len(els) == 1:
                return els[0]
            return ast.TupleType(tuple(els), self.span(t))
        if self.at("WILDCARD"):
            self.advance()
            var = None
            if self.accept("OF"):
                self.expect("TYPE")
                var = self.lident().text
            return ast.AnyType(var, self.span(t))
        raise self.syntax_error()

    def params(self) -> tuple[ast.Param, ...]:
        """Optional ``dépend de x contenu t, …`` (parenthesised or not)."""
        if not self.accept("DEPENDS"):
            return ()
        paren = self.accept("LPAREN") is not None
        ps = [self.param()]
        while self.accept("COMMA"):
            ps.append(self.param())
        if paren:
            self.expect("RPAREN")
        return tuple(ps)

    def param(self) -> ast.Param:
        attrs = self.attributes()
        name = self.lident(binder=True)
        self.expect("CONTENT")
        ty = self.typ()
        return ast.Param(name, ty, self.join(name.pos, ty.pos), attrs)

    # -- top level --------------------------------------------------------------------------------------------

    def code(self) -> list[ast.Item]:
        items: list[ast.Item] = []
        pending: tuple[ast.Attribute, ...] = ()
        while True:
            try:
                attrs = pending + self.attributes()
                pending = ()
                if self.at("EOF"):
                    return items
                item, pending = self.code_item(attrs)
                items.append(item)
            except CatalaError as err:
                self.errors.append(err)
                pending = ()
                if not self.resync():
                    return items

    def resync(self) -> bool:
        """Skip to the next DECLARATION / SCOPE token that starts a line; False at end of chunk."""
        self.advance()
        while self.tok.kind != "EOF":
            if self.tok.line_start and self.tok.kind in ("DECLARATION", "SCOPE", "ATTR_START"):
                self.expected = {}
                return True
            self.advance()
        return False

    def code_item(self, attrs: tuple[ast.Attribute, ...]) -> tuple[ast.Item, tuple[ast.Attribute, ...]]:
        start = self.tok
        at_item_start = set(self.expected) <= {"ATTR_START", "DOCSTRING", "EOF"}
        if self.at("SCOPE"):
            self.advance()
            name = self.quident()
            cond = None
            if self.accept("UNDER_CONDITION"):
                cond = self.expr()
            self.expect("COLON")
            items, pending = self.scope_items()
            return ast.ScopeUse(name, cond, tuple(items), attrs, self.span(start)), pending
        if self.at("DECLARATION"):
            self.advance()
            if self.at("STRUCT"):
                self.advance()
                self.attributes()
                name = self.uident()
                self.expect("COLON")
                fields, pending = self.struct_fields()
                return ast.StructDecl(name, tuple(fields), attrs, self.span(start)), pending
            if self.at("ENUM"):
                self.advance()
                name = self.uident()
                self.expect("COLON")
                cases, pending = self.enum_cases()
                return ast.EnumDecl(name, tuple(cases), attrs, self.span(start)), pending
            if self.at("SCOPE"):
                self.advance()
                name = self.uident()
                self.expect("COLON")
                decls, pending = self.scope_decl_items()
                return ast.ScopeDecl(name, tuple(decls), attrs, self.span(start)), pending
            if self.at("TYPE"):
                self.advance()
                name = self.uident()
                self.expect("COLON")
                self.expect("EXTERNAL")
                return ast.AbstractTypeDecl(name, attrs, self.span(start)), ()
            if self.at("LIDENT", "SUM"):
                name = self.lident()
                self.expect("CONTENT")
                ty = self.typ()
                params = self.params()
                value = None
                if self.accept("DEFINED_AS"):
                    value = self.expr()
                return ast.GlobalDecl(name, ty, params, value, attrs, self.span(start)), ()
            raise self.syntax_error()
        raise self.syntax_error(HINT_TOP if at_item_start else None)

    def struct_fields(self) -> tuple[list[ast.StructField], tuple[ast.Attribute, ...]]:
        fields = []
        while True:
            attrs = self.attributes()
            start = self.tok
            if self.at("DATA"):
                self.advance()
                name = self.lident(binder=True)
                self.expect("CONTENT")
                ty = self.typ()
                params = self.params()
                fields.append(ast.StructField(name, ty, params, False, attrs, self.span(start)))
            elif self.at("CONDITION"):
                self.advance()
                name = self.lident(binder=True)
                params = self.params()
                ty = ast.PrimType("boolean", self.tpos(start))
                fields.append(ast.StructField(name, ty, params, True, attrs, self.span(start)))
            else:
                return fields, attrs

    def enum_cases(self) -> tuple[list[ast.EnumCase], tuple[ast.Attribute, ...]]:
        cases = []
        while True:
            attrs = self.attributes()
            start = self.tok
            if not self.at("ALT"):
                return cases, attrs
            self.advance()
            name = self.uident()
            payload = None
            if self.accept("CONTENT"):
                payload = self.typ()
            cases.append(ast.EnumCase(name, payload, attrs, self.span(start)))

    def scope_decl_items(self) -> tuple[list[ast.ScopeVarDecl | ast.SubScopeDecl], tuple[ast.Attribute, ...]]:
        items: list[ast.ScopeVarDecl | ast.SubScopeDecl] = []
        while True:
            attrs = self.attributes()
            start = self.tok
            io_input: ast.IoInput = None
            input_tok = None
            if self.at("CONTEXT", "INPUT", "INTERNAL"):
                input_tok = self.advance()
                io_input = {"CONTEXT": "context", "INPUT": "input", "INTERNAL": "internal"}[input_tok.kind]
            output_tok = self.accept("OUTPUT")
            if input_tok is None and output_tok is None and not self.at("LIDENT"):
                return items, attrs
            name = self.lident(binder=True)
            if io_input == "internal" and output_tok is not None:
                raise self.error("A variable cannot be declared both 'internal' and 'output'.",
                                 self.tpos(output_tok))
            is_condition = False
            if self.at("CONTENT"):
                self.advance()
                ty = self.typ()
            elif self.at("CONDITION"):
                ct = self.advance()
                is_condition = True
                ty = ast.PrimType("boolean", self.tpos(ct))
            elif self.at("SCOPE"):
                self.advance()
                scope = self.quident()
                if input_tok is not None:
                    raise self.error("Scope declaration does not support input qualifiers ('internal', 'input' "
                                     "or 'context')", self.tpos(input_tok))
                items.append(ast.SubScopeDecl(name, scope, output_tok is not None, attrs, self.span(start)))
                continue
            else:
                raise self.syntax_error()
            if input_tok is None and output_tok is None:
                raise self.error("Variable declaration requires input qualification ('internal', 'input' or "
                                 "'context')", self.span(start))
            params = self.params()
            states = []
            while self.accept("STATE"):
                states.append(self.lident(binder=True))
            items.append(ast.ScopeVarDecl(name, io_input, output_tok is not None, ty, params, is_condition,
                                          tuple(states), attrs, self.span(start)))

    # -- scope use items --------------------------------------------------------------------------------------

    def scope_items(self) -> tuple[list[ast.ScopeUseItem], tuple[ast.Attribute, ...]]:
        items: list[ast.ScopeUseItem] = []
        while True:
            attrs = self.attributes()
            start = self.tok
            if self.at("DEFINITION", "RULE", "ASSERTION", "EXCEPTION", "LABEL", "DATE"):
                pass
            else:
                if self.tok.kind in ("DECLARATION", "SCOPE", "EOF"):
                    return items, attrs
                self.at("DECLARATION", "SCOPE")
                raise self.syntax_error(HINT_SCOPE_ITEM)
            if self.tok.kind == "ASSERTION":
                self.advance()
                e = self.expr()
                items.append(ast.Assertion(e, attrs, self.span(start)))
                continue
            if self.tok.kind == "DATE":
                self.advance()
                w = self.expect("LIDENT")
                if w.text != self.table.ROUND_WORD:
                    raise self.error("Expected the form 'date round up' or 'date round down'", self.tpos(w))
                if self.at("INCREASING", "DECREASING"):
                    d = self.advance()
                else:
                    raise self.syntax_error()
                mode = "up" if d.kind == "INCREASING" else "down"
                items.append(ast.DateRounding(mode, self.span(start)))
                continue
            label = None
            exception = None
            if self.accept("LABEL"):
                label = self.lident(binder=True)
            ex = self.tok
            if self.accept("EXCEPTION"):
                target = None
                if self.at("LIDENT"):
                    target = self.lident()
                exception = ast.ExceptionTo(target, self.span(ex))
            if self.at("DEFINITION"):
                is_rule = False
            elif self.at("RULE"):
                is_rule = True
            else:
                raise self.syntax_error()
            self.advance()
            target_names = [self.lident()]
            while self.at("DOT"):
                self.advance()
                target_names.append(self.lident())
            params: list[ast.Ident] = []
            if self.accept("OF"):
                params.append(self.lident(binder=True))
                while self.accept("COMMA"):
                    params.append(self.lident(binder=True))
            state = None
            if self.accept("STATE"):
                state = self.lident()
            cond = None
            if self.accept("UNDER_CONDITION"):
                cond = self.expr()
                self.expect("CONSEQUENCE")
            if is_rule:
                ft = self.tok
                if self.at("FILLED"):
                    self.advance()
                    consequence: ast.Expr = ast.BoolLit(True, self.tpos(ft))
                elif self.at("NOT"):
                    self.advance()
                    self.expect("FILLED")
                    consequence = ast.BoolLit(False, self.span(ft))
                else:
                    raise self.syntax_error()
            else:
                self.expect("DEFINED_AS", HINT_DEFINITION)
                consequence = self.expr()
            items.append(ast.Definition(tuple(target_names), tuple(params), state, label, exception, cond,
                                        consequence, is_rule, attrs, self.span(start)))

    # -- expressions ------------------------------------------------------------------------------------------

    def expr(self) -> ast.Expr:
        """A full expression (lowest precedence)."""
        left = self.comparison()
        if self.at("AND", "OR", "XOR"):
            op_tok = self.advance()
            op = _LOGICAL[op_tok.kind]
            right = self.expr()
            if (isinstance(right, ast.BinOp) and right.op in ("and", "or", "xor")
                    and id(right) not in self.parenthesized and (right.op != op or op == "xor")):
                raise self.error("Please add parentheses to explicit which of these operators should be "
                                 "applied first.", [self.tpos(op_tok), right.op_pos])
            pos = self.join(self.epos(left), self.epos(right))
            if (op == "and" and isinstance(left, ast.TestMatch) and left.binder is not None
                    and left.and_then is None and id(left) not in self.parenthesized):
                return ast.TestMatch(left.expr, left.constructor, left.binder, right, pos)
            return ast.BinOp(op, None, left, right, self.tpos(op_tok), pos)
        return left

    def comparison(self) -> ast.Expr:
        left = self.additive()
        if self.at(*_COMPARISONS):
            op_tok = self.advance()
            right = self.additive()
            return ast.BinOp(_COMPARISONS[op_tok.kind], op_tok.value, left, right, self.tpos(op_tok),
                             self.join(self.epos(left), self.epos(right)))
        return left

    def additive(self) -> ast.Expr:
        left = self.multiplicative()
        while self.at("PLUS", "MINUS", "PLUSPLUS"):
            op_tok = self.advance()
            right = self.multiplicative()
            left = ast.BinOp(_BINOPS[op_tok.kind], op_tok.value, left, right, self.tpos(op_tok),
                             self.join(self.epos(left), self.epos(right)))
        return left

    def multiplicative(self) -> ast.Expr:
        left = self.application()
        while self.at("MULT", "DIV"):
            op_tok = self.advance()
            right = self.application()
            left = ast.BinOp(_BINOPS[op_tok.kind], op_tok.value, left, right, self.tpos(op_tok),
                             self.join(self.epos(left), self.epos(right)))
        return left

    def application(self) -> ast.Expr:
        """Application-like forms (right-associative): ``f de a, b``, ``l contient x``, ``e sous forme C``,
        ``e mais en remplaçant {…}``."""
        e = self.unary()
        while True:
            if self.at("OF"):
                self.advance()
                args = [self.application()]
                while self.accept("COMMA"):
                    args.append(self.application())
                e = ast.Apply(e, tuple(args), self.join(self.epos(e), self.epos(args[-1])))
            elif self.at("CONTAINS"):
                self.advance()
                el = self.application()
                e = ast.Contains(e, el, self.join(self.epos(e), self.epos(el)))
            elif self.at("WITH") and self.peek().kind != "ALT":  # ``sous forme --`` belongs to ``selon``
                self.advance()
                ctor = self.constructor()
                binder = None
                if self.accept("CONTENT"):
                    binder = self.binder()
                e = ast.TestMatch(e, ctor, binder, None, self.join(self.epos(e), self.span(ctor.pos)))
            elif self.at("BUT_REPLACE"):
                self.advance()
                fields = self.struct_fields_lit()
                e = ast.StructUpdate(e, fields, self.join(self.epos(e), self.span(e.pos)))
            else:
                return e

    def constructor(self) -> ast.QualName:
        q = self.quident()
        if not q.path and q.name in self.table.BUILTIN_CONSTRUCTORS:
            return ast.QualName((), self.table.BUILTIN_CONSTRUCTORS[q.name], q.pos)
        return q

    def struct_fields_lit(self) -> tuple[tuple[ast.Ident, ast.Expr], ...]:
        self.expect("LBRACE")
        fields = []
        while self.accept("ALT"):
            name = self.lident()
            self.expect("COLON")
            fields.append((name, self.expr()))
        if not fields:
            self.at("ALT")
        self.expect("RBRACE")
        return tuple(fields)

    def unary(self) -> ast.Expr:
        t = self.tok
        if self.at("NOT"):
            self.advance()
            arg = self.unary()
            return ast.UnOp("not", None, arg, self.tpos(t), self.join(self.tpos(t), self.epos(arg)))
        if self.at("MINUS"):
            self.advance()
            arg = self.unary()
            return ast.UnOp("-", t.value, arg, self.tpos(t), self.join(self.tpos(t), self.epos(arg)))
        return self.postfix()

    def postfix(self) -> ast.Expr:
        e = self.primary()
        while self.at("DOT"):
            self.advance()
            if self.at("INT"):
                n = self.advance()
                if n.value <= 0:
                    raise self.error("Tuple indices must be >= 1", self.tpos(n))
                e = ast.TupleAccess(e, n.value, self.join(self.epos(e), self.tpos(n)))
                continue
            struct = None
            if self.at("UIDENT"):
                struct = self.quident()
                self.expect("DOT")
            name = self.lident()
            e = ast.FieldAccess(e, name, struct, self.join(self.epos(e), name.pos))
        return e

    def primary(self) -> ast.Expr:
        t = self.tok
        k = t.kind
        if self.at("LIDENT"):
            self.advance()
            pos = self.tpos(t)
            builtin = self.table.BUILTINS.get(t.text)
            if builtin is not None:
                if self.at("STATE"):
                    raise self.error(f"Invalid use of built-in {t.text}", pos)
                if builtin == "impossible":
                    return ast.Impossible(pos)
                return ast.Builtin(builtin, pos)
            state = None
            if self.accept("STATE"):
                state = self.lident()
            return ast.Var(ast.Ident(t.text, pos), state, self.span(t))
        if self.at("UIDENT"):
            return self.upper_primary()
        if self.at("INT", "DEC"):
            return self.number()
        if self.at("MONEY"):
            self.advance()
            return ast.MoneyLit(t.value, self.tpos(t))
        if self.at("DATE_LIT"):
            self.advance()
            y, m, d = t.value
            return ast.DateLit(y, m, d, self.tpos(t))
        if self.at("TRUE", "FALSE"):
            self.advance()
            return ast.BoolLit(k == "TRUE", self.tpos(t))
        if self.at("LPAREN"):
            self.advance()
            els = [self.expr()]
            while self.accept("COMMA"):
                els.append(self.expr())
            self.expect("RPAREN")
            if len(els) == 1:
                self.parenthesized[id(els[0])] = self.span(t)
                return els[0]
            return ast.TupleLit(tuple(els), self.span(t))
        if self.at("LBRACKET"):
            self.advance()
            els = []
            while not self.at("RBRACKET"):
                els.append(self.expr())
                if not self.accept("SEMICOLON"):
                    break
            self.expect("RBRACKET")
            return ast.ListLit(tuple(els), self.span(t))
        if self.at("ATTR_START", "DOCSTRING"):
            attrs = self.attributes()
            e = self.expr()
            return ast.Annotated(attrs, e, self.span(t))
        if self.at("OUTPUT"):
            self.advance()
            self.expect("OF")
            scope = self.quident()
            args: tuple = ()
            if self.accept("WITH_V"):
                self.expect("LBRACE")
                fs = []
                while self.accept("ALT"):
                    name = self.lident()
                    self.expect("COLON")
                    fs.append((name, self.expr()))
                self.expect("RBRACE")
                args = tuple(fs)
            return ast.ScopeCall(scope, args, self.span(t))
        if self.at("SUM"):
            self.advance()
            ty = self.typ()
            self.expect("OF")
            coll = self.application()
            return ast.Aggregate("sum", coll, None, ty, self.span(t))
        if self.at("MAXIMUM", "MINIMUM"):
            self.advance()
            self.expect("OF")
            coll = self.application()
            default = self.or_if_empty()
            kind = "maximum" if k == "MAXIMUM" else "minimum"
            return ast.Aggregate(kind, coll, default, None, self.span(t))
        if self.at("MAP_EACH"):
            self.advance()
            b = self.binder()
            self.expect("AMONG")
            coll = self.expr()
            filt = None
            if self.accept("SUCH"):
                self.expect("THAT")
                filt = self.expr()
            self.expect("TO")
            body = self.expr()
            return ast.MapEach(b, coll, filt, body, self.span(t))
        if self.at("LIST"):
            self.advance()
            b = self.binder()
            self.expect("AMONG")
            coll = self.expr()
            self.expect("SUCH")
            self.expect("THAT")
            cond = self.expr()
            return ast.FilterList(b, coll, cond, self.span(t), self.tpos(t))
        if self.at("EXISTS"):
            self.advance()
            b = self.binder()
            self.expect("AMONG")
            coll = self.expr()
            self.expect("SUCH")
            self.expect("THAT")
            cond = self.expr()
            return ast.Exists(b, coll, cond, self.span(t))
        if self.at("FOR"):
            self.advance()
            self.expect("ALL")
            b = self.binder()
            self.expect("AMONG")
            coll = self.expr()
            self.expect("WE_HAVE")
            cond = self.expr()
            return ast.ForAll(b, coll, cond, self.span(t))
        if self.at("COMBINE"):
            self.advance()
            self.expect("ALL")
            b = self.binder()
            self.expect("AMONG")
            coll = self.expr()
            self.expect("IN")
            acc_tok = self.tok
            acc = self.binder()
            self.expect("INITIALLY")
            init = self.expr()
            self.expect("WITH_V")
            body = self.expr()
            if isinstance(acc, tuple):
                # ``dans (a, b)``: fold over a fresh accumulator (``_`` cannot start a Catala name) that the
                # body destructures: ``soit (a, b) égal à _acc dans body``
                acc_pos = self.join(self.tpos(acc_tok), acc[-1].pos)
                fresh = ast.Ident("_acc", acc_pos)
                body = ast.Let(acc, ast.Var(fresh, None, acc_pos), body, body.pos)
                acc = fresh
            return ast.Fold(b, coll, acc, init, body, self.span(t))
        if self.at("SORT"):
            self.advance()
            if self.accept("ALL"):
                b = self.binder()
                self.expect("AMONG")
                coll = self.expr()
                desc = self.sort_order()
                self.expect("OF")
                keys = [self.application()]
                while self.accept("AND_THEN"):
                    keys.append(self.application())
                return ast.Sort(coll, desc, b, tuple(keys), self.span(t))
            coll = self.expr()
            desc = self.sort_order()
            return ast.Sort(coll, desc, None, (), self.span(t))
        if self.at("CONTENT"):
            self.advance()
            self.expect("OF")
            b = self.binder()
            self.expect("AMONG")
            coll = self.expr()
            self.expect("SUCH")
            self.expect("THAT")
            cond = self.expr()
            if self.accept("IS"):
                if not self.at("MAXIMUM", "MINIMUM"):
                    raise self.syntax_error()
                kind = "maximum" if self.advance().kind == "MAXIMUM" else "minimum"
                default = self.or_if_empty()
                return ast.ArgExtremum(kind, b, coll, cond, default, self.span(t))
            return ast.Find(b, coll, cond, self.span(t))
        if self.at("MATCH"):
            self.advance()
            scrutinee = self.expr()
            self.expect("WITH")
            cases = []
            while self.at("ALT") or not cases:
                ct = self.expect("ALT")
                if self.accept("WILDCARD"):
                    ctor, binder = None, None
                else:
                    ctor = self.constructor()
                    binder = self.binder() if self.accept("CONTENT") else None
                self.expect("COLON")
                body = self.expr()
                cases.append(ast.MatchCase(ctor, binder, body, self.span(ct)))
            return ast.Match(scrutinee, tuple(cases), self.span(t))
        if self.at("IF"):
            self.advance()
            c = self.expr()
            self.expect("THEN")
            a = self.expr()
            self.expect("ELSE")
            b_ = self.expr()
            return ast.IfThenElse(c, a, b_, self.span(t))
        if self.at("LET"):
            self.advance()
            b = self.binder()
            self.expect("DEFINED_AS")
            v = self.expr()
            self.expect("IN")
            body = self.expr()
            return ast.Let(b, v, body, self.span(t))
        if self.at("ASSERTION"):
            self.advance()
            c = self.expr()
            self.expect("IN")
            body = self.expr()
            return ast.InlineAssert(c, body, self.span(t))
        self.at("NOT", "MINUS")
        raise self.syntax_error()

    def sort_order(self) -> bool:
        if self.at("ORDER_ASCENDING", "ORDER_DESCENDING"):
            return self.advance().kind == "ORDER_DESCENDING"
        raise self.syntax_error()

    def or_if_empty(self) -> ast.Expr | None:
        if self.accept("OR_IF_LIST_EMPTY"):
            self.expect("THEN")
            return self.application()
        return None

    def upper_primary(self) -> ast.Expr:
        start = self.tok
        last_upper = self.advance()
        names = [last_upper.text]
        while self.tok.kind == "DOT" and self.peek().kind in ("UIDENT", "LIDENT", "SUM"):
            self.advance()
            nt = self.advance()
            if nt.kind != "UIDENT":
                module = ast.QualName(tuple(names[:-1]), names[-1],
                                      self.join(self.tpos(start), self.tpos(last_upper)))
                name = ast.Ident(nt.text, self.tpos(nt))
                return ast.ModuleVar(module, name, self.span(start))
            names.append(nt.text)
            last_upper = nt
        q = ast.QualName(tuple(names[:-1]), names[-1], self.span(start))
        if self.at("LBRACE"):
            fields = self.struct_fields_lit()
            return ast.StructLit(q, fields, self.span(start))
        if not q.path and q.name in self.table.BUILTIN_CONSTRUCTORS:
            q = ast.QualName((), self.table.BUILTIN_CONSTRUCTORS[q.name], q.pos)
        payload = None
        if self.accept("CONTENT"):
            payload = self.unary()
        return ast.EnumInject(q, payload, self.span(start))

    def number(self) -> ast.Expr:
        t = self.advance()
        pos = self.tpos(t)
        if self.at("PERCENT"):
            self.advance()
            return ast.DecLit(Fraction(t.value) / 100, self.span(t))
        if self.at("YEAR", "MONTH", "DAY"):
            u = self.advance()
            if t.kind == "DEC":
                raise self.error("Impossible to specify decimal amounts of days, months or years.", self.span(t))
            unit = {"YEAR": "year", "MONTH": "month", "DAY": "day"}[u.kind]
            return ast.DurationLit(t.value, unit, self.span(t))
        if t.kind == "INT":
            return ast.IntLit(t.value, pos)
        return ast.DecLit(t.value, pos)


# -- entry points ---------------------------------------------------------------------------------------------


MAX_EXPRESSION_DEPTH = 100
TOO_DEEP = (f"Expression too deeply nested: catalapy accepts at most {MAX_EXPRESSION_DEPTH} nested operations; "
            "split it with intermediate definitions")
_EXPRESSIONS = typing.get_args(ast.Expr)


#: per node class: (is an expression, names of its fields that may hold nodes); None for leaves; tuples and
#: lists are handled apart
_NODE_FIELDS: dict[type, tuple[bool, tuple[str, ...]] | None] = {}


def _node_fields(cls: type) -> tuple[bool, tuple[str, ...]] | None:
    try:
        return _NODE_FIELDS[cls]
    except KeyError:
        pass
    if dataclasses.is_dataclass(cls) and cls is not SourcePosition:
        info = (issubclass(cls, _EXPRESSIONS), tuple(f.name for f in dataclasses.fields(cls) if f.name != "pos"))
    else:
        info = None  # str, int, Fraction, positions, …: nothing below
    _NODE_FIELDS[cls] = info
    return info


def _too_deeply_nested(items: list[ast.Item]) -> SourcePosition | None:
    """Position of the first expression nested deeper than :data:`MAX_EXPRESSION_DEPTH` (chains such as
    ``a + b + c + …`` are parsed by loops, but every later pass and the generated Python recurse on them).
    Depth first, in source order; the fields of each node class are looked up once."""
    stack: list = [(item, 0) for item in reversed(items)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        cls = type(node)
        if cls is tuple or cls is list:
            for child in reversed(node):
                push((child, depth))
            continue
        info = _node_fields(cls)
        if info is None:
            continue
        is_expression, names = info
        if is_expression:
            depth += 1
            if depth > MAX_EXPRESSION_DEPTH:
                return node.pos
        for name in reversed(names):
            push((getattr(node, name), depth))
    return None


def parse_chunk(text: str, dialect: str, file: str, first_line: int = 1,
                law_headings: tuple[str, ...] = (), errors: list[CatalaError] | None = None,
                paren_spans: dict | None = None) -> list[ast.Item]:
    """Items of one code chunk. Syntax errors are appended to ``errors`` (raised at once when it is None); the
    spans of parenthesised expressions, parentheses included, go into ``paren_spans`` (keyed by ``id``)."""
    collect = errors if errors is not None else []
    tokens = tokenize(text, dialect, file, first_line, law_headings)
    parser = _Parser(tokens, dialect, file, law_headings, collect)
    try:
        items = parser.code()
        if paren_spans is not None:
            paren_spans.update(parser.parenthesized)
        too_deep = _too_deeply_nested(items)
        if too_deep is not None:
            collect.append(CatalaError(TOO_DEEP, too_deep))
            items = []
    except RecursionError:
        collect.append(CatalaError(TOO_DEEP, parser.tpos(parser.tok)))
        items = []
    if errors is None and collect:
        raise collect[0] if len(collect) == 1 else SyntaxErrors(collect)
    return items


def _parse_literate(lit) -> ast.SourceFile:
    errors: list[CatalaError] = []
    items: list[ast.Item] = []
    metadata: set[int] = set()
    paren_spans: dict = {}
    for chunk in lit.chunks:
        try:
            parsed = parse_chunk(chunk.text, lit.dialect, chunk.file, chunk.first_line, chunk.law_headings, errors,
                                 paren_spans)
        except CatalaError as err:  # lexing errors stop the chunk
            errors.append(err)
            continue
        if chunk.metadata:
            metadata.update(range(len(items), len(items) + len(parsed)))
        items.extend(parsed)
    if errors:
        raise errors[0] if len(errors) == 1 else SyntaxErrors(errors)
    module_name = None
    external = False
    if lit.module is not None:
        module_name = ast.QualName((), lit.module.name, lit.module.pos)
        external = lit.module.external
    return ast.SourceFile(lit.path, lit.dialect, module_name, external, tuple(lit.uses), tuple(items),
                          tuple(lit.headings), frozenset(metadata), paren_spans,
                          law_paragraphs=tuple(lit.paragraphs))


def parse_file(path: str, display_path: str | None = None) -> ast.SourceFile:
    """Parse a literate ``.catala_fr`` / ``.catala_en`` file (``display_path`` is the file name put in
    positions; default ``path``). Raises :class:`CatalaError` (or its subclass :class:`SyntaxErrors`)."""
    return _parse_literate(read_literate(path, display_path))


def parse_string(text: str, path: str, dialect: str) -> ast.SourceFile:
    """Parse literate text given in memory (``path`` is used in positions and to resolve inclusions)."""
    return _parse_literate(read_literate_string(text, path, dialect))

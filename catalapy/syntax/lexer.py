"""Hand-written lexer for Catala code blocks, driven by the dialect keyword tables.

Why by hand rather than lark's lexer: Catala's lexing is longest-match over multi-word keywords whose words may be
separated by any whitespace (newlines included), with dialect-specific number formats (FR decimal comma, money
``1 234,56 €`` with spaces inside one token, ``-digit`` literals, ``$`` prefix in EN). A small scanner that tries
the candidate spellings at each position states these rules directly, and keeps start-up cost at zero (no
grammar compilation). Tokens carry canonical kinds (``SCOPE``, ``DEFINED_AS``…) shared by both dialects.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from catalapy.errors import CatalaError
from catalapy.position import SourcePosition
from catalapy.syntax.dialects import TABLES


@dataclass(slots=True)
class Token:
    kind: str        # canonical kind: a keyword kind, LIDENT, UIDENT, INT, DEC, MONEY, DATE_LIT, STRING, EOF, ...
    text: str        # the source text of the token
    value: object    # literal value / operator suffix / identifier text
    line: int
    col: int
    end_line: int
    end_col: int
    line_start: bool  # first token on its line


_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[0-9_'])*")
_OP_SUFFIX = {"!": "!", ".": ".", "@": "@", "^": "^"}
_PUNCT = {
    "(": "LPAREN", ")": "RPAREN", "{": "LBRACE", "}": "RBRACE", "[": "LBRACKET", "]": "RBRACKET",
    ":": "COLON", ";": "SEMICOLON", ".": "DOT", ",": "COMMA", "%": "PERCENT", "=": "EQUAL",
}
_OPS = {"<=": "LESSER_EQUAL", ">=": "GREATER_EQUAL", "<": "LESSER", ">": "GREATER", "-": "MINUS", "+": "PLUS",
        "*": "MULT", "/": "DIV"}
_DATE = re.compile(r"\|(\d{4})-(\d{2})-(\d{2})\|")


def _valid_date(year: int, month: int, day: int) -> bool:
    """Proleptic Gregorian check (year 0 allowed, as in the reference)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days


class _Dialect:
    """Compiled matchers for one dialect."""

    def __init__(self, name: str) -> None:
        t = TABLES[name]
        self.name = name
        self.table = t
        self.single: dict[str, str] = {}
        self.multi: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for spelling, kind in t.KEYWORDS.items():
            words = spelling.split(" ")
            if len(words) == 1:
                self.single[spelling] = kind
                continue
            sep = " " if spelling in t.STRICT_SPACING else r"\s+"
            pat = re.compile(sep.join(re.escape(w) for w in words))
            self.multi.setdefault(words[0], []).append((pat, kind))
        sym = re.escape(t.MONEY_SYMBOL)
        dsep = re.escape(t.DECIMAL_SEPARATOR)
        grp = re.escape(t.MONEY_GROUP_SEPARATOR)
        if t.MONEY_PREFIX:
            self.money = re.compile(rf"(-?){sym}[ \t]*(\d(?:[\d{grp}]*\d)?)(?:{dsep}(\d{{1,2}}))?")
        else:
            self.money = re.compile(rf"(-?)(\d(?:[\d{grp}]*\d)?)(?:{dsep}(\d{{1,2}}))?[ \t]*{sym}")
        self.decimal = re.compile(rf"-?(\d+){dsep}(\d+)")
        self.integer = re.compile(r"-?\d+")
        self.money_symbol = t.MONEY_SYMBOL


_DIALECTS: dict[str, _Dialect] = {}


def dialect(name: str) -> _Dialect:
    if name not in _DIALECTS:
        _DIALECTS[name] = _Dialect(name)
    return _DIALECTS[name]


def tokenize(text: str, dialect_name: str, file: str, first_line: int = 1,
             law_headings: tuple[str, ...] = ()) -> list[Token]:
    """Tokens of one code chunk; positions are those of the literate file (chunk starts at ``first_line``).

    Ends with an ``EOF`` token. Raises :class:`CatalaError` on an invalid character or date.
    """
    d = dialect(dialect_name)
    toks: list[Token] = []
    n = len(text)
    i = 0
    line = first_line
    line_off = 0  # offset of the current line's first character
    last_line_with_token = -1

    def where(off: int) -> tuple[int, int]:
        # line/column of an offset at or after line_off, counting newlines crossed
        nonlocal line, line_off
        while True:
            nl = text.find("\n", line_off, off)
            if nl < 0:
                return line, off - line_off + 1
            line += 1
            line_off = nl + 1

    def emit(kind: str, start: int, end: int, value: object = None) -> None:
        nonlocal last_line_with_token
        l1, c1 = where(start)
        l2, c2 = where(end)
        toks.append(Token(kind, text[start:end], value, l1, c1, l2, c2, l1 != last_line_with_token))
        last_line_with_token = l1

    def error(msg: str, start: int, end: int) -> CatalaError:
        l1, c1 = where(start)
        l2, c2 = where(end)
        return CatalaError(msg, SourcePosition(file, l1, c1, l2, c2, law_headings))

    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v":
            i += 1
            continue
        if c == "#":
            if text.startswith("#[", i):
                emit("ATTR_START", i, i + 2)
                i += 2
                continue
            eol = text.find("\n", i)
            eol = n if eol < 0 else eol
            if text.startswith("##", i):
                # consecutive lines starting with ## form one doc-string token
                j = eol
                while j + 1 < n and text.startswith("##", j + 1):
                    nxt = text.find("\n", j + 1)
                    j = n if nxt < 0 else nxt
                emit("DOCSTRING", i, j, text[i:j])
                i = j
                continue
            i = eol
            continue
        if c == '"':
            j = i + 1
            buf = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    nxt = text[j + 1]
                    buf.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            if j >= n:
                raise error("Unterminated string literal", i, i + 1)
            emit("STRING", i, j + 1, "".join(buf))
            i = j + 1
            continue
        m = _WORD.match(text, i)
        if m:
            word = m.group()
            end = m.end()
            kind = d.single.get(word)
            for pat, k in d.multi.get(word, ()):
                mm = pat.match(text, i)
                if mm and mm.end() > end:
                    end, kind = mm.end(), k
            if kind is None:
                kind = "UIDENT" if word[0].isupper() else ("LIDENT" if word[0].islower() else None)
                if kind is None:
                    raise error(f'Invalid character "{word[0]}"', i, i + 1)
                emit(kind, i, end, word)
            else:
                emit(kind, i, end)
            i = end
            continue
        starts_number = c.isdigit() and c.isascii() or (c == "-" and i + 1 < n and text[i + 1] in "0123456789")
        if starts_number or c == d.money_symbol or (c == "-" and text.startswith(d.money_symbol, i + 1)):
            mm = d.money.match(text, i)
            if mm:
                units = re.sub(r"\D", "", mm.group(2))
                cents = int(units) * 100 + int((mm.group(3) or "0").ljust(2, "0"))
                emit("MONEY", i, mm.end(), -cents if mm.group(1) else cents)
                i = mm.end()
                continue
            if starts_number:
                mm = d.decimal.match(text, i)
                if mm:
                    s = mm.group()
                    value = Fraction(int(mm.group(1) + mm.group(2)), 10 ** len(mm.group(2)))
                    emit("DEC", i, mm.end(), -value if s.startswith("-") else value)
                    i = mm.end()
                    continue
                mm = d.integer.match(text, i)
                emit("INT", i, mm.end(), int(mm.group()))
                i = mm.end()
                continue
        if c == "|":
            mm = _DATE.match(text, i)
            if not mm:
                raise error("Invalid token \"|\": a date literal is written |YYYY-MM-DD|", i, i + 1)
            y, mo, da = (int(g) for g in mm.groups())
            if not _valid_date(y, mo, da):
                raise error("There is an error in this date, it does not correspond to a valid calendar day",
                            i, mm.end())
            emit("DATE_LIT", i, mm.end(), (y, mo, da))
            i = mm.end()
            continue
        two = text[i:i + 2]
        if two == "++":
            emit("PLUSPLUS", i, i + 2)
            i += 2
            continue
        if two == "--":
            emit("ALT", i, i + 2)
            i += 2
            continue
        if two == "!=":
            emit("NOT_EQUAL", i, i + 2)
            i += 2
            continue
        op = two if two in ("<=", ">=") else (c if c in _OPS else None)
        if op is not None:
            j = i + len(op)
            suffix = None
            if j < n:
                s = text[j]
                if s in _OP_SUFFIX:
                    suffix = _OP_SUFFIX[s]
                elif s == d.money_symbol:
                    suffix = "$"
                if suffix is not None:
                    j += 1
            emit(_OPS[op], i, j, suffix)
            i = j
            continue
        if c in _PUNCT:
            emit(_PUNCT[c], i, i + 1)
            i += 1
            continue
        raise error(f'Invalid token "{c}"', i, i + 1)
    lend, cend = where(n)
    toks.append(Token("EOF", "", None, lend, cend, lend, cend, True))
    return toks

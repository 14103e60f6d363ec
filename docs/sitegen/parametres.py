"""Extract the dated values of policy/parametres.catala_fr and render the « Paramètres » page.

Rules read (simple on purpose, and tested in tests/docs/test_parametres_page.py):
- the code blocks are lexed with the project's Pygments lexer (comments and whitespace dropped);
- `champ d'application S` (not after `déclaration`) opens the scope the following definitions belong to;
- an item starts at `définition`/`règle` (possibly after `étiquette x` / `exception [x]`) and ends where the
  next item, scope or declaration starts; its condition is what lies between `sous condition` and
  `conséquence`, its value what follows `égal à`;
- `déclaration x contenu t égal à v` (outside any scope, no `dépend de`) is a constant: its value is shown with
  its source, without period;
- the period of effect is read from the conjuncts of the condition that compare something with a date
  literal (`d >= |2020-01-01| et d < |2021-01-01|`) or a year variable (`annee`, `année`, `year`) with an
  integer (`annee = 2020` is the calendar year 2020); any other condition is shown as written;
- the legal source is the law heading above the code block.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from pygments.token import Comment, Keyword, Literal, Name, Number, Operator, Punctuation, String, Whitespace

from catalapy.pygments_lexer import CatalaLexer

from secu_independants.ecriture import date_longue, texte_source

from .regles import Heading, anchor_for, code_blocks, line_anchor, plain

_ITEM_START = {"définition", "definition", "règle", "rule", "assertion", "étiquette", "label", "exception"}
_BLOCK_START = {"déclaration", "declaration"}
_SCOPE = {"champ d'application", "scope"}
_UNDER_CONDITION = {"sous condition", "under condition"}
_CONSEQUENCE = {"conséquence", "consequence"}
_EQUALS = {"égal à", "equals"}
_FULFILLED = {"rempli", "fulfilled"}
_AND = {"et", "and"}


class ParametresError(ValueError):
    """The parameters file could not be read into dated values."""


@dataclass(frozen=True)
class DatedValue:
    """One `définition` of a parameter (``scope`` set) or one global constant `déclaration x contenu t égal à v`
    (``scope`` None, ``type`` set): its value (source text), condition, period and legal source."""

    scope: str | None
    variable: str
    value: str
    condition: str | None
    start: datetime.date | None  # first day of effect, inclusive
    end: datetime.date | None  # last day of effect, inclusive
    headings: tuple[Heading, ...]
    line: int
    type: str | None = None

    @property
    def source(self) -> str:
        """The innermost law heading above the definition (the text that set the value)."""
        return self.headings[-1].title if self.headings else ""


@dataclass(frozen=True)
class _Token:
    kind: object
    text: str
    line: int


def normalise(text: str) -> str:
    """Collapse whitespace (multi-word keywords may span lines).

    >>> normalise("égal\\n   à  41 136 €")
    'égal à 41 136 €'
    """
    return re.sub(r"\s+", " ", text).strip()


def extract_dated_values(text: str, path: str) -> list[DatedValue]:
    """Every definition made inside a scope of the literate file ``text``, in file order."""
    values: list[DatedValue] = []
    for block in code_blocks(text, path):
        values.extend(_definitions_of_block(block.text, block.first_line, block.headings))
    return values


def require_dated_values(text: str, path: str) -> list[DatedValue]:
    """Like :func:`extract_dated_values`, but fail loudly when nothing dated is found."""
    values = extract_dated_values(text, path)
    dated = [v for v in values if v.scope is not None and (v.start is not None or v.end is not None)]
    if not dated:
        raise ParametresError(
            f"{path}: no dated value found (expected `définition x sous condition <date comparisons> "
            f"conséquence égal à v` inside `champ d'application` blocks); found {len(values)} definition(s)"
        )
    return values


def _tokens(code: str, first_line: int) -> list[_Token]:
    tokens: list[_Token] = []
    for offset, kind, value in CatalaLexer().get_tokens_unprocessed(code):
        if kind in Whitespace or kind in Comment or kind in String.Doc or not value.strip():
            continue
        tokens.append(_Token(kind, value, first_line + code.count("\n", 0, offset)))
    return tokens


def _definitions_of_block(code: str, first_line: int, headings: tuple[Heading, ...]) -> list[DatedValue]:
    tokens = _tokens(code, first_line)
    values: list[DatedValue] = []
    scope: str | None = None
    index = 0
    while index < len(tokens):
        word = normalise(tokens[index].text)
        if word in _BLOCK_START:
            scope = None
            end = _skip_to_next_item(tokens, index + 2)
            if index + 1 < len(tokens) and tokens[index + 1].kind in Name.Variable:
                constant = _read_constant(tokens[index:end], headings)
                if constant is not None:
                    values.append(constant)
            index = end  # any other declaration (structure, scope…): skip its keyword and its body
            continue
        if word in _SCOPE and index + 1 < len(tokens):
            scope = tokens[index + 1].text
            index += 2
            continue
        if word in {"définition", "definition", "règle", "rule"} and scope is not None:
            end = _skip_to_next_item(tokens, index + 1)
            values.append(_read_definition(scope, tokens[index:end], headings))
            index = end
            continue
        index += 1
    return values


def _skip_to_next_item(tokens: list[_Token], index: int) -> int:
    while index < len(tokens):
        word = normalise(tokens[index].text)
        if tokens[index].kind in Keyword and (
            word in _ITEM_START or word in _BLOCK_START or word in _SCOPE
        ):
            return index
        if tokens[index].kind in Name.Decorator:  # an attribute opens the next item
            return index
        index += 1
    return index


def _read_definition(scope: str, item: list[_Token], headings: tuple[Heading, ...]) -> DatedValue:
    words = [normalise(t.text) for t in item]
    variable_end = 1
    while variable_end < len(item) and (
        item[variable_end].kind in Name.Variable or item[variable_end].text == "."
    ):
        variable_end += 1
    variable = "".join(t.text for t in item[1:variable_end])
    condition_tokens: list[_Token] = []
    if any(w in _UNDER_CONDITION for w in words):
        start = next(i for i, w in enumerate(words) if w in _UNDER_CONDITION) + 1
        stop = next((i for i, w in enumerate(words) if w in _CONSEQUENCE), len(item))
        condition_tokens = item[start:stop]
    equals = next((i for i, w in enumerate(words) if w in _EQUALS or w in _FULFILLED), None)
    if equals is None:
        value = ""
    elif words[equals] in _FULFILLED:
        value = words[equals - 1] + " " + words[equals] if words[equals - 1] == "non" else words[equals]
    else:
        value = _join(item[equals + 1 :])
    start_date, end_date = period_of(condition_tokens)
    condition = _join(condition_tokens) or None
    return DatedValue(scope, variable, value, condition, start_date, end_date, headings, item[0].line)


def _read_constant(item: list[_Token], headings: tuple[Heading, ...]) -> DatedValue | None:
    """`déclaration x contenu t égal à v`; None for functions (`dépend de`) and declarations without value."""
    words = [normalise(t.text) for t in item]
    if any(w in {"dépend de", "depends on"} for w in words):
        return None
    equals = next((i for i, w in enumerate(words) if w in _EQUALS), None)
    content = next((i for i, w in enumerate(words) if w in {"contenu", "content"}), None)
    if equals is None:
        return None
    type_text = _join(item[content + 1 : equals]) if content is not None else None
    value = _join(item[equals + 1 :])
    return DatedValue(None, item[1].text, value, None, None, None, headings, item[0].line, type_text)


def _join(tokens: list[_Token]) -> str:
    text = ""
    for token in tokens:
        glue = "" if token.kind in Punctuation and token.text in ".,;:)]" or text.endswith(("(", "[", ".")) else " "
        text = (text + glue + normalise(token.text)) if text else normalise(token.text)
    return text


def period_of(condition: list[_Token]) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last day (inclusive) of the period described by the date comparisons of a condition;
    None where the condition sets no bound."""
    start: datetime.date | None = None
    end: datetime.date | None = None
    for conjunct in _split_conjuncts(condition):
        for side, day in _date_bounds(conjunct):
            if side == "start":
                start = day if start is None else max(start, day)
            else:
                end = day if end is None else min(end, day)
    return start, end


def _split_conjuncts(condition: list[_Token]) -> list[list[_Token]]:
    parts: list[list[_Token]] = [[]]
    for token in condition:
        if token.kind in Operator.Word and token.text in _AND:
            parts.append([])
        elif token.text not in "()":
            parts[-1].append(token)
    return parts


_YEAR_NAMES = {"annee", "année", "year", "an"}


def _date_bounds(conjunct: list[_Token]) -> list[tuple[str, datetime.date]]:
    """The bounds a conjunct sets: a date comparison, or a year comparison (`annee = 2020` sets both)."""
    bound = _date_bound(conjunct)
    if bound is not None:
        return [bound]
    return _year_bounds(conjunct)


def _year_bounds(conjunct: list[_Token]) -> list[tuple[str, datetime.date]]:
    """`annee OP 2020` or `2020 OP annee` (the variable may be qualified: `x.annee`)."""
    if len(conjunct) < 3:
        return []
    names = [t for t in conjunct if t.kind in Name.Variable]
    numbers = [i for i, t in enumerate(conjunct) if t.kind in Number.Integer]
    operators = [i for i, t in enumerate(conjunct) if t.kind in Operator and t.text.rstrip("!") in _YEAR_OPS]
    if len(numbers) != 1 or len(operators) != 1 or not names or names[-1].text not in _YEAR_NAMES:
        return []
    year = int(conjunct[numbers[0]].text)
    operator = conjunct[operators[0]].text.rstrip("!")
    if numbers[0] < operators[0]:
        operator = _FLIPPED.get(operator, operator)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return {
        "=": [("start", first), ("end", last)],
        ">=": [("start", first)],
        ">": [("start", datetime.date(year + 1, 1, 1))],
        "<=": [("end", last)],
        "<": [("end", datetime.date(year - 1, 12, 31))],
    }[operator]


_YEAR_OPS = {"=", ">=", ">", "<=", "<"}


def _date_bound(conjunct: list[_Token]) -> tuple[str, datetime.date] | None:
    """("start", first day) or ("end", last day) for `x OP |date|` or `|date| OP x`."""
    dates = [i for i, t in enumerate(conjunct) if t.kind in Literal.Date]
    operators = [i for i, t in enumerate(conjunct) if t.kind in Operator and t.text.rstrip("@") in _FLIPPED]
    if len(dates) != 1 or len(operators) != 1:
        return None
    day = parse_date_literal(conjunct[dates[0]].text)
    operator = conjunct[operators[0]].text.rstrip("@")
    if dates[0] < operators[0]:  # |date| OP x  ≡  x OP' |date|
        operator = _FLIPPED[operator]
    one_day = datetime.timedelta(days=1)
    return {
        ">=": ("start", day),
        ">": ("start", day + one_day),
        "<": ("end", day - one_day),
        "<=": ("end", day),
    }[operator]


_FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}


def parse_date_literal(text: str) -> datetime.date:
    """`|2020-01-01|` → date(2020, 1, 1)."""
    return datetime.date.fromisoformat(text.strip("|"))


#: date(2020, 1, 1) → '1er janvier 2020' (values as the law writes them: secu_independants.ecriture)
french_date = date_longue


def describe_period(start: datetime.date | None, end: datetime.date | None) -> str:
    """>>> describe_period(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    'du 1er janvier 2020 au 31 décembre 2020'
    """
    if start and end:
        return f"du {french_date(start)} au {french_date(end)}"
    if start:
        return f"à partir du {french_date(start)}"
    if end:
        return f"jusqu'au {french_date(end)}"
    return "sans limite de date"


def render_parametres_page(values: list[DatedValue], source_path: str, rule_page: str) -> str:
    """The « Paramètres » page: one table per scope variable (one row per dated value), then the constants."""
    lines = [
        "# Paramètres",
        "",
        f"Valeurs lues à la construction du site dans `{source_path}` ([texte complet]({rule_page})). Chaque "
        "ligne est une définition de ce fichier, avec la période pendant laquelle elle s'applique (tirée de sa "
        "condition) et le texte qui l'a fixée (le titre sous lequel elle est écrite).",
        "",
        "## Valeurs datées",
        "",
    ]
    groups: dict[tuple[str, str], list[DatedValue]] = {}
    for value in values:
        if value.scope is not None:
            groups.setdefault((value.scope, value.variable), []).append(value)
    for (scope, variable), group in groups.items():
        lines += [f"### `{variable}` ({scope})", "", "| Valeur | Période d'effet | Source | Ligne |",
                  "|---|---|---|---|"]
        for value in sorted(group, key=_chronological):
            lines.append(
                f"| {_value_cell(value.value)} | {_period_cell(value, len(group))} | {_source_link(value, rule_page)} "
                f"| {_line_link(source_path, value.line, rule_page)} |"
            )
        lines.append("")
    constants = [value for value in values if value.scope is None]
    if constants:
        lines += ["## Constantes", "", "Valeurs sans période propre (dates de réformes, taux, durées).", "",
                  "| Nom | Type | Valeur | Source | Ligne |", "|---|---|---|---|---|"]
        for value in constants:
            lines.append(
                f"| `{value.variable}` | {_cell(plain(value.type or ''))} | {_value_cell(value.value)} "
                f"| {_source_link(value, rule_page)} | {_line_link(source_path, value.line, rule_page)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _period_cell(value: DatedValue, group_size: int) -> str:
    if value.start is not None or value.end is not None:
        return describe_period(value.start, value.end)
    if value.condition:
        condition = _cell(value.condition.replace("`", "'"))
        return f"si `{condition}`"
    return "dans les autres cas" if group_size > 1 else "toujours"


def _chronological(value: DatedValue) -> tuple:
    return (value.start or datetime.date.min, value.end or datetime.date.max, value.line)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _value_cell(source_text: str) -> str:
    """A value as the law writes it (`|2019-05-30|` → 30 mai 2019, `Présent contenu 1 430,22 €` →
    1 430,22 €, `Absent` → aucune valeur), shown as plain text."""
    return _cell(plain(texte_source(source_text) or ""))


def _line_link(source_path: str, line: int, rule_page: str) -> str:
    """`policy/parametres.catala_fr:78`, linked to that line of the rule page."""
    return f"[`{source_path}:{line}`]({rule_page}#{line_anchor(line)})"


def _source_link(value: DatedValue, rule_page: str) -> str:
    if not value.headings:
        return ""
    innermost = value.headings[-1]
    title = _cell(plain(innermost.title))
    for heading in reversed(value.headings):
        if heading.article_id:
            return f"[{title}]({rule_page}#{anchor_for(heading.article_id)})"
    return f"[{title}]({rule_page}#{line_anchor(value.line)})"

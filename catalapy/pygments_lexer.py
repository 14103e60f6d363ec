"""Pygments lexer for Catala, French and English dialects.

It lexes Catala *code* (the contents of a ```catala block); given a whole literate file (one containing a
```catala fence) it lexes the Markdown prose as text and the code blocks as code. Registered through the
``pygments.lexers`` entry point declared in pyproject.toml, so ``pip install`` makes it available to
Pygments, mkdocs and ``pygmentize``.

>>> from pygments.token import Keyword
>>> (Keyword.Declaration, "champ d'application") in list(CatalaLexer().get_tokens("champ d'application"))
True
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, include
from pygments.token import (
    Comment,
    Generic,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

__all__ = ["CatalaLexer"]

# A keyword must not be followed by a character that could continue an identifier (`date_naissance`,
# `dette`, `l'année` are identifiers, not keywords).
_END = r"(?![\w'])"


def _words(*phrases: str) -> str:
    """A regex matching any of ``phrases`` as whole words; the spaces of a multi-word phrase match any
    whitespace, newlines included (Catala's rule for multi-word keywords). Longest phrases are tried first.

    >>> re.match(_words("égal à"), "égal\\n  à 3").group()
    'égal\\n  à'
    """
    ordered = sorted(phrases, key=len, reverse=True)
    alternatives = (r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in ordered)
    return "(?:" + "|".join(alternatives) + ")" + _END


# Keyword tables (see the Catala language reference, §2.2), grouped by the token type they get.
DECLARATION_WORDS = (
    # FR
    "déclaration", "champ d'application", "structure", "énumération", "donnée", "condition", "contenu",
    "dépend de", "entrée", "résultat", "interne", "contexte", "état", "type", "externe",
    # EN
    "declaration", "scope", "data", "content", "depends on", "input", "output", "internal", "context",
    "state", "external",
)
RULE_WORDS = (
    # FR
    "définition", "règle", "égal à", "sous condition", "conséquence", "rempli", "étiquette", "exception",
    "assertion", "si", "alors", "sinon", "soit", "dans", "selon", "sous forme", "n'importe quel", "de",
    "mais en remplaçant", "avec", "existe", "parmi", "tel", "que", "pour", "tout", "on a",
    "transforme chaque", "en", "combine", "initialement", "trie", "par ordre croissant",
    "par ordre décroissant", "puis", "ou si liste vide", "maximum", "minimum", "somme", "est", "contient",
    "inférieur", "supérieur",
    # EN
    "definition", "rule", "equals", "under condition", "consequence", "fulfilled", "label", "if", "then",
    "else", "let", "in", "match", "with pattern", "anything", "of", "but replace", "with", "exists",
    "among", "such", "that", "for", "all", "we have", "map each", "to", "sort", "in increasing order",
    "in decreasing order", "and then", "or if list empty", "sum", "is", "contains", "up", "down",
)
OPERATOR_WORDS = ("et", "ou", "ou bien", "non", "and", "or", "xor", "not")
TYPE_WORDS = (
    "liste de", "optionnel de", "entier", "décimal", "argent", "booléen", "date", "durée",
    "position_source",
    "list of", "optional of", "integer", "decimal", "money", "boolean", "duration", "code_location",
)
CONSTANT_WORDS = ("vrai", "faux", "true", "false")
BUILTIN_WORDS = ("arrondi", "impossible", "nombre", "round", "number")
BUILTIN_CONSTRUCTORS = ("Présent", "Absent", "Present")
DURATION_UNITS = ("an", "mois", "jour", "year", "month", "day")

# Typed operator suffixes: `!` integer, `.` decimal, `€`/`$` money, `^` duration, `@` date.
_OPERATOR_SUFFIX = r"[!.€$^@]?"


_KEYWORD_GROUPS = (
    (TYPE_WORDS, Keyword.Type),
    (DECLARATION_WORDS, Keyword.Declaration),
    (OPERATOR_WORDS, Operator.Word),
    (RULE_WORDS, Keyword),
)


def _multi_word_rules():
    """One rule per keyword group, matching only its multi-word phrases."""
    return [(_words(*[p for p in words if " " in p]), token) for words, token in _KEYWORD_GROUPS]


def _identifier(lexer, match):
    """Upper-case identifiers name types, scopes, constructors and modules; lower-case ones name
    variables, fields, functions and labels."""
    text = match.group()
    kind = Name.Class if text[0].isupper() else Name.Variable
    yield match.start(), kind, text


class CatalaLexer(RegexLexer):
    """Catala (https://catala-lang.org), French and English dialects, code or whole literate file."""

    name = "Catala"
    aliases = ["catala", "catala_fr", "catala_en", "catala-fr", "catala-en"]
    filenames = ["*.catala_fr", "*.catala_en"]
    mimetypes = ["text/x-catala"]
    url = "https://catala-lang.org"
    flags = re.MULTILINE | re.UNICODE

    tokens = {
        "root": [include("code")],
        "code": [
            (r"\s+", Whitespace),
            (r"#\[", Name.Decorator, "attribute"),
            (r"##.*?$", String.Doc),
            (r"#.*?$", Comment.Single),
            include("literals"),
            # Multi-word keywords first: `ou si liste vide` must win over `ou`, `and then` over `and`.
            *_multi_word_rules(),
            (_words(*TYPE_WORDS), Keyword.Type),
            (_words(*DECLARATION_WORDS), Keyword.Declaration),
            (_words(*OPERATOR_WORDS), Operator.Word),
            (_words(*CONSTANT_WORDS), Keyword.Constant),
            (_words(*DURATION_UNITS), Keyword.Constant),
            (_words(*RULE_WORDS), Keyword),
            (_words(*BUILTIN_WORDS), Name.Builtin),
            (_words(*BUILTIN_CONSTRUCTORS), Name.Builtin),
            (r"[^\W\d_][\w']*", _identifier),
            include("operators"),
        ],
        "literals": [
            (r'"(?:[^"\\]|\\[\s\S])*"', String.Double),
            (r"\|\d{4}-\d{2}-\d{2}\|", Literal.Date),
            # Money, FR: `1 234,56 €`, `12€`, `-0,30 €` (group separator: a plain space).
            (r"-?\d(?:[\d ]*\d)?(?:,\d{1,2})?[ \t]*€", Number),
            # Money, EN: `$1,234.56`, `$ 12`, `-$0.30` (group separator: a comma).
            (r"-?\$[ \t]*\d(?:[\d,]*\d)?(?:\.\d{1,2})?", Number),
            # Percentages: `5,5%`, `37 %`, `5.5%`.
            (r"-?\d+(?:[.,]\d+)?[ \t]*%", Number.Float),
            # Durations: `3 jour`, `2 mois`, `1 an`, `4 day`.
            (
                r"(-?\d+)(\s+)(" + _words(*DURATION_UNITS) + ")",
                bygroups(Number.Integer, Whitespace, Keyword.Constant),
            ),
            # Decimals: FR comma `3,14`, EN point `3.14` (no space: `f de 1, 2` is two integers).
            (r"-?\d+[.,]\d+", Number.Float),
            (r"-?\d+", Number.Integer),
        ],
        "operators": [
            (r"--", Punctuation),
            (r"\+\+", Operator),
            (r"(?:<=|>=|<|>)" + _OPERATOR_SUFFIX, Operator),
            (r"[-+*/]" + _OPERATOR_SUFFIX, Operator),
            (r"!=|=", Operator),
            (r"[.:;,(){}\[\]]", Punctuation),
        ],
        "attribute": [
            (r"\]", Name.Decorator, "#pop"),
            (r"\[", Punctuation, "attribute-list"),
            (r"[a-z_][\w]*(?:\.[a-z_][\w]*)*(?=\s*(?:=|\]))", Name.Decorator),
            include("code"),
        ],
        "attribute-list": [
            (r"\]", Punctuation, "#pop"),
            (r"\[", Punctuation, "#push"),
            include("code"),
        ],
        # Whole literate files: Markdown prose, law headings, directives, and fenced code blocks.
        "literate": [
            (r"^```catala(?:-metadata)?[ \t]*\n", String.Backtick, "literate-code"),
            (r"^```.*\n", String.Backtick, "literate-raw"),
            (r"^#[^#\n].*\n?", Generic.Heading),
            (r"^#{2,}.*\n?", Generic.Subheading),
            (
                r"^(>[ \t]*)(Module|Usage[ \t]+de|Using|Inclusion:|Include:)(.*\n?)",
                bygroups(Comment.Preproc, Keyword.Namespace, Name.Namespace),
            ),
            (r".*\n", Text),
            (r".+", Text),
        ],
        "literate-code": [
            (r"^```[ \t]*(?:\n|\Z)", String.Backtick, "#pop"),
            include("code"),
        ],
        "literate-raw": [
            (r"^```[ \t]*(?:\n|\Z)", String.Backtick, "#pop"),
            (r".*\n", Text),
            (r".+", Text),
        ],
    }

    def get_tokens_unprocessed(self, text, stack=("root",)):
        """Code by default; a whole literate file (it has a ```catala fence) starts in prose."""
        if stack == ("root",) and _LITERATE_FENCE.search(text):
            stack = ("literate",)
        yield from super().get_tokens_unprocessed(text, stack)

    @staticmethod
    def analyse_text(text):
        """Make ``guess_lexer`` recognise literate Catala files."""
        return 0.9 if _LITERATE_FENCE.search(text) else 0.0


_LITERATE_FENCE = re.compile(r"^```catala", re.MULTILINE)

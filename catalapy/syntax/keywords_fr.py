"""French keyword table (data only): surface spelling → canonical token kind, plus literal conventions.

Multi-word spellings are written with single spaces; the lexer accepts any whitespace (newlines included)
between their words, except those listed in ``STRICT_SPACING`` which need exactly one space.
"""

KEYWORDS: dict[str, str] = {
    "champ d'application": "SCOPE",
    "conséquence": "CONSEQUENCE",
    "donnée": "DATA",
    "dépend de": "DEPENDS",
    "déclaration": "DECLARATION",
    "contexte": "CONTEXT",
    "inférieur": "DECREASING",
    "supérieur": "INCREASING",
    "de": "OF",
    "liste de": "LIST",
    "optionnel de": "OPTION",
    "contient": "CONTAINS",
    "énumération": "ENUM",
    "date": "DATE",
    "somme": "SUM",
    "rempli": "FILLED",
    "définition": "DEFINITION",
    "état": "STATE",
    "étiquette": "LABEL",
    "exception": "EXCEPTION",
    "égal à": "DEFINED_AS",
    "selon": "MATCH",
    "n'importe quel": "WILDCARD",
    "type": "TYPE",
    "sous forme": "WITH",
    "sous condition": "UNDER_CONDITION",
    "si": "IF",
    "alors": "THEN",
    "sinon": "ELSE",
    "condition": "CONDITION",
    "contenu": "CONTENT",
    "structure": "STRUCT",
    "assertion": "ASSERTION",
    "avec": "WITH_V",
    "pour": "FOR",
    "tout": "ALL",
    "on a": "WE_HAVE",
    "règle": "RULE",
    "soit": "LET",
    "existe": "EXISTS",
    "dans": "IN",
    "parmi": "AMONG",
    "combine": "COMBINE",
    "transforme chaque": "MAP_EACH",
    "en": "TO",
    "tel": "SUCH",
    "que": "THAT",
    "trie": "SORT",
    "par ordre croissant": "ORDER_ASCENDING",
    "par ordre décroissant": "ORDER_DESCENDING",
    "puis": "AND_THEN",
    "et": "AND",
    "ou": "OR",
    "ou bien": "XOR",
    "non": "NOT",
    "maximum": "MAXIMUM",
    "minimum": "MINIMUM",
    "est": "IS",
    "ou si liste vide": "OR_IF_LIST_EMPTY",
    "mais en remplaçant": "BUT_REPLACE",
    "initialement": "INITIALLY",
    "an": "YEAR",
    "mois": "MONTH",
    "jour": "DAY",
    "vrai": "TRUE",
    "faux": "FALSE",
    "entrée": "INPUT",
    "résultat": "OUTPUT",
    "interne": "INTERNAL",
    "externe": "EXTERNAL",
}

STRICT_SPACING: frozenset[str] = frozenset({"par ordre croissant"})

# Lower-case names that lex as identifiers but denote builtins in expressions (canonical English names).
BUILTINS: dict[str, str] = {
    "arrondi": "round",
    "nombre": "length",
    "entier": "integer_of",
    "décimal": "decimal_of",
    "argent": "money_of",
    "impossible": "impossible",
}

# Lower-case names recognised in type position (``date`` is the DATE keyword).
PRIMITIVE_TYPES: dict[str, str] = {
    "entier": "integer",
    "décimal": "decimal",
    "argent": "money",
    "booléen": "boolean",
    "durée": "duration",
    "position_source": "code_location",
}

# Builtin constructors of ``optionnel``, mapped to their canonical names.
BUILTIN_CONSTRUCTORS: dict[str, str] = {"Présent": "Present", "Absent": "Absent"}

DECIMAL_SEPARATOR = ","
MONEY_SYMBOL = "€"          # suffix of money literals and of money-typed operators (``+€``)
MONEY_PREFIX = False        # the symbol follows the amount
MONEY_GROUP_SEPARATOR = " "

# ``date arrondi inférieur``: the builtin name expected between ``date`` and the direction.
ROUND_WORD = "arrondi"

# Column-0 directives of the literate file (regular-expression fragments; ``> Usage de M en tant que A``).
DIRECTIVES: dict[str, str] = {"module": "Module", "use": r"Usage[ \t]+de", "alias": "en tant que",
                              "include": "Inclusion", "external": "externe"}
DIRECTIVE_NAMES = "'> Module', '> Usage de', '> Inclusion:'"  # for the "Invalid directive" message

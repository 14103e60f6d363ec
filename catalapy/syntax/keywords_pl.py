"""Polish keyword table (data only): surface spelling → canonical token kind, plus literal conventions.

The spellings are those of the reference compiler's Polish lexer (a few words stayed English there:
``sort``, ``by increasing order``, ``and then``, and the ``> Include`` / ``> Using`` directives).
Multi-word spellings are written with single spaces; the lexer accepts any whitespace (newlines included)
between their words, except those listed in ``STRICT_SPACING`` which need exactly one space.
"""

KEYWORDS: dict[str, str] = {
    "zakres": "SCOPE",
    "konsekwencja": "CONSEQUENCE",
    "dane": "DATA",
    "zależy od": "DEPENDS",
    "deklaracja": "DECLARATION",
    "kontekst": "CONTEXT",
    "dół": "DECREASING",
    "górę": "INCREASING",
    "z": "OF",
    "lista": "LIST",
    "opcjonalny": "OPTION",
    "zawiera": "CONTAINS",
    "enumeracja": "ENUM",
    "czas": "DATE",
    "suma": "SUM",
    "spełnione": "FILLED",
    "definicja": "DEFINITION",
    "stan": "STATE",
    "etykieta": "LABEL",
    "wyjątek": "EXCEPTION",
    "wynosi": "DEFINED_AS",
    "pasuje": "MATCH",
    "cokolwiek": "WILDCARD",
    "rodzaj": "TYPE",
    "ze wzorem": "WITH",
    "pod warunkiem": "UNDER_CONDITION",
    "jeżeli": "IF",
    "wtedy": "THEN",
    "inaczej": "ELSE",
    "warunek": "CONDITION",
    "typu": "CONTENT",
    "struktura": "STRUCT",
    "asercja": "ASSERTION",
    "wraz z": "WITH_V",
    "dla": "FOR",
    "wszystkie": "ALL",
    "mamy": "WE_HAVE",
    "zasada": "RULE",
    "niech": "LET",
    "istnieje": "EXISTS",
    "w": "IN",
    "wśród": "AMONG",
    "połączyć": "COMBINE",
    "plan każdy": "MAP_EACH",
    "do": "TO",
    "takie że": "SUCH",
    "to": "THAT",
    "sort": "SORT",
    "by increasing order": "ORDER_ASCENDING",
    "by decreasing order": "ORDER_DESCENDING",
    "and then": "AND_THEN",
    "i": "AND",
    "lub": "OR",
    "albo": "XOR",
    "nie": "NOT",
    "maksimum": "MAXIMUM",
    "minimum": "MINIMUM",
    "jest": "IS",
    "lub jeżeli lista pusta": "OR_IF_LIST_EMPTY",
    "ale zastąpić": "BUT_REPLACE",
    "początkowo": "INITIALLY",
    "rok": "YEAR",
    "miesiąc": "MONTH",
    "dzień": "DAY",
    "prawda": "TRUE",
    "fałsz": "FALSE",
    "wejście": "INPUT",
    "wyjście": "OUTPUT",
    "wewnętrzny": "INTERNAL",
    "external": "EXTERNAL",
}

STRICT_SPACING: frozenset[str] = frozenset({"by increasing order", "by decreasing order"})

# Lower-case names that lex as identifiers but denote builtins in expressions (canonical English names).
BUILTINS: dict[str, str] = {
    "zaokrąglony": "round",
    "liczba": "length",
    "całkowita": "integer_of",
    "dziesiętny": "decimal_of",
    "pieniądze": "money_of",
    "niemożliwe": "impossible",
}

# Lower-case names recognised in type position (``czas`` is the DATE keyword).
PRIMITIVE_TYPES: dict[str, str] = {
    "całkowita": "integer",
    "dziesiętny": "decimal",
    "pieniądze": "money",
    "zerojedynkowy": "boolean",
    "czastrwania": "duration",
    "code_location": "code_location",
}

BUILTIN_CONSTRUCTORS: dict[str, str] = {"Obecny": "Present", "Nieobecny": "Absent"}

DECIMAL_SEPARATOR = "."
MONEY_SYMBOL = "PLN"        # suffix of money literals (``100 PLN``) and of money-typed operators
MONEY_PREFIX = False
MONEY_GROUP_SEPARATOR = ","

# ``czas zaokrąglony dół``: the builtin name expected between ``czas`` and the direction.
ROUND_WORD = "zaokrąglony"

# Column-0 directives of the literate file (English in the reference's Polish lexer: ``> Using M as A``).
DIRECTIVES: dict[str, str] = {"module": "Module", "use": "Using", "alias": "as", "include": "Include",
                              "external": "external"}
DIRECTIVE_NAMES = "'> Module', '> Using', '> Include:'"  # for the "Invalid directive" message

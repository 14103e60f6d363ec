"""English keyword table (data only): surface spelling → canonical token kind, plus literal conventions.

Multi-word spellings are written with single spaces; the lexer accepts any whitespace (newlines included)
between their words, except those listed in ``STRICT_SPACING`` which need exactly one space.
"""

KEYWORDS: dict[str, str] = {
    "scope": "SCOPE",
    "consequence": "CONSEQUENCE",
    "data": "DATA",
    "depends on": "DEPENDS",
    "declaration": "DECLARATION",
    "context": "CONTEXT",
    "down": "DECREASING",
    "up": "INCREASING",
    "of": "OF",
    "list of": "LIST",
    "optional of": "OPTION",
    "contains": "CONTAINS",
    "enumeration": "ENUM",
    "date": "DATE",
    "sum": "SUM",
    "fulfilled": "FILLED",
    "definition": "DEFINITION",
    "state": "STATE",
    "label": "LABEL",
    "exception": "EXCEPTION",
    "equals": "DEFINED_AS",
    "match": "MATCH",
    "anything": "WILDCARD",
    "type": "TYPE",
    "with pattern": "WITH",
    "under condition": "UNDER_CONDITION",
    "if": "IF",
    "then": "THEN",
    "else": "ELSE",
    "condition": "CONDITION",
    "content": "CONTENT",
    "structure": "STRUCT",
    "assertion": "ASSERTION",
    "with": "WITH_V",
    "for": "FOR",
    "all": "ALL",
    "we have": "WE_HAVE",
    "rule": "RULE",
    "let": "LET",
    "exists": "EXISTS",
    "in": "IN",
    "among": "AMONG",
    "combine": "COMBINE",
    "map each": "MAP_EACH",
    "to": "TO",
    "such": "SUCH",
    "that": "THAT",
    "sort": "SORT",
    "in increasing order": "ORDER_ASCENDING",
    "in decreasing order": "ORDER_DESCENDING",
    "and then": "AND_THEN",
    "and": "AND",
    "or": "OR",
    "xor": "XOR",
    "not": "NOT",
    "maximum": "MAXIMUM",
    "minimum": "MINIMUM",
    "is": "IS",
    "or if list empty": "OR_IF_LIST_EMPTY",
    "but replace": "BUT_REPLACE",
    "initially": "INITIALLY",
    "year": "YEAR",
    "month": "MONTH",
    "day": "DAY",
    "true": "TRUE",
    "false": "FALSE",
    "input": "INPUT",
    "output": "OUTPUT",
    "internal": "INTERNAL",
    "external": "EXTERNAL",
}

STRICT_SPACING: frozenset[str] = frozenset({"in increasing order", "in decreasing order"})

BUILTINS: dict[str, str] = {
    "round": "round",
    "number": "length",
    "integer": "integer_of",
    "decimal": "decimal_of",
    "money": "money_of",
    "impossible": "impossible",
}

PRIMITIVE_TYPES: dict[str, str] = {
    "integer": "integer",
    "decimal": "decimal",
    "money": "money",
    "boolean": "boolean",
    "duration": "duration",
    "code_location": "code_location",
}

BUILTIN_CONSTRUCTORS: dict[str, str] = {"Present": "Present", "Absent": "Absent"}

DECIMAL_SEPARATOR = "."
MONEY_SYMBOL = "$"
MONEY_PREFIX = True
MONEY_GROUP_SEPARATOR = ","

ROUND_WORD = "round"

# Column-0 directives of the literate file (regular-expression fragments; ``> Using M as A``).
DIRECTIVES: dict[str, str] = {"module": "Module", "use": "Using", "alias": "as", "include": "Include",
                              "external": "external"}
DIRECTIVE_NAMES = "'> Module', '> Using', '> Include:'"  # for the "Invalid directive" message

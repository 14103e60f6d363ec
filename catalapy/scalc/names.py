"""Python names for Catala names (kept when valid, transliterated otherwise) and snake_case of scopes."""
from __future__ import annotations

import functools
import keyword
import re
import unicodedata

# names used by generated code that a Catala name must not shadow
RESERVED = {
    "rt", "dataclass", "dataclasses", "field", "replace", "enum", "date", "Fraction", "Decimal", "Money",
    "Duration", "Option", "Present", "ABSENT", "NOT_PROVIDED", "NotProvided", "SourcePosition", "Callable", "Any",
    "Trace", "annotations", "len", "tuple", "any", "all", "sorted", "max", "min", "int", "zip", "next", "type",
    "isinstance", "sum", "range", "list", "dict", "str", "bool", "print", "object", "entrees", "trace",
    "failures", "top", "_failures", "None", "True", "False", "self", "cls",
}


class Name(str):
    """Code that is a bare Python name (handed out by a `Namespace`, or ``True``/``False``/``None``): the
    generator may repeat it without a temporary. The type says so; the text is never inspected."""

    __slots__ = ()


class Path(str):
    """Code that reads a name or attributes of one (``sub.field``, ``module.CONSTANT``): a read that cannot fail
    and has no effect."""

    __slots__ = ()


def path(base: str, *attrs: str) -> str:
    """``base.attr…``: a `Path` when ``base`` is a `Name` or a `Path`, plain code otherwise."""
    text = ".".join((base, *attrs))
    return Path(text) if isinstance(base, (Name, Path)) else text


@functools.lru_cache(maxsize=None)
def py_ident(name: str) -> str:
    """A valid Python identifier close to the Catala name (apostrophes → ``_``). NFKC first, as Python reads
    identifiers: ``ｒｔ`` would otherwise be a different name here and the runtime's ``rt`` in the module."""
    s = name.replace("'", "_")
    while unicodedata.normalize("NFKC", s) != s or re.search(r"\W", s):
        s = re.sub(r"\W", "_", unicodedata.normalize("NFKC", s))
    if not s.isidentifier():
        s = "_" + s
    if keyword.iskeyword(s) or keyword.issoftkeyword(s) or s in RESERVED:
        s = s + "_"
    return s


def external_name(name: str) -> str:
    """The Python name under which an external module (stdlib or user) defines the Catala declaration
    ``name`` (the stdlib's ``min``, ``max``, ``sum`` keep their builtin-like names)."""
    ident = py_ident(name)
    return ident.rstrip("_") if ident.rstrip("_") in ("min", "max", "sum") else ident


def snake_case(name: str) -> str:
    """``CalculIndemnitesJournalieres`` → ``calcul_indemnites_journalieres``; acronyms stay whole:
    ``RattachementCPAM`` → ``rattachement_cpam``, ``EligibiliteIJ`` → ``eligibilite_ij``,
    ``HTTPServer`` → ``http_server``."""
    s = re.sub(r"(?<=[^\W_])(?=[A-Z][^\W\d_A-Z])", "_", name)  # before a capital that starts a word
    s = re.sub(r"(?<=[^\W\dA-Z_])(?=[A-Z])", "_", s)  # after a lower-case letter, before a capital
    s = s.lower().replace("'", "_")
    s = re.sub(r"__+", "_", s)
    return py_ident(s)


class Namespace:
    """Hands out unique names within one Python namespace, deterministically; ``outer``: names of an enclosing
    namespace not to shadow (shared, not copied: one per function of a module would cost the module's size)."""

    def __init__(self, taken: set[str] | None = None, outer: frozenset[str] = frozenset()) -> None:
        self.taken = set(taken or ())
        self.outer = outer

    def fresh(self, base: str) -> Name:
        base = py_ident(base)
        name = base
        i = 2
        while name in self.taken or name in self.outer:
            name = f"{base}_{i}"
            i += 1
        self.taken.add(name)
        return Name(name)

"""The « Paramètres » page: the dated values of policy/parametres.catala_fr, read from what the compiler emits
in the generated module (generated/parametres.py), never from the policy text:

- `DATED_DEFINITIONS`: for each scope variable that has dated rules, every one of its rules (the position a
  trace records for it and the value as written), in source order;
- `RULE_PERIODS`: the first and last day of each dated rule (from its conditions comparing a date with date
  literals, or a year variable with an integer: `annee = 2020` is the calendar year 2020);
- `CONSTANTS`: the global constants (value as written, position, value), their type from the module's
  annotations;
- `LAW_HEADINGS`: the article identifier of the headings above each value (the legal source and its link).
"""

from __future__ import annotations

import datetime
import typing
from dataclasses import dataclass
from fractions import Fraction
from types import ModuleType

from catalapy.runtime.metadata import ConstantInfo
from catalapy.runtime.printing import struct_fields
from secu_independants.ecriture import contient_argent, decimal, periode, texte_source, valeur

from .regles import Heading, anchor_for, line_anchor, plain


class ParametresError(ValueError):
    """The generated module holds no dated value."""


@dataclass(frozen=True)
class DatedValue:
    """One `définition` of a parameter (``scope`` set) or one global constant `déclaration x contenu t égal à v`
    (``scope`` None, ``type`` set): its value (source text), condition, period and legal source; ``written``:
    the value in French from the Python value the compiler emitted (None where a rule computes it)."""

    scope: str | None
    variable: str
    value: str
    condition: str | None
    start: datetime.date | None  # first day of effect, inclusive
    end: datetime.date | None  # last day of effect, inclusive
    headings: tuple[Heading, ...]
    line: int
    type: str | None = None
    written: str | None = None

    @property
    def source(self) -> str:
        """The innermost law heading above the definition (the text that set the value)."""
        return self.headings[-1].title if self.headings else ""


#: The Catala type of a constant, from the annotation of its generated Python name.
_TYPES = {"int": "entier", "Decimal": "décimal", "Money": "argent", "date": "date", "Duration": "durée",
          "bool": "booléen"}


def dated_values(module: ModuleType) -> list[DatedValue]:
    """Every rule of the dated variables, then every constant, of a generated module."""
    periods = getattr(module, "RULE_PERIODS", {})
    titles = {(h.file, h.title): h for h in getattr(module, "LAW_HEADINGS", ())}

    def headings(position) -> tuple[Heading, ...]:
        found = []
        for title in position.law_headings:
            info = titles.get((position.file, title))
            found.append(Heading(info.level if info else 0, title, info.article_id if info else None,
                                 info.line if info else position.start_line))
        return tuple(found)

    def money(scope: str, variable: str) -> bool:
        """The variable's type (an annotation of the scope's output class) holds money: its ints are cents."""
        outputs = getattr(module, scope, None)
        return isinstance(outputs, type) and any(
            name == variable and contient_argent(annotation) for _python, name, annotation in struct_fields(outputs))

    values: list[DatedValue] = []
    for (scope, variable), rules in getattr(module, "DATED_DEFINITIONS", {}).items():
        argent = money(scope, variable)
        for position, text, value in rules:
            start, end = periods.get(position, (None, None))
            values.append(DatedValue(scope, variable, text or "", None, start, end, headings(position),
                                     position.start_line,
                                     written=None if value is None else valeur(value, argent)))
    annotations = getattr(module, "__annotations__", {})
    constants = getattr(module, "CONSTANTS", {})
    types = typing.get_type_hints(module) if constants else {}
    for name, constant in constants.items():
        annotation = annotations.get(name)
        type_text = _TYPES.get(annotation if isinstance(annotation, str) else getattr(annotation, "__name__", ""))
        values.append(DatedValue(None, name, constant.text or "", None, None, None, headings(constant.position),
                                 constant.position.start_line, type_text,
                                 written=_constant_written(constant, contient_argent(types.get(name)))))
    return values


def _constant_written(constant: ConstantInfo, argent: bool) -> str:
    """A constant in French from its value (`argent`: its type holds money); a rate the law gives as a
    percentage (`71%` in the source) stays one: `71 %`, not `0,71`."""
    value = constant.value
    if isinstance(value, Fraction) and (constant.text or "").endswith("%"):
        return f"{decimal(value * 100)} %"
    return valeur(value, argent)


def require_dated_values(module: ModuleType) -> list[DatedValue]:
    """Like :func:`dated_values`, but fail loudly when nothing dated is found."""
    values = dated_values(module)
    if not any(v.scope is not None and (v.start is not None or v.end is not None) for v in values):
        raise ParametresError(
            f"{module.__name__}: no dated value (RULE_PERIODS / DATED_DEFINITIONS empty: expected "
            f"`définition x sous condition <date comparisons> conséquence égal à v` in the policy); "
            f"found {len(values)} definition(s)")
    return values


def describe_period(start: datetime.date | None, end: datetime.date | None) -> str:
    """>>> describe_period(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    'du 1er janvier 2020 au 31 décembre 2020'
    """
    return periode(start, end) or "sans limite de date"


def render_parametres_page(values: list[DatedValue], source_path: str, rule_page: str) -> str:
    """The « Paramètres » page: one table per scope variable (one row per dated value), then the constants."""
    lines = [
        "# Paramètres",
        "",
        f"Valeurs lues à la construction du site dans `{source_path}` ([texte complet]({rule_page})). Chaque "
        "ligne est une définition de ce fichier, avec la période pendant laquelle elle s'applique (tirée de sa "
        "condition par le compilateur) et le texte qui l'a fixée (le titre sous lequel elle est écrite).",
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
                f"| {_value_cell(value)} | {_period_cell(value, len(group))} | {_source_link(value, rule_page)} "
                f"| {_line_link(source_path, value.line, rule_page)} |"
            )
        lines.append("")
    constants = [value for value in values if value.scope is None]
    if constants:
        lines += ["## Constantes", "", "Valeurs sans période propre (dates de réformes, taux, durées).", "",
                  "| Nom | Type | Valeur | Source | Ligne |", "|---|---|---|---|---|"]
        for value in constants:
            lines.append(
                f"| `{value.variable}` | {_cell(plain(value.type or ''))} | {_value_cell(value)} "
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


def _value_cell(value: DatedValue) -> str:
    """A value in French (`30 mai 2019`, `1 430,22 €`, `aucune valeur`), as plain text: written from the emitted
    Python value, else (a rule that computes it) its source text rewritten as the law writes it."""
    return _cell(plain(value.written if value.written is not None else texte_source(value.value) or ""))


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

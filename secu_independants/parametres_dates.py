"""Every dated value of the parameter tables, with its source (`secu-independants parametres`, `GET /parametres`).

Read from the tables the compiler emits in the generated module `secu_independants.regles.parametres`, never
from policy/ and without evaluating a scope: `DATED_DEFINITIONS` gives every rule of a dated variable (the
position a trace records for it and its value), `RULE_PERIODS` the first and last day of each dated rule. A
table is a scope whose one input is a year or a date; its rules without a period (the default of the
exceptions: `Absent` outside the SMIC table) give the value on the days no dated rule covers, within
1990–2100. Consecutive periods with the same value and the same source make one. The source of a value is
the rule that gave it: its position in policy/ and the law headings above it (the arrêté or décret).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import typing
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from types import ModuleType
from typing import Any

from catalapy.runtime.position import SourcePosition

from .sorties import convertisseur

__all__ = ["parametres", "PREMIERE_ANNEE", "DERNIERE_ANNEE"]

PREMIERE_ANNEE = 1990
DERNIERE_ANNEE = 2100

JSON = dict[str, Any]
#: (first day, last day, value as a trace records it, position of the rule)
_Periode = tuple[date, date, object, SourcePosition]


def _source(position: SourcePosition) -> JSON:
    return {"fichier": position.file, "ligne": position.start_line, "intitules": list(position.law_headings)}


def _entree_datee(module: ModuleType, portee: str) -> tuple[str, type] | None:
    """(Catala name, type) of the one input of a scope when it is a year (`int`) or a date, else None."""
    classe_entree = getattr(module, portee + "In", None)
    if not isinstance(classe_entree, type) or not dataclasses.is_dataclass(classe_entree):
        return None
    champs = dataclasses.fields(classe_entree)
    if len(champs) != 1:
        return None
    type_entree = typing.get_type_hints(classe_entree)[champs[0].name]
    if type_entree not in (int, date):
        return None
    return str(champs[0].metadata.get("catala", champs[0].name)), type_entree


def _lacunes(couvertes: Iterable[tuple[date, date]], debut: date, fin: date) -> list[tuple[date, date]]:
    """The days of [debut, fin] outside the given periods, as periods.

    >>> _lacunes([(date(2013, 1, 1), date(2026, 12, 31))], date(1990, 1, 1), date(2100, 12, 31))
    [(datetime.date(1990, 1, 1), datetime.date(2012, 12, 31)), (datetime.date(2027, 1, 1), datetime.date(2100, 12, 31))]
    """
    trous, jour = [], debut
    for premier, dernier in sorted(couvertes):
        if premier > jour:
            trous.append((jour, premier - timedelta(days=1)))
        jour = max(jour, dernier + timedelta(days=1))
    if jour <= fin:
        trous.append((jour, fin))
    return trous


def _periodes_variable(regles: Sequence[tuple[SourcePosition, str | None, object]],
                       periodes_des_regles: dict[SourcePosition, tuple[date | None, date | None]],
                       debut: date, fin: date) -> list[_Periode]:
    """The periods of one dated variable within [debut, fin], in order (before merging). A rule whose value
    the compiler could not write (computed from the input) is left out."""
    datees: list[_Periode] = []
    sans_periode: list[tuple[SourcePosition, object]] = []
    for position, _texte, valeur in regles:
        periode = periodes_des_regles.get(position)
        if periode is None:
            sans_periode.append((position, valeur))
            continue
        premier, dernier = max(periode[0] or debut, debut), min(periode[1] or fin, fin)
        if premier <= dernier and valeur is not None:
            datees.append((premier, dernier, valeur, position))
    if len(sans_periode) == 1 and sans_periode[0][1] is not None:  # the default of the dated exceptions
        position, valeur = sans_periode[0]
        datees += [(premier, dernier, valeur, position)
                   for premier, dernier in _lacunes([(p[0], p[1]) for p in datees], debut, fin)]
    return sorted(datees, key=lambda p: p[0])


def _periodes_portee(module: ModuleType, portee: str) -> JSON | None:
    entree = _entree_datee(module, portee)
    if entree is None:
        return None
    nom_entree, type_entree = entree
    table = module.VARIABLES_OF_SCOPES[portee]
    par_annee = type_entree is int

    def texte(jour: date) -> str:
        return str(jour.year) if par_annee else jour.isoformat()

    variables: dict[str, list[JSON]] = {}
    for (portee_regle, variable), regles in getattr(module, "DATED_DEFINITIONS", {}).items():
        if portee_regle != portee:
            continue
        convertir = convertisseur(table[variable].type)
        periodes: list[JSON] = []
        for premier, dernier, brute, position in _periodes_variable(
                regles, getattr(module, "RULE_PERIODS", {}), date(PREMIERE_ANNEE, 1, 1),
                date(DERNIERE_ANNEE, 12, 31)):
            valeur = brute if convertir is None else convertir(brute)
            source = _source(position)
            derniere = periodes[-1] if periodes else None
            if (derniere is not None and derniere["valeur"] == valeur and derniere["source"] == source
                    and derniere["_fin"] + timedelta(days=1) == premier):
                derniere["au"], derniere["_fin"] = texte(dernier), dernier
            else:
                periodes.append({"du": texte(premier), "au": texte(dernier), "valeur": valeur, "source": source,
                                 "_fin": dernier})
        for periode in periodes:
            del periode["_fin"]
        if periodes:
            variables[variable] = periodes
    return {"entree": nom_entree, "type_entree": "annee" if par_annee else "date", "valeurs": variables}


@functools.cache
def parametres() -> JSON:
    """`{portée: {"entree", "type_entree", "valeurs": {variable: [{"du", "au", "valeur", "source"}]}}}`."""
    module = importlib.import_module(".regles.parametres", __package__)

    resultat: JSON = {}
    for portee in getattr(module, "VARIABLES_OF_SCOPES", {}):
        periodes = _periodes_portee(module, portee)
        if periodes is not None:
            resultat[portee] = periodes
    return resultat

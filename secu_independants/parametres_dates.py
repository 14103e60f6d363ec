"""Every dated value of the parameter tables, with its source (`secu-independants parametres`, `GET /parametres`).

Read from the generated module `secu_independants.regles.parametres`, never from policy/: each of its scopes
takes one input (a year, or a date) and is evaluated with a trace over the years 1990–2100 (every day of them
for a date); consecutive inputs whose value comes from the same rule make one period. The source of a value is
the rule that gave it: its position in policy/ and the law headings above it (the arrêté or décret).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import typing
from datetime import date, timedelta
from typing import Any

from catalapy.runtime.errors import CatalaRuntimeError
from catalapy.runtime.position import SourcePosition
from catalapy.runtime.trace import Trace

from .sorties import convertisseur

__all__ = ["parametres", "PREMIERE_ANNEE", "DERNIERE_ANNEE"]

PREMIERE_ANNEE = 1990
DERNIERE_ANNEE = 2100

JSON = dict[str, Any]


def _domaine(type_entree: object) -> list[Any]:
    if type_entree is date:
        debut, fin = date(PREMIERE_ANNEE, 1, 1), date(DERNIERE_ANNEE, 12, 31)
        return [debut + timedelta(days=n) for n in range((fin - debut).days + 1)]
    return list(range(PREMIERE_ANNEE, DERNIERE_ANNEE + 1))


def _source(position: SourcePosition) -> JSON:
    return {"fichier": position.file, "ligne": position.start_line, "intitules": list(position.law_headings)}


def _texte(valeur: object) -> str:
    return valeur.isoformat() if isinstance(valeur, date) else str(valeur)


def _periodes_portee(module: Any, portee: str) -> JSON | None:
    classe_entree: Any = getattr(module, portee + "In", None)
    if not isinstance(classe_entree, type) or not dataclasses.is_dataclass(classe_entree):
        return None
    champs = dataclasses.fields(classe_entree)
    if len(champs) != 1:
        return None
    type_entree = typing.get_type_hints(classe_entree)[champs[0].name]
    if type_entree not in (int, date):
        return None
    table = module.VARIABLES_OF_SCOPES[portee]
    # the scope's function: the one generated function whose first parameter is the scope's input class
    fonction = next(f for nom, f in vars(module).items() if callable(f) and not nom.startswith("_")
                    and getattr(f, "__annotations__", {}).get("entrees") in (classe_entree, classe_entree.__name__))
    variables: dict[str, list[JSON]] = {}
    for valeur_entree in _domaine(type_entree):
        trace = Trace()
        try:
            fonction(classe_entree(**{champs[0].name: valeur_entree}), trace=trace)
        except CatalaRuntimeError:
            continue  # outside the period the table covers
        for entree in trace.calls[0].entries():
            if entree.is_input or not entree.positions:
                continue
            periodes = variables.setdefault(entree.variable, [])
            convertir = convertisseur(table[entree.variable].type)
            valeur = entree.value if convertir is None else convertir(entree.value)
            derniere = periodes[-1] if periodes else None
            source = _source(entree.positions[0])
            if (derniere is not None and derniere["valeur"] == valeur and derniere["source"] == source
                    and derniere["_suivant"] == valeur_entree):
                derniere["au"] = _texte(valeur_entree)
            else:
                derniere = {"du": _texte(valeur_entree), "au": _texte(valeur_entree), "valeur": valeur,
                            "source": source}
                periodes.append(derniere)
            derniere["_suivant"] = (valeur_entree + timedelta(days=1) if isinstance(valeur_entree, date)
                                    else valeur_entree + 1)
    for periodes in variables.values():
        for periode in periodes:
            del periode["_suivant"]
    return {"entree": champs[0].metadata.get("catala", champs[0].name),
            "type_entree": "date" if type_entree is date else "annee", "valeurs": variables}


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

"""`--explain`: the legal trail of a result, built from the execution trace of the generated scope.

For each output, `explication.sorties[nom]` gives its value, the rules that produced it (`definitions`:
policy file, line, law headings), the steps it depends on (`fondement`), the dated parameters read along its
trail (`parametres`) and the articles of a code its rules cite (`articles`: number, Légifrance link, the
heading of the first rule citing it); `etapes` holds every step on the trail of an output the same way (keys
`variable` or `sous_portee.variable`), `parametres` every dated value read from the `Parametres` scopes (PASS
of a year, SMIC at a date: value, inputs, date of effect, source heading), `constantes` the fixed parameters
(`Parametres.x`) with their value as written and the heading of their declaration.

Types and dependencies come from the compiler: each generated module holds, per scope, a table
`VARIABLES_<SCOPE>` of `rt.VariableInfo` (listed by scope name in `VARIABLES_OF_SCOPES`) giving the Catala
type of each variable (money is held as int cents in the trace, its type tells it from an integer) and what
each of its rules reads; the dependencies of a step are the reads of the rules the trace says were applied.
The inputs a scope gives to a sub-scope depend on what their definitions read in the caller. The constants
(`texte` as written in the source, position and headings of the declaration) come from the `CONSTANTS` table
the compiler emits in each module (catalapy.backend.metadata): nothing here reads policy/.

`expliquer_evaluation` also adds `"raisonnement"`, the reasoning tree built from the same walk of the trace
(see raisonnement.py).
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from types import ModuleType
from typing import TYPE_CHECKING, Any

from catalapy.runtime.metadata import ConstantInfo, VariableInfo
from catalapy.runtime.position import SourcePosition
from catalapy.runtime.printing import catala_name, enum_member_name
from catalapy.runtime.trace import SCOPE_VAR, Trace, TraceEvent, scope_variables
from catalapy.runtime.trace_values import ValueStyle, render_value
from catalapy.runtime.values import Duration, Present  # noqa: F401  (Present: used by the doctests)

from .ecriture import contient_argent
from .sorties import texte_decimal, texte_montant

if TYPE_CHECKING:
    from .liaison import Portee

JSON = dict[str, Any]

__all__ = ["expliquer_evaluation", "explication", "contient_argent", "modules_generes", "tables_des_portees"]


def expliquer_evaluation(portee: Portee, entree: object) -> JSON:
    """Evaluate `entree` with a trace and return the JSON result plus its `"explication"` and
    `"raisonnement"`."""
    from .raisonnement import raisonnement

    trace = Trace()
    resultat = portee.evaluer(entree, trace=trace)
    objet: JSON = portee.serialiser(resultat)
    sorties = [cle for cle, _, _ in portee.champs_sortie]
    collecte = collecter(trace, portee.module)
    objet["explication"] = explication(trace, sorties, tables_des_portees(portee.module), collecte)
    objet["raisonnement"] = raisonnement(collecte, sorties, portee.module)
    return objet


Tables = Mapping[str, Mapping[str, VariableInfo]]  # scope name -> variable (or `sub.var`) -> VariableInfo


@functools.cache
def modules_generes(module: ModuleType) -> tuple[ModuleType, ...]:
    """A generated module and the generated modules it uses (transitively), the module first."""
    trouves: list[ModuleType] = []
    a_voir, vus = [module], set()
    while a_voir:
        courant = a_voir.pop(0)
        if courant.__name__ in vus:
            continue
        vus.add(courant.__name__)
        trouves.append(courant)
        a_voir.extend(v for v in vars(courant).values()
                      if isinstance(v, ModuleType) and hasattr(v, "VARIABLES_OF_SCOPES"))
    return tuple(trouves)


@functools.cache
def tables_des_portees(module: ModuleType) -> Tables:
    """The `VARIABLES_OF_SCOPES` of a generated module and of the generated modules it uses, merged."""
    tables: dict[str, Mapping[str, VariableInfo]] = {}
    for courant in modules_generes(module):
        for portee, table in getattr(courant, "VARIABLES_OF_SCOPES", {}).items():
            tables.setdefault(portee, table)
    return tables


@functools.cache
def constantes_des_modules(module: ModuleType) -> dict[str, ConstantInfo]:
    """`Module.nom` (as the rules read it, `VariableInfo.reads`) → the `CONSTANTS` entry the compiler emitted,
    for the module and the modules it uses (`CONSTANTS_MODULE`: the Catala name of the module)."""
    trouvees: dict[str, ConstantInfo] = {}
    for courant in modules_generes(module):
        for nom, constante in getattr(courant, "CONSTANTS", {}).items():
            trouvees[f"{courant.CONSTANTS_MODULE}.{nom}"] = constante
    return trouvees


@functools.cache
def constantes_en_argent(module: ModuleType) -> frozenset[str]:
    """The `Module.nom` of `constantes_des_modules` whose type (the annotation of the constant's generated name)
    holds money: their ints are cents."""
    return frozenset(f"{courant.CONSTANTS_MODULE}.{nom}" for courant in modules_generes(module)
                     if getattr(courant, "CONSTANTS", None)
                     for nom, annotation in typing.get_type_hints(courant).items()
                     if nom in courant.CONSTANTS and contient_argent(annotation))


# ---------------------------------------------------------------------------------------------------------
# JSON rendering of trace values and positions


def _definition_brute(fichier: str, ligne: int, titres: tuple[str, ...]) -> JSON:
    return {
        "fichier": fichier,
        "ligne": ligne,
        "position": f"{fichier}:{ligne}",
        "article": titres[-1] if titres else None,
        "titres": list(titres),
    }


def _definition(position: SourcePosition) -> JSON:
    definition = _definition_brute(position.file, position.start_line, tuple(position.law_headings))
    definition["position"] = str(position)
    return definition


class _Json(ValueStyle):
    """The values of a trace as JSON (see `valeur_json`)."""

    def nothing(self) -> None:
        return None

    def absent(self) -> None:
        return None

    def function(self) -> str:  # a rule that depends on a parameter: its values appear where it is used
        return "fonction"

    def boolean(self, valeur: bool) -> bool:
        return valeur

    def integer(self, valeur: int) -> int:
        return valeur

    def money(self, centimes: int) -> str:
        return texte_montant(centimes)

    def decimal(self, valeur: Fraction) -> str:
        return texte_decimal(valeur)

    def date(self, valeur: date) -> str:
        return valeur.isoformat()

    def duration(self, valeur: Duration) -> dict[str, int]:
        return {"annees": valeur.years, "mois": valeur.months, "jours": valeur.days}

    def constructor(self, valeur: object) -> str:
        return enum_member_name(valeur) if isinstance(valeur, enum.Enum) else catala_name(type(valeur))

    def text(self, valeur: str) -> str:
        return valeur

    def sequence(self, elements: list[object]) -> list[object]:
        return elements

    def structure(self, champs: list[tuple[str, object]]) -> dict[str, object]:
        return dict(champs)


_JSON = _Json()


def valeur_json(valeur: object, argent: bool = False) -> object:
    """A value of a trace (or a default of the interface) as JSON; `argent`: its declared type holds money
    (its ints are cents).

    >>> valeur_json((Fraction(3, 4), Present(date(2020, 1, 1)))), valeur_json(952650, argent=True)
    (['0.75', '2020-01-01'], '9526.50')
    """
    return render_value(valeur, argent, _JSON)


# ---------------------------------------------------------------------------------------------------------
# The trail


@functools.cache
def tables_datees(module: ModuleType) -> frozenset[str]:
    """The scopes that are tables of dated values (those with `DATED_DEFINITIONS`, which the compiler emits
    for a scope whose one input is a date or a year): a call of one is a parameter read."""
    return frozenset(portee for courant in modules_generes(module)
                     for portee, _variable in getattr(courant, "DATED_DEFINITIONS", {}))


def date_de_lecture(entrees: Mapping[str, object]) -> tuple[date, bool] | None:
    """The day a dated parameter was read at, from the inputs of its scope (the first date, or year: then
    its 1 January and True), or None.

    >>> date_de_lecture({"annee": 2020}), date_de_lecture({"date_reference": date(2020, 9, 30)})
    ((datetime.date(2020, 1, 1), True), (datetime.date(2020, 9, 30), False))
    """
    for valeur in entrees.values():
        if isinstance(valeur, date):
            return valeur, False
        if isinstance(valeur, int) and not isinstance(valeur, bool) and 1 <= valeur <= 9999:
            return date(valeur, 1, 1), True
    return None


class _Collecte:
    """Walks the trace of one top-level call and renders steps, parameters and constants."""

    def __init__(self, tables: Tables, constantes: Mapping[str, ConstantInfo] = {},
                 en_argent: frozenset[str] = frozenset()):
        self.tables = tables
        self.connues = constantes  # see constantes_des_modules
        self.en_argent = en_argent  # see constantes_en_argent
        self.portee: str | None = None  # the scope called at the top
        self.module: ModuleType | None = None  # the generated module of that scope (for its law headings)
        self.tables_datees: frozenset[str] = frozenset()  # scopes whose calls are parameter reads
        self.entrees: set[str] = set()  # the inputs of the scope called at the top (the case's data)
        self.etapes: dict[str, JSON] = {}
        self.parametres: list[JSON] = []
        self.constantes: dict[str, JSON] = {}
        # for the reasoning: key of a step or constant → (raw value, its type holds money)
        self.brut: dict[str, tuple[object, bool]] = {}
        self.brut_parametres: list[dict[str, tuple[object, bool]]] = []  # per entry of `parametres`
        self.entrees_parametres: list[dict[str, object]] = []  # per entry of `parametres`: its raw inputs

    def valeur(self, info: VariableInfo | None, valeur: object) -> object:
        return valeur_json(valeur, info is not None and contient_argent(info.type))

    def parcourir(self, appel: TraceEvent, prefixe: str, appelant: Mapping[str, VariableInfo] = {},
                  prefixe_appelant: str = "") -> None:
        """`appel`: a scope call of the trace; `appelant`: the table of the calling scope, whose `nom.var`
        entries define the inputs of `appel`."""
        portee, nom_appel = appel.info["name"], appel.info["sub_scope"]
        table = self.tables.get(portee, {})
        appels_directs: list[int] = []  # `résultat de Parametres.S avec {...}` inside the next variable's rule
        for evenement in appel.events:
            if evenement.kind == SCOPE_VAR:
                variable, regles = evenement.info["name"], evenement.info["rules"]
                donnee = evenement.info["input"] != "no_input"  # the caller gave it
                cle = prefixe + variable
                info = table.get(variable)
                definition_appelant = appelant.get(f"{nom_appel}.{variable}") if nom_appel else None
                if donnee and definition_appelant is not None:
                    lues, base = definition_appelant.reads, prefixe_appelant
                else:
                    lues, base = (info.reads_of(regles) if info else ()), prefixe
                type_connu = info or definition_appelant
                if donnee and not prefixe:
                    self.entrees.add(cle)
                self.brut[cle] = (evenement.value, type_connu is not None and contient_argent(type_connu.type))
                self.etapes[cle] = {
                    "portee": portee,
                    "valeur": self.valeur(type_connu, evenement.value),
                    "definitions": [_definition(p) for p in regles],
                    "dependances": self._dependances(lues, base, cle),
                }
                if appels_directs:
                    self.etapes[cle]["parametres_lus"] = appels_directs
                    appels_directs = []
            elif evenement.info["name"] in self.tables_datees:
                rang = self._parametre(evenement, prefixe)
                if not evenement.info["sub_scope"] and rang not in appels_directs:
                    appels_directs.append(rang)
            else:
                self.parcourir(evenement, f"{prefixe}{evenement.info['sub_scope'] or evenement.info['name']}.",
                               table, prefixe)

    def _parametre(self, appel: TraceEvent, prefixe: str) -> int:
        portee, nom_appel = appel.info["name"], appel.info["sub_scope"]
        table = self.tables.get(portee, {})
        entrees: dict[str, object] = {}
        sorties: dict[str, object] = {}
        definitions: list[JSON] = []
        bruts: dict[str, tuple[object, bool]] = {}
        for entree in scope_variables(appel):
            variable, regles = entree.info["name"], entree.info["rules"]
            if regles and entree.info["input"] == "no_input":
                info = table.get(variable)
                sorties[variable] = self.valeur(info, entree.value)
                bruts[variable] = (entree.value, info is not None and contient_argent(info.type))
                definitions.extend(_definition(p) for p in regles)
            else:
                entrees[variable] = entree.value
        rendu = {
            "portee": portee,
            "appel": f"{prefixe}{nom_appel}" if nom_appel else None,
            "entrees": {k: valeur_json(v) for k, v in entrees.items()},
            "valeur": sorties,
            "date_effet": lecture[0].isoformat() if (lecture := date_de_lecture(entrees)) else None,
            "source": definitions[0]["article"] if definitions else None,
            "definitions": definitions,
        }
        if rendu not in self.parametres:
            self.parametres.append(rendu)
            self.brut_parametres.append(bruts)
            self.entrees_parametres.append(entrees)
        rang = self.parametres.index(rendu)
        if nom_appel:
            for variable, valeur in sorties.items():
                self.brut[f"{prefixe}{nom_appel}.{variable}"] = bruts[variable]
                self.etapes[f"{prefixe}{nom_appel}.{variable}"] = {
                    "portee": portee, "valeur": valeur, "definitions": definitions, "dependances": [],
                    "parametre": rang,
                }
        return rang

    def _dependances(self, lues: tuple[str, ...], prefixe: str, cle_etape: str) -> list[str]:
        """The keys of the steps and constants named by `lues` (reads relative to the scope at `prefixe`)."""
        trouvees: list[str] = []
        for lue in lues:
            if lue[:1].isupper():  # a global `Module.name`
                cle = self._constante(lue)
                if cle is None:
                    continue
            else:
                cle = prefixe + lue
            if cle not in trouvees and cle != cle_etape:
                trouvees.append(cle)
        return trouvees

    def _constante(self, nom: str) -> str | None:
        """Record the constant `Module.name` (from the compiler's `CONSTANTS`); its key, or None if unknown."""
        constante = self.connues.get(nom)
        if constante is None:
            return None
        self.constantes[nom] = {"nom": nom, "texte": constante.text, "definition": _definition(constante.position)}
        return nom

    def fermeture(self, cle: str) -> list[str]:
        """`cle` and every step it depends on, transitively (depth-first order)."""
        vues: list[str] = []
        a_voir = [cle]
        while a_voir:
            courante = a_voir.pop()
            if courante in vues:
                continue
            vues.append(courante)
            a_voir.extend(reversed(self.etapes.get(courante, {}).get("dependances", [])))
        return vues


def collecter(trace: Trace, module: ModuleType | None = None, tables: Tables | None = None) -> _Collecte:
    """Walk the trace of one evaluation of a scope of the generated `module` (steps, parameters, constants)."""
    if tables is None:
        tables = tables_des_portees(module) if module is not None else {}
    collecte = (_Collecte(tables, constantes_des_modules(module), constantes_en_argent(module)) if module is not None
                else _Collecte(tables))
    collecte.tables_datees = tables_datees(module) if module is not None else frozenset()
    collecte.module = module
    if trace.calls:
        collecte.portee = trace.calls[0].info["name"]
        collecte.parcourir(trace.calls[0], "")
    for etape in collecte.etapes.values():  # reads of steps the trace does not hold are left out
        etape["dependances"] = [c for c in etape["dependances"] if c in collecte.etapes or c in collecte.constantes]
    return collecte


def explication(trace: Trace, sorties: list[str], tables: Tables = {}, collecte: _Collecte | None = None) -> JSON:
    """The `"explication"` object of one evaluation (see the module docstring); `tables`: see
    `tables_des_portees`; `collecte`: the walk of the trace when already done (see `collecter`)."""
    if not trace.calls:
        return {"sorties": {}, "etapes": {}, "parametres": [], "constantes": {}}
    principal = trace.calls[0]
    if collecte is None:
        collecte = collecter(trace, tables=tables)
    rendu_sorties = {}
    sur_un_trail: set[str] = set()
    for nom in sorties:
        etape = collecte.etapes.get(nom)
        if etape is None:
            continue
        trail = collecte.fermeture(nom)
        sur_un_trail.update(trail)
        rendu_sorties[nom] = {
            "valeur": etape["valeur"],
            "definitions": etape["definitions"],
            "fondement": [
                cle for cle in trail[1:] if cle in collecte.etapes or cle in collecte.constantes
            ],
            "parametres": [_parametre_bref(collecte.parametres[rang])
                           for rang in _parametres_du_trail(collecte, trail)],
            "articles": _articles(collecte, trail),
        }
    return {cle: _sans_titres(valeur) for cle, valeur in {
        "portee": principal.info["name"],
        "sorties": rendu_sorties,
        "etapes": {cle: etape for cle, etape in collecte.etapes.items() if cle in sur_un_trail},
        "parametres": collecte.parametres,
        "constantes": collecte.constantes,
    }.items()}


def _parametre_bref(parametre: JSON) -> JSON:
    """A parameter value as an output lists it: its value, inputs, date of effect and source (its positions
    are in `explication.parametres`)."""
    return {k: parametre[k] for k in ("portee", "entrees", "valeur", "date_effet", "source")}


def _sans_titres(valeur: object) -> object:
    """A copy without the heading trails of the definitions (`article` keeps the innermost heading; the
    trails serve to find the articles and statements, they would repeat the same titles in every step)."""
    if isinstance(valeur, dict):
        return {k: _sans_titres(v) for k, v in valeur.items() if k != "titres"}
    if isinstance(valeur, list):
        return [_sans_titres(v) for v in valeur]
    return valeur


def _parametres_du_trail(collecte: _Collecte, trail: list[str]) -> list[int]:
    """Indexes (in `parametres`) of the parameter values read along the trail."""
    rangs: set[int] = set()
    for cle in trail:
        etape = collecte.etapes.get(cle, {})
        if "parametre" in etape:
            rangs.add(etape["parametre"])
        rangs.update(etape.get("parametres_lus", ()))
    return sorted(rangs)


def _articles(collecte: _Collecte, trail: list[str]) -> list[JSON]:
    """The distinct articles of a code cited by the rules, constants and parameters of the trail, in trail
    order: `{"article": "D622-7", "article_id", "legifrance", "regle": heading of the first rule citing it}`
    (sections of the formalization that cite no article are left out)."""
    from .articles import fondement

    definitions: list[JSON] = []
    for cle in trail:
        source = collecte.etapes.get(cle) or {}
        definitions += source.get("definitions") or ([collecte.constantes[cle]["definition"]]
                                                     if cle in collecte.constantes else [])
    for rang in _parametres_du_trail(collecte, trail):
        definitions += collecte.parametres[rang]["definitions"]
    articles: dict[str, JSON] = {}
    for definition in definitions:
        cite = fondement(definition, collecte.module)
        if cite["article"] and cite["article"] not in articles:
            articles[cite["article"]] = {k: cite[k] for k in ("article", "article_id", "legifrance", "regle")}
    return list(articles.values())


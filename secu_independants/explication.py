"""`--explain`: the legal trail of a result, built from the execution trace of the generated scope.

For each output, `explication.sorties[nom]` gives its value, the rules that produced it (policy file, line,
law headings — the innermost one names the article) and the steps it depends on; `etapes` holds every
intermediate variable the same way (keys `variable` or `sous_portee.variable`), `parametres` the dated values
read from the `Parametres` scopes (PASS of a year, SMIC at a date: value, inputs, date of effect, source
heading), `constantes` the fixed parameters (`Parametres.x`) with the heading of their declaration.

Types and dependencies come from the compiler: each generated module holds, per scope, a table
`VARIABLES_<SCOPE>` of `rt.VariableInfo` (listed by scope name in `VARIABLES_OF_SCOPES`) giving the Catala
type of each variable (money is held as int cents in the trace, its type tells it from an integer) and what
each of its rules reads; the dependencies of a step are the reads of the rules the trace says were applied.
The inputs a scope gives to a sub-scope depend on what their definitions read in the caller. Only the text of
the constants (`texte`, heading of the declaration) is read from policy/; without it, `constantes` is empty.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import ModuleType

from catalapy.runtime.metadata import VariableInfo
from catalapy.runtime.position import SourcePosition
from catalapy.runtime.trace import ScopeTrace, Trace, TraceEntry
from catalapy.runtime.values import Money

from .sorties import texte_decimal, texte_montant

__all__ = ["expliquer_evaluation", "explication"]

RACINE = Path(__file__).resolve().parents[1]
_DECLARATION = re.compile(r"^\s*déclaration\s+(\w+)\s+contenu\b.*?(?:\s+égal à\s+(.+))?$")
_TITRE = re.compile(r"^(#+)\s+(.*?)\s*$")


def expliquer_evaluation(portee, entree) -> dict:
    """Evaluate `entree` with a trace and return the JSON result plus its `"explication"`."""
    trace = Trace()
    resultat = portee.evaluer(entree, trace=trace)
    objet = portee.serialiser(resultat)
    objet["explication"] = explication(trace, [cle for cle, _, _ in portee.champs_sortie],
                                       tables_des_portees(portee.module))
    return objet


Tables = Mapping[str, Mapping[str, VariableInfo]]  # scope name -> variable (or `sub.var`) -> VariableInfo


@functools.cache
def tables_des_portees(module: ModuleType) -> Tables:
    """The `VARIABLES_OF_SCOPES` of a generated module and of the generated modules it uses, merged."""
    tables: dict = {}
    a_voir, vus = [module], set()
    while a_voir:
        courant = a_voir.pop()
        if courant.__name__ in vus:
            continue
        vus.add(courant.__name__)
        for portee, table in getattr(courant, "VARIABLES_OF_SCOPES", {}).items():
            tables.setdefault(portee, table)
        a_voir.extend(v for v in vars(courant).values()
                      if isinstance(v, ModuleType) and hasattr(v, "VARIABLES_OF_SCOPES"))
    return tables


def contient_argent(annotation: object) -> bool:
    """The type (a generated annotation: `Money`, `tuple[Money, ...]`, `Option[Money]`...) holds money."""
    if annotation is Money:
        return True
    if isinstance(annotation, (list, tuple)):
        return any(contient_argent(a) for a in annotation)
    return any(contient_argent(a) for a in typing.get_args(annotation))


# ---------------------------------------------------------------------------------------------------------
# Source text of policy/ (read once per file)


@functools.cache
def _lignes(fichier: str) -> tuple[str, ...]:
    chemin = Path(fichier) if Path(fichier).is_absolute() else RACINE / fichier
    try:
        return tuple(chemin.read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


@functools.cache
def _constantes_du_dossier(dossier: str) -> dict[str, dict]:
    """`déclaration x contenu t égal à v` of the .catala_fr files of `dossier`: position, headings, value text."""
    trouvees: dict[str, dict] = {}
    base = RACINE / dossier
    for chemin in sorted(base.glob("*.catala_fr")) if base.is_dir() else ():
        relatif = str(chemin.relative_to(RACINE))
        titres: list[tuple[int, str]] = []
        dans_code = False
        lignes = _lignes(relatif)
        for numero, ligne in enumerate(lignes, start=1):
            if ligne.startswith("```"):
                dans_code = not dans_code
                continue
            if not dans_code:
                titre = _TITRE.match(ligne)
                if titre:
                    niveau = len(titre.group(1))
                    titres = [t for t in titres if t[0] < niveau] + [(niveau, titre.group(2))]
                continue
            declaration = _DECLARATION.match(ligne)
            if declaration and "champ d'application" not in ligne and "énumération" not in ligne:
                valeur = declaration.group(2)
                if valeur is None and numero < len(lignes):
                    suite = lignes[numero].strip()
                    valeur = suite[len("égal à"):].strip() if suite.startswith("égal à") else None
                trouvees[declaration.group(1)] = {
                    "nom": f"Parametres.{declaration.group(1)}" if chemin.stem == "parametres" else declaration.group(1),
                    "texte": valeur,
                    "definition": _definition_brute(relatif, numero, tuple(t for _, t in titres)),
                }
    return trouvees


# ---------------------------------------------------------------------------------------------------------
# JSON rendering of trace values and positions


def _definition_brute(fichier: str, ligne: int, titres: tuple[str, ...]) -> dict:
    return {
        "fichier": fichier,
        "ligne": ligne,
        "position": f"{fichier}:{ligne}",
        "article": titres[-1] if titres else None,
        "titres": list(titres),
    }


def _definition(position: SourcePosition) -> dict:
    definition = _definition_brute(position.file, position.start_line, tuple(position.law_headings))
    definition["position"] = str(position)
    return definition


def valeur_json(valeur: object) -> object:
    """A trace value as JSON without its static type: money cannot be told from int here, so values are
    rendered by their Python type (int cents of an `argent` variable are converted by `_valeur_variable`)."""
    import dataclasses
    import enum
    from fractions import Fraction

    from catalapy.runtime.values import ABSENT, Duration, Present

    if valeur is None or isinstance(valeur, (bool, int, str)):
        return valeur
    if isinstance(valeur, Fraction):
        return texte_decimal(valeur)
    if isinstance(valeur, date):
        return valeur.isoformat()
    if isinstance(valeur, enum.Enum):
        return valeur.value if isinstance(valeur.value, str) else valeur.name
    if valeur is ABSENT:
        return None
    if isinstance(valeur, Present):
        return valeur_json(valeur.value)
    if isinstance(valeur, Duration):
        return {"annees": valeur.years, "mois": valeur.months, "jours": valeur.days}
    if isinstance(valeur, (tuple, list)):
        return [valeur_json(v) for v in valeur]
    if dataclasses.is_dataclass(valeur):
        return {c.metadata.get("catala", c.name): valeur_json(getattr(valeur, c.name))
                for c in dataclasses.fields(valeur)}
    return repr(valeur)


def _rendre(valeur: object, argent: bool) -> object:
    """A trace value of a variable; `argent`: its declared type holds money, so its ints are cents."""
    import dataclasses

    from catalapy.runtime.values import Present

    from .sorties import serialiseur_structure

    if isinstance(valeur, bool):
        return valeur
    if isinstance(valeur, int):
        return texte_montant(valeur) if argent else valeur
    if isinstance(valeur, (tuple, list)):
        return [_rendre(v, argent) for v in valeur]
    if isinstance(valeur, Present):
        return _rendre(valeur.value, argent)
    if dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        try:
            return serialiseur_structure(type(valeur))(valeur)
        except (TypeError, NameError, KeyError):
            pass
    return valeur_json(valeur)


# ---------------------------------------------------------------------------------------------------------
# The trail


def _est_parametre(appel: ScopeTrace) -> bool:
    return appel.scope.startswith("Parametres.") or any(
        "parametres" in Path(p.file).stem for e in appel.entries() for p in e.positions
    )


def _date_effet(entrees: dict) -> str | None:
    for valeur in entrees.values():
        if isinstance(valeur, date):
            return valeur.isoformat()
        if isinstance(valeur, int) and not isinstance(valeur, bool) and 1 <= valeur <= 9999:
            return f"{valeur:04d}-01-01"
    return None


class _Collecte:
    """Walks the trace of one top-level call and renders steps, parameters and constants."""

    def __init__(self, tables: Tables, dossiers: tuple[str, ...]):
        self.tables = tables
        self.dossiers = dossiers  # the folders of the policy files of the trace (where constants are declared)
        self.etapes: dict[str, dict] = {}
        self.parametres: list[dict] = []
        self.constantes: dict[str, dict] = {}

    def valeur(self, info: VariableInfo | None, valeur: object) -> object:
        return _rendre(valeur, info is not None and contient_argent(info.type))

    def parcourir(self, appel: ScopeTrace, prefixe: str, appelant: Mapping[str, VariableInfo] = {},
                  prefixe_appelant: str = "") -> None:
        """`appelant`: the table of the calling scope, whose `nom.var` entries define the inputs of `appel`."""
        table = self.tables.get(appel.scope, {})
        appels_directs: list[int] = []  # `résultat de Parametres.S avec {...}` inside the next variable's rule
        for evenement in appel.events:
            if isinstance(evenement, TraceEntry):
                cle = prefixe + evenement.variable
                info = table.get(evenement.variable)
                definition_appelant = appelant.get(f"{appel.name}.{evenement.variable}") if appel.name else None
                if evenement.is_input and definition_appelant is not None:
                    lues, base = definition_appelant.reads, prefixe_appelant
                else:
                    lues, base = (info.reads_of(evenement.positions) if info else ()), prefixe
                self.etapes[cle] = {
                    "portee": evenement.scope,
                    "valeur": self.valeur(info or definition_appelant, evenement.value),
                    "definitions": [_definition(p) for p in evenement.positions],
                    "dependances": self._dependances(lues, base, cle),
                }
                if appels_directs:
                    self.etapes[cle]["parametres_lus"] = appels_directs
                    appels_directs = []
            elif _est_parametre(evenement):
                rang = self._parametre(evenement, prefixe)
                if not evenement.name and rang not in appels_directs:
                    appels_directs.append(rang)
            else:
                self.parcourir(evenement, f"{prefixe}{evenement.name or evenement.scope}.", table, prefixe)

    def _parametre(self, appel: ScopeTrace, prefixe: str) -> int:
        table = self.tables.get(appel.scope, {})
        entrees, sorties, definitions = {}, {}, []
        for entree in appel.entries():
            positions_parametres = [p for p in entree.positions if "parametres" in Path(p.file).stem]
            if positions_parametres and not entree.is_input:
                sorties[entree.variable] = self.valeur(table.get(entree.variable), entree.value)
                definitions.extend(_definition(p) for p in positions_parametres)
            else:
                entrees[entree.variable] = entree.value
        rendu = {
            "portee": appel.scope,
            "appel": f"{prefixe}{appel.name}" if appel.name else None,
            "entrees": {k: valeur_json(v) for k, v in entrees.items()},
            "valeur": sorties,
            "date_effet": _date_effet(entrees),
            "source": definitions[0]["article"] if definitions else None,
            "definitions": definitions,
        }
        if rendu not in self.parametres:
            self.parametres.append(rendu)
        rang = self.parametres.index(rendu)
        if appel.name:
            for variable, valeur in sorties.items():
                self.etapes[f"{prefixe}{appel.name}.{variable}"] = {
                    "portee": appel.scope, "valeur": valeur, "definitions": definitions, "dependances": [],
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
        """Record the constant `Module.name` (its declaration read in policy/); its key, or None if not found."""
        module, _, nom_court = nom.partition(".")
        for dossier in self.dossiers:
            constante = _constantes_du_dossier(dossier).get(nom_court)
            if constante is not None and Path(constante["definition"]["fichier"]).stem.lower() == module.lower():
                self.constantes[nom] = {**constante, "nom": nom}
                return nom
        return None

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


def explication(trace: Trace, sorties: list[str], tables: Tables = {}) -> dict:
    """The `"explication"` object of one evaluation (see the module docstring); `tables`: see
    `tables_des_portees`."""
    if not trace.calls:
        return {"sorties": {}, "etapes": {}, "parametres": [], "constantes": {}}
    principal = trace.calls[0]
    dossiers = tuple(dict.fromkeys(str(Path(p.file).parent) for e in _toutes_entrees(principal) for p in e.positions))
    collecte = _Collecte(tables, dossiers)
    collecte.parcourir(principal, "")
    for etape in collecte.etapes.values():  # reads of steps the trace does not hold are left out
        etape["dependances"] = [c for c in etape["dependances"] if c in collecte.etapes or c in collecte.constantes]
    rendu_sorties = {}
    for nom in sorties:
        etape = collecte.etapes.get(nom)
        if etape is None:
            continue
        trail = collecte.fermeture(nom)
        rendu_sorties[nom] = {
            "valeur": etape["valeur"],
            "definitions": etape["definitions"],
            "fondement": [
                cle for cle in trail[1:] if cle in collecte.etapes or cle in collecte.constantes
            ],
            "parametres": _parametres_du_trail(collecte, trail),
            "articles": _articles(collecte, trail),
        }
    return {
        "portee": principal.scope,
        "sorties": rendu_sorties,
        "etapes": collecte.etapes,
        "parametres": collecte.parametres,
        "constantes": collecte.constantes,
    }


def _parametres_du_trail(collecte: _Collecte, trail: list[str]) -> list[int]:
    """Indexes (in `parametres`) of the parameter values read along the trail."""
    rangs: set[int] = set()
    for cle in trail:
        etape = collecte.etapes.get(cle, {})
        if "parametre" in etape:
            rangs.add(etape["parametre"])
        rangs.update(etape.get("parametres_lus", ()))
    return sorted(rangs)


def _articles(collecte: _Collecte, trail: list[str]) -> list[str]:
    """The distinct innermost headings of every rule on the trail, in trail order."""
    articles: list[str] = []
    for cle in trail:
        source = collecte.etapes.get(cle) or {}
        definitions = source.get("definitions") or ([collecte.constantes[cle]["definition"]]
                                                     if cle in collecte.constantes else [])
        for definition in definitions:
            if definition["article"] and definition["article"] not in articles:
                articles.append(definition["article"])
    return articles


def _toutes_entrees(appel: ScopeTrace):
    for evenement in appel.events:
        if isinstance(evenement, TraceEntry):
            yield evenement
        else:
            yield from _toutes_entrees(evenement)

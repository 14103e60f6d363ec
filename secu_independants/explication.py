"""`--explain`: the legal trail of a result, built from the execution trace of the generated scope.

For each output, `explication.sorties[nom]` gives its value, the rules that produced it (policy file, line,
law headings — the innermost one names the article) and the steps it depends on; `etapes` holds every
intermediate variable the same way (keys `variable` or `sous_portee.variable`), `parametres` the dated values
read from the `Parametres` scopes (PASS of a year, SMIC at a date: value, inputs, date of effect, source
heading), `constantes` the fixed parameters (`Parametres.x`) with the heading of their declaration.

Dependencies are found by reading the text of each applied rule in policy/ (names of the scope's variables,
sub-scope variables and `Parametres.` constants appearing in it): no compiler involved. When policy/ is not
readable (installed without sources), each output still carries its own rules, without dependencies.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

from catalapy.runtime.position import SourcePosition
from catalapy.runtime.trace import ScopeTrace, Trace, TraceEntry

from .sorties import texte_decimal, texte_montant

__all__ = ["expliquer_evaluation", "explication"]

RACINE = Path(__file__).resolve().parents[1]
_IDENTIFIANT = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")
_DECLARATION = re.compile(r"^\s*déclaration\s+(\w+)\s+contenu\b.*?(?:\s+égal à\s+(.+))?$")
_TITRE = re.compile(r"^(#+)\s+(.*?)\s*$")


def expliquer_evaluation(portee, entree) -> dict:
    """Evaluate `entree` with a trace and return the JSON result plus its `"explication"`."""
    trace = Trace()
    resultat = portee.evaluer(entree, trace=trace)
    objet = portee.serialiser(resultat)
    objet["explication"] = explication(trace, [cle for cle, _, _ in portee.champs_sortie])
    return objet


# ---------------------------------------------------------------------------------------------------------
# Source text of policy/ (read once per file)


@functools.cache
def _lignes(fichier: str) -> tuple[str, ...]:
    chemin = Path(fichier) if Path(fichier).is_absolute() else RACINE / fichier
    try:
        return tuple(chemin.read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def _texte(position: SourcePosition) -> str:
    lignes = _lignes(position.file)[position.start_line - 1:position.end_line]
    return "\n".join(lignes)


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

    def __init__(self, types_argent: frozenset[str]):
        self.types_argent = types_argent
        self.etapes: dict[str, dict] = {}
        self.parametres: list[dict] = []
        self.constantes: dict[str, dict] = {}
        self.cle_parametre: dict[int, int] = {}

    def valeur(self, nom: str, valeur: object) -> object:
        return _rendre(valeur, nom in self.types_argent)

    def parcourir(self, appel: ScopeTrace, prefixe: str) -> None:
        variables = {e.variable for e in appel.entries()}
        noms_sous_appels = {a.name for a in appel.calls() if a.name}
        appels_directs: list[int] = []  # `résultat de Parametres.S avec {...}` inside the next variable's rule
        for evenement in appel.events:
            if isinstance(evenement, TraceEntry):
                cle = prefixe + evenement.variable
                self.etapes[cle] = {
                    "portee": evenement.scope,
                    "valeur": self.valeur(evenement.variable, evenement.value),
                    "definitions": [_definition(p) for p in evenement.positions],
                    "dependances": self._dependances(evenement, prefixe, variables, noms_sous_appels),
                }
                if appels_directs:
                    self.etapes[cle]["parametres_lus"] = appels_directs
                    appels_directs = []
            elif _est_parametre(evenement):
                rang = self._parametre(evenement, prefixe)
                if not evenement.name and rang not in appels_directs:
                    appels_directs.append(rang)
            else:
                self.parcourir(evenement, f"{prefixe}{evenement.name or evenement.scope}.")

    def _parametre(self, appel: ScopeTrace, prefixe: str) -> int:
        entrees, sorties, definitions = {}, {}, []
        for entree in appel.entries():
            positions_parametres = [p for p in entree.positions if "parametres" in Path(p.file).stem]
            if positions_parametres and not entree.is_input:
                sorties[entree.variable] = self.valeur(entree.variable, entree.value)
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

    def _dependances(self, entree: TraceEntry, prefixe: str, variables: set[str], sous_appels: set[str]) -> list:
        trouvees: list[str] = []
        for position in entree.positions:
            for identifiant in _IDENTIFIANT.findall(_texte(position)):
                tete, _, reste = identifiant.partition(".")
                if identifiant in variables and identifiant != entree.variable:
                    cle = prefixe + identifiant
                elif tete in sous_appels and reste:
                    cle = f"{prefixe}{tete}.{reste.split('.')[0]}"
                elif tete == "Parametres" and reste:
                    constante = _constantes_du_dossier(str(Path(position.file).parent)).get(reste)
                    if constante is None:
                        continue
                    self.constantes[constante["nom"]] = constante
                    cle = constante["nom"]
                else:
                    continue
                if cle not in trouvees:
                    trouvees.append(cle)
        return trouvees

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


def explication(trace: Trace, sorties: list[str], types_argent: frozenset[str] = frozenset()) -> dict:
    """The `"explication"` object of one evaluation (see the module docstring)."""
    if not trace.calls:
        return {"sorties": {}, "etapes": {}, "parametres": [], "constantes": {}}
    principal = trace.calls[0]
    collecte = _Collecte(types_argent or _noms_argent(principal))
    collecte.parcourir(principal, "")
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


def _noms_argent(principal: ScopeTrace) -> frozenset[str]:
    """Variables declared `contenu argent` in the scopes of the trace (from the declarations in policy/)."""
    noms: set[str] = set()
    fichiers = {p.file for e in _toutes_entrees(principal) for p in e.positions}
    for fichier in fichiers:
        for ligne in _lignes(fichier):
            trouve = re.match(r"^\s*(?:entrée|résultat|interne|contexte|donnée)\s+(\w+)\s+contenu\s+(.*)$", ligne)
            if trouve and re.search(r"\bargent\b", trouve.group(2)):
                noms.add(trouve.group(1))
    return frozenset(noms)


def _toutes_entrees(appel: ScopeTrace):
    for evenement in appel.events:
        if isinstance(evenement, TraceEntry):
            yield evenement
        else:
            yield from _toutes_entrees(evenement)

"""The reasoning tree of `--explain`: why each output has its value, as a legal reviewer reads it.

`raisonnement(collecte, sorties, module)` turns the walk of the execution trace (explication.collecter) into
nested nodes, each holding:

- `libelle` and `valeur`: the variable in words (the label of its declaration) and its value as the law
  writes it (`9 526,50 €`, `1er juillet 2021`, `oui`, the French text of a constructor);
- `calcul`, for the main steps (average, threshold, comparison, daily amount, carence, days, total): the
  arithmetic with the values of the case (calculs.py);
- `regle`: the law heading the applied rule sits under, `enonce`: the statement of the law written under that
  heading (its `Droit :` paragraph), `article`: the article it cites (`D622-7`), with its Légifrance link
  (the article page when the heading carries its `LEGIARTI` identifier, a search on the article number of
  the Code de la sécurité sociale otherwise), `position`: the `policy/` line of the rule;
- `donnees`: the values of the case it used, `parametres`: the dated parameters it read (value, period of
  validity, source heading, position), `constantes`: the fixed parameters it read (written from the value
  the compiler emitted, as the site writes them: `ecriture.constante`; source);
- `enfants`: the intermediate results it used, each shown once (a result already explained is named in
  `voir` instead of being repeated).

Only what contributed to the outputs appears, outputs in the order a reviewer reads them: an output comes
after the outputs it depends on, then in the order of the contract (eligibility, amount, days, total).
Steps that only pass a value through (a sub-scope input `revenu.date_arret = date_arret`) are skipped.
Everything comes from the trace and from the data the compiler emits (`LAW_HEADINGS`, `CONSTANTS`,
`VARIABLES_OF_SCOPES`): nothing reads policy/.

`texte(objet, portee)` prints a result and its reasoning as indented French text (`--format texte`), each value
written from the type of its output in the scope's generated output class; `texte_raisonnement(arbre)` the
reasoning alone.
"""

from __future__ import annotations

import enum
import functools
import re
import typing
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from types import ModuleType
from typing import TYPE_CHECKING, Any

from catalapy.runtime.printing import option_payload_type
from catalapy.runtime.values import ABSENT, Duration, Money, Option, Present

from . import ecriture
from .articles import article_cite, fondement, lien_legifrance
from .calculs import calcul
from .explication import JSON, _Collecte, date_de_lecture, modules_generes
from .sorties import noms_json_enumeration

if TYPE_CHECKING:
    from .liaison import Portee

__all__ = ["raisonnement", "texte", "texte_raisonnement", "resultat_en_mots", "lien_legifrance", "article_cite"]

# ---------------------------------------------------------------------------------------------------------
# The tree


def libelle(cle: str, portee: str | None = None, module: ModuleType | None = None) -> str:
    """The words a jurist reads for a variable: the label its declaration carries (`# libellé : …`, emitted by
    the compiler in `LABELS`) in the scope `portee` (or, for a constant `Parametres.x`, its module), else its
    name in words: `eligibilite.revenu_insuffisant` → `revenu insuffisant`; `PlafondAnnuelSecuriteSociale` →
    `plafond annuel securite sociale`.

    >>> libelle("eligibilite.revenu_insuffisant"), libelle("PlafondAnnuelSecuriteSociale")
    ('revenu insuffisant', 'plafond annuel securite sociale')
    """
    tete, _, nom = cle.rpartition(".")
    nom = nom.split("@")[0]
    proprietaire = (portee or (tete if tete[:1].isupper() else "")).rsplit(".", 1)[-1]
    if module is not None and proprietaire:
        trouve = libelles(module).get(proprietaire, {}).get(nom)
        if trouve:
            return trouve
    nom = re.sub(r"(?<=[a-zé])(?=[A-Z])", " ", nom)
    return nom.replace("_", " ").lower() if " " in nom else nom.replace("_", " ")


@functools.cache
def libelles(module: ModuleType) -> dict[str, dict[str, str]]:
    """The `LABELS` of a generated module and of the modules it uses: scope, enumeration or module name →
    name → label."""
    trouves: dict[str, dict[str, str]] = {}
    for courant in modules_generes(module):
        for proprietaire, noms in getattr(courant, "LABELS", {}).items():
            for nom, texte in noms.items():
                trouves.setdefault(proprietaire, {}).setdefault(nom, texte)
    return trouves


def _periode_de_regle(positions: list[str], module: ModuleType | None) -> str | None:
    """The period of validity of the rule applied (`RULE_PERIODS`, emitted by the compiler), in words."""
    periodes = _periodes(module) if module is not None else {}
    for position in positions:
        if position in periodes:
            en_mots = ecriture.periode(*periodes[position])
            if en_mots:
                return en_mots
    return None


@functools.cache
def _periodes(module: ModuleType) -> dict[str, tuple[date | None, date | None]]:
    """Position (as text) → (first day, last day) of the dated rules of the module and the modules it uses."""
    return {str(position): periode for courant in modules_generes(module)
            for position, periode in getattr(courant, "RULE_PERIODS", {}).items()}


def _periode(entrees: Mapping[str, object]) -> str | None:
    """Without a dated rule: the period a parameter read for a year (`annee`) covers, or the date it was read
    at."""
    lecture = date_de_lecture(entrees)
    if lecture is None:
        return None
    jour, annee = lecture
    if annee:
        return ecriture.periode(jour, date(jour.year, 12, 31))
    return f"en vigueur le {ecriture.date_longue(jour)}"


class _Arbre:
    def __init__(self, collecte: _Collecte, module: ModuleType | None):
        self.c = collecte
        self.module = module
        self.vus: dict[str, str] = {}  # key → libellé of a step already explained

    def libelle(self, cle: str) -> str:
        return libelle(cle, self.c.etapes.get(cle, {}).get("portee"), self.module)

    def transparente(self, cle: str) -> bool:
        """A step that only passes on one value (sub-scope input defined as a read of the caller, or an
        entry of a sub-scope given by its caller) is skipped in favour of what it reads."""
        etape = self.c.etapes.get(cle, {})
        if "." not in cle or "parametre" in etape:
            return False
        deps = etape.get("dependances", [])
        return len(deps) == 1 and self.c.brut.get(deps[0], (object(),))[0] == self.c.brut.get(cle, (None,))[0]

    def fils(self, cle: str) -> list[str]:
        """What `cle` depends on, pass-through steps replaced by what they read (once each, in order)."""
        trouves: list[str] = []
        a_voir = list(self.c.etapes.get(cle, {}).get("dependances", []))
        deja = {cle}
        while a_voir:
            dep = a_voir.pop(0)
            if dep in deja:
                continue
            deja.add(dep)
            if dep in self.c.etapes and self.transparente(dep):
                a_voir[0:0] = self.c.etapes[dep]["dependances"]
                continue
            trouves.append(dep)
        return trouves

    def noeud(self, cle: str) -> JSON:
        etape = self.c.etapes[cle]
        brut, argent = self.c.brut.get(cle, (None, False))
        noeud: JSON = {"variable": cle, "libelle": self.libelle(cle), "valeur": ecriture.valeur(brut, argent)}
        if etape.get("definitions"):
            noeud.update(fondement(etape["definitions"][0], self.module))
        arithmetique = calcul(cle, self.c)
        if arithmetique:
            noeud["calcul"] = arithmetique
        self.vus[cle] = noeud["libelle"]
        donnees, parametres, constantes, enfants, voir = [], [], [], [], []
        rangs = list(etape.get("parametres_lus", []))
        if "parametre" in etape:
            rangs.append(etape["parametre"])
        for dep in self.fils(cle):
            if dep in self.c.constantes:
                constantes.append(self.constante(dep))
            elif dep in self.c.entrees:
                b, a = self.c.brut.get(dep, (None, False))
                donnees.append({"variable": dep, "libelle": self.libelle(dep), "valeur": ecriture.valeur(b, a)})
            elif dep in self.vus:
                voir.append({"variable": dep, "libelle": self.vus[dep]})
            elif "parametre" in self.c.etapes.get(dep, {}) and not self.c.etapes[dep].get("dependances"):
                rangs.append(self.c.etapes[dep]["parametre"])
            elif dep in self.c.etapes:
                enfants.append(self.noeud(dep))
        for rang in dict.fromkeys(rangs):
            parametres.append(self.parametre(rang))
        for nom, valeur in (("donnees", donnees), ("parametres", parametres), ("constantes", constantes),
                            ("voir", voir), ("enfants", enfants)):
            if valeur:
                noeud[nom] = valeur
        return noeud

    def parametre(self, rang: int) -> JSON:
        rendu = self.c.parametres[rang]
        bruts = self.c.brut_parametres[rang]
        valeurs = [ecriture.valeur(b, a) for b, a in bruts.values()]
        entrees_brutes = self.c.entrees_parametres[rang]
        entrees = ", ".join(f"{libelle(k, rendu['portee'], self.module)} {ecriture.valeur(v)}"
                            for k, v in entrees_brutes.items())
        sortie = next(iter(rendu["valeur"]), None)
        nom = (libelle(sortie, rendu["portee"], self.module) if sortie else None)
        if not nom or nom == sortie:
            nom = libelle(rendu["portee"].rsplit(".", 1)[-1])
        parametre = {
            "nom": nom + (f" ({entrees})" if entrees else ""),
            "portee": rendu["portee"],
            "valeur": " ; ".join(valeurs),
            "periode": _periode_de_regle([d["position"] for d in rendu["definitions"]], self.module)
            or _periode(entrees_brutes),
            "source": rendu["source"],
        }
        if rendu["definitions"]:
            lu = fondement(rendu["definitions"][0], self.module)
            parametre.update({k: lu[k] for k in ("position", "article", "article_id", "legifrance")})
        return parametre

    def constante(self, cle: str) -> JSON:
        constante = self.c.constantes[cle]
        lu = fondement(constante["definition"], self.module)
        return {
            "nom": libelle(cle, None, self.module),
            "variable": cle,
            "valeur": ecriture.constante(self.c.connues[cle], cle in self.c.en_argent),
            "source": lu["regle"],
            **{k: lu[k] for k in ("position", "article", "article_id", "legifrance")},
        }


def ordre_de_lecture(collecte: _Collecte, sorties: list[str]) -> list[str]:
    """The outputs with a step, in the contract's order except that an output comes after the outputs it
    uses: those its trail reaches, and those that only combine steps of its trail (`jours_carence`, read from
    `carence.jours_carence`, comes before `jours_indemnises`, whose trail holds `carence.jours_carence`)."""
    presentes = [s for s in sorties if s in collecte.etapes]
    atteint = {s: set(collecte.fermeture(s)[1:]) for s in presentes}

    def avant(a: str, b: str) -> bool:
        directes = set(collecte.etapes[a].get("dependances", []))
        return a in atteint[b] or (bool(directes) and directes <= atteint[b] and b not in atteint[a])

    ordre: list[str] = []

    def placer(s: str, pile: tuple[str, ...] = ()) -> None:
        if s in ordre or s in pile:
            return
        for autre in presentes:
            if autre != s and avant(autre, s):
                placer(autre, pile + (s,))
        ordre.append(s)

    for s in presentes:
        placer(s)
    return ordre


def raisonnement(collecte: _Collecte, sorties: list[str], module: ModuleType | None = None) -> list[JSON]:
    """The reasoning tree (see the module docstring): one node per output, in reading order."""
    arbre = _Arbre(collecte, module)
    return [arbre.noeud(s) if s not in arbre.vus else {"variable": s, "libelle": arbre.libelle(s),
                                                         "voir": [{"variable": s, "libelle": arbre.libelle(s)}]}
            for s in ordre_de_lecture(collecte, sorties)]


# ---------------------------------------------------------------------------------------------------------
# Text


def texte(objet: Mapping[str, Any], portee: Portee) -> str:
    """A result (and its `raisonnement`, when present) as indented French text. `portee`: the scope that
    computed it; each « Résultat » line is written from the type of its output in the output class the compiler
    emitted (money, date, constructor in the law's words, absent optional value: `resultat_en_mots`)."""
    lignes = ["Résultat"]
    noeuds = {n["variable"]: n for n in objet.get("raisonnement") or () if "variable" in n}
    for cle, valeur in objet.items():
        if cle in ("explication", "raisonnement"):
            continue
        noeud = noeuds.get(cle, {})
        nom = noeud["libelle"] if "libelle" in noeud else libelle(cle, portee.liaison.portee, portee.module)
        lignes.append(f"  {nom} : {resultat_en_mots(cle, valeur, portee)}")
    ecrit = "\n".join(lignes) + "\n"
    return ecrit + "\n" + texte_raisonnement(objet["raisonnement"]) if objet.get("raisonnement") else ecrit


def texte_raisonnement(arbre: list[JSON]) -> str:
    """The reasoning tree (`raisonnement`) as indented French text, under the title « Raisonnement » (its
    values are already words)."""
    lignes = ["Raisonnement"]
    for noeud in arbre:
        _texte_noeud(noeud, 1, lignes)
    return "\n".join(lignes) + "\n"


def resultat_en_mots(cle: str, valeur: object, portee: Portee) -> str:
    """The JSON value of the output `cle` of the scope `portee` in words, from the type of that output in the
    output class the compiler emitted (`9526.50` money → `9 526,50 €`, `CPAMResidence` → `CPAM du lieu de
    résidence`, `null` optional → `aucune valeur`). A key that is not an output of the scope, or a value that
    its type does not read, raises `ValueError`: nothing is guessed from the JSON value alone."""
    types = _types_de_sortie(portee)
    if cle not in types:
        raise ValueError(f"{cle} n'est pas une sortie de la portée {portee.liaison.portee} "
                         f"(sorties : {', '.join(types)})")
    return ecriture.valeur(_valeur_typee(valeur, types[cle]), ecriture.contient_argent(types[cle]))


@functools.cache
def _types_de_sortie(portee: Portee) -> dict[str, object]:
    """Key of the JSON result → the annotation of its field in the generated output class."""
    annotations = typing.get_type_hints(portee.classe_sortie)
    return {cle: annotations[attribut] for cle, attribut, _convertir in portee.champs_sortie}


class _NonLu(ValueError):
    """A JSON value `_valeur_typee` does not read back (a structure, a constructor with a payload)."""


def _valeur_typee(valeur: object, annotation: object) -> object:
    """The value of type `annotation` a JSON value of a result stands for (sorties.py wrote it): money and
    decimals are exact strings, dates ISO strings, durations days or `{"annees", "mois", "jours"}`, an optional
    value `null` or its content, a constructor its name or its French sentence (`sorties.LIBELLES`).

    >>> ecriture.valeur(_valeur_typee({"annees": 1, "mois": 2, "jours": 0}, Duration))
    '1 an et 2 mois'
    >>> ecriture.valeur(_valeur_typee(["0.75", None], tuple[Fraction, Option[date]]))
    '0,75 ; aucune valeur'
    """
    contenu = option_payload_type(annotation)
    if contenu is not None:
        return ABSENT if valeur is None else Present(_valeur_typee(valeur, contenu))
    if typing.get_origin(annotation) is tuple and isinstance(valeur, list):
        elements = typing.get_args(annotation)
        if len(elements) == 2 and elements[1] is Ellipsis:
            return tuple(_valeur_typee(v, elements[0]) for v in valeur)
        return tuple(_valeur_typee(v, t) for v, t in zip(valeur, elements))
    if annotation is Money and isinstance(valeur, str):
        return int(Fraction(valeur) * 100)
    if annotation is Fraction and isinstance(valeur, str):
        return Fraction(valeur)
    if annotation is date and isinstance(valeur, str):
        return date.fromisoformat(valeur)
    if annotation is Duration and isinstance(valeur, int):
        return Duration(0, 0, valeur)
    if annotation is Duration and isinstance(valeur, dict):
        return Duration(valeur["annees"], valeur["mois"], valeur["jours"])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum) and isinstance(valeur, str):
        return {texte: membre for membre, texte in noms_json_enumeration(annotation).items()}.get(valeur, valeur)
    if isinstance(valeur, (dict, list)):
        raise _NonLu(f"la valeur JSON {valeur!r} ne se lit pas comme une valeur de type {annotation}")
    return valeur


def _renvoi(element: Mapping[str, Any]) -> str:
    morceaux = []
    if element.get("article"):
        morceaux.append(f"art. {element['article']}")
    if element.get("position"):
        morceaux.append(element["position"])
    return f" [{', '.join(morceaux)}]" if morceaux else ""


def _fusion(noeud: Mapping[str, Any]) -> Mapping[str, Any]:
    """An output that only passes on the result of a sub-scope (one child, same label and value, nothing of
    its own but what it also uses) is printed as that child, with its own `voir` added."""
    enfants = noeud.get("enfants", [])
    propres = {"donnees", "parametres", "constantes", "calcul"} & set(noeud)
    if len(enfants) != 1 or propres:
        return noeud
    enfant = enfants[0]
    if enfant.get("libelle") != noeud.get("libelle") or \
            str(enfant.get("valeur", "")).removesuffix(" €") != str(noeud.get("valeur", "")).removesuffix(" €"):
        return noeud
    fusion = {**enfant, "valeur": noeud.get("valeur", enfant.get("valeur"))}
    voir = [*enfant.get("voir", []), *(v for v in noeud.get("voir", []) if v not in enfant.get("voir", []))]
    if voir:
        fusion["voir"] = voir
    return fusion


def _texte_noeud(noeud: Mapping[str, Any], niveau: int, lignes: list[str]) -> None:
    noeud = _fusion(noeud)
    marge = "  " * niveau
    regle = f" — {noeud['regle']}" if noeud.get("regle") else ""
    lignes.append(f"{marge}{noeud['libelle']} : {noeud.get('valeur', '')}{regle}{_renvoi(noeud)}")
    sous = marge + "    "
    if noeud.get("calcul"):
        lignes.append(f"{sous}calcul : {noeud['calcul']}")
    if noeud.get("donnees"):
        lignes.append(sous + "données du cas : " + " ; ".join(f"{d['libelle']} = {d['valeur']}"
                                                              for d in noeud["donnees"]))
    for p in noeud.get("parametres", []):
        periode = f", {p['periode']}" if p.get("periode") else ""
        source = f" ; {p['source']}" if p.get("source") else ""
        lignes.append(f"{sous}paramètre {p['nom']} = {p['valeur']}{periode}{source}{_renvoi(p)}")
    for c in noeud.get("constantes", []):
        lignes.append(f"{sous}constante {c['nom']} = {c['valeur']} ; {c['source']}{_renvoi(c)}")
    if noeud.get("voir"):
        lignes.append(sous + "utilise : " + " ; ".join(v["libelle"] for v in noeud["voir"]) + " (voir plus haut)")
    for enfant in noeud.get("enfants", []):
        _texte_noeud(enfant, niveau + 1, lignes)

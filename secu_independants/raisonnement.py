"""The reasoning tree of `--explain`: why each output has its value, as a legal reviewer reads it.

`raisonnement(collecte, sorties, module)` turns the walk of the execution trace (explication.collecter) into
nested nodes, each holding:

- `libelle` and `valeur`: the variable in words and its value as the law writes it (`9 526,50 €`,
  `1er juillet 2021`, `oui`);
- `regle`: the law heading the applied rule sits under, `enonce`: the statement of the law written under that
  heading (its `Droit :` paragraph), `article`: the article it cites (`D622-7`), with its Légifrance link
  (the article page when the heading carries its `LEGIARTI` identifier, a search on the article number of
  the Code de la sécurité sociale otherwise), `position`: the `policy/` line of the rule;
- `donnees`: the values of the case it used, `parametres`: the dated parameters it read (value, period of
  validity, source heading, position), `constantes`: the fixed parameters it read (value as written, source);
- `enfants`: the intermediate results it used, each shown once (a result already explained is named in
  `voir` instead of being repeated).

Only what contributed to the outputs appears, outputs in the order a reviewer reads them: an output comes
after the outputs it depends on, then in the order of the contract (eligibility, amount, days, total).
Steps that only pass a value through (a sub-scope input `revenu.date_arret = date_arret`) are skipped.
Everything comes from the trace and from the data the compiler emits (`LAW_HEADINGS`, `CONSTANTS`,
`VARIABLES_OF_SCOPES`): nothing reads policy/.

`texte(objet)` prints a result and its reasoning as indented French text (`--format texte`).
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Mapping
from datetime import date, timedelta
from types import ModuleType

from catalapy.runtime.metadata import LawHeadingInfo

from . import ecriture
from .explication import _Collecte, modules_generes

__all__ = ["raisonnement", "texte", "lien_legifrance", "article_cite", "valeur_en_mots"]

LEGIFRANCE_ARTICLE = "https://www.legifrance.gouv.fr/codes/article_lc/{}"
# Search on an article number of the Code de la sécurité sociale (LEGITEXT000006073189).
LEGIFRANCE_RECHERCHE = ("https://www.legifrance.gouv.fr/search/code?tab_selection=code&searchField=NUM_ARTICLE"
                        "&query={}&typeRecherche=date&nomCode=Code%20de%20la%20s%C3%A9curit%C3%A9%20sociale")
_ARTICLE = re.compile(r"\b[Aa]rticles?\s+([LRD]\.?\s?\d{3,4}(?:-\d+)*)")


# ---------------------------------------------------------------------------------------------------------
# Articles


def article_cite(*textes: str | None) -> str | None:
    """The first article of a code cited in the texts (`D622-7` in "article D622-7 I, alinéa 1 du CSS").

    >>> article_cite(None, "Droit : article D622-7 I, alinéa 1 du CSS")
    'D622-7'
    """
    for texte in textes:
        trouve = _ARTICLE.search(texte or "")
        if trouve:
            return trouve.group(1).replace(".", "").replace(" ", "")
    return None


def lien_legifrance(article_id: str | None, numero: str | None) -> str | None:
    """The Légifrance page of an article: by its identifier when known, else a search on its number."""
    if article_id and re.fullmatch(r"(LEGIARTI|JORFARTI)\d{12}", article_id):
        return LEGIFRANCE_ARTICLE.format(article_id)
    if numero:
        return LEGIFRANCE_RECHERCHE.format(urllib.parse.quote(numero))
    return None


@functools.cache
def _titres(module: ModuleType) -> dict[tuple[str, str], LawHeadingInfo]:
    """(file, title) → heading, for the headings of the module and of the modules it uses."""
    trouves: dict[tuple[str, str], LawHeadingInfo] = {}
    for courant in modules_generes(module):
        for titre in getattr(courant, "LAW_HEADINGS", ()):
            trouves.setdefault((titre.file, titre.title), titre)
    return trouves


def _fondement(definition: Mapping, module: ModuleType | None) -> dict:
    """Rule, statement, article and link of one definition (`{"fichier", "ligne", "titres", ...}`)."""
    titres = _titres(module) if module is not None else {}
    fichier = definition["fichier"]
    chaine = [titres.get((fichier, t)) for t in definition["titres"]]
    interieur = chaine[-1] if chaine else None
    article_id = next((t.article_id for t in reversed(chaine) if t is not None and t.article_id), None)
    porteur = next((t for t in reversed(chaine) if t is not None and t.article_id), None)
    enonce = next((t.statement for t in reversed(chaine) if t is not None and t.statement), None)
    numero = article_cite(porteur.title if porteur else None, *(t.title for t in reversed(chaine) if t),
                          interieur.statement if interieur else None, enonce)
    return {
        "regle": definition["titres"][-1] if definition["titres"] else None,
        "enonce": interieur.statement if interieur and interieur.statement else enonce,
        "article": numero,
        "article_id": article_id,
        "legifrance": lien_legifrance(article_id, numero),
        "position": f"{fichier}:{definition['ligne']}",
        "titres": list(definition["titres"]),
    }


# ---------------------------------------------------------------------------------------------------------
# The tree


def libelle(cle: str) -> str:
    """`eligibilite.revenu_insuffisant` → `revenu insuffisant (eligibilite)`; `Parametres.x` → `x`;
    `PlafondAnnuelSecuriteSociale` → `plafond annuel securite sociale`."""
    tete, _, nom = cle.rpartition(".")
    nom = re.sub(r"(?<=[a-zé])(?=[A-Z])", " ", nom.split("@")[0])
    mots = nom.replace("_", " ").lower() if " " in nom else nom.replace("_", " ")
    if not tete or tete[:1].isupper():
        return mots
    return f"{mots} ({tete.replace('_', ' ').replace('.', ', ')})"


def _periode(entrees: Mapping) -> str | None:
    """The period of validity of a parameter read for a year (`annee`) or at a date."""
    for valeur in entrees.values():
        if isinstance(valeur, bool):
            continue
        if isinstance(valeur, int) and 1 <= valeur <= 9999:
            return f"du {ecriture.date_longue(date(valeur, 1, 1))} au {ecriture.date_longue(date(valeur, 12, 31))}"
        if isinstance(valeur, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valeur):
            return f"en vigueur le {ecriture.date_longue(date.fromisoformat(valeur))}"
    return None


class _Arbre:
    def __init__(self, collecte: _Collecte, module: ModuleType | None):
        self.c = collecte
        self.module = module
        self.vus: dict[str, str] = {}  # key → libellé of a step already explained

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

    def noeud(self, cle: str) -> dict:
        etape = self.c.etapes[cle]
        brut, argent = self.c.brut.get(cle, (None, False))
        noeud: dict = {"variable": cle, "libelle": libelle(cle), "valeur": ecriture.valeur(brut, argent)}
        if etape.get("definitions"):
            noeud.update(_fondement(etape["definitions"][0], self.module))
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
                donnees.append({"variable": dep, "libelle": libelle(dep), "valeur": ecriture.valeur(b, a)})
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

    def parametre(self, rang: int) -> dict:
        rendu = self.c.parametres[rang]
        bruts = self.c.brut_parametres[rang]
        valeurs = [ecriture.valeur(b, a) for b, a in bruts.values()]
        entrees = ", ".join(f"{k.replace('_', ' ')} {ecriture.valeur(_date_ou(v))}" for k, v in rendu["entrees"].items())
        parametre = {
            "nom": libelle(rendu["portee"].rsplit(".", 1)[-1]) + (f" ({entrees})" if entrees else ""),
            "portee": rendu["portee"],
            "valeur": " ; ".join(valeurs),
            "periode": _periode(rendu["entrees"]),
            "source": rendu["source"],
        }
        if rendu["definitions"]:
            fondement = _fondement(rendu["definitions"][0], self.module)
            parametre.update({k: fondement[k] for k in ("position", "article", "article_id", "legifrance")})
        return parametre

    def constante(self, cle: str) -> dict:
        constante = self.c.constantes[cle]
        fondement = _fondement(constante["definition"], self.module)
        return {
            "nom": libelle(cle),
            "variable": cle,
            "valeur": ecriture.texte_source(constante["texte"]) or ecriture.valeur(self.c.brut.get(cle, (None,))[0]),
            "source": fondement["regle"],
            **{k: fondement[k] for k in ("position", "article", "article_id", "legifrance")},
        }


def _date_ou(valeur: object) -> object:
    if isinstance(valeur, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valeur):
        return date.fromisoformat(valeur)
    return valeur


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

    def placer(s: str, pile: tuple = ()) -> None:
        if s in ordre or s in pile:
            return
        for autre in presentes:
            if autre != s and avant(autre, s):
                placer(autre, pile + (s,))
        ordre.append(s)

    for s in presentes:
        placer(s)
    return ordre


def raisonnement(collecte: _Collecte, sorties: list[str], module: ModuleType | None = None) -> list[dict]:
    """The reasoning tree (see the module docstring): one node per output, in reading order."""
    arbre = _Arbre(collecte, module)
    return [arbre.noeud(s) if s not in arbre.vus else {"variable": s, "libelle": libelle(s),
                                                         "voir": [{"variable": s, "libelle": libelle(s)}]}
            for s in ordre_de_lecture(collecte, sorties)]


# ---------------------------------------------------------------------------------------------------------
# Text


def texte(objet: Mapping) -> str:
    """A result (and its `raisonnement`, when present) as indented French text."""
    lignes = ["Résultat"]
    for cle, valeur in objet.items():
        if cle in ("explication", "raisonnement"):
            continue
        lignes.append(f"  {cle.replace('_', ' ')} : {valeur_en_mots(valeur)}")
    if objet.get("raisonnement"):
        lignes += ["", "Raisonnement"]
        for noeud in objet["raisonnement"]:
            _texte_noeud(noeud, 1, lignes)
    return "\n".join(lignes) + "\n"


def valeur_en_mots(valeur: object) -> str:
    """A JSON value of a result in words: `true` → oui, `"221.85"` → 221,85 €, `"2020-01-20"` → 20 janvier 2020."""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, list):
        return " ; ".join(valeur_en_mots(v) for v in valeur) if valeur else "aucun"
    if valeur is None:
        return "—"
    if isinstance(valeur, str) and re.fullmatch(r"-?\d+\.\d\d", valeur):
        return ecriture.montant(int(valeur.replace(".", "")))
    if isinstance(valeur, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valeur):
        return ecriture.date_longue(date.fromisoformat(valeur))
    return str(valeur)


def _renvoi(element: Mapping) -> str:
    morceaux = []
    if element.get("article"):
        morceaux.append(f"art. {element['article']}")
    if element.get("position"):
        morceaux.append(element["position"])
    return f" [{', '.join(morceaux)}]" if morceaux else ""


def _texte_noeud(noeud: Mapping, niveau: int, lignes: list[str]) -> None:
    marge = "  " * niveau
    regle = f" — {noeud['regle']}" if noeud.get("regle") else ""
    lignes.append(f"{marge}{noeud['libelle']} : {noeud.get('valeur', '')}{regle}{_renvoi(noeud)}")
    sous = marge + "    "
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

"""The articles a rule cites, and their Légifrance links, from the law headings the compiler emits
(`LAW_HEADINGS` of each generated module: title, article identifier, statement).

A definition's article is the identifier of the nearest heading above it that has one (`## Article D622-7 |
LEGIARTI…`); its number is the first article of a code named by those headings or by the statement of the
section when it starts with it (`Droit : article D622-7 I, alinéa 1 du CSS`).
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from catalapy.runtime.metadata import LawHeadingInfo

from .explication import modules_generes

__all__ = ["article_cite", "lien_legifrance", "fondement"]

LEGIFRANCE_ARTICLE = "https://www.legifrance.gouv.fr/codes/article_lc/{}"
# Without an identifier: a search of the article number in the codes (the Code de la sécurité sociale is the
# only code the policy cites).
LEGIFRANCE_RECHERCHE = "https://www.legifrance.gouv.fr/search/code?tab_selection=code&searchField=ALL&query={}&init=true"
_ARTICLE = re.compile(r"\b[Aa]rticles?\s+([LRD]\.?\s?\d{3,4}(?:-\d+)*)")


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


def fondement(definition: Mapping[str, Any], module: ModuleType | None) -> dict[str, Any]:
    """Rule, statement, article and link of one definition (`{"fichier", "ligne", "titres", ...}`)."""
    titres = _titres(module) if module is not None else {}
    fichier = definition["fichier"]
    chaine = [titres.get((fichier, t)) for t in definition["titres"]]
    interieur = chaine[-1] if chaine else None
    article_id = next((t.article_id for t in reversed(chaine) if t is not None and t.article_id), None)
    porteur = next((t for t in reversed(chaine) if t is not None and t.article_id), None)
    enonce = interieur.statement if interieur is not None else None
    # a statement names the article it states when it starts with it (`article D622-7 I, alinéa 1 du CSS : …`);
    # one that only mentions an article (`le décret rend applicable l'article R323-1`) does not
    nomme = enonce if enonce and enonce.lower().startswith("article") else None
    numero = article_cite(porteur.title if porteur else None, *(t.title for t in reversed(chaine) if t), nomme)
    return {
        "regle": definition["titres"][-1] if definition["titres"] else None,
        "enonce": enonce,
        "article": numero,
        "article_id": article_id,
        "legifrance": lien_legifrance(article_id, numero),
        "position": f"{fichier}:{definition['ligne']}",
    }





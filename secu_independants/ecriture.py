"""Values written as the law writes them (for the reasoning and the documentation), never as code writes them.

>>> montant(952650), date_longue(date(2021, 7, 1)), date_longue(date(2020, 10, 5))
('9 526,50 €', '1er juillet 2021', '5 octobre 2020')
>>> decimal(Fraction(19053, 2)), decimal(Fraction(71, 100)), decimal(Fraction(1, 3))
('9 526,50', '0,71', '≈ 0,3333')
>>> duree(Duration(1, 0, 0)), duree(Duration(0, 0, 3))
('1 an', '3 jours')
"""

from __future__ import annotations

import enum
import re
import sys
from datetime import date
from fractions import Fraction

from catalapy.runtime.metadata import ConstantInfo
from catalapy.runtime.printing import catala_name, enum_member_name
from catalapy.runtime.trace_values import ValueStyle, holds_money, render_value
from catalapy.runtime.values import Duration, Present  # noqa: F401  (Present: used by the doctests)

__all__ = ["contient_argent", "constructeur", "montant", "date_longue", "periode", "decimal", "duree", "valeur",
           "constante", "texte_source", "MOIS"]

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def _milliers(entier: int) -> str:
    """12345 → '12 345' (a space between groups of three digits)."""
    return f"{entier:,}".replace(",", " ")


def montant(centimes: int) -> str:
    """int cents → '9 526,50 €' (whole euros without cents: '41 136 €')."""
    signe = "-" if centimes < 0 else ""
    euros, cents = divmod(abs(centimes), 100)
    return f"{signe}{_milliers(euros)}{',' + format(cents, '02d') if cents else ''} €"


def date_longue(jour: date) -> str:
    """date(2021, 7, 1) → '1er juillet 2021'."""
    quantieme = "1er" if jour.day == 1 else str(jour.day)
    return f"{quantieme} {MOIS[jour.month - 1]} {jour.year}"


def periode(debut: date | None, fin: date | None) -> str | None:
    """A period of validity in words (None when it is open at both ends).

    >>> periode(date(2020, 1, 1), date(2020, 12, 31)), periode(date(2021, 10, 1), None)
    ('du 1er janvier 2020 au 31 décembre 2020', 'à partir du 1er octobre 2021')
    """
    if debut and fin:
        return f"du {date_longue(debut)} au {date_longue(fin)}"
    if debut:
        return f"à partir du {date_longue(debut)}"
    if fin:
        return f"jusqu'au {date_longue(fin)}"
    return None


def decimal(valeur: Fraction) -> str:
    """An exact decimal with a comma: two decimals for non-integers with at most two, else about four."""
    valeur = Fraction(valeur)
    if valeur.denominator == 1:
        return ("-" if valeur < 0 else "") + _milliers(abs(valeur.numerator))
    centiemes = valeur * 100
    if centiemes.denominator == 1:
        entier, reste = divmod(abs(centiemes.numerator), 100)
        return f"{'-' if valeur < 0 else ''}{_milliers(entier)},{reste:02d}"
    arrondi = round(abs(valeur) * 10000)
    entier, reste = divmod(arrondi, 10000)
    return f"≈ {'-' if valeur < 0 else ''}{_milliers(entier)},{reste:04d}"


def duree(valeur: Duration) -> str:
    """Duration(1, 0, 0) → '1 an'; Duration(0, 2, 10) → '2 mois et 10 jours'."""
    morceaux = []
    for nombre, singulier, pluriel in ((valeur.years, "an", "ans"), (valeur.months, "mois", "mois"),
                                       (valeur.days, "jour", "jours")):
        if nombre:
            morceaux.append(f"{nombre} {singulier if abs(nombre) == 1 else pluriel}")
    if not morceaux:
        return "0 jour"
    return " et ".join([", ".join(morceaux[:-1]), morceaux[-1]] if len(morceaux) > 1 else morceaux)


class _EnMots(ValueStyle):
    """The values of a trace as the law writes them (see `valeur`)."""

    def nothing(self) -> str:
        return "—"

    def absent(self) -> str:
        return "aucune valeur"

    def function(self) -> str:  # a rule that depends on a parameter (`dépend de annee_civile`): see where used
        return "règle appliquée à chaque valeur"

    def boolean(self, valeur: bool) -> str:
        return "oui" if valeur else "non"

    def integer(self, valeur: int) -> str:
        return str(valeur)

    def money(self, centimes: int) -> str:
        return montant(centimes)

    def decimal(self, valeur: Fraction) -> str:
        return decimal(valeur)

    def date(self, valeur: date) -> str:
        return date_longue(valeur)

    def duration(self, valeur: Duration) -> str:
        return duree(valeur)

    def constructor(self, valeur: object) -> str:
        return constructeur(valeur)

    def text(self, valeur: str) -> str:
        return valeur

    def sequence(self, elements: list[object]) -> str:
        return " ; ".join(map(str, elements)) if elements else "aucun"

    def structure(self, champs: list[tuple[str, object]]) -> str:
        return ", ".join(f"{nom.replace('_', ' ')} {texte}" for nom, texte in champs)


_EN_MOTS = _EnMots()


def valeur(brute: object, argent: bool = False) -> str:
    """Any value of a trace in words; `argent`: its Catala type holds money (ints are cents).

    >>> valeur((True, None)), valeur(Present(143022), argent=True)
    ('oui ; —', '1 430,22 €')
    """
    return str(render_value(brute, argent, _EN_MOTS))


def constante(info: ConstantInfo, argent: bool = False) -> str:
    """A global constant in words, from its value (`argent`: its type holds money, its int is cents); a rate the
    law gives as a percentage (`71%` in the source) stays one: `71 %`, not `0,71`. The one writing of a constant
    in the product (the reasoning of `--explain`, the site's « Paramètres » page).

    >>> from catalapy.runtime.position import SourcePosition
    >>> ici = SourcePosition("p.catala_fr", 1, 1, 1, 2, ())
    >>> constante(ConstantInfo("71%", ici, Fraction(71, 100))), constante(ConstantInfo("730,0", ici, Fraction(730)))
    ('71 %', '730')
    >>> constante(ConstantInfo("3 an", ici, Duration(3, 0, 0))), constante(ConstantInfo("1 500 €", ici, 150000), True)
    ('3 ans', '1 500 €')
    """
    if isinstance(info.value, Fraction) and (info.text or "").rstrip().endswith("%"):
        return f"{decimal(info.value * 100)} %"
    return valeur(info.value, argent)


def constructeur(membre: object) -> str:
    """A constructor of an enumeration in words: the French text the result gives it (`sorties.LIBELLES`), else
    the label of its declaration (`-- AchatRevente # libellé : achat-revente`, in the `LABELS` the compiler
    emitted in the enumeration's module), else its name."""
    from .sorties import LIBELLES

    classe: type
    if isinstance(membre, enum.Enum):
        classe, nom = type(membre), enum_member_name(membre)
    else:
        nom = catala_name(type(membre))
        classe = _enumeration_de(type(membre)) or type(membre)
    enumeration = catala_name(classe)
    texte = LIBELLES.get(enumeration, {}).get(nom)
    if texte is None:
        module = sys.modules.get(classe.__module__)
        texte = getattr(module, "LABELS", {}).get(enumeration, {}).get(nom)
    return texte or nom


def _enumeration_de(classe: type) -> type | None:
    """The enumeration class a constructor class is nested in (`E.C` of an enumeration with payloads)."""
    module = sys.modules.get(classe.__module__)
    tete = classe.__qualname__.rpartition(".")[0]
    return getattr(module, tete, None) if tete and "." not in tete else None


#: the type (a generated annotation: `Money`, `tuple[Money, ...]`, `Option[Money]`...) holds money
contient_argent = holds_money


_DATE_CATALA = re.compile(r"\|(\d{4})-(\d{2})-(\d{2})\|")
_POURCENT = re.compile(r"(\d)\s*%")
_CONTENU = re.compile(r"^(?:Présent|Present)\s+(?:contenu|content)\s+(.*)$")


def texte_source(texte: str | None) -> str | None:
    """A value as the Catala source writes it, rewritten as the law writes it: `|2019-05-30|` → `30 mai 2019`,
    `71%` → `71 %`, `Présent contenu 1 430,22 €` → `1 430,22 €`, `Absent` → `aucune valeur`.

    >>> texte_source("|2019-05-30|"), texte_source("71%"), texte_source("Présent contenu 1 430,22 €")
    ('30 mai 2019', '71 %', '1 430,22 €')
    """
    if texte is None:
        return None
    texte = texte.strip()
    contenu = _CONTENU.match(texte)
    if contenu:
        texte = contenu.group(1)
    if texte in ("Absent", "absent"):
        return "aucune valeur"
    texte = _DATE_CATALA.sub(lambda m: date_longue(date(int(m[1]), int(m[2]), int(m[3]))), texte)
    return _POURCENT.sub(r"\1 %", texte)

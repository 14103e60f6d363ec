"""JSON case → checked Python values, per the public interface (docs/cli-api.md).

The structure and the types of a case are checked by msgspec against the classes below (`CasIJLu`,
`CasRattachementLu`: one field per interface field, its type and its default); the project adds only what the
library cannot know: money read as int cents from a decimal string (`Centimes`), the share of contributions paid
read as an exact fraction (`Ratio`), an `optionnel` input read from `null` or its value (`Optionnel`), the
consistency of the fields together, and the French wording of every refusal. The values are those the generated
code takes: an enumeration is read by its constructor name into the enumeration the compiler emitted
(`secu_independants.regles`), an `optionnel` input into `ABSENT` or `Present(value)`, so that the generated scope
can read the checked case as it is (`liaison.py`). It returns a msgspec `Struct` of Python values (dates, money
in int cents, `Fraction`s, enumeration members, tuples), every default filled in, readable by attribute
(`lu.date_arret`) or by key (`lu["date_arret"]`). Any deviation raises
`EntreeInvalide(champ, attendu)`, whose text is one line naming the field by its JSON path
(`chiffres_affaires[1].montant`) and what was expected.

>>> lire_cas_rattachement({"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27"})["residence"]
<Residence.Metropole: 'Metropole'>
"""

from __future__ import annotations

import abc
import enum
import functools
import importlib
import json
import operator
import re
import reprlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, TypeVar

import msgspec

from catalapy.runtime.printing import enum_member_name
from catalapy.runtime.values import ABSENT, Absent, Option, Present

# The enumerations of the interface are those the compiler emitted. When generated/ lacks one, loading its scope
# says so (liaison.GenerationManquante, exit 4); until then this module loads, with a stand-in holding only the
# interface's default (no case of that command can be computed).
try:
    from .regles.indemnites_journalieres import Categorie, Motif
except ImportError:
    Categorie = enum.Enum("Categorie", {})  # type: ignore[misc,no-redef]
    Motif = enum.Enum("Motif", {"Maladie": "Maladie"})  # type: ignore[no-redef]
try:
    from .regles.rattachement_cpam import Residence
except ImportError:
    Residence = enum.Enum("Residence", {"Metropole": "Metropole"})  # type: ignore[no-redef]

__all__ = [
    "EntreeInvalide", "NombreJSONNonEntier", "lire_cas_ij", "lire_cas_rattachement", "lire_json",
    "CATEGORIES", "MOTIFS", "RESIDENCES", "CHAMPS_IJ", "CHAMPS_RATTACHEMENT", "CHAMPS_CHIFFRE_AFFAIRES",
    "Champ", "REQUIS", "Centimes", "Ratio", "CasIJLu", "CasRattachementLu", "ChiffreAffairesLu", "LECTEUR_IJ",
    "LECTEUR_RATTACHEMENT", "Lecteur", "ObjetLu", "Optionnel",
]


def _constructeurs(enumeration: type[enum.Enum]) -> tuple[str, ...]:
    """The constructor names of an enumeration the compiler emitted, in declaration order; msgspec reads a
    member from its value, which must then be its constructor name."""
    noms = tuple(enum_member_name(membre) for membre in enumeration)
    if [membre.value for membre in enumeration] != list(noms):
        raise TypeError(f"{enumeration.__name__} : les valeurs des membres ne sont pas les noms des constructeurs")
    return noms


#: Enumerations of the interface (those of the generated code), constructor names in declaration order.
CATEGORIES: tuple[str, ...] = _constructeurs(Categorie)
MOTIFS: tuple[str, ...] = _constructeurs(Motif)
RESIDENCES: tuple[str, ...] = _constructeurs(Residence)

#: Longest duration accepted (days): a sanity bound that keeps date arithmetic within years 1–9999.
DUREE_MAX_JOURS = 36_500
#: at most 3 × 31 days × 24 hours in the three months before the arrêt
HEURES_MAX_TROIS_MOIS = 3 * 31 * 24


class EntreeInvalide(ValueError):
    """A case that does not follow the interface: `champ` (JSON path) and what was `attendu` there."""

    def __init__(self, champ: str, attendu: str, recu: object = ...):
        self.chemin = champ
        self.attendu = attendu
        self.recu = recu
        #: the `id` of the refused case when its JSON could be read (echoed by `--batch` on its error line)
        self.identifiant: str | int | None = None
        super().__init__(champ, attendu)

    @property
    def champ(self) -> str:
        """The JSON path of the field (`chiffres_affaires[1].montant`), "(cas)" for the case itself."""
        return self.chemin or "(cas)"

    def __str__(self) -> str:
        texte = f"{self.champ} : attendu {self.attendu}"
        if self.recu is not ...:
            texte += f", reçu {_apercu(self.recu)}"
        return texte

    def en_json(self) -> dict[str, str]:
        """The error as a JSON object (used by `--batch`)."""
        return {"champ": self.champ, "attendu": self.attendu, "message": str(self)}


class NombreJSONNonEntier(str):
    """The text of a JSON number with a fraction or exponent (`12.5`, `1e3`), kept exact so that it is
    never read as a float; every field rejects it with a message saying to write a string."""


def _apercu(valeur: object) -> str:
    """A short one-line rendering of a received value."""
    if type(valeur) is NombreJSONNonEntier:
        texte = str(valeur)
    elif isinstance(valeur, Decimal):
        texte = format(valeur, "f")
    else:
        try:
            texte = json.dumps(valeur, ensure_ascii=False, default=repr)
        except (TypeError, ValueError, RecursionError):  # RecursionError: a value nested too deep to print
            texte = reprlib.repr(valeur)
    texte = texte.replace("\n", " ").replace("\r", " ")
    return texte if len(texte) <= 60 else texte[:57] + "..."


# ---------------------------------------------------------------------------------------------------------
# JSON text → JSON value (the standard json module, with the interface's exactness)


def _refuser_constante(nom: str) -> object:
    raise ValueError(f"{nom} n'est pas un nombre JSON valide")


_DOUBLON = "un champ donné une seule fois (clé en double dans l'objet JSON)"


class _CleEnDouble(Exception):
    """A JSON object gives a key twice (`lire_json` then finds which, by its path)."""


def _objet_sans_doublon(paires: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose keys are all different (a duplicate key is refused: it would otherwise silently
    replace the first value)."""
    objet = dict(paires)
    if len(objet) != len(paires):
        raise _CleEnDouble
    return objet


def _chemin_du_doublon(valeur: object, chemin: list[str | int]) -> list[str | int] | None:
    """The path of the first key given twice in `valeur` (JSON read with every object as its list of pairs),
    in the order of the text."""
    if isinstance(valeur, _Paires):
        vues: set[str] = set()
        for cle, interieur in valeur:
            if cle in vues:
                return [*chemin, cle]
            vues.add(cle)
            trouve = _chemin_du_doublon(interieur, [*chemin, cle])
            if trouve is not None:
                return trouve
    elif isinstance(valeur, list):
        for rang, interieur in enumerate(valeur):
            trouve = _chemin_du_doublon(interieur, [*chemin, rang])
            if trouve is not None:
                return trouve
    return None


class _Paires(list):  # type: ignore[type-arg]
    """A JSON object kept as its (key, value) pairs, to find where a key is repeated."""


_DECODEUR = json.JSONDecoder(
    parse_float=NombreJSONNonEntier, parse_constant=_refuser_constante, object_pairs_hook=_objet_sans_doublon
)
_DECODEUR_PAIRES = json.JSONDecoder(parse_float=NombreJSONNonEntier, parse_constant=_refuser_constante,
                                    object_pairs_hook=_Paires)
_LIRE_VALEUR: Callable[[str, int], tuple[object, int]] = _DECODEUR.scan_once  # type: ignore[attr-defined]


def lire_json(texte: str) -> object:
    """Parse JSON text exactly: numbers with a fraction part stay text (`NombreJSONNonEntier`), never floats;
    a key given twice in an object is refused.

    Raises `EntreeInvalide` (field "(json)") on malformed JSON, with line and column.
    """
    try:  # fast path for `--batch` lines: one value filling the whole text, read by the scanner directly
        valeur, fin = _LIRE_VALEUR(texte, 0)
        if fin == len(texte):
            return valeur
    except Exception:  # noqa: BLE001, S110 — whatever it is, the full decoder below reports it
        pass
    try:
        return _DECODEUR.decode(texte)
    except _CleEnDouble:  # named by its path: `chiffres_affaires[1].annee`
        paires = _DECODEUR_PAIRES.decode(texte)
        doublon = EntreeInvalide(_texte_chemin(_chemin_du_doublon(paires, []) or []), _DOUBLON)
        # the case's `id` when it is given once (what `--batch` echoes on the error line)
        ids = [v for k, v in paires if k == "id"] if isinstance(paires, _Paires) else []
        if len(ids) == 1 and (type(ids[0]) is str or type(ids[0]) is int):
            doublon.identifiant = ids[0]
        raise doublon from None
    except json.JSONDecodeError as erreur:
        raise EntreeInvalide(
            "(json)", f"un document JSON valide ({_en_francais(erreur.msg)}, ligne {erreur.lineno} colonne {erreur.colno})"
        ) from None
    except RecursionError:
        raise EntreeInvalide("(json)", "un document JSON moins profondément imbriqué") from None
    except ValueError as erreur:  # int(): more digits than Python converts (sys.get_int_max_str_digits())
        trop_long = "digits" in str(erreur)
        raise EntreeInvalide("(json)", f"un document JSON dont les nombres ont au plus {_CHIFFRES_MAX} chiffres"
                             if trop_long else "un document JSON valide") from None


_CHIFFRES_MAX = sys.get_int_max_str_digits()

#: the messages of the json module's decoder (json/decoder.py), by their beginning, in French
_MESSAGES_JSON = (
    ("Expecting value", "valeur attendue"),
    ("Expecting ',' delimiter", "virgule attendue"),
    ("Expecting ':' delimiter", "deux-points attendu"),
    ("Expecting property name enclosed in double quotes", "nom de champ entre guillemets attendu"),
    ("Extra data", "texte après la fin du document"),
    ("Unterminated string", "chaîne non terminée"),
    ("Invalid control character", "caractère de contrôle non échappé dans une chaîne"),
    ("Invalid \\uXXXX escape", "séquence \\uXXXX invalide"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
    ("Illegal trailing comma", "virgule en trop avant la fin"),
)


def _en_francais(message: str) -> str:
    """A message of the json module's decoder in French ("syntaxe invalide" for one it may add later)."""
    return next((francais for anglais, francais in _MESSAGES_JSON if message.startswith(anglais)), "syntaxe invalide")


# ---------------------------------------------------------------------------------------------------------
# The values msgspec cannot read by itself: money and ratios (read by `_lire_valeur`, its `dec_hook`)

_MOTIF_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
#: a negative amount, refused with its own message (the valid ones are read without a regular expression)
_MOTIF_MONTANT = re.compile(r"-[0-9]{1,15}(?:\.[0-9]{1,2})?\Z")
_MOTIF_DECIMAL = re.compile(r"(-?)([0-9]{1,15})(?:\.([0-9]{1,30}))?\Z")

_ATTENDU_DATE = 'une date ISO existante "AAAA-MM-JJ"'
_ATTENDU_MONTANT = 'un montant ≥ 0 en euros, chaîne avec au plus deux décimales ("8092.80") ou nombre JSON entier'
_ATTENDU_RATIO = 'un décimal entre 0 et 1 écrit en chaîne ("0.75")'


class _Refus(ValueError):
    """A value refused by one of the readers below; its text is what was expected."""


class Centimes(int):
    """An amount of money ≥ 0 in int cents, read from euros: a decimal string with at most two decimals, a
    JSON integer, or (from Python) a `decimal.Decimal` with at most two decimals."""

    @classmethod
    def lire(cls, valeur: object) -> Centimes:
        if type(valeur) is str:
            euros, point, decimales = valeur.partition(".")
            if (euros.isdigit() and euros.isascii() and len(euros) <= 15 and (not point or (
                    decimales.isdigit() and decimales.isascii() and len(decimales) <= 2))):
                return cls(int(euros) * 100 + (int(decimales) * (10 if len(decimales) == 1 else 1) if point else 0))
            if _MOTIF_MONTANT.match(valeur):
                raise _Refus(_ATTENDU_MONTANT + " (montant négatif)")
            raise _Refus(_ATTENDU_MONTANT)
        if type(valeur) is int:
            if valeur < 0:
                raise _Refus(_ATTENDU_MONTANT + " (montant négatif)")
            if valeur >= 10**15:
                raise _Refus(_ATTENDU_MONTANT + " (au plus 15 chiffres)")
            return cls(valeur * 100)
        if type(valeur) is NombreJSONNonEntier or type(valeur) is float:
            raise _Refus(_ATTENDU_MONTANT + f' (un nombre non entier s\'écrit en chaîne : "{valeur}")')
        if isinstance(valeur, Decimal) and valeur.is_finite():  # Python API: read as its exact decimal text
            return cls.lire(format(valeur, "f"))
        raise _Refus(_ATTENDU_MONTANT)


class Ratio(Fraction):
    """A decimal between 0 and 1, exact: a decimal string ("0.75"), the JSON integers 0 and 1, or (from
    Python) a `decimal.Decimal`."""

    @classmethod
    def lire(cls, valeur: object) -> Ratio:
        if type(valeur) is str:
            trouve = _MOTIF_DECIMAL.match(valeur)
            if trouve is None:
                raise _Refus(_ATTENDU_RATIO)
            signe, entier, fraction = trouve.groups()
            numerateur, denominateur = int(entier + (fraction or "")), 10 ** len(fraction or "")
            if signe:
                numerateur = -numerateur
        elif type(valeur) is int:
            numerateur, denominateur = valeur, 1
        elif isinstance(valeur, Decimal) and valeur.is_finite():  # Python API: exact
            numerateur, denominateur = valeur.as_integer_ratio()
        else:
            raise _Refus(_ATTENDU_RATIO)
        if not 0 <= numerateur <= denominateur:
            raise _Refus(_ATTENDU_RATIO + " (hors de [0, 1])")
        return cls(numerateur, denominateur)


_LECTEURS: dict[type, Callable[[object], object]] = {Centimes: Centimes.lire, Ratio: Ratio.lire}


class Optionnel(abc.ABC):
    """The msgspec type of an `optionnel` input of content `contenu`: JSON `null` is read as `ABSENT`, any other
    value as `Present(value)`, the value read and checked as `contenu` (its refusal names the field). msgspec
    accepts from a decoding hook only an instance of the field's type: `Present` and `ABSENT` are registered as
    (virtual) instances of each such class (`optionnel`)."""

    contenu: ClassVar[object]


def optionnel(contenu: object, nom: str) -> type[Optionnel]:
    """The `Optionnel` class of content `contenu`, its reader registered for `_lire_valeur`."""
    class Classe(Optionnel):
        pass

    Classe.contenu = contenu
    Classe.__name__ = Classe.__qualname__ = nom
    classe: type[Optionnel] = Classe
    classe.register(Present)
    classe.register(Absent)

    def lire(valeur: object) -> object:
        if valeur is None:
            return ABSENT
        try:
            return Present(msgspec.convert(valeur, contenu, dec_hook=_lire_valeur))
        except msgspec.ValidationError as erreur:  # a ValueError: msgspec then adds the field's path
            raise _Refus(str(erreur)) from None

    _LECTEURS[classe] = lire
    return classe


#: an amount in its usual writing, two decimals ("8092.80"): its cents are its digits
_MONTANT_USUEL = re.compile(r"[0-9]{1,15}\.[0-9]{2}").fullmatch


def _lire_valeur(classe: type, valeur: object) -> object:
    """msgspec's `dec_hook`: the value of a field typed by one of our own classes (an amount in its usual
    writing, "8092.80", read here directly; any other by `Centimes.lire`)."""
    if classe is Centimes and type(valeur) is str and _MONTANT_USUEL(valeur) is not None:
        return Centimes(valeur.replace(".", ""))
    lire = _LECTEURS.get(classe)
    if lire is None:
        raise NotImplementedError(classe)
    return lire(valeur)


# ---------------------------------------------------------------------------------------------------------
# The cases, field by field: type and default (msgspec), then the French wording of each field (`Champ`)

Annee = Annotated[int, msgspec.Meta(ge=1, le=9999)]
DureeArret = Annotated[int, msgspec.Meta(ge=1, le=DUREE_MAX_JOURS)]
NombreJours = Annotated[int, msgspec.Meta(ge=0, le=DUREE_MAX_JOURS)]
Heures = Annotated[int, msgspec.Meta(ge=0, le=HEURES_MAX_TROIS_MOIS)]
TroisMontants = Annotated[tuple[Centimes, ...], msgspec.Meta(min_length=3, max_length=3)]
if TYPE_CHECKING:  # what the fields hold: what the generated code takes
    HeuresOptionnelles = Option[int]
    DateOptionnelle = Option[date]
else:
    HeuresOptionnelles = optionnel(Heures, "HeuresOptionnelles")
    DateOptionnelle = optionnel(date, "DateOptionnelle")


class ObjetLu(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A checked object of the interface; `lu["champ"]` reads a field by its JSON name, like `lu.champ`."""

    def __getitem__(self, nom: str) -> Any:
        return getattr(self, nom)


class ChiffreAffairesLu(ObjetLu, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    annee: Annee
    montant: Centimes
    ratio_cotisations_payees: Ratio = Ratio(1)


class CasIJLu(ObjetLu, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    categorie: Categorie
    date_debut_activite: date
    chiffres_affaires: tuple[ChiffreAffairesLu, ...]
    date_arret: date
    duree_arret: DureeArret
    hospitalisation: bool = False
    motif: Motif = Motif.Maladie
    ald: bool = False
    premier_arret_du_motif: bool = True
    jours_deja_indemnises: NombreJours = 0
    en_activite: bool = True
    cotisations_a_jour: bool = True
    salarie: bool = False
    salaires_trois_derniers_mois: TroisMontants = ()
    retraite: bool = False
    temps_partiel_therapeutique: bool = False
    soins_longue_duree: bool = False
    option_ssi: bool = False
    heures_salariees_trois_derniers_mois: HeuresOptionnelles = ABSENT
    id: str | int | None = None
    date_arret_initial: DateOptionnelle = ABSENT


class CasRattachementLu(ObjetLu, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    date_debut_activite: date
    residence: Residence = Residence.Metropole
    date_reception_courrier: DateOptionnelle = ABSENT
    date_demande: date
    id: str | int | None = None


@dataclass(frozen=True)
class Champ:
    """What a field expects, in French (`attendu`); `diagnostic(valeur)` words it for one refused value when
    that says more (a day that does not exist, a negative duration…)."""

    attendu: str
    diagnostic: Callable[[object], str] | None = None

    def pour(self, valeur: object) -> str:
        return self.attendu if self.diagnostic is None or valeur is ... else self.diagnostic(valeur)


#: marks a required field in the `(Champ, default)` views of the tables (`champs_et_defauts`)
REQUIS: Any = msgspec.NODEFAULT


def _diagnostic_date(prefixe: str) -> Callable[[object], str]:
    def diagnostic(valeur: object) -> str:
        if type(valeur) is str and _MOTIF_DATE.match(valeur):
            return prefixe + _ATTENDU_DATE + " (ce jour n'existe pas)"
        return prefixe + _ATTENDU_DATE

    return diagnostic


def _diagnostic_lecteur(lire: Callable[[object], object], attendu: str) -> Callable[[object], str]:
    def diagnostic(valeur: object) -> str:
        try:
            lire(valeur)
        except _Refus as refus:
            return str(refus)
        return attendu

    return diagnostic


def _champ_entier(minimum: int, maximum: int, quoi: str) -> Champ:
    attendu = f"{quoi} : un nombre JSON entier entre {minimum} et {maximum}"
    if not quoi.startswith("une durée"):
        return Champ(attendu)

    def diagnostic(valeur: object) -> str:
        return attendu + " (durée négative)" if type(valeur) is int and valeur < 0 else attendu

    return Champ(attendu, diagnostic)


_BOOLEEN = Champ("un booléen (true ou false)")
_DATE = Champ(_ATTENDU_DATE, _diagnostic_date(""))
_DATE_OU_NULL = Champ("null ou " + _ATTENDU_DATE, _diagnostic_date("null ou "))
_MONTANT = Champ(_ATTENDU_MONTANT, _diagnostic_lecteur(Centimes.lire, _ATTENDU_MONTANT))
_IDENTIFIANT = Champ("un identifiant de cas : une chaîne ou un nombre JSON entier")
_OBJET = Champ("un objet JSON {...}")


def _enumeration(constructeurs: tuple[str, ...]) -> Champ:
    return Champ("un de " + " | ".join(constructeurs))


CHAMPS_CHIFFRE_AFFAIRES: dict[str, Champ] = {
    "annee": _champ_entier(1, 9999, "une année"),
    "montant": _MONTANT,
    "ratio_cotisations_payees": Champ(_ATTENDU_RATIO, _diagnostic_lecteur(Ratio.lire, _ATTENDU_RATIO)),
}

CHAMPS_IJ: dict[str, Champ] = {
    "categorie": _enumeration(CATEGORIES),
    "date_debut_activite": _DATE,
    "chiffres_affaires": Champ("une liste de {annee, montant, ratio_cotisations_payees}"),
    "date_arret": _DATE,
    "duree_arret": _champ_entier(1, DUREE_MAX_JOURS, "une durée en jours"),
    "hospitalisation": _BOOLEEN,
    "motif": _enumeration(MOTIFS),
    "ald": _BOOLEEN,
    "premier_arret_du_motif": _BOOLEEN,
    "jours_deja_indemnises": _champ_entier(0, DUREE_MAX_JOURS, "une durée en jours"),
    "en_activite": _BOOLEEN,
    "cotisations_a_jour": _BOOLEEN,
    "salarie": _BOOLEEN,
    "salaires_trois_derniers_mois": Champ("une liste de 3 montants (salaires bruts des 3 derniers mois)"),
    "retraite": _BOOLEEN,
    "temps_partiel_therapeutique": _BOOLEEN,
    "soins_longue_duree": _BOOLEEN,
    "option_ssi": _BOOLEEN,
    "heures_salariees_trois_derniers_mois": Champ(
        f"null ou un nombre d'heures : un nombre JSON entier entre 0 et {HEURES_MAX_TROIS_MOIS}"),
    "id": _IDENTIFIANT,
    "date_arret_initial": _DATE_OU_NULL,
}

CHAMPS_RATTACHEMENT: dict[str, Champ] = {
    "date_debut_activite": _DATE,
    "residence": _enumeration(RESIDENCES),
    "date_reception_courrier": _DATE_OU_NULL,
    "date_demande": _DATE,
    "id": _IDENTIFIANT,
}


def champs_et_defauts(classe: type[msgspec.Struct], champs: Mapping[str, Champ]) -> dict[str, tuple[Champ, Any]]:
    """field → (its `Champ`, its default or `REQUIS`), in the interface's order."""
    defauts = {f.name: f.default for f in msgspec.structs.fields(classe)}
    return {nom: (champ, defauts[nom]) for nom, champ in champs.items()}


# ---------------------------------------------------------------------------------------------------------
# Reading one case: msgspec, then the library's error turned into the interface's French wording

_Cas = TypeVar("_Cas", bound=ObjetLu)
_SEGMENT = re.compile(r"\.([^.\[`]+)|\[([0-9]+)\]")


class Lecteur(Generic[_Cas]):
    """Reads the cases of one command into `classe`: `structures` gives, for each place of an object in the
    case (`""` the case itself, `"chiffres_affaires[]"` an element of that list), its class and its fields;
    `verifier` checks the fields together."""

    def __init__(self, classe: type[_Cas], structures: Mapping[str, tuple[type[ObjetLu], Mapping[str, Champ]]],
                 verifier: Callable[[_Cas], None], elements: Mapping[str, Champ] | None = None):
        self.classe = classe
        self.structures = structures
        self.verifier = verifier
        for lieu, (structure, champs) in structures.items():  # the wording covers every field, in order
            noms = [f.name for f in msgspec.structs.fields(structure)]
            if sorted(noms) != sorted(champs):
                raise TypeError(f"{structure.__name__} ({lieu!r}) : champs {noms} ≠ {list(champs)}")
        self.champs: dict[str, Champ] = {"": _OBJET}
        for lieu, (_structure, champs) in structures.items():
            if lieu:
                self.champs[lieu] = _OBJET
            for nom, champ in champs.items():
                self.champs[f"{lieu}.{nom}" if lieu else nom] = champ
        self.champs.update(elements or {})

    def decodeur_json(self) -> msgspec.json.Decoder[_Cas]:
        """A decoder of JSON bytes straight into `classe`, with the same reading of money and ratios as `__call__`
        (the batch's fast path; the checks of `verifier` are still the caller's)."""
        return msgspec.json.Decoder(self.classe, dec_hook=_lire_valeur)

    def __call__(self, cas: object) -> _Cas:
        try:
            lu = msgspec.convert(cas, self.classe, dec_hook=_lire_valeur)
        except msgspec.ValidationError as erreur:
            raise self.traduire(erreur, cas) from None
        except UnicodeEncodeError:  # a lone surrogate in a string: msgspec cannot compare it, we can
            lu = self._avec_surrogats(cas)
        identifiant = getattr(lu, "id", None)
        if type(identifiant) is NombreJSONNonEntier:  # a number with a fraction, which msgspec sees as text
            raise EntreeInvalide("id", _IDENTIFIANT.attendu, identifiant)
        self.verifier(lu)
        return lu

    def _avec_surrogats(self, cas: object) -> _Cas:
        """Read the case with each string holding a lone surrogate replaced by a valid one; such a string is
        then refused where the interface names constructors or dates, and kept as given in `id`."""
        try:
            lu = msgspec.convert(_sans_surrogats(cas), self.classe, dec_hook=_lire_valeur)
        except msgspec.ValidationError as erreur:
            raise self.traduire(erreur, cas) from None
        identifiant = cas.get("id") if isinstance(cas, Mapping) else None
        return msgspec.structs.replace(lu, id=identifiant) if identifiant is not None else lu

    def traduire(self, erreur: msgspec.ValidationError, cas: object) -> EntreeInvalide:
        """The interface's error for what msgspec refused: the field by its JSON path, what it expects."""
        message, _, lieu = str(erreur).partition(" - at `")
        if lieu.startswith("key` in `"):  # a key that is not a string (only from Python)
            chemin = _chemin(lieu[len("key` in `"):].rstrip("`"))
            objet = _valeur_au_chemin(cas, chemin)
            cle = next((k for k in objet if not isinstance(k, str)), "?") if isinstance(objet, Mapping) else "?"
            return self._champ_inconnu(chemin, str(cle))
        chemin = _chemin(lieu.rstrip("`")) if lieu else []
        nom = re.search(r"field `(.*)`\Z", message)
        if message.startswith("Object contains unknown field") and nom:
            return self._champ_inconnu(chemin, nom.group(1))
        if message.startswith("Object missing required field") and nom:
            chemin = [*chemin, nom.group(1)]
            return EntreeInvalide(_texte_chemin(chemin), self._champ(chemin).attendu + " (champ obligatoire absent)")
        valeur = _valeur_au_chemin(cas, chemin)
        return EntreeInvalide(_texte_chemin(chemin), self._champ(chemin).pour(valeur), valeur)

    def _champ_inconnu(self, chemin: list[str | int], nom: str) -> EntreeInvalide:
        _structure, champs = self.structures[_lieu(chemin)]
        return EntreeInvalide(_texte_chemin([*chemin, nom]),
                              "aucun champ de ce nom (champs : " + ", ".join(champs) + ")")

    def _champ(self, chemin: list[str | int]) -> Champ:
        return self.champs.get(_lieu(chemin), Champ("une valeur"))


def _chemin(texte: str) -> list[str | int]:
    """msgspec's path (`$.chiffres_affaires[1].montant`) as keys and indexes."""
    return [int(indice) if indice else nom for nom, indice in _SEGMENT.findall(texte.removeprefix("$"))]


def _texte_chemin(chemin: list[str | int]) -> str:
    """The interface's JSON path: `chiffres_affaires[1].montant`, "" for the case itself."""
    texte = ""
    for morceau in chemin:
        texte += f"[{morceau}]" if isinstance(morceau, int) else (f".{morceau}" if texte else morceau)
    return texte


def _lieu(chemin: list[str | int]) -> str:
    """The place of a path in the tables, indexes left out: `chiffres_affaires[].montant`."""
    texte = ""
    for morceau in chemin:
        texte += "[]" if isinstance(morceau, int) else (f".{morceau}" if texte else morceau)
    return texte


def _valeur_au_chemin(cas: object, chemin: list[str | int]) -> object:
    """The value received at `chemin` (`...` when there is none)."""
    valeur = cas
    for morceau in chemin:
        if isinstance(morceau, int) and isinstance(valeur, (list, tuple)) and morceau < len(valeur):
            valeur = valeur[morceau]
        elif isinstance(morceau, str) and isinstance(valeur, Mapping) and morceau in valeur:
            valeur = valeur[morceau]
        else:
            return ...
    return valeur


def _sans_surrogats(valeur: object) -> object:
    if isinstance(valeur, str):
        return valeur.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(valeur, Mapping):
        return {cle: _sans_surrogats(v) for cle, v in valeur.items()}
    if isinstance(valeur, (list, tuple)):
        return [_sans_surrogats(v) for v in valeur]
    return valeur


# ---------------------------------------------------------------------------------------------------------
# The fields together

#: creation date from which a libéral non réglementé is in the SSI from the start (loi n° 2017-1836, art. 15):
#: the option `option_ssi` concerns only activities created before it
CREATION_LIBERAUX_SSI = date(2018, 1, 1)


@functools.cache
def periode_couverte() -> tuple[date, date]:
    """First and last arrêt dates the policy's parameter tables cover, as the compiler emitted them
    (`debut_periode_couverte`, `fin_periode_couverte` of policy/parametres.catala_fr)."""
    parametres = importlib.import_module(".regles.parametres", __package__)
    debut: date = parametres.debut_periode_couverte
    fin: date = parametres.fin_periode_couverte
    return debut, fin


def _verifier_periode_couverte(jour: date, champ: str) -> None:
    debut, fin = periode_couverte()
    if not debut <= jour <= fin:
        raise EntreeInvalide(
            champ,
            f"une date comprise dans la période couverte par les tables de paramètres, "
            f"du {debut:%d/%m/%Y} au {fin:%d/%m/%Y}",
            jour.isoformat(),
        )


_ANNEE = operator.attrgetter("annee")


def verifier_cas_ij(lu: CasIJLu) -> None:
    """Refuse a case whose fields contradict each other (nothing is computed from it), in this order: a year of
    turnover given twice; `salarie` true without `salaires_trois_derniers_mois`; `date_arret` (and
    `date_arret_initial` when given) outside the period the policy covers, the initial arrêt after `date_arret`
    or before the activity; an activity starting after the arrêt; turnover for a year before the activity or
    after the year of the arrêt (the year of the arrêt itself is allowed: turnover declared up to the arrêt);
    salary data without `salarie`; the SSI option for an activity it does not concern. One pass, each check
    a comparison when it holds (the usual case)."""
    annees = list(map(_ANNEE, lu.chiffres_affaires))
    if len(annees) > 1 and len(set(annees)) != len(annees):
        _refuser_annee_en_double(annees)
    salarie = lu.salarie
    if salarie and not lu.salaires_trois_derniers_mois:
        raise EntreeInvalide(
            "salaires_trois_derniers_mois", "une liste de 3 montants, obligatoire quand salarie est true (absent)"
        )
    debut, arret = lu.date_debut_activite, lu.date_arret
    premier_jour, dernier_jour = periode_couverte()
    if not premier_jour <= arret <= dernier_jour:
        _verifier_periode_couverte(arret, "date_arret")
    if lu.date_arret_initial is not ABSENT:
        _verifier_arret_initial(lu.date_arret_initial.value, debut, arret)
    if debut > arret:
        raise EntreeInvalide(
            "date_debut_activite", f"une date au plus tard égale à date_arret ({arret.isoformat()})", debut.isoformat()
        )
    if annees and not debut.year <= min(annees) <= max(annees) <= arret.year:
        rang = next(rang for rang, annee in enumerate(annees) if not debut.year <= annee <= arret.year)
        raise EntreeInvalide(
            f"chiffres_affaires[{rang}].annee",
            f"une année d'activité, de {debut.year} (début d'activité) à {arret.year} (année de l'arrêt)",
            annees[rang],
        )
    if not salarie:
        if lu.salaires_trois_derniers_mois:
            raise EntreeInvalide("salaires_trois_derniers_mois",
                                 "aucune valeur quand salarie est false (donner salarie: true)")
        if lu.heures_salariees_trois_derniers_mois is not ABSENT:
            raise EntreeInvalide("heures_salariees_trois_derniers_mois",
                                 "aucune valeur quand salarie est false (donner salarie: true)")
    if lu.option_ssi:
        _verifier_option_ssi(lu.categorie, debut)


def _refuser_annee_en_double(annees: list[int]) -> None:
    vues: dict[int, int] = {}
    for rang, annee in enumerate(annees):
        if annee in vues:
            raise EntreeInvalide(f"chiffres_affaires[{rang}].annee",
                                 f"une année pas encore donnée (déjà en chiffres_affaires[{vues[annee]}])", annee)
        vues[annee] = rang


def _verifier_arret_initial(initial: date, debut: date, arret: date) -> None:
    _verifier_periode_couverte(initial, "date_arret_initial")
    if initial > arret:
        raise EntreeInvalide(
            "date_arret_initial",
            f"une date au plus égale à date_arret ({arret.isoformat()}) : "
            "le début de l'arrêt initial précède sa prolongation",
            initial.isoformat(),
        )
    if initial < debut:
        raise EntreeInvalide(
            "date_arret_initial",
            f"une date au moins égale à date_debut_activite ({debut.isoformat()}) : "
            "l'arrêt initial interrompt l'activité",
            initial.isoformat(),
        )


def _verifier_option_ssi(categorie: Categorie, debut: date) -> None:
    if categorie is not Categorie.LiberalCIPAV:
        raise EntreeInvalide(
            "option_ssi", "false pour la catégorie " + enum_member_name(categorie)
            + " (l'option concerne un libéral affilié à la CIPAV : categorie LiberalCIPAV)", True
        )
    if debut >= CREATION_LIBERAUX_SSI:
        raise EntreeInvalide(
            "option_ssi", "false pour une activité créée à partir du 2018-01-01 (déjà à la sécurité sociale "
            "des indépendants : categorie LiberalSSI)", True
        )


def _rien_a_verifier(_lu: CasRattachementLu) -> None:
    return None


LECTEUR_IJ: Lecteur[CasIJLu] = Lecteur(
    CasIJLu, {"": (CasIJLu, CHAMPS_IJ), "chiffres_affaires[]": (ChiffreAffairesLu, CHAMPS_CHIFFRE_AFFAIRES)},
    verifier_cas_ij, {"salaires_trois_derniers_mois[]": _MONTANT})
LECTEUR_RATTACHEMENT: Lecteur[CasRattachementLu] = Lecteur(
    CasRattachementLu, {"": (CasRattachementLu, CHAMPS_RATTACHEMENT)}, _rien_a_verifier)


def lire_cas_ij(cas: object) -> CasIJLu:
    """A checked `ij` case: every interface field, defaults filled in, and the fields consistent together."""
    return LECTEUR_IJ(cas)


def lire_cas_rattachement(cas: object) -> CasRattachementLu:
    """A checked `rattachement` case: every interface field, defaults filled in."""
    return LECTEUR_RATTACHEMENT(cas)

"""Typed values of the generated code → JSON values, driven by the type annotations of the generated classes.

Money is a string with exactly two decimals, dates ISO strings, `optionnel` values `null` or their content,
enumerations the constructor name, lists and tuples JSON arrays, structures objects keyed by their Catala names.
A converter is built once per type (`convertisseur`) and reused for every case; `texte_json` gives the compact
JSON text of the JSON value (msgspec's encoder).

>>> texte_montant(809280)
'8092.80'
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import typing
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

import msgspec

from catalapy.runtime.json_codec import money_text
from catalapy.runtime.printing import catala_name, enum_member_name, option_payload_type, struct_fields
from catalapy.runtime.values import Duration, Money, Present

__all__ = [
    "texte_montant", "texte_decimal", "convertisseur", "serialiseur_structure", "json_compact", "texte_json",
    "LIBELLES", "champs_json",
]

Convertisseur = Callable[[Any], object]

#: Enumerations whose constructors are written out as French sentences in the JSON (the interface promises
#: "lists of French strings" for `pieces_a_fournir` and `conditions_non_verifiees`): Catala enumeration name →
#: constructor name → text. The rules and their sources are in policy/indemnites_journalieres.catala_fr.
LIBELLES: dict[str, dict[str, str]] = {
    "PieceAFournir": {
        "VoletsUnEtDeuxAvisArretCPAM": (
            "Avis d'arrêt de travail : volets 1 et 2 à envoyer à la CPAM (service médical) dans les 48 heures, "
            "sauf si le médecin les a télétransmis"
        ),
        "VoletTroisAvisArretEmployeur": "Avis d'arrêt de travail : volet 3 à envoyer à l'employeur dans les 48 heures",
        "AttestationSalaireEmployeur": (
            "Attestation de salaire pour le paiement des indemnités journalières (cerfa 11135*04), "
            "envoyée par l'employeur à la CPAM (elle peut être transmise en ligne depuis ameli.fr)"
        ),
    },
    "ConditionNonVerifiee": {
        "HeuresOuCotisationsSalarie": (
            "Article R313-3 : au moins 150 heures de travail salarié au cours des 3 mois civils ou des 90 jours "
            "précédant l'arrêt, ou des cotisations sur au moins 1 015 fois le SMIC horaire au cours des 6 mois "
            "civils précédents (heures_salariees_trois_derniers_mois non renseigné)"
        ),
        "CotisationsSixMoisSalarie": (
            "Article R313-3 : moins de 150 heures salariées sur 3 mois ; le droit suppose alors des cotisations "
            "sur au moins 1 015 fois le SMIC horaire au cours des 6 mois civils précédant l'arrêt"
        ),
        "ConditionsArretPlusDeSixMois": (
            "Article R313-3, 2° : au-delà de 6 mois d'arrêt, 12 mois d'immatriculation et 600 heures de travail "
            "salarié (ou des cotisations sur 2 030 fois le SMIC horaire) au cours des 12 mois précédents"
        ),
        "RepriseApresArretTempsComplet": (
            "Article D622-10 : le temps partiel thérapeutique doit suivre immédiatement un arrêt indemnisé à "
            "temps complet (sauf affection de longue durée)"
        ),
        "TempsPartielTherapeutiqueRegimeGeneral": (
            "Article L323-3 : le montant et la durée du temps partiel thérapeutique d'un salarié (régime "
            "général) ne sont pas calculés ; l'IJ indiquée est celle d'un arrêt à temps complet"
        ),
    },
}


def noms_json_enumeration(classe: type[enum.Enum]) -> dict[enum.Enum, str]:
    """member → its JSON string: the French sentence of `LIBELLES` when the enumeration has one, else the
    constructor name."""
    libelles = LIBELLES.get(catala_name(classe), {})
    return {membre: libelles.get(enum_member_name(membre), enum_member_name(membre)) for membre in classe}


#: int cents → euros with exactly two decimals: 809280 → "8092.80", -5 → "-0.05" (the runtime's JSON text)
texte_montant = money_text


#: the cents of an amount as written after its euros: 5 → ".05"
_CENTIMES = tuple(".%02d" % centimes for centimes in range(100))


def _texte_montant(centimes: int) -> str:
    """`texte_montant`, its usual case written out (amounts ≥ 0: the euros, then the cents from a table)."""
    return str(centimes // 100) + _CENTIMES[centimes % 100] if centimes >= 0 else texte_montant(centimes)


def texte_decimal(valeur: Fraction) -> str:
    """An exact decimal rendering of a Fraction ("0.75"); "p/q" when it has no finite decimal expansion."""
    valeur = Fraction(valeur)
    reste, chiffres = valeur.denominator, 0
    for facteur in (2, 5):
        puissance = 0
        while reste % facteur == 0:
            reste //= facteur
            puissance += 1
        chiffres = max(chiffres, puissance)
    if reste != 1:
        return f"{valeur.numerator}/{valeur.denominator}"
    mise_a_echelle = abs(valeur.numerator) * 10**chiffres // valeur.denominator
    signe = "-" if valeur < 0 else ""
    if chiffres == 0:
        return f"{signe}{mise_a_echelle}"
    entier, decimales = divmod(mise_a_echelle, 10**chiffres)
    return f"{signe}{entier}.{decimales:0{chiffres}d}"


def _texte_duree(duree: Duration) -> object:
    if duree.years == 0 and duree.months == 0:
        return duree.days
    return {"annees": duree.years, "mois": duree.months, "jours": duree.days}


@functools.cache
def convertisseur(annotation: object) -> Convertisseur | None:
    """The function turning a value of `annotation` into JSON, or None when the value is already JSON."""
    if annotation is bool or annotation is int or annotation is str or annotation is type(None):
        return None
    if annotation is Money:
        return _texte_montant
    if annotation is Fraction:
        return texte_decimal
    if annotation is date:
        return date.isoformat
    if annotation is Duration:
        return _texte_duree
    origine = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origine is tuple or origine is list:
        if len(arguments) == 2 and arguments[1] is Ellipsis or origine is list:
            element = convertisseur(arguments[0])
            if element is None:
                return list
            return lambda valeurs: list(map(element, valeurs))
        elements = [convertisseur(a) or (lambda v: v) for a in arguments]
        return lambda valeurs: [f(v) for f, v in zip(elements, valeurs)]
    charge = option_payload_type(annotation)
    if charge is not None:  # `optionnel de T`
        contenu = convertisseur(charge)

        def optionnel(valeur: Present[object] | object) -> object:
            if not isinstance(valeur, Present):
                return None
            interieur = valeur.value
            return interieur if contenu is None else contenu(interieur)

        return optionnel
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return noms_json_enumeration(annotation).__getitem__
        if hasattr(annotation, "__constructors__"):
            return _convertisseur_enumeration_a_contenu(annotation)
        if dataclasses.is_dataclass(annotation):
            return serialiseur_structure(annotation)
    raise TypeError(f"type de sortie non pris en charge : {annotation!r}")


def _convertisseur_enumeration_a_contenu(classe: type) -> Convertisseur:
    """Enumeration with payloads: `{"constructeur": name}` plus `"contenu"` when the constructor has one."""

    def pour(constructeur: type) -> Convertisseur:
        nom = catala_name(constructeur)
        champs = struct_fields(constructeur)
        if not champs:
            return lambda _valeur: nom
        champ, _, annotation = champs[0]
        contenu = convertisseur(annotation) or (lambda v: v)
        return lambda valeur: {"constructeur": nom, "contenu": contenu(getattr(valeur, champ))}

    par_constructeur: dict[type, Convertisseur] = {}

    def convertir(valeur: object) -> object:
        constructeur = type(valeur)
        if constructeur not in par_constructeur:
            par_constructeur[constructeur] = pour(constructeur)
        return par_constructeur[constructeur](valeur)

    return convertir


def champs_json(classe: type) -> list[tuple[str, str, Convertisseur | None]]:
    """For a dataclass: (JSON key = Catala name, attribute name, converter or None), declaration order."""
    return [(cle, attribut, convertisseur(annotation)) for attribut, cle, annotation in struct_fields(classe)]


def _enumeration_simple(annotation: object) -> type[enum.Enum] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, enum.Enum) else None


def _liste_enumeration(annotation: object) -> type[enum.Enum] | None:
    arguments = typing.get_args(annotation)
    if typing.get_origin(annotation) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return _enumeration_simple(arguments[0])
    return None


def _ecrit_par_msgspec(attribut: str, cle: str, annotation: object) -> bool:
    """Whether `msgspec.to_builtins` writes the field as the interface does (Catala name as key; booleans,
    integers, money (then rewritten), payload-less enumerations whose values are their Catala names, lists of
    them)."""
    enumeration = _enumeration_simple(annotation) or _liste_enumeration(annotation)
    if enumeration is not None:
        return all(isinstance(m.value, str) and m.value == enum_member_name(m) for m in enumeration)
    return attribut == cle and annotation in (bool, int, Money)


@functools.cache
def serialiseur_structure(classe: type) -> Callable[[object], dict[str, object]]:
    """A function turning an instance of the dataclass `classe` into a JSON object (keys: Catala names), each
    field written by the converter of its type (`convertisseur`). When every field is of a type msgspec writes
    as the interface does (`_ecrit_par_msgspec`), the object is msgspec's, with money and the enumerations
    written in French sentences (`LIBELLES`) rewritten, and tuples made lists."""
    champs = champs_json(classe)
    champs_types = struct_fields(classe)
    if not all(_ecrit_par_msgspec(*champ) for champ in champs_types) or not champs_types:
        def serialiser(valeur: object) -> dict[str, object]:
            objet: dict[str, object] = {}
            for cle, attribut, convertir in champs:
                brut = getattr(valeur, attribut)
                objet[cle] = brut if convertir is None else convertir(brut)
            return objet

        return serialiser
    argent = [cle for _attribut, cle, annotation in champs_types if annotation is Money]
    enumerations = [(cle, {e.value: t for e, t in noms_json_enumeration(enumeration).items()}.__getitem__)
                    for _attribut, cle, annotation in champs_types
                    if (enumeration := _enumeration_simple(annotation)) is not None
                    and catala_name(enumeration) in LIBELLES]
    listes = [(cle, enumeration) for _attribut, cle, annotation in champs_types
              if (enumeration := _liste_enumeration(annotation)) is not None]
    listes_de_noms = [cle for cle, enumeration in listes if catala_name(enumeration) not in LIBELLES]
    listes_de_libelles = [(cle, {e.value: t for e, t in noms_json_enumeration(enumeration).items()}.__getitem__)
                          for cle, enumeration in listes if catala_name(enumeration) in LIBELLES]
    en_objet, centimes_ecrits = msgspec.to_builtins, _CENTIMES

    def serialiser_par_msgspec(valeur: object) -> dict[str, object]:
        objet: dict[str, Any] = en_objet(valeur)
        for cle in argent:
            centimes = objet[cle]
            objet[cle] = str(centimes // 100) + centimes_ecrits[centimes % 100] if centimes >= 0 \
                else texte_montant(centimes)
        for cle, nom in enumerations:
            objet[cle] = nom(objet[cle])
        for cle in listes_de_noms:
            objet[cle] = list(objet[cle])
        for cle, libelle in listes_de_libelles:
            objet[cle] = list(map(libelle, objet[cle]))
        return objet

    return serialiser_par_msgspec


json_compact: Callable[[object], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Compact JSON text, UTF-8 kept, through the json module (which writes lone surrogates as escapes)."""

_ENCODEUR = msgspec.json.Encoder()


def texte_json(valeur: object) -> str:
    """Compact JSON text of a JSON value (msgspec's encoder, UTF-8 kept: the same text as `json_compact`);
    through `json_compact` for what msgspec refuses (an integer beyond 64 bits, a lone surrogate, the int and
    Fraction subclasses of a checked case that `--explain` shows)."""
    try:
        return _ENCODEUR.encode(valeur).decode()
    except (msgspec.EncodeError, OverflowError, UnicodeEncodeError, TypeError):
        return json_compact(valeur)

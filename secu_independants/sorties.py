"""Typed values of the generated code → JSON values, driven by the type annotations of the generated classes.

Money is a string with exactly two decimals, dates ISO strings, `optionnel` values `null` or their content,
enumerations the constructor name, lists and tuples JSON arrays, structures objects keyed by their Catala names.
A converter is built once per type (`convertisseur`) and reused for every case.

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

from catalapy.runtime.json_codec import money_text

from .compilation import Environnement
from catalapy.runtime.printing import catala_name, enum_member_name, option_payload_type, struct_fields
from catalapy.runtime.values import ABSENT, Duration, Money

__all__ = [
    "texte_montant", "texte_decimal", "convertisseur", "serialiseur_structure", "serialiseur_compile",
    "Environnement", "json_compact",
]

Convertisseur = Callable[[object], object]

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
        return texte_montant
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
            return lambda valeurs: [element(v) for v in valeurs]
        elements = [convertisseur(a) or (lambda v: v) for a in arguments]
        return lambda valeurs: [f(v) for f, v in zip(elements, valeurs)]
    charge = option_payload_type(annotation)
    if charge is not None:  # `optionnel de T`
        contenu = convertisseur(charge)

        def optionnel(valeur: object) -> object:
            if valeur is ABSENT:
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

    @functools.cache
    def pour(constructeur: type) -> Convertisseur:
        nom = catala_name(constructeur)
        champs = struct_fields(constructeur)
        if not champs:
            return lambda _valeur: nom
        champ, _, annotation = champs[0]
        contenu = convertisseur(annotation) or (lambda v: v)
        return lambda valeur: {"constructeur": nom, "contenu": contenu(getattr(valeur, champ))}

    return lambda valeur: pour(type(valeur))(valeur)


def champs_json(classe: type) -> list[tuple[str, str, Convertisseur | None]]:
    """For a dataclass: (JSON key = Catala name, attribute name, converter or None), declaration order."""
    return [(cle, attribut, convertisseur(annotation)) for attribut, cle, annotation in struct_fields(classe)]


@functools.cache
def serialiseur_structure(classe: type) -> Callable[[object], dict]:
    """A function turning an instance of the dataclass `classe` into a JSON object."""
    champs = champs_json(classe)

    def serialiser(valeur: object) -> dict:
        resultat = {}
        for cle, attribut, convertir in champs:
            brut = getattr(valeur, attribut)
            resultat[cle] = brut if convertir is None else convertir(brut)
        return resultat

    return serialiser


# ---------------------------------------------------------------------------------------------------------
# Fast path: one Python function per output class, written out once (like `dataclasses` does for __init__)
# and compiled, so that a result is serialised with no per-field interpretation.


def _expression_json(annotation: object, expression: str, env: Environnement, profondeur: int = 0) -> str:
    """Python source turning the value of `expression` (of type `annotation`) into its JSON value."""
    if annotation is bool or annotation is int or annotation is str or annotation is type(None):
        return expression
    if annotation is Money:
        return f"{env.nommer(texte_montant)}({expression})"
    if annotation is date:
        return f"{expression}.isoformat()"
    origine = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if (origine is tuple and len(arguments) == 2 and arguments[1] is Ellipsis) or origine is list:
        variable = f"_e{profondeur}"
        interieur = _expression_json(arguments[0], variable, env, profondeur + 1)
        return f"list({expression})" if interieur == variable else f"[{interieur} for {variable} in {expression}]"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return f"{env.nommer(noms_json_enumeration(annotation))}[{expression}]"
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation) and not hasattr(
        annotation, "__constructors__"
    ):
        paires = ", ".join(
            f"{cle!r}: {_expression_json(indication, f'{expression}.{attribut}', env, profondeur)}"
            for attribut, cle, indication in struct_fields(annotation)
        )
        return "{" + paires + "}"
    convertir = convertisseur(annotation)
    return expression if convertir is None else f"{env.nommer(convertir)}({expression})"


def serialiseur_compile(classe: type, renommages: dict[str, str] | None = None) -> Callable[[object], dict]:
    """The compiled equivalent of `serialiser_structure(classe)` (keys renamed by `renommages`)."""
    env = Environnement()
    renommages = renommages or {}
    paires = ",\n        ".join(
        f"{renommages.get(cle, cle)!r}: {_expression_json(indication, f'r.{attribut}', env)}"
        for attribut, cle, indication in struct_fields(classe)
    )
    source = f"def serialiser(r):\n    return {{\n        {paires},\n    }}\n"
    return env.compiler(source, "serialiser", f"<serialiseur {classe.__name__}>")


def _texte_json(annotation: object, expression: str, env: Environnement, profondeur: int = 0) -> str | None:
    """Python source giving the compact JSON text of `expression` (what `json` would write for the value of
    `_expression_json`), or None for a type this fast path leaves to the `json` module."""
    if annotation is bool:
        return f"('true' if {expression} else 'false')"
    if annotation is int:
        return f"str({expression})"
    if annotation is Money:  # texte_montant written out for amounts ≥ 0
        return (f"('\"%d.%02d\"' % divmod({expression}, 100) if {expression} >= 0 "
                f"else '\"' + {env.nommer(texte_montant)}({expression}) + '\"')")
    if annotation is date:
        return f"('\"' + {expression}.isoformat() + '\"')"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        textes = {membre: json_compact(nom) for membre, nom in noms_json_enumeration(annotation).items()}
        return f"{env.nommer(textes)}[{expression}]"
    origine = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if (origine is tuple and len(arguments) == 2 and arguments[1] is Ellipsis) or origine is list:
        variable = f"_e{profondeur}"
        interieur = _texte_json(arguments[0], variable, env, profondeur + 1)
        if interieur is None:
            return None
        return f"('[' + ','.join([{interieur} for {variable} in {expression}]) + ']')"
    charge = option_payload_type(annotation)
    if charge is not None:  # `optionnel de T`: null or the content
        if not expression.replace(".", "").replace("_", "").isalnum():
            return None
        interieur = _texte_json(charge, f"{expression}.value", env, profondeur)
        if interieur is None:
            return None
        return f"('null' if {expression} is {env.nommer(ABSENT)} else {interieur})"
    return None


json_compact: Callable[[object], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Compact JSON text, UTF-8 kept (one encoder made once: a `--batch` line, a JSON key of compiled code)."""


def serialiseur_texte_compile(classe: type, renommages: dict[str, str] | None = None) -> Callable[[object], str] | None:
    """The compact JSON text (`ensure_ascii=False`, separators `,` and `:`) of what `serialiseur_compile`
    gives, written directly (for `--batch`); None when some field has a type left to the `json` module."""
    env = Environnement()
    renommages = renommages or {}
    morceaux = []
    for rang, (attribut, cle, indication) in enumerate(struct_fields(classe)):
        texte = _texte_json(indication, f"r.{attribut}", env)
        if texte is None:
            return None
        morceaux.append(repr(("{" if rang == 0 else ",") + json_compact(renommages.get(cle, cle)) + ":"))
        morceaux.append(texte)
    morceaux.append(repr("}") if morceaux else repr("{}"))
    source = "def serialiser_texte(r):\n    return ''.join((\n        " + ",\n        ".join(morceaux) + ",\n    ))\n"
    return env.compiler(source, "serialiser_texte", f"<serialiseur texte {classe.__name__}>")

"""Binding of the interface to one generated scope: checked case → `SIn`, `S` → JSON object.

Everything is derived once from the annotations of the generated dataclasses (`typing.get_type_hints`) and of
the interface's classes (`entrees.CasIJLu`…), then reused for every case. The interface names are the Catala
names; where the policy chose another name the binding's `renommages` maps interface name → Catala name.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import itertools
import operator
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

import msgspec

from catalapy.runtime.printing import enum_member_name
from catalapy.runtime.values import ABSENT, NotProvided, Present

from .entrees import Lecteur, Optionnel
from .sorties import Convertisseur, champs_json, serialiseur_structure

__all__ = ["GenerationManquante", "LiaisonPortee", "Portee", "constructeur", "passage"]


class GenerationManquante(RuntimeError):
    """generated/ does not hold the module or names the interface relies on."""


@dataclass(frozen=True)
class LiaisonPortee:
    """Where a scope lives in generated/ and how its names differ from the interface (if they do)."""

    module: str
    portee: str
    fonction: str
    renommages: Mapping[str, str] = field(default_factory=dict)


class Portee:
    """A loaded scope: `lire(case) -> checked case`, `construire_entree(checked case) -> SIn`,
    `evaluer(SIn, trace) -> S`, `serialiser(S) -> dict` (keys: interface names), `passage(checked case)`: what `evaluer` is given without a trace (the checked case
    itself when the scope can read it as it is, see `passage`; else `construire_entree`), `calculer_lu(checked
    case) -> dict` and `calculer(case) -> dict` (read, pass, evaluate, write, each resolved once)."""

    def __init__(self, liaison: LiaisonPortee, lecteur: Lecteur[Any]):
        try:
            module = importlib.import_module(liaison.module)
        except ImportError as erreur:
            raise GenerationManquante(
                f"{liaison.module} est absent ({erreur}) : lancer `make generate`"
            ) from None
        try:
            classe_entree = getattr(module, liaison.portee + "In")
            classe_sortie = getattr(module, liaison.portee)
            self.evaluer: Callable[..., Any] = getattr(module, liaison.fonction)
        except AttributeError as erreur:
            raise GenerationManquante(f"{liaison.module} : {erreur}") from None
        self.module = module
        self.liaison = liaison
        self.lire = lecteur
        self.classe_entree: type = classe_entree
        self.classe_sortie: type = classe_sortie
        champs_interface = [f.name for f in msgspec.structs.fields(lecteur.classe)]
        attendus = {c.metadata.get("catala", c.name) for c in dataclasses.fields(classe_entree)}
        fournis = {liaison.renommages.get(nom, nom) for nom in champs_interface}
        if attendus - fournis:
            raise GenerationManquante(
                f"{liaison.portee}In attend des entrées absentes de l'interface : {sorted(attendus - fournis)}"
            )
        #: interface fields that the generated scope does not read (a gap between interface and policy)
        self.champs_non_lus = sorted(nom for nom in champs_interface if liaison.renommages.get(nom, nom) not in attendus)
        self.construire_entree = constructeur(classe_entree, lecteur.classe, liaison.renommages)
        direct = passage(classe_entree, lecteur.classe, liaison.renommages)
        #: whether the scope reads the checked case itself (`passage`), instead of the `SIn` built from it
        self.passage_direct = direct is not None
        self.passage: Callable[[Any], Any] = self.construire_entree if direct is None else direct
        inverse = {catala: interface for interface, catala in liaison.renommages.items()}
        self.champs_sortie = [(inverse.get(cle, cle), attribut, convertir)
                              for cle, attribut, convertir in champs_json(classe_sortie)]
        serialiser = serialiseur_structure(classe_sortie)
        if inverse:
            cles = [(cle, inverse.get(cle, cle)) for cle, _attribut, _convertir in champs_json(classe_sortie)]

            def serialiser_renomme(resultat: object) -> dict[str, object]:
                objet = serialiser(resultat)
                return {interface: objet[cle] for cle, interface in cles}

            self.serialiser: Callable[[object], dict[str, object]] = serialiser_renomme
        else:
            self.serialiser = serialiser

        self.calculer_lu, self.calculer = self._calculateurs()

    def _calculateurs(self) -> tuple[Callable[[Any], dict[str, object]], Callable[[object], dict[str, object]]]:
        """`calculer_lu(checked case) -> result` and `calculer(case) -> result`, every step resolved once (the
        steps written out in each: one call less per case)."""
        lire, passer, evaluer, serialiser = self.lire, self.passage, self.evaluer, self.serialiser

        def calculer_lu(lu: Any) -> dict[str, object]:
            return serialiser(evaluer(passer(lu)))

        def calculer(cas: object) -> dict[str, object]:
            return serialiser(evaluer(passer(lire(cas))))

        return calculer_lu, calculer


# ---------------------------------------------------------------------------------------------------------
# Checked case (a msgspec Struct of the interface) → generated input dataclass


def _sans_annotated(indication: object) -> object:
    return typing.get_args(indication)[0] if typing.get_origin(indication) is typing.Annotated else indication


def _conversion(annotation: object, indication: object) -> Convertisseur | None:
    """The function turning a checked interface value (of the interface type `indication`) into the generated
    type `annotation`; None when the value is already one."""
    indication = _sans_annotated(indication)
    origine = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origine is typing.Union or origine is types.UnionType:
        if NotProvided in arguments:  # `contexte` variable: the interface always gives it (its default filled in)
            reste = [a for a in arguments if a is not NotProvided]
            return _conversion(reste[0] if len(reste) == 1 else typing.Union[tuple(reste)], indication)
        presents = [a for a in arguments if typing.get_origin(a) is Present]
        if not presents:
            raise GenerationManquante(f"type {annotation!r} non pris en charge")
        if isinstance(indication, type) and issubclass(indication, Optionnel):  # read as ABSENT / Present(…)
            interieur = _conversion(typing.get_args(presents[0])[0], indication.contenu)
            if interieur is None:
                return None
            return lambda valeur: valeur if valeur is ABSENT else Present(interieur(valeur.value))
        charge = [a for a in typing.get_args(indication) if a is not type(None)]
        contenu = _conversion(typing.get_args(presents[0])[0], charge[0] if len(charge) == 1 else indication)

        def optionnel(valeur: object) -> object:
            if valeur is None:
                return ABSENT
            return Present(valeur if contenu is None else contenu(valeur))

        return optionnel
    if origine is tuple or origine is list:
        element, classe = _conversion_elements(annotation, indication)
        astuple = msgspec.structs.astuple
        if classe is not None:  # the same fields in the same order
            return lambda valeurs: tuple(itertools.starmap(classe, map(astuple, valeurs)))
        if element is None:
            return None if typing.get_origin(indication) is tuple else tuple
        return lambda valeurs: tuple(map(element, valeurs))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        if indication is annotation:  # read into the generated enumeration itself
            return None
        return {enum_member_name(m): m for m in annotation}.__getitem__
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        if not (isinstance(indication, type) and issubclass(indication, msgspec.Struct)):
            raise GenerationManquante(f"{annotation.__name__} : pas de structure de l'interface correspondante")
        return constructeur(annotation, indication, {})
    if annotation in (bool, int, date, Fraction) or getattr(annotation, "__supertype__", None) is int:
        return None
    raise GenerationManquante(f"type {annotation!r} non pris en charge")


def _conversion_elements(annotation: object, indication: object) -> tuple[Convertisseur | None, Any]:
    """For a list: (the conversion of each element or None, None), or (None, the generated dataclass) when
    each element is built from the fields of a checked structure by position (`_par_position`)."""
    element_genere = typing.get_args(annotation)[0]
    indication_element = _sans_annotated(typing.get_args(_sans_annotated(indication))[0])
    if isinstance(indication_element, type) and issubclass(indication_element, msgspec.Struct) and \
            _par_position(element_genere, indication_element):
        return None, element_genere
    return _conversion(element_genere, indication_element), None


def _contenu_optionnel(annotation: object, indication: object) -> tuple[Convertisseur | None] | None:
    """For an `optionnel` input read as `T | None`: (the conversion of its content, None for none); None for
    any other input."""
    arguments = [a for a in typing.get_args(annotation) if a is not NotProvided]
    presents = [a for a in arguments if typing.get_origin(a) is Present]
    indication = _sans_annotated(indication)
    if not presents or isinstance(indication, type) and issubclass(indication, Optionnel):
        return None
    charge = [a for a in typing.get_args(indication) if a is not type(None)]
    return (_conversion(typing.get_args(presents[0])[0], charge[0] if len(charge) == 1 else indication),)


def _par_position(classe: object, structure: type[msgspec.Struct]) -> bool:
    """Whether the generated dataclass `classe` is built from the checked `structure` field by field, in the
    same order and with the same types (no conversion): then by position from `msgspec.structs.astuple`."""
    if not (isinstance(classe, type) and dataclasses.is_dataclass(classe)):
        return False
    champs = dataclasses.fields(classe)
    indications = typing.get_type_hints(classe)
    interface = typing.get_type_hints(structure, include_extras=True)
    return (not any(c.kw_only for c in champs) and [c.metadata.get("catala", c.name) for c in champs] == list(interface)
            and all(_conversion(indications[c.name], interface[c.name]) is None for c in champs))


def _tel_quel(lu: msgspec.Struct) -> msgspec.Struct:
    return lu


def passage(classe: type, structure: type[msgspec.Struct],
            renommages: Mapping[str, str]) -> Callable[[msgspec.Struct], msgspec.Struct] | None:
    """The function giving a checked case of `structure` to the entry point of the scope whose input dataclass
    is `classe` without building `classe`, or None when the case cannot be given so (then `constructeur`).

    The entry point `s(entrees)` reads each input as the attribute of `entrees` of the same name, once, and
    passes it on (ARCHITECTURE.md, "Generated module shape"): any object whose attributes are the inputs, of the
    types the scope takes, will do. That is the checked case itself when no input is renamed, each input is a
    field of the case under its attribute name, and each field holds what the scope takes (`_conversion` is
    None: same type, the generated enumeration, ABSENT / Present(…)); a list of structures of the interface
    whose fields are those of the generated dataclass, in its order and with its types (`_par_position`), is
    rebuilt as that dataclass (the values inside the scope are always of the generated types), in a copy of
    the case (`msgspec.structs.replace`). Fields of the case the scope does not read (`id`) are left there."""
    if renommages:
        return None
    interface = typing.get_type_hints(structure, include_extras=True)
    indications = typing.get_type_hints(classe)
    listes: list[tuple[str, type]] = []
    for champ in dataclasses.fields(classe):
        if champ.metadata.get("catala", champ.name) != champ.name or champ.name not in interface:
            return None
        if _conversion(indications[champ.name], interface[champ.name]) is None:
            continue
        origine = typing.get_origin(indications[champ.name])
        _element, classe_element = _conversion_elements(indications[champ.name], interface[champ.name]) \
            if origine is tuple else (None, None)
        if classe_element is None:
            return None
        listes.append((champ.name, classe_element))
    if not listes:
        return _tel_quel
    astuple, replace, starmap = msgspec.structs.astuple, msgspec.structs.replace, itertools.starmap
    if len(listes) == 1:  # the usual case, written out
        (nom, classe_element), = listes
        lire_liste = operator.attrgetter(nom)

        def passer_une_liste(lu: msgspec.Struct) -> msgspec.Struct:
            valeurs = lire_liste(lu)
            if not valeurs:  # an empty list stays the empty tuple
                return lu
            return replace(lu, **{nom: tuple(starmap(classe_element, map(astuple, valeurs)))})

        return passer_une_liste

    def passer(lu: msgspec.Struct) -> msgspec.Struct:
        rebatis = {nom: tuple(starmap(classe_element, map(astuple, valeurs))) for nom, classe_element in listes
                   if (valeurs := getattr(lu, nom))}
        return replace(lu, **rebatis) if rebatis else lu

    return passer


def constructeur(classe: type, structure: type[msgspec.Struct],
                 renommages: Mapping[str, str]) -> Callable[[msgspec.Struct], object]:
    """The function building the generated dataclass `classe` from a checked case of the interface class
    `structure` (its fields read by msgspec, converted where the types differ, renamed per `renommages`)."""
    indications = typing.get_type_hints(classe)
    interface = typing.get_type_hints(structure, include_extras=True)
    inverse = {catala: nom for nom, catala in renommages.items()}
    champs = [(champ.name, inverse.get(champ.metadata.get("catala", champ.name), champ.metadata.get("catala", champ.name)))
              for champ in dataclasses.fields(classe)]
    conversions = [(source, convertir) for nom, source in champs
                   if (convertir := _conversion(indications[nom], interface[source])) is not None]
    renommes = [(source, nom) for nom, source in champs if nom != source]
    non_lus = [nom for nom in interface if nom not in {source for _nom, source in champs}]
    astuple, asdict = msgspec.structs.astuple, msgspec.structs.asdict
    if not renommes and _par_position(classe, structure):
        return lambda lu: classe(*astuple(lu))
    optionnels = [(source, optionnel[0]) for nom, source in champs
                  if (optionnel := _contenu_optionnel(indications[nom], interface[source])) is not None]
    listes = [(source, *_conversion_elements(indications[nom], interface[source])) for nom, source in champs
              if source in dict(conversions) and typing.get_origin(_sans_annotated(interface[source])) is tuple]
    autres = [(source, convertir) for source, convertir in conversions
              if source not in {source for source, _contenu in optionnels} | {source for source, *_ in listes}]
    starmap = itertools.starmap

    def construire(lu: msgspec.Struct) -> object:
        valeurs = asdict(lu)
        for source, convertir in autres:
            valeurs[source] = convertir(valeurs[source])
        for source, element, classe_element in listes:
            valeur = valeurs[source]
            if valeur:  # an empty list stays the empty tuple
                valeurs[source] = tuple(starmap(classe_element, map(astuple, valeur)) if classe_element is not None
                                        else valeur if element is None else map(element, valeur))
        for source, contenu in optionnels:
            valeur = valeurs[source]
            valeurs[source] = ABSENT if valeur is None else Present(valeur if contenu is None else contenu(valeur))
        for nom in non_lus:
            del valeurs[nom]
        for source, nom in renommes:
            valeurs[nom] = valeurs.pop(source)
        return classe(**valeurs)

    return construire

"""Binding of the interface to one generated scope: checked case → `SIn`, `S` → JSON object.

Everything is derived once from the annotations of the generated dataclasses (`typing.get_type_hints`), then
reused for every case. The interface names are the Catala names; where the policy chose another name the
binding's `renommages` maps interface name → Catala name.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from catalapy.runtime.printing import enum_member_name
from catalapy.runtime.values import ABSENT, NotProvided, Present

from .sorties import Environnement, champs_json, serialiseur_compile, serialiseur_texte_compile

__all__ = ["GenerationManquante", "LiaisonPortee", "Portee"]


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
    """A loaded scope: `construire_entree(checked dict) -> SIn`, `evaluer(SIn, trace) -> S`,
    `serialiser(S) -> dict` (keys: interface names)."""

    def __init__(self, liaison: LiaisonPortee, champs_interface: typing.Iterable[str]):
        try:
            module = importlib.import_module(liaison.module)
        except ImportError as erreur:
            raise GenerationManquante(
                f"{liaison.module} est absent ({erreur}) : lancer `make generate`"
            ) from None
        try:
            classe_entree = getattr(module, liaison.portee + "In")
            classe_sortie = getattr(module, liaison.portee)
            self.evaluer = getattr(module, liaison.fonction)
        except AttributeError as erreur:
            raise GenerationManquante(f"{liaison.module} : {erreur}") from None
        self.module = module
        self.liaison = liaison
        self.classe_entree = classe_entree
        self.classe_sortie = classe_sortie
        attendus = {c.metadata.get("catala", c.name) for c in dataclasses.fields(classe_entree)}
        fournis = {liaison.renommages.get(nom, nom) for nom in champs_interface}
        if attendus - fournis:
            raise GenerationManquante(
                f"{liaison.portee}In attend des entrées absentes de l'interface : {sorted(attendus - fournis)}"
            )
        #: interface fields that the generated scope does not read (a gap between interface and policy)
        self.champs_non_lus = sorted(nom for nom in champs_interface if liaison.renommages.get(nom, nom) not in attendus)
        self.construire_entree = constructeur_compile(classe_entree, liaison.renommages)
        inverse = {catala: interface for interface, catala in liaison.renommages.items()}
        sorties = [(inverse.get(cle, cle), attribut, convertir) for cle, attribut, convertir in champs_json(classe_sortie)]
        self.champs_sortie = sorties

        self.serialiser = serialiseur_compile(classe_sortie, inverse)
        #: `S` → its compact JSON text directly (None when a field type needs the `json` module)
        self.serialiser_texte = serialiseur_texte_compile(classe_sortie, inverse)


def _expression_generation(annotation: object, expression: str, env: Environnement, profondeur: int = 0) -> str:
    """Python source turning the checked interface value of `expression` into the generated type."""
    origine = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origine is typing.Union or origine is types.UnionType:
        if NotProvided in arguments:  # `contexte` variable: the interface always gives it (its default filled in)
            reste = [a for a in arguments if a is not NotProvided]
            interieur = reste[0] if len(reste) == 1 else typing.Union[tuple(reste)]
            return _expression_generation(interieur, expression, env, profondeur)
        presents = [a for a in arguments if typing.get_origin(a) is Present]
        if not presents:
            raise GenerationManquante(f"type {annotation!r} non pris en charge")
        interieur = _expression_generation(typing.get_args(presents[0])[0], expression, env, profondeur)
        return f"({env.nommer(ABSENT)} if {expression} is None else {env.nommer(Present)}({interieur}))"
    if origine is tuple or origine is list:
        variable = f"_e{profondeur}"
        interieur = _expression_generation(arguments[0], variable, env, profondeur + 1)
        return f"tuple({expression})" if interieur == variable else f"tuple([{interieur} for {variable} in {expression}])"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        membres = {enum_member_name(m): m for m in annotation}
        return f"{env.nommer(membres)}[{expression}]"
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _appel_constructeur(annotation, {}, expression, env, profondeur)
    if annotation in (bool, int, date, Fraction) or getattr(annotation, "__supertype__", None) is int:
        return expression
    raise GenerationManquante(f"type {annotation!r} non pris en charge")


def _appel_constructeur(classe: type, renommages: Mapping[str, str], expression: str, env: Environnement,
                        profondeur: int) -> str:
    indications = typing.get_type_hints(classe)
    inverse = {catala: interface for interface, catala in renommages.items()}
    arguments = []
    champs = dataclasses.fields(classe)
    # positional when the class allows it: a call with keywords costs about twice as much
    par_position = not any(champ.kw_only for champ in champs)
    for champ in champs:
        nom_catala = champ.metadata.get("catala", champ.name)
        nom_interface = inverse.get(nom_catala, nom_catala)
        valeur = _expression_generation(indications[champ.name], f"{expression}[{nom_interface!r}]", env, profondeur)
        arguments.append(valeur if par_position else f"{champ.name}={valeur}")
    return f"{env.nommer(classe, '_classe')}({', '.join(arguments)})"


def constructeur_compile(classe: type, renommages: Mapping[str, str]) -> Callable[[Mapping[str, object]], object]:
    """A compiled function building the generated input dataclass `classe` from a checked case."""
    env = Environnement()
    source = f"def construire(v):\n    return {_appel_constructeur(classe, renommages, 'v', env, 0)}\n"
    return env.compiler(source, "construire", f"<constructeur {classe.__name__}>")

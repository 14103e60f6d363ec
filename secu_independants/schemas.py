"""JSON Schemas of the product's cases and results (`secu-independants schema ij|rattachement`, `GET /schema/…`).

They are derived from what the compiler emits for the scope (`generated/schemas/<Scope>.json`, the reference's
`json-schema` of the Catala types), with the facts of the public interface that the Catala types do not carry:
money is a decimal string with at most two decimals or a JSON integer on input and a string with two decimals
on output, dates are ISO strings, integers and decimals are JSON integers or decimal strings (never floats),
an `optionnel` value is `null` or its content, fields with an interface default may be left out (the default is
given), `id` is accepted, and results carry `explication` / `raisonnement` with `--explain`.
"""

from __future__ import annotations

import copy
import functools
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from .entrees import CHAMPS_CHIFFRE_AFFAIRES, CHAMPS_IJ, CHAMPS_RATTACHEMENT, REQUIS, Champs
from .sorties import LIBELLES

__all__ = ["schema", "COMMANDES", "SchemaManquant"]

JSON = dict[str, Any]

#: command → (scope, interface fields of its case, interface fields of the structures used in the case)
COMMANDES: dict[str, tuple[str, Champs, dict[str, Champs]]] = {
    "ij": ("CalculIndemnitesJournalieres", CHAMPS_IJ, {"ChiffreAffairesAnnuel": CHAMPS_CHIFFRE_AFFAIRES}),
    "rattachement": ("RattachementCPAM", CHAMPS_RATTACHEMENT, {}),
}

_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
         "description": 'date ISO "AAAA-MM-JJ"'}
_ENTREE = {
    "money": {"description": 'montant en euros ≥ 0 : chaîne avec au plus deux décimales ("8092.80") ou entier',
              "oneOf": [{"type": "integer", "minimum": 0},
                        {"type": "string", "pattern": "^[0-9]{1,15}(\\.[0-9]{1,2})?$"}]},
    "decimal": {"description": 'décimal écrit en chaîne ("0.75") ou entier',
                "oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}]},
    "integer": {"type": "integer"},
    "date": _DATE,
}
_SORTIE = {
    "money": {"description": 'montant en euros, deux décimales ("8092.80")', "type": "string",
              "pattern": "^-?[0-9]+\\.[0-9]{2}$"},
    "decimal": {"description": 'décimal exact ("0.75", ou "p/q" sans écriture décimale finie)', "type": "string"},
    "integer": {"type": "integer"},
    "date": _DATE,
}


class SchemaManquant(RuntimeError):
    """generated/schemas/ lacks the schema of a scope (run `make generate`)."""


def _dossier_schemas() -> Path:
    from . import regles

    return Path(list(regles.__path__)[0]) / "schemas"


@functools.cache
def _schemas_portee(portee: str) -> tuple[JSON, JSON]:
    chemin = _dossier_schemas() / f"{portee}.json"
    try:
        entree, sortie = json.loads(chemin.read_text(encoding="utf-8"))
    except (OSError, ValueError) as erreur:
        raise SchemaManquant(f"schéma de {portee} illisible ({erreur}) : lancer `make generate`") from None
    return entree, sortie


def _valeur_json(valeur: object) -> object:
    if isinstance(valeur, tuple):
        return [_valeur_json(v) for v in valeur]
    if isinstance(valeur, Fraction):
        return str(valeur.numerator) if valeur.denominator == 1 else f"{valeur.numerator}/{valeur.denominator}"
    return valeur


def _est_optionnel(propriete: JSON) -> JSON | None:
    """The payload schema of the reference's encoding of an `optionnel` value, None for any other schema."""
    cas = propriete.get("oneOf")
    if isinstance(cas, list) and len(cas) == 3 and cas[1] == {"type": "string", "enum": ["Absent"]}:
        return cas[2]["properties"]["Present"]  # type: ignore[no-any-return]
    return None


def _structure(definition: JSON, champs: Champs | None, sortie: bool) -> None:
    """Adapt one object definition in place to the interface."""
    proprietes: JSON = definition["properties"]
    requis = [nom for nom in reversed(list(proprietes)) if nom in definition.get("required", [])]
    for nom, propriete in list(proprietes.items()):
        # an `optionnel` field (left out of "required" by the compiler) is null or its content, unless the
        # interface gives it a default other than null (then it is that default or its content)
        charge = propriete if nom not in requis else _est_optionnel(propriete)
        defaut = champs[nom][1] if champs is not None and nom in champs else None
        if charge is not None and defaut is None:
            proprietes[nom] = {"oneOf": [{"type": "null"}, charge]}
            requis.append(nom)
    if sortie:  # every field is written, null when an optional value is absent
        requis = list(proprietes)
    if champs is not None:
        for nom, (lecteur, defaut) in champs.items():
            propriete = proprietes.setdefault(nom, {})
            if getattr(lecteur, "attendu", None):
                propriete["description"] = lecteur.attendu
            if defaut is REQUIS:
                if nom not in requis:
                    requis.append(nom)
            else:
                propriete["default"] = _valeur_json(defaut)
                if nom in requis:
                    requis.remove(nom)
    definition["required"] = requis
    if not requis:
        del definition["required"]


@functools.cache
def _schema(commande: str, sortie: bool) -> str:
    portee, champs, champs_structures = COMMANDES[commande]
    schema = copy.deepcopy(_schemas_portee(portee)[1 if sortie else 0])
    definitions: JSON = schema["definitions"]
    racine = schema["$ref"].rsplit("/", 1)[1]
    for nom, definition in definitions.items():
        if nom in _ENTREE:
            definitions[nom] = (_SORTIE if sortie else _ENTREE)[nom]
        elif sortie and nom in LIBELLES and "enum" in definition:  # written as French sentences
            definitions[nom] = {"type": "string", "enum": [LIBELLES[nom].get(c, c) for c in definition["enum"]]}
        elif definition.get("type") == "object":
            _structure(definition, None if sortie else (champs if nom == racine else champs_structures.get(nom)),
                       sortie)
    proprietes = definitions[racine]["properties"]
    if sortie:
        proprietes["explication"] = {"type": "object", "description": "avec --explain : le fondement de chaque sortie"}
        proprietes["raisonnement"] = {"description": "avec --explain : l'arbre du raisonnement"}
    else:
        proprietes["id"] = {"type": "string", "description": "identifiant du cas, repris dans les sorties --batch"}
    quoi = "résultat" if sortie else "cas"
    schema["title"] = f"secu-independants {commande} : {quoi}"
    schema["description"] = f"{quoi.capitalize()} de la commande {commande} (portée Catala {portee})"
    return json.dumps(schema, ensure_ascii=False, indent=2)


def schema(commande: str, *, sortie: bool = False) -> JSON:
    """The JSON Schema of the case (or, with `sortie=True`, of the result) of `commande` ("ij" or
    "rattachement")."""
    return json.loads(_schema(commande, sortie))  # type: ignore[no-any-return]


def texte_schemas(commande: str) -> str:
    """`{"entree": …, "sortie": …}` as indented JSON text (what `secu-independants schema` prints)."""
    return json.dumps({"entree": schema(commande), "sortie": schema(commande, sortie=True)},
                      ensure_ascii=False, indent=2) + "\n"

"""JSON Schemas of the product's cases and results (`secu-independants schema ij|rattachement`, `GET /schema/…`).

They are derived from what the compiler emits for the scope (`generated/schemas_json.py`, the reference's
`json-schema` of the Catala types), with the facts of the public interface that the Catala types do not carry:
money is a decimal string with at most two decimals or a JSON integer on input and a string with two decimals
on output, dates are ISO strings, integers and decimals are JSON integers or decimal strings (never floats),
an `optionnel` value is `null` or its content, fields with an interface default may be left out (the default is
given), `id` is accepted, and results carry `explication` / `raisonnement` with `--explain`.
"""

from __future__ import annotations

import copy
import functools
import importlib
import json
from typing import Any

from catalapy.runtime.values import ABSENT

from .entrees import (
    CHAMPS_CHIFFRE_AFFAIRES,
    CHAMPS_IJ,
    CHAMPS_RATTACHEMENT,
    REQUIS,
    CasIJLu,
    CasRattachementLu,
    Champ,
    ChiffreAffairesLu,
    champs_et_defauts,
)
from .explication import valeur_json
from .sorties import LIBELLES

__all__ = ["schema", "COMMANDES", "SchemaManquant"]

JSON = dict[str, Any]

#: an interface field: what it expects, its default (`REQUIS` when it has none)
Champs = dict[str, tuple[Champ, Any]]

#: command → (scope, interface fields of its case, interface fields of the structures used in the case)
COMMANDES: dict[str, tuple[str, Champs, dict[str, Champs]]] = {
    "ij": ("CalculIndemnitesJournalieres", champs_et_defauts(CasIJLu, CHAMPS_IJ),
           {"ChiffreAffairesAnnuel": champs_et_defauts(ChiffreAffairesLu, CHAMPS_CHIFFRE_AFFAIRES)}),
    "rattachement": ("RattachementCPAM", champs_et_defauts(CasRattachementLu, CHAMPS_RATTACHEMENT), {}),
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
    """generated/schemas_json.py lacks the schema of a scope (run `make generate`)."""


@functools.cache
def _schemas_portee(portee: str) -> tuple[JSON, JSON]:
    try:
        module = importlib.import_module(".regles.schemas_json", __package__)
        entree, sortie = json.loads(module.SCHEMAS[portee])
    except (ImportError, KeyError, ValueError) as erreur:
        raise SchemaManquant(f"schéma de {portee} absent ({erreur}) : lancer `make generate`") from None
    return entree, sortie


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
        if charge is not None and defaut in (None, ABSENT):
            proprietes[nom] = {"oneOf": [{"type": "null"}, charge]}
            requis.append(nom)
    if sortie:  # every field is written, null when an optional value is absent
        requis = list(proprietes)
    if champs is not None:
        for nom, (champ, defaut) in champs.items():
            propriete = proprietes.setdefault(nom, {})
            propriete["description"] = champ.attendu
            if defaut is REQUIS:
                if nom not in requis:
                    requis.append(nom)
            else:
                propriete["default"] = valeur_json(defaut)
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
        proprietes["id"] = {"oneOf": [{"type": "string"}, {"type": "integer"}],  # as entrees.CasIJLu reads it
                            "description": "identifiant du cas, repris dans les sorties --batch"}
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


# --- TypedDicts of the cases and results (secu_independants/types.py is this text, kept up to date by a test) ---

_NOMS_TYPES = {("ij", False): "CasIJ", ("ij", True): "ResultatIJ",
               ("rattachement", False): "CasRattachement", ("rattachement", True): "ResultatRattachement"}


def _annotation(propriete: JSON, definitions: JSON, sortie: bool, prefixe: str, classes: dict[str, list[str]]) -> str:
    if "$ref" in propriete:
        nom = str(propriete["$ref"]).rsplit("/", 1)[1]
        primitifs_entree = {"money": "str | int | Decimal", "decimal": "str | int | Decimal", "integer": "int",
                            "date": "str | date"}
        if nom in primitifs_entree:
            return "str" if sortie and nom != "integer" else primitifs_entree[nom]
        definition = definitions[nom]
        if "enum" in definition:
            valeurs = [str(v) for v in definition["enum"]]
            if max(len(v) for v in valeurs) > 40:
                return "str"
            return "Literal[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in valeurs) + "]"
        if definition.get("type") == "object":
            _classe(prefixe + nom, definition, definitions, sortie, prefixe, classes)
            return prefixe + nom
        return "object"
    if "oneOf" in propriete:
        return " | ".join("None" if c.get("type") == "null" else _annotation(c, definitions, sortie, prefixe, classes)
                          for c in propriete["oneOf"])
    if propriete.get("type") == "array":
        return f"list[{_annotation(propriete.get('items', {}), definitions, sortie, prefixe, classes)}]"
    return {"boolean": "bool", "string": "str", "integer": "int", "object": "dict[str, object]"}.get(
        str(propriete.get("type")), "object")


def _classe(nom: str, definition: JSON, definitions: JSON, sortie: bool, prefixe: str,
            classes: dict[str, list[str]]) -> None:
    if nom in classes:
        return
    classes[nom] = []  # reserved
    requis = set(definition.get("required", ()))
    lignes = [f"class {nom}(TypedDict, total=False):"]
    for champ, propriete in definition["properties"].items():
        annotation = _annotation(propriete, definitions, sortie, prefixe, classes)
        lignes.append(f"    {champ}: Required[{annotation}]" if champ in requis else f"    {champ}: {annotation}")
    classes[nom] = lignes


def texte_types() -> str:
    """The Python source of secu_independants/types.py."""
    classes: dict[str, list[str]] = {}
    for (commande, sortie), nom in _NOMS_TYPES.items():
        racine = schema(commande, sortie=sortie)
        definitions = racine["definitions"]
        definition = definitions[str(racine["$ref"]).rsplit("/", 1)[1]]
        prefixe = ("Resultat" if sortie else "Cas") + ("IJ" if commande == "ij" else "Rattachement")
        _classe(nom, definition, definitions, sortie, prefixe, classes)
    entete = ['"""Typed dictionaries of the cases and results (the JSON fields of the interface).',
              "",
              "Written by `python -m secu_independants.schemas > secu_independants/types.py` from the JSON Schemas",
              "(themselves derived from the Catala types); tests/package/test_types.py checks it is up to date.",
              '"""', "", "from __future__ import annotations", "", "from datetime import date",
              "from decimal import Decimal", "from typing import Literal, Required, TypedDict", "",
              f"__all__ = {sorted(classes)!r}".replace("'", '"')]
    corps = ["\n".join(lignes) for lignes in classes.values()]
    return "\n".join(entete) + "\n\n\n" + "\n\n\n".join(corps) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(texte_types())

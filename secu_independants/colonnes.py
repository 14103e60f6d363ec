"""Cases and results as columns: Parquet and CSV through pyarrow (extra `[colonnes]`).

Input: one case per row, one column per interface field (unknown columns are refused as unknown fields).
- Parquet columns may have their natural types: booleans, integers, strings (dates, amounts, constructor
  names), `list<struct<annee, montant, ratio_cotisations_payees>>` for `chiffres_affaires`, `list<string>` for
  `salaires_trois_derniers_mois`, `date32` for dates. A null (also inside a struct) is an absent field.
- CSV columns are read as text. A cell holding the JSON text of `true`, `false`, `null`, an integer, a list
  `[...]` or an object `{...}` gives that value — so `chiffres_affaires` is written
  `[{"annee":2019,"montant":"35040.00"}]`; any other cell is a string (dates, amounts with decimals, constructor
  names); an empty cell is an absent field. The same reading applies to text columns of a Parquet file.
  `id` is always text.

Output: columns `ligne` (row number, 1-based, header excluded), `id` (text, null when absent), the result
fields, then `erreur_champ`, `erreur_attendu`, `erreur_message` (null on success; the result fields are null
on an error row). Booleans and integers keep their types; amounts, dates and constructor names are text as
in JSON; list fields (`motifs_ineligibilite`, `conseils`…) are `list<string>` in Parquet and the JSON text of
the list in CSV (`["DureeActiviteInsuffisante"]`), so that a CSV result reads back with the rule above.
"""

from __future__ import annotations

import decimal
import enum
import functools
import re
import typing
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from typing import Any

import orjson

from .entrees import EntreeInvalide, lire_json
from .erreurs import raison_systeme, texte_utf8

try:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq
except ImportError:  # pragma: no cover — reported by `exiger_pyarrow`
    pa = None

__all__ = ["cas_de_la_rangee", "valeur_de_la_cellule", "schema_sortie", "SortieColonnes", "EcrivainColonnes",
           "paquets_colonnes"]

_ENTIER_JSON = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_LITTERAUX = {"true": True, "false": False, "null": None}
COLONNES_ERREUR = ("erreur_champ", "erreur_attendu", "erreur_message")


def exiger_pyarrow() -> None:
    if pa is None:
        from .lots import LotImpossible

        raise LotImpossible(
            "lire ou écrire du Parquet ou du CSV demande pyarrow : pip install 'secu-independants[colonnes]'"
        )


# ---------------------------------------------------------------------------------------------------------
# Input


#: first characters of the cells that may stand for something else than their text
_DEBUTS_JSON = frozenset("-0123456789tfn[{ \t\r\n")


def valeur_de_la_cellule(texte: str, colonne: str) -> object:
    """The JSON value a text cell stands for (module docstring); `...` for an empty cell (absent field)."""
    if texte[:1] not in _DEBUTS_JSON:  # a constructor name…: the text itself (also the empty cell, below)
        return texte if texte else ...
    if texte.isspace():
        return ...
    if texte in _LITTERAUX:
        return _LITTERAUX[texte]
    if _ENTIER_JSON.match(texte):
        return int(texte)
    debut = texte.lstrip()[:1]
    if debut == "[" or debut == "{":
        try:
            return lire_json(texte)
        except EntreeInvalide as erreur:
            raise EntreeInvalide(colonne, erreur.attendu) from None
    return texte


def _valeur(valeur: object, chemin: str) -> object:
    """A value of a Parquet/Arrow cell → JSON-level value (nulls inside structs dropped, Decimal → text)."""
    if type(valeur) is dict:
        return {cle: _valeur(v, f"{chemin}.{cle}") for cle, v in valeur.items() if v is not None}
    if type(valeur) is list:
        return [_valeur(v, f"{chemin}[{rang}]") for rang, v in enumerate(valeur)]
    if type(valeur) is bytes:
        return texte_utf8(valeur, chemin)
    if type(valeur) is decimal.Decimal:
        return format(valeur, "f")
    return valeur


def cas_de_la_rangee(rangee: dict[str, object]) -> dict[str, object]:
    """One row (`pyarrow` `to_pylist` item) → the case as the JSON readers take it."""
    cas: dict[str, object] = {}
    for colonne, brut in rangee.items():
        if brut is None:
            continue
        genre = type(brut)
        valeur = brut if genre is str or genre is int or genre is bool else _valeur(brut, colonne)
        if type(valeur) is str:
            valeur = valeur_de_la_cellule(valeur, colonne) if colonne != "id" else (valeur or ...)
            if valeur is ...:
                continue
        cas[colonne] = valeur
    return cas


def _raison(erreur: Exception) -> str:
    """Why a file could not be read or written: the system's reason in French (`raison_systeme`); Arrow's own
    text for a file that is not valid Parquet or CSV (it names the technical cause: "Parquet magic bytes not
    found…"), after a French wording."""
    if isinstance(erreur, OSError) and erreur.errno is not None:
        return raison_systeme(erreur)
    return f"fichier Parquet ou CSV invalide : {erreur}"


def paquets_colonnes(chemin: str, format_entree: str, taille: int) -> tuple[Iterator[tuple[str, int, Any]], int | None]:
    """Packets `("colonnes", first row number, RecordBatch)` of a Parquet or CSV file, and the row count when
    the file tells it (Parquet)."""
    exiger_pyarrow()
    from .lots import LotImpossible

    try:
        if format_entree == "parquet":
            fichier = pq.ParquetFile(chemin)
            lots = fichier.iter_batches(batch_size=taille)
            total = fichier.metadata.num_rows
        else:
            lots = _lots_csv(chemin, taille)
            total = None
    except (OSError, pa.ArrowException) as erreur:
        raise LotImpossible(f"{chemin} : illisible ({_raison(erreur)})") from None

    def paquets() -> Iterator[tuple[str, int, Any]]:
        premier = 1
        try:
            for lot in lots:
                for debut in range(0, lot.num_rows, taille):
                    morceau = lot.slice(debut, taille)
                    yield "colonnes", premier, morceau
                    premier += morceau.num_rows
        except (OSError, pa.ArrowException) as erreur:
            raise LotImpossible(f"{chemin} : illisible après la rangée {premier - 1} ({_raison(erreur)})") from None

    return paquets(), total


def _lots_csv(chemin: str, taille: int) -> Iterator[Any]:
    """Record batches of a CSV file, every column read as bytes (decoded per cell: a bad byte costs one row);
    the header is read here, so that an unreadable file is reported before any output."""
    with open(chemin, "rb") as fichier:
        entete = pa_csv.open_csv(fichier, read_options=pa_csv.ReadOptions(block_size=1 << 16)).schema.names
    options = pa_csv.ConvertOptions(column_types={nom: pa.binary() for nom in entete},
                                    strings_can_be_null=False, quoted_strings_can_be_null=False)
    return iter(pa_csv.open_csv(chemin, read_options=pa_csv.ReadOptions(block_size=1 << 20),
                                convert_options=options))


# ---------------------------------------------------------------------------------------------------------
# Output


def _type_arrow(annotation: object, csv: bool) -> tuple[Any, bool]:
    """(Arrow type of a result field, whether its JSON value is written as JSON text)."""
    from catalapy.runtime.printing import option_payload_type
    from catalapy.runtime.values import Money

    if annotation is bool:
        return pa.bool_(), False
    if annotation is int:
        return pa.int64(), False
    if annotation in (Money, date, Fraction, str) or (isinstance(annotation, type) and issubclass(annotation, enum.Enum)):
        return pa.string(), False
    charge = option_payload_type(annotation)
    if charge is not None:
        return _type_arrow(charge, csv)
    arguments = typing.get_args(annotation)
    if typing.get_origin(annotation) in (tuple, list) and arguments and (len(arguments) == 1 or arguments[1] is Ellipsis):
        element, texte = _type_arrow(arguments[0], csv)
        if not csv and not texte:
            return pa.list_(element), False
    return pa.string(), True


def schema_sortie(commande: str, format_sortie: str) -> tuple[Any, frozenset[str]]:
    """The Arrow schema of the results of `commande`, and the fields written as JSON text."""
    exiger_pyarrow()
    from catalapy.runtime.printing import struct_fields

    from .api import portee_ij, portee_rattachement

    portee = {"ij": portee_ij, "rattachement": portee_rattachement}[commande]()
    inverse = {catala: interface for interface, catala in portee.liaison.renommages.items()}
    champs = [pa.field("ligne", pa.int64(), nullable=False), pa.field("id", pa.string())]
    en_texte = set()
    for _attribut, cle, annotation in struct_fields(portee.classe_sortie):
        nom = inverse.get(cle, cle)
        type_arrow, texte = _type_arrow(annotation, format_sortie == "csv")
        champs.append(pa.field(nom, type_arrow))
        if texte:
            en_texte.add(nom)
    champs += [pa.field(nom, pa.string()) for nom in COLONNES_ERREUR]
    return pa.schema(champs), frozenset(en_texte)


class SortieColonnes:
    """Rows `{"ligne", "id", result fields | "erreur"}` → one Arrow record batch of `schema_sortie`."""

    def __init__(self, commande: str, format_sortie: str):
        self.schema, self.en_texte = schema_sortie(commande, format_sortie)

    @staticmethod
    @functools.cache
    def pour(commande: str, format_sortie: str) -> SortieColonnes:
        return SortieColonnes(commande, format_sortie)

    def lot(self, rangees: list[dict[str, object]]) -> Any:
        en_texte = self.en_texte
        for rangee in rangees:
            identifiant = rangee["id"]
            if identifiant is not None and type(identifiant) is not str:
                rangee["id"] = str(identifiant)
            erreur = rangee.pop("erreur", None)  # the `EntreeInvalide.en_json()` dict of an error row
            if isinstance(erreur, dict):
                rangee["erreur_champ"] = erreur["champ"]
                rangee["erreur_attendu"] = erreur["attendu"]
                rangee["erreur_message"] = erreur["message"]
            for nom in en_texte:
                if rangee.get(nom) is not None:
                    rangee[nom] = orjson.dumps(rangee[nom]).decode()
        return pa.RecordBatch.from_pylist(rangees, schema=self.schema)


class EcrivainColonnes:
    """Record batches appended to one Parquet or CSV file (written as they come: constant memory)."""

    def __init__(self, commande: str, chemin: str, format_sortie: str):
        self.schema, _ = schema_sortie(commande, format_sortie)
        self.chemin = chemin
        self.format_sortie = format_sortie
        self.ecrivain: Any = None

    def __enter__(self) -> EcrivainColonnes:
        from .lots import LotImpossible

        try:
            if self.format_sortie == "parquet":
                self.ecrivain = pq.ParquetWriter(self.chemin, self.schema)
            else:
                self.ecrivain = pa_csv.CSVWriter(self.chemin, self.schema)
        except (OSError, pa.ArrowException) as erreur:
            raise LotImpossible(f"--sortie : {self.chemin} : {_raison(erreur)}") from None
        return self

    def ecrire(self, lot: Any) -> None:
        if lot.num_rows:
            self.ecrivain.write_batch(lot)

    def __exit__(self, *exception: object) -> None:
        self.ecrivain.close()

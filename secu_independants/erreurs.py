"""What every face of the product (CLI, `--batch`, Parquet/CSV, HTTP API) says the same way:

- the one line that reports an error of the law itself (no rule applies, conflicting rules): the CLI's stderr
  (exit 3), the `message` of a `--batch` error line and its stderr line, the HTTP API's 500 answer;
- the JSON error object `{"champ", "attendu", "message"}` of an error that names no field (`objet_erreur`);
- bytes that are not UTF-8 (`texte_utf8`): the place of the first invalid byte is counted from 1, as the
  columns of every position of the project (the first byte of the text is byte 1).
"""

from __future__ import annotations

from catalapy.runtime.errors import CatalaRuntimeError

from .entrees import EntreeInvalide

__all__ = ["message_erreur_de_la_loi", "PREFIXE_ERREUR_DE_LA_LOI", "objet_erreur", "texte_utf8"]

PREFIXE_ERREUR_DE_LA_LOI = "erreur de la loi : "


def message_erreur_de_la_loi(erreur: CatalaRuntimeError) -> str:
    """`erreur de la loi : ` then the runtime's message (with its position in policy/) on one line."""
    return PREFIXE_ERREUR_DE_LA_LOI + " ".join(str(erreur).split())


def objet_erreur(message: str, champ: str | None = None, attendu: str | None = None) -> dict[str, str | None]:
    """The JSON error object of the interface (`erreur` of a `--batch` line, of an HTTP answer); `champ` and
    `attendu` are null for an error that is not about one field of the case (an error of the law, …)."""
    return {"champ": champ, "attendu": attendu, "message": message}


def texte_utf8(octets: bytes, champ: str, lieu: str = "") -> str:
    """`octets` decoded as UTF-8, or `EntreeInvalide(champ, …)` naming the first invalid byte by its position
    counted from 1 (`lieu`, e.g. a file name, is written before it)."""
    try:
        return octets.decode("utf-8")
    except UnicodeDecodeError as erreur:
        raise EntreeInvalide(champ, f"un texte UTF-8 ({lieu}octet invalide en position {erreur.start + 1})") from None

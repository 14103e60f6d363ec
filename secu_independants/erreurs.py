"""What every face of the product (CLI, `--batch`, Parquet/CSV, HTTP API) says the same way:

- the one line that reports an error of the law itself (no rule applies, conflicting rules): the CLI's stderr
  (exit 3), the `message` of a `--batch` error line and its stderr line, the HTTP API's 500 answer;
- the JSON error object `{"champ", "attendu", "message"}` of an error that names no field (`objet_erreur`);
- bytes that are not UTF-8 (`texte_utf8`): the place of the first invalid byte is counted from 1, as the
  columns of every position of the project (the first byte of the text is byte 1);
- why the system refused a file (`raison_systeme`), in French where the system's own text is English.
"""

from __future__ import annotations

import errno

from catalapy.runtime.errors import CatalaRuntimeError

from .entrees import EntreeInvalide

__all__ = ["message_erreur_de_la_loi", "PREFIXE_ERREUR_DE_LA_LOI", "objet_erreur", "texte_utf8", "raison_systeme"]

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


_RAISONS = {
    errno.ENOENT: "fichier ou dossier inexistant",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques",
    errno.EMFILE: "trop de fichiers ouverts",
}


def raison_systeme(erreur: OSError) -> str:
    """Why the system refused a file, in French (the system's `strerror` is English): "fichier ou dossier
    inexistant"; an error without a French wording is named by its code ("erreur système EIO")."""
    if erreur.errno in _RAISONS:
        return _RAISONS[erreur.errno]
    code = errno.errorcode.get(erreur.errno) if erreur.errno is not None else None
    return f"erreur système {code}" if code else "erreur système"

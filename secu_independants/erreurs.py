"""The one line that reports an error of the law itself (no rule applies, conflicting rules), wherever it is shown:
the CLI's stderr (exit 3), the `message` of a `--batch` error line and its stderr line, the HTTP API's 500 answer.
"""

from __future__ import annotations

from catalapy.runtime.errors import CatalaRuntimeError

__all__ = ["message_erreur_de_la_loi", "PREFIXE_ERREUR_DE_LA_LOI"]

PREFIXE_ERREUR_DE_LA_LOI = "erreur de la loi : "


def message_erreur_de_la_loi(erreur: CatalaRuntimeError) -> str:
    """`erreur de la loi : ` then the runtime's message (with its position in policy/) on one line."""
    return PREFIXE_ERREUR_DE_LA_LOI + " ".join(str(erreur).split())

"""secu-independants: IJ maladie of micro-entrepreneurs and CPAM attachment, over the law in policy/.

Public API (JSON-level): `calculer_ij(cas)`, `determiner_rattachement(cas)`, both with `expliquer=True`
for the legal trail; `EntreeInvalide` for bad input. See `/docs` and the `secu-independants` CLI.
"""

__version__ = "0.1.0"

from .api import calculateur, calculer_ij, determiner_rattachement, entree_ij, entree_rattachement
from .entrees import EntreeInvalide
from .liaison import GenerationManquante

__all__ = [
    "calculer_ij", "determiner_rattachement", "calculateur", "entree_ij", "entree_rattachement",
    "EntreeInvalide", "GenerationManquante",
]

"""secu-independants: IJ maladie of micro-entrepreneurs and CPAM attachment, over the law in policy/.

Public API (JSON-level): `calculer_ij(cas)`, `determiner_rattachement(cas)`, both with `expliquer=True`
for the legal trail. Errors: `EntreeInvalide` for bad input (names the JSON field); `ErreurDeLaLoi` for an error
of the law itself (no applicable rule: `AucuneValeur`, two rules at once: `Conflit`), with its position in
policy/; `GenerationManquante` when the compiled law is missing. The compiled law itself is the package
`secu_independants.regles`. See the site and `secu-independants --help`.
"""

__version__ = "0.1.0"

from catalapy.runtime.errors import CatalaRuntimeError as ErreurDeLaLoi
from catalapy.runtime.errors import Conflict as Conflit
from catalapy.runtime.errors import NoValue as AucuneValeur

from . import regles
from .api import calculateur, calculer_ij, determiner_rattachement, entree_ij, entree_rattachement
from .entrees import EntreeInvalide
from .liaison import GenerationManquante
from .types import CasIJ, CasIJChiffreAffairesAnnuel, CasRattachement, ResultatIJ, ResultatRattachement

__all__ = [
    "calculer_ij", "determiner_rattachement", "calculateur", "entree_ij", "entree_rattachement",
    "EntreeInvalide", "GenerationManquante", "ErreurDeLaLoi", "AucuneValeur", "Conflit", "regles", "__version__",
    "CasIJ", "CasIJChiffreAffairesAnnuel", "CasRattachement", "ResultatIJ", "ResultatRattachement",
]

"""The product's Python API: JSON-level cases in, JSON-level results out.

>>> resultat = determiner_rattachement({"date_debut_activite": "2019-01-01", "date_demande": "2020-01-27"})
>>> resultat["organisme_destinataire"]
'CPAMResidence'

`expliquer=True` adds an `"explication"` object (see `explication.py`) naming, for each output, the policy
definitions that produced it and the dated parameter values used, and `"raisonnement"`, the reasoning tree
in French (see `raisonnement.py`). Bad input raises `EntreeInvalide`; an error
of the law itself (no applicable rule, conflict…) raises `catalapy.runtime.errors.CatalaRuntimeError`.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from typing import Any

from .entrees import LECTEUR_IJ, LECTEUR_RATTACHEMENT, CasIJLu, CasRattachementLu
from .lecture_json import LectureJSON
from .liaison import LiaisonPortee, Portee
from .types import CasIJ, CasRattachement, ResultatIJ, ResultatRattachement

__all__ = [
    "calculer_ij", "determiner_rattachement", "portee_ij", "portee_rattachement", "calculateur",
    "entree_ij", "entree_rattachement", "LIAISON_IJ", "LIAISON_RATTACHEMENT", "portee",
    "lecture", "calculateur_du_cas_lu",
]

LIAISON_IJ = LiaisonPortee(
    module="secu_independants.regles.indemnites_journalieres",
    portee="CalculIndemnitesJournalieres",
    fonction="calcul_indemnites_journalieres",
)
LIAISON_RATTACHEMENT = LiaisonPortee(
    module="secu_independants.regles.rattachement_cpam",
    portee="RattachementCPAM",
    fonction="rattachement_cpam",
)


@functools.cache
def portee_ij() -> Portee:
    """The loaded `CalculIndemnitesJournalieres` scope (raises `GenerationManquante` if generated/ lacks it)."""
    return Portee(LIAISON_IJ, LECTEUR_IJ)


@functools.cache
def portee_rattachement() -> Portee:
    """The loaded `RattachementCPAM` scope."""
    return Portee(LIAISON_RATTACHEMENT, LECTEUR_RATTACHEMENT)


def portee(commande: str) -> Portee:
    """The loaded scope of `commande` ("ij" or "rattachement")."""
    return {"ij": portee_ij, "rattachement": portee_rattachement}[commande]()


@functools.cache
def lecture(commande: str) -> LectureJSON[Any]:
    """The reading of a case of `commande` given as JSON bytes (a file, an HTTP body, a `--batch` line) into
    its checked case, or `EntreeInvalide` naming the place (see lecture_json.py)."""
    return LectureJSON(portee(commande).lire)


@functools.cache
def calculateur_du_cas_lu(commande: str, *, expliquer: bool = False) -> Callable[[Any], dict[str, object]]:
    """The function `checked case (what `lecture(commande)` gives) -> result (JSON object)` of `commande`."""
    charge = portee(commande)
    if not expliquer:
        return charge.calculer_lu
    from .explication import expliquer_evaluation
    construire = charge.construire_entree

    def calculer_et_expliquer(lu: Any) -> dict[str, object]:
        resultat: dict[str, object] = expliquer_evaluation(charge, construire(lu))
        return resultat
    return calculer_et_expliquer


@functools.cache
def calculateur(commande: str, *, expliquer: bool = False) -> Callable[[object], dict[str, object]]:
    """The function `case (JSON value) -> result (JSON object)` of `commande` ("ij" or "rattachement"),
    with everything resolved once: use it to evaluate many cases."""
    charge = portee(commande)
    if not expliquer:
        return charge.calculer
    lire, calculer_et_expliquer = charge.lire, calculateur_du_cas_lu(commande, expliquer=True)

    def calculer(cas: object) -> dict[str, object]:
        return calculer_et_expliquer(lire(cas))
    return calculer


def calculer_ij(cas: CasIJ | Mapping[str, object], *, expliquer: bool = False) -> ResultatIJ:
    """Indemnités journalières maladie of one `ij` case (interface fields) → result fields."""
    if expliquer:
        return typing.cast(ResultatIJ, calculateur("ij", expliquer=True)(cas))
    return portee_ij().calculer(cas)  # type: ignore[return-value]


def determiner_rattachement(cas: CasRattachement | Mapping[str, object], *,
                            expliquer: bool = False) -> ResultatRattachement:
    """Attachment to the CPAM of one `rattachement` case → result fields."""
    if expliquer:
        return typing.cast(ResultatRattachement, calculateur("rattachement", expliquer=True)(cas))
    return portee_rattachement().calculer(cas)  # type: ignore[return-value]


def entree_ij(cas: CasIJ | Mapping[str, object] | CasIJLu) -> object:
    """Typed variant: the checked case as the generated `CalculIndemnitesJournalieresIn`, to be passed to
    `secu_independants.regles.indemnites_journalieres.calcul_indemnites_journalieres`."""
    charge = portee_ij()
    return charge.construire_entree(cas if isinstance(cas, CasIJLu) else charge.lire(cas))


def entree_rattachement(cas: CasRattachement | Mapping[str, object] | CasRattachementLu) -> object:
    """Typed variant: the checked case as the generated `RattachementCPAMIn`."""
    charge = portee_rattachement()
    return charge.construire_entree(cas if isinstance(cas, CasRattachementLu) else charge.lire(cas))

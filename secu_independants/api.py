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

from .entrees import CHAMPS_IJ, CHAMPS_RATTACHEMENT, lire_cas_ij, lire_cas_rattachement
from .liaison import LiaisonPortee, Portee
from .sorties import json_compact
from .types import CasIJ, CasRattachement, ResultatIJ, ResultatRattachement

__all__ = [
    "calculer_ij", "determiner_rattachement", "portee_ij", "portee_rattachement", "calculateur",
    "entree_ij", "entree_rattachement", "LIAISON_IJ", "LIAISON_RATTACHEMENT", "calculateur_texte",
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
    return Portee(LIAISON_IJ, CHAMPS_IJ)


@functools.cache
def portee_rattachement() -> Portee:
    """The loaded `RattachementCPAM` scope."""
    return Portee(LIAISON_RATTACHEMENT, CHAMPS_RATTACHEMENT)


_COMMANDES = {
    "ij": (portee_ij, lire_cas_ij),
    "rattachement": (portee_rattachement, lire_cas_rattachement),
}


@functools.cache
def calculateur(commande: str, *, expliquer: bool = False) -> Callable[[object], dict]:
    """The function `case (JSON value) -> result (JSON object)` of `commande` ("ij" or "rattachement"),
    with everything resolved once: use it to evaluate many cases."""
    charger, lire = _COMMANDES[commande]
    portee = charger()
    construire, evaluer, serialiser = portee.construire_entree, portee.evaluer, portee.serialiser
    if not expliquer:
        def calculer(cas: object) -> dict:
            return serialiser(evaluer(construire(lire(cas))))
        return calculer

    from .explication import expliquer_evaluation

    def calculer_et_expliquer(cas: object) -> dict:
        return expliquer_evaluation(portee, construire(lire(cas)))
    return calculer_et_expliquer


@functools.cache
def calculateur_texte(commande: str, *, expliquer: bool = False) -> Callable[[object], str]:
    """Like `calculateur`, but giving the result as compact JSON text (one `--batch` line): written directly
    from the generated result when the output types allow it, else through the `json` module."""
    charger, lire = _COMMANDES[commande]
    portee = charger()
    if expliquer or portee.serialiser_texte is None:
        calculer = calculateur(commande, expliquer=expliquer)
        return lambda cas: json_compact(calculer(cas))
    construire, evaluer, texte = portee.construire_entree, portee.evaluer, portee.serialiser_texte

    def calculer_texte(cas: object) -> str:
        return texte(evaluer(construire(lire(cas))))
    return calculer_texte


def calculer_ij(cas: CasIJ | Mapping[str, object], *, expliquer: bool = False) -> ResultatIJ:
    """Indemnités journalières maladie of one `ij` case (interface fields) → result fields."""
    return typing.cast(ResultatIJ, calculateur("ij", expliquer=expliquer)(cas))


def determiner_rattachement(cas: CasRattachement | Mapping[str, object], *,
                            expliquer: bool = False) -> ResultatRattachement:
    """Attachment to the CPAM of one `rattachement` case → result fields."""
    return typing.cast(ResultatRattachement, calculateur("rattachement", expliquer=expliquer)(cas))


def entree_ij(cas: Mapping) -> object:
    """Typed variant: the checked case as the generated `CalculIndemnitesJournalieresIn`, to be passed to
    `secu_independants.regles.indemnites_journalieres.calcul_indemnites_journalieres`."""
    return portee_ij().construire_entree(lire_cas_ij(cas))


def entree_rattachement(cas: Mapping) -> object:
    """Typed variant: the checked case as the generated `RattachementCPAMIn`."""
    return portee_rattachement().construire_entree(lire_cas_rattachement(cas))

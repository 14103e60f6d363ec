"""A user's program, checked by `mypy --strict` (tests/package/test_types.py): the typed API in use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from secu_independants import CasIJ, ResultatIJ, calculer_ij


def montant_total(debut: date, arret: date) -> str:
    cas: CasIJ = {
        "categorie": "AchatRevente",
        "date_debut_activite": debut,
        "chiffres_affaires": [{"annee": 2019, "montant": Decimal("35040.00")}],
        "date_arret": arret,
        "duree_arret": 20,
    }
    resultat: ResultatIJ = calculer_ij(cas)
    return resultat["montant_total"]

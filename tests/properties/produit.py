"""Access to the product under test; skips (with the reason) while a part of it is not built yet."""
from __future__ import annotations

import pytest

# README §4 P1 and P13: valid cases used only to find out whether generated/ is in place.
CAS_P1 = {
    "categorie": "AchatRevente", "date_debut_activite": "2012-05-01", "date_arret": "2020-10-05",
    "duree_arret": 20, "chiffres_affaires": [{"annee": 2017, "montant": "30660"},
                                             {"annee": 2018, "montant": "32850"},
                                             {"annee": 2019, "montant": "35040"}],
}
CAS_P13 = {"date_debut_activite": "2018-12-31", "date_reception_courrier": "2020-02-10",
           "date_demande": "2020-01-27"}


def _fonction(nom: str, cas: dict):
    """The API function `nom`, or the reason why it cannot be used yet (a string)."""
    try:
        import secu_independants as produit
    except ImportError as erreur:
        return f"secu_independants is not importable yet: {erreur}"
    fonction = getattr(produit, nom, None)
    if fonction is None:
        return f"secu_independants.{nom} does not exist yet"
    try:
        fonction(cas)
    except getattr(produit, "GenerationManquante", ()) as erreur:
        return f"generated/ is not built yet for {nom} (make generate): {erreur}"
    return fonction


def calculer_ij_ou_rien():
    return _fonction("calculer_ij", CAS_P1)


def determiner_rattachement_ou_rien():
    return _fonction("determiner_rattachement", CAS_P13)


def exiger(fonction_ou_raison):
    """The function, or a module-level skip stating why it is not usable."""
    if isinstance(fonction_ou_raison, str):
        pytest.skip(fonction_ou_raison, allow_module_level=True)
    return fonction_ou_raison

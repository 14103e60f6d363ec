"""The quick path of `calculer_ij` (msgspec into the raw classes, amounts and ratios read afterwards) gives what
the full reader gives: the same result for every case, the same French refusal for every bad one."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secu_independants.api import portee_ij, portee_rattachement
from secu_independants.entrees import EntreeInvalide, centimes, lire_json, ratio

from strategies import cas_ij, cas_ij_abimes, cas_rattachement


def _par_le_lecteur_complet(portee, cas):
    try:
        return portee.serialiser(portee.evaluer(portee.construire_entree(portee.lire(cas))))
    except EntreeInvalide as erreur:
        return ("refus", str(erreur))


def _par_le_chemin_rapide(portee, cas):
    try:
        return portee.calculer(cas)
    except EntreeInvalide as erreur:
        return ("refus", str(erreur))


@settings(max_examples=150)
@given(st.one_of(cas_ij(salarie=None), cas_ij_abimes().map(lambda cas_et_champ: cas_et_champ[0])))
def test_meme_resultat_ou_meme_refus_ij(cas):
    assert _par_le_chemin_rapide(portee_ij(), cas) == _par_le_lecteur_complet(portee_ij(), cas)


@settings(max_examples=50)
@given(cas_rattachement())
def test_meme_resultat_rattachement(cas):
    assert _par_le_chemin_rapide(portee_rattachement(), cas) == _par_le_lecteur_complet(portee_rattachement(), cas)


def test_montants_et_parts_lus_exactement():
    # "8092.8" € = 8 092,80 € = 809 280 cents; "0.5" € = 50 cents; the JSON integer 12 € = 1 200 cents
    assert (centimes("8092.8"), centimes("0.5"), centimes("8092.80"), centimes(12)) == (809_280, 50, 809_280, 1_200)
    # "0.75" = 75/100 = 3/4; "1.000" = 1; the JSON integer 0
    assert (ratio("0.75"), ratio("1.000"), ratio(0)) == (Fraction(3, 4), Fraction(1), Fraction(0))


BASE = {"categorie": "LiberalSSI", "date_debut_activite": "2019-01-01", "date_arret": "2021-02-01",
        "duree_arret": 5, "chiffres_affaires": [{"annee": 2020, "montant": "1000.50"}]}
_MONTANT = 'un montant ≥ 0 en euros, chaîne avec au plus deux décimales ("8092.80") ou nombre JSON entier'


@pytest.mark.parametrize("autre_ecriture", [
    {"annee": 2020, "montant": Decimal("1000.50")},  # Python API: a Decimal (the full reader)
    {"annee": 2020, "montant": "1000.5", "ratio_cotisations_payees": "1"},
    {"annee": 2020, "montant": "1000.50", "ratio_cotisations_payees": Decimal("1.0")},
    {"annee": 2020, "montant": "1000.50", "ratio_cotisations_payees": "001"},  # "001" = 1 (the full reader)
])
def test_autres_ecritures_meme_resultat(autre_ecriture):
    assert portee_ij().calculer({**BASE, "chiffres_affaires": [autre_ecriture]}) == portee_ij().calculer(BASE)


def test_nombre_json_non_entier_refuse_avant_les_controles_d_ensemble():
    """A JSON number with a fraction (kept as its text by `lire_json`) passes msgspec as a string: the quick
    path leaves it to the full reader, which refuses the amount first, even when the case also breaks a check
    of the fields together (here the activity starts after the arrêt)."""
    cas = lire_json('{"categorie": "LiberalSSI", "date_debut_activite": "2021-03-01", "date_arret": "2021-02-01",'
                    ' "duree_arret": 5, "chiffres_affaires": [{"annee": 2020, "montant": 1000.5}]}')
    with pytest.raises(EntreeInvalide) as refus:
        portee_ij().calculer(cas)
    assert str(refus.value) == (f"chiffres_affaires[0].montant : attendu {_MONTANT} (un nombre non entier s'écrit "
                                'en chaîne : "1000.5"), reçu 1000.5')


def test_identifiant_non_entier_refuse():
    with pytest.raises(EntreeInvalide, match="^id : attendu un identifiant de cas"):
        portee_ij().calculer({**BASE, "id": lire_json("1.5")})

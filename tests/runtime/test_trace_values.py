"""The one renderer of trace values (catalapy/runtime/trace_values.py) in its two styles: JSON (`explication`,
defaults of the JSON Schemas) and French words (the reasoning); functions are marked by the trace itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from catalapy.runtime import ABSENT, Duration, Money, Present
from catalapy.runtime.trace import Trace
from catalapy.runtime.trace_values import FunctionValue
from secu_independants.ecriture import valeur
from secu_independants.explication import valeur_json


@dataclass(frozen=True)
class _Revenu:
    annee: int
    montant: Money


def _revenu_de(annee: int) -> Money:
    return Money(100 * annee)


def test_a_function_is_marked_where_the_trace_records_it():
    trace = Trace()
    trace.enter("S")
    trace.record("S", "revenu_de", _revenu_de, ())
    trace.record("S", "revenu_de_bis", _revenu_de, ())
    trace.record("S", "autre", lambda annee: annee, ())
    trace.leave()
    premiere, seconde, autre = (e.value for e in trace.calls[0].entries())
    assert isinstance(premiere, FunctionValue) and premiere == seconde  # the same function passed on
    assert premiere != autre
    assert valeur_json(premiere) == "fonction"
    assert valeur(premiere) == "règle appliquée à chaque valeur"


def test_money_is_told_from_integers_by_the_declared_type_down_to_structure_fields():
    revenus = (_Revenu(2019, Money(3504000)), _Revenu(2020, Money(0)))
    # 3 504 000 cents = 35 040,00 € (public case P1's 2019 turnover), written with two decimals in JSON
    assert valeur_json(revenus) == [{"annee": 2019, "montant": "35040.00"}, {"annee": 2020, "montant": "0.00"}]
    assert valeur(revenus) == "annee 2019, montant 35 040 € ; annee 2020, montant 0 €"
    assert valeur_json(952650, argent=True) == "9526.50" and valeur_json(952650) == 952650
    assert valeur(Present(143022), argent=True) == "1 430,22 €"


def test_leaves_in_both_styles():
    assert valeur_json([Fraction(71, 100), Fraction(1, 3), date(2021, 7, 1), ABSENT, None, True]) == \
        ["0.71", "1/3", "2021-07-01", None, None, True]
    assert valeur_json(Duration(1, 2, 3)) == {"annees": 1, "mois": 2, "jours": 3}
    assert [valeur(v) for v in (Fraction(71, 100), date(2021, 7, 1), ABSENT, None, False, Duration(0, 0, 3), ())] == \
        ["0,71", "1er juillet 2021", "aucune valeur", "—", "non", "3 jours", "aucun"]


def test_the_schema_defaults_go_through_the_same_renderer():
    from secu_independants.schemas import schema

    champ = schema("ij")["definitions"]["ChiffreAffairesAnnuel"]["properties"]["ratio_cotisations_payees"]
    assert champ["default"] == "1"  # Fraction(1): a decimal written as a string, as on input

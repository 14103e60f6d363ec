"""The one renderer of trace values (catalapy/runtime/trace_values.py) in its two styles: JSON (`explication`,
defaults of the JSON Schemas) and French words (the reasoning); a function is written as one wherever it sits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from catalapy.runtime import ABSENT, Duration, Money, Present
from catalapy.runtime.trace import Trace, scope_variables
from secu_independants.ecriture import valeur
from secu_independants.explication import valeur_json


@dataclass(frozen=True)
class _Revenu:
    annee: int
    montant: Money


def _revenu_de(annee: int) -> Money:
    return Money(100 * annee)


def test_a_function_is_written_as_one_wherever_the_trace_holds_it():
    trace = Trace()
    trace.enter("S")
    trace.record("S", "revenu_de", _revenu_de, ())
    trace.record("S", "revenu_de_bis", _revenu_de, ())
    trace.record("S", "autre", lambda annee: annee, ())
    trace.leave()
    premiere, seconde, autre = (e.value for e in scope_variables(trace.calls[0]))
    assert premiere == seconde  # the same function passed on
    assert premiere != autre
    assert valeur_json(premiere) == "fonction"
    assert valeur(premiere) == "règle appliquée à chaque valeur"
    assert valeur_json((_revenu_de,)) == ["fonction"]


BAREME = """> Module Essai

# Essai

```catala
déclaration structure Bareme:
  donnée seuil contenu entier
  donnée taux contenu décimal dépend de annee contenu entier

déclaration champ d'application Calcul:
  entrée annee contenu entier
  interne taux_de contenu décimal dépend de a contenu entier
  interne bareme contenu Bareme
  résultat taux contenu décimal

champ d'application Calcul:
  définition taux_de de a égal à si a > 2020 alors 0,5 sinon 0,25
  définition bareme égal à Bareme { -- seuil: 3 -- taux: taux_de }
  définition taux égal à bareme.taux de annee
```
"""


def test_a_function_in_a_structure_is_written_as_a_function(tmp_path, monkeypatch):
    """A structure holding a function (`Bareme.taux`): its field is written as a function in both styles, as a
    function-valued variable is, never as a Python repr (`<function … at 0x…>`, a new text at each run)."""
    from catalapy import driver
    from secu_independants.explication import collecter
    from secu_independants.raisonnement import raisonnement

    (tmp_path / "essai.catala_fr").write_text(BAREME, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    module = driver.import_program(driver.load_program("essai.catala_fr"))
    trace = Trace()
    module.calcul(module.CalculIn(annee=2021), trace=trace)
    bareme = next(e.value for e in scope_variables(trace.calls[0]) if e.info["name"] == "bareme")
    assert valeur_json(bareme) == {"seuil": 3, "taux": "fonction"}
    assert valeur(bareme) == "seuil 3, taux règle appliquée à chaque valeur"
    (taux,) = raisonnement(collecter(trace, module), ["taux"], module)
    assert taux["valeur"] == "0,50"  # 2021 > 2020: 0,5
    assert [e["valeur"] for e in taux["enfants"]] == ["seuil 3, taux règle appliquée à chaque valeur"]


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


def test_money_follows_the_declared_type_or_the_flag():
    """Given the declared type, an int is money exactly where the type says `Money` (the reference's JSON of
    `--trace-format json`: `($5.00, 7)` is ["5.00", "7"], `Present $2.50` is {"Present": "2.50"}); given only
    the flag « the type holds money » (the product's readers), every int in the value is cents."""
    import typing

    from catalapy.runtime.trace_format import _REFERENCE_JSON
    from catalapy.runtime.trace_values import render_value
    from catalapy.runtime.values import Option

    assert render_value((500, 7), tuple[Money, int], _REFERENCE_JSON) == ["5.00", "7"]
    assert render_value((500, 7), typing.Any, _REFERENCE_JSON) == ["500", "7"]
    assert render_value(Present(250), Option[Money], _REFERENCE_JSON) == {"Present": "2.50"}
    assert render_value((Present(250), ABSENT), tuple[Option[Money], ...], _REFERENCE_JSON) == [
        {"Present": "2.50"}, "Absent"]
    assert render_value(_Revenu(2020, 952650), _Revenu, _REFERENCE_JSON) == {"annee": "2020", "montant": "9526.50"}
    assert valeur_json((500, 7), argent=True) == ["5.00", "0.07"]  # the flag: both ints are cents
    assert valeur_json(_Revenu(2020, 952650)) == {"annee": 2020, "montant": "9526.50"}  # field types, as before

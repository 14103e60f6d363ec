"""The variable tables the compiler emits (`VARIABLES_<SCOPE>`, `rt.VariableInfo`) and the `--explain` trail
built from them (types and dependencies come from the compiler, not from the policy text)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from catalapy import driver
from catalapy.runtime import Money, Option, Trace, VariableInfo
from catalapy.runtime.position import SourcePosition
from secu_independants import calculer_ij
from secu_independants.explication import collecter, contient_argent, explication, tables_des_portees

ROOT = Path(__file__).resolve().parents[2]
THIN_PATH = ROOT / "tests" / "compiler" / "golden" / "thin_path" / "thin_path.catala_fr"


def _cas(nom: str) -> dict:
    return json.loads((ROOT / "examples" / f"{nom}.json").read_text(encoding="utf-8"))


def test_reads_of_picks_the_rules_applied():
    a, b = SourcePosition("f", 1, 1, 1, 2), SourcePosition("f", 2, 1, 2, 2)
    info = VariableInfo(Money, ("x", "y", "z"), ((a, ("x",)), (b, ("y", "z"))))
    assert info.reads_of((b,)) == ("y", "z")
    assert info.reads_of((a, b)) == ("x", "y", "z")
    assert info.reads_of(()) == ("x", "y", "z")  # no rule applied: every condition was read
    assert VariableInfo(int, ("x",)).reads_of((a,)) == ("x",)  # a single rule: no per-rule table


def test_money_is_told_from_integers_by_the_type():
    assert contient_argent(Money) and contient_argent(tuple[Money, ...]) and contient_argent(Option[Money])
    assert not contient_argent(int) and not contient_argent(tuple[int, ...]) and not contient_argent(bool)


def test_table_of_a_compiled_program():
    """thin_path: `montant` = 100 € unless `éligible`, then (selon situation) m + calc.double."""
    module = driver.import_program(driver.load_program(str(THIN_PATH)))
    table = module.VARIABLES_OF_SCOPES["Exemple"]
    assert table is module.VARIABLES_EXEMPLE
    montant = table["montant"]
    assert montant.type is Money
    assert montant.reads == ("éligible", "situation", "calc.double")
    assert sorted(reads for _, reads in montant.rules) == [(), ("éligible", "situation", "calc.double")]
    assert table["taux"].type is not Money and table["taux"].reads == ()
    assert table["calc.base"] == VariableInfo(Money, ())  # the input the scope gives its sub-scope
    assert module.VARIABLES_OF_SCOPES["Calcul"]["double"].reads == ("base",)

    trace = Trace()
    module.exemple(module.ExempleIn(), trace=trace)
    rendu = explication(trace, ["montant"], tables_des_portees(module))
    # 12 € (EnCouple) + 10 € × 2 = 32 €; the exception applied, so its reads are the dependencies
    assert rendu["etapes"]["montant"]["valeur"] == "32.00"
    assert rendu["etapes"]["montant"]["dependances"] == ["éligible", "situation", "calc.double"]
    assert rendu["etapes"]["calc.double"]["dependances"] == ["calc.base"]
    assert rendu["sorties"]["montant"]["fondement"][:4] == ["éligible", "personne", "situation", "calc.double"]


def test_generated_tables_of_the_policy():
    from secu_independants.regles import indemnites_journalieres as ij

    calcul = ij.VARIABLES_OF_SCOPES["CalculIndemnitesJournalieres"]
    # the same name, two types: decimal in RevenuAnnuelMoyen, money in CalculIndemnitesJournalieres
    assert calcul["revenu_annuel_moyen"].type is Money
    assert ij.VARIABLES_OF_SCOPES["RevenuAnnuelMoyen"]["revenu_annuel_moyen"].type is not Money
    # policy: base rule `montant_journalier_independant`; exception `sous condition salarie` →
    # indemnite_salarie.montant_journalier; exception `sous condition temps_partiel_therapeutique et (non
    # salarie)` → montant_journalier_temps_partiel (D622-10); exception `sous condition non eligible` → 0 €
    assert sorted(r for _, r in calcul["montant_journalier"].rules) == [
        ("eligible",), ("montant_journalier_independant",), ("salarie", "indemnite_salarie.montant_journalier"),
        ("temps_partiel_therapeutique", "salarie", "montant_journalier_temps_partiel")]
    assert calcul["revenu.date_arret"].reads == ("date_arret_reference",)  # the initial arrêt of a prolongation


def test_trail_follows_the_rule_applied():
    """P1 (not salaried): montant_journalier comes from the base rule; P12 (salaried): from the exception
    `sous condition salarie`, so the régime général amount is on its trail and not on P1's."""
    p1 = calculer_ij(_cas("p1_achat_revente_2020"), expliquer=True)["explication"]
    p12 = calculer_ij(_cas("p12_salarie_2020"), expliquer=True)["explication"]
    assert p1["etapes"]["montant_journalier"]["dependances"] == ["montant_journalier_independant"]
    assert p12["etapes"]["montant_journalier"]["dependances"] == ["salarie", "indemnite_salarie.montant_journalier"]
    assert "indemnite_salarie.montant_journalier" not in p1["sorties"]["montant_journalier"]["fondement"]
    # money of the calling scope, decimal in the sub-scope (P12 declares no turnover: 0)
    assert p12["etapes"]["revenu_annuel_moyen"]["valeur"] == "0.00"
    assert p12["etapes"]["revenu.revenu_annuel_moyen"]["valeur"] == "0"


def test_conditions_and_sub_scope_inputs_are_dependencies():
    """The condition of a rule counts (`date_debut_activite + duree_minimale_affiliation > date_arret`, which
    the policy text of the consequence `rempli` does not show), and a sub-scope input depends on what the
    caller gives it (`définition revenu.date_arret égal à date_arret_reference`, the initial arrêt)."""
    p1 = calculer_ij(_cas("p1_achat_revente_2020"), expliquer=True)["explication"]
    assert p1["etapes"]["eligibilite.affiliation_insuffisante"]["dependances"] == [
        "eligibilite.date_debut_activite", "Parametres.duree_minimale_affiliation", "eligibilite.date_arret"]
    assert p1["constantes"]["Parametres.duree_minimale_affiliation"]["texte"] == "1 an"
    assert p1["etapes"]["revenu.date_arret"]["dependances"] == ["date_arret_reference"]
    assert "date_arret" in p1["sorties"]["montant_journalier"]["fondement"]


BAREME = """# Barème

## Plafond

```catala
déclaration fin_bareme contenu date égal à |2022-01-01|

déclaration champ d'application Plafond:
  entrée date_reference contenu date
  résultat montant contenu argent

champ d'application Plafond:
  définition montant sous condition date_reference < |2021-01-01| conséquence égal à 100 €
  définition montant sous condition date_reference >= |2021-01-01| et date_reference < fin_bareme
    conséquence égal à 120 €

déclaration champ d'application Aide:
  entrée date_demande contenu date
  plafond champ d'application Plafond
  résultat aide contenu argent

champ d'application Aide:
  définition plafond.date_reference égal à date_demande
  définition aide égal à plafond.montant / 2
```
"""


def test_a_parameter_read_is_a_call_of_a_table_of_dated_values(tmp_path):
    """A scope whose one input is a date and whose rules are dated is a parameter table (the compiler emits its
    DATED_DEFINITIONS): its call is listed in `parametres`, whatever the name of its file."""
    (tmp_path / "bareme.catala_fr").write_text(BAREME, encoding="utf-8")
    ici = os.getcwd()
    os.chdir(tmp_path)
    try:
        module = driver.import_program(driver.load_program("bareme.catala_fr"))
    finally:
        os.chdir(ici)
    # the second rule ends the day before the constant fin_bareme
    assert sorted(module.RULE_PERIODS.values(), key=str) == [
        (None, date(2020, 12, 31)), (date(2021, 1, 1), date(2021, 12, 31))]
    assert [valeur for _, _, valeur in module.DATED_DEFINITIONS[("Plafond", "montant")]] == [10000, 12000]
    assert "Aide" not in {portee for portee, _ in module.DATED_DEFINITIONS}  # no rule of Aide compares its date with a date
    trace = Trace()
    module.aide(module.AideIn(date_demande=date(2021, 6, 1)), trace=trace)
    rendu = explication(trace, ["aide"], collecte=collecter(trace, module))
    (parametre,) = rendu["parametres"]
    # 120 € in 2021; the aid is half of it: 60 €
    assert (parametre["portee"], parametre["valeur"], parametre["date_effet"]) == ("Plafond", {"montant": "120.00"},
                                                                                    "2021-06-01")
    assert rendu["sorties"]["aide"]["valeur"] == "60.00"

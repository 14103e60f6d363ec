"""What the compiler emits for explanations (catalapy/backend/metadata.py: `LAW_HEADINGS`, `CONSTANTS`) and
the reasoning built from it, on a policy written for the test with headings of its own (an article
identifier, a `Droit :` paragraph): the product works from whatever headings the policy has."""

from __future__ import annotations

import os
from datetime import date
from fractions import Fraction

from catalapy import driver
from catalapy.runtime import Trace
from secu_independants.explication import collecter
from secu_independants.raisonnement import raisonnement, texte_raisonnement

POLICE = """> Module Essai

# Essai d'indemnité

## Article D622-7 | LEGIARTI000043651409

Passage du guide :

*« une citation du guide »*

Droit : article D622-7 I du CSS : l'indemnité est égale à 1/730 du revenu
annuel moyen.

```catala
déclaration diviseur contenu décimal  # libellé : diviseur de l'indemnité
  égal à 730,0

déclaration date_reforme contenu date égal à |2021-07-01|

déclaration champ d'application Indemnite:
  entrée revenu contenu argent  # libellé : revenu annuel moyen
  résultat montant contenu argent
  résultat apres_reforme contenu booléen

champ d'application Indemnite:
  définition montant égal à revenu / diviseur
```

## Données sans article

Un paragraphe qui n'énonce pas le droit.

```catala
champ d'application Indemnite:
  définition apres_reforme égal à |2021-07-05| >= date_reforme
```
"""


def _module(tmp_path, police: str = POLICE):
    fichier = tmp_path / "essai.catala_fr"
    fichier.write_text(police, encoding="utf-8")
    ici = os.getcwd()
    os.chdir(tmp_path)  # positions are relative to the working directory, as `make generate` writes them
    try:
        return driver.import_program(driver.load_program("essai.catala_fr"))
    finally:
        os.chdir(ici)


def test_headings_and_constants_are_emitted(tmp_path):
    module = _module(tmp_path)
    titres = {t.title: t for t in module.LAW_HEADINGS}
    article = titres["Article D622-7"]
    assert (article.level, article.article_id, article.file, article.line) == (
        2, "LEGIARTI000043651409", "essai.catala_fr", 5)
    # the Droit paragraph, joined over its lines, without its prefix; not the guide's quotation
    assert article.statement == "article D622-7 I du CSS : l'indemnité est égale à 1/730 du revenu annuel moyen."
    assert titres["Données sans article"].statement is None
    assert titres["Essai d'indemnité"].article_id is None
    diviseur = module.CONSTANTS["diviseur"]
    assert diviseur.text == "730,0"
    assert (diviseur.position.file, diviseur.position.start_line) == ("essai.catala_fr", 15)
    assert diviseur.position.law_headings[-1] == "Article D622-7"
    assert module.CONSTANTS["date_reforme"].text == "|2021-07-01|"


def test_constants_carry_their_value(tmp_path):
    module = _module(tmp_path)
    # `égal à 730,0` and `égal à |2021-07-01|` in POLICE above
    assert module.CONSTANTS["diviseur"].value == Fraction(730)
    assert module.CONSTANTS["date_reforme"].value == date(2021, 7, 1)


def test_labels_come_from_the_declaration_lines(tmp_path):
    module = _module(tmp_path)
    assert module.LABELS == {"Indemnite": {"revenu": "revenu annuel moyen"},
                             "Essai": {"diviseur": "diviseur de l'indemnité"}}


def test_reasoning_cites_the_article_page_of_a_legiarti_heading(tmp_path):
    module = _module(tmp_path)
    trace = Trace()
    module.indemnite(module.IndemniteIn(revenu=952650), trace=trace)  # 9 526,50 € in cents
    arbre = raisonnement(collecter(trace, module), ["montant", "apres_reforme"], module)
    montant = next(n for n in arbre if n["variable"] == "montant")
    assert montant["valeur"] == "13,05 €"  # 9 526,50 / 730 = 13,05
    assert montant["article"] == "D622-7" and montant["article_id"] == "LEGIARTI000043651409"
    assert montant["legifrance"] == "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000043651409"
    assert montant["enonce"].startswith("article D622-7 I du CSS")
    assert montant["position"] == "essai.catala_fr:26"
    # the label written on the declaration line; `montant` has none: its name stands for it
    assert montant["donnees"] == [{"variable": "revenu", "libelle": "revenu annuel moyen", "valeur": "9 526,50 €"}]
    assert montant["libelle"] == "montant"
    assert montant["constantes"][0]["nom"] == "diviseur de l'indemnité"
    assert montant["constantes"][0]["valeur"] == "730"  # `730,0` written from its value, as the site writes it
    reforme = next(n for n in arbre if n["variable"] == "apres_reforme")
    assert reforme["constantes"][0]["valeur"] == "1er juillet 2021"  # `|2021-07-01|` as the law writes it
    assert reforme["article"] is None and reforme["legifrance"] is None
    assert "montant : 13,05 € — Article D622-7 [art. D622-7, essai.catala_fr:26]" in texte_raisonnement(arbre)


def test_dated_rules_carry_their_period():
    """`RULE_PERIODS` of the parameters: the PASS of 2020 (`annee = 2020`) covers the calendar year; the SMIC of
    2013 (`date_reference >= |2013-01-01| et date_reference < |2014-01-01|`) ends the day before 2014."""
    from datetime import date

    from secu_independants.regles import parametres

    periodes = {(p.start_line, p.start_column): v for p, v in parametres.RULE_PERIODS.items()}
    pass_2020 = next(p for p in parametres.RULE_PERIODS if p.law_headings[-1].endswith("pour 2020")
                     and "plafond" in p.law_headings[-1])
    assert parametres.RULE_PERIODS[pass_2020] == (date(2020, 1, 1), date(2020, 12, 31))
    smic_2013 = [v for p, v in parametres.RULE_PERIODS.items() if v[0] == date(2013, 1, 1)
                 and "Salaire minimum" in " ".join(p.law_headings)]
    assert smic_2013 == [(date(2013, 1, 1), date(2013, 12, 31))]
    assert all(debut is None or fin is None or debut <= fin for debut, fin in periodes.values())


def test_a_dated_parameter_gives_the_period_of_its_rule():
    """P12 (domain README §4): the SMIC read at 2020-09-30 is the one of 2020, valid for the calendar year
    2020 (décret n° 2019-1387, next revaluation on 1 January 2021), not just "at" that date."""
    import json
    from pathlib import Path

    from secu_independants import calculer_ij

    cas = json.loads((Path(__file__).resolve().parents[2] / "examples" / "p12_salarie_2020.json").read_text("utf-8"))
    arbre = calculer_ij(cas, expliquer=True)["raisonnement"]

    def tous(noeuds):
        for n in noeuds:
            yield n
            yield from tous(n.get("enfants", []))

    smic = [p for n in tous(arbre) for p in n.get("parametres", []) if "salaire minimum" in p["nom"]]
    assert smic and smic[0]["periode"] == "du 1er janvier 2020 au 31 décembre 2020"


CONSTANTES = """> Module Essai

# Constantes

```catala
déclaration taux_abattement contenu décimal égal à 71%
déclaration duree_ald contenu durée égal à 3 an
déclaration smic contenu argent égal à 1 430,22 €
déclaration double_smic contenu argent égal à smic * 2,0

déclaration champ d'application Calcul:
  entrée revenu contenu argent
  résultat abattu contenu argent
  résultat plafond contenu argent
  résultat fin contenu date

champ d'application Calcul:
  définition abattu égal à revenu * (1,0 - taux_abattement)
  définition plafond égal à double_smic
  définition fin égal à |2020-01-01| + duree_ald
```
"""


def test_reasoning_writes_constants_from_their_value_as_the_site_does(tmp_path):
    """One writing of a legal value in the product: the explanation writes a constant from the value the
    compiler emitted (`ecriture.constante`, as the site's « Paramètres » page), not from its source text
    (`3 an` would stay `3 an`, `smic * 2,0` would be shown as code)."""
    module = _module(tmp_path, CONSTANTES)
    trace = Trace()
    module.calcul(module.CalculIn(revenu=1000000), trace=trace)  # 10 000 € in cents
    arbre = raisonnement(collecter(trace, module), ["abattu", "plafond", "fin"], module)
    constantes = {c["variable"]: c["valeur"] for n in arbre for c in n.get("constantes", [])}
    assert constantes == {
        "Essai.taux_abattement": "71 %",  # a rate written as a percentage stays one
        "Essai.double_smic": "2 860,44 €",  # 1 430,22 × 2 = 2 860,44 (money: cents as euros)
        "Essai.duree_ald": "3 ans",
    }

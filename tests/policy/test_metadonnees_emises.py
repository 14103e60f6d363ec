"""What the compiler emits for explanations (catalapy/backend/metadata.py: `LAW_HEADINGS`, `CONSTANTS`) and
the reasoning built from it, on a policy written for the test with headings of its own (an article
identifier, a `Droit :` paragraph): the product works from whatever headings the policy has."""

from __future__ import annotations

import os

from catalapy import driver
from catalapy.runtime import Trace
from secu_independants.explication import collecter
from secu_independants.raisonnement import raisonnement, texte

POLICE = """> Module Essai

# Essai d'indemnité

## Article D622-7 | LEGIARTI000043651409

Passage du guide :

*« une citation du guide »*

Droit : article D622-7 I du CSS : l'indemnité est égale à 1/730 du revenu
annuel moyen.

```catala
déclaration diviseur contenu décimal
  égal à 730,0

déclaration date_reforme contenu date égal à |2021-07-01|

déclaration champ d'application Indemnite:
  entrée revenu contenu argent
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


def _module(tmp_path):
    fichier = tmp_path / "essai.catala_fr"
    fichier.write_text(POLICE, encoding="utf-8")
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
    assert montant["donnees"] == [{"variable": "revenu", "libelle": "revenu", "valeur": "9 526,50 €"}]
    assert montant["constantes"][0]["valeur"] == "730,0"
    reforme = next(n for n in arbre if n["variable"] == "apres_reforme")
    assert reforme["constantes"][0]["valeur"] == "1er juillet 2021"  # `|2021-07-01|` as the law writes it
    assert reforme["article"] is None and reforme["legifrance"] is None
    assert "montant : 13,05 € — Article D622-7 [art. D622-7, essai.catala_fr:26]" in texte({"raisonnement": arbre})

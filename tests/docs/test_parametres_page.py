"""docs/sitegen/parametres.py: the dated values of a parameters file, their periods and sources, as the
compiler emits them (DATED_DEFINITIONS, RULE_PERIODS, CONSTANTS, LAW_HEADINGS of the generated module)."""

import datetime
import importlib
import os
from pathlib import Path

import pytest

from catalapy import driver
from sitegen.parametres import (ParametresError, dated_values, describe_period, render_parametres_page,
                                require_dated_values)

D = datetime.date
ROOT = Path(__file__).resolve().parents[2]

SOURCE = """> Module Essai_parametres

# Paramètres

## Plafond annuel de la sécurité sociale

```catala-metadata
déclaration champ d'application Plafond:
  entrée annee contenu entier
  résultat montant contenu argent
```

### Arrêté du 2 décembre 2019 | JORFTEXT000039457383

```catala
champ d'application Plafond:
  définition montant sous condition annee = 2020 conséquence égal à 41 136 €
```

## SMIC

```catala-metadata
déclaration champ d'application Smic:
  entrée date_reference contenu date
  résultat montant contenu optionnel de argent
```

```catala
champ d'application Smic:
  étiquette defaut définition montant égal à Absent
  # la période est fermée à droite : < 2021-10-01 veut dire jusqu'au 30 septembre
  exception defaut définition montant
    sous condition date_reference >= |2021-01-01| et
      date_reference < |2021-10-01|
    conséquence égal
      à Présent contenu 1 554,58 €
  exception defaut définition montant
    sous condition |2021-10-01| <= date_reference
    conséquence égal à Présent contenu 1 589,47 €
```

### Décret n° 2017-612

```catala
déclaration carence_trois_jours contenu entier
  égal à 3

déclaration prorata contenu argent
  dépend de m contenu argent
  égal à m * 2
```
"""


def _compile(tmp_path_factory, source: str):
    dossier = tmp_path_factory.mktemp("parametres")
    (dossier / "policy").mkdir()
    (dossier / "policy" / "essai_parametres.catala_fr").write_text(source, encoding="utf-8")
    ici = os.getcwd()
    os.chdir(dossier)  # positions relative to the working directory, as `make generate` writes them
    try:
        return driver.import_program(driver.load_program("policy/essai_parametres.catala_fr"))
    finally:
        os.chdir(ici)


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    return _compile(tmp_path_factory, SOURCE)


@pytest.fixture
def values(module):
    return lambda: require_dated_values(module)


def test_year_condition_is_the_calendar_year(values) -> None:
    plafond = [v for v in values() if v.scope == "Plafond"]
    assert [(v.variable, v.value, v.start, v.end) for v in plafond] == [
        ("montant", "41 136 €", D(2020, 1, 1), D(2020, 12, 31))]
    assert plafond[0].source == "Arrêté du 2 décembre 2019"
    assert plafond[0].line == 17  # the line of its consequence (`> Module` and a blank line come first)


def test_date_conditions_give_inclusive_periods(values) -> None:
    smic = [v for v in values() if v.scope == "Smic"]
    # the default, then [2021-01-01, 2021-10-01) = 1 Jan → 30 Sep, then from 1 Oct 2021 on
    assert [(v.value, v.start, v.end) for v in smic] == [
        ("Absent", None, None),
        ("Présent contenu 1 554,58 €", D(2021, 1, 1), D(2021, 9, 30)),
        ("Présent contenu 1 589,47 €", D(2021, 10, 1), None),
    ]
    assert smic[1].source == "SMIC"


def test_constants_are_kept_and_functions_left_out(values) -> None:
    constants = [(v.variable, v.type, v.value, v.source) for v in values() if v.scope is None]
    assert constants == [("carence_trois_jours", "entier", "3", "Décret n° 2017-612")]


CONSTANTES = """> Module Essai_parametres

# Constantes

```catala
déclaration taux_abattement contenu décimal égal à 71%
déclaration diviseur contenu décimal égal à 730,0
déclaration duree_ald contenu durée égal à 3 an
déclaration smic contenu argent égal à 1 430,22 €
déclaration double_smic contenu argent égal à smic * 2,0
déclaration reforme contenu date égal à |2021-07-01|
```
"""


def test_constants_are_written_from_their_value(tmp_path_factory) -> None:
    module = _compile(tmp_path_factory, CONSTANTES)
    written = {v.variable: v.written for v in dated_values(module) if v.scope is None}
    assert written == {
        "taux_abattement": "71 %",  # a rate the source writes as a percentage stays one
        "diviseur": "730",
        "duree_ald": "3 ans",  # not the source's `3 an`
        "smic": "1 430,22 €",  # money: cents written as euros
        "double_smic": "2 860,44 €",  # computed: 1 430,22 × 2 = 2 860,44
        "reforme": "1er juillet 2021",
    }


def test_nothing_dated_fails_loudly(tmp_path_factory) -> None:
    sans_date = _compile(tmp_path_factory, "> Module Essai_parametres\n\n# T\n\n```catala\ndéclaration x contenu entier égal à 1\n```\n")
    with pytest.raises(ParametresError, match="no dated value"):
        require_dated_values(sans_date)


def test_periods_in_french() -> None:
    assert describe_period(D(2020, 1, 1), D(2020, 12, 31)) == "du 1er janvier 2020 au 31 décembre 2020"
    assert describe_period(D(2021, 10, 1), None) == "à partir du 1er octobre 2021"
    assert describe_period(None, D(2019, 5, 29)) == "jusqu'au 29 mai 2019"


def test_page_links_each_value_to_its_source_article(values) -> None:
    page = render_parametres_page(values(), "policy/parametres.catala_fr", "regles/parametres.md")
    assert ("| 41 136 € | du 1er janvier 2020 au 31 décembre 2020 | "
            "[Arrêté du 2 décembre 2019](regles/parametres.md#JORFTEXT000039457383) | "
            "[`policy/parametres.catala_fr:17`](regles/parametres.md#L-17) |") in page
    # optional values and dates as the law writes them, not as Catala code
    assert "| aucune valeur | dans les autres cas | [SMIC](regles/parametres.md#L-30) |" in page
    assert "| 1 554,58 € | du 1er janvier 2021 au 30 septembre 2021 |" in page
    assert "Présent contenu" not in page and "`Absent`" not in page
    assert "| `carence_trois_jours` | entier | 3 |" in page


def test_the_real_parameters_file_gives_the_pass_of_2020() -> None:
    found = require_dated_values(importlib.import_module("generated.parametres"))
    # PASS 2020 = 41 136 € (arrêté du 2 décembre 2019; domain reference §2), in force for the calendar year
    pass_2020 = [v for v in found if v.value == "41 136 €" and v.start == D(2020, 1, 1)]
    assert len(pass_2020) == 1 and pass_2020[0].end == D(2020, 12, 31)

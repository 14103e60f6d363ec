"""Generated modules are `mypy --strict` clean (ARCHITECTURE.md) also where a context input's own rules may give
no value: its parameter then holds rt.EMPTY (checked at each read) or, when no value is an error or `faux`,
the rules go to a local of their own type first — unless they are an `if`/`elif` chain or a table lookup, which
never assign rt.EMPTY: those assign the parameter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from catalapy import driver
from catalapy.runtime import Conflict, NoValue

from generated_source import function_source

RACINE = Path(__file__).resolve().parents[2]

PROGRAMME = """# Entrées de contexte

```catala
déclaration champ d'application Lue:
  entrée n contenu entier
  contexte c contenu entier
  résultat r contenu entier

champ d'application Lue:
  définition c sous condition n > 0 conséquence égal à 1
  définition c sous condition n < 0 conséquence égal à 2
  définition r égal à c + 1

déclaration champ d'application Exigee:
  entrée n contenu entier
  contexte e contenu entier
  contexte résultat f contenu entier
  résultat t contenu entier

champ d'application Exigee:
  définition e sous condition n > 0 conséquence égal à 1
  définition e sous condition n > 1 conséquence égal à 2
  définition f sous condition n > 0 conséquence égal à 10
  définition f sous condition n > 1 conséquence égal à 20
  définition t égal à e + f

déclaration champ d'application Condition:
  entrée n contenu entier
  contexte g condition
  résultat u contenu booléen

champ d'application Condition:
  étiquette base règle g sous condition n > 0 conséquence rempli
  exception base règle g sous condition n > 5 conséquence non rempli
  exception base règle g sous condition n > 7 conséquence rempli
  définition u égal à g

déclaration champ d'application Chaine:
  entrée n contenu entier
  contexte résultat h contenu entier
  contexte résultat k condition
  contexte résultat a contenu argent

champ d'application Chaine:
  définition h sous condition n > 0 conséquence égal à 1
  définition h sous condition n < 0 conséquence égal à 2
  règle k sous condition n > 3 conséquence rempli
  définition a sous condition n = 2017 conséquence égal à 1 €
  définition a sous condition n = 2018 conséquence égal à 2 €
  définition a sous condition n = 2019 conséquence égal à 3 €
  définition a sous condition n = 2020 conséquence égal à 4 €
```
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    dossier = tmp_path_factory.mktemp("contexte")
    fichier = dossier / "contexte.catala_fr"
    fichier.write_text(PROGRAMME, encoding="utf-8")
    return fichier


def test_context_inputs_with_conditional_rules_type_check(source: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is pinned in the extra [dev] (make install)")
    module = source.with_suffix(".py")
    compilation = subprocess.run([sys.executable, "-m", "catalapy", "python", str(source), "-o", str(module)],
                                 cwd=RACINE, capture_output=True, text=True)
    assert compilation.returncode == 0, compilation.stderr
    execution = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                                "--no-incremental", str(module)], cwd=RACINE, capture_output=True, text=True)
    assert execution.returncode == 0, execution.stdout + execution.stderr


def test_the_same_rules_run(source: Path) -> None:
    m = driver.import_program(driver.load_program(str(source)))
    assert m.lue(m.LueIn(n=5)).r == 1 + 1  # c = 1 (n > 0)
    assert m.lue(m.LueIn(n=0, c=7)).r == 7 + 1  # given by the caller
    with pytest.raises(NoValue):  # n = 0: no rule of c applies, and r reads it
        m.lue(m.LueIn(n=0))
    assert m.exigee(m.ExigeeIn(n=1)).t == 1 + 10  # only the first rules (n > 0) apply
    with pytest.raises(NoValue):  # f is an output: no value for it is an error
        m.exigee(m.ExigeeIn(n=0, e=3))
    assert m.condition(m.ConditionIn(n=0)).u is False  # no rule: a condition is false
    assert m.condition(m.ConditionIn(n=1)).u is True  # the base rule, no exception (1 ≤ 5)
    assert m.condition(m.ConditionIn(n=6)).u is False  # the first exception only (5 < 6 ≤ 7)
    assert m.exigee(m.ExigeeIn(n=1)).f == 10  # only f's first rule (n > 0) applies
    with pytest.raises(Conflict):  # n = 2: both rules of f apply
        m.exigee(m.ExigeeIn(n=2, e=3))
    # a and h are outputs: each call computes both (one given when the other is tested)
    assert m.chaine(m.ChaineIn(n=5, a=0)).h == 1  # n > 0
    assert m.chaine(m.ChaineIn(n=-5, a=0)).h == 2  # n < 0
    with pytest.raises(NoValue):  # n = 0: neither n > 0 nor n < 0
        m.chaine(m.ChaineIn(n=0, a=0))
    assert m.chaine(m.ChaineIn(n=2018)).a == 200  # 2 € in cents (and h = 1: 2018 > 0)
    with pytest.raises(NoValue):  # 2016: no year of the table
        m.chaine(m.ChaineIn(n=2016, h=0))
    assert (m.chaine(m.ChaineIn(n=4, a=0)).k, m.chaine(m.ChaineIn(n=3, a=0)).k) == (True, False)  # n > 3
    assert m.chaine(m.ChaineIn(n=-1, h=7, a=5)).h == 7  # given by the caller


def test_a_local_for_the_rules_only_where_they_may_assign_rt_empty(source: Path) -> None:
    python, = driver.emit_python(driver.load_program(str(source))).values()
    for function in ("_chaine", "_chaine_traced"):
        body = function_source(python, function)
        # an if/elif chain whose `else` raises, a condition's one rule, a table: the parameter is assigned
        assert "_rules" not in body, body
        assert "h = 1" in body.replace(", _h_pos", "") and "k = (n > 3)" in python
    # a conflict check assigns rt.EMPTY when no rule applies, before the check of what no value turns into
    assert "_f_rules = rt.EMPTY" in function_source(python, "_exigee")

"""Generated modules are `mypy --strict` clean (ARCHITECTURE.md) also where a context input's own rules may give
no value: its parameter then holds rt.EMPTY (checked at each read) or, when no value is an error or `faux`,
the rules go to a local of their own type first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from catalapy import driver
from catalapy.runtime import NoValue

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

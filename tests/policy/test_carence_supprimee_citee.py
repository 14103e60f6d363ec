"""Which rule `--explain` cites for `carence_supprimee` when several of its five `rempli` rules hold.

The five rules share one consequence (`rempli`): the reference folds them into one nest whose innermost
default is the rule written last (dcalc/from_scopelang.ml `collapse_similar_outcomes`, lines 138-204) and
evaluates the innermost first, returning its value without trying the others (shared_ast/interpreter.ml
lines 977-999). So the rule cited is the LAST written among those that hold (see
tests/compiler/test_rule_groups.py for the rule itself on small programs). The lines below are found in the
policy's text, by the condition each rule states.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from catalapy.runtime.trace import Trace, scope_variables
from secu_independants.regles import indemnites_journalieres as ij

POLICY = Path(__file__).resolve().parents[2] / "policy" / "indemnites_journalieres.catala_fr"


def consequence_line(condition: str) -> int:
    """The line of `conséquence rempli` of the rule of `carence_supprimee` whose condition starts with
    ``condition``."""
    lines = POLICY.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "règle carence_supprimee" and lines[i + 1].strip() == f"sous condition {condition}":
            (found,) = [j + 1 for j in range(i + 1, i + 6) if lines[j].strip() == "conséquence rempli"][:1]
            return found
    raise AssertionError(f"no rule of carence_supprimee under {condition!r}")


def cited(**situation) -> list[int]:
    entrees = dict(date_arret=datetime.date(2023, 3, 1), duree_arret=10, hospitalisation=False,
                   motif=ij.Motif.Maladie, ald=False, premier_arret_du_motif=True, salarie=False,
                   temps_partiel_therapeutique=False)
    entrees.update(situation)
    trace = Trace()
    ij.delai_carence(ij.DelaiCarenceIn(**entrees), trace=trace)
    (event,) = [e for e in scope_variables(trace.calls[0]) if e.info["name"] == "carence_supprimee"]
    assert event.value is True
    return [p.start_line for p in event.info["rules"]]


@pytest.mark.parametrize("situation, last_written", [
    # grossesse pathologique and temps partiel thérapeutique: the latter's rule is written last
    (dict(motif=ij.Motif.GrossessePathologique, temps_partiel_therapeutique=True), "temps_partiel_therapeutique"),
    # ALD (not the first arrêt) and grossesse pathologique: the grossesse rule is written after the ALD one
    (dict(motif=ij.Motif.GrossessePathologique, ald=True, premier_arret_du_motif=False),
     "motif sous forme GrossessePathologique"),
    # covid suspension (2020-03-24 to 2020-07-10) and ALD: the ALD rule is written after the covid one
    (dict(date_arret=datetime.date(2020, 4, 1), ald=True, premier_arret_du_motif=False),
     "ald et (non premier_arret_du_motif)"),
])
def test_the_last_written_rule_that_holds_is_cited(situation, last_written):
    assert cited(**situation) == [consequence_line(last_written)]


def test_a_single_reason_is_cited():
    # only the ALD rule holds (2023: no covid suspension; maladie; no temps partiel)
    assert cited(ald=True, premier_arret_du_motif=False) == [consequence_line("ald et (non premier_arret_du_motif)")]

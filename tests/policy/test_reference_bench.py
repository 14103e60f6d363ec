"""The hand-written IJ of bench/reference_ij.py reproduces the public cases (so the benchmark compares the
generated law with a correct implementation)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from secu_independants.entrees import lire_cas_ij

from .cas_publics import CAS_PUBLICS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from reference_ij import en_json, indemnites_journalieres_reference  # noqa: E402

CAS_IJ = [c for c in CAS_PUBLICS if c[1] == "ij"]


@pytest.mark.parametrize(("nom", "commande", "cas", "attendu"), CAS_IJ, ids=[c[0].split()[0] for c in CAS_IJ])
def test_reference_sur_cas_publics(nom, commande, cas, attendu):
    resultat = en_json(indemnites_journalieres_reference(lire_cas_ij(cas)))
    assert {cle: resultat[cle] for cle in attendu} == attendu

"""The binding of the interface to the generated scopes (secu_independants/liaison.py): the checked case is given
to the scope as it is when it holds what the scope takes (`passage`), and built into the generated input
dataclass otherwise (`constructeur`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Literal

import msgspec
import pytest

from catalapy.runtime.values import ABSENT, Present
from secu_independants.api import entree_ij, portee_ij, portee_rattachement
from secu_independants.entrees import ChiffreAffairesLu, lire_cas_ij
from secu_independants.liaison import constructeur, passage
from secu_independants.regles import indemnites_journalieres as ij
from secu_independants.regles import rattachement_cpam as rattachement

RACINE = Path(__file__).resolve().parents[2]

CAS = {
    "categorie": "LiberalCIPAV",
    "date_debut_activite": "2012-05-01",
    "chiffres_affaires": [{"annee": 2018, "montant": "32850"},
                          {"annee": 2019, "montant": 35040, "ratio_cotisations_payees": "0.75"}],
    "date_arret": "2020-10-05",
    "duree_arret": 20,
    "date_arret_initial": "2020-09-01",
    "id": "dossier-7",
}


def test_les_deux_portees_lisent_le_cas_verifie_tel_quel():
    assert portee_ij().passage_direct and portee_rattachement().passage_direct
    lu = portee_rattachement().lire({"date_debut_activite": "2019-01-01", "date_demande": "2020-01-27"})
    assert portee_rattachement().passage(lu) is lu  # nothing to rebuild: the case itself


def test_passage_ij_rebatit_seulement_la_liste_de_structures():
    lu = lire_cas_ij(CAS)
    passe = portee_ij().passage(lu)
    # the turnovers are now the generated dataclass, with the values read: "32850" € = 3 285 000 cents,
    # 35040 € = 3 504 000 cents, "0.75" = 3/4, the default ratio 1
    assert passe.chiffres_affaires == (ij.ChiffreAffairesAnnuel(2018, 3_285_000, Fraction(1)),
                                       ij.ChiffreAffairesAnnuel(2019, 3_504_000, Fraction(3, 4)))
    assert all(type(ca) is ij.ChiffreAffairesAnnuel for ca in passe.chiffres_affaires)
    # every other input is what the scope takes, untouched
    assert passe.categorie is ij.Categorie.LiberalCIPAV and passe.motif is ij.Motif.Maladie
    assert passe.date_arret_initial == Present(date(2020, 9, 1))
    assert passe.heures_salariees_trois_derniers_mois is ABSENT
    assert lu.chiffres_affaires[0].__class__ is ChiffreAffairesLu  # the checked case itself is not changed
    sans_ca = lire_cas_ij({**CAS, "chiffres_affaires": []})
    assert portee_ij().passage(sans_ca) is sans_ca


def test_passage_et_construction_donnent_le_meme_resultat():
    lu = lire_cas_ij(CAS)
    charge = portee_ij()
    assert charge.evaluer(charge.passage(lu)) == charge.evaluer(entree_ij(lu))


class _CasAncien(msgspec.Struct, frozen=True, kw_only=True):
    """The interface of before: constructor names as strings, `optionnel` inputs as `T | None`."""

    date_debut_activite: date
    residence: Literal["Metropole", "DOM", "Etranger"] = "Metropole"
    date_reception_courrier: date | None = None
    date_demande: date


@dataclass(frozen=True, slots=True)
class _Paire:
    a: int
    b: date


@dataclass(slots=True, kw_only=True)
class _DeuxListesIn:
    x: tuple[_Paire, ...]
    y: tuple[_Paire, ...]


class _PaireLue(msgspec.Struct, frozen=True):
    a: int
    b: date


class _DeuxListesLues(msgspec.Struct, frozen=True, kw_only=True):
    x: tuple[_PaireLue, ...]
    y: tuple[_PaireLue, ...]
    id: str | None = None


def test_passage_direct_avec_deux_listes_de_structures():
    passer = passage(_DeuxListesIn, _DeuxListesLues, {})
    assert passer is not None
    lu = _DeuxListesLues(x=(_PaireLue(1, date(2020, 1, 1)), _PaireLue(2, date(2021, 2, 3))), y=(), id="c")
    passe = passer(lu)
    assert passe.x == (_Paire(1, date(2020, 1, 1)), _Paire(2, date(2021, 2, 3))) and passe.y == ()
    assert passe.id == "c"
    lu = _DeuxListesLues(x=(), y=(_PaireLue(5, date(2019, 12, 31)),))
    assert passer(lu).x == () and passer(lu).y == (_Paire(5, date(2019, 12, 31)),)
    assert passer(_DeuxListesLues(x=(), y=())) == _DeuxListesLues(x=(), y=())


def test_sans_passage_direct_la_construction_convertit():
    assert passage(rattachement.RattachementCPAMIn, _CasAncien, {}) is None
    construire = constructeur(rattachement.RattachementCPAMIn, _CasAncien, {})
    entree = construire(_CasAncien(date_debut_activite=date(2019, 1, 1), residence="DOM",
                                   date_demande=date(2020, 1, 27)))
    assert entree == rattachement.RattachementCPAMIn(
        date_debut_activite=date(2019, 1, 1), residence=rattachement.Residence.DOM, date_reception_courrier=ABSENT,
        date_demande=date(2020, 1, 27))


def test_un_renommage_empeche_le_passage_direct():
    structure = portee_rattachement().lire.classe
    assert passage(rattachement.RattachementCPAMIn, structure, {"date_demande": "date_de_demande"}) is None


@pytest.mark.parametrize("champ", ["residence", "date_reception_courrier"])
def test_un_champ_d_un_autre_type_empeche_le_passage_direct(champ):
    """One field of the old kind among fields of the new one is enough to build the input."""
    structure = portee_rattachement().lire.classe
    champs = [(f.name, f.type, f.default) for f in msgspec.structs.fields(structure)]
    ancien = {f.name: f.type for f in msgspec.structs.fields(_CasAncien)}
    melange = msgspec.defstruct("Melange", [(nom, ancien[nom] if nom == champ else type_, defaut)
                                            for nom, type_, defaut in champs], kw_only=True, frozen=True)
    assert passage(rattachement.RattachementCPAMIn, melange, {}) is None


@pytest.mark.parametrize("module, commande", [("indemnites_journalieres", "ij"), ("rattachement_cpam", "rattachement")])
def test_code_genere_absent_code_de_sortie_4(tmp_path, module, commande):
    """The checked cases hold the generated enumerations, yet a generated module missing still gives the CLI's
    one French line and exit code 4 (cli.py: "code généré absent … (make generate)"), never a traceback."""
    ignorer = shutil.ignore_patterns("__pycache__")
    shutil.copytree(RACINE / "secu_independants", tmp_path / "secu_independants", ignore=ignorer)
    shutil.copytree(RACINE / "generated", tmp_path / "generated", ignore=ignorer)
    (tmp_path / "generated" / f"{module}.py").unlink()
    cas = tmp_path / "cas.json"
    cas.write_text("{}", encoding="utf-8")
    execution = subprocess.run([sys.executable, "-m", "secu_independants.cli", commande, str(cas)], cwd=tmp_path,
                               env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True,
                               timeout=120)
    assert execution.returncode == 4, execution.stderr
    assert execution.stderr.startswith("secu-independants: code généré indisponible : ")
    assert f"regles.{module}" in execution.stderr and "make generate" in execution.stderr
    assert "Traceback" not in execution.stderr

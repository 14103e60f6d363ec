"""The package as a user gets it: the law under `secu_independants.regles` (a folder named `generated` on the
user's path changes nothing), `py.typed`, version, license, public exceptions; and a wheel installed in a fresh
virtual environment outside the repository (CLI, API, schema, parameters, --explain)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

import secu_independants
from tests.policy.cas_publics import CAS_PUBLICS

RACINE = Path(__file__).resolve().parents[2]
P1 = CAS_PUBLICS[0]


def _dossier_generated_piege(dossier: Path) -> None:
    """A user's own `generated` package, which must never be imported by the product."""
    (dossier / "generated").mkdir()
    (dossier / "generated" / "__init__.py").write_text("raise ImportError('le generated de l’utilisateur')\n")
    (dossier / "generated" / "indemnites_journalieres.py").write_text("raise ImportError('piège')\n")


_SCRIPT = """
import json, sys
from secu_independants import calculer_ij
print(json.dumps(calculer_ij(json.loads(sys.argv[1]))))
print("generated" in sys.modules)
"""


def test_un_dossier_generated_de_l_utilisateur_ne_change_rien(tmp_path: Path) -> None:
    _dossier_generated_piege(tmp_path)
    nom, commande, cas, attendu = P1
    execution = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(cas)], cwd=tmp_path, capture_output=True,
                               text=True, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert execution.returncode == 0, execution.stderr
    resultat, charge = execution.stdout.splitlines()
    assert {k: json.loads(resultat)[k] for k in attendu} == attendu
    assert charge == "False"


def test_metadonnees_du_paquet() -> None:
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert projet["license"] == "Apache-2.0"
    assert "Apache License" in (RACINE / "LICENSE").read_text(encoding="utf-8")[:200]
    assert (RACINE / "secu_independants" / "py.typed").exists()
    assert secu_independants.__version__.count(".") == 2
    assert secu_independants.regles.__name__ == "secu_independants.regles"


def test_erreurs_publiques_reexportees() -> None:
    from catalapy.runtime.errors import CatalaRuntimeError, NoValue

    assert issubclass(secu_independants.ErreurDeLaLoi, Exception)
    assert secu_independants.ErreurDeLaLoi is CatalaRuntimeError
    assert issubclass(NoValue, secu_independants.ErreurDeLaLoi)
    with pytest.raises(secu_independants.EntreeInvalide):
        secu_independants.calculer_ij({})


@pytest.mark.skipif(not (RACINE / ".venv").exists(), reason="needs the project's .venv (make install)")
def test_roue_installee_hors_du_depot(tmp_path: Path) -> None:
    """Build the wheel, install it (with [serve]) in a fresh venv in a folder holding a `generated` trap."""
    roues = tmp_path / "roues"
    construction = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(roues),
                                   str(RACINE)], capture_output=True, text=True)
    assert construction.returncode == 0, construction.stderr
    roue = next(roues.glob("secu_independants-*.whl"))
    environnement = tmp_path / "env"
    venv.create(environnement, with_pip=True)
    python = environnement / "bin" / "python"
    installation = subprocess.run([str(python), "-m", "pip", "install", "-q", f"{roue}[serve]"],
                                  capture_output=True, text=True)
    assert installation.returncode == 0, installation.stderr
    utilisateur = tmp_path / "utilisateur"
    utilisateur.mkdir()
    _dossier_generated_piege(utilisateur)
    env = {"PYTHONPATH": str(utilisateur), "PATH": "/usr/bin:/bin"}
    nom, commande, cas, attendu = P1
    (utilisateur / "cas.json").write_text(json.dumps(cas), encoding="utf-8")
    cli = environnement / "bin" / "secu-independants"

    def lancer(*arguments: str) -> str:
        execution = subprocess.run([str(cli), *arguments], cwd=utilisateur, capture_output=True, text=True, env=env)
        assert execution.returncode == 0, (arguments, execution.stderr)
        return execution.stdout

    assert {k: json.loads(lancer(commande, "cas.json"))[k] for k in attendu} == attendu
    assert "explication" in json.loads(lancer(commande, "--explain", "cas.json"))
    assert "entree" in json.loads(lancer("schema", "ij"))
    assert "PlafondAnnuelSecuriteSociale" in json.loads(lancer("parametres"))
    api = subprocess.run([str(python), "-c", _SCRIPT, json.dumps(cas)], cwd=utilisateur, capture_output=True,
                         text=True, env=env)
    assert api.returncode == 0, api.stderr
    assert api.stdout.splitlines()[1] == "False"
    service = subprocess.run([str(python), "-c", "from secu_independants.service import application; application()"],
                             cwd=utilisateur, capture_output=True, text=True, env=env)
    assert service.returncode == 0, service.stderr


def test_api_python_accepte_date_et_decimal() -> None:
    """P1 (domain README §4) given with `datetime.date` and `decimal.Decimal`: the same result as with JSON
    strings; a Decimal with three decimals is refused like the string "30660.005"."""
    from datetime import date
    from decimal import Decimal

    nom, commande, cas, attendu = P1
    typé = dict(cas, date_debut_activite=date.fromisoformat(cas["date_debut_activite"]),
                date_arret=date.fromisoformat(cas["date_arret"]),
                chiffres_affaires=[dict(ca, montant=Decimal(ca["montant"]), ratio_cotisations_payees=Decimal("1"))
                                   for ca in cas["chiffres_affaires"]])
    resultat = secu_independants.calculer_ij(typé)
    assert {k: resultat[k] for k in attendu} == attendu
    faux = dict(cas, chiffres_affaires=[dict(cas["chiffres_affaires"][0], montant=Decimal("30660.005"))])
    with pytest.raises(secu_independants.EntreeInvalide) as erreur:
        secu_independants.calculer_ij(faux)
    assert erreur.value.champ == "chiffres_affaires[0].montant"

"""Same answers everywhere: the wheel, installed in a fresh virtual environment outside the repository (a
temporary directory, with no policy/ to read), gives the same `--explain` output (JSON with its reasoning) as the
repository for every public case of examples/, and the same `--format texte` text for P1.

It builds the wheel (`pip wheel --no-deps`, about 5 s) and a venv (about 5 s), then runs one batch per
command on each side: about 15 s, part of `make test`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .outils import lancer_cli

ROOT = Path(__file__).resolve().parents[2]
EXEMPLES = sorted((ROOT / "examples").glob("*.json"))


def _commande(chemin: Path) -> str:
    return "rattachement" if "rattachement" in chemin.stem else "ij"


@pytest.fixture(scope="module")
def cli_installe(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the `secu-independants` of a fresh venv where only the wheel is installed, a directory outside the
    repository to run it from)."""
    dossier = tmp_path_factory.mktemp("roue")
    construit = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dossier / "dist"),
                                str(ROOT)], capture_output=True, text=True, timeout=600)
    assert construit.returncode == 0, construit.stderr[-3000:]
    (roue,) = (dossier / "dist").glob("*.whl")
    with zipfile.ZipFile(roue) as archive:
        noms = archive.namelist()
    assert not [n for n in noms if n.startswith("policy/")], "policy/ must not be needed (nor shipped)"
    assert "secu_independants/regles/indemnites_journalieres.py" in noms
    assert not [n for n in noms if n.startswith("generated/")], "the law ships as secu_independants.regles"
    venv = dossier / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    # the test's pip installs into the new venv (`--python`): no copy of pip needed there; the wheel's own
    # dependencies (orjson, tqdm) come from the package index, as for a user
    installe = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                               "-q", str(roue)], capture_output=True, text=True, timeout=600)
    assert installe.returncode == 0, installe.stderr[-3000:]
    ou = subprocess.run([str(venv / "bin" / "python"), "-c", "import secu_independants; print(secu_independants.__file__)"],
                        capture_output=True, text=True, cwd=dossier, timeout=60)
    assert Path(ou.stdout.strip()).is_relative_to(venv), ou.stdout  # not the repository's sources
    return venv / "bin" / "secu-independants", dossier


def _lancer_roue(cli_installe: tuple[Path, Path], *arguments: str) -> subprocess.CompletedProcess:
    cli, ailleurs = cli_installe
    return subprocess.run([str(cli), *arguments], capture_output=True, text=True, cwd=ailleurs, timeout=300)


@pytest.mark.parametrize("commande", ["ij", "rattachement"])
def test_the_wheel_explains_every_example_as_the_repository(cli_installe, commande: str, tmp_path: Path) -> None:
    """Every case of examples/ in one `--batch --explain` run on each side (one process each)."""
    cas = [json.loads(e.read_text(encoding="utf-8")) for e in EXEMPLES if _commande(e) == commande]
    assert cas
    lot = tmp_path / "cas.jsonl"
    lot.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cas), encoding="utf-8")
    depot = lancer_cli(commande, "--batch", str(lot), "--explain")
    roue = _lancer_roue(cli_installe, commande, "--batch", str(lot), "--explain")
    assert depot.returncode == 0 and roue.returncode == 0, (depot.stderr, roue.stderr)
    assert roue.stdout == depot.stdout
    resultats = [json.loads(ligne) for ligne in roue.stdout.splitlines()]
    assert len(resultats) == len(cas)
    assert all(r["raisonnement"] and r["explication"]["constantes"] for r in resultats), \
        "the reasoning and the constants come from generated data, not from policy/"


def test_the_wheel_prints_the_same_reasoning_text_for_p1(cli_installe) -> None:
    exemple = str(ROOT / "examples" / "p1_achat_revente_2020.json")
    depot = lancer_cli("ij", exemple, "--explain", "--format", "texte")
    roue = _lancer_roue(cli_installe, "ij", exemple, "--explain", "--format", "texte")
    assert roue.returncode == 0, roue.stderr
    assert roue.stdout == depot.stdout
    assert "3 982,80" in roue.stdout  # the 2020 threshold of P1 (domain README §4)

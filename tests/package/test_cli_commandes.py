"""The subcommands of `secu-independants`: their own French `--help` (fields, exit codes), `--version`, options
in any order, French usage errors, `schema` and `parametres`."""

from __future__ import annotations

import json

import pytest

from secu_independants import __version__
from tests.policy.cas_publics import CAS_PUBLICS
from tests.policy.outils import lancer_cli


def test_version() -> None:
    execution = lancer_cli("--version")
    assert execution.returncode == 0
    assert execution.stdout.strip() == f"secu-independants {__version__}"


@pytest.mark.parametrize(("commande", "champs"), [
    ("ij", ["categorie", "date_arret", "duree_arret", "montant_journalier", "jours_indemnises"]),
    ("rattachement", ["date_debut_activite", "residence", "organisme_destinataire"]),
])
def test_aide_de_chaque_commande(commande: str, champs: list[str]) -> None:
    execution = lancer_cli(commande, "--help")
    assert execution.returncode == 0, execution.stderr
    aide = execution.stdout
    assert aide.startswith(f"usage : secu-independants {commande}")
    for champ in champs:
        assert f"\n  {champ} " in aide, champ
    assert "codes de sortie" in aide and "\n  2 " in aide and "\n  3 " in aide
    for anglais in ("show this help", "positional arguments", "usage:"):
        assert anglais not in aide


def test_aide_generale_en_francais() -> None:
    execution = lancer_cli("--help")
    assert execution.returncode == 0
    assert "--version     affiche la version et s'arrête" in execution.stdout
    for anglais in ("show program's version", "show this help", "usage:"):
        assert anglais not in execution.stdout


@pytest.mark.parametrize("commande", ["schema", "parametres", "serve"])
def test_aide_des_autres_commandes(commande: str) -> None:
    execution = lancer_cli(commande, "--help")
    assert execution.returncode == 0
    assert "affiche cette aide" in execution.stdout and "codes de sortie" in execution.stdout


def test_options_dans_n_importe_quel_ordre(tmp_path) -> None:
    nom, commande, cas, attendu = next(c for c in CAS_PUBLICS if c[1] == "rattachement")
    fichier = tmp_path / "cas.json"
    fichier.write_text(json.dumps(cas), encoding="utf-8")
    avant = lancer_cli(commande, "--explain", str(fichier))
    apres = lancer_cli(commande, str(fichier), "--explain")
    assert avant.returncode == apres.returncode == 0, avant.stderr
    assert avant.stdout == apres.stdout
    assert "explication" in json.loads(avant.stdout)


@pytest.mark.parametrize(("arguments", "fragment"), [
    ((), "arguments obligatoires absents : COMMANDE"),
    (("ij", "--inconnue"), "arguments inconnus : --inconnue"),
    (("ij", "--jobs", "x", "--batch", "-"), "argument --jobs : valeur invalide (entier attendu) : 'x'"),
    (("autre",), "choix invalide : 'autre'"),
    (("ij",), "donner soit un fichier de cas (ou -), soit --batch"),
    (("schema", "ij", "rattachement"), "arguments inconnus : rattachement"),
])
def test_erreurs_d_usage_en_francais(arguments: tuple[str, ...], fragment: str) -> None:
    execution = lancer_cli(*arguments)
    assert execution.returncode == 2
    assert execution.stdout == ""
    assert execution.stderr.count("\n") == 1
    assert fragment in execution.stderr, execution.stderr


def test_schema() -> None:
    execution = lancer_cli("schema", "rattachement")
    assert execution.returncode == 0
    schemas = json.loads(execution.stdout)
    entree = schemas["entree"]["definitions"][schemas["entree"]["$ref"].rsplit("/", 1)[1]]
    # interface: date_debut_activite and date_demande required; residence defaults to Metropole;
    # date_reception_courrier is a date or null
    assert sorted(entree["required"]) == ["date_debut_activite", "date_demande"]
    assert entree["properties"]["residence"]["default"] == "Metropole"
    assert {"type": "null"} in entree["properties"]["date_reception_courrier"]["oneOf"]
    assert entree["additionalProperties"] is False and "id" in entree["properties"]
    sortie = schemas["sortie"]["definitions"][schemas["sortie"]["$ref"].rsplit("/", 1)[1]]
    assert "organisme_avis_arret" in sortie["properties"] or "organisme_destinataire" in sortie["properties"]
    assert schemas["sortie"]["definitions"]["date"]["format"] == "date"


def test_parametres() -> None:
    execution = lancer_cli("parametres")
    assert execution.returncode == 0, execution.stderr
    valeurs = json.loads(execution.stdout)
    plafonds = valeurs["PlafondAnnuelSecuriteSociale"]["valeurs"]["montant"]
    # PASS 2013: 37 032 € (arrêté du 12 décembre 2012); 2019: 40 524 €
    assert [p["valeur"] for p in plafonds if p["du"] in ("2013", "2019")] == ["37032.00", "40524.00"]
    assert all(p["source"]["fichier"].startswith("policy/") for p in plafonds)

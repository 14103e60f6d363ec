"""The line reporting an error of the law itself (secu_independants/erreurs.py), the same in the CLI, the batch
(its JSON error line and its stderr line) and the HTTP API."""

from __future__ import annotations

from catalapy.runtime import Conflict, NoValue, SourcePosition
from secu_independants.erreurs import message_erreur_de_la_loi

POSITION = SourcePosition("policy/parametres.catala_fr", 36, 12, 36, 19, ("Paramètres", "Plafond annuel"))
AUTRE = SourcePosition("policy/parametres.catala_fr", 49, 69, 49, 77, ("Paramètres", "Plafond annuel"))


def test_one_line_naming_the_position():
    assert message_erreur_de_la_loi(NoValue(POSITION)) == (
        "erreur de la loi : policy/parametres.catala_fr:36.12-19: "
        "no applicable rule to define this variable in this situation")
    conflit = message_erreur_de_la_loi(Conflict(POSITION, AUTRE))
    assert conflit.startswith("erreur de la loi : ") and "\n" not in conflit
    assert "policy/parametres.catala_fr:36" in conflit and "policy/parametres.catala_fr:49" in conflit


def test_octet_invalide_compte_a_partir_de_un():
    """The first invalid UTF-8 byte is named by its position counted from 1, wherever bytes are decoded: the
    single-case CLI (a file), the batch (a line), the columns, the HTTP API (a body; see test_service)."""
    import json
    import subprocess

    import pytest

    from secu_independants.entrees import EntreeInvalide
    from secu_independants.erreurs import texte_utf8

    assert texte_utf8("é".encode(), "(json)") == "é"
    with pytest.raises(EntreeInvalide) as erreur:
        texte_utf8(b"ab\xff", "(json)")  # a, b, then the 3rd byte
    assert erreur.value.champ == "(json)" and erreur.value.attendu == "un texte UTF-8 (octet invalide en position 3)"
    with pytest.raises(EntreeInvalide) as erreur:
        texte_utf8(b"\xc3", "(fichier)", "cas.json : ")  # a truncated 2-byte sequence at byte 1
    assert erreur.value.attendu == "un texte UTF-8 (cas.json : octet invalide en position 1)"

    from .outils import COMMANDE, RACINE

    execution = subprocess.run([*COMMANDE, "ij", "-"], input=b'{"id": "\xe9"}', capture_output=True, cwd=RACINE,
                               timeout=120)
    assert execution.returncode == 2  # {"id": " = 8 bytes, then the Latin-1 é
    assert execution.stderr.decode() == "secu-independants: (fichier) : attendu un texte UTF-8 (- : octet invalide " \
                                        "en position 9)\n"
    lot = subprocess.run([*COMMANDE, "ij", "--batch", "-"], input=b'\n{"id": "\xe9"}\n', capture_output=True,
                         cwd=RACINE, timeout=120)
    assert json.loads(lot.stdout)["erreur"]["attendu"] == "un texte UTF-8 (octet invalide en position 9)"
    assert json.loads(lot.stdout)["ligne"] == 2


def test_une_lecture_des_octets_pour_le_cli_le_lot_et_l_api():
    """`LectureJSON` (the one reading of a case given as bytes): the direct and the exact readings give the same
    case; a repeated key is refused naming the key, even where msgspec alone would keep the last value; the id of
    a case refused by the interface is carried for --batch; a blank text is refused unless `vide` is given."""
    import pytest

    from secu_independants.api import lecture
    from secu_independants.entrees import EntreeInvalide
    from secu_independants.regles.rattachement_cpam import Residence

    lire = lecture("rattachement")
    octets = b'{"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "id": 4}'
    assert lire.directe(octets) == lire.exacte(octets) == lire(octets)
    assert lire(octets).date_demande.isoformat() == "2020-01-27" and lire(octets).residence is Residence.Metropole
    double = octets[:-1] + b', "date_demande": "2020-02-12"}'
    assert lire.directe(double) is None  # msgspec alone would give 2020-02-12
    with pytest.raises(EntreeInvalide) as erreur:
        lire(double)
    assert str(erreur.value) == "date_demande : attendu un champ donné une seule fois (clé en double dans l'objet " \
                                "JSON)"
    with pytest.raises(EntreeInvalide) as erreur:
        lire(octets.replace(b"Metropole", b"").replace(b'"id": 4', b'"id": 4, "residence": "Mars"'))
    assert erreur.value.champ == "residence" and erreur.value.identifiant == 4
    with pytest.raises(EntreeInvalide) as erreur:
        lire(b"{\"id\": \"\xe9\"}", "(corps)")  # {"id": " = 8 bytes, then the Latin-1 é
    assert erreur.value.champ == "(corps)" and erreur.value.attendu == "un texte UTF-8 (octet invalide en position 9)"
    vide = object()
    assert lire.exacte(b" \t", vide=vide) is vide
    with pytest.raises(EntreeInvalide) as erreur:
        lire(b" \t")
    assert erreur.value.champ == "(json)"


def test_raison_systeme_en_francais():
    """The system's reasons (`strerror`: "No such file or directory") are English; every face of the product
    names them in French, an unknown one by its code."""
    import errno

    from secu_independants.erreurs import raison_systeme

    assert raison_systeme(FileNotFoundError(errno.ENOENT, "No such file or directory")) == "fichier ou dossier inexistant"
    assert raison_systeme(IsADirectoryError(errno.EISDIR, "Is a directory")) == "c'est un dossier"
    assert raison_systeme(OSError(errno.EIO, "Input/output error")) == "erreur système EIO"
    assert raison_systeme(OSError("no errno")) == "erreur système"


def test_fichiers_refuses_en_francais(tmp_path):
    from tests.policy.outils import lancer_cli

    absent = tmp_path / "absent.json"
    cas = [("ij", str(absent)), ("ij", str(tmp_path)), ("ij", "--batch", str(tmp_path / "absent.jsonl")),
           ("ij", "--batch", str(tmp_path / "absent.parquet")), ("ij", "--batch", str(tmp_path / "absent.csv"))]
    attendus = ["fichier ou dossier inexistant", "c'est un dossier", "fichier ou dossier inexistant",
                "fichier ou dossier inexistant", "fichier ou dossier inexistant"]
    for arguments, attendu in zip(cas, attendus, strict=True):
        execution = lancer_cli(*arguments)
        assert execution.returncode == 2 and execution.stdout == "", (arguments, execution.stderr)
        assert attendu in execution.stderr and "No such" not in execution.stderr, (arguments, execution.stderr)
    lignes = tmp_path / "cas.jsonl"
    lignes.write_text("{}\n", encoding="utf-8")
    for sortie in ("r.jsonl", "r.parquet", "r.csv"):
        execution = lancer_cli("ij", "--batch", str(lignes), "--sortie", str(tmp_path / "absent" / sortie))
        assert execution.returncode == 2, execution.stderr
        assert f"--sortie : {tmp_path / 'absent' / sortie} : fichier ou dossier inexistant" in execution.stderr

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

"""The examples of the page « CLI et API Python » (docs/cli-api.md) that show errors are what the command writes:
the batch example (a repeated key, an invalid UTF-8 byte) run as it is written on the page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.policy.outils import COMMANDE, RACINE

PAGE = Path(__file__).resolve().parents[2] / "docs" / "cli-api.md"


def test_exemple_d_erreurs_du_lot(tmp_path: Path) -> None:
    texte = PAGE.read_text(encoding="utf-8")
    exemple = re.search(r"Par exemple, pour ce fichier de deux lignes.*?```text\n(.*?)```.*?```json\n(.*?)```"
                        r".*?sortie d'erreur (.*?)\. Une ligne", texte, re.S)
    assert exemple is not None, "l'exemple de --batch a disparu de docs/cli-api.md"
    entree, sortie, erreurs = exemple.groups()
    assert len(b'{"id": "d-') + 1 == 11  # 10 bytes before the invalid one, counted from 1
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(entree.encode("utf-8").replace(b"\\xe9", b"\xe9"))
    execution = subprocess.run([*COMMANDE, "rattachement", "--batch", str(fichier)], capture_output=True,
                               cwd=RACINE, timeout=120)
    assert execution.returncode == 2  # interface: 2 = invalid input
    assert execution.stdout.decode("utf-8") == sortie
    attendues = [" ".join(m.split()) for m in re.findall(r"`([^`]*)`", erreurs)]
    assert execution.stderr.decode("utf-8").splitlines() == attendues
    # the single-case command says the same of the same bytes (field "(fichier)", the file named)
    seul = tmp_path / "cas.json"
    seul.write_bytes(b'{"id": "d-\xe9"}')
    execution = subprocess.run([*COMMANDE, "rattachement", "cas.json"], capture_output=True, cwd=tmp_path, timeout=120)
    assert execution.returncode == 2
    assert execution.stderr.decode("utf-8") == \
        "secu-independants: (fichier) : attendu un texte UTF-8 (cas.json : octet invalide en position 11)\n"
    assert "`(fichier) : attendu un texte UTF-8 (cas.json : octet invalide en position 11)`" in texte

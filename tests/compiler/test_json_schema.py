"""`python -m catalapy json-schema FILE -s SCOPE`: the JSON Schemas of a scope's input and output.

The expected texts are the reference suite's own `json-schema` blocks (tests/json/good/*.catala_en), compared
byte for byte; the suite is not distributed with this repository and is named by $CATALA_SUITE."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SUITE = os.environ.get("CATALA_SUITE", "")
_BLOC = re.compile(r"```catala-test-cli\n\$ catala json-schema --scope (\S+)\n(.*?)```", re.S)


def _blocs() -> list[tuple[Path, str, str]]:
    if not SUITE:
        return []
    return [(f, m.group(1), m.group(2)) for f in sorted(Path(SUITE).rglob("*.catala_*"))
            for m in _BLOC.finditer(f.read_text(encoding="utf-8"))]


BLOCS = _blocs()


@pytest.mark.skipif(not SUITE, reason="reference Catala suite not given (set CATALA_SUITE to its tests/ folder; "
                                      "it is not distributed with this repository)")
def test_reference_json_schema_blocks_are_reproduced_byte_for_byte() -> None:
    assert len(BLOCS) >= 2, "the suite has two json-schema blocks (tests/json/good/nested and enums)"
    for fichier, scope, attendu in BLOCS:
        sortie = subprocess.run([sys.executable, "-m", "catalapy", "json-schema", str(fichier), "-s", scope],
                                capture_output=True, text=True, cwd=fichier.parent)
        assert sortie.returncode == 0, sortie.stderr
        assert sortie.stdout == attendu, fichier


def test_schema_of_a_small_scope(tmp_path: Path) -> None:
    """Written by hand from the reference's encodings: a money input (defined
    once as `money`: integer, number or string), a list output, enums as strings."""
    source = tmp_path / "p.catala_en"
    source.write_text("```catala\ndeclaration enumeration C:\n  -- Un\n  -- Deux\n\n"
                      "declaration scope S:\n  input m content money\n  input c content C\n"
                      "  output l content list of boolean\n\n"
                      "scope S:\n  definition l equals [m > $0]\n```\n", encoding="utf-8")
    sortie = subprocess.run([sys.executable, "-m", "catalapy", "json-schema", str(source), "-s", "S"],
                            capture_output=True, text=True, check=True).stdout
    import json
    entree, resultat = json.loads(sortie)
    assert entree["$ref"] == "#/definitions/S_in"
    assert entree["definitions"]["S_in"]["required"] == ["c", "m"]
    assert entree["definitions"]["C"] == {"type": "string", "enum": ["Un", "Deux"]}
    assert entree["definitions"]["money"]["title"] == "Catala Money"
    assert [t["type"] for t in entree["definitions"]["money"]["oneOf"]] == ["integer", "number", "string"]
    assert resultat["definitions"]["S"]["properties"] == {"l": {"type": "array", "items": {"type": "boolean"}}}

"""Resource guards: what would exhaust memory, time or Python's stack ends in a positioned error box (exit 123),
never in "Internal error" (exit 125) nor a hang; what fits is computed (expected values worked by hand)."""
from __future__ import annotations

from pathlib import Path

import pytest

from catalapy import cli, driver
from catalapy.dcalc import lower
from catalapy.errors import CatalaError


def _run(argv: list[str]) -> tuple[int, str]:
    code, out, err = cli.run_captured(argv)
    return code, out + err


def _program(tmp_path: Path, body: str, declarations: str, name: str = "essai.catala_fr") -> Path:
    path = tmp_path / name
    path.write_text(f"# Essai\n\n```catala\ndéclaration champ d'application A:\n{declarations}\n"
                    f"champ d'application A:\n{body}```\n", encoding="utf-8")
    return path


def test_a_sequence_too_long_is_refused_at_its_call(tmp_path):
    path = _program(tmp_path, "  définition l égal à Liste.séquence de 1, 99999999999999\n",
                    "  résultat l contenu liste de entier\n")
    code, output = _run(["interpret", str(path), "-s", "A"])
    assert code == 123, output
    # 99 999 999 999 999 − 1 elements; the box points at `Liste.séquence` (line 8, columns 23-37)
    assert "this list would have 99999999999998 elements" in output
    assert "essai.catala_fr:8.23-37" in output and "Internal error" not in output


def test_a_rounding_to_too_many_decimals_is_refused_and_exact_ones_are_immediate(tmp_path):
    path = _program(tmp_path, "  définition r égal à Décimal.arrondi_à_la_décimale de (1,0 / 3,0), "
                              "100000000000000000\n", "  résultat r contenu décimal\n")
    code, output = _run(["interpret", str(path), "-s", "A"])
    assert code == 123, output
    assert "rounding to 100000000000000000 decimal places" in output and "essai.catala_fr:8.23-52" in output
    # 2,5 is exact with 1 decimal, so with 10^17 too; 1 234,5 rounded to a unit of 10^(10^17) is 0;
    # 1/3 to 3 decimals is 0,333; 1 234,56 € to hundreds (−2) is 1 200,00 €; to 10^(10^17) €, 0,00 €
    path = _program(tmp_path, (
        "  définition r1 égal à Décimal.arrondi_à_la_décimale de 2,5, 100000000000000000\n"
        "  définition r2 égal à Décimal.arrondi_à_la_décimale de 1234,5, -100000000000000000\n"
        "  définition r3 égal à Décimal.arrondi_à_la_décimale de (1,0 / 3,0), 3\n"
        "  définition m1 égal à Argent.arrondi_à_la_décimale de 1 234,56 €, -2\n"
        "  définition m2 égal à Argent.arrondi_à_la_décimale de 1 234,56 €, -100000000000000000\n"),
        "  résultat r1 contenu décimal\n  résultat r2 contenu décimal\n  résultat r3 contenu décimal\n"
        "  résultat m1 contenu argent\n  résultat m2 contenu argent\n")
    code, output = _run(["interpret", str(path), "-s", "A"])
    assert code == 0, output
    for line in ("r1 = 2,5", "r2 = 0,0", "r3 = 0,333", "m1 = 1 200,00 €", "m2 = 0,00 €"):
        assert f"│ {line}\n" in output


def _chain(length: int) -> str:
    """Scopes S0 … S(length−1), each calling the next; S(length−1).x = 0 and each adds 1."""
    lines = ["# Chaîne", "", "```catala"]
    for i in range(length):
        lines += [f"déclaration champ d'application S{i}:", "  résultat x contenu entier"]
        lines += [f"  s champ d'application S{i + 1}"] if i + 1 < length else []
        lines.append("")
    for i in range(length):
        lines += [f"champ d'application S{i}:", "  définition x égal à " + ("s.x + 1" if i + 1 < length else "0"), ""]
    return "\n".join(lines + ["```", ""])


def test_a_chain_of_a_thousand_scope_calls_runs(tmp_path):
    path = tmp_path / "chaine.catala_fr"
    path.write_text(_chain(1000), encoding="utf-8")
    code, output = _run(["interpret", str(path), "-s", "S0"])
    assert code == 0, output
    assert "│ x = 999\n" in output  # 999 scopes each add 1 to the last one's 0


def test_a_chain_deeper_than_the_limit_is_refused_at_its_first_scope(tmp_path, monkeypatch):
    monkeypatch.setattr(lower, "MAX_SCOPE_CALL_DEPTH", 10)
    path = tmp_path / "chaine.catala_fr"
    path.write_text(_chain(12), encoding="utf-8")
    with pytest.raises(CatalaError) as raised:
        driver.load_program(str(path))
    # S1 … S11 is a chain of 11 calls: S1 (declared on line 8: 3 lines of heading and fence, 4 per scope) is the first scope past the limit
    assert "The scope S1 starts a chain of 11 nested scope calls, more than the 10" in raised.value.message
    assert raised.value.positions[0][0].start_line == 8


def _module(folder: Path, name: str, *uses: str) -> Path:
    path = folder / f"{name.lower()}.catala_fr"
    usages = "".join(f"> Usage de {u}\n\n" for u in uses)
    path.write_text(f"> Module {name}\n\n{usages}```catala\ndéclaration champ d'application {name}S:\n"
                    f"  résultat x contenu entier\n\nchamp d'application {name}S:\n  définition x égal à 1\n```\n",
                    encoding="utf-8")
    return path


def test_a_module_using_itself_is_refused(tmp_path):
    path = _module(tmp_path, "Mod_a", "Mod_a")
    code, output = _run(["typecheck", str(path)])
    assert code == 123, output
    assert "Circular module dependency" in output and "Module required from" in output
    assert "mod_a.catala_fr:3" in output  # the `> Usage de Mod_a` line


def test_modules_using_each_other_are_refused_with_each_use(tmp_path):
    _module(tmp_path, "Mod_c", "Mod_b")
    path = _module(tmp_path, "Mod_b", "Mod_c")
    _module(tmp_path, "Principal", "Mod_b")
    code, output = _run(["typecheck", str(tmp_path / "principal.catala_fr")])
    assert code == 123, output
    # the chain of uses, innermost first, as the reference: Mod_c uses Mod_b (the cycle), reached through Mod_b's
    # use of Mod_c, reached through Principal's use of Mod_b
    assert output.count("Module required from") == 3
    assert output.index("mod_c.catala_fr:3") < output.index("mod_b.catala_fr:3") < output.index("principal.catala_fr:3")
    assert path.exists()


def test_modules_shared_without_cycle_are_accepted(tmp_path):
    _module(tmp_path, "Commun")
    _module(tmp_path, "Mod_b", "Commun")
    _module(tmp_path, "Principal", "Mod_b", "Commun")
    code, output = _run(["typecheck", str(tmp_path / "principal.catala_fr")])
    assert code == 0, output

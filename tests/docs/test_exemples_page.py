"""docs/sitegen/exemples.py: the worked-examples pages, with a stand-in CLI written for the test."""

import json
import sys
import textwrap
from pathlib import Path

import pytest

from sitegen.exemples import command_for, render_exemples, render_exemples_page

# A stand-in for `secu-independants ij|rattachement --batch CASES.jsonl --explain`: one line per case echoing
# the command and a field with a reasoning of two nodes (one carrying text that must not become HTML), an error
# line for a case whose date_arret is "boom".
FAKE_CLI = textwrap.dedent("""
    import json, sys
    command, batch, path, *options = sys.argv[1:]
    assert batch == "--batch" and options == ["--explain"]
    code = 0
    for number, text in enumerate(open(path, encoding="utf-8"), start=1):
        case = json.loads(text)
        if case.get("date_arret") == "boom":
            print(json.dumps({"ligne": number, "erreur": {"message": "date_arret: expected a date"}}))
            print("date_arret: expected a date", file=sys.stderr)
            code = 2
            continue
        print(json.dumps({
            "ligne": number, "commande": command, "montant_total": "221.85", "explication": {"sorties": {}},
            "raisonnement": [{
                "variable": "montant_journalier", "libelle": "montant journalier", "valeur": "13,05 €",
                "regle": "Montant journalier", "position": "policy/indemnites_journalieres.catala_fr:943",
                "article": "D622-7", "article_id": None, "legifrance": "https://www.legifrance.gouv.fr/x",
                "parametres": [{"nom": "plafond (annee 2020)", "valeur": "41 136 €",
                                "periode": "du 1er janvier 2020 au 31 décembre 2020", "source": "Arrêté <b>",
                                "position": "policy/parametres.catala_fr:106"}],
                "enfants": [{"variable": "x", "libelle": "<script>alert(1)</script>", "valeur": "oui"}],
            }],
        }))
    sys.exit(code)
""")


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    script = tmp_path / "fake_cli.py"
    script.write_text(FAKE_CLI, encoding="utf-8")
    return [sys.executable, str(script)]


def write_case(folder: Path, name: str, case: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def test_command_is_chosen_from_folder_name_or_fields(tmp_path: Path) -> None:
    assert command_for(tmp_path / "ij" / "a.json", {}) == "ij"
    assert command_for(tmp_path / "p13_rattachement_2018.json", {}) == "rattachement"
    assert command_for(tmp_path / "p1.json", {"date_arret": "2020-10-05"}) == "ij"
    assert command_for(tmp_path / "p14.json", {"date_demande": "2020-01-27"}) == "rattachement"
    with pytest.raises(ValueError, match="cannot tell"):
        command_for(tmp_path / "x.json", {"autre": 1})


def test_page_shows_inputs_results_and_explanation(tmp_path: Path, cli: list[str]) -> None:
    examples = tmp_path / "examples"
    write_case(examples, "p10_x.json", {"date_arret": "2020-11-02"})
    write_case(examples, "p2_y.json", {"date_demande": "2020-01-27"})
    rule_pages = {"policy/indemnites_journalieres.catala_fr": "regles/indemnites_journalieres.md"}.get
    index, pages, problems = render_exemples(examples, tmp_path, cli, rule_pages)
    assert problems == []
    assert [p.page for p in pages] == ["exemples/p2-y.md", "exemples/p10-x.md"]  # natural order
    assert index.index("[P2 — y](exemples/p2-y.md)") < index.index("[P10 — x](exemples/p10-x.md)")
    page = pages[1].markdown
    assert "`secu-independants ij examples/p10_x.json` :" in page
    assert "| `commande` | ij |" in page and "| `montant_total` | 221,85 € |" in page
    assert '"date_arret": "2020-11-02"' in page
    # the rule is linked to its line on the rule page, the article to the same place and to Légifrance
    assert ("- **montant journalier** : 13,05 € — [Montant journalier](../regles/indemnites_journalieres.md#L-943)"
            " · [article D622-7](../regles/indemnites_journalieres.md#L-943) "
            "([Légifrance](https://www.legifrance.gouv.fr/x))") in page
    # a file without rule page: the source is shown, not linked; text from the program is escaped
    assert "    - paramètre plafond (annee 2020) = 41 136 €, du 1er janvier 2020 au 31 décembre 2020 — Arrêté &lt;b&gt;" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_failing_case_is_shown_and_reported(tmp_path: Path, cli: list[str]) -> None:
    examples = tmp_path / "examples"
    write_case(examples, "p1_boom.json", {"date_arret": "boom"})
    page, problems = render_exemples_page(examples, tmp_path, cli)
    assert len(problems) == 1 and "exit code 2: date_arret: expected a date" in problems[0]
    assert '!!! failure "Erreur du programme"' in page


def test_without_cli_the_page_says_so(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    write_case(examples, "p1.json", {"date_arret": "2020-10-05"})
    page, problems = render_exemples_page(examples, tmp_path, None)
    assert problems == []
    assert "pas encore disponible" in page and '"date_arret": "2020-10-05"' in page


def test_without_examples_the_page_says_so(tmp_path: Path) -> None:
    page, problems = render_exemples_page(tmp_path / "examples", tmp_path, None)
    assert problems == [] and "Pas encore d'exemples" in page


@pytest.mark.parametrize("with_cli", [True, False])
def test_each_case_is_read_once(tmp_path: Path, cli: list[str], monkeypatch, with_cli: bool) -> None:
    examples = tmp_path / "examples"
    write_case(examples, "p1_x.json", {"date_arret": "2020-11-02"})
    write_case(examples, "p2_y.json", {"date_demande": "2020-01-27"})
    reads: list[str] = []
    read_text = Path.read_text

    def counted(self: Path, *args, **kwargs) -> str:
        if self.parent == examples:
            reads.append(self.name)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    render_exemples(examples, tmp_path, cli if with_cli else None)
    assert sorted(reads) == ["p1_x.json", "p2_y.json"]

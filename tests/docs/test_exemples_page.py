"""docs/sitegen/exemples.py: the worked-examples pages, with a stand-in CLI written for the test."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitegen.exemples import ExempleInvalide, command_for, render_exemples, render_exemples_page

# A stand-in for `secu-independants ij|rattachement --batch CASES.jsonl --explain`: one line per case with
# outputs of its command and a reasoning of two nodes (one carrying text that must not become HTML), an error
# line for a case whose date_arret is "boom".
FAKE_CLI = textwrap.dedent("""
    import json, sys
    command, batch, path, *options = sys.argv[1:]
    assert batch == "--batch" and options == ["--explain"]
    code = 0
    # outputs of the scope of each command (the page writes each from its type in the generated output class)
    OUTPUTS = {"ij": {"montant_total": "221.85", "regime": "IndependantsSSI"},
               "rattachement": {"demarche_requise": True}}
    for number, text in enumerate(open(path, encoding="utf-8"), start=1):
        case = json.loads(text)
        if case.get("date_arret") == "boom":
            print(json.dumps({"ligne": number, "erreur": {"message": "date_arret: expected a date"}}))
            print("date_arret: expected a date", file=sys.stderr)
            code = 2
            continue
        print(json.dumps({
            "ligne": number, **OUTPUTS[command],
            "explication": {"sorties": {}},
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
    with pytest.raises(ExempleInvalide, match="impossible de savoir si ce cas est pour `ij` ou `rattachement`"):
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
    assert "| `montant_total` | 221,85 € |" in page and "demarche_requise" not in page  # ij's outputs
    assert "| `demarche_requise` | oui |" in pages[0].markdown  # p2 is a rattachement case
    # a constructor in the words of its declaration (`-- IndependantsSSI # libellé : travailleurs indépendants
    # (SSI)`), from the type of the output, as `--format texte` writes it
    assert "| `regime` | travailleurs indépendants (SSI) |" in page
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
    assert len(problems) == 1 and "code de sortie 2 : date_arret: expected a date" in problems[0]
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


@pytest.mark.parametrize(("text", "message"), [
    # the comma missing at the end of line 3: json reports the next token, line 4, column 3
    ('{\n  "date_arret": "2020-10-05",\n  "duree_arret": 20\n  "x": 1\n}\n',
     "examples/p1_ij.json:4:3 : JSON invalide (virgule attendue)"),
    ('{"date_arret": "2020-10-05", "date_arret": "2020-10-06"}',
     "examples/p1_ij.json : le champ « date_arret » est donné deux fois"),
    ('[{"date_arret": "2020-10-05"}]', "examples/p1_ij.json : un cas est un objet JSON"),
    ('{"duree_arret": NaN}', "examples/p1_ij.json : « NaN » n'est pas une valeur JSON"),
    ("", "examples/p1_ij.json:1:1 : JSON invalide (valeur attendue)"),
])
@pytest.mark.parametrize("with_cli", [True, False])
def test_an_invalid_case_file_stops_with_a_french_error_naming_it(tmp_path: Path, cli: list[str], text: str,
                                                                   message: str, with_cli: bool) -> None:
    examples = tmp_path / "examples"
    write_case(examples, "p0_ok.json", {"date_arret": "2020-10-05"})
    (examples / "p1_ij.json").write_text(text, encoding="utf-8")
    with pytest.raises(ExempleInvalide) as raised:
        render_exemples(examples, tmp_path, cli if with_cli else None)
    assert str(raised.value).startswith(message)


def test_a_case_file_in_another_encoding_is_named(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "p1_ij.json").write_bytes('{"id": "arrêt"}'.encode("latin-1"))  # { " i d " : space " a r r → ê is byte 12
    with pytest.raises(ExempleInvalide, match=r"^examples/p1_ij.json : le fichier n'est pas du texte UTF-8 \(octet n° 12\)$"):
        render_exemples(examples, tmp_path, None)


def _build_site(tmp_path: Path, case_text: str) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """`mkdocs build --strict` (as `make docs`) with examples/ holding one file `p1_ij.json` of `case_text`."""
    root = Path(__file__).resolve().parents[2]
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "p1_ij.json").write_text(case_text, encoding="utf-8")
    site = tmp_path / "site"
    (site / "ancien").mkdir(parents=True)  # the site of a previous build
    (site / "ancien" / "index.html").write_text("<p>site précédent</p>", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=root,
        capture_output=True, text=True, timeout=600, env={**os.environ, "SECU_DOCS_EXAMPLES_DIR": str(examples)})
    return completed, examples / "p1_ij.json", site


def test_the_site_build_stops_on_an_invalid_example_without_a_traceback(tmp_path: Path) -> None:
    """`make docs` (mkdocs build --strict) on an examples/ folder holding an invalid file: one French line
    naming the file, line and column, exit code non-zero, no Python traceback, no page written, and the site of
    the previous build left as it was (the pages are made before mkdocs empties the site folder)."""
    completed, case, site = _build_site(tmp_path, '{\n  "date_arret": "2020-10-05"\n  "duree_arret": 20\n}\n')
    assert completed.returncode != 0
    assert f"Exemple invalide : {case}:3:3 : JSON invalide (virgule attendue)" in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert [p.relative_to(site).as_posix() for p in site.rglob("*.html")] == ["ancien/index.html"]


def test_the_site_build_stops_on_a_field_the_program_refuses(tmp_path: Path) -> None:
    """A case whose JSON is valid but a field is not (`duree_arret` is a number of days): the strict build
    stops with the program's French message naming the file and the field, before a page is written; the
    previous site stays."""
    case = json.loads((Path(__file__).resolve().parents[2] / "examples" / "p1_achat_revente_2020.json").read_text())
    case["duree_arret"] = "vingt"
    completed, path, site = _build_site(tmp_path, json.dumps(case))
    assert completed.returncode != 0
    assert f"Exemple public en échec : secu-independants ij {path} : code de sortie 2 : duree_arret : attendu" \
        in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert [p.relative_to(site).as_posix() for p in site.rglob("*.html")] == ["ancien/index.html"]

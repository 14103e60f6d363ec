"""The « Exemples travaillés » pages: every public case of examples/ run through the product's CLI at build
time (`secu-independants ij|rattachement --batch CASES.jsonl --explain`, one run per command), one page per case (the case, the result, the
reasoning with each rule and article linked to its rule page and to Légifrance) and an index page.

- No examples/ directory or no CLI yet: the index page says so (the build goes on).
- The CLI exists but fails on a public case (a field it refuses, named in its French message): the failure
  is shown on the case's page and reported as a warning in a build that is not strict; a strict build (the
  project's, mkdocs.yml) stops with it before a page is written (docs/gen_pages.py).
- A file of examples/ that is not a case (invalid UTF-8 or JSON, a field given twice, not an object, no
  field telling its command): `ExempleInvalide`, a French message naming the file and the place (line and
  column, or the field); docs/gen_pages.py stops the build with it before a page is written.
- Everything that comes from a case, the result or the policy text is shown as plain text (escaped).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from secu_independants.raisonnement import resultat_en_mots

if TYPE_CHECKING:
    from secu_independants.liaison import Portee

from .regles import anchor_for, inert, line_anchor, plain

COMMANDS = ("ij", "rattachement")
# Fields that only one command requires (see the public interface, docs/cli-api.md).
_REQUIRED_FIELD = {"ij": "date_arret", "rattachement": "date_demande"}
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class ExampleRun:
    """One public case and what the CLI answered for it."""

    path: Path
    command: str
    inputs: object
    result: object | None  # parsed JSON of the result (without its explanation)
    reasoning: list  # the `raisonnement` of the --explain run
    error: str | None  # set when the CLI failed


def cli_command() -> list[str] | None:
    """How to call the product's CLI from this interpreter, or None when it does not exist yet."""
    try:
        if importlib.util.find_spec("secu_independants.cli") is None:
            return None
    except ImportError:
        return None
    script = Path(sys.executable).with_name("secu-independants")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from secu_independants.cli import main; sys.exit(main())"]


class ExempleInvalide(ValueError):
    """A file of examples/ the site cannot show as a case; the message (French) names the file and the place."""


#: The messages of the `json` module, as a French reader reads them.
_JSON_EN_FRANCAIS = {
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu",
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets droits attendu",
    "Unterminated string starting at": "chaîne sans guillemet de fin",
    "Invalid control character at": "caractère de contrôle dans une chaîne",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Invalid \\uXXXX escape": "séquence \\uXXXX invalide",
    "Extra data": "texte après la fin du document JSON",
}


class _ChampEnDouble(ValueError):
    def __init__(self, champ: str):
        super().__init__(champ)
        self.champ = champ


def _sans_doublon(paires: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose keys differ (a second value would silently replace the first)."""
    objet = dict(paires)
    if len(objet) != len(paires):
        vues: set[str] = set()
        for champ, _valeur in paires:
            if champ in vues:
                raise _ChampEnDouble(champ)
            vues.add(champ)
    return objet


def _pas_de_constante(nom: str) -> object:
    raise ValueError(nom)


def read_case(path: Path, root: Path) -> object:
    """The JSON case of a file of examples/, or `ExempleInvalide` naming the file and the place."""
    relative = _relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ExempleInvalide(f"{relative} : le fichier n'est pas du texte UTF-8 (octet n° {error.start + 1})") from None
    try:
        case = json.loads(text, object_pairs_hook=_sans_doublon, parse_constant=_pas_de_constante)
    except json.JSONDecodeError as error:
        raise ExempleInvalide(f"{relative}:{error.lineno}:{error.colno} : JSON invalide "
                              f"({_JSON_EN_FRANCAIS.get(error.msg, error.msg)})") from None
    except _ChampEnDouble as error:
        raise ExempleInvalide(f"{relative} : le champ « {error.champ} » est donné deux fois") from None
    except ValueError as error:  # NaN, Infinity: not JSON
        raise ExempleInvalide(f"{relative} : « {error} » n'est pas une valeur JSON") from None
    except RecursionError:
        raise ExempleInvalide(f"{relative} : JSON trop profondément imbriqué") from None
    if not isinstance(case, dict):
        raise ExempleInvalide(f"{relative} : un cas est un objet JSON ({{ \"champ\": valeur, … }}), "
                              f"pas {type(case).__name__}")
    return case


def command_for(path: Path, case: object, root: Path | None = None) -> str:
    """`ij` or `rattachement`: from the folder (examples/ij/…) or the file name (…rattachement…), else
    from the field only that command requires."""
    for part in (path.parent.name, path.stem):
        for command in COMMANDS:
            if part == command or part.startswith(command + "_") or f"_{command}" in part:
                return command
    if isinstance(case, dict):
        for command, required in _REQUIRED_FIELD.items():
            if required in case:
                return command
    champs = " ou ".join(f"« {champ} »" for champ in _REQUIRED_FIELD.values())
    raise ExempleInvalide(f"{_relative(path, root) if root else path} : impossible de savoir si ce cas est pour `ij` ou `rattachement` (ni le dossier "
                          f"ni le nom du fichier ne le disent, et il n'a pas de champ {champs})")


def example_files(examples_dir: Path) -> list[Path]:
    """The JSON cases of examples/ (subfolders included), in natural order (p2 before p10)."""
    if not examples_dir.is_dir():
        return []
    return sorted(examples_dir.rglob("*.json"), key=_natural_key)


def run_examples(cli: list[str], cases: dict[Path, object], cwd: Path) -> dict[Path, ExampleRun]:
    """Run the CLI with --explain on every case (file → its parsed JSON): one `--batch` run per command (a
    process per case would cost a start-up each), each output line matched to its case by `ligne`."""
    runs: dict[Path, ExampleRun] = {}
    by_command: dict[str, list[Path]] = {}
    for path, case in cases.items():
        by_command.setdefault(command_for(path, case, cwd), []).append(path)
    for command, group in by_command.items():
        with tempfile.TemporaryDirectory(prefix="secu-exemples-") as folder:
            batch = Path(folder) / "cas.jsonl"
            batch.write_text("".join(json.dumps(cases[p], ensure_ascii=False) + "\n" for p in group), encoding="utf-8")
            process = _run(cli + [command, "--batch", str(batch), "--explain"], cwd)
        lines = {}
        for text in process.stdout.splitlines():
            try:
                line = json.loads(text)
            except json.JSONDecodeError:
                continue
            if isinstance(line, dict) and isinstance(line.get("ligne"), int):
                lines[line["ligne"]] = line
        for number, path in enumerate(group, start=1):
            line = lines.get(number)
            if line is None:
                runs[path] = ExampleRun(path, command, cases[path], None, [], _failure(process))
            elif "erreur" in line:
                message = (line["erreur"] or {}).get("message") if isinstance(line["erreur"], dict) else line["erreur"]
                runs[path] = ExampleRun(path, command, cases[path], None, [], f"code de sortie {process.returncode} : {message}")
            else:
                reasoning = line.pop("raisonnement", None) or []
                for key in ("explication", "ligne", "id"):
                    line.pop(key, None)
                runs[path] = ExampleRun(path, command, cases[path], line, reasoning, None)
    return runs


@dataclass(frozen=True)
class ExamplePage:
    title: str
    page: str  # path under docs/, e.g. exemples/p1-achat-revente-2020.md
    markdown: str


def page_of(path: Path) -> str:
    """`examples/p1_achat_revente_2020.json` → `exemples/p1-achat-revente-2020.md`."""
    return f"exemples/{re.sub(r'[^a-z0-9]+', '-', path.stem.lower()).strip('-')}.md"


def render_exemples(examples_dir: Path, root: Path, cli: list[str] | None,
                    rule_page: Callable[[str], str | None] = lambda _: None
                    ) -> tuple[str, list[ExamplePage], list[str]]:
    """The index page, one page per case, and the problems to report (CLI failures on public cases).
    `rule_page(file)` gives the rule page (`regles/x.md`) of a policy file cited by a position, or None."""
    lines = [
        "# Exemples travaillés",
        "",
        "Les cas publics du dossier `examples/`, passés dans le programme au moment où ce site a été construit : "
        "les résultats et les raisonnements sont ceux que calcule le code, pas une copie à la main.",
        "",
    ]
    files = example_files(examples_dir)
    if not files:
        lines += ['!!! warning "Pas encore d\'exemples"',
                  f"    Le dossier `{_relative(examples_dir, root)}` ne contient encore aucun cas (`*.json`).", ""]
        return "\n".join(lines), [], []
    if cli is None:
        lines += ['!!! warning "Interface en ligne de commande pas encore disponible"',
                  "    La commande `secu-independants` n'existe pas encore dans cette version : les entrées des cas "
                  "sont montrées, sans résultats.", ""]
    pages: list[ExamplePage] = []
    problems: list[str] = []
    cases = {path: read_case(path, root) for path in files}  # each file parsed once, all before any page
    runs = run_examples(cli, cases, root) if cli is not None else {}
    lines += ["| Cas | Commande | Résultat |", "|---|---|---|"]
    for path in files:
        relative = _relative(path, root)
        page = page_of(path)
        title = _title(path, cases[path])
        body = [f"# {plain(title)}", ""]
        if cli is None:
            body += [f"Entrée (`{relative}`) :", "", "```json", json.dumps(cases[path], ensure_ascii=False, indent=2),
                     "```", ""]
            lines.append(f"| [{plain(title)}]({page}) | | |")
            pages.append(ExamplePage(title, page, "\n".join(body)))
            continue
        run = runs[path]
        command_line = f"secu-independants {run.command} {relative}"
        body += [f"Entrée (`{relative}`) :", "", "```json", json.dumps(run.inputs, ensure_ascii=False, indent=2),
                 "```", ""]
        if run.error is not None:
            problems.append(f"{command_line} : {run.error}")
            body += ['!!! failure "Erreur du programme"', f"    `{command_line}` a échoué :", "",
                     "    ```text", *("    " + l for l in run.error.splitlines()), "    ```", ""]
            lines.append(f"| [{plain(title)}]({page}) | `{run.command}` | erreur |")
        else:
            body += [f"## Résultat", "", f"`{command_line}` :", "", *_result_table(run.result, run.command), ""]
            body += ["## Raisonnement", "",
                     f"`{command_line} --explain --format texte` en donne le même texte. Chaque règle renvoie à la "
                     "ligne de `policy/` où elle est écrite, chaque article à sa page Légifrance.", ""]
            links = _Links(page, rule_page)
            for node in run.reasoning:
                body += _node_lines(node, 0, links)
            body.append("")
            lines.append(f"| [{plain(title)}]({page}) | `{run.command}` | {_summary(run.result, run.command)} |")
        pages.append(ExamplePage(title, page, "\n".join(body)))
    lines.append("")
    return "\n".join(lines), pages, problems


def render_exemples_page(examples_dir: Path, root: Path, cli: list[str] | None) -> tuple[str, list[str]]:
    """The index and every case's page as one text (for a quick look), and the problems."""
    index, pages, problems = render_exemples(examples_dir, root, cli)
    return "\n".join([index, *(p.markdown for p in pages)]), problems


class _Links:
    """Links from one example page to the rule pages (relative to the page)."""

    def __init__(self, page: str, rule_page: Callable[[str], str | None]):
        self.up = "../" * page.count("/")
        self.rule_page = rule_page
        self.stated: set[str] = set()  # the rules whose statement the page already shows

    def statement(self, node: dict) -> str | None:
        """The statement of the law under the node's rule, the first time the page cites that rule."""
        rule, text = node.get("regle"), node.get("enonce")
        if not text or rule in self.stated:
            return None
        self.stated.add(rule)
        return text

    def position(self, position: str | None) -> str | None:
        """`policy/x.catala_fr:964` → `../regles/x.md#L-964`, or None when no rule page shows that file."""
        if not position or ":" not in position:
            return None
        file, _, line = position.rpartition(":")
        target = self.rule_page(file)
        return f"{self.up}{target}#{line_anchor(int(line))}" if target and line.isdigit() else None

    def cite(self, element: dict) -> str:
        """` — [rule](rule page#line) · article D622-7 ([Légifrance](…))` for a node, parameter or constant."""
        parts = []
        rule = element.get("regle") or element.get("source")
        where = self.position(element.get("position"))
        if rule:
            parts.append(f"[{plain(rule)}]({where})" if where else plain(rule))
        elif where:
            parts.append(f"[{plain(element['position'])}]({where})")
        if element.get("article"):
            article = f"article {plain(element['article'])}"
            if where and element.get("article_id"):  # the heading that carries the article, on its rule page
                where = where.split("#")[0] + "#" + anchor_for(element["article_id"])
            article = f"[{article}]({where})" if where else article
            url = element.get("legifrance")
            parts.append(f"{article} ([Légifrance]({url}))" if url else article)
        return (" — " + " · ".join(parts)) if parts else ""


def _node_lines(node: dict, depth: int, links: _Links) -> list[str]:
    pad = "    " * depth
    lines = [f"{pad}- **{plain(node['libelle'])}** : {plain(str(node.get('valeur', '')))}{links.cite(node)}"]
    inner = pad + "    "
    statement = links.statement(node)
    if statement:
        lines.append(f"{inner}- *Le droit* : {inert(statement)}")
    if node.get("calcul"):
        lines.append(f"{inner}- calcul : {plain(node['calcul'])}")
    if node.get("donnees"):
        lines.append(inner + "- données du cas : " + " ; ".join(
            f"{plain(d['libelle'])} = {plain(d['valeur'])}" for d in node["donnees"]))
    for parameter in node.get("parametres", []):
        period = f", {plain(parameter['periode'])}" if parameter.get("periode") else ""
        lines.append(f"{inner}- paramètre {plain(parameter['nom'])} = {plain(parameter['valeur'])}{period}"
                     f"{links.cite(parameter)}")
    for constant in node.get("constantes", []):
        lines.append(f"{inner}- constante {plain(constant['nom'])} = {plain(constant['valeur'])}{links.cite(constant)}")
    if node.get("voir"):
        lines.append(inner + "- utilise : " + " ; ".join(plain(v["libelle"]) for v in node["voir"]) + " (voir plus haut)")
    for child in node.get("enfants", []):
        lines += _node_lines(child, depth + 1, links)
    return lines


def _summary(result: dict, command: str) -> str:
    keys = [k for k in ("eligible", "montant_total", "organisme_destinataire") if k in result]
    scope = _scope(command)
    return " ; ".join(f"{k.replace('_', ' ')} : {plain(resultat_en_mots(k, result[k], scope))}" for k in keys)


def _result_table(result: object, command: str) -> list[str]:
    """The fields of a result, each value in words from the type of the output (as `--format texte`)."""
    rows = ["| Champ | Valeur |", "|---|---|"]
    scope = _scope(command)
    for key, value in (result.items() if isinstance(result, dict) else []):
        rows.append(f"| `{key}` | {plain(resultat_en_mots(key, value, scope)).replace('|', '&#124;')} |")
    return rows


def _scope(command: str) -> Portee:
    """The generated scope of `command`, whose output types tell how each value is written (`GenerationManquante`
    when generated/ does not hold it: the examples are run by the CLI over generated/ anyway)."""
    from secu_independants.api import portee

    return portee(command)


def _run(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(arguments, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)


def _failure(process: subprocess.CompletedProcess) -> str:
    detail = (process.stderr or process.stdout).strip()
    return f"code de sortie {process.returncode} : {detail[:2000]}"


def _title(path: Path, case: object = None) -> str:
    """The case's `id` when it is a text (`"P1 — achat-revente, cas standard (2020)"`), else from the file
    name: `p1_achat_revente_2020.json` → `P1 — achat revente 2020`."""
    if isinstance(case, dict) and isinstance(case.get("id"), str) and case["id"].strip():
        return case["id"].strip()
    first, _, rest = path.stem.partition("_")
    return f"{first.upper()} — {rest.replace('_', ' ')}" if rest else first.upper()


def _natural_key(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

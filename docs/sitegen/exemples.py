"""The « Exemples travaillés » page: every public case of examples/ run through the product's CLI at build
time (`secu-independants ij|rattachement FILE`, then again with `--explain`).

- No examples/ directory or no CLI yet: the page says so (the build goes on).
- The CLI exists but fails on a public case: the failure is shown on the page AND reported as a warning,
  which makes `mkdocs build --strict` fail.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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
    result: object | None  # parsed JSON of the plain run
    explain: str  # output of the --explain run
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


def command_for(path: Path, case: object) -> str:
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
    raise ValueError(f"{path}: cannot tell whether this case is for `ij` or `rattachement`")


def example_files(examples_dir: Path) -> list[Path]:
    """The JSON cases of examples/ (subfolders included), in natural order (p2 before p10)."""
    if not examples_dir.is_dir():
        return []
    return sorted(examples_dir.rglob("*.json"), key=_natural_key)


def run_example(cli: list[str], path: Path, cwd: Path) -> ExampleRun:
    """Run the CLI on one case, plainly then with --explain."""
    inputs = json.loads(path.read_text(encoding="utf-8"))
    command = command_for(path, inputs)
    plain = _run(cli + [command, str(path)], cwd)
    if plain.returncode != 0:
        return ExampleRun(path, command, inputs, None, "", _failure(plain))
    try:
        result = json.loads(plain.stdout)
    except json.JSONDecodeError as error:
        return ExampleRun(path, command, inputs, None, "", f"stdout is not JSON ({error}): {plain.stdout[:500]}")
    explained = _run(cli + [command, str(path), "--explain"], cwd)
    if explained.returncode != 0:
        return ExampleRun(path, command, inputs, result, "", _failure(explained))
    trail = explained.stdout + (("\n" + explained.stderr) if explained.stderr.strip() else "")
    return ExampleRun(path, command, inputs, result, trail, None)


def render_exemples_page(examples_dir: Path, root: Path, cli: list[str] | None) -> tuple[str, list[str]]:
    """The page, and the problems to report (CLI failures on public cases)."""
    lines = [
        "# Exemples travaillés",
        "",
        "Les cas publics du dossier `examples/`, passés dans le programme au moment où ce site a été construit : "
        "les résultats ci-dessous sont ceux que calcule le code, pas une copie à la main.",
        "",
    ]
    files = example_files(examples_dir)
    if not files:
        lines += ['!!! warning "Pas encore d\'exemples"',
                  f"    Le dossier `{_relative(examples_dir, root)}` ne contient encore aucun cas (`*.json`).", ""]
        return "\n".join(lines), []
    if cli is None:
        lines += ['!!! warning "Interface en ligne de commande pas encore disponible"',
                  "    La commande `secu-independants` n'existe pas encore dans cette version : les entrées des cas "
                  "sont montrées, sans résultats.", ""]
    problems: list[str] = []
    for path in files:
        relative = _relative(path, root)
        lines += [f"## {_title(path)}", ""]
        if cli is None:
            lines += [f"Entrée (`{relative}`) :", "", "```json", _read_pretty(path), "```", ""]
            continue
        run = run_example(cli, path, root)
        command_line = f"secu-independants {run.command} {relative}"
        lines += [f"Entrée (`{relative}`) :", "", "```json", json.dumps(run.inputs, ensure_ascii=False, indent=2),
                  "```", ""]
        if run.error is not None:
            problems.append(f"{command_line}: {run.error}")
            lines += ['!!! failure "Erreur du programme"', f"    `{command_line}` a échoué :", "",
                      "    ```text", *("    " + l for l in run.error.splitlines()), "    ```", ""]
            continue
        lines += [f"Résultat de `{command_line}` :", "", *_result_table(run.result), ""]
        lines += [f'??? note "Explication (`{command_line} --explain`)"', "", "    ```text",
                  *("    " + l for l in run.explain.rstrip("\n").splitlines()), "    ```", ""]
    return "\n".join(lines), problems


def _result_table(result: object) -> list[str]:
    if not isinstance(result, dict):
        return ["```json", json.dumps(result, ensure_ascii=False, indent=2), "```"]
    rows = ["| Champ | Valeur |", "|---|---|"]
    for key, value in result.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        cell = str(shown).replace("|", "\\|")
        rows.append(f"| `{key}` | `{cell}` |")
    return rows


def _run(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(arguments, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)


def _failure(process: subprocess.CompletedProcess) -> str:
    detail = (process.stderr or process.stdout).strip()
    return f"exit code {process.returncode}: {detail[:2000]}"


def _read_pretty(path: Path) -> str:
    return json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False, indent=2)


def _title(path: Path) -> str:
    """`p1_achat_revente_2020.json` → `P1 — achat revente 2020`."""
    first, _, rest = path.stem.partition("_")
    return f"{first.upper()} — {rest.replace('_', ' ')}" if rest else first.upper()


def _natural_key(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

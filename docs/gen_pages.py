"""mkdocs-gen-files script: writes the generated pages of the site at build time.

- one page per literate source of policy/ (and policy/tests/), under regles/;
- « Paramètres », read from policy/parametres.catala_fr;
- « Exemples travaillés », by running the public cases of examples/ through the CLI;
- « Architecture », ARCHITECTURE.md included as it is;
- SUMMARY.md, the navigation read by mkdocs-literate-nav.

`SECU_DOCS_POLICY_DIR` / `SECU_DOCS_EXAMPLES_DIR` point the generator at other folders (used by tests).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import mkdocs_gen_files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen.exemples import cli_command, render_exemples_page  # noqa: E402
from sitegen.literate import render_page  # noqa: E402
from sitegen.parametres import render_parametres_page, require_dated_values  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POLICY = Path(os.environ.get("SECU_DOCS_POLICY_DIR", ROOT / "policy"))
EXAMPLES = Path(os.environ.get("SECU_DOCS_EXAMPLES_DIR", ROOT / "examples"))
PARAMETERS_FILE = "parametres.catala_fr"
log = logging.getLogger("mkdocs.plugins.secu_docs")


def display_path(path: Path) -> str:
    """`policy/foo.catala_fr` for files of the repository, the absolute path otherwise."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def policy_sources() -> list[Path]:
    """The literate sources, main files first, then the test files."""
    if not POLICY.is_dir():
        return []
    main = sorted(POLICY.glob("*.catala_*"))
    tests = sorted(p for p in POLICY.rglob("*.catala_*") if p.parent != POLICY)
    return main + tests


def write(page: str, text: str) -> None:
    with mkdocs_gen_files.open(page, "w", encoding="utf-8") as handle:
        handle.write(text)


def generate_rule_pages() -> list[tuple[str, str]]:
    """Write regles/…md for every source; return (nav title, page) pairs."""
    entries = []
    for source in policy_sources():
        relative = source.relative_to(POLICY)
        page = "regles/" + relative.with_suffix(".md").as_posix()
        rendered = render_page(source.read_text(encoding="utf-8"), display_path(source))
        write(page, rendered.markdown)
        entries.append((rendered.title, page))
    return entries


def generate_parametres_page() -> None:
    source = POLICY / PARAMETERS_FILE
    if not source.exists():
        write("parametres.md", "# Paramètres\n\n!!! warning \"Pas encore écrit\"\n"
              f"    Le fichier `{display_path(source)}` n'existe pas encore.\n")
        log.info("secu_docs: %s not found, Paramètres page left empty", source)
        return
    values = require_dated_values(source.read_text(encoding="utf-8"), display_path(source))
    write("parametres.md", render_parametres_page(values, display_path(source), "regles/parametres.md"))


def generate_exemples_page() -> None:
    page, problems = render_exemples_page(EXAMPLES, ROOT, cli_command())
    write("exemples.md", page)
    for problem in problems:
        log.warning("secu_docs: a public example fails: %s", problem)


def generate_architecture_page() -> None:
    architecture = ROOT / "ARCHITECTURE.md"
    text = architecture.read_text(encoding="utf-8") if architecture.exists() else "# Architecture\n"
    note = "\n!!! info \"Source\"\n    Cette page reprend le fichier `ARCHITECTURE.md` du dépôt.\n"
    head, newline, rest = text.partition("\n")
    write("architecture.md", head + newline + note + rest)


def _label(title: str) -> str:
    """A page title usable as a Markdown link text."""
    return title.replace("[", "\\[").replace("]", "\\]")


def generate_summary(rule_pages: list[tuple[str, str]]) -> None:
    lines = ["* [Accueil](index.md)"]
    main = [(t, p) for t, p in rule_pages if p.count("/") == 1]
    nested = [(t, p) for t, p in rule_pages if p.count("/") > 1]
    if rule_pages:
        lines.append("* Les règles")
        lines += [f"    * [{_label(title)}]({page})" for title, page in main]
        if nested:
            lines.append("    * Cas de test")
            lines += [f"        * [{_label(title)}]({page})" for title, page in nested]
    lines += [
        "* [Paramètres](parametres.md)",
        "* [Exemples travaillés](exemples.md)",
        "* [CLI et API Python](cli-api.md)",
        "* [Architecture](architecture.md)",
    ]
    write("SUMMARY.md", "\n".join(lines) + "\n")


rules = generate_rule_pages()
generate_parametres_page()
generate_exemples_page()
generate_architecture_page()
generate_summary(rules)

"""The mkdocs hook (mkdocs.yml, `hooks:`) that makes the generated pages of the site:

- one page per literate source of policy/ under regles/ (the law and its formalization, for the legal
  reader), and of policy/tests/ (test and mutation cases: in the « Vérification » section of the
  navigation, left out of the search);
- « Paramètres », from what the compiler emitted for policy/parametres.catala_fr (generated/parametres.py);
- « Exemples travaillés », by running the public cases of examples/ through the CLI: one page per case;
- « Architecture », ARCHITECTURE.md included as it is;
- SUMMARY.md, the navigation read by mkdocs-literate-nav.

Every page is made in `on_pre_build`, which mkdocs runs before it empties the site folder: an invalid or failing
example stops the build there, and the site of the previous build stays as it was. `on_files` then adds the
pages, held in memory, to the site's files (`File.generated`).

`SECU_DOCS_POLICY_DIR` / `SECU_DOCS_EXAMPLES_DIR` point the generator at other folders (used by tests).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen.exemples import ExempleInvalide, cli_command, render_exemples  # noqa: E402
from sitegen.regles import plain, render_page  # noqa: E402
from sitegen.parametres import render_parametres_page, require_dated_values  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POLICY = Path(os.environ.get("SECU_DOCS_POLICY_DIR", ROOT / "policy"))
EXAMPLES = Path(os.environ.get("SECU_DOCS_EXAMPLES_DIR", ROOT / "examples"))
PARAMETERS_FILE = "parametres.catala_fr"
GENERATED_PARAMETERS = "generated.parametres"
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


#: the pages of the build under way (path in the site's sources → Markdown), made by `on_pre_build`
PAGES: dict[str, str] = {}


def write(page: str, text: str) -> None:
    PAGES[page] = text


# Pages of the « Vérification » section: no place in the legal reader's search.
NOT_IN_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
RULE_PAGES: dict[str, str] = {}  # display path of a policy file (as positions cite it) → its page


def generate_rule_pages() -> list[tuple[str, str]]:
    """Write regles/…md for every source; return (nav title, page) pairs."""
    entries = []
    for source in policy_sources():
        relative = source.relative_to(POLICY)
        page = "regles/" + relative.with_suffix(".md").as_posix()
        rendered = render_page(source.read_text(encoding="utf-8"), display_path(source))
        write(page, (NOT_IN_SEARCH if is_verification(page) else "") + rendered.markdown)
        RULE_PAGES[display_path(source)] = page
        entries.append((rendered.title, page))
    return entries


def is_verification(page: str) -> bool:
    """Test cases and mutation cases (policy/tests/…), as opposed to the law."""
    return page.count("/") > 1


def generate_parametres_page() -> None:
    source = POLICY / PARAMETERS_FILE
    if not source.exists():
        write("parametres.md", "# Paramètres\n\n!!! warning \"Pas encore écrit\"\n"
              f"    Le fichier `{display_path(source)}` n'existe pas encore.\n")
        log.info("secu_docs: %s not found, Paramètres page left empty", source)
        return
    # the values come from what the compiler emitted for parametres.catala_fr (generated/, kept up to date by
    # `make generate`, checked by CI), not from the policy text
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    values = require_dated_values(importlib.import_module(GENERATED_PARAMETERS))
    write("parametres.md", render_parametres_page(values, display_path(source), "regles/parametres.md"))


def generate_exemples_pages(strict: bool) -> list[tuple[str, str]]:
    """exemples.md and one page per case; return (nav title, page) pairs of the cases."""
    index, pages, problems = render_exemples(EXAMPLES, ROOT, cli_command(), RULE_PAGES.get)
    if problems and strict:  # mkdocs.yml, `make docs`: stop before the site is touched
        raise PluginError("Exemple public en échec : " + " ; ".join(problems))
    write("exemples.md", index)
    for example in pages:
        write(example.page, example.markdown)
    for problem in problems:  # a build that is not strict: the case's page shows the failure
        log.warning("secu_docs : exemple public en échec : %s", problem)
    return [(example.title, example.page) for example in pages]


def generate_schemas_page() -> None:
    """The JSON Schemas of the cases and results, as `secu-independants schema` prints them (schemas.py)."""
    import json

    from secu_independants.schemas import schema

    lines = ["# Schémas JSON", "",
             "Les schémas JSON (JSON Schema, draft-04) des cas et des résultats, tels que les donnent "
             "`secu-independants schema ij|rattachement` et `GET /schema/ij|rattachement`. Ils sont dérivés de ce "
             "qu'émet le compilateur pour les types Catala (`python -m catalapy json-schema FICHIER -s CHAMP`), "
             "complétés par l'interface publique : valeurs par défaut, montants en chaînes décimales, `null` pour "
             "une valeur optionnelle, champ `id`.", ""]
    for commande in ("ij", "rattachement"):
        for titre, sortie in (("cas", False), ("résultat", True)):
            lines += [f"## `{commande}` : {titre}", "", "```json",
                      json.dumps(schema(commande, sortie=sortie), ensure_ascii=False, indent=2), "```", ""]
    write("schemas.md", "\n".join(lines))


def generate_architecture_page() -> None:
    architecture = ROOT / "ARCHITECTURE.md"
    text = architecture.read_text(encoding="utf-8") if architecture.exists() else "# Architecture\n"
    note = "\n!!! info \"Source\"\n    Cette page reprend le fichier `ARCHITECTURE.md` du dépôt.\n"
    head, newline, rest = text.partition("\n")
    write("architecture.md", head + newline + note + rest)


def _label(title: str) -> str:
    """A page title usable as a Markdown link text (escaped: titles come from the sources)."""
    return plain(title)


def generate_summary(rule_pages: list[tuple[str, str]], example_pages: list[tuple[str, str]]) -> None:
    lines = ["* [Accueil](index.md)"]
    main = [(t, p) for t, p in rule_pages if not is_verification(p)]
    verification = [(t, p) for t, p in rule_pages if is_verification(p)]
    if main:
        lines.append("* Les règles")
        lines += [f"    * [{_label(title)}]({page})" for title, page in main]
    lines.append("* [Paramètres](parametres.md)")
    lines.append("* Exemples travaillés")
    lines.append("    * [Tous les exemples](exemples.md)")
    lines += [f"    * [{_label(title)}]({page})" for title, page in example_pages]
    lines += [
        "* [CLI et API Python](cli-api.md)",
        "* [Schémas JSON](schemas.md)",
        "* [Architecture](architecture.md)",
    ]
    if verification:
        lines.append("* Vérification")
        lines += [f"    * [{_label(title)}]({page})" for title, page in verification]
    write("SUMMARY.md", "\n".join(lines) + "\n")


def on_pre_build(config: MkDocsConfig) -> None:
    """Make every generated page, before mkdocs empties the site folder; a `PluginError` (reported by mkdocs
    as one line) on an invalid example, or on a failing one when the build is strict."""
    PAGES.clear()
    RULE_PAGES.clear()
    try:
        rules = generate_rule_pages()
        generate_parametres_page()
        examples = generate_exemples_pages(bool(config.strict))
        generate_architecture_page()
        generate_schemas_page()
        generate_summary(rules, examples)
    except ExempleInvalide as error:
        raise PluginError(f"Exemple invalide : {error}") from None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The pages made by `on_pre_build`, added to the site's sources."""
    for page, text in PAGES.items():
        files.append(File.generated(config, page, content=text))
    return files

"""The directions of dependence of ARCHITECTURE.md, checked on the import statements of the source files:
the runtime imports no compiler pass, generated code imports only the runtime (and its sibling generated
modules), the product layer imports generated code and the runtime but never the compiler."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPILER = ("catalapy.syntax", "catalapy.desugar", "catalapy.typing", "catalapy.dcalc", "catalapy.backend",
            "catalapy.driver", "catalapy.cli", "catalapy.literate", "catalapy.errors", "catalapy.position",
            "catalapy.stdlib")


def absolute_imports(path: Path) -> set[str]:
    """The absolute module names imported by a file (relative imports stay inside their package)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def compiler_imports(path: Path) -> list[str]:
    return sorted(n for n in absolute_imports(path) if n.startswith(COMPILER))


@pytest.mark.parametrize("folder", ["catalapy/runtime", "generated", "secu_independants"])
def test_no_compiler_pass_is_imported(folder: str) -> None:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, folder
    offenders = {str(f.relative_to(ROOT)): compiler_imports(f) for f in files if compiler_imports(f)}
    assert offenders == {}


def test_generated_code_imports_only_the_runtime() -> None:
    allowed_roots = ("catalapy.runtime", "__future__", "enum", "dataclasses", "datetime", "fractions", "typing")
    for path in sorted((ROOT / "generated").glob("*.py")):
        foreign = [n for n in absolute_imports(path) if not n.startswith(allowed_roots) and n != "catalapy"]
        assert foreign == [], path.name


def test_the_product_reads_no_policy_source() -> None:
    """secu_independants/ reads what the compiler emits (generated/), never a literate source: no file name
    ending in .catala_fr/.catala_en, no file opened or listed (the wheel ships no policy/)."""
    for path in sorted((ROOT / "secu_independants").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                   and not _is_docstring(tree, n)]
        assert not [s for s in strings if ".catala_" in s and "{" not in s], path.name
        calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        assert not calls & {"read_text", "glob", "rglob", "iterdir"}, path.name


def _is_docstring(tree: ast.AST, node: ast.Constant) -> bool:
    return any(isinstance(parent, (ast.Module, ast.FunctionDef, ast.ClassDef)) and parent.body
               and isinstance(parent.body[0], ast.Expr) and parent.body[0].value is node
               for parent in ast.walk(tree))


def test_the_documentation_has_one_literate_reader() -> None:
    """docs/ reads literate sources through catalapy.literate (no fence or heading regex of its own)."""
    sitegen = sorted((ROOT / "docs").rglob("*.py"))
    assert not (ROOT / "docs" / "sitegen" / "literate.py").exists()
    for path in sitegen:
        text = path.read_text(encoding="utf-8")
        assert 're.compile(r"^```' not in text and "re.compile(r\"^(#" not in text, path.name
    assert "from catalapy.literate import" in (ROOT / "docs" / "sitegen" / "regles.py").read_text(encoding="utf-8")

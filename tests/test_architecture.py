"""The directions of dependence of ARCHITECTURE.md, checked on the import statements of the source files:
the runtime imports no compiler pass, generated code imports only the runtime (and its sibling generated
modules), the product layer imports generated code and the runtime but never the compiler, and each compiler
pass imports only the passes before it (the table ALLOWED_IMPORTS)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPILER = ("catalapy.syntax", "catalapy.desugar", "catalapy.typing", "catalapy.dcalc", "catalapy.lcalc",
            "catalapy.scalc", "catalapy.backend",
            "catalapy.driver", "catalapy.cli", "catalapy.literate", "catalapy.errors", "catalapy.position",
            "catalapy.stdlib", "catalapy.operators")


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


# Each compiler pass imports only what comes before it (and the shared position, error and operator modules). The
# table lists, for each module or package of the compiler, the catalapy modules it imports besides its own
# package: what is true, no more (test_no_entry_of_the_table_is_stale), so that a new dependence is a decision
# taken here.
SHARED = ("catalapy.position", "catalapy.errors")
IR = SHARED + ("catalapy.operators",)  # the operators of the IR from desugaring on: one enumeration, one table
ALLOWED_IMPORTS = {
    "catalapy.operators": (),
    "catalapy.position": ("catalapy.runtime.position",),
    "catalapy.errors": ("catalapy.position", "catalapy.runtime.diagnostics"),
    "catalapy.literate": SHARED + ("catalapy.syntax.ast", "catalapy.syntax.dialects"),  # dialects: data
    "catalapy.syntax": SHARED + ("catalapy.literate",),
    "catalapy.desugar": IR + ("catalapy.syntax.ast",),
    "catalapy.typing": IR + ("catalapy.desugar.ir",),
    # runtime.trace: the kinds of the events the trace pass (dcalc/trace_pass.py) tags expressions with
    "catalapy.dcalc": SHARED + ("catalapy.desugar.ir", "catalapy.runtime.trace"),
    # default elimination (decisions over the dcalc IR)
    "catalapy.lcalc": ("catalapy.position", "catalapy.dcalc.ir", "catalapy.desugar.ir"),
    # expressions to statements, module-level names, renaming; runtime.stdlib: the implementations some stdlib
    # calls are written out from
    "catalapy.scalc": IR + ("catalapy.lcalc.ir", "catalapy.dcalc.ir", "catalapy.dcalc.trace_pass",
                            "catalapy.desugar.ir", "catalapy.runtime.stdlib"),
    # the printer: prints the statement IR and the declarations scalc named (json_schema.py prints from the typed IR)
    "catalapy.backend": ("catalapy.errors", "catalapy.scalc", "catalapy.lcalc.ir", "catalapy.dcalc.ir",
                         "catalapy.desugar.ir"),
    "catalapy.driver": ("catalapy",),  # runs the passes in order
    "catalapy.cli": ("catalapy.driver", "catalapy.errors", "catalapy.runtime", "catalapy.backend.json_schema"),
    "catalapy.__main__": ("catalapy.cli",),
    "catalapy.pygments_lexer": (),
    "catalapy.stdlib": (),
}


def _compiler_modules() -> list[tuple[str, Path]]:
    """(module name, path) of every compiler module (catalapy/ without the runtime)."""
    return [(module, path) for path in sorted((ROOT / "catalapy").rglob("*.py"))
            if (module := _module_name(path)) != "catalapy" and not module.startswith("catalapy.runtime")]


def _owner(module: str) -> str:
    return next(k for k in ALLOWED_IMPORTS if module == k or module.startswith(k + "."))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def forbidden_imports(module: str, imported: set[str]) -> list[str]:
    """The catalapy modules in ``imported`` that ALLOWED_IMPORTS does not let ``module`` import."""
    owner = _owner(module)
    allowed = (owner,) + ALLOWED_IMPORTS[owner]
    # `from catalapy.desugar import ir` names the package too: a package is allowed when a module of it is
    return sorted(n for n in imported if n.startswith("catalapy.")
                  and not any(n == a or n.startswith(a + ".") or a.startswith(n + ".") for a in allowed))


def test_every_compiler_module_is_in_the_table() -> None:
    for module, _path in _compiler_modules():
        assert any(module == k or module.startswith(k + ".") for k in ALLOWED_IMPORTS), module


def test_no_entry_of_the_table_is_stale() -> None:
    """Every module the table lets a part import is imported by a module of that part (an entry left after the
    import went away would let it come back unseen)."""
    imported: dict[str, set[str]] = {owner: set() for owner in ALLOWED_IMPORTS}
    for module, path in _compiler_modules():
        imported[_owner(module)].update(absolute_imports(path))
    stale = {owner: [a for a in allowed if not any(n == a or n.startswith(a + ".") for n in imported[owner])]
             for owner, allowed in ALLOWED_IMPORTS.items()}
    assert {owner: entries for owner, entries in stale.items() if entries} == {}


def test_each_pass_imports_only_what_comes_before_it() -> None:
    offenders = {}
    for module, path in _compiler_modules():
        bad = forbidden_imports(module, absolute_imports(path))
        if bad:
            offenders[module] = bad
    assert offenders == {}


def test_the_table_reports_a_pass_reaching_forward(tmp_path) -> None:
    """The check is not vacuous: desugaring that imports the typing pass is reported."""
    path = tmp_path / "bad.py"
    path.write_text("from catalapy.typing.infer import typecheck\nfrom catalapy.syntax import ast\n",
                    encoding="utf-8")
    assert forbidden_imports("catalapy.desugar.resolve", absolute_imports(path)) == [
        "catalapy.typing.infer", "catalapy.typing.infer.typecheck"]


def test_the_product_reads_no_policy_source() -> None:
    """secu_independants/ reads what the compiler emits (generated/), never a literate source: no file name
    ending in .catala_fr/.catala_en, no file opened or listed (the wheel ships no policy/)."""
    for path in sorted((ROOT / "secu_independants").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                   and not _is_docstring(tree, n)]
        assert not [s for s in strings if ".catala_" in s and "{" not in s], path.name
        calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        # schemas.py opens the JSON schemas that `make generate` writes beside the generated rules (emitted, not
        # a literate source)
        opened = {"read_text"} if path.name == "schemas.py" else set()
        assert not calls & ({"read_text", "glob", "rglob", "iterdir"} - opened), path.name


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

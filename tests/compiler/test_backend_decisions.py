"""The backend decides on the IR and its own bookkeeping, never by reading back the Python text it produced
(issue: `isidentifier()` on emitted code, a regular expression over it, matching emitted lines). Checked on the
source of the emitting modules: no text inspection (string searching, splitting, regular expressions) at all;
the names it hands out carry their kind (`names.Name`, `names.Path`)."""
from __future__ import annotations

import ast
from pathlib import Path

from catalapy.scalc.names import Name, Namespace, Path as CodePath, path

BACKEND = Path(__file__).resolve().parents[2] / "catalapy" / "backend"
EMITTERS = ["python.py", "printer.py", "../dcalc/trace_pass.py", "../lcalc/eliminate.py", "../scalc/ir.py",
            "../scalc/rename.py", "../scalc/from_lcalc.py", "../scalc/module_names.py"]
TEXT_INSPECTION = {"isidentifier", "startswith", "endswith", "split", "rsplit", "partition", "rpartition",
                   "find", "rfind", "match", "fullmatch", "search", "findall"}


def test_emitters_do_not_inspect_text() -> None:
    for name in EMITTERS:
        tree = ast.parse((BACKEND / name).read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "re" not in imported, name
        calls = sorted({n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call)
                        and isinstance(n.func, ast.Attribute) and n.func.attr in TEXT_INSPECTION
                        and not (isinstance(n.func.value, ast.Name) and n.func.value.id == "self")})  # own methods
        assert calls == [], (name, calls)


def test_names_know_they_are_names() -> None:
    ns = Namespace({"x"})
    fresh = ns.fresh("x")
    assert fresh == "x_2" and isinstance(fresh, Name)
    assert isinstance(path(fresh, "champ"), CodePath) and path(fresh, "champ") == "x_2.champ"
    # a read of an attribute of computed code is plain code, whatever its text looks like
    assert type(path("f(x)", "champ")) is str
    assert type(path(str(fresh), "champ")) is str

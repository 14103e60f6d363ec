"""Compiler driver: load a program (main file + used modules + stdlib), run the passes, emit Python, and run a
scope by importing the generated Python (from memory: nothing written to disk). There is no separate
interpreter."""
from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.abc
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from catalapy.scalc.names import external_name
from catalapy.backend.python import generate_modules
from catalapy.dcalc import ir as D
from catalapy.dcalc.lower import lower_program
from catalapy.lcalc.eliminate import eliminate
from catalapy.lcalc.ir import ProgramDef as LProgramDef
from catalapy.desugar import ir
from catalapy.desugar.resolve import Resolver, ascii_fold, python_module_name
from catalapy.errors import CatalaError
from catalapy.syntax import ast
from catalapy.syntax.dialects import DIALECT_OF_EXTENSION, TABLES

STDLIB_DIR = Path(__file__).parent / "stdlib"


@dataclass
class Program:
    """A compiled program: the default-calculus IR of the main module and its dependencies."""

    path: str
    main: str  # module key of the main file
    pdef: D.ProgramDef
    dialect: str
    include_dirs: tuple[Path, ...] = ()  # the -I folders, where implementations of external modules are looked for

    @property
    def ir(self) -> ir.Program:
        return self.pdef.program

    @functools.cached_property
    def python_names(self) -> dict:
        """{scope key: (output class, input class, function)} of the generated Python, named once (naming
        walks the whole program: once per scope run made running N test scopes quadratic in N)."""
        from catalapy.backend.python import ModuleGen

        return ModuleGen(LProgramDef(self.pdef, {}), self.main).scope_names


def _parse(path: str, display_path: str | None = None) -> ast.SourceFile:
    from catalapy.syntax.parser import parse_file

    return parse_file(path, display_path=display_path)


def _stdlib_index() -> dict:
    """dialect -> {module name declared by the interface file: file path}."""
    index: dict = {"fr": {}, "en": {}}
    for f in sorted(STDLIB_DIR.glob("*.catala_*")):
        dialect = f.suffix.removeprefix(".catala_")
        if dialect not in index:
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^> Module (\S+)", line)
            if m:
                index[dialect][m.group(1)] = f
                break
    return index


def _stdlib_key(path: Path) -> str:
    """Module key of a stdlib file: its capitalised stem (``period_en`` → ``Period_en``)."""
    return path.stem[:1].upper() + path.stem[1:]


def _display(path: Path) -> str:
    """Paths are shown relative to the current directory when below it (as the reference does)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _find_module(name: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        if not d.is_dir():
            continue
        for f in sorted(d.iterdir()):
            if not f.name.endswith(tuple(DIALECT_OF_EXTENSION)):
                continue
            stem = f.name.rsplit(".", 1)[0]
            if stem.lower() == name.lower():
                return f
    return None


def _identifier_of(text: str) -> str:
    """A file or module name as the reference compares them: accents dropped, other non-alphanumeric characters
    turned into ``_``, lowercase."""
    ident = re.sub(r"[^A-Za-z0-9]", "_", ascii_fold(text))
    if not ident or ident[0] == "_":
        ident = "x" + ident
    return ident.lower()


def check_module_name(f: ast.SourceFile) -> None:
    """A file that declares a module bears the module's name (up to case and accents)."""
    if f.module_name is None:
        return
    stem, ext = os.path.splitext(os.path.basename(f.path))
    declared = f.module_name.name
    if _identifier_of(declared) == _identifier_of(stem):
        return
    renamed = os.path.join(os.path.dirname(f.path), declared + ext)
    raise CatalaError(f'Module declared as {declared}, which does not match the file name "{f.path}". Rename '
                      f'the module to {stem[:1].upper() + stem[1:]} or the file to "{renamed}".',
                      [f.module_name.pos])


def check_module_cycles(files: dict, main_key: str) -> None:
    """No module uses itself, directly or through others (the reference's "Circular module dependency", with
    each `Usage` of the cycle, the innermost first)."""
    done: set = set()
    chain: list = []  # (module, its `Usage` being followed)

    def visit(name: str) -> None:
        for u in files[name].uses:
            used = u.name.name
            if used not in files or used in done:
                continue
            if used == name or any(m == used for m, _ in chain):
                uses = [u] + [use for _, use in reversed(chain)]
                raise CatalaError("Circular module dependency", [(x.pos, "Module required from") for x in uses])
            chain.append((name, u))
            visit(used)
            chain.pop()
        done.add(name)
    visit(main_key)


def load_program(path: str, include_dirs: list[str] | None = None) -> Program:
    """Parse ``path`` and, recursively, the modules it uses; resolve, type and lower the whole program."""
    main_path = Path(path)
    if not main_path.exists():
        raise CatalaError(f"File not found: {path}")
    main_file = _parse(str(main_path), path)
    check_module_name(main_file)
    dialect = main_file.dialect
    dirs = [main_path.parent] + [Path(d) for d in include_dirs or []]
    std = _stdlib_index()
    main_key = main_file.module_name.name if main_file.module_name else ""
    files: dict = {main_key: main_file}
    origin: dict = {main_key: main_path}
    pending = [main_file]
    while pending:
        f = pending.pop()
        for u in f.uses:
            name = u.name.name
            if name in files:
                continue
            found = _find_module(name, [Path(f.path).parent] + dirs)
            if found is None:
                if any(name in aliases for aliases in std.values()):
                    continue
                raise CatalaError(f'Module "{name}" not found (looked for {name.lower()}.catala_{dialect} in '
                                  f"{', '.join(str(d) for d in dirs)})", [u.pos])
            mf = _parse(str(found), _display(found))
            check_module_name(mf)
            if mf.module_name is None or mf.module_name.name != name:
                raise CatalaError(f'The file {mf.path} does not declare module "{name}"; add "> Module {name}"',
                                  [u.pos])
            files[name] = mf
            origin[name] = found
            pending.append(mf)
    check_module_cycles(files, main_key)
    # stdlib modules get keys of their own (the file stem, as the reference's Date_fr, Period_en), so that a
    # user module may bear the name of a stdlib alias; each dialect sees its own aliases implicitly.
    std_files = {_stdlib_key(p): p for aliases in std.values() for p in aliases.values()}
    implicit = {d: {alias: _stdlib_key(p) for alias, p in aliases.items()} for d, aliases in std.items()}
    for d in TABLES:  # a dialect without a standard library of its own sees the English one (as the reference)
        implicit.setdefault(d, implicit["en"])

    def provide(key: str):
        p = std_files.get(key)
        return None if p is None else _parse(str(p), f"stdlib/{p.name}")
    resolver = Resolver(main_key, files, implicit, provide)
    program = resolver.run()
    for name, mi in program.modules.items():
        if name in std_files and name not in files:
            mi.is_stdlib = True
            mi.python_name = std_files[name].stem
        elif name in origin:
            mi.python_name = python_module_name(origin[name].stem)
    from catalapy.typing.infer import typecheck

    from catalapy.typing.lint import lint, lint_untyped

    try:
        typecheck(program)
    except CatalaError as err:
        if err.after_lints:
            lint_untyped(program)
            err.warnings = list(program.warnings)
        raise

    pdef = lower_program(program)  # warns about never-defined and unused variables
    lint(program)
    from catalapy.typing.cycles import check_type_cycles

    from catalapy.typing.exhaustive import check_exhaustive_matches

    try:
        check_type_cycles(program)  # after the lints, as the reference (their warnings print first)
        check_exhaustive_matches(program)
    except CatalaError as err:
        err.warnings = list(program.warnings)
        raise
    return Program(path, main_key, pdef, dialect, tuple(Path(d) for d in include_dirs or []))


def emit_python(program: Program, package: bool = True, traced: bool = True) -> dict[str, str]:
    """Python source of every non-external module of the program: {python module name: source}. Without
    ``traced``, the scopes have no traced variant (what `trace=` runs): for the commands that never pass one."""
    lpdef = eliminate(program.pdef)  # default elimination (dcalc -> lcalc), then statements and printing
    modules = program.ir.modules
    names = [name for name, mi in sorted(modules.items()) if not (mi.external or mi.is_stdlib)]
    texts = generate_modules(lpdef, names, package=package, traced=traced)
    return {modules[name].python_name: text for name, text in texts.items()}


def instrument_for_trace(program: Program, optimize: bool = False, lcalc: bool = False) -> None:
    """Make the generated code of ``program`` log its evaluation (``interpret --trace``)."""
    from catalapy.dcalc.trace_pass import instrument

    if not program.pdef.traced:
        instrument(program.pdef, optimize=optimize, lcalc=lcalc)


# ---------------------------------------------------------------------------------------------------------------
# execution

class _GeneratedPackage(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """The generated modules of one program as a package that lives in memory only: each module is compiled
    from the source just generated, so nothing is read back from disk (no shared folder whose files another
    user could replace, nothing to verify). Compiling the Python is a few per cent of compiling the Catala
    (12 ms for the 78 kB of generated/indemnites_journalieres.py), which is all a cache of files would save."""

    def __init__(self, package: str, sources: dict[str, str]) -> None:
        self.package, self.sources = package, sources

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.package:
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        parent, _, name = fullname.rpartition(".")
        if parent == self.package and name in self.sources:
            return importlib.util.spec_from_loader(fullname, self, origin=f"<catalapy {name}.py>")
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        if module.__name__ == self.package:
            return
        name = module.__name__.rpartition(".")[2]
        exec(compile(self.sources[name], module.__spec__.origin, "exec"), module.__dict__)


def external_implementation_file(module: str) -> str:
    """The file that implements the external module ``module`` in Python: its name in lowercase, ``.py``
    (``> Module Prorata externe`` → ``prorata.py``), beside the module's ``.catala_*`` file or in a -I folder.
    It defines each toplevel declaration of the module under its Catala name (a function for a declaration
    that ``dépend de`` parameters), on the runtime's values (ARCHITECTURE.md, "Runtime value representation")."""
    return python_module_name(module).lower() + ".py"


def _user_external_modules(program: Program):
    """(module key, module info) of the user's external modules (not the standard library's), sorted."""
    return [(name, mi) for name, mi in sorted(program.ir.modules.items()) if mi.external and not mi.is_stdlib]


def external_implementations(program: Program) -> dict[str, str]:
    """{python module name: Python source} of the user's external modules, or a positioned error naming the
    expected file (the reference's "Compiled OCaml object … not found" for its OCaml backend)."""
    found: dict[str, str] = {}
    for name, mi in _user_external_modules(program):
        file = external_implementation_file(name)
        places = [Path(mi.path).parent, *program.include_dirs]
        for folder in places:
            if (folder / file).is_file():
                found[mi.python_name] = (folder / file).read_text(encoding="utf-8")
                break
        else:
            expected = os.path.join(os.path.dirname(mi.path), file)
            raise CatalaError(f'Python implementation "{expected}" of external module {name} not found. Make sure '
                              "it has been written, beside the module's file or in a folder given with -I.",
                              [(mi.pos, "Module defined here")] if mi.pos else [])
    return found


def import_program(program: Program, traced: bool = True):
    """Import the generated modules and the implementations of the user's external modules (a package named by
    the hash of their sources, so that two programs of one process never share modules); return the main one.
    ``traced``: as for `emit_python`."""
    sources = emit_python(program, traced=traced)
    sources.update(external_implementations(program))
    h = hashlib.sha256()
    for k in sorted(sources):
        h.update(k.encode())
        h.update(b"\0")
        h.update(sources[k].encode())
    package = f"catalapy_gen_{h.hexdigest()[:32]}"
    main = f"{package}.{program.ir.modules[program.main].python_name}"
    if main in sys.modules:
        return sys.modules[main]
    finder = _GeneratedPackage(package, sources)
    sys.meta_path.insert(0, finder)
    try:  # generated modules import their siblings at the top: all are imported once the main one is
        check_external_implementations(program, package)
        return importlib.import_module(main)
    finally:
        sys.meta_path.remove(finder)


def check_external_implementations(program: Program, package: str) -> None:
    """Import the implementation of each of the user's external modules and check that it defines every
    declaration of the module: a positioned error instead of a Python traceback when it does not."""
    for name, mi in _user_external_modules(program):
        try:
            implementation = importlib.import_module(f"{package}.{mi.python_name}")
        except Exception as err:  # noqa: BLE001 - any failure of the user's module is reported at the module
            raise CatalaError(f'The Python implementation of external module {name} cannot be loaded '
                              f"({type(err).__name__}: {err}).", [(mi.pos, "Module defined here")] if mi.pos else []
                              ) from None
        for key, info in program.ir.globals.items():
            if key[0] == name and not hasattr(implementation, external_name(key[1])):
                raise CatalaError(f'The Python implementation of external module {name} does not define '
                                  f'"{external_name(key[1])}" (for the declaration {key[1]}).',
                                  [(info.pos, "Declaration")])


def scope_entry(program: Program, scope_name: str):
    """(scope info, python function name, input class name) for a scope of the main module."""
    key = (program.main, scope_name)
    info = program.ir.scopes.get(key)
    if info is None:
        from catalapy.errors import closest_name

        names = [k[1] for k in program.ir.scopes if k[0] == program.main]
        raise CatalaError(f'There is no scope "{scope_name}" inside the program.', [],
                          closest_name(scope_name, names))
    out_cls, in_cls, fn = program.python_names[key]
    return info, fn, in_cls


def run_scope(program: Program, scope_name: str, module=None, input_json: str | None = None,
              failures: list | None = None):
    """Run a scope; returns its output dataclass instance.

    Without ``input_json`` the scope must have no ``entrée`` variable; with it, the JSON text gives the
    scope's input record (``runtime.json_codec``). With a ``failures`` list, failed assertions are appended to
    it instead of being raised."""
    info, fn, in_cls = scope_entry(program, scope_name)
    if input_json is None and any(v.io_input == "input" for v in info.vars.values()):
        raise CatalaError("Invalid scope for execution or testing: it defines input variables. If necessary, a "
                          "wrapper scope with explicit inputs to this one can be defined.", [info.pos])
    if module is None:
        module = import_program(program)
    input_class = getattr(module, in_cls)
    entrees = input_class() if input_json is None else read_scope_input(input_class, input_json)
    if failures is None:
        return getattr(module, fn)(entrees)
    return getattr(module, fn)(entrees, _failures=failures)


class JsonInputError(CatalaError):
    """Invalid ``--input`` JSON: the message is laid out by the codec (its lines are kept as they are)."""

    def render(self) -> str:
        from catalapy.runtime.diagnostics import render_diagnostic

        return render_diagnostic("ERROR", self.message, [], wrap=False)


def read_scope_input(input_class: type, text: str):
    """The input record of a scope read from JSON text (reference ``--input``)."""
    from catalapy.runtime.json_codec import (JsonTypeError, JsonValidationError, check_encodable, from_json,
                                             parse_json)

    try:
        check_encodable(input_class)
        try:
            value = parse_json(text)
        except ValueError as err:
            raise JsonInputError(f"Invalid JSON input: {err}") from None
        return from_json(value, input_class)
    except JsonTypeError as err:
        raise CatalaError(str(err)) from None
    except JsonValidationError as err:
        raise JsonInputError(err.render()) from None

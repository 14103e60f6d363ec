"""`python -m catalapy`: test-scope, interpret, typecheck, python, generate.

Errors are printed as the reference's boxes on stderr with exit code 123; an unexpected failure prints an
"internal error" box (exit 125), never a Python traceback."""
from __future__ import annotations

import argparse
import contextlib
import io
import sys
import traceback
from pathlib import Path

EXIT_ERROR = 123
EXIT_INTERNAL = 125


class _Options:
    """The message options of the current command (``--disable-warnings``, ``--message-format``)."""

    gnu = False
    no_warnings = False


def _gnu_line(kind: str, message: str, positions) -> str:
    """``--message-format=gnu``: ``file:range: [KIND] message`` on one line, first position only."""
    text = " ".join(part.strip() for part in message.split("\n") if part.strip())
    if positions:
        pos = positions[0][0] if isinstance(positions[0], tuple) else positions[0]
        return f"{pos}: [{kind}] {text}"
    return f"[{kind}] {text}"


def _print_err(text: str) -> None:
    sys.stdout.flush()
    print(text, file=sys.stderr)
    sys.stderr.flush()


def _render_runtime(err) -> str:
    from catalapy.runtime.defaults import AssertionFailures
    from catalapy.runtime.diagnostics import render_runtime_error

    if _Options.gnu:
        from catalapy.runtime.diagnostics import runtime_error_message

        failures = err.failures if isinstance(err, AssertionFailures) else [err]
        return "\n".join(_gnu_line("ERROR", runtime_error_message(f), f.positions) for f in failures)
    if isinstance(err, AssertionFailures):
        n = len(err.failures)
        return "\n".join(render_runtime_error(f, (i + 1, n)) for i, f in enumerate(err.failures))
    return render_runtime_error(err)


def _render_compile(err) -> str:
    errors = getattr(err, "errors", None)
    if _Options.gnu:
        return "\n".join(_gnu_line("ERROR", e.message, e.positions) for e in (errors or [err]))
    if errors and len(errors) > 1:
        from catalapy.runtime.diagnostics import render_diagnostic

        n = len(errors)
        return "\n".join(render_diagnostic("ERROR", e.message, e.positions, suggestion=e.suggestion,
                                           number=(i + 1, n)) for i, e in enumerate(errors))
    return err.render()


def _print_warnings(program) -> None:
    _print_warning_list(program.ir.warnings)


def _print_warning_list(warnings) -> None:
    from catalapy.runtime.diagnostics import render_diagnostic

    if _Options.no_warnings:
        return
    for w in warnings:  # in emission order, pass by pass, as the reference prints them
        if _Options.gnu:
            _print_err(_gnu_line("WARNING", w.message, w.positions))
            continue
        wrap = "\n" not in w.message
        _print_err(render_diagnostic("WARNING", w.message, w.positions, wrap=wrap))


def _print_failed_assertions(failures) -> None:
    """``--no-fail-on-assert``: each failed assertion is a warning (printed before the result)."""
    from catalapy.runtime.diagnostics import runtime_error_message

    _print_warning_list([_Warning(runtime_error_message(f), [(p, None) for p in f.positions])
                         for f in failures])


class _Warning:
    def __init__(self, message: str, positions) -> None:
        self.message = message
        self.positions = positions


def _run_scopes(program, scopes: list[str], args) -> int:
    from catalapy import driver
    from catalapy.runtime.errors import CatalaRuntimeError
    from catalapy.runtime.json_codec import to_json
    from catalapy.runtime.printing import format_scope_result

    _print_warnings(program)
    module = None
    status = 0
    if args.trace:
        driver.instrument_for_trace(program, optimize=args.optimize, lcalc=args.lcalc)
    for name in scopes:
        try:
            if module is None:  # `--trace` logs through the instrumented plain code: no traced variant
                module = driver.import_program(program, traced=False)
            failures = [] if args.no_fail_on_assert else None
            if args.trace:
                result = _run_traced(program, name, module, args)
            else:
                result = driver.run_scope(program, name, module, input_json=args.input, failures=failures)
            _print_failed_assertions(failures or [])
            if args.output_format == "json":
                print(to_json(result, type(result), program.dialect))
            else:
                print(format_scope_result(name, result, program.dialect))
            sys.stdout.flush()
        except CatalaRuntimeError as err:
            _print_err(_render_runtime(err))
            status = EXIT_ERROR
    return status


def _run_traced(program, name: str, module, args):
    """Run a scope with its evaluation logged, print the log (also when the evaluation stops on an error,
    which the caller then reports), and return the result."""
    from catalapy import driver
    from catalapy.runtime import trace
    from catalapy.runtime.errors import CatalaRuntimeError
    from catalapy.runtime.trace_format import format_trace_json, format_trace_text

    info, _, _ = driver.scope_entry(program, name)
    log = trace.start_log()
    log.begin(trace.SCOPE_CALL, info.pos, name=name, decl_pos=info.pos)
    try:
        result = driver.run_scope(program, name, module, input_json=args.input)
        log.end(result)
    except CatalaRuntimeError as err:  # the evaluation stopped: the log up to there, then the error
        log.fail(err)
    finally:  # any other failure (e.g. a scope with inputs and no --input) comes before the evaluation
        trace.stop_log()
    if log.error_recorded or log.events[0].has_value:
        text = format_trace_json(log.events) if args.trace_format == "json" else format_trace_text(
            log.events, program.dialect)
        print(text)
        sys.stdout.flush()
    if log.error_recorded:
        raise log.error
    return result


def cmd_test_scope(args) -> int:
    from catalapy import driver

    program = driver.load_program(args.file, args.include)
    return _run_scopes(program, [args.scope], args)


def cmd_interpret(args) -> int:
    from catalapy import driver

    program = driver.load_program(args.file, args.include)
    if args.scope:
        return _run_scopes(program, [args.scope], args)
    scopes = [k[1] for k, s in program.ir.scopes.items() if k[0] == program.main and s.is_test]
    return _run_scopes(program, scopes, args)


def cmd_typecheck(args) -> int:
    from catalapy import driver

    driver.load_program(args.file, args.include)
    print("┌─[RESULT]─\n│ Typechecking successful!\n└─")
    return 0


def cmd_python(args) -> int:
    from catalapy import driver

    program = driver.load_program(args.file, args.include)
    sources = driver.emit_python(program, package=False)
    main = program.ir.modules[program.main].python_name
    text = sources[main]
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_json_schema(args) -> int:
    from catalapy import driver
    from catalapy.backend.json_schema import scope_schemas_text

    program = driver.load_program(args.file, args.include)
    driver.scope_entry(program, args.scope)  # an unknown scope is reported as the other commands do
    sys.stdout.write(scope_schemas_text(program, args.scope))
    return 0


def cmd_generate(args) -> int:
    from catalapy import driver
    from catalapy.backend.json_schema import schemas_module, scope_schemas_text

    src = Path(args.src_dir)
    out = Path(args.output)
    wanted: dict = {}
    schemas: dict[str, str] = {}
    for f in sorted(src.rglob("*.catala_fr")):
        rel = f.relative_to(src)
        if rel.parts and rel.parts[0] == "tests":
            continue
        program = driver.load_program(str(f), args.include)
        for name, text in driver.emit_python(program).items():
            wanted[f"{name}.py"] = text
        # the JSON Schemas of the scopes that have inputs (what `json-schema` prints), for the product layer
        for (module, scope), info in program.ir.scopes.items():
            if module == program.main and not info.is_test and any(
                    v.io_input in ("input", "context") for v in info.vars.values()):
                schemas[scope] = scope_schemas_text(program, scope)
    wanted.setdefault("__init__.py", '"""Python generated from the Catala sources by catalapy."""\n')
    if schemas:
        wanted["schemas_json.py"] = schemas_module(schemas)
    stale = []
    for name, text in sorted(wanted.items()):
        target = out / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target)
    if args.check:
        if stale:
            print("Stale generated files (run the generation again):", file=sys.stderr)
            for t in stale:
                print(f"  {t}", file=sys.stderr)
            return 1
        return 0
    for t in stale:
        t.parent.mkdir(parents=True, exist_ok=True)
        t.write_text(wanted[t.relative_to(out).as_posix()], encoding="utf-8")
        print(f"wrote {t}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="catalapy", description="A Catala compiler to Python.")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("-I", "--include", action="append", default=[], metavar="DIR")
        p.add_argument("--disable-warnings", action="store_true", help="do not print warnings")
        p.add_argument("--message-format", choices=["human", "gnu"], default="human",
                       help="gnu: one line per message, `file:range: [KIND] message`")

    def running(p):
        p.add_argument("--input", metavar="JSON", help="the scope's input record as JSON")
        p.add_argument("-F", "--output-format", choices=["human", "json"], default="human",
                       help="json: the result record as JSON")
        p.add_argument("--no-fail-on-assert", action="store_true",
                       help="report failed assertions as warnings and print the result")
        p.add_argument("-t", "--trace", action="store_true",
                       help="print the log of the evaluation (as the reference's --trace)")
        p.add_argument("--trace-format", choices=["human", "json"], default="human",
                       help="json: the log as the reference's JSON trace")
        # the reference's intermediate-language switches: they do not change what is printed
        for flag in (("-O", "--optimize"), ("--lcalc",), ("--closure-conversion",)):
            p.add_argument(*flag, action="store_true",
                           help="accepted for compatibility (no effect, except on --trace: with -O rules without "
                                "condition are not logged, with --lcalc context variables are logged with the "
                                "position of their value, as the reference does)")

    p = sub.add_parser("test-scope", help="run one scope without inputs and print its outputs")
    p.add_argument("scope")
    p.add_argument("file")
    common(p)
    running(p)
    p.set_defaults(func=cmd_test_scope)
    p = sub.add_parser("interpret", aliases=["Interpret"], help="run every #[test] scope (or -s SCOPE)")
    p.add_argument("file")
    p.add_argument("-s", "--scope")
    common(p)
    running(p)
    p.set_defaults(func=cmd_interpret)
    p = sub.add_parser("typecheck", aliases=["Typecheck"], help="check a program")
    p.add_argument("file")
    common(p)
    p.set_defaults(func=cmd_typecheck)
    p = sub.add_parser("python", help="print or write the generated Python module")
    p.add_argument("file")
    p.add_argument("-o", "--output")
    common(p)
    p.set_defaults(func=cmd_python)
    p = sub.add_parser("json-schema", help="print the JSON Schemas of a scope's input and output")
    p.add_argument("file")
    p.add_argument("-s", "--scope", required=True)
    common(p)
    p.set_defaults(func=cmd_json_schema)
    p = sub.add_parser("generate", help="compile every .catala_fr of a folder into a Python package")
    p.add_argument("src_dir")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--check", action="store_true")
    common(p)
    p.set_defaults(func=cmd_generate)
    return ap


#: Python frames a command may nest: Catala has no recursion, but a chain of scopes each calling the next (the
#: lowering refuses chains deeper than `catalapy.dcalc.lower.MAX_SCOPE_CALL_DEPTH`) nests that many calls, in
#: the compiler's passes and in the generated code
RECURSION_LIMIT = 200_000
#: the C stack of the thread running the command: enough for RECURSION_LIMIT frames (reserved, not used)
STACK_BYTES = 1 << 30


def main(argv: list[str] | None = None) -> int:
    """Run the command in a thread whose stack allows deep (but finite) nesting; see `RECURSION_LIMIT`."""
    import threading

    result: list = []
    previous_limit, previous_stack = sys.getrecursionlimit(), threading.stack_size()
    try:
        threading.stack_size(STACK_BYTES)
        sys.setrecursionlimit(max(previous_limit, RECURSION_LIMIT))
        worker = threading.Thread(target=lambda: result.append(_main(argv)), name="catalapy", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous_stack)
    try:
        while worker.is_alive():
            worker.join(0.2)
    finally:
        sys.setrecursionlimit(previous_limit)
    if not result:  # SystemExit raised in the worker (argparse --help, usage errors)
        raise SystemExit(_Exit.code)
    return result[0]


def run_captured(argv: list[str], *, merged: bool = False) -> tuple[int, str, str]:
    """Run a command in this process with its output captured (the tests and `make conformance`): (exit
    code, standard output, standard error); an exit through SystemExit (usage errors, `--help`) gives its
    code. `merged`: both streams in one text in the order they were written, returned as the output (the
    error text is then empty)."""
    out = io.StringIO()
    err = out if merged else io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: int | str | None = main(argv)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) or stop.code is None else 1
    return int(code or 0), out.getvalue(), "" if merged else err.getvalue()


class _Exit:
    code: int | str | None = 0


def _main(argv: list[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:
        _Exit.code = stop.code
        raise
    _Options.gnu = getattr(args, "message_format", "human") == "gnu"
    _Options.no_warnings = getattr(args, "disable_warnings", False)
    try:
        from catalapy.errors import CatalaError
        from catalapy.runtime.errors import CatalaRuntimeError

        try:
            return args.func(args)
        except CatalaError as err:
            _print_warning_list(getattr(err, "warnings", ()))  # emitted by the passes before the failing one
            _print_err(_render_compile(err))
            return EXIT_ERROR
        except CatalaRuntimeError as err:
            _print_err(_render_runtime(err))
            return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BaseException as err:  # noqa: BLE001 - the user must never see a traceback
        if isinstance(err, SystemExit):
            raise
        if isinstance(err, RecursionError):
            _print_err("┌─[ERROR]─\n│\n│  This program nests its computations more deeply than catalapy can "
                       "evaluate.\n└─")
            return EXIT_ERROR
        detail = "".join(traceback.format_exception_only(type(err), err)).strip()
        _print_err("┌─[ERROR]─\n│\n│  Internal error of catalapy (please report it): " + detail + "\n└─")
        if __import__("os").environ.get("CATALAPY_DEBUG"):
            traceback.print_exc()
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())

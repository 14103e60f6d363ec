"""Default-calculus IR → readable, typed Python (one module per Catala module; see ARCHITECTURE.md)."""
from __future__ import annotations

import functools
import importlib
from fractions import Fraction

from catalapy.dcalc import ir as D
from catalapy.desugar import ir
from catalapy.errors import CatalaError
from catalapy.operators import TABLE, Operator
from catalapy.position import SourcePosition

from . import escape
from .exclusive import pieces_exclusive, pieces_exhaustive
from .invariants import loop_invariants
from .metadata import module_metadata
from .names import Name, Namespace, Path, external_name, path, py_ident, snake_case
from .trace_pass import ASSERTION, SCOPE_VAR, VALUE_TYPED_EVENTS, Traced, scope_var_event, sub_scope_events


class _Code(str):
    """Python code to write as it is among the arguments of a trace event (not a literal)."""

HEADER_IMPORTS = """from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Any, Callable

from catalapy import runtime as rt
from catalapy.runtime import (ABSENT, NOT_PROVIDED, Decimal, Duration, Money, NotProvided, Option, Present,
                              SourcePosition)"""

NATIVE_KINDS = ("integer", "decimal", "money", "date", "boolean")


class Block:
    """Statements being emitted: (indent level, text)."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []

    def add(self, text: str, level: int = 0) -> None:
        self.lines.append((level, text))

    def extend(self, other: "Block", level: int = 0) -> None:
        for lv, t in other.lines:
            self.lines.append((lv + level, t))


class ModuleGen:
    """Generates the Python module of one Catala module of the program."""

    def __init__(self, pdef: D.ProgramDef, module: str) -> None:
        self.pdef = pdef
        self.p = pdef.program
        self.module = module
        self.info = self.p.modules[module]
        self.ns = Namespace()
        self.positions: dict = {}
        self.position_names: set = set()
        self.pos_lines: list[str] = []
        self.constants: dict = {}
        self.const_lines: list[str] = []
        self.imports: set = set()
        self.lang = self.info.dialect
        self.class_names: dict = {}
        self.field_names: dict = {}  # struct key -> {catala field: python}
        self.global_names: dict = {}
        self.scope_names: dict = {}  # key -> (out class, in class, function)
        self.body_names: dict = {}  # key -> function taking the inputs as arguments (sub-scope calls)
        self.variable_tables: list = []  # (scope name, name of its VARIABLES_ table), for VARIABLES_OF_SCOPES
        self._name_everything()

    # ------------------------------------------------------------------------------------------------------
    # names

    def _name_everything(self) -> None:
        """Every module's names are computed the same way, so cross-module references agree."""
        for key in self.p.structs:
            st = self.p.structs[key]
            used = Namespace()
            self.field_names[key] = {f: used.fresh(f) for f in st.fields}
        per_module: dict = {}
        for m in self.p.modules:
            per_module[m] = Namespace()
        for key in self.p.scopes:
            ns = per_module[key[0]]
            out = ns.fresh(key[1])
            inn = ns.fresh(key[1] + "In")
            fn = ns.fresh(snake_case(key[1]))
            self.scope_names[key] = (out, inn, fn)
            self.body_names[key] = ns.fresh("_" + fn)
            self.class_names[key] = out
        for key in self.p.structs:
            if self.p.structs[key].scope_output is None:
                self.class_names[key] = per_module[key[0]].fresh(key[1])
        for key in self.p.enums:
            self.class_names[key] = per_module[key[0]].fresh(key[1])
        for key in self.p.abstracts:
            self.class_names[key] = per_module[key[0]].fresh(key[1])
        for key in self.p.globals:
            self.global_names[key] = per_module[key[0]].fresh(key[1])
        self.ns = per_module[self.module]

    @functools.cached_property
    def module_level_names(self) -> frozenset:
        """Names a function-local variable must not shadow."""
        names = {fn for (_, _, fn) in self.scope_names.values()} | set(self.body_names.values())
        names |= set(self.global_names.values())
        names |= {m.python_name for m in self.p.modules.values()}
        return frozenset(names)

    def qual(self, key: ir.Key, name: str) -> str:
        if key[0] == self.module:
            return Name(name)
        other = self.p.modules[key[0]]
        self.imports.add(key[0])
        return Path(f"{other.python_name}.{name}")

    def cls(self, key: ir.Key) -> str:
        return self.qual(key, self.class_names[key])

    def pos(self, p) -> str:
        if p in self.positions:
            return self.positions[p]
        base = f"POS_{p.start_line}_{p.start_column}"
        name = Name(base)
        i = 2
        while name in self.position_names:
            name = Name(f"{base}_{i}")
            i += 1
        self.positions[p] = name
        self.position_names.add(name)
        heads = ", ".join(repr(h) for h in p.law_headings)
        if len(p.law_headings) == 1:
            heads += ","
        self.pos_lines.append(f"{name} = SourcePosition({p.file!r}, {p.start_line}, {p.start_column}, "
                              f"{p.end_line}, {p.end_column}, ({heads}))")
        return name

    def const(self, kind: str, value) -> str:
        k = (kind, value if not isinstance(value, Fraction) else (value.numerator, value.denominator))
        if k in self.constants:
            return self.constants[k]
        if kind == "dec":
            sign = "M" if value < 0 else ""
            name = f"DEC_{sign}{abs(value.numerator)}" + (f"_{value.denominator}" if value.denominator != 1 else "")
            code = f"Fraction({value.numerator}, {value.denominator})"
        elif kind == "date":
            name = f"DATE_{'M' if value.year < 0 else ''}{abs(value.year):04d}_{value.month:02d}_{value.day:02d}"
            # a year outside 1–9999 is the runtime's FarDate (make_date picks it)
            maker = "date" if 1 <= value.year <= 9999 else "rt.make_date"
            code = f"{maker}({value.year}, {value.month}, {value.day})"
        else:
            y, m, d = value
            name = "DUR_" + "_".join(("M" if x < 0 else "") + str(abs(x)) for x in (y, m, d))
            code = f"Duration({y}, {m}, {d})"
        self.constants[k] = Name(name)
        self.const_lines.append(f"{name} = {code}")
        return self.constants[k]

    def annot(self, t) -> str:
        if isinstance(t, ir.TPrim):
            return {"integer": "int", "decimal": "Decimal", "money": "Money", "boolean": "bool", "date": "date",
                    "duration": "Duration", "unit": "None", "code_location": "SourcePosition"}[t.name]
        if isinstance(t, (ir.TStruct, ir.TEnum, ir.TAbstract)):
            return self.cls(t.key)
        if isinstance(t, ir.TList):
            return f"tuple[{self.annot(t.elt)}, ...]"
        if isinstance(t, ir.TOption):
            return f"Option[{self.annot(t.elt)}]"
        if isinstance(t, ir.TTuple):
            return "tuple[" + ", ".join(self.annot(e) for e in t.elts) + "]"
        if isinstance(t, ir.TArrow):
            return "Callable[[" + ", ".join(self.annot(e) for e in t.params) + f"], {self.annot(t.result)}]"
        return "Any"

    # ------------------------------------------------------------------------------------------------------
    def generate(self) -> str:
        body: list[str] = []
        m = self.module
        for key, en in self.p.enums.items():
            if key[0] == m:
                body.extend(self.gen_enum(en))
        for key in self.p.abstracts:
            if key[0] == m and not self.info.external:
                body.extend(["", "", f"{self.class_names[key]} = Any  # abstract type {key[1]}"])
        for key in self._structs_in_order():
            body.extend(self.gen_struct(self.p.structs[key]))
        for key in self.pdef.global_order:
            if key[0] == m:
                body.extend(self.gen_global(self.p.globals[key]))
        for key, sd in self.pdef.scopes.items():
            if key[0] == m:
                body.extend(self.gen_scope(sd))
        if self.variable_tables:
            body += ["", "", "# The table of each scope of the module, by scope name (what `--explain` looks up).",
                     f"{self.ns.fresh('VARIABLES_OF_SCOPES')} = {{",
                     *(f"    {s!r}: {t}," for s, t in self.variable_tables), "}"]
        body += module_metadata(self)
        rel = self.info.path
        out = [f"# Generated by catalapy from {escape.comment(rel)} — do not edit by hand.",
               f'"""Python translation of the Catala module {m or self.info.python_name} ({escape.docstring(rel)})."""',
               HEADER_IMPORTS]
        for mod in sorted(self.imports):
            mi = self.p.modules[mod]
            if mi.is_stdlib:
                out.append(f"from catalapy.runtime.stdlib import {mi.python_name}")
            else:
                out.append(f"from . import {mi.python_name}" if self.package else f"import {mi.python_name}")
        out.append(f"\nLANG = {self.lang!r}")
        if self.pos_lines:
            out.append("\n# Source positions (reported by runtime errors and traces)")
            out.extend(self.pos_lines)
        if self.const_lines:
            out.append("\n# Constants")
            out.extend(self.const_lines)
        out.append("")
        out.extend(body)
        text = "\n".join(out).rstrip() + "\n"
        return text

    package = True

    def _structs_in_order(self) -> list:
        """Structures of this module (scope outputs included), each after the structures its fields use."""
        m = self.module
        keys = [k for k in self.p.structs if k[0] == m]
        done: list = []
        seen: set = set()

        def deps(t, acc):
            if isinstance(t, ir.TStruct):
                acc.append(t.key)
            elif isinstance(t, (ir.TList, ir.TOption)):
                deps(t.elt, acc)
            elif isinstance(t, ir.TTuple):
                for e in t.elts:
                    deps(e, acc)
            return acc

        def visit(k, stack=()):
            if k in seen or k[0] != m:
                return
            if k in stack:
                raise CatalaError(f"The type {k[1]} is defined recursively, which is not supported",
                                  [self.p.structs[k].pos])
            for f, t in self.p.structs[k].fields.items():
                for d in deps(t, []):
                    visit(d, stack + (k,))
            seen.add(k)
            done.append(k)
        for k in keys:
            visit(k)
        return done

    # ------------------------------------------------------------------------------------------------------
    # types

    def gen_enum(self, en: ir.EnumInfo) -> list[str]:
        name = self.class_names[en.key]
        if all(v is None for v in en.ctors.values()):
            lines = ["", "", f"class {name}(enum.Enum):", f'    """Enumeration {escape.docstring(en.key[1])}."""', ""]
            for c in en.ctors:
                lines.append(f"    {py_ident(c)} = {c!r}")
            return lines
        lines = ["", "", f"class {name}:", f'    """Enumeration {escape.docstring(en.key[1])}: one nested class per constructor."""',
                 "", "    __slots__ = ()"]
        ctor_names = []
        for c, t in en.ctors.items():
            cn = py_ident(c)
            ctor_names.append(cn)
            cls = f"_{name}_{cn}"
            lines += ["", "", "@dataclass(frozen=True, slots=True)", f"class {cls}({name}):"]
            if t is None:
                lines.append("    pass")
            else:
                lines.append(f"    payload: {self.annot(t)}")
            lines += [f"{cls}.__name__ = {c!r}", f"{cls}.__qualname__ = {name + '.' + c!r}",
                      f"{name}.{cn} = {cls}"]
        lines.append(f"{name}.__constructors__ = ({', '.join(name + '.' + c for c in ctor_names)},)")
        return lines

    def gen_struct(self, st: ir.StructInfo) -> list[str]:
        name = self.class_names[st.key]
        kind = "Outputs of scope" if st.scope_output else "Structure"
        # Scope outputs are built on every scope call: a frozen dataclass's __init__ (object.__setattr__ per
        # field) costs about three times a plain one, so they are plain slotted dataclasses, never mutated by
        # generated code (hashable on their fields, like a frozen one).
        deco = "@dataclass(slots=True, unsafe_hash=True)" if st.scope_output else "@dataclass(frozen=True, slots=True)"
        lines = ["", "", deco, f"class {name}:", f'    """{kind} {escape.docstring(st.key[1])}."""']
        if not st.fields:
            lines.append("    pass")
        for f, t in st.fields.items():
            pyf = self.field_names[st.key][f]
            if pyf != f:
                lines.append(f'    {pyf}: {self.annot(t)} = field(metadata={{"catala": {f!r}}})')
            else:
                lines.append(f"    {pyf}: {self.annot(t)}")
        return lines

    # ------------------------------------------------------------------------------------------------------
    def gen_global(self, g: ir.GlobalInfo) -> list[str]:
        if g.value is None:
            return []
        name = self.global_names[g.key]
        fg = FnGen(self, None, "ERROR")
        lines = ["", "", _comment_line(g.pos)]
        if g.params:
            params = []
            for b in g.params:
                pn = fg.bind_name(b)
                params.append(f"{pn}: {self.annot(b.ty)}")
            res = g.type.result
            lines.append(f"def {name}({', '.join(params)}) -> {self.annot(res)}:")
            blk = Block()
            fg.out = blk
            e = fg.ex(g.value)
            for lv, t in blk.lines:
                lines.append("    " * (lv + 1) + t)
            lines.append(f"    return {e}")
            return lines
        blk = Block()
        fg.out = blk
        e = fg.ex(g.value)
        if not blk.lines:
            lines.append(f"{name}: {self.annot(g.type)} = {e}")
            return lines
        init = f"_init_{name}"
        lines.append(f"def {init}() -> {self.annot(g.type)}:")
        for lv, t in blk.lines:
            lines.append("    " * (lv + 1) + t)
        lines.append(f"    return {e}")
        lines.append(f"\n\n{name}: {self.annot(g.type)} = {init}()")
        return lines

    # ------------------------------------------------------------------------------------------------------
    def gen_scope(self, sd: D.ScopeDef) -> list[str]:
        info = sd.info
        out_cls, in_cls, fn = self.scope_names[info.key]
        sname = info.key[1]
        lines = ["", "", "@dataclass(slots=True, kw_only=True, unsafe_hash=True)", f"class {in_cls}:",
                 f'    """Inputs of scope {escape.docstring(sname)}."""']
        infields = self.input_fields(info)
        if not infields:
            lines.append("    pass")
        for vn, pyf, vd in infields:
            t = self.annot(vd.type)
            meta = f'metadata={{"catala": {vn!r}}}'
            if vd.io_input == "context":
                d = f"field(default=NOT_PROVIDED, {meta})" if pyf != vn else "NOT_PROVIDED"
                lines.append(f"    {pyf}: {t} | NotProvided = {d}")
            elif vd.is_condition:
                d = f"field(default=False, {meta})" if pyf != vn else "False"
                lines.append(f"    {pyf}: {t} = {d}")
            else:
                lines.append(f"    {pyf}: {t}" + (f" = field({meta})" if pyf != vn else ""))
        fg = FnGen(self, sd, {"down": "DOWN", "up": "UP"}.get(sd.date_rounding or "", "ERROR"))
        params = []  # (parameter of the body function, annotation, input field)
        for vn, pyf, vd in infields:
            t = self.annot(vd.type) + (" | NotProvided" if vd.io_input == "context" else "")
            params.append((fg.input_params.get(vn) or fg.ns.fresh(pyf), t, pyf))
        body = Block()
        fg.out = body
        body.add("if trace is not None:")
        body.add(f"    trace.enter({sname!r})")
        body.add("failures = [] if _failures is None else _failures")
        items = list(sd.items)
        while items:
            run = 0  # consecutive inputs are recorded under a single `if trace is not None:`
            while run < len(items) and _is_plain_input(items[run]):
                run += 1
            if run >= 2:
                fg.gen_input_records(items[:run])
                del items[:run]
                continue
            item = items.pop(0)
            if isinstance(item, D.VarDef):
                fg.gen_var(item)
            else:
                fg.gen_subcall(item)
        for a in sd.assertions:
            fg.gen_assertion(a)
        body.add("if trace is not None:")
        body.add("    trace.leave()")
        body.add("if _failures is None and failures:")
        body.add("    rt.raise_failures(failures)")
        outs = {}
        for nm in info.order:
            if nm in info.vars and info.vars[nm].io_output:
                vd = info.vars[nm]
                last = vd.states[-1] if vd.states else None
                outs[self.field_names[info.key][nm]] = fg.var_names[(nm, last)]
            elif nm in info.subs and info.subs[nm].io_output:
                outs[self.field_names[info.key][nm]] = fg.sub_names[nm]
        st = self.p.structs.get(info.key)
        order = [self.field_names[info.key][f] for f in st.fields] if st is not None else []
        if order and sorted(order) == sorted(outs):
            # positional, in the order of the fields (a call with keywords costs twice as much)
            body.add(f"return {out_cls}({', '.join(outs[f] for f in order)})")
        else:
            body.add(f"return {out_cls}({', '.join(f'{f}={v}' for f, v in outs.items())})")
        doc = f'    """Scope {escape.docstring(sname)} ({escape.docstring(info.pos.file)}:{info.pos.start_line})."""'
        body_fn = self.body_names[info.key]
        call = _wrap(f"    return {body_fn}(", [f"entrees.{pyf}" for _, _, pyf in params] + ["trace", "_failures"], ")")
        lines += ["", "", f"def {fn}(entrees: {in_cls}, *, trace: rt.Trace | None = None,",
                  f"        _failures: list | None = None) -> {out_cls}:", doc, *call]
        sig = [f"{pn}: {t}" for pn, t, _ in params] + ["trace: rt.Trace | None", "_failures: list | None"]
        lines += ["", "", *_wrap(f"def {body_fn}(", sig, f") -> {out_cls}:"),
                  f'    """Scope {escape.docstring(sname)} with its inputs as arguments (what sub-scope calls use)."""']
        for lv, t in body.lines:
            lines.append("    " * (lv + 1) + t if t else "")
        return lines + self.variables_table(sd)

    def variables_table(self, sd: D.ScopeDef) -> list[str]:
        """The module constant `VARIABLES_<SCOPE>`: for each variable (each state, and each input of a
        sub-scope that the scope defines, as `sub.var`) its type and what its rules read (see rt.VariableInfo).
        Rules are keyed by the position the trace records for them (the same choice as `piece_test`)."""
        info = sd.info
        stdlib = {mi.name for mi in self.p.modules.values() if mi.is_stdlib}

        def named(rules: list) -> tuple:
            return tuple(dict.fromkeys(_named_reads([[r.condition, r.consequence] for r in rules], stdlib)))

        name = self.ns.fresh("VARIABLES_" + snake_case(info.key[1]).upper())
        self.variable_tables.append((info.key[1], name))
        lines = ["", "", f"# Variables of scope {escape.comment(info.key[1])}: Catala type and what the definitions read "
                 "(`--explain`; from the rules of the scope).", f"{name} = {{"]
        for nm in info.order:
            if nm in info.subs:
                sub_rules: dict = {}
                for r in info.rules:
                    if r.sub == nm:
                        sub_rules.setdefault(r.var, []).append(r)
                callee = self.p.scopes[info.subs[nm].scope]
                for vn, vd in callee.vars.items():
                    if vn in sub_rules:
                        lines += _info_lines(f"{nm}.{vn}", self.annot(vd.type), named(sub_rules[vn]), {})
                continue
            vd = info.vars[nm]
            for st in vd.states or [None]:
                tree = sd.var_defs[(nm, st)].tree
                per_rule: dict = {}  # position recorded -> rules
                for piece in [] if tree is None or isinstance(vd.type, ir.TArrow) else _all_pieces(tree):
                    own = len(piece.rules) == len(piece.conditions)
                    for r in piece.rules:
                        pos = r.consequence.pos if own else piece.consequence.pos
                        per_rule.setdefault(self.pos(pos), []).append(r)
                rules = [r for r in info.rules if r.sub is None and r.var == nm and r.state == st]
                reads = {pos: named(rs) for pos, rs in per_rule.items()}
                lines += _info_lines(nm if st is None else f"{nm}@{st}", self.annot(vd.type), named(rules),
                                     reads if len(set(reads.values())) > 1 else {})
        return lines + ["}"]

    def input_fields(self, info: ir.ScopeInfo) -> list:
        ns = Namespace()
        out = []
        for nm in info.order:
            vd = info.vars.get(nm)
            if vd is not None and vd.io_input in ("input", "context"):
                out.append((nm, ns.fresh(nm), vd))
        return out


class FnGen:
    """Code of one function body: expressions become Python expressions, hoisting statements as needed."""

    def __init__(self, mg: ModuleGen, sd: D.ScopeDef | None, rounding: str) -> None:
        self.mg = mg
        self.sd = sd
        self.rounding = f"rt.DateRounding.{rounding}"
        self.ns = Namespace({"entrees", "trace", "failures", "_failures"}, outer=mg.module_level_names)
        self.binds: dict = {}
        self.var_names: dict = {}
        self.sub_names: dict = {}
        self.out = Block()
        self.in_scope = sd is not None
        if sd is not None:
            for (vn, st), vdef in sd.var_defs.items():
                self.var_names[(vn, st)] = self.ns.fresh(vn if st is None else f"{vn}__{st}")
        #: Catala input variable -> the parameter of the scope's body function that holds it
        self.input_params: dict = {}
        #: targets whose rules were shown to always apply (pieces_exhaustive), and the (variable, state)
        #: defined by them: reading those needs no check for EMPTY
        self.always_defined: set = set()
        #: loop-invariant sub-expressions computed before the comprehension being generated -> their name
        self.hoisted: dict = {}
        self.never_empty_vars: set = set()
        if sd is not None:
            for (vn, st), vdef in sd.var_defs.items():
                if vdef.from_input and vn not in self.input_params:
                    self.input_params[vn] = self.var_names[(vn, st)]
            for sn in sd.info.subs:
                self.sub_names[sn] = self.ns.fresh(sn)

    def tmp(self, base: str = "t") -> str:
        return self.ns.fresh("_" + base)

    def bind_name(self, b: ir.Bind) -> str:
        if b.uid not in self.binds:
            self.binds[b.uid] = self.ns.fresh(b.name)
        return self.binds[b.uid]

    def binder(self, b) -> str:
        if isinstance(b, tuple):
            return "(" + ", ".join(self.bind_name(x) for x in b) + ("," if len(b) == 1 else "") + ")"
        return self.bind_name(b)

    def capture(self, e: ir.Expr) -> tuple[Block, str]:
        saved = self.out
        self.out = Block()
        try:
            code = self.ex(e)
            return self.out, code
        finally:
            self.out = saved

    # ------------------------------------------------------------------------------------------------------
    # expressions

    def ex(self, e: ir.Expr) -> str:  # noqa: C901
        mg = self.mg
        if e in self.hoisted:
            return self.hoisted[e]
        if isinstance(e, ir.Lit):
            k = e.kind
            if k == "bool":
                return Name("True" if e.value else "False")
            if k in ("int", "money"):
                return str(e.value) if e.value >= 0 else f"({e.value})"
            if k == "dec":
                return mg.const("dec", e.value)
            if k == "date":
                return mg.const("date", e.value)
            if k == "dur":
                return mg.const("dur", e.value)
            return Name("None")
        if isinstance(e, ir.Local):
            return self.bind_name(e.bind)
        if isinstance(e, ir.ScopeVarRef):
            name = self.var_names[(e.var, e.state)]
            vdef = self.sd.var_defs[(e.var, e.state)]
            if vdef.may_be_empty and (e.var, e.state) not in self.never_empty_vars:
                return f"rt.read({name}, {mg.pos(e.pos)})"
            return name
        if isinstance(e, ir.SubVarRef):
            sd = self.sd.info.subs[e.sub]
            return path(self.sub_names[e.sub], mg.field_names[sd.scope][e.var])
        if isinstance(e, ir.GlobalRef):
            mod = mg.p.modules[e.key[0]]
            if mod.external:
                n = Name(external_name(e.key[1]))
                if e.key[0] == mg.module:
                    return n
                mg.imports.add(e.key[0])
                return path(Name(mod.python_name), n)
            return mg.qual(e.key, mg.global_names[e.key])
        if isinstance(e, ir.Call):
            f = self.ex(e.func)
            args = [self.ex(a) for a in e.args]
            if e.implicit_pos is None and not e.spread:
                inline = self.inline_stdlib(e.func, args)
                if inline is not None:
                    return inline
            if e.implicit_pos is not None:  # the position of the function, as the reference passes it
                args.insert(e.implicit_pos, mg.pos(e.func.pos))
            if e.spread:  # one tuple for several parameters (after the implicit position)
                return f"{f}({''.join(a + ', ' for a in args[:-1])}*{args[-1]})"
            return f"{f}({', '.join(args)})"
        if isinstance(e, ir.Op):
            return self.op(e)
        if isinstance(e, ir.If):
            c = self.ex(e.cond)
            b1, t1 = self.capture(e.then)
            b2, t2 = self.capture(e.else_)
            if not b1.lines and not b2.lines:
                return f"({t1} if {c} else {t2})"
            r = self.tmp("r")
            self.out.add(f"if {c}:")
            self.out.extend(b1, 1)
            self.out.add(f"    {r} = {t1}")
            self.out.add("else:")
            self.out.extend(b2, 1)
            self.out.add(f"    {r} = {t2}")
            return r
        if isinstance(e, ir.Let):
            v = self.ex(e.value)
            self.out.add(f"{self.binder(e.binder)} = {v}")
            return self.ex(e.body)
        if isinstance(e, ir.Match):
            return self.match(e)
        if isinstance(e, ir.TestMatch):
            return self.testmatch(e)
        if isinstance(e, ir.StructLit):
            names = mg.field_names[e.struct]
            args = [f"{names[f]}={self.ex(v)}" for f, v in e.fields]
            return f"{mg.cls(e.struct)}({', '.join(args)})"
        if isinstance(e, ir.StructUpdate):
            base = self.ex(e.expr)
            key = e.expr.ty.key
            names = mg.field_names[key]
            args = [f"{names[f]}={self.ex(v)}" for f, v, _ in e.fields]
            return f"replace({base}, {', '.join(args)})"
        if isinstance(e, ir.FieldGet):
            return path(self.ex(e.expr), mg.field_names[e.struct][e.field])
        if isinstance(e, ir.Inject):
            if e.enum == ir.OPTION_KEY:
                if e.ctor == "Present":
                    return f"Present({self.ex(e.payload)})"
                return Name("ABSENT")
            c = path(mg.cls(e.enum), py_ident(e.ctor))
            if self.payload_enum(e.enum):
                return f"{c}({self.ex(e.payload) if e.payload is not None else ''})"
            return c
        if isinstance(e, ir.TupleLit):
            parts = [self.ex(x) for x in e.elts]
            return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
        if isinstance(e, ir.TupleGet):
            return f"{self.ex(e.expr)}[{e.index}]"
        if isinstance(e, ir.ListLit):
            parts = [self.ex(x) for x in e.elts]
            return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
        if isinstance(e, ir.ListOp):
            return self.listop(e)
        if isinstance(e, ir.ScopeCall):
            out_cls, in_cls, fn = mg.scope_names[e.scope]
            args = [(mg.field_names_in(e.scope)[f], self.ex(v)) for f, v in e.args]
            return self.scope_call(e.scope, args, traced=self.in_scope)
        if isinstance(e, ir.Impossible):
            note = f", {e.message!r}" if e.message else ""
            return f"rt.impossible({mg.pos(e.pos)}{note})"
        if isinstance(e, ir.InlineAssert):
            # reported as the reference places it: from `assertion` to the end of its condition
            self.assertion(e.cond, e.message, SourcePosition(e.pos.file, e.pos.start_line, e.pos.start_column,
                                                             e.cond.pos.end_line, e.cond.pos.end_column,
                                                             e.pos.law_headings))
            return self.ex(e.body)
        if isinstance(e, Traced):
            return self.traced(e)
        raise CatalaError(f"Cannot generate code for {type(e).__name__}", [e.pos])

    # --- trace events (only in code instrumented by trace_pass)

    def traced(self, e: Traced) -> str:
        """The value of ``e.expr`` with its evaluation logged: one call when it is an expression, else the
        statements that compute it between the beginning and the end of the event."""
        blk, code = self.capture(e.expr)
        info = dict(e.info)
        if e.ty is not None and e.kind in VALUE_TYPED_EVENTS:  # money is an int: the type tells how to print it
            info["value_type"] = _Code(self.mg.annot(e.ty))
        if not blk.lines:
            return f"rt.traced({self.event_args(e.kind, e.pos, info, as_dict=True)}, lambda: {code})"
        self.out.add(f"rt.trace_begin({self.event_args(e.kind, e.pos, info)})")
        self.out.extend(blk)
        t = self.tmp("v")
        self.out.add(f"{t} = rt.trace_end({code})")
        return t

    def event_args(self, kind: str, pos, info: dict, as_dict: bool = False) -> str:
        def lit(v) -> str:
            if isinstance(v, _Code):
                return str(v)
            if isinstance(v, dict):
                return "{" + ", ".join(f"{k!r}: {lit(x)}" for k, x in v.items()) + "}"
            return self.mg.pos(v) if isinstance(v, ir.SourcePosition) else repr(v)

        if as_dict:
            return f"{kind!r}, {lit(pos)}, {{{', '.join(f'{k!r}: {lit(v)}' for k, v in info.items())}}}"
        return ", ".join([repr(kind), lit(pos)] + [f"{k}={lit(v)}" for k, v in info.items()])

    def begin_events(self, events: list, value_type=None) -> None:
        for kind, pos, info in events:
            if value_type is not None and kind == SCOPE_VAR:
                info = {**info, "value_type": _Code(self.mg.annot(value_type))}
            self.out.add(f"rt.trace_begin({self.event_args(kind, pos, info)})")

    def inline_stdlib(self, func: ir.Expr, args: list[str]) -> str | None:
        """A few standard-library functions written out as the Python they run (`Date.accès_année de d` →
        `d.year`, `Argent.somme de l` → `sum(l)`), recognised by identity with their implementation."""
        if not isinstance(func, ir.GlobalRef) or len(args) != 1:
            return None
        mod = self.mg.p.modules[func.key[0]]
        if not (mod.external and mod.is_stdlib):
            return None
        try:
            implementation = getattr(importlib.import_module(f"catalapy.runtime.stdlib.{mod.python_name}"),
                                     external_name(func.key[1]))
        except (ImportError, AttributeError):
            return None
        form = _INLINE_STDLIB.get(implementation)
        if form is None:
            return None
        kind, name = form
        if kind == "attribute":  # an attribute of the argument: as plain a read as the argument
            return path(args[0], name)
        return f"{name}({args[0]})"

    def payload_enum(self, key) -> bool:
        en = self.mg.p.enums[key]
        mod = self.mg.p.modules[key[0]]
        if mod.external or mod.is_stdlib:
            return not all(v is None for v in en.ctors.values())
        return not all(v is None for v in en.ctors.values())

    def lazy(self, e: ir.Expr) -> tuple[Block, str]:
        return self.capture(e)

    def op(self, e: ir.Op) -> str:
        mg = self.mg
        k = e.kind
        if k in ("and", "or"):
            a = self.ex(e.args[0])
            blk, b = self.lazy(e.args[1])
            if not blk.lines:
                return f"({a} {k} {b})"
            r = self.tmp("b")
            self.out.add(f"{r} = {a}")
            self.out.add(f"if {'' if k == 'and' else 'not '}{r}:")
            self.out.extend(blk, 1)
            self.out.add(f"    {r} = {b}")
            return r
        if k == "div_dur" and isinstance(e.args[0], ir.Op) and e.args[0].kind == "sub_date_date":
            unit = e.args[1]
            if isinstance(unit, ir.Lit) and unit.kind == "dur" and unit.value[:2] == (0, 0) and unit.value[2]:
                # (a − b) / n jours: a difference of dates is a whole number of days, so the quotient is
                # that number over n (what rt.div_duration gives, without building the durations)
                a, b = (self.ex(x) for x in e.args[0].args)
                return f"rt.div_int(({a} - {b}).days, {unit.value[2]}, {mg.pos(unit.pos)})"
        args = [self.ex(a) for a in e.args]
        on_decimals = TABLE[k].on_decimals
        if on_decimals is not None and self._kind(e.args[0].ty) == "decimal":
            return f"{on_decimals}({args[0]}, {args[1]})"
        if k is Operator.SUB_DAT_DUR and isinstance(e.args[1], ir.Lit) and e.args[1].kind == "dur":
            # date − d is date + (−d)
            minus = mg.const("dur", tuple(-x for x in e.args[1].value))
            return f"rt.add_date({args[0]}, {minus}, {self.rounding}, {mg.pos(e.op_pos)})"
        return self.op_code_with(e, *args)

    # --- pattern matching

    def _test(self, subj: str, key, ctor: str) -> str:
        if key == ir.OPTION_KEY:
            return f"{subj} is ABSENT" if ctor == "Absent" else f"{subj} is not ABSENT"
        c = f"{self.mg.cls(key)}.{py_ident(ctor)}"
        if self.payload_enum(key):
            return f"type({subj}) is {c}"
        return f"{subj} is {c}"

    def _payload(self, subj: str, key) -> str:
        if key == ir.OPTION_KEY:
            return f"{subj}.value"
        return f"{subj}.payload"

    def match(self, e: ir.Match) -> str:
        subj = self.ex(e.expr)
        if not isinstance(subj, Name):
            s = self.tmp("v")
            self.out.add(f"{s} = {subj}")
            subj = s
        r = self.tmp("r")
        first = True
        arms = e.arms
        for i, arm in enumerate(arms):
            last = i == len(arms) - 1
            if arm.ctor is None:
                self.out.add("else:")
            elif last and not any(a.ctor is None for a in arms) and not first:
                self.out.add(f"else:  # {escape.comment(arm.ctor)}")
            else:
                self.out.add(f"{'if' if first else 'elif'} {self._test(subj, e.enum, arm.ctor)}:")
            first = False
            blk = Block()
            if arm.ctor is not None and arm.binder is not None:
                blk.add(f"{self.binder(arm.binder)} = {self._payload(subj, e.enum)}")
            b2, code = self.capture(arm.body)
            blk.extend(b2)
            blk.add(f"{r} = {code}")
            self.out.extend(blk, 1)
        return r

    def testmatch(self, e: ir.TestMatch) -> str:
        subj = self.ex(e.expr)
        if e.and_then is None:
            return f"({self._test(subj, e.enum, e.ctor)})"
        if not isinstance(subj, Name):
            s = self.tmp("v")
            self.out.add(f"{s} = {subj}")
            subj = s
        r = self.tmp("b")
        self.out.add(f"{r} = False")
        self.out.add(f"if {self._test(subj, e.enum, e.ctor)}:")
        blk = Block()
        if e.binder is not None:
            blk.add(f"{self.binder(e.binder)} = {self._payload(subj, e.enum)}")
        b2, code = self.capture(e.and_then)
        blk.extend(b2)
        blk.add(f"{r} = {code}")
        self.out.extend(blk, 1)
        return r

    # --- lists

    def _kind(self, t) -> str:
        if isinstance(t, ir.TPrim):
            return t.name
        return "other"

    def listop(self, e: ir.ListOp) -> str:  # noqa: C901
        mg = self.mg
        k = e.kind
        parts = e.parts
        lists = [self.ex(x) for x in e.lists]
        if k == "length":
            return f"len({lists[0]})"
        if k == "contains":
            elt = self.ex(parts["elt"])
            if self._kind(parts["elt"].ty) in NATIVE_KINDS:
                return f"({elt} in {lists[0]})"
            return f"rt.contains_eq({lists[0]}, {elt}, {mg.pos(e.pos)})"
        if k in ("maximum", "minimum"):
            ek = self._kind(e.ty)
            lst = lists[0]
            if "default" in parts:
                if not isinstance(lst, Name):
                    t = self.tmp("l")
                    self.out.add(f"{t} = {lst}")
                    lst = t
                blk, d = self.lazy(parts["default"])
                fn = "max" if k == "maximum" else "min"
                if ek in NATIVE_KINDS:
                    main = f"{fn}({lst})"
                else:
                    main = f"rt.list_{k[:3]}_cmp({lst}, {mg.pos(e.pos)}, {mg.pos(e.pos)})"
                if not blk.lines:
                    return f"({main} if {lst} else {d})"
                r = self.tmp("r")
                self.out.add(f"if {lst}:")
                self.out.add(f"    {r} = {main}")
                self.out.add("else:")
                self.out.extend(blk, 1)
                self.out.add(f"    {r} = {d}")
                return r
            if ek in NATIVE_KINDS:
                return f"rt.list_{k[:3]}({lst}, {mg.pos(e.pos)})"
            return f"rt.list_{k[:3]}_cmp({lst}, {mg.pos(e.pos)}, {mg.pos(e.pos)})"
        if k == "sum":
            ek = self._kind(e.ty)
            if ek == "decimal":
                return f"sum({lists[0]}, Fraction(0))"
            if ek == "duration":
                return f"rt.sum_durations({lists[0]})"
            return f"sum({lists[0]})"
        if k == "sort" and e.binder is None:
            ek = self._kind(e.ty.elt)
            if ek in NATIVE_KINDS:
                return f"tuple(sorted({lists[0]}{', reverse=True' if parts['descending'] else ''}))"
            lst = lists[0]
            return f"rt.sorted_by({lst}, {lst}, {parts['descending']}, {mg.pos(e.pos)})"
        if k == "fold":
            acc = self.bind_name(parts["acc"])
            init = self.ex(parts["init"])
            self.out.add(f"{acc} = {init}")
            self.out.add(f"for {self.binder(e.binder)} in {self.iter_of(e, lists)}:")
            blk, body = self.capture(parts["body"])
            self.out.extend(blk, 1)
            self.out.add(f"    {acc} = {body}")
            return acc
        # binder forms
        it = self.iter_of(e, lists)
        b = self.binder(e.binder)
        if k == "argmin" or k == "argmax":
            lst = lists[0] if len(lists) == 1 else f"tuple({it})"
            if not isinstance(lst, Name):
                t = self.tmp("l")
                self.out.add(f"{t} = {lst}")
                lst = t
            keys = self.comprehension(f"{b}", lst, parts["key"], None, "tuple")
            call = f"rt.arg_extremum({lst}, {keys}, {k == 'argmax'}, {mg.pos(e.lists[0].pos)}, {mg.pos(e.pos)})"
            if "default" in parts:
                blk, d = self.lazy(parts["default"])
                if not blk.lines:
                    return f"({call} if {lst} else {d})"
                r = self.tmp("r")
                self.out.add(f"if {lst}:")
                self.out.add(f"    {r} = {call}")
                self.out.add("else:")
                self.out.extend(blk, 1)
                self.out.add(f"    {r} = {d}")
                return r
            return call
        if k == "sort":
            lst = lists[0]
            if not isinstance(lst, Name):
                t = self.tmp("l")
                self.out.add(f"{t} = {lst}")
                lst = t
            keys = parts["keys"]
            key_expr = ir.TupleLit(e.pos, keys) if len(keys) != 1 else keys[0]
            if len(keys) != 1:
                key_expr.ty = ir.TTuple(tuple(x.ty for x in keys))
            native = (len(keys) == 1 and self._kind(keys[0].ty) in NATIVE_KINDS
                      and not isinstance(e.binder, tuple))
            if native:
                blk, kc = self.capture(key_expr)
                if not blk.lines:
                    return f"tuple(sorted({lst}, key=lambda {b}: {kc}{', reverse=True' if parts['descending'] else ''}))"
            kt = self.comprehension(b, lst, key_expr, None, "tuple")
            return f"rt.sorted_by({lst}, {kt}, {parts['descending']}, {mg.pos(e.pos)})"
        if k in ("map", "filter", "exists", "forall", "find"):
            hoisted = self.hoist_invariants(e)
            try:
                if k == "map":
                    return self.comprehension(b, it, parts["body"], parts.get("cond"), "tuple")
                if k == "filter":
                    return self.comprehension(b, it, None, parts["cond"], "tuple", element=b)
                if k == "exists":
                    return self.comprehension(b, it, parts["cond"], None, "any")
                if k == "forall":
                    return self.comprehension(b, it, parts["cond"], None, "all")
                return self.comprehension(b, it, None, parts["cond"], "find", element=b)
            finally:
                for sub in hoisted:
                    del self.hoisted[sub]
        raise CatalaError(f"Unsupported list operation {k}", [e.pos])

    def hoist_invariants(self, e: ir.ListOp) -> list:
        """Compute the loop invariants of a comprehension once, before it (see invariants.py); returns the
        sub-expressions now standing for a name, to be forgotten once the comprehension is generated."""
        def always_defined(ref: ir.ScopeVarRef) -> bool:
            vdef = self.sd.var_defs.get((ref.var, ref.state)) if self.sd is not None else None
            return vdef is not None and (not vdef.may_be_empty or (ref.var, ref.state) in self.never_empty_vars)
        new = []
        for sub in loop_invariants([e.parts.get("body"), e.parts.get("cond")], e.binder, always_defined):
            if sub in self.hoisted:
                continue
            code = self.ex(sub)
            name = self.tmp("invariant")
            self.out.add(f"{name} = {code}  # the same for every element of the list below")
            self.hoisted[sub] = name
            new.append(sub)
        return new

    def iter_of(self, e: ir.ListOp, lists: list) -> str:
        if len(lists) == 1:
            return lists[0]
        return f"rt.zip_same({self.mg.pos(e.lists_pos or e.pos)}, {', '.join(lists)})"

    def comprehension(self, b: str, it: str, body, cond, kind: str, element: str | None = None) -> str:
        """``kind``: tuple (map/filter), any, all, find."""
        bb, bc = self.capture(body) if body is not None else (Block(), element)
        cb, cc = self.capture(cond) if cond is not None else (Block(), None)
        if not bb.lines and not cb.lines:
            flt = f" if {cc}" if cc is not None else ""
            if kind == "find":
                return f"next((Present({bc}) for {b} in {it}{flt}), ABSENT)"
            if kind == "tuple":  # a list comprehension is cheaper than a generator fed to tuple()
                return f"tuple([{bc} for {b} in {it}{flt}])"
            return f"{kind}({bc} for {b} in {it}{flt})"
        r = self.tmp("r")
        init = {"tuple": "[]", "any": "False", "all": "True", "find": "ABSENT"}[kind]
        self.out.add(f"{r} = {init}")
        self.out.add(f"for {b} in {it}:")
        lvl = 1
        if cond is not None:
            self.out.extend(cb, 1)
            self.out.add(f"    if {cc}:")
            lvl = 2
        self.out.extend(bb, lvl)
        ind = "    " * lvl
        if kind == "tuple":
            self.out.add(f"{ind}{r}.append({bc})")
        elif kind == "any":
            self.out.add(f"{ind}if {bc}:")
            self.out.add(f"{ind}    {r} = True")
            self.out.add(f"{ind}    break")
        elif kind == "all":
            self.out.add(f"{ind}if not {bc}:")
            self.out.add(f"{ind}    {r} = False")
            self.out.add(f"{ind}    break")
        else:
            self.out.add(f"{ind}{r} = Present({bc})")
            self.out.add(f"{ind}break")
        if kind == "tuple":
            self.out.add(f"{r} = tuple({r})")
        return r

    # ------------------------------------------------------------------------------------------------------
    # scope items

    def comment(self, p) -> None:
        self.out.add(_comment_line(p))

    def gen_var(self, v: D.VarDef) -> None:
        if not self.mg.pdef.traced:
            self._gen_var(v)
            return
        self.begin_events([scope_var_event(self.sd.info, v.decl)], v.decl.type)
        name = self.var_names[(v.var, v.state)]
        if not (self.mg.pdef.trace_context_positions and v.is_context and not v.decl.io_output
                and not isinstance(v.decl.type, ir.TArrow)):
            self._gen_var(v)
            self.out.add(f"rt.trace_end({name})")
            return
        from_rules = self.tmp(f"{name}_from_rules")
        self.out.add(f"{from_rules} = {name} is NOT_PROVIDED")
        positions = self._gen_var(v)
        self.out.add(f"rt.trace_end_context({name}, {positions} if {from_rules} else None, {v.var!r})")

    def _gen_var(self, v: D.VarDef) -> str | None:
        """Statements defining ``v``; returns the code of the positions of the rule applied, if any."""
        mg = self.mg
        name = self.var_names[(v.var, v.state)]
        vd = v.decl
        sname = self.sd.info.key[1]
        label = v.var if v.state is None else f"{v.var}@{v.state}"
        pyin = dict((vn, pyf) for vn, pyf, _ in mg.input_fields(self.sd.info))
        self.out.add("")
        self.comment(_definition_position(v))
        if _is_plain_input(v):  # `name` is a parameter of the body function
            self.out.add("if trace is not None:")
            self.out.add("    " + self.input_record(v))
            return
        if isinstance(vd.type, ir.TArrow):
            self.gen_function_var(v, name, pyin, label)
            return
        target = name
        indent_blk = self.out
        if v.is_context:  # `name` is a parameter of the body function, NOT_PROVIDED unless given
            self.out.add(f"if {name} is NOT_PROVIDED:")
            saved = self.out
            self.out = Block()
            pos_var = self.gen_tree(v.tree, target, v)
            self.finish_var(v, target, vd)
            inner = self.out
            self.out = saved
            self.out.extend(inner, 1)
            if self.record_wanted():
                self.out.add("    if trace is not None:")
                self.out.add("        " + f"trace.record({sname!r}, {label!r}, {name}, {pos_var})")
                self.out.add("elif trace is not None:")
                self.out.add(f"    trace.record_input({sname!r}, {label!r}, {name}, {mg.pos(vd.pos)})")
            return pos_var
        del indent_blk
        pos_var = self.gen_tree(v.tree, target, v)
        if v.tree is not None and not v.tree.exceptions and target in self.always_defined:
            self.never_empty_vars.add((v.var, v.state))
        self.finish_var(v, target, vd)
        self.out.add("if trace is not None:")
        self.out.add(f"    trace.record({sname!r}, {label!r}, {name}, {pos_var})")

    def input_record(self, v: D.VarDef) -> str:
        label = v.var if v.state is None else f"{v.var}@{v.state}"
        name = self.var_names[(v.var, v.state)]
        return f"trace.record_input({self.sd.info.key[1]!r}, {label!r}, {name}, {self.mg.pos(v.decl.pos)})"

    def gen_input_records(self, inputs: list) -> None:
        """Inputs of the scope (parameters of its body function): recorded under one `if trace is not None:`,
        each after the comment that says where it is declared."""
        self.out.add("")
        self.out.add("if trace is not None:")
        for v in inputs:
            self.out.add("    " + _comment_line(_definition_position(v)))
            self.out.add("    " + self.input_record(v))

    def record_wanted(self) -> bool:
        return True

    def record(self, label: str, name: str, positions: list) -> None:
        sname = self.sd.info.key[1]
        ps = ", ".join(self.mg.pos(p) for p in positions)
        self.out.add("if trace is not None:")
        self.out.add(f"    trace.record({sname!r}, {label!r}, {name}, ({ps},))")

    def finish_var(self, v: D.VarDef, target: str, vd: ir.VarDecl) -> None:
        if v.tree is not None and v.tree.never_empty():
            return
        if vd.is_condition:
            self.out.add(f"if {target} is rt.EMPTY:")
            self.out.add(f"    {target} = False")
        elif v.must_be_defined:
            self.out.add(f"if {target} is rt.EMPTY:")
            self.out.add(f"    raise rt.NoValue({self.mg.pos(vd.pos)})")

    def gen_function_var(self, v: D.VarDef, name: str, pyin: dict, label: str) -> None:
        vd = v.decl
        mg = self.mg
        params = [self.ns.fresh(p[0]) for p in vd.params]
        if v.tree is not None:
            for piece in _all_pieces(v.tree):
                for b, pn in zip(piece.params, params):
                    self.binds[b.uid] = pn
        fname = self.ns.fresh(f"_{v.var}") if v.is_context else name
        sig = ", ".join(f"{pn}: {mg.annot(pt)}" for pn, (_, pt, _) in zip(params, vd.params))
        self.out.add(f"def {fname}({sig}) -> {mg.annot(vd.type.result)}:")
        saved = self.out
        self.out = Block()
        r = self.ns.fresh("_result")
        self.gen_tree(v.tree, r, v, track_pos=False)
        if v.tree is None or not v.tree.never_empty():
            if vd.is_condition:
                self.out.add(f"if {r} is rt.EMPTY:")
                self.out.add(f"    {r} = False")
            else:
                self.out.add(f"if {r} is rt.EMPTY:")
                self.out.add(f"    raise rt.NoValue({mg.pos(vd.pos)})")
        self.out.add(f"return {r}")
        inner = self.out
        self.out = saved
        self.out.extend(inner, 1)
        if v.is_context:  # `name` is a parameter of the body function
            self.out.add(f"if {name} is NOT_PROVIDED:")
            self.out.add(f"    {name} = {fname}")
        self.record(label, name, [vd.pos])

    # --- default trees

    def gen_tree(self, node: D.Node | None, target: str, v, track_pos: bool = True) -> str:
        """Statements computing ``target`` (a value or rt.EMPTY); returns the Python expression of the tuple of
        positions of the rule applied (for traces)."""
        mg = self.mg
        if node is None:
            self.out.add(f"{target} = rt.EMPTY")
            return "()"
        if node.is_trivial():
            piece = node.pieces[0]
            code = self.ex(piece.consequence)
            self.out.add(f"{target} = {code}")
            return f"({mg.pos(piece.consequence.pos)},)"
        p = self.ns.fresh(f"_{target.lstrip('_')}_pos")
        self.tree_node(node, target, p)
        return f"({p},)"

    def tree_node(self, node: D.Node, target: str, p: str) -> None:
        if node.exceptions:
            results = []
            for ex in node.exceptions:
                t = self.tmp("e")
                tp = self.ns.fresh(f"{t}_pos")
                self.tree_node(ex, t, tp)
                results.append((t, tp))
            if len(results) == 1:
                t, tp = results[0]
                self.out.add(f"{target}, {p} = {t}, {tp}")
            else:
                self.out.add(f"{target}, {p} = rt.pick({', '.join(f'({t}, {tp})' for t, tp in results)})")
            if node.pieces:
                self.out.add(f"if {target} is rt.EMPTY:")
                saved = self.out
                self.out = Block()
                self.pieces(node.pieces, target, p)
                inner = self.out
                self.out = saved
                self.out.extend(inner, 1)
            return
        self.pieces(node.pieces, target, p)

    def cond_code(self, piece: D.Piece) -> str:
        parts = []
        for c in piece.conditions:
            if c is None:
                return Name("True")
            parts.append(self.ex(c))
        return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"

    def rule_positions(self, piece: D.Piece) -> list | None:
        """The position of each rule of a piece whose rules have identical consequences at distinct places
        (each condition then tested apart, see `piece_test`); None for a piece tested as one condition."""
        positions = [self.mg.pos(r.consequence.pos) for r in piece.rules]
        if len(positions) != len(piece.conditions) or len(set(positions)) == 1:
            return None
        return positions

    def holds_always(self, piece: D.Piece) -> bool:
        """The piece applies unconditionally (a rule without condition, or whose condition is `vrai`)."""
        if self.rule_positions(piece) is not None:
            return False
        conds = piece.conditions
        return any(c is None for c in conds) or (len(conds) == 1 and isinstance(conds[0], ir.Lit)
                                                 and conds[0].kind == "bool" and conds[0].value is True)

    def piece_test(self, piece: D.Piece) -> tuple[str, str]:
        """(condition code, position code) of ``piece``. Rules with identical consequences share one piece (the
        reference's identical-outcome relaxation): their conditions are all evaluated, as the reference does
        for sibling rules, into temporaries emitted before the test, and the position recorded is the one of the
        first rule whose condition holds, so that traces and ``--explain`` cite the rule that applied."""
        positions = self.rule_positions(piece)
        if positions is None:
            return self.cond_code(piece), self.mg.pos(piece.consequence.pos)
        tests = []
        for cond in piece.conditions:
            if cond is None:
                tests.append(Name("True"))
                continue
            code = self.ex(cond)
            if not isinstance(code, Name):
                t = self.tmp("c")
                self.out.add(f"{t} = {code}")
                code = t
            tests.append(code)
        chain = positions[-1]
        for test, pos in reversed(list(zip(tests[:-1], positions[:-1]))):
            chain = f"{pos} if {test} else {chain}"
        return "(" + " or ".join(tests) + ")", f"({chain})"

    def pure_subject(self, e: ir.Expr):
        """A key for a read that cannot fail (see exclusive.py), or None."""
        if isinstance(e, ir.Local):
            return ("local", e.bind.uid)
        if isinstance(e, ir.ScopeVarRef) and self.sd is not None:
            vdef = self.sd.var_defs.get((e.var, e.state))
            if vdef is None or (vdef.may_be_empty and (e.var, e.state) not in self.never_empty_vars):
                return None
            return ("var", e.var, e.state)
        if isinstance(e, ir.SubVarRef):
            return ("sub", e.sub, e.var)
        return None

    def constant_value(self, e: ir.Expr):
        """(True, value) for a literal, or a global defined as a literal; (False, None) otherwise."""
        if isinstance(e, ir.GlobalRef):
            g = self.mg.p.globals.get(e.key)
            e = g.value if g is not None and not g.params else None
        if isinstance(e, ir.Lit) and e.kind in ("int", "money", "dec", "date"):
            return True, e.value
        return False, None

    def pieces(self, pieces: list, target: str, p: str) -> None:
        if not pieces:
            self.out.add(f"{target}, {p} = rt.EMPTY, None")
            return
        if len(pieces) == 1:
            piece = pieces[0]
            c, pos = self.piece_test(piece)
            blk, code = self.capture(piece.consequence)
            if self.holds_always(piece):
                self.out.extend(blk)
                self.out.add(f"{target}, {p} = {code}, {pos}")
                return
            self.out.add(f"if {c}:")
            self.out.extend(blk, 1)
            self.out.add(f"    {target}, {p} = {code}, {pos}")
            self.out.add("else:")
            self.out.add(f"    {target}, {p} = rt.EMPTY, None")
            return
        analysis = ([piece.conditions for piece in pieces], self.pure_subject, self.constant_value,
                    lambda key: self.mg.p.enums[key].ctors)
        tests = [self.piece_test(piece) for piece in pieces]
        if pieces_exclusive(*analysis):
            total = pieces_exhaustive(*analysis)
            self.out.add("# (these conditions exclude one another: no conflict is possible"
                         + ("; one of them always holds)" if total else ")"))
            for i, (piece, (c, pos)) in enumerate(zip(pieces, tests)):
                if total and i == len(pieces) - 1:
                    self.out.add(f"else:  # {escape.comment(c)}")
                else:
                    self.out.add(f"{'if' if i == 0 else 'elif'} {c}:")
                blk, code = self.capture(piece.consequence)
                self.out.extend(blk, 1)
                self.out.add(f"    {target}, {p} = {code}, {pos}")
            if total:
                self.always_defined.add(target)
            else:
                self.out.add("else:")
                self.out.add(f"    {target}, {p} = rt.EMPTY, None")
            return
        conds = []
        for c, _pos in tests:
            if not isinstance(c, Name):
                t = self.tmp("c")
                self.out.add(f"{t} = {c}")
                c = t
            conds.append(c)
        conflict_positions = [self.mg.pos(piece.consequence.pos) for piece in pieces]
        if len(pieces) == 2:
            self.out.add(f"if {conds[0]} and {conds[1]}:")
            self.out.add(f"    raise rt.Conflict({conflict_positions[0]}, {conflict_positions[1]})")
        else:
            self.out.add(f"if {' + '.join(conds)} > 1:")
            self.out.add("    rt.conflict_of("
                         + ", ".join(f"{c}, {q}" for c, q in zip(conds, conflict_positions)) + ")")
        for i, (piece, c, (_c, pos)) in enumerate(zip(pieces, conds, tests)):
            self.out.add(f"{'if' if i == 0 else 'elif'} {c}:")
            blk, code = self.capture(piece.consequence)
            self.out.extend(blk, 1)
            self.out.add(f"    {target}, {p} = {code}, {pos}")
        self.out.add("else:")
        self.out.add(f"    {target}, {p} = rt.EMPTY, None")

    # --- sub-scopes and assertions

    def gen_subcall(self, c: D.SubCall) -> None:
        mg = self.mg
        sub = c.sub
        out_cls, in_cls, fn = mg.scope_names[sub.scope]
        callee = mg.p.scopes[sub.scope]
        pyin = dict((vn, pyf) for vn, pyf, _ in mg.input_fields(callee))
        self.out.add("")
        self.comment(sub.pos)
        if mg.pdef.traced:
            self.begin_events(sub_scope_events(mg.p, sub))
        args = []
        for si in c.inputs:
            vd = si.decl
            if si.tree is None:
                if vd.io_input == "input" and vd.is_condition:
                    args.append((pyin[si.var], "False"))
                continue
            if si.tree.is_trivial() and not isinstance(vd.type, ir.TArrow):
                code = self.ex(si.tree.pieces[0].consequence)
                if isinstance(code, (Name, Path)):  # a variable or a field: passed as it is (reading it cannot fail)
                    args.append((pyin[si.var], code))
                    continue
                t = self.ns.fresh(f"{sub.name}__{si.var}")
                self.out.add(f"{t} = {code}")
                args.append((pyin[si.var], t))
                continue
            t = self.ns.fresh(f"{sub.name}__{si.var}")
            if isinstance(vd.type, ir.TArrow):
                params = [self.ns.fresh(pn) for pn, _, _ in vd.params]
                for piece in _all_pieces(si.tree):
                    for b, pn in zip(piece.params, params):
                        self.binds[b.uid] = pn
                self.out.add(f"def {t}({', '.join(params)}):")
                saved = self.out
                self.out = Block()
                r = self.ns.fresh("_result")
                self.gen_tree(si.tree, r, None, track_pos=False)
                self.out.add(f"if {r} is rt.EMPTY:")
                self.out.add(f"    raise rt.NoValue({mg.pos(vd.pos)})")
                self.out.add(f"return {r}")
                inner = self.out
                self.out = saved
                self.out.extend(inner, 1)
            else:
                self.gen_tree(si.tree, t, None)
                if not si.tree.never_empty():
                    self.out.add(f"if {t} is rt.EMPTY:")
                    if vd.io_input == "context":
                        self.out.add(f"    {t} = NOT_PROVIDED")
                    elif vd.is_condition:
                        self.out.add(f"    {t} = False")
                    else:
                        self.out.add(f"    raise rt.NoValue({mg.pos(vd.pos)})")
            args.append((pyin[si.var], t))
        name = self.sub_names[sub.name]
        self.out.add("if trace is not None:")
        self.out.add(f"    trace.sub_call({sub.name!r})")
        self.out.add(f"{name} = {self.scope_call(sub.scope, args, traced=True)}")
        if mg.pdef.traced:
            self.out.add(f"rt.trace_end(rt.trace_end({name}))")

    def scope_call(self, scope, args: list[tuple[str, str]], traced: bool) -> str:
        """Call of the body function of `scope` with its inputs in declaration order, from `args` (input field,
        code); absent inputs take the input class's defaults. Falls back to building the input class when a
        required input is missing (which then raises as Python would). ``traced``: the caller is a scope, whose
        trace and failure list the call passes on."""
        mg = self.mg
        out_cls, in_cls, fn = mg.scope_names[scope]
        given = dict(args)
        tr = "trace, failures" if traced else "None, None"
        positional = []
        for vn, pyf, vd in mg.input_fields(mg.p.scopes[scope]):
            if pyf in given:
                positional.append(given[pyf])
            elif vd.io_input == "context":
                positional.append("NOT_PROVIDED")
            elif vd.is_condition:
                positional.append("False")
            else:
                kw = ", trace=trace, _failures=failures" if traced else ""
                fields = ", ".join(f"{f}={code}" for f, code in args)
                return f"{mg.qual(scope, fn)}({mg.qual(scope, in_cls)}({fields}){kw})"
        return f"{mg.qual(scope, mg.body_names[scope])}({', '.join(positional + [tr])})"

    def gen_assertion(self, a: D.Assertion) -> None:
        self.out.add("")
        self.comment(a.pos)
        self.assertion(a.expr, a.message, a.pos)

    def assertion(self, cond: ir.Expr, message: str | None, pos) -> None:
        mg = self.mg
        if isinstance(cond, Traced) and cond.kind == ASSERTION:  # a false one stops the evaluation there
            blk, code = self.capture(cond.expr)
            if not blk.lines:
                self.out.add(f"rt.traced_assertion({mg.pos(cond.pos)}, lambda: {code})")
                return
            self.out.add(f"rt.trace_begin({self.event_args(ASSERTION, cond.pos, {})})")
            self.out.extend(blk)
            self.out.add(f"rt.assertion_holds({code}, {mg.pos(cond.pos)})")
            return
        negated = False
        c = cond
        if isinstance(c, ir.Op) and c.kind == "not" and isinstance(c.args[0], ir.Op) and c.args[0].op in (
                "=", "<", "<=", ">", ">="):
            negated = True
            c = c.args[0]
        prefix = f"{message}: " if message else ""
        fail_list = "failures" if self.in_scope else None
        if isinstance(c, ir.Op) and c.op in ("=", "<", "<=", ">", ">=") and c.kind:
            a = self.ex(c.args[0])
            b = self.ex(c.args[1])
            ta, tb = self.tmp("a"), self.tmp("b")
            self.out.add(f"{ta}, {tb} = {a}, {b}")
            test = self.op_code_with(c, ta, tb)
            self.out.add(f"if {'' if negated else 'not '}{test}:")
            expl = (f"{prefix!r} + rt.explain_comparison({c.op.value!r}, {negated}, {ta}, {tb}, "
                    f"{mg.annot(c.args[0].ty)}, LANG)")
        else:
            code = self.ex(cond)
            self.out.add(f"if not {code}:")
            expl = repr(message) if message else "None"
        err = f"rt.AssertionFailed({expl}, {mg.pos(pos)})"
        if fail_list:
            self.out.add(f"    failures.append({err})")
        else:
            self.out.add(f"    raise {err}")

    def op_code_with(self, e: ir.Op, *args: str) -> str:
        """The operator of ``e`` applied to the code ``args``, in its Python form (catalapy/operators.py)."""
        form = TABLE[e.kind].python
        if form.swapped:
            args = args[::-1]
        if form.shape == "infix":
            return f"({args[0]} {form.text} {args[1]})"
        if form.shape == "prefix":
            return f"({form.text}{args[0]})"
        if form.shape == "template":
            return form.text.format(*args)
        extra = [self.rounding] if form.rounding else []
        if form.position is not None:
            extra.append(self.mg.pos(e.args[1].pos if form.position == "right" else e.op_pos))
        return f"{form.text}({', '.join([*args, *extra])})"


def _inline_stdlib_table() -> dict:
    from catalapy.runtime.stdlib import _calendar, _numbers

    return {_calendar.get_year: ("attribute", "year"), _calendar.get_month: ("attribute", "month"),
            _calendar.get_day: ("attribute", "day"), _numbers.int_sum: ("call", "sum"),
            _numbers.money_sum: ("call", "sum")}


_INLINE_STDLIB = _inline_stdlib_table()


def _is_plain_input(item) -> bool:
    """An `entrée` variable that takes the value given (nothing to compute: only recorded by traces)."""
    return isinstance(item, D.VarDef) and item.decl.io_input == "input" and item.from_input


def _definition_position(v: D.VarDef):
    """Where the comment above a variable's code points: its first rule, or its declaration."""
    first_rule = _first_rule(v.tree) if v.tree is not None else None
    return first_rule.pos if first_rule is not None else v.decl.pos


def _comment_line(p) -> str:
    """`# file:line — innermost law heading` above a definition (both escaped: see escape.py)."""
    head = f" — {p.law_headings[-1]}" if p.law_headings else ""
    return escape.comment(f"# {p.file}:{p.start_line}{head}")


def _wrap(head: str, items: list[str], tail: str, width: int = 116) -> list[str]:
    """`head` + items joined by ", " + `tail`, cut into lines of at most `width` characters (continuation
    lines indented by 8)."""
    lines, cur, on_line = [], head, 0  # on_line: items on the current line (never break before the first)
    for i, item in enumerate(items):
        piece = item + (", " if i < len(items) - 1 else tail)
        if len(cur) + len(piece.rstrip()) > width and on_line:
            lines.append(cur.rstrip())
            cur, on_line = " " * 8, 0
        cur += piece
        on_line += 1
    if not items:
        cur += tail
    lines.append(cur)
    return lines


def _info_lines(key: str, annot: str, reads: tuple, per_rule: dict) -> list[str]:
    """One entry of a VARIABLES_ table: `'key': rt.VariableInfo(type, (reads...)[, ((POS, (reads...)), ...)]),`."""
    def names(head: str, rd: tuple, tail: str) -> list[str]:
        return _wrap(head + "(", [repr(x) for x in rd], ("," if len(rd) == 1 else "") + ")" + tail)
    head = f"    {key!r}: rt.VariableInfo({annot}, "
    if not per_rule:
        return names(head, reads, "),")
    lines = names(head, reads, ", (")
    for pos, rd in per_rule.items():
        lines += names(f"        ({pos}, ", rd, "),")
    return lines + ["    )),"]


def _named_reads(e, skipped_modules: set) -> list:
    """Reads of an expression, named as in rt.VariableInfo: `var`, `var@state`, `sub.var`, `Module.name` (not
    those of the modules ``skipped_modules``)."""
    acc = []
    for x in ir.walk(e):
        if isinstance(x, ir.ScopeVarRef):
            acc.append(x.var if x.state is None else f"{x.var}@{x.state}")
        elif isinstance(x, ir.SubVarRef):
            acc.append(f"{x.sub}.{x.var}")
        elif isinstance(x, ir.GlobalRef) and x.key[0] not in skipped_modules:
            acc.append(f"{x.key[0]}.{x.key[1]}")
    return acc


def _first_rule(node: D.Node):
    for p in node.pieces:
        return p.rules[0]
    for e in node.exceptions:
        r = _first_rule(e)
        if r is not None:
            return r
    return None


def _all_pieces(node: D.Node) -> list:
    out = list(node.pieces)
    for e in node.exceptions:
        out.extend(_all_pieces(e))
    return out


def _field_names_in(self: ModuleGen, key) -> dict:
    info = self.p.scopes[key]
    return {vn: pyf for vn, pyf, _ in self.input_fields(info)}


ModuleGen.field_names_in = _field_names_in


def generate_module(pdef: D.ProgramDef, module: str, package: bool = True) -> str:
    mg = ModuleGen(pdef, module)
    mg.package = package
    return mg.generate()

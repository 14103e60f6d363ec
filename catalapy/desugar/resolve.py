"""Name resolution: surface AST files → :class:`~catalapy.desugar.ir.Program`.

Resolves scopes, variables (with their states), sub-scopes, structures, enumerations and constructors, module
qualifications (incl. the implicit standard-library modules), and local binders. Field accesses whose structure
is not written are left to typing (they need the type of the accessed expression).
"""
from __future__ import annotations

import dataclasses
import itertools
from typing import Callable

from catalapy.errors import CatalaError, CatalaErrors, Warning_, best_candidates, closest_name, fill, sorted_candidates
from catalapy.operators import Operator
from catalapy.position import SourcePosition
from catalapy.syntax import ast

from . import ir

OPTION = ir.OPTION_KEY
PRESENT_NAMES = ("Present", "Présent")
RESERVED_BINDERS = {"arrondi", "impossible", "nombre", "entier", "décimal", "argent",
                    "round", "number", "integer", "decimal", "money"}


class ModuleScope:
    """The names declared by one module."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.implicit: dict[str, str] = {}  # stdlib alias -> module key, for the module's dialect
        self.types: dict[str, tuple[str, ir.Key]] = {}  # name -> (kind, key)
        self.scopes: dict[str, ir.Key] = {}
        self.globals: dict[str, ir.Key] = {}
        self.ctors: dict[str, list[ir.Key]] = {}
        self.uses: dict[str, str] = {}  # alias -> module name
        # types (and scopes) declared in ```catala blocks of a module, not in its ```catala-metadata interface:
        # name -> declaration position; other modules cannot name them
        self.private_types: dict[str, SourcePosition] = {}


class Resolver:
    """Resolves a set of parsed files. ``files`` maps module name → SourceFile, the main one under ``main``.
    ``provide`` loads a module on demand (stdlib modules referenced implicitly); it returns a SourceFile and the
    module name, or None."""

    def __init__(self, main: str, files: dict[str, ast.SourceFile],
                 implicit: dict[str, dict[str, str]], provide: Callable[[str], ast.SourceFile | None]) -> None:
        self.main = main
        self.files = dict(files)
        # dialect -> {alias (e.g. "Date") -> module key}: the stdlib modules every module of that dialect sees
        self.implicit_by_dialect = implicit
        self._stdlib_keys = {k for aliases in implicit.values() for k in aliases.values()}
        self.provide = provide
        self.errors: list = []
        self.type_pos: dict = {}  # (module, type name) -> where it is declared  # errors of definitions, reported together once every one is resolved
        self.rounding_pos: dict = {}  # scope -> position of its first `date arrondi` (for conflicts)
        self.program = ir.Program(main=main, modules={})
        self.mscopes: dict[str, ModuleScope] = {}
        self._uid = itertools.count(1)
        self._declared: set[str] = set()
        self._scopes_in_error: set = set()  # scopes whose declaration failed (registered without variables)
        self._bodies_done: set[str] = set()

    # ------------------------------------------------------------------------------------------------------
    def run(self) -> ir.Program:
        self.program.dialect = self.files[self.main].dialect
        for name in list(self.files):
            self._declare_module(name)
        if self.errors:  # declarations in error: their bodies are not resolved
            self._first_unknown_definition()
        self._raise_errors()
        self._resolve_bodies(self.main)
        self._raise_errors()
        return self.program

    def _first_unknown_definition(self) -> None:
        """After a scope declaration in error, the reference stops at the first definition of that scope that names
        a variable it does not know (none, then): that error joins the others."""
        for name, f in self.files.items():
            for item in f.items:
                if not isinstance(item, ast.ScopeUse) or item.scope.path:
                    continue
                key = self.mscopes[name].scopes.get(item.scope.name)
                if key not in self._scopes_in_error:
                    continue
                for it in item.items:
                    target = getattr(it, "target", None)
                    if target:
                        self.errors.append(_unknown_variable(target[0].text, key[1], target[0].pos))
                        return

    def _raise_errors(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise CatalaErrors(self.errors)

    def _each(self, resolve) -> None:
        """Resolve one definition, toplevel value or assertion; as the reference, an error in one does not
        stop the others (all are reported at the end of the pass)."""
        try:
            resolve()
        except CatalaErrors as err:
            self.errors.extend(err.errors)
        except CatalaError as err:
            self.errors.append(err)

    def _load(self, name: str) -> bool:
        if name in self.files:
            return True
        f = self.provide(name)
        if f is None:
            return False
        self.files[name] = f
        return True

    def _declare_module(self, name: str) -> None:
        if name in self._declared:
            return
        self._declared.add(name)
        f = self.files[name]
        ms = ModuleScope(name)
        self.mscopes[name] = ms
        from pathlib import Path

        self.program.modules[name] = ir.ModuleInfo(
            name=name, path=f.path, dialect=f.dialect, external=f.module_external,
            python_name=python_module_name(Path(f.path).stem), uses={},
            pos=f.module_name.pos if f.module_name else None,
            law_headings=tuple(f.law_headings), law_paragraphs=tuple(f.law_paragraphs))
        ms.implicit = self.implicit_by_dialect.get(f.dialect, {})
        for u in f.uses:
            alias = u.alias.name if u.alias else u.name.name
            target = u.name.name
            if target not in self.files:  # an explicit use of a stdlib module, possibly of the other dialect
                target = ms.implicit.get(target) or next(
                    (m[target] for m in self.implicit_by_dialect.values() if target in m), target)
            ms.uses[alias] = target
            self.program.modules[name].uses[alias] = target
        # first pass: names of types, scopes, globals
        has_interface = f.module_name is not None and name not in self._stdlib_keys
        for index, item in enumerate(f.items):
            if (has_interface and index not in f.metadata_items
                    and isinstance(item, (ast.StructDecl, ast.EnumDecl, ast.AbstractTypeDecl, ast.ScopeDecl))):
                ms.private_types[item.name.name] = item.name.pos
            if isinstance(item, ast.StructDecl):
                self._new_type(ms, item.name, "struct")
            elif isinstance(item, ast.EnumDecl):
                self._new_type(ms, item.name, "enum")
            elif isinstance(item, ast.AbstractTypeDecl):
                self._new_type(ms, item.name, "abstract")
            elif isinstance(item, ast.ScopeDecl):
                key = (name, item.name.name)
                if item.name.name in ms.scopes:
                    raise CatalaError(f'scope name "{item.name.name}" already defined', [item.name.pos])
                ms.scopes[item.name.name] = key
                self._new_type(ms, item.name, "struct")
            elif isinstance(item, ast.GlobalDecl):
                if item.name.text in ms.globals and not self._redeclaration_ok(f, item):
                    raise CatalaError(f'toplevel definition "{item.name.text}" already defined', [item.name.pos])
                ms.globals[item.name.text] = (name, item.name.text)
        # second pass: contents of type declarations (need all type names)
        for item in f.items:
            if isinstance(item, ast.StructDecl):
                key = (name, item.name.name)
                earlier = self.program.structs.get(key)
                if earlier is not None and earlier.pos != item.name.pos:  # a second definition: fields both define
                    for fd in item.fields:
                        if fd.name.text in earlier.fields:
                            self.errors.append(CatalaError(
                                f"Duplicate field {fd.name.text} in enumeration {item.name.name}",
                                [fd.name.pos, (earlier.field_pos[fd.name.text], "First seen here:")]))
                    continue
                if not item.fields:
                    raise CatalaError(f"No fields defined for structure {item.name.name}. Please define at least "
                                      "one.", [item.name.pos])
                fields: dict = {}
                fpos: dict = {}
                tpos: dict = {}
                for fd in item.fields:
                    if fd.name.text in fields:  # "enumeration": the reference's wording
                        raise CatalaError(f"Duplicate field {fd.name.text} in enumeration {item.name.name}",
                                          [fd.name.pos, (fpos[fd.name.text], "First seen here:")])
                    t = self.rtype(ms, fd.type)
                    if fd.params:
                        t = ir.TArrow(tuple(self.rtype(ms, p.type) for p in fd.params), t)
                    fields[fd.name.text] = t
                    fpos[fd.name.text] = fd.name.pos
                    tpos[fd.name.text] = fd.type.pos
                self.program.structs[key] = ir.StructInfo(key, fields, item.name.pos, field_pos=fpos,
                                                          field_type_pos=tpos)
            elif isinstance(item, ast.EnumDecl):
                key = (name, item.name.name)
                if not item.cases:
                    raise CatalaError(f"No cases defined for enumeration {item.name.name}. Please define at least "
                                      "one.", [item.name.pos])
                ctors: dict = {}
                cpos: dict = {}
                ppos: dict = {}
                for c in item.cases:
                    if c.name.name in ctors:  # reported with the others at the end of the pass, as the reference
                        self.errors.append(CatalaError(
                            f"Duplicate constructor {c.name.name} in enumeration {item.name.name}",
                            [c.name.pos, (cpos[c.name.name], "First seen here:")]))
                        continue
                    ctors[c.name.name] = self.rtype(ms, c.payload) if c.payload is not None else None
                    cpos[c.name.name] = c.name.pos
                    if c.payload is not None:
                        ppos[c.name.name] = c.payload.pos
                    ms.ctors.setdefault(c.name.name, []).append(key)
                self.program.enums[key] = ir.EnumInfo(key, ctors, item.name.pos, ctor_pos=cpos, payload_pos=ppos)
            elif isinstance(item, ast.AbstractTypeDecl):
                self.program.abstracts[(name, item.name.name)] = item.name.pos
        for item in f.items:
            if isinstance(item, ast.ScopeDecl):
                try:
                    self._declare_scope(ms, item)
                except _Immediate as err:
                    self.errors.append(err)
                    self._raise_errors()
                except CatalaError as err:
                    # as the reference, the scope is known but none of its variables: the error is reported with
                    # the first definition of the scope that then names an unknown variable
                    self.errors.append(err)
                    key = (name, item.name.name)
                    self.program.scopes[key] = ir.ScopeInfo(key, {}, {}, [], item.name.pos, False)
                    self._scopes_in_error.add(key)
            elif isinstance(item, ast.GlobalDecl):
                self._declare_global(ms, item)

    def _new_type(self, ms: ModuleScope, qn: ast.QualName, kind: str) -> None:
        first = self.type_pos.get((ms.name, qn.name))
        if qn.name in ms.types and first is not None and kind == "struct" and ms.types[qn.name][0] == "struct":
            # the reference reports it with the other declaration errors (and the fields both define)
            self.errors.append(CatalaError(f'struct name "{qn.name}" already defined',
                                           [(first, "First definition:"), (qn.pos, "Second definition:")]))
            return
        if qn.name in ms.types:
            what = {"struct": "struct", "enum": "enum", "abstract": "type"}[kind]
            raise CatalaError(f'{what} name "{qn.name}" already defined', [qn.pos])
        ms.types[qn.name] = (kind, (ms.name, qn.name))
        self.type_pos[(ms.name, qn.name)] = qn.pos

    # ------------------------------------------------------------------------------------------------------
    # types

    def _module_of_alias(self, ms: ModuleScope, alias: str, pos: SourcePosition) -> ModuleScope | None:
        target = ms.uses.get(alias)
        if target is None:
            target = ms.implicit.get(alias)
        if target is None:
            return None
        if target not in self.mscopes:
            if not self._load(target):
                raise CatalaError(f'Could not find module "{target}"', [pos])
            self._declare_module(target)
        return self.mscopes[target]

    def module_of_path(self, ms: ModuleScope, path: tuple[str, ...], pos: SourcePosition) -> ModuleScope:
        """The module reached by a path of module aliases (``M.Mod_def`` of ``M.Mod_def.S``: the module that
        ``M`` names uses ``Mod_def``), or "Unknown module" at the first segment that names none."""
        for alias in path:
            target = self._module_of_alias(ms, alias, pos)
            if target is None:
                raise CatalaError(f'Unknown module "{alias}"', [pos])
            ms = target
        return ms

    def local_type(self, ms: ModuleScope, name: str, pos: SourcePosition | None = None) -> tuple[str, ir.Key] | None:
        """A type name written without module: one declared by ``ms``, else the root type of a used module
        (a module ``M`` that declares a type ``M`` exposes it as ``M``; for the stdlib, under its alias)."""
        found = ms.types.get(name)
        if found is not None:
            return found
        if name not in ms.uses and name not in ms.implicit:
            return None
        target = self._module_of_alias(ms, name, None)
        if target is None or name in target.scopes:
            return None
        found = target.types.get(name)
        if found is not None and (target.name == name or target.name in self._stdlib_keys):
            if name in target.private_types:
                raise _private_type(name, pos, target.private_types[name])
            return found
        return None

    def rtype(self, ms: ModuleScope, t: ast.TypeExpr):
        if isinstance(t, ast.PrimType):
            return ir.TPrim(t.name)
        if isinstance(t, ast.ListType):
            return ir.TList(self.rtype(ms, t.element))
        if isinstance(t, ast.OptionType):
            return ir.TOption(self.rtype(ms, t.element))
        if isinstance(t, ast.TupleType):
            return ir.TTuple(tuple(self.rtype(ms, e) for e in t.elements))
        if isinstance(t, ast.AnyType):
            return ir.TGeneric(t.var or "")
        if isinstance(t, ast.FunctionType):
            return ir.TArrow(tuple(self.rtype(ms, p) for p in t.params), self.rtype(ms, t.result))
        if isinstance(t, ast.NamedType):
            qn = t.name
            target = ms
            if qn.path:
                target = self.module_of_path(ms, qn.path, qn.pos)
            found = target.types.get(qn.name) if qn.path else self.local_type(ms, qn.name, qn.pos)
            if found is None:
                sugg = closest_name(qn.name, list(target.types))
                raise CatalaError(f'Unknown type "{qn.name}", not a struct or enum previously declared',
                                  [qn.pos], sugg)
            if target is not ms and qn.name in target.private_types:
                # through a module path the reference stops at once (a root type's error waits for the others)
                raise _Immediate(_private_type(".".join(qn.path + (qn.name,)), qn.pos, target.private_types[qn.name]))
            kind, key = found
            return {"struct": ir.TStruct, "enum": ir.TEnum, "abstract": ir.TAbstract}[kind](key)
        raise CatalaError("Unsupported type", [t.pos])

    # ------------------------------------------------------------------------------------------------------
    # declarations

    def _declare_scope(self, ms: ModuleScope, d: ast.ScopeDecl) -> None:
        key = (ms.name, d.name.name)
        vars_: dict = {}
        subs: dict = {}
        order: list = []
        for it in d.items:
            nm = it.name.text
            if nm in vars_ or nm in subs:
                raise CatalaError(f"Variable {nm} is already declared in scope {d.name.name}", [it.name.pos])
            if isinstance(it, ast.SubScopeDecl):
                qn = it.scope
                target = ms
                if qn.path:
                    target = self.module_of_path(ms, qn.path, qn.pos)
                skey = target.scopes.get(qn.name)
                if skey is None:
                    raise CatalaError(f'No scope named "{qn.name}" found', [qn.pos],
                                      closest_name(qn.name, list(target.scopes)))
                subs[nm] = ir.SubDecl(nm, skey, it.io_output, it.name.pos)
            else:
                t = self.rtype(ms, it.type)
                params = [(p.name.text, self.rtype(ms, p.type), p.name.pos) for p in it.params]
                if params:
                    t = ir.TArrow(tuple(p[1] for p in params), t)
                io_in = it.io_input
                states = [s.text for s in it.states]
                if len(set(states)) != len(states):
                    second = next(st for i, st in enumerate(it.states) if st.text in states[:i])
                    first = it.states[states.index(second.text)]
                    raise CatalaError("There are two states with the same name for the same variable: this is "
                                      "ambiguous. Please change the name of either states.",
                                      [(first.pos, f'First instance of state "{first.text}":'),
                                       (second.pos, f'Second instance of state "{second.text}":')])
                vars_[nm] = ir.VarDecl(nm, io_in, it.io_output, t, params, it.is_condition, states, it.name.pos)
                # the written types, whose positions the typer cites as where a type comes from
                vars_[nm].written_types = (tuple(p.type for p in it.params), it.type)
            order.append(nm)
        is_test = any(a.path == ("test",) for a in d.attributes)
        info = ir.ScopeInfo(key, vars_, subs, order, d.name.pos, is_test)
        info.output_struct = key
        self.program.scopes[key] = info
        out_fields = {}
        fpos = {}
        for nm in order:
            if nm in vars_ and vars_[nm].io_output:
                out_fields[nm] = vars_[nm].type
                fpos[nm] = vars_[nm].pos
            elif nm in subs and subs[nm].io_output:
                out_fields[nm] = ir.TStruct(subs[nm].scope)
                fpos[nm] = subs[nm].pos
        self.program.structs[key] = ir.StructInfo(key, out_fields, d.name.pos, scope_output=key, field_pos=fpos)

    @staticmethod
    def _redeclaration_ok(f: ast.SourceFile, item: ast.GlobalDecl) -> bool:
        """An interface declaration (no value) and its definition may both appear."""
        same = [i for i in f.items if isinstance(i, ast.GlobalDecl) and i.name.text == item.name.text]
        return len(same) == 2 and sum(i.value is None for i in same) == 1

    def _declare_global(self, ms: ModuleScope, d: ast.GlobalDecl) -> None:
        key = (ms.name, d.name.text)
        if key in self.program.globals and d.value is None:
            return
        t = self.rtype(ms, d.type)
        binds = [ir.Bind(p.name.text, next(self._uid), p.name.pos, self.rtype(ms, p.type)) for p in d.params]
        if binds:
            t = ir.TArrow(tuple(b.ty for b in binds), t)
        implicit = [i for i, p in enumerate(d.params)
                    if any(a.path == ("implicit_position_argument",) for a in p.attributes)]
        self.program.globals[key] = ir.GlobalInfo(key, t, binds, None, d.name.pos,
                                                  implicit[0] if implicit else None,
                                                  _generics([d.type] + [p.type for p in d.params]), d.type.pos)

    # ------------------------------------------------------------------------------------------------------
    # bodies

    def _resolve_bodies(self, name: str) -> None:
        if name in self._bodies_done:
            return
        self._bodies_done.add(name)
        f = self.files[name]
        ms = self.mscopes[name]
        for item in f.items:
            if isinstance(item, ast.GlobalDecl) and item.value is not None:
                g = self.program.globals[(name, item.name.text)]
                env = {b.name: b for b in g.params}

                def resolve_value(g=g, env=env, item=item):
                    g.value = Ctx(self, ms, None, None).expr(item.value, env)
                self._each(resolve_value)
            elif isinstance(item, ast.ScopeUse):
                self._scope_use(ms, item)
        if not f.module_external:
            self._check_global_definitions(f)
        # modules loaded while resolving this one
        for other in list(self.files):
            if other not in self._bodies_done:
                self._declare_module(other)
                self._resolve_bodies(other)

    @staticmethod
    def _check_global_definitions(f: ast.SourceFile) -> None:
        """Outside an external module, every toplevel declaration needs a value (``égal à``)."""
        defined = {i.name.text for i in f.items if isinstance(i, ast.GlobalDecl) and i.value is not None}
        for item in f.items:
            if isinstance(item, ast.GlobalDecl) and item.name.text not in defined:
                raise CatalaError(f"No definition found for {item.name.text}", [item.type.pos])

    def _scope_use(self, ms: ModuleScope, su: ast.ScopeUse) -> None:
        qn = su.scope
        key = ms.scopes.get(qn.name) if not qn.path else None
        if key is None:
            raise CatalaError(f'No scope named "{qn.name}" found', [qn.pos], closest_name(qn.name, list(ms.scopes)))
        scope = self.program.scopes[key]
        for it in su.items:
            if isinstance(it, ast.DateRounding):
                first = self.rounding_pos.setdefault(key, it.pos)
                if scope.date_rounding is not None and scope.date_rounding != it.mode:
                    raise CatalaError("You cannot set multiple date rounding modes.", [first, it.pos])
                scope.date_rounding = it.mode
            elif isinstance(it, ast.Assertion):
                ctx = Ctx(self, ms, scope, None)
                e = ctx.expr(it.expr, {})
                if su.condition is not None:
                    c = ctx.expr(su.condition, {})
                    e = ir.Op(c.pos, Operator.OR, None, [ir.Op(c.pos, Operator.NOT, None, [c], c.pos), e], c.pos)
                scope.assertions.append(ir.AssertionItem(e, error_message(it.attributes), it.pos))
            elif isinstance(it, ast.Definition):
                misplaced_error_messages(self.program, it.attributes)
                self._each(lambda it=it: scope.rules.append(self._rule(ms, scope, su, it)))

    def _rule(self, ms: ModuleScope, scope: ir.ScopeInfo, su: ast.ScopeUse, d: ast.Definition) -> ir.Rule:
        tgt = d.target
        sub = None
        last = tgt[-1].pos  # the reference's place of a rule: from its keyword to the name it defines
        name_pos = SourcePosition(d.pos.file, d.pos.start_line, d.pos.start_column, last.end_line,
                                  last.end_column, d.pos.law_headings)
        if len(tgt) == 2:
            sub_name, var_name = tgt[0].text, tgt[1].text
            if sub_name not in scope.subs:
                if sub_name in scope.vars:
                    raise CatalaError("Only scope variables or sub-scope inputs can be defined, not structure "
                                      "fields", [d.pos])
                raise CatalaError(f'Unknown sub-scope "{sub_name}"', [tgt[0].pos])
            sub = sub_name
            sscope = self.program.scopes[scope.subs[sub_name].scope]
            vd = sscope.vars.get(var_name)
            if vd is None:
                raise _unknown_variable(var_name, sscope.key[1], tgt[1].pos)
            if vd.io_input not in ("input", "context"):
                raise CatalaError("Invalid assignment to a subscope variable that is not tagged as input or "
                                  "context.", [(scope.subs[sub_name].pos, "Incriminated subscope:"),
                                               (vd.pos, "Incriminated variable:"),
                                               (name_pos, "Incriminated subscope variable definition:")])
        elif len(tgt) == 1:
            var_name = tgt[0].text
            vd = scope.vars.get(var_name)
            if vd is None:
                if var_name in scope.subs:
                    raise CatalaError("A sub-scope cannot be defined, only its input variables", [tgt[0].pos])
                raise _unknown_variable(var_name, scope.key[1], tgt[0].pos)
            # with states, the input qualifier belongs to the first state only: later states have rules
            if vd.io_input == "input" and (not vd.states or d.state is None or d.state.text == vd.states[0]):
                head = SourcePosition(d.pos.file, d.pos.start_line, d.pos.start_column, tgt[0].pos.end_line,
                                      tgt[0].pos.end_column, d.pos.law_headings)  # "définition x"
                raise CatalaError("There cannot be a definition for a scope variable tagged as input.",
                                  [(vd.pos, "Incriminated variable:"), (head, "Incriminated variable definition:")])
        else:
            raise CatalaError("Only scope variables or sub-scope inputs can be defined, not structure fields",
                              [d.pos])
        state = None
        if sub is None and vd.states:
            if d.state is None:
                raise CatalaError("This definition does not indicate which state has to be considered for "
                                  f"variable {var_name}.", [tgt[0].pos, (vd.pos, "Variable declaration:")])
            if d.state.text not in vd.states:
                raise CatalaError("This identifier is not a state declared for variable " f"{var_name}.",
                                  [d.state.pos, (vd.pos, "Variable declaration:")])
            state = d.state.text
        elif d.state is not None:
            raise CatalaError("This identifier is not a state declared for variable " f"{var_name}.",
                              [d.state.pos])
        # parameters
        self._check_parameters(var_name, vd, d)
        binds = []
        for p, (pname, pty, ppos) in zip(d.params, vd.params):
            binds.append(ir.Bind(p.text, next(self._uid), p.pos, pty))
        env = {b.name: b for b in binds}
        ctx = Ctx(self, ms, scope, (var_name, state) if sub is None else None)
        cond = ctx.expr(d.condition, env) if d.condition is not None else None
        if su.condition is not None:
            sc = ctx.expr(su.condition, env)
            cond = sc if cond is None else ir.Op(sc.pos, Operator.AND, None, [sc, cond], sc.pos)
        cons = ctx.expr(d.consequence, env)
        exc = None
        exc_pos = None
        if d.exception is not None:
            exc = (d.exception.label.text,) if d.exception.label else ("",)
            exc_pos = d.exception.pos
        return ir.Rule(var_name, sub, state, binds, d.label.text if d.label else None, exc, cond, cons, d.pos,
                       d.label.pos if d.label else None, exc_pos, name_pos)

    @staticmethod
    def _check_parameters(var_name: str, vd: ir.VarDecl, d: ast.Definition) -> None:
        """A definition names the parameters of its variable as the declaration does, in the same order."""
        if d.params and not vd.params:
            raise CatalaError(f"Extra arguments in this definition of {var_name}.",
                              [(vd.pos, "Declared here without arguments"),
                               (d.params[0].pos, "Unexpected arguments appearing here")])
        if vd.params and not d.params:
            raise CatalaError(f"This definition for {var_name} is missing the arguments.",
                              [(vd.params[0][2], "Arguments declared here"),
                               (d.target[-1].pos, "Definition missing the arguments")])
        for i, p in enumerate(d.params):
            if i >= len(vd.params):
                raise CatalaError(f"This definition has an extra, undeclared argument '{p.text}'.",
                                  [(vd.pos, "Declared here:"), (p.pos, "Extra argument:")])
            pname, _, ppos = vd.params[i]
            if p.text != pname:
                raise CatalaError(f"Function argument name mismatch between declaration ('{pname}') and "
                                  f"definition ('{p.text}').",
                                  [(ppos, "Argument declared here:"), (p.pos, "Defined here:")])
        if len(d.params) < len(vd.params):
            pname, _, ppos = vd.params[len(d.params)]
            raise CatalaError(f"This definition is missing argument '{pname}'.",
                              [(ppos, "Argument declared here:"), (d.params[0].pos, "Mismatching definition:")])


def _generics(types: list) -> list:
    """The `anything [of type t]` written in ``types`` (surface type expressions), in order: (t or "", position)."""
    found: list = []

    def visit(t) -> None:
        if isinstance(t, ast.AnyType):
            if t.var:  # the name ends the span
                found.append((t.var, dataclasses.replace(t.pos, start_line=t.pos.end_line,
                                                         start_column=t.pos.end_column - len(t.var))))
            else:
                found.append(("", t.pos))
            return
        for name in ("element", "elements", "params", "result"):
            sub = getattr(t, name, None)
            for x in sub if isinstance(sub, tuple) else (sub,) if sub is not None else ():
                visit(x)
    for t in types:
        visit(t)
    return found


class _Immediate(CatalaError):
    """An error the reference reports at once, stopping name resolution with the errors found before it (elsewhere
    an error like any other)."""

    def __init__(self, error: CatalaError) -> None:
        super().__init__(error.message, error.positions, error.suggestion)


def _unknown_variable(name: str, scope: str, pos: SourcePosition) -> CatalaError:
    """A definition of a variable its scope does not declare, in the reference's words (no suggestion)."""
    return CatalaError(f'"{name}": unknown identifier for a variable of scope {scope}', [pos])


def _private_type(shown: str, used: SourcePosition | None, declared: SourcePosition) -> CatalaError:
    return CatalaError(f"Type {shown} is private and cannot be used here.",
                       [p for p in [used] if p is not None]
                       + [(declared, fill("The type definition is private because it is inside a ```catala block "
                                          "and not a ```catala-metadata block:").replace("\n", "\n│ "))])


def misplaced_error_messages(program: ir.Program, attrs: ast.Attributes) -> None:
    """The reference's warning for an `#[error.message]` on anything but an assertion or `impossible`."""
    for a in attrs:
        if a.path == ("error", "message"):
            program.warnings.append(Warning_("Attribute #[error.message] is not allowed in this context.\n"
                                             "It must be put before an assertion or impossible.", [(a.pos, None)]))


def error_message(attrs: ast.Attributes) -> str | None:
    for a in attrs:
        if a.path == ("error", "message") and isinstance(a.value, str):
            return a.value
    return None


def ascii_fold(text: str) -> str:
    """``text`` without its accents (and any other non-ASCII character): ``Âge_çà`` → ``Age_ca``."""
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def python_module_name(stem: str) -> str:
    import re

    s = ascii_fold(stem)
    s = re.sub(r"[^A-Za-z0-9_]", "_", s)
    if not s or s[0].isdigit():
        s = "m_" + s
    return s


class Ctx:
    """Resolution of the expressions of one definition (or global)."""

    def __init__(self, r: Resolver, ms: ModuleScope, scope: ir.ScopeInfo | None, defining: tuple | None) -> None:
        self.r = r
        self.ms = ms
        self.scope = scope
        self.defining = defining  # (var, state) being defined, for state resolution
        f = r.files.get(ms.name)
        self.paren_spans = f.paren_spans if f is not None else {}  # as the reference, `(e)` spans its parentheses

    def bind(self, b: ast.Binder, env: dict) -> tuple:
        """New binders for ``b`` (an Ident or a tuple of Idents); returns (binder, new env)."""
        env = dict(env)
        if isinstance(b, tuple):
            bs = []
            for i in b:
                nb = ir.Bind(i.text, next(self.r._uid), i.pos)
                env[i.text] = nb
                bs.append(nb)
            return tuple(bs), env
        if b.text in RESERVED_BINDERS:
            raise CatalaError("Reserved builtin name", [b.pos])
        nb = ir.Bind(b.text, next(self.r._uid), b.pos)
        env[b.text] = nb
        return nb, env

    def _ctor(self, qn: ast.QualName) -> tuple[ir.Key, str]:
        name = qn.name
        if not qn.path and name in ("Absent",) + PRESENT_NAMES:
            if name not in self.ms.ctors:
                return OPTION, "Present" if name in PRESENT_NAMES else "Absent"
        ms = self.ms
        path = list(qn.path)
        enum_name = None
        if path:
            if len(path) == 2:
                ms2 = self.r._module_of_alias(ms, path[0], qn.pos)
                if ms2 is None:
                    raise CatalaError(f'Unknown module "{path[0]}"', [qn.pos])
                ms, enum_name = ms2, path[1]
            elif path[0] in ms.types:
                enum_name = path[0]
            else:
                ms2 = self.r._module_of_alias(ms, path[0], qn.pos)
                if ms2 is None:
                    raise CatalaError(f'Unknown enumeration or module "{path[0]}"', [qn.pos])
                if name in ms2.types and ms2.types[name][0] == "enum":
                    raise CatalaError("Expected a constructor", [qn.pos])
                ms = ms2
        if enum_name is not None:
            t = ms.types.get(enum_name)
            if t is None or t[0] != "enum":
                raise CatalaError(f'Enum "{enum_name}" has not been defined before', [qn.pos])
            key = t[1]
            if name not in self.r.program.enums[key].ctors:
                raise CatalaError(f'Constructor "{name}" is not part of the enumeration {enum_name}', [qn.pos],
                                  closest_name(name, list(self.r.program.enums[key].ctors)))
            return key, name
        cands = ms.ctors.get(name)
        if not cands and not path:
            cands = self._used_ctor(name)
        if not cands:
            allc = [c for c in ms.ctors]
            raise CatalaError("The name of this constructor has not been defined before\n"
                              "(it's probably a typographical error).", [(qn.pos, "Here is your code :")],
                              best_candidates(name, allc))
        if len(cands) > 1:
            raise CatalaError(f"This constructor name is ambiguous, it can belong to "
                              f"{' or '.join(k[1] for k in cands)}.\nDisambiguate it by prefixing it with the "
                              "enum name.", [qn.pos])
        return cands[0], name

    def _used_ctor(self, name: str) -> list[ir.Key]:
        """Enumerations of the directly used modules (explicit and implicit stdlib) that have a constructor
        ``name``: they are visible without prefix when the current module has none of that name."""
        found: list = []
        aliases = list(self.ms.uses) + [a for a in self.ms.implicit if a not in self.ms.uses]
        for alias in aliases:
            target = self.r._module_of_alias(self.ms, alias, None)
            if target is None or target is self.ms:
                continue
            for k in target.ctors.get(name, []):
                if k not in found:
                    found.append(k)
        return found

    def _struct(self, qn: ast.QualName) -> ir.Key:
        ms = self.ms
        if qn.path:
            ms = self.r.module_of_path(ms, qn.path, qn.pos)
        t = ms.types.get(qn.name) if qn.path else self.r.local_type(ms, qn.name)
        if t is None or t[0] != "struct":
            raise CatalaError(f"No struct named {qn.name} found", [qn.pos])
        return t[1]

    def _scope_key(self, qn: ast.QualName) -> ir.Key:
        ms = self.ms
        if qn.path:
            ms = self.r.module_of_path(ms, qn.path, qn.pos)
        k = ms.scopes.get(qn.name)
        if k is None:
            raise CatalaError(f'No scope named "{qn.name}" found', [qn.pos], closest_name(qn.name, list(ms.scopes)))
        return k

    def var(self, e: ast.Var, env: dict) -> ir.Expr:
        name = e.name.text
        if name in env and e.state is None:
            return ir.Local(e.pos, env[name])
        sc = self.scope
        if sc is not None and name in sc.vars:
            vd = sc.vars[name]
            if e.state is not None:
                if e.state.text not in vd.states:
                    raise CatalaError(f"This identifier is not a state declared for variable {name}.",
                                      [e.state.pos, (vd.pos, "Variable declaration:")])
                if self.defining and self.defining[0] == name:
                    raise CatalaError("Referring to a previous state of the variable being defined is not "
                                      "supported at the moment.", [e.pos])
                return ir.ScopeVarRef(e.pos, name, e.state.text)
            state = None
            if vd.states:
                if self.defining and self.defining[0] == name and self.defining[1] is not None:
                    i = vd.states.index(self.defining[1])
                    if i == 0:
                        raise CatalaError("The definition of the initial state of this variable refers to "
                                          "itself.", [e.pos])
                    state = vd.states[i - 1]
                else:
                    state = vd.states[-1]
            return ir.ScopeVarRef(e.pos, name, state)
        if sc is not None and name in sc.subs:
            raise CatalaError(f"Sub-scope {name} cannot be used as a value; read one of its outputs "
                              f"with {name}.<variable>", [e.pos])
        if name in self.ms.globals:
            return ir.GlobalRef(e.pos, self.ms.globals[name])
        cands = list(env) + (list(sc.vars) if sc else []) + list(self.ms.globals)
        raise CatalaError(f'Variable "{name}" not found in the current scope', [e.name.pos],
                          closest_name(name, cands))

    def expr(self, e: ast.Expr, env: dict) -> ir.Expr:  # noqa: C901 - one case per node
        X = self.expr
        P = self.paren_spans.get(id(e), e.pos)
        if isinstance(e, ast.BoolLit):
            return ir.Lit(P, "bool", e.value)
        if isinstance(e, ast.IntLit):
            return ir.Lit(P, "int", e.value)
        if isinstance(e, ast.DecLit):
            return ir.Lit(P, "dec", e.value)
        if isinstance(e, ast.MoneyLit):
            return ir.Lit(P, "money", e.cents)
        if isinstance(e, ast.DateLit):
            import datetime

            if e.year < datetime.MINYEAR:  # a day of year 0 (the lexer checked the calendar), as in the reference
                return ir.Lit(P, "date", ir.FarDate(e.year, e.month, e.day))
            try:
                return ir.Lit(P, "date", datetime.date(e.year, e.month, e.day))
            except ValueError:
                raise CatalaError("There is an error in this date, it does not correspond to a correct calendar "
                                  "day", [P]) from None
        if isinstance(e, ast.DurationLit):
            y, m, d = {"year": (e.amount, 0, 0), "month": (0, e.amount, 0), "day": (0, 0, e.amount)}[e.unit]
            return ir.Lit(P, "dur", (y, m, d))
        if isinstance(e, ast.Var):
            return self.var(e, env)
        if isinstance(e, ast.ModuleVar):
            ms2 = self.r.module_of_path(self.ms, e.module.path + (e.module.name,), e.module.pos)
            k = ms2.globals.get(e.name.text)
            if k is None:
                raise CatalaError(f'No definition named "{e.name.text}" in module {e.module.name}', [e.name.pos],
                                  closest_name(e.name.text, list(ms2.globals)))
            return ir.GlobalRef(P, k)
        if isinstance(e, ast.Builtin):
            raise CatalaError(f"Builtin {e.name} must be applied to an argument", [P])
        if isinstance(e, ast.FieldAccess):
            if isinstance(e.expr, ast.Var) and e.expr.state is None and e.expr.name.text not in env \
                    and self.scope is not None and e.expr.name.text in self.scope.subs:
                sd = self.scope.subs[e.expr.name.text]
                ss = self.r.program.scopes[sd.scope]
                vd = ss.vars.get(e.field.text)
                if vd is None or not vd.io_output:
                    raise CatalaError(f"Variable {e.field.text} is not a declared output of scope {ss.key[1]}.",
                                      [(P, f"{e.field.text} is used here as an output"),
                                       (ss.pos, f"Scope {ss.key[1]} is declared here")],
                                      sorted_candidates(e.field.text, [v for v in ss.vars if ss.vars[v].io_output]))
                return ir.SubVarRef(P, sd.name, e.field.text)
            struct = self._struct(e.struct) if e.struct is not None else None
            return ir.FieldGet(P, X(e.expr, env), e.field.text, struct, e.field.pos)
        if isinstance(e, ast.TupleAccess):
            return ir.TupleGet(P, X(e.expr, env), e.index - 1)
        if isinstance(e, ast.Apply):
            if isinstance(e.func, ast.Builtin):
                args = [X(a, env) for a in e.args]
                name = e.func.name
                if name == "length":
                    return ir.ListOp(P, "length", None, args, {})
                return ir.Op(P, Operator(name), None, args, e.func.pos)
            return ir.Call(P, X(e.func, env), [X(a, env) for a in e.args])
        if isinstance(e, ast.BinOp):
            left, right = X(e.left, env), X(e.right, env)
            if e.op == "!=":
                eq = ir.Op(P, Operator.EQ, e.suffix, [left, right], e.op_pos)
                return ir.Op(P, Operator.NOT, None, [eq], e.op_pos)
            return ir.Op(P, Operator(e.op), e.suffix, [left, right], e.op_pos)
        if isinstance(e, ast.UnOp):
            return ir.Op(P, Operator.MINUS if e.op == "-" else Operator.NOT, e.suffix, [X(e.arg, env)], e.op_pos)
        if isinstance(e, ast.IfThenElse):
            return ir.If(P, X(e.cond, env), X(e.then, env), X(e.else_, env))
        if isinstance(e, ast.Let):
            v = X(e.value, env)
            b, env2 = self.bind(e.binder, env)
            return ir.Let(P, b, v, X(e.body, env2))
        if isinstance(e, ast.Match):
            return self._match(e, env)
        if isinstance(e, ast.TestMatch):
            key, ctor = self._ctor(e.constructor)
            sub = X(e.expr, env)
            if e.and_then is not None:
                b, env2 = (self.bind(e.binder, env) if e.binder is not None else (None, env))
                return ir.TestMatch(P, sub, key, ctor, b, X(e.and_then, env2))
            return ir.TestMatch(P, sub, key, ctor, None, None)
        if isinstance(e, ast.StructLit):
            key = self._struct(e.name)
            info = self.r.program.structs[key]
            given = {}
            for f, v in e.fields:
                if f.text not in info.fields:
                    raise CatalaError(f'Field "{f.text}" does not belong to structure "{key[1]}"', [f.pos],
                                      closest_name(f.text, list(info.fields)))
                if f.text in given:
                    raise CatalaError(f"Duplicate field {f.text} in structure literal", [f.pos])
                given[f.text] = X(v, env)
            missing = [f for f in info.fields if f not in given]
            if missing:
                raise CatalaError(f'Missing field for structure {key[1]}: "{missing[0]}"', [P])
            return ir.StructLit(P, key, [(f, given[f]) for f in info.fields])
        if isinstance(e, ast.StructUpdate):
            seen: set = set()
            for f, _ in e.fields:
                if f.text in seen:
                    raise CatalaError(f"Duplicate redefinition of field {f.text}.", [f.pos])
                seen.add(f.text)
            return ir.StructUpdate(P, X(e.expr, env), [(f.text, X(v, env), f.pos) for f, v in e.fields])
        if isinstance(e, ast.EnumInject):
            key, ctor = self._ctor(e.constructor)
            return ir.Inject(P, key, ctor, X(e.payload, env) if e.payload is not None else None)
        if isinstance(e, ast.ListLit):
            return ir.ListLit(P, [X(a, env) for a in e.elements])
        if isinstance(e, ast.TupleLit):
            return ir.TupleLit(P, [X(a, env) for a in e.elements])
        if isinstance(e, ast.ScopeCall):
            if self.scope is None:
                raise CatalaError("Scope calls are not allowed outside of a scope.", [P])
            key = self._scope_key(e.scope)
            sc = self.r.program.scopes[key]
            args = []
            seen = set()
            for f, v in e.args:
                vd = sc.vars.get(f.text)
                if vd is None or vd.io_input not in ("input", "context"):
                    raise CatalaError(f"Scope {key[1]} has no input variable {f.text}.", [f.pos])
                if f.text in seen:
                    raise CatalaError(f"Duplicate definition of input variable {f.text} in this scope call", [f.pos])
                seen.add(f.text)
                args.append((f.text, X(v, env)))
            for vn, vd in sc.vars.items():
                if vd.io_input == "input" and vn not in seen and not vd.is_condition:
                    raise CatalaError(f"Definition of input variable '{vn}' missing in this scope call", [P])
            return ir.ScopeCall(P, key, args)
        if isinstance(e, ast.Impossible):
            return ir.Impossible(P)
        if isinstance(e, ast.InlineAssert):
            return ir.InlineAssert(P, X(e.cond, env), X(e.body, env))
        if isinstance(e, ast.Annotated):
            inner = X(e.expr, env)
            msg = error_message(e.attributes)
            if msg is not None and isinstance(inner, (ir.Impossible, ir.InlineAssert)):
                inner.message = msg
            else:
                misplaced_error_messages(self.r.program, e.attributes)
            return inner
        if isinstance(e, ast.Contains):
            return ir.ListOp(P, "contains", None, [X(e.list, env)], {"elt": X(e.element, env)})
        if isinstance(e, (ast.Exists, ast.ForAll, ast.FilterList, ast.Find)):
            lists = self._lists(e.list, e.binder, env)
            b, env2 = self.bind(e.binder, env)
            kind = {ast.Exists: "exists", ast.ForAll: "forall", ast.FilterList: "filter", ast.Find: "find"}[type(e)]
            return ir.ListOp(P, kind, b, lists, {"cond": X(e.cond, env2)}, lists_pos=e.list.pos,
                             op_pos=e.keyword_pos if isinstance(e, ast.FilterList) else None)
        if isinstance(e, ast.MapEach):
            lists = self._lists(e.list, e.binder, env)
            b, env2 = self.bind(e.binder, env)
            parts = {"body": X(e.body, env2)}
            if e.filter is not None:
                parts["cond"] = X(e.filter, env2)
            return ir.ListOp(P, "map", b, lists, parts, lists_pos=e.list.pos)
        if isinstance(e, ast.Aggregate):
            parts = {}
            if e.default is not None:
                parts["default"] = X(e.default, env)
            if e.kind == "sum":
                parts["sum_type"] = self.r.rtype(self.ms, e.sum_type)
                mod = {"integer": "Integer", "decimal": "Decimal", "money": "Money", "duration": "Duration"}.get(
                    getattr(e.sum_type, "name", ""), "Integer")
                self.r.program.warnings.append(Warning_(
                    "Deprecated: the construction 'sum <type> of' is deprecated and will be\n"
                    f"removed in the next release.\nUse the function '{mod}.sum of' instead", [(P, None)]))
            return ir.ListOp(P, e.kind, None, [X(e.list, env)], parts)
        if isinstance(e, ast.ArgExtremum):
            lists = self._lists(e.list, e.binder, env)
            b, env2 = self.bind(e.binder, env)
            parts = {"key": X(e.key, env2)}
            if e.default is not None:
                parts["default"] = X(e.default, env)
            return ir.ListOp(P, "arg" + e.kind[:3], b, lists, parts, lists_pos=e.list.pos)
        if isinstance(e, ast.Sort):
            lists = [X(e.list, env)]
            parts: dict = {"descending": e.descending}
            b = None
            if e.binder is not None:
                b, env2 = self.bind(e.binder, env)
                parts["keys"] = [X(k, env2) for k in e.keys]
            return ir.ListOp(P, "sort", b, lists, parts)
        if isinstance(e, ast.Fold):
            lists = self._lists(e.list, e.binder, env)
            init = X(e.init, env)
            acc, env2 = self.bind(e.accumulator, env)
            b, env3 = self.bind(e.binder, env2)
            return ir.ListOp(P, "fold", b, lists, {"acc": acc, "init": init, "body": X(e.body, env3)}, lists_pos=e.list.pos)
        raise CatalaError(f"Unsupported expression {type(e).__name__}", [P])

    def _lists(self, lst: ast.Expr, binder: ast.Binder, env: dict) -> list:
        """A tuple literal where a list is expected zips its lists: a tuple binder destructures the zipped
        items, a single name binds their tuple."""
        if isinstance(lst, ast.TupleLit):
            if isinstance(binder, tuple) and len(binder) != len(lst.elements):
                raise CatalaError("Mismatching number of binders and lists", [lst.pos])
            return [self.expr(x, env) for x in lst.elements]
        return [self.expr(lst, env)]

    def _match(self, e: ast.Match, env: dict) -> ir.Expr:
        sub = self.expr(e.expr, env)
        key = None
        arms = []
        seen: dict = {}  # constructor -> position of its case's consequence
        for i, c in enumerate(e.cases):
            if c.constructor is None:
                if key is None and len(e.cases) == 1:
                    raise CatalaError("Couldn't infer the enumeration name from lonely wildcard (wildcard cannot be "
                                      "used as single match case).", [c.pos])
                if i != len(e.cases) - 1:
                    raise CatalaError("Wildcard must be the last match case.",
                                      [(c.pos, "Not ending wildcard:"), (e.cases[i + 1].pos, "Next reachable case:")])
                arms.append(ir.MatchArm(None, None, self.expr(c.body, env), c.pos))
                continue
            k, ctor = self._ctor(c.constructor)
            if key is None:
                key = k
            elif k != key:  # the names in the reference's order (the previous cases' enumeration first)
                raise CatalaError(f"This case matches a constructor of enumeration {key[1]} but previous cases "
                                  f"were matching constructors of enumeration {k[1]}.", [c.constructor.pos])
            if ctor in seen:
                raise CatalaError(f"The constructor {ctor} has been matched twice.", [c.body.pos, seen[ctor]])
            seen[ctor] = c.body.pos
            payload = None if key == OPTION else self.r.program.enums[key].ctors.get(ctor)
            if isinstance(c.binder, tuple) and isinstance(payload, ir.TTuple) and len(payload.elts) != len(c.binder):
                # found while resolving names, as the reference (which then stops before typing)
                raise CatalaError(f"This pattern has {len(c.binder)} arguments, while {len(payload.elts)} are "
                                  f"expected by constructor {ctor}.",
                                  [dataclasses.replace(c.binder[0].pos, end_line=c.binder[-1].pos.end_line,
                                                       end_column=c.binder[-1].pos.end_column)])
            b, env2 = (self.bind(c.binder, env) if c.binder is not None else (None, env))
            arms.append(ir.MatchArm(ctor, b, self.expr(c.body, env2), c.pos))
        if key is None:
            raise CatalaError("A match with only a wildcard case is not supported", [e.pos])
        ctors = OPTION_CTORS if key == OPTION else list(self.r.program.enums[key].ctors)
        has_wild = arms[-1].ctor is None
        missing = [c for c in ctors if c not in seen]
        if has_wild and not missing:
            self.r.program.warnings.append(Warning_(
                f"Unreachable match case, all constructors of the enumeration {key[1]} are already specified.",
                [(arms[-1].pos, None)]))
        # a constructor without a case is reported after typing (typing.exhaustive), as the reference does
        return ir.Match(e.pos, sub, key, arms)


OPTION_CTORS = ["Absent", "Present"]

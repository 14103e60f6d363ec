"""Expressions to statements: the decisions of lcalc and the typed expressions they hold become the statement
IR (ir.py) of each function of a module — scope bodies and global definitions. Every local is created here
and named afterwards, once (rename.py); module-level names come from module_names.py."""
from __future__ import annotations

import importlib

from catalapy.dcalc import ir as D
from catalapy.dcalc.trace_pass import (ASSERTION, SCOPE_VAR, VALUE_TYPED_EVENTS, Traced, scope_var_event,
                                       sub_scope_events)
from catalapy.desugar import ir
from catalapy.errors import CatalaError
from catalapy.lcalc import ir as L
from catalapy.operators import TABLE, Operator
from catalapy.position import SourcePosition

from . import ir as S
from .effects import definition_is_total, read_once, scope_expressions, tree_expressions, variables_read_once
from .inline import inlinable
from .invariants import cannot_fail, loop_invariants
from .module_names import ModuleNames, const_name
from .names import Name, external_name, path, py_ident


class _Code(str):
    """Python code to write as it is among the arguments of a trace event (not a literal)."""


NATIVE_KINDS = ("integer", "decimal", "money", "date", "boolean")


class FnGen:
    """Statements of one function body (scalc): expressions become scalc expressions, hoisting statements as
    needed; locals are created here and named once the function is complete (scalc/rename.py)."""

    def __init__(self, mg: ModuleNames, lsd: L.ScopeDef | None, rounding: str, explain: bool = False,
                 prefix: str = "", locals: list | None = None) -> None:
        self.mg = mg
        #: the variant of a scope's body that records its steps into `trace` (`--explain`); the plain one
        #: records nothing
        self.explain = explain
        self.lsd = lsd
        self.sd = sd = lsd.dcalc if lsd is not None else None
        self.rounding = f"rt.DateRounding.{rounding}"
        #: shared with the caller when this body is written out in it (`inline_scope`)
        self.locals: list[S.Local] = [] if locals is None else locals
        #: the module whose scope's body this writes (another one's for a scope written out in its caller)
        self.home = sd.info.key[0] if sd is not None else mg.module
        self.binds: dict = {}
        self.var_names: dict = {}
        self.sub_names: dict = {}
        self.out: list[S.Stmt] = []
        self.in_scope = sd is not None
        #: sub-scope -> its call, written where its one read is (`_gen_subcall`), in the plain variant only
        self.deferred: dict = {}
        self._read_once: frozenset | None = None
        self._variables_read_once: frozenset | None = None
        #: sub-scope -> its outputs (Catala name -> code), for the sub-scopes written out here (`inline_scope`)
        self.inlined: dict = {}
        #: (sub-scope, variable) -> the statements defining it, written where its one read is (`inline_scope`)
        self.sunk: dict = {}
        #: local of a scope variable -> its Catala name (what a table of its values is named after)
        self.catala_names: dict = {}
        if sd is not None:
            for (vn, st), vdef in sd.var_defs.items():
                self.var_names[(vn, st)] = self.local(prefix + (vn if st is None else f"{vn}__{st}"))
                self.catala_names[self.var_names[(vn, st)]] = vn
        #: Catala input variable -> the parameter of the scope's body function that holds it
        self.input_params: dict = {}
        #: loop-invariant sub-expressions computed before the comprehension being generated -> their name
        self.hoisted: dict = {}
        if sd is not None:
            for (vn, st), vdef in sd.var_defs.items():
                if vdef.from_input and vn not in self.input_params:
                    self.input_params[vn] = self.var_names[(vn, st)]
            for sn in sd.info.subs:
                self.sub_names[sn] = self.local(sn)

    def read_once(self) -> frozenset:
        """The sub-scopes whose call may be written where it is read (effects.read_once), in the plain variant
        of code that logs nothing (computed on first need: few scopes call one that cannot raise)."""
        if self._read_once is None:
            plain = not self.explain and not self.mg.pdef.traced
            self._read_once = read_once(self.sd) if plain else frozenset()
        return self._read_once

    def local(self, *base) -> S.Local:
        """A new local of the function, to be named from ``base`` (texts, or (local, strip) pairs)."""
        v = S.Local(tuple(base))
        self.locals.append(v)
        return v

    def function(self, definition: S.FunctionDef) -> S.Function:
        return S.Function(definition, self.locals, frozenset({"entrees", "trace", "failures", "_failures"}),
                          self.mg.module_level_names)

    def pos(self, p: SourcePosition) -> S.Expr:
        """The constant holding position ``p``: the home module's, for a scope written out in its caller."""
        return self.mg.pos_in(self.home, p)

    def tmp(self, base: str = "t") -> S.Local:
        return self.local("_" + base)

    def bind_name(self, b: ir.Bind) -> S.Local:
        if b.uid not in self.binds:
            self.binds[b.uid] = self.local(b.name)
        return self.binds[b.uid]

    def binder(self, b) -> S.Expr:
        if isinstance(b, tuple):
            return _tuple([self.bind_name(x) for x in b])
        return self.bind_name(b)

    def capture(self, e: ir.Expr) -> tuple[list, S.Expr]:
        saved = self.out
        self.out = []
        try:
            code = self.ex(e)
            return self.out, code
        finally:
            self.out = saved

    def add(self, stmt: S.Stmt) -> None:
        self.out.append(stmt)

    def assign(self, target: S.Expr, value: S.Expr) -> S.Assign:
        return S.Assign((target,), (value,))

    # ------------------------------------------------------------------------------------------------------
    # expressions

    def ex(self, e: ir.Expr) -> S.Expr:  # noqa: C901
        mg = self.mg
        if e in self.hoisted:
            return self.hoisted[e]
        if isinstance(e, ir.Lit):
            k = e.kind
            if k == "bool":
                return Name("True" if e.value else "False")
            if k == "int":
                return str(e.value) if e.value >= 0 else f"({e.value})"
            if k == "money":  # cents, of the runtime's Money type
                return _call("Money", str(e.value))
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
            if self.lsd.read_needs_check(e.var, e.state):
                return _call("rt.read", name, self.pos(e.pos))
            return name
        if isinstance(e, ir.SubVarRef):
            if e.sub in self.inlined:
                self.out.extend(self.sunk.get((e.sub, e.var), ()))
                return self.inlined[e.sub][e.var]
            sd = self.sd.info.subs[e.sub]
            return S.attr(self.deferred.get(e.sub) or self.sub_names[e.sub], mg.field_names[sd.scope][e.var])
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
                args.insert(e.implicit_pos, self.pos(e.func.pos))
            if e.spread:  # one tuple for several parameters (after the implicit position)
                return S.Code("{}(" + "{}, " * (len(args) - 1) + "*{})", (f, *args))
            return _call(f, *args)
        if isinstance(e, ir.Op):
            return self.op(e)
        if isinstance(e, ir.If):
            c = self.ex(e.cond)
            b1, t1 = self.capture(e.then)
            b2, t2 = self.capture(e.else_)
            if not b1 and not b2:
                return S.code("({} if {} else {})", t1, c, t2)
            r = self.tmp("r")
            self.add(S.Declare(r, mg.annot(e.ty)))
            self.add(S.If([(c, b1 + [self.assign(r, t1)])], b2 + [self.assign(r, t2)]))
            return r
        if isinstance(e, ir.Let):
            v = self.ex(e.value)
            self.add(self.assign(self.binder(e.binder), v))
            return self.ex(e.body)
        if isinstance(e, ir.Match):
            return self.match(e)
        if isinstance(e, ir.TestMatch):
            return self.testmatch(e)
        if isinstance(e, ir.StructLit):
            names = mg.field_names[e.struct]
            return _call(mg.cls(e.struct), *(_keyword(names[f], self.ex(v)) for f, v in e.fields))
        if isinstance(e, ir.StructUpdate):
            base = self.ex(e.expr)
            key = e.expr.ty.key
            names = mg.field_names[key]
            return _call("replace", base, *(_keyword(names[f], self.ex(v)) for f, v, _ in e.fields))
        if isinstance(e, ir.FieldGet):
            call = e.expr
            if isinstance(call, ir.ScopeCall) and self.may_inline(call.scope, {f for f, _v in call.args}):
                return self.inline_scope(call.scope, {f: self.ex(v) for f, v in call.args}, "")[e.field]
            return S.attr(self.ex(e.expr), mg.field_names[e.struct][e.field])
        if isinstance(e, ir.Inject):
            if e.enum == ir.OPTION_KEY:
                if e.ctor == "Present":
                    return _call("Present", self.ex(e.payload))
                return Name("ABSENT")
            c = path(mg.cls(e.enum), py_ident(e.ctor))
            if self.payload_enum(e.enum):
                return _call(c, self.ex(e.payload)) if e.payload is not None else _call(c)
            return c
        if isinstance(e, (ir.TupleLit, ir.ListLit)):
            return _tuple([self.ex(x) for x in e.elts])
        if isinstance(e, ir.TupleGet):
            return S.code("{}[{}]", self.ex(e.expr), str(e.index))
        if isinstance(e, ir.ListOp):
            return self.listop(e)
        if isinstance(e, ir.ScopeCall):
            args = [(mg.field_names_in(e.scope)[f], self.ex(v)) for f, v in e.args]
            return self.scope_call(e.scope, args)
        if isinstance(e, ir.Impossible):
            note = (repr(e.message),) if e.message else ()
            return _call("rt.impossible", self.pos(e.pos), *note)
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

    def traced(self, e: Traced) -> S.Expr:
        """The value of ``e.expr`` with its evaluation logged: one call when it is an expression, else the
        statements that compute it between the beginning and the end of the event."""
        blk, code = self.capture(e.expr)
        info = dict(e.info)
        if e.ty is not None and e.kind in VALUE_TYPED_EVENTS:  # money is an int: the type tells how to print it
            info["value_type"] = _Code(self.mg.annot(e.ty))
        if not blk:
            return S.code("rt.traced({}, lambda: {})", self.event_args(e.kind, e.pos, info, as_dict=True), code)
        self.add(S.ExprStmt(_call("rt.trace_begin", self.event_args(e.kind, e.pos, info))))
        self.out.extend(blk)
        t = self.tmp("v")
        self.add(self.assign(t, _call("rt.trace_end", code)))
        return t

    def event_args(self, kind: str, pos, info: dict, as_dict: bool = False) -> str:
        """The arguments of a trace event: module-level code only (positions, literals, types)."""
        def lit(v) -> str:
            if isinstance(v, _Code):
                return str(v)
            if isinstance(v, dict):
                return "{" + ", ".join(f"{k!r}: {lit(x)}" for k, x in v.items()) + "}"
            return self.pos(v) if isinstance(v, ir.SourcePosition) else repr(v)

        if as_dict:
            return f"{kind!r}, {lit(pos)}, {{{', '.join(f'{k!r}: {lit(v)}' for k, v in info.items())}}}"
        return ", ".join([repr(kind), lit(pos)] + [f"{k}={lit(v)}" for k, v in info.items()])

    def begin_events(self, events: list, value_type=None) -> None:
        for kind, pos, info in events:
            if value_type is not None and kind == SCOPE_VAR:
                info = {**info, "value_type": _Code(self.mg.annot(value_type))}
            self.add(S.ExprStmt(_call("rt.trace_begin", self.event_args(kind, pos, info))))

    def inline_stdlib(self, func: ir.Expr, args: list) -> S.Expr | None:
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
            return S.attr(args[0], name)
        return _call(name, args[0])

    def payload_enum(self, key) -> bool:
        en = self.mg.p.enums[key]
        return not all(v is None for v in en.ctors.values())

    def op(self, e: ir.Op) -> S.Expr:  # noqa: C901
        mg = self.mg
        k = e.kind
        if k in ("and", "or"):
            a = self.ex(e.args[0])
            blk, b = self.capture(e.args[1])
            if not blk:
                return S.code("({} " + k + " {})", a, b)
            r = self.tmp("b")
            self.add(self.assign(r, a))
            self.add(S.If([(r if k == "and" else S.code("not {}", r), blk + [self.assign(r, b)])]))
            return r
        if k == "div_dur" and isinstance(e.args[0], ir.Op) and e.args[0].kind == "sub_date_date":
            unit = e.args[1]
            if isinstance(unit, ir.Lit) and unit.kind == "dur" and unit.value[:2] == (0, 0) and unit.value[2]:
                # (a − b) / n jours: a difference of dates is a whole number of days, so the quotient is
                # that number over n (what rt.div_duration gives, without building the durations)
                a, b = (self.ex(x) for x in e.args[0].args)
                return S.code("rt.div_int(({} - {}).days, {}, {})", a, b, str(unit.value[2]), self.pos(unit.pos))
        args = [self.ex(a) for a in e.args]
        on_decimals = TABLE[k].on_decimals
        if on_decimals is not None and self._kind(e.args[0].ty) == "decimal":
            return _call(on_decimals, args[0], args[1])
        if k is Operator.SUB_DAT_DUR and isinstance(e.args[1], ir.Lit) and e.args[1].kind == "dur":
            # date − d is date + (−d)
            minus = mg.const("dur", tuple(-x for x in e.args[1].value))
            return _call("rt.add_date", args[0], minus, self.rounding, self.pos(e.op_pos))
        return self.op_code_with(e, *args)

    # --- pattern matching

    def _test(self, subj: S.Expr, key, ctor: str) -> S.Expr:
        if key == ir.OPTION_KEY:
            return S.code("{} is ABSENT" if ctor == "Absent" else "{} is not ABSENT", subj)
        c = f"{self.mg.cls(key)}.{py_ident(ctor)}"
        if self.payload_enum(key):
            return S.code("type({}) is {}", subj, c)
        return S.code("{} is {}", subj, c)

    def _payload(self, subj: S.Expr, key) -> S.Expr:
        return S.attr(subj, "value" if key == ir.OPTION_KEY else "payload")

    def _subject(self, e: ir.Expr) -> S.Expr:
        subj = self.ex(e)
        if not S.is_name(subj):
            s = self.tmp("v")
            self.add(self.assign(s, subj))
            subj = s
        return subj

    def match(self, e: ir.Match) -> S.Expr:
        subj = self._subject(e.expr)
        r = self.tmp("r")
        branches: list = []
        orelse = else_comment = None
        arms = e.arms
        for i, arm in enumerate(arms):
            last = i == len(arms) - 1
            blk: list = []
            if arm.ctor is not None and arm.binder is not None:
                blk.append(self.assign(self.binder(arm.binder), self._payload(subj, e.enum)))
            b2, code = self.capture(arm.body)
            blk.extend(b2)
            blk.append(self.assign(r, code))
            if arm.ctor is None:
                orelse = blk
            elif last and not any(a.ctor is None for a in arms) and i > 0:
                orelse, else_comment = blk, arm.ctor
            else:
                branches.append((self._test(subj, e.enum, arm.ctor), blk))
        self.add(S.Declare(r, self.mg.annot(e.ty)))
        self.add(S.If(branches, orelse, else_comment))
        return r

    def testmatch(self, e: ir.TestMatch) -> S.Expr:
        if e.and_then is None:
            return S.code("({})", self._test(self.ex(e.expr), e.enum, e.ctor))
        subj = self._subject(e.expr)
        r = self.tmp("b")
        self.add(self.assign(r, Name("False")))
        blk: list = []
        if e.binder is not None:
            blk.append(self.assign(self.binder(e.binder), self._payload(subj, e.enum)))
        b2, code = self.capture(e.and_then)
        blk.extend(b2)
        blk.append(self.assign(r, code))
        self.add(S.If([(self._test(subj, e.enum, e.ctor), blk)]))
        return r

    # --- lists

    def _kind(self, t) -> str:
        if isinstance(t, ir.TPrim):
            return t.name
        return "other"

    def _named(self, code: S.Expr, base: str = "l") -> S.Expr:
        """``code``, or a temporary holding it when it is not a bare name (to be read several times)."""
        if S.is_name(code):
            return code
        t = self.tmp(base)
        self.add(self.assign(t, code))
        return t

    def _if_nonempty(self, lst: S.Expr, main: S.Expr, default: ir.Expr) -> S.Expr:
        """``main`` when the list ``lst`` is not empty, else the value of ``default``."""
        blk, d = self.capture(default)
        if not blk:
            return S.code("({} if {} else {})", main, lst, d)
        r = self.tmp("r")
        self.add(S.Declare(r, self.mg.annot(default.ty)))
        self.add(S.If([(lst, [self.assign(r, main)])], blk + [self.assign(r, d)]))
        return r

    def listop(self, e: ir.ListOp) -> S.Expr:  # noqa: C901
        mg = self.mg
        k = e.kind
        parts = e.parts
        lists = [self.ex(x) for x in e.lists]
        if k == "length":
            return _call("len", lists[0])
        if k == "contains":
            elt = self.ex(parts["elt"])
            if self._kind(parts["elt"].ty) in NATIVE_KINDS:
                return S.code("({} in {})", elt, lists[0])
            return _call("rt.contains_eq", lists[0], elt, self.pos(e.pos))
        if k in ("maximum", "minimum"):
            ek = self._kind(e.ty)
            lst = lists[0]
            if "default" in parts:
                lst = self._named(lst)
                fn = "max" if k == "maximum" else "min"
                if ek in NATIVE_KINDS:
                    main = _call(fn, lst)
                else:
                    main = _call(f"rt.list_{k[:3]}_cmp", lst, self.pos(e.pos), self.pos(e.pos))
                return self._if_nonempty(lst, main, parts["default"])
            if ek in NATIVE_KINDS:
                return _call(f"rt.list_{k[:3]}", lst, self.pos(e.pos))
            return _call(f"rt.list_{k[:3]}_cmp", lst, self.pos(e.pos), self.pos(e.pos))
        if k == "sum":
            ek = self._kind(e.ty)
            if ek == "decimal":
                return _call("sum", lists[0], "Fraction(0)")
            if ek == "duration":
                return _call("rt.sum_durations", lists[0])
            return _call("sum", lists[0])
        if k == "sort" and e.binder is None:
            ek = self._kind(e.ty.elt)
            if ek in NATIVE_KINDS:
                rev = ", reverse=True" if parts["descending"] else ""
                return S.code("tuple(sorted({}" + rev + "))", lists[0])
            lst = lists[0]
            return _call("rt.sorted_by", lst, lst, str(parts["descending"]), self.pos(e.pos))
        if k == "fold":
            acc = self.bind_name(parts["acc"])
            init = self.ex(parts["init"])
            self.add(self.assign(acc, init))
            it = self.iter_of(e, lists)
            target = self.binder(e.binder)
            blk, body = self.capture(parts["body"])
            self.add(S.For(target, it, blk + [self.assign(acc, body)]))
            return acc
        # binder forms
        it = self.iter_of(e, lists)
        b = self.binder(e.binder)
        if k == "argmin" or k == "argmax":
            lst = self._named(lists[0] if len(lists) == 1 else _call("tuple", it))
            keys = self.comprehension(b, lst, parts["key"], None, "tuple")
            call = _call("rt.arg_extremum", lst, keys, str(k == "argmax"), self.pos(e.lists[0].pos), self.pos(e.pos))
            if "default" in parts:
                return self._if_nonempty(lst, call, parts["default"])
            return call
        if k == "sort":
            lst = self._named(lists[0])
            keys = parts["keys"]
            key_expr = ir.TupleLit(e.pos, keys) if len(keys) != 1 else keys[0]
            if len(keys) != 1:
                key_expr.ty = ir.TTuple(tuple(x.ty for x in keys))
            native = (len(keys) == 1 and self._kind(keys[0].ty) in NATIVE_KINDS
                      and not isinstance(e.binder, tuple))
            if native:
                blk, kc = self.capture(key_expr)
                if not blk:
                    rev = ", reverse=True" if parts["descending"] else ""
                    return S.code("tuple(sorted({}, key=lambda {}: {}" + rev + "))", lst, b, kc)
            kt = self.comprehension(b, lst, key_expr, None, "tuple")
            return _call("rt.sorted_by", lst, kt, str(parts["descending"]), self.pos(e.pos))
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
        new = []
        for sub in loop_invariants([e.parts.get("body"), e.parts.get("cond")], e.binder, self.always_defined):
            if sub in self.hoisted:
                continue
            code = self.ex(sub)
            name = self.tmp("invariant")
            self.add(S.Assign((name,), (code,), comment="the same for every element of the list below"))
            self.hoisted[sub] = name
            new.append(sub)
        return new

    def always_defined(self, ref: ir.ScopeVarRef) -> bool:
        """Whether reading this variable of the scope cannot fail (it always has a value)."""
        return (self.lsd is not None and (ref.var, ref.state) in self.sd.var_defs
                and not self.lsd.read_needs_check(ref.var, ref.state))

    def iter_of(self, e: ir.ListOp, lists: list) -> S.Expr:
        if len(lists) == 1:
            return lists[0]
        return _call("rt.zip_same", self.pos(e.lists_pos or e.pos), *lists)

    def comprehension(self, b: S.Expr, it: S.Expr, body, cond, kind: str, element=None) -> S.Expr:
        """``kind``: tuple (map/filter), any, all, find."""
        bb, bc = self.capture(body) if body is not None else ([], element)
        cb, cc = self.capture(cond) if cond is not None else ([], None)
        if not bb and not cb:
            flt = (" if {}", cc) if cc is not None else ("", )
            holes = (bc, b, it) + flt[1:]
            if kind == "find":
                return S.Code("next((Present({}) for {} in {}" + flt[0] + "), ABSENT)", holes)
            if kind == "tuple":  # a list comprehension is cheaper than a generator fed to tuple()
                return S.Code("tuple([{} for {} in {}" + flt[0] + "])", holes)
            return S.Code(kind + "({} for {} in {}" + flt[0] + ")", holes)
        r = self.tmp("r")
        init = {"tuple": "[]", "any": "False", "all": "True", "find": "ABSENT"}[kind]
        self.add(self.assign(r, init))
        inner = list(bb)
        if kind == "tuple":
            inner.append(S.ExprStmt(S.code("{}.append({})", r, bc)))
        elif kind == "any":
            inner.append(S.If([(bc, [self.assign(r, "True"), S.Break()])]))
        elif kind == "all":
            inner.append(S.If([(S.code("not {}", bc), [self.assign(r, "False"), S.Break()])]))
        else:
            inner += [self.assign(r, _call("Present", bc)), S.Break()]
        loop = inner if cond is None else cb + [S.If([(cc, inner)])]
        self.add(S.For(b, it, loop))
        if kind == "tuple":
            return _call("tuple", r)
        return r

    # ------------------------------------------------------------------------------------------------------
    # scope items

    def comment(self, p) -> None:
        self.add(S.Comment(comment_line(p), pos=p))

    def gen_var(self, lv: L.VarDefinition) -> None:
        start = len(self.out)
        self._gen_var_traced(lv)
        _place(self.out[start:], _definition_position(lv.var))

    def _gen_var_traced(self, lv: L.VarDefinition) -> None:
        v = lv.var
        if not self.mg.pdef.traced:
            self._gen_var(lv)
            return
        self.begin_events([scope_var_event(self.sd.info, v.decl)], v.decl.type)
        name = self.var_names[(v.var, v.state)]
        if not (self.mg.pdef.trace_context_positions and v.is_context and not v.decl.io_output
                and not isinstance(v.decl.type, ir.TArrow)):
            self._gen_var(lv)
            self.add(S.ExprStmt(_call("rt.trace_end", name)))
            return
        from_rules = self.local("_", (name, False), "_from_rules")
        self.add(self.assign(from_rules, S.code("{} is NOT_PROVIDED", name)))
        positions = self._gen_var(lv)
        self.add(S.ExprStmt(_call("rt.trace_end_context", name,
                                  S.code("{} if {} else None", positions, from_rules), repr(v.var))))

    def _gen_var(self, lv: L.VarDefinition) -> S.Expr | None:
        """Statements defining ``v``; returns the code of the positions of the rule applied, if any."""
        v, defn = lv.var, lv.definition
        mg = self.mg
        name = self.var_names[(v.var, v.state)]
        vd = v.decl
        sname = self.sd.info.key[1]
        label = v.var if v.state is None else f"{v.var}@{v.state}"
        if _is_plain_input(v) and not self.explain:  # `name` is a parameter of the body function
            return None
        self.add(S.Blank())
        self.comment(_definition_position(v))
        if _is_plain_input(v):
            self.add(self.input_record(v))
            return None
        if isinstance(vd.type, ir.TArrow):
            self.gen_function_var(lv, name, label)
            return None
        target = name
        if v.is_context:  # `name` is a parameter of the body function, NOT_PROVIDED unless given
            saved = self.out
            self.out = []
            if _empty_for_a_moment(defn):  # no value is an error or `faux`: `name` never holds rt.EMPTY
                pos_var = self.gen_tree(defn, target, mg.annot(vd.type), declared=True)
            else:
                pos_var = self.gen_tree(defn, target, None)  # `name` is a parameter
            inner = self.out
            self.out = saved
            if_given = S.code("{} is NOT_PROVIDED", name)
            if not self.explain:
                self.add(S.If([(if_given, inner)]))
                return pos_var
            record = S.ExprStmt(_call("trace.record", repr(sname), repr(label), name, pos_var))
            record_input = S.ExprStmt(_call("trace.record_input", repr(sname), repr(label), name, self.pos(vd.pos)))
            self.add(S.If([(if_given, inner + [record])], [record_input]))
            return pos_var
        pos_var = self.gen_tree(defn, target, mg.annot(vd.type))
        if self.explain:
            self.add(S.ExprStmt(_call("trace.record", repr(sname), repr(label), name, pos_var)))
        return None

    def input_record(self, v: D.VarDef) -> S.Stmt:
        label = v.var if v.state is None else f"{v.var}@{v.state}"
        name = self.var_names[(v.var, v.state)]
        return S.ExprStmt(_call("trace.record_input", repr(self.sd.info.key[1]), repr(label), name,
                                self.pos(v.decl.pos)))

    def gen_input_records(self, inputs: list) -> None:
        """Inputs of the scope (parameters of its body function), recorded one after the other (traced variant
        only), each after the comment that says where it is declared."""
        if not self.explain:
            return
        self.add(S.Blank())
        for v in inputs:
            p = _definition_position(v)
            self.add(S.Comment(comment_line(p), pos=p))
            self.add(self.input_record(v))
            self.out[-1].pos = p

    def record(self, label: str, name: S.Expr, positions: list) -> None:
        if not self.explain:
            return
        sname = self.sd.info.key[1]
        ps = _tuple([self.pos(p) for p in positions])
        self.add(S.ExprStmt(_call("trace.record", repr(sname), repr(label), name, ps)))

    def if_empty(self, target: S.Expr, then: S.Stmt) -> None:
        self.add(S.If([(S.code("{} is rt.EMPTY", target), [then])]))

    def function_body(self, defn: L.Definition, annot: str) -> list:
        """The statements of a function's body: its rules, then what no value turns into."""
        saved = self.out
        self.out = []
        r = self.local("_result")
        self.gen_tree(defn, r, annot)
        self.add(S.Return(r))
        body, self.out = self.out, saved
        return body

    def bind_params(self, tree: D.Node | None, params: list) -> None:
        if tree is not None:
            for piece in all_pieces(tree):
                for b, pn in zip(piece.params, params):
                    self.binds[b.uid] = pn

    def gen_function_var(self, lv: L.VarDefinition, name: S.Local, label: str) -> None:
        v = lv.var
        vd = v.decl
        mg = self.mg
        params = [self.local(p[0]) for p in vd.params]
        self.bind_params(v.tree, params)
        fname = self.local(f"_{v.var}") if v.is_context else name
        sig = [(pn, mg.annot(pt)) for pn, (_, pt, _) in zip(params, vd.params)]
        body = self.function_body(lv.definition, mg.annot(vd.type.result))
        self.add(S.FunctionDef(fname, sig, mg.annot(vd.type.result), body, pos=vd.pos))
        if v.is_context:  # `name` is a parameter of the body function
            self.add(S.If([(S.code("{} is NOT_PROVIDED", name), [self.assign(name, fname)])]))
        self.record(label, name, [_definition_position(v)])  # its rule (law heading), not its declaration

    # --- definitions (decided by lcalc/eliminate.py)

    def gen_tree(self, defn: L.Definition, target: S.Local, annot: str | None, declared: bool = False) -> S.Expr:
        """Statements computing ``target``, then what no value turns into (`on_empty`); returns the Python
        expression of the tuple of positions of the rule applied (for traces). ``annot``: the type of the
        value, declared (with rt.Empty) for a target that may receive no value; None for a parameter, whose
        type is declared already. ``declared``: ``target`` is the parameter of a context input (`T |
        NotProvided`, ``annot`` = T) whose rules may give no value that what follows turns into an error or
        `faux`: a lookup or an ``if``/``elif`` chain (whose ``else`` raises or gives `faux`) assigns it; the
        other decisions, which may assign rt.EMPTY before that check, assign a local `_x_rules: T | rt.Empty`
        first, then the parameter."""
        if defn.value is not None:
            code = self.ex(defn.value)
            self.add(S.Assign((target,), (code,), annotation=None if declared else annot))
            return _tuple([self.pos(defn.value.pos)])
        if defn.decision is None:
            rules = self.rules_local(target, declared)
            self.add(S.Assign((rules,), ("rt.EMPTY",), annotation=_or_empty(annot, defn)))
            self.on_empty(defn, rules)
            if declared:
                self.add(self.assign(target, rules))
            return "()"
        # the position of the rule applied: for traces, and for the conflict of sibling exceptions
        keep = self.explain or self.mg.pdef.traced or any(
            isinstance(x, L.WithExceptions) and len(x.exceptions) > 1 for x in _decisions(defn.decision))
        p = self.local("_", (target, True), "_pos") if keep else None
        if p is None and annot is not None and self.looked_up(defn, target, annot, declared):
            return "()"
        if not self.chained(defn, target, p, annot, declared):
            rules = self.rules_local(target, declared)
            self.declare(defn.decision, rules, p, annot, _or_empty(annot, defn))
            self.decision(defn.decision, rules, p, annot, _or_empty(annot, defn))
            self.on_empty(defn, rules)
            if declared:
                self.add(self.assign(target, rules))
        return "()" if p is None else _tuple([p])

    def rules_local(self, target: S.Local, declared: bool) -> S.Local:
        """What a decision that may assign rt.EMPTY assigns: ``target``, or for a parameter whose type is
        declared without rt.Empty (`gen_tree`), a local `_x_rules` of its own."""
        return self.local("_", (target, False), "_rules") if declared else target

    def looked_up(self, defn: L.Definition, target: S.Local, annot: str, declared: bool = False) -> bool:
        """A table of values (`MIN_TABLE_ROWS` rules or more, one value each, for distinct integers a variable
        or a parameter equals, excluding one another: the yearly social-security ceiling) written as a
        module-level `dict` from those integers to the values, looked up (no chain of comparisons tried one after
        the other); no rule applying is the error the chain would raise, at the same position. False (nothing
        written) for any other decision."""
        found = _table_rows(defn)
        if found is None:
            return False
        x, rows = found
        subject = self.ex(x)
        if not S.is_name(subject):  # a read that checks a value is there
            return False
        mg = self.mg
        variable = self.catala_names.get(target, "table")
        catala = x.var if isinstance(x, ir.ScopeVarRef) else x.bind.name
        typed = f"dict[int, {annot}]"
        table: S.Expr | None = mg.table_in(self.home, typed, [(n, _table_code(v)) for n, v in rows])
        where = ""  # the module of the scope written out here holds the table
        if table is None:  # this module holds it, after the constants its values name
            where = " above"
            table = mg.table(f"{variable}_by_{catala}", typed, [(n, _table_code(v, self.ex)) for n, v in rows],
                             defn.decl_pos)
        self.add(S.Comment(f"# (one rule for each value of {catala}: the table {table}{where})"))
        self.add(S.If([(S.code("{} not in {}", subject, table),
                        [S.Raise(_call("rt.NoValue", self.pos(defn.decl_pos)))])]))
        self.add(S.Assign((target,), (S.code("{}[{}]", table, subject),), annotation=None if declared else annot))
        return True

    def chained(self, defn: L.Definition, target: S.Local, p: S.Local | None, annot: str | None,
                declared: bool = False) -> bool:
        """Write the decision as one ``if``/``elif`` chain when it is one (`chain`), what no value turns into
        as its ``else``; False (nothing written) otherwise. ``p``: the local that receives the position of the
        rule applied, if it is kept (here and below); ``declared``: the type of ``target`` is declared already
        (`gen_tree`)."""
        found = self.chain(defn.decision, target, p)
        if found is None:
            return False
        branches, last = found
        if last is not None:
            orelse, kind = last, "value"
        elif defn.on_empty == "no_value":
            orelse, kind = [S.Raise(_call("rt.NoValue", self.pos(defn.decl_pos)))], "value"
        else:
            value = {"false": "False", "not_provided": "NOT_PROVIDED"}.get(defn.on_empty, "rt.EMPTY")
            orelse, kind = [self.set_result(target, p, value, "None")], defn.on_empty
        if kind == "false" and p is None and len(branches) == 1 and _sets_true(branches[0][1], target):
            # a condition that holds when its one rule's condition does: that condition, as a person writes it
            self.add(S.Assign((target,), (branches[0][0],), annotation=None if declared else annot))
            return True
        if annot is not None:
            if not declared:
                self.add(S.Declare(target, {"value": annot, "false": annot,
                                            "not_provided": annot + " | NotProvided", None: f"{annot} | rt.Empty"}[kind]))
            if kind != "value" and p is not None:
                self.add(S.Declare(p, "SourcePosition | None"))
        exclusive = [x for x in _decisions(defn.decision) if isinstance(x, L.Exclusive)]
        if exclusive:
            self.add(S.Comment("# (these conditions exclude one another: no conflict is possible"
                               + ("; one of them always holds)" if exclusive[0].total else ")")))
        if not branches:
            self.out.extend(orelse)
        else:
            self.add(S.If(branches, orelse))
        return True

    def chain(self, d: L.Decision, target: S.Local, p: S.Local | None) -> tuple[list, list | None] | None:
        """The decision as (branches, body of the last rule when one always applies, else None): one
        ``if``/``elif`` chain where the first condition that holds gives the value. Exceptions come first in
        it when there is one decision of them (several may conflict); rules tested apart (`per_rule`) become
        one branch each when their conditions cannot fail. None when the decision needs more: a conflict
        check, statements ahead of a condition, conditions evaluated ahead (the reference evaluates them)."""
        if isinstance(d, L.NoRule):
            return [], None
        if isinstance(d, L.WithExceptions):
            if len(d.exceptions) != 1:
                return None
            first = self.chain(d.exceptions[0], target, p)
            if first is None or first[1] is not None or d.fallback is None:
                return first
            rest = self.chain(d.fallback, target, p)
            return None if rest is None else (first[0] + rest[0], rest[1])
        if isinstance(d, L.Only):
            rules, total = [d.rule], d.rule.always
        elif isinstance(d, L.Exclusive):
            rules, total = d.rules, d.total
        else:
            return None
        branches: list = []
        for rule in rules:
            tests = self.chain_tests(rule)
            if tests is None:
                return None
            for c, pos in tests:
                blk, code = self.capture(rule.consequence)
                branches.append((c, blk + [self.set_result(target, p, code, pos)]))
        if total:
            return branches[:-1], branches[-1][1]
        return branches, None

    def chain_tests(self, rule: L.Rule) -> list | None:
        """The branches (condition code, position code) of ``rule`` in a chain, or None when a condition
        needs statements ahead of it, or when rules tested apart have conditions that may fail (they are then
        all evaluated first, as the reference does)."""
        if rule.per_rule is None:
            blk, code = self.whole_condition(rule)
            return None if blk else [(code, self.pos(rule.pos))]
        tests = []
        for cond, pos in rule.per_rule:
            if cond is None:
                tests.append((Name("True"), self.pos(pos)))
                break
            if not cannot_fail(cond, self.always_defined):
                return None
            blk, code = self.capture(cond)
            if blk:
                return None
            tests.append((code, self.pos(pos)))
        return tests

    def whole_condition(self, rule: L.Rule) -> tuple[list, S.Expr]:
        """(statements to run ahead, code) of the condition of a rule not tested one by one (`per_rule` None):
        ``True`` when it always applies, else its conditions joined by ``or``."""
        ahead: list = []
        parts = []
        for c in rule.conditions:
            if c is None:
                return ahead, Name("True")
            blk, code = self.capture(c)
            ahead += blk
            parts.append(code)
        return ahead, parts[0] if len(parts) == 1 else S.join(" or ", parts, "(", ")")

    def declare(self, d: L.Decision, target: S.Local, p: S.Local | None, annot: str | None,
                or_empty: str | None) -> None:
        """The type of a target assigned in branches below; when the decision may give no value, with
        rt.Empty, and the type of its position (None then)."""
        if annot is None:
            return
        if _may_be_empty(d):
            self.add(S.Declare(target, or_empty))
            if p is not None:
                self.add(S.Declare(p, "SourcePosition | None"))
        else:
            self.add(S.Declare(target, annot))

    def decision(self, d: L.Decision, target: S.Local, p: S.Local | None, annot: str | None,
                 or_empty: str | None) -> None:
        if isinstance(d, L.WithExceptions):
            results = []
            for ex in d.exceptions:
                t = self.tmp("e")
                tp = self.local((t, False), "_pos") if p is not None else None
                self.declare(ex, t, tp, annot, or_empty)
                self.decision(ex, t, tp, annot, or_empty)
                results.append((t, tp))
            if len(results) == 1:
                t, tp = results[0]
                self.add(self.set_result(target, p, t, tp))
            else:
                self.add(S.Assign((target, p), (_call("rt.pick", *(_tuple([t, tp]) for t, tp in results)),)))
            if d.fallback is not None:
                saved = self.out
                self.out = []
                self.decision(d.fallback, target, p, annot, or_empty)
                inner, self.out = self.out, saved
                self.add(S.If([(S.code("{} is rt.EMPTY", target), inner)]))
        elif isinstance(d, L.NoRule):
            self.out.extend(self.no_rule_applies(target, p))
        elif isinstance(d, L.Only):
            c, pos = self.rule_test(d.rule)
            blk, code = self.capture(d.rule.consequence)
            if d.rule.always:
                self.out.extend(blk)
                self.add(self.set_result(target, p, code, pos))
            else:
                self.add(S.If([(c, blk + [self.set_result(target, p, code, pos)])], self.no_rule_applies(target, p)))
        elif isinstance(d, L.Exclusive):
            tests = [self.rule_test(rule) for rule in d.rules]
            self.add(S.Comment("# (these conditions exclude one another: no conflict is possible"
                               + ("; one of them always holds)" if d.total else ")")))
            branches = []
            for rule, (c, pos) in zip(d.rules, tests):
                blk, code = self.capture(rule.consequence)
                branches.append((c, blk + [self.set_result(target, p, code, pos)]))
            if d.total:
                c, last = branches.pop()
                self.add(S.If(branches, last, c))
            else:
                self.add(S.If(branches, self.no_rule_applies(target, p)))
        elif isinstance(d, L.Checked):
            self.checked(d, target, p)
        else:
            raise TypeError(f"not a decision: {type(d).__name__}")

    def checked(self, d: L.Checked, target: S.Local, p: S.Local | None) -> None:
        """All conditions evaluated, a conflict raised when two hold, then the value of the one that holds."""
        tests = [self.rule_test(rule) for rule in d.rules]
        conds = []
        for c, _pos in tests:
            if not S.is_name(c):
                t = self.tmp("c")
                self.add(self.assign(t, c))
                c = t
            conds.append(c)
        conflict_positions = [pos for _c, pos in tests]  # of the rule whose condition holds, as the reference
        if len(d.rules) == 2:
            self.add(S.If([(S.code("{} and {}", conds[0], conds[1]),
                            [S.Raise(_call("rt.Conflict", *conflict_positions))])]))
        else:
            self.add(S.If([(S.join(" + ", conds, tail=" > 1"), [S.ExprStmt(_call(
                "rt.conflict_of", *(x for c, q in zip(conds, conflict_positions) for x in (c, q))))])]))
        branches = []
        for rule, c, (_c, pos) in zip(d.rules, conds, tests):
            blk, code = self.capture(rule.consequence)
            branches.append((c, blk + [self.set_result(target, p, code, pos)]))
        self.add(S.If(branches, self.no_rule_applies(target, p)))

    def rule_test(self, rule: L.Rule) -> tuple[S.Expr, S.Expr]:
        """(condition code, position code) of ``rule``. Rules tested apart (`per_rule`) are all evaluated, as
        the reference does for sibling rules, into temporaries emitted before the test, and the position
        recorded is the one of the first rule whose condition holds."""
        positions = [self.pos(p) for p in rule.rule_positions]
        if rule.per_rule is None:
            blk, code = self.whole_condition(rule)
            self.out.extend(blk)
            return code, self.pos(rule.pos)
        tests = []
        for cond, _pos in rule.per_rule:
            if cond is None:
                tests.append(Name("True"))
                continue
            code = self.ex(cond)
            if not S.is_name(code):
                t = self.tmp("c")
                self.add(self.assign(t, code))
                code = t
            tests.append(code)
        chain: S.Expr = positions[-1]
        for test, pos in reversed(list(zip(tests[:-1], positions[:-1]))):
            chain = S.code("{} if {} else {}", pos, test, chain)
        return S.join(" or ", tests, "(", ")"), S.code("({})", chain)

    def set_result(self, target: S.Local, p: S.Local | None, value: S.Expr, pos: S.Expr | None) -> S.Stmt:
        if p is None:
            return S.Assign((target,), (value,))
        return S.Assign((target, p), (value, pos))

    def no_rule_applies(self, target: S.Local, p: S.Local | None) -> list:
        return [self.set_result(target, p, "rt.EMPTY", "None")]

    def on_empty(self, defn: L.Definition, target: S.Local) -> None:
        """What no value turns into (decided by lcalc)."""
        if defn.on_empty == "false":
            self.if_empty(target, self.assign(target, "False"))
        elif defn.on_empty == "no_value":
            self.if_empty(target, S.Raise(_call("rt.NoValue", self.pos(defn.decl_pos))))
        elif defn.on_empty == "not_provided":
            self.if_empty(target, self.assign(target, "NOT_PROVIDED"))

    # --- sub-scopes and assertions

    def gen_subcall(self, lc: L.SubCall) -> None:
        start = len(self.out)
        self._gen_subcall(lc)
        _place(self.out[start:], lc.call.sub.pos)

    def _gen_subcall(self, lc: L.SubCall) -> None:
        """The call of a sub-scope, where the scope states it; or, when it cannot raise (effects.py), when its
        result is read at one place only and its inputs are plain reads, written at that place (so that a
        branch that does not read it does not run it)."""
        mg = self.mg
        sub = lc.call.sub
        callee = mg.p.scopes[sub.scope]
        pyin = dict((vn, pyf) for vn, pyf, _ in mg.input_fields(callee))
        start = len(self.out)
        self.add(S.Blank())
        self.comment(sub.pos)
        if mg.pdef.traced:
            self.begin_events(sub_scope_events(mg.p, sub))
        args = []
        for li in lc.inputs:
            si, defn = li.input, li.definition
            vd = si.decl
            if defn is None:
                if vd.io_input == "input" and vd.is_condition:
                    args.append((pyin[si.var], "False"))
                continue
            if defn.value is not None and not isinstance(vd.type, ir.TArrow):
                code = self.ex(defn.value)
                if S.is_plain_read(code):  # a variable or a field: passed as it is (reading it cannot fail)
                    args.append((pyin[si.var], code))
                    continue
                t = self.local(f"{sub.name}__{si.var}")
                self.add(self.assign(t, code))
                args.append((pyin[si.var], t))
                continue
            t = self.local(f"{sub.name}__{si.var}")
            if isinstance(vd.type, ir.TArrow):
                params = [self.local(pn) for pn, _, _ in vd.params]
                self.bind_params(si.tree, params)
                body = self.function_body(defn, mg.annot(vd.type.result))
                self.add(S.FunctionDef(t, [(pn, None) for pn in params], None, body, pos=vd.pos))
            else:
                self.gen_tree(defn, t, mg.annot(vd.type))
            args.append((pyin[si.var], t))
        if sub.scope in mg.infallible and len(self.out) == start + 2 and sub.name in self.read_once():
            del self.out[start:]  # the blank line and the comment: nothing is computed here
            self.deferred[sub.name] = self.scope_call(sub.scope, args)
            return
        inputs = {pyf: vn for vn, pyf in pyin.items()}
        if not self.sd.info.subs[sub.name].io_output and self.may_inline(sub.scope, {inputs[f] for f, _ in args}):
            given = {inputs[f]: code for f, code in args}
            self.inlined[sub.name] = self.inline_scope(sub.scope, given, f"{sub.name}__", sub.name)
            return
        name = self.sub_names[sub.name]
        if self.explain:
            self.add(S.ExprStmt(_call("trace.sub_call", repr(sub.name))))
        self.add(self.assign(name, self.scope_call(sub.scope, args)))
        if mg.pdef.traced:
            self.add(S.ExprStmt(_call("rt.trace_end", _call("rt.trace_end", name))))

    def may_inline(self, scope, given: set) -> bool:
        """Whether a call of `scope` given the inputs `given` (Catala names) is written out here: in the plain
        variant, a scope small enough (scalc/inline.py) given every input it requires."""
        if self.explain or self.mg.pdef.traced or not inlinable(self.mg.lpdef, scope):
            return False
        info = self.mg.p.scopes[scope]
        return all(vn in given for vn, _pyf, vd in self.mg.input_fields(info) if not vd.is_condition)

    def inline_scope(self, scope, given: dict, prefix: str, sub: str | None = None) -> dict:
        """The body of `scope` (one `may_inline` accepts) written out here, its inputs taken from `given`
        (Catala name -> code; a condition not given is false), its variables locals named `prefix` + their
        name; returns its outputs (Catala name -> the local holding it). The same statements as its body
        function, so the same errors at the same positions. As the sub-scope ``sub``, an output this scope
        reads at one place, that no other definition of the callee reads and whose definition cannot fail
        (effects.py), is defined where it is read (`sunk`): a branch that does not read it does not compute it."""
        callee = self.mg.lpdef.scopes[scope]
        sd = callee.dcalc
        inner = FnGen(self.mg, callee, _rounding(sd), prefix=prefix, locals=self.locals)
        self.add(S.Comment(f"# scope {sd.info.key[1]} ({sd.info.pos.file}:{sd.info.pos.start_line}), written out here:"))
        for (vn, st), vdef in sd.var_defs.items():
            if vdef.from_input:
                code = given.get(vn, "False")
                if S.is_name(code) or code == "False":
                    inner.var_names[(vn, st)] = code
                else:  # read once here rather than at each of its reads
                    self.add(self.assign(inner.var_names[(vn, st)], code))
        inner.out = self.out
        start = len(self.out)
        movable = self.movable_outputs(callee, sub) if sub is not None else frozenset()
        for item in callee.items:
            if item.var.var in movable:
                inner.out = []
                inner.gen_var(item)
                self.sunk[(sub, item.var.var)] = [x for x in inner.out if not isinstance(x, S.Blank)]
                inner.out = self.out
                continue
            inner.gen_var(item)
        if start < len(self.out) and isinstance(self.out[start], S.Blank):
            del self.out[start]  # right below the comment
        info = sd.info
        return {nm: inner.var_names[(nm, info.vars[nm].states[-1] if info.vars[nm].states else None)]
                for nm in info.order if nm in info.vars and info.vars[nm].io_output}

    def movable_outputs(self, callee: L.ScopeDef, sub: str) -> frozenset:
        """The outputs of sub-scope ``sub`` (written out here) whose definition is written where this scope
        reads them (`inline_scope`): read at one place (effects.variables_read_once), by no other definition
        of the callee, without states, costly (date or decimal arithmetic: a cheap one stays where the scope
        states it, the code reads better so) and that cannot fail."""
        if self._variables_read_once is None:
            self._variables_read_once = variables_read_once(self.sd)
        once = {var for s, var in self._variables_read_once if s == sub}
        if not once:
            return frozenset()
        sd = callee.dcalc
        read_inside = {e.var for e in ir.walk(list(scope_expressions(sd))) if isinstance(e, ir.ScopeVarRef)}
        mg = self.mg
        return frozenset(
            item.var.var for item in callee.items
            if item.var.var in once and item.var.var not in read_inside and item.var.state is None
            and not sd.info.vars[item.var.var].states and item.var.decl.io_output and item.var.tree is not None
            and any(isinstance(e, ir.Op) and e.kind in _COSTLY for e in ir.walk(list(tree_expressions(item.var.tree))))
            and definition_is_total(callee, item.definition, mg.p, mg.infallible))

    def scope_call(self, scope, args: list) -> S.Expr:
        """Call of the body function of `scope` with its inputs in declaration order, from `args` (input field,
        code); absent inputs take the input class's defaults. Falls back to building the input class when a
        required input is missing (which then raises as Python would). A scope passes on its list of assertion
        failures to a scope that may append to it (and, traced, its trace to the traced variant); elsewhere
        (a global function) the callee reports its own failures."""
        mg = self.mg
        asserts = scope in mg.asserting
        failures = ("failures" if self.in_scope else "None",) if asserts else ()
        out_cls, in_cls, fn = mg.scope_names[scope]
        given = dict(args)
        positional = []
        for vn, pyf, vd in mg.input_fields(mg.p.scopes[scope]):
            if pyf in given:
                positional.append(given[pyf])
            elif vd.io_input == "context":
                positional.append("NOT_PROVIDED")
            elif vd.is_condition:
                positional.append("False")
            else:
                kw = ("trace=trace",) if self.explain else ()
                kw += ("_failures=failures",) if asserts and self.in_scope else ()
                inputs = _call(mg.qual(scope, in_cls), *(_keyword(f, code) for f, code in args))
                return _call(mg.qual(scope, fn), inputs, *kw)
        if self.explain:
            return _call(mg.qual(scope, mg.traced_body_names[scope]), *positional, "trace", "failures")
        return _call(mg.qual(scope, mg.body_names[scope]), *positional, *failures)

    def gen_assertion(self, a: D.Assertion) -> None:
        start = len(self.out)
        self.add(S.Blank())
        self.comment(a.pos)
        self.assertion(a.expr, a.message, a.pos)
        _place(self.out[start:], a.pos)

    def assertion(self, cond: ir.Expr, message: str | None, pos) -> None:
        mg = self.mg
        if isinstance(cond, Traced) and cond.kind == ASSERTION:  # a false one stops the evaluation there
            blk, code = self.capture(cond.expr)
            if not blk:
                self.add(S.ExprStmt(S.code("rt.traced_assertion({}, lambda: {})", self.pos(cond.pos), code)))
                return
            self.add(S.ExprStmt(_call("rt.trace_begin", self.event_args(ASSERTION, cond.pos, {}))))
            self.out.extend(blk)
            self.add(S.ExprStmt(_call("rt.assertion_holds", code, self.pos(cond.pos))))
            return
        negated = False
        c = cond
        if isinstance(c, ir.Op) and c.kind == "not" and isinstance(c.args[0], ir.Op) and c.args[0].op in (
                "=", "<", "<=", ">", ">="):
            negated = True
            c = c.args[0]
        prefix = f"{message}: " if message else ""
        if isinstance(c, ir.Op) and c.op in ("=", "<", "<=", ">", ">=") and c.kind:
            a = self.ex(c.args[0])
            b = self.ex(c.args[1])
            ta, tb = self.tmp("a"), self.tmp("b")
            self.add(S.Assign((ta, tb), (a, b)))
            test = self.op_code_with(c, ta, tb)
            failed = test if negated else S.code("not {}", test)
            expl = S.code("{} + rt.explain_comparison({}, {}, {}, {}, {}, LANG)", repr(prefix), repr(c.op.value),
                          str(negated), ta, tb, mg.annot(c.args[0].ty))
        else:
            failed = S.code("not {}", self.ex(cond))
            expl = repr(message) if message else "None"
        err = _call("rt.AssertionFailed", expl, self.pos(pos))
        action = S.ExprStmt(_call("failures.append", err)) if self.in_scope else S.Raise(err)
        self.add(S.If([(failed, [action])]))

    def op_code_with(self, e: ir.Op, *args: S.Expr) -> S.Expr:
        """The operator of ``e`` applied to ``args``, in its Python form (catalapy/operators.py)."""
        form = TABLE[e.kind].python
        if form.swapped:
            args = args[::-1]
        if form.shape == "infix":
            return _binop(args[0], form.text, args[1])
        if form.shape == "prefix":
            return S.code("(" + form.text + "{})", args[0])
        if form.shape == "template":
            return S.Code(form.text, tuple(args))
        extra = [self.rounding] if form.rounding else []
        if form.position is not None:
            extra.append(self.pos(e.args[1].pos if form.position == "right" else e.op_pos))
        return _call(form.text, *args, *extra)


#: operators costly enough for a definition using them to be computed only in the branch that reads it
_COSTLY = frozenset({"add_date_dur", "sub_date_dur", "mul_dur_int", "add_dec", "sub_dec", "mul_dec", "div_dec",
                     "mul_money_dec", "mul_dec_money", "money_of_dec", "round_dec"})

#: the fewest rules written as a table looked up (`FnGen.looked_up`) rather than a chain of comparisons
MIN_TABLE_ROWS = 4


def _table_rows(defn: L.Definition) -> tuple | None:
    """(the expression compared, [(integer, consequence literal)]) when the definition is a table of values:
    exclusive rules, none always applying, each `x = n` for one same local or scope variable ``x`` and
    distinct integer literals ``n``, each a literal value; an error when none applies. None otherwise."""
    d = defn.decision
    if defn.value is not None or defn.on_empty != "no_value" or not isinstance(d, L.Exclusive) or d.total:
        return None
    subject = None
    rows: list = []
    for rule in d.rules:
        value = rule.consequence
        if not (isinstance(value, ir.Lit) and value.kind in ("int", "money", "dec", "date", "bool")):
            return None
        for c in rule.conditions:
            if not (isinstance(c, ir.Op) and c.kind is Operator.EQ_NATIVE and len(c.args) == 2
                    and isinstance(c.args[1], ir.Lit) and c.args[1].kind == "int"):
                return None
            x = c.args[0]
            if isinstance(x, ir.Local):
                key = ("local", x.bind.uid)
            elif isinstance(x, ir.ScopeVarRef):
                key = ("var", x.var, x.state)
            else:
                return None
            if subject is None:
                subject = (key, x)
            elif subject[0] != key:
                return None
            rows.append((c.args[1].value, value))
    if subject is None or len(rows) < MIN_TABLE_ROWS or len({n for n, _ in rows}) != len(rows):
        return None
    return subject[1], rows


def _table_code(v: ir.Lit, ex=None) -> str:
    """The code of a value of a table: a decimal or a date is a module constant (made through ``ex`` when
    given, only named otherwise), any other literal written out."""
    if v.kind not in ("dec", "date"):
        return _literal_code(v)
    return str(ex(v)) if ex is not None else const_name(v.kind, v.value)


def _literal_code(v: ir.Lit) -> str:
    """An integer, money or boolean literal as Python code."""
    if v.kind == "money":
        return f"Money({v.value})"
    if v.kind == "bool":
        return "True" if v.value else "False"
    return str(v.value)


def _rounding(sd: D.ScopeDef) -> str:
    """The rounding of a scope's date arithmetic, as a member of `rt.DateRounding`."""
    return {"down": "DOWN", "up": "UP"}.get(sd.date_rounding or "", "ERROR")


def _or_empty(annot: str | None, defn: L.Definition) -> str | None:
    """The type of a target that may hold no value (rt.EMPTY), or NOT_PROVIDED for a context input."""
    if annot is None:
        return None
    return annot + (" | NotProvided | rt.Empty" if defn.on_empty == "not_provided" else " | rt.Empty")


def _place(stmts: list, pos: SourcePosition) -> None:
    """Statements written for one definition, sub-scope call or assertion carry its position (and so its law
    headings), unless they have one of their own."""
    for s in stmts:
        if s.pos is None:
            s.pos = pos
        if isinstance(s, S.If):
            for _cond, body in s.branches:
                _place(body, pos)
            _place(s.orelse or [], pos)
        elif isinstance(s, (S.For, S.FunctionDef)):
            _place(s.body, pos)


def _sets_true(body: list, target: S.Local) -> bool:
    """Whether ``body`` is the one statement ``target = True``."""
    return (len(body) == 1 and isinstance(body[0], S.Assign) and body[0].targets == (target,)
            and body[0].values == (Name("True"),))


def _decisions(d: L.Decision | None) -> list:
    """``d`` and the decisions of its exceptions and fallback, outermost first."""
    if isinstance(d, L.WithExceptions):
        return [d] + [x for e in d.exceptions for x in _decisions(e)] + _decisions(d.fallback)
    return [] if d is None else [d]


def _may_be_empty(d: L.Decision) -> bool:
    """Whether a decision may give no value (rt.EMPTY)."""
    if isinstance(d, L.Only):
        return not d.rule.always
    if isinstance(d, L.Exclusive):
        return not d.total
    return True


def _may_stay_empty(defn: L.Definition) -> bool:
    """Whether a definition may leave its target without a value (rt.EMPTY, checked at each read)."""
    return defn.value is None and defn.on_empty is None and (defn.decision is None or _may_be_empty(defn.decision))


def _empty_for_a_moment(defn: L.Definition) -> bool:
    """Whether a definition may give no value that what follows turns into an error or `False`: its statements
    may assign rt.EMPTY before that check."""
    return (defn.value is None and defn.on_empty in ("no_value", "false")
            and (defn.decision is None or _may_be_empty(defn.decision)))


def _call(func: S.Expr, *args: S.Expr) -> S.Code:
    """``func(args…)``."""
    return S.Code("{}(" + ", ".join("{}" for _ in args) + ")", (func, *args))


def _keyword(name: str, value: S.Expr) -> S.Code:
    return S.code("{}={}", name, value)


def _binop(a: S.Expr, op: str, b: S.Expr) -> S.Code:
    return S.code("({} {} {})", a, op, b)


def _tuple(items: list) -> S.Code:
    """A tuple display: ``(a, b)``, ``(a,)``, ``()``."""
    return S.join(", ", items, "(", ("," if len(items) == 1 else "") + ")")


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
    rule = first_rule(v.tree) if v.tree is not None else None
    return rule.pos if rule is not None else v.decl.pos


def comment_line(p) -> str:
    """`# file:line — innermost law heading` above a definition (the printer escapes comments)."""
    head = f" — {p.law_headings[-1]}" if p.law_headings else ""
    return f"# {p.file}:{p.start_line}{head}"


def first_rule(node: D.Node):
    for p in node.pieces:
        return p.rules[0]
    for e in node.exceptions:
        r = first_rule(e)
        if r is not None:
            return r
    return None


def all_pieces(node: D.Node) -> list:
    out = list(node.pieces)
    for e in node.exceptions:
        out.extend(all_pieces(e))
    return out



def scope_function(names: ModuleNames, lsd: L.ScopeDef, explain: bool = False) -> S.Function:
    """The body function of a scope: its inputs as parameters, then each definition, sub-scope call and
    assertion in evaluation order; returns the output structure. Two variants: the plain one, and with
    ``explain`` the one that records each step into its `trace` argument (`--explain`). Either takes the
    caller's list of assertion failures when the scope may append to it (effects.py; the traced one always),
    None from a caller that is not a scope: the failures are then raised at its end."""
    sd = lsd.dcalc
    info = sd.info
    out_cls, in_cls, fn = names.scope_names[info.key]
    sname = info.key[1]
    fg = FnGen(names, lsd, _rounding(sd), explain)
    asserts = explain or info.key in names.asserting
    params = []  # (parameter of the body function, annotation)
    left_empty = {item.var.var for item in lsd.items
                  if isinstance(item, L.VarDefinition) and item.var.is_context and _may_stay_empty(item.definition)}
    for vn, pyf, vd in names.input_fields(info):
        t = names.annot(vd.type) + (" | NotProvided" if vd.io_input == "context" else "")
        t += " | rt.Empty" if vn in left_empty else ""  # no rule applied: the parameter holds rt.EMPTY
        params.append((fg.input_params.get(vn) or fg.local(pyf), t))
    if explain:
        fg.add(S.ExprStmt(_call("trace.enter", repr(sname))))
    if asserts:
        fg.add(S.Assign(("failures",), ("[] if _failures is None else _failures",)))
    items = list(lsd.items)
    while items:
        run = 0  # consecutive inputs are recorded together, under one comment
        while run < len(items) and isinstance(items[run], L.VarDefinition) and _is_plain_input(items[run].var):
            run += 1
        if run >= 2:
            fg.gen_input_records([item.var for item in items[:run]])
            del items[:run]
            continue
        item = items.pop(0)
        if isinstance(item, L.VarDefinition):
            fg.gen_var(item)
        else:
            fg.gen_subcall(item)
    for a in sd.assertions:
        fg.gen_assertion(a)
    if explain:
        fg.add(S.ExprStmt("trace.leave()"))
    if asserts:
        fg.add(S.If([("_failures is None and failures", [S.ExprStmt("rt.raise_failures(failures)")])]))
    outs = {}
    for nm in info.order:
        if nm in info.vars and info.vars[nm].io_output:
            vd = info.vars[nm]
            last = vd.states[-1] if vd.states else None
            outs[names.field_names[info.key][nm]] = fg.var_names[(nm, last)]
        elif nm in info.subs and info.subs[nm].io_output:
            outs[names.field_names[info.key][nm]] = fg.sub_names[nm]
    st = names.p.structs.get(info.key)
    order = [names.field_names[info.key][f] for f in st.fields] if st is not None else []
    if order and sorted(order) == sorted(outs):
        # positional, in the order of the fields (a call with keywords costs twice as much)
        fg.add(S.Return(_call(out_cls, *(outs[f] for f in order))))
    else:
        fg.add(S.Return(_call(out_cls, *(_keyword(f, v) for f, v in outs.items()))))
    sig = params + ([("trace", "rt.Trace")] if explain else [])
    sig += [("_failures", "list[rt.AssertionFailed] | None")] if asserts else []
    if explain:
        doc = f"Scope {sname} with its inputs as arguments, recording its steps into `trace`."
    else:
        doc = f"Scope {sname} with its inputs as arguments (what sub-scope calls use)."
    body_name = (names.traced_body_names if explain else names.body_names)[info.key]
    return fg.function(S.FunctionDef(body_name, sig, out_cls, fg.out, doc=doc, wrap=True, pos=info.pos))


def global_function(names: ModuleNames, g: ir.GlobalInfo) -> S.Function:
    """A global constant or function: a function of its parameters; a value computed by statements, a
    function `_init_NAME` of no parameter (the printer assigns its result); else an annotated assignment."""
    name = names.global_names[g.key]
    fg = FnGen(names, None, "ERROR")
    if g.params:
        params = [(fg.bind_name(b), names.annot(b.ty)) for b in g.params]
        e = fg.ex(g.value)
        return fg.function(S.FunctionDef(name, params, names.annot(g.type.result), fg.out + [S.Return(e)],
                                         pos=g.pos))
    e = fg.ex(g.value)
    if not fg.out:
        return fg.function(S.Assign((name,), (e,), annotation=names.annot(g.type), pos=g.pos))
    return fg.function(S.FunctionDef(f"_init_{name}", [], names.annot(g.type), fg.out + [S.Return(e)], pos=g.pos))

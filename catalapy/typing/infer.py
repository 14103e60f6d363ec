"""Type inference with unification over the resolved program; fills every ``ty`` slot and resolves operators
(``Op.kind``) and field accesses (``FieldGet.struct``) per the operator table of the reference (§3.4)."""
from __future__ import annotations

import dataclasses

from catalapy.desugar import ir
from catalapy.errors import GLUE, CatalaError, CatalaErrors, fill

from catalapy.operators import ARITHMETIC, COMPARISONS, CONVERSIONS, LOGICAL, RESOLUTIONS, TABLE, Operator

from .types import BOOL, DATE, DEC, DUR, INT, MONEY, UNIT, TVar, instantiate, prune, show, unify, zonk

SUFFIX_TYPE = {"!": INT, ".": DEC, "$": MONEY, "^": DUR, "@": DATE}

PRIM_KIND = {"integer": "int", "decimal": "dec", "money": "money", "duration": "dur", "date": "date",
             "boolean": "bool"}

KIND_TYPE = {"int": INT, "dec": DEC, "money": MONEY, "dur": DUR, "date": DATE}
# suffix constraints on (left, right) for the arithmetic operators
SUFFIX_OPERANDS = {
    (Operator.ADD, "@"): ("date", "dur"), (Operator.SUB, "@"): ("date", None), (Operator.MULT, "$"): ("money", "dec"),
    (Operator.DIV, "$"): ("money", "money"), (Operator.MULT, "^"): ("dur", "int"), (Operator.DIV, "^"): ("dur", "dur"),
}


_OVERLOADED = ARITHMETIC | CONVERSIONS | {Operator.MINUS}


def resolution(op: Operator, kinds) -> tuple | None:
    """The resolved operator of ``op`` on operands of ``kinds`` and its result type, or None."""
    found = RESOLUTIONS.get((op, *kinds))
    return None if found is None else (KIND_TYPE[TABLE[found].result], found)


def kind_of(t) -> str | None:
    t = prune(t)
    if isinstance(t, ir.TPrim):
        return PRIM_KIND.get(t.name, t.name)
    if isinstance(t, TVar):
        return None
    return "other"


def incompatible(got, expected, where, origin, recursive: bool = False) -> CatalaError:
    """The reference's mismatch box: ``got``/``expected`` types, then the expression being typed and where each
    type comes from (``origin``: type -> position or None)."""
    msg = f"Incompatible types:\n  got      {show(got)},\n  expected {show(expected)}"
    if recursive:  # then where the variable is written, when it is a type parameter (`anything of type t`)
        variable = got if isinstance(prune(got), TVar) else expected
        return CatalaError(msg + "\n  A type cannot contain itself.",
                           [where] + [p for p in [origin(variable)] if p is not None and p != where])
    got_at, expected_at = origin(got), origin(expected)
    if got_at == where:
        labelled = [(where, f"This expression has type {show(got)}:"),
                    (expected_at, f"Expected type {show(expected)} coming from expression:")]
    else:
        labelled = [(where, "While typechecking the following expression:"),
                    (got_at, f"Type {show(got)} is coming from:"),
                    (expected_at, f"Type {show(expected)} is coming from:")]
    return CatalaError(msg, [(pos, label) for pos, label in labelled if pos is not None])


class Typer:
    def __init__(self, program: ir.Program) -> None:
        self.p = program
        self.deferred: list = []
        self.scope: ir.ScopeInfo | None = None
        # id of a type node -> (the node, where that type comes from: a written type, a literal, an operator)
        self.origins: dict[int, tuple] = {}
        self.mismatches: list = []  # type mismatches of the definition being typed (reported after it)
        self.contains_itself: dict[int, object] = {}  # id of a type parameter's variable -> the type holding it
        # ids of the mismatches between a definition and its variable's declared type (see `run`)
        self.against_declaration: set[int] = set()

    def located(self, t, pos):
        """A copy of ``t``'s outer node remembered as coming from ``pos``."""
        t = prune(t)
        if pos is None:
            return t
        if not isinstance(t, TVar):
            t = dataclasses.replace(t)
        self.origins[id(t)] = (t, pos)
        return t

    def written(self, t, texpr):
        """``t`` (resolved from the written type ``texpr``) with each node located at its part of the text."""
        if texpr is None:
            return t
        t = prune(t)
        if isinstance(t, (ir.TList, ir.TOption)) and hasattr(texpr, "element"):
            t = type(t)(self.written(t.elt, texpr.element))
        elif isinstance(t, ir.TTuple) and hasattr(texpr, "elements") and len(texpr.elements) == len(t.elts):
            t = ir.TTuple(tuple(self.written(x, te) for x, te in zip(t.elts, texpr.elements)))
        return self.located(t, texpr.pos)

    def declared(self, vd: ir.VarDecl):
        """The declared type of a scope variable, located at its written type."""
        params, result = vd.written_types
        t = vd.type
        if isinstance(t, ir.TArrow) and len(params) == len(t.params):
            return ir.TArrow(tuple(self.written(x, te) for x, te in zip(t.params, params)),
                             self.written(t.result, result))
        return self.written(t, result)

    def origin(self, t):
        found = self.origins.get(id(prune(t)))
        return found[1] if found is not None and found[0] is prune(t) else None

    # ------------------------------------------------------------------------------------------------------
    def run(self) -> None:
        """Type every definition; as the reference, an error in one does not stop the others: all are
        reported together (`CatalaErrors`) at the end."""
        errors: list = []

        def attempt(check) -> None:
            try:
                check()
                self.flush()
            except CatalaErrors as err:
                errors.extend(_first_causes(self.mismatches + err.errors))
                self.deferred.clear()
            except CatalaError as err:
                errors.extend(_first_causes(self.mismatches + [err]))
                self.deferred.clear()
            except Exception:  # noqa: BLE001 - typing went on after a mismatch and met its consequences
                if not self.mismatches:
                    raise
                errors.extend(_first_causes(self.mismatches))
                self.deferred.clear()
            else:
                errors.extend(_first_causes(self.mismatches))
            self.mismatches = []

        for key in sorted(self.p.globals, key=_pos_key(self.p.globals)):
            g = self.p.globals[key]
            if g.value is None:
                continue
            self.scope = None
            if g.generics:
                before = len(errors)
                variables, res = self._open_generics(g)
                attempt(lambda: self.expect_declared(g.value, res))
                if len(errors) == before or any(id(v) in self.contains_itself for v in variables):
                    # the reference's typing checks them even after a mismatch, then reports after its lints
                    found = self._still_generic(g, variables)
                    self.against_declaration.update(id(e) for e in found)
                    errors.extend(found)
                continue
            res = g.type.result if isinstance(g.type, ir.TArrow) else g.type
            attempt(lambda: self.expect_declared(g.value, res))
        for key in self.p.scopes:
            sc = self.p.scopes[key]
            self.scope = sc
            for r in sc.rules:
                attempt(lambda: self._rule(sc, r))
            for a in sc.assertions:
                attempt(lambda: self.expect(a.expr, self.located(BOOL, a.expr.pos)))
        self.scope = None
        # As the reference: an error within an expression is found when it disambiguates names, before its lints,
        # and stops there; a definition that disagrees only with its variable's declared type is found by typing,
        # after the lints (whose warnings print first).
        within = [e for e in errors if id(e) not in self.against_declaration]
        errors = within or errors
        for e in errors:
            e.after_lints = not within
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise CatalaErrors(errors)

    def _open_generics(self, g: ir.GlobalInfo) -> tuple[list, object]:
        """As the reference types a polymorphic function: each `anything [of type t]` of its declaration becomes a
        variable (one per name), set as the parameters' types; returns the variables (with where each is written)
        in written order, and the result type to check the body against."""
        variables: list = []
        by_name: dict = {}
        unnamed = 0
        for name, pos in g.generics:
            if name and name in by_name:
                variables.append(by_name[name])
                continue
            if not name:
                unnamed += 1
            tv = TVar(name or ("any type" if unnamed == 1 else f"any type ({unnamed})"))
            self.origins[id(tv)] = (tv, pos)
            variables.append(by_name.setdefault(name, tv) if name else tv)
        queue = iter(variables)

        def opened(t):
            if isinstance(t, ir.TGeneric):
                return next(queue)
            if isinstance(t, (ir.TList, ir.TOption)):
                return type(t)(opened(t.elt))
            if isinstance(t, ir.TTuple):
                return ir.TTuple(tuple(opened(x) for x in t.elts))
            if isinstance(t, ir.TArrow):
                params = tuple(opened(x) for x in t.params)
                return ir.TArrow(params, opened(t.result))
            return t
        if isinstance(g.type, ir.TArrow) and g.params:  # the result is written first
            result = opened(g.type.result)
            if not isinstance(result, TVar):  # a variable keeps where its `anything` is written
                result = self.located(result, g.type_pos)
            for b, t in zip(g.params, g.type.params):
                b.ty = opened(t)
        else:
            result = opened(g.type)
        distinct = list(dict.fromkeys(variables))
        return distinct, result

    def _still_generic(self, g: ir.GlobalInfo, variables: list) -> list:
        """The reference's check of a polymorphic function once typed: each variable is still itself, or else is
        another one (two `anything` that must be the same) or a type (the function is not that general)."""
        errors: list = []
        seen: list = []
        for tv in variables:
            seen.append(tv)
            t = prune(tv)
            if t is tv and id(tv) in self.contains_itself:  # as the reference, which bound it all the same
                t = self.contains_itself[id(tv)]
            if t is tv:
                continue
            if isinstance(t, TVar):
                if t in seen or t in variables:
                    function = ir.TArrow(tuple(b.ty for b in g.params), prune(g.value.ty)) if g.params else g.value.ty
                    errors.append(CatalaError(
                        f"This function has type {show(function)}\nwhich requires that <{tv.name}> = {show(t)},\n"
                        'while they are both specified as "anything".\nYou may want to give them the same explicit '
                        'name ("anything of type t")', [g.pos, (self.origin(t), None)]))
                seen.append(t)
            else:
                errors.append(CatalaError(fill(
                    f"In~this~function~definition,~the~type <{tv.name.replace(' ', GLUE)}> is specified as anything, "
                    f"but~it~appears~to~only~work~for {show(t).replace(' ', GLUE)} here"), [self.origin(t) or g.pos]))
        return errors

    def expect_declared(self, e: ir.Expr, t) -> None:
        """``e`` checked against ``t``, the declared type of the variable or constant it defines."""
        found = self.infer(e)
        before = len(self.mismatches)
        self.unify_at(found, t, e.pos)
        self.against_declaration.update(id(m) for m in self.mismatches[before:])

    def _rule(self, sc: ir.ScopeInfo, r: ir.Rule) -> None:
        if r.sub is not None:
            vd = self.p.scopes[sc.subs[r.sub].scope].vars[r.var]
        else:
            vd = sc.vars[r.var]
        decl = self.declared(vd)
        res = decl.result if isinstance(decl, ir.TArrow) else decl
        if r.condition is not None:
            self.expect(r.condition, self.located(BOOL, r.condition.pos))
        self.expect_declared(r.consequence, res)

    def flush(self) -> None:
        """Resolve the operators whose operand types were unknown when first met."""
        while self.deferred:
            progress = False
            pending = self.deferred
            self.deferred = []
            for thunk in pending:
                if thunk(False):
                    progress = True
                else:
                    self.deferred.append(thunk)
            if not progress:
                thunk = self.deferred.pop(0)
                thunk(True)

    def expect(self, e: ir.Expr, t) -> None:
        self.unify_at(self.infer(e), t, e.pos)

    def unify_at(self, a, b, pos) -> None:
        """Unify the type ``a`` found at ``pos`` with the expected ``b``."""
        clash: list = []
        if not unify(a, b, clash):
            got, expected = clash if clash else (a, b)
            recursive = isinstance(prune(got), TVar) or isinstance(prune(expected), TVar)
            # as the reference's delayed errors: typing goes on, the mismatch is reported with the others
            self.mismatches.append(incompatible(got, expected, pos, self.origin, recursive))
            if recursive:  # a type parameter that would contain itself: reported as not general (`_still_generic`)
                variable, other = (got, expected) if isinstance(prune(got), TVar) else (expected, got)
                if prune(variable).name is not None:
                    self.contains_itself[id(prune(variable))] = other

    # ------------------------------------------------------------------------------------------------------
    def infer(self, e: ir.Expr):
        t = self._infer(e)
        e.ty = t
        return t

    def _infer(self, e: ir.Expr):  # noqa: C901
        p = self.p
        if isinstance(e, ir.Lit):
            return self.located({"bool": BOOL, "int": INT, "dec": DEC, "money": MONEY, "date": DATE, "dur": DUR,
                                 "unit": UNIT}[e.kind], e.pos)
        if isinstance(e, ir.Local):
            if e.bind.ty is None:
                e.bind.ty = TVar()
            return e.bind.ty
        if isinstance(e, ir.ScopeVarRef):
            return self.declared(self.scope.vars[e.var])
        if isinstance(e, ir.SubVarRef):
            return self.declared(p.scopes[self.scope.subs[e.sub].scope].vars[e.var])
        if isinstance(e, ir.GlobalRef):
            return instantiate(p.globals[e.key].type)
        if isinstance(e, ir.Call):
            ft = prune(self.infer(e.func))
            args = [self.infer(a) for a in e.args]
            implicit = p.globals[e.func.key].implicit_pos if isinstance(e.func, ir.GlobalRef) else None
            if implicit is not None and isinstance(ft, ir.TArrow) and implicit < len(ft.params):
                # the call site's position is passed for this parameter (the function's own position)
                e.implicit_pos = implicit
                ft = ir.TArrow(ft.params[:implicit] + ft.params[implicit + 1:], ft.result)
            if isinstance(ft, TVar):
                res = TVar()
                self.unify_at(ft, ir.TArrow(tuple(args), res), e.func.pos)
                return res
            if not isinstance(ft, ir.TArrow):
                raise CatalaError(f"This expression has type {show(ft)} and cannot be applied as a function",
                                  [e.func.pos])
            if (len(args) == 1 and len(ft.params) > 1 and isinstance(e.args[0], ir.TupleLit)
                    and len(e.args[0].elts) == len(ft.params)):  # f of (a, b): the tuple's items are the arguments
                e.args = list(e.args[0].elts)
                args = [a.ty for a in e.args]
            if len(args) != len(ft.params):
                if len(args) == 1 and len(ft.params) > 1:
                    self.unify_at(args[0], ir.TTuple(ft.params), e.args[0].pos)
                    if e.implicit_pos:  # the position goes between the tuple's items (a nonzero index)
                        whole = e.args[0]
                        e.args = [ir.TupleGet(whole.pos, whole, i, ty=t) for i, t in enumerate(ft.params)]
                    else:
                        e.spread = True
                    return ft.result
                raise CatalaError(f"This function expects {len(ft.params)} arguments, but was given "
                                  f"{len(args)}", [e.pos])
            for a, pt, ae in zip(args, ft.params, e.args):
                self.unify_at(a, pt, ae.pos)
            return ft.result
        if isinstance(e, ir.Op):
            return self._op(e)
        if isinstance(e, ir.If):
            self.expect(e.cond, BOOL)
            t1 = self.infer(e.then)
            t2 = self.infer(e.else_)
            self.unify_at(t1, t2, e.then.pos)
            return t1
        if isinstance(e, ir.Let):
            vt = self.infer(e.value)
            self.bind(e.binder, vt, e.value.pos)
            return self.infer(e.body)
        if isinstance(e, ir.Match):
            st = self.infer(e.expr)
            res = TVar()
            if e.enum == ir.OPTION_KEY:
                elt = TVar()
                self.unify_at(st, ir.TOption(elt), e.expr.pos)
                payloads = {"Present": elt, "Absent": None}
            else:
                self.unify_at(st, ir.TEnum(e.enum), e.expr.pos)
                payloads = p.enums[e.enum].ctors
            for arm in e.arms:
                if arm.ctor is not None and arm.binder is not None:
                    pt = payloads[arm.ctor]
                    self.bind(arm.binder, pt if pt is not None else UNIT, arm.pos,
                              ctor=arm.ctor if e.enum != ir.OPTION_KEY else None)
                self.unify_at(self.infer(arm.body), res, arm.body.pos)
            return res
        if isinstance(e, ir.TestMatch):
            st = self.infer(e.expr)
            if e.enum == ir.OPTION_KEY:
                elt = TVar()
                self.unify_at(st, ir.TOption(elt), e.expr.pos)
                pt = elt if e.ctor == "Present" else None
            else:  # the enumeration expected comes from the whole test, as the reference places it
                self.unify_at(st, self.located(ir.TEnum(e.enum), e.pos), e.expr.pos)
                pt = p.enums[e.enum].ctors[e.ctor]
            if e.and_then is not None:
                if e.binder is not None:
                    self.bind(e.binder, pt if pt is not None else UNIT, e.pos)
                self.expect(e.and_then, BOOL)
            return BOOL
        if isinstance(e, ir.StructLit):
            info = p.structs[e.struct]
            for f, v in e.fields:
                self.expect(v, self.located(instantiate(info.fields[f]), info.field_type_pos.get(f)))
            return self.located(ir.TStruct(e.struct), e.pos)
        if isinstance(e, ir.StructUpdate):
            st = prune(self.infer(e.expr))
            if not isinstance(st, ir.TStruct):
                cands = [k for k, s in p.structs.items() if all(f in s.fields for f, _, _ in e.fields)]
                if isinstance(st, TVar) and len(cands) == 1:
                    unify(st, ir.TStruct(cands[0]))
                    st = prune(st)
                else:
                    raise CatalaError("This expression should be a structure", [e.expr.pos])
            info = p.structs[st.key]
            for f, v, fpos in e.fields:
                if f not in info.fields:
                    raise CatalaError(f"Field {f} does not belong to structure {st.key[1]}",
                                      [fpos, (info.pos, f"Declaration of structure {st.key[1]}")])
                self.expect(v, info.fields[f])
            return st
        if isinstance(e, ir.FieldGet):
            return self._field(e)
        if isinstance(e, ir.Inject):
            if e.enum == ir.OPTION_KEY:
                if e.ctor == "Present":
                    if e.payload is None:
                        raise CatalaError("The constructor Present needs a payload", [e.pos])
                    return ir.TOption(self.infer(e.payload))
                return ir.TOption(TVar())
            pt = p.enums[e.enum].ctors[e.ctor]
            if pt is None:
                if e.payload is not None:
                    raise CatalaError(f"The constructor {e.ctor} takes no payload", [e.pos])
            else:
                if e.payload is None:
                    raise CatalaError(f"The constructor {e.ctor} needs a payload", [e.pos])
                self.expect(e.payload, pt)
            return ir.TEnum(e.enum)
        if isinstance(e, ir.TupleLit):  # as the reference, the last item first
            return ir.TTuple(tuple(reversed([self.infer(x) for x in reversed(e.elts)])))
        if isinstance(e, ir.TupleGet):
            tt = prune(self.infer(e.expr))
            if not isinstance(tt, ir.TTuple):
                raise CatalaError("This expression should be a tuple", [e.expr.pos])
            if not 0 <= e.index < len(tt.elts):
                raise CatalaError(f"Tuple access out of bounds: this tuple has {len(tt.elts)} elements",
                                  [e.pos])
            return tt.elts[e.index]
        if isinstance(e, ir.ListLit):
            elt = TVar()
            for x in e.elts:
                self.unify_at(self.infer(x), elt, x.pos)
            return ir.TList(elt)
        if isinstance(e, ir.ListOp):
            return self._listop(e)
        if isinstance(e, ir.ScopeCall):
            sc = p.scopes[e.scope]
            for f, v in e.args:
                self.expect(v, sc.vars[f].type)
            return ir.TStruct(e.scope)
        if isinstance(e, ir.Impossible):
            return TVar()
        if isinstance(e, ir.InlineAssert):
            self.expect(e.cond, BOOL)
            return self.infer(e.body)
        if isinstance(e, ir.FuncLit):
            return ir.TArrow(tuple(b.ty for b in e.params), self.infer(e.body))
        raise CatalaError(f"Cannot type {type(e).__name__}", [e.pos])

    def bind(self, binder, t, pos, ctor: str | None = None) -> None:
        """Type the binder(s) of a value of type ``t``; ``ctor``: the constructor whose payload it is."""
        if isinstance(binder, tuple):
            elts = tuple(TVar() for _ in binder)
            tt = prune(t)
            if isinstance(tt, ir.TTuple) and len(tt.elts) != len(binder):
                if ctor is not None:  # the reference's wording and place: the binders
                    first, last = binder[0].pos, binder[-1].pos
                    raise CatalaError(f"This pattern has {len(binder)} arguments, while {len(tt.elts)} are "
                                      f"expected by constructor {ctor}.",
                                      [dataclasses.replace(first, end_line=last.end_line, end_column=last.end_column)])
                raise CatalaError(f"This pattern has {len(binder)} arguments, while {len(tt.elts)} are "
                                  "expected", [pos])
            self.unify_at(t, ir.TTuple(elts), pos)
            for b, et in zip(binder, elts):
                b.ty = et
        else:
            if binder.ty is None:
                binder.ty = t
            else:
                self.unify_at(binder.ty, t, pos)

    def _field(self, e: ir.FieldGet):
        st = prune(self.infer(e.expr))
        if e.struct is not None:
            elsewhere = [k[1] for k, s in self.p.structs.items() if e.field in s.fields and k != e.struct]
            if elsewhere and e.field not in self.p.structs[e.struct].fields:  # x.Foo.g where Bar has g
                raise CatalaError(fill(f"Field {e.field} does not belong to structure {e.struct[1]} "
                                       f"(however,~structure {' or '.join(elsewhere)} defines it)."), [e.pos])
            self.unify_at(st, ir.TStruct(e.struct), e.expr.pos)
            st = prune(st)
        if isinstance(st, TVar):
            cands = sorted(k for k, s in self.p.structs.items() if e.field in s.fields)
            if len(cands) == 1:
                unify(st, ir.TStruct(cands[0]))
                st = prune(st)
            else:
                res = TVar()

                def later(force: bool, e=e, res=res) -> bool:
                    st2 = prune(e.expr.ty)
                    if isinstance(st2, TVar):
                        if not force:
                            return False
                        raise CatalaError(f'Ambiguous field access "{e.field}": the type of the structure is '
                                          "not known at this point", [e.pos])
                    self.unify_at(self._field_type(e, st2), res, e.pos)
                    return True
                self.deferred.append(later)
                return res
        return self._field_type(e, st)

    def _field_type(self, e: ir.FieldGet, st):
        if not isinstance(st, ir.TStruct):
            raise CatalaError(f"This expression has type {show(st)}, it is not a structure so its field "
                              f'"{e.field}" cannot be accessed', [e.expr.pos])
        info = self.p.structs[st.key]
        if e.field not in info.fields:
            from catalapy.errors import sorted_candidates

            every_field = [f for s in self.p.structs.values() for f in s.fields]
            raise CatalaError(f'Field "{e.field}" does not belong to structure "{st.key[1]}".',
                              [e.pos, (info.pos, "Structure definition")], sorted_candidates(e.field, every_field))
        e.struct = st.key
        return instantiate(info.fields[e.field])

    # ------------------------------------------------------------------------------------------------------
    def _op(self, e: ir.Op):
        op = e.op
        args = [self.infer(a) for a in e.args]
        op_pos = getattr(e, "op_pos", None) or e.pos
        if op in LOGICAL:
            for a, ae in zip(args, e.args):
                self.unify_at(a, self.located(BOOL, op_pos), ae.pos)
            e.kind = op
            return self.located(BOOL, e.pos)
        if op is Operator.CONCAT:
            elt = TVar()
            # as the reference, the right operand first (OCaml evaluates the arguments of the application from
            # right to left): the left one is then checked against the list type the right one gave
            self.unify_at(args[1], self.located(ir.TList(elt), op_pos), e.args[1].pos)
            self.unify_at(args[0], self.located(ir.TList(elt), op_pos), e.args[0].pos)
            e.kind = op
            return self.located(ir.TList(elt), e.pos)
        if op in CONVERSIONS:
            return self._resolve(e, lambda ks: resolution(op, ks), args, op.name_in_messages)
        if op in COMPARISONS:
            if e.suffix is not None:
                for a, ae in zip(args, e.args):
                    self.unify_at(a, SUFFIX_TYPE[e.suffix], ae.pos)
            # as the reference, which types the right operand first and then checks the left one against its type:
            # a left operand's own type is what it got; an overloaded operator's result (`d - 1 jour`) is checked
            # the other way round, as that operator's resolution does
            if isinstance(e.args[0], ir.Op) and e.args[0].op in _OVERLOADED:
                self.unify_at(args[1], args[0], e.args[0].pos)
            else:
                self.unify_at(args[0], args[1], e.args[0].pos)

            def later(force: bool) -> bool:
                k = kind_of(args[0])
                if k is None:
                    if not force:
                        return False
                    if op is Operator.EQ and not _mentions_generic(zonk(args[0])):
                        e.kind = Operator.EQ_ANY
                        return True
                    raise CatalaError("Comparison cannot be resolved at this point: the type of the operands is "
                                      "not fully known.", [e.pos])
                t = zonk(args[0])
                if _mentions_generic(t):  # a type parameter of a polymorphic declaration: any type at all
                    raise CatalaError("Comparison cannot be resolved at this point: the type of the operands is "
                                      "not fully known.", [e.pos])
                # functions are compared at run time, where the reference reports "uncomparable types" (a
                # program that never evaluates the comparison runs)
                if k in ("int", "dec", "money", "date", "bool") or (k == "other" and isinstance(t, ir.TEnum)
                                                                     and op is Operator.EQ
                                                                     and _payloadless(self.p, t)):
                    k = "native"
                elif k != "dur":
                    k = "any"
                e.kind = RESOLUTIONS[(op, k, k)]
                return True
            if not later(False):
                self.deferred.append(later)
            return BOOL
        if op is Operator.MINUS:
            if e.suffix is not None:
                if e.suffix == "@":
                    raise CatalaError("Unary minus is not defined on dates", [e.op_pos])
                self.unify_at(args[0], SUFFIX_TYPE[e.suffix], e.args[0].pos)
            # the result has the operand's type (and where it comes from)
            return self._resolve(e, lambda ks: (lambda r: r and (args[0], r[1]))(resolution(op, ks)), args,
                                 op.name_in_messages)
        if op in ARITHMETIC:
            if e.suffix is not None:
                lr = SUFFIX_OPERANDS.get((op, e.suffix))
                if lr is None:
                    if e.suffix == "@":
                        raise CatalaError(f"Operator {op.name_in_messages}@ is not defined", [e.op_pos])
                    lr = (PRIM_KIND[SUFFIX_TYPE[e.suffix].name],) * 2
                for k, a, ae in zip(lr, args, e.args):
                    if k is not None:
                        self.unify_at(a, KIND_TYPE[k], ae.pos)
            return self._resolve(e, lambda ks: resolution(op, ks), args, op.name_in_messages)
        raise CatalaError(f"Unknown operator {op}", [e.pos])

    def _resolve(self, e: ir.Op, lookup, args, opname: str):
        """Resolve an overloaded operator now, or later when its operand types are known."""
        res = TVar()

        def attempt(force: bool) -> bool:
            ks = [kind_of(a) for a in args]
            if None in ks:
                # as the reference, no guess from the operands whose types are known
                if not force:
                    return False
                if None in ks:
                    unknown = next(a for a, k in zip(args, ks) if k is None)
                    raise CatalaError(f"In this application of operator {opname}, the type of an operand is unknown",
                                      [e.pos, (e.op_pos, f"Undetermined type {show(unknown)} coming from expression:")])
            found = lookup(ks)
            if found is None:
                tys = " and ".join(show(a) for a in args)
                raise CatalaError(f"I don't know how to apply operator {opname} on types {tys}", [e.pos] + [
                    (self.origin(a) or ae.pos, f"Type {show(a)} coming from expression:")
                    for a, ae in zip(args, e.args)])
            rt, kind = found
            e.kind = kind
            self.unify_at(res, self.located(rt, e.pos), e.pos)
            return True
        if not attempt(False):
            self.deferred.append(attempt)
        return res

    # ------------------------------------------------------------------------------------------------------
    def _listop(self, e: ir.ListOp):  # noqa: C901
        k = e.kind
        parts = e.parts
        lts = [self.infer(l_) for l_ in e.lists]
        elts = []
        for lt, le in zip(lts, e.lists):
            elt = TVar()
            self.unify_at(lt, self.located(ir.TList(elt), e.op_pos), le.pos)
            elts.append(elt)
        if e.binder is not None:
            if len(e.lists) > 1:
                if isinstance(e.binder, tuple):
                    for b, et in zip(e.binder, elts):
                        b.ty = et
                else:
                    self.bind(e.binder, ir.TTuple(tuple(elts)), e.pos)
            else:
                self.bind(e.binder, elts[0], e.lists[0].pos)
        elt = elts[0] if len(elts) == 1 else ir.TTuple(tuple(elts))  # zipped lists: their items' tuple
        if k == "length":
            return INT
        if k == "contains":
            self.unify_at(self.infer(parts["elt"]), elt, parts["elt"].pos)
            e.parts["cmp"] = "eq"
            return BOOL
        if k in ("exists", "forall"):
            self.expect(parts["cond"], BOOL)
            return BOOL
        if k == "filter":
            self.expect(parts["cond"], BOOL)
            return ir.TList(elt)
        if k == "find":
            self.expect(parts["cond"], BOOL)
            return ir.TOption(elt)
        if k == "map":
            if "cond" in parts:
                self.expect(parts["cond"], BOOL)
            return ir.TList(self.infer(parts["body"]))
        if k in ("maximum", "minimum"):
            if "default" in parts:
                self.expect(parts["default"], elt)
            return elt
        if k == "sum":
            self.unify_at(elt, parts["sum_type"], e.pos)
            return elt
        if k in ("argmin", "argmax"):
            self.infer(parts["key"])
            if "default" in parts:
                self.expect(parts["default"], elt)
            return elt
        if k == "sort":
            for key in parts.get("keys", []):
                self.infer(key)
            return ir.TList(elt)
        if k == "fold":
            acc = parts["acc"]
            it = self.infer(parts["init"])
            acc.ty = it
            self.unify_at(self.infer(parts["body"]), it, parts["body"].pos)
            return it
        raise CatalaError(f"Unsupported list operation {k}", [e.pos])


def _mentions_generic(t) -> bool:
    """Whether a (zonked) type contains a type parameter (``anything of type t``)."""
    if isinstance(t, ir.TGeneric) or (isinstance(t, TVar) and t.name is not None):  # the latter: while its
        return True  # polymorphic function is typed
    if isinstance(t, (ir.TList, ir.TOption)):
        return _mentions_generic(t.elt)
    if isinstance(t, ir.TTuple):
        return any(_mentions_generic(x) for x in t.elts)
    if isinstance(t, ir.TArrow):
        return any(_mentions_generic(x) for x in t.params) or _mentions_generic(t.result)
    return False


def _payloadless(p: ir.Program, t) -> bool:
    return all(v is None for v in p.enums[t.key].ctors.values())


def _pos_key(d):
    def key(k):
        pos = d[k].pos
        return (pos.file, pos.start_line, pos.start_column)
    return key


def _contains(outer, inner) -> bool:
    return (outer.file == inner.file and (outer.start_line, outer.start_column) <= (inner.start_line, inner.start_column)
            and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column))


def _first_causes(mismatches: list) -> list:
    """The mismatches of one definition without those about an expression that holds an earlier mismatch (the
    outer one follows from the inner one, and the reference does not report it)."""
    kept: list = []
    for m in mismatches:
        where = m.positions[0][0] if m.positions else None
        if where is None or not any(k.positions and _contains(where, k.positions[0][0]) for k in kept):
            kept.append(m)
    return kept


def typecheck(program: ir.Program) -> ir.Program:
    """Type the whole program in place; raises CatalaError, or CatalaErrors when several definitions are wrong.
    The typed program holds no unification variable: every ``ty`` is resolved (`resolve_types`)."""
    Typer(program).run()
    resolve_types(program)
    return program


def resolve_types(program: ir.Program) -> None:
    """Replace, in every expression and binder of the program, the inferred type by the type it was unified
    with (`zonk`), and a variable nothing constrained (the elements of an empty list) by ``ir.TAny``: later
    passes read plain types."""
    roots: list = []
    for g in program.globals.values():
        roots.append(g.value)
        _resolve_binders(g.params)
    for sc in program.scopes.values():
        for r in sc.rules:
            roots.extend((r.condition, r.consequence))
            _resolve_binders(r.params)
        roots.extend(a.expr for a in sc.assertions)
    for e in ir.walk(roots):
        e.ty = resolved(e.ty)
        for name in ir.child_fields(e):
            _resolve_binders(getattr(e, name))


def _resolve_binders(value) -> None:
    """The binders in ``value`` (a binder, a match arm, lists and tuples of them) get resolved types."""
    if isinstance(value, ir.Bind):
        value.ty = resolved(value.ty)
    elif isinstance(value, ir.MatchArm):
        _resolve_binders(value.binder)
    elif isinstance(value, (list, tuple)):
        for x in value:
            _resolve_binders(x)


def resolved(t):
    """``t`` without unification variables: bound ones replaced by their binding, free ones by ``ir.TAny``."""
    t = prune(t)
    if isinstance(t, TVar):
        return ir.TAny()
    if isinstance(t, (ir.TList, ir.TOption)):
        return type(t)(resolved(t.elt))
    if isinstance(t, ir.TTuple):
        return ir.TTuple(tuple(resolved(e) for e in t.elts))
    if isinstance(t, ir.TArrow):
        return ir.TArrow(tuple(resolved(e) for e in t.params), resolved(t.result))
    return t

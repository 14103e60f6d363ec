"""Lowering of typed scopes into the default-calculus IR: exception trees (reference §4.2), the
identical-consequence relaxation, the dependency order of variables and sub-scope calls (cycles are errors)."""
from __future__ import annotations

import dataclasses
from fractions import Fraction

from catalapy.desugar import ir
from catalapy.errors import CatalaError, fill

from . import ir as D


# ---------------------------------------------------------------------------------------------------------------
# structural identity of expressions (positions ignored)

def struct_key(e, binders: dict | None = None):
    """A hashable rendering of an expression, positions and types ignored (``50%`` = ``0,5``), binders
    numbered in the order met (``binders``: uid → number, those of the parameters first), so that expressions
    equal up to the names of their variables are equal, as the reference compares them (`Expr.compare`,
    Bindlib variables)."""
    if binders is None:
        binders = {}
    if isinstance(e, ir.Bind):
        return ("bind", binders.setdefault(e.uid, len(binders)))
    if isinstance(e, ir.Expr) or isinstance(e, ir.MatchArm):
        items = [type(e).__name__]
        for name in ir.child_fields(e):
            items.append(struct_key(getattr(e, name), binders))
        return tuple(items)
    if isinstance(e, (list, tuple)):
        return ("seq",) + tuple(struct_key(x, binders) for x in e)
    if isinstance(e, dict):
        return ("dict",) + tuple((k, struct_key(v, binders)) for k, v in sorted(e.items()))
    if isinstance(e, Fraction):
        return ("frac", e.numerator, e.denominator)
    if e is None or isinstance(e, (str, int, bool)):
        return (type(e).__name__, e)
    return ("other", repr(e))


# ---------------------------------------------------------------------------------------------------------------
# reads (for the dependency graph)

def reads(e, acc: list) -> list:
    """The scope variables / sub-scopes read by an expression: ("var", name, state) or ("sub", name)."""
    for x in ir.walk(e):
        if isinstance(x, ir.ScopeVarRef):
            acc.append(("var", x.var, x.state))
        elif isinstance(x, ir.SubVarRef):
            acc.append(("sub", x.sub))
    return acc


def global_reads(e, acc: list) -> list:
    acc.extend(x.key for x in ir.walk(e) if isinstance(x, ir.GlobalRef))
    return acc


# ---------------------------------------------------------------------------------------------------------------
# exception trees

def build_tree(rules: list, var_label: str) -> D.Node | None:
    """The default tree of one variable (state) from its rules, per reference §4.2."""
    if not rules:
        return None
    groups: dict = {}  # group id -> {"rules": [...], "target": group id or None}
    base_rules = [r for r in rules if r.label is None and r.exception is None]
    labels: dict = {}
    for r in rules:
        if r.label is not None:
            labels.setdefault(r.label, []).append(r)
    if base_rules:
        groups[("base",)] = {"rules": base_rules, "target": None}
    for lab, rs in labels.items():
        targets = {r.exception for r in rs}
        if len(targets) > 1:
            raise CatalaError(f"The definition of exceptions are inconsistent for variable {var_label}.",
                              [r.pos for r in rs])
        groups[("label", lab)] = {"rules": rs, "target": None, "raw_target": next(iter(targets))}
    # unlabelled exceptions
    unl: dict = {}
    for r in rules:
        if r.label is None and r.exception is not None:
            unl.setdefault(r.exception, []).append(r)
    for tgt, rs in unl.items():
        groups[("exc", tgt)] = {"rules": rs, "target": None, "raw_target": tgt}

    def resolve_target(raw, rs):
        if raw is None:
            return None
        if raw == ("",):
            nonexc = [r for r in rules if r.exception is None]
            if len(nonexc) == 0:
                raise CatalaError("This exception does not have a corresponding definition.",
                                  [_span(r.exc_pos or r.pos, r.pos) for r in rs])
            if len(nonexc) > 1:  # the exception (keyword to end of rule), then each candidate's name, last first
                raise CatalaError("This exception can refer to several definitions. Try using labels to "
                                  "disambiguate.", [(_span(r.exc_pos or r.pos, r.pos), "Ambiguous exception")
                                                    for r in rs[:1]]
                                  + [(_name_at_end(c.name_pos or c.pos, c.var), "Candidate definition")
                                     for c in reversed(nonexc)])
            if nonexc[0].label is not None:
                return ("label", nonexc[0].label)
            return ("base",)
        lab = raw[0]
        if lab not in labels:
            raise CatalaError(f'Unknown label for the scope variable {var_label}: "{lab}".',
                              [_name_at_end(r.exc_pos, lab) if r.exc_pos else r.pos for r in rs])
        return ("label", lab)

    for gid, g in groups.items():
        g["target"] = resolve_target(g.get("raw_target"), g["rules"])
        if g["target"] == gid:
            raise CatalaError("Cannot define rule as an exception to itself",
                              [_name_at_end(r.exc_pos, gid[1]) if r.exc_pos else r.pos for r in g["rules"]
                               if r.exception is not None])
    # cycles
    for gid in groups:
        seen = [gid]
        cur = groups[gid]["target"]
        while cur is not None:
            if cur in seen:
                first_rules = sorted((groups[g2]["rules"][0] for g2 in seen), key=lambda r: _pos_order(r.pos))
                n = len(seen)
                raise CatalaError(fill(f"Exception~cycle~detected~when~defining {var_label}: "
                                       f"each~of~these~{n}~exceptions~applies~over~the~previous~one, and the first "
                                       "applies over the last."), [r.name_pos or r.pos for r in first_rules])
            seen.append(cur)
            cur = groups[cur]["target"]
    # siblings (the exceptions to one group, or the groups excepting none) are tried the group whose first
    # rule is written last first: the reference lists a vertex's predecessors (ocamlgraph `pred`) and the
    # graph's vertices (`fold_vertex`) by consing them in the order of their rules' ids (parse order)
    written = {id(r): i for i, r in enumerate(rules)}
    order = sorted(groups, key=lambda g: -min(written[id(r)] for r in groups[g]["rules"]))

    def make(gid) -> D.Node:
        children = [make(c) for c in order if groups[c]["target"] == gid]
        return D.Node(children, collapse(pieces_of(groups[gid]["rules"])))
    roots = [make(g) for g in order if groups[g]["target"] is None]
    if len(roots) == 1:
        return roots[0]
    return D.Node(roots, [])


def pieces_of(rules: list) -> list:
    return [D.Piece([r.condition], r.consequence, r.params, [r]) for r in rules]


def collapse(pieces: list) -> list:
    """Rules with identical consequences become one piece, as the reference's `collapse_similar_outcomes`
    (dcalc/from_scopelang.ml) nests them: the last rule written innermost, so its condition is tried first and
    an earlier one only when the later ones do not hold; the piece stands where the last of them stands (what
    orders a conflict's positions). Its conditions and rules are listed in that order of trial."""
    groups: dict = {}
    for p in pieces:
        groups.setdefault(_consequence_key(p), []).append(p)
    out: list = []
    for p in pieces:
        group = groups[_consequence_key(p)]
        if p is group[-1]:
            tried = group[::-1]  # each piece's own conditions are in order of trial already
            out.append(D.Piece([c for q in tried for c in q.conditions], p.consequence, p.params,
                               [r for q in tried for r in q.rules]))
    return out


def _consequence_key(p: D.Piece) -> tuple:
    """The consequence up to the names of its variables: the parameters of a function's rules are one (the
    reference substitutes the same variables into every rule, scopelang/from_desugared.ml
    `rule_tree_to_expr`)."""
    return struct_key(p.consequence, {b.uid: i for i, b in enumerate(p.params)}), len(p.params)


# ---------------------------------------------------------------------------------------------------------------
# scopes

def lower_scope(program: ir.Program, info: ir.ScopeInfo) -> D.ScopeDef:
    sd = D.ScopeDef(info, date_rounding=info.date_rounding)
    name = info.key[1]
    by_target: dict = {}
    for r in info.rules:
        by_target.setdefault((r.sub, r.var, r.state), []).append(r)
    nodes: list = []  # (node id, item) in declaration order
    deps: dict = {}
    for nm in info.order:
        if nm in info.vars:
            vd = info.vars[nm]
            states = vd.states or [None]
            for i, st in enumerate(states):
                rules = by_target.get((None, nm, st), [])
                first, last = i == 0, i == len(states) - 1
                is_fun = isinstance(vd.type, ir.TArrow)
                from_input = first and vd.io_input in ("input", "context")
                tree = build_tree(rules, nm if st is None else f"{nm}@{st}")
                must = (vd.io_output and last) or is_fun or (vd.io_input == "input" and first)
                may_empty = not must and not vd.is_condition and (tree is None or not tree.never_empty())
                if vd.io_input == "input" and first:
                    may_empty = False
                vdef = D.VarDef(nm, st, vd, tree, from_input, first and vd.io_input == "context", must,
                                may_empty, last)
                sd.var_defs[(nm, st)] = vdef
                nid = ("var", nm, st)
                nodes.append((nid, vdef))
                rd: list = []
                for r in rules:
                    reads(r.condition, rd)
                    reads(r.consequence, rd)
                deps[nid] = rd
        else:
            sub = info.subs[nm]
            callee = program.scopes[sub.scope]
            inputs = []
            rd = []
            for vn, vd in callee.vars.items():
                if vd.io_input not in ("input", "context"):
                    continue
                rules = by_target.get((nm, vn, None), [])
                if not rules and vd.io_input == "input" and not vd.is_condition:
                    raise CatalaError("This subscope variable is a mandatory input but no definition was "
                                      "provided.", [(sub.pos, "Incriminated subscope:"),
                                                    (vd.pos, "Incriminated variable:")])
                for r in rules:
                    reads(r.condition, rd)
                    reads(r.consequence, rd)
                inputs.append(D.SubInput(vn, vd, build_tree(rules, f"{nm}.{vn}")))
            call = D.SubCall(sub, inputs)
            nid = ("sub", nm)
            nodes.append((nid, call))
            deps[nid] = rd
    # topological order, declaration order among independent items
    ids = [n for n, _ in nodes]
    items = dict(nodes)
    succ_deps = {n: [tuple(d) for d in deps[n]] for n in ids}
    done: set = set()
    order: list = []
    visiting: list = []

    def visit(n):
        if n in done:
            return
        if n in visiting:
            cyc = visiting[visiting.index(n):] + [n]
            if len(cyc) == 2:  # a definition reading what it defines: the reference's words, at the read
                raise _self_reference(info, by_target, n)
            names = [c[1] if c[0] == "sub" or c[2] is None else f"{c[1]}@{c[2]}" for c in cyc]
            raise CatalaError(f"Cyclic dependency detected between the following variables of scope {name}:\n"
                              + " → ".join(names), [_item_pos(items[c]) for c in cyc[:-1]])
        visiting.append(n)
        for d in succ_deps[n]:
            if d in items:
                visit(d)
        visiting.pop()
        done.add(n)
        order.append(n)
    for n in ids:
        visit(n)
    sd.items = [items[n] for n in order]
    _unused_warnings(program, info, items, succ_deps)
    sd.assertions = [D.Assertion(a.expr, a.message, a.pos) for a in info.assertions]
    return sd


def _pos_order(p) -> tuple:
    return (p.file, p.start_line, p.start_column)


def _span(first, last):
    """From the start of ``first`` to the end of ``last``."""
    return dataclasses.replace(first, end_line=last.end_line, end_column=last.end_column)


def _name_at_end(pos, name: str):
    """The place of ``name`` written at the end of ``pos`` (`exception base_y`, `definition x`)."""
    return dataclasses.replace(pos, start_line=pos.end_line, start_column=pos.end_column - len(name))


def _item_pos(item):
    if isinstance(item, D.VarDef):
        return item.decl.pos
    return item.sub.pos


#: the longest chain of scopes each calling the next that catalapy compiles (each call nests Python frames;
#: `catalapy.cli` runs commands with a stack and a recursion limit sized for it)
MAX_SCOPE_CALL_DEPTH = 5_000


def scope_order(program: ir.Program) -> list:
    """Scopes, callees first (scope-to-scope recursion is an error)."""
    order: list = []
    state: dict = {}

    known: dict = {}

    def uses(info: ir.ScopeInfo) -> list:
        """(scope called, where): sub-scope declarations, then `résultat de` calls; walked once per scope."""
        if info.key in known:
            return known[info.key]
        out = [(s.scope, s.pos) for s in info.subs.values()]
        acc: list = []
        for r in info.rules:
            _scope_calls(r.condition, acc)
            _scope_calls(r.consequence, acc)
        for a in info.assertions:
            _scope_calls(a.expr, acc)
        known[info.key] = out + acc
        return known[info.key]

    def callees(info: ir.ScopeInfo) -> list:
        return [k for k, _ in uses(info)]

    stack: list = []

    def visit(k):
        st = state.get(k)
        if st == 2:
            return
        if st == 1:
            cycle = stack[stack.index(k):]
            if len(cycle) == 1:
                raise CatalaError(f"The scope {k[1]} is calling itself, recursion is forbidden in Catala",
                                  [program.scopes[k].pos])
            raise _scope_cycle(program, _component(program, k, callees), uses)
        state[k] = 1
        stack.append(k)
        for c in callees(program.scopes[k]):
            visit(c)
        stack.pop()
        state[k] = 2
        order.append(k)
    for k in program.scopes:
        visit(k)
    depth: dict = {}  # the longest chain of calls a scope starts (itself included)
    for k in order:  # callees first
        depth[k] = 1 + max((depth[c] for c in callees(program.scopes[k])), default=0)
        if depth[k] > MAX_SCOPE_CALL_DEPTH:
            raise CatalaError(f"The scope {k[1]} starts a chain of {depth[k]} nested scope calls, more than the "
                              f"{MAX_SCOPE_CALL_DEPTH} catalapy evaluates", [program.scopes[k].pos])
    return order


def _component(program: ir.Program, k, callees) -> set:
    """The scopes that ``k`` calls, directly or not, and that call ``k``: its strongly connected component."""
    def reach(start, step) -> set:
        seen, todo = {start}, [start]
        while todo:
            for n in step(todo.pop()):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return seen
    forward = reach(k, lambda x: callees(program.scopes[x]))
    return {x for x in forward if k in reach(x, lambda y: callees(program.scopes[y]))}


def _scope_cycle(program: ir.Program, members: set, uses) -> CatalaError:
    """The reference's report of scopes calling one another: from the last declared scope of the cycle, each
    scope followed by one that uses it, with the place of each use."""
    def users(k):
        return sorted((u for u in members if any(c == k for c, _ in uses(program.scopes[u]))),
                      key=lambda u: _pos_order(program.scopes[u].pos))
    start = max(members, key=lambda k: _pos_order(program.scopes[k].pos))
    cycle = [start]
    while True:
        found = users(cycle[-1])
        back = [cycle.index(u) for u in found if u in cycle]
        if back:  # closed by the latest scope of the walk that uses the current one
            cycle = cycle[max(back):]
            break
        cycle.append(found[0])
    spans = []
    for used, user in zip(cycle, cycle[1:] + cycle[:1]):
        where = next(p for c, p in uses(program.scopes[user]) if c == used)
        spans.append((where, f"{used[1]} is used here in the definition of {user[1]}:"))
    names = " → ".join(k[1] for k in cycle + cycle[:1])
    return CatalaError(f"Cyclic dependency detected between the following scopes: {names}", spans)


def _self_reference(info: ir.ScopeInfo, by_target: dict, node) -> CatalaError:
    """A variable read in its own definition, or a sub-scope read in the definition of one of its inputs."""
    if node[0] == "var":
        _, nm, st = node
        for r in by_target.get((None, nm, st), []):
            for x in ir.walk([r.condition, r.consequence]):
                if isinstance(x, ir.ScopeVarRef) and (x.var, x.state) == (nm, st):
                    return CatalaError(fill(f"The variable {nm} is used in one of its definitions "
                                            "(Catala~doesn't~support~recursion)."), [x.pos])
    else:
        sub = node[1]
        for r in info.rules:
            if r.sub != sub:
                continue
            for x in ir.walk([r.condition, r.consequence]):
                if isinstance(x, ir.SubVarRef) and x.sub == sub:
                    where = dataclasses.replace(x.pos, end_line=x.pos.start_line,
                                                end_column=x.pos.start_column + len(sub))
                    return CatalaError(fill(f"The subscope {sub} is used in the definition of its own input "
                                            f"{sub}.{r.var} (Catala~doesn't~support~recursion)."), [where])
    name = node[1] if node[0] == "sub" or node[2] is None else f"{node[1]}@{node[2]}"
    return CatalaError(f"The variable {name} is used in one of its definitions (Catala doesn't support "
                       "recursion).", [info.pos])


def _scope_calls(e, acc):
    acc.extend((x.scope, x.pos) for x in ir.walk(e) if isinstance(x, ir.ScopeCall))


def global_order(program: ir.Program) -> list:
    order: list = []
    state: dict = {}

    def visit(k):
        st = state.get(k)
        if st == 2:
            return
        g = program.globals[k]
        if st == 1:
            raise CatalaError(f"The variable {k[1]} is used in one of its definitions (Catala doesn't support "
                              "recursion).", [g.pos])
        state[k] = 1
        if g.value is not None:
            for d in global_reads(g.value, []):
                visit(d)
        state[k] = 2
        order.append(k)
    for k in program.globals:
        visit(k)
    return order


def lower_program(program: ir.Program) -> D.ProgramDef:
    scopes = {}
    for k in scope_order(program):
        scopes[k] = lower_scope(program, program.scopes[k])
    return D.ProgramDef(program, scopes, global_order(program))


def _unused_warnings(program: ir.Program, info: ir.ScopeInfo, items: dict, deps: dict) -> None:
    """The reference's lint of one scope of the main module: "declared but never defined" for a non-input,
    non-condition variable without any rule; "Unused variable" for a variable or sub-scope that neither an
    output nor an assertion depends on and that nothing else reads."""
    if info.key[0] != program.main:
        return
    from catalapy.errors import Warning_

    asserted: list = []
    for a in info.assertions:
        reads(a.expr, asserted)
    read_by_someone = {tuple(d) for ds in deps.values() for d in ds} | {tuple(d) for d in asserted}
    for it in items.values():  # a state is read by the next one
        if isinstance(it, D.VarDef) and it.state is not None:
            i = it.decl.states.index(it.state)
            if i > 0:
                read_by_someone.add(("var", it.var, it.decl.states[i - 1]))
    roots = [n for n, it in items.items()
             if (isinstance(it, D.VarDef) and it.decl.io_output) or (isinstance(it, D.SubCall) and it.sub.io_output)]
    roots += [tuple(d) for d in asserted]
    alive: set = set()
    stack = list(roots)
    while stack:
        n = stack.pop()
        if n in alive:
            continue
        alive.add(n)
        stack.extend(tuple(d) for d in deps.get(n, []))
        it = items.get(n)
        if isinstance(it, D.VarDef) and it.state is not None:
            i = it.decl.states.index(it.state)
            if i > 0:
                stack.append(("var", it.var, it.decl.states[i - 1]))
    sname = info.key[1]
    for vd in info.vars.values():
        if vd.io_input not in ("input", "context") and not vd.is_condition \
                and not any(r.var == vd.name and r.sub is None for r in info.rules):
            program.warnings.append(Warning_(
                f'In scope "{sname}", the variable "{vd.name}" is declared but never defined;\n'
                "did you forget something?", [(vd.pos, None)]))
    reported: set = set()
    for n, it in items.items():
        if n in alive or n in read_by_someone:
            continue
        if isinstance(it, D.VarDef):
            if it.decl.io_input in ("input", "context") or it.var in reported:
                continue
            reported.add(it.var)
            program.warnings.append(Warning_(_unused_text(it.var, sname), [(it.decl.pos, None)]))
        else:
            program.warnings.append(Warning_(_unused_text(it.sub.name, sname), [(it.sub.pos, None)]))


def _unused_text(name: str, scope: str) -> str:
    return f"Unused variable: {name} does not contribute to computing any of scope {scope} outputs. Did you forget something?"

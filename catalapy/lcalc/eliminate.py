"""Default elimination: the default trees of the dcalc IR become the decisions of lcalc/ir.py.

For each scope, in evaluation order (what a later definition may rely on is known once the earlier ones are
decided): the tree of each variable and of each sub-scope input becomes a `Decision`, sibling rules are tested
in an `if`/`elif` chain when their conditions provably exclude one another (`exclusive.py`) and keep the
conflict check otherwise, and a variable whose rules always give a value is recorded so that reading it needs
no check."""
from __future__ import annotations

from catalapy.dcalc import ir as D
from catalapy.desugar import ir

from . import ir as L
from .exclusive import pieces_exclusive, pieces_exhaustive


def eliminate(pdef: D.ProgramDef) -> L.ProgramDef:
    return L.ProgramDef(pdef, {key: _Scope(pdef.program, sd).run() for key, sd in pdef.scopes.items()})


class _Scope:
    def __init__(self, program: ir.Program, sd: D.ScopeDef) -> None:
        self.p = program
        self.out = L.ScopeDef(sd, [])

    def run(self) -> L.ScopeDef:
        for item in self.out.dcalc.items:
            if isinstance(item, D.VarDef):
                self.out.items.append(self.var(item))
            else:
                self.out.items.append(L.SubCall(item, [self.sub_input(si) for si in item.inputs]))
        return self.out

    def var(self, v: D.VarDef) -> L.VarDefinition:
        vd = v.decl
        never_empty = v.tree is not None and v.tree.never_empty()
        if isinstance(vd.type, ir.TArrow):
            on_empty = None if never_empty else ("false" if vd.is_condition else "no_value")
        elif never_empty:
            on_empty = None
        else:
            on_empty = "false" if vd.is_condition else "no_value" if v.must_be_defined else None
        definition = self.definition(v.tree, on_empty, vd.pos)
        if (not v.is_context and not isinstance(vd.type, ir.TArrow) and isinstance(definition.decision, L.Exclusive)
                and definition.decision.total):
            self.out.always_defined.add((v.var, v.state))
        return L.VarDefinition(v, definition)

    def sub_input(self, si: D.SubInput) -> L.SubInput:
        if si.tree is None:
            return L.SubInput(si, None)
        vd = si.decl
        if isinstance(vd.type, ir.TArrow):
            on_empty = "no_value"  # checked even when a rule always applies
        elif si.tree.never_empty():
            on_empty = None
        else:
            on_empty = "not_provided" if vd.io_input == "context" else "false" if vd.is_condition else "no_value"
        return L.SubInput(si, self.definition(si.tree, on_empty, vd.pos))

    def definition(self, tree: D.Node | None, on_empty: str | None, decl_pos) -> L.Definition:
        if tree is None:
            return L.Definition(None, None, on_empty, decl_pos)
        if tree.is_trivial():
            return L.Definition(None, tree.pieces[0].consequence, on_empty, decl_pos)
        return L.Definition(self.decision(tree), None, on_empty, decl_pos)

    def decision(self, node: D.Node) -> L.Decision:
        if node.exceptions:
            return L.WithExceptions([self.decision(e) for e in node.exceptions],
                                    self.pieces(node.pieces) if node.pieces else None)
        return self.pieces(node.pieces)

    def pieces(self, pieces: list) -> L.Decision:
        if not pieces:
            return L.NoRule()
        rules = [self.rule(p) for p in pieces]
        if len(rules) == 1:
            return L.Only(rules[0])
        analysis = ([piece.conditions for piece in pieces], self.pure_subject, self.constant_value,
                    lambda key: self.p.enums[key].ctors)
        if pieces_exclusive(*analysis):
            return L.Exclusive(rules, pieces_exhaustive(*analysis))
        return L.Checked(rules)

    @staticmethod
    def rule(piece: D.Piece) -> L.Rule:
        """Rules with identical consequences share one piece (the reference's identical-outcome relaxation,
        its nest: the last rule written tried first): when they stand at distinct places each condition is
        tested apart, in that order (`L.Rule.per_rule`), so that traces cite the rule that applied."""
        return L.Rule(piece.conditions, piece.consequence, [r.consequence.pos for r in piece.rules])

    def pure_subject(self, e: ir.Expr):
        """A key for a read that cannot fail (see exclusive.py), or None."""
        if isinstance(e, ir.Local):
            return ("local", e.bind.uid)
        if isinstance(e, ir.ScopeVarRef):
            if (e.var, e.state) not in self.out.dcalc.var_defs or self.out.read_needs_check(e.var, e.state):
                return None
            return ("var", e.var, e.state)
        if isinstance(e, ir.SubVarRef):
            return ("sub", e.sub, e.var)
        return None

    def constant_value(self, e: ir.Expr):
        """(True, value) for a literal, or a global defined as a literal; (False, None) otherwise."""
        if isinstance(e, ir.GlobalRef):
            g = self.p.globals.get(e.key)
            e = g.value if g is not None and not g.params else None
        if isinstance(e, ir.Lit) and e.kind in ("int", "money", "dec", "date"):
            return True, e.value
        return False, None

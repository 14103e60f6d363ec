"""Typing hands on a typed IR with every type resolved: no unification variable left in an expression or a
binder (later passes read plain types, without `prune`/`zonk`); a type nothing constrains is `TAny`."""
from __future__ import annotations

from pathlib import Path

import pytest

from catalapy.desugar import ir
from catalapy.driver import load_program
from catalapy.typing.types import TVar

ROOT = Path(__file__).resolve().parents[2]
# the fixtures that run (no block of theirs expects an error), and the policy
PROGRAMS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "compiler" / "golden").glob("*/*.catala_??")
                  if "```catala-test-cli" in (text := p.read_text(encoding="utf-8")) and "#return code" not in text
                  ) + ["policy/indemnites_journalieres.catala_fr"]


def types_in(t):
    yield t
    for child in ((t.elt,) if isinstance(t, (ir.TList, ir.TOption)) else t.elts if isinstance(t, ir.TTuple)
                  else (*t.params, t.result) if isinstance(t, ir.TArrow) else ()):
        yield from types_in(child)


def binders_in(value):
    if isinstance(value, ir.Bind):
        yield value
    elif isinstance(value, ir.MatchArm):
        yield from binders_in(value.binder)
    elif isinstance(value, (list, tuple)):
        for x in value:
            yield from binders_in(x)


@pytest.mark.parametrize("path", PROGRAMS)
def test_no_type_variable_reaches_the_later_passes(path: str, monkeypatch) -> None:
    monkeypatch.chdir(ROOT / Path(path).parent)
    program = load_program(Path(path).name).pdef.program
    roots = [g.value for g in program.globals.values()]
    binders = [b for g in program.globals.values() for b in g.params]
    for sc in program.scopes.values():
        roots += [x for r in sc.rules for x in (r.condition, r.consequence)] + [a.expr for a in sc.assertions]
        binders += [b for r in sc.rules for b in r.params]
    typed = 0
    for e in ir.walk(roots):
        assert not any(isinstance(t, TVar) for t in types_in(e.ty)), (type(e).__name__, e.pos)
        typed += e.ty is not None
        binders += [b for name in ir.child_fields(e) for b in binders_in(getattr(e, name))]
    for b in binders:
        assert not any(isinstance(t, TVar) for t in types_in(b.ty)), (b.name, b.pos)
    assert typed and binders or "policy" not in path


def test_an_unconstrained_type_is_any(tmp_path, monkeypatch) -> None:
    # the elements of an empty list nobody reads: no declaration or operator says what they are
    (tmp_path / "t.catala_en").write_text("```catala\ndeclaration scope S:\n  output n content integer\n\n"
                                          "scope S:\n  definition n equals number of []\n```\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    program = load_program("t.catala_en").pdef.program
    rule = next(iter(program.scopes.values())).rules[0]
    empty = next(e for e in ir.walk(rule.consequence) if isinstance(e, ir.ListLit))
    assert empty.ty == ir.TList(ir.TAny())

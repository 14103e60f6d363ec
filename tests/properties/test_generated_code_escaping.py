"""Property: nothing from a source file becomes code. Whatever the law heading above a rule (any character but
the newline that ends a Markdown line, so also ``\\r``, ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85``,
``\\u2028``, ``\\u2029``), whatever the Catala names (any the lexer accepts, NFKC look-alikes of Python names
included) and whatever the text of an ``#[error.message]``, the generated module parses (``ast.parse``) to the
same structure as for a plain program — only names, string constants and positions differ — and running it computes the
expected value (1) and nothing else: a crafted heading that would print, import or exit if it became code
leaves no trace."""
from __future__ import annotations

import ast
import dataclasses
import contextlib
import io
import os
import tempfile
import tokenize
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from catalapy import driver
from catalapy.errors import CatalaError
from catalapy.syntax.lexer import dialect

TEMPLATE = '''# {heading}

```catala
déclaration énumération {enum}:
  -- {ctor}
  -- Autre

déclaration structure {struct}:
  donnée {field} contenu entier

déclaration champ d'application {scope}:
  interne {inner} contenu {struct}
  résultat {out} contenu entier
  résultat {choice} contenu {enum}

champ d'application {scope}:
  définition {inner} égal à {struct} {{ -- {field}: 1 }}
  définition {choice} égal à {ctor}
  définition {out} égal à
    si {inner}.{field} > 0 alors {inner}.{field}
    sinon (#[error.message = "{message}"] impossible)
```
'''

PLAIN = dict(heading="Titre", enum="Genre", ctor="Premier", struct="Paire", field="champ", scope="Calcul",
             inner="paire", out="resultat", choice="choix", message="jamais")

LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
PAYLOAD = 'x\nimport os; print("INJECTED"); os._exit(7)\n'
_ONE_LINE = st.characters(blacklist_characters="\n")  # a Markdown heading ends at "\n"
headings = st.text(st.one_of(st.sampled_from(LINE_BREAKS), _ONE_LINE), max_size=40)
payload_headings = st.builds(lambda a, brk, b: a + PAYLOAD.replace("\n", brk) + b, st.text(_ONE_LINE, max_size=5),
                             st.sampled_from(LINE_BREAKS), st.text(_ONE_LINE, max_size=5))
messages = st.text(_ONE_LINE, min_size=1, max_size=40)  # an empty message is no message

_FR = dialect("fr")
_LOOK_ALIKES = "ｒｔＲＴﬁℌªºᵢ"  # NFKC turns them into ASCII letters (ｒｔ → rt, the runtime's name)
_TAIL = st.one_of(st.characters(whitelist_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Nd")),
                  st.sampled_from("_'" + _LOOK_ALIKES))


def _word(first) -> st.SearchStrategy[str]:
    return st.builds(lambda a, b: a + b, first, st.text(_TAIL, max_size=8)).filter(
        lambda w: w not in _FR.single and w.split("'")[0] not in _FR.multi)


lower_names = _word(st.one_of(st.characters(whitelist_categories=("Ll",)), st.sampled_from("ｒｔ")))
upper_names = _word(st.one_of(st.characters(whitelist_categories=("Lu",)), st.sampled_from("ＲＴ")))


def _source(**parts) -> str:
    values = {**PLAIN, **parts}
    values["message"] = values["message"].replace("\\", "\\\\").replace('"', '\\"')
    return TEMPLATE.format(**values)


def _shape(tree: ast.AST) -> str:
    """The module without its names, string constants and numbers, and without the `field(metadata=…)` that keeps a
    Catala name differing from its Python name."""
    class Blank(ast.NodeTransformer):
        def visit_AnnAssign(self, node):
            if isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "field":
                node.value = None
            return self.generic_visit(node)

        def visit_Constant(self, node):
            # None too: a heading with `| X` legitimately carries an article id (a string where None was)
            if isinstance(node.value, str) or node.value is None:
                return ast.Constant("")
            if type(node.value) is int:  # lines and columns of positions move with the lengths of names
                return ast.Constant(0)
            return node

        def visit_Name(self, node):
            return ast.Name("_", node.ctx)

        def visit_Attribute(self, node):
            self.generic_visit(node)
            node.attr = "_"
            return node

        def visit_arg(self, node):
            node.arg = "_"
            return self.generic_visit(node)

        def visit_FunctionDef(self, node):
            node.name = "_"
            return self.generic_visit(node)

        def visit_ClassDef(self, node):
            node.name = "_"
            return self.generic_visit(node)

        def visit_keyword(self, node):
            node.arg = "_"
            return self.generic_visit(node)

        def visit_alias(self, node):
            return node

    return ast.dump(Blank().visit(tree))


def _compile(source: str, folder: str) -> tuple[driver.Program, str]:
    path = os.path.join(folder, "prog.catala_fr")
    Path(path).write_text(source, encoding="utf-8")
    program = driver.load_program(path)
    return program, driver.emit_python(program)["prog"]


@pytest.fixture(scope="module")
def plain_shape():
    with tempfile.TemporaryDirectory() as folder:
        return _shape(ast.parse(_compile(_source(), folder)[1]))


def _check(plain_shape, **parts) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            program, code = _compile(_source(**parts), folder)
        except CatalaError:
            assume(False)  # names the resolver refuses (two names equal once folded, …): nothing generated
            return
        assert _shape(ast.parse(code)) == plain_shape
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            module = driver.import_program(program)
            result = driver.run_scope(program, parts.get("scope", PLAIN["scope"]), module)
        assert printed.getvalue() == ""
        values = [getattr(result, f.name) for f in dataclasses.fields(result)]
        assert [v for v in values if isinstance(v, int)] == [1]


@settings(max_examples=40)
@given(heading=st.one_of(headings, payload_headings))
@example(heading="Titre\rimport os; os._exit(7)")
@example(heading="Titre\u2028print('INJECTED')")
@example(heading="Titre | 0")  # an article id: a string constant where None was
def test_any_heading_stays_a_comment(plain_shape, heading):
    _check(plain_shape, heading=heading)


@settings(max_examples=40)
@given(message=messages)
@example(message='"); import os; os._exit(7); ("')
@example(message="\\\"\"\"\r\u2028")
def test_any_error_message_stays_a_string(plain_shape, message):
    _check(plain_shape, message=message)


@settings(max_examples=40)
@given(names=st.tuples(upper_names, upper_names, upper_names, upper_names, lower_names, lower_names,
                       lower_names, lower_names))
@example(names=("ＲＴ", "Rt", "Scope", "Calcul", "ｒｔ", "rt", "trace", "entrees"))
@example(names=("Ｆield", "Ａ", "Ｂ", "Ｃ", "ﬁeld", "ﬀ", "ªb", "ｆ"))
def test_any_names_stay_names(plain_shape, names):
    enum, ctor, struct, scope, field, inner, out, choice = names
    assume(len({enum, ctor, struct, scope}) == 4 and len({inner, out, choice}) == 3)
    _check(plain_shape, enum=enum, ctor=ctor, struct=struct, scope=scope, field=field, inner=inner, out=out,
           choice=choice)


def test_a_carriage_return_in_a_heading_is_escaped_in_the_comment():
    """The exact escape (hand-written): the comment keeps the heading on its line, `\\r` written as `\\r`."""
    with tempfile.TemporaryDirectory() as folder:
        _, code = _compile(_source(heading="Titre\rimport os"), folder)
    assert "# prog.catala_fr:17 — Titre\\rimport os" in code.replace(folder + os.sep, "")
    # Wherever else the heading goes (positions, law-heading metadata), it stays inside a comment or a string:
    # no `os` name token anywhere in the module.
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    assert not any(t.type == tokenize.NAME and t.string == "os" for t in tokens)

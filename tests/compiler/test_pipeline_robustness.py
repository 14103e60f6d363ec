"""Property: the WHOLE pipeline (parse, resolve, type, lint, lower, generate, run) never crashes on mutated valid
programs. Through ``catalapy.cli.main`` (in-process) ``typecheck`` and ``interpret`` end with exit 0, or with
exit 123 and an error box that names a position ``file:line``; never the "internal error" exit 125 nor an
escaping exception.

Seeds: the golden fixtures, the policy files (with ``-I policy``) and small generated programs. Mutations work
on the lines of the ```catala blocks and on their tokens: delete, duplicate or swap lines and tokens, replace an
identifier by another one of the file, a type by another type, an operator by another one, a literal by a
literal of another type, drop a ``sous condition``, swap the input/output qualifiers, etc.
"""
from __future__ import annotations

import contextlib
import difflib
import os
import re
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalapy import cli

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "compiler" / "golden"
POLICY = ROOT / "policy"

GOLDEN_SEEDS = sorted(p for p in GOLDEN.rglob("*.catala_*") if p.suffix in (".catala_fr", ".catala_en"))
POLICY_SEEDS = sorted(POLICY.glob("*.catala_fr")) + sorted((POLICY / "tests").glob("*.catala_fr"))

_TOKEN = re.compile(r"\s+|[^\W\d]\w*|\d+(?:[.,]\d+)*|\|[0-9-]+\||<=|>=|!=|->|--|\S", re.U)
_IDENT = re.compile(r"^[^\W\d]\w*$", re.U)
_POSITION = re.compile(r"\.catala_(?:fr|en):\d+")
_FENCE = re.compile(r"^```catala(?:-metadata)?\s*$")

KEYWORDS = {
    "fr": "déclaration champ d'application structure énumération donnée contenu entrée résultat interne contexte "
          "condition conséquence définition règle égal à sous si alors sinon selon sous forme n'importe quel "
          "assertion exception étiquette état vrai faux et ou non soit dans liste de fonction varie avec "
          "décroissant croissant existe pour tout nombre somme maximum minimum initialement rempli date durée "
          "entier décimal argent booléen Usage Module",
    "en": "declaration scope structure enumeration data content input output internal context condition "
          "consequence definition rule equals under if then else match with pattern anything assertion "
          "exception label state true false and or not let in list of depends on varies decreasing increasing "
          "exists for all number sum maximum minimum initially fulfilled date duration integer decimal money "
          "boolean Using Module",
}
TYPES = {
    "fr": ["entier", "décimal", "argent", "date", "durée", "booléen", "liste de entier", "liste de argent",
           "Inconnu", "condition", "entier dépend de x contenu entier", "position_source"],
    "en": ["integer", "decimal", "money", "date", "duration", "boolean", "list of integer", "list of money",
           "Unknown", "condition", "integer depends on x content integer", "code_location"],
}
OPERATORS = ["+", "-", "*", "/", "<", ">", "<=", ">=", "=", "!=", "++", "et", "ou", "non", "and", "or", "not",
             "xor", "ou bien", "-.", "+€", "*€", "+^", ".", "mod", "de", "of", "dans", "in"]
LITERALS = ["0", "1", "-1", "2,5", "2.5", "1 000 €", "$1,000", "10%", "|2024-01-31|", "|2024-02-30|", "3 jour",
            "3 day", "2 mois", "vrai", "faux", "true", "false", "[]", "[1; 2]", "()", "(1, 2)", "0,0", "0.0",
            "1/0", "Date.premier_jour_du_mois de |2024-01-31|"]
DIRECTIVES = ["```", "```catala", "```catala-metadata", "```catala-test-cli", "> Module {}", "> Usage de {}",
              "> Using {}", "> Using {} as X", "> Module {} external", "> Inclusion: {}.catala_fr",
              "> Include: {}.catala_en", "#[test]", "#[{}]", "#[doc = \"{}\"]", "# {}", "<!-- {} -->"]
QUALIFIERS = {
    "fr": ["entrée", "résultat", "interne", "contexte", "entrée résultat", "contexte résultat", ""],
    "en": ["input", "output", "internal", "context", "input output", "context output", ""],
}


class Mutant(str):
    """A mutated source whose repr is its diff against the seed (hypothesis prints it on failure)."""

    seed: str = ""

    def __repr__(self) -> str:
        diff = difflib.unified_diff(self.seed.split("\n"), self.split("\n"), lineterm="", n=1)
        return "Mutant(<<<\n" + "\n".join(list(diff)[2:]) + "\n>>>)"


def _dialect(path: Path) -> str:
    return path.suffix[-2:]


FOREIGN_LINES: dict = {}


def _code_lines(lines: list[str]) -> list[int]:
    """Indices of the lines inside ```catala blocks."""
    inside, out = False, []
    for i, line in enumerate(lines):
        if inside and line.startswith("```"):
            inside = False
        elif inside:
            out.append(i)
        elif _FENCE.match(line):
            inside = True
    return out


def _foreign_lines(dialect: str) -> list[str]:
    """Code lines of every golden fixture of ``dialect`` (inserted elsewhere to mix features)."""
    out = set()
    for seed in GOLDEN_SEEDS:
        if _dialect(seed) == dialect:
            lines = seed.read_text(encoding="utf-8").split("\n")
            out.update(lines[i] for i in _code_lines(lines) if lines[i].strip())
    return sorted(out)


@st.composite
def mutate(draw, text: str, dialect: str) -> str:
    """``text`` with one to three random mutations in its code lines."""
    lines = text.split("\n")
    idents = sorted({t for i in _code_lines(lines) for t in _TOKEN.findall(lines[i]) if _IDENT.match(t)}) or ["x"]
    for _ in range(draw(st.integers(1, 3))):
        code = _code_lines(lines)
        if not code:
            break
        i = draw(st.sampled_from(code))
        line = lines[i]
        op = draw(st.sampled_from([
            "delete_line", "duplicate_line", "swap_lines", "delete_token", "duplicate_token", "swap_tokens",
            "identifier", "identifier", "type", "operator", "literal", "drop_condition", "qualifier", "keyword",
            "indent", "foreign_line", "access", "call", "wrap", "directive", "chain"]))
        tokens = _TOKEN.findall(line)
        words = [k for k, t in enumerate(tokens) if not t.isspace()]
        if op == "delete_line":
            del lines[i]
        elif op == "duplicate_line":
            lines.insert(i, line)
        elif op == "swap_lines":
            j = draw(st.sampled_from(code))
            lines[i], lines[j] = lines[j], line
        elif op == "drop_condition":
            lines[i] = re.sub(r"(sous condition|under condition).*?(conséquence|consequence)", "", line)
        elif op == "qualifier":
            quals = QUALIFIERS[dialect]
            pattern = r"\b(?:" + "|".join(q for q in quals if q) + r")\b"
            lines[i] = re.sub(pattern, draw(st.sampled_from(quals)), line, count=1)
        elif op == "directive":
            at = draw(st.integers(0, len(lines)))
            lines.insert(at, draw(st.sampled_from(DIRECTIVES)).format(draw(st.sampled_from(idents))))
        elif op == "foreign_line":
            lines.insert(i, draw(st.sampled_from(FOREIGN_LINES[dialect])))
        elif op == "indent":
            lines[i] = line.lstrip() if line.startswith(" ") else "  " + line
        elif words:
            k = draw(st.sampled_from(words))
            if op == "delete_token":
                del tokens[k]
            elif op == "duplicate_token":
                tokens.insert(k, tokens[k])
            elif op == "swap_tokens":
                m = draw(st.sampled_from(words))
                tokens[k], tokens[m] = tokens[m], tokens[k]
            elif op == "identifier":
                tokens[k] = draw(st.sampled_from(idents))
            elif op == "type":
                tokens[k] = draw(st.sampled_from(TYPES[dialect] + [t for t in idents if t[:1].isupper()][:20]))
            elif op == "operator":
                tokens[k] = draw(st.sampled_from(OPERATORS))
            elif op == "literal":
                tokens[k] = draw(st.sampled_from(LITERALS))
            elif op == "access":
                tokens[k] += "." + draw(st.sampled_from(idents + ["1", "2"]))
            elif op == "call":
                tokens[k] = f"{draw(st.sampled_from(idents))} {'de' if dialect == 'fr' else 'of'} {tokens[k]}"
            elif op == "wrap":
                tokens[k] = draw(st.sampled_from(["({}, {})", "[{}; {}]", "({} {})", "{} {}"])).format(
                    tokens[k], draw(st.sampled_from(idents + LITERALS)))
            elif op == "chain":  # long operator chains: parsed by loops, recursed on by the later passes
                operator = draw(st.sampled_from(["+", "*", "++", "et", "and", "-"]))
                tokens[k] = "(" + f" {operator} ".join([tokens[k]] * draw(st.integers(2, 160))) + ")"
            elif op == "keyword":
                tokens[k] = draw(st.sampled_from(KEYWORDS[dialect].split()))
            lines[i] = "".join(tokens)
    mutant = Mutant("\n".join(lines))
    mutant.seed = text
    return mutant


FOREIGN_LINES.update(fr=_foreign_lines("fr"), en=_foreign_lines("en"))


@contextlib.contextmanager
def _isolated_generated_code():
    """Generated packages (imported from memory) are forgotten afterwards."""
    try:
        yield
    finally:
        for name in [m for m in sys.modules if m.startswith("catalapy_gen_")]:
            del sys.modules[name]


def _run(argv: list[str]) -> tuple[int, str]:
    code, out, err = cli.run_captured(argv)
    return code, out + err


def check_pipeline(text: str, name: str, include: list[str] = ()) -> None:
    """Typecheck and interpret ``text`` saved as ``name``: exit 0, or 123 with a positioned error."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        Path(path).write_text(text, encoding="utf-8")
        flags = [a for d in include for a in ("-I", str(d))]
        with _isolated_generated_code():
            for command in ("typecheck", "interpret"):
                code, output = _run([command, path, *flags])
                assert code in (0, 123), f"{command} exited {code}:\n{output}"
                if code == 123:
                    assert _POSITION.search(output), f"{command}: error without position:\n{output}"
                if command == "typecheck" and code:
                    break


def _scaled(fraction: float) -> settings:
    """A share of the profile's examples (the policy files are long to compile)."""
    return settings(max_examples=max(5, int(settings.default.max_examples * fraction)))


# ---------------------------------------------------------------------------------------------------------------
# golden fixtures

@st.composite
def golden_mutants(draw):
    seed = draw(st.sampled_from(GOLDEN_SEEDS))
    return seed, draw(mutate(seed.read_text(encoding="utf-8"), _dialect(seed)))


@given(golden_mutants())
def test_mutated_golden_fixtures_never_crash(case):
    seed, text = case
    check_pipeline(text, seed.name, [seed.parent])


@pytest.mark.parametrize("seed", GOLDEN_SEEDS, ids=lambda p: p.name)
def test_golden_seeds_are_accepted_or_positioned(seed):
    check_pipeline(seed.read_text(encoding="utf-8"), seed.name, [seed.parent])


# ---------------------------------------------------------------------------------------------------------------
# policy files

@st.composite
def policy_mutants(draw):
    seed = draw(st.sampled_from(POLICY_SEEDS))
    return seed, draw(mutate(seed.read_text(encoding="utf-8"), "fr"))


@_scaled(0.5)
@given(policy_mutants())
def test_mutated_policy_never_crashes(case):
    seed, text = case
    check_pipeline(text, seed.name, [POLICY])


# ---------------------------------------------------------------------------------------------------------------
# small generated programs

_SCALARS = {
    "entier": ["0", "1", "42", "-3"],
    "décimal": ["0,5", "1,25", "10%"],
    "argent": ["0 €", "12,50 €", "1 000 €"],
    "booléen": ["vrai", "faux"],
    "date": ["|2024-01-31|", "|2000-02-29|"],
    "durée": ["3 jour", "2 mois", "1 an"],
}
_BINARY = {
    "entier": ["+", "-", "*"],
    "décimal": ["+", "-", "*"],
    "argent": ["+", "-"],
    "booléen": ["et", "ou", "ou bien"],
    "durée": ["+", "-"],
}


@st.composite
def expressions(draw, typ: str, env: dict, depth: int = 0) -> str:
    """A well-typed expression of ``typ`` over the variables of ``env`` (name -> type)."""
    choices = ["literal"]
    if [v for v, t in env.items() if t == typ]:
        choices += ["variable", "variable"]
    if depth < 2:
        choices += ["if"]
        if typ in _BINARY:
            choices += ["binary"]
        if typ == "booléen":
            choices += ["compare", "not"]
        if typ == "date":
            choices += ["shift"]
        if typ == "argent":
            choices += ["scale"]
    kind = draw(st.sampled_from(choices))
    sub = lambda t: draw(expressions(t, env, depth + 1))  # noqa: E731
    if kind == "literal":
        return draw(st.sampled_from(_SCALARS[typ]))
    if kind == "variable":
        return draw(st.sampled_from(sorted(v for v, t in env.items() if t == typ)))
    if kind == "if":
        return f"(si {sub('booléen')} alors {sub(typ)} sinon {sub(typ)})"
    if kind == "binary":
        return f"({sub(typ)} {draw(st.sampled_from(_BINARY[typ]))} {sub(typ)})"
    if kind == "not":
        return f"(non {sub('booléen')})"
    if kind == "shift":
        return f"({sub('date')} + {sub('durée')})"
    if kind == "scale":
        return f"({sub('argent')} * {sub('décimal')})"
    t = draw(st.sampled_from(["entier", "argent", "date", "décimal"]))
    return f"({sub(t)} {draw(st.sampled_from(['<', '<=', '=', '!=', '>']))} {sub(t)})"


@st.composite
def programs(draw) -> str:
    """A small valid program: a structure, an enumeration, a scope using them, a test scope calling it."""
    names = draw(st.lists(st.sampled_from(["a", "b", "c", "montant", "taux", "date_début", "durée_x", "ok"]),
                          min_size=1, max_size=4, unique=True))
    types = {n: draw(st.sampled_from(sorted(_SCALARS))) for n in names}
    inputs = [n for n in names if draw(st.booleans())]
    lines = ["```catala", "déclaration structure Paire:", "  donnée premier contenu entier",
             "  donnée second contenu booléen", "",
             "déclaration énumération Choix:", "  -- Rien", "  -- Quelque contenu entier", "",
             "déclaration champ d'application Calcul:"]
    for n in names:
        lines.append(f"  {'entrée' if n in inputs else 'résultat'} {n} contenu {types[n]}")
    lines += ["  résultat paire contenu Paire", "  résultat choix contenu Choix", "", "champ d'application Calcul:"]
    env = {n: types[n] for n in inputs}
    for n in names:
        if n in inputs:
            continue
        lines.append(f"  définition {n} égal à {draw(expressions(types[n], env))}")
        if draw(st.booleans()):
            cond = draw(expressions("booléen", env))
            lines.append(f"  exception définition {n} sous condition {cond} conséquence égal à "
                         f"{draw(expressions(types[n], env))}")
        env[n] = types[n]
    lines.append(f"  définition paire égal à Paire {{ -- premier: {draw(expressions('entier', env))} "
                 f"-- second: {draw(expressions('booléen', env))} }}")
    lines.append(f"  définition choix égal à si {draw(expressions('booléen', env))} alors Rien "
                 f"sinon Quelque contenu {draw(expressions('entier', env))}")
    lines.append(f"  assertion (selon choix sous forme -- Rien : vrai -- Quelque contenu n : n = n)")
    lines += ["", "#[test]", "déclaration champ d'application Test:", "  calcul champ d'application Calcul", "",
              "champ d'application Test:"]
    for n in inputs:
        lines.append(f"  définition calcul.{n} égal à {draw(expressions(types[n], {}))}")
    lines.append("```")
    return "\n".join(lines) + "\n"


@given(programs())
def test_generated_programs_never_crash(text):
    check_pipeline(text, "programme.catala_fr")


@given(programs().flatmap(lambda text: mutate(text, "fr")))
def test_mutated_generated_programs_never_crash(text):
    check_pipeline(text, "programme.catala_fr")


# ---------------------------------------------------------------------------------------------------------------
# regressions: crashes found by the properties above, each now a positioned error with the reference's message

REGRESSIONS = {
    # a toplevel function declared without `equals` in a non-external module: the generated Python called an
    # undefined name (NameError, exit 125); the reference says "No definition found for vat" at its type
    "global_without_definition": ("nodef.catala_en", """```catala
declaration vat content money
  depends on amount content money, rate content decimal

#[test]
declaration scope S:
  output x content money

scope S:
  definition x equals vat of $1, 2.0
```
""", "No definition found for vat", "nodef.catala_en:2.25-30"),
}


REGRESSIONS.update({
    # a chain of 250 additions (parsed by a loop) overflowed Python's recursion in the typer, and 220 made the
    # generated Python unimportable (too many nested parentheses): both ended in an internal error (exit 125)
    "long_sum": ("somme.catala_fr", "```catala\n#[test]\ndéclaration champ d'application S:\n"
                 "  résultat x contenu entier\nchamp d'application S:\n  définition x égal à "
                 + " + ".join(["1"] * 250) + "\n```\n", "Expression too deeply nested", "somme.catala_fr:6.23-"),
    # likewise a chain of 220 unary minus signs and of 250 conjunctions
    "long_negation": ("neg.catala_en", "```catala\n#[test]\ndeclaration scope S:\n  output x content integer\n"
                      "scope S:\n  definition x equals " + "- " * 220 + "1\n```\n",
                      "Expression too deeply nested", "neg.catala_en:6."),
    "long_conjunction": ("et.catala_fr", "```catala\n#[test]\ndéclaration champ d'application S:\n"
                         "  résultat x contenu booléen\nchamp d'application S:\n  définition x égal à "
                         + " et ".join(["vrai"] * 250) + "\n```\n", "Expression too deeply nested",
                         "et.catala_fr:6."),
})


def test_expressions_at_the_depth_limit_run():
    """A chain of 99 additions (depth 99 < 100) still compiles and runs: 99 × 1 = 99."""
    text = ("```catala\n#[test]\ndeclaration scope S:\n  output x content integer\nscope S:\n"
            "  definition x equals " + " + ".join(["1"] * 99) + "\n```\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "limit.catala_en")
        Path(path).write_text(text, encoding="utf-8")
        with _isolated_generated_code():
            code, output = _run(["interpret", path])
    assert code == 0, output
    assert "x = 99" in output, output


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_regression_is_a_positioned_error(case):
    name, text, message, position = REGRESSIONS[case]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        Path(path).write_text(text, encoding="utf-8")
        with _isolated_generated_code():
            for command in ("typecheck", "interpret"):
                code, output = _run([command, path])
                assert code == 123, output
                assert message in output, output
                assert position in output, output

"""The Catala Pygments lexer (catalapy/pygments_lexer.py): no Error token on real sources, right token types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Operator, String

from catalapy.pygments_lexer import CatalaLexer

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policy"
COMPILER_TESTS = ROOT / "tests" / "compiler"
FENCE = re.compile(r"^```(catala(?:-metadata)?)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)

LEXER = CatalaLexer()


def tokens(code: str) -> list[tuple[object, str]]:
    """Non-blank tokens of ``code``."""
    return [(kind, text) for kind, text in LEXER.get_tokens(code) if text.strip()]


def kind_of(code: str, text: str) -> object:
    """The token type of the token spelled ``text`` in ``code``."""
    matches = [kind for kind, value in tokens(code) if value == text]
    assert matches, f"no token {text!r} in {tokens(code)}"
    return matches[0]


def errors(code: str) -> list[tuple[int, str]]:
    """(line, text) of every Error token."""
    return [
        (code.count("\n", 0, offset) + 1, value)
        for offset, kind, value in LEXER.get_tokens_unprocessed(code)
        if kind in Error
    ]


# Snippets written for these tests: every construct of the keyword table, both dialects.
SNIPPETS_FR = [
    """#[test]
déclaration champ d'application Exemple:
  entrée demandeur contenu Personne
  contexte taux contenu décimal
  interne éligible condition
  résultat montant contenu argent
    état brut
    état net
  calcul champ d'application Plafond

champ d'application Exemple sous condition demandeur.revenus > 0 €:
  étiquette base définition montant état brut égal à 1 234,56 € *€ 5,5%
  exception base définition montant état brut sous condition éligible conséquence égal à 0 €
  règle éligible sous condition non (taux = 0,0) conséquence rempli
  règle éligible sous condition taux >. 1,0 conséquence non rempli
  définition calcul.base égal à 100 €
  date arrondi inférieur
  #[error.message = "montant négatif"]
  assertion montant état net >=€ 0 €
""",
    """déclaration structure Personne:
  donnée date_naissance contenu date
  donnée revenus contenu argent
  donnée enfants contenu liste de Personne
  donnée conjoint contenu optionnel de Personne
  condition handicapée

déclaration énumération Situation:
  -- Célibataire
  -- EnCouple contenu Personne

déclaration prorata contenu argent
  dépend de montant contenu argent, jours contenu entier
  égal à montant * (décimal de jours) / 365,0

déclaration identité contenu n'importe quel de type t
  dépend de x contenu n'importe quel de type t
  égal à x
""",
    """champ d'application Listes:
  définition résultats égal à
    soit l égal à [3; 1; -2] dans
    si l contient 2 ou bien (existe x parmi l tel que x > 2) alors
      nombre de (transforme chaque x parmi l tel que x > 1 en x - 1)
    sinon selon situation sous forme
      -- Célibataire : maximum de l ou si liste vide alors 0
      -- EnCouple contenu p : somme entier de l
      -- n'importe quel : 0
  définition tri égal à trie tout p parmi personnes par ordre croissant de p.âge puis p.nom
  définition tri2 égal à trie l par ordre décroissant
  définition acc égal à combine tout x parmi l dans acc initialement 0 avec acc +! x
  définition tous égal à pour tout x parmi l on a x >= 0 et vrai
  définition trouvé égal à contenu de x parmi l tel que x * x est minimum
  définition p2 égal à p mais en remplaçant { -- revenus: 10 € }
  définition r égal à résultat de Plafond avec { -- base: $1,000.5 }
  définition d égal à |2024-04-01| +@ 3 jour +@ 2 mois +@ 1 an -@ |2020-01-01|
  définition e égal à Présent contenu (entier de 2,5, arrondi de 3,5, argent de 12)
  définition f égal à Absent
  définition g égal à Date.Mois.Janvier
  définition h égal à x <=^ 3 jour ++ [faux] *^ 2 / 3 -^ 1 jour
""",
    "définition montant égal\n  à -0,30€ + 12€ + 37 % + 1 2 €  # groupes non vérifiés\n## une doc-string\n",
]
SNIPPETS_EN = [
    """#[test]
declaration scope Example:
  input person content Person
  context rate content decimal
  internal eligible condition
  output amount content money depends on x content integer, y content date
  output flag content boolean

scope Example under condition person.income >= $0:
  label base definition amount of x, y equals $1,234.56 *$ 5.5% +$ -$0.30
  exception base definition flag under condition not eligible consequence equals false
  rule eligible under condition rate <. 1.0 and true consequence fulfilled
  rule eligible under condition rate = 0.0 consequence not fulfilled
  date round down
  assertion (map each x among [1; 2] such that x > 1 to x * 2) = [4]
""",
    """declaration enumeration E:
  -- A
  -- B content (integer, code_location)

declaration f content anything of type t depends on x content list of optional of anything of type t
  equals
    let l equals x in
    match l with pattern
    -- A : for all y among l we have y with pattern Present
    -- anything : exists y among l such that number of l > 0 xor false
""",
    """scope Sorting:
  definition s equals sort l in increasing order
  definition t equals sort all p among people in decreasing order of p.age and then p.name
  definition u equals combine all x among l in acc initially 0 with acc + x
  definition v equals content of x among l such that x is maximum or if list empty then 0
  definition w equals output of Sub with { -- base: |2020-01-01| -@ 3 day + 2 month + 1 year }
  definition z equals p but replace { -- income: $ 12 } and round of (decimal of 1) / integer of 2
""",
]


@pytest.mark.parametrize("snippet", SNIPPETS_FR + SNIPPETS_EN)
def test_snippets_lex_without_error(snippet: str) -> None:
    assert errors(snippet) == []


def catala_files(folder: Path) -> list[Path]:
    """The Catala sources below ``folder`` (not the ``.expected`` outputs that sit beside fixtures)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.catala_*") if p.suffix in (".catala_fr", ".catala_en"))


def literate_sources() -> list[Path]:
    return catala_files(POLICY) + catala_files(COMPILER_TESTS)


def test_every_catala_block_of_policy_lexes_without_error() -> None:
    files = catala_files(POLICY)
    if not files:
        pytest.skip("policy/ holds no .catala_* file yet")
    blocks = [(path, match) for path in files for match in FENCE.finditer(path.read_text(encoding="utf-8"))]
    assert blocks, "policy/ has sources but no ```catala block"
    failures = []
    for path, match in blocks:
        first_line = match.string.count("\n", 0, match.start(2)) + 1
        for line, text in errors(match.group(2)):
            failures.append(f"{path.relative_to(ROOT)}:{first_line + line - 1}: {text!r}")
    assert failures == []


def test_every_compiler_fixture_lexes_without_error() -> None:
    files = catala_files(COMPILER_TESTS)
    if not files:
        pytest.skip("tests/compiler/ holds no .catala_* file yet")
    failures = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        # A whole literate file (prose and code) must lex cleanly too; fixtures that test *lexing errors*
        # of the compiler are excluded by name.
        if "lex" in path.stem and "error" in path.as_posix():
            continue
        failures += [f"{path.relative_to(ROOT)}:{line}: {value!r}" for line, value in errors(text)]
    assert failures == []


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("champ d'application S:", "champ d'application", Keyword.Declaration),
        ("définition x égal à 1", "égal à", Keyword),
        ("définition x sous condition c conséquence égal à 1", "sous condition", Keyword),
        ("déclaration f contenu entier dépend de x contenu entier", "dépend de", Keyword.Declaration),
        ("-- n'importe quel : 0", "n'importe quel", Keyword),
        ("declaration scope S:", "scope", Keyword.Declaration),
        ("output f content integer depends on x content integer", "depends on", Keyword.Declaration),
        ("definition x equals 1", "equals", Keyword),
        ("si a et b alors 1 sinon 2", "et", Operator.Word),
        ("a ou bien b", "ou bien", Operator.Word),
        ("donnée l contenu liste de entier", "liste de", Keyword.Type),
        ("donnée d contenu durée", "durée", Keyword.Type),
        ("définition x égal à vrai", "vrai", Keyword.Constant),
        ("définition x égal à 12 €", "12 €", Number),
        ("définition x égal à 1 234,56 €", "1 234,56 €", Number),
        ("definition x equals $1,234.56", "$1,234.56", Number),
        ("définition x égal à -0,30€", "-0,30€", Number),
        ("définition x égal à 3,14", "3,14", Number.Float),
        ("définition x égal à 5,5%", "5,5%", Number.Float),
        ("définition x égal à 65536", "65536", Number.Integer),
        ("définition x égal à |2020-01-01|", "|2020-01-01|", Literal.Date),
        ("définition x égal à 3 jour", "jour", Keyword.Constant),
        ("définition x égal à 3 jour", "3", Number.Integer),
        ("definition x equals 2 month", "month", Keyword.Constant),
        ("définition x égal à a +€ b", "+€", Operator),
        ("définition x égal à a *. b", "*.", Operator),
        ("définition x égal à a <=^ b", "<=^", Operator),
        ("définition x égal à a -@ b", "-@", Operator),
        ("définition x égal à a ++ b", "++", Operator),
        ("définition x égal à 1 # un commentaire", "# un commentaire", Comment.Single),
        ("#[test]\ndéclaration champ d'application T:", "test", Name.Decorator),
        ('#[error.message = "trop bas"]\nassertion x', '"trop bas"', String.Double),
        ('#[error.message = "trop bas"]\nassertion x', "error.message", Name.Decorator),
        ("champ d'application CalculIJ:", "CalculIJ", Name.Class),
        ("définition montant_journalier égal à 1", "montant_journalier", Name.Variable),
        ("définition x égal à Présent contenu 1", "Présent", Name.Builtin),
        ("## doc\ndéclaration x contenu entier égal à 1", "## doc", String.Doc),
    ],
)
def test_token_types(code: str, text: str, expected: object) -> None:
    assert kind_of(code, text) in expected


def test_multi_word_keywords_allow_newlines() -> None:
    # reference §2.1: any whitespace, newlines included, between the words of a multi-word keyword
    assert (Keyword, "égal\n    à") in tokens("définition x égal\n    à 1")
    assert (Keyword.Declaration, "champ  d'application") in tokens("champ  d'application S:")


def test_identifiers_starting_with_a_keyword_are_identifiers() -> None:
    # reference §2.1: longest match; `date_naissance`, `dette`, `l'année`, `entrée_x` are identifiers
    for name in ("date_naissance", "dette", "l'année", "entrée_x", "jours", "annee", "contenu2"):
        assert kind_of(f"définition {name} égal à 1", name) in Name.Variable, name


def test_longest_keyword_wins() -> None:
    assert (Keyword, "ou si liste vide") in tokens("maximum de l ou si liste vide alors 0")
    assert (Keyword, "and then") in tokens("in increasing order of a and then b")
    assert (Keyword, "par ordre croissant") in tokens("trie l par ordre croissant")


def test_typed_minus_before_a_money_literal_is_an_operator_then_money() -> None:
    assert tokens("a -€ 3 €") == [(Name.Variable, "a"), (Operator, "-€"), (Number, "3 €")]


def test_whole_literate_file_lexes_prose_as_text_and_blocks_as_code() -> None:
    source = (
        "# Article 1 | LEGIARTI000000000001\n\nLe montant est « fixé » à 12 € ; voir l'art. 2 ?\n\n"
        "> Usage de Parametres\n\n```catala\nchamp d'application S:\n  définition x égal à 12 €\n```\n"
        "```catala-test-cli\n$ catala test-scope S\n┌─[RESULT]─\n```\n"
    )
    found = tokens(source)
    assert errors(source) == []
    assert (Keyword.Declaration, "champ d'application") in found
    assert (Number, "12 €") in found
    assert not any(kind in Keyword for kind, text in found if "fixé" in text)


def test_registered_under_its_aliases_and_file_names() -> None:
    for alias in ("catala", "catala_fr", "catala_en"):
        assert isinstance(get_lexer_by_name(alias), CatalaLexer)
    assert isinstance(get_lexer_for_filename("policy/parametres.catala_fr"), CatalaLexer)
    assert isinstance(get_lexer_for_filename("x.catala_en"), CatalaLexer)


def test_a_character_foreign_to_catala_is_an_error() -> None:
    # the no-Error checks above can fail: `§` and a three-decimal money amount are not Catala
    assert errors("définition x égal à 1 § 2") == [(1, "§")]
    assert errors("définition x égal à 1,234 €") != []

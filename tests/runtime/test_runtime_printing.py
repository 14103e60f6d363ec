"""Reference-format printing of values and result boxes (reference §6.2).

Expected texts come from the reference test suite (file named beside each test) or from the worked
examples of reference.md §6.2; the Python values are built by hand from the Catala sources.
"""

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction as F

from hypothesis import given, strategies as st

from catalapy import runtime as rt
from catalapy.runtime import ABSENT, EN, FR, Decimal, Duration, Money, Option, Present


def test_integers():
    assert rt.format_integer(1234567, FR) == "1 234 567"
    assert rt.format_integer(-2000, EN) == "-2,000"
    assert rt.format_integer(0, EN) == "0"
    assert rt.format_integer(999, FR) == "999"


def test_decimals_from_suite():
    # tests/dec/good/simple.catala_en: 84.648665 → "84.648,665" (exactly six digits, no …)
    assert rt.format_decimal(F(84648665, 10**6), EN) == "84.648,665"
    assert rt.format_decimal(F(85), EN) == "85.0"
    # tests/dec/good/infinite_precision.catala_en
    assert rt.format_decimal(F("84.64866565265689623"), EN) == "84.648,665…"
    assert rt.format_decimal(-F("4.36829778705320654980"), EN) == "-4.368,297…"
    z = F("654265429805103220650980650.5705405106540")
    assert rt.format_decimal(z, EN) == "654,265,429,805,103,220,650,980,650.570,540…"
    x, y = F("84.64866565265689623"), -F("4.36829778705320654980")
    assert rt.format_decimal(x / (y * (x + y) * (x * x * z * z)), EN) == "-0.000,000…"
    # reference.md §6.2 table
    assert rt.format_decimal(F(1, 3), FR) == "0,333 333…"
    assert rt.format_decimal(F("1946.5744"), FR) == "1 946,574 4"
    assert rt.format_decimal(F(2, 3), EN) == "0.666,666…"
    assert rt.format_decimal(F(1, 7), EN) == "0.142,857…"
    assert rt.format_decimal(F(-1, 2), EN) == "-0.5"
    assert rt.format_decimal(F("1.04"), FR) == "1,04"


def test_money():
    # tests/money/good/literal_parsing_fr (0,30 € / -0,30 €) and §6.2 table
    assert rt.format_money(30, FR) == "0,30 €"
    assert rt.format_money(-30, FR) == "-0,30 €"
    assert rt.format_money(123450, FR) == "1 234,50 €"
    assert rt.format_money(-123450, EN) == "-$1,234.50"
    assert rt.format_money(0, EN) == "$0.00"


def test_durations():
    # tests/date/good: [11874 days], [6 months], [-13 days], [1 year, 13 months, -365 days]
    assert rt.format_duration(Duration(0, 0, 11874), EN) == "[11874 days]"
    assert rt.format_duration(Duration(0, 6, 0), EN) == "[6 months]"
    assert rt.format_duration(Duration(0, 0, -13), EN) == "[-13 days]"
    assert rt.format_duration(Duration(1, 13, -365), EN) == "[1 year, 13 months, -365 days]"
    assert rt.format_duration(Duration(0, 0, -1), EN) == "[-1 day]"
    assert rt.format_duration(Duration(), EN) == "[0 day]"
    assert rt.format_duration(Duration(1, 2, 3), FR) == "[1 an, 2 mois, 3 jours]"
    assert rt.format_duration(Duration(2, 0, 0), FR) == "[2 ans]"
    assert rt.format_duration(Duration(0, 0, 0), FR) == "[0 jour]"


def test_atoms():
    assert rt.format_value(date(24, 4, 1), date, "fr") == "|0024-04-01|"
    assert rt.format_value(True, bool, "fr") == "vrai"
    assert rt.format_value(None, None, "en") == "()"
    assert rt.format_value(len, Callable[[int], int], "en") == "<function>"
    pos = rt.SourcePosition("a.catala_en", 3, 4, 3, 9, ())
    assert rt.format_value(pos, rt.SourcePosition, "en") == "a.catala_en:3.4-9"


# --- the reference.md §6.2 worked examples -------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Personne:
    revenus: Money
    âge: int


@dataclass(frozen=True, slots=True)
class Foyer:
    membres: tuple[Personne, ...]
    aide: Option[Money]


class Situation:
    pass


@dataclass(frozen=True, slots=True)
class Célibataire(Situation):
    pass


@dataclass(frozen=True, slots=True)
class EnCouple(Situation):
    payload: int


Situation.__constructors__ = (Célibataire, EnCouple)


@dataclass(frozen=True, slots=True)
class Exemple:
    montant: Money
    taux: Decimal
    durée: Duration
    situation: Situation
    paire: tuple[Decimal, int]
    vide: tuple[int, ...]
    personne: Personne
    foyer: Foyer


def test_reference_example_fr():
    result = Exemple(
        montant=Money(123456), taux=F(1, 3), durée=Duration(1, 2, 3), situation=EnCouple(2),
        paire=(F(12), 44), vide=(), personne=Personne(Money(150000), 42),
        foyer=Foyer(membres=(Personne(Money(0), 7),), aide=Present(Money(12050))),
    )
    assert rt.format_scope_result("Exemple", result, "fr") == """\
┌─[RESULT]─ Exemple ─
│ montant = 1 234,56 €
│ taux = 0,333 333…
│ durée = [1 an, 2 mois, 3 jours]
│ situation = EnCouple contenu 2
│ paire = (12,0, 44)
│ vide = []
│ personne = Personne {
│              -- revenus: 1 500,00 €
│              -- âge: 42
│            }
│ foyer =
│   Foyer {
│     -- membres: [
│       Personne {
│         -- revenus: 0,00 €
│         -- âge: 7
│       };
│     ]
│     -- aide: Présent contenu 120,50 €
│   }
└─"""


@dataclass(frozen=True, slots=True)
class S:
    x: int


@dataclass(frozen=True, slots=True)
class SY:
    __catala_name__ = "S"
    x: int
    y: bool


@dataclass(frozen=True, slots=True)
class T:
    a: SY
    b: Money


@dataclass(frozen=True, slots=True)
class Example:
    amount: Money
    t: T
    l: tuple[int, ...]
    o: Option[S]
    p: tuple[S, int]


def test_reference_example_en():
    result = Example(Money(-123450), T(SY(0, False), Money(200)), (1, 2), Present(S(1)), (S(1), 2))
    assert rt.format_scope_result("Example", result, "en") == """\
┌─[RESULT]─ Example ─
│ amount = -$1,234.50
│ t = T {
│       -- a: S {
│         -- x: 0
│         -- y: false
│       }
│       -- b: $2.00
│     }
│ l = [
│       1;
│       2;
│     ]
│ o = Present content S {
│         -- x: 1
│       }
│ p = (S {
│        -- x: 1
│      }, 2)
└─"""


@dataclass(frozen=True, slots=True)
class Bools:
    x: tuple[bool, ...]


def test_break_rule_at_77_columns():
    # §6.2: a list of twelve `true` breaks ("│ x = [" + 12×"  true;" + "]" is 92 > 77), six do not
    six = rt.format_scope_result("B", Bools((True,) * 6), "en").split("\n")
    assert six[1] == "│ x = ["
    twelve = rt.format_scope_result("B", Bools((True,) * 12), "en").split("\n")
    assert twelve[1:3] == ["│ x =", "│   ["]
    assert twelve[3] == "│     true;"


# --- tests/stdlib/multilang.catala_fr (FR printing of structures from an EN module) ------------

class Month(enum.Enum):
    January = "January"
    June = "June"
    December = "December"


class Mois(enum.Enum):
    Janvier = "Janvier"


@dataclass(frozen=True, slots=True)
class MonthYear:
    year_number: int
    month_name: Month


@dataclass(frozen=True, slots=True)
class MoisAnnee:
    __catala_name__ = "MoisAnnée"
    nom_mois: Mois
    annee: int = field(metadata={"catala": "année"})


@dataclass(frozen=True, slots=True)
class Tunit:
    my1: MonthYear
    my2: MonthYear
    my3: MonthYear


@dataclass(frozen=True, slots=True)
class MultilangS:
    __catala_name__ = "S"
    my: Tunit
    ma: MoisAnnee


def test_multilang_fr():
    result = MultilangS(
        Tunit(MonthYear(2000, Month.January), MonthYear(2010, Month.June), MonthYear(2020, Month.December)),
        MoisAnnee(Mois.Janvier, 2000),
    )
    assert rt.format_scope_result("S", result, "fr") == """\
┌─[RESULT]─ S ─
│ my =
│   Tunit {
│     -- my1: MonthYear {
│       -- year_number: 2 000
│       -- month_name: January
│     }
│     -- my2: MonthYear {
│       -- year_number: 2 010
│       -- month_name: June
│     }
│     -- my3: MonthYear {
│       -- year_number: 2 020
│       -- month_name: December
│     }
│   }
│ ma = MoisAnnée {
│        -- nom_mois: Janvier
│        -- année: 2 000
│      }
└─"""


# --- tests/typing/good/option.catala_en, tests/array/good/find.catala_en -------------------------

@dataclass(frozen=True, slots=True)
class S2:
    o: Option[tuple[Option[bool], ...]]


def test_option_of_list():
    assert rt.format_scope_result("S2", S2(Present((Present(True), Present(True)))), "en") == """\
┌─[RESULT]─ S2 ─
│ o = Present content [
│         Present content true;
│         Present content true;
│       ]
└─"""


@dataclass(frozen=True, slots=True)
class Find:
    o1: Option[tuple[Money, Decimal]]
    o2: Option[int]


def test_option_of_tuple_and_absent():
    out = rt.format_scope_result("S", Find(Present((Money(1200), F(12, 10))), ABSENT), "en")
    assert out.split("\n")[1:3] == ["│ o1 = Present content ($12.00, 1.2)", "│ o2 = Absent"]


@dataclass(frozen=True, slots=True)
class Nothing:
    pass


def test_no_output():
    assert rt.format_scope_result("A", Nothing(), "en") == "┌─[RESULT]─ A ─\n│ Computation successful!\n└─"


# --- tests/modules/good/prorata_syntax.catala_en --------------------------------------------------

@dataclass(frozen=True, slots=True)
class HouseholdMember:
    birthdate: date
    revenue: Money


@dataclass(frozen=True, slots=True)
class HouseholdMemberTaxed:
    member: HouseholdMember
    tax: Money


@dataclass(frozen=True, slots=True)
class Prorata:
    __catala_name__ = "S"
    result: tuple[HouseholdMemberTaxed, ...]


def test_list_of_nested_structs():
    members = ((date(2000, 1, 1), 1000000, 27027), (date(2000, 1, 2), 100000, 2703),
               (date(2000, 1, 2), 10000, 270))
    value = Prorata(tuple(HouseholdMemberTaxed(HouseholdMember(d, Money(r)), Money(t)) for d, r, t in members))
    assert rt.format_scope_result("S", value, "en") == """\
┌─[RESULT]─ S ─
│ result =
│   [
│     HouseholdMemberTaxed {
│       -- member: HouseholdMember {
│         -- birthdate: |2000-01-01|
│         -- revenue: $10,000.00
│       }
│       -- tax: $270.27
│     };
│     HouseholdMemberTaxed {
│       -- member: HouseholdMember {
│         -- birthdate: |2000-01-02|
│         -- revenue: $1,000.00
│       }
│       -- tax: $27.03
│     };
│     HouseholdMemberTaxed {
│       -- member: HouseholdMember {
│         -- birthdate: |2000-01-02|
│         -- revenue: $100.00
│       }
│       -- tax: $2.70
│     };
│   ]
└─"""


# --- properties: printed numbers parse back -------------------------------------------------------

def parse_integer(text, lang):
    return int(text.replace(lang.group_separator, ""))


def parse_money(text, lang):
    negative = text.startswith("-")
    body = text.lstrip("-").removeprefix(lang.money_prefix).removesuffix(lang.money_suffix)
    units, cents = body.split(lang.decimal_separator)
    value = int(units.replace(lang.group_separator, "")) * 100 + int(cents)
    return -value if negative else value


def parse_decimal(text, lang):
    """(value of the printed digits, whether `…` marks a truncation)."""
    truncated = text.endswith("…")
    text = text.removesuffix("…")
    negative = text.startswith("-")
    whole, fraction = text.lstrip("-").split(lang.decimal_separator)
    digits = fraction.replace(lang.fraction_group_separator, "")
    value = int(whole.replace(lang.group_separator, "")) + F(int(digits), 10 ** len(digits))
    return (-value if negative else value), truncated, digits


langs = st.sampled_from([FR, EN])


@given(st.integers(), langs)
def test_integer_round_trip(i, lang):
    text = rt.format_integer(i, lang)
    assert parse_integer(text, lang) == i
    assert re.fullmatch(r"-?\d{1,3}(" + re.escape(lang.group_separator) + r"\d{3})*", text)


@given(st.integers(min_value=-10**15, max_value=10**15), langs)
def test_money_round_trip(m, lang):
    assert parse_money(rt.format_money(m, lang), lang) == m


@given(st.fractions(max_denominator=10**9), langs)
def test_decimal_round_trip(q, lang):
    value, truncated, digits = parse_decimal(rt.format_decimal(q, lang), lang)
    assert 1 <= len(digits) <= 6
    if truncated:
        # truncation toward zero at 6 digits: the printed value is within 10^-6 of q, closer to 0
        assert len(digits) == 6 and abs(value) < abs(q) < abs(value) + F(1, 10**6)
    else:
        assert value == q
        assert len(digits) == 1 or not digits.endswith("0")

"""Per-dialect data for printing values (reference §6.2): one `Lang` record per dialect, no code."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Lang", "FR", "EN", "PL", "LANGS", "get_lang"]


@dataclass(frozen=True, slots=True)
class Lang:
    code: str
    true: str
    false: str
    content: str  # enum payload keyword: `Cas contenu 3`
    present: str  # constructors of `optionnel`
    absent: str
    group_separator: str  # thousands separator of integers, money and integer parts of decimals
    decimal_separator: str
    fraction_group_separator: str  # between groups of 3 fractional digits of decimals
    money_prefix: str
    money_suffix: str
    year_units: tuple[str, str]  # (singular, plural)
    month_units: tuple[str, str]
    day_units: tuple[str, str]


FR = Lang(
    code="fr", true="vrai", false="faux", content="contenu", present="Présent", absent="Absent",
    group_separator=" ", decimal_separator=",", fraction_group_separator=" ",
    money_prefix="", money_suffix=" €",
    year_units=("an", "ans"), month_units=("mois", "mois"), day_units=("jour", "jours"),
)

EN = Lang(
    code="en", true="true", false="false", content="content", present="Present", absent="Absent",
    group_separator=",", decimal_separator=".", fraction_group_separator=",",
    money_prefix="$", money_suffix="",
    year_units=("year", "years"), month_units=("month", "months"), day_units=("day", "days"),
)

# As the reference's runtime prints Polish (ASCII "falsz", "miesiac", "dzien"; units never pluralised).
PL = Lang(
    code="pl", true="prawda", false="falsz", content="typu", present="Obecny", absent="Nieobecny",
    group_separator=",", decimal_separator=".", fraction_group_separator=",",
    money_prefix="", money_suffix=" PLN",
    year_units=("rok", "rok"), month_units=("miesiac", "miesiac"), day_units=("dzien", "dzien"),
)

LANGS = {"fr": FR, "en": EN, "pl": PL}


def get_lang(lang: Lang | str) -> Lang:
    """Accept a `Lang` or its code ("fr", "en", "pl", also the file suffixes "catala_fr", ...)."""
    if isinstance(lang, Lang):
        return lang
    return LANGS[lang.removeprefix("catala_")]

"""`Période` (FR) external module: implementation of period_fr.catala_fr."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import ABSENT, Duration, Option, Present
from . import _calendar as cal
from .date_fr import Mois

__all__ = ["Période", "depuis_mois_et_année", "depuis_année", "valide", "durée", "sont_adjacentes",
           "union", "intersection", "chevauche", "englobe", "est_contenue", "est_avant", "est_après",
           "trouve_période", "tri_par_date", "divise_par_mois", "divise_par_année"]


@dataclass(frozen=True, slots=True)
class Période:
    début: date
    fin: date  # incluse


def depuis_mois_et_année(pmois: Mois, pannée: int) -> Période:
    start = cal.of_year_month_day(cal.NO_POSITION, pannée, cal.month_number(pmois), 1)
    return Période(start, cal.last_day_of_month(start))


def depuis_année(pannée: int) -> Période:
    return Période(cal.of_year_month_day(cal.NO_POSITION, pannée, 1, 1),
                   cal.of_year_month_day(cal.NO_POSITION, pannée, 12, 31))


def valide(p: Période) -> bool:
    return cal.period_is_valid(p.début, p.fin)


def durée(p: Période) -> Duration:
    return cal.period_duration(p.début, p.fin)


def sont_adjacentes(p1: Période, p2: Période) -> bool:
    return p2.début.toordinal() - p1.fin.toordinal() == 1


def union(p1: Période, p2: Période) -> Période:
    return Période(cal.earliest(p1.début, p2.début), cal.latest(p1.fin, p2.fin))


def intersection(p1: Période, p2: Période) -> Option[Période]:
    inter = Période(cal.latest(p1.début, p2.début), cal.earliest(p1.fin, p2.fin))
    return Present(inter) if valide(inter) else ABSENT


def chevauche(p1: Période, p2: Période) -> bool:
    return isinstance(intersection(p1, p2), Present)


def englobe(longue: Période, courte: Période) -> bool:
    return longue.début <= courte.début and courte.fin <= longue.fin


def est_contenue(p: Période, d: date) -> bool:
    return p.début <= d <= p.fin


def est_avant(p: Période, d: date) -> bool:
    return d < p.début


def est_après(p: Période, d: date) -> bool:
    return d > p.fin


def trouve_période(l: tuple[Période, ...], d: date) -> Option[Période]:
    return cal.find_first(l, lambda p: est_contenue(p, d))


def tri_par_date(l: tuple) -> tuple:
    """Stable sort of (Période, value) pairs by start date."""
    return tuple(sorted(l, key=lambda pair: pair[0].début))


def divise_par_mois(p: Période) -> tuple[Période, ...]:
    return tuple(Période(a, b) for a, b in cal.split_by_month(p.début, p.fin))


def divise_par_année(mois_de_départ: Mois, p: Période) -> tuple[Période, ...]:
    return tuple(Période(a, b) for a, b in cal.split_by_year(cal.month_number(mois_de_départ), p.début, p.fin))

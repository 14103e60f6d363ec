"""`MoisAnnée` (FR) external module: implementation of monthyear_fr.catala_fr."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import _calendar as cal
from .date_fr import Mois

__all__ = ["MoisAnnée", "depuis_date", "premier_jour_du_mois", "dernier_jour_du_mois",
           "est_avant_le_mois", "est_après_le_mois", "est_dans_le_mois",
           "est_avant_ou_pendant_le_mois", "est_pendant_ou_après_le_mois"]


@dataclass(frozen=True, slots=True)
class MoisAnnée:
    nom_mois: Mois
    année: int


def depuis_date(d: date) -> MoisAnnée:
    return MoisAnnée(cal.month_of_number(Mois, cal.NO_POSITION, d.month), d.year)


def premier_jour_du_mois(m: MoisAnnée) -> date:
    return cal.of_year_month_day(cal.NO_POSITION, m.année, cal.month_number(m.nom_mois), 1)


def dernier_jour_du_mois(m: MoisAnnée) -> date:
    return cal.last_day_of_month(premier_jour_du_mois(m))


def est_avant_le_mois(m: MoisAnnée, d: date) -> bool:
    return d < premier_jour_du_mois(m)


def est_après_le_mois(m: MoisAnnée, d: date) -> bool:
    return d > dernier_jour_du_mois(m)


def est_avant_ou_pendant_le_mois(m: MoisAnnée, d: date) -> bool:
    return d <= dernier_jour_du_mois(m)


def est_pendant_ou_après_le_mois(m: MoisAnnée, d: date) -> bool:
    return d >= premier_jour_du_mois(m)


def est_dans_le_mois(m: MoisAnnée, d: date) -> bool:
    return est_avant_ou_pendant_le_mois(m, d) and est_pendant_ou_après_le_mois(m, d)

"""`Date` (FR) external module: implementation of date_fr.catala_fr."""

from __future__ import annotations

import enum
from datetime import date

from .. import DateRounding, Duration, SourcePosition
from . import _calendar as cal

__all__ = [
    "min", "max", "ajout_arrondi_inférieur", "ajout_arrondi_supérieur",
    "soustraction_arrondi_inférieur", "soustraction_arrondi_supérieur", "depuis_année_mois_jour",
    "vers_année_mois_jour", "accès_année", "accès_mois", "accès_jour", "premier_jour_du_mois",
    "dernier_jour_du_mois", "premier_jour_de_l_année", "dernier_jour_de_l_année", "Mois",
    "mois_vers_entier", "entier_vers_mois", "est_assez_âgé_arrondi_inférieur",
    "est_assez_âgé_arrondi_supérieur", "est_assez_jeune_arrondi_inférieur",
    "est_assez_jeune_arrondi_supérieur", "Jour_de_la_semaine", "jour_de_la_semaine",
]


class Mois(enum.Enum):
    Janvier = "Janvier"
    Février = "Février"
    Mars = "Mars"
    Avril = "Avril"
    Mai = "Mai"
    Juin = "Juin"
    Juillet = "Juillet"
    Août = "Août"
    Septembre = "Septembre"
    Octobre = "Octobre"
    Novembre = "Novembre"
    Décembre = "Décembre"


class Jour_de_la_semaine(enum.Enum):
    Lundi = "Lundi"
    Mardi = "Mardi"
    Mercredi = "Mercredi"
    Jeudi = "Jeudi"
    Vendredi = "Vendredi"
    Samedi = "Samedi"
    Dimanche = "Dimanche"


cal.register_months(Mois)

min = cal.earliest
max = cal.latest
ajout_arrondi_inférieur = cal.add_round_down
ajout_arrondi_supérieur = cal.add_round_up
soustraction_arrondi_inférieur = cal.sub_round_down
soustraction_arrondi_supérieur = cal.sub_round_up
depuis_année_mois_jour = cal.of_year_month_day
vers_année_mois_jour = cal.to_year_month_day
accès_année = cal.get_year
accès_mois = cal.get_month
accès_jour = cal.get_day
premier_jour_du_mois = cal.first_day_of_month
dernier_jour_du_mois = cal.last_day_of_month
premier_jour_de_l_année = cal.first_day_of_year
dernier_jour_de_l_année = cal.last_day_of_year
mois_vers_entier = cal.month_number


def entier_vers_mois(pos: SourcePosition, i: int) -> Mois:
    return cal.month_of_number(Mois, pos, i)


def est_assez_âgé_arrondi_inférieur(date_de_naissance: date, âge: Duration, à_date: date) -> bool:
    return cal.is_old_enough(date_de_naissance, âge, à_date, DateRounding.DOWN)


def est_assez_âgé_arrondi_supérieur(date_de_naissance: date, âge: Duration, à_date: date) -> bool:
    return cal.is_old_enough(date_de_naissance, âge, à_date, DateRounding.UP)


def est_assez_jeune_arrondi_inférieur(date_de_naissance: date, âge: Duration, à_date: date) -> bool:
    return not cal.is_old_enough(date_de_naissance, âge, à_date, DateRounding.DOWN)


def est_assez_jeune_arrondi_supérieur(date_de_naissance: date, âge: Duration, à_date: date) -> bool:
    return not cal.is_old_enough(date_de_naissance, âge, à_date, DateRounding.UP)


def jour_de_la_semaine(date_donnée: date) -> Jour_de_la_semaine:
    return cal.day_of_week(Jour_de_la_semaine, date_donnée)

"""`Argent` (FR) external module: implementation of money_fr.catala_fr."""

from . import _numbers as n

__all__ = ["min", "max", "plafond", "plancher", "positif", "troncature", "arrondi_par_excès",
           "arrondi_par_défaut", "arrondi_à_la_décimale", "somme", "en_excès", "en_défaut"]

min = n.minimum
max = n.maximum
plafond = n.cap
plancher = n.floor_at
positif = n.positive
troncature = n.money_truncate
arrondi_par_excès = n.money_ceil
arrondi_par_défaut = n.money_floor
arrondi_à_la_décimale = n.money_round_to
somme = n.money_sum
en_excès = n.in_excess
en_défaut = n.in_default

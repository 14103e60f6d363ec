"""`Décimal` (FR) external module: implementation of decimal_fr.catala_fr."""

from . import _numbers as n

__all__ = ["min", "max", "plafond", "plancher", "positif", "troncature", "arrondi_par_excès",
           "arrondi_par_défaut", "arrondi_à_la_décimale", "somme"]

min = n.decimal_minimum
max = n.decimal_maximum
plafond = n.cap
plancher = n.floor_at
positif = n.positive
troncature = n.decimal_truncate
arrondi_par_excès = n.decimal_ceil
arrondi_par_défaut = n.decimal_floor
arrondi_à_la_décimale = n.decimal_round_to
somme = n.decimal_sum

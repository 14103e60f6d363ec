"""`Entier` (FR) external module: implementation of integer_fr.catala_fr."""

from . import _numbers as n

__all__ = ["min", "max", "plafond", "plancher", "positif", "somme"]

min = n.minimum
max = n.maximum
plafond = n.cap
plancher = n.floor_at
positif = n.positive
somme = n.int_sum

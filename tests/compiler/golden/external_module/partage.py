"""Implementation of the external module Partage (partage.catala_fr), written for this fixture: values are the
runtime's (money in cents as int, integers as int), names are the Catala ones."""
from catalapy.runtime import Money


def part_égale(total: Money, personnes: int) -> Money:
    """The share of each of `personnes` people, rounded down to the cent."""
    return Money(total // personnes)


premier_rang = 1

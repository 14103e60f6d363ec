"""`Liste` (FR) external module: implementation of list_fr.catala_fr."""

from . import _numbers as n

__all__ = ["séquence", "nième_élément", "premier_élément", "dernier_élément", "retire_nième_élément",
           "retire_premier_élément", "retire_dernier_élément", "inverse"]

séquence = n.sequence
nième_élément = n.nth_element
premier_élément = n.first_element
dernier_élément = n.last_element
retire_nième_élément = n.remove_nth_element
retire_premier_élément = n.remove_first_element
retire_dernier_élément = n.remove_last_element
inverse = n.reverse

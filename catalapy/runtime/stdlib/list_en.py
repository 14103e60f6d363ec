"""`List` (EN) external module: implementation of list_en.catala_en."""

from . import _numbers as n

__all__ = ["sequence", "nth_element", "first_element", "last_element", "remove_nth_element",
           "remove_first_element", "remove_last_element", "reverse"]

sequence = n.sequence
nth_element = n.nth_element
first_element = n.first_element
last_element = n.last_element
remove_nth_element = n.remove_nth_element
remove_first_element = n.remove_first_element
remove_last_element = n.remove_last_element
reverse = n.reverse

"""`Durée` (FR) external module: implementation of duration_fr.catala_fr."""

from .. import Duration, SourcePosition
from . import _numbers as n

__all__ = ["positif", "somme"]

#: where `positif` reports an uncomparable duration: its declaration in the interface file
POSITIF_POSITION = SourcePosition("catalapy/stdlib/duration_fr.catala_fr", 9, 13, 9, 20, ("Durée",))


def positif(d: Duration) -> Duration:
    return n.duration_positive(d, POSITIF_POSITION)


somme = n.duration_sum

"""Structural equality and ordering (reference §3.5)."""

import enum
from dataclasses import dataclass
from datetime import date
from fractions import Fraction as F

import pytest

from catalapy import runtime as rt
from catalapy.runtime import ABSENT, Duration as D, Present

P = rt.SourcePosition("f.catala_fr", 2, 3, 2, 4, ())


@dataclass(frozen=True, slots=True)
class Personne:
    âge: int
    nom: int


class Couleur(enum.Enum):
    Rouge = "Rouge"
    Vert = "Vert"


class Situation:
    """A payload enum in the generated-code shape."""


@dataclass(frozen=True, slots=True)
class Célibataire(Situation):
    pass


@dataclass(frozen=True, slots=True)
class EnCouple(Situation):
    payload: int


Situation.__constructors__ = (Célibataire, EnCouple)


def test_scalars_and_booleans():
    assert rt.compare(False, True, P) == -1
    assert rt.compare(F(1, 3), F(1, 3), P) == 0
    assert rt.compare(date(2024, 1, 2), date(2024, 1, 1), P) == 1


def test_lists_lexicographic_prefix_smaller():
    assert rt.compare((1, 2), (1, 2, 0), P) == -1
    assert rt.compare((1, 3), (1, 2, 9), P) == 1
    assert rt.compare((), (), P) == 0


def test_structs_field_by_field():
    assert rt.less(Personne(30, 2), Personne(30, 3), P)
    assert rt.greater(Personne(31, 0), Personne(30, 9), P)


def test_enums_by_constructor_order_then_payload():
    assert rt.less(Couleur.Rouge, Couleur.Vert, P)
    assert rt.less(Célibataire(), EnCouple(0), P)
    assert rt.less(EnCouple(1), EnCouple(2), P)
    assert rt.equal(EnCouple(2), EnCouple(2), P)
    assert not rt.equal(Célibataire(), EnCouple(2), P)


def test_optionals_absent_smaller():
    assert rt.less(ABSENT, Present(0), P)
    assert rt.compare(Present(3), Present(2), P) == 1
    assert rt.equal(ABSENT, ABSENT, P)


def test_durations_inside_structures_use_duration_rules():
    assert rt.equal((D(1, 0, 0),), (D(0, 12, 0),), P)  # 1 an = 12 mois, also inside a list
    with pytest.raises(rt.UncomparableDurations):
        rt.compare(Present(D(0, 1, 0)), Present(D(0, 0, 30)), P)

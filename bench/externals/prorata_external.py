"""Python implementation of the external module ``Prorata_external`` that the reference suite declares in
``tests/modules/good/prorata_external.catala_en`` (used by ``external_use`` and ``prorata_syntax``), written for
catalapy from the two comments of that declaration; `bench/conformance.py` passes this folder with ``-I``.

Both functions share ``amount`` among ``weights`` (money, in cents) in proportion, each share rounded to the cent
as Catala rounds ``money × decimal``:

- ``prorata`` "cumulates all rounding errors to the last element": every share is ``amount × w / Σw`` and the
  last one also receives ``amount − Σshares``;
- ``prorata2`` "distributes errors along the way": each share is taken from what remains, ``rest × w / Σw_rest``,
  so that the rounding of one share is spread over the next ones.
"""
from __future__ import annotations

from fractions import Fraction

from catalapy.runtime import Money, mul_money_decimal


def prorata(amount: Money, weights: tuple[Money, ...]) -> tuple[Money, ...]:
    total = sum(weights)
    shares = [mul_money_decimal(amount, Fraction(w, total)) for w in weights]
    shares[-1] = Money(shares[-1] + amount - sum(shares))
    return tuple(shares)


def prorata2(amount: Money, weights: tuple[Money, ...]) -> tuple[Money, ...]:
    remaining_weight = sum(weights)
    remaining = amount
    shares = []
    for w in weights:
        share = mul_money_decimal(remaining, Fraction(w, remaining_weight))
        remaining_weight -= w
        remaining = Money(remaining - share)
        shares.append(share)
    return tuple(shares)

"""Money: the one precision rule of the package.

Money is an amount in the currency's main unit (yuan, euro) that is a whole number of its
minor unit, the cent: :data:`MONEY_DECIMALS` (2) decimals. Four cases, one rule each:

Stored
    Every amount the package reads or makes is whole cents before it is kept: the reader of
    sources (:mod:`kamtools.ingest`), the sample book and :func:`kamtools.schema.conform`
    take it to the nearest cent (:func:`round_cents`); the store holds it as
    :data:`MONEY_SQL_TYPE`; CSV exports therefore show at most two decimals.
Summed
    Sums and differences of stored amounts are exact in cents: added as whole cents
    (:func:`to_cents`, then :func:`from_cents`) in Python, as decimals in SQL, never left
    with the noise of adding floating-point numbers.
Computed
    An amount a rule makes from money (a provision rate, a collection target share, a
    worklist weight or a share of a write-off times an amount) is rounded to the cent half
    up, as commercial rounding does (:func:`half_up`, :func:`round_half_up`).
Compared
    Amounts derived only to be ranked or held against a threshold (segments: wallet headroom
    x margin rate, selling hours x cost per hour, profit) are not rounded to cents, which
    would make a book kept in a larger unit (every amount x 0.001) tie where the original
    does not. They are kept at :data:`MONEY_DIGITS` (12) significant digits of the book's
    largest amount (:func:`book_decimals`, :func:`snap`): the noise of the adding order goes,
    every real difference stays. While the largest amount is below 10**10 that is cents or
    finer: amounts a cent apart stay apart, and a sum of stored amounts, its noise removed,
    is the float of its exact sum in cents, so this case and *Summed* agree on a book in
    cents (``tests/test_money.py``).

How many decimals a page shows is a choice of display (:mod:`kamtools.output.formats`: money
in report tables in whole units, in Excel to the cent), never the precision of a number. A
business rule that rounds money, such as ``credit.limit.rounding`` (recommended limits
rounded to the nearest 1,000), is policy, not precision. The SQL files cannot import this module:
they write cents as ``* 100`` / ``decimal(18, 2)`` and the significant digits as ``11 =
MONEY_DIGITS - 1`` (``segments_rfm.sql``), and ``tests/test_money.py`` holds them to it.

Examples
--------
>>> float(pd.Series([0.1, 0.2]).sum())               # float noise
0.30000000000000004
>>> float(from_cents(to_cents(pd.Series([0.1, 0.2])).sum()))
0.3
>>> round_cents(np.array([12.3456, 0.125, 0.375])).tolist()  # typed third decimals
[12.35, 0.12, 0.38]
>>> half_up(np.array([12.5, 13.5, 0.4999999999])).tolist()    # computed cents
[13, 14, 1]
>>> round_half_up(pd.Series([0.015, 1000.005, None])).tolist()
[0.02, 1000.01, nan]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CENTS",
    "MONEY_DECIMALS",
    "MONEY_DIGITS",
    "MONEY_SQL_TYPE",
    "book_decimals",
    "from_cents",
    "half_up",
    "round_cents",
    "round_half_up",
    "snap",
    "to_cents",
]

#: Decimals of money: amounts are whole cents.
MONEY_DECIMALS = 2
#: Cents in one unit of the currency.
CENTS = 10**MONEY_DECIMALS
#: How the store keeps money: exact decimals, whole cents.
MONEY_SQL_TYPE = f"DECIMAL(18,{MONEY_DECIMALS})"
#: Significant digits of the book's largest amount at which derived amounts are compared (see :func:`snap`).
MONEY_DIGITS = 12


# --------------------------------------------------------------------------- stored and summed
def round_cents(amounts: Any) -> Any:
    """Amounts (a number, an array, a Series or a DataFrame) to the nearest cent.

    For amounts that should already be whole cents: an input, a generated amount, a sum of
    stored amounts. A value exactly halfway (a typed ``0.125``) goes to the even cent, as
    numpy rounds; money a rule computes is rounded with :func:`round_half_up` instead.
    """
    return np.round(amounts, MONEY_DECIMALS)


def to_cents(amounts: Any) -> np.ndarray:
    """Amounts that are whole cents as whole cents (int64), free of float noise; add these."""
    return np.rint(np.asarray(amounts, dtype="float64") * CENTS).astype("int64")


def from_cents(cents: Any) -> Any:
    """Cents (a number, an array, a Series or a DataFrame) back to amounts of money (float64)."""
    return cents / float(CENTS)


# --------------------------------------------------------------------------- computed
def half_up(cents: Any) -> np.ndarray:
    """Fractional cents (a rate times whole cents) to whole cents (int64), a half cent up.

    A tolerance of 1e-9 cent takes a product that float arithmetic left just below a half
    (``0.015 * 100``) as the half it stands for. A half goes up, to the larger cent.
    """
    return np.floor(np.asarray(cents, dtype="float64") + 0.5 + 1e-9).astype("int64")


def round_half_up(amounts: Any) -> np.ndarray:
    """Amounts of money a rule computed (a share of an amount) to the cent, a half cent up
    (float64; a missing amount stays NaN): :func:`half_up` in the currency's unit."""
    return np.floor(np.asarray(amounts, dtype="float64") * CENTS + 0.5 + 1e-9) / float(CENTS)


# --------------------------------------------------------------------------- compared
def book_decimals(*amounts: object) -> int | None:
    """Decimals that keep :data:`MONEY_DIGITS` significant digits of the largest amount.

    ``None`` when there is no amount other than zero. The precision is relative to the
    book, never a fixed number of decimals, so a book in thousandths of a currency unit
    keeps every amount as exactly as one in cents or in thousands.

    >>> book_decimals(pd.Series([12.5, -3_000.0])), book_decimals([0.0042]), book_decimals([0.0])
    (8, 14, None)
    """
    largest = 0.0
    for a in amounts:
        v = np.abs(np.asarray(a, dtype="float64"))
        v = v[np.isfinite(v)]
        if v.size:
            largest = max(largest, float(v.max()))
    if largest == 0.0:
        return None
    return int(np.clip(MONEY_DIGITS - 1 - math.floor(math.log10(largest)), -300, 300))


def snap(amounts: pd.Series, decimals: int | None) -> pd.Series:
    """Money rounded to ``decimals`` (from :func:`book_decimals`): the nearest double of
    the rounded decimal, so sums that differ only by the noise of adding in another order
    become the same number, while every real difference between amounts stays.

    Ranks and thresholds use these values: rounding to a fixed number of decimals (cents)
    would make small amounts tie after the book is scaled down, which a precision relative
    to the book's largest amount cannot.

    >>> s = pd.Series([0.1 + 0.2, 0.3, 1e-4])
    >>> snap(s, book_decimals(s)).tolist() == [0.3, 0.3, 1e-4]
    True
    """
    x = amounts.astype("float64")
    if decimals is None:
        return x + 0.0
    if decimals >= 0:
        scale = 10.0**decimals
        return np.rint(x * scale) / scale + 0.0  # + 0.0 turns -0.0 into 0.0
    scale = 10.0**-decimals
    return np.rint(x / scale) * scale + 0.0

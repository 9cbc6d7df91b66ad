"""The one money precision rule (kamtools.money) and the places that cannot import it."""

from __future__ import annotations

import hypothesis.strategies as hs
import numpy as np
import pandas as pd
from hypothesis import given, settings

from kamtools import facts, schema
from kamtools.money import (
    CENTS,
    MONEY_DECIMALS,
    MONEY_DIGITS,
    MONEY_SQL_TYPE,
    book_decimals,
    from_cents,
    half_up,
    round_cents,
    round_half_up,
    snap,
    to_cents,
)


def test_the_sql_files_use_the_rule():
    """SQL cannot import the constants: each file writes them out, and must write the same."""
    rfm = facts.sql_text("segments_rfm")
    assert f"magnitude <= {MONEY_DIGITS - 1}" in rfm
    assert f"power(10, {MONEY_DIGITS - 1} - magnitude)" in rfm and f"power(10, magnitude - {MONEY_DIGITS - 1})" in rfm
    for name in ("receivables_aging", "receivables_open_due", "receivables_origin_year"):
        assert f"cast(open_amount * {CENTS} as bigint)" in facts.sql_text(name), name
    assert f"decimal(18, {MONEY_DECIMALS})" in facts.sql_text("receivables_settle")
    assert schema.SQL_TYPES["money"] == MONEY_SQL_TYPE == f"DECIMAL(18,{MONEY_DECIMALS})"


def test_cents_round_trip_and_rounding_modes():
    amounts = pd.Series([0.1, 0.2, 1234.56, -7.05])
    assert to_cents(amounts).tolist() == [10, 20, 123456, -705]
    assert from_cents(to_cents(amounts)).tolist() == amounts.tolist()
    # stored amounts: the nearest cent; a typed half cent goes to the even cent (as the reader of sources does)
    assert round_cents(pd.Series([0.125, 0.135, 12.3456])).tolist() == [0.12, 0.14, 12.35]
    # computed amounts: a half cent up, also when float arithmetic leaves it just below
    assert half_up(np.array([0.5, 1.5, 2.4999999999, 2.49])).tolist() == [1, 2, 3, 2]
    assert round_half_up([0.125, 0.135, 0.015, 2.675]).tolist() == [0.13, 0.14, 0.02, 2.68]


@settings(max_examples=50, deadline=None)
@given(
    hs.lists(hs.lists(hs.integers(min_value=0, max_value=3 * 10**10), min_size=1, max_size=30), min_size=1, max_size=6),
    hs.randoms(use_true_random=False),
)
def test_compared_agrees_with_summed_on_a_book_in_cents(groups, rnd):
    """On a book in cents below 10**10 (here: sums of up to 30 amounts of at most 3 x 10**8), the
    precision of the Compared case keeps the cents, and a float sum in any order snaps to its
    exact sum in cents: the segments and the receivables see the same amounts."""
    sums = []
    for cents in groups:
        order = list(cents)
        rnd.shuffle(order)
        sums.append(sum(c / CENTS for c in order))  # float sums, in some row order
    floats = pd.Series(sums, dtype="float64")
    exact = from_cents(pd.Series([sum(c) for c in groups], dtype="int64"))
    decimals = book_decimals(floats)
    if decimals is None:
        assert (exact == 0).all()
        return
    assert decimals >= MONEY_DECIMALS
    assert snap(floats, decimals).tolist() == exact.tolist()

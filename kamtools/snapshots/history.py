"""A realistic history of snapshots for the sample book (``kam sample``): the snapshot of each of the last
months, each computed from the book as it was then.

The book's dated tables (invoices, statements, assessments, approvals, overrides) already say what was
known at each month's end; its undated attributes do not. So some customers are given earlier values of
them: a relationship reached a higher level or turned (better or worse) some months ago, an
attractiveness was re-assessed, a wallet estimate revised. Each month's snapshot is then computed with
the attributes of then, and the last month's is exactly the snapshot of today's book (what
`kam snapshot` stores for it), so the history meets the current data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..periods import check_period, months_before, period_end, period_of
from ..schema import ATTRACTIVENESS, RELATIONSHIP_LEVELS, conform
from ..store import KamData
from .compute import snapshot

__all__ = ["earlier_customers", "sample_history"]

#: Share of customers whose relationship level, state, attractiveness or wallet estimate changed in the window.
CHANGED = {"relationship_level": 0.20, "relationship_state": 0.12, "attractiveness": 0.08, "wallet_estimate": 0.15}
#: The state a relationship had before it became this one (moved up), and before it turned worse.
_STATE_UP = {"partnership": "cooperative", "strategic_alliance": "partnership", "cooperative": "transactional"}
_STATE_DOWN = {"strained": "cooperative", "transactional": "cooperative", "cooperative": "partnership"}


def _step(values: pd.Series, order: tuple[str, ...], up: np.ndarray) -> pd.Series:
    """The neighbour of each value in ``order`` (best first): one step worse where ``up`` (it improved since),
    one step better elsewhere; ``none`` and empty stay."""
    rank = values.map({v: i for i, v in enumerate(order)})
    last = len(order) - 2  # the last real value before "none"
    moved = (rank + np.where(up, 1, -1)).clip(0, last)
    out = pd.Series(np.array(order, dtype=object)[moved.fillna(0).astype(int)], index=values.index)
    return out.where(rank.notna() & (values != "none"), values)


def earlier_customers(customers: pd.DataFrame, months: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The earlier value of each changed attribute (``customers``' columns, NaN/None where it did not change)
    and the months ago each change took effect (0: no change), drawn from ``seed``."""
    rng = np.random.default_rng([seed, 20261207])
    n = len(customers)
    before = pd.DataFrame(index=customers.index)
    since = pd.DataFrame(index=customers.index)
    for col, share in CHANGED.items():
        if col not in customers.columns:
            continue
        hit = rng.random(n) < share
        ago = rng.integers(1, max(2, months), n)
        up = rng.random(n) < 0.7  # more relationships deepened than soured
        cur = customers[col]
        if col == "relationship_level":
            old = _step(cur.astype("object"), RELATIONSHIP_LEVELS, up)
        elif col == "relationship_state":
            old = pd.Series(np.where(up, cur.map(_STATE_UP), cur.map(_STATE_DOWN)), index=cur.index, dtype="object")
        elif col == "attractiveness":
            old = _step(cur.astype("object"), (*ATTRACTIVENESS, "none"), ~up)
        else:
            old = (cur * rng.uniform(0.6, 1.4, n)).round(-3).clip(lower=1000)
        hit &= old.notna().to_numpy() & (old != cur).to_numpy()
        before[col] = old.where(hit)
        since[col] = np.where(hit, ago, 0)
    return before, since


def _customers_then(customers: pd.DataFrame, before: pd.DataFrame, since: pd.DataFrame, ago: int) -> pd.DataFrame:
    """The customers table ``ago`` months before the last month: an attribute whose change took effect
    later than that (fewer months before the last month) has its earlier value."""
    out = customers.copy()
    for col in before.columns:
        older = ((since[col] > 0) & (since[col] < ago)).to_numpy()
        out[col] = out[col].astype("object").where(~older, before[col]).astype(customers[col].dtype)
    return out


def sample_history(
    data: KamData, last: str, months: int = 24, seed: int = 7, policy: Any = None, *, end: dt.date | None = None
) -> pd.DataFrame:
    """The snapshots of the ``months`` months up to period ``last`` (YYYY-MM) of ``data`` (a book of
    DataFrames, such as :func:`kamtools.sample_data`'s), each stored, as a report would, on the first
    day after its month (the last one on ``end``, the book's last day, when that comes first).

    >>> import kamtools as kt
    >>> book = kt.sample_data(customers=30, years=2, seed=1)
    >>> snaps = sample_history(book, "2026-10", months=3, seed=1)
    >>> sorted(snaps["period"].unique()), len(snaps)
    (['2026-08', '2026-09', '2026-10'], 90)
    """
    check_period(last)
    customers = data.customers
    cust = customers.set_index(customers["customer_id"].astype("str"), drop=False)
    before, since = earlier_customers(cust, months, seed)
    tables = {name: data.table(name) for name in data.tables if name != "snapshots"}
    last_day = pd.Timestamp(period_end(last))
    rows = []
    for ago in range(months - 1, -1, -1):
        period = period_of(months_before(last_day, ago))
        then = _customers_then(cust, before, since, ago).reset_index(drop=True)
        written = period_end(period) + dt.timedelta(days=1)
        if end is not None:
            written = min(written, end)
        rows.append(snapshot(KamData({**tables, "customers": then}), period, policy, written_on=written))
    return conform(pd.concat(rows, ignore_index=True), "snapshots")

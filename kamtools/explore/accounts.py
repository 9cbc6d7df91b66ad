"""The book at a date for the explorers: one row per account, filters and customer search.

Pure functions and data (no widgets): :func:`snapshot` computes everything the explorers
show about the book on one date, :func:`account_table` its table of accounts,
:func:`filter_accounts` and :func:`search_customers` select from it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import credit, receivables
from .. import segments as seg
from ..periods import AsOf, as_date
from ..store import KamData
from ._common import _policy

#: The value of a filter that keeps everything (shown as "(all)").
ALL = ""
#: Filters of :func:`filter_accounts`: keyword → column of :func:`account_table`.
FILTERS: dict[str, str] = {
    "region": "region",
    "account_manager": "account_manager",
    "industry": "industry",
    "tier": "tier",
    "grade": "grade",
    "stage": "stage",
}
#: Columns of :func:`account_table`, in order.
TABLE_COLUMNS = [
    "name",
    "industry",
    "region",
    "account_manager",
    "tier",
    "rank",
    "grade",
    "score",
    "stage",
    "revenue_12m",
    "margin_12m",
    "margin_rate",
    "open_receivables",
    "overdue",
    "max_days_past_due",
    "approved_limit",
    "exposure",
    "utilization",
    "recommended_limit",
]


# ============================================================================ the book at a date
@dataclass
class Snapshot:
    """Everything the explorers show about the book on one date, computed once.

    ``table`` is :func:`account_table`; the others are the results of
    :func:`kamtools.credit.score`, :func:`~kamtools.credit.limits`,
    :func:`kamtools.segments.pyramid`, :func:`~kamtools.segments.lifecycle`,
    :func:`~kamtools.segments.status`, :func:`~kamtools.segments.value_matrix` and
    :func:`kamtools.receivables.aging` for that date and policy.
    """

    as_of: dt.date
    policy: dict
    scores: pd.DataFrame
    limits: pd.DataFrame
    pyramid: pd.DataFrame
    lifecycle: pd.DataFrame
    status: pd.DataFrame
    value_matrix: pd.DataFrame
    aging: pd.DataFrame
    table: pd.DataFrame


def snapshot(data: KamData, as_of: AsOf, policy: Any = None) -> Snapshot:
    """Compute the :class:`Snapshot` of ``data`` on ``as_of`` under ``policy``.

    >>> import kamtools as kt
    >>> snap = snapshot(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> len(snap.table) == len(snap.scores) == 30
    True
    """
    pol = _policy(policy)
    day = as_date(as_of)
    sc = credit.score(data, day, pol)
    lim = credit.limits(data, day, pol, scores=sc)
    pyr = seg.pyramid(data, day, pol)
    lc = seg.lifecycle(data, day, pol)
    stat = seg.status(data, day, pol)
    vm = seg.value_matrix(data, day, pol)
    ag = receivables.aging(data, day, pol["receivables"]["buckets"])
    return Snapshot(day, pol, sc, lim, pyr, lc, stat, vm, ag, _table(data, sc, lim, pyr, lc))


def _table(data: KamData, sc: pd.DataFrame, lim: pd.DataFrame, pyr: pd.DataFrame, lc: pd.DataFrame) -> pd.DataFrame:
    cust = data.customers.copy()
    cust["customer_id"] = cust["customer_id"].astype("str")
    cust = cust.set_index("customer_id")
    idx = pd.Index(sorted(cust.index), name="customer_id", dtype="str")
    p = pyr.reindex(idx)
    out = pd.DataFrame(index=idx)
    for col in ("name", "industry", "region", "account_manager"):
        out[col] = (
            cust[col].reindex(idx).astype("str") if col in cust.columns else pd.Series(pd.NA, index=idx, dtype="str")
        )
    out["tier"] = p["tier"].astype("str")
    out["rank"] = p["rank"].astype("Int64")
    out["grade"] = sc["grade"].reindex(idx).astype("str")
    out["score"] = sc["score"].reindex(idx).astype(float)
    out["stage"] = lc["stage"].reindex(idx).astype("str")
    out["revenue_12m"] = p["revenue_12m"].astype(float)
    out["margin_12m"] = p["margin_12m"].astype(float)
    rev = out["revenue_12m"]
    out["margin_rate"] = (out["margin_12m"] / rev.where(rev > 0)).astype(float)
    li = lim.reindex(idx)
    for col in ("open_receivables", "overdue", "approved_limit", "exposure", "utilization", "recommended_limit"):
        out[col] = li[col].astype(float)
    out["max_days_past_due"] = li["max_days_past_due"].astype("int64")
    order = pd.DataFrame({"r": out["revenue_12m"].to_numpy(), "id": idx.to_numpy()}, index=idx)
    out = out.loc[order.sort_values(["r", "id"], ascending=[False, True], kind="mergesort").index]
    return out[TABLE_COLUMNS]


def account_table(data: KamData, as_of: AsOf, policy: Any = None) -> pd.DataFrame:
    """One row per customer: who, tier, grade, lifecycle stage, value and receivables.

    Parameters
    ----------
    data
        The book.
    as_of
        The date of the state (e.g. the last day of the report month).
    policy
        Policy path, mapping or None (defaults).

    Returns
    -------
    DataFrame indexed by ``customer_id``, largest revenue first (ties by id): ``name``,
    ``industry``, ``region``, ``account_manager``; ``tier`` and ``rank`` of the
    key-account pyramid (:func:`kamtools.segments.pyramid`); credit ``grade`` and
    ``score`` (:func:`kamtools.credit.score`); lifecycle ``stage``
    (:func:`kamtools.segments.lifecycle`); ``revenue_12m``, ``margin_12m`` and
    ``margin_rate`` of the trailing 12 months; ``open_receivables``, ``overdue``
    and ``max_days_past_due``; ``approved_limit``, ``exposure``, ``utilization`` and
    ``recommended_limit`` (:func:`kamtools.credit.limits`). Leads are not customers
    and are not listed.

    Examples
    --------
    >>> import kamtools as kt
    >>> t = account_table(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> t.index.name, bool(t["revenue_12m"].is_monotonic_decreasing)
    ('customer_id', True)
    """
    return snapshot(data, as_of, policy).table


def filter_accounts(table: pd.DataFrame, **filters: Any) -> pd.DataFrame:
    """The rows of an :func:`account_table` that match every filter given.

    Each filter (``region``, ``account_manager``, ``industry``, ``tier``, ``grade``,
    ``stage``) takes one value or a list of values; None, ``""`` (:data:`ALL`) or
    an empty list keeps every row. The order of the rows is kept.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"region": ["East", "West", "East"], "tier": ["key", "key", "ordinary"]},
    ...                  index=["C1", "C2", "C3"])
    >>> list(filter_accounts(t, region="East", tier="key").index)
    ['C1']
    >>> list(filter_accounts(t, tier=["key", "ordinary"], region="").index)
    ['C1', 'C2', 'C3']
    >>> filter_accounts(t, teir="key")
    Traceback (most recent call last):
    ...
    TypeError: unknown filter 'teir' (filters: region, account_manager, industry, tier, grade, stage)
    """
    keep = pd.Series(True, index=table.index)
    for name, value in filters.items():
        if name not in FILTERS:
            raise TypeError(f"unknown filter {name!r} (filters: {', '.join(FILTERS)})")
        if value is None or (isinstance(value, str) and value == ALL):
            continue
        values = [value] if isinstance(value, str) or not isinstance(value, Iterable) else list(value)
        values = [str(v) for v in values if v is not None and v != ALL]
        if not values:
            continue
        col = FILTERS[name]
        if col not in table.columns:
            raise KeyError(f"the table has no column {col!r} to filter by {name}")
        keep &= table[col].astype("str").isin(values).fillna(False).astype(bool)
    return table[keep.to_numpy()].copy()


def _search_keys(table: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Normalized (NFKC, case-folded) customer ids and names, for :func:`search_customers`."""
    ids = pd.Series(table.index.astype("str"), index=table.index, dtype="str")
    names = (
        table["name"].astype("str").fillna("")
        if "name" in table.columns
        else pd.Series("", index=table.index, dtype="str")
    )
    return (ids.str.normalize("NFKC").str.casefold(), names.str.normalize("NFKC").str.casefold())


def search_customers(
    table: pd.DataFrame, text: str, *, limit: int | None = None, keys: tuple[pd.Series, pd.Series] | None = None
) -> pd.DataFrame:
    """The customers whose id or name contains ``text``, best matches first.

    Matching ignores case and width (full-width ``ＡＢＣ`` matches ``abc``), so Latin and
    Chinese names are found alike; several words must all match (in the id or the
    name). An exact id comes first, then ids and names starting with the text, then
    the others in the table's order. Empty text returns the table.

    Parameters
    ----------
    table
        An :func:`account_table` (index ``customer_id``, column ``name``).
    text
        What to look for.
    limit
        Return at most this many rows.
    keys
        Precomputed search keys (internal: lets an explorer search large books quickly).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["珠海宏达机电贸易有限公司", "Union Packaging Ltd", "Acme"]},
    ...                  index=pd.Index(["C1", "C2", "C12"], name="customer_id"))
    >>> list(search_customers(t, "宏达").index), list(search_customers(t, "PACKAGING").index)
    (['C1'], ['C2'])
    >>> list(search_customers(t, "c1").index)
    ['C1', 'C12']
    """
    text = (text or "").strip()
    if not text:
        return table.head(limit).copy() if limit is not None else table.copy()
    ids, names = keys if keys is not None else _search_keys(table)
    needle = unicodedata.normalize("NFKC", text).casefold()
    hit = pd.Series(True, index=table.index)
    for word in needle.split():
        hit &= ids.str.contains(word, regex=False) | names.str.contains(word, regex=False)
    hit = hit.to_numpy(dtype=bool)
    rank = np.select(
        [(ids == needle).to_numpy(), ids.str.startswith(needle).to_numpy(), names.str.startswith(needle).to_numpy()],
        [0, 1, 2],
        3,
    )
    pos = np.flatnonzero(hit)
    order = pos[np.lexsort((pos, rank[pos]))]
    if limit is not None:
        order = order[:limit]
    return table.iloc[order].copy()

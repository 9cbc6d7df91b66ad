"""Silent debtors: an open balance, but no invoice, payment or activity lately."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..periods import as_date
from ..policy import load_policy
from ..store import KamData
from ._common import _customers, _data, _last_dates
from .buckets import aging


def _months_between(earlier: pd.Series, later: dt.date) -> pd.Series:
    """Whole months from ``earlier`` to ``later`` (NaN where earlier is missing)."""
    e = pd.to_datetime(earlier)
    months = (later.year - e.dt.year) * 12 + (later.month - e.dt.month) - (e.dt.day > later.day).astype("Int64")
    return months.astype("Float64").astype("float64")


def silent_debtors(
    data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None, *, aged: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Debtors who have gone silent: an open balance, but no invoice, payment or activity lately.

    A customer is silent when it has open receivables at ``as_of`` and its latest
    invoice, payment and activity (selling activities, when the table is present)
    are all on or before ``as_of`` minus ``receivables.silent_months`` months.

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name).
    as_of
        Date of the list.
    policy
        Policy (None: defaults).
    aged
        The :func:`aging` frame at ``as_of``, when already computed.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, largest balance first: ``name``,
        ``account_manager``, ``total``, ``overdue``, ``max_days_past_due``,
        ``last_invoice``, ``last_payment``, ``last_activity``, ``last_sign``
        (the latest of the three) and ``months_silent`` (whole months since then).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> s = silent_debtors(data, "2026-10-31")
    >>> bool((s["months_silent"] >= 6).all())
    True
    """
    as_of = as_date(as_of)
    src = _data(data)
    months = int(load_policy(policy)["receivables"]["silent_months"])
    ag = aged if aged is not None else aging(src, as_of)
    owing = ag[ag["total"] > 0]
    last = _last_dates(src, as_of).reindex(owing.index)
    sign = last[["last_invoice", "last_payment", "last_activity"]].max(axis=1)
    cutoff = pd.Timestamp(as_of) - pd.DateOffset(months=months)
    silent = sign.isna() | (sign <= cutoff)
    cust = _customers(src)
    out = pd.DataFrame(index=owing.index[silent.to_numpy()])
    out["name"] = cust["name"].reindex(out.index).astype("str")
    out["account_manager"] = cust["account_manager"].reindex(out.index).astype("str")
    for col in ("total", "overdue", "max_days_past_due"):
        out[col] = owing.loc[out.index, col]
    for col in ("last_invoice", "last_payment", "last_activity"):
        out[col] = last.loc[out.index, col].astype("datetime64[us]")
    out["last_sign"] = sign.loc[out.index].astype("datetime64[us]")
    out["months_silent"] = _months_between(out["last_sign"], as_of)
    return out.sort_values(["total"], ascending=False, kind="mergesort")

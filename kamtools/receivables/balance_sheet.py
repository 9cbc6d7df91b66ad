"""Our receivables against our own balance sheet (material 003: receivables are commonly 30–40 %
of a company's assets): the share of our total assets they take, from the company's own figures in
the policy (``receivables.company``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..money import from_cents, to_cents
from ..periods import as_date
from ..policy import load_policy
from ..store import KamData
from ._common import _data
from .buckets import aging

#: Columns of :func:`own_balance_sheet`, in order.
BALANCE_SHEET_COLUMNS: tuple[str, ...] = (
    "period_end",
    "receivables",
    "our_total_assets",
    "receivables_share_of_assets",
    "typical_share_low",
    "typical_share_high",
    "typical_position",
    "our_revenue",
    "receivables_to_revenue_days",
)


def _figures(policy: Any) -> list[dict]:
    """The company's figures of the policy, oldest first, each with its ``period_end`` as a date."""
    figures = load_policy(policy)["receivables"]["company"]["financials"]
    out = [{**f, "period_end": dt.date.fromisoformat(f["period_end"])} for f in figures]
    return sorted(out, key=lambda f: f["period_end"])


def own_balance_sheet_reason(as_of: Any, policy: Any = None) -> str | None:
    """Why :func:`own_balance_sheet` has nothing to show at ``as_of`` (None when it has).

    >>> own_balance_sheet_reason("2026-10-31", {"receivables": {"company": {"financials": []}}})
    'not configured'
    >>> own_balance_sheet_reason("2020-01-31") is None, own_balance_sheet_reason("2026-10-31") is None
    (False, True)
    """
    figures = _figures(policy)
    if not figures:
        return "not configured"
    if figures[0]["period_end"] > as_date(as_of):
        return "dated after the report"
    return None


def own_balance_sheet(
    data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None, *, aged: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Open receivables as a share of our own total assets, at each balance-sheet date of the policy
    on or before ``as_of`` and at ``as_of`` itself (against the latest of those figures).

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name) with invoices and payments.
    as_of
        The report's date.
    policy
        Its ``receivables.company.financials`` give our total assets (and revenue) per date, its
        ``typical_share`` the range the material calls typical (30–40 %).
    aged
        The :func:`aging` frame at ``as_of``, when already computed.

    Returns
    -------
    DataFrame
        Indexed by ``date`` (each balance-sheet date, then ``as_of`` when it is none of them), with the
        columns of :data:`BALANCE_SHEET_COLUMNS`: the figures' ``period_end``, open ``receivables`` at
        that date, ``our_total_assets``, ``receivables_share_of_assets``, the typical range and where
        the share stands against it (``typical_position``: below, within, above), ``our_revenue`` and
        ``receivables_to_revenue_days`` (receivables / revenue × 365; NaN without revenue). Empty when
        the policy holds no figures dated on or before ``as_of`` (:func:`own_balance_sheet_reason`).

    Examples
    --------
    >>> inv = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "invoice_date": ["2026-09-01"],
    ...     "due_date": ["2026-09-30"], "amount": [350.0], "cost": [0.0]})
    >>> pol = {"receivables": {"company": {"financials": [{"period_end": "2025-12-31", "total_assets": 1000,
    ...     "revenue": 3650}]}}}
    >>> r = own_balance_sheet({"invoices": inv}, "2026-10-31", pol)
    >>> [f"{d:%Y-%m-%d}" for d in r.index], r["receivables"].tolist(), r["receivables_share_of_assets"].tolist()
    (['2025-12-31', '2026-10-31'], [0.0, 350.0], [0.0, 0.35])
    >>> r["typical_position"].tolist(), r["receivables_to_revenue_days"].tolist()
    (['below', 'within'], [0.0, 35.0])
    """
    as_of = as_date(as_of)
    pol = load_policy(policy)
    figures = [f for f in _figures(pol) if f["period_end"] <= as_of]
    typical = pol["receivables"]["company"]["typical_share"]
    dates = [f["period_end"] for f in figures] + ([as_of] if figures and figures[-1]["period_end"] != as_of else [])
    src = _data(data)
    rows = []
    for date in dates:  # a handful of balance-sheet dates, each aged in the store
        ag = aged if (aged is not None and date == as_of) else aging(src, date, pol["receivables"]["buckets"])
        fig = [f for f in figures if f["period_end"] <= date][-1]
        rows.append((date, fig["period_end"], from_cents(int(to_cents(ag["total"]).sum())), fig))
    return _shares(rows, float(typical["low"]), float(typical["high"]))


def _shares(rows: list, low: float, high: float) -> pd.DataFrame:
    """The frame of :func:`own_balance_sheet` from (date, period_end, receivables, figures) rows."""
    index = pd.Index([pd.Timestamp(r[0]) for r in rows], name="date", dtype="datetime64[us]")
    out = pd.DataFrame(index=index)
    out["period_end"] = pd.to_datetime([r[1] for r in rows]).astype("datetime64[us]")
    out["receivables"] = np.array([r[2] for r in rows], dtype="float64")
    out["our_total_assets"] = np.array([float(r[3]["total_assets"]) for r in rows], dtype="float64")
    out["receivables_share_of_assets"] = out["receivables"] / out["our_total_assets"]
    out["typical_share_low"], out["typical_share_high"] = low, high
    share = out["receivables_share_of_assets"]
    out["typical_position"] = pd.Series(
        np.where(share < low, "below", np.where(share > high, "above", "within")), index=index, dtype="str"
    )
    revenue = [np.nan if r[3]["revenue"] is None else float(r[3]["revenue"]) for r in rows]
    out["our_revenue"] = np.array(revenue, dtype="float64")
    days = out["receivables"] / out["our_revenue"].where(out["our_revenue"] > 0) * 365
    out["receivables_to_revenue_days"] = days.astype("float64")
    return out[list(BALANCE_SHEET_COLUMNS)]


__all__ = ["BALANCE_SHEET_COLUMNS", "own_balance_sheet", "own_balance_sheet_reason"]

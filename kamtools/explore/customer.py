"""One customer for the account card: monthly trend, ledger, activities and the card's data.

Pure functions (no widgets); the trend, ledger and activities are read from the store with SQL.
"""

from __future__ import annotations

import pandas as pd

from .. import receivables
from ..periods import AsOf, as_date, period_bounds
from ..store import KamData
from .accounts import Snapshot


# ============================================================================ one customer
def customer_monthly(data: KamData, customer_id: str, period: str, months: int = 24) -> pd.DataFrame:
    """Invoiced (net of credit notes), margin and collected amounts of one customer per month,
    for ``months`` months up to ``period`` (SQL in the store); months without documents are zero.

    >>> import kamtools as kt
    >>> m = customer_monthly(kt.sample_data(customers=20, years=1, seed=1), "C000001", "2026-10", 3)
    >>> list(m.columns), len(m)
    (['invoiced', 'margin', 'collected'], 3)
    """
    start, end = period_bounds(period)
    first = (pd.Timestamp(start) - pd.DateOffset(months=months - 1)).date()
    inv = data.sql(
        "select strftime(date_trunc('month', invoice_date), '%Y-%m') as month, sum(amount) as invoiced, "
        "sum(amount - coalesce(cost, 0)) as margin from invoices "
        "where customer_id = $cid and invoice_date between $first and $end group by 1",
        {"cid": str(customer_id), "first": first, "end": end},
    )
    pay = data.sql(
        "select strftime(date_trunc('month', payment_date), '%Y-%m') as month, sum(amount) as collected "
        "from payments where customer_id = $cid and payment_date between $first and $end group by 1",
        {"cid": str(customer_id), "first": first, "end": end},
    )
    idx = pd.Index([str(pd.Period(first, freq="M") + k) for k in range(months)], name="month")
    out = pd.DataFrame(index=idx)
    out["invoiced"] = inv.set_index("month")["invoiced"].astype(float).reindex(idx).fillna(0.0)
    out["margin"] = inv.set_index("month")["margin"].astype(float).reindex(idx).fillna(0.0)
    out["collected"] = pay.set_index("month")["collected"].astype(float).reindex(idx).fillna(0.0)
    return out


def customer_ledger(data: KamData, customer_id: str, as_of: AsOf) -> receivables.Ledger:
    """The receivables ledger of one customer on ``as_of`` (:func:`kamtools.receivables.settle`
    on its own invoices and payments, read from the store)."""
    day = as_date(as_of)
    inv = data.sql(
        "select * from invoices where customer_id = $cid and invoice_date <= $d", {"cid": str(customer_id), "d": day}
    )
    pay = data.sql(
        "select * from payments where customer_id = $cid and payment_date <= $d", {"cid": str(customer_id), "d": day}
    )
    return receivables.settle(inv, pay, day)


def customer_activities(data: KamData, customer_id: str, as_of: AsOf, n: int = 15) -> pd.DataFrame:
    """The latest ``n`` activities of one customer on or before ``as_of``, newest first."""
    if not data.has("activities"):
        return pd.DataFrame(columns=["date", "type", "account_manager", "hours"])
    df = data.sql(
        "select * from activities where customer_id = $cid and date <= $d "
        "order by date desc, activity_id desc limit $n",
        {"cid": str(customer_id), "d": as_date(as_of), "n": int(n)},
    )
    return df.drop(columns=["customer_id"]).set_index("activity_id")


# ============================================================================ the account card's data
def card_profile(data: KamData, snap: Snapshot, customer_id: str) -> dict:
    """Who the customer is: its row of the customers table, tier, rank, stage, 12-month value and status."""
    cid = customer_id
    row = snap.table.loc[cid]
    cust = data.customers
    raw = cust[cust["customer_id"].astype("str") == cid].iloc[0]
    prof = {"customer_id": cid}
    for col in cust.columns:
        if col != "customer_id":
            prof[col] = raw[col]
    for col in ("tier", "rank", "stage", "revenue_12m", "margin_12m", "margin_rate"):
        prof[col] = row[col]
    prof["status"] = snap.status["status"].get(cid, pd.NA)
    return prof


def card_credit(snap: Snapshot, customer_id: str) -> dict:
    """The customer's credit: score and grade, approved and recommended limit, exposure."""
    sc = snap.scores.loc[customer_id]
    lim = snap.limits.loc[customer_id]
    return {
        "score": sc["score"],
        "grade": sc["grade"],
        "previous_grade": sc["previous_grade"],
        "grade_move": sc["grade_move"],
        "assessed_on": sc["assessed_on"],
        "top_losses": sc["top_losses"],
        "missing_items": sc["missing_items"],
        "approved_limit": lim["approved_limit"],
        "approved_by": lim["approved_by"],
        "recommended_limit": lim["recommended_limit"],
        "limit_change": lim["limit_change"],
        "approval_level": lim["approval_level"],
        "exposure": lim["exposure"],
        "utilization": lim["utilization"],
        "overlimit": lim["overlimit"],
        "review_reasons": lim["review_reasons"],
    }


def card_aging(snap: Snapshot, customer_id: str) -> pd.Series:
    """The customer's receivables by age (zero in every bucket when it owes nothing)."""
    if customer_id in snap.aging.index:
        return snap.aging.loc[customer_id]
    buckets = receivables.bucket_names(snap.policy["receivables"]["buckets"])
    return pd.Series(0.0, index=[*buckets, "total", "overdue"])


def card_strategy(snap: Snapshot, customer_id: str) -> pd.DataFrame:
    """The customer's segment and strategy in each classification (pyramid, lifecycle, status, value matrix)."""
    cid = customer_id
    pyr = snap.pyramid.loc[cid]
    lc = snap.lifecycle.loc[cid]
    stat = snap.status.loc[cid]
    parts = [
        ("pyramid tier", pyr["tier"], pyr["strategy"]),
        ("lifecycle stage", lc["stage"], lc["strategy"]),
        ("status", stat["status"], stat["strategy"]),
    ]
    if cid in snap.value_matrix.index:
        vm = snap.value_matrix.loc[cid]
        parts.append(("value matrix", vm["quadrant"], vm["strategy"]))
    return pd.DataFrame(parts, columns=["aspect", "segment", "strategy"]).set_index("aspect")

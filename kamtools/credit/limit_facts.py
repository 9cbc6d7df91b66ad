"""What the limit rules need to know of each customer, read from the book at one date.

:func:`limit_facts` gathers, one row per customer: the limit in force (the latest approval, or an
analyst's override in force that replaces it: :mod:`kamtools.credit.limit_in_force`) and its collateral, exposure against it (open receivables by the one definition of
:mod:`kamtools.receivables`, open orders, unapplied credit), arrears past the hold days
and the bad-debt provision (``provision``, with ``provision_basis``: each aging bucket's amount at its
rate), the payment record of the last 12 month ends, purchases of the
window (SQL ``credit_purchases``), payment terms and the latest financial statement. :func:`kamtools.credit.limit_rules.recommend`
turns them into the recommended limit.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import facts, receivables
from ..money import from_cents, to_cents
from ..store import KamData
from ._common import _customer_index, _div, _latest_before
from .limit_in_force import limit_in_force
from .limit_words import provision_terms, short_amount


def limit_facts(data: KamData, as_of: pd.Timestamp, pol: Mapping) -> pd.DataFrame:
    """One row per customer (sorted ``customer_id``) of everything the limit rules read but the grade."""
    out = pd.DataFrame(index=_customer_index(data))
    out = _approved_limit(out, data, as_of, pol)
    out = _purchases(out, data, as_of, pol["credit"]["limit"])
    out = _financial_position(out, data, as_of)
    out = _exposure(out, data, as_of, pol)
    return _payment_record(out, data, as_of, pol)


def exposure_facts(data: KamData, as_of: pd.Timestamp, pol: Mapping) -> pd.DataFrame:
    """One row per customer (sorted ``customer_id``) of the approved limit in force and the exposure
    against it, the same numbers as :func:`kamtools.credit.limits` (``approved_limit`` to ``collateral``,
    ``open_receivables``, ``unapplied_credit``, ``open_orders`` and ``exposure`` to ``over_limit``)
    without the purchases, the financial position, the arrears, the provision, the payment record
    and the recommendation: what the headline risks of the previous month read
    (:func:`kamtools.portfolio.risks`).

    >>> import kamtools as kt
    >>> from kamtools.policy import load_policy
    >>> data, day, pol = kt.sample_data(customers=12, years=2, seed=4), pd.Timestamp("2026-09-30"), load_policy()
    >>> cheap, full = exposure_facts(data, day, pol), kt.credit.limits(data, day, pol)
    >>> cheap.equals(full[cheap.columns]), int(cheap["over_limit"].sum()) > 0
    (True, True)
    """
    out = pd.DataFrame(index=_customer_index(data))
    out = _approved_limit(out, data, as_of, pol)
    _open_receivables(out, data, as_of, pol)
    out["open_orders"] = _open_orders(data, as_of).reindex(out.index).fillna(0.0)
    return _against_limit(out)


def _open_receivables(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp, pol: Mapping) -> tuple:
    """Set ``open_receivables`` and ``unapplied_credit`` of ``out`` from the aging by the policy's
    buckets; that aging and its rows for the customers of ``out``."""
    ag = receivables.aging(data, as_of_ts.date(), list(pol["receivables"]["buckets"]))
    ag.index = ag.index.astype("str")
    rec = ag.reindex(out.index)
    out["open_receivables"] = rec["total"].astype(float).fillna(0.0)
    out["unapplied_credit"] = rec["unapplied_credit"].astype(float).fillna(0.0)
    return ag, rec


def _payment_record(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp, pol: Mapping) -> pd.DataFrame:
    """``out`` with the payment record of the last 12 month ends (``as_of`` and the 11 before it):
    ``overdue_month_ends_12m`` (how many of them found receivables past due) and
    ``max_overdue_12m`` (the most past due at one of them), from the receivables at each month
    end (SQL ``receivables_monthly``, the settlement of :mod:`kamtools.receivables`)."""
    idx = out.index
    raw = facts.query(
        data,
        "receivables_monthly",
        as_of=as_of_ts.date(),
        months=12,
        days=int(pol["receivables"]["dso_days"]),
        late_days=0,
    )
    raw = raw[raw["k"].astype("int64") < 12]
    cents = to_cents(raw["receivables"].astype(float)) - to_cents(raw["not_due"].astype(float))
    rec = pd.DataFrame({"customer_id": raw["customer_id"].astype("str").to_numpy(), "cents": cents})
    rec = rec[rec["cents"] > 0].groupby("customer_id")["cents"].agg(["size", "max"])
    out["overdue_month_ends_12m"] = rec["size"].reindex(idx).fillna(0).astype("int64")
    out["max_overdue_12m"] = from_cents(rec["max"].reindex(idx).fillna(0).astype("int64"))
    return out


def _approved_limit(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp, pol: Mapping) -> pd.DataFrame:
    """``out`` with the limit in force (:func:`kamtools.credit.limit_in_force.limit_in_force`: the latest
    approval on or before ``as_of``, or an analyst's override in force that replaces it), its approver, date,
    collateral, ``limit_source`` and ``override_status``."""
    return out.join(limit_in_force(data, as_of_ts, pol, out.index))


def _purchases(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp, lim: Mapping) -> pd.DataFrame:
    """``out`` with the purchases of the window (row-level: SQL in the store) and the payment terms.

    ``avg_monthly_purchases`` = net purchases / months with purchases (0 when none);
    ``peak_monthly_purchases`` = the highest net purchases of ``peak_months`` consecutive
    months / ``peak_months``.
    """
    idx = out.index
    months = int(lim["purchase_months"])
    peak = int(lim["peak_months"])
    start = (as_of_ts - pd.DateOffset(months=months)).date()
    p = facts.query(data, "credit_purchases", start=start, as_of=as_of_ts.date(), peak_months=peak)
    p = p.set_index(p["customer_id"].astype("str")).reindex(idx)
    out["purchases"] = p["purchases"].astype(float).fillna(0.0)
    out["months_bought"] = p["months_bought"].astype(float).fillna(0.0).astype("int64")
    bought = out["months_bought"].where(out["months_bought"] > 0)
    out["avg_monthly_purchases"] = (out["purchases"] / bought).fillna(0.0).clip(lower=0.0)
    out["peak_monthly_purchases"] = (p["peak_purchases"].astype(float) / peak).fillna(0.0).clip(lower=0.0)
    cust = data.customers.set_index(data.customers["customer_id"].astype("str"))
    terms = cust["payment_terms_days"] if "payment_terms_days" in cust else pd.Series(np.nan, index=cust.index)
    out["payment_terms_days"] = pd.to_numeric(terms, errors="coerce").reindex(idx).astype(float)
    return out


def _financial_position(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp) -> pd.DataFrame:
    """``out`` with equity and working capital of the latest statement on or before ``as_of``."""
    idx = out.index
    fin = data.financials.copy() if data.has("financials") else pd.DataFrame(columns=["customer_id", "period_end"])
    fin["customer_id"] = fin["customer_id"].astype("str")
    fin["period_end"] = pd.to_datetime(fin["period_end"])
    last = _latest_before(fin, "period_end", pd.Series(as_of_ts, index=idx)).reindex(idx)

    def diff(a: str, b: str) -> pd.Series:
        if last.empty or a not in last:
            return pd.Series(np.nan, index=idx)
        have = last[a].notna() & last[b].notna()
        d = from_cents(to_cents(last[a].astype(float).fillna(0)) - to_cents(last[b].astype(float).fillna(0)))
        return pd.Series(d, index=idx).where(have)

    out["equity"] = diff("total_assets", "total_liabilities")
    out["working_capital"] = diff("current_assets", "current_liabilities")
    out["financials_on"] = (
        last["period_end"].astype("datetime64[us]") if "period_end" in last else pd.Series(pd.NaT, index=idx)
    )
    return out


def _exposure(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp, pol: Mapping) -> pd.DataFrame:
    """``out`` with exposure (open receivables + open orders − unapplied credit) against the
    approved limit: utilization, headroom and what is over the limit; arrears past the hold
    days and the bad-debt provision."""
    idx = out.index
    day = as_of_ts.date()
    ag, rec = _open_receivables(out, data, as_of_ts, pol)
    out["overdue"] = rec["overdue"].astype(float).fillna(0.0)
    out["max_days_past_due"] = rec["max_days_past_due"].fillna(0.0).astype("int64")
    hold_days = int(pol["credit"]["limit"]["hold_days_past_due"])
    late = receivables.aging(data, day, [hold_days]) if hold_days > 0 else ag.assign(late=ag["overdue"])
    late.index = late.index.astype("str")
    out["arrears"] = late[late.columns[2] if hold_days > 0 else "late"].reindex(idx).astype(float).fillna(0.0)
    # the open amount behind the past-due hold (credit.holds.past_due: invoices more than its days past due)
    due_days = int(pol["credit"]["holds"]["past_due"]["days"])
    long = late if due_days == hold_days else receivables.aging(data, day, [due_days])
    long.index = long.index.astype("str")
    out["past_due_amount"] = long[long.columns[2]].reindex(idx).astype(float).fillna(0.0)
    # the receivables page's provision: each band's amount at its rate, and the specific provision
    bands = receivables.aging(data, day, receivables.provision_bands(pol))
    bands.index = bands.index.astype("str")
    prov = receivables.provisions(data, pol, as_of=day)
    prov.index = prov.index.astype("str")
    out["provision"] = prov["provision"].reindex(idx).astype(float).fillna(0.0)
    specific = prov["specific_provision"].reindex(idx).astype(float).fillna(0.0)
    terms = provision_terms(bands.reindex(idx), dict(pol["receivables"]["provision_rates"]))
    extra = "specific " + short_amount(specific)
    out["provision_basis"] = terms.where(specific <= 0, terms.where(terms == "", terms + " + ") + extra)
    out["open_orders"] = _open_orders(data, as_of_ts).reindex(idx).fillna(0.0)
    return _against_limit(out)


def _against_limit(out: pd.DataFrame) -> pd.DataFrame:
    """``out`` (``approved_limit``, ``collateral``, ``open_receivables``, ``unapplied_credit``,
    ``open_orders``) with the exposure and what of it is used of, or over, the approved limit."""
    out["exposure"] = (out["open_receivables"] - out["unapplied_credit"] + out["open_orders"]).clip(lower=0.0)
    util, why = _div(out["exposure"], out["approved_limit"], "approved limit")
    out["utilization"] = util
    out["utilization_reason"] = why.replace("zero approved limit", "no approved limit")
    out["headroom"] = (out["approved_limit"] - out["exposure"]).clip(lower=0.0)
    out["overlimit"] = (out["exposure"] - out["approved_limit"]).clip(lower=0.0)
    # exposure above the approved limit is borne by the handler alone (credit.accountability)
    out["handler_exposure"] = out["overlimit"]
    # collateral unknown (a reason naming it, no amount recorded) covers nothing until it is recorded
    out["overlimit_uncovered"] = (out["overlimit"] - out["collateral"].fillna(0.0)).clip(lower=0.0)
    out["over_limit"] = (out["overlimit"] > 0).astype(bool)
    return out


def _open_orders(data: KamData, as_of_ts: pd.Timestamp) -> pd.Series:
    """Open orders per customer (the optional ``open_orders`` table; orders dated after ``as_of`` left out)."""
    if not data.has("open_orders"):
        return pd.Series(dtype=float)
    oo = data.table("open_orders")
    if "order_date" in oo and oo["order_date"].notna().any():
        oo = oo[oo["order_date"].isna() | (pd.to_datetime(oo["order_date"]) <= as_of_ts)]
    orders = oo.groupby("customer_id")["amount"].sum().astype(float)
    orders.index = orders.index.astype("str")
    return orders

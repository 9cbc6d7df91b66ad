"""Credit limits and exposure: approved and recommended limits, exposure, re-review triggers.

:func:`limits` recommends a credit limit from the grade and the purchase volume,
measures exposure against the approved limit (open receivables by the one
definition of :mod:`kamtools.receivables`), routes the change to the level that
must approve it and lists the re-review triggers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import facts, receivables
from ..periods import as_timestamp
from ..policy import Policy, load_policy
from ..store import KamData
from ._common import _customer_index, _div, _latest_before
from .approvals import approval_level
from .financial_ratios import ratios
from .scorecard import score


def _open_receivables(data: KamData, as_of: pd.Timestamp) -> pd.DataFrame:
    """Open receivables per customer, by the one definition of :mod:`kamtools.receivables`."""
    ag = receivables.aging(receivables.settle(data, None, as_of.date()), as_of.date())
    out = pd.DataFrame(index=pd.Index(ag.index.astype("str"), name="customer_id"))
    out["open_receivables"] = ag["total"].astype(float).to_numpy()
    out["unapplied_credit"] = ag["unapplied_credit"].astype(float).to_numpy()
    out["overdue"] = ag["overdue"].astype(float).to_numpy()
    out["max_days_past_due"] = ag["max_days_past_due"].astype(float).to_numpy()
    return out


def limits(data: KamData, as_of: dt.date | str, policy: Any = None, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Credit limits: approved, recommended, exposure, approval level and re-review triggers.

    * ``approved_limit``: the latest approval on or before ``as_of`` (0 when the
      customer has none), with ``approved_by``, ``approved_on`` and its
      ``collateral`` (0 when none).
    * ``avg_monthly_purchases``: net invoiced amount (credit notes deducted) of the
      last ``credit.limit.purchase_months`` months up to ``as_of``, divided by that
      number of months (SQL ``credit_purchases``).
    * ``recommended_limit``: ``months_of_purchases[grade] × avg_monthly_purchases``,
      capped by ``equity_cap_share × equity`` of the latest statement (no cap when
      there is none; 0 when equity is not positive), rounded down to
      ``credit.limit.rounding``.
    * ``exposure = open_receivables + open_orders − unapplied_credit`` (not below
      0): open receivables (``open_receivables``, ``overdue``, ``max_days_past_due``)
      and the customer's unapplied credit (cash received and not yet applied,
      which covers exposure like a prepayment) come from
      :func:`kamtools.receivables.settle` and :func:`kamtools.receivables.aging`,
      the one definition of what is open; open orders from the optional
      ``open_orders`` table (orders dated after ``as_of`` excluded).
    * ``utilization = exposure / approved_limit`` (NaN with ``utilization_reason``
      when there is no approved limit), ``headroom`` (unused approved limit),
      ``overlimit`` (exposure above the approved limit: only cash or collateral may
      cover it), ``overlimit_uncovered`` (what collateral does not cover) and
      ``over_limit``.
    * ``limit_change = recommended − approved`` and ``approval_level``: the level whose
      authority covers the recommended limit for an increase, the approver of the current
      limit for a decrease (see :func:`approval_level`).
    * Re-review triggers ``review_grade_change``, ``review_utilization``,
      ``review_past_due`` (an invoice more than ``days_past_due_above`` days past
      due), ``review_stale_assessment`` (older than the policy's months, or never
      assessed), ``review`` (any of them) and ``review_reasons``. Exposure without
      any approved limit counts as utilization above the policy.

    ``scores`` may pass a result of :func:`score` for the same date and policy to
    avoid computing it again.

    Examples
    --------
    >>> import kamtools as kt
    >>> lim = limits(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> bool((lim["recommended_limit"] % 1000 == 0).all())
    True
    """
    pol = load_policy(policy)
    credit = pol["credit"]
    as_of_ts = as_timestamp(as_of)
    idx = _customer_index(data)
    sc = scores if scores is not None else score(data, as_of_ts, pol)
    sc = sc.reindex(idx)

    out = pd.DataFrame(index=idx)
    out["score"] = sc["score"]
    out["grade"] = sc["grade"]
    out["previous_grade"] = sc["previous_grade"]
    out = _approved_limit(out, data, as_of_ts)
    out = _recommended_limit(out, data, as_of_ts, pol)
    out = _exposure(out, data, as_of_ts)

    # Change and approval.
    out["limit_change"] = out["recommended_limit"] - out["approved_limit"]
    out["approval_level"] = approval_level(
        out["recommended_limit"], out["approved_limit"], pol, current_approver=out["approved_by"]
    )
    return _review_triggers(out, sc, as_of_ts, credit)


def _approved_limit(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp) -> pd.DataFrame:
    """``out`` with the approved limit in force: the latest approval on or before ``as_of``."""
    idx = out.index
    cl = (
        data.credit_limits.copy()
        if data.has("credit_limits")
        else pd.DataFrame(columns=["customer_id", "credit_limit", "approved_by", "approved_on", "collateral"])
    )
    cl["approved_on"] = pd.to_datetime(cl["approved_on"])
    if "collateral" not in cl:
        cl["collateral"] = np.nan
    current = _latest_before(cl, "approved_on", pd.Series(as_of_ts, index=idx))
    out["approved_limit"] = current["credit_limit"].reindex(idx).astype(float).fillna(0.0)
    out["approved_by"] = current["approved_by"].reindex(idx).astype("str")
    out["approved_on"] = current["approved_on"].reindex(idx).astype("datetime64[us]")
    out["collateral"] = current["collateral"].reindex(idx).astype(float).fillna(0.0)
    return out


def _recommended_limit(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp, pol: Policy) -> pd.DataFrame:
    """``out`` with the purchases, and the recommended limit: months of purchases by grade,
    capped by a share of equity, rounded down."""
    credit = pol["credit"]
    idx = out.index
    # Purchases (row-level: SQL in the store).
    months = int(credit["limit"]["purchase_months"])
    start = (as_of_ts - pd.DateOffset(months=months)).date()
    purch = facts.query(data, "credit_purchases", start=start, as_of=as_of_ts.date())
    purch = purch.set_index("customer_id")["purchases"].astype(float)
    purch.index = purch.index.astype("str")
    out["purchases"] = purch.reindex(idx).fillna(0.0)
    out["avg_monthly_purchases"] = (out["purchases"] / months).clip(lower=0.0)

    # Recommended limit.
    fin = ratios(data.financials, as_of_ts, policy=pol)
    out["equity"] = fin["equity"].reindex(idx).astype(float)
    out["months_of_purchases"] = (
        out["grade"].map({g: float(m) for g, m in credit["limit"]["months_of_purchases"].items()}).astype(float)
    )
    raw = out["months_of_purchases"] * out["avg_monthly_purchases"]
    cap = (float(credit["limit"]["equity_cap_share"]) * out["equity"]).clip(lower=0.0)
    out["equity_cap"] = cap
    capped = raw.where(cap.isna() | (raw <= cap), cap)
    rounding = float(credit["limit"]["rounding"])
    out["recommended_limit"] = (np.floor(capped.fillna(0.0) / rounding + 1e-9) * rounding).astype(float)
    out["capped_by_equity"] = (cap.notna() & (raw > cap)).astype(bool)
    return out


def _exposure(out: pd.DataFrame, data: KamData, as_of_ts: pd.Timestamp) -> pd.DataFrame:
    """``out`` with exposure (open receivables + open orders − unapplied credit) against the
    approved limit: utilization, headroom and what is over the limit."""
    idx = out.index
    rec = _open_receivables(data, as_of_ts).reindex(idx)
    out["open_receivables"] = rec["open_receivables"].fillna(0.0)
    out["unapplied_credit"] = rec["unapplied_credit"].fillna(0.0)
    out["overdue"] = rec["overdue"].fillna(0.0)
    out["max_days_past_due"] = rec["max_days_past_due"].fillna(0.0).astype("int64")
    if data.has("open_orders"):
        oo = data.table("open_orders")
        if "order_date" in oo and oo["order_date"].notna().any():
            oo = oo[oo["order_date"].isna() | (pd.to_datetime(oo["order_date"]) <= as_of_ts)]
        orders = oo.groupby("customer_id")["amount"].sum().astype(float)
        orders.index = orders.index.astype("str")
        out["open_orders"] = orders.reindex(idx).fillna(0.0)
    else:
        out["open_orders"] = 0.0
    out["exposure"] = (out["open_receivables"] - out["unapplied_credit"] + out["open_orders"]).clip(lower=0.0)
    util, why = _div(out["exposure"], out["approved_limit"], "approved limit")
    out["utilization"] = util
    out["utilization_reason"] = why.replace("zero approved limit", "no approved limit")
    out["headroom"] = (out["approved_limit"] - out["exposure"]).clip(lower=0.0)
    out["overlimit"] = (out["exposure"] - out["approved_limit"]).clip(lower=0.0)
    out["overlimit_uncovered"] = (out["overlimit"] - out["collateral"]).clip(lower=0.0)
    out["over_limit"] = (out["overlimit"] > 0).astype(bool)
    return out


def _review_triggers(out: pd.DataFrame, sc: pd.DataFrame, as_of_ts: pd.Timestamp, credit: Mapping) -> pd.DataFrame:
    """``out`` with the re-review triggers, ``review`` (any of them) and ``review_reasons``."""
    idx = out.index
    rv = credit["review"]
    stale_before = as_of_ts - pd.DateOffset(months=int(rv["assessment_older_than_months"]))
    out["assessed_on"] = sc["assessed_on"]
    no_limit = (out["approved_limit"] <= 0) & (out["exposure"] > 0)
    triggers = {
        "review_grade_change": (
            sc["grade_changed"].fillna(False).astype(bool),
            "grade changed " + sc["previous_grade"].fillna("") + " -> " + sc["grade"].fillna(""),
        ),
        "review_utilization": (
            (out["utilization"] > float(rv["utilization_above"])).fillna(False) | no_limit,
            (
                "utilization "
                + (out["utilization"] * 100).round(0).astype("Int64").astype(str)
                + " % above "
                + f"{float(rv['utilization_above']) * 100:g} %"
            ).where(~no_limit, "exposure without an approved limit"),
        ),
        "review_past_due": (
            out["max_days_past_due"] > float(rv["days_past_due_above"]),
            "invoice "
            + out["max_days_past_due"].astype("int64").astype(str)
            + f" days past due (over {rv['days_past_due_above']:g})",
        ),
        "review_stale_assessment": (
            out["assessed_on"].isna() | (out["assessed_on"] < stale_before),
            pd.Series(
                np.where(
                    out["assessed_on"].isna(),
                    "never assessed",
                    f"assessment older than {rv['assessment_older_than_months']:g} months",
                ),
                index=idx,
                dtype="str",
            ),
        ),
    }
    reasons = pd.Series("", index=idx, dtype="str")
    any_ = pd.Series(False, index=idx)
    for col, (flag, text) in triggers.items():
        flag = flag.astype(bool)
        out[col] = flag
        any_ |= flag
        add = text.where(flag, "").astype("str")
        reasons = reasons.where(~flag | (reasons == ""), reasons + "; ") + add
    out["review"] = any_
    out["review_reasons"] = reasons
    return out


def over_limit(lim: pd.DataFrame) -> pd.DataFrame:
    """Customers whose exposure exceeds the approved limit, largest uncovered amount first.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"over_limit": [True, False], "overlimit": [10.0, 0.0],
    ...     "overlimit_uncovered": [5.0, 0.0], "approved_limit": [100.0, 50.0],
    ...     "exposure": [110.0, 10.0], "collateral": [5.0, 0.0]}, index=["A", "B"])
    >>> list(over_limit(lim).index)
    ['A']
    """
    cols = [
        c
        for c in (
            "grade",
            "approved_limit",
            "exposure",
            "overlimit",
            "collateral",
            "overlimit_uncovered",
            "max_days_past_due",
        )
        if c in lim.columns
    ]
    hit = lim[lim["over_limit"]]
    return hit.sort_values(["overlimit_uncovered", "overlimit"], ascending=False, kind="mergesort")[cols]


def review_list(lim: pd.DataFrame) -> pd.DataFrame:
    """Customers due for re-review, with their reasons; most urgent first: most reasons, then
    the largest exposure (the money at stake), then the oldest past-due invoice.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"review": [True, False], "review_reasons": ["never assessed", ""],
    ...     "grade": ["A", "B"]}, index=["A1", "B1"])
    >>> review_list(lim)["review_reasons"].tolist()
    ['never assessed']
    """
    hit = lim[lim["review"]].copy()
    flags = [c for c in hit.columns if c.startswith("review_") and c != "review_reasons"]
    hit["triggers"] = hit[flags].sum(axis=1).astype("int64") if flags else 0
    cols = [
        c
        for c in (
            "grade",
            "previous_grade",
            "exposure",
            "utilization",
            "max_days_past_due",
            "assessed_on",
            "triggers",
            "review_reasons",
        )
        if c in hit.columns
    ]
    sort = [c for c in ("triggers", "exposure", "max_days_past_due") if c in hit.columns]
    return hit.sort_values(sort, ascending=False, kind="mergesort")[cols] if sort else hit[cols]

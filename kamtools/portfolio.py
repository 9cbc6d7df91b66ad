"""The portfolio at a glance, and the profile and plan of one key account.

The portfolio page of the monthly report (:func:`kpis`, :func:`customer_counts`,
:func:`concentration`, :func:`lifecycle_counts`, :func:`risks`) and the account plan
of each key account (:func:`account_profile`) are assembled here from the other
modules of the workbook, so the notebooks only call and show.

Periods and windows
    ``period`` is a report month ``YYYY-MM``; its last day is the report date
    (``as_of``). "The month" is the calendar month of the period, "the previous month"
    the calendar month before, "a year ago" the same calendar month one year earlier.
    "Last 12 months" are the twelve calendar months ending with the period, "the
    previous 12 months" the twelve before them (the windows of :mod:`kamtools.segments`).
Money
    revenue = net invoiced amount (credit notes deducted), margin = amount - cost,
    margin rate = margin / revenue (NaN unless revenue is positive). A purchase is an
    invoice with a positive amount.

Row-level work on invoices and activities runs as SQL in the store
(``kamtools/sql/portfolio_*.sql``); what follows works on one row per customer or month.

Examples
--------
>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1, end="2026-10-31")
>>> k = kpis(data, "2026-10")
>>> bool(k.loc["revenue", "last_12m"] > 0), list(k.columns[:3])
(True, ['month', 'previous_month', 'change_mom'])
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Union

import numpy as np
import pandas as pd

from . import credit, facts, receivables
from . import segments as seg
from . import strategies as st
from .policy import load_policy
from .periods import period_bounds
from .store import KamData

__all__ = [
    "AccountProfile",
    "Concentration",
    "SUPPORT_FUNCTIONS",
    "account_profile",
    "concentration",
    "customer_counts",
    "default_account",
    "format_kpis",
    "kpis",
    "lifecycle_counts",
    "monthly",
    "risks",
]

PolicyLike = Union[str, os.PathLike, Mapping, None]

#: Months of history in an account's trend.
TREND_MONTHS = 24

#: The functions that support a key-account team, with what each brings to the plan.
SUPPORT_FUNCTIONS: dict[str, str] = {
    "sales": "direct-sales manager: senior contacts, pricing and agreements, approval of limit changes at "
             "that level",
    "logistics": "delivery reliability, lead times and stock held for the account",
    "manufacturing": "capacity, quality and changes of specification for the account's products",
    "R&D": "joint development, samples and technical answers to the customer's engineers",
    "marketing": "market information on the customer's industry and competitors, events and references",
    "finance": "credit grade and limit, invoicing, collection of what falls due",
    "customer service": "orders, complaints and returns; the first contact of the customer's buyers",
}


# ============================================================================ helpers
def _as_of(period: str) -> pd.Timestamp:
    return pd.Timestamp(period_bounds(period)[1])


def _month_end(as_of: pd.Timestamp, months_back: int) -> pd.Timestamp:
    return seg.months_before(as_of, months_back)


def _month_start(ts: pd.Timestamp) -> pd.Timestamp:
    return ts.normalize().replace(day=1)


def _source(data: KamData) -> KamData:
    if isinstance(data, pd.DataFrame):
        raise TypeError("pass a KamData, or DataFrames by table name through kamtools.facts.source(...)")
    return facts.source(data)


def _rate(num: float, den: float) -> float:
    return float(num) / float(den) if den and den > 0 else float("nan")


def _change(now: float, before: float) -> float:
    """Relative change now / before - 1; NaN unless ``before`` is positive."""
    return float(now) / float(before) - 1.0 if before and before > 0 else float("nan")


def _check_customer(data: KamData, customer_id: str) -> pd.DataFrame:
    """The customer's row of the customers table; an unknown id raises ``ValueError``."""
    own = data.customer_rows("customers", str(customer_id))
    if own.empty:
        raise ValueError(f"unknown customer id {customer_id!r}: not in the customers table")
    return own


# ============================================================================ months and KPIs
def monthly(data: KamData, period: str, months: int = TREND_MONTHS, customer_id: str = "") -> pd.DataFrame:
    """Revenue, cost, margin, margin rate, invoices and buying customers per month.

    The ``months`` calendar months up to and including ``period`` (every month appears,
    zeros when nothing was invoiced); of one customer when ``customer_id`` is given.

    Returns
    -------
    DataFrame indexed by ``month`` (``YYYY-MM``): revenue, cost, margin, margin_rate,
    discount, invoices, credit_notes, buying_customers.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-09-03", "2026-10-05"], "due_date": ["2026-10-03", "2026-11-05"],
    ...     "amount": [100.0, 80.0], "cost": [60.0, 60.0]})
    >>> monthly(facts.source(invoices=inv), "2026-10", months=3)[["revenue", "margin"]].to_dict("index")
    {'2026-08': {'revenue': 0.0, 'margin': 0.0}, '2026-09': {'revenue': 100.0, 'margin': 40.0}, \
'2026-10': {'revenue': 80.0, 'margin': 20.0}}
    """
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    data = _source(data)
    as_of = _as_of(period)
    first = _month_start(_month_end(as_of, months - 1))
    labels = pd.period_range(first, as_of, freq="M").strftime("%Y-%m")
    cols = ["revenue", "cost", "margin", "discount", "invoices", "credit_notes", "buying_customers"]
    if data.has("invoices"):
        m = facts.query(data, "portfolio_monthly", first=first.date(), last=as_of.date(),
                        customer_id=str(customer_id or ""))
        m.index = pd.to_datetime(m.pop("month")).dt.strftime("%Y-%m")
    else:
        m = pd.DataFrame(columns=cols)
    out = m.reindex(labels).reindex(columns=cols).fillna(0)
    out.index.name = "month"
    out = out.astype({c: "float64" for c in ("revenue", "cost", "margin", "discount")}
                     | {c: "int64" for c in ("invoices", "credit_notes", "buying_customers")})
    rev = out["revenue"]
    out.insert(3, "margin_rate", (out["margin"] / rev.where(rev > 0)).astype("float64"))
    return out


def _totals(data: KamData, first: pd.Timestamp, last: pd.Timestamp, customer_id: str = "") -> dict[str, float]:
    if not data.has("invoices"):
        return {"revenue": 0.0, "margin": 0.0, "discount": 0.0, "invoices": 0, "buying_customers": 0}
    row = facts.query(data, "portfolio_totals", first=first.date(), last=last.date(),
                      customer_id=str(customer_id or "")).iloc[0]
    return {k: (float(row[k]) if k in ("revenue", "margin", "discount") else int(row[k])) for k in row.index}


def kpis(data: KamData, period: str, customer_id: str = "") -> pd.DataFrame:
    """The headline figures of the period against the previous month, a year ago and 12 months.

    Rows: ``revenue``, ``margin``, ``margin_rate``, ``discount``, ``invoices`` (purchases)
    and ``buying_customers`` (distinct customers with a purchase in the window).
    Columns: ``month`` (the period), ``previous_month``, ``change_mom``, ``year_ago`` (the
    same month a year earlier), ``change_yoy``, ``last_12m``, ``previous_12m``,
    ``change_12m``. Changes are relative (0.1 = +10 %, NaN when the earlier value is not
    positive), except for ``margin_rate``, whose changes are differences in points
    (0.02 = +2 points); ``change_unit`` says which.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["a", "b", "c"], "customer_id": ["C1", "C2", "C1"],
    ...     "invoice_date": ["2025-10-10", "2026-09-10", "2026-10-10"],
    ...     "due_date": ["2025-11-10", "2026-10-10", "2026-11-10"],
    ...     "amount": [100.0, 50.0, 150.0], "cost": [50.0, 25.0, 90.0]})
    >>> k = kpis(facts.source(invoices=inv), "2026-10")
    >>> k.loc["revenue", ["month", "previous_month", "year_ago", "change_yoy", "last_12m"]].tolist()
    [150.0, 50.0, 100.0, 0.5, 200.0]
    """
    data = _source(data)
    as_of = _as_of(period)
    ends = {"month": as_of, "previous_month": _month_end(as_of, 1), "year_ago": _month_end(as_of, 12)}
    windows = {k: (_month_start(e), e) for k, e in ends.items()}
    windows["last_12m"] = (_month_start(_month_end(as_of, 11)), as_of)
    windows["previous_12m"] = (_month_start(_month_end(as_of, 23)), _month_end(as_of, 12))
    tot = {k: _totals(data, a, b, customer_id) for k, (a, b) in windows.items()}
    for t in tot.values():
        t["margin_rate"] = _rate(t["margin"], t["revenue"])
    rows = ["revenue", "margin", "margin_rate", "discount", "invoices", "buying_customers"]
    out = pd.DataFrame(index=pd.Index(rows, name="metric"))
    for k in windows:
        out[k] = [float(tot[k][r]) for r in rows]
    for col, now, before in (("change_mom", "month", "previous_month"), ("change_yoy", "month", "year_ago"),
                             ("change_12m", "last_12m", "previous_12m")):
        out[col] = [(out.at[r, now] - out.at[r, before]) if r == "margin_rate" else _change(out.at[r, now],
                                                                                           out.at[r, before])
                    for r in rows]
    out["change_unit"] = ["points" if r == "margin_rate" else "relative" for r in rows]
    return out[["month", "previous_month", "change_mom", "year_ago", "change_yoy",
                "last_12m", "previous_12m", "change_12m", "change_unit"]]


def format_kpis(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`kpis` as text for a reader: amounts with thousands separators, rates and
    relative changes in per cent, changes of the margin rate in points.

    >>> import pandas as pd
    >>> k = pd.DataFrame({"month": [1234.0, 0.143], "change_mom": [0.024, -0.001],
    ...                   "change_unit": ["relative", "points"]}, index=["revenue", "margin_rate"])
    >>> format_kpis(k).to_dict("index")
    {'revenue': {'month': '1,234', 'change_mom': '+2.4 %'}, 'margin_rate': {'month': '14.3 %', 'change_mom': '-0.1 pt'}}
    """
    out = pd.DataFrame(index=table.index)
    for col in table.columns:
        if col == "change_unit":
            continue
        cells = []
        for metric, v in table[col].items():
            if pd.isna(v):
                cells.append("n/a")
            elif col.startswith("change"):
                points = table.at[metric, "change_unit"] == "points"
                cells.append(f"{v * 100:+.1f} pt" if points else f"{v:+.1%}".replace("%", " %"))
            elif metric == "margin_rate":
                cells.append(f"{v:.1%}".replace("%", " %"))
            else:
                cells.append(f"{v:,.0f}")
        out[col] = cells
    return out


# ============================================================================ customers
_COUNT_ROWS = ("new", "active", "lost", "prospect", "buying", "won_in_month", "lost_in_month")


def _counts(data: KamData, as_of: pd.Timestamp, policy: PolicyLike) -> dict[str, dict[str, int]]:
    """Status counts at the month end, the previous month end and a year earlier, from one
    pass over the invoices (see ``sql/portfolio_purchase_dates.sql``)."""
    ends = {k: _month_end(as_of, k) for k in (0, 1, 2, 12, 13)}
    dates = facts.query(data, "portfolio_purchase_dates", **{f"d{k}": d.date() for k, d in ends.items()})
    ids = data.customers["customer_id"].astype("str")
    dates = dates.assign(customer_id=dates["customer_id"].astype("str")).set_index("customer_id").reindex(ids)
    first = pd.to_datetime(dates["first_purchase"])

    def status_at(k: int) -> np.ndarray:
        end = ends[k]
        first_k = first.where(first <= end)
        return seg.status_from_dates(first_k, pd.to_datetime(dates[f"last_d{k}"]), end.date(), policy)

    out = {}
    for col, k in (("month", 0), ("previous_month", 1), ("year_ago", 12)):
        now, before = status_at(k), status_at(k + 1)
        counts = {s: int((now == s).sum()) for s in ("new", "active", "lost", "prospect")}
        counts["buying"] = counts["new"] + counts["active"]
        counts["won_in_month"] = int(((first >= _month_start(ends[k])) & (first <= ends[k])).sum())
        counts["lost_in_month"] = int(((now == "lost") & (before != "lost")).sum())
        out[col] = counts
    return out


def customer_counts(data: KamData, period: str, policy: PolicyLike = None) -> pd.DataFrame:
    """Customers by status at the end of the period, the previous month and a year ago.

    Rows: ``new``, ``active``, ``lost``, ``prospect`` (the status of
    :func:`kamtools.segments.status` on each month end, customers only, leads not
    counted), ``buying`` (new + active), ``won_in_month`` (first purchase in that month)
    and ``lost_in_month`` (lost at the end of that month, not lost a month earlier).
    Columns: ``month``, ``previous_month``, ``change_mom``, ``year_ago``, ``change_yoy``
    (changes are differences in customers) and ``strategy`` (what to do with the status).

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["a", "b"], "customer_id": ["C1", "C2"],
    ...     "invoice_date": ["2026-10-05", "2025-10-15"], "due_date": ["2026-10-05", "2025-10-15"],
    ...     "amount": [10.0, 10.0], "cost": [0.0, 0.0]})
    >>> cust = pd.DataFrame({"customer_id": ["C1", "C2", "C3"]})
    >>> c = customer_counts(facts.source(customers=cust, invoices=inv), "2026-10")
    >>> c["month"].to_dict()
    {'new': 1, 'active': 0, 'lost': 1, 'prospect': 1, 'buying': 1, 'won_in_month': 1, 'lost_in_month': 1}
    """
    data = _source(data)
    as_of = _as_of(period)
    cols = ("month", "previous_month", "year_ago")
    counts = _counts(data, as_of, policy)
    out = pd.DataFrame({k: [counts[k][r] for r in _COUNT_ROWS] for k in cols},
                       index=pd.Index(list(_COUNT_ROWS), name="customers")).astype("int64")
    out.insert(2, "change_mom", out["month"] - out["previous_month"])
    out["change_yoy"] = out["month"] - out["year_ago"]
    out = out[["month", "previous_month", "change_mom", "year_ago", "change_yoy"]]
    strat = {**{k: str(st.STATUS[k]) for k in ("new", "active", "lost", "prospect")},
             "buying": str(st.STATUS["active"]), "won_in_month": str(st.STATUS["new"]),
             "lost_in_month": str(st.STATUS["lost"])}
    out["strategy"] = [strat[r] for r in out.index]
    return out


# ============================================================================ concentration
class Concentration(NamedTuple):
    """Result of :func:`concentration`."""

    top: pd.DataFrame
    """The ``n`` largest customers by revenue of the last 12 months: name, revenue_12m,
    margin_12m, share, cumulative_share, tier."""
    top_n_share: float
    """Share of revenue of the ``n`` largest customers."""
    pareto: seg.Pareto
    """The Pareto curve of all customers (see :func:`kamtools.segments.pareto`)."""
    buying_customers: int
    """Customers with positive revenue in the last 12 months."""


def concentration(data: KamData, period: str, policy: PolicyLike = None, n: int = 10,
                  pyramid: pd.DataFrame | None = None) -> Concentration:
    """How concentrated revenue of the last 12 months is: top ``n``, top share (Pareto).

    Customers are ranked by revenue of the last 12 months, largest first (ties by id);
    negative revenue counts as zero, and shares are of the total of positive revenue.
    The Pareto share is that of the top ``segments.pareto_top`` (20 %) of all customers
    of the book (customers without revenue included, as on the segmentation page),
    read off the Pareto curve. ``pyramid`` may pass :func:`kamtools.segments.pyramid`
    for the same date and policy (for the tier column).

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": list("abcd"), "customer_id": ["C1", "C2", "C3", "C4"],
    ...     "invoice_date": ["2026-10-01"] * 4, "due_date": ["2026-10-01"] * 4,
    ...     "amount": [60.0, 20.0, 15.0, 5.0], "cost": [0.0] * 4})
    >>> c = concentration(facts.source(invoices=inv), "2026-10", n=2)
    >>> c.top["share"].tolist(), c.top_n_share, c.buying_customers
    ([0.6, 0.2], 0.8, 4)
    """
    pol = load_policy(policy)
    data = _source(data)
    as_of = _as_of(period)
    f = seg.customer_facts(data, as_of)
    rev = f["revenue_12m"].clip(lower=0)
    total = float(rev.sum())
    order = pd.DataFrame({"v": rev.to_numpy(), "id": rev.index.to_numpy()}, index=rev.index).sort_values(
        ["v", "id"], ascending=[False, True], kind="mergesort").index
    top_ids = [i for i in order if rev[i] > 0][: max(0, int(n))]
    top = pd.DataFrame(index=pd.Index(top_ids, name="customer_id", dtype="str"))
    top["name"] = f.loc[top_ids, "name"].astype("str")
    top["revenue_12m"] = f.loc[top_ids, "revenue_12m"].astype("float64")
    top["margin_12m"] = f.loc[top_ids, "margin_12m"].astype("float64")
    top["share"] = (rev[top_ids] / total).round(12) if total > 0 else np.nan
    top["cumulative_share"] = top["share"].cumsum().round(12)
    if pyramid is None:
        pyramid = seg.pyramid(data, as_of, pol)
    top["tier"] = pyramid["tier"].reindex(top.index).astype("str")
    par = seg.pareto(f["revenue_12m"], top=float(pol["segments"]["pareto_top"]), **pol["segments"]["abc"])
    share = float(top["share"].sum()) if total > 0 else float("nan")
    return Concentration(top=top, top_n_share=round(share, 12), pareto=par, buying_customers=int((rev > 0).sum()))


# ============================================================================ lifecycle
def lifecycle_counts(data: KamData, period: str, policy: PolicyLike = None) -> pd.DataFrame:
    """Customers and revenue per stage of the relationship lifecycle at the end of the period.

    Stages as :func:`kamtools.segments.lifecycle`; customers that never bought are left
    out (they have no relationship yet).

    Returns
    -------
    DataFrame indexed by ``stage`` (every stage, in lifecycle order): customers,
    revenue_12m, revenue_prev_12m, revenue_share (of the positive revenue of the last 12
    months; a customer's negative net revenue counts as zero), strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["a", "b", "c"], "customer_id": ["G", "G", "N"],
    ...     "invoice_date": ["2025-05-01", "2026-05-01", "2026-06-01"],
    ...     "due_date": ["2025-05-01", "2026-05-01", "2026-06-01"],
    ...     "amount": [100.0, 150.0, 50.0], "cost": [0.0, 0.0, 0.0]})
    >>> lifecycle_counts(facts.source(invoices=inv), "2026-10")["customers"].to_dict()
    {'breakthrough': 1, 'growth': 1, 'harvest': 0, 'defense': 0, 'hibernation': 0}
    """
    data = _source(data)
    as_of = _as_of(period)
    lc = seg.lifecycle(data, as_of, policy)
    bought = seg.customer_facts(data, as_of)["last_purchase"].notna().reindex(lc.index).fillna(False)
    lc = lc[bought.astype(bool)]
    stages = list(seg.LIFECYCLE_ORDER)
    g = lc.groupby("stage")
    out = pd.DataFrame(index=pd.Index(stages, name="stage", dtype="str"))
    out["customers"] = g.size().reindex(stages).fillna(0).astype("int64")
    out["revenue_12m"] = g["revenue_12m"].sum().reindex(stages).fillna(0.0).astype("float64")
    out["revenue_prev_12m"] = g["revenue_prev_12m"].sum().reindex(stages).fillna(0.0).astype("float64")
    positive = lc["revenue_12m"].clip(lower=0).groupby(lc["stage"]).sum().reindex(stages).fillna(0.0)
    total = positive.sum()
    out["revenue_share"] = (positive / total).astype("float64") if total > 0 else np.nan
    out["strategy"] = [str(st.LIFECYCLE[s]) for s in stages]
    return out


# ============================================================================ risks
_RISKS = {
    "open_receivables": "open receivables (invoices not yet paid)",
    "overdue": "of which past their due date",
    "overdue_share": "overdue / open receivables",
    "overdue_customers": "customers with an overdue invoice",
    "exposure": "exposure: open receivables - unapplied credit + open orders",
    "over_limit_customers": "customers whose exposure exceeds the approved limit",
    "overlimit": "exposure above the approved limits",
    "overlimit_uncovered": "of which not covered by collateral",
    "overlimit_share": "exposure above the approved limits / exposure",
    "exposure_without_limit": "exposure of customers without an approved limit",
}


def risks(data: KamData, period: str, policy: PolicyLike = None, *, limits: pd.DataFrame | None = None,
          aged: pd.DataFrame | None = None, book: BookTables | None = None) -> pd.DataFrame:
    """Headline risks at the end of the period: overdue receivables and over-limit exposure.

    Receivables from :func:`kamtools.receivables.aging` (the ledger settled at the
    report date, the policy's buckets), exposure and limits from
    :func:`kamtools.credit.limits`; either may be passed when already computed for the
    same date and policy, or taken from ``book`` (:func:`book_tables`, or the folder
    they were saved to, for the same date and policy).

    Returns
    -------
    DataFrame indexed by ``risk`` (open_receivables, overdue, overdue_share,
    overdue_customers, exposure, over_limit_customers, overlimit, overlimit_uncovered,
    overlimit_share, exposure_without_limit): ``value`` and ``description``. Shares are
    NaN when their base is zero.
    """
    pol = load_policy(policy)
    data = _source(data)
    as_of = _as_of(period).date()
    if book is not None:
        book = _checked_book(book, pd.Timestamp(as_of), pol)
        limits = book.limits if limits is None else limits
        aged = book.aging if aged is None else aged
    if aged is None:
        aged = receivables.aging(receivables.settle(data, None, as_of), as_of, pol["receivables"]["buckets"])
    if limits is None:
        limits = credit.limits(data, as_of, pol)
    open_rec, overdue = float(aged["total"].sum()), float(aged["overdue"].sum())
    exposure = float(limits["exposure"].sum())
    over = float(limits["overlimit"].sum())
    values = {
        "open_receivables": open_rec,
        "overdue": overdue,
        "overdue_share": _rate(overdue, open_rec),
        "overdue_customers": float((aged["overdue"] > 0).sum()),
        "exposure": exposure,
        "over_limit_customers": float(limits["over_limit"].sum()),
        "overlimit": over,
        "overlimit_uncovered": float(limits["overlimit_uncovered"].sum()),
        "overlimit_share": _rate(over, exposure),
        "exposure_without_limit": float(limits.loc[limits["approved_limit"] <= 0, "exposure"].sum()),
    }
    out = pd.DataFrame({"value": [round(v, 12) for v in values.values()],
                        "description": [_RISKS[k] for k in values]},
                       index=pd.Index(list(values), name="risk"))
    return out


# ============================================================================ book tables
#: The book-level tables an account plan reads, computed once per report run.
BOOK_TABLES = ("facts", "pyramid", "status", "lifecycle", "relational", "profitability", "limits", "aging",
               "open_items", "pyramid_summary")


@dataclass
class BookTables:
    """Book-level tables at one date: what every account plan of a report shares.

    The monthly report computes them once (:func:`book_tables`) and passes them to
    :func:`account_profile` for each key account, instead of recomputing the whole book
    for every plan. They hold for one date and one policy only.
    """

    as_of: dt.date
    policy_digest: str
    tables: dict[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


def _digest(pol: Mapping) -> str:
    return hashlib.sha256(json.dumps(pol, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def _checked_book(book: BookTables, ts: pd.Timestamp, pol: Mapping) -> BookTables:
    """``book``, refused when made for another date or policy."""
    if book.as_of != ts.date() or book.policy_digest != _digest(pol):
        raise ValueError(f"the book tables are for {book.as_of} with another policy or date, "
                         f"not for {ts.date()}: compute them again with book_tables()")
    return book


def book_tables(data: KamData, as_of: dt.date | str, policy: PolicyLike = None) -> BookTables:
    """Compute the book-level tables of the account plans at ``as_of`` (one pass over the book).

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> book = book_tables(data, "2026-10-31")
    >>> sorted(book.tables) == sorted(BOOK_TABLES), len(book.pyramid) >= 30
    (True, True)
    """
    data = _source(data)
    pol = load_policy(policy)
    ts = pd.Timestamp(as_of).normalize()
    pyr = seg.pyramid(data, ts, pol)
    ledger = receivables.settle(data, None, ts.date())
    tables = {
        "facts": seg.customer_facts(data, ts),
        "pyramid": pyr,
        "status": seg.status(data, ts, pol),
        "lifecycle": seg.lifecycle(data, ts, pol),
        "relational": seg.relational(data, ts, pol),
        "profitability": seg.profitability(data, ts, pol),
        "limits": credit.limits(data, ts.date(), pol),
        "aging": receivables.aging(ledger, ts.date(), pol["receivables"]["buckets"]),
        "open_items": ledger.open_items,
        "pyramid_summary": seg.pyramid_summary(pyr, data, ts, pol),
    }
    return BookTables(as_of=ts.date(), policy_digest=_digest(pol), tables=tables)


# ============================================================================ account plan
@dataclass
class AccountProfile:
    """Everything the account plan of one customer shows (see :func:`account_profile`)."""

    customer_id: str
    name: str
    as_of: dt.date
    profile: pd.Series
    trend: pd.DataFrame
    margin: pd.Series
    credit: pd.Series
    aging: pd.Series
    open_items: pd.DataFrame
    activities: pd.DataFrame
    time: pd.Series
    relationship: pd.Series
    lifecycle: pd.Series
    strategies: pd.DataFrame
    contacts: pd.DataFrame
    plan: pd.DataFrame = field(repr=False)


def default_account(data: KamData, as_of: dt.date | str, policy: PolicyLike = None) -> str:
    """The first key account: the key account with the largest revenue of the last 12 months.

    The order of :func:`kamtools.report.select_accounts` (revenue, then composite).
    Raises ``ValueError`` when the book has no key account.
    """
    tiers = seg.pyramid(_source(data), as_of, policy)
    key = tiers[(tiers["tier"] == "key") & (tiers["kind"] == "customer")]
    if key.empty:
        raise ValueError("the book has no key account: give a customer_id")
    return str(key.sort_values(["revenue_12m", "composite"], ascending=False, kind="mergesort").index[0])


def _ordered(scores: Mapping[str, float]) -> list[str]:
    """Codes from the lowest to the highest score."""
    return [k for k, _ in sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))]


def _next_up(current: str, scores: Mapping[str, float], skip: tuple[str, ...] = ()) -> str | None:
    """The code scoring next above ``current`` (never one of ``skip``), or None at the top."""
    order = [k for k in _ordered(scores) if k not in skip or k == current]
    if current not in order:
        return order[-1] if order else None
    i = order.index(current)
    return order[i + 1] if i + 1 < len(order) else None


def _day(v: object) -> dt.date | None:
    """A date, or None when missing (shows as a plain date in tables)."""
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date()


def _money(v: float) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{v:,.0f}"


def _pct(v: float) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{v:.0%}"


def _text(v: object, missing: str = "unknown") -> str:
    return missing if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v) in ("", "nan", "None") \
        else str(v)


def account_profile(data: KamData, customer_id: str, as_of: dt.date | str,
                    policy: PolicyLike = None, book: BookTables | None = None) -> AccountProfile:
    """The profile of one customer and a proposed account plan, at ``as_of``.

    Parameters
    ----------
    data
        The book.
    customer_id
        The customer; an unknown id raises ``ValueError`` naming it.
    as_of
        The report date (the last day of the report month).
    policy
        Policy path, mapping or None for the shipped defaults.
    book
        Book-level tables already computed for this date and policy (:func:`book_tables`,
        or the folder they were saved to); None computes them here.

    Returns
    -------
    AccountProfile with

    * ``profile`` -- attributes, tier and rank in the pyramid, status, first and last purchase;
    * ``trend`` -- :func:`monthly` of the customer over the last 24 months;
    * ``margin`` -- revenue and margin of the last and previous 12 months, growth,
      discount, cost to serve and profit after it (:func:`kamtools.segments.profitability`);
    * ``credit`` -- grade and score, approved and recommended limit, exposure,
      utilization, over-limit amounts, approval level, re-review reasons
      (:func:`kamtools.credit.limits`);
    * ``aging`` and ``open_items`` -- open receivables by bucket and the open invoices;
    * ``activities`` -- activities of the last 12 months by type (count, hours, last date);
    * ``time`` -- selling hours of the last 12 months against the account's time target:
      the tier's share of all selling time (``segments.time_targets``) spread evenly over
      the accounts of the tier;
    * ``relationship`` -- relationship state and level, transactional or relational;
    * ``lifecycle`` -- stage and trend;
    * ``strategies`` -- the strategy for its tier, status, lifecycle stage and relationship type;
    * ``contacts`` -- the customer's contacts;
    * ``plan`` -- the account plan (section, item, content): situation (customer,
      competitors, our position), objectives, actions and team (the account manager and
      the supporting functions of :data:`SUPPORT_FUNCTIONS`).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> account_profile(data, "nobody", "2026-10-31")
    Traceback (most recent call last):
    ...
    ValueError: unknown customer id 'nobody': not in the customers table
    """
    data = _source(data)
    cid = str(customer_id)
    own = _check_customer(data, cid)
    pol = load_policy(policy)
    spol = pol["segments"]
    ts = pd.Timestamp(as_of).normalize()
    period = f"{ts.year:04d}-{ts.month:02d}"

    book = book_tables(data, ts, pol) if book is None else _checked_book(book, ts, pol)
    f = book.facts.loc[cid]
    c = own.assign(customer_id=own["customer_id"].astype("str")).set_index("customer_id").loc[cid]
    pyr = book.pyramid
    p = pyr.loc[cid]
    status = book.status.loc[cid]
    lc = book.lifecycle.loc[cid]
    rel = book.relational.loc[cid]
    prof = book.profitability.loc[cid]
    lim = book.limits.loc[cid]
    buckets = pol["receivables"]["buckets"]
    ag_all = book.aging
    zero = pd.Series(0.0, index=receivables.bucket_names(buckets) + ["total", "overdue", "max_days_past_due",
                                                                        "unapplied_credit"])
    ag = ag_all.loc[cid] if cid in ag_all.index else zero
    items = book.open_items
    items = items[items["customer_id"].astype("str") == cid].sort_values(["due_date", "invoice_date"])
    name = _text(c.get("name"), cid)

    profile = pd.Series({
        "customer_id": cid, "name": name, "industry": _text(c.get("industry")), "region": _text(c.get("region")),
        "account_manager": _text(c.get("account_manager")), "parent_id": _text(c.get("parent_id"), "none"),
        "ownership": _text(c.get("ownership")), "employees": c.get("employees"),
        "attractiveness": _text(c.get("attractiveness")), "wallet_estimate": c.get("wallet_estimate"),
        "tier": p["tier"], "rank": int(p["rank"]), "accounts": len(pyr), "composite": p["composite"],
        "status": status["status"], "first_purchase": _day(f["first_purchase"]),
        "last_purchase": _day(f["last_purchase"]),
    }, name=cid, dtype="object")

    trend = monthly(data, period, TREND_MONTHS, customer_id=cid)

    margin = pd.Series({
        "revenue_12m": f["revenue_12m"], "revenue_prev_12m": f["revenue_prev_12m"],
        "growth": _change(f["revenue_12m"], f["revenue_prev_12m"]),
        "margin_12m": f["margin_12m"], "margin_rate_12m": _rate(f["margin_12m"], f["revenue_12m"]),
        "margin_prev_12m": f["margin_prev_12m"],
        "margin_rate_prev_12m": _rate(f["margin_prev_12m"], f["revenue_prev_12m"]),
        "discount_12m": f["discount_12m"], "cost_to_serve": prof["cost_to_serve"], "profit": prof["profit"],
        "profit_class": prof["profit_class"],
    }, name=cid, dtype="object")

    credit_cols = ["grade", "score", "previous_grade", "approved_limit", "approved_by", "approved_on",
                   "collateral", "exposure", "utilization", "headroom", "overlimit", "overlimit_uncovered",
                   "recommended_limit", "limit_change", "approval_level", "review_reasons"]
    credit_s = lim[credit_cols].rename(cid)
    credit_s["approved_on"] = _day(credit_s["approved_on"])

    start = seg.months_before(ts, 12)
    if data.has("activities"):
        act = facts.query(data, "portfolio_activities", customer_id=cid, start=start.date(), as_of=ts.date())
        act = act.set_index("type")  # most hours first, ties by count, then by type
    else:
        act = pd.DataFrame(columns=["activities", "hours", "last_date"], index=pd.Index([], name="type"))
    act = act.astype({"activities": "int64", "hours": "float64"})

    summ = book.pyramid_summary
    tier = str(p["tier"])
    total_hours = float(summ["hours"].sum())
    n_tier = int(summ.loc[tier, "accounts"]) if tier in summ.index else 0
    target_share = float(spol["time_targets"].get(tier, 0.0))
    target = target_share * total_hours / n_tier if n_tier else float("nan")
    hours = float(act["hours"].sum())
    time = pd.Series({"hours_12m": hours, "target_hours": target, "achieved": _rate(hours, target),
                      "gap_hours": target - hours, "tier": tier, "tier_time_target": target_share,
                      "tier_accounts": n_tier}, name=cid, dtype="object")

    state, level = _text(c.get("relationship_state"), "none"), _text(c.get("relationship_level"), "none")
    relationship = pd.Series({
        "relationship_state": state, "relationship_level": level,
        "next_state": _next_up(state, spol["relationship_state_scores"], skip=("strained",)),
        "next_level": _next_up(level, spol["relationship_level_scores"]),
        "relationship_type": rel["relationship_type"], "discount_share": rel["discount_share"],
        "contribution": rel["contribution"],
    }, name=cid, dtype="object")

    lifecycle = pd.Series({"stage": lc["stage"], "trend": lc["trend"], "trend_note": lc["trend_note"],
                           "revenue_12m": lc["revenue_12m"], "revenue_prev_12m": lc["revenue_prev_12m"]},
                          name=cid, dtype="object")

    strategies = pd.DataFrame({
        "segment": [st.TIERS[tier].label, st.STATUS[status["status"]].label, st.LIFECYCLE[lc["stage"]].label,
                    st.RELATIONAL[rel["relationship_type"]].label],
        "strategy": [st.TIERS[tier].text, st.STATUS[status["status"]].text, st.LIFECYCLE[lc["stage"]].text,
                     st.RELATIONAL[rel["relationship_type"]].text],
    }, index=pd.Index(["tier", "status", "lifecycle", "relationship type"], name="concept"))

    if data.has("contacts"):
        con = data.customer_rows("contacts", cid)
        contacts = con[[col for col in ("name", "role", "phone") if col in con.columns]].reset_index(drop=True)
    else:
        contacts = pd.DataFrame(columns=["name", "role"])

    plan = _plan(profile, margin, credit_s, ag, time, relationship, lifecycle, act, contacts, pol)
    return AccountProfile(customer_id=cid, name=name, as_of=ts.date(), profile=profile, trend=trend,
                          margin=margin, credit=credit_s, aging=ag.rename(cid), open_items=items, activities=act,
                          time=time, relationship=relationship, lifecycle=lifecycle, strategies=strategies,
                          contacts=contacts, plan=plan)


def _plan(profile: pd.Series, margin: pd.Series, cr: pd.Series, ag: pd.Series, time: pd.Series,
          rel: pd.Series, lc: pd.Series, act: pd.DataFrame, contacts: pd.DataFrame, pol: dict) -> pd.DataFrame:
    """The account plan: situation, objectives, actions, team (rows of section, item, content)."""
    spol = pol["segments"]
    rows: list[tuple[str, str, str]] = []
    rev, prev = float(margin["revenue_12m"]), float(margin["revenue_prev_12m"])
    wallet = profile["wallet_estimate"]
    wallet = float(wallet) if wallet is not None and not pd.isna(wallet) and float(wallet) > 0 else None
    stage = str(lc["stage"])

    # Situation.
    roles = ", ".join(sorted(set(contacts["role"].astype("str")))) if len(contacts) else "none recorded"
    emp = profile["employees"]
    emp_text = f", {int(emp):,} employees" if emp is not None and not pd.isna(emp) else ""
    since = profile["first_purchase"]
    since_text = f"buying from us since {pd.Timestamp(since).date()}" if pd.notna(since) else "not buying yet"
    rows.append(("situation", "customer",
                 f"{profile['industry']}, region {profile['region']}, ownership {profile['ownership']}{emp_text}; "
                 f"{since_text}. Contacts: {len(contacts)} ({roles})."))
    if wallet:
        sow = min(max(rev, 0.0) / wallet, 1.0)
        rows.append(("situation", "competitors",
                     f"estimated yearly purchases in our category {_money(wallet)}: we supplied {_money(rev)} "
                     f"({_pct(sow)} share of wallet), competitors about {_money(max(wallet - max(rev, 0.0), 0.0))} "
                     f"({_pct(1 - sow)}). Name the main competitors and their position with the customer."))
    else:
        rows.append(("situation", "competitors",
                     "no wallet estimate: ask the customer for its yearly purchases in our category and who else "
                     "supplies it, and record the estimate (customers.wallet_estimate)."))
    rows.append(("situation", "our position",
                 f"{st.TIERS[str(profile['tier'])].label}, rank {profile['rank']} of {profile['accounts']} accounts; "
                 f"{st.LIFECYCLE[stage].label} stage, revenue {_money(rev)} over the last 12 months against "
                 f"{_money(prev)} before; margin rate {_pct(margin['margin_rate_12m'])}; relationship "
                 f"{rel['relationship_state']} at {rel['relationship_level']} level ({rel['relationship_type']}); "
                 f"credit grade {_text(cr['grade'])}."))

    # Objectives.
    growth = float(spol["lifecycle"]["growth_above"])
    if stage == "defense":
        target = prev
        why = "win back the revenue of the previous 12 months"
    elif stage == "hibernation":
        target = prev
        why = "reactivate the account"
    else:
        target = max(rev, 0.0) * (1 + growth)
        why = f"grow by {growth:.0%} (the growth stage threshold)"
    if wallet:
        target = min(target, wallet)
    rows.append(("objectives", "revenue",
                 f"{_money(target)} over the next 12 months ({why})"
                 + (f", {_pct(target / wallet)} share of wallet." if wallet else ".")))
    nxt_level, nxt_state = rel["next_level"], rel["next_state"]
    rel_goal = []
    if nxt_level:
        rel_goal.append(f"reach the {nxt_level} level (now {rel['relationship_level']})")
    if nxt_state:
        rel_goal.append(f"move the relationship to {nxt_state} (now {rel['relationship_state']})")
    rows.append(("objectives", "relationship", "; ".join(rel_goal) + "." if rel_goal
                 else "keep the strategic alliance at senior-team level."))
    rows.append(("objectives", "selling time",
                 f"{_money(time['target_hours'])} hours a year on the account (its share of the "
                 f"{st.TIERS[str(time['tier'])].term} time target of {_pct(time['tier_time_target'])}); "
                 f"{_money(time['hours_12m'])} hours over the last 12 months."))
    credit_goal = []
    if float(ag["overdue"]) > 0:
        credit_goal.append(f"collect the overdue {_money(ag['overdue'])} (oldest {int(ag['max_days_past_due'])} "
                           f"days past due)")
    if float(cr["overlimit"]) > 0:
        credit_goal.append(f"bring exposure {_money(cr['exposure'])} within the approved limit "
                           f"{_money(cr['approved_limit'])} (cash or collateral for the "
                           f"{_money(cr['overlimit'])} above)")
    if float(cr["limit_change"]) != 0:
        credit_goal.append(f"move the limit from {_money(cr['approved_limit'])} to the recommended "
                           f"{_money(cr['recommended_limit'])} (approval: {cr['approval_level']})")
    rows.append(("objectives", "credit and receivables",
                 "; ".join(credit_goal) + "." if credit_goal else "keep paying on time and within the limit."))

    # Actions.
    rows.append(("actions", "tier strategy", st.TIERS[str(profile["tier"])].text))
    rows.append(("actions", "lifecycle", st.LIFECYCLE[stage].text))
    gap = float(time["gap_hours"]) if not pd.isna(time["gap_hours"]) else 0.0
    if gap > 0:
        rows.append(("actions", "selling time",
                     f"plan about {gap / 12:,.1f} more hours a month of visits and meetings to reach the time target."))
    if nxt_level:
        rows.append(("actions", "relationship", f"meet the customer's {nxt_level} with our senior management; "
                                                "map the decision makers and their interests."))
    if float(ag["overdue"]) > 0:
        rows.append(("actions", "collection", "call the customer's finance contact about the overdue invoices "
                                              "and agree on a payment date; record the promise."))
    if float(cr["limit_change"]) > 0:
        rows.append(("actions", "credit limit", f"file the credit forms for the increase to "
                                                f"{_money(cr['recommended_limit'])} with the {cr['approval_level']}."))
    complaints = int(act.loc["complaint", "activities"]) if "complaint" in act.index else 0
    if complaints:
        rows.append(("actions", "service", f"review the {complaints} complaint(s) of the last 12 months with "
                                           "customer service and close each one with the customer."))

    # Team.
    rows.append(("team", "account manager",
                 f"{profile['account_manager']}: owns the plan and the relationship, leads the team, reviews the "
                 "plan with the customer each quarter."))
    for function, role in SUPPORT_FUNCTIONS.items():
        if function == "finance":
            role = (f"{role} (grade {_text(cr['grade'])}, limit {_money(cr['approved_limit'])}, "
                    f"exposure {_money(cr['exposure'])}, overdue {_money(ag['overdue'])})")
        rows.append(("team", function, role))
    return pd.DataFrame(rows, columns=["section", "item", "content"])


# ============================================================================ charts

"""The portfolio at a glance: the book-level figures of the portfolio page.

The portfolio page of the monthly report (:func:`kpis`, :func:`customer_counts`,
:func:`concentration`, :func:`lifecycle_counts`, :func:`risks`) is assembled here from
the other modules of the workbook, so the notebooks only call and show. The headline
numbers every page states come from :func:`kamtools.headline.kpis`, built on these. The profile and
plan of one key account are in :mod:`kamtools.account_plan`.

Dates and windows
    ``as_of`` is the report date: a date, or anything :func:`kamtools.periods.as_date`
    reads (a ``YYYY-MM`` period is refused: pass its last day, ``periods.period_end``).
    "The month" is the calendar month of ``as_of`` (``periods.period_of``) up to
    ``as_of``; "the previous month" and "a year ago" are the calendar months one and
    twelve months earlier, up to the same day (:func:`kamtools.periods.months_before`:
    a month end stays a month end). "Last 12 months" are the twelve calendar months up
    to ``as_of``, "the previous 12 months" the twelve before them (the windows of
    :mod:`kamtools.segments`). For a month-end ``as_of``, the report date of a period,
    every window is made of whole calendar months.
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
>>> k = kpis(data, "2026-10-31")
>>> bool(k.loc["revenue", "last_12m"] > 0), list(k.columns[:3])
(True, ['month', 'previous_month', 'change_mom'])
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import credit, facts, receivables
from . import segments as seg
from . import strategies as st
from .money import from_cents, to_cents
from .periods import AsOf, as_date, as_timestamp, months_before
from .policy import load_policy
from .store import KamData
from .text import MISSING, is_missing, num

__all__ = [
    "Concentration",
    "concentration",
    "credit_view",
    "customer_counts",
    "format_kpis",
    "kpis",
    "holds_by_rule",
    "lifecycle_counts",
    "loss_makers",
    "monthly",
    "risks",
]

PolicyLike = str | os.PathLike | Mapping | None

#: Months of history in an account's trend.
TREND_MONTHS = 24


# ============================================================================ helpers
def _month_start(ts: pd.Timestamp) -> pd.Timestamp:
    return ts.normalize().replace(day=1)


def _source(data: KamData) -> KamData:
    if isinstance(data, pd.DataFrame):
        raise TypeError("pass a KamData, or DataFrames by table name through kamtools.facts.source(...)")
    return facts.source(data)


def _money_sum(amounts: pd.Series) -> float:
    """A total of money, exact in cents (:mod:`kamtools.money`)."""
    return float(from_cents(to_cents(amounts.fillna(0.0)).sum()))


def _rate(num: float, den: float) -> float:
    return float(num) / float(den) if den and den > 0 else float("nan")


def _change(now: float, before: float) -> float:
    """Relative change now / before - 1; NaN unless ``before`` is positive."""
    return float(now) / float(before) - 1.0 if before and before > 0 else float("nan")


# ============================================================================ months and KPIs
def monthly(data: KamData, as_of: AsOf, months: int = TREND_MONTHS, customer_id: str = "") -> pd.DataFrame:
    """Revenue, cost, margin, margin rate, invoices and buying customers per month.

    The ``months`` calendar months up to and including the month of ``as_of`` (every
    month appears, zeros when nothing was invoiced; the last one up to ``as_of``); of one
    customer when ``customer_id`` is given.

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
    >>> monthly(facts.source(invoices=inv), "2026-10-31", months=3)[["revenue", "margin"]].to_dict("index")
    {'2026-08': {'revenue': 0.0, 'margin': 0.0}, '2026-09': {'revenue': 100.0, 'margin': 40.0}, \
'2026-10': {'revenue': 80.0, 'margin': 20.0}}
    """
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    data = _source(data)
    as_of = as_timestamp(as_of)
    first = _month_start(months_before(as_of, months - 1))
    labels = pd.period_range(first, as_of, freq="M").strftime("%Y-%m")
    cols = ["revenue", "cost", "margin", "discount", "invoices", "credit_notes", "buying_customers"]
    if data.has("invoices"):
        m = facts.query(
            data, "portfolio_monthly", first=first.date(), last=as_of.date(), customer_id=str(customer_id or "")
        )
        m.index = pd.to_datetime(m.pop("month")).dt.strftime("%Y-%m")
    else:
        m = pd.DataFrame(columns=cols)
    out = m.reindex(labels).reindex(columns=cols).fillna(0)
    out.index.name = "month"
    out = out.astype(
        {c: "float64" for c in ("revenue", "cost", "margin", "discount")}
        | {c: "int64" for c in ("invoices", "credit_notes", "buying_customers")}
    )
    rev = out["revenue"]
    out.insert(3, "margin_rate", (out["margin"] / rev.where(rev > 0)).astype("float64"))
    return out


def _totals(data: KamData, first: pd.Timestamp, last: pd.Timestamp, customer_id: str = "") -> dict[str, float]:
    if not data.has("invoices"):
        return {"revenue": 0.0, "margin": 0.0, "discount": 0.0, "invoices": 0, "buying_customers": 0}
    row = facts.query(
        data, "portfolio_totals", first=first.date(), last=last.date(), customer_id=str(customer_id or "")
    ).iloc[0]
    return {k: (float(row[k]) if k in ("revenue", "margin", "discount") else int(row[k])) for k in row.index}


def kpis(data: KamData, as_of: AsOf, customer_id: str = "") -> pd.DataFrame:
    """The sales figures of the month of ``as_of`` against the previous month, a year ago and 12 months.

    The portfolio page's table; the report's headline numbers, the same on every page, are
    :func:`kamtools.headline.kpis` (``kt.kpis``), which reads revenue, margin and buyers here.

    Rows: ``revenue``, ``margin``, ``margin_rate``, ``discount``, ``invoices`` (purchases)
    and ``buying_customers`` (distinct customers with a purchase in the window).
    Columns: ``month`` (the month of ``as_of``), ``previous_month``, ``change_mom``, ``year_ago`` (the
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
    >>> k = kpis(facts.source(invoices=inv), "2026-10-31")
    >>> k.loc["revenue", ["month", "previous_month", "year_ago", "change_yoy", "last_12m"]].tolist()
    [150.0, 50.0, 100.0, 0.5, 200.0]
    """
    data = _source(data)
    as_of = as_timestamp(as_of)
    ends = {"month": as_of, "previous_month": months_before(as_of, 1), "year_ago": months_before(as_of, 12)}
    windows = {k: (_month_start(e), e) for k, e in ends.items()}
    windows["last_12m"] = (_month_start(months_before(as_of, 11)), as_of)
    windows["previous_12m"] = (_month_start(months_before(as_of, 23)), months_before(as_of, 12))
    tot = {k: _totals(data, a, b, customer_id) for k, (a, b) in windows.items()}
    for t in tot.values():
        t["margin_rate"] = _rate(t["margin"], t["revenue"])
    rows = ["revenue", "margin", "margin_rate", "discount", "invoices", "buying_customers"]
    out = pd.DataFrame(index=pd.Index(rows, name="metric"))
    for k in windows:
        out[k] = [float(tot[k][r]) for r in rows]
    for col, now, before in (
        ("change_mom", "month", "previous_month"),
        ("change_yoy", "month", "year_ago"),
        ("change_12m", "last_12m", "previous_12m"),
    ):
        out[col] = [
            (out.at[r, now] - out.at[r, before]) if r == "margin_rate" else _change(out.at[r, now], out.at[r, before])
            for r in rows
        ]
    out["change_unit"] = ["points" if r == "margin_rate" else "relative" for r in rows]
    return out[
        [
            "month",
            "previous_month",
            "change_mom",
            "year_ago",
            "change_yoy",
            "last_12m",
            "previous_12m",
            "change_12m",
            "change_unit",
        ]
    ]


def format_kpis(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`kpis` as text for a reader: amounts with thousands separators, rates and
    relative changes in per cent, changes of the margin rate in points; a missing value
    (a change against nothing) as ``–``, a change that rounds to zero as ``+0.0``.

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
            if is_missing(v):
                cells.append(MISSING)
            elif col.startswith("change"):
                points = table.at[metric, "change_unit"] == "points"
                cells.append(f"{num(v * 100):+.1f} pt" if points else f"{num(v):+.1%}".replace("%", " %"))
            elif metric == "margin_rate":
                cells.append(f"{num(v):.1%}".replace("%", " %"))
            else:
                cells.append(f"{num(v):,.0f}")
        out[col] = cells
    return out


# ============================================================================ customers
_COUNT_ROWS = ("new", "active", "lost", "prospect", "buying", "won_in_month", "lost_in_month")


def _counts(data: KamData, as_of: pd.Timestamp, policy: PolicyLike) -> dict[str, dict[str, int]]:
    """Status counts at the month end, the previous month end and a year earlier, from one
    pass over the invoices (see ``sql/portfolio_purchase_dates.sql``)."""
    ends = {k: months_before(as_of, k) for k in (0, 1, 2, 12, 13)}
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
        # buyers: a purchase in the 12 months up to the date (whatever the policy's lost_after_months)
        counts["buying"] = int((pd.to_datetime(dates[f"last_d{k}"]) > months_before(ends[k], 12)).sum())
        counts["won_in_month"] = int(((first >= _month_start(ends[k])) & (first <= ends[k])).sum())
        counts["lost_in_month"] = int(((now == "lost") & (before != "lost")).sum())
        out[col] = counts
    return out


def customer_counts(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Customers by status on ``as_of``, the previous month and a year ago.

    Rows: ``new``, ``active``, ``lost``, ``prospect`` (the status of
    :func:`kamtools.segments.status` on ``as_of`` and the same day one and twelve months
    earlier -- month ends for a month-end ``as_of``; customers only, leads not counted),
    ``buying`` (the buyers of the 12 months up to that day: customers with a purchase in
    them, as :func:`kamtools.headline.kpis` ``buyers_12m``; new + active when
    ``segments.lost_after_months`` is 12), ``won_in_month`` (first purchase in that month)
    and ``lost_in_month`` (lost on that day, not lost a month earlier).
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
    >>> c = customer_counts(facts.source(customers=cust, invoices=inv), "2026-10-31")
    >>> c["month"].to_dict()
    {'new': 1, 'active': 0, 'lost': 1, 'prospect': 1, 'buying': 1, 'won_in_month': 1, 'lost_in_month': 1}
    """
    data = _source(data)
    as_of = as_timestamp(as_of)
    cols = ("month", "previous_month", "year_ago")
    counts = _counts(data, as_of, policy)
    out = pd.DataFrame(
        {k: [counts[k][r] for r in _COUNT_ROWS] for k in cols}, index=pd.Index(list(_COUNT_ROWS), name="customers")
    ).astype("int64")
    out.insert(2, "change_mom", out["month"] - out["previous_month"])
    out["change_yoy"] = out["month"] - out["year_ago"]
    out = out[["month", "previous_month", "change_mom", "year_ago", "change_yoy"]]
    strat = {
        **{k: str(st.STATUS[k]) for k in ("new", "active", "lost", "prospect")},
        "buying": str(st.STATUS["active"]),
        "won_in_month": str(st.STATUS["new"]),
        "lost_in_month": str(st.STATUS["lost"]),
    }
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
    """Customers with a purchase in the last 12 months (the buyers of ``pareto``)."""


def concentration(
    data: KamData, as_of: AsOf, policy: PolicyLike = None, n: int = 10, pyramid: pd.DataFrame | None = None
) -> Concentration:
    """How concentrated revenue of the last 12 months is: top ``n``, top share (Pareto).

    Customers are ranked by revenue of the last 12 months, largest first (ties by id);
    negative revenue counts as zero, and shares are of the total of positive revenue.
    ``pareto`` is :func:`kamtools.segments.revenue_pareto`: the curve of the buyers of the
    last 12 months (customers with a purchase in them) and the share of the top
    ``segments.pareto_top`` (20 %) of them, as on the segmentation page and in
    :func:`kamtools.headline.kpis`; ``buying_customers`` counts those buyers.
    ``pyramid`` may pass :func:`kamtools.segments.pyramid` for the same date and policy
    (for the tier column).

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": list("abcd"), "customer_id": ["C1", "C2", "C3", "C4"],
    ...     "invoice_date": ["2026-10-01"] * 4, "due_date": ["2026-10-01"] * 4,
    ...     "amount": [60.0, 20.0, 15.0, 5.0], "cost": [0.0] * 4})
    >>> c = concentration(facts.source(invoices=inv), "2026-10-31", n=2)
    >>> c.top["share"].tolist(), c.top_n_share, c.buying_customers
    ([0.6, 0.2], 0.8, 4)
    """
    pol = load_policy(policy)
    data = _source(data)
    as_of = as_timestamp(as_of)
    f = seg.customer_facts(data, as_of)
    rev = f["revenue_12m"].clip(lower=0)
    total = float(rev.sum())
    order = (
        pd.DataFrame({"v": rev.to_numpy(), "id": rev.index.to_numpy()}, index=rev.index)
        .sort_values(["v", "id"], ascending=[False, True], kind="mergesort")
        .index
    )
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
    par = seg.revenue_pareto(data, as_of, pol)
    share = float(top["share"].sum()) if total > 0 else float("nan")
    return Concentration(top=top, top_n_share=round(share, 12), pareto=par, buying_customers=len(par.curve))


# ============================================================================ sales beside credit
def credit_view(ids: Any, limits: pd.DataFrame, held: pd.DataFrame) -> pd.DataFrame:
    """The credit page's view of the customers ``ids``, to read beside their sales.

    ``limits`` is :func:`kamtools.credit.limits` and ``held`` :func:`kamtools.credit.holds` of the
    same date and policy (the credit page's own results, not computed again here).

    Returns
    -------
    DataFrame indexed by ``customer_id`` in the order of ``ids``: ``grade``, ``approved_limit``,
    ``recommended_limit``, ``action`` (the credit page's recommendation), ``hold`` (on credit hold)
    and ``rules`` (the hold rules that fired, ``", "``-joined codes of
    :data:`kamtools.credit.HOLD_RULES`; ``""`` when not held). A customer the limits do not know
    has no grade and limits of 0.

    >>> lim = pd.DataFrame({"grade": ["A", "C"], "approved_limit": [100.0, 50.0],
    ...     "recommended_limit": [120.0, 0.0], "action": ["increase", "withdraw"]}, index=["C1", "C2"])
    >>> held = pd.DataFrame({"rules": ["grade, over_limit"]}, index=["C2"])
    >>> credit_view(["C2", "C1"], lim, held)[["approved_limit", "recommended_limit", "hold", "rules"]].to_dict("index")
    {'C2': {'approved_limit': 50.0, 'recommended_limit': 0.0, 'hold': True, 'rules': 'grade, over_limit'}, \
'C1': {'approved_limit': 100.0, 'recommended_limit': 120.0, 'hold': False, 'rules': ''}}
    """
    idx = pd.Index([str(i) for i in ids], name="customer_id", dtype="str")
    lim = limits.reindex(idx)
    out = pd.DataFrame(index=idx)
    out["grade"] = lim["grade"].astype("object")
    for col in ("approved_limit", "recommended_limit"):
        out[col] = lim[col].fillna(0.0).astype("float64")
    out["action"] = lim["action"].astype("object")
    out["hold"] = idx.isin(held.index.astype("str"))
    out["rules"] = held["rules"].reindex(idx).fillna("").astype("str") if "rules" in held else ""
    return out


def holds_by_rule(held: pd.DataFrame) -> pd.Series:
    """Customers on hold by each rule of :data:`kamtools.credit.HOLD_RULES` that holds any (a
    customer held by several rules counts under each), as the index and the credit page count them.

    >>> h = pd.DataFrame({"hold_over_limit": [True, True], "hold_grade": [True, False]}, index=["C1", "C2"])
    >>> holds_by_rule(h).to_dict()
    {'over_limit': 2, 'grade': 1}
    """
    counts = {r: int(held[f"hold_{r}"].astype(bool).sum()) for r in credit.HOLD_RULES if f"hold_{r}" in held}
    return pd.Series({r: n for r, n in counts.items() if n}, dtype="int64", name="customers")


def loss_makers(
    data: KamData, as_of: AsOf, pyramid: pd.DataFrame | None = None, policy: PolicyLike = None
) -> pd.DataFrame:
    """The customers with a negative margin over the last 12 months, the largest loss first.

    Margin and discount of the last 12 months as :func:`concentration` (the segments' customer
    facts), the tier from ``pyramid`` (:func:`kamtools.segments.pyramid` of the same date and
    policy, computed when not given).

    Returns
    -------
    DataFrame indexed by ``customer_id``: name, account_manager, revenue_12m, margin_12m,
    ``margin_loss_12m`` (= -margin_12m, positive), discount_12m, tier; ties by id.
    """
    data = _source(data)
    as_of = as_timestamp(as_of)
    f = seg.customer_facts(data, as_of)
    loss = f[f["margin_12m"] < 0]
    out = pd.DataFrame(index=pd.Index(loss.index.astype("str"), name="customer_id"))
    out["name"] = loss["name"].astype("str").to_numpy()
    am = loss["account_manager"] if "account_manager" in loss else pd.Series("", index=loss.index)
    out["account_manager"] = am.fillna("").astype("str").to_numpy()
    for col in ("revenue_12m", "margin_12m"):
        out[col] = loss[col].astype("float64").to_numpy()
    out["margin_loss_12m"] = -out["margin_12m"]
    disc = loss["discount_12m"] if "discount_12m" in loss else pd.Series(0.0, index=loss.index)
    out["discount_12m"] = disc.fillna(0.0).astype("float64").to_numpy()
    if pyramid is None:
        pyramid = seg.pyramid(data, as_of, load_policy(policy))
    out["tier"] = pyramid["tier"].reindex(out.index).astype("str")
    order = out.assign(_id=out.index).sort_values(["margin_loss_12m", "_id"], ascending=[False, True], kind="mergesort")
    return out.loc[order.index]


# ============================================================================ lifecycle
def lifecycle_counts(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Customers and revenue per stage of the relationship lifecycle on ``as_of``.

    Stages as :func:`kamtools.segments.lifecycle`, of every customer of the book: a
    customer set up but not buying yet is in ``breakthrough`` (winning its first orders),
    as on the segmentation page and in :func:`kamtools.headline.kpis`.

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
    >>> cust = pd.DataFrame({"customer_id": ["G", "N", "P"]})  # P: set up, not buying yet
    >>> lifecycle_counts(facts.source(customers=cust, invoices=inv), "2026-10-31")["customers"].to_dict()
    {'breakthrough': 2, 'growth': 1, 'harvest': 0, 'defense': 0, 'hibernation': 0}
    """
    data = _source(data)
    as_of = as_timestamp(as_of)
    lc = seg.lifecycle(data, as_of, policy)
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


def risks(
    data: KamData,
    as_of: AsOf,
    policy: PolicyLike = None,
    *,
    limits: pd.DataFrame | None = None,
    aged: pd.DataFrame | None = None,
    book: Any = None,
) -> pd.DataFrame:
    """Headline risks on ``as_of``: overdue receivables and over-limit exposure.

    Receivables from :func:`kamtools.receivables.aging` (the ledger settled at the
    report date, the policy's buckets), exposure and limits from
    :func:`kamtools.credit.limits`; either may be passed when already computed for the
    same date and policy, or taken from ``book`` (the
    :class:`~kamtools.account_plan.BookTables` of :func:`kamtools.account_plan.book_tables`
    for the same date and policy).

    Returns
    -------
    DataFrame indexed by ``risk`` (open_receivables, overdue, overdue_share,
    overdue_customers, exposure, over_limit_customers, overlimit, overlimit_uncovered,
    overlimit_share, exposure_without_limit): ``value`` and ``description``. Shares are
    NaN when their base is zero.
    """
    pol = load_policy(policy)
    data = _source(data)
    as_of = as_date(as_of)
    if book is not None:
        book = book.checked(as_of, pol)
        limits = book.limits if limits is None else limits
        aged = book.aging if aged is None else aged
    if aged is None:
        aged = receivables.aging(data, as_of, pol["receivables"]["buckets"])
    if limits is None:
        limits = credit.limits(data, as_of, pol)
    open_rec, overdue = _money_sum(aged["total"]), _money_sum(aged["overdue"])
    exposure, over = _money_sum(limits["exposure"]), _money_sum(limits["overlimit"])
    values = {
        "open_receivables": open_rec,
        "overdue": overdue,
        "overdue_share": _rate(overdue, open_rec),
        "overdue_customers": float((aged["overdue"] > 0).sum()),
        "exposure": exposure,
        "over_limit_customers": float(limits["over_limit"].sum()),
        "overlimit": over,
        "overlimit_uncovered": _money_sum(limits["overlimit_uncovered"]),
        "overlimit_share": _rate(over, exposure),
        "exposure_without_limit": _money_sum(limits.loc[limits["approved_limit"] <= 0, "exposure"]),
    }
    out = pd.DataFrame(
        {"value": [round(v, 12) for v in values.values()], "description": [_RISKS[k] for k in values]},
        index=pd.Index(list(values), name="risk"),
    )
    return out

"""Interactive explorers for JupyterLab: the portfolio, one account, and credit what-ifs.

Three explorers, each a thin layer of ipywidgets over plain functions:

* :class:`PortfolioExplorer` -- filter the accounts by period, region, account
  manager, tier, grade and lifecycle stage; a table, linked charts and an Excel
  export of the current selection (:func:`account_table`, :func:`filter_accounts`).
* :class:`AccountCard` -- pick a customer by id or name (Chinese names too) and see
  its profile, trend, credit, receivables, activities and strategy
  (:func:`search_customers`).
* :class:`CreditWhatIf` -- change the scorecard weights, the grade cut-offs and the
  limit rules and see the grade distribution, the total recommended limit and the
  approvals needed update live; save the edited policy as a YAML file for
  ``kam report --policy`` (:func:`what_if`).

Every explorer keeps its widgets as attributes (``explorer.tier``, ``card.search``,
``what_if.cutoffs["AAA"]`` ...) and its current results as attributes
(``explorer.selection``, ``card.credit``, ``what_if.result`` ...), so it can be
driven from code as well as by hand: setting ``widget.value`` updates the results
at once. Charts are drawn with :mod:`kamtools.plots` on a figure of the explorer
(``.figure``, ``.axes``) and shown as an image. Display an explorer by making it
the last expression of a cell.

>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> table = account_table(data, "2026-10-31")
>>> key = filter_accounts(table, tier="key")
>>> bool((key["tier"] == "key").all()) and len(key) > 0
True
"""
from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import html
import io
import os
import unicodedata
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import ipywidgets as W
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import credit, facts, paths, plots, receivables
from . import segments as seg
from .excel import write_workbook
from .policy import RANGES, PolicyError, load_policy, save_policy
from .periods import data_period, period_bounds
from .schema import CREDIT_FACTORS
from .store import KamData

__all__ = [
    "ALL",
    "FILTERS",
    "AccountCard",
    "CreditBase",
    "CreditWhatIf",
    "PortfolioExplorer",
    "Snapshot",
    "WhatIfResult",
    "account_table",
    "available_periods",
    "credit_base",
    "customer_activities",
    "customer_ledger",
    "customer_monthly",
    "filter_accounts",
    "scale_weights",
    "search_customers",
    "snapshot",
    "what_if",
]

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
    "name", "industry", "region", "account_manager", "tier", "rank", "grade", "score", "stage",
    "revenue_12m", "margin_12m", "margin_rate", "open_receivables", "overdue", "max_days_past_due",
    "approved_limit", "exposure", "utilization", "recommended_limit",
]
_MONEY = ["revenue_12m", "margin_12m", "open_receivables", "overdue", "approved_limit", "exposure",
          "recommended_limit", "avg_monthly_purchases", "limit_change", "amount", "open_amount",
          "invoiced", "collected", "margin"]
_PERCENT = ["margin_rate", "utilization"]
AsOf = str | dt.date | pd.Timestamp


# ============================================================================ helpers
def _as_of(as_of: AsOf) -> dt.date:
    if as_of is None:
        raise ValueError("as_of is required (a date such as 2026-10-31)")
    ts = pd.Timestamp(as_of)
    if ts is pd.NaT:
        raise ValueError(f"as_of is not a date: {as_of!r}")
    return ts.date()


def _policy(policy: Any) -> dict:
    """The full policy (defaults merged with ``policy``), credit section checked."""
    pol = credit._policy(policy)  # the credit module's own checks (weights add up to 100, ...)
    return copy.deepcopy(dict(pol))


def available_periods(data: KamData, months: int = 24) -> list[str]:
    """The report months (``YYYY-MM``) an explorer offers: up to ``months`` complete
    months of invoices, the latest first.

    >>> import kamtools as kt
    >>> available_periods(kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31"), 3)
    ['2026-10', '2026-09', '2026-08']
    """
    last = pd.Period(data_period(data), freq="M")
    first_date = data.sql("select min(invoice_date) as first from invoices")["first"].iloc[0]
    first = pd.Period(pd.Timestamp(first_date), freq="M")
    n = max(1, min(int(months), (last - first).n + 1))
    return [str(last - k) for k in range(n)]


def _money_html(v: Any) -> str:
    return "" if v is None or pd.isna(v) else f"{float(v):,.0f}"


def _frame_html(df: pd.DataFrame, max_rows: int = 50) -> str:
    """A DataFrame as a compact HTML table (text escaped, money with separators)."""
    shown = df.head(max_rows).copy()
    fmt: dict[str, Any] = {}
    for col in shown.columns:
        if col in _PERCENT:
            fmt[col] = lambda v: "" if pd.isna(v) else f"{v:.0%}"
        elif col in _MONEY:
            fmt[col] = _money_html
    out = shown.to_html(formatters=fmt, na_rep="", escape=True, border=0, classes="kam-table")
    more = f"<p>{len(df) - max_rows:,} more rows not shown.</p>" if len(df) > max_rows else ""
    return f'<div style="max-height:420px;overflow:auto">{out}</div>{more}'


def _record_html(pairs: Mapping[str, Any]) -> str:
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(str(k))}</th>"
                   f"<td>{html.escape(str(v))}</td></tr>" for k, v in pairs.items())
    return f"<table>{rows}</table>"


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72)
    return buf.getvalue()


def _options(values: Iterable[Any], order: Iterable[Any] | None = None) -> list[tuple[str, str]]:
    """Dropdown options: "(all)" first, then the values (in ``order`` when given)."""
    present = {str(v) for v in values if v is not None and not pd.isna(v)}
    ordered = [str(v) for v in order if str(v) in present] if order is not None else []
    ordered += sorted(present - set(ordered))
    return [("(all)", ALL)] + [(v, v) for v in ordered]


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
    day = _as_of(as_of)
    sc = credit.score(data, day, pol)
    lim = credit.limits(data, day, pol, scores=sc)
    pyr = seg.pyramid(data, day, pol)
    lc = seg.lifecycle(data, day, pol)
    stat = seg.status(data, day, pol)
    vm = seg.value_matrix(data, day, pol)
    ag = receivables.aging(receivables.settle(data, None, day), day, pol["receivables"]["buckets"])
    return Snapshot(day, pol, sc, lim, pyr, lc, stat, vm, ag, _table(data, sc, lim, pyr, lc))


def _table(data: KamData, sc: pd.DataFrame, lim: pd.DataFrame, pyr: pd.DataFrame,
           lc: pd.DataFrame) -> pd.DataFrame:
    cust = data.customers.copy()
    cust["customer_id"] = cust["customer_id"].astype("str")
    cust = cust.set_index("customer_id")
    idx = pd.Index(sorted(cust.index), name="customer_id", dtype="str")
    p = pyr.reindex(idx)
    out = pd.DataFrame(index=idx)
    for col in ("name", "industry", "region", "account_manager"):
        out[col] = cust[col].reindex(idx).astype("str") if col in cust.columns else pd.Series(
            pd.NA, index=idx, dtype="str")
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
    names = table["name"].astype("str").fillna("") if "name" in table.columns else pd.Series(
        "", index=table.index, dtype="str")
    return (ids.str.normalize("NFKC").str.casefold(), names.str.normalize("NFKC").str.casefold())


def search_customers(table: pd.DataFrame, text: str, *, limit: int | None = None,
                     keys: tuple[pd.Series, pd.Series] | None = None) -> pd.DataFrame:
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
    rank = np.select([(ids == needle).to_numpy(), ids.str.startswith(needle).to_numpy(),
                      names.str.startswith(needle).to_numpy()], [0, 1, 2], 3)
    pos = np.flatnonzero(hit)
    order = pos[np.lexsort((pos, rank[pos]))]
    if limit is not None:
        order = order[:limit]
    return table.iloc[order].copy()


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
        {"cid": str(customer_id), "first": first, "end": end})
    pay = data.sql(
        "select strftime(date_trunc('month', payment_date), '%Y-%m') as month, sum(amount) as collected "
        "from payments where customer_id = $cid and payment_date between $first and $end group by 1",
        {"cid": str(customer_id), "first": first, "end": end})
    idx = pd.Index([str(pd.Period(first, freq="M") + k) for k in range(months)], name="month")
    out = pd.DataFrame(index=idx)
    out["invoiced"] = inv.set_index("month")["invoiced"].astype(float).reindex(idx).fillna(0.0)
    out["margin"] = inv.set_index("month")["margin"].astype(float).reindex(idx).fillna(0.0)
    out["collected"] = pay.set_index("month")["collected"].astype(float).reindex(idx).fillna(0.0)
    return out


def customer_ledger(data: KamData, customer_id: str, as_of: AsOf) -> receivables.Ledger:
    """The receivables ledger of one customer on ``as_of`` (:func:`kamtools.receivables.settle`
    on its own invoices and payments, read from the store)."""
    day = _as_of(as_of)
    inv = data.sql("select * from invoices where customer_id = $cid and invoice_date <= $d",
                   {"cid": str(customer_id), "d": day})
    pay = data.sql("select * from payments where customer_id = $cid and payment_date <= $d",
                   {"cid": str(customer_id), "d": day})
    return receivables.settle(inv, pay, day)


def customer_activities(data: KamData, customer_id: str, as_of: AsOf, n: int = 15) -> pd.DataFrame:
    """The latest ``n`` activities of one customer on or before ``as_of``, newest first."""
    if not data.has("activities"):
        return pd.DataFrame(columns=["date", "type", "account_manager", "hours"])
    df = data.sql("select * from activities where customer_id = $cid and date <= $d "
                  "order by date desc, activity_id desc limit $n",
                  {"cid": str(customer_id), "d": _as_of(as_of), "n": int(n)})
    return df.drop(columns=["customer_id"]).set_index("activity_id")


# ============================================================================ credit what-if
@dataclass
class CreditBase:
    """What a credit what-if does not change, computed once: ratio statuses (they depend on
    the benchmarks only), qualitative factor scores, equity, approved limits and purchases.

    Build it with :func:`credit_base`; :func:`what_if` rebuilds it by itself when the
    date or the benchmarks differ.
    """

    data: KamData
    as_of: dt.date
    benchmarks: tuple
    statuses: pd.DataFrame
    factors: pd.DataFrame
    equity: pd.Series
    approved_limit: pd.Series
    purchases: dict[int, pd.Series] = field(default_factory=dict)

    def purchases_over(self, months: int) -> pd.Series:
        """Net invoiced amount of each customer over the last ``months`` months (cached)."""
        months = int(months)
        if months not in self.purchases:
            ts = pd.Timestamp(self.as_of)
            start = (ts - pd.DateOffset(months=months)).date()
            p = facts.query(self.data, "credit_purchases", start=start, as_of=self.as_of)
            s = p.set_index(p["customer_id"].astype("str"))["purchases"].astype(float)
            self.purchases[months] = s.reindex(self.statuses.index).fillna(0.0)
        return self.purchases[months]


def _benchmark_key(pol: Mapping) -> tuple:
    c = pol["credit"]
    return (repr(c["benchmarks"]), repr(c.get("benchmarks_by_industry") or {}))


def credit_base(data: KamData, as_of: AsOf, policy: Any = None) -> CreditBase:
    """The parts of the credit assessment a what-if does not change (see :class:`CreditBase`)."""
    pol = _policy(policy)
    day = _as_of(as_of)
    sc = credit.score(data, day, pol)
    lim = credit.limits(data, day, pol, scores=sc)
    idx = sc.index
    statuses = sc[[f"{r}_status" for r in credit.RATIOS]].copy()
    factors = sc[list(CREDIT_FACTORS)].astype("Float64").astype(float)
    base = CreditBase(data, day, _benchmark_key(pol), statuses, factors,
                      lim["equity"].reindex(idx).astype(float), lim["approved_limit"].reindex(idx).astype(float))
    base.purchases[int(pol["credit"]["limit"]["purchase_months"])] = lim["purchases"].reindex(idx).astype(float)
    return base


@dataclass
class WhatIfResult:
    """The outcome of a credit policy on the book (:func:`what_if`).

    ``customers``: per customer ``score``, ``grade``, ``avg_monthly_purchases``,
    ``recommended_limit``, ``approved_limit``, ``limit_change``, ``approval_level``;
    ``grades``: customers per grade (best first); ``total_recommended``: sum of the
    recommended limits; ``approvals``: :func:`kamtools.credit.limit_changes` (customers,
    increases, decreases and amounts per approval level).
    """

    policy: dict
    customers: pd.DataFrame
    grades: pd.Series
    total_recommended: float
    approvals: pd.DataFrame

    @property
    def approvals_needed(self) -> pd.Series:
        """Customers whose limit change each approval level must sign (no change left out)."""
        return self.approvals["customers"].drop(index="none", errors="ignore")


def what_if(data: KamData, as_of: AsOf, policy: Any = None, *, base: CreditBase | None = None) -> WhatIfResult:
    """Grades, recommended limits and approvals of the book under ``policy``.

    Gives the same grades and limits as :func:`kamtools.credit.score` and
    :func:`kamtools.credit.limits` with that policy, but reuses ``base``
    (:func:`credit_base`) for everything the scorecard weights, the grade cut-offs, the
    status points, the treatment of missing items, the limit rules and the approval
    amounts do not change, so it takes milliseconds.

    Raises :class:`kamtools.policy.PolicyError` when the policy is not valid (for
    instance weights that do not add up to 100).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> base = credit_base(data, "2026-10-31")
    >>> strict = what_if(data, "2026-10-31", {"credit": {"grades": {"AAA": 99}}}, base=base)
    >>> int(strict.grades["AAA"])
    0
    """
    checked = credit._policy(policy)  # checked once, then passed to the credit functions as is
    pol = copy.deepcopy(dict(checked))
    c = pol["credit"]
    day = _as_of(as_of)
    if base is None or base.as_of != day or base.benchmarks != _benchmark_key(pol) or base.data is not data:
        base = credit_base(data, day, pol)
    idx = base.statuses.index
    items = list(credit.ITEMS)
    weights = np.array([float(c["weights"][k]) for k in items])
    share = np.full((len(idx), len(items)), np.nan)
    st = base.statuses.to_numpy(dtype=object)
    nr = len(credit.RATIOS)
    part = share[:, :nr]
    for s in credit.STATUSES:
        part[st == s] = float(c["status_points"][s])
    share[:, nr:] = (np.clip(base.factors.to_numpy(dtype=float), 1, 5) - 1.0) / 4.0
    pts = share * weights
    fill = 0.5 if c["missing"] == "neutral" else 0.0
    filled = pd.DataFrame(np.where(np.isnan(pts), weights[None, :] * fill, pts), index=idx, columns=items)
    out = pd.DataFrame(index=idx)
    out["score"] = filled.sum(axis=1).round(2).clip(0, 100)
    out["grade"] = credit.grade_of(out["score"], checked)

    lim = c["limit"]
    months = int(lim["purchase_months"])
    out["avg_monthly_purchases"] = (base.purchases_over(months) / months).clip(lower=0.0)
    mop = out["grade"].map({g: float(m) for g, m in lim["months_of_purchases"].items()}).astype(float)
    raw = mop * out["avg_monthly_purchases"]
    cap = (float(lim["equity_cap_share"]) * base.equity).clip(lower=0.0)
    capped = raw.where(cap.isna() | (raw <= cap), cap)
    rounding = float(lim["rounding"])
    out["recommended_limit"] = (np.floor(capped.fillna(0.0) / rounding + 1e-9) * rounding).astype(float)
    out["approved_limit"] = base.approved_limit
    out["limit_change"] = out["recommended_limit"] - out["approved_limit"]
    out["approval_level"] = credit.approval_level(out["limit_change"], checked)
    grades = out["grade"].value_counts().reindex(list(c["grades"]), fill_value=0).astype("int64")
    grades.index.name = "grade"
    grades.name = "customers"
    return WhatIfResult(pol, out, grades, float(out["recommended_limit"].sum()),
                        credit.limit_changes(out, checked))


def scale_weights(weights: Mapping[str, float], total: float = 100.0) -> dict[str, float]:
    """Weights scaled to add up to ``total`` (two decimals; the rounding rest goes to the largest).

    >>> w = scale_weights({"a": 1, "b": 1, "c": 1})
    >>> w, round(sum(w.values()), 6)
    ({'a': 33.34, 'b': 33.33, 'c': 33.33}, 100.0)
    """
    s = float(sum(weights.values()))
    if s <= 0:
        raise ValueError("the weights add up to 0: give at least one a positive weight")
    out = {k: round(float(v) * total / s, 2) for k, v in weights.items()}
    largest = max(out, key=lambda k: (out[k], -list(out).index(k)))
    out[largest] = round(out[largest] + total - sum(out.values()), 2)
    return out


def _bounds(key: str) -> tuple[float | None, float | None]:
    """Allowed range of a policy key (:data:`kamtools.policy.RANGES`)."""
    for pattern, bounds in RANGES.items():
        if fnmatch.fnmatch(key, pattern):
            return bounds
    return (None, None)


# ============================================================================ explorers
class _Explorer:
    """Common parts: the top-level widget, display, and holding updates."""

    widget: W.Widget

    def __init__(self) -> None:
        self._holding = 0

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several widgets and update once, at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding:
            self.update()

    def _changed(self, change: Any = None) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class PortfolioExplorer(_Explorer):
    """Filter the portfolio and see the accounts, linked charts and an Excel export.

    Parameters
    ----------
    data
        The book.
    period
        Report month ``YYYY-MM``; None or empty: the latest complete month.
    policy
        Policy path, mapping or None.
    output_dir
        Folder of the Excel export; empty: :func:`kamtools.paths.output_folder` (reports/scratch/).
    max_rows
        Rows shown in the table (the selection and the export hold all).

    Attributes
    ----------
    period, region, account_manager, tier, grade, stage
        The filter widgets (Dropdowns; value ``""`` is "(all)").
    export_button
        Writes the selection to ``portfolio_<period>.xlsx`` in the output folder.
    table
        The accounts of the period (:func:`account_table`); ``selection``: the filtered rows.
    figure, axes
        The charts (grades, lifecycle stages, receivables by age per account manager).
    last_export
        Path of the last export, or None.

    Examples
    --------
    >>> import kamtools as kt
    >>> ex = PortfolioExplorer(kt.sample_data(customers=30, years=2, seed=1))
    >>> ex.tier.value = "key"
    >>> set(ex.selection["tier"])
    {'key'}
    """

    def __init__(self, data: KamData, period: str | None = None, policy: Any = None, *,
                 output_dir: str | os.PathLike = "", max_rows: int = 50) -> None:
        super().__init__()
        self.data = data
        self.policy = _policy(policy)
        self.output_dir = output_dir
        self.max_rows = max_rows
        self._snapshots: dict[str, Snapshot] = {}
        periods = available_periods(data)
        period = period or periods[0]
        if period not in periods:
            periods = sorted(set(periods) | {period}, reverse=True)
        self.period = W.Dropdown(options=periods, value=period, description="Period")
        snap = self._snapshot(period)
        t = snap.table
        self.region = W.Dropdown(options=_options(t["region"]), value=ALL, description="Region")
        self.account_manager = W.Dropdown(options=_options(t["account_manager"]), value=ALL,
                                          description="Manager")
        self.tier = W.Dropdown(options=_options(seg.TIER_ORDER, seg.TIER_ORDER), value=ALL, description="Tier")
        grades = credit.grade_order(self.policy)
        self.grade = W.Dropdown(options=_options(grades, grades), value=ALL, description="Grade")
        self.stage = W.Dropdown(options=_options(seg.LIFECYCLE_ORDER, seg.LIFECYCLE_ORDER), value=ALL,
                                description="Stage")
        self.export_button = W.Button(description="Export to Excel", icon="file-excel-o",
                                      tooltip="Write the selected accounts to an .xlsx file")
        self.status = W.HTML()
        self.summary = W.HTML()
        self.table_view = W.HTML()
        self.chart = W.Image(format="png")
        self.figure = Figure(figsize=(15, 4.6))
        self.axes: list = []
        self.last_export: Path | None = None
        for w in self.filters.values():
            w.observe(self._changed, names="value")
        self.export_button.on_click(lambda _: self._export_clicked())
        controls = W.VBox([W.HBox([self.period, self.region, self.account_manager]),
                           W.HBox([self.tier, self.grade, self.stage]),
                           W.HBox([self.export_button, self.status])])
        self.widget = W.VBox([controls, self.summary, self.chart, self.table_view])
        self.update()

    @property
    def filters(self) -> dict[str, W.Dropdown]:
        """The filter widgets by name (period first)."""
        return {"period": self.period, "region": self.region, "account_manager": self.account_manager,
                "tier": self.tier, "grade": self.grade, "stage": self.stage}

    @property
    def as_of(self) -> dt.date:
        """Last day of the selected period."""
        return period_bounds(self.period.value)[1]

    def _snapshot(self, period: str) -> Snapshot:
        if period not in self._snapshots:
            self._snapshots[period] = snapshot(self.data, period_bounds(period)[1], self.policy)
        return self._snapshots[period]

    @property
    def snapshot(self) -> Snapshot:
        """The :class:`Snapshot` of the selected period."""
        return self._snapshot(self.period.value)

    @property
    def table(self) -> pd.DataFrame:
        """Every customer of the selected period (:func:`account_table`)."""
        return self.snapshot.table

    def set_filters(self, **values: Any) -> None:
        """Set several filters (``period``, ``region``, ...) and update once."""
        unknown = set(values) - set(self.filters)
        if unknown:
            raise TypeError(f"unknown filter(s) {', '.join(sorted(unknown))} (filters: {', '.join(self.filters)})")
        with self.hold():
            for name, value in values.items():
                self.filters[name].value = ALL if value is None else value

    def update(self) -> None:
        """Apply the filters: selection, summary, table and charts."""
        snap = self.snapshot
        sel = filter_accounts(snap.table, region=self.region.value, account_manager=self.account_manager.value,
                              tier=self.tier.value, grade=self.grade.value, stage=self.stage.value)
        self.selection = sel
        self.summary.value = (
            f"<b>{len(sel):,}</b> of {len(snap.table):,} customers on {snap.as_of} &middot; revenue (12 months) "
            f"<b>{_money_html(sel['revenue_12m'].sum())}</b> &middot; margin {_money_html(sel['margin_12m'].sum())}"
            f" &middot; open receivables {_money_html(sel['open_receivables'].sum())}, of which overdue "
            f"<b>{_money_html(sel['overdue'].sum())}</b>")
        self.table_view.value = _frame_html(sel, self.max_rows)
        self._draw(snap, sel)

    def _draw(self, snap: Snapshot, sel: pd.DataFrame) -> None:
        fig = self.figure
        fig.clear()
        self.axes = list(fig.subplots(1, 3))
        # Fixed margins: drawing is twice as quick as with a layout engine.
        fig.subplots_adjust(left=0.05, right=0.99, top=0.92, bottom=0.25, wspace=0.3)
        plots.grade_distribution(sel[["grade"]], policy=self.policy, ax=self.axes[0])
        plots.lifecycle_chart(sel[["stage", "revenue_12m"]], ax=self.axes[1])
        ag = snap.aging.reindex(sel.index.intersection(snap.aging.index))
        plots.aging_stack(ag, group=sel["account_manager"], ax=self.axes[2],
                          title="Receivables by age, per account manager")
        self.chart.value = _png(fig)

    def export(self, folder: str | os.PathLike | None = None) -> Path:
        """Write the selection to ``portfolio_<period>.xlsx`` (sheets Accounts and Filters)."""
        out = paths.output_folder(self.output_dir if folder is None else folder)
        shown = {name: (w.value if w.value != ALL else "(all)") for name, w in self.filters.items()}
        filt = pd.DataFrame({"filter": list(shown), "value": list(shown.values())})
        path = write_workbook(out / f"portfolio_{self.period.value}.xlsx",
                              {"Accounts": self.selection, "Filters": filt}, money_columns=_MONEY,
                              percent_columns=_PERCENT, freeze_first_column=True)
        self.last_export = path
        return path

    def _export_clicked(self) -> None:
        try:
            path = self.export()
        except OSError as exc:
            self.status.value = f"<span style='color:#c62828'>Export failed: {html.escape(str(exc))}</span>"
        else:
            self.status.value = f"Wrote {len(self.selection):,} accounts to {html.escape(str(path))}"


class AccountCard(_Explorer):
    """One customer at a glance: profile, trend, credit, receivables, activities and strategy.

    Parameters
    ----------
    data
        The book.
    period
        Report month ``YYYY-MM``; None or empty: the latest complete month.
    policy
        Policy path, mapping or None.
    customer
        Customer id shown first; None: the customer with the largest revenue.
    max_options
        Most customers listed in the picker at once (the best matches of the search).

    Attributes
    ----------
    search
        Text box: part of a customer id or name (Chinese or Latin, any case).
    customer
        Dropdown of the matching customers (value: customer id, None when nothing matches).
    profile, credit, aging, strategy
        Series / DataFrame of the customer shown; ``trend`` (monthly invoiced, margin,
        collected), ``receivables`` (open invoices), ``activities`` (latest first).
    figure, axes
        The trend chart.

    Examples
    --------
    >>> import kamtools as kt
    >>> card = AccountCard(kt.sample_data(customers=30, years=2, seed=1), customer="C000003")
    >>> card.profile["customer_id"]
    'C000003'
    """

    def __init__(self, data: KamData, period: str | None = None, policy: Any = None, *,
                 customer: str | None = None, max_options: int = 200, months: int = 24) -> None:
        super().__init__()
        self.data = data
        self.period = period or data_period(data)
        self.as_of = period_bounds(self.period)[1]
        self.policy = _policy(policy)
        self.months = months
        self.max_options = max_options
        self.snapshot = snapshot(data, self.as_of, self.policy)
        self.table = self.snapshot.table
        self._keys = _search_keys(self.table)
        self.search = W.Text(placeholder="customer id or name, e.g. C000012 or 宏达", description="Search",
                             continuous_update=True)
        self.customer = W.Dropdown(options=self._choices(self.table.head(max_options)), description="Customer",
                                   layout=W.Layout(width="480px"))
        if customer is not None:
            customer = str(customer)
            if customer not in self.table.index:
                raise KeyError(f"no customer {customer!r} in the customers table")
            if customer not in [v for _, v in self.customer.options]:
                self.customer.options = self._choices(self.table.loc[[customer]]) + list(self.customer.options)
            self.customer.value = customer
        self.message = W.HTML()
        self.profile_view, self.credit_view, self.receivables_view = W.HTML(), W.HTML(), W.HTML()
        self.activities_view, self.strategy_view = W.HTML(), W.HTML()
        self.chart = W.Image(format="png")
        self.figure = Figure(figsize=(10, 4))
        self.axes: list = []
        self._shown: str | None = None
        self.search.observe(self._searched, names="value")
        self.customer.observe(self._changed, names="value")
        tabs = W.Tab(children=[self.profile_view, self.chart, self.credit_view, self.receivables_view,
                               self.activities_view, self.strategy_view])
        for i, title in enumerate(["Profile", "Trend", "Credit", "Receivables", "Activities", "Strategy"]):
            tabs.set_title(i, title)
        self.tabs = tabs
        self.widget = W.VBox([W.HBox([self.search, self.customer]), self.message, tabs])
        self.update()

    def _choices(self, rows: pd.DataFrame) -> list[tuple[str, str]]:
        return [(f"{cid}  {name}", str(cid)) for cid, name in zip(rows.index, rows["name"].astype("str"))]

    def matches(self, text: str | None = None) -> pd.DataFrame:
        """The customers matching ``text`` (default: the search box), best first."""
        text = self.search.value if text is None else text
        return search_customers(self.table, text, keys=self._keys)

    def _searched(self, change: Any = None) -> None:
        found = self.matches()
        choices = self._choices(found.head(self.max_options))
        current = self.customer.value
        self._holding += 1  # typing a search updates the card only when the customer changes
        try:
            self.customer.options = choices
            values = [v for _, v in choices]
            if values:
                self.customer.value = current if current in values else values[0]
            else:
                self.customer.value = None
        finally:
            self._holding -= 1
        if self.customer.value != self._shown:
            self._changed()
        more = len(found) - len(choices)
        self.message.value = (f"{len(found):,} customers match" + (f"; the first {len(choices):,} are listed"
                                                                   if more > 0 else "")
                              if self.search.value.strip() else "")

    def show(self, customer_id: str) -> None:
        """Show ``customer_id`` (clearing a search that would hide it)."""
        customer_id = str(customer_id)
        if customer_id not in self.table.index:
            raise KeyError(f"no customer {customer_id!r} in the customers table")
        with self.hold():
            if customer_id not in [v for _, v in self.customer.options]:
                self.search.value = customer_id
            self.customer.value = customer_id

    def update(self) -> None:
        """Fill the card for the selected customer."""
        cid = self.customer.value
        self._shown = cid
        if cid is None:
            self.profile = self.credit = self.aging = pd.Series(dtype=object)
            self.trend = self.receivables = self.activities = self.strategy = pd.DataFrame()
            for view in (self.profile_view, self.credit_view, self.receivables_view, self.activities_view,
                         self.strategy_view):
                view.value = "<i>No customer matches the search.</i>"
            self.figure.clear()
            self.axes = []
            self.chart.value = b""
            return
        snap = self.snapshot
        row = self.table.loc[cid]
        cust = self.data.customers
        raw = cust[cust["customer_id"].astype("str") == cid].iloc[0]
        prof = {"customer_id": cid}
        for col in cust.columns:
            if col != "customer_id":
                prof[col] = raw[col]
        for col in ("tier", "rank", "stage", "revenue_12m", "margin_12m", "margin_rate"):
            prof[col] = row[col]
        prof["status"] = snap.status["status"].get(cid, pd.NA)
        self.profile = pd.Series(prof, dtype=object)
        self.profile_view.value = _record_html({k: self._fmt(k, v) for k, v in prof.items()})

        self.trend = customer_monthly(self.data, cid, self.period, self.months)
        self.figure.clear()
        ax = self.figure.subplots()
        self.figure.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.22)
        self.axes = [ax]
        plots.monthly_activity(self.trend, ax=ax)
        name = str(row["name"]).replace("$", r"\$")  # "$" would start matplotlib's mathtext
        ax.set_title(f"{cid} {name}: invoiced and collected per month")
        self.chart.value = _png(self.figure)

        sc = snap.scores.loc[cid]
        lim = snap.limits.loc[cid]
        cr = {
            "score": sc["score"], "grade": sc["grade"], "previous_grade": sc["previous_grade"],
            "grade_move": sc["grade_move"], "assessed_on": sc["assessed_on"],
            "top_losses": sc["top_losses"], "missing_items": sc["missing_items"],
            "approved_limit": lim["approved_limit"], "approved_by": lim["approved_by"],
            "recommended_limit": lim["recommended_limit"], "limit_change": lim["limit_change"],
            "approval_level": lim["approval_level"], "exposure": lim["exposure"],
            "utilization": lim["utilization"], "overlimit": lim["overlimit"], "review_reasons": lim["review_reasons"],
        }
        self.credit = pd.Series(cr, dtype=object)
        self.credit_view.value = _record_html({k: self._fmt(k, v) for k, v in cr.items()})

        ledger = customer_ledger(self.data, cid, self.as_of)
        self.receivables = ledger.open_items.drop(columns=["customer_id"])
        buckets = receivables.bucket_names(self.policy["receivables"]["buckets"])
        self.aging = (snap.aging.loc[cid] if cid in snap.aging.index
                      else pd.Series(0.0, index=[*buckets, "total", "overdue"]))
        self.receivables_view.value = (
            "<b>By age</b>" + _frame_html(self.aging.to_frame("amount"), 20)
            + f"<b>Open invoices ({len(self.receivables):,})</b>" + _frame_html(self.receivables, 30))

        self.activities = customer_activities(self.data, cid, self.as_of)
        self.activities_view.value = _frame_html(self.activities, 30) if len(self.activities) else \
            "<i>No activities recorded.</i>"

        pyr = snap.pyramid.loc[cid]
        lc = snap.lifecycle.loc[cid]
        stat = snap.status.loc[cid]
        parts = [("pyramid tier", pyr["tier"], pyr["strategy"]), ("lifecycle stage", lc["stage"], lc["strategy"]),
                 ("status", stat["status"], stat["strategy"])]
        if cid in snap.value_matrix.index:
            vm = snap.value_matrix.loc[cid]
            parts.append(("value matrix", vm["quadrant"], vm["strategy"]))
        self.strategy = pd.DataFrame(parts, columns=["aspect", "segment", "strategy"]).set_index("aspect")
        self.strategy_view.value = _frame_html(self.strategy, 10)

    @staticmethod
    def _fmt(key: str, v: Any) -> str:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return ""
        if key in _PERCENT:
            return f"{float(v):.0%}"
        if key in _MONEY or key in ("wallet_estimate", "overlimit"):
            return f"{float(v):,.0f}"
        if isinstance(v, pd.Timestamp):
            return str(v.date())
        return str(v)


class CreditWhatIf(_Explorer):
    """Edit the credit policy and see grades, recommended limits and approvals change live.

    The explorer edits a copy of the policy (``.policy``); :meth:`save` writes it as a
    YAML file for ``kam report --policy``.

    Parameters
    ----------
    data
        The book.
    period
        Report month ``YYYY-MM``; None or empty: the latest complete month.
    policy
        The starting policy: path, mapping or None.
    output_dir
        Folder of the saved policy; empty: :func:`kamtools.paths.output_folder`.

    Attributes
    ----------
    weights
        Scorecard weight per item (number inputs); they must add up to 100
        (``scale_button`` scales them).
    cutoffs
        Lowest score of each grade but the last (sliders).
    months_of_purchases
        Recommended limit in months of purchases, per grade (sliders).
    equity_cap_share, rounding, purchase_months, missing
        The other limit and scoring rules.
    approval_levels
        Ceiling of each approval level but the last (number inputs).
    save_path, save_button, reset_button, scale_button
        Saving, going back to the starting policy, scaling the weights to 100.
    result, baseline
        :class:`WhatIfResult` of the edited and of the starting policy.
    error
        Why the edited policy is not valid (then ``result`` is that of the last valid
        one), or None.
    figure, axes
        Grades (starting vs edited policy) and limit changes by approval level.

    Examples
    --------
    >>> import kamtools as kt
    >>> wi = CreditWhatIf(kt.sample_data(customers=30, years=2, seed=1))
    >>> wi.cutoffs["AAA"].value = 99
    >>> int(wi.result.grades["AAA"]), wi.policy["credit"]["grades"]["AAA"]
    (0, 99.0)
    """

    def __init__(self, data: KamData, period: str | None = None, policy: Any = None, *,
                 output_dir: str | os.PathLike = "") -> None:
        super().__init__()
        self.data = data
        self.period = period or data_period(data)
        self.as_of = period_bounds(self.period)[1]
        self.start_policy = _policy(policy)
        self.policy = copy.deepcopy(self.start_policy)
        self.output_dir = output_dir
        self.base = credit_base(data, self.as_of, self.start_policy)
        self.baseline = what_if(data, self.as_of, self.start_policy, base=self.base)
        self.result = self.baseline
        self.error: str | None = None
        self.last_saved: Path | None = None
        c = self.policy["credit"]
        self._paths: dict[int, tuple[str, ...]] = {}

        def bind(widget: W.Widget, path: tuple[str, ...]) -> W.Widget:
            self._paths[id(widget)] = path
            widget.observe(self._edited, names="value")
            return widget

        def number(key: str, value: float, step: float = 1.0, width: str = "230px", **kw: Any) -> W.Widget:
            lo, hi = _bounds(key)
            return W.BoundedFloatText(value=float(value), min=lo if lo is not None else -1e15,
                                      max=hi if hi is not None else 1e15, step=step,
                                      layout=W.Layout(width=width), style={"description_width": "140px"}, **kw)

        def slider(key: str, value: float, step: float, **kw: Any) -> W.Widget:
            lo, hi = _bounds(key)
            return W.FloatSlider(value=float(value), min=lo, max=hi, step=step, continuous_update=False,
                                 style={"description_width": "140px"}, **kw)

        self.weights = {k: bind(number(f"credit.weights.{k}", v, 0.5, description=k), ("credit", "weights", k))
                        for k, v in c["weights"].items()}
        grades = list(c["grades"])
        self.cutoffs = {g: bind(slider(f"credit.grades.{g}", c["grades"][g], 1.0, description=f"{g} from"),
                                ("credit", "grades", g)) for g in grades[:-1]}
        mop = c["limit"]["months_of_purchases"]
        self.months_of_purchases = {
            g: bind(slider(f"credit.limit.months_of_purchases.{g}", mop[g], 0.25, description=f"{g} months"),
                    ("credit", "limit", "months_of_purchases", g)) for g in mop}
        self.equity_cap_share = bind(slider("credit.limit.equity_cap_share", c["limit"]["equity_cap_share"], 0.01,
                                            description="equity cap share"),
                                     ("credit", "limit", "equity_cap_share"))
        self.rounding = bind(number("credit.limit.rounding", c["limit"]["rounding"], 100.0,
                                    description="round down to"), ("credit", "limit", "rounding"))
        lo, hi = _bounds("credit.limit.purchase_months")
        self.purchase_months = bind(W.IntSlider(value=int(c["limit"]["purchase_months"]), min=int(lo), max=int(hi),
                                                continuous_update=False, description="purchase months",
                                                style={"description_width": "140px"}),
                                    ("credit", "limit", "purchase_months"))
        self.missing = bind(W.Dropdown(options=["neutral", "worst"], value=c["missing"], description="missing items",
                                       style={"description_width": "140px"}), ("credit", "missing"))
        levels = list(c["approval_levels"].items())
        self.approval_levels = {
            name: bind(number(f"credit.approval_levels.{name}", amount, 10000.0, width="300px",
                              description=f"{name} up to"), ("credit", "approval_levels", name))
            for name, amount in levels[:-1]}
        self.weights_total = W.HTML()
        self.scale_button = W.Button(description="Scale weights to 100")
        self.reset_button = W.Button(description="Reset")
        default_file = paths.output_folder(output_dir) / "credit_policy.yaml"
        self.save_path = W.Text(value=str(default_file), description="Save as", layout=W.Layout(width="520px"))
        self.save_button = W.Button(description="Save policy", icon="save")
        self.message = W.HTML()
        self.summary = W.HTML()
        self.chart = W.Image(format="png")
        self.figure = Figure(figsize=(12, 4.2))
        self.axes: list = []
        self.scale_button.on_click(lambda _: self.scale())
        self.reset_button.on_click(lambda _: self.reset())
        self.save_button.on_click(lambda _: self._save_clicked())

        w_items = list(self.weights.values())
        half = (len(w_items) + 1) // 2
        weights_box = W.VBox([W.HBox([W.VBox(w_items[:half]), W.VBox(w_items[half:])]),
                              W.HBox([self.weights_total, self.scale_button])])
        grades_box = W.VBox([*self.cutoffs.values(), self.missing])
        limits_box = W.VBox([*self.months_of_purchases.values(), self.equity_cap_share, self.purchase_months,
                             self.rounding])
        approvals_box = W.VBox(list(self.approval_levels.values()))
        tabs = W.Tab(children=[weights_box, grades_box, limits_box, approvals_box])
        for i, title in enumerate(["Weights", "Grades", "Limits", "Approvals"]):
            tabs.set_title(i, title)
        self.widget = W.VBox([tabs, W.HBox([self.reset_button, self.save_path, self.save_button]), self.message,
                              self.summary, self.chart])
        self.update()

    # -- editing
    def _edited(self, change: Any) -> None:
        path = self._paths[id(change["owner"])]
        value = change["new"]
        node = self.policy
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = int(value) if path[-1] == "purchase_months" else value
        self._changed()

    def set_policy(self, policy: Any) -> None:
        """Load a whole policy (path, mapping or None for the defaults) into the widgets."""
        pol = load_policy(policy)
        c = pol["credit"]
        with self.hold():
            for k, w in self.weights.items():
                w.value = float(c["weights"][k])
            for g, w in self.cutoffs.items():
                w.value = float(c["grades"][g])
            for g, w in self.months_of_purchases.items():
                w.value = float(c["limit"]["months_of_purchases"][g])
            self.equity_cap_share.value = float(c["limit"]["equity_cap_share"])
            self.rounding.value = float(c["limit"]["rounding"])
            self.purchase_months.value = int(c["limit"]["purchase_months"])
            self.missing.value = c["missing"]
            for name, w in self.approval_levels.items():
                w.value = float(c["approval_levels"][name])
            self.policy = copy.deepcopy(pol)

    def reset(self) -> None:
        """Back to the starting policy."""
        self.set_policy(self.start_policy)

    def scale(self) -> None:
        """Scale the weights so that they add up to 100."""
        scaled = scale_weights({k: w.value for k, w in self.weights.items()})
        with self.hold():
            for k, w in self.weights.items():
                w.value = scaled[k]

    # -- results
    def update(self) -> None:
        """Recompute the result of the edited policy and redraw."""
        total = sum(float(v) for v in self.policy["credit"]["weights"].values())
        color = "#2e7d32" if abs(total - 100) <= 1e-6 else "#c62828"
        self.weights_total.value = f"<span style='color:{color}'>weights add up to <b>{total:g}</b> (need 100)</span>"
        try:
            self.result = what_if(self.data, self.as_of, self.policy, base=self.base)
        except PolicyError as exc:
            self.error = str(exc)
            self.message.value = f"<span style='color:#c62828'>{html.escape(self.error)}</span>"
            return
        self.error = None
        self.message.value = ""
        r, b = self.result, self.baseline
        grades = pd.DataFrame({"starting policy": b.grades, "edited policy": r.grades})
        appr = pd.DataFrame({"starting policy": b.approvals_needed, "edited policy": r.approvals_needed}).fillna(0)
        appr = appr.astype("int64")
        appr.index.name = "approval level"
        self.summary.value = (
            f"<p>On {self.as_of}: total recommended limit <b>{_money_html(r.total_recommended)}</b> "
            f"(starting policy {_money_html(b.total_recommended)}, change "
            f"{r.total_recommended - b.total_recommended:+,.0f}); limits approved now "
            f"{_money_html(r.customers['approved_limit'].sum())}.</p>"
            "<div style='display:flex;gap:2em'>"
            f"<div><b>Customers by grade</b>{grades.to_html(border=0)}</div>"
            f"<div><b>Limit changes to approve</b>{appr.to_html(border=0)}</div></div>")
        fig = self.figure
        fig.clear()
        self.axes = list(fig.subplots(1, 2))
        fig.subplots_adjust(left=0.06, right=0.98, top=0.92, bottom=0.22, wspace=0.3)
        compare = pd.DataFrame({"grade": r.customers["grade"], "previous_grade": b.customers["grade"]})
        ax = plots.grade_distribution(compare, policy=self.policy, ax=self.axes[0])
        ax.legend(ax.patches[:1] + ax.patches[-1:], ["starting policy", "edited policy"])
        ax.set_title("Customers by credit grade: starting vs edited policy")
        plots.limit_changes_by_level(r.approvals, ax=self.axes[1])
        self.chart.value = _png(fig)

    # -- saving
    def save(self, path: str | os.PathLike | None = None) -> Path:
        """Write the edited policy as YAML (default: the ``save_path`` box); it loads with
        :func:`kamtools.policy.load_policy` and ``kam report --policy``."""
        if self.error:
            raise PolicyError(f"the edited policy is not valid: {self.error}")
        target = Path(path) if path is not None else Path(self.save_path.value).expanduser()
        if target.suffix.lower() not in (".yaml", ".yml"):
            raise ValueError(f"policy file {target} must end in .yaml or .yml")
        _policy(self.policy)  # every check of the credit section, not only the policy's keys
        target.parent.mkdir(parents=True, exist_ok=True)
        self.last_saved = save_policy(self.policy, target)
        return self.last_saved

    def _save_clicked(self) -> None:
        try:
            path = self.save()
        except (PolicyError, ValueError, OSError) as exc:
            self.message.value = f"<span style='color:#c62828'>Not saved: {html.escape(str(exc))}</span>"
        else:
            self.message.value = f"Saved the policy to {html.escape(str(path))}"

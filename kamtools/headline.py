"""The headline numbers of the monthly report: one definition each, read by every page.

:func:`kpis` (also ``kt.kpis``) is the one place the report's headline numbers come from:
revenue, margin and margin rate, buyers, concentration, lifecycle stages, customers won and
lost, key accounts declining, receivables, DSO, CEI and the exposure over the limits. Every
report page that states one of them (and the executive summary of ``index.html``) reads it
here, so two pages cannot print two numbers for one thing. Each number is computed by the
analysis that owns it -- nothing is worked out a second time here:

==========================  ====================================================================
numbers                     computed by
==========================  ====================================================================
revenue, margin, buyers     :func:`kamtools.portfolio.kpis` (SQL ``portfolio_totals``)
concentration               :func:`kamtools.segments.revenue_pareto`
lifecycle stages            :func:`kamtools.portfolio.lifecycle_counts` (:func:`kamtools.segments.lifecycle`)
customers won and lost      :func:`kamtools.portfolio.customer_counts` (:func:`kamtools.segments.status`)
key accounts declining      :func:`kamtools.segments.to_watch` of :func:`kamtools.segments.pyramid`
receivables, over-limit     :func:`kamtools.portfolio.risks` (:func:`kamtools.receivables.aging`,
                            :func:`kamtools.credit.limits`)
DSO, CEI                    :func:`kamtools.receivables.dso`, :func:`kamtools.receivables.cei`
==========================  ====================================================================

Definitions
    A *purchase* is an invoice with a positive amount; a *buyer* of a window is a customer with
    at least one purchase in it (one definition for the counts of buyers, the buyers of the
    Pareto analysis and the ``buying`` customers of the portfolio page). *Concentration* is the
    share of revenue of the last 12 months brought by the top ``segments.pareto_top`` (20 %) of
    those buyers, largest first. Lifecycle stages count every customer of the book, as
    :func:`kamtools.segments.lifecycle` places it (a customer set up but not buying yet is in
    *breakthrough*, the stage of winning the first orders).
Windows and the previous value
    A number of *the month* (``_month``) covers the calendar month of ``as_of`` up to ``as_of``
    and compares with the previous month; a number of *the last 12 months* (``_12m``, and
    ``concentration``) covers the twelve calendar months up to ``as_of`` and compares with the
    twelve before them; a *state* (lifecycle, lost customers, receivables, DSO, limits) is taken
    on ``as_of`` and compared with the same day a month earlier (a month end stays a month end).
    The ``window`` and ``previous_window`` columns say which, in words a reader can print. For a
    month-end ``as_of`` (the report date of every period) every window is made of whole months,
    and the windows of :mod:`kamtools.portfolio` and :mod:`kamtools.segments` are the same.

Examples
--------
>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1, end="2026-10-31")
>>> k = kpis(data, "2026-10-31")
>>> k.loc["buyers_12m", ["window", "previous_window"]].tolist()
['2025-11 to 2026-10', '2024-11 to 2025-10']
>>> bool(k.loc["revenue_12m", "value"] > 0), k.loc["dso", "unit"]
(True, 'days')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import credit, facts, receivables
from . import portfolio as pf
from . import segments as seg
from . import strategies as st
from .periods import AsOf, as_date, as_timestamp, months_before, period_of
from .policy import load_policy
from .portfolio import PolicyLike
from .store import KamData

__all__ = ["KPI", "KPIS", "COLUMNS", "kpis"]


class KPI(NamedTuple):
    """What one headline number is: its label, unit, how it changes and what it means."""

    label: str
    """A short English label, e.g. ``Revenue, month``."""
    unit: str
    """``money``, ``share`` (0.25 = 25 %), ``count``, ``days`` or ``index`` (0 to 100)."""
    change_unit: str
    """``relative`` (value / previous - 1), ``points`` (value - previous of a share: 0.02 = +2
    points) or ``difference`` (value - previous, in the unit of the value)."""
    better: str
    """``higher``, ``lower`` or empty (neither: a count to read, not to push)."""
    window: str
    """``month``, ``12m`` or ``state``: see the module's *Windows*."""
    definition: str
    """What the number counts, in a sentence; ``{top}``, ``{lost_after}``, ``{decline}`` and
    ``{dso_days}`` are filled from the policy."""


_SALES = "net invoiced amount (credit notes deducted)"
_BUYER = "customers with at least one purchase (an invoice with a positive amount)"

#: Every headline number, in the order of the table :func:`kpis` returns.
KPIS: dict[str, KPI] = {
    "revenue_month": KPI("Revenue, month", "money", "relative", "higher", "month", f"Revenue: {_SALES} of the month."),
    "revenue_12m": KPI(
        "Revenue, 12 months", "money", "relative", "higher", "12m", f"Revenue: {_SALES} of the last 12 months."
    ),
    "margin_month": KPI(
        "Margin, month", "money", "relative", "higher", "month", "Margin: invoiced amount minus cost, of the month."
    ),
    "margin_12m": KPI(
        "Margin, 12 months", "money", "relative", "higher", "12m", "Margin: invoiced amount minus cost, last 12 months."
    ),
    "margin_rate_month": KPI(
        "Margin rate, month", "share", "points", "higher", "month", "Margin rate: margin / revenue of the month."
    ),
    "margin_rate_12m": KPI(
        "Margin rate, 12 months", "share", "points", "higher", "12m", "Margin rate: margin / revenue, last 12 months."
    ),
    "buyers_month": KPI("Buyers, month", "count", "difference", "higher", "month", f"Buyers: {_BUYER} in the month."),
    "buyers_12m": KPI(
        "Buyers, 12 months", "count", "difference", "higher", "12m", f"Buyers: {_BUYER} in the last 12 months."
    ),
    "concentration": KPI(
        "Revenue of the top {top} of buyers",
        "share",
        "points",
        "",
        "12m",
        "Concentration: the share of revenue of the last 12 months brought by the top {top} of its buyers, "
        "largest first (read off the Pareto curve of the buyers).",
    ),
    "customers_won_month": KPI(
        "Customers won, month",
        "count",
        "difference",
        "higher",
        "month",
        "Customers whose first purchase fell in the month.",
    ),
    "customers_lost_month": KPI(
        "Customers lost, month",
        "count",
        "difference",
        "lower",
        "month",
        "Customers that became lost in the month: their last purchase is now {lost_after} months old.",
    ),
    "customers_lost": KPI(
        "Customers lost",
        "count",
        "difference",
        "lower",
        "state",
        "Customers that bought before but not in the last {lost_after} months.",
    ),
    **{
        f"lifecycle_{stage}": KPI(
            f"Lifecycle: {stage}",
            "count",
            "difference",
            {"growth": "higher", "defense": "lower", "hibernation": "lower"}.get(stage, ""),
            "state",
            f"Customers in the {stage} stage of the relationship lifecycle"
            + (" (not bought in the previous 12 months, or not buying yet)." if stage == "breakthrough" else "."),
        )
        for stage in seg.LIFECYCLE_ORDER
    },
    "key_accounts_declining": KPI(
        "Key accounts declining",
        "count",
        "difference",
        "lower",
        "state",
        "Key accounts whose revenue of the last 12 months fell by {decline} or more against the 12 months before.",
    ),
    "open_receivables": KPI(
        "Open receivables", "money", "relative", "", "state", "Open receivables: invoices not yet paid."
    ),
    "overdue": KPI("Overdue", "money", "relative", "lower", "state", "Open receivables past their due date."),
    "overdue_share": KPI(
        "Overdue share", "share", "points", "lower", "state", "Overdue receivables / open receivables."
    ),
    "dso": KPI(
        "DSO",
        "days",
        "difference",
        "lower",
        "state",
        "Days sales outstanding: open receivables / credit sales of the last {dso_days} days x {dso_days}.",
    ),
    "cei": KPI(
        "CEI",
        "index",
        "difference",
        "higher",
        "month",
        "Collection effectiveness index: what was collected in the month / what could be collected x 100.",
    ),
    "over_limit_customers": KPI(
        "Customers over their limit",
        "count",
        "difference",
        "lower",
        "state",
        "Customers whose exposure (open receivables - unapplied credit + open orders) exceeds the approved limit.",
    ),
    "overlimit": KPI(
        "Exposure over the limits", "money", "relative", "lower", "state", "Exposure above the approved limits."
    ),
    "overlimit_uncovered": KPI(
        "Over-limit exposure not covered",
        "money",
        "relative",
        "lower",
        "state",
        "Exposure above the approved limits not covered by collateral.",
    ),
}

#: Each headline number's label and definition in Chinese (``{top}`` ... filled as in English).
KPIS_ZH: dict[str, tuple[str, str]] = {
    "revenue_month": ("本月收入", "收入：本月开票净额（已扣除红字发票）。"),
    "revenue_12m": ("近12个月收入", "收入：近12个月开票净额（已扣除红字发票）。"),
    "margin_month": ("本月毛利", "毛利：本月开票金额减成本。"),
    "margin_12m": ("近12个月毛利", "毛利：近12个月开票金额减成本。"),
    "margin_rate_month": ("本月毛利率", "毛利率：本月毛利 / 收入。"),
    "margin_rate_12m": ("近12个月毛利率", "毛利率：近12个月毛利 / 收入。"),
    "buyers_month": ("本月购买客户数", "购买客户：本月至少有一笔采购（正金额发票）的客户。"),
    "buyers_12m": ("近12个月购买客户数", "购买客户：近12个月至少有一笔采购（正金额发票）的客户。"),
    "concentration": (
        "前{top}购买客户的收入占比",
        "集中度：近12个月收入中，按金额排序前{top}的购买客户所占的份额（取自购买客户的帕累托曲线）。",
    ),
    "customers_won_month": ("本月新增客户", "首次采购发生在本月的客户。"),
    "customers_lost_month": ("本月流失客户", "本月成为流失客户：最后一次采购已满{lost_after}个月。"),
    "customers_lost": ("流失客户", "以前购买过、但近{lost_after}个月没有采购的客户。"),
    **{
        f"lifecycle_{stage}": (
            f"生命周期：{st.LIFECYCLE[stage].zh}",
            f"处于客户关系生命周期{st.LIFECYCLE[stage].zh}的客户"
            + ("（前12个月未购买，或尚未开始购买）。" if stage == "breakthrough" else "。"),
        )
        for stage in seg.LIFECYCLE_ORDER
    },
    "key_accounts_declining": ("收入下滑的重点客户", "近12个月收入比之前12个月下降{decline}或更多的重点客户。"),
    "open_receivables": ("未收应收账款", "未收应收账款：尚未付清的发票。"),
    "overdue": ("逾期账款", "已过到期日的未收应收账款。"),
    "overdue_share": ("逾期占比", "逾期账款 / 未收应收账款。"),
    "dso": ("应收账款周转天数（DSO）", "应收账款周转天数：未收应收账款 / 近{dso_days}天赊销额 × {dso_days}。"),
    "cei": ("回款效率指数（CEI）", "回款效率指数：本月回款 / 本月可回收金额 × 100。"),
    "over_limit_customers": ("超额客户数", "信用敞口（未收应收账款 - 未核销贷项 + 未发货订单）超过核定额度的客户。"),
    "overlimit": ("超出额度的敞口", "超出核定额度的信用敞口。"),
    "overlimit_uncovered": ("无担保的超额敞口", "超出核定额度且没有担保覆盖的信用敞口。"),
}

#: The columns of :func:`kpis`, in order.
COLUMNS = (
    "label",
    "label_zh",
    "value",
    "previous",
    "change",
    "change_unit",
    "unit",
    "better",
    "window",
    "previous_window",
    "definition",
    "definition_zh",
)


def kpis(
    data: KamData,
    as_of: AsOf,
    policy: PolicyLike = None,
    *,
    limits: pd.DataFrame | None = None,
    aged: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The headline numbers on ``as_of``, each with its previous value, change and definition.

    Parameters
    ----------
    data
        The store (or DataFrames through :func:`kamtools.facts.source`).
    as_of
        The report date (``report_context(...).as_of``: the last day of the period).
    policy
        ``None`` for the shipped defaults, a YAML path or a mapping (as every analysis).
    limits, aged
        :func:`kamtools.credit.limits` and :func:`kamtools.receivables.aging` of the same
        date and policy when a page has them already (saves computing them again).

    Returns
    -------
    DataFrame indexed by ``kpi`` (the keys of :data:`KPIS`, in that order), with the columns
    of :data:`COLUMNS`: ``label``, ``value`` and ``previous`` (floats; NaN when there is no
    such number, e.g. a margin rate without revenue), ``change`` (by ``change_unit``:
    ``relative`` value / previous - 1, NaN unless previous is positive; ``points`` and
    ``difference`` value - previous), ``unit`` (money, share, count, days, index),
    ``better`` (higher, lower or empty), ``window`` and ``previous_window`` (the windows in
    words: ``2026-10``, ``2025-11 to 2026-10``, ``2026-10-31``; a sentence adds its preposition)
    and ``definition``.

    A tile of the executive summary is one row: ``label``; the value as a reader sees it,
    :func:`kamtools.output.headlines.value_text` ``(unit, value)``; the change,
    :func:`kamtools.output.headlines.change_text` ``(unit, change_unit, change)``, against
    ``previous_window``; ``better`` says which way is good (a red / amber / green status
    compares ``value`` or ``change`` with the policy's thresholds in that direction). A
    sentence of a page states them with :func:`kamtools.output.headlines.sentence`.

    Examples
    --------
    The executive summary's tiles are rows of the table:

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1, end="2026-10-31")
    >>> k = kt.kpis(data, "2026-10-31")
    >>> tile = k.loc["revenue_month"]
    >>> tile["window"], tile["previous_window"], tile["change_unit"], tile["better"]
    ('2026-10', '2026-09', 'relative', 'higher')
    >>> bool(tile["change"] == tile["value"] / tile["previous"] - 1)
    True
    >>> k.loc["overdue_share", ["window", "unit", "change_unit"]].tolist()
    ['2026-10-31', 'share', 'points']
    """
    pol = load_policy(policy)
    data = facts.source(data)
    day = as_date(as_of)
    rows: dict[str, tuple[float, float]] = {}
    rows.update(_sales(data, day))
    rows.update(_concentration(data, day, pol))
    rows.update(_customers(data, day, pol))
    rows.update(_risks(data, day, pol, limits=limits, aged=aged))
    return _table(rows, day, pol)


# ============================================================================ the numbers
def _sales(data: KamData, day: dt.date) -> dict[str, tuple[float, float]]:
    """Revenue, margin, margin rate and buyers of the month and of the last 12 months."""
    k = pf.kpis(data, day)
    out = {}
    for name, metric in (
        ("revenue", "revenue"),
        ("margin", "margin"),
        ("margin_rate", "margin_rate"),
        ("buyers", "buying_customers"),
    ):
        out[f"{name}_month"] = (k.at[metric, "month"], k.at[metric, "previous_month"])
        out[f"{name}_12m"] = (k.at[metric, "last_12m"], k.at[metric, "previous_12m"])
    return out


def _concentration(data: KamData, day: dt.date, pol: Mapping) -> dict[str, tuple[float, float]]:
    now = seg.revenue_pareto(data, day, pol).top_share
    before = seg.revenue_pareto(data, months_before(day, 12), pol).top_share
    return {"concentration": (now, before)}


def _customers(data: KamData, day: dt.date, pol: Mapping) -> dict[str, tuple[float, float]]:
    """Customers won and lost, lifecycle stages and key accounts declining, now and a month earlier."""
    before = months_before(day, 1)
    counts = pf.customer_counts(data, day, pol)
    out = {
        "customers_won_month": tuple(counts.loc["won_in_month", ["month", "previous_month"]]),
        "customers_lost_month": tuple(counts.loc["lost_in_month", ["month", "previous_month"]]),
        "customers_lost": tuple(counts.loc["lost", ["month", "previous_month"]]),
    }
    now, then = pf.lifecycle_counts(data, day, pol)["customers"], pf.lifecycle_counts(data, before, pol)["customers"]
    out.update({f"lifecycle_{s}": (now[s], then[s]) for s in seg.LIFECYCLE_ORDER})
    then = seg.stored_tiers(data, seg.pyramid(data, before, pol), before)[0]  # the key accounts of then, if stored
    declining = [len(seg.to_watch(p, n=None, policy=pol)) for p in (seg.pyramid(data, day, pol), then)]
    out["key_accounts_declining"] = tuple(declining)
    return out


def _risks(
    data: KamData, day: dt.date, pol: Mapping, *, limits: pd.DataFrame | None, aged: pd.DataFrame | None
) -> dict[str, tuple[float, float]]:
    """Receivables, over-limit exposure, DSO and CEI on ``day`` and a month earlier."""
    before = months_before(day, 1).date()
    now = pf.risks(data, day, pol, limits=limits, aged=aged)["value"]
    # a month earlier only the exposure against the limits in force is read, not a recommendation
    then = pf.risks(data, before, pol, limits=credit.exposure_facts(data, as_timestamp(before), pol))["value"]
    names = ("open_receivables", "overdue", "overdue_share", "over_limit_customers", "overlimit", "overlimit_uncovered")
    out = {n: (now[n], then[n]) for n in names}
    days = int(pol["receivables"]["dso_days"])
    d, c = receivables.dso_cei(data, None, day, days, months=2, by="total", countback_months=1)
    out["dso"] = (float(d["dso"].iloc[0]) if len(d) else float("nan"), _dso(data, before, days, day))
    ce = c["cei"]
    out["cei"] = tuple(float(ce.get(period_of(d), np.nan)) for d in (day, before))
    return out


def _dso(data: KamData, day: dt.date, days: int, later: dt.date | None = None) -> float:
    """The book's DSO on ``day`` (standard method; the count-back is not a headline); on the month end
    before ``later`` from the monthly facts of ``later`` (the same run as its DSO and CEI)."""
    month_before = later is not None and as_timestamp(day) == as_timestamp(later).to_period(
        "M"
    ).to_timestamp() - pd.Timedelta(days=1)
    d = (
        receivables.dso_month_before(data, later, days)
        if month_before
        else receivables.dso(data, None, day, days=days, by="total", countback_months=1)
    )["dso"]
    return float(d.iloc[0]) if len(d) else float("nan")


# ============================================================================ the table
def _window_texts(day: dt.date) -> dict[str, tuple[str, str]]:
    """The windows in words, now and before, of each kind of number."""
    ts = as_timestamp(day)

    def month(end: pd.Timestamp) -> str:
        first = end.replace(day=1)
        return period_of(end) if end.is_month_end else f"{first.date()} to {end.date()}"

    def twelve(end: pd.Timestamp) -> str:
        first = months_before(end, 11).replace(day=1)
        return f"{period_of(first)} to {period_of(end)}" if end.is_month_end else f"{first.date()} to {end.date()}"

    before = months_before(ts, 1)
    return {
        "month": (month(ts), month(before)),
        "12m": (twelve(ts), twelve(months_before(ts, 12))),
        "state": (str(ts.date()), str(before.date())),
    }


def _definitions(pol: Mapping) -> dict[str, Any]:
    seg_pol = pol["segments"]
    return {
        "top": f"{float(seg_pol['pareto_top']):.0%}".replace("%", " %"),
        "lost_after": int(seg_pol["lost_after_months"]),
        "decline": f"{-float(seg_pol['lifecycle']['decline_below']):.0%}".replace("%", " %"),
        "dso_days": int(pol["receivables"]["dso_days"]),
    }


def _change(unit: str, now: float, before: float) -> float:
    if unit == "relative":
        return now / before - 1.0 if before > 0 else float("nan")
    return round(now - before, 12)


def _table(rows: Mapping[str, tuple[float, float]], day: dt.date, pol: Mapping) -> pd.DataFrame:
    windows = _window_texts(day)
    fill = _definitions(pol)
    records = []
    for name, kpi in KPIS.items():
        now, before = (float(v) for v in rows[name])
        records.append(
            {
                "label": kpi.label.format(**fill),
                "value": now,
                "previous": before,
                "change": _change(kpi.change_unit, now, before),
                "change_unit": kpi.change_unit,
                "unit": kpi.unit,
                "better": kpi.better,
                "window": windows[kpi.window][0],
                "previous_window": windows[kpi.window][1],
                "definition": kpi.definition.format(**fill),
                "label_zh": KPIS_ZH[name][0].format(**fill),
                "definition_zh": KPIS_ZH[name][1].format(**fill),
            }
        )
    out = pd.DataFrame.from_records(records, index=pd.Index(list(KPIS), name="kpi", dtype="str"), columns=COLUMNS)
    text = [c for c in COLUMNS if c not in ("value", "previous", "change")]
    return out.astype({c: "str" for c in text} | {c: "float64" for c in ("value", "previous", "change")})

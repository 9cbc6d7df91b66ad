"""The customer value matrix (current x potential value) and customer lifetime value (CLV)."""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import strategies as st
from ..money import book_decimals, snap
from ..schema import TABLES
from ..store import KamData
from ..text import num
from ._common import _ROUND, AsOf, PolicyLike, _policy, _ratio, _strategy
from .abc_pareto import abc
from .customers import customer_facts

__all__ = ["clv", "retention_text", "value_matrix"]


def value_matrix(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """The customer value matrix: current value x potential value, four quadrants.

    * ``current_value`` = margin of the trailing 12 months (amount - cost);
    * ``potential_value`` = the margin still to win each year: wallet headroom (wallet
      estimate - revenue, at least 0) x the customer's margin rate (margin / revenue; the
      book's margin rate when the customer has no revenue). NaN without a wallet estimate.

    A value is high at or above the ``segments.value_matrix_quantile`` (median) of the
    customers that bought in the trailing 12 months (``split_current``,
    ``split_potential`` columns). Customers without revenue are low on current value; an
    unknown potential counts as low. Quadrants: ``strategic`` (high, high), ``maintain``
    (high current, low potential), ``develop`` (low current, high potential),
    ``minimal`` (low, low), each with its strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> cust = pd.DataFrame({"customer_id": ["S", "M", "D", "X"], "wallet_estimate": [3000.0, 1000.0, 5000.0, 150.0]})
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3", "4"], "customer_id": ["S", "M", "D", "X"],
    ...     "invoice_date": ["2026-05-01"] * 4, "amount": [1000.0, 1000.0, 100.0, 100.0],
    ...     "cost": [500.0, 600.0, 50.0, 90.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> vm = value_matrix(facts.source(customers=cust, invoices=inv), "2026-10-31")
    >>> vm[["current_value", "potential_value", "quadrant"]].values.tolist()
    [[500.0, 1000.0, 'strategic'], [400.0, 0.0, 'maintain'], [50.0, 2450.0, 'develop'], [10.0, 5.0, 'minimal']]
    >>> float(vm["split_current"].iloc[0]), float(vm["split_potential"].iloc[0])   # the medians
    (225.0, 502.5)
    """
    pol = _policy(policy)
    f = customer_facts(data, as_of)
    q = float(pol["value_matrix_quantile"])
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["current_value"] = f["margin_12m"]
    buyers = f["revenue_12m"] > 0
    book_rate = (f.loc[buyers, "margin_12m"].sum() / f.loc[buyers, "revenue_12m"].sum()) if buyers.any() else np.nan
    rate = _ratio(f["margin_12m"], f["revenue_12m"]).fillna(round(book_rate, _ROUND) if buyers.any() else np.nan)
    out["margin_rate"] = rate
    out["wallet_estimate"] = f["wallet_estimate"]
    decimals = book_decimals(f["wallet_estimate"], f["revenue_12m"], f["margin_12m"])
    out["headroom"] = snap((f["wallet_estimate"] - f["revenue_12m"].clip(lower=0)).clip(lower=0), decimals)
    out["potential_value"] = snap(out["headroom"] * rate, decimals)
    cur_split = out.loc[buyers, "current_value"].quantile(q) if buyers.any() else np.nan
    pot_known = out.loc[buyers, "potential_value"].dropna()
    pot_split = pot_known.quantile(q) if len(pot_known) else np.nan
    out["split_current"] = cur_split
    out["split_potential"] = pot_split
    high_cur = buyers & (out["current_value"] >= cur_split)
    high_pot = (out["potential_value"] >= pot_split) & (out["potential_value"] > 0)
    high_pot = high_pot.fillna(False).astype(bool)
    quad = np.select([high_cur & high_pot, high_cur, high_pot], ["strategic", "maintain", "develop"], default="minimal")
    out["quadrant"] = pd.Series(quad, index=out.index, dtype="str")
    out["strategy"] = _strategy(st.VALUE_MATRIX, out["quadrant"])
    return out


def clv(
    data: KamData,
    as_of: AsOf,
    horizon_years: int | None = None,
    discount_rate: float | None = None,
    *,
    policy: PolicyLike = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Customer lifetime value over a horizon, from margin and retention estimated on the data.

    ``CLV = c x sum_{t=1..H} (r / (1 + d))^t``, where

    * ``c`` (``yearly_contribution``) = margin of the trailing 12 months minus selling
      hours x ``cost_per_hour`` (the profit of :func:`profitability`), assumed to recur;
    * ``r`` (``retention``) = the share of the customers that bought in the previous 12
      months that bought again in the trailing 12 months, per group (``by``, default
      ``segments.clv.retention_by``: ``"abc"`` = the ABC class of revenue -- last year's
      class for estimating, this year's for applying; a customers column such as
      ``"industry"``; or ``"overall"``). A group with fewer than ``segments.clv.min_group``
      of last year's buyers uses the overall retention;
    * ``d`` = ``discount_rate`` (default ``segments.clv.discount_rate``, 10 %), ``H`` =
      ``horizon_years`` (default ``segments.clv.horizon_years``, 10).

    ``policy`` and ``by`` are keywords: ``clv(data, as_of, 5, 0.08)`` is five years at 8 %.
    The ``retention_by`` column names the grouping used (``abc``, ``overall`` or the
    column); :func:`retention_text` puts the retention of the groups into words.

    Year ``t`` counts only if the customer is retained for ``t`` more years, and is
    discounted ``t`` years. CLV is NaN (``note`` says why) for customers without revenue
    in the trailing 12 months, and for all when retention cannot be estimated (nobody
    bought in the previous 12 months).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> v = clv(data, "2026-10-31", by="overall")
    >>> bool((v["retention"].dropna().between(0, 1)).all())
    True
    >>> five = clv(data, "2026-10-31", 5, 0.08, by="overall")
    >>> int(five["horizon_years"].iloc[0]), float(five["discount_rate"].iloc[0])
    (5, 0.08)
    """
    if isinstance(horizon_years, (str, os.PathLike, Mapping)) or isinstance(discount_rate, (str, os.PathLike, Mapping)):
        raise TypeError(
            "clv(data, as_of, horizon_years, discount_rate, *, policy=..., by=...): pass the policy by keyword"
        )
    pol = _policy(policy)
    cpol = pol["clv"]
    horizon, d, by = _clv_terms(horizon_years, discount_rate, by, cpol)
    f = customer_facts(data, as_of)
    ab = pol["abc"]
    prev = f["revenue_prev_12m"] > 0
    now = f["revenue_12m"] > 0
    g_now, rates, overall = _retention_rates(f, data, by, ab, cpol, prev, now)
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["retention_by"] = pd.Series(by, index=f.index, dtype="str")
    out["group"] = pd.Series(g_now.to_numpy(), index=f.index).astype("str")
    r = pd.Series(g_now.to_numpy(), index=f.index).map(rates).astype("float64")
    out["retention_basis"] = pd.Series(np.where(r.notna(), "group", "overall"), index=f.index, dtype="str")
    out["retention"] = r.fillna(overall).round(_ROUND)
    rate = float(pol["cost_per_hour"])
    service = f["hours_12m"] * rate
    out["yearly_contribution"] = snap(
        f["margin_12m"] - service, book_decimals(f["revenue_12m"], f["margin_12m"], service)
    )
    factor = _clv_factor(out["retention"], d, horizon)
    out["horizon_years"] = horizon
    out["discount_rate"] = d
    out["clv"] = (out["yearly_contribution"] * factor).where(now)
    out["note"] = _clv_note(now, out["retention"])
    return out


def _clv_terms(
    horizon_years: int | None, discount_rate: float | None, by: str | None, cpol: Mapping
) -> tuple[int, float, str]:
    """Horizon, discount rate and grouping of :func:`clv`: the arguments, else the policy's."""
    horizon = int(horizon_years if horizon_years is not None else cpol["horizon_years"])
    d = float(discount_rate if discount_rate is not None else cpol["discount_rate"])
    by = by or cpol["retention_by"]
    if horizon < 1:
        raise ValueError(f"horizon_years must be at least 1, got {horizon}")
    if d <= -1:
        raise ValueError(f"discount_rate must be above -1, got {d}")
    return horizon, d, by


def _retention_rates(
    f: pd.DataFrame, data: KamData, by: str, ab: Mapping, cpol: Mapping, prev: pd.Series, now: pd.Series
) -> tuple[pd.Series, pd.Series, float]:
    """Retention estimated on last year's buyers (``prev``) that bought again (``now``): the group of
    each customer now, the retention of each group (NaN below ``cpol["min_group"]`` of last year's
    buyers) and the overall retention (NaN when nobody bought last year)."""
    g_prev, g_now = _retention_groups(f, data, by, ab, prev, now)
    n_prev = int(prev.sum())
    overall = (int((prev & now).sum()) / n_prev) if n_prev else np.nan
    counts = pd.DataFrame({"g": g_prev[prev], "kept": now[prev]}).groupby("g")["kept"].agg(["size", "sum"])
    rates = (counts["sum"] / counts["size"]).where(counts["size"] >= int(cpol["min_group"]))
    return g_now, rates, overall


def _clv_factor(retention: pd.Series, d: float, horizon: int) -> pd.Series:
    """``sum_{t=1..H} q^t`` with ``q = r / (1 + d)`` per customer (``H`` when ``q`` is 1)."""
    qv = retention / (1 + d)
    return pd.Series(
        np.where((qv - 1).abs() < 1e-12, float(horizon), qv * (1 - qv**horizon) / (1 - qv)), index=retention.index
    )


def _clv_note(now: pd.Series, retention: pd.Series) -> pd.Series:
    """Why a customer's CLV is NaN: no revenue in the last 12 months, or retention unknown."""
    note = np.where(
        ~now,
        "no revenue in the last 12 months",
        np.where(retention.isna(), "retention unknown: nobody bought in the previous 12 months", ""),
    )
    return pd.Series(note, index=now.index, dtype="str")


def _retention_groups(
    f: pd.DataFrame, data: KamData, by: str, ab: Mapping, prev: pd.Series, now: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """The group of each customer for estimating retention (last year) and for applying it (now)."""
    if by == "overall":
        g_prev = pd.Series("all", index=f.index, dtype="object")
        g_now = g_prev
    elif by == "abc":
        g_prev = abc(f["revenue_prev_12m"].where(prev), ab["a"], ab["b"])
        g_now = abc(f["revenue_12m"].where(now), ab["a"], ab["b"])
    elif by in f.columns or (isinstance(data, KamData) and data.has("customers") and by in data.customers.columns):
        col = f[by] if by in f.columns else data.customers.set_index("customer_id")[by].reindex(f.index)
        g_prev = col.astype("object")
        g_now = g_prev
    else:
        raise ValueError(f"by must be 'overall', 'abc' or a customers column, got {by!r}")
    return g_prev, g_now


def _pct(x: float) -> str:
    return f"{num(x):.0%}"


#: The words of :func:`retention_text`, English and Chinese.
_RETENTION_WORDS = {
    "en": {
        "lead": "Retention (the share of last year's buyers that bought again)",
        "none_before": "Retention cannot be estimated: nobody bought in the previous 12 months.",
        "none_now": "Nobody bought in the last 12 months: there is no lifetime value to estimate.",
        "all": "{lead} is {pct} for all customers.",
        "class": "class {}",
        "part": "{pct} {word} {group}",
        "and": (", ", " and "),
        "listed": "{lead}{by} is {listed}.",
        "by": " by {by}",
        "range": "{lead} by {by} runs from {lo_pct} ({lo}) to {hi_pct} ({hi}) across {n} groups.",
        "fallback": " Too few of last year's buyers to estimate their own: {names} (the overall retention is used).",
    },
    "zh": {
        "lead": "客户保持率（去年的采购客户今年再次采购的比例）",
        "none_before": "无法估计客户保持率：前12个月没有客户采购。",
        "none_now": "近12个月没有客户采购：没有可估计的客户终身价值。",
        "all": "{lead}：全部客户为 {pct}。",
        "class": "{}类客户",
        "part": "{group} {pct}",
        "and": ("，", "，"),
        "listed": "{lead}{by}：{listed}。",
        "by": "按{by}",
        "range": "{lead}按{by}在 {n} 个分组之间从 {lo_pct}（{lo}）到 {hi_pct}（{hi}）不等。",
        "fallback": "以下分组去年的采购客户太少，无法单独估计，采用整体保持率：{names}。",
    },
}


def retention_text(clv_table: pd.DataFrame, lang: str = "en") -> str:
    """One sentence on the retention a :func:`clv` table applied, in the words of its grouping,
    in English (``lang="en"``) or Chinese (``"zh"``).

    Only the groups of customers with a CLV (buying in the trailing 12 months) are named:
    ABC classes in the order A, B, C; other groups by retention, highest first (more
    than four: the range); groups that fell back on the overall retention are said to.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"retention_by": "abc", "group": ["A", "C", "C"], "retention": [0.9, 0.4, 0.4],
    ...     "retention_basis": "group", "clv": [10.0, 2.0, 1.0]})
    >>> print(retention_text(t))
    Retention (the share of last year's buyers that bought again) is 90% in class A and 40% in class C.
    >>> print(retention_text(t, "zh"))
    客户保持率（去年的采购客户今年再次采购的比例）：A类客户 90%，C类客户 40%。
    >>> t["retention_by"], t["group"] = "industry", ["tools", "food", "food"]
    >>> print(retention_text(t))
    Retention (the share of last year's buyers that bought again) by industry is 90% for tools and 40% for food.
    >>> print(retention_text(t, "zh"))
    客户保持率（去年的采购客户今年再次采购的比例）按行业：tools 90%，food 40%。
    """
    w = _RETENTION_WORDS[lang]
    rows = clv_table[clv_table["clv"].notna() & clv_table["retention"].notna()]
    if rows.empty:
        return w["none_before"] if clv_table["retention"].isna().all() else w["none_now"]
    by = str(rows["retention_by"].iloc[0])
    by_text = _group_name(by, lang)
    g = rows.groupby("group").agg(retention=("retention", "first"), basis=("retention_basis", "first"))
    fallback = g.index[g["basis"] == "overall"]
    if by == "overall" or len(g) == 1 and by != "abc":
        return w["all"].format(lead=w["lead"], pct=_pct(float(g["retention"].iloc[0])))
    if by == "abc":
        g = g.reindex([c for c in ("A", "B", "C") if c in g.index])
        label = w["class"].format
    else:
        g = g.sort_values("retention", ascending=False, kind="mergesort")
        label = str
    word = "in" if by == "abc" else "for"
    if len(g) <= 4:
        parts = [w["part"].format(pct=_pct(r), word=word, group=label(k)) for k, r in g["retention"].items()]
        comma, last = w["and"]
        listed = parts[0] if len(parts) == 1 else comma.join(parts[:-1]) + last + parts[-1]
        text = w["listed"].format(lead=w["lead"], by="" if by == "abc" else w["by"].format(by=by_text), listed=listed)
    else:
        hi, lo = g.index[0], g.index[-1]
        text = w["range"].format(
            lead=w["lead"],
            by=by_text,
            lo_pct=_pct(g.loc[lo, "retention"]),
            lo=lo,
            hi_pct=_pct(g.loc[hi, "retention"]),
            hi=hi,
            n=len(g),
        )
    if len(fallback):
        names = ("、" if lang == "zh" else ", ").join(label(k) for k in fallback[:5]) + (
            " ..." if len(fallback) > 5 else ""
        )
        text += w["fallback"].format(names=names)
    return text


def _group_name(by: str, lang: str) -> str:
    """The customers column retention is grouped by, as :func:`retention_text` names it."""
    customers = TABLES["customers"]
    if lang == "zh" and by in customers.names:
        return customers.column(by).chinese or by
    return by

"""Financial ratios of the credit investigation (信用调查财务比率) and their benchmarks.

:func:`ratios` computes the ratios of each customer's statements and rates each one
against its benchmark (``ok`` / ``watch`` / ``weak``), by the customer's industry
where the policy overrides it; :func:`ratio_summary` shows how the book compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..periods import as_timestamp
from ..policy import load_policy
from ..store import KamData
from ._common import PRIOR_YEAR_MAX_DAYS, RATIOS, STATUSES, _div


def benchmark(name: str, industry: Any = None, policy: Any = None) -> dict:
    """The benchmark of ratio ``name`` (target, ok, watch, better) that applies to a customer of
    ``industry``: the policy's benchmark with that industry's overrides
    (``credit.benchmarks_by_industry``) on top.

    >>> benchmark("asset_turnover", "Retail",
    ...           {"credit": {"benchmarks_by_industry": {"Retail": {"asset_turnover": {"ok": 3.0}}}}})
    {'target': 4.5, 'ok': 3.0, 'watch': 2.5, 'better': 'higher'}
    """
    credit = load_policy(policy)["credit"]
    out = dict(credit["benchmarks"][name])
    if industry is not None and not pd.isna(industry):
        out.update((credit.get("benchmarks_by_industry") or {}).get(industry, {}).get(name, {}))
    return out


def _industry_benchmarks(industry: pd.Series, name: str, credit: Mapping) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The ok and watch values and the better direction of ratio ``name`` for each row's industry."""
    base = credit["benchmarks"][name]
    ok = pd.Series(float(base["ok"]), index=industry.index)
    watch = pd.Series(float(base["watch"]), index=industry.index)
    better = pd.Series(str(base["better"]), index=industry.index, dtype=object)
    for ind, overrides in (credit.get("benchmarks_by_industry") or {}).items():
        if name in overrides:
            hit = industry == ind
            ok[hit] = float(overrides[name].get("ok", base["ok"]))
            watch[hit] = float(overrides[name].get("watch", base["watch"]))
            better[hit] = str(overrides[name].get("better", base["better"]))
    return ok, watch, better


def _status(value: pd.Series, ok: pd.Series, watch: pd.Series, better: pd.Series | str) -> pd.Series:
    higher = np.asarray(better == "higher") if isinstance(better, pd.Series) else better == "higher"
    is_ok = np.where(higher, value >= ok, value <= ok)
    is_watch = np.where(higher, value >= watch, value <= watch)
    out = np.where(is_ok, "ok", np.where(is_watch, "watch", "weak"))
    return pd.Series(out, index=value.index, dtype="str").where(value.notna())


def ratios(
    financials: pd.DataFrame | KamData,
    as_of: dt.date | str | None = None,
    history: bool = False,
    policy: Any = None,
    *,
    industry: pd.Series | Mapping | None = None,
) -> pd.DataFrame:
    """Financial ratios of each customer's statements, rated against the benchmarks.

    Parameters
    ----------
    financials
        The ``financials`` table (one row per customer and fiscal year), or a
        :class:`~kamtools.KamData` (then the industries come from its customers).
    as_of
        Use only statements with ``period_end`` on or before this date.
    history
        False: the latest fiscal year of each customer (index ``customer_id``).
        True: every fiscal year (index ``customer_id, period_end``).
    policy
        Policy (path, mapping or None for the defaults) giving the benchmarks.
    industry
        Industry of each customer (``customer_id`` → industry) for
        ``credit.benchmarks_by_industry``; default: an ``industry`` column of
        ``financials`` when present.

    Returns
    -------
    DataFrame
        ``period_end``, ``equity``, ``avg_total_assets``, ``years_available`` and
        ``prior_year_missing`` (the closing assets stand in for the average: no
        previous fiscal year, or its total assets are missing); then the ratios
        ``quick_ratio`` (current assets − inventory − prepaid expenses, over current
        liabilities), ``current_ratio``, ``debt_ratio`` (total liabilities / total
        assets), ``asset_turnover`` (revenue / average of the previous and this
        year's closing total assets; without them the closing assets are used and
        the reason says so), ``net_margin`` (net profit / revenue),
        ``equity_growth_3y`` (average yearly growth of equity, total assets − total
        liabilities, over the three years since the statement three fiscal years
        back, so four statements; over fewer years when fewer exist or an earlier
        equity is missing, flagged) and ``profitable_years_3y`` (years with a net
        profit among the last three fiscal years, counting only the years whose
        net profit is known, flagged; rated by the years not known to be losses, so a
        missing year is never a loss); for each, ``<ratio>_status`` (ok / watch /
        weak by the benchmark of the customer's industry, empty when the ratio is
        NaN) and ``<ratio>_reason`` (why it is NaN or what to keep in mind, else
        empty).

    Examples
    --------
    >>> import pandas as pd
    >>> fin = pd.DataFrame({"customer_id": ["C1", "C1"],
    ...     "period_end": pd.to_datetime(["2024-12-31", "2025-12-31"]),
    ...     "current_assets": [500.0, 600.0], "inventory": [200.0, 250.0],
    ...     "current_liabilities": [300.0, 300.0], "total_assets": [900.0, 1100.0],
    ...     "total_liabilities": [450.0, 500.0], "revenue": [3000.0, 4000.0],
    ...     "net_profit": [150.0, 320.0]})
    >>> r = ratios(fin)
    >>> float(r.loc["C1", "quick_ratio"]), float(r.loc["C1", "asset_turnover"])
    (1.1666666666666667, 4.0)
    >>> r.loc["C1", "quick_ratio_status"]
    'ok'
    """
    if isinstance(financials, KamData):
        data = financials
        financials = data.financials
        if industry is None:
            industry = data.customers.set_index("customer_id")["industry"]
    credit = load_policy(policy)["credit"]
    fin, ind = _statements(financials, as_of, industry)
    out = _statement_ratios(fin, ind, credit)
    if history:
        return out.set_index(["customer_id", "period_end"])
    latest = out.groupby("customer_id", sort=True).tail(1)
    return latest.set_index("customer_id").sort_index()


def _statements(
    financials: pd.DataFrame, as_of: Any, industry: pd.Series | Mapping | None
) -> tuple[pd.DataFrame, pd.Series]:
    """The statements up to ``as_of`` by customer and date, money as floats, and each row's industry."""
    fin = financials.copy()
    fin["period_end"] = pd.to_datetime(fin["period_end"])
    if as_of is not None:
        fin = fin[fin["period_end"] <= as_timestamp(as_of)]
    fin = fin.sort_values(["customer_id", "period_end"], kind="mergesort").reset_index(drop=True)
    if industry is not None:
        ind_map = industry if isinstance(industry, pd.Series) else pd.Series(dict(industry), dtype="str")
        ind = fin["customer_id"].map(ind_map)
    elif "industry" in fin.columns:
        ind = fin["industry"]
    else:
        ind = pd.Series(pd.NA, index=fin.index, dtype="str")
    ind = ind.astype("str")

    money = [
        "current_assets",
        "inventory",
        "current_liabilities",
        "total_assets",
        "total_liabilities",
        "revenue",
        "net_profit",
    ]
    for col in money:
        fin[col] = fin[col].astype(float)
    return fin, ind


def _prior_years(fin: pd.DataFrame, g: Any) -> dict[int, pd.Series]:
    """Whether the k-th previous statement (k = 0..3) is in the unbroken run of fiscal years:
    earlier statements of the same customer, each at most PRIOR_YEAR_MAX_DAYS before the next
    (a gap breaks the chain)."""
    pe = fin["period_end"]
    prev_ok = {0: pd.Series(True, index=fin.index)}
    shifted_pe = {0: pe}
    for k in (1, 2, 3):
        spe = g["period_end"].shift(k)
        gap = (shifted_pe[k - 1] - spe).dt.days
        prev_ok[k] = prev_ok[k - 1] & spe.notna() & (gap <= PRIOR_YEAR_MAX_DAYS)
        shifted_pe[k] = spe
    return prev_ok


def _statement_ratios(fin: pd.DataFrame, ind: pd.Series, credit: Mapping) -> pd.DataFrame:
    """Every statement's ratios with their status and reason (one row per statement)."""
    prepaid = fin["prepaid_expenses"].astype(float).fillna(0.0) if "prepaid_expenses" in fin else 0.0
    equity = fin["total_assets"] - fin["total_liabilities"]
    g = fin.groupby("customer_id", sort=False)
    prev_ok = _prior_years(fin, g)
    years_available = (prev_ok[1].astype(int) + prev_ok[2].astype(int) + 1).astype("int64")

    out = pd.DataFrame({"customer_id": fin["customer_id"], "period_end": fin["period_end"], "industry": ind})
    out["equity"] = equity
    # Average total assets: (previous fiscal year's closing + this year's closing) / 2; without a
    # previous year, or when its total assets are missing, the closing assets stand in (flagged).
    opening = g["total_assets"].shift(1).where(prev_ok[1])
    no_prior = ~prev_ok[1]
    opening_missing = prev_ok[1] & opening.isna()
    prior_missing = no_prior | opening_missing
    avg_assets = ((opening + fin["total_assets"]) / 2).where(~prior_missing, fin["total_assets"])
    out["avg_total_assets"] = avg_assets
    out["years_available"] = years_available
    out["prior_year_missing"] = prior_missing.astype(bool)

    vals, reasons = _balance_ratios(fin, prepaid, avg_assets, no_prior, opening_missing)
    vals["equity_growth_3y"], reasons["equity_growth_3y"] = _equity_growth(fin, g, equity, prev_ok)
    vals["profitable_years_3y"], reasons["profitable_years_3y"], not_loss = _profitable_years(
        fin, g, prev_ok, years_available
    )
    # What each ratio is rated by: its value, but for the profitable years the years not known
    # to be losses (a year without a statement or a net profit is missing, not a loss).
    rated = {**vals, "profitable_years_3y": not_loss}

    for name in RATIOS:
        ok, watch, better = _industry_benchmarks(ind, name, credit)
        v = vals[name].replace([np.inf, -np.inf], np.nan)
        out[name] = v
        out[f"{name}_status"] = _status(rated[name].where(v.notna()), ok, watch, better)
        out[f"{name}_reason"] = reasons[name].astype("str")
    return out


def _balance_ratios(
    fin: pd.DataFrame,
    prepaid: pd.Series | float,
    avg_assets: pd.Series,
    no_prior: pd.Series,
    opening_missing: pd.Series,
) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """Quick ratio, current ratio, debt ratio, asset turnover and net margin, with their reasons."""
    vals: dict[str, pd.Series] = {}
    reasons: dict[str, pd.Series] = {}
    quick_assets = fin["current_assets"] - fin["inventory"] - prepaid
    vals["quick_ratio"], reasons["quick_ratio"] = _div(quick_assets, fin["current_liabilities"], "current liabilities")
    vals["current_ratio"], reasons["current_ratio"] = _div(
        fin["current_assets"], fin["current_liabilities"], "current liabilities"
    )
    vals["debt_ratio"], reasons["debt_ratio"] = _div(fin["total_liabilities"], fin["total_assets"], "total assets")
    vals["asset_turnover"], reasons["asset_turnover"] = _div(fin["revenue"], avg_assets, "average total assets")
    computed = reasons["asset_turnover"].isna()
    reasons["asset_turnover"] = (
        reasons["asset_turnover"]
        .mask(computed & no_prior, "no prior year: closing total assets used instead of the average")
        .mask(
            computed & opening_missing,
            "prior-year total assets missing: closing total assets used instead of the average",
        )
    )
    vals["net_margin"], reasons["net_margin"] = _div(fin["net_profit"], fin["revenue"], "revenue")
    return vals, reasons


def _equity_growth(
    fin: pd.DataFrame, g: Any, equity: pd.Series, prev_ok: dict[int, pd.Series]
) -> tuple[pd.Series, pd.Series]:
    """Average yearly growth of equity over the last three years, with its reason.

    From the statement three years back (a true 3-year growth needs four statements),
    else from the earliest statement of the unbroken run whose equity is known.
    """
    no_prior = ~prev_ok[1]
    eq_prev = {k: g["total_assets"].shift(k) - g["total_liabilities"].shift(k) for k in (1, 2, 3)}
    base = pd.Series(np.nan, index=fin.index)
    n_years = pd.Series(0, index=fin.index)
    n_prior = pd.Series(0, index=fin.index)
    for k in (1, 2, 3):
        known_k = prev_ok[k] & eq_prev[k].notna()
        base = base.where(~known_k, eq_prev[k])
        n_years = n_years.where(~known_k, k)
        n_prior = n_prior.where(~prev_ok[k], k)
    growth = pd.Series(np.nan, index=fin.index)
    reason = pd.Series(pd.NA, index=fin.index, dtype="str")
    has_base = n_years > 0
    positive = has_base & (base > 0) & equity.notna()
    ratio_ = (equity / base).where(positive)
    # Equity may turn negative: a fall below zero is a growth of -100 % per year and worse;
    # the yearly rate of a negative ratio has no meaning, so it is capped at -1.
    growth[positive] = np.where(
        ratio_[positive] > 0, np.power(ratio_[positive].clip(lower=1e-12), 1.0 / n_years[positive]) - 1.0, -1.0
    )
    reason[no_prior] = "no prior year"
    reason[~no_prior & ~has_base] = "equity of the prior years missing (total assets or liabilities)"
    reason[has_base & (base <= 0)] = "equity at the start is zero or negative"
    reason[has_base & (base > 0) & equity.isna()] = "equity missing (total assets or liabilities)"
    short = positive & (n_years < 3)
    skipped = short & (n_prior > n_years)
    reason[short & ~skipped] = (
        "over "
        + n_years[short & ~skipped].astype(str)
        + " year(s) only: "
        + (n_years[short & ~skipped] + 1).astype(str)
        + " statements, a 3-year growth needs 4"
    )
    reason[skipped] = "over " + n_years[skipped].astype(str) + " year(s) only: equity of an earlier year missing"
    return growth, reason


def _profitable_years(
    fin: pd.DataFrame, g: Any, prev_ok: dict[int, pd.Series], years_available: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Years with a net profit among the last three, with its reason, and the years of the three
    not known to be losses (what the benchmark rates).

    Only the years whose net profit is known count; a year without a statement (or whose net
    profit is missing) is missing, never a loss: two profitable years of two on file are three
    years not known to be losses, rated like three profitable years. The reason says so."""
    latest_known = fin["net_profit"].notna()
    count = (fin["net_profit"] > 0).astype(float)
    n_known = latest_known.astype("int64")
    for k in (1, 2):
        prior = g["net_profit"].shift(k).where(prev_ok[k])
        count = count + prior.gt(0).astype(float)
        n_known = n_known + prior.notna().astype("int64")
    count = count.where(latest_known)
    not_loss = (count + (3 - n_known)).where(latest_known)
    n_missing = years_available - n_known
    reason = pd.Series(pd.NA, index=fin.index, dtype="str")
    few = (years_available < 3) & (n_missing == 0)
    reason[few] = (
        "only "
        + years_available[few].astype(str)
        + " of 3 years of statements: a year without one is missing, not a loss"
    )
    gaps = latest_known & (n_missing > 0)
    reason[gaps] = (
        "net profit missing for "
        + n_missing[gaps].astype(str)
        + " of the "
        + years_available[gaps].astype(str)
        + " years of statements: counted over the "
        + n_known[gaps].astype(str)
        + " known, a missing year is not a loss"
    )
    reason[~latest_known] = "net profit is missing"
    return count, reason, not_loss


def ratio_summary(ratio_frame: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Distribution of each ratio against its benchmark: quartiles and shares by status.

    ``ratio_frame`` is the result of :func:`ratios` (latest year).

    >>> import pandas as pd
    >>> r = pd.DataFrame({"quick_ratio": [0.5, 1.2], "quick_ratio_status": ["weak", "ok"]})
    >>> ratio_summary(r).loc["quick_ratio", ["median", "ok", "weak"]].tolist()
    [0.85, 0.5, 0.5]
    """
    credit = load_policy(policy)["credit"]
    rows = []
    for name, (en, zh) in RATIOS.items():
        if name not in ratio_frame.columns:
            continue
        v = ratio_frame[name]
        st = ratio_frame.get(f"{name}_status", pd.Series(dtype="str"))
        n = len(v)
        b = credit["benchmarks"][name]
        rows.append(
            {
                "ratio": name,
                "label": f"{en} {zh}",
                "benchmark": b["target"],
                "ok_at": b["ok"],
                "watch_at": b["watch"],
                "better": b["better"],
                "p25": v.quantile(0.25),
                "median": v.median(),
                "p75": v.quantile(0.75),
                **{s: float((st == s).sum()) / n if n else np.nan for s in STATUSES},
                "missing": float(v.isna().sum()) / n if n else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("ratio")

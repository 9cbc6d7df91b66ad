"""Credit management: ratios, the expert scorecard, grades, limits, exposure and approval.

The method of the credit investigation (信用调查) and credit grading (信用等级评定):

* :func:`ratios` computes the financial ratios of each customer's statements and
  rates each one against its benchmark (``ok`` / ``watch`` / ``weak``);
* :func:`score` turns the ratios and the twelve qualitative factors
  (:data:`kamtools.schema.CREDIT_FACTORS`) into points, a 0-100 score and a grade,
  and names the three items that cost the most points;
* :func:`limits` recommends a credit limit from the grade and the purchase volume,
  measures exposure against the approved limit, routes the change to the level
  that must approve it and lists the re-review triggers;
* :func:`accountability` splits written-off debts between handler and approver.

Every threshold comes from the ``credit`` section of the policy
(:mod:`kamtools.policy`). Functions return new DataFrames indexed by
``customer_id`` and never change their inputs; a ratio that cannot be computed is
NaN with a reason, never ±inf.

>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> sc = score(data, "2026-10-31")
>>> bool(sc["score"].between(0, 100).all())
True
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import facts
from .policy import PolicyError, load_policy
from .schema import CREDIT_FACTORS
from .store import KamData

#: The financial ratios of the scorecard, in order, with their English and Chinese names.
RATIOS: dict[str, tuple[str, str]] = {
    "quick_ratio": ("Quick ratio", "速动比率"),
    "current_ratio": ("Current ratio", "流动比率"),
    "debt_ratio": ("Debt ratio", "资产负债率"),
    "asset_turnover": ("Total asset turnover", "总资产周转率"),
    "net_margin": ("Net margin", "销售净利率"),
    "equity_growth_3y": ("Equity growth per year, last 3 years", "三年资本平均增长率"),
    "profitable_years_3y": ("Profitable years of the last 3", "近三年盈利年数"),
}

#: Every item of the scorecard: the ratios, then the qualitative factors.
ITEMS: dict[str, tuple[str, str]] = {**RATIOS, **CREDIT_FACTORS}

#: Longest gap between two statements for the earlier one to count as the previous fiscal year.
PRIOR_YEAR_MAX_DAYS = 460

STATUSES = ("ok", "watch", "weak")

_BENCH_KEYS = {"target", "ok", "watch", "better"}

#: Meaningful range of each ratio's benchmark values (target, ok, watch); None: no bound.
BENCHMARK_RANGES: dict[str, tuple[float | None, float | None]] = {
    "quick_ratio": (0.0, None),
    "current_ratio": (0.0, None),
    "debt_ratio": (0.0, 1.0),
    "asset_turnover": (0.0, None),
    "net_margin": (-1.0, 1.0),
    "equity_growth_3y": (-1.0, None),
    "profitable_years_3y": (0.0, 3.0),
}


# --------------------------------------------------------------------------- policy
class _Checked(dict):
    """A policy already loaded and checked here (passed between this module's functions)."""


def _policy(policy: Any) -> dict:
    """The full policy (defaults merged with ``policy``) with the credit section checked."""
    if isinstance(policy, _Checked):
        return policy
    pol = _Checked(load_policy(policy))
    _check_credit_policy(pol["credit"])
    return pol


def _check_credit_policy(c: Mapping) -> None:
    weights = c["weights"]
    total = float(sum(weights.values()))
    if abs(total - 100.0) > 1e-6:
        raise PolicyError(f"policy key 'credit.weights' must add up to 100, got {total:g}")
    grades = list(c["grades"].items())
    cuts = [v for _, v in grades]
    if any(b >= a for a, b in zip(cuts, cuts[1:])):
        raise PolicyError("policy key 'credit.grades' must list grades best first with strictly "
                          f"descending cut-offs, got {dict(grades)}")
    if cuts[-1] != 0:
        raise PolicyError(f"policy key 'credit.grades': the lowest grade must start at 0, got {cuts[-1]!r}")
    if c["missing"] not in ("neutral", "worst"):
        raise PolicyError(f"policy key 'credit.missing' must be 'neutral' or 'worst', got {c['missing']!r}")
    for name, bench in c["benchmarks"].items():
        _check_benchmark(f"credit.benchmarks.{name}", bench)
    for industry, ratios_ in (c.get("benchmarks_by_industry") or {}).items():
        if not isinstance(ratios_, Mapping):
            raise PolicyError(f"policy key 'credit.benchmarks_by_industry.{industry}' must be a mapping of ratios")
        for name, bench in ratios_.items():
            key = f"credit.benchmarks_by_industry.{industry}.{name}"
            if name not in RATIOS:
                raise PolicyError(f"unknown policy key '{key}' (ratios: {', '.join(RATIOS)})")
            if not isinstance(bench, Mapping):
                raise PolicyError(f"policy key '{key}' must be a mapping such as {{ok: 1.0, watch: 0.7}}")
            _check_benchmark(key, {**c["benchmarks"][name], **bench}, given=bench)
    sp = c["status_points"]
    if not float(sp["ok"]) >= float(sp["watch"]) >= float(sp["weak"]):
        raise PolicyError("policy key 'credit.status_points' must give ok at least the points of watch and "
                          f"watch at least those of weak, got {dict(sp)}")
    levels = list(c["approval_levels"].items())
    amounts = [v for _, v in levels]
    for name, v in levels[:-1]:
        if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
            raise PolicyError(f"policy key 'credit.approval_levels.{name}' must be an amount "
                              "(only the last level has no ceiling)")
    if any(b <= a for a, b in zip(amounts[:-2], amounts[1:-1])):
        raise PolicyError("policy key 'credit.approval_levels' must rise from level to level, "
                          f"got {dict(levels)}")
    last_name, last = levels[-1]
    if last is not None and (isinstance(last, bool) or not isinstance(last, (int, float))):
        raise PolicyError(f"policy key 'credit.approval_levels.{last_name}' must be an amount or null")
    if last is not None and len(levels) > 1 and last <= amounts[-2]:
        raise PolicyError(f"policy key 'credit.approval_levels.{last_name}' ({last:g}) must exceed the "
                          f"previous level's amount ({amounts[-2]:g}), or be null (no ceiling)")
    cap = c.get("forms_cap")
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or cap < 1):
        raise PolicyError(f"policy key 'credit.forms_cap' must be a positive whole number or null "
                          f"(no cap), got {cap!r}")
    acc = c["accountability"]
    if abs(acc["handler_share_within_limit"] + acc["approver_share_within_limit"] - 1.0) > 1e-9:
        raise PolicyError("policy keys 'credit.accountability.handler_share_within_limit' and "
                          "'approver_share_within_limit' must add up to 1")


def _check_benchmark(key: str, bench: Mapping, given: Mapping | None = None) -> None:
    for k, v in (given if given is not None else bench).items():
        if k not in _BENCH_KEYS:
            raise PolicyError(f"unknown policy key '{key}.{k}' (allowed: {', '.join(sorted(_BENCH_KEYS))})")
        if k != "better" and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise PolicyError(f"policy key '{key}.{k}' must be a number, got {v!r}")
    if bench.get("better") not in ("higher", "lower"):
        raise PolicyError(f"policy key '{key}.better' must be 'higher' or 'lower', got {bench.get('better')!r}")
    name = key.rsplit(".", 1)[-1]
    lo, hi = BENCHMARK_RANGES.get(name, (None, None))
    for k in ("target", "ok", "watch"):
        v = bench.get(k)
        if v is not None and ((lo is not None and v < lo) or (hi is not None and v > hi)):
            bounds = f"from {lo if lo is not None else '-inf'} to {hi if hi is not None else 'inf'}"
            raise PolicyError(f"policy key '{key}.{k}' = {v!r} is out of range (allowed {bounds})")
    ok, watch = bench["ok"], bench["watch"]
    if (bench["better"] == "higher" and watch > ok) or (bench["better"] == "lower" and watch < ok):
        raise PolicyError(f"policy key '{key}': 'watch' ({watch}) must lie beyond 'ok' ({ok}) "
                          f"on the worse side ({'lower' if bench['better'] == 'higher' else 'higher'} values)")


def grade_order(policy: Any = None) -> list[str]:
    """The grades of the policy, best first.

    >>> grade_order()
    ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'C']
    """
    return list(_policy(policy)["credit"]["grades"])


def grade_of(scores: pd.Series | float, policy: Any = None) -> pd.Series | str:
    """The grade for each score: the best grade whose cut-off the score reaches.

    A score exactly on a cut-off gets that (the higher) grade; NaN gets NaN.

    >>> grade_of(80.0), grade_of(79.99)
    ('AA', 'A')
    """
    grades = _policy(policy)["credit"]["grades"]
    scalar = not isinstance(scores, pd.Series)
    s = pd.Series([scores]) if scalar else scores
    names = list(grades)
    cuts = np.array([grades[g] for g in names], dtype=float)
    vals = s.to_numpy(dtype=float)
    # Grades are best first with descending cut-offs: count the cut-offs a score does not reach.
    idx = (vals[:, None] < cuts[None, :]).sum(axis=1)
    out = np.array(names + [names[-1]], dtype=object)[np.minimum(idx, len(names) - 1)]
    result = pd.Series(out, index=s.index, dtype="str").where(~np.isnan(vals))
    return result.iloc[0] if scalar else result


# --------------------------------------------------------------------------- ratios
def _date(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _div(num: pd.Series, den: pd.Series, what: str) -> tuple[pd.Series, pd.Series]:
    """num / den, NaN with a reason where the denominator is zero or missing."""
    num = num.astype(float)
    den = den.astype(float)
    zero = den == 0
    missing = den.isna()
    ok = ~(zero | missing) & num.notna()
    value = pd.Series(np.nan, index=num.index, dtype=float)
    value[ok] = num[ok] / den[ok]
    reason = pd.Series(pd.NA, index=num.index, dtype="str")
    reason[zero] = f"zero {what}"
    reason[missing] = f"{what} missing"
    reason[~zero & ~missing & num.isna()] = "an input is missing"
    return value, reason


def benchmark(name: str, industry: Any = None, policy: Any = None) -> dict:
    """The benchmark of ratio ``name`` (target, ok, watch, better) that applies to a customer of
    ``industry``: the policy's benchmark with that industry's overrides
    (``credit.benchmarks_by_industry``) on top.

    >>> benchmark("asset_turnover", "Retail",
    ...           {"credit": {"benchmarks_by_industry": {"Retail": {"asset_turnover": {"ok": 3.0}}}}})
    {'target': 4.5, 'ok': 3.0, 'watch': 1.0, 'better': 'higher'}
    """
    credit = _policy(policy)["credit"]
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
        net profit is known, flagged); for each, ``<ratio>_status`` (ok / watch /
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
    pol = _policy(policy)
    credit = pol["credit"]
    fin = financials.copy()
    fin["period_end"] = pd.to_datetime(fin["period_end"])
    if as_of is not None:
        fin = fin[fin["period_end"] <= _date(as_of)]
    fin = fin.sort_values(["customer_id", "period_end"], kind="mergesort").reset_index(drop=True)
    if industry is not None:
        ind_map = industry if isinstance(industry, pd.Series) else pd.Series(dict(industry), dtype="str")
        ind = fin["customer_id"].map(ind_map)
    elif "industry" in fin.columns:
        ind = fin["industry"]
    else:
        ind = pd.Series(pd.NA, index=fin.index, dtype="str")
    ind = ind.astype("str")

    money = ["current_assets", "inventory", "current_liabilities", "total_assets", "total_liabilities",
             "revenue", "net_profit"]
    for col in money:
        fin[col] = fin[col].astype(float)
    prepaid = fin["prepaid_expenses"].astype(float).fillna(0.0) if "prepaid_expenses" in fin else 0.0
    equity = fin["total_assets"] - fin["total_liabilities"]

    # The previous fiscal years: earlier statements of the same customer, each at most
    # PRIOR_YEAR_MAX_DAYS before the next (a gap breaks the chain).
    g = fin.groupby("customer_id", sort=False)
    pe = fin["period_end"]
    prev_ok = {0: pd.Series(True, index=fin.index)}
    shifted_pe = {0: pe}
    for k in (1, 2, 3):
        spe = g["period_end"].shift(k)
        gap = (shifted_pe[k - 1] - spe).dt.days
        prev_ok[k] = prev_ok[k - 1] & spe.notna() & (gap <= PRIOR_YEAR_MAX_DAYS)
        shifted_pe[k] = spe
    years_available = (prev_ok[1].astype(int) + prev_ok[2].astype(int) + 1).astype("int64")

    out = pd.DataFrame({"customer_id": fin["customer_id"], "period_end": pe, "industry": ind})
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

    vals: dict[str, pd.Series] = {}
    reasons: dict[str, pd.Series] = {}
    quick_assets = fin["current_assets"] - fin["inventory"] - prepaid
    vals["quick_ratio"], reasons["quick_ratio"] = _div(quick_assets, fin["current_liabilities"],
                                                       "current liabilities")
    vals["current_ratio"], reasons["current_ratio"] = _div(fin["current_assets"], fin["current_liabilities"],
                                                           "current liabilities")
    vals["debt_ratio"], reasons["debt_ratio"] = _div(fin["total_liabilities"], fin["total_assets"],
                                                     "total assets")
    vals["asset_turnover"], reasons["asset_turnover"] = _div(fin["revenue"], avg_assets, "average total assets")
    computed = reasons["asset_turnover"].isna()
    reasons["asset_turnover"] = reasons["asset_turnover"].mask(
        computed & no_prior, "no prior year: closing total assets used instead of the average").mask(
        computed & opening_missing,
        "prior-year total assets missing: closing total assets used instead of the average")
    vals["net_margin"], reasons["net_margin"] = _div(fin["net_profit"], fin["revenue"], "revenue")

    # Equity growth: from the statement three years back (a true 3-year growth needs four
    # statements), else from the earliest statement of the unbroken run whose equity is known.
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
    growth[positive] = np.where(ratio_[positive] > 0,
                                np.power(ratio_[positive].clip(lower=1e-12), 1.0 / n_years[positive]) - 1.0,
                                -1.0)
    reason[no_prior] = "no prior year"
    reason[~no_prior & ~has_base] = "equity of the prior years missing (total assets or liabilities)"
    reason[has_base & (base <= 0)] = "equity at the start is zero or negative"
    reason[has_base & (base > 0) & equity.isna()] = "equity missing (total assets or liabilities)"
    short = positive & (n_years < 3)
    skipped = short & (n_prior > n_years)
    reason[short & ~skipped] = ("over " + n_years[short & ~skipped].astype(str) + " year(s) only: "
                                + (n_years[short & ~skipped] + 1).astype(str)
                                + " statements, a 3-year growth needs 4")
    reason[skipped] = ("over " + n_years[skipped].astype(str)
                       + " year(s) only: equity of an earlier year missing")
    vals["equity_growth_3y"], reasons["equity_growth_3y"] = growth, reason

    # Profitable years: count only the years whose net profit is known, and say so.
    latest_known = fin["net_profit"].notna()
    count = (fin["net_profit"] > 0).astype(float)
    n_known = latest_known.astype("int64")
    for k in (1, 2):
        prior = g["net_profit"].shift(k).where(prev_ok[k])
        count = count + prior.gt(0).astype(float)
        n_known = n_known + prior.notna().astype("int64")
    count = count.where(latest_known)
    n_missing = years_available - n_known
    reason = pd.Series(pd.NA, index=fin.index, dtype="str")
    few = (years_available < 3) & (n_missing == 0)
    reason[few] = "only " + years_available[few].astype(str) + " of 3 years of statements"
    gaps = latest_known & (n_missing > 0)
    reason[gaps] = ("net profit missing for " + n_missing[gaps].astype(str) + " of the "
                    + years_available[gaps].astype(str) + " years of statements: counted over the "
                    + n_known[gaps].astype(str) + " known")
    reason[~latest_known] = "net profit is missing"
    vals["profitable_years_3y"], reasons["profitable_years_3y"] = count, reason

    for name in RATIOS:
        ok, watch, better = _industry_benchmarks(ind, name, credit)
        v = vals[name].replace([np.inf, -np.inf], np.nan)
        out[name] = v
        out[f"{name}_status"] = _status(v, ok, watch, better)
        out[f"{name}_reason"] = reasons[name].astype("str")
    if history:
        return out.set_index(["customer_id", "period_end"])
    latest = out.groupby("customer_id", sort=True).tail(1)
    return latest.set_index("customer_id").sort_index()


def ratio_summary(ratio_frame: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Distribution of each ratio against its benchmark: quartiles and shares by status.

    ``ratio_frame`` is the result of :func:`ratios` (latest year).

    >>> import pandas as pd
    >>> r = pd.DataFrame({"quick_ratio": [0.5, 1.2], "quick_ratio_status": ["weak", "ok"]})
    >>> ratio_summary(r).loc["quick_ratio", ["median", "ok", "weak"]].tolist()
    [0.85, 0.5, 0.5]
    """
    credit = _policy(policy)["credit"]
    rows = []
    for name, (en, zh) in RATIOS.items():
        if name not in ratio_frame.columns:
            continue
        v = ratio_frame[name]
        st = ratio_frame.get(f"{name}_status", pd.Series(dtype="str"))
        n = len(v)
        b = credit["benchmarks"][name]
        rows.append({
            "ratio": name, "label": f"{en} {zh}", "target": b["target"], "ok_at": b["ok"],
            "watch_at": b["watch"], "better": b["better"],
            "p25": v.quantile(0.25), "median": v.median(), "p75": v.quantile(0.75),
            **{s: float((st == s).sum()) / n if n else np.nan for s in STATUSES},
            "missing": float(v.isna().sum()) / n if n else np.nan,
        })
    return pd.DataFrame(rows).set_index("ratio")


# --------------------------------------------------------------------------- score
def _latest_before(frame: pd.DataFrame, date_col: str, cutoff: pd.Series) -> pd.DataFrame:
    """For each customer of ``cutoff`` (customer_id → date), its latest row on or before that date."""
    if frame.empty:
        return frame.iloc[0:0].set_index("customer_id")
    f = frame.merge(cutoff.rename("_cutoff"), left_on="customer_id", right_index=True, how="inner")
    f = f[f[date_col] <= f["_cutoff"]]
    f = f.sort_values(["customer_id", date_col], kind="mergesort")
    return f.groupby("customer_id", sort=True).tail(1).drop(columns="_cutoff").set_index("customer_id")


def _points(ratio_rows: pd.DataFrame, factor_rows: pd.DataFrame, index: pd.Index,
            credit: Mapping) -> pd.DataFrame:
    """Points per scorecard item for customers ``index``; NaN where the item is missing."""
    weights = np.array([float(credit["weights"][k]) for k in ITEMS])
    share = credit["status_points"]
    nr = len(RATIOS)
    mat = np.full((len(index), len(ITEMS)), np.nan)
    if len(ratio_rows):
        st = ratio_rows[[f"{r}_status" for r in RATIOS]].reindex(index).to_numpy(dtype=object)
        part = mat[:, :nr]
        for s in STATUSES:
            part[st == s] = float(share[s])
    if len(factor_rows):
        raw = factor_rows[list(CREDIT_FACTORS)].reindex(index).astype("Float64").to_numpy(
            dtype=float, na_value=np.nan)
        mat[:, nr:] = (np.clip(raw, 1, 5) - 1.0) / 4.0
    return pd.DataFrame(mat * weights, index=index, columns=list(ITEMS))


def _score_at(fin_hist: pd.DataFrame, factors: pd.DataFrame, cutoff: pd.Series,
              credit: Mapping) -> tuple[pd.DataFrame, ...]:
    """The scorecard for each customer of ``cutoff`` with the data known on its cutoff date."""
    idx = cutoff.index
    rat = _latest_before(fin_hist, "period_end", cutoff)
    fac = _latest_before(factors, "assessed_on", cutoff)
    pts = _points(rat, fac, idx, credit)
    missing = pts.isna()
    fill = 0.5 if credit["missing"] == "neutral" else 0.0
    weights = np.array([float(credit["weights"][k]) for k in ITEMS])
    arr = pts.to_numpy()
    filled = pd.DataFrame(np.where(np.isnan(arr), weights[None, :] * fill, arr), index=idx,
                          columns=list(ITEMS))
    out = pd.DataFrame(index=idx)
    out["fiscal_year_end"] = rat["period_end"].reindex(idx).astype("datetime64[us]") \
        if "period_end" in rat else pd.Series(pd.NaT, index=idx, dtype="datetime64[us]")
    out["assessed_on"] = fac["assessed_on"].reindex(idx).astype("datetime64[us]") \
        if "assessed_on" in fac else pd.Series(pd.NaT, index=idx, dtype="datetime64[us]")
    # Bounded by construction: every item earns between 0 and its weight (status points and the
    # factor share lie in 0..1) and the weights add up to 100, so no clip hides an error here.
    out["score"] = filled.sum(axis=1).round(2)
    out["missing_factors"] = missing.sum(axis=1).astype("int64")
    return out, filled, missing, rat, fac


def _factor_frame(data: KamData) -> pd.DataFrame:
    f = data.credit_factors.copy() if data.has("credit_factors") else pd.DataFrame(
        columns=["customer_id", "assessed_on", *CREDIT_FACTORS])
    f["assessed_on"] = pd.to_datetime(f["assessed_on"])
    return f


def _customer_index(data: KamData) -> pd.Index:
    return pd.Index(data.customers["customer_id"].sort_values(kind="mergesort").to_numpy(),
                    name="customer_id", dtype="str")


def score(data: KamData, as_of: dt.date | str, policy: Any = None) -> pd.DataFrame:
    """The credit scorecard of every customer: points per item, score 0-100 and grade.

    Each financial ratio earns its weight times the share of its status
    (``credit.status_points``: ok full, watch half, weak none); each qualitative
    factor scored 1-5 earns ``weight × (score − 1) / 4``. An item that is missing
    (no statement, a ratio that cannot be computed, a factor not assessed) is
    scored as ``credit.missing`` says (neutral: half its weight; worst: nothing)
    and counted in ``missing_factors``. The score (rounded to 2 decimals) sets the
    grade: the best grade whose cut-off it reaches.

    The previous grade is the grade as of the day before the latest assessment
    when a customer has been assessed more than once; otherwise the grade
    ``credit.previous_grade_months`` months before ``as_of`` (NaN when nothing was
    known about the customer then).

    Parameters
    ----------
    data
        The book (customers, financials, credit_factors).
    as_of
        Date of the assessment: statements and assessments after it are ignored.
    policy
        Policy path, mapping or None (defaults).

    Returns
    -------
    DataFrame indexed by ``customer_id`` (every customer) with ``fiscal_year_end``,
    ``assessed_on``, ``assessment_age_months``, ``pts_<item>`` for each ratio and
    factor, the factor scores ``<factor>`` (1-5) and ratio statuses
    ``<ratio>_status``, ``score``, ``grade``, ``missing_factors``, ``missing_items``,
    ``top_losses`` (the three items that cost most points, with the points lost),
    ``previous_score``, ``previous_grade``, ``previous_basis``, ``grade_changed`` and
    ``grade_move`` (up, down, same, or new when there is no previous grade).

    Examples
    --------
    >>> import kamtools as kt
    >>> sc = score(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> set(sc["grade"]) <= set(grade_order())
    True
    """
    pol = _policy(policy)
    credit = pol["credit"]
    as_of_ts = _date(as_of)
    idx = _customer_index(data)
    industry = data.customers.set_index("customer_id")["industry"]
    fin_hist = ratios(data.financials, as_of_ts, history=True, policy=pol, industry=industry).reset_index()
    factors = _factor_frame(data)
    factors = factors[factors["assessed_on"] <= as_of_ts]

    cutoff = pd.Series(as_of_ts, index=idx)
    cur, filled, missing, rat, fac = _score_at(fin_hist, factors, cutoff, credit)
    weights = pd.Series({k: float(v) for k, v in credit["weights"].items()})[list(ITEMS)]

    out = pd.DataFrame(index=idx)
    out["fiscal_year_end"] = cur["fiscal_year_end"]
    out["assessed_on"] = cur["assessed_on"]
    age = (as_of_ts.year - out["assessed_on"].dt.year) * 12 + (as_of_ts.month - out["assessed_on"].dt.month) \
        - (as_of_ts.day < out["assessed_on"].dt.day).astype("Int64")
    out["assessment_age_months"] = age.astype("Int64")
    for name in ITEMS:
        out[f"pts_{name}"] = filled[name]
    for name in RATIOS:
        out[f"{name}_status"] = rat[f"{name}_status"].reindex(idx).astype("str") if len(rat) else \
            pd.Series(pd.NA, index=idx, dtype="str")
    for name in CREDIT_FACTORS:
        out[name] = fac[name].reindex(idx).astype("Int64") if len(fac) else pd.Series(pd.NA, index=idx,
                                                                                       dtype="Int64")
    out["score"] = cur["score"]
    out["grade"] = grade_of(out["score"], pol)
    out["missing_factors"] = cur["missing_factors"]
    names = np.array(list(ITEMS), dtype=object)
    miss = missing.to_numpy()
    listed = np.where(miss, names[None, :] + ", ", "").astype(object).sum(axis=1) if len(idx) else []
    out["missing_items"] = pd.Series(listed, index=idx, dtype="str").str.removesuffix(", ")

    # The three items that cost the most points (ties: scorecard order).
    lost = (weights.to_numpy()[None, :] - filled.to_numpy()).round(2)
    order = np.argsort(-lost, axis=1, kind="stable")[:, :3]
    top_lost = np.take_along_axis(lost, order, axis=1)
    top = pd.Series("", index=idx, dtype="str")
    for k in range(order.shape[1]):
        part = pd.Series(names[order[:, k]] + " -" + np.char.mod("%g", top_lost[:, k]).astype(object),
                         index=idx, dtype="str")
        sep = np.where(top == "", "", "; ")
        top = top.where(~(top_lost[:, k] > 0), top + sep + part)
    out["top_losses"] = top

    # Previous grade: before the latest assessment, else previous_grade_months earlier.
    counts = factors.groupby("customer_id").size().reindex(idx, fill_value=0)
    prev_months = int(credit["previous_grade_months"])
    fallback = as_of_ts - pd.DateOffset(months=prev_months)
    prev_cut = pd.Series(fallback, index=idx).astype("datetime64[us]")
    by_assessment = counts >= 2
    prev_cut[by_assessment] = (out.loc[by_assessment, "assessed_on"] - pd.Timedelta(days=1)).astype(
        "datetime64[us]")
    prev, _, prev_missing, prev_rat, prev_fac = _score_at(fin_hist, factors, prev_cut, credit)
    known = prev["fiscal_year_end"].notna() | prev["assessed_on"].notna()
    out["previous_score"] = prev["score"].where(known)
    out["previous_grade"] = grade_of(out["previous_score"], pol)
    basis = pd.Series(f"{prev_months} months earlier", index=idx, dtype="str")
    basis[by_assessment] = "previous assessment"
    out["previous_basis"] = basis.where(known)
    return _with_grade_moves(out, credit["grades"])


def grade_changes(scores: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Customers by previous grade (rows) and current grade (columns), from :func:`score`.

    Customers without a previous grade form the row ``new``.

    >>> import pandas as pd
    >>> sc = pd.DataFrame({"grade": ["A", "A", "BB"], "previous_grade": ["A", None, "A"]})
    >>> grade_changes(sc).loc["A", ["A", "BB"]].tolist()
    [1, 1]
    """
    order = grade_order(policy)
    prev = scores["previous_grade"].astype(object).where(scores["previous_grade"].notna(), "new")
    tab = pd.crosstab(prev, scores["grade"].astype(object))
    tab = tab.reindex(index=order + ["new"], columns=order, fill_value=0).astype("int64")
    tab.index.name = "previous grade"
    tab.columns.name = "grade"
    return tab


def compare_grades(scores: pd.DataFrame, earlier: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Grades now against the grades of an earlier scorecard, e.g. the previous period's end.

    ``scores`` and ``earlier`` are results of :func:`score` at two dates. A customer
    of whom nothing was known at the earlier date (no statement, no assessment) has
    no earlier grade (``grade_move`` new). The columns are named as those of
    :func:`score` (``previous_score``, ``previous_grade``, ``grade_changed``,
    ``grade_move``), so :func:`grade_changes` tabulates the result.

    >>> import pandas as pd
    >>> now = pd.DataFrame({"score": [75.0, 55.0], "grade": ["A", "BB"]}, index=["C1", "C2"])
    >>> before = pd.DataFrame({"score": [65.0, 50.0], "grade": ["BBB", "BB"],
    ...     "fiscal_year_end": pd.to_datetime(["2025-12-31", None]),
    ...     "assessed_on": pd.to_datetime(["2026-01-31", None])}, index=["C1", "C2"])
    >>> compare_grades(now, before)["grade_move"].tolist()
    ['up', 'new']
    """
    credit = _policy(policy)["credit"]
    idx = scores.index
    before = earlier.reindex(idx)
    known = pd.Series(False, index=idx)
    for col in ("fiscal_year_end", "assessed_on"):
        if col in before.columns:
            known |= before[col].notna()
    out = pd.DataFrame(index=idx)
    out["score"] = scores["score"]
    out["grade"] = scores["grade"]
    out["previous_score"] = before["score"].where(known)
    out["previous_grade"] = before["grade"].astype("str").where(known)
    return _with_grade_moves(out, credit["grades"])


# --------------------------------------------------------------------------- limits
def _open_receivables(data: KamData, as_of: pd.Timestamp) -> pd.DataFrame:
    """Open receivables per customer, by the one definition of :mod:`kamtools.receivables`."""
    from . import receivables

    ag = receivables.aging(receivables.settle(data, None, as_of.date()), as_of.date())
    out = pd.DataFrame(index=pd.Index(ag.index.astype("str"), name="customer_id"))
    out["open_receivables"] = ag["total"].astype(float).to_numpy()
    out["unapplied_credit"] = ag["unapplied_credit"].astype(float).to_numpy()
    out["overdue"] = ag["overdue"].astype(float).to_numpy()
    out["max_days_past_due"] = ag["max_days_past_due"].astype(float).to_numpy()
    return out


def approval_level(change: pd.Series | float, policy: Any = None) -> pd.Series | str:
    """Who must approve a limit change of ``change`` (recommended − approved).

    An increase goes to the first level whose amount it does not exceed (an
    increase exactly equal to a level's amount belongs to that level); the last
    level has no ceiling. A decrease goes to the first level (the account manager
    records it); no change needs no approval: ``"none"``.

    >>> approval_level(50000), approval_level(50000.01), approval_level(-10), approval_level(0)
    ('account_manager', 'direct_sales_manager', 'account_manager', 'none')
    """
    levels = list(_policy(policy)["credit"]["approval_levels"].items())
    scalar = not isinstance(change, pd.Series)
    s = pd.Series([change], dtype=float) if scalar else change.astype(float)
    out = pd.Series(levels[-1][0], index=s.index, dtype="str")
    decided = pd.Series(False, index=s.index)
    for name, amount in levels:
        if amount is None:
            continue
        hit = ~decided & (s <= float(amount))
        out[hit] = name
        decided |= hit
    out[s < 0] = levels[0][0]
    out[s == 0] = "none"
    out = out.where(s.notna())
    return out.iloc[0] if scalar else out


def limits(data: KamData, as_of: dt.date | str, policy: Any = None,
           scores: pd.DataFrame | None = None) -> pd.DataFrame:
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
    * ``limit_change = recommended − approved`` and ``approval_level`` (see
      :func:`approval_level`).
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
    pol = _policy(policy)
    credit = pol["credit"]
    as_of_ts = _date(as_of)
    idx = _customer_index(data)
    sc = scores if scores is not None else score(data, as_of_ts, pol)
    sc = sc.reindex(idx)

    out = pd.DataFrame(index=idx)
    out["score"] = sc["score"]
    out["grade"] = sc["grade"]
    out["previous_grade"] = sc["previous_grade"]

    # Approved limit in force.
    cl = data.credit_limits.copy() if data.has("credit_limits") else pd.DataFrame(
        columns=["customer_id", "credit_limit", "approved_by", "approved_on", "collateral"])
    cl["approved_on"] = pd.to_datetime(cl["approved_on"])
    if "collateral" not in cl:
        cl["collateral"] = np.nan
    current = _latest_before(cl, "approved_on", pd.Series(as_of_ts, index=idx))
    out["approved_limit"] = current["credit_limit"].reindex(idx).astype(float).fillna(0.0)
    out["approved_by"] = current["approved_by"].reindex(idx).astype("str")
    out["approved_on"] = current["approved_on"].reindex(idx).astype("datetime64[us]")
    out["collateral"] = current["collateral"].reindex(idx).astype(float).fillna(0.0)

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
    out["months_of_purchases"] = out["grade"].map(
        {g: float(m) for g, m in credit["limit"]["months_of_purchases"].items()}).astype(float)
    raw = out["months_of_purchases"] * out["avg_monthly_purchases"]
    cap = (float(credit["limit"]["equity_cap_share"]) * out["equity"]).clip(lower=0.0)
    out["equity_cap"] = cap
    capped = raw.where(cap.isna() | (raw <= cap), cap)
    rounding = float(credit["limit"]["rounding"])
    out["recommended_limit"] = (np.floor(capped.fillna(0.0) / rounding + 1e-9) * rounding).astype(float)
    out["capped_by_equity"] = (cap.notna() & (raw > cap)).astype(bool)

    # Exposure.
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

    # Change and approval.
    out["limit_change"] = out["recommended_limit"] - out["approved_limit"]
    out["approval_level"] = approval_level(out["limit_change"], pol)

    # Re-review triggers.
    rv = credit["review"]
    stale_before = as_of_ts - pd.DateOffset(months=int(rv["assessment_older_than_months"]))
    out["assessed_on"] = sc["assessed_on"]
    no_limit = (out["approved_limit"] <= 0) & (out["exposure"] > 0)
    triggers = {
        "review_grade_change": (sc["grade_changed"].fillna(False).astype(bool),
                                "grade changed " + sc["previous_grade"].fillna("") + " -> " + sc["grade"].fillna("")),
        "review_utilization": (
            (out["utilization"] > float(rv["utilization_above"])).fillna(False) | no_limit,
            ("utilization " + (out["utilization"] * 100).round(0).astype("Int64").astype(str)
             + " % above " + f"{float(rv['utilization_above']) * 100:g} %").where(
                ~no_limit, "exposure without an approved limit")),
        "review_past_due": (out["max_days_past_due"] > float(rv["days_past_due_above"]),
                            "invoice " + out["max_days_past_due"].astype("int64").astype(str)
                            + f" days past due (over {rv['days_past_due_above']:g})"),
        "review_stale_assessment": (out["assessed_on"].isna() | (out["assessed_on"] < stale_before),
                                    pd.Series(np.where(out["assessed_on"].isna(), "never assessed",
                                                       "assessment older than "
                                                       f"{rv['assessment_older_than_months']:g} months"),
                                              index=idx, dtype="str")),
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
    cols = [c for c in ("grade", "approved_limit", "exposure", "overlimit", "collateral",
                        "overlimit_uncovered", "max_days_past_due") if c in lim.columns]
    hit = lim[lim["over_limit"]]
    return hit.sort_values(["overlimit_uncovered", "overlimit"], ascending=False, kind="mergesort")[cols]


def limit_changes(lim: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Recommended limit changes grouped by approval level: customers, increases and decreases.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [10000.0, -5000.0, 0.0],
    ...     "approval_level": ["account_manager", "account_manager", "none"]})
    >>> limit_changes(lim).loc["account_manager", "customers"]
    np.int64(2)
    """
    levels = list(_policy(policy)["credit"]["approval_levels"]) + ["none"]
    ch = lim["limit_change"]
    g = pd.DataFrame({
        "approval_level": lim["approval_level"],
        "increase": ch.clip(lower=0.0), "decrease": (-ch).clip(lower=0.0),
        "n_up": (ch > 0).astype("int64"), "n_down": (ch < 0).astype("int64"),
    }).groupby("approval_level").agg(
        customers=("increase", "size"), increases=("n_up", "sum"), decreases=("n_down", "sum"),
        total_increase=("increase", "sum"), total_decrease=("decrease", "sum"),
    )
    g = g.reindex(levels, fill_value=0)
    for col in ("customers", "increases", "decreases"):
        g[col] = g[col].astype("int64")
    for col in ("total_increase", "total_decrease"):
        g[col] = g[col].astype(float)
    g.index.name = "approval_level"
    return g


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
    cols = [c for c in ("grade", "previous_grade", "exposure", "utilization", "max_days_past_due", "assessed_on",
                        "triggers", "review_reasons") if c in hit.columns]
    sort = [c for c in ("triggers", "exposure", "max_days_past_due") if c in hit.columns]
    return hit.sort_values(sort, ascending=False, kind="mergesort")[cols] if sort else hit[cols]


def forms_queue(lim: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Every customer whose recommended limit differs from the approved one, in the order of
    the credit forms register, with ``form`` saying whether its full forms are written.

    Increases come first, by approval level (the highest level first), then by the size of
    the increase; decreases follow, largest first; ties keep the order of ``lim``. The first
    ``credit.forms_cap`` customers (200 by default) get their full forms; the others are in
    the register only (``form`` False). With ``forms_cap`` null every customer gets them.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [1000.0, -5000.0, 0.0, 300000.0],
    ...     "approval_level": ["account_manager", "account_manager", "none", "regional_manager"]},
    ...     index=["A", "B", "C", "D"])
    >>> forms_queue(lim)[["limit_change", "form"]].to_dict("index")
    {'D': {'limit_change': 300000.0, 'form': True}, 'A': {'limit_change': 1000.0, 'form': True}, 'B': {'limit_change': -5000.0, 'form': True}}
    """
    credit = _policy(policy)["credit"]
    cap = credit["forms_cap"]
    ch = lim["limit_change"].astype(float)
    due = lim[ch.fillna(0) != 0]
    ch = ch[due.index]
    levels = list(credit["approval_levels"])
    rank = due["approval_level"].map({name: i for i, name in enumerate(levels)}) \
        if "approval_level" in due.columns else approval_level(ch, policy).map(
            {name: i for i, name in enumerate(levels)})
    key = pd.DataFrame({"down": (ch < 0).astype(int), "level": -rank.fillna(-1).astype(int),
                        "size": -ch.abs()}, index=due.index)
    order = key.reset_index(drop=True).sort_values(["down", "level", "size"], kind="mergesort").index
    cols = [c for c in ("grade", "approved_limit", "recommended_limit", "limit_change", "approval_level")
            if c in due.columns]
    out = due.iloc[order][cols].copy()
    out.index = out.index.astype("str")
    out["form"] = np.arange(len(out)) < (len(out) if cap is None else int(cap))
    return out


def forms_due(lim: pd.DataFrame, policy: Any = None) -> list[str]:
    """The customers whose full credit forms the review writes: the first ``credit.forms_cap``
    (200 by default; null: all) of the customers whose recommended limit differs from the
    approved one, in the order of :func:`forms_queue` (increases by approval level, highest
    first, then by amount; then decreases).

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [1000.0, -5000.0, 0.0]}, index=["A", "B", "C"])
    >>> forms_due(lim)
    ['A', 'B']
    """
    q = forms_queue(lim, policy)
    return [str(i) for i in q.index[q["form"]]]


# --------------------------------------------------------------------------- accountability
def accountability(write_offs: pd.DataFrame, limits: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Who bears each written-off debt: handler and approver.

    The part of a write-off within the customer's approved limit is split by
    ``credit.accountability`` (handler / approver shares); the part above the
    approved limit, unapproved exposure, is borne 100 % by the handler. Several
    write-offs of one customer use up its approved limit together, in date order
    (``written_off_on``, else the order of ``write_offs``): each is within the limit
    only for what the earlier ones left of it. A customer missing from ``limits``
    has no approved limit. When ``write_offs`` has no ``approver`` (or it is
    empty), the approver is ``approved_by`` of ``limits``.

    Parameters
    ----------
    write_offs
        ``customer_id``, ``amount`` (positive), ``handler``; optional ``approver``
        and ``written_off_on`` (date).
    limits
        Result of :func:`limits` (``approved_limit``, ``approved_by``), indexed by
        ``customer_id``, at the date the debts arose.
    policy
        Policy path, mapping or None.

    Returns
    -------
    One row per write-off in input order, indexed by ``customer_id``: ``amount``,
    ``approved_limit``, ``within_limit``, ``above_limit``, ``handler``,
    ``handler_amount``, ``approver``, ``approver_amount``.

    Examples
    --------
    >>> import pandas as pd
    >>> wo = pd.DataFrame({"customer_id": ["C1"], "amount": [150.0], "handler": ["Li"]})
    >>> lim = pd.DataFrame({"approved_limit": [100.0], "approved_by": ["Wang"]},
    ...                    index=pd.Index(["C1"], name="customer_id"))
    >>> accountability(wo, lim).loc["C1", ["handler_amount", "approver_amount"]].tolist()
    [80.0, 70.0]
    """
    acc = _policy(policy)["credit"]["accountability"]
    for col in ("customer_id", "amount", "handler"):
        if col not in write_offs.columns:
            raise ValueError(f"write_offs needs a column {col!r}")
    amount = write_offs["amount"].astype(float)
    if (amount < 0).any() or amount.isna().any():
        raise ValueError("write_offs: amount must be a positive number (the debt written off)")
    cid = write_offs["customer_id"].astype("str")
    limit = cid.map(limits["approved_limit"].astype(float)).fillna(0.0).clip(lower=0.0)
    approver = write_offs["approver"].astype("str") if "approver" in write_offs.columns else \
        pd.Series(pd.NA, index=write_offs.index, dtype="str")
    if "approved_by" in limits.columns:
        approver = approver.fillna(cid.map(limits["approved_by"].astype("str")))
    # The limit left for each write-off: the approved limit less the customer's earlier write-offs.
    order = pd.DataFrame({"cid": cid.to_numpy(), "pos": np.arange(len(cid))})
    if "written_off_on" in write_offs.columns:
        order["date"] = pd.to_datetime(write_offs["written_off_on"]).to_numpy()
        order = order.sort_values(["cid", "date", "pos"], kind="mergesort")
    else:
        order = order.sort_values(["cid", "pos"], kind="mergesort")
    amt = amount.to_numpy()[order["pos"].to_numpy()]
    earlier = pd.Series(amt).groupby(order["cid"].to_numpy()).cumsum().to_numpy() - amt
    left = np.empty(len(cid))
    left[order["pos"].to_numpy()] = np.clip(limit.to_numpy()[order["pos"].to_numpy()] - earlier, 0.0, None)
    within = pd.Series(np.minimum(amount.to_numpy(), left), index=write_offs.index)
    above = amount - within
    out = pd.DataFrame({
        "customer_id": cid.to_numpy(),
        "amount": amount.to_numpy(),
        "approved_limit": limit.to_numpy(),
        "within_limit": within.to_numpy(),
        "above_limit": above.to_numpy(),
        "handler": write_offs["handler"].astype("str").to_numpy(),
        "handler_amount": (above + within * float(acc["handler_share_within_limit"])).round(2).to_numpy(),
        "approver": approver.to_numpy(),
        "approver_amount": (within * float(acc["approver_share_within_limit"])).round(2).to_numpy(),
    })
    return out.set_index("customer_id")


def _with_grade_moves(out: pd.DataFrame, grades) -> pd.DataFrame:
    """``out`` with ``grade_changed`` and ``grade_move`` (new / up / down / same) from its
    ``grade`` and ``previous_grade`` columns, grades ranked best first as in the policy."""
    out["grade_changed"] = (out["previous_grade"].notna() & (out["previous_grade"] != out["grade"])).astype(bool)
    rank = {g: i for i, g in enumerate(grades)}  # 0 = best
    now, then = out["grade"].map(rank), out["previous_grade"].map(rank)
    move = np.select([then.isna(), now < then, now > then], ["new", "up", "down"], "same")
    out["grade_move"] = pd.Series(move, index=out.index, dtype="str")
    return out

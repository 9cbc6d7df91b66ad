"""The credit side of the sample book: balance sheets, credit assessments and credit limits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..money import round_cents
from ..schema import CREDIT_FACTORS
from ._common import _dates, _round_to, _str, _Window
from .customers import _Customers, _monthly_at
from .vocabulary import (
    _DEBTOR,
    _GROWING,
    _OVERRIDE_GRADES,
    _OVERRIDE_REASONS_DOWN,
    _OVERRIDE_REASONS_SECURED,
    _OVERRIDE_REASONS_UP,
    APPROVERS,
    _approver,
)


def _financials(
    rng: np.random.Generator, c: _Customers, w: _Window, years: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Balance sheets for ``max(3, years)`` fiscal years ending on Dec 31 before the end of the window.

    Also returns each customer's equity growth over those years and its number of profitable years.
    """
    n, growth, firm_revenue, health, traj = c.n, c.growth, c.firm_revenue, c.health, c.traj
    never, is_new, cust_ids, end_ts = c.never, c.is_new, c.ids, w.end_ts
    fy_last = end_ts.year - 1
    n_fy = max(3, years)
    fy = np.arange(fy_last - n_fy + 1, fy_last + 1)
    t = np.arange(n_fy)[None, :] - (n_fy - 1)  # 0 for the latest year, negative before
    firm_growth = 0.5 * growth + rng.normal(0.03, 0.08, n)
    fin_revenue = firm_revenue[:, None] * np.exp(firm_growth[:, None] * t) * rng.lognormal(0, 0.08, (n, n_fy))
    # Turnover and net margin rise with health toward the material's benchmarks (4-5, about 15 %):
    # the healthiest reach them, most fall short, and the return on assets stays plausible.
    turnover = np.exp(rng.normal(np.log(2.2) + 0.15 * health, 0.4, n))[:, None] * rng.lognormal(0, 0.08, (n, n_fy))
    net_margin = np.clip(0.07 + 0.045 * health + rng.normal(0, 0.03, n), -0.15, 0.22)[:, None] + rng.normal(
        0, 0.025, (n, n_fy)
    )
    net_margin = np.clip(net_margin, -0.20, 0.28)
    net_profit = fin_revenue * net_margin
    assets = fin_revenue / turnover
    distressed = (health < np.quantile(health, 0.015)) if n >= 60 else (traj == _DEBTOR)
    equity_share0 = np.where(
        distressed, rng.uniform(-0.15, 0.04, n), np.clip(0.45 + 0.15 * health + rng.normal(0, 0.1, n), 0.12, 0.80)
    )
    retain = rng.uniform(0.3, 0.9, n)[:, None]
    kept = np.where(net_profit > 0, retain * net_profit, net_profit)
    kept[:, 0] = 0.0
    equity = equity_share0[:, None] * assets[:, :1] + np.cumsum(kept, axis=1)
    # Profitable firms keep part of their profit as cash: assets grow with equity (some debt remains).
    assets = np.maximum(assets, equity / (1 - rng.uniform(0.15, 0.35, n))[:, None])
    liabilities = assets - equity
    ca_share = np.clip(rng.uniform(0.35, 0.85, n)[:, None] + rng.normal(0, 0.03, (n, n_fy)), 0.2, 0.95)
    current_assets = assets * ca_share
    inv_share = np.clip(rng.uniform(0.12, 0.45, n)[:, None] + rng.normal(0, 0.03, (n, n_fy)), 0.05, 0.6)
    pre_share = rng.uniform(0.005, 0.05, (n, n_fy))
    inventory = current_assets * inv_share
    prepaid = current_assets * pre_share
    quick = np.clip(np.exp(rng.normal(0.3 * health, 0.25, n))[:, None] * rng.lognormal(0, 0.08, (n, n_fy)), 0.25, 3.0)
    current_liabilities = np.minimum(current_assets * (1 - inv_share - pre_share) / quick, 0.97 * liabilities)
    prepaid = np.where((rng.random(n) < 0.12)[:, None], np.nan, prepaid)
    has_fin = rng.random(n) >= np.where(never, 0.5, 0.06)
    has_year = np.ones((n, n_fy), dtype=bool)
    has_year[:, 0] = rng.random(n) >= np.where(is_new, 0.4, 0.08)
    has_year &= has_fin[:, None]
    fc, fyi = np.nonzero(has_year)
    financials_df = pd.DataFrame(
        {
            "customer_id": _str(cust_ids.take(pa.array(fc))),
            "period_end": pd.to_datetime(pd.Series(fy[fyi]).astype(str) + "-12-31").to_numpy().astype("datetime64[us]"),
            "current_assets": round_cents(current_assets[fc, fyi]),
            "inventory": round_cents(inventory[fc, fyi]),
            "current_liabilities": round_cents(current_liabilities[fc, fyi]),
            "total_assets": round_cents(assets[fc, fyi]),
            "total_liabilities": round_cents(liabilities[fc, fyi]),
            "revenue": round_cents(fin_revenue[fc, fyi]),
            "net_profit": round_cents(net_profit[fc, fyi]),
            "prepaid_expenses": round_cents(prepaid[fc, fyi]),
        }
    )
    equity_growth = equity[:, -1] - equity[:, 0]
    profitable = (net_profit > 0).sum(axis=1)
    return financials_df, equity_growth, profitable


def _credit_factors(
    rng: np.random.Generator, seed: int, c: _Customers, w: _Window, equity_growth: np.ndarray, profitable: np.ndarray
) -> pd.DataFrame:
    """Qualitative credit assessments: a first one, then about one a year while the customer buys."""
    n, start, stop, stopped, growth, health, zsize = c.n, c.start, c.stop, c.stopped, c.growth, c.health, c.zsize
    never, cust_ids, S, E = c.never, c.ids, w.S, w.E
    assessed = np.where(never, rng.random(n) < 0.3, rng.random(n) < 0.97)
    a1 = np.minimum(np.maximum(np.maximum(start, S) - 30, S) + rng.integers(0, 90, n), E)
    a1 = np.minimum(a1, np.where(stopped, np.maximum(stop, S), E))
    # Credit departments re-assess customers about once a year while they buy; some
    # reviews lapse (the re-review list catches those). The schedule has its own
    # random stream so that its size does not shift the draws of the tables after it.
    rs = np.random.default_rng([seed, 17])
    interval = rs.integers(330, 400, n)
    last_possible = np.where(stopped, np.maximum(np.minimum(stop, E), a1), E)
    k = (last_possible - a1) // interval + 1
    lapsed = rs.random(n) < 0.2
    k = np.where(lapsed, np.minimum(k, rs.integers(1, 3, n)), k)
    k = np.where(assessed, np.maximum(k, 1), 0)
    fa_cust = np.repeat(np.arange(n), k)
    fa_round = np.arange(len(fa_cust)) - np.repeat(np.cumsum(k) - k, k)
    fa_day = np.minimum(
        a1[fa_cust] + fa_round * interval[fa_cust] + rs.integers(-10, 11, len(fa_cust)) * (fa_round > 0), E
    )
    fa_second = fa_round > 0
    m = len(fa_cust)
    drift = np.where(fa_second, np.clip(growth[fa_cust], -0.5, 0.5) * 0.8, 0.0)
    h = health[fa_cust][:, None] + drift[:, None]
    loads = np.array([0.8, 0.3, 0.6, 0.6, 0.5, 0.8, 0.3, 0.7, 0.9, 0.7, 0.2, 0.8])
    latent = h * loads[None, :] + rs.normal(0, 0.7, (m, 12))
    latent[:, 1] += 0.9 * zsize[fa_cust]  # size_ownership
    latent[:, 4] += np.sign(equity_growth[fa_cust]) * 0.6  # capital_growth_3y
    latent[:, 5] += (profitable[fa_cust] - 2) * 0.6  # profit_record_3y
    scores = np.clip(np.round(3.1 + latent), 1, 5)
    missing = (rs.random(m) < 0.2)[:, None] & (rs.random((m, 12)) < 0.2)
    scores = np.where(missing, np.nan, scores)
    credit_factors_df = pd.DataFrame(
        {
            "customer_id": _str(cust_ids.take(pa.array(fa_cust))),
            "assessed_on": _dates(fa_day),
            **{name: pd.array(scores[:, j], dtype="Float64").astype("Int64") for j, name in enumerate(CREDIT_FACTORS)},
        }
    )
    return credit_factors_df


def _credit_limits(
    rng: np.random.Generator, c: _Customers, w: _Window, bought: np.ndarray, first_inv: np.ndarray
) -> pd.DataFrame:
    """Credit limits, a first one and for some customers a change, each with its approver."""
    n, terms, pay_base, start, stop, traj = c.n, c.terms, c.pay_base, c.start, c.stop, c.traj
    is_new, never, cust_ids, S, E = c.is_new, c.never, c.ids, w.S, w.E
    has_limit = np.where(bought, rng.random(n) < 0.9, rng.random(n) < 0.3)

    # Limits cover the payment terms and the usual delay with a margin (about 1-3 months of purchases);
    # some are tight, so that their customers end up over the limit.
    months = np.clip((terms + 0.5 * np.maximum(pay_base, 0) + 15) / 30 * rng.uniform(1.1, 1.5, n), 1.0, 3.5)
    months = np.where(rng.random(n) < 0.08, months * rng.uniform(0.3, 0.6, n), months)
    base = np.where(bought, np.minimum(first_inv, np.maximum(start, S)), np.maximum(np.minimum(start, E), S))
    l1_day = np.minimum(base - np.where(is_new | never, rng.integers(0, 30, n), rng.integers(0, 400, n)), E)
    l2_day = l1_day + rng.integers(180, 700, n)
    # Growing customers usually had their limit raised recently.
    growing = traj == _GROWING
    l2_day = np.where(growing, np.maximum(l1_day + 180, E - rng.integers(20, 400, n)), l2_day)
    second_l = has_limit & bought & (rng.random(n) < np.where(growing, 0.8, 0.4)) & (l2_day <= np.minimum(E, stop))
    limit1 = np.maximum(_round_to(_monthly_at(c, w, l1_day) * months, 1000), 5000)
    limit2 = np.maximum(_round_to(_monthly_at(c, w, l2_day) * months * rng.uniform(0.9, 1.3, n), 1000), 5000)
    lc = np.concatenate([np.flatnonzero(has_limit), np.flatnonzero(second_l)])
    l_day = np.concatenate([l1_day[has_limit], l2_day[second_l]])
    l_amt = np.concatenate([limit1[has_limit], limit2[second_l]])
    l_change = np.concatenate([limit1[has_limit], (limit2 - limit1)[second_l]])
    l_order = np.lexsort((l_day, lc))
    lc, l_day, l_amt, l_change = lc[l_order], l_day[l_order], l_amt[l_order], l_change[l_order]
    collateral = np.where(rng.random(len(lc)) < 0.15, _round_to(l_amt * rng.uniform(0.2, 1.0, len(lc)), 1000), np.nan)
    credit_limits_df = pd.DataFrame(
        {
            "customer_id": _str(cust_ids.take(pa.array(lc))),
            "credit_limit": l_amt,
            "approved_by": np.array(APPROVERS, dtype=object)[_approver(l_change)],
            "approved_on": _dates(l_day),
            "collateral": collateral,
        }
    )
    return credit_limits_df


def _credit_overrides(seed: int, c: _Customers, w: _Window, assessed: pd.DataFrame) -> pd.DataFrame:
    """Analyst overrides of the grade or the limit: about one assessed customer in 40, decided a
    few weeks after an assessment, a grade (two in three), a limit (one in two) or both, each
    with its reason and a senior approver. From a generator of its own."""
    ro = np.random.default_rng([seed, 61])
    n = c.n
    last = assessed.groupby("customer_id", sort=False)["assessed_on"].max()
    pos = np.flatnonzero(pd.Index(c.ids.to_pylist(), dtype=object).isin(last.index))  # hashed, not compared pairwise
    pick = pos[ro.random(len(pos)) < 0.025]
    if n >= 40 and len(pick) == 0 and len(pos):
        pick = pos[:1]
    ids = np.asarray(c.ids.to_pylist(), dtype=object)[pick]
    day = last.reindex(ids).to_numpy().astype("datetime64[D]").astype(np.int64) + ro.integers(7, 45, len(pick))
    day = np.minimum(day, w.E)
    kind = ro.random(len(pick))
    has_grade = kind < 0.67
    has_limit = (kind >= 0.5) | ~has_grade
    grade = np.array(_OVERRIDE_GRADES, dtype=object)[ro.integers(0, len(_OVERRIDE_GRADES), len(pick))]
    at = np.full(n, w.E, dtype=np.int64)
    at[pick] = day
    monthly = _monthly_at(c, w, at)[pick]
    limit = np.maximum(_round_to(monthly * ro.uniform(0.5, 2.5, len(pick)), 1000), 5000)
    # a reason that fits the decision: a low grade, or a limit under 1.5 months of purchases, is a cut
    down = (has_grade & np.isin(grade, ("BB", "B", "C"))) | (has_limit & (limit < 1.5 * monthly))
    draw = ro.integers(0, 1 << 30, len(pick))
    up_text = np.array(_OVERRIDE_REASONS_UP, dtype=object)[draw % len(_OVERRIDE_REASONS_UP)]
    down_text = np.array(_OVERRIDE_REASONS_DOWN, dtype=object)[draw % len(_OVERRIDE_REASONS_DOWN)]
    approver = np.array(APPROVERS[2:], dtype=object)[ro.integers(0, 2, len(pick))]
    reason = np.where(down, down_text, up_text)
    # a reason naming collateral or a guarantee records its value (half to one and a half times the limit, or
    # two months of purchases), except about one in four: a data gap the credit page names
    secured = np.isin(reason, _OVERRIDE_REASONS_SECURED)
    base = np.where(has_limit, limit, 2 * monthly)
    value = np.maximum(_round_to(base * ro.uniform(0.5, 1.5, len(pick)), 1000), 5000)
    collateral = np.where(secured & (ro.random(len(pick)) >= 0.25), value, np.nan)
    return pd.DataFrame(
        {
            "customer_id": ids,
            "decided_on": _dates(day),
            "grade": np.where(has_grade, grade, None),
            "limit": np.where(has_limit, limit, np.nan),
            "reason": reason,
            "approved_by": approver,
            "collateral": collateral,
        }
    )

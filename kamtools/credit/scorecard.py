"""The credit scorecard (信用等级评分): points per item, a 0-100 score and a grade.

Each financial ratio earns its weight by its status against the benchmark, each of
the twelve qualitative factors (:data:`kamtools.schema.CREDIT_FACTORS`) by its 1-5
score; missing items are scored by ``credit.missing``. The score sets the grade;
the previous grade tells whether it moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..periods import as_timestamp
from ..policy import Policy, load_policy
from ..schema import CREDIT_FACTORS
from ..store import KamData
from ._common import ITEMS, RATIOS, STATUSES, _customer_index, _latest_before
from .financial_ratios import ratios
from .grades import _with_grade_moves, grade_of


def _points(ratio_rows: pd.DataFrame, factor_rows: pd.DataFrame, index: pd.Index, credit: Mapping) -> pd.DataFrame:
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
        raw = factor_rows[list(CREDIT_FACTORS)].reindex(index).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        mat[:, nr:] = (np.clip(raw, 1, 5) - 1.0) / 4.0
    return pd.DataFrame(mat * weights, index=index, columns=list(ITEMS))


def _score_at(
    fin_hist: pd.DataFrame, factors: pd.DataFrame, cutoff: pd.Series, credit: Mapping
) -> tuple[pd.DataFrame, ...]:
    """The scorecard for each customer of ``cutoff`` with the data known on its cutoff date."""
    idx = cutoff.index
    rat = _latest_before(fin_hist, "period_end", cutoff)
    fac = _latest_before(factors, "assessed_on", cutoff)
    pts = _points(rat, fac, idx, credit)
    missing = pts.isna()
    fill = 0.5 if credit["missing"] == "neutral" else 0.0
    weights = np.array([float(credit["weights"][k]) for k in ITEMS])
    arr = pts.to_numpy()
    filled = pd.DataFrame(np.where(np.isnan(arr), weights[None, :] * fill, arr), index=idx, columns=list(ITEMS))
    out = pd.DataFrame(index=idx)
    out["fiscal_year_end"] = (
        rat["period_end"].reindex(idx).astype("datetime64[us]")
        if "period_end" in rat
        else pd.Series(pd.NaT, index=idx, dtype="datetime64[us]")
    )
    out["assessed_on"] = (
        fac["assessed_on"].reindex(idx).astype("datetime64[us]")
        if "assessed_on" in fac
        else pd.Series(pd.NaT, index=idx, dtype="datetime64[us]")
    )
    # Bounded by construction: every item earns between 0 and its weight (status points and the
    # factor share lie in 0..1) and the weights add up to 100, so no clip hides an error here.
    out["score"] = filled.sum(axis=1).round(2)
    out["missing_factors"] = missing.sum(axis=1).astype("int64")
    return out, filled, missing, rat, fac


def _factor_frame(data: KamData) -> pd.DataFrame:
    f = (
        data.credit_factors.copy()
        if data.has("credit_factors")
        else pd.DataFrame(columns=["customer_id", "assessed_on", *CREDIT_FACTORS])
    )
    f["assessed_on"] = pd.to_datetime(f["assessed_on"])
    return f


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
    >>> set(sc["grade"]) <= set(kt.credit.grade_order())
    True
    """
    pol = load_policy(policy)
    credit = pol["credit"]
    pol = load_policy(policy)
    credit = pol["credit"]
    as_of_ts = as_timestamp(as_of)
    idx = _customer_index(data)
    industry = data.customers.set_index("customer_id")["industry"]
    fin_hist = ratios(data.financials, as_of_ts, history=True, policy=pol, industry=industry).reset_index()
    factors = _factor_frame(data)
    factors = factors[factors["assessed_on"] <= as_of_ts]

    cutoff = pd.Series(as_of_ts, index=idx)
    cur, filled, missing, rat, fac = _score_at(fin_hist, factors, cutoff, credit)
    out = _scorecard(cur, filled, rat, fac, as_of_ts)
    out["score"] = cur["score"]
    out["grade"] = grade_of(out["score"], pol)
    out["missing_factors"] = cur["missing_factors"]
    out["missing_items"] = _missing_items(missing)
    out["top_losses"] = _top_losses(filled, credit)
    out = _previous_grade(out, fin_hist, factors, as_of_ts, pol)
    return _with_grade_moves(out, credit["grades"])


def _scorecard(
    cur: pd.DataFrame, filled: pd.DataFrame, rat: pd.DataFrame, fac: pd.DataFrame, as_of_ts: pd.Timestamp
) -> pd.DataFrame:
    """Dates, assessment age, points per item, ratio statuses and factor scores of each customer."""
    idx = cur.index
    out = pd.DataFrame(index=idx)
    out["fiscal_year_end"] = cur["fiscal_year_end"]
    out["assessed_on"] = cur["assessed_on"]
    age = (
        (as_of_ts.year - out["assessed_on"].dt.year) * 12
        + (as_of_ts.month - out["assessed_on"].dt.month)
        - (as_of_ts.day < out["assessed_on"].dt.day).astype("Int64")
    )
    out["assessment_age_months"] = age.astype("Int64")
    for name in ITEMS:
        out[f"pts_{name}"] = filled[name]
    for name in RATIOS:
        out[f"{name}_status"] = (
            rat[f"{name}_status"].reindex(idx).astype("str") if len(rat) else pd.Series(pd.NA, index=idx, dtype="str")
        )
    for name in CREDIT_FACTORS:
        out[name] = fac[name].reindex(idx).astype("Int64") if len(fac) else pd.Series(pd.NA, index=idx, dtype="Int64")
    return out


def _missing_items(missing: pd.DataFrame) -> pd.Series:
    """The names of each customer's missing items, comma separated."""
    idx = missing.index
    names = np.array(list(ITEMS), dtype=object)
    miss = missing.to_numpy()
    listed = np.where(miss, names[None, :] + ", ", "").astype(object).sum(axis=1) if len(idx) else []
    return pd.Series(listed, index=idx, dtype="str").str.removesuffix(", ")


def _top_losses(filled: pd.DataFrame, credit: Mapping) -> pd.Series:
    """The three items that cost the most points (ties: scorecard order), with the points lost."""
    idx = filled.index
    names = np.array(list(ITEMS), dtype=object)
    weights = pd.Series({k: float(v) for k, v in credit["weights"].items()})[list(ITEMS)]
    lost = (weights.to_numpy()[None, :] - filled.to_numpy()).round(2)
    order = np.argsort(-lost, axis=1, kind="stable")[:, :3]
    top_lost = np.take_along_axis(lost, order, axis=1)
    top = pd.Series("", index=idx, dtype="str")
    for k in range(order.shape[1]):
        part = pd.Series(
            names[order[:, k]] + " -" + np.char.mod("%g", top_lost[:, k]).astype(object), index=idx, dtype="str"
        )
        sep = np.where(top == "", "", "; ")
        top = top.where(~(top_lost[:, k] > 0), top + sep + part)
    return top


def _previous_grade(
    out: pd.DataFrame, fin_hist: pd.DataFrame, factors: pd.DataFrame, as_of_ts: pd.Timestamp, pol: Policy
) -> pd.DataFrame:
    """``out`` with the previous score and grade: before the latest assessment, else
    ``credit.previous_grade_months`` months earlier (NaN when nothing was known then)."""
    credit = pol["credit"]
    idx = out.index
    counts = factors.groupby("customer_id").size().reindex(idx, fill_value=0)
    prev_months = int(credit["previous_grade_months"])
    fallback = as_of_ts - pd.DateOffset(months=prev_months)
    prev_cut = pd.Series(fallback, index=idx).astype("datetime64[us]")
    by_assessment = counts >= 2
    prev_cut[by_assessment] = (out.loc[by_assessment, "assessed_on"] - pd.Timedelta(days=1)).astype("datetime64[us]")
    prev, _, prev_missing, prev_rat, prev_fac = _score_at(fin_hist, factors, prev_cut, credit)
    known = prev["fiscal_year_end"].notna() | prev["assessed_on"].notna()
    out["previous_score"] = prev["score"].where(known)
    out["previous_grade"] = grade_of(out["previous_score"], pol)
    basis = pd.Series(f"{prev_months} months earlier", index=idx, dtype="str")
    basis[by_assessment] = "previous assessment"
    out["previous_basis"] = basis.where(known)
    return out

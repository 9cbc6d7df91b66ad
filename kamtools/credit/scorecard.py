"""The credit scorecard (信用等级评分): points per item, a 0-100 score and a grade.

Each financial ratio earns its weight by its status against the benchmark, each of
the twelve qualitative factors (:data:`kamtools.schema.CREDIT_FACTORS`) by its 1-5
score; missing items are scored by ``credit.missing``. A concept that is both a ratio
and a factor (``credit.scored_once``) is scored once: by the ratio when the statements
give it, else by the factor. The score sets the model's grade, unless too little is
known (NR, not rated); an analyst's override (:mod:`~kamtools.credit.overrides`) may
set the grade instead. The previous grade tells whether it moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..periods import as_timestamp
from ..policy import Policy, load_policy
from ..schema import CREDIT_FACTORS
from ..store import KamData
from ._common import ITEMS, NOT_RATED, RATIOS, STATUSES, _customer_index, _latest_before
from .financial_ratios import ratios
from .grades import _with_grade_moves, grade_of
from .overrides import OVERRIDE_COLUMNS, override_frame, overrides_at


class ItemScores(NamedTuple):
    """The scorecard of each customer (rows) by item (columns :data:`ITEMS`)."""

    points: pd.DataFrame  # points earned; a missing item scored by credit.missing
    weights: pd.DataFrame  # the weight each item carries (0 for the half of a pair not scored)
    missing: pd.DataFrame  # the item carries weight and is not known
    score: pd.Series  # 0-100, two decimals
    known_items: pd.Series  # items known, a pair counted once
    is_nr: pd.Series  # fewer known items than credit.not_rated.min_known_items
    grade_model: pd.Series  # the grade of the score, NR when not rated


def _shares(statuses: pd.DataFrame, factors: pd.DataFrame, credit: Mapping) -> np.ndarray:
    """Share of its weight each item earns (0-1), NaN where the item is not known."""
    n = len(statuses.index)
    nr = len(RATIOS)
    share = np.full((n, len(ITEMS)), np.nan)
    st = statuses[[f"{r}_status" for r in RATIOS]].to_numpy(dtype=object)
    part = share[:, :nr]
    for s in STATUSES:
        part[st == s] = float(credit["status_points"][s])
    raw = factors[list(CREDIT_FACTORS)].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    share[:, nr:] = (np.clip(raw, 1, 5) - 1.0) / 4.0
    return share


def _item_weights(share: np.ndarray, credit: Mapping) -> np.ndarray:
    """The weight of each item for each customer: the policy's, but a pair of ``scored_once``
    carries both weights on the ratio when it is known, else on the factor."""
    names = list(ITEMS)
    base = np.array([float(credit["weights"][k]) for k in names])
    w = np.tile(base, (share.shape[0], 1))
    for ratio, factor in credit["scored_once"].items():
        r, f = names.index(ratio), names.index(factor)
        known = ~np.isnan(share[:, r])
        both = base[r] + base[f]
        w[:, r] = np.where(known, both, 0.0)
        w[:, f] = np.where(known, 0.0, both)
    return w


def score_items(statuses: pd.DataFrame, factors: pd.DataFrame, policy: Any = None) -> ItemScores:
    """Points, score, known items and the model's grade from ratio statuses and factor scores.

    ``statuses`` holds ``<ratio>_status`` (ok / watch / weak, NaN when the ratio is not
    known) and ``factors`` the 1-5 factor scores (NaN when not assessed), both indexed by
    customer. A ratio earns ``weight × credit.status_points[status]``, a factor
    ``weight × (score − 1) / 4``; a pair of ``credit.scored_once`` is one item whose two
    weights go to the ratio when it is known, else to the factor. An item that carries
    weight and is not known is missing, scored as ``credit.missing`` says. With fewer known
    items than ``credit.not_rated.min_known_items`` the customer is not rated: the score
    is shown, the grade is NR.

    Every ratio ok (40 points, and 8 of the two pairs scored once by their ratio), no factor
    assessed (52 points, half of them as missing items): 74 points, but 7 known items of 17.

    >>> import pandas as pd
    >>> from kamtools.credit import RATIOS
    >>> from kamtools.schema import CREDIT_FACTORS
    >>> st = pd.DataFrame({f"{r}_status": ["ok"] for r in RATIOS}, index=["C1"])
    >>> fa = pd.DataFrame({f: [None] for f in CREDIT_FACTORS}, index=["C1"])
    >>> s = score_items(st, fa)
    >>> float(s.score["C1"]), int(s.known_items["C1"]), s.grade_model["C1"]
    (74.0, 7, 'NR')
    """
    pol = load_policy(policy)
    credit = pol["credit"]
    idx = statuses.index
    share = _shares(statuses, factors.reindex(idx), credit)
    w = _item_weights(share, credit)
    unknown = np.isnan(share)
    missing = unknown & (w > 0)
    fill = 0.5 if credit["missing"] == "neutral" else 0.0
    points = np.where(missing, w * fill, np.where(unknown, 0.0, share * w))
    cols = list(ITEMS)
    # Bounded by construction: every item earns between 0 and its weight (status points and the
    # factor share lie in 0..1) and each customer's weights add up to 100, so no clip hides an error.
    score = pd.Series(points.sum(axis=1), index=idx).round(2)
    known = pd.Series((~unknown & (w > 0)).sum(axis=1), index=idx).astype("int64")
    is_nr = (known < int(credit["not_rated"]["min_known_items"])).astype(bool)
    grade = grade_of(score, pol).astype(object).where(~is_nr, NOT_RATED).astype("str")
    return ItemScores(
        pd.DataFrame(points, index=idx, columns=cols),
        pd.DataFrame(w, index=idx, columns=cols),
        pd.DataFrame(missing, index=idx, columns=cols),
        score,
        known,
        is_nr,
        grade,
    )


class _State(NamedTuple):
    """What is known of each customer at its cutoff date, and its scorecard then."""

    rat: pd.DataFrame  # latest statement's ratios
    fac: pd.DataFrame  # latest qualitative assessment
    items: ItemScores
    over: pd.DataFrame  # the override in force (OVERRIDE_COLUMNS)
    grade: pd.Series  # after the override


def _state_at(
    fin_hist: pd.DataFrame, factors: pd.DataFrame, overrides: pd.DataFrame, cutoff: pd.Series, pol: Policy
) -> _State:
    """The scorecard of each customer of ``cutoff`` (customer_id -> date) with the data known then."""
    idx = cutoff.index
    rat = _latest_before(fin_hist, "period_end", cutoff)
    fac = _latest_before(factors, "assessed_on", cutoff)
    # one lookup of the customers per frame, for every column of it
    status_cols = [f"{r}_status" for r in RATIOS]
    statuses = rat[status_cols].reindex(idx) if len(rat) else pd.DataFrame({c: np.nan for c in status_cols}, index=idx)
    factor_cols = list(CREDIT_FACTORS)
    fac_scores = (
        fac[factor_cols].reindex(idx) if len(fac) else pd.DataFrame({f: np.nan for f in factor_cols}, index=idx)
    )
    items = score_items(statuses, fac_scores, pol)
    over = overrides_at(overrides, cutoff, int(pol["credit"]["overrides"]["valid_months"]))
    grade = over["override_grade"].fillna(items.grade_model).astype("str")
    return _State(rat, fac, items, over, grade)


def _factor_frame(data: KamData) -> pd.DataFrame:
    f = (
        data.credit_factors.copy()
        if data.has("credit_factors")
        else pd.DataFrame(columns=["customer_id", "assessed_on", *CREDIT_FACTORS])
    )
    f["assessed_on"] = pd.to_datetime(f["assessed_on"])
    return f


class ScoreInputs(NamedTuple):
    """What the scorecard reads from the book, for any date: every statement's ratios, the
    assessments and the overrides (made once, scored at many dates by :func:`state_at`)."""

    index: pd.Index
    fin_hist: pd.DataFrame
    factors: pd.DataFrame
    overrides: pd.DataFrame


def score_inputs(data: KamData, pol: Policy) -> ScoreInputs:
    """The statements' ratios (each from the statements up to its own date), assessments and overrides."""
    industry = data.customers.set_index("customer_id")["industry"]
    fin_hist = ratios(data.financials, None, history=True, policy=pol, industry=industry).reset_index()
    return ScoreInputs(_customer_index(data), fin_hist, _factor_frame(data), override_frame(data, pol["credit"]))


def state_at(inputs: ScoreInputs, day: pd.Timestamp, pol: Policy) -> _State:
    """The scorecard of every customer as it stood on ``day`` (nothing dated after it counts)."""
    return _state_at(inputs.fin_hist, inputs.factors, inputs.overrides, pd.Series(day, index=inputs.index), pol)


def score(data: KamData, as_of: dt.date | str, policy: Any = None) -> pd.DataFrame:
    """The credit scorecard of every customer: points per item, score 0-100 and grade.

    Each financial ratio earns its weight times the share of its status
    (``credit.status_points``: ok full, watch half, weak none); each qualitative
    factor scored 1-5 earns ``weight × (score − 1) / 4``. A concept that is both a
    ratio and a factor (``credit.scored_once``: 3-year equity growth and capital growth,
    profitable years and profit record) is scored once, with both weights: by the ratio
    when the statements give it, else by the factor. An item that is missing (no
    statement, a ratio that cannot be computed, a factor not assessed) is scored as
    ``credit.missing`` says (neutral: half its weight; worst: nothing) and counted in
    ``missing_factors``. The score (rounded to 2 decimals) sets the model's grade: the
    best grade whose cut-off it reaches; with fewer known items than
    ``credit.not_rated.min_known_items`` the grade is NR (not rated). An analyst's
    override in force (the optional ``credit_overrides`` table, see
    :mod:`~kamtools.credit.overrides`) replaces the model's grade in ``grade``.

    The previous grade is the grade as of the day before the latest assessment
    when a customer has been assessed more than once; otherwise the grade
    ``credit.previous_grade_months`` months before ``as_of`` (NaN when nothing was
    known about the customer then).

    Parameters
    ----------
    data
        The book (customers, financials, credit_factors, credit_overrides).
    as_of
        Date of the assessment: statements, assessments and overrides after it are ignored.
    policy
        Policy path, mapping or None (defaults).

    Returns
    -------
    DataFrame indexed by ``customer_id`` (every customer) with ``fiscal_year_end``,
    ``assessed_on``, ``assessment_age_months``, ``pts_<item>`` (points) and
    ``wt_<item>`` (the weight the item carries for the customer: 0 for the half of a
    pair scored once that is not scored) for each ratio and factor, the ratio statuses
    ``<ratio>_status`` and factor scores ``<factor>`` (1-5), ``score``,
    ``known_items``, ``is_nr``, ``grade_model`` (the scorecard's grade, NR when not
    rated), ``grade`` (after the override), the override in force
    (``override_grade``, ``override_limit``, ``override_reason``, ``override_by``,
    ``override_on``; NaN without one), ``missing_factors``, ``missing_items``,
    ``top_losses`` (the three items that cost most points, with the points lost),
    ``previous_score``, ``previous_grade``, ``previous_basis``, ``grade_changed`` and
    ``grade_move`` (up, down, same, rated (from NR), not rated (to NR), or new when
    there is no previous grade).

    Examples
    --------
    >>> import kamtools as kt
    >>> sc = score(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> set(sc["grade"]) <= set(kt.credit.grade_order())
    True
    """
    pol = load_policy(policy)
    as_of_ts = as_timestamp(as_of)
    inputs = score_inputs(data, pol)
    cur = state_at(inputs, as_of_ts, pol)
    out = _scorecard(cur, as_of_ts)
    out = _previous_grade(out, inputs, as_of_ts, pol)
    return _with_grade_moves(out, pol["credit"]["grades"])


def _scorecard(cur: _State, as_of_ts: pd.Timestamp) -> pd.DataFrame:
    """Dates, assessment age, points and weights per item, ratio statuses, factor scores, the
    score, the grades and the override of each customer."""
    items, rat, fac = cur.items, cur.rat, cur.fac
    idx = items.score.index
    out = pd.DataFrame(index=idx)
    out["fiscal_year_end"] = _dates(rat, "period_end", idx)
    out["assessed_on"] = _dates(fac, "assessed_on", idx)
    age = (
        (as_of_ts.year - out["assessed_on"].dt.year) * 12
        + (as_of_ts.month - out["assessed_on"].dt.month)
        - (as_of_ts.day < out["assessed_on"].dt.day).astype("Int64")
    )
    out["assessment_age_months"] = age.astype("Int64")
    for name in ITEMS:
        out[f"pts_{name}"] = items.points[name]
    for name in ITEMS:
        out[f"wt_{name}"] = items.weights[name]
    for name in RATIOS:
        out[f"{name}_status"] = (
            rat[f"{name}_status"].reindex(idx).astype("str") if len(rat) else pd.Series(pd.NA, index=idx, dtype="str")
        )
    for name in CREDIT_FACTORS:
        out[name] = fac[name].reindex(idx).astype("Int64") if len(fac) else pd.Series(pd.NA, index=idx, dtype="Int64")
    out["score"] = items.score
    out["known_items"] = items.known_items
    out["is_nr"] = items.is_nr
    out["grade_model"] = items.grade_model
    out["grade"] = cur.grade
    for col in OVERRIDE_COLUMNS:
        out[col] = cur.over[col]
    out["missing_factors"] = items.missing.sum(axis=1).astype("int64")
    out["missing_items"] = _missing_items(items.missing)
    out["top_losses"] = _top_losses(items)
    return out


def _dates(frame: pd.DataFrame, col: str, idx: pd.Index) -> pd.Series:
    if col in frame:
        return frame[col].reindex(idx).astype("datetime64[us]")
    return pd.Series(pd.NaT, index=idx, dtype="datetime64[us]")


def _missing_items(missing: pd.DataFrame) -> pd.Series:
    """The names of each customer's missing items, comma separated."""
    idx = missing.index
    names = np.array(list(ITEMS), dtype=object)
    miss = missing.to_numpy()
    listed = np.where(miss, names[None, :] + ", ", "").astype(object).sum(axis=1) if len(idx) else []
    return pd.Series(listed, index=idx, dtype="str").str.removesuffix(", ")


def _top_losses(items: ItemScores) -> pd.Series:
    """The three items that cost the most points (ties: scorecard order), with the points lost."""
    idx = items.score.index
    names = np.array(list(ITEMS), dtype=object)
    lost = (items.weights.to_numpy() - items.points.to_numpy()).round(2)
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


def _previous_grade(out: pd.DataFrame, inputs: ScoreInputs, as_of_ts: pd.Timestamp, pol: Policy) -> pd.DataFrame:
    """``out`` with the previous score and grade: before the latest assessment, else
    ``credit.previous_grade_months`` months earlier (NaN when nothing was known then)."""
    credit = pol["credit"]
    idx = out.index
    factors = inputs.factors[inputs.factors["assessed_on"] <= as_of_ts]
    counts = factors.groupby("customer_id").size().reindex(idx, fill_value=0)
    prev_months = int(credit["previous_grade_months"])
    fallback = as_of_ts - pd.DateOffset(months=prev_months)
    prev_cut = pd.Series(fallback, index=idx).astype("datetime64[us]")
    by_assessment = counts >= 2
    prev_cut[by_assessment] = (out.loc[by_assessment, "assessed_on"] - pd.Timedelta(days=1)).astype("datetime64[us]")
    prev = _state_at(inputs.fin_hist, factors, inputs.overrides, prev_cut, pol)
    known = _dates(prev.rat, "period_end", idx).notna() | _dates(prev.fac, "assessed_on", idx).notna()
    out["previous_score"] = prev.items.score.where(known)
    out["previous_grade"] = prev.grade.where(known)
    basis = pd.Series(f"{prev_months} months earlier", index=idx, dtype="str")
    basis[by_assessment] = "previous assessment"
    out["previous_basis"] = basis.where(known)
    return out

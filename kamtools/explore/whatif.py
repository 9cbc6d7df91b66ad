"""Credit what-ifs: grades, recommended limits and approvals of the book under an edited
policy, in milliseconds (pure functions, no widgets)."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import credit
from ..periods import AsOf, as_date
from ..policy import RANGES, load_policy
from ..schema import CREDIT_FACTORS
from ..store import KamData
from ._common import _policy, plain_policy


# ============================================================================ credit what-if
@dataclass
class CreditBase:
    """What a credit what-if does not change, computed once: ratio statuses (they depend on
    the benchmarks only), qualitative factor scores, the previous scores and the dates of the
    assessments, and what the limit rules read of each customer (kept per window of purchases
    and hold days).

    Build it with :func:`credit_base`; :func:`what_if` rebuilds it by itself when the
    date or the benchmarks differ.
    """

    data: KamData
    as_of: dt.date
    benchmarks: tuple
    statuses: pd.DataFrame
    factors: pd.DataFrame
    assessed_on: pd.Series
    overrides: pd.DataFrame
    facts: dict[tuple, pd.DataFrame] = field(default_factory=dict)
    previous: dict[tuple, pd.Series] = field(default_factory=dict)

    def previous_score(self, policy: Any) -> pd.Series:
        """Each customer's previous score under ``policy`` (the hold rule withholds an upgrade
        from it), cached by the scorecard keys: a what-if that changes the weights, status
        points or the treatment of missing items scores the book once more."""
        pol = load_policy(policy)
        key = _score_key(pol)
        if key not in self.previous:
            sc = credit.score(self.data, self.as_of, pol)
            self.previous[key] = sc["previous_score"].reindex(self.statuses.index).astype(float)
        return self.previous[key]

    def limit_facts(self, policy: Any) -> pd.DataFrame:
        """:func:`kamtools.credit.limit_facts` under ``policy`` (cached by the keys it reads)."""
        pol = load_policy(policy)
        key = _facts_key(pol)
        if key not in self.facts:
            self.facts[key] = credit.limit_facts(self.data, pd.Timestamp(self.as_of), pol).reindex(self.statuses.index)
        return self.facts[key]


def _score_key(pol: Mapping) -> tuple:
    """The policy keys a score depends on beyond the benchmarks and the grade cut-offs."""
    c = pol["credit"]
    return (
        repr(c["weights"]),
        repr(c["status_points"]),
        c["missing"],
        int(c["previous_grade_months"]),
        repr(c["scored_once"]),
        repr(c["not_rated"]),
    )


def _facts_key(pol: Mapping) -> tuple:
    """The policy keys :func:`kamtools.credit.limit_facts` reads."""
    lim = pol["credit"]["limit"]
    rec = pol["receivables"]
    return (
        int(lim["purchase_months"]),
        int(lim["peak_months"]),
        int(lim["hold_days_past_due"]),
        int(pol["credit"]["holds"]["past_due"]["days"]),
        repr(rec["buckets"]),
        repr(rec["provision_rates"]),
        repr(rec["specific_provisions"]),
        int(rec["silent_months"]),
        int(lim["legal_days_past_due"]),
    )


def _benchmark_key(pol: Mapping) -> tuple:
    c = pol["credit"]
    return (repr(c["benchmarks"]), repr(c.get("benchmarks_by_industry") or {}))


def credit_base(data: KamData, as_of: AsOf, policy: Any = None) -> CreditBase:
    """The parts of the credit assessment a what-if does not change (see :class:`CreditBase`)."""
    pol = _policy(policy)
    day = as_date(as_of)
    sc = credit.score(data, day, pol)
    idx = sc.index
    statuses = sc[[f"{r}_status" for r in credit.RATIOS]].copy()
    factors = sc[list(CREDIT_FACTORS)].astype("Float64").astype(float)
    base = CreditBase(
        data,
        day,
        _benchmark_key(pol),
        statuses,
        factors,
        sc["assessed_on"].reindex(idx),
        sc[list(credit.OVERRIDE_COLUMNS)].reindex(idx),
    )
    base.limit_facts(pol)
    base.previous[_score_key(pol)] = sc["previous_score"].reindex(idx).astype(float)
    return base


@dataclass
class WhatIfResult:
    """The outcome of a credit policy on the book (:func:`what_if`).

    ``customers``: per customer ``score``, ``grade_model`` (the scorecard's), ``scored_grade``
    (after the analysts' overrides), ``grade`` (the grade the limit uses: no upgrade while on
    hold), ``avg_monthly_purchases``, ``terms_need``, ``recommended_limit``, ``limit_rule``,
    ``approved_limit``, ``limit_change``, ``approval_level``; ``grades``: customers per grade
    after the overrides (best first, then NR); ``total_recommended``: sum of the
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
    amounts do not change, so it takes milliseconds. (The previous grades, from which the
    hold rule withholds an upgrade, are scored once more when the weights, the status
    points or the treatment of missing items change.)

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
    checked = load_policy(policy)  # checked once, then passed to the credit functions as is
    pol = plain_policy(checked)
    day = as_date(as_of)
    if base is None or base.as_of != day or base.benchmarks != _benchmark_key(pol) or base.data is not data:
        base = credit_base(data, day, pol)
    idx = base.statuses.index
    # The scorecard's own arithmetic (pairs scored once, not rated), then the analysts' overrides.
    items = credit.score_items(base.statuses, base.factors, checked)
    out = pd.DataFrame(index=idx)
    out["score"] = items.score
    out["grade_model"] = items.grade_model
    out["grade"] = base.overrides["override_grade"].fillna(items.grade_model).astype("str")

    known = base.limit_facts(checked).join(base.overrides)
    known.insert(0, "scored_grade", out["grade"])
    known.insert(1, "known_items", items.known_items)
    known.insert(2, "previous_grade", credit.grade_of(base.previous_score(checked), checked))
    known.insert(3, "assessed_on", base.assessed_on)
    rec = credit.recommend_frame(known, pd.Timestamp(day), checked)
    out["scored_grade"] = out["grade"]
    out["grade"] = rec["grade"]  # the grade the limit uses (no upgrade while on hold)
    for col in ("avg_monthly_purchases", "terms_need", "recommended_limit", "limit_rule", "approved_limit", "action"):
        out[col] = rec[col]  # the action too: a legal case's hand-over is no term-only change to sign
    out["limit_change"] = out["recommended_limit"] - out["approved_limit"]
    exceptions = credit.approval_exceptions(base.data, known, checked, day)  # their decreases go one level up
    terms = ["recommended_limit", "payment_terms_days", "proposed_terms_days"]  # terms changes are signed too
    routed = known.drop(columns=["payment_terms_days"]).join(rec[terms]).join(exceptions)
    out["approval_level"] = credit.route_frame(routed, checked)["approval_level"]
    grades = out["scored_grade"].value_counts().reindex(credit.grade_order(checked), fill_value=0).astype("int64")
    grades.index.name = "grade"
    grades.name = "customers"
    return WhatIfResult(pol, out, grades, float(out["recommended_limit"].sum()), credit.limit_changes(out, checked))


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

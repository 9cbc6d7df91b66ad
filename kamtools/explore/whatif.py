"""Credit what-ifs: grades, recommended limits and approvals of the book under an edited
policy, in milliseconds (pure functions, no widgets)."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import credit, facts
from ..periods import AsOf, as_date
from ..policy import RANGES, load_policy
from ..schema import CREDIT_FACTORS
from ..store import KamData
from ._common import _policy, plain_policy


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
    override_grade: pd.Series
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
    day = as_date(as_of)
    sc = credit.score(data, day, pol)
    lim = credit.limits(data, day, pol, scores=sc)
    idx = sc.index
    statuses = sc[[f"{r}_status" for r in credit.RATIOS]].copy()
    factors = sc[list(CREDIT_FACTORS)].astype("Float64").astype(float)
    base = CreditBase(
        data,
        day,
        _benchmark_key(pol),
        statuses,
        factors,
        sc["override_grade"],
        lim["equity"].reindex(idx).astype(float),
        lim["approved_limit"].reindex(idx).astype(float),
    )
    base.purchases[int(pol["credit"]["limit"]["purchase_months"])] = lim["purchases"].reindex(idx).astype(float)
    return base


@dataclass
class WhatIfResult:
    """The outcome of a credit policy on the book (:func:`what_if`).

    ``customers``: per customer ``score``, ``grade_model``, ``grade`` (after the analysts'
    overrides), ``avg_monthly_purchases``,
    ``recommended_limit``, ``approved_limit``, ``limit_change``, ``approval_level``;
    ``grades``: customers per grade (best first, then NR); ``total_recommended``: sum of the
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
    checked = load_policy(policy)  # checked once, then passed to the credit functions as is
    pol = plain_policy(checked)
    c = pol["credit"]
    day = as_date(as_of)
    if base is None or base.as_of != day or base.benchmarks != _benchmark_key(pol) or base.data is not data:
        base = credit_base(data, day, pol)
    idx = base.statuses.index
    # The scorecard's own arithmetic (pairs scored once, not rated), then the analysts' overrides.
    items = credit.score_items(base.statuses, base.factors, checked)
    out = pd.DataFrame(index=idx)
    out["score"] = items.score
    out["grade_model"] = items.grade_model
    out["grade"] = base.override_grade.fillna(items.grade_model).astype("str")

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
    grades = out["grade"].value_counts().reindex(credit.grade_order(checked), fill_value=0).astype("int64")
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

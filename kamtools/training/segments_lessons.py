"""Exercise checks of the lessons on segments (``notebooks/training/01``-``04``).

Each function computes an exercise's expected answer from the data with the
workbook's own functions; :func:`kamtools.training.check` compares a student's
answer with it. The lessons pass ``(data, as_of)``, the data and the report
date the lesson works on; plain ``data`` means the end of the latest complete
month of its invoices (what a lesson uses when its ``period`` is left empty).

Exercise ids are ``<lesson number>.<name>``:

* ``01`` the key-account pyramid and selling time: ``01.key_revenue_share``, ``01.hours_to_move``;
* ``02`` classification by attractiveness, potential and relationship:
  ``02.ordinary_high_potential``, ``02.key_transactional``;
* ``03`` MAN qualification of leads: ``03.code``, ``03.pursue_first``, ``03.approach_value``;
* ``04`` customer value (80-20, value matrix, lifetime value): ``04.strategic_margin_share``,
  ``04.clv_uplift``.

>>> import kamtools as kt
>>> from kamtools import training
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> training.check("03.code", "M+a+N", data)
✔ 03.code: correct.
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import segments as seg
from .core import exercise, lesson_context, slip

__all__ = ["APPROACH_PRIORITY", "RETENTION_LIFT", "lifetime_factor"]

#: MAN priorities worth approaching now (the material's "可以接触" codes and the ideal prospect).
APPROACH_PRIORITY = 4
#: Points of retention added in the lesson on customer value (5 percentage points).
RETENTION_LIFT = 0.05

_SHARE_TOL = 0.0005  # shares may be rounded to three decimals


def lifetime_factor(retention: pd.Series | float, discount_rate: float, years: int) -> pd.Series | float:
    """``sum_{t=1..years} (retention / (1 + discount_rate))^t``: what one year's contribution
    is worth over the horizon when the customer stays each year with probability ``retention``
    (the factor :func:`kamtools.segments.clv` multiplies the yearly contribution by).

    >>> round(lifetime_factor(0.8, 0.10, 10), 4)
    2.5563
    >>> lifetime_factor(1.0, 0.0, 5)
    5.0
    """
    q = retention / (1 + discount_rate)
    return sum(q**t for t in range(1, int(years) + 1))


# ============================================================================ 01 pyramid and time
@exercise(
    "01.key_revenue_share",
    hint="Filter the pyramid to tier == 'key', sum revenue_12m and divide by the revenue_12m of all accounts "
    "(leads count zero); answer a share between 0 and 1, e.g. 0.42, not 42.",
    abs_tol=_SHARE_TOL,
)
def _key_revenue_share(data: Any) -> float:
    data, as_of = lesson_context(data)
    summary = seg.pyramid_summary(seg.pyramid(data, as_of), data, as_of)
    return float(summary.loc["key", "revenue_share"])


@exercise(
    "01.hours_to_move",
    hint="Keep the total hours of all tiers as they are: the key accounts' target hours are "
    "time_target x total hours; subtract the hours key accounts receive now "
    "(negative when they already get more than their target).",
    abs_tol=0.5,
)
def _hours_to_move(data: Any) -> float:
    data, as_of = lesson_context(data)
    summary = seg.pyramid_summary(seg.pyramid(data, as_of), data, as_of)
    total = summary["hours"].sum()
    return float(summary.loc["key", "time_target"] * total - summary.loc["key", "hours"])


# ============================================================================ 02 classification
@exercise(
    "02.ordinary_high_potential",
    hint="Take the mean potential_score of the accounts with tier == 'key', then count the accounts with "
    "tier == 'ordinary' whose potential_score is strictly above it.",
)
def _ordinary_high_potential(data: Any) -> int:
    data, as_of = lesson_context(data)
    p = seg.pyramid(data, as_of)
    bar = p.loc[p["tier"] == "key", "potential_score"].mean()
    return int(((p["tier"] == "ordinary") & (p["potential_score"] > bar)).sum())


@exercise(
    "02.key_transactional",
    hint="Join the two tables on their index (account id = customer id): count the accounts whose tier is "
    "'key' and whose relationship_type is 'transactional'.",
)
def _key_transactional(data: Any) -> int:
    data, as_of = lesson_context(data)
    p = seg.pyramid(data, as_of)
    key_ids = set(p.index[p["tier"] == "key"])
    rel = seg.relational(data, as_of)
    return int(rel.index[rel["relationship_type"] == "transactional"].isin(key_ids).sum())


# ============================================================================ 03 MAN
@exercise(
    "03.code",
    hint="Write M, A, N in this order joined by '+'; a capital letter when the condition is there, "
    "lower case when it is missing, e.g. 'm+A+n'.",
)
def _man_code(data: Any) -> str:
    # the lead of the exercise: budget approved, a clear need, but the contact cannot sign
    lead = pd.DataFrame(
        {
            "lead_id": ["L"],
            "company": ["-"],
            "region": ["-"],
            "owner": ["-"],
            "money": [True],
            "authority": [False],
            "need": [True],
            "estimated_annual_value": [0.0],
        }
    )
    return str(seg.man(lead)["man_code"].iloc[0])


@exercise("03.pursue_first", hint="Count the rows of the MAN table whose priority is 1 (the code M+A+N).")
def _pursue_first(data: Any) -> int:
    data, _ = lesson_context(data)
    return int((seg.man(data)["priority"] == 1).sum())


@exercise(
    "03.approach_value",
    hint=f"Keep the leads with priority 1 to {APPROACH_PRIORITY} (priority <= {APPROACH_PRIORITY}) and sum "
    "their estimated_annual_value.",
    abs_tol=0.5,
)
def _approach_value(data: Any) -> float:
    data, _ = lesson_context(data)
    m = seg.man(data)
    return float(m.loc[m["priority"] <= APPROACH_PRIORITY, "estimated_annual_value"].sum())


# ============================================================================ 04 customer value
@exercise(
    "04.strategic_margin_share",
    hint="Sum current_value of the rows with quadrant == 'strategic' and divide by the current_value of all "
    "customers in the value matrix; answer a share between 0 and 1.",
    abs_tol=_SHARE_TOL,
)
def _strategic_margin_share(data: Any) -> float:
    data, as_of = lesson_context(data)
    vm = seg.value_matrix(data, as_of)
    return float(vm.loc[vm["quadrant"] == "strategic", "current_value"].sum() / vm["current_value"].sum())


@exercise(
    "04.clv_uplift",
    hint=f"For the customers with a CLV: new retention = retention + {RETENTION_LIFT:g}, at most 1; new CLV = "
    "yearly_contribution x lifetime_factor(new retention, discount_rate, horizon_years). Answer "
    "sum(new CLV) / sum(clv) - 1, a share such as 0.12.",
    abs_tol=_SHARE_TOL,
)
def _clv_uplift(data: Any) -> float:
    data, as_of = lesson_context(data)
    v = seg.clv(data, as_of)
    v = v[v["clv"].notna()]
    r = np.minimum(v["retention"] + RETENTION_LIFT, 1.0)
    d = float(v["discount_rate"].iloc[0])
    years = int(v["horizon_years"].iloc[0])
    lifted = (v["yearly_contribution"] * lifetime_factor(r, d, years)).sum()
    return float(lifted / v["clv"].sum() - 1)


# ============================================================================ the listed mistakes
# Each gives the wrong answer a common mistake makes on the data; its message is in hints.yaml.
@slip("01.key_revenue_share", "count_share")
def _key_count_share(data: Any) -> float:
    data, as_of = lesson_context(data)
    p = seg.pyramid(data, as_of)
    return float((p["tier"] == "key").mean())


@slip("02.ordinary_high_potential", "every_tier")
def _high_potential_any_tier(data: Any) -> int:
    data, as_of = lesson_context(data)
    p = seg.pyramid(data, as_of)
    bar = p.loc[p["tier"] == "key", "potential_score"].mean()
    return int(((p["tier"] != "key") & (p["potential_score"] > bar)).sum())


@slip("02.key_transactional", "every_tier")
def _transactional_any_tier(data: Any) -> int:
    data, as_of = lesson_context(data)
    return int((seg.relational(data, as_of)["relationship_type"] == "transactional").sum())


@slip("03.code", "money_authority_swapped")
def _man_swapped(data: Any) -> str:
    return "m+A+N"


@slip("03.approach_value", "first_three")
def _approach_first_three(data: Any) -> float:
    data, _ = lesson_context(data)
    m = seg.man(data)
    return float(m.loc[m["priority"] < APPROACH_PRIORITY, "estimated_annual_value"].sum())


@slip("03.approach_value", "every_lead")
def _approach_every_lead(data: Any) -> float:
    data, _ = lesson_context(data)
    return float(seg.man(data)["estimated_annual_value"].sum())


@slip("04.strategic_margin_share", "count_share")
def _strategic_count_share(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float((seg.value_matrix(data, as_of)["quadrant"] == "strategic").mean())


@slip("04.clv_uplift", "ratio_not_change")
def _clv_ratio(data: Any) -> float:
    return float(_clv_uplift(data) + 1)

"""The snapshot of one month: each customer's tier and class scores, credit grade and score, limit in force,
lifecycle stage, status and relationship as the month ended, in the rows of the ``snapshots`` table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import segments
from ..credit import score
from ..credit.limit_in_force import limit_in_force
from ..periods import check_period, period_end
from ..policy import load_policy
from ..schema import conform
from ..store import KamData

__all__ = ["SCORE_COLUMNS", "snapshot"]

#: The class scores of the pyramid kept in a snapshot.
SCORE_COLUMNS = ("value_score", "potential_score", "relationship_score", "attractiveness_score", "composite")


def snapshot(data: KamData, period: str, policy: Any = None, *, written_on: dt.date | None = None) -> pd.DataFrame:
    """The snapshot of ``period`` (YYYY-MM, as of its last day) of every customer of ``data`` under ``policy``:
    the rows of the ``snapshots`` table, in the model's types, by customer id.

    The grade is the one in use (after an analyst's override in force), empty for a customer of whom
    nothing was known then (no statement, no assessment); the limit is the limit in force (0: none).
    ``written_on``: the day it is stored (default: today).

    >>> import kamtools as kt
    >>> snap = snapshot(kt.sample_data(customers=30, years=2, seed=1), "2026-10", written_on=dt.date(2026, 11, 2))
    >>> len(snap), snap["period"].unique().tolist(), set(snap["tier"]) <= set(kt.segments.TIER_ORDER)
    (30, ['2026-10'], True)
    """
    as_of = period_end(check_period(period))
    pol = load_policy(policy)
    pyr = segments.pyramid(data, as_of, pol)
    pyr = pyr[pyr["kind"] == "customer"]
    ids = pd.Index(pyr.index.astype("str"), name="customer_id")
    sc = score(data, as_of, pol).reindex(ids)
    known = sc["fiscal_year_end"].notna() | sc["assessed_on"].notna()
    stat = segments.status(data, as_of, pol)["status"].reindex(ids)
    stage = segments.lifecycle(data, as_of, pol)["stage"].reindex(ids)
    limit = limit_in_force(data, as_of, pol, ids)["approved_limit"]
    out = pd.DataFrame(
        {
            "customer_id": ids,
            "period": period,
            "tier": pyr["tier"].to_numpy(),
            **{col: pyr[col].astype("float64").round(6).to_numpy() for col in SCORE_COLUMNS},
            "grade": sc["grade"].where(known).to_numpy(),
            "score": sc["score"].where(known).to_numpy(),
            "credit_limit": limit.to_numpy(),
            "stage": stage.to_numpy(),
            "status": stat.to_numpy(),
            "relationship_state": _known(pyr["relationship_state"]),
            "relationship_level": _known(pyr["relationship_level"]),
            "written_on": pd.Timestamp(written_on or dt.date.today()),
        }
    )
    return conform(out.sort_values("customer_id", kind="mergesort"), "snapshots")


def _known(values: pd.Series) -> object:
    """A relationship column of the pyramid with its empty cells empty again (the pyramid reads them as text)."""
    s = values.astype("object")
    return s.where(~s.isin(["nan", "None", "<NA>", ""])).to_numpy()

"""The grades of an earlier month for the grade changes: the stored snapshot's when there is one (the grades
as they were, under the policy and the overrides of then), else the scorecard recomputed at that date."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..segments.history import SnapshotBasis, snapshot_basis, stored_snapshot
from ..store import KamData
from .grades import grade_order
from .scorecard import score

__all__ = ["earlier_scores"]


def earlier_scores(data: KamData, as_of: Any, policy: Any = None) -> tuple[pd.DataFrame, SnapshotBasis]:
    """The scorecard of ``as_of`` for :func:`~kamtools.credit.compare_grades`, and where it came from.

    :func:`~kamtools.credit.score` at ``as_of``, with ``score`` and ``grade`` replaced by those of the
    stored snapshot of that month for every customer it grades with a grade of the policy
    (``from_snapshot`` True); the others are recomputed (the statements and assessments dated by then,
    today's policy and overrides), as are grades the policy no longer has.

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> snaps = pd.DataFrame({"customer_id": ["a"], "period": ["2026-09"], "tier": ["key"], "grade": ["BB"],
    ...     "score": [52.0], "written_on": ["2026-10-01"]})
    >>> data = facts.source(customers=pd.DataFrame({"customer_id": ["a", "b"]}), snapshots=snaps)
    >>> sc, basis = earlier_scores(data, "2026-09-30")
    >>> sc.loc["a", "grade"], bool(sc.loc["a", "from_snapshot"]), basis.stored, basis.recomputed
    ('BB', True, 1, 1)
    """
    out = score(data, as_of, policy)
    snap = stored_snapshot(data, as_of)
    stored = pd.Series(False, index=out.index)
    if snap is not None:
        then = snap.reindex(out.index)
        stored = then["grade"].isin(grade_order(policy))
        out["grade"] = then["grade"].where(stored, out["grade"]).astype("str")
        out["score"] = then["score"].astype("float64").where(stored, out["score"])
    out["from_snapshot"] = stored.astype(bool)
    return out, snapshot_basis(snap, as_of, stored)

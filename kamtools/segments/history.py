"""The stored snapshots of the book (the ``snapshots`` table): what each customer's tier, class scores,
grade and limit were as a month ended, and the sentence that says where a comparison's earlier side
came from.

A comparison with an earlier month (the tier migration, the moves up and down, the grade changes)
reads the stored snapshot of that month when there is one: the tiers and grades as they were, under
the attributes of then (relationship, attractiveness, wallet estimate, an analyst's override). Without
one, the earlier month is recomputed from today's attributes, so a change of those since then does
not show as a move; the page says which it did (:func:`basis_text`).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from .. import facts
from ..periods import as_timestamp, period_end, period_of
from ..store import KamData
from ._common import AsOf

__all__ = ["SnapshotBasis", "basis_text", "snapshot_basis", "snapshot_period", "stored_snapshot", "stored_tiers"]


class SnapshotBasis(NamedTuple):
    """Where the earlier side of a comparison came from."""

    period: str
    """The earlier month (YYYY-MM), or the day when it is not a month end."""
    stored: int
    """Accounts whose earlier value is the stored snapshot's."""
    recomputed: int
    """Accounts recomputed from today's attributes (no snapshot, or not in it: leads, customers added since)."""
    written_on: str = ""
    """The day the snapshot was stored (the latest of its rows), empty without one."""


def snapshot_period(as_of: AsOf) -> str | None:
    """The period whose snapshot holds the book at ``as_of``: its month when ``as_of`` is the month's last
    day (a snapshot is taken as a month ends), else None.

    >>> snapshot_period("2026-09-30"), snapshot_period("2026-09-15")
    ('2026-09', None)
    """
    day = as_timestamp(as_of).date()
    period = period_of(day)
    return period if period_end(period) == day else None


def stored_snapshot(data: KamData, as_of: AsOf) -> pd.DataFrame | None:
    """The stored snapshot of the month ending on ``as_of``, indexed by ``customer_id``; None when the
    book holds no ``snapshots`` table, no row of that month, or ``as_of`` is not a month end.

    >>> import pandas as pd
    >>> snaps = pd.DataFrame({"customer_id": ["a"], "period": ["2026-09"], "tier": ["key"],
    ...     "written_on": ["2026-10-01"]})
    >>> data = facts.source(customers=pd.DataFrame({"customer_id": ["a"]}), snapshots=snaps)
    >>> stored_snapshot(data, "2026-09-30")["tier"].to_dict()
    {'a': 'key'}
    >>> stored_snapshot(data, "2026-08-31") is None
    True
    """
    period = snapshot_period(as_of)
    if period is None or not data.has("snapshots"):
        return None
    rows = facts.query(data, "segments_snapshot", period=period)
    if rows.empty:
        return None
    rows["customer_id"] = rows["customer_id"].astype("str")
    return rows.set_index("customer_id")


def snapshot_basis(snapshot: pd.DataFrame | None, as_of: AsOf, stored: pd.Series) -> SnapshotBasis:
    """The :class:`SnapshotBasis` of an earlier side whose accounts ``stored`` (a boolean Series) came from
    ``snapshot`` and the others were recomputed."""
    day = as_timestamp(as_of).date()
    period = snapshot_period(day) or day.isoformat()
    n = int(stored.sum())
    written = ""
    if snapshot is not None and n and "written_on" in snapshot.columns and snapshot["written_on"].notna().any():
        written = pd.Timestamp(snapshot["written_on"].max()).date().isoformat()
    return SnapshotBasis(period, n, int(len(stored) - n), written)


def stored_tiers(data: KamData, pyramid: pd.DataFrame, as_of: AsOf) -> tuple[pd.DataFrame, SnapshotBasis]:
    """``pyramid`` (a :func:`~kamtools.segments.pyramid` of ``as_of``) with the tier of every customer that the
    stored snapshot of that month holds replaced by the stored one, and where the tiers came from.

    >>> import pandas as pd
    >>> pyr = pd.DataFrame({"kind": ["customer", "customer", "prospect"], "tier": ["ordinary", "key", "prospect"]},
    ...     index=["a", "b", "L1"])
    >>> snaps = pd.DataFrame({"customer_id": ["a"], "period": ["2026-09"], "tier": ["key"], "written_on": ["2026-10-01"]})
    >>> data = facts.source(customers=pd.DataFrame({"customer_id": ["a", "b"]}), snapshots=snaps)
    >>> then, basis = stored_tiers(data, pyr, "2026-09-30")
    >>> then["tier"].tolist(), basis.stored, basis.recomputed
    (['key', 'key', 'prospect'], 1, 2)
    """
    snap = stored_snapshot(data, as_of)
    stored = pd.Series(False, index=pyramid.index)
    if snap is not None:
        then = snap["tier"].reindex(pyramid.index.astype("str"))
        then.index = pyramid.index
        stored = (pyramid["kind"] == "customer") & then.notna()
        pyramid = pyramid.assign(tier=then.where(stored, pyramid["tier"]).astype("str"))
    return pyramid, snapshot_basis(snap, as_of, stored)


def basis_text(
    basis: SnapshotBasis,
    what: str = "tiers",
    what_zh: str = "层级",
    others: tuple[str, str] = ("accounts not in it (leads, customers set up since)", "快照中没有的客户与线索"),
) -> tuple[str, str]:
    """Where the earlier ``what`` came from, in English and Chinese: the stored snapshot, or recomputed
    from today's attributes (and so blind to a change of them since), or both in part.

    >>> en, zh = basis_text(SnapshotBasis("2026-09", 0, 12))
    >>> en
    "No snapshot of 2026-09 is stored: its tiers are recomputed from today's attributes (relationship, attractiveness, wallet estimate, overrides), so a change of those since then does not show as a move."
    >>> basis_text(SnapshotBasis("2026-09", 10, 2, "2026-10-01"))[1]
    '2026-09的层级取自2026-10-01保存的月度快照（10 家客户）；其余 2 家快照中没有的客户与线索按当前属性重新计算。'
    """
    if basis.stored == 0:
        return (
            f"No snapshot of {basis.period} is stored: its {what} are recomputed from today's attributes "
            "(relationship, attractiveness, wallet estimate, overrides), so a change of those since then does not "
            "show as a move.",
            f"没有保存{basis.period}的月度快照：当时的{what_zh}按当前属性（关系、吸引力、采购潜力、人工调整）重新计算，"
            "此后这些属性的变化不会显示为变动。",
        )
    en = f"The {what} of {basis.period} are those of the snapshot stored on {basis.written_on} ({basis.stored:,} customers)"
    zh = f"{basis.period}的{what_zh}取自{basis.written_on}保存的月度快照（{basis.stored:,} 家客户）"
    if basis.recomputed:
        en += f"; the {basis.recomputed:,} {others[0]} are recomputed from today's attributes."
        zh += f"；其余 {basis.recomputed:,} 家{others[1]}按当前属性重新计算。"
    else:
        en += "."
        zh += "。"
    return en, zh

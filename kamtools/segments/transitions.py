"""Migration between segments: the before x after matrix and the accounts that moved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import strategies as st
from ..periods import as_timestamp, months_before
from ..store import KamData
from ._common import AsOf, PolicyLike, _strategy
from .history import SnapshotBasis, stored_tiers
from .tiers import TIER_ORDER, pyramid

__all__ = ["NONE", "Migration", "migration", "ranked_movers", "tier_migration"]


class Migration(NamedTuple):
    """Result of :func:`migration`."""

    matrix: pd.DataFrame
    """Accounts by segment before (rows) and after (columns); ``(none)`` = not present."""
    movers: pd.DataFrame
    """The accounts whose segment changed: before, after, direction, strategy."""
    basis: SnapshotBasis | None = None
    """Where the tiers before came from (:func:`tier_migration`): the stored snapshot or recomputed."""


NONE = "(none)"


def migration(
    before: pd.DataFrame | pd.Series,
    after: pd.DataFrame | pd.Series,
    *,
    column: str = "tier",
    order: Sequence[str] = TIER_ORDER,
) -> Migration:
    """Segment-to-segment matrix between two periods and the accounts that moved.

    ``before`` and ``after`` are outputs of :func:`pyramid` (or any frames with a
    ``column``, or Series of segments) indexed by account. ``order`` lists the segments
    from highest to lowest: a move to an earlier one is ``up``, to a later one ``down``;
    an account only in ``after`` has ``entered``, one only in ``before`` has ``left``.

    Examples
    --------
    >>> import pandas as pd
    >>> b = pd.Series({"A": "key", "B": "ordinary", "C": "prospect"})
    >>> a = pd.Series({"A": "ordinary", "B": "key", "D": "prospect"})
    >>> m = migration(b, a)
    >>> m.movers["direction"].to_dict()
    {'B': 'up', 'A': 'down', 'D': 'entered', 'C': 'left'}
    >>> int(m.matrix.loc["key", "ordinary"])
    1
    """
    b = before[column] if isinstance(before, pd.DataFrame) else before
    a = after[column] if isinstance(after, pd.DataFrame) else after
    ids = b.index.union(a.index)
    bf = b.reindex(ids).astype("object").where(b.reindex(ids).notna(), NONE)
    af = a.reindex(ids).astype("object").where(a.reindex(ids).notna(), NONE)
    labels = list(order) + sorted((set(bf) | set(af)) - set(order) - {NONE}) + [NONE]
    matrix = pd.crosstab(pd.Series(bf.to_numpy(), name="before"), pd.Series(af.to_numpy(), name="after"))
    matrix = matrix.reindex(index=labels, columns=labels, fill_value=0).astype("int64")
    matrix.index = pd.Index(labels, name="before", dtype="str")
    matrix.columns = pd.Index(labels, name="after", dtype="str")
    rank = {s: i for i, s in enumerate(labels)}
    br = bf.map(rank)
    ar = af.map(rank)
    direction = np.select(
        [bf == af, bf == NONE, af == NONE, ar < br], ["same", "entered", "left", "up"], default="down"
    )
    moved = direction != "same"
    movers = pd.DataFrame(
        {
            "before": bf[moved].astype("str"),
            "after": af[moved].astype("str"),
            "direction": pd.Series(direction, index=ids)[moved].astype("str"),
        }
    )
    movers.index.name = b.index.name or a.index.name or "account_id"
    for col in ("kind", "name", "revenue_12m", "revenue_prev_12m"):
        src = after if isinstance(after, pd.DataFrame) and col in after.columns else None
        if src is not None:
            fallback = before[col] if isinstance(before, pd.DataFrame) and col in before.columns else None
            vals = src[col].reindex(movers.index)
            if fallback is not None:
                vals = vals.where(vals.notna(), fallback.reindex(movers.index))
            movers[col] = vals
    movers["strategy"] = _strategy(st.MIGRATION, movers["direction"])
    dir_rank = {"up": 0, "down": 1, "entered": 2, "left": 3}
    key = pd.DataFrame({"d": movers["direction"].map(dir_rank), "id": movers.index}, index=movers.index)
    movers = movers.loc[key.sort_values(["d", "id"], kind="mergesort").index]
    return Migration(matrix=matrix, movers=movers)


def tier_migration(data: KamData, as_of: AsOf, months: int = 12, policy: PolicyLike = None) -> Migration:
    """Pyramid migration from ``months`` months before ``as_of`` (a month end stays a month
    end) to ``as_of``: :func:`migration` of the tiers then and the :func:`pyramid` now.

    The tiers then are those of the stored snapshot of that month (the ``snapshots`` table, see
    :mod:`.history`) for every customer it holds: the tiers as they were, under the relationship,
    attractiveness and wallet estimate of then. Accounts it does not hold (leads, customers set up
    since), and all of them without a snapshot, are recomputed with :func:`pyramid` from today's
    attributes; a customer that had not bought yet then counts as a prospect then. ``basis`` says
    which (:func:`.history.basis_text`).

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2"], "customer_id": ["a", "b"],
    ...     "invoice_date": ["2026-10-15", "2026-09-15"], "amount": [10.0, 10.0], "cost": [5.0, 5.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> data = facts.source(customers=pd.DataFrame({"customer_id": ["a", "b"]}), invoices=inv)
    >>> m = tier_migration(data, "2026-10-31", months=1)   # from 2026-09-30 to 2026-10-31
    >>> m.movers[["before", "after", "direction"]].values.tolist()
    [['prospect', 'ordinary', 'up']]
    >>> int(m.matrix.loc["ordinary", "ordinary"])   # b was ordinary then and is now
    1
    >>> m.basis.stored, m.basis.recomputed   # no snapshot of 2026-09: both recomputed
    (0, 2)
    """
    as_of = as_timestamp(as_of)
    earlier = months_before(as_of, months)
    before, basis = stored_tiers(data, pyramid(data, earlier, policy), earlier)
    return migration(before, pyramid(data, as_of, policy))._replace(basis=basis)


def ranked_movers(movers: pd.DataFrame, top: str = "key") -> pd.DataFrame:
    """The movers of :func:`migration` in the order a manager reads them: the accounts that left
    the top segment ``top`` downwards first, then the other downgrades, the upgrades, the accounts
    that entered and those that left; within each, the largest revenue of the previous 12 months
    first (``revenue_prev_12m`` when the movers have it), then by id.

    >>> m = pd.DataFrame({"before": ["ordinary", "key", "prospect", "key"], "after": ["key", "ordinary", "ordinary",
    ...     "prospect"], "direction": ["up", "down", "up", "down"], "revenue_prev_12m": [5.0, 1.0, 9.0, 3.0]},
    ...     index=["a", "b", "c", "d"])
    >>> ranked_movers(m).index.tolist()
    ['d', 'b', 'c', 'a']
    """
    group = movers["direction"].map({"down": 1, "up": 2, "entered": 3, "left": 4}).fillna(5)
    group = group.where(~((movers["direction"] == "down") & (movers["before"] == top)), 0)
    revenue = movers["revenue_prev_12m"].astype(float).fillna(0.0) if "revenue_prev_12m" in movers else 0.0
    key = pd.DataFrame({"g": group, "r": -revenue, "id": movers.index.astype("str")}, index=movers.index)
    return movers.loc[key.sort_values(["g", "r", "id"], kind="mergesort").index]

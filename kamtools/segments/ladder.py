"""The relationship ladder of the material over time: the level of each customer recorded with a
date (the ``relationships`` table), its history, the distribution per month and the moves up and
down (004: 买主 buyer → 优先采购者 priority purchaser → 合作伙伴 partner → 战略联盟 strategic
alliance; 001: 外人 outsider / 商务 / 朋友 / 战略伙伴, and the type 松散 / 冲突 / 共赢).

The levels keep the codes of ``customers.relationship_state`` (:data:`kamtools.schema.RELATIONSHIP_LADDER`,
lowest first): ``none`` outsider, ``strained`` (in conflict, below a buyer), ``transactional`` buyer,
``cooperative`` priority purchaser, ``partnership`` partner, ``strategic_alliance``. A customer's level
on a day is its latest record on or before it; a customer without records keeps the customers
table's column (undated).
"""

from __future__ import annotations

import pandas as pd

from .. import facts
from .. import strategies as st
from ..periods import as_timestamp
from ..schema import RELATIONSHIP_LADDER
from ..store import KamData
from ._common import AsOf, _source, _strategy

__all__ = [
    "LADDER_ORDER",
    "current_relationship",
    "ladder_summary",
    "relationship_distribution",
    "relationship_history",
    "relationship_moves",
]

#: The levels of the ladder, lowest first, and ``unrecorded`` (a month before a customer's first record).
LADDER_ORDER: tuple[str, ...] = (*RELATIONSHIP_LADDER, "unrecorded")

_HISTORY_COLUMNS = {
    "date": "datetime64[us]",
    "relationship_state": "str",
    "relationship_quality": "str",
    "note": "str",
    "recorded_by": "str",
    "previous_state": "str",
    "move": "str",
}


def relationship_history(data: KamData, as_of: AsOf, customer_id: str | None = None) -> pd.DataFrame:
    """The relationship records dated on or before ``as_of`` (of one customer, or all), oldest first
    per customer, each with the level before it (``previous_state``) and its ``move`` on the ladder
    (``up``, ``down``, ``same``, ``first``), the customer's ``name`` and the level's ``strategy``.

    SQL ``segments_relationship_history``. Empty (with the columns) without a relationships table.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> rel = pd.DataFrame({"customer_id": ["C1", "C1", "C1"], "date": ["2025-03-01", "2025-09-01", "2026-02-01"],
    ...     "relationship_state": ["transactional", "partnership", "cooperative"]})
    >>> data = facts.source(customers=pd.DataFrame({"customer_id": ["C1"], "name": ["甲"]}), relationships=rel)
    >>> relationship_history(data, "2026-10-31")["move"].tolist()
    ['first', 'up', 'down']
    """
    data = _source(data)
    ts = as_timestamp(as_of)
    if not data.has("relationships"):
        out = pd.DataFrame({c: pd.Series([], dtype=d) for c, d in _HISTORY_COLUMNS.items()})
        out.insert(0, "customer_id", pd.Series([], dtype="str"))
    else:
        out = facts.query(data, "segments_relationship_history", as_of=ts)
        out = out.astype({"customer_id": "str", **_HISTORY_COLUMNS})
    if customer_id is not None:
        out = out[out["customer_id"] == str(customer_id)]
    out = out.reset_index(drop=True)
    out.insert(1, "name", out["customer_id"].map(_names(data)).astype("str"))
    out["strategy"] = _strategy(st.LADDER, out["relationship_state"])
    return out


def current_relationship(data: KamData, as_of: AsOf) -> pd.DataFrame:
    """Per customer (indexed by ``customer_id``): the relationship level on ``as_of``
    (``relationship_state``: the latest record on or before it, else the customers table's
    column), ``relationship_quality`` and ``since`` (the record's date) of that record, ``source``
    (``record`` or ``customers``) and the level's ``strategy``.

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> rel = pd.DataFrame({"customer_id": ["C1", "C1"], "date": ["2025-03-01", "2026-12-01"],
    ...     "relationship_state": ["cooperative", "partnership"], "relationship_quality": ["loose", "win_win"]})
    >>> cust = pd.DataFrame({"customer_id": ["C1", "C2"], "relationship_state": ["transactional", "none"]})
    >>> cur = current_relationship(facts.source(customers=cust, relationships=rel), "2026-10-31")
    >>> cur[["relationship_state", "relationship_quality", "source"]].values.tolist()
    [['cooperative', 'loose', 'record'], ['none', nan, 'customers']]
    """
    data = _source(data)
    cust = data.customers if data.has("customers") else pd.DataFrame({"customer_id": pd.Series([], dtype="str")})
    index = pd.Index(cust["customer_id"].astype("str"), name="customer_id")
    state = cust["relationship_state"] if "relationship_state" in cust.columns else None
    out = pd.DataFrame(index=index)
    out["relationship_state"] = pd.Series(
        state.to_numpy() if state is not None else None, index=index, dtype="object"
    ).astype("str")
    out["relationship_quality"] = pd.Series(None, index=index, dtype="object").astype("str")
    out["since"] = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    out["source"] = "customers"
    latest = relationship_history(data, as_of).groupby("customer_id", sort=False).tail(1).set_index("customer_id")
    latest = latest[latest.index.isin(index)]
    out.loc[latest.index, "relationship_state"] = latest["relationship_state"]
    out.loc[latest.index, "relationship_quality"] = latest["relationship_quality"]
    out.loc[latest.index, "since"] = latest["date"]
    out.loc[latest.index, "source"] = "record"
    out["source"] = out["source"].astype("str")
    out["strategy"] = _strategy(st.LADDER, out["relationship_state"])
    return out


def relationship_distribution(data: KamData, start: AsOf, end: AsOf) -> pd.DataFrame:
    """How many customers stood on each level of the ladder at each month end from the month of
    ``start`` to the month of ``end``: one row per month end (``month_end``), one column per level of
    :data:`LADDER_ORDER` (a column of customers whose level is empty in the customers table is
    ``unrecorded`` too). SQL ``segments_relationship_monthly``.

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> rel = pd.DataFrame({"customer_id": ["C1", "C1"], "date": ["2026-02-10", "2026-03-05"],
    ...     "relationship_state": ["transactional", "cooperative"]})
    >>> cust = pd.DataFrame({"customer_id": ["C1", "C2"], "relationship_state": ["cooperative", "partnership"]})
    >>> d = relationship_distribution(facts.source(customers=cust, relationships=rel), "2026-01-31", "2026-03-31")
    >>> d[["unrecorded", "transactional", "cooperative", "partnership"]].values.tolist()
    [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1]]
    """
    data = _source(data)
    first = as_timestamp(start).to_period("M").to_timestamp()
    last = as_timestamp(end).to_period("M").to_timestamp()
    if last < first:
        raise ValueError(f"the end {last:%Y-%m} lies before the start {first:%Y-%m}")
    months = pd.DatetimeIndex(pd.date_range(first, last, freq="MS") + pd.offsets.MonthEnd(0), name="month_end")
    if not data.has("customers"):
        return pd.DataFrame(0, index=months, columns=list(LADDER_ORDER), dtype="int64")
    if data.has("relationships"):
        rows = facts.query(data, "segments_relationship_monthly", first_month=first, last_month=last)
    else:  # every customer keeps the customers table's level in every month
        level = data.customers.get("relationship_state", pd.Series(None, index=data.customers.index))
        counts = level.astype("object").fillna("unrecorded").value_counts()
        rows = pd.DataFrame(
            [(m, code, n) for m in months for code, n in counts.items()],
            columns=["month_end", "relationship_state", "customers"],
        )
    out = rows.pivot_table(
        index="month_end", columns="relationship_state", values="customers", aggfunc="sum", fill_value=0
    )
    out.index = pd.DatetimeIndex(pd.to_datetime(out.index), name="month_end")
    out = out.reindex(index=months, columns=list(LADDER_ORDER), fill_value=0).fillna(0).astype("int64")
    out.columns.name = None
    return out


def relationship_moves(data: KamData, start: AsOf, end: AsOf) -> pd.DataFrame:
    """The moves up and down the ladder recorded after ``start`` and on or before ``end``: one row per
    changed record (``customer_id``, ``name``, ``date``, ``level_from``, ``level_to``, ``move``), the
    latest first, and the new level's ``strategy``. A customer's first record is no move.

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> rel = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C2"],
    ...     "date": ["2025-06-01", "2026-04-01", "2025-01-01", "2026-08-01"],
    ...     "relationship_state": ["transactional", "cooperative", "partnership", "strained"]})
    >>> m = relationship_moves(facts.source(relationships=rel), "2025-12-31", "2026-10-31")
    >>> m[["customer_id", "level_from", "level_to", "move"]].values.tolist()
    [['C2', 'partnership', 'strained', 'down'], ['C1', 'transactional', 'cooperative', 'up']]
    """
    s, e = as_timestamp(start), as_timestamp(end)
    h = relationship_history(data, e)
    h = h[(h["date"] > s) & h["move"].isin(["up", "down"])]
    out = pd.DataFrame(
        {
            "customer_id": h["customer_id"],
            "name": h["name"],
            "date": h["date"],
            "level_from": h["previous_state"],
            "level_to": h["relationship_state"],
            "move": h["move"],
            "strategy": h["strategy"],
        }
    )
    return out.sort_values(["date", "customer_id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def ladder_summary(data: KamData, as_of: AsOf) -> pd.DataFrame:
    """Customers per level of the ladder at the month end of ``as_of`` and twelve months before
    (``customers``, ``customers_year_ago``, ``customers_change``), indexed by ``relationship_state``
    from the top of the ladder down (``unrecorded`` last, and only when some customer has no level).

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> rel = pd.DataFrame({"customer_id": ["C1", "C1"], "date": ["2025-06-01", "2026-06-01"],
    ...     "relationship_state": ["transactional", "partnership"]})
    >>> s = ladder_summary(facts.source(customers=pd.DataFrame({"customer_id": ["C1"]}), relationships=rel),
    ...     "2026-10-31")
    >>> s.loc[["partnership", "transactional"], "customers_change"].tolist()
    [1, -1]
    """
    ts = as_timestamp(as_of)
    d = relationship_distribution(data, ts - pd.DateOffset(months=12), ts)
    out = pd.DataFrame(
        {"customers_year_ago": d.iloc[0], "customers": d.iloc[-1], "customers_change": d.iloc[-1] - d.iloc[0]}
    )
    order = [*RELATIONSHIP_LADDER[::-1], "unrecorded"]
    out = out.reindex(order).astype("int64")
    if not out.loc["unrecorded", ["customers_year_ago", "customers"]].any():
        out = out.drop(index="unrecorded")
    out.index.name = "relationship_state"
    return out


def _names(data: KamData) -> pd.Series:
    if not data.has("customers") or "name" not in data.customers.columns:
        return pd.Series(dtype="str")
    c = data.customers
    return pd.Series(c["name"].to_numpy(), index=c["customer_id"].astype("str").to_numpy())

"""RFM: recency, frequency and monetary value of each customer, 1-5 scores and a named segment."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import facts
from .. import strategies as st
from ..periods import as_timestamp, months_before
from ..store import KamData
from ._common import AsOf, PolicyLike, _ids, _policy, _source

__all__ = ["RFM_GRID", "rfm"]


#: Named RFM segment by recency score (rows, 1..5) and frequency-monetary score (columns, 1..5).
RFM_GRID: dict[int, tuple[str, str, str, str, str]] = {
    5: ("new", "potential loyalist", "potential loyalist", "champions", "champions"),
    4: ("promising", "potential loyalist", "potential loyalist", "loyal", "loyal"),
    3: ("about to sleep", "about to sleep", "need attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at risk", "at risk", "cannot lose them"),
    1: ("lost", "lost", "at risk", "at risk", "cannot lose them"),
}


def rfm(data: KamData | pd.DataFrame, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Recency, frequency and monetary value of each customer, 1-5 scores and a named segment.

    Computed in the store (SQL ``segments_rfm``), so it holds for tens of millions of invoices:

    * recency -- days from the last purchase (an invoice with a positive amount, any time
      up to ``as_of``) to ``as_of``;
    * frequency -- purchase days (distinct invoice dates of purchases) within the trailing
      ``segments.rfm.months`` months; distinct days rather than invoices, so an order split
      into several invoices counts once;
    * monetary -- net invoiced amount (credit notes deducted) within the same months.

    Each is scored 1..5 among the customers that have bought: score = min(5, 1 + floor(5 x
    the share of the other buyers with a strictly worse value)). The worst value scores 1,
    the best 5, a single buyer 3; ties share a score, and scores depend only on ranks
    (unchanged by the order of rows or by scaling money). The
    segment comes from the recency score and the frequency-monetary score
    ``ceil((F + M) / 2)`` by :data:`RFM_GRID` (champions, loyal, potential loyalist, new,
    promising, need attention, about to sleep, at risk, cannot lose them, hibernating,
    lost). Customers of the customers table that never bought are ``no purchases`` with
    empty scores.

    Parameters
    ----------
    data
        A KamData, or the invoices table as a DataFrame.

    Returns
    -------
    DataFrame indexed by ``customer_id``: last_purchase, recency_days, frequency, monetary,
    r_score, f_score, m_score, fm_score, rfm_code (e.g. ``"545"``), segment, strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3"], "customer_id": ["A", "A", "B"],
    ...     "invoice_date": ["2026-10-01", "2026-10-20", "2025-12-01"],
    ...     "due_date": ["2026-11-01", "2026-11-20", "2026-01-01"],
    ...     "amount": [500.0, 700.0, 90.0], "cost": [300.0, 400.0, 60.0]})
    >>> rfm(inv, "2026-10-31")[["recency_days", "r_score", "f_score", "segment"]].values.tolist()
    [[11, 5, 5, 'champions'], [334, 1, 1, 'lost']]
    """
    pol = _policy(policy)
    if isinstance(data, pd.DataFrame):
        data = facts.source(invoices=data)
    data = _source(data)
    as_of = as_timestamp(as_of)
    levels = int(pol["rfm"]["scores"])
    start = months_before(as_of, pol["rfm"]["months"])
    q = _rfm_query(data, as_of, start, levels)
    index = q.index
    out = pd.DataFrame(index=index)
    out["last_purchase"] = pd.to_datetime(q["last_purchase"]).astype("datetime64[us]")
    out["recency_days"] = (as_of - out["last_purchase"]).dt.days.astype("Int64")
    out["frequency"] = q["frequency"].astype("Int64")
    out["monetary"] = q["monetary"].astype("float64")
    for col in ("r_score", "f_score", "m_score"):
        out[col] = q[col].astype("Int64")
    out["fm_score"] = ((out["f_score"] + out["m_score"] + 1) // 2).astype("Int64")
    _code_and_segment(out, levels)
    return out


def _rfm_query(data: KamData, as_of: pd.Timestamp, start: pd.Timestamp, levels: int) -> pd.DataFrame:
    """The scores of SQL ``segments_rfm``, one row per customer of the book (customer_id
    as text): the customers table's ids in table order, else the query's ids sorted."""
    if data.has("invoices"):
        q = facts.query(data, "segments_rfm", as_of=as_of, start=start, levels=levels)
    else:
        q = pd.DataFrame(
            columns=["customer_id", "last_purchase", "frequency", "monetary", "r_score", "f_score", "m_score"]
        )
    q = q.set_index(q["customer_id"].astype("str")).drop(columns="customer_id")
    if data.has("customers"):
        # only the ids, in table order: no need to read the whole customers table
        ids = _ids(data.sql("select customer_id from customers")["customer_id"])
    else:
        ids = q.index.sort_values()
    index = _ids(ids).rename("customer_id")
    q = q.reindex(index)  # one alignment for every column
    return q


def _code_and_segment(out: pd.DataFrame, levels: int) -> None:
    """Add ``rfm_code``, ``segment`` and ``strategy`` to ``out`` from its scores."""
    index = out.index
    known = out["r_score"].notna().to_numpy()
    r = out["r_score"].to_numpy(dtype="int64", na_value=1)
    f = out["f_score"].to_numpy(dtype="int64", na_value=1)
    m = out["m_score"].to_numpy(dtype="int64", na_value=1)
    fm = out["fm_score"].to_numpy(dtype="int64", na_value=1)
    if levels <= 9:  # one digit per score
        code = pd.Series(r * 100 + f * 10 + m, index=index).astype("str")
    else:
        code = out["r_score"].astype("str") + out["f_score"].astype("str") + out["m_score"].astype("str")
    out["rfm_code"] = code.where(known).astype("str")
    # named segments on the 5-level grid (scores of another number of levels are rescaled),
    # looked up by position in a small table rather than row by row
    r5 = np.clip(1 + (r - 1) * 5 // levels, 1, 5)
    fm5 = np.clip(1 + (fm - 1) * 5 // levels, 1, 5)
    names = ["no purchases", *sorted({name for row in RFM_GRID.values() for name in row})]
    grid = np.zeros((6, 6), dtype="int64")
    for rr, row in RFM_GRID.items():
        for cc, name in enumerate(row, start=1):
            grid[rr, cc] = names.index(name)
    seg_code = np.where(known, grid[r5, fm5], 0)
    out["segment"] = pd.Series(np.array(names, dtype=object)[seg_code], index=index, dtype="str")
    texts = np.array([str(st.RFM[n]) if n in st.RFM else None for n in names], dtype=object)
    out["strategy"] = pd.Series(texts[seg_code], index=index, dtype="str")

"""Origin years: open receivables per customer by the year the invoice was issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..money import from_cents, to_cents
from ..periods import as_date
from ..store import KamData
from ._common import _ratio, _source
from .ledger import Ledger, _ledger_query


def by_origin_year(
    open_items: pd.DataFrame | Ledger | KamData, as_of: Any = None, years: int | None = 2
) -> pd.DataFrame:
    """Open receivables per customer by the year the invoice was issued.

    Parameters
    ----------
    open_items
        Open invoices from :func:`open_items` (needs ``customer_id``,
        ``invoice_date``, ``open_amount``), a :class:`Ledger`, or a KamData: then
        the ledger is settled at ``as_of`` and summed per customer and year in the
        store (``receivables_origin_year.sql``).
    as_of
        Sets "this year" (default: the year of the latest open invoice); required
        with a KamData (the date of the ledger).
    years
        Number of calendar years shown on their own, this year first; everything
        older goes to ``older``. None: one column per year present.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``; columns named by year (``"2026"``, ``"2025"``),
        then ``older`` (when ``years`` is set) and ``total``; exact to the cent.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"customer_id": ["C1", "C1", "C1"], "open_amount": [10.0, 20.0, 5.0],
    ...     "invoice_date": pd.to_datetime(["2026-03-01", "2025-12-01", "2023-01-01"])})
    >>> by_origin_year(items, "2026-10-31")  # doctest: +NORMALIZE_WHITESPACE
                 2026  2025  older  total
    customer_id
    C1           10.0  20.0    5.0   35.0
    """
    if years is not None and years < 1:
        raise ValueError("years must be at least 1 (or None for every year)")
    if isinstance(open_items, KamData):
        if as_of is None:
            raise TypeError("as_of is required with a KamData (the date the ledger is settled at)")
        raw = _ledger_query(_source(open_items), "receivables_origin_year", as_of=as_date(as_of))
        cust = raw["customer_id"].astype("str").to_numpy()
        year = raw["origin_year"].to_numpy(dtype="int64")
        cents = raw["cents"].to_numpy(dtype="int64")
    else:
        if isinstance(open_items, Ledger):
            open_items = open_items.open_items
        cust = open_items["customer_id"].astype("str").to_numpy()
        year = pd.to_datetime(open_items["invoice_date"]).dt.year.to_numpy(dtype="int64")
        cents = to_cents(open_items["open_amount"])
    if as_of is not None:
        ref = as_date(as_of).year
    else:
        ref = int(year.max()) if len(year) else dt.date.today().year
    if years is not None:
        labels = [str(ref - i) for i in range(years)] + ["older"]
        pos = np.clip(ref - year, 0, years)
    else:
        present = np.unique(year)[::-1] if len(year) else np.array([ref])
        labels = [str(y) for y in present]
        pos = len(present) - 1 - np.searchsorted(present[::-1], year)  # newest year first
    codes, uniques = pd.factorize(cust, sort=True)
    table = np.zeros((len(uniques), len(labels)), dtype="int64")
    np.add.at(table, (codes, pos.astype("int64")), cents)
    out = pd.DataFrame(from_cents(table), index=pd.Index(uniques, name="customer_id", dtype="str"), columns=labels)
    out["total"] = from_cents(table.sum(axis=1))
    return out


def origin_year_totals(origin: pd.DataFrame) -> pd.DataFrame:
    """The whole book's open receivables by year of origin: one row per column of :func:`by_origin_year`.

    Returns
    -------
    DataFrame
        Indexed by ``origin`` (the year labels, ``older`` when present, then
        ``total``): ``receivables`` (exact to the cent), ``share`` of the total
        and ``share_reason`` (why it is NaN: nothing open).

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"customer_id": ["C1", "C2", "C2"], "open_amount": [60.0, 30.0, 10.0],
    ...     "invoice_date": pd.to_datetime(["2026-03-01", "2025-12-01", "2023-01-01"])})
    >>> origin_year_totals(by_origin_year(items, "2026-10-31"))  # doctest: +NORMALIZE_WHITESPACE
            receivables  share share_reason
    origin
    2026           60.0    0.6          NaN
    2025           30.0    0.3          NaN
    older          10.0    0.1          NaN
    total         100.0    1.0          NaN
    """
    if "total" not in origin.columns:
        raise KeyError("origin_year_totals needs the frame of by_origin_year() (with a 'total' column)")
    cents = pd.Series({c: int(to_cents(origin[c]).sum()) for c in origin.columns}, dtype="int64")
    out = pd.DataFrame({"receivables": from_cents(cents)}, index=pd.Index(list(origin.columns), name="origin"))
    total = pd.Series(float(cents["total"]), index=out.index)
    out["share"], out["share_reason"] = _ratio(cents.astype("float64"), total, "no open receivables")
    return out

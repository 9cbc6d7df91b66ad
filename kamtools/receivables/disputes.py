"""Disputes (争议): the part of an open invoice the customer disputes, kept apart while it is open.

A dispute (the optional ``disputes`` table) is open from its ``opened_on`` until its
``closed_on`` (that day it is closed). What it holds is its amount, at most what the invoice still
has open in the settled ledger (:func:`~kamtools.receivables.settle`); several disputes of one
invoice together hold at most that, taken in the order they were opened. The disputed amount
stays owed (in ``total``) but is shown apart in the aging (``disputed``, outside the buckets),
kept out of the dunning levels and of what the overdue tests escalate (worklists, holds), and
provided at its own specific rate (:func:`~kamtools.receivables.provisions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import facts
from ..money import from_cents, to_cents
from ..periods import as_date
from ..store import KamData
from ._common import _customers, _data
from .ledger import settle

#: Columns of :func:`open_disputes`, in order.
DISPUTE_COLUMNS: tuple[str, ...] = (
    "customer_id",
    "name",
    "account_manager",
    "invoice_id",
    "due_date",
    "days_past_due",
    "open_amount",
    "dispute_amount",
    "disputed",
    "dispute_reason",
    "opened_on",
    "days_open",
    "owner",
)


def _raw_disputes(src: KamData, as_of: Any) -> pd.DataFrame:
    """The disputes open at ``as_of`` (receivables_disputes.sql); empty without a disputes table."""
    cols = {
        "invoice_id": "str",
        "customer_id": "str",
        "amount": "float64",
        "reason": "str",
        "opened_on": "datetime64[us]",
        "owner": "str",
    }
    if not src.has("disputes"):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})
    return facts.query(src, "receivables_disputes", as_of=as_date(as_of)).astype(cols)


def _held(disputes: pd.DataFrame, items: pd.DataFrame) -> pd.Series:
    """What each dispute holds: its amount, within what its invoice still has open after the
    disputes of that invoice opened before it (whole cents)."""
    open_cents = to_cents(items["open_amount"]).astype("int64")
    open_of = pd.Series(open_cents, index=items.index.astype("str"))
    room = disputes["invoice_id"].map(open_of).fillna(0).to_numpy(dtype="int64")
    cents = to_cents(disputes["amount"]).astype("int64")
    before = disputes.assign(_c=cents).groupby("invoice_id", sort=False)["_c"].cumsum().to_numpy() - cents
    return pd.Series(np.clip(room - before, 0, cents), index=disputes.index, dtype="int64")


def disputed_items(data: KamData, as_of: Any, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """The open items of the ledger at ``as_of`` with a ``disputed`` column: the part of each
    invoice's ``open_amount`` under an open dispute (0 for most).

    ``items`` are the ledger's open items when already settled (:func:`settle`), else settled here.
    """
    if items is None:
        items = settle(data, None, as_of).open_items
    out = items.copy()
    raw = _raw_disputes(data, as_of)
    if raw.empty:
        out["disputed"] = 0.0
        return out
    held = raw.assign(_held=_held(raw, items)).groupby("invoice_id")["_held"].sum()
    out["disputed"] = from_cents(held.reindex(out.index.astype("str")).fillna(0).to_numpy(dtype="int64"))
    return out


def has_open_disputes(data: KamData, as_of: Any) -> bool:
    """Whether any dispute is open at ``as_of``."""
    return data.has("disputes") and not _raw_disputes(data, as_of).empty


def open_disputes(data: KamData | Mapping[str, pd.DataFrame], as_of: Any) -> pd.DataFrame:
    """The disputes open at ``as_of``, one row each, the largest amount held first.

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name) with invoices, payments, the
        optional ``disputes`` table and customers (name, account manager).
    as_of
        The date: a dispute is open from its ``opened_on`` until its ``closed_on``.

    Returns
    -------
    DataFrame
        The columns of :data:`DISPUTE_COLUMNS`: the customer, the invoice (its due date, days
        past due and what it still has open), ``dispute_amount`` (as recorded), ``disputed``
        (what the dispute holds of the open invoice: 0 when the invoice is settled), its reason,
        when it was opened, how many days it has been open and who resolves it.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-08-01", "2026-09-01"], "due_date": ["2026-08-31", "2026-09-30"],
    ...     "amount": [1000.0, 500.0], "cost": [0.0, 0.0]})
    >>> dis = pd.DataFrame({"invoice_id": ["I1", "I2"], "amount": [300.0, 900.0], "reason": ["price", "quality"],
    ...     "opened_on": ["2026-09-10", "2026-10-05"], "closed_on": [None, None]})
    >>> open_disputes({"invoices": inv, "disputes": dis}, "2026-10-31")[["invoice_id", "disputed", "days_open"]]
      invoice_id  disputed  days_open
    0         I2     500.0         26
    1         I1     300.0         51
    """
    as_of = as_date(as_of)
    src = _data(data)
    raw = _raw_disputes(src, as_of)
    items = settle(src, None, as_of).open_items
    out = raw.rename(columns={"amount": "dispute_amount", "reason": "dispute_reason"})
    out["disputed"] = from_cents(_held(raw, items).to_numpy(dtype="int64"))
    at = items.reindex(raw["invoice_id"].astype("str"))
    out["due_date"] = at["due_date"].to_numpy(dtype="datetime64[us]")
    out["days_past_due"] = (pd.Timestamp(as_of) - out["due_date"]).dt.days.astype("Int64")
    out["open_amount"] = at["open_amount"].fillna(0.0).to_numpy(dtype="float64")
    out["days_open"] = (pd.Timestamp(as_of) - out["opened_on"]).dt.days.astype("int64")
    cust = _customers(src)
    ids = out["customer_id"].astype("str")
    out["name"] = cust["name"].reindex(ids).astype("str").to_numpy() if "name" in cust else pd.NA
    out["account_manager"] = cust["account_manager"].reindex(ids).fillna("(none)").astype("str").to_numpy()
    out = out.sort_values(["disputed", "customer_id", "invoice_id"], ascending=[False, True, True], kind="mergesort")
    return out[list(DISPUTE_COLUMNS)].reset_index(drop=True)


def disputed_by_due(data: KamData | Mapping[str, pd.DataFrame], as_of: Any) -> pd.DataFrame:
    """What the open disputes hold per customer at ``as_of``, split by the disputed invoice's due date.

    The aging keeps a disputed amount out of every bucket and out of ``overdue``; a measure read
    from the month's totals (the monthly trend, DSO per account manager) takes the part that lies
    on invoices past their due date (``overdue``) out of its overdue and the part on invoices not
    yet due (``not_due``) out of its current receivables, so that its overdue is the aging's.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with something disputed): ``overdue``, ``not_due``;
        whole cents. Empty when no dispute is open.

    Examples
    --------
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-08-01", "2026-10-20"], "due_date": ["2026-08-31", "2026-11-19"],
    ...     "amount": [1000.0, 500.0], "cost": [0.0, 0.0]})
    >>> dis = pd.DataFrame({"invoice_id": ["I1", "I2"], "amount": [300.0, 80.0], "reason": ["price", "quality"],
    ...     "opened_on": ["2026-09-10", "2026-10-25"], "closed_on": [None, None]})
    >>> disputed_by_due({"invoices": inv, "disputes": dis}, "2026-10-31").loc["C1"].tolist()
    [300.0, 80.0]
    """
    src = _data(data)
    empty = pd.DataFrame({"overdue": pd.Series(dtype="float64"), "not_due": pd.Series(dtype="float64")})
    empty.index = pd.Index([], dtype="str", name="customer_id")
    if not has_open_disputes(src, as_of):
        return empty
    items = disputed_items(src, as_of)
    items = items[items["disputed"] > 0]
    if items.empty:
        return empty
    cents = to_cents(items["disputed"].astype("float64")).astype("int64")
    late = items["days_past_due"].to_numpy(dtype="int64") > 0
    frame = pd.DataFrame(
        {"overdue": np.where(late, cents, 0), "not_due": np.where(late, 0, cents)},
        index=pd.Index(items["customer_id"].astype("str").to_numpy(), dtype="str", name="customer_id"),
    )
    return from_cents(frame.groupby(level=0).sum())

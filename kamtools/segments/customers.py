"""One row per customer: the facts of the trailing and previous 12 months (SQL in the store),
selling hours, the customer's attributes, and the account ids of leads."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import facts
from ..money import book_decimals, snap
from ..periods import as_timestamp, months_before
from ..store import KamData
from ._common import AsOf, PolicyLike, _ids, _source
from .ladder import current_relationship

__all__ = ["customer_facts"]


_FACT_COLUMNS = {
    "revenue_12m": 0.0,
    "margin_12m": 0.0,
    "discount_12m": 0.0,
    "revenue_prev_12m": 0.0,
    "margin_prev_12m": 0.0,
    "invoices_12m": 0,
    "purchase_days_12m": 0,
    "invoices_total": 0,
}

#: The customer's attributes joined to the facts, in order.
_ATTRIBUTE_COLUMNS = (
    "name",
    "industry",
    "region",
    "account_manager",
    "attractiveness",
    "relationship_state",
    "relationship_level",
    "wallet_estimate",
)


def customer_facts(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Per customer: revenue, margin and discounts of the trailing and previous 12 months,
    purchases, first and last purchase and selling hours (SQL ``segments_customer_facts``
    and ``segments_hours``), joined to the customer's attributes.

    Every customer of the ``customers`` table appears (zeros when it has no invoices);
    without a customers table, every customer with an invoice up to ``as_of``.

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-05-01", "2025-05-01"], "due_date": ["2026-06-01", "2025-06-01"],
    ...     "amount": [100.0, 80.0], "cost": [60.0, 50.0]})
    >>> f = customer_facts(facts.source(invoices=inv), "2026-10-31")
    >>> f.loc["C1", ["revenue_12m", "margin_12m", "revenue_prev_12m"]].tolist()
    [100.0, 40.0, 80.0]
    """
    data = _source(data)
    as_of = as_timestamp(as_of)
    # every segment asks for the facts of its date: a store works them out once (KamData.kept)
    return data.kept(("customer_facts", as_of), lambda: _customer_facts(data, as_of))


def _customer_facts(data: KamData, as_of: pd.Timestamp) -> pd.DataFrame:
    start = months_before(as_of, 12)
    prev_start = months_before(as_of, 24)
    if data.has("invoices"):
        f = facts.query(data, "segments_customer_facts", as_of=as_of, start=start, prev_start=prev_start)
    else:
        f = pd.DataFrame({"customer_id": pd.Series([], dtype="str")})
    f["customer_id"] = f["customer_id"].astype("str")
    f = f.set_index("customer_id")
    if data.has("customers"):
        cust = data.customers.copy()
        cust["customer_id"] = cust["customer_id"].astype("str")
        cust = cust.set_index("customer_id")
        ids = cust.index
    else:
        cust = None
        ids = f.index.sort_values()
    index = _ids(ids).rename("customer_id")
    # one lookup of the customers in each source, then every column taken by position
    # (a reindex per column would hash the text ids again for each)
    at = f.index.get_indexer(index)
    found = at >= 0

    def taken(col: str, dtype: str) -> pd.Series:
        if col not in f.columns or not len(f):
            return pd.Series(np.nan if dtype == "float64" else pd.NaT, index=index, dtype=dtype)
        values = pd.Series(f[col].to_numpy()[np.where(found, at, 0)], index=index)
        if dtype.startswith("datetime64"):
            values = pd.to_datetime(values)
        return values.astype(dtype).where(found)

    cols: dict[str, pd.Series | np.ndarray] = {}
    for col, zero in _FACT_COLUMNS.items():
        s = taken(col, "float64").fillna(zero)
        cols[col] = s.astype("int64") if isinstance(zero, int) else s
    # the SQL sums are exact up to the noise of adding in row order: compare them at
    # MONEY_DIGITS significant digits of the book's largest sum (kamtools.money)
    money = [c for c, zero in _FACT_COLUMNS.items() if not isinstance(zero, int)]
    decimals = book_decimals(*(cols[c] for c in money))
    for col in money:
        cols[col] = snap(cols[col], decimals)
    for col in ("first_purchase", "last_purchase"):
        cols[col] = taken(col, "datetime64[us]")
    cols["hours_12m"] = _hours(data, as_of).reindex(index).fillna(0.0).astype("float64")
    cols.update(_attributes(cust, index))
    if data.has("relationships"):  # the level on as_of: the latest record, else the customers table's
        cols["relationship_state"] = current_relationship(data, as_of)["relationship_state"].reindex(index)
    out = pd.DataFrame(cols, index=index)
    return out


def _attributes(cust: pd.DataFrame | None, index: pd.Index) -> dict[str, pd.Series]:
    """The customer's attributes of :data:`_ATTRIBUTE_COLUMNS` on ``index``, from the customers
    table ``cust`` (indexed by customer_id; None without one): missing ones are NaN."""
    cols: dict[str, pd.Series] = {}
    same = cust is not None and cust.index.equals(index)  # the usual case: no lookup at all
    for col in _ATTRIBUTE_COLUMNS:
        if cust is not None and col in cust.columns:
            cols[col] = cust[col].set_axis(index) if same else cust[col].reindex(index)
        elif col == "wallet_estimate":
            cols[col] = pd.Series(np.nan, index=index, dtype="float64")
        else:
            cols[col] = pd.Series(np.nan, index=index, dtype="str")
    return cols


def _hours(data: KamData, as_of: pd.Timestamp) -> pd.Series:
    if not data.has("activities"):
        return pd.Series(dtype="float64", index=pd.Index([], dtype="str", name="customer_id"))
    h = facts.query(data, "segments_hours", as_of=as_of, start=months_before(as_of, 12))
    s = h.set_index(h["customer_id"].astype("str"))["hours_12m"].astype("float64")
    s.index.name = "customer_id"
    return s


def _lead_hours(data: KamData, as_of: pd.Timestamp) -> pd.Series:
    """Selling hours of the trailing 12 months on each lead (prospect time), indexed by lead_id."""
    if not data.has("activities"):
        return pd.Series(dtype="float64", index=pd.Index([], dtype="str", name="lead_id"))
    h = facts.query(data, "segments_lead_hours", as_of=as_of, start=months_before(as_of, 12))
    s = h.set_index(h["lead_id"].astype("str"))["hours_12m"].astype("float64")
    s.index.name = "lead_id"
    return s


def _account_hours(data: KamData, as_of: pd.Timestamp, kinds: pd.Series) -> pd.Series:
    """Selling hours of the trailing 12 months per account of a pyramid (``kinds``: its ``kind``
    column, indexed by account id; leads by their account ids, :func:`_lead_index`), 0 where none."""
    hours = _hours(data, as_of)
    if data.has("leads") and len(data.leads):
        leads = data.leads
        ids = _lead_index(leads, kinds.index[kinds.to_numpy() == "customer"])
        by_lead = _lead_hours(data, as_of).reindex(pd.Index(leads["lead_id"].astype("str"))).fillna(0.0)
        hours = pd.concat([hours, pd.Series(by_lead.to_numpy(), index=ids)])
        hours = hours[~hours.index.duplicated(keep="first")]
    return hours.reindex(kinds.index).fillna(0.0).astype("float64")


def _lead_index(leads: pd.DataFrame, customer_ids: pd.Index) -> pd.Index:
    """Account ids of leads: their lead_id, or ``lead:<lead_id>`` for all leads when any
    lead_id equals a customer_id."""
    ids = leads["lead_id"].astype("str")
    # a hash lookup of the leads in the customer ids (Series.isin on Arrow-backed text is slow)
    if (pd.Index(customer_ids, dtype="str").get_indexer(pd.Index(ids)) >= 0).any():
        ids = "lead:" + ids
    return _ids(ids)

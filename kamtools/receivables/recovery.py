"""The recovery equation (坏账弥补): how much must be sold to earn a bad debt back.

A debt written off is lost whole: the goods were delivered and their cost paid. New sales earn
it back only through their margin, so the sales needed are ``loss / margin rate``. The margin is
the customer's **own** gross margin (invoiced amount less cost, over the amount) of its invoices
of the last ``receivables.recovery.margin_months`` months: a customer buying at a thin margin
needs far more sales to make up for its debt than the book's average says. A customer without
sales in those months, or without a positive margin, takes the book's margin, and says so
(``margin_basis`` ``book``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import facts
from ..money import round_half_up
from ..periods import as_date, months_before
from ..policy import load_policy
from ..store import KamData
from ._common import _customers, _data

#: Columns of :func:`customer_margin`.
MARGIN_COLUMNS = ("margin_sales", "margin_rate", "margin_basis")
#: Columns of :func:`recovery`.
RECOVERY_COLUMNS = ("loss", "margin_rate", "margin_basis", "sales_to_recover")


def customer_margin(data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None) -> pd.DataFrame:
    """Each customer's gross margin rate over the policy's months up to ``as_of``, or the book's.

    The invoices dated after ``as_of`` less ``receivables.recovery.margin_months`` months, up to
    ``as_of``, summed per customer in the store (``receivables_margin.sql``). A customer with net
    sales and a positive margin in them has its own rate (``margin_basis`` ``own``); any other
    customer (of the customers table, or of the invoices) takes the book's rate (``book``). The
    book's rate is NaN when the whole book has no positive margin.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``margin_sales`` (net sales of the months), ``margin_rate``
        and ``margin_basis`` (``own`` or ``book``).

    Examples
    --------
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2", "I3"], "customer_id": ["C1", "C1", "C2"],
    ...     "invoice_date": ["2026-09-01", "2026-10-01", "2025-01-01"], "due_date": ["2026-10-01"] * 3,
    ...     "amount": [600.0, 400.0, 500.0], "cost": [540.0, 360.0, 300.0]})
    >>> cust = pd.DataFrame({"customer_id": ["C1", "C2"]})
    >>> m = customer_margin({"invoices": inv, "customers": cust}, "2026-10-31")
    >>> m["margin_rate"].round(4).tolist(), m["margin_basis"].tolist()  # C2 bought nothing in the 12 months
    ([0.1, 0.1], ['own', 'book'])
    """
    as_of = as_date(as_of)
    src = _data(data)
    months = int(load_policy(policy)["receivables"]["recovery"]["margin_months"])
    raw = facts.query(src, "receivables_margin", start=months_before(as_of, months).date(), end=as_of)
    raw = raw.astype({"customer_id": "str", "sales": "float64", "cost": "float64"}).set_index("customer_id")
    ids = raw.index.union(pd.Index(_customers(src).index.astype("str")))
    sales = raw["sales"].reindex(ids).fillna(0.0)
    margin = (raw["sales"] - raw["cost"]).reindex(ids).fillna(0.0)
    total_sales, total_margin = float(raw["sales"].sum()), float((raw["sales"] - raw["cost"]).sum())
    book = total_margin / total_sales if total_sales > 0 and total_margin > 0 else np.nan
    own = (sales > 0) & (margin > 0)
    rate = pd.Series(np.where(own, margin / sales.where(sales > 0, 1.0), book), index=ids, dtype="float64")
    out = pd.DataFrame(
        {
            "margin_sales": sales.round(2),
            "margin_rate": rate,
            "margin_basis": pd.Series(np.where(own, "own", "book"), index=ids, dtype="str"),
        },
        index=pd.Index(ids, name="customer_id", dtype="str"),
    )
    return out


def sales_to_recover(loss: Any, margin_rate: Any) -> Any:
    """The sales whose gross margin earns ``loss`` back: ``loss / margin_rate``, to the cent, a half cent up
    (NaN without a positive margin). Numbers, arrays or Series (a Series keeps the index of ``loss``).

    >>> float(sales_to_recover(12_000.0, 0.08))
    150000.0
    """
    loss_a = np.asarray(loss, dtype="float64")
    rate_a = np.asarray(margin_rate, dtype="float64")
    ok = rate_a > 0
    value = round_half_up(loss_a / np.where(ok, rate_a, 1.0))
    value = np.where(ok & ~np.isnan(rate_a), value, np.nan)
    if isinstance(loss, pd.Series):
        return pd.Series(value, index=loss.index, dtype="float64")
    return float(value) if np.ndim(value) == 0 else value


def recovery(
    data: KamData | Mapping[str, pd.DataFrame], as_of: Any, loss: pd.Series, policy: Any = None
) -> pd.DataFrame:
    """The recovery equation for each loss of ``loss`` (indexed by ``customer_id``, repeats allowed): the
    customer's margin (:func:`customer_margin`) and the sales needed to earn the loss back.

    Returns
    -------
    DataFrame
        With the index of ``loss``: ``loss``, ``margin_rate``, ``margin_basis`` and ``sales_to_recover``.

    Examples
    --------
    >>> inv = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "invoice_date": ["2026-09-01"],
    ...     "due_date": ["2026-10-01"], "amount": [1000.0], "cost": [920.0]})
    >>> r = recovery({"invoices": inv}, "2026-10-31", pd.Series([4000.0], index=pd.Index(["C1"], name="customer_id")))
    >>> float(r.loc["C1", "sales_to_recover"])  # 4,000 / 8 %
    50000.0
    """
    margin = customer_margin(data, as_of, policy)
    cid = pd.Index(loss.index.astype("str"))
    out = pd.DataFrame(index=loss.index)
    out["loss"] = loss.astype("float64").to_numpy()
    out["margin_rate"] = margin["margin_rate"].reindex(cid).to_numpy()
    out["margin_basis"] = margin["margin_basis"].reindex(cid).fillna("book").astype("str").to_numpy()
    book = margin.loc[margin["margin_basis"].eq("book"), "margin_rate"]
    if len(book):
        out["margin_rate"] = out["margin_rate"].fillna(float(book.iloc[0]))
    out["sales_to_recover"] = sales_to_recover(out["loss"], out["margin_rate"])
    return out


def worklist_recovery(
    data: KamData, as_of: Any, policy: Any, total: pd.Series, max_days_past_due: pd.Series
) -> pd.DataFrame:
    """The worklist's recovery columns: for each customer with an invoice more than
    ``receivables.recovery.worklist_days`` past due, the sales needed to earn its open balance back
    (``sales_to_recover``) at its margin (``recovery_margin``); NaN for the others."""
    days = int(load_policy(policy)["receivables"]["recovery"]["worklist_days"])
    past = max_days_past_due.astype("float64").fillna(0.0) > days
    out = pd.DataFrame(index=total.index)
    out["recovery_margin"] = np.nan
    out["sales_to_recover"] = np.nan
    if past.any():
        r = recovery(data, as_of, total[past], policy)
        out.loc[past, "recovery_margin"] = r["margin_rate"].to_numpy()
        out.loc[past, "sales_to_recover"] = r["sales_to_recover"].to_numpy()
    return out

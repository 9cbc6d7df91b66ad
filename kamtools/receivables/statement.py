"""Statement of account (对账单 / 余额确认): one customer's balance over a month, to be confirmed.

The opening balance is what the customer owed at the start of the month (every invoice,
credit note and payment dated before its first day); each document of the month follows in
date order with the running balance (invoices add; credit notes and payments take away); the
closing balance is what it owes at the month's last day. The closing balance is the settled
ledger's (:func:`~kamtools.receivables.settle`) open invoices less the unapplied credit, so its
aging, by the buckets of the aging page, adds up to it to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import facts
from ..money import from_cents, to_cents
from ..periods import period_bounds
from ..policy import load_policy
from ..store import KamData
from ._common import _customers, _data
from .buckets import aging, bucket_names

#: Columns of the lines of a statement, in order.
STATEMENT_COLUMNS: tuple[str, ...] = (
    "date",
    "document",
    "document_id",
    "due_date",
    "reference",
    "debit",
    "credit",
    "running_balance",
)


class Statement(NamedTuple):
    """One customer's statement of account for one month (see :func:`statement`)."""

    customer_id: str
    name: str
    period: str
    start: pd.Timestamp
    end: pd.Timestamp
    #: Owed at the start of the month (before its first day).
    opening_balance: float
    #: The month's documents in date order (:data:`STATEMENT_COLUMNS`).
    lines: pd.DataFrame
    invoiced: float
    credited: float
    paid: float
    #: Owed at the end of the month: opening + invoiced - credited - paid.
    closing_balance: float
    #: The closing balance by aging bucket (the aging page's buckets), ``disputed``, ``unapplied_credit`` and ``total``.
    aging: pd.Series


def _aged_balance(ag: pd.DataFrame, customer_id: str, buckets: Any) -> pd.Series:
    """The customer's row of the aging page: its buckets, what is disputed (apart from them), its unapplied
    credit (negative) and the total owed."""
    names = list(ag.columns[: list(ag.columns).index("total")]) if len(ag.columns) else bucket_names(buckets)
    row = ag.loc[customer_id] if customer_id in ag.index else pd.Series(0.0, index=[*names, "unapplied_credit"])
    cents_by_bucket = to_cents(row[names].astype("float64")).astype("int64")
    credit = int(to_cents(pd.Series([float(row["unapplied_credit"])]))[0])
    disputed = int(to_cents(pd.Series([float(row.get("disputed", 0.0))]))[0])
    return pd.Series(
        from_cents(np.r_[cents_by_bucket, disputed, -credit, cents_by_bucket.sum() + disputed - credit]),
        index=[*names, "disputed", "unapplied_credit", "total"],
        dtype="float64",
    )


def _month_lines(docs: pd.DataFrame, start: Any) -> tuple[int, pd.DataFrame, np.ndarray, pd.DataFrame]:
    """The opening balance (cents), the month's documents, their cents and the statement lines."""
    date = pd.to_datetime(docs["date"]).astype("datetime64[us]")
    cents = docs["cents"].to_numpy(dtype="int64")
    before = (date < pd.Timestamp(start)).to_numpy()
    opening = int(cents[before].sum())
    month = docs.loc[~before].reset_index(drop=True)
    c = cents[~before]
    lines = pd.DataFrame(
        {
            "date": date[~before].reset_index(drop=True),
            "document": month["document"].astype("str"),
            "document_id": month["document_id"].astype("str"),
            "due_date": pd.to_datetime(month["due_date"]).astype("datetime64[us]").where(c > 0),
            "reference": month["reference"].astype("object").where(month["reference"].notna(), None),
            "debit": from_cents(np.where(c > 0, c, 0)),
            "credit": from_cents(np.where(c < 0, -c, 0)),
            "running_balance": from_cents(opening + np.cumsum(c)),
        }
    )
    return opening, month, c, lines


def statement(
    data: KamData | Mapping[str, pd.DataFrame],
    customer_id: str,
    period: str,
    policy: Any = None,
    *,
    aged: pd.DataFrame | None = None,
) -> Statement:
    """The statement of account of ``customer_id`` for the month ``period`` (``YYYY-MM``).

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name) with invoices and payments.
    customer_id
        The customer; an id the customers table (when there is one) does not hold raises
        ``ValueError`` naming it.
    period
        The month; documents dated up to its last day count.
    policy
        Policy (None: defaults); its ``receivables.buckets`` age the closing balance.
    aged
        The :func:`aging` frame at the month's last day with the policy's buckets, when already
        computed (for many statements at once).

    Returns
    -------
    Statement
        ``opening_balance``, the month's ``lines`` (date, document: invoice, credit_note or
        payment, document_id, due_date, reference: the invoice a payment names, debit,
        credit, running_balance), ``invoiced``, ``credited`` (credit notes), ``paid`` and
        ``closing_balance`` = opening + invoiced - credited - paid, exact to the cent, and
        ``aging``: the closing balance by bucket, as on the aging page, with
        ``unapplied_credit`` (shown negative: it lowers what is owed) and ``total`` (the
        closing balance).

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2", "CN1"], "customer_id": ["C1"] * 3,
    ...     "invoice_date": ["2026-09-10", "2026-10-05", "2026-10-12"],
    ...     "due_date": ["2026-10-10", "2026-11-04", "2026-10-12"], "amount": [1000.0, 500.0, -100.0], "cost": 0.0})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-10-20"],
    ...     "amount": [600.0], "invoice_id": ["I1"]})
    >>> s = statement({"invoices": inv, "payments": pay}, "C1", "2026-10")
    >>> s.opening_balance, s.invoiced, s.credited, s.paid, s.closing_balance
    (1000.0, 500.0, 100.0, 600.0, 800.0)
    >>> s.lines["running_balance"].tolist()
    [1500.0, 1400.0, 800.0]
    """
    src = _data(data)
    cust = _customers(src)
    customer_id = str(customer_id)
    if src.has("customers") and customer_id not in cust.index:
        raise ValueError(f"unknown customer id {customer_id!r}")
    start, end = period_bounds(period)
    docs = facts.query(src, "receivables_statement", customer_id=customer_id, period_end=end)
    opening, month, c, lines = _month_lines(docs, start)
    is_credit_note = (month["document"] == "credit_note").to_numpy()
    closing = opening + int(c.sum())
    rec = load_policy(policy)["receivables"]
    ag = aged if aged is not None else aging(src, end, rec["buckets"])
    return Statement(
        customer_id=customer_id,
        name=str(cust["name"].get(customer_id, customer_id)) if "name" in cust else customer_id,
        period=period,
        start=pd.Timestamp(start),
        end=pd.Timestamp(end),
        opening_balance=from_cents(opening),
        lines=lines[list(STATEMENT_COLUMNS)],
        invoiced=from_cents(int(c[(c > 0)].sum())),
        credited=from_cents(int(-c[is_credit_note].sum())),
        paid=from_cents(int(-c[(c < 0) & ~is_credit_note].sum())),
        closing_balance=from_cents(closing),
        aging=_aged_balance(ag, customer_id, rec["buckets"]),
    )

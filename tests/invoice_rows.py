"""One invoice of a tiny hand-made book, for the tests of the portfolio, its credit view and the headline numbers."""

from __future__ import annotations

import pandas as pd


def invoice_row(iid, cid, date, amount, cost, discount=None) -> dict:
    """Invoice ``iid`` of customer ``cid`` on ``date``, due 30 days later."""
    d = pd.Timestamp(date)
    return {
        "invoice_id": iid,
        "customer_id": cid,
        "invoice_date": d,
        "due_date": d + pd.Timedelta(days=30),
        "amount": amount,
        "cost": cost,
        "discount": discount,
    }

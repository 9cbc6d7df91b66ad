"""One customer's facts as the limit rules read them (:func:`kamtools.credit.recommend`), for the
tests of the limit rules worked out by hand."""

from __future__ import annotations

import pandas as pd

from kamtools import credit


def limit_row(**kw) -> dict:
    """A customer buying 30000 a month (12 months) on 30-day terms, grade BBB, equity 1 M, working
    capital 400000, statement 2025-12-31, assessed 2026-08-31, no limit, nothing owed: the rules give
    30000 x 40 / 30 = 40000 x 1.1 = 44000. ``kw`` changes any fact."""
    base = {
        "grade": "BBB",
        "previous_grade": "BBB",
        "avg_monthly_purchases": 30000.0,
        "peak_monthly_purchases": 30000.0,
        "months_bought": 12,
        "payment_terms_days": 30.0,
        "open_orders": 0.0,
        "equity": 1e6,
        "working_capital": 4e5,
        "financials_on": pd.Timestamp("2025-12-31"),
        "approved_limit": 0.0,
        "collateral": 0.0,
        "exposure": 0.0,
        "open_receivables": 0.0,
        "overdue": 0.0,
        "max_days_past_due": 0,
        "arrears": 0.0,
        "provision": 0.0,
        "assessed_on": pd.Timestamp("2026-08-31"),
    }
    base.update(kw)
    return base


def recommend(rows: dict[str, dict], as_of: str, policy=None) -> pd.DataFrame:
    """The limit rules over ``rows`` (customer id -> facts) on ``as_of``."""
    return credit.recommend(pd.DataFrame.from_dict(rows, orient="index"), as_of, policy)

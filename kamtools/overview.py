"""What the data holds: row counts, months covered and completeness of the book.

All row-level counting runs as SQL in the store.
"""

from __future__ import annotations

import pandas as pd

from .periods import AsOf, as_date, period_bounds, period_of
from .schema import TABLES
from .store import KamData, quote_ident


def table_counts(data: KamData) -> pd.DataFrame:
    """Rows per table of the data model, with the table's description.

    >>> import kamtools as kt
    >>> table_counts(kt.sample_data(customers=15, years=1, seed=1)).loc["customers", "rows"]
    np.int64(15)
    """
    rows = []
    for name, t in TABLES.items():
        n = int(data.sql(f"select count(*) as n from {quote_ident(name)}")["n"].iloc[0]) if data.has(name) else 0
        rows.append({"table": name, "rows": n, "present": data.has(name), "description": t.description})
    return pd.DataFrame(rows).set_index("table").astype({"rows": "int64"})


def monthly_activity(data: KamData, as_of: AsOf, months: int = 24) -> pd.DataFrame:
    """Invoices, credit notes and payments per month, for ``months`` months up to the month of ``as_of``.

    The last month counts up to ``as_of`` (the whole month for a month-end ``as_of``).
    Months without any document appear with zeros, so gaps in an export show.

    >>> import kamtools as kt
    >>> m = monthly_activity(kt.sample_data(customers=15, years=1, seed=1, end="2026-10-31"), "2026-10-31", 3)
    >>> m.index.tolist(), bool(m["invoices"].gt(0).all())
    (['2026-08', '2026-09', '2026-10'], True)
    """
    end = as_date(as_of)
    start = period_bounds(period_of(end))[0]
    first = (pd.Timestamp(start) - pd.DateOffset(months=months - 1)).date()
    q = """
    with months as (
        select cast(m as date) as month
        from generate_series(cast($first as timestamp), cast($start as timestamp), interval 1 month) t(m)
    ),
    inv as (
        select date_trunc('month', invoice_date) as month,
               count(*) filter (where amount >= 0) as invoices,
               count(*) filter (where amount < 0) as credit_notes,
               sum(amount) as invoiced
        from invoices where invoice_date between $first and $end group by 1
    ),
    pay as (
        select date_trunc('month', payment_date) as month, count(*) as payments, sum(amount) as collected
        from payments where payment_date between $first and $end group by 1
    )
    select strftime(months.month, '%Y-%m') as month,
           coalesce(inv.invoices, 0) as invoices,
           coalesce(inv.credit_notes, 0) as credit_notes,
           coalesce(inv.invoiced, 0) as invoiced,
           coalesce(pay.payments, 0) as payments,
           coalesce(pay.collected, 0) as collected
    from months
    left join inv on inv.month = months.month
    left join pay on pay.month = months.month
    order by months.month
    """
    df = data.sql(q, {"first": first, "start": start, "end": end})
    return df.set_index("month").astype(
        {
            "invoices": "int64",
            "credit_notes": "int64",
            "payments": "int64",
            "invoiced": "float64",
            "collected": "float64",
        }
    )


def coverage(data: KamData) -> pd.DataFrame:
    """Share of customers that have each kind of supporting data."""
    checks = {
        "invoices": "select count(distinct customer_id) as n from invoices",
        "payments": "select count(distinct customer_id) as n from payments",
        "financials": "select count(distinct customer_id) as n from financials",
        "credit_factors": "select count(distinct customer_id) as n from credit_factors",
        "credit_limits": "select count(distinct customer_id) as n from credit_limits",
        "activities": "select count(distinct customer_id) as n from activities",
        "contacts": "select count(distinct customer_id) as n from contacts",
    }
    total = int(data.sql("select count(*) as n from customers")["n"].iloc[0])
    rows = []
    for name, q in checks.items():
        n = int(data.sql(q)["n"].iloc[0]) if data.has(name) else 0
        rows.append({"data": name, "customers": n, "share": n / total if total else float("nan")})
    return pd.DataFrame(rows).set_index("data")

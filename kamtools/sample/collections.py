"""Write-offs and collection targets of the sample book, drawn from the finished ledger.

Write-offs: at each quarter end of the window (the quarterly write-off review), a debt due more than nine months before and
still unpaid at the end of the data (what the customer was invoiced up to that due date, less
every payment and credit note it ever made: a lower bound of what is still open, so never more
than the ledger holds) is written off for the largest such customer, once per customer;
approved by a named approver of the top approval level (the regional manager, the credit
committee above 100,000), handled by the customer's account manager, every other one by a colleague who
has since handed the customer over. Collection targets: for each account manager and each of the last
twelve months, about what the manager's customers paid that month, rounded to 10,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import _STR
from .vocabulary import ACCOUNT_MANAGERS, APPROVERS

#: Why a debt was written off: reason codes (the report reads them in its language:
#: kamtools.output.dispute_phrases).
_REASONS = ("bankrupt", "judgment_unenforceable", "ceased_trading", "time_barred")
#: Write-offs drawn per quarter end, at most.
_PER_QUARTER = 1
#: The smallest debt the sample writes off.
_MIN_AMOUNT = 2_000.0


def _write_offs(seed: int, customers: pd.DataFrame, invoices: pd.DataFrame, payments: pd.DataFrame) -> pd.DataFrame:
    """The sample's write-offs (the ``write_offs`` table), oldest first."""
    rng = np.random.default_rng([seed, 73])
    end = pd.Timestamp(invoices["invoice_date"].max()) if len(invoices) else pd.Timestamp("1970-01-01")
    start = pd.Timestamp(invoices["invoice_date"].min()) if len(invoices) else end
    amount = invoices["amount"].to_numpy(dtype="float64")
    cust = invoices["customer_id"].astype("str").to_numpy()
    due = pd.to_datetime(invoices["due_date"]).to_numpy()
    # everything the customer ever paid or was credited
    settled = pd.Series(payments["amount"].to_numpy(dtype="float64"), index=payments["customer_id"].astype("str"))
    settled = (
        settled.groupby(level=0)
        .sum()
        .add(pd.Series(np.where(amount < 0, -amount, 0.0), index=cust).groupby(level=0).sum(), fill_value=0.0)
    )
    rows, done = [], set()
    for quarter_end in pd.date_range(start + pd.DateOffset(years=1), end, freq="QE"):
        cutoff = np.datetime64(quarter_end - pd.DateOffset(months=9), "us")
        old = pd.Series(np.where((amount > 0) & (due <= cutoff), amount, 0.0), index=cust).groupby(level=0).sum()
        unpaid = (old - settled.reindex(old.index).fillna(0.0)).round(2)
        unpaid = unpaid[(unpaid >= _MIN_AMOUNT) & ~unpaid.index.isin(list(done))]
        for cid, value in unpaid.sort_values(ascending=False, kind="mergesort").head(_PER_QUARTER).items():
            done.add(cid)
            rows.append((cid, quarter_end, float(value)))
    wo = pd.DataFrame(rows, columns=["customer_id", "written_off_on", "amount"])
    managers = customers.set_index("customer_id")["account_manager"].astype("str")
    n = len(wo)
    # every other write-off (the first, the third ...) was handled by a colleague who has since handed the
    # customer over: the next account manager of the list after the customer's own; the others left empty
    own = wo["customer_id"].map(managers).to_numpy(dtype=object)
    names = list(ACCOUNT_MANAGERS)
    colleague = np.array(
        [names[(names.index(m) + 1) % len(names)] if m in names else names[0] for m in own], dtype=object
    )
    handler = np.where(np.arange(n) % 2 == 0, colleague, None)
    return pd.DataFrame(
        {
            "customer_id": pd.Series(wo["customer_id"].to_numpy(), dtype=_STR),
            "written_off_on": wo["written_off_on"].astype("datetime64[us]"),
            "amount": wo["amount"].to_numpy(dtype="float64"),
            "approved_by": pd.Series(np.where(wo["amount"] > 100_000, APPROVERS[3], APPROVERS[2]), dtype=_STR),
            "handled_by": pd.Series(handler, dtype=_STR),
            "reason": pd.Series(np.array(_REASONS, dtype=object)[rng.integers(0, len(_REASONS), n)], dtype=_STR),
        }
    )


def _collection_targets(seed: int, customers: pd.DataFrame, payments: pd.DataFrame) -> pd.DataFrame:
    """Monthly collection targets of each account manager for the last twelve months of the data."""
    rng = np.random.default_rng([seed, 79])
    cols = ["account_manager", "period_start", "period_end", "target"]
    if payments.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "target" else "datetime64[us]") for c in cols})
    end = pd.Timestamp(payments["payment_date"].max())
    managers = customers.set_index("customer_id")["account_manager"].astype("str")
    month = pd.to_datetime(payments["payment_date"]).dt.to_period("M")
    paid = pd.DataFrame(
        {
            "account_manager": payments["customer_id"].astype("str").map(managers).to_numpy(),
            "month": month.to_numpy(),
            "amount": payments["amount"].to_numpy(dtype="float64"),
        }
    )
    last = pd.period_range(end=end.to_period("M"), periods=12, freq="M")
    per = paid[paid["month"].isin(last)].groupby(["account_manager", "month"])["amount"].sum().reset_index()
    per = per.sort_values(["account_manager", "month"], kind="mergesort").reset_index(drop=True)
    target = np.round(per["amount"].to_numpy() * rng.uniform(0.95, 1.2, len(per)) / 10_000) * 10_000
    months = pd.PeriodIndex(per["month"], freq="M")
    return pd.DataFrame(
        {
            "account_manager": pd.Series(per["account_manager"].to_numpy(), dtype=_STR),
            "period_start": months.to_timestamp(how="start").astype("datetime64[us]"),
            "period_end": months.to_timestamp(how="end").normalize().astype("datetime64[us]"),
            "target": np.maximum(target, 10_000.0),
        }
    )

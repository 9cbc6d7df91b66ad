"""Reference implementations that the benchmark compares kamtools against.

They compute the same results as kamtools by other means, so the benchmark can
assert equality before it times anything:

* :func:`pandas_ledger` / :func:`pandas_aging` -- open items and aging as a
  straightforward pandas implementation (merge / groupby / cumsum, no loops);
* :func:`sql_aging` -- one hand-written DuckDB query returning the aging table
  directly (the engine's floor: the least work the store can do for this result);
* :func:`lifetimes_rfm` -- RFM as analysts build it today with
  ``lifetimes.utils.summary_data_from_transaction_data``, starting from the store;
* :func:`sql_rfm` -- one hand-written DuckDB query of the same RFM summary.

Money is handled in whole cents (int64) so comparisons are exact at the cent.
These functions belong to the benchmark, not to the package.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd

#: Upper edges (days past due) of the default aging buckets, and the bucket names.
EDGES = (30, 60, 90, 180, 365)
BUCKETS = ["current", "d1_30", "d31_60", "d61_90", "d91_180", "d181_365", "d365_plus"]
AGING_COLUMNS = [*BUCKETS, "total", "overdue", "max_days_past_due", "unapplied_credit"]
RFM_COLUMNS = ["recency_days", "frequency", "monetary", "r_score", "f_score", "m_score"]


def _cents(values) -> np.ndarray:
    return np.rint(np.asarray(values, dtype="float64") * 100).astype("int64")


# --------------------------------------------------------------------------- reading the store
def read_ledger(con, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Invoices and payments up to ``as_of`` read from the store into pandas (the columns needed)."""
    inv = con.sql(
        "select invoice_id, customer_id, invoice_date, due_date, amount, corrects_invoice_id from invoices"
    ).df()
    pay = con.sql("select customer_id, payment_date, amount, invoice_id from payments").df()
    cut = pd.Timestamp(as_of)
    inv = inv[inv["invoice_date"] <= cut]
    pay = pay[pay["payment_date"] <= cut]
    return inv, pay


# --------------------------------------------------------------------------- open items + aging, pandas
def pandas_ledger(inv: pd.DataFrame, pay: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Settle the ledger in pandas: open invoices (cents) and unapplied credit per customer (cents).

    Rules as in kamtools.receivables: a payment naming a positive invoice of the same
    customer settles it, capped at its amount, and so does a credit note naming the positive invoice
    of the same customer it corrects (``corrects_invoice_id``); the excess, unnamed payments and the
    other credit notes form the customer's pool, which settles the remaining invoices oldest due
    first (then invoice date, then invoice id); what is left of the pool is unapplied credit.
    """
    inv = inv.assign(due_date=inv["due_date"].fillna(inv["invoice_date"]), cents=_cents(inv["amount"]))
    notes = inv.loc[inv["cents"] < 0, ["customer_id", "corrects_invoice_id", "cents"]]
    notes = notes.rename(columns={"corrects_invoice_id": "invoice_id"}).assign(cents=lambda d: -d["cents"])
    pay = pd.concat([pay.assign(cents=_cents(pay["amount"]))[["customer_id", "invoice_id", "cents"]], notes])
    pos = inv[inv["cents"] > 0]
    keys = pos[["invoice_id", "customer_id"]].rename(columns={"invoice_id": "settles"})
    linked = pay.merge(keys, left_on=["invoice_id", "customer_id"], right_on=["settles", "customer_id"], how="left")
    tied = linked["settles"].notna()
    paid = linked[tied].groupby("settles")["cents"].sum()

    debit = pos.assign(paid=pos["invoice_id"].map(paid).fillna(0).astype("int64"))
    debit["applied"] = np.minimum(debit["cents"], debit["paid"])
    excess = debit["paid"] - debit["applied"]
    pool = (
        pd.concat(
            [
                excess[excess > 0].groupby(debit["customer_id"]).sum(),
                linked.loc[~tied, "cents"].groupby(linked["customer_id"]).sum(),
            ]
        )
        .groupby(level=0)
        .sum()
    )

    rem = debit[debit["cents"] > debit["applied"]].assign(rem=lambda d: d["cents"] - d["applied"])
    rem = rem.sort_values(["customer_id", "due_date", "invoice_date", "invoice_id"], kind="mergesort")
    before = rem.groupby("customer_id", sort=False)["rem"].cumsum() - rem["rem"]
    cover = rem["customer_id"].map(pool).fillna(0).astype("int64") - before
    rem["open"] = rem["rem"] - np.clip(cover, 0, rem["rem"])
    items = rem.loc[rem["open"] > 0, ["invoice_id", "customer_id", "due_date", "open"]].set_index("invoice_id")

    left = pool - rem.groupby("customer_id")["rem"].sum().reindex(pool.index).fillna(0)
    credit = left[left > 0].astype("int64")
    return items, credit


def pandas_aging(items: pd.DataFrame, credit: pd.Series, as_of: dt.date) -> pd.DataFrame:
    """Aging per customer from :func:`pandas_ledger` (money in cents)."""
    dpd = (pd.Timestamp(as_of) - items["due_date"]).dt.days
    bucket = pd.cut(dpd, [-np.inf, 0, *EDGES, np.inf], labels=BUCKETS, right=True)
    table = items.assign(bucket=bucket).pivot_table(
        index="customer_id", columns="bucket", values="open", aggfunc="sum", fill_value=0, observed=False
    )
    table = table.reindex(columns=BUCKETS, fill_value=0).astype("int64")
    table.columns = list(BUCKETS)
    table["total"] = table[BUCKETS].sum(axis=1)
    table["overdue"] = table["total"] - table["current"]
    table["max_days_past_due"] = dpd.clip(lower=0).groupby(items["customer_id"]).max()
    full = table.index.union(credit.index).sort_values()
    out = table.reindex(full).fillna(0).astype("int64")
    out["unapplied_credit"] = credit.reindex(full).fillna(0).astype("int64")
    out.index.name = "customer_id"
    return out


# --------------------------------------------------------------------------- aging, hand-written SQL
SQL_AGING = """
with inv as (
    select invoice_id, customer_id, cast(invoice_date as date) as invoice_date,
           cast(coalesce(due_date, invoice_date) as date) as due_date,
           cast(round(amount * 100) as bigint) as c, corrects_invoice_id
    from invoices where cast(invoice_date as date) <= $as_of
),
pay as (   -- payments, and credit notes, naming a positive invoice of their customer settle it
    select p.customer_id, cast(round(p.amount * 100) as bigint) as c, i.invoice_id as settles
    from payments p
    left join inv i on i.invoice_id = p.invoice_id and i.customer_id = p.customer_id and i.c > 0
    where cast(p.payment_date as date) <= $as_of
    union all
    select n.customer_id, -n.c, i.invoice_id
    from inv n
    left join inv i on i.invoice_id = n.corrects_invoice_id and i.customer_id = n.customer_id and i.c > 0
    where n.c < 0
),
direct as (select settles, sum(c) as paid from pay where settles is not null group by settles),
debit as (
    select i.*, least(i.c, coalesce(d.paid, 0)) as applied, coalesce(d.paid, 0) as paid
    from inv i left join direct d on d.settles = i.invoice_id where i.c > 0
),
pool as (
    select customer_id, sum(x) as pool from (
        select customer_id, paid - applied as x from debit where paid > applied
        union all select customer_id, c from pay where settles is null
    ) group by customer_id
),
rem as (
    select customer_id, due_date, c - applied as rem,
           sum(c - applied) over (partition by customer_id order by due_date, invoice_date, invoice_id
                                  rows between unbounded preceding and current row) - (c - applied) as before
    from debit where c > applied
),
open as (
    select r.customer_id, $as_of - r.due_date as dpd,
           r.rem - greatest(0, least(r.rem, coalesce(p.pool, 0) - r.before)) as open
    from rem r left join pool p using (customer_id)
),
aged as (
    select customer_id,
           sum(open) filter (where dpd <= 0) as current,
           sum(open) filter (where dpd between 1 and 30) as d1_30,
           sum(open) filter (where dpd between 31 and 60) as d31_60,
           sum(open) filter (where dpd between 61 and 90) as d61_90,
           sum(open) filter (where dpd between 91 and 180) as d91_180,
           sum(open) filter (where dpd between 181 and 365) as d181_365,
           sum(open) filter (where dpd > 365) as d365_plus,
           sum(open) as total,
           max(greatest(dpd, 0)) as max_days_past_due
    from open where open > 0 group by customer_id
),
credit as (
    select p.customer_id, p.pool - coalesce(t.rem_total, 0) as credit
    from pool p left join (select customer_id, sum(rem) as rem_total from rem group by customer_id) t
      using (customer_id)
    where p.pool > coalesce(t.rem_total, 0)
)
select coalesce(a.customer_id, c.customer_id) as customer_id,
       coalesce(current, 0) as current, coalesce(d1_30, 0) as d1_30, coalesce(d31_60, 0) as d31_60,
       coalesce(d61_90, 0) as d61_90, coalesce(d91_180, 0) as d91_180,
       coalesce(d181_365, 0) as d181_365, coalesce(d365_plus, 0) as d365_plus,
       coalesce(total, 0) as total, coalesce(total, 0) - coalesce(current, 0) as overdue,
       coalesce(max_days_past_due, 0) as max_days_past_due, coalesce(c.credit, 0) as unapplied_credit
from aged a full outer join credit c on c.customer_id = a.customer_id
order by customer_id
"""


def sql_aging(con, as_of: dt.date) -> pd.DataFrame:
    """Aging per customer (money in cents) from one hand-written DuckDB query."""
    out = con.execute(SQL_AGING, {"as_of": as_of}).df()
    return out.set_index("customer_id").astype("int64")


# --------------------------------------------------------------------------- RFM
def _scores(values: pd.Series, levels: int) -> pd.Series:
    """min(levels, 1 + floor(levels * below / (n - 1))); below = buyers with a strictly worse value."""
    n = len(values)
    if n == 1:
        return pd.Series((levels + 1) // 2, index=values.index, dtype="int64")
    below = values.rank(method="min").astype("int64") - 1
    return np.minimum(levels, 1 + (levels * below) // (n - 1)).astype("int64")


def _finish(
    last: pd.Series, frequency: pd.Series, monetary_cents: pd.Series, as_of: dt.date, levels: int
) -> pd.DataFrame:
    out = pd.DataFrame(index=last.index.sort_values())
    out.index.name = "customer_id"
    last = last.reindex(out.index)
    out["recency_days"] = (pd.Timestamp(as_of) - last).dt.days.astype("int64")
    out["frequency"] = frequency.reindex(out.index).fillna(0).astype("int64")
    out["monetary"] = monetary_cents.reindex(out.index).fillna(0).astype("int64")
    out["r_score"] = _scores(last.astype("int64"), levels)
    out["f_score"] = _scores(out["frequency"], levels)
    out["m_score"] = _scores(out["monetary"], levels)
    return out


def lifetimes_rfm(con, as_of: dt.date, start: dt.date, levels: int) -> pd.DataFrame:
    """RFM the way analysts do it today: invoices from the store into pandas, then lifetimes.

    ``summary_data_from_transaction_data`` (daily periods, first purchase included)
    gives, per customer that bought in the window (after ``start``, up to ``as_of``),
    the purchase days (``frequency``), ``T - recency`` (days since the last purchase)
    and the mean purchase per day (``monetary_value``; times frequency, the purchases).
    Completed, as kamtools defines RFM, with credit notes of the window (monetary is
    net) and, for buyers without a purchase in the window, their last purchase before
    it; then scored by rank. Money in cents.
    """
    from lifetimes.utils import summary_data_from_transaction_data

    tx = con.sql("select customer_id, invoice_date, amount from invoices").df()
    tx = tx[tx["invoice_date"] <= pd.Timestamp(as_of)]
    in_window = tx["invoice_date"] > pd.Timestamp(start)
    buys = tx["amount"] > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = summary_data_from_transaction_data(
            tx[buys & in_window],
            "customer_id",
            "invoice_date",
            monetary_value_col="amount",
            observation_period_end=pd.Timestamp(as_of),
            freq="D",
            include_first_transaction=True,
        )
    days_since = (summary["T"] - summary["recency"]).astype("int64")
    last = pd.Timestamp(as_of) - pd.to_timedelta(days_since, unit="D")
    older = tx[buys & ~in_window].groupby("customer_id")["invoice_date"].max()
    last = pd.concat([last, older[~older.index.isin(last.index)]])
    purchases = pd.Series(_cents(summary["monetary_value"] * summary["frequency"]), index=summary.index)
    notes = tx[~buys & in_window].groupby("customer_id")["amount"].sum()
    monetary = purchases.reindex(last.index).fillna(0) + pd.Series(_cents(notes), index=notes.index).reindex(
        last.index
    ).fillna(0)
    return _finish(last, summary["frequency"], monetary, as_of, levels)


SQL_RFM = """
with per_customer as (
    select customer_id,
           max(invoice_date) filter (where amount > 0) as last_purchase,
           cast(round(coalesce(sum(amount) filter (where invoice_date > $start), 0) * 100) as bigint) as monetary
    from invoices where invoice_date <= $as_of
    group by customer_id
),
purchase_days as (
    select customer_id, count(*) as frequency
    from (select distinct customer_id, invoice_date from invoices
          where amount > 0 and invoice_date > $start and invoice_date <= $as_of)
    group by customer_id
),
ranked as (
    select p.customer_id, p.last_purchase, coalesce(d.frequency, 0) as frequency, p.monetary,
           count(*) over () as n,
           rank() over (order by p.last_purchase) - 1 as r_below,
           rank() over (order by coalesce(d.frequency, 0)) - 1 as f_below,
           rank() over (order by p.monetary) - 1 as m_below
    from per_customer p left join purchase_days d using (customer_id)
    where p.last_purchase is not null
)
select customer_id, datediff('day', last_purchase, $as_of) as recency_days, frequency, monetary,
       case when n = 1 then ($levels + 1) // 2 else least($levels, 1 + ($levels * r_below) // (n - 1)) end as r_score,
       case when n = 1 then ($levels + 1) // 2 else least($levels, 1 + ($levels * f_below) // (n - 1)) end as f_score,
       case when n = 1 then ($levels + 1) // 2 else least($levels, 1 + ($levels * m_below) // (n - 1)) end as m_score
from ranked
"""


def sql_rfm(con, as_of: dt.date, start: dt.date, levels: int) -> pd.DataFrame:
    """The RFM summary (values and scores, money in cents) from one hand-written DuckDB query."""
    out = con.execute(SQL_RFM, {"as_of": as_of, "start": start, "levels": levels}).df()
    return out.set_index("customer_id").astype("int64")


# --------------------------------------------------------------------------- kamtools results, same shape
def kamtools_aging(aged: pd.DataFrame) -> pd.DataFrame:
    """kamtools' aging frame with money in cents, for comparison."""
    out = aged[AGING_COLUMNS].copy()
    for col in AGING_COLUMNS:
        out[col] = out[col].astype("int64") if col == "max_days_past_due" else _cents(out[col])
    out.index = out.index.astype("str")
    return out


def kamtools_rfm(frame: pd.DataFrame) -> pd.DataFrame:
    """kamtools' RFM frame (buyers only) with money in cents, for comparison."""
    buyers = frame[frame["r_score"].notna()]
    out = pd.DataFrame(index=buyers.index.astype("str"))
    out.index.name = "customer_id"
    for col in RFM_COLUMNS:
        out[col] = _cents(buyers[col]) if col == "monetary" else buyers[col].astype("int64").to_numpy()
    return out


def assert_same(name: str, left: pd.DataFrame, right: pd.DataFrame, what: str = "") -> None:
    """Raise AssertionError naming the first difference between two integer frames."""
    left = left.sort_index()
    right = right.sort_index()
    if not left.index.equals(right.index):
        only_l = left.index.difference(right.index)[:5].tolist()
        only_r = right.index.difference(left.index)[:5].tolist()
        raise AssertionError(
            f"{name}: rows differ ({len(left)} vs {len(right)}); only left {only_l}, only right {only_r} {what}"
        )
    cols = list(left.columns)
    if list(right.columns) != cols:
        raise AssertionError(f"{name}: columns differ: {cols} vs {list(right.columns)}")
    a = left.to_numpy(dtype="int64")
    b = right.to_numpy(dtype="int64")
    if not np.array_equal(a, b):
        r, c = np.argwhere(a != b)[0]
        raise AssertionError(
            f"{name}: {int((a != b).sum())} cells differ, first at {left.index[r]!r} "
            f"{cols[c]}: {a[r, c]} vs {b[r, c]} {what}"
        )

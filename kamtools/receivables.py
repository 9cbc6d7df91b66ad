"""Receivables: open items, aging, DSO, collection effectiveness, provisions and worklists.

The method of receivables management (应收账款管理): how much each customer owes,
since when, which part was invoiced this year and which earlier, who has gone
silent, what to provide for, and whom to call first.

How the ledger is settled (:func:`settle`, :func:`open_items`,
:func:`unapplied_credit`): only invoices and payments dated on or before
``as_of`` count. A payment whose ``invoice_id`` names a positive invoice of the
same customer settles that invoice, capped at its amount; what it pays beyond
the invoice goes to the customer's pool of unapplied cash. Payments without an
``invoice_id`` (or naming an invoice that is not such an invoice) and credit
notes (negative invoices) go to the pool too. The pool settles the customer's
remaining invoices oldest due date first (ties: invoice date, then invoice id).
What the pool holds beyond all open invoices is the customer's **unapplied
credit**: it is never lost, but reported separately — :func:`open_items` lists
open invoices only (every ``open_amount`` is positive), :func:`unapplied_credit`
lists the credits, :func:`settle` returns both from one SQL pass, and
:func:`aging` shows both per customer. For every customer,
``sum(open_amount) - unapplied_credit == invoiced - paid`` up to ``as_of``.

All row-level work (invoices, payments, activities, promises) runs as SQL in
DuckDB (``kamtools/sql/receivables_*.sql``); per-customer results come back as
pandas frames indexed by ``customer_id`` (``invoice_id`` for open items). Given a
KamData, :func:`aging`, :func:`by_origin_year` and
:func:`collection_performance` sum the settled ledger per customer in the store,
with the settlement CTEs of ``receivables_settle.sql`` in front of their query;
given open items as a frame, they sum that frame. Money is
settled in exact cents. Every threshold comes from the ``receivables`` section
of the policy (:mod:`kamtools.policy`). Inputs are never changed; a ratio whose
denominator is zero or missing is NaN with a ``*_reason``.

>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> ag = aging(data, "2026-10-31")
>>> bool((ag[bucket_names()].sum(axis=1) - ag["total"]).abs().max() < 0.005)
True
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import facts
from .policy import PolicyError, load_policy
from .schema import TABLES, empty_frame
from .store import KamData

#: Default upper edges (days past due) of the aging buckets after ``current``.
DEFAULT_BUCKETS: tuple[int, ...] = (30, 60, 90, 180, 365)

#: Longest look-back (months) of the monthly query.
MAX_MONTHS = 99

#: Words in a contact's role that make them the collection contact (finance first).
FINANCE_ROLE = re.compile(r"financ|account|treasur|cfo|controller|财务|会计|出纳|资金", re.IGNORECASE)

Frames = KamData | pd.DataFrame


# --------------------------------------------------------------------------- helpers
def _as_date(value: Any) -> dt.date:
    """A date from a date, datetime, Timestamp or ISO string."""
    if value is None:
        raise TypeError("as_of is required (a date such as '2026-10-31')")
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        raise ValueError(f"as_of must be a date, got {value!r}")
    return ts.date()


def _policy(policy: Any) -> dict:
    """The full policy; an already loaded policy passes through."""
    if isinstance(policy, Mapping) and "receivables" in policy and "credit" in policy:
        return dict(policy)
    return load_policy(policy)


def _check_payments(payments: pd.DataFrame) -> None:
    """Refuse negative payments: they would break ``open - credit == invoiced - paid``.

    A store is checked on import (payments have a minimum of 0); DataFrames are
    checked here, before they are settled.
    """
    if "amount" not in payments.columns or payments.empty:
        return
    amount = pd.to_numeric(payments["amount"], errors="coerce").to_numpy(dtype="float64")
    bad = np.flatnonzero(amount < 0)
    if not len(bad):
        return
    ids = payments["payment_id"] if "payment_id" in payments.columns else pd.Series(payments.index)
    shown = ", ".join(f"{pid} ({amt:,.2f})" for pid, amt in zip(ids.iloc[bad[:5]], amount[bad[:5]]))
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    raise ValueError(
        f"payments must not be negative, found payment_id {shown}{more}: record a refund to the "
        "customer as an invoice (a debit), or correct the payment")


def _checked(data: KamData) -> KamData:
    """``data`` after checking the payments of an in-memory KamData (a store was checked on import)."""
    if data.db is None and data.has("payments"):
        _check_payments(data.table("payments"))
    return data


def _source(invoices: Frames, payments: pd.DataFrame | KamData | None = None) -> KamData:
    """A KamData holding invoices and payments (DataFrames go into an in-memory DuckDB)."""
    if isinstance(invoices, KamData):
        if payments is not None and payments is not invoices:
            raise TypeError("invoices is a KamData: leave payments out (None), its payments table is used")
        for name in ("invoices", "payments"):
            if not invoices.has(name):
                raise ValueError(f"{invoices!r} has no {name} table")
        return _checked(invoices)
    if isinstance(payments, KamData):
        raise TypeError("pass either a KamData as invoices, or DataFrames for both invoices and payments")
    if not isinstance(invoices, pd.DataFrame):
        raise TypeError(f"invoices must be a KamData or a DataFrame, got {type(invoices).__name__}")
    if payments is None:
        payments = empty_frame("payments")
    _check_payments(payments)
    return facts.source(invoices=invoices, payments=payments)


def _data(data: KamData | Mapping[str, pd.DataFrame]) -> KamData:
    """A KamData from a KamData or a mapping of DataFrames by table name."""
    if isinstance(data, KamData):
        return _checked(data)
    if isinstance(data, Mapping):
        frames = dict(data)
        frames.setdefault("payments", empty_frame("payments"))
        _check_payments(frames["payments"])
        if frames.get("promises") is not None:
            need = set(TABLES["promises"].required)
            missing = need - set(frames["promises"].columns)
            if missing:
                raise KeyError(f"promises need the columns {', '.join(sorted(need))}; "
                               f"missing {', '.join(sorted(missing))}")
        return facts.source(**frames)
    raise TypeError(f"data must be a KamData or a mapping of DataFrames, got {type(data).__name__}")


#: The query that ends the settlement (receivables_settle.sql); what comes before it are the
#: settlement CTEs that the per-customer summaries of the ledger run on.
_LEDGER_SELECT = "\nselect * from ledger"


def _settle_parts() -> tuple[str, str]:
    """receivables_settle.sql split around its final select: the settlement CTEs, and the
    ``order by`` of the open items that follows the select."""
    head, found, order = facts.sql_text("receivables_settle").rpartition(_LEDGER_SELECT)
    if not found:
        raise RuntimeError(f"receivables_settle.sql must end with {_LEDGER_SELECT.strip()!r}")
    return head, order


def _ledger_sql(summary: str) -> str:
    """Query ``summary`` (a query on the relation ``ledger``) behind the settlement CTEs."""
    return f"{_settle_parts()[0]}\n{facts.sql_text(summary)}"


def _ledger_table(src: KamData, as_of: dt.date) -> str | None:
    """For a store: the settlement at ``as_of``, made once per connection into a temporary
    table that :func:`settle` and every ledger summary then read (None for in-memory data).

    The report's pages settle the ledger at the same date several times (the open items, the
    aging, the origin years, the worklist); the store is read-only, so one settlement holds.
    """
    if src.db is None:
        return None
    name = f"_ledger_{as_of:%Y%m%d}"

    def make() -> str:
        head = _settle_parts()[0]
        duck = facts._PARAM.sub(lambda m: f"${m.group(1)}", head)
        used = set(facts._PARAM.findall(head))
        params = {k: facts._param({"as_of": as_of}[k]) for k in used}
        query = f"{duck}{_LEDGER_SELECT}"
        shared = src.shared_result(("ledger", as_of), query, params)  # settled once per report run
        if shared is None:
            src.con.execute(f'create or replace temp table "{name}" as {query}', params)
        else:
            src.con.execute(f'create or replace temp table "{name}" as select * from read_parquet($path)',
                            {"path": shared})
        return name

    return src.kept(("ledger", as_of), make)


def _ledger_query(src: KamData, summary: str, **params: Any) -> pd.DataFrame:
    """Run the ledger summary ``summary`` on the settlement at ``params['as_of']`` inside the store."""
    table = _ledger_table(src, _as_date(params["as_of"]))
    if table is not None:
        # the summary's comments may name the settlement's parameters: left out with them
        body = re.sub(r"--[^\n]*", "", facts.sql_text(summary))
        text = f'with ledger as (select * from "{table}")\n{body}'
    else:
        text = _ledger_sql(summary)
    used = set(facts._PARAM.findall(text))
    missing = used - set(params)
    if missing:
        raise TypeError(f"facts query {summary!r} needs parameter(s): {', '.join(sorted(missing))}")
    duck = facts._PARAM.sub(lambda m: f"${m.group(1)}", text)
    return src.sql(duck, {k: facts._param(params[k]) for k in used})


def _cents(values: pd.Series | np.ndarray) -> np.ndarray:
    """Money as whole cents (int64)."""
    return np.rint(np.asarray(values, dtype="float64") * 100).astype("int64")


def _money(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = out[col].astype("float64").round(2)
    return out


def _ratio(num: pd.Series, den: pd.Series, reason: str, scale: float = 1.0) -> tuple[pd.Series, pd.Series]:
    """num / den * scale; NaN where the denominator is zero, negative or missing, with ``reason``."""
    num = num.astype("float64")
    den = den.astype("float64")
    bad = den.isna() | (den <= 0)
    ok = ~bad & num.notna()
    value = pd.Series(np.nan, index=num.index, dtype="float64")
    value[ok] = num[ok] / den[ok] * scale
    why = pd.Series(pd.NA, index=num.index, dtype="str")
    why[bad] = reason
    why[~bad & num.isna()] = "an input is missing"
    return value, why


def _half_up(cents: np.ndarray) -> np.ndarray:
    """Round (non-negative) fractional cents half up, as commercial rounding does."""
    return np.floor(np.asarray(cents, dtype="float64") + 0.5 + 1e-9).astype("int64")


def _customers(data: KamData) -> pd.DataFrame:
    if data.has("customers"):
        return data.customers.set_index("customer_id")
    return empty_frame("customers").set_index("customer_id")


def _group_keys(ids: pd.Index, by: str, data: KamData | None, customers: pd.DataFrame | None) -> pd.Series:
    """Group label of each customer for ``by`` = customer, account_manager or total."""
    if by == "customer":
        return pd.Series(ids, index=ids, dtype="str")
    if by == "total":
        return pd.Series("total", index=ids, dtype="str")
    if by in ("account_manager", "region", "industry"):
        if customers is None:
            if data is None or not data.has("customers"):
                raise ValueError(f"by={by!r} needs the customers table (pass a KamData or customers=)")
            customers = data.customers
        cust = customers.set_index("customer_id") if "customer_id" in customers.columns else customers
        return cust[by].reindex(ids).fillna("(none)").astype("str")
    raise ValueError(f"by must be 'customer', 'account_manager', 'region', 'industry' or 'total', got {by!r}")


# --------------------------------------------------------------------------- open items
class Ledger(NamedTuple):
    """The settled ledger at one date: open invoices and unapplied customer credit."""

    #: One row per open invoice (see :func:`open_items`).
    open_items: pd.DataFrame
    #: One row per customer holding unapplied credit (see :func:`unapplied_credit`).
    unapplied_credit: pd.DataFrame


_ITEM_COLUMNS = ["customer_id", "invoice_date", "due_date", "amount", "open_amount", "days_past_due"]


def settle(invoices: Frames, payments: pd.DataFrame | None = None, as_of: Any = None) -> Ledger:
    """Settle invoices and payments at ``as_of``: open invoices and unapplied credit at once.

    One SQL statement (``receivables_settle.sql``) in DuckDB; the rules are in the
    module docstring.

    Parameters
    ----------
    invoices
        A :class:`~kamtools.KamData` (its invoices and payments tables are used;
        leave ``payments`` None) or an invoices DataFrame.
    payments
        A payments DataFrame when ``invoices`` is a DataFrame (None: no payments).
    as_of
        The date of the ledger; later invoices and payments are ignored.

    Returns
    -------
    Ledger
        ``open_items`` as in :func:`open_items`, ``unapplied_credit`` as in
        :func:`unapplied_credit`.

    Raises
    ------
    ValueError
        When a payment given as a DataFrame (or an in-memory KamData) has a
        negative amount, naming its ``payment_id`` and amount: a refund to the
        customer is an invoice (a debit), a reversal a corrected payment. (The
        import refuses negative payments on the way into a store.)

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-01-05", "2026-02-05"], "due_date": ["2026-02-04", "2026-03-07"],
    ...     "amount": [100.0, 50.0], "cost": [80.0, 40.0]})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"],
    ...     "payment_date": ["2026-03-01"], "amount": [120.0]})
    >>> led = settle(inv, pay, "2026-03-31")
    >>> led.open_items[["open_amount", "days_past_due"]]  # doctest: +NORMALIZE_WHITESPACE
                open_amount  days_past_due
    invoice_id
    I2                 30.0             24
    >>> led.unapplied_credit.empty
    True
    """
    as_of = _as_date(as_of)
    src = _source(invoices, payments)
    table = _ledger_table(src, as_of)
    if table is None:
        raw = facts.query(src, "receivables_settle", as_of=as_of)
    else:  # the same rows and order as the query, from the settlement kept for this date
        raw = src.sql(f'select * from "{table}"{_settle_parts()[1]}')
    is_item = raw["kind"] == "invoice"

    items = raw.loc[is_item, ["invoice_id", *_ITEM_COLUMNS]]
    items = items.astype({"invoice_id": "str", "customer_id": "str",
                          "invoice_date": "datetime64[us]", "due_date": "datetime64[us]",
                          "amount": "float64", "open_amount": "float64", "days_past_due": "int64"})
    items = _money(items, ["amount", "open_amount"])
    items = items.set_index("invoice_id")  # already ordered by the query (customer, due, invoice date, id)

    credit = raw.loc[~is_item, ["customer_id", "open_amount"]].rename(columns={"open_amount": "unapplied_credit"})
    credit = credit.astype({"customer_id": "str", "unapplied_credit": "float64"})
    credit = _money(credit, ["unapplied_credit"]).sort_values("customer_id").set_index("customer_id")
    return Ledger(items, credit)


def open_items(invoices: Frames, payments: pd.DataFrame | None = None, as_of: Any = None) -> pd.DataFrame:
    """The invoices still open at ``as_of``, one row per invoice.

    Parameters
    ----------
    invoices
        A :class:`~kamtools.KamData` (leave ``payments`` None) or an invoices DataFrame.
    payments
        A payments DataFrame when ``invoices`` is a DataFrame.
    as_of
        The date of the ledger.

    Returns
    -------
    DataFrame
        Indexed by ``invoice_id``, sorted by customer and due date, with
        ``customer_id``, ``invoice_date``, ``due_date``, ``amount`` (invoiced),
        ``open_amount`` (still owed, always > 0) and ``days_past_due``
        (``as_of - due_date`` in days; zero or negative: not yet due). Unapplied
        customer credit is not in this frame: see :func:`unapplied_credit` and
        :func:`settle`.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "invoice_date": ["2026-01-05"],
    ...     "due_date": ["2026-02-04"], "amount": [100.0], "cost": [80.0]})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-02-01"],
    ...     "amount": [40.0], "invoice_id": ["I1"]})
    >>> open_items(inv, pay, "2026-02-28")["open_amount"].tolist()
    [60.0]
    """
    return settle(invoices, payments, as_of).open_items


def unapplied_credit(invoices: Frames, payments: pd.DataFrame | None = None, as_of: Any = None) -> pd.DataFrame:
    """Customer credit at ``as_of``: paid or credited beyond all open invoices.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, one column ``unapplied_credit`` (> 0), only
        customers holding credit.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "invoice_date": ["2026-01-05"],
    ...     "due_date": ["2026-02-04"], "amount": [100.0], "cost": [80.0]})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-02-01"],
    ...     "amount": [130.0], "invoice_id": ["I1"]})
    >>> unapplied_credit(inv, pay, "2026-02-28")  # doctest: +NORMALIZE_WHITESPACE
                 unapplied_credit
    customer_id
    C1                       30.0
    """
    return settle(invoices, payments, as_of).unapplied_credit


# --------------------------------------------------------------------------- aging
def _edges(buckets: Sequence[int] | None) -> list[int]:
    edges = list(DEFAULT_BUCKETS if buckets is None else buckets)
    if not edges:
        raise ValueError("buckets needs at least one edge (days past due), e.g. [30, 60, 90]")
    for e in edges:
        if isinstance(e, bool) or not float(e).is_integer() or e < 1:
            raise ValueError(f"bucket edges must be whole numbers of days >= 1, got {list(edges)}")
    edges = [int(e) for e in edges]
    if any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"bucket edges must be strictly increasing, got {edges}")
    return edges


def bucket_names(buckets: Sequence[int] | None = None) -> list[str]:
    """Column names of the aging buckets for upper edges ``buckets``.

    ``current`` holds what is not yet due (0 or fewer days past due); the bucket
    ``d<a>_<b>`` holds ``a`` to ``b`` days past due, both included; the last,
    ``d<e>_plus``, more than the last edge ``e``.

    >>> bucket_names()
    ['current', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd181_365', 'd365_plus']
    >>> bucket_names([15, 45])
    ['current', 'd1_15', 'd16_45', 'd45_plus']
    """
    edges = _edges(buckets)
    names = ["current"]
    lo = 1
    for e in edges:
        names.append(f"d{lo}_{e}")
        lo = e + 1
    names.append(f"d{edges[-1]}_plus")
    return names


def bucket_of(days_past_due: pd.Series | np.ndarray, buckets: Sequence[int] | None = None) -> np.ndarray:
    """Bucket number of each ``days_past_due`` (0 = current) for the edges ``buckets``.

    A due date exactly on an edge belongs to the bucket that edge closes: with
    the default edges, 0 days is ``current``, 30 days ``d1_30``, 31 days ``d31_60``.

    >>> bucket_of(np.array([-5, 0, 1, 30, 31, 365, 366])).tolist()
    [0, 0, 1, 1, 2, 5, 6]
    """
    edges = np.asarray(_edges(buckets))
    dpd = np.asarray(days_past_due, dtype="int64")
    return np.where(dpd <= 0, 0, 1 + np.searchsorted(edges, dpd, side="left"))


def aging(
    open_items: pd.DataFrame | Ledger | KamData,
    as_of: Any,
    buckets: Sequence[int] | None = None,
    *,
    credit: pd.DataFrame | pd.Series | None = None,
) -> pd.DataFrame:
    """Open receivables per customer by days past due.

    Parameters
    ----------
    open_items
        The open invoices from :func:`open_items`, or a :class:`Ledger` from
        :func:`settle` (carries the unapplied credit), or a KamData: then the
        ledger is settled at ``as_of`` and aged in the store, in one SQL statement
        (``receivables_aging.sql`` on the settlement of ``receivables_settle.sql``;
        up to 12 bucket edges), and only one row per customer and bucket comes
        back. A frame needs ``customer_id``, ``open_amount`` and ``due_date`` (or
        ``days_past_due``).
    as_of
        The date the days past due are counted to (``as_of - due_date``).
    buckets
        Upper edges of the buckets in days past due (default 30, 60, 90, 180, 365).
        A due date exactly on an edge falls in the bucket that the edge closes:
        0 days past due is ``current``, 30 is ``d1_30``, 31 is ``d31_60``.
    credit
        Unapplied credit per customer (from :func:`unapplied_credit`) when
        ``open_items`` is a plain frame; without it the ``unapplied_credit``
        column is 0 and customers holding only credit are absent.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with open invoices or credit), with
        ``current``, ``d1_30``, ``d31_60``, ``d61_90``, ``d91_180``, ``d181_365``,
        ``d365_plus`` (see :func:`bucket_names` for custom edges), ``total``,
        ``overdue`` (total − current), ``max_days_past_due`` (0 when nothing is
        overdue) and ``unapplied_credit``. Sums are taken in whole cents, so the
        buckets add up to ``total`` exactly.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "open_amount": [100.0, 50.0, 10.0],
    ...     "due_date": pd.to_datetime(["2026-10-31", "2026-10-01", "2026-09-30"])},
    ...     index=pd.Index(["I1", "I2", "I3"], name="invoice_id"))
    >>> aging(items, "2026-10-31")[["current", "d1_30", "d31_60", "total", "max_days_past_due"]]  # doctest: +NORMALIZE_WHITESPACE
                 current  d1_30  d31_60  total  max_days_past_due
    customer_id
    C1             100.0   50.0     0.0  150.0                 30
    C2               0.0    0.0    10.0   10.0                 31
    """
    as_of = _as_date(as_of)
    names = bucket_names(buckets)
    if isinstance(open_items, KamData):
        if credit is not None:
            raise TypeError("a KamData carries its own unapplied credit: leave credit out")
        src = _source(open_items)
        if len(names) - 2 <= _SQL_EDGES:
            return _aging_sql(src, as_of, buckets, names)
        open_items = settle(src, None, as_of)
    if isinstance(open_items, Ledger):
        if credit is not None:
            raise TypeError("a Ledger carries its own unapplied credit: leave credit out")
        open_items, credit = open_items
    items = open_items
    for col in ("customer_id", "open_amount"):
        if col not in items.columns:
            raise KeyError(f"open items need a {col!r} column")
    if "due_date" in items.columns:
        due = pd.to_datetime(items["due_date"]).to_numpy(dtype="datetime64[D]")
        dpd = (np.datetime64(as_of, "D") - due).astype("int64")
    elif "days_past_due" in items.columns:
        dpd = items["days_past_due"].to_numpy(dtype="int64")
    else:
        raise KeyError("open items need a 'due_date' or 'days_past_due' column")

    if credit is None:
        credit_s = pd.Series(dtype="float64")
    elif isinstance(credit, pd.DataFrame):
        credit_s = credit["unapplied_credit"]
    else:
        credit_s = credit
    return _aging_frame(items["customer_id"].astype("str").to_numpy(), bucket_of(dpd, buckets),
                        _cents(items["open_amount"]), np.maximum(dpd, 0), names,
                        credit_s.index.astype("str").to_numpy(), _cents(credit_s.astype("float64").fillna(0.0)))


#: Most bucket edges the aging query of the store takes (receivables_aging.sql); more edges
#: are aged from the open items in pandas.
_SQL_EDGES = 12
#: An edge beyond any age in days: stands for the edges a shorter list does not use.
_NO_EDGE = 10**9


def _aging_sql(src: KamData, as_of: dt.date, buckets: Sequence[int] | None, names: list[str]) -> pd.DataFrame:
    """Aging of a KamData: bucketed and summed per customer in the store (receivables_aging.sql)."""
    edges = _edges(buckets)
    params = {f"e{k}": (edges[k - 1] if k <= len(edges) else _NO_EDGE) for k in range(1, _SQL_EDGES + 1)}
    raw = _ledger_query(src, "receivables_aging", as_of=as_of, **params)
    bucket = raw["bucket"].to_numpy(dtype="int64")
    cust = raw["customer_id"].astype("str").to_numpy()
    cents = raw["cents"].to_numpy(dtype="int64")
    is_credit = bucket < 0
    is_item = ~is_credit
    return _aging_frame(cust[is_item], bucket[is_item], cents[is_item],
                        raw["max_days_past_due"].to_numpy(dtype="int64")[is_item], names,
                        cust[is_credit], cents[is_credit])


def _aging_frame(cust: np.ndarray, bucket: np.ndarray, cents: np.ndarray, dpd: np.ndarray, names: list[str],
                 credit_cust: np.ndarray, credit_cents: np.ndarray) -> pd.DataFrame:
    """The aging frame from amounts (cents) by customer and bucket number, and credit (cents) by customer.

    ``dpd`` are the days past due (0 for not yet due) whose maximum per customer is reported.
    """
    codes, uniques = pd.factorize(cust, sort=True)
    n = len(uniques)
    table = np.zeros((n, len(names)), dtype="int64")
    np.add.at(table, (codes, bucket), cents)
    max_dpd = np.zeros(n, dtype="int64")
    if len(dpd):
        np.maximum.at(max_dpd, codes, dpd)

    idx = pd.Index(uniques, name="customer_id", dtype="str")
    total = table.sum(axis=1)
    out = pd.DataFrame(table / 100.0, index=idx, columns=names)
    out["total"] = total / 100.0
    out["overdue"] = (total - table[:, 0]) / 100.0
    out["max_days_past_due"] = max_dpd

    keep = credit_cents != 0
    credit_s = pd.Series(credit_cents[keep] / 100.0, index=pd.Index(credit_cust[keep], dtype="str"), dtype="float64")
    full = idx.union(pd.Index(credit_s.index, dtype="str")).sort_values()
    full.name = "customer_id"
    out = out.reindex(full)
    out[names + ["total", "overdue"]] = out[names + ["total", "overdue"]].fillna(0.0)
    out["max_days_past_due"] = out["max_days_past_due"].fillna(0).astype("int64")
    out["unapplied_credit"] = credit_s.reindex(full).fillna(0.0).round(2).to_numpy()
    return out


def by_origin_year(open_items: pd.DataFrame | Ledger | KamData, as_of: Any = None,
                   years: int | None = 2) -> pd.DataFrame:
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
        raw = _ledger_query(_source(open_items), "receivables_origin_year", as_of=_as_date(as_of))
        cust = raw["customer_id"].astype("str").to_numpy()
        year = raw["origin_year"].to_numpy(dtype="int64")
        cents = raw["cents"].to_numpy(dtype="int64")
    else:
        if isinstance(open_items, Ledger):
            open_items = open_items.open_items
        cust = open_items["customer_id"].astype("str").to_numpy()
        year = pd.to_datetime(open_items["invoice_date"]).dt.year.to_numpy(dtype="int64")
        cents = _cents(open_items["open_amount"])
    if as_of is not None:
        ref = _as_date(as_of).year
    else:
        ref = int(year.max()) if len(year) else dt.date.today().year
    if years is not None:
        labels = [str(ref - i) for i in range(years)] + ["older"]
        pos = np.clip(ref - year, 0, years)
    else:
        present = np.unique(year)[::-1] if len(year) else np.array([ref])
        labels = [str(y) for y in present]
        pos = len(present) - 1 - np.searchsorted(present[::-1], year)   # newest year first
    codes, uniques = pd.factorize(cust, sort=True)
    table = np.zeros((len(uniques), len(labels)), dtype="int64")
    np.add.at(table, (codes, pos.astype("int64")), cents)
    out = pd.DataFrame(table / 100.0, index=pd.Index(uniques, name="customer_id", dtype="str"), columns=labels)
    out["total"] = table.sum(axis=1) / 100.0
    return out


class AgingSummary(NamedTuple):
    """The whole book's receivables in a few figures (see :func:`aging_summary`)."""

    #: Customers owing something.
    debtors: int
    #: Open receivables.
    total: float
    #: Past due.
    overdue: float
    #: overdue / total (NaN when nothing is open, see ``share_reason``).
    overdue_share: float
    #: Days past due beyond which debt counts as old.
    old_after_days: int
    #: More than ``old_after_days`` past due.
    old: float
    #: old / total (NaN when nothing is open).
    old_share: float
    #: Customer credit not yet applied (paid beyond all open invoices).
    unapplied_credit: float
    #: Why the shares are NaN (None when they are not).
    share_reason: str | None


def _bucket_bounds(names: Sequence[str]) -> list[int]:
    """First day past due of each bucket name (``current``: 0 or fewer, taken as 0)."""
    firsts = []
    for name in names:
        if name == "current":
            firsts.append(0)
            continue
        m = re.fullmatch(r"d(\d+)_(\d+|plus)", name)
        if not m:
            raise KeyError(f"{name!r} is not an aging bucket (current, d1_30, ..., d365_plus)")
        firsts.append(int(m.group(1)) + (1 if m.group(2) == "plus" else 0))
    return firsts


def aging_summary(aging: pd.DataFrame, old_after_days: int | None = None) -> AgingSummary:
    """Totals of the :func:`aging` frame: owed, overdue, old debt and their shares, exact to the cent.

    Parameters
    ----------
    aging
        The frame of :func:`aging` (any bucket edges).
    old_after_days
        Debt more than this many days past due counts as old; must be a bucket
        edge (or 0: everything overdue). Default: the edge before the last one
        (180 days with the default buckets), so ``old`` is the last two buckets.

    Examples
    --------
    >>> import pandas as pd
    >>> ag = aging(pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "open_amount": [600.0, 300.0, 100.0],
    ...     "days_past_due": [0, 200, 20]}), "2026-10-31")
    >>> s = aging_summary(ag)
    >>> s.total, s.overdue, s.old_after_days, s.old, s.old_share
    (1000.0, 400.0, 180, 300.0, 0.3)
    """
    if "total" not in aging.columns:
        raise KeyError("aging_summary needs the frame of aging() (with a 'total' column)")
    names = list(aging.columns[: list(aging.columns).index("total")])
    firsts = _bucket_bounds(names)
    edges = [f - 1 for f in firsts[1:]]          # upper edges of current and each overdue bucket but the last
    if old_after_days is None:
        old_after_days = edges[-2] if len(edges) > 1 else 0
    if old_after_days not in edges:
        raise ValueError(f"old_after_days must be a bucket edge, one of {edges}, got {old_after_days}")
    cents = {b: int(_cents(aging[b]).sum()) for b in names}
    total = sum(cents.values())
    overdue = total - cents["current"]
    old = sum(c for b, c in cents.items() if _bucket_bounds([b])[0] > old_after_days)
    reason = None if total > 0 else "no open receivables"
    return AgingSummary(
        debtors=int((aging["total"] > 0).sum()),
        total=total / 100.0,
        overdue=overdue / 100.0,
        overdue_share=overdue / total if total > 0 else float("nan"),
        old_after_days=int(old_after_days),
        old=old / 100.0,
        old_share=old / total if total > 0 else float("nan"),
        unapplied_credit=int(_cents(aging["unapplied_credit"]).sum()) / 100.0 if "unapplied_credit" in aging else 0.0,
        share_reason=reason,
    )


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
    cents = pd.Series({c: int(_cents(origin[c]).sum()) for c in origin.columns}, dtype="int64")
    out = pd.DataFrame({"receivables": cents / 100.0}, index=pd.Index(list(origin.columns), name="origin"))
    total = pd.Series(float(cents["total"]), index=out.index)
    out["share"], out["share_reason"] = _ratio(cents.astype("float64"), total, "no open receivables")
    return out


# --------------------------------------------------------------------------- monthly facts
def _monthly(src: KamData, as_of: dt.date, months: int, days: int) -> pd.DataFrame:
    """Per customer and point k = 0..months: receivables, not due, credit, sales, collections."""
    if not 1 <= int(months) <= MAX_MONTHS:
        raise ValueError(f"months must be from 1 to {MAX_MONTHS}, got {months}")
    if int(days) < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    raw = facts.query(src, "receivables_monthly", as_of=as_of, months=int(months), days=int(days))
    raw = raw.astype({"customer_id": "str", "k": "int64", "month_end": "datetime64[us]"})
    money = ["receivables", "not_due", "unapplied_credit", "sales", "sales_window", "collected"]
    return _money(raw, money)


def _calendar(as_of: dt.date, months: int) -> pd.DataFrame:
    """Points k = 0..months: month label, end date and days of the month up to that end."""
    ends = [pd.Timestamp(as_of)]
    first = pd.Timestamp(as_of).to_period("M")
    for k in range(1, months + 1):
        ends.append((first - k).to_timestamp(how="end").normalize())
    cal = pd.DataFrame({"k": range(months + 1), "month_end": ends})
    cal["month"] = cal["month_end"].dt.strftime("%Y-%m")
    cal["days"] = cal["month_end"].dt.day.astype("int64")
    return cal


def _collapse(monthly: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """Sum the monthly facts of customers into groups (exact in cents)."""
    m = monthly.copy()
    m["group"] = keys.reindex(m["customer_id"]).to_numpy()
    cols = ["receivables", "not_due", "unapplied_credit", "sales", "sales_window", "collected"]
    for c in cols:
        m[c] = _cents(m[c])
    g = m.groupby(["group", "k"], sort=True)[cols].sum()
    return g / 100.0


def dso(
    invoices: Frames,
    payments: pd.DataFrame | None = None,
    as_of: Any = None,
    days: int = 90,
    *,
    by: str = "customer",
    customers: pd.DataFrame | None = None,
    countback_months: int = 24,
) -> pd.DataFrame:
    """Days sales outstanding at ``as_of``: standard and count-back.

    * standard: ``receivables / credit sales of the last `days` days * days``;
    * count-back: going back month by month from ``as_of``, the days it takes for
      the month's credit sales to add up to the receivables (the last month
      counted pro rata); insensitive to seasonal swings in sales.

    Receivables are the open invoice amounts (:func:`aging` ``total``; unapplied
    credit is not netted); credit sales are net of credit notes.

    Parameters
    ----------
    invoices, payments
        A KamData (leave ``payments`` None) or DataFrames.
    as_of
        Date of the measurement.
    days
        Window of credit sales for the standard method.
    by
        ``"customer"`` (one row per customer with receivables or sales),
        ``"account_manager"``, ``"region"``, ``"industry"`` (need the customers
        table: a KamData or ``customers=``) or ``"total"`` (one row).
    countback_months
        Months the count-back looks back at most; receivables larger than all
        sales of these months give NaN with a reason.

    Returns
    -------
    DataFrame
        Indexed by the group (``customer_id`` ...), with ``receivables``,
        ``credit_sales``, ``dso``, ``dso_reason``, ``dso_countback``,
        ``dso_countback_reason``.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-09-15", "2026-10-10"], "due_date": ["2026-10-15", "2026-11-09"],
    ...     "amount": [300.0, 310.0], "cost": [0.0, 0.0]})
    >>> d = dso(inv, None, "2026-10-31", days=90, by="total")
    >>> float(d.loc["total", "dso"]), float(d.loc["total", "dso_countback"])
    (90.0, 61.0)
    """
    as_of = _as_date(as_of)
    src = _source(invoices, payments)
    L = int(countback_months)
    monthly = _monthly(src, as_of, L, days)
    ids = pd.Index(sorted(monthly["customer_id"].unique()), dtype="str", name="customer_id")
    keys = _group_keys(ids, by, src, customers)
    g = _collapse(monthly, keys)
    now = g[g.index.get_level_values("k") == 0].droplevel("k")
    now = now[(now["receivables"] != 0) | (now["sales_window"] != 0)]
    out = pd.DataFrame(index=now.index)
    out.index.name = {"customer": "customer_id", "total": None}.get(by, by)
    out["receivables"] = now["receivables"]
    out["credit_sales"] = now["sales_window"]
    out["dso"], out["dso_reason"] = _ratio(out["receivables"], out["credit_sales"],
                                           f"no credit sales in the last {days} days", scale=days)
    out.loc[out["receivables"] == 0, ["dso", "dso_reason"]] = [0.0, pd.NA]

    # count-back on the group x month matrix of sales (months 0..L-1)
    cal = _calendar(as_of, L)
    sales = g["sales"].unstack("k").reindex(index=out.index, columns=range(L)).fillna(0.0)
    cb, reason = _countback(out["receivables"].to_numpy(), sales.to_numpy(),
                            cal["days"].to_numpy()[:L], L)
    out["dso_countback"] = cb
    out["dso_countback_reason"] = pd.Series(reason, index=out.index, dtype="str")
    return out


def _countback(ar: np.ndarray, sales: np.ndarray, days: np.ndarray, months: int) -> tuple[np.ndarray, list]:
    """Count-back DSO for each row: receivables ``ar`` against monthly ``sales`` (newest first)."""
    n, m = sales.shape
    if n == 0:
        return np.zeros(0), []
    ar_c = _cents(ar)
    s_c = _cents(sales)
    before = np.concatenate([np.zeros((n, 1), dtype="int64"), np.cumsum(s_c, axis=1)[:, :-1]], axis=1)
    left = ar_c[:, None] - before                     # receivables not yet covered at each month
    stop = (left <= 0) | (left < s_c)                 # month where the count ends (partly counted)
    has_stop = stop.any(axis=1)
    first = np.where(has_stop, stop.argmax(axis=1), m)
    full_days = np.concatenate([[0], np.cumsum(days)])[first]
    rows = np.arange(n)
    at = np.minimum(first, m - 1)
    rem = left[rows, at]
    month_sales = s_c[rows, at]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where((rem > 0) & (month_sales > 0), rem / np.where(month_sales > 0, month_sales, 1), 0.0)
    value = np.where(has_stop, full_days + frac * days[at], np.nan)
    reason = [pd.NA if ok else f"receivables exceed the credit sales of the last {months} months"
              for ok in has_stop]
    return value, reason


def cei(
    invoices: Frames,
    payments: pd.DataFrame | None = None,
    as_of: Any = None,
    months: int = 12,
    *,
    by: str = "total",
    customers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Collection effectiveness index per month (and per group) for the last ``months`` months.

    ``CEI = (opening receivables + credit sales - closing receivables) /
    (opening receivables + credit sales - closing current receivables) * 100``:
    the share of what could have been collected in the month that was collected
    (100 = everything). Receivables are open invoice amounts, current ones those
    not yet due at the month end; credit sales are net invoices of the month.

    Parameters
    ----------
    invoices, payments
        A KamData (leave ``payments`` None) or DataFrames.
    as_of
        End of the last month (the month of ``as_of`` runs up to ``as_of``).
    months
        Number of months, the last one ending at ``as_of``.
    by
        ``"total"`` (one row per month), ``"account_manager"``, ``"region"``,
        ``"industry"`` or ``"customer"``.

    Returns
    -------
    DataFrame
        Indexed by ``month`` (``YYYY-MM``; with ``by`` other than total a
        MultiIndex month × group), with ``opening``, ``credit_sales``,
        ``closing``, ``closing_current``, ``collected_net`` (opening + sales −
        closing), ``collectible`` (opening + sales − closing current), ``cei``,
        ``cei_reason``.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-09-10", "2026-10-10"], "due_date": ["2026-10-10", "2026-11-09"],
    ...     "amount": [100.0, 200.0], "cost": [0.0, 0.0]})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-10-20"],
    ...     "amount": [60.0], "invoice_id": ["I1"]})
    >>> c = cei(inv, pay, "2026-10-31", months=1)
    >>> float(c.loc["2026-10", "cei"])  # (100 + 200 - 240) / (100 + 200 - 200) * 100
    60.0
    """
    as_of = _as_date(as_of)
    src = _source(invoices, payments)
    monthly = _monthly(src, as_of, months, 90)
    ids = pd.Index(sorted(monthly["customer_id"].unique()), dtype="str", name="customer_id")
    keys = _group_keys(ids, by, src, customers)
    out = _cei_frame(_collapse(monthly, keys), _calendar(as_of, months), months)
    if by == "total":
        out = out.droplevel("group")
    else:
        out.index = out.index.set_names(["month", "customer_id" if by == "customer" else by])
    return out


def _cei_frame(g: pd.DataFrame, cal: pd.DataFrame, months: int) -> pd.DataFrame:
    """CEI per (month, group) from the grouped monthly facts (points 0..months)."""
    groups = g.index.get_level_values("group").unique() if len(g) else pd.Index(["total"])
    full = pd.MultiIndex.from_product([groups, range(months + 1)], names=["group", "k"])
    g = g.reindex(full, fill_value=0.0)
    closing = g["receivables"]
    opening = closing.groupby(level="group").shift(-1)   # point k+1 is the previous month end
    frame = pd.DataFrame({
        "opening": opening,
        "credit_sales": g["sales"],
        "closing": closing,
        "closing_current": g["not_due"],
    }).dropna(subset=["opening"])
    frame = frame[(frame[["opening", "credit_sales", "closing"]] != 0).any(axis=1)]
    c = {col: _cents(frame[col]) for col in frame.columns}
    frame["collected_net"] = (c["opening"] + c["credit_sales"] - c["closing"]) / 100.0
    frame["collectible"] = (c["opening"] + c["credit_sales"] - c["closing_current"]) / 100.0
    frame["cei"], frame["cei_reason"] = _ratio(frame["collected_net"], frame["collectible"],
                                               "no collectible receivables", scale=100.0)
    label = cal.set_index("k")["month"]
    frame = frame.reset_index()
    frame["month"] = frame["k"].map(label)
    frame = frame.sort_values(["k", "group"], ascending=[False, True], kind="mergesort")
    return frame.set_index(["month", "group"]).drop(columns="k")


def monthly_trend(data: KamData | Mapping[str, pd.DataFrame], period: str, months: int = 12,
                  days: int = 90) -> pd.DataFrame:
    """DSO and CEI of the whole book for each of the last ``months`` months up to ``period``.

    One SQL statement covers every month (no round trip per month).

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name).
    period
        The last month, ``YYYY-MM``.
    months
        Number of months.
    days
        Window of credit sales for the DSO at each month end.

    Returns
    -------
    DataFrame
        Indexed by ``month`` (oldest first), with ``month_end``, ``receivables``,
        ``current``, ``overdue``, ``unapplied_credit``, ``credit_sales`` (of the
        month), ``collected`` (payments received in the month), ``dso``,
        ``dso_reason``, ``cei``, ``cei_reason``.

    Examples
    --------
    >>> import kamtools as kt
    >>> t = monthly_trend(kt.sample_data(customers=30, years=2, seed=1), "2026-10", months=3)
    >>> list(t.index)
    ['2026-08', '2026-09', '2026-10']
    """
    from .periods import period_bounds

    src = _data(data)
    as_of = period_bounds(period)[1]
    monthly = _monthly(src, as_of, months, days)
    ids = pd.Index(sorted(monthly["customer_id"].unique()), dtype="str", name="customer_id")
    g = _collapse(monthly, _group_keys(ids, "total", src, None))
    cal = _calendar(as_of, months)
    full = pd.MultiIndex.from_product([["total"], range(months + 1)], names=["group", "k"])
    tot = g.reindex(full, fill_value=0.0).droplevel("group")
    ce = _cei_frame(g, cal, months).droplevel("group")
    out = cal.set_index("k").loc[list(range(months - 1, -1, -1))]
    res = pd.DataFrame(index=pd.Index(out["month"].tolist(), name="month"))
    res["month_end"] = out["month_end"].to_numpy()
    sel = tot.loc[out.index]
    res["receivables"] = sel["receivables"].to_numpy()
    res["current"] = sel["not_due"].to_numpy()
    res["overdue"] = np.round(res["receivables"] - res["current"], 2)
    res["unapplied_credit"] = sel["unapplied_credit"].to_numpy()
    res["credit_sales"] = sel["sales"].to_numpy()
    res["collected"] = sel["collected"].to_numpy()
    res["dso"], res["dso_reason"] = _ratio(res["receivables"], pd.Series(sel["sales_window"].to_numpy(),
                                           index=res.index), f"no credit sales in the last {days} days", scale=days)
    res["cei"] = ce["cei"].reindex(res.index)
    res["cei_reason"] = ce["cei_reason"].reindex(res.index).astype("str")
    res.loc[res["cei"].isna() & res["cei_reason"].isna(), "cei_reason"] = "no receivables or sales in the month"
    return res


# --------------------------------------------------------------------------- provisions
def _per_bucket(table: Mapping[str, float], bucket: str, key: str) -> float:
    """The policy value of ``bucket``; a custom bucket takes the value of the default bucket
    holding its first day (e.g. ``d46_75`` that of ``d31_60``)."""
    if bucket in table:
        return float(table[bucket])
    m = re.fullmatch(r"d(\d+)_(\d+|plus)", bucket)
    if not m:
        raise PolicyError(f"policy key '{key}' has no value for bucket {bucket!r}")
    first = int(m.group(1)) + (1 if m.group(2) == "plus" else 0)
    default = bucket_names()[int(bucket_of(np.array([first]))[0])]
    if default not in table:
        raise PolicyError(f"policy key '{key}' has no value for bucket {bucket!r} (nor for {default!r})")
    return float(table[default])


def provisions(aging: pd.DataFrame, policy: Any = None, *, by: str = "customer") -> pd.DataFrame:
    """Bad-debt provision (坏账准备) by aging bucket at the policy's rates.

    Each bucket's provision is rounded to the cent; totals add the rounded amounts.

    Parameters
    ----------
    aging
        The frame of :func:`aging`. Rates come from ``receivables.provision_rates``
        by bucket name; a custom bucket (other edges) takes the rate of the default
        bucket holding its first day, e.g. ``d46_75`` the rate of ``d31_60``.
    policy
        Policy file, mapping or loaded policy (None: defaults).
    by
        ``"customer"``: one row per customer with ``receivables``,
        ``provision_<bucket>`` per bucket, ``provision`` and ``provision_share``;
        ``"bucket"``: one row per bucket with ``receivables``, ``rate``, ``provision``.

    Examples
    --------
    >>> import pandas as pd
    >>> ag = aging(pd.DataFrame({"customer_id": ["C1", "C1"], "open_amount": [1000.0, 200.0],
    ...     "days_past_due": [0, 100]}), "2026-10-31")
    >>> provisions(ag, by="bucket").loc[["current", "d91_180"]]  # doctest: +NORMALIZE_WHITESPACE
             receivables  rate  provision
    bucket
    current       1000.0  0.00        0.0
    d91_180        200.0  0.25       50.0
    """
    rates = _policy(policy)["receivables"]["provision_rates"]
    if "total" not in aging.columns:
        raise KeyError("provisions needs the frame of aging() (with a 'total' column)")
    names = list(aging.columns[: list(aging.columns).index("total")])
    rate = np.array([_per_bucket(rates, b, "receivables.provision_rates") for b in names])
    amounts = np.column_stack([_cents(aging[b]) for b in names]) if names else np.zeros((len(aging), 0))
    prov = _half_up(amounts * rate[None, :])
    if by == "bucket":
        out = pd.DataFrame({"receivables": amounts.sum(axis=0) / 100.0, "rate": rate,
                            "provision": prov.sum(axis=0) / 100.0},
                           index=pd.Index(names, name="bucket"))
        return out
    if by != "customer":
        raise ValueError(f"by must be 'customer' or 'bucket', got {by!r}")
    out = pd.DataFrame(index=aging.index.copy())
    out["receivables"] = amounts.sum(axis=1) / 100.0
    for i, b in enumerate(names):
        out[f"provision_{b}"] = prov[:, i] / 100.0
    out["provision"] = prov.sum(axis=1) / 100.0
    out["provision_share"], out["provision_share_reason"] = _ratio(out["provision"], out["receivables"],
                                                                   "no receivables")
    return out


# --------------------------------------------------------------------------- per-customer lists
def _last_dates(src: KamData, as_of: dt.date) -> pd.DataFrame:
    last = facts.query(src, "receivables_last_dates", as_of=as_of)
    last = last.astype({"customer_id": "str", "last_invoice": "datetime64[us]",
                        "last_payment": "datetime64[us]", "last_payment_amount": "float64"})
    last = last.set_index("customer_id")
    if src.has("activities"):
        act = facts.query(src, "receivables_last_activity", as_of=as_of)
        act = act.astype({"customer_id": "str", "last_activity": "datetime64[us]"}).set_index("customer_id")
        last = last.join(act, how="outer")
    else:
        last["last_activity"] = pd.Series(dtype="datetime64[us]")
    return last


def _months_between(earlier: pd.Series, later: dt.date) -> pd.Series:
    """Whole months from ``earlier`` to ``later`` (NaN where earlier is missing)."""
    e = pd.to_datetime(earlier)
    months = (later.year - e.dt.year) * 12 + (later.month - e.dt.month) - (e.dt.day > later.day).astype("Int64")
    return months.astype("Float64").astype("float64")


def silent_debtors(
    data: KamData | Mapping[str, pd.DataFrame],
    as_of: Any,
    policy: Any = None,
    *,
    aged: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Debtors who have gone silent: an open balance, but no invoice, payment or activity lately.

    A customer is silent when it has open receivables at ``as_of`` and its latest
    invoice, payment and activity (selling activities, when the table is present)
    are all on or before ``as_of`` minus ``receivables.silent_months`` months.

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name).
    as_of
        Date of the list.
    policy
        Policy (None: defaults).
    aged
        The :func:`aging` frame at ``as_of``, when already computed.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, largest balance first: ``name``,
        ``account_manager``, ``total``, ``overdue``, ``max_days_past_due``,
        ``last_invoice``, ``last_payment``, ``last_activity``, ``last_sign``
        (the latest of the three) and ``months_silent`` (whole months since then).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> s = silent_debtors(data, "2026-10-31")
    >>> bool((s["months_silent"] >= 6).all())
    True
    """
    as_of = _as_date(as_of)
    src = _data(data)
    months = int(_policy(policy)["receivables"]["silent_months"])
    ag = aged if aged is not None else aging(src, as_of)
    owing = ag[ag["total"] > 0]
    last = _last_dates(src, as_of).reindex(owing.index)
    sign = last[["last_invoice", "last_payment", "last_activity"]].max(axis=1)
    cutoff = pd.Timestamp(as_of) - pd.DateOffset(months=months)
    silent = sign.isna() | (sign <= cutoff)
    cust = _customers(src)
    out = pd.DataFrame(index=owing.index[silent.to_numpy()])
    out["name"] = cust["name"].reindex(out.index).astype("str")
    out["account_manager"] = cust["account_manager"].reindex(out.index).astype("str")
    for col in ("total", "overdue", "max_days_past_due"):
        out[col] = owing.loc[out.index, col]
    for col in ("last_invoice", "last_payment", "last_activity"):
        out[col] = last.loc[out.index, col].astype("datetime64[us]")
    out["last_sign"] = sign.loc[out.index].astype("datetime64[us]")
    out["months_silent"] = _months_between(out["last_sign"], as_of)
    return out.sort_values(["total"], ascending=False, kind="mergesort")


def _main_contacts(data: KamData) -> pd.DataFrame:
    """One contact per customer: a finance role first, else the first listed."""
    cols = ["contact_name", "contact_role", "contact_phone"]
    if not data.has("contacts"):
        return pd.DataFrame(columns=cols, index=pd.Index([], name="customer_id", dtype="str"), dtype="str")
    c = data.contacts.reset_index(drop=True)
    if c.empty:
        return pd.DataFrame(columns=cols, index=pd.Index([], name="customer_id", dtype="str"), dtype="str")
    role = c["role"].astype("str").fillna("")
    c = c.assign(_finance=~role.str.contains(FINANCE_ROLE, na=False), _order=np.arange(len(c)))
    c = c.sort_values(["customer_id", "_finance", "_order"], kind="mergesort").drop_duplicates("customer_id")
    phone = c["phone"] if "phone" in c.columns else pd.Series(pd.NA, index=c.index)
    out = pd.DataFrame({"contact_name": c["name"].astype("str").to_numpy(),
                        "contact_role": c["role"].astype("str").to_numpy(),
                        "contact_phone": phone.astype("str").to_numpy()},
                       index=pd.Index(c["customer_id"].astype("str"), name="customer_id"))
    return out


#: Columns the worklist takes from the promises table (see :func:`worklist`).
PROMISE_COLUMNS: tuple[str, ...] = (
    "promises", "kept_promises", "broken_promises", "pending_promises", "last_promise_on",
    "last_promise_pay_by", "last_promise_amount", "last_promise_paid", "last_promise_status",
)


def promise_history(data: KamData | Mapping[str, pd.DataFrame], as_of: Any) -> pd.DataFrame:
    """Payment promises per customer at ``as_of``: how many were kept, broken or are pending.

    Runs ``receivables_promises.sql`` in the store on the optional ``promises``
    table. A payment can count for a promise of its customer whose days
    (``promised_on`` to ``pay_by``) include the payment date, unless the two name
    different invoices; each payment counts for one promise only: the one naming
    the payment's invoice first, else the one with the oldest ``pay_by``. A
    promise is kept once its payments reach the amount (also before or on its
    ``pay_by``), broken when ``pay_by`` has passed without, else pending.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with a promise made by ``as_of``),
        with the columns of :data:`PROMISE_COLUMNS`; empty without a promises table.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "invoice_date": ["2026-09-01"],
    ...     "due_date": ["2026-09-30"], "amount": [500.0], "cost": [0.0]})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-10-08"],
    ...     "amount": [500.0]})
    >>> prom = pd.DataFrame({"customer_id": ["C1", "C1"], "promised_on": ["2026-10-01", "2026-10-05"],
    ...     "pay_by": ["2026-10-10", "2026-10-20"], "amount": [500.0, 500.0]})
    >>> h = promise_history({"invoices": inv, "payments": pay, "promises": prom}, "2026-10-31")
    >>> h[["promises", "kept_promises", "broken_promises", "last_promise_status"]]  # doctest: +NORMALIZE_WHITESPACE
                 promises  kept_promises  broken_promises last_promise_status
    customer_id
    C1                  2              1                1              broken
    """
    as_of = _as_date(as_of)
    src = _data(data)
    if not src.has("promises") or not src.has("payments"):
        empty = {c: pd.Series(dtype=_PROMISE_DTYPES[c]) for c in PROMISE_COLUMNS}
        return pd.DataFrame(empty, index=pd.Index([], name="customer_id", dtype="str"))
    res = facts.query(src, "receivables_promises", as_of=as_of)
    res = res.astype({"customer_id": "str"}).set_index("customer_id").sort_index()
    out = pd.DataFrame(index=res.index)
    for col in PROMISE_COLUMNS:
        dtype = _PROMISE_DTYPES[col]
        out[col] = res[col].astype("float64").round(2) if dtype == "float64" else res[col].astype(dtype)
    return out


_PROMISE_DTYPES = {
    "promises": "int64", "kept_promises": "int64", "broken_promises": "int64", "pending_promises": "int64",
    "last_promise_on": "datetime64[us]", "last_promise_pay_by": "datetime64[us]",
    "last_promise_amount": "float64", "last_promise_paid": "float64", "last_promise_status": "str",
}


def worklist(
    data: KamData | Mapping[str, pd.DataFrame],
    as_of: Any,
    policy: Any = None,
    *,
    aged: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Collection worklist: whom to call first, per account manager.

    Every customer with overdue receivables, with a priority score: the overdue
    amount of each bucket times the bucket's weight
    (``receivables.worklist_weights``: older debt weighs more).

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name); customers give the
        name and account manager, contacts (optional) the main contact — a
        finance role first, payments the last payment, and promises (optional)
        the promise history (see :func:`promise_history`).
    as_of
        Date of the list.
    policy
        Policy (None: defaults); its ``receivables.buckets`` set the buckets.
    aged
        The :func:`aging` frame at ``as_of`` (with the policy's buckets), when
        already computed.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, highest priority first: ``account_manager``,
        ``rank`` (1 = call first, within the account manager), ``name``,
        ``priority``, ``overdue``, ``total``, ``max_days_past_due``, the overdue
        buckets, ``unapplied_credit``, ``contact_name``, ``contact_role``,
        ``contact_phone``, ``last_payment``, ``last_payment_amount`` and, when
        the data holds a promises table, the columns of :data:`PROMISE_COLUMNS`
        (counts 0 for customers who never promised).

    Examples
    --------
    >>> import kamtools as kt
    >>> w = worklist(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> bool(w["priority"].is_monotonic_decreasing and (w["overdue"] > 0).all())
    True
    """
    as_of = _as_date(as_of)
    src = _data(data)
    pol = _policy(policy)
    rec = pol["receivables"]
    ag = aged if aged is not None else aging(src, as_of, rec["buckets"])
    names = list(ag.columns[: list(ag.columns).index("total")])
    overdue_buckets = names[1:]
    weights = rec["worklist_weights"]
    due = ag[ag["overdue"] > 0]
    w = np.array([_per_bucket(weights, b, "receivables.worklist_weights") for b in overdue_buckets])
    priority = (np.column_stack([_cents(due[b]) for b in overdue_buckets]) * w[None, :]).sum(axis=1) / 100.0 \
        if len(due) else np.zeros(0)
    cust = _customers(src)
    out = pd.DataFrame(index=due.index.copy())
    out["account_manager"] = cust["account_manager"].reindex(out.index).fillna("(none)").astype("str")
    out["rank"] = 0
    out["name"] = cust["name"].reindex(out.index).astype("str")
    out["priority"] = np.round(priority, 2)
    for col in ["overdue", "total", "max_days_past_due", *overdue_buckets, "unapplied_credit"]:
        out[col] = due[col]
    out = out.join(_main_contacts(src), how="left")
    last = _last_dates(src, as_of)
    out["last_payment"] = last["last_payment"].reindex(out.index).astype("datetime64[us]")
    out["last_payment_amount"] = last["last_payment_amount"].reindex(out.index).astype("float64")
    if src.has("promises"):
        out = out.join(promise_history(src, as_of), how="left")
        for col in ("promises", "kept_promises", "broken_promises", "pending_promises"):
            out[col] = out[col].fillna(0).astype("int64")
    out = out.sort_values(["priority", "overdue"], ascending=False, kind="mergesort")
    out["rank"] = out.groupby("account_manager", sort=False).cumcount().astype("int64") + 1
    for col in ("contact_name", "contact_role", "contact_phone"):
        out[col] = out[col].astype("str")
    return out


def worklist_workbook(worklist: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the worklist as a formatted .xlsx: one sheet per account manager.

    Rows keep the worklist's order (highest priority first); headers frozen,
    filters on, money with thousands separators, dates as dates, and text that
    a spreadsheet would read as a formula neutralized (see :mod:`kamtools.excel`).

    Examples
    --------
    >>> import tempfile, kamtools as kt
    >>> w = worklist(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = worklist_workbook(w, f"{tmp}/worklist.xlsx")
    ...     p.name
    'worklist.xlsx'
    """
    from .output.excel import write_workbook

    sheets: dict[str, pd.DataFrame] = {}
    managers = worklist["account_manager"].fillna("(none)").astype("str") if len(worklist) else pd.Series(dtype="str")
    for manager in sorted(managers.unique()):
        sheets[manager] = worklist[managers == manager]
    if not sheets:
        sheets["worklist"] = worklist
    money = [c for c in worklist.columns
             if c in {"priority", "overdue", "total", "unapplied_credit", "last_payment_amount",
                      "last_promise_amount", "last_promise_paid"} or re.fullmatch(r"d\d+_(\d+|plus)", c)]
    return write_workbook(path, sheets, money_columns=money)


#: Columns of the worklist shown in the report, in this order (those present).
WORKLIST_VIEW: tuple[str, ...] = (
    "account_manager", "rank", "name", "priority", "overdue", "max_days_past_due", "contact_name",
    "contact_phone", "last_payment", "last_payment_amount", "promises", "broken_promises",
    "last_promise_pay_by", "last_promise_amount", "last_promise_paid", "last_promise_status",
)


def worklist_view(worklist: pd.DataFrame, columns: Sequence[str] = WORKLIST_VIEW) -> pd.DataFrame:
    """The columns of the worklist a reader needs to make the call, promise history included when present.

    Examples
    --------
    >>> import kamtools as kt
    >>> w = worklist(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> list(worklist_view(w).columns[:4])
    ['account_manager', 'rank', 'name', 'priority']
    """
    return worklist[[c for c in columns if c in worklist.columns]].copy()


# --------------------------------------------------------------------------- management views
def collection_performance(
    data: KamData | Mapping[str, pd.DataFrame],
    as_of: Any,
    policy: Any = None,
) -> pd.DataFrame:
    """Collection target against result per account manager, for the month of ``as_of``.

    * ``collectible``: what was due to be paid in the month — receivables open at
      the end of the previous month that are due by ``as_of``, plus invoices of
      the month due by ``as_of``;
    * ``collected``: payments received in the month (first of the month to ``as_of``);
    * ``target``: ``receivables.collection_target_share`` × collectible;
    * ``achievement``: collected / target; ``collection_rate``: collected / collectible.

    Returns
    -------
    DataFrame
        Indexed by ``account_manager``: ``customers`` (with something collectible
        or collected), ``collectible``, ``collected``, ``target_share``,
        ``target``, ``achievement``, ``achievement_reason`` (why it is NaN),
        ``collection_rate`` and ``collection_rate_reason``. Receivables open at
        the end of the previous month are summed in the store
        (``receivables_open_due.sql``), the month's flows too
        (``receivables_month_flows.sql``).

    Examples
    --------
    >>> import kamtools as kt
    >>> perf = collection_performance(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> list(perf.columns[:4])
    ['customers', 'collectible', 'collected', 'target_share']
    """
    as_of = _as_date(as_of)
    src = _data(data)
    share = float(_policy(policy)["receivables"]["collection_target_share"])
    start = as_of.replace(day=1)
    before = start - dt.timedelta(days=1)
    due = _ledger_query(src, "receivables_open_due", as_of=before, due_by=as_of)
    open_due = pd.Series(due["cents"].to_numpy(dtype="float64"),
                         index=pd.Index(due["customer_id"].astype("str"), dtype="str"), dtype="float64")
    flows = facts.query(src, "receivables_month_flows", start=start, end=as_of)
    flows = flows.astype({"customer_id": "str"}).set_index("customer_id")
    ids = open_due.index.union(flows.index)
    per = pd.DataFrame(index=ids)
    per["collectible"] = open_due.reindex(ids).fillna(0) + _cents(flows["falling_due"].reindex(ids).fillna(0))
    per["collected"] = _cents(flows["received"].reindex(ids).fillna(0))
    per = per[(per["collectible"] != 0) | (per["collected"] != 0)]
    keys = _group_keys(pd.Index(per.index, dtype="str"), "account_manager", src, None)
    per["account_manager"] = keys.to_numpy()
    out = per.groupby("account_manager").agg(customers=("collectible", "size"),
                                             collectible=("collectible", "sum"),
                                             collected=("collected", "sum"))
    out["customers"] = out["customers"].astype("int64")
    out["collectible"] = np.rint(out["collectible"]) / 100.0
    out["collected"] = np.rint(out["collected"]) / 100.0
    out["target_share"] = share
    out["target"] = _half_up(_cents(out["collectible"]) * share) / 100.0
    out["achievement"], out["achievement_reason"] = _ratio(out["collected"], out["target"], "no collection target")
    out["collection_rate"], out["collection_rate_reason"] = _ratio(out["collected"], out["collectible"],
                                                                  "nothing fell due in the month")
    return out


def receivables_to_assets(
    data: KamData | Mapping[str, pd.DataFrame],
    as_of: Any,
    *,
    aged: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Open receivables as a share of the customer's latest known total assets.

    A customer owing us a large part of its own total assets is a concentrated
    risk: if it fails, little is left to recover from.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with open receivables, largest share
        first, unknown last): ``receivables``, ``total_assets`` and
        ``period_end`` of the latest statement on or before ``as_of``, ``share``
        and ``share_reason`` (why it is NaN: no statement, or zero assets).

    Examples
    --------
    >>> import kamtools as kt
    >>> r = receivables_to_assets(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> list(r.columns)
    ['receivables', 'total_assets', 'period_end', 'share', 'share_reason']
    """
    as_of = _as_date(as_of)
    src = _data(data)
    ag = aged if aged is not None else aging(src, as_of)
    owing = ag.loc[ag["total"] > 0, ["total"]].rename(columns={"total": "receivables"})
    if src.has("financials"):
        fin = src.financials
        fin = fin[pd.to_datetime(fin["period_end"]) <= pd.Timestamp(as_of)]
        fin = fin.sort_values(["customer_id", "period_end"], kind="mergesort").drop_duplicates("customer_id", keep="last")
        fin = fin.set_index("customer_id")
    else:
        fin = empty_frame("financials").set_index("customer_id")
    out = owing.copy()
    out["total_assets"] = fin["total_assets"].reindex(out.index).astype("float64")
    out["period_end"] = fin["period_end"].reindex(out.index).astype("datetime64[us]")
    out["share"], out["share_reason"] = _ratio(out["receivables"], out["total_assets"], "no total assets")
    out.loc[out["total_assets"].isna(), "share_reason"] = "no financial statement"
    return out.sort_values(["share", "receivables"], ascending=[False, False], na_position="last", kind="mergesort")


__all__ = [
    "DEFAULT_BUCKETS",
    "PROMISE_COLUMNS",
    "WORKLIST_VIEW",
    "AgingSummary",
    "Ledger",
    "aging",
    "aging_summary",
    "bucket_names",
    "bucket_of",
    "by_origin_year",
    "cei",
    "collection_performance",
    "dso",
    "monthly_trend",
    "open_items",
    "origin_year_totals",
    "promise_history",
    "provisions",
    "receivables_to_assets",
    "settle",
    "silent_debtors",
    "unapplied_credit",
    "worklist",
    "worklist_view",
    "worklist_workbook",
]

"""Settlement of the ledger: open invoices and unapplied credit at a date.

The rules are in the docstring of :mod:`kamtools.receivables`. The settlement is one SQL
statement (``receivables_settle.sql``); in a store it is made once per connection and
date into a temporary table that the per-customer summaries of the ledger (aging, origin
years, collection performance) read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

import pandas as pd

from .. import facts
from ..periods import as_date
from ..store import KamData, quote_ident
from ._common import Frames, _money, _source

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


def ledger_sql(summary: str) -> str:
    """Query ``summary`` (a query on the relation ``ledger``: receivables_aging, receivables_aging_invoice,
    receivables_open_due, receivables_origin_year) behind the settlement CTEs: one query any engine runs
    (``facts.query_text(data, ledger_sql("receivables_aging"), "receivables_aging", engine=..., ...)``)."""
    return f"{_settle_parts()[0]}\n{facts.sql_text(summary)}"


def ledger_sql_per_customer(prefix: str, summary: str) -> str:
    """Query ``summary`` (a query on the relation ``ledger``) on the settlement of each customer at a
    date of its own: ``prefix`` is a ``with`` clause whose relations ``invoices`` and ``payments`` hold
    each customer's documents up to its date (they stand in for the tables), and the settlement CTEs
    (receivables_settle.sql, the one place its rules live) follow it. The settlement's ``:as_of`` must
    be on or after every customer's date; ``days_past_due`` of ``ledger`` counts to it.
    """
    head = re.sub(r"--[^\n]*", "", _settle_parts()[0]).strip()
    if not head.lower().startswith("with "):
        raise RuntimeError("receivables_settle.sql must start with a with clause")
    return f"{prefix.rstrip()},\n{head[len('with ') :]}\n{summary}"


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
        src.con.execute(f"create or replace temp table {quote_ident(name)} as {query}", params)
        return name

    return src.kept(("ledger", as_of), make)


def _ledger_query(src: KamData, summary: str, **params: Any) -> pd.DataFrame:
    """Run the ledger summary ``summary`` on the settlement at ``params['as_of']`` inside the store."""
    table = _ledger_table(src, as_date(params["as_of"]))
    if table is not None:
        # the summary's comments may name the settlement's parameters: left out with them
        body = re.sub(r"--[^\n]*", "", facts.sql_text(summary))
        text = f"with ledger as (select * from {quote_ident(table)})\n{body}"
    else:
        text = ledger_sql(summary)
    used = set(facts._PARAM.findall(text))
    missing = used - set(params)
    if missing:
        raise TypeError(f"facts query {summary!r} needs parameter(s): {', '.join(sorted(missing))}")
    duck = facts._PARAM.sub(lambda m: f"${m.group(1)}", text)
    return src.sql(duck, {k: facts._param(params[k]) for k in used})


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
    docstring of :mod:`kamtools.receivables`.

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
    as_of = as_date(as_of)
    src = _source(invoices, payments)
    table = _ledger_table(src, as_of)
    if table is None:
        raw = facts.query(src, "receivables_settle", as_of=as_of)
    else:  # the same rows and order as the query, from the settlement kept for this date
        raw = src.sql(f"select * from {quote_ident(table)}{_settle_parts()[1]}")
    is_item = raw["kind"] == "invoice"

    items = raw.loc[is_item, ["invoice_id", *_ITEM_COLUMNS]]
    items = items.astype(
        {
            "invoice_id": "str",
            "customer_id": "str",
            "invoice_date": "datetime64[us]",
            "due_date": "datetime64[us]",
            "amount": "float64",
            "open_amount": "float64",
            "days_past_due": "int64",
        }
    )
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

"""The store's customer keys and purchase days: two tables made from the model's tables.

* ``customer_keys`` -- ``customer_key`` (a whole number) beside each ``customer_id`` of the
  customers table, the invoices and the payments, assigned in the order of the ids
  (``sql/store_customer_keys.sql``);
* ``purchase_days`` -- one row per customer key and invoice day: the day's net amount, margin,
  discounts, purchases (invoices with a positive amount) and invoices
  (``sql/store_purchase_days.sql``).

The heavy per-customer facts (RFM, the customer facts behind the pyramid and the lifecycle, the
portfolio's purchase dates) group the purchase days by the number instead of every invoice by
its text id, and bring the id back at the end. They are not tables of the data model: no source
brings them and no export writes them. Every import writes them (:func:`write_derived`, sorted
by day so a query of a period reads only its part), and so does every store written from a
:class:`~kamtools.store.KamData`; data built from DataFrames, and a store written by a version
of kamtools before them, get them as temporary views made by the same SQL
(:func:`view_derived`): the same rows, worked out at each query (re-import such a store for the
speed).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import duckdb

__all__ = ["DERIVED", "derived_sql", "missing_derived", "view_derived", "write_derived"]

#: The derived tables, in the order they are made (the purchase days read the keys).
DERIVED = ("customer_keys", "purchase_days")

_SQL = Path(__file__).with_name("sql")
_FILES = {"customer_keys": "store_customer_keys", "purchase_days": "store_purchase_days"}
#: The tables the customer ids come from (a branch of the union each).
_ID_SOURCES = ("customers", "invoices", "payments")
#: Columns of the invoices the purchase days read that a frame given as it is may lack.
_OPTIONAL = ("cost", "discount")
_BRANCH = re.compile(r"^\s*select distinct customer_id from (\w+)\s*$")


def derived_sql(name: str, present: Collection[str], invoice_columns: Collection[str] | None = None) -> str | None:
    """The query of derived table ``name`` over the tables ``present`` (None: it has nothing to
    read). The keys read the customers, the invoices and the payments; when one is absent (data
    built from an invoices table alone) its branch of the union is left out. ``invoice_columns``: the columns of
    the invoices when they may lack the cost or the discount (a frame or a Spark table given as it
    is, not through the store): those read as empty.

    >>> print(derived_sql("customer_keys", {"invoices"}).splitlines()[-4:])
    ['from (', '    select distinct customer_id from invoices', ') ids', 'where customer_id is not null']
    >>> derived_sql("purchase_days", {"customers"}) is None
    True
    """
    text = (_SQL / f"{_FILES[name]}.sql").read_text(encoding="utf-8")
    if name == "purchase_days":
        if "invoices" not in present:
            return None
        absent = [c for c in _OPTIONAL if invoice_columns is not None and c not in invoice_columns]
        if absent:
            empty = ", ".join(f"cast(null as double) as {c}" for c in absent)
            text = text.replace("from invoices i\n", f"from (select *, {empty} from invoices) i\n")
        return text
    sources = [t for t in _ID_SOURCES if t in present]
    if not sources:
        return None
    if len(sources) == len(_ID_SOURCES):
        return text
    # the branches of the tables present, one union between each two
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if _BRANCH.match(line))
    last = max(i for i, line in enumerate(lines) if _BRANCH.match(line))
    branches = [f"    select distinct customer_id from {t}" for t in sources]
    return "\n".join([*lines[:first], *"\n    union\n".join(branches).splitlines(), *lines[last + 1 :]])


def write_derived(con: duckdb.DuckDBPyConnection, present: Collection[str]) -> None:
    """Write the derived tables into the new store open on ``con`` (whose model tables ``present``
    are complete): replaced if there, empty (with their columns) when there is nothing to read."""
    for name in DERIVED:
        con.execute(f'DROP TABLE IF EXISTS "{name}"')
        text = derived_sql(name, present)
        if text is None:
            con.execute(f'CREATE TABLE "{name}" AS {_empty(name)}')
        elif name == "purchase_days":  # in day order: a period's query skips the row groups of other days
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM ({text}) d ORDER BY invoice_date, customer_key')
        else:
            con.execute(f'CREATE TABLE "{name}" AS {text}')


def missing_derived(tables: Collection[str]) -> bool:
    """Whether a store holding ``tables`` lacks a derived table (written before they existed)."""
    return any(name not in tables for name in DERIVED)


def view_derived(con: duckdb.DuckDBPyConnection, present: Collection[str]) -> None:
    """The derived tables as temporary views of ``con`` over the tables ``present`` (data built
    from DataFrames, a store written before them). Invoices without a cost or a discount column
    read them as empty; a view that cannot be made at all (invoices without a customer, a day or an
    amount) is left out: only the queries that read it fail."""
    columns = None
    if "invoices" in present:
        columns = {row[0] for row in con.execute("describe invoices").fetchall()}
    for name in DERIVED:
        text = derived_sql(name, present, columns)
        try:
            con.execute(f'CREATE OR REPLACE TEMP VIEW "{name}" AS {text if text is not None else _empty(name)}')
        except duckdb.Error:
            continue


def _empty(name: str) -> str:
    if name == "customer_keys":
        return "SELECT CAST(NULL AS INTEGER) AS customer_key, CAST(NULL AS VARCHAR) AS customer_id LIMIT 0"
    return (
        "SELECT CAST(NULL AS INTEGER) AS customer_key, CAST(NULL AS DATE) AS invoice_date, "
        "CAST(NULL AS DECIMAL(38,2)) AS amount, CAST(NULL AS DECIMAL(38,2)) AS margin, "
        "CAST(NULL AS DECIMAL(38,2)) AS discount, CAST(NULL AS BIGINT) AS purchases, "
        "CAST(NULL AS BIGINT) AS invoices LIMIT 0"
    )

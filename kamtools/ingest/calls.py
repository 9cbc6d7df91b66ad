"""Recording collection calls in the store: the calls of a filled worklist become activities, and
their promises promises (``kam import-calls``; the workbook is read by
:mod:`kamtools.output.call_import`).

A call is one activity of type ``call`` whose id names its customer and day
(``call-2026-11-05-C000017``); a promise made on it names it (``promises.activity_id``). Recording
the same calls again replaces them and their promises instead of adding them twice, so a worklist
may be imported again after a correction. The store is checked first: a customer it does not know
is an error, and with any error nothing is written. The store is rewritten under its lock
(:func:`kamtools.store_file.writing`), whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..schema import TABLES, conform
from ..store import DataError, KamData, check_store, quote_ident, replace_store, writing
from .problems import Problem, _errors, format_problems

#: The columns of the calls to record (one row each), as :mod:`kamtools.output.call_import` reads them:
#: where the row is (``file`` as the user names it, ``row`` as the sheet numbers it), then the call.
CALL_FIELDS: tuple[str, ...] = (
    "file",
    "row",
    "customer_id",
    "call_date",
    "outcome",
    "pay_by",
    "promise_amount",
    "next_step",
)
#: The activity type of a collection call.
CALL_TYPE = "call"


def call_id(customer_id: str, call_date: dt.date) -> str:
    """The activity id of a customer's call of one day: the key that makes recording twice harmless.

    >>> call_id("C000017", dt.date(2026, 11, 5))
    'call-2026-11-05-C000017'
    """
    return f"{CALL_TYPE}-{call_date:%Y-%m-%d}-{customer_id}"


def _known_customers(db: Path) -> pd.DataFrame:
    """customer_id -> account_manager of the store (opened read-only)."""
    data = KamData(db=db)
    try:
        return data.sql("select customer_id, account_manager from customers").astype("str").set_index("customer_id")
    finally:
        data.close()


def _unknown(calls: pd.DataFrame, known: pd.Index, headers: Mapping[str, Mapping[str, str]]) -> list[Problem]:
    bad = calls[~calls["customer_id"].isin(known)]
    return [
        Problem(
            str(r.file),
            None,
            "customer_id",
            int(r.row),
            str(r.customer_id),
            "a customer id of the store",
            f"value {r.customer_id!r} is not a customer of the store",
            header=headers.get(str(r.file), {}).get("customer_id"),
        )
        for r in bad.itertuples()
    ]


def _rows(calls: pd.DataFrame, known: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The activities and promises of the calls, in the model's dtypes."""
    dates = pd.to_datetime(calls["call_date"]).dt.date
    ids = [call_id(c, d) for c, d in zip(calls["customer_id"], dates)]
    acts = pd.DataFrame(
        {
            "activity_id": ids,
            "customer_id": calls["customer_id"].to_numpy(),
            "date": pd.to_datetime(calls["call_date"]).to_numpy(),
            "type": CALL_TYPE,
            "account_manager": known["account_manager"].reindex(calls["customer_id"]).to_numpy(),
            "hours": 0.0,  # a collection call counts no selling time
            "outcome": calls["outcome"].to_numpy(),
            "next_step": calls["next_step"].to_numpy(),
        }
    )
    promised = calls["pay_by"].notna().to_numpy()
    proms = pd.DataFrame(
        {
            "customer_id": calls["customer_id"].to_numpy()[promised],
            "promised_on": pd.to_datetime(calls["call_date"]).to_numpy()[promised],
            "pay_by": pd.to_datetime(calls["pay_by"]).to_numpy()[promised],
            "amount": calls["promise_amount"].to_numpy(dtype="float64")[promised],
            "invoice_id": None,
            "note": calls["next_step"].to_numpy()[promised],
            "activity_id": np.asarray(ids, dtype=object)[promised],
        }
    )
    return conform(acts, "activities"), conform(proms, "promises")


def _replace_rows(con, name: str, rows: pd.DataFrame, key: str) -> int:
    """Delete the rows of table ``name`` whose ``key`` the new ``rows`` hold, then insert ``rows``
    (in the model's types; other columns of the store's table stay empty); the number replaced."""
    table = quote_ident(name)
    cols = [c for c in TABLES[name].columns if c.name in rows.columns]
    select = ", ".join(f"CAST({quote_ident(c.name)} AS {c.sql_type}) AS {quote_ident(c.name)}" for c in cols)
    con.register("_calls", rows)
    try:
        where = f"{quote_ident(key)} IN (SELECT {quote_ident(key)} FROM _calls)"
        replaced = con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchall()[0][0]
        con.execute(f"DELETE FROM {table} WHERE {where}")
        con.execute(f"INSERT INTO {table} BY NAME SELECT {select} FROM _calls")
    finally:
        con.unregister("_calls")
    return int(replaced)


def record_calls(
    db: str | os.PathLike,
    calls: pd.DataFrame,
    *,
    source: str | os.PathLike,
    headers: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """Record ``calls`` (the columns of :data:`CALL_FIELDS`, already read and checked cell by cell) in the
    store ``db``: each an activity, each promise a promise; returns a summary.

    A customer the store does not know is an error naming file, row, column and value (``headers``: the
    workbook's own header of a column, by file), and :class:`DataError` lists every one; nothing is
    written then. Calls recorded before under the same id (customer and day) are replaced, with the
    promises made on them.
    """
    target = check_store(db)
    headers = headers or {}
    known = _known_customers(target)
    problems = _unknown(calls, known.index, headers)
    if _errors(problems):
        raise DataError(format_problems(problems, source), problems)
    acts, proms = _rows(calls, known)
    replaced: dict[str, int] = {}

    def add(con) -> None:
        if "promises" not in {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}:
            cols = ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in TABLES["promises"].columns)
            con.execute(f"CREATE TABLE promises ({cols})")
        replaced["promises"] = _delete_promises(con, acts)
        replaced["activities"] = _replace_rows(con, "activities", acts, "activity_id")
        if len(proms):
            _replace_rows(con, "promises", proms, "activity_id")

    with writing(target) as tmp:  # the store's lock: the store is read and written by one writer at a time
        data = KamData(db=target)
        try:
            data.write_to(tmp, then=add)
        finally:
            data.close()
        replace_store(tmp, target)
    again = f" ({replaced['activities']:,} recorded before, replaced)" if replaced["activities"] else ""
    return (
        f"recorded {len(acts):,} calls and {len(proms):,} payment promises from {os.fspath(source)} into "
        f"{os.fspath(target)}{again}"
    )


def _delete_promises(con, acts: pd.DataFrame) -> int:
    """Delete the promises made on the calls recorded again (a corrected promise replaces the old one,
    a promise taken out of the worklist goes); the number deleted."""
    con.register("_again", acts[["activity_id"]])
    try:
        where = "activity_id IN (SELECT activity_id FROM _again)"
        n = con.execute(f"SELECT count(*) FROM promises WHERE {where}").fetchall()[0][0]
        con.execute(f"DELETE FROM promises WHERE {where}")
    finally:
        con.unregister("_again")
    return int(n)


__all__ = ["CALL_FIELDS", "CALL_TYPE", "call_id", "record_calls"]

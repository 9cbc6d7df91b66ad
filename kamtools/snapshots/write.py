"""Storing a snapshot in the store: the rows of one period replace that period's rows, in one transaction
under the store's lock, on a connection opened for that moment only.

The store is otherwise opened read-only (the pages of a report read it in parallel processes), so the
report stores its snapshot once, before its pages start (:func:`kamtools.report.run`). A store whose file
cannot be written (a read-only file or folder, a store another program holds open) is not changed:
:class:`SnapshotNotStored` says why, and the report goes on without a snapshot.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ..periods import check_period
from ..schema import TABLES
from ..store import KamData, check_store, quote_ident
from ..store_file import connect, store_lock
from .compute import snapshot

__all__ = ["SnapshotNotStored", "store_snapshot", "write_snapshot"]

#: Seconds to wait for the store's lock (an import of the same store) before giving up.
LOCK_TIMEOUT = 600.0


class SnapshotNotStored(OSError):
    """The snapshot could not be stored; the message says why (the store is left as it was)."""


def _writable(db: Path) -> None:
    """Refuse a store whose file or folder cannot be written before anything is computed."""
    if not os.access(db, os.W_OK):
        raise SnapshotNotStored(f"{db}: the store's file is read-only")
    if not os.access(db.parent, os.W_OK | os.X_OK):
        raise SnapshotNotStored(f"{db.parent}: the store's folder is read-only (DuckDB writes its log there)")


def _create(con: duckdb.DuckDBPyConnection) -> None:
    """The ``snapshots`` table of the model, when the store has none yet (a store imported without one)."""
    t = TABLES["snapshots"]
    cols = ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in t.columns)
    key = ", ".join(quote_ident(k) for k in t.key)
    con.execute(f"CREATE TABLE IF NOT EXISTS {quote_ident(t.name)} ({cols}, PRIMARY KEY ({key}))")


def write_snapshot(db: str | os.PathLike, rows: pd.DataFrame) -> int:
    """Write ``rows`` (the snapshot of one period, :func:`.compute.snapshot`) into store ``db``: that
    period's rows are deleted and ``rows`` inserted in one transaction, under the store's lock; the rows
    of every other period stay. Returns the number of rows written.

    Raises :class:`SnapshotNotStored` when the store cannot be written; the store is then unchanged.
    """
    target = Path(db)
    _writable(target)
    periods = rows["period"].unique().tolist()
    if len(periods) != 1:
        raise ValueError(f"a snapshot holds one period, got {len(periods)}")
    cols = list(TABLES["snapshots"].columns)
    select = ", ".join(f"CAST({quote_ident(c.name)} AS {c.sql_type})" for c in cols)
    names = ", ".join(quote_ident(c.name) for c in cols)
    try:
        with store_lock(target).acquire(timeout=LOCK_TIMEOUT):
            con = connect(target)
            try:
                _create(con)
                con.register("_snapshot", rows[[c.name for c in cols]])
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute("DELETE FROM snapshots WHERE period = ?", [periods[0]])
                    con.execute(f"INSERT INTO snapshots ({names}) SELECT {select} FROM _snapshot")
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("CHECKPOINT")
            finally:
                con.close()
    except duckdb.Error as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "lock" in text.lower():
            raise SnapshotNotStored(f"{target}: the store is open in another program ({text})") from None
        raise SnapshotNotStored(f"{target}: the store could not be written ({text})") from None
    except TimeoutError:
        raise SnapshotNotStored(f"{target}: another import or snapshot of this store did not finish in time") from None
    return len(rows)


def store_snapshot(
    db: str | os.PathLike, period: str, policy: Any = None, *, today: dt.date | None = None
) -> pd.DataFrame:
    """Compute the snapshot of ``period`` from store ``db`` under ``policy`` and store it (replacing the
    period's rows); returns the rows stored. A store that is not a complete kamtools store raises
    :class:`kamtools.store.StoreError`; one that cannot be written, :class:`SnapshotNotStored` (checked
    before anything is computed).
    """
    check_period(period)
    target = check_store(db)
    _writable(target)
    data = KamData(db=target)
    try:
        rows = snapshot(data, period, policy, written_on=today)
    finally:
        data.close()
    write_snapshot(target, rows)
    return rows

"""Importing a checked source into the store: nothing is written when it has errors."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from ..schema import TABLES
from ..store import DataError, check_target
from ..store_file import connect, replace_store, writing
from .engine import finish, ingest, source_files
from .kept_snapshots import keep_snapshots
from .problems import _counts, _errors, _not_errors, format_problems


def import_source(
    source: str | os.PathLike,
    db: str | os.PathLike,
    mapping: str | os.PathLike | Mapping | None = None,
    *,
    today: dt.date | None = None,
) -> str:
    """Check ``source`` and, when it has no errors, write it to the store ``db``.

    The source is read and checked straight into a new store file beside ``db`` (the CSV tables
    by DuckDB, :mod:`.engine`), which replaces the old one only when the source has no error
    (see :meth:`KamData.save`); with any error nothing is written and
    :class:`~kamtools.store.DataError` lists every problem.
    Returns a summary: rows per table, then the warnings (such as dates after ``today``,
    the day of import) and notes. The snapshots of the store being replaced are kept when the source
    brings none (:mod:`.kept_snapshots`).

    Examples
    --------
    >>> import os, tempfile, kamtools as kt
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = kt.sample_data(customers=20, years=1, seed=1).to_csv(os.path.join(tmp, "src"))
    ...     print(import_source(os.path.join(tmp, "src"), os.path.join(tmp, "kam.duckdb"))[:8])
    imported
    """
    target = check_target(db)  # before reading a large source: a file that is not a store is never replaced
    with writing(target) as tmp:  # the store's lock; the new store is written beside it
        con = connect(tmp, read_files=source_files(source))
        try:
            result = ingest(source, mapping, con, today=today)
            problems = result.problems
            if _errors(problems):
                raise DataError(format_problems(problems, source), problems)
            tables, kept = keep_snapshots(result.frames, target)
            write_store(con, result, tables)
            rows = {name: len(df) for name, df in tables.items()} | {n: et.rows for n, et in result.engine.items()}
            counts = ", ".join(f"{name} {rows[name]:,}" for name in TABLES if name in rows)
        finally:
            con.close()
        replace_store(tmp, target)
    lines = [f"imported {os.fspath(source)} into {os.fspath(target)}: {counts}"] + ([kept] if kept else [])
    notes = _not_errors(problems)
    if notes:
        lines.append(_counts(notes) + ":")
        lines.extend(f"  {p}" for p in notes)
    return "\n".join(lines)


def write_store(con, result, tables) -> None:
    """Complete the new store (:func:`.engine.finish`) and write it to disk."""
    finish(con, result, tables)
    con.execute("checkpoint")

"""Importing a checked source into the store: nothing is written when it has errors."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from ..schema import TABLES
from ..store import DataError, KamData, check_target
from .kept_snapshots import keep_snapshots
from .problems import _counts, _errors, _not_errors, format_problems
from .source import read_source


def import_source(
    source: str | os.PathLike,
    db: str | os.PathLike,
    mapping: str | os.PathLike | Mapping | None = None,
    *,
    today: dt.date | None = None,
) -> str:
    """Check ``source`` and, when it has no errors, write it to the store ``db``.

    The store is replaced atomically (see :meth:`KamData.save`); with any error
    nothing is written and :class:`~kamtools.store.DataError` lists every problem.
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
    check_target(db)  # before reading a large source: a file that is not a store is never replaced
    tables, problems = read_source(source, mapping, today=today)
    if _errors(problems):
        raise DataError(format_problems(problems, source), problems)
    tables, kept = keep_snapshots(tables, db)
    target = KamData(tables).save(db)
    counts = ", ".join(f"{name} {len(tables[name]):,}" for name in TABLES if name in tables)
    lines = [f"imported {os.fspath(source)} into {os.fspath(target)}: {counts}"] + ([kept] if kept else [])
    notes = _not_errors(problems)
    if notes:
        lines.append(_counts(notes) + ":")
        lines.extend(f"  {p}" for p in notes)
    return "\n".join(lines)

"""An import in the engine: a source read, checked and written into a new store file.

The CSV tables of a source folder are read, typed and checked by DuckDB inside the new store
(:mod:`.engine_load`, :mod:`.engine_checks`); the other tables (workbooks, Parquet files, a CSV
file of another shape, and ``customers``, ``group_limits`` and ``snapshots``, whose checks of
groups and periods run in pandas and which are small by nature) are read as
:func:`.source.read_source` reads them. Every problem is found and worded as
:func:`.source.read_source` words it, in the same order: structure and cells table by table,
then each table's constraints, foreign keys, groups, credit notes, snapshots and dates.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ..schema import TABLES, conform
from ..store import _write_table, quote_ident
from ..store_keys import write_derived
from .checks import _check_constraints, _check_groups
from .corrections import check_corrections
from .engine_checks import correction_frames, engine_constraints, foreign_keys, late_dates
from .engine_load import BAD, EngineTable, load_csv, parsed_columns
from .mapping import _read_mapping
from .problems import LIMIT, Problem, _Collector
from .readers import _read_files
from .snapshots import check_snapshots
from .source import _read_tables, _report_missing_tables

#: Tables read in pandas whatever their file: their checks (groups of companies, periods, the
#: snapshots an import keeps) work on frames, and they hold one row per customer or fewer.
PANDAS_TABLES = frozenset({"customers", "group_limits", "snapshots"})


@dataclass
class Ingested:
    """What an import read: the tables read in pandas (typed frames indexed by row), the tables
    already in the new store, and every problem."""

    problems: list[Problem] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    engine: dict[str, EngineTable] = field(default_factory=dict)


def source_files(source: str | os.PathLike) -> list[Path]:
    """The CSV files of a source folder: the files DuckDB may read for the import."""
    path = Path(source)
    if not path.is_dir():
        return []
    return [p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file()]


def ingest(
    source: str | os.PathLike,
    mapping: str | os.PathLike | Mapping | None,
    con: duckdb.DuckDBPyConnection,
    *,
    limit: int = LIMIT,
    today: dt.date | None = None,
) -> Ingested:
    """Read and check ``source`` into the store open on ``con`` (see the module docstring)."""
    out = _Collector(limit)
    result = Ingested(out.problems)
    given = os.fspath(source)
    path = Path(source)
    maps = _read_mapping(mapping, out)
    if not path.exists():
        expected = "a folder of CSV or Parquet files, or an .xlsx workbook"
        out.add(Problem(given, None, None, None, None, expected, "no such file or folder"))
        return result
    if maps.unreadable:  # without its renames, the source's headers would all look wrong
        return result
    raws = _read_files(path, given, maps, out)
    if raws is None:
        return result
    _report_missing_tables(path, raws, out)
    files = {name: raw.file for name, raw in raws.items()}
    texts: dict[str, pd.DataFrame] = {}
    skip: dict[str, dict] = {}
    for name, raw in raws.items():
        et = load_csv(con, raw, maps, out) if raw.kind == "csv" and name not in PANDAS_TABLES else None
        if et is not None:
            result.engine[name] = et
            continue
        typed, text, unread = _read_tables({name: raw}, maps, out)
        result.frames.update(typed)
        texts.update(text)
        skip.update(unread)
    order = [name for name in raws if name in result.frames or name in result.engine]
    _check(con, result, order, files, texts, skip, out, today or dt.date.today())
    return result


def _check(con, result: Ingested, order, files, texts, skip, out: _Collector, today: dt.date) -> None:
    """The checks of :func:`.checks._check_tables` and :func:`.checks._check_dates`, in their order."""
    frames, engine = result.frames, result.engine
    for name in order:
        if name in frames:
            _check_constraints(name, frames[name], files[name], texts.get(name), skip.get(name, {}), out)
        else:
            engine_constraints(con, engine[name], out)
    foreign_keys(con, frames, engine, order, files, out)
    _check_groups(frames, files, texts, out)
    found, raw = correction_frames(con, frames, engine)
    check_corrections(found, files, {**texts, **raw}, out)
    check_snapshots(frames, files, texts, out)
    late_dates(con, frames, engine, order, files, texts, out, today)


def finish(con: duckdb.DuckDBPyConnection, result: Ingested, tables: Mapping[str, pd.DataFrame]) -> None:
    """Make the new store whole: the engine tables without the text of cells read in Python (and
    with their key), then ``tables``, the frames to write (the tables read in pandas, the snapshots
    kept), in the model's order; then the customer keys and purchase days (:mod:`kamtools.store_keys`)."""
    for name, et in result.engine.items():
        for c in parsed_columns(et):
            con.execute(f"ALTER TABLE {quote_ident(name)} DROP COLUMN {quote_ident(BAD + c.name)}")
        t = TABLES[name]
        if t.key and not t.large:  # as the store writes a table from a frame
            con.execute(f"ALTER TABLE {quote_ident(name)} ADD PRIMARY KEY ({', '.join(quote_ident(k) for k in t.key)})")
    for name in TABLES:
        if name in tables:
            _write_table(con, name, conform(tables[name], name))
    write_derived(con, set(result.engine) | set(tables))  # the customer keys and purchase days

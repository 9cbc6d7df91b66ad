"""Reading a whole source (:func:`read_source`) and loading the workbook's data (:func:`load`)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import warnings
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow

from .. import paths
from ..money import MONEY_DECIMALS
from ..schema import EXPECTED, TABLES, conform
from ..store import DataError, KamData, is_duckdb_file
from .checks import _check_dates, _check_tables, _missing_columns, _missing_tables
from .mapping import _Mapping, _read_mapping
from .parsing import parse_column
from .problems import LIMIT, Problem, _Collector, _errors, _plural, _q, format_problems
from .readers import _RawTable, _read_files, _rename

#: After a table of at least this many rows, :func:`read_source` collects the reference cycles
#: its text left behind before reading the next table, which lowers the peak memory of a
#: large import. A collection takes about 50 ms in a process with pandas and pandera loaded,
#: more than reading a small table, so it is skipped after small ones.
GC_ROWS = 100_000


def read_source(
    source: str | os.PathLike,
    mapping: str | os.PathLike | Mapping | None = None,
    *,
    limit: int = LIMIT,
    today: dt.date | None = None,
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and check a source: a folder of CSV or Parquet files, or an .xlsx workbook.

    Parameters
    ----------
    source
        Folder with ``<table>.csv`` / ``<table>.parquet`` files, or an .xlsx
        workbook with one sheet per table. Files are opened read-only.
    mapping
        YAML file (or dict) renaming source files/sheets (``tables:``) and
        columns (``columns:``, per table or flat) onto the model.
    limit
        At most this many problems of one kind are listed one by one.
    today
        The day of import (default: today): later dates of events (an invoice, a payment, an
        activity; not a due date) are warned of, and so are dates far after the rest of their column.

    Returns
    -------
    tables, problems
        The tables read, in the model's dtypes (cells that could not be read are
        missing), and every problem found, errors, warnings and notes (see :class:`Problem`).

    Examples
    --------
    >>> import tempfile, kamtools as kt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = kt.sample_data(customers=20, years=1, seed=1).to_csv(folder)
    ...     tables, problems = read_source(folder)
    >>> problems
    []
    >>> str(tables["invoices"]["amount"].dtype), str(tables["invoices"]["due_date"].dtype)
    ('float64', 'datetime64[us]')
    """
    out = _Collector(limit)
    given = os.fspath(source)
    path = Path(source)
    maps = _read_mapping(mapping, out)
    if not path.exists():
        out.add(
            Problem(
                given,
                None,
                None,
                None,
                None,
                "a folder of CSV or Parquet files, or an .xlsx workbook",
                "no such file or folder",
            )
        )
        return {}, out.problems
    if maps.unreadable:  # without its renames, the source's headers would all look wrong
        return {}, out.problems
    raws = _read_files(path, given, maps, out)
    if raws is None:  # the source itself could not be read: its tables are not "missing"
        return {}, out.problems
    _report_missing_tables(path, raws, out)

    files = {name: raw.file for name, raw in raws.items()}
    typed, texts, skip = _read_tables(raws, maps, out)
    _check_tables(typed, files, texts, skip, out)
    _check_dates(typed, files, texts, out, today or dt.date.today())
    tables = {name: conform(df, name) for name, df in typed.items()}
    return tables, out.problems


def _report_missing_tables(path: Path, raws: dict[str, _RawTable], out: _Collector) -> None:
    """Report the model's tables that the source (folder or workbook at ``path``) lacks, each named
    as the file or sheet it would be read from."""
    if path.is_dir():
        parquet = any(p.suffix.lower() in (".parquet", ".pq") for p in path.iterdir())
        suffix = ".parquet" if parquet and not any(path.glob("*.csv")) else ".csv"
        _missing_tables(raws, out, lambda n: f"{n}{suffix}")
    else:
        _missing_tables(raws, out, lambda n: f"{path.name}, sheet {n}")


def _read_tables(
    raws: dict[str, _RawTable], maps: _Mapping, out: _Collector
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], dict[str, dict[str, pd.Index]]]:
    """Read, rename and convert the source's tables one at a time (see :func:`_convert`).

    Returns, per table, the typed frame, the source text kept for the checks and the rows
    whose value could not be read, per column.
    """
    typed: dict[str, pd.DataFrame] = {}
    texts: dict[str, pd.DataFrame] = {}
    skip: dict[str, dict[str, pd.Index]] = {}
    for name, placeholder in raws.items():
        raw = placeholder.read()
        rows = 0
        if raw.frame is not None:
            rows = len(raw.frame)
            frame = _rename(raw, maps, out)
            raw.frame = None  # the renamed copy is all that is needed from here: keeps the peak low
            typed[name], texts[name], skip[name] = _convert(frame, name, raw.file, out, rows_unread=raw.rows_unread)
            del frame
        del raw
        if rows >= GC_ROWS:  # the text of a large table holds reference cycles; free it before the next
            gc.collect()
            pyarrow.default_memory_pool().release_unused()
    return typed, texts, skip


def _convert(
    frame: pd.DataFrame, name: str, file: str, out: _Collector, *, rows_unread: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.Index]]:
    """Check the structure of one table's raw text and convert each model column to its kind.

    Returns the typed frame (extra columns kept as text), the stripped text of
    the model columns and, per column, the rows whose value could not be read.
    ``rows_unread``: the rows were not read, as a required column is missing.
    """
    t = TABLES[name]
    check_structure(list(frame.columns), frame.empty, name, file, out, rows_unread=rows_unread)
    model = [c for c in t.columns if c.name in frame.columns]
    text = pd.DataFrame({c.name: frame[c.name].astype("str").str.strip() for c in model}, index=frame.index)
    typed, unreadable = {}, {}
    for c in model:
        parsed = parse_column(text[c.name], c)
        typed[c.name] = parsed.values
        rows = report_parsed(text[c.name], parsed, c, file, name, out)
        if rows is not None:
            unreadable[c.name] = rows
    result = pd.DataFrame(typed, index=frame.index)
    for extra in frame.columns:
        if extra not in typed:
            result[extra] = frame[extra]
    # Source text is kept only where it can differ from the value read (dates, numbers):
    # an id or a name reads as itself, and keeping its text twice would double the memory
    # of the largest tables.
    shown = [c.name for c in model if c.kind not in ("id", "text", "category")]
    return result, text[shown], unreadable


def check_structure(
    columns: list[str], empty: bool, name: str, file: str, out: _Collector, *, rows_unread: bool = False
) -> None:
    """The problems of one table's header (its model ``columns``, renamed) and of a table without rows."""
    t = TABLES[name]
    _missing_columns(t, columns, file, out)
    if rows_unread:
        out.add(
            Problem(file, name, None, None, None, None, "its rows were not read: add the missing columns first", "note")
        )
    elif empty and not t.optional:
        out.add(
            Problem(
                file,
                name,
                None,
                None,
                None,
                "at least one row",
                "there is a header but no rows" if len(columns) else "it is empty",
            )
        )


def report_parsed(text: pd.Series, parsed, c, file: str, name: str, out: _Collector) -> pd.Index | None:
    """Report the cells of one column that could not be read (one problem each, up to the limit)
    and the note on values read from a formatted text; returns the rows not read (None: all read).
    ``text`` is the stripped text of the cells, indexed by source row."""
    unreadable = None
    if parsed.bad.any():
        rows = text.index[parsed.bad.to_numpy()]
        unreadable = rows
        head = out.head(rows)
        values = text.loc[head].tolist()
        reasons = (
            parsed.reasons.loc[head].tolist() if isinstance(parsed.reasons, pd.Series) else [parsed.reasons] * len(head)
        )
        out.cells(
            file,
            name,
            c.name,
            head,
            values,
            [f"value {_q(v)} {r}" for v, r in zip(values, reasons)],
            EXPECTED[c.kind],
            total=len(rows),
        )
    if parsed.noted is not None and parsed.noted.any():
        rows = text.index[parsed.noted.to_numpy()]
        example, read = text.loc[rows[0]], parsed.values.loc[rows[0]]
        message = parsed.note.format(
            count=_plural(len(rows), "value"),
            example=_q(example),
            read=f"{read:.{MONEY_DECIMALS}f}" if c.kind == "money" else f"{read:g}",
        )
        out.add(Problem(file, name, c.name, int(rows[0]), example, EXPECTED[c.kind], message, "note"))
    return unreadable


def load(
    path_or_db: str | os.PathLike | None = None, mapping: str | os.PathLike | Mapping | None = None, strict: bool = True
) -> KamData:
    """Load the workbook's data from a store, a source folder or a workbook.

    Parameters
    ----------
    path_or_db
        A DuckDB store (``.duckdb``, or any file DuckDB wrote; opened read-only), a folder of CSV/Parquet files or
        an .xlsx workbook (read and checked with :func:`read_source`). None: the
        default store (:func:`kamtools.paths.default_db`) if it exists, else the
        committed sample (:data:`kamtools.paths.SAMPLE_DIR`).
    mapping
        Mapping file for a source (see :func:`read_source`).
    strict
        Raise :class:`~kamtools.store.DataError` listing every problem when a
        source has errors; with False, warn and return what could be read.

    Examples
    --------
    >>> import tempfile, kamtools as kt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = kt.sample_data(customers=20, years=1, seed=1).to_csv(folder)
    ...     data = load(folder)
    >>> data.has("invoices")
    True
    """
    if path_or_db is None:
        db = paths.default_db()
        path_or_db = db if db.exists() else paths.SAMPLE_DIR
    path = Path(path_or_db)
    if path.suffix == ".duckdb" or (path.is_file() and is_duckdb_file(path)):
        return KamData(db=path)  # a file that is not a usable store: StoreError says why
    tables, problems = read_source(path_or_db, mapping)
    errors = _errors(problems)
    if errors:
        report = format_problems(problems, path_or_db)
        if strict:
            raise DataError(report, problems)
        warnings.warn(report, stacklevel=2)
    return KamData(tables)

"""Reading a source's files and sheets as text, and renaming their headers onto the model.

A workbook is read with openpyxl in read-only mode, sheet by sheet and only the sheets named
like (or mapped onto) a table. The header row (the first row holding anything) is read first:
when it lacks a required column of the table, the rows are not read at all, so a sheet that
expands to millions of empty cells is refused at once. The rows are then read only as wide as
the header (up to its last named column), whatever size the sheet declares; a value right of
the last header has no column to go to and is not read.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow
import pyarrow.csv as pyarrow_csv

from ..schema import TABLES
from ._common import SOURCE_SUFFIXES, WORKBOOK_SUFFIXES, _decode
from .mapping import _Mapping
from .parsing import _as_text, _cell_text
from .problems import Problem, _Collector, _q


@dataclass
class _RawTable:
    """One table as read from a source: text cells indexed by source row number."""

    table: str
    file: str
    frame: pd.DataFrame | None  # None when the file could not be read
    header_row: int | None = 1
    #: Reads the file when the table is converted: one large table's text in memory at a time.
    reader: Callable[[], _RawTable] | None = None
    #: The rows were not read, as the header lacks a required column (the frame has no rows).
    rows_unread: bool = False
    #: The file of a folder source, and its kind (``csv`` or ``parquet``); None for a sheet.
    path: Path | None = None
    kind: str = ""

    def read(self) -> _RawTable:
        """The table with its cells read (files of a folder are read on first use)."""
        return self.reader() if self.reader is not None else self


def _read_csv(path: Path, file: str, table: str, out: _Collector) -> _RawTable:
    with open(path, "rb") as fh:  # read-only: sources are never modified
        data = fh.read()
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        out.add(
            Problem(
                file,
                table,
                None,
                None,
                None,
                "UTF-8 or GB18030 text",
                "cannot decode the file (neither UTF-8 nor GB18030)",
            )
        )
        return _RawTable(table, file, None)
    if not text.strip():  # also a file holding nothing but the byte-order mark Excel writes
        empty = "the file is empty" + (" (0 bytes)" if not data else "")
        if TABLES[table].optional:
            out.add(
                Problem(file, table, None, None, None, None, f"{empty}; the optional table {table} is left out", "note")
            )
        else:
            out.add(Problem(file, table, None, None, None, "a header line and at least one row", empty))
        return _RawTable(table, file, None)
    if encoding == "gb18030":
        out.add(
            Problem(
                file, table, None, None, None, None, "the file is not UTF-8; it was read as GB18030 (Chinese)", "note"
            )
        )
    first = text.split("\n", 1)[0]
    sep = "," if "," in first else "\t" if "\t" in first else ";" if ";" in first else ","
    cells = _read_csv_fast(text, first, sep)
    if cells is None:
        cells = _read_csv_records(text, sep, file, table, out)
    if cells is None:
        return _RawTable(table, file, None)
    return _frame_from_cells(cells, table, file)


def _read_csv_records(text: str, sep: str, file: str, table: str, out: _Collector) -> pd.DataFrame | None:
    """Read CSV text record by record, numbering each by the line it starts on.

    Blank lines are skipped (but counted). A line whose number of fields differs
    from the header's is reported, every one of them, and left out; the other rows
    are read and checked as usual. Fields beyond the header's that are all empty
    (trailing commas) are dropped silently.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    records: list[list[str]] = []
    lines: list[int] = []
    ragged: list[tuple[int, int]] = []
    width: int | None = None
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(f.strip() for f in record):
                continue
            if width is None:
                width = len(record)
            elif len(record) != width:
                if len(record) > width and not any(f.strip() for f in record[width:]):
                    record = record[:width]
                else:
                    ragged.append((line, len(record)))
                    continue
            records.append(record)
            lines.append(line)
    except csv.Error as exc:
        out.add(Problem(file, table, None, reader.line_num or None, None, "a CSV file", f"cannot read the file: {exc}"))
        return None
    if ragged:
        out.cells(
            file,
            table,
            None,
            [r for r, _ in ragged],
            [None] * len(ragged),
            [f"the line has {n} fields (a stray comma or quote?); it was left out" for _, n in ragged],
            f"{width} fields like the header",
            what="lines",
            total=len(ragged),
        )
    return pd.DataFrame(records, index=pd.Index(lines, dtype="int64"), columns=range(width or 0), dtype="str")


def _read_csv_fast(text: str, first: str, sep: str) -> pd.DataFrame | None:
    """Read CSV text with pyarrow's multithreaded reader, or None to take the general path.

    Used only when each record is one line (no blank lines, no line breaks inside
    quoted values), so that record *i* is line *i* + 1; otherwise, and on any parse
    error, :func:`_read_csv_records` counts the lines itself.
    """
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    try:
        n = len(next(csv.reader([first], delimiter=sep)))
        table = pyarrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pyarrow_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pyarrow_csv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pyarrow_csv.ConvertOptions(
                column_types={f"f{i}": pyarrow.string() for i in range(n)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pyarrow.ArrowException, csv.Error, StopIteration):
        return None
    if table.num_rows != lines:
        return None
    cells = table.to_pandas()
    cells.columns = range(n)
    cells.index = np.arange(1, lines + 1)
    return cells


def _frame_from_cells(cells: pd.DataFrame, table: str, file: str) -> _RawTable:
    """Split a grid of text cells (index = source row) into header and rows."""
    cells = cells.astype("str")
    filled = cells.apply(lambda c: c.str.strip().ne(""))  # per column (vectorized)
    nonempty = filled.any(axis=1)
    if not nonempty.any():
        return _RawTable(table, file, pd.DataFrame(index=pd.Index([], dtype="int64")), None)
    header_pos = int(np.argmax(nonempty.to_numpy()))
    header_row = int(cells.index[header_pos])
    header = [h.strip().lstrip("\ufeff") for h in cells.iloc[header_pos].tolist()]
    body = cells.iloc[header_pos + 1 :]
    body = body[nonempty.iloc[header_pos + 1 :].to_numpy()]
    keep = [i for i, h in enumerate(header) if h or filled.iloc[header_pos + 1 :, i].any()]
    names = [h or f"unnamed_{i + 1}" for i, h in enumerate(header)]
    frame = body.iloc[:, keep]
    frame.columns = [names[i] for i in keep]
    return _RawTable(table, file, frame, header_row)


def _read_parquet(path: Path, file: str, table: str, out: _Collector) -> _RawTable:
    try:
        typed = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many kinds
        out.add(Problem(file, table, None, None, None, "a Parquet file", f"cannot read the file: {exc}"))
        return _RawTable(table, file, None)
    frame = pd.DataFrame({str(c): _as_text(typed[c]) for c in typed.columns})
    frame.index = np.arange(1, len(frame) + 1)
    return _RawTable(table, file, frame, None)


def _excel_value(cell) -> object:
    """The value of a workbook cell as pandas' Excel reader gives it: an error (``#N/A``) is
    missing, a whole number is an int."""
    v = cell.value
    if v is None or cell.data_type == "e":
        return None
    if cell.data_type == "n" and not isinstance(v, bool) and int(v) == v:
        return int(v)
    return v


def _row_text(row) -> list[str]:
    return [_cell_text(_excel_value(c)) for c in row]


def _read_sheet(ws, table: str, file: str, mapping: _Mapping) -> _RawTable:
    """One sheet as text cells: the header row first, then (when the header holds every required
    column) the rows, as wide as the header; empty rows are skipped but counted."""
    ws.reset_dimensions()  # the size a sheet declares may be wrong, or huge: read rows as they are
    header_row, header = None, []
    for number, row in enumerate(ws.iter_rows(), start=1):
        texts = _row_text(row)
        if any(t.strip() for t in texts):
            header_row, header = number, texts
            break
    if header_row is None:
        return _RawTable(table, file, pd.DataFrame(index=pd.Index([], dtype="int64")), None)
    width = max(i for i, t in enumerate(header) if t.strip()) + 1
    header = header[:width]
    names = [h.strip().lstrip("\ufeff") for h in header]
    if any(c not in set(_model_names(names, table, mapping)) for c in TABLES[table].required):
        frame = _frame_from_cells(pd.DataFrame([header], index=[header_row], dtype="str"), table, file).frame
        return _RawTable(table, file, frame, header_row, rows_unread=True)
    records, numbers = [header], [header_row]
    rows = ws.iter_rows(min_row=header_row + 1, max_col=width)
    for number, row in enumerate(rows, start=header_row + 1):
        texts = _row_text(row)
        if any(t.strip() for t in texts):
            records.append(texts + [""] * (width - len(texts)))
            numbers.append(number)
    cells = pd.DataFrame(records, index=pd.Index(numbers, dtype="int64"), columns=range(width), dtype="str")
    return _frame_from_cells(cells, table, file)


def _read_workbook(path: Path, given: str, mapping: _Mapping, out: _Collector) -> list[_RawTable] | None:
    """The sheets of a workbook named like (or mapped onto) tables; None if it cannot be read."""
    found = []
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        try:
            for ws in book.worksheets:
                table = _table_of(ws.title, mapping)
                file = f"{Path(given).name}, sheet {ws.title}"
                if table is None:
                    out.add(
                        Problem(
                            file,
                            None,
                            None,
                            None,
                            None,
                            None,
                            "the sheet is not named like a table of the model (nor mapped onto one) and was ignored",
                            "note",
                        )
                    )
                    continue
                found.append(_read_sheet(ws, table, file, mapping))
        finally:
            book.close()
    except Exception as exc:  # openpyxl and zipfile raise many kinds
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        out.add(Problem(given, None, None, None, None, "an .xlsx workbook", f"cannot read the workbook: {reason}"))
        return None
    return found


def _table_of(name: str, mapping: _Mapping) -> str | None:
    """The model table a file or sheet name stands for, via the mapping."""
    stem = Path(name).stem if Path(name).suffix.lower() in SOURCE_SUFFIXES else name
    for candidate in (name, stem):
        if candidate in mapping.tables:
            return mapping.tables[candidate]
    for candidate in (stem, stem.strip().lower()):
        if candidate in TABLES:
            return candidate
    return None


def _read_files(source: Path, given: str, mapping: _Mapping, out: _Collector) -> dict[str, _RawTable] | None:
    """Read every table of a source folder or workbook as text; None if the source cannot be read."""
    if source.is_dir():
        raws: list[_RawTable] = []
        for path in sorted(source.iterdir()):
            kind = SOURCE_SUFFIXES.get(path.suffix.lower())
            if kind is None or not path.is_file():
                continue
            table = _table_of(path.name, mapping)
            if table is None:
                out.add(
                    Problem(
                        path.name,
                        None,
                        None,
                        None,
                        None,
                        None,
                        "the file is not named like a table of the model (nor mapped onto one) and was ignored",
                        "note",
                    )
                )
                continue
            reader = _read_csv if kind == "csv" else _read_parquet
            read = functools.partial(reader, path, path.name, table, out)
            raws.append(_RawTable(table, path.name, None, reader=read, path=path, kind=kind))
    elif source.suffix.lower() in WORKBOOK_SUFFIXES:
        raws = _read_workbook(source, given, mapping, out)
        if raws is None:
            return None
    elif source.suffix.lower() == ".xls":
        out.add(
            Problem(
                given,
                None,
                None,
                None,
                None,
                "an .xlsx workbook",
                "old .xls workbooks cannot be read; save it as .xlsx",
            )
        )
        return None
    else:
        out.add(
            Problem(
                given,
                None,
                None,
                None,
                None,
                "a folder of CSV or Parquet files, or an .xlsx workbook",
                "the source is neither a folder nor an .xlsx workbook",
            )
        )
        return None
    tables: dict[str, _RawTable] = {}
    for raw in raws:
        if raw.table in tables:
            out.add(
                Problem(
                    raw.file,
                    raw.table,
                    None,
                    None,
                    None,
                    "one file or sheet per table",
                    f"table {raw.table} is also given by {tables[raw.table].file}",
                )
            )
            continue
        tables[raw.table] = raw
    return {name: tables[name] for name in TABLES if name in tables}  # in model order


def _model_names(headers: list[str], table: str, mapping: _Mapping) -> list[str]:
    """The model's name of each header of ``table`` (mapping, Chinese names, case), else the header."""
    t = TABLES[table]
    per_table = mapping.columns.get(t.name, {})
    everywhere = mapping.columns.get(None, {})
    chinese = {c.chinese: c.name for c in t.columns if c.chinese}
    lower = {c.name.lower(): c.name for c in t.columns}
    return [
        per_table.get(h)
        or everywhere.get(h)
        or (h if h in t.names else None)
        or lower.get(h.lower())
        or chinese.get(h)
        or h
        for h in headers
    ]


def _rename(raw: _RawTable, mapping: _Mapping, out: _Collector) -> pd.DataFrame:
    """Rename a source's headers onto the model (mapping, Chinese names, case)."""
    t = TABLES[raw.table]
    frame = raw.frame
    per_table = mapping.columns.get(t.name, {})
    renamed = _model_names(list(frame.columns), raw.table, mapping)
    for src in per_table:
        if src not in frame.columns:
            out.add(
                Problem(
                    mapping.file,
                    t.name,
                    per_table[src],
                    mapping.lines.get(("columns", t.name, src)),
                    src,
                    None,
                    f"the mapping renames {_q(src)}, but {raw.file} has no such column",
                    "note",
                )
            )
    seen: dict[str, str] = {}
    for h, name in zip(frame.columns, renamed):
        if name in seen:
            how = f"both {_q(seen[name])} and {_q(h)} are" if seen[name] != h else f"{_q(h)} is"
            out.add(
                Problem(
                    raw.file,
                    t.name,
                    name,
                    raw.header_row,
                    h,
                    "each column once",
                    f"{how} read as column {name}; only the first is used",
                )
            )
        else:
            seen[name] = h
    # Problems in this table name the user's own header beside the model's column.
    out.headers[(raw.file, t.name)] = {name: h for name, h in seen.items() if name != h}
    keep = [i for i, name in enumerate(renamed) if renamed.index(name) == i]
    result = frame.iloc[:, keep].copy()
    result.columns = [renamed[i] for i in keep]
    return result

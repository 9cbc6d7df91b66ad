"""Formatted, formula-safe Excel workbooks (.xlsx) for worklists and forms.

:func:`write_workbook` writes one sheet per DataFrame with a frozen header row,
filters on the header, number formats (thousands separators, two decimals for
money, ISO dates), fitted column widths, and safe text:

* **Formula injection** (CSV/Excel injection): every text cell whose first
  character is ``=``, ``+``, ``-``, ``@``, tab, carriage return or line feed is
  stored as a text cell (never a formula) marked with Excel's own "quote prefix"
  (the mark Excel sets when someone types ``'=...``): the cell shows the text
  exactly as in the data, ``=HYPERLINK("x")``, no spreadsheet evaluates it, and
  editing the cell keeps it text. Only text is touched: numbers, dates and
  booleans stay typed values, so a negative number stays a number. Headers and
  index values are text cells too. :func:`safe_text` gives the same protection
  where there is no cell to mark (text that goes into a CSV file or a sentence):
  a visible ``'`` before the formula character.
* Control characters that the .xlsx format cannot hold (and openpyxl rejects)
  are removed from text.
* Sheet names are made valid: at most 31 characters, none of ``[ ] : * ? / \\``,
  no leading or trailing apostrophe, not empty, unique (ignoring case).

* Text is never turned into a formula, a link or a number, and text that
  looks like rich-text markup (``<r>...</r>``) stays that text. Line ends are
  stored as line feeds (a carriage return reads back as a line feed, as it
  always did); text longer than a cell holds (32,767 characters) is cut.

Rows are written to the file as they come (xlsxwriter in constant-memory mode),
so a long worklist needs little memory. The file is written to a temporary file
beside the target and renamed into place, so a reader never sees a half-written
workbook and a failed write leaves any previous file untouched.

>>> import tempfile, pandas as pd
>>> from openpyxl import load_workbook
>>> df = pd.DataFrame({"name": ["=1+1", "Acme"], "amount": [-1234.5, 10.0]})
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_workbook(f"{tmp}/out.xlsx", {"List": df}, money_columns=["amount"])
...     ws = load_workbook(path)["List"]
...     ws["A2"].value, ws["A2"].data_type, ws["A2"].quotePrefix, ws["B2"].value, ws["B2"].number_format
('=1+1', 's', True, -1234.5, '#,##0.00')
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

from ..paths import write_atomically
from .formats import EXCEL_FORMATS
from .sheet_formats import WHOLE_MONEY, reader_sheets

#: First characters that make a spreadsheet read text as a formula (or a DDE payload).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: What neutralized text is prefixed with.
PREFIX = "'"
#: Control characters that .xlsx cannot store (the ones openpyxl rejects).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Characters Excel does not allow in sheet names.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31

#: Number formats (from :data:`kamtools.output.formats.EXCEL_FORMATS`).
MONEY_FORMAT = EXCEL_FORMATS["money"]
INTEGER_FORMAT = EXCEL_FORMATS["integer"]
FLOAT_FORMAT = EXCEL_FORMATS["float"]
PERCENT_FORMAT = EXCEL_FORMATS["share"]
DATE_FORMAT = EXCEL_FORMATS["date"]
DATETIME_FORMAT = EXCEL_FORMATS["datetime"]


def safe_text(value: str) -> str:
    """Text made safe for a spreadsheet cell: control characters removed, formulas neutralized.

    >>> safe_text('=HYPERLINK("x")'), safe_text("+1"), safe_text("@SUM(A1)"), safe_text("Acme")
    ('\\'=HYPERLINK("x")', "'+1", "'@SUM(A1)", 'Acme')
    >>> safe_text("a\\x07b"), safe_text("\\tx")
    ('ab', "'\\tx")
    """
    text = ILLEGAL_CHARACTERS.sub("", str(value))
    if text.startswith(FORMULA_START):
        text = PREFIX + text
    return text


def clean_text(value: Any) -> str:
    """Text without the control characters that .xlsx cannot hold.

    >>> clean_text("a\x07b"), clean_text("=1+1")
    ('ab', '=1+1')
    """
    return ILLEGAL_CHARACTERS.sub("", str(value))


class _Literal(str):
    """Text a spreadsheet would read as a formula: written as a quote-prefixed text cell."""


def _text(value: Any) -> str:
    text = clean_text(value)
    return _Literal(text) if text.startswith(FORMULA_START) else text


def text_cell(cell, value: Any):
    """Put ``value`` into an openpyxl ``cell`` as literal, formula-safe text and return the cell.

    Control characters are removed; text starting with ``= + - @``, tab, CR or LF is
    stored as text with the quote-prefix mark, so it shows exactly as given and is never
    evaluated.

    >>> from openpyxl import Workbook
    >>> c = text_cell(Workbook().active["A1"], '=HYPERLINK("x")')
    >>> c.value, c.data_type, c.quotePrefix
    ('=HYPERLINK("x")', 's', True)
    """
    text = _text(value)
    cell.value = str(text)
    if isinstance(text, _Literal):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_sheet_name(name: Any, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name for ``name``.

    Forbidden characters become ``_``, a longer name is cut to 31 characters with ``…`` (at a space
    rather than in a word), and a name already in ``taken`` (ignoring case) gets a suffix ``~2``, ``~3`` ...

    >>> safe_sheet_name("Sales/East: [Q3]*")
    'Sales_East_ _Q3__'
    >>> safe_sheet_name("x" * 40) == "x" * 30 + "…"
    True
    >>> safe_sheet_name("customers losing money after cost to serve")
    'customers losing money after…'
    >>> safe_sheet_name("Wang", taken=["wang"])
    'Wang~2'
    """
    text = ILLEGAL_CHARACTERS.sub("", "" if name is None else str(name))
    text = SHEET_NAME_FORBIDDEN.sub("_", text).strip().strip("'").strip()
    if not text:
        text = "Sheet"
    if text.lower() == "history":  # reserved by Excel
        text = "History_"
    if len(text) > SHEET_NAME_MAX:
        cut = text[: SHEET_NAME_MAX - 1]
        space = cut.rfind(" ")
        if space >= SHEET_NAME_MAX // 2 and text[SHEET_NAME_MAX - 1] != " ":  # no word cut in two
            cut = cut[:space]
        text = cut.rstrip() + "…"
    used = {t.lower() for t in taken}
    candidate, n = text, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"~{n}"
        candidate = text[: SHEET_NAME_MAX - len(suffix)].rstrip("'") + suffix
    return candidate


def _display_width(text: str) -> int:
    if text.isascii():  # most cells: one column per character, no lookup per character
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_width(header: str, values: list, fmt: str | None, max_width: int) -> float:
    """Width of a column: its longest header or value as shown (first 2,000 rows; CJK counts 2)."""
    width = _display_width(str(header))
    for v in values[:2000]:
        if v is None:
            continue
        if isinstance(v, bool):
            text = str(v)
        elif isinstance(v, (int, float)):
            text = (
                f"{v:,.0f}" if fmt == WHOLE_MONEY else f"{v:,.2f}" if fmt in (MONEY_FORMAT, FLOAT_FORMAT) else f"{v:,}"
            )
        elif isinstance(v, (dt.date, dt.datetime)):
            text = "yyyy-mm-dd hh:mm" if fmt == DATETIME_FORMAT else "yyyy-mm-dd"
        else:
            text = max(str(v).splitlines() or [""], key=len)
        width = max(width, _display_width(text))
    return min(max_width, max(8, width + 2))


def _kind(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        s = series.dropna()
        if getattr(dtype, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return "date" if (s == s.dt.normalize()).all() else "datetime"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "object"


def _cell_value(v: Any) -> Any:
    """One value as openpyxl should store it (None for missing)."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, str):
        return _text(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating, Decimal)):
        f = float(v)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(v, pd.Timestamp):
        if pd.isna(v):
            return None
        if v.tzinfo is not None:
            v = v.tz_localize(None)
        return v.to_pydatetime()
    if isinstance(v, np.datetime64):
        return None if np.isnat(v) else pd.Timestamp(v).to_pydatetime()
    if isinstance(v, dt.datetime):
        return v.replace(tzinfo=None)
    if isinstance(v, dt.date):
        return v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return _text(v)


def _writes_index(df: pd.DataFrame, index: bool | None) -> bool:
    return index if index is not None else not (isinstance(df.index, pd.RangeIndex) and df.index.name is None)


def _frame_for_sheet(df: pd.DataFrame, index: bool | None) -> pd.DataFrame:
    out = df.reset_index() if _writes_index(df, index) else df.reset_index(drop=True)
    out.columns = [str(c) if not isinstance(c, tuple) else " ".join(str(x) for x in c if str(x)) for c in out.columns]
    return out


#: Excel's limits: rows and columns of a sheet, UTF-16 units of text in a cell.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_TEXT = 32_767
#: Pixels per character of a column width (the widest digit of the default font, Calibri
#: 11). A width of ``w`` is stored as ``w`` characters, the same width as always.
_PIXELS_PER_CHARACTER = 7


def _fit_text(text: str) -> str:
    """Text as a cell holds it: line ends as XML reads them, at most :data:`MAX_TEXT` units.

    A carriage return becomes a line feed (``\\r\\n`` one line feed), which is how a
    reader of the file always saw it. Longer text than a cell can hold is cut.

    >>> _fit_text("a\\r\\nb\\rc"), len(_fit_text("x" * 40000))
    ('a\\nb\\nc', 32767)
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT // 2 and len(text.encode("utf-16-le")) > 2 * MAX_TEXT:
        text = text.encode("utf-16-le")[: 2 * MAX_TEXT].decode("utf-16-le", "ignore")
    return text


class _Cell:
    """A body cell written with its own format (literal text, or a formatted value in a mixed column)."""

    __slots__ = ("value", "format")

    def __init__(self, value: Any, cell_format: Any) -> None:
        self.value = value
        self.format = cell_format


def _looks_rich(text: str) -> bool:
    # Text that the writer would otherwise take for rich-text markup.
    return text.startswith("<r>") and text.endswith("</r>")


def _put_text(ws, row: int, col: int, text: str, cell_format: Any, run_format: Any) -> int:
    """Write ``text`` literally (never a formula, never markup) into one cell."""
    if text == "":
        return ws.write_blank(row, col, None, cell_format)
    if _looks_rich(text):
        # Written as text runs so that it stays text (runs in the cell's font).
        args = [run_format, text[:1], run_format, text[1:]]
        if cell_format is not None:
            args.append(cell_format)
        ws.write_rich_string(row, col, *args)
        return 0
    ws.write_string(row, col, text, cell_format)
    return 0


def _serials(values: np.ndarray) -> list:
    """Excel serial numbers of naive datetime64 values (None for NaT), as xlsxwriter computes them."""
    nat = np.isnat(values)
    safe = np.where(nat, np.datetime64("2000-01-01"), values)
    days = safe.astype("datetime64[D]")
    micro = (safe - days).astype("timedelta64[us]").astype(np.int64)
    serial = (days - np.datetime64("1899-12-31", "D")).astype(np.int64).astype(float)
    serial = serial + (micro // 1_000_000 + (micro % 1_000_000) / 1e6) / 86400.0
    serial[serial > 59] += 1  # Excel's day 60 is the 29 February 1900 that never was
    out = serial.tolist()
    for i in np.flatnonzero(nat).tolist():
        out[i] = None
    return out


def _column_format(col: str, kind: str, explicit: Mapping[str, str], percent: set, money: set) -> str | None:
    if col in explicit:
        return explicit[col]
    if col in percent:
        return PERCENT_FORMAT
    if col in money:
        return MONEY_FORMAT
    return {"int": INTEGER_FORMAT, "float": FLOAT_FORMAT, "date": DATE_FORMAT, "datetime": DATETIME_FORMAT}.get(kind)


def _typed_values(s: pd.Series, kind: str) -> list | None:
    """Cell values of a column of one type, quickly; None when it needs the general path."""
    if kind == "float":
        a = s.to_numpy(dtype="float64", na_value=np.nan)
        out = a.tolist()
        for i in np.flatnonzero(~np.isfinite(a)).tolist():
            out[i] = None
        return out
    if kind in ("int", "bool") and not s.hasnans and s.dtype.kind in "iub":
        return s.tolist()
    return None


def write_workbook(
    path: str | os.PathLike,
    sheets: Mapping[str, pd.DataFrame],
    *,
    money_columns: Iterable[str] = (),
    percent_columns: Iterable[str] = (),
    number_formats: Mapping[str, str] | None = None,
    index: bool | None = None,
    freeze_first_column: bool = False,
    max_width: int = 60,
    labels: bool = False,
    notes: Mapping[str, str] | None = None,
    sheet_setup: Callable[..., Any] | None = None,
) -> Path:
    """Write DataFrames to a formatted .xlsx workbook, one sheet each, atomically.

    Parameters
    ----------
    path
        The .xlsx file to write (its folder is created when missing).
    sheets
        Sheet name → DataFrame, in sheet order. Names are made valid with
        :func:`safe_sheet_name`.
    money_columns
        Columns shown as money: thousands separators and two decimals
        (``#,##0.00``), in any sheet that has them.
    percent_columns
        Columns holding fractions shown as percentages (``0.0%``). The format registry
        knows both: ``formats.columns_of(df.columns, "money")`` and ``... "share")``
        (:func:`kamtools.output.formats.columns_of`).
    number_formats
        Explicit Excel number formats by column name (override the others).
    index
        Write the index as the first column(s); None (default): when it is named
        or not a plain range.
    freeze_first_column
        Also freeze the first column (besides the header row).
    max_width
        Widest column, in characters.
    labels
        Headers, codes and number formats as a reader reads them, in the report's language (money whole,
        headed with its currency: :func:`kamtools.output.sheet_formats.reader_sheets`); the formats above
        still name columns by name.
    notes
        Sheet name → a sentence written under that sheet's table (after one empty row): what the
        list is for, said once rather than in every row.
    sheet_setup
        ``sheet_setup(workbook, worksheet, headers, n_rows)`` (xlsxwriter's) before each sheet's header row: lists,
        print set-up, panes; what it returns, if not None, is the header cells' format.

    Other columns are formatted by dtype: integers ``#,##0``, other numbers ``#,##0.00``, dates
    ``yyyy-mm-dd`` (with time ``yyyy-mm-dd hh:mm``). Every sheet gets a frozen, filtered header row.
    Text is literal and formula-safe (as with :func:`text_cell`: text starting with ``= + - @``, tab,
    CR or LF is a quote-prefixed text cell); numbers stay numeric; NaN, NaT and ±inf become empty
    cells. Rows are streamed to the file as they are written, so a long worklist needs little memory.
    A sheet larger than Excel allows (1,048,576 rows, 16,384 columns) is refused with ``ValueError``.

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_workbook(f"{tmp}/a.xlsx", {"a:b": pd.DataFrame({"x": [1]})}).name
    'a.xlsx'
    """
    _check_sheets(sheets, index)
    money, percent, explicit = set(money_columns), set(percent_columns), dict(number_formats or {})
    if labels:
        sheets, money, percent, explicit = reader_sheets(sheets, money, percent, explicit)
    return write_atomically(
        Path(path),
        lambda tmp: _write_xlsx(
            tmp, sheets, money, percent, explicit, index, freeze_first_column, max_width, (notes or {}, sheet_setup)
        ),
    )


def _check_sheets(sheets: Mapping[str, pd.DataFrame], index: bool | None) -> None:
    """Refuse what cannot become a workbook: no sheet, a sheet that is not a DataFrame or is too large."""
    if not sheets:
        raise ValueError("write_workbook needs at least one sheet")
    for name, df in sheets.items():
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"sheet {name!r}: expected a DataFrame, got {type(df).__name__}")
        n_columns = df.shape[1] + (df.index.nlevels if _writes_index(df, index) else 0)
        if len(df) + 1 > MAX_ROWS or n_columns > MAX_COLUMNS:
            raise ValueError(
                f"sheet {name!r}: {len(df):,} rows x {n_columns:,} columns do not fit in an "
                f"Excel sheet (at most {MAX_ROWS - 1:,} rows below the header and "
                f"{MAX_COLUMNS:,} columns)"
            )


def _write_xlsx(file_name: str, sheets, money, percent, explicit, index, freeze_first_column, max_width, notes) -> None:
    """Write the workbook to ``file_name`` with xlsxwriter, row by row (constant memory)."""
    with tempfile.TemporaryDirectory(prefix="kamtools-xlsx-") as work:
        wb = xlsxwriter.Workbook(
            file_name,
            {
                "constant_memory": True,  # rows go to the file in order: little memory for long sheets
                "tmpdir": work,
                "strings_to_formulas": False,  # text is text: never a formula,
                "strings_to_urls": False,  # never a link,
                "strings_to_numbers": False,  # never a number
            },
        )
        try:
            _fill_workbook(wb, sheets, money, percent, explicit, index, freeze_first_column, max_width, *notes)
            wb.close()
        finally:
            for ws in wb.worksheets():  # the row files of a workbook that could not be finished
                fh = getattr(ws, "row_data_fh", None)
                if fh is not None and not fh.closed:
                    fh.close()


def _fill_workbook(wb, sheets, money, percent, explicit, index, freeze_first_column, max_width, notes, setup) -> None:
    bold, bold_literal = wb.add_format({"bold": True}), wb.add_format({"bold": True, "quote_prefix": True})
    literal = wb.add_format({"quote_prefix": True})
    plain = wb.add_format()
    number_formats: dict[str, Any] = {}

    def number_format(fmt: str | None):
        if fmt is None:
            return None
        if fmt not in number_formats:
            number_formats[fmt] = wb.add_format({"num_format": fmt})
        return number_formats[fmt]

    def write_cell(ws, row, col, cell, _format=None):
        value = cell.value
        if isinstance(value, str):
            return _put_text(ws, row, col, value, cell.format, plain)
        ws.write(row, col, value, cell.format)
        return 0

    taken: list[str] = []
    for name, df in sheets.items():
        title = safe_sheet_name(name, taken)
        taken.append(title)
        frame = _frame_for_sheet(df, index)
        columns = list(frame.columns)
        n_rows = len(frame)

        column_formats: list[Any] = []  # the format of every cell of a column of one type
        tokens: list[list[Any]] = []  # what write_row gets, column by column
        widths: list[float] = []
        for j, col in enumerate(columns):
            s = frame.iloc[:, j]
            kind = _kind(s)
            fmt = _column_format(col, kind, explicit, percent, money)
            if kind in ("date", "datetime") and getattr(s.dtype, "tz", None) is not None:
                s = s.dt.tz_localize(None)
            if kind in ("date", "datetime"):
                head = s.iloc[:2000]
                sample = (
                    [None if pd.isna(v) else v.date() for v in head]
                    if kind == "date"
                    else [_cell_value(v) for v in head.tolist()]
                )
                if fmt is None:
                    fmt = DATE_FORMAT
                col_tokens = _serials(s.to_numpy())
                column_format = number_format(fmt)
            else:
                col_tokens = _typed_values(s, kind)
                if col_tokens is not None:
                    sample = col_tokens[:2000]
                    column_format = None if kind == "bool" else number_format(fmt)
                else:
                    values = [_cell_value(v) for v in s.tolist()]
                    if fmt is None and any(isinstance(v, (dt.date, dt.datetime)) for v in values):
                        fmt = DATE_FORMAT
                    sample = values[:2000]
                    col_tokens = _general_tokens(values, number_format(fmt), literal)
                    column_format = None
            column_formats.append(column_format)
            tokens.append(col_tokens)
            widths.append(_column_width(col, sample, fmt, max_width))

        ws = wb.add_worksheet(title)
        ws.add_write_handler(_Cell, write_cell)
        ws.freeze_panes(1, 1 if freeze_first_column else 0)
        ws.autofilter(0, 0, n_rows, max(1, len(columns)) - 1)
        for j, (width, column_format) in enumerate(zip(widths, column_formats)):
            ws.set_column_pixels(j, j, width * _PIXELS_PER_CHARACTER, column_format)
        header = (setup(wb, ws, columns, n_rows) if setup else None) or bold
        for j, col in enumerate(columns):
            text = _text(col)
            _put_text(ws, 0, j, _fit_text(text), bold_literal if isinstance(text, _Literal) else header, bold)
        write_row = ws.write_row
        for r, row in enumerate(zip(*tokens), start=1):
            if write_row(r, 0, row):  # nothing may be left out silently
                raise ValueError(f"sheet {title!r}: row {r + 1} could not be written")
        if notes.get(name):  # under the table, after an empty row: outside its filter
            _put_text(ws, n_rows + 2, 0, _fit_text(str(notes[name])), literal, plain)


def _general_tokens(values: list, fmt: Any, literal: Any) -> list:
    """Tokens for write_row of a column of mixed values (as :func:`_cell_value` gives them).

    Plain text, numbers of a column without a format and booleans go as they are;
    literal text and formatted values as :class:`_Cell` with their own format.
    """
    out = list(values)
    for i, v in enumerate(values):
        cls = v.__class__
        if cls is str:
            if "\r" in v or len(v) > MAX_TEXT // 2:
                v = out[i] = _fit_text(v)
            if _looks_rich(v):
                out[i] = _Cell(v, None)
        elif cls is _Literal:
            out[i] = _Cell(_fit_text(v), literal)
        elif v is None or cls is bool:
            continue
        elif fmt is not None:
            out[i] = _Cell(v, fmt)
    return out


__all__ = ["FORMULA_START", "PREFIX", "clean_text", "safe_sheet_name", "safe_text", "text_cell", "write_workbook"]

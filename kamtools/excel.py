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

The file is written to a temporary file beside the target and renamed into
place, so a reader never sees a half-written workbook and a failed write leaves
any previous file untouched.

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
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: First characters that make a spreadsheet read text as a formula (or a DDE payload).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: What neutralized text is prefixed with.
PREFIX = "'"
#: Control characters that .xlsx cannot store (the ones openpyxl rejects).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Characters Excel does not allow in sheet names.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31

MONEY_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


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

    Forbidden characters become ``_``, the name is cut to 31 characters, and a
    name already in ``taken`` (ignoring case) gets a suffix ``~2``, ``~3`` ...

    >>> safe_sheet_name("Sales/East: [Q3]*")
    'Sales_East_ _Q3__'
    >>> safe_sheet_name("x" * 40) == "x" * 31
    True
    >>> safe_sheet_name("Wang", taken=["wang"])
    'Wang~2'
    """
    text = ILLEGAL_CHARACTERS.sub("", "" if name is None else str(name))
    text = SHEET_NAME_FORBIDDEN.sub("_", text).strip().strip("'").strip()
    if not text:
        text = "Sheet"
    if text.lower() == "history":  # reserved by Excel
        text = "History_"
    text = text[:SHEET_NAME_MAX]
    used = {t.lower() for t in taken}
    candidate, n = text, 1
    while candidate.lower() in used:
        n += 1
        suffix = f"~{n}"
        candidate = text[: SHEET_NAME_MAX - len(suffix)].rstrip("'") + suffix
    return candidate


def _display_width(text: str) -> int:
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
            text = f"{v:,.2f}" if fmt in (MONEY_FORMAT, FLOAT_FORMAT) else f"{v:,}"
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


def _frame_for_sheet(df: pd.DataFrame, index: bool | None) -> pd.DataFrame:
    write_index = index if index is not None else not (
        isinstance(df.index, pd.RangeIndex) and df.index.name is None)
    out = df.reset_index() if write_index else df.reset_index(drop=True)
    out.columns = [str(c) if not isinstance(c, tuple) else " ".join(str(x) for x in c if str(x)) for c in out.columns]
    return out


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
        Columns holding fractions shown as percentages (``0.0%``).
    number_formats
        Explicit Excel number formats by column name (override the others).
    index
        Write the index as the first column(s); None (default): when it is named
        or not a plain range.
    freeze_first_column
        Also freeze the first column (besides the header row).
    max_width
        Widest column, in characters.

    Other columns are formatted by dtype: integers ``#,##0``, other numbers
    ``#,##0.00``, dates ``yyyy-mm-dd`` (with time ``yyyy-mm-dd hh:mm``). Every
    sheet gets a frozen, filtered header row. Text is literal and formula-safe
    (:func:`text_cell`: text starting with ``= + - @``, tab, CR or LF is a
    quote-prefixed text cell); numbers stay numeric; NaN, NaT and ±inf become
    empty cells.

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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if not sheets:
        raise ValueError("write_workbook needs at least one sheet")
    for name, df in sheets.items():
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"sheet {name!r}: expected a DataFrame, got {type(df).__name__}")
    money = set(money_columns)
    percent = set(percent_columns)
    explicit = dict(number_formats or {})
    target = Path(path)

    wb = Workbook(write_only=True)  # streams rows: fast for long worklists
    taken: list[str] = []
    bold = Font(bold=True)
    for name, df in sheets.items():
        title = safe_sheet_name(name, taken)
        taken.append(title)
        frame = _frame_for_sheet(df, index)
        columns = list(frame.columns)

        formats: list[str | None] = []
        values: list[list[Any]] = []
        for col in columns:
            s = frame[col]
            kind = _kind(s)
            if col in explicit:
                fmt = explicit[col]
            elif col in percent:
                fmt = PERCENT_FORMAT
            elif col in money:
                fmt = MONEY_FORMAT
            else:
                fmt = {"int": INTEGER_FORMAT, "float": FLOAT_FORMAT, "date": DATE_FORMAT,
                       "datetime": DATETIME_FORMAT}.get(kind)
            if kind in ("date", "datetime") and getattr(s.dtype, "tz", None) is not None:
                s = s.dt.tz_localize(None)
            if kind == "date":
                col_values = [None if pd.isna(v) else v.date() for v in s]
            else:
                col_values = [_cell_value(v) for v in s.tolist()]
            if fmt is None and any(isinstance(v, (dt.date, dt.datetime)) for v in col_values):
                fmt = DATE_FORMAT
            formats.append(fmt)
            values.append(col_values)

        ws = wb.create_sheet(title)
        ws.freeze_panes = "B2" if freeze_first_column else "A2"
        for j, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(j)].width = _column_width(col, values[j - 1], formats[j - 1],
                                                                             max_width)
        n_rows = len(frame)
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{n_rows + 1}"

        header = []
        for col in columns:
            cell = text_cell(WriteOnlyCell(ws), col)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in zip(*values) if values else ():
            out = []
            for v, fmt in zip(row, formats):
                if fmt is not None and v is not None and not isinstance(v, (str, bool)):
                    cell = WriteOnlyCell(ws, value=v)
                    cell.number_format = fmt
                    out.append(cell)
                elif isinstance(v, _Literal):
                    out.append(text_cell(WriteOnlyCell(ws), v))
                else:
                    out.append(v)
            ws.append(out)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp_name)
        os.chmod(tmp_name, 0o644)  # mkstemp makes the file private; a report file is shared
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


__all__ = ["FORMULA_START", "PREFIX", "clean_text", "safe_sheet_name", "safe_text", "text_cell", "write_workbook"]

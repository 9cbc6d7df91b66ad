"""Reading, checking and importing sources: every problem listed at once.

A *source* is a folder of CSV files (``<table>.csv``) or Parquet files
(``<table>.parquet``), or an ``.xlsx`` workbook with one sheet per table. A
YAML mapping file may rename the source's files, sheets and columns onto the
data model of :mod:`kamtools.schema`. Everything checked here is derived from
that module: required tables and columns, kinds, constraints, keys, row rules
and foreign keys.

Checking runs in three stages, and all problems of all stages are collected
before anything is reported:

1. **structure**: missing tables, empty files, missing required columns,
   duplicate columns, a broken mapping;
2. **cells**: every raw text value is converted to its column's kind, one
   :class:`Problem` per cell that cannot be (see *Reading values* below);
3. **constraints**: a pandera schema per table (empty cells, minimum and
   maximum, allowed values, unique keys, row rules such as
   ``due_date >= invoice_date``), then foreign keys (``isin``). The same
   functions check typed in-memory data in :func:`validate`.

Reading values
--------------
Values are read as text, stripped of surrounding blanks; an empty cell is
missing.

* **dates**: year first, ``2026-10-31``, ``2026/10/31``, ``2026.10.31`` or
  ``2026年10月31日``, optionally followed by a time of day (dropped). A date
  that does not exist in the calendar (``2026-02-30``) is an error, and so is
  any other order (``31/10/2026`` is ambiguous across countries).
* **numbers and money**: the decimal separator is always a dot. Thousands
  separators are accepted when unambiguous: a comma, space or apostrophe
  followed by groups of exactly three digits (``1,234.50``, ``1 234.50``,
  ``1,234`` = one thousand two hundred thirty-four). Money may carry a currency
  sign or code (``¥``, ``￥``, ``$``, ``€``, ``£``, ``RMB``, ``CNY``, ``USD``,
  ``EUR``, ``HKD``, a trailing ``元``) and accounting parentheses for negative
  amounts (``(1,234.50)``). Such values are accepted with one *note* per column.
  A comma followed by anything but three digits (``1,23``), or a comma after a
  dot-grouped number (``1.234,50``, European style) is *ambiguous* and an error.
  So is money written with a dot followed by exactly three digits after one to
  three leading digits (``45.200``, ``1.234``, ``1.234.567``): the dot may be a
  European thousands separator. Money with more than two decimals is otherwise
  rounded to cents, with a note (``0.125``, ``1234.567``, ``12.3456``).
  Numbers a workbook or Parquet file stores as numbers are never ambiguous.
* **size**: a value must fit the column's type in the store: money below 10^16
  (``DECIMAL(18,2)``: 16 digits before the point), whole numbers below 2^63 (``BIGINT``).
* **whole numbers and scores**: numbers as above without a fraction
  (``3`` and ``3.0`` are fine, ``3.5`` is not); scores must lie in 1..5.
* **booleans**: ``true/false``, ``yes/no``, ``y/n``, ``1/0``, ``t/f``,
  ``是/否`` (any case).

Files, encodings, headers
-------------------------
CSV files may be UTF-8 (with or without the BOM Excel writes), UTF-16 with a
BOM, or GB18030/GBK as Chinese ERP systems export them (a note says so); the
separator is a comma, or a tab or semicolon when the header has no comma. A
header is matched to a model column by its exact name, then ignoring case, then
by the column's Chinese name in the schema (``客户编号``, ``开票日期``, ...).
Other columns are kept, as text. Files and sheets not named like a table are
ignored with a note; ``open_orders`` and ``contacts`` may be left out.

A mapping file (YAML) renames what is not named like the model::

    tables:            # source file (without .csv) or sheet name -> model table
      客户: customers
    columns:
      customers: {客户编号: customer_id, 客户名称: name}   # per table
      KUNNR: customer_id                                   # or for every table

A key mapped onto a table or column the model does not have is an error naming
the key and its line in the mapping file.

Row numbers are the ones the user sees in the source: the line number in a CSV
file (the header is line 1, so the first data row is 2; quoted values spanning
lines are counted), the sheet row in a workbook (header on row 1), the record
number (from 1) in a Parquet file. For in-memory data checked with
:func:`validate`, ``row`` is the position in the table (0-based, as in
``df.iloc[row]``). At most :data:`LIMIT` problems of one kind (table, column and
check) are listed one by one; one more problem counts the rest.

>>> p = Problem("invoices.csv", "invoices", "due_date", 14, "2026-02-30",
...             "an ISO date such as 2026-10-31", "value '2026-02-30' is not a date")
>>> print(p)
invoices.csv, row 14, column due_date: value '2026-02-30' is not a date (expected an ISO date such as 2026-10-31)
"""
from __future__ import annotations

import csv
import functools
import gc
import io
import operator
import os
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.csv as pyarrow_csv
import yaml

from .schema import EXPECTED, REQUIRED_TABLES, TABLES, Column, Table, conform
from .store import DataError, KamData, check_target

if TYPE_CHECKING:
    import pandera.pandas as pa

__all__ = [
    "Problem",
    "format_problems",
    "import_source",
    "load",
    "read_source",
    "validate",
]

#: At most this many problems of one kind (same table, column and check) are
#: listed one by one; the rest are summed up in one more problem.
LIMIT = 100

SOURCE_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


# --------------------------------------------------------------------------- problems
@dataclass(frozen=True)
class Problem:
    """One problem found in a source or in data.

    Parameters
    ----------
    file
        The file as the user named it (``invoices.csv``, ``book.xlsx, sheet 发票``,
        a mapping file), or the table name for in-memory data.
    table
        The table of the data model, or None (e.g. a problem with the mapping).
    column
        The column of the data model (or the source's header), or None.
    row
        The row as the user sees it in the source (see the module docstring), or
        None for a problem with a whole file or column.
    value
        The offending raw value as text, or None.
    expected
        What was expected instead, or None.
    message
        What is wrong, in one sentence.
    severity
        ``"error"`` (the data cannot be used) or ``"note"`` (accepted, but worth a look).
    header
        The source's own header of ``column`` when it differs (renamed by a mapping,
        matched by its Chinese name or ignoring case), or None.

    The text names the table too when the file is named otherwise, and the
    source's header beside the model's column name.

    Examples
    --------
    >>> print(Problem("financials.csv", "financials", "total_assets", 3, "-5000",
    ...               "a number >= 0", "value '-5000' is negative"))
    financials.csv, row 3, column total_assets: value '-5000' is negative (expected a number >= 0)
    >>> print(Problem("leads.csv", "leads", None, None, None, None, "file is missing"))
    leads.csv: file is missing
    >>> print(Problem("发票.csv", "invoices", "amount", 4, "abc", None, "value 'abc' is not a number",
    ...               header="金额"))
    发票.csv (invoices), row 4, column 金额 (amount): value 'abc' is not a number
    """

    file: str
    table: str | None
    column: str | None
    row: int | None
    value: str | None
    expected: str | None
    message: str
    severity: str = "error"
    header: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.table is not None and _named_table(self.file) not in (None, self.table):
            where[0] += f" ({self.table})"
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"{'columns' if ', ' in self.column else 'column'} {self._column_text()}")
        text = f"{', '.join(where)}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return f"note: {text}" if self.severity == "note" else text

    @property
    def is_error(self) -> bool:
        """Whether this problem is an error (not a note)."""
        return self.severity == "error"

    def _column_text(self) -> str:
        """``金额 (amount)`` when the source's header differs from the model's column."""
        if not self.header or self.header == self.column:
            return self.column or ""
        headers, columns = self.header.split(", "), self.column.split(", ")
        if len(headers) != len(columns):
            return f"{self.header} ({self.column})"
        return ", ".join(c if h == c else f"{h} ({c})" for h, c in zip(headers, columns))


def _named_table(file: str) -> str | None:
    """The table a data file or sheet is named like (its stem, or the sheet), else None.

    >>> _named_table("发票.csv"), _named_table("book.xlsx, sheet invoices"), _named_table("map.yml")
    ('发票', 'invoices', None)
    """
    if ", sheet " in file:
        return file.split(", sheet ", 1)[1]
    path = Path(file)
    return path.stem if path.suffix.lower() in SOURCE_SUFFIXES else None


def format_problems(problems: Iterable[Problem], source: str | os.PathLike) -> str:
    """The report of ``problems`` found in ``source``: a header, then one line each.

    Errors come first, then notes, each in the order found.

    >>> ps = [Problem("leads.csv", "leads", "money", None, None, None, "read as text", "note"),
    ...       Problem("leads.csv", "leads", "money", 3, "maybe", "true/false", "value 'maybe' is not true or false")]
    >>> print(format_problems(ps, "src"))
    2 problems in src (1 error, 1 note)
      leads.csv, row 3, column money: value 'maybe' is not true or false (expected true/false)
      note: leads.csv, column money: read as text
    """
    problems = list(problems)
    errors = [p for p in problems if p.is_error]
    notes = [p for p in problems if not p.is_error]
    n = len(problems)
    head = f"{n} problem{'s' if n != 1 else ''} in {os.fspath(source)}"
    if errors and notes:
        head += f" ({_plural(len(errors), 'error')}, {_plural(len(notes), 'note')})"
    elif notes:
        head += f" ({_plural(len(notes), 'note')}, no errors)"
    return "\n".join([head, *(f"  {p}" for p in errors + notes)])


def _and(words: Iterable[str]) -> str:
    """``a, b and c``."""
    words = list(words)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


@dataclass
class _Collector:
    """Problems of one run, with the per-kind limit applied."""

    limit: int = LIMIT
    problems: list[Problem] = field(default_factory=list)
    #: (file, table) -> {model column: the source's header}, where they differ.
    headers: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        renamed = self.headers.get((problem.file, problem.table))
        if renamed and problem.column and problem.header is None:
            header = ", ".join(renamed.get(c, c) for c in problem.column.split(", "))
            if header != problem.column:
                problem = replace(problem, header=header)
        self.problems.append(problem)

    def head(self, rows: pd.Index) -> pd.Index:
        """The first ``limit`` of ``rows``: the ones listed one by one."""
        return rows[: self.limit]

    def cells(self, file: str, table: str, column: str | None, rows: Iterable, values: Iterable,
              messages: Iterable[str] | str, expected: str | None, severity: str = "error",
              what: str = "cells", total: int | None = None) -> None:
        """One problem per cell listed (at most ``limit``); one more summing up the rest of ``total``."""
        rows = list(rows)[: self.limit]
        values = list(values)[: self.limit]
        msgs = [messages] * len(rows) if isinstance(messages, str) else list(messages)[: self.limit]
        for r, v, m in zip(rows, values, msgs):
            self.add(Problem(file, table, column, _as_row(r), v, expected, m, severity))
        total = len(rows) if total is None else total
        if total > len(rows):
            self.add(Problem(
                file, table, column, None, None, expected,
                f"{total - len(rows):,} more {what} like the {len(rows)} above ({total:,} in all)", severity,
            ))


def _as_row(r) -> int | None:
    return None if r is None or pd.isna(r) else int(r)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _q(value: object) -> str:
    """A value quoted for a message: ``'2026-02-30'``."""
    return "'" + str(value).replace("'", "\\'") + "'"


# --------------------------------------------------------------------------- text of values
#: A number's text that money reading would take as ambiguous (45.200: thousands or decimals?).
_THREE_DECIMALS = r"^([-+]?[1-9]\d{0,2}\.\d{3})$"


def _typed_number_text(text: str) -> str:
    """The text of a number a workbook or Parquet file stores as a number: a fourth decimal
    is added to exactly three (``1.234`` -> ``1.2340``), which are decimals beyond doubt.

    >>> _typed_number_text("1.234"), _typed_number_text("1234.567"), _typed_number_text("45.2")
    ('1.2340', '1234.567', '45.2')
    """
    return re.sub(_THREE_DECIMALS, r"\g<1>0", text)


def _cell_text(v: object) -> str:
    """One cell of a workbook as text."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else _typed_number_text(repr(v))
    if isinstance(v, pd.Timestamp | np.datetime64):
        v = pd.Timestamp(v).to_pydatetime()
    if hasattr(v, "isoformat"):
        text = v.isoformat(sep=" ") if hasattr(v, "hour") and hasattr(v, "date") else v.isoformat()
        return text[:10] if text.endswith(" 00:00:00") else text
    return str(v)


def _as_text(s: pd.Series) -> pd.Series:
    """A column of any dtype as text, missing values as ``""``.

    >>> _as_text(pd.Series([1.5, None, 3.0])).tolist()
    ['1.5', '', '3.0']
    >>> _as_text(pd.Series(pd.to_datetime(["2026-01-31", None]))).tolist()
    ['2026-01-31', '']
    """
    missing = s.isna()
    if pd.api.types.is_datetime64_any_dtype(s):
        midnight = (s.isna() | (s == s.dt.normalize())).all()
        text = s.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M:%S")
    elif pd.api.types.is_bool_dtype(s):
        text = s.map({True: "true", False: "false"})
    elif pd.api.types.is_float_dtype(s):
        text = s.astype("object").astype(str).str.replace(_THREE_DECIMALS, r"\g<1>0", regex=True)
    elif pd.api.types.is_numeric_dtype(s) or pd.api.types.is_string_dtype(s):
        text = s.astype("object").astype(str)
    else:
        text = s.map(_cell_text)
    return text.astype(object).where(~missing, "").astype("str")


# --------------------------------------------------------------------------- value parsers
@dataclass
class _Parsed:
    """A column converted to its kind: the values, which cells failed and why, notes."""

    values: pd.Series
    bad: pd.Series  # bool: the cell has a value that could not be read
    reasons: pd.Series | str = "is not valid"  # why, per bad cell (or one reason for all)
    noted: pd.Series | None = None  # bool: accepted, but worth a note
    note: str = ""  # the note's text (with {example} for the first noted value)


_SEP = "\u00a0\u202f\u2009"  # no-break, narrow no-break and thin space
_NUMBER_RE = re.compile(
    r"^(?P<open>\()?\s*(?P<s1>[-+\u2212])?\s*"
    r"(?P<cur>[¥￥$€£]|RMB|CNY|USD|EUR|HKD)?\s*(?P<s2>[-+\u2212])?\s*"
    rf"(?P<num>\d[\d,.' {_SEP}]*(?:[eE][-+]?\d+)?|\.\d+)\s*(?P<yuan>元)?\s*(?P<close>\))?$"
)
_PLAIN = r"\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+"
_GROUPED = rf"\d{{1,3}}(?:(?P<g>[,' {_SEP}])\d{{3}})(?:(?P=g)\d{{3}})*(?:\.\d+)?"
_AMBIGUOUS = r"\d+,\d{1,2}|\d+,\d{4,}|\d{1,3}(?:\.\d{3})+,\d*|\d+(?:,\d+)*,\d+\.\d+.*|\d+\.\d+,.*"
#: A plain number, read in one vectorized pass (RE2 syntax, no backreferences).
_FAST_NUMBER = r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"
_SUB_CENT = r"\.\d\d\d*[1-9]"
#: Money with a dot that may be a European thousands separator: 45.200, 1.234, 1.234.567.
_DOT_GROUPED = r"[1-9]\d{0,2}(?:\.\d{3})+"
_FAST_DOT_GROUPED = rf"^[-+]?{_DOT_GROUPED}$"


def _dot_reason(num: str) -> str:
    """Why money such as ``45.200`` is ambiguous, and what to write instead.

    >>> _dot_reason("45.200")
    'is ambiguous: the dot may separate thousands (45200) or decimals (45.20); write 45200 or 45.20'
    >>> _dot_reason("1.234.567")
    'is ambiguous: the dots may separate thousands (1234567); write 1234567, with a dot only for decimals'
    """
    digits = num.lstrip("+-").replace(".", "")
    if num.count(".") > 1:
        return f"is ambiguous: the dots may separate thousands ({digits}); write {digits}, with a dot only for decimals"
    cents = f"{float(num.lstrip('+-')):.2f}"
    return f"is ambiguous: the dot may separate thousands ({digits}) or decimals ({cents}); write {digits} or {cents}"


def _arrow(s: pd.Series) -> pyarrow.Array:
    return pyarrow.array(s.astype("str"), from_pandas=True)


def _mask(result: pyarrow.Array) -> np.ndarray:
    return np.asarray(result.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def parse_number(raw: pd.Series, *, money: bool = False, whole: bool = False) -> _Parsed:
    """Read numbers (or money) from text, following the rules of the module docstring.

    Plain numbers (the vast majority) are read in one vectorized pass; only the
    other cells go through the slower rules for separators, signs and currencies.

    Parameters
    ----------
    raw
        The cells as text; ``""`` is a missing value.
    money
        Accept currency signs and codes, round to cents (with a note).
    whole
        Require whole numbers.

    Examples
    --------
    >>> p = parse_number(pd.Series(["1234.5", "1,234.50", "¥1,234.50", "1 234.50", "(12)", ""]), money=True)
    >>> p.values.tolist()[:5], bool(p.values.isna().iloc[5]), bool(p.bad.any())
    ([1234.5, 1234.5, 1234.5, 1234.5, -12.0], True, False)
    >>> p.noted.tolist()
    [False, True, True, True, True, False]
    >>> bad = parse_number(pd.Series(["1,23", "1.234,50", "abc", "1,234"]), money=True)
    >>> bad.bad.tolist(), float(bad.values.iloc[3])
    ([True, True, True, False], 1234.0)
    >>> parse_number(pd.Series(["3", "3.0", "3.5"]), whole=True).bad.tolist()
    [False, False, True]
    """
    raw = raw.astype("str")
    arr = _arrow(raw)
    empty = (raw.isna() | raw.eq("")).to_numpy()
    plain = _mask(pc.match_substring_regex(arr, _FAST_NUMBER))
    values = pc.cast(pc.if_else(plain, arr, None), pyarrow.float64()).to_numpy(zero_copy_only=False)
    values = np.array(values, dtype="float64")
    ok = plain & np.isfinite(values)
    noted = np.zeros(len(raw), dtype=bool)
    reasons = pd.Series("is not a number", index=raw.index, dtype=object)
    if money:
        dotted = ok & _mask(pc.match_substring_regex(arr, _FAST_DOT_GROUPED))
        if dotted.any():
            ok &= ~dotted
            reasons[dotted] = raw[dotted].map(_dot_reason).to_numpy()
    digits = raw.where(ok, "")
    rest = ~empty & ~ok
    if rest.any():
        sub = _parse_formatted(raw[rest], money)
        values[rest] = sub["value"].to_numpy(dtype="float64")
        ok[rest] = sub["ok"].to_numpy(dtype=bool)
        noted[rest] = sub["noted"].to_numpy(dtype=bool)
        reasons[rest] = sub["reason"].to_numpy()
        digits[rest] = sub["digits"].to_numpy()
    if whole:
        fraction = ok & (np.nan_to_num(values) % 1 != 0)
        reasons[fraction] = "is not a whole number"
        ok &= ~fraction
    note = "had thousands separators, currency signs or accounting brackets in {count}; " \
           "{example} was read as {read}"
    if money:
        cents = ok & _mask(pc.match_substring_regex(_arrow(digits), _SUB_CENT)) & ~noted
        if cents.any():
            noted |= cents
            note = "had thousands separators, currency signs, brackets or more than two decimals " \
                   "in {count}; {example} was read as {read}"
        values = np.round(values, 2)
    index = raw.index
    values = pd.Series(np.where(ok, values, np.nan), index=index, dtype="float64")
    return _Parsed(values, pd.Series(~empty & ~ok, index=index), reasons,
                   pd.Series(noted & ok, index=index), note)


def _parse_formatted(raw: pd.Series, money: bool) -> pd.DataFrame:
    """Numbers written with separators, signs, brackets or currencies (the slow path)."""
    parts = raw.astype(object).str.extract(_NUMBER_RE)
    num = parts["num"].fillna("")
    plain = num.str.fullmatch(_PLAIN).fillna(False).astype(bool)
    grouped = num.str.fullmatch(_GROUPED).fillna(False).astype(bool) & ~plain
    ambiguous = num.str.fullmatch(_AMBIGUOUS).fillna(False).astype(bool) & ~plain & ~grouped
    dotted = num.str.fullmatch(_DOT_GROUPED).fillna(False).astype(bool) & money
    plain &= ~dotted
    has_open, has_close = parts["open"].notna(), parts["close"].notna()
    signs = parts["s1"].notna().astype(int) + parts["s2"].notna().astype(int) + has_open.astype(int)
    currency = parts["cur"].notna() | parts["yuan"].notna()
    shape_ok = (has_open == has_close) & (signs <= 1) & (money | ~currency)
    ok = (plain | grouped) & shape_ok
    digits = num.where(ok, "").str.replace(rf"[,' {_SEP}]", "", regex=True)
    values = pd.to_numeric(digits.where(ok, None), errors="coerce").astype("float64")
    negative = parts["s1"].isin(["-", "\u2212"]) | parts["s2"].isin(["-", "\u2212"]) | has_open
    values = values.where(~negative, -values)
    ok &= values.notna() & np.isfinite(values.fillna(0))
    reason = pd.Series(np.where(
        ambiguous & shape_ok,
        "is ambiguous: the comma could be a decimal or a thousands separator "
        "(write 1234.50, with a dot for decimals)",
        "is not a number",
    ), index=raw.index, dtype=object)
    dotted &= shape_ok
    if dotted.any():
        reason[dotted] = num[dotted].map(_dot_reason)
    if not money:
        reason = reason.where(~currency, "is not a number (currency signs belong in money columns only)")
    noted = ok & (grouped | currency | has_open)
    return pd.DataFrame({"value": values, "ok": ok, "noted": noted, "reason": reason, "digits": digits})


_DATE_RE = (
    r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_CN_DATE_RE = r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"


def parse_date(raw: pd.Series) -> _Parsed:
    """Read year-first dates from text; impossible dates such as 2026-02-30 are errors.

    ISO dates are read in one vectorized pass; other spellings go through the
    slower rules of the module docstring.

    >>> p = parse_date(pd.Series(["2026-10-31", "2026/1/5", "2026年2月3日", "2026-02-30", "31/10/2026", ""]))
    >>> [str(v)[:10] for v in p.values]
    ['2026-10-31', '2026-01-05', '2026-02-03', 'NaT', 'NaT', 'NaT']
    >>> p.bad.tolist()
    [False, False, False, True, True, False]
    """
    raw = raw.astype("str")
    arr = _arrow(raw)
    empty = (raw.isna() | raw.eq("")).to_numpy()
    iso = pc.if_else(pc.match_substring_regex(arr, r"^\d{4}-\d{2}-\d{2}$"), arr, None)
    parsed = pc.strptime(iso, format="%Y-%m-%d", unit="us", error_is_null=True)
    # Arrow rolls 2026-02-30 over to 2026-03-02: keep only dates whose day is the one written.
    written_day = pc.cast(pc.utf8_slice_codeunits(iso, 8, 10), pyarrow.int64())
    ok = _mask(pc.equal(pc.day(parsed), written_day))
    values = np.array(parsed.to_numpy(zero_copy_only=False), dtype="datetime64[us]")
    values[~ok] = np.datetime64("NaT")
    reasons = pd.Series("is not a date", index=raw.index, dtype=object)
    rest = ~empty & ~ok
    if rest.any():
        sub = raw[rest].astype(object)
        parts = sub.str.extract(_DATE_RE)[["y", "m", "d"]].fillna(sub.str.extract(_CN_DATE_RE))
        matched = parts["y"].notna()
        ymd = parts.where(matched, "1").astype("int64")
        found = pd.to_datetime(
            pd.DataFrame({"year": ymd["y"], "month": ymd["m"], "day": ymd["d"]}), errors="coerce"
        ).where(matched).astype("datetime64[us]")
        values[rest] = found.to_numpy()
        ok[rest] = found.notna().to_numpy()
        reasons[rest] = np.where(matched, "is not a date: there is no such day in the calendar", "is not a date")
    values = pd.Series(values, index=raw.index)
    return _Parsed(values, pd.Series(~empty & ~ok, index=raw.index), reasons)


_BOOLS = {
    "true": True, "false": False, "t": True, "f": False, "yes": True, "no": False,
    "y": True, "n": False, "1": True, "0": False, "1.0": True, "0.0": False, "是": True, "否": False,
}


def parse_bool(raw: pd.Series) -> _Parsed:
    """Read booleans: true/false, yes/no, y/n, t/f, 1/0, 是/否 (any case).

    >>> p = parse_bool(pd.Series(["TRUE", "no", "是", "否", "1", "", "maybe"]))
    >>> p.values.tolist(), p.bad.tolist()
    ([True, False, True, False, True, <NA>, <NA>], [False, False, False, False, False, False, True])
    """
    raw = raw.astype("str")
    empty = raw.eq("") | raw.isna()
    values = raw.str.lower().map(_BOOLS).astype("boolean")
    return _Parsed(values, ~empty & values.isna(), "is not true or false")


def parse_text(raw: pd.Series) -> _Parsed:
    """Text, identifiers and categories: empty cells are missing."""
    raw = raw.astype("str")
    values = raw.where(raw.ne("") & raw.notna())
    return _Parsed(values.astype("str"), pd.Series(False, index=raw.index))


def parse_column(raw: pd.Series, column: Column) -> _Parsed:
    """Convert a column of raw text to the kind declared in the schema."""
    kind = column.kind
    if kind == "date":
        return parse_date(raw)
    if kind == "bool":
        return parse_bool(raw)
    if kind in ("money", "number", "int", "score"):
        parsed = parse_number(raw, money=kind == "money", whole=kind in ("int", "score"))
        if kind in ("int", "score"):
            # A whole number too large for the store (BIGINT) cannot become Int64 either.
            big = parsed.values.abs().ge(column.bound).to_numpy() & ~parsed.bad.to_numpy()
            if big.any():
                parsed.reasons = (parsed.reasons if isinstance(parsed.reasons, pd.Series)
                                  else pd.Series(parsed.reasons, index=raw.index, dtype=object)).copy()
                parsed.reasons[big] = f"is too large to store (at most {int(column.bound) - 1:,})"
                parsed.bad = parsed.bad | big
                parsed.values = parsed.values.where(~big)
                if parsed.noted is not None:
                    parsed.noted = parsed.noted & ~big
            parsed.values = parsed.values.astype("Int64")
        return parsed
    return parse_text(raw)


# --------------------------------------------------------------------------- mapping
@dataclass
class _Mapping:
    """A parsed mapping file: renames of tables and columns, with line numbers."""

    file: str = ""
    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[str | None, dict[str, str]] = field(default_factory=dict)  # None: all tables
    lines: dict[tuple, int] = field(default_factory=dict)
    unreadable: bool = False  # the file is missing or not YAML: nothing is known of the renames


def _node_to_dict(node, path: tuple, lines: dict) -> object:
    """A YAML node as plain Python (scalars kept as text), recording line numbers."""
    if isinstance(node, yaml.MappingNode):
        out = {}
        for k, v in node.value:
            key = str(k.value)
            lines[path + (key,)] = k.start_mark.line + 1
            out[key] = _node_to_dict(v, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_node_to_dict(v, path, lines) for v in node.value]
    return None if node.tag.endswith(":null") else str(node.value)


def _read_mapping(mapping: str | os.PathLike | Mapping | None, out: _Collector) -> _Mapping:
    """Parse and check a mapping (a YAML file or a dict); problems go to ``out``."""
    result = _Mapping()
    if mapping is None:
        return result
    if isinstance(mapping, Mapping):
        doc, result.file = dict(mapping), "mapping"
    else:
        path = Path(mapping)
        result.file = os.fspath(mapping)
        try:
            with open(path, "rb") as fh:
                text = _decode(fh.read())[0]
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except FileNotFoundError:
            out.add(Problem(result.file, None, None, None, None, None, "mapping file not found"))
            result.unreadable = True
            return result
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = exc.problem or exc.context or "not valid YAML"
            out.add(Problem(result.file, None, None, mark.line + 1 if mark else None, None,
                            "a YAML mapping file", f"cannot read the mapping: {what}"))
            result.unreadable = True
            return result
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            out.add(Problem(result.file, None, None, None, None, "a YAML mapping file",
                            f"cannot read the mapping: {str(exc).splitlines()[0]}"))
            result.unreadable = True
            return result
        doc = _node_to_dict(node, (), result.lines) if node is not None else {}
    file = result.file
    if not isinstance(doc, dict):
        out.add(Problem(file, None, None, None, None, "sections tables: and columns:",
                        "the mapping is not a YAML mapping"))
        return result
    for key in doc:
        if key not in ("tables", "columns"):
            out.add(Problem(file, None, None, result.lines.get((key,)), key, "tables: or columns:",
                            f"unknown section {_q(key)} in the mapping"))
    tables = doc.get("tables") or {}
    model_tables = ", ".join(TABLES)
    if not isinstance(tables, dict):
        out.add(Problem(file, None, None, result.lines.get(("tables",)), None,
                        "source name: table pairs", "tables: must be a mapping"))
        tables = {}
    for src, dst in tables.items():
        if dst not in TABLES:
            out.add(Problem(file, None, None, result.lines.get(("tables", src)), src,
                            f"one of {model_tables}",
                            f"{_q(src)} is mapped to {_q(dst)}, which is not a table of the model"))
        else:
            result.tables[src] = dst
    columns = doc.get("columns") or {}
    if not isinstance(columns, dict):
        out.add(Problem(file, None, None, result.lines.get(("columns",)), None,
                        "source column: model column pairs", "columns: must be a mapping"))
        columns = {}
    all_names = {c.name for t in TABLES.values() for c in t.columns}
    for key, value in columns.items():
        line = result.lines.get(("columns", key))
        if isinstance(value, dict):
            if key not in TABLES:
                out.add(Problem(file, None, None, line, key, f"one of {model_tables}",
                                f"columns: names {_q(key)}, which is not a table of the model"))
                continue
            names = TABLES[key].names
            for src, dst in value.items():
                if dst not in names:
                    out.add(Problem(
                        file, key, dst, result.lines.get(("columns", key, src)), src,
                        f"a column of {key}: {', '.join(names)}",
                        f"{_q(src)} is mapped to {_q(dst)}, which is not a column of {key}"))
                else:
                    result.columns.setdefault(key, {})[src] = dst
        elif isinstance(value, str) and value in all_names:
            result.columns.setdefault(None, {})[key] = value
        else:
            out.add(Problem(file, None, value, line, key, "a column of the model",
                            f"{_q(key)} is mapped to {_q(value)}, which is not a column of any table"))
    return result


# --------------------------------------------------------------------------- reading files
@dataclass
class _RawTable:
    """One table as read from a source: text cells indexed by source row number."""

    table: str
    file: str
    frame: pd.DataFrame | None  # None when the file could not be read
    header_row: int | None = 1
    #: Reads the file when the table is converted: one large table's text in memory at a time.
    reader: Callable[[], "_RawTable"] | None = None

    def read(self) -> "_RawTable":
        """The table with its cells read (files of a folder are read on first use)."""
        return self.reader() if self.reader is not None else self


def _decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _read_csv(path: Path, file: str, table: str, out: _Collector) -> _RawTable:
    with open(path, "rb") as fh:  # read-only: sources are never modified
        data = fh.read()
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        out.add(Problem(file, table, None, None, None, "UTF-8 or GB18030 text",
                        "cannot decode the file (neither UTF-8 nor GB18030)"))
        return _RawTable(table, file, None)
    if not text.strip():  # also a file holding nothing but the byte-order mark Excel writes
        empty = "the file is empty" + (" (0 bytes)" if not data else "")
        if TABLES[table].optional:
            out.add(Problem(file, table, None, None, None, None,
                            f"{empty}; the optional table {table} is left out", "note"))
        else:
            out.add(Problem(file, table, None, None, None, "a header line and at least one row", empty))
        return _RawTable(table, file, None)
    if encoding == "gb18030":
        out.add(Problem(file, table, None, None, None, None,
                        "the file is not UTF-8; it was read as GB18030 (Chinese)", "note"))
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
        out.add(Problem(file, table, None, reader.line_num or None, None, "a CSV file",
                        f"cannot read the file: {exc}"))
        return None
    if ragged:
        out.cells(file, table, None, [r for r, _ in ragged], [None] * len(ragged),
                  [f"the line has {n} fields (a stray comma or quote?); it was left out" for _, n in ragged],
                  f"{width} fields like the header", what="lines", total=len(ragged))
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
            parse_options=pyarrow_csv.ParseOptions(delimiter=sep, newlines_in_values=True,
                                                   ignore_empty_lines=False),
            convert_options=pyarrow_csv.ConvertOptions(
                column_types={f"f{i}": pyarrow.string() for i in range(n)},
                strings_can_be_null=False, quoted_strings_can_be_null=False),
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
    body = cells.iloc[header_pos + 1:]
    body = body[nonempty.iloc[header_pos + 1:].to_numpy()]
    keep = [i for i, h in enumerate(header) if h or filled.iloc[header_pos + 1:, i].any()]
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


def _read_workbook(path: Path, given: str, mapping: _Mapping, out: _Collector) -> list[_RawTable] | None:
    """The sheets of a workbook named like (or mapped onto) tables; None if it cannot be read."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object,
                               keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl and zipfile raise many kinds
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        out.add(Problem(given, None, None, None, None, "an .xlsx workbook",
                        f"cannot read the workbook: {reason}"))
        return None
    found = []
    for sheet, cells in sheets.items():
        table = _table_of(sheet, mapping)
        file = f"{Path(given).name}, sheet {sheet}"
        if table is None:
            out.add(Problem(file, None, None, None, None, None,
                            "the sheet is not named like a table of the model (nor mapped onto one) "
                            "and was ignored", "note"))
            continue
        cells = cells.apply(lambda c: c.map(_cell_text)) if len(cells.columns) else cells
        cells.index = np.arange(1, len(cells) + 1)
        found.append(_frame_from_cells(cells, table, file))
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
                out.add(Problem(path.name, None, None, None, None, None,
                                "the file is not named like a table of the model (nor mapped onto one) "
                                "and was ignored", "note"))
                continue
            reader = _read_csv if kind == "csv" else _read_parquet
            raws.append(_RawTable(table, path.name, None,
                                  reader=functools.partial(reader, path, path.name, table, out)))
    elif source.suffix.lower() in WORKBOOK_SUFFIXES:
        raws = _read_workbook(source, given, mapping, out)
        if raws is None:
            return None
    elif source.suffix.lower() == ".xls":
        out.add(Problem(given, None, None, None, None, "an .xlsx workbook",
                        "old .xls workbooks cannot be read; save it as .xlsx"))
        return None
    else:
        out.add(Problem(given, None, None, None, None,
                        "a folder of CSV or Parquet files, or an .xlsx workbook",
                        "the source is neither a folder nor an .xlsx workbook"))
        return None
    tables: dict[str, _RawTable] = {}
    for raw in raws:
        if raw.table in tables:
            out.add(Problem(raw.file, raw.table, None, None, None, "one file or sheet per table",
                            f"table {raw.table} is also given by {tables[raw.table].file}"))
            continue
        tables[raw.table] = raw
    return {name: tables[name] for name in TABLES if name in tables}  # in model order


def _rename(raw: _RawTable, mapping: _Mapping, out: _Collector) -> pd.DataFrame:
    """Rename a source's headers onto the model (mapping, Chinese names, case)."""
    t = TABLES[raw.table]
    frame = raw.frame
    per_table = mapping.columns.get(t.name, {})
    everywhere = mapping.columns.get(None, {})
    chinese = {c.chinese: c.name for c in t.columns if c.chinese}
    lower = {c.name.lower(): c.name for c in t.columns}
    renamed = []
    for h in frame.columns:
        name = per_table.get(h) or everywhere.get(h) or (h if h in t.names else None) \
            or lower.get(h.lower()) or chinese.get(h) or h
        renamed.append(name)
    for src in per_table:
        if src not in frame.columns:
            out.add(Problem(mapping.file, t.name, per_table[src], mapping.lines.get(("columns", t.name, src)),
                            src, None, f"the mapping renames {_q(src)}, but {raw.file} has no such column",
                            "note"))
    seen: dict[str, str] = {}
    for h, name in zip(frame.columns, renamed):
        if name in seen:
            how = f"both {_q(seen[name])} and {_q(h)} are" if seen[name] != h else f"{_q(h)} is"
            out.add(Problem(raw.file, t.name, name, raw.header_row, h, "each column once",
                            f"{how} read as column {name}; only the first is used"))
        else:
            seen[name] = h
    # Problems in this table name the user's own header beside the model's column.
    out.headers[(raw.file, t.name)] = {name: h for name, h in seen.items() if name != h}
    keep = [i for i, name in enumerate(renamed) if renamed.index(name) == i]
    result = frame.iloc[:, keep].copy()
    result.columns = [renamed[i] for i in keep]
    return result


# --------------------------------------------------------------------------- shared checks
def _missing_tables(present: Iterable[str], out: _Collector, file_of) -> None:
    for name in REQUIRED_TABLES:
        if name not in present:
            out.add(Problem(file_of(name), name, None, None, None,
                            f"this table: only {_and(t.name for t in TABLES.values() if t.optional)} "
                            "may be left out",
                            f"the table {name} is missing"))


def _missing_columns(table: Table, columns: Iterable[str], file: str, out: _Collector) -> None:
    present = set(columns)
    for name in table.required:
        if name not in present:
            out.add(Problem(file, table.name, name, None, None,
                            f"a header {name}, or a mapping onto it",
                            f"the required column {name} "
                            f"({table.column(name).description[0].lower()}{table.column(name).description[1:]}) "
                            "is missing"))


_OPS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}
_NEGATED = {"<=": ">", ">=": "<", "<": ">=", ">": "<="}


def _rule_check(left: str, op: str, right: str, plus: tuple[str, ...] = ()):
    def check(df: pd.DataFrame) -> pd.Series:
        lhs, rhs = df[left], df[right]
        if plus:  # money: an empty cell adds nothing; the sum in cents, free of float noise
            lhs = (lhs + sum(df[c].fillna(0) for c in plus)).round(2)
        ok = _OPS[op](lhs, rhs)
        ok = pd.Series(ok, index=df.index).astype("boolean")
        return (ok | lhs.isna() | rhs.isna()).fillna(True).astype(bool)

    return check


def _range_text(col: Column) -> str:
    if col.kind == "score":
        return EXPECTED["score"]
    if col.min is not None and col.max is not None:
        return f"a value from {col.min:g} to {col.max:g}"
    if col.min is not None:
        return "a number >= 0" if col.min == 0 else f"a number >= {col.min:g}"
    return f"a number <= {col.max:g}"


@lru_cache(maxsize=None)
def pandera_schema(table: str, present: tuple[str, ...] | None = None) -> pa.DataFrameSchema:
    """The pandera schema of ``table``, derived from :mod:`kamtools.schema`.

    Only columns in ``present`` are declared (default: all model columns); a
    missing column is reported separately, once. Dtypes are not declared: raw
    sources are converted first, typed data has its dtypes checked per column.

    >>> s = pandera_schema("invoices")
    >>> s.unique, sorted(s.columns)[:2]
    (['invoice_id'], ['amount', 'cost'])
    """
    import pandera.pandas as pa  # imported on first use: it takes a while, and `kam --help` should not

    t = TABLES[table]
    cols = set(t.names if present is None else present)
    columns = {}
    for c in t.columns:
        if c.name not in cols:
            continue
        checks = []
        if c.min is not None and c.max is not None:
            checks.append(pa.Check.in_range(c.min, c.max, error="range"))
        elif c.min is not None:
            checks.append(pa.Check.ge(c.min, error="min"))
        elif c.max is not None:
            checks.append(pa.Check.le(c.max, error="max"))
        if c.allowed:
            checks.append(pa.Check.isin(list(c.allowed), error="allowed"))
        if c.kind == "money" and c.bound is not None:  # what the store's DECIMAL type holds
            checks.append(pa.Check.lt(c.bound, error="bound"))
            checks.append(pa.Check.gt(-c.bound, error="bound"))
        columns[c.name] = pa.Column(nullable=c.nullable, checks=checks, required=False)
    rules = [
        pa.Check(_rule_check(r.left, r.op, r.right, tuple(c for c in r.plus if c in cols)), error=f"rule:{i}")
        for i, r in enumerate(t.rules)
        if r.left in cols and r.right in cols
    ]
    unique = list(t.key) if t.key and set(t.key) <= cols else None
    return pa.DataFrameSchema(columns, checks=rules, unique=unique, report_duplicates="exclude_first",
                              name=table)


def _check_tables(frames: Mapping[str, pd.DataFrame], files: Mapping[str, str],
                  raw: Mapping[str, pd.DataFrame], skip: Mapping[str, Mapping[str, pd.Index]],
                  out: _Collector) -> None:
    """Constraints (pandera) and foreign keys on typed frames indexed by source row.

    ``raw`` gives the text of each cell to show (else the typed value is shown);
    ``skip`` the cells already reported as unreadable, per table and column.
    """
    for name, df in frames.items():
        _check_constraints(name, df, files[name], raw.get(name), skip.get(name, {}), out)
    _check_foreign_keys(frames, files, raw, out)


def _values_at(name: str, df: pd.DataFrame, raw: pd.DataFrame | None, column: str, rows) -> list[str]:
    source = raw if raw is not None and column in raw.columns else None
    if source is not None:
        return source.loc[rows, column].astype(str).tolist()
    return _as_text(df.loc[rows, column]).tolist()


def _check_constraints(name: str, df: pd.DataFrame, file: str, raw: pd.DataFrame | None,
                       skip: Mapping[str, pd.Index], out: _Collector) -> None:
    t = TABLES[name]
    present = tuple(c for c in t.names if c in df.columns)
    schema = pandera_schema(name, present)
    import pandera.pandas as pa

    try:
        schema.validate(df[list(present)], lazy=True)
        return
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    cases = cases[cases["index"].notna()]
    col_level = cases[cases["schema_context"] == "Column"]
    # Cells already reported (unreadable, or failing a column check) are not reported again.
    failed: dict[str, pd.Index] = {c: pd.Index(skip.get(c, []), dtype="int64") for c in present}
    for (column, check), group in col_level.groupby(["column", "check"], sort=False):
        col = t.column(column)
        rows = pd.Index(group["index"].astype("int64")).unique()
        rows = rows[~rows.isin(failed[column])]
        failed[column] = failed[column].append(rows)
        if rows.empty:
            continue
        head = out.head(rows)
        if check == "not_nullable":
            out.cells(file, name, column, head, [None] * len(head), "the cell is empty",
                      EXPECTED[col.kind], what="empty cells", total=len(rows))
            continue
        values = _values_at(name, df, raw, column, head)
        if check == "min" and col.min == 0:
            how, expected = "is negative", _range_text(col)
        elif check == "min":
            how, expected = f"is below the minimum {col.min:g}", _range_text(col)
        elif check == "max":
            how, expected = f"is above the maximum {col.max:g}", _range_text(col)
        elif check == "range":
            how, expected = "is out of range", _range_text(col)
        elif check == "allowed":
            how, expected = "is not one of the allowed values", "one of " + ", ".join(col.allowed or ())
        elif check == "bound":
            how = "is too large to store"
            expected = f"an amount with at most {len(f'{col.bound:.0f}') - 1} digits before the decimal point"
        else:  # pragma: no cover - a check pandera added on its own
            how, expected = f"fails the check {check}", None
        out.cells(file, name, column, head, values, [f"value {_q(v)} {how}" for v in values], expected,
                  total=len(rows))
    frame_level = cases[cases["schema_context"] == "DataFrameSchema"]
    for check, group in frame_level.groupby("check", sort=False):
        rows = pd.Index(group["index"].astype("int64").unique())
        if check.startswith("rule:"):
            rule = t.rules[int(check.split(":")[1])]
            plus = [c for c in rule.plus if c in df.columns]
            involved: tuple[str, ...] = (rule.left, rule.right, *plus)
        else:
            involved = t.key
        for c in involved:
            rows = rows[~rows.isin(failed.get(c, []))]
        if rows.empty:
            continue
        head = out.head(rows)
        if check.startswith("rule:"):
            left = _values_at(name, df, raw, rule.left, head)
            right = _values_at(name, df, raw, rule.right, head)
            added = [list(zip([c] * len(head), _values_at(name, df, raw, c, head))) for c in plus]
            sides = [" + ".join([f"{rule.left} {_q(a)}", *(f"{c} {_q(v)}" for c, v in extra if v != "")])
                     for a, *extra in zip(left, *added)]
            msgs = [f"{rule.message}: {side} {_NEGATED[rule.op]} {rule.right} {_q(b)}"
                    for side, b in zip(sides, right)]
            shown = " + ".join([rule.left, *plus])
            out.cells(file, name, rule.left, head, left, msgs, f"{shown} {rule.op} {rule.right}",
                      what="rows", total=len(rows))
        else:  # multiple_fields_uniqueness, the only other frame-level check
            _report_duplicates(name, df, file, raw, rows, out)


def _report_duplicates(name: str, df: pd.DataFrame, file: str, raw: pd.DataFrame | None,
                       rows: pd.Index, out: _Collector) -> None:
    key = list(TABLES[name].key)
    head = out.head(rows)
    first = pd.Series(df.index, index=df.index).groupby(
        [df[k] for k in key], dropna=False, sort=False).transform("first")
    firsts = first.loc[head].tolist() if first.index.is_unique else ["?"] * len(head)
    shown = {k: _values_at(name, df, raw, k, head) for k in key}
    if len(key) == 1:
        values = shown[key[0]]
        msgs = [f"duplicate {key[0]} {_q(v)}, already in row {f}" for v, f in zip(values, firsts)]
        expected = f"each {key[0]} once"
    else:
        combos = [", ".join(f"{k} {_q(shown[k][i])}" for k in key) for i in range(len(head))]
        msgs = [f"duplicate key ({c}), already in row {f}" for c, f in zip(combos, firsts)]
        values = [" / ".join(shown[k][i] for k in key) for i in range(len(head))]
        expected = f"each combination of {', '.join(key)} once"
    out.cells(file, name, ", ".join(key), head, values, msgs, expected, what="duplicate rows",
              total=len(rows))


def _isin(values: pd.Series, known: pd.Series) -> np.ndarray:
    """``values.isin(known)`` as a numpy bool array, fast for Arrow-backed strings.

    (pandas' ``isin`` on ``str`` columns converts the lookup values one by one.)

    >>> _isin(pd.Series(["a", "b", None], dtype="str"), pd.Series(["b", "c"], dtype="str")).tolist()
    [False, True, False]
    """
    try:
        lookup = pyarrow.array(known.dropna().unique(), from_pandas=True)
        return _mask(pc.is_in(pyarrow.array(values, from_pandas=True), value_set=lookup))
    except (pyarrow.ArrowException, TypeError, ValueError):
        return values.isin(known.dropna().unique()).to_numpy(dtype=bool)


def _check_foreign_keys(frames: Mapping[str, pd.DataFrame], files: Mapping[str, str],
                        raw: Mapping[str, pd.DataFrame], out: _Collector) -> None:
    for name, df in frames.items():
        for col in TABLES[name].foreign_keys:
            ref_table, ref_col = col.references.split(".")
            if col.name not in df.columns or ref_table not in frames or ref_col not in frames[ref_table]:
                continue
            values = df[col.name]
            unknown = values.notna().to_numpy() & ~_isin(values, frames[ref_table][ref_col])
            if not unknown.any():
                continue
            rows = df.index[unknown]
            head = out.head(rows)
            shown = _values_at(name, df, raw.get(name), col.name, head)
            out.cells(files[name], name, col.name, head, shown,
                      [f"value {_q(v)} is unknown: there is no such {ref_col} in {ref_table}" for v in shown],
                      f"{_article(ref_col)} {ref_col} listed in {files.get(ref_table, ref_table)}",
                      total=len(rows))


# --------------------------------------------------------------------------- public API
def read_source(source: str | os.PathLike, mapping: str | os.PathLike | Mapping | None = None, *,
                limit: int = LIMIT) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
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

    Returns
    -------
    tables, problems
        The tables read, in the model's dtypes (cells that could not be read are
        missing), and every problem found, errors and notes (see :class:`Problem`).

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
        out.add(Problem(given, None, None, None, None, "a folder of CSV or Parquet files, or an .xlsx workbook",
                        "no such file or folder"))
        return {}, out.problems
    if maps.unreadable:  # without its renames, the source's headers would all look wrong
        return {}, out.problems
    raws = _read_files(path, given, maps, out)
    if raws is None:  # the source itself could not be read: its tables are not "missing"
        return {}, out.problems
    if path.is_dir():
        parquet = any(p.suffix.lower() in (".parquet", ".pq") for p in path.iterdir())
        suffix = ".parquet" if parquet and not any(path.glob("*.csv")) else ".csv"
        _missing_tables(raws, out, lambda n: f"{n}{suffix}")
    else:
        _missing_tables(raws, out, lambda n: f"{path.name}, sheet {n}")

    typed: dict[str, pd.DataFrame] = {}
    texts: dict[str, pd.DataFrame] = {}
    skip: dict[str, dict[str, pd.Index]] = {}
    files = {name: raw.file for name, raw in raws.items()}
    for name, placeholder in raws.items():
        raw = placeholder.read()
        if raw.frame is not None:
            frame = _rename(raw, maps, out)
            raw.frame = None  # the renamed copy is all that is needed from here: keeps the peak low
            typed[name], texts[name], skip[name] = _convert(frame, name, raw.file, out)
            del frame
        del raw
        gc.collect()  # the text of a large table holds reference cycles; free it before the next
        pyarrow.default_memory_pool().release_unused()
    _check_tables(typed, files, texts, skip, out)
    tables = {name: conform(df, name) for name, df in typed.items()}
    return tables, out.problems


def _convert(frame: pd.DataFrame, name: str, file: str, out: _Collector
             ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.Index]]:
    """Check the structure of one table's raw text and convert each model column to its kind.

    Returns the typed frame (extra columns kept as text), the stripped text of
    the model columns and, per column, the rows whose value could not be read.
    """
    t = TABLES[name]
    _missing_columns(t, frame.columns, file, out)
    if frame.empty and not t.optional:
        out.add(Problem(file, name, None, None, None, "at least one row",
                        "there is a header but no rows" if len(frame.columns) else "it is empty"))
    model = [c for c in t.columns if c.name in frame.columns]
    text = pd.DataFrame({c.name: frame[c.name].astype("str").str.strip() for c in model}, index=frame.index)
    typed, unreadable = {}, {}
    for c in model:
        parsed = parse_column(text[c.name], c)
        typed[c.name] = parsed.values
        if parsed.bad.any():
            rows = text.index[parsed.bad.to_numpy()]
            unreadable[c.name] = rows
            head = out.head(rows)
            values = text.loc[head, c.name].tolist()
            reasons = (parsed.reasons.loc[head].tolist() if isinstance(parsed.reasons, pd.Series)
                       else [parsed.reasons] * len(head))
            out.cells(file, name, c.name, head, values, [f"value {_q(v)} {r}" for v, r in zip(values, reasons)],
                      EXPECTED[c.kind], total=len(rows))
        if parsed.noted is not None and parsed.noted.any():
            rows = text.index[parsed.noted.to_numpy()]
            example, read = text.loc[rows[0], c.name], parsed.values.loc[rows[0]]
            message = parsed.note.format(count=_plural(len(rows), "value"), example=_q(example),
                                         read=f"{read:.2f}" if c.kind == "money" else f"{read:g}")
            out.add(Problem(file, name, c.name, int(rows[0]), example, EXPECTED[c.kind], message, "note"))
    result = pd.DataFrame(typed, index=frame.index)
    for extra in frame.columns:
        if extra not in typed:
            result[extra] = frame[extra]
    # Source text is kept only where it can differ from the value read (dates, numbers):
    # an id or a name reads as itself, and keeping its text twice would double the memory
    # of the largest tables.
    shown = [c.name for c in model if c.kind not in ("id", "text", "category")]
    return result, text[shown], unreadable


def _kind_ok(series: pd.Series, col: Column) -> bool:
    """Whether a typed column's dtype fits its kind."""
    api = pd.api.types
    if col.kind == "date":
        return api.is_datetime64_dtype(series)
    if col.kind == "bool":
        return api.is_bool_dtype(series)
    if col.kind in ("int", "score"):
        return api.is_integer_dtype(series) and not api.is_bool_dtype(series)
    if col.kind in ("money", "number"):
        return api.is_numeric_dtype(series) and not api.is_bool_dtype(series)
    return api.is_string_dtype(series) or series.isna().all()


def validate(data: KamData | Mapping[str, pd.DataFrame], *, limit: int = LIMIT) -> list[Problem]:
    """Check typed data against the model: dtypes, constraints, keys, rules, foreign keys.

    The same checks as :func:`read_source` applies after reading a source. For
    in-memory data, ``Problem.file`` is the table name and ``Problem.row`` the
    position of the row (0-based).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=20, years=1, seed=4)
    >>> validate(data)
    []
    >>> frames = data.frames()
    >>> frames["financials"].loc[0, "total_assets"] = -5000.0
    >>> print(validate(frames)[0])
    financials, row 0, column total_assets: value '-5000.0' is negative (expected a number >= 0)
    """
    out = _Collector(limit)
    frames = data.frames() if isinstance(data, KamData) else dict(data)
    unknown = sorted(set(frames) - set(TABLES))
    for name in unknown:
        out.add(Problem(name, None, None, None, None, "a table of the model", f"unknown table {name}"))
    _missing_tables(frames, out, lambda n: n)
    checked: dict[str, pd.DataFrame] = {}
    for name, df in frames.items():
        if name not in TABLES:
            continue
        t = TABLES[name]
        df = df.reset_index(drop=True)
        _missing_columns(t, df.columns, name, out)
        keep = []
        for c in t.columns:
            if c.name not in df.columns:
                continue
            if _kind_ok(df[c.name], c):
                keep.append(c.name)
            else:
                out.add(Problem(name, name, c.name, None, str(df[c.name].dtype),
                                f"{c.dtype} ({EXPECTED[c.kind]})",
                                f"the column has dtype {df[c.name].dtype}"))
        checked[name] = df[keep + [c for c in df.columns if c not in t.names]]
    _check_tables(checked, {n: n for n in checked}, {}, {}, out)
    return out.problems


def _errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def load(path_or_db: str | os.PathLike | None = None, mapping: str | os.PathLike | Mapping | None = None,
         strict: bool = True) -> KamData:
    """Load the workbook's data from a store, a source folder or a workbook.

    Parameters
    ----------
    path_or_db
        A ``.duckdb`` store (opened read-only), a folder of CSV/Parquet files or
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
        from . import paths

        db = paths.default_db()
        path_or_db = db if db.exists() else paths.SAMPLE_DIR
    path = Path(path_or_db)
    if path.suffix == ".duckdb":
        if not path.exists():
            raise DataError(f"{os.fspath(path_or_db)}: no such store", [])
        return KamData(db=path)
    tables, problems = read_source(path_or_db, mapping)
    errors = _errors(problems)
    if errors:
        report = format_problems(problems, path_or_db)
        if strict:
            raise DataError(report, problems)
        warnings.warn(report, stacklevel=2)
    return KamData(tables)


def import_source(source: str | os.PathLike, db: str | os.PathLike,
                  mapping: str | os.PathLike | Mapping | None = None) -> str:
    """Check ``source`` and, when it has no errors, write it to the store ``db``.

    The store is replaced atomically (see :meth:`KamData.save`); with any error
    nothing is written and :class:`~kamtools.store.DataError` lists every problem.
    Returns a summary: rows per table, then the notes.

    Examples
    --------
    >>> import os, tempfile, kamtools as kt
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = kt.sample_data(customers=20, years=1, seed=1).to_csv(os.path.join(tmp, "src"))
    ...     print(import_source(os.path.join(tmp, "src"), os.path.join(tmp, "kam.duckdb"))[:8])
    imported
    """
    check_target(db)  # before reading a large source: a file that is not a store is never replaced
    tables, problems = read_source(source, mapping)
    if _errors(problems):
        raise DataError(format_problems(problems, source), problems)
    target = KamData(tables).save(db)
    counts = ", ".join(f"{name} {len(tables[name]):,}" for name in TABLES if name in tables)
    lines = [f"imported {os.fspath(source)} into {os.fspath(target)}: {counts}"]
    notes = [p for p in problems if not p.is_error]
    if notes:
        lines.append(_plural(len(notes), "note") + ":")
        lines.extend(f"  {p}" for p in notes)
    return "\n".join(lines)

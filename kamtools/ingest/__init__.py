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

Where the work is done
----------------------
``kam import`` (:func:`import_source`) reads the CSV tables of a source folder with DuckDB, inside
the new store file: each field is typed in SQL on the fast path of the rules below and the rows
that may break a check are found in SQL; only the cells and rows concerned (none, in a clean
source) come to Python, where the same functions as for every other source judge and word them
(:mod:`.engine`, :mod:`.engine_load`, :mod:`.engine_checks`). A table is never whole in pandas, so
the import's memory does not grow with the invoices. Workbooks, Parquet files, a CSV file that is
not one record per line (blank lines, line breaks inside quotes, a ragged line) or not UTF-8, and
the ``customers``, ``group_limits`` and ``snapshots`` tables are read in pandas
(:func:`read_source`, which :func:`load` uses too). Either way the problems and their words are
the same.

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
  rounded to the nearest cent, a half cent to the even one (:mod:`kamtools.money`),
  with a note (``1234.567``, ``12.3456``; ``0.125`` is read as 0.12).
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

from .checks import pandera_schema, validate
from .parsing import parse_bool, parse_column, parse_date, parse_number, parse_text
from .problems import LIMIT, Problem, format_problems
from .source import load, read_source
from .write import import_source

__all__ = [
    "LIMIT",
    "Problem",
    "format_problems",
    "import_source",
    "load",
    "pandera_schema",
    "parse_bool",
    "parse_column",
    "parse_date",
    "parse_number",
    "parse_text",
    "read_source",
    "validate",
]

"""A workbook's sheets as a reader reads them: headers and value codes in the report's language, money
columns headed with their currency (``收入（元）``, ``Revenue (CNY)``) and every number column in the format
its kind has on the report's pages (:mod:`kamtools.output.formats`): money in whole units with thousands
separators (``#,##0``, as the page tables show it; the cell keeps the exact amount), shares as percentages,
days and counts as whole numbers, ratios with two decimals.

:func:`kamtools.output.excel.write_workbook` calls :func:`reader_sheets` when asked for labels.

>>> from kamtools.output import labels
>>> labels.use("zh")
>>> df = pd.DataFrame({"customer_id": ["C1"], "overdue": [1234.5], "overdue_share": [0.25], "max_days_past_due": [40.0]})
>>> shown, money, percent, formats = reader_sheets({"s": df}, set(), set(), {})
>>> list(shown["s"].columns)
['客户编号', '逾期金额（元）', '逾期占比', '最长逾期天数']
>>> sorted(money), sorted(percent), formats["逾期金额（元）"], formats["最长逾期天数"]
(['逾期金额（元）'], ['逾期占比'], '#,##0', '0')
>>> labels.use("en")
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .formats import EXCEL_FORMATS, NUMBER_KINDS, decimals_of, excel_format, kind_of, registered_kind
from .labels import money_column, relabel

#: Money in a workbook a reader reads: whole units of the currency with thousands separators (the cell
#: holds the exact amount; Excel sums it to the cent).
WHOLE_MONEY = "#,##0"


def _number_kind(df: pd.DataFrame, name: str) -> str | None:
    """The kind of a number column of ``df`` as the pages show it (the registry's, else the guess by name),
    None for a column of no number."""
    dtype, registered = df[name].dtype, registered_kind(name)
    if registered is not None and registered not in NUMBER_KINDS:  # a column of text, even empty (float)
        return None
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        return "money" if registered == "money" else None
    return kind_of(name, integer=pd.api.types.is_integer_dtype(dtype))


def _kind_format(name: str, kind: str) -> str:
    """The Excel format of a number column of ``kind``: the registry's own, else the kind's (money whole)."""
    if kind == "money":
        return WHOLE_MONEY
    own = excel_format(name) if registered_kind(name) == kind else None
    if own is not None:
        return own
    if kind in ("days", "count", "hours", "months") and decimals_of(name, kind) == 0:
        return EXCEL_FORMATS["count"] if kind == "count" else "0"
    return EXCEL_FORMATS[kind]


def _sheet(df: pd.DataFrame, money: set, percent: set, explicit: Mapping[str, str]) -> tuple[pd.DataFrame, dict]:
    """One sheet as a reader reads it, and the kind and format of each of its number columns by its name."""
    out = relabel(df)
    found: dict[str, tuple[str, str]] = {}
    plain = df.reset_index() if not isinstance(df.index, pd.RangeIndex) or df.index.name is not None else df
    for name in map(str, plain.columns):
        kind = "money" if name in money else "share" if name in percent else _number_kind(plain, name)
        if name in explicit:
            found[name] = (kind or "", explicit[name])
        elif kind is not None:
            found[name] = (kind, _kind_format(name, kind))
    out.columns = [
        money_column(old) if found.get(str(old), ("",))[0] == "money" else new
        for old, new in zip(df.columns, out.columns)
    ]
    return out, found


def reader_sheets(sheets: Mapping[str, pd.DataFrame], money: set, percent: set, explicit: Mapping[str, str]) -> tuple:
    """The sheets as a reader reads them, and the money columns, the percent columns and the number format
    of every number column, by the labels the sheets now show (:mod:`kamtools.output.excel` formats them).

    ``money`` and ``percent`` name the columns the caller knows to be money or shares (as the format registry
    may not); ``explicit`` the formats the caller sets itself (they win)."""
    shown: dict[str, pd.DataFrame] = {}
    found: dict[str, tuple[str, str]] = {}
    for title, df in sheets.items():
        out, own = _sheet(df, money, percent, explicit)
        for old, new in [*zip(df.columns, out.columns), *zip(df.index.names, out.index.names)]:
            if old is not None and str(old) in own:
                found.setdefault(str(new), own[str(old)])
        shown[title] = out
    kinds = {label: kind for label, (kind, _) in found.items()}
    return (
        shown,
        {label for label, kind in kinds.items() if kind == "money"},
        {label for label, kind in kinds.items() if kind == "share"},
        {label: fmt for label, (_, fmt) in found.items()},
    )


__all__ = ["WHOLE_MONEY", "reader_sheets"]

"""The collection worklists as a workbook collectors work from: one sheet per account manager, the
columns to record each call, and the set-up of a list that is filled in and printed.

The worklist itself is analytics: :func:`kamtools.receivables.worklist`. A filled workbook goes back
into the store with ``kam import-calls`` (:mod:`kamtools.output.call_import`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..schema import CALL_OUTCOMES
from .excel import write_workbook
from .formats import EXCEL_FORMATS, columns_of
from .labels import cell, column, money_column, pick
from .sheet_formats import WHOLE_MONEY

#: The columns a collector fills in after each call, after the worklist's own (empty when written).
CALL_COLUMNS: tuple[str, ...] = ("call_date", "call_outcome", "promise_pay_by", "promise_amount", "next_step")
#: The column the name of the customer is in: the panes are frozen right of it.
NAME_COLUMN = "name"
#: Fill of the header row, and of the columns a collector fills in.
HEADER_FILL, INPUT_FILL = "#DDEBF7", "#FFF2CC"
#: A4 paper in Excel's numbering.
A4 = 9

_MONEY = {
    "priority",
    "overdue",
    "total",
    "unapplied_credit",
    "last_payment_amount",
    "last_promise_amount",
    "last_promise_paid",
    "promise_amount",
}


def with_call_columns(worklist: pd.DataFrame) -> pd.DataFrame:
    """The worklist with the empty columns of :data:`CALL_COLUMNS` after its own: dates typed as
    dates and the amount as money, so that what a collector types shows as such.

    >>> w = pd.DataFrame({"name": ["Acme"]}, index=pd.Index(["C1"], name="customer_id"))
    >>> list(with_call_columns(w).columns)
    ['name', 'call_date', 'call_outcome', 'promise_pay_by', 'promise_amount', 'next_step']
    """
    out = worklist.copy()
    for name in CALL_COLUMNS:
        if name in ("call_date", "promise_pay_by"):
            out[name] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[us]")
        elif name == "promise_amount":
            out[name] = np.nan
        else:
            out[name] = pd.Series(None, index=out.index, dtype="object")
    return out


def outcome_choices(lang: str | None = None) -> list[str]:
    """The call outcomes as the worklist's drop-down list offers them, in the report's language.

    >>> outcome_choices("zh")[:2], outcome_choices("en")[0]
    (['承诺付款', '称已付款'], 'Promised to pay')
    >>> len(",".join(outcome_choices("both"))) <= 255  # what Excel allows a list
    True
    """
    return [str(cell("call_outcome", code, lang)) for code in CALL_OUTCOMES]


def worklist_workbook(worklist: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the worklist as a formatted .xlsx: one sheet per account manager, ready to call from.

    Rows keep the worklist's order (highest priority first); money with thousands separators, dates as
    dates, and text that a spreadsheet would read as a formula neutralized (see :mod:`kamtools.excel`);
    headers and codes (aging buckets, promise status) in the report's language. After the worklist's own
    columns come those of :data:`CALL_COLUMNS`, empty and shaded, for the collector to record each call:
    its date, its outcome (a drop-down list of the outcomes), a promise's date and amount, and the next
    step; ``kam import-calls`` reads them back. The header row is shaded, repeated on every printed page and
    frozen with the columns up to the customer's name; pages print A4 landscape, one page wide.

    Examples
    --------
    >>> import tempfile, kamtools as kt
    >>> w = kt.receivables.worklist(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = worklist_workbook(w, f"{tmp}/worklist.xlsx")
    ...     p.name
    'worklist.xlsx'
    """
    frame = with_call_columns(worklist)
    sheets: dict[str, pd.DataFrame] = {}
    managers = frame["account_manager"].fillna("(none)").astype("str") if len(frame) else pd.Series(dtype="str")
    for manager in sorted(managers.unique()):
        sheets[manager] = frame[managers == manager]
    if not sheets:
        sheets["worklist"] = frame
    money = [c for c in frame.columns if c in _MONEY or re.fullmatch(r"d\d+_(\d+|plus)", c)]
    note = pick(
        "Record each call in the shaded columns (date, outcome, a promise's date and amount, next step), then hand "
        "the file back to the analyst, who reads it into the workbook (the report's appendix gives the command)",
        "每次通话后填写底色列（通话日期、通话结果、承诺付款日和金额、下一步），填好后交回分析员导入（命令见报告附录）。",
    )
    percent = columns_of(frame.columns, "share")  # the margin a debt is earned back at: 23.4 %, not 0.23
    return write_workbook(
        path, sheets, money_columns=money, percent_columns=percent, labels=True, notes=dict.fromkeys(sheets, note),
        sheet_setup=_for_collectors,
    )  # fmt: skip


def _for_collectors(wb: Any, ws: Any, headers: list[str], n_rows: int) -> Any:
    """The set-up of one worklist sheet (xlsxwriter): panes frozen right of the name, the call columns
    shaded with their checks, print set-up; returns the header format (bold, shaded, wrapped)."""
    where = {h: j for j, h in enumerate(headers)}
    name = where.get(column(NAME_COLUMN))
    ws.freeze_panes(1, 0 if name is None else name + 1)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)  # one page wide, as many long as it takes
    ws.repeat_rows(0)
    ws.set_footer("&L&A&R&P / &N")  # the sheet (account manager) and the page: Excel's own fields
    last = max(n_rows, 1)
    for label, fmt, check in _inputs():
        j = where.get(label)
        if j is None:
            continue
        ws.set_column(j, j, max(14, min(40, len(label) + 4)), wb.add_format({"bg_color": INPUT_FILL, **fmt}))
        ws.data_validation(1, j, last, j, check)
    return wb.add_format({"bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True, "valign": "top"})


def _inputs() -> list[tuple[str, dict, dict]]:
    """Each call column: its header as written, its cells' format and the check of what is typed."""
    first, last = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
    date = {"num_format": EXCEL_FORMATS["date"]}
    date_check = {
        "validate": "date",
        "criteria": "between",
        "minimum": first,
        "maximum": last,
        "error_title": pick("Not a date", "不是日期"),
        "error_message": pick("Type a date such as 2026-11-05.", "请填写日期，例如2026-11-05。"),
    }
    outcome_check = {
        "validate": "list",
        "source": outcome_choices(),
        "error_title": pick("Not an outcome", "不是通话结果"),
        "error_message": pick("Choose the outcome from the list.", "请从列表中选择通话结果。"),
    }
    amount_check = {
        "validate": "decimal",
        "criteria": ">",
        "value": 0,
        "error_title": pick("Not an amount", "不是金额"),
        "error_message": pick("Type the amount promised, above 0.", "请填写承诺金额（大于0）。"),
    }
    text_check = {"validate": "length", "criteria": "<=", "value": 500}
    return [
        (column("call_date"), date, date_check),
        (column("call_outcome"), {}, outcome_check),
        (column("promise_pay_by"), date, date_check),
        (money_column("promise_amount"), {"num_format": WHOLE_MONEY}, amount_check),  # headed as money is
        (column("next_step"), {"text_wrap": True}, text_check),
    ]


__all__ = ["CALL_COLUMNS", "outcome_choices", "with_call_columns", "worklist_workbook"]

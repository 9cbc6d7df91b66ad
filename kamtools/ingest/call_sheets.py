"""Reading the calls a collector recorded on a worklist workbook, every problem at once.

Every sheet whose header row holds the customer id and the call's date is read (one per account
manager; other sheets are left alone). The headers may be written in any language the worklist is
written in: the caller gives the accepted headers of each column (``headers``: text -> column) and of
each call outcome (``outcomes``: text -> code), compared without regard to case and spacing. A row
whose call columns are all empty is a customer not called and is skipped. Each filled row must give
the customer, the call's date (not after ``today``) and its outcome; a promise gives both its date (not
before the call) and its amount (above 0), and an outcome ``promised`` needs one. A cell holding a
formula, a date or an amount that cannot be read, an outcome not on the list and a customer called
twice on one day are errors naming file and sheet, row, column and value. Text is kept as typed:
never evaluated, never markup.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from .calls import CALL_FIELDS
from .parsing import _cell_text, parse_date, parse_number
from .problems import Problem

#: The columns of a worklist sheet read back: the customer, then what the collector filled in.
READ_COLUMNS: tuple[str, ...] = (
    "customer_id",
    "call_date",
    "call_outcome",
    "promise_pay_by",
    "promise_amount",
    "next_step",
)
#: The columns a collector fills in (a row with none of them filled was not called).
FILLED: tuple[str, ...] = READ_COLUMNS[1:]
#: Most rows read from one sheet (a worklist is one account manager's debtors), and the largest file.
MAX_ROWS, MAX_BYTES = 200_000, 50_000_000


def key(text: object) -> str:
    """A header or an outcome as compared: without case, surrounding and repeated spaces.

    >>> key("  Call   DATE "), key("通话日期 Call date")
    ('call date', '通话日期 call date')
    """
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _cell(cell) -> tuple[str, bool]:
    """A cell as text, and whether it holds a formula."""
    if cell is None or cell.value is None:
        return "", False
    if cell.data_type == "f":
        return str(cell.value), True
    if cell.data_type == "e":
        return str(cell.value), False
    return _cell_text(cell.value).strip(), False


def _sheet(ws, file: str, headers: Mapping[str, str], out: list[Problem]) -> tuple[pd.DataFrame, dict] | None:
    """One sheet's filled rows as text (indexed by row number) and its headers by column; None when the
    sheet is not a worklist (no header of the customer id and the call's date)."""
    rows = ws.iter_rows()
    header, number = None, 0
    for i, row in enumerate(rows, start=1):
        texts = [_cell(c)[0] for c in row]
        if any(texts):
            header, number = texts, i
            break
    if header is None:
        return None
    where = {}
    for j, text in enumerate(header):
        name = headers.get(key(text))
        if name is not None and name not in where:
            where[name] = j
    if "customer_id" not in where or "call_date" not in where:
        return None
    records, numbers = [], []
    for n, row in enumerate(rows, start=number + 1):
        cells = [_cell(row[j]) if j < len(row) else ("", False) for j in where.values()]
        texts = dict(zip(where, (t for t, _ in cells)))
        if not any(texts.get(c) for c in FILLED):
            continue
        for name, (text, formula) in zip(where, cells):
            if formula:
                out.append(_problem(file, n, name, header[where[name]], text, "holds a formula: type the value itself"))
        records.append(texts)
        numbers.append(n)
        if len(records) > MAX_ROWS:
            out.append(_problem(file, None, None, None, None, f"more than {MAX_ROWS:,} rows filled in: not a worklist"))
            break
    frame = pd.DataFrame(records, index=pd.Index(numbers, dtype="int64"), columns=list(READ_COLUMNS), dtype="str")
    return frame.fillna(""), {name: header[j] for name, j in where.items()}


def _problem(file, row, column, header, value, message, expected=None) -> Problem:
    shown = None if value is None else str(value)
    text = message if value is None else f"value {shown!r} {message}"
    return Problem(file, None, column, row, shown, expected, text, header=header)


def read_call_sheets(
    path: str | os.PathLike, headers: Mapping[str, str], outcomes: Mapping[str, str], *, today: dt.date | None = None
) -> tuple[pd.DataFrame, dict[str, dict[str, str]], list[Problem]]:
    """The calls recorded in the workbook ``path``: a frame of :data:`kamtools.ingest.calls.CALL_FIELDS`,
    each sheet's headers by column (for messages), and the problems found (see the module docstring).

    ``headers`` and ``outcomes`` map :func:`key` of each accepted text to the column or the outcome code.
    """
    given = Path(path)
    out: list[Problem] = []
    today = today or dt.date.today()
    if not given.is_file():
        out.append(Problem(os.fspath(path), None, None, None, None, None, "there is no file here"))
        return _empty(), {}, out
    if given.stat().st_size > MAX_BYTES:
        out.append(
            Problem(given.name, None, None, None, None, None, f"is larger than {MAX_BYTES:,} bytes: not a worklist")
        )
        return _empty(), {}, out
    frames, shown = [], {}
    try:  # not read-only: that mode drops a formula cell without a value, which must be refused
        book = openpyxl.load_workbook(given, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl and zipfile raise many kinds
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        out.append(
            Problem(given.name, None, None, None, None, "an .xlsx workbook", f"cannot read the workbook: {reason}")
        )
        return _empty(), {}, out
    try:
        for ws in book.worksheets:
            file = f"{given.name}, sheet {ws.title}"
            found = _sheet(ws, file, headers, out)
            if found is not None:
                frames.append(found[0].assign(file=file, row=found[0].index))
                shown[file] = found[1]
    finally:
        book.close()
    if not shown:
        out.append(
            Problem(
                given.name,
                None,
                None,
                None,
                None,
                "a worklist written by the report",
                "no sheet has the columns of a worklist (the customer id and the call's date)",
            )  # fmt: skip
        )
        return _empty(), {}, out
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*READ_COLUMNS, "file", "row"])
    calls = _calls(raw, shown, outcomes, today, out)
    out.sort(key=lambda p: (p.file, p.row or 0))  # sheet by sheet, row by row (a stable sort)
    return calls, shown, out


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in CALL_FIELDS})


def _calls(raw: pd.DataFrame, shown: dict, outcomes: Mapping[str, str], today: dt.date, out: list) -> pd.DataFrame:
    """The calls of the filled rows ``raw`` (text), every cell checked; problems added to ``out``."""

    def bad(mask, column: str, message: str, expected: str | None = None, values=None) -> None:
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            r = raw.iloc[i]
            value = r[column] if values is None else values[i]
            out.append(
                _problem(r["file"], int(r["row"]), column, shown[r["file"]].get(column), value, message, expected)
            )

    date, pay_by = parse_date(raw["call_date"]), parse_date(raw["promise_pay_by"])
    amount = parse_number(raw["promise_amount"], money=True)
    code = raw["call_outcome"].map(lambda t: outcomes.get(key(t)) if t else None)
    missing = raw[["customer_id", "call_date", "call_outcome"]].eq("")
    bad(missing["customer_id"], "customer_id", "the customer id is missing", values=[None] * len(raw))
    bad(missing["call_date"], "call_date", "the call's date is missing", values=[None] * len(raw))
    bad(date.bad, "call_date", "is not a date", "a date such as 2026-11-05")
    bad(date.values > pd.Timestamp(today), "call_date", "is after today: record a call once it is made")
    bad(missing["call_outcome"], "call_outcome", "the call's outcome is missing", _choices(outcomes), [None] * len(raw))
    bad(~missing["call_outcome"] & code.isna(), "call_outcome", "is not a call outcome", _choices(outcomes))
    bad(pay_by.bad, "promise_pay_by", "is not a date", "a date such as 2026-11-20")
    bad(amount.bad, "promise_amount", "is not an amount", "an amount such as 12500.00")
    bad(amount.values.notna() & ~(amount.values > 0), "promise_amount", "is not above 0", "an amount above 0")
    has_date, has_amount = raw["promise_pay_by"].ne(""), raw["promise_amount"].ne("")
    bad(has_date & ~has_amount, "promise_amount", "a promise needs its amount", values=[None] * len(raw))
    bad(has_amount & ~has_date, "promise_pay_by", "a promise needs its date", values=[None] * len(raw))
    bad(pay_by.values < date.values, "promise_pay_by", "is before the call: a promise pays on or after the day made")
    bad(code.eq("promised") & ~has_date & ~has_amount, "promise_pay_by", "the outcome is a promise: give its date "
        "and amount", values=[None] * len(raw))  # fmt: skip
    twice = raw["customer_id"].ne("") & date.values.notna()
    twice &= pd.DataFrame({"c": raw["customer_id"], "d": date.values}).duplicated(keep="first")
    bad(twice, "call_date", "is the day of another call of this customer in the file: one row per call")
    return pd.DataFrame(
        {
            "file": raw["file"],
            "row": raw["row"].astype("int64"),
            "customer_id": raw["customer_id"],
            "call_date": date.values,
            "outcome": code,
            "pay_by": pay_by.values,
            "promise_amount": amount.values.astype("float64"),
            "next_step": raw["next_step"].where(raw["next_step"].ne(""), None),
        }
    )


def _choices(outcomes: Mapping[str, str]) -> str:
    """The outcomes a reader may write, one spelling each."""
    first: dict[str, str] = {}
    for text, code in outcomes.items():
        first.setdefault(code, text)
    return "one of " + ", ".join(first.values())


__all__ = ["FILLED", "READ_COLUMNS", "key", "read_call_sheets"]

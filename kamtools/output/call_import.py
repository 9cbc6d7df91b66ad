"""``kam import-calls``: the calls collectors recorded on a worklist workbook, back into the store.

The worklist (:func:`kamtools.output.worklists.worklist_workbook`) is written in the report's
language; it is read back in any of them: each column by its name or its label in English, Chinese or
both, each call outcome by its code or its label (:func:`accepted_headers`, :func:`accepted_outcomes`).
The cells are checked by :func:`kamtools.ingest.call_sheets.read_call_sheets`, the customers against the
store and the calls recorded by :func:`kamtools.ingest.calls.record_calls`: the next month's worklist
shows each customer's last call and its promise.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from ..ingest.call_sheets import READ_COLUMNS, key, read_call_sheets
from ..ingest.calls import record_calls
from ..ingest.problems import format_problems
from ..schema import CALL_OUTCOMES
from ..store import DataError
from .labels import LANGUAGES, column, language, money_column, value


def _languages() -> list[str]:
    """The report's language first, then the others (the first spelling is the one messages offer)."""
    return [language(), *(lang for lang in LANGUAGES if lang != language())]


def accepted_headers() -> dict[str, str]:
    """The headers a worklist's columns are read by (compared by :func:`~kamtools.ingest.call_sheets.key`):
    the column's name and its label in each language (a money column's also with its currency, as the
    worklist heads it).

    >>> h = accepted_headers()
    >>> h["通话日期"], h["call date"], h["通话日期 call date"], h["customer_id"], h["承诺金额（元） amount promised (cny)"]
    ('call_date', 'call_date', 'call_date', 'customer_id', 'promise_amount')
    """
    out: dict[str, str] = {}
    for name in READ_COLUMNS:
        shown = [f(name, lang) for lang in _languages() for f in (column, money_column)]
        for text in (*shown, name):
            out.setdefault(key(text), name)
    return out


def accepted_outcomes() -> dict[str, str]:
    """The texts a call outcome is read by: its label in each language, and its code.

    >>> o = accepted_outcomes()
    >>> o["承诺付款"], o["promised to pay"], o["承诺付款 promised to pay"], o["no_answer"]
    ('promised', 'promised', 'promised', 'no_answer')
    """
    out: dict[str, str] = {}
    for lang in _languages():
        for code in CALL_OUTCOMES:
            out.setdefault(key(value("call_outcome", code, lang)), code)
    for code in CALL_OUTCOMES:
        out.setdefault(key(code), code)
    return out


def import_calls(path: str | os.PathLike, db: str | os.PathLike, *, today: dt.date | None = None) -> str:
    """Read the calls recorded on the worklist workbook ``path`` and record them in the store ``db``.

    Every problem of the workbook is listed at once (file and sheet, row, column, value), and with any
    error :class:`~kamtools.store.DataError` is raised and nothing is written. Importing the same workbook
    again records nothing twice. Returns a summary.
    """
    calls, shown, problems = read_call_sheets(path, accepted_headers(), accepted_outcomes(), today=today)
    if any(p.is_error for p in problems):
        raise DataError(format_problems(problems, path), problems)
    if calls.empty:
        return f"no call recorded in {os.fspath(path)}: fill in a row's call date and outcome after each call"
    return record_calls(db, calls, source=path, headers=shown)


def import_calls_main(args: Any) -> int:
    """``kam import-calls FILE --db DB``: errors are raised for the command line to report."""
    print(import_calls(args.file, args.db))
    return 0


__all__ = ["accepted_headers", "accepted_outcomes", "import_calls", "import_calls_main"]

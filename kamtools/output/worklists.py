"""The collection worklists as a workbook: one formatted sheet per account manager.

The worklist itself is analytics: :func:`kamtools.receivables.worklist`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from .excel import write_workbook


def worklist_workbook(worklist: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the worklist as a formatted .xlsx: one sheet per account manager.

    Rows keep the worklist's order (highest priority first); headers frozen,
    filters on, money with thousands separators, dates as dates, and text that
    a spreadsheet would read as a formula neutralized (see :mod:`kamtools.excel`);
    headers and codes (aging buckets, promise status) in the report's language.

    Examples
    --------
    >>> import tempfile, kamtools as kt
    >>> w = kt.receivables.worklist(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = worklist_workbook(w, f"{tmp}/worklist.xlsx")
    ...     p.name
    'worklist.xlsx'
    """
    sheets: dict[str, pd.DataFrame] = {}
    managers = worklist["account_manager"].fillna("(none)").astype("str") if len(worklist) else pd.Series(dtype="str")
    for manager in sorted(managers.unique()):
        sheets[manager] = worklist[managers == manager]
    if not sheets:
        sheets["worklist"] = worklist
    money = [
        c
        for c in worklist.columns
        if c
        in {
            "priority",
            "overdue",
            "total",
            "unapplied_credit",
            "last_payment_amount",
            "last_promise_amount",
            "last_promise_paid",
        }
        or re.fullmatch(r"d\d+_(\d+|plus)", c)
    ]
    return write_workbook(path, sheets, money_columns=money, labels=True)


__all__ = ["worklist_workbook"]

"""The credit hold list as a workbook: the customers whose orders must be held, and the rules.

The list itself is analytics: :func:`kamtools.credit.holds`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..credit import HOLD_RULES
from .excel import write_workbook
from .formats import columns_of, label


def write_holds(holds: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the credit hold list as a formatted .xlsx: one sheet of held customers, one of the rules.

    The first sheet keeps the list's order (largest exposure first) with a header of English
    and Chinese labels; money with thousands separators, dates as dates, text that a
    spreadsheet would read as a formula neutralized (see :mod:`kamtools.output.excel`). The
    second sheet names each rule and how many customers it holds.

    Examples
    --------
    >>> import tempfile, kamtools as kt
    >>> h = kt.credit.holds(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_holds(h, f"{tmp}/credit_holds.xlsx").name
    'credit_holds.xlsx'
    """
    sheet = holds.copy()
    money = columns_of(sheet.columns, "money")
    percent = columns_of(sheet.columns, "share")
    names = {c: label(c, "both") for c in sheet.columns}
    sheet = sheet.rename(columns=names)
    sheet.index = sheet.index.rename(label(sheet.index.name or "customer_id", "both"))
    rules = pd.DataFrame(
        {
            "rule": list(HOLD_RULES),
            "name": [f"{en} {zh}" for en, zh in HOLD_RULES.values()],
            "customers held": [int(holds[f"hold_{r}"].sum()) if f"hold_{r}" in holds else 0 for r in HOLD_RULES],
        }
    ).set_index("rule")
    return write_workbook(
        path,
        {"Credit holds 信用冻结": sheet, "Rules 规则": rules},
        money_columns=[names[c] for c in money],
        percent_columns=[names[c] for c in percent],
        index=True,
    )


__all__ = ["write_holds"]

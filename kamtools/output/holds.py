"""The credit hold list as a workbook: the customers whose orders must be held, and the rules.

The list itself is analytics: :func:`kamtools.credit.holds`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..credit import HOLD_RULES
from .excel import write_workbook
from .formats import columns_of
from .labels import pick


def write_holds(holds: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the credit hold list as a formatted .xlsx: one sheet of held customers, one of the rules.

    The first sheet keeps the list's order (largest exposure first); headers, the rules that
    fired and what releases each in the report's language (:mod:`kamtools.output.labels`);
    money with thousands separators, dates as dates, text that a spreadsheet would read as a
    formula neutralized (see :mod:`kamtools.output.excel`). The second sheet names each rule
    and how many customers it holds.

    Examples
    --------
    >>> import tempfile, kamtools as kt
    >>> h = kt.credit.holds(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_holds(h, f"{tmp}/credit_holds.xlsx").name
    'credit_holds.xlsx'
    """
    rules = pd.DataFrame(
        {"customers held": [int(holds[f"hold_{r}"].sum()) if f"hold_{r}" in holds else 0 for r in HOLD_RULES]},
        index=pd.Index(list(HOLD_RULES), name="rule"),
    )
    return write_workbook(
        path,
        {pick("Credit holds", "信用冻结"): holds, pick("Rules", "规则"): rules},
        money_columns=columns_of(holds.columns, "money"),
        percent_columns=columns_of(holds.columns, "share"),
        index=True,
        labels=True,
    )


__all__ = ["write_holds"]

"""The limit breaches as one workbook: the breaches of the limits (exposure without a limit or over it),
the limits in force approved beyond their approver's authority, and those approved unrated or on a stale
assessment, one sheet each, so that every count the credit page states has its list.

The lists themselves are analytics: :func:`kamtools.credit.breaches`, :func:`kamtools.credit.authority_breaches`
and the ``exception_stale_basis`` of :func:`kamtools.credit.limits`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .excel import write_workbook
from .formats import columns_of
from .labels import pick

#: The columns of the limit rows listed on the sheet of limits approved unrated or on a stale assessment.
STALE_COLUMNS = (
    "name",
    "grade",
    "assessed_on",
    "approved_limit",
    "approved_by",
    "approved_on",
    "exposure",
    "exceptions",
)


def stale_approvals(limits: pd.DataFrame, names: pd.Series | None = None) -> pd.DataFrame:
    """The limits in force approved unrated or on an assessment older than the policy allows that day
    (``exception_stale_basis`` of :func:`kamtools.credit.limits`), largest limit first, with the customer's
    name (``names``: customer id -> name) and :data:`STALE_COLUMNS`."""
    rows = limits[limits["exception_stale_basis"].astype(bool)]
    if names is not None and "name" not in rows:
        rows = rows.join(names.rename("name"))
    rows = rows.sort_values(["approved_limit"], ascending=False, kind="mergesort")
    return rows[[c for c in STALE_COLUMNS if c in rows.columns]]


def write_limit_breaches(
    path: str | os.PathLike, breaches: pd.DataFrame, authority: pd.DataFrame, stale: pd.DataFrame
) -> Path:
    """Write the breaches (largest amount first), the limits beyond authority (largest limit first) and the
    approvals made unrated or on a stale assessment as one .xlsx, one sheet each, headers and sheet names in
    the report's language."""
    sheets = {
        pick("Limit breaches", "额度违规"): breaches.sort_values("amount", ascending=False, kind="mergesort"),
        pick("Beyond authority", "越权额度"): authority.sort_values(
            "approved_limit", ascending=False, kind="mergesort"
        ),
        pick("Approved unrated or stale", "未评级或评估过期时批准"): stale,
    }
    columns = [c for frame in sheets.values() for c in frame.columns]
    return write_workbook(
        path,
        sheets,
        money_columns=columns_of(columns, "money"),
        percent_columns=columns_of(columns, "share"),
        index=True,
        freeze_first_column=True,
        labels=True,
    )


__all__ = ["STALE_COLUMNS", "stale_approvals", "write_limit_breaches"]

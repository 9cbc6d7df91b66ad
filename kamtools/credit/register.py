"""The credit forms register: every limit change in the order its forms are written.

The credit review lists every customer whose recommended limit differs from the
approved one in one register workbook; the full forms are written for the first
``credit.forms_cap`` of them (:mod:`kamtools.forms` writes the workbooks).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..policy import load_policy
from .approvals import approval_level, level_keys


def forms_queue(lim: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Every customer whose recommended limit differs from the approved one, in the order of
    the credit forms register, with ``form`` saying whether its full forms are written.

    Increases come first, by approval level (the highest level first), then by the size of
    the increase; decreases follow in the same order (they too need an approval: see
    :func:`~kamtools.credit.approval_level`); ties keep the order of ``lim``. The first
    ``credit.forms_cap`` customers (200 by default) get their full forms; the others are in
    the register only (``form`` False). With ``forms_cap`` null every customer gets them.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [1000.0, -5000.0, 0.0, 300000.0],
    ...     "approval_level": ["account_manager", "account_manager", "none", "regional_company_manager"]},
    ...     index=["A", "B", "C", "D"])
    >>> forms_queue(lim)[["limit_change", "form"]].to_dict("index")
    {'D': {'limit_change': 300000.0, 'form': True}, 'A': {'limit_change': 1000.0, 'form': True}, 'B': {'limit_change': -5000.0, 'form': True}}
    """
    credit = load_policy(policy)["credit"]
    cap = credit["forms_cap"]
    ch = lim["limit_change"].astype(float)
    due = lim[ch.fillna(0) != 0]
    ch = ch[due.index]
    ranks = {name: i for i, name in enumerate(level_keys(policy))}
    if "approval_level" in due.columns:
        rank = due["approval_level"].map(ranks)
    elif {"recommended_limit", "approved_limit"} <= set(due.columns):
        by = due["approved_by"] if "approved_by" in due.columns else None
        rank = approval_level(due["recommended_limit"], due["approved_limit"], policy, current_approver=by).map(ranks)
    else:
        rank = pd.Series(np.nan, index=due.index)
    key = pd.DataFrame(
        {"down": (ch < 0).astype(int), "level": -rank.fillna(-1).astype(int), "size": -ch.abs()}, index=due.index
    )
    order = key.reset_index(drop=True).sort_values(["down", "level", "size"], kind="mergesort").index
    cols = [
        c
        for c in ("grade", "approved_limit", "recommended_limit", "limit_change", "approval_level")
        if c in due.columns
    ]
    out = due.iloc[order][cols].copy()
    out.index = out.index.astype("str")
    out["form"] = np.arange(len(out)) < (len(out) if cap is None else int(cap))
    return out


def forms_due(lim: pd.DataFrame, policy: Any = None) -> list[str]:
    """The customers whose full credit forms the review writes: the first ``credit.forms_cap``
    (200 by default; null: all) of the customers whose recommended limit differs from the
    approved one, in the order of :func:`forms_queue` (increases by approval level, highest
    first, then by amount; then decreases alike).

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [1000.0, -5000.0, 0.0]}, index=["A", "B", "C"])
    >>> forms_due(lim)
    ['A', 'B']
    """
    q = forms_queue(lim, policy)
    return [str(i) for i in q.index[q["form"]]]

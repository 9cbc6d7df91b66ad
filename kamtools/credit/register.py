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
from .limit_rules import ACTIONS


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


def recommendations_by_action(lim: pd.DataFrame, held: pd.Index | None = None) -> pd.DataFrame:
    """How the counts of the credit review are made: the customers of each recommended ``action``
    (:data:`~kamtools.credit.ACTIONS`, the most urgent first) by the direction of their change, so
    that the recommendations (counted by action) and the approvals (counted by direction,
    :func:`~kamtools.credit.limit_changes`) reconcile: ``limit_raised``, ``limit_lowered`` and
    ``limit_unchanged`` (``limit_change`` above, below or at zero), ``recommendations`` (all), and
    ``on_credit_hold`` (those of ``held``, the customers on the hold list, any rule). Actions
    without customers are left out; a ``total`` row ends it.

    >>> lim = pd.DataFrame({"action": ["collect", "collect", "decrease", "increase", "keep"],
    ...     "limit_change": [-5000.0, 2000.0, -1000.0, 3000.0, 0.0]}, index=["A", "B", "C", "D", "E"])
    >>> recommendations_by_action(lim, pd.Index(["A", "E"])).to_dict("index")["collect"]
    {'limit_raised': 1, 'limit_lowered': 1, 'limit_unchanged': 0, 'recommendations': 2, 'on_credit_hold': 1}
    >>> recommendations_by_action(lim).loc["total"].tolist()
    [2, 2, 1, 5, 0]
    """
    change = lim["limit_change"].astype(float).fillna(0.0)
    on_hold = lim.index.isin(held if held is not None else [])
    frame = pd.DataFrame(
        {
            "limit_raised": (change > 0).to_numpy(),
            "limit_lowered": (change < 0).to_numpy(),
            "limit_unchanged": (change == 0).to_numpy(),
            "recommendations": True,
            "on_credit_hold": on_hold,
        },
        index=lim.index,
    ).astype("int64")
    out = frame.groupby(lim["action"].to_numpy()).sum()
    order = [a for a in ACTIONS if a in out.index] + [a for a in out.index if a not in ACTIONS]
    out = out.reindex(order)
    out.loc["total"] = out.sum()
    out.index.name = "action"
    return out.astype("int64")

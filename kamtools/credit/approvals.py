"""Approval levels (授信审批权限): who must approve a limit change, and the changes by level."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..policy import load_policy


def approval_level(change: pd.Series | float, policy: Any = None) -> pd.Series | str:
    """Who must approve a limit change of ``change`` (recommended − approved).

    An increase goes to the first level whose amount it does not exceed (an
    increase exactly equal to a level's amount belongs to that level); the last
    level has no ceiling. A decrease goes to the first level (the account manager
    records it); no change needs no approval: ``"none"``.

    >>> approval_level(50000), approval_level(50000.01), approval_level(-10), approval_level(0)
    ('account_manager', 'direct_sales_manager', 'account_manager', 'none')
    """
    levels = list(load_policy(policy)["credit"]["approval_levels"].items())
    scalar = not isinstance(change, pd.Series)
    s = pd.Series([change], dtype=float) if scalar else change.astype(float)
    out = pd.Series(levels[-1][0], index=s.index, dtype="str")
    decided = pd.Series(False, index=s.index)
    for name, amount in levels:
        if amount is None:
            continue
        hit = ~decided & (s <= float(amount))
        out[hit] = name
        decided |= hit
    out[s < 0] = levels[0][0]
    out[s == 0] = "none"
    out = out.where(s.notna())
    return out.iloc[0] if scalar else out


def limit_changes(lim: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Recommended limit changes grouped by approval level: customers, increases and decreases.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [10000.0, -5000.0, 0.0],
    ...     "approval_level": ["account_manager", "account_manager", "none"]})
    >>> limit_changes(lim).loc["account_manager", "customers"]
    np.int64(2)
    """
    levels = list(load_policy(policy)["credit"]["approval_levels"]) + ["none"]
    ch = lim["limit_change"]
    g = (
        pd.DataFrame(
            {
                "approval_level": lim["approval_level"],
                "increase": ch.clip(lower=0.0),
                "decrease": (-ch).clip(lower=0.0),
                "n_up": (ch > 0).astype("int64"),
                "n_down": (ch < 0).astype("int64"),
            }
        )
        .groupby("approval_level")
        .agg(
            customers=("increase", "size"),
            increases=("n_up", "sum"),
            decreases=("n_down", "sum"),
            total_increase=("increase", "sum"),
            total_decrease=("decrease", "sum"),
        )
    )
    g = g.reindex(levels, fill_value=0)
    for col in ("customers", "increases", "decreases"):
        g[col] = g[col].astype("int64")
    for col in ("total_increase", "total_decrease"):
        g[col] = g[col].astype(float)
    g.index.name = "approval_level"
    return g

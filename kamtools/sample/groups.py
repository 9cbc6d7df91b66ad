"""The group limits of the sample book: one credit limit for most groups of companies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import _dates, _round_to


def _group_limits(seed: int, customers_df: pd.DataFrame, credit_limits_df: pd.DataFrame, E: int) -> pd.DataFrame:
    """Group limits (集团授信) for about four groups in five, from a generator of their own.

    A group is a top company and the customers whose ``parent_id`` names it. Its limit is 60 to
    90 % of the sum of its companies' latest limits (at least 5,000, rounded to 1,000): a group
    limit is tighter than the sum of the single limits, so some groups run over it while each
    company stays within its own. Group limits are reviewed once a year: each was approved by the
    regional manager within the last ten months of the book.
    """
    rng = np.random.default_rng([seed, 61])
    parent = customers_df["parent_id"]
    tops = np.sort(parent.dropna().unique().astype(str))
    group = parent.where(parent.notna(), customers_df["customer_id"]).astype(str)
    group.index = customers_df["customer_id"].astype(str).to_numpy()
    cl = credit_limits_df.sort_values(["customer_id", "approved_on"], kind="mergesort")
    latest = cl.groupby("customer_id", sort=True).tail(1)
    latest = latest.assign(group_id=latest["customer_id"].astype(str).map(group).to_numpy())
    latest = latest[latest["group_id"].isin(tops)]
    total = latest.groupby("group_id")["credit_limit"].sum().reindex(tops, fill_value=0.0).to_numpy()
    share = rng.uniform(0.6, 0.9, len(tops))
    has = (rng.random(len(tops)) < 0.8) & (total > 0)
    day = E - rng.integers(10, 300, len(tops))
    return pd.DataFrame(
        {
            "group_id": tops[has],
            "group_limit": np.maximum(_round_to(total * share, 1000), 5000.0)[has],
            "approved_by": "regional manager",
            "approved_on": _dates(day[has]),
        }
    )

"""What the parts of the credit package share: the scorecard's items and small helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import CREDIT_FACTORS
from ..store import KamData

#: The financial ratios of the scorecard, in order, with their English and Chinese names.
RATIOS: dict[str, tuple[str, str]] = {
    "quick_ratio": ("Quick ratio", "速动比率"),
    "current_ratio": ("Current ratio", "流动比率"),
    "debt_ratio": ("Debt ratio", "资产负债率"),
    "asset_turnover": ("Total asset turnover", "总资产周转率"),
    "net_margin": ("Net margin", "销售净利率"),
    "equity_growth_3y": ("Equity growth per year, last 3 years", "三年资本平均增长率"),
    "profitable_years_3y": ("Profitable years of the last 3", "近三年盈利年数"),
}

#: Every item of the scorecard: the ratios, then the qualitative factors.
ITEMS: dict[str, tuple[str, str]] = {**RATIOS, **CREDIT_FACTORS}

#: Longest gap between two statements for the earlier one to count as the previous fiscal year.
PRIOR_YEAR_MAX_DAYS = 460

STATUSES = ("ok", "watch", "weak")

#: The grade of a customer of whom too little is known to rate it (not rated), after the policy's grades.
NOT_RATED = "NR"


def _div(num: pd.Series, den: pd.Series, what: str) -> tuple[pd.Series, pd.Series]:
    """num / den, NaN with a reason where the denominator is zero or missing."""
    num = num.astype(float)
    den = den.astype(float)
    zero = den == 0
    missing = den.isna()
    ok = ~(zero | missing) & num.notna()
    value = pd.Series(np.nan, index=num.index, dtype=float)
    value[ok] = num[ok] / den[ok]
    reason = pd.Series(pd.NA, index=num.index, dtype="str")
    reason[zero] = f"zero {what}"
    reason[missing] = f"{what} missing"
    reason[~zero & ~missing & num.isna()] = "an input is missing"
    return value, reason


def _latest_before(frame: pd.DataFrame, date_col: str, cutoff: pd.Series) -> pd.DataFrame:
    """For each customer of ``cutoff`` (customer_id → date), its latest row on or before that date
    (of two rows of that date, the later in ``frame``), indexed by ``customer_id`` in sorted order.

    >>> f = pd.DataFrame({"customer_id": ["B", "A", "A", "A", "C"], "on": pd.to_datetime(
    ...     ["2026-01-01", "2026-02-01", "2026-02-01", "2026-09-01", "2026-01-01"]), "v": [1, 2, 3, 4, 5]})
    >>> _latest_before(f, "on", pd.Series(pd.Timestamp("2026-06-30"), index=["A", "B", "D"]))["v"].to_dict()
    {'A': 3, 'B': 1}
    """
    if frame.empty:
        return frame.iloc[0:0].set_index("customer_id")
    # each row's cutoff (NaT for a customer not in ``cutoff``: never on or before it)
    mine = pd.Series(cutoff.reindex(frame["customer_id"]).to_numpy(), index=frame.index)
    f = frame[(frame[date_col] <= mine).to_numpy(dtype=bool)]
    f = f.sort_values(["customer_id", date_col], kind="mergesort")
    return f.drop_duplicates("customer_id", keep="last").set_index("customer_id")


def _customer_index(data: KamData) -> pd.Index:
    return pd.Index(
        data.customers["customer_id"].sort_values(kind="mergesort").to_numpy(), name="customer_id", dtype="str"
    )

"""The small words of the limit sentences, vectorised over customers: amounts as a committee reads
them (``1.35 M``, ``785 k``), whole numbers, percentages, parts joined by ``"; "``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

#: Words of an override's reason that name collateral or a guarantee (its collateral is then looked for).
SECURITY_WORDS = r"collateral|guarantee|pledge|mortgage|抵押|担保|质押|保证"


def short_amount(values: pd.Series) -> pd.Series:
    """Amounts as short text, vectorised, halves rounded up: ``1.35 M``, ``785 k``, ``31.5 k``, ``670``."""
    if values.empty:
        return pd.Series([], index=values.index, dtype="str")
    v = values.astype(float).fillna(0.0).to_numpy()
    a = np.abs(v)

    def half_up(x: np.ndarray, decimals: int) -> np.ndarray:  # 1.25 k reads 1.3 k, as money rounds
        return np.sign(x) * np.floor(np.abs(x) * 10**decimals + 0.5 + 1e-9) / 10**decimals

    rows = zip(
        a.tolist(),
        half_up(v / 1e6, 2).tolist(),
        half_up(v / 1e3, 0).tolist(),
        half_up(v / 1e3, 1).tolist(),
        half_up(v, 0).tolist(),
    )
    # one format per amount, as numpy's text functions would format each, without their cost
    text = [
        f"{m:.2f} M"
        if x >= 999_500
        else f"{k:.0f} k"
        if x >= 99_950
        else f"{k1:.1f} k".replace(".0 k", " k")
        if x >= 1_000
        else f"{one:.0f}"
        for x, m, k, k1, one in rows
    ]
    return pd.Series(text, index=values.index, dtype="str")


def _whole(values: pd.Series) -> pd.Series:
    return pd.Series(np.char.mod("%d", values.astype(float).fillna(0).to_numpy()), index=values.index, dtype="str")


def _pct(values: pd.Series) -> pd.Series:
    return pd.Series(
        np.char.mod("%g %%", np.round(values.astype(float).fillna(0).to_numpy() * 100, 1)), index=values.index
    )


def share_beside(shares: pd.Series, threshold: Any, unit: str = " %") -> pd.Series:
    """Shares as percentages shown beside the threshold they are compared with: whole percent, or one
    decimal (more if need be, up to six) where the whole percent would read as the threshold while the share is
    not exactly it (exactly the threshold does not fire a rule; 25.4 % does). ``threshold`` is a share
    (or a Series of them, or a tuple of several: the share reads as none of them); halves round up.

    >>> share_beside(pd.Series([0.254, 0.749, 0.2504, 0.25001, 0.2500005, 0.25, 0.902]), 0.25).tolist()
    ['25.4 %', '75 %', '25.04 %', '25.001 %', '25.0001 %', '25 %', '90 %']
    >>> share_beside(pd.Series([0.902]), 0.9, unit="%").tolist()
    ['90.2%']
    >>> share_beside(pd.Series([0.997, 0.95]), (0.9, 1.0)).tolist()  # the review's 90 % and the hold's 100 %
    ['99.7 %', '95 %']
    """
    v = shares.astype(float).fillna(0.0).to_numpy() * 100.0
    several = threshold if isinstance(threshold, tuple) else (threshold,)
    ts = [np.broadcast_to(np.asarray(t, dtype=float) * 100.0, v.shape) for t in several]

    def half_up(x: np.ndarray, decimals: int) -> np.ndarray:
        return np.sign(x) * np.floor(np.abs(x) * 10**decimals + 0.5 + 1e-9) / 10**decimals

    most = 6
    decimals = np.full(v.shape, most)
    for d in range(most - 1, -1, -1):  # the fewest decimals that do not make the share read as the threshold
        hides = np.zeros(v.shape, dtype=bool)
        for t in ts:
            hides |= (np.abs(half_up(v, d) - half_up(t, d)) < 1e-12) & (np.abs(v - t) > 1e-12)
        decimals = np.where(hides, decimals, d)
    text = np.select(
        [decimals == d for d in range(most)],
        [np.char.mod(f"%.{d}f", half_up(v, d)) for d in range(most)],
        np.char.mod(f"%.{most}f", half_up(v, most)),
    )
    return pd.Series(np.char.add(text.astype(str), unit), index=shares.index, dtype="str")


def bucket_words(bucket: str) -> str:
    """An aging bucket as the credit sentences name it.

    >>> [bucket_words(b) for b in ("current", "d1_30", "d365_plus", "other")]
    ['not yet due', '1–30 days past due', 'over 365 days past due', 'other']
    """
    if bucket == "current":
        return "not yet due"
    m = re.fullmatch(r"d(\d+)_(\d+|plus)", bucket)
    if m is None:
        return bucket
    low, high = m.groups()
    return f"over {low} days past due" if high == "plus" else f"{low}–{high} days past due"


def provision_terms(aged: pd.DataFrame, rates: Mapping[str, float]) -> pd.Series:
    """How each customer's bad-debt provision is made: each aging bucket with a rate and an amount, as
    ``rate of bucket amount``, joined by ``" + "`` (``aged``: the receivables by bucket, one row per
    customer; ``rates``: the provision rate of each bucket, as the receivables page applies them).

    >>> aged = pd.DataFrame({"current": [5000.0], "d91_180": [2000.0], "d365_plus": [300.0]})
    >>> provision_terms(aged, {"current": 0.0, "d91_180": 0.25, "d365_plus": 1.0}).iloc[0]
    '25 % of 91–180 days past due 2 k + 100 % of over 365 days past due 300'
    """
    out = pd.Series("", index=aged.index, dtype="str")
    for bucket, rate in rates.items():  # the policy's few buckets, not rows
        amount = aged[bucket].astype(float).fillna(0.0) if bucket in aged else pd.Series(0.0, index=aged.index)
        term = f"{float(rate) * 100:g} % of {bucket_words(bucket)} " + short_amount(amount)
        hit = (float(rate) > 0) & (amount > 0)
        out = out.where(~hit, out + pd.Series(np.where(out != "", " + ", ""), index=aged.index) + term)
    return out


def _join(*parts: pd.Series) -> pd.Series:
    """Non-empty parts joined by ``"; "`` row by row (a missing part leaves the row missing)."""
    index = parts[0].index
    texts = [p.astype("str") for p in parts]
    if any(not t.index.equals(index) for t in texts):  # parts on other rows: aligned by the customer
        out = texts[0]
        for t in texts[1:]:
            out = out.where((t == "") | (out == ""), out + "; ") + t
        return out
    # in plain text, row by row: the Series' text methods cost a millisecond a call, a few hundred rows none
    rows = zip(*(t.tolist() for t in texts))
    joined = ["; ".join(w for w in row if w) if all(isinstance(w, str) for w in row) else None for row in rows]
    return pd.Series(joined, index=index, dtype="str")


def _by_grade(grade: pd.Series, table: Mapping[str, float]) -> pd.Series:
    return grade.map({g: float(v) for g, v in table.items()}).astype(float)


def _part(index: pd.Index, cond: Any, text: Any) -> pd.Series:
    """``text`` where ``cond`` holds, ``""`` elsewhere."""
    return pd.Series(np.where(cond, text, ""), index=index, dtype="str")

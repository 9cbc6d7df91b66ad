"""Helpers shared by the segment modules: the policy section, the source, ranks, money and strategies.

Money is compared at :data:`kamtools.money.MONEY_DIGITS` significant digits of the book's
largest amount (:func:`kamtools.money.snap`); ratios and scores are rounded to ``_ROUND``
decimals so that float noise cannot reorder ties.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import facts
from .. import strategies as st
from ..periods import AsOf
from ..policy import PolicyError, load_policy
from ..store import KamData

__all__ = ["AsOf", "PolicyLike"]

#: A policy: None or "" for the shipped defaults, a YAML file path, or a mapping of overrides.
PolicyLike = str | os.PathLike | Mapping | None

_ROUND = 10  # decimals kept of ratios and scores, so float noise cannot reorder ties


def _policy(policy: PolicyLike) -> Mapping:
    """The ``segments`` section of the policy (checked when it is loaded)."""
    return load_policy(policy)["segments"]


def _source(data: KamData) -> KamData:
    if isinstance(data, pd.DataFrame):
        raise TypeError("pass a KamData, or DataFrames by table name through kamtools.facts.source(...)")
    return facts.source(data)


def _weights(mapping: Mapping[str, float], keys: Sequence[str], name: str) -> dict[str, float]:
    total = float(sum(mapping[k] for k in keys))
    if total <= 0:
        raise PolicyError(f"policy key 'segments.{name}': the weights must not all be zero")
    return {k: float(mapping[k]) / total for k in keys}


def _pct_rank(s: pd.Series) -> pd.Series:
    """Percentile rank 0 (lowest) .. 1 (highest) of the known values; ties share their
    average rank; a single value (or all equal) ranks 0.5; NaN stays NaN."""
    s = s.astype("float64")
    valid = s.dropna()
    out = pd.Series(np.nan, index=s.index, dtype="float64")
    if len(valid) == 1:
        out.loc[valid.index] = 0.5
    elif len(valid) > 1:
        out.loc[valid.index] = (valid.rank(method="average") - 1) / (len(valid) - 1)
    return out


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den where den > 0, else NaN (never +-inf), rounded against float noise."""
    den = den.astype("float64")
    out = (num.astype("float64") / den.where(den > 0)).round(_ROUND)
    return out


def _strategy(strategies: Mapping[str, st.Strategy], codes: pd.Series) -> pd.Series:
    return pd.Series(st.strategy_text(strategies, list(codes)).to_numpy(), index=codes.index, dtype="str")


def _ids(values: object) -> pd.Index:
    return pd.Index(pd.Series(values, dtype="str"), dtype="str")


def _order(df: pd.DataFrame, by: str, ascending: bool = False) -> pd.Index:
    """Index sorted by ``by`` (descending by default), ties by id ascending."""
    tmp = pd.DataFrame({"v": df[by].to_numpy(), "id": df.index.to_numpy()}, index=df.index)
    return tmp.sort_values(["v", "id"], ascending=[ascending, True], kind="mergesort").index

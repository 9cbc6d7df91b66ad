"""ABC classes and the Pareto (80-20) curve of the book."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..store import KamData
from ._common import AsOf, PolicyLike, _policy
from .customers import customer_facts

__all__ = ["Pareto", "abc", "pareto", "revenue_pareto"]


def abc(values: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """ABC class of each value by cumulative share of the total, largest first (80-20 rule).

    Class A is the smallest group of the largest values that together reach the share ``a``
    of the total: a value is A when the share of the values *before* it is below ``a``, so a
    value whose cumulative share lands exactly on the cut point is still A (the higher
    class); likewise B up to ``b``; the rest C. Tied values are classed together, by the
    share of the values strictly larger than them (ties go to the higher class), so the
    result does not depend on the order of the input. Values of zero or below are C (the
    total counts positive values only); NaN stays NaN. A single positive value is A.

    Parameters
    ----------
    values
        One value per account (revenue, margin ...), any index without duplicate labels.
    a, b
        Cut points, ``0 < a <= b <= 1``.

    Returns
    -------
    Series of ``"A"`` / ``"B"`` / ``"C"`` aligned to ``values``' index.

    Raises
    ------
    ValueError
        When a label of the index occurs more than once (the same account twice: add its
        values up first), naming the duplicated labels.

    Examples
    --------
    >>> import pandas as pd
    >>> abc(pd.Series([50.0, 30.0, 15.0, 5.0], index=list("wxyz"))).tolist()
    ['A', 'A', 'B', 'C']
    >>> abc(pd.Series([7.0])).tolist()
    ['A']
    """
    if not 0 < a <= b <= 1:
        raise ValueError(f"need 0 < a <= b <= 1, got a={a}, b={b}")
    v = pd.Series(values).astype("float64")
    _unique_index(v.index, "abc")
    out = pd.Series(np.nan, index=v.index, dtype="object")
    known = v.dropna()
    pos = known[known > 0]
    total = pos.sum()
    out.loc[known.index] = "C"
    if len(pos) and total > 0:
        # share of the value strictly larger than each value: sum over distinct values.
        by_value = pos.groupby(pos).sum().sort_index(ascending=False)
        before = (by_value.cumsum() - by_value) / total
        before = before.round(12)
        cls = pd.Series(np.where(before < a, "A", np.where(before < b, "B", "C")), index=by_value.index)
        out.loc[pos.index] = pos.map(cls).to_numpy()
    return out.astype("str")


def _unique_index(index: pd.Index, what: str) -> None:
    if index.is_unique:
        return
    dup = pd.unique(index[index.duplicated()])
    shown = ", ".join(repr(x) for x in dup[:10]) + (f" and {len(dup) - 10} more" if len(dup) > 10 else "")
    raise ValueError(
        f"{what}: one value per account is needed, but the index repeats {len(dup)} "
        f"label(s): {shown}; add up the values of each account first (e.g. groupby(level=0).sum())"
    )


class Pareto(NamedTuple):
    """Result of :func:`pareto`."""

    top: float
    """The share of accounts asked about (0.2 for the 80-20 rule)."""
    top_share: float
    """The share of the total value that the top ``top`` of accounts bring."""
    curve: pd.DataFrame
    """One row per account, largest first: ``value``, ``rank``, ``account_share``,
    ``value_share`` (cumulative) and ``abc``."""


def pareto(values: pd.Series, top: float = 0.2, *, a: float = 0.8, b: float = 0.95) -> Pareto:
    """The Pareto (80-20) curve of ``values`` and the share of value from the top ``top`` of accounts.

    Accounts are sorted largest value first (ties by index); negative values count as
    zero. ``top_share`` is read off the curve by linear interpolation between accounts
    (the curve starts at 0, 0), so it is exact for any number of accounts; NaN when the
    total is not positive.

    >>> import pandas as pd
    >>> p = pareto(pd.Series([60.0, 20.0, 10.0, 5.0, 5.0], index=list("abcde")))
    >>> p.top_share
    0.6
    >>> p.curve["value_share"].round(2).tolist()
    [0.6, 0.8, 0.9, 0.95, 1.0]
    """
    v = pd.Series(values).astype("float64").dropna().clip(lower=0)
    _unique_index(v.index, "pareto")
    order = pd.DataFrame({"value": v, "_id": v.index}).sort_values(
        ["value", "_id"], ascending=[False, True], kind="mergesort"
    )
    n = len(order)
    total = order["value"].sum()
    curve = pd.DataFrame(index=order.index)
    curve.index.name = v.index.name
    curve["value"] = order["value"]
    curve["rank"] = np.arange(1, n + 1, dtype="int64")
    curve["account_share"] = curve["rank"] / n if n else pd.Series(dtype="float64")
    curve["value_share"] = order["value"].cumsum() / total if total > 0 else np.nan
    curve["abc"] = abc(curve["value"], a, b)
    if n and total > 0:
        xs = np.concatenate([[0.0], curve["account_share"].to_numpy()])
        ys = np.concatenate([[0.0], curve["value_share"].to_numpy()])
        top_share = round(float(np.interp(top, xs, ys)), 12)
    else:
        top_share = float("nan")
    return Pareto(top=top, top_share=top_share, curve=curve)


def revenue_pareto(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> Pareto:
    """The 80-20 of the book: :func:`pareto` of the revenue of the trailing 12 months of the
    customers that bought in it (the buyers: at least one purchase, an invoice with a positive
    amount, in the window; a buyer whose credit notes take its net revenue to zero or below
    counts as zero, at the end of the curve).

    "The top 20 % of customers bring x % of revenue" counts buying customers only:
    customers without a purchase in the window (set up but never bought, or lapsed) would
    only lengthen the flat tail of the curve and shrink the top 20 % into fewer buyers. The
    buyers are those the portfolio page counts (:func:`kamtools.headline.kpis`
    ``buyers_12m``), the share its ``concentration``.
    ``top`` is ``segments.pareto_top``, the ABC cut points ``segments.abc``.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3", "4", "5"], "customer_id": list("ABCDE"),
    ...     "invoice_date": ["2026-05-01"] * 4 + ["2024-05-01"], "amount": [800.0, 100.0, 60.0, 40.0, 500.0],
    ...     "cost": [0.0] * 5})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> p = revenue_pareto(facts.source(invoices=inv), "2026-10-31")
    >>> p.curve.index.tolist(), p.top_share   # E bought before the window: not a buyer
    (['A', 'B', 'C', 'D'], 0.64)
    """
    pol = _policy(policy)
    f = customer_facts(data, as_of)
    revenue = f.loc[f["invoices_12m"] > 0, "revenue_12m"]
    return pareto(revenue, top=float(pol["pareto_top"]), a=float(pol["abc"]["a"]), b=float(pol["abc"]["b"]))

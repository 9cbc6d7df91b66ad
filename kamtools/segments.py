"""Customer segmentation and value, each segment with the strategy the KAM method prescribes.

The functions take a :class:`~kamtools.KamData` (or DataFrames turned into one with
:func:`kamtools.facts.source`), the report date ``as_of`` and a policy (``None`` for the
shipped defaults, a YAML path or a mapping; see the ``segments:`` section of
``kamtools/policy.yaml``). They return new DataFrames, one row per customer (indexed by
``customer_id``), per lead (``lead_id``) or per account (``account_id``: customers and
leads together, with a ``kind`` column ``customer`` / ``prospect``), and never change
their inputs. Every segment column comes with a ``strategy`` (or ``action``) column: what
to do with such an account, in plain words (see :mod:`kamtools.strategies`).

Row-level work on invoices and activities runs as SQL in the store (``kamtools/sql/
segments_*.sql``); what follows works on one row per customer.

Windows
    "Trailing 12 months" (``_12m``) means invoice dates after ``as_of`` minus 12 months and
    up to and including ``as_of``; "previous 12 months" (``_prev_12m``) the 12 months before.
    For a month-end ``as_of`` the windows are whole calendar months.
Money
    revenue = net invoiced amount (credit notes deducted); margin = amount - cost (the gross
    margin as invoiced); discount = discounts granted. A purchase is an invoice with a
    positive amount. Every policy threshold is a share, score, rank or number of months,
    so scaling all money by a constant changes no segment; the one amount of money in the
    section, ``cost_per_hour``, must be scaled with it (it only moves ``profitability``).
    The store keeps money in whole cents, so the constant must leave amounts in whole
    cents (1000, 3, or 0.001 on a book in multiples of 10). Amounts derived here (wallet
    headroom x margin rate, hours x cost per hour, profit) are never rounded to cents
    before they are ranked or compared, which would make a scaled-down book tie or cross
    a threshold where the original does not; money is kept at :data:`MONEY_DIGITS` (12)
    significant digits of the book's largest amount instead, which removes the noise of
    adding floating-point numbers in another order and keeps every real difference.

Examples
--------
>>> import pandas as pd
>>> from kamtools import facts
>>> inv = pd.DataFrame({"invoice_id": ["I1", "I2", "I3", "I4"], "customer_id": ["C1", "C2", "C2", "C3"],
...     "invoice_date": ["2026-03-01", "2025-06-01", "2026-09-01", "2025-10-31"],
...     "amount": [800.0, 400.0, 300.0, 500.0], "cost": [500.0, 250.0, 200.0, 300.0]})
>>> inv["due_date"] = inv["invoice_date"]
>>> data = facts.source(customers=pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"]}), invoices=inv)
>>> status(data, "2026-10-31")["status"].tolist()
['new', 'active', 'lost', 'prospect']
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from collections.abc import Mapping, Sequence
import os
from typing import NamedTuple, Union

import numpy as np
import pandas as pd

from . import facts
from . import strategies as st
from .policy import PolicyError, load_policy
from .store import KamData

__all__ = [
    "LIFECYCLE_ORDER",
    "MAN_ORDER",
    "MAN_PRIORITY",
    "MONEY_DIGITS",
    "RFM_GRID",
    "STATUS_ORDER",
    "TIER_ORDER",
    "Migration",
    "Pareto",
    "abc",
    "clv",
    "customer_facts",
    "key_count",
    "lifecycle",
    "lifecycle_history",
    "man",
    "man_pipeline",
    "migration",
    "months_before",
    "status_from_dates",
    "pareto",
    "profitability",
    "pyramid",
    "pyramid_summary",
    "relational",
    "revenue_pareto",
    "retention_text",
    "rfm",
    "status",
    "tier_migration",
    "to_promote",
    "to_watch",
    "value_matrix",
]

#: Tiers of the pyramid, highest first.
TIER_ORDER: tuple[str, ...] = ("key", "ordinary", "prospect", "unattractive")
#: Lifecycle stages in the order of the relationship.
LIFECYCLE_ORDER: tuple[str, ...] = tuple(st.LIFECYCLE)
#: Status values.
STATUS_ORDER: tuple[str, ...] = ("new", "active", "lost", "prospect", "non-customer")
#: The eight MAN codes, in order of priority (1 = pursue first).
MAN_ORDER: tuple[str, ...] = tuple(st.MAN)

#: A report date: ISO text ("2026-10-31"), a date or a Timestamp.
AsOf = Union[str, dt.date, pd.Timestamp]
#: A policy: None or "" for the shipped defaults, a YAML file path, or a mapping of overrides.
PolicyLike = Union[str, os.PathLike, Mapping, None]

_ROUND = 10  # decimals kept of ratios and scores, so float noise cannot reorder ties
#: Significant digits of the book's largest amount to which money is compared (see :func:`_snap`).
MONEY_DIGITS = 12


# ============================================================================ helpers
def _date(as_of: AsOf) -> pd.Timestamp:
    if as_of is None:
        raise ValueError("as_of is required (a date such as 2026-10-31)")
    ts = pd.Timestamp(as_of)
    if ts is pd.NaT:
        raise ValueError(f"as_of is not a date: {as_of!r}")
    return ts.normalize()


def months_before(as_of: AsOf, months: int) -> pd.Timestamp:
    """``as_of`` minus ``months`` calendar months; a month end stays a month end.

    >>> months_before("2026-10-31", 12).date(), months_before("2026-04-30", 1).date()
    (datetime.date(2025, 10, 31), datetime.date(2026, 3, 31))
    >>> months_before("2024-02-29", 12).date()
    datetime.date(2023, 2, 28)
    """
    ts = _date(as_of)
    out = ts - pd.DateOffset(months=int(months))
    if ts.is_month_end:
        out = out + pd.offsets.MonthEnd(0)
    return out


def _policy(policy: PolicyLike) -> dict:
    pol = load_policy(policy)["segments"]
    dsm = pol["relational"]["discount_share_max"]
    if dsm is not None and (isinstance(dsm, bool) or not isinstance(dsm, (int, float))):
        raise PolicyError(f"policy key 'segments.relational.discount_share_max' must be a number or null, got {dsm!r}")
    return pol


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


def _money_decimals(*amounts: object) -> int | None:
    """Decimals that keep :data:`MONEY_DIGITS` significant digits of the largest amount.

    ``None`` when there is no amount other than zero. The precision is relative to the
    book, never a fixed number of decimals, so a book in thousandths of a currency unit
    keeps every amount as exactly as one in cents or in thousands.
    """
    largest = 0.0
    for a in amounts:
        v = np.abs(np.asarray(a, dtype="float64"))
        v = v[np.isfinite(v)]
        if v.size:
            largest = max(largest, float(v.max()))
    if largest == 0.0:
        return None
    return int(np.clip(MONEY_DIGITS - 1 - math.floor(math.log10(largest)), -300, 300))


def _snap(amounts: pd.Series, decimals: int | None) -> pd.Series:
    """Money rounded to ``decimals`` (from :func:`_money_decimals`): the nearest double of
    the rounded decimal, so sums that differ only by the noise of adding in another order
    become the same number, while every real difference between amounts stays.

    Ranks and thresholds use these values: rounding to a fixed number of decimals (cents)
    would make small amounts tie after the book is scaled down, which a precision relative
    to the book's largest amount cannot.
    """
    x = amounts.astype("float64")
    if decimals is None:
        return x + 0.0
    if decimals >= 0:
        scale = 10.0 ** decimals
        return np.rint(x * scale) / scale + 0.0  # + 0.0 turns -0.0 into 0.0
    scale = 10.0 ** -decimals
    return np.rint(x / scale) * scale + 0.0


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den where den > 0, else NaN (never +-inf), rounded against float noise."""
    den = den.astype("float64")
    out = (num.astype("float64") / den.where(den > 0)).round(_ROUND)
    return out


def _strategy(strategies: Mapping[str, st.Strategy], codes: pd.Series) -> pd.Series:
    return pd.Series(st.strategy_text(strategies, list(codes)).to_numpy(), index=codes.index, dtype="str")


def _ids(values: object) -> pd.Index:
    return pd.Index(pd.Series(values, dtype="str"), dtype="str")


_FACT_COLUMNS = {
    "revenue_12m": 0.0, "margin_12m": 0.0, "discount_12m": 0.0, "revenue_prev_12m": 0.0,
    "margin_prev_12m": 0.0, "invoices_12m": 0, "purchase_days_12m": 0, "invoices_total": 0,
}


def customer_facts(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Per customer: revenue, margin and discounts of the trailing and previous 12 months,
    purchases, first and last purchase and selling hours (SQL ``segments_customer_facts``
    and ``segments_hours``), joined to the customer's attributes.

    Every customer of the ``customers`` table appears (zeros when it has no invoices);
    without a customers table, every customer with an invoice up to ``as_of``.

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
    ...     "invoice_date": ["2026-05-01", "2025-05-01"], "due_date": ["2026-06-01", "2025-06-01"],
    ...     "amount": [100.0, 80.0], "cost": [60.0, 50.0]})
    >>> f = customer_facts(facts.source(invoices=inv), "2026-10-31")
    >>> f.loc["C1", ["revenue_12m", "margin_12m", "revenue_prev_12m"]].tolist()
    [100.0, 40.0, 80.0]
    """
    data = _source(data)
    as_of = _date(as_of)
    start = months_before(as_of, 12)
    prev_start = months_before(as_of, 24)
    if data.has("invoices"):
        f = facts.query(data, "segments_customer_facts", as_of=as_of, start=start, prev_start=prev_start)
    else:
        f = pd.DataFrame({"customer_id": pd.Series([], dtype="str")})
    f["customer_id"] = f["customer_id"].astype("str")
    f = f.set_index("customer_id")
    if data.has("customers"):
        cust = data.customers.copy()
        cust["customer_id"] = cust["customer_id"].astype("str")
        cust = cust.set_index("customer_id")
        ids = cust.index
    else:
        cust = None
        ids = f.index.sort_values()
    index = _ids(ids).rename("customer_id")
    # one lookup of the customers in each source, then every column taken by position
    # (a reindex per column would hash the text ids again for each)
    at = f.index.get_indexer(index)
    found = at >= 0

    def taken(col: str, dtype: str) -> pd.Series:
        if col not in f.columns or not len(f):
            return pd.Series(np.nan if dtype == "float64" else pd.NaT, index=index, dtype=dtype)
        values = pd.Series(f[col].to_numpy()[np.where(found, at, 0)], index=index)
        if dtype.startswith("datetime64"):
            values = pd.to_datetime(values)
        return values.astype(dtype).where(found)

    cols: dict[str, pd.Series | np.ndarray] = {}
    for col, zero in _FACT_COLUMNS.items():
        s = taken(col, "float64").fillna(zero)
        cols[col] = s.astype("int64") if isinstance(zero, int) else s
    # the SQL sums are exact up to the noise of adding in row order: compare them at
    # MONEY_DIGITS significant digits of the book's largest sum (see _snap)
    money = [c for c, zero in _FACT_COLUMNS.items() if not isinstance(zero, int)]
    decimals = _money_decimals(*(cols[c] for c in money))
    for col in money:
        cols[col] = _snap(cols[col], decimals)
    for col in ("first_purchase", "last_purchase"):
        cols[col] = taken(col, "datetime64[us]")
    cols["hours_12m"] = _hours(data, as_of).reindex(index).fillna(0.0).astype("float64")
    attrs = ["name", "industry", "region", "account_manager", "attractiveness",
             "relationship_state", "relationship_level", "wallet_estimate"]
    same = cust is not None and cust.index.equals(index)  # the usual case: no lookup at all
    for col in attrs:
        if cust is not None and col in cust.columns:
            cols[col] = cust[col].set_axis(index) if same else cust[col].reindex(index)
        elif col == "wallet_estimate":
            cols[col] = pd.Series(np.nan, index=index, dtype="float64")
        else:
            cols[col] = pd.Series(np.nan, index=index, dtype="str")
    out = pd.DataFrame(cols, index=index)
    return out


def _hours(data: KamData, as_of: pd.Timestamp) -> pd.Series:
    if not data.has("activities"):
        return pd.Series(dtype="float64", index=pd.Index([], dtype="str", name="customer_id"))
    h = facts.query(data, "segments_hours", as_of=as_of, start=months_before(as_of, 12))
    s = h.set_index(h["customer_id"].astype("str"))["hours_12m"].astype("float64")
    s.index.name = "customer_id"
    return s


def _lead_index(leads: pd.DataFrame, customer_ids: pd.Index) -> pd.Index:
    """Account ids of leads: their lead_id, or ``lead:<lead_id>`` for all leads when any
    lead_id equals a customer_id."""
    ids = leads["lead_id"].astype("str")
    # a hash lookup of the leads in the customer ids (Series.isin on Arrow-backed text is slow)
    if (pd.Index(customer_ids, dtype="str").get_indexer(pd.Index(ids)) >= 0).any():
        ids = "lead:" + ids
    return _ids(ids)


# ============================================================================ ABC / Pareto
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
    raise ValueError(f"{what}: one value per account is needed, but the index repeats {len(dup)} "
                     f"label(s): {shown}; add up the values of each account first (e.g. groupby(level=0).sum())")


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
        ["value", "_id"], ascending=[False, True], kind="mergesort")
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
    customers that bought in it (net revenue above zero).

    "The top 20 % of customers bring x % of revenue" counts buying customers only:
    customers without revenue in the window (set up but never bought, or lapsed) would
    only lengthen the flat tail of the curve and shrink the top 20 % into fewer buyers.
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
    revenue = customer_facts(data, as_of)["revenue_12m"]
    return pareto(revenue[revenue > 0], top=float(pol["pareto_top"]), a=float(pol["abc"]["a"]),
                  b=float(pol["abc"]["b"]))


# ============================================================================ pyramid
def _accounts(data: KamData, as_of: pd.Timestamp) -> pd.DataFrame:
    """Customers and leads as one table of accounts with the pyramid's inputs."""
    f = customer_facts(data, as_of)
    cust = pd.DataFrame({
        "kind": "customer",
        "name": f["name"].astype("str"),
        "region": f["region"].astype("str"),
        "account_manager": f["account_manager"].astype("str"),
        **{col: f[col].astype("float64")
           for col in ("revenue_12m", "revenue_prev_12m", "margin_12m", "wallet_estimate", "hours_12m")},
        **{col: f[col].astype("str") for col in ("relationship_state", "relationship_level", "attractiveness")},
    }, index=f.index.rename("account_id"))
    cust["non_customer"] = False
    if not (data.has("leads") and len(data.leads)):
        return cust
    leads = data.leads
    idx = _lead_index(leads, f.index).rename("account_id")
    attr = leads["attractiveness"] if "attractiveness" in leads.columns else pd.Series(np.nan, index=leads.index)
    ld = pd.DataFrame({
        "kind": "prospect",
        "name": leads["company"].astype("str").to_numpy(),
        "region": leads["region"].astype("str").to_numpy(),
        "account_manager": leads["owner"].astype("str").to_numpy(),
        "revenue_12m": 0.0, "revenue_prev_12m": 0.0, "margin_12m": 0.0,
        "wallet_estimate": leads["estimated_annual_value"].astype("float64").to_numpy(),
        "hours_12m": 0.0,
        "relationship_state": "none", "relationship_level": "none",
        "attractiveness": pd.Series(attr.to_numpy(), dtype="str").to_numpy(),
    }, index=idx)
    ld = ld.astype({c: "str" for c in ("kind", "name", "region", "account_manager", "relationship_state",
                                       "relationship_level", "attractiveness")})
    # leads qualified m+a+n (no money, authority or need): non-customers (see status)
    ld["non_customer"] = man(leads)["man_code"].to_numpy() == "m+a+n"
    acc = pd.concat([cust, ld])
    if not acc.index.is_unique:
        raise ValueError("account ids are not unique (duplicate customer_id or lead_id)")
    return acc


def _scores(acc: pd.DataFrame, pol: dict) -> pd.DataFrame:
    """The four component scores (0-1) and the composite, added to the accounts."""
    out = acc.copy()
    miss = float(pol["missing_score"])
    rev_total = out.loc[out["kind"] == "customer", "revenue_12m"].sum()
    mar_total = out.loc[out["kind"] == "customer", "margin_12m"].sum()
    out["revenue_share"] = (out["revenue_12m"] / rev_total).round(_ROUND) if rev_total > 0 else np.nan
    out["margin_share"] = (out["margin_12m"] / mar_total).round(_ROUND) if mar_total > 0 else np.nan
    out["growth"] = (_ratio(out["revenue_12m"], out["revenue_prev_12m"]) - 1).round(_ROUND)
    decimals = _money_decimals(out["wallet_estimate"], out["revenue_12m"], out["margin_12m"])
    out["headroom"] = _snap((out["wallet_estimate"] - out["revenue_12m"].clip(lower=0)).clip(lower=0), decimals)

    vw = _weights(pol["value_weights"], ["revenue", "margin"], "value_weights")
    out["value_score"] = (vw["revenue"] * _pct_rank(out["revenue_12m"])
                          + vw["margin"] * _pct_rank(out["margin_12m"]))
    pw = _weights(pol["potential_weights"], ["growth", "headroom"], "potential_weights")
    out["potential_score"] = (pw["growth"] * _pct_rank(out["growth"]).fillna(miss)
                              + pw["headroom"] * _pct_rank(out["headroom"]).fillna(miss))
    rw = _weights(pol["relationship_weights"], ["state", "level"], "relationship_weights")
    state = out["relationship_state"].map(pol["relationship_state_scores"]).astype("float64")
    level = out["relationship_level"].map(pol["relationship_level_scores"]).astype("float64")
    out["relationship_score"] = rw["state"] * state.fillna(miss) + rw["level"] * level.fillna(miss)
    out["attractiveness_score"] = (out["attractiveness"].map(pol["attractiveness_scores"])
                                   .astype("float64").fillna(miss))
    w = _weights(pol["weights"], ["value", "potential", "relationship", "attractiveness"], "weights")
    comp = sum(w[k] * out[f"{k}_score"] for k in w)
    for col in ("value_score", "potential_score", "relationship_score", "attractiveness_score"):
        out[col] = out[col].round(_ROUND)
    out["composite"] = comp.round(_ROUND)
    return out


def _order(df: pd.DataFrame, by: str, ascending: bool = False) -> pd.Index:
    """Index sorted by ``by`` (descending by default), ties by id ascending."""
    tmp = pd.DataFrame({"v": df[by].to_numpy(), "id": df.index.to_numpy()}, index=df.index)
    return tmp.sort_values(["v", "id"], ascending=[ascending, True], kind="mergesort").index


def key_count(key_share: float, accounts: int) -> int:
    """The number of key accounts: ``key_share x accounts`` rounded half up, exactly.

    The share is taken as the decimal it is written as (0.35, not the nearest binary
    fraction 0.34999...), so a product that lands on a half always rounds up.

    >>> key_count(0.35, 90), key_count(0.05, 30), key_count(0.10, 24), key_count(0.0, 7)
    (32, 2, 2, 0)
    """
    exact = Decimal(repr(float(key_share))) * int(accounts)
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


def pyramid(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Every account -- customers and prospects (leads) -- placed in the key-account pyramid.

    Tiers (in this order of assignment):

    * ``unattractive`` -- attractiveness ``low`` and a small potential (potential score
      below ``segments.unattractive_potential_below``); leads have no attractiveness
      unless the leads table carries an ``attractiveness`` column. Leads qualified
      ``m+a+n`` (no money, no authority, no need) are unattractive whatever their scores:
      they are non-customers (:func:`status`) to be dropped from the pipeline
      (:func:`man`), not prospects to win.
    * ``prospect`` -- the other leads, and customers without net revenue in the trailing
      12 months (set up but never bought, or lapsed and to be won back).
    * ``key`` -- of the buying customers that are not unattractive, the
      ``key_share x number of accounts`` (rounded half up, exactly: 0.35 x 90 = 31.5 gives
      32) with the highest composite; ties by account id, so the tiers do not depend on
      the order of input rows. The number of accounts counts every customer and every
      lead except the ``m+a+n`` leads: a non-customer is no account to be served, and
      a pipeline full of them must not make more customers key accounts.
    * ``ordinary`` -- the other buying customers.

    Composite (0-1) = weighted mean (``segments.weights``) of four scores, each 0-1:

    * value -- percentile ranks of revenue and margin of the trailing 12 months (the
      revenue and margin *shares* of the book rank the same way);
    * potential -- percentile ranks of growth (revenue over the previous 12 months, minus
      1; unknown without previous revenue) and of wallet headroom (wallet estimate minus
      revenue, at least 0; a lead's headroom is its estimated annual value);
    * relationship -- scores of the relationship state and level (a lead: ``none``);
    * attractiveness -- high / medium / low.

    Percentile ranks are taken over all accounts (0 = lowest, 1 = highest, ties share the
    average rank), so the composite does not change when all money is scaled. An unknown
    component scores ``segments.missing_score``.

    Returns
    -------
    DataFrame indexed by ``account_id`` (a customer_id, or a lead's lead_id -- prefixed
    ``lead:`` for all leads if any lead_id equals a customer_id): ``kind`` (customer /
    prospect), name, region, account_manager, revenue_12m, revenue_prev_12m, margin_12m,
    revenue_share, margin_share, growth, wallet_estimate, headroom, relationship_state,
    relationship_level, attractiveness, hours_12m, the four scores, ``composite``, ``rank``
    (1 = highest composite), ``tier`` and ``strategy``.

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> p = pyramid(data, "2026-10-31")
    >>> non_customers = int((man(data)["man_code"] == "m+a+n").sum())
    >>> int((p["tier"] == "key").sum()) == key_count(0.10, len(p) - non_customers)
    True
    """
    pol = _policy(policy)
    data = _source(data)
    as_of = _date(as_of)
    acc = _scores(_accounts(data, as_of), pol)
    n = len(acc)
    buying = (acc["kind"] == "customer") & (acc["revenue_12m"] > 0)
    non_customer = acc["non_customer"].astype(bool)
    unattractive = non_customer | ((acc["attractiveness"] == "low").fillna(False) & (
        acc["potential_score"] < float(pol["unattractive_potential_below"])))
    eligible = buying & ~unattractive
    n_key = min(key_count(pol["key_share"], n - int(non_customer.sum())), int(eligible.sum()))
    key_ids = _order(acc[eligible], "composite")[:n_key]
    tier = pd.Series("ordinary", index=acc.index, dtype="object")
    tier.loc[~buying] = "prospect"
    tier.loc[unattractive] = "unattractive"
    tier.loc[key_ids] = "key"
    acc["rank"] = pd.Series(np.arange(1, n + 1, dtype="int64"), index=_order(acc, "composite")).reindex(acc.index)
    acc["tier"] = tier.astype("str")
    acc["strategy"] = _strategy(st.TIERS, acc["tier"])
    cols = ["kind", "name", "region", "account_manager", "revenue_12m", "revenue_prev_12m", "margin_12m",
            "revenue_share", "margin_share", "growth", "wallet_estimate", "headroom",
            "relationship_state", "relationship_level", "attractiveness", "hours_12m",
            "value_score", "potential_score", "relationship_score", "attractiveness_score",
            "composite", "rank", "tier", "strategy"]
    return acc[cols]


def pyramid_summary(pyramid: pd.DataFrame, data: KamData | None = None, as_of: AsOf | None = None,
                    policy: PolicyLike = None) -> pd.DataFrame:
    """Per tier: accounts, revenue and selling time, against the pyramid's targets.

    Selling time is the hours of activities over the trailing 12 months (SQL
    ``segments_hours``) when ``data`` and ``as_of`` are given, else the pyramid's
    ``hours_12m`` column. Leads carry no activities, so prospect time is the time spent on
    customers that are not buying.

    Returns
    -------
    DataFrame indexed by tier (key, ordinary, prospect, unattractive): ``accounts``,
    ``account_share``, ``target_account_share`` (key_share, ordinary_share, the rest for
    prospects; none for unattractive), ``revenue``, ``revenue_share``, ``hours``,
    ``time_share``, ``time_target`` (``segments.time_targets``), ``time_gap`` (share minus
    target) and ``strategy``. Shares are NaN when their total is zero. ``account_share``
    counts every account of the pyramid, the ``m+a+n`` leads (under unattractive)
    included, while the number of key accounts is ``key_share`` of the accounts without
    them: with such leads the key share shown sits a little below its target.

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> s = pyramid_summary(pyramid(data, "2026-10-31"), data, "2026-10-31")
    >>> float(s.loc["key", "time_target"]), round(float(s["account_share"].sum()), 6)
    (0.6, 1.0)
    """
    pol = _policy(policy)
    tiers = list(TIER_ORDER)
    p = pyramid
    if data is not None:
        if as_of is None:
            raise ValueError("give as_of with data")
        hours = _hours(_source(data), _date(as_of))
        h = hours.reindex(p.index).fillna(0.0)
    else:
        h = p["hours_12m"].astype("float64")
    out = pd.DataFrame(index=pd.Index(tiers, name="tier", dtype="str"))
    out["accounts"] = p.groupby("tier").size().reindex(tiers).fillna(0).astype("int64")
    n = int(out["accounts"].sum())
    out["account_share"] = out["accounts"] / n if n else np.nan
    key, ordinary = float(pol["key_share"]), float(pol["ordinary_share"])
    out["target_account_share"] = [key, ordinary, max(0.0, 1.0 - key - ordinary), np.nan]
    rev = p["revenue_12m"].where(p["kind"] == "customer", 0.0)
    out["revenue"] = rev.groupby(p["tier"]).sum().reindex(tiers).fillna(0.0)
    total = out["revenue"].sum()
    out["revenue_share"] = out["revenue"] / total if total > 0 else np.nan
    out["hours"] = h.groupby(p["tier"]).sum().reindex(tiers).fillna(0.0).astype("float64")
    th = out["hours"].sum()
    out["time_share"] = out["hours"] / th if th > 0 else np.nan
    out["time_target"] = [float(pol["time_targets"].get(t, np.nan)) for t in tiers]
    out["time_gap"] = out["time_share"] - out["time_target"]
    out["strategy"] = _strategy(st.TIERS, pd.Series(tiers, index=out.index))
    return out


def to_promote(pyramid: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Ordinary customers to develop into key accounts: highest composite first, then potential.

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> set(to_promote(pyramid(data, "2026-10-31"), n=3)["tier"]) <= {"ordinary"}
    True
    """
    p = pyramid[pyramid["tier"] == "ordinary"]
    tmp = pd.DataFrame({"c": p["composite"], "p": p["potential_score"], "id": p.index}, index=p.index)
    order = tmp.sort_values(["c", "p", "id"], ascending=[False, False, True], kind="mergesort").index
    cols = ["name", "account_manager", "revenue_12m", "growth", "headroom", "value_score",
            "potential_score", "composite", "rank", "tier", "strategy"]
    return pyramid.loc[order[:n], cols].copy()


def to_watch(pyramid: pd.DataFrame, n: int = 10, policy: PolicyLike = None) -> pd.DataFrame:
    """Key accounts in decline: growth at or below ``segments.lifecycle.decline_below``,
    the largest revenue lost first; the strategy is the one of the defense stage.

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> w = to_watch(pyramid(data, "2026-10-31"))
    >>> bool((w["growth"] <= -0.10).all())
    True
    """
    pol = _policy(policy)
    p = pyramid[(pyramid["tier"] == "key") & (pyramid["growth"] <= float(pol["lifecycle"]["decline_below"]))]
    out = p[["name", "account_manager", "revenue_12m", "revenue_prev_12m", "growth", "composite", "tier"]].copy()
    out["revenue_lost"] = _snap(out["revenue_prev_12m"] - out["revenue_12m"],
                                _money_decimals(out["revenue_prev_12m"], out["revenue_12m"]))
    out = out.loc[_order(out, "revenue_lost")][:n]
    out["strategy"] = str(st.LIFECYCLE["defense"])
    out["strategy"] = out["strategy"].astype("str")
    return out


# ============================================================================ MAN
def _man_priority() -> dict[str, int]:
    """Priority of each MAN code: more conditions present first; among equals, Money
    before Need before Authority (authority is the easiest to fix -- find the person who
    decides; money can be helped with credit terms; a need is hardest to create)."""
    combos = []
    for m in (True, False):
        for a in (True, False):
            for n in (True, False):
                code = f"{'M' if m else 'm'}+{'A' if a else 'a'}+{'N' if n else 'n'}"
                combos.append((-(m + a + n), -(4 * m + 2 * n + 1 * a), code))
    return {code: i + 1 for i, (_, _, code) in enumerate(sorted(combos))}


MAN_PRIORITY: dict[str, int] = _man_priority()


def man(leads: pd.DataFrame | KamData) -> pd.DataFrame:
    """MAN qualification of leads (Money, Authority, Need): code, priority and action.

    ``man_code`` writes each condition as a capital letter when present, lower case when
    absent or unknown (an unknown condition is not yet qualified): ``M+A+N`` ... ``m+a+n``.
    ``priority`` 1 (pursue first) to 8 ranks the eight codes by the number of conditions
    present, then Money before Need before Authority:

    ====== ====== =====================================================
    code   prio   action (abridged)
    ====== ====== =====================================================
    M+A+N  1      ideal prospect: pursue now
    M+a+N  2      find the person with the authority to decide
    M+A+n  3      skilled selling can create the need
    m+A+N  4      check business and credit, offer financing
    M+a+n  5      cultivate over the long term
    m+a+N  6      cultivate over the long term
    m+A+n  7      light, low-cost contact with the decision maker (not in the material)
    m+a+n  8      not a customer: stop contact
    ====== ====== =====================================================

    Parameters
    ----------
    leads
        The leads table (or a KamData holding it).

    Returns
    -------
    DataFrame indexed by ``lead_id``: company, region, owner, money, authority, need,
    estimated_annual_value, ``man_code``, ``priority``, ``action``.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "company": ["甲公司", "B Ltd"],
    ...     "region": ["East", "West"], "owner": ["Li", "Wang"], "money": [True, False],
    ...     "authority": [False, True], "need": [True, False], "estimated_annual_value": [5e5, 1e5]})
    >>> man(leads)[["man_code", "priority"]].values.tolist()
    [['M+a+N', 2], ['m+A+n', 7]]
    """
    df = leads.leads if isinstance(leads, KamData) else leads
    out = pd.DataFrame(index=_ids(df["lead_id"]).rename("lead_id"))
    for col in ("company", "region", "owner"):
        out[col] = df[col].astype("str").to_numpy() if col in df.columns else np.nan
    flags = {}
    for col in ("money", "authority", "need"):
        out[col] = df[col].astype("boolean").to_numpy()
        flags[col] = out[col].fillna(False).astype(bool)
    out["estimated_annual_value"] = (df["estimated_annual_value"].astype("float64").to_numpy()
                                     if "estimated_annual_value" in df.columns else np.nan)
    code = (np.where(flags["money"], "M", "m").astype(object) + "+"
            + np.where(flags["authority"], "A", "a").astype(object) + "+"
            + np.where(flags["need"], "N", "n").astype(object))
    out["man_code"] = pd.Series(code, index=out.index, dtype="str")
    out["priority"] = out["man_code"].map(MAN_PRIORITY).astype("int64")
    out["action"] = _strategy(st.MAN, out["man_code"])
    return out


def man_pipeline(man_table: pd.DataFrame) -> pd.DataFrame:
    """Leads and estimated annual value per MAN code, in order of priority (all eight codes).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"man_code": ["M+A+N", "M+A+N", "m+a+n"], "estimated_annual_value": [1.0, 2.0, 4.0]})
    >>> man_pipeline(t).loc[["M+A+N", "m+a+n", "M+a+N"], "leads"].tolist()
    [2, 1, 0]
    """
    codes = list(MAN_ORDER)
    g = man_table.groupby("man_code")
    out = pd.DataFrame(index=pd.Index(codes, name="man_code", dtype="str"))
    out["priority"] = [MAN_PRIORITY[c] for c in codes]
    out["leads"] = g.size().reindex(codes).fillna(0).astype("int64")
    out["estimated_annual_value"] = g["estimated_annual_value"].sum().reindex(codes).fillna(0.0)
    out["action"] = _strategy(st.MAN, pd.Series(codes, index=out.index))
    return out


# ============================================================================ status / lifecycle
def status_from_dates(first_purchase: pd.Series, last_purchase: pd.Series, as_of: AsOf,
                      policy: PolicyLike = None) -> np.ndarray:
    """The status of customers from their first and last purchase on or before ``as_of``
    (the rules of :func:`status`): ``prospect``, ``lost``, ``new`` or ``active``.

    >>> import pandas as pd
    >>> first = pd.to_datetime(pd.Series(["2026-01-10", "2020-01-01", None, "2020-01-01"]))
    >>> last = pd.to_datetime(pd.Series(["2026-10-01", "2025-10-31", None, "2025-11-01"]))
    >>> status_from_dates(first, last, "2026-10-31").tolist()
    ['new', 'lost', 'prospect', 'active']
    """
    return _status_codes(first_purchase, last_purchase, _date(as_of), _policy(policy))


def _status_codes(first_purchase: pd.Series, last_purchase: pd.Series, as_of, pol: Mapping) -> np.ndarray:
    lost_cut = months_before(as_of, pol["lost_after_months"])
    new_cut = months_before(as_of, pol["new_within_months"])
    return np.select([last_purchase.isna(), last_purchase <= lost_cut, first_purchase > new_cut],
                     ["prospect", "lost", "new"], default="active")


def status(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Status of every account on ``as_of``: new, active, lost, prospect or non-customer.

    For customers (a purchase is an invoice with a positive amount):

    * ``prospect`` -- no purchase on or before ``as_of`` (set up, never bought);
    * ``lost`` -- the last purchase is on or before ``as_of`` minus
      ``segments.lost_after_months`` (no purchase within that many months: a purchase
      exactly 12 months before a month-end ``as_of`` is lost, one a day later is active);
    * ``new`` -- the first purchase is after ``as_of`` minus ``segments.new_within_months``;
    * ``active`` -- the others.

    Leads are ``prospect``, except those qualified ``m+a+n`` (no money, authority or need),
    which are ``non-customer``.

    Returns
    -------
    DataFrame indexed by ``account_id`` (as :func:`pyramid`): kind, name, first_purchase,
    last_purchase, days_since_purchase, status, strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3"], "customer_id": ["old", "old", "gone"],
    ...     "invoice_date": ["2024-03-01", "2026-09-15", "2025-10-31"], "amount": [100.0, 80.0, 50.0],
    ...     "cost": [60.0, 50.0, 30.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "company": ["Acme", "Nobody"], "region": ["East"] * 2,
    ...     "owner": ["Li"] * 2, "money": [True, False], "authority": [True, False], "need": [False, False],
    ...     "estimated_annual_value": [1e5, 0.0]})
    >>> s = status(facts.source(invoices=inv, leads=leads), "2026-10-31")
    >>> s["status"].to_dict()
    {'gone': 'lost', 'old': 'active', 'L1': 'prospect', 'L2': 'non-customer'}
    >>> int(s.loc["gone", "days_since_purchase"])   # exactly 12 months before a month end: lost
    365
    """
    pol = _policy(policy)
    data = _source(data)
    as_of = _date(as_of)
    f = customer_facts(data, as_of)
    c = pd.DataFrame(index=f.index.rename("account_id"))
    c["kind"] = "customer"
    c["name"] = f["name"].astype("str")
    c["first_purchase"] = f["first_purchase"]
    c["last_purchase"] = f["last_purchase"]
    c["days_since_purchase"] = (as_of - f["last_purchase"]).dt.days.astype("Int64")
    c["status"] = _status_codes(f["first_purchase"], f["last_purchase"], as_of, pol)
    frames = [c]
    if data.has("leads") and len(data.leads):
        m = man(data.leads)
        ld = pd.DataFrame(index=_lead_index(data.leads, f.index).rename("account_id"))
        ld["kind"] = "prospect"
        ld["name"] = m["company"].to_numpy()
        ld["first_purchase"] = pd.Series(pd.NaT, index=ld.index, dtype="datetime64[us]")
        ld["last_purchase"] = pd.Series(pd.NaT, index=ld.index, dtype="datetime64[us]")
        ld["days_since_purchase"] = pd.Series(pd.NA, index=ld.index, dtype="Int64")
        ld["status"] = np.where(m["man_code"].to_numpy() == "m+a+n", "non-customer", "prospect")
        frames.append(ld)
    out = pd.concat(frames) if len(frames) > 1 else c
    out["status"] = out["status"].astype("str")
    out["kind"] = out["kind"].astype("str")
    out["name"] = out["name"].astype("str")
    out["strategy"] = _strategy(st.STATUS, out["status"])
    return out


def lifecycle(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Stage of each customer in the relationship lifecycle, from revenue and its trend.

    ``trend`` = revenue of the trailing 12 months / revenue of the previous 12 months - 1
    (NaN, with a ``trend_note``, when the previous 12 months had no positive revenue).

    * ``hibernation`` -- no purchase (an invoice with a positive amount) in the trailing 12
      months, after buying before: the customers :func:`status` calls lost (with the
      default ``lost_after_months`` of 12). A customer that bought in the window is never
      hibernating, even when credit notes take its net revenue to zero or below;
    * ``breakthrough`` -- no revenue in the previous 12 months: never bought yet, or first
      (or renewed) purchases within the trailing 12 months;
    * ``growth`` -- trend at or above ``segments.lifecycle.growth_above`` (+10 %);
    * ``defense`` -- trend at or below ``segments.lifecycle.decline_below`` (-10 %);
    * ``harvest`` -- a trend in between: stable, mature business.

    Returns
    -------
    DataFrame indexed by ``customer_id``: name, revenue_12m, revenue_prev_12m, trend,
    trend_note, stage, strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["a", "b", "c", "d"], "customer_id": ["G", "G", "D", "D"],
    ...     "invoice_date": ["2025-05-01", "2026-05-01", "2025-05-01", "2026-05-01"],
    ...     "due_date": ["2025-06-01", "2026-06-01", "2025-06-01", "2026-06-01"],
    ...     "amount": [100.0, 150.0, 100.0, 50.0], "cost": [0.0, 0.0, 0.0, 0.0]})
    >>> lifecycle(facts.source(invoices=inv), "2026-10-31")["stage"].to_dict()
    {'D': 'defense', 'G': 'growth'}
    """
    pol = _policy(policy)
    f = customer_facts(data, as_of)
    lc = pol["lifecycle"]
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["revenue_prev_12m"] = f["revenue_prev_12m"]
    out["trend"] = (_ratio(f["revenue_12m"], f["revenue_prev_12m"]) - 1).round(_ROUND)
    out["trend_note"] = pd.Series(
        np.where(out["trend"].isna(), "no revenue in the previous 12 months", ""), index=out.index, dtype="str")
    bought = f["last_purchase"].notna()
    stage = np.select(
        [bought & (f["invoices_12m"] == 0),
         f["revenue_prev_12m"] <= 0,
         out["trend"] >= float(lc["growth_above"]),
         out["trend"] <= float(lc["decline_below"])],
        ["hibernation", "breakthrough", "growth", "defense"], default="harvest")
    out["stage"] = pd.Series(stage, index=out.index, dtype="str")
    out["strategy"] = _strategy(st.LIFECYCLE, out["stage"])
    return out


def lifecycle_history(data: KamData, as_of: AsOf, months: int = 12, policy: PolicyLike = None) -> pd.DataFrame:
    """Lifecycle stage of each customer at the end of each of the last ``months`` months.

    :func:`lifecycle` evaluated at ``as_of`` and at the ``months - 1`` dates before it, one
    calendar month apart (a month end stays a month end); each evaluation is one query
    of the store.

    Returns
    -------
    DataFrame indexed by ``customer_id``, one column per month (``YYYY-MM``, oldest
    first, columns named ``month``) holding the stage; input of
    :func:`kamtools.plots.lifecycle_timeline`.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["a", "b"], "customer_id": ["G", "G"],
    ...     "invoice_date": ["2025-05-01", "2026-05-01"], "due_date": ["2025-06-01", "2026-06-01"],
    ...     "amount": [100.0, 150.0], "cost": [0.0, 0.0]})
    >>> lifecycle_history(facts.source(invoices=inv), "2026-05-31", months=2).loc["G"].to_dict()
    {'2026-04': 'breakthrough', '2026-05': 'growth'}
    """
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"months must be a whole number of at least 1, got {months!r}")
    as_of = _date(as_of)
    dates = [months_before(as_of, k) for k in range(int(months) - 1, -1, -1)]
    stages = {d.strftime("%Y-%m"): lifecycle(data, d, policy)["stage"] for d in dates}
    out = pd.DataFrame(stages)
    out.index.name = "customer_id"
    out.columns = pd.Index(list(stages), name="month", dtype="str")
    return out.astype("str")


# ============================================================================ RFM
#: Named RFM segment by recency score (rows, 1..5) and frequency-monetary score (columns, 1..5).
RFM_GRID: dict[int, tuple[str, str, str, str, str]] = {
    5: ("new", "potential loyalist", "potential loyalist", "champions", "champions"),
    4: ("promising", "potential loyalist", "potential loyalist", "loyal", "loyal"),
    3: ("about to sleep", "about to sleep", "need attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at risk", "at risk", "cannot lose them"),
    1: ("lost", "lost", "at risk", "at risk", "cannot lose them"),
}


def rfm(data: KamData | pd.DataFrame, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Recency, frequency and monetary value of each customer, 1-5 scores and a named segment.

    Computed in the store (SQL ``segments_rfm``), so it holds for tens of millions of invoices:

    * recency -- days from the last purchase (an invoice with a positive amount, any time
      up to ``as_of``) to ``as_of``;
    * frequency -- purchase days (distinct invoice dates of purchases) within the trailing
      ``segments.rfm.months`` months; distinct days rather than invoices, so an order split
      into several invoices counts once;
    * monetary -- net invoiced amount (credit notes deducted) within the same months.

    Each is scored 1..5 among the customers that have bought: score = min(5, 1 + floor(5 x
    the share of the other buyers with a strictly worse value)). The worst value scores 1,
    the best 5, a single buyer 3; ties share a score, and scores depend only on ranks
    (unchanged by the order of rows or by scaling money). The
    segment comes from the recency score and the frequency-monetary score
    ``ceil((F + M) / 2)`` by :data:`RFM_GRID` (champions, loyal, potential loyalist, new,
    promising, need attention, about to sleep, at risk, cannot lose them, hibernating,
    lost). Customers of the customers table that never bought are ``no purchases`` with
    empty scores.

    Parameters
    ----------
    data
        A KamData, or the invoices table as a DataFrame.

    Returns
    -------
    DataFrame indexed by ``customer_id``: last_purchase, recency_days, frequency, monetary,
    r_score, f_score, m_score, fm_score, rfm_code (e.g. ``"545"``), segment, strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3"], "customer_id": ["A", "A", "B"],
    ...     "invoice_date": ["2026-10-01", "2026-10-20", "2025-12-01"],
    ...     "due_date": ["2026-11-01", "2026-11-20", "2026-01-01"],
    ...     "amount": [500.0, 700.0, 90.0], "cost": [300.0, 400.0, 60.0]})
    >>> rfm(inv, "2026-10-31")[["recency_days", "r_score", "f_score", "segment"]].values.tolist()
    [[11, 5, 5, 'champions'], [334, 1, 1, 'lost']]
    """
    pol = _policy(policy)
    if isinstance(data, pd.DataFrame):
        data = facts.source(invoices=data)
    data = _source(data)
    as_of = _date(as_of)
    levels = int(pol["rfm"]["scores"])
    start = months_before(as_of, pol["rfm"]["months"])
    if data.has("invoices"):
        q = facts.query(data, "segments_rfm", as_of=as_of, start=start, levels=levels)
    else:
        q = pd.DataFrame(columns=["customer_id", "last_purchase", "frequency", "monetary",
                                  "r_score", "f_score", "m_score"])
    q = q.set_index(q["customer_id"].astype("str")).drop(columns="customer_id")
    if data.has("customers"):
        # only the ids, in table order: no need to read the whole customers table
        ids = _ids(data.sql("select customer_id from customers")["customer_id"])
    else:
        ids = q.index.sort_values()
    index = _ids(ids).rename("customer_id")
    q = q.reindex(index)  # one alignment for every column
    out = pd.DataFrame(index=index)
    out["last_purchase"] = pd.to_datetime(q["last_purchase"]).astype("datetime64[us]")
    out["recency_days"] = (as_of - out["last_purchase"]).dt.days.astype("Int64")
    out["frequency"] = q["frequency"].astype("Int64")
    out["monetary"] = q["monetary"].astype("float64")
    for col in ("r_score", "f_score", "m_score"):
        out[col] = q[col].astype("Int64")
    out["fm_score"] = ((out["f_score"] + out["m_score"] + 1) // 2).astype("Int64")
    known = out["r_score"].notna().to_numpy()
    r = out["r_score"].to_numpy(dtype="int64", na_value=1)
    f = out["f_score"].to_numpy(dtype="int64", na_value=1)
    m = out["m_score"].to_numpy(dtype="int64", na_value=1)
    fm = out["fm_score"].to_numpy(dtype="int64", na_value=1)
    if levels <= 9:  # one digit per score
        code = pd.Series(r * 100 + f * 10 + m, index=index).astype("str")
    else:
        code = out["r_score"].astype("str") + out["f_score"].astype("str") + out["m_score"].astype("str")
    out["rfm_code"] = code.where(known).astype("str")
    # named segments on the 5-level grid (scores of another number of levels are rescaled),
    # looked up by position in a small table rather than row by row
    r5 = np.clip(1 + (r - 1) * 5 // levels, 1, 5)
    fm5 = np.clip(1 + (fm - 1) * 5 // levels, 1, 5)
    names = ["no purchases", *sorted({name for row in RFM_GRID.values() for name in row})]
    grid = np.zeros((6, 6), dtype="int64")
    for rr, row in RFM_GRID.items():
        for cc, name in enumerate(row, start=1):
            grid[rr, cc] = names.index(name)
    seg_code = np.where(known, grid[r5, fm5], 0)
    out["segment"] = pd.Series(np.array(names, dtype=object)[seg_code], index=index, dtype="str")
    texts = np.array([str(st.RFM[n]) if n in st.RFM else None for n in names], dtype=object)
    out["strategy"] = pd.Series(texts[seg_code], index=index, dtype="str")
    return out


# ============================================================================ profitability
def profitability(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Profit after cost to serve per customer over the trailing 12 months, and the whale curve.

    * ``gross_margin`` = margin as invoiced (amount - cost) + discounts: the margin before
      discounts, at list price;
    * ``cost_to_serve`` = discounts + selling hours x ``segments.cost_per_hour`` (activities);
    * ``profit`` = gross_margin - cost_to_serve (= amount - cost - service cost; discounts
      are counted once).

    Classes: ``unprofitable`` (profit <= 0); of the profitable ones, the largest that together
    earn ``segments.most_profitable_share`` of all positive profit (as ABC class A) are
    ``most profitable``, the rest ``profitable``; customers with neither revenue, discounts
    nor selling time in the window are ``no business`` and stay off the whale curve.

    Whale curve: customers with business, most profitable first (ties by id):
    ``whale_rank``, ``account_share`` and ``cumulative_profit_share`` (cumulative profit /
    total profit; it rises above 1 and falls back to 1 as the unprofitable customers give
    profit away; NaN when the total profit is not positive).

    Note ``cost_per_hour`` is money: scale it with the data to compare books in other units.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2"], "customer_id": ["A", "B"],
    ...     "invoice_date": ["2026-05-01", "2026-05-01"], "due_date": ["2026-06-01", "2026-06-01"],
    ...     "amount": [1000.0, 500.0], "cost": [600.0, 400.0], "discount": [50.0, 80.0]})
    >>> act = pd.DataFrame({"activity_id": ["x"], "customer_id": ["B"], "date": ["2026-06-01"],
    ...     "type": ["visit"], "account_manager": ["Li"], "hours": [2.0]})
    >>> p = profitability(facts.source(invoices=inv, activities=act), "2026-10-31", {"segments": {"cost_per_hour": 80.0}})
    >>> p[["gross_margin", "cost_to_serve", "profit", "profit_class"]].values.tolist()
    [[450.0, 50.0, 400.0, 'most profitable'], [180.0, 240.0, -60.0, 'unprofitable']]
    """
    pol = _policy(policy)
    f = customer_facts(data, as_of)
    rate = float(pol["cost_per_hour"])
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["margin_12m"] = f["margin_12m"]
    out["discount_12m"] = f["discount_12m"]
    service = f["hours_12m"] * rate
    gross = f["margin_12m"] + f["discount_12m"]
    # every amount at the precision of the largest one, so a profit of exactly zero stays zero
    decimals = _money_decimals(f["revenue_12m"], f["margin_12m"], f["discount_12m"], gross, service)
    out["gross_margin"] = _snap(gross, decimals)
    out["hours_12m"] = f["hours_12m"]
    out["service_cost"] = _snap(service, decimals)
    out["cost_to_serve"] = _snap(out["discount_12m"] + out["service_cost"], decimals)
    out["profit"] = _snap(out["gross_margin"] - out["cost_to_serve"], decimals)
    out["profit_rate"] = _ratio(out["profit"], out["revenue_12m"])
    business = (f["revenue_12m"] != 0) | (f["discount_12m"] != 0) | (f["hours_12m"] > 0) | (f["invoices_12m"] > 0)
    pos = out["profit"].where(business & (out["profit"] > 0))
    top = abc(pos.dropna(), float(pol["most_profitable_share"]), 1.0)
    cls = pd.Series("unprofitable", index=out.index, dtype="object")
    cls[top.index] = np.where(top == "A", "most profitable", "profitable")
    cls[~business] = "no business"
    out["profit_class"] = cls.astype("str")
    order = _order(out[business], "profit")
    n = len(order)
    total = out.loc[order, "profit"].sum()
    out["whale_rank"] = pd.Series(np.arange(1, n + 1, dtype="int64"), index=order).reindex(out.index).astype("Int64")
    out["account_share"] = (out["whale_rank"].astype("float64") / n) if n else np.nan
    cum = out.loc[order, "profit"].cumsum()
    out["cumulative_profit_share"] = (cum / total).reindex(out.index) if total > 0 else np.nan
    out["strategy"] = _strategy(st.PROFIT, out["profit_class"])
    return out


# ============================================================================ value matrix / CLV
def value_matrix(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """The customer value matrix: current value x potential value, four quadrants.

    * ``current_value`` = margin of the trailing 12 months (amount - cost);
    * ``potential_value`` = the margin still to win each year: wallet headroom (wallet
      estimate - revenue, at least 0) x the customer's margin rate (margin / revenue; the
      book's margin rate when the customer has no revenue). NaN without a wallet estimate.

    A value is high at or above the ``segments.value_matrix_quantile`` (median) of the
    customers that bought in the trailing 12 months (``split_current``,
    ``split_potential`` columns). Customers without revenue are low on current value; an
    unknown potential counts as low. Quadrants: ``strategic`` (high, high), ``maintain``
    (high current, low potential), ``develop`` (low current, high potential),
    ``minimal`` (low, low), each with its strategy.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> cust = pd.DataFrame({"customer_id": ["S", "M", "D", "X"], "wallet_estimate": [3000.0, 1000.0, 5000.0, 150.0]})
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3", "4"], "customer_id": ["S", "M", "D", "X"],
    ...     "invoice_date": ["2026-05-01"] * 4, "amount": [1000.0, 1000.0, 100.0, 100.0],
    ...     "cost": [500.0, 600.0, 50.0, 90.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> vm = value_matrix(facts.source(customers=cust, invoices=inv), "2026-10-31")
    >>> vm[["current_value", "potential_value", "quadrant"]].values.tolist()
    [[500.0, 1000.0, 'strategic'], [400.0, 0.0, 'maintain'], [50.0, 2450.0, 'develop'], [10.0, 5.0, 'minimal']]
    >>> float(vm["split_current"].iloc[0]), float(vm["split_potential"].iloc[0])   # the medians
    (225.0, 502.5)
    """
    pol = _policy(policy)
    f = customer_facts(data, as_of)
    q = float(pol["value_matrix_quantile"])
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["current_value"] = f["margin_12m"]
    buyers = f["revenue_12m"] > 0
    book_rate = (f.loc[buyers, "margin_12m"].sum() / f.loc[buyers, "revenue_12m"].sum()) if buyers.any() else np.nan
    rate = _ratio(f["margin_12m"], f["revenue_12m"]).fillna(round(book_rate, _ROUND) if buyers.any() else np.nan)
    out["margin_rate"] = rate
    out["wallet_estimate"] = f["wallet_estimate"]
    decimals = _money_decimals(f["wallet_estimate"], f["revenue_12m"], f["margin_12m"])
    out["headroom"] = _snap((f["wallet_estimate"] - f["revenue_12m"].clip(lower=0)).clip(lower=0), decimals)
    out["potential_value"] = _snap(out["headroom"] * rate, decimals)
    cur_split = out.loc[buyers, "current_value"].quantile(q) if buyers.any() else np.nan
    pot_known = out.loc[buyers, "potential_value"].dropna()
    pot_split = pot_known.quantile(q) if len(pot_known) else np.nan
    out["split_current"] = cur_split
    out["split_potential"] = pot_split
    high_cur = buyers & (out["current_value"] >= cur_split)
    high_pot = (out["potential_value"] >= pot_split) & (out["potential_value"] > 0)
    high_pot = high_pot.fillna(False).astype(bool)
    quad = np.select([high_cur & high_pot, high_cur, high_pot], ["strategic", "maintain", "develop"],
                     default="minimal")
    out["quadrant"] = pd.Series(quad, index=out.index, dtype="str")
    out["strategy"] = _strategy(st.VALUE_MATRIX, out["quadrant"])
    return out


def clv(data: KamData, as_of: AsOf, horizon_years: int | None = None, discount_rate: float | None = None, *,
        policy: PolicyLike = None, by: str | None = None) -> pd.DataFrame:
    """Customer lifetime value over a horizon, from margin and retention estimated on the data.

    ``CLV = c x sum_{t=1..H} (r / (1 + d))^t``, where

    * ``c`` (``yearly_contribution``) = margin of the trailing 12 months minus selling
      hours x ``cost_per_hour`` (the profit of :func:`profitability`), assumed to recur;
    * ``r`` (``retention``) = the share of the customers that bought in the previous 12
      months that bought again in the trailing 12 months, per group (``by``, default
      ``segments.clv.retention_by``: ``"abc"`` = the ABC class of revenue -- last year's
      class for estimating, this year's for applying; a customers column such as
      ``"industry"``; or ``"overall"``). A group with fewer than ``segments.clv.min_group``
      of last year's buyers uses the overall retention;
    * ``d`` = ``discount_rate`` (default ``segments.clv.discount_rate``, 10 %), ``H`` =
      ``horizon_years`` (default ``segments.clv.horizon_years``, 10).

    ``policy`` and ``by`` are keywords: ``clv(data, as_of, 5, 0.08)`` is five years at 8 %.
    The ``retention_by`` column names the grouping used (``abc``, ``overall`` or the
    column); :func:`retention_text` puts the retention of the groups into words.

    Year ``t`` counts only if the customer is retained for ``t`` more years, and is
    discounted ``t`` years. CLV is NaN (``note`` says why) for customers without revenue
    in the trailing 12 months, and for all when retention cannot be estimated (nobody
    bought in the previous 12 months).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> v = clv(data, "2026-10-31", by="overall")
    >>> bool((v["retention"].dropna().between(0, 1)).all())
    True
    >>> five = clv(data, "2026-10-31", 5, 0.08, by="overall")
    >>> int(five["horizon_years"].iloc[0]), float(five["discount_rate"].iloc[0])
    (5, 0.08)
    """
    if isinstance(horizon_years, (str, os.PathLike, Mapping)) or isinstance(discount_rate, (str, os.PathLike, Mapping)):
        raise TypeError("clv(data, as_of, horizon_years, discount_rate, *, policy=..., by=...): "
                        "pass the policy by keyword")
    pol = _policy(policy)
    cpol = pol["clv"]
    horizon = int(horizon_years if horizon_years is not None else cpol["horizon_years"])
    d = float(discount_rate if discount_rate is not None else cpol["discount_rate"])
    by = by or cpol["retention_by"]
    if horizon < 1:
        raise ValueError(f"horizon_years must be at least 1, got {horizon}")
    if d <= -1:
        raise ValueError(f"discount_rate must be above -1, got {d}")
    f = customer_facts(data, as_of)
    ab = pol["abc"]
    prev = f["revenue_prev_12m"] > 0
    now = f["revenue_12m"] > 0
    if by == "overall":
        g_prev = pd.Series("all", index=f.index, dtype="object")
        g_now = g_prev
    elif by == "abc":
        g_prev = abc(f["revenue_prev_12m"].where(prev), ab["a"], ab["b"])
        g_now = abc(f["revenue_12m"].where(now), ab["a"], ab["b"])
    elif by in f.columns or (isinstance(data, KamData) and data.has("customers") and by in data.customers.columns):
        col = f[by] if by in f.columns else data.customers.set_index("customer_id")[by].reindex(f.index)
        g_prev = col.astype("object")
        g_now = g_prev
    else:
        raise ValueError(f"by must be 'overall', 'abc' or a customers column, got {by!r}")
    n_prev = int(prev.sum())
    overall = (int((prev & now).sum()) / n_prev) if n_prev else np.nan
    counts = pd.DataFrame({"g": g_prev[prev], "kept": now[prev]}).groupby("g")["kept"].agg(["size", "sum"])
    rates = (counts["sum"] / counts["size"]).where(counts["size"] >= int(cpol["min_group"]))
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["retention_by"] = pd.Series(by, index=f.index, dtype="str")
    out["group"] = pd.Series(g_now.to_numpy(), index=f.index).astype("str")
    r = pd.Series(g_now.to_numpy(), index=f.index).map(rates).astype("float64")
    out["retention_basis"] = pd.Series(np.where(r.notna(), "group", "overall"), index=f.index, dtype="str")
    out["retention"] = r.fillna(overall).round(_ROUND)
    rate = float(pol["cost_per_hour"])
    service = f["hours_12m"] * rate
    out["yearly_contribution"] = _snap(f["margin_12m"] - service,
                                       _money_decimals(f["revenue_12m"], f["margin_12m"], service))
    qv = out["retention"] / (1 + d)
    factor = pd.Series(np.where((qv - 1).abs() < 1e-12, float(horizon), qv * (1 - qv ** horizon) / (1 - qv)),
                       index=f.index)
    out["horizon_years"] = horizon
    out["discount_rate"] = d
    out["clv"] = (out["yearly_contribution"] * factor).where(now)
    note = np.where(~now, "no revenue in the last 12 months",
                    np.where(out["retention"].isna(), "retention unknown: nobody bought in the previous 12 months", ""))
    out["note"] = pd.Series(note, index=f.index, dtype="str")
    return out


def _pct(x: float) -> str:
    return f"{x:.0%}"


def retention_text(clv_table: pd.DataFrame) -> str:
    """One sentence on the retention a :func:`clv` table applied, in the words of its grouping.

    Only the groups of customers with a CLV (buying in the trailing 12 months) are named:
    ABC classes in the order A, B, C; other groups by retention, highest first (more
    than four: the range); groups that fell back on the overall retention are said to.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"retention_by": "abc", "group": ["A", "C", "C"], "retention": [0.9, 0.4, 0.4],
    ...     "retention_basis": "group", "clv": [10.0, 2.0, 1.0]})
    >>> print(retention_text(t))
    Retention (the share of last year's buyers that bought again) is 90% in class A and 40% in class C.
    >>> t["retention_by"], t["group"] = "industry", ["tools", "food", "food"]
    >>> print(retention_text(t))
    Retention (the share of last year's buyers that bought again) by industry is 90% for tools and 40% for food.
    """
    lead = "Retention (the share of last year's buyers that bought again)"
    rows = clv_table[clv_table["clv"].notna() & clv_table["retention"].notna()]
    if rows.empty:
        if clv_table["retention"].isna().all():
            return "Retention cannot be estimated: nobody bought in the previous 12 months."
        return "Nobody bought in the last 12 months: there is no lifetime value to estimate."
    by = str(rows["retention_by"].iloc[0])
    g = rows.groupby("group").agg(retention=("retention", "first"), basis=("retention_basis", "first"))
    fallback = g.index[g["basis"] == "overall"]
    if by == "overall" or len(g) == 1 and by != "abc":
        return f"{lead} is {_pct(float(g['retention'].iloc[0]))} for all customers."
    if by == "abc":
        g = g.reindex([c for c in ("A", "B", "C") if c in g.index])
        label = "class {}".format
    else:
        g = g.sort_values("retention", ascending=False, kind="mergesort")
        label = str
    word = "in" if by == "abc" else "for"
    if len(g) <= 4:
        parts = [f"{_pct(r)} {word} {label(k)}" for k, r in g["retention"].items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        text = f"{lead}{'' if by == 'abc' else ' by ' + by} is {listed}."
    else:
        hi, lo = g.index[0], g.index[-1]
        text = (f"{lead} by {by} runs from {_pct(g.loc[lo, 'retention'])} ({lo}) to "
                f"{_pct(g.loc[hi, 'retention'])} ({hi}) across {len(g)} groups.")
    if len(fallback):
        names = ", ".join(label(k) for k in fallback[:5]) + (" ..." if len(fallback) > 5 else "")
        text += (f" Too few of last year's buyers to estimate their own: {names} "
                 f"(the overall retention is used).")
    return text


# ============================================================================ relational
def relational(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Transactional versus relational customers, from marginal contribution and discount share.

    * ``contribution`` = total marginal contribution of the trailing 12 months (amount - cost);
    * ``discount_share`` = discounts / (revenue + discounts), the share of the list value
      given away (NaN when the list value is not positive).

    A buying customer is ``relational`` when its discount share is at most
    ``segments.relational.discount_share_max`` (null: the book's overall discount share,
    shown as ``discount_share_limit``) AND its contribution is at least the
    ``contribution_quantile`` (median) of buying customers' contributions; every other
    buying customer is ``transactional`` (buys on price or contributes little). Customers
    without revenue in the window: ``no purchases``.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3"], "customer_id": ["rel", "disc", "small"],
    ...     "invoice_date": ["2026-05-01"] * 3, "amount": [1000.0, 900.0, 100.0], "cost": [600.0, 400.0, 80.0],
    ...     "discount": [0.0, 100.0, 0.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> r = relational(facts.source(invoices=inv), "2026-10-31")
    >>> r[["contribution", "discount_share", "relationship_type"]].values.tolist()
    [[500.0, 0.1, 'transactional'], [400.0, 0.0, 'relational'], [20.0, 0.0, 'transactional']]
    >>> round(float(r["discount_share_limit"].iloc[0]), 4), float(r["contribution_split"].iloc[0])
    (0.0476, 400.0)
    """
    pol = _policy(policy)
    rp = pol["relational"]
    f = customer_facts(data, as_of)
    buyers = f["revenue_12m"] > 0
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["contribution"] = f["margin_12m"]
    out["discount_12m"] = f["discount_12m"]
    list_value = f["revenue_12m"] + f["discount_12m"]
    out["discount_share"] = _ratio(f["discount_12m"], list_value)
    if rp["discount_share_max"] is None:
        lv = list_value[buyers].sum()
        limit = round(f.loc[buyers, "discount_12m"].sum() / lv, _ROUND) if lv > 0 else np.nan
    else:
        limit = float(rp["discount_share_max"])
    split = out.loc[buyers, "contribution"].quantile(float(rp["contribution_quantile"])) if buyers.any() else np.nan
    out["discount_share_limit"] = limit
    out["contribution_split"] = split
    rel = buyers & (out["discount_share"] <= limit).fillna(False) & (out["contribution"] >= split)
    cls = np.where(~buyers, "no purchases", np.where(rel, "relational", "transactional"))
    out["relationship_type"] = pd.Series(cls, index=out.index, dtype="str")
    out["strategy"] = _strategy(st.RELATIONAL, out["relationship_type"])
    return out


# ============================================================================ migration
class Migration(NamedTuple):
    """Result of :func:`migration`."""

    matrix: pd.DataFrame
    """Accounts by segment before (rows) and after (columns); ``(none)`` = not present."""
    movers: pd.DataFrame
    """The accounts whose segment changed: before, after, direction, strategy."""


NONE = "(none)"


def migration(before: pd.DataFrame | pd.Series, after: pd.DataFrame | pd.Series, *,
              column: str = "tier", order: Sequence[str] = TIER_ORDER) -> Migration:
    """Segment-to-segment matrix between two periods and the accounts that moved.

    ``before`` and ``after`` are outputs of :func:`pyramid` (or any frames with a
    ``column``, or Series of segments) indexed by account. ``order`` lists the segments
    from highest to lowest: a move to an earlier one is ``up``, to a later one ``down``;
    an account only in ``after`` has ``entered``, one only in ``before`` has ``left``.

    Examples
    --------
    >>> import pandas as pd
    >>> b = pd.Series({"A": "key", "B": "ordinary", "C": "prospect"})
    >>> a = pd.Series({"A": "ordinary", "B": "key", "D": "prospect"})
    >>> m = migration(b, a)
    >>> m.movers["direction"].to_dict()
    {'B': 'up', 'A': 'down', 'D': 'entered', 'C': 'left'}
    >>> int(m.matrix.loc["key", "ordinary"])
    1
    """
    b = before[column] if isinstance(before, pd.DataFrame) else before
    a = after[column] if isinstance(after, pd.DataFrame) else after
    ids = b.index.union(a.index)
    bf = b.reindex(ids).astype("object").where(b.reindex(ids).notna(), NONE)
    af = a.reindex(ids).astype("object").where(a.reindex(ids).notna(), NONE)
    labels = list(order) + sorted((set(bf) | set(af)) - set(order) - {NONE}) + [NONE]
    matrix = pd.crosstab(pd.Series(bf.to_numpy(), name="before"), pd.Series(af.to_numpy(), name="after"))
    matrix = matrix.reindex(index=labels, columns=labels, fill_value=0).astype("int64")
    matrix.index = pd.Index(labels, name="before", dtype="str")
    matrix.columns = pd.Index(labels, name="after", dtype="str")
    rank = {s: i for i, s in enumerate(labels)}
    br = bf.map(rank)
    ar = af.map(rank)
    direction = np.select([bf == af, bf == NONE, af == NONE, ar < br], ["same", "entered", "left", "up"],
                          default="down")
    moved = direction != "same"
    movers = pd.DataFrame({"before": bf[moved].astype("str"), "after": af[moved].astype("str"),
                           "direction": pd.Series(direction, index=ids)[moved].astype("str")})
    movers.index.name = b.index.name or a.index.name or "account_id"
    for col in ("kind", "name", "revenue_12m", "revenue_prev_12m"):
        src = after if isinstance(after, pd.DataFrame) and col in after.columns else None
        if src is not None:
            fallback = before[col] if isinstance(before, pd.DataFrame) and col in before.columns else None
            vals = src[col].reindex(movers.index)
            if fallback is not None:
                vals = vals.where(vals.notna(), fallback.reindex(movers.index))
            movers[col] = vals
    movers["strategy"] = _strategy(st.MIGRATION, movers["direction"])
    dir_rank = {"up": 0, "down": 1, "entered": 2, "left": 3}
    key = pd.DataFrame({"d": movers["direction"].map(dir_rank), "id": movers.index}, index=movers.index)
    movers = movers.loc[key.sort_values(["d", "id"], kind="mergesort").index]
    return Migration(matrix=matrix, movers=movers)


def tier_migration(data: KamData, as_of: AsOf, months: int = 12, policy: PolicyLike = None) -> Migration:
    """Pyramid migration from ``months`` months before ``as_of`` (a month end stays a month
    end) to ``as_of``: :func:`migration` of the two :func:`pyramid` results.

    Customers and leads are those of the data now (the tables hold no set-up dates), so a
    customer that had not bought yet then counts as a prospect then.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2"], "customer_id": ["a", "b"],
    ...     "invoice_date": ["2026-10-15", "2026-09-15"], "amount": [10.0, 10.0], "cost": [5.0, 5.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> data = facts.source(customers=pd.DataFrame({"customer_id": ["a", "b"]}), invoices=inv)
    >>> m = tier_migration(data, "2026-10-31", months=1)   # from 2026-09-30 to 2026-10-31
    >>> m.movers[["before", "after", "direction"]].values.tolist()
    [['prospect', 'ordinary', 'up']]
    >>> int(m.matrix.loc["ordinary", "ordinary"])   # b was ordinary then and is now
    1
    """
    as_of = _date(as_of)
    earlier = months_before(as_of, months)
    return migration(pyramid(data, earlier, policy), pyramid(data, as_of, policy))

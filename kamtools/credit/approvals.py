"""Approval by authority (授信审批权限): who must approve a limit, and approvals beyond authority.

The policy's ladder (``credit.approval_levels``) lists the levels from the lowest to the
highest, each with the largest resulting limit it may approve (``up_to``; the last may have
no ceiling). The amounts are the company's: the material names three levels (客户经理,
直销部经理, 地区公司经理) and leaves the amounts blank.

* An **increase** goes to the lowest level whose authority covers the new limit: a limit
  exactly equal to a level's amount is within its authority, one cent more is not. Above a
  last level that has a ceiling no level may approve it: ``"above_ladder"``.
* A **decrease** goes to ``credit.decrease_approver``: ``current`` (the default) is the
  approver of the current limit (the material: a change needs a new investigation and the
  supervisor's approval, for decreases as for increases), or the level the current limit
  needs when that is higher; a level's key sends every decrease to that level.
* **No change** needs no approval: ``"none"``.

Who an approver is: ``credit_limits.approved_by`` holds a name. A name equal to a level's
key, English or Chinese name, or listed in the level's ``approvers`` (people, or other
titles), is that level; names are compared ignoring case, spaces, hyphens and underscores
(:func:`kamtools.policy.approver_name`). A name on no level is *not on the ladder*: its authority cannot be checked, and
:func:`authority_breaches` lists its approvals with the approvals beyond authority.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..money import round_cents
from ..periods import as_timestamp
from ..policy import approver_name, load_policy
from ..store import KamData
from ._common import _latest_before

#: ``approval_level`` of no change.
NONE = "none"
#: ``approval_level`` of a limit above the ceiling of the ladder's last level (only when it has one).
ABOVE_LADDER = "above_ladder"
#: ``breach`` of an approval larger than its approver's authority.
BEYOND_AUTHORITY = "beyond authority"
#: ``breach`` of an approval whose approver is on no level of the ladder.
NOT_ON_LADDER = "approver not on the ladder"


def _credit(policy: Any) -> Mapping:
    return load_policy(policy)["credit"]


def _keys(credit: Mapping) -> list[str]:
    return [lv["key"] for lv in credit["approval_levels"]]


def level_keys(policy: Any = None) -> list[str]:
    """Every value ``approval_level`` can take, lowest authority first: the levels' keys,
    ``"above_ladder"`` when the last level has a ceiling, and ``"none"``.

    >>> level_keys()
    ['account_manager', 'direct_sales_manager', 'regional_company_manager', 'none']
    """
    credit = _credit(policy)
    bounded = credit["approval_levels"][-1]["up_to"] is not None
    return [*_keys(credit), *([ABOVE_LADDER] if bounded else []), NONE]


def level_names(policy: Any = None) -> dict[str, tuple[str, str]]:
    """English and Chinese name of every value of ``approval_level`` (see :func:`level_keys`).

    >>> level_names()["direct_sales_manager"]
    ('Direct-sales manager', '直销部经理')
    """
    credit = _credit(policy)
    names = {lv["key"]: (lv["name"], lv["name_zh"]) for lv in credit["approval_levels"]}
    names[ABOVE_LADDER] = ("Above the ladder's authority", "超出审批权限")
    names[NONE] = ("No approval needed", "无需审批")
    return names


def _as_series(value: Any) -> tuple[pd.Series, bool]:
    if isinstance(value, pd.Series):
        return value, False
    return pd.Series([value]), True


def approver_level(approved_by: pd.Series | str, policy: Any = None) -> pd.Series | Any:
    """The level of each approver (a name of ``credit_limits.approved_by``); NA when the name is
    on no level (see the module's docstring).

    >>> approver_level("Direct-Sales  Manager"), approver_level("地区公司经理")
    ('direct_sales_manager', 'regional_company_manager')
    >>> ladder = [{"key": "am", "name": "Account manager", "name_zh": "客户经理", "up_to": 50000,
    ...            "approvers": ["Wang Qiang"]}, {"key": "boss", "name": "Boss", "name_zh": "总经理", "up_to": None}]
    >>> approver_level("wang  qiang", {"credit": {"approval_levels": ladder}})
    'am'
    >>> pd.isna(approver_level("Li Ming"))
    True
    """
    credit = _credit(policy)
    s, scalar = _as_series(approved_by)
    known: dict[str, str] = {}
    for lv in credit["approval_levels"]:
        for name in (lv["key"], lv["name"], lv["name_zh"]):
            known.setdefault(approver_name(name), lv["key"])
    for lv in credit["approval_levels"]:  # the listed approvers before the levels' names
        known.update({approver_name(name): lv["key"] for name in lv["approvers"]})
    names = s.astype("str").where(s.notna())
    levels = {n: known.get(approver_name(n)) for n in names.dropna().unique()}  # per distinct name
    out = names.map(levels).astype("str")
    return out.iloc[0] if scalar else out


def authority_level(limit: pd.Series | float, policy: Any = None) -> pd.Series | Any:
    """The lowest level whose authority covers a limit of ``limit`` (inclusive), ``"above_ladder"``
    above a bounded last level; NA for a missing limit.

    >>> [authority_level(x) for x in (0, 100000, 100000.01, 500000, 500000.01, 9e12)]
    ['account_manager', 'account_manager', 'direct_sales_manager', 'direct_sales_manager', 'regional_company_manager', 'regional_company_manager']
    """
    credit = _credit(policy)
    s, scalar = _as_series(limit)
    levels = credit["approval_levels"]
    keys = np.array([*_keys(credit), ABOVE_LADDER], dtype=object)
    bounded = np.array([float(lv["up_to"]) for lv in levels if lv["up_to"] is not None])
    x = s.astype(float).to_numpy()
    pos = np.searchsorted(bounded, np.nan_to_num(x), side="left")  # first amount >= the limit
    out = pd.Series(keys[pos], index=s.index, dtype="str").where(~np.isnan(x))
    return out.iloc[0] if scalar else out


def _rank(level: pd.Series, credit: Mapping) -> pd.Series:
    """Position of each level on the ladder (above_ladder above the last level; NA for others)."""
    ranks = {k: i for i, k in enumerate([*_keys(credit), ABOVE_LADDER])}
    return level.map(ranks).astype("Int64")


def approval_level(
    new_limit: pd.Series | float,
    current_limit: pd.Series | float = 0.0,
    policy: Any = None,
    *,
    current_approver: pd.Series | str | None = None,
) -> pd.Series | Any:
    """Who must approve moving a limit from ``current_limit`` to ``new_limit``.

    An increase goes to the level whose authority covers the new limit; a decrease to
    ``credit.decrease_approver`` (by default the approver of the current limit, named by
    ``current_approver``, or the level the current limit needs when that is higher; the
    latter when the approver is unknown); no change to ``"none"`` (see the module's
    docstring). NA where a limit is missing.

    >>> approval_level(100000, 20000), approval_level(100000.01, 20000), approval_level(80000, 80000)
    ('account_manager', 'direct_sales_manager', 'none')
    >>> approval_level(30000, 80000, current_approver="地区公司经理")  # a decrease: the approver of the current limit
    'regional_company_manager'
    >>> approval_level(30000, 700000, current_approver="account manager")  # beyond that approver: what 700,000 needs
    'regional_company_manager'
    """
    pol = load_policy(policy)
    credit = pol["credit"]
    if isinstance(current_limit, Mapping):
        raise TypeError("approval_level(new_limit, current_limit, policy): the second argument is the current limit")
    new, scalar = _as_series(new_limit)
    cur = current_limit if isinstance(current_limit, pd.Series) else pd.Series(current_limit, index=new.index)
    new, cur = new.astype(float), cur.reindex(new.index).astype(float)
    out = authority_level(new, pol)
    down = cur > new
    if credit["decrease_approver"] != "current":
        out[down] = credit["decrease_approver"]
    elif down.any():
        out[down] = _decrease_level(cur[down], current_approver, pol)
    out[new == cur] = NONE
    out = out.where(new.notna() & cur.notna())
    return out.iloc[0] if scalar else out


def _decrease_level(cur: pd.Series, approver: pd.Series | str | None, pol: Any) -> np.ndarray:
    """Level of a decrease from ``cur``: the higher of the current approver's level and the level
    ``cur`` needs (the latter alone when the approver is unknown)."""
    credit = pol["credit"]
    needed = _rank(authority_level(cur, pol), credit).to_numpy(dtype=float)
    if isinstance(approver, pd.Series):
        names = approver.reindex(cur.index)
    else:
        names = pd.Series(approver, index=cur.index, dtype="object")
    by = _rank(approver_level(names, pol), credit).fillna(-1).to_numpy(dtype=float)
    ladder = np.array([*_keys(credit), ABOVE_LADDER], dtype=object)
    return ladder[np.maximum(needed, by).astype("int64")]


def limit_changes(lim: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Recommended limit changes grouped by approval level: customers, increases and decreases,
    one row per value of :func:`level_keys` (lowest authority first, ``none`` last).

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [10000.0, -5000.0, 0.0],
    ...     "approval_level": ["account_manager", "direct_sales_manager", "none"]})
    >>> limit_changes(lim)[["customers", "increases", "decreases"]].loc["direct_sales_manager"].tolist()
    [1, 0, 1]
    """
    levels = level_keys(policy)
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


#: Columns of :func:`authority_breaches` after ``customer_id``.
BREACH_COLUMNS: tuple[str, ...] = (
    "name",
    "approved_limit",
    "approved_on",
    "approved_by",
    "approver_level",
    "approver_authority",
    "required_level",
    "excess_authority",
    "breach",
    "in_force",
)


def authority_breaches(
    data: KamData, as_of: dt.date | str, policy: Any = None, *, all_approvals: bool = False
) -> pd.DataFrame:
    """Approvals of credit limits beyond the approver's authority, and approvals whose
    approver is on no level of the ladder (authority unchecked).

    Checks the limit in force of each customer on ``as_of`` (the latest approval on or
    before it), or with ``all_approvals`` every approval up to ``as_of``. An approval is
    beyond authority when its limit exceeds the ``up_to`` of its approver's level (exactly
    the amount is within it). Indexed by ``customer_id`` with :data:`BREACH_COLUMNS`:
    ``approver_level`` (NA when not on the ladder), ``approver_authority`` (its ``up_to``;
    NaN: no ceiling, or not on the ladder), ``required_level`` (the level the limit
    needs), ``excess_authority`` (limit − authority), ``breach`` (``"beyond authority"``
    or ``"approver not on the ladder"``) and ``in_force``. Largest excess first, then the
    approvals not on the ladder by limit.

    >>> import kamtools as kt
    >>> b = authority_breaches(kt.sample_data(customers=60, years=2, seed=1), "2026-10-31")
    >>> set(b["breach"]) <= {"beyond authority", "approver not on the ladder"}
    True
    """
    pol = load_policy(policy)
    credit = pol["credit"]
    as_of_ts = as_timestamp(as_of)
    cols = ["customer_id", "credit_limit", "approved_by", "approved_on"]
    cl = data.credit_limits[cols].copy() if data.has("credit_limits") else pd.DataFrame(columns=cols)
    cl["customer_id"] = cl["customer_id"].astype("str")
    cl["approved_on"] = pd.to_datetime(cl["approved_on"]).astype("datetime64[us]")
    cl = cl[cl["approved_on"] <= as_of_ts]
    ids = pd.Series(as_of_ts, index=pd.Index(cl["customer_id"].unique(), dtype="str"))
    current = _latest_before(cl, "approved_on", ids).reset_index()
    key = ["customer_id", "approved_on"]
    cl = cl.merge(current[key].assign(in_force=True), on=key, how="left")
    cl["in_force"] = cl["in_force"].fillna(False).astype(bool)
    if not all_approvals:
        cl = cl[cl["in_force"]]
    out = cl.rename(columns={"credit_limit": "approved_limit"}).set_index("customer_id")
    out["approved_limit"] = out["approved_limit"].astype(float)
    out["approver_level"] = approver_level(out["approved_by"], pol)
    up_to = {lv["key"]: np.nan if lv["up_to"] is None else float(lv["up_to"]) for lv in credit["approval_levels"]}
    out["approver_authority"] = out["approver_level"].map(up_to).astype(float)
    out["required_level"] = authority_level(out["approved_limit"], pol)
    out["excess_authority"] = round_cents(out["approved_limit"] - out["approver_authority"])
    beyond = (out["excess_authority"] > 0).fillna(False)
    unknown = out["approver_level"].isna()
    out["breach"] = pd.Series(
        np.where(unknown, NOT_ON_LADDER, np.where(beyond, BEYOND_AUTHORITY, "")), index=out.index, dtype="str"
    )
    names = data.customers.set_index(data.customers["customer_id"].astype("str"))["name"]
    out["name"] = out.index.map(names)
    hit = out[beyond | unknown].copy()
    hit["_unknown"] = hit["approver_level"].isna()
    hit = hit.sort_values(
        ["_unknown", "excess_authority", "approved_limit", "customer_id", "approved_on"],
        ascending=[True, False, False, True, True],
        kind="mergesort",
    )
    hit.index.name = "customer_id"
    return hit[list(BREACH_COLUMNS)]

"""Approvals beyond authority (越权审批): the approvals of credit limits whose limit exceeds the authority of
their approver's level (``credit.approval_levels``), or whose approver is on no level of the ladder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from ..periods import as_timestamp
from ..policy import load_policy
from ..store import KamData
from ._common import _latest_before
from .approvals import BREACH_COLUMNS, authority_check
from .limit_in_force import limit_in_force


def authority_breaches(
    data: KamData, as_of: dt.date | str, policy: Any = None, *, all_approvals: bool = False
) -> pd.DataFrame:
    """Approvals of credit limits beyond the approver's authority, and approvals whose
    approver is on no level of the ladder (authority unchecked).

    Checks the approval in force of each customer on ``as_of`` (the latest approval on or
    before it, unless an analyst's override in force replaces it: :mod:`kamtools.credit.limit_in_force`;
    an override in force is within its approver's authority), or with ``all_approvals`` every approval up to
    ``as_of``. An approval is
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
    # an analyst's override in force replaces the latest approval as the limit in force
    ids = pd.Index(cl["customer_id"].unique(), dtype="str")
    replaced = limit_in_force(data, as_of_ts, pol, ids)["limit_source"].eq("override")
    cl["in_force"] = cl["in_force"].fillna(False).astype(bool) & ~cl["customer_id"].map(replaced).fillna(False).astype(
        bool
    )
    if not all_approvals:
        cl = cl[cl["in_force"]]
    out = cl.rename(columns={"credit_limit": "approved_limit"}).set_index("customer_id")
    out["approved_limit"] = out["approved_limit"].astype(float)
    flat = out.reset_index()  # every approval, a customer's several among them
    check = authority_check(flat["approved_limit"], flat["approved_by"], pol)
    out = out.assign(**{col: check[col].to_numpy() for col in check.columns})
    names = data.customers.set_index(data.customers["customer_id"].astype("str"))["name"]
    out["name"] = out.index.map(names)
    hit = out[out["breach"] != ""].copy()
    hit["_unknown"] = hit["approver_level"].isna()
    hit = hit.sort_values(
        ["_unknown", "excess_authority", "approved_limit", "customer_id", "approved_on"],
        ascending=[True, False, False, True, True],
        kind="mergesort",
    )
    hit.index.name = "customer_id"
    return hit[list(BREACH_COLUMNS)]

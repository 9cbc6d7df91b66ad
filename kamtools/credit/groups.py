"""Groups of companies (集团客户): exposure and limits of a whole group against its group limit.

A group is a top company and every customer whose ``parent_id`` links lead to it, any number
of levels deep (:func:`kamtools.ingest.groups.company_groups`; links that run in a cycle are
refused, naming the ids). A group's exposure and approved limits are the sums over its
companies; the optional ``group_limits`` table holds a limit for the whole group (the latest
approval on or before the date is in force). A company within its own limit still adds to a
group that is over its group limit: it is flagged (``pushes_group_over``), as an ERP would
hold its next order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..ingest.groups import company_groups
from ..money import from_cents, to_cents
from ..periods import as_timestamp
from ..policy import load_policy
from ..store import DataError, KamData
from ._common import _latest_before
from .exposure import limits

#: Columns of :func:`group_members` (indexed by ``customer_id``).
MEMBER_COLUMNS: tuple[str, ...] = (
    "name",
    "group_id",
    "group_name",
    "parent_id",
    "depth",
    "approved_limit",
    "exposure",
    "within_own_limit",
    "group_exposure",
    "group_limit",
    "over_group_limit",
    "pushes_group_over",
)

#: Columns of :func:`group_exposure` (indexed by ``group_id``).
GROUP_COLUMNS: tuple[str, ...] = (
    "group_name",
    "members",
    "member_ids",
    "approved_limits",
    "recommended_limits",
    "exposure",
    "group_limit",
    "group_limit_approved_on",
    "group_limit_approved_by",
    "group_utilization",
    "group_overlimit",
    "over_group_limit",
    "members_over_own_limit",
    "flagged_members",
)


def _groups(data: KamData) -> pd.DataFrame:
    """The group of every customer (see :func:`kamtools.ingest.groups.company_groups`)."""
    cust = data.customers
    parents = cust["parent_id"] if "parent_id" in cust.columns else pd.Series(None, index=cust.index, dtype="str")
    try:
        return company_groups(cust["customer_id"], parents)
    except ValueError as exc:
        raise DataError(f"{exc} (then run `kam import` again)") from None


def _group_limits(data: KamData, as_of_ts: pd.Timestamp, groups: pd.DataFrame) -> pd.DataFrame:
    """The group limit in force per group: ``group_limit``, ``group_limit_approved_on`` and ``_by``."""
    cols = ["group_id", "group_limit", "approved_by", "approved_on"]
    gl = data.table("group_limits")[cols].copy() if data.has("group_limits") else pd.DataFrame(columns=cols)
    gl["group_id"] = gl["group_id"].astype("str")
    gl["approved_on"] = pd.to_datetime(gl["approved_on"]).astype("datetime64[us]")
    top = groups["group_id"].reindex(gl["group_id"].to_numpy())
    unknown = top.isna().to_numpy()
    inner = ~unknown & (top.to_numpy() != gl["group_id"].to_numpy())
    if unknown.any() or inner.any():
        i = int(np.flatnonzero(unknown | inner)[0])
        gid, day = gl["group_id"].iloc[i], gl["approved_on"].iloc[i]
        why = (
            "is not a customer"
            if unknown[i]
            else f"is not the top company of its group (its parent_id links lead to {top.iloc[i]})"
        )
        raise DataError(
            f"group_limits, row {i + 1} (approved on {day:%Y-%m-%d}), column group_id: value {gid!r} {why}; "
            "a group limit belongs to the group's top company: correct the source and run `kam import` again"
        )
    gl = gl.rename(columns={"group_id": "customer_id"})
    ids = pd.Series(as_of_ts, index=pd.Index(gl["customer_id"].unique(), dtype="str"))
    current = _latest_before(gl[gl["approved_on"] <= as_of_ts], "approved_on", ids)
    current.index.name = "group_id"
    return current.rename(columns={"approved_on": "group_limit_approved_on", "approved_by": "group_limit_approved_by"})


def _cents_sum(values: pd.Series, by: pd.Series) -> pd.Series:
    """Money summed per ``by`` in whole cents (exact)."""
    return from_cents(pd.Series(to_cents(values.fillna(0.0)), index=values.index).groupby(by).sum())


def group_members(
    data: KamData, as_of: dt.date | str, policy: Any = None, lim: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The companies of every group, with their group's exposure and limit (:data:`MEMBER_COLUMNS`).

    A group is a top company with at least one company linked to it, or a company with a
    group limit. ``within_own_limit``: exposure not above the approved limit (no exposure, or
    a positive limit that covers it). ``over_group_limit``: the group's exposure is above its
    group limit (a group without one is never over). ``pushes_group_over``: within its own
    limit, with exposure, in a group over its group limit. Indexed by ``customer_id``, group
    by group (largest group exposure first), the top company first, then by depth and id.

    ``lim`` may pass a result of :func:`kamtools.credit.limits` for the same date and policy
    (``approved_limit``, ``exposure``); ``data`` gives the customers, ``parent_id`` and
    ``group_limits``.
    """
    as_of_ts = as_timestamp(as_of)
    pol = load_policy(policy)
    groups = _groups(data)
    glim = _group_limits(data, as_of_ts, groups)
    size = groups.groupby("group_id").size()
    in_group = (groups["group_id"].map(size) > 1) | groups["group_id"].isin(glim.index)
    out = groups[in_group].copy()
    if lim is None:
        lim = limits(data, as_of_ts, pol)
    names = data.customers.set_index(data.customers["customer_id"].astype("str"))["name"]
    out["name"] = out.index.map(names)
    out["group_name"] = out["group_id"].map(names)
    out["approved_limit"] = lim["approved_limit"].reindex(out.index).astype(float).fillna(0.0)
    out["exposure"] = lim["exposure"].reindex(out.index).astype(float).fillna(0.0)
    own = to_cents(out["exposure"]) <= to_cents(out["approved_limit"])
    out["within_own_limit"] = own & ((out["approved_limit"] > 0) | (out["exposure"] == 0))
    out["group_exposure"] = out["group_id"].map(_cents_sum(out["exposure"], out["group_id"])).astype(float)
    out["group_limit"] = out["group_id"].map(glim["group_limit"]).astype(float)
    over = to_cents(out["group_exposure"]) > to_cents(out["group_limit"].fillna(0.0))
    out["over_group_limit"] = over & out["group_limit"].notna().to_numpy()
    out["pushes_group_over"] = out["over_group_limit"] & out["within_own_limit"] & (out["exposure"] > 0)
    out["_top"] = out["depth"] > 0
    out = out.sort_values(
        ["group_exposure", "group_id", "_top", "depth", "customer_id"],
        ascending=[False, True, True, True, True],
        kind="mergesort",
    )
    return out[list(MEMBER_COLUMNS)]


def group_exposure(
    data: KamData, as_of: dt.date | str, policy: Any = None, lim: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Exposure and limits of every group of companies (集团客户) against its group limit.

    One row per group (:data:`GROUP_COLUMNS`), indexed by ``group_id`` (the top company):
    ``members`` and ``member_ids``; ``approved_limits`` and ``recommended_limits`` (sums over
    the companies); ``exposure`` (the sum of the companies' exposure); the group limit in
    force from the optional ``group_limits`` table (``group_limit``, NaN without one, with
    its approval); ``group_utilization`` (exposure / group limit), ``group_overlimit``
    (exposure above the group limit; NaN without one) and ``over_group_limit``; ``members_over_own_limit``
    (companies over their own limit, or with exposure and no limit) and ``flagged_members``:
    the companies within their own limit that add to a group over its group limit (see
    :func:`group_members`). Groups over their group limit first, then by the amount over,
    then by exposure. Sums are taken in whole cents.

    Raises :class:`kamtools.DataError` naming the ids when ``parent_id`` links run in a cycle
    or name a parent that is not a customer, and naming the row when a group limit is set on
    a company that is not the top of its group.

    >>> import kamtools as kt
    >>> g = group_exposure(kt.sample_data(customers=200, years=2, seed=1), "2026-10-31")
    >>> bool((g["members"] >= 1).all()), list(g.columns[:3])
    (True, ['group_name', 'members', 'member_ids'])
    """
    as_of_ts = as_timestamp(as_of)
    pol = load_policy(policy)
    if lim is None:
        lim = limits(data, as_of_ts, pol)
    m = group_members(data, as_of_ts, pol, lim)
    gid = m["group_id"]
    out = pd.DataFrame(index=pd.Index(gid.unique(), name="group_id", dtype="str"))
    out["group_name"] = m.groupby("group_id")["group_name"].first()
    out["members"] = m.groupby("group_id").size().astype("int64")
    out["member_ids"] = m.reset_index().groupby("group_id")["customer_id"].agg(lambda s: ", ".join(sorted(s)))
    out["approved_limits"] = _cents_sum(m["approved_limit"], gid)
    if "recommended_limit" in lim.columns:
        out["recommended_limits"] = _cents_sum(lim["recommended_limit"].reindex(m.index).astype(float), gid)
    else:
        out["recommended_limits"] = np.nan
    out["exposure"] = m.groupby("group_id")["group_exposure"].first()
    glim = _group_limits(data, as_of_ts, _groups(data))
    out["group_limit"] = glim["group_limit"].reindex(out.index).astype(float)
    out["group_limit_approved_on"] = glim["group_limit_approved_on"].reindex(out.index).astype("datetime64[us]")
    out["group_limit_approved_by"] = glim["group_limit_approved_by"].reindex(out.index).astype("str")
    share = out["exposure"] / out["group_limit"].where(out["group_limit"] > 0)
    out["group_utilization"] = share.astype(float)
    over_by = from_cents(np.maximum(to_cents(out["exposure"]) - to_cents(out["group_limit"].fillna(0.0)), 0))
    out["group_overlimit"] = pd.Series(over_by, index=out.index).where(out["group_limit"].notna())
    out["over_group_limit"] = m.groupby("group_id")["over_group_limit"].any()
    out["members_over_own_limit"] = (~m["within_own_limit"]).groupby(gid).sum().astype("int64")
    flagged = m.reset_index()
    flagged = flagged[flagged["pushes_group_over"]].groupby("group_id")["customer_id"].agg(lambda s: ", ".join(s))
    out["flagged_members"] = flagged.reindex(out.index).fillna("").astype("str")
    out = out.sort_values(["over_group_limit", "group_overlimit", "exposure"], ascending=False, kind="mergesort")
    return out[list(GROUP_COLUMNS)]

"""The limit in force (现行额度) of each customer at a date: the one definition that the exposure, the holds,
the over-limit list, the breaches, the register, the credit forms, the account plans and the index read.

The latest approval of ``credit_limits`` on or before the date is the limit in force, unless the customer's
latest analyst override (``credit_overrides``, decided on or before the date) gives a limit and

* is decided on or after that approval (a later approval replaces an override),
* has not lapsed (``credit.overrides.valid_months`` from its date), and
* is within its approver's authority (the ``up_to`` of the approver's level of ``credit.approval_levels``);

then the override's limit is the limit in force while it lasts, approved by its approver on its date
(``limit_source`` ``override``). An override on record that is not the limit in force says why
(``override_status``: ``not in force: lapsed on 2026-01-14``, ``not in force: the approval of 2026-02-20 is
later``, ``not in force: 300 k is beyond the authority of account manager (100 k): a limit of 300 k needs
Direct-sales manager``).

The collateral in force is the one the override records (``credit_overrides.collateral``) while the override
stands (not lapsed, not replaced by a later approval), else the approval's. Where the override's reason names
collateral or a guarantee and neither records an amount, the collateral is unknown (NaN, a data gap the
limit reason names), never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..periods import as_timestamp
from ..store import KamData
from ._common import _customer_index, _latest_before
from .approvals import BEYOND_AUTHORITY, NOT_ON_LADDER, authority_check, level_names
from .limit_words import SECURITY_WORDS, short_amount
from .overrides import latest_override, override_frame

#: Columns of :func:`limit_in_force`.
IN_FORCE_COLUMNS = ("approved_limit", "approved_by", "approved_on", "collateral", "limit_source", "override_status")


def latest_approval(data: KamData, as_of: pd.Timestamp, index: pd.Index) -> pd.DataFrame:
    """The latest approval of ``credit_limits`` on or before ``as_of`` of each customer of ``index``:
    ``credit_limit`` (NaN: none), ``approved_by``, ``approved_on`` and ``collateral`` (NaN: none recorded)."""
    cols = ["customer_id", "credit_limit", "approved_by", "approved_on", "collateral"]
    cl = data.credit_limits.copy() if data.has("credit_limits") else pd.DataFrame(columns=cols)
    cl["customer_id"] = cl["customer_id"].astype("str")
    cl["approved_on"] = pd.to_datetime(cl["approved_on"])
    if "collateral" not in cl:
        cl["collateral"] = np.nan
    current = _latest_before(cl[cols], "approved_on", pd.Series(as_of, index=index))
    out = current.reindex(index)
    out["credit_limit"] = out["credit_limit"].astype(float)
    out["collateral"] = out["collateral"].astype(float)
    out["approved_on"] = out["approved_on"].astype("datetime64[us]")
    return out


def latest_overrides(data: KamData, as_of: pd.Timestamp, credit: Mapping, index: pd.Index) -> pd.DataFrame:
    """The latest override on or before ``as_of`` of each customer of ``index`` (NaN where none), lapsed or not
    (:func:`.overrides.latest_override`): ``override_grade``, ``override_limit``, ``override_reason``,
    ``override_by``, ``override_on``, ``override_until`` (its last day: ``credit.overrides.valid_months`` after
    its date), ``override_collateral`` and ``lapsed``."""
    f = override_frame(data, credit)
    f = f.assign(customer_id=f["customer_id"].astype("str"))
    return latest_override(f, pd.Series(as_of, index=index), int(credit["overrides"]["valid_months"]))


def limit_in_force(data: KamData, as_of: dt.date | str, pol: Mapping, index: pd.Index) -> pd.DataFrame:
    """The limit in force of each customer of ``index`` at ``as_of`` (see the module): ``approved_limit`` (0 when
    none), ``approved_by``, ``approved_on``, ``collateral`` (0 when none; NaN when the override's reason names
    collateral or a guarantee and no amount is recorded), ``limit_source`` (``approval``, ``override`` or ``""``
    without a limit) and ``override_status`` (``""`` without an override on record; ``in force until <day>``, or
    ``not in force: <why>``)."""
    as_of = as_timestamp(as_of)
    return _in_force(latest_approval(data, as_of, index), latest_overrides(data, as_of, pol["credit"], index), pol)


def _in_force(approval: pd.DataFrame, ov: pd.DataFrame, pol: Mapping) -> pd.DataFrame:
    """:func:`limit_in_force` from the latest approval and the latest override of each customer."""
    index = ov.index
    status, in_force, stands = _status(approval, ov, pol)
    out = pd.DataFrame(index=index)
    out["approved_limit"] = ov["override_limit"].where(in_force, approval["credit_limit"]).fillna(0.0)
    out["approved_by"] = ov["override_by"].where(in_force, approval["approved_by"]).astype("str")
    out["approved_on"] = ov["override_on"].where(in_force, approval["approved_on"]).astype("datetime64[us]")
    out["collateral"] = _collateral(approval, ov, stands)
    source = np.where(in_force, "override", np.where(approval["credit_limit"].notna(), "approval", ""))
    out["limit_source"] = pd.Series(source, index=index, dtype="str")
    out["override_status"] = status
    return out[list(IN_FORCE_COLUMNS)]


def _status(approval: pd.DataFrame, ov: pd.DataFrame, pol: Mapping) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``override_status`` of each customer, whether its override's limit is the limit in force, and whether
    its override stands (on record, not lapsed, not replaced by a later approval)."""
    idx = ov.index
    on_record = ov["override_on"].notna()
    later = on_record & approval["approved_on"].notna() & (approval["approved_on"] > ov["override_on"])
    stands = on_record & ~ov["lapsed"] & ~later
    limited = stands & ov["override_limit"].notna()
    check = authority_check(ov["override_limit"].fillna(0.0), ov["override_by"].where(limited), pol)
    beyond = limited & (check["breach"] == BEYOND_AUTHORITY)
    unknown = limited & (check["breach"] == NOT_ON_LADDER)
    in_force = limited & ~beyond & ~unknown
    day = ov["override_until"].dt.strftime("%Y-%m-%d").fillna("")
    amount = short_amount(ov["override_limit"].fillna(0.0))
    needs = check["required_level"].map({k: v[0] for k, v in level_names(pol).items()}).fillna("").astype("str")
    who = ov["override_by"].fillna("").astype("str")
    why = pd.Series(
        np.select(
            [ov["lapsed"], later & ov["override_limit"].notna(), beyond, unknown],
            [
                "lapsed on " + day,
                "the approval of " + approval["approved_on"].dt.strftime("%Y-%m-%d").fillna("") + " is later",
                amount
                + " is beyond the authority of "
                + who
                + " ("
                + short_amount(check["approver_authority"].fillna(0.0))
                + "): a limit of "
                + amount
                + " needs "
                + needs,
                who + " is on no level of the approval ladder",
            ],
            "",
        ),
        index=idx,
        dtype="str",
    )
    # the grade of an override whose limit is not in force still applies until the override lapses
    graded = on_record & ~ov["lapsed"] & ov["override_grade"].notna() & (why != "")
    status = pd.Series(
        np.where(why != "", "not in force: " + why, np.where(on_record & ~later, "in force until " + day, "")),
        index=idx,
        dtype="str",
    )
    # a grade-only override that a later approval follows: the grade stands, the approval does not touch it
    status = status.where(~(later & ov["override_limit"].isna()), "in force until " + day)
    status = status.where(~graded, status + "; its grade applies until " + day)
    return status, in_force.astype(bool), stands.astype(bool)


def _collateral(approval: pd.DataFrame, ov: pd.DataFrame, stands: pd.Series) -> pd.Series:
    """The collateral in force: the override's while it stands and records one, else the approval's (0 when
    none); NaN where the standing override's reason names collateral or a guarantee and no amount is recorded."""
    recorded = ov["override_collateral"].where(stands)
    held = approval["collateral"].fillna(0.0)
    named = stands & ov["override_reason"].fillna("").astype("str").str.contains(SECURITY_WORDS, case=False)
    unknown = named & recorded.isna() & (held <= 0)
    return recorded.fillna(held).where(~unknown).astype(float)


def overrides_on_record(data: KamData, as_of: dt.date | str, pol: Mapping) -> pd.DataFrame:
    """The latest override of each customer that has one on or before ``as_of``, in force or not, latest first:
    ``override_grade``, ``override_limit``, ``override_status`` (:func:`limit_in_force`), ``override_reason``,
    ``collateral`` (the collateral in force; NaN: the reason names collateral or a guarantee and no value is
    recorded), ``approved_limit`` (the limit in force), ``override_by``, ``override_on`` and ``override_until``."""
    idx, as_of = _customer_index(data), as_timestamp(as_of)
    ov = latest_overrides(data, as_of, pol["credit"], idx)
    lim = _in_force(latest_approval(data, as_of, idx), ov, pol)
    out = ov.join(lim[["override_status", "collateral", "approved_limit"]])[ov["override_on"].notna().to_numpy()]
    cols = ["override_grade", "override_limit", "override_status", "override_reason", "collateral", "approved_limit"]
    out = out[[*cols, "override_by", "override_on", "override_until"]]
    return out.sort_values(["override_on"], ascending=False, kind="mergesort")

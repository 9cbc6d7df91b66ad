"""Exceptions of the approval in force (审批例外): what a committee must see in each case.

The limit in force of a customer (its latest approval on or before the date) is an exception when

* it was approved **beyond the approver's authority** (the limit above the ``up_to`` of the
  approver's level of ``credit.approval_levels``), or by a name on no level of the ladder (its
  authority unchecked): the check of :func:`kamtools.credit.authority_breaches`;
* it was approved **on a stale basis**: before any qualitative assessment of the customer
  (unrated), or when its latest assessment was older than
  ``credit.review.assessment_older_than_months`` on the day of the approval. An approval dated
  before the first assessment on record in the book (of any customer) is not judged: the
  book's history does not show what it rested on.

:func:`approval_exceptions` gives one row per customer with a flag for each and the sentence
the limit row (``exceptions``) and the limit application print.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..store import KamData
from ._common import _latest_before
from .approvals import BEYOND_AUTHORITY, NOT_ON_LADDER, authority_check, level_names
from .limit_text import _join, short_amount


def approval_exceptions(data: KamData, lim: pd.DataFrame, pol: Mapping) -> pd.DataFrame:
    """``exception_authority``, ``exception_stale_basis`` and ``exceptions`` (the sentences, ``""``
    when none) of the approval in force of each customer of ``lim`` (``approved_limit``,
    ``approved_by``, ``approved_on``; a limit of 0 is no approval to check).

    >>> import kamtools as kt
    >>> from kamtools.schema import conform
    >>> fac = conform(pd.DataFrame({"customer_id": ["C2"], "assessed_on": ["2023-01-05"]}), "credit_factors")
    >>> lim = pd.DataFrame({"approved_limit": [119000.0], "approved_by": ["account manager"],
    ...     "approved_on": [pd.Timestamp("2023-12-11")]}, index=pd.Index(["C1"], name="customer_id"))
    >>> e = approval_exceptions(kt.KamData({"credit_factors": fac}), lim, kt.policy.load_policy())
    >>> print(e.loc["C1", "exceptions"].replace("; ", chr(10)))
    approved by account manager beyond its authority: 119 k against 100 k (a limit of 119 k needs Direct-sales manager)
    approved on 2023-12-11 before any credit assessment (unrated)
    """
    idx = lim.index
    approved = lim["approved_limit"].astype(float).fillna(0.0) > 0
    who = lim["approved_by"].where(approved)
    check = authority_check(lim["approved_limit"].astype(float), who, pol)
    names = {k: v[0] for k, v in level_names(pol).items()}
    amount = short_amount(lim["approved_limit"])
    by = "approved by " + who.fillna("").astype("str")
    authority = pd.Series(
        np.select(
            [check["breach"] == BEYOND_AUTHORITY, check["breach"] == NOT_ON_LADDER],
            [
                by
                + " beyond its authority: "
                + amount
                + " against "
                + short_amount(check["approver_authority"])
                + " (a limit of "
                + amount
                + " needs "
                + check["required_level"].map(names).fillna("").astype("str")
                + ")",
                by + ", who is on no level of the ladder: authority unchecked",
            ],
            "",
        ),
        index=idx,
        dtype="str",
    ).where(approved & who.notna(), "")
    stale = _stale_basis(data, lim, approved, pol)
    out = pd.DataFrame(index=idx)
    out["exception_authority"] = (authority != "").astype(bool)
    out["exception_stale_basis"] = (stale != "").astype(bool)
    out["exceptions"] = _join(authority, stale)
    return out


def _stale_basis(data: KamData, lim: pd.DataFrame, approved: pd.Series, pol: Mapping) -> pd.Series:
    """The sentence of an approval made before any assessment, or on one older than the policy's months."""
    idx = lim.index
    months = int(pol["credit"]["review"]["assessment_older_than_months"])
    on = pd.to_datetime(lim["approved_on"]).where(approved)
    cols = ["customer_id", "assessed_on"]
    fac = data.credit_factors[cols].copy() if data.has("credit_factors") else pd.DataFrame(columns=cols)
    fac["customer_id"] = fac["customer_id"].astype("str")
    fac["assessed_on"] = pd.to_datetime(fac["assessed_on"])
    dated = on.dropna()
    dated.index = dated.index.astype("str")
    basis = _latest_before(fac.dropna(subset=["assessed_on"]), "assessed_on", dated)
    basis_on = (
        pd.to_datetime(basis["assessed_on"]).reindex(idx.astype("str")).set_axis(idx)
        if len(basis)
        else pd.Series(pd.NaT, index=idx)
    )
    day = on.dt.strftime("%Y-%m-%d").fillna("")
    # before the first assessment on record in the book, nothing shows what an approval rested on: not judged
    first = fac["assessed_on"].min()
    on_record = (on >= first) if pd.notna(first) else pd.Series(False, index=idx)
    never = on.notna() & basis_on.isna() & on_record
    old = on.notna() & basis_on.notna() & (basis_on < on - pd.DateOffset(months=months))
    return pd.Series(
        np.select(
            [never, old],
            [
                "approved on " + day + " before any credit assessment (unrated)",
                "approved on "
                + day
                + " on an assessment of "
                + basis_on.dt.strftime("%Y-%m-%d").fillna("")
                + f", over {months} months old that day",
            ],
            "",
        ),
        index=idx,
        dtype="str",
    )

"""Exceptions of the approval in force (审批例外): what a committee must see in each case.

The limit in force of a customer (its latest approval on or before the date) is an exception when

* it was approved **beyond the approver's authority** (the limit above the ``up_to`` of the
  approver's level of ``credit.approval_levels``), or by a name on no level of the ladder (its
  authority unchecked): the check of :func:`kamtools.credit.authority_breaches`;
* it was approved **on a stale basis**: before any qualitative assessment of the customer
  (unrated), or when its latest assessment was older than
  ``credit.review.assessment_older_than_months`` on the day of the approval. An approval dated
  before the first assessment on record in the book (of any customer) is not judged: the
  book's history does not show what it rested on;
* it is an **unsecured limit for a grade without unsecured credit** (multiplier 0 in
  ``credit.limit.multiplier``, e.g. C): the limit beyond what the collateral backs after the haircut,
  approved on or after the assessment and the statement that give the customer its grade (the grade
  was on file that day);
* it was approved **while an invoice was more than the hold days past due** (``credit.limit.
  hold_days_past_due``) that day: the receivables settled on the day of the approval (SQL
  ``credit_approval_cutoff`` and ``credit_approval_arrears`` on the settlement of
  :mod:`kamtools.receivables`), the oldest open invoice's days past due and what was open beyond the
  hold days then (the day of the latest approval of ``credit_limits``: a limit in force set by an analyst's
  override, :mod:`kamtools.credit.limit_in_force`, is not judged on this one).

A customer **trading without an approved limit** (exposure and no limit) is printed too: it is the
exception a committee regularises.

:func:`approval_exceptions` gives one row per customer with a flag for each and the sentence
the limit row (``exceptions``) and the limit application print.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..facts import query_text, sql_text
from ..receivables import ledger_sql_per_customer
from ..store import KamData
from ._common import _latest_before
from .approvals import BEYOND_AUTHORITY, NOT_ON_LADDER, authority_check, level_names
from .limit_text import _join, _whole, short_amount

#: The exceptions of an approval in force whose decrease goes one level above its approver
#: (``credit.exception_decrease_approver: one_level_up``).
APPROVAL_EXCEPTIONS = ("exception_authority", "exception_stale_basis", "exception_no_unsecured", "exception_arrears")


def approval_exceptions(data: KamData, lim: pd.DataFrame, pol: Mapping, as_of: Any = None) -> pd.DataFrame:
    """``exception_authority``, ``exception_stale_basis``, ``exception_no_unsecured``,
    ``exception_arrears``, ``exception_no_limit`` and ``exceptions`` (the sentences, ``""`` when none)
    of the approval in force of each customer of ``lim`` (``approved_limit``, ``approved_by``,
    ``approved_on``; a limit of 0 is no approval to check; with ``scored_grade``, ``assessed_on``,
    ``financials_on`` and ``collateral`` the grade's check, with ``exposure`` and ``months_bought`` the
    trading without a limit; with ``as_of`` and the book's invoices, payments and credit limits, the
    arrears on the day of the approval in force on ``as_of``).

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
    no_unsecured = _no_unsecured(lim, approved, pol)
    arrears = _approved_in_arrears(data, lim, approved, pol, as_of)
    no_limit = _no_limit(lim, pol)
    out = pd.DataFrame(index=idx)
    out["exception_authority"] = (authority != "").astype(bool)
    out["exception_stale_basis"] = (stale != "").astype(bool)
    out["exception_no_unsecured"] = (no_unsecured != "").astype(bool)
    out["exception_arrears"] = (arrears != "").astype(bool)
    out["exception_no_limit"] = (no_limit != "").astype(bool)
    out["exceptions"] = _join(authority, stale, no_unsecured, arrears, no_limit)
    return out


def _approved_in_arrears(data: KamData, lim: pd.DataFrame, approved: pd.Series, pol: Mapping, as_of: Any) -> pd.Series:
    """The sentence of an approval made while an invoice was more than the hold days past due: the
    receivables settled on the day of the approval in force (each customer on its own day)."""
    idx = lim.index
    if as_of is None or not all(data.has(t) for t in ("invoices", "payments", "credit_limits")):
        return pd.Series("", index=idx, dtype="str")
    days = int(pol["credit"]["limit"]["hold_days_past_due"])
    text = ledger_sql_per_customer(sql_text("credit_approval_cutoff"), sql_text("credit_approval_arrears"))
    then = query_text(data, text, "credit_approval_arrears", as_of=pd.Timestamp(as_of).date(), hold_days=days)
    then = then.set_index(then["customer_id"].astype("str")).reindex(idx.astype("str")).set_axis(idx)
    same_day = pd.to_datetime(then["approved_on"]) == pd.to_datetime(lim["approved_on"])
    late = then["days_past_due_then"].astype(float).fillna(0.0)
    hit = approved & same_day & (late > days)
    text = (
        "approved on "
        + pd.to_datetime(lim["approved_on"]).dt.strftime("%Y-%m-%d").fillna("")
        + " while an invoice was "
        + _whole(late)
        + " days past due ("
        + short_amount(then["arrears_then"].astype(float).fillna(0.0))
        + f" more than {days} days past due that day)"
    )
    return text.where(hit, "").astype("str")


def _no_unsecured(lim: pd.DataFrame, approved: pd.Series, pol: Mapping) -> pd.Series:
    """The sentence of an unsecured limit approved for a grade without unsecured credit (multiplier 0),
    the grade on file that day (its assessment and statement dated on or before the approval)."""
    idx = lim.index
    if not {"scored_grade", "assessed_on"} <= set(lim.columns):
        return pd.Series("", index=idx, dtype="str")
    lp = pol["credit"]["limit"]
    grade = lim["scored_grade"]
    multiplier = grade.map({g: float(v) for g, v in lp["multiplier"].items()})
    on = pd.to_datetime(lim["approved_on"])
    assessed = pd.to_datetime(lim["assessed_on"])
    statement = pd.to_datetime(lim["financials_on"]) if "financials_on" in lim else pd.Series(pd.NaT, index=idx)
    on_file = assessed.notna() & (assessed <= on) & (statement.isna() | (statement <= on))
    collateral = lim["collateral"].astype(float).fillna(0.0) if "collateral" in lim else 0.0
    backed = collateral * (1.0 - float(lp["collateral_haircut"]))
    unsecured = lim["approved_limit"].astype(float).fillna(0.0) > backed + 0.005
    hit = approved & (multiplier == 0) & on_file & unsecured
    text = (
        "unsecured limit approved for a grade without unsecured credit: "
        + short_amount(lim["approved_limit"])
        + " on "
        + on.dt.strftime("%Y-%m-%d").fillna("")
        + " for grade "
        + grade.astype("str")
        + " (multiplier 0) assessed on "
        + assessed.dt.strftime("%Y-%m-%d").fillna("")
    )
    return text.where(hit, "").astype("str")


def _no_limit(lim: pd.DataFrame, pol: Mapping) -> pd.Series:
    """The sentence of a customer trading on credit without any approved limit."""
    idx = lim.index
    if "exposure" not in lim:
        return pd.Series("", index=idx, dtype="str")
    exposure = lim["exposure"].astype(float).fillna(0.0)
    hit = (lim["approved_limit"].astype(float).fillna(0.0) <= 0) & (exposure > 0)
    months = lim["months_bought"].fillna(0).astype("int64") if "months_bought" in lim else pd.Series(0, index=idx)
    window = int(pol["credit"]["limit"]["purchase_months"])
    bought = pd.Series(
        np.where(months > 0, ", bought in " + months.astype("str") + f" of the last {window} months", ""), index=idx
    )
    return (
        ("trading without an approved limit: exposure " + short_amount(exposure) + bought).where(hit, "").astype("str")
    )


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

"""The gates a proposed limit passes before it is recommended (no data access), vectorised over customers.

After the rules of :mod:`kamtools.credit.limit_rules` propose a limit (and the evidence and hold
rules have had their say):

1. **overdue** (``credit.holds.overdue``): the open amount past its due date above ``share`` of
   the open receivables and/or above ``amount`` (``combine``: ``any`` or ``all``; exactly at a
   threshold does not fire): the same rule as the credit hold of that name. No increase while it
   is open; the action is *collect* (the overdue, and the exposure down to the recommended limit);
2. **lapsing assessment** (``credit.review.lapse_warning_days``): an assessment whose last valid
   day (its date + ``credit.review.assessment_older_than_months``) falls within that many days
   after the report date carries no increase: the limit stays, *re-assess by <that day> first*;
   cuts still apply;
3. **credit holds** (``credit.holds.block_increase``): while a hold rule of that list is in force
   (:func:`kamtools.credit.hold_rules.blocking`) the limit is at most the limit in force, after
   every other rule; the reason says *on credit hold (<rules>): no increase while the hold is in
   force; release orders only as payments come in*;
4. **statement first** (``credit.limit.statement_first``): a cut whose only reason is a missing usable
   financial statement waits for it (:func:`kamtools.credit.statement_first.statement_gate`);
5. **materiality** (``credit.limit.materiality_share`` and ``materiality_amount``): a change
   smaller than the larger of the share of the approved limit and the amount is not proposed
   (the approved limit stays), except a risk-driven cut (a downgrade, arrears past the hold days,
   the overdue hold, a grade with no unsecured credit, not rated, a cut below the exposure, the
   caps of the evidence: a short history, a stale assessment, no usable statement), an analyst's
   override, and an increase for a customer whose exposure is above its approved limit.
5. **legal** (``credit.limit.legal_days_past_due``): an invoice more days past due than that, after every
   other rule and an override in force: the limit is withdrawn (:func:`legal_gate`).

Each gate sets its flags on the frame of the rules and a sentence (``*_text``) that
:mod:`kamtools.credit.limit_text` puts into ``limit_reason``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from ..money import from_cents, round_half_up, to_cents
from ._common import NOT_RATED
from .limit_text import short_amount
from .limit_words import share_beside


def _column(f: pd.DataFrame, name: str) -> pd.Series:
    """A money column of the facts (0 where missing, or when the facts have no such column)."""
    if name not in f:
        return pd.Series(0.0, index=f.index)
    return f[name].astype(float).fillna(0.0)


def overdue_over(overdue: pd.Series, receivables: pd.Series, rule: Mapping) -> pd.Series:
    """Whether ``overdue`` is above the overdue rule's ``share`` of ``receivables`` and/or its
    ``amount`` (``combine``), compared in whole cents (the share's threshold to the cent, half up):
    exactly at a threshold does not fire. False where the rule is off or nothing is overdue.

    >>> rule = {"enabled": True, "share": 0.25, "amount": 50000, "combine": "any"}
    >>> overdue_over(pd.Series([250.0, 250.01, 50000.01]), pd.Series([1000.0, 1000.0, 1e9]), rule).tolist()
    [False, True, True]
    >>> overdue_over(pd.Series([250.01]), pd.Series([1000.0]), {**rule, "combine": "all"}).tolist()
    [False]
    """
    cents = to_cents(overdue.astype(float).fillna(0.0))
    tests = []
    if rule["share"] is not None:
        threshold = round_half_up(receivables.astype(float).fillna(0.0) * float(rule["share"]))
        tests.append(cents > to_cents(threshold))
    if rule["amount"] is not None:
        tests.append(cents > to_cents(float(rule["amount"])))
    if not rule["enabled"] or not tests:
        return pd.Series(False, index=overdue.index)
    joined = np.logical_or.reduce(tests) if rule["combine"] == "any" else np.logical_and.reduce(tests)
    return pd.Series(np.asarray(joined) & (cents > 0), index=overdue.index, dtype=bool)


def overdue_threshold_text(rule: Mapping, money: Callable[[pd.Series], pd.Series] = short_amount) -> str:
    """The overdue rule's thresholds in words (the amount written by ``money``).

    >>> overdue_threshold_text({"share": 0.25, "amount": 50000, "combine": "all"})
    'above 25 % of the receivables and 50 k'
    """
    parts = []
    if rule["share"] is not None:
        parts.append(f"{float(rule['share']) * 100:g} % of the receivables")
    if rule["amount"] is not None:
        parts.append(money(pd.Series([float(rule["amount"])])).iloc[0])
    return "above " + (" or " if rule["combine"] == "any" else " and ").join(parts)


def overdue_gate(f: pd.DataFrame, out: pd.DataFrame, pol: Mapping) -> pd.DataFrame:
    """``overdue_share`` (overdue / open receivables), ``overdue_hold`` and its sentence."""
    rule = pol["credit"]["holds"]["overdue"]
    overdue, receivables = _column(f, "overdue"), _column(f, "open_receivables")
    out["overdue_share"] = overdue / receivables.where(receivables > 0)
    out["overdue_hold"] = overdue_over(overdue, receivables, rule)
    days = out["max_days_past_due"].astype("int64").astype("str")
    out["overdue_text"] = (
        "overdue "
        + short_amount(overdue)
        + " is "
        + share_beside(out["overdue_share"], np.nan if rule["share"] is None else float(rule["share"]))
        + " of receivables "
        + short_amount(receivables)
        + " (up to "
        + days
        + f" days past due, orders held {overdue_threshold_text(rule)}): collect it"
    ).where(out["overdue_hold"], "")
    return out


def hold_gate(out: pd.DataFrame, rec: pd.Series, in_force: pd.Series) -> pd.DataFrame:
    """``hold_gate`` (a credit hold of ``credit.holds.block_increase`` in force stops an increase
    beyond ``in_force``, the limit in force) and its sentence, from ``blocking_holds`` (the rules in
    force by name, :func:`kamtools.credit.hold_rules.blocking`)."""
    held = out["blocking_holds"] != ""
    out["hold_gate"] = (held & (rec > in_force + 0.005)).astype(bool)
    out["hold_gate_text"] = (
        "on credit hold ("
        + out["blocking_holds"]
        + "): no increase while the hold is in force; release orders only as payments come in"
    ).where(out["hold_gate"], "")
    return out


def lapse_gate(f: pd.DataFrame, out: pd.DataFrame, rec: pd.Series, pol: Mapping, as_of: pd.Timestamp) -> pd.DataFrame:
    """``reassess_by`` (the last valid day of an assessment lapsing within the warning days, NaT
    otherwise), ``reassess_first`` (an increase withheld until then) and its sentence."""
    review = pol["credit"]["review"]
    assessed = pd.to_datetime(f["assessed_on"])
    last = assessed + pd.DateOffset(months=int(review["assessment_older_than_months"]))
    soon = assessed.notna() & (last >= as_of) & (last <= as_of + pd.Timedelta(days=int(review["lapse_warning_days"])))
    soon = soon & ~out["investigate"]
    out["reassess_by"] = last.where(soon).astype("datetime64[us]")
    approved = _column(f, "approved_limit")
    # an override's limit stands until it lapses: the lapsing assessment is a re-review, not a gate
    out["reassess_first"] = (soon & ~out["overridden"] & (rec > approved)).astype(bool)
    out["reassess_text"] = (
        "re-assess by "
        + last.dt.strftime("%Y-%m-%d").fillna("")
        + " first (the assessment of "
        + assessed.dt.strftime("%Y-%m-%d").fillna("")
        + " is valid until then): no increase until then; the rules give "
        + short_amount(rec)
    ).where(out["reassess_first"], "")
    return out


def _risk_driven(f: pd.DataFrame, out: pd.DataFrame, rec: pd.Series, grades: list[str]) -> pd.Series:
    """A cut the materiality band never stops: a downgrade, arrears past the hold days, the overdue
    hold, a grade with no unsecured credit, not rated, a cut below the exposure, and the caps of the
    evidence (a short history, a stale assessment, no usable financial statement)."""
    rank = {g: i for i, g in enumerate(grades)}
    before = f["previous_grade"].map(rank) if "previous_grade" in f else pd.Series(np.nan, index=f.index)
    downgrade = (out["grade"].map(rank) > before).fillna(False)  # the grade the limit uses
    cash_only = out["multiplier"].fillna(0.0) <= 0
    unrated = f["grade"].eq(NOT_RATED) | out["grade"].isna()
    below_exposure = rec < _column(f, "exposure") - 0.005
    # the caps of the evidence: a short history, a stale assessment, no usable statement
    caps = out["short_history"] | out["investigate"] | out["capped_by_starter"]
    return (
        downgrade
        | out["hold"]
        | out["grade_capped"]
        | out["overdue_hold"]
        | cash_only
        | unrated
        | below_exposure
        | caps
    ).astype(bool)


def materiality_gate(f: pd.DataFrame, out: pd.DataFrame, rec: pd.Series, pol: Mapping) -> pd.DataFrame:
    """``materiality_band`` and ``within_band`` (a change below the band, not proposed) with its sentence."""
    lim = pol["credit"]["limit"]
    approved = _column(f, "approved_limit")
    band = round_half_up(np.maximum(float(lim["materiality_share"]) * approved, float(lim["materiality_amount"])))
    out["materiality_band"] = pd.Series(band, index=f.index, dtype=float)
    change = pd.Series(from_cents(to_cents(rec) - to_cents(approved)), index=f.index)
    small = (change != 0) & (to_cents(change.abs()) < to_cents(out["materiality_band"]))
    exempt = (
        out["overridden"]
        | ((change < 0) & _risk_driven(f, out, rec, list(pol["credit"]["grades"])))
        | ((change > 0) & (_column(f, "exposure") > approved + 0.005))
    )
    out["within_band"] = (small & ~exempt).astype(bool)
    share = float(lim["materiality_share"]) * 100
    out["materiality_text"] = (
        "change below the materiality band: the limit stays at "
        + short_amount(approved)
        + " (the rules give "
        + short_amount(rec)
        + ", a change of "
        + short_amount(change)
        + ", less than "
        + short_amount(out["materiality_band"])
        + f": the larger of {share:g} % of the limit and "
        + short_amount(pd.Series(float(lim["materiality_amount"]), index=f.index))
        + ")"
    ).where(out["within_band"], "")
    return out


#: The columns of sentences the gates add (dropped once ``limit_reason`` is written).
GATE_TEXTS = ("overdue_text", "reassess_text", "hold_gate_text", "materiality_text")


def legal_gate(out: pd.DataFrame, rec: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """An invoice past the legal days (``legal``, more than ``credit.limit.legal_days_past_due`` past due),
    after every other rule and an override in force: the limit is withdrawn (0, no open credit: the
    collateral held stays against the debt and secures no new supply), so the gates that only held an
    increase back (the materiality band, a lapsing assessment, a credit hold) no longer bind."""
    legal = out["legal"]
    for flag in ("within_band", "reassess_first", "hold_gate"):
        out[flag] = (out[flag] & ~legal).astype(bool)
    out["secured_limit"] = out["secured_limit"].where(~legal, 0.0)  # the collateral backs the debt, no new supply
    return out, rec.where(~legal, 0.0)

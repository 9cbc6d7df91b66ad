"""The one credit route of an account plan (:func:`credit_route`): how the limit it files carries its revenue
objective beside the credit page's recommendation, who approves it and the limit it asks for."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from . import credit
from .account_plan_rules import arrears_hold, plan_materiality, reassess_release
from .text import is_missing

__all__ = ["ROUTES", "credit_route", "limit_need", "rounded_up", "solvency_capped"]


def _f(v: object) -> float:
    return 0.0 if is_missing(v) else float(v)


def _text(v: object, missing: str) -> str:
    return missing if is_missing(v) else str(v)


def _on_assessment(cr: pd.Series) -> bool:
    """Whether the credit page's limit rests only on an expired or missing assessment: its rule is
    ``investigate`` or a hold only a new assessment releases holds it, nothing but a new assessment releases a
    hold, and the grade gives unsecured credit."""
    rule = "" if is_missing(cr.get("limit_rule")) else str(cr.get("limit_rule"))
    held_for_money = arrears_hold(cr) and not reassess_release(cr)
    on_it = rule == "investigate" or (arrears_hold(cr) and reassess_release(cr))  # or held for it alone
    rated = _f(cr.get("multiplier")) > 0 or str(cr.get("grade", "")) == "NR"  # NR: the investigation rates it
    return on_it and not held_for_money and rated


def _held_cut(need: float, cr: pd.Series, pol: Mapping) -> bool:
    """Held for arrears while the credit page cuts the limit below what the objective needs once the hold is
    released (by the plan's materiality or more): the plan files one cut, to the need, with the hold in place.
    Not on cash in advance, a legal case or a grade without unsecured credit (those file the recommendation)."""
    approved, rec = _f(cr["approved_limit"]), _f(cr["recommended_limit"])
    sound = _f(cr.get("multiplier")) > 0 and not bool(cr.get("cash_in_advance", False))
    legal = str(cr.get("action", "")) == "legal"
    return sound and not legal and rec < approved and need - rec >= plan_materiality(rec, pol)


def solvency_capped(cr: pd.Series) -> bool:
    """Whether the recommended limit is capped by the customer's solvency (its capacity or equity): more unsecured
    credit than that is no limit of the plan's to ask; above it, collateral."""
    return any(not is_missing(cr.get(c)) and bool(cr.get(c)) for c in ("capped_by_capacity", "capped_by_equity"))


def limit_need(check: pd.Series) -> float:
    """The limit a plan's objective needs: its pace, today's exposure and the busiest month too (the check's larger
    of ``need`` and ``sized_need``)."""
    return max(_f(check["need"]), _f(check.get("sized_need")))


def rounded_up(amount: float, rounding: float) -> float:
    """``amount`` rounded up to the policy's limit ``rounding`` (a limit is never below what it must carry).

    >>> rounded_up(213_603.86, 1_000.0), rounded_up(5.0, 0.0)
    (214000.0, 5.0)
    """
    rounding = float(rounding) or 1.0
    return float(math.ceil(amount / rounding) * rounding)


#: The credit routes a plan may choose (one per plan, :func:`credit_route`).
ROUTES = ("after_reassess", "release_first", "recommended", "keep_limit", "smaller_cut", "new_limit", "collateral")


def credit_route(check: pd.Series, cr: pd.Series, pol: Mapping, *, price_first: bool = False) -> pd.Series:
    """The one credit route of the plan, who approves it and the limit it asks for (``amount``):

    * ``after_reassess`` -- the credit page's limit rests only on an expired or missing assessment
      (``limit_rule`` ``investigate``, held for nothing money releases, a grade that gives unsecured credit):
      no cut now and an increase a month later, but one limit change filed with the new assessment, the
      limit the objective needs (rounded up; the limit in force when it differs by less than the plan's
      materiality);
    * ``release_first`` -- held for arrears or its credit file: nothing grows on credit until the
      hold is released (the hold list's release amount collected, a new assessment); a cut the
      credit page recommends is filed as it is, unless the objective needs more once the hold is released
      (by the plan's materiality): then one change now, ``smaller_cut`` to the need or ``keep_limit``, never
      a cut now and a larger limit asked back after the release (not on cash in advance, a legal case or a
      grade without unsecured credit);
    * ``recommended`` -- the recommended limit carries the revenue objective: file it (no approval
      when it does not change);
    * ``keep_limit`` -- the recommended limit is a cut below what the objective needs, and the objective
      needs all of the limit in force: the approver of the cut keeps the limit in force instead;
    * ``smaller_cut`` -- the same, but the objective needs less than the limit in force: a cut to the
      need (rounded up to the policy's rounding) instead of the recommended cut, never a limit the
      objective does not use;
    * ``new_limit`` -- the objective needs more than the limit in force and the grade gives
      unsecured credit: a limit of the need (rounded up to the policy's rounding), approved by the
      level of the ladder it needs, after a new credit investigation;
    * ``collateral`` -- a grade without unsecured credit, or a recommended limit capped by the customer's solvency
      (capacity or equity): collateral for the shortfall.

    An account that loses money after the cost to serve (``price_first``: its prices are reviewed first) asks for
    no limit of its own: it files the credit page's recommendation (``release_first`` when held, else
    ``recommended``), so no plan contests a cut to carry a loss.

    >>> from kamtools.policy import load_policy
    >>> cr = pd.Series({"hold": False, "hold_rules": "over_limit, utilization", "approved_limit": 154_000.0,
    ...     "recommended_limit": 135_000.0, "approval_level": "direct_sales_manager", "multiplier": 1.0,
    ...     "limit_change": -19_000.0, "approved_by": "direct-sales manager"})
    >>> k = pd.Series({"need": 148_002.0, "carries": False, "collateral": 18_575.0, "approver": "direct_sales_manager"})
    >>> r = credit_route(k, cr, load_policy()); r["route"], float(r["amount"]), r["approver"]
    ('smaller_cut', 149000.0, 'direct_sales_manager')
    >>> r = credit_route(k.replace(148_002.0, 153_500.0), cr, load_policy()); r["route"], float(r["amount"])
    ('keep_limit', 154000.0)
    """
    approved, rec = _f(cr["approved_limit"]), _f(cr["recommended_limit"])
    need, rounding = limit_need(check), float(pol["credit"]["limit"]["rounding"])
    if price_first:
        route = "release_first" if arrears_hold(cr) else "recommended"
        return pd.Series(
            {"route": route, "amount": rec, "approver": cr["approval_level"], "need": need}, dtype="object"
        )
    if _on_assessment(cr):
        amount = rounded_up(need, rounding)
        amount = approved if abs(amount - approved) < plan_materiality(approved, pol) else amount
        route = "after_reassess"
        approver = credit.approval_level(
            amount, approved, pol, current_approver=_text(cr["approved_by"], ""), exposure=_f(cr.get("exposure"))
        )
    elif arrears_hold(cr) and not _held_cut(need, cr, pol):
        route, amount, approver = "release_first", rec, cr["approval_level"]
    elif not arrears_hold(cr) and (bool(check["carries"]) or need - rec < plan_materiality(rec, pol)):
        route, amount, approver = "recommended", rec, cr["approval_level"]  # a trifle more: the recommended one
    elif approved >= need or arrears_hold(cr):  # held: one cut to the need, never above the limit in force
        amount = min(rounded_up(need, rounding), approved)
        route, approver = ("keep_limit", cr["approval_level"]) if amount >= approved else ("smaller_cut", None)
        approver = approver or credit.approval_level(
            amount, approved, pol, current_approver=_text(cr["approved_by"], ""), exposure=_f(cr.get("exposure"))
        )
    elif _f(cr.get("multiplier")) > 0 and not solvency_capped(cr):
        amount = rounded_up(need, rounding)
        route = "new_limit"
        approver = credit.approval_level(
            amount, approved, pol, current_approver=_text(cr["approved_by"], ""), exposure=_f(cr.get("exposure"))
        )
    else:
        route, amount, approver = "collateral", _f(check["collateral"]), check["approver"]
    return pd.Series({"route": route, "amount": float(amount), "approver": approver, "need": need}, dtype="object")

"""The plan of one key account under the terms credit sets for it: the objectives, the credit check, the
credit route, the actions and the risks (:mod:`kamtools.account_plan_text`), assembled for
:func:`kamtools.account_plan.account_profile`, with

* the re-assessment due on the day the re-review list gives the customer (:func:`kamtools.credit.review_due`),
  so the plan, the credit page and the index say one date;
* the objectives split where credit holds the account back (on credit hold, on cash in advance): the last 12
  months' pace, paid in advance (``revenue_interim``, why: ``interim_why``); the full objective once the hold lifts
  and the limit it needs is approved.

>>> o = pd.Series({"revenue_target": 1_200_000.0, "revenue_why": "grow"})
>>> k = pd.Series({"hold": True, "need": 200_000.0, "sized_need": 200_000.0, "recommended_limit": 50_000.0,
...     "carried_target": 300_000.0, "cash_in_advance": False})
>>> s = interim(pd.concat([o, pd.Series({"revenue": 700_000.0})]), k, 1e4)
>>> float(s["revenue_interim"]), s["interim_why"], s["interim_basis"]  # held: sales against payment, as 12 months
(700000.0, 'hold', 'cash_sales')
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import account_plan_text as pt
from . import credit
from .account_plan_route import credit_route, limit_need, rounded_up
from .account_plan_rules import arrears_grade, no_statement_cap, plan_materiality
from .text import is_missing

__all__ = ["INTERIM_WHY", "interim", "no_growth", "no_unsecured", "plan_parts", "price_first"]

#: Why an objective is split: on credit hold, or on cash in advance (the credit page's terms).
INTERIM_WHY = ("hold", "cash")
#: An objective the recommended limit carries all but this share of is not split (a trifle is no second phase).
SPLIT_SHARE = 0.02


def _f(v: object) -> float:
    return 0.0 if is_missing(v) else float(v)


def no_unsecured(cr: pd.Series) -> bool:
    """Whether the customer's grade gives no unsecured credit (multiplier 0, e.g. C); not rated (NR) is no such
    grade: a credit investigation rates it first; nor is the arrears grade (:func:`arrears_grade`): paying the
    invoices past the hold days, which the hold asks, gives the scored grade back."""
    rated = not is_missing(cr.get("grade")) and str(cr.get("grade")) != "NR"
    no_credit = not is_missing(cr.get("multiplier")) and float(cr["multiplier"]) <= 0
    return rated and no_credit and not arrears_grade(cr)


def no_growth(obj: pd.Series, cr: pd.Series) -> pd.Series:
    """``obj`` without growth for a grade that gives no unsecured credit (multiplier 0, e.g. C): until the grade
    recovers the revenue objective is the last 12 months' revenue, sold against payment in advance or collateral
    (``revenue_why`` ``no_growth``); the margin and share-of-wallet objectives follow it.

    >>> o = pd.Series({"revenue": 900.0, "revenue_target": 990.0, "revenue_why": "grow", "margin_rate_target": 0.1,
    ...     "margin_target": 99.0, "wallet": 1_800.0, "wallet_share_target": 0.55})
    >>> c = pd.Series({"grade": "C", "multiplier": 0.0})
    >>> n = no_growth(o, c); n["revenue_target"], n["revenue_why"], n["margin_target"]
    (900.0, 'no_growth', 90.0)
    >>> no_growth(o, c.replace(0.0, 1.2))["revenue_why"], no_growth(o, c.replace("C", "NR"))["revenue_why"]
    ('grow', 'grow')
    """
    if not no_unsecured(cr) or obj["revenue_why"] == "legal":
        return obj
    out = obj.copy()
    out["level_target"] = out["state_target"] = None  # no step up the relationship that would ask for credit
    return _held_at(out, "no_growth")


def price_first(obj: pd.Series) -> pd.Series:
    """``obj`` without growth for an account that loses money after the cost to serve: the prices are reviewed
    first (``margin_rate_why`` ``price_review``), and until then the revenue objective is the last 12 months'
    revenue (``revenue_why`` ``price_first``), so no plan asks for credit to grow a loss.

    >>> o = pd.Series({"revenue": 900.0, "revenue_target": 990.0, "revenue_why": "grow", "margin_rate_target":
    ...     float("nan"), "margin_rate_why": "price_review", "margin_target": float("nan"), "wallet": 1_800.0,
    ...     "wallet_share_target": 0.55})
    >>> p = price_first(o); p["revenue_target"], p["revenue_why"], p["wallet_share_target"]
    (900.0, 'price_first', 0.5)
    """
    if obj["margin_rate_why"] != "price_review" or obj["revenue_why"] in ("legal", "no_growth"):
        return obj
    return _held_at(obj, "price_first")


def _held_at(obj: pd.Series, why: str) -> pd.Series:
    """``obj`` with the revenue objective held at the last 12 months' revenue (``revenue_why`` ``why``), the
    margin and share-of-wallet objectives following it; as it was when it asks no growth anyway."""
    rev = max(_f(obj["revenue"]), 0.0)
    if _f(obj["revenue_target"]) <= rev:  # no growth asked anyway
        return obj
    out = obj.copy()
    out["revenue_target"], out["revenue_why"] = rev, why
    if not is_missing(obj.get("margin_rate_target")):
        out["margin_target"] = rev * float(obj["margin_rate_target"])
    if not is_missing(obj.get("wallet")) and _f(obj["wallet"]) > 0:
        out["wallet_share_target"] = rev / _f(obj["wallet"])
    return out


def interim(obj: pd.Series, check: pd.Series, materiality: float) -> pd.Series:
    """``obj`` with ``revenue_interim`` (NaN when the objective is not split) and ``interim_why`` (``hold``,
    ``cash`` or ``""``): where the credit page holds the account (while the objective needs more than the
    recommended limit by ``materiality`` or more) or puts it on cash in advance, until the hold lifts and the
    limit is approved; a cut without a hold splits nothing (the plan asks its limit now, decided within days). Meanwhile the customer goes on buying at the last 12 months' pace, on credit as far as the
    limit carries it and against payment beyond: the interim is the last 12 months' revenue (their monthly average),
    at most the objective (``interim_basis`` ``cash_sales``), one estimate whatever holds the account back."""
    target, rec = _f(obj["revenue_target"]), _f(check["recommended_limit"])
    short = max(_f(check["need"]), _f(check.get("sized_need"))) - rec >= materiality
    why = ""
    if obj["revenue_why"] != "legal" and target > 0:
        if bool(check.get("cash_in_advance", False)):
            why = "cash"
        elif short and bool(check["hold"]):
            why = "hold"  # a limit cut below the need without a hold: the plan asks its limit now, no phase of days
    # whatever holds it back, the customer goes on buying at the last 12 months' pace, what credit does not carry
    # against payment: one estimate of the first phase (never above the objective, never the limit's carry alone)
    carried = min(max(_f(obj.get("revenue")), 0.0), target)
    if carried >= target * (1 - SPLIT_SHARE):  # the last 12 months' pace is (about) the objective: no split
        why = ""
    value = carried if why else float("nan")
    basis = "cash_sales" if why else ""
    return pd.concat(
        [obj, pd.Series({"revenue_interim": value, "interim_why": why, "interim_basis": basis}, dtype="object")]
    )


def _asked_approver(check: pd.Series, cr: pd.Series, pol: Mapping) -> str:
    """Who approves the limit the objective needs (rounded up), asked once a hold is released: the ladder's level
    for that limit beside the one in force."""
    asked = rounded_up(limit_need(check), pol["credit"]["limit"]["rounding"])
    by = "" if is_missing(cr.get("approved_by")) else str(cr["approved_by"])
    return str(
        credit.approval_level(
            asked, _f(cr["approved_limit"]), pol, current_approver=by, exposure=_f(cr.get("exposure"))
        )
    )


def _shortened(cr: pd.Series) -> float:
    """The payment terms the credit page proposes where it shortens them (its ``terms_shortened``: cash in advance
    aside), else NaN."""
    shortened = not is_missing(cr.get("terms_shortened")) and bool(cr["terms_shortened"])
    return _f(cr["proposed_terms_days"]) if shortened else float("nan")


def at_review_terms(cr: pd.Series) -> pd.Series:
    """The credit facts the plan is sized on: where the credit page shortens the payment terms with its limit, those
    terms (``credit_days`` of the shorter terms and grace; ``payment_terms_days`` the shorter ones), today's exposure
    above the limit collected as it falls due at them, not financed (``exposure_collected``): the plan and the credit
    page then compare limits at the same terms; ``cr`` as it is otherwise."""
    days = _shortened(cr)
    if is_missing(days):
        return cr
    shorter = cr.copy()
    shorter["credit_days"] = days + _f(cr.get("grace_days"))
    shorter["payment_terms_days"] = days
    shorter["exposure_collected"] = True
    return shorter


def _need_in_force(target: float, cr: pd.Series, pol: Mapping) -> float:
    """What the objective needs (at its pace, today's exposure and its busiest month, rounded up to the policy's
    rounding) at the payment terms in force, where the plan is sized at the credit page's shorter ones (the sales
    director's question: what keeping today's terms would take); NaN otherwise."""
    if is_missing(_shortened(cr)):
        return float("nan")
    return rounded_up(limit_need(pt.credit_check(target, cr, pol)), float(pol["credit"]["limit"]["rounding"]))


def _filed(
    book, cid: str, route: pd.Series, check: pd.Series, cr: pd.Series, ts: pd.Timestamp, pol: Mapping
) -> tuple[float, float, float]:
    """The limit the plan files (its route's; with collateral, the limit the collateral carries) and, where a money
    rule holds the customer, the amounts that release the hold (:func:`kamtools.credit.release_at`: the same rules at
    another limit) once that limit is approved, where it is below the limit in force, and, with collateral, should
    only the recommended unsecured part be approved below the limit in force; NaN otherwise."""
    filed = limit_need(check) if route["route"] == "collateral" else _f(route["amount"])
    approved, rec = _f(cr["approved_limit"]), _f(cr["recommended_limit"])
    if is_missing(cr.get("release_amount")) or cid not in book.holds.index:
        return filed, float("nan"), float("nan")
    lim, held = book.limits.loc[[cid]], book.holds.loc[[cid]]

    def at(limit: float) -> float:
        return float(credit.release_at(lim, pd.Series({cid: limit}), ts, pol, held=held).iloc[0])

    at_filed = at(filed) if filed < approved else float("nan")
    unsecured = at(rec) if route["route"] == "collateral" and rec < approved else float("nan")
    return filed, at_filed, unsecured


def _beyond_authority(book, cid: str, ts: pd.Timestamp, pol: Mapping) -> tuple[float, object, object]:
    """How far the limit in force exceeds its approver's authority (:func:`kamtools.credit.authority_breaches`, the
    index's line), the level it needs and the day the index gives its new approval by
    (``report.decisions.authority``); NaN, None and None when within it."""
    breaches = book.authority
    if cid not in breaches.index or breaches.at[cid, "breach"] != "beyond authority":
        return float("nan"), None, None
    by = (ts + pd.Timedelta(days=int(pol["report"]["decisions"]["authority"]["days"]))).date()
    return _f(breaches.at[cid, "excess_authority"]), str(breaches.at[cid, "required_level"]), by


def _credit_facts(book, cid: str, credit_s: pd.Series, ts: pd.Timestamp, pol: Mapping) -> pd.Series:
    """The account's credit row with what the plan reads beside it from the book: the re-review day, an approval beyond
    authority (and by when it is approved again), its payment promises kept and broken, and whether only the overdue
    rule's fixed amount holds it."""
    credit_s["review_due"] = credit.review_due(cid, book.holds, book.pyramid, book.limits, ts.date(), pol)
    credit_s["beyond_authority"], credit_s["required_level"], credit_s["reapprove_by"] = _beyond_authority(
        book, cid, ts, pol
    )
    promised = book.promises.loc[cid] if cid in book.promises.index else None  # its payment promises, kept or broken
    credit_s["promises"] = 0 if promised is None else int(promised["promises"])
    credit_s["broken_promises"] = 0 if promised is None else int(promised["broken_promises"])
    held = book.holds.loc[[cid]] if cid in book.holds.index else book.holds.iloc[0:0]
    # held only by the overdue rule's fixed amount, a few days late: the threshold the credit page asks to review
    credit_s["amount_rule_only"] = cid in credit.overdue_amount_only(held, book.limits, pol).index
    return credit_s


def plan_parts(
    book, cid: str, parts: Mapping, items: pd.DataFrame, ts: pd.Timestamp, pol: Mapping, limit_due
) -> dict[str, object]:
    """The plan of customer ``cid`` from the ``parts`` of its profile (``profile``, ``margin``, ``credit``,
    ``aging``, ``time``, ``relationship``, ``lifecycle``, ``activities``, ``contacts``) and its open ``items``:
    ``objectives``, ``credit_check``, ``actions`` and ``risks``. ``book`` holds the book-level tables
    (:class:`kamtools.account_plan.BookTables`); ``limit_due(route)`` is the day the plan's limit action is due."""
    profile, margin, credit_s, ag = parts["profile"], parts["margin"], parts["credit"], parts["aging"]
    credit_s = _credit_facts(book, cid, credit_s.copy(), ts, pol)
    stage = str(parts["lifecycle"]["stage"])
    legal = str(credit_s.get("action", "")) == "legal"
    obj = price_first(
        no_growth(pt.objectives(profile, margin, parts["relationship"], stage, pol["segments"], legal=legal), credit_s)
    )
    sized_on = at_review_terms(credit_s)  # the credit page's shorter terms, where it shortens them
    check = pt.credit_check(obj["revenue_target"], sized_on, pol)
    route_price_first = obj["revenue_why"] == "price_first"  # a loss-maker files the recommendation
    route = credit_route(check, sized_on, pol, price_first=route_price_first)  # the plan's one route, with the check
    materiality = plan_materiality(check["recommended_limit"], pol)  # a smaller difference asks nothing
    extra = pd.Series(
        {
            "materiality": materiality,
            "no_unsecured": no_unsecured(credit_s),
            "price_first": route_price_first,
            "rounding": float(pol["credit"]["limit"]["rounding"]) or 1.0,
            "hold_ask_approver": _asked_approver(check, credit_s, pol),
            "arrears_grade": arrears_grade(credit_s),  # the grade in force is the arrears one, not the scored one
            "grade": credit_s.get("grade"),
            "scored_grade": credit_s.get("scored_grade"),
            "hold_days": int(pol["credit"]["limit"]["hold_days_past_due"]),
            "legal_days": int(pol["credit"]["limit"]["legal_days_past_due"]),
            "approved_limit": _f(credit_s["approved_limit"]),
            # the limit in force was approved unrated or on an expired assessment: approved again on the new one
            "stale_basis": not is_missing(credit_s.get("exception_stale_basis"))
            and bool(credit_s.get("exception_stale_basis")),
            # the shorter terms the credit page files with its limit (not cash in advance): the plan is sized at them
            "review_terms_days": _shortened(credit_s),
            "terms_in_force_days": credit_s.get("payment_terms_days"),
            "need_in_force": _need_in_force(obj["revenue_target"], credit_s, pol),
        },
        dtype="object",
    )
    check = pd.concat([check, route.drop("need").add_prefix("route_"), extra])
    # the missing statement caps the cut too: obtained by the credit page's statement day, before the cut
    credit_s["statements_by"] = credit.statement_due(ts, pol).date() if no_statement_cap(credit_s) else None
    credit_s["filed_limit"], credit_s["release_filed"], credit_s["release_unsecured"] = _filed(
        book, cid, route, check, credit_s, ts, pol
    )
    obj = interim(obj, check, materiality)
    overdue_items = int(((items["days_past_due"] > 0) & (items["open_amount"] > items["disputed"])).sum())
    top = int(profile["revenue_rank"]) <= int(pol["report"]["joint_signoff_top"])
    act, contacts = parts["activities"], parts["contacts"]
    return {
        "credit": credit_s,
        "objectives": obj,
        "credit_check": check,
        "actions": pt.actions(
            margin,
            stage,
            credit_s,
            ag,
            parts["time"],
            obj,
            act,
            contacts,
            overdue_items,
            ts,
            route=route,
            top=top,
            limit_due=limit_due(route),
            price_due=(ts + pd.Timedelta(days=int(pol["report"]["decisions"]["price_review"]["days"]))).date(),
        ),
        "risks": pt.risks(margin, credit_s, ag, parts["time"], obj, stage, act, contacts, credit.grade_order(pol)),
    }

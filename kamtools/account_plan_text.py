"""The plan of one key account as figures and codes: the objectives of the next 12 months, the
credit they need against the recommended limit (and the options when it does not carry them),
the actions of the next quarter (who, what, by when) and the risks, from the parts of the
profile :mod:`kamtools.account_plan` assembles.

The plan reads the parts only; it computes nothing from the book. It decides what the plan
says; the words, in the report's language, are the report's (:mod:`kamtools.report.plan_text`).

Deadlines count from the report date: two weeks for what is overdue, a month for what the
credit file needs, the end of the next quarter (the third month-end after the report date)
for what the relationship needs.

>>> quarter_end("2026-10-31"), quarter_end("2026-11-15")
(datetime.date(2027, 1, 31), datetime.date(2027, 1, 31))
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import pandas as pd

from . import credit
from . import strategies as st
from .account_plan_rules import (
    arrears_hold,
    before_limit_actions,
    collect_actions,
    decline_action,
    hold_rules,
    plan_materiality,
    reassess_release,
    unprofitable,
)
from .text import is_missing

__all__ = [
    "ACTIONS",
    "OWNERS",
    "RISKS",
    "actions",
    "by_stake",
    "credit_check",
    "margin_rate_target",
    "objective_need",
    "objectives",
    "plan_materiality",
    "quarter_end",
    "revenue_target",
    "risks",
    "strategies",
]

#: Who carries out an action of the plan (the approver of a limit is a level of the policy's ladder).
OWNERS = (
    "account_manager",
    "senior_management",
    "finance",
    "customer_service",
    "director_and_finance",
    "sales_director",
)

#: The actions a plan can hold, in the order the plan lists them when as much money is at stake in each
#: (:func:`by_stake`: the most money first).
ACTIONS = (
    "collect_arrears",
    "stop_credit",
    "release_hold",
    "hand_to_legal",
    "collect_overdue",
    "disputes",
    "reassess",
    "statement",
    "get_statements",
    "reapprove",
    "file_limit",
    "keep_limit",
    "collateral",
    "win_back",
    "find_cause",
    "joint_review",
    "reach_level",
    "price_review",
    "margin",
    "selling_time",
    "complaints",
    "contacts",
    "wallet_estimate",
)

#: The risks a plan can name, in the order the plan lists them.
RISKS = (
    "hold",
    "over_limit",
    "overdue",
    "broken_promises",
    "downgrade",
    "upgrade_on_hold",
    "stale_assessment",
    "no_statement",
    "revenue_falling",
    "margin_falling",
    "unprofitable",
    "competitors",
    "strained",
    "single_contact",
    "low_time",
    "complaints",
)

#: Payment promises broken at this share of those made (and at least 3) are a risk: promises no longer secure a limit.
BROKEN_PROMISES = 0.25
#: The levels of the customer our senior management meets (the levels below: the account manager).
SENIOR_LEVELS = ("decision_maker", "senior_team")

#: Days from the report date to the deadline of an action (the relationship's: the quarter's end).
DUE_DAYS = {"now": 0, "overdue": 14, "file": 30}
#: A margin rate that fell by less than this (0.1 percentage point) has not fallen: the page shows it as 0.0 pt.
MARGIN_FALL = 0.001

#: A share of wallet below this leaves the larger part of the customer's purchases to competitors.
COMPETITOR_SHARE = 0.5
#: Selling time below this share of the account's time target is a risk.
LOW_TIME = 0.5


def _f(v: object) -> float:
    """A number of the profile, missing counted as 0."""
    return 0.0 if is_missing(v) else float(v)


def _nan(v: object) -> float:
    """A number of the profile, missing as NaN."""
    return float("nan") if is_missing(v) else float(v)


def _text(v: object, missing: str = "unknown") -> str:
    return missing if is_missing(v) or str(v) in ("", "nan", "None") else str(v)


def strategies(tier: str, status: str, stage: str, relationship_type: str, level: str) -> pd.DataFrame:
    """The strategy for the tier, status, lifecycle stage, relationship type and relationship level
    (the material's ladder: :data:`kamtools.strategies.LADDER`)."""
    found = [st.TIERS[tier], st.STATUS[status], st.LIFECYCLE[stage], st.RELATIONAL[relationship_type]]
    found.append(st.LADDER[level])
    return pd.DataFrame(
        {"segment": [s.label for s in found], "strategy": [s.text for s in found]},
        index=pd.Index(["tier", "status", "lifecycle", "relationship type", "relationship level"], name="concept"),
    )


def quarter_end(as_of: object) -> dt.date:
    """The deadline of the next quarter: the third month-end after the report date ``as_of``."""
    return (pd.Timestamp(as_of) + pd.offsets.MonthEnd(3)).date()


def wallet(profile: pd.Series) -> float | None:
    """The customer's wallet estimate (its yearly purchases in our category), None unless positive."""
    w = profile["wallet_estimate"]
    return float(w) if not is_missing(w) and float(w) > 0 else None


# ---------------------------------------------------------------------------- objectives
def revenue_target(profile: pd.Series, margin: pd.Series, stage: str, spol: Mapping) -> tuple[float, str]:
    """The revenue objective of the next 12 months and why: ``win_back`` the previous 12 months
    in defense, ``reactivate`` to them in hibernation, else ``grow`` by the growth stage
    threshold; at most the wallet (``wallet``: all the customer buys in our category).

    >>> p, m = pd.Series({"wallet_estimate": 1000.0}), pd.Series({"revenue_12m": 500.0, "revenue_prev_12m": 800.0})
    >>> spol = {"lifecycle": {"growth_above": 0.1}}
    >>> revenue_target(p, m, "growth", spol), revenue_target(p, m, "defense", spol)
    ((550.0, 'grow'), (800.0, 'win_back'))
    >>> revenue_target(pd.Series({"wallet_estimate": 520.0}), m, "harvest", spol)
    (520.0, 'wallet')
    """
    rev, prev = _f(margin["revenue_12m"]), _f(margin["revenue_prev_12m"])
    if stage == "defense":
        target, why = prev, "win_back"
    elif stage == "hibernation":
        target, why = prev, "reactivate"
    else:
        target, why = max(rev, 0.0) * (1 + float(spol["lifecycle"]["growth_above"])), "grow"
    w = wallet(profile)
    return (w, "wallet") if w is not None and target > w else (target, why)


def margin_rate_target(margin: pd.Series) -> tuple[float, str]:
    """The margin rate objective: ``recover`` the rate of the previous 12 months when it fell (by
    :data:`MARGIN_FALL` or more), else ``hold`` the rate of the last 12 months (NaN and ``none`` without
    revenue in either).

    >>> margin_rate_target(pd.Series({"margin_rate_12m": 0.08, "margin_rate_prev_12m": 0.1}))
    (0.1, 'recover')
    >>> margin_rate_target(pd.Series({"margin_rate_12m": 0.12, "margin_rate_prev_12m": 0.1}))
    (0.12, 'hold')
    >>> margin_rate_target(pd.Series({"margin_rate_12m": 0.0996, "margin_rate_prev_12m": 0.1}))  # 0.04 pt: no fall
    (0.0996, 'hold')
    """
    now, before = _nan(margin["margin_rate_12m"]), _nan(margin["margin_rate_prev_12m"])
    if not math.isnan(before) and (math.isnan(now) or before - now >= MARGIN_FALL):
        return before, "recover"
    if not math.isnan(now):
        return now, "hold"
    return float("nan"), "none"


def objectives(
    profile: pd.Series, margin: pd.Series, rel: pd.Series, stage: str, spol: Mapping, legal: bool = False
) -> pd.Series:
    """The objectives of the next 12 months beside where the account stands: revenue, margin and
    margin rate, share of wallet, and the next step up the relationship's ladders (None at the top).
    A legal case (``legal``: its debt with collections or legal action, its limit withdrawn) has no
    revenue objective (``legal``): the debt is collected first, and nothing is sold on credit."""
    target, why = (0.0, "legal") if legal else revenue_target(profile, margin, stage, spol)
    rate, rate_why = (float("nan"), "none") if legal else margin_rate_target(margin)
    if not legal and unprofitable(margin):  # keeping a loss-making margin is no objective: the prices first
        rate, rate_why = float("nan"), "price_review"
    rev, w = _f(margin["revenue_12m"]), wallet(profile)
    if legal:  # no step up the relationship either: the debt first
        rel = pd.Series({**rel.to_dict(), "next_level": None, "next_state": None}, dtype="object")
    return pd.Series(
        {
            "revenue": rev,
            "revenue_target": target,
            "revenue_why": why,
            "margin": _f(margin["margin_12m"]),
            "margin_target": target * rate if not math.isnan(rate) else float("nan"),
            "margin_rate": _nan(margin["margin_rate_12m"]),
            "margin_rate_target": rate,
            "margin_rate_why": rate_why,
            "wallet": w if w is not None else float("nan"),
            "wallet_share": min(max(rev, 0.0) / w, 1.0) if w else float("nan"),
            "wallet_share_target": target / w if w and not legal else float("nan"),
            "level": _text(rel["relationship_level"], "none"),
            "level_target": rel["next_level"],
            "state": _text(rel["relationship_state"], "none"),
            "state_target": rel["next_state"],
        },
        dtype="object",
    )


# ---------------------------------------------------------------------------- credit
def objective_need(target: float, cr: pd.Series) -> float:
    """The credit a revenue objective uses: its monthly purchases (``target`` / 12) for the
    customer's payment terms and grace days (``credit_days`` / 30), plus its open orders: the
    terms need of :func:`kamtools.credit.limits` at the objective's pace."""
    return float(credit.terms_need(_f(target) / 12, _f(cr["credit_days"]), _f(cr["open_orders"])))


def credit_check(target: float, cr: pd.Series, pol: Mapping) -> pd.Series:
    """Whether the recommended limit carries the revenue objective ``target`` (``carries``) and,
    when it does not, the options that would: ``collateral`` (the shortfall before the policy's
    haircut, counted at ``counted_at``), shorter payment terms (``terms_days``, whole days that fit,
    NaN when none would), a limit of the ``need`` approved by ``approver`` (a level of the
    ladder) after a new investigation, or the smaller objective the limit carries
    (``carried_target``). On hold (``hold``) the plan grows nothing on credit.

    >>> cr = pd.Series({"credit_days": 40, "payment_terms_days": 30, "grace_days": 10, "open_orders": 10_000.0,
    ...     "recommended_limit": 100_000.0, "approved_limit": 50_000.0, "approved_by": "", "hold": False})
    >>> from kamtools.policy import load_policy
    >>> c = credit_check(1_200_000, cr, load_policy())
    >>> float(c["need"]), bool(c["carries"]), round(float(c["collateral"]), 2), float(c["terms_days"])
    (143333.33, False, 61904.76, 17.0)
    """
    need, limit = objective_need(target, cr), _f(cr["recommended_limit"])
    orders, days, monthly = _f(cr["open_orders"]), _f(cr["credit_days"]), _f(target) / 12
    # the limit must hold today's exposure and the busiest month of the 12 too, not the objective's pace alone;
    # held for arrears, or sized at shorter terms than today's (``exposure_collected``), the exposure above the limit
    # is to be collected as it falls due, not financed
    exposure, peak, held = _f(cr.get("exposure")), _f(cr.get("peak_monthly_purchases")), arrears_hold(cr)
    collected = held or (not is_missing(cr.get("exposure_collected")) and bool(cr.get("exposure_collected")))
    peak_need = float(credit.terms_need(peak, days, orders)) if peak > 0 else 0.0
    sized = max(need, 0.0 if collected else exposure, peak_need)
    haircut = float(pol["credit"]["limit"]["collateral_haircut"])
    short = max(sized - limit, 0.0)
    terms = math.floor((limit - orders) * 30 / monthly - _f(cr["grace_days"])) if monthly > 0 else float("nan")
    approver = credit.approval_level(  # over its limit, an increase goes a level higher, as on the credit page
        sized, _f(cr["approved_limit"]), pol, current_approver=_text(cr["approved_by"], ""), exposure=exposure
    )
    return pd.Series(
        {
            "target": _f(target),
            "monthly": monthly,
            "credit_days": days,
            "open_orders": orders,
            "need": need,
            "recommended_limit": limit,
            "hold": bool(arrears_hold(cr)),
            "hold_rules": ", ".join(hold_rules(cr)),
            "release_amount": _f(cr.get("release_amount")),
            "reassess_only": reassess_release(cr),  # a new assessment releases the hold, by the re-review list's day
            "review_due": cr.get("review_due"),
            "cash_in_advance": bool(cr.get("cash_in_advance", False)),
            "exposure": exposure,
            "peak_monthly": peak,
            "peak_need": peak_need,
            "sized_need": sized,
            "carries": sized <= limit,
            "shortfall": short,
            "collateral": short / (1 - haircut) if haircut < 1 else float("nan"),
            "counted_at": 1 - haircut,
            "terms_days": float(terms) if terms >= 1 else float("nan"),
            "payment_terms_days": _nan(cr["payment_terms_days"]),
            "approver": approver,
            "carried_target": max(limit - orders, 0.0) * 12 * 30 / days if days > 0 else 0.0,
        },
        dtype="object",
    )


# ---------------------------------------------------------------------------- actions and risks
def actions(
    margin: pd.Series,
    stage: str,
    cr: pd.Series,
    ag: pd.Series,
    time: pd.Series,
    obj: pd.Series,
    act: pd.DataFrame,
    contacts: pd.DataFrame,
    overdue_items: int,
    as_of: object,
    *,
    route: pd.Series | None = None,
    top: bool = False,
    limit_due: dt.date | None = None,
    price_due: dt.date | None = None,
) -> pd.DataFrame:
    """The actions of the next quarter: ``action`` (one of :data:`ACTIONS`), ``owner`` (one of
    :data:`OWNERS`), ``due`` (a date) and what the action is about: ``amount``, ``count``,
    ``hours`` (a month), ``rate`` (a margin rate), ``level`` (an approval level, a lifecycle
    stage, the relationship step, or why credit stops: ``hold`` or ``collect``).

    Credit stops at once only for a hold for arrears or the credit file (:func:`arrears_hold`),
    its amount the hold list's release amount (``level`` ``legal`` for a legal case: its limit is
    withdrawn, finance hands its debt to collections or legal action in place of the account
    manager's collection call); for one of the largest customers (``top``) the
    sales director and the finance manager sign it off together. A customer held only because it
    outgrew its limit releases the hold by collecting what falls due (``release_hold``). The
    limit follows the plan's one credit ``route`` (:func:`credit_route`; None: the recommended
    limit), due by ``limit_due`` (the day the credit page's limit changes are approved by; default: in
    30 days). A loss-maker after the cost to serve has its prices reviewed by the sales director by ``price_due``
    (``report.decisions.price_review``); the actions come by their money at stake, largest first (:func:`by_stake`)."""
    day = pd.Timestamp(as_of)
    soon = {k: (day + pd.Timedelta(days=v)).date() for k, v in DUE_DAYS.items()}
    end = quarter_end(day)
    rows: list[dict] = []

    def add(action: str, owner: str, due: dt.date, **values: object) -> None:
        rows.append({"action": action, "owner": owner, "due": due, **values})

    change, way = _f(cr["limit_change"]), "recommended" if route is None else str(route["route"])
    collect_actions(add, cr, _f(ag["overdue"]), overdue_items, soon, way, top)
    before_limit_actions(add, cr, ag, soon, way, limit_due or soon["file"])
    _limit_action(add, way, route, cr, change, limit_due or soon["file"])
    if str(cr.get("action", "")) == "legal":  # the debt first: no growth, no win-back while it is with legal
        _care_actions(add, complaint_count(act), contacts, soon, end)
        return by_stake(_frame(rows), cr, obj)
    decline_action(add, margin, stage, obj, soon["file"])
    add("joint_review", "account_manager", end, amount=_f(obj["revenue_target"]), level=obj["state_target"])
    if obj["level_target"]:  # the customer's decision makers: our senior management goes
        owner = "senior_management" if obj["level_target"] in SENIOR_LEVELS else "account_manager"
        add("reach_level", owner, end, level=obj["level_target"])
    if obj["margin_rate_why"] == "price_review":  # losing money after the cost to serve: the prices first
        add(
            "price_review",
            "sales_director",
            price_due or soon["file"],
            amount=_f(margin["profit"]),
            rate=_nan(margin["margin_rate_12m"]),
        )
    elif obj["margin_rate_why"] == "recover":
        add("margin", "account_manager", end, rate=_f(obj["margin_rate_target"]))
    if _f(time["gap_hours"]) > 0:
        add("selling_time", "account_manager", end, hours=_f(time["gap_hours"]) / 12)
    _care_actions(add, complaint_count(act), contacts, soon, end)
    if is_missing(obj["wallet"]):
        add("wallet_estimate", "account_manager", soon["file"])
    return by_stake(_frame(rows), cr, obj, contested=way in CONTESTED)


def complaint_count(act: pd.DataFrame) -> int:
    """The complaints among the account's activities of the last 12 months."""
    return int(act.loc["complaint", "activities"]) if "complaint" in act.index else 0


def _care_actions(add, complaints: int, contacts: pd.DataFrame, soon: dict, end: dt.date) -> None:
    """What every plan keeps, a legal case's too: the complaints closed and the contacts known."""
    if complaints:
        add("complaints", "customer_service", soon["file"], count=complaints)
    if len(contacts) < 2:
        add("contacts", "account_manager", end, count=len(contacts))


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["action", "owner", "due", "amount", "count", "hours", "rate", "level"])
    return out.astype({"amount": "float64", "hours": "float64", "rate": "float64"}).assign(
        count=out["count"].astype("Int64")
    )


#: Actions whose money at stake is their own amount: what is collected, handed over, settled or secured.
_OWN_AMOUNT = (
    "disputes",
    "reapprove",
    "stop_credit",
    "release_hold",
    "hand_to_legal",
    "collect_overdue",
    "collateral",
    "win_back",
    "price_review",
)
#: Actions that come before the plan's limit decision (the decision cannot be taken without them): the
#: money of that decision is at stake in them.
_BEFORE_LIMIT = ("reassess", "statement", "get_statements")


def _stake(row: pd.Series, cr: pd.Series, obj: pd.Series, limit_stake: float, contested: bool = False) -> float:
    """The money at stake in one action: what it collects (or hands over, secures); the revenue a win-back
    recovers (the revenue at risk); for a limit decision the change it decides (a limit kept: the cut it
    declines; the credit page's cut, not ``contested`` by the plan: the exposure above the new limit, what the cut
    takes off credit, the unused rest being routine); for what the limit decision waits on (a new assessment, the
    statement; collecting the invoices behind an arrears grade, which spares the limit its cut) that decision's, and where
    the plan files no limit, a new assessment that releases a hold the month of purchases it holds (else nothing:
    a cut the plan does not file is no money at stake); for the
    margin the margin money the objective's rate recovers (the objective's revenue at the rate's gap); else
    nothing: the joint review's growth is no money at risk, and a win-back already counts a lost objective."""
    what = str(row["action"])
    if what == "collect_arrears":  # paying the long past-due invoices spares the limit its cut
        return max(abs(_f(row["amount"])), limit_stake)
    if what in _OWN_AMOUNT:
        return abs(_f(row["amount"]))
    if what == "file_limit" and not contested and _f(row["amount"]) < _f(cr["approved_limit"]):
        # the credit page's cut: what it takes off credit is the exposure above the new limit, not the unused rest
        return min(_f(cr["approved_limit"]) - _f(row["amount"]), max(_f(cr.get("exposure")) - _f(row["amount"]), 0.0))
    if what == "file_limit":
        return abs(_f(row["amount"]) - _f(cr["approved_limit"]))
    if what == "keep_limit":
        return max(_f(cr["approved_limit"]) - _f(cr["recommended_limit"]), 0.0)
    if what in _BEFORE_LIMIT and limit_stake > 0:
        return limit_stake
    if what == "reassess":  # no limit filed: what the assessment releases, a month of purchases held, or nothing
        return max(_f(obj["revenue"]), 0.0) / 12 if reassess_release(cr) else 0.0
    if what == "statement":
        return abs(_f(cr["limit_change"]))
    if what == "margin":
        gain = _f(obj["revenue_target"]) * (_f(row["rate"]) - _f(obj["margin_rate"]))
        return max(gain, 0.0)
    return 0.0


#: The plan's credit routes that file another limit than the credit page's: a joint decision, never routine.
CONTESTED = ("smaller_cut", "keep_limit", "new_limit", "after_reassess")


def by_stake(todo: pd.DataFrame, cr: pd.Series, obj: pd.Series, contested: bool = False) -> pd.DataFrame:
    """The actions with their money at stake (``stake``, :func:`_stake`), the largest first: the plan's first
    priority is where the most money is; a routine cut of an unused limit (``routine``: above today's exposure,
    held or not, and not a limit the plan contests: ``contested``, a joint decision) comes last, whatever its amount. Ties (to the whole currency unit, actions without money among them)
    keep the order of :data:`ACTIONS`: credit before the relationship, what the limit decision waits on
    before the decision.

    >>> cr = pd.Series({"approved_limit": 3_230_000.0, "recommended_limit": 333_000.0, "limit_change": -2_897_000.0,
    ...     "hold": False})
    >>> obj = pd.Series({"revenue_target": 1_000.0, "revenue": 1_000.0, "margin_rate": 0.1})
    >>> todo = _frame([{"action": "collect_overdue", "amount": 26_764.0}, {"action": "statement"},
    ...                {"action": "keep_limit", "amount": 3_230_000.0}, {"action": "contacts"}])
    >>> by_stake(todo, cr, obj)[["action", "stake"]].values.tolist()
    [['statement', 2897000.0], ['keep_limit', 2897000.0], ['collect_overdue', 26764.0], ['contacts', 0.0]]
    >>> todo = _frame([{"action": "file_limit", "amount": 333_000.0}, {"action": "contacts"}])
    >>> by_stake(todo, pd.concat([cr, pd.Series({"exposure": 200_000.0})]),
    ...     obj)[["action", "routine"]].values.tolist()  # a cut above the exposure: routine, after the rest
    [['contacts', False], ['file_limit', True]]
    """
    limits = todo[todo["action"].isin(("file_limit", "keep_limit"))]
    limit_stake = max((_stake(r, cr, obj, 0.0, contested) for _, r in limits.iterrows()), default=0.0)
    stake = [_stake(r, cr, obj, limit_stake, contested) for _, r in todo.iterrows()]
    # a cut of a limit the business does not use (above today's exposure, held or not: a hold already stops new
    # credit): routine paperwork, last
    known = not is_missing(cr.get("exposure")) and not contested  # a limit the plan contests: a joint decision
    routine = (
        (todo["action"] == "file_limit")
        & (todo["amount"] < _f(cr["approved_limit"]))
        & (todo["amount"] >= _f(cr.get("exposure")))
        & known
    )
    unused = (_f(cr["approved_limit"]) - todo["amount"]).where(routine)  # the unused limit a routine cut takes back
    order = todo.assign(
        stake=stake,
        routine=routine,
        unused=unused,
        _rounded=[-round(x) for x in stake],
        _listed=todo["action"].map(ACTIONS.index),
    )
    return (
        order.sort_values(["routine", "_rounded", "_listed"], kind="stable")
        .drop(columns=["_rounded", "_listed"])
        .reset_index(drop=True)
    )


def _limit_action(add, way: str, route: pd.Series | None, cr: pd.Series, change: float, due: dt.date) -> None:
    """The limit action of the plan's credit route: file the recommended limit (a cut always, an
    increase unless held), keep the limit in force, file the limit the objective needs, or ask
    for collateral."""
    if way == "keep_limit":
        add("keep_limit", "account_manager", due, amount=_f(cr["approved_limit"]), level=route["approver"])
    elif way in ("new_limit", "smaller_cut"):
        add("file_limit", "account_manager", due, amount=_f(route["amount"]), level=route["approver"])
    elif way == "collateral":
        add("collateral", "account_manager", due, amount=_f(route["amount"]), level=route["approver"])
    elif way == "after_reassess":  # one change, filed with the new assessment; none when the limit in force stays
        if _f(route["amount"]) != _f(cr["approved_limit"]):
            day = due if is_missing(cr.get("review_due")) else cr["review_due"]
            add("file_limit", "account_manager", day, amount=_f(route["amount"]), level=route["approver"])
    elif change < 0 or (change > 0 and way == "recommended"):  # held: cuts only
        add("file_limit", "account_manager", due, amount=_f(cr["recommended_limit"]), level=cr["approval_level"])


def risks(
    margin: pd.Series,
    cr: pd.Series,
    ag: pd.Series,
    time: pd.Series,
    obj: pd.Series,
    stage: str,
    act: pd.DataFrame,
    contacts: pd.DataFrame,
    grades: list[str],
) -> pd.DataFrame:
    """The risks of the account: ``risk`` (one of :data:`RISKS`) with its ``amount`` (money),
    ``value`` (days past due, a utilization, a change, a share), ``count`` and ``share``
    (the overdue part of the open receivables)."""
    rows: list[dict] = []

    nan = float("nan")

    def add(risk: str, amount: float = nan, value: float = nan, count: int | None = None, share: float = nan) -> None:
        rows.append({"risk": risk, "amount": amount, "value": value, "count": count, "share": share})

    if arrears_hold(cr) and not reassess_release(cr):  # a new assessment releases it: the stale risk says so
        add("hold", _f(ag["overdue"]), _f(ag["max_days_past_due"]))
    if _f(cr["overlimit"]) > 0:
        add("over_limit", _f(cr["overlimit_uncovered"]), _nan(cr["utilization"]))
    if _f(ag["overdue"]) > 0:
        total = _f(ag["total"])
        add(
            "overdue",
            _f(ag["overdue"]),
            _f(ag["max_days_past_due"]),
            share=_f(ag["overdue"]) / total if total > 0 else nan,
        )
    now, before = _text(cr["grade"], ""), _text(cr["previous_grade"], "")
    if now in grades and before in grades and grades.index(now) > grades.index(before):
        add("downgrade")
    if now in grades and before in grades and grades.index(now) < grades.index(before) and arrears_hold(cr):
        add("upgrade_on_hold")  # a better grade beside arrears: the assessment wants a second look
    if bool(cr["investigate"]):
        add("stale_assessment")
    if bool(cr.get("capped_by_starter", False)) and is_missing(cr.get("capacity_cap")):  # no usable statement
        add("no_statement")
    if stage in ("defense", "hibernation"):
        add("revenue_falling", _f(margin["revenue_prev_12m"]) - _f(margin["revenue_12m"]), _nan(margin["growth"]))
    if obj["margin_rate_why"] == "recover" and not math.isnan(_nan(obj["margin_rate"])):
        add("margin_falling", value=_nan(obj["margin_rate"]) - _nan(obj["margin_rate_target"]))
    if str(margin["profit_class"]) == "unprofitable":
        add("unprofitable", _f(margin["profit"]))
    share = _nan(obj["wallet_share"])
    if not math.isnan(share) and share < COMPETITOR_SHARE:
        add("competitors", _f(obj["wallet"]) - max(_f(obj["revenue"]), 0.0), 1 - share)
    if obj["state"] == "strained":
        add("strained")
    if (
        _f(cr.get("broken_promises")) >= BROKEN_PROMISES * max(_f(cr.get("promises")), 1.0)
        and _f(cr.get("broken_promises")) >= 3
    ):
        add("broken_promises", count=int(_f(cr["broken_promises"])), value=_f(cr["promises"]))
    if len(contacts) <= 1:
        add("single_contact", count=len(contacts))
    achieved = _nan(time["achieved"])
    if not math.isnan(achieved) and achieved < LOW_TIME:
        add("low_time", value=achieved)
    complaints = int(act.loc["complaint", "activities"]) if "complaint" in act.index else 0
    if complaints:
        add("complaints", count=complaints)
    out = pd.DataFrame(rows, columns=["risk", "amount", "value", "count", "share"])
    return out.astype({"amount": "float64", "value": "float64", "share": "float64"}).assign(
        count=out["count"].astype("Int64")
    )

"""The account plans that ask for more credit than the credit page recommends, as decisions of the
month: the plan keeps a limit the credit page would cut, or applies for a new one, to carry its
revenue objective. The credit page and the plan then say two things about one limit; sales and
finance decide together which one is filed (or the objective is lowered), and the index says so."""

from __future__ import annotations

import functools
from dataclasses import replace

import pandas as pd

from ..account_plan import AccountProfile
from ..account_plan_text import CONTESTED
from ..policy import Policy
from ..text import is_missing
from .decision import Decision, owner_and_due
from .plan_credit_text import asked_after_hold
from .plan_hold_text import review_day
from .plan_words import known
from .result import NotebookRun
from .summary import Maker, named

__all__ = ["PLAN_ASKS_SHOWN", "credit_ask", "joint_due", "joint_limit", "plan_credit_decisions"]

#: How many plans asking for more credit the index names one by one (the rest: in one line).
PLAN_ASKS_SHOWN = 3
#: How many of the other plans the line of the rest names.
NAMES_SHOWN = 10
#: The routes of a plan that ask for a limit of their own (``account_plan_route.credit_route``; ``after_hold``:
#: held for arrears, the limit the objective needs once the hold is released; ``after_reassess``: one change
#: with the new assessment instead of the credit page's cut on the expired one).
ASKING_ROUTES = ("keep_limit", "smaller_cut", "new_limit", "after_hold", "after_reassess")


def credit_ask(account: AccountProfile) -> dict | None:
    """What the plan of ``account`` asks above the recommended limit: its route, the limit it asks
    (``amount``), the recommended limit, who approves it and the revenue objective it carries; None
    when the plan files the credit page's recommendation (or asks no more than it)."""
    k, c = account.credit_check, account.credit
    if k.get("route_amount") is None or pd.isna(k.get("route_amount")):  # a check without its route: nothing asked
        return None
    route, amount, rec = str(k.get("route_route", "")), float(k.get("route_amount")), float(c["recommended_limit"])
    if route == "collateral":  # the recommended limit unsecured, the rest secured: the approver's, no joint decision
        return _collateral_ask(account)
    if bool(k.get("no_unsecured", False)):  # no unsecured limit to ask
        return None
    if route in ("release_first", "recommended") and not is_missing(c.get("statements_by")):
        return _recommended_ask(account, "statements_first", by=str(c["statements_by"]))  # the statements first
    arrears = bool(k.get("arrears_grade", False))  # the release gives the scored grade back: credit sizes it again
    if arrears and route == "release_first" and rec < float(c["approved_limit"]):
        return _recommended_ask(account, "arrears_first", days=int(known(k.get("hold_days"))), by=_cut_day(account))
    if route == "release_first" and account.objectives["revenue_why"] not in ("legal", "price_first") and not arrears:
        route, amount = "after_hold", asked_after_hold(k)
    if route not in ASKING_ROUTES or not amount > rec + max(known(k.get("materiality")), 0.5):
        return None  # no more than the recommended limit, or less more than the policy's materiality
    return {
        "route": route,
        "amount": amount,
        "recommended": rec,
        "approver": str(k.get("hold_ask_approver" if route == "after_hold" else "route_approver", "")),
        "target": float(account.objectives["revenue_target"]),
        "kept": amount == float(c["approved_limit"]),
        "approved": float(c["approved_limit"]),
        "due": review_day(account) if route == "after_reassess" else "",
    }


def _collateral_ask(account: AccountProfile) -> dict:
    """The plan's collateral route as the register says it: the limit the collateral carries (``amount``), of
    which the recommended limit is unsecured, the collateral asked and who approves the limit with it."""
    k, c = account.credit_check, account.credit
    return {
        "route": "collateral",
        "amount": float(known(c.get("filed_limit"))),
        "recommended": float(c["recommended_limit"]),
        "collateral": float(known(k.get("route_amount"))),
        "approver": str(k.get("route_approver", "")),
        "target": float(account.objectives["revenue_target"]),
        "kept": False,
        "approved": float(c["approved_limit"]),
        "due": "",
        "joint": False,  # the approver decides the limit with its collateral: not a decision of sales and finance
    }


def _recommended_ask(account: AccountProfile, route: str, **more: object) -> dict:
    """The credit page's cut as the register says the plan files it on a condition (the approver's decision, no joint
    one): ``statements_first``, the financial statements the cut rests on first, by the credit page's day, the cut
    only if they do not come; ``arrears_first``, the cut only if the long past-due invoices of an arrears grade are
    still unpaid on the cut's day."""
    c = account.credit
    return {
        "route": route,
        "amount": float(c["recommended_limit"]),
        "recommended": float(c["recommended_limit"]),
        "approved": float(c["approved_limit"]),
        "approver": str(c.get("approval_level", "")),
        "target": float(account.objectives["revenue_target"]),
        "kept": False,
        "due": "",
        "joint": False,
        **more,
    }


def _cut_day(account: AccountProfile) -> str:
    """The day the plan's limit action is due (its cut's approval), or nothing."""
    cut = account.actions[account.actions["action"] == "file_limit"]
    return str(cut["due"].iloc[0]) if len(cut) else ""


def joint_due(ask: dict, as_of, pol: Policy) -> str:
    """By when the sales director and the finance manager decide a plan's limit: the index's day of the plan
    decisions, or, for a change filed with a new assessment, the assessment's day (it decides on it)."""
    return ask.get("due") or owner_and_due("plan_credit", as_of, pol)[1]


def joint_limit(account: AccountProfile, pol: Policy, *, short: bool = False) -> tuple[str, str]:
    """Where the plan asks another limit than the credit page recommends (:func:`credit_ask`), the joint decision
    the index lists for it, in English and Chinese (``short``: a clause for the limit action); empty when the
    plan files the recommendation now."""
    ask = credit_ask(account)
    if ask is None or not ask.get("joint", True):
        return "", ""
    due = joint_due(ask, account.as_of, pol)
    if ask["route"] == "after_hold":  # the recommended limit is filed now; the plan's limit is asked after the hold
        return (
            ("", "")
            if short
            else (
                "The limit asked once the hold is released differs from the credit page's recommendation: the index "
                f"lists it among the decisions of sales and finance together, and the sales director and the finance "
                f"manager decide by {due} whether it is asked, or lower the objective to what the recommended limit "
                "carries.",
                f"冻结解除后申请的额度与信用评审的建议不同，已列入首页“销售与财务共同决定”：由销售总监与财务经理在{due}前"
                "共同决定是否申请，或把目标降到建议额度能支持的水平。",
            )
        )
    if short:
        return (
            f"The sales director and the finance manager first decide together, by {due}, which limit is filed "
            "(index).",
            f"（先由销售总监与财务经理在{due}前共同决定报批哪一额度，见首页）",
        )
    if ask.get("kept"):  # no change filed: the plan keeps the limit in force instead of the recommended cut
        return (
            "Keeping the limit in force instead of the credit page's cut: the index lists it among the decisions of "
            f"sales and finance together, and the sales director and the finance manager decide by {due}, on the "
            "new assessment, whether it stays, or lower the objective to what the recommended limit carries.",
            f"保留现有额度而不按信用评审的建议降额，已列入首页“销售与财务共同决定”：由销售总监与财务经理在{due}前根据重新"
            "评估的结果共同决定是否保留，或把目标降到建议额度能支持的水平。",
        )
    return (
        "This differs from the credit page's recommendation: the index lists it among the decisions of sales and "
        f"finance together, and the sales director and the finance manager decide by {due} which limit is filed, "
        "or lower the objective to what the recommended limit carries.",
        f"该额度与信用评审的建议不同，已列入首页“销售与财务共同决定”：由销售总监与财务经理在{due}前共同决定报批哪一额度，"
        "或把目标降到建议额度能支持的水平。",
    )


def _one(make: Maker, cid: str, who: str, ask: dict) -> Decision:
    amount, rec, target = (make.money(ask[x], "en") for x in ("amount", "recommended", "target"))
    amount_zh, rec_zh, target_zh = (make.money(ask[x], "zh") for x in ("amount", "recommended", "target"))
    level = make.levels.get(ask["approver"], (ask["approver"], ask["approver"]))
    if ask["route"] == "keep_limit":
        how = f"keeps the limit in force of {amount} instead of the cut to {rec}"
        how_zh = f"保留现有额度{amount_zh}，不按建议降到{rec_zh}"
    elif ask["route"] == "after_hold":
        how = f"asks for a limit of {amount} once its credit hold is released, where {rec} is recommended"
        how_zh = f"在信用冻结解除后申请{amount_zh}的额度，信用评审建议{rec_zh}"
    elif ask["route"] == "after_reassess" and ask["recommended"] >= ask.get("approved", 0.0):
        held = make.money(ask.get("approved", 0.0), "en"), make.money(ask.get("approved", 0.0), "zh")
        how = f"files one limit of {amount} with its new credit assessment (limit in force {held[0]}, unchanged on the credit page)"
        how_zh = f"在重新评估信用时一次申请{amount_zh}的额度（现有额度{held[1]}，信用评审建议不变）"
    elif ask["route"] == "after_reassess":
        how = (
            f"files one limit of {amount} with its new credit assessment instead of the cut to {rec} on the expired one"
        )
        how_zh = f"在重新评估信用时一次申请{amount_zh}的额度，而不是按过期评估降到{rec_zh}"
    elif ask["route"] == "smaller_cut":
        how = f"cuts the limit to {amount}, what its objective needs, instead of the recommended {rec}"
        how_zh = f"把额度降到{amount_zh}（目标所需），而不是信用评审建议的{rec_zh}"
    else:
        how = f"applies for a limit of {amount} after a new credit investigation ({level[0].lower()}), where {rec} is"
        how = how + " recommended"
        how_zh = f"经新的信用调查后申请{amount_zh}的额度（{level[1]}审批），信用评审建议{rec_zh}"
    decided = make(
        "plan_credit",
        f"The account plan of {who} {how}, to carry its revenue objective of {target}: the sales director and "
        "the finance manager decide together which limit is filed, or lower the objective to what the "
        "recommended limit carries",
        f"{who}的客户计划{how_zh}，以支持{target_zh}的收入目标：由销售总监与财务经理共同决定报批哪一额度，"
        "或把目标降到建议额度能支持的水平",
        ask["amount"] - ask["recommended"],
        "05_account_plan",
        "Credit",
        customer_id=cid,
    )
    return replace(decided, due=ask["due"]) if ask.get("due") else decided  # decided on the new assessment


def _rest_line(make: Maker, who, rest: list, day: str, more_than: bool) -> Decision:
    """One line for the plans of ``rest`` (the largest difference first, :data:`NAMES_SHOWN` named with it), due on
    ``day`` (empty: the index's day of the plan decisions; else the new assessment's day they wait for)."""
    listed = [(who(cid), ask["amount"] - ask["recommended"]) for cid, ask in rest[:NAMES_SHOWN]]
    listed_en = [f"{n} (+{make.money(x, 'en')})" for n, x in listed]
    listed_zh = [f"{n}（多{make.money(x, 'zh')}）" for n, x in listed]
    more = len(rest) - len(listed)
    later = sum(ask["route"] == "after_hold" for _, ask in rest)
    extra = sum(a["amount"] - a["recommended"] for _, a in rest)
    plans = "account plan asks" if len(rest) == 1 else "account plans ask"
    wait = (
        (f", each with its new credit assessment (by {day})", f"，均在重新评估信用时（{day}前）一并决定")
        if day
        else ((f", {later:,} of them once their credit hold is released", f"，其中{later:,}份在信用冻结解除后申请")
              if later else ("", ""))
    )  # fmt: skip
    cuts = sum(a["route"] in CONTESTED and a["recommended"] < a.get("approved", float("inf")) for _, a in rest)
    same = (
        (f"; {cuts:,} of them are the contested cuts of the cuts' line above: the same decision",
         f"；其中{cuts:,}份即上方降额一行中客户计划不同意的降额，为同一决定")
        if cuts else ("", "")
    )  # fmt: skip
    line = make(
        "plan_credit",
        f"{len(rest):,} {'more ' if more_than else ''}{plans} for {make.money(extra, 'en')} more credit in all than "
        f"the credit page recommends{wait[0]}{same[0]}: each plan's credit section says how much and why",
        f"{'另有' if more_than else ''}{len(rest):,}份客户计划申请的额度合计比信用评审建议多{make.money(extra, 'zh')}{wait[1]}"
        f"{same[1]}：金额与理由见各计划的信用部分",
        extra,
        "05_account_plan",
        "Credit",
        detail=", ".join(listed_en) + (f" and {more:,} more." if more else "."),
        detail_zh="、".join(listed_zh) + (f"等{len(rest):,}家。" if more else "。"),
    )
    return replace(line, due=day) if day else line


def plan_credit_decisions(runs: list[NotebookRun], as_of: pd.Timestamp, pol: Policy, names: dict) -> list[Decision]:
    """One decision per account plan of ``runs`` asking for more credit than recommended now (the largest
    difference first, :data:`PLAN_ASKS_SHOWN` one by one), then one line for the rest of each day they are decided
    on (the index's day; the day of the new assessment those filing with it wait for), those asking once their hold
    is released among them (a later decision: the hold comes first), the largest :data:`NAMES_SHOWN` named."""
    asks = sorted(
        (
            (r.customer_id, r.credit_ask)
            for r in runs
            if r.credit_ask and r.credit_ask.get("joint", True) and r.status == "ok"
        ),
        key=lambda x: (x[1]["route"] == "after_hold", -(x[1]["amount"] - x[1]["recommended"])),
    )
    if not asks:
        return []
    make = Maker(as_of, pol)
    who = functools.partial(named, names=names)
    now = [(cid, ask) for cid, ask in asks if ask["route"] != "after_hold"][:PLAN_ASKS_SHOWN]
    out = [_one(make, cid, who(cid), ask) for cid, ask in now]
    rest = sorted((x for x in asks if x not in now), key=lambda x: -(x[1]["amount"] - x[1]["recommended"]))
    by_day: dict[str, list] = {}
    for cid, ask in rest:  # decided on the index's day, or on the day of the new assessment they wait for
        by_day.setdefault(ask.get("due") or "", []).append((cid, ask))
    for day, group in sorted(by_day.items()):
        out.append(_rest_line(make, who, group, day, bool(out)))
    return [replace(d, side="plans") for d in out]  # their own list on the index, after the others

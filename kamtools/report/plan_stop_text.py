"""The sentences of an account plan's action that stops credit, in English and Chinese: a hold for arrears (what
releases it against the limit in force and the limit the plan files, the revenue at stake, a top customer's joint
sign-off with a starting point for an exception) and a legal case (the limit withdrawn, supply stopped)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..account_plan import AccountProfile
from ..output.currency import MoneyUnit
from .plan_credit_text import after_cut, in_force
from .plan_hold_text import also_reassess, joint_due, orders_waiting, release_split
from .plan_text import hold_rules_text
from .plan_words import Pair, known, whole

__all__ = ["collect_arrears", "legal_stop", "settle_disputes", "stop_credit"]


def stop_credit(row: pd.Series, a: AccountProfile, u: MoneyUnit, pol: Mapping) -> Pair:
    """Orders held for arrears: what releases the hold (the hold list's amount), the revenue at
    stake and, for one of the largest customers, the joint sign-off."""
    rules, m = hold_rules_text(a), a.margin
    monthly, waiting = u.text(known(m["revenue_12m"]) / 12), orders_waiting(a, u)
    also = also_reassess(a)  # an expired assessment beside the arrears: the re-assessment too
    split, now, later = release_split(a, row["amount"], u), in_force(a.credit, u), after_cut(a.credit, u)
    text = (
        f"orders ship only against payment while the credit hold is in force ({rules[0]}); it lifts once "
        f"{u.text(row['amount'])} is collected{split[0]}, the amount of the credit-holds list{now[0]}{also[0]}."
        f"{later[0]} At stake: about {monthly} a month of purchases (the last 12 months' average){waiting[0]}.",
        f"信用冻结期间（{rules[1]}）订单只凭付款发货；收回 {u.text(row['amount'])}{split[1]}"
        + (
            f"（与信用冻结清单的金额一致{now[1]}）{also[1]}后解除冻结。"
            if also[1]
            else f"后解除冻结（与信用冻结清单的金额一致{now[1]}）。"
        )
        + f"{later[1]}涉及收入：每月采购约 {monthly}（近12个月平均）{waiting[1]}。",
    )
    if row["owner"] != "director_and_finance":
        return text
    top, rank, by = int(pol["report"]["joint_signoff_top"]), int(a.profile["revenue_rank"]), joint_due(a, pol)
    offer = _offer(a, u)
    return (
        f"{text[0]} It is no. {rank} of our customers by revenue (top {top}): the sales director and the finance "
        f"manager confirm the hold together {by[0]} (both sign), or agree an exception and what the customer pays "
        f"first.{offer[0]}",
        f"{text[1]}该客户按收入排第 {rank} 位（前 {top} 大客户）：须由销售总监和财务经理{by[1]}共同签批冻结，"
        f"或共同决定例外放行及客户须先付的金额。{offer[1]}",
    )


def _offer(a: AccountProfile, u: MoneyUnit) -> Pair:
    """A starting point for the exception a top customer's joint sign-off may agree (the decision stays theirs): the
    undisputed overdue paid first, then the orders waiting released; the disputed part aside, settled on its own."""
    overdue, orders, disputed = (
        known(a.aging["overdue"]),
        known(a.credit["open_orders"]),
        known(a.aging.get("disputed")),
    )
    if overdue <= 0 or orders <= 0:
        return "", ""
    aside = (
        (f" ({u.text(disputed)} under dispute aside, settled on its own)", f"（争议中的 {u.text(disputed)}另按争议处理）")
        if disputed > 0.5 else ("", "")
    )  # fmt: skip
    above = known(a.credit["exposure"]) - overdue - known(a.credit["approved_limit"])
    left = (
        (f"; the exposure would still be {u.text(above)} above the limit: the exception both sign for",
         f"；付款后风险敞口仍超出额度 {u.text(above)}：即两人共同签批的例外部分")
        if above > 0.5 else ("; that brings the exposure within the limit", "；付款后风险敞口回到额度以内")
    )  # fmt: skip
    return (
        f" A starting point: the customer first pays the undisputed overdue of {u.text(overdue)}{aside[0]}, then the "
        f"orders waiting ({u.text(orders)}) ship{left[0]}.",
        f"建议的出发点：客户先付清无争议的逾期款 {u.text(overdue)}{aside[1]}，再放行等待发货的订单（{u.text(orders)}）"
        f"{left[1]}。",
    )


def legal_stop(row: pd.Series, a: AccountProfile, u: MoneyUnit, pol: Mapping) -> Pair:
    """A legal case (an invoice past the legal days): the limit withdrawn and supply stopped, paying the debt
    the only release, the revenue at stake and, for one of the largest customers, the joint confirmation."""
    m, days = a.margin, int(pol["credit"]["limit"]["legal_days_past_due"])
    monthly, late = u.text(known(m["revenue_12m"]) / 12), whole(a.aging["max_days_past_due"])
    waiting = orders_waiting(a, u, (", not shipped until the debt is paid", "，付清欠款之前不发货"))
    text = (
        f"the limit is withdrawn and supply stops: an invoice is {late} days past due (over the {days} legal "
        f"days) and the debt goes to collections or legal action; only paying {u.text(row['amount'])} in full "
        f"releases the hold. At stake: about {monthly} a month of purchases (the last 12 months' average){waiting[0]}.",
        f"撤销额度、停止供货：有发票逾期 {late} 天（超过 {days} 天的法律程序期限），欠款移交催收/法务；只有全额付清 "
        f"{u.text(row['amount'])}才解除冻结。涉及收入：每月采购约 {monthly}（近12个月平均）{waiting[1]}。",
    )
    if row["owner"] != "director_and_finance":
        return text
    top, rank, by = int(pol["report"]["joint_signoff_top"]), int(a.profile["revenue_rank"]), joint_due(a, pol)
    return (
        f"{text[0]} It is no. {rank} of our customers by revenue (top {top}): the sales director and the finance "
        f"manager confirm the stop of supply together {by[0]}.",
        f"{text[1]}该客户按收入排第 {rank} 位（前 {top} 大客户）：须由销售总监与财务经理{by[1]}共同确认停止供货。",
    )


def collect_arrears(row: pd.Series, a: AccountProfile, u: MoneyUnit) -> Pair:
    """Held with the arrears grade: the account manager collects the invoices past the hold days by the cut's day;
    paid, the arrears grade ends, the hold lifts and the limit is spared the credit page's cut."""
    cut = a.actions[a.actions["action"] == "file_limit"]
    c, days = a.credit, whole(a.credit_check.get("hold_days"))
    new = u.text(cut["amount"].iloc[0]) if len(cut) else u.text(c["recommended_limit"])
    return (
        f"collect the invoices more than {days} days past due ({u.text(row['amount'])}, the oldest "
        f"{whole(a.aging['max_days_past_due'])} days) by {row['due']}: paid, the arrears grade {c['grade']} ends, the "
        f"hold lifts and the limit of {u.text(c['approved_limit'])} is spared the cut to {new} (the money at stake).",
        f"在 {row['due']} 前收回逾期超过 {days} 天的发票（{u.text(row['amount'])}，最长逾期 "
        f"{whole(a.aging['max_days_past_due'])} 天）：收回后逾期等级 {c['grade']} 结束、冻结解除，现有额度 "
        f"{u.text(c['approved_limit'])}不必降到 {new}（涉及金额）。",
    )


def settle_disputes(row: pd.Series, a: AccountProfile, u: MoneyUnit) -> Pair:
    """The open disputes of the account, settled with the customer invoice by invoice (not chased meanwhile)."""
    n = len(a.disputes)
    return (
        f"settle the {n} open dispute{'s' if n != 1 else ''} holding {u.text(row['amount'])} with the customer (the "
        "table of open disputes names each invoice, its reason and owner): the disputed part is not chased until it "
        "is settled; credit what is rightly disputed, chase the rest.",
        f"与客户逐项处理 {n} 项未解决争议（涉及 {u.text(row['amount'])}；见下方“未解决争议”表：发票、原因和负责人）："
        "争议部分在解决之前不催收；争议成立的开具红字/贷项，其余照常催收。",
    )

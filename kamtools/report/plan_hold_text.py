"""The sentences of an account plan's actions where credit holds the account back, in English and Chinese:
a hold a new assessment releases (nothing to collect, by the re-review list's day), the re-assessment beside
a hold for arrears, the cash-in-advance terms of a limit change, the purchases agreed with the customer in the
two phases of a split objective, and the price review of an account that loses money after the cost to serve.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..account_plan import AccountProfile
from ..account_plan_rules import hold_rules
from ..output.currency import MoneyUnit
from ..text import is_missing
from .decision import owner_and_due
from .plan_objectives import phases
from .plan_text import hold_rules_text
from .plan_words import Pair, known, owed, share, whole

__all__ = ["also_reassess", "cash_terms", "price_review", "purchases", "reassess_stop", "review_day"]


def review_day(a: AccountProfile) -> str:
    """The day the customer's re-assessment is due (the re-review list's, :func:`kamtools.credit.review_due`)."""
    due = a.credit.get("review_due")
    return "" if is_missing(due) else f"{pd.Timestamp(due):%Y-%m-%d}"


def orders_waiting(a: AccountProfile, u: MoneyUnit, shipped: Pair = (" waiting to ship", "等待发货")) -> Pair:
    """The account's open orders as the clause closing a sentence of what is at stake, ``shipped`` saying how
    they ship, in English and Chinese; nothing when no order waits (no "open orders of 0")."""
    amount = known(a.credit["open_orders"])
    if amount <= 0:
        return "", ""
    return f" and open orders of {u.text(amount)}{shipped[0]}", f"，另有 {u.text(amount)}的未开票订单{shipped[1]}"


def reassess_stop(row: pd.Series, a: AccountProfile, u: MoneyUnit, pol: Mapping) -> Pair:
    """Orders held for rules no money releases (an expired assessment, a grade): why, the re-assessment that
    releases the hold by the re-review list's day, nothing to collect; the revenue at stake."""
    rules, day = hold_rules_text(a), review_day(a)
    monthly = u.text(known(a.margin["revenue_12m"]) / 12)
    if "grade" in hold_rules(a.credit):
        release = (
            f"the credit department re-assesses the customer by {day}; a better grade releases the hold (nothing is "
            "to be collected), otherwise it buys against cash in advance",
            f"信用部在{day}前重新评估，等级改善后即解除（无需收款），否则只做预付现金",
        )
    else:
        release = (
            f"the credit department re-assesses the customer by {day}, which releases the hold: nothing is to be "
            "collected",
            f"信用部在{day}前重新评估后即解除，无需收款",
        )
    waiting = orders_waiting(a, u)
    text = (
        f"held for: {rules[0]}; {release[0]}. Until then orders ship only against payment. At stake: about "
        f"{monthly} a month of purchases (the last 12 months' average){waiting[0]}.",
        f"冻结原因：{rules[1]}；{release[1]}。在此之前订单只凭付款发货。涉及收入：每月采购约 {monthly}（近12个月平均）"
        f"{waiting[1]}。",
    )
    if row["owner"] != "director_and_finance":
        return text
    top, rank, by = int(pol["report"]["joint_signoff_top"]), int(a.profile["revenue_rank"]), joint_due(a, pol)
    return (
        f"{text[0]} It is no. {rank} of our customers by revenue (top {top}): the sales director and the finance "
        f"manager confirm the hold together {by[0]} (both sign), or agree an exception.",
        f"{text[1]}该客户按收入排第 {rank} 位（前 {top} 大客户）：须由销售总监和财务经理{by[1]}共同签批冻结，或共同决定例外放行。",
    )


def joint_due(a: AccountProfile, pol: Mapping) -> Pair:
    """By when the sales director and the finance manager sign a top customer's hold or stop of supply together,
    in English and Chinese: the index's date of the joint sign-offs (``report.decisions.joint_signoff``)."""
    _, due = owner_and_due("joint_signoff", a.as_of, pol)
    return f"by {due}", f"在{due}前"


def also_reassess(a: AccountProfile) -> Pair:
    """Beside a hold for arrears, an expired assessment: the credit department's re-assessment by its day; a grade
    that holds it (e.g. C): a new assessment grading it better, else it buys against cash in advance only."""
    rules = hold_rules(a.credit)
    if "stale_assessment" not in rules and "grade" not in rules:
        return "", ""
    day = review_day(a)
    if "grade" in rules:
        grade = str(a.credit.get("grade", ""))
        return (
            f" and the credit department's new assessment by {day} grades it above {grade} (else it buys against cash "
            "in advance only)",
            f"、信用部在{day}前重新评估且等级优于{grade}（否则只做预付现金）",
        )
    return f" and the credit department has re-assessed it by {day}", f"、信用部在{day}前重新评估"


def cash_terms(a: AccountProfile) -> Pair:
    """The credit page's terms, said with the limit change: cash in advance, or shorter terms, beside the terms
    it had."""
    c = a.credit
    if is_missing(c.get("payment_terms_days")):
        return "", ""
    days = whole(c["payment_terms_days"])
    if not bool(c.get("cash_in_advance", False)):
        short = a.credit_check.get("review_terms_days")
        if is_missing(short):
            return "", ""
        return (
            f" and the payment terms from {days} to {whole(short)} days",
            f"，付款期限由 {days} 天缩短为 {whole(short)} 天",
        )
    return (f" and the payment terms from {days} days to cash in advance", f"，付款期限由 {days} 天改为预付现金")


def purchases(a: AccountProfile, u: MoneyUnit, amount: object) -> Pair:
    """The purchases agreed with the customer: the objective, or its two phases where it is split."""
    o = a.objectives
    if is_missing(o.get("revenue_interim")):
        return u.text(amount), u.text(amount)
    (now_en, now_zh), (after_en, after_zh) = phases(a, short=True)
    during = u.text(o["revenue_interim"])
    return (
        f"{during} {now_en}, {u.text(o['revenue_target'])} {after_en}",
        f"{now_zh} {during}，{after_zh} {u.text(o['revenue_target'])}",
    )


def price_review(a: AccountProfile, u: MoneyUnit) -> Pair:
    """An account that loses money after the cost to serve: a price review before any margin objective."""
    m = a.margin
    rate, loss, disc = share(m["margin_rate_12m"]), u.text(abs(known(m["profit"]))), u.text(m["discount_12m"])
    return (
        f"the margin rate of the last 12 months is {rate} and the account loses {loss} after the cost to serve "
        f"(discounts of {disc}, selling time): review prices, discounts and the cost to serve with the account "
        "manager, and set the price terms before the plan sets a margin objective.",
        f"近12个月毛利率 {rate}，扣除服务成本后亏损 {loss}（近12个月折扣 {disc}，另有销售时间）：与客户经理一起复核价格、"
        "折扣和服务成本，先定价格条件，再定毛利目标。",
    )


def release_split(a: AccountProfile, amount: object, u: MoneyUnit) -> Pair:
    """Where the amount that releases a hold is more than the customer owes (its exposure counts its open orders
    too): how much is owed, and that the rest is paid in advance on those orders or taken off them; empty when
    the receivables cover it."""
    receivables = owed(a.credit)
    rest = known(amount) - receivables
    if rest < 0.5:
        return "", ""
    return (
        f" ({u.text(receivables)} of receivables; the other {u.text(rest)} is paid in advance on its open orders or "
        "taken off them)",
        f"（其中应收账款 {u.text(receivables)}，其余 {u.text(rest)}须为未开票订单预付，或减少这些订单）",
    )


def find_cause(row: pd.Series, u: MoneyUnit) -> Pair:
    """A key account buying less whose growth waits for its prices or its grade: the sales director finds out why
    all the same (the senior visit the index asks of key accounts in decline), no win-back promised yet."""
    waits = ("the price review", "价格复核") if row["level"] == "price_first" else ("the grade's recovery", "评级恢复")
    return (
        f"purchases fell by {u.text(row['amount'])}: visit the customer's senior management with the account manager "
        f"to find out why (a competitor, quality, a change of people, our prices); no win-back is promised before "
        f"{waits[0]}, but the cause is recorded for it.",
        f"采购额减少了 {u.text(row['amount'])}：由销售总监与客户经理拜访客户高层，查明原因（竞争对手、质量、人员变动、"
        f"我方价格）；{waits[1]}之前不承诺挽回，但须记录原因，供之后决策。",
    )

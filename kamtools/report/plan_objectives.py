"""The objectives of an account plan for the next 12 months, in English and Chinese: revenue (split where credit
holds the account back: what the recommended limit carries while it is on hold, on cash in advance or cut, the
full objective once the hold lifts and the limit it needs is approved), margin (a price review first where the
account loses money after the cost to serve), share of wallet and the relationship step; from the figures of
:func:`kamtools.account_plan.account_profile` (:mod:`kamtools.account_plan_terms` decides the split).

>>> growth(0.1)[1]
'按政策统一增长率 10.0 %，各生命周期阶段相同'
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..account_plan import AccountProfile
from ..account_plan_rules import hold_rules
from ..output.currency import MoneyUnit, money_unit
from ..text import is_missing
from .plan_words import Pair, known, label_pair, share, signed, whole

__all__ = ["cash_sales", "growth", "no_growth", "objectives", "phases"]

_WHY: dict[str, Pair] = {
    "win_back": ("win back the revenue of the previous 12 months", "夺回上一个12个月的收入水平"),
    "reactivate": (
        "reactivate the account to the revenue of the previous 12 months",
        "重新激活客户，恢复到上一个12个月的收入",
    ),
    "legal": (
        "none while the debt is with collections or legal action: it is collected first, and supply stops until "
        "the whole debt is paid",
        "欠款已移交催收/法务，期间不设收入目标：先收回欠款，付清全部欠款之前停止供货",
    ),
    "price_first": (
        "no growth until the price review: the account loses money after the cost to serve, so the objective holds "
        "the last 12 months' revenue and no credit is asked to grow it",
        "价格复核之前不设增长目标：该客户扣除服务成本后亏损，目标保持近12个月的收入，不为增长申请额度",
    ),
    "wallet": (
        "all the customer buys in our category: the wallet estimate caps it",
        "即客户在本品类的全部采购（以采购潜力为上限）",
    ),
}


def growth(rate: float) -> Pair:
    """Why a revenue objective grows by ``rate``: the policy has one growth rate for every stage
    (``segments.lifecycle.growth_above``), whatever the account's stage."""
    return (
        f"{signed(rate)}, the policy's one growth rate, the same for every lifecycle stage",
        f"按政策统一增长率 {share(rate)}，各生命周期阶段相同",
    )


def phases(a: AccountProfile, short: bool = False) -> tuple[Pair, Pair]:
    """The two phases of a split objective: while credit holds the account back (on credit hold, or on cash in
    advance with the terms it had) and after; ``short``: without the terms (for a text inside brackets of its
    own)."""
    k = a.credit_check
    hold, cash = bool(k["hold"]), bool(k.get("cash_in_advance", False)) and not short
    days = whole(a.credit.get("payment_terms_days"))
    terms = (f"on cash in advance (was {days} days)", f"付款条件改为预付现金，原{days}天")
    held = ("once the hold lifts and a new limit is approved", "冻结解除并获批新额度后")
    if hold and cash:
        return (f"while on credit hold, {terms[0]}", f"冻结期间（{terms[1]}）"), held
    if hold and hold_rules(a.credit) == ["stale_assessment"]:  # lifts with the re-assessment, no payment needed
        return ("until the new assessment and limit are approved", "重新评估并获批新额度之前"), (
            "once they are approved",
            "获批后",
        )
    if hold:
        return ("while on credit hold", "冻结期间"), held
    # not held: split only on cash in advance (account_plan_terms.interim)
    now = (f"while {terms[0]}", f"预付现金期间（原{days}天账期）") if cash else ("on cash in advance", "预付现金期间")
    return now, ("once credit terms and a limit are approved again", "恢复赊销并获批额度后")


def no_growth(a: AccountProfile) -> Pair:
    """Why an account of a grade without unsecured credit has no growth objective."""
    grade = str(a.credit.get("grade", ""))
    en, zh = ("not rated (NR)", "未评级（NR）") if grade == "NR" else (f"grade {grade}", f"{grade}级")
    until = ("it is rated", "评级之前") if grade == "NR" else ("the grade recovers", "评级恢复前")
    return (
        f"no growth until {until[0]}: {en} gives no unsecured credit, so the objective holds the last 12 months' "
        "revenue, sold against payment in advance or collateral",
        f"{until[1]}不设增长目标：{zh}不给予无担保赊销，目标保持近12个月的收入，款到发货或凭担保",
    )


def cash_sales(a: AccountProfile, u: MoneyUnit) -> Pair:
    """The revenue expected while credit holds the account back (on hold, on cash in advance): the last 12 months'
    monthly average, paid first."""
    o = a.objectives
    month = u.text(known(o["revenue_interim"]) / 12)
    return (
        f"about {month} a month, the last 12 months' average, paid in advance ({u.text(o['revenue_interim'])} a year)",
        f"按近12个月平均月采购额估计每月约 {month}，款到发货（全年 {u.text(o['revenue_interim'])}）",
    )


def _revenue(a: AccountProfile, u: MoneyUnit, pol: Mapping) -> Pair:
    o = a.objectives
    if o["revenue_why"] == "no_growth":
        why = no_growth(a)
    else:
        why = _WHY.get(str(o["revenue_why"]), growth(float(pol["segments"]["lifecycle"]["growth_above"])))
    if o["revenue_why"] == "legal":
        return f"Revenue: {why[0]}.", f"收入：{why[1]}。"
    target = u.text(o["revenue_target"])
    if is_missing(o.get("revenue_interim")):
        cash = (
            ("; every order paid in advance, the credit page's terms", "；按信用评审的付款条件，所有订单款到发货")
            if bool(a.credit_check.get("cash_in_advance", False))
            else ("", "")
        )
        if cash[0] and "find_cause" in set(a.actions["action"]):  # buying less already, now paying first
            cash = (
                f"{cash[0]}: a ceiling, not a promise; the sales director's visit on why purchases fell sets the "
                "objective it is to be",
                f"{cash[1]}：此为上限而非承诺；销售总监拜访查明采购下降原因后再定实际目标",
            )
        return f"Revenue {target}: {why[0]}{cash[0]}.", f"收入 {target}：{why[1]}{cash[1]}。"
    (now_en, now_zh), (after_en, after_zh) = phases(a)
    rec = u.text(a.credit_check["recommended_limit"])
    during = (
        cash_sales(a, u)
        if o.get("interim_basis") == "cash_sales" and known(o["revenue_interim"]) > 0
        else (f"{u.text(o['revenue_interim'])}, what the recommended limit of {rec} carries",
              f"{u.text(o['revenue_interim'])}（建议额度 {rec}所能支持的水平）")
        if known(o["revenue_interim"]) > 0
        else (f"sales against payment in advance only (the recommended limit of {rec} carries none on credit)",
              f"只做款到发货（建议额度 {rec}不支持赊销）")
    )  # fmt: skip
    return (
        f"Revenue {now_en}: {during[0]}; {after_en}: {target} ({why[0]}).",
        f"收入：{now_zh}{' ' if during[1][:1].isdigit() else ''}{during[1]}；{after_zh} {target}（{why[1]}）。",
    )


def _margin(a: AccountProfile, u: MoneyUnit) -> Pair | None:
    o, m = a.objectives, a.margin
    if o["margin_rate_why"] == "price_review":  # keeping a loss-making margin is no objective
        return (
            f"Margin: a price review first. The margin rate of the last 12 months is {share(m['margin_rate_12m'])} "
            f"and the account loses {u.text(abs(known(m['profit'])))} after the cost to serve; the margin objective "
            "is set once prices and discounts are reviewed.",
            f"毛利：先做价格复核。近12个月毛利率 {share(m['margin_rate_12m'])}，扣除服务成本后亏损 "
            f"{u.text(abs(known(m['profit'])))}；复核价格和折扣后再定毛利目标。",
        )
    if is_missing(o["margin_rate_target"]):
        return None
    keep = (
        ("win back the rate of the previous 12 months", "恢复到上一个12个月的水平")
        if o["margin_rate_why"] == "recover"
        else ("hold the rate of the last 12 months", "保持近12个月的水平")
    )
    return (
        f"Margin {u.text(o['margin_target'])} at a margin rate of {share(o['margin_rate_target'])} ({keep[0]}).",
        f"毛利 {u.text(o['margin_target'])}，毛利率 {share(o['margin_rate_target'])}（{keep[1]}）。",
    )


def objectives(a: AccountProfile, pol: Mapping) -> list[Pair]:
    """The objectives of the next 12 months: revenue, margin, share of wallet, relationship step."""
    u, o = money_unit(pol), a.objectives
    texts = [_revenue(a, u, pol)]
    margin = _margin(a, u)
    if margin:
        texts.append(margin)
    if not is_missing(o["wallet_share_target"]):
        after = ("", "") if is_missing(o.get("revenue_interim")) else (f"{phases(a)[1][0]}; ", f"{phases(a)[1][1]}；")
        texts.append(
            (
                f"Share of wallet {share(o['wallet_share_target'])} ({after[0]}now {share(o['wallet_share'])}).",
                f"钱包份额 {share(o['wallet_share_target'])}（{after[1]}目前 {share(o['wallet_share'])}）。",
            )
        )
    texts.append(_relationship_step(o))
    return texts


def _relationship_step(o: pd.Series) -> Pair:
    if o["revenue_why"] == "legal":  # no step up while the debt is with legal action
        return (
            "Relationship: no step up while the debt is with collections or legal action; the account manager keeps "
            "in touch with the customer's management to help recover it.",
            "客户关系：欠款移交催收/法务期间不设关系提升目标；客户经理与客户管理层保持联系，配合收回欠款。",
        )
    steps_en, steps_zh = [], []
    if o["state_target"]:
        now, to = label_pair("relationship_state", o["state"]), label_pair("relationship_state", o["state_target"])
        first = o["state"] == "none"
        steps_en.append(f"build a first, {to[0]} relationship" if first else f"from {now[0]} to {to[0]}")
        steps_zh.append(f"建立“{to[1]}”关系" if first else f"由“{now[1]}”提升到“{to[1]}”")
    if o["level_target"]:
        now, to = label_pair("relationship_level", o["level"]), label_pair("relationship_level", o["level_target"])
        first = o["level"] == "none"
        steps_en.append(f"reach the customer's {to[0]}" + ("" if first else f" (now {now[0]})"))
        steps_zh.append(f"接触到客户的{to[1]}" + ("" if first else f"（目前：{now[1]}）"))
    if not steps_en and o["revenue_why"] == "no_growth":  # credit first: the contacts kept, no step up
        state, level = label_pair("relationship_state", o["state"]), label_pair("relationship_level", o["level"])
        return (
            f"Relationship: keep the {state[0]} relationship and the contacts at {level[0]} level until the grade "
            "recovers; no step up that would ask for credit.",
            f"客户关系：评级恢复之前，保持“{state[1]}”关系和{level[1]}层级的联系，不推进需要赊销支持的关系升级。",
        )
    if not steps_en:
        return (
            "Relationship: keep the strategic alliance at senior-team level.",
            "客户关系：保持战略联盟和高层团队层级的关系。",
        )
    return ("Relationship: " + "; ".join(steps_en) + ".", "客户关系：" + "；".join(steps_zh) + "。")

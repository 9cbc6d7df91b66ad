"""The actions of the next quarter (who, what, by when) and the risks of an account plan, and the
plan in one sentence, in English and Chinese (see :mod:`.plan_text`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from ..account_plan import AccountProfile
from ..output.currency import MoneyUnit, money_unit
from ..text import is_missing, num
from .decision import owner_and_due
from .plan_credit_text import after_cut, filed_only_if, get_statements, in_force, or_new_limit, reapprove, review_terms
from .plan_decisions import credit_ask, joint_limit
from .plan_hold_text import cash_terms, find_cause, price_review, purchases, reassess_stop, release_split, review_day
from .plan_route_text import statement_first
from .plan_stop_text import collect_arrears, legal_stop, settle_disputes, stop_credit
from .plan_text import hold_rules_text
from .plan_words import Pair, known, label_pair, points, share, signed, whole

__all__ = ["TITLES", "actions", "headline", "risks"]


# ---------------------------------------------------------------------------- actions
_OWNERS: dict[str, Pair] = {
    "account_manager": ("Account manager", "客户经理"),
    "senior_management": ("Our senior management with the account manager", "公司高层与客户经理"),
    "finance": ("Credit department", "信用部"),
    "customer_service": ("Customer service", "客户服务部"),
    "director_and_finance": ("Sales director and finance manager, jointly", "销售总监与财务经理共同签批"),
    "sales_director": ("Sales director", "销售总监"),
}

#: The short title of each action (the first words of its line).
TITLES: dict[str, Pair] = {
    "stop_credit": ("No new shipments on credit", "暂停赊销发货"),
    "release_hold": ("Release the credit hold", "解除信用冻结"),
    "hand_to_legal": ("Hand the debt to legal", "移交法务"),
    "collect_overdue": ("Collect the overdue invoices", "催收逾期发票"),
    "reassess": ("Update the credit assessment", "更新信用评估"),
    "statement": ("Obtain the financial statement", "取得财务报表"),
    "file_limit": ("File the limit change", "提交额度调整"),
    "keep_limit": ("Keep the limit in force", "保留现有额度"),
    "collateral": ("Obtain collateral", "取得担保"),
    "win_back": ("Win the account back", "挽回客户"),
    "find_cause": ("Find out why purchases fell", "查明采购下降原因"),
    "collect_arrears": ("Collect the long past-due invoices", "收回长期逾期发票"),
    "disputes": ("Settle the open disputes", "处理未解决争议"),
    "get_statements": ("Obtain the financial statements", "取得财务报表"),
    "reapprove": ("Approve the limit in force again", "现有额度重新报批"),
    "joint_review": ("Review the plan with the customer", "与客户评审本计划"),
    "reach_level": ("Reach the next level", "提升接触层级"),
    "price_review": ("Review prices", "价格复核"),
    "margin": ("Recover the margin rate", "恢复毛利率"),
    "selling_time": ("More selling time", "增加销售时间"),
    "complaints": ("Close the complaints", "处理投诉"),
    "contacts": ("More contacts", "增加联系人"),
    "wallet_estimate": ("Estimate the wallet", "估计采购潜力"),
}


def _owner(row: pd.Series, a: AccountProfile, pol: Mapping) -> Pair:
    if row["action"] == "hand_to_legal":  # the index's owner of the hand-over (report.decisions.legal_handover)
        en, zh = owner_and_due("legal_handover", a.as_of, pol)[0]
        return en[:1].upper() + en[1:], zh
    en, zh = _OWNERS[str(row["owner"])]
    manager = a.profile["account_manager"]
    if row["owner"] == "account_manager" and not is_missing(manager) and str(manager) != "unknown":
        return f"{en} {manager}", f"{zh} {manager}"
    return en, zh


def _growth_until(a: AccountProfile) -> Pair:
    """Until a hold for growth above the limit lifts: what goes above the limit ships against payment, or, where the
    credit page puts the account on cash in advance, every order does until the limit the business needs is approved."""
    if not bool(a.credit.get("cash_in_advance", False)):
        return (
            "until then what goes above the limit ships against payment. The cause is growth, not arrears.",
            "在此之前超出额度的部分凭付款发货。原因是业务增长，不是拖欠。",
        )
    days = whole(a.credit.get("payment_terms_days"))
    ask = credit_ask(a)
    if ask is None or ask["route"] == "collateral":
        return (
            f"the cause is growth, not arrears; until the hold lifts, every order ships against payment in advance, "
            f"the credit page's terms (was {days} days).",
            f"超额源于业务增长而非拖欠；冻结解除之前，按信用评审的付款条件，所有订单款到发货（原{days}天账期）。",
        )
    return (
        f"the cause is growth, not arrears, so the plan asks for the limit the business needs (credit section); until "
        f"it is approved, every order ships against payment in advance, the credit page's terms (was {days} days).",
        f"超额源于业务增长而非拖欠，因此本计划申请与业务相符的额度（见信用部分）；额度获批之前，按信用评审的付款条件，"
        f"所有订单款到发货（原{days}天账期）。",
    )


#: The sentences of what comes before the limit decision: the long past-due invoices of an arrears grade, the open
#: disputes, the statements the cut rests on.
_BEFORE_LIMIT_TEXT = {
    "collect_arrears": collect_arrears,
    "disputes": settle_disputes,
    "get_statements": lambda row, a, u: get_statements(a.credit, u, str(row["due"])),
    "reapprove": lambda row, a, u: reapprove(a.credit, u, row),
}


def _action_text(row: pd.Series, a: AccountProfile, u: MoneyUnit, pol: Mapping) -> Pair:  # noqa: PLR0911
    """What one action asks for, in both languages."""
    what, c = str(row["action"]), a.credit
    if what == "stop_credit" and row["level"] == "legal":
        return legal_stop(row, a, u, pol)
    if what == "hand_to_legal":
        n = int(row["count"]) if not is_missing(row["count"]) else 0
        return (
            f"hand the debt of {u.text(row['amount'])} ({n} overdue invoice{'s' if n != 1 else ''}, the oldest "
            f"{whole(a.aging['max_days_past_due'])} days past due) with the customer's file to collections or legal "
            "action; the account manager no longer calls about it.",
            f"将欠款 {u.text(row['amount'])}（{n} 张逾期发票，最长逾期 {whole(a.aging['max_days_past_due'])} 天）连同客户档案"
            "移交催收/法务；客户经理不再电话催收。",
        )
    if what == "stop_credit" and row["level"] == "reassess":
        return reassess_stop(row, a, u, pol)
    if what == "stop_credit":
        return stop_credit(row, a, u, pol) if row["level"] == "hold" else (
            f"collect {u.text(row['amount'])} first, until exposure is within the recommended limit of "
            f"{u.text(c['recommended_limit'])}; until then orders ship only against payment.",
            f"先收回 {u.text(row['amount'])}，使风险敞口回到建议额度 {u.text(c['recommended_limit'])}以内；"
            "在此之前订单只凭付款发货。",
        )  # fmt: skip
    if what == "release_hold":
        rules, until, split = hold_rules_text(a), _growth_until(a), release_split(a, row["amount"], u)
        now, later, limit = in_force(a.credit, u), after_cut(a.credit, u), or_new_limit(a.credit, u)
        return (
            (
                f"orders above the limit of {u.text(c['approved_limit'])}"
                if known(c["approved_limit"]) > 0
                else "orders without an approved limit"
            )
            + f" are held ({rules[0]}; exposure "
            f"{u.text(c['exposure'])}). The hold lifts once {u.text(row['amount'])} is collected{split[0]}, the amount "
            f"of the credit-holds list{now[0]}{limit[0]}: ask the customer to pay its invoices as they fall due; {until[0]}"
            f"{later[0]}",
            (
                f"超出现有额度 {u.text(c['approved_limit'])}的订单"
                if known(c["approved_limit"]) > 0
                else "没有核定额度，订单"
            )
            + f"处于信用冻结（{rules[1]}；风险敞口 {u.text(c['exposure'])}）。"
            f"收回 {u.text(row['amount'])}{split[1]}后解除冻结（与信用冻结清单的金额一致{now[1]}）{limit[1]}：请客户按期支付到期发票，"
            f"{until[1]}{later[1]}",
        )
    if what == "collect_overdue":
        n = int(row["count"]) if not is_missing(row["count"]) else 0
        phone = _no_phone(a)
        return (
            f"call the customer's finance contact about the {n} overdue invoice{'s' if n != 1 else ''} "
            f"({u.text(row['amount'])}, the oldest {whole(a.aging['max_days_past_due'])} days past due), agree a "
            f"payment date and record the promise.{phone[0]}",
            f"联系客户的财务负责人，催收 {n} 张逾期发票（{u.text(row['amount'])}，最长逾期 "
            f"{whole(a.aging['max_days_past_due'])} 天），约定付款日期并记录付款承诺。{phone[1]}",
        )
    if what == "statement":  # a cut only for the missing statement waits for it
        return (
            f"obtain the customer's financial statement before the limit is approved; if it is not received, the "
            f"limit without a statement, {u.text(c['statement_fallback'])}, is filed instead of the limit in force "
            "capped at the exposure.",
            f"在额度审批之前取得客户的财务报表；未取得的，改按无报表时的额度 {u.text(c['statement_fallback'])}报批，"
            "而不是以风险敞口为上限的现有额度。",
        )
    if what == "reassess":
        return _reassess_text(row, a, u)
    if what in _BEFORE_LIMIT_TEXT:
        return _BEFORE_LIMIT_TEXT[what](row, a, u)
    if what in ("file_limit", "keep_limit", "collateral"):
        text, joint = _limit_text(row, what, a, u), joint_limit(a, pol, short=True)
        if not joint[0]:
            return text
        return f"{text[0]} {joint[0]}", f"{text[1].removesuffix('。')}{joint[1]}。"
    return _relationship_action(row, what, a, u)


def _reassess_text(row: pd.Series, a: AccountProfile, u: MoneyUnit) -> Pair:
    """A new credit assessment: the last one's date, and what it releases (a hold on a month of purchases, where
    the plan files no limit) or that no increase comes before it."""
    c = a.credit
    on = c["assessed_on"]
    last = (
        ("the customer was never assessed", "该客户从未做过信用评估")
        if is_missing(on)
        else (f"the last assessment dates from {on}", f"上次评估日期为 {on}")
    )
    no_limit = not a.actions["action"].isin(("file_limit", "keep_limit")).any()  # the stake: held purchases
    held = no_limit and known(row.get("stake")) > 0 and bool(a.credit_check.get("reassess_only", False))
    month = u.text(row.get("stake")) if held else ""
    decided = known(row.get("stake")) if not held else 0.0  # the limit change the plan files with it
    waits = (
        (f"No increase until it is done: the plan's limit change of {u.text(decided)} is decided on it.",
         f"完成之前不增加额度：本计划 {u.text(decided)}的额度调整以评估结果为准。")
        if decided >= 0.5 else ("No increase until it is done.", "完成之前不增加额度。")
    )  # fmt: skip
    return (
        f"new financial statements and scorecard; {last[0]}. "
        + (f"It releases the hold on about {month} a month of purchases." if held else waits[0]),
        f"收集最新财务报表，重新评分；{last[1]}。"
        + (f"评估完成即解除冻结，恢复每月约 {month}采购的赊销。" if held else waits[1]),
    )


def _limit_text(row: pd.Series, what: str, a: AccountProfile, u: MoneyUnit) -> Pair:
    """The limit action of the plan's one credit route."""
    c, k = a.credit, a.credit_check
    level = label_pair("approval_level", row["level"])
    rec, need, terms = u.text(c["recommended_limit"]), u.text(k["need"]), review_terms(k)
    if what == "keep_limit":
        first = statement_first(a)  # a cut only for the missing statement: the statement comes first
        return (
            f"{first[0]}ask the {level[0].lower()} to keep the limit of {u.text(row['amount'])} rather than the "
            f"recommended cut to {rec}{terms[0]} (credit page): the revenue objective needs {need}, which the limit in force "
            "carries.",
            f"{first[1]}请{level[1]}保留现有额度 {u.text(row['amount'])}，不按信用评审的建议降到 {rec}{terms[1]}：收入目标约需 "
            f"{need}的额度，现有额度足以支持。",
        )
    if what == "collateral":
        return (
            f"ask the customer for collateral of {u.text(row['amount'])} so that its limit carries the revenue "
            f"objective ({need}); the {level[0].lower()} approves the limit with it.",
            f"请客户提供担保 {u.text(row['amount'])}，使额度能支持收入目标（约需 {need}）；由{level[1]}连同担保审批额度。",
        )
    if k.get("route_route") == "smaller_cut":
        first = statement_first(a)
        return (
            f"{first[0]}credit form to cut the limit from {u.text(c['approved_limit'])} to {u.text(row['amount'])}, "
            f"what the revenue objective needs, rather than the recommended cut to {rec}{terms[0]} (credit page), for approval "
            f"by the {level[0].lower()}.",
            f"{first[1]}填写信用额度调整表，将额度由 {u.text(c['approved_limit'])}降到 {u.text(row['amount'])}（收入目标所需），"
            f"而不是信用评审建议的 {rec}{terms[1]}，报{level[1]}审批。",
        )
    if k.get("route_route") == "after_reassess":
        day = review_day(a)
        by = (f" by {day}", f"{day}前") if day else ("", "")
        cut = (
            (f"; the cut to {rec} the credit page recommends on the expired assessment is not filed on its own",
             f"；信用评审按过期评估建议的 {rec}不单独报批")
            if known(c["recommended_limit"]) < known(c["approved_limit"]) else ("", "")
        )  # fmt: skip
        return (
            f"one limit change, filed with the credit department's new assessment{by[0]}: from "
            f"{u.text(c['approved_limit'])} to {u.text(row['amount'])}, what the revenue objective needs, for approval "
            f"by the {level[0].lower()}{cut[0]}.",
            f"额度调整待信用部{by[1]}重新评估后一次提交：将额度由 {u.text(c['approved_limit'])}调整为 {u.text(row['amount'])}"
            f"（收入目标所需），报{level[1]}审批{cut[1]}。",
        )
    if k.get("route_route") == "new_limit":
        return (
            f"credit form to move the limit from {u.text(c['approved_limit'])} to {u.text(row['amount'])}, what the "
            f"revenue objective needs (the credit page recommends {rec}), after a new credit investigation, for "
            f"approval by the {level[0].lower()}.",
            f"经新的信用调查后填写信用额度调整表，将额度由 {u.text(c['approved_limit'])}调整为 {u.text(row['amount'])}"
            f"（收入目标所需；信用评审建议 {rec}），报{level[1]}审批。",
        )
    cash, above = cash_terms(a), known(c["exposure"]) - known(row["amount"])
    first = filed_only_if(c, u, int(known(k.get("hold_days"))), str(row["due"]))  # the arrears or statements first
    cut = known(c["approved_limit"]) - known(row["amount"])
    used = (
        (f" Today's exposure of {u.text(c['exposure'])} is {u.text(above)} above the new limit: the money at stake.",
         f"目前风险敞口 {u.text(c['exposure'])}超出新额度 {u.text(above)}（涉及金额）。")
        if cut > 0 and 0.5 <= above <= cut else ("", "")
    )  # fmt: skip
    if used[0] and known(row["amount"]) <= 0:  # withdrawn: all of it
        used = (
            f" Today's exposure of {u.text(c['exposure'])} is left without a limit: the money at stake.",
            f"目前风险敞口 {u.text(c['exposure'])}将全部没有额度（涉及金额）。",
        )
    return (
        f"{first[0]}credit form to move the limit from {u.text(c['approved_limit'])} to {u.text(row['amount'])}"
        f"{cash[0]}, for approval by the {level[0].lower()}.{used[0]}",
        f"{first[1]}填写信用额度调整表，将额度由 {u.text(c['approved_limit'])}调整为 {u.text(row['amount'])}{cash[1]}，"
        f"报{level[1]}审批。{used[1]}",
    )


def _relationship_action(row: pd.Series, what: str, a: AccountProfile, u: MoneyUnit) -> Pair:  # noqa: PLR0911
    if what == "find_cause":
        return find_cause(row, u)
    if what == "win_back":
        if row["level"] == "hibernation":
            return (
                "no purchases in the last 12 months: call the customer, learn why, and keep a low-cost contact "
                "until a need returns.",
                "近12个月没有采购：联系客户了解原因，保持低成本的联系，等待需求恢复。",
            )
        return (
            f"purchases fell by {u.text(row['amount'])}: find the cause at once (a competitor, quality, a change "
            "of people) and agree a recovery plan with the customer.",
            f"采购额减少了 {u.text(row['amount'])}：立即查明原因（竞争对手、质量、人员变动），并与客户商定恢复计划。",
        )
    if what == "joint_review":
        step = (
            ("", "") if not row["level"] or is_missing(row["level"]) else label_pair("relationship_state", row["level"])
        )
        amount = purchases(a, u, row["amount"])
        return (
            f"agree the next 12 months' purchases ({amount[0]}) and joint objectives"
            + (f", to move the relationship to {step[0]}." if step[0] else "."),
            f"商定未来12个月的采购量（{amount[1]}）和共同目标"
            + (f"，推动关系提升到“{step[1]}”。" if step[1] else "。"),
        )
    if what == "reach_level":
        level = label_pair("relationship_level", row["level"])
        return (
            f"meet the customer's {level[0]}; map the decision makers and what each of them needs.",
            f"拜访客户的{level[1]}，摸清决策者及其各自的关注点。",
        )
    if what == "price_review":
        return price_review(a, u)
    if what == "margin":
        return (
            f"review prices and discounts ({u.text(a.margin['discount_12m'])} of discounts in the last 12 months) to "
            f"bring the margin rate back to {share(row['rate'])}.",
            f"检查价格和折扣（近12个月折扣 {u.text(a.margin['discount_12m'])}），把毛利率恢复到 {share(row['rate'])}。",
        )
    if what == "selling_time":
        t = a.time
        return (
            f"about {num(row['hours']):,.1f} more hours a month of visits and meetings (time target "
            f"{num(t['target_hours']):,.0f} hours a year, {num(t['hours_12m']):,.0f} in the last 12 months).",
            f"每月多安排约 {num(row['hours']):,.1f} 小时的拜访和会谈（年度时间目标 {num(t['target_hours']):,.0f} 小时，"
            f"近12个月 {num(t['hours_12m']):,.0f} 小时）。",
        )
    if what == "complaints":
        return (
            f"go through the {row['count']} complaints of the last 12 months and close each one with the customer.",
            f"逐一处理近12个月的 {row['count']} 次投诉，并与客户确认关闭。",
        )
    if what == "contacts":
        return (
            f"add contacts beyond the {row['count']} recorded: the finance contact who pays, the users, the "
            "decision makers.",
            f"在已登记的 {row['count']} 位联系人之外，增加联系人：负责付款的财务人员、使用部门、决策者。",
        )
    return (
        "ask the customer what it buys a year in our category and who else supplies it; record the estimate.",
        "向客户了解其本品类的年采购额和其他供应商，并记录估计值。",
    )


def _capital(pair: Pair) -> Pair:
    """The English of ``pair`` starting with a capital (a line of its own)."""
    en, zh = pair
    return en[:1].upper() + en[1:], zh


def _stake_text(row: pd.Series, u: MoneyUnit) -> Pair:
    """The money at stake in an action (the plan lists the largest first), or a dash when none is; a routine cut of an
    unused limit says the unused limit it takes back, which is no money at stake (it comes last)."""
    stake = known(row.get("stake"))
    unused = known(row.get("unused"))
    if stake < 0.5 and bool(row.get("routine")) and unused >= 0.5:
        return f"– ({u.text(unused)} unused)", f"–（未使用额度 {u.text(unused)}）"
    own = known(row.get("amount"))
    if row.get("action") == "collect_arrears" and 0.5 <= own < stake - 0.5:  # a small payment that spares a large cut
        return (f"{u.text(own)} (spares a cut of {u.text(stake)})", f"{u.text(own)}（使额度免降 {u.text(stake)}）")
    return (u.text(stake), u.text(stake)) if stake >= 0.5 else ("–", "–")


def actions(a: AccountProfile, pol: Mapping) -> list[dict]:
    """The actions of the next quarter, the most money at stake first: who (``owner``), what (``title`` and
    ``text``), by when (``due``: a date, or at once; ``passed``: the page is written after that date) and the money
    at stake (``stake``)."""
    u, today = money_unit(pol), dt.date.today().isoformat()
    out = []
    for _, row in a.actions.iterrows():
        due = row["due"]
        if row["owner"] == "director_and_finance":  # signed together by the index's date, as the sentence says
            due = owner_and_due("joint_signoff", a.as_of, pol)[1]
        when = ("At once", "立即") if str(due) <= str(a.as_of) else (str(due), str(due))  # a cell of the table
        passed = str(due) > str(a.as_of) and str(due) < today  # read after its deadline: said, as the index does
        title = TITLES[str(row["action"])]
        out.append(
            {
                "action": row["action"],
                "owner": _owner(row, a, pol),
                "title": (f"Routine: {title[0].lower()}", f"例行：{title[1]}") if row.get("routine") else title,
                "text": _capital(_action_text(row, a, u, pol)),
                "due": when,
                "passed": passed,
                "stake": _stake_text(row, u),
            }
        )
    return out


# ---------------------------------------------------------------------------- risks
def _risk_text(row: pd.Series, a: AccountProfile, u: MoneyUnit, pol: Mapping) -> Pair:  # noqa: PLR0911
    """One risk in both languages."""
    what, amount, value = str(row["risk"]), row["amount"], row["value"]
    if what == "hold":
        rules = hold_rules_text(a)
        return (
            f"On credit hold ({rules[0]}): {u.text(amount)} overdue, the oldest invoice {whole(value)} days past due.",
            f"信用冻结（{rules[1]}）：逾期共 {u.text(amount)}，最长逾期 {whole(value)} 天。",
        )
    if what == "over_limit":
        covered = (
            ("none of it covered by collateral", "且无担保")
            if known(amount) >= known(a.credit["overlimit"]) - 0.005
            else (f"{u.text(amount)} of it not covered by collateral", f"其中 {u.text(amount)}无担保")
        )
        if is_missing(value) or known(a.credit.get("approved_limit")) <= 0:  # no limit (withdrawn): no share of it
            return (
                f"Exposure of {u.text(a.credit['exposure'])} without an approved limit, {covered[0]}.",
                f"无批准额度的风险敞口 {u.text(a.credit['exposure'])}，{covered[1]}。",
            )
        return (
            f"Over the limit: exposure is {share(value)} of the approved limit, {u.text(a.credit['overlimit'])} "
            f"above it, {covered[0]}.",
            f"超额：风险敞口为现有额度的 {share(value)}，超出 {u.text(a.credit['overlimit'])}，{covered[1]}。",
        )
    if what == "overdue":
        return (
            f"Overdue {u.text(amount)}, {share(row['share'])} of what it owes; the oldest invoice {whole(value)} "
            "days past due.",
            f"逾期 {u.text(amount)}，占应收账款的 {share(row['share'])}，最长逾期 {whole(value)} 天。",
        )
    if what == "broken_promises":
        return (
            f"{row['count']} of its {whole(value)} payment promises broken: a promise no longer secures a limit or a "
            "release; the credit decisions rest on payments made.",
            f"付款承诺 {whole(value)} 次中失约 {row['count']} 次：承诺已不足以作为额度或解除冻结的依据，信用决定以实际回款为准。",
        )
    if what == "downgrade":
        before, now = a.credit["previous_grade"], a.credit["grade"]
        return (
            f"Grade down from {before} to {now}: the customer's credit standing is weakening.",
            f"信用等级由 {before} 降为 {now}，客户的信用状况在变弱。",
        )
    if what == "upgrade_on_hold":
        before, now = a.credit["previous_grade"], a.credit["grade"]
        return (
            f"Grade up from {before} to {now} while the account is held for arrears: the credit department reviews "
            "the assessment before any increase.",
            f"信用等级由 {before} 升为 {now}，但客户仍因拖欠处于信用冻结：任何增额之前，信用部先复核这次评估。",
        )
    if what == "no_statement":
        return (
            "No usable financial statement: the limit has no solvency cap, and its unsecured part is at most the "
            "grade's starter limit until the credit department obtains one.",
            "无可用财务报表：额度没有偿付能力上限，取得报表之前无担保额度以该等级的起始额度为限；信用部应取得报表。",
        )
    if what == "stale_assessment":
        on = a.credit["assessed_on"]
        return (
            _never_assessed(a)
            if is_missing(on)
            else (
                f"The credit assessment dates from {on}: the grade may no longer hold.",
                f"信用评估日期为 {on}，已过期，信用等级可能已不反映现状。",
            )
        )
    if what == "revenue_falling":
        return (
            f"Revenue falling: {signed(value)} on the 12 months before ({u.text(amount)} less).",
            f"收入下降：比上一个12个月减少 {share(abs(known(value)))}（少 {u.text(amount)}）。",
        )
    if what == "margin_falling":
        return (
            f"Margin rate {points(value)} points on the 12 months before.",
            f"毛利率比上一个12个月下降 {num(abs(known(value)) * 100):.1f} 个百分点。",
        )
    return _relationship_risk(what, row, u)


def _relationship_risk(what: str, row: pd.Series, u: MoneyUnit) -> Pair:  # noqa: PLR0911
    if what == "unprofitable":
        return (
            f"Unprofitable after the cost to serve: {u.text(row['amount'])}.",
            f"扣除服务成本后亏损：{u.text(row['amount'])}。",
        )
    if what == "competitors":
        return (
            f"Competitors supply about {share(row['value'])} of what it buys in our category "
            f"({u.text(row['amount'])} a year).",
            f"竞争对手约占客户本品类采购的 {share(row['value'])}（每年约 {u.text(row['amount'])}）。",
        )
    if what == "strained":
        return ("The relationship is strained.", "客户关系紧张。")
    if what == "single_contact":
        if not row["count"]:
            return ("No contact recorded at the customer.", "没有登记任何客户联系人。")
        return (
            "The relationship rests on one contact: if that person leaves, we lose our way into the account.",
            "客户关系只依赖一位联系人：此人一旦离开，我们就失去了与客户的联系。",
        )
    if what == "low_time":
        return (
            f"Selling time is {share(row['value'])} of the account's target: too little for its tier.",
            f"销售时间只有目标的 {share(row['value'])}，与客户的层级不相称。",
        )
    return (f"{row['count']} complaints in the last 12 months.", f"近12个月有 {row['count']} 次投诉。")


def risks(a: AccountProfile, pol: Mapping) -> list[Pair]:
    """The risks of the account, the most pressing first."""
    u = money_unit(pol)
    return [_risk_text(row, a, u, pol) for _, row in a.risks.iterrows()]


def headline(a: AccountProfile, pol: Mapping) -> Pair:
    """The plan in one sentence: where the account stands and the first thing to do."""
    tier, stage = label_pair("tier", a.profile["tier"]), label_pair("lifecycle", a.lifecycle["stage"])
    growth = a.margin["growth"]
    trend = (
        ("no revenue the year before", "上年无收入")
        if is_missing(growth)
        else (f"revenue {signed(growth)}", f"收入{'增长' if growth >= 0 else '下降'} {share(abs(growth))}")
    )
    first = actions(a, pol)[0]
    title, stake = first["title"], first["stake"]
    money = ("", "") if stake[0] == "–" else (f", {stake[0]} at stake", f"，涉及 {stake[1]}")
    most = ("", "") if stake[0] == "–" else (" (the most money at stake)", "（涉及金额最大）")
    return (
        f"{tier[0].capitalize()} in the {stage[0]} stage, {trend[0]}, grade {a.credit['grade']}. "
        f"First{most[0]}: {title[0].lower()}{money[0]} ({first['owner'][0]}, {first['due'][0].lower()}).",
        f"{tier[1]}，{stage[1]}，{trend[1]}，信用等级 {a.credit['grade']}。首要任务{most[1]}：{title[1]}{money[1]}"
        f"（{first['owner'][1]}，{first['due'][1]}）。",
    )


def _never_assessed(a: AccountProfile) -> Pair:
    """The risk of a customer never assessed: not rated (NR), or a grade resting on its payments alone."""
    if str(a.credit.get("grade")) == "NR":
        return (
            "Never assessed: not rated (NR) until the credit department assesses it.",
            "从未做过信用评估：在信用部评估之前不评级（NR）。",
        )
    return "Never assessed: the grade rests on payment behaviour alone.", "从未做过信用评估：信用等级只反映付款记录。"


def _no_phone(a: AccountProfile) -> tuple[str, str]:
    """When the customer's finance contact has no phone on file: who gets it first."""
    con = a.contacts
    if not {"role", "phone"} <= set(con.columns):
        return "", ""
    finance = con[con["role"].astype("str").str.contains("financ|财务", case=False) & con["phone"].isna()]
    if finance.empty:
        return "", ""
    who = "、".join(finance["name"].astype("str"))
    return (
        f" {', '.join(finance['name'].astype('str'))} has no phone number on file: the account manager gets it "
        "through the customer's purchasing contact first and records it in the contacts.",
        f"{who}没有登记电话：客户经理先通过客户的采购联系人取得电话，并登记到联系人资料中。",
    )

"""The words of an account plan, in English and Chinese: where the account stands, its objectives
and the credit they need, and its small tables, written from the figures of
:func:`kamtools.account_plan.account_profile` (which decides what the plan says,
:mod:`kamtools.account_plan_text`); the actions of the next quarter and the risks are in
:mod:`.plan_actions`.

Every text is a pair ``(English, Chinese)``; the page shows the report's language
(:func:`kamtools.report.plans.render`). Codes (tiers, stages, relationship steps, approval levels,
activity types, contact roles) read as their labels (:func:`kamtools.output.labels.value`), money in
the policy's currency and unit (:func:`kamtools.output.currency.money_unit`). The approval levels
are named after the policy given to :func:`kamtools.output.labels.use`.

>>> share(0.6543), points(-0.0023), points(0.0001), signed(0.99)
('65.4 %', '-0.2', '0.0', '+99.0 %')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..account_plan import AccountProfile
from ..account_plan_rules import arrears_grade, no_statement_cap
from ..output import labels
from ..output.currency import MoneyUnit, money_unit
from ..text import MISSING, is_missing, num
from .plan_credit_text import (
    after_cut,
    after_hold,
    after_reassess,
    at_terms_in_force,
    collected_above,
    cut_to_cash,
    immaterial_text,
    in_force,
    reassess_after,
    sized_need,
)
from .plan_ladder import ladder_line
from .plan_route_text import options, route_text

__all__ = ["Pair", "credit_check", "ladders", "standing"]

from .plan_words import Pair, cell_pair, known, label_pair, points, share, signed, whole


# ---------------------------------------------------------------------------- where it stands
def _ladder(scores: Mapping[str, float], skip: tuple[str, ...]) -> list[str]:
    """The steps of a ladder (policy scores), lowest first, without ``none`` and ``skip``."""
    return [k for k, _ in sorted(scores.items(), key=lambda kv: kv[1]) if k != "none" and k not in skip]


def ladders(a: AccountProfile, pol: Mapping) -> list[dict]:
    """The relationship's two ladders of the material, lowest step first: the state
    (transactional to strategic alliance) and the highest level of the customer we reach
    (operational staff to senior team); each step with its label and whether it is where the
    account is (``now``) or the objective (``target``)."""
    spol = pol["segments"]
    out = []
    for name, column, scores, skip, now, target in (
        (("Relationship level", "关系等级"), "relationship_state", spol["relationship_state_scores"], ("strained",),
         a.objectives["state"], a.objectives["state_target"]),
        (("Highest contact", "接触层级"), "relationship_level", spol["relationship_level_scores"], (),
         a.objectives["level"], a.objectives["level_target"]),
    ):  # fmt: skip
        steps = [{"label": cell_pair(column, s), "now": s == now, "target": s == target} for s in _ladder(scores, skip)]
        off = now not in _ladder(scores, skip) and now != "none"  # strained: below the ladder
        out.append({"name": name, "steps": steps, "off": off, "now": cell_pair(column, now)})
    return out


def _position(a: AccountProfile) -> Pair:
    p, m = a.profile, a.margin
    tier, stage = label_pair("tier", p["tier"]), label_pair("lifecycle", a.lifecycle["stage"])
    rank, of = f"{num(p['rank']):,.0f}", f"{num(p['accounts']):,.0f}"
    return (
        (
            f"{tier[0].capitalize()} in the {stage[0]} stage, ranked {rank} of {of} customers and prospects by "
            f"composite score; {share(p['revenue_share'])} of our revenue of the last 12 months.",
            f"{tier[1]}，处于{stage[1]}；综合评分在 {of} 个客户和潜在客户中排第 {rank} 位，占公司近12个月收入的 "
            f"{share(p['revenue_share'])}。",
        )
        if not is_missing(m["revenue_12m"])
        else ("", "")
    )


def _trend(a: AccountProfile, u: MoneyUnit) -> Pair:
    m = a.margin
    rev, prev = u.text(m["revenue_12m"]), u.text(m["revenue_prev_12m"])
    if known(m["revenue_12m"]) == 0 and known(m["revenue_prev_12m"]) == 0:
        grew = ("No revenue in the last 24 months", "近24个月没有收入")
    elif is_missing(m["growth"]):
        grew = (
            f"Revenue of the last 12 months {rev}, none in the 12 months before",
            f"近12个月收入 {rev}，上一个12个月无收入",
        )
    else:
        grew = (
            f"Revenue of the last 12 months {rev}, {signed(m['growth'])} on the 12 months before ({prev})",
            f"近12个月收入 {rev}，比上一个12个月（{prev}）{'增长' if m['growth'] >= 0 else '下降'} "
            f"{share(abs(m['growth']))}",
        )
    rate = share(m["margin_rate_12m"])
    moved = _points_pair(m)
    before = (
        ("", "")
        if not isinstance(moved, tuple)
        else (
            f" (12 months before: {share(m['margin_rate_prev_12m'])}, {moved[0]})",
            f"（上一个12个月 {share(m['margin_rate_prev_12m'])}，{moved[1]}）",
        )
    )
    place = _profit_place(m)
    return (
        f"{grew[0]}; margin {u.text(m['margin_12m'])} at a margin rate of {rate}{before[0]}. After the cost to "
        f"serve (discounts and selling time) it earns {u.text(m['profit'])}{place[0]}.",
        f"{grew[1]}；毛利 {u.text(m['margin_12m'])}，毛利率 {rate}{before[1]}。"
        f"扣除服务成本（折扣和销售时间）后利润 {u.text(m['profit'])}{place[1]}。",
    )


def _profit_place(m: pd.Series) -> Pair:
    """Where the account's profit after the cost to serve places it: its rank among the customers
    with business and whether it is in the group earning the policy's share of all profit (the
    ``most profitable`` class is that group, not a ranking of its own); a loss is said as a loss."""
    if m["profit_class"] not in ("most profitable", "profitable") or is_missing(m["profit_rank"]):
        cls = label_pair("profit_class", m["profit_class"])
        return f": {cls[0]}", f"，属于{cls[1]}"
    rank, of, top = whole(m["profit_rank"]), whole(m["profit_ranked"]), share(m["profit_top_share"])
    inside = m["profit_class"] == "most profitable"
    return (
        f", no. {rank} of {of} customers by that profit, {'in' if inside else 'outside'} the group that "
        f"together earns {top} of it",
        f"，按此利润在 {of} 家客户中排第 {rank} 位，{'属于' if inside else '不属于'}合计贡献 {top} 利润的客户群",
    )


def _wallet(a: AccountProfile, u: MoneyUnit) -> Pair:
    o = a.objectives
    if is_missing(o["wallet"]):
        return (
            "Share of wallet unknown: no estimate of what the customer buys a year in our category.",
            "钱包份额未知：尚无客户在本品类年采购额的估计。",
        )
    rest = u.text(max(known(o["wallet"]) - max(known(o["revenue"]), 0.0), 0.0))
    return (
        f"It buys about {u.text(o['wallet'])} a year in our category (wallet estimate): our share of wallet is "
        f"{share(o['wallet_share'])}, competitors supply about {rest}.",
        f"客户在本品类的年采购额估计为 {u.text(o['wallet'])}，我们的钱包份额为 {share(o['wallet_share'])}，"
        f"其余约 {rest}由竞争对手供应。",
    )


def _paused(a: AccountProfile) -> Pair | None:
    """Where credit comes first, what the relationship does instead of the level's strategy: under legal action
    nothing but the debt; on a grade without unsecured credit, keep the contacts while the grade recovers."""
    if a.objectives["revenue_why"] == "legal":
        return (
            "While the debt is with collections or legal action the plan takes no step up the relationship ladder: "
            "contacts serve the recovery of the debt.",
            "欠款移交催收/法务期间，本计划不推进客户关系升级：与客户的联系以收回欠款为目的。",
        )
    if bool(a.credit_check.get("no_unsecured", False)):
        return (
            "Until the grade recovers the plan keeps the contacts and the service as they are and takes no step up "
            "the relationship ladder that would ask for credit.",
            "评级恢复之前，本计划维持现有的联系和服务，不推进需要赊销支持的关系升级。",
        )
    return None


def _relationship(a: AccountProfile) -> Pair:
    o, r = a.objectives, a.relationship
    state = ("none recorded", "尚未建立") if o["state"] == "none" else label_pair("relationship_state", o["state"])
    level = ("nobody yet", "尚未接触") if o["level"] == "none" else label_pair("relationship_level", o["level"])
    kind = label_pair("relationship_type", r["relationship_type"])
    how = (
        ("", "")
        if r["relationship_type"] == "no purchases"
        else (f" By how it buys (its discounts and its contribution to margin) it is a {kind[0]}: a measure of its "
              "purchases, not of the relationship stage.",
              f"按采购方式（折扣占比和毛利贡献）划分，该客户属于{kind[1]}：这衡量的是采购方式，与关系阶段是两个不同的维度。")
    )  # fmt: skip
    lad = ladder_line(r, _paused(a))  # the level's history in one line and its strategy
    return (
        f"Relationship level: {state[0]}; the highest level of the customer we reach: {level[0]}.{how[0]}{lad[0]}",
        f"客户关系等级：{state[1]}；我们接触到的客户最高层级：{level[1]}。{how[1]}{lad[1]}",
    )


def _limit(a: AccountProfile, u: MoneyUnit) -> Pair:
    c = a.credit
    before = (
        ("no earlier grade on record", "无上次评级记录")
        if is_missing(c["previous_grade"])
        else ("unchanged", "与上次相同")
        if c["previous_grade"] == c["grade"]
        else (f"before: {c['previous_grade']}", f"上次 {c['previous_grade']}")
    )
    grade = (f"grade {c['grade']} ({before[0]})", f"信用等级 {c['grade']}（{before[1]}）")
    if arrears_grade(c):  # the arrears grade: the limit takes it while the long past-due invoices are open
        days = whole(a.credit_check.get("hold_days"))
        grade = (
            f"grade {c['grade']} ({before[0]}; the arrears grade while invoices more than {days} days past due are "
            f"open, scored {c['scored_grade']})",
            f"信用等级 {c['grade']}（{before[1]}；逾期超过 {days} 天的发票付清之前按逾期等级计算，评分等级为 "
            f"{c['scored_grade']}）",
        )
    if known(c["approved_limit"]) > 0:
        by = _approver(c)
        limit = (
            f"approved limit {u.text(c['approved_limit'])} (by {by[0]}, {c['approved_on'] or MISSING}); exposure "
            f"{u.text(c['exposure'])}, {share(c['utilization'])} of it",
            f"现有信用额度 {u.text(c['approved_limit'])}（{c['approved_on'] or MISSING} 由{by[1]}批准）；风险敞口 "
            f"{u.text(c['exposure'])}，为额度的 {share(c['utilization'])}",
        )
    else:
        limit = (
            f"no approved limit; exposure {u.text(c['exposure'])}",
            f"无批准的信用额度；风险敞口 {u.text(c['exposure'])}",
        )
    if known(c["overlimit"]) > 0:
        covered = known(c["overlimit"]) - known(c["overlimit_uncovered"])
        limit = (
            f"{limit[0]}, {u.text(c['overlimit'])} above the limit"
            + (f" ({u.text(covered)} covered by collateral)" if covered > 0.005 else ", none covered by collateral"),
            f"{limit[1]}，超额 {u.text(c['overlimit'])}"
            + (f"（其中 {u.text(covered)}有担保）" if covered > 0.005 else "，无担保"),
        )
    return (f"Credit: {grade[0]}; {limit[0]}.", f"信用：{grade[1]}；{limit[1]}。")


def _approver(c: pd.Series) -> Pair:
    """Who approved the limit in force: the level's name, or the approver's name with the level
    (in the Chinese, a name in Latin letters between spaces)."""
    en, zh = _approver_names(c)
    return en, f" {zh} " if re.search("[A-Za-z]", zh) else zh


def _approver_names(c: pd.Series) -> Pair:
    """Who approved the limit in force by the label registry's name (one name per level of the ladder,
    :func:`kamtools.output.labels.value`), in English and Chinese."""
    name = c["approved_by"]
    if is_missing(name):
        return MISSING, MISSING
    return str(labels.value("approved_by", str(name).strip(), "en")), str(
        labels.value("approved_by", str(name).strip(), "zh")
    )


def _recommendation(a: AccountProfile, u: MoneyUnit) -> Pair:
    c = a.credit
    change, approval, action = (
        known(c["limit_change"]),
        label_pair("approval_level", c["approval_level"]),
        label_pair("action", c["action"]),
    )
    rule = label_pair("limit_rule", c["limit_rule"])
    if no_statement_cap(c):
        starter = u.text(c.get("starter_limit"))  # the missing statement caps the limit too: said with the basis
        rule = (f"{rule[0]}; no usable financial statement: unsecured at most grade {c['grade']}'s starting limit "
                f"of {starter}",
                f"{rule[1]}；无可用财务报表：无担保额度最多为 {c['grade']} 级的起始额度 {starter}")  # fmt: skip
    if bool(c.get("cash_in_advance", False)) and not is_missing(c.get("payment_terms_days")):
        days = whole(c["payment_terms_days"])  # the credit page's terms: said where its limit is
        action = (f"{action[0]}; payment terms: cash in advance (was {days} days)",
                  f"{action[1]}；付款条件：预付现金（原{days}天）")  # fmt: skip
        if known(c["recommended_limit"]) > 0:  # a limit with no terms: what it is for
            rec, owed = u.text(c["recommended_limit"]), known(c.get("exposure"))
            action = (
                (f"{action[0]}: the limit of {rec} only carries what is owed today while it is paid, new orders are "
                 "paid first",
                 f"{action[1]}：额度 {rec}只承接现有欠款至其付清，新订单款到发货")
                if owed <= known(c["recommended_limit"]) + 0.5
                else (f"{action[0]}: the limit of {rec} is below today's exposure of {u.text(owed)}: the rest is "
                      "collected, new orders are paid first",
                      f"{action[1]}：额度 {rec}低于现有风险敞口 {u.text(owed)}，超出部分须收回，新订单款到发货")
            )  # fmt: skip
    elif not is_missing(a.credit_check.get("review_terms_days")):  # shorter terms filed with the limit
        days, short = whole(c["payment_terms_days"]), whole(a.credit_check["review_terms_days"])
        action = (f"{action[0]}; payment terms: {short} days (was {days})",
                  f"{action[1]}；付款条件：{short}天（原{days}天）")  # fmt: skip
    if bool(c.get("amount_rule_only", False)):  # the fixed amount the credit page asks the credit department to review
        rule = (f"{rule[0]}: only the overdue rule's fixed amount holds it (a few days late, below the rule's share), "
                "which the credit department reviews as the credit page asks; the rule stands until then",
                f"{rule[1]}：仅因逾期金额超过规则的固定金额而被冻结（逾期仅数天、比例未超标），信用评审页已请信用部复核该金额，"
                "复核前按现行规则执行")  # fmt: skip
    if change == 0:
        moved = ("no change", "不变")
    else:
        moved = (
            f"{'+' if change > 0 else '−'}{u.text(abs(change))}, approval: {approval[0]}",
            f"{'增加' if change > 0 else '降低'} {u.text(abs(change))}，审批：{approval[1]}",
        )
    return (
        f"Recommended limit {u.text(c['recommended_limit'])} ({moved[0]}; basis: {rule[0]}); action: {action[0]}.",
        f"建议信用额度 {u.text(c['recommended_limit'])}（{moved[1]}；依据：{rule[1]}）；处理建议：{action[1]}。",
    )


def _overdue(a: AccountProfile, u: MoneyUnit) -> Pair:
    ag = a.aging
    if known(ag["overdue"]) <= 0:
        return ("Nothing overdue.", "没有逾期应收账款。")
    part = share(known(ag["overdue"]) / known(ag["total"])) if known(ag["total"]) > 0 else MISSING
    level = _dunning(a)
    return (
        f"Overdue {u.text(ag['overdue'])} ({part} of what it owes, {u.text(ag['total'])}); the oldest invoice is "
        f"{whole(ag['max_days_past_due'])} days past due.{level[0]}",
        f"逾期 {u.text(ag['overdue'])}（占应收账款 {u.text(ag['total'])}的 {part}），最长逾期 {whole(ag['max_days_past_due'])} 天。"
        f"{level[1]}",
    )


def _dunning(a: AccountProfile) -> Pair:
    """The account's dunning level (催款等级, :func:`kamtools.receivables.dunning`), who acts (the level's name
    says what it calls for), and whether it rose since last month; empty below the first level."""
    d = a.dunning
    if d.empty or is_missing(d.get("dunning_level")) or d["dunning_level"] == "none":
        return "", ""
    level, actor = label_pair("dunning_level", d["dunning_level"]), label_pair("actor", d["actor"])
    up = bool(d.get("moved_up", False))
    legal = a.credit_check.get("legal_days")
    if d.get("dunning_action") == "legal" and str(a.credit.get("action", "")) != "legal" and not is_missing(legal):
        # the ladder's legal level comes before the credit policy's legal hand-over: who collects until then
        days = whole(legal)
        return (
            f" Dunning level: {level[0]}{', up since last month' if up else ''}; the debt goes to legal action once an "
            f"invoice is more than {days} days past due (the credit policy's hand-over): until then the account "
            "manager collects (the actions below).",
            f"催收等级：{level[1]}{'，比上月升级' if up else ''}；按信用政策，有发票逾期超过 {days} 天才移交法务，在此之前由"
            "客户经理催收（见下方行动）。",
        )
    calls = (  # the level's own step by its actor; the calls stay the account manager's, as on the worklist
        ("; the account manager keeps calling, as the collection worklist has it", "；客户经理仍按催收清单电话催收")
        if d.get("actor") not in ("account_manager", "legal") and str(a.credit.get("action", "")) != "legal"
        else ("", "")
    )
    return (
        f" Dunning level: {level[0]}, by the {actor[0]}{', up since last month' if up else ''}{calls[0]}.",
        f"催收等级：{level[1]}，由{actor[1]}负责{'，比上月升级' if up else ''}{calls[1]}。",
    )


def standing(a: AccountProfile, pol: Mapping) -> list[Pair]:
    """Where the account stands, in sentences: tier and stage, revenue and margin over 12 months,
    share of wallet, relationship, credit limit, the recommended limit and action, overdue."""
    u = money_unit(pol)
    texts = [
        _position(a),
        _trend(a, u),
        _wallet(a, u),
        _relationship(a),
        _limit(a, u),
        _recommendation(a, u),
        _overdue(a, u),
    ]
    return [t for t in texts if t[0]]


def credit_check(a: AccountProfile, pol: Mapping) -> dict:
    """Whether the recommended limit carries the revenue objective: ``status`` (``ok``, ``short``
    or ``hold``), the sentence and, when it does not carry it, the options that would."""
    u, k = money_unit(pol), a.credit_check
    orders = (
        (f", plus open orders of {u.text(k['open_orders'])}", f"，另加未开票订单 {u.text(k['open_orders'])}")
        if known(k["open_orders"]) > 0
        else ("", "")
    )
    on_credit = (  # every order paid in advance once the plan's limit is approved: the need is hypothetical
        ("On credit, the revenue objective would use", "如按赊销，收入目标约需")
        if cut_to_cash(a.credit)
        else ("The revenue objective uses", "收入目标约需")
    )
    terms = (  # sized at the credit page's shorter terms, where it shortens them
        (f"the credit page's {whole(k['review_terms_days'])} days' terms (was {whole(k['terms_in_force_days'])}) and "
         "grace", f"按信用评审建议的 {whole(k['review_terms_days'])} 天账期（原 {whole(k['terms_in_force_days'])} 天）加宽限期共")
        if not is_missing(k.get("review_terms_days")) else ("terms and grace", "账期加宽限期")
    )  # fmt: skip
    need = (
        f"{on_credit[0]} about {u.text(k['need'])} of credit ({u.text(k['monthly'])} a month for "
        f"{whole(k['credit_days'])} days of {terms[0]}{orders[0]})",
        f"{on_credit[1]} {u.text(k['need'])}的信用额度（每月 {u.text(k['monthly'])}，{terms[1]} "
        f"{whole(k['credit_days'])} 天{orders[1]}）",
    )
    limit = u.text(k["recommended_limit"])
    if a.objectives["revenue_why"] == "legal":  # no objective on credit: the debt is with legal action
        legal = (
            "No credit for new business: the limit is withdrawn while the debt is with collections or legal "
            "action, and supply stops until the whole debt is paid, which alone releases the hold.",
            "新业务不给予信用：欠款移交催收/法务期间额度收回，停止供货，只有付清全部欠款才解除冻结。",
        )
        return {"status": "hold", "text": legal, "options": [], "route": ("", "")}
    need = sized_need(k, u, need)
    if k["hold"]:
        return {"status": "hold", "text": _held(a, need, u, pol), "options": [], "route": ("", "")}
    if not k["carries"] and bool(k.get("price_first", False)):  # a loss-maker: the prices first
        limit_text = u.text(k["recommended_limit"])
        return {
            "status": "ok",
            "text": (
                f"{need[0]}: more than the recommended limit of {limit_text}, but until the price review no larger "
                "limit is asked: the account loses money after the cost to serve; the plan files the recommended one.",
                f"{need[1]}，超过建议信用额度 {limit_text}；但价格复核之前不申请更多额度：该客户扣除服务成本后亏损，"
                "按建议额度报批。",
            ),
            "options": [],
            "route": ("", ""),
        }
    if not k["carries"] and k.get("route_route") == "recommended":  # short by less than the policy's materiality
        text = tuple(t + o for t, o in zip(immaterial_text(k, u, need), at_terms_in_force(k, u), strict=True))
        return {"status": "ok", "text": text, "options": [], "route": ("", "")}
    if k["carries"]:
        return {
            "status": "ok",
            "text": (
                f"{need[0]}; the recommended limit of {limit} carries it.{collected_above(k, u)[0]}"
                f"{at_terms_in_force(k, u)[0]}",
                f"{need[1]}；建议信用额度 {limit}足以支持。{collected_above(k, u)[1]}{at_terms_in_force(k, u)[1]}",
            ),
            "options": [],
            "route": ("", ""),
        }
    other = at_terms_in_force(k, u)
    return {
        "status": "short",
        "text": (
            f"{need[0]}: more than the recommended limit of {limit}.{other[0]}",
            f"{need[1]}，超过建议信用额度 {limit}。{other[1]}",
        ),
        "route": route_text(a, u),
        "options_title": ("Other ways, should the approver decline:", "如审批人不同意，其他做法："),
        "options": options(k, u),
    }


def _held(a: AccountProfile, need: Pair, u: MoneyUnit, pol: Mapping) -> Pair:
    """The credit check of a held account: what releases the hold (against the limit in force and the one the plan
    files), cash in advance where the plan's limit leaves no terms, and when the objective's limit is asked."""
    k = a.credit_check
    days = int(pol["credit"]["limit"]["hold_days_past_due"])
    rules = _rules_text(k.get("hold_rules", ""), days)
    release, now, later = known(k.get("release_amount")), in_force(a.credit, u), after_cut(a.credit, u)
    after = (
        (f" waits until the hold is released, once {u.text(release)} is collected (the credit-holds list's "
         f"amount{now[0]})",
         f"：收回 {u.text(release)}（与信用冻结清单的金额一致{now[1]}）、冻结解除后再执行目标")
        if release > 0
        else reassess_after(k)
    )  # fmt: skip
    text = (
        (f"{need[0]}; the account is on credit hold ({rules[0]}).{later[0]} The objective is sold against payment "
         "in advance.",
         f"{need[1]}；客户处于信用冻结（{rules[1]}）。{later[1]}目标按预付现金执行。")
        if cut_to_cash(a.credit)  # the plan's limit leaves no credit: releasing the hold changes nothing
        else (f"{need[0]}; while the account is on credit hold ({rules[0]}) it grows nothing on credit: the "
              f"objective{after[0]}.{later[0]}",
              f"{need[1]}；客户处于信用冻结（{rules[1]}），冻结解除之前不在赊销上增长{after[1]}。{later[1]}")
    )  # fmt: skip
    text = (
        after_reassess(k, u, text, known(a.credit["approved_limit"]))
        if k.get("route_route") == "after_reassess"
        else after_hold(k, u, text)
    )
    return text


def hold_rules_text(a: AccountProfile) -> Pair:
    """The hold rules in force for the account, as the credit page's hold list names them."""
    return _rules_text(a.credit.get("hold_rules", ""), None)


def _rules_text(codes: Any, days: int | None) -> Pair:
    """Hold rules (``"over_limit, overdue"``) by their names; none: an invoice past the hold days."""
    names = [r.strip() for r in ("" if is_missing(codes) else str(codes)).split(",") if r.strip()]
    if not names:
        if days is None:
            return "invoices past the hold days", "发票逾期超过冻结天数"
        return f"an invoice over {days} days past due", f"有发票逾期超过 {days} 天"
    return ", ".join(label_pair("hold_rule", r)[0].lower() for r in names), "、".join(
        label_pair("hold_rule", r)[1] for r in names
    )


def _points_pair(m: pd.Series) -> Pair | str:
    """The change of the margin rate in points (a cell of the key numbers)."""
    if is_missing(m["margin_rate_12m"]) or is_missing(m["margin_rate_prev_12m"]):
        return MISSING
    moved = points(float(m["margin_rate_12m"]) - float(m["margin_rate_prev_12m"]))
    if moved == "0.0":  # rounded to no change: no change is printed as one
        return "about flat", "基本持平"
    return f"{moved} pt", f"{moved} 个百分点"


def _change(now: Any, before: Any) -> float:
    return known(now) / known(before) - 1 if known(before) > 0 else float("nan")

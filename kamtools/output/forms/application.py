"""The credit limit application (客户授信申请表) of one customer: the current limit with the
exceptions of its approval (beyond authority, on a stale basis), the recommended limit, exposure,
the customer's group of companies, its credit hold, and the approvals the change needs and why.

The group and the hold come from book-wide results computed once per run
(:func:`kamtools.credit.group_members`, :func:`kamtools.credit.group_exposure`,
:func:`kamtools.credit.holds`); the sheet reads one customer's rows of them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from ... import credit
from ...money import from_cents, to_cents
from .fast import form_sheet
from .layout import DATE, MONEY, PERCENT, _coded, _num, _Sheet, bilingual, period_line, reason_label, say
from .scoring import grade_fields, not_rated_text, override_line

#: What the limit of a customer not rated is, by ``credit.not_rated.limit_rule`` (``{cap}``:
#: ``credit.not_rated.initial_limit``): English and Chinese.
NOT_RATED_RULES: dict[str, tuple[str, str]] = {
    "investigate": ("no change to the approved limit until the customer is rated", "评级前维持现有额度"),
    "initial": ("the terms need, at most {cap}, until the customer is rated", "评级前按账期需求授信，最多{cap}元"),
    "zero": ("no credit (cash only) until the customer is rated", "评级前不授信（现款交易）"),
}


def not_rated_rule(policy: Mapping, language: str = "both") -> str:
    """The policy's limit rule for customers not rated (NR, ``credit.not_rated.limit_rule``), in words in
    ``language``.

    >>> from kamtools.policy import load_policy
    >>> not_rated_rule(load_policy())
    'no change to the approved limit until the customer is rated 评级前维持现有额度'
    >>> not_rated_rule(load_policy({"credit": {"not_rated": {"limit_rule": "initial", "initial_limit": 20000}}}), "zh")
    '评级前按账期需求授信，最多20,000元'
    """
    nr = policy["credit"]["not_rated"]
    en, zh = NOT_RATED_RULES[str(nr["limit_rule"])]
    cap = f"{float(nr['initial_limit']):,.0f}"
    return bilingual(en.format(cap=cap), zh.format(cap=cap), language)


def proposed_terms(lim: pd.Series, language: str = "both") -> str:
    """The proposed payment terms of a limit row in words in ``language``: cash in advance (0 days),
    shortened, or the terms in force.

    >>> proposed_terms(pd.Series({"proposed_terms_days": 0, "payment_terms_days": 45}))
    'cash in advance (0 days) in place of 45 days 预付现金（原45天）'
    >>> proposed_terms(pd.Series({"proposed_terms_days": 30, "payment_terms_days": 45}), "en")
    '30 days, shortened from 45 days'
    >>> proposed_terms(pd.Series({"proposed_terms_days": 45, "payment_terms_days": 45}), "zh")
    '维持45天'

    A legal case (action ``legal``: its limit withdrawn) has no terms on credit at all:

    >>> proposed_terms(pd.Series({"proposed_terms_days": 0, "payment_terms_days": 60, "action": "legal"}), "zh")
    '无赊销：撤销额度，欠款移交催收/法务，仅凭预付现金供货（原60天）'
    """
    new, now = int(lim["proposed_terms_days"]), int(lim["payment_terms_days"])
    if lim.get("action") == "legal":
        return bilingual(
            f"no credit: the limit is withdrawn and the debt handed to collections or legal action, supply only "
            f"against cash in advance (was {now} days)",
            f"无赊销：撤销额度，欠款移交催收/法务，仅凭预付现金供货（原{now}天）",
            language,
        )
    if new == now:
        return bilingual(f"{new} days, as in force", f"维持{new}天", language)
    if new == 0:
        return bilingual(f"cash in advance (0 days) in place of {now} days", f"预付现金（原{now}天）", language)
    return bilingual(f"{new} days, shortened from {now} days", f"由{now}天缩短为{new}天", language)


def _text(row: pd.Series, col: str) -> str:
    """A text column of the customer's limit row ("" when missing or empty)."""
    value = row.get(col)
    return "" if value is None or pd.isna(value) else str(value)


def _customer(s: _Sheet, ctx: dict) -> None:
    cust, sc = ctx["customer"], ctx["score"]
    s.section("Customer 客户", 5)
    s.field(s.label("customer_id"), cust["customer_id"])
    s.field(s.label("name"), cust["name"])
    s.field(s.label("account_manager"), cust["account_manager"])
    for label, value in grade_fields(sc, ctx.get("limits"), s.language):
        s.field(label.replace("Grade 信用等级", "Credit grade 信用等级"), value)
    s.field("Score 信用得分", _num(sc["score"]), "0.00")
    nr = not_rated_text(sc, ctx["policy"], s.language)
    if nr is not None:
        s.field("Not rated 未评级", nr)
    s.field("Analyst override 人工调整", override_line(sc, s.language))
    s.skip()


def _current(s: _Sheet, lim: pd.Series) -> None:
    s.section("Current limit 现有额度", 5)
    s.field("Approved credit limit 现有信用额度", _num(lim["approved_limit"]), MONEY)
    s.field("Approved by 审批人", _coded(s, "approved_by", lim["approved_by"]))
    s.field("Approved on 审批日期", lim["approved_on"], DATE)
    if "limit_source" in lim:  # the latest approval, or an analyst's override in force that replaces it
        s.field("Limit in force from 现行额度来源", _coded(s, "limit_source", _text(lim, "limit_source")))
    if _num(lim["collateral"]) is None and lim.get("limit_source", "") != "":
        # the override's reason names collateral or a guarantee and no value is recorded: said, not shown as 0
        unvalued = (
            "not recorded: the override's reason names collateral or a guarantee; the credit department records its "
            "value (until then it covers nothing)",
            "未录入：人工调整理由提到抵押物或担保，由信用部补录其金额（补录之前不计担保）",
        )
        s.field("Collateral 担保金额", s.pick(*unvalued))
    else:
        s.field("Collateral 担保金额", _num(lim["collateral"]), MONEY)
    s.field(
        "Exceptions of this approval 审批例外事项",
        _coded(s, "exceptions", _text(lim, "exceptions")) or s.pick("none", "无"),
    )
    s.skip()


def _recommended(s: _Sheet, ctx: dict) -> None:
    lim, sc = ctx["limits"], ctx["score"]
    s.section("Recommended limit 建议额度", 5)
    s.field("Average monthly purchases 月均采购额", _num(lim["avg_monthly_purchases"]), MONEY)
    s.field("Payment terms + grace days 付款期限+宽限天数", f"{lim['payment_terms_days']:g} + {lim['grace_days']:g}")
    s.field("Terms need 按账期信用需求", _num(lim["terms_need"]), MONEY)
    s.field(s.pick(f"Multiplier for grade {lim['grade']}", f"{lim['grade']}级系数"), _num(lim["multiplier"]), "0.00")
    s.field("Equity 所有者权益", _num(lim["equity"]), MONEY)
    s.field("Working capital 营运资金", _num(lim["working_capital"]), MONEY)
    s.field("Capacity cap 偿付能力上限", _num(lim["capacity_cap"]), MONEY)
    s.field("Secured by collateral 担保额度", _num(lim["secured_limit"]), MONEY)
    if sc["grade"] == credit.NOT_RATED:
        s.field("Limit rule, not rated 未评级客户额度规则", not_rated_rule(ctx["policy"], s.language))
    if _num(lim["override_limit"]) is not None:
        s.field("Analyst override limit 人工调整额度", _num(lim["override_limit"]), MONEY)
        if _text(lim, "override_status"):
            s.field("Override in force 调整是否生效", _coded(s, "override_status", _text(lim, "override_status")))
        s.field(reason_label(sc.get("override_reason")), _coded(s, "override_reason", sc.get("override_reason")))
    s.field("Recommended credit limit 建议信用额度", _num(lim["recommended_limit"]), MONEY)
    s.field("Proposed payment terms 建议付款期限", proposed_terms(lim, s.language))
    s.field("Reason 依据", _coded(s, "limit_reason", str(lim["limit_reason"])))
    s.field("Action 处理建议", _coded(s, "action", str(lim["action"])))
    s.field("Change 调整金额", _num(lim["limit_change"]), MONEY)
    level = str(lim["approval_level"])
    names = credit.level_names(ctx["policy"])
    s.field("Approval level 审批权限", s.pick(*names[level]) if level in names else _coded(s, "approval_level", level))
    s.field("Why this level 审批依据", _coded(s, "approval_reason", _text(lim, "approval_reason")) or None)
    s.skip()


def _exposure(s: _Sheet, lim: pd.Series) -> None:
    s.section("Exposure 信用风险敞口", 5)
    s.field("Open receivables 应收账款余额", _num(lim["open_receivables"]), MONEY)
    s.field("Open orders 未开票订单", _num(lim["open_orders"]), MONEY)
    s.field("Exposure 风险敞口", _num(lim["exposure"]), MONEY)
    s.field("Utilization 额度使用率", _num(lim["utilization"]), PERCENT)
    s.field("Arrears past the hold days 超过冻结天数的欠款", _num(lim["arrears"]), MONEY)
    s.field("Month ends overdue, last 12 近12个月逾期月数", _num(lim["overdue_month_ends_12m"]), "0")
    s.field("Headroom 可用额度", _num(lim["headroom"]), MONEY)
    s.field("Over the limit 超额", _num(lim["overlimit"]), MONEY)
    s.field("Over the limit, not covered by collateral 超额且无担保", _num(lim["overlimit_uncovered"]), MONEY)
    s.field("Re-review reasons 复审原因", _coded(s, "review_reasons", lim["review_reasons"]) or None)
    s.skip()


def _adds_to_group(member: pd.Series, language: str) -> str:
    """Whether the customer adds to a group over its group limit, and how, in ``language``."""
    if not bool(member["over_group_limit"]):
        if pd.isna(member["group_limit"]):
            return bilingual("no: no group limit", "否：无集团额度", language)
        return bilingual("no: the group is within its group limit", "否：集团未超额", language)
    if float(member["exposure"]) <= 0:
        return bilingual("no: no exposure", "否：无风险敞口", language)
    if bool(member["pushes_group_over"]):
        return bilingual(
            "yes: within its own limit, in a group over its group limit", "是：未超自身额度，但集团超额", language
        )
    return bilingual(
        "yes: over its own limit, in a group over its group limit", "是：超出自身额度，且集团超额", language
    )


def _group(s: _Sheet, ctx: dict) -> None:
    """The customer's group of companies (集团客户) against the group limit, or that it has none."""
    s.section("Group 集团", 5)
    member, group = ctx.get("member"), ctx.get("group")
    if member is None or group is None:
        s.field("Group of companies 集团客户", s.pick("not part of a group", "非集团客户"))
        s.skip()
        return
    s.field("Top company of the group 集团母公司", member["group_id"])
    s.field("Name of the top company 母公司名称", member["group_name"])
    s.field(s.label("depth"), int(member["depth"]), "0")
    s.field(s.label("members"), int(group["members"]), "0")
    s.field(s.label("group_exposure"), _num(group["exposure"]), MONEY)
    limit = _num(group["group_limit"])
    if limit is None:
        s.field(s.label("group_limit"), s.pick("no group limit approved", "未核定集团额度"))
    else:
        room = int(to_cents(limit)) - int(to_cents(float(group["exposure"])))
        s.field(s.label("group_limit"), limit, MONEY)
        s.field(
            s.label("group_limit_approved_by"), _coded(s, "group_limit_approved_by", group["group_limit_approved_by"])
        )
        s.field(s.label("group_limit_approved_on"), group["group_limit_approved_on"], DATE)
        s.field("Group headroom 集团可用额度", from_cents(max(room, 0)), MONEY)
        s.field(s.label("group_overlimit"), _num(group["group_overlimit"]), MONEY)
    s.field(s.label("pushes_group_over"), _adds_to_group(member, s.language))
    s.skip()


def hold_rules(hold: pd.Series, language: str = "both") -> list[tuple[str, str]]:
    """Each rule that holds the customer (its name) with what releases it, in ``language``.

    ``hold`` is the customer's row of :func:`kamtools.credit.holds`, whose ``release`` gives one
    sentence per rule that fired, in the order of ``rules``, joined by ``"; "`` (each read through the
    label registry's ``release`` sentences). When the sentences cannot be paired with the rules, the
    whole ``release`` follows the rules.

    >>> hold_rules(pd.Series({"rules": "past_due, grade", "release": "pay 1,000; cash in advance"}))
    [('Invoice long past due 长期逾期', 'pay 1,000'), ('Credit grade 信用等级', 'cash in advance')]
    >>> hold_rules(pd.Series({"rules": "grade", "release": "a new credit assessment with a better grade than C, "
    ...     "or cash in advance"}), "zh")
    [('信用等级', '重新评估且等级优于C，或预付现金')]
    """
    rules = [r for r in str(hold["rules"]).split(", ") if r]
    names = [bilingual(*credit.HOLD_RULES[r], language) if r in credit.HOLD_RULES else r for r in rules]
    release = str(hold["release"])
    parts = release.split("; ")
    if len(parts) == len(rules):
        return [(name, say("release", part, language)) for name, part in zip(names, parts)]
    return [(name, "") for name in names] + [
        (bilingual("What releases the hold", "解除条件", language), say("releases", release, language))
    ]


def _hold(s: _Sheet, ctx: dict) -> None:
    """Whether the customer's orders are held (信用冻结), by which rules, and what releases them."""
    s.section("Credit hold 信用冻结", 5)
    hold = ctx.get("hold")
    if hold is None:
        s.field("Orders held 订单冻结", s.pick("no hold", "未冻结"))
        s.skip()
        return
    n = int(hold["rules_fired"])
    s.field("Orders held 订单冻结", s.pick(f"yes: {n} rule{'s' if n != 1 else ''} fired", f"是：触发{n}条规则"))
    s.header(["Rule 规则", "What releases it 解除条件"])
    for name, release in hold_rules(hold, s.language):
        s.values([name, release])
    s.skip()


def _approvals(s: _Sheet, ctx: dict) -> None:
    level = str(ctx["limits"]["approval_level"])
    names = credit.level_names(ctx["policy"])
    s.section("Approvals 审批意见", 5)
    s.header(["Level 审批层级", "Required 需审批", "Name 姓名", "Opinion 意见", "Signature and date 签字日期"])
    keys = [lv["key"] for lv in ctx["policy"]["credit"]["approval_levels"]]
    needed = len(keys) if level == credit.ABOVE_LADDER else keys.index(level) if level in keys else -1
    for i, key in enumerate(keys):
        s.values([s.pick(*names[key]), s.pick("yes", "是") if i <= needed else s.pick("no", "否"), None, None, None])
    s.skip()
    s.field("Applicant 申请人", ctx["customer"]["account_manager"])
    s.field("Date of application 申请日期", None)


def application_sheet(ws: Worksheet, ctx: dict) -> None:
    """Write the limit application of one customer (``ctx``: policy, period, as_of, customer,
    score, limits; ``member``, ``group`` and ``hold``: its rows of the group and hold lists, or
    None when it is in no group or not held)."""
    s = form_sheet(ws, (46, 24, 24, 16, 24), ctx.get("looks"), ctx.get("language", "both"))
    s.title("客户授信申请表", "Credit limit application", period_line(s, ctx), 5)
    _customer(s, ctx)
    _current(s, ctx["limits"])
    _recommended(s, ctx)
    _exposure(s, ctx["limits"])
    _group(s, ctx)
    _hold(s, ctx)
    _approvals(s, ctx)

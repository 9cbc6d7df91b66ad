"""The labels of value codes, in English and Chinese (declarative; :mod:`kamtools.output.labels`
looks them up).

:data:`CODES` holds the codes of each domain (a segment, an action, a hold rule, an aging
bucket ...), :data:`DOMAINS` the domain of the codes a column holds where the column is not
named after it. Some columns hold several codes (``rules``: ``over_limit, past_due``) or
sentences made from a template with numbers (``review_reasons``: ``utilization 139 % above
90 %``): :data:`LISTS` says how they split into parts, :data:`PHRASES` how each part reads in
Chinese. The approval levels are the policy's (:func:`kamtools.output.labels.use`).

>>> CODES["hold_rule"]["over_limit"], CODES["table"]["credit_factors"]
(('Receivables over the limit', '应收超额'), ('Credit factors', '定性信用因素'))
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import strategies as st
from ..credit import HOLD_RULES, ITEMS, RATIOS
from ..receivables import bucket_names
from ..schema import TABLES
from .calendar_columns import CALENDAR_CODES, CALENDAR_DOMAINS
from .call_columns import CALL_CODES, CALL_DOMAINS
from .column_format import bucket_label
from .credit_phrases import (
    APPROVAL_PARTS,
    EXCEPTIONS,
    INNER,
    LIMIT_PARTS,
    OVERDUE_RELEASE,
    OVERRIDE_PARTS,
    OVERRIDE_WHY,
    PROVISION_TERM,
    RAISED_TO,
    RATIO_REASONS,
    REVIEW_REASONS,
    SIGNED_CHANGE,
)
from .dispute_phrases import COLLECTION_CODES, COLLECTION_DOMAINS, SPECIFIC_PARTS, with_disputed
from .phrases import _N, Phrase, _p
from .table_descriptions import TABLE_DESCRIPTIONS_EN, TABLE_DESCRIPTIONS_ZH


def _concept(strategies: Mapping[str, st.Strategy]) -> dict[str, tuple[str, str]]:
    return {code: (s.term, s.zh) for code, s in strategies.items()}


#: A move on the relationship ladder (kamtools.segments.relationship_history).
_MOVES = {
    "up": ("up", "上升"),
    "down": ("down", "下降"),
    "same": ("unchanged", "不变"),
    "first": ("first record", "首次记录"),
}

#: Value codes by domain: code -> (English, Chinese).
CODES: dict[str, dict[str, tuple[str, str]]] = {
    **{name: _concept(concept) for name, concept in st.CONCEPTS.items()},
    "bool": {"True": ("yes", "是"), "False": ("no", "否")},
    "none": {"none": ("none", "无")},
    "capacity_basis": {"equity": ("equity", "所有者权益"), "working capital": ("working capital", "营运资金")},
    "combine": {"greater": ("greater", "高"), "lesser": ("lesser", "低")},
    "status": {
        **_concept(st.STATUS),
        "stable": ("stable", "稳定"),
        "watch": ("watch", "关注"),
        "shift": ("shifted", "明显偏移"),
    },
    "bucket": {name: bucket_label(name) for name in bucket_names()},
    "credit_view": {  # the credit page's view of a customer on a sales list (kamtools.credit.credit_view)
        "legal": ("stop supply: collections / legal", "停止供货，移交催收/法务"),
        "hold": ("on credit hold", "信用冻结"),
        "collect": ("collect first", "先收款"),
        "cut": ("limit cut", "降额"),
        "": ("no credit objection", "信用无异议"),
    },
    "follow_up": {  # who follows up a debtor of the collection worklists (kamtools.receivables.worklist)
        "call": ("account manager calls", "客户经理催收"),
        "legal": ("legal follow-up", "法务跟进"),
    },
    "action": {
        "legal": ("withdraw the limit, hand to legal", "撤销额度/移交法务"),
        "hold": ("past-due hold: no increase", "逾期冻结：不增额"),
        "investigate": ("investigate first", "先调查"),
        "statement_first": ("financial statement first", "先取得财务报表"),
        "collect": ("collect first", "先收款"),
        "reduce_with_plan": ("reduce in steps (a large cut of a limit in use)", "分步降额（在用额度的大幅下调）"),
        "decrease": ("decrease", "降额"),
        "increase": ("increase", "增额"),
        "keep": ("keep", "维持"),
        "withdraw": ("withdraw", "撤销额度"),
    },
    "limit_rule": {
        "legal": ("invoice past the legal days: limit withdrawn", "逾期超过法律程序天数：撤销额度"),
        "investigate": ("assessment stale or missing", "评估过期或缺失"),
        "hold": ("invoice past the hold days", "逾期超过冻结天数"),
        "overdue": ("overdue above the hold's share or amount", "逾期超过冻结比例或金额"),
        "credit_hold": ("on credit hold: no increase", "信用冻结：不增额"),
        "reassess": ("assessment lapsing: re-assess first", "评估即将到期：先重新评估"),
        "materiality": ("change below the materiality band", "变动低于重要性阈值"),
        "starter": ("no statement: at most the starter limit", "无财务报表：不超过起始额度"),
        "statement_first": (
            "no statement: obtain it first, the limit capped at the exposure meanwhile",
            "无财务报表：先取得报表，其间额度以风险敞口为上限",
        ),
        "initial": ("initial limit of a new account", "新客户初始额度"),
        "capacity": ("capped by capacity", "受偿付能力限制"),
        "grade": ("grade's share of the terms need", "按等级折算的账期需求"),
        "need": ("terms need", "账期需求"),
        "collateral": ("terms need, partly secured", "账期需求（部分有担保）"),
        "dormant": ("no purchases: withdrawn", "无采购：撤销"),
        "short_history": (
            "short history: the lesser of approved and starter limit",
            "交易历史短：现有额度与起始额度的较低者",
        ),
        "override": ("analyst's override", "人工调整"),
        "not_rated": ("not rated", "未评级"),
    },
    "hold_rule": dict(HOLD_RULES),
    "breach": {
        "no_limit": ("exposure without an approved limit", "无批准额度"),
        "over_limit": ("exposure over the approved limit", "超出批准额度"),
        "beyond authority": ("beyond the approver's authority", "超出审批权限"),
        "approver not on the ladder": ("approver on no level of authority", "审批人不在审批权限内"),
    },
    "promise_status": {
        "kept": ("kept", "已兑现"),
        "kept_early": ("kept (early)", "已兑现（提前）"),
        "broken": ("broken", "未兑现"),
        "pending": ("pending", "待兑现"),
        "open": ("open", "未到期"),
        "due": ("due", "到期待付"),
    },
    # whose margin the recovery equation uses (kamtools.receivables.customer_margin)
    "margin_basis": {
        "own": ("the customer's own", "客户自身毛利率"),
        "book": (
            "all customers' average (no positive margin of its own)",
            "全部客户平均（该客户近12个月无采购或毛利不为正）",
        ),
    },
    # where a collection target comes from (kamtools.receivables.collection_targets)
    "target_source": {
        "table": ("collection targets table", "回款目标表"),
        "policy": ("policy", "政策规定"),
        "share": ("share of what fell due (no target recorded)", "按当月到期款比例（未录入目标）"),
    },
    "better": {"higher": ("higher is better", "越高越好"), "lower": ("lower is better", "越低越好")},
    # the material's ladder (004: 买主 → 优先采购者 → 合作伙伴 → 战略联盟) under the stable codes of the schema
    "relationship_state": {**_concept(st.LADDER), "unrecorded": ("not recorded", "未记录")},
    "relationship_move": {**_MOVES},
    "relationship_level": {
        "senior_team": ("senior team", "高层团队"),
        "decision_maker": ("decision maker", "决策者"),
        "purchasing": ("purchasing", "采购部门"),
        "operational": ("operational staff", "操作人员"),
        "none": ("none", "无"),
    },
    "attractiveness": {"high": ("high", "高"), "medium": ("medium", "中"), "low": ("low", "低")},
    "activity_type": {
        "visit": ("visit", "拜访"),
        "call": ("call", "电话"),
        "event": ("event", "客户活动"),
        "greeting": ("greeting", "节日问候"),
        "training": ("training", "培训"),
        "complaint": ("complaint", "投诉处理"),
        # the activities that evidence the key-account practices (policy practices)
        "senior_visit": ("senior visit", "高层拜访"),
        "service": ("service visit", "专人服务"),
        "customer_meeting": ("customer meeting", "客户大会"),
        "supply_planning": ("supply planning", "供货计划沟通"),
    },
    "kind": {"customer": ("customer", "客户"), "lead": ("lead", "线索"), "prospect": ("prospect", "潜在客户")},
    # the customer's contacts (contacts.role, free text): the usual roles read in the report's language
    "contact_role": {
        "owner": ("owner", "企业主"),
        "general manager": ("general manager", "总经理"),
        "purchasing manager": ("purchasing manager", "采购经理"),
        "buyer": ("buyer", "采购员"),
        "finance manager": ("finance manager", "财务经理"),
        "accountant": ("accountant", "会计"),
        "technical manager": ("technical manager", "技术经理"),
        "engineer": ("engineer", "工程师"),
        "production manager": ("production manager", "生产经理"),
        "quality manager": ("quality manager", "质量经理"),
        "warehouse manager": ("warehouse manager", "仓库经理"),
        "sales manager": ("sales manager", "销售经理"),
    },
    # the customer's industry and region (customers.industry, customers.region, free text): the values
    # of the committed sample read in the report's language; any other value shows as it is
    "industry": {
        "Machinery": ("Machinery", "机械"),
        "Electronics": ("Electronics", "电子"),
        "Automotive parts": ("Automotive parts", "汽车零部件"),
        "Construction": ("Construction", "建筑"),
        "Chemicals": ("Chemicals", "化工"),
        "Food processing": ("Food processing", "食品加工"),
        "Textiles": ("Textiles", "纺织"),
        "Wholesale distribution": ("Wholesale distribution", "批发分销"),
        "Energy": ("Energy", "能源"),
        "Medical devices": ("Medical devices", "医疗器械"),
    },
    "region": {
        "East": ("East", "华东"),
        "North": ("North", "华北"),
        "South": ("South", "华南"),
        "West": ("West", "西部"),
        "Central": ("Central", "华中"),
    },
    # customers.ownership (free text): the kinds of the committed sample
    "ownership": {
        "state-owned": ("state-owned", "国有"),
        "collective": ("collective", "集体所有"),
        "private": ("private", "民营"),
        "foreign": ("foreign-owned", "外资"),
        "joint venture": ("joint venture", "合资"),
        "listed": ("listed", "上市公司"),
    },
    # who approved a limit (credit_limits.approved_by, free text): the titles of the committed sample
    "approver": {
        "account manager": ("account manager", "客户经理"),
        "direct-sales manager": ("direct-sales manager", "直销部经理"),
        "regional manager": ("regional manager", "地区公司经理"),
        "credit committee": ("credit committee", "信用委员会"),
    },
    # where the limit in force comes from (kamtools.credit.limit_in_force)
    "limit_source": {
        "approval": ("approval", "审批额度"),
        "override": ("analyst's override", "人工调整"),
        "": ("no limit", "无额度"),
    },
    # why an analyst overrode the scorecard (credit_overrides.reason, free text): the recurring reasons of the
    # committed sample, read in the report's language; any other reason shows as the analyst entered it
    "override_reason": {
        "parent company guarantee received": ("parent company guarantee received", "已收到母公司担保"),
        "母公司提供担保": ("parent company gives a guarantee", "母公司提供担保"),
        "strategic account: credit committee decision": (
            "strategic account: credit committee decision",
            "战略客户：信用委员会决定",
        ),
        "已收抵押物，额度按抵押调整": (
            "collateral received, limit set by the collateral",
            "已收抵押物，额度按抵押调整",
        ),
        "large project order confirmed by contract": (
            "large project order confirmed by contract",
            "大项目订单已有合同确认",
        ),
        "payment record worse than the score suggests": (
            "payment record worse than the score suggests",
            "付款记录差于评分所示",
        ),
        "付款记录差于评分，下调等级": (
            "payment record worse than the score: grade lowered",
            "付款记录差于评分，下调等级",
        ),
        "new audited statements due next month: limit held low until then": (
            "new audited statements due next month: limit held low until then",
            "下月提交新的审计报表：此前额度从低",
        ),
        "行业下行，额度审慎控制": ("industry in decline: limit kept prudent", "行业下行，额度审慎控制"),
    },
    # the re-review list as a plan of work (kamtools.credit.review_plan)
    "urgency": {
        "first": (
            "first: held for its grade or an expired assessment, a legal case, a top customer or a key account",
            "优先：因等级或评估过期被冻结、移交法务、前列大客户或重点客户",
        ),
        "routine": ("routine", "常规"),
    },
    "approval_level": {
        "none": ("no approval needed", "无需审批"),
        "above_ladder": ("above every level's authority", "超出所有审批权限"),
    },
    # the policy's dunning levels join these (kamtools.output.labels.use)
    "dunning_level": {"none": ("no dunning level", "未达催收等级")},
    **CALL_CODES,  # call outcomes, aging basis (kamtools.output.call_columns)
    **CALENDAR_CODES,  # the contact calendar's events, the practices' status (kamtools.output.calendar_columns)
    "dunning_action": {
        "reminder": ("reminder", "提醒"),
        "call": ("collection call", "电话催收"),
        "formal_letter": ("formal dunning letter", "催款函"),
        "credit_hold": ("stop supply (credit hold)", "停止供货（信用冻结）"),
        "final_notice": ("final notice before legal action", "法律行动前最后通知"),
        "legal": ("legal action", "法律诉讼"),
    },
    "actor": {
        "account_manager": ("account manager", "客户经理"),
        "collections": ("collections team", "催收专员"),
        # the manager who stops supply and gives final notice: the finance manager, who owns the holds
        # (report.decisions.credit_hold in the shipped policy)
        "manager": ("finance manager", "财务经理"),
        "legal": ("legal department", "法务部"),
    },
    # the shipped letter templates (a company's own templates show by their names)
    "letter": {
        "reminder": ("friendly reminder", "友好提醒函"),
        "formal": ("formal dunning letter", "催款函"),
        "final_notice": ("final notice before legal action", "法律行动前最后通知"),
    },
    "letter_language": {
        "zh": ("Chinese", "中文"),
        "en": ("English", "英文"),
        "both": ("Chinese and English", "中英文"),
    },
    "tone": {
        "friendly": ("friendly", "友好"),
        "firm": ("firm", "坚定"),
        "formal": ("formal", "正式"),
        "final": ("final", "最后通牒"),
    },
    "customer_group": {
        **_concept(st.STATUS),
        "buying": ("buying in the last 12 months", "近12个月采购客户"),
        "won_in_month": ("won in the month", "本月新增客户"),
        "lost_in_month": ("lost in the month", "本月流失客户"),
    },
    "grade_move": {
        "up": ("upgraded", "升级"),
        "down": ("downgraded", "降级"),
        "same": ("unchanged", "不变"),
        "new": ("graded for the first time", "首次评级"),
    },
    "scorecard": {"expert": ("expert scorecard", "专家评分卡"), "statistical": ("statistical scorecard", "统计评分卡")},
    "sample": {
        "all month ends": ("all month ends", "全部月末"),
        "later month ends": ("later month ends (held out)", "较晚的月末（检验样本）"),
    },
    "concept": {
        "tier": ("tier", "客户层级"),
        "status": ("status", "客户状态"),
        "lifecycle": ("lifecycle", "生命周期"),
        "relationship type": ("relationship type", "关系类型"),
    },
    "plan_section": {
        "situation": ("situation", "现状"),
        "objectives": ("objectives", "目标"),
        "team": ("team", "团队"),
        "actions": ("actions", "行动"),
    },
    "ratio": dict(RATIOS),
    # a financial ratio against its benchmark (kamtools.credit.ratios, ``<ratio>_status``), as the charts name it
    "ratio_status": {"ok": ("ok", "正常"), "watch": ("watch", "关注"), "weak": ("weak", "偏弱")},
    # the statement items a ratio is divided by, as its reason names them
    "ratio_input": {
        "current liabilities": ("current liabilities", "流动负债"),
        "total assets": ("total assets", "资产总额"),
        "average total assets": ("average total assets", "平均资产总额"),
        "revenue": ("revenue", "营业收入"),
    },
    # what the previous grade is the grade of (kamtools.credit.score); ``<n> months earlier`` in PHRASES
    "previous_basis": {"previous assessment": ("previous assessment", "上次评估")},
    # how a missing item is scored (credit.missing)
    "missing_rule": {"neutral": ("neutral", "中性，得一半分"), "worst": ("worst", "最差，不得分")},
    "item": dict(ITEMS),
    "ratio_label": {f"{en} {zh}": (en, zh) for en, zh in RATIOS.values()},
    "table": {name: (name.replace("_", " ").capitalize(), t.chinese) for name, t in TABLES.items()},
    "description": {
        t.description: (TABLE_DESCRIPTIONS_EN.get(name, t.description), TABLE_DESCRIPTIONS_ZH.get(name, ""))
        for name, t in TABLES.items()
    },
    "reason": {
        "no financial statement": ("no financial statement", "无财务报表"),
        "no total assets": ("no total assets", "无资产总额"),
        "an input is missing": ("an input is missing", "缺少输入数据"),
        "no collection target": ("no collection target", "无回款目标"),
        "no collectible receivables": ("no collectible receivables", "无应收回款"),
        "no open receivables": ("no open receivables", "无未收应收账款"),
        "no receivables": ("no receivables", "无应收账款"),
        "nothing fell due in the month": ("nothing fell due in the month", "本月无到期款项"),
        "no receivables or sales in the month": ("no receivables or sales in the month", "本月无应收账款和销售"),
        "no approved limit": ("no approved limit", "无批准额度"),
    },
}

#: The domain of the codes in a column (columns not listed: their own name, when it is a domain;
#: a column ending in ``_reason`` other than these: ``reason``).
DOMAINS: dict[str, str] = {
    "approved_by": "approver",
    "override_by": "approver",
    "group_limit_approved_by": "approver",
    "limit_approved_by": "approver",
    "write_off_approved_by": "approver",
    "person": "approver",
    "before": "tier",
    "after": "tier",
    "tier_before": "tier",
    "tier_after": "tier",
    "previous_tier": "tier",
    "stage": "lifecycle",
    "lifecycle_stage": "lifecycle",
    "segment": "rfm",
    "rfm_segment": "rfm",
    "profit_class": "profit",
    "quadrant": "value_matrix",
    "value_class": "value_matrix",
    "relationship_type": "relational",
    "direction": "migration",
    "man_code": "man",
    "abc_class": "abc",
    "group": "abc",
    "last_promise_status": "promise_status",
    "next_state": "relationship_state",
    "previous_state": "relationship_state",
    "level_from": "relationship_state",
    "level_to": "relationship_state",
    "relationship_quality": "quality",
    "move": "relationship_move",
    "next_level": "relationship_level",
    "approver_level": "approval_level",
    "previous_level": "dunning_level",
    "unheld_level": "dunning_level",
    "level_reason": "level_reason",
    "language": "letter_language",
    "decision_level": "approval_level",
    "required_level": "approval_level",
    "rule": "hold_rule",
    "rules": "hold_rules",
    "credit_holds": "hold_rules",
    "blocking_holds": "hold_rules",
    "exceptions": "exceptions",
    "type": "activity_type",
    "customers": "customer_group",
    "previous grade": "grade_move",
    "section": "plan_section",
    "data": "table",
    **CALL_DOMAINS,
    **CALENDAR_DOMAINS,
    "label": "ratio_label",
    "top_losses": "item_points",
    "missing_items": "items",
    "review_reasons": "review_reasons",
    "release": "releases",
    "change_mom": "change",
    "change_yoy": "change",
    "change_12m": "change",
    "parent_id": "none",
    "limit_reason": "limit_reasons",
    "provision_basis": "provision_terms",
    "approval_reason": "approval_reasons",
    "override_reason": "override_reason",  # the analyst's words: the recurring ones translated
    **{f"{name}_status": "ratio_status" for name in RATIOS},
}


#: Columns holding several parts: the column's domain -> (separator, the domain of each part).
LISTS: dict[str, tuple[str, str]] = {
    "hold_rules": (", ", "hold_rule"),
    "item_points": ("; ", "item_point"),
    "items": (", ", "item"),
    "review_reasons": ("; ", "review_reason"),
    "releases": ("; ", "release"),
    "limit_reasons": ("; ", "limit_part"),
    "exceptions": ("; ", "exception"),
    "approval_reasons": ("; ", "approval_part"),
    "provision_terms": (" + ", "provision_term"),
    "override_status": ("; ", "override_part"),
    "signed_changes": (" and ", "signed_change"),
}

#: Sentences by domain (a part of a list, or a whole cell): the first pattern that matches the
#: whole text gives its Chinese.
PHRASES: dict[str, tuple[Phrase, ...]] = {
    "item_point": (_p(r"(\w+) (-?[\d.]+)", "{0} {1}", "item", None),),
    "review_reason": (
        _p(
            r"grade changed (\S*) -> (\S*) \(scored, (\S*) while arrears are open\)",
            "评分等级由{0}变为{1}（欠款未清期间按{2}级处理）",
        ),
        _p(r"grade changed (\S*) -> (\S*)", "信用等级由{0}变为{1}"),
        _p(r"utilization ([\d.]+) % above ([\d.]+) %", "额度使用率{0}%，超过{1}%"),
        _p(r"exposure without an approved limit", "有风险敞口但无批准额度"),
        _p(r"invoice (\d+) days past due \(over ([\d.]+)\)", "有发票逾期{0}天（超过{1}天）"),
        _p(r"never assessed", "从未做过信用评估"),
        _p(r"assessment older than ([\d.]+) months", "信用评估已超过{0}个月"),
        *REVIEW_REASONS,
    ),
    "release": (
        _p(
            rf"pay the debt of {_N} in full: an invoice (\d+) days past due \(over the (\d+) legal days\) is with "
            r"collections or legal action, and no new limit or assessment releases the hold",
            "付清全部欠款{0}：有发票逾期{1}天（超过{2}天的法律程序期限），已移交催收/法务，新额度或重新评估均不解除冻结",
            "money",
        ),
        _p(
            rf"collect {_N} to bring receivables of {_N} within the limit of {_N}, or approve a higher limit",
            "收回{0}，使应收账款{1}回到额度{2}以内，或批准更高的额度",
            "money",
            "money",
            "money",
        ),
        _p(
            rf"approve a credit limit for receivables of {_N}, or collect them",
            "为应收账款{0}批准信用额度，或将其收回",
            "money",
        ),
        _p(
            rf"pay the invoices more than (\d+) days past due: {_N} \(the oldest {_N} days past due\)",
            "付清逾期超过{0}天的发票：{1}（最长逾期{2}天）",
            None,
            "money",
        ),
        _p(
            r"a new credit assessment with a better grade than (\S*), or cash in advance",
            "重新评估且等级优于{0}，或预付现金",
        ),
        _p(
            r"a new credit assessment \(the latest, of ([\d-]+), is older than (\d+) months\)",
            "重新做信用评估（最近一次为{0}，已超过{1}个月）",
        ),
        _p(r"a new credit assessment \(never assessed\)", "做信用评估（从未评估）"),
        _p(
            rf"reduce exposure \(receivables and open orders\) of {_N} by {_N} to at most (\d+)% of the limit of {_N}",
            "将风险敞口（应收账款和未开票订单）{0}降低{1}，至不超过额度{3}的{2}%",
            "money",
            "money",
            None,
            "money",
        ),
        _p(rf"approve a credit limit for exposure of {_N}", "为风险敞口{0}批准信用额度", "money"),
        OVERDUE_RELEASE,
    ),
    "description": (
        _p(rf"exposure {_N} without an approved limit", "风险敞口{0}，无批准额度", "money"),
        _p(
            rf"exposure {_N} is {_N} \((-?\d+) %\) over the approved limit {_N}",
            "风险敞口{0}，超出批准额度（{3}）{1}（{2}%）",
        ),
    ),
    "change": (_p(r"([+\-−]?[\d,.]+) pt", "{0}个百分点"),),
    "limit_part": LIMIT_PARTS,
    **INNER,
    "exception": EXCEPTIONS,
    "override_part": OVERRIDE_PARTS,
    "override_why": OVERRIDE_WHY,
    "approval_part": APPROVAL_PARTS,
    "provision_term": PROVISION_TERM,
    "signed_change": SIGNED_CHANGE,
    "raised_to": RAISED_TO,
    "initial_why": (
        _p(
            r"no purchases in the last (\d+) months and no usable financial statement",
            "近{0}个月无采购且无可用财务报表",
        ),
        _p(r"no purchases in the last (\d+) months", "近{0}个月无采购"),
        _p(r"no usable financial statement", "无可用财务报表"),
    ),
    "level_reason": (
        _p(
            rf"{_N} overdue (\d+)\+ days, (\d+) days past due; held one level below \((\w+), not (\w+)\) by a promise "
            r"to pay by ([\d-]+)",
            "逾期{1}天以上的金额{0}，逾期{2}天；因承诺于{5}前付款，暂降一级（{3}，而非{4}）",
            None,
            None,
            None,
            "dunning_level",
            "dunning_level",
        ),
        _p(
            rf"{_N} overdue (\d+)\+ days, (\d+) days past due; held one level below \((\w+), not (\w+)\) by a promise "
            r"to pay",
            "逾期{1}天以上的金额{0}，逾期{2}天；因付款承诺暂降一级（{3}，而非{4}）",
            None,
            None,
            None,
            "dunning_level",
            "dunning_level",
        ),
        _p(rf"{_N} overdue (\d+)\+ days, (\d+) days past due", "逾期{1}天以上的金额{0}，逾期{2}天"),
        _p(rf"overdue {_N} below the minimum of {_N}", "逾期金额{0}低于最低催收金额{1}"),
    ),
    "previous_basis": (_p(r"(\d+) months earlier", "{0}个月前"),),
    "reason": (
        *RATIO_REASONS,
        _p(r"no credit sales in the last (\d+) days", "近{0}天无赊销"),
        _p(r"receivables exceed the credit sales of the last (\d+) months", "应收账款超过近{0}个月的赊销额"),
    ),
}


PHRASES["level_reason"] = (*PHRASES["level_reason"], *map(with_disputed, PHRASES["level_reason"]))
DOMAINS["specific_reason"] = "specific_reasons"
LISTS["specific_reasons"] = ("; ", "specific_part")
PHRASES["specific_part"] = SPECIFIC_PARTS
CODES.update(COLLECTION_CODES)
DOMAINS.update(COLLECTION_DOMAINS)

__all__ = ["CODES", "DOMAINS", "LISTS", "PHRASES", "Phrase"]

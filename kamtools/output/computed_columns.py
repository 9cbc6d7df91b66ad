"""How the columns the analytics compute are shown: kind, English and Chinese label
(declarative; :mod:`kamtools.output.formats` joins them to the data model's columns). The
credit and receivables columns are here, those of the portfolio, the segments and the report
pages in :mod:`kamtools.output.book_columns`; :data:`COMPUTED` is both.

>>> COMPUTED["approved_limit"].zh, COMPUTED["revenue_12m"].zh
('现有信用额度', '近12个月收入')
"""

from __future__ import annotations

from .book_columns import BOOK
from .calendar_columns import CALENDAR
from .call_columns import CALLS
from .collection_columns import COLLECTIONS
from .column_format import Format, bucket_label
from .product_columns import PRODUCT_MIX
from .write_off_columns import WRITE_OFFS

_M, _S, _C = "money", "share", "count"
#: The default aging buckets (:func:`kamtools.receivables.bucket_names`; other edges label alike).
_BUCKETS = ("current", "d1_30", "d31_60", "d61_90", "d91_180", "d181_365", "d365_plus")


def _capital(pair: tuple[str, str] | None) -> tuple[str, str]:
    """A label pair with its English starting with a capital, as a column header shows it ("Not yet due")."""
    en, zh = pair or ("", "")
    return en[:1].upper() + en[1:], zh


#: The shares and rates that may be missing, each with a column ``<name>_reason`` saying why.
_MISSING = {
    "share": ("Share", "占比"),
    "achievement": ("Achievement", "完成率"),
    "collection_rate": ("Collection rate", "回款率"),
    "dso": ("DSO", "周转天数"),
    "dso_countback": ("DSO (count-back)", "倒推周转天数"),
    "cei": ("CEI", "回款效率指数"),
    "provision_share": ("Provision share", "计提比例"),
    "utilization": ("Utilization", "额度使用率"),
    "add": ("ADD", "平均逾期天数"),
}
#: The columns that say why a value is missing (``<name>_reason``): a table shows one only where a value is.
WHY_MISSING = frozenset(f"{name}_reason" for name in _MISSING)

#: Columns of the credit analysis and the receivables.
CREDIT: dict[str, Format] = {
    # credit: scores, limits, approvals (Chinese from the credit forms)
    "score": Format("score", "Score", "信用得分"),
    "previous_score": Format("score", "Previous score", "上次得分"),
    "grade": Format("text", "Grade", "信用等级"),
    "previous_grade": Format("text", "Previous grade", "上次等级"),
    "previous_basis": Format("text", "Previous grade basis", "上次等级依据"),
    "missing_factors": Format(_C, "Items missing", "缺失项目数"),
    "known_items": Format(_C, "Items known", "已知项目数"),
    "is_nr": Format("bool", "Not rated", "未评级"),
    "grade_model": Format("text", "Scorecard grade", "模型等级"),
    "override_grade": Format("text", "Override grade", "调整后等级"),
    "override_limit": Format(_M, "Override limit", "调整后额度"),
    "override_reason": Format("text", "Override reason", "调整理由"),
    "override_by": Format("text", "Override approved by", "调整审批人"),
    "override_on": Format("date", "Override decided on", "调整日期"),
    "override_until": Format("date", "Override in force until", "调整有效至"),
    "override_status": Format("text", "Override in force", "调整是否生效"),
    "limit_source": Format("text", "Limit in force from", "现行额度来源"),
    # the scorecard checked against outcomes (kamtools.credit.validate_scorecard)
    "observations": Format(_C, "Observations", "观察数"),
    "bads": Format(_C, "Observations gone bad", "违约观察数"),
    "bad_rate": Format(_S, "Bad rate", "违约率"),
    "auc": Format("ratio", "AUC", "AUC（曲线下面积）", decimals=3, excel="0.000"),
    "gini": Format("ratio", "Gini", "基尼系数", decimals=3, excel="0.000"),
    "psi": Format("ratio", "PSI of the grade mix", "稳定性指数", decimals=4, excel="0.0000"),
    "missing_items": Format("text", "Missing items", "缺失项目"),
    "top_losses": Format("text", "Largest losses", "主要失分项"),
    "fiscal_year_end": Format("date", "Statements of", "财务报表期末"),
    "assessment_age_months": Format("months", "Assessment age (months)", "距上次评估月数"),
    "years_available": Format(_C, "Years of statements", "财务报表年数"),
    "avg_total_assets": Format(_M, "Average total assets", "平均资产总额"),
    "purchases": Format(_M, "Purchases", "采购额"),
    "avg_monthly_purchases": Format(_M, "Average monthly purchases", "月均采购额"),
    "months_of_purchases": Format("months", "Months of purchases", "按等级月数", decimals=1),
    "equity": Format(_M, "Equity", "所有者权益"),
    "equity_cap": Format(_M, "Equity cap", "权益上限"),
    "scored_grade": Format("text", "Grade of the scorecard", "评分等级"),
    "months_bought": Format(_C, "Months with purchases", "采购月数"),
    "peak_monthly_purchases": Format(_M, "Peak monthly purchases (3 months)", "旺季月均采购额"),
    "need_purchases": Format(_M, "Monthly purchases of the need", "需求月采购额"),
    "grace_days": Format("days", "Grace days", "宽限天数"),
    "credit_days": Format("days", "Terms + grace days", "账期+宽限天数"),
    "terms_need": Format(_M, "Terms need", "按账期信用需求"),
    "multiplier": Format("ratio", "Grade multiplier", "等级系数", decimals=2),
    "risk_limit": Format(_M, "Need x multiplier", "需求×等级系数"),
    "working_capital": Format(_M, "Working capital", "营运资金"),
    "working_capital_cap": Format(_M, "Working capital cap", "营运资金上限"),
    "capacity_cap": Format(_M, "Capacity cap", "偿付能力上限"),
    "capacity_basis": Format("text", "Capacity cap from", "上限依据"),
    "financials_on": Format("date", "Latest statement", "最近财务报表"),
    "initial_limit": Format(_M, "Initial limit (new account)", "新客户初始额度"),
    "unsecured_limit": Format(_M, "Unsecured limit", "无担保额度"),
    "secured_limit": Format(_M, "Secured by collateral", "担保额度"),
    "proposed_limit": Format(_M, "Limit by the rules", "规则额度"),
    "limit_rule": Format("text", "Rule that set the limit", "额度规则"),
    "rules_limit": Format(_M, "Limit by the grade's rules", "按等级规则的额度"),
    "starter_limit": Format(_M, "Starter limit of the grade", "等级起始额度"),
    "capped_by_starter": Format("bool", "Capped by the starter limit", "受起始额度限制"),
    "short_history": Format("bool", "Short history", "交易历史短"),
    "short_limit": Format(_M, "Short history's limit", "交易历史短的额度"),
    "collateral_backs": Format(_M, "Collateral after the haircut", "担保物折扣后价值"),
    "secured_room": Format(_M, "Need not covered unsecured", "无担保额度未覆盖的需求"),
    "dormant": Format("bool", "Dormant", "冬眠客户"),
    "new_account": Format("bool", "New account", "新客户"),
    "credit_holds": Format("text", "Credit holds in force", "现行信用冻结"),
    "credit_view": Format("text", "Credit view", "信用评审意见"),
    "held_by_it_alone": Format(_C, "Held by this rule alone", "仅因此规则冻结"),
    "what_releases": Format("text", "What releases them", "解除办法"),
    "limit_raised": Format(_C, "Limit raised", "额度上调"),
    "limit_lowered": Format(_C, "Limit lowered", "额度下调"),
    "limit_unchanged": Format(_C, "Limit unchanged", "额度不变"),
    "recommendations": Format(_C, "Customers", "客户数"),
    "on_credit_hold": Format(_C, "Of them on credit hold", "其中处于信用冻结"),
    "on_hold_now": Format("bool", "On credit hold now", "目前处于信用冻结"),
    "hold_priority": Format(
        _C, "Priority (orders waiting, key accounts first)", "处理顺序（有待发订单、重点客户在前）"
    ),
    "key_account": Format("bool", "Key account", "重点客户"),
    "blocking_holds": Format("text", "Holds that stop an increase", "阻止增额的冻结"),
    "hold_gate": Format("bool", "Increase stopped by a credit hold", "信用冻结阻止增额"),
    "proposed_terms_days": Format(
        "days", "Proposed payment terms (days; 0 = cash in advance)", "建议付款期限（天；0为预付现金）"
    ),
    "cash_in_advance": Format("bool", "Cash in advance", "预付现金"),
    "terms_shortened": Format("bool", "Payment terms shortened", "缩短付款期限"),
    "limit_reason": Format("text", "Reason", "额度依据"),
    "limit_basis": Format(
        "text", "Basis in short (the calculation: in the register)", "额度依据摘要（计算过程见登记表）"
    ),
    "action": Format("text", "Action", "处理建议"),
    "hold": Format("bool", "On hold", "暂停发货"),
    "investigate": Format("bool", "Investigate first", "先行调查"),
    "statement_first": Format("bool", "Financial statement first", "先取得财务报表"),
    "statement_due": Format("date", "Financial statement due", "财务报表取得期限"),
    "statement_fallback": Format(_M, "Limit without the statement", "未取得报表时的额度"),
    "missing_evidence": Format("text", "Missing evidence", "缺失资料"),
    "needs_plan": Format("bool", "Needs a plan", "需先收款再降额"),
    "collect_first": Format(_M, "Receivables to collect first", "先行收款"),
    "orders_held": Format(_M, "Open orders held", "暂停发货的未开票订单"),
    "arrears": Format(_M, "Arrears past the hold days", "逾期欠款"),
    "provision_basis": Format("text", "Provision by aging bucket at its rate", "坏账准备计提依据（账龄×比例）"),
    "overdue_month_ends_12m": Format(_C, "Month ends overdue (last 12)", "近12个月逾期月数"),
    "max_overdue_12m": Format(_M, "Largest overdue at a month end (last 12)", "近12个月最大逾期额"),
    "below_need": Format("bool", "Below the terms need", "低于账期需求"),
    "below_need_rule": Format("text", "Rule below the need", "低于需求的规则"),
    "upgrade_withheld": Format("bool", "Upgrade withheld", "暂缓升级"),
    "overdue_hold": Format("bool", "Overdue hold", "逾期冻结"),
    "reassess_by": Format("date", "Re-assess by", "重新评估截止日"),
    "reassess_first": Format("bool", "Increase waits for a new assessment", "先重新评估"),
    "materiality_band": Format(_M, "Materiality band", "重要性阈值"),
    "within_band": Format("bool", "Change below the materiality band", "变动低于重要性阈值"),
    "approval_reason": Format("text", "Why this approval level", "审批依据"),
    "plan_position": Format("text", "Account plan", "客户计划"),
    "plan_limit": Format(_M, "Limit the plan asks", "客户计划申请额度"),
    "exceptions": Format("text", "Exceptions of the approval in force", "现行审批例外事项"),
    "exception_authority": Format("bool", "Approved beyond authority", "越权审批"),
    "exception_stale_basis": Format("bool", "Approved on a stale basis", "依据过期审批"),
    "exception_no_unsecured": Format(
        "bool", "Unsecured limit for a grade without unsecured credit", "向只可预付或担保的等级授予无担保额度"
    ),
    "exception_arrears": Format("bool", "Approved while an invoice was past the hold days", "审批时已有超期欠款"),
    "exception_no_limit": Format("bool", "Trading without an approved limit", "无批准额度赊销"),
    "breach": Format("text", "Breach", "违规类型"),
    "over_share": Format(_S, "Over the limit (share)", "超额比例"),
    "uncovered": Format(_M, "Not covered by collateral", "无担保部分"),
    "approved_limit": Format(_M, "Approved credit limit", "现有信用额度"),
    "recommended_limit": Format(_M, "Recommended credit limit", "建议信用额度"),
    "limit_change": Format(_M, "Limit change", "调整金额"),
    "approval_level": Format("text", "Approval level", "审批权限"),
    "open_receivables": Format(_M, "Open receivables", "应收账款余额"),
    "open_orders": Format(_M, "Open orders", "未开票订单"),
    "exposure": Format(_M, "Exposure", "风险敞口"),
    "utilization": Format(_S, "Utilization", "额度使用率"),
    "wallet_headroom": Format(_M, "Wallet headroom (purchases not yet with us)", "采购潜力余量"),
    "headroom": Format(_M, "Headroom", "可用额度"),
    "overlimit": Format(_M, "Over the limit", "超额"),
    "overlimit_uncovered": Format(_M, "Over the limit, not covered by collateral", "超额且无担保"),
    "handler_exposure": Format(_M, "Exposure above the limit, borne by the handler", "超额敞口（经办人承担）"),
    "review_reasons": Format("text", "Re-review reasons", "复审原因"),
    "triggers": Format(_C, "Re-review triggers", "复审触发项数"),
    "urgency": Format("text", "Order of work", "处理顺序"),
    "due": Format("date", "Due by", "完成期限"),
    "total_increase": Format(_M, "Total increase", "增额合计"),
    "total_decrease": Format(_M, "Total decrease", "降额合计"),
    "increases": Format(_C, "Increases", "增额客户数"),
    "decreases": Format(_C, "Decreases", "降额客户数"),
    "terms_only": Format(_C, "Limit kept, terms or collections to sign", "额度不变、仅签批账期或催收"),
    "benchmark": Format("ratio", "Benchmark", "标准值"),
    "ok_at": Format("ratio", "OK at", "达标线"),
    "watch_at": Format("ratio", "Watch at", "关注线"),
    "p25": Format("ratio", "25th percentile", "25%分位数"),
    "median": Format("ratio", "Median", "中位数"),
    "p75": Format("ratio", "75th percentile", "75%分位数"),
    # credit: approval by authority, groups of companies, credit holds
    "approver_level": Format("text", "Approver's level", "审批人权限"),
    "approver_authority": Format(_M, "Approver's authority (up to)", "审批权限额度"),
    "required_level": Format("text", "Level the limit needs", "所需审批权限"),
    "excess_authority": Format(_M, "Beyond the approver's authority", "超出审批权限"),
    "in_force": Format("bool", "In force", "现行"),
    "group_id": Format("id", "Group", "集团编号"),
    "group_name": Format("text", "Group name", "集团名称"),
    "depth": Format(_C, "Levels below the top", "层级"),
    "members": Format(_C, "Companies", "成员企业数"),
    "member_ids": Format("text", "Companies of the group", "成员企业"),
    "approved_limits": Format(_M, "Approved limits of the companies", "成员现有额度合计"),
    "recommended_limits": Format(_M, "Recommended limits of the companies", "成员建议额度合计"),
    "group_exposure": Format(_M, "Group exposure", "集团风险敞口"),
    "group_limit": Format(_M, "Group credit limit", "集团信用额度"),
    "group_limit_approved_on": Format("date", "Group limit approved on", "集团额度审批日期"),
    "group_limit_approved_by": Format("text", "Group limit approved by", "集团额度审批人"),
    "group_utilization": Format(_S, "Group utilization", "集团额度使用率"),
    "group_overlimit": Format(_M, "Over the group limit", "超出集团额度"),
    "over_group_limit": Format("bool", "Group over its limit", "集团超额"),
    "members_over_own_limit": Format(_C, "Members over their own limit", "超出自身额度的成员数"),
    "flagged_members": Format(
        "text", "Members within their own limit adding to the group's excess", "自身额度以内、推高集团超额的成员"
    ),
    "within_own_limit": Format("bool", "Within its own limit", "未超自身额度"),
    "pushes_group_over": Format("bool", "Adds to a group over its limit", "推高集团超额"),
    "rules": Format("text", "Hold rules", "冻结规则"),
    "rules_fired": Format(_C, "Hold rules fired", "触发规则数"),
    "over_limit_amount": Format(_M, "Receivables over the limit", "超额应收"),
    "past_due_amount": Format(_M, "Long past due", "长期逾期金额"),
    "overdue_share": Format(_S, "Overdue share of receivables", "逾期占比"),
    "overdue_release": Format(_M, "To pay for the overdue hold to lift", "解除逾期冻结需收款"),
    "exposure_excess": Format(_M, "Exposure above the hold's share of the limit", "超出冻结比例的敞口"),
    "release_amount": Format(_M, "To collect to release the hold", "解除冻结需收款"),
    "release": Format("text", "What releases the hold", "解除条件"),
    # the legal cases (kamtools.credit.legal_cases)
    "past_legal_days": Format(_M, "Owed past the legal days", "逾期超过法律程序天数的欠款"),
    "past_legal_provision": Format(
        _M, "Provision on the part past the legal days", "其中超过法律程序天数部分的坏账准备"
    ),
    "hold_over_limit": Format("bool", "Hold: over the limit", "冻结：应收超额"),
    "hold_past_due": Format("bool", "Hold: long past due", "冻结：长期逾期"),
    "hold_overdue": Format("bool", "Hold: overdue share or amount", "冻结：逾期比例或金额超标"),
    "hold_grade": Format("bool", "Hold: grade", "冻结：信用等级"),
    "hold_stale_assessment": Format("bool", "Hold: assessment expired", "冻结：评估过期"),
    "hold_utilization": Format("bool", "Hold: limit used with open orders", "冻结：含订单的额度使用率"),
    # receivables (the aging buckets: their labels follow from their names, for any edges)
    **{name: Format(_M, *_capital(bucket_label(name))) for name in _BUCKETS},
    "total": Format(_M, "Total", "合计"),
    "overdue": Format(_M, "Overdue", "逾期金额"),
    "unapplied_credit": Format(_M, "Unapplied credit", "未核销收款"),
    "max_days_past_due": Format("days", "Most days past due", "最长逾期天数"),
    "days_past_due": Format("days", "Days past due", "逾期天数"),
    "open_amount": Format(_M, "Open amount", "未收金额"),
    "receivables": Format(_M, "Receivables", "应收账款"),
    "credit_sales": Format(_M, "Credit sales", "赊销额"),
    "invoiced": Format(_M, "Invoiced", "开票金额"),
    "collected": Format(_M, "Collected", "回款额"),
    "collectible": Format(_M, "Collectible", "应收回款额"),
    "dso": Format("days", "DSO (days)", "应收账款周转天数（DSO）", decimals=0, excel="0"),
    "cei": Format("ratio", "CEI (%)", "回款效率指数（CEI，%）", decimals=0, excel="0"),
    "provision": Format(_M, "Provision", "坏账准备"),
    "provision_share": Format(_S, "Provision share", "计提比例"),
    "target": Format(_M, "Collection target", "回款目标"),
    "target_share": Format(_S, "Target share", "目标比例"),
    "achievement": Format(_S, "Achievement", "目标完成率"),
    "collection_rate": Format(_S, "Collection rate", "回款率"),
    # the worklist's overdue amounts times their age weights: a score that orders the calls, not money
    "priority": Format(
        "score", "Priority score (overdue × age weight)", "优先级分数（逾期额×账龄权重）", decimals=0, excel="#,##0"
    ),
    "rank": Format(_C, "Rank (1 = first)", "顺序（1 = 最先）"),
    "follow_up": Format("text", "Follow-up", "跟进方式"),
    "last_payment_amount": Format(_M, "Last payment amount", "最近回款金额"),
    "last_promise_amount": Format(_M, "Last promise amount", "最近承诺金额"),
    "last_promise_paid": Format(_M, "Paid towards the last promise", "最近承诺已付金额"),
    "last_promise_on": Format("date", "Last promise made on", "最近承诺日期"),
    "last_promise_pay_by": Format("date", "Last promise: pay by", "最近承诺付款日"),
    "last_promise_status": Format("text", "Last promise", "最近承诺状态"),
    "promises": Format(_C, "Promises", "付款承诺数"),
    "kept_promises": Format(_C, "Kept promises", "已兑现承诺数"),
    "broken_promises": Format(_C, "Broken promises", "未兑现承诺数"),
    "pending_promises": Format(_C, "Pending promises", "待兑现承诺数"),
    "months_silent": Format("months", "Months silent", "无往来月数"),
    "last_invoice": Format("date", "Last invoice", "最近开票日期"),
    "last_payment": Format("date", "Last payment", "最近回款日期"),
    "last_activity": Format("date", "Last activity", "最近活动日期"),
    "last_sign": Format("date", "Last sign of life", "最近往来日期"),
    "contact_name": Format("text", "Contact", "联系人"),
    "contact_role": Format("text", "Contact's role", "联系人职务"),
    "contact_phone": Format("text", "Contact's phone", "联系电话"),
    "bucket": Format("text", "Aging bucket", "账龄段"),
    "older": Format(_M, "Open from earlier years", "往年未收金额"),
    # why a share or rate could not be computed
    **{f"{name}_reason": Format("text", f"{en}: why missing", f"{zh}缺失原因") for name, (en, zh) in _MISSING.items()},
    "dso_countback": Format("days", "DSO, count-back (days)", "倒推法周转天数", decimals=0, excel="0"),
}

#: Every column the analytics compute.
COMPUTED: dict[str, Format] = {**CREDIT, **BOOK, **COLLECTIONS, **CALLS, **WRITE_OFFS, **CALENDAR, **PRODUCT_MIX}

__all__ = ["COMPUTED", "CREDIT", "Format"]

"""The credit sentences in Chinese: each part of ``limit_reason`` (:mod:`kamtools.credit.limit_text`
and :mod:`kamtools.credit.limit_notes`), of ``approval_reason`` (:mod:`kamtools.credit.approvals`) and
of ``exceptions`` (:mod:`kamtools.credit.approval_exceptions`), by its template (declarative; a part may
hold another, read by the domain named for its group).
"""

from __future__ import annotations

from .phrases import _N, _p

_NEED = rf"terms need {_N} \((.+?) × (\d+)\+(\d+) days"
_OVERDUE = rf"overdue {_N} is {_N} % of receivables {_N} \(up to (\d+) days past due, orders held (.+)\): collect it"
_SHORT = r"short history \(bought in (\d+) of the last (\d+) months\)"
_STARTER = rf"no usable financial statement: the unsecured limit at most the starter limit {_N} of grade (\S+) until statements are received"

_HELD = rf"open orders {_N} held \(shipped only against prepayment\)"
_UNTIL = {
    "no shipments on credit until exposure is within it": "风险敞口回到新额度以内之前不再赊销发货",
    "no shipments on credit until exposure is within the limit": "风险敞口回到额度以内之前不再赊销发货",
}
#: What a collection says: until when, the receivables to collect (and why), the open orders held (those
#: with orders first: the receivables' reason must not swallow them).
_COLLECT = (
    *(
        _p(
            rf"{until}: collect {_N} \((.+)\), {_HELD}",
            zh + "：收款{0}（{1}），暂停未开票订单{2}（仅预付后发货）",
            None,
            "collect_why",
        )
        for until, zh in _UNTIL.items()
    ),
    *(_p(rf"{until}: {_HELD}", zh + "：暂停未开票订单{0}（仅预付后发货）") for until, zh in _UNTIL.items()),
    *(
        _p(rf"{until}: collect {_N} \((.+)\)", zh + "：收款{0}（{1}）", None, "collect_why")
        for until, zh in _UNTIL.items()
    ),
    _p(
        rf"no shipments on credit until the overdue is paid: collect {_N} \((.+)\)",
        "逾期款付清之前不再赊销发货：收款{0}（{1}）",
        None,
        "collect_why",
    ),
)

_RATES = r"at the receivables page's provision rates"
#: The bad-debt provision with its basis (each bucket at its rate, ``provision_terms``) and the collateral.
_PROVISION = (
    _p(rf"provision {_N}: (.+) \({_RATES}\)", "坏账准备{0}：{1}（按应收账款的坏账计提比例）", None, "provision_terms"),
    _p(
        rf"provision {_N}: (.+) \({_RATES}, collateral {_N} not netted\)",
        "坏账准备{0}：{1}（按应收账款的坏账计提比例，担保{2}未扣减）",
        None,
        "provision_terms",
    ),
    _p(rf"provision {_N} \({_RATES}\)", "坏账准备{0}（按应收账款的坏账计提比例）"),
    _p(
        rf"provision {_N} \({_RATES}, collateral {_N} not netted\)",
        "坏账准备{0}（按应收账款的坏账计提比例，担保{1}未扣减）",
    ),
)

#: One bucket of a provision's basis: its rate of its amount.
PROVISION_TERM = (
    _p(rf"{_N} % of (\d+)–(\d+) days past due {_N}", "逾期{1}–{2}天的{3}×{0}%"),
    _p(rf"{_N} % of over (\d+) days past due {_N}", "逾期{1}天以上的{2}×{0}%"),
    _p(rf"{_N} % of not yet due {_N}", "未到期的{1}×{0}%"),
    _p(rf"specific {_N}", "个别计提{0}"),
)

#: The parts of ``limit_reason``; a part may hold another.
LIMIT_PARTS = (
    _p(rf"limit in force {_N} above the recommended {_N}", "现有额度{0}高于建议额度{1}"),
    _p(rf"limit in force {_N} below the recommended {_N}", "现有额度{0}低于建议额度{1}"),
    # a cut only for a missing statement (kamtools.credit.statement_first.statement_gate)
    _p(
        r"no usable financial statement: the credit department obtains it by ([\d-]+), before the limit is approved",
        "无可用财务报表：由信用部在{0}前取得，然后再审批额度",
    ),
    _p(rf"meanwhile the limit in force {_N} capped at the exposure {_N}", "在此期间现有额度{0}以风险敞口{1}为上限"),
    _p(rf"meanwhile the limit in force {_N}", "在此期间维持现有额度{0}"),
    _p(
        rf"meanwhile the limit without a statement {_N} \(the exposure {_N} is within it\)",
        "在此期间按无报表时的额度{0}（风险敞口{1}在其以内）",
    ),
    _p(rf"meanwhile the limit of the rules without the starter cap {_N}", "在此期间按不受起始额度限制的规则额度{0}"),
    _p(
        rf"if it is not received by then, the limit without a statement {_N} \(unsecured at most the starter limit "
        rf"{_N} of grade (\S+)\)",
        "届时仍未取得，则审批无报表时的额度{0}（无担保部分最多为{2}级起始额度{1}）",
    ),
    _p(rf"{_NEED}\)", "账期需求{0}（{1}×{2}+{3}天）", None, "need_monthly"),
    _p(rf"{_NEED} \+ open orders {_N}\)", "账期需求{0}（{1}×{2}+{3}天+未开票订单{4}）", None, "need_monthly"),
    _p(rf"grade (\S+): {_N} % of (.+)", "{0}级：{2}的{1}%", None, None, "limit_part"),
    _p(rf"{_N} % of (terms need .+)", "{1}的{0}%", None, "limit_part"),
    _p(
        rf"grade (\S+): cash in advance or collateral only \(multiplier {_N}\)",
        "{0}级：只接受预付现金或担保（系数{1}）",
    ),
    _p(rf"\+ secured {_N} \(collateral {_N} less {_N} %\)", "另加担保额度{0}（担保金额{1}扣减{2}%）"),
    _p(
        rf"\+ secured {_N}: collateral {_N} less {_N} % backs {_N}, {_N} of it is used: the secured part covers at "
        rf"most the need not covered otherwise \({_N} less the unsecured {_N}\)",
        "另加担保额度{0}：担保金额{1}扣减{2}%后可担保{3}，其中使用{4}：担保部分最多覆盖其他额度未覆盖的需求（{5}减无担保额度{6}）",
    ),
    _p(
        rf"analyst override {_N} \(approved by (.+?) on ([\d-]+): (.*)\)",
        "人工调整额度{0}（{1}于{2}批准：{3}）",
        None,
        "approver",
        None,
        "override_reason",
    ),
    _p(rf"in force until ([\d-]+), then the rules' {_N} unless renewed", "有效至{0}，到期未续批则按规则的额度{1}"),
    _p(
        rf"analyst override {_N} of ([\d-]+) not in force: (.+)",
        "{1}的人工调整额度{0}未生效：{2}",
        None,
        None,
        "override_why",
    ),
    _p(r"override grade (\S+) against the scored grade (\S+)", "人工调整等级{0}（评分等级{1}）"),
    _p(
        r"the collateral the reason names is not in the collateral table \(a data gap: the credit department records "
        r"it or corrects the reason\)",
        "调整理由所称的抵押物不在担保数据表中（数据缺口：由信用部补录或更正理由）",
    ),
    _p(r"re-assess by ([\d-]+) \(the assessment lapses then\)", "须在{0}之前重新评估（届时信用评估过期）"),
    _p(rf"capped by capacity {_N} \((.+)\)", "受偿付能力上限{0}限制（{1}）", None, "capacity_why"),
    _p(rf"within capacity {_N} \((.+)\)", "在偿付能力上限{0}以内（{1}）", None, "capacity_why"),
    _p(
        rf"hold: invoice (\d+) days past due \({_N} over (\d+) days\): collect, no increase",
        "冻结：有发票逾期{0}天（逾期超过{2}天的欠款{1}）：先收款，不增额",
    ),
    *_PROVISION,
    _p(
        rf"initial limit for a new account \((.+?)\): starter limit {_N} for grade (\S+)",
        "新客户初始额度（{0}）：{2}级起始额度{1}",
        "initial_why",
    ),
    _p(
        rf"initial limit for a new account \((.+?)\): (.+), at most {_N} for grade (\S+)",
        "新客户初始额度（{0}）：{1}，{3}级最多{2}",
        "initial_why",
        "limit_part",
    ),
    _p(r"investigate first: assessment of ([\d-]+) is over (\d+) months old", "先调查：{0}的信用评估已超过{1}个月"),
    _p(r"investigate first: never assessed", "先调查：从未做过信用评估"),
    _p(r"investigate first: (.+)", "先调查：{0}", "limit_part"),
    _p(r"assessment of ([\d-]+) is over (\d+) months old", "{0}的信用评估已超过{1}个月"),
    _p(r"never assessed", "从未做过信用评估"),
    _p(r"no grade", "无信用等级"),
    _p(r"not rated: (\d+) items known, (\d+) needed", "未评级：已知{0}项，需要{1}项"),
    _p(r"meanwhile the last grade's limit: (.+)", "在此期间按上次等级的额度：{0}", "limit_part"),
    _p(r"meanwhile (.+)", "在此期间：{0}", "limit_part"),
    _p(
        rf"need from the peak (\d+) months {_N} a month, the customer's limit being all but full \(utilization "
        rf"over {_N} %, nothing overdue\)",
        "需求按旺季{0}个月平均每月{1}计算：客户额度几乎用满（使用率超过{2}%，无逾期）",
    ),
    _p(rf"on the average {_N} a month the terms need is {_N}", "按平均每月{0}计算，账期需求为{1}"),
    _p(
        rf"needs a plan: a cut of {_N} % \(more than {_N} %\) goes in steps",
        "需制定计划：降额{0}%（超过{1}%），分步进行",
    ),
    _p(
        r"new limit effective on approval \(the limit in force applies until then\)",
        "新额度经审批后生效（审批前仍按现有额度执行）",
    ),
    *_COLLECT,
    _p(r"no increase until then", "在此之前不增额"),
    _p(
        r"no purchases in the last (\d+) months: limit withdrawn until the next order",
        "近{0}个月无采购：撤销额度，待下次订单时再定",
    ),
    _p(r"a new investigation before the next limit: (.+)", "下次授信前需重新调查：{0}", "limit_part"),
    _p(r"no usable financial statement", "无可用财务报表"),
    _p(rf"{_STARTER}", "无可用财务报表：收到报表前无担保额度最多为{1}级起始额度{0}"),
    _p(
        rf"{_STARTER} \(no capacity cap\)",
        "无可用财务报表：收到报表前无担保额度最多为{1}级起始额度{0}（无偿付能力上限）",
    ),
    _p(
        rf"{_SHORT} and no limit yet: the unsecured limit at most the starter limit {_N} of grade (\S+)",
        "交易历史短（近{1}个月中有{0}个月采购）且尚无额度：无担保额度最多为{3}级起始额度{2}",
    ),
    _p(
        rf"{_SHORT}: at most {_N}, the lesser of the approved limit {_N} and the starter limit {_N} of grade (\S+)",
        "交易历史短（近{1}个月中有{0}个月采购）：最多{2}，即现有额度{3}与{5}级起始额度{4}中的较低者",
    ),
    _p(
        rf"{_SHORT}: {_N}, the lesser of the approved limit {_N} and the starter limit {_N} of grade (\S+)",
        "交易历史短（近{1}个月中有{0}个月采购）：{2}，即现有额度{3}与{5}级起始额度{4}中的较低者",
    ),
    _p(rf"by the grade's rules {_N}: (.+)", "按等级规则为{0}：{1}", None, "limit_part"),
    _p(rf"the rules give {_N}: (.+)", "按规则为{0}：{1}", None, "limit_part"),
    _p(
        rf"limit withdrawn: invoice (\d+) days past due, over the (\d+) legal days: the debt of {_N} goes to "
        r"collections or legal action",
        "撤销额度：有发票逾期{0}天，超过{1}天的法律程序期限：欠款{2}移交催收/法务",
    ),
    _p(
        r"no open credit: supply only against cash in advance until the debt is paid and a new limit approved",
        "不恢复赊销：欠款付清并重新核定额度之前，仅凭预付现金供货",
    ),
    _p(rf"collateral {_N} held stays against the debt", "已收担保{0}用于抵偿欠款，不用于新的供货"),
    _p(rf"the analyst override {_N} is set aside", "人工调整额度{0}不再适用"),
    _p(
        r"over (\d+) days: hand to collections or legal action, provide for it",
        "逾期超过{0}天：移交催收或法律程序，并计提坏账准备",
    ),
    _p(
        rf"shorten payment terms from (\d+) to (\d+) days \(the longest standard terms the limit {_N} carries\): the need "
        rf"at them is {_N} \((.+?) × (\d+)\+(\d+) days\)",
        "将付款期限由{0}天缩短至{1}天（额度{2}可支持的最长标准账期）：该账期下的需求为{3}（{4}×{5}+{6}天）",
        *[None] * 4,
        "need_monthly",
    ),
    _p(
        rf"shorten payment terms from (\d+) to (\d+) days \(the longest standard terms the limit {_N} carries\): the need "
        rf"at them is {_N} \((.+?) × (\d+)\+(\d+) days \+ open orders {_N}\)",
        "将付款期限由{0}天缩短至{1}天（额度{2}可支持的最长标准账期）：该账期下的需求为{3}（{4}×{5}+{6}天+未开票订单{7}）",
        *[None] * 4,
        "need_monthly",
    ),
    _p(
        rf"shorten payment terms from (\d+) to (\d+) days \(the longest terms the limit {_N} carries\): the need "
        rf"at them is {_N} \((.+?) × (\d+)\+(\d+) days\)",
        "将付款期限由{0}天缩短至{1}天（额度{2}可支持的最长账期）：该账期下的需求为{3}（{4}×{5}+{6}天）",
        *[None] * 4,
        "need_monthly",
    ),
    _p(
        rf"shorten payment terms from (\d+) to (\d+) days \(the longest terms the limit {_N} carries\): the need "
        rf"at them is {_N} \((.+?) × (\d+)\+(\d+) days \+ open orders {_N}\)",
        "将付款期限由{0}天缩短至{1}天（额度{2}可支持的最长账期）：该账期下的需求为{3}（{4}×{5}+{6}天+未开票订单{7}）",
        *[None] * 4,
        "need_monthly",
    ),
    _p(r"payment terms: cash in advance \(0 days\) in place of (\d+) days", "付款期限：预付现金（0天），取代原{0}天"),
    _p(
        rf"payment terms: cash in advance \(0 days\) in place of (\d+) days \(the limit {_N} is below the need of the "
        rf"grace days alone, {_N}: (.+?) × 0\+(\d+) days\)",
        "付款期限：预付现金（0天），取代原{0}天（额度{1}低于仅宽限期的需求{2}：{3}×0+{4}天）",
        *[None] * 3,
        "need_monthly",
    ),
    _p(
        rf"payment terms: cash in advance \(0 days\) in place of (\d+) days \(the limit {_N} is below the need of the "
        rf"grace days alone, {_N}: (.+?) × 0\+(\d+) days \+ open orders {_N}\)",
        "付款期限：预付现金（0天），取代原{0}天（额度{1}低于仅宽限期的需求{2}：{3}×0+{4}天+未开票订单{5}）",
        *[None] * 3,
        "need_monthly",
    ),
    _p(r"the limit takes grade (\S+) while the arrears are open", "欠款未清期间，额度按{0}级确定"),
    _p(
        r"the limit takes grade (\S+) \(scored (\S+)\) while the arrears are open",
        "欠款未清期间，额度按{0}级确定（评分等级{1}）",
    ),
    _p(r"upgrade from (\S+) to (\S+) withheld", "暂缓由{0}升级为{1}"),
    _p(r"raised to the minimum ([\d,.]+)", "提高至最低额度{0}"),
    _p(
        rf"{_OVERDUE}, no increase",
        "逾期{0}，占应收账款{2}的{1}%（最长逾期{3}天，{4}即冻结订单）：先收款，不增额",
        *[None] * 4,
        "overdue_threshold",
    ),
    _p(
        rf"{_OVERDUE}",
        "逾期{0}，占应收账款{2}的{1}%（最长逾期{3}天，{4}即冻结订单）：先收款",
        *[None] * 4,
        "overdue_threshold",
    ),
    _p(
        r"on credit hold \((.+)\): no increase while the hold is in force",
        "信用冻结（{0}）：冻结期间不增额",
        "hold_rules",
    ),
    _p(r"release orders only as payments come in", "仅随回款逐步放行订单"),
    _p(
        rf"regularisation of exposure without a limit: bought in (\d+) of the last (\d+) months, exposure {_N}, "
        r"no approved limit",
        "规范无额度的风险敞口：近{1}个月中有{0}个月采购，风险敞口{2}，无批准额度",
        None,
        None,
        "money",
    ),
    _p(
        rf"change below the materiality band: the limit stays at {_N} \(the rules give {_N}, a change of {_N}, "
        rf"less than {_N}: the larger of {_N} % of the limit and {_N}\)",
        "变动低于重要性阈值：额度维持{0}（规则额度{1}，变动{2}，小于{3}：额度的{4}%与{5}中的较大者）",
    ),
    _p(
        r"re-assess by ([\d-]+) first \(the assessment of ([\d-]+) is valid until then\): no increase until then",
        "请于{0}前重新评估（{1}的评估有效至该日）：此前不增额",
    ),
)

#: The inner parts of the limit parts: the monthly purchases of a need, how the capacity cap is made,
#: what is collected and why, the thresholds of the overdue hold.
INNER = {
    "need_monthly": (
        _p(rf"{_N} a month", "月采购{0}"),
        _p(rf"{_N} a month over the 1 month bought", "月采购{0}（按1个采购月计）"),
        _p(rf"{_N} a month over the (\d+) months bought", "月采购{0}（按{1}个采购月平均）"),
        _p(rf"peak (\d+) months {_N} a month", "旺季{0}个月月均采购{1}"),
    ),
    "capacity_why": (
        _p(
            rf"the (greater|lesser) of {_N} % of equity {_N} = {_N} and {_N} % of working capital {_N} = {_N}",
            "取较{0}者：所有者权益{2}的{1}% = {3}，营运资金{5}的{4}% = {6}",
            "combine",
        ),
        _p(rf"{_N} % of (equity|working capital) {_N} = {_N}", "{1}{2}的{0}% = {3}", None, "capacity_basis"),
    ),
    "collect_why": (
        _p(rf"the overdue {_N}, which brings the exposure within the limit", "逾期款{0}，收回后风险敞口即在额度以内"),
        _p(r"the overdue", "逾期款"),
        _p(
            rf"overdue {_N} now \+ not yet due {_N} at its due dates, to bring the exposure within the limit",
            "逾期款{0}立即收回，未到期款{1}到期收回，使风险敞口回到额度以内",
        ),
        _p(rf"overdue {_N} now, to bring the exposure within the limit", "逾期款{0}立即收回，使风险敞口回到额度以内"),
        _p(
            rf"not yet due {_N} at its due dates, to bring the exposure within the limit",
            "未到期款{0}到期收回，使风险敞口回到额度以内",
        ),
    ),
    "overdue_threshold": (
        _p(rf"above {_N} % of the receivables or {_N}", "超过应收账款的{0}%或超过{1}"),
        _p(rf"above {_N} % of the receivables and {_N}", "超过应收账款的{0}%且超过{1}"),
        _p(rf"above {_N} % of the receivables", "超过应收账款的{0}%"),
        _p(rf"above {_N}", "超过{0}"),
    ),
}

#: Why an analyst's override is not the limit in force (:mod:`kamtools.credit.limit_in_force`).
OVERRIDE_WHY = (
    _p(r"lapsed on ([\d-]+)", "已于{0}到期"),
    _p(r"the approval of ([\d-]+) is later", "{0}另有更晚的审批额度"),
    _p(
        rf"{_N} is beyond the authority of (.+?) \({_N}\): a limit of {_N} needs (.+)",
        "{0}超出{1}的审批权限（{2}）：该额度须由{4}审批",
        None,
        "approver",
        None,
        None,
        "level_name",
    ),
    _p(r"(.+) is on no level of the approval ladder", "审批人{0}不在任何审批层级内", "approver"),
)

#: The parts of ``override_status``: in force until when, or not in force and why (and the grade that still applies).
OVERRIDE_PARTS = (
    _p(r"in force until ([\d-]+)", "生效至{0}"),
    _p(r"not in force: (.+)", "未生效：{0}", "override_why"),
    _p(r"its grade applies until ([\d-]+)", "其调整等级有效至{0}"),
)

#: The parts of ``exceptions`` (the approval in force).
EXCEPTIONS = (
    _p(
        rf"approved by (.+?) beyond its authority: {_N} against {_N} \(a limit of {_N} needs (.+)\)",
        "由{0}越权审批：额度{1}，而其权限为{2}（{3}的额度需由{4}审批）",
        "approver",
        *[None] * 3,
        "level_name",
    ),
    _p(
        r"approved by (.+?), who is on no level of the ladder: authority unchecked",
        "由{0}审批，其不在审批权限层级内：权限未经核查",
        "approver",
    ),
    _p(r"approved on ([\d-]+) before any credit assessment \(unrated\)", "于{0}在任何信用评估之前审批（未评级）"),
    _p(
        r"approved on ([\d-]+) on an assessment of ([\d-]+), over (\d+) months old that day",
        "于{0}依据{1}的信用评估审批，当日该评估已超过{2}个月",
    ),
    _p(
        rf"unsecured limit approved for a grade without unsecured credit: {_N} on ([\d-]+) for grade (\S+) "
        r"\(multiplier 0\) assessed on ([\d-]+)",
        "向只可预付或担保的等级授予无担保额度：{1}批准{0}，{2}级（系数0），评估日期{3}",
    ),
    _p(
        rf"approved on ([\d-]+) while an invoice was (\d+) days past due \({_N} more than (\d+) days past due "
        r"that day\)",
        "于{0}审批，当日有发票逾期{1}天（逾期超过{3}天的欠款{2}）",
    ),
    _p(
        rf"trading without an approved limit: exposure {_N}, bought in (\d+) of the last (\d+) months",
        "无批准额度赊销：风险敞口{0}，近{2}个月中有{1}个月采购",
        "money",
    ),
    _p(rf"trading without an approved limit: exposure {_N}", "无批准额度赊销：风险敞口{0}", "money"),
)

_NO_SELF = r"whose approver does not approve its correction \(credit\.exception_decrease_approver\)"
_KEEP = rf"limit unchanged at {_N}, (.+?)"
#: An unchanged limit with other changes to sign (``signed_changes``): where a decrease would go.
_UNCHANGED = (
    _p(
        rf"{_KEEP}: every decrease goes to this level \(credit.decrease_approver\): (.+)",
        "额度维持{0}，{1}：所有降额均由该层级审批：{2}",
        None,
        "signed_changes",
        "level_name",
    ),
    _p(
        rf"{_KEEP}: no limit in force, the level the current limit {_N} needs: (.+)",
        "额度维持{0}，{1}：无现行额度，按现有额度{2}所需层级：{3}",
        None,
        "signed_changes",
        None,
        "level_name",
    ),
    _p(
        rf"{_KEEP}: the approver of the current limit \((.+?)\): (.+)",
        "额度维持{0}，{1}：由现有额度的审批人（{2}）审批：{3}",
        None,
        "signed_changes",
        "approver",
        "level_name",
    ),
    _p(
        rf"{_KEEP}: the level the current limit {_N} needs \((.+?) approved it beyond its authority\): (.+)",
        "额度维持{0}，{1}：按现有额度{2}所需层级（{3}越权审批）：{4}",
        None,
        "signed_changes",
        None,
        "approver",
        "level_name",
    ),
    _p(
        rf"{_KEEP}: the level the current limit {_N} needs \(its approver is not on the ladder\): (.+)",
        "额度维持{0}，{1}：按现有额度{2}所需层级（其审批人不在审批权限内）：{3}",
        None,
        "signed_changes",
        None,
        "level_name",
    ),
)

#: One of the changes an unchanged limit signs.
SIGNED_CHANGE = (
    _p(r"payment terms from (\d+) to 0 days \(cash in advance\)", "付款期限由{0}天改为预付现金（0天）"),
    _p(r"payment terms from (\d+) to (\d+) days", "付款期限由{0}天缩短至{1}天"),
    _p(r"hand-over to collections or legal action", "移交催收或法律程序"),
)

#: The parts of ``approval_reason``.
APPROVAL_PARTS = (
    _p(r"no change", "无变动"),
    _p(
        rf"the exposure {_N} it concerns: the authority for it, (.+)",
        "涉及风险敞口{0}：按其所需权限，{1}",
        None,
        "level_name",
    ),
    _p(
        rf"increase to {_N}: the authority for the exposure {_N} \(above the new limit\): (.+)",
        "增额至{0}：按风险敞口{1}（高于新额度）所需权限：{2}",
        None,
        None,
        "level_name",
    ),
    _p(
        rf"increase to {_N}: the authority for the new limit: (.+)",
        "增额至{0}：按新额度所需权限：{1}",
        None,
        "level_name",
    ),
    _p(
        rf"decrease to {_N}: every decrease goes to this level \(credit.decrease_approver\): (.+)",
        "降额至{0}：所有降额均由该层级审批：{1}",
        None,
        "level_name",
    ),
    _p(
        rf"decrease to {_N}: the approver of the current limit \((.+?)\): (.+)",
        "降额至{0}：由现有额度的审批人（{1}）审批：{2}",
        None,
        "approver",
        "level_name",
    ),
    _p(
        rf"decrease to {_N}: the level the current limit {_N} needs \((.+?) approved it beyond its authority\): (.+)",
        "降额至{0}：按现有额度{1}所需层级（{2}越权审批）：{3}",
        None,
        None,
        "approver",
        "level_name",
    ),
    _p(
        rf"decrease to {_N}: the level the current limit {_N} needs \(its approver is not on the ladder\): (.+)",
        "降额至{0}：按现有额度{1}所需层级（其审批人不在审批权限内）：{2}",
        None,
        None,
        "level_name",
    ),
    _p(
        rf"exposure {_N} over the limit {_N} approved by (.+?): (.+)",
        "风险敞口{0}超出{2}批准的额度{1}：{3}",
        None,
        None,
        "approver",
        "raised_to",
    ),
    _p(
        rf"exposure {_N} over the limit {_N} \(its approver not on the ladder\): (.+)",
        "风险敞口{0}超出额度{1}（其审批人不在审批权限内）：{2}",
        None,
        None,
        "raised_to",
    ),
    _p(rf"exposure {_N} without an approved limit: (.+)", "风险敞口{0}无批准额度：{1}", "money", "raised_to"),
    _p(
        rf"the current limit {_N} was approved by (.+?) as an exception, {_NO_SELF}: (.+)",
        "现有额度{0}由{1}作为例外批准，例外的审批人不审批其纠正：{2}",
        None,
        "approver",
        "raised_to",
    ),
    _p(
        rf"the current limit {_N} was approved as an exception \(its approver not on the ladder\), {_NO_SELF}: (.+)",
        "现有额度{0}作为例外批准（其审批人不在审批权限内），例外的审批人不审批其纠正：{1}",
        None,
        "raised_to",
    ),
    *_UNCHANGED,
    _p(
        r"the limit in force is an override by (.+?): its author's level, (.+)",
        "现行额度为{0}的人工调整：按其层级，{1}",
        "approver",
        "level_name",
    ),
    _p(
        r"the limit in force is an override by (.+), who is on no level of the ladder",
        "现行额度为{0}的人工调整，其不在审批权限层级内",
        "approver",
    ),
)

#: How a level is raised one above the approver (the inner part of an approval reason).
RAISED_TO = (
    _p(r"one level above that approver, (.+)", "由该审批人的上一级审批：{0}", "level_name"),
    _p(r"one level above the level it needs, (.+)", "由所需层级的上一级审批：{0}", "level_name"),
    _p(r"the top level \(none above that approver\), (.+)", "最高层级（该审批人之上无更高层级）：{0}", "level_name"),
)

#: The re-review reasons of the gates.
REVIEW_REASONS = (
    _p(rf"overdue {_N} is ([\d.]+) % of receivables {_N}", "逾期{0}，占应收账款{2}的{1}%"),
    _p(r"assessment lapses after ([\d-]+): re-assess", "信用评估的有效期至{0}：需重新评估"),
)

#: The release of the overdue hold (the hold list).
OVERDUE_RELEASE = _p(
    rf"collect the overdue of {_N} \(([\d.]+)% of receivables of {_N}\), the hold lifting once it is no longer (.+) "
    rf"\(after {_N} is paid\)",
    "收回逾期款{0}（占应收账款{2}的{1}%），逾期不再{3}时解除冻结（收回{4}后）",
    "money",
    None,
    "money",
    "overdue_threshold",
    "money",
)

_INPUT = r"(current liabilities|total assets|average total assets|revenue)"
_CLOSING = "closing total assets used instead of the average"
#: Why a financial ratio is missing or what to keep in mind (``<ratio>_reason`` of :func:`kamtools.credit.ratios`).
RATIO_REASONS = (
    _p(rf"zero {_INPUT}", "{0}为零", "ratio_input"),
    _p(rf"{_INPUT} missing", "缺少{0}", "ratio_input"),
    _p(rf"no prior year: {_CLOSING}", "无上年报表：以期末资产总额代替平均资产总额"),
    _p(rf"prior-year total assets missing: {_CLOSING}", "缺少上年资产总额：以期末资产总额代替平均资产总额"),
    _p(r"no prior year", "无上年报表"),
    _p(
        r"equity of the prior years missing \(total assets or liabilities\)",
        "缺少以前年度的所有者权益（资产总额或负债总额）",
    ),
    _p(r"equity at the start is zero or negative", "期初所有者权益为零或负数"),
    _p(r"equity missing \(total assets or liabilities\)", "缺少所有者权益（资产总额或负债总额）"),
    _p(
        r"over (\d+) year\(s\) only: (\d+) statements, a 3-year growth needs 4",
        "仅按{0}年计算：只有{1}期报表，三年增长率需要4期",
    ),
    _p(r"over (\d+) year\(s\) only: equity of an earlier year missing", "仅按{0}年计算：缺少更早年度的所有者权益"),
    _p(
        r"only (\d+) of 3 years of statements: a year without one is missing, not a loss",
        "近三年只有{0}年有报表：无报表的年份为缺失，不算亏损",
    ),
    _p(
        r"net profit missing for (\d+) of the (\d+) years of statements: counted over the (\d+) known, a missing year "
        r"is not a loss",
        "{1}年报表中有{0}年缺少净利润：按已知的{2}年计算，缺失的年份不算亏损",
    ),
    _p(r"net profit is missing", "缺少净利润"),
)

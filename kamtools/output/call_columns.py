"""How the columns of recorded collection calls and of the two agings are shown, and the call
outcomes' labels (declarative; :mod:`kamtools.output.computed_columns` and
:mod:`kamtools.output.codes` join them).

>>> CALLS["call_outcome"].zh, OUTCOMES["promised"]
('通话结果', ('promised to pay', '承诺付款'))
"""

from __future__ import annotations

from .column_format import Format

_M, _S = "money", "share"

#: The columns a collector fills on the worklist, and what the next month's worklist shows of them.
CALLS: dict[str, Format] = {
    "call_date": Format("date", "Call date", "通话日期"),
    "call_outcome": Format("text", "Call outcome", "通话结果"),
    "promise_amount": Format(_M, "Amount promised", "承诺金额"),
    "last_call": Format("date", "Last call", "最近通话"),
    "last_call_outcome": Format("text", "Last call's outcome", "最近通话结果"),
    "last_call_next_step": Format("text", "Next step agreed (as recorded on the call)", "约定的下一步（通话记录原文）"),
    # the aging by invoice date (账龄)
    "max_age_days": Format("days", "Oldest open invoice, days since invoiced", "最长账龄（天）"),
    # the receivables against our own balance sheet
    "period_end": Format("date", "Balance sheet date", "报表日期"),
    "our_total_assets": Format(_M, "Our total assets", "本公司总资产"),
    "our_revenue": Format(_M, "Our revenue", "本公司营业收入"),
    "receivables_share_of_assets": Format(_S, "Receivables / our total assets", "应收账款占本公司总资产比例"),
    "receivables_to_revenue_days": Format("days", "Receivables in days of our revenue", "应收账款相当于收入天数"),
    "typical_share_low": Format(_S, "Typical share, from", "常见比例（下限）"),
    "typical_share_high": Format(_S, "Typical share, to", "常见比例（上限）"),
    "aging_basis": Format("text", "Aged by", "账龄口径"),
    "typical_position": Format("text", "Against the typical range", "与常见范围相比"),
}

#: The outcomes of a collection call (:data:`kamtools.schema.CALL_OUTCOMES`): English and Chinese.
#: Short, with no comma: the worklist offers them as a drop-down list (at most 255 characters in all).
OUTCOMES: dict[str, tuple[str, str]] = {
    "promised": ("promised to pay", "承诺付款"),
    "paid": ("says it has paid", "称已付款"),
    "dispute": ("disputes the debt", "对欠款有异议"),
    "refused": ("refused to pay", "拒绝付款"),
    "no_answer": ("no answer", "无人接听"),
    "call_back": ("call back later", "约定再联系"),
    "wrong_contact": ("wrong contact", "联系人有误"),
}

#: Value codes of these columns: the outcomes, the aging's basis and where our share stands.
CALL_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "call_outcome": OUTCOMES,
    "aging_basis": {
        "due": ("by days past due", "按到期日（逾期）"),
        "invoice": ("by days since invoiced", "按开票日（账龄）"),
    },
    "typical_position": {
        "below": ("below the typical range", "低于常见范围"),
        "within": ("within the typical range", "在常见范围内"),
        "above": ("above the typical range", "高于常见范围"),
    },
}
#: Columns holding those codes under another name.
CALL_DOMAINS: dict[str, str] = {"outcome": "call_outcome", "last_call_outcome": "call_outcome"}

__all__ = ["CALLS", "CALL_CODES", "CALL_DOMAINS", "OUTCOMES"]

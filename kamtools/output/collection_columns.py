"""How the columns of collections are shown (dunning levels, letters, statements of account):
kind, English and Chinese label (declarative; :mod:`kamtools.output.computed_columns` joins them).

>>> COLLECTIONS["dunning_level"].zh, COLLECTIONS["closing_balance"].zh
('催收等级', '期末余额')
"""

from __future__ import annotations

from .column_format import Format

_M, _C = "money", "count"

#: Columns of the dunning levels, the letters register and the statement of account.
COLLECTIONS: dict[str, Format] = {
    "dunning_level": Format("text", "Dunning level", "催收等级"),
    "level_rank": Format(_C, "Level (rank)", "等级序号"),
    "dunning_action": Format("text", "Action", "催收措施"),
    "actor": Format("text", "Who acts", "执行人"),
    "tone": Format("text", "Tone", "语气"),
    "letter": Format("text", "Letter", "催款函模板"),
    "level_amount": Format(_M, "Amount that sets the level", "决定等级的逾期金额"),
    "disputed": Format(_M, "Disputed", "争议金额"),
    "overdue_invoices": Format(_C, "Overdue invoices", "逾期发票数"),
    "held_by_promise": Format("bool", "Held back by a promise", "因付款承诺暂缓"),
    "promise_pay_by": Format("date", "Promised to pay by", "承诺付款日"),
    "unheld_level": Format("text", "Level without the promise", "无承诺时的等级"),
    "previous_level": Format("text", "Last month's level", "上月等级"),
    "moved_up": Format("bool", "Moved up", "等级上升"),
    "level_reason": Format("text", "Why this level", "等级原因"),
    "letter_file": Format("text", "Letter file", "函件文件"),
    "letter_language": Format("text", "Language", "语言"),
    "deadline": Format("date", "Pay by", "付款期限"),
    "opening_balance": Format(_M, "Opening balance", "期初余额"),
    "closing_balance": Format(_M, "Closing balance", "期末余额"),
    "running_balance": Format(_M, "Balance", "余额"),
    "debit": Format(_M, "Debit (invoiced)", "借方（开票）"),
    "credit": Format(_M, "Credit (paid, credited)", "贷方（收款、红字）"),
    "document": Format("text", "Document", "单据类型"),
    "document_id": Format("text", "Document number", "单据号"),
    # disputes (争议) and the provisions beside the bands
    "dispute_amount": Format(_M, "Amount the customer claims", "客户提出的争议金额"),
    "days_open": Format(_C, "Days open", "已持续天数"),
    "dispute_reason": Format("text", "Why disputed", "争议原因"),
    "band_provision": Format(_M, "Provision by age band", "按账龄计提"),
    "specific_provision": Format(_M, "Specific provision", "个别计提"),
    "specific_reason": Format("text", "Why a specific provision", "个别计提原因"),
}

__all__ = ["COLLECTIONS"]

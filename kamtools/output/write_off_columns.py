"""How the columns of write-offs, the recovery equation, collection targets and incentives are shown:
kind, English and Chinese label (declarative; :mod:`kamtools.output.computed_columns` joins them).

>>> WRITE_OFFS["sales_to_recover"].zh, WRITE_OFFS["add"].en
('弥补损失所需销售额', 'ADD: average days delinquent')
"""

from __future__ import annotations

from .column_format import Format

_M, _S, _C = "money", "share", "count"

#: Columns of the write-off register, the accountability per person, targets, incentives and the per-manager DSO.
WRITE_OFFS: dict[str, Format] = {
    # the write-off register (kamtools.credit.write_off_register)
    "year": Format("text", "Year", "年度"),
    "why_written_off": Format("text", "Why written off", "核销原因"),
    "write_off_approved_by": Format("text", "Write-off approved by", "核销审批人"),
    "limit_approved_by": Format("text", "Limit approved by", "额度审批人"),
    "within_limit": Format(_M, "Within the approved limit", "额度以内部分"),
    "above_limit": Format(_M, "Above the approved limit (handler alone)", "超出额度部分（经办人独担）"),
    "handler_amount": Format(_M, "Borne by the handler", "经办人承担"),
    "approver_amount": Format(_M, "Borne by the limit's approver", "额度审批人承担"),
    "margin_basis": Format("text", "Margin of", "毛利率依据"),
    "margin_sales": Format(_M, "Sales behind the margin", "毛利率所依据的销售额"),
    "recovery_margin": Format(_S, "Margin to earn it back", "弥补所用毛利率"),
    "loss": Format(_M, "Loss", "损失金额"),
    "sales_to_recover": Format(_M, "Sales needed to earn it back", "弥补损失所需销售额"),
    # customers written off as gone that still owe or were invoiced after (kamtools.credit.closed_but_trading)
    "invoiced_after_write_off": Format(_M, "Invoiced after the write-off", "核销后仍开票金额"),
    # what each person bears per year (kamtools.credit.accountability_by_person)
    "person": Format("text", "Person", "责任人"),
    "write_offs_handled": Format(_C, "Write-offs handled", "经办的核销笔数"),
    "as_handler": Format(_M, "Borne as handler", "作为经办人承担"),
    "write_offs_approved": Format(_C, "Write-offs under limits approved", "所批额度下的核销笔数"),
    "as_approver": Format(_M, "Borne as approver", "作为审批人承担"),
    "borne": Format(_M, "Borne in all", "合计承担"),
    # targets and incentives (kamtools.receivables.collection_targets)
    "target_source": Format("text", "Target set by", "目标来源"),
    "target_from": Format("date", "Target period from", "目标期间起"),
    "target_to": Format("date", "Target period to", "目标期间止"),
    "standing": Format("text", "Against the target", "目标完成情况"),
    "bonus": Format(_M, "Bonus on collections", "回款奖励"),
    "past_due_receivables": Format(_M, "Receivables past the penalty days", "超过扣罚天数的应收账款"),
    "deduction": Format(_M, "Deduction for old receivables", "逾期扣罚"),
    "net_incentive": Format(_M, "Net incentive", "激励净额"),
    # DSO, best-possible DSO, ADD (kamtools.receivables.collection_kpis)
    "best_possible_dso": Format("days", "Best-possible DSO (days)", "最佳应收账款周转天数", decimals=0, excel="0"),
    "add": Format("days", "ADD: average days delinquent", "平均逾期天数（ADD）", decimals=0, excel="0"),
}

__all__ = ["WRITE_OFFS"]

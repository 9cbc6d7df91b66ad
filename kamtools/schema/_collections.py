"""Collections: promises to pay, disputes, write-offs (坏账核销) and collection targets (回款目标)."""

from __future__ import annotations

from ._model import CUSTOMER_FK, OPTIONAL, Column, RowRule, Table, money_column

COLLECTION_TABLES: tuple[Table, ...] = (
    Table(
        "promises",
        "Payment promises made by customers when asked to pay (collection calls, letters, visits).",
        (
            Column("customer_id", "id", "Customer who promised", references=CUSTOMER_FK, chinese="客户编号"),
            Column("promised_on", "date", "Date the promise was made", chinese="承诺日期"),
            Column("pay_by", "date", "Date by which the customer promised to pay", chinese="承诺付款日", future=True),
            money_column("amount", "Amount promised", "承诺金额"),
            Column(
                "invoice_id",
                "id",
                "Invoice the promise is about, if any",
                required=False,
                nullable=True,
                references="invoices.invoice_id",
                chinese="发票号",
            ),
            Column("note", "text", "Note of the call or letter", required=False, nullable=True, chinese="备注"),
            Column(
                "activity_id",
                "id",
                "The call the promise was made on, when recorded from a worklist (kam import-calls)",
                required=False,
                nullable=True,
                chinese="活动编号",
            ),
        ),
        chinese="付款承诺",
        key=(),
        optional=True,
        rules=(RowRule("pay_by", ">=", "promised_on", "the promised payment date cannot be before the promise"),),
    ),
    Table(
        "disputes",
        "Invoices the customer disputes (price, quantity, quality, delivery): the disputed amount is shown apart "
        "in the aging and kept out of dunning and escalation while the dispute is open.",
        (
            Column("invoice_id", "id", "Invoice disputed", references="invoices.invoice_id", chinese="发票号"),
            money_column("amount", "Amount disputed (at most the invoice's amount)", "争议金额"),
            Column(
                "reason",
                "text",
                "Why the customer disputes it: a code (price, quantity, quality, late_delivery, no_order, "
                "billed_twice; the report reads it in its language) or free text, shown as recorded",
                chinese="争议原因",
            ),
            Column("opened_on", "date", "Date the dispute was raised", chinese="提出日期"),
            Column(
                "closed_on",
                "date",
                "Date the dispute was settled (empty while it is open)",
                required=False,
                nullable=True,
                chinese="解决日期",
            ),
            Column(
                "owner",
                "text",
                "Who resolves it: a person, or collections (the collections clerk)",
                required=False,
                nullable=True,
                chinese="负责人",
            ),
        ),
        chinese="争议",
        key=(),
        optional=True,
        rules=(RowRule("closed_on", ">=", "opened_on", "a dispute cannot be closed before it was opened"),),
    ),
    Table(
        "write_offs",
        "Bad debts written off (坏账核销): who approved each, who handled the customer then, and why.",
        (
            Column(
                "customer_id", "id", "Customer whose debt was written off", references=CUSTOMER_FK, chinese="客户编号"
            ),
            Column("written_off_on", "date", "Date of the write-off", chinese="核销日期"),
            Column("amount", "money", "Amount written off (positive)", min=0.01, chinese="核销金额"),
            Column(
                "approved_by",
                "text",
                "Who approved the write-off (a name of the approval levels)",
                chinese="核销审批人",
            ),
            Column(
                "handled_by",
                "text",
                "Account manager who handled the customer when the debt arose; empty: the customer's account manager",
                **OPTIONAL,
                chinese="经办人",
            ),
            Column(
                "reason",
                "text",
                "Why the debt was written off: a code (bankrupt, judgment_unenforceable, ceased_trading, "
                "time_barred; the report reads it in its language) or free text, shown as recorded",
                **OPTIONAL,
                chinese="核销原因",
            ),
        ),
        chinese="坏账核销",
        key=(),
        optional=True,
    ),
    Table(
        "collection_targets",
        "Collection targets (回款目标) per account manager and period; without a row, the policy's monthly target "
        "of the manager or its target share applies.",
        (
            Column("account_manager", "text", "Account manager the target is set for", chinese="客户经理"),
            Column("period_start", "date", "First day of the target's period", future=True, chinese="目标期间起"),
            Column("period_end", "date", "Last day of the target's period", future=True, chinese="目标期间止"),
            money_column("target", "Amount to be collected in the period", "回款目标"),
        ),
        chinese="回款目标",
        key=("account_manager", "period_start"),
        optional=True,
        rules=(RowRule("period_end", ">=", "period_start", "the target's period cannot end before it starts"),),
    ),
)

"""Collections: promises to pay, disputes."""

from __future__ import annotations

from ._model import CUSTOMER_FK, Column, RowRule, Table, money_column

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
            Column("reason", "text", "Why the customer disputes it", chinese="争议原因"),
            Column("opened_on", "date", "Date the dispute was raised", chinese="提出日期"),
            Column(
                "closed_on",
                "date",
                "Date the dispute was settled (empty while it is open)",
                required=False,
                nullable=True,
                chinese="解决日期",
            ),
            Column("owner", "text", "Who resolves it", required=False, nullable=True, chinese="负责人"),
        ),
        chinese="争议",
        key=(),
        optional=True,
        rules=(RowRule("closed_on", ">=", "opened_on", "a dispute cannot be closed before it was opened"),),
    ),
)

"""What customers buy and pay: invoices, payments, open orders."""

from __future__ import annotations

from ._model import CUSTOMER_FK, Column, RowRule, Table, money_column

TRANSACTION_TABLES: tuple[Table, ...] = (
    Table(
        "invoices",
        "Invoices and credit notes (negative amounts), one row per document.",
        (
            Column("invoice_id", "id", "Unique invoice number", chinese="发票号"),
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("invoice_date", "date", "Date of the invoice", chinese="开票日期"),
            Column("due_date", "date", "Date payment is due", chinese="到期日", future=True),
            money_column("amount", "Amount invoiced, tax included; negative for a credit note", "金额", min=None),
            money_column("cost", "Cost of goods sold on this invoice", "成本", min=None),
            money_column("discount", "Discount granted on this invoice", "折扣", required=False, nullable=True),
            Column(
                "product",
                "text",
                "Product or product line (listed in the products table when one is given)",
                required=False,
                nullable=True,
                references="products.product",
                chinese="产品",
            ),
            Column(
                "corrects_invoice_id",
                "id",
                "For a credit note: the invoice of the same customer it corrects (settled against it first)",
                required=False,
                nullable=True,
                references="invoices.invoice_id",
                chinese="冲红原发票号",
            ),
        ),
        chinese="发票",
        key=("invoice_id",),
        large=True,
        rules=(RowRule("due_date", ">=", "invoice_date", "due date cannot be before the invoice date"),),
    ),
    Table(
        "payments",
        "Payments received; invoice_id is empty when the payment is not tied to an invoice.",
        (
            Column("payment_id", "id", "Unique payment number", chinese="收款单号"),
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("payment_date", "date", "Date the payment was received", chinese="收款日期"),
            money_column("amount", "Amount received (positive)", "收款金额"),
            Column(
                "invoice_id",
                "id",
                "Invoice the payment settles, if any",
                required=False,
                nullable=True,
                references="invoices.invoice_id",
                chinese="发票号",
            ),
        ),
        chinese="收款",
        key=("payment_id",),
        large=True,
    ),
    Table(
        "open_orders",
        "Orders received but not yet invoiced (part of credit exposure).",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            money_column("amount", "Open order value", "未开票订单金额"),
            Column("order_id", "id", "Order number", required=False, nullable=True, chinese="订单号"),
            Column("order_date", "date", "Order date", required=False, nullable=True, chinese="订单日期"),
        ),
        chinese="未开票订单",
        key=(),
        optional=True,
    ),
)

"""Contracts with customers (合同): what runs when, and when its renewal is to be talked about."""

from __future__ import annotations

from ._model import CUSTOMER_FK, OPTIONAL, Column, RowRule, Table, money_column

CONTRACT_TABLES: tuple[Table, ...] = (
    Table(
        "contracts",
        "Contracts with customers (frame or supply agreements): when each starts and ends, and how many days "
        "before its end the renewal is to be negotiated; the contact calendar lists the renewals falling due.",
        (
            Column("contract_id", "id", "Unique contract number", chinese="合同编号"),
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("start_date", "date", "First day the contract runs", chinese="开始日期"),
            Column("end_date", "date", "Last day the contract runs", future=True, chinese="结束日期"),
            Column(
                "renewal_notice_days",
                "int",
                "Days before the end by which the renewal is to be negotiated (empty: the policy's "
                "calendar.renewal_notice_days)",
                **OPTIONAL,
                min=0,
                max=3650,
                chinese="续约提前天数",
            ),
            money_column(
                "contract_value", "Value of the contract (the whole term)", "合同金额", required=False, nullable=True
            ),
        ),
        chinese="合同",
        key=("contract_id",),
        optional=True,
        rules=(RowRule("end_date", ">=", "start_date", "a contract cannot end before it starts"),),
    ),
)

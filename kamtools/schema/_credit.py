"""Credit: financial statements, the qualitative factors, limits, group limits and overrides."""

from __future__ import annotations

from ._model import CUSTOMER_FK, OPTIONAL, Column, RowRule, Table, money_column

#: The twelve qualitative credit factors, scored 1 (poor) to 5 (excellent).
CREDIT_FACTORS: dict[str, tuple[str, str]] = {
    "principal_credit": ("Personal credit of the principal (owner or CEO)", "负责人个人信用"),
    "size_ownership": ("Company size and ownership", "企业规模与所有制"),
    "sales_capability": ("Sales capability", "销售能力"),
    "operating_knowhow": ("Operating know-how and experience", "经营经验与能力"),
    "capital_growth_3y": ("Growth of capital over the last three years", "近三年资本增长"),
    "profit_record_3y": ("Profit record over the last three years", "近三年盈利记录"),
    "employee_complaints": ("Employee complaints (5 = none)", "员工投诉情况"),
    "supplier_opinion": ("Suppliers' opinion of the customer", "供应商评价"),
    "bank_credit_record": ("Bank credit record", "银行信用记录"),
    "peer_credit_opinion": ("Peers' opinion of the customer's credit", "同行信用评价"),
    "industry_climate": ("Climate of the customer's industry", "行业景气度"),
    "management_quality": ("Quality of management", "管理水平"),
}

CREDIT_TABLES: tuple[Table, ...] = (
    Table(
        "financials",
        "The customer's balance sheet and income statement, one row per customer and fiscal year.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("period_end", "date", "Last day of the fiscal year", chinese="会计期末"),
            money_column("current_assets", "Current assets at period end", "流动资产"),
            money_column("inventory", "Inventory at period end", "存货"),
            money_column("current_liabilities", "Current liabilities at period end", "流动负债"),
            money_column("total_assets", "Total assets at period end", "资产总额"),
            money_column("total_liabilities", "Total liabilities at period end", "负债总额"),
            money_column("revenue", "Revenue of the fiscal year", "营业收入"),
            money_column("net_profit", "Net profit of the fiscal year (negative for a loss)", "净利润", min=None),
            money_column(
                "prepaid_expenses", "Prepaid expenses at period end", "预付费用", required=False, nullable=True
            ),
        ),
        chinese="财务报表",
        key=("customer_id", "period_end"),
        rules=(
            RowRule(
                "inventory",
                "<=",
                "current_assets",
                "inventory and prepaid expenses cannot exceed current assets, which would make quick assets negative",
                plus=("prepaid_expenses",),
            ),
            RowRule("current_assets", "<=", "total_assets", "current assets cannot exceed total assets"),
            RowRule(
                "current_liabilities", "<=", "total_liabilities", "current liabilities cannot exceed total liabilities"
            ),
        ),
    ),
    Table(
        "credit_factors",
        "Qualitative credit assessment: one row per customer and assessment date, "
        "each factor scored 1 (poor) to 5 (excellent); empty when not assessed.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("assessed_on", "date", "Date of the assessment", chinese="评估日期"),
            *(
                Column(name, "score", text, nullable=True, min=1, max=5, chinese=zh)
                for name, (text, zh) in CREDIT_FACTORS.items()
            ),
        ),
        chinese="定性信用因素",
        key=("customer_id", "assessed_on"),
    ),
    Table(
        "credit_limits",
        "Approved credit limits; the latest on or before a date is in force unless an override replaces it.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            money_column("credit_limit", "Approved credit limit", "信用额度"),
            Column("approved_by", "text", "Who approved the limit", chinese="审批人"),
            Column("approved_on", "date", "Date of approval", chinese="审批日期"),
            money_column("collateral", "Collateral held", "担保金额", required=False, nullable=True),
        ),
        chinese="信用额度",
        key=("customer_id", "approved_on"),
    ),
    Table(
        "group_limits",
        "Credit limits of customer groups (集团授信): the exposure of all the companies of a group "
        "(customers linked by parent_id) together against one limit; the latest approval on or "
        "before a date is the group limit in force.",
        (
            Column(
                "group_id",
                "id",
                "Top company of the group: the customer the parent_id links lead to (it has no parent_id)",
                references=CUSTOMER_FK,
                chinese="集团编号",
            ),
            money_column("group_limit", "Approved credit limit of the whole group", "集团信用额度"),
            Column("approved_by", "text", "Who approved the group limit", chinese="审批人"),
            Column("approved_on", "date", "Date of approval", chinese="审批日期"),
        ),
        chinese="集团授信额度",
        key=("group_id", "approved_on"),
        optional=True,
    ),
    Table(
        "credit_overrides",
        "Analyst overrides of the credit grade or limit (授信调整): the decision that departs from the "
        "scorecard, why, and who approved it. The latest override on or before a date applies for "
        "credit.overrides.valid_months months; a row gives a grade, a limit or both. Its limit is the limit in "
        "force when decided on or after the latest approval of credit_limits, within its approver's authority.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("decided_on", "date", "Date of the decision", chinese="决定日期"),
            Column(
                "grade",
                "text",
                "Grade given instead of the scorecard's (one of the policy's grades, or NR)",
                required=False,
                nullable=True,
                chinese="调整后等级",
            ),
            money_column("limit", "Credit limit decided instead of the recommended one", "调整后额度", **OPTIONAL),
            Column("reason", "text", "Why the model is overridden", chinese="调整理由"),
            Column("approved_by", "text", "Who approved the override", chinese="审批人"),
            money_column(
                "collateral", "Value of the collateral or guarantee it rests on (empty: none)", "担保金额", **OPTIONAL
            ),
        ),
        chinese="授信调整",
        key=("customer_id", "decided_on"),
        optional=True,
    ),
)

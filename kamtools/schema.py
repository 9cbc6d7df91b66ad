"""The data model of the workbook, defined once.

Every table of the store, its columns, their kinds, keys, foreign keys and
constraints are declared here. Import, validation, sample generation, the store
and the data dictionary (``data/README.md``) are all derived from this module,
so they cannot drift apart.

>>> from kamtools.schema import TABLES
>>> TABLES["invoices"].key
('invoice_id',)
>>> TABLES["invoices"].column("amount").dtype
'float64'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .money import MONEY_SQL_TYPE, round_cents

Kind = Literal["id", "text", "category", "date", "money", "number", "int", "score", "bool"]

#: pandas dtype of each kind of column (after import).
PANDAS_DTYPES: dict[str, str] = {
    "id": "str",
    "text": "str",
    "category": "str",
    "date": "datetime64[us]",
    "money": "float64",
    "number": "float64",
    "int": "Int64",
    "score": "Int64",
    "bool": "boolean",
}

#: DuckDB column type of each kind of column in the store.
SQL_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "category": "VARCHAR",
    "date": "DATE",
    "money": MONEY_SQL_TYPE,  # whole cents (kamtools.money)
    "number": "DOUBLE",
    "int": "BIGINT",
    "score": "BIGINT",
    "bool": "BOOLEAN",
}

#: What a user should put in a column of each kind (used in error messages).
EXPECTED: dict[str, str] = {
    "id": "an identifier (text)",
    "text": "text",
    "category": "one of the listed values",
    "date": "an ISO date such as 2026-10-31",
    "money": "a number such as 1234.50",
    "number": "a number",
    "int": "a whole number",
    "score": "a whole number from 1 to 5",
    "bool": "true/false (also yes/no, 1/0, 是/否)",
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``required`` columns must be present in a source; ``nullable`` columns may
    have empty cells. ``references`` names the ``table.column`` a foreign key
    must resolve to. A date column records something that happened, so an import
    warns of dates after the day of import, unless ``future`` (a due date, a
    promised payment date).
    """

    name: str
    kind: Kind
    description: str
    required: bool = True
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None
    references: str | None = None
    chinese: str = ""
    future: bool = False

    @property
    def dtype(self) -> str:
        """The pandas dtype of this column."""
        return PANDAS_DTYPES[self.kind]

    @property
    def sql_type(self) -> str:
        """The DuckDB type of this column."""
        return SQL_TYPES[self.kind]

    @property
    def bound(self) -> float | None:
        """Values must be smaller than this in magnitude to fit the column's store type
        (None: any finite number fits).

        >>> Column("amount", "money", "").bound, Column("n", "int", "").bound
        (1e+16, 9.223372036854776e+18)
        """
        return sql_bound(self.sql_type)


def sql_bound(sql_type: str) -> float | None:
    """The magnitude a value of a DuckDB type must stay below, or None when unbounded.

    ``DECIMAL(p,s)`` holds ``p - s`` digits before the decimal point, ``BIGINT`` is a
    signed 64-bit integer.

    >>> sql_bound("DECIMAL(18,2)"), sql_bound("DOUBLE")
    (1e+16, None)
    """
    m = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", sql_type)
    if m:
        return float(10 ** (int(m.group(1)) - int(m.group(2))))
    if sql_type == "BIGINT":
        return float(2**63)
    return None


@dataclass(frozen=True)
class RowRule:
    """A rule relating columns of one row, e.g. ``due_date >= invoice_date``.

    ``left`` and ``right`` are column names, ``op`` a comparison; rows where either
    side is empty are not checked. ``plus`` names columns added to ``left`` (an
    empty cell there counts as 0), e.g. ``inventory + prepaid_expenses <= current_assets``.
    """

    left: str
    op: Literal["<=", ">=", "<", ">"]
    right: str
    message: str
    plus: tuple[str, ...] = ()

    @property
    def left_text(self) -> str:
        """The left side as written: ``inventory + prepaid_expenses``."""
        return " + ".join((self.left, *self.plus))


@dataclass(frozen=True)
class Table:
    """One table of the store (and one CSV file or sheet of a source); ``chinese``: its Chinese name."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    large: bool = False
    optional: bool = False
    rules: tuple[RowRule, ...] = field(default=())
    chinese: str = ""

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def names(self) -> list[str]:
        """All column names, in model order."""
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        """Names of the columns a source must provide."""
        return [c.name for c in self.columns if c.required]

    @property
    def foreign_keys(self) -> list[Column]:
        """Columns that must resolve to a key of another table."""
        return [c for c in self.columns if c.references]


def _money(
    name: str,
    description: str,
    chinese: str = "",
    *,
    min: float | None = 0.0,
    required: bool = True,
    nullable: bool = False,
) -> Column:
    return Column(name, "money", description, required=required, nullable=nullable, min=min, chinese=chinese)


CUSTOMER_FK = "customers.customer_id"

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

ATTRACTIVENESS = ("high", "medium", "low")
RELATIONSHIP_STATES = ("partnership", "strategic_alliance", "cooperative", "transactional", "strained", "none")
_OPT = {"required": False, "nullable": True}  # an optional column that may be empty
RELATIONSHIP_LEVELS = ("senior_team", "decision_maker", "purchasing", "operational", "none")

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "customers",
            "One row per customer (an account that has bought or been set up to buy).",
            (
                Column("customer_id", "id", "Unique customer number", chinese="客户编号"),
                Column("name", "text", "Customer name (Chinese names welcome)", chinese="客户名称"),
                Column("industry", "text", "Industry of the customer", chinese="行业"),
                Column("region", "text", "Sales region", chinese="区域"),
                Column("account_manager", "text", "Account manager responsible", chinese="客户经理"),
                Column(
                    "parent_id",
                    "id",
                    "Group or parent company, for group exposure",
                    required=False,
                    nullable=True,
                    references=CUSTOMER_FK,
                    chinese="母公司编号",
                ),
                Column(
                    "attractiveness",
                    "category",
                    "Attractiveness to us: high, medium or low",
                    required=False,
                    nullable=True,
                    allowed=ATTRACTIVENESS,
                    chinese="吸引力",
                ),
                Column(
                    "relationship_state",
                    "category",
                    "State of the relationship",
                    required=False,
                    nullable=True,
                    allowed=RELATIONSHIP_STATES,
                    chinese="关系状态",
                ),
                Column(
                    "relationship_level",
                    "category",
                    "Highest level of the customer we reach",
                    required=False,
                    nullable=True,
                    allowed=RELATIONSHIP_LEVELS,
                    chinese="关系层级",
                ),
                _money(
                    "wallet_estimate",
                    "Yearly purchase capacity for our category",
                    "采购潜力",
                    required=False,
                    nullable=True,
                ),
                Column(
                    "ownership",
                    "text",
                    "Ownership (state, private, foreign, joint venture, ...)",
                    required=False,
                    nullable=True,
                    chinese="所有制",
                ),
                Column(
                    "employees", "int", "Number of employees", required=False, nullable=True, min=0, chinese="员工人数"
                ),
                Column(
                    "payment_terms_days",
                    "int",
                    "Payment terms agreed with the customer, in days (empty: the policy's default terms)",
                    required=False,
                    nullable=True,
                    min=0,
                    max=365,
                    chinese="付款期限（天）",
                ),
                Column("address", "text", "Postal address (letters, statements)", **_OPT, chinese="地址"),
                Column(
                    "language", "category", "Letter language", **_OPT, allowed=("zh", "en", "both"), chinese="函件语言"
                ),
            ),
            chinese="客户",
            key=("customer_id",),
        ),
        Table(
            "financials",
            "The customer's balance sheet and income statement, one row per customer and fiscal year.",
            (
                Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
                Column("period_end", "date", "Last day of the fiscal year", chinese="会计期末"),
                _money("current_assets", "Current assets at period end", "流动资产"),
                _money("inventory", "Inventory at period end", "存货"),
                _money("current_liabilities", "Current liabilities at period end", "流动负债"),
                _money("total_assets", "Total assets at period end", "资产总额"),
                _money("total_liabilities", "Total liabilities at period end", "负债总额"),
                _money("revenue", "Revenue of the fiscal year", "营业收入"),
                _money("net_profit", "Net profit of the fiscal year (negative for a loss)", "净利润", min=None),
                _money("prepaid_expenses", "Prepaid expenses at period end", "预付费用", required=False, nullable=True),
            ),
            chinese="财务报表",
            key=("customer_id", "period_end"),
            rules=(
                RowRule(
                    "inventory",
                    "<=",
                    "current_assets",
                    "inventory and prepaid expenses cannot exceed current assets, "
                    "which would make quick assets negative",
                    plus=("prepaid_expenses",),
                ),
                RowRule("current_assets", "<=", "total_assets", "current assets cannot exceed total assets"),
                RowRule(
                    "current_liabilities",
                    "<=",
                    "total_liabilities",
                    "current liabilities cannot exceed total liabilities",
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
            "invoices",
            "Invoices and credit notes (negative amounts), one row per document.",
            (
                Column("invoice_id", "id", "Unique invoice number", chinese="发票号"),
                Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
                Column("invoice_date", "date", "Date of the invoice", chinese="开票日期"),
                Column("due_date", "date", "Date payment is due", chinese="到期日", future=True),
                _money("amount", "Amount invoiced, tax included; negative for a credit note", "金额", min=None),
                _money("cost", "Cost of goods sold on this invoice", "成本", min=None),
                _money("discount", "Discount granted on this invoice", "折扣", required=False, nullable=True),
                Column("product", "text", "Product or product line", required=False, nullable=True, chinese="产品"),
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
                _money("amount", "Amount received (positive)", "收款金额"),
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
            "credit_limits",
            "Approved credit limits; the latest on or before a date is in force unless an override replaces it.",
            (
                Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
                _money("credit_limit", "Approved credit limit", "信用额度"),
                Column("approved_by", "text", "Who approved the limit", chinese="审批人"),
                Column("approved_on", "date", "Date of approval", chinese="审批日期"),
                _money("collateral", "Collateral held", "担保金额", required=False, nullable=True),
            ),
            chinese="信用额度",
            key=("customer_id", "approved_on"),
        ),
        Table(
            "activities",
            "Selling activities: visits, calls, events, greetings, training, complaints, ...",
            (
                Column("activity_id", "id", "Unique activity number", chinese="活动编号"),
                Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
                Column("date", "date", "Date of the activity", chinese="日期"),
                Column(
                    "type",
                    "text",
                    "Kind of activity (visit, call, event, greeting, training, complaint, ...)",
                    chinese="类型",
                ),
                Column("account_manager", "text", "Who carried it out", chinese="客户经理"),
                Column("hours", "number", "Selling time spent, in hours", min=0, chinese="小时"),
            ),
            chinese="销售活动",
            key=("activity_id",),
            large=True,
        ),
        Table(
            "leads",
            "Prospects not yet buying, qualified by Money, Authority and Need (MAN).",
            (
                Column("lead_id", "id", "Unique lead number", chinese="线索编号"),
                Column("company", "text", "Company name", chinese="公司名称"),
                Column("region", "text", "Sales region", chinese="区域"),
                Column("owner", "text", "Account manager who owns the lead", chinese="负责人"),
                Column("money", "bool", "Has the money to buy (M)", chinese="购买力"),
                Column("authority", "bool", "Contact has the authority to decide (A)", chinese="决策权"),
                Column("need", "bool", "Has a need for our offer (N)", chinese="需求"),
                _money("estimated_annual_value", "Estimated yearly purchases if won", "预计年采购额"),
            ),
            chinese="销售线索",
            key=("lead_id",),
        ),
        Table(
            "open_orders",
            "Orders received but not yet invoiced (part of credit exposure).",
            (
                Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
                _money("amount", "Open order value", "未开票订单金额"),
                Column("order_id", "id", "Order number", required=False, nullable=True, chinese="订单号"),
                Column("order_date", "date", "Order date", required=False, nullable=True, chinese="订单日期"),
            ),
            chinese="未开票订单",
            key=(),
            optional=True,
        ),
        Table(
            "contacts",
            "People at the customer.",
            (
                Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
                Column("name", "text", "Contact name", chinese="姓名"),
                Column("role", "text", "Role or title", chinese="职务"),
                Column("birthday", "date", "Birthday", required=False, nullable=True, chinese="生日"),
                Column("phone", "text", "Phone number", required=False, nullable=True, chinese="电话"),
            ),
            chinese="联系人",
            key=(),
            optional=True,
        ),
        Table(
            "promises",
            "Payment promises made by customers when asked to pay (collection calls, letters, visits).",
            (
                Column("customer_id", "id", "Customer who promised", references=CUSTOMER_FK, chinese="客户编号"),
                Column("promised_on", "date", "Date the promise was made", chinese="承诺日期"),
                Column(
                    "pay_by", "date", "Date by which the customer promised to pay", chinese="承诺付款日", future=True
                ),
                _money("amount", "Amount promised", "承诺金额"),
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
            ),
            chinese="付款承诺",
            key=(),
            optional=True,
            rules=(RowRule("pay_by", ">=", "promised_on", "the promised payment date cannot be before the promise"),),
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
                _money("group_limit", "Approved credit limit of the whole group", "集团信用额度"),
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
                _money("limit", "Credit limit decided instead of the recommended one", "调整后额度", **_OPT),
                Column("reason", "text", "Why the model is overridden", chinese="调整理由"),
                Column("approved_by", "text", "Who approved the override", chinese="审批人"),
                _money(
                    "collateral", "Value of the collateral or guarantee it rests on (empty: none)", "担保金额", **_OPT
                ),
            ),
            chinese="授信调整",
            key=("customer_id", "decided_on"),
            optional=True,
        ),
    ]
}

#: Tables every source must provide.
REQUIRED_TABLES: list[str] = [t.name for t in TABLES.values() if not t.optional]
#: Tables kept in the store and read through SQL rather than loaded whole.
LARGE_TABLES: list[str] = [t.name for t in TABLES.values() if t.large]


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with the model's columns and dtypes for ``table``.

    >>> empty_frame("payments").dtypes["payment_date"]
    dtype('<M8[us]')
    """
    t = TABLES[table]
    return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in t.columns})


def conform(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return a copy of ``df`` with the model's dtypes and column order.

    Model columns come first in model order (optional ones that are absent are
    added empty), extra columns are kept after them; money is taken to whole cents
    (:func:`kamtools.money.round_cents`). Values must already be clean (see
    :mod:`kamtools.ingest` for checked conversion of raw input).

    >>> import pandas as pd
    >>> out = conform(pd.DataFrame({"lead_id": ["L1"], "company": ["A"], "region": ["East"],
    ...     "owner": ["Li"], "money": [True], "authority": [False], "need": [True],
    ...     "estimated_annual_value": [1000]}), "leads")
    >>> str(out["estimated_annual_value"].dtype), str(out["money"].dtype)
    ('float64', 'boolean')
    """
    t = TABLES[table]
    out = {}
    n = len(df)
    for c in t.columns:
        if c.name in df.columns:
            s = df[c.name]
        else:
            s = pd.Series([None] * n, index=df.index, dtype="object")
        if c.kind == "date":
            s = pd.to_datetime(s).astype(c.dtype)
        elif c.kind == "money":
            s = round_cents(s.astype("float64"))
        else:
            s = s.astype(c.dtype)
        out[c.name] = s
    extra = [col for col in df.columns if col not in out]
    result = pd.DataFrame(out, index=df.index)
    for col in extra:
        result[col] = df[col]
    return result.reset_index(drop=True)

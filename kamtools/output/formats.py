"""How each column is shown: one registry of kinds, labels (English, Chinese), decimals and
Excel number formats, used by the report tables (:mod:`kamtools.output.tables`), the
explorers (:mod:`kamtools.explore`), the credit forms and the Excel writers.

The registry (:data:`REGISTRY`) is seeded from the data model (every column of
:data:`kamtools.schema.TABLES`, with its kind and Chinese name) and completed with the
columns the analytics compute (ratios, scores, limits, aging buckets, segment shares ...).
A column the registry does not know is shown by the old guess from its name
(:func:`guess_kind`), which lives here and nowhere else.

>>> kind_of("revenue_12m"), kind_of("utilization"), kind_of("gap_hours"), kind_of("quick_ratio")
('money', 'share', 'hours', 'ratio')
>>> number_text(0.6512, "share"), number_text(1234567.891, "money"), number_text(1.2345, "ratio")
('65.1 %', '1,234,568', '1.23')
>>> label("approved_limit"), label("approved_limit", "zh"), label("approved_limit", "both")
('Approved credit limit', '现有信用额度', 'Approved credit limit 现有信用额度')
>>> excel_format("debt_ratio"), excel_format("approved_limit"), columns_of(["name", "overdue", "score"], "money")
('0.0%', '#,##0.00', ['overdue'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..credit import ITEMS, RATIOS
from ..money import MONEY_DECIMALS
from ..schema import TABLES
from ..text import MISSING, is_missing, num, number

#: Every kind of column. Numbers: ``money``, ``share`` (a fraction of 1, shown as a
#: percentage), ``ratio``, ``score``, ``count``, ``days``, ``hours``, ``months``, ``number``;
#: the others: ``date``, ``text``, ``id``, ``bool``.
KINDS = ("money", "share", "ratio", "score", "count", "days", "hours", "months", "number", "date", "text", "id", "bool")
#: The kinds of a number.
NUMBER_KINDS = frozenset(KINDS[:9])

#: Decimals of each number kind in report tables (money: the table's ``decimals``, 0 unless asked).
DECIMALS: dict[str, int] = {
    "money": 0,
    "share": 1,
    "ratio": 2,
    "score": 2,
    "count": 0,
    "days": 0,
    "hours": 0,
    "months": 0,
    "number": 2,
}

#: Excel number format of each kind, and by dtype for the columns the registry does not know
#: (``integer``, ``float``, ``datetime``: what :func:`kamtools.output.excel.write_workbook` uses).
#: Money to the cent, the precision it has (:mod:`kamtools.money`).
EXCEL_FORMATS: dict[str, str] = {
    "money": "#,##0." + "0" * MONEY_DECIMALS,
    "share": "0.0%",
    "ratio": "0.00",
    "score": "0.00",
    "count": "#,##0",
    "days": "0",
    "hours": "#,##0.00",
    "months": "0.0",
    "number": "#,##0.00",
    "date": "yyyy-mm-dd",
    "integer": "#,##0",
    "float": "#,##0.00",
    "datetime": "yyyy-mm-dd hh:mm",
}


@dataclass(frozen=True)
class Format:
    """How one column is shown.

    ``kind`` is one of :data:`KINDS`; ``en`` and ``zh`` are its labels (``zh`` empty where
    no Chinese name exists yet); ``decimals`` and ``excel`` override the kind's decimals in
    report tables and its Excel number format.
    """

    kind: str
    en: str
    zh: str = ""
    decimals: int | None = None
    excel: str | None = None


# --------------------------------------------------------------------------- the fallback guess
#: Column names (or name endings) that hold a share of 1 (shown as a percentage).
SHARE_PATTERN = re.compile(
    r"(^|_)(share|rate|utilization|retention|achievement|pct|probability|growth|gap)(_|$)|share$|"
    r"^(account|revenue|time)_(share|target)$"
)
#: Column names that hold a count or a score (shown as whole numbers, no decimals).
COUNT_PATTERN = re.compile(
    r"(^|_)(accounts|customers|leads|count|n|invoices|payments|days|months|rank|priority|"
    r"points|orders|hours)(_|$)|^n_|_days$|_months$"
)
#: Ratios shown with two decimals (quick ratio, current ratio, ...).
RATIO_PATTERN = re.compile(
    r"(^|_)(quick_ratio|current_ratio|debt_ratio|asset_turnover|net_margin|equity_growth_3y|"
    r"ratio|dso|cei|score|composite|ok_at|watch_at|p25|median|p75|mean)(_|$)"
)


def guess_kind(name: str, integer: bool = False) -> str:
    """The kind of a number column the registry does not know, guessed from its name:
    ``share``, ``ratio``, ``count`` or ``money`` (an integer column is a count unless its
    name says share or ratio).

    >>> guess_kind("revenue_share"), guess_kind("dso"), guess_kind("visits", integer=True), guess_kind("amount")
    ('share', 'ratio', 'count', 'money')
    """
    name = name.lower()
    if SHARE_PATTERN.search(name):
        return "share"
    if RATIO_PATTERN.search(name):
        return "ratio"
    if integer or COUNT_PATTERN.search(name):
        return "count"
    return "money"


# --------------------------------------------------------------------------- the registry
#: Kind of each kind of column of the data model.
_SCHEMA_KINDS = {
    "id": "id",
    "text": "text",
    "category": "text",
    "date": "date",
    "money": "money",
    "number": "number",
    "int": "count",
    "score": "score",
    "bool": "bool",
}
#: Short English labels of the data model's columns (their descriptions are sentences).
_SCHEMA_EN = {
    "customer_id": "Customer ID",
    "name": "Name",
    "industry": "Industry",
    "region": "Region",
    "account_manager": "Account manager",
    "parent_id": "Parent company",
    "ownership": "Ownership",
    "employees": "Employees",
    "attractiveness": "Attractiveness",
    "relationship_state": "Relationship",
    "relationship_level": "Relationship level",
    "wallet_estimate": "Wallet estimate",
    "current_assets": "Current assets",
    "inventory": "Inventory",
    "prepaid_expenses": "Prepaid expenses",
    "current_liabilities": "Current liabilities",
    "total_assets": "Total assets",
    "total_liabilities": "Total liabilities",
    "revenue": "Revenue",
    "net_profit": "Net profit",
    "period_end": "Period end",
    "assessed_on": "Assessed on",
    "invoice_id": "Invoice",
    "invoice_date": "Invoice date",
    "due_date": "Due date",
    "amount": "Amount",
    "cost": "Cost",
    "discount": "Discount",
    "product": "Product",
    "payment_id": "Payment",
    "payment_date": "Payment date",
    "credit_limit": "Credit limit",
    "approved_by": "Approved by",
    "approved_on": "Approved on",
    "collateral": "Collateral",
    "activity_id": "Activity",
    "date": "Date",
    "type": "Type",
    "hours": "Hours",
    "lead_id": "Lead",
    "company": "Company",
    "owner": "Owner",
    "money": "Money (M)",
    "authority": "Authority (A)",
    "need": "Need (N)",
    "estimated_annual_value": "Estimated annual value",
    "order_id": "Order",
    "order_date": "Order date",
    "role": "Role",
    "birthday": "Birthday",
    "phone": "Phone",
    "promised_on": "Promised on",
    "pay_by": "Pay by",
    "note": "Note",
}


def _from_schema() -> dict[str, Format]:
    """A format for every column of the data model (the first table that has a name gives its label)."""
    out: dict[str, Format] = {}
    for table in TABLES.values():
        for col in table.columns:
            if col.name in out:
                continue
            kind = _SCHEMA_KINDS[col.kind]
            en = _SCHEMA_EN.get(col.name, col.description)
            if kind == "score":  # the 1-5 credit factors: whole numbers
                out[col.name] = Format(kind, en, col.chinese, decimals=0, excel="0")
            else:
                out[col.name] = Format(kind, en, col.chinese)
    return out


def _credit_items() -> dict[str, Format]:
    """The ratios of the credit analysis and the points of every scorecard item."""
    kinds = {"debt_ratio": "share", "net_margin": "share", "equity_growth_3y": "share", "profitable_years_3y": "count"}
    out = {
        name: Format(kinds.get(name, "ratio"), en, zh, excel="0" if name == "profitable_years_3y" else None)
        for name, (en, zh) in RATIOS.items()
    }
    out.update({f"pts_{name}": Format("score", f"Points: {en}") for name, (en, _zh) in ITEMS.items()})
    out.update({f"wt_{name}": Format("score", f"Weight: {en}") for name, (en, _zh) in ITEMS.items()})
    return out


_M, _S, _C = "money", "share", "count"
#: Columns the analytics compute (declarative: kind, English, Chinese where the code has one).
_COMPUTED: dict[str, Format] = {
    # credit: scores, limits, approvals (Chinese from the credit forms)
    "score": Format("score", "Score", "信用得分"),
    "previous_score": Format("score", "Previous score"),
    "grade": Format("text", "Grade", "信用等级"),
    "previous_grade": Format("text", "Previous grade", "上次等级"),
    "previous_basis": Format("text", "Previous grade basis", "上次等级依据"),
    "missing_factors": Format(_C, "Items missing", "缺失项目数"),
    "known_items": Format(_C, "Items known", "已知项目数"),
    "is_nr": Format("bool", "Not rated", "未评级"),
    "grade_model": Format("text", "Scorecard grade", "模型等级"),
    "override_grade": Format("text", "Override grade", "调整后等级"),
    "override_limit": Format(_M, "Override limit", "调整后额度"),
    "override_reason": Format("text", "Override reason", "调整理由"),
    "override_by": Format("text", "Override approved by", "调整审批人"),
    "override_on": Format("date", "Override decided on", "调整日期"),
    "missing_items": Format("text", "Missing items", "缺失项目"),
    "top_losses": Format("text", "Largest losses", "主要失分项"),
    "fiscal_year_end": Format("date", "Statements of", "财务报表期末"),
    "assessment_age_months": Format("months", "Assessment age (months)"),
    "years_available": Format(_C, "Years of statements"),
    "avg_total_assets": Format(_M, "Average total assets"),
    "purchases": Format(_M, "Purchases", "采购额"),
    "avg_monthly_purchases": Format(_M, "Average monthly purchases", "月均采购额"),
    "months_of_purchases": Format("months", "Months of purchases", "按等级月数", decimals=1),
    "equity": Format(_M, "Equity", "所有者权益"),
    "equity_cap": Format(_M, "Equity cap", "权益上限"),
    "approved_limit": Format(_M, "Approved credit limit", "现有信用额度"),
    "recommended_limit": Format(_M, "Recommended credit limit", "建议信用额度"),
    "limit_change": Format(_M, "Limit change", "调整金额"),
    "approval_level": Format("text", "Approval level", "审批权限"),
    "open_receivables": Format(_M, "Open receivables", "应收账款余额"),
    "open_orders": Format(_M, "Open orders", "未开票订单"),
    "exposure": Format(_M, "Exposure", "风险敞口"),
    "utilization": Format(_S, "Utilization", "额度使用率"),
    "headroom": Format(_M, "Headroom", "可用额度"),
    "overlimit": Format(_M, "Over the limit", "超额"),
    "overlimit_uncovered": Format(_M, "Over the limit, not covered by collateral", "超额且无担保"),
    "review_reasons": Format("text", "Re-review reasons", "复审原因"),
    "triggers": Format(_C, "Re-review triggers"),
    "total_increase": Format(_M, "Total increase"),
    "total_decrease": Format(_M, "Total decrease"),
    "increases": Format(_C, "Increases"),
    "decreases": Format(_C, "Decreases"),
    "ok_at": Format("ratio", "OK at", "标准"),
    "watch_at": Format("ratio", "Watch at"),
    "p25": Format("ratio", "25th percentile"),
    "median": Format("ratio", "Median"),
    "p75": Format("ratio", "75th percentile"),
    # receivables
    "current": Format(_M, "Current"),
    "d1_30": Format(_M, "1-30 days"),
    "d31_60": Format(_M, "31-60 days"),
    "d61_90": Format(_M, "61-90 days"),
    "d91_180": Format(_M, "91-180 days"),
    "d181_365": Format(_M, "181-365 days"),
    "d365_plus": Format(_M, "Over 365 days"),
    "total": Format(_M, "Total"),
    "overdue": Format(_M, "Overdue", "逾期金额"),
    "unapplied_credit": Format(_M, "Unapplied credit"),
    "max_days_past_due": Format("days", "Most days past due", "最长逾期天数"),
    "days_past_due": Format("days", "Days past due"),
    "open_amount": Format(_M, "Open amount"),
    "receivables": Format(_M, "Receivables"),
    "credit_sales": Format(_M, "Credit sales"),
    "invoiced": Format(_M, "Invoiced"),
    "collected": Format(_M, "Collected"),
    "collectible": Format(_M, "Collectible"),
    "dso": Format("days", "DSO (days)", decimals=2, excel="0.00"),
    "cei": Format("ratio", "CEI (%)"),
    "provision": Format(_M, "Provision"),
    "target": Format(_M, "Collection target"),
    "target_share": Format(_S, "Target share"),
    "achievement": Format(_S, "Achievement"),
    "collection_rate": Format(_S, "Collection rate"),
    "priority": Format(_M, "Priority"),  # the worklist's weighted overdue amount (MAN priorities show alike)
    "rank": Format(_C, "Rank"),
    "last_payment_amount": Format(_M, "Last payment amount"),
    "last_promise_amount": Format(_M, "Last promise amount"),
    "last_promise_paid": Format(_M, "Paid on the last promise"),
    "promises": Format(_C, "Promises"),
    "kept_promises": Format(_C, "Kept promises"),
    "broken_promises": Format(_C, "Broken promises"),
    "pending_promises": Format(_C, "Pending promises"),
    "months_silent": Format("months", "Months silent"),
    # portfolio and segments
    "revenue_12m": Format(_M, "Revenue, 12 months"),
    "revenue_prev_12m": Format(_M, "Revenue, previous 12 months"),
    "revenue_lost": Format(_M, "Revenue lost"),
    "margin": Format(_M, "Margin"),
    "margin_12m": Format(_M, "Margin, 12 months"),
    "margin_prev_12m": Format(_M, "Margin, previous 12 months"),
    "discount_12m": Format(_M, "Discount, 12 months"),
    "gross_margin": Format(_M, "Gross margin"),
    "service_cost": Format(_M, "Service cost"),
    "cost_to_serve": Format(_M, "Cost to serve"),
    "profit": Format(_M, "Profit"),
    "clv": Format(_M, "Customer lifetime value"),
    "yearly_contribution": Format(_M, "Yearly contribution"),
    "contribution": Format(_M, "Contribution"),
    "current_value": Format(_M, "Current value"),
    "potential_value": Format(_M, "Potential value"),
    "split_current": Format(_M, "Current value split"),
    "split_potential": Format(_M, "Potential value split"),
    "monetary": Format(_M, "Monetary"),
    "margin_rate": Format(_S, "Margin rate"),
    "margin_rate_12m": Format(_S, "Margin rate, 12 months"),
    "margin_rate_prev_12m": Format(_S, "Margin rate, previous 12 months"),
    "profit_rate": Format(_S, "Profit rate"),
    "discount_rate": Format(_S, "Discount rate"),
    "retention": Format(_S, "Retention"),
    "growth": Format(_S, "Growth"),
    "trend": Format(_S, "Revenue trend"),
    "share": Format(_S, "Share"),
    "rate": Format(_S, "Rate"),
    "revenue_share": Format(_S, "Revenue share"),
    "margin_share": Format(_S, "Margin share"),
    "account_share": Format(_S, "Account share"),
    "target_account_share": Format(_S, "Target account share"),
    "cumulative_share": Format(_S, "Cumulative share"),
    "cumulative_profit_share": Format(_S, "Cumulative profit share"),
    "value_share": Format(_S, "Value share"),
    "discount_share": Format(_S, "Discount share"),
    "discount_share_limit": Format(_S, "Discount share limit"),
    "time_share": Format(_S, "Time share"),
    "time_target": Format(_S, "Time target"),
    "time_gap": Format(_S, "Time gap"),
    "tier_time_target": Format(_S, "Tier's time target"),
    "achieved": Format(_S, "Time target achieved"),
    "hours": Format("hours", "Hours", "小时"),
    "hours_12m": Format("hours", "Hours, 12 months"),
    "target_hours": Format("hours", "Target hours"),
    "gap_hours": Format("hours", "Hours short of the target"),
    "value_score": Format("score", "Value score"),
    "potential_score": Format("score", "Potential score"),
    "composite": Format("score", "Composite score"),
    "attractiveness_score": Format("score", "Attractiveness score"),
    "relationship_score": Format("score", "Relationship score"),
    "r_score": Format("score", "Recency score", decimals=0, excel="0"),
    "f_score": Format("score", "Frequency score", decimals=0, excel="0"),
    "m_score": Format("score", "Monetary score", decimals=0, excel="0"),
    "fm_score": Format("score", "Frequency-monetary score", decimals=0, excel="0"),
    "recency_days": Format("days", "Days since the last purchase"),
    "days_since_purchase": Format("days", "Days since the last purchase"),
    "accounts": Format(_C, "Accounts"),
    "customers": Format(_C, "Customers"),
    "leads": Format(_C, "Leads"),
    "invoices": Format(_C, "Invoices"),
    "payments": Format(_C, "Payments"),
    "credit_notes": Format(_C, "Credit notes"),
    "buying_customers": Format(_C, "Buying customers"),
    "activities": Format(_C, "Activities"),
    "invoices_12m": Format(_C, "Invoices, 12 months"),
    "invoices_total": Format(_C, "Invoices, all"),
    "purchase_days_12m": Format(_C, "Purchase days, 12 months"),
    "frequency": Format(_C, "Frequency"),
    "horizon_years": Format(_C, "Horizon (years)"),
    "whale_rank": Format(_C, "Whale rank"),
    "tier_accounts": Format(_C, "Accounts of the tier"),
    "rows": Format(_C, "Rows"),
    "tier": Format("text", "Tier"),
    "stage": Format("text", "Lifecycle stage"),
    "status": Format("text", "Status"),
    "strategy": Format("text", "Strategy"),
    "quadrant": Format("text", "Value quadrant"),
}

#: Every known column and how it is shown.
REGISTRY: dict[str, Format] = {**_from_schema(), **_credit_items(), **_COMPUTED}

#: Columns whose look differs from the old guess by name (:func:`guess_kind`), and why the
#: guess was wrong. Every other registered column looks as it did.
CORRECTED: dict[str, str] = {
    "gap_hours": "hours short of the tier's time target: 'gap' made it a percentage",
    "trend": "the lifecycle's revenue trend is a fraction (+12.4 %): it was shown as whole money (0)",
    "achieved": "hours spent over target hours is a fraction: it was shown as whole money",
    "tier_time_target": "the tier's share of selling time is a fraction: it was shown as whole money",
    "months_of_purchases": "months of purchases per grade go by halves (2.5): it was rounded to a whole count",
    "debt_ratio": "a share (about 50 %), as the credit forms and charts show it: it had two decimals (0.50)",
    "net_margin": "a share (about 15 %), as the credit forms and charts show it: it had two decimals (0.15)",
    "capital_growth_3y": "a 1-5 factor score: 'growth' made it a percentage (300.0 %)",
    **{f"{x}_score": "a whole 1-5 RFM score: 'score' gave it two decimals" for x in ("r", "f", "m", "fm")},
    **{
        f"pts_{name}": "points of the scorecard, with two decimals: they were whole money or, for a 'growth' "
        "item, a percentage"
        for name in ITEMS
        if name not in RATIOS
    },
    "pts_equity_growth_3y": "points of the scorecard, with two decimals: 'growth' made them a percentage",
    **{
        f"wt_{name}": "the weight a scorecard item carries for the customer, with two decimals: by its name "
        "it would be whole money or, for a 'growth' item, a percentage"
        for name in ITEMS
        if name not in ("quick_ratio", "current_ratio", "debt_ratio", "asset_turnover", "net_margin")
    },
    "pts_profitable_years_3y": "points of the scorecard, with two decimals: they were whole money",
}


# --------------------------------------------------------------------------- lookups
def lookup(column: Any) -> Format | None:
    """The registered format of ``column``, or None."""
    return REGISTRY.get(str(column))


def kind_of(column: Any, *, integer: bool = False) -> str:
    """The number kind of a numeric column: the registry's, else the guess by name
    (:func:`guess_kind`; ``integer`` says whether the column holds integers)."""
    fmt = REGISTRY.get(str(column))
    if fmt is not None and fmt.kind in NUMBER_KINDS:
        return fmt.kind
    return guess_kind(str(column), integer)


def decimals_of(column: Any, kind: str) -> int:
    """Decimals of ``column`` in a report table when it is shown as ``kind``.

    >>> decimals_of("dso", "days"), decimals_of("max_days_past_due", "days"), decimals_of("dso", "ratio")
    (2, 0, 2)
    """
    fmt = REGISTRY.get(str(column))
    if fmt is not None and fmt.kind == kind and fmt.decimals is not None:
        return fmt.decimals
    return DECIMALS[kind]


def number_text(value: Any, kind: str, decimals: int | None = None) -> str:
    """A number as a report table shows it: ``1,234,568``, ``65.1 %``, ``1.23``; a missing
    value as ``–`` (never ``nan`` or ``nan %``), a value that rounds to zero as zero (never
    ``-0`` or ``-0.0 %``).

    ``decimals`` defaults to the kind's (:data:`DECIMALS`).

    >>> number_text(float("nan"), "share"), number_text(-0.0, "share"), number_text(-1e-9, "money")
    ('–', '0.0 %', '0')
    >>> number_text(float("inf"), "share"), number_text(None, "ratio")
    ('–', '–')
    """
    d = DECIMALS[kind] if decimals is None else decimals
    if kind != "share":
        return number(value, f",.{d}f")
    shown = MISSING if is_missing(value) else number(value * 100, f",.{d}f")
    return shown if shown == MISSING else f"{shown} %"


def compact_text(value: Any, kind: str | None) -> str:
    """A value as the explorers show it: money whole with separators, shares as whole
    percentages, anything else (and a value that is no number) as text; missing values empty.

    >>> compact_text(1234.5, "money"), compact_text(0.234, "share"), compact_text(None, "money")
    ('1,234', '23%', '')
    """
    if is_missing(value):
        return ""
    number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    if number and kind == "share":
        return f"{num(float(value)):.0%}"
    if number and kind == "money":
        return f"{num(float(value)):,.0f}"
    return str(value)


def registered_kind(column: Any) -> str | None:
    """The registry's kind of ``column``, or None when it is not registered (no guess)."""
    fmt = REGISTRY.get(str(column))
    return None if fmt is None else fmt.kind


def columns_of(columns: Iterable[Any], kind: str) -> list[str]:
    """The registered columns among ``columns`` of ``kind`` (for the Excel writers' money and
    percent columns)."""
    return [str(c) for c in columns if registered_kind(c) == kind]


def excel_format(column: Any) -> str | None:
    """The Excel number format of a registered column, or None."""
    fmt = REGISTRY.get(str(column))
    if fmt is None:
        return None
    return fmt.excel or EXCEL_FORMATS.get(fmt.kind)


def label(column: Any, language: str = "en") -> str:
    """The label of ``column`` in ``language`` (``en``, ``zh`` or ``both``).

    Unknown columns, and Chinese where there is none yet, fall back to English; English to
    the column name with spaces.

    >>> label("quick_ratio", "both"), label("customer_id", "zh"), label("visits_per_month")
    ('Quick ratio 速动比率', '客户编号', 'visits per month')
    """
    if language not in ("en", "zh", "both"):
        raise ValueError(f"language must be 'en', 'zh' or 'both', got {language!r}")
    fmt = REGISTRY.get(str(column))
    en = fmt.en if fmt is not None and fmt.en else str(column).replace("_", " ")
    zh = fmt.zh if fmt is not None else ""
    if language == "zh":
        return zh or en
    if language == "both":
        return f"{en} {zh}".strip()
    return en


__all__ = [
    "COUNT_PATTERN",
    "CORRECTED",
    "DECIMALS",
    "EXCEL_FORMATS",
    "KINDS",
    "NUMBER_KINDS",
    "RATIO_PATTERN",
    "REGISTRY",
    "SHARE_PATTERN",
    "Format",
    "columns_of",
    "compact_text",
    "decimals_of",
    "excel_format",
    "guess_kind",
    "kind_of",
    "label",
    "lookup",
    "number_text",
    "registered_kind",
]

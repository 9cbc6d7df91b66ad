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
from typing import Any

import numpy as np

from ..credit import ITEMS, RATIOS
from ..money import MONEY_DECIMALS
from ..schema import TABLES
from ..text import MISSING, is_missing, num, number
from .column_format import Format
from .computed_columns import COMPUTED as _COMPUTED

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
    "payment_terms_days": "Payment terms (days)",
    "address": "Address",
    "language": "Letter language",
    "attractiveness": "Attractiveness",
    "relationship_state": "Relationship level",
    "relationship_level": "Highest contact",
    "relationship_quality": "Relationship type",
    "recorded_by": "Recorded by",
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
    "written_off_on": "Written off on",
    "handled_by": "Handled by",
    "period_start": "Target period from",
    "founded_on": "Founded on",
    "contract_id": "Contract",
    "start_date": "Start date",
    "end_date": "End date",
    "renewal_notice_days": "Renewal notice (days)",
    "contract_value": "Contract value",
    "family": "Product family",
    "family_zh": "Product family (Chinese)",
    "product_name": "Product name",
    "product_name_zh": "Product name (Chinese)",
    "estimated_on": "Estimated on",
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
    out.update({f"pts_{name}": Format("score", f"Points: {en}", f"{zh}得分") for name, (en, zh) in ITEMS.items()})
    out.update({f"wt_{name}": Format("score", f"Weight: {en}", f"{zh}权重") for name, (en, zh) in ITEMS.items()})
    return out


#: Every known column and how it is shown.
REGISTRY: dict[str, Format] = {**_from_schema(), **_credit_items(), **_COMPUTED}

#: Columns whose look differs from the old guess by name (:func:`guess_kind`), and why the
#: guess was wrong. Every other registered column looks as it did.
CORRECTED: dict[str, str] = {
    **{
        d: "DSO, CEI and best-possible DSO are whole numbers wherever a reader sees them, as the index's tiles "
        "show them (71, not 71.07 beside 71)"
        for d in ("dso", "dso_countback", "best_possible_dso", "cei")
    },
    "recovery_margin": "the margin rate a bad debt is earned back at is a share: 'margin' made it whole money",
    "benchmark": "a ratio's benchmark (1.0, 0.15, 4.5) is shown as the ratios are: by its name it would be whole money",
    "multiplier": "the grade's multiplier on the terms need (0.75) is a ratio: the name made it whole money (1)",
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
    **{m: "a measure of the scorecard check (0.507) has three decimals: two hid its change" for m in ("auc", "gini")},
    **{
        s: "the share of customers whose ratio is ok, to watch, weak or missing (a fraction, 23.4 %): by its name "
        "it was whole money"
        for s in ("ok", "watch", "weak", "missing")
    },
    "psi": "the PSI of the grade mix is small (0.0016): four decimals show it where two showed 0.00",
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
    (0, 0, 2)
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

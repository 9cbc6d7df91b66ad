"""The three credit forms of the method, filled from data, as one formatted .xlsx per customer.

* 客户信用状况调查表 — customer credit status survey: who the customer is, its
  statements, ratios against the benchmarks, its trading and payment record;
* 信用等级评分项目表 — credit grade scoring sheet: every item of the scorecard with
  its value, weight and points, the score and the grade;
* 客户授信申请表 — credit limit application: the approved and recommended limits,
  exposure, the approval level the change needs and room for the signatures.

``kam credit-forms --customer ID --period P`` calls :func:`cli_main`, which calls
:func:`write_credit_forms`.

The credit review lists every customer whose recommended limit differs from the
approved one in a register, ``credit_forms_register_<period>.xlsx``
(:func:`credit_forms_register`, :func:`write_credit_forms_register`): one row per
customer with the content of its limit application, in the order of
:func:`kamtools.credit.forms_queue` (increases first, the highest approval level
first, then the amount; then decreases). The full forms are written, with
:func:`write_many_credit_forms`, for the first ``credit.forms_cap`` customers of that
order; the register's ``form_file`` names each one's workbook, or the command that
writes it.

Text is literal and formula-safe: text a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF) is stored as a
quote-prefixed text cell (:func:`kamtools.excel.text_cell`), so a customer called
``=cmd|' /C calc'!A0`` is shown exactly so and never evaluated; numbers stay numbers.

>>> import tempfile, kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> cid = data.customers["customer_id"].iloc[0]
>>> path = write_credit_forms(data, cid, "2026-10", tempfile.mkdtemp())
>>> path.suffix
'.xlsx'
"""
from __future__ import annotations

import copy
import datetime as dt
import math
import os
import shlex
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import credit, paths
from .excel import clean_text, text_cell, write_workbook
from .paths import safe_name
from .periods import period_bounds
from .schema import TABLES
from .store import KamData

#: Chinese names of the approval levels of the default policy.
LEVEL_NAMES: dict[str, str] = {
    "account_manager": "客户经理",
    "direct_sales_manager": "直销经理",
    "regional_manager": "区域经理",
    "credit_committee": "信用委员会",
    "none": "无需审批",
}

SHEETS = ("客户信用状况调查表", "信用等级评分项目表", "客户授信申请表")

MONEY = "#,##0.00"
RATIO = "0.00"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"

_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def cell_value(value: Any) -> Any:
    """A value as a form cell holds it.

    Text keeps its characters but for the control characters that .xlsx cannot hold; it is
    written with :func:`kamtools.excel.text_cell`, so text starting with ``=``, ``+``,
    ``-``, ``@``, tab, CR or LF is a quote-prefixed text cell, shown as typed and never
    run as a formula. Numbers and dates pass through; missing values become None (an
    empty cell); numpy and pandas scalars become plain Python ones.

    >>> cell_value("=cmd|' /C calc'!A0")
    "=cmd|' /C calc'!A0"
    >>> cell_value(-5.0), cell_value("Ac\\x07me"), cell_value(float("nan"))
    (-5.0, 'Acme', None)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        v = float(value)
        return None if math.isnan(v) else v
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, str):
        return clean_text(value)
    return value


def _put(cell, value: Any):
    """Write ``value`` into an openpyxl ``cell``: text literal and formula-safe, numbers as numbers."""
    v = cell_value(value)
    if isinstance(v, str):
        return text_cell(cell, v)
    cell.value = v
    return cell


# --------------------------------------------------------------------------- sheet helpers
class _Sheet:
    """Writes rows of a form top-down.

    Cells share a handful of looks (number format, bold, fill, border, wrap). Each look is
    built once per workbook through openpyxl's style attributes and then copied to every
    other cell with that look, which keeps writing hundreds of forms quick.
    """

    def __init__(self, ws: Worksheet, widths: Iterable[float], looks: dict | None = None):
        self.ws = ws
        self.row = 1
        self.looks = {} if looks is None else looks
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def cell(self, col: int, value: Any, fmt: str | None = None, *, bold: bool = False,
             fill: PatternFill | None = None, box: bool = True):
        v = cell_value(value)
        c = self.ws.cell(row=self.row, column=col)
        if not isinstance(v, str):
            c.value = v  # a date value brings its own number format
        number = fmt if fmt and isinstance(v, (int, float, dt.date)) else c.number_format
        wrap = isinstance(v, str) and len(v) > 30
        key = (number, bold, None if fill is None else fill.fgColor.rgb, box, wrap)
        look = self.looks.get(key)
        if look is not None:
            c._style = copy.copy(look)
        else:
            c.number_format = number
            if bold:
                c.font = _BOLD
            if fill is not None:
                c.fill = fill
            if box:
                c.border = _BOX
            c.alignment = Alignment(vertical="top", wrap_text=wrap)
            self.looks[key] = copy.copy(c._style)
        if isinstance(v, str):
            # after the look: the quote-prefix mark is part of the cell's style, never of a shared look
            text_cell(c, v)
        return c

    def title(self, text: str, subtitle: str, span: int) -> None:
        c = _put(self.ws.cell(row=self.row, column=1), text)
        c.font = _TITLE
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=span)
        self.row += 1
        _put(self.ws.cell(row=self.row, column=1), subtitle)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=span)
        self.row += 2

    def section(self, text: str, span: int) -> None:
        for col in range(1, span + 1):
            self.cell(col, text if col == 1 else None, bold=True, fill=_SECTION_FILL)
        self.row += 1

    def header(self, labels: list[str]) -> None:
        for col, text in enumerate(labels, start=1):
            self.cell(col, text, bold=True, fill=_HEAD_FILL)
        self.row += 1

    def field(self, label: str, value: Any, fmt: str | None = None) -> None:
        self.cell(1, label, bold=True)
        self.cell(2, value, fmt)
        self.row += 1

    def values(self, values: list[Any], fmts: list[str | None] | None = None) -> None:
        fmts = fmts or [None] * len(values)
        for col, (v, f) in enumerate(zip(values, fmts), start=1):
            self.cell(col, v, f)
        self.row += 1

    def skip(self, n: int = 1) -> None:
        self.row += n


#: Short English labels of the forms (the Chinese ones come from the data model).
_SHORT = {
    "customer_id": "Customer ID", "name": "Name", "industry": "Industry", "region": "Region",
    "account_manager": "Account manager", "parent_id": "Parent company", "ownership": "Ownership",
    "employees": "Employees", "attractiveness": "Attractiveness", "relationship_state": "Relationship",
    "current_assets": "Current assets", "inventory": "Inventory", "prepaid_expenses": "Prepaid expenses",
    "current_liabilities": "Current liabilities", "total_assets": "Total assets",
    "total_liabilities": "Total liabilities", "revenue": "Revenue", "net_profit": "Net profit",
}

_PCT_RATIOS = ("debt_ratio", "net_margin", "equity_growth_3y")


def _ratio_format(name: str) -> str:
    """Number format of a ratio: shares as percentages, the count of profitable years whole."""
    return PERCENT if name in _PCT_RATIOS else "0" if name == "profitable_years_3y" else RATIO


def _label(table: str, column: str) -> str:
    col = TABLES[table].column(column)
    return f"{_SHORT.get(column, col.description)} {col.chinese}".strip()


def _bench_text(bench: dict, name: str) -> str:
    sign = "≥" if bench["better"] == "higher" else "≤"
    value = f"{bench['ok']:.0%}" if name in _PCT_RATIOS else f"{bench['ok']:g}"
    return f"{sign} {value}"


def _num(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else v


# --------------------------------------------------------------------------- the three sheets
def _survey(ws: Worksheet, ctx: dict) -> None:
    s = _Sheet(ws, (44, 22, 22, 16, 40), ctx.get("looks"))
    cust, rat, lim, hist = ctx["customer"], ctx["ratios"], ctx["limits"], ctx["history"]
    s.title("客户信用状况调查表  Customer credit status survey",
            f"Period 期间 {ctx['period']}, as of 截至 {ctx['as_of']:%Y-%m-%d}", 5)

    s.section("Basic information 基本情况", 5)
    for col in ("customer_id", "name", "industry", "region", "account_manager", "parent_id", "ownership",
                "employees", "attractiveness", "relationship_state"):
        if col in cust.index:
            s.field(_label("customers", col), cust[col])
    s.skip()

    s.section("Financial statements 财务报表", 5)
    years = list(hist.index)[-2:]
    s.header(["Item 项目"] + [f"FY 财年 {pd.Timestamp(y):%Y-%m-%d}" for y in years])
    items = ["current_assets", "inventory", "prepaid_expenses", "current_liabilities", "total_assets",
             "total_liabilities", "revenue", "net_profit"]
    for col in items:
        s.values([_label("financials", col)] + [_num(hist.loc[y, col]) if col in hist.columns else None
                                                for y in years], [None] + [MONEY] * len(years))
    s.values(["Equity (total assets − total liabilities) 所有者权益"]
             + [_num(hist.loc[y, "total_assets"] - hist.loc[y, "total_liabilities"]) for y in years],
             [None] + [MONEY] * len(years))
    if not years:
        s.values(["No financial statements on file 无财务报表"])
    s.skip()

    s.section("Financial ratios 财务比率", 5)
    s.header(["Ratio 比率", "Value 数值", "OK at 标准", "Status 评价", "Note 说明"])
    industry = cust.get("industry")
    for name, (en, zh) in credit.RATIOS.items():
        fmt = _ratio_format(name)
        value = _num(rat.get(name)) if rat is not None else None
        # The benchmark that rates this customer: its industry's override when there is one.
        bench = credit.benchmark(name, industry, ctx["policy"])
        s.values([f"{en} {zh}", value, _bench_text(bench, name),
                  rat.get(f"{name}_status") if rat is not None else None,
                  rat.get(f"{name}_reason") if rat is not None else "no statements 无财务报表"],
                 [None, fmt, None, None, None])
    s.skip()

    s.section("Trading and payment record 交易与付款记录", 5)
    months = int(ctx["policy"]["credit"]["limit"]["purchase_months"])
    s.field(f"Purchases, last {months} months 近{months}个月采购额", _num(lim["purchases"]), MONEY)
    s.field("Average monthly purchases 月均采购额", _num(lim["avg_monthly_purchases"]), MONEY)
    s.field("Open receivables 应收账款余额", _num(lim["open_receivables"]), MONEY)
    if "overdue" in lim.index:
        s.field("Overdue 逾期金额", _num(lim["overdue"]), MONEY)
    s.field("Most days past due 最长逾期天数", _num(lim["max_days_past_due"]), "0")
    s.field("Open orders 未开票订单", _num(lim["open_orders"]), MONEY)
    s.field("Approved credit limit 现有信用额度", _num(lim["approved_limit"]), MONEY)
    s.field("Qualitative assessment on 定性评估日期", ctx["score"]["assessed_on"], DATE)
    s.skip()
    s.field("Surveyed by 调查人", None)
    s.field("Date 日期", None)


def _scoring(ws: Worksheet, ctx: dict) -> None:
    s = _Sheet(ws, (6, 44, 16, 12, 12, 12, 14), ctx.get("looks"))
    sc, rat = ctx["score"], ctx["ratios"]
    cust = ctx["customer"]
    s.title("信用等级评分项目表  Credit grade scoring sheet",
            f"{cust['customer_id']}  {cust['name']}  ·  as of 截至 {ctx['as_of']:%Y-%m-%d}", 7)
    s.header(["No. 序号", "Item 评分项目", "Value / score 数值/评分", "Status 评价", "Weight 权重",
              "Points 得分", "Points lost 失分"])
    weights = ctx["policy"]["credit"]["weights"]
    total_w = 0.0
    total_p = 0.0
    missing = set(str(sc["missing_items"]).split(", ")) if isinstance(sc["missing_items"], str) else set()
    for i, (name, (en, zh)) in enumerate(credit.ITEMS.items(), start=1):
        w = float(weights[name])
        p = float(sc[f"pts_{name}"])
        total_w += w
        total_p += p
        if name in credit.RATIOS:
            value = _num(rat.get(name)) if rat is not None else None
            status = sc.get(f"{name}_status")
            fmt = _ratio_format(name)
        else:
            value = _num(sc.get(name))
            status = None
            fmt = "0"
        if name in missing:
            status = f"missing 缺失 ({ctx['policy']['credit']['missing']})"
        s.values([i, f"{en} {zh}", value, status, w, round(p, 2), round(w - p, 2)],
                 [None, None, fmt, None, "0.##", "0.00", "0.00"])
    s.values([None, "Total 合计", None, None, total_w, round(total_p, 2), round(total_w - total_p, 2)],
             [None, None, None, None, "0.##", "0.00", "0.00"])
    s.skip()
    s.section("Result 评定结果", 7)
    rows = [
        ("Score (0–100) 信用得分", _num(sc["score"]), "0.00"),
        ("Grade 信用等级", sc["grade"], None),
        ("Previous grade 上次等级", sc["previous_grade"], None),
        ("Previous grade basis 上次等级依据", sc["previous_basis"], None),
        ("Items missing 缺失项目数", int(sc["missing_factors"]), "0"),
        ("Missing items 缺失项目", sc["missing_items"] or None, None),
        ("Largest losses 主要失分项", sc["top_losses"] or None, None),
        ("Statements of 财务报表期末", sc["fiscal_year_end"], DATE),
        ("Assessed on 评估日期", sc["assessed_on"], DATE),
    ]
    for label, value, fmt in rows:
        s.cell(2, label, bold=True)
        s.cell(3, value, fmt)
        s.row += 1
    grades = ctx["policy"]["credit"]["grades"]
    s.skip()
    s.cell(2, "Grade scale 等级标准", bold=True, box=False)
    s.row += 1
    for g, cut in grades.items():
        s.cell(2, g)
        s.cell(3, f"≥ {cut:g}")
        s.row += 1


def _application(ws: Worksheet, ctx: dict) -> None:
    s = _Sheet(ws, (46, 24, 24, 16, 24), ctx.get("looks"))
    lim, cust, sc = ctx["limits"], ctx["customer"], ctx["score"]
    s.title("客户授信申请表  Credit limit application",
            f"Period 期间 {ctx['period']}, as of 截至 {ctx['as_of']:%Y-%m-%d}", 5)
    s.section("Customer 客户", 5)
    s.field(_label("customers", "customer_id"), cust["customer_id"])
    s.field(_label("customers", "name"), cust["name"])
    s.field(_label("customers", "account_manager"), cust["account_manager"])
    s.field("Credit grade 信用等级", sc["grade"])
    s.field("Score 信用得分", _num(sc["score"]), "0.00")
    s.skip()

    s.section("Current limit 现有额度", 5)
    s.field("Approved credit limit 现有信用额度", _num(lim["approved_limit"]), MONEY)
    s.field("Approved by 审批人", lim["approved_by"])
    s.field("Approved on 审批日期", lim["approved_on"], DATE)
    s.field("Collateral 担保金额", _num(lim["collateral"]), MONEY)
    s.skip()

    c = ctx["policy"]["credit"]
    s.section("Recommended limit 建议额度", 5)
    s.field("Average monthly purchases 月均采购额", _num(lim["avg_monthly_purchases"]), MONEY)
    s.field(f"Months of purchases for grade {sc['grade']} 按等级月数", _num(lim["months_of_purchases"]), "0.0")
    s.field("Equity 所有者权益", _num(lim["equity"]), MONEY)
    s.field(f"Equity cap ({c['limit']['equity_cap_share']:.0%} of equity) 权益上限", _num(lim["equity_cap"]),
            MONEY)
    s.field("Recommended credit limit 建议信用额度", _num(lim["recommended_limit"]), MONEY)
    s.field("Change 调整金额", _num(lim["limit_change"]), MONEY)
    level = str(lim["approval_level"])
    s.field("Approval level 审批权限", f"{level.replace('_', ' ')} {LEVEL_NAMES.get(level, '')}".strip())
    s.skip()

    s.section("Exposure 信用风险敞口", 5)
    s.field("Open receivables 应收账款余额", _num(lim["open_receivables"]), MONEY)
    s.field("Open orders 未开票订单", _num(lim["open_orders"]), MONEY)
    s.field("Exposure 风险敞口", _num(lim["exposure"]), MONEY)
    s.field("Utilization 额度使用率", _num(lim["utilization"]), PERCENT)
    s.field("Headroom 可用额度", _num(lim["headroom"]), MONEY)
    s.field("Over the limit 超额", _num(lim["overlimit"]), MONEY)
    s.field("Over the limit, not covered by collateral 超额且无担保", _num(lim["overlimit_uncovered"]), MONEY)
    s.field("Re-review reasons 复审原因", lim["review_reasons"] or None)
    s.skip()

    s.section("Approvals 审批意见", 5)
    s.header(["Level 审批层级", "Required 需审批", "Name 姓名", "Opinion 意见", "Signature and date 签字日期"])
    names = list(c["approval_levels"])
    needed = names.index(level) if level in names else -1
    for i, name in enumerate(names):
        s.values([f"{name.replace('_', ' ')} {LEVEL_NAMES.get(name, '')}".strip(),
                  "yes 是" if i <= needed else "no 否", None, None, None])
    s.skip()
    s.field("Applicant 申请人", cust["account_manager"])
    s.field("Date of application 申请日期", None)


# --------------------------------------------------------------------------- public
def _context(data: KamData, period: str, policy: Any, scores: pd.DataFrame | None = None,
             limits: pd.DataFrame | None = None) -> dict:
    pol = credit._policy(policy)
    as_of = period_bounds(period)[1]
    sc = scores if scores is not None else credit.score(data, as_of, pol)
    lim = limits if limits is not None else credit.limits(data, as_of, pol, scores=sc)
    industry = data.customers.set_index("customer_id")["industry"]
    rat = credit.ratios(data.financials, as_of, policy=pol, industry=industry)
    fin = data.financials.copy()
    fin = fin[pd.to_datetime(fin["period_end"]) <= pd.Timestamp(as_of)]
    return {"policy": pol, "period": period, "as_of": as_of, "score": sc, "limits": lim, "ratios": rat,
            "financials": fin, "customers": data.customers.set_index("customer_id", drop=False)}


def _write_one(ctx: dict, customer_id: str, out_dir: Path) -> Path:
    if customer_id not in ctx["customers"].index:
        raise ValueError(f"unknown customer id {customer_id!r}")
    fin = ctx["financials"]
    hist = fin[fin["customer_id"] == customer_id].sort_values("period_end").set_index("period_end")
    one = {
        "policy": ctx["policy"], "period": ctx["period"], "as_of": ctx["as_of"],
        "customer": ctx["customers"].loc[customer_id],
        "score": ctx["score"].loc[customer_id],
        "limits": ctx["limits"].loc[customer_id],
        "ratios": ctx["ratios"].loc[customer_id] if customer_id in ctx["ratios"].index else None,
        "history": hist,
        "looks": {},
    }
    wb = Workbook()
    ws = wb.active
    ws.title = SHEETS[0]
    _survey(ws, one)
    _scoring(wb.create_sheet(SHEETS[1]), one)
    _application(wb.create_sheet(SHEETS[2]), one)
    for sheet in wb.worksheets:
        sheet.sheet_view.showGridLines = False
        sheet.page_setup.orientation = "portrait"
        # fitToWidth only applies when the sheet is set to fit to pages: one page wide, as tall as needed.
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / form_file_name(customer_id, ctx["period"])
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_credit_forms(data: KamData, customer_id: str, period: str, out_dir: str | os.PathLike = ".",
                       policy: Any = None) -> Path:
    """Write the three credit forms of one customer as ``credit_forms_<id>_<period>.xlsx``.

    Parameters
    ----------
    data
        The book.
    customer_id
        The customer; an unknown id raises ``ValueError`` naming it.
    period
        Report month ``YYYY-MM``; the forms show the state at its last day.
    out_dir
        Folder for the workbook (created when missing).
    policy
        Policy path, mapping or None.

    Returns
    -------
    Path of the workbook (sheets 客户信用状况调查表, 信用等级评分项目表, 客户授信申请表).
    """
    return write_many_credit_forms(data, [customer_id], period, out_dir, policy)[0]


def write_many_credit_forms(data: KamData, customer_ids: Iterable[str], period: str,
                            out_dir: str | os.PathLike = ".", policy: Any = None, *,
                            scores: pd.DataFrame | None = None,
                            limits: pd.DataFrame | None = None) -> list[Path]:
    """Write the credit forms of several customers (the scorecard is computed once).

    ``scores`` and ``limits`` may pass results of :func:`kamtools.credit.score` and
    :func:`kamtools.credit.limits` for the period's last day and the same policy, so
    that they are not computed again. Unknown ids raise ``ValueError`` naming them,
    before anything is written.

    >>> import tempfile, kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> write_many_credit_forms(data, ["nobody"], "2026-10", tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    ValueError: unknown customer id 'nobody'
    """
    ids = [str(c) for c in customer_ids]
    known = set(data.customers["customer_id"])
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise ValueError(f"unknown customer id{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(repr(c) for c in unknown)}")
    if not ids:
        return []
    ctx = _context(data, period, policy, scores, limits)
    out = Path(out_dir)
    return [_write_one(ctx, cid, out) for cid in ids]


# --------------------------------------------------------------------------- the register
#: Columns of the credit forms register after ``customer_id``: the content of the limit
#: application, and where its full forms are.
REGISTER_COLUMNS: tuple[str, ...] = (
    "name", "account_manager", "grade", "score", "previous_grade", "approved_limit",
    "recommended_limit", "limit_change", "approval_level", "exposure", "utilization", "overdue",
    "review_reasons", "top_losses", "form_file")
#: Register columns shown as money; ``utilization`` is shown as a percentage.
REGISTER_MONEY: tuple[str, ...] = ("approved_limit", "recommended_limit", "limit_change", "exposure", "overdue")


def form_file_name(customer_id: str, period: str) -> str:
    """File name of one customer's credit forms workbook.

    A customer whose id is ``register`` gets ``register_`` so that its forms never take the
    register's name (:func:`register_file_name`).

    >>> form_file_name("A/B 7", "2026-10")
    'credit_forms_A_B_7_2026-10.xlsx'
    >>> form_file_name("register", "2026-10")
    'credit_forms_register__2026-10.xlsx'
    """
    name = safe_name(customer_id)
    return f"credit_forms_{name + '_' if name == 'register' else name}_{period}.xlsx"


def register_file_name(period: str) -> str:
    """File name of the credit forms register of ``period``.

    >>> register_file_name("2026-10")
    'credit_forms_register_2026-10.xlsx'
    """
    return f"credit_forms_register_{period}.xlsx"


def form_command(customer_id: str, period: str, *, db: str | os.PathLike | None = None,
                 policy: str | os.PathLike | None = None) -> str:
    """The command that writes one customer's credit forms, quoted for a shell.

    ``db`` and ``policy`` are added when given (the store and policy the forms must come from).

    >>> form_command("C000123", "2026-10")
    'kam credit-forms --customer C000123 --period 2026-10'
    >>> form_command("A B", "2026-10", db="/srv/kam.duckdb")
    "kam credit-forms --customer 'A B' --period 2026-10 --db /srv/kam.duckdb"
    >>> form_command("-7", "2026-10")  # an id that looks like an option
    'kam credit-forms --customer=-7 --period 2026-10'
    """
    cid = shlex.quote(str(customer_id))
    parts = ["kam credit-forms", f"--customer={cid}" if cid.startswith("-") else f"--customer {cid}",
             f"--period {shlex.quote(period)}"]
    if db:
        parts.append(f"--db {shlex.quote(str(db))}")
    if policy:
        parts.append(f"--policy {shlex.quote(str(policy))}")
    return " ".join(parts)


def credit_forms_register(limits: pd.DataFrame, scores: pd.DataFrame, customers: pd.DataFrame, period: str,
                          policy: Any = None, *, written: Mapping[str, str | os.PathLike] | None = None,
                          db: str | os.PathLike | None = None,
                          policy_file: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row for every customer whose recommended limit differs from the approved one.

    Rows follow :func:`kamtools.credit.forms_queue` (increases first, the highest approval
    level first, then the amount; then decreases) and hold the content of the customer's
    limit application (客户授信申请表): name, account manager, grade, score, previous grade,
    approved and recommended limit, the change, the approval level it needs, exposure,
    utilization, overdue, the re-review reasons and the three items that cost most points
    (``top_losses``). ``form_file`` names the customer's full forms workbook when it is in
    ``written``, else it holds the command that writes it (:func:`form_command`).

    Parameters
    ----------
    limits, scores
        Results of :func:`kamtools.credit.limits` and :func:`kamtools.credit.score` for the
        period's last day, indexed by ``customer_id``.
    customers
        The customers table (``customer_id``, ``name``, ``account_manager``).
    period
        Report month ``YYYY-MM``.
    policy
        Policy path, mapping or None (the order of the queue depends on its approval levels).
    written
        Customer id -> path of the forms workbook written for it (the forms sit beside the
        register, so ``form_file`` holds the file name).
    db, policy_file
        The store and the policy file the report used; named in the command when they are not
        the defaults.

    Returns
    -------
    DataFrame indexed by ``customer_id`` with :data:`REGISTER_COLUMNS`; inputs unchanged.

    Examples
    --------
    >>> import kamtools as kt
    >>> from kamtools import credit
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> sc = credit.score(data, "2026-10-31"); lim = credit.limits(data, "2026-10-31", scores=sc)
    >>> reg = credit_forms_register(lim, sc, data.customers, "2026-10", {"credit": {"forms_cap": 1}})
    >>> len(reg) == int((lim["limit_change"] != 0).sum()), reg["form_file"].iloc[-1].startswith("kam credit-forms")
    (True, True)
    """
    ids = pd.Index(credit.forms_queue(limits, policy).index, name="customer_id")
    cust = customers.set_index("customer_id") if "customer_id" in customers.columns else customers
    content = REGISTER_COLUMNS[:-1]
    parts, taken = [], set()
    for source in (limits, scores, cust):  # each column from the first table that has it
        cols = [c for c in content if c in source.columns and c not in taken]
        taken.update(cols)
        if cols:
            part = source[cols]
            parts.append(part.set_axis(part.index.astype("str")).reindex(ids))
    out = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=ids)
    out = out.reindex(columns=list(content))
    out.index.name = "customer_id"
    for col in ("review_reasons", "top_losses"):  # nothing to say: an empty cell
        s = out[col].astype("object")
        out[col] = s.where(s.notna() & (s != ""), None)
    store = db if db and Path(db).resolve() != paths.default_db().resolve() else None
    files = {str(cid): Path(p).name for cid, p in (written or {}).items()}
    out["form_file"] = [files[cid] if cid in files else
                        form_command(cid, period, db=store, policy=policy_file or None) for cid in ids]
    return out


def write_credit_forms_register(register: pd.DataFrame, out_dir: str | os.PathLike, period: str) -> Path:
    """Write the register as ``credit_forms_register_<period>.xlsx`` in ``out_dir``.

    One sheet through :func:`kamtools.excel.write_workbook` (streamed, so quick for a large
    book): frozen and filtered header, money with thousands separators, utilization as a
    percentage, text literal and formula-safe.
    """
    money = [c for c in REGISTER_MONEY if c in register.columns]
    return write_workbook(Path(out_dir) / register_file_name(period), {"register": register},
                          money_columns=money, percent_columns=["utilization"], index=True)


def cli_main(args: Any) -> int:
    """``kam credit-forms``: write the credit forms of ``args.customer`` for ``args.period``.

    ``args`` carries ``customer``, ``period`` (None: the latest complete month of
    the data), ``db`` (None: the default store, else the committed sample),
    ``policy`` (None: the defaults) and ``out`` (folder, default the working
    folder). Returns the exit code; errors (unknown customer, bad period or
    policy) are raised as ``ValueError`` for the command line to report.
    """
    from .periods import check_period, data_period
    from .ingest import load

    data = load(getattr(args, "db", None) or None)
    try:
        period = check_period(args.period) if getattr(args, "period", None) else data_period(data)
        path = write_credit_forms(data, args.customer, period, getattr(args, "out", None) or ".",
                                  policy=getattr(args, "policy", None) or None)
    finally:
        data.close()
    print(f"wrote {path} (客户信用状况调查表, 信用等级评分项目表, 客户授信申请表)")
    return 0

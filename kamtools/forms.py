"""The three credit forms of the method, filled from data, as one formatted .xlsx per customer.

* 客户信用状况调查表 — customer credit status survey: who the customer is, its
  statements, ratios against the benchmarks, its trading and payment record;
* 信用等级评分项目表 — credit grade scoring sheet: every item of the scorecard with
  its value, weight and points, the score and the grade;
* 客户授信申请表 — credit limit application: the approved and recommended limits,
  exposure, the approval level the change needs and room for the signatures.

``kam credit-forms --customer ID --period P`` calls :func:`cli_main`, which calls
:func:`write_credit_forms`;
the credit review notebook calls :func:`write_many_credit_forms` for every
customer whose recommended limit differs from the approved one.

Text cells are neutralized against spreadsheet formula injection (a customer
called ``=cmd|' /C calc'!A0`` stays text); numbers stay numbers.

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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import credit
from .report import period_bounds, safe_name
from .schema import TABLES
from .store import KamData

from .excel import safe_text

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


def neutralize(value: Any) -> Any:
    """A value safe to put in a spreadsheet cell.

    Text goes through :func:`kamtools.excel.safe_text` (text starting with ``=``,
    ``+``, ``-``, ``@``, tab, CR or LF is prefixed with an apostrophe so that Excel
    shows it as text instead of running it as a formula; control characters
    openpyxl rejects are removed). Numbers, dates and missing values pass through
    (missing as an empty cell; numpy and pandas scalars become plain Python ones).

    >>> neutralize("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> neutralize(-5.0), neutralize("Acme")
    (-5.0, 'Acme')
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
        return safe_text(value)
    return value


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
        c = self.ws.cell(row=self.row, column=col, value=neutralize(value))
        v = c.value
        number = fmt if fmt and isinstance(v, (int, float, dt.date)) else c.number_format
        wrap = isinstance(v, str) and len(v) > 30
        key = (number, bold, None if fill is None else fill.fgColor.rgb, box, wrap)
        look = self.looks.get(key)
        if look is not None:
            c._style = copy.copy(look)
            return c
        c.number_format = number
        if bold:
            c.font = _BOLD
        if fill is not None:
            c.fill = fill
        if box:
            c.border = _BOX
        c.alignment = Alignment(vertical="top", wrap_text=wrap)
        self.looks[key] = copy.copy(c._style)
        return c

    def title(self, text: str, subtitle: str, span: int) -> None:
        c = self.ws.cell(row=self.row, column=1, value=neutralize(text))
        c.font = _TITLE
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=span)
        self.row += 1
        self.ws.cell(row=self.row, column=1, value=neutralize(subtitle))
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
    path = out_dir / f"credit_forms_{safe_name(customer_id)}_{ctx['period']}.xlsx"
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


def cli_main(args: Any) -> int:
    """``kam credit-forms``: write the credit forms of ``args.customer`` for ``args.period``.

    ``args`` carries ``customer``, ``period`` (None: the latest complete month of
    the data), ``db`` (None: the default store, else the committed sample),
    ``policy`` (None: the defaults) and ``out`` (folder, default the working
    folder). Returns the exit code; errors (unknown customer, bad period or
    policy) are raised as ``ValueError`` for the command line to report.
    """
    from .report import check_period, data_period
    from .validation import load

    data = load(getattr(args, "db", None) or None)
    try:
        period = check_period(args.period) if getattr(args, "period", None) else data_period(data)
        path = write_credit_forms(data, args.customer, period, getattr(args, "out", None) or ".",
                                  policy=getattr(args, "policy", None) or None)
    finally:
        data.close()
    print(f"wrote {path} (客户信用状况调查表, 信用等级评分项目表, 客户授信申请表)")
    return 0

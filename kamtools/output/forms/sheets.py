"""The three credit forms of one customer, filled from data, as one formatted .xlsx workbook."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ... import credit
from ...periods import period_bounds
from ...policy import load_policy
from ...store import KamData
from .layout import DATE, MONEY, PERCENT, _bench_text, _item_format, _label, _num, _Sheet
from .register import form_file_name
from .scoring import override_line, scoring_sheet

SHEETS = ("客户信用状况调查表", "信用等级评分项目表", "客户授信申请表")


# --------------------------------------------------------------------------- the three sheets
def _survey(ws: Worksheet, ctx: dict) -> None:
    s = _Sheet(ws, (44, 22, 22, 16, 40), ctx.get("looks"))
    cust = ctx["customer"]
    s.title(
        "客户信用状况调查表  Customer credit status survey",
        f"Period 期间 {ctx['period']}, as of 截至 {ctx['as_of']:%Y-%m-%d}",
        5,
    )

    s.section("Basic information 基本情况", 5)
    for col in (
        "customer_id",
        "name",
        "industry",
        "region",
        "account_manager",
        "parent_id",
        "ownership",
        "employees",
        "attractiveness",
        "relationship_state",
    ):
        if col in cust.index:
            s.field(_label("customers", col), cust[col])
    s.skip()

    _survey_statements(s, ctx["history"])
    _survey_ratios(s, ctx)
    _survey_trading(s, ctx)
    s.field("Surveyed by 调查人", None)
    s.field("Date 日期", None)


def _survey_statements(s: _Sheet, hist: pd.DataFrame) -> None:
    """The survey's financial statements: the last two fiscal years on file."""
    s.section("Financial statements 财务报表", 5)
    years = list(hist.index)[-2:]
    s.header(["Item 项目"] + [f"FY 财年 {pd.Timestamp(y):%Y-%m-%d}" for y in years])
    items = [
        "current_assets",
        "inventory",
        "prepaid_expenses",
        "current_liabilities",
        "total_assets",
        "total_liabilities",
        "revenue",
        "net_profit",
    ]
    for col in items:
        s.values(
            [_label("financials", col)] + [_num(hist.loc[y, col]) if col in hist.columns else None for y in years],
            [None] + [MONEY] * len(years),
        )
    s.values(
        ["Equity (total assets − total liabilities) 所有者权益"]
        + [_num(hist.loc[y, "total_assets"] - hist.loc[y, "total_liabilities"]) for y in years],
        [None] + [MONEY] * len(years),
    )
    if not years:
        s.values(["No financial statements on file 无财务报表"])
    s.skip()


def _survey_ratios(s: _Sheet, ctx: dict) -> None:
    """The survey's financial ratios, each with the benchmark that rates it."""
    cust, rat = ctx["customer"], ctx["ratios"]
    s.section("Financial ratios 财务比率", 5)
    s.header(["Ratio 比率", "Value 数值", "OK at 标准", "Status 评价", "Note 说明"])
    industry = cust.get("industry")
    for name, (en, zh) in credit.RATIOS.items():
        fmt = _item_format(name)
        value = _num(rat.get(name)) if rat is not None else None
        # The benchmark that rates this customer: its industry's override when there is one.
        bench = credit.benchmark(name, industry, ctx["policy"])
        s.values(
            [
                f"{en} {zh}",
                value,
                _bench_text(bench, name),
                rat.get(f"{name}_status") if rat is not None else None,
                rat.get(f"{name}_reason") if rat is not None else "no statements 无财务报表",
            ],
            [None, fmt, None, None, None],
        )
    s.skip()


def _survey_trading(s: _Sheet, ctx: dict) -> None:
    """The survey's trading and payment record of the customer."""
    lim = ctx["limits"]
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


def _application(ws: Worksheet, ctx: dict) -> None:
    s = _Sheet(ws, (46, 24, 24, 16, 24), ctx.get("looks"))
    lim, cust, sc = ctx["limits"], ctx["customer"], ctx["score"]
    s.title(
        "客户授信申请表  Credit limit application",
        f"Period 期间 {ctx['period']}, as of 截至 {ctx['as_of']:%Y-%m-%d}",
        5,
    )
    s.section("Customer 客户", 5)
    s.field(_label("customers", "customer_id"), cust["customer_id"])
    s.field(_label("customers", "name"), cust["name"])
    s.field(_label("customers", "account_manager"), cust["account_manager"])
    s.field("Credit grade 信用等级", sc["grade"])
    s.field("Score 信用得分", _num(sc["score"]), "0.00")
    s.field("Grade override 人工调整", override_line(sc))
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
    s.field("Payment terms + grace days 付款期限+宽限天数", f"{lim['payment_terms_days']:g} + {lim['grace_days']:g}")
    s.field("Terms need 按账期信用需求", _num(lim["terms_need"]), MONEY)
    s.field(f"Multiplier for grade {lim['grade']} 等级系数", _num(lim["multiplier"]), "0.00")
    s.field("Equity 所有者权益", _num(lim["equity"]), MONEY)
    s.field("Working capital 营运资金", _num(lim["working_capital"]), MONEY)
    s.field("Capacity cap 偿付能力上限", _num(lim["capacity_cap"]), MONEY)
    s.field("Secured by collateral 担保额度", _num(lim["secured_limit"]), MONEY)
    s.field("Recommended credit limit 建议信用额度", _num(lim["recommended_limit"]), MONEY)
    s.field("Reason 依据", str(lim["limit_reason"]))
    s.field("Action 处理建议", str(lim["action"]).replace("_", " "))
    s.field("Change 调整金额", _num(lim["limit_change"]), MONEY)
    level = str(lim["approval_level"])
    names = credit.level_names(ctx["policy"])
    s.field("Approval level 审批权限", " ".join(names.get(level, (level.replace("_", " "), ""))).strip())
    s.skip()

    s.section("Exposure 信用风险敞口", 5)
    s.field("Open receivables 应收账款余额", _num(lim["open_receivables"]), MONEY)
    s.field("Open orders 未开票订单", _num(lim["open_orders"]), MONEY)
    s.field("Exposure 风险敞口", _num(lim["exposure"]), MONEY)
    s.field("Utilization 额度使用率", _num(lim["utilization"]), PERCENT)
    s.field("Arrears past the hold days 逾期欠款", _num(lim["arrears"]), MONEY)
    s.field("Month ends overdue, last 12 近12个月逾期月数", _num(lim["overdue_month_ends_12m"]), "0")
    s.field("Headroom 可用额度", _num(lim["headroom"]), MONEY)
    s.field("Over the limit 超额", _num(lim["overlimit"]), MONEY)
    s.field("Over the limit, not covered by collateral 超额且无担保", _num(lim["overlimit_uncovered"]), MONEY)
    s.field("Re-review reasons 复审原因", lim["review_reasons"] or None)
    s.skip()

    s.section("Approvals 审批意见", 5)
    s.header(["Level 审批层级", "Required 需审批", "Name 姓名", "Opinion 意见", "Signature and date 签字日期"])
    keys = [lv["key"] for lv in c["approval_levels"]]
    needed = len(keys) if level == credit.ABOVE_LADDER else keys.index(level) if level in keys else -1
    for i, key in enumerate(keys):
        s.values([" ".join(names[key]), "yes 是" if i <= needed else "no 否", None, None, None])
    s.skip()
    s.field("Applicant 申请人", cust["account_manager"])
    s.field("Date of application 申请日期", None)


# --------------------------------------------------------------------------- public
def _context(
    data: KamData, period: str, policy: Any, scores: pd.DataFrame | None = None, limits: pd.DataFrame | None = None
) -> dict:
    pol = load_policy(policy)
    as_of = period_bounds(period)[1]
    sc = scores if scores is not None else credit.score(data, as_of, pol)
    lim = limits if limits is not None else credit.limits(data, as_of, pol, scores=sc)
    industry = data.customers.set_index("customer_id")["industry"]
    rat = credit.ratios(data.financials, as_of, policy=pol, industry=industry)
    fin = data.financials.copy()
    fin = fin[pd.to_datetime(fin["period_end"]) <= pd.Timestamp(as_of)]
    return {
        "policy": pol,
        "period": period,
        "as_of": as_of,
        "score": sc,
        "limits": lim,
        "ratios": rat,
        "financials": fin,
        "customers": data.customers.set_index("customer_id", drop=False),
    }


def _write_one(ctx: dict, customer_id: str, out_dir: Path) -> Path:
    if customer_id not in ctx["customers"].index:
        raise ValueError(f"unknown customer id {customer_id!r}")
    fin = ctx["financials"]
    hist = fin[fin["customer_id"] == customer_id].sort_values("period_end").set_index("period_end")
    one = {
        "policy": ctx["policy"],
        "period": ctx["period"],
        "as_of": ctx["as_of"],
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
    scoring_sheet(wb.create_sheet(SHEETS[1]), one)
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


def write_credit_forms(
    data: KamData, customer_id: str, period: str, out_dir: str | os.PathLike = ".", policy: Any = None
) -> Path:
    """Write the three credit forms of one customer as ``credit_forms_<safe name>_<period>.xlsx``
    (:func:`.register.form_file_name`: the id's readable part and a digest, one file per customer).

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


def write_many_credit_forms(
    data: KamData,
    customer_ids: Iterable[str],
    period: str,
    out_dir: str | os.PathLike = ".",
    policy: Any = None,
    *,
    scores: pd.DataFrame | None = None,
    limits: pd.DataFrame | None = None,
) -> list[Path]:
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
        raise ValueError(f"unknown customer id{'s' if len(unknown) > 1 else ''} {', '.join(repr(c) for c in unknown)}")
    if not ids:
        return []
    ctx = _context(data, period, policy, scores, limits)
    out = Path(out_dir)
    return [_write_one(ctx, cid, out) for cid in ids]

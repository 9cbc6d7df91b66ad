"""The no-code track and the printable worksheets of the course (无代码练习与纸质练习单).

For participants who do not write pandas, one to four exercises of every lesson with exercises (01-08 and 10;
the quiz carries its own numbers already) are given as **the numbers they need** (:func:`ingredients`: the figures
from the data, never the answer; :func:`shown` for the screen), to be worked with a calculator and typed into a
fill-in-the-number cell that the same :func:`kamtools.training.check` marks
(``notebooks/training/nocode/``; the numbers of lessons 02-05, 08 and 10 come from
:mod:`kamtools.training.nocode_parts`). The same questions and numbers, with an empty box for the answer, print as
a worksheet workbook (:func:`write_worksheets`), beside the case account's three credit forms of
``kam credit-forms`` (客户信用状况调查表, 信用等级评分项目表, 客户授信申请表). ``kam training --student DIR`` writes
both into ``DIR/worksheets/``.

Nothing here computes an exercise's answer: a participant's kernel imports this module.

>>> import kamtools as kt
>>> from kamtools.training.lesson_data import lesson_date
>>> data = kt.sample_data(customers=60, years=2, seed=3)
>>> w = ingredients("07.dso", data, lesson_date(data))
>>> list(w.index)
['receivables', 'sales_90d', 'days']
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties

from .. import credit, receivables, segments
from ..output.excel import text_cell
from ..output.forms.sheets import write_credit_forms
from ..output.workbook_save import save_workbook
from ..paths import write_atomically
from ..periods import period_of
from ..policy import load_policy
from ..store import KamData
from . import nocode_parts
from .lesson_data import focus_account

__all__ = ["NO_CODE", "QUESTIONS", "WORKSHEETS_FILE", "ingredients", "shown", "write_worksheets"]

#: The exercises of the no-code track, by lesson.
NO_CODE: dict[str, tuple[str, ...]] = {
    "01": ("01.key_revenue_share", "01.hours_to_move"),
    "02": ("02.key_transactional",),
    "03": ("03.code", "03.approach_value"),
    "04": ("04.strategic_margin_share",),
    "05": ("05.quick_ratio", "05.debt_ratio", "05.net_margin"),
    "06": ("06.case_handler_burden",),
    "07": ("07.over_90_share", "07.dso", "07.provision", "07.net_incentive"),
    "08": ("08.wallet_share", "08.account_time_share"),
    "10": ("10.defense_decline",),
}
#: The question of each no-code exercise: (Chinese, English).
QUESTIONS: dict[str, tuple[str, str]] = {
    "01.key_revenue_share": (
        "重点客户的收入占全部收入的比例是多少？（答案是 0 到 1 之间的比例）",
        "What share of all revenue do the key accounts bring? (a share between 0 and 1)",
    ),
    "01.hours_to_move": (
        "总小时数不变，要让重点客户得到目标比例的销售时间，需要向重点客户增加多少小时？（已超过目标时为负数）",
        "Keeping the total hours, how many hours must move to the key accounts for them to get their target share? "
        "(negative when they already get more)",
    ),
    "02.key_transactional": (
        "有几个重点客户是交易型客户？折扣率高于上限，或边际贡献低于下限，就是交易型客户。（整数）",
        "How many key accounts are transactional customers? A customer is transactional when its discount share is "
        "above the limit or its contribution below the split. (a whole number)",
    ),
    "03.code": (
        "这条线索的 MAN 代码是什么？具备的条件用大写字母，缺少的用小写，按 M、A、N 的顺序用 + 连接（例如 m+A+n）。",
        "Which MAN code describes this lead? A capital letter for a condition present, lower case for one missing, "
        "M, A, N in this order joined by + (e.g. m+A+n).",
    ),
    "03.approach_value": (
        "现在值得接触的线索（优先级 1 到 4）的预计年价值合计是多少？",
        "What is the estimated annual value of the leads worth approaching now (priority 1 to 4)?",
    ),
    "04.strategic_margin_share": (
        "战略客户的当前价值（毛利）占全部客户当前价值的比例是多少？（比例，不是百分数）",
        "What share of all customers' current value (margin) do the strategic customers bring? (a share, not a "
        "percentage)",
    ),
    "05.quick_ratio": (
        "案例客户的速动比率 =（流动资产 − 存货 − 预付费用）÷ 流动负债。是多少？",
        "The case account's quick ratio = (current assets − inventory − prepaid expenses) ÷ current liabilities. "
        "What is it?",
    ),
    "05.debt_ratio": (
        "案例客户的资产负债率 = 负债总额 ÷ 资产总额。是多少？（比例，不是百分数）",
        "The case account's debt ratio = total liabilities ÷ total assets. What is it? (a share, not a percentage)",
    ),
    "05.net_margin": (
        "案例客户的销售净利率 = 净利润 ÷ 营业收入。是多少？（比例；亏损为负数）",
        "The case account's net margin = net profit ÷ revenue. What is it? (a share; a loss gives a negative number)",
    ),
    "06.case_handler_burden": (
        "如果案例客户今天以全部风险敞口违约并核销，经办人（客户经理）要承担多少？超出批准额度的部分全部由经办人承担，"
        "额度内的部分按经办人比例承担。",
        "If the case account defaulted today on its whole exposure and it were written off, what would the handler "
        "(its account manager) bear? All of the part above the approved limit, and the handler's share of the part "
        "within it.",
    ),
    "07.over_90_share": (
        "逾期 90 天以上的应收账款占全部应收账款的比例是多少？（比例，不是百分数）",
        "What share of all open receivables is more than 90 days past due? (a share, not a percentage)",
    ),
    "07.dso": (
        "应收账款周转天数（DSO）= 应收账款 ÷ 最近 90 天的净销售额 × 90。是多少天？",
        "DSO = receivables ÷ net sales of the last 90 days × 90. How many days?",
    ),
    "07.provision": (
        "每个账龄段的金额乘以它的计提比例，再相加：坏账准备是多少？",
        "Each aging bucket's amount times its provision rate, added up: what is the provision?",
    ),
    "07.net_incentive": (
        "逾期欠款最多的客户经理本月的净激励是多少？达成率达到门槛时奖励 = 回款额 × 奖励比例，否则为 0；"
        "扣罚 = 超期应收 × 扣罚比例；净激励 = 奖励 − 扣罚。",
        "The net incentive this month of the manager with the most old debt: bonus = collected × bonus share when "
        "the achievement reaches the minimum, else 0; deduction = old receivables × penalty share; net = bonus − "
        "deduction.",
    ),
    "08.wallet_share": (
        "我们在案例客户的钱包份额 = 它近12个月向我们的采购额 ÷ 它对本品类的年采购总额。是多少？（比例）",
        "Our share of the case account's wallet = its purchases from us in the last 12 months ÷ its yearly "
        "purchases of our category. What is it? (a share)",
    ),
    "08.account_time_share": (
        "案例客户得到的销售小时占全部重点客户销售小时的比例是多少？（比例）",
        "What share of all key accounts' selling hours does the case account get? (a share)",
    ),
    "10.defense_decline": (
        "防御期的客户比前一年少买了多少？答案 = 前12个月收入 − 近12个月收入（正数）。",
        "How much less do the customers in the defense stage (防御期) buy than the year before? The answer = the "
        "revenue of the 12 months before − the revenue of the last 12 months (a positive amount).",
    ),
}
#: The worksheet workbook in the student folder's ``worksheets/``.
WORKSHEETS_FILE = "worksheets.xlsx"


def _row(zh: str, en: str, value: Any, unit: str = "") -> dict[str, Any]:
    """One number of an exercise; a ``unit`` "percent" (a share of the data) or "rate" (a share the policy sets)
    shows it as a percentage, "count" as a whole number."""
    return {"项目": zh, "item": en, "value": value, "unit": unit}


def _frame(rows: dict[str, dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index")


def _pyramid_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    pyr = segments.pyramid(data, as_of, pol)
    key = pyr["tier"] == "key"
    target = float(pol["segments"]["time_targets"]["key"])
    return _frame(
        {
            "key_revenue": _row(
                "重点客户近12个月收入",
                "revenue of the key accounts, last 12 months",
                float(pyr.loc[key, "revenue_12m"].sum()),
            ),
            "revenue": _row(
                "全部客户近12个月收入", "revenue of all accounts, last 12 months", float(pyr["revenue_12m"].sum())
            ),
            "key_hours": _row(
                "重点客户现有销售小时", "selling hours the key accounts get now", float(pyr.loc[key, "hours_12m"].sum())
            ),
            "hours": _row("全部销售小时", "selling hours of all accounts", float(pyr["hours_12m"].sum())),
            "key_target": _row("重点客户的时间目标比例", "the key accounts' target share of time", target, "rate"),
        }
    )


def _case_limit(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    row = credit.limits(data, as_of, pol).loc[focus_account(data, as_of)]
    share = float(pol["credit"]["accountability"]["handler_share_within_limit"])
    return _frame(
        {
            "exposure": _row("案例客户的风险敞口", "the case account's exposure", float(row["exposure"])),
            "approved_limit": _row("批准的信用额度", "its approved credit limit", float(row["approved_limit"])),
            "handler_share": _row("经办人在额度内的承担比例", "the handler's share within the limit", share, "rate"),
        }
    )


def _aging_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    aged = receivables.aging(data, as_of, pol["receivables"]["buckets"])
    rows = {
        b: _row(f"{_bucket(b)[0]} 合计", f"total of {_bucket(b)[1]}", float(aged[b].sum())) for b in aged.columns[:7]
    }
    rows["total"] = _row("应收账款合计", "all open receivables", float(aged["total"].sum()))
    return _frame(rows)


def _provision_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    aged = receivables.aging(data, as_of, pol["receivables"]["buckets"])
    rates = pol["receivables"]["provision_rates"]
    rows = {}
    for b in rates:
        zh, en = _bucket(b)
        rows[b] = _row(f"{zh} 合计", f"total of {en}", float(aged[b].sum()))
        rows[f"{b}_rate"] = _row(f"{zh} 计提比例", f"provision rate of {en}", float(rates[b]), "rate")
    return _frame(rows)


def _dso_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    start = (pd.Timestamp(as_of) - pd.Timedelta(days=90)).date()
    sql = "select coalesce(sum(amount), 0) as net from invoices where invoice_date > $start and invoice_date <= $end"
    sales = float(data.sql(sql, {"start": start, "end": as_of}).iloc[0]["net"])
    total = float(receivables.aging(data, as_of, pol["receivables"]["buckets"])["total"].sum())
    return _frame(
        {
            "receivables": _row("应收账款合计", "all open receivables", total),
            "sales_90d": _row(
                "最近90天净销售额（含贷项）", "net sales of the last 90 days (credit notes included)", sales
            ),
            "days": _row("天数", "days", 90, "count"),
        }
    )


def _incentive_parts(data: KamData, as_of: dt.date, pol: Any) -> pd.DataFrame:
    t = receivables.collection_targets(data, as_of, pol)
    order = t.sort_index(kind="mergesort").sort_values("past_due_receivables", ascending=False, kind="mergesort")
    who = order.index[0]
    row, inc = t.loc[who], pol["receivables"]["incentives"]
    return _frame(
        {
            "manager": _row("客户经理", "account manager", str(who)),
            "target": _row("回款目标", "collection target", float(row["target"])),
            "collected": _row("实际回款", "collected", float(row["collected"])),
            "min_achievement": _row(
                "发放奖励的最低达成率", "minimum achievement for a bonus", float(inc["min_achievement"]), "rate"
            ),
            "collected_share": _row(
                "奖励比例（回款额的）", "bonus share of the amount collected", float(inc["collected_share"]), "rate"
            ),
            "past_due": _row(
                f"逾期超过 {inc['penalty_days']} 天的应收",
                f"receivables more than {inc['penalty_days']} days past due",
                float(row["past_due_receivables"]),
            ),
            "penalty_share": _row("扣罚比例", "penalty share", float(inc["penalty_share"]), "rate"),
        }
    )


_PARTS = {
    "01.key_revenue_share": _pyramid_parts,
    "01.hours_to_move": _pyramid_parts,
    "02.key_transactional": nocode_parts.key_discount_parts,
    "03.code": nocode_parts.man_lead_parts,
    "03.approach_value": nocode_parts.man_value_parts,
    "04.strategic_margin_share": nocode_parts.quadrant_parts,
    "05.quick_ratio": nocode_parts.statement_parts,
    "05.debt_ratio": nocode_parts.statement_parts,
    "05.net_margin": nocode_parts.statement_parts,
    "06.case_handler_burden": _case_limit,
    "07.over_90_share": _aging_parts,
    "07.dso": _dso_parts,
    "07.provision": _provision_parts,
    "07.net_incentive": _incentive_parts,
    "08.wallet_share": nocode_parts.wallet_parts,
    "08.account_time_share": nocode_parts.wallet_parts,
    "10.defense_decline": nocode_parts.defense_parts,
}


def ingredients(id: str, data: KamData, as_of: Any, policy: Any = None) -> pd.DataFrame:
    """The numbers the no-code exercise ``id`` is worked from, on ``data`` at ``as_of``: one row each
    (index: a short name), with its Chinese (``项目``) and English (``item``) label and its ``value``."""
    if id not in _PARTS:
        raise KeyError(f"{id!r} is not an exercise of the no-code track; known: {', '.join(_PARTS)}")
    return _PARTS[id](data, pd.Timestamp(as_of).date(), load_policy(policy))


def _number(value: Any) -> str:
    """A number as the worksheet shows it: thousands separators, two to four decimals (``#,##0.00##``)."""
    if isinstance(value, str):
        return value
    text = f"{float(value):,.4f}"
    return text[:-2] + text[-2:].rstrip("0")


def _percent(value: Any, unit: str, others: list[float] = ()) -> str:
    """A share as a percentage: a share of the data to two decimals (0.017318 as 1.73 %), more (up to four) only
    when two decimals would show it equal to a different share of ``others`` (a discount share just above the
    limit stays above it on the screen); a rate of the policy with all its decimals up to four (0.00125 as
    0.125 %).

    >>> _percent(0.017318, "percent"), _percent(0.012612, "percent", [0.012593])
    ('1.73 %', '1.261 %')
    """
    if unit != "percent":
        return f"{_number(100 * float(value))} %"
    pct = 100 * float(value)
    for decimals in (2, 3):
        if not any(o != pct and round(o, decimals) == round(pct, decimals) for o in (100 * float(x) for x in others)):
            return f"{pct:,.{decimals}f} %"
    return f"{pct:,.4f} %"


def _bucket(b: str) -> tuple[str, str]:
    """An aging bucket in words: ``d91_180`` as ("账龄段 d91_180（逾期 91–180 天）", "bucket d91_180 (91–180 days past
    due)")."""
    if b == "current":
        return "账龄段 current（未到期）", "bucket current (not yet due)"
    low, _, high = b.removeprefix("d").partition("_")
    days = f"{low} 天以上" if high == "plus" else f"{low}–{high} 天"
    return (
        f"账龄段 {b}（逾期 {days}）",
        f"bucket {b} ({f'over {low}' if high == 'plus' else f'{low}–{high}'} days past due)",
    )


def shown(numbers: pd.DataFrame) -> pd.DataFrame:
    """``numbers`` (from :func:`ingredients`) for the screen: each value as the printed worksheet shows it, with
    thousands separators (1,648,150,862.84, not 1648150862.84), a share (``unit`` "percent" or "rate") as a
    percentage.

    >>> frame = pd.DataFrame({"项目": list("abcd"), "item": list("abcd"), "value": [673600.0, 0.0173, 0.017318, 0.00125],
    ...                       "unit": ["", "", "percent", "rate"]})
    >>> shown(frame)["value"].tolist()
    ['673,600.00', '0.0173', '1.73 %', '0.125 %']
    """
    units = numbers["unit"] if "unit" in numbers else pd.Series("", index=numbers.index)
    out = numbers.drop(columns=["unit"], errors="ignore").copy()
    shares = [float(v) for v, u in zip(numbers["value"], units) if u == "percent"]
    out["value"] = [
        _percent(v, u, shares) if u in ("percent", "rate") else f"{int(v):,}" if u == "count" else _number(v)
        for v, u in zip(numbers["value"], units)
    ]
    return out


_BOLD, _THIN = Font(bold=True), Side(style="thin")
#: The worksheet's number format of a value by its unit (money and counts: the default).
_FORMAT = {"percent": "0.00%", "rate": "0.00##%", "count": "#,##0"}
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _sheet(wb: Workbook, lesson: str, data: KamData, as_of: dt.date, pol: Any) -> None:
    ws = wb.create_sheet(f"第{lesson}课 Lesson {lesson}")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 34, 52, 20
    ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = "portrait", 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    text_cell(ws.cell(1, 1), f"无代码练习单 · Worksheet, lesson {lesson} · 数据日期 data at {as_of}").font = _BOLD
    r = 3
    for n, id in enumerate(NO_CODE[lesson], start=1):
        zh, en = QUESTIONS[id]
        text_cell(ws.cell(r, 1), f"{n}. {id}").font = _BOLD
        for line in (zh, en):
            r += 1
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
            text_cell(ws.cell(r, 1), line).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = 32
        for _, item in ingredients(id, data, as_of, pol).iterrows():
            r += 1
            text_cell(ws.cell(r, 1), item["项目"])
            text_cell(ws.cell(r, 2), item["item"])
            cell = ws.cell(r, 3)
            if isinstance(item["value"], str):
                text_cell(cell, item["value"])
            else:
                cell.value = float(item["value"])
                cell.number_format = _FORMAT.get(item.get("unit"), "#,##0.00##")
        r += 1
        text_cell(ws.cell(r, 1), "我的答案 My answer").font = _BOLD
        box = ws.cell(r, 3)
        box.border, box.fill = _BOX, PatternFill("solid", fgColor="FFF2CC")
        r += 3


def write_worksheets(
    folder: str | os.PathLike, data: KamData, as_of: Any, policy: Any = None, *, forms: bool = True
) -> list[Path]:
    """Write the printable worksheets into ``folder``: :data:`WORKSHEETS_FILE` (a sheet per no-code lesson: each
    question, its numbers and a box for the answer) and, with ``forms``, the case account's three credit forms
    (``kam credit-forms``). Returns the files written."""
    pol = load_policy(policy)
    as_of = pd.Timestamp(as_of).date()
    out = Path(folder)
    wb = Workbook()
    wb.remove(wb.active)
    for lesson in NO_CODE:
        _sheet(wb, lesson, data, as_of, pol)
    written = [write_atomically(out / WORKSHEETS_FILE, lambda tmp: save_workbook(wb, tmp))]
    if forms:
        written.append(write_credit_forms(data, focus_account(data, as_of), period_of(as_of), out, policy=pol))
    return written

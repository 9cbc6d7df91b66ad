"""The three credit forms of one customer, filled from data, as one formatted .xlsx workbook."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from ... import credit
from ...paths import write_atomically
from ...periods import period_bounds
from ...policy import load_policy
from ...store import KamData
from ..labels import LANGUAGES
from .application import application_sheet
from .fast import Looks, form_sheet, print_setup, save_workbook, workbook
from .layout import DATE, MONEY, _bench_text, _coded, _item_format, _num, _Sheet, period_line
from .register import form_file_name
from .scoring import scoring_sheet

SHEETS = ("客户信用状况调查表", "信用等级评分项目表", "客户授信申请表")
#: The sheets' names in an English report (a Chinese report, and one in both languages, name them by :data:`SHEETS`).
SHEETS_EN = ("Credit status survey", "Credit grade scoring", "Credit limit application")


def sheet_names(language: str) -> tuple[str, ...]:
    """The names of the three sheets in ``language``.

    >>> sheet_names("en")[0], sheet_names("both")[0]
    ('Credit status survey', '客户信用状况调查表')
    """
    return SHEETS_EN if language == "en" else SHEETS


# --------------------------------------------------------------------------- the three sheets
def _survey(ws: Worksheet, ctx: dict) -> None:
    s = form_sheet(ws, (44, 22, 22, 16, 40), ctx.get("looks"), ctx.get("language", "both"))
    cust = ctx["customer"]
    s.title("客户信用状况调查表", "Customer credit status survey", period_line(s, ctx), 5)

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
            s.field(s.label(col), _coded(s, col, cust[col]))
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
    s.header(["Item 项目"] + [f"{s.pick('FY', '财年')} {pd.Timestamp(y):%Y-%m-%d}" for y in years])
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
            [s.label(col)] + [_num(hist.loc[y, col]) if col in hist.columns else None for y in years],
            [None] + [MONEY] * len(years),
        )
    s.values(
        [s.text("Equity (total assets − total liabilities) 所有者权益")]
        + [_num(hist.loc[y, "total_assets"] - hist.loc[y, "total_liabilities"]) for y in years],
        [None] + [MONEY] * len(years),
    )
    if not years:
        s.values([s.text("No financial statements on file 无财务报表")])
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
                s.pick(en, zh),
                value,
                _bench_text(bench, name),
                _coded(s, f"{name}_status", rat.get(f"{name}_status")) if rat is not None else None,
                _coded(s, f"{name}_reason", rat.get(f"{name}_reason"))
                if rat is not None
                else s.pick("no statements", "无财务报表"),
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


# --------------------------------------------------------------------------- public
def _context(
    data: KamData, period: str, policy: Any, given: Mapping[str, pd.DataFrame | None], language: str | None = None
) -> dict:
    """What the forms of every customer read, computed once for the whole book (or ``given``)."""
    if language not in (None, *LANGUAGES):
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
    pol = load_policy(policy)
    as_of = period_bounds(period)[1]
    sc = given["scores"] if given.get("scores") is not None else credit.score(data, as_of, pol)
    lim = given["limits"] if given.get("limits") is not None else credit.limits(data, as_of, pol, scores=sc)
    held = given["holds"] if given.get("holds") is not None else credit.holds(data, as_of, pol, lim=lim)
    members = given.get("members")
    members = members if members is not None else credit.group_members(data, as_of, pol, lim=lim)
    groups = given.get("groups")
    groups = groups if groups is not None else credit.group_exposure(data, as_of, pol, lim=lim)
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
        "holds": held.set_axis(held.index.astype("str")),
        "members": members.set_axis(members.index.astype("str")),
        "groups": groups.set_axis(groups.index.astype("str")),
        "language": language or pol["report"]["language"],
        "ratios": rat,
        "financials": fin,
        "customers": data.customers.set_index("customer_id", drop=False),
    }


def _row_of(frame: pd.DataFrame, key: Any) -> pd.Series | None:
    """The row of ``key`` in ``frame``, None when it has none."""
    return frame.loc[key] if key in frame.index else None


def _write_one(ctx: dict, customer_id: str, out_dir: Path) -> Path:
    if customer_id not in ctx["customers"].index:
        raise ValueError(f"unknown customer id {customer_id!r}")
    fin = ctx["financials"]
    hist = fin[fin["customer_id"] == customer_id].sort_values("period_end").set_index("period_end")
    member = _row_of(ctx["members"], str(customer_id))
    one = {
        "policy": ctx["policy"],
        "period": ctx["period"],
        "as_of": ctx["as_of"],
        "customer": ctx["customers"].loc[customer_id],
        "score": ctx["score"].loc[customer_id],
        "limits": ctx["limits"].loc[customer_id],
        "ratios": _row_of(ctx["ratios"], customer_id),
        "hold": _row_of(ctx["holds"], str(customer_id)),
        "language": ctx["language"],
        "member": member,
        "group": None if member is None else _row_of(ctx["groups"], str(member["group_id"])),
        "history": hist,
    }
    names = sheet_names(ctx["language"])
    wb, out = workbook()
    one["looks"] = Looks(wb)  # the formats of this workbook, made once each
    for name, write in zip(names, (_survey, scoring_sheet, application_sheet)):
        ws = wb.add_worksheet(name)
        write(ws, one)
        print_setup(ws)
    wb.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / form_file_name(customer_id, ctx["period"])
    return write_atomically(path, lambda tmp: save_workbook(out, tmp))


def write_credit_forms(
    data: KamData,
    customer_id: str,
    period: str,
    out_dir: str | os.PathLike = ".",
    policy: Any = None,
    language: str | None = None,
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
    language
        ``en``, ``zh`` or ``both`` (English and Chinese labels, as the forms have always read);
        None: the policy's ``report.language``.

    Returns
    -------
    Path of the workbook (sheets 客户信用状况调查表, 信用等级评分项目表, 客户授信申请表; in English
    :data:`SHEETS_EN`).
    """
    return write_many_credit_forms(data, [customer_id], period, out_dir, policy, language=language)[0]


def write_many_credit_forms(
    data: KamData,
    customer_ids: Iterable[str],
    period: str,
    out_dir: str | os.PathLike = ".",
    policy: Any = None,
    *,
    scores: pd.DataFrame | None = None,
    limits: pd.DataFrame | None = None,
    holds: pd.DataFrame | None = None,
    groups: pd.DataFrame | None = None,
    members: pd.DataFrame | None = None,
    language: str | None = None,
) -> list[Path]:
    """Write the credit forms of several customers; what they read of the whole book (the
    scorecard, the limits, the hold list, the groups of companies) is computed once.

    ``scores``, ``limits``, ``holds``, ``groups`` and ``members`` may pass results of
    :func:`kamtools.credit.score`, :func:`kamtools.credit.limits`, :func:`kamtools.credit.holds`,
    :func:`kamtools.credit.group_exposure` and :func:`kamtools.credit.group_members` for the
    period's last day and the same policy, so that they are not computed again. ``language``
    (``en``, ``zh``, ``both``; None: the policy's ``report.language``) is what the labels of
    the forms are written in. Unknown ids
    raise ``ValueError`` naming them, before anything is written.

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
    given = {"scores": scores, "limits": limits, "holds": holds, "groups": groups, "members": members}
    ctx = _context(data, period, policy, given, language)
    out = Path(out_dir)
    return [_write_one(ctx, cid, out) for cid in ids]

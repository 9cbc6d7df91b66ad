"""What each account plan does with the limit the credit page recommends, where the credit department and
the approvers read the recommendation: a column of the credit forms' register (and so of the appendix), and
the index's line of limit cuts waiting for approval. A cut a plan contests (it keeps the limit, cuts less, or
files one change with a new assessment, to carry its revenue objective) is decided by the sales director and
the finance manager together first (:mod:`.plan_decisions`), not by the cut's approver alone.

The plans are written after the pages, so the register the credit page wrote gets its column once the plans
are done (:func:`mark_register`), and a sheet of its own for the limits the plans ask where the credit page
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..account_plan_text import CONTESTED
from ..output.currency import MoneyUnit, money_unit, short_amount
from ..output.labels import column, money_column, pick
from ..output.labels import value as label_value
from ..policy import Policy
from .decision import Decision, owner_and_due
from .result import NotebookRun
from .summary import CONTESTED_CLAUSE

__all__ = ["CONTESTING", "contested", "contested_cuts", "mark_register", "position"]

#: The plan's routes (:func:`.plan_decisions.credit_ask`) that file another limit now than the credit page's.
CONTESTING = CONTESTED


def _asks(runs: Iterable[NotebookRun]) -> dict[str, dict | None]:
    """Each plan written, by customer: what it asks above the recommendation (None: it files it)."""
    return {str(r.customer_id): r.credit_ask for r in runs if r.status == "ok" and r.customer_id}


def contested(runs: Iterable[NotebookRun]) -> dict[str, dict]:
    """The plans that contest a cut the credit page recommends (a route of :data:`CONTESTING` where the
    recommended limit is below the limit in force), by customer."""
    return {
        cid: ask
        for cid, ask in _asks(runs).items()
        if ask and ask["route"] in CONTESTING and ask["recommended"] < ask.get("approved", float("inf"))
    }


def position(ask: dict | None, due: str, units: tuple[MoneyUnit, MoneyUnit] | None = None) -> tuple[str, str]:
    """What the plan does with the recommended limit, in English and Chinese (one register cell).

    >>> position(None, "2026-11-07")[1]
    '按建议额度报批'
    >>> position({"route": "smaller_cut", "amount": 328_000.0, "kept": False}, "2026-11-07")[1]
    '降到328,000（目标所需）：由销售总监与财务经理在2026-11-07前共同决定'
    """
    if ask is None:
        return "Files the recommended limit", "按建议额度报批"
    x = float(ask["amount"])
    en, zh = (units[0].text(x), units[1].text(x)) if units else (f"{x:,.0f}", f"{x:,.0f}")
    due = ask.get("due") or due  # a change filed with a new assessment is decided on it
    if ask["route"] == "statements_first":  # the cut rests on missing statements: they come first
        return (
            f"The financial statements first, by {ask['by']}, the limit sized on them; the recommended limit only if "
            "they do not come",
            f"先由信用部在{ask['by']}前取得财务报表、按报表核定额度；未取得的按建议额度报批",
        )
    if ask["route"] == "arrears_first":  # the credit page's cut, spared if the long past-due invoices are paid
        by = ask.get("by") or due
        return (
            f"Files the recommended limit only if the invoices more than {ask['days']} days past due are still unpaid "
            f"on {by}",
            f"仅当{by}仍未付清逾期超过{ask['days']}天的发票时按建议额度报批",
        )
    if ask["route"] == "collateral":  # the approver decides the limit with its collateral
        y = float(ask["collateral"])
        backed = (units[0].text(y), units[1].text(y)) if units else (f"{y:,.0f}", f"{y:,.0f}")
        return (
            f"Files the recommended limit unsecured; asks the customer for collateral of {backed[0]} for a limit of "
            f"{en} in all, approved with it",
            f"按建议额度无担保报批；请客户提供担保{backed[1]}，连同担保审批{zh}的额度",
        )
    if ask["route"] == "after_hold":
        return (
            f"Files the recommended limit; asks for {en} once the hold is released: the sales director and the finance "
            f"manager decide together by {due}",
            f"按建议额度报批；冻结解除后申请{zh}：由销售总监与财务经理在{due}前共同决定",
        )
    what = {
        "keep_limit": (f"Keeps the limit in force of {en}", f"保留现有额度{zh}"),
        "smaller_cut": (f"Cuts to {en}, what its objective needs", f"降到{zh}（目标所需）"),
        "new_limit": (f"Asks for {en} after a new credit investigation", f"经新的信用调查后申请{zh}"),
        "after_reassess": (
            (
                f"Keeps the limit in force of {en}, unchanged after the new assessment",
                f"保留现有额度{zh}，重新评估后不调整",
            )
            if ask.get("kept")
            else (f"Files {en} with the new assessment", f"重新评估时一次申请{zh}")
        ),
    }[ask["route"]]
    return (
        f"{what[0]}: the sales director and the finance manager decide together by {due}",
        f"{what[1]}：由销售总监与财务经理在{due}前共同决定",
    )


def contested_cuts(decisions: list[Decision], runs: Iterable[NotebookRun], pol: Policy | None = None) -> list[Decision]:
    """``decisions`` with the line of limit cuts waiting for approval saying how many of them the account plans
    contest: those go to the joint decisions of the plans first, the rest to their approvers; the line's detail
    names each (the limit in force, the recommended one and the plan's), so that an approver knows which of the
    cuts to hold back."""
    runs = list(runs)
    asks = contested(runs)
    n = len(asks)
    names = {str(r.customer_id): r.customer_name for r in runs}
    money = (lambda x, lang: short_amount(float(x), lang, pol)) if pol is not None else (lambda x, _: f"{x:,.0f}")
    listed = sorted(asks.items(), key=lambda x: -(x[1]["approved"] - x[1]["recommended"]))

    def more(a: dict) -> bool:  # the plan asks for more than the limit in force: an increase, not a smaller cut
        return float(a["amount"]) > float(a["approved"]) + 0.5

    detail = "; ".join(  # one decided with the new assessment is decided on its day, as the line of those says
        f"{names.get(cid) or cid} ({cid}) {money(a['approved'], 'en')} → {money(a['recommended'], 'en')}, "
        + (
            f"the plan asks for an increase to {money(a['amount'], 'en')}"
            if more(a)
            else f"plan {money(a['amount'], 'en')}"
        )
        + (f", decided with the new assessment by {a['due']}" if a.get("due") else "")
        for cid, a in listed
    )
    detail_zh = "；".join(
        f"{names.get(cid) or cid}（{cid}）{money(a['approved'], 'zh')}→{money(a['recommended'], 'zh')}，"
        + (f"客户计划反而申请增加到{money(a['amount'], 'zh')}" if more(a) else f"客户计划{money(a['amount'], 'zh')}")
        + (f"，随重新评估在{a['due']}前决定" if a.get("due") else "")
        for cid, a in listed
    )
    raised = sum(more(a) for a in asks.values())
    how = (
        (
            f"they keep the limit, cut less or, {raised:,} of them, ask for an increase",
            f"保留额度、少降，或（{raised:,}项）反而申请增额",
        )
        if raised
        else ("they keep the limit or cut less", "保留额度或少降")
    )
    out = []
    for d in decisions:
        if d.kind == "limit_cut":  # the pages' clause ("the index lists them") gives way to the count
            en, zh = d.text.removesuffix(CONTESTED_CLAUSE[0]), d.text_zh.removesuffix(CONTESTED_CLAUSE[1])
            d = replace(
                d,
                text=f"{en}. Of these, {n:,} are contested by the account plans ({how[0]}, "
                "to carry their revenue objective): the sales director and the finance manager decide those together "
                "first (below), the approvers the rest"
                if n
                else en,
                text_zh=f"{zh}。其中{n:,}项客户计划不同意（{how[1]}，以支持收入目标）：先由销售总监与财务经理"
                "共同决定（见下方），其余由各层级审批"
                if n
                else zh,
                detail=f"Contested by the account plans: {detail}." + (f" {d.detail}" if d.detail else "")
                if n
                else d.detail,
                detail_zh=f"客户计划不同意的降额：{detail_zh}。{d.detail_zh}" if n else d.detail_zh,
            )
        out.append(d)
    return out


def mark_register(folder: Path, runs: Iterable[NotebookRun], as_of, pol: Policy, language: str) -> Path | None:
    """Add the column "Account plan" to the credit forms' register of ``folder`` (``credit_forms/``): for each
    customer with a plan written, what the plan does with the recommended limit (:func:`position`); empty for
    the others; header and cells in ``language``. A plan that asks for a limit where the credit page recommends
    no change gets a row of its own at the end (its forms on request), so every limit the index puts to a joint
    decision is in the register."""
    registers = sorted((folder / "credit_forms").glob("credit_forms_register_*.xlsx"))
    runs = list(runs)
    asks = _asks(runs)
    if not registers or not asks:
        return None
    _, due = owner_and_due("plan_credit", pd.Timestamp(as_of), pol)
    unit = money_unit(pol, "en"), money_unit(pol, "zh")
    book = load_workbook(registers[0])
    sheet = book.worksheets[0]
    at = sheet.max_column + 1
    head = sheet.cell(row=1, column=at, value=column("plan_position", language))
    head._style = sheet.cell(row=1, column=at - 1)._style
    sheet.column_dimensions[get_column_letter(at)].width = 48
    listed = set()
    for row in range(2, sheet.max_row + 1):
        cid = str(sheet.cell(row=row, column=1).value)
        listed.add(cid)
        if cid in asks:
            sheet.cell(row=row, column=at, value=pick(*position(asks[cid], due, unit), language))
    extra = {cid: ask for cid, ask in asks.items() if ask is not None and cid not in listed}
    if extra:  # asked by a plan where the credit page changes nothing: a sheet of their own
        names = {str(r.customer_id): r.customer_name for r in runs}
        _asked_sheet(book, sheet, extra, names, due, unit, language)
    if sheet.auto_filter.ref:
        sheet.auto_filter.ref = f"A1:{get_column_letter(at)}{sheet.max_row}"
    book.save(registers[0])
    return registers[0]


#: The title of that sheet in each language (a sheet's title is at most 31 characters).
ASKED_TITLES = {"en": "Asked by the account plans", "zh": "客户计划申请的额度", "both": "客户计划申请的额度 Plan asks"}
#: The columns of the sheet of the limits the plans ask where the credit page changes nothing.
ASKED = ("customer_id", "name", "approved_limit", "recommended_limit", "plan_limit", "approval_level", "plan_position")


def _asked_sheet(book, register, asks: dict, names: dict, due: str, unit: tuple, language: str) -> None:
    """The sheet of the limits the plans ask where the credit page recommends no change: each customer, the limit
    in force and recommended, the limit the plan asks, who approves it and the plan's cell (the joint decision);
    the forms on request from the credit department, as the register says; headers styled as the register's."""
    sheet = book.create_sheet(ASKED_TITLES.get(language, ASKED_TITLES["both"]), 1)
    labels = [money_column(c, language) if "limit" in c else column(c, language) for c in ASKED]
    for at, text in enumerate(labels, start=1):
        cell = sheet.cell(row=1, column=at, value=text)
        cell._style = register.cell(row=1, column=1)._style
        sheet.column_dimensions[get_column_letter(at)].width = 48 if at == len(ASKED) else 16
    for row, (cid, ask) in enumerate(sorted(asks.items()), start=2):
        level = str(ask.get("approver") or "")
        values = (
            cid,
            names.get(cid) or cid,
            ask.get("approved"),
            ask["recommended"],
            ask["amount"],
            label_value("approval_level", level, language) if level not in ("", "none") else "–",
            pick(*position(ask, due, unit), language),
        )
        for at, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=at, value=value)
            if isinstance(value, float):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    note = sheet.max_row + 2
    sheet.cell(row=note, column=1, value=pick(
        "Their credit forms: on request from the credit department, once the joint decision is taken.",
        "其授信表格：共同决定之后由信用部按需生成。",
        language,
    ))  # fmt: skip

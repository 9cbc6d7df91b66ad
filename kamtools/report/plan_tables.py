"""The tables of an account plan: its key numbers against the targets, its oldest overdue
invoices and its contacts, each cell as the page shows it (the sentences are :mod:`.plan_text`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..account_plan import AccountProfile
from ..output.currency import money_unit, short_amount
from ..text import MISSING, is_missing, num
from .plan_text import _change, _points_pair
from .plan_words import cell_pair, known, share, signed, whole

__all__ = ["contacts", "disputes", "key_numbers", "overdue_items", "write_offs"]


def key_numbers(a: AccountProfile, pol: Mapping) -> dict:
    """The key numbers beside the 12 months before and the objective: ``header`` and ``rows``
    (label, then the texts of the cells)."""
    u, m, o, t = money_unit(pol), a.margin, a.objectives, a.time
    money = f" ({u.label})"
    rows = [
        (("Revenue" + money, "收入" + money), [u.scaled(known(m["revenue_prev_12m"])), u.scaled(known(m["revenue_12m"]))],
         signed(m["growth"]), _target(o["revenue_target"], o["revenue_why"] == "legal", u), "money"),
        (("Margin" + money, "毛利" + money), [u.scaled(known(m["margin_prev_12m"])), u.scaled(known(m["margin_12m"]))],
         signed(_change(m["margin_12m"], m["margin_prev_12m"])), _target(o["margin_target"], False, u), "money"),
        (("Margin rate", "毛利率"), [m["margin_rate_prev_12m"], m["margin_rate_12m"]], _points_pair(m),
         o["margin_rate_target"], "share"),
        *(
            []
            if is_missing(o["wallet"])
            else [(("Share of wallet", "钱包份额"), [float("nan"), o["wallet_share"]], MISSING,
                   o["wallet_share_target"], "share")]
        ),
        (("Selling time (hours)", "销售时间（小时）"), [float("nan"), t["hours_12m"]], MISSING,
         max(known(t["target_hours"]), known(t["hours_12m"])) if not is_missing(t["target_hours"]) else float("nan"), "hours"),
    ]  # fmt: skip
    decimals = 1 if u.factor > 1 else 0
    body = []
    for label, (before, now), change, target, kind in rows:
        cells = [_cell(v, kind, decimals) for v in (before, now)] + [change, _cell(target, kind, decimals)]
        if label[0].startswith("Revenue") and not is_missing(o.get("revenue_interim")):  # split: both phases
            cells[-1] = f"{_cell(u.scaled(known(o['revenue_interim'])), kind, decimals)} → {cells[-1]}"
        body.append({"label": label, "cells": cells})
    header = [
        ("12 months before", "上一个12个月"),
        ("Last 12 months", "近12个月"),
        ("Change", "变化"),
        ("Objective, next 12 months", "未来12个月目标"),
    ]
    split = not is_missing(o.get("revenue_interim"))
    note = (
        ("Revenue objective “A → B”: A while credit holds the account back, B after (see the objectives below).",
         "收入目标“A → B”：A 为信用限制期间的估计，B 为之后的目标（见下方目标）。")
        if split else None
    )  # fmt: skip
    return {"header": header, "rows": body, "note": note}


def _target(value: Any, none: bool, u) -> float:
    """An objective's money in the unit shown; missing (a price review first) or none set (a legal case): NaN,
    a dash in the table, never a 0 the reader takes for an objective."""
    return float("nan") if none or is_missing(value) else u.scaled(float(value))


def _cell(v: Any, kind: str, decimals: int) -> str:
    if is_missing(v) or (isinstance(v, float) and math.isinf(v)):
        return MISSING
    if kind == "share":
        return share(v)
    return f"{num(float(v)):,.{decimals if kind == 'money' else 0}f}"


def overdue_items(a: AccountProfile, pol: Mapping, top: int = 5) -> dict:
    """The largest ``top`` overdue invoices and the total of all overdue invoices (what of them is
    under an open dispute is not chased: it is among the disputes)."""
    u = money_unit(pol)
    items = a.open_items[a.open_items["days_past_due"] > 0]
    if "disputed" in items.columns:
        items = items.assign(open_amount=items["open_amount"] - items["disputed"])
        items = items[items["open_amount"] > 0]
    shown = items.sort_values(["open_amount", "days_past_due"], ascending=False).head(top)
    rows = [
        [str(i), _date(r["invoice_date"]), _date(r["due_date"]), _cell(u.scaled(r["open_amount"]), "money", 0),
         whole(r["days_past_due"])]
        for i, r in shown.iterrows()
    ]  # fmt: skip
    return {
        "header": [("Invoice", "发票号"), ("Invoice date", "开票日期"), ("Due date", "到期日"),
                   (f"Open ({u.label})", f"未收金额（{u.label}）"), ("Days past due", "逾期天数")],
        "rows": rows,
        "total": (
            f"Total: {len(items)} overdue invoice{'s' if len(items) != 1 else ''}"
            + (f" (the {len(shown)} largest above)" if len(items) > len(shown) else ""),
            f"合计：{len(items)} 张逾期发票" + (f"（上表为金额最大的 {len(shown)} 张）" if len(items) > len(shown) else ""),
        ),
        "total_amount": _cell(u.scaled(items["open_amount"].sum()), "money", 1 if u.factor > 1 else 0),
        "more": len(items) - len(shown),
    }  # fmt: skip


def disputes(a: AccountProfile, pol: Mapping) -> dict:
    """The customer's open disputes: invoice, reason, opened, days open, amount held and owner."""
    u = money_unit(pol)
    d = a.disputes
    rows = [
        [str(r["invoice_id"]), MISSING if is_missing(r["dispute_reason"]) else cell_pair("dispute_reason", r["dispute_reason"]),
         _date(r["opened_on"]), whole(r["days_open"]), _cell(u.scaled(r["disputed"]), "money", 1 if u.factor > 1 else 0),
         MISSING if is_missing(r["owner"]) else cell_pair("owner", r["owner"])]
        for _, r in d.iterrows()
    ]  # fmt: skip
    return {
        "header": [("Invoice", "发票号"), ("Reason", "争议原因"), ("Opened", "提出日期"), ("Days open", "已持续天数"),
                   (f"Disputed ({u.label})", f"争议金额（{u.label}）"), ("Owner", "负责人")],
        "rows": rows,
    }  # fmt: skip


def _date(v: Any) -> str:
    return MISSING if is_missing(v) else pd.Timestamp(v).strftime("%Y-%m-%d")


def contacts(a: AccountProfile) -> dict:
    """The customer's contacts by role."""
    con = a.contacts.copy()
    con["role"] = con["role"].fillna("") if "role" in con else ""
    con = con.sort_values(["role", "name"])
    header = [("Role", "职务"), ("Name", "姓名")] + ([("Phone", "电话")] if "phone" in con.columns else [])
    rows = []
    for _, r in con.iterrows():
        role = cell_pair("contact_role", r["role"]) if r["role"] else (MISSING, MISSING)
        cells = [str(r["name"]) if not is_missing(r["name"]) else MISSING]
        if "phone" in con.columns:
            cells.append(str(r["phone"]) if not is_missing(r["phone"]) else MISSING)
        rows.append({"role": role, "cells": cells})
    return {"header": header, "rows": rows}


def write_offs(a: AccountProfile, pol: Mapping) -> dict:
    """The customer's write-offs (date, amount, who answers for it, the sales that earn it back) and the recovery
    equation of its open balance: ``header``, ``rows`` and ``recovery`` (English, Chinese)."""
    u = money_unit(pol)
    rows = [
        [_date(r["written_off_on"]), _cell(u.scaled(r["amount"]), "money", 0), str(r["handled_by"]),
         _cell(u.scaled(r["handler_amount"]), "money", 0), cell_pair("approved_by", r["limit_approved_by"]),
         _cell(u.scaled(r["approver_amount"]), "money", 0), share(r["margin_rate"]),
         _cell(u.scaled(r["sales_to_recover"]), "money", 0)]
        for _, r in a.write_offs.iterrows()
    ]  # fmt: skip
    header = [("Written off on", "核销日期"), (f"Amount ({u.label})", f"金额（{u.label}）"), ("Handler", "经办人"),
              (f"Handler bears ({u.label})", f"经办人承担（{u.label}）"), ("Limit approved by", "额度审批人"),
              (f"Approver bears ({u.label})", f"审批人承担（{u.label}）"), ("Margin", "毛利率"),
              (f"Sales to earn it back ({u.label})", f"弥补所需销售额（{u.label}）")]  # fmt: skip
    recovery = _recovery(a.recovery, pol)
    years = _years(a.recovery, a.margin)
    return {"header": header, "rows": rows, "recovery": (recovery[0] + years[0], recovery[1] + years[1])}


def _years(r: pd.Series, m: pd.Series) -> tuple[str, str]:
    """The sales to earn a loss back read against what the customer buys: years of its purchases."""
    sales, revenue = known(r.get("sales_to_recover")), known(m.get("revenue_12m"))
    if is_missing(r.get("loss")) or known(r.get("loss")) <= 0 or sales <= 0 or revenue <= 0:
        return "", ""
    years = sales / revenue
    count = (
        (f"{years:,.0f} years", f"{years:,.0f} 年")
        if years >= 1.5
        else (f"{years * 12:,.0f} months", f"{years * 12:,.0f} 个月")
    )
    return (
        f" That is about {count[0]} of what it buys at the pace of the last 12 months: collecting the balance is "
        "worth more than the new business it would take to make up for it.",
        f"这相当于该客户按近12个月的采购水平约 {count[1]}的采购：收回欠款比靠新业务弥补损失重要得多。",
    )


def _recovery(r: pd.Series, pol: Mapping) -> tuple[str, str]:
    """The recovery equation of the open balance in a sentence (English, Chinese)."""
    if is_missing(r.get("loss")) or float(r["loss"]) <= 0:
        return "Nothing is owed: no open balance is at risk.", "没有未收余额，没有可能形成坏账的欠款。"
    if is_missing(r["sales_to_recover"]):
        return (
            f"If the open balance of {short_amount(r['loss'], 'en', pol)} were never paid, no margin is known to say "
            "what sales would earn it back.",
            f"如果未收余额{short_amount(r['loss'], 'zh', pol)}收不回来，因没有毛利数据，无法计算弥补所需的销售额。",
        )
    book = r["margin_basis"] == "book"
    return (
        f"If the open balance of {short_amount(r['loss'], 'en', pol)} were never paid, to earn this loss back we need "
        f"{short_amount(r['sales_to_recover'], 'en', pol)} of sales at "
        + (f"all customers' average gross margin of {share(r['margin_rate'])} (the customer has no margin of its own in the "
           "policy's months)." if book else f"the customer's own gross margin of {share(r['margin_rate'])}."),
        f"如果未收余额{short_amount(r['loss'], 'zh', pol)}收不回来，要赚回这笔损失，需要"
        f"{short_amount(r['sales_to_recover'], 'zh', pol)}的销售额（按"
        + (f"全部客户平均毛利率{share(r['margin_rate'])}计算：该客户在政策规定的月数内没有自身的毛利数据）。" if book
           else f"该客户自身毛利率{share(r['margin_rate'])}计算）。"),
    )  # fmt: skip

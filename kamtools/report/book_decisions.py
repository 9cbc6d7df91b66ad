"""Lines of this month's decisions on the book's credit and its write-offs (:func:`kamtools.report.summary.
decisions` puts them among the others): the kept limits whose payment terms change, said with the cuts; the
customers written off as gone that still owe or were bought from after, for the finance manager to check; the breaches
(exposure without a limit, limits beyond their approver's authority or approved on no valid assessment)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from .. import credit, receivables
from ..store import KamData
from .decision import Decision

__all__ = ["breaches", "provision_booking", "terms_only", "with_provision", "write_off_check"]


def terms_only(changes: pd.DataFrame, make: Any, out: list[Decision]) -> list[Decision]:
    """The kept limits whose payment terms change (or whose arrears are handed over), signed where a cut would be
    (:func:`kamtools.credit.terms_only`): said with the cuts, by level, by the cuts' day (a line of their own when
    there are no cuts)."""
    rows = changes[changes["terms_only"] > 0]
    if rows.empty:
        return out
    n, names = int(rows["terms_only"].sum()), {lv: make.levels.get(lv, (str(lv), "")) for lv in rows.index}
    by_en = ", ".join(f"{names[lv][0]} {int(k):,}" for lv, k in rows["terms_only"].items())
    by_zh = "、".join(f"{names[lv][1] or names[lv][0]}{int(k):,}项" for lv, k in rows["terms_only"].items())
    en = (
        f"{n:,} kept limits change only their payment terms (shorter terms or cash in advance), signed by the same "
        f"levels by the same day (by level: {by_en}; the register's sheet “Terms changes, limit kept”)"
    )
    zh = (
        f"另有{n:,}项额度不变、只调整付款条件（缩短账期或改为预付现金），由同一层级在同一期限前签批（按层级：{by_zh}；"
        "见登记表“付款条件调整（额度不变）”一页）"
    )
    cuts = [i for i, d in enumerate(out) if d.kind == "limit_cut"]
    if cuts:
        d = out[cuts[0]]
        out[cuts[0]] = replace(
            d,
            detail=f"{d.detail}. {en[:1].upper()}{en[1:]}." if d.detail else f"{en[:1].upper()}{en[1:]}.",
            detail_zh=f"{d.detail_zh}{zh}。",
        )
        return out
    where = ("03_credit_review", "Recommended limit changes by approval level")
    return [
        *out,
        make("limit_cut", f"{en[:1].upper()}{en[1:]}", zh.removeprefix("另有"), 0.0, *where, level=rows.index[0]),
    ]


def write_off_check(
    data: KamData, make: Any, gone: pd.DataFrame | None = None, each: pd.DataFrame | None = None
) -> list[Decision]:
    """The customers written off as bankrupt or ceased trading that still owe or were invoiced after the write-off
    (:func:`kamtools.credit.closed_but_trading`): the finance manager checks each write-off's reason; if it stands,
    their balance is provided in full (:func:`kamtools.credit.closed_shortfall`, the amount the receivables page's
    provision line gives) and nothing more is sold to them on credit; if not, the write-off register is corrected.
    ``gone``: :func:`kamtools.credit.closed_but_trading` of the same date, ``each``: :func:`kamtools.receivables.
    provisions` of that date, when already at hand."""
    gone = credit.closed_but_trading(data, make.as_of) if gone is None else gone
    if gone.empty:
        return []
    each = receivables.provisions(data, make.pol, as_of=make.as_of) if each is None else each
    more = credit.closed_shortfall(gone, each["provision"])
    owed, after = float(gone["open_receivables"].sum()), float(gone["invoiced_after_write_off"].sum())
    who_en = ", ".join(f"{n} ({c})" if n and n != c else str(c) for c, n in gone["name"].head(3).items())
    who_zh = "、".join(f"{n}（{c}）" if n and n != c else str(c) for c, n in gone["name"].head(3).items())
    n = len(gone)
    return [
        make(
            "write_off_check",
            f"{n:,} {'customer' if n == 1 else 'customers'} written off as bankrupt or ceased trading still "
            f"{'owes' if n == 1 else 'owe'} {make.money(owed, 'en')}"
            + (
                f" and {'was' if n == 1 else 'were'} invoiced {make.money(after, 'en')} after the write-off"
                if after >= 0.5
                else ""
            )
            + f" ({who_en}): check each write-off's reason; if it stands, provide about {make.money(more, 'en')} more "
            "and sell to them only for cash in advance; if not, correct the write-off register",
            f"{n:,}家以破产或停业核销的客户仍欠{make.money(owed, 'zh')}"
            + (f"，核销后仍开票{make.money(after, 'zh')}" if after >= 0.5 else "")
            + f"（{who_zh}）：逐户核实核销原因；属实则再补提坏账准备约{make.money(more, 'zh')}，此后只凭预付现金供货；"
            "不属实则更正核销登记",
            more,
            "04_receivables",
            "Write-offs and who answers for them",
        )
    ]


def breaches(data: KamData, lim: pd.DataFrame, make: Any) -> list[Decision]:
    """Exposure without an approved limit; the limits in force beyond their approver's authority (re-approved at the
    level the ladder requires) and, said with them, those approved unrated or on an expired assessment (re-approved on a
    valid one: the credit page's breaches workbook lists both)."""
    out = []
    breaches = credit.breaches(lim)
    no_limit = breaches[breaches["breach"] == "no_limit"]
    if len(no_limit):
        exposure = float(no_limit["exposure"].sum())
        out.append(
            make(
                "no_limit",
                f"{len(no_limit):,} customers carry {make.money(exposure, 'en')} of exposure without an "
                "approved limit: approve a limit or stop supply",
                f"{len(no_limit):,}个客户没有核定额度却有{make.money(exposure, 'zh')}的信用敞口：核定额度或停止供货",
                exposure,
                "03_credit_review",
                "Breaches",
            )
        )
    authority = credit.authority_breaches(data, make.as_of, make.pol)
    stale = int(lim["exception_stale_basis"].fillna(False).astype(bool).sum()) if "exception_stale_basis" in lim else 0
    if len(authority):
        excess = authority["excess_authority"].fillna(authority["approved_limit"]).sum()
        also = (
            (f"; {stale:,} more were approved unrated or on an expired assessment: have them approved again on a valid "
             "one (the breaches workbook lists both)",
             f"；另有{stale:,}项在未评级或评估过期时批准：依据有效评估重新报批（两类清单见额度违规工作簿）")
            if stale else ("", "")
        )  # fmt: skip
        out.append(
            make(
                "authority",
                f"{len(authority):,} limits in force exceed their approver's authority: have them approved at "
                f"the level the approval ladder requires{also[0]}",
                f"{len(authority):,}项现行额度超出审批人权限：按审批层级重新报批{also[1]}",
                float(excess),
                "03_credit_review",
                "Breaches",
            )
        )
    return out


def provision_booking(data: KamData, make: Any, each: pd.DataFrame | None = None) -> list[Decision]:
    """The month's change of the bad-debt provision (:func:`kamtools.receivables.provision_change`, the receivables
    page's line; ``each``: the provisions of the date when already at hand): booked by the finance manager as the
    month's accounts close."""
    now, change, before = receivables.provision_change(data, make.as_of, make.pol, each)
    if abs(change) < 0.5:
        return []
    up = change > 0
    return [
        make(
            "provision_booking",
            f"Book the bad-debt provision's {'increase' if up else 'release'} of {make.money(abs(change), 'en')} in "
            f"this month's accounts ({make.money(now, 'en')} in all, {before:%Y-%m-%d}: {make.money(now - change, 'en')})",
            f"在本月账上{'补提' if up else '冲回'}坏账准备{make.money(abs(change), 'zh')}（合计{make.money(now, 'zh')}，"
            f"{before:%Y-%m-%d}为{make.money(now - change, 'zh')}）",
            abs(change),
            "04_receivables",
            "Provisions",
        )
    ]


def with_provision(checked: list[Decision], booking: list[Decision]) -> list[Decision]:
    """The write-off check's line with the month's provision booking as its background (one line of the finance
    manager's on the provision, its owner and day said there), or the booking as a line of its own without a check."""
    if not checked or not booking:
        return checked + booking
    b = booking[0]
    return [replace(checked[0], detail=f"{b.text}, by {b.due}.", detail_zh=f"{b.text_zh}，{b.due}前完成。")]

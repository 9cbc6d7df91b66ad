"""The executive summary of a period (the front of ``index.html``): this month's decisions, the
things a manager must act on, ranked by the money at stake, each linked to the page section (and
to the account plan, where one was written) that shows the detail.

The decisions read the same analytics the pages print (credit limits, holds, breaches, approvals,
silent debtors, key accounts to watch), for the same date and policy, so the summary and the
pages cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import credit, receivables, segments
from ..credit.limit_text import short_amount
from ..headline import kpis
from ..output.headlines import change_text, in_language, value_text
from ..output.labels import pick
from ..policy import Policy
from ..store import KamData
from .pages import section_anchor

#: How many decisions the summary shows.
DECISIONS_SHOWN = 10


@dataclass(frozen=True)
class Decision:
    """One thing to act on: what, the money at stake, and where the detail is."""

    text: str
    amount: float
    page: str  # notebook name of the page, e.g. "03_credit_review"
    section: str  # heading of the section on that page (English; pages.SECTIONS has the Chinese)
    customer_id: str | None = None
    text_zh: str = ""  # the same decision in Chinese

    def anchor(self, language: str = "en") -> str:
        """The anchor of the section on its page written in ``language``."""
        return section_anchor(self.section, language)

    def says(self, language: str = "en") -> str:
        """The decision in ``language`` (``both``: the Chinese, then the English)."""
        return pick(self.text, self.text_zh, language)


def money(value: float) -> str:
    """An amount as the credit pages write it (:func:`kamtools.credit.limit_text.short_amount`).

    >>> money(2_345_678), money(785_400), money(31_450), money(640.4)
    ('2.35 M', '785 k', '31.5 k', '640')
    """
    return str(short_amount(pd.Series([float(value)])).iloc[0])


def money_zh(value: float) -> str:
    """An amount as a Chinese reader writes it: in 万 (ten thousand) or 亿 (a hundred million).

    >>> money_zh(2_345_678), money_zh(785_400), money_zh(31_450), money_zh(640.4), money_zh(312_000_000)
    ('234.6万', '78.5万', '3.1万', '640', '3.12亿')
    """
    v = float(value)
    if abs(v) >= 1e8:
        return f"{v / 1e8:,.2f}亿"
    if abs(v) >= 1e4:
        return f"{v / 1e4:,.1f}万"
    return f"{v:,.0f}"


def _named(customer_id: str, names: Mapping[str, str]) -> str:
    name = names.get(customer_id)
    return f"{name} ({customer_id})" if name and name != customer_id else customer_id


def _approvals(lim: pd.DataFrame, pol: Policy) -> list[Decision]:
    changes = credit.limit_changes(lim, pol)
    names = credit.level_names(pol)
    out = []
    for level, row in changes.iterrows():
        if level == "none":
            continue
        en, zh = names.get(level, (str(level), ""))
        n, more = int(row["increases"]), float(row["total_increase"])
        if n > 0:
            out.append(
                Decision(
                    f"{n:,} limit increases wait for the {en}: {money(more)} more credit to approve or refuse",
                    more,
                    "03_credit_review",
                    "Recommended limit changes by approval level",
                    text_zh=f"{n:,}项增额待{zh or en}审批：共增加授信{money_zh(more)}，批准或否决",
                )
            )
        cuts, less = int(row["decreases"]), float(row["total_decrease"])
        if cuts > 0:
            out.append(
                Decision(
                    f"{cuts:,} limit cuts wait for the {en}: {money(less)} less credit; sales is told which "
                    "accounts lose credit before the customers are",
                    less,
                    "03_credit_review",
                    "Recommended limit changes by approval level",
                    text_zh=f"{cuts:,}项降额待{zh or en}审批：共减少授信{money_zh(less)}；通知客户之前先告知销售哪些客户被降额",
                )
            )
    return out


def _by_rule(held: pd.DataFrame) -> tuple[str, str]:
    """How many customers each hold rule holds, in English and Chinese (a customer may be held by several)."""
    parts = [
        (int(held[f"hold_{rule}"].sum()), en, zh)
        for rule, (en, zh) in credit.HOLD_RULES.items()
        if f"hold_{rule}" in held and int(held[f"hold_{rule}"].sum())
    ]
    return "; ".join(f"{en.lower()} {n:,}" for n, en, _ in parts), "；".join(f"{zh}{n:,}家" for n, _, zh in parts)


def _credit(data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame, names) -> list[Decision]:
    out = _approvals(lim, pol)
    held = credit.holds(data, as_of, pol, lim=lim)
    if len(held):
        exposure, excess = float(held["exposure"].sum()), float(held["exposure_excess"].sum())
        rules_en, rules_zh = _by_rule(held)
        out.append(
            Decision(
                f"{len(held):,} customers on credit hold ({money(exposure)} of exposure), by rule: {rules_en}; "
                f"the customers over their limit must pay or secure {money(excess)} before orders are released, "
                "the others are released by the action each rule names",
                excess,
                "03_credit_review",
                "Credit holds",
                text_zh=f"{len(held):,}个客户处于信用冻结（敞口{money_zh(exposure)}），按规则：{rules_zh}；"
                f"超额客户须先收回或担保{money_zh(excess)}订单才能放行，其他客户按各规则的解除条件处理",
            )
        )
    over = credit.over_limit(lim)
    for cid, row in over.sort_values("overlimit_uncovered", ascending=False).head(3).iterrows():
        if row["overlimit_uncovered"] <= 0:
            continue
        over_by = float(row["overlimit_uncovered"])
        out.append(
            Decision(
                f"{_named(str(cid), names)} is {money(over_by)} over its limit without "
                "collateral: collect or secure before the next order",
                over_by,
                "03_credit_review",
                "Customers over their limit",
                str(cid),
                text_zh=f"{_named(str(cid), names)}超出额度{money_zh(over_by)}且无担保：下一笔订单前先收款或提供担保",
            )
        )
    breaches = credit.breaches(lim)
    no_limit = breaches[breaches["breach"] == "no_limit"]
    if len(no_limit):
        exposure = float(no_limit["exposure"].sum())
        out.append(
            Decision(
                f"{len(no_limit):,} customers carry {money(exposure)} of exposure without an "
                "approved limit: approve a limit or stop supply",
                exposure,
                "03_credit_review",
                "Breaches",
                text_zh=f"{len(no_limit):,}个客户没有核定额度却有{money_zh(exposure)}的信用敞口：核定额度或停止供货",
            )
        )
    authority = credit.authority_breaches(data, as_of, pol)
    if len(authority):
        excess = authority["excess_authority"].fillna(authority["approved_limit"]).sum()
        out.append(
            Decision(
                f"{len(authority):,} limits in force exceed their approver's authority: have them approved at the "
                "level the ladder requires",
                float(excess),
                "03_credit_review",
                "Breaches",
                text_zh=f"{len(authority):,}项现行额度超出审批人权限：按审批层级重新报批",
            )
        )
    return out


def _accounts(data: KamData, as_of: pd.Timestamp, pol: Policy, names) -> list[Decision]:
    out = []
    silent = receivables.silent_debtors(data, as_of, pol)
    if len(silent):
        owed, months = float(silent["total"].sum()), silent["months_silent"].min()
        out.append(
            Decision(
                f"{len(silent):,} silent debtors owe {money(owed)} with no order, payment or "
                f"contact for {months:.0f}+ months: visit, or hand to collections",
                owed,
                "04_receivables",
                "Silent debtors",
                text_zh=f"{len(silent):,}个沉默欠款客户欠款{money_zh(owed)}，{months:.0f}个月以上没有订单、付款或联系："
                "上门拜访，或移交催收",
            )
        )
    watch = segments.to_watch(segments.pyramid(data, as_of, pol), 3, pol)
    lost = watch["revenue_lost"]
    for cid in watch.index:
        if lost[cid] <= 0:
            continue
        out.append(
            Decision(
                f"Key account {_named(str(cid), names)} bought {money(lost[cid])} less than a year before: "
                "a senior visit to learn why",
                float(lost[cid]),
                "02_segmentation",
                "Key accounts to watch",
                str(cid),
                text_zh=f"关键客户{_named(str(cid), names)}的采购比上一年少{money_zh(lost[cid])}：安排高层拜访了解原因",
            )
        )
    return out


def decisions(data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame | None = None) -> list[Decision]:
    """This month's decisions, the largest money at stake first (at most :data:`DECISIONS_SHOWN`)."""
    lim = credit.limits(data, as_of, pol) if lim is None else lim
    names = dict(zip(data.customers["customer_id"].astype("str"), data.customers["name"].astype("str")))
    found = _credit(data, as_of, pol, lim, names) + _accounts(data, as_of, pol, names)
    return sorted(found, key=lambda d: -d.amount)[:DECISIONS_SHOWN]


def status(value: float, band) -> str:
    """``green``, ``amber`` or ``red`` of a number against its band of ``report.status`` (empty
    when the number is missing).

    >>> from types import SimpleNamespace as B
    >>> [status(v, B(better="lower", amber=45, red=60)) for v in (30, 45, 59.9, 60)]
    ['green', 'amber', 'amber', 'red']
    """
    if value is None or pd.isna(value):
        return ""
    sign = 1.0 if band.better == "lower" else -1.0
    v = sign * float(value)
    if v >= sign * float(band.red):
        return "red"
    return "amber" if v >= sign * float(band.amber) else "green"


def tiles(head: pd.DataFrame, pol: Policy, language: str = "en") -> list[dict]:
    """The tiles of the executive summary: each number of ``report.status`` (rows of
    :func:`kamtools.kpis`), its value, its change against the previous period and its status,
    named and defined in ``language``."""
    out = []
    for key, band in pol["report"]["status"].items():
        if key not in head.index:
            raise ValueError(
                f"policy key 'report.status.{key}' names no headline number (one of: {', '.join(head.index)})"
            )
        row = head.loc[key]
        measured = row["value"] if band.measure == "value" else row["change"]
        change = change_text(row["unit"], row["change_unit"], row["change"])
        # the window once, whatever the language (both: 对比 / against 2026-09)
        window = row["previous_window"] if language == "en" else row["previous_window"].replace(" to ", " 至 ")
        against = f"{pick('against', '对比', language).replace(' ', ' / ')} {window}"
        out.append(
            {
                "key": key,
                "name": pick(row["label"], row["label_zh"], language),
                "value": in_language(value_text(row["unit"], row["value"]), language),
                "change": f"{in_language(change, language)} {against}" if change != "–" else "",
                "status": status(measured, band),
                "definition": f"{row['window']}: {pick(row['definition'], row['definition_zh'], language)}",
            }
        )
    return out


def headline_tiles(
    data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame, language: str = "en"
) -> list[dict]:
    """:func:`tiles` of the book on ``as_of`` (the numbers every page states)."""
    return tiles(kpis(data, as_of, pol, limits=lim), pol, language)

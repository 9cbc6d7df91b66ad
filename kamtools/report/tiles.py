"""The tiles of the executive summary: each headline number of ``report.status`` with its value,
its change against the previous period and a red / amber / green status from the policy's bands."""

from __future__ import annotations

import pandas as pd

from ..headline import kpis
from ..output.headlines import change_text, in_language, value_text
from ..output.labels import pick
from ..policy import Policy
from ..store import KamData


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


def definition(name: str, text: str, window: str, lang: str) -> str:
    """A tile's footnote as one sentence: what the number is (its definition without the term it starts
    with, said by the tile's name) and when (a month: for it; a day: on it).

    >>> definition("Revenue, month", "Revenue: net invoiced amount of the month.", "2026-10", "en")
    'Revenue, month: net invoiced amount of the month, for 2026-10.'
    >>> definition("本月收入", "收入：本月开票净额（已扣除红字发票）。", "2026-10", "zh")
    '本月收入指本月开票净额（已扣除红字发票），统计期为2026-10。'
    >>> definition("逾期占比", "逾期账款 / 未收应收账款。", "2026-10-31", "zh")
    '逾期占比 = 逾期账款 / 未收应收账款，截至2026-10-31。'
    >>> definition("DSO", "Days sales outstanding: open receivables / credit sales x 90.", "2026-10-31", "en")
    'DSO = open receivables / credit sales x 90, on 2026-10-31.'
    >>> definition("本月流失客户", "本月成为流失客户：最后一次采购已满12个月。", "2026-10", "zh")
    '本月流失客户指本月成为流失客户，即最后一次采购已满12个月，统计期为2026-10。'
    """
    body = text.strip().rstrip("。.")
    term, sep, rest = body.partition("：" if lang == "zh" else ": ")
    initials = "".join(w[:1] for w in term.split()).upper()
    if sep and (term.lower() in name.lower() or initials == name.strip()):
        body = rest  # "收入：本月开票净额" -> "本月开票净额": the tile's name says the term
    elif sep:  # another term: said once, then what it is
        body = f"{term}，即{rest}" if lang == "zh" else f"{term[:1].lower() + term[1:]}, that is, {rest}"
    formula = "/" in body or "×" in body or " x " in body
    day = len(window) == 10  # a state on a day (2026-10-31), else a month or months
    if lang == "zh":
        when = f"截至{window}" if day else f"统计期为{window}"
        return f"{name}{' = ' if formula else '指'}{body}，{when}。"
    when = f"on {window}" if day else f"for {window}"
    lower = body[:1].lower() + body[1:] if not body[1:2].isupper() else body  # "Exposure" but "DSO"
    return f"{name}{' = ' if formula else ': '}{lower}, {when}."


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
                "measure": band.measure,
                # money in the policy's currency (元 for CNY)
                "unit": (
                    pick(pol["report"]["currency"], "元", language)
                    if pol["report"]["currency"] == "CNY"
                    else pol["report"]["currency"]
                )
                if row["unit"] == "money"
                else "",
                "name": pick(row["label"], row["label_zh"], language),
                "name_en": row["label"],
                "name_zh": row["label_zh"],
                "value": in_language(value_text(row["unit"], row["value"]), language),
                "change": f"{in_language(change, language)} {against}" if change != "–" else "",
                "status": status(measured, band),
                "definition": pick(
                    definition(row["label"], row["definition"], row["window"], "en"),
                    definition(row["label_zh"], row["definition_zh"], row["window"], "zh"),
                    language,
                ),
            }
        )
    return out


def headline_tiles(
    data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame, language: str = "en"
) -> list[dict]:
    """:func:`tiles` of the book on ``as_of`` (the numbers every page states)."""
    return tiles(kpis(data, as_of, pol, limits=lim), pol, language)

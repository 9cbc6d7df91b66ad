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
                "definition": f"{row['window']}{'：' if language != 'en' else ': '}"
                f"{pick(row['definition'], row['definition_zh'], language)}",
            }
        )
    return out


def headline_tiles(
    data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame, language: str = "en"
) -> list[dict]:
    """:func:`tiles` of the book on ``as_of`` (the numbers every page states)."""
    return tiles(kpis(data, as_of, pol, limits=lim), pol, language)

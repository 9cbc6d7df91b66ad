"""Charts of the data overview (re-exported by :mod:`kamtools.plots`), each with the sentence
that reads it (``<chart>_reading``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..currency import money_unit
from ..labels import pick
from ._base import new_axes, title_text
from .style import BLUE_MID, ORANGE, finish, money_axis

__all__: list[str] = ["monthly_activity", "monthly_activity_reading"]


def monthly_activity(monthly: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Invoiced and collected amounts per month (from :func:`kamtools.overview.monthly_activity`).

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> df = pd.DataFrame({"invoiced": [100.0, 120.0], "collected": [90.0, 130.0]},
    ...                   index=pd.Index(["2026-09", "2026-10"], name="month"))
    >>> ax = monthly_activity(df)
    >>> ax.get_title(), ax.get_ylabel()
    ('Invoiced and collected per month', 'Amount (CNY)')
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax)
    x = np.arange(len(monthly))
    invoiced, collected = pick("invoiced", "开票"), pick("collected", "回款")
    ax.bar(x - 0.2, monthly["invoiced"].to_numpy(dtype="float64"), width=0.4, color=BLUE_MID, label=invoiced)
    ax.bar(x + 0.2, monthly["collected"].to_numpy(dtype="float64"), width=0.4, color=ORANGE, label=collected)
    ax.set_xticks(list(x))
    ax.set_xticklabels([str(i) for i in monthly.index], rotation=45, ha="right")
    ax.set_title(title_text("Invoiced and collected per month", "每月开票与回款"))
    ax.set_xlabel(pick("month", "月份"))
    money_axis(ax, "y", pick("amount", "金额"), policy)
    ax.legend(loc="upper left", ncol=2)
    first, last = (monthly.index[0], monthly.index[-1]) if len(monthly) else ("", "")
    return finish(
        ax,
        description=pick(
            f"Bar chart of the amounts invoiced and collected per month from {first} to {last}, "
            f"in {money_unit(policy).label}, side by side.",
            f"柱状图：{first} 至 {last} 每月的开票金额和回款金额（{money_unit(policy).label}），并排显示。",
        ),
        reading=monthly_activity_reading(monthly, policy=policy),
    )


def monthly_activity_reading(monthly: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`monthly_activity` shows: the last month's amounts, and the months without
    invoices or with less than half the invoiced amount of the median month (a sign of an
    incomplete export more often than of the business).

    >>> import pandas as pd
    >>> m = pd.DataFrame({"invoiced": [100.0, 0.0, 40.0, 110.0], "collected": [90.0, 20.0, 50.0, 95.0]},
    ...                  index=["2026-07", "2026-08", "2026-09", "2026-10"])
    >>> monthly_activity_reading(m)
    'CNY 110 was invoiced and CNY 95 collected in 2026-10; no invoices in 2026-08 and less than half the median month in 2026-09: check that the export is complete.'
    >>> monthly_activity_reading(m.iloc[[0, 3]])
    'CNY 110 was invoiced and CNY 95 collected in 2026-10; each of the 2 months has invoices, none less than half the median month.'
    >>> from kamtools.output import labels; labels.use("zh"); monthly_activity_reading(m)
    '2026-10 开票 110 元，回款 95 元；2026-08 没有开票，2026-09 开票额不到月中位数的一半：请检查导出的数据是否完整。'
    >>> labels.use("en")
    """
    if monthly.empty:
        return pick("No months to show.", "没有可显示的月份。")
    unit = money_unit(policy)
    invoiced = monthly["invoiced"].astype("float64")
    last, inv, col = monthly.index[-1], unit.text(invoiced.iloc[-1]), unit.text(monthly["collected"].iloc[-1])
    en, zh = f"{inv} was invoiced and {col} collected in {last}", f"{last} 开票 {inv}，回款 {col}"
    empty = [str(m) for m in invoiced.index[invoiced <= 0]]
    median = invoiced[invoiced > 0].median()
    low = [str(m) for m in invoiced.index[(invoiced > 0) & (invoiced < median / 2)]]
    if not empty and not low:
        return pick(
            en + f"; each of the {len(monthly)} months has invoices, none less than half the median month.",
            zh + f"；{len(monthly)} 个月每月都有开票，没有一个月低于月中位数的一半。",
        )
    gaps_en = ([f"no invoices in {_listed(empty)}"] if empty else []) + (
        [f"less than half the median month in {_listed(low)}"] if low else []
    )
    gaps_zh = ([f"{_listed(empty, lang='zh')} 没有开票"] if empty else []) + (
        [f"{_listed(low, lang='zh')} 开票额不到月中位数的一半"] if low else []
    )
    return pick(
        en + "; " + " and ".join(gaps_en) + ": check that the export is complete.",
        zh + "；" + "，".join(gaps_zh) + "：请检查导出的数据是否完整。",
    )


def _listed(months: list[str], most: int = 4, lang: str = "en") -> str:
    """Months as a list in a sentence (in ``lang``): the first ``most`` and how many more."""
    shown = ("、" if lang == "zh" else ", ").join(months[:most])
    if len(months) <= most:
        return shown
    return f"{shown}等 {len(months)} 个月" if lang == "zh" else f"{shown} and {len(months) - most} more"

"""Charts of the portfolio overview and the account plans (re-exported by :mod:`kamtools.plots`),
each with the sentence that reads it (``<chart>_reading``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ...text import plot_text
from ..currency import money_unit
from ..labels import pick
from ._base import new_axes, title_text, use_cjk_font
from .style import BLUE, BLUE_LIGHT, BLUE_MID, GREY, ORANGE, RED, WIDE, finish, money_axis, percent_axis, percent_text

__all__ = [
    "plot_limit_usage",
    "plot_limit_usage_reading",
    "plot_monthly",
    "plot_monthly_reading",
    "plot_top_customers",
    "plot_top_customers_reading",
]


def _margin_rate(monthly_frame: pd.DataFrame) -> pd.Series:
    """The margin rate per month: the frame's ``margin_rate``, or margin / revenue where revenue is above 0."""
    if "margin_rate" in monthly_frame.columns:
        return monthly_frame["margin_rate"].astype("float64")
    revenue = monthly_frame["revenue"].astype("float64")
    return monthly_frame["margin"].astype("float64") / revenue.where(revenue > 0)


def plot_monthly(
    monthly_frame: pd.DataFrame, *, title: str | None = None, policy: Any = None, ax: Axes | None = None
) -> Axes:
    """Revenue and margin (bars, money on the left axis) and the margin rate (line, per cent on
    its own right axis, ``ax.right_ax``) per month, from :func:`kamtools.portfolio.monthly`.

    The title (default: "Revenue and margin per month" in the report's language) may hold a
    customer's name; Chinese renders through the CJK fallback font.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> m = pd.DataFrame({"revenue": [100.0, 120.0], "margin": [30.0, 20.0]}, index=["2026-09", "2026-10"])
    >>> ax = plot_monthly(m, title="华东精密机械有限公司")
    >>> ax.get_title(), [float(b.get_height()) for b in ax.patches]
    ('华东精密机械有限公司', [100.0, 120.0, 30.0, 20.0])
    >>> ax.get_ylabel(), ax.right_ax.get_ylabel(), ax.right_ax.lines[0].get_ydata().round(3).tolist()
    ('Revenue and margin (CNY)', 'Margin rate', [0.3, 0.167])
    >>> plt.close(ax.figure)
    """
    use_cjk_font()
    ax = new_axes(ax, figsize=WIDE)
    x = np.arange(len(monthly_frame))
    revenue = monthly_frame["revenue"].to_numpy(dtype="float64")
    margin = monthly_frame["margin"].to_numpy(dtype="float64")
    rate = _margin_rate(monthly_frame).to_numpy(dtype="float64")
    ax.bar(x, revenue, width=0.8, color=BLUE_LIGHT, label=pick("revenue", "收入"))
    ax.bar(x, margin, width=0.45, color=BLUE, label=pick("margin", "毛利"))
    ax.axhline(0, color="black", linewidth=0.6)
    top = max(float(np.nanmax(revenue)) if len(revenue) else 0.0, 0.0)
    ax.set_ylim(top=top * 1.2 if top > 0 else 1.0)
    right = ax.twinx()
    right.plot(x, rate, color=ORANGE, marker="o", markersize=4, linewidth=1.8, label=pick("margin rate", "毛利率"))
    known = rate[np.isfinite(rate)]
    if len(known):
        span = max(float(known.max() - known.min()), 0.01)
        right.set_ylim(float(known.min()) - span, float(known.max()) + span * 0.5)
    ax.right_ax = right
    ax.set_xticks(x)
    ax.set_xticklabels([str(i) for i in monthly_frame.index], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_title(plot_text(title_text("Revenue and margin per month", "每月收入与毛利") if title is None else title))
    ax.set_xlabel(pick("month", "月份"))
    money_axis(ax, "y", pick("revenue and margin", "收入与毛利"), policy)
    percent_axis(right, "y", pick("margin rate", "毛利率"))
    right.yaxis.label.set_color(ORANGE)
    handles = ax.containers[:2] + right.get_lines()
    ax.legend(handles, [h.get_label() for h in handles], loc="upper left", ncol=3)
    first, last = (monthly_frame.index[0], monthly_frame.index[-1]) if len(monthly_frame) else ("", "")
    return finish(
        ax,
        description=pick(
            f"Bar chart of revenue and margin per month from {first} to {last}, in "
            f"{money_unit(policy).label} on the left axis, with the margin rate as a line on its own axis on the right.",
            f"柱状图：{first} 至 {last} 每月的收入和毛利（左轴，{money_unit(policy).label}），毛利率为折线，在右侧单独的轴上。",
        ),
        reading=plot_monthly_reading(monthly_frame, policy=policy),
    )


def plot_monthly_reading(monthly_frame: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`plot_monthly` shows, in one sentence: the highest and lowest month of revenue
    and the range of the margin rate.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"revenue": [100.0, 300.0, 200.0], "margin": [10.0, 60.0, 30.0]},
    ...                  index=["2026-08", "2026-09", "2026-10"])
    >>> plot_monthly_reading(m)
    'Over the 3 months to 2026-10 revenue was highest in 2026-09 (CNY 300) and lowest in 2026-08 (CNY 100); the margin rate ranged from 10.0 % (2026-08) to 20.0 % (2026-09) and was 15.0 % in 2026-10.'
    >>> from kamtools.output import labels; labels.use("zh"); plot_monthly_reading(m)
    '截至 2026-10 的 3 个月中，收入最高在 2026-09（300 元），最低在 2026-08（100 元）；毛利率在 10.0 %（2026-08）到 20.0 %（2026-09）之间，2026-10 为 15.0 %。'
    >>> labels.use("en")
    """
    if monthly_frame.empty:
        return pick("No months to show.", "没有可显示的月份。")
    unit = money_unit(policy)
    revenue = monthly_frame["revenue"].astype("float64")
    rate = _margin_rate(monthly_frame)
    last, n = monthly_frame.index[-1], len(monthly_frame)
    if n == 1:
        first, first_rate = unit.text(revenue.iloc[0]), percent_text(rate.iloc[0])
        return pick(
            f"Revenue in {last} was {first} at a margin rate of {first_rate}.",
            f"{last} 收入 {first}，毛利率 {first_rate}。",
        )
    if not (revenue != 0).any():
        return pick(f"No revenue in the {n} months to {last}.", f"截至 {last} 的 {n} 个月没有收入。")
    high, low = revenue.idxmax(), revenue.idxmin()
    hi, lo = unit.text(revenue[high]), unit.text(revenue[low])
    en = f"Over the {n} months to {last} revenue was highest in {high} ({hi}) and lowest in {low} ({lo})"
    zh = f"截至 {last} 的 {n} 个月中，收入最高在 {high}（{hi}），最低在 {low}（{lo}）"
    if rate.notna().any():
        r_min, r_max, r_last = percent_text(rate.min()), percent_text(rate.max()), percent_text(rate.iloc[-1])
        en += f"; the margin rate ranged from {r_min} ({rate.idxmin()}) to {r_max} ({rate.idxmax()}) and was {r_last} in {last}"
        zh += f"；毛利率在 {r_min}（{rate.idxmin()}）到 {r_max}（{rate.idxmax()}）之间，{last} 为 {r_last}"
    return pick(en + ".", zh + "。")


def plot_top_customers(top: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """The largest customers by revenue of the last 12 months, from :attr:`Concentration.top`.

    One horizontal bar per customer, labelled with its name (Chinese names render
    through the CJK fallback font), largest at the top.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"name": ["华东精密机械有限公司", "B"], "revenue_12m": [80.0, 20.0],
    ...                   "cumulative_share": [0.8, 1.0]})
    >>> ax = plot_top_customers(t)
    >>> [(tl.get_text(), float(y)) for tl, y in zip(ax.get_yticklabels(), ax.get_yticks())]
    [('华东精密机械有限公司', 1.0), ('B', 0.0)]
    >>> plt.close(ax.figure)
    """
    use_cjk_font()
    unit = money_unit(policy)
    ax = new_axes(ax, figsize=(WIDE[0], max(2.5, 0.42 * len(top) + 1.2)))
    y = np.arange(len(top))[::-1]
    ax.barh(y, top["revenue_12m"].to_numpy(dtype="float64"), color=BLUE)
    ax.set_yticks(y)
    ax.set_yticklabels([plot_text(n) for n in top["name"]])
    for yy, v, cum in zip(y, top["revenue_12m"], top["cumulative_share"]):
        cumulative = pick(f"(cum. {percent_text(cum, 0)})", f"（累计 {percent_text(cum, 0)}）")
        ax.text(float(v), yy, f"  {unit.text(v)} {cumulative}", va="center", fontsize=8)
    ax.set_title(
        title_text(f"Top {len(top)} customers, revenue of the last 12 months", f"前 {len(top)} 大客户：近12个月收入")
    )
    money_axis(ax, "x", pick("revenue of the last 12 months", "近12个月收入"), policy)
    ax.margins(x=0.3)
    return finish(
        ax,
        description=pick(
            f"Horizontal bar chart of the {len(top)} largest customers by revenue of the last 12 months, "
            "largest at the top, each labelled with its revenue and the cumulative share of total revenue.",
            f"横向柱状图：近12个月收入最大的 {len(top)} 个客户，最大的在上，每个标出收入和占总收入的累计比例。",
        ),
        reading=plot_top_customers_reading(top),
        grid="x",
    )


def plot_top_customers_reading(top: pd.DataFrame) -> str:
    """What :func:`plot_top_customers` shows: the largest customer's share and, when the frame
    has a ``tier``, how many of the largest are key accounts.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["Acme", "B", "C"], "revenue_12m": [50.0, 30.0, 20.0], "share": [0.25, 0.15, 0.1],
    ...                   "cumulative_share": [0.25, 0.4, 0.5], "tier": ["key", "ordinary", "key"]})
    >>> plot_top_customers_reading(t)
    'Acme is the largest customer with 25.0 % of revenue of the last 12 months; 2 of the 3 largest are key accounts.'
    >>> from kamtools.output import labels; labels.use("zh"); plot_top_customers_reading(t)
    'Acme是最大客户，占近12个月收入的 25.0 %；前 3 大客户中有 2 家是重点客户。'
    >>> labels.use("en")
    """
    if top.empty:
        return pick("No customer bought in the last 12 months.", "近12个月没有客户采购。")
    first = top.iloc[0]
    share = percent_text(first["share"] if "share" in top.columns else first["cumulative_share"])
    en = f"{first['name']} is the largest customer with {share} of revenue of the last 12 months"
    zh = f"{first['name']}是最大客户，占近12个月收入的 {share}"
    if "tier" in top.columns:
        key = int((top["tier"] == "key").sum())
        en += f"; {key} of the {len(top)} largest are key accounts"
        zh += f"；前 {len(top)} 大客户中有 {key} 家是重点客户"
    return pick(en + ".", zh + "。")


def plot_limit_usage(
    credit_row: pd.Series, *, title: str = "Credit limit usage", policy: Any = None, ax: Axes | None = None
) -> Axes:
    """Exposure against the approved and the recommended limit of one customer
    (the ``credit`` of :func:`kamtools.account_plan.account_profile`); exposure above the
    approved limit is red.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> row = pd.Series({"exposure": 120.0, "approved_limit": 100.0, "recommended_limit": 150.0})
    >>> ax = plot_limit_usage(row)
    >>> [float(b.get_width()) for b in ax.patches]
    [120.0, 100.0, 150.0]
    >>> plt.close(ax.figure)
    """
    use_cjk_font()
    unit = money_unit(policy)
    ax = new_axes(ax, figsize=(WIDE[0], 2.6))
    labels = ["exposure", "approved limit", "recommended limit"]
    values = [credit_row[k] for k in ("exposure", "approved_limit", "recommended_limit")]
    values = [float(v) if pd.notna(v) else 0.0 for v in values]
    over = values[0] > values[1]
    y = np.arange(3)[::-1]
    ax.barh(y, values, color=[RED if over else BLUE_MID, GREY, BLUE_LIGHT])
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    for yy, v in zip(y, values):
        ax.text(v, yy, f"  {unit.text(v)}", va="center", fontsize=8)
    ax.set_title(plot_text(title))
    money_axis(ax, "x", "amount", policy)
    ax.margins(x=0.25)
    return finish(
        ax,
        description="Horizontal bar chart of the customer's exposure against its approved and its recommended "
        "credit limit; exposure above the approved limit is red.",
        reading=plot_limit_usage_reading(credit_row, policy=policy),
        grid="x",
    )


def plot_limit_usage_reading(credit_row: pd.Series, *, policy: Any = None) -> str:
    """What :func:`plot_limit_usage` shows: exposure as a share of the approved limit.

    >>> import pandas as pd
    >>> plot_limit_usage_reading(pd.Series({"exposure": 120.0, "approved_limit": 100.0, "recommended_limit": 150.0}))
    'Exposure of CNY 120 is 120.0 % of the approved limit of CNY 100 (recommended: CNY 150).'
    >>> plot_limit_usage_reading(pd.Series({"exposure": 20.0, "approved_limit": 0.0, "recommended_limit": 0.0}))
    'Exposure of CNY 20 without an approved limit (recommended: CNY 0).'
    """
    unit = money_unit(policy)
    exposure, approved = credit_row["exposure"], credit_row["approved_limit"]
    recommended = f"(recommended: {unit.text(credit_row['recommended_limit'])})"
    if pd.isna(approved) or not approved > 0:
        return f"Exposure of {unit.text(exposure)} without an approved limit {recommended}."
    return (
        f"Exposure of {unit.text(exposure)} is {percent_text(exposure / approved)} of the approved limit of "
        f"{unit.text(approved)} {recommended}."
    )

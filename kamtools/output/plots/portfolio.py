"""Charts of the portfolio overview and the account plans (re-exported by :mod:`kamtools.plots`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ...text import plot_text
from ._base import new_axes, thousands, use_cjk_font

__all__ = ["plot_limit_usage", "plot_monthly", "plot_top_customers"]


def plot_monthly(
    monthly_frame: pd.DataFrame, *, title: str = "Revenue and margin per month", ax: Axes | None = None
) -> Axes:
    """Revenue (bars) and margin (line) per month, from :func:`monthly`.

    The title may hold a customer's name; Chinese renders through the CJK fallback font.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> m = pd.DataFrame({"revenue": [100.0, 120.0], "margin": [30.0, 20.0]}, index=["2026-09", "2026-10"])
    >>> ax = plot_monthly(m, title="华东精密机械有限公司")
    >>> ax.get_title(), [float(b.get_height()) for b in ax.patches]
    ('华东精密机械有限公司', [100.0, 120.0])
    >>> plt.close(ax.figure)
    """
    use_cjk_font()
    ax = new_axes(ax, figsize=(10, 4))
    x = np.arange(len(monthly_frame))
    ax.bar(x, monthly_frame["revenue"].to_numpy(dtype="float64"), color="#2e75b6", label="revenue")
    ax.plot(x, monthly_frame["margin"].to_numpy(dtype="float64"), color="#ed7d31", marker="o", label="margin")
    ax.set_xticks(x)
    ax.set_xticklabels([str(i) for i in monthly_frame.index], rotation=90)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_title(plot_text(title))
    ax.set_xlabel("month")
    ax.set_ylabel("amount")
    thousands(ax)
    ax.legend()
    return ax


def plot_top_customers(top: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
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
    ax = new_axes(ax, figsize=(9, max(2.5, 0.45 * len(top) + 1)))
    y = np.arange(len(top))[::-1]
    ax.barh(y, top["revenue_12m"].to_numpy(dtype="float64"), color="#1f4e79")
    ax.set_yticks(y)
    ax.set_yticklabels([plot_text(n) for n in top["name"]])
    for yy, v, cum in zip(y, top["revenue_12m"], top["cumulative_share"]):
        ax.text(float(v), yy, f"  {float(v):,.0f} (cum. {cum:.0%})", va="center", fontsize=8)
    ax.set_title(f"Top {len(top)} customers, revenue of the last 12 months")
    ax.set_xlabel("revenue")
    thousands(ax, "x")
    ax.margins(x=0.25)
    return ax


def plot_limit_usage(credit_row: pd.Series, *, title: str = "Credit limit usage", ax: Axes | None = None) -> Axes:
    """Exposure against the approved and the recommended limit of one customer
    (the ``credit`` of :func:`kamtools.account_plan.account_profile`).

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> row = pd.Series({"exposure": 120.0, "approved_limit": 100.0, "recommended_limit": 150.0})
    >>> ax = plot_limit_usage(row)
    >>> [float(b.get_width()) for b in ax.patches]
    [120.0, 100.0, 150.0]
    >>> plt.close(ax.figure)
    """
    use_cjk_font()
    ax = new_axes(ax, figsize=(8, 2.6))
    labels = ["exposure", "approved limit", "recommended limit"]
    values = [
        float(credit_row["exposure"]),
        float(credit_row["approved_limit"]),
        float(credit_row["recommended_limit"]),
    ]
    over = values[0] > values[1]
    colors = ["#c00000" if over else "#2e75b6", "#7f7f7f", "#70ad47"]
    y = np.arange(3)[::-1]
    ax.barh(y, values, color=colors)
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    for yy, v in zip(y, values):
        ax.text(v, yy, f"  {v:,.0f}", va="center", fontsize=8)
    ax.set_title(plot_text(title))
    ax.set_xlabel("amount")
    thousands(ax, "x")
    ax.margins(x=0.2)
    return ax

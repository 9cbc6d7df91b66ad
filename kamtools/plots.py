"""Charts of the workbook: one function per chart.

Each takes ``ax=None`` (a new figure is made only then), returns the Axes and
never calls ``plt.show()``. Chinese text renders when a CJK font is installed:
:func:`use_cjk_font` puts the first installed one behind the default font as a
per-glyph fallback.
"""
from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

#: CJK fonts tried in order; only installed ones are used.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "Source Han Sans SC", "SimHei", "Microsoft YaHei", "PingFang SC")


def cjk_font() -> str | None:
    """The first installed CJK font, or None when none is installed."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def use_cjk_font() -> str | None:
    """Make Chinese text render: add an installed CJK font as fallback behind DejaVu Sans.

    Returns the font used, or None (then Chinese characters cannot be drawn;
    install one with ``make fonts`` or ``apt-get install fonts-noto-cjk``).
    """
    font = cjk_font()
    if font:
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", font]
    return font


def thousands(ax: Axes, axis: str = "y") -> Axes:
    """Format an axis with thousands separators."""
    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def _axes(ax: Axes | None, figsize: tuple[float, float] = (9, 4)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def monthly_activity(monthly: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Invoiced and collected amounts per month (from :func:`kamtools.overview.monthly_activity`).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"invoiced": [100.0, 120.0], "collected": [90.0, 130.0]},
    ...                   index=pd.Index(["2026-09", "2026-10"], name="month"))
    >>> ax = monthly_activity(df)
    >>> ax.get_title()
    'Invoiced and collected per month'
    >>> plt.close(ax.figure)
    """
    ax = _axes(ax)
    x = range(len(monthly))
    ax.bar([i - 0.2 for i in x], monthly["invoiced"], width=0.4, label="invoiced")
    ax.bar([i + 0.2 for i in x], monthly["collected"], width=0.4, label="collected")
    ax.set_xticks(list(x))
    ax.set_xticklabels(monthly.index, rotation=90)
    ax.set_title("Invoiced and collected per month")
    ax.set_ylabel("amount")
    ax.set_xlabel("month")
    thousands(ax)
    ax.legend()
    return ax


use_cjk_font()

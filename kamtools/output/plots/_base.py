"""Shared plotting helpers: axes creation, thousands separators, CJK font fallback."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

#: CJK fonts tried in order; only installed ones are used.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)


def cjk_font() -> str | None:
    """The first installed CJK font, or None when none is installed."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((name for name in CJK_FONTS if name in installed), None)
    if found is None:
        # Fonts installed after matplotlib built its cache: register them now.
        for path in font_manager.findSystemFonts():
            if any(part in path for part in ("NotoSansCJK", "wqy-", "SourceHanSans")):
                font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
        found = next((name for name in CJK_FONTS if name in installed), None)
    return found


def use_cjk_font() -> str | None:
    """Make Chinese text render: add an installed CJK font as fallback behind DejaVu Sans.

    Returns the font used, or None (then Chinese characters cannot be drawn;
    install one with ``make fonts`` or ``apt-get install fonts-noto-cjk``).
    """
    font = cjk_font()
    if font:
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", font]
    else:
        # Without a CJK font every Chinese character of a chart would add a warning to the
        # report pages; the report run says once instead what to install.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
    return font


def thousands(ax: Axes, axis: str = "y") -> Axes:
    """Format the tick labels of ``axis`` (``"x"`` or ``"y"``) with thousands separators.

    >>> ax = thousands(new_axes(None))
    >>> ax.yaxis.get_major_formatter()(1234567.0, 0)
    '1,234,567'
    >>> plt.close(ax.figure)
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (9, 4)) -> Axes:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


use_cjk_font()

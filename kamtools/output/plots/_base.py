"""Shared plotting helpers: axes creation, thousands separators, CJK font fallback; loading
them sets the house style (:mod:`.style`)."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes

from ...text import num, plot_text
from ..labels import cell, language, pick
from .style import WIDE, TickText, apply_style

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


#: The warning of a character beyond the Basic Multilingual Plane (code 65536 on: an emoji) that no font has.
_NO_FONT_HAS = r"Glyph (?:6553[6-9]|655[4-9]\d|65[6-9]\d\d|6[6-9]\d{3}|[7-9]\d{4}|[1-9]\d{5,}) .*missing from font"


def use_cjk_font() -> str | None:
    """Make Chinese text render: add an installed CJK font as fallback behind DejaVu Sans.

    Returns the font used, or None (then Chinese characters cannot be drawn;
    install one with ``make fonts`` or ``apt-get install fonts-noto-cjk``).
    """
    font = cjk_font()
    if font:
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", font]
        # An emoji in a customer's name is in no chart font: it draws as a box, and its warning would
        # land in the report pages. A Chinese character the fonts lack still warns.
        warnings.filterwarnings("ignore", message=_NO_FONT_HAS, category=UserWarning)
    else:
        # Without a CJK font every Chinese character of a chart would add a warning to the
        # report pages; the report run says once instead what to install.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
    return font


def title_text(en: str, zh: str) -> str:
    """A chart's title, or a long label written on it, in the report's language
    (:mod:`kamtools.output.labels`); in both languages the Chinese above the English.

    >>> title_text("Revenue", "收入")
    'Revenue'
    """
    if language() == "both" and zh and zh != en:
        return f"{zh}\n{en}"
    return pick(en, zh)


def code_text(column: str, code: object) -> str:
    """A value code on a chart (a tick, a legend) as a table cell shows it
    (:func:`kamtools.output.labels.cell`): its English label with a capital, its Chinese label in
    Chinese, both in both languages; a code without labels as it is.

    >>> code_text("tier", "key")
    'Key account'
    """
    return str(cell(column, code))


def thousands(ax: Axes, axis: str = "y") -> Axes:
    """Format the tick labels of ``axis`` (``"x"`` or ``"y"``) with thousands separators (a
    tick that rounds to zero reads ``0``, never ``-0``).

    >>> ax = thousands(new_axes(None))
    >>> ax.yaxis.get_major_formatter()(1234567.0, 0), ax.yaxis.get_major_formatter()(-1e-9, 1)
    ('1,234,567', '0')
    >>> plt.close(ax.figure)
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(TickText())
    return ax


def new_axes(ax: Axes | None, figsize: tuple[float, float] = WIDE) -> Axes:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def annotated_grid(ax: Axes, grid: pd.DataFrame, cmap: str = "Blues", what: str = "accounts") -> None:
    """``grid`` as a heat map with each cell's count written in it and a colour bar of ``what``."""
    values = grid.to_numpy(dtype="float64")
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(grid.shape[1]))
    ax.set_xticklabels([plot_text(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]))
    ax.set_yticklabels([plot_text(i) for i in grid.index])
    top = np.nanmax(values) if values.size and np.isfinite(values).any() else 0
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = values[i, j]
            color = "white" if top and v > top * 0.6 else "black"
            ax.text(j, i, f"{num(v):,.0f}", ha="center", va="center", color=color, fontsize=9)
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label=what)


apply_style()
use_cjk_font()

"""The house style of every chart: sizes, colours, grid, spines, fonts, tick labels, resolution
and the description a chart carries as its image's alt text.

Every chart of :mod:`kamtools.plots` ends with :func:`finish`, which lays the style over its
Axes whatever the user's matplotlib defaults, and labels its axes with :func:`money_axis`,
:func:`percent_axis` or :func:`count_axis`, so that

* money axes have thousands separators and the policy's currency and unit in their label
  (``revenue (万元)``, :mod:`kamtools.output.currency`);
* percent axes read as percentages (``80 %``), counts as whole numbers;
* no tick reads ``-0`` (a tick that rounds to zero reads ``0``);
* red, amber and green mean the same on every chart (:data:`STATUS`): bad, to watch, good;
* in a notebook a chart shows as a PNG of :data:`IMAGE_DPI` dots per inch at the size of
  :data:`FIGURE_DPI` (sharp on screen and in print), with its description as alt text
  (the report's HTML pages carry it into the ``<img alt>``).

>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> money_axis(ax, "y", "revenue", {"report": {"money_unit": 10000}})
>>> ax.get_ylabel(), ax.yaxis.get_major_formatter()(-0.0, 0), ax.yaxis.get_major_formatter()(12_500_000, 1)
('revenue (10 thousand CNY)', '0', '1,250')
>>> plt.close(fig)
"""

from __future__ import annotations

import base64
import io
import math
import struct
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler
from IPython import get_ipython
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator
from matplotlib.transforms import Affine2D, Bbox
from PIL import Image

from ...text import number
from ..currency import money_unit
from ..formats import number_text
from ..tables import note

# --------------------------------------------------------------------------- colours
#: The main series, and lighter shades of it for the second and third.
BLUE = "#1f4e79"
BLUE_MID = "#2e75b6"
BLUE_LIGHT = "#9dc3e6"
#: A rate, a reference line or a second kind of thing on the same chart.
ORANGE = "#ed7d31"
GREY = "#a5a5a5"
#: Good, to watch, bad, unknown: the same meaning on every chart.
GREEN = "#2e7d32"
AMBER = "#f9a825"
RED = "#c62828"
MISSING = "#9e9e9e"
STATUS = {"ok": GREEN, "watch": AMBER, "weak": RED, "missing": MISSING}
#: Series in order (the colour cycle of every Axes).
SERIES = (BLUE_MID, ORANGE, BLUE, GREY, BLUE_LIGHT, GREEN)
#: Aging buckets from not yet due to the oldest: green, through amber, to dark red.
AGING = (GREEN, "#8bc34a", AMBER, "#f08a4b", RED, "#8e0000", "#4a0000")
TIERS = {"key": BLUE, "ordinary": BLUE_MID, "prospect": BLUE_LIGHT, "unattractive": GREY}
STAGES = {"breakthrough": BLUE_LIGHT, "growth": GREEN, "harvest": BLUE, "defense": ORANGE, "hibernation": GREY}
QUADRANTS = {"strategic": BLUE, "maintain": GREEN, "develop": ORANGE, "minimal": GREY}

# --------------------------------------------------------------------------- sizes and fonts
#: Dots per inch the layout is made at (what a figure's size in inches shows as on screen).
FIGURE_DPI = 100
#: Dots per inch of the images a notebook and the report pages show (twice the screen's: sharp
#: on high-resolution screens and in print).
IMAGE_DPI = 200
#: Figure sizes in inches: full width (most charts), a square-ish panel, a grid.
WIDE = (10.0, 4.2)
PANEL = (8.0, 4.8)
GRID = (8.0, 5.2)
TITLE_SIZE = 12
LABEL_SIZE = 10
TICK_SIZE = 9
GRID_COLOR = "#d9d9d9"

#: The matplotlib defaults of the house style (set by :func:`apply_style` when the charts load).
RC: dict[str, Any] = {
    "figure.dpi": FIGURE_DPI,
    "figure.figsize": WIDE,
    "figure.facecolor": "white",
    "savefig.dpi": IMAGE_DPI,
    "savefig.bbox": "tight",
    "savefig.facecolor": "white",
    "axes.prop_cycle": cycler(color=list(SERIES)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#595959",
    "axes.titlesize": TITLE_SIZE,
    "axes.titleweight": "bold",
    "axes.titlepad": 10.0,
    "axes.labelsize": LABEL_SIZE,
    "axes.labelcolor": "#262626",
    "axes.axisbelow": True,
    "axes.formatter.useoffset": False,
    "xtick.labelsize": TICK_SIZE,
    "ytick.labelsize": TICK_SIZE,
    "grid.color": GRID_COLOR,
    "grid.linewidth": 0.6,
    "legend.fontsize": TICK_SIZE,
    "legend.frameon": False,
}


def apply_style() -> None:
    """Set the house style's matplotlib defaults (:data:`RC`)."""
    matplotlib.rcParams.update(RC)


# --------------------------------------------------------------------------- tick labels
class TickText(Formatter):
    """Tick labels with thousands separators, divided by ``scale``, as percentages when
    ``percent`` (of 1 after the scale), never ``-0``: decimals only as many as the ticks'
    spacing needs.

    >>> f = TickText(percent=True)
    >>> f.set_locs([0.0, 0.05, 0.1]); [f(v) for v in (-0.0, 0.05, 0.1)]
    ['0 %', '5 %', '10 %']
    >>> f = TickText(scale=10000)
    >>> f.set_locs([0, 5000, 10000]); [f(v) for v in (-0.0, 5000, 10000)]
    ['0.0', '0.5', '1.0']
    """

    def __init__(self, *, scale: float = 1.0, percent: bool = False) -> None:
        self.scale = float(scale)
        self.percent = percent
        self.ticks: list[float] = []

    def set_locs(self, locs) -> None:
        self.ticks = [float(v) for v in locs]

    def _decimals(self) -> int:
        locs = sorted({v / self.scale * (100 if self.percent else 1) for v in self.ticks})
        steps = [b - a for a, b in zip(locs, locs[1:]) if b - a > 1e-12]
        step = min(steps) if steps else 1.0
        return 0 if step >= 0.999 else min(3, math.ceil(-math.log10(step) - 1e-9))

    def __call__(self, x: float, pos: int | None = None) -> str:
        value = x / self.scale
        if self.percent:
            return number(value * 100, f",.{self._decimals()}f") + " %"
        return number(value, f",.{self._decimals()}f")


def money_axis(ax: Axes, axis: str, what: str, policy: Any = None) -> None:
    """``axis`` (``"x"`` or ``"y"``) of ``ax`` shows money: ``what`` labelled with the policy's
    currency unit (``revenue (元)``), ticks in that unit with thousands separators."""
    unit = money_unit(policy)
    _axis(ax, axis).set_major_formatter(TickText(scale=unit.factor))
    _label(ax, axis, unit.axis_label(what))


def percent_axis(ax: Axes, axis: str, what: str, *, scale: float = 1.0) -> None:
    """``axis`` of ``ax`` shows shares (of ``scale``: 1 for fractions, 100 for per cent values)
    as percentages, labelled ``what``."""
    _axis(ax, axis).set_major_formatter(TickText(scale=scale, percent=True))
    _label(ax, axis, what)


def count_axis(ax: Axes, axis: str, what: str) -> None:
    """``axis`` of ``ax`` shows counts: whole-number ticks with thousands separators, labelled ``what``."""
    _axis(ax, axis).set_major_locator(MaxNLocator(integer=True))
    _axis(ax, axis).set_major_formatter(TickText())
    _label(ax, axis, what)


def number_axis(ax: Axes, axis: str, what: str) -> None:
    """``axis`` of ``ax`` shows plain numbers (days, ratios): thousands separators, no ``-0``."""
    _axis(ax, axis).set_major_formatter(TickText())
    _label(ax, axis, what)


def _axis(ax: Axes, axis: str):
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    return ax.yaxis if axis == "y" else ax.xaxis


def _label(ax: Axes, axis: str, text: str) -> None:
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(text)


def percent_text(value: Any, decimals: int = 1) -> str:
    """A share of 1 as the sentence under a chart reads it, as the report tables show it: ``18.0 %``."""
    return number_text(value, "share", decimals)


# --------------------------------------------------------------------------- finishing a chart
def capital(text: str) -> str:
    """A chart's label as a label reads: its English part starting with a capital letter (the
    English alone, or after the Chinese in both languages); Chinese, numbers and a label that
    starts with a capital already as they are.

    >>> capital("share of customers"), capital("客户占比 share of customers"), capital("客户占比"), capital("CEI")
    ('Share of customers', '客户占比 Share of customers', '客户占比', 'CEI')
    >>> capital("1-30 days"), capital("逾期 1-30 days"), capital("近12个月收入 revenue (元)")
    ('1-30 days', '逾期 1-30 days', '近12个月收入 Revenue (元)')
    """
    first = next((i for i, ch in enumerate(text) if ch.isascii() and ch.isalpha()), None)
    if first is None or not text[first].islower():
        return text
    before = text[:first]
    # at the start, or the English after the Chinese ("客户占比 share ..."); not "1-30 days", "(none)"
    if before == "" or (before.endswith(" ") and before.rstrip() and _is_chinese(before.rstrip()[-1])):
        return before + text[first].upper() + text[first + 1 :]
    return text


def _is_chinese(ch: str) -> bool:
    """A Chinese character or a full-width punctuation mark."""
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _capital_labels(ax: Axes) -> None:
    """The axis labels, the legend's title and entries of ``ax`` as :func:`capital` writes them."""
    ax.set_xlabel(capital(ax.get_xlabel()))
    ax.set_ylabel(capital(ax.get_ylabel()))
    legend = ax.get_legend()
    if legend is not None:
        for t in [legend.get_title(), *legend.get_texts()]:
            t.set_text(capital(t.get_text()))


def finish(ax: Axes, *, description: str, reading: str = "", grid: str | None = "y") -> Axes:
    """Lay the house style over ``ax`` (and its twin, ``ax.right_ax``) and attach what the chart shows.

    ``description`` says what is drawn (the kind of chart, its axes and series), ``reading``
    what it says about the data (the sentence the report prints under it); together they are
    the image's alt text (:func:`description_of`). ``grid`` is the axis whose values get grid
    lines (``"y"``, ``"x"``, ``"both"`` or None).
    """
    right = getattr(ax, "right_ax", None)
    for each in [ax] if right is None else [ax, right]:
        each.title.set_fontsize(TITLE_SIZE)
        each.title.set_fontweight("bold")
        each.xaxis.label.set_fontsize(LABEL_SIZE)
        each.yaxis.label.set_fontsize(LABEL_SIZE)
        each.tick_params(labelsize=TICK_SIZE)
        each.spines["top"].set_visible(False)
        each.spines["right"].set_visible(each is not ax)
        if each is not ax:
            each.spines["left"].set_visible(False)
    for each in ax.figure.axes:  # a colour bar's label too
        _capital_labels(each)
    ax.grid(False)
    if grid is not None:
        ax.grid(True, axis=grid, color=GRID_COLOR, linewidth=0.6)
        ax.set_axisbelow(True)
    ax.kam_description = " ".join(t.strip() for t in (description, reading) if t and t.strip())
    show_in_notebooks()
    return ax


def description_of(fig: Figure) -> str:
    """What the charts of ``fig`` show, as :func:`finish` recorded them ("" when none did)."""
    texts = [getattr(a, "kam_description", "") for a in fig.axes]
    return " ".join(t for t in texts if t)


# --------------------------------------------------------------------------- images
def tight_box(fig: Figure) -> Bbox:
    """What ``savefig(bbox_inches="tight")`` keeps of ``fig`` at :data:`IMAGE_DPI`: its artists' box
    and the pad around it, in inches. Found from the artists' extents alone, without the draw
    savefig makes first to find it (the same box: the images are the same byte for byte)."""
    shown = fig.dpi
    fig.dpi = IMAGE_DPI  # text extents as the image draws them
    try:
        box = fig.get_tightbbox(fig.canvas.get_renderer())
    finally:
        fig.dpi = shown
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return box.padded(pad, pad)


def _rendered(fig: Figure) -> Image.Image:
    """``fig`` drawn once at :data:`IMAGE_DPI`, cut to :func:`tight_box`, as an RGB image (a figure
    with a layout engine: as savefig lays it out)."""
    buf = io.BytesIO()
    if fig.get_layout_engine() is not None:
        fig.savefig(buf, format="tiff", dpi=IMAGE_DPI, bbox_inches="tight", facecolor=fig.get_facecolor())
        return Image.open(buf).convert("RGB")
    box = tight_box(fig)
    fig.savefig(buf, format="raw", dpi=IMAGE_DPI, bbox_inches=box, facecolor=fig.get_facecolor())
    # the canvas savefig draws on: the box's size in pixels, as the Agg renderer truncates it
    width, height = (int(v) for v in Affine2D().scale(IMAGE_DPI).transform_point((box.width, box.height)))
    if width * height * 4 != buf.getbuffer().nbytes:  # another size after all: read the image back
        buf = io.BytesIO()
        fig.savefig(buf, format="tiff", dpi=IMAGE_DPI, bbox_inches=box, facecolor=fig.get_facecolor())
        return Image.open(buf).convert("RGB")
    return Image.frombuffer("RGBA", (width, height), buf.getbuffer(), "raw", "RGBA", 0, 1).convert("RGB")


def png_bytes(fig: Figure) -> bytes:
    """``fig`` as a PNG of :data:`IMAGE_DPI` dots per inch, cut as ``savefig(bbox_inches="tight")``
    cuts it (drawn once, :func:`_rendered`), its colours reduced to a palette of
    256 (charts have few colours: the image is a third of the full-colour one, the same to the eye).
    The palette is found by the fast octree method and the image compressed at zlib's default
    level: half the time of a median cut and the highest level, for a file of about the same size
    and no visible difference (no colour further than 16 of 255 from the full-colour image)."""
    image = _rendered(fig).quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6, dpi=(IMAGE_DPI, IMAGE_DPI))
    return out.getvalue()


def figure_png(fig: Figure) -> tuple[str, dict] | None:
    """``fig`` as a notebook shows it: a base64 PNG of :func:`png_bytes`, and its display
    metadata (width and height at :data:`FIGURE_DPI`, ``alt``: :func:`description_of`).
    None for a figure without axes (nothing to show)."""
    if not fig.axes:
        return None
    data = png_bytes(fig)
    width, height = struct.unpack(">II", data[16:24])  # the PNG header's image size
    metadata: dict[str, Any] = {
        "width": round(width * FIGURE_DPI / IMAGE_DPI),
        "height": round(height * FIGURE_DPI / IMAGE_DPI),
    }
    alt = description_of(fig)
    if alt:
        metadata["alt"] = alt
    return base64.b64encode(data).decode("ascii"), metadata


def show_in_notebooks(*, always: bool = False) -> None:
    """In a running IPython (a notebook's kernel) that shows figures as PNG (or ``always``),
    show them as :func:`figure_png` makes them; elsewhere nothing."""
    shell = get_ipython()
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    if not always:
        try:
            png.lookup_by_type(Figure)
        except KeyError:  # PNG is not among the figure formats the user chose
            return
    png.for_type(Figure, figure_png)


def show(ax: Axes, reading: str = "") -> None:
    """In a notebook, show the chart of ``ax`` now and ``reading`` as the sentence under it
    (:func:`kamtools.output.tables.note`), and close its figure: a report page's chart cell
    shows the chart, its reading, then what the cell shows last. Outside a notebook nothing
    happens.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> show(ax, "Nothing to read.")  # no notebook here: nothing shown, the figure stays open
    >>> plt.fignum_exists(fig.number)
    True
    >>> plt.close(fig)
    """
    if get_ipython() is None:
        return
    show_in_notebooks(always=True)
    display(ax.figure)
    plt.close(ax.figure)
    if reading:
        display(note(reading))

"""Tables for reports: money with thousands separators, shares as percentages, text left-aligned.

Report notebooks end a section with ``tables.style(frame)`` instead of the bare
frame, so that the HTML a manager reads shows ``1,345,161`` and ``65.0 %``
rather than ``1.345161e+08`` and ``0.650``, and long texts (strategies,
actions) are neither right-aligned nor cut off. The frame itself is not changed.
How each column looks comes from the format registry, :mod:`kamtools.output.formats`.

>>> import pandas as pd
>>> frame = pd.DataFrame({"name": ["华东精密机械有限公司"], "revenue": [1234567.891], "revenue_share": [0.6512],
...                       "accounts": [12]})
>>> kinds(frame)
{'name': 'text', 'revenue': 'money', 'revenue_share': 'share', 'accounts': 'count'}
>>> html = style(frame).to_html()
>>> "1,234,568" in html and "65.1 %" in html
True
"""

from __future__ import annotations

import datetime as dt
import html as _html
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .formats import COUNT_PATTERN, RATIO_PATTERN, SHARE_PATTERN, decimals_of, kind_of, number_text

__all__ = ["COUNT_PATTERN", "RATIO_PATTERN", "SHARE_PATTERN", "kinds", "note", "style", "values"]


def kinds(frame: pd.DataFrame) -> dict[str, str]:
    """How each column is shown: a number kind of :mod:`kamtools.output.formats` (``money``,
    ``share``, ``ratio``, ``count``, ``score``, ``days`` ...), ``date``, ``text`` or ``other``.

    The dtype says whether a column is a number, a date or text; the format registry says
    which kind of number (a column it does not know: the guess by name).
    """
    out: dict[str, str] = {}
    for col in frame.columns:
        dtype = frame[col].dtype
        if pd.api.types.is_bool_dtype(dtype):
            out[str(col)] = "other"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            out[str(col)] = "date"
        elif pd.api.types.is_numeric_dtype(dtype):
            out[str(col)] = kind_of(col, integer=pd.api.types.is_integer_dtype(dtype))
        elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            out[str(col)] = "text"
        else:
            out[str(col)] = "other"
    return out


def _date_text(v) -> str:
    return v.strftime("%Y-%m-%d") if not pd.isna(v) else ""


def _cell_text(v) -> str:
    return _html.escape(str(v)) if v is not None and not (isinstance(v, float) and pd.isna(v)) else ""


def _formatter(column, kind: str, decimals: int):
    """The function that shows one cell of ``column`` as ``kind`` (None: the Styler's default)."""
    if kind == "date":
        return _date_text
    if kind == "text":
        return _cell_text
    if kind == "money":
        return lambda v: number_text(v, "money", decimals)
    if kind == "other":
        return None
    places = decimals_of(column, kind)
    return lambda v: number_text(v, kind, places)


def style(
    frame: pd.DataFrame,
    *,
    money: Iterable[str] = (),
    share: Iterable[str] = (),
    ratio: Iterable[str] = (),
    count: Iterable[str] = (),
    decimals: int = 0,
    caption: str | None = None,
):
    """A styled view of ``frame`` for reports; each column shown by its kind (:func:`kinds`).

    Parameters
    ----------
    frame : DataFrame
        The table; not modified.
    money, share, ratio, count : column names
        Override the kind of these columns.
    decimals : int
        Decimals for money (default 0: reports show whole currency units).
    caption : str, optional
        A caption above the table.

    Returns
    -------
    pandas.io.formats.style.Styler
        Displays as an HTML table in notebooks and in the exported report.
    """
    guessed = kinds(frame)
    for names, kind in ((money, "money"), (share, "share"), (ratio, "ratio"), (count, "count")):
        for name in names:
            if name not in guessed:
                raise KeyError(f"column {name!r} is not in the table (columns: {', '.join(guessed)})")
            guessed[name] = kind
    formats = {}
    for col in frame.columns:
        shown = _formatter(col, guessed[str(col)], decimals)
        if shown is not None:
            formats[col] = shown
    styler = frame.style.format(formats, na_rep="–")
    # Escape the index too: customer names and ids come from the user's data.
    styler = styler.format_index(lambda v: _html.escape(str(v)), axis=0)
    text_cols = [c for c in frame.columns if guessed[str(c)] == "text"]
    if text_cols:
        styler = styler.set_properties(subset=text_cols, **{"text-align": "left", "white-space": "normal"})
    styler = styler.set_table_styles(
        [
            {"selector": "th", "props": [("text-align", "right"), ("padding", "2px 8px")]},
            {"selector": "td", "props": [("padding", "2px 8px")]},
        ],
        overwrite=False,
    )
    if caption:
        styler = styler.set_caption(_html.escape(caption))
    return styler


def _value_text(name: str, value) -> str:
    """One value of a mixed list, formatted by its name and type (see :func:`values`)."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float, np.integer, np.floating)):
        kind = kind_of(name, integer=isinstance(value, (int, np.integer)))
        return number_text(float(value) if kind == "share" else value, kind, decimals_of(name, kind))
    return str(value)


def values(series: pd.Series, *, caption: str | None = None):
    """A styled view of a list of mixed values (a profile, key figures): each row formatted by
    its label and type — money with thousands separators, shares as percentages, ratios with
    two decimals, counts as whole numbers, dates as ISO dates, text as typed (escaped).

    >>> s = pd.Series({"name": "<b>华东</b>", "revenue_12m": 1234567.8, "overdue_share": 0.234,
    ...                "overdue_customers": 12.0, "quick_ratio": 1.2345, "assessed_on": pd.Timestamp("2026-03-31")})
    >>> html = values(s).to_html()
    >>> all(t in html for t in ("&lt;b&gt;华东&lt;/b&gt;", "1,234,568", "23.4 %", ">12<", "1.23", "2026-03-31"))
    True
    """
    column = series.name if series.name is not None else "value"
    shown = pd.DataFrame({column: [_value_text(str(k), v) for k, v in series.items()]}, index=series.index.astype(str))
    styler = style(shown, caption=caption)
    return styler.set_properties(subset=[column], **{"text-align": "right"})


def note(text: str):
    """Show a sentence of interpretation as Markdown (readable in the HTML report, not monospace).

    Returns the displayable object; in a notebook the last expression of a cell is shown.
    Characters that mean something in Markdown or HTML (``<``, ``*``, ``_``, …) in data
    values show literally.
    """
    return Markdown(_escape_md(text))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")


def _escape_md(text: str) -> str:
    """Escape Markdown and HTML so that customer names appear as typed.

    >>> print(_escape_md("<b>A*B_C</b> & D"))
    &lt;b&gt;A\\*B\\_C&lt;/b&gt; &amp; D
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)

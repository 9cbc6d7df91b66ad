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
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown

from ..text import MISSING, html_text, is_missing, markdown_text
from .computed_columns import WHY_MISSING
from .currency import unit_word
from .excel import SHEET_NAME_MAX, write_workbook
from .formats import COUNT_PATTERN, RATIO_PATTERN, SHARE_PATTERN, columns_of, decimals_of, kind_of, number_text
from .labels import cell as label_of
from .labels import column as column_label
from .labels import currency, header, language, money_column, pick

__all__ = ["COUNT_PATTERN", "RATIO_PATTERN", "SHARE_PATTERN", "kinds", "note", "style", "top", "values"]


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
    return MISSING if is_missing(v) else html_text(v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else v)


def _cell_text(v) -> str:
    """A cell of text (or of any other kind): escaped, missing as :data:`~kamtools.text.MISSING`."""
    return MISSING if is_missing(v) else html_text(v)


def _formatter(column, kind: str, decimals: int):
    """The function that shows one cell of ``column`` as ``kind``: every cell goes through one,
    so no value from the data reaches the page unescaped, and a code reads as its label."""
    if kind == "date":
        return _date_text
    if kind in ("text", "other"):
        return lambda v: _cell_text(label_of(column, v))
    if kind == "money":
        return lambda v: number_text(v, "money", decimals)
    places = decimals_of(column, kind)
    return lambda v: number_text(v, kind, places)


def _label_text(v) -> str:
    if isinstance(v, pd.Timestamp) and v == v.normalize():  # a day reads as its date, not as midnight
        return v.strftime("%Y-%m-%d")
    return MISSING if is_missing(v) else html_text(v)


def _escaped_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (not copied) with its index and column names labelled and escaped: the Styler
    shows them as they are (a label such as a customer id as the name of a profile is data)."""
    shown = frame.copy(deep=False)
    shown.index = frame.index.set_names([None if n is None else html_text(column_label(n)) for n in frame.index.names])
    shown.columns = frame.columns.set_names(
        [None if n is None else html_text(column_label(n)) for n in frame.columns.names]
    )
    return shown


def _labelled_axes(styler, frame: pd.DataFrame, money: frozenset = frozenset()):
    """Row and column labels as a reader reads them (:func:`kamtools.output.labels.header`), escaped;
    the headers of the ``money`` columns with their currency (:func:`kamtools.output.labels.money_column`)."""
    for axis, labels in ((0, frame.index), (1, frame.columns)):
        for level, name in enumerate(labels.names):
            styler = styler.format_index(
                lambda v, n=name, a=axis: _label_text(money_column(v) if a == 1 and v in money else header(n, v)),
                axis=axis,
                level=level,
            )
    return styler


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
        The table; not modified. A column that says why a value is missing is left out when no row has
        a reason.
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
    frame = _without_idle_reasons(frame)
    guessed = kinds(frame)
    for names, kind in ((money, "money"), (share, "share"), (ratio, "ratio"), (count, "count")):
        for name in names:
            if name not in guessed:
                raise KeyError(f"column {name!r} is not in the table (columns: {', '.join(guessed)})")
            guessed[name] = kind
    formats = {col: _formatter(col, guessed[str(col)], decimals) for col in frame.columns}
    # Cells, labels of both axes, their names and the caption come from the user's data
    # (customer names and ids, regions, account managers): all of them are escaped.
    styler = _escaped_names(frame).style.format(formats, na_rep=MISSING)
    flat = frame.columns.nlevels == 1 and frame.columns.name is None
    money_cols = (
        frozenset(str(c) for c in frame.columns if flat and guessed[str(c)] == "money") if flat else frozenset()
    )
    styler = _labelled_axes(styler, frame, money_cols)
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
        styler = styler.set_caption(html_text(caption))
    return styler


def _without_idle_reasons(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its columns that say why a value is missing (:data:`WHY_MISSING`) when no row
    has a reason: a column of dashes tells a reader nothing.

    >>> f = pd.DataFrame({"achievement": [1.1, 0.7], "achievement_reason": [None, ""], "share_reason": ["no target", None]})
    >>> list(_without_idle_reasons(f).columns)
    ['achievement', 'share_reason']
    """
    if frame.columns.nlevels != 1:
        return frame
    idle = [
        c
        for c in frame.columns
        if c in WHY_MISSING and (frame[c].isna() | frame[c].astype("str").str.strip().eq("")).all()
    ]
    return frame.drop(columns=idle) if idle else frame


def _value_text(name: str, value) -> str:  # noqa: PLR0911 - one branch per type
    """One value of a mixed list, formatted by its name and type (see :func:`values`)."""
    if is_missing(value):
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return str(label_of(name, value))
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float, np.integer, np.floating)):
        kind = kind_of(name, integer=isinstance(value, (int, np.integer)))
        text = number_text(float(value) if kind == "share" else value, kind, decimals_of(name, kind))
        return f"{text} {unit_word(currency())}" if kind == "money" else text
    return str(label_of(name, value))  # a code reads as its label, by the row's name


def values(series: pd.Series, *, caption: str | None = None):
    """A styled view of a list of mixed values (a profile, key figures): each row formatted by
    its label and type — money with thousands separators and the currency, shares as percentages, ratios with
    two decimals, counts as whole numbers, dates as ISO dates, a code as its label (by the row's
    name: ``action`` ``collect`` reads "collect first", 先收款), other text as typed (escaped).

    >>> s = pd.Series({"name": "<b>华东</b>", "revenue_12m": 1234567.8, "overdue_share": 0.234,
    ...                "overdue_customers": 12.0, "quick_ratio": 1.2345, "assessed_on": pd.Timestamp("2026-03-31")})
    >>> html = values(s).to_html()
    >>> all(t in html for t in ("&lt;b&gt;华东&lt;/b&gt;", "1,234,568 CNY", "23.4 %", ">12<", "1.23", "2026-03-31"))
    True
    """
    column = series.name if series.name is not None else "value"
    shown = pd.DataFrame({column: [_value_text(str(k), v) for k, v in series.items()]}, index=series.index.astype(str))
    styler = style(shown, caption=caption)
    return styler.set_properties(subset=[column], **{"text-align": "right"})


#: A file a sentence names (a workbook, a document), after :func:`markdown_text` escaped it: a path
#: relative to the page, of ASCII letters, digits, ``_ - . /`` (Chinese around it is no part of it).
_FILE = re.compile(r"(?<![A-Za-z0-9_./\\-])((?:[A-Za-z0-9.\-/]|\\_)+\.(?:xlsx|docx|pdf|csv|zip))(?![A-Za-z0-9])")


def _file_link(m: re.Match) -> str:
    path = m.group(1).replace("\\_", "_")
    return f"[{m.group(1).rsplit('/', 1)[-1]}]({quote(path)})"


def note(text: str, zh: str = ""):
    """Show a sentence of interpretation as Markdown (readable in the HTML report, not monospace),
    in the report's language: ``text`` is the English, ``zh`` the Chinese
    (:func:`kamtools.output.labels.pick`; without ``zh`` the English shows in every language).

    Every file the sentence names (``credit_holds_2026-10.xlsx``, or a path relative to the page such
    as ``credit_forms/register.xlsx``) is a link to it, shown by its name.

    Returns the displayable object; in a notebook the last expression of a cell is shown.
    Characters that mean something in Markdown or HTML (``<``, ``*``, ``_``, …) in data
    values show literally.

    >>> print(note("316 held: the list is in credit_holds_2026-10.xlsx.").data)
    316 held: the list is in [credit\\_holds\\_2026-10.xlsx](credit_holds_2026-10.xlsx).
    """
    return Markdown(_FILE.sub(_file_link, markdown_text(pick(text, zh) if zh else text)))


def top(
    frame: pd.DataFrame,
    by: str,
    n: int = 20,
    *,
    names: pd.Series | None = None,
    excel: str | Path | None = None,
    what: str = "",
    what_zh: str = "",
    sheet: tuple[str, str] | None = None,
    also: Mapping[tuple[str, str], pd.DataFrame] | None = None,
    unit_zh: str | None = None,
    keep: Iterable[str] = (),
):
    """A priority, not a list: the ``n`` rows of ``frame`` with the most ``by`` (money at risk,
    largest first) shown, the customer's name beside its id, and the whole list, in the same
    order, written to the workbook ``excel`` (headers and codes in the report's language) and
    linked under the table; ``also`` adds sheets to that workbook (by their English and Chinese
    names, e.g. the legal cases beside the aging), and has it written whatever the rows left out.

    ``names`` (customer id -> name) adds a ``name`` column when ``frame`` is indexed by
    customer and has none; ``what`` (and ``what_zh``) names the rows in the line under the table
    ("customers to re-review") and, unless ``sheet`` (English, Chinese) gives a shorter label, the
    workbook's sheet: a sheet name longer than Excel's 31 characters is refused, not cut; ``unit_zh``
    the Chinese counting word of the rows (default 家 for customers, else 项); ``keep``: rows (by
    index) shown whatever their rank, in their rank among the others (those a decision of the index
    names). Returns the displayable table and line.

    >>> f = pd.DataFrame({"exposure": [5.0, 9.0, 7.0]}, index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    >>> html = top(f, "exposure", 2, names=pd.Series({"C1": "A", "C2": "<b>", "C3": "C"}), what="customers").data
    >>> html.index("C2") < html.index("C3"), "C1" in html, "&lt;b&gt;" in html, "Top 2 of 3 customers" in html
    (True, False, True, True)
    >>> html = top(f, "exposure", 1, keep=["C1"], what="customers").data
    >>> "C1" in html, "C3" in html, "Top 1 of 3 customers, by exposure, and 1 more named on the index" in html
    (True, False, True)
    """
    ranked = frame.sort_values(by, ascending=False, kind="stable")
    if names is not None and "name" not in ranked.columns and ranked.index.name == "customer_id":
        ranked = ranked.join(names.rename("name")).pipe(lambda t: t[["name", *frame.columns]])
    shown = min(n, len(ranked))
    unit = unit_zh or ("家" if "customer_id" in (ranked.index.name, *ranked.columns) else "项")  # customers: 家
    line = (
        f"Top {shown:,} of {len(ranked):,} {what or 'rows'}, by {column_label(by, 'en').lower()}",
        f"{what_zh or '全部'}共{len(ranked):,}{unit}，按{column_label(by, 'zh')}从高到低列出前{shown:,}{unit}",
    )
    kept = set(map(str, keep))
    extra = [i for i in ranked.index[shown:] if str(i) in kept]
    if extra:  # the rows the index names, though below the top
        line = (
            f"{line[0]}, and {len(extra):,} more named on the index",
            f"{line[1]}，另列出首页点名的{len(extra):,}{unit}",
        )
    rows = ranked.index[:shown].append(pd.Index(extra)) if extra else None
    return _shown(ranked, n, line, excel, sheet or (what, what_zh), also, rows=rows)


def first(
    frame: pd.DataFrame,
    n: int = 20,
    *,
    keep: pd.Series | None = None,
    excel: str | Path | None = None,
    what: str = "",
    what_zh: str = "",
    unit_zh: str = "项",
    sheet: tuple[str, str] | None = None,
):
    """The first rows of ``frame`` in its own order: ``n`` of them, and every row of ``keep``
    (a boolean Series on the index: rows always shown, whatever ``n``; they come first), the line
    over the table saying how many of how many are shown (``unit_zh``: the Chinese counting word,
    家 for customers) and linking the whole list, written to the workbook ``excel`` when rows are
    left out (its sheet named as :func:`top` names it).

    >>> f = pd.DataFrame({"x": [1, 2, 3, 4]}, index=pd.Index(["a", "b", "c", "d"], name="id"))
    >>> html = first(f, 1, keep=pd.Series([False, True, True, False], index=f.index), what="rows").data
    >>> "2 of 4 rows shown" in html, html.index(">b<") < html.index(">c<"), ">a<" in html
    (True, True, False)
    """
    if keep is not None:
        keep = keep.reindex(frame.index).fillna(False).astype(bool)
        frame = pd.concat([frame[keep], frame[~keep]])
    shown = max(min(n, len(frame)), int(keep.sum()) if keep is not None else 0)
    line = (
        f"{shown:,} of {len(frame):,} {what or 'rows'} shown",
        f"{what_zh or '全部'}共{len(frame):,}{unit_zh}，列出{shown:,}{unit_zh}",
    )
    return _shown(frame, shown, line, excel, sheet or (what, what_zh))


def _sheet_title(en: str, zh: str, workbook: str) -> str:
    """A workbook sheet's name in the report's language (the English with a capital): in both languages the
    Chinese then the English when they fit Excel's 31 characters together, else the Chinese alone (the report
    reads Chinese first).
    A label longer than 31 characters in either language is refused, whatever the language of the run.

    >>> _sheet_title("customers losing money after cost to serve", "亏损客户", "unused.xlsx")
    Traceback (most recent call last):
    ValueError: sheet name 'customers losing money after cost to serve' of unused.xlsx is longer than Excel's 31 characters: give it a short label (sheet=)
    """
    for label in (en, zh):
        if len(label) > SHEET_NAME_MAX:
            raise ValueError(
                f"sheet name {label!r} of {workbook} is longer than Excel's {SHEET_NAME_MAX} characters: give it a "
                "short label (sheet=)"
            )
    title = pick(en[:1].upper() + en[1:], zh)  # a sheet's name stands alone: it starts with a capital
    return zh if len(title) > SHEET_NAME_MAX else title


def _shown(
    ranked: pd.DataFrame,
    n: int,
    said: tuple[str, str],
    excel: str | Path | None,
    sheet: tuple[str, str],
    also: Mapping[tuple[str, str], pd.DataFrame] | None = None,
    rows: pd.Index | None = None,
):
    """The first ``n`` rows of ``ranked`` (or those of ``rows``) under the line ``said`` (English, Chinese); the whole list in the
    workbook ``excel`` (on the sheet named ``sheet`` in the report's language) when rows are left out
    (or sheets are added ``also``), linked after the line.

    >>> f = pd.DataFrame({"x": [1, 2]})
    >>> _shown(f, 1, ("a", "甲"), "unused.xlsx", ("customers losing money after cost to serve", ""))
    Traceback (most recent call last):
    ValueError: sheet name 'customers losing money after cost to serve' of unused.xlsx is longer than Excel's 31 characters: give it a short label (sheet=)
    """
    whole = excel is not None and (len(ranked) > n or bool(also))
    en, zh = said
    line = pick(en + "; the whole list:", zh + "；完整清单：") if whole else pick(en, zh)
    if whole:
        path = Path(excel)
        title = _sheet_title(sheet[0] or "list", sheet[1] or "清单", path.name)
        columns = list(dict.fromkeys([*ranked.columns, *(c for more in (also or {}).values() for c in more.columns)]))
        write_workbook(
            path,
            {title: ranked, **{pick(*name): more for name, more in (also or {}).items()}},
            money_columns=columns_of(columns, "money"),
            percent_columns=columns_of(columns, "share"),
            freeze_first_column=True,
            labels=True,
        )
        link = f'<a href="{html_text(quote(path.name))}">{html_text(path.name)}</a>'
        line = f"{html_text(line)}{'' if language() == 'zh' else ' '}{link}"
    else:
        line = html_text(line)
    table = style(ranked.head(n) if rows is None else ranked.loc[rows]).to_html()
    return HTML(f'<p class="note">{line}</p>\n{table}')

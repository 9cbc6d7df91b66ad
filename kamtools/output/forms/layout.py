"""The look of the credit forms: number formats, cell styles, and a writer of form rows.

Number formats come from the format registry (:mod:`kamtools.output.formats`); text is
literal and formula-safe (:func:`kamtools.output.excel.text_cell`).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...credit import RATIOS
from .. import labels
from ..excel import clean_text, text_cell
from ..formats import EXCEL_FORMATS, excel_format, kind_of, label

MONEY = EXCEL_FORMATS["money"]
RATIO = EXCEL_FORMATS["ratio"]
PERCENT = EXCEL_FORMATS["share"]
DATE = EXCEL_FORMATS["date"]

_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def cell_value(value: Any) -> Any:
    """A value as a form cell holds it.

    Text keeps its characters but for the control characters that .xlsx cannot hold; it is
    written with :func:`kamtools.output.excel.text_cell`, so text starting with ``=``, ``+``,
    ``-``, ``@``, tab, CR or LF is a quote-prefixed text cell, shown as typed and never
    run as a formula. Numbers and dates pass through; missing values become None (an
    empty cell); numpy and pandas scalars become plain Python ones.

    >>> cell_value("=cmd|' /C calc'!A0")
    "=cmd|' /C calc'!A0"
    >>> cell_value(-5.0), cell_value("Ac\\x07me"), cell_value(float("nan"))
    (-5.0, 'Acme', None)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        v = float(value)
        return None if math.isnan(v) else v
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, str):
        return clean_text(value)
    return value


def _put(cell, value: Any):
    """Write ``value`` into an openpyxl ``cell``: text literal and formula-safe, numbers as numbers."""
    v = cell_value(value)
    if isinstance(v, str):
        return text_cell(cell, v)
    cell.value = v
    return cell


# --------------------------------------------------------------------------- sheet helpers
#: A label of a form in both languages, ``English 中文`` (the Chinese last, no Latin letters in it).
_BILINGUAL = re.compile(r"(?P<en>.*[A-Za-z0-9)\]%.+]) (?P<zh>[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*)")


def bilingual(en: str, zh: str, language: str) -> str:
    """``en``, ``zh`` or both (English first, as the forms have always read) by ``language``.

    >>> bilingual("none", "无", "zh"), bilingual("none", "无", "both")
    ('无', 'none 无')
    """
    return {"en": en, "zh": zh}.get(language, f"{en} {zh}")


def in_language(text: Any, language: str) -> Any:
    """A label of a form (``English 中文``) in ``language``: ``en`` the English, ``zh`` the
    Chinese, ``both`` as it is; text that is not such a pair as it is.

    >>> in_language("Payment terms + grace days 付款期限+宽限天数", "zh"), in_language("Credit grade 信用等级", "en")
    ('付款期限+宽限天数', 'Credit grade')
    >>> in_language("Credit grade 信用等级", "both"), in_language("Scorecard grade", "zh"), in_language("甲 公司", "en")
    ('Credit grade 信用等级', 'Scorecard grade', '甲 公司')
    """
    if language == "both" or not isinstance(text, str):
        return text
    m = _BILINGUAL.fullmatch(text)
    if m is None or not re.search(r"[A-Za-z]", m["en"]):
        return text
    return m["en"] if language == "en" else m["zh"]


class _Sheet:
    """Writes rows of a form top-down.

    Cells share a handful of looks (number format, bold, fill, border, wrap). Each look is
    built once per workbook through openpyxl's style attributes and then copied to every
    other cell with that look, which keeps writing hundreds of forms quick.
    """

    def __init__(self, ws: Worksheet, widths: Iterable[float], looks: dict | None = None, language: str = "both"):
        self.ws = ws
        self.row = 1
        self.language = language
        self.looks = {} if looks is None else looks
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def cell(
        self,
        col: int,
        value: Any,
        fmt: str | None = None,
        *,
        bold: bool = False,
        fill: PatternFill | None = None,
        box: bool = True,
    ):
        v = cell_value(value)
        c = self.ws.cell(row=self.row, column=col)
        if not isinstance(v, str):
            c.value = v  # a date value brings its own number format
        number = fmt if fmt and isinstance(v, (int, float, dt.date)) else c.number_format
        wrap = isinstance(v, str) and len(v) > 30
        key = (number, bold, None if fill is None else fill.fgColor.rgb, box, wrap)
        look = self.looks.get(key)
        if look is not None:
            c._style = copy.copy(look)
        else:
            c.number_format = number
            if bold:
                c.font = _BOLD
            if fill is not None:
                c.fill = fill
            if box:
                c.border = _BOX
            c.alignment = Alignment(vertical="top", wrap_text=wrap)
            self.looks[key] = copy.copy(c._style)
        if isinstance(v, str):
            # after the look: the quote-prefix mark is part of the cell's style, never of a shared look
            text_cell(c, v)
        return c

    def pick(self, en: str, zh: str) -> str:
        """``en``, ``zh`` or both (English first, as the forms have always read) by the form's language."""
        return bilingual(en, zh, self.language)

    def text(self, text: Any) -> Any:
        """A label of the form written ``English 中文`` in the form's language (:func:`in_language`)."""
        return in_language(text, self.language)

    def label(self, column: str) -> str:
        """The label of a column of the data model (the format registry's) in the form's language."""
        return label(column, self.language)

    def title(self, zh: str, en: str, subtitle: str, span: int) -> None:
        """The form's name (the method's Chinese name, the English name, or both) and the line under it."""
        text = {"en": en, "zh": zh}.get(self.language, f"{zh}  {en}")
        c = _put(self.ws.cell(row=self.row, column=1), text)
        c.font = _TITLE
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=span)
        self.row += 1
        _put(self.ws.cell(row=self.row, column=1), subtitle)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=span)
        self.row += 2

    def section(self, text: str, span: int) -> None:
        text = in_language(text, self.language)
        for col in range(1, span + 1):
            self.cell(col, text if col == 1 else None, bold=True, fill=_SECTION_FILL)
        self.row += 1

    def header(self, labels: list[str]) -> None:
        for col, text in enumerate(labels, start=1):
            self.cell(col, in_language(text, self.language), bold=True, fill=_HEAD_FILL)
        self.row += 1

    def field(self, label: str, value: Any, fmt: str | None = None) -> None:
        self.cell(1, in_language(label, self.language), bold=True)
        self.cell(2, value, fmt)
        self.row += 1

    def values(self, values: list[Any], fmts: list[str | None] | None = None) -> None:
        fmts = fmts or [None] * len(values)
        for col, (v, f) in enumerate(zip(values, fmts), start=1):
            self.cell(col, v, f)
        self.row += 1

    def skip(self, n: int = 1) -> None:
        self.row += n


#: Ratios that are shares of 1 (the format registry says so): shown and benchmarked as percentages.
_PCT_RATIOS = tuple(name for name in RATIOS if kind_of(name) == "share")


def _item_format(name: str) -> str:
    """Number format of a scorecard item (from the registry): ratios with two decimals, shares
    as percentages, the count of profitable years and the 1-5 factor scores whole."""
    return excel_format(name) or RATIO


def _bench_text(bench: dict, name: str) -> str:
    sign = "≥" if bench["better"] == "higher" else "≤"
    value = f"{bench['ok']:.0%}" if name in _PCT_RATIOS else f"{bench['ok']:g}"
    return f"{sign} {value}"


def _num(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else v


def period_line(s: _Sheet, ctx: dict) -> str:
    """The line under a form's title: the period and the day the form's figures are as of, in the form's language."""
    period, day = ctx["period"], f"{ctx['as_of']:%Y-%m-%d}"
    return s.pick(f"Period {period}, as of {day}", f"期间 {period}，截至 {day}")


def say(column: str, code: Any, language: str) -> Any:
    """A value of the data that is a code (an industry, a relationship state, a hold rule ...) or a sentence
    made from a template (a limit's reason, an approval's, a re-review's) by its label in ``language``
    (both: the English, then the Chinese), through the label registry (:func:`kamtools.output.labels.value`,
    the domain of ``column``); any other value as it is.

    >>> say("quick_ratio_status", "weak", "zh"), say("approved_by", "regional manager", "both")
    ('偏弱', 'Regional company manager 地区公司经理')
    >>> say("review_reasons", "overdue 117 k is 39 % of receivables 301 k", "zh"), say("name", "Acme", "zh")
    ('逾期11.7万元，占应收账款30.1万元的39%', 'Acme')
    >>> say("approval_reason", "decrease to 0: every decrease goes to this level (credit.decrease_approver): "
    ...     "Account manager", "en")
    'decrease to 0: every decrease goes to this level (by the policy): Account manager'
    """
    if not isinstance(code, str):
        return code
    en, zh = str(labels.value(column, code, "en")), str(labels.value(column, code, "zh"))
    return en if en == zh else bilingual(en, zh, language)


def reason_label(reason: Any) -> str:
    """The label of an analyst's override reason on a form, in English and Chinese: a reason the label
    registry knows reads in the form's language (:func:`say`); any other is the analyst's text as
    entered, and its label says so.

    >>> reason_label("母公司提供担保"), reason_label("cousin of the owner")
    ('Override reason 调整理由', 'Override reason (as entered) 调整理由（录入原文）')
    """
    if not isinstance(reason, str) or labels.names("override_reason", reason) is not None:
        return "Override reason 调整理由"
    return "Override reason (as entered) 调整理由（录入原文）"


def _coded(s: _Sheet, column: str, code: Any) -> Any:
    """A value code or a sentence of the data in the form's language (:func:`say`)."""
    return say(column, code, s.language)

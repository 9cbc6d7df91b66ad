"""The credit forms' sheets written with xlsxwriter: the same cells, looks, widths and print setup
as :class:`.layout._Sheet` writes with openpyxl, in a fraction of the time (the credit review
writes up to ``credit.forms_cap`` workbooks of three sheets each).

Each look (number format, bold, fill, border, wrap, the quote-prefix mark of formula-like text) is
one xlsxwriter format of its workbook, made once (:class:`Looks`). Text is always written as
text, never as a formula (:func:`kamtools.output.excel.text_cell`'s rule: text starting with
``=``, ``+``, ``-``, ``@``, tab, CR or LF carries the quote-prefix mark).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from openpyxl.styles import PatternFill
from xlsxwriter.worksheet import Worksheet

from ..excel import _Literal, _text
from .layout import _BOX, _TITLE, _Sheet, cell_value

#: The pixels of one character of column width (Calibri 11, the forms' font): a width of ``n``
#: characters is ``7 n`` pixels, stored as ``n`` in the file, as openpyxl stores it.
_DIGIT = 7
#: The number formats a date or a date and time bring of their own (openpyxl's).
_DATE, _DATETIME = "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"


class Looks(dict):
    """The formats of one workbook by look (see :meth:`FastSheet.cell`)."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        super().__init__()
        self.workbook = workbook

    def of(self, key: tuple, properties: dict):
        found = self.get(key)
        if found is None:
            found = self[key] = self.workbook.add_format(properties)
        return found


def workbook() -> tuple[xlsxwriter.Workbook, io.BytesIO]:
    """A new workbook written into memory (its bytes once closed)."""
    out = io.BytesIO()
    return xlsxwriter.Workbook(out, {"in_memory": True}), out


def _border() -> dict:
    side = _BOX.left
    return {"border": 1, "border_color": f"#{side.color.rgb[-6:]}"}


class FastSheet(_Sheet):
    """:class:`.layout._Sheet` on an xlsxwriter worksheet (rows are 1-based here as there)."""

    def __init__(self, ws: Worksheet, widths: Iterable[float], looks: Looks, language: str = "both"):
        self.ws, self.row, self.language, self.looks = ws, 1, language, looks
        for i, w in enumerate(widths):
            ws.set_column_pixels(i, i, math.ceil(w * _DIGIT))

    def cell(
        self,
        col: int,
        value: Any,
        fmt: str | None = None,
        *,
        bold: bool = False,
        fill: PatternFill | None = None,
        box: bool = True,
    ) -> None:
        v = cell_value(value)
        if isinstance(v, str):
            v = _text(v)
        if isinstance(v, dt.datetime):
            number = fmt or _DATETIME
        elif isinstance(v, dt.date):
            number = fmt or _DATE
        else:
            number = fmt if fmt and isinstance(v, (int, float)) else None
        wrap = isinstance(v, str) and len(v) > 30
        literal = isinstance(v, _Literal)
        colour = None if fill is None else fill.fgColor.rgb
        key = (number, bold, colour, box, wrap, literal)
        props: dict[str, Any] = {"valign": "top"}
        if number:
            props["num_format"] = number
        if bold:
            props["bold"] = True
        if colour is not None:
            props.update(pattern=1, bg_color=f"#{colour[-6:]}")
        if box:
            props.update(_border())
        if wrap:
            props["text_wrap"] = True
        if literal:
            props["quote_prefix"] = True
        _write(self.ws, self.row - 1, col - 1, v, self.looks.of(key, props))

    def title(self, zh: str, en: str, subtitle: str, span: int) -> None:
        text = {"en": en, "zh": zh}.get(self.language, f"{zh}  {en}")
        font = {"bold": _TITLE.b, "font_size": _TITLE.sz}
        for line, props in ((text, font), (subtitle, {})):
            v = _text(cell_value(line))
            literal = isinstance(v, _Literal)
            look = self.looks.of(
                ("title", bool(props), literal), {**props, **({"quote_prefix": True} if literal else {})}
            )
            self.ws.merge_range(self.row - 1, 0, self.row - 1, span - 1, "", look)
            _write(self.ws, self.row - 1, 0, v, look)
            self.row += 1
        self.row += 1


def _write(ws: Worksheet, row: int, col: int, v: Any, look) -> None:
    """One cell: text as text (never a formula), numbers, dates and truth values as such, nothing (or
    empty text, which openpyxl saves as nothing) as a styled blank."""
    if v is None or v == "":
        ws.write_blank(row, col, None, look)
    elif isinstance(v, str):
        ws.write_string(row, col, str(v), look)
    elif isinstance(v, bool):
        ws.write_boolean(row, col, v, look)
    elif isinstance(v, (int, float)):
        ws.write_number(row, col, v, look)
    elif isinstance(v, (dt.date, dt.datetime)):
        ws.write_datetime(row, col, v, look)
    else:
        ws.write_string(row, col, str(v), look)


def print_setup(ws: Worksheet) -> None:
    """A form prints portrait, one page wide and as tall as needed, without grid lines."""
    ws.hide_gridlines(2)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)


def form_sheet(ws, widths: Iterable[float], looks: dict | None = None, language: str = "both") -> _Sheet:
    """The writer of a form's rows on ``ws``: xlsxwriter's (:class:`FastSheet`) when ``looks`` are the
    formats of an xlsxwriter workbook (:class:`Looks`), else openpyxl's (:class:`.layout._Sheet`)."""
    if isinstance(looks, Looks):
        return FastSheet(ws, widths, looks, language)
    return _Sheet(ws, widths, looks, language)


def save_workbook(out: io.BytesIO, filename: str) -> None:
    """Write the bytes of a closed workbook of :func:`workbook` as ``filename``."""
    with open(filename, "wb") as fh:
        fh.write(out.getbuffer())

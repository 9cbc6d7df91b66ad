"""Saving an openpyxl workbook with its sheets serialised in memory.

openpyxl's own ``Workbook.save`` writes every sheet's XML into a temporary file, copies it into
the archive and deletes it: three file operations per sheet, which cost more than the sheet
itself when hundreds of small workbooks are written (the credit forms of a report: three sheets
each). :func:`save_workbook` writes the same parts, each sheet's XML byte for byte as openpyxl
makes it, without the temporary files.

>>> import io
>>> from openpyxl import Workbook, load_workbook
>>> wb = Workbook()
>>> wb.active["A1"] = "=1+1"
>>> wb.active["A1"].data_type, wb.create_sheet("Two")["B2"].value
('f', None)
>>> buf = io.BytesIO()
>>> save_workbook(wb, buf)
>>> back = load_workbook(buf)
>>> back.sheetnames, back.active["A1"].value
(['Sheet', 'Two'], '=1+1')
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

__all__ = ["save_workbook"]


class _InMemoryWriter(ExcelWriter):
    """openpyxl's writer of a workbook, each sheet serialised into memory instead of a temporary file."""

    def write_worksheet(self, ws: Any) -> None:
        if self.workbook.write_only:  # a write-only sheet has its own writer
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def save_workbook(workbook: Workbook, filename: str | IO[bytes]) -> None:
    """Save ``workbook`` as ``filename`` (a path or a binary file), as ``workbook.save`` does."""
    archive = ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _InMemoryWriter(workbook, archive).save()

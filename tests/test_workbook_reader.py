"""An .xlsx source is read header first and only as wide as its header, so a sheet that expands to
millions of empty cells is refused (or read) without parsing them all."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet import _read_only, _reader

from kamtools.ingest import read_source
from kamtools.schema import TABLES

VALID = Path(__file__).parent / "data" / "bad" / "_valid"
EMPTY_ROWS = 3000


def _bloated(path: Path, header: list[str], rows: list[list], empty_rows: int) -> Path:
    """A workbook of one sheet, customers, followed by ``empty_rows`` rows each holding one empty
    styled cell in the last column Excel has (XFD), and declaring itself A1:XFD1048576."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "customers"
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    first = len(rows) + 2
    filler = "".join(f'<row r="{r}"><c r="XFD{r}" s="0"/></row>' for r in range(first, first + empty_rows))
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', data.decode())
                data = text.replace("</sheetData>", filler + "</sheetData>").encode()
            zout.writestr(item, data)
    return path


@pytest.fixture
def parsed(monkeypatch):
    """Counts the sheet rows openpyxl parses and the widest row it hands out."""
    seen = {"rows": 0, "widest": 0}
    parse_row, get_row = _reader.WorkSheetParser.parse_row, _read_only.ReadOnlyWorksheet._get_row

    def counting_parse_row(self, row):
        seen["rows"] += 1
        return parse_row(self, row)

    def measuring_get_row(self, row, *args, **kwargs):
        out = get_row(self, row, *args, **kwargs)
        seen["widest"] = max(seen["widest"], len(out))
        return out

    monkeypatch.setattr(_reader.WorkSheetParser, "parse_row", counting_parse_row)
    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_get_row", measuring_get_row)
    return seen


def test_a_header_without_a_required_column_is_refused_before_the_rows_are_read(tmp_path, parsed):
    book = _bloated(tmp_path / "book.xlsx", ["customer_id", "kampwn"], [["C001", "x"]], EMPTY_ROWS)
    _, problems = read_source(book)
    mine = [p for p in problems if p.table == "customers"]
    missing = [c for c in TABLES["customers"].required if c != "customer_id"]
    assert [(p.column, p.severity) for p in mine] == [(c, "error") for c in missing] + [(None, "note")]
    assert mine[-1].message == "its rows were not read: add the missing columns first"
    assert str(mine[0]).startswith("book.xlsx, sheet customers, column name: the required column name")
    assert parsed["rows"] == 1  # the header row, not the 3,000 below it


def test_rows_are_read_only_as_wide_as_the_header(tmp_path, parsed):
    lines = (VALID / "customers.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [
        [
            "C001",
            "华东机电有限公司",
            "machinery",
            "East",
            "Wang Li",
            None,
            "high",
            "partnership",
            "senior_team",
            1200000,
            "private",
            250,
        ]
    ]
    book = _bloated(tmp_path / "book.xlsx", header, rows, EMPTY_ROWS)
    tables, problems = read_source(book)
    assert [p for p in problems if p.table == "customers"] == []
    assert tables["customers"]["name"].tolist() == ["华东机电有限公司"]
    assert tables["customers"]["wallet_estimate"].tolist() == [1200000.0]
    assert parsed["widest"] == len(header)  # not 16,384 cells per row

"""The formatted, formula-safe Excel writer."""
from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kamtools.excel import safe_sheet_name, safe_text, write_workbook

DANGEROUS = ['=HYPERLINK("x")', "+1", "@SUM(A1)", "-2+3", "\tcmd", "\rx", "\nx", '=cmd|" /C calc"!A0']


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "name": DANGEROUS + ["Acme 有限公司"],
        "amount": [1234567.891, -5.0, 0.0, 1.5, 2.0, 3.0, 4.0, 5.0, np.nan],
        "count": pd.array([1, 2, 3, 4, 5, 6, 7, 8, 9], dtype="int64"),
        "share": [0.5] * 9,
        "due": pd.to_datetime(["2026-10-31"] * 8 + [None]),
        "flag": [True, False] * 4 + [True],
    }, index=pd.Index([f"C{i}" for i in range(9)], name="customer_id"))


@pytest.fixture()
def book(tmp_path):
    df = _frame()
    before = df.copy()
    path = write_workbook(tmp_path / "sub" / "out.xlsx", {"Li / East": df, "li / east": df.head(2)},
                          money_columns=["amount"], percent_columns=["share"])
    pd.testing.assert_frame_equal(df, before)   # input unchanged
    return path


def test_layout_and_formats(book):
    wb = load_workbook(book)
    assert wb.sheetnames == ["Li _ East", "li _ east~2"]
    ws = wb["Li _ East"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G10"
    header = [c.value for c in ws[1]]
    assert header == ["customer_id", "name", "amount", "count", "share", "due", "flag"]
    assert ws["C2"].value == pytest.approx(1234567.891) and ws["C2"].number_format == "#,##0.00"
    assert ws["C3"].value == -5.0 and ws["C3"].data_type == "n"          # numbers stay numbers
    assert ws["C10"].value is None                                      # NaN -> empty
    assert ws["D2"].value == 1 and ws["D2"].number_format == "#,##0"
    assert ws["E2"].number_format == "0.0%"
    assert ws["F2"].value == dt.datetime(2026, 10, 31) and ws["F2"].number_format == "yyyy-mm-dd"
    assert ws["F10"].value is None
    assert ws["G2"].value is True
    assert ws.column_dimensions["B"].width >= len("Acme 有限公司")
    assert not any(name.endswith(".tmp") for name in os.listdir(book.parent))


def test_text_that_looks_like_a_formula_is_stored_as_text(book):
    ws = load_workbook(book)["Li _ East"]
    for row, text in enumerate(DANGEROUS, start=2):
        cell = ws.cell(row, 2)
        assert cell.data_type == "s" and cell.quotePrefix, text
        # shown exactly as in the data (XML reads a stored carriage return back as a line feed)
        assert cell.value == text.replace("\r", "\n")
    assert ws.cell(10, 2).value == "Acme 有限公司"
    # nothing in the workbook is a formula
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)


def test_header_and_index_are_neutralized_and_control_characters_stripped(tmp_path):
    df = pd.DataFrame({"=bad": ["a\x00b\x1fc", "ok"]}, index=pd.Index(["@x", "y"], name="id"))
    ws = load_workbook(write_workbook(tmp_path / "h.xlsx", {"s": df}))["s"]
    assert (ws["B1"].value, ws["B1"].quotePrefix, ws["A2"].value, ws["A2"].quotePrefix) == ("=bad", True, "@x", True)
    assert ws["A3"].value == "y" and not ws["A3"].quotePrefix
    assert ws["B2"].value == "abc"


def test_sheet_names():
    assert safe_sheet_name("a[b]c:d*e?f/g\\h") == "a_b_c_d_e_f_g_h"
    assert len(safe_sheet_name("客户经理" * 10)) == 31
    assert safe_sheet_name("'quoted'") == "quoted"
    assert safe_sheet_name("") == "Sheet" and safe_sheet_name(None) == "Sheet"
    assert safe_sheet_name("History") == "History_"
    long = "x" * 40
    assert safe_sheet_name(long, taken=[long[:31]]) == "x" * 29 + "~2"


def test_empty_frame_and_no_sheets(tmp_path):
    path = write_workbook(tmp_path / "e.xlsx", {"empty": pd.DataFrame({"a": pd.Series([], dtype="float64")})})
    ws = load_workbook(path)["empty"]
    assert ws["A1"].value == "a" and ws.max_row == 1 and ws.freeze_panes == "A2"
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "none.xlsx", {})


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_workbook(target, {"a": "not a frame"})  # type: ignore[dict-item]
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["keep.xlsx"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_safe_text_never_starts_a_formula(text):
    out = safe_text(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in out)
    if text and text[0] not in "=+-@\t\r\n" and not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        assert out == text

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

from kamtools.output.excel import safe_sheet_name, safe_text, write_workbook

DANGEROUS = ['=HYPERLINK("x")', "+1", "@SUM(A1)", "-2+3", "\tcmd", "\rx", "\nx", '=cmd|" /C calc"!A0']


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": DANGEROUS + ["Acme 有限公司"],
            "amount": [1234567.891, -5.0, 0.0, 1.5, 2.0, 3.0, 4.0, 5.0, np.nan],
            "count": pd.array([1, 2, 3, 4, 5, 6, 7, 8, 9], dtype="int64"),
            "share": [0.5] * 9,
            "due": pd.to_datetime(["2026-10-31"] * 8 + [None]),
            "flag": [True, False] * 4 + [True],
        },
        index=pd.Index([f"C{i}" for i in range(9)], name="customer_id"),
    )


@pytest.fixture()
def book(tmp_path):
    df = _frame()
    before = df.copy()
    path = write_workbook(
        tmp_path / "sub" / "out.xlsx",
        {"Li / East": df, "li / east": df.head(2)},
        money_columns=["amount"],
        percent_columns=["share"],
    )
    pd.testing.assert_frame_equal(df, before)  # input unchanged
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
    assert ws["C3"].value == -5.0 and ws["C3"].data_type == "n"  # numbers stay numbers
    assert ws["C10"].value is None  # NaN -> empty
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
    assert safe_sheet_name(long) == "x" * 30 + "…"  # cut, and said to be
    assert safe_sheet_name(long, taken=[safe_sheet_name(long)]) == "x" * 29 + "~2"
    # a long name of words is cut at a space, never inside a word
    assert safe_sheet_name("customers losing money after cost to serve") == "customers losing money after…"


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


FORMULA_TEXT = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"]


def test_formula_text_in_header_index_and_body_reads_back_as_quote_prefixed_text(tmp_path):
    n = len(FORMULA_TEXT)
    df = pd.DataFrame(
        {text: [text] * n for text in FORMULA_TEXT} | {"plain": ["Acme"] * n}, index=pd.Index(FORMULA_TEXT, name="=id")
    )
    path = write_workbook(tmp_path / "f.xlsx", {"s": df})
    ws = load_workbook(path)["s"]
    shown = [t.replace("\r", "\n") for t in FORMULA_TEXT]  # a stored carriage return reads back as a line feed
    header = list(ws[1])
    assert [c.value for c in header] == ["=id", *shown, "plain"]
    assert all(c.data_type == "s" and c.quotePrefix and c.font.b for c in header[:-1])
    assert header[-1].font.b and not header[-1].quotePrefix
    for r, text in enumerate(shown, start=2):
        index_cell = ws.cell(r, 1)
        assert (index_cell.value, index_cell.data_type, index_cell.quotePrefix) == (text, "s", True)
        for c, body_text in enumerate(shown, start=2):
            cell = ws.cell(r, c)
            assert (cell.value, cell.data_type, cell.quotePrefix) == (body_text, "s", True)
            assert not cell.font.b
        assert (ws.cell(r, n + 2).value, ws.cell(r, n + 2).quotePrefix) == ("Acme", False)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_text_stays_text_never_a_formula_link_number_or_markup(tmp_path):
    texts = [
        "http://example.com/x",
        "mailto:a@b.cn",
        "00123",
        "1e5",
        "{=SUM(A1)}",
        "<r><t>x</t></r>",
        "a\r\nb",
        "x" * 40000,
        "王五金属有限公司",
        " lead",
        "trail ",
    ]
    ws = load_workbook(write_workbook(tmp_path / "t.xlsx", {"s": pd.DataFrame({"<r>h</r>": texts})}))["s"]
    assert ws["A1"].value == "<r>h</r>" and ws["A1"].font.b
    got = [c.value for c in ws["A"][1:]]
    assert got[:6] == texts[:6] and got[6] == "a\nb" and got[7] == "x" * 32767 and got[8:] == texts[8:]
    assert all(c.data_type == "s" and not c.quotePrefix and not c.hyperlink for c in ws["A"][1:])


def test_dates_booleans_and_missing_values(tmp_path):
    df = pd.DataFrame(
        {
            "due": pd.to_datetime(["2026-10-31", None, "1999-12-31"]),
            "at": pd.to_datetime(["2026-10-31 08:30:00", "2026-11-01 23:59:59", None]),
            "local": pd.to_datetime(["2026-10-31 08:30", "2026-10-31 09:00", "2026-10-31 10:00"]).tz_localize(
                "Asia/Shanghai"
            ),
            "day": [dt.date(2026, 1, 2), None, "n/a"],
            "flag": [True, False, True],
            "maybe": pd.array([True, None, False], dtype="boolean"),
            "x": [np.nan, np.inf, -np.inf],
            "n": pd.array([1, None, 3], dtype="Int64"),
            "f": pd.array([1.5, None, -2.0], dtype="Float64"),
        }
    )
    ws = load_workbook(write_workbook(tmp_path / "d.xlsx", {"s": df}))["s"]
    assert ws["A2"].value == dt.datetime(2026, 10, 31) and ws["A2"].number_format == "yyyy-mm-dd"
    assert ws["A3"].value is None and ws["A4"].value == dt.datetime(1999, 12, 31)
    assert ws["B2"].value == dt.datetime(2026, 10, 31, 8, 30) and ws["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["B3"].value == dt.datetime(2026, 11, 1, 23, 59, 59) and ws["B4"].value is None
    assert ws["C2"].value == dt.datetime(2026, 10, 31, 8, 30)  # the local time, without the zone
    assert ws["D2"].value == dt.datetime(2026, 1, 2) and ws["D2"].number_format == "yyyy-mm-dd"
    assert ws["D3"].value is None and (ws["D4"].value, ws["D4"].number_format) == ("n/a", "General")
    assert [(c.value, c.data_type) for c in ws["E"][1:]] == [(True, "b"), (False, "b"), (True, "b")]
    assert [c.value for c in ws["F"][1:]] == [True, None, False] and ws["F2"].data_type == "b"
    assert [c.value for c in ws["G"][1:]] == [None, None, None]
    assert [c.value for c in ws["H"][1:]] == [1, None, 3] and ws["H2"].number_format == "#,##0"
    assert [c.value for c in ws["I"][1:]] == [1.5, None, -2.0] and ws["I4"].data_type == "n"


def test_explicit_formats_mixed_columns_and_widths(tmp_path):
    from kamtools.output.excel import _column_width

    df = pd.DataFrame(
        {"code": [1, 2], "mixed": [1234.5, "see note"], "客户名称": ["王五金属有限公司", "x"], "rate": [0.25, 0.5]}
    )
    ws = load_workbook(
        write_workbook(
            tmp_path / "w.xlsx",
            {"s": df},
            number_formats={"code": "0"},
            money_columns=["mixed"],
            percent_columns=["rate"],
            freeze_first_column=True,
        )
    )["s"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:D3"
    assert (ws["A2"].value, ws["A2"].number_format) == (1, "0")
    assert (ws["B2"].value, ws["B2"].number_format) == (1234.5, "#,##0.00")
    assert (ws["B3"].value, ws["B3"].number_format, ws["B3"].data_type) == ("see note", "General", "s")
    assert ws["D2"].number_format == "0.0%"
    assert ws.column_dimensions["C"].width == _column_width("客户名称", ["王五金属有限公司", "x"], None, 60) == 18
    assert ws.column_dimensions["B"].width == _column_width("mixed", [1234.5, "see note"], "#,##0.00", 60)


def _failing_close(self):
    raise OSError("disk full")


@pytest.mark.parametrize("failure", ["value", "close"])
def test_a_write_that_fails_midway_keeps_the_old_file_and_leaves_no_temporary_files(tmp_path, monkeypatch, failure):
    import tempfile

    import xlsxwriter

    class Unprintable:
        def __str__(self):
            raise RuntimeError("cannot show")

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "keep.xlsx"
    target.write_bytes(b"old")
    sheets = {"a": _frame(), "b": pd.DataFrame({"x": ["ok", Unprintable()]})}
    if failure == "close":
        sheets = {"a": _frame()}
        monkeypatch.setattr(xlsxwriter.Workbook, "close", _failing_close)
    with pytest.raises((RuntimeError, OSError)):
        write_workbook(target, sheets)
    assert target.read_bytes() == b"old"
    assert os.listdir(out) == ["keep.xlsx"]
    assert os.listdir(work) == []


def test_a_sheet_larger_than_excel_allows_is_refused(tmp_path, monkeypatch):
    import kamtools.output.excel as excel

    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    with pytest.raises(ValueError, match="do not fit"):
        write_workbook(tmp_path / "big.xlsx", {"s": pd.DataFrame({"a": [1, 2, 3]})})
    assert os.listdir(tmp_path) == []

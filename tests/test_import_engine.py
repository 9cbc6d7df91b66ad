"""`kam import` in the engine: a large CSV table is read, typed and checked by DuckDB, never whole in
Python, and its problems name the line the user sees, as the reader in pandas names it."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

import kamtools as kt
from kamtools.ingest import import_source, read_source, readers
from kamtools.store import DataError

VALID = Path(__file__).parent / "data" / "bad" / "_valid"
ROWS = 200_000  # invoices in the large file: 200,001 lines with the header


def _large_source(tmp_path: Path, edit=None, newline: str = "\n") -> Path:
    """The valid source with ROWS invoices more (all of customer C001, paid on time), each on its own line."""
    src = tmp_path / "src"
    shutil.copytree(VALID, src)
    lines = (src / "invoices.csv").read_text(encoding="utf-8").splitlines()
    body = [f"J{i:07d},C001,2026-03-01,2026-03-31,{1000 + i % 500}.25,800.00,,Bearings" for i in range(ROWS)]
    lines += body
    if edit is not None:
        edit(lines)
    (src / "invoices.csv").write_text(newline.join(lines) + newline, encoding="utf-8")
    return src


def _errors(src: Path, tmp_path: Path) -> list:
    with pytest.raises(DataError) as info:
        import_source(src, tmp_path / "kam.duckdb")
    assert not (tmp_path / "kam.duckdb").exists()
    return [p for p in info.value.problems if p.is_error]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_bad_cell_deep_in_a_large_csv_is_named_by_its_line(tmp_path, newline):
    def spoil(lines: list[str]) -> None:
        # line numbers as an editor shows them: the header is line 1
        lines[150_000 - 1] = lines[150_000 - 1].replace("2026-03-01", "2026-02-30")
        lines[-1] = lines[-1].replace("800.00", "8OO.00")
        lines[123_456 - 1] = lines[123_456 - 1].replace(",C001,", ",C999,")

    src = _large_source(tmp_path, spoil, newline)
    found = {(p.column, p.row, p.value, p.message) for p in _errors(src, tmp_path)}
    assert found == {
        (
            "invoice_date",
            150_000,
            "2026-02-30",
            "value '2026-02-30' is not a date: there is no such day in the calendar",
        ),
        ("cost", ROWS + 7, "8OO.00", "value '8OO.00' is not a number"),  # 6 valid invoices + header before
        ("customer_id", 123_456, "C999", "value 'C999' is unknown: there is no such customer_id in customers"),
    }


def test_a_large_csv_gives_the_same_problems_as_the_reader_in_pandas(tmp_path):
    def spoil(lines: list[str]) -> None:
        lines[5000] = lines[5000].replace("2026-03-31", "2026-02-01")  # due before the invoice
        lines[100_000] = lines[7000]  # a repeated invoice_id
        lines[150_000] = lines[150_000].replace(".25,", ".254,")  # money to the tenth of a cent: a note

    src = _large_source(tmp_path, spoil)
    with pytest.raises(DataError) as info:
        import_source(src, tmp_path / "kam.duckdb")
    _, expected = read_source(src)
    assert [str(p) for p in info.value.problems] == [str(p) for p in expected]


def test_formatted_values_of_a_large_csv_are_read_and_noted(tmp_path):
    def format_some(lines: list[str]) -> None:
        lines[20_000] = lines[20_000].replace("2026-03-01", "2026/3/1").replace("800.00", '"¥1,234.50"')

    src = _large_source(tmp_path, format_some)
    summary = import_source(src, tmp_path / "kam.duckdb")
    assert "note: invoices.csv, row 20001, column cost: had thousands separators" in summary
    data = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        row = data.sql("select invoice_date, cost from invoices where invoice_id = 'J0019993'")
        assert str(row.loc[0, "invoice_date"])[:10] == "2026-03-01" and row.loc[0, "cost"] == 1234.50
        assert len(data.invoices) == ROWS + 6
    finally:
        data.close()


def test_csv_tables_are_not_read_in_pandas_nor_whole_in_memory(tmp_path, monkeypatch):
    """Only the customers (whose groups are checked in pandas) go through the reader in pandas; the
    large invoices file never comes into Python whole: far less memory than its size is allocated."""
    read_in_pandas = []
    reader = readers._read_csv

    def spy(path, file, table, out):
        read_in_pandas.append(table)
        return reader(path, file, table, out)

    monkeypatch.setattr(readers, "_read_csv", spy)
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: pytest.fail("pandas.read_csv called"))
    src = _large_source(tmp_path)
    size = (src / "invoices.csv").stat().st_size
    import_source(VALID, tmp_path / "first.duckdb")  # modules imported on first use are not the file
    read_in_pandas.clear()
    tracemalloc.start()
    try:
        import_source(src, tmp_path / "kam.duckdb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read_in_pandas == ["customers"]
    assert size > 10_000_000 and peak < size / 3, (size, peak)


def test_a_column_named_rowid_keeps_the_row_numbers(tmp_path):
    """DuckDB numbers rows by ``rowid``: a source column of that name is read in pandas instead."""

    def add_rowid(lines: list[str]) -> None:
        lines[0] += ",ROWID"
        lines[1:] = [line + ",7" for line in lines[1:]]
        lines[60_000] = lines[60_000].replace("2026-03-31", "2026-13-31")

    src = _large_source(tmp_path, add_rowid)
    found = [(p.column, p.row, p.value) for p in _errors(src, tmp_path)]
    assert found == [("due_date", 60_001, "2026-13-31")]


@pytest.mark.parametrize("cells", [("1e400", "inf", "1_000", " 2.5 ", "3,5"), ("45.200", "１２", "-0", "+.5", "5.")])
def test_odd_numbers_read_in_the_engine_as_in_pandas(tmp_path, cells):
    """Numbers DuckDB's casts would take otherwise (infinity, underscores, blanks around) give the very
    problems and values of the reader in pandas."""
    src = tmp_path / "src"
    shutil.copytree(VALID, src)
    path = src / "activities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines += [f'B{i:03d},C001,2026-09-0{i + 1},call,Wang Li,"{c}"' for i, c in enumerate(cells)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tables, expected = read_source(src)
    try:
        summary = import_source(src, tmp_path / "kam.duckdb")
    except DataError as exc:
        assert [str(p) for p in exc.problems] == [str(p) for p in expected]
        assert any(p.is_error for p in expected)
        return
    assert not any(p.is_error for p in expected), summary
    data = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        pd.testing.assert_frame_equal(data.activities, tables["activities"])
    finally:
        data.close()

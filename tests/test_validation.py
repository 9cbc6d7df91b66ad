"""Reading and checking sources: value rules, row numbers, mapping, all problems at once."""

from __future__ import annotations

import hashlib
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import kamtools as kt
from kamtools import paths
from kamtools.ingest import (
    Problem,
    format_problems,
    import_source,
    load,
    parse_bool,
    parse_date,
    parse_number,
    read_source,
    validate,
)
from kamtools.schema import TABLES

VALID = Path(__file__).parent / "data" / "bad" / "_valid"
MAPPING = Path(__file__).parent / "data" / "mapping"


@pytest.fixture
def src(tmp_path) -> Path:
    """A writable copy of the small valid source."""
    folder = tmp_path / "src"
    shutil.copytree(VALID, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(problems):
    return [p for p in problems if p.severity == "error"]


def _where(problems):
    return {(p.table, p.column, p.row, p.value) for p in problems}


# ------------------------------------------------------------------ value rules
@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-10-31", "2026-10-31"),
        ("2026/10/31", "2026-10-31"),
        ("2026.1.5", "2026-01-05"),
        ("2026年10月31日", "2026-10-31"),
        ("2026-10-31 14:30:00", "2026-10-31"),
        ("2026-10-31T00:00:00", "2026-10-31"),
        ("2024-02-29", "2024-02-29"),
    ],
)
def test_dates_are_read_year_first(text, expected):
    parsed = parse_date(pd.Series([text]))
    assert not parsed.bad.iloc[0]
    assert parsed.values.iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2026-02-30", "no such day"),
        ("2025-02-29", "no such day"),
        ("2026-13-01", "no such day"),
        ("31/10/2026", "is not a date"),
        ("10/31/2026", "is not a date"),
        ("2026-10", "is not a date"),
        ("20261031", "is not a date"),
        ("next week", "is not a date"),
        ("2026-10/31", "is not a date"),
    ],
)
def test_impossible_and_ambiguous_dates_are_errors(text, reason):
    parsed = parse_date(pd.Series(["2026-01-01", text]))
    assert parsed.bad.tolist() == [False, True]
    assert pd.isna(parsed.values.iloc[1])
    assert reason in parsed.reasons.iloc[1]


@pytest.mark.parametrize(
    "text, value, noted",
    [
        ("1234.50", 1234.5, False),
        ("-3200", -3200.0, False),
        (".5", 0.5, False),
        ("1e3", 1000.0, False),
        ("1,234.50", 1234.5, True),
        ("1,234", 1234.0, True),  # comma + exactly three digits, no dot: a thousands separator
        ("1,234,567.8", 1234567.8, True),
        ("1 234.50", 1234.5, True),
        ("1\u00a0234.50", 1234.5, True),
        ("1'234.50", 1234.5, True),
        ("¥1,234.50", 1234.5, True),
        ("￥ 1,234.50", 1234.5, True),
        ("RMB 1,234.50", 1234.5, True),
        ("1234.50元", 1234.5, True),
        ("-¥1,234.50", -1234.5, True),
        ("(1,234.50)", -1234.5, True),
        ("12.3456", 12.35, True),  # more than two decimals: rounded to cents, with a note
        ("1234.567", 1234.57, True),  # four leading digits: the dot cannot be a thousands separator
        ("0.125", 0.12, True),  # nor after a leading zero
        ("1,234.500", 1234.5, True),  # the comma makes the dot a decimal point
    ],
)
def test_money_text_is_accepted_when_unambiguous(text, value, noted):
    parsed = parse_number(pd.Series([text]), money=True)
    assert not parsed.bad.iloc[0]
    assert parsed.values.iloc[0] == pytest.approx(value)
    assert bool(parsed.noted.iloc[0]) is noted


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1,23", "ambiguous"),
        ("1.234,50", "ambiguous"),
        ("45.200,00", "ambiguous"),
        ("1,2345", "ambiguous"),
        ("1,234,5", "not a number"),
        ("abc", "not a number"),
        ("1.2.3", "not a number"),
        ("--5", "not a number"),
        ("(12", "not a number"),
        ("12-", "not a number"),
        ("inf", "not a number"),
        ("nan", "not a number"),
    ],
)
def test_ambiguous_or_broken_money_is_an_error(text, reason):
    parsed = parse_number(pd.Series([text]), money=True)
    assert parsed.bad.iloc[0], text
    assert pd.isna(parsed.values.iloc[0])
    assert reason in parsed.reasons.iloc[0]


@pytest.mark.parametrize(
    "text, readings",
    [
        ("45.200", "(45200) or decimals (45.20); write 45200 or 45.20"),
        ("1.234", "(1234) or decimals (1.23); write 1234 or 1.23"),
        ("-45.200", "(45200) or decimals (45.20)"),
        ("¥1.234", "(1234) or decimals (1.23)"),
        ("(1.234)", "(1234) or decimals (1.23)"),
        ("1.234.567", "the dots may separate thousands (1234567); write 1234567"),
    ],
)
def test_money_with_a_dot_and_three_digits_is_ambiguous(text, readings):
    parsed = parse_number(pd.Series(["1234.50", text]), money=True)
    assert parsed.bad.tolist() == [False, True]
    assert pd.isna(parsed.values.iloc[1])
    assert parsed.reasons.iloc[1].startswith("is ambiguous: ") and readings in parsed.reasons.iloc[1]


def test_a_dot_and_three_digits_is_a_decimal_point_outside_money():
    parsed = parse_number(pd.Series(["1.500"]))  # e.g. hours of an activity
    assert not parsed.bad.iloc[0] and parsed.values.iloc[0] == 1.5


def test_currency_signs_only_in_money_columns():
    parsed = parse_number(pd.Series(["¥5", "5"]))
    assert parsed.bad.tolist() == [True, False]
    assert "money columns only" in parsed.reasons.iloc[0]


def test_whole_numbers():
    parsed = parse_number(pd.Series(["3", "3.0", "1,200", "3.5", ""]), whole=True)
    assert parsed.bad.tolist() == [False, False, False, True, False]
    assert parsed.reasons.iloc[3] == "is not a whole number"


@pytest.mark.parametrize(
    "text, value",
    [
        ("true", True),
        ("FALSE", False),
        ("Yes", True),
        ("no", False),
        ("y", True),
        ("N", False),
        ("1", True),
        ("0", False),
        ("是", True),
        ("否", False),
        ("t", True),
        ("f", False),
    ],
)
def test_booleans(text, value):
    parsed = parse_bool(pd.Series([text]))
    assert not parsed.bad.iloc[0] and parsed.values.iloc[0] == value


@pytest.mark.parametrize("text", ["maybe", "2", "ja", "对"])
def test_other_booleans_are_errors(text):
    assert parse_bool(pd.Series([text])).bad.iloc[0]


def test_empty_cells_are_missing_not_errors():
    for parse in (parse_bool, parse_date, parse_number):
        parsed = parse(pd.Series(["", ""]))
        assert not parsed.bad.any() and parsed.values.isna().all()


# ------------------------------------------------------------------ problems and the report
def test_problem_renders_one_line():
    p = Problem(
        "invoices.csv",
        "invoices",
        "due_date",
        14,
        "2026-02-30",
        "an ISO date such as 2026-10-31",
        "value '2026-02-30' is not a date",
    )
    assert str(p) == (
        "invoices.csv, row 14, column due_date: value '2026-02-30' is not a date "
        "(expected an ISO date such as 2026-10-31)"
    )
    assert str(Problem("leads.csv", "leads", None, None, None, None, "x", "note")) == "note: leads.csv: x"


def test_format_problems_puts_errors_first():
    note = Problem("a.csv", "leads", "money", None, None, None, "a note", "note")
    err = Problem("b.csv", "leads", "money", 2, "x", None, "an error")
    report = format_problems([note, err, err], "src")
    lines = report.splitlines()
    assert lines[0] == "3 problems in src (2 errors, 1 note)"
    assert lines[1].strip().startswith("b.csv") and lines[3].strip().startswith("note: a.csv")
    assert format_problems([err], "src").splitlines()[0] == "1 problem in src"


# ------------------------------------------------------------------ reading sources
def test_valid_source_reads_without_problems():
    tables, problems = read_source(VALID)
    assert problems == []
    assert set(tables) == set(kt.schema.REQUIRED_TABLES) | {"open_orders"}
    for name, df in tables.items():
        assert list(df.columns) == TABLES[name].names
        for col in TABLES[name].columns:
            assert str(df[col.name].dtype) == col.dtype, (name, col.name)
    assert tables["customers"].loc[2, "name"] == "Acme Plastics, Ltd."  # a quoted comma
    assert tables["leads"]["money"].tolist() == [True, True, False]


def test_every_problem_is_listed_at_once(src):
    _edit(src / "invoices.csv", "2026-10-01,12800.00", "2026-02-30,12800.00")  # line 5
    _edit(src / "invoices.csv", "45200.00", "abc")  # line 4
    _edit(src / "financials.csv", "380000,170000", "-380000,170000")  # line 5: negative assets
    _edit(src / "payments.csv", "P003,C003", "P003,C777")  # line 4: unknown customer
    _edit(src / "leads.csv", "true,true,false", "true,maybe,false")  # line 3
    (src / "activities.csv").unlink()
    tables, problems = read_source(src)
    assert {
        ("invoices", "due_date", 5, "2026-02-30"),
        ("invoices", "amount", 4, "abc"),
        ("financials", "total_assets", 5, "-380000"),
        ("payments", "customer_id", 4, "C777"),
        ("leads", "authority", 3, "maybe"),
        ("activities", None, None, None),
    } == _where(_errors(problems))
    # Cells that could not be read are missing in the returned tables.
    assert pd.isna(tables["invoices"].loc[3, "due_date"])


def test_follow_up_problems_are_not_reported_twice(src):
    # An unreadable date is not also "empty"; a negative total is not also "below current assets".
    _edit(src / "invoices.csv", "2026-10-01,12800.00", "2026-02-30,12800.00")
    _edit(src / "financials.csv", "380000,170000", "-380000,170000")
    _, problems = read_source(src)
    assert len(problems) == 2


def test_problems_of_one_kind_are_capped(src):
    lines = (src / "invoices.csv").read_text(encoding="utf-8").splitlines()
    lines += [f"X{i:03d},C001,2026-07-05,2026-08-04,oops,1,," for i in range(30)]
    (src / "invoices.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = read_source(src, limit=10)
    amount = [p for p in problems if p.column == "amount"]
    assert len(amount) == 11
    assert amount[-1].row is None and "20 more cells like the 10 above (30 in all)" in amount[-1].message


def test_csv_row_numbers_count_blank_lines_and_quoted_line_breaks(src):
    path = src / "activities.csv"
    text = path.read_text(encoding="utf-8").replace(
        "A002,C002,2026-09-10,call,Zhang Wei,0.5", 'A002,C002,2026-09-10,"call,\nthen visit",Zhang Wei,0.5\n'
    )
    text = text.replace("A004,C001,2026-10-08,greeting,Wang Li,1", "A004,C001,2026-10-08,greeting,Wang Li,-1")
    path.write_text(text, encoding="utf-8")
    # header 1, A001 2, A002 3-4, blank 5, A003 6, A004 7
    _, problems = read_source(src)
    assert _where(problems) == {("activities", "hours", 7, "-1")}


def test_utf8_bom_and_gb18030_are_decoded(src):
    path = src / "customers.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    tables, problems = read_source(src)
    assert problems == [] and tables["customers"].loc[0, "name"] == "华东机电有限公司"
    path.write_bytes(text.replace("深圳恒通电子", "深圳恒通电子集团").encode("gb18030"))
    tables, problems = read_source(src)
    assert [p.severity for p in problems] == ["note"] and "GB18030" in problems[0].message
    assert tables["customers"].loc[3, "name"] == "深圳恒通电子集团"


def test_extra_columns_are_kept_as_text(src):
    _edit(src / "customers.csv", "ownership,employees\n", "ownership,employees,erp_code\n")
    path = src / "customers.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1:] = [line + f",00{i}" for i, line in enumerate(lines[1:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tables, problems = read_source(src)
    assert problems == []
    assert tables["customers"]["erp_code"].tolist() == ["000", "001", "002", "003"]


def test_headers_are_matched_case_insensitively_and_by_their_chinese_names(src):
    _edit(src / "leads.csv", "lead_id,company", "Lead_ID,公司名称")
    tables, problems = read_source(src)
    assert problems == [] and tables["leads"].loc[0, "company"] == "Sunrise Robotics"


def test_empty_optional_table_is_a_note(src):
    (src / "open_orders.csv").write_bytes(b"")
    tables, problems = read_source(src)
    assert [p.severity for p in problems] == ["note"] and "open_orders" not in tables


def test_duplicate_column_after_mapping_is_an_error(src):
    _edit(src / "leads.csv", "lead_id,company", "lead_id,公司名称")
    _, problems = read_source(src, mapping={"columns": {"leads": {"公司名称": "lead_id"}}})
    assert any(p.column == "lead_id" and "read as column lead_id" in p.message for p in problems)


def test_parquet_rows_are_numbered_from_one(src, tmp_path):
    tables, _ = read_source(src)
    out = tmp_path / "pq"
    out.mkdir()
    tables["financials"].loc[1, "total_assets"] = -1.0
    for name, df in tables.items():
        df.to_parquet(out / f"{name}.parquet")
    _, problems = read_source(out)
    assert _where(problems) == {("financials", "total_assets", 2, "-1.0")}
    assert problems[0].file == "financials.parquet"


def test_workbook_rows_are_sheet_rows(src, tmp_path):
    tables, _ = read_source(src)
    tables["leads"] = tables["leads"].astype({"money": object})
    tables["leads"].loc[2, "money"] = "perhaps"
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for name, df in tables.items():
            df.to_excel(writer, sheet_name=name, index=False)
    _, problems = read_source(book)
    assert _where(problems) == {("leads", "money", 4, "perhaps")}
    assert str(problems[0]).startswith("book.xlsx, sheet leads, row 4, column money")


def test_every_ragged_line_is_reported_and_the_other_rows_are_checked(src):
    path = src / "activities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra"  # line 3: 7 fields
    lines[3] = lines[3].rsplit(",", 1)[0]  # line 4: 5 fields
    lines.append("A005,C001,2026-10-09,visit,Wang Li,lots")  # line 6: a good line with a bad value
    lines.append("A006,C002,2026-10-10,call,Zhang Wei,1,,")  # line 7: empty trailing fields are fine
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tables, problems = read_source(src)
    assert _where(problems) == {
        ("activities", None, 3, None),
        ("activities", None, 4, None),
        ("activities", "hours", 6, "lots"),
    }
    ragged = [p for p in problems if p.column is None]
    assert [p.message.split(";")[0] for p in ragged] == [
        "the line has 7 fields (a stray comma or quote?)",
        "the line has 5 fields (a stray comma or quote?)",
    ]
    assert all(p.expected == "6 fields like the header" for p in ragged)
    assert tables["activities"]["activity_id"].tolist() == ["A001", "A004", "A005", "A006"]


def test_a_file_holding_only_a_byte_order_mark_is_empty(src):
    (src / "leads.csv").write_bytes(b"\xef\xbb\xbf")
    _, problems = read_source(src)
    assert [(p.file, p.table, p.row, p.message) for p in problems] == [
        ("leads.csv", "leads", None, "the file is empty")
    ]
    (src / "open_orders.csv").write_bytes(b"\xef\xbb\xbf\r\n")  # optional: left out with a note
    _, problems = read_source(src)
    assert [p.severity for p in problems if p.table == "open_orders"] == ["note"]


def test_values_too_large_for_the_store_are_cell_problems(src, tmp_path):
    _edit(src / "invoices.csv", "45200.00", "12345678901234567.00")  # line 4: 17 digits
    _edit(src / "invoices.csv", "12800.00", "-99999999999999999999")  # line 5
    _edit(src / "customers.csv", "private,250", "private,99999999999999999999")  # line 2: > int64
    _edit(src / "credit_factors.csv", "C002,", "C002,")  # unchanged: the other tables stay clean
    tables, problems = read_source(src)
    assert _where(problems) == {
        ("invoices", "amount", 4, "12345678901234567.00"),
        ("invoices", "amount", 5, "-99999999999999999999"),
        ("customers", "employees", 2, "99999999999999999999"),
    }
    amount = next(p for p in problems if p.column == "amount")
    assert amount.message == "value '12345678901234567.00' is too large to store"
    assert amount.expected == "an amount with at most 16 digits before the decimal point"
    employees = next(p for p in problems if p.column == "employees")
    assert "too large to store (at most 9,223,372,036,854,775,807)" in employees.message
    assert pd.isna(tables["customers"].loc[0, "employees"])
    # The largest amount that fits is accepted, and the import writes it.
    _edit(src / "invoices.csv", "12345678901234567.00", "9999999999999990.00")
    _edit(src / "invoices.csv", "-99999999999999999999", "-9999999999999990")
    _edit(src / "customers.csv", "private,99999999999999999999", "private,9000000000000000000")
    import_source(src, tmp_path / "kam.duckdb")
    stored = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        assert stored.invoices["amount"].max() == 9999999999999990.0
    finally:
        stored.close()


def test_validate_reports_money_too_large_for_the_store(typed):
    frames = {name: df.copy() for name, df in typed.items()}
    frames["invoices"].loc[2, "amount"] = 1e17
    assert _where(validate(frames)) == {("invoices", "amount", 2, "1e+17")}


def test_quick_assets_and_current_liabilities_rules(src):
    _edit(src / "financials.csv", "5600000,360000,25000", "5600000,360000,600000")  # line 3
    _edit(src / "financials.csv", "400000,150000,420000", "400000,450000,420000")  # line 4, no prepaid
    _edit(src / "financials.csv", "150000,60000,100000,380000,170000", "150000,60000,200000,380000,170000")
    _, problems = read_source(src)
    assert _where(problems) == {
        ("financials", "inventory", 3, "320000"),
        ("financials", "inventory", 4, "450000"),
        ("financials", "current_liabilities", 5, "200000"),
    }
    by_row = {p.row: p for p in problems}
    assert by_row[3].message == (
        "inventory and prepaid expenses cannot exceed current assets, which would make "
        "quick assets negative: inventory '320000' + prepaid_expenses '600000' > "
        "current_assets '900000'"
    )
    assert by_row[3].expected == "inventory + prepaid_expenses <= current_assets"
    assert by_row[4].message.endswith(": inventory '450000' > current_assets '400000'")
    assert by_row[5].message == (
        "current liabilities cannot exceed total liabilities: current_liabilities '200000' > total_liabilities '170000'"
    )


def test_quick_assets_of_exactly_zero_are_fine(src):
    # 320000.30 + 580000.30 = 900000.60 = current assets: no quick assets, but not negative
    # (in floating point the sum is 900000.6000000001).
    _edit(src / "financials.csv", "5600000,360000,25000", "5600000,360000,580000.30")
    _edit(src / "financials.csv", "900000,320000", "900000.60,320000.30")
    assert read_source(src)[1] == []


def test_problems_name_the_table_and_the_users_own_header(tmp_path):
    src = tmp_path / "erp"
    shutil.copytree(MAPPING / "erp_export", src)
    path = src / "发票.csv"
    text = path.read_bytes().decode("gb18030")
    assert '"¥45,200.00"' in text
    path.write_bytes(text.replace('"¥45,200.00"', "abc").encode("gb18030"))
    _, problems = read_source(src, MAPPING / "erp_map.yml")
    errors = _errors(problems)
    assert [str(p) for p in errors] == [
        "发票.csv (invoices), row 4, column 金额 (amount): value 'abc' is not a number "
        "(expected a number such as 1234.50)"
    ]
    assert errors[0].column == "amount" and errors[0].header == "金额"


def test_headers_matched_by_chinese_name_or_case_are_shown_as_written(src):
    _edit(
        src / "leads.csv",
        "lead_id,company,region,owner,money,authority",
        "lead_id,公司名称,region,owner,money,Authority",
    )
    _edit(src / "leads.csv", "true,true,false", "true,maybe,false")
    _edit(src / "financials.csv", "customer_id,period_end", "客户编号,会计期末")
    _edit(src / "financials.csv", "C001,2024-12-31", "C001,2025-12-31")  # a duplicate key
    _, problems = read_source(src)
    assert sorted(str(p).split(":")[0] for p in problems) == [
        "financials.csv, row 3, columns 客户编号 (customer_id), 会计期末 (period_end)",
        "leads.csv, row 3, column Authority (authority)",
    ]


def test_numbers_stored_as_numbers_are_never_ambiguous(src, tmp_path):
    tables, _ = read_source(src)
    tables["invoices"].loc[1, "amount"] = 1.234  # a number cell in Excel, not text
    tables["invoices"] = tables["invoices"].astype({"discount": object})
    tables["invoices"].loc[2, "discount"] = "1.234"  # text in a cell: ambiguous
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for name, df in tables.items():
            df.to_excel(writer, sheet_name=name, index=False)
    read, problems = read_source(book)
    assert _where(_errors(problems)) == {("invoices", "discount", 4, "1.234")}
    pq = tmp_path / "pq"
    pq.mkdir()
    tables["invoices"]["discount"] = pd.to_numeric(tables["invoices"]["discount"])
    for name, df in tables.items():
        df.to_parquet(pq / f"{name}.parquet")
    read, problems = read_source(pq)
    assert _errors(problems) == []
    assert read["invoices"].loc[1, "amount"] == 1.23 and read["invoices"].loc[2, "discount"] == 1.23


def test_an_unreadable_source_is_one_problem_not_missing_tables(tmp_path):
    broken = tmp_path / "book.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    _, problems = read_source(broken)
    assert len(problems) == 1 and problems[0].message.startswith("cannot read the workbook")
    _, problems = read_source(VALID / "invoices.csv")  # one file instead of a folder
    assert [p.message for p in problems] == ["the source is neither a folder nor an .xlsx workbook"]


def test_source_files_are_not_modified(src):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in src.iterdir()}
    read_source(src)
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in src.iterdir()} == before


# ------------------------------------------------------------------ mapping
def test_flat_mapping_applies_to_every_table(src, tmp_path):
    for name in ("customers", "invoices", "payments"):
        _edit(src / f"{name}.csv", "customer_id", "KUNNR")
    mapping = tmp_path / "map.yml"
    mapping.write_text("columns:\n  KUNNR: customer_id\n", encoding="utf-8")
    tables, problems = read_source(src, mapping)
    assert problems == []
    assert tables["payments"].loc[0, "customer_id"] == "C001"


def test_table_mapping_renames_files(src, tmp_path):
    (src / "invoices.csv").rename(src / "Rechnungen.csv")
    mapping = tmp_path / "map.yml"
    mapping.write_text("tables:\n  Rechnungen: invoices\n", encoding="utf-8")
    tables, problems = read_source(src, mapping)
    assert problems == [] and len(tables["invoices"]) == 6
    _, problems = read_source(src)  # without the mapping
    assert {(p.file, p.message) for p in problems} == {
        ("invoices.csv", "the table invoices is missing"),
        ("Rechnungen.csv", "the file is not named like a table of the model (nor mapped onto one) and was ignored"),
    }


def test_mapping_problems_name_the_key_and_its_line(src, tmp_path):
    mapping = tmp_path / "map.yml"
    mapping.write_text(
        "tables:\n"
        "  Rechnungen: invoice\n"  # line 2: no such table
        "columns:\n"
        "  invoices:\n"
        "    Betrag: amout\n"  # line 5: no such column
        "  orders:\n"  # line 6: no such table
        "    x: y\n"
        "  Kunde: kunde_id\n"  # line 8: flat, no such column anywhere
        "extra: 1\n",  # line 9: unknown section
        encoding="utf-8",
    )
    _, problems = read_source(src, mapping)
    got = {(p.row, p.value) for p in problems if p.file == str(mapping)}
    assert got == {(2, "Rechnungen"), (5, "Betrag"), (6, "orders"), (8, "Kunde"), (9, "extra")}
    assert all(p.severity == "error" for p in problems)


def test_missing_or_broken_mapping_file(src, tmp_path):
    _, problems = read_source(src, tmp_path / "nope.yml")
    assert [p.message for p in problems] == ["mapping file not found"]
    broken = tmp_path / "broken.yml"
    broken.write_text("tables:\n  客户: customers\ncolumns:\n  invoices: {a: amount\n  b: c\n", encoding="utf-8")
    _edit(src / "invoices.csv", "45200.00", "abc")
    _, problems = read_source(src, broken)  # without its renames, the source is not checked
    assert len(problems) == 1 and "cannot read the mapping" in problems[0].message
    assert problems[0].row == 5 and problems[0].message.endswith("expected ',' or '}', but got ':'")


_LAUGHS = "".join(f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdefg", "bcdefgh"))


@pytest.mark.parametrize(
    "text, line, anchor",
    [
        ('a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + _LAUGHS + "columns: *h\n", 2, "a"),
        ("tables: &t\n  customers: *t\n", 2, "t"),  # an alias inside its own anchor: a loop
    ],
)
def test_a_mapping_with_aliases_is_refused_naming_the_file_and_line(src, tmp_path, text, line, anchor):
    mapping = tmp_path / "bomb.yml"
    mapping.write_text(text, encoding="utf-8")
    _, problems = read_source(src, mapping)
    assert [(p.file, p.row, p.message) for p in problems] == [
        (
            str(mapping),
            line,
            f"cannot read the mapping: YAML aliases (*{anchor}) are not allowed in this file: "
            "write the value out instead of repeating it with an alias",
        )
    ]


def test_a_mapping_file_too_large_is_refused_unread(src, tmp_path):
    mapping = tmp_path / "huge.yml"
    mapping.write_text("tables: {}\n" + "# padding\n" * 100_001, encoding="utf-8")
    _, problems = read_source(src, mapping)
    assert [(p.file, p.message) for p in problems] == [(str(mapping), "the file is too large to be a mapping")]


# ------------------------------------------------------------------ validate() on typed data
@pytest.fixture(scope="module")
def typed() -> dict[str, pd.DataFrame]:
    tables, problems = read_source(VALID)
    assert problems == []
    return tables


def test_validate_accepts_valid_typed_frames(typed):
    assert validate(typed) == []
    assert validate(kt.KamData(typed)) == []


def test_validate_checks_typed_frames_with_the_same_rules(typed):
    frames = {name: df.copy() for name, df in typed.items()}
    frames["financials"].loc[1, "inventory"] = 10_000_000.0  # > current assets
    frames["credit_factors"].loc[0, "industry_climate"] = 7
    frames["financials"] = pd.concat([frames["financials"], frames["financials"].iloc[[0]]], ignore_index=True)
    frames["payments"].loc[2, "invoice_id"] = "I404"
    frames["customers"].loc[1, "attractiveness"] = "very high"
    frames["invoices"]["amount"] = frames["invoices"]["amount"].astype(str)  # wrong dtype
    del frames["leads"]
    problems = validate(frames)
    assert {
        ("financials", "inventory", 1, "10000000.0"),
        ("credit_factors", "industry_climate", 0, "7"),
        ("financials", "customer_id, period_end", 5, "C001 / 2024-12-31"),
        ("payments", "invoice_id", 2, "I404"),
        ("customers", "attractiveness", 1, "very high"),
        ("invoices", "amount", None, "str"),
        ("leads", None, None, None),
    } == _where(problems)
    assert all(p.file == p.table for p in problems)
    # The input was not modified.
    assert validate(typed) == []


def test_validate_generated_sample_data_is_clean(small_data):
    assert kt.validate(small_data) == []


# ------------------------------------------------------------------ load() and import_source()
def test_load_dispatches_on_what_it_is_given(tmp_path, monkeypatch):
    db = tmp_path / "kam.duckdb"
    import_source(VALID, db)
    from_store = load(db)
    try:
        assert from_store.db == db and len(from_store.invoices) == 6
    finally:
        from_store.close()
    from_source = load(VALID)
    assert from_source.db is None and len(from_source.invoices) == 6
    # None: the default store when it exists ...
    monkeypatch.setenv("KAM_DB", str(db))
    default = load()
    try:
        assert default.db == db
    finally:
        default.close()
    # ... else the committed sample.
    monkeypatch.setenv("KAM_DB", str(tmp_path / "absent.duckdb"))
    monkeypatch.setattr(paths, "SAMPLE_DIR", VALID)
    sample = load()
    assert sample.db is None and len(sample.customers) == 4


def test_load_strict_raises_with_every_problem(src):
    _edit(src / "invoices.csv", "45200.00", "abc")
    _edit(src / "leads.csv", "true,true,false", "true,maybe,false")
    with pytest.raises(kt.DataError) as info:
        load(src)
    assert len(info.value.problems) == 2
    assert str(info.value).startswith(f"2 problems in {src}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = load(src, strict=False)
    assert caught and "2 problems" in str(caught[0].message)
    assert data.invoices["amount"].isna().sum() == 1


def test_import_refuses_errors_and_leaves_the_store_alone(src, tmp_path):
    db = tmp_path / "kam.duckdb"
    summary = import_source(src, db)
    assert summary.startswith(f"imported {src} into {db}: customers 4, financials 5")
    before = db.read_bytes()
    _edit(src / "invoices.csv", "I004,C003", "I004,C999")
    with pytest.raises(kt.DataError) as info:
        import_source(src, db)
    assert [(p.column, p.row, p.value) for p in info.value.problems] == [("customer_id", 5, "C999")]
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kam.duckdb.lock", "kam.duckdb", "src"]


# ------------------------------------------------------------------ the committed sample
@pytest.fixture(scope="module")
def sample_source() -> dict[str, pd.DataFrame]:
    # The committed sample is part of the repository: its absence is a failure, not a skip.
    missing = [n for n in kt.schema.REQUIRED_TABLES if not (paths.SAMPLE_DIR / f"{n}.csv").is_file()]
    assert not missing, f"data/sample lacks {', '.join(missing)}: run `make sample`"
    tables, problems = read_source(paths.SAMPLE_DIR)
    assert problems == []
    return tables


def test_committed_sample_is_valid(sample_source):
    assert validate(sample_source) == []


def test_committed_sample_round_trips_through_the_store(sample_source, tmp_path):
    db = tmp_path / "kam.duckdb"
    import_source(paths.SAMPLE_DIR, db)
    stored = kt.KamData(db=db)
    try:
        assert stored.tables == list(sample_source)
        exported = stored.to_csv(tmp_path / "export")  # UTF-8 with a BOM, as Excel wants it
        assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in exported.glob("*.csv"))
        back, problems = read_source(exported)
        assert problems == []
        for name, df in sample_source.items():
            assert_frame_equal(stored.table(name), df, check_exact=True, obj=f"store {name}")
            assert_frame_equal(back[name], df, check_exact=True, obj=f"csv {name}")
    finally:
        stored.close()

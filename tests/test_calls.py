"""Worklists collectors work from, and `kam import-calls`: a filled worklist, written by the product,
filled in with openpyxl and read back through the command line, shows in the next month's worklist."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest
from kam_cli import run_kam
from openpyxl import load_workbook

import kamtools as kt
from kamtools import receivables as rc
from kamtools.output import labels
from kamtools.output.call_import import import_calls
from kamtools.output.worklists import CALL_COLUMNS, HEADER_FILL, INPUT_FILL, outcome_choices, worklist_workbook
from kamtools.store import DataError

AS_OF, NEXT = "2026-10-31", "2026-11-30"


@pytest.fixture(scope="module")
def book_store(tmp_path_factory) -> Path:
    """A small generated book in a store (its data end on 2026-10-31)."""
    path = tmp_path_factory.mktemp("calls") / "kam.duckdb"
    kt.sample_data(customers=80, years=2, seed=3).save(path)
    return path


@pytest.fixture
def store(book_store, tmp_path) -> Path:
    path = tmp_path / "kam.duckdb"
    path.write_bytes(book_store.read_bytes())
    return path


@pytest.fixture
def lang():
    """The report's language for one test, English again afterwards."""
    yield labels.use
    labels.use("en")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _worklist(db: Path, as_of: str) -> pd.DataFrame:
    data = kt.load(db)
    try:
        return rc.worklist(data, as_of)
    finally:
        data.close()


#: The worklist's columns the tests look up by name.
_LOOKED_UP = ("customer_id", "name", "last_call", "last_call_outcome", "last_promise_amount")


def _columns(ws) -> dict[str, int]:
    """Column number of each column of a worklist sheet, by its name (the headers are labels)."""
    names = {
        f(c, lang): c
        for c in [*_LOOKED_UP, *CALL_COLUMNS]
        for lang in labels.LANGUAGES
        for f in (labels.column, labels.money_column)
    }
    return {names.get(c.value, c.value): c.column for c in ws[1]}


def _row_of(ws, cols, customer_id) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["customer_id"]).value == customer_id)


def test_the_worklist_is_set_up_for_collectors(store, tmp_path, lang):
    lang("both")
    w = _worklist(store, AS_OF)
    wb = load_workbook(worklist_workbook(w, tmp_path / "w.xlsx"))
    ws = wb[sorted(w["account_manager"].unique())[0]]
    cols = _columns(ws)
    # the call columns come after the worklist's own, empty, shaded, checked
    assert list(cols)[-len(CALL_COLUMNS) :] == list(CALL_COLUMNS)
    n = int((w["account_manager"] == ws.title).sum())
    for name in CALL_COLUMNS:
        cells = [ws.cell(r, cols[name]).value for r in range(2, n + 2)]
        assert cells == [None] * n, name
    assert ws.column_dimensions[ws.cell(1, cols["call_date"]).column_letter].fill.fgColor.rgb.endswith(INPUT_FILL[1:])
    checks = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    letter = ws.cell(1, cols["call_outcome"]).column_letter
    outcome = checks[f"{letter}2:{letter}{n + 1}"]
    assert outcome.type == "list" and outcome.formula1 == '"' + ",".join(outcome_choices("both")) + '"'
    assert "承诺付款 Promised to pay" in outcome.formula1
    assert (
        checks[
            f"{ws.cell(1, cols['call_date']).column_letter}2:{ws.cell(1, cols['call_date']).column_letter}{n + 1}"
        ].type
        == "date"
    )
    amount = ws.cell(1, cols["promise_amount"]).column_letter
    assert checks[f"{amount}2:{amount}{n + 1}"].type == "decimal"
    # panes frozen right of the name (and below the header); header shaded and bold
    assert ws.freeze_panes == f"{ws.cell(1, cols['name'] + 1).column_letter}2"
    assert ws["A1"].fill.fgColor.rgb.endswith(HEADER_FILL[1:]) and ws["A1"].font.b
    # print: A4 landscape, one page wide, the header row on every page
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"


def _fill(path: Path, out: Path, entries: dict[str, dict]) -> Path:
    """The worklist ``path`` filled in as a collector would (openpyxl), saved as ``out``."""
    wb = load_workbook(path)
    done = set()
    for ws in wb.worksheets:
        cols = _columns(ws)
        for cid, values in entries.items():
            try:
                r = _row_of(ws, cols, cid)
            except StopIteration:
                continue
            for name, value in values.items():
                ws.cell(r, cols[name]).value = value
            done.add(cid)
    assert done == set(entries)
    wb.save(out)
    return out


def test_a_filled_worklist_shows_in_next_months_worklist(store, tmp_path, capsys, lang):
    lang("zh")  # written in Chinese, read back whatever the language
    w = _worklist(store, AS_OF)
    first, second = w.index[0], w.index[1]
    path = worklist_workbook(w, tmp_path / f"worklists_{AS_OF[:7]}.xlsx")
    lang("en")
    filled = _fill(
        path,
        tmp_path / "filled.xlsx",
        {
            first: {
                "call_date": dt.date(2026, 11, 5),
                "call_outcome": "承诺付款",
                "promise_pay_by": dt.date(2026, 11, 20),
                "promise_amount": 12500,
                "next_step": "call the CFO on 11-21 if unpaid",
            },
            second: {"call_date": "2026-11-06", "call_outcome": "no answer"},
        },
    )
    code, out, err = run_kam(capsys, "import-calls", filled, "--db", store)
    assert code == 0, err
    assert "recorded 2 calls and 1 payment promises" in out
    after = _worklist(store, NEXT)
    row = after.loc[first]
    assert row["last_call"] == pd.Timestamp("2026-11-05") and row["last_call_outcome"] == "promised"
    assert row["last_call_next_step"] == "call the CFO on 11-21 if unpaid"
    assert row["last_promise_on"] == pd.Timestamp("2026-11-05")
    assert row["last_promise_pay_by"] == pd.Timestamp("2026-11-20") and row["last_promise_amount"] == 12500.0
    assert row["last_promise_status"] == "broken"  # nothing paid by 20 November
    assert after.loc[second, "last_call"] == pd.Timestamp("2026-11-06")
    assert after.loc[second, "last_call_outcome"] == "no_answer" and pd.isna(after.loc[second, "last_call_next_step"])
    # the next month's workbook shows them, in the reader's words
    lang("both")
    ws_book = load_workbook(worklist_workbook(after, tmp_path / "next.xlsx"))
    for ws in ws_book.worksheets:
        cols = _columns(ws)
        try:
            r = _row_of(ws, cols, first)
        except StopIteration:
            continue
        assert ws.cell(r, cols["last_call"]).value == dt.datetime(2026, 11, 5)
        assert ws.cell(r, cols["last_call_outcome"]).value == "承诺付款 Promised to pay"
        assert ws.cell(r, cols["last_promise_amount"]).value == 12500.0
        break
    else:
        pytest.fail("the customer called is not on next month's worklist")


def test_importing_the_same_worklist_again_records_nothing_twice(store, tmp_path, capsys):
    w = _worklist(store, AS_OF)
    cid = w.index[0]
    filled = _fill(
        worklist_workbook(w, tmp_path / "w.xlsx"),
        tmp_path / "filled.xlsx",
        {cid: {"call_date": dt.date(2026, 11, 5), "call_outcome": "promised to pay",
               "promise_pay_by": dt.date(2026, 11, 20), "promise_amount": 900.5}},
    )  # fmt: skip

    def counts():
        data = kt.load(store)
        try:
            acts = int(data.sql("select count(*) n from activities")["n"].iloc[0])
            proms = int(data.sql("select count(*) n from promises")["n"].iloc[0])
            mine = data.sql("select amount from promises where customer_id = ? and promised_on = '2026-11-05'", [cid])
            return acts, proms, mine["amount"].astype(float).tolist()
        finally:
            data.close()

    before = counts()
    assert run_kam(capsys, "import-calls", filled, "--db", store)[0] == 0
    once = counts()
    assert once[0] == before[0] + 1 and once[1] == before[1] + 1 and once[2] == [900.5]
    code, out, _ = run_kam(capsys, "import-calls", filled, "--db", store)
    assert code == 0 and "1 recorded before, replaced" in out
    assert counts() == once
    # a corrected promise replaces the one recorded before
    again = _fill(filled, tmp_path / "corrected.xlsx", {cid: {"promise_amount": 1000}})
    assert run_kam(capsys, "import-calls", again, "--db", store)[0] == 0
    assert counts() == (once[0], once[1], [1000.0])


def test_a_bad_worklist_is_refused_whole_naming_each_cell(store, tmp_path, capsys):
    w = _worklist(store, AS_OF)
    a, b, c, d = w.index[:4]
    path = worklist_workbook(w, tmp_path / "w.xlsx")
    wb = load_workbook(path)
    cols = _columns(wb.worksheets[0])
    ws = None
    for sheet in wb.worksheets:  # the sheet holding a
        try:
            _row_of(sheet, cols, a)
            ws = sheet
        except StopIteration:
            pass
    r = _row_of(ws, cols, a)
    ws.cell(r, cols["call_date"]).value = "2026-11-31"  # no such day
    ws.cell(r, cols["call_outcome"]).value = "no answer"
    ws.cell(r + 1, cols["customer_id"]).value = "C999999kampwn"  # not a customer
    ws.cell(r + 1, cols["call_date"]).value = dt.date(2026, 11, 6)
    ws.cell(r + 1, cols["call_outcome"]).value = "<b>kampwn</b>"  # markup is no outcome
    ws.cell(r + 2, cols["call_date"]).value = dt.date(2026, 11, 6)
    ws.cell(r + 2, cols["call_outcome"]).value = "paid"
    ws.cell(r + 2, cols["next_step"]).value = '=HYPERLINK("http://kampwn")'  # a formula
    ws.cell(r + 3, cols["call_date"]).value = dt.date(2026, 11, 6)
    ws.cell(r + 3, cols["call_outcome"]).value = "promised"  # a promise without date nor amount
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    before = _digest(store)
    code, out, err = run_kam(capsys, "import-calls", bad, "--db", store)
    assert code == 2 and "Traceback" not in out + err
    where = f"bad.xlsx, sheet {ws.title}"
    assert f"{where}, row {r}, column Call date (call_date): value '2026-11-31' is not a date" in err
    assert f"row {r + 1}, column Call outcome (call_outcome): value '<b>kampwn</b>' is not a call outcome" in err
    assert (
        f"row {r + 2}, column Next step agreed on the call (next_step): value '=HYPERLINK(\"http://kampwn\")' holds a formula"
        in err
    )
    assert f"row {r + 3}, column Promised to pay by (promise_pay_by): the outcome is a promise" in err
    assert _digest(store) == before
    # once the cells are right, the unknown customer is the store's to refuse, naming it
    ws.cell(r, cols["call_date"]).value = dt.date(2026, 11, 5)
    ws.cell(r + 1, cols["call_outcome"]).value = "no_answer"
    ws.cell(r + 2, cols["next_step"]).value = None
    ws.cell(r + 3, cols["call_outcome"]).value = "call back later"
    wb.save(bad)
    code, out, err = run_kam(capsys, "import-calls", bad, "--db", store)
    assert (
        code == 2 and f"row {r + 1}, column Customer ID (customer_id): value 'C999999kampwn' is not a customer" in err
    )
    assert _digest(store) == before
    assert not list(tmp_path.glob(".kam.duckdb.*.tmp"))


def test_calls_dated_after_today_or_promises_before_the_call_are_refused(store, tmp_path):
    w = _worklist(store, AS_OF)
    cid = w.index[0]
    filled = _fill(
        worklist_workbook(w, tmp_path / "w.xlsx"),
        tmp_path / "f.xlsx",
        {cid: {"call_date": dt.date(2026, 11, 5), "call_outcome": "promised",
               "promise_pay_by": dt.date(2026, 11, 4), "promise_amount": -5}},
    )  # fmt: skip
    with pytest.raises(DataError) as exc:
        import_calls(filled, store, today=dt.date(2026, 11, 1))
    text = str(exc.value)
    assert "value '2026-11-05' is after today" in text
    assert "value '2026-11-04' is before the call" in text
    assert "value '-5' is not above 0" in text


def test_a_file_that_is_no_worklist_is_refused(store, tmp_path, capsys):
    other = tmp_path / "notes.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(other, index=False)
    code, _, err = run_kam(capsys, "import-calls", other, "--db", store)
    assert code == 2 and "no sheet has the columns of a worklist" in err
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    code, _, err = run_kam(capsys, "import-calls", text, "--db", store)
    assert code == 2 and "cannot read the workbook" in err and "Traceback" not in err
    code, out, _ = run_kam(
        capsys, "import-calls", worklist_workbook(_worklist(store, AS_OF), tmp_path / "e.xlsx"), "--db", store
    )
    assert code == 0 and "no call recorded" in out


def test_a_call_that_reached_nobody_does_not_end_a_silence():
    customers = pd.DataFrame({"customer_id": ["C1"], "name": ["Acme"], "industry": ["x"], "region": ["East"],
                              "account_manager": ["Wang"]})  # fmt: skip
    invoices = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "invoice_date": ["2025-09-01"],
                             "due_date": ["2025-10-01"], "amount": [1000.0], "cost": [0.0]})  # fmt: skip

    def silent(outcome):
        calls = pd.DataFrame({"activity_id": ["call-2026-10-20-C1"], "customer_id": ["C1"], "date": ["2026-10-20"],
                              "type": ["call"], "account_manager": ["Wang"], "hours": [0.0], "outcome": [outcome]})  # fmt: skip
        book = {"customers": customers, "invoices": invoices, "activities": calls}
        return "C1" in rc.silent_debtors(book, AS_OF).index

    assert silent("no_answer") and silent("wrong_contact")  # calling into the void: still silent
    assert not silent("promised") and not silent(None)  # the customer answered, or a visit or call of the CRM

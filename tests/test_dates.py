"""Dates that must not steer the report: the import warns of dates after the day of import (and far
after the rest of their column), the default period leaves them out and says so, and a period
outside the data is refused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import kamtools as kt
from kamtools.ingest import import_source, read_source
from kamtools.periods import DataSpan, data_period, data_span
from kamtools.report import run
from kamtools.report.runner import choose_period

VALID = Path(__file__).parent / "data" / "bad" / "_valid"
TODAY = dt.date(2026, 12, 6)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def src(tmp_path) -> Path:
    """The valid source with invoice I004 typed as 2062 (its due date too)."""
    folder = tmp_path / "src"
    shutil.copytree(VALID, folder)
    _edit(folder / "invoices.csv", "I004,C003,2026-09-01,2026-10-01", "I004,C003,2062-09-01,2062-10-01")
    return folder


def test_the_import_warns_of_an_invoice_dated_after_the_day_of_import(src, tmp_path):
    summary = import_source(src, tmp_path / "kam.duckdb", today=TODAY)
    assert summary.splitlines()[1:] == [
        "1 warning:",
        "  warning: invoices.csv, row 5, column invoice_date: value '2062-09-01' lies after the day of import "
        "(2026-12-06); the latest other date is 2026-10-02: a typing error? The report's default period leaves "
        "it out (expected a date up to the day of import)",
    ]
    assert kt.KamData(db=tmp_path / "kam.duckdb").invoices["invoice_date"].max() == pd.Timestamp("2062-09-01")


def test_due_dates_and_promised_dates_may_lie_ahead_but_payments_may_not(src):
    _edit(src / "invoices.csv", "I004,C003,2062-09-01,2062-10-01", "I004,C003,2026-09-01,2027-03-01")
    _edit(src / "payments.csv", "2026-10-20", "2027-10-20")
    _, problems = read_source(src, today=TODAY)
    assert [(p.severity, p.file, p.column, p.row, p.value) for p in problems] == [
        ("warning", "payments.csv", "payment_date", 4, "2027-10-20")
    ]


def test_a_date_far_after_the_rest_of_its_column_is_warned_of_before_its_day_comes(src):
    """Read in 2070, the 2062 invoice is no longer in the future, but still 36 years after the rest."""
    _, problems = read_source(src, today=dt.date(2070, 1, 1))
    assert [str(p) for p in problems] == [
        "warning: invoices.csv, row 5, column invoice_date: value '2062-09-01' lies over a year after the other "
        "dates of the column (up to 2026-10-02): a typing error? The report's default period leaves it out "
        "(expected a date near the others)"
    ]


def test_a_valid_source_has_no_warning(tmp_path):
    _, problems = read_source(VALID, today=TODAY)
    assert problems == []
    assert kt.validate(kt.sample_data(customers=20, years=2, seed=3)) == []


def _book_with_a_2062_invoice() -> kt.KamData:
    data = kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31")
    frames = data.frames()
    inv = frames["invoices"].copy()
    inv.loc[inv.index[0], ["invoice_date", "due_date"]] = [pd.Timestamp("2062-09-14"), pd.Timestamp("2062-10-14")]
    frames["invoices"] = inv
    return kt.KamData(frames)


def test_the_default_period_leaves_out_invoices_after_today():
    data = _book_with_a_2062_invoice()
    assert data_period(data, TODAY) == "2026-10"
    span = data_span(data, TODAY)
    assert (span.last, span.later, span.latest) == (dt.date(2026, 10, 31), 1, dt.date(2062, 9, 14))
    assert data_period(data, dt.date(2062, 12, 31)) == "2062-08"  # on that day it is no longer ahead
    with pytest.raises(ValueError, match=r"every invoice .* is dated after the day of the run \(2020-01-01\)"):
        data_period(data, dt.date(2020, 1, 1))


SPAN = DataSpan(TODAY, dt.date(2024, 11, 3), dt.date(2026, 10, 31), 1, dt.date(2062, 9, 14))


def test_a_period_outside_the_data_is_refused_and_after_it_only_with_force():
    assert choose_period(None, SPAN) == "2026-10"
    assert choose_period("2024-11", SPAN) == "2024-11"
    with pytest.raises(ValueError) as info:
        choose_period("2062-09", SPAN)
    assert str(info.value) == (
        "period 2062-09 is after the data: the last invoice is dated 2026-10-31; give a period up to 2026-10, "
        "or add --force to report on 2062-09 all the same"
    )
    assert choose_period("2062-09", SPAN, force=True) == "2062-09"
    for force in (False, True):  # before the first invoice there is nothing to report on
        with pytest.raises(ValueError) as info:
            choose_period("2024-10", SPAN, force=force)
        assert str(info.value) == (
            "period 2024-10 is before the data: the first invoice is dated 2024-11-03: there is nothing to "
            "report on before it; give a period from 2024-11 on"
        )
    with pytest.raises(ValueError, match="the store holds no invoices"):
        choose_period(None, DataSpan(TODAY, None, None))


@pytest.fixture
def unrun(tmp_path) -> Path:
    """A page the runner refuses while planning (no parameters cell): a run with it starts no kernel."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print('never run')")]
    path = tmp_path / "00_unrun.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_the_report_leaves_a_2062_invoice_out_of_its_period_and_says_why(src, unrun, tmp_path):
    db = tmp_path / "kam.duckdb"
    import_source(src, db, today=TODAY)
    out = tmp_path / "reports"
    result = run(db=db, out=out, notebooks=[unrun], progress=False, today=TODAY)
    assert result.period == "2026-09"
    why = (
        "1 invoice is dated after the day of the run (2026-12-06), the latest 2062-09-01: typing errors? The default "
        "period leaves them out (check the invoice dates of the source and import it again)"
    )
    assert why in result.notices
    assert why in (out / "2026-09" / "index.html").read_text(encoding="utf-8")
    assert f"note: {why}" in result.summary()
    with pytest.raises(ValueError, match="period 2062-09 is after the data"):
        run(period="2062-09", db=db, out=out, notebooks=[unrun], progress=False, today=TODAY)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["2026-09"]
    forced = run(period="2062-09", db=db, out=out, notebooks=[unrun], progress=False, today=TODAY, force=True)
    assert forced.period == "2062-09" and why in forced.notices

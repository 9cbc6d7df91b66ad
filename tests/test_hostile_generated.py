"""Generated hostile values in every free-text field of every table, through import, export,
credit forms and the contact calendar (property tests; tests/test_hostile_report.py takes them through the monthly report): nothing they hold runs
as SQL, markup or a formula, becomes a path, or makes two files one; the text comes back as it went in.

Each value is a payload of one class (HTML, SQL, path, formula, Unicode) around generated text,
and carries the marker ``kampwn`` the scanner (tests/hostile_scan.py) looks for."""

from __future__ import annotations

import csv
from pathlib import Path

import icalendar
import pandas as pd
import pytest
from hostile_scan import MARK, scan
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import kamtools as kt
from kamtools import cli
from kamtools.schema import TABLES
from kamtools.snapshots import sample_history

#: One payload per class of fault; ``{}`` is where the marker goes.
PAYLOADS = [
    "<script>{}()</script>",
    "<img src=x onerror={}()>",
    '"><svg onload={}()>',
    "[x](javascript:{}())",
    "{{{{ {} }}}}{{% raw %}}",
    "'); drop table customers; --{}",
    "\" integer); copy (select 1) to '{}.txt'; --",
    "../../{}",
    "..\\..\\{}",
    "/etc/{}",
    "CON.{}",
    "={}()",
    '=HYPERLINK("http://x","{}")',
    "+{}",
    "-2+{}",
    "@SUM({})",
    "\t{}",
    "\u202e{}\u202d",
    "华东{}机电",
    "e\u0301{}",
    "{}\u200b",
    "{} 🚀",
]

#: Text around a payload: letters, Chinese, punctuation, spaces (no control characters but tab).
_AROUND = st.text(alphabet=st.sampled_from(list("aZ9 华电,;'\"<>&%_/\\.-")), max_size=4)


def hostile_text() -> st.SearchStrategy[str]:
    payload = st.sampled_from(PAYLOADS).map(lambda p: p.format(MARK))
    return st.builds(lambda a, p, b: a + p + b, _AROUND, payload, _AROUND)


def free_text_columns(table: str) -> list[str]:
    # an override's grade is a code the policy checks (tests/data/hostile/policy_override_grade); a
    # snapshot's period is a month and its grade one of the policy's (tests/data/bad/bad_snapshots)
    codes = {("credit_overrides", "grade"), ("snapshots", "period"), ("snapshots", "grade")}
    return [
        c.name
        for c in TABLES[table].columns
        if c.kind in ("id", "text") and c.allowed is None and (table, c.name) not in codes
    ]


def hostile_book(data: kt.KamData, texts: list[str]) -> dict[str, pd.DataFrame]:
    """``data`` with every free-text value replaced, the same value by the same text everywhere
    (so keys still match), distinct values by distinct texts (so keys stay unique)."""
    values = sorted(
        {str(v) for t in data.tables for c in free_text_columns(t) for v in data.table(t)[c].dropna().unique()}
    )
    swap = {v: f"{texts[i % len(texts)]}{i}" for i, v in enumerate(values)}
    frames = {}
    for t in data.tables:
        df = data.table(t).copy()
        for c in free_text_columns(t):
            df[c] = df[c].map(lambda v: swap[str(v)] if pd.notna(v) else v)
        frames[t] = df
    return frames


def _kam(*args) -> int:
    return cli.main([str(a) for a in args])


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def plain_book() -> kt.KamData:
    """The book whose free text each example replaces (the same for every example)."""
    book = kt.sample_data(customers=12, years=1, seed=3)
    return kt.KamData({**book.frames(), "snapshots": sample_history(book, "2026-10", months=2, seed=3)})


# each example imports and exports a store (seconds): no shrinking, a failure shows its example as drawn
@settings(
    max_examples=8,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(hostile_text(), min_size=3, max_size=12))
def test_hostile_text_through_import_export_and_forms(tmp_path_factory, plain_book, texts):
    work = tmp_path_factory.mktemp("hostile")
    frames = hostile_book(plain_book, texts)
    kt.KamData(frames).to_csv(work / "src", encoding="utf-8")
    assert _kam("import", work / "src", "--db", work / "kam.duckdb") == 0
    assert _kam("export", "--db", work / "kam.duckdb", "--out", work / "exported") == 0
    for table in frames:  # every text comes back as it went in (the import trims blanks around a value)
        source = [[cell.strip() for cell in row] for row in _csv_rows(work / "src" / f"{table}.csv")]
        assert _csv_rows(work / "exported" / f"{table}.csv") == source, table
    first = frames["customers"]["customer_id"].iloc[0]
    _kam("credit-forms", f"--customer={first}", "--db", work / "kam.duckdb", "--out", work / "forms")
    # the contact calendar: a file per account manager, named from the manager's (hostile) name
    assert _kam("calendar", "--db", work / "kam.duckdb", "--period", "2026-10", "--out", work / "calendar") == 0
    managers = {m.strip() for m in frames["customers"]["account_manager"].dropna().astype(str)}  # as imported
    written = list((work / "calendar" / "2026-10" / "calendar").glob("*.ics"))
    named = {str(icalendar.Calendar.from_ical(p.read_bytes())["X-WR-CALNAME"]).split(": ", 1)[1] for p in written}
    assert written and len(named) == len(written) and named <= managers  # each its own file, none elsewhere
    assert not list(work.parent.glob(f"*{MARK}*")) and not list(Path.cwd().glob(f"*{MARK}*"))
    assert scan(work) == []

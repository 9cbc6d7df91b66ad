"""Hostile text once through the whole monthly report, as a user runs it: a small book written as
CSV, ``kam import`` and ``kam report`` with the CLI's default options into a folder whose name holds
an apostrophe. Every free-text field holds a payload of tests/test_hostile_generated.py; customer
ids, names, an industry, a region, an account manager, a product and a lead's company are HTML and
Markdown (once the corpus case markup_report_labels_out_apostrophe of tests/data/hostile); four
customers carry names with HTML or formula characters. Every page, plan, the index and every
workbook are scanned (tests/hostile_scan.py).

The run is the one whole report of hostile text of the session (tests/report_runs.py
:func:`hostile_report`), read by these tests and by tests/test_report_html.py, tests/test_report.py
and tests/test_segmentation_report.py."""

from __future__ import annotations

import pandas as pd
import pytest
from hostile_scan import MARK, scan
from markupsafe import escape
from report_runs import HOSTILE_OUT, MARKUP_IDS, digest, hostile_report, markup_every_other
from test_hostile_generated import PAYLOADS, free_text_columns

pytestmark = pytest.mark.kernels

#: The pages of the monthly report, and the files of the plans of :data:`report_runs.MARKUP_IDS`.
PAGES = ["00_data_overview", "01_portfolio", "02_segmentation", "03_credit_review", "04_receivables"]
MARKUP_PLANS = ["05_account_plan_script_kampwn_script_5155350e", "05_account_plan_x_javascript_kampwn_40d3c9f9"]


def test_every_payload_is_in_the_book_that_goes_through_the_report():
    """Every payload of tests/test_hostile_generated.py is in the source, in the free text of some field."""
    run = hostile_report()
    texts = {
        str(v)
        for path in (run.folder / "src").glob("*.csv")
        for c in free_text_columns(path.stem)
        for v in pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")[c]
    }
    assert len(markup_every_other()) == 2 * (len(PAYLOADS) - 5)
    for payload in PAYLOADS:
        assert any(payload.format(MARK) in t for t in texts), payload


def test_hostile_text_through_the_monthly_report():
    """The import and the report exit 0; each planned customer's name and id shows on the index
    as text; nothing written runs, computes or clashes."""
    run = hostile_report()
    (_, imported, said), (args, reported, _) = run.commands
    assert imported == 0, said
    assert reported == 0, run.result.summary()
    assert args[args.index("--accounts") + 1] == ",".join(list(run.plans)[:3])
    index = (run.result.folder / "index.html").read_text(encoding="utf-8")
    assert len(run.plans) == 5
    for cid, name in run.plans.items():  # each planned customer's name and id shows on the index as text
        assert str(escape(f"{name} ({cid})")) in index
    assert scan(run.folder) == []


def test_markup_ids_and_an_apostrophe_folder_give_every_page_and_plan_and_leave_the_store():
    """Customer ids that are HTML or Markdown name the plans' files; a folder whose name holds an
    apostrophe (once it broke five of six pages, a fault of SQL) gets every page and both plans;
    the report leaves the store and the source as they were; nothing is written outside the report."""
    run = hostile_report()
    for _, _, said in run.commands:
        assert "Traceback" not in said, said
    args, code, said = run.commands[1]
    assert args[:5] == ["report", "--db", "kam.duckdb", "--out", HOSTILE_OUT]  # no --period, --jobs, --lang
    assert args[-1] == f"--accounts={','.join(MARKUP_IDS)}" and list(run.plans)[3:] == MARKUP_IDS
    assert code == 0
    assert "report 2026-10: 10 of 10 pages ok" in said, said  # the default period: the latest complete month
    assert f"{HOSTILE_OUT}/2026-10/index.html" in said and run.result.summary() in said
    assert run.result.folder == run.folder / HOSTILE_OUT / "2026-10"
    assert digest(run.store) == run.store_before and digest(run.folder / "src") == run.source_before
    names = {p.name for p in run.result.folder.iterdir()}
    assert {"index.html", *(f"{p}.html" for p in PAGES + MARKUP_PLANS)} <= names
    assert {r.html for r in run.result.runs} <= names and len(run.result.runs) == 10
    escaped = [p for root in (run.folder.parent, run.folder.parent.parent) for p in root.glob(f"*{MARK}*")]
    assert escaped + [p for p in run.folder.rglob(f"{MARK}*")] == []

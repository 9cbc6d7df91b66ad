"""Report runs made once per test session and read by every test that needs them, whichever test
worker it runs in.

A report run costs a minute of kernels; several test files read the same run (the whole sample
report in English is read by the language checks and by the check that the pages agree). The
first test that asks for a run makes it, in a folder of the session's cache (made by the main
process, ``conftest.py``, named by ``$KAMTOOLS_TEST_RUNS``); a test in another worker that asks
for the same run meanwhile waits for it (a file lock) and then reads it. A run is named by its
arguments: two tests asking with the same arguments get the same run.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeVar

import pandas as pd
from filelock import FileLock
from hostile_scan import MARK
from test_hostile_generated import PAYLOADS, free_text_columns, hostile_book

import kamtools as kt
from kamtools import cli, credit
from kamtools.account_plan import BookTables, book_tables
from kamtools.report import run
from kamtools.snapshots import sample_history

#: The session's cache folder (made by conftest.py in the main process, inherited by the workers).
RUNS_ENV = "KAMTOOLS_TEST_RUNS"

T = TypeVar("T")


def _root() -> Path:
    root = os.environ.get(RUNS_ENV)
    if not root:
        raise RuntimeError(f"${RUNS_ENV} is not set: the suite's conftest.py makes the folder of the shared runs")
    return Path(root)


def shared(name: str, args: dict, make: Callable[[Path], T]) -> T:
    """What ``make(folder)`` returns for ``args`` (plain values), made once per session into a
    folder of its own and read back by every later caller, in any test worker. When ``make``
    raises, every later caller fails with that error rather than making it again."""
    key = hashlib.sha256(json.dumps({"name": name, **args}, sort_keys=True, default=str).encode()).hexdigest()[:16]
    folder = _root() / f"{name}-{key}"
    made, failed = folder / "made.pickle", folder / "failed.txt"
    with FileLock(f"{folder}.lock"):
        if not made.exists() and not failed.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                value = make(folder)
            except BaseException:
                failed.write_text(traceback.format_exc(), encoding="utf-8")
                raise
            part = made.with_suffix(".part")
            part.write_bytes(pickle.dumps(value))
            os.replace(part, made)
    if failed.exists():
        raise RuntimeError(f"the shared {name} {args} failed in another test:\n{failed.read_text(encoding='utf-8')}")
    return pickle.loads(made.read_bytes())


def report(**args) -> kt.report.ReportResult:
    """``kamtools.report.run(**args)`` into a folder of the session's cache, run once per session
    (``out`` is that folder; ``db``, ``policy`` and ``notebooks`` are given as text). The result is
    returned whether or not every page ran ok: the tests say what they expect of it."""

    def make(folder: Path) -> kt.report.ReportResult:
        given = dict(args)
        if given.get("notebooks") is not None:
            given["notebooks"] = [Path(p) for p in given["notebooks"]]
        # the session's store is read by every test worker at once: a run stores no snapshot in it
        # (the committed sample holds the snapshot of each month up to its last)
        return run(out=folder, progress=False, **{"snapshot": False, **given})

    return shared("report", args, make)


def _make_sample_book_tables(as_of: str) -> Callable[[Path], BookTables]:
    def make(folder: Path) -> BookTables:
        data = kt.load()
        try:
            return book_tables(data, as_of)
        finally:
            data.close()

    return make


def sample_book_tables(as_of: str) -> BookTables:
    """The book tables of the account plans (:func:`kamtools.account_plan.book_tables`) of the
    committed sample (``$KAM_DB``) on ``as_of`` under the shipped policy, worked out once per session
    for the test files that make plans of the sample."""
    return shared("sample-book-tables", {"as_of": as_of, "db": os.environ["KAM_DB"]}, _make_sample_book_tables(as_of))


#: The accounts planned in the whole report of the committed sample: a key account, and the
#: largest key account (in the portfolio's top customers and on the credit page's lists).
SAMPLE_ACCOUNTS = ["C000017", "C000282"]


def sample_report(language: str) -> kt.report.ReportResult:
    """The whole report of October 2026 on the committed sample (``$KAM_DB``) in ``language``,
    with the account plans of :data:`SAMPLE_ACCOUNTS`."""
    return report(period="2026-10", db=os.environ["KAM_DB"], accounts=SAMPLE_ACCOUNTS, jobs=2, language=language)


#: Names with HTML or spreadsheet-formula characters, without the scanner's marker: the names of the
#: four customers of :func:`hostile_report` with overdue receivables and a limit change (so they
#: appear in the worklist and get credit forms; tests/test_report_html.py).
NASTY = ["<script>alert(1)</script>", '=HYPERLINK("x")', "+cmd", "@SUM(1)"]

#: Customer ids that are HTML and Markdown, and their customers' names (once the corpus case
#: markup_report_labels_out_apostrophe of tests/data/hostile): they become cells, column labels (a
#: plan's profile is labelled by the customer id), index names, captions, sentences, chart titles,
#: links and the names of the plans' files.
MARKUP_IDS = ["<script>kampwn()</script>", "[x](javascript:kampwn())"]
MARKUP_NAMES = ["<img src=x onerror=kampwn()>", "[Northwind](javascript:kampwn())"]
#: The industry, region and account manager of the first of :data:`MARKUP_IDS` (and of every customer
#: that shares them), the best-selling product and the first lead's company.
MARKUP_VALUES = {
    "industry": "<b onmouseover=kampwn()>machinery</b>",
    "region": '"><svg onload=kampwn()>',
    "account_manager": '<a href="javascript:kampwn()">Wang Li</a>',
}
MARKUP_PRODUCT = "**kampwn** <i onclick=kampwn()>panels</i>"
MARKUP_LEAD = "<svg/onload=kampwn()> Robotics"
#: The folder the hostile report goes into: a name with an apostrophe once broke five of six pages
#: (a fault of SQL).
HOSTILE_OUT = "O'Brien's reports"


def markup_every_other() -> list[str]:
    """Every payload of tests/test_hostile_generated.py, with one of markup between any two: every
    field of two values or more (one: the first) holds markup, and the other classes spread over
    the fields."""
    markup, other = PAYLOADS[:5], PAYLOADS[5:]
    return [p.format(MARK) for i, o in enumerate(other) for p in (markup[i % len(markup)], o)]


def _swapped(frames: dict[str, pd.DataFrame], swap: dict[str, str]) -> dict[str, pd.DataFrame]:
    """``frames`` with every free-text value of ``swap`` replaced, in every table (a generated text
    stands for one value of the plain book, so an id is replaced wherever it is a key)."""
    out = {}
    for table, df in frames.items():
        df = df.copy()
        for c in free_text_columns(table):
            df[c] = df[c].map(lambda v: swap.get(v, v))
        out[table] = df
    return out


def hostile_frames() -> tuple[dict[str, pd.DataFrame], dict[str, str], dict[str, str]]:
    """The book of :func:`hostile_report` (40 customers, two years to October 2026: small, for a
    report's kernels cost the same whatever the size): every free-text value of every table a
    payload of :func:`markup_every_other`; four customers with overdue receivables and a limit
    change named by :data:`NASTY`; two others with the ids of :data:`MARKUP_IDS` (in place of
    generated markup ids), the names of :data:`MARKUP_NAMES`, the first of them with the values of
    :data:`MARKUP_VALUES`, the second the parent of another customer. The tables, ``{customer id:
    hostile name}`` of the four, and the customers planned (``{id: name}``, in the order asked for):
    the ``<script>`` and the ``=HYPERLINK`` customers, the first other customer whose generated id
    holds no comma (``--accounts`` splits at commas), and the two of :data:`MARKUP_IDS`."""
    data = kt.sample_data(customers=40, years=2, seed=5, end="2026-10-31")
    # the snapshots of September and October: the hostile ids reach the pages through the stored tiers too
    data = kt.KamData({**data.frames(), "snapshots": sample_history(data, "2026-10", months=2, seed=5)})
    lim = credit.limits(data, "2026-10-31")
    picked = sorted(lim.index[(lim["overdue"] > 0) & (lim["limit_change"] != 0)])[: len(NASTY)]
    assert len(picked) == len(NASTY), "the test book needs four overdue customers with a limit change"
    plain = list(data.table("customers")["customer_id"])
    frames = hostile_book(data, markup_every_other())
    cust = frames["customers"].set_index(pd.Index(plain))
    free = [c for c in plain if c not in picked]
    generated = next(c for c in free if "," not in cust.loc[c, "customer_id"])
    markup = [c for c in free if c != generated and cust.loc[c, "customer_id"].startswith(("<", "[", '"', "{"))][:2]
    swap = dict(zip(cust.loc[markup, "customer_id"], MARKUP_IDS))
    swap |= {cust.loc[markup[0], col]: text for col, text in MARKUP_VALUES.items()}
    swap[frames["invoices"]["product"].value_counts().index[0]] = MARKUP_PRODUCT
    swap[frames["leads"]["company"].iloc[0]] = MARKUP_LEAD
    frames = _swapped(frames, swap)
    cust = frames["customers"].set_index(pd.Index(plain))
    cust.loc[picked + markup, "name"] = NASTY + MARKUP_NAMES
    child = next(c for c in free if c not in (generated, *markup) and pd.isna(cust.loc[c, "parent_id"]))
    cust.loc[child, "parent_id"] = MARKUP_IDS[1]
    frames["customers"] = cust.reset_index(drop=True)
    nasty = dict(zip(cust.loc[picked, "customer_id"], NASTY))
    planned = [*picked[:2], generated, *markup]
    return frames, nasty, dict(zip(cust.loc[planned, "customer_id"], cust.loc[planned, "name"]))


class HostileRun(NamedTuple):
    """What :func:`hostile_report` made and saw."""

    #: The folder the commands ran in: ``src/`` (the CSV source), ``kam.duckdb`` and :data:`HOSTILE_OUT`.
    folder: Path
    #: The store ``kam import`` made.
    store: Path
    #: The report, read back from the period's ``manifest.json``.
    result: kt.report.ReportResult
    #: ``{customer id: name}`` of the customers named by :data:`NASTY`.
    nasty: dict[str, str]
    #: ``{customer id: name}`` of the customers planned, in the order asked for.
    plans: dict[str, str]
    #: Each command (``kam`` arguments), its exit code and what it printed (stdout, then stderr).
    commands: list[tuple[list[str], int, str]]
    #: Digests of the files of ``src/`` before the import, and of the store before the report.
    source_before: dict[str, str]
    store_before: dict[str, str]


def digest(path: Path) -> dict[str, str]:
    """Every file under ``path`` (or ``path`` itself) by its bytes."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(f.relative_to(path.parent)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _kam(*args: str) -> tuple[list[str], int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return list(args), code, out.getvalue() + err.getvalue()


def read_result(out: Path) -> kt.report.ReportResult:
    """The report of the one period under ``out``, as its ``manifest.json`` tells it."""
    (manifest,) = out.glob("*/manifest.json")
    told = json.loads(manifest.read_text(encoding="utf-8"))
    runs = [kt.report.NotebookRun(**n) for n in told["notebooks"]]
    language = runs[0].parameters["language"]
    return kt.report.ReportResult(told["period"], manifest.parent, runs, told["notices"], told["pdf"], language)


def _make_hostile_report(folder: Path) -> HostileRun:
    frames, nasty, plans = hostile_frames()
    kt.KamData(frames).to_csv(folder / "src", encoding="utf-8")
    source_before = digest(folder / "src")
    ids = list(plans)
    with contextlib.chdir(folder):  # a path in the data that escaped would land beside the source
        imported = _kam("import", "src", "--db", "kam.duckdb")
        store_before = digest(folder / "kam.duckdb")
        accounts = ["--accounts", ",".join(ids[:3]), f"--accounts={','.join(ids[3:])}"]
        # the store stays as it was: no snapshot stored (tests/test_snapshots.py writes them)
        reported = _kam("report", "--db", "kam.duckdb", "--out", HOSTILE_OUT, "--no-snapshot", *accounts)
    result = read_result(folder / HOSTILE_OUT)
    store = folder / "kam.duckdb"
    return HostileRun(folder, store, result, nasty, plans, [imported, reported], source_before, store_before)


def hostile_report() -> HostileRun:
    """The book of :func:`hostile_frames` written as CSV, imported by ``kam import`` and reported
    by ``kam report`` with the CLI's default options (the latest complete month of the data,
    October 2026; a job per core; every page; the report's language) and plans for the customers
    of :func:`hostile_frames`, into :data:`HOSTILE_OUT` (the commands run in-process, in the run's
    folder). Made once per session: the one whole report of hostile text, read by
    tests/test_hostile_report.py, tests/test_report_html.py, tests/test_report.py and
    tests/test_segmentation_report.py."""
    return shared("hostile-report", {}, _make_hostile_report)


#: Customers of the big book: four times the sample's 500, so that its counts of buyers
#: (1,731 in the 12 months, 1,351 in the month) have four digits (a page that wrote a count
#: without its thousands separator would disagree) and the key accounts declining (60) are more
#: than the 15 the segmentation page lists (a page that counted its list would disagree). A
#: bigger book proves nothing more and costs minutes of kernels.
BIG_BOOK_CUSTOMERS = 2_000
#: The pages that state the most headline numbers.
BIG_BOOK_PAGES = ("00_data_overview", "01_portfolio", "02_segmentation", "04_receivables")
#: A policy other than the defaults in every threshold a headline number reads: a page that
#: computed a number without the report's policy would print another one (on the big book the
#: concentration, the customers lost in the month and in all, the lifecycle's growth and defense,
#: the key accounts declining and the DSO differ from those of the default policy). The retention
#: of lifetime value is grouped by industry rather than by ABC class (tests/test_segmentation_report.py
#: reads the segmentation page for it).
BIG_BOOK_POLICY = """\
segments:
  key_share: 0.15
  lost_after_months: 9
  pareto_top: 0.25
  lifecycle: {growth_above: 0.2, decline_below: -0.2}
  clv:
    retention_by: industry
    min_group: 3
receivables:
  dso_days: 60
"""


def _make_big_book_report(folder: Path) -> tuple[Path, Path, kt.report.ReportResult]:
    data = kt.sample_data(customers=BIG_BOOK_CUSTOMERS, years=2, seed=16, end="2026-10-31")
    store = data.save(folder / "kam.duckdb")
    policy = folder / "policy.yaml"
    policy.write_text(BIG_BOOK_POLICY, encoding="utf-8")
    pages = [p for p in kt.report.report_notebooks() if p.stem in BIG_BOOK_PAGES]
    result = run(
        period="2026-10", db=store, policy=policy, out=folder / "reports", notebooks=pages, jobs=2, progress=False
    )
    return store, policy, result


def big_book_report() -> tuple[Path, Path, kt.report.ReportResult]:
    """The pages :data:`BIG_BOOK_PAGES` of October 2026 on a generated book of
    :data:`BIG_BOOK_CUSTOMERS` customers under :data:`BIG_BOOK_POLICY`, and no account plans:
    the store, the policy file and the result."""
    args = {"customers": BIG_BOOK_CUSTOMERS, "pages": BIG_BOOK_PAGES, "policy": BIG_BOOK_POLICY}
    return shared("big-book", args, _make_big_book_report)

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

import hashlib
import json
import os
import pickle
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from filelock import FileLock

import kamtools as kt
from kamtools import credit
from kamtools.account_plan import BookTables, book_tables
from kamtools.report import run

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
        return run(out=folder, progress=False, **given)

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


#: Names with HTML or spreadsheet-formula characters (tests/test_report_html.py).
NASTY = ["<script>alert(1)</script>", '=HYPERLINK("x")', "+cmd", "@SUM(1)"]


def _make_nasty_book(folder: Path) -> tuple[Path, dict[str, str]]:
    data = kt.sample_data(customers=40, years=2, seed=5, end="2026-10-31")
    lim = credit.limits(data, "2026-10-31")
    picked = sorted(lim.index[(lim["overdue"] > 0) & (lim["limit_change"] != 0)])[: len(NASTY)]
    assert len(picked) == len(NASTY), "the test book needs four overdue customers with a limit change"
    frames = data.frames()
    cust = frames["customers"].copy()
    names = dict(zip(picked, NASTY))
    cust["name"] = [names.get(c, n) for c, n in zip(cust["customer_id"], cust["name"])]
    frames["customers"] = cust
    return kt.KamData(frames).save(folder / "kam.duckdb"), names


def nasty_book() -> tuple[Path, dict[str, str]]:
    """A small store (40 customers, two years to October 2026) in which four customers with
    overdue receivables and a limit change (so they appear in the worklist and get credit forms)
    carry hostile names; the store and ``{customer id: hostile name}``."""
    return shared("nasty-book", {}, _make_nasty_book)


def nasty_report() -> tuple[kt.report.ReportResult, dict[str, str], list[str]]:
    """The whole report of October 2026 on :func:`nasty_book`, with the account plans of the
    ``<script>`` and the ``=HYPERLINK`` customers: the result, the hostile names and the planned ids."""
    store, names = nasty_book()
    plans = list(names)[:2]
    notebooks = [str(p) for p in kt.report.report_notebooks()]
    result = report(period="2026-10", db=str(store), notebooks=notebooks, accounts=plans, jobs=2)
    return result, names, plans


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

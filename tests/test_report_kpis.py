"""The report's pages agree: each headline number (revenue, buyers, concentration, lifecycle
counts, DSO, over-limit exposure ...) reads the same on every page that states it, on the
committed sample and on a bigger generated book.

The pages are those of report runs shared with other tests (tests/report_runs.py), run as
`kam report` runs them (papermill, one worker per page): the whole report of the sample in
English (that of tests/test_report_language.py; the numbers checked read alike in both
languages), and the pages that state the most numbers
(data overview, portfolio, segmentation, receivables) of a 2,000-customer book under a policy
other than the defaults, with no account plans.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from headline_check import REQUIRED, assert_pages_agree
from report_runs import BIG_BOOK_PAGES, big_book_report, sample_report

import kamtools as kt
from kamtools.periods import period_end

#: Every test here starts notebook kernels (left out by `make test-fast`).
pytestmark = pytest.mark.kernels

PERIOD = "2026-10"
#: The headline numbers the big book's policy changes (tests/report_runs.py, BIG_BOOK_POLICY).
BY_POLICY = [
    "concentration",
    "customers_lost",
    "customers_lost_month",
    "dso",
    "key_accounts_declining",
    "lifecycle_defense",
    "lifecycle_growth",
]


def _pages(result) -> list[Path]:
    """The HTML pages of a run's page notebooks (not its account plans)."""
    assert result.ok, result.summary()
    return [result.folder / r.html for r in result.runs if r.customer_id is None]


def test_the_pages_of_the_sample_print_the_same_headline_numbers():
    db = os.environ["KAM_DB"]  # the committed sample, imported once for the session (conftest.py)
    pages = _pages(sample_report("en"))
    marks = assert_pages_agree(pages, db, PERIOD)
    assert set(marks["page"]) == set(REQUIRED)
    # the numbers the pages used to disagree on: the Pareto of the buyers (not of every customer),
    # the lifecycle of every customer, and buyers of the month beside buyers of the 12 months
    value = marks.drop_duplicates(["kpi", "field"]).set_index(["kpi", "field"])["text"]
    assert value["concentration", "value"] == "77.4 %"
    assert value["lifecycle_breakthrough", "value"] == "70"
    assert (value["buyers_12m", "value"], value["buyers_month", "value"]) == ("431", "346")


def test_the_pages_of_a_2000_customer_book_print_the_same_headline_numbers_under_the_policy():
    """A book bigger than the sample, under a policy other than the defaults (tests/report_runs.py).
    2,000 customers are enough: the buyers counted are four-digit numbers (1,731 and 1,351) and
    the key accounts declining (60) more than the segmentation page lists (15); a bigger book
    proves nothing more and costs minutes of kernels. Under the default policy seven of the numbers
    checked here differ (:data:`BY_POLICY`), so a page that computed one without the policy fails."""
    store, policy, result = big_book_report()
    pages = _pages(result)
    marks = assert_pages_agree(pages, store, PERIOD, policy)
    assert set(marks["page"]) == set(BIG_BOOK_PAGES)
    # four-digit counts keep their thousands separator on every page
    value = marks.drop_duplicates(["kpi", "field"]).set_index(["kpi", "field"])["text"]
    assert (value["buyers_12m", "value"], value["buyers_month", "value"]) == ("1,731", "1,351")
    # the policy changes these numbers on this book: a page computed without it would print others
    default = kt.kpis(kt.load(store), period_end(PERIOD))
    shown = marks.drop_duplicates(["kpi", "field"]).set_index(["kpi", "field"])["value"]
    assert [k for k in BY_POLICY if shown[k, "value"] == pytest.approx(default.at[k, "value"])] == []
    # the policy's numbers are in the sentences: the top 25 % of the buyers
    assert "the top 25 % of them bring" in (result.folder / "02_segmentation.html").read_text("utf-8")

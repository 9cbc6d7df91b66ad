"""The report's pages agree: each headline number (revenue, buyers, concentration, lifecycle
counts, DSO, over-limit exposure ...) reads the same on every page that states it, on the
committed sample and on a book of 10,000 customers.

The report pages run here as `kam report` runs them (papermill, one worker per page); the 10,000
customer book runs the pages that state the most numbers (data overview, portfolio,
segmentation, receivables) under a policy other than the defaults, and no account plans.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from headline_check import REQUIRED, assert_pages_agree

import kamtools as kt
from kamtools.report import run

#: Every test here starts notebook kernels (left out by `make test-fast`).
pytestmark = pytest.mark.kernels

PERIOD = "2026-10"


def _pages(names: set[str]) -> list[Path]:
    return [p for p in kt.report.report_notebooks() if p.stem in names]


def _run(db, out: Path, names: set[str], policy: Path | None = None) -> list[Path]:
    result = run(period=PERIOD, db=db, policy=policy, out=out, notebooks=_pages(names), jobs=2, progress=False)
    assert result.ok, result.summary()
    return [result.folder / r.html for r in result.runs]


def test_the_pages_of_the_sample_print_the_same_headline_numbers(tmp_path):
    db = os.environ["KAM_DB"]  # the committed sample, imported once for the session (conftest.py)
    pages = _run(db, tmp_path, set(REQUIRED))
    marks = assert_pages_agree(pages, db, PERIOD)
    # the numbers the pages used to disagree on: the Pareto of the buyers (not of every customer),
    # the lifecycle of every customer, and buyers of the month beside buyers of the 12 months
    value = marks.drop_duplicates(["kpi", "field"]).set_index(["kpi", "field"])["text"]
    assert value["concentration", "value"] == "77.4 %"
    assert value["lifecycle_breakthrough", "value"] == "70"
    assert (value["buyers_12m", "value"], value["buyers_month", "value"]) == ("431", "346")


@pytest.fixture(scope="module")
def big_book(tmp_path_factory) -> Path:
    data = kt.sample_data(customers=10_000, years=2, seed=16, end="2026-10-31")
    return data.save(tmp_path_factory.mktemp("big") / "kam.duckdb")


#: A policy other than the defaults in every threshold a headline number reads: a page that
#: computed a number without the report's policy would print another one.
POLICY = """\
segments:
  key_share: 0.15
  lost_after_months: 9
  pareto_top: 0.25
  lifecycle: {growth_above: 0.2, decline_below: -0.2}
receivables:
  dso_days: 60
"""


def test_the_pages_of_a_10000_customer_book_print_the_same_headline_numbers(big_book, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    names = {"00_data_overview", "01_portfolio", "02_segmentation", "04_receivables"}
    pages = _run(big_book, tmp_path / "reports", names, policy)
    marks = assert_pages_agree(pages, big_book, PERIOD, policy)
    assert set(marks["page"]) == names
    # the policy's numbers are in the sentences: the top 25 % of the buyers
    assert "the top 25 % of them bring" in (tmp_path / "reports" / PERIOD / "02_segmentation.html").read_text("utf-8")

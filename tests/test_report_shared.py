"""The tables a report run computes once for all its pages (:mod:`kamtools.report.shared`): the
recommended limits and the headline numbers. A page of the run reads the run's tables; a page run
on its own computes the same ones."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import kamtools as kt
from kamtools import credit
from kamtools.output import labels
from kamtools.report import report_context, run, shared
from kamtools.report.summary import decisions

PERIOD = "2026-09"
AS_OF = "2026-09-30"


@pytest.fixture(autouse=True)
def _english_after():
    """report_context sets the language of the process's labels (the policy's: both); the tests
    and doctests after these read English, as a process starts."""
    yield
    labels.use("en")


@pytest.fixture(scope="module")
def book():
    return kt.sample_data(customers=40, years=2, seed=5)


@pytest.fixture(scope="module")
def store(book, tmp_path_factory):
    return book.save(tmp_path_factory.mktemp("db") / "kam.duckdb")


@pytest.fixture(scope="module")
def tables(book):
    """The shared tables of :func:`book` on AS_OF under the shipped policy, computed once."""
    return shared.compute(book, AS_OF, kt.policy.load_policy())


def test_the_shared_tables_are_the_limits_and_the_headline_numbers_of_the_day(book, tables):
    pol = kt.policy.load_policy()
    assert_frame_equal(tables.limits, credit.limits(book, AS_OF, pol))
    assert_frame_equal(tables.kpis, kt.kpis(book, AS_OF, pol))
    # this month's decisions, as the index lists them
    assert tables.decisions == decisions(book, pd.Timestamp(AS_OF), pol) and len(tables.decisions) > 0


def test_a_page_reads_the_runs_tables_and_computes_them_without(book, tables, tmp_path):
    ctx = report_context(PERIOD, data=book, language="en")  # labels stay English for the tests after it
    assert ctx.policy == kt.policy.load_policy()  # the policy of the tables
    written = tables
    # tables that are not those of the book: a page of the run reads what the run wrote, not its own
    marked = shared.SharedTables(
        limits=written.limits.head(3), kpis=written.kpis.head(2), decisions=written.decisions[:1]
    )
    folder = shared.write(marked, tmp_path / shared.FOLDER)
    in_run = report_context(PERIOD, data=book, shared=str(folder), language="en")
    assert_frame_equal(in_run.limits(), marked.limits)
    assert_frame_equal(in_run.kpis(), marked.kpis)
    assert in_run.decisions() == marked.decisions
    # on its own (no folder, or the run's folder gone): computed here, the same as the run's
    for alone in (ctx, report_context(PERIOD, data=book, shared=str(tmp_path / "gone"), language="en")):
        assert_frame_equal(alone.limits(), written.limits)
        assert_frame_equal(alone.kpis(), written.kpis)
        assert alone.decisions() == written.decisions


def _page(folder, source: str):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('period: str = ""\ndb: str = ""\npolicy: str = ""\nshared: str = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "00_shared.ipynb"
    nbformat.write(nb, str(path))
    return path


@pytest.mark.kernels
def test_a_run_gives_its_pages_the_tables_and_leaves_them_out_of_the_period(store, tmp_path):
    page = _page(
        tmp_path,
        "from pathlib import Path\n"
        "import pandas as pd\n"
        "files = sorted(p.name for p in Path(shared).iterdir())\n"
        "assert files == ['decisions.pkl', 'kept', 'kpis.pkl', 'limits.pkl'], files\n"
        "print('limits of', len(pd.read_pickle(Path(shared) / 'limits.pkl')), 'customers')",
    )
    result = run(period=PERIOD, db=store, out=tmp_path / "reports", notebooks=[page], progress=False)
    assert result.ok, result.summary()
    (r,) = result.runs
    assert r.parameters["shared"] == shared.FOLDER  # relative to the folder the page runs in
    executed = nbformat.read(str(result.folder / r.output), as_version=4)
    expected = len(credit.limits(kt.load(store), AS_OF))
    assert executed.cells[-1].outputs[0]["text"] == f"limits of {expected} customers\n"
    assert not (result.folder / shared.FOLDER).exists()

"""Settings for every test run, whatever paths are collected (tests, doctests, notebooks).

Notebook kernels started by nbval inherit this environment.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kamtools import paths
from kamtools.ingest import import_source

# Charts draw off-screen.
os.environ.setdefault("MPLBACKEND", "Agg")
# Lessons run by nbval: a wrong answer in an instructor notebook fails the test.
os.environ["KAM_TRAINING_STRICT"] = "1"


#: The session's store made by this process, and the user's own ``$KAM_DB`` (restored at the end).
_MADE: list[tuple[Path, str | None]] = []
#: The folder of the report runs the tests share across test workers (tests/report_runs.py).
RUNS_ENV = "KAMTOOLS_TEST_RUNS"


def pytest_configure(config):
    """Every notebook and test of the session reads the committed sample from one store (``$KAM_DB``,
    what ``kt.load()`` reads when given nothing) instead of reading and checking its CSV files each
    time. The main process makes it before any test worker starts; the workers inherit ``$KAM_DB``
    (a test worker finds it set). A ``$KAM_DB`` of the user's own is set aside for the session.

    Beside it, the folder in which the report runs that several tests read are made once for the
    session, by whichever test worker needs one first (``$KAMTOOLS_TEST_RUNS``, tests/report_runs.py)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    folder = Path(tempfile.mkdtemp(prefix="kamtools-tests-"))
    import_source(paths.SAMPLE_DIR, folder / "sample.duckdb")
    _MADE.append((folder, os.environ.get("KAM_DB")))
    os.environ["KAM_DB"] = str(folder / "sample.duckdb")
    (folder / "runs").mkdir()
    os.environ[RUNS_ENV] = str(folder / "runs")


def pytest_unconfigure(config):
    for folder, users in _MADE:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(RUNS_ENV, None)
        if users is None:
            os.environ.pop("KAM_DB", None)
        else:
            os.environ["KAM_DB"] = users


#: Not collected: the paired .py files of the notebooks (jupytext percent format, the text that is
#: reviewed) are not modules, and --doctest-modules would run them; the report pages (00 to 04)
#: run once per session in the report that tests/test_report_html.py builds as `kam report` does,
#: so nbval runs the account plan, the lessons and the explorers.
collect_ignore_glob = ["notebooks/*/*.py", "notebooks/reports/0[0-4]_*.ipynb"]


def pytest_collection_modifyitems(items):
    for item in items:  # every cell of a notebook runs in a kernel
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.kernels)

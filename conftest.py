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


#: Set while this process made the session's store (removed with it at the end).
_MADE: list[Path] = []


def pytest_configure(config):
    """Every notebook and test of the session reads the committed sample from one store (``$KAM_DB``,
    what ``kt.load()`` reads when given nothing) instead of reading and checking its CSV files each
    time. The main process makes it before any test worker starts; the workers inherit ``$KAM_DB``."""
    if os.environ.get("KAM_DB"):
        return
    folder = Path(tempfile.mkdtemp(prefix="kamtools-tests-"))
    import_source(paths.SAMPLE_DIR, folder / "sample.duckdb")
    os.environ["KAM_DB"] = str(folder / "sample.duckdb")
    _MADE.append(folder)


def pytest_unconfigure(config):
    for folder in _MADE:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("KAM_DB", None)


#: Not collected: the paired .py files of the notebooks (jupytext percent format, the text that is
#: reviewed) are not modules, and --doctest-modules would run them; the report pages (00 to 04)
#: run once per session in the report that tests/test_report_html.py builds as `kam report` does,
#: so nbval runs the account plan, the lessons and the explorers.
collect_ignore_glob = ["notebooks/*/*.py", "notebooks/reports/0[0-4]_*.ipynb"]


def pytest_collection_modifyitems(items):
    for item in items:  # every cell of a notebook runs in a kernel
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.kernels)

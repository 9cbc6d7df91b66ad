"""Settings for every test run, whatever paths are collected (tests, doctests, notebooks).

Notebook kernels started by nbval inherit this environment.
"""
from __future__ import annotations

import os

import pytest

# Charts draw off-screen.
os.environ.setdefault("MPLBACKEND", "Agg")
# Lessons run by nbval: a wrong answer in an instructor notebook fails the test.
os.environ["KAM_TRAINING_STRICT"] = "1"

#: Not collected: the paired .py files of the notebooks (jupytext percent format, the text that is
#: reviewed) are not modules, and --doctest-modules would run them; the report pages (00 to 04)
#: run once per session in the report that tests/test_report_html.py builds as `kam report` does,
#: so nbval runs the account plan, the lessons and the explorers.
collect_ignore_glob = ["notebooks/*/*.py", "notebooks/reports/0[0-4]_*.ipynb"]


def pytest_collection_modifyitems(items):
    for item in items:  # every cell of a notebook runs in a kernel
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.kernels)

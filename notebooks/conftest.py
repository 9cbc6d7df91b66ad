"""pytest in notebooks/: the notebooks are tested as .ipynb (nbval).

Their paired .py files (jupytext percent format, the text that is reviewed) are not modules:
--doctest-modules would import, that is run, each of them. The report pages (00 to 04) are
executed once per test session by the report the tests build (tests/test_report_html.py), which
runs them as `kam report` does; nbval here runs the account plan, the lessons and the explorers.
"""
import pytest

collect_ignore_glob = ["*/*.py", "reports/0[0-4]_*.ipynb"]


def pytest_collection_modifyitems(items):
    for item in items:  # every notebook cell runs in a kernel
        item.add_marker(pytest.mark.kernels)

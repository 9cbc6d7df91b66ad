"""The monthly report: page notebooks run with papermill, account plans from a template.

``kam report`` and ``make report`` call :func:`run`. See :mod:`.runner` for how a run
goes, :mod:`.folders` for how a period folder is built and replaced whole, :mod:`.plans`
for the account plan pages and :mod:`.index` for ``index.html``.
"""

from __future__ import annotations

import importlib

#: Names loaded on first use: a page's kernel imports this package for :func:`report_context`
#: and needs neither papermill nor nbconvert; a page's worker needs those and not the analyses.
_LATER = {
    "NotebookRun": "result",
    "ReportContext": "context",
    "ReportResult": "result",
    "report_context": "context",
    "DEFAULT_JOBS": "runner",
    "DEFAULT_TIMEOUT": "runner",
    "ensure_store": "runner",
    "notebook_parameters": "runner",
    "report_notebooks": "runner",
    "run": "runner",
    "store_period": "runner",
    "select_accounts": "accounts",
}


def __getattr__(name: str):
    if name in _LATER:
        return getattr(importlib.import_module(f".{_LATER[name]}", __name__), name)
    raise AttributeError(f"module 'kamtools.report' has no attribute {name!r}")


__all__ = [
    "DEFAULT_JOBS",
    "DEFAULT_TIMEOUT",
    "NotebookRun",
    "ReportContext",
    "ReportResult",
    "ensure_store",
    "notebook_parameters",
    "report_context",
    "report_notebooks",
    "run",
    "select_accounts",
    "store_period",
]

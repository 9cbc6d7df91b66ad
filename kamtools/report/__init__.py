"""The monthly report: page notebooks run with papermill, account plans from a template.

``kam report`` and ``make report`` call :func:`run`. See :mod:`.runner` for how a run
goes, :mod:`.folders` for how a period folder is built and replaced whole, :mod:`.plans`
for the account plan pages and :mod:`.index` for ``index.html``.
"""

from __future__ import annotations

from .accounts import select_accounts
from .context import ReportContext, report_context
from .result import NotebookRun, ReportResult
from .runner import DEFAULT_TIMEOUT, ensure_store, notebook_parameters, report_notebooks, run, store_period

__all__ = [
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

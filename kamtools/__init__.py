"""kamtools: the key account management workbook.

Credit ratios and grading, credit limits and approval levels, receivables aging
and collections, customer segmentation and the strategy for each segment, on a
DuckDB store of the customer book.

>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=1, seed=2)
>>> kt.validate(data)
[]
"""

from __future__ import annotations

import importlib

from . import paths

_SUBMODULES = {
    "account_plan",
    "credit",
    "explore",
    "facts",
    "headline",
    "ingest",
    "output",
    "overview",
    "periods",
    "policy",
    "portfolio",
    "practices",
    "receivables",
    "report",
    "schema",
    "segments",
    "strategies",
    "text",
    "training",
}
#: Short names of modules that live in a sub-package: ``kt.plots`` is ``kamtools.output.plots``.
_ALIASES = {
    "calendar_files": "output.calendar_files",
    "excel": "output.excel",
    "forms": "output.forms",
    "formats": "output.formats",
    "headlines": "output.headlines",
    "plots": "output.plots",
    "tables": "output.tables",
}

#: Names of a module loaded on first use: ``kt.kpis`` is ``kamtools.headline.kpis``.
_FUNCTIONS = {
    "DataError": "store",
    "KamData": "store",
    "Problem": "ingest",
    "calendar_month": "calendar_plan",
    "contact_calendar": "calendar_plan",
    "practice_check": "practices",
    "format_problems": "ingest",
    "import_source": "ingest",
    "kpis": "headline",
    "load": "ingest",
    "read_source": "ingest",
    "sample_data": "sample",
    "validate": "ingest",
}


def __getattr__(name: str):
    # Every module loads on first use: `kam` starts quickly, and a process that needs one part
    # (a report page's worker needs papermill, not pandas and the import checks) imports only it.
    if name in _SUBMODULES or name in _ALIASES:
        return importlib.import_module(f".{_ALIASES.get(name, name)}", __name__)
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)
    raise AttributeError(f"module 'kamtools' has no attribute {name!r}")


__all__ = ["paths", *sorted(_SUBMODULES | set(_ALIASES) | set(_FUNCTIONS))]  # the rest loads on first use
__version__ = "0.1.0"

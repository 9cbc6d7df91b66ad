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

from . import paths, schema
from .ingest import Problem, format_problems, import_source, load, read_source, validate
from .sample import sample_data
from .store import DataError, KamData

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
    "receivables",
    "report",
    "segments",
    "strategies",
    "text",
    "training",
}
#: Short names of modules that live in a sub-package: ``kt.plots`` is ``kamtools.output.plots``.
_ALIASES = {
    "excel": "output.excel",
    "forms": "output.forms",
    "formats": "output.formats",
    "headlines": "output.headlines",
    "plots": "output.plots",
    "tables": "output.tables",
}

#: Functions of a module loaded on first use: ``kt.kpis`` is ``kamtools.headline.kpis``.
_FUNCTIONS = {"kpis": "headline"}


def __getattr__(name: str):
    # Heavier modules (matplotlib, papermill) load on first use, keeping `kam` quick to start.
    if name in _SUBMODULES or name in _ALIASES:
        return importlib.import_module(f".{_ALIASES.get(name, name)}", __name__)
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f".{_FUNCTIONS[name]}", __name__), name)
    raise AttributeError(f"module 'kamtools' has no attribute {name!r}")


__all__ = [
    "DataError",
    "KamData",
    "Problem",
    "format_problems",
    "import_source",
    "load",
    "paths",
    "read_source",
    "sample_data",
    "schema",
    "validate",
    *sorted(_SUBMODULES | set(_ALIASES) | set(_FUNCTIONS)),  # the modules (and kpis) loaded on first use
]
__version__ = "0.1.0"

"""The tables every page of one report run reads: computed once by the runner, read by the pages.

Four pages, the account plans and the index state the headline numbers (:func:`kamtools.kpis`) and
read the recommended limits (:func:`kamtools.credit.limits`) of the same day and policy; the index and
the decision boxes of the credit and receivables pages list this month's decisions
(:func:`.summary.decisions`). The runner computes all three once, before the pages start, into a folder of the run that is being built
(:data:`FOLDER`, left out of the finished period), and gives each page its path as the parameter
``shared``; :func:`kamtools.report.report_context` reads them from there. A page run on its own (in
JupyterLab, or later from the period folder, where the tables are gone) computes them itself: the
numbers are the same either way, only computed once instead of six times.

This is the run's only shared state; the store's own cache (``KamData.kept``) lives in one process.
The files are pickles the runner wrote into a folder of its own making a moment earlier, read back by
the pages of the same run only.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .. import credit
from ..headline import kpis
from ..store import KamData
from .decision import Decision
from .summary import decisions

#: The folder of the shared tables inside a period being built (a page runs in that folder).
FOLDER = ".shared"
#: The shared tables: their files in :data:`FOLDER`.
FILES = {"limits": "limits.pkl", "kpis": "kpis.pkl", "decisions": "decisions.pkl"}
#: The folder in :data:`FOLDER` of what the runner's store connection kept while computing them
#: (:meth:`KamData.write_kept`), of these kinds: the facts queries (the receivables at the month
#: ends), the customer facts, the aging and the settled open items of a day. A page reads one of
#: them there instead of computing it again (:func:`read_kept`).
KEPT = "kept"
KEPT_KINDS = ("facts", "customer_facts", "aging", "open items")


@dataclass(frozen=True)
class SharedTables:
    """The recommended limits, the headline numbers and this month's decisions of one run (``as_of``, policy)."""

    limits: pd.DataFrame
    kpis: pd.DataFrame
    decisions: list[Decision]


def compute(data: KamData, as_of, policy) -> SharedTables:
    """The shared tables of ``data`` on ``as_of`` under ``policy`` (a loaded policy)."""
    limits = credit.limits(data, as_of, policy)
    return SharedTables(
        limits=limits,
        kpis=kpis(data, as_of, policy, limits=limits),
        decisions=decisions(data, pd.Timestamp(as_of), policy, limits),
    )


def write(tables: SharedTables, folder: Path) -> Path:
    """Write ``tables`` into ``folder`` (made if missing); the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, file in FILES.items():
        pd.to_pickle(getattr(tables, name), folder / file)
    return folder


def write_kept(data: KamData, folder: Path) -> None:
    """What ``data`` kept while the tables were computed, into ``folder`` for the pages (none when it
    cannot be written: each page then computes it)."""
    try:
        data.write_kept(folder / KEPT, KEPT_KINDS)
    except Exception:  # noqa: BLE001 - a page computes what it does not find
        shutil.rmtree(folder / KEPT, ignore_errors=True)


def read_kept(data: KamData, folder: str | Path | None) -> None:
    """Let the store ``data`` of a page take what the run's tables kept (:func:`write_kept`)."""
    if folder and data.db is not None and (Path(folder) / KEPT).is_dir():
        data.read_kept(Path(folder) / KEPT)


def table(folder: str | Path | None, name: str, compute_here: Callable[[], Any]) -> Any:
    """The shared table ``name`` from ``folder`` when the run wrote it there, else ``compute_here()``."""
    path = Path(folder) / FILES[name] if folder else None
    if path is not None and path.is_file():
        return pd.read_pickle(path)
    return compute_here()

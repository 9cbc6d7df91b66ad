"""The context of a page or a lesson: the data, the period and its ``as_of``, the policy.

The setup cell of every report page and lesson calls :func:`report_context` with its
parameters, so every page of a report reports on the same day. (The explorers let the user
pick the month in a widget and turn it into ``as_of`` with :func:`kamtools.periods.period_end`.)

>>> import kamtools as kt
>>> data = kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31")
>>> ctx = report_context(data=data, language="en")  # labels and sentences in English from here on
>>> ctx.period, ctx.as_of, ctx.start
('2026-10', datetime.date(2026, 10, 31), datetime.date(2026, 10, 1))
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import credit, paths
from ..headline import kpis
from ..ingest import load
from ..output import labels
from ..periods import check_period, data_period, period_bounds
from ..policy import load_policy
from ..store import KamData
from . import shared as shared_tables
from .decision import Decision
from .summary import decisions


@dataclass(frozen=True)
class ReportContext:
    """What a notebook works on: ``data`` at ``as_of``, the last day of ``period``, under ``policy``."""

    data: KamData
    period: str
    start: dt.date
    as_of: dt.date
    policy: object
    output_dir: Path  # where the notebook's files go (created by paths.output_folder when written)
    language: str = "en"  # en, zh or both: what labels and sentences are written in
    shared: str = ""  # the report run's shared tables (:mod:`.shared`); empty: computed by the page

    def limits(self) -> pd.DataFrame:
        """:func:`kamtools.credit.limits` of ``data`` on ``as_of`` under ``policy`` (the report run
        computes them once for all its pages)."""
        return shared_tables.table(self.shared, "limits", lambda: credit.limits(self.data, self.as_of, self.policy))

    def kpis(self) -> pd.DataFrame:
        """:func:`kamtools.kpis`, the headline numbers of ``data`` on ``as_of`` under ``policy`` (the
        report run computes them once for all its pages)."""
        return shared_tables.table(
            self.shared, "kpis", lambda: kpis(self.data, self.as_of, self.policy, limits=self.limits())
        )

    def decisions(self) -> list[Decision]:
        """This month's decisions as the index lists them (:func:`.summary.decisions`; the report run
        computes them once for the index and the pages' decision boxes)."""
        return shared_tables.table(
            self.shared, "decisions", lambda: decisions(self.data, pd.Timestamp(self.as_of), self.policy, self.limits())
        )


def report_context(
    period: str = "",
    db: str | os.PathLike = "",
    policy: str | os.PathLike = "",
    output_dir: str | os.PathLike = "",
    language: str = "",
    *,
    data: KamData | None = None,
    shared: str = "",
) -> ReportContext:
    """The context of the notebook parameters ``period``, ``db``, ``policy``, ``output_dir`` and
    ``language``; the labels and sentences of the page are written in that language from here on
    (:func:`kamtools.output.labels.use`).

    Empty values mean the defaults: the latest complete month of the data, the working store
    (or the committed sample when there is none), the shipped policy, ``reports/scratch/``, the
    policy's ``report.language``. ``data`` gives data already loaded instead of ``db``; ``shared``
    is the folder of the tables a report run computed once for all its pages (:mod:`.shared`).
    """
    data = data if data is not None else load(db or None)
    shared_tables.read_kept(data, shared)  # what the run computed once for every page
    period = check_period(period) if period else data_period(data)
    start, as_of = period_bounds(period)
    pol = load_policy(policy or None)
    language = language or pol["report"]["language"]
    labels.use(language, pol)
    return ReportContext(
        data=data,
        period=period,
        start=start,
        as_of=as_of,
        policy=pol,
        output_dir=Path(output_dir) if output_dir else paths.SCRATCH_DIR,  # made by what writes there
        language=language,
        shared=str(shared or ""),
    )

"""The month of a report run: its language, the tables its pages share, and the front of its index
(the headline tiles and this month's decisions, with the account plans' own credit asks added once
the plans are written)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..output.labels import LANGUAGES
from ..periods import period_end
from ..store import KamData
from .execute import error_text
from .index import Summary
from .pages import PAGES
from .plan_decisions import plan_credit_decisions
from .plan_positions import contested_cuts
from .result import NotebookRun
from .shared import SharedTables, write_kept
from .shared import compute as compute_shared
from .shared import write as write_shared
from .tiles import tiles

__all__ = ["about_report", "month_summary", "needs_shared", "run_language", "shared_tables"]


def run_language(language: str | None, pol) -> str:
    """The language of a run: the one asked for, else the policy's ``report.language``."""
    language = language or pol["report"]["language"]
    if language not in LANGUAGES:
        raise ValueError(f"--lang must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def about_report(books: list[Path]) -> bool:
    """Whether a run holds a page of the monthly report (:data:`.pages.PAGES`): the summary of the
    month (tiles and decisions) speaks of those pages; a run of other notebooks only lists them."""
    return any(Path(nb).stem in PAGES for nb in books)


def needs_shared(books: list[Path], pages: list[tuple[Path, NotebookRun]], plan_runs: list[NotebookRun]) -> bool:
    """Whether a run computes the shared tables: for the summary of the month (a run with a page
    of the report), the account plans, or a page that takes them (declares ``shared``)."""
    return about_report(books) or bool(plan_runs) or any("shared" in r.parameters for _, r in pages)


def shared_tables(folder: Path, store: Path, period: str, pol, needed: bool = True) -> SharedTables | None:
    """The tables every page reads (:mod:`.shared`), computed once and written into ``folder``;
    None when not ``needed`` or when they cannot be computed (each page then computes them and
    names the failure)."""
    if not needed:
        return None
    data = KamData(db=store)
    try:
        tables = compute_shared(data, period_end(period), pol)
        write_shared(tables, folder)
        write_kept(data, folder)
        return tables
    except Exception:  # noqa: BLE001 - each page that needs the tables computes them and fails by itself
        return None
    finally:
        data.close()


def month_summary(
    store: Path,
    period: str,
    pol,
    language: str,
    tables: SharedTables | None,
    books: list[Path],
    plans: list[NotebookRun] = (),
) -> Summary:
    """The front of the index: the tiles and this month's decisions on the period's last day (a
    failure to compute them is said on the index, and the pages stay as they are); a run of
    ``books`` without a page of the report has none, only the customers' names.

    The account plans written (``plans``) that ask for more credit than the credit page recommends
    (:func:`.plan_decisions.plan_credit_decisions`) come after the other decisions: the pages' own
    decision boxes number those as the index does, and the plans are written after the pages."""
    as_of = pd.Timestamp(period_end(period))
    summary = Summary(as_of=f"{as_of:%Y-%m-%d}")
    data = KamData(db=store)
    try:
        customers = data.customers
        summary.names = dict(zip(customers["customer_id"].astype("str"), customers["name"].astype("str")))
        if not about_report(books):
            return summary
        tables = tables or compute_shared(data, as_of.date(), pol)
        summary.tiles = tiles(tables.kpis, pol, language)
        summary.decisions = contested_cuts(tables.decisions, plans, pol) + plan_credit_decisions(
            list(plans), as_of, pol, summary.names
        )
    except Exception as exc:  # noqa: BLE001 - the pages are written; the index says what is missing
        summary.note = f"the summary of the month could not be computed: {error_text(exc)}"
    finally:
        data.close()
    return summary

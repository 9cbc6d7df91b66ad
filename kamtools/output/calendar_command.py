"""``kam calendar``: the contact calendar of the month after a period, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import load
from ..periods import check_period, data_period, period_end
from ..policy import load_policy
from . import labels
from .calendar_files import write_calendar_files


def calendar_main(args: Any) -> int:
    """``kam calendar``: the contact calendar (客户联络日历) of the month after ``args.period`` (None:
    the latest complete month of the data) into ``<out>/<period>/calendar/``: the workbook and an .ics
    file per account manager, in ``args.lang`` (None: the policy's ``report.language``). Errors are
    raised for the command line to report."""
    data = load(getattr(args, "db", None) or None)
    try:
        period = check_period(args.period) if getattr(args, "period", None) else data_period(data)
        pol = load_policy(getattr(args, "policy", None) or None)
        labels.use(getattr(args, "lang", None) or pol["report"]["language"], pol)
        files = write_calendar_files(data, period_end(period), Path(args.out) / period / "calendar", pol)
    finally:
        data.close()
    month = files.workbook.stem.removeprefix("calendar_")
    print(
        f"wrote the contact calendar (客户联络日历) of {month}: {files.events} events for {len(files.ics)} "
        f"account managers into {files.folder}"
    )
    print(f"workbook: {files.workbook.name}; calendars (.ics): {', '.join(p.name for p in files.ics.values())}")
    return 0

"""Checks of snapshots brought by a source (``snapshots.csv``, such as `kam export` wrote from an earlier
store): each row's period is a month written YYYY-MM, as `kam snapshot` stores it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .problems import _Collector, _q

#: A period as the snapshots name it: a four-digit year and a month 01-12.
PERIOD = r"\d{4}-(0[1-9]|1[0-2])"


def check_snapshots(
    frames: Mapping[str, pd.DataFrame], files: Mapping[str, str], raw: Mapping[str, pd.DataFrame], out: _Collector
) -> None:
    """``snapshots.period``: a month YYYY-MM (an empty cell is the model's own problem)."""
    snaps = frames.get("snapshots")
    if snaps is None or "period" not in snaps.columns:
        return
    period = snaps["period"]
    bad = (period.notna() & ~period.astype("str").str.fullmatch(PERIOD)).to_numpy(dtype=bool)
    if not bad.any():
        return
    rows = snaps.index[bad]
    head = out.head(rows)
    source = raw.get("snapshots")
    shown = (source if source is not None and "period" in source.columns else snaps).loc[head, "period"]
    shown = shown.astype("str").tolist()
    out.cells(
        files["snapshots"],
        "snapshots",
        "period",
        head,
        shown,
        [f"value {_q(v)} is not a month written YYYY-MM" for v in shown],
        "a month written YYYY-MM, such as 2026-10",
        total=len(rows),
    )

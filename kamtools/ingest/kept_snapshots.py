"""The snapshots an import keeps: a store's ``snapshots`` are written by kamtools month after month (they are
in no source), so importing a source without them into an existing store carries them over into the new
store, for the customers the source still has."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from ..schema import conform
from ..store import KamData
from ..store_file import StoreError, open_store


def _stored(target: Path) -> pd.DataFrame | None:
    """The snapshots of the store ``target`` (None: no store there, a damaged one, or one without snapshots)."""
    if not target.is_file() or target.stat().st_size == 0:
        return None
    try:
        con = open_store(target)
    except (StoreError, duckdb.Error, OSError):
        return None  # a damaged store is replaced by the import; it has nothing to keep
    con.close()
    data = KamData(db=target)
    try:
        return data.table("snapshots") if data.has("snapshots") else None
    finally:
        data.close()


def keep_snapshots(tables: Mapping[str, pd.DataFrame], db: str | os.PathLike) -> tuple[dict[str, pd.DataFrame], str]:
    """``tables`` with the snapshots of the store ``db`` when the source brings none, and the summary's line
    about them (empty when nothing was kept). Snapshots of customers the source no longer has are left out."""
    out = dict(tables)
    if "snapshots" in out or "customers" not in out:
        return out, ""
    old = _stored(Path(db))
    if old is None or old.empty:
        return out, ""
    known = old["customer_id"].astype("str").isin(out["customers"]["customer_id"].astype("str"))
    out["snapshots"] = conform(old[known.to_numpy()], "snapshots")
    periods = out["snapshots"]["period"].nunique()
    line = f"kept the store's snapshots: {int(known.sum()):,} rows of {periods:,} months"
    if not known.all():
        line += f" ({int((~known).sum()):,} rows of customers the source no longer has left out)"
    return out, line

"""The report's snapshot: the period's snapshot stored in the store once per run, before the pages start.

The pages read the store read-only and in parallel processes, so the one write of a run happens here,
on a connection of its own under the store's lock (:func:`kamtools.snapshots.store_snapshot`), and is
over before any page opens the store. A store that cannot be written (a read-only file, a store open in
another program) is reported on all the same: the run's notes say that no snapshot was stored and why.
"""

from __future__ import annotations

from pathlib import Path

from ..snapshots import SnapshotNotStored, store_snapshot

__all__ = ["run_snapshot"]


def run_snapshot(store: Path, period: str, policy: str, wanted: bool = True) -> tuple[str, list[str]]:
    """Store the snapshot of ``period`` (unless not ``wanted``: ``--no-snapshot``); returns what the run
    log says of it (empty when none was stored) and the notice of a snapshot that was not stored (none
    when it was, or when none was wanted)."""
    if not wanted:
        return "snapshot: none stored (--no-snapshot); the store is as it was", []
    try:
        rows = store_snapshot(store, period, policy or None)
    except SnapshotNotStored as exc:
        return "", [
            f"no snapshot of {period} was stored ({exc}): the report reads the store as it is; a later month "
            f"compares with {period} recomputed from the attributes it finds then, unless "
            f"`kam snapshot --period {period}` stores it meanwhile (kam report --no-snapshot skips this step)"
        ]
    return f"snapshot: stored the snapshot of {period} in the store ({len(rows):,} customers)", []

"""Snapshots (月度快照): each customer's tier, class scores, grade, limit, lifecycle stage, status and
relationship as a month ended, kept in the store's ``snapshots`` table so that a later month compares with
what was true then.

* :func:`snapshot` computes the rows of one period from the book and the policy;
* :func:`store_snapshot` stores them (``kam snapshot``, and every ``kam report`` run before its pages start):
  the period's rows are replaced in one transaction, under the store's lock; a store that cannot be written
  raises :class:`SnapshotNotStored` and is left as it was;
* :func:`sample_history` gives the sample book its last 24 months.

The readers (the tier migration, the grade changes) are in :mod:`kamtools.segments.history` and
:func:`kamtools.credit.earlier_scores`.
"""

from __future__ import annotations

from .compute import SCORE_COLUMNS, snapshot
from .history import sample_history
from .write import SnapshotNotStored, store_snapshot, write_snapshot

__all__ = ["SCORE_COLUMNS", "SnapshotNotStored", "sample_history", "snapshot", "store_snapshot", "write_snapshot"]

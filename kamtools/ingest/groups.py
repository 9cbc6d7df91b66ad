"""Groups of companies (集团客户): the trees that ``customers.parent_id`` draws.

A customer's ``parent_id`` names its parent company; following the links up ends at the top
company of the group, which has no ``parent_id``. Links may go any number of levels deep. A
chain of links that comes back to where it started (``C1 -> C2 -> C1``, or a customer that
is its own parent) has no top: a *cycle*, which the import refuses (:func:`parent_cycles`)
and the group functions of :mod:`kamtools.credit` refuse too.

The links are followed by pointer doubling on arrays (each round jumps twice as far), so a
book of a million customers takes about twenty vectorised rounds, whatever the depth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _positions(ids: pd.Series, parents: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Position of each row's parent among ``ids`` (-1: no parent; -2: a parent that is not an id)."""
    index = pd.Index(ids.astype("str").to_numpy())
    if not index.is_unique:
        raise ValueError(f"customers.customer_id repeats {index[index.duplicated()][0]!r}: the ids must be unique")
    has = parents.notna().to_numpy()
    pos = np.full(len(ids), -1, dtype=np.int64)
    if has.any():
        pos[has] = index.get_indexer(parents[has].astype("str").to_numpy())
        pos[has & (pos == -1)] = -2
    return pos, has


def _climb(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row the row it reaches by following ``parent`` to the end (a row without a
    parent), and the number of links on the way; rows on or above a cycle end on the cycle."""
    n = len(parent)
    top = np.where(parent >= 0, parent, np.arange(n))
    depth = (parent >= 0).astype(np.int64)
    for _ in range(max(1, int(np.ceil(np.log2(max(n, 2)))) + 1)):
        depth = depth + depth[top] * (top != np.arange(n))
        top = top[top]
    return top, depth


def parent_cycles(ids: pd.Series, parents: pd.Series) -> list[list[str]]:
    """Every cycle of ``parent_id`` links, each as the ids along it, starting from its smallest
    id and ending where it started (empty when the links form trees).

    >>> ids = pd.Series(["C1", "C2", "C3", "C4", "C5"])
    >>> parent_cycles(ids, pd.Series(["C2", "C3", "C1", "C4", None]))
    [['C1', 'C2', 'C3', 'C1'], ['C4', 'C4']]
    >>> parent_cycles(ids, pd.Series([None, "C1", "C2", "C3", "C1"]))
    []
    """
    pos, _ = _positions(ids, parents)
    parent = np.where(pos >= 0, pos, -1)
    top, _ = _climb(parent)
    stuck = parent[top] >= 0  # the end reached still has a parent: a cycle
    if not stuck.any():
        return []
    names = ids.astype("str").to_numpy()
    seen: set[int] = set()
    cycles: list[list[str]] = []
    for start in np.unique(top[stuck]):  # rows on the cycles (error path: a few)
        if int(start) in seen:
            continue
        ring = [int(start)]
        while parent[ring[-1]] != ring[0]:
            ring.append(int(parent[ring[-1]]))
        seen.update(ring)
        first = min(range(len(ring)), key=lambda i: names[ring[i]])
        ring = ring[first:] + ring[:first]
        cycles.append([names[i] for i in ring] + [names[ring[0]]])
    return sorted(cycles)


def company_groups(ids: pd.Series, parents: pd.Series) -> pd.DataFrame:
    """The group of each customer: ``parent_id``, ``group_id`` (the top company, the customer
    itself when it has no parent) and ``depth`` (links up to the top: 0 for a top company),
    indexed by ``customer_id``.

    Raises ``ValueError`` naming the ids when a ``parent_id`` is not a customer or the links
    run in a cycle (see :func:`parent_cycles`).

    >>> ids = pd.Series(["A", "B", "C", "D"])
    >>> company_groups(ids, pd.Series([None, "A", "B", None]))[["group_id", "depth"]].to_dict("index")
    {'A': {'group_id': 'A', 'depth': 0}, 'B': {'group_id': 'A', 'depth': 1}, 'C': {'group_id': 'A', 'depth': 2}, 'D': {'group_id': 'D', 'depth': 0}}
    """
    names = ids.astype("str").to_numpy()
    pos, has = _positions(ids, parents)
    if (pos == -2).any():
        bad = np.flatnonzero(pos == -2)[:5]
        listed = ", ".join(f"{names[i]} -> {parents.iloc[i]}" for i in bad)
        raise ValueError(
            f"customers.parent_id names {int((pos == -2).sum())} parent(s) that are not customers ({listed}): "
            "add the parent companies to customers or clear parent_id"
        )
    cycles = parent_cycles(ids, parents)
    if cycles:
        shown = "; ".join(" -> ".join(c) for c in cycles[:5])
        raise ValueError(
            f"customers.parent_id runs in a cycle ({shown}): a group needs one top company without "
            "a parent_id; clear parent_id of one company of each cycle"
        )
    top, depth = _climb(np.where(pos >= 0, pos, -1))
    out = pd.DataFrame(
        {
            "parent_id": pd.Series(parents.to_numpy(), dtype="str").where(has),
            "group_id": pd.Series(names[top], dtype="str"),
            "depth": depth,
        }
    )
    out.index = pd.Index(names, name="customer_id", dtype="str")
    return out

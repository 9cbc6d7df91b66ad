"""The cores this process may run on: what ``kam report`` takes as its default number of jobs.

``os.cpu_count()`` counts the machine's cores. A process may be allowed fewer: pinned to some cores
(``taskset``, a container's cpuset: :func:`os.sched_getaffinity`), or given a CPU quota by its control
group (a container started with ``--cpus 2``: ``cpu.max`` of cgroup v2, ``cpu.cfs_quota_us`` of v1).
Running more workers than that only makes them wait for each other and hold memory. On systems
without these (macOS, Windows) the machine's count is used.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

#: Where the control groups are mounted (a test points it at a folder of its own).
CGROUP_ROOT = Path("/sys/fs/cgroup")
#: The control groups of this process (one ``hierarchy:controllers:path`` line each).
PROC_CGROUP = Path("/proc/self/cgroup")


def usable_cores() -> int:
    """Cores this process may use: those it may be scheduled on, at most its control group's CPU quota
    rounded up; at least 1.

    >>> usable_cores() >= 1
    True
    """
    cores = _affinity() or os.cpu_count() or 1
    quota = cgroup_quota()
    if quota is not None:
        cores = min(cores, quota)
    return max(1, cores)


def _affinity() -> int | None:
    """Cores the scheduler may run this process on (Linux), else None."""
    probe = getattr(os, "sched_getaffinity", None)
    if probe is None:
        return None
    try:
        return len(probe(0)) or None
    except OSError:
        return None


def cgroup_quota() -> int | None:
    """The CPU quota of this process's control group in whole cores (rounded up), None without one.

    The tightest of the group's own limit and those of the groups above it (each applies); cgroup v2
    (``cpu.max``: ``<quota> <period>`` or ``max <period>``) or, without it, cgroup v1
    (``cpu/cpu.cfs_quota_us`` and ``cpu/cpu.cfs_period_us``, -1 for none).
    """
    limits = [q for q in (_v2_quota(d) for d in _v2_dirs()) if q is not None]
    if not limits:
        limits = [q for q in (_v1_quota(d) for d in _v1_dirs()) if q is not None]
    return min(limits) if limits else None


def _groups() -> dict[str, str]:
    """This process's control group per controller (``""`` for cgroup v2), from /proc/self/cgroup."""
    try:
        lines = PROC_CGROUP.read_text().splitlines()
    except OSError:
        return {}
    groups = {}
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in parts[1].split(",") or [""]:
                groups.setdefault(controller, parts[2])
    return groups


def _up_from(base: Path, group: str | None) -> list[Path]:
    """``base``/``group`` and every folder above it up to ``base`` (the group's ancestors)."""
    dirs = [base]
    parts = [p for p in (group or "").split("/") if p]
    for i in range(1, len(parts) + 1):
        dirs.append(base.joinpath(*parts[:i]))
    return dirs


def _v2_dirs() -> list[Path]:
    return _up_from(CGROUP_ROOT, _groups().get(""))


def _v1_dirs() -> list[Path]:
    groups = _groups()
    base = CGROUP_ROOT / "cpu"
    return _up_from(base, groups.get("cpu"))


def _cores(quota: float, period: float) -> int | None:
    """A quota of ``quota`` per ``period`` in whole cores (rounded up); None when not a limit."""
    if quota <= 0 or period <= 0:
        return None
    return max(1, math.ceil(quota / period))


def _v2_quota(folder: Path) -> int | None:
    try:
        fields = (folder / "cpu.max").read_text().split()
    except OSError:
        return None
    if len(fields) != 2 or fields[0] == "max":
        return None
    try:
        return _cores(float(fields[0]), float(fields[1]))
    except ValueError:
        return None


def _v1_quota(folder: Path) -> int | None:
    try:
        quota = float((folder / "cpu.cfs_quota_us").read_text())
        period = float((folder / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return _cores(quota, period)

"""The cores ``kam report`` runs its jobs on by default: those this process may use, not the machine's."""

from __future__ import annotations

import os

import pytest

from kamtools.report import cores


@pytest.fixture
def machine(monkeypatch, tmp_path):
    """A machine of 16 cores whose control groups live in ``tmp_path`` (no quota unless a test writes one)."""
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    monkeypatch.setattr(cores, "CGROUP_ROOT", tmp_path / "cgroup")
    monkeypatch.setattr(cores, "PROC_CGROUP", tmp_path / "self-cgroup")
    (tmp_path / "cgroup").mkdir()
    return tmp_path


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_cores_the_process_is_pinned_to(machine, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert cores.usable_cores() == 3


def test_without_affinity_the_machine_s_cores(machine, monkeypatch):
    """macOS and Windows have no sched_getaffinity."""
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    assert cores.usable_cores() == 16


def test_a_cgroup_v2_quota_rounded_up(machine, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    _write(machine / "self-cgroup", "0::/\n")
    _write(machine / "cgroup" / "cpu.max", "250000 100000\n")
    assert cores.cgroup_quota() == 3
    assert cores.usable_cores() == 3


def test_no_quota_in_cpu_max(machine, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    _write(machine / "self-cgroup", "0::/\n")
    _write(machine / "cgroup" / "cpu.max", "max 100000\n")
    assert cores.cgroup_quota() is None
    assert cores.usable_cores() == 16


def test_the_tightest_quota_of_the_group_and_its_parents(machine, monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    _write(machine / "self-cgroup", "0::/kam/job\n")
    _write(machine / "cgroup" / "kam" / "cpu.max", "200000 100000\n")
    _write(machine / "cgroup" / "kam" / "job" / "cpu.max", "600000 100000\n")
    assert cores.usable_cores() == 2


def test_a_cgroup_v1_quota(machine, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    _write(machine / "self-cgroup", "4:memory:/x\n1:cpu,cpuacct:/docker/abc\n0::/\n")
    _write(machine / "cgroup" / "cpu" / "docker" / "abc" / "cpu.cfs_quota_us", "150000\n")
    _write(machine / "cgroup" / "cpu" / "docker" / "abc" / "cpu.cfs_period_us", "100000\n")
    _write(machine / "cgroup" / "cpu" / "cpu.cfs_quota_us", "-1\n")
    _write(machine / "cgroup" / "cpu" / "cpu.cfs_period_us", "100000\n")
    assert cores.usable_cores() == 2


def test_a_quota_above_the_affinity_does_not_raise_it(machine, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    _write(machine / "self-cgroup", "0::/\n")
    _write(machine / "cgroup" / "cpu.max", "800000 100000\n")
    assert cores.usable_cores() == 2


def test_unreadable_probes_give_at_least_one(machine, monkeypatch):
    def refused(pid):
        raise OSError("not allowed")

    monkeypatch.setattr(os, "sched_getaffinity", refused, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    _write(machine / "self-cgroup", "0::/\n")
    _write(machine / "cgroup" / "cpu.max", "garbage\n")
    assert cores.usable_cores() == 1

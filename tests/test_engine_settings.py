"""DuckDB's out-of-core settings (memory limit, spill folder, threads): from the policy's ``engine``
section or the environment variables, the variables winning, applied to every store opened."""

from __future__ import annotations

import os

import pytest

import kamtools as kt
from kamtools import store_file
from kamtools.cli import main
from kamtools.policy import PolicyError, load_policy
from kamtools.store import KamData
from kamtools.store_file import MEMORY_ENV, TEMP_ENV, THREADS_ENV, StoreError, engine_settings


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("engine") / "kam.duckdb"
    kt.sample_data(customers=20, years=1, seed=1).save(path)
    return path


def _settings(db) -> dict[str, str]:
    data = KamData(db=db)
    try:
        rows = data.sql(
            "select name, value from duckdb_settings() where name in ('memory_limit', 'temp_directory', 'threads')"
        )
        return dict(zip(rows["name"], rows["value"]))
    finally:
        data.close()


@pytest.fixture
def clean_env(monkeypatch):
    for var in (MEMORY_ENV, TEMP_ENV, THREADS_ENV):
        monkeypatch.delenv(var, raising=False)


def test_the_policys_engine_settings_reach_the_store_and_are_taken_back(tiny_store, tmp_path, clean_env):
    spill = tmp_path / "spill"
    with engine_settings({"memory_limit": "300MB", "temp_directory": str(spill), "threads": 1}):
        got = _settings(tiny_store)
    assert got["threads"] == "1" and got["temp_directory"] == spill.as_posix()
    assert got["memory_limit"].replace(" ", "") in {"286.1MiB", "300.0MB", "286.0MiB"}  # 300 MB as DuckDB shows it
    assert MEMORY_ENV not in os.environ and TEMP_ENV not in os.environ and THREADS_ENV not in os.environ
    assert _settings(tiny_store)["temp_directory"] == store_file.spill_folder().as_posix()


def test_the_environment_wins_over_the_policy(tiny_store, monkeypatch, clean_env):
    monkeypatch.setenv(THREADS_ENV, "2")
    with engine_settings({"memory_limit": "", "temp_directory": "", "threads": 1}):
        assert _settings(tiny_store)["threads"] == "2"
    assert os.environ[THREADS_ENV] == "2"


@pytest.mark.parametrize(("var", "value"), [(MEMORY_ENV, "lots"), (THREADS_ENV, "0"), (THREADS_ENV, "two")])
def test_a_bad_variable_names_itself(tiny_store, monkeypatch, clean_env, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(StoreError, match=var):
        KamData(db=tiny_store)


def test_a_bad_memory_limit_in_the_policy_names_the_key(tmp_path):
    with pytest.raises(PolicyError, match="engine.memory_limit"):
        load_policy({"engine": {"memory_limit": "8 bananas"}})
    assert load_policy({"engine": {"memory_limit": "1.5GiB", "threads": 4}})["engine"]["threads"] == 4


def test_kam_with_a_policy_opens_the_store_with_its_engine_settings(tiny_store, tmp_path, clean_env, capsys):
    policy = tmp_path / "policy.yaml"
    policy.write_text("engine:\n  memory_limit: 8 bananas\n", encoding="utf-8")
    assert main(["snapshot", "--db", str(tiny_store), "--period", "2026-10", "--policy", str(policy)]) == 2
    assert "engine.memory_limit" in capsys.readouterr().err

"""The DuckDB store: save/load round trip, atomic replacement, SQL on frames and store alike."""
from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import kamtools as kt
from kamtools.schema import TABLES


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_and_reopen_round_trips_every_table(small_data, tmp_path):
    db = small_data.save(tmp_path / "kam.duckdb")
    stored = kt.KamData(db=db)
    try:
        assert stored.tables == small_data.tables
        for name in small_data.tables:
            assert_frame_equal(stored.table(name), small_data.table(name), check_exact=True, obj=name)
    finally:
        stored.close()


def test_store_types_follow_the_schema(small_data, tmp_path):
    db = small_data.save(tmp_path / "kam.duckdb")
    stored = kt.KamData(db=db)
    try:
        types = stored.sql("select table_name, column_name, data_type from information_schema.columns")
        got = {(r.table_name, r.column_name): r.data_type for r in types.itertuples()}
        for name in stored.tables:
            for col in TABLES[name].columns:
                assert got[(name, col.name)] == col.sql_type, (name, col.name)
    finally:
        stored.close()


def test_sql_gives_the_same_answer_on_frames_and_store(small_data, tmp_path):
    q = "select customer_id, sum(amount) as total from invoices group by 1 order by 1"
    db = small_data.save(tmp_path / "kam.duckdb")
    stored = kt.KamData(db=db)
    try:
        assert_frame_equal(stored.sql(q), small_data.sql(q))
    finally:
        stored.close()


def test_failed_save_leaves_existing_store_untouched(small_data, tmp_path):
    db = small_data.save(tmp_path / "kam.duckdb")
    before = _digest(db)
    broken = dict(small_data.frames())
    # A duplicate key breaks the customers table's primary key half-way through the write.
    broken["customers"] = pd.concat([broken["customers"], broken["customers"].head(1)], ignore_index=True)
    with pytest.raises(Exception):
        kt.KamData(broken).save(db)
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kam.duckdb"], "temporary files left behind"


def test_missing_optional_table_reads_as_empty_frame(small_data):
    frames = {k: v for k, v in small_data.frames().items() if k != "open_orders"}
    data = kt.KamData(frames)
    assert not data.has("open_orders")
    empty = data.open_orders
    assert len(empty) == 0 and list(empty.columns) == TABLES["open_orders"].names


def test_store_is_opened_read_only_so_readers_can_share_it(small_data, tmp_path):
    db = small_data.save(tmp_path / "kam.duckdb")
    a, b = kt.KamData(db=db), kt.KamData(db=db)
    try:
        assert len(a.customers) == len(b.customers) == len(small_data.customers)
    finally:
        a.close()
        b.close()


def test_unknown_table_is_rejected():
    with pytest.raises(ValueError, match="unknown tables: orders"):
        kt.KamData({"orders": pd.DataFrame()})

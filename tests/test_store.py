"""The DuckDB store: save/load round trip, atomic replacement, SQL on frames and store alike."""

from __future__ import annotations

import hashlib

import duckdb
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
    with pytest.raises(duckdb.ConstraintException):
        kt.KamData(broken).save(db)
    assert _digest(db) == before
    # the store and its lock file (two imports of one store take turns), no temporary file
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kam.duckdb.lock", "kam.duckdb"]


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


@pytest.mark.parametrize("content", [b"my notes about key accounts\n", b"customer_id,name\nC001,A\n"])
def test_save_refuses_to_replace_a_file_that_is_not_a_store(small_data, tmp_path, content):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    with pytest.raises(kt.DataError, match="is not a DuckDB store, so it is not replaced"):
        small_data.save(notes)
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"], "temporary files left behind"


def test_save_replaces_a_store_or_an_empty_file_but_not_a_folder(small_data, tmp_path):
    db = tmp_path / "kam.duckdb"
    db.touch()
    small_data.save(db)
    first = _digest(db)
    kt.KamData({"customers": small_data.customers.head(3)}).save(db)  # an existing store is replaced
    assert _digest(db) != first
    (tmp_path / "folder").mkdir()
    with pytest.raises(kt.DataError, match="is a folder"):
        small_data.save(tmp_path / "folder")


def test_csv_export_is_utf8_with_a_bom_and_reads_back_identically(small_data, tmp_path):
    from kamtools.ingest import read_source

    folder = small_data.to_csv(tmp_path / "export")
    text = (folder / "customers.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbfcustomer_id,")  # Excel shows Chinese names only with the BOM
    assert "有限公司" in text.decode("utf-8-sig")
    back, problems = read_source(folder)
    assert problems == []
    for name in small_data.tables:
        assert_frame_equal(back[name], small_data.table(name), check_exact=True, obj=name)
    plain = small_data.to_csv(tmp_path / "plain", encoding="utf-8")
    assert (plain / "customers.csv").read_bytes() == text[3:]


def test_a_store_keeps_query_results_and_hands_out_copies(small_data, tmp_path):
    from kamtools import facts

    db = small_data.save(tmp_path / "kam.duckdb")
    stored = kt.KamData(db=db)
    try:
        calls = []
        real_sql = stored.sql

        def counting_sql(query, params=None):
            calls.append(query)
            return real_sql(query, params)

        stored.sql = counting_sql
        args = dict(as_of=pd.Timestamp("2026-10-31").date(), start=pd.Timestamp("2025-10-31").date())
        first = facts.query(stored, "segments_hours", **args)
        first.loc[:, "hours_12m"] = -1.0  # changing a result must not change what the store kept
        second = facts.query(stored, "segments_hours", **args)
        assert len(calls) == 1
        assert (second["hours_12m"] >= 0).all()
        expect = facts.query(small_data, "segments_hours", **args)
        assert_frame_equal(
            second.sort_values("customer_id", ignore_index=True), expect.sort_values("customer_id", ignore_index=True)
        )
        facts.query(stored, "segments_hours", as_of=args["as_of"], start=pd.Timestamp("2026-04-30").date())
        assert len(calls) == 2  # other parameters: asked of the store again
    finally:
        stored.close()


def test_what_one_connection_kept_is_read_by_another_instead_of_computed(small_data, tmp_path):
    from kamtools import facts, receivables

    db = small_data.save(tmp_path / "kam.duckdb")
    args = dict(as_of=pd.Timestamp("2026-10-31").date(), start=pd.Timestamp("2025-10-31").date())
    first = kt.KamData(db=db)
    try:
        hours = facts.query(first, "segments_hours", **args)
        aged = receivables.aging(first, "2026-10-31")
        assert first.write_kept(tmp_path / "kept", ["facts", "aging"]) >= 2  # the aging asks a facts query too
    finally:
        first.close()
    second = kt.KamData(db=db)
    try:
        second.read_kept(tmp_path / "kept")
        calls = []
        real_sql = second.sql
        second.sql = lambda query, params=None: calls.append(query) or real_sql(query, params)
        assert_frame_equal(facts.query(second, "segments_hours", **args), hours)
        assert_frame_equal(receivables.aging(second, "2026-10-31"), aged)
        assert calls == []  # read, not asked of the store
        facts.query(second, "segments_hours", as_of=args["as_of"], start=pd.Timestamp("2026-04-30").date())
        assert len(calls) == 1  # other parameters: not in the folder, asked of the store
    finally:
        second.close()


def test_data_in_memory_is_queried_every_time():
    from kamtools import facts

    data = kt.sample_data(customers=5, years=1, seed=1)
    calls = []
    real_sql = data.sql
    data.sql = lambda query, params=None: calls.append(query) or real_sql(query, params)
    window = dict(first=pd.Timestamp("2020-01-01").date(), last=pd.Timestamp("2030-12-31").date(), customer_id="")
    assert_frame_equal(facts.query(data, "portfolio_totals", **window), facts.query(data, "portfolio_totals", **window))
    assert len(calls) == 2


HOSTILE_HEADERS = [
    'note"); CREATE TABLE pwned (a INTEGER); --',
    "note'; DROP TABLE customers; --",
    'x" INTEGER, "y',
    '客户备注 "引号"',
]


def test_extra_column_headers_stay_names_and_never_run_as_sql(small_data, tmp_path):
    """An export's extra columns are kept under exactly their headers, whatever the headers hold."""
    frames = dict(small_data.frames())
    cust = frames["customers"].copy()
    for i, header in enumerate(HOSTILE_HEADERS):
        cust[header] = f"value {i}"
    frames["customers"] = cust
    db = kt.KamData(frames).save(tmp_path / "kam.duckdb")
    data = kt.KamData(db=db)
    try:
        assert sorted(data.tables) == sorted(small_data.tables)  # no table made by a header
        got = data.customers
        for i, header in enumerate(HOSTILE_HEADERS):
            assert header in got.columns
            assert set(got[header]) == {f"value {i}"}
    finally:
        data.close()


def test_a_temporary_folder_with_an_apostrophe_works(small_data, tmp_path, monkeypatch):
    """DuckDB spills to the system's temporary folder; its path is text, never SQL."""
    import tempfile

    odd = tmp_path / "O'Brien's temp"
    odd.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(odd))
    db = small_data.save(tmp_path / "kam.duckdb")
    data = kt.KamData(db=db)
    try:
        assert len(data.customers) == len(small_data.customers)
    finally:
        data.close()

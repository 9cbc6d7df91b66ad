"""Stores that cannot be used, SQL that cannot reach files, leftovers of killed imports, and the
`kam` command's last resort: one readable line, never a traceback."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import kamtools as kt
from kamtools import cli
from kamtools.ingest import import_source
from kamtools.store import StoreError, check_store, check_target, open_store

VALID = Path(__file__).parent / "data" / "bad" / "_valid"
FIX = "re-create it from your source with `kam import SOURCE --db {db}`"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store imported from the valid source, never changed: each test copies it."""
    db = tmp_path_factory.mktemp("store") / "kam.duckdb"
    import_source(VALID, db)
    return db


def _copy(store: Path, folder: Path, name: str = "kam.duckdb") -> Path:
    db = folder / name
    db.write_bytes(store.read_bytes())
    return db


def _altered(store: Path, folder: Path, *statements: str) -> Path:
    """A copy of the store changed by ``statements`` (as another program could)."""
    db = _copy(store, folder)
    con = duckdb.connect(str(db))
    for sql in statements:
        con.execute(sql)
    con.close()
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ files that are no store
def _empty(store, folder):
    (folder / "kam.duckdb").touch()
    return folder / "kam.duckdb"


def _text(store, folder):
    (folder / "kam.duckdb").write_text("Call Wang Li about the Q4 order.\n", encoding="utf-8")
    return folder / "kam.duckdb"


def _csv(store, folder):
    (folder / "kam.duckdb").write_bytes((VALID / "customers.csv").read_bytes())
    return folder / "kam.duckdb"


def _sqlite(store, folder):
    con = sqlite3.connect(folder / "kam.duckdb")
    con.execute("create table customers (customer_id text)")
    con.commit()
    con.close()
    return folder / "kam.duckdb"


def _cut_short(store, folder):
    db = folder / "kam.duckdb"
    db.write_bytes(store.read_bytes()[:300_000])  # the header and catalog survive, the data does not
    return db


def _foreign_duckdb(store, folder):
    con = duckdb.connect(str(folder / "kam.duckdb"))
    con.execute("create table budget (year integer, amount double)")
    con.close()
    return folder / "kam.duckdb"


BROKEN = {
    "empty": (
        _empty,
        "{db}: the file is empty, not a store (an import or a copy that never finished?); "
        "create the store with `kam import SOURCE --db {db}`",
    ),
    "text": (
        _text,
        "{db}: is a text file (CSV or notes), not a kamtools store; give the store's path with --db, "
        "or move this file away and create the store with `kam import SOURCE --db {db}`",
    ),
    "csv": (
        _csv,
        "{db}: is a text file (CSV or notes), not a kamtools store; give the store's path with --db, "
        "or move this file away and create the store with `kam import SOURCE --db {db}`",
    ),
    "sqlite": (
        _sqlite,
        "{db}: is an SQLite database, not a kamtools store; give the store's path with --db, "
        "or move this file away and create the store with `kam import SOURCE --db {db}`",
    ),
    "cut short": (
        _cut_short,
        "{db}: the store is damaged: the file is cut short (300,000 of at least {size:,} bytes; "
        "a copy or download that did not finish?); re-create it with `kam import SOURCE --db {db}`",
    ),
    "foreign duckdb": (
        _foreign_duckdb,
        "{db}: is a DuckDB database but not a kamtools store (its tables: budget); give the store's path "
        "with --db, or create the store with `kam import SOURCE --db {db}`",
    ),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_file_that_is_no_usable_store_is_named_with_its_fix(kind, store, tmp_path):
    make, message = BROKEN[kind]
    db = make(store, tmp_path)
    before = _digest(db)
    expected = message.format(db=db, size=store.stat().st_size)
    with pytest.raises(StoreError) as info:
        check_store(db)
    assert str(info.value) == expected
    with pytest.raises(StoreError) as info:
        kt.KamData(db=db)  # every page opens the store this way
    assert str(info.value) == expected
    assert _digest(db) == before


def test_a_missing_store_and_a_folder_are_named(tmp_path):
    with pytest.raises(StoreError, match=r"nope\.duckdb: there is no store here; create it with `kam import"):
        check_store(tmp_path / "nope.duckdb")
    with pytest.raises(StoreError, match="is a folder, not a store"):
        check_store(tmp_path)


def test_a_store_damaged_in_its_header_is_named(store, tmp_path):
    db = tmp_path / "kam.duckdb"
    db.write_bytes(store.read_bytes()[:100])
    with pytest.raises(StoreError) as info:
        check_store(db)
    text = str(info.value)
    assert text.startswith(f"{db}: the store cannot be read, it is damaged or not a store of this DuckDB version (")
    assert text.endswith(f"re-create it with `kam import SOURCE --db {db}`")


@pytest.mark.parametrize(
    "change, problems",
    [
        (["drop table payments"], "the table payments is missing"),
        (["alter table invoices drop column due_date"], "the table invoices has no column due_date"),
        (
            ["alter table invoices drop column due_date", "alter table customers alter wallet_estimate type double"],
            "the column customers.wallet_estimate is DOUBLE, not DECIMAL(18,2); "
            "the table invoices has no column due_date",
        ),
    ],
)
def test_a_store_missing_a_table_or_column_is_refused_before_anything_runs(change, problems, store, tmp_path):
    db = _altered(store, tmp_path, *change)
    with pytest.raises(StoreError) as info:
        check_store(db)
    assert str(info.value) == f"{db}: the store does not hold what kamtools needs: {problems}; " + FIX.format(db=db)


def test_opening_a_store_asks_only_for_the_columns_of_the_tables_it_holds(store, tmp_path):
    """A library user's store may lack a table (it reads as empty); a table it holds must have the
    model's columns, or SQL on it would fail late."""
    db = _altered(store, tmp_path, "drop table payments")
    data = kt.KamData(db=db)
    try:
        assert not data.has("payments") and len(data.payments) == 0
    finally:
        data.close()
    db = _altered(store, tmp_path, "alter table invoices drop column due_date")
    with pytest.raises(StoreError, match="the table invoices has no column due_date"):
        kt.KamData(db=db)


def test_views_schemas_and_tables_of_the_users_own_are_fine(store, tmp_path):
    db = _altered(
        store,
        tmp_path,
        "create view kampwn_late as select * from invoices where due_date < '2026-10-01'",
        "create schema mine",
        "create table mine.notes as select 'kampwn' as note",
        "create table budget as select 2026 as year",
    )
    assert check_store(db) == db


HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(120)"


@pytest.fixture
def held(store, tmp_path):
    """A copy of the store another program holds open for writing."""
    db = _copy(store, tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "open"
    yield db, proc.pid
    proc.kill()
    proc.wait()


def test_a_store_in_use_by_another_program_is_named_and_never_replaced(held):
    db, pid = held
    before = _digest(db)
    with pytest.raises(StoreError) as info:
        check_store(db)
    assert re.fullmatch(
        rf"{re.escape(str(db))}: the store is in use by another program \(python[\w.]*, PID {pid}\) that has it "
        "open for writing; close that program or wait for it to finish, then run the command again",
        str(info.value),
    ), str(info.value)
    with pytest.raises(StoreError, match="in use by another program"):
        import_source(VALID, db)
    assert _digest(db) == before


def test_the_import_refuses_foreign_files_but_repairs_empty_and_damaged_stores(store, tmp_path):
    for kind in ("text", "csv", "sqlite", "foreign duckdb"):
        folder = tmp_path / kind
        folder.mkdir()
        db = BROKEN[kind][0](store, folder)
        before = _digest(db)
        with pytest.raises(StoreError, match="so it is not replaced"):
            check_target(db)
        with pytest.raises(StoreError, match="so it is not replaced"):
            import_source(VALID, db)
        assert _digest(db) == before, kind
    for kind in ("empty", "cut short"):
        folder = tmp_path / kind
        folder.mkdir()
        db = BROKEN[kind][0](store, folder)
        import_source(VALID, db)
        check_store(db)  # the import is the fix the messages name


# ------------------------------------------------------------------ SQL never reaches files
OUTSIDE = [
    "select * from read_text({path})",
    "select * from read_csv({path})",
    "copy customers to {path}",
    "attach {path} as other",
    "install sqlite",
    "load sqlite",
]


@pytest.mark.parametrize("where", ["store", "memory"])
@pytest.mark.parametrize("statement", OUTSIDE)
def test_sql_on_the_data_can_read_and_write_no_file(statement, where, store, tmp_path):
    """Defence in depth: even SQL text a notebook author built from a value (a crafted cell, a
    crafted header) cannot read, write or attach a file, nor load an extension."""
    secret = tmp_path / "kampwn_secret.txt"
    secret.write_text("kampwn", encoding="utf-8")
    target = tmp_path / "kampwn_out.csv"
    path = secret if statement.startswith(("select", "attach")) else target
    data = kt.KamData(db=store) if where == "store" else kt.sample_data(customers=5, years=1, seed=1)
    try:
        with pytest.raises(duckdb.Error, match="disabled"):
            data.sql(statement.format(path=kt.store.quote_literal(path)))
        with pytest.raises(duckdb.Error):  # nor can SQL turn the setting back on or widen it
            data.sql("set enable_external_access = true")
        with pytest.raises(duckdb.Error):
            data.sql(f"set allowed_paths = [{kt.store.quote_literal(secret)}]")
        assert len(data.sql("select * from customers")) > 0  # the data itself is there
    finally:
        data.close()
    assert not target.exists()


def test_a_text_cell_that_is_sql_stays_a_value_even_in_sql_text(store, tmp_path):
    evil = f"x'; copy customers to {kt.store.quote_literal(tmp_path / 'kampwn.csv')}; select '"
    data = kt.KamData(db=store)
    try:
        # as a careless notebook would: the value pasted into the SQL text
        with pytest.raises(duckdb.Error, match="disabled"):
            data.sql(f"select * from customers where name = '{evil}'")
        assert len(data.customer_rows("customers", evil)) == 0  # bound: a value, nothing runs
    finally:
        data.close()
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ leftovers of killed imports
def test_the_next_import_removes_what_killed_imports_left(store, tmp_path):
    db = _copy(store, tmp_path)
    left = [tmp_path / ".kam.duckdb.k1ll3d.tmp", tmp_path / ".kam.duckdb.k1ll3d.tmp.wal", tmp_path / "kam.duckdb.wal"]
    for p in left:
        p.write_bytes(b"left by an import killed half-way")
    kept = [tmp_path / ".other.duckdb.k1ll3d.tmp", tmp_path / "notes.tmp"]  # not this store's
    for p in kept:
        p.write_text("the user's")
    import_source(VALID, db)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".kam.duckdb.lock", "kam.duckdb", *(p.name for p in kept)]
    )
    check_store(db)


def test_a_store_path_with_an_apostrophe_and_brackets_works(tmp_path):
    folder = tmp_path / "O'Brien's [books]"
    db = folder / "kam'; drop table x; --.duckdb"
    import_source(VALID, db)
    (folder / f".{db.name}.0.tmp").write_text("left")
    import_source(VALID, db)
    assert sorted(p.name for p in folder.iterdir()) == sorted([f".{db.name}.lock", db.name])
    con = open_store(db, complete=True)
    con.close()


# ------------------------------------------------------------------ kam: never a traceback
def test_kam_never_prints_a_traceback(monkeypatch, capsys, tmp_path):
    def broken(args):
        raise RuntimeError("something nobody foresaw\nand its second line")

    monkeypatch.setattr(cli, "_cmd_dictionary", broken)
    code = cli.main(["dictionary", "--out", str(tmp_path / "d.md")])
    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    assert out.err == (
        "kam dictionary: error: RuntimeError: something nobody foresaw (run with --debug for the details)\n"
    )
    with pytest.raises(RuntimeError, match="something nobody foresaw"):
        cli.main(["--debug", "dictionary", "--out", str(tmp_path / "d.md")])


def test_kam_names_a_broken_store_in_one_line(store, tmp_path, capsys):
    db = _cut_short(store, tmp_path)
    for args in (
        ["export", "--db", db, "--out", tmp_path / "out"],
        ["credit-forms", "--db", db, "--customer", "C001", "--out", tmp_path / "out"],
        ["report", "--db", db, "--out", tmp_path / "reports"],
    ):
        code = cli.main([str(a) for a in args])
        err = capsys.readouterr().err
        assert code == 2
        assert err.startswith(f"kam {args[0]}: error: {db}: the store is damaged: the file is cut short"), err
        assert len(err.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kam.duckdb"]

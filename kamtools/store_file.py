"""The store's file: how the workbook opens DuckDB, and what a file given as a store is.

Every DuckDB connection of the workbook comes from :func:`connect`: a memory limit, the spill
folder, no progress bar, and no access to anything outside the database (``enable_external_access``
off). SQL run on the user's data can then read or write no other file, load no extension and
reach no network address, whatever a header or a cell of an export holds; DuckDB itself keeps
the setting, the paths it would allow and the spill folder from being changed while the database
is open. (``lock_configuration`` would add only the memory and thread settings, and would stop a
second connection to the same store in one process from turning its progress bar off.)

A file given as a store is checked before anything is read from it (:func:`open_store`,
:func:`check_store`): an empty file, a text, CSV or SQLite file, a store cut short by a copy
that did not finish, a store another program holds open for writing, and a store that lacks a
table or column of :mod:`kamtools.schema` are each refused with one message that says what is
wrong and which command fixes it. A file given as the target of an import is checked too
(:func:`check_target`): only a store (or nothing) is ever replaced.

Writing a store (:func:`writing`) holds a lock beside it, so two imports of one store take turns,
and removes what an import killed before it could clean up left behind.
"""

from __future__ import annotations

import glob
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from filelock import FileLock

from .schema import REQUIRED_TABLES, TABLES


class DataError(Exception):
    """Raised when input data breaks the data model.

    ``problems`` lists every problem found (see :class:`kamtools.ingest.Problem`).
    """

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class StoreError(DataError):
    """A file given as a store that cannot be used as one: missing, empty, not a store, cut
    short, in use by another program, or lacking a table or column of the data model. The
    message says what is wrong and which command fixes it."""


#: Environment variables of DuckDB's out-of-core settings (memory limit, spill folder, threads); each
#: wins over the policy's ``engine`` section, which :func:`engine_settings` gives as these variables.
MEMORY_ENV = "KAM_DUCKDB_MEMORY_LIMIT"
TEMP_ENV = "KAM_DUCKDB_TEMP_DIRECTORY"
THREADS_ENV = "KAM_DUCKDB_THREADS"
ENGINE_ENV = {"memory_limit": MEMORY_ENV, "temp_directory": TEMP_ENV, "threads": THREADS_ENV}
#: An amount of memory as DuckDB reads it: a number and a unit (``500MB``, ``8GB``, ``1.5GiB``).
MEMORY_AMOUNT = re.compile(r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def memory_limit() -> str:
    """The memory DuckDB may use before it spills to disk: ``$KAM_DUCKDB_MEMORY_LIMIT``, else
    40 % of the machine's memory, at most 4 GB (DuckDB's own default, 80 %, leaves too little
    for pandas and the notebook kernels running beside it).

    >>> memory_limit().endswith("MB") or memory_limit().endswith("B")
    True
    """
    env = os.environ.get(MEMORY_ENV, "").strip()
    if env:
        if not MEMORY_AMOUNT.match(env):
            raise StoreError(f"{MEMORY_ENV}={env!r} is not an amount of memory (a number and a unit: 500MB, 8GB)")
        return env
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "4GB"
    return f"{max(256, min(4096, int(total * 0.4 / 2**20)))}MB"


def spill_folder() -> Path:
    """Where DuckDB spills what does not fit in memory: ``$KAM_DUCKDB_TEMP_DIRECTORY``, else the
    system's temporary folder, never the working folder or the store's."""
    env = os.environ.get(TEMP_ENV, "").strip()
    return Path(env).expanduser() if env else Path(tempfile.gettempdir()) / "kamtools-duckdb"


def threads() -> int | None:
    """The threads DuckDB runs a query on: ``$KAM_DUCKDB_THREADS``, else None (DuckDB's own: one per core)."""
    env = os.environ.get(THREADS_ENV, "").strip()
    if not env:
        return None
    if not env.isdigit() or not 1 <= int(env) <= 1024:
        raise StoreError(f"{THREADS_ENV}={env!r} is not a number of threads (a whole number from 1 to 1024)")
    return int(env)


@contextmanager
def engine_settings(engine: Mapping[str, Any] | None) -> Iterator[None]:
    """The policy's ``engine`` settings (``memory_limit``, ``temp_directory``, ``threads``; empty or 0:
    the default) for every store opened meanwhile, in this process and in the processes it starts
    (the report's pages, plans and their kernels): given as the environment variables of
    :data:`ENGINE_ENV`, which win where they are already set; taken back after.

    >>> with engine_settings({"memory_limit": "1GB", "temp_directory": "", "threads": 0}):
    ...     os.environ.get(MEMORY_ENV) == "1GB" or MEMORY_ENV in os.environ
    True
    """
    given = []
    for key, var in ENGINE_ENV.items():
        value = (engine or {}).get(key)
        if value in (None, "", 0) or os.environ.get(var, "").strip():
            continue
        os.environ[var] = str(value)
        given.append(var)
    try:
        yield
    finally:
        for var in given:
            os.environ.pop(var, None)


def connect(
    db: str | os.PathLike | None = None, *, read_only: bool = False, read_files: Iterable[Path] = ()
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the workbook's settings (``db`` None: in memory).

    The memory limit and spill folder are given when the database opens (no SQL text holds
    them); then external access is turned off for good: no file but the database and the
    spill folder, no extension, no network. ``read_files``: the source files an import reads
    with DuckDB's own readers, the only other files the connection may open.

    In memory, every connection of the process is a cursor of one in-memory database
    (:func:`_memory_database`): opening a database takes tens of milliseconds, a cursor
    none, and data built from DataFrames opens one connection each. A cursor sees only its
    own registered DataFrames and temporary tables.

    >>> con = connect()
    >>> con.execute("select 1 + 1").fetchall()
    [(2,)]
    >>> try:
    ...     con.execute("select * from read_text('/etc/hostname')")
    ... except duckdb.PermissionException as exc:
    ...     print(str(exc).splitlines()[0].split(" - ")[1])
    file system operations are disabled by configuration
    >>> import pandas as pd
    >>> _ = con.register("invoices", pd.DataFrame({"amount": [1.0]}))
    >>> "invoices" in {r[0] for r in connect().execute("select view_name from duckdb_views()").fetchall()}
    False
    """
    if db is None:
        with _MEMORY_LOCK:
            con = _memory_database().cursor()
    else:
        con = _open(os.fspath(db), read_only, [Path(p).resolve().as_posix() for p in read_files])
    con.execute("set enable_progress_bar = false")  # it would print into notebooks and report logs
    return con


def _open(database: str, read_only: bool, read_files: list[str] | None = None) -> duckdb.DuckDBPyConnection:
    """A new DuckDB database ``database`` (or ``:memory:``) opened with the workbook's settings."""
    config = {
        "memory_limit": memory_limit(),
        "temp_directory": spill_folder().as_posix(),
        **({"threads": threads()} if threads() else {}),
        "autoinstall_known_extensions": False,  # a SQLite file given as a store must not fetch an extension
        "autoload_known_extensions": False,
    }
    con = duckdb.connect(database, read_only=read_only, config=config)
    if read_files:  # bound values: a path is never SQL text
        con.execute("set allowed_paths = ?", [read_files])
    con.execute("set enable_external_access = false")
    return con


#: The in-memory database of this process (its process id with it: a forked child opens its own).
_MEMORY: dict[int, duckdb.DuckDBPyConnection] = {}
_MEMORY_LOCK = threading.Lock()


def _memory_database() -> duckdb.DuckDBPyConnection:
    """The process's one in-memory database, opened on first use (call with ``_MEMORY_LOCK`` held)."""
    pid = os.getpid()
    if pid not in _MEMORY:
        _MEMORY.clear()
        _MEMORY[pid] = _open(":memory:", False)
    return _MEMORY[pid]


# ------------------------------------------------------------------ what a file is
#: The first bytes of every DuckDB database file: an 8-byte checksum, then this.
DUCKDB_MAGIC = b"DUCK"
#: DuckDB files begin with three headers of this size, then the blocks.
_HEADERS = 3 * 4096


def is_duckdb_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a DuckDB database file (by its header).

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     notes = pathlib.Path(tmp, "notes.txt")
    ...     _ = notes.write_text("my notes")
    ...     is_duckdb_file(notes)
    False
    """
    with open(path, "rb") as fh:
        head = fh.read(12)
    return head[8:12] == DUCKDB_MAGIC


def file_kind(head: bytes) -> str:
    """What a file that is not a DuckDB database is, from its first bytes (for messages).

    >>> file_kind(b"SQLite format 3\\x00..."), file_kind(b"customer_id,name\\nC1,A\\n"), file_kind(b"\\x00\\x01")
    ('an SQLite database', 'a text file (CSV or notes)', 'not a DuckDB database')
    """
    if head.startswith(b"SQLite format 3\x00"):
        return "an SQLite database"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP file (an Excel workbook?)"
    if head.startswith(b"PAR1"):
        return "a Parquet file"
    if b"\x00" not in head:
        return "a text file (CSV or notes)"
    return "not a DuckDB database"


def _import_hint(shown: str) -> str:
    return f"`kam import SOURCE --db {shown}`"


def _check_file(path: Path, shown: str) -> None:
    """The checks a file given as a store passes before DuckDB opens it."""
    if not path.exists():
        raise StoreError(f"{shown}: there is no store here; create it with {_import_hint(shown)}")
    if path.is_dir():
        raise StoreError(f"{shown}: is a folder, not a store; give the store's file, such as data/kam.duckdb")
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise StoreError(f"{shown}: cannot read the file ({exc.strerror or exc})") from None
    if not head:
        raise StoreError(
            f"{shown}: the file is empty, not a store (an import or a copy that never finished?); "
            f"create the store with {_import_hint(shown)}"
        )
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(
            f"{shown}: is {file_kind(head)}, not a kamtools store; give the store's path with --db, "
            f"or move this file away and create the store with {_import_hint(shown)}"
        )


def _holder(exc: duckdb.Error) -> str | None:
    """Who holds the store open for writing, when that is why DuckDB could not open it (else None)."""
    text = str(exc)
    if not re.search(r"\block\b", text, re.IGNORECASE):  # "Could not set lock on file ..."
        return None
    found = re.search(r"held in (.+?) \(PID (\d+)\)", text)
    return f" ({Path(found.group(1)).name}, PID {found.group(2)})" if found else ""


def _open_failure(shown: str, exc: duckdb.Error) -> StoreError:
    """The message of a store DuckDB could not open: in use by another program, or damaged."""
    holder = _holder(exc)
    if holder is not None:
        return StoreError(
            f"{shown}: the store is in use by another program{holder} that has it open for writing; "
            "close that program or wait for it to finish, then run the command again"
        )
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(
        f"{shown}: the store cannot be read, it is damaged or not a store of this DuckDB version ({text}); "
        f"re-create it with {_import_hint(shown)}"
    )


def _last_block(con: duckdb.DuckDBPyConnection) -> int:
    """The highest block of the database file that holds data or metadata (-1: none)."""
    last = con.execute("select max(block_id) from pragma_metadata_info()").fetchall()[0][0]
    highest = [-1 if last is None else int(last)]
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = current_database() and not temporary"
    ).fetchall()
    for schema, name in tables:
        qualified = ".".join('"' + part.replace('"', '""') + '"' for part in (schema, name))
        got = con.execute(
            "select max(block_id), max(list_max(additional_block_ids)) from pragma_storage_info(?)", [qualified]
        ).fetchall()[0]
        highest += [int(b) for b in got if b is not None]
    return max(highest)


def _check_size(con: duckdb.DuckDBPyConnection, path: Path, shown: str) -> None:
    """A store whose file ends before its last block (a copy or download cut short) is refused
    now, not when a page reads the missing part."""
    block = con.execute("select block_size from pragma_database_size()").fetchall()[0][0]
    needed = _HEADERS + (_last_block(con) + 1) * int(block)
    size = path.stat().st_size
    if size < needed:
        raise StoreError(
            f"{shown}: the store is damaged: the file is cut short ({size:,} of at least {needed:,} bytes; "
            f"a copy or download that did not finish?); re-create it with {_import_hint(shown)}"
        )


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Table -> column -> type of the store's own tables."""
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'main' and table_catalog = current_database()"
    ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        found.setdefault(table, {})[column] = kind
    return found


def _model_problems(found: dict[str, dict[str, str]], complete: bool) -> list[str]:
    """What the store's tables lack against the data model: missing tables (``complete``: the
    required ones), then missing columns and columns of another type."""
    problems = []
    if complete:
        problems += [f"the table {name} is missing" for name in REQUIRED_TABLES if name not in found]
    for name, table in TABLES.items():
        have = found.get(name)
        if have is None:
            continue
        for col in table.columns:
            if col.name not in have:
                problems.append(f"the table {name} has no column {col.name}")
            elif complete and have[col.name] != col.sql_type:
                problems.append(f"the column {name}.{col.name} is {have[col.name]}, not {col.sql_type}")
    return problems


def open_store(db: str | os.PathLike, *, complete: bool = False) -> duckdb.DuckDBPyConnection:
    """Store ``db`` opened read-only (:func:`connect`), after checking it is a kamtools store:
    raises :class:`StoreError` naming what is wrong and the command that fixes it.

    Every table of the model the store holds must have the model's columns. ``complete``
    also asks for every required table with the model's column types, as the monthly report,
    the credit forms and the export need (:func:`check_store`).
    """
    path, shown = Path(db), os.fspath(db)
    _check_file(path, shown)
    try:
        con = connect(path, read_only=True)
    except duckdb.Error as exc:
        raise _open_failure(shown, exc) from None
    try:
        found = _columns(con)
        if found and not set(found) & set(TABLES):
            raise StoreError(
                f"{shown}: is a DuckDB database but not a kamtools store (its tables: {', '.join(sorted(found))}); "
                f"give the store's path with --db, or create the store with {_import_hint(shown)}"
            )
        _check_size(con, path, shown)
        problems = _model_problems(found, complete)
        if problems:
            raise StoreError(
                f"{shown}: the store does not hold what kamtools needs: {'; '.join(problems)}; "
                f"re-create it from your source with {_import_hint(shown)}"
            )
    except duckdb.Error as exc:
        con.close()
        raise _open_failure(shown, exc) from None
    except BaseException:
        con.close()
        raise
    return con


def check_store(db: str | os.PathLike) -> Path:
    """Check store ``db`` before anything runs on it: the monthly report, the credit forms and
    the export call this first, so a broken store stops them with one message
    (:class:`StoreError`) instead of failing every page late.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     empty = pathlib.Path(tmp, "kam.duckdb")
    ...     empty.touch()
    ...     check_store(empty)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kamtools.store_file.StoreError: ...kam.duckdb: the file is empty, not a store (...); create the store with `kam import SOURCE --db ...kam.duckdb`
    """
    open_store(db, complete=True).close()
    return Path(db)


def check_target(db: str | os.PathLike) -> Path:
    """The store path ``db``, checked before anything is written to it.

    A folder, an existing file that is not a DuckDB database (a spreadsheet, notes, a source
    given as ``--db`` by mistake), a DuckDB database of something else, and a store another
    program has open for writing raise :class:`StoreError`: replacing them would destroy the
    user's file or pull it from under that program. A missing file, an empty one, a store and a
    damaged store (the import is how it is repaired) may be replaced.
    """
    target = Path(db)
    shown = os.fspath(db)
    if target.is_dir():
        raise StoreError(f"{shown}: is a folder, not a store; give a file such as data/kam.duckdb")
    if not target.exists() or target.stat().st_size == 0:
        return target
    try:
        ok = is_duckdb_file(target)
    except OSError as exc:
        raise StoreError(f"{shown}: cannot read the existing file ({exc.strerror or exc})") from None
    if not ok:
        raise StoreError(
            f"{shown}: the file exists and is not a DuckDB store, so it is not replaced; "
            "give another path, or move the file away first"
        )
    try:
        con = connect(target, read_only=True)
    except duckdb.Error as exc:
        if _holder(exc) is not None:
            raise _open_failure(shown, exc) from None
        return target  # damaged: the import re-creates it
    try:
        tables = set(_columns(con))
    except duckdb.Error:
        return target
    finally:
        con.close()
    if tables and not tables & set(TABLES):
        raise StoreError(
            f"{shown}: is a DuckDB database of something else (its tables: {', '.join(sorted(tables))}), "
            "so it is not replaced; give another path, or move the file away first"
        )
    return target


# ------------------------------------------------------------------ writing
def leftovers(target: Path) -> list[Path]:
    """Files an import of ``target`` killed before it could clean up left beside it: its
    temporary store (``.NAME.*.tmp``) and that store's write-ahead log."""
    stem = glob.escape(f".{target.name}.")
    return sorted([*target.parent.glob(f"{stem}*.tmp"), *target.parent.glob(f"{stem}*.tmp.wal")])


def store_lock(target: Path) -> FileLock:
    """The lock of store ``target`` (``.NAME.lock`` beside it): whoever writes the store holds it, so an
    import and a snapshot of one store take turns."""
    return FileLock(target.with_name(f".{target.name}.lock"))


@contextmanager
def writing(target: Path) -> Iterator[Path]:
    """Hold the lock of store ``target`` (``.NAME.lock`` beside it: a second import of the same
    store waits for the first) and give a fresh temporary path beside it to write the new store
    to. What killed imports left behind is removed first; the temporary files are removed when
    the block ends, whether the new store was moved into place or not, and so is the lock file
    when this write created it and failed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = store_lock(target)
    created = not Path(lock.lock_file).exists()
    try:
        with lock:
            for old in leftovers(target):
                old.unlink(missing_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            tmp = Path(name)
            tmp.unlink()  # DuckDB creates the file itself
            try:
                yield tmp
            finally:
                tmp.unlink(missing_ok=True)
                Path(f"{tmp}.wal").unlink(missing_ok=True)
    except BaseException:
        if created:  # a write that failed (a source with errors) leaves no file beside the store
            Path(lock.lock_file).unlink(missing_ok=True)
        raise


def replace_store(tmp: Path, target: Path) -> None:
    """Move the new store ``tmp`` into place. A write-ahead log beside ``target`` belongs to the
    store being replaced: DuckDB would replay it onto the new one, so it goes first."""
    Path(f"{target}.wal").unlink(missing_ok=True)
    os.replace(tmp, target)

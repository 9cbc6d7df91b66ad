"""The embedded DuckDB store and the :class:`KamData` object.

A :class:`KamData` holds one table per name of the data model. Built from a
store file, the small tables load into pandas on first use while the large ones
(invoices, payments, activities) stay in DuckDB and are read with SQL. Built from
DataFrames, every table is registered into an in-memory DuckDB connection, so
the same SQL runs on both.

>>> import kamtools as kt
>>> data = kt.sample_data(customers=20, years=1, seed=1)
>>> int(data.sql("select count(*) as n from customers")["n"].iloc[0])
20
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .schema import TABLES, conform, empty_frame
from .store_file import (  # noqa: F401 - the store's file checks, also offered here
    DUCKDB_MAGIC,
    MEMORY_ENV,
    DataError,
    StoreError,
    check_store,
    check_target,
    connect,
    is_duckdb_file,
    memory_limit,
    open_store,
    replace_store,
    writing,
)
from .store_keys import missing_derived, view_derived, write_derived


class KamData:
    """The workbook's data: one DataFrame (or store table) per table of the model.

    Parameters
    ----------
    tables
        DataFrames by table name, already in the model's dtypes (see
        :func:`kamtools.schema.conform`).
    db
        Path of a DuckDB store to read from instead (opened read-only). A file that is not
        a kamtools store, or whose tables lack columns of the model, raises
        :class:`StoreError` saying what is wrong and which command fixes it.

    SQL run on the data (:meth:`sql`) reads and writes nothing outside it: no file, no
    extension, no network (:func:`kamtools.store_file.connect`).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=10, years=1, seed=3)
    >>> "invoices" in data.tables
    True
    >>> list(data.customers.columns[:2])
    ['customer_id', 'name']
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame] | None = None, *, db: str | os.PathLike | None = None):
        self._frames: dict[str, pd.DataFrame] = {}
        self._kept: dict[Hashable, Any] = {}
        self._kept_folder: Path | None = None  # results another process kept from the same store (read_kept)
        self.db: Path | None = Path(db) if db is not None else None
        if self.db is not None:
            if tables:
                raise ValueError("give either tables or db, not both")
            self.con = open_store(self.db)
            present = set(
                self.con.sql("select table_name from information_schema.tables where table_schema = 'main'").df()[
                    "table_name"
                ]
            )
            self.tables = [name for name in TABLES if name in present]
            if missing_derived(present):  # a store written before the customer keys: views instead
                view_derived(self.con, self.tables)
        else:
            self.con = connect()
            self.tables = []
            for name in TABLES:
                if tables and name in tables:
                    self._frames[name] = tables[name]
                    self.con.register(name, tables[name])
                    self.tables.append(name)
            unknown = set(tables or {}) - set(TABLES)
            if unknown:
                raise ValueError(f"unknown tables: {', '.join(sorted(unknown))}")
            view_derived(self.con, self.tables)  # the customer keys and purchase days, kamtools.store_keys

    def __repr__(self) -> str:
        where = f"store {self.db}" if self.db else "in memory"
        return f"KamData({where}: {', '.join(self.tables)})"

    def has(self, name: str) -> bool:
        """Whether table ``name`` is present."""
        return name in self.tables

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a pandas DataFrame in the model's dtypes.

        For a store, a large table is read in full only when asked for; prefer
        :meth:`sql` for row-level work on invoices and payments.
        """
        if name not in TABLES:
            raise KeyError(f"no table {name!r} in the data model")
        if name not in self._frames:
            if name in self.tables and self.db is not None:
                self._frames[name] = conform(self.con.sql(f"select * from {quote_ident(name)}").df(), name)
            else:
                return empty_frame(name)
        return self._frames[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    def sql(self, query: str, params: Iterable | Mapping | None = None) -> pd.DataFrame:
        """Run a SQL query against the tables and return a DataFrame."""
        rel = self.con.execute(query, params) if params is not None else self.con.execute(query)
        return rel.df()

    def customer_rows(self, name: str, customer_id: str) -> pd.DataFrame:
        """The rows of table ``name`` that belong to one customer, in the model's dtypes.

        From a store whose table is not loaded yet only those rows are read (an account plan
        needs one customer, not the whole customers or contacts table).

        >>> import kamtools as kt
        >>> data = kt.sample_data(customers=5, years=1, seed=1)
        >>> data.customer_rows("customers", "C000002")["customer_id"].tolist()
        ['C000002']
        """
        if name not in self.tables:
            return empty_frame(name)
        cid = str(customer_id)
        if self.db is None or name in self._frames:
            t = self.table(name)
            return t[t["customer_id"].astype("str") == cid]
        query = f"select * from {quote_ident(name)} where customer_id = $cid"
        return conform(self.con.execute(query, {"cid": cid}).df(), name)

    def kept(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, worked out once per store connection and kept under ``key``: the
        workbook's one cache.

        A store is opened read-only, so a result computed from its tables holds for as long
        as the connection is open: the pages of the monthly report ask for the same facts
        (the customer facts of a date, the settled ledger) several times, and the store
        answers the second time from memory. Data built from DataFrames, which the caller
        may still change, is computed every time. DataFrames and Series are returned as
        copies, so changing a result never changes what is kept.

        >>> import kamtools as kt
        >>> data = kt.sample_data(customers=5, years=1, seed=1)
        >>> data.kept("n", lambda: 1)  # in memory: computed, not kept
        1
        """
        if self.db is None:
            return compute()
        if key not in self._kept:
            file = self._kept_file(key) if self._kept_folder is not None else None
            self._kept[key] = pd.read_pickle(file) if file is not None and file.is_file() else compute()
        return _copied(self._kept[key])

    def _kept_file(self, key: Hashable, folder: Path | None = None) -> Path:
        digest = hashlib.sha256(repr((str(self.db), key)).encode("utf-8")).hexdigest()[:32]
        return (folder or self._kept_folder) / f"{digest}.pkl"

    def write_kept(self, folder: str | os.PathLike, kinds: Iterable[str]) -> int:
        """Write what this connection kept under keys of ``kinds`` (a key's first part) into ``folder``,
        for the other processes of one report run on the same store (:meth:`read_kept`); how many."""
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        kinds = set(kinds)
        written = 0
        for key, value in list(self._kept.items()):
            if isinstance(key, tuple) and key and key[0] in kinds:
                file = self._kept_file(key, out)
                pd.to_pickle(value, file.with_suffix(".part"))
                file.with_suffix(".part").replace(file)  # whole or not at all
                written += 1
        return written

    def read_kept(self, folder: str | os.PathLike) -> None:
        """Take a result not yet kept from ``folder`` (:meth:`write_kept` of another connection to the
        same store, the same read-only file) instead of computing it again."""
        self._kept_folder = Path(folder)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every present table as a DataFrame (reads large tables in full)."""
        return {name: self.table(name) for name in self.tables}

    # ------------------------------------------------------------------ writing
    def save(self, db: str | os.PathLike) -> Path:
        """Write every table to a DuckDB store at ``db``.

        The store is written to a temporary file beside ``db`` and renamed into
        place, so an existing store is replaced whole or not at all. An existing
        file that is not a store is never replaced (see :func:`check_target`). Two
        writers of one store take turns (a lock file ``.NAME.lock`` beside it), and the
        temporary files of a write that was killed are removed by the next one.
        """
        target = check_target(db)
        with writing(target) as tmp:  # the store's lock; leftovers of killed imports are removed
            self.write_to(tmp)
            replace_store(tmp, target)
        return target

    def write_to(self, tmp: Path, then: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> None:
        """Write every table into the new store file ``tmp`` (as :meth:`save` does, under the store's
        lock: :func:`writing`), then run ``then`` on it: a change of some rows, made in the new store
        before it replaces the old (``kam import-calls`` adds the calls of a worklist so)."""
        con = connect(tmp)
        try:
            for name in self.tables:
                _write_table(con, name, self._source_relation(name, con))
            write_derived(con, self.tables)
            if then is not None:
                then(con)
            con.execute("checkpoint")
        finally:
            con.close()

    def _source_relation(self, name: str, con: duckdb.DuckDBPyConnection):
        if name in self._frames:
            return self._frames[name]
        # A store-backed table that was never loaded: copy it through Arrow in batches.
        return self.con.sql(f"select * from {quote_ident(name)}").arrow()

    def to_csv(self, folder: str | os.PathLike, *, encoding: str = "utf-8-sig") -> Path:
        """Export every table as ``<table>.csv`` into ``folder``.

        The default, UTF-8 with a byte-order mark, is what Excel needs to show Chinese
        text; ``kam import`` reads it back unchanged. ``encoding="utf-8"`` writes none.
        """
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for name in self.tables:
            df = self.table(name)
            write_csv(df, out / f"{name}.csv", encoding=encoding)
        return out

    def close(self) -> None:
        """Close the store connection (and forget what was kept from it)."""
        self._kept.clear()
        self.con.close()


def _copied(value: Any) -> Any:
    return value.copy() if isinstance(value, (pd.DataFrame, pd.Series)) else value


def quote_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier: a column header of the user's export stays a name
    and never becomes SQL.

    >>> quote_ident('amount"); drop table invoices; --')
    '"amount""); drop table invoices; --"'
    """
    return '"' + str(name).replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """``text`` as a quoted SQL string, for the settings that take no bound value (a folder's path).

    >>> quote_literal("/tmp/O'Brien")
    "'/tmp/O''Brien'"
    """
    return "'" + str(text).replace("'", "''") + "'"


def write_csv(df: pd.DataFrame, path: Path, *, encoding: str = "utf-8") -> None:
    """Write a model table to CSV: ISO dates; money as the model keeps it, whole cents
    (:func:`kamtools.schema.conform`, the rule of :mod:`kamtools.money`), so with at most two decimals."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    tmp = path.with_name(f".{path.name}.tmp")
    out.to_csv(tmp, index=False, encoding=encoding, lineterminator="\n")
    os.replace(tmp, path)


def _write_table(con: duckdb.DuckDBPyConnection, name: str, source) -> None:
    """Write ``source`` as table ``name``: every column of the model in its type (empty where the
    source lacks it), then the source's extra columns under their own names. Every name goes in
    as a quoted identifier and no type is taken from text, so a header never runs as SQL."""
    t = TABLES[name]
    table = quote_ident(name)
    con.register("_src", source)
    try:
        src_cols = [r[0] for r in con.execute("describe _src").fetchall()]
        select = [
            f"CAST({quote_ident(c.name) if c.name in src_cols else 'NULL'} AS {c.sql_type}) AS {quote_ident(c.name)}"
            for c in t.columns
        ]
        select += [quote_ident(col) for col in src_cols if col not in set(t.names)]
        columns = ", ".join(select)
        con.execute(f"CREATE TABLE {table} AS SELECT {columns} FROM _src LIMIT 0")
        if t.key and not t.large:  # keys are checked on import; an index on the large tables would only slow loading
            con.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({', '.join(quote_ident(k) for k in t.key)})")
        con.execute(f"INSERT INTO {table} SELECT {columns} FROM _src")
    finally:
        con.unregister("_src")

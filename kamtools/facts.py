"""The facts layer: row-level SQL on invoices, payments and activities, kept in one place.

Every query lives in ``kamtools/sql/<name>.sql`` as plain, portable SQL with
named parameters written ``:name`` (the syntax Spark SQL also takes), so that the
same facts can run on a distributed engine when a company outgrows one machine.
Queries run inside the DuckDB store of a :class:`~kamtools.KamData`; plain
DataFrames are registered into an in-memory DuckDB first, with identical results.

The same queries run on Spark SQL through one adapter: ``query(None, name,
engine=SparkEngine(spark), **params)`` (or ``SparkEngine(spark).query(name, **params)``)
runs them on the tables of the data model registered as views of the Spark session, and
returns the same columns in the same pandas dtypes as DuckDB (``bench/README.md``, "Scale-out
path: Spark SQL"). DuckDB stays the default: without ``engine`` nothing changes.

>>> import pandas as pd
>>> inv = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "amount": [10.0]})
>>> data = source(invoices=inv)
>>> data.sql("select sum(amount) as s from invoices")["s"].iloc[0]
np.float64(10.0)
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from .schema import TABLES, conform
from .store import KamData, quote_ident
from .store_keys import DERIVED, derived_sql

__all__ = ["SQL_DIR", "Engine", "SparkEngine", "query", "query_text", "source", "sql_text"]

SQL_DIR = Path(__file__).with_name("sql")
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def source(data: KamData | pd.DataFrame | None = None, /, **frames: pd.DataFrame | None) -> KamData:
    """A :class:`KamData` to run SQL on.

    ``data`` may already be a KamData (returned as is). Otherwise the frames given
    by table name (``invoices=df, payments=df``) are put into model dtypes and
    registered into an in-memory store; model columns they lack are added empty.
    """
    if isinstance(data, KamData):
        return data
    if isinstance(data, pd.DataFrame):
        raise TypeError("pass DataFrames by table name, e.g. source(invoices=df)")
    tables = {}
    for name, df in frames.items():
        if df is None:
            continue
        if isinstance(df, KamData):
            return df
        if name not in TABLES:
            raise ValueError(f"unknown table {name!r}")
        tables[name] = conform(df, name)
    return KamData(tables)


@cache
def sql_text(name: str) -> str:
    """The text of query ``name`` (``kamtools/sql/<name>.sql``)."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no facts query {name!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def _param(value):
    if isinstance(value, tuple):  # a list of values (DuckDB binds a Python list as a LIST)
        return [_param(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


def query(data: KamData | None, name: str, *, engine: Engine | None = None, **params) -> pd.DataFrame:
    """Run facts query ``name`` on ``data`` with named parameters; returns a DataFrame.

    Only the parameters the query uses are passed; a missing one is an error. On a store
    the result is kept for the connection (:meth:`KamData.kept`): asking again with the
    same parameters returns a copy without running the query. With ``engine`` (a
    :class:`SparkEngine`) the query runs there instead, on its tables, and ``data`` is not
    read (pass None).
    """
    return query_text(data, sql_text(name), name, engine=engine, **params)


def query_text(data: KamData | None, text: str, name: str, *, engine: Engine | None = None, **params) -> pd.DataFrame:
    """Run the query ``text`` (made of the facts queries, named ``name`` for its errors and for
    :meth:`KamData.kept`) on ``data`` with named parameters, as :func:`query` runs a file."""
    used = set(_PARAM.findall(text))
    missing = used - set(params)
    if missing:
        raise TypeError(f"facts query {name!r} needs parameter(s): {', '.join(sorted(missing))}")
    values = {k: _param(params[k]) for k in sorted(used)}
    if engine is not None:
        return engine.run(text, values)
    if data is None:
        raise TypeError(f"facts query {name!r} needs the data to run on (or an engine)")
    duck = _PARAM.sub(lambda m: f"${m.group(1)}", text)
    # a store answers the same query with the same parameters once per connection
    key = ("facts", name, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
    return data.kept(key, lambda: data.sql(duck, values))


# --------------------------------------------------------------------------- engines
class Engine(Protocol):
    """Where facts queries run besides DuckDB: ``run`` takes the query text with its ``:name``
    parameters and their values, and returns the result as DuckDB's ``.df()`` would."""

    def run(self, text: str, values: dict[str, Any]) -> pd.DataFrame: ...


#: The one construct of the facts SQL that the engines spell differently: a number of days between
#: two dates is ``date_diff('day', start, end)`` in DuckDB and ``datediff(DAY, start, end)`` in Spark
#: SQL (which refuses the quoted unit); neither takes the other's spelling, nor has either a
#: function both share. Everything else in kamtools/sql is SQL both engines take as written.
_DATE_DIFF = re.compile(r"\bdate_diff\(\s*'day'\s*,", re.IGNORECASE)

#: DuckDB column types and the Spark SQL types a table is registered with (:meth:`SparkEngine.register`).
_SPARK_TYPES = {
    "VARCHAR": "string",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "DOUBLE": "double",
    "FLOAT": "float",
    "BIGINT": "bigint",
    "INTEGER": "int",
    "SMALLINT": "smallint",
    "TINYINT": "tinyint",
    "BOOLEAN": "boolean",
}
_INTEGERS = {"long": "int64", "integer": "int32", "short": "int16", "byte": "int8"}


def spark_text(text: str) -> str:
    """The facts query ``text`` as Spark SQL: the day differences spelled Spark's way.

    >>> spark_text("select date_diff('day', due_date, :as_of) as days_past_due from ledger")
    'select datediff(DAY, due_date, :as_of) as days_past_due from ledger'
    """
    return _DATE_DIFF.sub("datediff(DAY,", text)


def _plain(value: Any) -> Any:
    """A parameter value as Spark binds it: Python's own numbers (not numpy's). A list parameter (DuckDB
    binds it as a LIST) goes to Spark as a Python list of such values, which Spark binds as an array
    literal: the facts SQL reads a list only with ``array_contains``, which both engines take (DuckDB's
    ``unnest`` of a list is no Spark function, and Spark's ``explode`` none of DuckDB's)."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value


class SparkEngine:
    """Facts queries on Spark SQL (local or a cluster), through ``spark.sql(text, args=...)``.

    ``session`` is a ``pyspark.sql.SparkSession`` whose catalog holds the tables of the data model
    under their names (``invoices``, ``payments``, ``activities``, ...; temporary views or tables),
    with the store's columns. The result comes back to this machine as a pandas DataFrame in
    DuckDB's dtypes (dates ``datetime64[us]``, decimals ``float64``, integers with gaps nullable),
    so the workbook's pandas steps read it as they read DuckDB's.
    """

    def __init__(self, session: Any):
        self.session = session

    def __repr__(self) -> str:
        return f"SparkEngine({self.session!r})"

    def query(self, name: str, **params) -> pd.DataFrame:
        """Facts query ``name`` with its parameters, on Spark (as :func:`query` with this engine)."""
        return query(None, name, engine=self, **params)

    def run(self, text: str, values: dict[str, Any]) -> pd.DataFrame:
        frame = self.session.sql(spark_text(text), args={k: _plain(v) for k, v in values.items()})
        return _spark_pandas(frame.collect(), frame.schema.fields)

    def derive(self) -> list[str]:
        """Make the customer keys and purchase days (:mod:`kamtools.store_keys`) as temporary views
        of the session, from its ``customers``, ``invoices`` and ``payments`` by the SQL the import
        runs: the facts that read them then run on Spark too. Call it once the model's tables are registered
        (:meth:`register` does); on a cluster, writing them as tables
        (``spark.sql(...).write.saveAsTable``) spares working them out at every query."""
        catalog = self.session.catalog
        present = {name for name in ("customers", "invoices", "payments") if catalog.tableExists(name)}
        columns = self.session.table("invoices").columns if "invoices" in present else None
        done = []
        for name in DERIVED:
            text = derived_sql(name, present, columns)
            if text is not None:
                self.session.sql(text).createOrReplaceTempView(name)
                done.append(name)
        return done

    def register(self, data: KamData, names: list[str] | None = None) -> list[str]:
        """Copy the tables ``names`` (default: every table) of ``data`` into temporary views of the
        session, in the store's column types, then make the customer keys and purchase days from
        them (:meth:`derive`): for a small book (a trial, a test). On a cluster the views come
        from the company's own files instead (``spark.read.parquet(...)``). Returns the tables copied."""
        done = []
        for name in names or data.tables:
            if not data.has(name):
                continue
            table = quote_ident(name)
            described = data.con.execute(f"describe select * from {table}").fetchall()
            schema = ", ".join(
                f"`{col.replace('`', '``')}` {_spark_type(name, col, typ)}" for col, typ, *_ in described
            )
            rows = data.con.execute(f"select * from {table}").fetchall()
            self.session.createDataFrame(rows, schema=schema).createOrReplaceTempView(name)
            done.append(name)
        self.derive()
        return done


def _spark_type(table: str, column: str, duck: str) -> str:
    if duck.startswith("DECIMAL("):
        return duck.lower()
    if duck not in _SPARK_TYPES:
        raise TypeError(f"column {column!r} of table {table!r} has type {duck}, which is not registered on Spark")
    return _SPARK_TYPES[duck]


def _spark_pandas(rows: list, fields: list) -> pd.DataFrame:
    """Spark's rows as DuckDB's ``.df()`` gives the same result: a column at a time, by Spark type."""
    out = pd.DataFrame.from_records(rows, columns=[f.name for f in fields], coerce_float=False)
    for i, field in enumerate(fields):
        col = out.iloc[:, i]
        kind = field.dataType.typeName()
        if kind in ("date", "timestamp", "timestamp_ntz"):
            col = pd.to_datetime(col.astype("object")).astype("datetime64[us]")
        elif kind in ("decimal", "double", "float"):
            col = col.astype("float64")
        elif kind in _INTEGERS:
            col = col.astype(_INTEGERS[kind].capitalize() if col.isna().any() else _INTEGERS[kind])
        elif kind == "boolean":
            col = col.astype("boolean" if col.isna().any() else "bool")
        elif kind == "string":
            col = col.astype("str")
        out.isetitem(i, col)
    return out

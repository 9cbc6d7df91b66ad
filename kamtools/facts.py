"""The facts layer: row-level SQL on invoices, payments and activities, kept in one place.

Every query lives in ``kamtools/sql/<name>.sql`` as plain, portable SQL with
named parameters written ``:name`` (the syntax Spark SQL also takes), so that the
same facts can run on a distributed engine when a company outgrows one machine.
Queries run inside the DuckDB store of a :class:`~kamtools.KamData`; plain
DataFrames are registered into an in-memory DuckDB first, with identical results.

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

import pandas as pd

from .schema import TABLES, conform
from .store import KamData

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


def query(data: KamData, name: str, **params) -> pd.DataFrame:
    """Run facts query ``name`` on ``data`` with named parameters; returns a DataFrame.

    Only the parameters the query uses are passed; a missing one is an error. On a store
    the result is kept for the connection (:meth:`KamData.kept`): asking again with the
    same parameters returns a copy without running the query.
    """
    return query_text(data, sql_text(name), name, **params)


def query_text(data: KamData, text: str, name: str, **params) -> pd.DataFrame:
    """Run the query ``text`` (made of the facts queries, named ``name`` for its errors and for
    :meth:`KamData.kept`) on ``data`` with named parameters, as :func:`query` runs a file."""
    used = set(_PARAM.findall(text))
    missing = used - set(params)
    if missing:
        raise TypeError(f"facts query {name!r} needs parameter(s): {', '.join(sorted(missing))}")
    duck = _PARAM.sub(lambda m: f"${m.group(1)}", text)
    values = {k: _param(params[k]) for k in sorted(used)}
    # a store answers the same query with the same parameters once per connection
    key = ("facts", name, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
    return data.kept(key, lambda: data.sql(duck, values))

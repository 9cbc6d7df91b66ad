"""The checks of tables read by DuckDB (:mod:`.engine_load`), run as SQL on the new store.

SQL finds the rows that may break a rule: an empty required cell, a value out of range or not
allowed, a row rule, a repeated key, a cell read in Python. Only those rows (none, in a clean
source) come to pandas, where the checks of :mod:`.checks` judge and word them as for any other
source, so every message is the same. Foreign keys, the credit notes' invoices and late dates
are found in SQL too, and only the rows listed are fetched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import duckdb
import pandas as pd

from ..schema import TABLES
from ..store import quote_ident, quote_literal
from .checks import FAR_DAYS, SPREAD_DATES, _check_constraints, _late_dates
from .engine_load import BAD, LINE, PARSED, EngineTable, parsed_columns, texts
from .problems import _article, _Collector, _q


class LazyTexts:
    """The source text of an engine table's cells, read from the file only when a message needs
    it; used where :mod:`.checks` takes a frame of texts (``raw.loc[rows, column]``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, et: EngineTable):
        self.con, self.et = con, et

    @property
    def columns(self) -> list[str]:
        return [c.name for c in parsed_columns(self.et)]

    @property
    def loc(self) -> LazyTexts:
        return self

    def __getitem__(self, key) -> pd.Series:
        rows, column = key
        return texts(self.con, self.et, pd.Index(rows))[column]


def engine_frame(con: duckdb.DuckDBPyConnection, et: EngineTable, where: str = "true") -> pd.DataFrame:
    """The rows of an engine table that ``where`` selects, typed as the reader in pandas types them
    (index: the row in the file), with the values Python read (too large for the store included)."""
    t = TABLES[et.name]
    cast = {"money": "DOUBLE", "date": "TIMESTAMP"}
    select = [
        f"CAST({quote_ident(c)} AS {cast[t.column(c).kind]}) AS {quote_ident(c)}"
        if t.column(c).kind in cast
        else quote_ident(c)
        for c in et.columns
    ]
    query = f"SELECT {LINE} AS line{''.join(', ' + s for s in select)} FROM {quote_ident(et.name)} WHERE {where}"
    df = con.execute(query + " ORDER BY line").df().set_index("line")
    df.index = pd.Index(df.index.to_numpy(dtype="int64"))
    for c in et.columns:
        kind = t.column(c).kind
        if kind in ("int", "score"):
            df[c] = df[c].astype("Int64")
        elif kind == "bool":
            df[c] = df[c].astype("boolean")
        elif kind == "date":
            df[c] = df[c].astype("datetime64[us]")
    for c, values in et.read.items():
        common = df.index.intersection(values.index)
        if len(common):
            df.loc[common, c] = values.loc[common].to_numpy()
    return df


def _breaks(et: EngineTable) -> list[str]:
    """SQL conditions of the rows that may break a column check or a row rule of the table."""
    t = TABLES[et.name]
    present = set(et.columns)
    conditions = []
    for c in t.columns:
        if c.name not in present:
            continue
        q = quote_ident(c.name)
        if c.kind in PARSED:
            conditions.append(f"{quote_ident(BAD + c.name)} IS NOT NULL")
        if not c.nullable:
            conditions.append(f"{q} IS NULL")
        if c.min is not None:
            conditions.append(f"{q} < {float(c.min)!r}")
        if c.max is not None:
            conditions.append(f"{q} > {float(c.max)!r}")
        if c.allowed:
            conditions.append(f"{q} NOT IN ({', '.join(quote_literal(a) for a in c.allowed)})")
    for r in t.rules:
        if r.op == "one of" and (r.left in present or r.right in present):
            filled = [f"({quote_ident(x)} IS NOT NULL)" if x in present else "false" for x in (r.left, r.right)]
            conditions.append(f"{filled[0]} = {filled[1]}")
        elif r.op != "one of" and r.left in present and r.right in present:
            left = " + ".join(
                [quote_ident(r.left), *(f"coalesce({quote_ident(p)}, 0)" for p in r.plus if p in present)]
            )
            conditions.append(f"NOT ({left} {r.op} {quote_ident(r.right)})")
    return conditions


def engine_constraints(con: duckdb.DuckDBPyConnection, et: EngineTable, out: _Collector) -> None:
    """The checks of :func:`.checks._check_constraints` on an engine table: SQL picks the rows
    that may fail (and every row of a repeated key), pandas judges them."""
    t = TABLES[et.name]
    table = quote_ident(et.name)
    conditions = _breaks(et)
    if t.key and set(t.key) <= set(et.columns):
        key = ", ".join(quote_ident(k) for k in t.key)
        repeated = f"SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1"
        if len(t.key) == 1:
            conditions.append(f"{key} IN ({repeated})")
        else:  # a key with an empty part: pandas counts empty cells as equal
            same = " AND ".join(f"d.{quote_ident(k)} IS NOT DISTINCT FROM {table}.{quote_ident(k)}" for k in t.key)
            conditions.append(f"EXISTS (SELECT 1 FROM ({repeated}) d WHERE {same})")
    if not conditions:
        return
    where = " OR ".join(f"({c})" for c in conditions)
    if con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchall()[0][0] == 0:
        return
    df = engine_frame(con, et, where)
    _check_constraints(et.name, df, et.file, LazyTexts(con, et), et.skip, out)


def _relation(con: duckdb.DuckDBPyConnection, name: str, frames, engine, columns: list[str]) -> str:
    """A relation of table ``name`` with its rows' numbers (``line``) and ``columns``: the store's
    table for an engine table, the frame registered for one read in pandas."""
    if name in engine:
        cols = "".join(f", {quote_ident(c)}" for c in columns)
        return f"(SELECT {LINE} AS line{cols} FROM {quote_ident(name)})"
    view = f"kam_frame_{name}_{'_'.join(columns)}"
    df = frames[name]
    con.register(view, pd.DataFrame({"line": df.index.to_numpy(), **{c: df[c].to_numpy() for c in columns}}))
    return quote_ident(view)


def foreign_keys(
    con: duckdb.DuckDBPyConnection,
    frames: Mapping[str, pd.DataFrame],
    engine: Mapping[str, EngineTable],
    order: list[str],
    files: Mapping[str, str],
    out: _Collector,
) -> None:
    """:func:`.checks._check_foreign_keys` over tables read either way, as SQL anti-joins."""

    def columns(name: str) -> list[str]:
        return engine[name].columns if name in engine else list(frames[name].columns)

    for name in order:
        for col in TABLES[name].foreign_keys:
            ref_table, ref_col = col.references.split(".")
            if col.name not in columns(name) or ref_table not in order or ref_col not in columns(ref_table):
                continue
            src = _relation(con, name, frames, engine, [col.name])
            ref = _relation(con, ref_table, frames, engine, [ref_col])
            c, rc = quote_ident(col.name), quote_ident(ref_col)
            body = f"FROM {src} s WHERE s.{c} IS NOT NULL AND s.{c} NOT IN (SELECT r.{rc} FROM {ref} r WHERE r.{rc} IS NOT NULL)"
            total = con.execute(f"SELECT count(*) {body}").fetchall()[0][0]
            if not total:
                continue
            head = con.execute(f"SELECT s.line, s.{c} {body} ORDER BY s.line LIMIT {int(out.limit)}").fetchall()
            shown = [str(v) for _, v in head]
            out.cells(
                files[name],
                name,
                col.name,
                [r for r, _ in head],
                shown,
                [f"value {_q(v)} is unknown: there is no such {ref_col} in {ref_table}" for v in shown],
                f"{_article(ref_col)} {ref_col} listed in {files.get(ref_table, ref_table)}",
                total=total,
            )


def late_dates(
    con: duckdb.DuckDBPyConnection,
    frames: Mapping[str, pd.DataFrame],
    engine: Mapping[str, EngineTable],
    order: list[str],
    files: Mapping[str, str],
    raw: Mapping[str, pd.DataFrame],
    out: _Collector,
    today: dt.date,
) -> None:
    """:func:`.checks._check_dates` over tables read either way (in the tables' order)."""
    for name in order:
        for col in TABLES[name].columns:
            if col.kind != "date" or col.future:
                continue
            if name in frames and col.name in frames[name].columns:
                _late_dates(name, frames[name], files[name], raw.get(name), col.name, pd.Timestamp(today), out)
            elif name in engine and col.name in engine[name].columns:
                _late_dates_sql(con, engine[name], col.name, today, out)


def _late_dates_sql(
    con: duckdb.DuckDBPyConnection, et: EngineTable, column: str, today: dt.date, out: _Collector
) -> None:
    """:func:`.checks._late_dates` in SQL: the same warnings, the same words."""
    table, v = quote_ident(et.name), quote_ident(column)
    n_past, latest = con.execute(f"SELECT count(*), max({v}) FROM {table} WHERE {v} <= ?", [today]).fetchall()[0]
    latest_text = f"; the latest other date is {latest:%Y-%m-%d}" if n_past else ""
    warned = [
        (
            f"{v} > ?",
            [today],
            f"lies after the day of import ({today:%Y-%m-%d}){latest_text}",
            "a date up to the day of import",
        )
    ]
    if n_past >= 2 and (et.name, column) not in SPREAD_DATES:
        k = max(1, n_past // 100)
        body = con.execute(
            f"SELECT {v} FROM {table} WHERE {v} <= ? ORDER BY {v} DESC LIMIT 1 OFFSET {int(k)}", [today]
        ).fetchall()[0][0]
        warned.append(
            (
                f"{v} > ? AND {v} <= ?",
                [body + dt.timedelta(days=FAR_DAYS), today],
                f"lies over a year after the other dates of the column (up to {body:%Y-%m-%d})",
                "a date near the others",
            )
        )
    for where, params, how, expected in warned:
        total = con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchall()[0][0]
        if not total:
            continue
        rows = [
            r[0]
            for r in con.execute(
                f"SELECT {LINE} AS line FROM {table} WHERE {where} ORDER BY line LIMIT {int(out.limit)}", params
            ).fetchall()
        ]
        shown = texts(con, et, pd.Index(rows))[column].astype(str).tolist()
        msgs = [f"value {_q(s)} {how}: a typing error? The report's default period leaves it out" for s in shown]
        out.cells(et.file, et.name, column, rows, shown, msgs, expected, severity="warning", what="dates", total=total)


def correction_frames(
    con: duckdb.DuckDBPyConnection, frames: Mapping[str, pd.DataFrame], engine: Mapping[str, EngineTable]
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The rows :func:`.corrections.check_corrections` reads: the credit notes naming an invoice, the
    invoices they name or a dispute names, and the disputes (with their texts)."""
    found: dict[str, pd.DataFrame] = {}
    raw: dict[str, object] = {}
    for name in ("invoices", "disputes"):
        if name in frames:
            found[name] = frames[name]
    if "disputes" in engine:
        found["disputes"] = engine_frame(con, engine["disputes"])
        raw["disputes"] = LazyTexts(con, engine["disputes"])
    et = engine.get("invoices")
    if et is not None and {"invoice_id", "customer_id", "amount"} <= set(et.columns):
        conditions = []
        if "corrects_invoice_id" in et.columns:
            conditions += [
                "corrects_invoice_id IS NOT NULL",
                "invoice_id IN (SELECT corrects_invoice_id FROM invoices WHERE corrects_invoice_id IS NOT NULL)",
            ]
        dis = found.get("disputes")
        if dis is not None and "invoice_id" in dis.columns:
            con.register(
                "kam_disputed", pd.DataFrame({"invoice_id": dis["invoice_id"].dropna().astype("str").to_numpy()})
            )
            conditions.append("invoice_id IN (SELECT invoice_id FROM kam_disputed)")
        found["invoices"] = engine_frame(con, et, " OR ".join(f"({c})" for c in conditions) or "false")
    return found, raw

"""The checks shared by sources and typed data: tables, columns, constraints (pandera), foreign keys."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from ..money import round_cents
from ..schema import EXPECTED, REQUIRED_TABLES, TABLES, Column, RowRule, Table
from ..store import KamData
from .corrections import check_corrections
from .groups import parent_cycles
from .parsing import _as_text, _mask
from .problems import LIMIT, Problem, _and, _article, _Collector, _q
from .snapshots import check_snapshots


def _missing_tables(present: Iterable[str], out: _Collector, file_of) -> None:
    for name in REQUIRED_TABLES:
        if name not in present:
            out.add(
                Problem(
                    file_of(name),
                    name,
                    None,
                    None,
                    None,
                    f"this table: only {_and(t.name for t in TABLES.values() if t.optional)} may be left out",
                    f"the table {name} is missing",
                )
            )


def _missing_columns(table: Table, columns: Iterable[str], file: str, out: _Collector) -> None:
    present = set(columns)
    for name in table.required:
        if name not in present:
            out.add(
                Problem(
                    file,
                    table.name,
                    name,
                    None,
                    None,
                    f"a header {name}, or a mapping onto it",
                    f"the required column {name} "
                    f"({table.column(name).description[0].lower()}{table.column(name).description[1:]}) "
                    "is missing",
                )
            )


_OPS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}
_NEGATED = {"<=": ">", ">=": "<", "<": ">=", ">": "<="}


def _rule_check(left: str, op: str, right: str, plus: tuple[str, ...] = ()):
    if op == "one of":
        return _one_of_check(left, right)

    def check(df: pd.DataFrame) -> pd.Series:
        lhs, rhs = df[left], df[right]
        if plus:  # money: an empty cell adds nothing; the sum in cents, free of float noise
            lhs = round_cents(lhs + sum(df[c].fillna(0) for c in plus))
        ok = _OPS[op](lhs, rhs)
        ok = pd.Series(ok, index=df.index).astype("boolean")
        return (ok | lhs.isna() | rhs.isna()).fillna(True).astype(bool)

    return check


def _one_of_check(left: str, right: str):
    """Exactly one of the cells ``left`` and ``right`` filled (a column the frame lacks is empty)."""

    def check(df: pd.DataFrame) -> pd.Series:
        filled = [df[c].notna() if c in df.columns else pd.Series(False, index=df.index) for c in (left, right)]
        return (filled[0] ^ filled[1]).astype(bool)

    return check


def _range_text(col: Column) -> str:
    if col.kind == "score":
        return EXPECTED["score"]
    if col.min is not None and col.max is not None:
        return f"a value from {col.min:g} to {col.max:g}"
    if col.min is not None:
        return "a number >= 0" if col.min == 0 else f"a number >= {col.min:g}"
    return f"a number <= {col.max:g}"


@cache
def pandera_schema(table: str, present: tuple[str, ...] | None = None) -> pa.DataFrameSchema:
    """The pandera schema of ``table``, derived from :mod:`kamtools.schema`.

    Only columns in ``present`` are declared (default: all model columns); a
    missing column is reported separately, once. Dtypes are not declared: raw
    sources are converted first, typed data has its dtypes checked per column.

    >>> s = pandera_schema("invoices")
    >>> s.unique, sorted(s.columns)[:2]
    (['invoice_id'], ['amount', 'corrects_invoice_id'])
    """
    t = TABLES[table]
    cols = set(t.names if present is None else present)
    columns = {}
    for c in t.columns:
        if c.name not in cols:
            continue
        checks = []
        if c.min is not None and c.max is not None:
            checks.append(pa.Check.in_range(c.min, c.max, error="range"))
        elif c.min is not None:
            checks.append(pa.Check.ge(c.min, error="min"))
        elif c.max is not None:
            checks.append(pa.Check.le(c.max, error="max"))
        if c.allowed:
            checks.append(pa.Check.isin(list(c.allowed), error="allowed"))
        if c.kind == "money" and c.bound is not None:  # what the store's DECIMAL type holds
            checks.append(pa.Check.lt(c.bound, error="bound"))
            checks.append(pa.Check.gt(-c.bound, error="bound"))
        columns[c.name] = pa.Column(nullable=c.nullable, checks=checks, required=False)
    rules = [
        pa.Check(_rule_check(r.left, r.op, r.right, tuple(c for c in r.plus if c in cols)), error=f"rule:{i}")
        for i, r in enumerate(t.rules)
        if (r.left in cols and r.right in cols) or (r.op == "one of" and (r.left in cols or r.right in cols))
    ]
    unique = list(t.key) if t.key and set(t.key) <= cols else None
    return pa.DataFrameSchema(columns, checks=rules, unique=unique, report_duplicates="exclude_first", name=table)


def _check_tables(
    frames: Mapping[str, pd.DataFrame],
    files: Mapping[str, str],
    raw: Mapping[str, pd.DataFrame],
    skip: Mapping[str, Mapping[str, pd.Index]],
    out: _Collector,
) -> None:
    """Constraints (pandera) and foreign keys on typed frames indexed by source row.

    ``raw`` gives the text of each cell to show (else the typed value is shown);
    ``skip`` the cells already reported as unreadable, per table and column.
    """
    for name, df in frames.items():
        _check_constraints(name, df, files[name], raw.get(name), skip.get(name, {}), out)
    _check_foreign_keys(frames, files, raw, out)
    _check_groups(frames, files, raw, out)
    check_corrections(frames, files, raw, out)
    check_snapshots(frames, files, raw, out)


def _check_groups(
    frames: Mapping[str, pd.DataFrame], files: Mapping[str, str], raw: Mapping[str, pd.DataFrame], out: _Collector
) -> None:
    """``customers.parent_id`` links that run in a cycle (one problem per cycle, at its first
    customer), and group limits set on a company that has a parent (not the top of its group)."""
    df = frames.get("customers")
    if df is None or not {"customer_id", "parent_id"} <= set(df.columns) or df["parent_id"].isna().all():
        return
    if df["customer_id"].isna().any() or df["customer_id"].duplicated().any():
        return  # missing and repeated ids are reported as such; the links are checked once the ids are unique
    cycles = parent_cycles(df["customer_id"], df["parent_id"])
    if cycles:
        first = pd.Index(df["customer_id"].astype("str")).get_indexer([c[0] for c in cycles])
        rows = out.head(df.index[first])
        shown = _values_at("customers", df, raw.get("customers"), "parent_id", rows)
        out.cells(
            files["customers"],
            "customers",
            "parent_id",
            rows,
            shown,
            [
                f"value {_q(v)} links into a cycle of parent companies ({' -> '.join(c)}): a group needs one top "
                "company without a parent_id"
                for v, c in zip(shown, cycles)
            ],
            "a parent company whose parent_id links end at a top company",
            total=len(cycles),
        )
    gl = frames.get("group_limits")
    if gl is None or "group_id" not in gl.columns:
        return
    parent = df.set_index(df["customer_id"].astype("str"))["parent_id"]
    above = gl["group_id"].astype("str").map(parent)
    inner = (gl["group_id"].notna() & above.notna()).to_numpy(dtype=bool)
    if not inner.any():
        return
    rows = out.head(gl.index[inner])
    shown = _values_at("group_limits", gl, raw.get("group_limits"), "group_id", rows)
    out.cells(
        files["group_limits"],
        "group_limits",
        "group_id",
        rows,
        shown,
        [
            f"value {_q(v)} is a company with a parent company ({p}): a group limit belongs to the top company"
            for v, p in zip(shown, above[inner].iloc[: len(shown)])
        ],
        "the top company of a group (a customer without parent_id)",
        total=int(inner.sum()),
    )


def _values_at(name: str, df: pd.DataFrame, raw: pd.DataFrame | None, column: str, rows) -> list[str]:
    source = raw if raw is not None and column in raw.columns else None
    if source is not None:
        return source.loc[rows, column].astype(str).tolist()
    return _as_text(df.loc[rows, column]).tolist()


def _check_constraints(
    name: str, df: pd.DataFrame, file: str, raw: pd.DataFrame | None, skip: Mapping[str, pd.Index], out: _Collector
) -> None:
    t = TABLES[name]
    present = tuple(c for c in t.names if c in df.columns)
    schema = pandera_schema(name, present)
    try:
        schema.validate(df[list(present)], lazy=True)
        return
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    cases = cases[cases["index"].notna()]
    col_level = cases[cases["schema_context"] == "Column"]
    # Cells already reported (unreadable, or failing a column check) are not reported again.
    failed: dict[str, pd.Index] = {c: pd.Index(skip.get(c, []), dtype="int64") for c in present}
    for (column, check), group in col_level.groupby(["column", "check"], sort=False):
        col = t.column(column)
        rows = pd.Index(group["index"].astype("int64")).unique()
        rows = rows[~rows.isin(failed[column])]
        failed[column] = failed[column].append(rows)
        if rows.empty:
            continue
        head = out.head(rows)
        if check == "not_nullable":
            out.cells(
                file,
                name,
                column,
                head,
                [None] * len(head),
                "the cell is empty",
                EXPECTED[col.kind],
                what="empty cells",
                total=len(rows),
            )
            continue
        values = _values_at(name, df, raw, column, head)
        how, expected = _column_check_text(check, col)
        out.cells(file, name, column, head, values, [f"value {_q(v)} {how}" for v in values], expected, total=len(rows))
    frame_level = cases[cases["schema_context"] == "DataFrameSchema"]
    for check, group in frame_level.groupby("check", sort=False):
        rows = pd.Index(group["index"].astype("int64").unique())
        if check.startswith("rule:"):
            rule = t.rules[int(check.split(":")[1])]
            plus = [c for c in rule.plus if c in df.columns]
            involved: tuple[str, ...] = (rule.left, rule.right, *plus) if rule.op != "one of" else ()
        else:
            involved = t.key
        for c in involved:
            rows = rows[~rows.isin(failed.get(c, []))]
        if rows.empty:
            continue
        if check.startswith("rule:"):
            _report_rule(name, df, file, raw, rule, plus, rows, out)
        else:  # multiple_fields_uniqueness, the only other frame-level check
            _report_duplicates(name, df, file, raw, rows, out)


def _column_check_text(check: str, col: Column) -> tuple[str, str | None]:
    """How a value fails the column check ``check`` of ``col``, and what is expected instead."""
    if check == "min" and col.min == 0:
        how, expected = "is negative", _range_text(col)
    elif check == "min":
        how, expected = f"is below the minimum {col.min:g}", _range_text(col)
    elif check == "max":
        how, expected = f"is above the maximum {col.max:g}", _range_text(col)
    elif check == "range":
        how, expected = "is out of range", _range_text(col)
    elif check == "allowed":
        how, expected = "is not one of the allowed values", "one of " + ", ".join(col.allowed or ())
    elif check == "bound":
        how = "is too large to store"
        expected = f"an amount with at most {len(f'{col.bound:.0f}') - 1} digits before the decimal point"
    else:  # pragma: no cover - a check pandera added on its own
        how, expected = f"fails the check {check}", None
    return how, expected


def _report_rule(
    name: str,
    df: pd.DataFrame,
    file: str,
    raw: pd.DataFrame | None,
    rule: RowRule,
    plus: list[str],
    rows: pd.Index,
    out: _Collector,
) -> None:
    """Report the ``rows`` breaking ``rule`` (``plus``: its added columns present in ``df``)."""
    if rule.op == "one of":
        _report_one_of(name, df, file, raw, rule, rows, out)
        return
    head = out.head(rows)
    left = _values_at(name, df, raw, rule.left, head)
    right = _values_at(name, df, raw, rule.right, head)
    added = [list(zip([c] * len(head), _values_at(name, df, raw, c, head))) for c in plus]
    sides = [
        " + ".join([f"{rule.left} {_q(a)}", *(f"{c} {_q(v)}" for c, v in extra if v != "")])
        for a, *extra in zip(left, *added)
    ]
    msgs = [f"{rule.message}: {side} {_NEGATED[rule.op]} {rule.right} {_q(b)}" for side, b in zip(sides, right)]
    shown = " + ".join([rule.left, *plus])
    out.cells(file, name, rule.left, head, left, msgs, f"{shown} {rule.op} {rule.right}", what="rows", total=len(rows))


def _report_one_of(
    name: str, df: pd.DataFrame, file: str, raw: pd.DataFrame | None, rule: RowRule, rows: pd.Index, out: _Collector
) -> None:
    """Report the ``rows`` where both or neither of the rule's two cells are filled, naming both columns."""
    head = out.head(rows)
    sides = [
        _values_at(name, df, raw, c, head) if c in df.columns else [""] * len(head) for c in (rule.left, rule.right)
    ]
    both = df[rule.left].loc[head].notna().to_numpy() if rule.left in df.columns else [False] * len(head)
    msgs = [
        f"{rule.message}: {rule.left} {_q(a)} and {rule.right} {_q(b)} are both filled"
        if filled
        else f"{rule.message}: {rule.left} and {rule.right} are both empty"
        for a, b, filled in zip(*sides, both)
    ]
    shown = [" / ".join(v for v in (a, b) if v != "") for a, b in zip(*sides)]
    column = f"{rule.left}, {rule.right}"
    out.cells(file, name, column, head, shown, msgs, rule.text, what="rows", total=len(rows))


def _report_duplicates(
    name: str, df: pd.DataFrame, file: str, raw: pd.DataFrame | None, rows: pd.Index, out: _Collector
) -> None:
    key = list(TABLES[name].key)
    head = out.head(rows)
    first = (
        pd.Series(df.index, index=df.index).groupby([df[k] for k in key], dropna=False, sort=False).transform("first")
    )
    firsts = first.loc[head].tolist() if first.index.is_unique else ["?"] * len(head)
    shown = {k: _values_at(name, df, raw, k, head) for k in key}
    if len(key) == 1:
        values = shown[key[0]]
        msgs = [f"duplicate {key[0]} {_q(v)}, already in row {f}" for v, f in zip(values, firsts)]
        expected = f"each {key[0]} once"
    else:
        combos = [", ".join(f"{k} {_q(shown[k][i])}" for k in key) for i in range(len(head))]
        msgs = [f"duplicate key ({c}), already in row {f}" for c, f in zip(combos, firsts)]
        values = [" / ".join(shown[k][i] for k in key) for i in range(len(head))]
        expected = f"each combination of {', '.join(key)} once"
    out.cells(file, name, ", ".join(key), head, values, msgs, expected, what="duplicate rows", total=len(rows))


#: A date this many days after the other dates of its column (all but one in a hundred) is
#: worth a warning even before the day of import: 2062 typed for 2026 in an old book.
FAR_DAYS = 366
#: Dates that spread over decades by nature (a birthday, a company's founding): one far after the
#: rest is no typing error, so only a date after the day of import is warned of.
SPREAD_DATES = frozenset({("contacts", "birthday"), ("customers", "founded_on")})


def _check_dates(
    frames: Mapping[str, pd.DataFrame],
    files: Mapping[str, str],
    raw: Mapping[str, pd.DataFrame],
    out: _Collector,
    today: dt.date,
) -> None:
    """Warn of dates that cannot have happened yet (after ``today``, the day of import) and of
    dates far after the rest of their column, in every date column that records an event
    (not a due date). The import goes on; the report's default period leaves such dates out."""
    for name, df in frames.items():
        for col in TABLES[name].columns:
            if col.kind == "date" and not col.future and col.name in df.columns:
                _late_dates(name, df, files[name], raw.get(name), col.name, pd.Timestamp(today), out)


def _late_dates(
    name: str, df: pd.DataFrame, file: str, raw: pd.DataFrame | None, column: str, today: pd.Timestamp, out: _Collector
) -> None:
    values = df[column]
    future = (values > today).to_numpy(dtype=bool)
    past = values[~future].dropna().to_numpy()
    latest = f"; the latest other date is {pd.Timestamp(past.max()):%Y-%m-%d}" if len(past) else ""
    warned = [(future, f"lies after the day of import ({today:%Y-%m-%d}){latest}", "a date up to the day of import")]
    if len(past) >= 2 and (name, column) not in SPREAD_DATES:
        k = max(1, len(past) // 100)
        body = pd.Timestamp(np.partition(past, len(past) - k - 1)[len(past) - k - 1])
        far = (values > body + pd.Timedelta(days=FAR_DAYS)).to_numpy(dtype=bool) & ~future
        warned.append(
            (
                far,
                f"lies over a year after the other dates of the column (up to {body:%Y-%m-%d})",
                "a date near the others",
            )
        )
    for mask, how, expected in warned:
        if not mask.any():
            continue
        rows = df.index[mask]
        head = out.head(rows)
        shown = _values_at(name, df, raw, column, head)
        msgs = [f"value {_q(v)} {how}: a typing error? The report's default period leaves it out" for v in shown]
        out.cells(file, name, column, head, shown, msgs, expected, severity="warning", what="dates", total=len(rows))


def _isin(values: pd.Series, known: pd.Series) -> np.ndarray:
    """``values.isin(known)`` as a numpy bool array, fast for Arrow-backed strings.

    (pandas' ``isin`` on ``str`` columns converts the lookup values one by one.)

    >>> _isin(pd.Series(["a", "b", None], dtype="str"), pd.Series(["b", "c"], dtype="str")).tolist()
    [False, True, False]
    """
    try:
        lookup = pyarrow.array(known.dropna().unique(), from_pandas=True)
        return _mask(pc.is_in(pyarrow.array(values, from_pandas=True), value_set=lookup))
    except (pyarrow.ArrowException, TypeError, ValueError):
        return values.isin(known.dropna().unique()).to_numpy(dtype=bool)


def _check_foreign_keys(
    frames: Mapping[str, pd.DataFrame], files: Mapping[str, str], raw: Mapping[str, pd.DataFrame], out: _Collector
) -> None:
    for name, df in frames.items():
        for col in TABLES[name].foreign_keys:
            ref_table, ref_col = col.references.split(".")
            if col.name not in df.columns or ref_table not in frames or ref_col not in frames[ref_table]:
                continue
            values = df[col.name]
            unknown = values.notna().to_numpy() & ~_isin(values, frames[ref_table][ref_col])
            if not unknown.any():
                continue
            rows = df.index[unknown]
            head = out.head(rows)
            shown = _values_at(name, df, raw.get(name), col.name, head)
            out.cells(
                files[name],
                name,
                col.name,
                head,
                shown,
                [f"value {_q(v)} is unknown: there is no such {ref_col} in {ref_table}" for v in shown],
                f"{_article(ref_col)} {ref_col} listed in {files.get(ref_table, ref_table)}",
                total=len(rows),
            )


def _kind_ok(series: pd.Series, col: Column) -> bool:
    """Whether a typed column's dtype fits its kind."""
    api = pd.api.types
    if col.kind == "date":
        return api.is_datetime64_dtype(series)
    if col.kind == "bool":
        return api.is_bool_dtype(series)
    if col.kind in ("int", "score"):
        return api.is_integer_dtype(series) and not api.is_bool_dtype(series)
    if col.kind in ("money", "number"):
        return api.is_numeric_dtype(series) and not api.is_bool_dtype(series)
    return api.is_string_dtype(series) or series.isna().all()


def validate(data: KamData | Mapping[str, pd.DataFrame], *, limit: int = LIMIT) -> list[Problem]:
    """Check typed data against the model: dtypes, constraints, keys, rules, foreign keys.

    The same checks as :func:`read_source` applies after reading a source. For
    in-memory data, ``Problem.file`` is the table name and ``Problem.row`` the
    position of the row (0-based).

    Examples
    --------
    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=20, years=1, seed=4)
    >>> validate(data)
    []
    >>> frames = data.frames()
    >>> frames["financials"].loc[0, "total_assets"] = -5000.0
    >>> print(validate(frames)[0])
    financials, row 0, column total_assets: value '-5000.0' is negative (expected a number >= 0)
    """
    out = _Collector(limit)
    frames = data.frames() if isinstance(data, KamData) else dict(data)
    unknown = sorted(set(frames) - set(TABLES))
    for name in unknown:
        out.add(Problem(name, None, None, None, None, "a table of the model", f"unknown table {name}"))
    _missing_tables(frames, out, lambda n: n)
    checked: dict[str, pd.DataFrame] = {}
    for name, df in frames.items():
        if name not in TABLES:
            continue
        t = TABLES[name]
        df = df.reset_index(drop=True)
        _missing_columns(t, df.columns, name, out)
        keep = []
        for c in t.columns:
            if c.name not in df.columns:
                continue
            if _kind_ok(df[c.name], c):
                keep.append(c.name)
            else:
                out.add(
                    Problem(
                        name,
                        name,
                        c.name,
                        None,
                        str(df[c.name].dtype),
                        f"{c.dtype} ({EXPECTED[c.kind]})",
                        f"the column has dtype {df[c.name].dtype}",
                    )
                )
        checked[name] = df[keep + [c for c in df.columns if c not in t.names]]
    _check_tables(checked, {n: n for n in checked}, {}, {}, out)
    return out.problems

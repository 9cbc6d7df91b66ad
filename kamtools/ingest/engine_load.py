"""A CSV table of a source folder read, typed and written by DuckDB, never whole in pandas.

DuckDB's CSV reader reads every field as text, with the separator of the header line; one SQL
statement strips each cell as :func:`str.strip` does and types it on the fast path of
:mod:`.parsing` (``TRY_STRPTIME`` of an ISO date, ``TRY_CAST`` of a plain number, the booleans'
words), straight into the table of the new store. A cell the fast path does not read (a
formatted number, a date written otherwise, a bad value) keeps its text in a column of its own;
only those cells come to Python, where :func:`.parsing.parse_column` reads them by the very
rules of every other source: the same values, problems and notes. The values read are written
back into the table; the text columns are dropped once the source is checked.

Row numbers: DuckDB keeps the file's order, so the record at ``rowid`` is on line ``rowid + 2``
as long as every record is one line. A file where that does not hold (a blank line, a line
break inside quotes, a line of empty fields), a file DuckDB cannot read as UTF-8 in one shape
(GB18030, UTF-16, a ragged line), or a header with an empty or repeated name is read by
:mod:`.readers` instead, in pandas, with its own line numbering and problems.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ..schema import TABLES, Column
from ..store import quote_ident
from .mapping import _Mapping
from .parsing import parse_column
from .problems import _Collector
from .readers import _model_names, _RawTable, _rename
from .source import check_structure, report_parsed

#: What :meth:`str.strip` strips (Unicode white space), for DuckDB's ``trim``.
WHITE_SPACE = "".join(chr(i) for i in range(0x3001) if chr(i).isspace())
#: The kinds read from text by a rule of :mod:`.parsing` (the others are text as written).
PARSED = ("date", "money", "number", "int", "score", "bool")
#: Prefix of the columns that hold the text of cells the fast path did not read.
BAD = "kam$unread$"
#: The line of a record: DuckDB keeps the file's order, the header is line 1.
LINE = "rowid + 2"
_BOOL_WORDS = {
    "true": "true", "false": "false", "t": "true", "f": "false", "yes": "true", "no": "false", "y": "true",
    "n": "false", "1": "true", "0": "false", "1.0": "true", "0.0": "false", "是": "true", "否": "false",
}  # fmt: skip
#: Plain numbers (the fast path of parse_number); money also leaves out 45.200 (ambiguous) and
#: more than two decimals (rounded with a note): those go to Python.
_NUMBER = r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?"
_MONEY = r"[-+]?\d+(\.\d{0,2})?"
_WHOLE = r"[-+]?\d{1,18}"
#: A field starting or ending with white space.
_EDGE = (
    "^["
    + "".join(f"\\x{{{ord(ch):x}}}" for ch in WHITE_SPACE)
    + "]|["
    + "".join(f"\\x{{{ord(ch):x}}}" for ch in WHITE_SPACE)
    + "]$"
)


@dataclass
class EngineTable:
    """A table read by DuckDB into the new store: where its cells came from and what was read in Python."""

    name: str
    file: str
    path: Path
    sep: str
    width: int
    #: Model column -> position in the file (the first header read as it).
    positions: dict[str, int]
    extras: dict[str, int]
    rows: int
    #: Per model column: rows whose value could not be read (reported already).
    skip: dict[str, pd.Index] = field(default_factory=dict)
    #: Per model column: the values Python read (NaN: not read), indexed by row.
    read: dict[str, pd.Series] = field(default_factory=dict)
    texts_table: str | None = None

    @property
    def columns(self) -> list[str]:
        """The model columns the file has, in model order."""
        return [c.name for c in TABLES[self.name].columns if c.name in self.positions]

    def source_sql(self) -> str:
        """DuckDB's reader of the file: every field as text, named c0, c1, ... (the path is bound: ``?``)."""
        names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.width))
        delim = {",": "','", "\t": "'\\t'", ";": "';'"}[self.sep]
        return (
            f"read_csv(?, header = false, skip = 1, auto_detect = false, columns = {{{names}}}, delim = {delim}, "
            "quote = '\"', escape = '\"', strict_mode = true, null_padding = false, max_line_size = 16777216)"
        )


def _strip(i: int) -> str:
    """Field ``c<i>`` stripped as :meth:`str.strip` strips it (trim with every white space
    character is slow: only a field that starts or ends with one is trimmed)."""
    return f"CASE WHEN regexp_matches(c{i}, '{_EDGE}') THEN trim(c{i}, '{WHITE_SPACE}') ELSE coalesce(c{i}, '') END"


def _fast(kind: str, x: str) -> str:
    """The SQL of a cell's value on the fast path (NULL where Python has to read it). ``x`` is the
    field as written: a value with blanks around it is left to Python, which strips it."""
    if kind == "date":
        return f"CASE WHEN regexp_full_match({x}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN TRY_CAST({x} AS DATE) END"
    if kind == "money":
        return f"CASE WHEN regexp_full_match({x}, '{_MONEY}') THEN TRY_CAST({x} AS DECIMAL(18,2)) END"
    if kind == "number":
        number = f"TRY_CAST({x} AS DOUBLE)"  # 1e400 is a plain number too large for a double: not finite
        return f"CASE WHEN regexp_full_match({x}, '{_NUMBER}') AND isfinite({number}) THEN {number} END"
    if kind in ("int", "score"):
        return f"CASE WHEN regexp_full_match({x}, '{_WHOLE}') THEN TRY_CAST({x} AS BIGINT) END"
    if kind == "bool":
        words = " ".join(f"WHEN '{w}' THEN {v}" for w, v in _BOOL_WORDS.items())
        return f"CASE lower({x}) {words} END"
    raise ValueError(kind)  # pragma: no cover - text is stripped, not read


def _inner(t, positions: dict[str, int], extras: dict[str, int]) -> str:
    """Each field once: text stripped (``t<i>``), a read kind's fast value (``v<i>``) beside the
    field as written, the other columns as written."""
    cols = []
    for name, i in positions.items():
        kind = t.column(name).kind
        cols += [f"{_fast(kind, f'c{i}')} AS v{i}", f"c{i}"] if kind in PARSED else [f"{_strip(i)} AS t{i}"]
    cols += [f"c{i}" for i in extras.values()]
    return ", ".join(cols) or "NULL AS none"


def _select(t, positions: dict[str, int], extras: dict[str, int]) -> str:
    """The typed columns of the store table (model order, then the source's other columns), then
    the text of each cell of a read kind that the fast path left to Python."""
    cols, bad = [], []
    for c in t.columns:
        q = quote_ident(c.name)
        i = positions.get(c.name)
        if i is None:
            cols.append(f"CAST(NULL AS {c.sql_type}) AS {q}")
        elif c.kind in PARSED:
            cols.append(f"CAST(v{i} AS {c.sql_type}) AS {q}")
            bad.append(f"CASE WHEN v{i} IS NULL AND c{i} <> '' THEN c{i} END AS {quote_ident(BAD + c.name)}")
        else:
            cols.append(f"NULLIF(t{i}, '') AS {q}")
    cols += [f"coalesce(c{i}, '') AS {quote_ident(h)}" for h, i in extras.items()]
    return ", ".join(cols + bad)


def _header(path: Path) -> tuple[list[str], str] | None:
    """The header line's fields (stripped) and the separator; None when the file is not for DuckDB."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\n" not in head:
        return None
    line = head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf")
    try:
        first = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if first.count('"') % 2:  # a quoted header running over lines
        return None
    sep = "," if "," in first else "\t" if "\t" in first else ";" if ";" in first else ","
    fields = [h.strip().lstrip("\ufeff") for h in next(csv.reader([first], delimiter=sep))]
    if not fields or not all(fields):
        return None
    return fields, sep


def _lines(path: Path) -> int:
    """Lines in the file (a last line without a line break counts), read in blocks."""
    count, last = 0, b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def _plan(fields: list[str], table: str, mapping: _Mapping) -> tuple[dict[str, int], dict[str, int]] | None:
    """Model column -> position and other column -> position, as :func:`.readers._rename` keeps
    them (the first of repeated names); None when two columns would share a name in DuckDB (which
    ignores case), or one would hide the row number ``rowid``."""
    names = _model_names(fields, table, mapping)
    model = set(TABLES[table].names)
    positions, extras = {}, {}
    for i, name in enumerate(names):
        if name in positions or name in extras:
            continue
        (positions if name in model else extras)[name] = i
    lowered = [n.lower() for n in [*positions, *extras]]
    if len(set(lowered)) != len(lowered) or any(n.startswith(BAD) or n == "rowid" for n in lowered):
        return None  # a column DuckDB would confuse with another, with a cell's text or with the row's number
    return positions, extras


def load_csv(con: duckdb.DuckDBPyConnection, raw: _RawTable, mapping: _Mapping, out: _Collector) -> EngineTable | None:
    """Read the CSV file of ``raw`` into the store table of its name; None (nothing written, nothing
    reported) when the file is for the reader in pandas (see the module docstring)."""
    found = _header(raw.path)
    if found is None:
        return None
    fields, sep = found
    plan = _plan(fields, raw.table, mapping)
    if plan is None:
        return None
    et = EngineTable(raw.table, raw.file, raw.path.resolve(), sep, len(fields), *plan, rows=0)
    t = TABLES[raw.table]
    table = quote_ident(t.name)
    try:
        con.execute(
            f"CREATE TABLE {table} AS SELECT {_select(t, et.positions, et.extras)} "
            f"FROM (SELECT {_inner(t, et.positions, et.extras)} FROM {et.source_sql()})",
            [str(et.path)],
        )
    except duckdb.PermissionException:
        raise  # the connection was not given the file (store_file.connect's read_files): a defect, not a source
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return None
    et.rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    if et.rows != _lines(et.path) - 1 or _blank_rows(con, et):
        con.execute(f"DROP TABLE {table}")
        return None
    # From here on the file is read: its problems are reported as the reader in pandas does.
    _rename(_RawTable(raw.table, raw.file, pd.DataFrame(columns=fields)), mapping, out)
    check_structure([*et.positions, *et.extras], et.rows == 0, t.name, raw.file, out)
    _read_in_python(con, et, out)
    return et


def _blank_rows(con: duckdb.DuckDBPyConnection, et: EngineTable) -> bool:
    """Whether a record has nothing but empty fields (the reader in pandas skips it)."""
    t = TABLES[et.name]
    empty = [f"{quote_ident(c)} IS NULL" for c in et.positions]
    empty += [
        f"trim(coalesce({quote_ident(BAD + c)}, ''), '{WHITE_SPACE}') = ''"
        for c in et.positions
        if t.column(c).kind in PARSED
    ]
    empty += [f"trim({quote_ident(h)}, '{WHITE_SPACE}') = ''" for h in et.extras]
    return con.execute(f"SELECT count(*) FROM {quote_ident(et.name)} WHERE {' AND '.join(empty)}").fetchall()[0][0] > 0


def parsed_columns(et: EngineTable) -> list[Column]:
    """The model columns of the file whose kind is read from text."""
    t = TABLES[et.name]
    return [t.column(c) for c in et.columns if t.column(c).kind in PARSED]


def _read_in_python(con: duckdb.DuckDBPyConnection, et: EngineTable, out: _Collector) -> None:
    """Read the cells the fast path left (a few, as a rule) with the rules of :mod:`.parsing`:
    problems and notes as for any source, and the values read written into the table."""
    columns = parsed_columns(et)
    if not columns:
        return
    bad = [quote_ident(BAD + c.name) for c in columns]
    left = con.execute(
        f"SELECT {LINE} AS line, {', '.join(bad)} FROM {quote_ident(et.name)} "
        f"WHERE coalesce({', '.join(bad)}) IS NOT NULL ORDER BY line"
    ).df()
    if left.empty:
        return
    left = left.set_index("line")
    for c in columns:
        text = left[BAD + c.name].dropna().astype("str").str.strip()
        if text.empty:
            continue
        parsed = parse_column(text, c)
        rows = report_parsed(text, parsed, c, et.file, et.name, out)
        if rows is not None:
            et.skip[c.name] = rows
        values = parsed.values.where(~parsed.bad)
        et.read[c.name] = values
        ok = values.dropna()
        if not ok.empty:
            _write_back(con, et.name, c, ok)


def _write_back(con: duckdb.DuckDBPyConnection, name: str, c: Column, values: pd.Series) -> None:
    """Write the values Python read into their cells (a value too large for the column stays empty:
    the checks report it from :attr:`EngineTable.read`)."""
    frame = pd.DataFrame({"rid": values.index.to_numpy() - 2, "v": values.to_numpy()})
    con.register("kam_read", frame)
    try:
        con.execute(
            f"UPDATE {quote_ident(name)} SET {quote_ident(c.name)} = TRY_CAST(kam_read.v AS {c.sql_type}) "
            f"FROM kam_read WHERE {quote_ident(name)}.rowid = kam_read.rid"
        )
    finally:
        con.unregister("kam_read")


def texts(con: duckdb.DuckDBPyConnection, et: EngineTable, rows: pd.Index) -> pd.DataFrame:
    """The stripped text of the model columns of a read kind at ``rows``, as the file has it (for
    messages: ``-5000``, not the ``-5000.00`` stored). The file is read again, once, when a
    problem needs it."""
    columns = [c.name for c in parsed_columns(et)]
    if et.texts_table is None:
        et.texts_table = quote_ident(f"kam$text${et.name}")
        strips = ", ".join(f"{_strip(et.positions[c])} AS {quote_ident(c)}" for c in columns) or "NULL AS none"
        con.execute(f"CREATE TEMP TABLE {et.texts_table} AS SELECT {strips} FROM {et.source_sql()}", [str(et.path)])
    wanted = pd.DataFrame({"rid": pd.Index(rows).to_numpy(dtype="int64") - 2})
    con.register("kam_rows", wanted)
    try:
        cols = ", ".join(quote_ident(c) for c in columns)
        frame = con.execute(
            f"SELECT t.rowid + 2 AS line{', ' + cols if cols else ''} FROM {et.texts_table} t "
            "SEMI JOIN kam_rows ON t.rowid = kam_rows.rid ORDER BY line"
        ).df()
    finally:
        con.unregister("kam_rows")
    return frame.set_index("line").astype("str").reindex(pd.Index(rows, dtype="int64"))

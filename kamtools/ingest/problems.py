"""Problems found in a source or in data: one :class:`Problem` each, collected and reported at once."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ._common import SOURCE_SUFFIXES

#: At most this many problems of one kind (same table, column and check) are
#: listed one by one; the rest are summed up in one more problem.
LIMIT = 100


@dataclass(frozen=True)
class Problem:
    """One problem found in a source or in data.

    Parameters
    ----------
    file
        The file as the user named it (``invoices.csv``, ``book.xlsx, sheet 发票``,
        a mapping file), or the table name for in-memory data.
    table
        The table of the data model, or None (e.g. a problem with the mapping).
    column
        The column of the data model (or the source's header), or None.
    row
        The row as the user sees it in the source (see the module docstring), or
        None for a problem with a whole file or column.
    value
        The offending raw value as text, or None.
    expected
        What was expected instead, or None.
    message
        What is wrong, in one sentence.
    severity
        ``"error"`` (the data cannot be used), ``"warning"`` (accepted, but probably wrong:
        a date after the day of import) or ``"note"`` (accepted, but worth a look).
    header
        The source's own header of ``column`` when it differs (renamed by a mapping,
        matched by its Chinese name or ignoring case), or None.

    The text names the table too when the file is named otherwise, and the
    source's header beside the model's column name.

    Examples
    --------
    >>> print(Problem("financials.csv", "financials", "total_assets", 3, "-5000",
    ...               "a number >= 0", "value '-5000' is negative"))
    financials.csv, row 3, column total_assets: value '-5000' is negative (expected a number >= 0)
    >>> print(Problem("leads.csv", "leads", None, None, None, None, "file is missing"))
    leads.csv: file is missing
    >>> print(Problem("发票.csv", "invoices", "amount", 4, "abc", None, "value 'abc' is not a number",
    ...               header="金额"))
    发票.csv (invoices), row 4, column 金额 (amount): value 'abc' is not a number
    """

    file: str
    table: str | None
    column: str | None
    row: int | None
    value: str | None
    expected: str | None
    message: str
    severity: str = "error"
    header: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.table is not None and _named_table(self.file) not in (None, self.table):
            where[0] += f" ({self.table})"
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"{'columns' if ', ' in self.column else 'column'} {self._column_text()}")
        text = f"{', '.join(where)}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text if self.is_error else f"{self.severity}: {text}"

    @property
    def is_error(self) -> bool:
        """Whether this problem is an error (not a note)."""
        return self.severity == "error"

    def _column_text(self) -> str:
        """``金额 (amount)`` when the source's header differs from the model's column."""
        if not self.header or self.header == self.column:
            return self.column or ""
        headers, columns = self.header.split(", "), self.column.split(", ")
        if len(headers) != len(columns):
            return f"{self.header} ({self.column})"
        return ", ".join(c if h == c else f"{h} ({c})" for h, c in zip(headers, columns))


def _named_table(file: str) -> str | None:
    """The table a data file or sheet is named like (its stem, or the sheet), else None.

    >>> _named_table("发票.csv"), _named_table("book.xlsx, sheet invoices"), _named_table("map.yml")
    ('发票', 'invoices', None)
    """
    if ", sheet " in file:
        return file.split(", sheet ", 1)[1]
    path = Path(file)
    return path.stem if path.suffix.lower() in SOURCE_SUFFIXES else None


def format_problems(problems: Iterable[Problem], source: str | os.PathLike) -> str:
    """The report of ``problems`` found in ``source``: a header, then one line each.

    Errors come first, then warnings, then notes, each in the order found.

    >>> ps = [Problem("leads.csv", "leads", "money", None, None, None, "read as text", "note"),
    ...       Problem("leads.csv", "leads", "money", 3, "maybe", "true/false", "value 'maybe' is not true or false")]
    >>> print(format_problems(ps, "src"))
    2 problems in src (1 error, 1 note)
      leads.csv, row 3, column money: value 'maybe' is not true or false (expected true/false)
      note: leads.csv, column money: read as text
    """
    problems = list(problems)
    errors = [p for p in problems if p.is_error]
    others = _not_errors(problems)
    n = len(problems)
    head = f"{n} problem{'s' if n != 1 else ''} in {os.fspath(source)}"
    counts = _counts(others)
    if errors and others:
        head += f" ({_plural(len(errors), 'error')}, {counts})"
    elif others:
        head += f" ({counts}, no errors)"
    return "\n".join([head, *(f"  {p}" for p in errors + others)])


def _not_errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that are no errors: warnings first, then notes, each in the order found."""
    problems = list(problems)
    return [p for p in problems if p.severity == "warning"] + [p for p in problems if p.severity == "note"]


def _counts(problems: list[Problem]) -> str:
    """``1 warning, 2 notes``: the problems that are no errors, by kind."""
    kinds = [("warning", "warning"), ("note", "note")]
    return ", ".join(_plural(n, word) for kind, word in kinds if (n := sum(p.severity == kind for p in problems)))


def _and(words: Iterable[str]) -> str:
    """``a, b and c``."""
    words = list(words)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


@dataclass
class _Collector:
    """Problems of one run, with the per-kind limit applied."""

    limit: int = LIMIT
    problems: list[Problem] = field(default_factory=list)
    #: (file, table) -> {model column: the source's header}, where they differ.
    headers: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        renamed = self.headers.get((problem.file, problem.table))
        if renamed and problem.column and problem.header is None:
            header = ", ".join(renamed.get(c, c) for c in problem.column.split(", "))
            if header != problem.column:
                problem = replace(problem, header=header)
        self.problems.append(problem)

    def head(self, rows: pd.Index) -> pd.Index:
        """The first ``limit`` of ``rows``: the ones listed one by one."""
        return rows[: self.limit]

    def cells(
        self,
        file: str,
        table: str,
        column: str | None,
        rows: Iterable,
        values: Iterable,
        messages: Iterable[str] | str,
        expected: str | None,
        severity: str = "error",
        what: str = "cells",
        total: int | None = None,
    ) -> None:
        """One problem per cell listed (at most ``limit``); one more summing up the rest of ``total``."""
        rows = list(rows)[: self.limit]
        values = list(values)[: self.limit]
        msgs = [messages] * len(rows) if isinstance(messages, str) else list(messages)[: self.limit]
        for r, v, m in zip(rows, values, msgs):
            self.add(Problem(file, table, column, _as_row(r), v, expected, m, severity))
        total = len(rows) if total is None else total
        if total > len(rows):
            self.add(
                Problem(
                    file,
                    table,
                    column,
                    None,
                    None,
                    expected,
                    f"{total - len(rows):,} more {what} like the {len(rows)} above ({total:,} in all)",
                    severity,
                )
            )


def _as_row(r) -> int | None:
    return None if r is None or pd.isna(r) else int(r)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _q(value: object) -> str:
    """A value quoted for a message: ``'2026-02-30'``."""
    return "'" + str(value).replace("'", "\\'") + "'"


def _errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]

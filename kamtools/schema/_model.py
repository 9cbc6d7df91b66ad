"""The building blocks of the data model: column kinds, columns, row rules and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..money import MONEY_SQL_TYPE

Kind = Literal["id", "text", "category", "date", "money", "number", "int", "score", "bool"]

#: pandas dtype of each kind of column (after import).
PANDAS_DTYPES: dict[str, str] = {
    "id": "str",
    "text": "str",
    "category": "str",
    "date": "datetime64[us]",
    "money": "float64",
    "number": "float64",
    "int": "Int64",
    "score": "Int64",
    "bool": "boolean",
}

#: DuckDB column type of each kind of column in the store.
SQL_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "category": "VARCHAR",
    "date": "DATE",
    "money": MONEY_SQL_TYPE,  # whole cents (kamtools.money)
    "number": "DOUBLE",
    "int": "BIGINT",
    "score": "BIGINT",
    "bool": "BOOLEAN",
}

#: What a user should put in a column of each kind (used in error messages).
EXPECTED: dict[str, str] = {
    "id": "an identifier (text)",
    "text": "text",
    "category": "one of the listed values",
    "date": "an ISO date such as 2026-10-31",
    "money": "a number such as 1234.50",
    "number": "a number",
    "int": "a whole number",
    "score": "a whole number from 1 to 5",
    "bool": "true/false (also yes/no, 1/0, 是/否)",
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``required`` columns must be present in a source; ``nullable`` columns may
    have empty cells. ``references`` names the ``table.column`` a foreign key
    must resolve to. A date column records something that happened, so an import
    warns of dates after the day of import, unless ``future`` (a due date, a
    promised payment date).
    """

    name: str
    kind: Kind
    description: str
    required: bool = True
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None
    references: str | None = None
    chinese: str = ""
    future: bool = False

    @property
    def dtype(self) -> str:
        """The pandas dtype of this column."""
        return PANDAS_DTYPES[self.kind]

    @property
    def sql_type(self) -> str:
        """The DuckDB type of this column."""
        return SQL_TYPES[self.kind]

    @property
    def bound(self) -> float | None:
        """Values must be smaller than this in magnitude to fit the column's store type
        (None: any finite number fits).

        >>> Column("amount", "money", "").bound, Column("n", "int", "").bound
        (1e+16, 9.223372036854776e+18)
        """
        return sql_bound(self.sql_type)


def sql_bound(sql_type: str) -> float | None:
    """The magnitude a value of a DuckDB type must stay below, or None when unbounded.

    ``DECIMAL(p,s)`` holds ``p - s`` digits before the decimal point, ``BIGINT`` is a
    signed 64-bit integer.

    >>> sql_bound("DECIMAL(18,2)"), sql_bound("DOUBLE")
    (1e+16, None)
    """
    m = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", sql_type)
    if m:
        return float(10 ** (int(m.group(1)) - int(m.group(2))))
    if sql_type == "BIGINT":
        return float(2**63)
    return None


@dataclass(frozen=True)
class RowRule:
    """A rule relating columns of one row, e.g. ``due_date >= invoice_date``.

    ``left`` and ``right`` are column names, ``op`` a comparison; rows where either
    side is empty are not checked. ``plus`` names columns added to ``left`` (an
    empty cell there counts as 0), e.g. ``inventory + prepaid_expenses <= current_assets``.
    ``op`` ``"one of"`` asks for exactly one of the two cells to be filled (an activity
    names a customer or a lead); a column the source lacks counts as empty.

    >>> RowRule("customer_id", "one of", "lead_id", "").text
    'exactly one of customer_id, lead_id'
    """

    left: str
    op: Literal["<=", ">=", "<", ">", "one of"]
    right: str
    message: str
    plus: tuple[str, ...] = ()

    @property
    def left_text(self) -> str:
        """The left side as written: ``inventory + prepaid_expenses``."""
        return " + ".join((self.left, *self.plus))

    @property
    def text(self) -> str:
        """The rule as written: ``due_date >= invoice_date``, ``exactly one of customer_id, lead_id``."""
        if self.op == "one of":
            return f"exactly one of {self.left}, {self.right}"
        return f"{self.left_text} {self.op} {self.right}"


@dataclass(frozen=True)
class Table:
    """One table of the store (and one CSV file or sheet of a source); ``chinese``: its Chinese name."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    large: bool = False
    optional: bool = False
    rules: tuple[RowRule, ...] = field(default=())
    chinese: str = ""

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def names(self) -> list[str]:
        """All column names, in model order."""
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        """Names of the columns a source must provide."""
        return [c.name for c in self.columns if c.required]

    @property
    def foreign_keys(self) -> list[Column]:
        """Columns that must resolve to a key of another table."""
        return [c for c in self.columns if c.references]


def money_column(
    name: str,
    description: str,
    chinese: str = "",
    *,
    min: float | None = 0.0,
    required: bool = True,
    nullable: bool = False,
) -> Column:
    """A money column, at least 0 unless ``min`` says otherwise."""
    return Column(name, "money", description, required=required, nullable=nullable, min=min, chinese=chinese)


CUSTOMER_FK = "customers.customer_id"
OPTIONAL = {"required": False, "nullable": True}  # an optional column that may be empty

"""The data model of the workbook, defined once.

Every table of the store, its columns, their kinds, keys, foreign keys and
constraints are declared here. Import, validation, sample generation, the store
and the data dictionary (``data/README.md``) are all derived from this module,
so they cannot drift apart.

>>> from kamtools.schema import TABLES
>>> TABLES["invoices"].key
('invoice_id',)
>>> TABLES["invoices"].column("amount").dtype
'float64'
"""

from __future__ import annotations

import pandas as pd

from ..money import round_cents
from ._accounts import (
    ACCOUNT_TABLES,
    ATTRACTIVENESS,
    CALL_OUTCOMES,
    RELATIONSHIP_LADDER,
    RELATIONSHIP_LEVELS,
    RELATIONSHIP_QUALITIES,
    RELATIONSHIP_STATES,
)
from ._collections import COLLECTION_TABLES
from ._contracts import CONTRACT_TABLES
from ._credit import CREDIT_FACTORS, CREDIT_TABLES
from ._model import CUSTOMER_FK, EXPECTED, PANDAS_DTYPES, SQL_TYPES, Column, Kind, RowRule, Table, sql_bound
from ._products import PRODUCT_TABLES
from ._snapshots import SNAPSHOT_TABLES
from ._transactions import TRANSACTION_TABLES

__all__ = [
    "ATTRACTIVENESS",
    "CALL_OUTCOMES",
    "CREDIT_FACTORS",
    "CUSTOMER_FK",
    "EXPECTED",
    "LARGE_TABLES",
    "PANDAS_DTYPES",
    "RELATIONSHIP_LADDER",
    "RELATIONSHIP_LEVELS",
    "RELATIONSHIP_QUALITIES",
    "RELATIONSHIP_STATES",
    "REQUIRED_TABLES",
    "SQL_TYPES",
    "TABLES",
    "Column",
    "Kind",
    "RowRule",
    "Table",
    "conform",
    "empty_frame",
    "sql_bound",
]

#: The order of the tables in sources, the store and the data dictionary.
_ORDER = (
    "customers",
    "financials",
    "credit_factors",
    "invoices",
    "payments",
    "credit_limits",
    "activities",
    "leads",
    "open_orders",
    "contacts",
    "relationships",
    "promises",
    "group_limits",
    "credit_overrides",
)
_ALL = {
    t.name: t
    for t in ACCOUNT_TABLES
    + TRANSACTION_TABLES
    + CREDIT_TABLES
    + COLLECTION_TABLES
    + CONTRACT_TABLES
    + SNAPSHOT_TABLES
    + PRODUCT_TABLES
}
TABLES: dict[str, Table] = {name: _ALL[name] for name in _ORDER} | {n: t for n, t in _ALL.items() if n not in _ORDER}
#: Tables every source must provide.
REQUIRED_TABLES: list[str] = [t.name for t in TABLES.values() if not t.optional]
#: Tables kept in the store and read through SQL rather than loaded whole.
LARGE_TABLES: list[str] = [t.name for t in TABLES.values() if t.large]


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with the model's columns and dtypes for ``table``.

    >>> empty_frame("payments").dtypes["payment_date"]
    dtype('<M8[us]')
    """
    t = TABLES[table]
    return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in t.columns})


def conform(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return a copy of ``df`` with the model's dtypes and column order.

    Model columns come first in model order (optional ones that are absent are
    added empty), extra columns are kept after them; money is taken to whole cents
    (:func:`kamtools.money.round_cents`). Values must already be clean (see
    :mod:`kamtools.ingest` for checked conversion of raw input).

    >>> import pandas as pd
    >>> out = conform(pd.DataFrame({"lead_id": ["L1"], "company": ["A"], "region": ["East"],
    ...     "owner": ["Li"], "money": [True], "authority": [False], "need": [True],
    ...     "estimated_annual_value": [1000]}), "leads")
    >>> str(out["estimated_annual_value"].dtype), str(out["money"].dtype)
    ('float64', 'boolean')
    """
    t = TABLES[table]
    out = {}
    n = len(df)
    for c in t.columns:
        if c.name in df.columns:
            s = df[c.name]
        else:
            s = pd.Series([None] * n, index=df.index, dtype="object")
        if c.kind == "date":
            s = pd.to_datetime(s).astype(c.dtype)
        elif c.kind == "money":
            s = round_cents(s.astype("float64"))
        else:
            s = s.astype(c.dtype)
        out[c.name] = s
    extra = [col for col in df.columns if col not in out]
    result = pd.DataFrame(out, index=df.index)
    for col in extra:
        result[col] = df[col]
    return result.reset_index(drop=True)

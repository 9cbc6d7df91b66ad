"""Payment promises per customer: kept, broken or pending."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import facts
from ..money import round_cents
from ..periods import as_date
from ..store import KamData
from ._common import _data

#: Columns the worklist takes from the promises table (see :func:`worklist`).
PROMISE_COLUMNS: tuple[str, ...] = (
    "promises",
    "kept_promises",
    "broken_promises",
    "pending_promises",
    "last_promise_on",
    "last_promise_pay_by",
    "last_promise_amount",
    "last_promise_paid",
    "last_promise_status",
)


def promise_history(data: KamData | Mapping[str, pd.DataFrame], as_of: Any) -> pd.DataFrame:
    """Payment promises per customer at ``as_of``: how many were kept, broken or are pending.

    Runs ``receivables_promises.sql`` in the store on the optional ``promises``
    table. A payment can count for a promise of its customer whose days
    (``promised_on`` to ``pay_by``) include the payment date, unless the two name
    different invoices; each payment counts for one promise only: the one naming
    the payment's invoice first, else the one with the oldest ``pay_by``. A
    promise is kept once its payments reach the amount (also before or on its
    ``pay_by``), broken when ``pay_by`` has passed without, else pending.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with a promise made by ``as_of``),
        with the columns of :data:`PROMISE_COLUMNS`; empty without a promises table.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["C1"], "invoice_date": ["2026-09-01"],
    ...     "due_date": ["2026-09-30"], "amount": [500.0], "cost": [0.0]})
    >>> pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-10-08"],
    ...     "amount": [500.0]})
    >>> prom = pd.DataFrame({"customer_id": ["C1", "C1"], "promised_on": ["2026-10-01", "2026-10-05"],
    ...     "pay_by": ["2026-10-10", "2026-10-20"], "amount": [500.0, 500.0]})
    >>> h = promise_history({"invoices": inv, "payments": pay, "promises": prom}, "2026-10-31")
    >>> h[["promises", "kept_promises", "broken_promises", "last_promise_status"]]  # doctest: +NORMALIZE_WHITESPACE
                 promises  kept_promises  broken_promises last_promise_status
    customer_id
    C1                  2              1                1              broken
    """
    as_of = as_date(as_of)
    src = _data(data)
    if not src.has("promises") or not src.has("payments"):
        empty = {c: pd.Series(dtype=_PROMISE_DTYPES[c]) for c in PROMISE_COLUMNS}
        return pd.DataFrame(empty, index=pd.Index([], name="customer_id", dtype="str"))
    res = facts.query(src, "receivables_promises", as_of=as_of)
    res = res.astype({"customer_id": "str"}).set_index("customer_id").sort_index()
    out = pd.DataFrame(index=res.index)
    for col in PROMISE_COLUMNS:
        dtype = _PROMISE_DTYPES[col]
        out[col] = round_cents(res[col].astype("float64")) if dtype == "float64" else res[col].astype(dtype)
    return out


_PROMISE_DTYPES = {
    "promises": "int64",
    "kept_promises": "int64",
    "broken_promises": "int64",
    "pending_promises": "int64",
    "last_promise_on": "datetime64[us]",
    "last_promise_pay_by": "datetime64[us]",
    "last_promise_amount": "float64",
    "last_promise_paid": "float64",
    "last_promise_status": "str",
}

"""The disputes of the sample book: a few invoices the customer disputes, most settled in time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..money import round_cents
from ._common import _dates, _ids, _order_by_day, _str, _take
from .vocabulary import ACCOUNT_MANAGERS

#: Why a customer disputes an invoice: reason codes (the report reads them in its language:
#: kamtools.output.dispute_phrases), each twice so the sample draws as it always did.
_DISPUTE_REASONS = (
    "price",
    "price",
    "quantity",
    "quantity",
    "quality",
    "quality",
    "late_delivery",
    "late_delivery",
    "no_order",
    "no_order",
    "billed_twice",
    "billed_twice",
)


def _disputes(
    seed: int, inv_cust: np.ndarray, day: np.ndarray, due: np.ndarray, amount: np.ndarray,
    unpaid: np.ndarray, pay_day: np.ndarray, manager: np.ndarray, E: int,
) -> dict[str, np.ndarray]:  # fmt: skip
    """Disputes of about 2 % of the invoices (more of those never paid), from a generator of their own.

    A paid invoice's dispute was raised before the payment and closed when it was paid; an unpaid
    invoice's dispute is raised when it falls due or soon after, and about a third of those are
    settled later (the invoice is then chased again). Part of the amount or all of it is disputed.
    """
    rng = np.random.default_rng([seed, 53])
    n = len(inv_cust)
    paid = ~unpaid & (pay_day <= E)
    room = pay_day.astype(np.int64) - day.astype(np.int64)
    pick = rng.random(n) < np.where(paid, 0.012, 0.2)
    pick &= (due <= E - 5) & (~paid | (room > 4)) & (amount >= 1.0)
    k = np.flatnonzero(pick)
    opened = np.where(
        paid[k],
        day[k] + 2 + np.floor(rng.random(len(k)) * np.maximum(room[k] - 3, 1)).astype(np.int64),
        np.minimum(due[k] + rng.integers(0, 41, len(k)), E),
    )
    settled_later = rng.random(len(k)) < 0.35
    closed = np.where(paid[k], pay_day[k], opened + rng.integers(15, 121, len(k)))
    is_closed = paid[k] | (settled_later & (closed <= E))
    share = np.where(rng.random(len(k)) < 0.4, 1.0, rng.uniform(0.1, 0.6, len(k)))
    collections = rng.random(len(k)) < 0.3
    return {
        "inv": k,
        "opened": opened.astype(np.int64),
        "closed": np.where(is_closed, closed, -1).astype(np.int64),
        "amount": round_cents(np.maximum(amount[k] * share, 0.01)),
        "reason": rng.integers(0, len(_DISPUTE_REASONS), len(k)),
        "owner": np.where(collections, -1, manager[inv_cust[k]]),
    }


def _dispute_table(d: dict[str, np.ndarray], inv_rank: np.ndarray, inv_width: int) -> pd.DataFrame:
    """The disputes table, in the order they were opened."""
    order = _order_by_day(d["opened"])
    closed = d["closed"][order]
    owners = np.array([*ACCOUNT_MANAGERS, "collections"], dtype=object)  # the collections clerk
    closed_on = pd.Series(_dates(np.maximum(closed, 0)))
    return pd.DataFrame(
        {
            "invoice_id": _str(_ids("INV", inv_rank[d["inv"][order]] + 1, inv_width)),
            "amount": d["amount"][order],
            "reason": _str(_take(_DISPUTE_REASONS, d["reason"][order])),
            "opened_on": _dates(d["opened"][order]),
            "closed_on": closed_on.where(closed >= 0),
            "owner": _str(pa.array(owners[d["owner"][order]].astype(str))),
        }
    )

"""Provisions: bad-debt provision (坏账准备) by aging bucket at the policy's rates."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..money import from_cents, half_up, to_cents
from ..policy import load_policy
from ._common import _ratio
from .buckets import _per_bucket


def provisions(aging: pd.DataFrame, policy: Any = None, *, by: str = "customer") -> pd.DataFrame:
    """Bad-debt provision (坏账准备) by aging bucket at the policy's rates.

    Each bucket's provision is rounded to the cent; totals add the rounded amounts.

    Parameters
    ----------
    aging
        The frame of :func:`aging`. Rates come from ``receivables.provision_rates``
        by bucket name; a custom bucket (other edges) takes the rate of the default
        bucket holding its first day, e.g. ``d46_75`` the rate of ``d31_60``.
    policy
        Policy file, mapping or loaded policy (None: defaults).
    by
        ``"customer"``: one row per customer with ``receivables``,
        ``provision_<bucket>`` per bucket, ``provision`` and ``provision_share``;
        ``"bucket"``: one row per bucket with ``receivables``, ``rate``, ``provision``.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.receivables import aging
    >>> ag = aging(pd.DataFrame({"customer_id": ["C1", "C1"], "open_amount": [1000.0, 200.0],
    ...     "days_past_due": [0, 100]}), "2026-10-31")
    >>> provisions(ag, by="bucket").loc[["current", "d91_180"]]  # doctest: +NORMALIZE_WHITESPACE
             receivables  rate  provision
    bucket
    current       1000.0  0.00        0.0
    d91_180        200.0  0.25       50.0
    """
    rates = load_policy(policy)["receivables"]["provision_rates"]
    if "total" not in aging.columns:
        raise KeyError("provisions needs the frame of aging() (with a 'total' column)")
    names = list(aging.columns[: list(aging.columns).index("total")])
    rate = np.array([_per_bucket(rates, b, "receivables.provision_rates") for b in names])
    amounts = np.column_stack([to_cents(aging[b]) for b in names]) if names else np.zeros((len(aging), 0))
    prov = half_up(amounts * rate[None, :])
    if by == "bucket":
        out = pd.DataFrame(
            {"receivables": from_cents(amounts.sum(axis=0)), "rate": rate, "provision": from_cents(prov.sum(axis=0))},
            index=pd.Index(names, name="bucket"),
        )
        return out
    if by != "customer":
        raise ValueError(f"by must be 'customer' or 'bucket', got {by!r}")
    out = pd.DataFrame(index=aging.index.copy())
    out["receivables"] = from_cents(amounts.sum(axis=1))
    for i, b in enumerate(names):
        out[f"provision_{b}"] = from_cents(prov[:, i])
    out["provision"] = from_cents(prov.sum(axis=1))
    out["provision_share"], out["provision_share_reason"] = _ratio(
        out["provision"], out["receivables"], "no receivables"
    )
    return out

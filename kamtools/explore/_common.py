"""Shared parts of the explorers' models: the policy as a plain dict, the periods offered."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

from ..periods import data_period
from ..policy import load_policy
from ..store import KamData


def plain_policy(policy: Any) -> dict:
    """A deep, plain-dict copy of a loaded policy, safe to edit item by item.

    A policy object that offers ``to_dict()`` gives its dict; a mapping is copied deeply.
    """
    to_dict = getattr(policy, "to_dict", None)
    return copy.deepcopy(to_dict() if callable(to_dict) else dict(policy))


def _policy(policy: Any) -> dict:
    """The full policy (defaults merged with ``policy``), credit section checked, as a plain dict."""
    pol = load_policy(policy)  # every rule of the policy checked
    return plain_policy(pol)


def available_periods(data: KamData, months: int = 24) -> list[str]:
    """The report months (``YYYY-MM``) an explorer offers: up to ``months`` complete
    months of invoices, the latest first.

    >>> import kamtools as kt
    >>> available_periods(kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31"), 3)
    ['2026-10', '2026-09', '2026-08']
    """
    last = pd.Period(data_period(data), freq="M")
    first_date = data.sql("select min(invoice_date) as first from invoices")["first"].iloc[0]
    first = pd.Period(pd.Timestamp(first_date), freq="M")
    n = max(1, min(int(months), (last - first).n + 1))
    return [str(last - k) for k in range(n)]

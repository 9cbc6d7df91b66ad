"""What the credit lessons (``notebooks/training/05_*`` to ``08_*``) import: the customer they study, the
date they work at and the write-off scenario of lesson 6.

Nothing here computes an exercise's answer: a participant's kernel imports this module, not the
answers (:mod:`kamtools.training.answers`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import segments
from ..periods import data_period, period_bounds
from ..store import KamData

__all__ = ["focus_account", "lesson_date", "write_off_scenario"]


def lesson_date(data: Any) -> dt.date:
    """The date the exercises are checked at: the last day of the latest complete month of the data.

    >>> import kamtools as kt
    >>> lesson_date(kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31"))
    datetime.date(2026, 10, 31)
    """
    return period_bounds(data_period(data))[1]


def focus_account(data: Any, as_of: Any = None, policy: Any = None) -> str:
    """The customer the credit lessons study: the largest key account that can be investigated.

    Among the key accounts of the pyramid (:func:`kamtools.segments.pyramid`) at
    ``as_of`` (default :func:`lesson_date`), the one with the highest revenue of the
    last 12 months that has at least two fiscal years of statements on or before
    ``as_of`` (so its asset turnover uses average assets) and a qualitative
    assessment; ties by customer id. Without such a key account, the customer with
    the highest revenue of the last 12 months.

    >>> import kamtools as kt
    >>> data = kt.sample_data(customers=60, years=2, seed=3)
    >>> cid = focus_account(data)
    >>> segments_tier = kt.segments.pyramid(data, lesson_date(data)).loc[cid, "tier"]
    >>> str(segments_tier)
    'key'
    """
    as_of = pd.Timestamp(as_of if as_of is not None else lesson_date(data))
    if policy is None:  # every check of the lessons asks: a store answers once per connection
        return data.kept(("focus account", as_of), lambda: _focus_account(data, as_of, None))
    return _focus_account(data, as_of, policy)


def _focus_account(data: KamData, as_of: pd.Timestamp, policy: Any) -> str:
    pyr = segments.pyramid(data, as_of, policy)
    customers = pyr[pyr["kind"] == "customer"]
    fin = data.financials
    years = fin[pd.to_datetime(fin["period_end"]) <= as_of].groupby("customer_id").size()
    factors = data.credit_factors
    assessed = set(factors.loc[pd.to_datetime(factors["assessed_on"]) <= as_of, "customer_id"].astype(str))
    ok = (
        (customers["tier"] == "key")
        & (customers.index.map(years).fillna(0) >= 2)
        & customers.index.isin(sorted(assessed))
    )
    pool = customers[ok] if ok.any() else customers
    order = pool.sort_index(kind="mergesort").sort_values("revenue_12m", ascending=False, kind="mergesort")
    return str(order.index[0])


def write_off_scenario(limits: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Write-offs of the accountability exercise: every customer over its limit defaults on
    its whole exposure, handled by its account manager.

    ``limits`` is the result of :func:`kamtools.credit.limits`, ``customers`` the
    customers table. Returns ``customer_id``, ``amount``, ``handler`` (the input of
    :func:`kamtools.credit.accountability`).

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"over_limit": [True, False], "exposure": [120.0, 10.0]},
    ...                    index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> cust = pd.DataFrame({"customer_id": ["C1", "C2"], "account_manager": ["Li", "Wang"]})
    >>> write_off_scenario(lim, cust).to_dict("records")
    [{'customer_id': 'C1', 'amount': 120.0, 'handler': 'Li'}]
    """
    over = limits[limits["over_limit"]]
    managers = customers.set_index("customer_id")["account_manager"]
    return pd.DataFrame(
        {
            "customer_id": over.index.astype(str),
            "amount": over["exposure"].astype(float).to_numpy(),
            "handler": over.index.map(managers).astype(str),
        }
    )

"""Profitability after cost to serve and the whale curve."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import strategies as st
from ..money import book_decimals, snap
from ..store import KamData
from ._common import AsOf, PolicyLike, _order, _policy, _ratio, _strategy
from .abc_pareto import abc
from .customers import customer_facts

__all__ = ["profitability"]


def profitability(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Profit after cost to serve per customer over the trailing 12 months, and the whale curve.

    * ``gross_margin`` = margin as invoiced (amount - cost) + discounts: the margin before
      discounts, at list price;
    * ``cost_to_serve`` = discounts + selling hours x ``segments.cost_per_hour`` (activities);
    * ``profit`` = gross_margin - cost_to_serve (= amount - cost - service cost; discounts
      are counted once).

    Classes: ``unprofitable`` (profit <= 0); of the profitable ones, the largest that together
    earn ``segments.most_profitable_share`` of all positive profit (as ABC class A) are
    ``most profitable``, the rest ``profitable``; customers with neither revenue, discounts
    nor selling time in the window are ``no business`` and stay off the whale curve.

    Whale curve: customers with business, most profitable first (ties by id):
    ``whale_rank``, ``account_share`` and ``cumulative_profit_share`` (cumulative profit /
    total profit; it rises above 1 and falls back to 1 as the unprofitable customers give
    profit away; NaN when the total profit is not positive).

    Note ``cost_per_hour`` is money: scale it with the data to compare books in other units.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2"], "customer_id": ["A", "B"],
    ...     "invoice_date": ["2026-05-01", "2026-05-01"], "due_date": ["2026-06-01", "2026-06-01"],
    ...     "amount": [1000.0, 500.0], "cost": [600.0, 400.0], "discount": [50.0, 80.0]})
    >>> act = pd.DataFrame({"activity_id": ["x"], "customer_id": ["B"], "date": ["2026-06-01"],
    ...     "type": ["visit"], "account_manager": ["Li"], "hours": [2.0]})
    >>> p = profitability(facts.source(invoices=inv, activities=act), "2026-10-31", {"segments": {"cost_per_hour": 80.0}})
    >>> p[["gross_margin", "cost_to_serve", "profit", "profit_class"]].values.tolist()
    [[450.0, 50.0, 400.0, 'most profitable'], [180.0, 240.0, -60.0, 'unprofitable']]
    """
    pol = _policy(policy)
    f = customer_facts(data, as_of)
    rate = float(pol["cost_per_hour"])
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["margin_12m"] = f["margin_12m"]
    out["discount_12m"] = f["discount_12m"]
    service = f["hours_12m"] * rate
    gross = f["margin_12m"] + f["discount_12m"]
    # every amount at the precision of the largest one, so a profit of exactly zero stays zero
    decimals = book_decimals(f["revenue_12m"], f["margin_12m"], f["discount_12m"], gross, service)
    out["gross_margin"] = snap(gross, decimals)
    out["hours_12m"] = f["hours_12m"]
    out["service_cost"] = snap(service, decimals)
    out["cost_to_serve"] = snap(out["discount_12m"] + out["service_cost"], decimals)
    out["profit"] = snap(out["gross_margin"] - out["cost_to_serve"], decimals)
    out["profit_rate"] = _ratio(out["profit"], out["revenue_12m"])
    business = (f["revenue_12m"] != 0) | (f["discount_12m"] != 0) | (f["hours_12m"] > 0) | (f["invoices_12m"] > 0)
    pos = out["profit"].where(business & (out["profit"] > 0))
    top = abc(pos.dropna(), float(pol["most_profitable_share"]), 1.0)
    cls = pd.Series("unprofitable", index=out.index, dtype="object")
    cls[top.index] = np.where(top == "A", "most profitable", "profitable")
    cls[~business] = "no business"
    out["profit_class"] = cls.astype("str")
    order = _order(out[business], "profit")
    n = len(order)
    total = out.loc[order, "profit"].sum()
    out["whale_rank"] = pd.Series(np.arange(1, n + 1, dtype="int64"), index=order).reindex(out.index).astype("Int64")
    out["account_share"] = (out["whale_rank"].astype("float64") / n) if n else np.nan
    cum = out.loc[order, "profit"].cumsum()
    out["cumulative_profit_share"] = (cum / total).reindex(out.index) if total > 0 else np.nan
    out["strategy"] = _strategy(st.PROFIT, out["profit_class"])
    return out

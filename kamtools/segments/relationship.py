"""Transactional versus relational customers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import strategies as st
from ..store import KamData
from ._common import _ROUND, AsOf, PolicyLike, _policy, _ratio, _strategy
from .customers import customer_facts

__all__ = ["relational"]


def relational(data: KamData, as_of: AsOf, policy: PolicyLike = None) -> pd.DataFrame:
    """Transactional versus relational customers, from marginal contribution and discount share.

    * ``contribution`` = total marginal contribution of the trailing 12 months (amount - cost);
    * ``discount_share`` = discounts / (revenue + discounts), the share of the list value
      given away (NaN when the list value is not positive).

    A buying customer is ``relational`` when its discount share is at most
    ``segments.relational.discount_share_max`` (null: the book's overall discount share,
    shown as ``discount_share_limit``) AND its contribution is at least the
    ``contribution_quantile`` (median) of buying customers' contributions; every other
    buying customer is ``transactional`` (buys on price or contributes little). Customers
    without revenue in the window: ``no purchases``.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools import facts
    >>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3"], "customer_id": ["rel", "disc", "small"],
    ...     "invoice_date": ["2026-05-01"] * 3, "amount": [1000.0, 900.0, 100.0], "cost": [600.0, 400.0, 80.0],
    ...     "discount": [0.0, 100.0, 0.0]})
    >>> inv["due_date"] = inv["invoice_date"]
    >>> r = relational(facts.source(invoices=inv), "2026-10-31")
    >>> r[["contribution", "discount_share", "relationship_type"]].values.tolist()
    [[500.0, 0.1, 'transactional'], [400.0, 0.0, 'relational'], [20.0, 0.0, 'transactional']]
    >>> round(float(r["discount_share_limit"].iloc[0]), 4), float(r["contribution_split"].iloc[0])
    (0.0476, 400.0)
    """
    pol = _policy(policy)
    rp = pol["relational"]
    f = customer_facts(data, as_of)
    buyers = f["revenue_12m"] > 0
    out = pd.DataFrame(index=f.index)
    out["name"] = f["name"]
    out["revenue_12m"] = f["revenue_12m"]
    out["contribution"] = f["margin_12m"]
    out["discount_12m"] = f["discount_12m"]
    list_value = f["revenue_12m"] + f["discount_12m"]
    out["discount_share"] = _ratio(f["discount_12m"], list_value)
    if rp["discount_share_max"] is None:
        lv = list_value[buyers].sum()
        limit = round(f.loc[buyers, "discount_12m"].sum() / lv, _ROUND) if lv > 0 else np.nan
    else:
        limit = float(rp["discount_share_max"])
    split = out.loc[buyers, "contribution"].quantile(float(rp["contribution_quantile"])) if buyers.any() else np.nan
    out["discount_share_limit"] = limit
    out["contribution_split"] = split
    rel = buyers & (out["discount_share"] <= limit).fillna(False) & (out["contribution"] >= split)
    cls = np.where(~buyers, "no purchases", np.where(rel, "relational", "transactional"))
    out["relationship_type"] = pd.Series(cls, index=out.index, dtype="str")
    out["strategy"] = _strategy(st.RELATIONAL, out["relationship_type"])
    return out

"""Bad-debt accountability (坏账责任): who bears each written-off debt, handler or approver."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..money import round_half_up
from ..policy import load_policy


def accountability(write_offs: pd.DataFrame, limits: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Who bears each written-off debt: handler and approver.

    The part of a write-off within the customer's approved limit is split by
    ``credit.accountability`` (handler / approver shares); the part above the
    approved limit, unapproved exposure, is borne 100 % by the handler. Several
    write-offs of one customer use up its approved limit together, in date order
    (``written_off_on``, else the order of ``write_offs``): each is within the limit
    only for what the earlier ones left of it. A customer missing from ``limits``
    has no approved limit. When ``write_offs`` has no ``approver`` (or it is
    empty), the approver is ``approved_by`` of ``limits``.

    Parameters
    ----------
    write_offs
        ``customer_id``, ``amount`` (positive), ``handler``; optional ``approver``
        and ``written_off_on`` (date).
    limits
        Result of :func:`limits` (``approved_limit``, ``approved_by``), indexed by
        ``customer_id``, at the date the debts arose.
    policy
        Policy path, mapping or None.

    Returns
    -------
    One row per write-off in input order, indexed by ``customer_id``: ``amount``,
    ``approved_limit``, ``within_limit``, ``above_limit``, ``handler``,
    ``handler_amount``, ``approver``, ``approver_amount`` (to the cent, a half cent up:
    :mod:`kamtools.money`).

    Examples
    --------
    >>> import pandas as pd
    >>> wo = pd.DataFrame({"customer_id": ["C1"], "amount": [150.0], "handler": ["Li"]})
    >>> lim = pd.DataFrame({"approved_limit": [100.0], "approved_by": ["Wang"]},
    ...                    index=pd.Index(["C1"], name="customer_id"))
    >>> accountability(wo, lim).loc["C1", ["handler_amount", "approver_amount"]].tolist()
    [80.0, 70.0]
    """
    acc = load_policy(policy)["credit"]["accountability"]
    for col in ("customer_id", "amount", "handler"):
        if col not in write_offs.columns:
            raise ValueError(f"write_offs needs a column {col!r}")
    amount = write_offs["amount"].astype(float)
    if (amount < 0).any() or amount.isna().any():
        raise ValueError("write_offs: amount must be a positive number (the debt written off)")
    cid = write_offs["customer_id"].astype("str")
    limit = cid.map(limits["approved_limit"].astype(float)).fillna(0.0).clip(lower=0.0)
    approver = (
        write_offs["approver"].astype("str")
        if "approver" in write_offs.columns
        else pd.Series(pd.NA, index=write_offs.index, dtype="str")
    )
    if "approved_by" in limits.columns:
        approver = approver.fillna(cid.map(limits["approved_by"].astype("str")))
    left = _limit_left(write_offs, cid, amount, limit)
    within = pd.Series(np.minimum(amount.to_numpy(), left), index=write_offs.index)
    above = amount - within
    out = pd.DataFrame(
        {
            "customer_id": cid.to_numpy(),
            "amount": amount.to_numpy(),
            "approved_limit": limit.to_numpy(),
            "within_limit": within.to_numpy(),
            "above_limit": above.to_numpy(),
            "handler": write_offs["handler"].astype("str").to_numpy(),
            "handler_amount": round_half_up(above + within * float(acc["handler_share_within_limit"])),
            "approver": approver.to_numpy(),
            "approver_amount": round_half_up(within * float(acc["approver_share_within_limit"])),
        }
    )
    return out.set_index("customer_id")


def _limit_left(write_offs: pd.DataFrame, cid: pd.Series, amount: pd.Series, limit: pd.Series) -> np.ndarray:
    """The limit left for each write-off: the approved limit less the customer's earlier write-offs
    (in ``written_off_on`` order if given, else in the order of ``write_offs``), at least 0."""
    order = pd.DataFrame({"cid": cid.to_numpy(), "pos": np.arange(len(cid))})
    if "written_off_on" in write_offs.columns:
        order["date"] = pd.to_datetime(write_offs["written_off_on"]).to_numpy()
        order = order.sort_values(["cid", "date", "pos"], kind="mergesort")
    else:
        order = order.sort_values(["cid", "pos"], kind="mergesort")
    amt = amount.to_numpy()[order["pos"].to_numpy()]
    earlier = pd.Series(amt).groupby(order["cid"].to_numpy()).cumsum().to_numpy() - amt
    left = np.empty(len(cid))
    left[order["pos"].to_numpy()] = np.clip(limit.to_numpy()[order["pos"].to_numpy()] - earlier, 0.0, None)
    return left

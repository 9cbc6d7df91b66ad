"""Limit breaches: exposure without an approved limit, exposure over the approved limit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..money import round_half_up
from .limit_text import short_amount

#: The kinds of breach, in the order they are listed.
BREACHES = {"no_limit": "exposure without an approved limit", "over_limit": "exposure over the approved limit"}


def breaches(lim: pd.DataFrame) -> pd.DataFrame:
    """Every limit breach of the frame of :func:`kamtools.credit.limits`, one row per customer.

    ``breach`` is ``no_limit`` (exposure while no limit is approved: the whole exposure is
    unapproved) or ``over_limit`` (exposure above the approved limit); ``amount`` is what is
    unapproved (the exposure, or exposure − approved limit), ``over_share`` that amount as a
    share of the approved limit (NaN without one), ``uncovered`` what collateral does not
    cover, and ``description`` says it in words. Largest unapproved amount first.

    Examples
    --------
    >>> import pandas as pd
    >>> lim = pd.DataFrame({"approved_limit": [0.0, 100000.0, 50000.0], "exposure": [9000.0, 112000.0, 20000.0],
    ...     "collateral": [0.0, 5000.0, 0.0]}, index=pd.Index(["A", "B", "C"], name="customer_id"))
    >>> b = breaches(lim)
    >>> b[["breach", "amount", "over_share", "uncovered"]]  # doctest: +NORMALIZE_WHITESPACE
                     breach   amount  over_share  uncovered
    customer_id
    B            over_limit  12000.0        0.12     7000.0
    A              no_limit   9000.0         NaN     9000.0
    >>> b["description"].tolist()
    ['exposure 112 k is 12 k (12 %) over the approved limit 100 k', 'exposure 9 k without an approved limit']
    """
    approved = lim["approved_limit"].astype(float).fillna(0.0)
    exposure = lim["exposure"].astype(float).fillna(0.0)
    collateral = lim["collateral"].astype(float).fillna(0.0) if "collateral" in lim else 0.0
    no_limit = (approved <= 0) & (exposure > 0)
    over = (approved > 0) & (exposure > approved)
    hit = no_limit | over
    out = pd.DataFrame(index=lim.index[hit])
    out["breach"] = np.where(no_limit[hit], "no_limit", "over_limit")
    for col in ("grade", "approved_by", "approved_on", "limit_source"):  # the limit in force: an approval, an override
        if col in lim:
            out[col] = lim.loc[hit, col]
    out["approved_limit"] = approved[hit]
    out["exposure"] = exposure[hit]
    out["amount"] = round_half_up((exposure - approved.clip(lower=0.0))[hit])
    out["over_share"] = (out["amount"] / out["approved_limit"].where(out["approved_limit"] > 0)).round(4)
    cover = collateral[hit] if isinstance(collateral, pd.Series) else 0.0
    out["uncovered"] = (out["amount"] - cover).clip(lower=0.0)
    ex, amt, appr = short_amount(out["exposure"]), short_amount(out["amount"]), short_amount(out["approved_limit"])
    share = pd.Series(np.char.mod("%.0f %%", (out["over_share"].fillna(0) * 100).to_numpy()), index=out.index)
    out["description"] = np.where(
        out["breach"] == "no_limit",
        "exposure " + ex + " without an approved limit",
        "exposure " + ex + " is " + amt + " (" + share + ") over the approved limit " + appr,
    )
    return out.sort_values(["amount", "uncovered"], ascending=False, kind="mergesort")


#: The credit page's view of a customer a sales list names, worst first (:func:`credit_view`).
CREDIT_VIEWS = ("legal", "hold", "collect", "cut", "")


def credit_view(lim: pd.DataFrame, legal_days: float | None = None) -> pd.Series:
    """What the credit page does to each customer of :func:`kamtools.credit.limits`, for the sales lists,
    worst first: ``legal`` (an invoice more than ``legal_days`` past due, ``credit.limit.legal_days_past_due``:
    stop supply and hand over to collections or legal action), ``hold`` (a credit hold is in force),
    ``collect`` (collect first: no shipment on credit until paid), ``cut`` (the recommended limit is below
    the approved one) or ``""`` (credit does not stand in the way).

    >>> lim = pd.DataFrame({"credit_holds": ["x", "overlimit", "", "", ""], "action": ["hold", "keep", "collect",
    ...     "decrease", "keep"], "approved_limit": [10.0] * 5, "recommended_limit": [10.0, 10.0, 10.0, 5.0, 10.0],
    ...     "max_days_past_due": [400, 0, 0, 0, 0]}, index=pd.Index(list("LABCD"), name="customer_id"))
    >>> credit_view(lim, legal_days=365).tolist()
    ['legal', 'hold', 'collect', 'cut', '']
    """
    held = lim["credit_holds"].fillna("").astype("str") != ""
    collect = lim["action"].fillna("").astype("str") == "collect"
    cut = lim["recommended_limit"].fillna(0.0) < lim["approved_limit"].fillna(0.0)
    late = lim["max_days_past_due"].fillna(0.0) if "max_days_past_due" in lim else pd.Series(0.0, index=lim.index)
    legal = late > legal_days if legal_days is not None else pd.Series(False, index=lim.index)
    view = np.select([legal, held, collect, cut], ["legal", "hold", "collect", "cut"], "")
    return pd.Series(view, index=lim.index, name="credit_view", dtype="str")

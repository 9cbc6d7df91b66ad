"""MAN qualification of leads (Money, Authority, Need) and the pipeline by MAN code."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import strategies as st
from ..store import KamData
from ._common import _ids, _strategy

__all__ = ["MAN_ORDER", "MAN_PRIORITY", "man", "man_pipeline"]

#: The eight MAN codes, in order of priority (1 = pursue first).
MAN_ORDER: tuple[str, ...] = tuple(st.MAN)


#: Priority of each MAN code (1 = pursue first), in the order of the training material: all three
#: conditions; then two of three, a missing need first (money and the person who decides are there:
#: track the customer until a need appears), then a missing decision maker (find the person), then
#: missing money (check credit, offer financing); then one of three; then none.
_MATERIAL_ORDER = ("M+A+N", "M+A+n", "M+a+N", "m+A+N", "m+a+N", "m+A+n", "M+a+n", "m+a+n")


def _man_priority() -> dict[str, int]:
    return {code: i + 1 for i, code in enumerate(_MATERIAL_ORDER)}


MAN_PRIORITY: dict[str, int] = _man_priority()


def man(leads: pd.DataFrame | KamData) -> pd.DataFrame:
    """MAN qualification of leads (Money, Authority, Need): code, priority and action.

    ``man_code`` writes each condition as a capital letter when present, lower case when
    absent or unknown (an unknown condition is not yet qualified): ``M+A+N`` ... ``m+a+n``.
    ``priority`` 1 (pursue first) to 8 ranks the eight codes in the order of the training
    material (more conditions present first; among two of three, a missing need first):

    ====== ====== =====================================================
    code   prio   action (abridged)
    ====== ====== =====================================================
    M+A+N  1      ideal prospect: pursue now
    M+A+n  2      track the customer, follow up when a need appears
    M+a+N  3      find the person with the authority to decide
    m+A+N  4      check business and credit, offer financing
    m+a+N  5      cultivate over the long term
    m+A+n  6      light, low-cost contact with the decision maker
    M+a+n  7      cultivate over the long term
    m+a+n  8      not a customer: stop contact
    ====== ====== =====================================================

    Parameters
    ----------
    leads
        The leads table (or a KamData holding it).

    Returns
    -------
    DataFrame indexed by ``lead_id``: company, region, owner, money, authority, need,
    estimated_annual_value, ``man_code``, ``priority``, ``action``.

    Examples
    --------
    >>> import pandas as pd
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2"], "company": ["甲公司", "B Ltd"],
    ...     "region": ["East", "West"], "owner": ["Li", "Wang"], "money": [True, False],
    ...     "authority": [False, True], "need": [True, False], "estimated_annual_value": [5e5, 1e5]})
    >>> man(leads)[["man_code", "priority"]].values.tolist()
    [['M+a+N', 3], ['m+A+n', 6]]
    """
    df = leads.leads if isinstance(leads, KamData) else leads
    out = pd.DataFrame(index=_ids(df["lead_id"]).rename("lead_id"))
    for col in ("company", "region", "owner"):
        out[col] = df[col].astype("str").to_numpy() if col in df.columns else np.nan
    flags = {}
    for col in ("money", "authority", "need"):
        out[col] = df[col].astype("boolean").to_numpy()
        flags[col] = out[col].fillna(False).astype(bool)
    out["estimated_annual_value"] = (
        df["estimated_annual_value"].astype("float64").to_numpy() if "estimated_annual_value" in df.columns else np.nan
    )
    code = (
        np.where(flags["money"], "M", "m").astype(object)
        + "+"
        + np.where(flags["authority"], "A", "a").astype(object)
        + "+"
        + np.where(flags["need"], "N", "n").astype(object)
    )
    out["man_code"] = pd.Series(code, index=out.index, dtype="str")
    out["priority"] = out["man_code"].map(MAN_PRIORITY).astype("int64")
    out["action"] = _strategy(st.MAN, out["man_code"])
    return out


def man_pipeline(man_table: pd.DataFrame) -> pd.DataFrame:
    """Leads and estimated annual value per MAN code, in order of priority (all eight codes).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"man_code": ["M+A+N", "M+A+N", "m+a+n"], "estimated_annual_value": [1.0, 2.0, 4.0]})
    >>> man_pipeline(t).loc[["M+A+N", "m+a+n", "M+a+N"], "leads"].tolist()
    [2, 1, 0]
    """
    codes = list(MAN_ORDER)
    g = man_table.groupby("man_code")
    out = pd.DataFrame(index=pd.Index(codes, name="man_code", dtype="str"))
    out["priority"] = [MAN_PRIORITY[c] for c in codes]
    out["leads"] = g.size().reindex(codes).fillna(0).astype("int64")
    out["estimated_annual_value"] = g["estimated_annual_value"].sum().reindex(codes).fillna(0.0)
    out["action"] = _strategy(st.MAN, pd.Series(codes, index=out.index))
    return out

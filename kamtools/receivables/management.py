"""Management views: collection target against result per account manager, and open
receivables against the customer's total assets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import facts
from ..money import from_cents, half_up, to_cents
from ..periods import as_date
from ..policy import load_policy
from ..schema import empty_frame
from ..store import KamData
from ._common import _data, _group_keys, _ratio
from .buckets import aging
from .ledger import _ledger_query


def collection_performance(data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None) -> pd.DataFrame:
    """Collection target against result per account manager, for the month of ``as_of``.

    * ``collectible``: what was due to be paid in the month — receivables open at
      the end of the previous month that are due by ``as_of``, plus invoices of
      the month due by ``as_of``;
    * ``collected``: payments received in the month (first of the month to ``as_of``);
    * ``target``: ``receivables.collection_target_share`` × collectible;
    * ``achievement``: collected / target; ``collection_rate``: collected / collectible.

    Returns
    -------
    DataFrame
        Indexed by ``account_manager``: ``customers`` (with something collectible
        or collected), ``collectible``, ``collected``, ``target_share``,
        ``target``, ``achievement``, ``achievement_reason`` (why it is NaN),
        ``collection_rate`` and ``collection_rate_reason``. Receivables open at
        the end of the previous month are summed in the store
        (``receivables_open_due.sql``), the month's flows too
        (``receivables_month_flows.sql``).

    Examples
    --------
    >>> import kamtools as kt
    >>> perf = collection_performance(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> list(perf.columns[:4])
    ['customers', 'collectible', 'collected', 'target_share']
    """
    as_of = as_date(as_of)
    src = _data(data)
    share = float(load_policy(policy)["receivables"]["collection_target_share"])
    start = as_of.replace(day=1)
    before = start - dt.timedelta(days=1)
    due = _ledger_query(src, "receivables_open_due", as_of=before, due_by=as_of)
    open_due = pd.Series(
        due["cents"].to_numpy(dtype="float64"),
        index=pd.Index(due["customer_id"].astype("str"), dtype="str"),
        dtype="float64",
    )
    flows = facts.query(src, "receivables_month_flows", start=start, end=as_of)
    flows = flows.astype({"customer_id": "str"}).set_index("customer_id")
    ids = open_due.index.union(flows.index)
    per = pd.DataFrame(index=ids)
    per["collectible"] = open_due.reindex(ids).fillna(0) + to_cents(flows["falling_due"].reindex(ids).fillna(0))
    per["collected"] = to_cents(flows["received"].reindex(ids).fillna(0))
    per = per[(per["collectible"] != 0) | (per["collected"] != 0)]
    keys = _group_keys(pd.Index(per.index, dtype="str"), "account_manager", src, None)
    per["account_manager"] = keys.to_numpy()
    out = per.groupby("account_manager").agg(
        customers=("collectible", "size"), collectible=("collectible", "sum"), collected=("collected", "sum")
    )
    out["customers"] = out["customers"].astype("int64")
    out["collectible"] = from_cents(np.rint(out["collectible"]))
    out["collected"] = from_cents(np.rint(out["collected"]))
    out["target_share"] = share
    out["target"] = from_cents(half_up(to_cents(out["collectible"]) * share))
    out["achievement"], out["achievement_reason"] = _ratio(out["collected"], out["target"], "no collection target")
    out["collection_rate"], out["collection_rate_reason"] = _ratio(
        out["collected"], out["collectible"], "nothing fell due in the month"
    )
    return out


def receivables_to_assets(
    data: KamData | Mapping[str, pd.DataFrame], as_of: Any, *, aged: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Open receivables as a share of the customer's latest known total assets.

    A customer owing us a large part of its own total assets is a concentrated
    risk: if it fails, little is left to recover from.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (customers with open receivables, largest share
        first, unknown last): ``receivables``, ``total_assets`` and
        ``period_end`` of the latest statement on or before ``as_of``, ``share``
        and ``share_reason`` (why it is NaN: no statement, or zero assets).

    Examples
    --------
    >>> import kamtools as kt
    >>> r = receivables_to_assets(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> list(r.columns)
    ['receivables', 'total_assets', 'period_end', 'share', 'share_reason']
    """
    as_of = as_date(as_of)
    src = _data(data)
    ag = aged if aged is not None else aging(src, as_of)
    owing = ag.loc[ag["total"] > 0, ["total"]].rename(columns={"total": "receivables"})
    if src.has("financials"):
        fin = src.financials
        fin = fin[pd.to_datetime(fin["period_end"]) <= pd.Timestamp(as_of)]
        fin = fin.sort_values(["customer_id", "period_end"], kind="mergesort").drop_duplicates(
            "customer_id", keep="last"
        )
        fin = fin.set_index("customer_id")
    else:
        fin = empty_frame("financials").set_index("customer_id")
    out = owing.copy()
    out["total_assets"] = fin["total_assets"].reindex(out.index).astype("float64")
    out["period_end"] = fin["period_end"].reindex(out.index).astype("datetime64[us]")
    out["share"], out["share_reason"] = _ratio(out["receivables"], out["total_assets"], "no total assets")
    out.loc[out["total_assets"].isna(), "share_reason"] = "no financial statement"
    return out.sort_values(["share", "receivables"], ascending=[False, False], na_position="last", kind="mergesort")

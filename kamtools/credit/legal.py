"""Legal cases (移交法务): the customers with an invoice more than ``credit.limit.legal_days_past_due`` past
due, one list for the hand-over to collections or legal action.

Their limit is withdrawn (:mod:`kamtools.credit.limit_rules`, action ``legal``), paying the debt is the one
release of their hold (:mod:`kamtools.credit.hold_rules`), their re-review comes first
(:func:`kamtools.credit.review_first`) and the collection worklists mark them for legal follow-up
(:func:`kamtools.receivables.worklist`): every place reads the same test, ``max_days_past_due`` above the
policy's legal days. This list adds what the hand-over needs: the amount past the legal days and the
bad-debt provision held against it (at the receivables page's rates).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from .. import receivables
from ..money import from_cents, to_cents
from ..periods import as_timestamp
from ..policy import load_policy
from ..receivables import bucket_names
from ..store import KamData
from .exposure import limits as credit_limits

#: Columns of :func:`legal_cases` after ``customer_id``.
LEGAL_COLUMNS: tuple[str, ...] = (
    "name",
    "account_manager",
    "max_days_past_due",
    "past_legal_days",
    "past_legal_provision",
    "overdue",
    "receivables",
    "provision",
    "collateral",
    "approved_limit",
    "recommended_limit",
)


def _first_day(bucket: str) -> int:
    """The first day past due of an overdue bucket of :func:`kamtools.receivables.bucket_names`.

    >>> _first_day("d181_365"), _first_day("d365_plus")
    (181, 366)
    """
    lo, hi = bucket[1:].split("_")
    return int(lo) + (1 if hi == "plus" else 0)


def _past_legal(data: KamData, as_of: pd.Timestamp, pol: Any, index: pd.Index) -> pd.DataFrame:
    """Per customer of ``index``: the open amount more than the legal days past due (``past_legal_days``)
    and its provision (``past_legal_provision``): the aging at the provision bands and the legal days,
    each bucket past them at the rate of its provision band."""
    days = int(pol["credit"]["limit"]["legal_days_past_due"])
    edges = sorted(set(receivables.provision_bands(pol)) | ({days} if days > 0 else set()))
    aged = receivables.aging(data, as_of.date(), edges)
    aged.index = aged.index.astype("str")
    prov = receivables.provisions(aged, pol)
    # the overdue buckets whose first day is past the legal days (d<e>_plus holds more than e days)
    beyond = [b for b in bucket_names(edges)[1:] if _first_day(b) > days]
    out = pd.DataFrame(index=index)
    out["past_legal_days"] = aged[beyond].sum(axis=1).reindex(index).fillna(0.0).round(2)
    out["past_legal_provision"] = (
        prov[[f"provision_{b}" for b in beyond]].sum(axis=1).reindex(index).fillna(0.0).round(2)
    )
    return out


def legal_cases(
    data: KamData, as_of: dt.date | str, policy: Any = None, lim: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The legal cases: every customer with an invoice more than ``credit.limit.legal_days_past_due`` past
    due (``legal`` of :func:`kamtools.credit.limits`), the most past those days first.

    Indexed by ``customer_id`` with :data:`LEGAL_COLUMNS`: name, account manager, ``max_days_past_due`` (the
    oldest invoice), ``past_legal_days`` (the open amount of the invoices more than the legal days past
    due) and ``past_legal_provision`` (the provision held against it, each aging bucket at the receivables
    page's rate), the customer's ``overdue``, ``receivables`` (open, less unapplied credit: the debt handed
    over), ``provision`` (on all its receivables), ``collateral``, and its approved and recommended limits
    (the limit withdrawn: 0).

    ``lim`` may pass a result of :func:`kamtools.credit.limits` for the same date and policy.

    >>> import kamtools as kt
    >>> book = kt.sample_data(customers=60, years=3, seed=2, end="2026-10-31")
    >>> cases = legal_cases(book, "2026-10-31")
    >>> bool((cases["max_days_past_due"] > 365).all() and (cases["recommended_limit"] == 0).all())
    True
    """
    pol = load_policy(policy)
    as_of_ts = as_timestamp(as_of)
    lim = credit_limits(data, as_of_ts, pol) if lim is None else lim
    late = lim[lim["legal"].fillna(False).astype(bool)] if "legal" in lim else lim.iloc[0:0]
    idx = pd.Index(late.index.astype("str"), name="customer_id")
    cust = data.customers.set_index(data.customers["customer_id"].astype("str"))
    out = pd.DataFrame(index=idx)
    out["name"] = cust["name"].reindex(idx).astype("object")
    out["account_manager"] = cust["account_manager"].reindex(idx).astype("object")
    out["max_days_past_due"] = late["max_days_past_due"].astype("int64").to_numpy()
    out = out.join(_past_legal(data, as_of_ts, pol, idx))
    owed = to_cents(late["open_receivables"].astype(float).fillna(0.0)) - to_cents(
        late["unapplied_credit"].astype(float).fillna(0.0)
    )
    for col, values in (
        ("overdue", late["overdue"]),
        ("receivables", pd.Series(from_cents(np.maximum(owed, 0)), index=late.index)),
        ("provision", late["provision"]),
        ("collateral", late["collateral"]),
        ("approved_limit", late["approved_limit"]),
        ("recommended_limit", late["recommended_limit"]),
    ):
        out[col] = values.astype(float).fillna(0.0).round(2).to_numpy()
    order = out.sort_values(["past_legal_days", "receivables"], ascending=False, kind="mergesort").index
    return out.loc[order, list(LEGAL_COLUMNS)]

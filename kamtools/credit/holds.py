"""Credit holds (信用冻结): the customers whose orders must be held, by named blocking rules.

The rules are those users of ERP systems know, each switched on or off and set in the policy
(``credit.holds``), written once in :mod:`kamtools.credit.hold_rules` (:func:`hold_flags`, which the
limit rules read too: no increase while a rule of ``credit.holds.block_increase`` is in force):
``over_limit`` (receivables above the limit by more than a share of it, or without any limit),
``past_due`` (an invoice more than N days past due), ``overdue`` (the overdue above a share of the
receivables and/or an amount), ``grade`` (the worst grades), ``stale_assessment`` (none, or older than
N months) and ``utilization`` (exposure with open orders above a share of the limit, or without any).

Thresholds computed from money (the limit times a share) are taken to the cent, half up, and
compared in whole cents: exactly at a threshold does not fire, one cent above does. Each rule
that fires says what releases the hold, with the amount behind it. The list holds the customers
with exposure, an approved limit or purchases in the purchase window (``credit.limit.purchase_months``):
a buyer without a limit is held like any other, its next order waits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import receivables
from ..periods import as_timestamp
from ..policy import load_policy
from ..receivables import bucket_names
from ..store import KamData
from .exposure import limits
from .hold_rules import HOLD_RULES, amount_text, hold_flags

__all__ = [
    "HOLD_COLUMNS",
    "HOLD_RULES",
    "LIMIT_COLUMNS",
    "amount_text",
    "hold_priority",
    "holds",
    "overdue_amount_only",
    "release_at",
]

#: Columns of :func:`holds` after ``customer_id``.
HOLD_COLUMNS: tuple[str, ...] = (
    "name",
    "account_manager",
    "rules",
    "rules_fired",
    "grade",
    "scored_grade",
    "approved_limit",
    "receivables",
    "open_orders",
    "exposure",
    "utilization",
    "over_limit_amount",
    "max_days_past_due",
    "past_due_amount",
    "overdue",
    "overdue_share",
    "overdue_release",
    "assessed_on",
    "exposure_excess",
    "release_amount",
    "release",
    *(f"hold_{r}" for r in HOLD_RULES),
)

#: Columns of ``lim`` (:func:`kamtools.credit.limits`) the holds are computed from.
LIMIT_COLUMNS = (
    "grade",
    "approved_limit",
    "open_receivables",
    "unapplied_credit",
    "open_orders",
    "exposure",
    "overdue",
    "max_days_past_due",
    "assessed_on",
    "months_bought",
)


def _past_due_amounts(data: KamData, as_of: pd.Timestamp, days: int, index: pd.Index) -> pd.Series:
    """Open amount of the invoices more than ``days`` past due, per customer."""
    ag = receivables.aging(data, as_of.date(), [days])
    col = bucket_names([days])[-1]
    out = ag[col].astype(float)
    out.index = out.index.astype("str")
    return out.reindex(index).fillna(0.0)


def _frame(lim: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in LIMIT_COLUMNS if c not in lim.columns]
    if missing:
        raise KeyError(f"holds need the columns {', '.join(missing)} of kt.credit.limits in lim")
    out = lim[list(LIMIT_COLUMNS)].copy()
    # the grade rule reads the scorecard's grade (arrears have rules of their own); the list shows the
    # grade in force (the one the limit uses, as the credit page) beside it
    out["grade_in_force"] = lim["grade"]
    out["scored_grade"] = lim["scored_grade"] if "scored_grade" in lim else lim["grade"]
    out["grade"] = out["scored_grade"]
    out.index = out.index.astype("str")
    out.index.name = "customer_id"
    return out


def holds(data: KamData, as_of: dt.date | str, policy: Any = None, lim: pd.DataFrame | None = None) -> pd.DataFrame:
    """The customers whose orders must be held, with the rules that fired and what releases them.

    One row per held customer, indexed by ``customer_id``, with :data:`HOLD_COLUMNS`: name,
    account manager, ``rules`` (the rules that fired, in the order of :data:`HOLD_RULES`) and
    ``rules_fired``; the customer's ``grade`` in force (the one its limit uses, as the credit page shows
    it) and ``scored_grade`` (the scorecard's, which the grade rule reads), approved limit, ``receivables`` (open invoices less
    unapplied cash), open orders, exposure and utilization; the amounts behind the rules that
    fired (NaN for the others): ``over_limit_amount`` (receivables above the limit),
    ``max_days_past_due`` and ``past_due_amount`` (invoices more than the rule's days past due),
    ``overdue``, ``overdue_share`` (of the open receivables) and ``overdue_release`` (what must be
    paid for the overdue rule to lift), ``assessed_on`` (the latest assessment), ``exposure_excess``
    (exposure above the rule's share of the limit); ``release_amount``: the one amount that releases
    the money rules that fired (:func:`kamtools.credit.hold_rules.release_amount`); ``release``: one sentence per rule that fired,
    saying what releases the hold; and ``hold_<rule>`` for each rule. Customers with neither
    exposure, nor an approved limit, nor purchases in the purchase window have nothing to hold and
    are left out. Largest exposure first. The rules are :func:`kamtools.credit.hold_rules.hold_flags`
    (the same the limit rules read) with the settings of the policy (``credit.holds``).

    ``lim`` may pass a result of :func:`kamtools.credit.limits` for the same date and policy.

    >>> import kamtools as kt
    >>> h = holds(kt.sample_data(customers=60, years=2, seed=1), "2026-10-31")
    >>> bool((h["rules_fired"] >= 1).all()), h.columns[2]
    (True, 'rules')
    """
    pol = load_policy(policy)
    as_of_ts = as_timestamp(as_of)
    if lim is None:
        lim = limits(data, as_of_ts, pol)
    out = _frame(lim)
    if pol["credit"]["holds"]["past_due"]["enabled"]:  # the open amount past this policy's days
        days = int(pol["credit"]["holds"]["past_due"]["days"])
        out["past_due_amount"] = _past_due_amounts(data, as_of_ts, days, out.index)
    flags = hold_flags(out, pol, as_of_ts)
    flags["scored_grade"], flags["grade"] = out["scored_grade"], out["grade_in_force"]
    cust = data.customers.set_index(data.customers["customer_id"].astype("str"))
    flags["name"] = cust["name"].reindex(flags.index)
    flags["account_manager"] = cust["account_manager"].reindex(flags.index)
    return _held(flags)


def release_at(
    lim: pd.DataFrame, limit: pd.Series, as_of: dt.date | str, policy: Any = None, held: pd.DataFrame | None = None
) -> pd.Series:
    """The amount that releases each customer's hold once ``limit`` (by customer id) replaces its approved limit:
    the same rules (:func:`kamtools.credit.hold_rules.hold_flags`) on the same receivables, so a limit cut below
    the exposure asks what brings the receivables and open orders within the new limit, and a limit of 0 asks the
    receivables in full. ``lim`` is the frame of :func:`kamtools.credit.limits` for those customers; ``held`` the
    hold list (:func:`holds`) it comes with, for the amounts past the rule's days (the past-due rule does not read
    the limit). NaN where no money rule holds the customer at that limit.

    >>> import kamtools as kt
    >>> from kamtools import credit
    >>> d = kt.sample_data(customers=60, years=2, seed=1)
    >>> lim = credit.limits(d, "2026-10-31")
    >>> h = credit.holds(d, "2026-10-31", lim=lim)
    >>> same = release_at(lim, lim["approved_limit"], "2026-10-31", held=h)
    >>> bool((same.reindex(h.index).fillna(-1) == h["release_amount"].fillna(-1)).all())
    True
    """
    pol = load_policy(policy)
    frame = _frame(lim)
    frame["approved_limit"] = limit.reindex(frame.index).astype(float).fillna(frame["approved_limit"])
    if held is not None and "past_due_amount" in held:
        frame["past_due_amount"] = held["past_due_amount"].reindex(frame.index).astype(float).fillna(0.0)
    flags = hold_flags(frame, pol, as_timestamp(as_of))
    return flags["release_amount"].where(flags["on_hold"])


def _held(out: pd.DataFrame) -> pd.DataFrame:
    """The held customers (:func:`kamtools.credit.hold_rules.hold_flags` ``on_hold``), largest exposure first; each
    one's overdue and oldest days past due whatever rule holds it (0: nothing overdue), so the list tells those a
    collection worklist follows from those with nothing overdue yet."""
    out["max_days_past_due"] = out["max_days_past_due"].astype("int64")
    out["assessed_on"] = pd.to_datetime(out["assessed_on"]).astype("datetime64[us]")
    held = out[out["on_hold"]].sort_values(["exposure", "customer_id"], ascending=[False, True], kind="mergesort")
    return held[list(HOLD_COLUMNS)]


def hold_priority(held: pd.DataFrame, key_accounts: pd.Index | None = None) -> pd.DataFrame:
    """The hold list in the order to work it: ``hold_priority`` 1 first. Orders waiting to ship come
    first (sales at stake today), key accounts next (``key_account``: in ``key_accounts``), then the
    rest; within each, the larger open orders, then the larger exposure, then the id.

    >>> h = pd.DataFrame({"open_orders": [0.0, 500.0, 0.0, 100.0], "exposure": [900.0, 10.0, 50.0, 20.0]},
    ...     index=pd.Index(["A", "B", "K", "L"], name="customer_id"))
    >>> p = hold_priority(h, pd.Index(["K", "L"]))
    >>> p.index.tolist(), p["hold_priority"].tolist()
    (['L', 'B', 'K', 'A'], [1, 2, 3, 4])
    """
    out = held.copy()
    out["key_account"] = out.index.isin(key_accounts if key_accounts is not None else [])
    orders = out["open_orders"].astype(float).fillna(0.0) > 0
    group = pd.Series(
        ((~orders).astype(int) * 2 + (~out["key_account"]).astype(int)).to_numpy(), index=out.index, dtype="int64"
    )
    order = pd.DataFrame(
        {
            "group": group,
            "orders": -out["open_orders"].astype(float).fillna(0.0),
            "exposure": -out["exposure"].astype(float).fillna(0.0),
            "id": out.index.astype("str"),
        },
        index=out.index,
    ).sort_values(["group", "orders", "exposure", "id"], kind="mergesort")
    out = out.loc[order.index]
    out.insert(0, "hold_priority", range(1, len(out) + 1))
    return out


def overdue_amount_only(held: pd.DataFrame, lim: pd.DataFrame, policy: Any = None, days: int = 30) -> pd.DataFrame:
    """The customers of the hold list ``held`` whom the overdue rule holds only through its amount test (their overdue
    above ``credit.holds.overdue.amount`` but not above its share of their receivables), held by no other money rule,
    and whose oldest invoice is at most ``days`` past due (``lim``: :func:`kamtools.credit.limits`, its
    ``max_days_past_due``): large customers a few days late, whom a fixed amount holds like a small one; with the
    limit change the credit page recommends for them (``limit_change``). Empty when the rule has no amount test.

    >>> h = pd.DataFrame({"hold_overdue": [True, True, True], "hold_over_limit": [False, False, True],
    ...     "hold_past_due": [False] * 3, "hold_utilization": [False] * 3, "overdue_share": [0.10, 0.40, 0.10]},
    ...     index=["A", "B", "C"])
    >>> lim = pd.DataFrame({"max_days_past_due": [12, 12, 12], "limit_change": [-5.0, 0.0, 0.0]}, index=h.index)
    >>> overdue_amount_only(h, lim).index.tolist()
    ['A']
    """
    rule = load_policy(policy)["credit"]["holds"]["overdue"]
    if rule["amount"] is None or not rule["enabled"]:
        return held.iloc[0:0]
    share = float(rule["share"]) if rule["share"] is not None else float("inf")
    others = [f"hold_{r}" for r in ("over_limit", "past_due", "utilization") if f"hold_{r}" in held]
    only = held["hold_overdue"].astype(bool) & ~held[others].astype(bool).any(axis=1)
    late = lim["max_days_past_due"].reindex(held.index).astype(float).fillna(0.0) <= days
    out = held[only & (held["overdue_share"].astype(float) <= share) & late].copy()
    out["limit_change"] = lim["limit_change"].reindex(out.index).astype(float)
    return out

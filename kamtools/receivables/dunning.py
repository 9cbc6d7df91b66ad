"""Dunning levels (催款等级): how far each customer's collection has escalated, and what to do now.

The levels are the policy's (``receivables.dunning``): each applies from a number of days past
due and names an action, who acts and the tone. A customer's level is set by its oldest
overdue money: its overdue invoices are taken from the oldest on, and the days past due of the
invoice at which they reach ``min_amount`` set the level (the highest level whose
``from_days`` those days reach). So a small remainder of an old invoice does not escalate the
customer, and with ``min_amount`` 0 the oldest overdue invoice alone sets it. A payment
promise not yet due (``pay_by`` on or after the date, not yet kept: see
:func:`~kamtools.receivables.promise_history`) holds the level one below. The open items are
those of the settled ledger (:func:`~kamtools.receivables.settle`), the same as the aging page;
the part of an invoice under an open dispute (:func:`~kamtools.receivables.open_disputes`) is
not chased: it sets no level and is not in the overdue (it is shown as ``disputed``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..money import from_cents, to_cents
from ..periods import as_date, months_before
from ..policy import load_policy
from ..store import KamData
from ._common import _customers, _data
from .disputes import disputed_items
from .promises import promise_history

#: The level of a customer whose overdue does not reach the policy's minimum amount (or whose
#: first level a promise holds back).
NO_LEVEL = "none"

#: Columns of :func:`dunning`, in order.
DUNNING_COLUMNS: tuple[str, ...] = (
    "name",
    "account_manager",
    "dunning_level",
    "level_rank",
    "dunning_action",
    "actor",
    "tone",
    "letter",
    "days_past_due",
    "max_days_past_due",
    "level_amount",
    "overdue",
    "disputed",
    "overdue_invoices",
    "held_by_promise",
    "promise_pay_by",
    "unheld_level",
    "previous_level",
    "moved_up",
    "level_reason",
)


def _levels_at(src: KamData, as_of: dt.date, dun: Mapping) -> pd.DataFrame:
    """Per customer with overdue invoices at ``as_of``: the level its overdue reaches (rank 0: none),
    the days and amount that set it, the overdue and its oldest days past due."""
    items = disputed_items(src, as_of)
    items = items[items["days_past_due"] > 0]
    disputed = items.groupby("customer_id")["disputed"].sum()
    items = items.assign(open_amount=items["open_amount"] - items["disputed"])
    items = items[items["open_amount"] > 0]
    starts = np.array([lv["from_days"] for lv in dun["levels"]], dtype="int64")
    cust = items["customer_id"].astype("str").to_numpy()
    codes, uniques = pd.factorize(cust, sort=True)
    n = len(uniques)
    dpd = items["days_past_due"].to_numpy(dtype="int64")
    cents = to_cents(items["open_amount"]).astype("int64")
    # oldest first within each customer; the running overdue from the oldest invoice on
    order = np.lexsort((-dpd, codes))
    c_sorted, d_sorted, k_sorted = codes[order], dpd[order], cents[order]
    running = np.cumsum(k_sorted)
    first = np.r_[0, np.flatnonzero(np.diff(c_sorted)) + 1] if n else np.zeros(0, dtype="int64")
    before = np.repeat(running[first] - k_sorted[first], np.diff(np.r_[first, len(c_sorted)]))
    reached = (running - before) >= int(to_cents(float(dun["min_amount"])))
    setting = np.full(n, -1, dtype="int64")  # days past due of the invoice at which the minimum is reached
    np.maximum.at(setting, c_sorted[reached], d_sorted[reached])
    oldest = np.zeros(n, dtype="int64")
    np.maximum.at(oldest, codes, dpd)
    rank = np.searchsorted(starts, setting, side="right")  # levels whose first day the days reach
    # overdue at or beyond each level's first day: items counted in their own level, summed from the top
    table = np.zeros((n, len(starts) + 1), dtype="int64")
    np.add.at(table, (codes, np.searchsorted(starts, dpd, side="right")), cents)
    beyond = np.cumsum(table[:, ::-1], axis=1)[:, ::-1]
    overdue = table.sum(axis=1)
    idx = pd.Index(uniques, name="customer_id", dtype="str")
    return pd.DataFrame(
        {
            "rank": rank.astype("int64"),
            "days_past_due": np.where(rank > 0, setting, oldest),
            "max_days_past_due": oldest,
            "level_amount": from_cents(np.where(rank > 0, beyond[np.arange(n), rank], overdue)),
            "overdue": from_cents(overdue),
            "overdue_invoices": np.bincount(codes, minlength=n).astype("int64"),
            "disputed": disputed.reindex(idx).fillna(0.0).to_numpy(dtype="float64"),
        },
        index=idx,
    )


def _pending_promises(src: KamData, as_of: dt.date, ids: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Whether each customer has a promise not yet due, and its pay-by date when it is the latest promise."""
    if not src.has("promises"):
        return pd.Series(False, index=ids), pd.Series(pd.NaT, index=ids, dtype="datetime64[us]")
    ph = promise_history(src, as_of).reindex(ids)
    pending = ph["pending_promises"].fillna(0).astype("int64") > 0
    pay_by = ph["last_promise_pay_by"].where(ph["last_promise_status"] == "pending").astype("datetime64[us]")
    return pending, pay_by.where(pending)


def _previous_rank(src: KamData, as_of: dt.date, dun: Mapping, ids: pd.Index) -> np.ndarray:
    """The rank of each customer's level a month before ``as_of`` (a promise then pending held it too)."""
    before = months_before(as_of, 1).date()
    prev = _levels_at(src, before, dun)["rank"].reindex(ids).fillna(0).astype("int64").to_numpy()
    prev_pending, _ = _pending_promises(src, before, ids)
    return prev - (prev_pending.to_numpy() & (prev > 0)).astype("int64")


def _money_text(values: pd.Series) -> pd.Series:
    return values.map("{:,.2f}".format).astype("str")


def _reasons(out: pd.DataFrame, keys: np.ndarray, starts: np.ndarray, min_amount: float) -> pd.Series:
    """Why each customer is at its level, in a sentence (English; the report translates it)."""
    unheld = out["unheld_rank"].to_numpy()
    first_day = pd.Series(np.r_[0, starts][unheld], index=out.index).astype("str")
    reached = (
        _money_text(out["level_amount"])
        + " overdue "
        + first_day
        + "+ days, "
        + out["days_past_due"].astype("str")
        + " days past due"
    )
    below = "overdue " + _money_text(out["overdue"]) + f" below the minimum of {min_amount:,.2f}"
    text = reached.where(unheld > 0, below)
    when = (" by " + out["promise_pay_by"].dt.strftime("%Y-%m-%d")).fillna("")
    hold = (
        "; held one level below ("
        + out["dunning_level"]
        + ", not "
        + pd.Series(keys[unheld], index=out.index).astype("str")
        + ") by a promise to pay"
        + when
    )
    apart = "; " + _money_text(out["disputed"]) + " under dispute not chased"
    return text + hold.where(out["held_by_promise"], "") + apart.where(out["disputed"] > 0, "")


def dunning(data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None) -> pd.DataFrame:
    """Each customer's dunning level (催款等级) at ``as_of``, and whether it moved up since last month.

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name): invoices and payments, customers
        (name, account manager) and the optional promises table.
    as_of
        The date of the levels; last month's level is the level at the same day a month
        before (a month end stays a month end).
    policy
        Policy (None: defaults); its ``receivables.dunning`` gives the levels and the minimum.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, one row per customer with overdue invoices, the highest
        level first (then the larger amount): the columns of :data:`DUNNING_COLUMNS`.
        ``dunning_level`` is the level's key (``none``: the overdue is below ``min_amount``,
        or a promise holds back the first level), ``level_rank`` its place (0 none, 1 the
        first level ...), ``dunning_action``, ``actor``, ``tone`` and ``letter`` the level's;
        ``days_past_due`` and ``level_amount`` are what set the level (the days of the
        invoice at which the overdue, counted from the oldest, reaches the minimum; the
        overdue at or beyond the level's first day); ``max_days_past_due`` the oldest
        overdue invoice's days, ``overdue`` all that is overdue and not
        disputed, ``disputed`` the overdue under an open dispute (kept out of the level and of
        ``overdue``; a customer whose overdue is all disputed is not listed). ``held_by_promise`` says a promise not
        yet due holds the level one below ``unheld_level`` (``promise_pay_by``: its pay-by
        date when it is the latest promise); ``previous_level`` is last month's level (none
        when nothing was overdue), ``moved_up`` whether the level rose since;
        ``level_reason`` says why, in a sentence.

    Examples
    --------
    >>> import pandas as pd
    >>> inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C2"],
    ...     "invoice_date": ["2026-08-01", "2026-10-01"], "due_date": ["2026-08-31", "2026-10-16"],
    ...     "amount": [1000.0, 800.0], "cost": [0.0, 0.0]})
    >>> d = dunning({"invoices": inv}, "2026-10-31")
    >>> d[["dunning_level", "days_past_due", "level_amount", "previous_level", "moved_up"]]  # doctest: +NORMALIZE_WHITESPACE
                dunning_level  days_past_due  level_amount previous_level  moved_up
    customer_id
    C1            stop_supply             61        1000.0           call      True
    C2                   call             15         800.0           none      True
    """
    as_of = as_date(as_of)
    src = _data(data)
    dun = load_policy(policy)["receivables"]["dunning"]
    levels = list(dun["levels"])
    keys = np.array([NO_LEVEL, *(lv["key"] for lv in levels)], dtype=object)
    starts = np.array([lv["from_days"] for lv in levels], dtype="int64")
    now = _levels_at(src, as_of, dun)
    ids = now.index
    pending, pay_by = _pending_promises(src, as_of, ids)
    held = pending.to_numpy() & (now["rank"].to_numpy() > 0)
    rank = now["rank"].to_numpy() - held.astype("int64")
    prev = _previous_rank(src, as_of, dun, ids)

    cust = _customers(src)
    out = pd.DataFrame(index=ids)
    out["name"] = cust["name"].reindex(ids).astype("str") if "name" in cust else pd.Series(dtype="str")
    out["account_manager"] = cust["account_manager"].reindex(ids).fillna("(none)").astype("str")
    out["dunning_level"] = keys[rank].astype("str")
    out["level_rank"] = rank.astype("int64")
    for col, field in (("dunning_action", "action"), ("actor", "actor"), ("tone", "tone"), ("letter", "letter")):
        values = np.array([None, *(lv[field] for lv in levels)], dtype=object)
        out[col] = pd.Series(values[rank], index=ids, dtype="object")
    for col in ("days_past_due", "max_days_past_due", "level_amount", "overdue", "disputed", "overdue_invoices"):
        out[col] = now[col]
    out["held_by_promise"] = held
    out["promise_pay_by"] = pay_by.where(pd.Series(held, index=ids)).astype("datetime64[us]")
    out["unheld_level"] = keys[now["rank"].to_numpy()].astype("str")
    out["previous_level"] = keys[prev].astype("str")
    out["moved_up"] = rank > prev
    out["unheld_rank"] = now["rank"]
    out["level_reason"] = _reasons(out, keys, starts, float(dun["min_amount"]))
    out = out.drop(columns="unheld_rank")
    order = np.lexsort((ids.to_numpy(), -out["level_amount"].to_numpy(), -out["level_rank"].to_numpy()))
    return out.iloc[order][list(DUNNING_COLUMNS)]

"""Collection worklists: whom to call first, per account manager, and the columns a reader needs.

The workbook of the worklists is output: :func:`kamtools.output.worklists.worklist_workbook`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import facts
from ..money import from_cents, half_up, to_cents
from ..periods import as_date
from ..policy import load_policy
from ..store import KamData
from ._common import _customers, _data, _last_dates
from .buckets import _per_bucket, aging
from .promises import promise_history
from .recovery import worklist_recovery

#: Words in a contact's role that make them the collection contact (finance first).
FINANCE_ROLE = re.compile(r"financ|account|treasur|cfo|controller|财务|会计|出纳|资金", re.IGNORECASE)


def _main_contacts(data: KamData) -> pd.DataFrame:
    """One contact per customer, one the collector can call: a contact with a phone first (a finance role first among
    them, else the first listed); without any phone, a finance role first, else the first listed."""
    cols = ["contact_name", "contact_role", "contact_phone"]
    if not data.has("contacts"):
        return pd.DataFrame(columns=cols, index=pd.Index([], name="customer_id", dtype="str"), dtype="str")
    c = data.contacts.reset_index(drop=True)
    if c.empty:
        return pd.DataFrame(columns=cols, index=pd.Index([], name="customer_id", dtype="str"), dtype="str")
    role = c["role"].astype("str").fillna("")
    phone = c["phone"] if "phone" in c.columns else pd.Series(pd.NA, index=c.index)
    no_phone = phone.isna() | (phone.astype("str").str.strip().isin(["", "nan", "<NA>", "None"]))
    c = c.assign(_no_phone=no_phone, _finance=~role.str.contains(FINANCE_ROLE, na=False), _order=np.arange(len(c)))
    c = c.sort_values(["customer_id", "_no_phone", "_finance", "_order"], kind="mergesort").drop_duplicates(
        "customer_id"
    )
    phone = c["phone"] if "phone" in c.columns else pd.Series(pd.NA, index=c.index)
    out = pd.DataFrame(
        {
            "contact_name": c["name"].astype("str").to_numpy(),
            "contact_role": c["role"].astype("str").to_numpy(),
            "contact_phone": phone.astype("str").to_numpy(),
        },
        index=pd.Index(c["customer_id"].astype("str"), name="customer_id"),
    )
    return out


def follow_up(max_days_past_due: pd.Series, policy: Any = None) -> pd.Series:
    """Who follows up each debtor: ``legal`` for a legal case (an invoice more than
    ``credit.limit.legal_days_past_due`` past due: its limit is withdrawn and the debt with collections or
    legal action), else ``call`` (the account manager calls).

    >>> follow_up(pd.Series([400, 365, 10], index=["A", "B", "C"])).tolist()
    ['legal', 'call', 'call']
    """
    days = int(load_policy(policy)["credit"]["limit"]["legal_days_past_due"])
    legal = max_days_past_due.astype(float).fillna(0.0) > days
    return pd.Series(np.where(legal, "legal", "call"), index=max_days_past_due.index, dtype="str")


def worklist(
    data: KamData | Mapping[str, pd.DataFrame], as_of: Any, policy: Any = None, *, aged: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Collection worklist: whom to call first, per account manager.

    Every customer with overdue receivables, with a priority score: the overdue amount of each bucket times
    the bucket's weight (``receivables.worklist_weights``: older debt weighs more), to the cent, a half cent up. The
    account manager's calls come first; a legal case (:func:`follow_up` ``legal``) comes after them.

    Parameters
    ----------
    data
        A KamData (or a mapping of DataFrames by table name); customers give the
        name and account manager, contacts (optional) the main contact — a
        finance role first, payments the last payment, and promises (optional)
        the promise history (see :func:`promise_history`).
    as_of
        Date of the list.
    policy
        Policy (None: defaults); its ``receivables.buckets`` set the buckets.
    aged
        The :func:`aging` frame at ``as_of`` (with the policy's buckets), when
        already computed.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, the calls then the legal cases, each highest priority first: ``account_manager``,
        ``rank`` (1 = first, within the account manager), ``name``, ``follow_up``, ``priority``, ``overdue``,
        ``total``, ``max_days_past_due``, the overdue buckets, ``unapplied_credit``, ``contact_name``,
        ``contact_role``, ``contact_phone``, ``last_payment``, ``last_payment_amount``, the latest collection call
        (``last_call``, ``last_call_outcome``, ``last_call_next_step``) and, with a promises table, the columns
        of :data:`PROMISE_COLUMNS` (counts 0 for customers who never promised); ``recovery_margin``, ``sales_to_recover`` (recovery).

    Examples
    --------
    >>> import kamtools as kt
    >>> w = worklist(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> bool(w[w["follow_up"] == "call"]["priority"].is_monotonic_decreasing and (w["overdue"] > 0).all())
    True
    """
    as_of = as_date(as_of)
    src = _data(data)
    pol = load_policy(policy)
    rec = pol["receivables"]
    ag = aged if aged is not None else aging(src, as_of, rec["buckets"])
    names = list(ag.columns[: list(ag.columns).index("total")])
    overdue_buckets = names[1:]
    weights = rec["worklist_weights"]
    due = ag[ag["overdue"] > 0]
    w = np.array([_per_bucket(weights, b, "receivables.worklist_weights") for b in overdue_buckets])
    # a weighted amount of money: whole cents, a half cent up (kamtools.money)
    priority = (
        from_cents(half_up((np.column_stack([to_cents(due[b]) for b in overdue_buckets]) * w[None, :]).sum(axis=1)))
        if len(due)
        else np.zeros(0)
    )
    cust = _customers(src)
    out = pd.DataFrame(index=due.index.copy())
    out["account_manager"] = cust["account_manager"].reindex(out.index).fillna("(none)").astype("str")
    out["rank"] = 0
    out["name"] = cust["name"].reindex(out.index).astype("str")
    out["follow_up"] = follow_up(due["max_days_past_due"], pol)
    out["priority"] = priority
    for col in ["overdue", "total", "max_days_past_due", *overdue_buckets, "unapplied_credit"]:
        out[col] = due[col]
    out = out.join(_main_contacts(src), how="left")
    last = _last_dates(src, as_of)
    out["last_payment"] = last["last_payment"].reindex(out.index).astype("datetime64[us]")
    out["last_payment_amount"] = last["last_payment_amount"].reindex(out.index).astype("float64")
    out = out.join(_last_calls(src, as_of), how="left")
    out = out.join(worklist_recovery(src, as_of, pol, out["total"], out["max_days_past_due"]))
    if src.has("promises"):
        out = out.join(promise_history(src, as_of), how="left")
        counts = ["promises", "kept_promises", "broken_promises", "pending_promises"]
        out[counts] = out[counts].fillna(0).astype("int64")
        out = _latest_promise_as_read(out, as_of)
    contact = ["contact_name", "contact_role", "contact_phone"]
    out[contact] = out[contact].astype("str")
    return _in_order(out)


def _last_calls(src: KamData, as_of: dt.date) -> pd.DataFrame:
    """The latest collection call of each customer by ``as_of`` (``receivables_last_call.sql``): date,
    outcome and next step; empty without activities that record outcomes."""
    empty = pd.DataFrame(
        {"last_call": pd.Series(dtype="datetime64[us]"), **{c: pd.Series(dtype="str") for c in _CALL_TEXT}},
        index=pd.Index([], name="customer_id", dtype="str"),
    )
    if not src.has("activities") or not {"outcome", "next_step"} <= set(src.sql(_NO_ROWS).columns):
        return empty
    calls = facts.query(src, "receivables_last_call", as_of=as_of)
    calls = calls.astype({"customer_id": "str", "last_call": "datetime64[us]", **dict.fromkeys(_CALL_TEXT, "str")})
    return calls.set_index("customer_id")[list(empty.columns)]


#: The text columns of the last call, and the query that gives the columns of the activities.
_CALL_TEXT = ("last_call_outcome", "last_call_next_step")
_NO_ROWS = "select * from activities limit 0"


def _latest_promise_as_read(out: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The latest promise as the collector reads it: what was paid towards it, at most its amount (a larger
    payment within its days kept it, the rest paid other debts), and a promise kept before its pay-by
    date, still ahead on ``as_of``, as kept early (``kept_early``); the counts stay the history's.

    >>> w = pd.DataFrame({"last_promise_amount": [24_983.0, 500.0, 500.0], "last_promise_paid": [1_250_667.0, 200.0, 500.0],
    ...     "last_promise_status": ["kept", "pending", "kept"],
    ...     "last_promise_pay_by": pd.to_datetime(["2026-11-01", "2026-11-05", "2026-10-20"])})
    >>> r = _latest_promise_as_read(w, dt.date(2026, 10, 31))
    >>> r["last_promise_paid"].tolist(), r["last_promise_status"].tolist()
    ([24983.0, 200.0, 500.0], ['kept_early', 'pending', 'kept'])
    """
    amount, paid = out["last_promise_amount"], out["last_promise_paid"]
    out["last_promise_paid"] = paid.where(~(paid > amount), amount)
    early = out["last_promise_status"].eq("kept") & (out["last_promise_pay_by"] > pd.Timestamp(as_of))
    out["last_promise_status"] = out["last_promise_status"].where(~early, "kept_early")
    return out


def _in_order(out: pd.DataFrame) -> pd.DataFrame:
    """The account manager's calls first, then the legal cases (legal follow-up), each highest priority
    (then overdue) first; ``rank`` within the account manager."""
    order = out.assign(_legal=out["follow_up"].eq("legal"))[["_legal", "priority", "overdue"]]
    out = out.loc[order.sort_values(list(order.columns), ascending=[True, False, False], kind="mergesort").index]
    out["rank"] = out.groupby("account_manager", sort=False).cumcount().astype("int64") + 1
    return out


#: Columns of the worklist shown in the report, in this order (those present).
WORKLIST_VIEW: tuple[str, ...] = (
    "account_manager",
    "rank",
    "name",
    "follow_up",
    "priority",
    "overdue",
    "max_days_past_due",
    "contact_name",
    "contact_phone",
    "last_payment",
    "last_payment_amount",
    "last_call",
    "last_call_outcome",
    "promises",
    "broken_promises",
    "last_promise_pay_by",
    "last_promise_amount",
    "last_promise_paid",
    "last_promise_status",
    "sales_to_recover",
)


def worklist_view(worklist: pd.DataFrame, columns: Sequence[str] = WORKLIST_VIEW) -> pd.DataFrame:
    """The columns of the worklist a reader needs to make the call, promise history included when present.

    Examples
    --------
    >>> import kamtools as kt
    >>> w = worklist(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> list(worklist_view(w).columns[:4])
    ['account_manager', 'rank', 'name', 'follow_up']
    """
    return worklist[[c for c in columns if c in worklist.columns]].copy()

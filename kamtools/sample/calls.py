"""The collection calls of the sample book: the call each payment promise was made on, and the tries
before it that reached nobody, as ``kam import-calls`` records the calls of a filled worklist."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Next steps a collector writes after a call on which the customer promised to pay.
_NEXT_STEPS = (
    "confirm the payment on the promised day",
    "到期日再次电话确认",
    "send the statement of account",
    "寄送对账单，请财务签字确认",
    "call the CFO if nothing comes",
    "未付款则升级至销售经理",
)


def _call_ids(customer: pd.Series, day: pd.Series) -> pd.Series:
    """The activity id of a customer's call of one day (as :func:`kamtools.ingest.calls.call_id` makes it)."""
    return "call-" + pd.to_datetime(day).dt.strftime("%Y-%m-%d") + "-" + customer.astype("str")


def _collection_calls(
    seed: int, promises: pd.DataFrame, customers: pd.DataFrame, activities: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The activities with the collection calls added (date order kept), and the promises naming the call
    each was made on (``activity_id``).

    Each promise was made on a call of its day (outcome ``promised``, most with a next step); before about
    a third of them the collector had tried 1-4 days earlier and reached nobody (``no_answer``, now and
    then ``wrong_contact``) or was asked to call back (``call_back``). A customer's calls of one day are
    one call. A collection call counts no selling time (0 hours). Drawn from a generator of their own, so
    no other table changes.
    """
    rng = np.random.default_rng([seed, 43])
    n = len(promises)
    manager = customers.set_index("customer_id")["account_manager"]
    step = pd.Series(np.take(_NEXT_STEPS, rng.integers(0, len(_NEXT_STEPS), n)), index=promises.index)
    made = pd.DataFrame(
        {
            "customer_id": promises["customer_id"].to_numpy(),
            "date": pd.to_datetime(promises["promised_on"]).to_numpy(),
            "outcome": "promised",
            "next_step": step.where(rng.random(n) < 0.7, None).to_numpy(),
        }
    )
    tried = rng.random(n) < 0.35
    before = made[tried].copy()
    before["date"] = before["date"] - pd.to_timedelta(rng.integers(1, 5, int(tried.sum())), unit="D")
    kind = rng.random(len(before))
    before["outcome"] = np.where(kind < 0.65, "no_answer", np.where(kind < 0.8, "wrong_contact", "call_back"))
    before["next_step"] = np.where(before["outcome"].eq("call_back"), "call back as agreed", None)
    calls = pd.concat([made, before], ignore_index=True)
    calls["activity_id"] = _call_ids(calls["customer_id"], calls["date"])
    calls = calls.drop_duplicates("activity_id", keep="first")  # the promise's own call first
    calls["type"] = "call"
    calls["account_manager"] = manager.reindex(calls["customer_id"]).to_numpy()
    calls["hours"] = 0.0
    out = pd.concat([activities, calls[list(activities.columns) + ["outcome", "next_step"]]], ignore_index=True)
    out = out.assign(_day=pd.to_datetime(out["date"])).sort_values("_day", kind="stable").drop(columns="_day")
    named = promises.assign(activity_id=_call_ids(promises["customer_id"], promises["promised_on"]).to_numpy())
    return out.reset_index(drop=True), named

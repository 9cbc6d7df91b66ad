"""The contact calendar's side of the sample book: customers' founding dates, contracts with their
renewals, and the activities that evidence the key-account practices. Each is drawn from a
generator of its own, so no other table's draws change."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The share of the largest buyers whose account teams follow the key-account practices.
_KEY_LIKE = 0.12
#: Days before its end a contract's renewal is negotiated, as the sample's contracts set it (0: not set).
_NOTICE_DAYS = np.array([30, 60, 90, 0])


def _founding_dates(seed: int, customers: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The customers with ``founded_on``: about two in three known, 1985 to five years before ``end``."""
    rng = np.random.default_rng([seed, 91])
    n = len(customers)
    lo, hi = (
        np.datetime64("1985-01-01", "D"),
        end.to_datetime64().astype("datetime64[D]") - np.timedelta64(5 * 365, "D"),
    )
    days = lo + rng.integers(0, int((hi - lo) / np.timedelta64(1, "D")), n).astype("timedelta64[D]")
    founded = pd.Series(days.astype("datetime64[us]"), index=customers.index)
    founded[rng.random(n) >= 0.65] = pd.NaT
    return customers.assign(founded_on=founded)


def _yearly_revenue(invoices: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Net invoiced revenue of the last 12 months per customer."""
    since = pd.Timestamp(end) - pd.DateOffset(years=1)
    recent = invoices[pd.to_datetime(invoices["invoice_date"]) > since]
    return recent.groupby(recent["customer_id"].astype("str"))["amount"].sum().sort_values(ascending=False)


def _contracts(seed: int, invoices: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Supply contracts of the larger buyers: one to three years each, the current one after an
    expired one for about half of them, a few of them ending within the next months (renewals due)."""
    rng = np.random.default_rng([seed, 92])
    revenue = _yearly_revenue(invoices, end)
    revenue = revenue[revenue > 0]
    buyers = revenue.index[: max(1, int(round(0.4 * len(revenue))))] if len(revenue) else revenue.index
    n = len(buyers)
    years = rng.choice([1, 1, 2, 3], n)
    # the current contract ends up to 30 months after the data's date (a sixth within 3 months)
    ahead = np.where(rng.random(n) < 1 / 6, rng.integers(20, 92, n), rng.integers(92, 900, n))
    ends = pd.Timestamp(end) + pd.to_timedelta(np.minimum(ahead, years * 365 - 30), unit="D")  # started already
    starts = pd.DatetimeIndex([e - pd.DateOffset(years=int(y)) + pd.Timedelta(days=1) for e, y in zip(ends, years)])
    value = np.round(revenue.reindex(buyers).to_numpy() * years * rng.uniform(0.8, 1.1, n), -3)
    notice = _NOTICE_DAYS[rng.integers(0, len(_NOTICE_DAYS), n)]
    current = pd.DataFrame(
        {"customer_id": buyers, "start_date": starts, "end_date": ends, "renewal_notice_days": notice, "v": value}
    )
    renewed = current[rng.random(n) < 0.5]
    before = renewed.assign(
        end_date=renewed["start_date"] - pd.Timedelta(days=1),
        start_date=[s - pd.DateOffset(years=1) for s in renewed["start_date"]],
        v=np.round(renewed["v"].to_numpy() * 0.9 / np.maximum(1, years[renewed.index]), -3),
    )
    out = pd.concat([before, current], ignore_index=True).sort_values(["start_date", "customer_id"], kind="mergesort")
    out = out.reset_index(drop=True)
    return pd.DataFrame(
        {
            "contract_id": [f"HT{s:%Y}-{i + 1:04d}" for i, s in enumerate(out["start_date"])],
            "customer_id": out["customer_id"].astype("str").to_numpy(),
            "start_date": out["start_date"].astype("datetime64[us]").to_numpy(),
            "end_date": out["end_date"].astype("datetime64[us]").to_numpy(),
            "renewal_notice_days": pd.array(
                np.where(out["renewal_notice_days"] > 0, out["renewal_notice_days"], None), dtype="Int64"
            ),  # fmt: skip
            "contract_value": np.maximum(out["v"].to_numpy(), 1000.0),
        }
    )


def _practice_activities(
    seed: int, activities: pd.DataFrame, invoices: pd.DataFrame, end: pd.Timestamp
) -> pd.DataFrame:
    """The activities with some recorded as the key-account practices name them: for the largest
    buyers, visits by a senior manager (``senior_visit``) and by the dedicated service engineer
    (``service``), events that are the annual customer meeting (``customer_meeting``) and calls
    that plan their supply (``supply_planning``); now and then a senior visit to another customer.
    Only the type changes: dates, hours and ids stay, so the selling time is the same."""
    rng = np.random.default_rng([seed, 93])
    revenue = _yearly_revenue(invoices, end)
    key_like = set(revenue.index[: max(1, int(round(_KEY_LIKE * len(revenue))))])
    kind = activities["type"].astype("str").to_numpy()
    mine = activities["customer_id"].astype("str").isin(key_like).to_numpy()
    draw = rng.random(len(activities))
    new = kind.copy()
    new[mine & (kind == "visit") & (draw < 0.30)] = "senior_visit"
    new[mine & (kind == "visit") & (draw >= 0.30) & (draw < 0.55)] = "service"
    new[mine & (kind == "event") & (draw < 0.6)] = "customer_meeting"
    new[mine & (kind == "call") & (draw < 0.08)] = "supply_planning"
    new[~mine & (kind == "visit") & (draw < 0.05)] = "senior_visit"
    return activities.assign(type=pd.Series(new, index=activities.index, dtype=activities["type"].dtype))

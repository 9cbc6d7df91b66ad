"""The contact calendar (客户联络日历) of the month after the data's date, per account manager.

From the activities, the contacts, the contracts and the policy (``calendar``): the visits due
and overdue (from the last visit and the months between visits of the customer's tier and
lifecycle stage), the senior visits due and overdue, the contacts' birthdays, the company's
holidays, the customers' founding days, the contract renewals falling due and the collection
visits of the customers at a dunning level that calls for one. The row-level work (the last
visit of each customer, birthdays, anniversaries, renewals) runs as SQL in the store
(``sql/calendar_*.sql``); the rest is one row per customer.

>>> import kamtools as kt
>>> cal = contact_calendar(kt.sample_data(customers=40, years=2, seed=1), "2026-10-31")
>>> bool((cal["date"] >= "2026-11-01").all() and (cal["date"] <= "2026-11-30").all())
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import facts, receivables
from . import segments as seg
from .periods import as_date, months_before
from .policy import load_policy
from .segments._common import PolicyLike
from .store import KamData

__all__ = ["CALENDAR_COLUMNS", "CALENDAR_EVENTS", "calendar_month", "contact_calendar", "last_visits"]

#: What a row of the calendar is, in the order a day lists them.
CALENDAR_EVENTS: tuple[str, ...] = (
    "holiday",
    "collection_visit",
    "visit_overdue",
    "senior_visit_overdue",
    "visit_due",
    "senior_visit_due",
    "contract_renewal",
    "birthday",
    "founding_day",
)

#: Columns of :func:`contact_calendar`, in order.
CALENDAR_COLUMNS: tuple[str, ...] = (
    "account_manager",
    "date",
    "event",
    "customer_id",
    "name",
    "tier",
    "stage",
    "last_visit",
    "due_on",
    "days_overdue",
    "visit_months",
    "contact",
    "role",
    "holiday",
    "holiday_zh",
    "years",
    "contract_id",
    "end_date",
    "contract_value",
    "dunning_level",
    "overdue",
)

_NO_MANAGER = "(none)"


def _source(data: KamData | Mapping[str, pd.DataFrame]) -> KamData:
    """A KamData of ``data`` (DataFrames by table name are put into an in-memory store)."""
    return data if isinstance(data, KamData) else facts.source(**dict(data))


def calendar_month(as_of: Any) -> tuple[dt.date, dt.date]:
    """The first and last day of the month after the one holding ``as_of``.

    >>> calendar_month("2026-10-31")
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    """
    day = as_date(as_of)
    start = (pd.Timestamp(day.year, day.month, 1) + pd.offsets.MonthBegin(1)).date()
    return start, (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()


def _add_months(days: pd.Series, months: pd.Series) -> pd.Series:
    """Each date plus its number of months, the day kept where the month has it (else its last day)."""
    total = days.dt.year * 12 + days.dt.month - 1 + months.astype("int64")
    first = pd.to_datetime(pd.DataFrame({"year": total // 12, "month": total % 12 + 1, "day": 1}))
    day = np.minimum(days.dt.day.to_numpy(), first.dt.days_in_month.to_numpy())
    return (first + pd.to_timedelta(day - 1, unit="D")).astype("datetime64[us]")


def last_visits(data: KamData, as_of: Any, types: Any) -> pd.Series:
    """The last activity of one of ``types`` of each customer on or before ``as_of`` (customers
    without one are left out), from ``sql/calendar_last_visits.sql``."""
    day = as_date(as_of)
    if not data.has("activities"):
        return pd.Series(dtype="datetime64[us]", name="last_visit")
    last = facts.query(data, "calendar_last_visits", as_of=day, since=months_before(day, 12).date())
    last = last[last["type"].astype("str").isin([str(t) for t in types])]
    out = pd.to_datetime(last["last_date"]).groupby(last["customer_id"].astype("str")).max()
    return out.astype("datetime64[us]").rename("last_visit")


def _months(tiers: pd.Series, stages: pd.Series, by_tier: Mapping, by_stage: Mapping | None) -> pd.Series:
    """Months between visits per customer: the tier's, or the stage's where that is shorter (0: none;
    a tier without planned visits gets none whatever its stage)."""
    tier = tiers.map(lambda t: int(by_tier.get(str(t), 0))).astype("int64")
    if by_stage is None:
        return tier
    stage = stages.reindex(tiers.index).map(lambda s: int(by_stage.get(str(s), 0))).fillna(0).astype("int64")
    both = np.where((tier > 0) & (stage > 0), np.minimum(tier, stage), tier)
    return pd.Series(both, index=tiers.index, dtype="int64")


def _visits(
    book: pd.DataFrame, last: pd.Series, months: pd.Series, start: dt.date, stop: dt.date, kind: str
) -> pd.DataFrame:
    """The visits of ``kind`` (visit, senior_visit) due by ``stop``: on their due day within the
    month, on its first day when overdue (or never made)."""
    rows = book[months > 0].copy()
    rows["visit_months"] = months[months > 0]
    rows["last_visit"] = last.reindex(rows.index).astype("datetime64[us]")
    seen = rows["last_visit"].notna()
    due = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[us]")
    due[seen] = _add_months(rows.loc[seen, "last_visit"], rows.loc[seen, "visit_months"])
    rows["due_on"] = due
    first = pd.Timestamp(start)
    rows = rows[rows["due_on"].isna() | (rows["due_on"] <= pd.Timestamp(stop))]
    late = rows["due_on"].isna() | (rows["due_on"] < first)
    rows["date"] = rows["due_on"].where(~late, first).astype("datetime64[us]")
    rows["days_overdue"] = (first - rows["due_on"]).dt.days.where(late & rows["due_on"].notna()).astype("Int64")
    rows["event"] = np.where(late, f"{kind}_overdue", f"{kind}_due")
    return rows.reset_index()


def _book(data: KamData, as_of: dt.date, pol: Mapping, tiers: pd.Series | None, stages: pd.Series | None):
    """One row per customer: name, account manager, tier and lifecycle stage."""
    cust = data.customers.assign(customer_id=data.customers["customer_id"].astype("str")).set_index("customer_id")
    if tiers is None:
        tiers = seg.pyramid(data, as_of, pol)["tier"]
    if stages is None:
        stages = seg.lifecycle(data, as_of, pol)["stage"]
    out = pd.DataFrame(index=cust.index)
    out["name"] = cust["name"].astype("str")
    out["account_manager"] = cust["account_manager"].astype("object").fillna(_NO_MANAGER).astype("str")
    out["tier"] = tiers.reindex(out.index).fillna("prospect").astype("str")
    out["stage"] = stages.reindex(out.index).astype("object")
    return out


def contact_calendar(
    data: KamData | Mapping[str, pd.DataFrame],
    as_of: Any,
    policy: PolicyLike = None,
    *,
    tiers: pd.Series | None = None,
    stages: pd.Series | None = None,
    dunning: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The contact calendar of the month after ``as_of`` (the data's date), per account manager.

    Parameters
    ----------
    data
        The book: customers, activities, and the optional contacts (birthdays), contracts
        (renewals) and ``customers.founded_on`` (founding days).
    as_of
        The data's date; the calendar covers the next calendar month (:func:`calendar_month`).
    policy
        Policy (None: defaults): ``calendar`` gives the visit frequencies, the holidays, the
        dunning levels that call for a collection visit and the renewal notice.
    tiers, stages
        Each customer's tier of the pyramid and lifecycle stage at ``as_of`` when the caller has
        them (else computed); ``dunning``: :func:`kamtools.receivables.dunning` at ``as_of``.

    Returns
    -------
    DataFrame of :data:`CALENDAR_COLUMNS`, one row per event, by account manager, date, event
    (:data:`CALENDAR_EVENTS`) and customer. A visit is due ``visit_months`` after the last one
    (the tier's months, or the lifecycle stage's where shorter; ``calendar.visit_types`` count as
    visits); one due before the month, or never made, is overdue and listed on the month's first
    day (``days_overdue`` at that day; empty when never made). Senior visits alike with
    ``calendar.senior_visit_months`` and ``senior_visit_types``. A holiday of ``calendar.holidays``
    in the month is listed once for every account manager; a birthday, a founding day (``years``
    since) and a renewal (listed on the day its talks start, the month's first day when that was
    earlier) for the customer's manager; a collection visit by ``calendar.collection_visit_day`` for
    each customer at one of ``calendar.collection_levels``.
    """
    src = _source(data)
    pol = load_policy(policy)
    cal = pol["calendar"]
    day = as_date(as_of)
    start, stop = calendar_month(day)
    book = _book(src, day, pol, tiers, stages)
    parts = [
        _visits(
            book,
            last_visits(src, day, cal["visit_types"]),
            _months(book["tier"], book["stage"], cal["visit_months"], cal["stage_visit_months"]),
            start,
            stop,
            "visit",
        ),
        _visits(
            book,
            last_visits(src, day, cal["senior_visit_types"]),
            _months(book["tier"], book["stage"], cal["senior_visit_months"], None),
            start,
            stop,
            "senior_visit",
        ),
        _holidays(book, cal["holidays"], start, stop),
        _customer_days(src, book, start, stop, int(cal["renewal_notice_days"])),
        _collections(src, book, day, pol, dunning, start),
    ]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    return _ordered(out)


def _holidays(book: pd.DataFrame, holidays: Any, start: dt.date, stop: dt.date) -> pd.DataFrame:
    """The company's holidays in the month, once for every account manager of the book."""
    days = [h for h in holidays if start <= dt.date.fromisoformat(str(h["date"])) <= stop]
    managers = sorted(book["account_manager"].unique())
    return pd.DataFrame(
        [
            {
                "account_manager": m,
                "date": pd.Timestamp(h["date"]),
                "event": "holiday",
                "holiday": str(h["name"]),
                "holiday_zh": str(h["name_zh"]),
            }
            for h in days
            for m in managers
        ]
    )


def _customer_days(src: KamData, book: pd.DataFrame, start: dt.date, stop: dt.date, notice: int) -> pd.DataFrame:
    """Birthdays of contacts, founding days of customers and contract renewals of the month."""
    parts = []
    if src.has("contacts"):
        b = facts.query(src, "calendar_birthdays", start=start)
        parts.append(b.assign(event="birthday"))
    if "founded_on" in src.customers.columns:
        parts.append(facts.query(src, "calendar_founding", start=start).assign(event="founding_day"))
    if src.has("contracts"):
        r = facts.query(src, "calendar_renewals", start=start, stop=stop, notice_days=notice)
        r = r.assign(
            event="contract_renewal",
            due_on=pd.to_datetime(r["notice_on"]),
            date=pd.to_datetime(r["notice_on"]).clip(lower=pd.Timestamp(start)),
        ).drop(columns="notice_on")
        parts.append(r)
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    out["customer_id"] = out["customer_id"].astype("str")
    return out.join(book, on="customer_id")


def _collections(
    src: KamData, book: pd.DataFrame, day: dt.date, pol: Mapping, dunning: pd.DataFrame | None, start: dt.date
) -> pd.DataFrame:
    """A collection visit for each customer at a dunning level of ``calendar.collection_levels``."""
    cal = pol["calendar"]
    if not src.has("invoices"):
        return pd.DataFrame()
    dun = receivables.dunning(src, day, pol) if dunning is None else dunning
    dun = dun[dun["dunning_level"].isin(list(cal["collection_levels"]))]
    if dun.empty:
        return pd.DataFrame()
    out = pd.DataFrame(index=dun.index.astype("str").rename("customer_id"))
    out["dunning_level"] = dun["dunning_level"].to_numpy()
    out["overdue"] = dun["overdue"].to_numpy()
    out = out.join(book).reset_index()
    out["event"] = "collection_visit"
    out["date"] = pd.Timestamp(start) + pd.Timedelta(days=int(cal["collection_visit_day"]) - 1)
    return out


def _ordered(out: pd.DataFrame | None) -> pd.DataFrame:
    """The rows in the calendar's order, with its columns and dtypes."""
    if out is None:
        out = pd.DataFrame(columns=list(CALENDAR_COLUMNS))
    out = out.reindex(columns=list(CALENDAR_COLUMNS))
    for col in ("date", "last_visit", "due_on", "end_date"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[us]")
    for col in ("days_overdue", "visit_months", "years"):
        out[col] = pd.to_numeric(out[col]).astype("Int64")
    for col in ("contract_value", "overdue"):
        out[col] = pd.to_numeric(out[col]).astype("float64")
    text = [c for c in CALENDAR_COLUMNS if c not in {"date", "last_visit", "due_on", "end_date", "days_overdue",
                                                      "visit_months", "years", "contract_value", "overdue"}]  # fmt: skip
    for col in text:
        out[col] = out[col].astype("object").where(out[col].notna(), "").astype("str")
    out["_rank"] = out["event"].map({e: i for i, e in enumerate(CALENDAR_EVENTS)}).astype("int64")
    out = out.sort_values(["account_manager", "date", "_rank", "customer_id", "contact"], kind="mergesort")
    return out.drop(columns="_rank").reset_index(drop=True)

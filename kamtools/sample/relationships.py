"""The relationship history of the sample book (the ``relationships`` table) and the selling time spent
on leads (activities naming a ``lead_id``); each drawn from a generator of its own, so no other table
changes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import RELATIONSHIP_LADDER
from ._common import _dates, _ids, _str, _Window
from .customers import _Customers
from .vocabulary import _ACTIVITY_HOURS, ACCOUNT_MANAGERS

#: What a record of each level rests on, by rung of the ladder (none ... strategic_alliance).
_NOTES = (
    "first contacts only / 仅初步接触",
    "complaint about deliveries not yet settled / 交货投诉尚未解决",
    "buys on price, one supplier among several / 按价格采购，供应商之一",
    "we are asked first for new orders / 新订单优先询价我方",
    "joint account plan and quarterly review / 共同制定客户计划，季度业务回顾",
    "annual top-management meeting, long-term agreement / 年度高层会晤，签订长期协议",
)
#: The type of relationship usual at each rung (loose, conflict, win_win; None: not assessed).
_QUALITY = (None, "conflict", "loose", "loose", "win_win", "win_win")


def _relationships(seed: int, customers: pd.DataFrame, c: _Customers, w: _Window) -> pd.DataFrame:
    """Relationship records over the last two years ending at each customer's level today.

    The larger accounts (the top 30 % by size, that bought) have two to four records, a move up the
    ladder more often than down, the latest the level of the customers table; one customer in four of
    the others had its level recorded once. Each record is dated in its own share of the two years
    (so a customer's dates differ) and never before the customer's first possible day of business.
    """
    rng = np.random.default_rng([seed, 47])
    state = customers["relationship_state"].to_numpy(dtype=object)
    rung_now = pd.Series(state).map({code: i for i, code in enumerate(RELATIONSHIP_LADDER)}).to_numpy()
    known = ~pd.isna(rung_now)
    big = known & ~c.never & (c.size_q >= 0.7)
    some = known & ~big & (rng.random(c.n) < 0.25)
    count = np.where(big, 2 + rng.binomial(2, 0.35, c.n), np.where(some, 1, 0))
    cc = np.repeat(np.arange(c.n), count)
    first_of = np.repeat(np.cumsum(count) - count, count)
    pos = np.arange(len(cc)) - first_of  # 0 = oldest record of the customer
    back = count[cc] - 1 - pos  # 0 = the latest record (today's level)
    # walking back in time, each older record is one rung lower (a move up since) or, one time in
    # four, one rung higher (a move down since)
    step = np.where(back > 0, np.where(rng.random(len(cc)) < 0.75, -1, 1), 0)
    order = np.lexsort((back, cc))  # per customer, latest first
    walked = pd.Series(step[order]).groupby(cc[order]).cumsum().to_numpy()
    offset = np.empty(len(cc), dtype=np.int64)
    offset[order] = walked
    rung = np.clip(rung_now[cc].astype(np.int64) + offset, 1, len(RELATIONSHIP_LADDER) - 1)
    rung = np.where(back == 0, rung_now[cc].astype(np.int64), rung)
    span = 700
    day = w.E - 720 + np.floor((pos + rng.uniform(0.05, 0.95, len(cc))) * span / count[cc]).astype(np.int64)
    day = np.maximum(day, np.maximum(c.start[cc], w.S))
    quality = np.array(_QUALITY, dtype=object)[rung]
    quality[rng.random(len(cc)) < 0.15] = None
    senior = rng.random(len(cc)) < 0.2
    out = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[cc],
            "date": _dates(day),
            "relationship_state": np.array(RELATIONSHIP_LADDER, dtype=object)[rung],
            "relationship_quality": quality,
            "note": np.array(_NOTES, dtype=object)[rung],
            "recorded_by": np.where(senior, "sales director", np.array(ACCOUNT_MANAGERS, dtype=object)[c.manager[cc]]),
        }
    )
    # a record moved to the customer's first day may share its date with the next: keep the later level
    out = out.drop_duplicates(["customer_id", "date"], keep="last")
    return out.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)


def _lead_activities(seed: int, leads: pd.DataFrame, activities: pd.DataFrame, w: _Window) -> pd.DataFrame:
    """The activities with visits and calls on leads added (prospect time, ``lead_id`` instead of a
    customer), date order kept: about two leads in three were worked on in the last year, the
    qualified ones (money and need) more often, by the lead's owner."""
    rng = np.random.default_rng([seed, 53])
    n = len(leads)
    qualified = leads["money"].to_numpy(dtype=bool) & leads["need"].to_numpy(dtype=bool)
    worked = rng.random(n) < np.where(qualified, 0.85, 0.5)
    count = np.where(worked, 1 + rng.poisson(np.where(qualified, 3.0, 1.0)), 0)
    lc = np.repeat(np.arange(n), count)
    day = w.E - rng.integers(0, min(365, w.E - w.S + 1), len(lc))
    kind = np.where(rng.random(len(lc)) < 0.55, 1, 0)  # call or visit
    hours = np.clip(np.round(_ACTIVITY_HOURS[kind] * rng.lognormal(0, 0.4, len(lc)) * 4) / 4, 0.25, 6.0)
    added = pd.DataFrame(
        {
            "activity_id": _str(_ids("LA", np.arange(1, len(lc) + 1), 6)),
            "customer_id": None,
            "lead_id": leads["lead_id"].to_numpy()[lc],
            "date": _dates(day),
            "type": np.array(["visit", "call"], dtype=object)[kind],
            "account_manager": leads["owner"].to_numpy()[lc],
            "hours": hours,
        }
    )
    out = pd.concat([activities, added], ignore_index=True)
    out = out.assign(_day=pd.to_datetime(out["date"])).sort_values("_day", kind="stable").drop(columns="_day")
    return out.reset_index(drop=True)

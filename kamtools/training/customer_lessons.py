"""Exercise checks of lesson 10, profit and customer states (``notebooks/training/10_profit_and_states``):
the lifecycle stages (突破 / 成长 / 收获 / 防御 / 冬眠), profitability segmentation after cost to serve (客户盈利性) and the material's customer states (现实客户 /
潜在客户 / 流失客户 / 非客户) against the pyramid's tiers.

Exercises: ``10.defense_decline`` (the revenue the customers in 防御期 no longer buy), ``10.unprofitable`` (customers whose profit after cost to serve is not positive),
``10.profit_given_away`` (the profit those customers cost), ``10.current_below_ordinary`` (现实客户 the
pyramid ranks below its 普通客户: in its tiers 潜在客户 and 无吸引力客户).

>>> import kamtools as kt
>>> from kamtools.training import check
>>> from kamtools.training.lesson_data import lesson_date
>>> data = kt.sample_data(customers=60, years=2, seed=3)
>>> as_of = lesson_date(data)
>>> p = kt.segments.profitability(data, as_of)
>>> check("10.unprofitable", int((p["profit_class"] == "unprofitable").sum()), (data, as_of))
✔ 10.unprofitable: correct.
True
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import segments
from ..store import KamData
from .core import exercise, lesson_context, slip

__all__ = ["BELOW_ORDINARY", "CURRENT_STATES"]

#: The workbook's statuses that are the material's 现实客户 (customers buying now): new and active.
CURRENT_STATES = ("new", "active")
#: The pyramid's tiers below 普通客户: 潜在客户 (prospect) and 无吸引力客户 (unattractive).
BELOW_ORDINARY = ("prospect", "unattractive")


def _profit(data: KamData, as_of: dt.date) -> pd.DataFrame:
    return data.kept(("lesson profitability", as_of), lambda: segments.profitability(data, as_of))


def _states(data: KamData, as_of: dt.date) -> pd.DataFrame:
    """The pyramid's tier beside each account's status (customers and leads)."""

    def both() -> pd.DataFrame:
        pyr = segments.pyramid(data, as_of)
        st = segments.status(data, as_of)
        return pyr[["kind", "tier"]].join(st[["status"]], how="inner")

    return data.kept(("lesson states", as_of), both)


@exercise(
    "10.unprofitable",
    hint=(
        "p = segments.profitability(data, as_of, pol): count the customers whose profit_class is 'unprofitable' "
        "(profit after cost to serve = gross margin - discounts - selling hours x cost_per_hour, at most 0, "
        "customers without business left out)."
    ),
)
def _unprofitable(data: Any) -> int:
    data, as_of = lesson_context(data)
    return int((_profit(data, as_of)["profit_class"] == "unprofitable").sum())


@slip("10.unprofitable", "margin_only")
def _unprofitable_on_margin(data: Any) -> int:
    data, as_of = lesson_context(data)
    p = _profit(data, as_of)
    return int(((p["margin_12m"] <= 0) & (p["profit_class"] != "no business")).sum())


@exercise(
    "10.profit_given_away",
    hint=(
        "add up the profit of the customers whose profit_class is 'unprofitable' and give it as a positive amount "
        "of money: what the profitable customers earn that these customers give away."
    ),
)
def _given_away(data: Any) -> float:
    data, as_of = lesson_context(data)
    p = _profit(data, as_of)
    return round(float(-p.loc[p["profit_class"] == "unprofitable", "profit"].sum()), 2)


@slip("10.profit_given_away", "service_cost_only")
def _given_away_service(data: Any) -> float:
    data, as_of = lesson_context(data)
    p = _profit(data, as_of)
    return round(float(p.loc[p["profit_class"] == "unprofitable", "service_cost"].sum()), 2)


@exercise(
    "10.current_below_ordinary",
    hint=(
        "join the pyramid's tier with the status of segments.status on the account id; count the accounts in "
        "the tiers 'prospect' and 'unattractive' whose status is 'new' or 'active' (both are 现实客户: they buy now)."
    ),
)
def _current_below_ordinary(data: Any) -> int:
    data, as_of = lesson_context(data)
    s = _states(data, as_of)
    return int((s["tier"].isin(BELOW_ORDINARY) & s["status"].isin(CURRENT_STATES)).sum())


@slip("10.current_below_ordinary", "active_only")
def _active_only(data: Any) -> int:
    data, as_of = lesson_context(data)
    s = _states(data, as_of)
    return int((s["tier"].isin(BELOW_ORDINARY) & (s["status"] == "active")).sum())


@slip("10.current_below_ordinary", "whole_tier")
def _whole_tier(data: Any) -> int:
    data, as_of = lesson_context(data)
    return int(_states(data, as_of)["tier"].isin(BELOW_ORDINARY).sum())


def _lifecycle(data: KamData, as_of: dt.date) -> pd.DataFrame:
    return data.kept(("lesson lifecycle", as_of), lambda: segments.lifecycle(data, as_of))


@exercise(
    "10.defense_decline",
    hint=(
        "lc = segments.lifecycle(data, as_of, pol): over the customers in stage 'defense' (防御期), add up "
        "revenue_prev_12m - revenue_12m: the revenue a year those customers no longer buy, a positive amount."
    ),
)
def _defense_decline(data: Any) -> float:
    data, as_of = lesson_context(data)
    lc = _lifecycle(data, as_of)
    own = lc[lc["stage"] == "defense"]
    return round(float((own["revenue_prev_12m"] - own["revenue_12m"]).sum()), 2)


@slip("10.defense_decline", "revenue_not_decline")
def _defense_revenue(data: Any) -> float:
    data, as_of = lesson_context(data)
    lc = _lifecycle(data, as_of)
    return round(float(lc.loc[lc["stage"] == "defense", "revenue_12m"].sum()), 2)


@slip("10.defense_decline", "hibernation_too")
def _decline_with_hibernation(data: Any) -> float:
    data, as_of = lesson_context(data)
    lc = _lifecycle(data, as_of)
    own = lc[lc["stage"].isin(["defense", "hibernation"])]
    return round(float((own["revenue_prev_12m"] - own["revenue_12m"]).sum()), 2)

"""Exercise checks of the credit lessons: credit investigation, grades and limits,
receivables, the key-account plan (``notebooks/training/05_*`` to ``08_*``).

Every expected answer is computed from the data with the workbook's own functions
(:mod:`kamtools.credit`, :mod:`kamtools.receivables`, :mod:`kamtools.segments`)
with the default policy. The lessons pass ``(data, as_of)``, the data and the date
the lesson works on; plain ``data`` means :func:`lesson_date`, the last day of the
latest complete month of the data. The lessons study one customer,
:func:`focus_account`. The helpers the lessons import (:func:`focus_account`, :func:`lesson_date`,
:func:`write_off_scenario`) live in :mod:`kamtools.training.lesson_data`, which
computes no answer.

Exercises: ``05.quick_ratio``, ``05.asset_turnover``, ``05.debt_ratio``, ``05.net_margin``
(the four ratios of the focus account by hand), ``05.weak_debt_ratio``,
``05.factor_points`` (credit investigation); ``06.recommended_limit``,
``06.top_level``, ``06.held_over_limit``, ``06.handler_burden`` (grades, limits,
approval, credit holds), ``06.case_handler_burden`` (the no-code track's: the case account's split);
``07.over_90_share``, ``07.dso``, ``07.provision`` (receivables);
``08.wallet_share``, ``08.account_time_share`` (the key-account plan).

>>> import kamtools as kt
>>> from kamtools.training import check
>>> data = kt.sample_data(customers=60, years=2, seed=3)
>>> cid = focus_account(data)
>>> r = kt.credit.ratios(data, lesson_date(data))
>>> check("05.quick_ratio", r.loc[cid, "quick_ratio"], (data, lesson_date(data)))
✔ 05.quick_ratio: correct.
True
>>> check("05.quick_ratio", r.loc[cid, "quick_ratio"] + 0.5, data, strict=False)  # doctest: +ELLIPSIS
✘ 05.quick_ratio: not yet: ... is too high. Hint 1/3: The quick ratio keeps only ...
False
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import credit, receivables, segments
from ..policy import load_policy
from ..schema import CREDIT_FACTORS
from ..store import KamData
from .core import exercise, lesson_context, slip
from .lesson_data import focus_account, lesson_date, write_off_scenario

__all__ = ["focus_account", "lesson_date", "write_off_scenario"]  # from lesson_data, as before


# --------------------------------------------------------------------------- 05 credit investigation
def _ratios(data: KamData, as_of: dt.date) -> pd.DataFrame:
    """The ratios at ``as_of``, worked out once per store connection (the checks of lesson 5 each
    read them; :meth:`KamData.kept`)."""
    return data.kept(("lesson ratios", as_of), lambda: credit.ratios(data, as_of))


@exercise(
    "05.quick_ratio",
    hint=(
        "take the focus account's latest statement on or before as_of and compute (current_assets - "
        "inventory - prepaid_expenses) / current_liabilities; a missing prepaid_expenses counts as 0."
    ),
)
def _quick_ratio(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_ratios(data, as_of).loc[focus_account(data, as_of), "quick_ratio"])


@exercise(
    "05.asset_turnover",
    hint=(
        "revenue of the latest fiscal year / average total assets, where the average is (total_assets of "
        "the previous fiscal year + total_assets of the latest year) / 2."
    ),
)
def _asset_turnover(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_ratios(data, as_of).loc[focus_account(data, as_of), "asset_turnover"])


@exercise(
    "05.debt_ratio",
    abs_tol=1e-4,
    hint=(
        "take the focus account's latest statement on or before as_of and divide total_liabilities by "
        "total_assets; a share between 0 and 1 (0.5 = 50 %), not a percentage."
    ),
)
def _debt_ratio(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_ratios(data, as_of).loc[focus_account(data, as_of), "debt_ratio"])


@exercise(
    "05.net_margin",
    abs_tol=1e-4,
    hint=(
        "take the focus account's latest statement on or before as_of and divide net_profit by revenue; "
        "a share (0.15 = 15 %), not a percentage; a loss gives a negative margin."
    ),
)
def _net_margin(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_ratios(data, as_of).loc[focus_account(data, as_of), "net_margin"])


@exercise(
    "05.weak_debt_ratio",
    hint=(
        "keep each customer's latest statement on or before as_of (sort by period_end, then "
        "groupby('customer_id').tail(1)), compute total_liabilities / total_assets and count the "
        "customers above pol['credit']['benchmarks']['debt_ratio']['watch'] (0.7 by default)."
    ),
)
def _weak_debt_ratio(data: Any) -> int:
    data, as_of = lesson_context(data)
    return int((_ratios(data, as_of)["debt_ratio_status"] == "weak").sum())


@exercise(
    "05.factor_points",
    hint=(
        "for each of the twelve factors of the focus account's latest assessment, points = weight x "
        "(score - 1) / 4 with the weights of pol['credit']['weights']; a factor of "
        "pol['credit']['scored_once'] earns nothing when the statements give its ratio; add them up."
    ),
)
def _factor_points(data: Any) -> float:
    data, as_of = lesson_context(data)
    sc = data.kept(("lesson scores", as_of), lambda: credit.score(data, as_of))
    return float(sc.loc[focus_account(data, as_of), [f"pts_{f}" for f in CREDIT_FACTORS]].sum())


# --------------------------------------------------------------------------- 06 grades, limits, approval
def _limits(data: KamData, as_of: dt.date) -> pd.DataFrame:
    """The limits at ``as_of`` under the default policy, worked out once per store connection (the
    checks of lesson 6 each read them; :meth:`KamData.kept`)."""
    return data.kept(("lesson limits", as_of), lambda: credit.limits(data, as_of))


@exercise(
    "06.recommended_limit",
    hint=(
        "terms need = net purchases of the last 12 months / months with purchases x (payment terms + "
        "credit.limit.grace_days) / 30 + open orders; x credit.limit.multiplier of the grade; at most the "
        "greater of capacity.equity_share x equity and capacity.working_capital_share x working capital "
        "(not below 0); rounded to the nearest multiple of credit.limit.rounding (1,000). This is the limit "
        "the rule of need, risk and capacity gives (limits['proposed_limit']), before the holds and gates of "
        "the rest of the lesson."
    ),
)
def _recommended_limit(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_limits(data, as_of).loc[focus_account(data, as_of), "proposed_limit"])


@exercise(
    "06.top_level",
    hint=(
        "an increase goes to the level whose authority covers the larger of the NEW limit and the exposure: "
        "the top level (pol['credit']['approval_levels'][-1]) takes the increases where that amount is above "
        "the authority of the level below it (pol['credit']['approval_levels'][-2]['up_to']); decreases go "
        "to the approver of the current limit and are not counted here. (A breach or an override can send "
        "an increase higher still: approval_reason says so; not counted here.)"
    ),
)
def _top_level(data: Any) -> int:
    data, as_of = lesson_context(data)
    lim = _limits(data, as_of)
    ceiling = float(load_policy(None)["credit"]["approval_levels"][-2]["up_to"])
    needs = lim[["recommended_limit", "exposure"]].max(axis=1)
    return int(((lim["limit_change"] > 0) & (needs > ceiling)).sum())


@exercise(
    "06.handler_burden",
    rel_tol=1e-6,
    hint=(
        "for each customer over its limit the write-off is its exposure: the handler bears all of the "
        "part above the approved limit plus handler_share_within_limit (30 %) of the part within it; "
        "add up over the customers."
    ),
)
def _handler_burden(data: Any) -> float:
    data, as_of = lesson_context(data)
    lim = _limits(data, as_of)
    wo = write_off_scenario(lim, data.customers)
    return float(credit.accountability(wo, lim)["handler_amount"].sum())


def _case_split(data: Any) -> tuple[float, float, float]:
    """The case account's exposure split at its approved limit, and the handler's share within it."""
    data, as_of = lesson_context(data)
    row = _limits(data, as_of).loc[focus_account(data, as_of)]
    share = float(load_policy(None)["credit"]["accountability"]["handler_share_within_limit"])
    within = min(float(row["exposure"]), float(row["approved_limit"]))
    return float(row["exposure"]) - within, within, share


@exercise(
    "06.case_handler_burden",
    hint=(
        "the case account's exposure above its approved limit, all of it, plus handler_share_within_limit (30 %) of "
        "the part within the limit (the smaller of the exposure and the limit)."
    ),
)
def _case_handler_burden(data: Any) -> float:
    above, within, share = _case_split(data)
    return round(above + share * within, 2)


@exercise(
    "06.held_over_limit",
    hint=(
        "receivables = open_receivables - unapplied_credit (not below 0; open orders do not count here, they are "
        "the utilization rule's); count the customers whose receivables are above approved_limit x (1 + "
        "pol['credit']['holds']['over_limit']['above_share']) (exactly at it is not held), plus those with "
        "receivables and no approved limit (0)."
    ),
)
def _held_over_limit(data: Any) -> int:
    data, as_of = lesson_context(data)
    return int(credit.holds(data, as_of, lim=_limits(data, as_of))["hold_over_limit"].sum())


# --------------------------------------------------------------------------- 07 receivables
def _aging(data: KamData, as_of: dt.date) -> pd.DataFrame:
    return receivables.aging(data, as_of)


@exercise(
    "07.over_90_share",
    hint=(
        "add the buckets beyond 90 days (d91_180, d181_365, d365_plus) over all customers and divide by "
        "the total open receivables (column total); a share between 0 and 1, not a percentage."
    ),
)
def _over_90_share(data: Any) -> float:
    data, as_of = lesson_context(data)
    ag = _aging(data, as_of)
    return float(ag[["d91_180", "d181_365", "d365_plus"]].to_numpy().sum() / ag["total"].sum())


@exercise(
    "07.dso",
    rel_tol=1e-6,
    hint=(
        "open receivables of the whole book (aging total) / net invoiced amount (credit notes included) "
        "of the invoices dated after as_of - 90 days and on or before as_of, x 90."
    ),
)
def _dso(data: Any) -> float:
    data, as_of = lesson_context(data)
    d = receivables.dso(data, None, as_of, days=90, by="total")
    return float(d["dso"].iloc[0])


@exercise(
    "07.provision",
    rel_tol=1e-4,
    hint=(
        "multiply each aging bucket's total by its rate in pol['receivables']['provision_rates'] "
        "(current 0 %, 1-30 days 1 %, ... over 365 days 100 %) and add up."
    ),
)
def _provision(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(receivables.provisions(_aging(data, as_of), by="bucket")["provision"].sum())


@exercise(
    "07.sales_to_recover",
    rel_tol=1e-6,
    hint=(
        "take the open balance (column total) of the first silent debtor (largest first; with no silent "
        "debtor, the largest overdue amount of the aging) and divide it by that customer's margin_rate of "
        "receivables.customer_margin (its own gross margin, or the book's): the new sales whose margin "
        "pays the loss back."
    ),
)
def _sales_to_recover(data: Any) -> float:
    lost, rate = _loss_and_margin(data)
    return float(lost / rate)


def _loss_and_margin(data: Any) -> tuple[float, float]:
    """The loss of lesson 07's recovery exercise (the first silent debtor's balance, or the largest overdue) and
    that customer's own margin rate."""
    data, as_of = lesson_context(data)
    aged = _aging(data, as_of)
    silent = receivables.silent_debtors(data, as_of, aged=aged)
    lost_id = silent.index[0] if len(silent) else aged["overdue"].idxmax()
    lost = silent["total"].iloc[0] if len(silent) else aged["overdue"].max()
    return float(lost), float(receivables.customer_margin(data, as_of).loc[lost_id, "margin_rate"])


# --------------------------------------------------------------------------- 08 account plan
@exercise(
    "08.wallet_share",
    hint=(
        "revenue of the last 12 months (net invoiced amount after as_of - 12 months, up to as_of) of the "
        "focus account / its wallet_estimate in the customers table; a share, not a percentage."
    ),
)
def _wallet_share(data: Any) -> float:
    data, as_of = lesson_context(data)
    cid = focus_account(data, as_of)
    facts = segments.customer_facts(data, as_of)
    return float(facts.loc[cid, "revenue_12m"] / facts.loc[cid, "wallet_estimate"])


@exercise(
    "08.account_time_share",
    hint=(
        "keep the activities dated after as_of - 12 months and on or before as_of on the key accounts (tier "
        "'key' of the pyramid); the focus account's hours divided by the hours of all of them."
    ),
)
def _account_time_share(data: Any) -> float:
    data, as_of = lesson_context(data)
    pyr = data.kept(("lesson pyramid", as_of), lambda: segments.pyramid(data, as_of))
    key_hours = pyr.loc[pyr["tier"] == "key", "hours_12m"]
    return float(key_hours.get(focus_account(data, as_of), 0.0) / key_hours.sum())


# --------------------------------------------------------------------------- the listed mistakes
# Each gives the wrong answer a common mistake makes on the data; its message is in hints.yaml.
def _statement(data: KamData, as_of: dt.date, cid: str | None = None) -> pd.Series:
    """The latest statement of ``cid`` (default: the focus account) on or before ``as_of``."""
    cid = cid or focus_account(data, as_of)
    fin = data.financials
    own = fin[(fin["customer_id"] == cid) & (pd.to_datetime(fin["period_end"]) <= pd.Timestamp(as_of))]
    return own.sort_values("period_end").iloc[-1]


@slip("05.quick_ratio", "current_ratio")
def _current_ratio(data: Any) -> float:
    data, as_of = lesson_context(data)
    s = _statement(data, as_of)
    return float(s["current_assets"] / s["current_liabilities"])


@slip("05.quick_ratio", "forgot_prepaid")
def _quick_without_prepaid(data: Any) -> float:
    data, as_of = lesson_context(data)
    s = _statement(data, as_of)
    return float((s["current_assets"] - s["inventory"]) / s["current_liabilities"])


@slip("05.asset_turnover", "latest_assets")
def _turnover_on_latest_assets(data: Any) -> float:
    data, as_of = lesson_context(data)
    s = _statement(data, as_of)
    return float(s["revenue"] / s["total_assets"])


@slip("05.debt_ratio", "debt_to_equity")
def _debt_to_equity(data: Any) -> float:
    data, as_of = lesson_context(data)
    s = _statement(data, as_of)
    return float(s["total_liabilities"] / (s["total_assets"] - s["total_liabilities"]))


@slip("05.net_margin", "return_on_assets")
def _return_on_assets(data: Any) -> float:
    data, as_of = lesson_context(data)
    s = _statement(data, as_of)
    return float(s["net_profit"] / s["total_assets"])


@slip("05.weak_debt_ratio", "every_statement")
def _weak_statements(data: Any) -> int:
    data, as_of = lesson_context(data)
    fin = data.financials[pd.to_datetime(data.financials["period_end"]) <= pd.Timestamp(as_of)]
    watch = float(load_policy(None)["credit"]["benchmarks"]["debt_ratio"]["watch"])
    return int((fin["total_liabilities"] / fin["total_assets"] > watch).sum())


@slip("05.factor_points", "scored_twice")
def _points_scored_twice(data: Any) -> float:
    data, as_of = lesson_context(data)
    fac = data.credit_factors
    fac = fac[
        (fac["customer_id"] == focus_account(data, as_of)) & (pd.to_datetime(fac["assessed_on"]) <= pd.Timestamp(as_of))
    ]
    last = fac.sort_values("assessed_on").iloc[-1]
    weights = load_policy(None)["credit"]["weights"]
    return float(sum(weights[f] * (float(last[f]) - 1) / 4 for f in CREDIT_FACTORS))


@slip("06.top_level", "decreases_counted")
def _top_level_with_decreases(data: Any) -> int:
    data, as_of = lesson_context(data)
    lim = _limits(data, as_of)
    ceiling = float(load_policy(None)["credit"]["approval_levels"][-2]["up_to"])
    needs = lim[["recommended_limit", "exposure"]].max(axis=1)
    return int(((lim["limit_change"] != 0) & (needs > ceiling)).sum())


def _held(data: Any, owed: str = "receivables", share: float | None = None, no_limit: bool = True) -> int:
    """Customers over their limit by the hold rule, or by one of its slips: ``owed="exposure"``, ``share=0``
    (over the limit itself), ``no_limit=False`` (customers without a limit left out)."""
    data, as_of = lesson_context(data)
    lim = _limits(data, as_of)
    if share is None:
        share = float(load_policy(None)["credit"]["holds"]["over_limit"]["above_share"])
    owing = (lim["open_receivables"] - lim["unapplied_credit"]).clip(lower=0).round(2)
    amount = owing if owed == "receivables" else lim["exposure"]
    limit = lim["approved_limit"]
    held = ((limit > 0) & (amount > limit * (1 + share))) | ((limit == 0) & (amount > 0) & no_limit)
    return int(held.sum())


@slip("06.held_over_limit", "exposure")
def _held_on_exposure(data: Any) -> int:
    return _held(data, owed="exposure")


@slip("06.held_over_limit", "limit_itself")
def _held_over_the_limit_itself(data: Any) -> int:
    return _held(data, share=0.0)


@slip("06.held_over_limit", "no_limit_left_out")
def _held_without_the_unlimited(data: Any) -> int:
    return _held(data, no_limit=False)


@slip("06.handler_burden", "above_limit_only")
def _burden_above_limit(data: Any) -> float:
    data, as_of = lesson_context(data)
    over = _limits(data, as_of).query("over_limit")
    within = over[["exposure", "approved_limit"]].min(axis=1)
    return float((over["exposure"] - within).sum())


@slip("06.handler_burden", "whole_exposure")
def _burden_whole(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_limits(data, as_of).query("over_limit")["exposure"].sum())


@slip("06.case_handler_burden", "above_limit_only")
def _case_above_only(data: Any) -> float:
    return round(_case_split(data)[0], 2)


@slip("06.case_handler_burden", "whole_exposure")
def _case_whole(data: Any) -> float:
    above, within, _ = _case_split(data)
    return round(above + within, 2)


@slip("07.over_90_share", "forgot_365_plus")
def _over_90_without_oldest(data: Any) -> float:
    data, as_of = lesson_context(data)
    ag = _aging(data, as_of)
    return float(ag[["d91_180", "d181_365"]].to_numpy().sum() / ag["total"].sum())


@slip("07.over_90_share", "share_of_overdue")
def _over_90_of_overdue(data: Any) -> float:
    data, as_of = lesson_context(data)
    ag = _aging(data, as_of)
    return float(ag[["d91_180", "d181_365", "d365_plus"]].to_numpy().sum() / ag["overdue"].sum())


def _sales_90(data: KamData, as_of: dt.date) -> float:
    """The net invoiced amount of the 90 days up to ``as_of`` (credit notes included)."""
    start = (pd.Timestamp(as_of) - pd.Timedelta(days=90)).date()
    sql = "select coalesce(sum(amount), 0) as net from invoices where invoice_date > $start and invoice_date <= $end"
    return float(data.sql(sql, {"start": start, "end": as_of}).iloc[0]["net"])


@slip("07.dso", "overdue_only")
def _dso_of_overdue(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_aging(data, as_of)["overdue"].sum() / _sales_90(data, as_of) * 90)


@slip("07.dso", "days_30")
def _dso_30(data: Any) -> float:
    data, as_of = lesson_context(data)
    return float(_aging(data, as_of)["total"].sum() / _sales_90(data, as_of) * 30)


@slip("07.sales_to_recover", "multiplied")
def _recover_multiplied(data: Any) -> float:
    lost, rate = _loss_and_margin(data)
    return float(lost * rate)


@slip("08.wallet_share", "inverted")
def _wallet_inverted(data: Any) -> float:
    data, as_of = lesson_context(data)
    facts = segments.customer_facts(data, as_of)
    cid = focus_account(data, as_of)
    return float(facts.loc[cid, "wallet_estimate"] / facts.loc[cid, "revenue_12m"])


@slip("08.account_time_share", "all_accounts")
def _time_share_of_all(data: Any) -> float:
    data, as_of = lesson_context(data)
    pyr = data.kept(("lesson pyramid", as_of), lambda: segments.pyramid(data, as_of))
    return float(pyr["hours_12m"].get(focus_account(data, as_of), 0.0) / pyr["hours_12m"].sum())

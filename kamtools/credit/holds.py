"""Credit holds (信用冻结): the customers whose orders must be held, by named blocking rules.

The rules are those users of ERP systems know, each switched on or off and set in the policy
(``credit.holds``):

``over_limit``
    receivables (open invoices less unapplied cash) above the approved limit by more than
    ``above_share`` of it; receivables without any approved limit;
``past_due``
    any invoice more than ``days`` past due;
``overdue``
    the overdue (open amount past its due date) above ``share`` of the open receivables and/or
    above ``amount`` (``combine``: ``any`` or ``all``): the same rule stops an increase of the
    customer's limit and makes its action *collect* (:mod:`kamtools.credit.limit_gates`);
``grade``
    a grade among ``grades`` (the worst ones);
``stale_assessment``
    no qualitative assessment, or the latest older than ``months``;
``utilization``
    exposure (receivables and open orders, less unapplied cash) above ``above_share`` of the
    approved limit; exposure without any approved limit.

Thresholds computed from money (the limit times a share) are taken to the cent, half up, and
compared in whole cents: exactly at a threshold does not fire, one cent above does. Each rule
that fires says what releases the hold, with the amount behind it. The list holds the customers
with exposure, an approved limit or purchases in the purchase window (``credit.limit.purchase_months``):
a buyer without a limit is held like any other, its next order waits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from .. import receivables
from ..money import from_cents, round_half_up, to_cents
from ..periods import as_timestamp
from ..policy import load_policy
from ..receivables import bucket_names
from ..store import KamData
from .exposure import limits
from .limit_gates import overdue_over, overdue_threshold_text

#: The hold rules in the order they are listed, with their English and Chinese names.
HOLD_RULES: dict[str, tuple[str, str]] = {
    "over_limit": ("Receivables over the limit", "超额"),
    "past_due": ("Invoice long past due", "逾期"),
    "overdue": ("Overdue share or amount", "逾期占比"),
    "grade": ("Credit grade", "信用等级"),
    "stale_assessment": ("Credit assessment expired", "信用评估过期"),
    "utilization": ("Limit used with open orders", "额度使用率"),
}

#: Columns of :func:`holds` after ``customer_id``.
HOLD_COLUMNS: tuple[str, ...] = (
    "name",
    "account_manager",
    "rules",
    "rules_fired",
    "grade",
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


def amount_text(amounts: pd.Series) -> pd.Series:
    """Money for a sentence, vectorised: thousands separators, cents only when there are any.

    >>> amount_text(pd.Series([1234567.0, 12000.5, 0.01, -1500.0])).tolist()
    ['1,234,567', '12,000.50', '0.01', '-1,500']
    """
    cents = pd.Series(to_cents(amounts.fillna(0.0)), index=amounts.index)
    whole, frac = cents.abs() // 100, cents.abs() % 100
    text = whole.astype("str")
    for _ in range(6):  # up to 10**18: one separator more per round
        text = text.str.replace(r"^(\d+)(\d{3})", r"\1,\2", regex=True)
    text = text.where(frac == 0, text + "." + frac.astype("str").str.zfill(2))
    return text.where(cents >= 0, "-" + text)


def _past_due_amounts(data: KamData, as_of: pd.Timestamp, days: int, index: pd.Index) -> pd.Series:
    """Open amount of the invoices more than ``days`` past due, per customer."""
    ag = receivables.aging(data, as_of.date(), [days])
    col = bucket_names([days])[-1]
    out = ag[col].astype(float)
    out.index = out.index.astype("str")
    return out.reindex(index).fillna(0.0)


def _frame(lim: pd.DataFrame, data: KamData) -> pd.DataFrame:
    missing = [c for c in LIMIT_COLUMNS if c not in lim.columns]
    if missing:
        raise KeyError(f"holds need the columns {', '.join(missing)} of kt.credit.limits in lim")
    out = lim[list(LIMIT_COLUMNS)].copy()
    if "scored_grade" in lim:  # the credit grade, not the one the limit takes while arrears are open
        out["grade"] = lim["scored_grade"]
    out.index = out.index.astype("str")
    out.index.name = "customer_id"
    cust = data.customers.set_index(data.customers["customer_id"].astype("str"))
    out["name"] = cust["name"].reindex(out.index)
    out["account_manager"] = cust["account_manager"].reindex(out.index)
    for col in ("approved_limit", "open_receivables", "unapplied_credit", "open_orders", "exposure", "overdue"):
        out[col] = out[col].astype(float).fillna(0.0)
    out["months_bought"] = out["months_bought"].astype(float).fillna(0.0)
    out["receivables"] = from_cents(
        np.maximum(to_cents(out["open_receivables"]) - to_cents(out["unapplied_credit"]), 0)
    )
    out["utilization"] = out["exposure"] / out["approved_limit"].where(out["approved_limit"] > 0)
    return out


def _over_threshold(value: pd.Series, limit: pd.Series, share: float) -> tuple[pd.Series, pd.Series]:
    """Whether ``value`` is above ``share`` of ``limit`` (any positive value without a limit), and
    the threshold (to the cent, half up)."""
    threshold = pd.Series(round_half_up(limit * share), index=limit.index)
    above = to_cents(value) > to_cents(threshold)
    fired = np.where(limit > 0, above, value > 0)
    return pd.Series(fired, index=value.index, dtype=bool), threshold


def holds(data: KamData, as_of: dt.date | str, policy: Any = None, lim: pd.DataFrame | None = None) -> pd.DataFrame:
    """The customers whose orders must be held, with the rules that fired and what releases them.

    One row per held customer, indexed by ``customer_id``, with :data:`HOLD_COLUMNS`: name,
    account manager, ``rules`` (the rules that fired, in the order of :data:`HOLD_RULES`) and
    ``rules_fired``; the customer's grade, approved limit, ``receivables`` (open invoices less
    unapplied cash), open orders, exposure and utilization; the amounts behind the rules that
    fired (NaN for the others): ``over_limit_amount`` (receivables above the limit),
    ``max_days_past_due`` and ``past_due_amount`` (invoices more than the rule's days past due),
    ``overdue``, ``overdue_share`` (of the open receivables) and ``overdue_release`` (what must be
    paid for the overdue rule to lift), ``assessed_on`` (the latest assessment), ``exposure_excess``
    (exposure above the rule's share of the limit); ``release``: one sentence per rule that fired,
    saying what releases the hold; and ``hold_<rule>`` for each rule. Customers with neither
    exposure, nor an approved limit, nor purchases in the purchase window have nothing to hold and
    are left out. Largest exposure first. The rules and their settings are in the module's
    docstring and the policy (``credit.holds``).

    ``lim`` may pass a result of :func:`kamtools.credit.limits` for the same date and policy.

    >>> import kamtools as kt
    >>> h = holds(kt.sample_data(customers=60, years=2, seed=1), "2026-10-31")
    >>> bool((h["rules_fired"] >= 1).all()), h.columns[2]
    (True, 'rules')
    """
    pol = load_policy(policy)
    rules = pol["credit"]["holds"]
    as_of_ts = as_timestamp(as_of)
    if lim is None:
        lim = limits(data, as_of_ts, pol)
    out = _frame(lim, data)
    fired = {r: pd.Series(False, index=out.index) for r in HOLD_RULES}
    release: dict[str, pd.Series] = {}
    checks = {
        "over_limit": lambda rule: _over_limit(out, rule),
        "past_due": lambda rule: _past_due(out, rule, data, as_of_ts),
        "overdue": lambda rule: _overdue(out, rule),
        "grade": lambda rule: _grade(out, rule),
        "stale_assessment": lambda rule: _stale_assessment(out, rule, as_of_ts),
        "utilization": lambda rule: _utilization(out, rule),
    }
    for name, check in checks.items():
        if rules[name]["enabled"]:
            fired[name], release[name] = check(rules[name])
    return _held(out, fired, release)


def _over_limit(out: pd.DataFrame, rule: Any) -> tuple[pd.Series, pd.Series]:
    """Receivables above the limit by more than the rule's share; sets ``over_limit_amount``."""
    limit = out["approved_limit"]
    fired, _ = _over_threshold(out["receivables"], limit, 1.0 + float(rule["above_share"]))
    over = from_cents(to_cents(out["receivables"]) - to_cents(limit))
    out["over_limit_amount"] = pd.Series(over, index=out.index).where(fired)
    release = (
        "collect "
        + amount_text(out["over_limit_amount"])
        + " to bring receivables of "
        + amount_text(out["receivables"])
        + " within the limit of "
        + amount_text(limit)
        + ", or approve a higher limit"
    )
    no_limit = "approve a credit limit for receivables of " + amount_text(out["receivables"]) + ", or collect them"
    return fired, release.where(limit > 0, no_limit)


def _past_due(out: pd.DataFrame, rule: Any, data: KamData, as_of_ts: pd.Timestamp) -> tuple[pd.Series, pd.Series]:
    """Any invoice more than the rule's days past due; sets ``past_due_amount``."""
    days = int(rule["days"])
    amount = _past_due_amounts(data, as_of_ts, days, out.index)
    fired = pd.Series(to_cents(amount) > 0, index=out.index)
    out["past_due_amount"] = amount.where(fired)
    oldest = amount_text(out["max_days_past_due"].astype(float))
    text = f"pay the invoices more than {days} days past due: " + amount_text(amount)
    return fired, text + " (the oldest " + oldest + " days past due)"


def _overdue(out: pd.DataFrame, rule: Any) -> tuple[pd.Series, pd.Series]:
    """The overdue above the rule's share of the open receivables and/or its amount; sets
    ``overdue_share`` and ``overdue_release`` (what must be paid for the hold to lift)."""
    overdue, receivables = out["overdue"], out["open_receivables"]
    fired = overdue_over(overdue, receivables, rule)
    out["overdue_share"] = (overdue / receivables.where(receivables > 0)).where(fired)
    out["overdue_release"] = pd.Series(_overdue_release(overdue, receivables, rule), index=out.index).where(fired)
    release = (
        "collect the overdue of "
        + amount_text(overdue)
        + " ("
        + (out["overdue_share"].fillna(0.0) * 100).round(0).astype("int64").astype("str")
        + "% of receivables of "
        + amount_text(receivables)
        + f"), the hold lifting once it is no longer {overdue_threshold_text(rule, amount_text)} (after "
        + amount_text(out["overdue_release"])
        + " is paid)"
    )
    return fired, release


def _overdue_release(overdue: pd.Series, receivables: pd.Series, rule: Any) -> np.ndarray:
    """The least payment (applied to overdue invoices, in whole cents) after which the overdue rule
    no longer fires: paying x leaves overdue - x of receivables - x."""
    od, rec = to_cents(overdue).astype(float), to_cents(receivables).astype(float)
    needs = []
    if rule["share"] is not None:  # od - x <= share x (rec - x)
        share = float(rule["share"])
        needs.append(np.ceil(np.maximum(od - share * rec, 0.0) / (1.0 - share) - 1e-6))
    if rule["amount"] is not None:  # od - x <= amount
        needs.append(np.maximum(od - float(to_cents(float(rule["amount"]))), 0.0))
    pay = np.minimum(np.maximum.reduce(needs) if rule["combine"] == "any" else np.minimum.reduce(needs), od)

    def fires(x: np.ndarray) -> np.ndarray:
        left = pd.Series(from_cents((od - x).astype("int64")), index=overdue.index)
        owed = pd.Series(from_cents((rec - x).astype("int64")), index=overdue.index)
        return overdue_over(left, owed, {**rule, "enabled": True}).to_numpy()

    # the share's threshold is taken to the cent, half up: a cent less may do, or a cent more be needed
    less = np.maximum(pay - 1.0, 0.0)
    pay = np.where(fires(less), pay, less)
    pay = np.where(fires(pay), np.minimum(pay + 1.0, od), pay)
    return from_cents(pay.astype("int64"))


def _grade(out: pd.DataFrame, rule: Any) -> tuple[pd.Series, pd.Series]:
    """A grade among the rule's grades."""
    fired = out["grade"].isin(list(rule["grades"])).fillna(False).astype(bool)
    grade = out["grade"].fillna("").astype("str")
    return fired, "a new credit assessment with a better grade than " + grade + ", or cash in advance"


def _stale_assessment(out: pd.DataFrame, rule: Any, as_of_ts: pd.Timestamp) -> tuple[pd.Series, pd.Series]:
    """No assessment, or the latest older than the rule's months."""
    months = int(rule["months"])
    assessed = pd.to_datetime(out["assessed_on"])
    fired = (assessed.isna() | (assessed < as_of_ts - pd.DateOffset(months=months))).astype(bool)
    dated = "a new credit assessment (the latest, of " + assessed.dt.strftime("%Y-%m-%d").fillna("")
    release = (dated + f", is older than {months} months)").where(
        assessed.notna(), "a new credit assessment (never assessed)"
    )
    return fired, release


def _utilization(out: pd.DataFrame, rule: Any) -> tuple[pd.Series, pd.Series]:
    """Exposure above the rule's share of the limit; sets ``exposure_excess``."""
    limit, share = out["approved_limit"], float(rule["above_share"])
    fired, threshold = _over_threshold(out["exposure"], limit, share)
    excess = from_cents(to_cents(out["exposure"]) - to_cents(threshold.where(limit > 0, 0.0)))
    out["exposure_excess"] = pd.Series(excess, index=out.index).where(fired)
    release = (
        "reduce exposure (receivables and open orders) of "
        + amount_text(out["exposure"])
        + " by "
        + amount_text(out["exposure_excess"])
        + f" to at most {share:.0%} of the limit of "
        + amount_text(limit)
    )
    return fired, release.where(limit > 0, "approve a credit limit for exposure of " + amount_text(out["exposure"]))


def _held(out: pd.DataFrame, fired: dict[str, pd.Series], release: dict[str, pd.Series]) -> pd.DataFrame:
    """The rows where a rule fired, with ``rules``, ``rules_fired``, ``release`` and the flags."""
    idx = out.index
    names = pd.Series("", index=idx, dtype="str")
    text = pd.Series("", index=idx, dtype="str")
    for r in HOLD_RULES:
        hit = fired[r]
        out[f"hold_{r}"] = hit
        if r not in release:
            continue
        names = names.where(~hit, names + pd.Series(np.where(names != "", ", ", ""), index=idx) + r)
        text = text.where(~hit, text + pd.Series(np.where(text != "", "; ", ""), index=idx) + release[r])
    out["rules"] = names
    out["rules_fired"] = pd.DataFrame(fired).sum(axis=1).astype("int64")
    out["release"] = text
    for col in ("over_limit_amount", "past_due_amount", "overdue_share", "overdue_release", "exposure_excess"):
        if col not in out.columns:
            out[col] = np.nan
    out["max_days_past_due"] = out["max_days_past_due"].astype("int64").where(out["hold_past_due"])
    out["assessed_on"] = pd.to_datetime(out["assessed_on"]).astype("datetime64[us]")
    out["overdue"] = out["overdue"].where(out["hold_overdue"])
    # a customer with credit, or buying: its next order is held (without any, nothing to hold)
    credit = (out["exposure"] > 0) | (out["approved_limit"] > 0) | (out["months_bought"] > 0)
    held = out[(out["rules_fired"] > 0) & credit].sort_values(
        ["exposure", "customer_id"], ascending=[False, True], kind="mergesort"
    )
    return held[list(HOLD_COLUMNS)]

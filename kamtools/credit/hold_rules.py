"""The credit hold rules (信用冻结规则) over one row per customer: the one place they are written.

:func:`hold_flags` reads a frame with a row per customer (the frame of :func:`kamtools.credit.limits`,
or the facts the limit rules read) and says which rule fires for whom, the amounts behind it and what
releases it. The hold list (:func:`kamtools.credit.holds`) shows it; the limit rules
(:mod:`kamtools.credit.limit_gates`) stop an increase while a rule of ``credit.holds.block_increase``
is in force. The rules, each switched on or off and set in the policy (``credit.holds``):

``over_limit``
    receivables (open invoices less unapplied cash) above the approved limit by more than
    ``above_share`` of it; receivables without any approved limit;
``past_due``
    any invoice more than ``days`` past due (``max_days_past_due`` above them);
``overdue``
    the overdue (open amount past its due date) above ``share`` of the open receivables and/or
    above ``amount`` (``combine``: ``any`` or ``all``);
``grade``
    a grade among ``grades`` (the worst ones);
``stale_assessment``
    no qualitative assessment, or the latest older than ``months``;
``utilization``
    exposure (receivables and open orders, less unapplied cash) above ``above_share`` of the
    approved limit; exposure without any approved limit.

Thresholds computed from money (the limit times a share) are taken to the cent, half up, and
compared in whole cents: exactly at a threshold does not fire, one cent above does. A customer is
held (``on_hold``) when a rule fires and it has exposure, an approved limit or purchases in the
purchase window (``months_bought``): without any there is nothing to hold.

A held customer with an invoice more than ``credit.limit.legal_days_past_due`` past due is a legal case:
its limit is withdrawn (:mod:`kamtools.credit.limit_rules`), so nothing but paying the debt (the
receivables, in full) releases its hold: not a higher limit, a new assessment or cash in advance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..money import from_cents, round_half_up, to_cents
from .limit_gates import overdue_over, overdue_threshold_text
from .limit_words import share_beside, short_amount

#: The hold rules in the order they are listed, with their English and Chinese names.
HOLD_RULES: dict[str, tuple[str, str]] = {
    "over_limit": ("Receivables over the limit", "应收超额"),
    "past_due": ("Invoice long past due", "长期逾期"),
    "overdue": ("Overdue share or amount", "逾期比例或金额超标"),
    "grade": ("Credit grade", "信用等级"),
    "stale_assessment": ("Credit assessment expired", "信用评估过期"),
    "utilization": ("Limit used with open orders", "含订单的额度使用率"),
}

#: The rules that fire for a customer without any approved limit only because it has none: the first
#: limit is what releases them (it is not an increase they stop).
NO_LIMIT_RULES = ("over_limit", "utilization")

#: The amounts behind the rules (NaN where the rule did not fire).
AMOUNT_COLUMNS = ("over_limit_amount", "past_due_amount", "overdue_share", "overdue_release", "exposure_excess")

#: The rules that money releases, and the amount each needs (the rest, grade and stale assessment,
#: need a new assessment).
MONEY_RELEASES = {
    "over_limit": "over_limit_amount",
    "past_due": "past_due_amount",
    "overdue": "overdue_release",
    "utilization": "exposure_excess",
}


def amount_text(amounts: pd.Series) -> pd.Series:
    """Money for a sentence, vectorised: thousands separators, cents only when there are any.

    >>> amount_text(pd.Series([1234567.0, 12000.5, 0.01, -1500.0])).tolist()
    ['1,234,567', '12,000.50', '0.01', '-1,500']
    """
    # one format per amount: the Series' text methods cost a millisecond a call, a few hundred rows none
    text = [
        f"{'-' if c < 0 else ''}{abs(c) // 100:,}{f'.{abs(c) % 100:02d}' if abs(c) % 100 else ''}"
        for c in to_cents(amounts.fillna(0.0)).tolist()
    ]
    return pd.Series(text, index=amounts.index, dtype="str")


def money_text(amounts: pd.Series) -> pd.Series:
    """Money in a release sentence, as the credit reasons write it: short from 1,000 on (``2.97 M``,
    ``785 k``: the Chinese reads 万元), to the cent below it (a threshold a cent away must not read 0).

    >>> money_text(pd.Series([2972670.62, 785400.0, 12000.5, 670.0, 0.01])).tolist()
    ['2.97 M', '785 k', '12 k', '670', '0.01']
    """
    v = amounts.astype(float).fillna(0.0)
    pairs = zip(v.abs().tolist(), short_amount(v).tolist(), amount_text(v).tolist())
    return pd.Series([short if x >= 1000 else exact for x, short, exact in pairs], index=v.index, dtype="str")


def _sentence(*parts: str | pd.Series) -> pd.Series:
    """What releases a rule, one sentence per customer, from its parts in order: a text as it is, a
    Series of text as it is, a Series of numbers as money (:func:`money_text`). Every release sentence
    is made here."""
    index = next(p.index for p in parts if isinstance(p, pd.Series))
    if any(isinstance(p, pd.Series) and not p.index.equals(index) for p in parts):
        out = pd.Series("", index=index, dtype="str")
        for part in parts:  # parts on other rows: aligned by the customer
            out = out + (_words(part) if isinstance(part, pd.Series) else part)
        return out
    # row by row in plain text (a missing part leaves the sentence missing, as adding text would)
    columns = [_words(p).tolist() if isinstance(p, pd.Series) else [p] * len(index) for p in parts]
    rows = ["".join(row) if all(isinstance(w, str) for w in row) else None for row in zip(*columns)]
    return pd.Series(rows, index=index, dtype="str")


def _words(part: pd.Series) -> pd.Series:
    """A part of a release sentence as text: numbers as money (:func:`money_text`)."""
    return money_text(part) if pd.api.types.is_numeric_dtype(part) else part.astype("str")


def _money(frame: pd.DataFrame, name: str) -> pd.Series:
    """A money column of the frame (0 where missing, or when the frame has no such column)."""
    if name not in frame:
        return pd.Series(0.0, index=frame.index)
    return frame[name].astype(float).fillna(0.0)


def hold_flags(frame: pd.DataFrame, pol: Mapping, as_of: pd.Timestamp) -> pd.DataFrame:
    """The hold rules of ``pol["credit"]["holds"]`` over ``frame`` (one row per customer: ``grade``,
    ``approved_limit``, ``open_receivables``, ``unapplied_credit``, ``open_orders``, ``exposure``,
    ``overdue``, ``max_days_past_due``, ``assessed_on``, ``months_bought`` and, for the amount of the
    past-due rule, ``past_due_amount``; a missing money column counts as 0).

    Returns a frame on the same index: ``receivables`` and ``utilization``, ``hold_<rule>`` for each
    rule of :data:`HOLD_RULES` (False when switched off), the amounts behind them
    (:data:`AMOUNT_COLUMNS`), ``rules`` (the rules that fired, ``", "``-joined in the order of
    :data:`HOLD_RULES`), ``rules_fired``, ``release`` (what releases each, ``"; "``-joined) and
    ``on_hold`` (a rule fired for a customer with exposure, a limit or purchases).

    >>> from kamtools.policy import load_policy
    >>> f = pd.DataFrame({"grade": ["BB"], "approved_limit": [35000.0], "exposure": [68479.55],
    ...     "open_receivables": [38207.94], "max_days_past_due": [0], "months_bought": [12],
    ...     "assessed_on": [pd.Timestamp("2026-01-23")]}, index=["C000219"])
    >>> h = hold_flags(f, load_policy(), pd.Timestamp("2026-10-31"))
    >>> h.loc["C000219", "rules"], bool(h.loc["C000219", "on_hold"])
    ('utilization', True)
    """
    rules = pol["credit"]["holds"]
    out = pd.DataFrame(index=frame.index)
    for col in ("approved_limit", "open_receivables", "unapplied_credit", "open_orders", "exposure", "overdue"):
        out[col] = _money(frame, col)
    out["grade"] = frame["grade"]
    out["max_days_past_due"] = frame["max_days_past_due"].astype(float).fillna(0.0)
    out["assessed_on"] = pd.to_datetime(frame["assessed_on"])
    out["past_due_amount"] = _money(frame, "past_due_amount")
    out["receivables"] = from_cents(
        np.maximum(to_cents(out["open_receivables"]) - to_cents(out["unapplied_credit"]), 0)
    )
    out["utilization"] = out["exposure"] / out["approved_limit"].where(out["approved_limit"] > 0)
    checks = {
        "over_limit": _over_limit,
        "past_due": _past_due,
        "overdue": _overdue,
        "grade": _grade,
        "stale_assessment": lambda o, rule: _stale_assessment(o, rule, as_of),
        "utilization": _utilization,
    }
    fired = {r: pd.Series(False, index=out.index) for r in HOLD_RULES}
    release: dict[str, pd.Series] = {}
    for name, check in checks.items():
        if rules[name]["enabled"]:
            fired[name], release[name] = check(out, rules[name])
    bought = frame["months_bought"].astype(float).fillna(0.0) if "months_bought" in frame else 0.0
    credit = (out["exposure"] > 0) | (out["approved_limit"] > 0) | (bought > 0)
    out = _named(out, fired, release, credit)
    return _legal_release(out, int(pol["credit"]["limit"]["legal_days_past_due"]))


def _legal_release(out: pd.DataFrame, days: int) -> pd.DataFrame:
    """A legal case (an invoice more than ``days`` past due; its limit is withdrawn): paying the debt, the
    receivables in full, is the one release, whatever rules fired."""
    legal = out["on_hold"] & (out["max_days_past_due"] > days)
    sentence = _sentence(
        "pay the debt of ",
        out["receivables"],
        " in full: an invoice ",
        out["max_days_past_due"].astype("int64").astype("str"),
        f" days past due (over the {days} legal days) is with collections or legal action, and no new limit or "
        "assessment releases the hold",
    )
    out["release"] = out["release"].where(~legal, sentence)
    out["release_amount"] = out["release_amount"].where(~legal, out["receivables"])
    out["overdue_release"] = out["overdue_release"].where(~legal)  # paying less no longer lifts the hold
    return out


def _named(
    out: pd.DataFrame, fired: dict[str, pd.Series], release: dict[str, pd.Series], credit: pd.Series
) -> pd.DataFrame:
    """``out`` with the flags, ``rules``, ``rules_fired``, ``release`` and ``on_hold``."""
    idx = out.index
    names = pd.Series("", index=idx, dtype="str")
    text = pd.Series("", index=idx, dtype="str")
    for r in HOLD_RULES:
        hit = fired[r].astype(bool)
        out[f"hold_{r}"] = hit
        if r not in release:
            continue
        names = names.where(~hit, names + pd.Series(np.where(names != "", ", ", ""), index=idx) + r)
        text = text.where(~hit, text + pd.Series(np.where(text != "", "; ", ""), index=idx) + release[r])
    out["rules"] = names
    out["rules_fired"] = pd.DataFrame(fired).sum(axis=1).astype("int64")
    out["release"] = text
    for col in AMOUNT_COLUMNS:
        if col not in out.columns:
            out[col] = np.nan
    out["past_due_amount"] = out["past_due_amount"].where(out["hold_past_due"])
    out["on_hold"] = ((out["rules_fired"] > 0) & credit).astype(bool)
    out["release_amount"] = release_amount(out)
    return out


def release_amount(flags: pd.DataFrame) -> pd.Series:
    """The one amount that releases the money rules of a hold (:data:`MONEY_RELEASES`) that fired:
    the largest of their amounts, collected on the oldest invoices first (so it pays the overdue and
    the long past-due invoices a rule needs) or, for the part above the limit with open orders, taken
    as payment in advance; NaN where no money rule fired. The plan, the hold list and its workbook
    show this amount.

    >>> f = pd.DataFrame({"hold_over_limit": [True, False], "hold_past_due": [False, False],
    ...     "hold_overdue": [True, False], "hold_utilization": [True, False], "over_limit_amount": [674542.27, None],
    ...     "past_due_amount": [None, None], "overdue_release": [1905926.72, None],
    ...     "exposure_excess": [2007264.47, None]})
    >>> release_amount(f).tolist()
    [2007264.47, nan]
    """
    amounts = pd.DataFrame(
        {
            rule: flags[col].astype(float).where(flags[f"hold_{rule}"].astype(bool))
            for rule, col in MONEY_RELEASES.items()
        }
    )
    return amounts.max(axis=1, skipna=True)


def blocking(flags: pd.DataFrame, pol: Mapping) -> pd.Series:
    """The rules of ``credit.holds.block_increase`` in force for each customer of ``flags`` (the frame
    of :func:`hold_flags`), ``", "``-joined (``""``: none). A rule that fires only because the customer
    has no approved limit (receivables or exposure without one) does not count: the first limit
    releases it."""
    idx = flags.index
    names = pd.Series("", index=idx, dtype="str")
    no_limit = flags["approved_limit"] <= 0
    for r in HOLD_RULES:
        if r not in pol["credit"]["holds"]["block_increase"]:
            continue
        hit = flags[f"hold_{r}"] & flags["on_hold"]
        if r in NO_LIMIT_RULES:
            hit = hit & ~no_limit
        names = names.where(~hit, names + pd.Series(np.where(names != "", ", ", ""), index=idx) + r)
    return names


def _over_threshold(value: pd.Series, limit: pd.Series, share: float) -> tuple[pd.Series, pd.Series]:
    """Whether ``value`` is above ``share`` of ``limit`` (any positive value without a limit), and
    the threshold (to the cent, half up)."""
    threshold = pd.Series(round_half_up(limit * share), index=limit.index)
    above = to_cents(value) > to_cents(threshold)
    fired = np.where(limit > 0, above, value > 0)
    return pd.Series(fired, index=value.index, dtype=bool), threshold


def _over_limit(out: pd.DataFrame, rule: Any) -> tuple[pd.Series, pd.Series]:
    """Receivables above the limit by more than the rule's share; sets ``over_limit_amount``."""
    limit = out["approved_limit"]
    fired, _ = _over_threshold(out["receivables"], limit, 1.0 + float(rule["above_share"]))
    over = from_cents(to_cents(out["receivables"]) - to_cents(limit))
    out["over_limit_amount"] = pd.Series(over, index=out.index).where(fired)
    release = _sentence(
        "collect ",
        out["over_limit_amount"],
        " to bring receivables of ",
        out["receivables"],
        " within the limit of ",
        limit,
        ", or approve a higher limit",
    )
    no_limit = _sentence("approve a credit limit for receivables of ", out["receivables"], ", or collect them")
    return fired, release.where(limit > 0, no_limit)


def _past_due(out: pd.DataFrame, rule: Any) -> tuple[pd.Series, pd.Series]:
    """Any invoice more than the rule's days past due (``past_due_amount``: the open amount of them)."""
    days = int(rule["days"])
    fired = (out["max_days_past_due"] > days).astype(bool)
    oldest = out["max_days_past_due"].astype("int64").astype("str")
    text = _sentence(f"pay the invoices more than {days} days past due: ", out["past_due_amount"])
    return fired, _sentence(text, " (the oldest ", oldest, " days past due)")


def _overdue(out: pd.DataFrame, rule: Any) -> tuple[pd.Series, pd.Series]:
    """The overdue above the rule's share of the open receivables and/or its amount; sets
    ``overdue_share`` and ``overdue_release`` (what must be paid for the hold to lift)."""
    overdue, receivables = out["overdue"], out["open_receivables"]
    fired = overdue_over(overdue, receivables, rule)
    out["overdue_share"] = (overdue / receivables.where(receivables > 0)).where(fired)
    out["overdue_release"] = pd.Series(_overdue_release(overdue, receivables, rule), index=out.index).where(fired)
    share = share_beside(out["overdue_share"], np.nan if rule["share"] is None else float(rule["share"]), unit="%")
    release = _sentence(
        "collect the overdue of ",
        overdue,
        " (",
        share,
        " of receivables of ",
        receivables,
        f"), the hold lifting once it is no longer {overdue_threshold_text(rule, money_text)} (after ",
        out["overdue_release"],
        " is paid)",
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
    assessed = out["assessed_on"]
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
    release = _sentence(
        "reduce exposure (receivables and open orders) of ",
        out["exposure"],
        " by ",
        out["exposure_excess"],
        f" to at most {share:.0%} of the limit of ",
        limit,
    )
    no_limit = _sentence("approve a credit limit for exposure of ", out["exposure"])
    return fired, release.where(limit > 0, no_limit)

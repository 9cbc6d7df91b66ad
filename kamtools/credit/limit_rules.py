"""The rules of the recommended limit, on one row of facts per customer (no data access).

:func:`recommend` turns what is known of each customer (purchases, payment terms, open
orders, financial statement, grade, current limit, exposure, arrears, collateral, date of
the qualitative assessment) into the recommended limit and the rule that set it, by the
``credit.limit`` section of the policy:

1. **need** ``terms_need = monthly purchases × (payment terms + grace days) / 30 +
   open orders``; the monthly purchases are the average over the months the customer
   bought in the window (``need_basis: average``) or the highest average of
   ``peak_months`` consecutive months (``peak``; also for a busy account: utilization above
   ``busy_utilization`` with nothing overdue);
2. **risk**: the grade's ``multiplier`` on the need;
3. **capacity**: at most ``capacity.equity_share`` of equity and
   ``capacity.working_capital_share`` of working capital by grade (the lesser or the
   greater of the two, ``capacity.combine``), from a statement no older than
   ``capacity.financials_max_months``; without one there is no capacity cap, and that is
   said;
4. **new accounts** (no purchases in the window, no limit): need × multiplier, at most the
   grade's ``initial_limit`` (that amount when there is no need); the same **starter limit**
   caps the unsecured part of a customer without a usable statement (until statements are
   received) and of a short history without a limit yet; a buyer without a limit whose exposure
   is open is a *regularisation of exposure without a limit*, not a new account; a customer
   that bought in fewer than ``short_history_months`` months (but one at least) keeps **the
   lesser of its approved limit and the starter limit**, no more and no less; a **dormant**
   customer (a limit, no purchases in the window) has its limit withdrawn
   (``withdraw_dormant``; the investigation comes with its next order);
5. **collateral** backs a secured part at its value less ``collateral_haircut``, up to
   the need the unsecured part leaves (the reason says what it backs and what is used);
6. **rounding** to the nearest ``rounding`` (a secured limit down), a positive limit never
   below ``minimum``;
7. **evidence**: a qualitative assessment older than ``credit.review.
   assessment_older_than_months`` (or none): *investigate first*, no increase until then,
   but the last grade's limit (and a short history's cap) applies at once where it is lower;
8. **hold**: an invoice more than ``hold_days_past_due`` days past due: no increase and no
   grade upgrade while it is open, and the limit uses at most ``arrears_grade``; beyond
   ``legal_days_past_due`` the limit is **withdrawn** (see 13);
9. **override**: an analyst's limit in force (the optional ``credit_overrides`` table,
   ``override_limit``; with ``limit_source``, only where it is the limit in force:
   :mod:`kamtools.credit.limit_in_force`) replaces the rules' proposal, with its reason and approver; no
   investigation is asked while it is in force, but the holds still allow no increase beyond it;
10. **not rated** (grade NR, too few items known): ``credit.not_rated.limit_rule`` says
    what the limit is: ``investigate`` (the current limit stays until rated), ``initial``
    (the terms need, at most ``credit.not_rated.initial_limit``) or ``zero`` (cash until rated);
11. **gates** (:mod:`kamtools.credit.limit_gates`), after the evidence and hold rules: the
    **overdue** hold (``credit.holds.overdue``) allows no increase beyond the limit in force (the
    approved one, or an override in force) and makes the action ``collect``; an assessment
    **lapsing** within ``credit.review.lapse_warning_days`` allows no increase (*re-assess by
    <date> first*); any **credit hold** of ``credit.holds.block_increase`` in force (the rules of the
    hold list, :mod:`kamtools.credit.hold_rules`; not those that fire only because there is no limit
    yet) allows no increase beyond the limit in force, after every other rule; a change below the
    **materiality** band (``materiality_share`` of the approved limit or ``materiality_amount``, the
    larger) is not proposed (action ``keep``), unless it is a risk-driven cut (the caps of the
    evidence among them: a short history, a stale assessment, no usable statement) or an override;
12. **action**, the most urgent that applies (:data:`ACTIONS`): ``legal`` (rule 13), ``collect`` (exposure above the new
    limit, or the overdue hold: the new limit applies at once, no shipments on credit until the
    exposure is within it: receivables collected, the overdue at least, and open orders held, the
    receivables beyond the orders first), ``hold``, ``investigate``, ``statement_first`` (a cut only for a
    missing statement: :mod:`kamtools.credit.statement_first`), ``withdraw`` (dormant), ``reduce_with_plan``
    (a cut beyond ``plan_decrease_share`` of a limit in live use goes in steps), ``decrease``,
    ``increase``, ``keep``; **terms** ``proposed_terms_days`` for every customer, whatever its action: 0
    (cash in advance) for a limit of 0 or a grade without unsecured credit; where the grade's multiplier
    (below 1), the capacity or the starter limit leaves the limit under the terms need, the longest terms it
    carries (the longest ``standard_terms_days`` that fits, else the whole days that fit, cash in advance
    below the need of the grace days alone), with the need at them in the reason; else the terms in force;
13. **legal**: an invoice more than ``legal_days_past_due`` past due, after every other rule (an override
    among them): the limit is withdrawn (0: no open credit, supply only against cash in advance until the
    debt is paid and a new limit approved), collateral held stays against the debt and secures no new
    supply, and the action is ``legal`` (withdraw the limit, hand the debt to collections or legal action).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..money import round_half_up
from ..policy import load_policy
from ._common import NOT_RATED
from .hold_rules import blocking, hold_flags
from .limit_gates import GATE_TEXTS, hold_gate, lapse_gate, legal_gate, materiality_gate, overdue_gate
from .limit_text import _by_grade, _join, _need_text, _reasons, _unrated_text, short_amount
from .statement_first import statement_gate

#: What each ``limit_rule`` says set the recommended limit (the head of ``limit_reason``).
LIMIT_RULES: dict[str, str] = {
    "legal": "an invoice past the legal days (credit.limit.legal_days_past_due): the limit is withdrawn, the debt goes "
    "to collections or legal action",
    "investigate": "stale or missing assessment: no increase until a new investigation (a lower limit applies)",
    "hold": "invoice past the hold days: collect, no increase while it is open",
    "overdue": "overdue above the overdue hold's share or amount (credit.holds.overdue): collect, no increase",
    "credit_hold": "a credit hold of credit.holds.block_increase in force: no increase while it is",
    "reassess": "the assessment lapses within credit.review.lapse_warning_days: re-assess first, no increase",
    "materiality": "the change is below the materiality band: the approved limit stays",
    "initial": "new account (no purchases in the window, no limit): initial limit",
    "starter": "no usable financial statement (or a short history without a limit): unsecured at most the starter limit",
    "statement_first": "no usable financial statement, the only reason for a cut: the statement first, meanwhile the "
    "limit in force capped at the exposure; if it is not received, the limit without it (the starter limit unsecured)",
    "capacity": "capped by the capacity (shares of equity and working capital)",
    "grade": "the grade's multiplier on the terms need",
    "need": "the terms need",
    "collateral": "the terms need, partly secured by collateral",
    "dormant": "no purchases in the window: the limit is withdrawn until the next order",
    "short_history": "a short history: the lesser of the approved and the starter limit (one or two orders do not show the business)",
    "override": "an analyst's override (credit_overrides): the limit decided, with its reason and approver",
    "not_rated": "not rated (too few items known): the policy's limit for customers not rated",
}

#: Values of ``action``, most urgent first: the first that applies is the action.
ACTIONS = (
    "legal",
    "collect",
    "hold",
    "investigate",
    "statement_first",
    "withdraw",
    "reduce_with_plan",
    "decrease",
    "increase",
    "keep",
)


#: The working columns of the rules, dropped once ``limit_reason`` is written.
_WORKING = (
    "max_days_past_due",
    "starter_why",
    "statement_free_limit",
    "statement_limit",
    "stale_evidence",
    "standard_terms",
    "terms_fit_days",
    "carries_no_terms",
    *GATE_TEXTS,
)


def terms_need(monthly_purchases: Any, credit_days: Any, open_orders: Any) -> Any:
    """The credit a customer's normal business uses: its monthly purchases for its payment
    terms and grace days (``credit_days`` / 30), plus its open orders, to the cent (amounts or
    arrays of them).

    >>> float(terms_need(90_000, 40, 10_000))
    130000.0
    """
    return round_half_up(monthly_purchases * credit_days / 30.0 + open_orders)


def _need(f: pd.DataFrame, lim: Mapping) -> pd.DataFrame:
    """Payment terms, the monthly purchases the need starts from and the terms need."""
    out = pd.DataFrame(index=f.index)
    terms = f["payment_terms_days"].astype(float)
    out["payment_terms_days"] = terms.fillna(float(lim["payment_terms_days"])).astype("int64")
    out["grace_days"] = int(lim["grace_days"])
    out["credit_days"] = out["payment_terms_days"] + out["grace_days"]
    avg = f["avg_monthly_purchases"].astype(float).fillna(0.0).clip(lower=0.0)
    peak = f["peak_monthly_purchases"].astype(float).fillna(0.0).clip(lower=0.0)
    approved = f["approved_limit"].astype(float).fillna(0.0)
    used = f["exposure"].astype(float).fillna(0.0) / approved.where(approved > 0)
    on_time = f["max_days_past_due"].astype(float).fillna(0.0) <= 0
    out["busy"] = ((used > float(lim["busy_utilization"])) & on_time & (peak > avg)).astype(bool)
    peak_basis = out["busy"] | (lim["need_basis"] == "peak")
    out["need_purchases"] = peak.where(peak_basis, avg)
    orders = f["open_orders"].astype(float).fillna(0.0).clip(lower=0.0)
    out["terms_need"] = terms_need(out["need_purchases"], out["credit_days"], orders)
    return out


def _withheld_grade(f: pd.DataFrame, hold: pd.Series, grades: list[str]) -> tuple[pd.Series, pd.Series]:
    """The grade the limit uses: no upgrade while on hold (the previous grade stays)."""
    rank = {g: i for i, g in enumerate(grades)}
    now = f["grade"].map(rank)
    before = f["previous_grade"].map(rank) if "previous_grade" in f else pd.Series(np.nan, index=f.index)
    withheld = hold & now.notna() & before.notna() & (now < before)
    grade = f["grade"].where(~withheld, f["previous_grade"] if "previous_grade" in f else f["grade"])
    return grade.astype("object"), withheld.astype(bool)


def _capped_grade(grade: pd.Series, hold: pd.Series, grades: list[str], cap: str) -> tuple[pd.Series, pd.Series]:
    """While arrears past the hold days are open, the limit uses at most grade ``cap`` (a
    customer not rated, too)."""
    rank = {g: i for i, g in enumerate(grades)}
    worse = grade.map(rank).fillna(-1) < rank[cap]  # a better grade, NR or none
    capped = hold & worse
    return grade.where(~capped, cap).astype("object"), capped.astype(bool)


def _capacity(f: pd.DataFrame, grade: pd.Series, lim: Mapping, as_of: pd.Timestamp) -> pd.DataFrame:
    """The capacity cap from the latest usable statement (NaN: no cap)."""
    cap = lim["capacity"]
    out = pd.DataFrame(index=f.index)
    fin_on = pd.to_datetime(f["financials_on"])
    oldest = as_of - pd.DateOffset(months=int(cap["financials_max_months"]))
    out["financials_usable"] = (fin_on.notna() & (fin_on >= oldest)).astype(bool)
    use = out["financials_usable"]
    equity = f["equity"].astype(float).where(use)
    wc = f["working_capital"].astype(float).where(use)
    out["equity_cap"] = round_half_up((_by_grade(grade, cap["equity_share"]) * equity).clip(lower=0.0))
    out["working_capital_cap"] = round_half_up((_by_grade(grade, cap["working_capital_share"]) * wc).clip(lower=0.0))
    pick = np.fmin if cap["combine"] == "lesser" else np.fmax
    out["capacity_cap"] = pd.Series(pick(out["equity_cap"], out["working_capital_cap"]), index=f.index)
    out["capacity_basis"] = pd.Series(
        np.where(out["capacity_cap"] == out["equity_cap"], "equity", "working capital"), index=f.index, dtype="str"
    ).where(out["capacity_cap"].notna(), "")
    return out


def _proposed(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.DataFrame:
    """The limit the rules propose before the evidence, hold and step rules: risk, capacity, the
    starter limit (new accounts, no usable statement, a short history), collateral, rounding
    (``rules_limit``, the grade's limit) and the short history (``proposed_limit``)."""
    grade = out["grade"]
    out["multiplier"] = _by_grade(grade, lim["multiplier"])
    out["months_of_purchases"] = out["multiplier"] * out["credit_days"] / 30.0
    out["risk_limit"] = round_half_up(out["terms_need"] * out["multiplier"])
    approved = f["approved_limit"].astype(float).fillna(0.0)
    bought = f["months_bought"].fillna(0)
    out["dormant"] = (bool(lim["withdraw_dormant"]) & (bought <= 0) & (approved > 0)).astype(bool)
    out["new_account"] = (~out["dormant"] & (bought <= 0)).astype(bool)
    starter = _by_grade(grade, lim["initial_limit"])
    out["starter_limit"] = starter
    out["initial_limit"] = starter.where(out["new_account"])
    initial = out["risk_limit"].where(out["terms_need"] > 0, starter).clip(upper=starter)
    base = out["risk_limit"].where(~out["new_account"], initial).fillna(0.0).where(~out["dormant"], 0.0)
    cap = out["capacity_cap"]
    unsecured = base.where(cap.isna() | (base <= cap), cap)
    out["capped_by_capacity"] = (cap.notna() & (base > cap)).astype(bool)
    out["capped_by_equity"] = out["capped_by_capacity"] & (out["capacity_basis"] == "equity")
    # the starter limit caps the unsecured part until the evidence shows more: no usable statement,
    # or a short history without a limit yet (a new account's initial limit is capped above)
    short = (bought > 0) & (bought < int(lim["short_history_months"]))
    out["starter_why"] = pd.Series(
        np.select([~out["financials_usable"], short & (approved <= 0)], ["statement", "short"], ""),
        index=f.index,
        dtype="str",
    ).where(~out["new_account"] & ~out["dormant"], "")
    out["capped_by_starter"] = ((out["starter_why"] != "") & (unsecured > starter)).astype(bool)
    out["unsecured_limit"] = unsecured.where(~out["capped_by_starter"], starter)
    # what the rules give without the starter cap (the statement-first rule's ceiling, statement_first.statement_gate)
    out["statement_free_limit"] = _secured_and_rounded(f, out.assign(unsecured_limit=unsecured), base, lim)[
        "rules_limit"
    ]
    out = _secured_and_rounded(f, out, base, lim)
    # a short history keeps the lesser of its approved limit and the starter limit, no more and no
    # less: one or two orders do not show the normal business (a grade without unsecured credit,
    # or arrears past the hold days, cut it as they cut any limit)
    keep = short & (approved > 0) & ~out["hold"] & (out["multiplier"].fillna(0.0) > 0)
    out["short_history"] = keep.astype(bool)
    out["short_limit"] = np.minimum(approved, starter.fillna(0.0)).where(keep)
    out["proposed_limit"] = out["rules_limit"].where(~keep, out["short_limit"]).astype(float)
    return out


def _secured_and_rounded(f: pd.DataFrame, out: pd.DataFrame, base: pd.Series, lim: Mapping) -> pd.DataFrame:
    """The secured part (collateral after the haircut, up to the need the unsecured part leaves) and
    ``rules_limit``: unsecured + secured, rounded (a secured limit down), never below the minimum."""
    collateral = f["collateral"].astype(float).fillna(0.0).clip(lower=0.0)
    unsecured = out["unsecured_limit"]
    out["collateral_backs"] = round_half_up(collateral * (1.0 - float(lim["collateral_haircut"])))
    out["secured_room"] = (np.maximum(out["terms_need"], base) - unsecured).clip(lower=0.0)
    out["secured_limit"] = round_half_up(np.minimum(out["collateral_backs"], out["secured_room"]))
    raw = unsecured + out["secured_limit"]
    step = float(lim["rounding"])
    # to the nearest step; a secured limit rounds down (never past what the collateral backs)
    rounded = np.floor(raw / step + np.where(out["secured_limit"] > 0, 0.0, 0.5) + 1e-9) * step
    out["raised_to_minimum"] = ((raw > 0) & (rounded < float(lim["minimum"]))).astype(bool)
    out["rules_limit"] = rounded.where(~out["raised_to_minimum"], float(lim["minimum"])).astype(float)
    return out


def recommend(facts: pd.DataFrame, as_of: Any, policy: Any = None) -> pd.DataFrame:
    """The recommended limit of each customer and the rule that set it (see the module).

    ``facts`` has one row per customer with ``grade`` (and ``previous_grade``),
    ``avg_monthly_purchases``, ``peak_monthly_purchases``, ``months_bought``,
    ``payment_terms_days`` (empty: the policy's default), ``open_orders``, ``equity``,
    ``working_capital``, ``financials_on`` (date of the latest statement, empty: none),
    ``approved_limit``, ``collateral``, ``exposure``, ``max_days_past_due``,
    ``arrears`` (open amount past the hold days), ``provision`` and ``assessed_on``.

    Returns a new frame on the same index: the grade the limit uses (``grade``, an upgrade
    withheld while on hold: ``upgrade_withheld``), the terms and ``terms_need``, the
    ``multiplier``, the capacity caps, ``new_account``, ``starter_limit`` (and ``initial_limit``
    of a new account), ``capped_by_starter``, the secured part (``collateral_backs``,
    ``secured_limit``), ``rules_limit`` (the grade's rules), ``short_history`` and
    ``short_limit``, ``recommended_limit``, ``limit_rule`` (a key of :data:`LIMIT_RULES`),
    ``limit_reason`` (readable, never empty), ``hold``, ``legal`` (past the legal days: withdrawn),
    ``investigate`` with ``missing_evidence``, the gates' ``overdue_share`` and ``overdue_hold``, ``reassess_by``
    and ``reassess_first``, ``credit_holds`` (the hold rules in force, as the hold list names
    them), ``blocking_holds`` (those that stop an increase) and ``hold_gate`` (they stopped one),
    ``materiality_band`` and ``within_band``, ``needs_plan`` with ``collect_first`` (the receivables to
    collect: the overdue now, what is not yet due at its due dates) and ``orders_held`` (the open orders
    shipped only against prepayment until the exposure is within the new limit), ``action``
    (one of :data:`ACTIONS`), ``proposed_terms_days`` with ``cash_in_advance`` and
    ``terms_shortened``, ``below_need`` (more than half a rounding step below the terms need)
    and ``below_need_rule``. The facts may also give ``open_receivables``, ``unapplied_credit``,
    ``overdue`` and ``past_due_amount`` (the holds; none when missing) and an override in force
    (``override_limit``, ``override_by``, ``override_on``, ``override_reason``).

    Examples
    --------
    One customer buying 30,000 a month on 30-day terms (+10 grace days), grade BBB
    (multiplier 1.1), equity 1 M, working capital 400,000, limit 20,000, assessed last month:
    terms need 30,000 × 40 / 30 = 40,000; × 1.1 = 44,000; capacity max(10 % × 1 M,
    25 % × 400,000) = 100,000 does not bind.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"grade": ["BBB"], "previous_grade": ["BBB"], "avg_monthly_purchases": [30000.0],
    ...     "peak_monthly_purchases": [45000.0], "months_bought": [12], "payment_terms_days": [30],
    ...     "open_orders": [0.0], "equity": [1e6], "working_capital": [4e5],
    ...     "financials_on": [pd.Timestamp("2025-12-31")], "approved_limit": [20000.0], "collateral": [0.0],
    ...     "exposure": [15000.0], "max_days_past_due": [0], "arrears": [0.0], "provision": [0.0],
    ...     "assessed_on": [pd.Timestamp("2026-08-31")]}, index=["C1"])
    >>> r = recommend(f, "2026-09-30").loc["C1"]
    >>> float(r["terms_need"]), float(r["recommended_limit"]), r["action"]
    (40000.0, 44000.0, 'increase')
    >>> print(r["limit_reason"].replace("; ", chr(10)))
    grade BBB: 110 % of terms need 40 k (30 k a month × 30+10 days)
    within capacity 100 k (the greater of 10 % of equity 1.00 M = 100 k and 25 % of working capital 400 k = 100 k)
    """
    pol = load_policy(policy)
    lim = pol["credit"]["limit"]
    as_of_ts = pd.Timestamp(as_of)
    grades = list(pol["credit"]["grades"])
    out = _need(facts, lim)
    out["max_days_past_due"] = facts["max_days_past_due"].astype(float).fillna(0.0)
    out["hold"] = (out["max_days_past_due"] > int(lim["hold_days_past_due"])).astype(bool)
    out["legal"] = (out["max_days_past_due"] > int(lim["legal_days_past_due"])).astype(bool)
    out["grade"], out["upgrade_withheld"] = _withheld_grade(facts, out["hold"], grades)
    out["grade"], out["grade_capped"] = _capped_grade(out["grade"], out["hold"], grades, str(lim["arrears_grade"]))
    out = out.join(_capacity(facts, out["grade"], lim, as_of_ts))
    out = _proposed(facts, out, lim)
    out = _judged(facts, out, pol)
    out = _evidence(facts, out, pol, as_of_ts)
    flags = hold_flags(facts, pol, as_of_ts)  # the rules of the hold list (kamtools.credit.hold_rules)
    out["credit_holds"] = flags["rules"].where(flags["on_hold"], "")
    out["blocking_holds"] = blocking(flags, pol)
    out = _decide(facts, out, pol, as_of_ts)
    out["limit_reason"] = _reasons(facts, out, lim)
    return out.drop(columns=list(_WORKING))


def _evidence(f: pd.DataFrame, out: pd.DataFrame, pol: Mapping, as_of: pd.Timestamp) -> pd.DataFrame:
    """``investigate`` (stale or missing assessment, or no grade) and what is missing. A dormant
    customer's limit is withdrawn whatever the evidence: a new investigation comes with its next
    order (``stale_evidence`` says so)."""
    months = int(pol["credit"]["review"]["assessment_older_than_months"])
    assessed = pd.to_datetime(f["assessed_on"])
    stale = assessed.notna() & (assessed < as_of - pd.DateOffset(months=months))
    never = assessed.isna()
    no_grade = out["grade"].isna()
    unrated = out["not_rated"] & (pol["credit"]["not_rated"]["limit_rule"] == "investigate")
    missing = pd.Series(
        np.select(
            [never, stale, no_grade, unrated],
            [
                "never assessed",
                "assessment of " + assessed.dt.strftime("%Y-%m-%d").fillna("") + f" is over {months} months old",
                "no grade",
                _unrated_text(f, pol),
            ],
            "",
        ),
        index=f.index,
        dtype="str",
    )
    no_fin = pd.Series(np.where(out["financials_usable"], "", "no usable financial statement"), index=f.index)
    lacking = (never | stale | no_grade | unrated) & ~out["overridden"]
    out["investigate"] = (lacking & ~out["dormant"]).astype(bool)
    out["stale_evidence"] = (lacking & out["dormant"]).astype(bool)
    out["missing_evidence"] = _join(missing, no_fin.where(out["investigate"], "")).where(lacking, "")
    return out


def _decide(f: pd.DataFrame, out: pd.DataFrame, pol: Mapping, as_of: pd.Timestamp) -> pd.DataFrame:
    """The recommended limit after the evidence, hold and gate rules, then the action and the terms."""
    approved = f["approved_limit"].astype(float).fillna(0.0)
    proposed = out["proposed_limit"]
    rec = proposed.where(~out["hold"], np.minimum(proposed, approved))
    # stale evidence: no increase until a new investigation, but the last grade's lower limit applies
    # now, and a short history's cap with it
    graded = out["grade"].notna() & (out["grade"] != NOT_RATED)
    last = np.fmin(out["rules_limit"], out["short_limit"])
    rec = rec.where(~out["investigate"], np.minimum(approved, last).where(graded, approved))
    # the gates (kamtools.credit.limit_gates): overdue open, an assessment lapsing soon
    out = overdue_gate(f, out, pol)
    out = lapse_gate(f, out, rec, pol, as_of)
    # no increase beyond the limit in force: the approved one, or an analyst's override in force
    # (decided at its author's authority; the overdue stops shipments, it does not undo that decision)
    in_force = np.maximum(approved, out["override_limit"].fillna(0.0).where(out["overridden"], 0.0))
    rec = rec.where(~out["overdue_hold"], np.minimum(rec, in_force))
    rec = rec.where(~out["reassess_first"], np.minimum(rec, approved))
    # a cut only for a missing statement: the statement first, the limit in force capped at the exposure meanwhile
    out, rec = statement_gate(f, out, rec, pol, as_of)
    # a credit hold of credit.holds.block_increase in force: no increase, after every other rule
    out = hold_gate(out, rec, in_force)
    rec = rec.where(out["blocking_holds"] == "", np.minimum(rec, in_force))
    out = materiality_gate(f, out, rec, pol)
    rec = rec.where(~out["within_band"], approved)
    out, rec = legal_gate(out, rec)
    out["investigate_cut"] = (out["investigate"] & graded & (rec < approved) & ~out["legal"]).astype(bool)
    out["recommended_limit"] = rec.astype(float)
    out = _action(f, out, pol["credit"]["limit"])
    out = _rule_names(out, rec, proposed, approved, float(pol["credit"]["limit"]["rounding"]))
    return _terms(f, out, pol["credit"]["limit"])


def _action(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.DataFrame:
    """``needs_plan``, ``collect_first`` and ``action``: the most urgent that applies (:data:`ACTIONS`)."""
    approved = f["approved_limit"].astype(float).fillna(0.0)
    exposure = f["exposure"].astype(float).fillna(0.0)
    rec = out["recommended_limit"]
    cut = approved - rec
    # exposure above the new limit, raised or not, or the overdue hold: no new shipments on credit
    # until it is collected (the overdue paid, the exposure within the new limit); a large cut of live,
    # healthy business goes in steps; any other cut applies at once
    collect = (rec < exposure - 0.005) | out["overdue_hold"] | out["legal"]
    steps = (
        (cut > float(lim["plan_decrease_share"]) * approved + 1e-9)
        & ~collect
        & (exposure > float(lim["busy_utilization"]) * rec)  # the new limit would be all but full
        & (out["multiplier"].fillna(0.0) > 0)
        & ~out["hold"]
        & ~out["dormant"]
        & ~out["overridden"]  # an analyst's limit applies as decided
        & ~out["statement_first"]  # the statement comes first
    )
    out["needs_plan"] = (collect | steps).astype(bool)
    # what brings the exposure within the new limit: receivables collected (the overdue at least, under the
    # overdue hold) and open orders held (shipped only against prepayment), receivables first beyond the orders
    overdue = f["overdue"].astype(float).fillna(0.0) if "overdue" in f else pd.Series(0.0, index=f.index)
    orders = f["open_orders"].astype(float).fillna(0.0).clip(lower=0.0)
    above = (exposure - rec).clip(lower=0.0)
    owed = np.maximum((above - orders).clip(lower=0.0), overdue.where(out["overdue_hold"], 0.0))
    out["collect_first"] = pd.Series(round_half_up(owed.where(collect, 0.0)), index=f.index)
    held = (above - out["collect_first"]).clip(lower=0.0, upper=orders).where(collect, 0.0)
    out["orders_held"] = pd.Series(round_half_up(held), index=f.index)
    out["action"] = pd.Series(
        np.select(
            [
                out["legal"],
                collect,
                out["hold"],
                out["investigate"],
                out["statement_first"],
                out["dormant"] & (cut > 0),
                steps,
                cut > 0,
                cut < 0,
            ],
            list(ACTIONS[:-1]),  # the conditions above, in the order of ACTIONS; none: keep
            ACTIONS[-1],
        ),
        index=f.index,
        dtype="str",
    )
    return out


def _rule_names(out: pd.DataFrame, rec: pd.Series, proposed: pd.Series, approved: pd.Series, rounding: float):
    """``limit_rule`` (the rule that set the limit), ``below_need`` and the rule that keeps it below."""
    capacity_binds = out["capped_by_capacity"] & (out["unsecured_limit"] < out["terms_need"])
    rules = [
        ("legal", out["legal"], out["legal"]),
        ("investigate", out["investigate"], out["investigate"]),
        ("hold", out["hold"], out["hold"] & (proposed > approved)),
        ("overdue", out["overdue_hold"], out["overdue_hold"] & (rec < proposed)),
        ("credit_hold", out["hold_gate"], out["hold_gate"]),
        ("statement_first", out["statement_first"], out["statement_first"]),
        ("override", out["overridden"], out["overridden"]),
        ("reassess", out["reassess_first"], out["reassess_first"]),
        ("materiality", out["within_band"], out["within_band"]),
        ("not_rated", out["not_rated"], out["not_rated"]),
        ("dormant", out["dormant"], out["dormant"]),
        ("short_history", out["short_history"], out["short_history"] & (rec < out["rules_limit"])),
        ("initial", out["new_account"], out["new_account"]),
        ("starter", out["capped_by_starter"], out["capped_by_starter"]),
        ("capacity", out["capped_by_capacity"], capacity_binds),
        ("collateral", out["secured_limit"] > 0, None),
        ("grade", out["multiplier"] != 1.0, out["multiplier"] < 1.0),
    ]
    out["limit_rule"] = pd.Series(
        np.select([c for _, c, _ in rules], [n for n, _, _ in rules], "need"), index=out.index, dtype="str"
    )
    half = rounding / 2.0
    out["below_need"] = (rec < out["terms_need"] - half).astype(bool)
    below = [(n, c) for n, _, c in rules if c is not None]
    why_below = np.select([c for _, c in below], [n for n, _ in below], "")
    out["below_need_rule"] = pd.Series(why_below, index=out.index, dtype="str").where(out["below_need"], "")
    return out


def _terms(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping) -> pd.DataFrame:
    """``proposed_terms_days`` for every customer: 0 (cash in advance) when the recommended limit is
    0 or the grade grants no unsecured credit (multiplier 0, an override aside); where the grade's
    multiplier (below 1), the capacity or the starter limit leaves the recommended limit under the terms
    need (``terms_shortened``), whatever the action (investigate, collect and hold among them), the
    longest terms it carries: the longest of the policy's ``standard_terms_days`` that fits, else the
    whole days that fit, and cash in advance (``carries_no_terms``) when it is below the need of the
    grace days alone; else the terms in force. ``terms_fit_days``: the days of terms the recommended
    limit carries (NaN without purchases)."""
    rec = out["recommended_limit"]
    orders = f["open_orders"].astype(float).fillna(0.0).clip(lower=0.0)
    monthly = out["need_purchases"].where(out["need_purchases"] > 0)
    # need at t days = monthly x (t + grace) / 30 + orders <= rec  <=>  t <= (rec - orders) x 30 / monthly - grace
    fits = (rec - orders) * 30.0 / monthly - out["grace_days"]
    out["terms_fit_days"] = fits
    capacity_binds = out["capped_by_capacity"] & (out["unsecured_limit"] < out["terms_need"])
    # an override below the need sets the terms the committee's limit carries, as the grade's would
    short_of_need = (out["multiplier"] < 1.0) | capacity_binds | out["capped_by_starter"] | out["overridden"]
    cash = (rec <= 0) | ((out["multiplier"] == 0) & ~out["overridden"])
    # a limit waiting for the statement keeps the terms in force (the statement decides them)
    wanted = (
        out["below_need"] & short_of_need & ~cash & ~out["statement_first"] & (fits < out["payment_terms_days"] - 1e-9)
    )
    whole = np.floor(fits.clip(lower=0.0) + 1e-9)
    best = pd.Series(np.nan, index=f.index)
    for days in sorted(int(d) for d in lim["standard_terms_days"]):  # a few policy values, not rows
        best = best.where(~(days <= fits + 1e-9), float(days))
    # a limit below the need of the grace days alone carries no terms at all: cash in advance
    out["carries_no_terms"] = (wanted & (fits < 0)).astype(bool)
    cash = cash | out["carries_no_terms"]
    wanted = wanted & ~out["carries_no_terms"]
    out["cash_in_advance"] = cash.astype(bool)
    out["terms_shortened"] = wanted.astype(bool)
    out["standard_terms"] = (wanted & best.notna()).astype(bool)
    terms = out["payment_terms_days"].astype(float).where(~wanted, best.fillna(whole))
    out["proposed_terms_days"] = terms.where(~cash, 0.0).astype("int64")
    return out


def _judged(f: pd.DataFrame, out: pd.DataFrame, pol: Mapping) -> pd.DataFrame:
    """The analyst's override and the limit of a customer not rated, in place of the proposal."""
    lim = pol["credit"]["limit"]
    nr_pol = pol["credit"]["not_rated"]
    idx = f.index
    on_record = f["override_limit"].astype(float) if "override_limit" in f else pd.Series(np.nan, index=idx)
    # an override on record whose limit is not the limit in force (limit_source) does not decide it
    decided = on_record.where(f["limit_source"] == "override") if "limit_source" in f else on_record
    out["overridden"] = decided.notna().astype(bool)
    out["override_limit"] = on_record
    # a dormant limit is withdrawn whatever the rating: the rule of customers not rated waits for an order
    out["not_rated"] = ((f["grade"] == NOT_RATED) & ~out["overridden"] & ~out["dormant"]).astype(bool)
    out["short_history"] = out["short_history"] & ~out["overridden"] & ~out["not_rated"]
    out["short_limit"] = out["short_limit"].where(out["short_history"])
    step = float(lim["rounding"])
    cap = float(nr_pol["initial_limit"])
    initial = out["terms_need"].where(out["terms_need"] > 0, cap).clip(upper=cap)
    initial = np.floor(initial / step + 0.5 + 1e-9) * step
    nr_limit = {"investigate": out["rules_limit"], "initial": initial, "zero": 0.0}[nr_pol["limit_rule"]]
    proposed = out["proposed_limit"].where(~out["not_rated"], nr_limit)
    out["proposed_limit"] = decided.where(out["overridden"], proposed).astype(float)
    unrated = _unrated_text(f, pol)
    out["not_rated_text"] = pd.Series(
        {
            "investigate": unrated,
            "initial": unrated
            + ": at most "
            + short_amount(pd.Series(cap, index=idx))
            + " until rated; "
            + _need_text(f, out, lim),
            "zero": unrated + ": no credit (cash) until rated",
        }[nr_pol["limit_rule"]],
        index=idx,
        dtype="str",
    )
    return out

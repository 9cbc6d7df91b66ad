"""Credit limits and exposure: approved and recommended limits, exposure, re-review triggers.

:func:`limits` recommends a credit limit from the customer's terms need, its grade and
its capacity (the rules in :mod:`kamtools.credit.limit_rules`, the facts from
:mod:`kamtools.credit.limit_facts`), measures exposure against the approved limit (open
receivables by the one definition of :mod:`kamtools.receivables`), routes the change to
the level that must approve it and lists the re-review triggers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..periods import as_timestamp
from ..policy import load_policy
from ..store import KamData
from ._common import _customer_index
from .approval_exceptions import APPROVAL_EXCEPTIONS, approval_exceptions
from .approvals import approval_route
from .limit_facts import limit_facts
from .limit_rules import recommend
from .limit_text import short_amount
from .limit_words import _whole, share_beside
from .overrides import OVERRIDE_COLUMNS
from .scorecard import score


def limits(data: KamData, as_of: dt.date | str, policy: Any = None, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Credit limits: approved, recommended (with the rule that set it), exposure, approval
    level and re-review triggers.

    * ``approved_limit``: the latest approval on or before ``as_of`` (0 when the customer has
      none), with ``approved_by``, ``approved_on`` and its ``collateral`` (0 when none).
    * The need: ``purchases`` (net invoiced amount, credit notes deducted, of the last
      ``credit.limit.purchase_months`` months; SQL ``credit_purchases``),
      ``months_bought``, ``avg_monthly_purchases`` (purchases / months bought),
      ``peak_monthly_purchases``, ``payment_terms_days`` (the customer's, else the
      policy's), ``grace_days``, ``terms_need = monthly purchases × (terms + grace) / 30
      + open_orders``.
    * The recommendation (:func:`kamtools.credit.limit_rules.recommend`, every rule and
      number in ``credit.limit``): ``multiplier`` of the grade and ``months_of_purchases``
      (= multiplier × (terms + grace) / 30), the capacity caps ``equity_cap``,
      ``working_capital_cap``, ``capacity_cap`` (``capped_by_capacity``,
      ``capped_by_equity``), ``new_account`` and ``initial_limit``, ``secured_limit``
      (collateral after the haircut), ``recommended_limit``, ``limit_rule`` and
      ``limit_reason`` (the rule that set it, readable), ``investigate`` and
      ``missing_evidence``, ``hold`` (an invoice past ``hold_days_past_due``: no
      increase, no upgrade: ``upgrade_withheld``; ``grade`` is the grade the limit uses,
      ``scored_grade`` the scorecard's), ``arrears``, ``provision``, ``needs_plan``, ``collect_first``
      and ``orders_held``, ``action``, ``below_need`` and ``below_need_rule``.
    * The payment record: ``max_days_past_due`` now, ``arrears`` (open past the hold days),
      ``overdue_month_ends_12m`` (of the last 12 month ends, those with receivables past due)
      and ``max_overdue_12m``.
    * ``exposure = open_receivables + open_orders − unapplied_credit`` (not below
      0): open receivables (``open_receivables``, ``overdue``, ``max_days_past_due``)
      and the customer's unapplied credit (cash received and not yet applied,
      which covers exposure like a prepayment) come from
      :func:`kamtools.receivables.aging`, the one definition of what is open; open
      orders from the optional ``open_orders`` table (orders dated after ``as_of``
      excluded).
    * ``utilization = exposure / approved_limit`` (NaN with ``utilization_reason``
      when there is no approved limit), ``headroom`` (unused approved limit),
      ``overlimit`` (exposure above the approved limit; ``handler_exposure``, the same, is the
      handler's alone by ``credit.accountability``), ``overlimit_uncovered`` and ``over_limit``.
    * ``limit_change = recommended − approved``, ``approval_level`` and ``approval_reason``
      (:func:`kamtools.credit.approval_route`: an increase by the authority for the new limit or
      the exposure, a decrease to the approver of the current limit, one level up after a breach).
    * ``exceptions`` of the approval in force and their flags (``exception_*``,
      :mod:`kamtools.credit.approval_exceptions`); ``""`` when none.
    * Re-review triggers ``review_grade_change``, ``review_utilization``,
      ``review_past_due`` (an invoice more than ``days_past_due_above`` days past
      due), ``review_overdue`` (the overdue hold, ``credit.holds.overdue``),
      ``review_stale_assessment`` (older than the policy's months, or never
      assessed), ``review_assessment_lapsing`` (valid for at most
      ``lapse_warning_days`` more days), ``review`` (any of them) and ``review_reasons``. A change
      the rules propose with none of these triggers is not a re-review trigger: its ``limit_reason``
      starts with what the change is (``limit in force 20 k above the recommended 11 k``).
      Exposure without any approved limit counts as utilization above the policy.

    ``scores`` may pass a result of :func:`score` for the same date and policy to
    avoid computing it again.

    Examples
    --------
    >>> import kamtools as kt
    >>> lim = limits(kt.sample_data(customers=30, years=2, seed=1), "2026-10-31")
    >>> bool((lim["recommended_limit"] % 1000 == 0).all()), bool((lim["limit_reason"] != "").all())
    (True, True)
    """
    pol = load_policy(policy)
    as_of_ts = as_timestamp(as_of)
    idx = _customer_index(data)
    sc = scores if scores is not None else score(data, as_of_ts, pol)
    sc = sc.reindex(idx)
    out = pd.DataFrame(index=idx)
    out["score"] = sc["score"]
    out["scored_grade"] = sc["grade"]
    out["previous_grade"] = sc["previous_grade"]
    out["assessed_on"] = sc["assessed_on"]
    out["known_items"] = sc["known_items"]
    out = out.join(sc[list(OVERRIDE_COLUMNS)])
    out = out.join(limit_facts(data, as_of_ts, pol))
    out = recommend_frame(out, as_of_ts, pol)
    out["limit_change"] = out["recommended_limit"] - out["approved_limit"]
    out = out.join(approval_exceptions(data, out, pol, as_of_ts))  # before the routing: a decrease of one goes higher
    return _review_triggers(out, sc, as_of_ts, pol)


def route_frame(lim: pd.DataFrame, pol: Any) -> pd.DataFrame:
    """``approval_level`` and ``approval_reason`` of each customer of ``lim`` (``recommended_limit``,
    ``approved_limit``, ``approved_by``, ``exposure``, the override in force, ``override_limit``
    and ``override_by``, and the exceptions of the approval in force, ``exception_*`` of
    :func:`kamtools.credit.approval_exceptions`), by :func:`kamtools.credit.approval_route`: the one
    routing of the limits and of the credit what-if."""
    return approval_route(
        lim["recommended_limit"],
        lim["approved_limit"],
        pol,
        current_approver=lim["approved_by"].where(lim["approved_limit"] > 0),
        exposure=lim["exposure"],
        override_by=lim["override_by"].where(_override_in_force(lim)),
        exception=lim[[c for c in APPROVAL_EXCEPTIONS if c in lim]].any(axis=1),
        other_change=signed_changes(lim, load_policy(pol)),
    )


def _override_in_force(lim: pd.DataFrame) -> pd.Series:
    """Whether the limit in force of each customer is an analyst's override (``limit_source``; a frame
    without it: an override limit on record)."""
    if "limit_source" in lim:
        return lim["limit_source"] == "override"
    return lim["override_limit"].notna()


def signed_changes(lim: pd.DataFrame, pol: Mapping) -> pd.Series:
    """What else a recommendation changes that someone signs, in words (``""``: nothing): payment
    terms shortened (``payment terms from 45 to 15 days``) or turned to cash in advance for a customer
    with exposure, a limit or purchases in the window, and arrears handed to collections or legal
    action (an invoice more than ``credit.limit.legal_days_past_due`` past due). A frame without those
    columns changes nothing else.

    >>> lim = pd.DataFrame({"payment_terms_days": [45, 45, 30, 30], "proposed_terms_days": [0, 15, 30, 0],
    ...     "max_days_past_due": [424, 0, 0, 0], "exposure": [276045.31, 900.0, 0.0, 0.0]})
    >>> signed_changes(lim, load_policy()).tolist()[:2]
    ['payment terms from 45 to 0 days (cash in advance) and hand-over to collections or legal action', 'payment terms from 45 to 15 days']
    >>> signed_changes(lim, load_policy()).tolist()[2:]  # no change; nothing on credit
    ['', '']
    """
    idx = lim.index
    none = pd.Series("", index=idx, dtype="str")
    if not {"payment_terms_days", "proposed_terms_days"} <= set(lim.columns):
        terms = none
    else:
        now, proposed = lim["payment_terms_days"].astype(float), lim["proposed_terms_days"].astype(float)
        words = "payment terms from " + _whole(now) + " to " + _whole(proposed) + " days"
        words = words.where(proposed > 0, words + " (cash in advance)")
        # a customer without exposure, limit or purchases has nothing on credit: no terms to change
        active = pd.Series(False, index=idx)
        for col in ("exposure", "approved_limit", "months_bought"):
            active = active | (lim[col].astype(float).fillna(0.0) > 0 if col in lim else False)
        terms = words.where((proposed < now) & active, "")
    days = int(pol["credit"]["limit"]["legal_days_past_due"])
    late = lim["max_days_past_due"].astype(float).fillna(0.0) if "max_days_past_due" in lim else 0.0
    legal = pd.Series(np.where(late > days, "hand-over to collections or legal action", ""), index=idx)
    both = (terms != "") & (legal != "")
    return (terms + pd.Series(np.where(both, " and ", ""), index=idx) + legal).astype("str")


def recommend_frame(facts: pd.DataFrame, as_of: pd.Timestamp, pol: Any) -> pd.DataFrame:
    """``facts`` (the frame of :func:`limit_facts` with ``scored_grade``, ``previous_grade`` and
    ``assessed_on``) with the recommendation of :func:`recommend` joined on, ``grade`` being the
    grade the limit uses."""
    rec = recommend(facts.assign(grade=facts["scored_grade"]), as_of, pol)
    out = facts.drop(columns=[c for c in rec.columns if c in facts.columns])
    grade = rec.pop("grade")
    out.insert(list(out.columns).index("scored_grade") + 1, "grade", grade)
    return out.join(rec)


def _review_triggers(out: pd.DataFrame, sc: pd.DataFrame, as_of_ts: pd.Timestamp, pol: Mapping) -> pd.DataFrame:
    """``out`` with its approval route (:func:`route_frame`), the re-review triggers, ``review`` (any of
    them) and ``review_reasons``."""
    out = out.join(route_frame(out, pol))
    credit = pol["credit"]
    idx = out.index
    rv = credit["review"]
    overdue_rule = credit["holds"]["overdue"]
    stale_before = as_of_ts - pd.DateOffset(months=int(rv["assessment_older_than_months"]))
    no_limit = (out["approved_limit"] <= 0) & (out["exposure"] > 0)
    # the scorecard's grade, an upgrade withheld while on hold being no change; the arrears grade that caps the
    # limit while arrears are open is no re-grading (the reason says it, beside the scored grade)
    graded = out["scored_grade"].where(~out["upgrade_withheld"], out["previous_grade"])
    changed = out["previous_grade"].notna() & graded.notna() & (out["previous_grade"] != graded)
    moved = "grade changed " + out["previous_grade"].fillna("").astype(str) + " -> " + graded.fillna("").astype(str)
    # the arrears grade the table shows beside a scored change: said, so the two never seem to disagree
    capped = out["grade_capped"].fillna(False).astype(bool) & (out["grade"].astype(str) != graded.astype(str))
    moved = moved.where(~capped, moved + " (scored, " + out["grade"].astype(str) + " while arrears are open)")
    triggers = {
        "review_grade_change": (changed.astype(bool), moved),
        "review_utilization": (
            (out["utilization"] > float(rv["utilization_above"])).fillna(False) | no_limit,
            (
                "utilization "
                # beside the review's threshold and the limit itself (99.7 % is not yet over it)
                + share_beside(out["utilization"], (float(rv["utilization_above"]), 1.0))
                + " above "
                + f"{float(rv['utilization_above']) * 100:g} %"
            ).where(~no_limit, "exposure without an approved limit"),
        ),
        "review_past_due": (
            out["max_days_past_due"] > float(rv["days_past_due_above"]),
            "invoice "
            + out["max_days_past_due"].astype("int64").astype(str)
            + f" days past due (over {rv['days_past_due_above']:g})",
        ),
        "review_overdue": (
            out["overdue_hold"],
            "overdue "
            + short_amount(out["overdue"])
            + " is "
            + share_beside(
                out["overdue_share"], np.nan if overdue_rule["share"] is None else float(overdue_rule["share"])
            )
            + " of receivables "
            + short_amount(out["open_receivables"]),
        ),
        "review_stale_assessment": (
            out["assessed_on"].isna() | (out["assessed_on"] < stale_before),
            pd.Series(
                np.where(
                    out["assessed_on"].isna(),
                    "never assessed",
                    f"assessment older than {rv['assessment_older_than_months']:g} months",
                ),
                index=idx,
                dtype="str",
            ),
        ),
    }
    triggers["review_assessment_lapsing"] = (
        out["reassess_by"].notna(),
        "assessment lapses after " + out["reassess_by"].dt.strftime("%Y-%m-%d").fillna("") + ": re-assess",
    )
    reasons = pd.Series("", index=idx, dtype="str")
    any_ = pd.Series(False, index=idx)
    flags = {}
    for col, (flag, text) in triggers.items():
        flags[col] = flag = flag.astype(bool)
        any_ |= flag
        add = text.where(flag, "").astype("str")
        reasons = reasons.where(~flag | (reasons == ""), reasons + "; ") + add
    return _change_trigger(pd.concat([out, pd.DataFrame(flags, index=idx)], axis=1), any_, reasons)


def _change_trigger(out: pd.DataFrame, any_: pd.Series, reasons: pd.Series) -> pd.DataFrame:
    """``review`` (any re-review trigger of ``credit.review``) and ``review_reasons``. A change the rules
    propose with none of them is no re-review trigger (the policy lists none such): its reason says what
    the change is, first (``limit in force 33 k above the recommended 25 k``)."""
    alone = (out["limit_change"] != 0) & ~any_
    side = pd.Series(np.where(out["limit_change"] > 0, " below", " above"), index=out.index)
    said = "limit in force " + short_amount(out["approved_limit"]) + side + " the recommended "
    said = said + short_amount(out["recommended_limit"])
    out["limit_reason"] = out["limit_reason"].where(~alone, said + "; " + out["limit_reason"])
    out["review"] = any_
    out["review_reasons"] = reasons
    return out


def over_limit(lim: pd.DataFrame) -> pd.DataFrame:
    """Customers whose exposure exceeds the approved limit, largest uncovered amount first.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"over_limit": [True, False], "overlimit": [10.0, 0.0],
    ...     "overlimit_uncovered": [5.0, 0.0], "approved_limit": [100.0, 50.0],
    ...     "exposure": [110.0, 10.0], "collateral": [5.0, 0.0]}, index=["A", "B"])
    >>> list(over_limit(lim).index)
    ['A']
    """
    cols = [
        c
        for c in (
            "grade",
            "approved_limit",
            "limit_source",
            "exposure",
            "overlimit",
            "collateral",
            "overlimit_uncovered",
            "max_days_past_due",
        )
        if c in lim.columns
    ]
    hit = lim[lim["over_limit"]]
    return hit.sort_values(["overlimit_uncovered", "overlimit"], ascending=False, kind="mergesort")[cols]


def review_list(lim: pd.DataFrame) -> pd.DataFrame:
    """Customers due for re-review, with their reasons; most urgent first: most reasons, then
    the largest exposure (the money at stake), then the oldest past-due invoice.

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"review": [True, False], "review_reasons": ["never assessed", ""],
    ...     "grade": ["A", "B"]}, index=["A1", "B1"])
    >>> review_list(lim)["review_reasons"].tolist()
    ['never assessed']
    """
    hit = lim[lim["review"]].copy()
    flags = [c for c in hit.columns if c.startswith("review_") and c != "review_reasons"]
    hit["triggers"] = hit[flags].sum(axis=1).astype("int64") if flags else 0
    cols = [
        c
        for c in (
            "grade",
            "previous_grade",
            "exposure",
            "utilization",
            "max_days_past_due",
            "assessed_on",
            "triggers",
            "review_reasons",
        )
        if c in hit.columns
    ]
    sort = [c for c in ("triggers", "exposure", "max_days_past_due") if c in hit.columns]
    return hit.sort_values(sort, ascending=False, kind="mergesort")[cols] if sort else hit[cols]


def review_plan(review: pd.DataFrame, first_ids, as_of, first_days: int, routine_days: int) -> pd.DataFrame:
    """The re-review list (:func:`review_list`) as a plan of work: the customers of ``first_ids``
    (:func:`review_first`: held for their grade or an expired assessment, legal cases, the largest
    customers and the key accounts) come ``first``,
    due ``first_days`` after ``as_of``; the ``routine`` rest within ``routine_days``. Within each
    group the order of :func:`review_list` stays.

    >>> import pandas as pd
    >>> rv = pd.DataFrame({"exposure": [900.0, 500.0, 100.0]}, index=["A", "B", "C"])
    >>> plan = review_plan(rv, ["C"], "2026-10-31", 14, 90)
    >>> [(u, f"{d:%Y-%m-%d}") for u, d in zip(plan["urgency"], plan["due"])]
    [('first', '2026-11-14'), ('routine', '2027-01-29'), ('routine', '2027-01-29')]
    """
    day = as_timestamp(as_of)
    first = review.index.isin(list(first_ids))
    out = review.assign(
        urgency=np.where(first, "first", "routine"),
        due=np.where(first, day + pd.Timedelta(days=first_days), day + pd.Timedelta(days=routine_days)),
    )
    out["due"] = pd.to_datetime(out["due"])
    return pd.concat([out[first], out[~first]])


def review_due(
    customer_id: str, held: pd.DataFrame, pyramid: pd.DataFrame, limits: pd.DataFrame, as_of, policy: Any = None
):
    """The day the credit re-review of ``customer_id`` is due on the re-review list (:func:`review_plan`): the
    policy's ``report.decisions.re_review_first`` days after ``as_of`` for a customer of :func:`review_first`,
    else ``re_review_routine``'s; what an account plan gives its re-assessment, so that both say one date.

    >>> held = pd.DataFrame({"hold_stale_assessment": [True, False]}, index=["A", "B"])
    >>> pyr = pd.DataFrame({"tier": ["ordinary"] * 2, "revenue_12m": [1.0, 2.0]}, index=["A", "B"])
    >>> lim = pd.DataFrame({"legal": [False, False]}, index=["A", "B"])
    >>> from kamtools.policy import load_policy
    >>> pol = load_policy({"report": {"joint_signoff_top": 0}})
    >>> str(review_due("A", held, pyr, lim, "2026-10-31", pol)), str(review_due("B", held, pyr, lim, "2026-10-31", pol))
    ('2026-11-14', '2027-01-29')
    """
    pol = load_policy(policy)
    first = str(customer_id) in review_first(held, pyramid, limits, pol).astype("str")
    rule = pol["report"]["decisions"]["re_review_first" if first else "re_review_routine"]
    return (as_timestamp(as_of) + pd.Timedelta(days=int(rule["days"]))).date()


def review_first(held: pd.DataFrame, pyramid: pd.DataFrame, limits: pd.DataFrame, policy: Any = None) -> pd.Index:
    """The customers whose re-review comes first: those held for an expired or missing assessment or
    for their grade (:func:`kamtools.credit.holds`, rules ``stale_assessment`` and ``grade``: a new
    assessment is what releases their hold), the legal cases (``limits`` ``legal``: an invoice past
    ``credit.limit.legal_days_past_due``, the limit withdrawn), the largest customers by revenue of the
    last 12 months (the top ``report.joint_signoff_top`` of ``pyramid``, ranked as the index ranks them)
    and the key accounts (``pyramid``, :func:`kamtools.segments.pyramid`).

    >>> held = pd.DataFrame({"hold_grade": [True, False]}, index=["A", "B"])
    >>> pyr = pd.DataFrame({"tier": ["ordinary"] * 4, "revenue_12m": [1.0, 2.0, 9.0, 3.0]}, index=[*"ABCD"])
    >>> lim = pd.DataFrame({"legal": [False, True, False, False]}, index=[*"ABCD"])
    >>> review_first(held, pyr, lim, {"report": {"joint_signoff_top": 1}}).tolist()
    ['A', 'B', 'C']
    """
    waiting = held.index[:0]
    for rule in ("hold_stale_assessment", "hold_grade"):
        if rule in held:
            waiting = waiting.union(held.index[held[rule].astype(bool)])
    if "legal" in limits:
        waiting = waiting.union(limits.index[limits["legal"].fillna(False).astype(bool)])
    top = int(load_policy(policy)["report"]["joint_signoff_top"])
    rank = pyramid["revenue_12m"].astype(float).rank(ascending=False, method="min")
    waiting = waiting.union(pyramid.index[(rank <= top).to_numpy()])
    return waiting.union(pyramid.index[pyramid["tier"].eq("key")])

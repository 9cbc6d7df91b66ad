"""The rules an account plan reads from the credit page: which hold rules are in force and what releases them
(money, or a new assessment), how large a difference from the recommended limit is a decision of its own
(``report.decisions.plan_credit``), whether the account loses money after the cost to serve, and the collection
actions a hold or the overdue calls for (:mod:`kamtools.account_plan_text` writes the rest of the plan).

>>> reassess_release(pd.Series({"hold": False, "hold_rules": "stale_assessment"}))
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from .credit.hold_rules import MONEY_RELEASES
from .credit.statement_first import also_on_statement
from .text import is_missing

__all__ = [
    "LIMIT_RULES",
    "arrears_grade",
    "arrears_hold",
    "arrears_rules",
    "before_limit_actions",
    "collect_actions",
    "decline_action",
    "files_no_limit",
    "hold_rules",
    "no_statement_cap",
    "plan_materiality",
    "reassess_release",
    "unprofitable",
]


def _f(v: object) -> float:
    """A number of the profile, missing counted as 0."""
    return 0.0 if is_missing(v) else float(v)


def unprofitable(margin: pd.Series) -> bool:
    """Whether the account loses money after the cost to serve (its discounts and selling time)."""
    return str(margin.get("profit_class", "")) == "unprofitable"


#: The hold rules that only say the business outgrew the limit (receivables or exposure above it):
#: collecting what falls due, or a limit that fits, releases them; the others are arrears or the
#: credit file (overdue, long past due, a grade without credit, an expired assessment).
LIMIT_RULES = ("over_limit", "utilization")


def arrears_grade(cr: pd.Series) -> bool:
    """Whether the customer's grade in force is the arrears grade (``credit.limit.arrears_grade``, e.g. C), not the
    scorecard's: the limit takes it only while invoices past the hold days are open, and paying them gives the
    scored grade back (:mod:`kamtools.credit.limit_rules`, rule 8).

    >>> arrears_grade(pd.Series({"grade": "C", "scored_grade": "BBB", "grade_capped": True}))
    True
    >>> arrears_grade(pd.Series({"grade": "C", "scored_grade": "C", "grade_capped": True}))
    False
    """
    capped = not is_missing(cr.get("grade_capped")) and bool(cr.get("grade_capped"))
    scored = cr.get("scored_grade")
    return capped and not is_missing(scored) and str(scored) != str(cr.get("grade"))


def no_statement_cap(cr: pd.Series) -> bool:
    """Whether the recommended cut rests on a missing usable financial statement beside other reasons (the credit
    page's starter cap: :func:`kamtools.credit.statement_first.also_on_statement`, one definition)."""
    return bool(also_on_statement(cr.to_frame().T).iloc[0])


def plan_materiality(recommended: float, pol: Mapping) -> float:
    """The smallest difference from the recommended limit that a plan asks for as a decision of its own: the
    larger of the policy's ``report.decisions.plan_credit`` ``materiality_amount`` and ``materiality_share``
    of the recommended limit; below it the plan files the recommended limit.

    >>> from kamtools.policy import load_policy
    >>> plan_materiality(140_000.0, load_policy()), plan_materiality(1_000_000.0, load_policy())
    (10000.0, 50000.0)
    """
    rule = pol["report"]["decisions"]["plan_credit"]
    return max(float(rule["materiality_amount"]), float(rule["materiality_share"]) * max(_f(recommended), 0.0))


def hold_rules(cr: pd.Series) -> list[str]:
    """The hold rules in force for the customer, as the credit page's hold list names them."""
    text = "" if is_missing(cr.get("hold_rules")) else str(cr.get("hold_rules"))
    return [r.strip() for r in text.split(",") if r.strip()]


def arrears_rules(cr: pd.Series) -> list[str]:
    """The hold rules in force other than the limit's (:data:`LIMIT_RULES`): arrears or the credit file."""
    return [r for r in hold_rules(cr) if r not in LIMIT_RULES]


def reassess_release(cr: pd.Series) -> bool:
    """Whether the customer is held only for rules no money releases (an expired assessment, its grade: a new
    assessment does, :data:`kamtools.credit.hold_rules.MONEY_RELEASES`), nothing to collect for the hold."""
    rules = arrears_rules(cr)
    return bool(rules) and not any(r in MONEY_RELEASES for r in rules)


def arrears_hold(cr: pd.Series) -> bool:
    """Whether the customer is held for arrears or its credit file (or past the hold days; no ``hold``: not)."""
    return bool(arrears_rules(cr)) or bool(not is_missing(cr.get("hold")) and bool(cr.get("hold")))


def collect_actions(add, cr: pd.Series, overdue: float, items: int, soon: dict, way: str, top: bool) -> None:
    """Credit stopped (a hold for arrears or the credit file; a legal case, ``action`` ``legal``: the limit
    withdrawn), a hold released as what falls due is paid, or a collection first; then the overdue: the account
    manager's call, or for a legal case finance's hand-over of the debt to legal."""
    collect_first, release = _f(cr["collect_first"]), _f(cr.get("release_amount"))
    legal = str(cr.get("action", "")) == "legal"
    if arrears_hold(cr) and not legal and reassess_release(cr):  # a new assessment releases it: nothing to collect
        # held only for an expired assessment: the credit department's re-assessment, no joint sign-off (the index)
        owner = "director_and_finance" if top and "grade" in hold_rules(cr) else "finance"
        add("stop_credit", owner, soon["now"], amount=0.0, level="reassess")
    elif arrears_hold(cr):
        level = "legal" if legal else "hold"
        owner = "director_and_finance" if top else "finance"
        add("stop_credit", owner, soon["now"], amount=release or collect_first or overdue, level=level)
    elif hold_rules(cr):  # held only because the business outgrew the limit: what falls due releases it
        add("release_hold", "account_manager", soon["overdue"], amount=release)
    elif collect_first > 0 and way == "recommended":
        add("stop_credit", "finance", soon["now"], amount=collect_first, level="collect")
    if overdue > 0 and legal:  # finance hands the debt over; the account manager no longer calls
        add("hand_to_legal", "finance", soon["overdue"], amount=collect_first or overdue, count=items)
    elif overdue > 0:
        add("collect_overdue", "account_manager", soon["overdue"], amount=overdue, count=items)


def before_limit_actions(add, cr: pd.Series, ag: pd.Series, soon: dict, way: str, limit_due: dt.date) -> None:
    """What comes before the limit decision: the long past-due invoices of an arrears grade collected by the cut's
    day (paid, no cut is filed), the open disputes settled, and the new assessment or the statements the limit
    waits on."""
    if arrears_grade(cr) and way == "release_first" and _f(cr["limit_change"]) < 0:
        add("collect_arrears", "account_manager", limit_due, amount=_f(cr.get("release_amount")))
    if _f(ag.get("disputed")) > 0:  # the disputed part is not chased: it is settled, invoice by invoice
        add("disputes", "account_manager", soon["overdue"], amount=_f(ag["disputed"]))
    if bool(cr["investigate"]):  # by the re-review list's date (kamtools.credit.review_due), when known
        add("reassess", "finance", soon["file"] if is_missing(cr.get("review_due")) else cr["review_due"])
    elif bool(cr.get("statement_first", False)):  # the statement before the cut (credit.limit.statement_first)
        add("statement", "finance", pd.Timestamp(cr["statement_due"]).date())
    elif no_statement_cap(cr):
        by = cr.get("statements_by")  # the credit page's statement day, before the cut (the data overview's too)
        add("get_statements", "finance", by if not is_missing(by) else limit_due)
    if not is_missing(cr.get("reapprove_by")) and files_no_limit(cr, way):  # the limit in force stays: approved again
        add("reapprove", "finance", cr["reapprove_by"], amount=_f(cr["beyond_authority"]), level=cr["required_level"])


def files_no_limit(cr: pd.Series, way: str) -> bool:
    """Whether the plan may keep the limit in force without a new approval of a change: the limit it files is the one
    in force (the recommended limit unchanged, on hold or not; the limit in force kept instead of a cut; the new
    assessment keeping it), or its cut is filed only if an arrears grade's invoices stay unpaid. A limit in force
    beyond its approver's authority is then approved again at the level it needs, as the index asks."""
    if str(cr.get("action", "")) == "legal":  # a legal case: its limit is withdrawn, nothing is approved again
        return False
    if arrears_grade(cr) and way == "release_first" and _f(cr["limit_change"]) < 0:
        return True
    filed = cr.get("filed_limit")
    return not is_missing(filed) and abs(_f(filed) - _f(cr["approved_limit"])) < 0.5


def decline_action(add, margin: pd.Series, stage: str, obj: pd.Series, due: dt.date) -> None:
    """A key account buying less: a win-back, senior management involved, or, where growth waits for the grade or
    the prices, the sales director's visit to find the cause all the same."""
    drop = _f(margin["revenue_prev_12m"]) - _f(margin["revenue_12m"])
    if stage in ("defense", "hibernation") and obj["revenue_why"] not in ("no_growth", "price_first"):
        owner = "sales_director" if stage == "defense" else "account_manager"  # the index's senior visit, its owner
        add("win_back", owner, due, amount=drop, level=stage)
    elif stage == "defense":
        add("find_cause", "sales_director", due, amount=drop, level=obj["revenue_why"])

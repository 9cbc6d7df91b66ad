"""Credit management: ratios, the expert scorecard, grades, limits, exposure and approval.

The method of the credit investigation (信用调查) and credit grading (信用等级评定):

* :func:`ratios` computes the financial ratios of each customer's statements and
  rates each one against its benchmark (``ok`` / ``watch`` / ``weak``);
* :func:`score` turns the ratios and the twelve qualitative factors
  (:data:`kamtools.schema.CREDIT_FACTORS`) into points, a 0-100 score and a grade,
  and names the three items that cost the most points; a concept that is both a
  ratio and a factor is scored once, a customer of whom too little is known is not
  rated (NR), and an analyst's override (the optional ``credit_overrides`` table)
  sets the grade or the limit with its reason and approver;
* :func:`validate_scorecard` checks the scorecard against outcomes: the score and
  grade at each past month end against who went bad afterwards (Gini, bad rates by
  grade, PSI of the grade mix), beside a statistical scorecard fitted to the book;
* :func:`limits` recommends a credit limit from the customer's terms need, its grade
  and its capacity, each limit with the rule that set it (:mod:`~kamtools.credit.limit_rules`),
  measures exposure against the approved limit, routes the change to the level
  that must approve it and lists the re-review triggers; :func:`breaches` lists
  exposure without an approved limit or over it;
* :func:`approval_level` routes a limit by the authority of the policy's ladder (one level
  up after a breach, to the author of an override; :func:`approval_route` says why) and
  :func:`authority_breaches` lists approvals beyond their approver's authority;
* :func:`group_exposure` sums exposure and limits over groups of companies
  (``parent_id``) against their group limit, :func:`group_members` flags the companies
  that add to a group over its limit;
* :func:`holds` lists the customers whose orders must be held, by the named blocking
  rules of the policy, with what releases each; :func:`release_at` what would release
  them at another limit (a cut filed, a limit of 0);
* :func:`accountability` splits written-off debts between handler and approver.

Every threshold comes from the ``credit`` section of the policy
(:mod:`kamtools.policy`, which also checks the rules across its keys). Functions
return new DataFrames indexed by ``customer_id`` and never change their inputs; a
ratio that cannot be computed is NaN with a reason, never ±inf.

The parts: :mod:`~kamtools.credit.financial_ratios` (ratios and benchmarks),
:mod:`~kamtools.credit.scorecard`, :mod:`~kamtools.credit.grades` and
:mod:`~kamtools.credit.overrides`, :mod:`~kamtools.credit.validation` (the check
against outcomes; loaded on first use, as it brings the statistical libraries),
:mod:`~kamtools.credit.exposure` (limits, exposure, re-review),
:mod:`~kamtools.credit.limit_facts` and :mod:`~kamtools.credit.limit_rules` (what the
limit reads and its rules), :mod:`~kamtools.credit.breaches`,
:mod:`~kamtools.credit.approvals` (approval by authority, changes by level, breaches),
:mod:`~kamtools.credit.groups` (groups of companies), :mod:`~kamtools.credit.holds` (credit holds),
:mod:`~kamtools.credit.legal` (the legal cases: invoices past the legal days),
:mod:`~kamtools.credit.register` (the credit forms register) and
:mod:`~kamtools.credit.bad_debt` (accountability) and :mod:`~kamtools.credit.write_offs` (the write-off
register: each write-off's split and recovery equation, and what each person bears per year).

>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> sc = score(data, "2026-10-31")
>>> bool(sc["score"].between(0, 100).all())
True
"""

from __future__ import annotations

import importlib

from ..policy import BENCHMARK_RANGES, PolicyError, load_policy  # noqa: F401  (importable here as before)
from ._common import ITEMS, NOT_RATED, PRIOR_YEAR_MAX_DAYS, RATIOS, STATUSES
from .approval_exceptions import approval_exceptions
from .approvals import (
    ABOVE_LADDER,
    approval_level,
    approval_route,
    approver_level,
    authority_level,
    level_keys,
    level_names,
    limit_changes,
    terms_only,
)
from .authority import authority_breaches
from .bad_debt import accountability
from .breaches import CREDIT_VIEWS, breaches, credit_view
from .calibration import bad_rate_inversions, calibration_readings
from .exposure import (
    limits,
    over_limit,
    recommend_frame,
    review_due,
    review_first,
    review_list,
    review_plan,
    route_frame,
)
from .financial_ratios import benchmark, ratio_summary, ratios
from .grade_history import earlier_scores
from .grades import compare_grades, grade_changes, grade_moves_text, grade_of, grade_order
from .groups import group_exposure, group_members
from .holds import HOLD_RULES, hold_priority, holds, overdue_amount_only, release_at
from .legal import LEGAL_COLUMNS, legal_cases
from .limit_facts import exposure_facts, limit_facts
from .limit_in_force import limit_in_force, overrides_on_record
from .limit_rules import ACTIONS, LIMIT_RULES, recommend, terms_need
from .overrides import OVERRIDE_COLUMNS
from .register import forms_due, forms_queue, recommendations_by_action
from .scorecard import ItemScores, score, score_items
from .statement_first import also_on_statement, statement_due, statement_note
from .write_offs import (
    CLOSED_COLUMNS,
    PERSON_COLUMNS,
    REGISTER_COLUMNS,
    accountability_by_person,
    closed_but_trading,
    closed_shortfall,
    write_off_register,
)

#: Names of the check against outcomes (kamtools.credit.validation), loaded on first use: it
#: brings the statistical libraries (optbinning), which take seconds to import.
_LAZY = {"validate_scorecard": "validation", "ScorecardValidation": "validation"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The full, checked policy; a loaded policy passes through. Kept for the callers of

__all__ = [
    "CLOSED_COLUMNS",
    "PERSON_COLUMNS",
    "REGISTER_COLUMNS",
    "accountability_by_person",
    "also_on_statement",
    "closed_but_trading",
    "closed_shortfall",
    "write_off_register",
    "CREDIT_VIEWS",
    "credit_view",
    "ACTIONS",
    "LIMIT_RULES",
    "ABOVE_LADDER",
    "BENCHMARK_RANGES",
    "HOLD_RULES",
    "ITEMS",
    "LEGAL_COLUMNS",
    "NOT_RATED",
    "OVERRIDE_COLUMNS",
    "PRIOR_YEAR_MAX_DAYS",
    "RATIOS",
    "STATUSES",
    "ItemScores",
    "ScorecardValidation",
    "accountability",
    "approval_exceptions",
    "approval_level",
    "approval_route",
    "approver_level",
    "authority_breaches",
    "authority_level",
    "benchmark",
    "breaches",
    "compare_grades",
    "earlier_scores",
    "forms_due",
    "forms_queue",
    "grade_changes",
    "bad_rate_inversions",
    "calibration_readings",
    "grade_moves_text",
    "grade_of",
    "grade_order",
    "group_exposure",
    "group_members",
    "hold_priority",
    "holds",
    "legal_cases",
    "level_keys",
    "level_names",
    "limit_changes",
    "recommendations_by_action",
    "limit_facts",
    "limit_in_force",
    "overrides_on_record",
    "exposure_facts",
    "limits",
    "over_limit",
    "overdue_amount_only",
    "ratio_summary",
    "ratios",
    "recommend",
    "recommend_frame",
    "release_at",
    "review_due",
    "review_first",
    "review_list",
    "review_plan",
    "route_frame",
    "terms_need",
    "score",
    "score_items",
    "statement_due",
    "statement_note",
    "terms_only",
    "validate_scorecard",
]

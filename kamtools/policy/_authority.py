"""The credit keys of approval by authority and of credit holds: their models and rules.

``credit.approval_levels`` is the ladder of authority (授信审批权限): an ordered list of
levels, lowest first, each with the largest resulting limit it may approve (``up_to``;
the last may be null, no ceiling). Each level may also list its ``approvers``: the names
written in ``credit_limits.approved_by`` (people, or titles other than the level's names)
that hold its authority. ``credit.decrease_approver`` says who approves a decrease
(``current``: the approver of the current limit; or a level's key). ``credit.holds`` holds the blocking
rules of the credit hold list, each switchable.

The rules (checked at load, named by key): at least one level; keys are distinct
lowercase names; ``up_to`` rises strictly from level to level and only the last may be
null; no approver is listed under two levels; ``decrease_approver`` is ``current`` or names
a level; the grades of the
grade hold are grades of ``credit.grades``; ``credit.holds.block_increase`` (the holds that stop an
increase of the limit) names hold rules, each once.

>>> from kamtools.policy import load_policy
>>> load_policy({"credit": {"decrease_approver": "boss"}})
Traceback (most recent call last):
...
kamtools.policy.PolicyError: policy key 'credit.decrease_approver' must be 'current' or a level's key (account_manager, direct_sales_manager, regional_company_manager), got 'boss'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictStr, field_validator

from ._base import Number, Rule, Section, Whole, frozen_list

#: What a level's key looks like: it is a value of the ``approval_level`` column.
LEVEL_KEY = re.compile(r"[a-z][a-z0-9_]*")
#: Values of ``approval_level`` that are not levels: no change, and a limit above a bounded ladder.
RESERVED_LEVELS = ("none", "above_ladder")

Amount = Annotated[Number, Field(ge=0)]
Share10 = Annotated[Number, Field(ge=0, le=10)]


class ApprovalLevel(Section):
    """One level of the ladder: its key, English and Chinese name, the largest limit it approves,
    and the names of ``credit_limits.approved_by`` that hold its authority (optional)."""

    key: StrictStr
    name: StrictStr
    name_zh: StrictStr
    up_to: Amount | None
    approvers: frozen_list(StrictStr) = Field(default_factory=list, validate_default=True)

    @field_validator("key")
    @classmethod
    def _key_form(cls, value: str) -> str:
        if not LEVEL_KEY.fullmatch(value) or value in RESERVED_LEVELS:
            raise Rule(
                "policy key '{key}' must be a lowercase name of letters, digits and underscores "
                f"(e.g. account_manager), other than {' or '.join(RESERVED_LEVELS)}; got {value!r}"
            )
        return value


def level_list(value: Any) -> Any:
    """The old form (a mapping of level -> amount) named as such: the ladder is now a list."""
    if isinstance(value, Mapping):
        raise Rule(
            "policy key '{key}' must be a list of levels, lowest first, each with key, name, name_zh "
            "and up_to (the largest resulting limit it approves; null: no ceiling), e.g. "
            "[{key: account_manager, name: Account manager, name_zh: 客户经理, up_to: 100000}, ...]; "
            f"got a mapping {dict(value)!r}"
        )
    return value


class HoldSwitch(Section):
    """A hold rule that is on or off."""

    enabled: StrictBool


class OverLimitHold(HoldSwitch):
    """Receivables over the approved limit by more than a share of it."""

    above_share: Share10


class PastDueHold(HoldSwitch):
    """Any invoice more than ``days`` past due."""

    days: Annotated[Whole, Field(ge=1, le=3650)]


class OverdueHold(HoldSwitch):
    """Overdue receivables above a share of the receivables and/or above an amount."""

    share: Annotated[Number, Field(ge=0, le=1)] | None
    amount: Amount | None
    combine: Literal["any", "all"]


class GradeHold(HoldSwitch):
    """A grade among ``grades``."""

    grades: frozen_list(StrictStr)


class StaleAssessmentHold(HoldSwitch):
    """No qualitative assessment, or one older than ``months``."""

    months: Annotated[Whole, Field(ge=1, le=120)]


class UtilizationHold(HoldSwitch):
    """Exposure with open orders above a share of the approved limit."""

    above_share: Share10


class Holds(Section):
    """The blocking rules of the credit hold list (``kamtools.credit.holds``)."""

    over_limit: OverLimitHold
    past_due: PastDueHold
    overdue: OverdueHold
    grade: GradeHold
    stale_assessment: StaleAssessmentHold
    utilization: UtilizationHold
    block_increase: frozen_list(StrictStr)


#: The hold rules of ``credit.holds`` (every key but ``block_increase``), in their order.
HOLD_RULE_KEYS = tuple(k for k in Holds.model_fields if k != "block_increase")


def approver_name(name: str) -> str:
    """A name as the ladder compares names: case, spaces, hyphens and underscores ignored.

    >>> approver_name("Direct-Sales  Manager"), approver_name("direct_sales_manager")
    ('direct sales manager', 'direct sales manager')
    """
    return re.sub(r"[\s_\-]+", " ", name.casefold()).strip()


def authority_rule(levels: Sequence[ApprovalLevel], decrease_approver: str) -> None:
    """The ladder's rules (see the module's docstring)."""
    if not levels:
        raise Rule("policy key '{key}' must list at least one level", "approval_levels")
    keys = [lv.key for lv in levels]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise Rule(f"policy key '{{key}}' = {key!r} repeats an earlier level's key", "approval_levels", i, "key")
    for i, lv in enumerate(levels[:-1]):
        if lv.up_to is None:
            raise Rule(
                "policy key '{key}' must be an amount, got null (only the last level has no ceiling)",
                "approval_levels",
                i,
                "up_to",
            )
    for i in range(1, len(levels)):
        prev, cur = levels[i - 1].up_to, levels[i].up_to
        if cur is not None and prev is not None and cur <= prev:
            raise Rule(
                f"policy key '{{key}}' ({cur:,g}) must exceed the previous level's amount ({prev:,g}): "
                "authority rises from level to level (the last may be null, no ceiling)",
                "approval_levels",
                i,
                "up_to",
            )
    named = ", ".join(keys)
    if decrease_approver != "current" and decrease_approver not in keys:
        raise Rule(
            f"policy key '{{key}}' must be 'current' or a level's key ({named}), got {decrease_approver!r}",
            "decrease_approver",
        )
    holder: dict[str, str] = {}
    for i, lv in enumerate(levels):
        for j, name in enumerate(lv.approvers):
            other = holder.setdefault(approver_name(name), lv.key)
            if other != lv.key:
                raise Rule(
                    f"policy key '{{key}}' = {name!r} is listed under level {other!r} too: an approver holds one level",
                    "approval_levels",
                    i,
                    "approvers",
                    j,
                )


def holds_rule(holds: Holds, grades: Mapping[str, Any]) -> None:
    """The grades of the grade hold are grades of ``credit.grades``; the overdue hold has a share
    below 1 or an amount (or both); ``block_increase`` names hold rules, each once."""
    for i, name in enumerate(holds.block_increase):
        if name not in HOLD_RULE_KEYS:
            raise Rule(
                f"policy key '{{key}}' = {name!r} is not a hold rule ({', '.join(HOLD_RULE_KEYS)})",
                "holds",
                "block_increase",
                i,
            )
        if name in holds.block_increase[:i]:
            raise Rule(f"policy key '{{key}}' = {name!r} is listed twice", "holds", "block_increase", i)
    overdue = holds.overdue
    if overdue.share is not None and overdue.share >= 1:
        raise Rule(
            f"policy key '{{key}}' = {overdue.share!r} must be below 1: the overdue is never more than all of "
            "the receivables (null: no share test)",
            "holds",
            "overdue",
            "share",
        )
    if overdue.enabled and overdue.share is None and overdue.amount is None:
        raise Rule(
            "policy keys '{key}.share' and 'amount' are both null: an enabled overdue hold needs a share, "
            "an amount or both (or enabled: false)",
            "holds",
            "overdue",
        )
    for i, g in enumerate(holds.grade.grades):
        if g not in grades:
            raise Rule(
                f"policy key '{{key}}' = {g!r} is not a grade of credit.grades ({', '.join(grades)})",
                "holds",
                "grade",
                "grades",
                i,
            )

"""The keys of the ``receivables`` section for write-offs, targets and incentives.

``recovery``: over how many months a customer's own gross margin is taken (the recovery
equation: the sales whose margin earns a bad debt back) and from how many days past due the
worklist shows it. ``targets``: monthly collection targets per account manager (an amount
each; a manager not named gets the share of what fell due, ``collection_target_share``).
``incentives``: a bonus of a share of the amount collected, paid from an achievement on,
and a deduction of a share of the receivables past a number of days. Every number is the
company's choice, not the method's.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ._base import Number, Section, Whole, frozen_map

_Share = Annotated[Number, Field(ge=0, le=1)]
_Days = Annotated[Whole, Field(ge=1, le=3650)]


class Recovery(Section):
    """``receivables.recovery``: the recovery equation's margin and the worklist's days."""

    margin_months: Annotated[Whole, Field(ge=1, le=120)]
    worklist_days: _Days


class Targets(Section):
    """``receivables.targets``: monthly collection targets per account manager (money)."""

    monthly: frozen_map(Annotated[Number, Field(ge=0, le=1e12)])


class Incentives(Section):
    """``receivables.incentives``: bonus on collections, deduction for old receivables."""

    collected_share: _Share
    min_achievement: Annotated[Number, Field(ge=0, le=10)]
    penalty_days: _Days
    penalty_share: _Share

"""The ``calendar`` and ``practices`` sections of the policy: the contact calendar and the
key-account practices of each tier.

``calendar``: which activity types count as a visit and as a senior visit, the months between
visits per tier of the pyramid (0: no planned visits) and per lifecycle stage (0: the tier's;
otherwise the shorter of the two applies), the dunning levels that call for a collection visit
and by which day of the month, how many days ahead a contract's renewal notice is listed, and
the company's holidays with their dates (a list the company edits each year).

``practices``: per tier, the key-account practices of the material (supply priority, senior
visits, the annual customer meeting, dedicated service ...), each evidenced by activities of
the listed types: it happened when at least ``min_count`` of them were recorded in the last
12 months (the account plan's window). Every number and date here is the company's choice, not the method's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import Field, StrictStr, field_validator, model_validator

from ._base import Rule, Section, Whole, frozen_list

_Months = Annotated[Whole, Field(ge=0, le=120)]
#: A practice's key: lowercase letters, digits and underscores.
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class TierMonths(Section):
    """Months between two visits for each tier of the pyramid (0: no planned visits)."""

    key: _Months
    ordinary: _Months
    prospect: _Months
    unattractive: _Months


class StageMonths(Section):
    """Months between two visits for each lifecycle stage (0: the tier's frequency alone)."""

    breakthrough: _Months
    growth: _Months
    harvest: _Months
    defense: _Months
    hibernation: _Months


class Holiday(Section):
    """One holiday of the company: its date and names."""

    date: StrictStr
    name: StrictStr
    name_zh: StrictStr

    @field_validator("date", mode="before")
    @classmethod
    def _iso(cls, v: object) -> object:
        """A date written without quotes (YAML reads it as a date) is taken as its ISO text."""
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v.isoformat()
        if isinstance(v, str):
            try:
                ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)) and bool(dt.date.fromisoformat(v))
            except ValueError:
                ok = False
            if not ok:
                raise ValueError(f"must be an ISO date such as 2026-10-01, got {v!r}")
        return v


class CalendarPolicy(Section):
    """``calendar``: the contact calendar of the next month per account manager."""

    visit_types: frozen_list(StrictStr)
    senior_visit_types: frozen_list(StrictStr)
    visit_months: TierMonths
    senior_visit_months: TierMonths
    stage_visit_months: StageMonths
    collection_levels: frozen_list(StrictStr)
    collection_visit_day: Annotated[Whole, Field(ge=1, le=28)]
    renewal_notice_days: Annotated[Whole, Field(ge=0, le=3650)]
    holidays: frozen_list(Holiday)


class Practice(Section):
    """One key-account practice and the activities that evidence it."""

    key: StrictStr
    name: StrictStr
    name_zh: StrictStr
    activity_types: frozen_list(StrictStr)
    min_count: Annotated[Whole, Field(ge=1, le=1000)]

    @model_validator(mode="after")
    def _names(self) -> Practice:
        if not _NAME.fullmatch(self.key):
            raise Rule(
                f"policy key '{{key}}' = {self.key!r} must be a name of lowercase letters, digits and underscores, "
                "e.g. senior_visits",
                "key",
            )
        if not self.activity_types:
            raise Rule("policy key '{key}' must name at least one activity type", "activity_types")
        return self


class PracticesPolicy(Section):
    """``practices``: the key-account practices of each tier."""

    key: frozen_list(Practice)
    ordinary: frozen_list(Practice)
    prospect: frozen_list(Practice)
    unattractive: frozen_list(Practice)

"""The keys of ``receivables`` about our own company: its balance sheet beside its receivables
(material 003: receivables are commonly 30–40 % of a company's assets), and the basis of the
receivables page's aging.

``receivables.company.financials`` lists the company's own figures, one entry per balance-sheet
date (none: not configured); the dates are unique, total assets above 0, revenue (the year to that
date) 0 or more, or null. ``typical_share`` is the range the material gives, ``low <= high``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from ._base import Number, Rule, Section, frozen_list

#: The bases of an aging: days past due (逾期) or days since invoiced (账龄).
AGING_BASES = ("due", "invoice")


def _date(value: Any) -> str:
    """A date as YAML writes it (``2025-12-31``, a date) or as ISO text, kept as ISO text (a policy is
    plain data: it saves and travels as YAML and JSON); never a time or a number."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise PydanticCustomError("date_type", "must be a date such as 2025-12-31")


#: A date of the policy, as ISO text: ``2025-12-31``.
Date = Annotated[str, PlainValidator(_date)]
Share = Annotated[Number, Field(ge=0, le=1)]


class CompanyPeriod(Section):
    """Our figures at one balance-sheet date."""

    period_end: Date
    total_assets: Annotated[Number, Field(gt=0, le=1e15)]
    revenue: Annotated[Number, Field(ge=0, le=1e15)] | None


class TypicalShare(Section):
    """The range of receivables / total assets the material calls typical."""

    low: Share
    high: Share

    @model_validator(mode="after")
    def _ordered(self) -> TypicalShare:
        if self.low > self.high:
            raise Rule(f"policy key '{{key}}' = {self.low!r} is above high ({self.high!r}): low <= high", "low")
        return self


class CompanyFinancials(Section):
    """``receivables.company``: our own balance sheet, by date, and the typical share."""

    financials: frozen_list(CompanyPeriod)
    typical_share: TypicalShare

    @model_validator(mode="after")
    def _unique_dates(self) -> CompanyFinancials:
        seen: set[str] = set()
        for i, entry in enumerate(self.financials):
            if entry.period_end in seen:
                raise Rule(
                    f"policy key '{{key}}' = {entry.period_end} names a balance-sheet date twice",
                    "financials",
                    i,
                    "period_end",
                )
            seen.add(entry.period_end)
        return self


AgingBasis = Literal[AGING_BASES]

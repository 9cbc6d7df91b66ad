"""Money as a reader sees it: in the policy's currency and unit (``report.currency``,
``report.money_unit``), on chart axes and in the sentences that read them.

The amounts of the data are never rounded to the unit; only what is shown is divided by it.

>>> unit = money_unit({"report": {"currency": "CNY", "money_unit": 10000}})
>>> unit.label, unit.axis_label("revenue"), unit.text(19_809_035), unit.text(45_000), unit.text(-0.4)
('万元', 'revenue (万元)', '1,981 万元', '4.5 万元', '0.0 万元')
>>> money_unit({"report": {"currency": "USD", "money_unit": 1000}}).text(1_234_567)
'1,235 thousand USD'
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

from ..policy import load_policy
from ..text import MISSING, is_missing, num

#: What each unit of the Chinese yuan reads as (the method's material is Chinese).
CNY_UNITS = {1: "元", 1000: "千元", 10000: "万元"}
#: What each unit of any other currency reads as (``{code}``: the currency code).
OTHER_UNITS = {1: "{code}", 1000: "thousand {code}", 10000: "10 thousand {code}"}


@dataclass(frozen=True)
class MoneyUnit:
    """The unit money is shown in: ``factor`` (1, 1,000 or 10,000) of the currency, read as ``label``."""

    factor: int
    label: str

    def scaled(self, value: float) -> float:
        """``value`` (in the currency) in this unit."""
        return value / self.factor

    def axis_label(self, what: str) -> str:
        """The label of an axis of money: what it shows, then the unit in brackets."""
        return f"{what} ({self.label})"

    def text(self, value: Any) -> str:
        """``value`` in this unit for a sentence: whole units with thousands separators (one
        decimal for less than 100 units of 1,000 or 10,000), the unit after it; a missing amount reads ``–``."""
        if is_missing(value) or not isinstance(value, numbers.Real) or math.isinf(value):
            return MISSING
        scaled = self.scaled(float(value))
        decimals = 1 if self.factor > 1 and abs(scaled) < 100 else 0
        return f"{num(scaled):,.{decimals}f} {self.label}"


def money_unit(policy: Any = None) -> MoneyUnit:
    """The money unit of ``policy`` (a loaded policy, a mapping of overrides, a file or None)."""
    report = load_policy(policy)["report"]
    currency, factor = str(report["currency"]), int(report["money_unit"])
    names = CNY_UNITS if currency == "CNY" else OTHER_UNITS
    return MoneyUnit(factor=factor, label=names[factor].format(code=currency))

"""Exercise checks of collections as a system (催收体系: 制度化, 目标化, 激励, 评估) in lesson 07
(``notebooks/training/07_receivables_collections``): the dunning levels and their letters, and the
incentive of an account manager's collection target.

Exercises: ``07.letters_due`` (how many letters this month's dunning levels send) and
``07.net_incentive`` (the incentive of the account manager with the most old debt, by hand).

>>> import kamtools as kt
>>> from kamtools.training import check
>>> from kamtools.training.lesson_data import lesson_date
>>> data = kt.sample_data(customers=60, years=2, seed=3)
>>> as_of = lesson_date(data)
>>> dun = kt.receivables.dunning(data, as_of)
>>> check("07.letters_due", int(dun["letter"].notna().sum()), (data, as_of))
✔ 07.letters_due: correct.
True
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .. import receivables
from ..money import round_half_up
from ..policy import load_policy
from ..store import KamData
from .core import exercise, lesson_context, slip

__all__: list[str] = []


def _dunning(data: KamData, as_of: dt.date) -> pd.DataFrame:
    """The dunning levels at ``as_of`` under the default policy, once per store connection."""
    return data.kept(("lesson dunning", as_of), lambda: receivables.dunning(data, as_of))


def _targets(data: KamData, as_of: dt.date) -> pd.DataFrame:
    """The collection targets at ``as_of`` under the default policy, once per store connection."""
    return data.kept(("lesson targets", as_of), lambda: receivables.collection_targets(data, as_of))


def incentive_manager(targets: pd.DataFrame) -> str:
    """The account manager exercise 07.net_incentive studies: the one with the most receivables past the
    policy's penalty days (ties by name).

    >>> t = pd.DataFrame({"past_due_receivables": [10.0, 30.0, 30.0]},
    ...                  index=pd.Index(["Wang", "Li", "Zhao"], name="account_manager"))
    >>> incentive_manager(t)
    'Li'
    """
    order = targets.sort_index(kind="mergesort").sort_values("past_due_receivables", ascending=False, kind="mergesort")
    return str(order.index[0])


@exercise(
    "07.letters_due",
    hint=(
        "dun = receivables.dunning(data, as_of, pol): count the customers whose level has a letter (column "
        "letter not empty: the reminder, the formal 催款函, the final notice); a level without a letter (a call, "
        "legal action) and the customers below the first level (none) send none."
    ),
)
def _letters_due(data: Any) -> int:
    data, as_of = lesson_context(data)
    return int(_dunning(data, as_of)["letter"].notna().sum())


@slip("07.letters_due", "every_overdue")
def _every_overdue(data: Any) -> int:
    data, as_of = lesson_context(data)
    return len(_dunning(data, as_of))


@slip("07.letters_due", "formal_only")
def _formal_only(data: Any) -> int:
    data, as_of = lesson_context(data)
    return int((_dunning(data, as_of)["letter"] == "formal").sum())


def _incentive_parts(data: Any, base: str = "collected") -> tuple[float, float]:
    """The bonus of the manager of exercise 07.net_incentive as the policy pays it (on ``base``: ``collected``,
    or ``target`` for the mistake of paying on the target) and the deduction."""
    data, as_of = lesson_context(data)
    t = _targets(data, as_of)
    row = t.loc[incentive_manager(t)]
    inc = load_policy(None)["receivables"]["incentives"]
    reached = pd.notna(row["achievement"]) and float(row["achievement"]) >= float(inc["min_achievement"])
    bonus = float(round_half_up(float(row[base]) * float(inc["collected_share"]))) if reached else 0.0
    deduction = float(round_half_up(float(row["past_due_receivables"]) * float(inc["penalty_share"])))
    return bonus, deduction


@exercise(
    "07.net_incentive",
    hint=(
        "for the manager with the largest past_due_receivables in targets: bonus = collected x "
        "pol['receivables']['incentives']['collected_share'] when achievement (collected / target) is at least "
        "min_achievement, else 0; deduction = past_due_receivables x penalty_share; the answer is bonus - "
        "deduction (negative when the deduction is larger), each to the cent."
    ),
)
def _net_incentive(data: Any) -> float:
    bonus, deduction = _incentive_parts(data)
    return round(bonus - deduction, 2)


@slip("07.net_incentive", "bonus_on_target")
def _bonus_on_target(data: Any) -> float:
    bonus, deduction = _incentive_parts(data, base="target")
    return round(bonus - deduction, 2)


@slip("07.net_incentive", "no_deduction")
def _no_deduction(data: Any) -> float:
    bonus, _ = _incentive_parts(data)
    return round(bonus, 2)

"""The facilitator guide of the training course, for the trainer only: the template ``guide.md`` beside this
module filled with the expected answers, the listed mistakes and the case account's numbers on the course's
data (``kam training --guide FILE``).

``notebooks/training/FACILITATOR_GUIDE.md`` is the guide on the committed sample at its latest complete month;
a test fails when it differs from what the template gives on the sample, so the guide's numbers cannot drift
from the answer key. Edit the template, then run ``make guide``. The student copies never get the guide
(:func:`kamtools.training.student.write_student_copies` copies the lessons, the participants' README and the
glossary only).

Placeholders of the template:

* ``[[ID]]`` or ``[[ID SPEC]]``: the expected answer of the exercise ``ID`` (``01.key_revenue_share``), or a
  fact of the day's case account (``case.hours_12m``, ``limit.exposure``: :func:`case_facts`), formatted with
  the Python format ``SPEC`` (``,.0f``, ``.1%``), else as :func:`shown` shows it;
* ``[[mistakes LESSON]]``: the listed mistakes of the lesson's exercises, each with its wrong answer on the
  data and its message.

>>> fill("share [[x .1%]], count [[n]], name [[who]]", {"x": 0.4219, "n": 28, "who": "Li"}, {})
'share 42.2%, count 28, name Li'
>>> fill("[[nope]]", {}, {})
Traceback (most recent call last):
...
KeyError: "the guide's template names 'nope', which is neither an exercise nor a fact of the case account"
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import credit, paths, receivables, segments
from ..policy import default_policy
from .answers import answer, coaching
from .core import EXERCISES, lesson_context
from .key import KEY_FILE
from .lesson_data import focus_account

__all__ = ["GUIDE_FILE", "TEMPLATE", "case_facts", "fill", "render_guide", "shown", "write_guide"]

#: The template of the guide, beside this module.
TEMPLATE = Path(__file__).with_name("guide.md")
#: The committed guide on the sample, in the trainer's lesson folder (never copied to the participants).
GUIDE_FILE = "FACILITATOR_GUIDE.md"

_PLACE = re.compile(r"\[\[([^\]\s]+)(?: ([^\]]*))?\]\]")


def shown(value: Any, spec: str = "") -> str:
    """``value`` as the guide shows it: with ``spec`` when given; else whole numbers and money with
    thousands separators, other numbers to four significant digits, texts as they are.

    >>> shown(673600.0), shown(28), shown(0.91234), shown(3107.6), shown("M+a+N"), shown(0.5, ".0%")
    ('673,600', '28', '0.9123', '3,108', 'M+a+N', '50%')
    """
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "—"
    if spec:
        return format(value, spec)
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and (value.is_integer() or abs(value) >= 100)):
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _mistakes(lesson: str, context: Any) -> str:
    """The listed mistakes of the exercises of ``lesson`` (``05``): a bullet each, with the wrong answer
    on the data and the message in Chinese and English."""
    lines = []
    for id in sorted(i for i in EXERCISES if i.split(".")[0] == lesson):
        slips = coaching(id, context)["slips"]
        for wrong, text in slips.values():
            lines.append(f"- `{id}` → {shown(wrong)}：{text['zh']}<br>{text['en']}")
    return "\n".join(lines) or "- （本课无列出的常见错误 no listed mistakes）"


def fill(template: str, values: dict[str, Any], mistakes: dict[str, str]) -> str:
    """``template`` with each placeholder replaced: ``values`` by name (answers and facts), ``mistakes``
    by lesson."""

    def replace(m: re.Match) -> str:
        name, spec = m.group(1), (m.group(2) or "").strip()
        if name == "mistakes":
            return mistakes[spec]
        if name not in values:
            raise KeyError(
                f"the guide's template names {name!r}, which is neither an exercise nor a fact of the case account"
            )
        return shown(values[name], spec)

    return _PLACE.sub(replace, template)


def _prefixed(prefix: str, row: pd.Series) -> dict[str, Any]:
    return {f"{prefix}.{k}": v for k, v in row.items()}


def case_facts(data: Any, as_of: Any, policy: Any = None) -> dict[str, Any]:
    """The numbers the judgment exercises show of the day's case account (``focus_account``), by name:
    ``case.*`` its row of the pyramid, ``rel.*`` of the relational classification, ``value.*`` of the
    80-20 curve, ``clv.*`` of its lifetime value, ``ratio.*`` of its ratios, ``limit.*`` of its credit
    limits, ``aged.*`` of its receivables' ages, ``plan.*`` the lesson-08 plan's target and the exposure
    it needs, ``prof.*`` its profit after the cost to serve (and ``prof.unprofitable_revenue``, the revenue of the
    book's unprofitable customers), ``life.stage`` its lifecycle stage, ``book.*`` a few numbers of the whole book
    they are compared with."""
    as_of = pd.Timestamp(as_of)
    policy = policy if policy is not None else default_policy()
    cid = focus_account(data, as_of)
    pyr = segments.pyramid(data, as_of, policy)
    summary = segments.pyramid_summary(pyr, data, as_of)
    limits = credit.limits(data, as_of, policy)
    aged = receivables.aging(data, as_of, policy["receivables"]["buckets"])
    facts: dict[str, Any] = {"case.id": cid, "as_of": as_of.date().isoformat()}
    facts |= _prefixed("case", pyr.loc[cid])
    facts["case.revenue_rank"] = int(pyr["revenue_12m"].rank(ascending=False, method="min")[cid])
    facts["book.key_hours_per_account"] = float(summary.loc["key", "hours"] / summary.loc["key", "accounts"])
    facts["book.key_accounts"] = int(summary.loc["key", "accounts"])
    rel = segments.relational(data, as_of)
    if cid in rel.index:
        facts |= _prefixed("rel", rel.loc[cid])
    curve = segments.revenue_pareto(data, as_of).curve
    if cid in curve.index:
        facts |= _prefixed("value", curve.loc[cid])
    facts["value.quadrant"] = segments.value_matrix(data, as_of, policy).loc[cid, "quadrant"]
    clv = segments.clv(data, as_of)
    if cid in clv.index:
        facts |= _prefixed("clv", clv.loc[cid])
    facts |= _prefixed("ratio", credit.ratios(data, as_of, policy=policy).loc[cid])
    facts |= _prefixed("limit", limits.loc[cid])
    if cid in aged.index:
        facts |= _prefixed("aged", aged.loc[cid])
    activities = data.sql(
        "select type, hours from activities where customer_id = ? and date > ? and date <= ?",
        [cid, as_of - pd.DateOffset(months=12), as_of.date()],
    )
    complaints = activities[activities["type"] == "complaint"]
    facts["case.complaints"] = len(complaints)
    facts["case.complaint_hours"] = float(complaints["hours"].sum())
    prof = segments.profitability(data, as_of, policy)
    facts |= _prefixed("prof", prof.loc[cid])
    facts["prof.unprofitable_revenue"] = float(prof.loc[prof["profit_class"] == "unprofitable", "revenue_12m"].sum())
    life = segments.lifecycle(data, as_of, policy)
    facts["life.stage"] = life.loc[cid, "stage"] if cid in life.index else "—"
    target = float(pyr.loc[cid, "revenue_12m"] + 0.10 * pyr.loc[cid, "headroom"])
    facts["plan.revenue_target"] = target
    facts["plan.growth"] = target / float(pyr.loc[cid, "revenue_12m"]) - 1
    facts["plan.need_at_target"] = target / 12 * float(limits.loc[cid, "credit_days"]) / 30 + float(
        limits.loc[cid, "open_orders"]
    )
    return facts


def render_guide(data: Any, as_of: Any = None, policy: Any = None, template: str | None = None) -> str:
    """The facilitator guide on ``data`` at ``as_of`` (default: the lessons' date)."""
    data, as_of = lesson_context((data, as_of) if as_of is not None else data)
    context = (data, as_of)
    values = {id: answer(id, context) for id in EXERCISES}
    values |= case_facts(data, as_of, policy)
    lessons = sorted({id.split(".")[0] for id in EXERCISES})
    mistakes = {lesson: _mistakes(lesson, context) for lesson in lessons}
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    return fill(text, values, mistakes)


def write_guide(path: str | Path, data: Any, as_of: Any = None, policy: Any = None) -> Path:
    """Write the facilitator guide to ``path``; refused in a student folder (one holding the answer key)."""
    path = Path(path)
    if (path.parent / KEY_FILE).exists():
        raise ValueError(
            f"{path.parent} holds {KEY_FILE}: it is a student folder, and the guide is for the trainer only"
        )
    text = render_guide(data, as_of, policy)
    return paths.write_atomically(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))

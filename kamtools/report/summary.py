"""The executive summary of a period (the front of ``index.html``): this month's decisions, the
things a manager must act on, ranked by the money at stake, each linked to the page section (and
to the account plan, where one was written) that shows the detail.

The decisions read the same analytics the pages print (credit limits, holds, breaches, approvals,
silent debtors, key accounts to watch), for the same date and policy, so the summary and the
pages cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import credit, receivables, segments
from ..credit.limit_text import short_amount
from ..headline import kpis
from ..output.headlines import change_text, value_text
from ..policy import Policy
from ..store import KamData
from .pages import anchor

#: How many decisions the summary shows.
DECISIONS_SHOWN = 10


@dataclass(frozen=True)
class Decision:
    """One thing to act on: what, the money at stake, and where the detail is."""

    text: str
    amount: float
    page: str  # notebook name of the page, e.g. "03_credit_review"
    section: str  # heading of the section on that page
    customer_id: str | None = None

    @property
    def anchor(self) -> str:
        return anchor(self.section)


def money(value: float) -> str:
    """An amount as the credit pages write it (:func:`kamtools.credit.limit_text.short_amount`).

    >>> money(2_345_678), money(785_400), money(31_450), money(640.4)
    ('2.35 M', '785 k', '31.5 k', '640')
    """
    return str(short_amount(pd.Series([float(value)])).iloc[0])


def _named(customer_id: str, names: Mapping[str, str]) -> str:
    name = names.get(customer_id)
    return f"{name} ({customer_id})" if name and name != customer_id else customer_id


def _approvals(lim: pd.DataFrame, pol: Policy) -> list[Decision]:
    changes = credit.limit_changes(lim, pol)
    names = credit.level_names(pol)
    out = []
    for level, row in changes.iterrows():
        if int(row["increases"]) <= 0 or level == "none":
            continue
        en, zh = names.get(level, (str(level), ""))
        who = f"{en} {zh}".strip()
        out.append(
            Decision(
                f"{int(row['increases']):,} limit increases wait for the {who}: {money(row['total_increase'])} "
                "more credit to approve or refuse",
                float(row["total_increase"]),
                "03_credit_review",
                "Recommended limit changes by approval level",
            )
        )
    return out


def _credit(data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame, names) -> list[Decision]:
    out = _approvals(lim, pol)
    held = credit.holds(data, as_of, pol, lim=lim)
    if len(held):
        out.append(
            Decision(
                f"{len(held):,} customers on credit hold ({money(held['exposure'].sum())} of exposure): "
                f"{money(held['exposure_excess'].sum())} to collect or secure before their orders are released",
                float(held["exposure_excess"].sum()),
                "03_credit_review",
                "Credit holds",
            )
        )
    over = credit.over_limit(lim)
    for cid, row in over.sort_values("overlimit_uncovered", ascending=False).head(3).iterrows():
        if row["overlimit_uncovered"] <= 0:
            continue
        out.append(
            Decision(
                f"{_named(str(cid), names)} is {money(row['overlimit_uncovered'])} over its limit without "
                "collateral: collect or secure before the next order",
                float(row["overlimit_uncovered"]),
                "03_credit_review",
                "Customers over their limit",
                str(cid),
            )
        )
    breaches = credit.breaches(lim)
    no_limit = breaches[breaches["breach"] == "no_limit"]
    if len(no_limit):
        out.append(
            Decision(
                f"{len(no_limit):,} customers carry {money(no_limit['exposure'].sum())} of exposure without an "
                "approved limit: approve a limit or stop supply",
                float(no_limit["exposure"].sum()),
                "03_credit_review",
                "Breaches",
            )
        )
    authority = credit.authority_breaches(data, as_of, pol)
    if len(authority):
        excess = authority["excess_authority"].fillna(authority["approved_limit"]).sum()
        out.append(
            Decision(
                f"{len(authority):,} limits in force exceed their approver's authority: have them approved at the "
                "level the ladder requires",
                float(excess),
                "03_credit_review",
                "Breaches",
            )
        )
    return out


def _accounts(data: KamData, as_of: pd.Timestamp, pol: Policy, names) -> list[Decision]:
    out = []
    silent = receivables.silent_debtors(data, as_of, pol)
    if len(silent):
        out.append(
            Decision(
                f"{len(silent):,} silent debtors owe {money(silent['total'].sum())} with no order, payment or "
                f"contact for {silent['months_silent'].min():.0f}+ months: visit, or hand to collections",
                float(silent["total"].sum()),
                "04_receivables",
                "Silent debtors",
            )
        )
    watch = segments.to_watch(segments.pyramid(data, as_of, pol), 3, pol)
    lost = watch["revenue_lost"]
    for cid in watch.index:
        if lost[cid] <= 0:
            continue
        out.append(
            Decision(
                f"Key account {_named(str(cid), names)} bought {money(lost[cid])} less than a year before: "
                "a senior visit to learn why",
                float(lost[cid]),
                "02_segmentation",
                "Key accounts to watch",
                str(cid),
            )
        )
    return out


def decisions(data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame | None = None) -> list[Decision]:
    """This month's decisions, the largest money at stake first (at most :data:`DECISIONS_SHOWN`)."""
    lim = credit.limits(data, as_of, pol) if lim is None else lim
    names = dict(zip(data.customers["customer_id"].astype("str"), data.customers["name"].astype("str")))
    found = _credit(data, as_of, pol, lim, names) + _accounts(data, as_of, pol, names)
    return sorted(found, key=lambda d: -d.amount)[:DECISIONS_SHOWN]


def status(value: float, band) -> str:
    """``green``, ``amber`` or ``red`` of a number against its band of ``report.status`` (empty
    when the number is missing).

    >>> from types import SimpleNamespace as B
    >>> [status(v, B(better="lower", amber=45, red=60)) for v in (30, 45, 59.9, 60)]
    ['green', 'amber', 'amber', 'red']
    """
    if value is None or pd.isna(value):
        return ""
    sign = 1.0 if band.better == "lower" else -1.0
    v = sign * float(value)
    if v >= sign * float(band.red):
        return "red"
    return "amber" if v >= sign * float(band.amber) else "green"


def tiles(head: pd.DataFrame, pol: Policy) -> list[dict]:
    """The tiles of the executive summary: each number of ``report.status`` (rows of
    :func:`kamtools.kpis`), its value, its change against the previous period and its status."""
    out = []
    for key, band in pol["report"]["status"].items():
        if key not in head.index:
            raise ValueError(
                f"policy key 'report.status.{key}' names no headline number (one of: {', '.join(head.index)})"
            )
        row = head.loc[key]
        measured = row["value"] if band.measure == "value" else row["change"]
        change = change_text(row["unit"], row["change_unit"], row["change"])
        out.append(
            {
                "key": key,
                "name": row["label"],
                "value": value_text(row["unit"], row["value"]),
                "change": f"{change} against {row['previous_window']}" if change != "–" else "",
                "status": status(measured, band),
                "definition": f"{row['window']}: {row['definition']}",
            }
        )
    return out


def headline_tiles(data: KamData, as_of: pd.Timestamp, pol: Policy, lim: pd.DataFrame) -> list[dict]:
    """:func:`tiles` of the book on ``as_of`` (the numbers every page states)."""
    return tiles(kpis(data, as_of, pol, limits=lim), pol)

"""The plan of record on an account plan page: the plan file the account team keeps
(:mod:`kamtools.ingest.plan_files`) against what the store shows at the data's date.

Each objective of the file beside its actual (the last 12 months to the data's date for revenue,
margin, margin rate and selling time; the share of wallet; the overdue receivables on the day), the
gap still to close and whether it is met; each action done, open or late (open with its due date
before the data's date); the team by role; the competitors with their share beside ours. Every text
is a pair ``(English, Chinese)``; text from the file is the team's and shown as it is (escaped).

>>> gap("revenue", 900.0, 1000.0), gap("overdue", 300.0, 0.0), gap("revenue", 1200.0, 1000.0)
(100.0, 300.0, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..account_plan import AccountProfile
from ..ingest.plan_files import LOWER_IS_BETTER, RATES, PlanFile, late, met
from ..output.currency import money_unit
from ..text import MISSING, is_missing, num
from .plan_words import Pair, share

__all__ = ["METRIC_LABELS", "ROLE_LABELS", "actual", "gap", "no_plan", "record"]

#: The metrics of an objective, as the page names them.
METRIC_LABELS: dict[str, Pair] = {
    "revenue": ("Revenue, last 12 months", "收入（近12个月）"),
    "margin": ("Margin, last 12 months", "毛利（近12个月）"),
    "margin_rate": ("Margin rate, last 12 months", "毛利率（近12个月）"),
    "wallet_share": ("Share of wallet", "钱包份额"),
    "overdue": ("Overdue receivables (at most)", "逾期应收款（不超过）"),
    "selling_hours": ("Selling time, last 12 months (hours)", "销售时间（近12个月，小时）"),
}
_KIND = {**dict.fromkeys(RATES, "share"), "selling_hours": "hours"}

#: The roles of the account team.
ROLE_LABELS: dict[str, Pair] = {
    "executive_sponsor": ("Executive sponsor", "高层支持者"),
    "account_manager": ("Account manager", "客户经理"),
    "credit": ("Credit", "信用管理"),
    "service": ("Service", "客户服务"),
    "technical": ("Technical support", "技术支持"),
}

_ACTION_STATUS: dict[str, Pair] = {"done": ("Done", "已完成"), "open": ("Open", "未完成"), "late": ("Late", "已逾期")}
_OBJECTIVE_STATUS: dict[str, Pair] = {
    "met": ("Met", "已达成"),
    "behind": ("Behind", "未达成"),
    "missed": ("Missed: due date passed", "未达成，已过期"),
    "unknown": ("No actual in the data", "数据中无实际值"),
}


def actual(a: AccountProfile, metric: str) -> float:
    """What the store shows for ``metric`` at the data's date (NaN when it does not know)."""
    values = {
        "revenue": a.margin["revenue_12m"],
        "margin": a.margin["margin_12m"],
        "margin_rate": a.margin["margin_rate_12m"],
        "wallet_share": a.objectives["wallet_share"],
        "overdue": a.aging["overdue"],
        "selling_hours": a.time["hours_12m"],
    }
    v = values[metric]
    return float("nan") if is_missing(v) else float(v)


def gap(metric: str, value: float, target: float) -> float:
    """What is still to close: the target less the actual (for a ceiling, the actual above it); 0 when met."""
    if math.isnan(value):
        return float("nan")
    rest = value - target if metric in LOWER_IS_BETTER else target - value
    return max(rest, 0.0)


def _show(metric: str, v: float, pol: Mapping) -> str:
    if is_missing(v):
        return MISSING
    kind = _KIND.get(metric, "money")
    if kind == "share":
        return share(v)
    if kind == "hours":
        return f"{num(v):,.0f}"
    return money_unit(pol).text(v)


def _objectives(a: AccountProfile, plan: PlanFile, pol: Mapping) -> list[dict]:
    rows = []
    for o in plan.objectives:
        value = actual(a, o.metric)
        if math.isnan(value):
            status = "unknown"
        elif met(o.metric, value, o.target):
            status = "met"
        else:
            status = "missed" if o.due < a.as_of else "behind"
        rest = gap(o.metric, value, o.target)
        rows.append(
            {
                "metric": METRIC_LABELS[o.metric],
                "target": _show(o.metric, o.target, pol),
                "due": o.due.isoformat(),
                "actual": _show(o.metric, value, pol),
                "gap": _show(o.metric, rest, pol) if status != "met" else "0",
                "status": _OBJECTIVE_STATUS[status],
                "state": status,
                "note": o.note,
            }
        )
    return rows


def _owner(owner: str, plan: PlanFile) -> Pair:
    """An action's owner: a role of the team with its person's name, or the name the file gives."""
    if owner in ROLE_LABELS:
        en, zh = ROLE_LABELS[owner]
        person = getattr(plan.team, owner)
        return (f"{en} {person}", f"{zh} {person}") if person else (en, zh)
    return (owner, owner) if owner else (MISSING, MISSING)


def _actions(a: AccountProfile, plan: PlanFile) -> list[dict]:
    rows = []
    for act in sorted(plan.actions, key=lambda x: (x.status == "done", x.due)):
        state = "late" if late(act, a.as_of) else act.status
        rows.append(
            {"what": act.what, "owner": _owner(act.owner, plan), "due": act.due.isoformat(),
             "status": _ACTION_STATUS[state], "state": state}
        )  # fmt: skip
    return rows


def _summary(a: AccountProfile, plan: PlanFile, objectives: list[dict], actions: list[dict]) -> Pair:
    n, done = len(actions), sum(r["state"] == "done" for r in actions)
    lates = sum(r["state"] == "late" for r in actions)
    reached = sum(r["state"] == "met" for r in objectives)
    return (
        f"{reached} of {len(objectives)} objectives met on {a.as_of}; {done} of {n} actions done, {lates} late "
        "(open, their due date passed).",
        f"截至 {a.as_of}：{len(objectives)} 项目标中已达成 {reached} 项；{n} 项行动中已完成 {done} 项，"
        f"逾期 {lates} 项（未完成且已过截止日期）。",
    )


def _competitors(a: AccountProfile, plan: PlanFile) -> list[dict]:
    rows = [{"name": c.name, "share": share(c.share)} for c in sorted(plan.competitors, key=lambda c: -c.share)]
    ours = actual(a, "wallet_share")
    if rows and not math.isnan(ours):
        rows.append({"name": None, "share": share(ours)})
    return rows


def record(a: AccountProfile, plan: PlanFile | None, file_name: str, pol: Mapping) -> dict[str, Any] | None:
    """What the page shows of the plan file ``plan`` (named ``file_name``); None without one."""
    if plan is None:
        return None
    objectives, actions = _objectives(a, plan, pol), _actions(a, plan)
    agreed = plan.written_on.isoformat() if plan.written_on else MISSING
    return {
        "source": (
            f"The plan the account team keeps: {file_name}, agreed on {agreed}; its objectives against the data of "
            f"{a.as_of}.",
            f"客户团队维护的计划：{file_name}，商定于 {agreed}；目标与截至 {a.as_of} 的实际数据对比。",
        ),
        "summary": _summary(a, plan, objectives, actions),
        "situation": plan.situation,
        "objectives": objectives,
        "actions": actions,
        "team": [{"role": label, "name": getattr(plan.team, role) or MISSING} for role, label in ROLE_LABELS.items()],
        "competitors": _competitors(a, plan),
    }


def no_plan(a: AccountProfile) -> Pair:
    """The note of a page without a plan file: what follows is the workbook's proposal."""
    return (
        "No plan file for this account: the plan below is the workbook's proposal. The analyst writes it as a file "
        "for the account team to edit (the appendix gives the command); the next report then shows that plan against "
        "the actuals.",
        "该客户尚无计划文件：以下为系统建议的计划。请分析员为该客户生成计划文件（命令见附录），供客户团队修改；"
        "之后的报告将按该计划对比实际完成情况。",
    )

"""``kam plan init``: an editable plan file per account, prefilled with the workbook's proposal.

The file (YAML, read back by :mod:`kamtools.ingest.plan_files`) starts as the plan the report
proposes today (:func:`kamtools.account_plan.account_profile`): the account's position as its
situation, the proposal's objectives (revenue, margin, margin rate, share of wallet, overdue
receivables) due in twelve months, its actions with their owners and due dates, the account manager
in the team. Comments in Chinese and English say what to edit. A file is named after the customer's
validated id (:func:`kamtools.ingest.plan_files.plan_file_name`), never overwritten unless ``force``;
all files of one call are written aside and moved into place together, so a refused or failed call
writes none.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .. import paths
from .. import segments as seg
from ..account_plan import AccountProfile, account_profile, book_tables
from ..ingest.plan_files import parse_plan, plan_file_name
from ..output import labels
from ..periods import as_date
from ..policy import load_policy
from ..store import KamData
from ..text import is_missing
from . import plan_text as text
from .plan_actions import TITLES
from .plan_record import METRIC_LABELS, ROLE_LABELS

__all__ = ["SAMPLE_PLANS", "key_account_ids", "plan_yaml", "sample_plans", "write_plans"]

#: The sample's plan files: the largest key accounts, agreed this many months before the data's end,
#: their first action done (so the report shows actions done, open and late).
SAMPLE_PLANS = {"accounts": 3, "months_ago": 3, "done": 1}

#: Who carries out an action of the proposal, as a role of the plan's team.
OWNER_ROLES = {
    "account_manager": "account_manager",
    "senior_management": "executive_sponsor",
    "finance": "credit",
    "customer_service": "service",
    "director_and_finance": "executive_sponsor",
}


def _scalar(value: Any) -> str:
    """``value`` as one YAML scalar: text always in double quotes (escaped), numbers plain."""
    if isinstance(value, str):
        return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000).strip()
    return yaml.safe_dump(value, width=1_000_000).strip().removesuffix("...").strip()


def _words(pair: tuple[str, str], lang: str) -> str:
    """A text of the proposal in the file's language (``both``: the Chinese, then the English)."""
    en, zh = pair
    return en if lang == "en" else zh if lang == "zh" or en == zh else f"{zh} / {en}"


def _months_later(day: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(day) + pd.offsets.MonthEnd(months)).date()


def _objectives(a: AccountProfile) -> list[tuple[str, float]]:
    """The proposal's objectives as (metric, target): what the workbook can measure against them."""
    o, out = a.objectives, []
    if o["revenue_why"] != "legal" and float(o["revenue_target"]) > 0:
        out.append(("revenue", round(float(o["revenue_target"]))))
    if not is_missing(o["margin_target"]):
        out.append(("margin", round(float(o["margin_target"]))))
    if not is_missing(o["margin_rate_target"]):
        out.append(("margin_rate", round(float(o["margin_rate_target"]), 4)))
    if not is_missing(o["wallet_share_target"]) and float(o["wallet_share_target"]) <= 1:
        out.append(("wallet_share", round(float(o["wallet_share_target"]), 4)))
    if float(a.aging["overdue"]) > 0:
        out.append(("overdue", 0))
    return out


_HEAD = """\
# 客户计划 Account plan: {title}
# 本文件由 kam plan init 生成，初始内容为系统当前的计划建议；请与客户团队一起修改。
# Written by kam plan init as the workbook's proposal of today: edit it with the account team.
# 下次运行 kam report 时，客户计划页按本文件显示目标与实际、行动完成与逾期情况。
# The next kam report shows this plan's objectives against the actuals and its actions done or late.
# 日期写作 YYYY-MM-DD；比率写小数（0.18 = 18 %）；文字放在引号内。
# Dates as YYYY-MM-DD; rates as fractions (0.18 = 18 %); text in quotes.

customer_id: {cid}   # 客户编号，请勿修改 the customer's id: do not change
customer_name: {name}   # 仅供阅读 for the reader only
written_on: {written}   # 计划商定日期 the day the plan was agreed

# 现状：一两句话 Situation: a sentence or two
situation: {situation}

# 目标 Objectives: metric 指标, target 目标值, due 截止日期. Metrics 指标:
{metrics}
objectives:
"""

_ACTIONS = """
# 行动 Actions: what 做什么, owner 负责人（下面团队中的角色或姓名 a role of the team below or a name),
# due 截止日期, status 状态: open 未完成 | done 已完成. 逾期 late = open and due before the data's date.
actions:
"""

_TEAM = """
# 团队 Team: the person in each role (empty "": nobody named yet 尚未指定)
team:
"""

_COMPETITORS = """
# 竞争对手及其在客户采购中的份额 Competitors and their share of the customer's purchases (0.3 = 30 %), e.g.
#   - name: "某公司 A competitor"
#     share: 0.3
competitors: []
"""


def plan_yaml(a: AccountProfile, pol: Mapping, lang: str = "both", done: int = 0) -> str:
    """The plan file of account ``a``: the proposal of its profile, with comments saying what to edit.
    ``done``: the first so many actions are marked done (the sample's plans, made some months ago)."""
    due = _months_later(a.as_of, 12)
    head = _HEAD.format(
        title=f"{a.name} ({a.customer_id})".replace("\n", " "),
        cid=_scalar(a.customer_id),
        name=_scalar(a.name),
        written=a.as_of.isoformat(),
        situation=_scalar(_words(text.standing(a, pol)[0], lang)),
        metrics="\n".join(f"#   {m}: {zh} {en}" for m, (en, zh) in METRIC_LABELS.items()),
    )
    lines = [head.rstrip("\n")]
    for metric, target in _objectives(a):
        lines += [f"  - metric: {metric}", f"    target: {_scalar(target)}", f"    due: {due.isoformat()}"]
    lines.append(_ACTIONS.rstrip("\n"))
    for i, (_, row) in enumerate(a.actions.iterrows()):
        lines += [
            f"  - what: {_scalar(_words(TITLES[str(row['action'])], lang))}",
            f"    owner: {OWNER_ROLES.get(str(row['owner']), 'account_manager')}",
            f"    due: {pd.Timestamp(row['due']).date().isoformat()}",
            f"    status: {'done' if i < done else 'open'}",
        ]
    lines.append(_TEAM.rstrip("\n"))
    manager = str(a.profile["account_manager"])
    for role, (en, zh) in ROLE_LABELS.items():
        name = manager if role == "account_manager" and manager != "unknown" else ""
        lines.append(f"  {role}: {_scalar(name)}   # {zh} {en}")
    lines.append(_COMPETITORS.rstrip("\n"))
    return "\n".join(lines) + "\n"


def key_account_ids(data: KamData, as_of: dt.date, pol: Mapping) -> list[str]:
    """Every key account, in the order of the report's plans."""
    return [str(c) for c in seg.key_accounts(seg.pyramid(data, as_of, pol)).index]


def write_plans(
    data: KamData,
    customer_ids: Sequence[str],
    as_of: Any,
    folder: str | os.PathLike,
    policy: Any = None,
    *,
    force: bool = False,
    lang: str | None = None,
    done: int = 0,
) -> list[Path]:
    """Write the plan file of each of ``customer_ids`` into ``folder`` (made when missing); the paths.

    Unknown ids and files already there (unless ``force``) are refused before anything is written
    (``ValueError``/``FileExistsError`` naming them); each file written is read back and checked."""
    pol, day = load_policy(policy), as_date(as_of)
    known = set(data.customers["customer_id"].astype("str"))
    ids = list(dict.fromkeys(str(c) for c in customer_ids))
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise ValueError(f"unknown customer id(s): {', '.join(repr(c) for c in unknown)}: not in the customers table")
    target = Path(folder)
    there = [target / plan_file_name(c) for c in ids if (target / plan_file_name(c)).exists()]
    if there and not force:
        raise FileExistsError(
            f"{len(there)} plan file(s) exist already, e.g. {there[0]}: they hold the team's edits and were "
            "left as they are (--force replaces them)"
        )
    language = lang or pol["report"]["language"]
    labels.use(language, pol)
    book = book_tables(data, day, pol)
    texts = {}
    for cid in ids:
        body = plan_yaml(account_profile(data, cid, day, pol, book=book), pol, language, done)
        _, problems = parse_plan(body, plan_file_name(cid), known)  # what is written reads back
        if problems:
            raise ValueError(f"the plan of {cid!r} does not read back: {problems[0]}")
        texts[cid] = body
    target.mkdir(parents=True, exist_ok=True)
    return _place(target, texts)


def _place(target: Path, texts: dict[str, str]) -> list[Path]:
    """Write every text aside in ``target``, then move each into place (a failure removes the rest)."""
    aside: dict[Path, Path] = {}
    try:
        for cid, body in texts.items():
            fd, tmp = tempfile.mkstemp(dir=target, prefix=".plan-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(body)
            os.chmod(tmp, paths.folder_mode() & 0o666)  # as any file the user writes
            aside[Path(tmp)] = target / plan_file_name(cid)
        for tmp, final in aside.items():
            os.replace(tmp, final)
    finally:
        for tmp in aside:
            tmp.unlink(missing_ok=True)
    return list(aside.values())


def sample_plans(data: KamData, folder: str | os.PathLike, end: Any, policy: Any = None) -> list[Path]:
    """The sample's plan files (``kam sample``): the proposal of the :data:`SAMPLE_PLANS` largest key
    accounts at the end of the data, as agreed some months before it, their first action done; the
    actions due since then and still open are late on the report of the data's last month."""
    pol, day = load_policy(policy), as_date(end)
    ids = key_account_ids(data, day, pol)[: SAMPLE_PLANS["accounts"]]
    agreed = (pd.Timestamp(day) - pd.offsets.MonthEnd(SAMPLE_PLANS["months_ago"])).date()
    return write_plans(data, ids, agreed, folder, pol, force=True, lang="both", done=SAMPLE_PLANS["done"])

"""Account plan files: the plan an account team agreed, kept as a YAML file per account and read back.

A plan file (``kam plan init`` writes one per key account, prefilled with the workbook's proposal)
holds what the team edits: the situation in a few words, the objectives (a metric, a target number,
a due date), the actions (what, who, by when, open or done), the team by role and the competitors
with their share of the customer's purchases. The report reads the files of a folder
(:func:`read_plans`) and shows each account's objectives against the actuals of the store.

A file is checked like any import: every problem of every file at once, each naming the file, the
line and the field, before anything is reported (:class:`PlanFileError`, a :class:`DataError`).
The YAML is read with PyYAML's safe loader, aliases refused and at most 1 MB
(:mod:`kamtools.policy._yaml`); dates stay text until checked (``2027-06-30``, nothing else), so a
date that does not exist is refused with its line instead of failing in the YAML reader. The
customer id in a file must be a customer of the store; it never becomes a path (a file is written
under :func:`plan_file_name`, from the validated id).

>>> text = "customer_id: C001\\nobjectives:\\n  - metric: revenue\\n    target: lots\\n    due: 2027-06-30\\n"
>>> plan, problems = parse_plan(text, "C001.yaml")
>>> plan is None, str(problems[0])
(True, 'C001.yaml, line 4, field objectives, item 1, target: not a number: write the target as a number, e.g. 1200000 or 0.18')
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from ..paths import safe_name
from ..policy._yaml import MAX_YAML_BYTES, NoAliasLoader, yaml_problem
from ..store_file import DataError

__all__ = [
    "ACTION_STATUSES",
    "LOWER_IS_BETTER",
    "METRICS",
    "ROLES",
    "Action",
    "Objective",
    "PlanFile",
    "PlanFileError",
    "PlanProblem",
    "parse_plan",
    "plan_file_name",
    "plans_folder",
    "read_plans",
]

#: The measures an objective can name; the report finds each one's actual in the store.
METRICS = ("revenue", "margin", "margin_rate", "wallet_share", "overdue", "selling_hours")
#: The metrics that are fractions (0.18 = 18 %).
RATES = frozenset({"margin_rate", "wallet_share"})
#: The metrics whose target is a ceiling (overdue receivables: at most the target).
LOWER_IS_BETTER = frozenset({"overdue"})
#: The roles of the account team (the material's team selling: a senior sponsor, the account manager, credit,
#: service and technical support).
ROLES = ("executive_sponsor", "account_manager", "credit", "service", "technical")
#: The states of an action; late is an open action whose due date has passed (the report decides it).
ACTION_STATUSES = ("open", "done")
#: Words a team may write for the states, in Chinese or English.
_STATUS_WORDS = {
    "open": "open", "未完成": "open", "进行中": "open", "待办": "open", "in progress": "open",
    "done": "done", "完成": "done", "已完成": "done", "closed": "done",
}  # fmt: skip
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Longest text a field holds (a plan file is a page of notes, not a document store).
_TEXT = 2000
_NAME = 200


def _day(value: Any) -> Any:
    """A date written ``YYYY-MM-DD`` (a date that does not exist is refused)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        raise ValueError(f"not a date: {value!r}; write it as YYYY-MM-DD, e.g. 2027-03-31")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not a date: {value!r} is not a day of the calendar") from None


def _status(value: Any) -> Any:
    word = str(value).strip().lower() if isinstance(value, str) else value
    if word not in _STATUS_WORDS:
        raise ValueError(f"status {value!r} must be open (未完成) or done (已完成)")
    return _STATUS_WORDS[word]


def _shares(competitors: list[Competitor]) -> list[Competitor]:
    total = sum(c.share for c in competitors)
    if total > 1 + 1e-9:
        raise ValueError(f"the competitors' shares add up to {total:.0%}, more than 100 %")
    return competitors


def _listed(value: Any) -> Any:
    """An empty list written as nothing (``actions:`` with every item deleted) is an empty list."""
    return [] if value is None else value


Day = Annotated[dt.date, BeforeValidator(_day)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Text = Annotated[str, Field(strict=True, max_length=_TEXT)]
Name = Annotated[str, Field(strict=True, max_length=_NAME)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(_Part):
    """One objective: a metric of :data:`METRICS`, its target and the day it is due."""

    metric: Literal[METRICS]  # type: ignore[valid-type]
    target: Number
    due: Day
    note: Text = ""

    @field_validator("target")
    @classmethod
    def _rate(cls, target: float, info: ValidationInfo) -> float:
        metric = info.data.get("metric")
        if metric in RATES and not -1 <= target <= 1:
            raise ValueError(f"a {metric} target is a fraction: 0.18 for 18 %, not {target:g}")
        return target


class Action(_Part):
    """One action: what, who (a role of the team or a name), by when, open or done."""

    what: Annotated[str, Field(strict=True, min_length=1, max_length=_TEXT)]
    owner: Name = ""
    due: Day
    status: Annotated[Literal[ACTION_STATUSES], BeforeValidator(_status)] = "open"  # type: ignore[valid-type]


class Team(_Part):
    """The person in each role of the account team (empty: nobody named yet)."""

    executive_sponsor: Name = ""
    account_manager: Name = ""
    credit: Name = ""
    service: Name = ""
    technical: Name = ""


class Competitor(_Part):
    name: Annotated[str, Field(strict=True, min_length=1, max_length=_NAME)]
    share: Annotated[Number, Field(ge=0, le=1)]


class PlanFile(_Part):
    """The plan of one account as its team wrote it."""

    customer_id: Annotated[str, Field(strict=True, min_length=1, max_length=_NAME)]
    customer_name: Name = ""
    written_on: Day | None = None
    situation: Text = ""
    objectives: Annotated[list[Objective], BeforeValidator(_listed)] = []
    actions: Annotated[list[Action], BeforeValidator(_listed)] = []
    team: Annotated[Team, BeforeValidator(lambda v: {} if v is None else v)] = Team()
    competitors: Annotated[list[Competitor], BeforeValidator(_listed), AfterValidator(_shares)] = []


# ---------------------------------------------------------------------------- problems
@dataclass(frozen=True)
class PlanProblem:
    """One problem of a plan file: the file, the line (1-based, None when unknown), the field and why."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = (
            [self.file] + ([f"line {self.line}"] if self.line else []) + ([f"field {self.field}"] if self.field else [])
        )
        return f"{', '.join(where)}: {self.message}"


class PlanFileError(DataError):
    """Plan files that cannot be read: ``problems`` lists every one (:class:`PlanProblem`)."""

    def __init__(self, problems: list[PlanProblem]):
        head = f"kam: {len(problems)} problem(s) in the account plan files; nothing was read (客户计划文件有误，未读取)"
        super().__init__("\n".join([head] + [f"  {p}" for p in problems]), problems)


def _field(loc: Iterable[Any]) -> str:
    """A pydantic location as a reader names it: ``actions, item 2, due``."""
    return ", ".join(f"item {part + 1}" if isinstance(part, int) else str(part) for part in loc)


def _line(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """The line of the deepest node of the file along ``loc`` (the key's line for a mapping entry)."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


_MESSAGES = {
    "extra_forbidden": "unknown field: a plan file has only the fields kam plan init writes",
    "missing": "missing: this field is required",
    "float_type": "not a number: write the target as a number, e.g. 1200000 or 0.18",
    "float_parsing": "not a number: write the target as a number, e.g. 1200000 or 0.18",
    "finite_number": "not a number: write the target as a finite number",
    "string_type": "not text: put the value in quotes",
}


def _message(error: Mapping[str, Any]) -> str:
    kind, msg = str(error["type"]), str(error["msg"])
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "literal_error":
        return f"{error['input']!r} is not allowed: {msg.removeprefix('Input should be ')}"
    return msg.removeprefix("Value error, ")


class _PlanLoader(NoAliasLoader):
    """The safe loader without aliases that keeps dates as text (they are checked with their line)."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in NoAliasLoader.yaml_implicit_resolvers.items()
    }


def parse_plan(
    text: str, file: str | os.PathLike, customer_ids: Iterable[str] | None = None
) -> tuple[PlanFile | None, list[PlanProblem]]:
    """The plan of ``text`` (read from ``file``, named in problems) and its problems; None when it has any.
    ``customer_ids``: the store's customers, one of which the plan must name (None: not checked)."""
    name = os.fspath(file)
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        return None, [PlanProblem(name, None, "", f"larger than {MAX_YAML_BYTES:,} bytes: not a plan file")]
    try:
        node = yaml.compose(text, Loader=_PlanLoader)
        raw = yaml.load(text, Loader=_PlanLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        line, reason = yaml_problem(exc)
        return None, [PlanProblem(name, line, "", reason)]
    if not isinstance(raw, dict):
        what = "empty" if raw is None else "not a set of fields (customer_id: ..., objectives: ...)"
        return None, [PlanProblem(name, 1, "", f"the file is {what}: write it with kam plan init")]
    try:
        plan = PlanFile.model_validate(raw)
    except ValidationError as exc:
        return None, [PlanProblem(name, _line(node, e["loc"]), _field(e["loc"]), _message(e)) for e in exc.errors()]
    known = None if customer_ids is None else set(customer_ids)
    if known is not None and plan.customer_id not in known:
        why = f"unknown customer id {plan.customer_id!r}: not a customer of the store"
        return None, [PlanProblem(name, _line(node, ["customer_id"]), "customer_id", why)]
    return plan, []


def plan_file_name(customer_id: str) -> str:
    """The file of a customer's plan: its id made safe for a file name (:func:`kamtools.paths.safe_name`).

    >>> plan_file_name("C000017"), plan_file_name("../etc/passwd")
    ('C000017_922ea828.yaml', 'etc_passwd_7fef78f5.yaml')
    """
    return f"{safe_name(customer_id)}.yaml"


def plan_files(folder: Path) -> list[Path]:
    """The plan files of ``folder``: its ``.yaml`` and ``.yml`` files (not those of sub-folders), by name."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())


def read_plans(folder: str | os.PathLike, customer_ids: Iterable[str]) -> dict[str, tuple[PlanFile, str]]:
    """Every plan of ``folder`` and the name of its file, by customer id; :class:`PlanFileError` lists
    every problem of every file (a file that is not valid, a customer the store does not have, two
    files for one customer)."""
    known, plans, where, problems = set(customer_ids), {}, {}, []
    for path in plan_files(Path(folder)):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(PlanProblem(str(path), None, "", "not UTF-8 text: save it as UTF-8"))
            continue
        plan, found = parse_plan(text, path, known)
        problems += found
        if plan is None:
            continue
        if plan.customer_id in plans:
            why = f"a second plan for customer {plan.customer_id!r} (the first is {where[plan.customer_id]})"
            problems.append(PlanProblem(str(path), None, "customer_id", why))
            continue
        plans[plan.customer_id], where[plan.customer_id] = (plan, path.name), path.name
    if problems:
        raise PlanFileError(problems)
    return plans


def plans_folder(given: str | os.PathLike | None, store: str | os.PathLike, policy_folder: str = "") -> Path | None:
    """The folder of the plan files: ``given`` (``--plans``; it must exist), else the policy's
    ``report.plans_folder`` (relative to the store's folder, or inside a source folder), else ``plans/``
    beside the store; None
    when the folder is the default one and does not exist (no plan has been written yet).

    >>> plans_folder(None, "/nowhere/kam.duckdb") is None
    True
    """
    if given:
        folder = Path(given)
        if not folder.is_dir():
            raise FileNotFoundError(f"no folder of account plans at {folder} (write them with kam plan init)")
        return folder
    base = Path(store) if Path(store).is_dir() else Path(store).parent  # a source folder holds its plans
    folder = base / (policy_folder or "plans")
    return folder if folder.is_dir() else None


def late(action: Action, as_of: dt.date) -> bool:
    """An open action whose due date is before the data's date."""
    return action.status == "open" and action.due < as_of


def met(metric: str, actual: float, target: float) -> bool:
    """Whether ``actual`` reaches the objective's ``target`` (at most it, for a ceiling), within the
    rounding of a target written in the file (half a unit of money or hours, 0.05 points of a rate)."""
    if math.isnan(actual):
        return False
    slack = 0.0005 if metric in RATES else 0.5
    return actual <= target + slack if metric in LOWER_IS_BETTER else actual >= target - slack

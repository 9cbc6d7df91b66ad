"""What a reader sees instead of a code: the report's language and the label of every column
and value code, in English and Chinese.

The language is ``en``, ``zh`` or ``both`` (the policy's ``report.language``, or
``kam report --lang``); :func:`use` sets it for the pages of a report (the setup cell of every
page does it through :func:`kamtools.report.report_context`), as a plotting style is set once.
Column labels come from the format registry (:mod:`kamtools.output.formats`); value codes
from :data:`CODES`: the segments of :mod:`kamtools.strategies` and the credit, aging and
collection codes, completed by the policy's approval levels. A code no domain knows shows as
it is; a test of the report scans every page for codes that reach a reader.

>>> use("zh"); column("approved_limit"), value("tier", "key"), value("action", "collect"), value("bucket", "d1_30")
('现有信用额度', '关键客户', '先收款', '逾期1–30天')
>>> use("en"); value("tier", "key"), value("present", True), column("d1_30"), say("Revenue", "收入")
('key account', 'yes', '1–30 days past due', 'Revenue')
>>> use("both"); say("Revenue", "收入"), value("tier", "key")
('收入 Revenue', '关键客户 key account')
>>> use("en")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import strategies as st
from ..credit import HOLD_RULES
from ..text import is_missing
from .formats import REGISTRY
from .formats import label as _registry_label

__all__ = ["CODES", "DOMAINS", "LANGUAGES", "column", "header", "language", "pick", "say", "use", "value"]

#: The languages a report can be written in: English, Chinese, or both (Chinese first).
LANGUAGES = ("en", "zh", "both")

_STATE: dict[str, Any] = {"language": "en", "levels": {}}


def _concept(strategies: Mapping[str, st.Strategy]) -> dict[str, tuple[str, str]]:
    return {code: (s.term, s.zh) for code, s in strategies.items()}


#: Value codes by domain: code -> (English, Chinese).
CODES: dict[str, dict[str, tuple[str, str]]] = {
    **{name: _concept(concept) for name, concept in st.CONCEPTS.items()},
    "bool": {"True": ("yes", "是"), "False": ("no", "否")},
    "bucket": {
        "current": ("not yet due", "未到期"),
        "d1_30": ("1–30 days past due", "逾期1–30天"),
        "d31_60": ("31–60 days past due", "逾期31–60天"),
        "d61_90": ("61–90 days past due", "逾期61–90天"),
        "d91_180": ("91–180 days past due", "逾期91–180天"),
        "d181_365": ("181–365 days past due", "逾期181–365天"),
        "d365_plus": ("over 365 days past due", "逾期365天以上"),
    },
    "action": {
        "hold": ("hold: no increase", "冻结：不增额"),
        "investigate": ("investigate first", "先调查"),
        "collect": ("collect first", "先收款"),
        "reduce_with_plan": ("reduce with a plan", "按计划降额"),
        "decrease": ("decrease", "降额"),
        "increase": ("increase", "增额"),
        "keep": ("keep", "维持"),
        "withdraw": ("withdraw", "撤销额度"),
    },
    "limit_rule": {
        "investigate": ("assessment stale or missing", "评估过期或缺失"),
        "hold": ("invoice past the hold days", "逾期超过冻结天数"),
        "initial": ("initial limit of a new account", "新客户初始额度"),
        "capacity": ("capped by capacity", "受偿付能力限制"),
        "grade": ("grade's share of the terms need", "按等级折算的账期需求"),
        "need": ("terms need", "账期需求"),
        "collateral": ("terms need, partly secured", "账期需求（部分有担保）"),
        "dormant": ("no purchases: withdrawn", "无采购：撤销"),
        "short_history": ("short history: starter limit", "交易历史短：起始额度"),
        "override": ("analyst's override", "人工调整"),
        "not_rated": ("not rated", "未评级"),
    },
    "hold_rule": {code: names for code, names in HOLD_RULES.items()},
    "promise_status": {
        "kept": ("kept", "已兑现"),
        "broken": ("broken", "未兑现"),
        "open": ("open", "未到期"),
        "due": ("due", "到期待付"),
    },
    "better": {"higher": ("higher is better", "越高越好"), "lower": ("lower is better", "越低越好")},
    "relationship_state": {
        "strategic_alliance": ("strategic alliance", "战略联盟"),
        "partnership": ("partnership", "合作伙伴"),
        "cooperative": ("cooperative", "合作"),
        "transactional": ("transactional", "交易"),
        "strained": ("strained", "关系紧张"),
        "none": ("none", "无"),
    },
    "relationship_level": {
        "senior_team": ("senior team", "高层团队"),
        "decision_maker": ("decision maker", "决策者"),
        "purchasing": ("purchasing", "采购部门"),
        "operational": ("operational staff", "操作人员"),
        "none": ("none", "无"),
    },
    "kind": {"customer": ("customer", "客户"), "lead": ("lead", "线索")},
    "approval_level": {
        "none": ("no approval needed", "无需审批"),
        "above_ladder": ("above every level's authority", "超出所有审批权限"),
    },
}

#: The domain of the codes in a column (columns not listed: their own name, when it is a domain).
DOMAINS: dict[str, str] = {
    "before": "tier",
    "after": "tier",
    "tier_before": "tier",
    "tier_after": "tier",
    "previous_tier": "tier",
    "stage": "lifecycle",
    "lifecycle_stage": "lifecycle",
    "segment": "rfm",
    "rfm_segment": "rfm",
    "profit_class": "profit",
    "quadrant": "value_matrix",
    "value_class": "value_matrix",
    "relationship_type": "relational",
    "direction": "migration",
    "man_code": "man",
    "abc_class": "abc",
    "last_promise_status": "promise_status",
    "next_state": "relationship_state",
    "next_level": "relationship_level",
    "approver_level": "approval_level",
    "decision_level": "approval_level",
    "rule": "hold_rule",
}


def use(language: str, policy: Any = None) -> None:
    """Write labels and sentences in ``language`` from now on; ``policy`` names its approval levels.

    >>> use("fr")
    Traceback (most recent call last):
    ValueError: language must be one of en, zh, both; got 'fr'
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
    _STATE["language"] = language
    if policy is not None:
        levels = policy["credit"]["approval_levels"]
        _STATE["levels"] = {lv["key"]: (lv["name"], lv["name_zh"] or lv["name"]) for lv in levels}


def language() -> str:
    """The language labels and sentences are written in now."""
    return _STATE["language"]


def pick(en: str, zh: str, lang: str | None = None) -> str:
    """``en`` or ``zh`` by the language (``both``: the Chinese, then the English, on one line)."""
    lang = lang or language()
    if lang == "en" or not zh:
        return en
    if lang == "zh" or not en or en == zh:
        return zh
    return f"{zh} {en}"


def say(en: str, zh: str) -> str:
    """A sentence in the report's language (``both``: the Chinese, then the English)."""
    return pick(en, zh)


def column(name: Any, lang: str | None = None) -> str:
    """The label of a column (a column the registry does not know: its name with spaces)."""
    lang = lang or language()
    key = str(name)
    if key in CODES["bucket"]:
        return pick(*CODES["bucket"][key], lang)
    fmt = REGISTRY.get(key)
    if fmt is None:
        return _registry_label(key, "en")
    return pick(fmt.en or key.replace("_", " "), fmt.zh, lang)


def _domain(column_name: Any) -> str | None:
    name = str(column_name)
    domain = DOMAINS.get(name, name)
    return domain if domain in CODES else None


def _codes(domain: str) -> Mapping[str, tuple[str, str]]:
    if domain == "approval_level":
        return {**CODES[domain], **_STATE["levels"]}
    return CODES[domain]


def value(column_name: Any, code: Any, lang: str | None = None) -> Any:
    """The label of the value ``code`` of a column (booleans read yes / no, 是 / 否); any other
    value as it is (missing values stay missing).

    >>> value("tier", "nobody"), value("name", "key"), value("revenue", 12.5)
    ('nobody', 'key', 12.5)
    """
    if isinstance(code, (bool, np.bool_)):
        return pick(*CODES["bool"][str(bool(code))], lang)
    if is_missing(code) or not isinstance(code, str):
        return code
    domain = _domain(column_name)
    if domain is None:
        return code
    names = _codes(domain).get(code)
    return code if names is None else pick(*names, lang)


def header(axis_name: Any, label: Any, lang: str | None = None) -> Any:
    """The text of a row or column label: a code of the axis's domain (a table of tiers by tier),
    else the label of a column of that name (a table of metrics), else the label as it is."""
    if isinstance(label, (bool, np.bool_)) or (isinstance(label, str) and _domain(axis_name) is not None):
        shown = value(axis_name, label, lang)
        if shown is not label:
            return shown
    if isinstance(label, str) and (label in REGISTRY or label in CODES["bucket"]):
        return column(label, lang)
    return label


def relabel(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` as a reader sees it (for an Excel sheet): labelled columns and index
    names, value codes in their labels."""
    out = frame.copy()
    for col in out.columns:
        if _domain(col) is not None or pd.api.types.is_bool_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v, c=col: value(c, v, lang))
    out.index = out.index.map(lambda v: header(frame.index.name, v, lang))
    out.index.names = [None if n is None else column(n, lang) for n in frame.index.names]
    out.columns = [header(frame.columns.name, c, lang) for c in frame.columns]
    return out

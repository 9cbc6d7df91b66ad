"""What a reader sees instead of a code: the report's language and the label of every column
and value code, in English and Chinese.

The language is ``en``, ``zh`` or ``both`` (the policy's ``report.language``, or
``kam report --lang``); :func:`use` sets it for the pages of a report (the setup cell of every
page does it through :func:`kamtools.report.report_context`), as a plotting style is set once.
Column labels come from the format registry (:mod:`kamtools.output.formats`); value codes
from :data:`CODES` (:mod:`kamtools.output.codes`): the segments of :mod:`kamtools.strategies`
and the credit, aging and collection codes, completed by the policy's approval levels; lists
of codes and sentences of a template read part by part. A strategy's words (computed in
English by the segments) read in the report's language in any column. A code no domain knows
shows as it is; a test of the report scans every page for codes that reach a reader.

>>> use("zh"); column("approved_limit"), value("tier", "key"), value("action", "collect"), value("bucket", "d1_30")
('现有信用额度', '重点客户', '先收款', '逾期1–30天')
>>> use("en"); value("tier", "key"), value("present", True), column("d1_30"), pick("Revenue", "收入")
('key account', 'yes', '1–30 days past due', 'Revenue')
>>> use("both"); pick("Revenue", "收入"), value("tier", "key")
('收入 Revenue', '重点客户 key account')
>>> use("zh"); value("rules", "over_limit, grade"), value("strategy", str(st.TIERS["key"]))[:12]
('应收超额、信用等级', '重点客户：与客户整个高层')
>>> use("en")
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import zip_longest
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import strategies as st
from ..policy import approver_name, load_policy
from ..text import is_missing
from .codes import CODES, DOMAINS, LISTS, PHRASES
from .column_format import bucket_label
from .currency import zh_amount
from .formats import REGISTRY
from .formats import label as _registry_label
from .state import STATE as _STATE
from .state import language

__all__ = [
    "CODES",
    "DOMAINS",
    "LANGUAGES",
    "Text",
    "advice",
    "cell",
    "column",
    "header",
    "language",
    "names",
    "pick",
    "relabel",
    "strategy",
    "table",
    "use",
    "value",
]

#: The languages a report can be written in: English, Chinese, or both (Chinese first).
LANGUAGES = ("en", "zh", "both")
#: A policy key a credit sentence names (``(credit.exception_decrease_approver)``): a reader sees "by the policy".
_POLICY_KEY = re.compile(r" \((?:credit|receivables|report|segments)(?:\.[a-z0-9_]+)+\)")


def _read(lang: str, s: st.Strategy) -> str:
    """A strategy (``term: what to do``) as a reader of ``lang`` reads it: the English without the Chinese
    term its label carries in the data, the Chinese, or both (the Chinese, then the English).

    >>> _read("en", st.TIERS["key"])[:14], _read("zh", st.TIERS["key"])[:5]
    ('key account: b', '重点客户：')
    """
    zh = s.in_language("zh")
    en = f"{s.term}: {s.text}"
    return {"en": en, "zh": zh}.get(lang, f"{zh} {en}")


def _strategy_words() -> dict[str, tuple[str, str]]:
    """Every way a strategy is written in English (label, advice, both) -> (English, Chinese), the
    English without the Chinese term the data's label carries (``key account (重点客户)`` reads
    ``key account`` in English)."""
    out: dict[str, tuple[str, str]] = {}
    for concept in st.CONCEPTS.values():
        for s in concept.values():
            out[s.label] = (s.term, s.zh)
            out[s.text] = (s.text, s.text_zh)
            out[str(s)] = (_read("en", s), s.in_language("zh"))
    return out


#: The strategies' words in English -> (English, Chinese).
_STRATEGY_WORDS = _strategy_words()


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
        _STATE["levels"] = _levels(policy)
        _STATE["approvers"] = _approvers(policy)
        _STATE["dunning"] = _dunning_levels(policy)
        _STATE["currency"] = str(load_policy(policy)["report"]["currency"])


def _levels(policy: Any) -> dict[str, tuple[str, str]]:
    """The approval levels of ``policy``: key -> (name, Chinese name)."""
    return {lv["key"]: (lv["name"], lv["name_zh"] or lv["name"]) for lv in policy["credit"]["approval_levels"]}


def _approvers(policy: Any) -> dict[str, tuple[str, str]]:
    """Who approved (a name of ``approved_by``, compared as the ladder compares names) by the level of
    ``policy`` it is on, so that a level reads by one name everywhere: a level's key or name, or a title
    listed under it (a title :data:`CODES` knows: "regional manager", "credit committee"), reads as the
    level; a person listed under a level reads by name, with the level in brackets.

    >>> names = _approvers(load_policy())
    >>> names["regional manager"], names["credit committee"], names["direct sales manager"]
    (('Regional company manager', '地区公司经理'), ('Regional company manager', '地区公司经理'), ('Direct-sales manager', '直销部经理'))
    >>> ladder = [{"key": "am", "name": "Account manager", "name_zh": "客户经理", "approvers": ["Wang Qiang"]}]
    >>> _approvers({"credit": {"approval_levels": ladder}})["wang qiang"]
    ('Wang Qiang (Account manager)', 'Wang Qiang（客户经理）')
    """
    levels = policy["credit"]["approval_levels"]
    titles = {approver_name(k) for k in CODES["approver"]}
    out: dict[str, tuple[str, str]] = {}
    for lv in levels:
        en, zh = lv["name"], lv["name_zh"] or lv["name"]
        out.update({approver_name(n): (en, zh) for n in (lv["key"], lv["name"], lv["name_zh"]) if n})
    for lv in levels:
        en, zh = lv["name"], lv["name_zh"] or lv["name"]
        for name in lv["approvers"]:
            title = approver_name(name) in titles
            out[approver_name(name)] = (en, zh) if title else (f"{name} ({en})", f"{name}（{zh}）")
    return out


def _approver(text: str) -> tuple[str, str] | None:
    """An approver's name by its level (:func:`_approvers`), else as :data:`CODES` names the title."""
    if not _STATE.get("approvers"):  # no report set the policy: the shipped policy's ladder
        _STATE["approvers"] = _approvers(load_policy())
    return _STATE["approvers"].get(approver_name(text)) or CODES["approver"].get(text)


def _dunning_levels(policy: Any) -> dict[str, tuple[str, str]]:
    """The dunning levels of ``policy``: key -> (name, Chinese name)."""
    return {lv["key"]: (lv["name"], lv["name_zh"] or lv["name"]) for lv in policy["receivables"]["dunning"]["levels"]}


def currency() -> str:
    """The currency of the policy given to :func:`use` (CNY until one is given)."""
    return str(_STATE.get("currency", "CNY"))


def pick(en: str, zh: str, lang: str | None = None) -> str:
    """``en`` or ``zh`` by the language (``both``: the Chinese, then the English, on one line;
    an English term that carries its Chinese already, ``key account (重点客户)``, as it is, and a
    Chinese term that carries its English, ``应收账款周转天数（DSO）``, as it is).

    >>> pick("DSO", "应收账款周转天数（DSO）", "both"), pick("Revenue", "收入", "both")
    ('应收账款周转天数（DSO）', '收入 Revenue')
    """
    lang = lang or language()
    if lang == "en" or not zh:
        return en
    if lang == "zh" or not en or en == zh or f"（{en}）" in zh or f"({en})" in zh:
        return zh
    if f"({zh})" in en:
        return en
    return f"{zh} {en}"


class Text(NamedTuple):
    """A text in English and Chinese given to a sentence written in both languages
    (:func:`kamtools.output.headlines.sentence` puts each in the sentence of its language);
    ``str()`` gives it in the report's language.

    >>> use("zh"); str(Text("grow", "扩大")), f"{Text('grow', '扩大')}"
    ('扩大', '扩大')
    >>> use("en")
    """

    en: str
    zh: str

    def __str__(self) -> str:
        return pick(self.en, self.zh)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def column(name: Any, lang: str | None = None) -> str:
    """The label of a column (a column the registry does not know: its name with spaces)."""
    lang = lang or language()
    key = str(name)
    fmt = REGISTRY.get(key)
    if fmt is None:
        bucket = bucket_label(key)  # an aging bucket of other edges than the registered ones, headed as those are
        return (
            _registry_label(key, "en")
            if bucket is None
            else pick(bucket[0][:1].upper() + bucket[0][1:], bucket[1], lang)
        )
    return pick(fmt.en or key.replace("_", " "), fmt.zh, lang)


def money_column(name: Any, lang: str | None = None) -> str:
    """The label of a money column with its currency, as a table header shows it (the cells are in whole
    units of the currency): ``收入（元）``, ``Revenue (CNY)``; the currency of the policy given to :func:`use`.

    >>> money_column("revenue_12m", "zh"), money_column("revenue_12m", "en"), money_column("2026", "zh")
    ('近12个月收入（元）', 'Revenue, 12 months (CNY)', '2026（元）')
    """
    lang = lang or language()
    currency = _STATE.get("currency", "CNY")
    fmt = REGISTRY.get(str(name))
    # a column the registry does not know (a year of origin: 2026) is labelled as column() labels it
    en, zh = (
        (fmt.en or str(name).replace("_", " "), fmt.zh) if fmt is not None else (column(name, "en"), column(name, "zh"))
    )
    unit_zh = "元" if currency == "CNY" else currency
    return pick(f"{en} ({currency})", f"{zh}（{unit_zh}）" if zh else "", lang)


def table(name: str, lang: str | None = None) -> str:
    """The name of a table of the data model (:data:`kamtools.schema.TABLES`).

    >>> table("credit_factors", "zh"), table("group_limits", "en")
    ('定性信用因素', 'Group limits')
    """
    found = CODES["table"].get(name)
    return name if found is None else pick(*found, lang)


def advice(concept: str, code: str) -> Text:
    """What to do with a segment (``label: advice``) in both languages, for a sentence written
    in both (:func:`kamtools.output.headlines.sentence` puts each in its own sentence).

    >>> advice("tier", "key").zh[:12], advice("tier", "key").en[:20]
    ('重点客户：与客户整个高层', 'key account: build r')
    """
    return Text(strategy(concept, code, "en"), strategy(concept, code, "zh"))


def strategy(concept: str, code: str, lang: str | None = None) -> str:
    """What to do with a segment (``label: advice``) in the report's language, for a sentence.

    >>> strategy("tier", "key", "zh")[:12]
    '重点客户：与客户整个高层'
    """
    return _read(lang or language(), st.CONCEPTS[concept][code])


def _domain(column_name: Any) -> str | None:
    name = str(column_name)
    domain = DOMAINS.get(name)
    if domain is None:
        domain = "reason" if name.endswith("_reason") and name not in CODES else name
    return domain if domain in CODES or domain in LISTS or domain in PHRASES else None


def _codes(domain: str) -> dict[str, tuple[str, str]]:
    if domain == "dunning_level":
        if not _STATE.get("dunning"):  # no report set the policy: the shipped policy's levels
            _STATE["dunning"] = _dunning_levels(load_policy())
        return {**CODES[domain], **_STATE["dunning"]}
    if domain in ("approval_level", "level_name"):
        if not _STATE["levels"]:  # no report set the policy: the shipped policy's levels
            _STATE["levels"] = _levels(load_policy())
        if domain == "level_name":  # a level by its English name, as the sentences write it
            return {en: (en, zh) for en, zh in _STATE["levels"].values()}
        return {**CODES[domain], **_STATE["levels"]}
    return CODES.get(domain, {})


def _phrase(domain: str, text: str) -> tuple[str, str] | None:
    """English and Chinese of a sentence of ``domain`` made from a template (:data:`PHRASES`)."""
    for phrase in PHRASES.get(domain, ()):
        m = phrase.pattern.fullmatch(text)
        if m is None:
            continue
        en, zh, cut = "", [], 0
        for i, (group, code) in enumerate(zip_longest(m.groups(), phrase.codes), start=1):
            # a group taken as it is: an amount (``2.92 M``) reads in 万元 in Chinese, a number as it is; a group of
            # money (code ``money``) in 元 too when small enough to carry no unit (``768``)
            if code == "money":
                both = (group, zh_amount(group) if zh_amount(group) != group else f"{group}元")
            else:
                both = (group, zh_amount(group)) if code is None else names(code, group) or (group, group)
            en += text[cut : m.start(i)] + both[0]
            cut = m.end(i)
            zh.append(both[1])
        return en + text[cut:], phrase.zh.format(*zh)
    return None


def names(domain: str, text: str) -> tuple[str, str] | None:
    """The English and Chinese of a code (or a list of codes, or a sentence of a template) of
    ``domain``, or None when the domain does not know it; a part of a list it does not know
    stays as it is.

    >>> names("hold_rules", "over_limit, past_due")
    ('Receivables over the limit, Invoice long past due', '应收超额、长期逾期')
    >>> names("review_reasons", "grade changed BBB -> BB; utilization 139 % above 90 %")[1]
    '信用等级由BBB变为BB；额度使用率139%，超过90%'
    >>> names("limit_reasons", "hold: invoice 856 days past due (2.92 M over 90 days): collect, no increase")[1]
    '冻结：有发票逾期856天（逾期超过90天的欠款292万元）：先收款，不增额'
    >>> names("item_points", "quick_ratio -8; net_margin -3.5")
    ('Quick ratio -8; Net margin -3.5', '速动比率 -8；销售净利率 -3.5')
    """
    found = _approver(text) if domain == "approver" else _codes(domain).get(text)
    if found is None and domain == "bucket":
        found = bucket_label(text)
    if found is not None or domain not in LISTS:
        return found or _phrase(domain, text)
    sep, part_domain = LISTS[domain]
    texts = text.split(sep)
    parts = [names(part_domain, part) for part in texts]
    if not any(parts):
        return None
    both = [p or (t, t) for p, t in zip(parts, texts)]
    return sep.join(en for en, _ in both), {", ": "、", "; ": "；", " and ": "，并"}.get(sep, sep).join(
        zh for _, zh in both
    )


def value(column_name: Any, code: Any, lang: str | None = None) -> Any:
    """The label of the value ``code`` of a column (booleans read yes / no, 是 / 否); any other
    value as it is (missing values stay missing). A policy key in an English sentence reads "by the policy".

    >>> value("tier", "nobody"), value("name", "key"), value("revenue", 12.5)
    ('nobody', 'key', 12.5)
    >>> value("approval_reason", "decrease to 0: every decrease goes to this level (credit.decrease_approver): "
    ...       "Account manager", "en")
    'decrease to 0: every decrease goes to this level (by the policy): Account manager'
    """
    found = _pair(column_name, code)
    return code if found is None else pick(*found, lang)


def _pair(column_name: Any, code: Any) -> tuple[str, str] | None:
    """The English and Chinese label of the value ``code`` of a column, or None when it is no code."""
    if isinstance(code, (bool, np.bool_)):
        return CODES["bool"][str(bool(code))]
    if is_missing(code) or not isinstance(code, str):
        return None
    domain = _domain(column_name)
    found = None if domain is None else names(domain, code)
    if found is None:
        found = _STRATEGY_WORDS.get(code)
    return None if found is None else (_POLICY_KEY.sub(" (by the policy)", found[0]), found[1])


def cell(column_name: Any, code: Any, lang: str | None = None) -> Any:
    """The label of the value ``code`` as a table cell shows it: as :func:`value`, the English starting with
    a capital letter (a cell is no part of a sentence: "Key account", "Collect first"); the Chinese as it is.

    >>> cell("tier", "key", "en"), cell("tier", "key", "both"), cell("tier", "key", "zh"), cell("name", "acme", "en")
    ('Key account', '重点客户 Key account', '重点客户', 'acme')
    """
    found = _pair(column_name, code)
    if found is None:
        return code
    en, zh = found
    return pick(en[:1].upper() + en[1:], zh, lang)


def header(axis_name: Any, label: Any, lang: str | None = None) -> Any:
    """The text of a row or column label: a code of the axis's domain as a cell shows it (:func:`cell`: a
    table of tiers by tier), else the label of a column of that name (a table of metrics), else the label."""
    if isinstance(label, (bool, np.bool_)) or (isinstance(label, str) and _domain(axis_name) is not None):
        shown = cell(axis_name, label, lang)
        if shown is not label:
            return shown
    if isinstance(label, str) and (label in REGISTRY or bucket_label(label) is not None):
        return column(label, lang)
    return label


def _once_per_value(label: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``label``, worked out once per distinct text or boolean of a column (True is not 1); any
    other value is labelled each time (it comes back as it is)."""
    seen: dict[tuple[type, Any], Any] = {}

    def once(v: Any) -> Any:
        cls = v.__class__
        if cls is str or cls is bool or cls is np.bool_:
            key = (cls, v)
            if key not in seen:
                seen[key] = label(v)
            return seen[key]
        return label(v)

    return once


def relabel(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` as a reader sees it (for an Excel sheet): labelled columns and index
    names, value codes (and strategies) in their labels; numbers and dates unchanged."""
    out = frame.copy()
    for col in out.columns:
        dtype = out[col].dtype
        if (
            pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_object_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype)
        ):
            out[col] = out[col].map(_once_per_value(lambda v, c=col: cell(c, v, lang)))
    if not isinstance(frame.index, pd.RangeIndex) and len(frame.index):  # (an empty MultiIndex maps to one level)
        out.index = out.index.map(lambda v: header(frame.index.name, v, lang))
    out.index.names = [None if n is None else column(n, lang) for n in frame.index.names]
    out.columns = [header(frame.columns.name, c, lang) for c in frame.columns]
    return out

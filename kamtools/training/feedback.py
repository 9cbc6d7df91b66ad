"""What a check tells a participant, in Chinese and English: numbers as a page shows them, text answers
read tolerantly, the hint of the try, and the common mistakes a wrong number reveals.

This module holds no answer and no hint of an exercise (the hints come with the answer key, or, in the
trainer's folder, from :mod:`kamtools.training.hints`); a participant's kernel imports it.

>>> num(673600.0), num(0.42191), num(-12.5), num(1234.5), num(3e-05)
('673,600', '0.4219', '-12.50', '1,234.50', '0.00003')
>>> canonical_text(" m + A ＋ n "), canonical_text("M A N"), canonical_text("重点客户"), canonical_text("Key Account")
('m+A+n', 'M+A+N', 'key', 'key')
>>> canonical_text("冬眠期"), canonical_text("Dormant"), canonical_text("aaa")
('hibernation', 'hibernation', 'aaa')
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np

from ..output import state

__all__ = ["GENERIC", "LANG_ENV", "canonical_text", "language", "message", "near_miss", "num", "phrase"]

#: Set to ``en``, ``zh`` or ``both`` to choose the language of the checks' messages (default: the
#: report's language, which a lesson's setup cell sets from the policy's ``report.language``).
LANG_ENV = "KAM_TRAINING_LANG"
_LANGUAGES = ("en", "zh", "both")
_CHOSEN: dict[str, str | None] = {"language": None}


def language(choose: str | None = None) -> str:
    """The language of the checks' messages; ``choose`` (``en``, ``zh``, ``both``) sets it for this kernel.

    >>> language("zh"); language()
    'zh'
    'zh'
    >>> language("fr")
    Traceback (most recent call last):
    ValueError: the training language must be one of en, zh, both; got 'fr'
    >>> _CHOSEN["language"] = None
    """
    if choose is not None:
        if choose not in _LANGUAGES:
            raise ValueError(f"the training language must be one of {', '.join(_LANGUAGES)}; got {choose!r}")
        _CHOSEN["language"] = choose
        return choose
    chosen = _CHOSEN["language"] or os.environ.get(LANG_ENV, "")
    return chosen if chosen in _LANGUAGES else state.language()


def num(value: Any) -> str:
    """A number as a page shows it, never in scientific notation: thousands separated (673,600), a
    fraction to four significant digits (0.4219), other numbers to two decimals."""
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    a = abs(v)
    if a >= 1000 or v.is_integer():
        return f"{v:,.0f}" if abs(v - round(v)) < 0.005 else f"{v:,.2f}"
    if a >= 1:
        return f"{v:,.2f}"
    decimals = min(12, 3 - math.floor(math.log10(a)))
    return f"{v:.{decimals}f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- text answers
_MAN = re.compile(r"([Mm])[+/,&]?([Aa])[+/,&]?([Nn])")

#: Terms a text answer may use, in Chinese or English, and the code they mean (the glossary's terms,
#: notebooks/training/GLOSSARY.md, and the older names participants may have learnt).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "key": ("key", "keyaccount", "keyaccounts", "keycustomer", "重点客户", "关键客户", "大客户"),
    "ordinary": ("ordinary", "ordinarycustomer", "ordinarycustomers", "普通客户"),
    "prospect": ("prospect", "prospects", "潜在客户"),
    "unattractive": ("unattractive", "unattractiveaccount", "unattractivecustomer", "无吸引力客户"),
    "breakthrough": ("breakthrough", "突破", "突破期"),
    "growth": ("growth", "成长", "成长期"),
    "harvest": ("harvest", "收获", "收获期"),
    "defense": ("defense", "defence", "防御", "防御期"),
    "hibernation": ("hibernation", "dormant", "dormancy", "冬眠", "冬眠期", "休眠", "休眠期"),
    "transactional": ("transactional", "交易型", "交易型客户"),
    "relational": ("relational", "关系型", "关系型客户"),
    "reminder": ("reminder", "friendlyreminder", "友好提醒"),
    "call": ("call", "collectioncall", "电话催收"),
    "formal_letter": ("formalletter", "formaldunningletter", "dunningletter", "催款函"),
    "stop_supply": ("stopsupply", "supplystopped", "停止供货"),
    "final_notice": ("finalnotice", "finalnoticebeforelegalaction", "法律行动前最后通知"),
    "legal": ("legal", "legalaction", "法律诉讼"),
}
_TERM = {form: code for code, forms in SYNONYMS.items() for form in forms}


def canonical_text(value: Any) -> str:
    """A text answer as the check compares it: full-width characters and spaces do not count; a MAN code
    keeps its case (a capital letter says the condition is there) and reads ``M+a+N`` however it is
    joined; any other text is compared without case, a term of :data:`SYNONYMS` by its code."""
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    man = _MAN.fullmatch(text)
    if man:
        return "+".join(man.groups())
    folded = text.casefold().replace("_", "").replace("-", "")
    return _TERM.get(folded, folded)


# --------------------------------------------------------------------------- messages
#: The messages of the mistakes any number can show, and of the check itself: (English, Chinese).
GENERIC: dict[str, tuple[str, str]] = {
    "correct": ("correct.", "正确。"),
    "not_yet": ("not yet: {why}.", "还不对：{why}。"),
    "empty": (
        "no answer yet: replace the `...` (or `None`) with your answer",
        "还没有答案：把 `...`（或 `None`）换成你的答案",
    ),
    "too_high": ("{value} is too high", "{value} 偏高"),
    "too_low": ("{value} is too low", "{value} 偏低"),
    "wrong": ("{value} is not the answer", "{value} 不是答案"),
    "number": ("expected a number, got {value}", "答案应是一个数字，而不是 {value}"),
    "not_finite": ("{value} is not a number the answer can be", "{value} 不可能是答案"),
    "percent": (
        "{value} is 100 times the answer: give a share (0.25), not a percentage (25)",
        "{value} 是答案的 100 倍：请给比例（如 0.25），不要给百分数（如 25）",
    ),
    "hundredth": (
        "{value} is a hundredth of the answer: one division by 100 too many (25 % is the share 0.25, not 0.0025)",
        "{value} 是答案的百分之一：多除了一次 100（25% 是比例 0.25，不是 0.0025）",
    ),
    "sign": (
        "{value} has the wrong sign: check which amount is subtracted from which",
        "{value} 的符号反了：检查是谁减谁",
    ),
    "rounding": (
        "{value} is right to about 1 % but not to the precision asked: do not round early, and round the "
        "result as the exercise says",
        "{value} 在约 1% 以内正确，但精度不够：不要提前四舍五入，按题目要求的精度取整",
    ),
    "case": (
        "{value} has the right letters in the wrong case: a capital letter means the condition is there, "
        "a small letter that it is missing",
        "{value} 的字母对，但大小写不对：大写表示具备该条件，小写表示不具备",
    ),
    "key_other_data": (
        "the answer key is for the course data at {key_as_of}, and this notebook works on other data or another "
        "date ({as_of}): set db and period back to the course's (or ask your trainer for a key)",
        "答案文件是为 {key_as_of} 的课程数据生成的，而本笔记本用的是其他数据或日期（{as_of}）："
        "请把 db 和 period 改回课程的设置（或向讲师要一份答案文件）",
    ),
    "hint": ("Hint {n}/3: {text}", "提示 {n}/3：{text}"),
}


def phrase(name: str, **values: Any) -> dict[str, str]:
    """The generic message ``name`` in both languages, filled with ``values``: a number as :func:`num`
    shows it; the participant's ``value``, when not a number, as Python writes it (quoted)."""
    shown = {k: _shown(v) if k == "value" else v for k, v in values.items()}
    en, zh = GENERIC[name]
    return {"en": en.format(**shown), "zh": zh.format(**shown)}


def _shown(value: Any) -> str:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
        return num(value)
    if isinstance(value, str) and _is_number_text(value):
        return value
    return repr(value)


def _is_number_text(text: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]+(\.\d+)?", text))


def message(
    id: str, ok: bool, why: dict[str, str] | None = None, hint: dict[str, str] | None = None, n: int = 1
) -> str:
    """What a check prints: ``✔ id: correct.`` or ``✘ id: not yet: why. Hint n/3: hint``, in the
    language of :func:`language` (``both``: the Chinese line, then the English line)."""
    lines = {}
    for lang in ("zh", "en"):
        sep = "：" if lang == "zh" else ": "
        if ok:
            lines[lang] = f"✔ {id}{sep}{GENERIC['correct'][lang == 'zh']}"
            continue
        said = (why or {}).get(lang, "").rstrip("。.")
        text = GENERIC["not_yet"][lang == "zh"].format(why=said)
        if hint and hint.get(lang):
            text += " " + GENERIC["hint"][lang == "zh"].format(n=n, text=hint[lang])
        lines[lang] = f"✘ {id}{sep}{text}"
    chosen = language()
    return lines[chosen] if chosen in lines else f"{lines['zh']}\n{lines['en']}"


def near_miss(value: float, same: Callable[[float], bool], close: Callable[[float], bool], checks: tuple) -> str | None:
    """Which common mistake a wrong number shows, of ``checks`` (``sign``, ``percent``, ``rounding``):
    ``same(x)`` says whether ``x`` is the answer, ``close(x)`` whether it is within about 1 % of it."""
    if "sign" in checks and value != 0 and same(-value):
        return "sign"
    if "percent" in checks and value != 0:
        if same(value / 100) or close(value / 100):
            return "percent"
        if same(value * 100) or close(value * 100):
            return "hundredth"
    if "rounding" in checks and close(value):
        return "rounding"
    return None

"""Money as a reader sees it: in the policy's currency and unit (``report.currency``,
``report.money_unit``), on chart axes and in the sentences that read them.

The amounts of the data are never rounded to the unit; only what is shown is divided by it.

>>> unit = money_unit({"report": {"currency": "CNY", "money_unit": 10000}}, "zh")
>>> unit.label, unit.axis_label("收入"), unit.text(19_809_035), unit.text(45_000), unit.text(-0.4)
('万元', '收入 (万元)', '1,981 万元', '4.5 万元', '0.0 万元')
>>> en = money_unit({"report": {"currency": "CNY", "money_unit": 10000}}, "en")
>>> en.axis_label("revenue"), en.text(19_809_035), en.text(45_000)
('revenue (10 thousand CNY)', 'CNY 19.81 M', 'CNY 45 k')
>>> money_unit({"report": {"currency": "USD", "money_unit": 1}}, "en").text(1_234_567)
'USD 1,234,567'

Money in a sentence (:func:`short_amount`): in Chinese in 万元 or 亿元 (元 below 1万), in English
short with the currency (``CNY 2.35 M``, ``CNY 785 k``).
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..credit.limit_words import short_amount as _short_en
from ..policy import load_policy
from ..text import MISSING, is_missing, num
from .state import language

#: What each unit of the Chinese yuan reads as in Chinese (the method's material is Chinese).
CNY_UNITS = {1: "元", 1000: "千元", 10000: "万元"}
#: What each unit of any currency reads as in English, and of one other than the yuan in Chinese
#: (``{code}``: the currency code).
OTHER_UNITS = {1: "{code}", 1000: "thousand {code}", 10000: "10 thousand {code}"}


@dataclass(frozen=True)
class MoneyUnit:
    """The unit money is shown in: ``factor`` (1, 1,000 or 10,000) of the currency, read as ``label``;
    in English ``code`` (the currency) is written before an amount, in thousands as ``k``."""

    factor: int
    label: str
    code: str = ""

    def scaled(self, value: float) -> float:
        """``value`` (in the currency) in this unit."""
        return value / self.factor

    def axis_label(self, what: str) -> str:
        """The label of an axis of money: what it shows, then the unit in brackets."""
        return f"{what} ({self.label})"

    def text(self, value: Any) -> str:
        """``value`` in this unit for a sentence: whole units with thousands separators (one
        decimal for less than 100 units of 1,000 or 10,000), the unit after it; in English the
        currency first, the amount whole, or short in a unit of 1,000 or 10,000 (``CNY 19.81 M``);
        a missing amount reads ``–``."""
        if is_missing(value) or not isinstance(value, numbers.Real) or math.isinf(value):
            return MISSING
        if self.code:  # English: exact in the currency, else short as the credit sentences write it
            if self.factor == 1:
                return f"{self.code} {num(float(value)):,.0f}"
            return f"{self.code} {_short_en(pd.Series([float(value)])).iloc[0]}"
        scaled = self.scaled(float(value))
        decimals = 1 if self.factor > 1 and abs(scaled) < 100 else 0
        return f"{num(scaled):,.{decimals}f} {self.label}"


def money_unit(policy: Any = None, lang: str | None = None) -> MoneyUnit:
    """The money unit of ``policy`` (a loaded policy, a mapping of overrides, a file or None) as
    ``lang`` reads it (default: the language labels are written in now, :func:`.labels.language`):
    the yuan as 元 / 千元 / 万元 in Chinese (and in ``both``), as CNY in English."""
    report = load_policy(policy)["report"]
    currency, factor = str(report["currency"]), int(report["money_unit"])
    lang = lang or language()
    return MoneyUnit(factor=factor, label=unit_word(currency, factor, lang), code=currency if lang == "en" else "")


def unit_word(currency: str, factor: int = 1, lang: str | None = None) -> str:
    """What ``factor`` (1, 1,000 or 10,000) of ``currency`` reads as in ``lang`` (default: the language
    labels are written in now): 元 / 千元 / 万元 for the yuan but in English, else with the currency code.

    >>> unit_word("CNY", 1, "zh"), unit_word("CNY", 1, "en"), unit_word("USD", 1000, "zh")
    ('元', 'CNY', 'thousand USD')
    """
    names = CNY_UNITS if currency == "CNY" and (lang or language()) != "en" else OTHER_UNITS
    return names[factor].format(code=currency)


def _half_up(x: np.ndarray, decimals: int) -> np.ndarray:
    return np.sign(x) * np.floor(np.abs(x) * 10**decimals + 0.5 + 1e-9) / 10**decimals


def _short_zh(values: pd.Series) -> pd.Series:
    """Amounts as a Chinese sentence writes them: 亿元 (two decimals), 万元 (one), 元 below 1万."""
    if values.empty:
        return pd.Series([], index=values.index, dtype="str")
    v = values.astype(float).fillna(0.0).to_numpy()
    a = np.abs(v)
    yi, wan, yuan = _half_up(v / 1e8, 2), _half_up(v / 1e4, 1), _half_up(v, 0)
    text = np.select(
        [a >= 99_995_000, a >= 9_999.5],
        [[f"{x:,.2f}亿元" for x in yi], [f"{x:,.1f}万元" for x in wan]],
        [f"{x:,.0f}元" for x in yuan],
    )
    return pd.Series(text, index=values.index, dtype="str").str.replace("-0元", "0元", regex=False)


def short_amount(values: Any, lang: str, policy: Any = None) -> Any:
    """Money for a sentence, in ``lang`` (``en``, ``zh``, ``both``: the Chinese, then the English): in Chinese 亿元 / 万元 / 元, in English short (``2.35 M``, ``785 k``, as the
    credit sentences write it) after the currency of ``policy`` (``report.currency``). ``values``: a
    Series (a Series back, vectorised) or one amount (a text back).

    >>> amounts = pd.Series([2_345_678, 785_400, 31_450, 640.4, 312_000_000, -2_000])
    >>> short_amount(amounts, "zh").tolist()
    ['234.6万元', '78.5万元', '3.1万元', '640元', '3.12亿元', '-2,000元']
    >>> short_amount(amounts, "en").tolist()
    ['CNY 2.35 M', 'CNY 785 k', 'CNY 31.5 k', 'CNY 640', 'CNY 312.00 M', 'CNY -2 k']
    >>> short_amount(17_370_173, "both", {"report": {"currency": "EUR"}})
    '1,737.0万元 EUR 17.37 M'
    """
    one = not isinstance(values, pd.Series)
    series = pd.Series([values], dtype=float) if one else values
    zh = _short_zh(series)
    en = str(load_policy(policy)["report"]["currency"]) + " " + _short_en(series)
    out = en if lang == "en" else zh if lang == "zh" else zh + " " + en
    return str(out.iloc[0]) if one else out.set_axis(series.index)


#: An amount as the English credit sentences write it (:func:`kamtools.credit.limit_words.short_amount`).
_SHORT_EN = re.compile(r"(-?[\d,]+(?:\.\d+)?) ([kM])")


def zh_amount(text: str) -> str:
    """An amount of an English sentence (``2.92 M``, ``785 k``) as the Chinese sentence writes it, to
    the precision the English shows (``292万元``, ``78.5万元``; 亿元 to two decimals, 元 below 1万);
    any other text (a number without a unit, a share) as it is.

    >>> zh_amount("2.92 M"), zh_amount("31.5 k"), zh_amount("785 k"), zh_amount("-5 k"), zh_amount("9.5 k")
    ('292万元', '3.15万元', '78.5万元', '-5,000元', '9,500元')
    >>> zh_amount("312.00 M"), zh_amount("25"), zh_amount("1.5")
    ('3.12亿元', '25', '1.5')
    """
    m = _SHORT_EN.fullmatch(text.strip())
    if m is None:
        return text
    number, unit = m.group(1).replace(",", ""), m.group(2)
    shown = len(number.partition(".")[2])  # the decimals the English shows
    value = float(number) * (1e6 if unit == "M" else 1e3)
    if abs(value) >= 1e8:
        return f"{value / 1e8:,.2f}亿元"
    if abs(value) >= 1e4:
        return f"{value / 1e4:,.{max(shown - 2, 0) if unit == 'M' else shown + 1}f}万元"
    return f"{value:,.{max(shown - 3, 0)}f}元"

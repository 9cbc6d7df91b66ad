"""The headline numbers in the pages: sentences written from :func:`kamtools.headline.kpis`.

A page states a headline number (revenue, buyers, concentration, a lifecycle count, DSO ...)
only through :func:`sentence`, from the one table of :func:`kamtools.headline.kpis`, so every
page prints the same number for the same thing, with the window it covers. Each number is
marked in the HTML (``<span class="kpi" data-kpi="buyers_12m" data-field="value"
data-value="431.0">431</span>``, its definition as the tooltip): :func:`collect` reads the
marks back, which is how the report's test compares the numbers of every page.

>>> import pandas as pd
>>> k = pd.DataFrame({"label": ["Buyers, 12 months"], "value": [431.0], "previous": [416.0],
...     "change": [15.0], "change_unit": ["difference"], "unit": ["count"], "better": ["higher"],
...     "window": ["2025-11 to 2026-10"], "previous_window": ["2024-11 to 2025-10"],
...     "definition": ["Buyers: customers with a purchase."]}, index=pd.Index(["buyers_12m"], name="kpi"))
>>> html = sentence_html(k, "{buyers_12m} customers bought in {buyers_12m:window} ({buyers_12m:change}) & more")
>>> print(html)  # doctest: +NORMALIZE_WHITESPACE
<p class="kpi-note"><span class="kpi" data-kpi="buyers_12m" data-field="value" data-value="431.0"
title="Buyers: customers with a purchase.">431</span> customers bought in 2025-11 to 2026-10
(<span class="kpi" data-kpi="buyers_12m" data-field="change" data-value="15.0"
title="Buyers: customers with a purchase.">+15</span>) &amp; more</p>
>>> collect(html)[["kpi", "field", "value", "text"]].values.tolist()
[['buyers_12m', 'value', 431.0, '431'], ['buyers_12m', 'change', 15.0, '+15']]
"""

from __future__ import annotations

import math
import string
from html.parser import HTMLParser
from typing import Any

import pandas as pd
from IPython.display import HTML

from ..text import MISSING, html_text, is_missing, number
from .currency import short_amount
from .labels import Text, currency, language

__all__ = ["FIELDS", "change_text", "collect", "in_language", "sentence", "sentence_html", "share_text", "value_text"]

#: What a placeholder ``{kpi:field}`` of a sentence may show (``{kpi}`` is the value).
FIELDS = ("value", "previous", "change", "window", "previous_window", "label", "definition")

_NUMBER = {"money": ",.0f", "count": ",.0f", "days": ",.0f", "index": ".0f"}


def share_text(value: Any, decimals: int = 1) -> str:
    """A share in per cent, a space before the sign (``0.2`` reads ``20 %`` with ``decimals=0``).

    >>> share_text(0.7739), share_text(0.2, 0), share_text(None)
    ('77.4 %', '20 %', '–')
    """
    if is_missing(value) or math.isinf(float(value)):
        return MISSING
    return number(float(value), f".{int(decimals)}%").replace("%", " %")


def value_text(unit: str, value: Any) -> str:
    """A headline number as a reader sees it: money and counts with thousands separators,
    shares in per cent to one decimal, days with their unit; missing is ``–``.

    >>> value_text("money", 1234567.8), value_text("share", 0.7739), value_text("days", 71.07)
    ('1,234,568', '77.4 %', '71 days')
    >>> value_text("share", float("nan"))
    '–'
    """
    if is_missing(value) or math.isinf(float(value)):
        return MISSING
    if unit == "share":
        return share_text(value)
    text = number(float(value), _NUMBER.get(unit, ",.2f"))
    return f"{text} days" if unit == "days" else text


def change_text(unit: str, change_unit: str, change: Any) -> str:
    """A change as a reader sees it: relative in per cent, a share's change in points, a
    difference in the unit of the value; always signed, ``+0.0`` rather than ``-0.0``.

    >>> change_text("money", "relative", 0.0236), change_text("share", "points", 0.00928)
    ('+2.4 %', '+0.9 pt')
    >>> change_text("count", "difference", -2.0), change_text("days", "difference", 0.98)
    ('-2', '+1.0 days')
    """
    if is_missing(change) or math.isinf(float(change)):
        return MISSING
    v = float(change)
    if change_unit == "relative":
        return number(v, "+.1%").replace("%", " %")
    if change_unit == "points":
        return number(v * 100, "+.1f") + " pt"
    if unit == "days":
        return number(v, "+,.1f") + " days"
    return number(v, "+,.1f" if unit == "index" else "+,.0f")


def _text(row: pd.Series, field: str) -> str:
    if field in ("value", "previous"):
        return value_text(row["unit"], row[field])
    if field == "change":
        return change_text(row["unit"], row["change_unit"], row["change"])
    return str(row[field])


#: The English words of a headline number's text and their Chinese (a sentence written in Chinese).
_ZH_WORDS = ((" days", " 天"), (" to ", " 至 "), (" pt", " 个百分点"))


def in_language(text: str, lang: str) -> str:
    """A headline number's text (a value, a change, a window) as a sentence in ``lang`` writes it.

    >>> in_language("+1.0 days", "zh"), in_language("-1.2 pt", "zh"), in_language("71 days", "both")
    ('+1.0 天', '-1.2 个百分点', '71 days')
    """
    if lang == "zh":
        for en, zh in _ZH_WORDS:
            text = text.replace(en, zh)
    return text


def _span(k: pd.DataFrame, name: str, field: str, lang: str = "en") -> str:
    row = k.loc[name]
    shown = html_text(in_language(_text(row, field), lang))
    if field not in ("value", "previous", "change"):
        return shown
    value = float(row[field])
    if field != "change" and row["unit"] == "money" and not is_missing(row[field]) and math.isfinite(value):
        # money in a sentence reads with its unit: 万元 in Chinese, CNY 1.2 M in English
        shown = html_text(short_amount(value, lang, {"report": {"currency": currency()}}))
    return (
        f'<span class="kpi" data-kpi="{html_text(name)}" data-field="{field}" data-value="{value!r}" '
        f'title="{html_text(_definition(row, lang))}">{shown}</span>'
    )


def _definition(row: pd.Series, lang: str) -> str:
    """A headline number's definition in the sentence's language (its tooltip): Chinese in a Chinese sentence,
    both where the report is in both languages."""
    zh = row.get("definition_zh")
    if lang == "en" or zh is None or is_missing(zh) or not str(zh):
        return str(row["definition"])
    return str(zh) if lang == "zh" else f"{zh} / {row['definition']}"


def sentence_html(k: pd.DataFrame, template: str, *, zh: str = "", **texts: Any) -> str:
    """``template`` as an HTML paragraph: ``{kpi}`` is the value of the headline number ``kpi``
    (a row of ``k``, the table of :func:`kamtools.headline.kpis`), ``{kpi:field}`` one of
    :data:`FIELDS` (``{revenue_month:change}``, ``{buyers_12m:window}``); any other ``{name}``
    is text given by keyword (a name, a strategy), shown as typed -- a
    :class:`~kamtools.output.labels.Text` in the language of the sentence. The template's own text is
    escaped too: nothing in it is markup. ``zh`` is the same sentence in Chinese: the report's
    language (:mod:`kamtools.output.labels`) picks one, or both (the Chinese first).

    Raises
    ------
    KeyError
        A placeholder that is neither a headline number nor a text given, naming both lists.
    ValueError
        A field not in :data:`FIELDS`.
    """
    lang = language()
    if zh and lang == "both":
        return _paragraph(k, zh, "zh", texts) + "\n" + _paragraph(k, template, "en", texts)
    if zh and lang == "zh":
        return _paragraph(k, zh, "zh", texts)
    return _paragraph(k, template, "en", texts)


def _paragraph(k: pd.DataFrame, template: str, lang: str, texts: dict) -> str:
    parts = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        parts.append(html_text(literal))
        if name is None:
            continue
        if name in texts:
            text = texts[name]
            if isinstance(text, Text):  # a text in both languages: the one of this sentence
                text = text.zh if lang == "zh" else text.en
            parts.append(html_text(format(text, spec or "")))
        elif name in k.index:
            field = spec or "value"
            if field not in FIELDS:
                raise ValueError(f"{{{name}:{spec}}}: the field must be one of {', '.join(FIELDS)}")
            parts.append(_span(k, name, field, lang))
        else:
            raise KeyError(
                f"{{{name}}} in the sentence is neither a headline number ({', '.join(k.index)}) "
                f"nor a text given ({', '.join(texts) or 'none'})"
            )
    return f'<p class="kpi-note">{"".join(parts)}</p>'


def sentence(k: pd.DataFrame, template: str, *, zh: str = "", **texts: Any) -> HTML:
    """:func:`sentence_html` to show in a notebook (the last expression of a cell is shown)."""
    return HTML(sentence_html(k, template, zh=zh, **texts))


class _Marks(HTMLParser):
    """The marked numbers of a page, whatever the order of their attributes (the report's
    HTML is written again by nbconvert and its sanitizer, which sort them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, Any]] = []
        self._open: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "span" and "kpi" in (a.get("class") or "").split() and "data-kpi" in a:
            self._open = {"kpi": a["data-kpi"], "field": a.get("data-field"), "value": float(a["data-value"] or "nan")}
            self._open["text"] = ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._open is not None:
            self.rows.append(self._open)
            self._open = None


def collect(page: str) -> pd.DataFrame:
    """The headline numbers marked in a page's HTML (or a notebook's output): one row per mark,
    in the order they appear, with ``kpi``, ``field`` (value, previous, change), ``value``
    (float, as computed) and ``text`` (as shown)."""
    marks = _Marks()
    marks.feed(page)
    return pd.DataFrame(marks.rows, columns=["kpi", "field", "value", "text"])

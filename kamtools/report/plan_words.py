"""The small words of an account plan's sentences, in English and Chinese: shares, signed changes, points, whole
numbers and the labels of codes (:mod:`kamtools.output.labels`)."""

from __future__ import annotations

from typing import Any

from ..output import labels
from ..text import MISSING, is_missing, num

__all__ = ["Pair", "cell_pair", "known", "label_pair", "owed", "points", "share", "signed", "whole"]

#: A text in English and in Chinese.
Pair = tuple[str, str]


def share(v: Any) -> str:
    """A share as the report's tables show it (``65.4 %``); missing as ``–``."""
    return MISSING if is_missing(v) else f"{num(float(v) * 100):,.1f} %"


def signed(v: Any) -> str:
    """A relative change with its sign (``+99.0 %``)."""
    return MISSING if is_missing(v) else f"{num(float(v) * 100):+,.1f} %"


def points(v: Any) -> str:
    """A change of a rate in percentage points, with its sign (``-0.2``)."""
    if is_missing(v):
        return MISSING
    text = f"{num(float(v) * 100):+.1f}"
    return text.lstrip("+") if float(text) == 0 else text  # no change reads 0.0


def label_pair(column: str, code: Any) -> Pair:
    """The label of a code in both languages."""
    return str(labels.value(column, code, "en")), str(labels.value(column, code, "zh"))


def cell_pair(column: str, code: Any) -> Pair:
    """The label of a code in both languages as a table cell or a label standing alone shows it (a capital)."""
    return str(labels.cell(column, code, "en")), str(labels.cell(column, code, "zh"))


def whole(v: Any) -> str:
    """A whole number (days, counts) with thousands separators; missing as ``–``."""
    return f"{num(v):,.0f}"


def known(v: Any) -> float:
    """A number of the profile, missing counted as 0."""
    return 0.0 if is_missing(v) else float(v)


def owed(c: Any) -> float:
    """What the customer owes of its exposure (the credit profile ``c``): the exposure less the open orders, at least 0."""
    return max(known(c.get("exposure")) - known(c.get("open_orders")), 0.0)

"""Values as text a reader sees: numbers in sentences and tables, and text from the data in
HTML and Markdown. The one place that decides both, below every layer that writes text.

* :func:`num` wraps a number for an f-string: ``f"{num(share):.0%}"`` shows a missing value
  as :data:`MISSING` (never ``nan`` or ``nan%``) and a value that rounds to zero without a
  minus sign (never ``-0%`` or ``-0.0 %``);
* :func:`html_text` escapes a value from the data for HTML (element text and attributes);
* :func:`markdown_text` escapes it for Markdown, so names such as ``<img src=x onerror=...>``,
  ``[x](javascript:...)``, ``**bold**`` or ``$x$`` show as typed, not as markup;
* :func:`plot_text` escapes it for a chart's title, axis or tick label (``$`` starts
  matplotlib's mathtext, which draws formulas and fails on broken ones).

>>> f"{num(float('nan')):.0%}", f"{num(-0.0):.1%}", f"{num(-1e-9):,.0f}", f"{num(-0.004):+.1%}"
('–', '0.0%', '0', '-0.4%')
>>> html_text('<img src=x onerror="kampwn()">')
'&lt;img src=x onerror=&#34;kampwn()&#34;&gt;'
>>> print(markdown_text("[x](javascript:kampwn()) *A* <b>"))
\\[x\\](javascript:kampwn()) \\*A\\* &lt;b&gt;
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

from markupsafe import escape

#: How a missing number or value reads in a sentence or a table cell.
MISSING = "–"

__all__ = ["MISSING", "html_text", "is_missing", "markdown_text", "num", "number", "plot_text"]


def is_missing(value: Any) -> bool:
    """True for None, NaN, ``pd.NA`` and ``NaT`` (a value that is not there)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(value != value)  # NaN, NaT and numpy NaN are not equal to themselves
    except (TypeError, ValueError):  # pd.NA refuses bool(); arrays are no missing value
        return type(value).__name__ == "NAType"


class _Number:
    """A value formatted by the format spec of an f-string, missing values and negative zeros
    shown as a reader expects (see :func:`num`)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return number(self.value, spec)

    def __str__(self) -> str:
        return number(self.value, "")

    def __repr__(self) -> str:
        return f"num({self.value!r})"


def num(value: Any) -> _Number:
    """``value`` for an f-string: ``f"{num(x):,.0f}"`` is ``f"{x:,.0f}"`` but that a missing
    ``x`` reads :data:`MISSING` and a value that rounds to zero reads without a minus sign.

    >>> f"{num(1234.5):,.0f} {num(0.653):.0%} {num(None):,.0f} {num(-0.0001):.1%}"
    '1,234 65% – 0.0%'
    """
    return _Number(value)


def number(value: Any, spec: str = "") -> str:
    """``format(value, spec)``, but :data:`MISSING` for a missing or infinite value (a ratio
    without a denominator) and no minus sign on a number that shows as zero (``-0``, ``-0.0 %``).

    >>> number(float("inf"), ".0%"), number(-0.0, "+.1f"), number("A", ""), number(12, ",")
    ('–', '+0.0', 'A', '12')
    """
    if is_missing(value) or (isinstance(value, numbers.Real) and math.isinf(value)):
        return MISSING
    text = format(value, spec)
    if text.lstrip().startswith("-") and not re.search(r"[1-9]", text) and re.search(r"\d", text):
        text = format(abs(value), spec)  # -0.0 and -1e-9 read as zero (a "+" spec keeps its "+0")
    return text


def html_text(value: Any) -> str:
    """``value`` as text safe in HTML element text and quoted attributes (``& < > " '``
    escaped): what came from the data is shown, never run.

    >>> html_text("华东 & <b>"), html_text(None)
    ('华东 &amp; &lt;b&gt;', 'None')
    """
    return str(escape(str(value)))


#: Characters with a meaning anywhere in Markdown (CommonMark, GitHub tables and strikethrough,
#: Jupyter's ``$`` math): each is shown as typed when preceded by a backslash. Links and images
#: need ``[``, autolinks and HTML ``<``: escaped here, so ``(``, ``)`` and ``!`` stay as typed.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$])")
#: What starts a block at the start of a line: a list item (``-``, ``+``, ``1.``, ``1)``), a
#: setext underline (``=``).
_MD_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def markdown_text(value: Any) -> str:
    """``value`` as Markdown that shows it as typed: HTML escaped (``&``, ``<``, ``>`` as
    entities), every character with a meaning in Markdown escaped with a backslash (so no
    link, image, emphasis, heading, list, table or math), line breaks as spaces (a value never
    starts a block of its own).

    >>> print(markdown_text("<b>A*B_C</b> & D"))
    &lt;b&gt;A\\*B\\_C&lt;/b&gt; &amp; D
    >>> print(markdown_text("# 1. $x$\\n- item"), markdown_text("1. first"), markdown_text("- a - b (c)"))
    \\# 1. \\$x\\$ - item 1\\. first \\- a - b (c)
    """
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))
    return _MD_START.sub(lambda m: m.group(1) + re.sub(r"([-+=.)])$", r"\\\1", m.group(2)), text)


def plot_text(value: Any) -> str:
    """``value`` as a matplotlib title or label that shows it as typed: ``$`` escaped, so a
    name such as ``A$1$B`` or ``$\\frac{$`` is text, not mathtext (which would draw a formula
    or fail to draw the chart).

    >>> plot_text("华东 $5$ Co.")
    '华东 \\\\$5\\\\$ Co.'
    """
    return str(value).replace("$", r"\$")

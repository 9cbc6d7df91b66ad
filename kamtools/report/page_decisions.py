"""The decisions of one report page, at its top: the lines of the summary of the month
(:func:`.summary.decisions`) that point at the page, with who decides and by when and a link to
the section, so a manager finds what concerns them before the detail."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup, escape

from ..output.labels import pick
from ..policy import Policy
from ..store import KamData
from .pages import SECTIONS
from .summary import Decision, decisions, each_kind_first

#: Decisions shown at the top of a page, at most.
SHOWN = 6


def chosen(found: list[Decision], page: str, shown: int = SHOWN) -> list[Decision]:
    """The decisions of ``found`` that point at ``page`` to show at its top: the first of each kind,
    then the others, at most ``shown``, in the order of ``found`` (so finance's lines are not crowded
    out by several of one kind).

    >>> ds = [Decision(k, 1.0, "p", "s", kind=k.rstrip("0123456789")) for k in ("j1", "j2", "j3", "cut1", "hold1")]
    >>> [d.text for d in chosen(ds, "p", 4)]
    ['j1', 'j2', 'cut1', 'hold1']
    """
    here = [d for d in found if d.page == page]
    keep = each_kind_first(here)[:shown]
    return [d for d in here if any(d is k for k in keep)]


def page_decisions(found: list[Decision], page: str, language: str, shown: int = SHOWN) -> Markup:
    """The decisions of ``found`` that point at ``page`` (:func:`chosen`) as an HTML box: each what to do, who decides by when, and a link to its section; escaped.

    >>> d = Decision("Collect <b>", 5.0, "03_credit_review", "Credit holds", owner=("finance manager", "财务经理"),
    ...              due="2026-11-03", text_zh="收款")
    >>> box = page_decisions([d], "03_credit_review", "en")
    >>> "Collect &lt;b&gt;" in box and "(decides: finance manager, by 2026-11-03)" in box and 'href="#Credit-holds"' in box
    True
    >>> 'href="#%E4%BF%A1%E7%94%A8%E5%86%BB%E7%BB%93"' in page_decisions([d], "03_credit_review", "zh")  # 信用冻结
    True
    >>> "Nothing on this page" in page_decisions([d], "04_receivables", "en")
    True
    """
    mine = chosen(found, page, shown)
    title = pick("To decide on this page", "本页待决事项", language)
    if not mine:
        none = pick("Nothing on this page waits for a decision this month.", "本月本页没有待决事项。", language)
        return Markup('<div class="page-decisions"><h3>{}</h3><p>{}</p></div>').format(title, none)
    items = Markup("").join(
        Markup('<li>{} <span class="who">{}</span> · <a href="#{}">{}</a></li>').format(
            d.says(language),
            d.who(language) if d.due else "",
            quote(d.anchor(language)),
            pick(d.section, SECTIONS.get(d.section, ""), language),
        )
        for d in mine
    )
    return Markup('<div class="page-decisions"><h3>{}</h3><ol>{}</ol></div>').format(escape(title), items)


def show_page_decisions(data: KamData, as_of, pol: Policy, limits: pd.DataFrame, page: str, language: str) -> HTML:
    """:func:`page_decisions` of the book on ``as_of`` for a notebook: every decision of the summary
    of the month (:func:`.summary.decisions` from ``limits``, not only the ten the index shows)."""
    return HTML(str(page_decisions(decisions(data, pd.Timestamp(as_of), pol, limits, shown=None), page, language)))

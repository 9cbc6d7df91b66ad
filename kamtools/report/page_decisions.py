"""The decisions of one report page, at its top: the lines of this month's decisions on the index
(:func:`.summary.decisions`, the same list, numbered and ordered as the index numbers it) that point
at the page, each with who decides, its deadline and a link to the section, and a link to the
index for the others; so a manager finds what concerns them before the detail, and the page and the
index cannot disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import quote

from IPython.display import HTML
from markupsafe import Markup, escape

from ..output.labels import pick
from .context import ReportContext
from .decision import DECISIONS_ANCHOR, Decision, on_page
from .pages import SECTIONS

#: The index, beside every page of the period.
INDEX = "index.html"


def _items(rows, language: str, numbered: bool = True) -> Markup:
    """The ``<li>`` of each decision: what, who decides and by when (and that the deadline has passed, as the index
    says, when the page is written after it), and a link to its section."""
    today = dt.date.today().isoformat()
    passed = Markup(' <span class="passed">{}</span>').format(pick("deadline passed", "已过期限", language))
    return Markup("").join(
        Markup('<li{}>{} <span class="who">{}</span>{} · <a href="#{}">{}</a></li>').format(
            Markup(' value="{}"').format(number) if numbered else "",
            d.says(language),
            d.who(language) if d.due else "",
            passed if d.due and d.due < today else "",
            quote(d.anchor(language)),
            pick(d.section, SECTIONS.get(d.section, ""), language),
        )
        for number, d in rows
    )


def page_decisions(found: list[Decision], page: str, language: str, own: Sequence[Decision] = ()) -> Markup:
    """The decisions of the index (``found``) that point at ``page`` as an HTML box, in the index's order:
    what to do with its number on the index, who decides and by when, and a link to its section;
    then a link to all of this month's decisions on the index; escaped.

    >>> d = Decision("Collect <b>", 5.0, "03_credit_review", "Credit holds", owner=("finance manager", "财务经理"),
    ...              due="2026-11-03", text_zh="收款")
    >>> box = page_decisions([d], "03_credit_review", "en")
    >>> "Collect &lt;b&gt;" in box and "(owner: finance manager, by 2026-11-03)" in box
    True
    >>> '<li value="1">' in box and 'href="#Credit-holds"' in box and 'href="index.html#decisions"' in box
    True
    >>> 'href="#%E4%BF%A1%E7%94%A8%E5%86%BB%E7%BB%93"' in page_decisions([d], "03_credit_review", "zh")  # 信用冻结
    True
    >>> "Nothing on this page" in page_decisions([d], "04_receivables", "en")
    True
    >>> mine = Decision("Call them", 1.0, "04_receivables", "Silent debtors", owner=("account manager", "客户经理"),
    ...                 due="2026-11-14")
    >>> box = page_decisions([d], "04_receivables", "en", own=[mine])
    >>> "<li>Call them" in box and "by 2026-11-14" in box and "<ol>" not in box
    True
    """
    title = pick("To decide on this page", "本页待决事项", language)
    more = Markup('<p class="more"><a href="{}#{}">{}</a></p>').format(
        INDEX,
        DECISIONS_ANCHOR,
        pick(
            "All of this month's decisions: on the index (same numbers)", "本月全部待决事项见首页（编号相同）", language
        )
        if not own
        else pick(
            "The index's decisions: on the index (same numbers); those not on the index are on this page only",
            "首页所列的待决事项见首页（编号相同）；“首页未列出”的事项只在本页",
            language,
        ),
    )
    rows = on_page(found, page)
    if not rows and not own:
        none = pick("Nothing on this page waits for a decision this month.", "本月本页没有待决事项。", language)
        return Markup('<div class="page-decisions"><h3>{}</h3><p>{}</p>{}</div>').format(title, none, more)
    listed = Markup("<ol>{}</ol>").format(_items(rows, language)) if rows else Markup("")
    if own:  # the page's own decisions, which the index (its largest ten) leaves out
        listed += Markup('<p class="also">{}</p><ul>{}</ul>').format(
            pick(
                "Also on this page (not among the index's decisions; owner and day from the same policy):"
                if rows
                else "On this page (not among the index's decisions; owner and day from the same policy):",
                "本页其他待决事项（首页未列出；负责人和期限按同一政策）："
                if rows
                else "本页待决事项（首页未列出；负责人和期限按同一政策）：",
                language,
            ),
            _items([(0, d) for d in own], language, numbered=False),
        )
    return Markup('<div class="page-decisions"><h3>{}</h3>{}{}</div>').format(escape(title), listed, more)


def show_page_decisions(ctx: ReportContext, page: str, own: Sequence[Decision] = ()) -> HTML:
    """:func:`page_decisions` of a notebook's context: the decisions the index lists (the run's, or computed
    as the index computes them, :meth:`.context.ReportContext.decisions`) that point at ``page``, then the
    page's ``own``."""
    return HTML(str(page_decisions(ctx.decisions(), page, ctx.language, own)))

"""Every page of a period knows where it is: a real ``<title>`` and a navigation bar (back to the
index, the previous and the next page) added to the pages and account plans once all are written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

from markupsafe import escape

from ..output.labels import pick
from ..periods import period_end
from .pages import page_of
from .result import NotebookRun, ReportResult

_TITLE = re.compile(r"<title>.*?</title>", re.S)
_BODY = re.compile(r"<body[^>]*>")

#: The bar's look on screen (templates/print.css leaves it out of print).
NAV_STYLE = (
    "<style>nav.kam-nav{display:flex;gap:1.5em;align-items:baseline;flex-wrap:wrap;padding:.5em 0 .8em;"
    "margin-bottom:1em;border-bottom:1px solid #ddd;font-family:system-ui,'Noto Sans CJK SC',sans-serif}"
    "nav.kam-nav a{text-decoration:none;color:#1f4e99}nav.kam-nav .here{font-weight:600}</style>"
)


def page_title(run: NotebookRun, period: str, language: str = "both") -> str:
    """The ``<title>`` of a page or an account plan, in ``language``."""
    if run.customer_id is not None:
        name = run.customer_name or run.customer_id
        who = f"{name} ({run.customer_id})" if name != run.customer_id else name
        return f"{pick('Account plan', '客户计划', language)} {period}{': ' if language == 'en' else '：'}{who}"
    return f"{page_of(Path(run.output or run.notebook).stem).name_in(language)} {period}"


def _link(run: NotebookRun | None, text: str, period: str, language: str) -> str:
    if run is None or not run.html:
        return ""
    label = escape(page_title(run, period, language))
    return f'<a href="{escape(quote(run.html))}" title="{label}">{text}</a>'


def _nav(before: NotebookRun | None, run: NotebookRun, after: NotebookRun | None, period: str, language: str) -> str:
    parts = [
        f'<a href="index.html">⌂ {pick("Index", "目录", language)}</a>',
        _link(before, f"‹ {pick('previous', '上一页', language)}", period, language),
        f'<span class="here">{escape(page_title(run, period, language))}</span>',
        _link(after, f"{pick('next', '下一页', language)} ›", period, language),
    ]
    return '<nav class="kam-nav">' + "".join(p for p in parts if p) + "</nav>"


def late_note(period: str, language: str, today: dt.date, first_due: str | None) -> str:
    """The line under the navigation bar of a page written after the earliest deadline of the month's decisions
    (``first_due``, YYYY-MM-DD: the policy's ``report.decisions`` days after the data's date): the deadlines in its
    text that are earlier than the day it was written have passed (the decision boxes and the plans' actions mark
    each; a sentence of the text cannot); empty for a page written in time or a month without deadlines.

    >>> late_note("2026-10", "en", dt.date(2026, 11, 1), "2026-11-02")
    ''
    >>> "2026-12-07" in late_note("2026-10", "zh", dt.date(2026, 12, 7), "2026-11-02")
    True
    """
    end = period_end(period)
    if not first_due or today.isoformat() <= first_due:
        return ""
    late = (today - end).days
    moved = counted_from_today(late, first_due)
    text = pick(
        f"Written on {today:%Y-%m-%d}, {late} days after the data's date ({end:%Y-%m-%d}): a deadline in the text "
        f"earlier than that has passed. {moved[0]}",
        f"本页生成于 {today:%Y-%m-%d}，晚于数据日期（{end:%Y-%m-%d}）{late} 天：文中早于该日的期限均已过期。{moved[1]}",
        language,
    )
    return f'<p class="kam-late" style="color:#c62828;margin:-.6em 0 1em">{escape(text)}</p>'


def counted_from_today(late: int, first_due: str) -> tuple[str, str]:
    """What a report written ``late`` days after its data's date proposes, in English and Chinese: the latest data
    first, else every deadline counted from today (``late`` days later; the first, ``first_due``, moved as an example).

    >>> counted_from_today(37, "2026-11-02")[1].endswith("顺延 37 天（最早的 2026-11-02 改为 2026-12-09）。")
    True
    """
    moved = f"{dt.date.fromisoformat(first_due) + dt.timedelta(days=late):%Y-%m-%d}"
    return (
        "Best, import the latest data and run the report again; where that cannot wait, count each deadline from "
        f"today, {late} days later (the first, {first_due}, becomes {moved}).",
        f"最好先导入最新数据、重新生成报告；如不能等待，各期限从今天起重新计算，即顺延 {late} 天（最早的 {first_due} 改为 "
        f"{moved}）。",
    )


#: A table cell (row label or value) whose whole text may be a customer id.
_CELL = re.compile(r"(<t[hd]\b[^>]*>)([^<>]{1,200})(</t[hd]>)")


def link_plans(html: str, plans: dict[str, str]) -> str:
    """``html`` with every table cell that is exactly the id of a customer with an account plan
    this period turned into a link to that plan (ids are compared as the page shows them, escaped).

    >>> link_plans('<td class="x">C1</td><td>C10</td><th>C&amp;2</th>', {"C1": "p1.html", "C&2": "p 2.html"})
    '<td class="x"><a href="p1.html">C1</a></td><td>C10</td><th><a href="p%202.html">C&amp;2</a></th>'
    """
    if not plans:
        return html
    shown = {str(escape(cid)): page for cid, page in plans.items()}

    def linked(m: re.Match) -> str:
        page = shown.get(m.group(2).strip())
        if page is None:
            return m.group(0)
        return f'{m.group(1)}<a href="{escape(quote(page))}">{m.group(2)}</a>{m.group(3)}'

    return _CELL.sub(linked, html)


def add_navigation(folder: Path, result: ReportResult, first_due: str | None = None) -> None:
    """Give every written page of ``folder`` its title and navigation bar: the pages in report
    order, then the account plans in their order (previous / next, the last page leading on to the
    first plan); a customer id in a page's tables links to the customer's account plan; written after
    ``first_due`` (the month's earliest deadline), each says so under its bar (:func:`late_note`)."""
    plans = {r.customer_id: r.html for r in result.runs if r.customer_id is not None and r.status == "ok" and r.html}
    late = late_note(result.period, result.language, dt.date.today(), first_due)
    pages = [r for r in result.runs if r.customer_id is None and r.status == "ok" and r.html]
    plan_runs = [r for r in result.runs if r.customer_id is not None and r.status == "ok" and r.html]
    # the last page leads on to the first plan and back: the plans are read after the pages
    for group, ahead, behind in ((pages, plan_runs[:1], []), (plan_runs, [], pages[-1:])):
        for i, run in enumerate(group):
            before = group[i - 1] if i else (behind[0] if behind else None)
            after = group[i + 1] if i + 1 < len(group) else (ahead[0] if ahead else None)
            path = folder / run.html
            if not path.is_file():
                continue
            html = path.read_text(encoding="utf-8")
            title = f"<title>{escape(page_title(run, result.period, result.language))}</title>"
            html = _TITLE.sub(lambda _m, t=title: t, html, count=1)
            nav = NAV_STYLE + _nav(before, run, after, result.period, result.language) + late
            html = _BODY.sub(lambda m, n=nav: m.group(0) + n, html, count=1)
            if run.customer_id is None:
                html = link_plans(html, plans)
            path.write_text(html, encoding="utf-8")

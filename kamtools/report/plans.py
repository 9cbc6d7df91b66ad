"""Account plan pages: one HTML page per key account, rendered from a jinja2 template.

An account plan only shows one account's profile and plan (:func:`kamtools.account_plan.account_profile`),
so the report renders it without a notebook kernel: the book-level tables are computed
once per run (:func:`kamtools.account_plan.book_tables`) and every plan is a template filled
with the sentences of :mod:`.plan_text` (where the account stands, its objectives and the
credit they need, the actions of the next quarter, the risks), three small tables and the
24-month chart, in the report's language (``job["language"]``). The runner hands
each of its jobs a share of the accounts (:mod:`.worker`). The notebook
``notebooks/reports/05_account_plan.ipynb`` shows the same page for one account in
JupyterLab (:func:`render`), so the page has one source: ``templates/account_plan.html.j2``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jinja2
import matplotlib.pyplot as plt
from markupsafe import Markup, escape

from .. import paths
from ..account_plan import AccountProfile, account_profile, book_tables
from ..ingest.plan_files import PlanFile, read_plans
from ..output import labels, plots
from ..output.plots.style import figure_png
from ..output.statements import statement_file_name, write_statements
from ..periods import period_end
from ..policy import load_policy
from ..store import KamData
from ..text import number
from . import plan_actions as todo
from . import plan_cross_sell, plan_practices
from . import plan_objectives as aims
from . import plan_tables as tables
from . import plan_text as text
from . import shared as shared_tables
from .execute import error_text
from .plan_decisions import credit_ask, joint_limit
from .plan_record import no_plan, record

#: A plan file of the account team and the name of its file.
Kept = tuple[PlanFile, str]


def kept_plans(job: dict, data: KamData) -> dict[str, Kept]:
    """The plan files of the run's plans folder (``job["plans"]``, none when empty) by customer id."""
    if not job.get("plans"):
        return {}
    return read_plans(job["plans"], data.customers["customer_id"].astype("str"))


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("kamtools.report", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def _png(ax) -> dict:
    """The chart of ``ax`` as a notebook shows it inline (base64 PNG of the house style's
    resolution, its width on the page, its description as alt text), its figure closed."""
    data, meta = figure_png(ax.figure)
    plt.close(ax.figure)
    return {"data": data, "width": meta["width"], "alt": meta.get("alt", "")}


def bi(pair: tuple[str, str]) -> Markup:
    """A text ``(English, Chinese)`` in the report's language (:func:`kamtools.output.labels.language`):
    one of them, or in ``both`` the Chinese with the English under it, quieter; escaped.

    >>> labels.use("both"); str(bi(("Risks", "风险 <b>")))
    '风险 &lt;b&gt;<span class="en">Risks</span>'
    >>> labels.use("en"); str(bi(("Risks", "风险")))
    'Risks'
    """
    en, zh = pair
    lang = labels.language()
    if lang == "en" or not zh:
        return escape(en)
    if lang == "zh" or not en or en == zh:
        return escape(zh)
    return Markup('{}<span class="en">{}</span>').format(zh, en)


def _meta(account: AccountProfile, period: str) -> tuple[str, str]:
    """The plan's header line: the month, the date of the figures, the account manager, the
    customer's industry and region, their values in the report's language (``unknown``: 未知)."""
    p = account.profile
    industry, region = (
        (str(labels.value(col, p[col], "en")), "未知" if p[col] == "unknown" else str(labels.value(col, p[col], "zh")))
        for col in ("industry", "region")
    )
    return (
        f"Plan of {period}, figures on {account.as_of} · account manager {p['account_manager']} · "
        f"industry {industry[0]} · region {region[0]}",
        f"{period} 客户计划，数据截至 {account.as_of} · 客户经理 {p['account_manager']} · 行业 {industry[1]} · "
        f"地区 {region[1]}",
    )


def why(account: AccountProfile, policy: Any = None) -> tuple[str, str]:
    """Why the account has a plan: the report writes plans for the key accounts in the pyramid's order
    (composite score, not revenue alone) up to ``report.account_plan_cap``, or for the accounts named
    for the run (``kam report --accounts``)."""
    p, cap = account.profile, int(load_policy(policy)["report"]["account_plan_cap"])
    share = number(p["revenue_share"], ".1%").replace("%", " %")
    rank, by_revenue = number(p["rank"], ".0f"), number(p["revenue_rank"], ".0f")
    named = ("asked for by name for this report", "本期报告按客户名单指定")
    if p["tier"] != "key":
        return (
            f"Why this plan: not a key account (no. {by_revenue} by revenue, {share}); {named[0]}.",
            f"为什么有这份计划：不是重点客户（收入排第{by_revenue}位，占{share}）；{named[1]}。",
        )
    return (
        f"Why this plan: a key account, no. {rank} of the pyramid by composite score (value, potential and "
        f"relationship, not revenue alone: no. {by_revenue} by revenue, {share}). The report writes plans for "
        f"the key accounts in that order, up to {cap:,}, or for the accounts {named[0]}.",
        f"为什么有这份计划：重点客户，在客户金字塔中按综合评分排第{rank}位（综合价值、潜力和关系，不只看收入；"
        f"收入排第{by_revenue}位，占{share}）。报告按这一顺序为重点客户编写计划，最多{cap:,}份，或由{named[1]}。",
    )


def render(
    account: AccountProfile, period: str, policy: Any = None, plan: Kept | None = None, statement: bool = False
) -> Markup:
    """The account plan of ``account`` as an HTML fragment (what a notebook displays), in the
    language set by :func:`kamtools.output.labels.use`; money in the currency and unit of ``policy``.
    ``plan``: the account team's plan file and its name (:mod:`.plan_record`); without one, the
    page says its plan is the workbook's proposal. ``statement``: the customer's statement of account
    of ``period`` is written beside the page (:data:`STATEMENTS`), and the page links it."""
    pol = load_policy(policy)
    kept = record(account, plan[0], plan[1], pol) if plan else None
    numbers = tables.key_numbers(account, pol)
    if kept:  # the objective column is the proposal's, beside the plan of record
        numbers["header"][-1] = ("Proposal for the next plan", "下一期计划建议")
    title = labels.pick(f"{account.name}: revenue and margin, last 24 months", f"{account.name}：近24个月收入与毛利")
    chart = _png(plots.plot_monthly(account.trend, title=title, policy=pol))
    return Markup(
        _ENV.get_template("account_plan.html.j2").render(
            a=account,
            bi=bi,
            meta=_meta(account, period),
            why=why(account, pol),
            lead=todo.headline(account, pol),
            standing=text.standing(account, pol),
            ladders=text.ladders(account, pol),
            numbers=numbers,
            record=kept,
            no_plan=no_plan(account),
            chart=chart,
            objectives=aims.objectives(account, pol),
            check=_with_joint(text.credit_check(account, pol), account, pol),
            actions=todo.actions(account, pol),
            risks=todo.risks(account, pol),
            overdue=tables.overdue_items(account, pol),
            disputes=tables.disputes(account, pol),
            write_offs=tables.write_offs(account, pol),
            contacts=tables.contacts(account),
            practices=plan_practices.practices(account, pol),
            cross_sell=plan_cross_sell.cross_sell(account, pol),
            statement=_statement_links(account.customer_id, period) if statement else None,
        )
    )


def _with_joint(check: dict, account: AccountProfile, pol: Any) -> dict:
    """The credit check's text with the joint decision the index lists for a limit other than recommended."""
    joint = joint_limit(account, pol)
    if not joint[0]:
        return check
    return {**check, "text": (f"{check['text'][0]} {joint[0]}", f"{check['text'][1]}{joint[1]}")}


#: The folder of the period holding the statements of account (对账单) of the planned accounts.
STATEMENTS = "statements"


def _statement_links(customer_id: str, period: str) -> dict[str, str]:
    """The statement of account of ``customer_id`` as the plan page links it (paths relative to the page)."""
    return {kind: f"{STATEMENTS}/{statement_file_name(customer_id, period, f'.{kind}')}" for kind in ("xlsx", "docx")}


def page(
    account: AccountProfile, period: str, policy: Any = None, plan: Kept | None = None, statement: bool = False
) -> str:
    """The account plan as a whole HTML page, titled with the customer's name."""
    sep = ": " if labels.language() == "en" else "："
    title = f"{labels.pick('Account plan', '客户计划')} {period}{sep}{account.name} ({account.customer_id})"
    lang = "en" if labels.language() == "en" else "zh-CN"  # both: the Chinese comes first
    body = render(account, period, policy, plan, statement)
    return _ENV.get_template("page.html.j2").render(title=title, lang=lang, body=body)


def file_name(customer_id: str) -> str:
    """The page of one customer's plan in the period folder."""
    return f"05_account_plan_{paths.safe_name(customer_id)}.html"


def _statements(job: dict, data: KamData, pol: Any) -> set[str]:
    """Write the statement of account (对账单, .xlsx and .docx) of each customer of ``job`` into the period's
    :data:`STATEMENTS` folder, for the account manager to confirm the balance with the customer; the
    customers whose statement was written (those of the book: an unknown id's plan fails on its own)."""
    known = set(data.customers["customer_id"].astype("str"))
    ids = [str(c) for c in job["customer_ids"] if str(c) in known]
    write_statements(data, ids, job["period"], Path(job["folder"]) / STATEMENTS, pol, pdf=False)
    return set(ids)


def write_pages(job: dict) -> list[dict]:
    """Render the plans of ``job["customer_ids"]`` into ``job["folder"]``: one outcome per account
    (``status``, ``html`` or ``error``, ``duration``); one failing plan never stops the others."""
    data = KamData(db=job["db"])
    try:
        as_of, pol = period_end(job["period"]), load_policy(job["policy"] or None)
        labels.use(job.get("language") or pol["report"]["language"], pol)  # the run's language, as on the pages
        try:
            shared = job.get("shared")  # the run's limits and headline numbers (:mod:`.shared`)
            book = book_tables(
                data,
                as_of,
                pol,
                limits=shared_tables.table(shared, "limits", lambda: None),
                headline=shared_tables.table(shared, "kpis", lambda: None),
            )
            stated, problem = _statements(job, data, pol), None
        except Exception as exc:  # noqa: BLE001 - every plan reports it
            book, stated, problem = None, set(), error_text(exc)
        kept = kept_plans(job, data)
        outcomes = []
        for cid in job["customer_ids"]:
            start = time.perf_counter()
            try:
                if book is None:
                    raise RuntimeError(problem)
                account = account_profile(data, cid, as_of, pol, book=book)
                name = file_name(cid)
                (Path(job["folder"]) / name).write_text(
                    page(account, job["period"], pol, kept.get(cid), cid in stated), encoding="utf-8"
                )
                outcome = {"status": "ok", "html": name, "credit_ask": credit_ask(account)}
            except Exception as exc:  # noqa: BLE001
                outcome = {"status": "failed", "error": error_text(exc)}
            outcomes.append({**outcome, "customer_id": cid, "duration": round(time.perf_counter() - start, 2)})
        return outcomes
    finally:
        data.close()

"""Account plan pages: one HTML page per key account, rendered from a jinja2 template.

An account plan only shows one account's profile (:func:`kamtools.account_plan.account_profile`),
so the report renders it without a notebook kernel: the book-level tables are computed
once per run (:func:`kamtools.account_plan.book_tables`) and every plan is a template filled
with the account's tables, two charts and the sentences that read them. The runner hands
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
import pandas as pd
from markupsafe import Markup

from .. import paths
from ..account_plan import AccountProfile, account_profile, book_tables
from ..output import labels, plots, tables
from ..output.plots.style import figure_png
from ..periods import period_end
from ..policy import load_policy
from ..store import KamData
from ..text import is_missing, num
from .execute import error_text

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("kamtools.report", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)


def _pct(value: float, sign: str = "") -> str:
    return f"{num(value):{sign}.1%}"


def _png(ax) -> dict:
    """The chart of ``ax`` as a notebook shows it inline (base64 PNG of the house style's
    resolution, its width on the page, its description as alt text), its figure closed."""
    data, meta = figure_png(ax.figure)
    plt.close(ax.figure)
    return {"data": data, "width": meta["width"], "alt": meta.get("alt", "")}


def _notes(a: AccountProfile) -> dict[str, str]:
    """The sentence under each section."""
    m, cr, ag, t = a.margin, a.credit, a.aging, a.time
    usage = "no approved limit" if pd.isna(cr["utilization"]) else f"{_pct(cr['utilization'])} of the approved limit"
    before = "not graded before" if is_missing(cr["previous_grade"]) else f"previously {cr['previous_grade']}"
    return {
        "trend": f"Revenue {num(m['revenue_12m']):,.0f} over the last 12 months against "
        f"{num(m['revenue_prev_12m']):,.0f} before ({_pct(m['growth'], '+')}).",
        "margin": f"Margin rate {_pct(m['margin_rate_12m'])} (previous 12 months {_pct(m['margin_rate_prev_12m'])}); "
        f"profit after cost to serve {num(m['profit']):,.0f}: {m['profit_class']}.",
        "credit": f"Grade {num(cr['grade'])} ({before}); exposure {num(cr['exposure']):,.0f} is "
        f"{usage}; recommended limit {num(cr['recommended_limit']):,.0f}.",
        "aging": f"Open {num(ag['total']):,.0f}, of which {num(ag['overdue']):,.0f} overdue; the oldest invoice is "
        f"{num(ag['max_days_past_due']):,.0f} days past due.",
        "time": f"{num(t['hours_12m']):,.1f} hours over the last 12 months against a target of "
        f"{num(t['target_hours']):,.1f} ({_pct(t['achieved'])} of it).",
        "plan": f"Plan owner: {num(a.profile['account_manager'])}; "
        f"{int((a.plan['section'] == 'actions').sum())} actions for the next 12 months.",
    }


def _tables(a: AccountProfile) -> dict[str, Markup]:
    shown = {
        "profile": tables.values(a.profile),
        "margin": tables.values(a.margin),
        "credit": tables.values(a.credit),
        "aging": tables.values(a.aging.rename("amount")),
        "open_items": tables.style(a.open_items.head(15)),
        "activities": tables.style(a.activities),
        "relationship": tables.values(pd.concat([a.relationship, a.lifecycle])),
        "strategies": tables.style(a.strategies),
        "plan": tables.style(a.plan.set_index(["section", "item"])),
    }
    return {name: Markup(styler.to_html()) for name, styler in shown.items()}


def render(account: AccountProfile, period: str, policy: Any = None) -> Markup:
    """The account plan of ``account`` as an HTML fragment (what a notebook displays); money in
    the charts in the currency and unit of ``policy``."""
    trend_title = f"{account.name}: revenue and margin, last 24 months"
    charts = {
        "trend": _png(plots.plot_monthly(account.trend, title=trend_title, policy=policy)),
        "limit": _png(
            plots.plot_limit_usage(account.credit, title=f"{account.name}: credit limit usage", policy=policy)
        ),
    }
    return Markup(
        _ENV.get_template("account_plan.html.j2").render(
            a=account, period=period, t=_tables(account), charts=charts, notes=_notes(account)
        )
    )


def page(account: AccountProfile, period: str, policy: Any = None) -> str:
    """The account plan as a whole HTML page, titled with the customer's name."""
    return _ENV.get_template("page.html.j2").render(
        title=f"Account plan {period}: {account.name} ({account.customer_id})", body=render(account, period, policy)
    )


def file_name(customer_id: str) -> str:
    """The page of one customer's plan in the period folder."""
    return f"05_account_plan_{paths.safe_name(customer_id)}.html"


def write_pages(job: dict) -> list[dict]:
    """Render the plans of ``job["customer_ids"]`` into ``job["folder"]``: one outcome per account
    (``status``, ``html`` or ``error``, ``duration``); one failing plan never stops the others."""
    data = KamData(db=job["db"])
    try:
        as_of, pol = period_end(job["period"]), load_policy(job["policy"] or None)
        labels.use(job.get("language") or pol["report"]["language"], pol)  # the run's language, as on the pages
        try:
            book, problem = book_tables(data, as_of, pol), None
        except Exception as exc:  # noqa: BLE001 - every plan reports it
            book, problem = None, error_text(exc)
        outcomes = []
        for cid in job["customer_ids"]:
            start = time.perf_counter()
            try:
                if book is None:
                    raise RuntimeError(problem)
                account = account_profile(data, cid, as_of, pol, book=book)
                name = file_name(cid)
                (Path(job["folder"]) / name).write_text(page(account, job["period"], pol), encoding="utf-8")
                outcome = {"status": "ok", "html": name}
            except Exception as exc:  # noqa: BLE001
                outcome = {"status": "failed", "error": error_text(exc)}
            outcomes.append({**outcome, "customer_id": cid, "duration": round(time.perf_counter() - start, 2)})
        return outcomes
    finally:
        data.close()

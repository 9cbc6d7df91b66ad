"""Text from the data in HTML and Markdown (issue 13, class 2): cells, labels, index and column
names, captions, account plans, the index page and explorer widgets show hostile names and ids
as typed, and nothing of them runs in a browser."""

from __future__ import annotations

import ast
import html
import io
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hostile_scan import MARK, live_markup
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape
from nbconvert.filters.markdown_mistune import markdown2html_mistune

import kamtools as kt
from kamtools import plots, tables
from kamtools.account_plan import account_profile, book_tables
from kamtools.explore import AccountCard, PortfolioExplorer
from kamtools.explore._view import _frame_html, _record_html
from kamtools.report import NotebookRun, ReportResult
from kamtools.report.index import write_index
from kamtools.report.plans import file_name, page
from kamtools.text import html_text, markdown_text

#: Names and ids an attacker or a careless export gives (each holds the marker).
HOSTILE = [
    "<script>kampwn()</script>",
    "<img src=x onerror=kampwn()>",
    '"><svg onload=kampwn()>',
    "' onmouseover='kampwn()' x='",
    "[x](javascript:kampwn())",
    "![x](javascript:kampwn())",
    '<a href="javascript:kampwn()">kampwn</a>',
    "<kampwn>",
    "**kampwn** _x_ `y` $kampwn$",
    "# kampwn\n- <b onclick=kampwn()>x</b>",
]
#: Pieces of generated hostile text.
PIECES = st.sampled_from(
    [
        MARK,
        "<",
        ">",
        '"',
        "'",
        "&",
        "<script>",
        "</script>",
        "<img src=x onerror=",
        "javascript:",
        "(",
        ")",
        "[",
        "]",
        "*",
        "_",
        "`",
        "$",
        "#",
        "\n",
        "=",
        " ",
        "华东",
        "&lt;",
        "&#60;",
        "<!--",
        "-->",
        "<style>",
        "\\",
    ]
)
HOSTILE_TEXT = st.lists(PIECES, min_size=1, max_size=12).map(lambda p: MARK + "".join(p))


def _visible(page_html: str, value: str) -> bool:
    """``value`` shows on the page: its escaped text is there."""
    return str(escape(value)) in page_html or html.escape(value, quote=False) in page_html


# ----------------------------------------------------------------------------- report tables
def _frame(values: list[str]) -> pd.DataFrame:
    a, b, c, d, e = (values * 5)[:5]
    frame = pd.DataFrame(
        {
            a: [1.0, 2.0],  # a column label that is data (an account plan's customer id)
            "name": [b, "ok"],
            "segment": pd.Categorical([c, "x"]),  # neither text nor number
            "flag": [True, False],
            "since": pd.to_datetime(["2026-01-02", None]),
        },
        index=pd.Index([d, "C2"], name=e),
    )
    frame.columns.name = a
    return frame


@pytest.mark.parametrize("value", HOSTILE)
def test_a_report_table_escapes_cells_labels_names_and_caption(value):
    frame = _frame([value])
    before = frame.copy()
    out = tables.style(frame, caption=value).to_html()
    assert live_markup(out) == []
    assert _visible(out, value)
    pd.testing.assert_frame_equal(frame, before)


@given(st.lists(HOSTILE_TEXT, min_size=5, max_size=5))
def test_report_tables_of_generated_hostile_text_run_nothing(values):
    frame = _frame(values)
    assert live_markup(tables.style(frame, caption=values[0]).to_html()) == []
    multi = frame.set_index("name", append=True)
    multi.columns = pd.MultiIndex.from_tuples([(v, "x") for v in multi.columns], names=[values[1], values[2]])
    assert live_markup(tables.style(multi).to_html()) == []


@pytest.mark.parametrize("value", HOSTILE)
def test_a_profile_named_by_a_customer_id_escapes_it(value):
    profile = pd.Series({"name": value, value: 12.5, "revenue_12m": 1000.0}, name=value)
    out = tables.values(profile, caption=value).to_html()
    assert live_markup(out) == [] and _visible(out, value)


# ----------------------------------------------------------------------------- Markdown
@pytest.mark.parametrize("value", HOSTILE)
def test_a_note_shows_markdown_and_html_as_typed(value):
    # rendered as the exported report renders a Markdown output (nbconvert's mistune, raw HTML allowed)
    page_html = markdown2html_mistune(tables.note(f"Customer {value} owes 1,000").data)
    assert live_markup(page_html) == []
    assert "<a " not in page_html and "<img" not in page_html and "<strong" not in page_html and "<h1" not in page_html
    text = html.unescape(page_html.replace("<p>", "").replace("</p>", "").strip())
    assert text == f"Customer {' '.join(value.split())} owes 1,000".replace("\n", " ")


@given(HOSTILE_TEXT)
def test_markdown_of_generated_hostile_text_is_text(value):
    page_html = markdown2html_mistune(f"- {markdown_text(value)}")
    assert live_markup(page_html) == []
    assert page_html.count("<li>") == 1 and "<a " not in page_html and "<img" not in page_html


def test_html_text_escapes_attributes_too():
    assert html_text("\"'<>&") == "&#34;&#39;&lt;&gt;&amp;"


# ----------------------------------------------------------------------------- a hostile book
@pytest.fixture(scope="module")
def hostile():
    """A small book whose first customers carry hostile ids, names, industries, regions and
    account managers (they become labels and index names in tables and charts)."""
    base = kt.sample_data(customers=40, years=2, seed=5)
    frames = base.frames()
    ids = list(frames["customers"]["customer_id"].iloc[:4])
    new = dict(zip(ids, ["<script>kampwn()</script>", "[x](javascript:kampwn())", "C/../kampwn", "c/../KAMPWN"]))
    for name, df in frames.items():
        df = df.copy()
        for col in ("customer_id", "parent_id"):
            if col in df.columns:
                df[col] = df[col].map(lambda v: new.get(v, v)).astype(df[col].dtype)
        frames[name] = df
    cust = frames["customers"]
    first = cust["customer_id"].isin(new.values())
    for col, value in {
        "name": "<img src=x onerror=kampwn()>",
        "industry": '"><svg onload=kampwn()>',
        "region": "<b onmouseover=kampwn()>East</b>",
        "account_manager": "<a href='javascript:kampwn()'>Wang</a>",
    }.items():
        cust.loc[first, col] = value
    data = kt.KamData(frames)
    return data, list(new.values()), kt.periods.period_end(kt.periods.data_period(data))


def test_account_plans_of_hostile_customers_run_nothing(hostile):
    data, ids, as_of = hostile
    shared = book_tables(data, as_of)  # the plans of a report share the book tables, worked out once
    for cid in ids:
        out = page(account_profile(data, cid, as_of, book=shared), f"{as_of:%Y-%m}")
        assert live_markup(out) == [], cid
        assert _visible(out, cid) and _visible(out, "<img src=x onerror=kampwn()>")
        assert _visible(out, "<a href='javascript:kampwn()'>Wang</a>")
        words = re.sub(r"base64,[^\"]*", "", html.unescape(out))
        assert not re.search(r"\bnan\b|-0\.0\b|-0 ?%", words, re.IGNORECASE), cid


def test_the_index_links_each_hostile_customer_to_its_own_plan(hostile, tmp_path):
    _, ids, _ = hostile
    runs = [
        NotebookRun(
            notebook="plan",
            output=None,
            parameters={},
            customer_id=cid,
            customer_name=f"<img src=x onerror=kampwn()>{i}",
            status="ok",
            html=file_name(cid),
        )
        for i, cid in enumerate(ids)
    ]
    write_index(tmp_path, ReportResult("2026-09", tmp_path, runs))
    out = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert live_markup(out) == []
    hrefs = [html.unescape(h.split('"')[0]) for h in out.split('<a href="')[1:]]
    assert [h for h in hrefs if h.startswith("05_account_plan_")] == [file_name(c) for c in ids]
    assert len(set(hrefs)) == len(hrefs)
    for i, cid in enumerate(ids):
        assert f"{escape(f'<img src=x onerror=kampwn()>{i}')} ({escape(cid)})" in out


def test_explorer_widgets_of_a_hostile_book_run_nothing(hostile):
    data, ids, _ = hostile
    card = AccountCard(data)
    for cid in ids:
        card.show(cid)
        views = [
            card.profile_view,
            card.credit_view,
            card.receivables_view,
            card.activities_view,
            card.strategy_view,
            card.message,
        ]
        for view in views:
            assert live_markup(view.value) == [], (cid, view.value[:200])
        assert _visible(card.profile_view.value, "<img src=x onerror=kampwn()>")
    explorer = PortfolioExplorer(data)
    for widget in (explorer.summary, explorer.table_view, explorer.status):
        assert live_markup(widget.value) == []
    assert _visible(explorer.table_view.value, "<img src=x onerror=kampwn()>")


@pytest.mark.parametrize("value", HOSTILE)
def test_explorer_tables_and_records_escape_labels(value):
    frame = _frame([value])
    assert live_markup(_frame_html(frame)) == [] and live_markup(_record_html({value: value})) == []


# ----------------------------------------------------------------------------- charts
MATH = ["$\\frac{$ kampwn", "A$1$B kampwn", "$x^2$ kampwn"]


def test_chart_labels_from_the_data_are_text_not_mathtext():
    top = pd.DataFrame({"name": MATH, "revenue_12m": [3.0, 2.0, 1.0], "cumulative_share": [0.5, 0.8, 1.0]})
    aging = pd.DataFrame({"current": [1.0, 2.0, 3.0], "d1_30": [1.0, 0.0, 2.0]}, index=MATH)
    grid = pd.DataFrame([[1, float("nan")], [0, 2]], index=MATH[:2], columns=MATH[1:])
    axes = [
        plots.plot_top_customers(top),
        plots.aging_stack(aging, title=MATH[0]),
        plots.migration_heatmap(grid, segment="region"),
        plots.plot_monthly(pd.DataFrame({"revenue": [1.0], "margin": [0.5]}, index=["2026-09"]), title=MATH[0]),
    ]
    for ax in axes:
        ax.figure.savefig(io.BytesIO(), format="png")  # a broken formula would fail here
        shown = [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels(), ax.title)]
        shown = [t.replace("\\$", "$") for t in shown if MARK in t]
        assert shown and set(shown) <= set(MATH), shown
        assert "nan" not in [t.get_text() for t in ax.texts]
        plt.close(ax.figure)


def test_every_template_environment_escapes():
    """Each jinja2 Environment of the package is made with ``autoescape=True``: names in a
    template are text unless a table helper already escaped them (Markup)."""
    found = []
    for path in sorted((kt.paths.ROOT / "kamtools").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "Environment":
                escape_on = [k for k in node.keywords if k.arg == "autoescape"]
                found.append((path.name, bool(escape_on) and getattr(escape_on[0].value, "value", None) is True))
    assert found and all(ok for _, ok in found), found

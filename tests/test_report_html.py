"""The monthly report as a manager reads it: HTML pages, Excel worklists and credit forms.

One report run serves every test: the whole report of hostile text of the session
(tests/report_runs.py :func:`hostile_report`, also read by tests/test_hostile_report.py,
tests/test_report.py and tests/test_segmentation_report.py): every notebook on a small generated
book whose free text is hostile, imported and reported through ``kam import`` and ``kam report``.
Four customers carry names with HTML or spreadsheet-formula characters; two of them get an account
plan, and so do three customers whose ids are HTML or a formula.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import urllib.parse
import warnings
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
import report_runs
from headline_check import assert_pages_agree
from markupsafe import escape
from openpyxl import load_workbook

import kamtools as kt
from kamtools import credit, forms
from kamtools.policy import load_policy
from kamtools.report.decision import on_page
from kamtools.report.summary import decisions

#: Every test here starts notebook kernels (left out by `make test-fast`).
pytestmark = pytest.mark.kernels


PERIOD = "2026-10"
#: How nbconvert marks an error or a stderr output (warnings) in the HTML.
STDERR = 'data-mime-type="application/vnd.jupyter.stderr"'
NASTY = report_runs.NASTY
CJK_TITLE = "华东精密机械有限公司"


@pytest.fixture(scope="session")
def nasty_book():
    """The store of the shared report, in which four customers with overdue receivables and a limit
    change (so they appear in the worklist and get credit forms) carry the names of :data:`NASTY`;
    the store and ``{customer id: name}`` of the four."""
    run = report_runs.hostile_report()
    return run.store, run.nasty


@pytest.fixture(scope="session")
def report():
    """The shared report (every notebook, October 2026) with plans for the <script> and the =HYPERLINK
    customers and three others: the result, ``{customer id: name}`` of the customers named by
    :data:`NASTY`, and ``{customer id: name}`` of the customers planned."""
    run = report_runs.hostile_report()
    return run.result, run.nasty, run.plans


def _shown_as_text(text: str, page: str) -> bool:
    """Whether ``text`` is in ``page`` escaped as HTML text (quotes escaped or not, as
    nbconvert, pandas and jinja2 each do), so that it shows literally and runs as nothing."""
    return any(form in page for form in (html.escape(text), html.escape(text, quote=False), str(escape(text))))


def _plan_html(result, customer_id: str) -> Path:
    r = next(r for r in result.runs if r.customer_id == customer_id)
    return result.folder / r.html


def test_every_notebook_runs_ok_with_one_plan_per_account(report):
    result, names, plans = report
    assert result.ok, result.summary()
    assert sorted(r.customer_id for r in result.runs if r.customer_id) == sorted(plans)
    figures = {
        r.html: len(
            re.findall(r'<img\b[^>]*src="data:image/png;base64,', (result.folder / r.html).read_text(encoding="utf-8"))
        )
        for r in result.runs
    }
    assert figures["01_portfolio.html"] >= 3, figures
    for cid in plans:
        assert figures[_plan_html(result, cid).name] >= 1, figures  # the revenue and margin of 24 months


def test_index_links_plans_worklists_and_credit_forms(report):
    result, names, plans = report
    folder = result.folder
    page = (folder / "index.html").read_text(encoding="utf-8")
    appendix = (folder / "appendix.html").read_text(encoding="utf-8")  # the forms and the run status
    hrefs = {urllib.parse.unquote(html.unescape(h)) for h in re.findall(r'href="([^"]*)"', page + appendix)}
    for r in result.runs:
        assert r.html in hrefs and (r.output is None or r.output in hrefs)  # plans are pages only
    worklists = sorted(p.name for p in folder.glob("*.xlsx"))
    forms = sorted(f"credit_forms/{p.name}" for p in (folder / "credit_forms").glob("*.xlsx"))
    # the worklists, the hold list and the whole lists behind the pages' top rows
    assert set(worklists) >= {f"credit_holds_{PERIOD}.xlsx", f"worklists_{PERIOD}.xlsx", f"re_review_{PERIOD}.xlsx"}
    assert len(forms) >= len(NASTY)
    assert set(worklists) | set(forms) <= hrefs
    for href in hrefs:
        target, _, section = href.partition("#")
        assert (folder / target).exists(), f"index.html links a missing file: {href}"
        if section:  # a decision links the section of the page that shows it
            assert f'id="{section}"' in (folder / target).read_text(encoding="utf-8"), href
    assert any("#" in h for h in hrefs), "this month's decisions link no page section"
    # each plan is listed under its customer's name, escaped
    for cid, name in plans.items():
        assert _shown_as_text(f"{name} ({cid})", page)
    assert "<script>alert(1)</script>" not in page
    assert "Every page was written." in appendix and "Every page was written." not in page


def test_names_appear_literally_and_harmlessly_in_notebook_html(report):
    result, names, plans = report
    assert set(names) & set(plans) == {n for n, name in names.items() if name in NASTY[:2]}
    for cid, name in plans.items():
        page = _plan_html(result, cid).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in page
        assert name in html.unescape(page), f"{name!r} is not shown in the plan of {cid}"
        assert _shown_as_text(name, page)
    portfolio = (result.folder / "01_portfolio.html").read_text(encoding="utf-8")
    receivables = (result.folder / "04_receivables.html").read_text(encoding="utf-8")
    for page in (portfolio, receivables):
        assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in receivables  # it is in the worklist table


def test_names_are_text_not_formulas_in_excel(report):
    result, names, _ = report
    folder = result.folder
    wb = load_workbook(folder / f"worklists_{PERIOD}.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "the worklist holds formulas"
    texts = {str(c.value) for c in cells if c.data_type == "s"}
    for name in NASTY:
        assert name in texts, f"{name!r} missing from the worklist, or not as typed"
    marked = {str(c.value) for c in cells if c.data_type == "s" and c.quotePrefix}
    assert {n for n in NASTY if n[0] in "=+-@"} <= marked, "formula-like names must carry the quote-prefix mark"
    for cid, name in names.items():
        form = load_workbook(folder / "credit_forms" / forms.form_file_name(cid, PERIOD))
        cells = [c for ws in form.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f"], f"credit form of {cid} holds formulas"
        assert name in {str(c.value).removeprefix("'") for c in cells if c.data_type == "s"}


def test_no_error_or_warning_output_in_the_pages(report):
    result, _, _ = report
    for r in result.runs:
        page = (result.folder / r.html).read_text(encoding="utf-8")
        assert STDERR not in page, f"{r.html} shows an error or a warning"
        assert "missing from font" not in page.lower(), f"{r.html} shows a missing-glyph warning"


def test_the_pages_print_the_same_headline_numbers(report, nasty_book):
    result, _, _ = report
    store, _ = nasty_book
    pages = [result.folder / r.html for r in result.runs if not r.customer_id]
    marks = assert_pages_agree(pages, store, PERIOD)
    assert len(set(marks["page"])) == 5


# ------------------------------------------------------------------ headless Chromium
def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("Chromium is not installed: run `sudo make browser` to run the screenshot test")
    return exe


def _browse(exe: str, page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("which", ["index", "portfolio", "plan"])
def test_headless_chromium_shows_the_figures(report, which, tmp_path):
    import numpy as np
    from PIL import Image

    exe = _chromium()
    result, _, plans = report
    page = {
        "index": result.folder / "index.html",
        "portfolio": result.folder / "01_portfolio.html",
        "plan": _plan_html(result, next(iter(plans))) if which == "plan" else None,
    }[which]
    dom = _browse(exe, page, tmp_path, "--dump-dom").stdout
    assert "</html>" in dom.lower(), "Chromium rendered nothing"
    assert STDERR not in dom and "Traceback" not in dom
    imgs = re.findall(r"<img\b[^>]*>", dom)
    shot = tmp_path / "page.png"
    _browse(exe, page, tmp_path, "--window-size=1200,2400", f"--screenshot={shot}")
    assert shot.is_file(), "Chromium wrote no screenshot"
    px = np.asarray(Image.open(shot).convert("RGB"), dtype="int64").reshape(-1, 3)
    inked = int((px.min(axis=1) < 200).sum())
    assert inked > 0.002 * len(px), "the screenshot is blank"
    if which == "index":
        assert "This month's decisions" in dom and "FAILED" not in dom
        return
    least = 1 if which == "plan" else 2  # a plan draws the revenue and margin of 24 months
    assert len(imgs) >= least and all('src="data:image/png;base64,' in i for i in imgs), "figures are not embedded"
    # the bars of the charts (#2e75b6 or #1f4e79) show in the screenshot: the figures rendered
    blue = int(sum((np.abs(px - np.array(c)).max(axis=1) < 20).sum() for c in ((46, 117, 182), (31, 78, 121))))
    assert blue > 2000, "no chart visible in the screenshot"


# ------------------------------------------------------------------ CJK font
def test_chinese_title_uses_a_font_with_the_glyphs():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from kamtools.output.plots._base import use_cjk_font

    font = use_cjk_font()
    if not font:
        pytest.skip("no CJK font is installed: `sudo make fonts` installs fonts-noto-cjk")
    fig, ax = plt.subplots()
    try:
        title = ax.set_title(CJK_TITLE)
        prop = title.get_fontproperties()
        files = [
            font_manager.findfont(font_manager.FontProperties(family=fam), fallback_to_default=False)
            for fam in prop.get_family()
        ]
        charmaps = [set(FT2Font(f).get_charmap()) for f in files]
        for ch in CJK_TITLE:
            assert any(ord(ch) in cm for cm in charmaps), f"no font of {prop.get_family()} has {ch!r}"
        cjk_file = font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
        assert cjk_file in files
        assert {ord(ch) for ch in CJK_TITLE} <= set(FT2Font(cjk_file).get_charmap())
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(BytesIO(), format="png")
        missing = [str(w.message) for w in caught if "missing from" in str(w.message).lower()]
        assert not missing, missing
    finally:
        plt.close(fig)


def test_every_page_has_its_title_and_finds_the_index_and_its_neighbours(report):
    result, names, plans = report
    written = [r for r in result.runs if r.customer_id is None]
    titles = set()
    for i, r in enumerate(written):
        page = (result.folder / r.html).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert title.endswith(PERIOD) and "Notebook" not in title and title not in titles
        titles.add(title)
        nav = re.search(r'<nav class="kam-nav">(.*?)</nav>', page).group(1)
        links = re.findall(r'href="([^"]*)"', nav)
        expected = ["index.html"] + [written[j].html for j in (i - 1, i + 1) if 0 <= j < len(written)]
        if i == len(written) - 1 and plans:  # the last page leads on to the first account plan
            expected.append(next(p.html for p in result.runs if p.customer_id is not None and p.status == "ok"))
        assert [urllib.parse.unquote(h) for h in links] == expected
    for cid, name in plans.items():  # a plan is titled with its customer, escaped
        title = re.search(r"<title>(.*?)</title>", _plan_html(result, cid).read_text(encoding="utf-8")).group(1)
        assert title.startswith(f"客户计划 Account plan {PERIOD}：") and _shown_as_text(name, title)


def test_this_months_decisions_agree_with_the_credit_and_receivables_pages(report, nasty_book):
    result, names, plans = report
    store, _ = nasty_book
    data = kt.load(store)
    as_of = "2026-10-31"
    lim = credit.limits(data, as_of)
    held = credit.holds(data, as_of, lim=lim)
    silent = kt.receivables.silent_debtors(data, as_of)
    index = html.unescape((result.folder / "index.html").read_text(encoding="utf-8"))
    items = re.findall(r"<li>(.*?)</li>", index.split("本月待决事项", 1)[1].split("</ol>", 1)[0], re.S)
    assert 0 < len(items) <= 10
    if len(held):
        assert f"{len(held):,} customers are on credit hold" in index
    if len(silent):
        assert f"{len(silent):,} silent debtors owe" in index
    over = credit.over_limit(lim).sort_values("overlimit_uncovered", ascending=False)
    top = over.index[0]
    # the largest uncovered over-limit names its customer (a case for collections past the legal days)
    assert f"({top}) is " in index or f"({top}) has an invoice " in index or f"({top})停止供货" in index


def test_the_tiles_state_the_numbers_every_page_states(report, nasty_book):
    result, _, _ = report
    store, _ = nasty_book
    head = kt.kpis(kt.load(store), "2026-10-31")
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    tiles = re.findall(
        r'<div class="tile (\w*)"><div class="name">(.*?)</div><div class="value">(.*?)(?:<span class="unit">[^<]*</span>)?</div>',
        index,
    )
    keys = list(kt.policy.load_policy()["report"]["status"])
    # the report's language is the policy's (both: the Chinese name, then the English)
    assert [name for _, name, _ in tiles] == [
        html.escape(kt.output.labels.pick(head.loc[k, "label"], head.loc[k, "label_zh"], "both")) for k in keys
    ]
    assert [value for _, _, value in tiles] == [
        html.escape(kt.headlines.value_text(head.loc[k, "unit"], head.loc[k, "value"])) for k in keys
    ]
    assert {status for status, _, _ in tiles} <= {"green", "amber", "red"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_credit_and_receivables_pages_open_with_their_decisions_linked_to_their_sections(language):
    """The credit and receivables pages of the sample's report begin with what they ask of their
    readers: the index's decisions that point at the page, with the index's numbers, under who
    decides, each by when, and a link to a section of the page that exists (Chinese headings too)."""
    result = report_runs.sample_report(language)
    data = kt.KamData(db=os.environ["KAM_DB"])
    found = decisions(data, pd.Timestamp("2026-10-31"), load_policy())
    for page in ("03_credit_review", "04_receivables"):
        text = (result.folder / f"{page}.html").read_text(encoding="utf-8")
        box = re.search(r'<div class="page-decisions">(.*?)</div>', text, re.S)
        assert box and text.index('class="page-decisions"') < text.index("<h2"), page
        links = re.findall(r'href="#([^"]+)"', box.group(1))
        assert links and len(links) == box.group(1).count("<li "), page
        for anchor in links:
            assert f'id="{anchor}"' in text, (page, urllib.parse.unquote(anchor))
        # every decision of the index that points at the page, with its number there, in the index's order
        mine = [(n, html.escape(d.says(language), quote=False)) for n, d in on_page(found, page)]
        assert [(int(n), t) for n, t in re.findall(r'<li value="(\d+)">(.*?) <span', box.group(1))] == mine, page


def test_the_index_lists_the_plan_asking_more_credit_than_the_credit_page_last():
    """C000282's plan, held for arrears, asks for more once its hold is released (tests/test_plan_credit_route.py):
    the index lists it after the month's other decisions, in a list of their own linked to the plans, numbered on
    from them, on the line of the rest; C000017's plan asks collateral above its solvency-capped recommendation,
    an action of its own plan and no joint limit decision, so the list does not name it."""
    result = report_runs.sample_report("en")
    text = (result.folder / "index.html").read_text(encoding="utf-8")
    data = kt.KamData(db=os.environ["KAM_DB"])
    others = len(decisions(data, pd.Timestamp("2026-10-31"), load_policy()))
    title = "Account plans that ask for more credit than the credit page recommends"
    assert text.count(title) == 1 and text.index(title) > text.index("Finance must decide")
    block = text[text.index(title) :].split("</ol>")[0]
    assert f'<ol class="decisions" start="{others + 1}">' in block
    (rest,) = re.findall(r"<li>(.*?)</li>", block, re.S)
    assert "C000017" not in block
    assert rest.startswith("1 account plan asks for ") and "once their credit hold is released" in rest
    assert "Westbrook Materials Inc. (C000282)" in rest

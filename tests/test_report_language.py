"""The report a manager reads, in Chinese and in English: the whole report of the committed
sample written with ``language="zh"`` and ``language="en"`` (with the plans of C000017 and C000282), every page scanned as a reader sees
it (no code of the schema, the strategies or the credit rules, no ``nan``, no ``-0.0``, every
``<title>`` set, headings and table headers in the page's language) and photographed in
headless Chromium."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from PIL import Image
from report_runs import sample_report

import kamtools as kt
from kamtools.output import labels
from kamtools.output.formats import REGISTRY, decimals_of
from kamtools.report import pdf

pytestmark = pytest.mark.kernels

PERIOD = "2026-10"
LANGUAGES = ("zh", "en")
#: Words made of letters and underscores: how a code of the schema reads (``overlimit_uncovered``).
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
CJK = re.compile(r"[\u3400-\u9fff]")
#: A customer named in a heading (a plan's title): the name is data, in the customer's language.
CUSTOMER = re.compile(r"\(C\d{6}\)")
#: Link texts that are file names (a workbook, the notebook, the manifest) are not prose.
FILE = re.compile(r"\S+\.(xlsx|ipynb|json|pdf|html|ics|docx)\b")
#: Header and heading texts that need no translation: names and abbreviations of the method, grades.
SAME_IN_BOTH = re.compile(
    r"^(?:[A-Z]{1,4}[+-]?|AAA|AA|BBB|BB|NR|DSO|CEI|CLV|RFM|ABC|MAN|PSI|AUC|Gini|[A-Z]\d{6}|[\d\s.,%:/–-]*)$"
)


@pytest.fixture(scope="module")
def reports():
    """The whole report in each language, run once per session (tests/report_runs.py; the
    English one is also read by tests/test_report_kpis.py)."""
    out = {lang: sample_report(lang) for lang in LANGUAGES}
    for result in out.values():
        assert result.ok, result.summary()
    return out


def _pages(result) -> list[Path]:
    return [result.folder / "index.html", *(result.folder / r.html for r in result.runs)]


def _visible(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "title"]):
        tag.decompose()
    for link in soup.find_all("a"):
        if FILE.fullmatch(link.get_text(strip=True)):
            link.decompose()
    return soup


def _codes(lang: str) -> dict[str, str]:
    """Every value code whose label in ``lang`` differs from it, with its domain (a Chinese reason the
    report knows reads as it is on a Chinese page)."""
    return {
        code: domain
        for domain, codes in labels.CODES.items()
        for code, (en, zh) in codes.items()
        # classes A, B, C read as they are (as grades do), and so do MAN codes (M+a+N: as the material writes them,
        # capital = present); an empty cell is no code (a list's "nothing to say")
        if (en if lang == "en" else zh) != code and code != "" and domain not in ("bool", "abc", "man")
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_code_nan_or_minus_zero_reaches_a_reader(reports, lang):
    codes = _codes(lang)
    found = []
    for page in _pages(reports[lang]):
        soup = _visible(page)
        text = FILE.sub(" ", soup.get_text(" "))  # a file's name is not a code
        found += [f"{page.name}: {w}" for w in sorted(set(SNAKE.findall(text)))]
        found += [f"{page.name}: nan" for _ in re.findall(r"\bnan\b|\bNaN\b", text)][:1]
        found += [f"{page.name}: -0.0" for _ in re.findall(r"(?<![\d.])-0\.0+(?!\d*[1-9])", text)][:1]
        cells = {c.get_text(" ", strip=True) for c in soup.find_all(["td", "th"])}
        found += [f"{page.name}: cell {c!r} ({codes[c]})" for c in sorted(cells & set(codes))]
    assert found == [], f"{len(found)} codes shown to a reader ({lang}): {found[:40]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_title_and_speaks_the_language(reports, lang):
    wrong = []
    for page in _pages(reports[lang]):
        html = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        if title is None or not title.group(1).strip() or title.group(1).strip() == "Notebook":
            wrong.append(f"{page.name}: no title")
        soup = _visible(page)
        for tag in soup.find_all(["h1", "h2", "h3", "th"]):
            text = tag.get_text(" ", strip=True).replace("¶", "").strip()
            if not text or SAME_IN_BOTH.match(text) or tag.find_parent("tbody") is not None:
                continue  # row labels are data (names, ids)
            if lang == "zh" and not CJK.search(text):
                wrong.append(f"{page.name}: <{tag.name}> {text!r} has no Chinese")
            if lang == "en" and CJK.search(text) and tag.name != "th" and not CUSTOMER.search(text):
                wrong.append(f"{page.name}: <{tag.name}> {text!r} is not English")
    assert wrong == [], f"{len(wrong)} texts not in {lang}: {wrong[:40]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headless_chromium_shows_every_page(reports, lang, tmp_path):
    exe = pdf.find_chromium()
    if exe is None:
        message = "Chromium is not installed: `sudo make browser` installs it"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI runs `make browser` before the tests)")
        pytest.skip(message)
    for page in _pages(reports[lang]):
        shot = tmp_path / f"{page.stem}.png"
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'chromium'}",
                "--window-size=1300,1800",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            check=False,
            capture_output=True,
            timeout=120,
        )
        assert shot.is_file(), f"Chromium wrote no screenshot of {page.name}"
        pixels = np.asarray(Image.open(shot).convert("L"))
        inked = int((pixels < 200).sum())
        assert inked > 0.005 * pixels.size, f"the screenshot of {page.name} is blank"


def test_a_customer_id_in_a_table_links_to_its_account_plan(reports):
    result = reports["zh"]
    plan = next(r.html for r in result.runs if r.customer_id == "C000282")
    linked = [
        page.name
        for page in _pages(result)[1:]
        if re.search(rf'<t[hd][^>]*><a href="{re.escape(plan)}">C000282</a></t[hd]>', page.read_text(encoding="utf-8"))
    ]
    # the largest key account is in the portfolio's top customers and on the credit page's lists
    assert "01_portfolio.html" in linked and "03_credit_review.html" in linked, linked


#: Latin words a Chinese sentence may carry: grades, abbreviations of the method, ids, a currency.
LATIN_IN_CHINESE = re.compile(
    r"^(?:[A-Z]{1,4}[+-]?|AAA|AA|BBB|BB|NR|DSO|CEI|CLV|RFM|ABC|MAN|PSI|AUC|Gini|WoE|Excel|Word|Outlook|ics|PDF|CNY|C\d{6})$"
)


def _names_in_the_data() -> list[str]:
    """What the book names as it is in any language: customers, account managers and contacts, longest first."""
    data = kt.KamData(db=os.environ["KAM_DB"])
    try:
        cust = data.customers
        found = [*cust["name"], *cust["account_manager"].dropna()]
        found += [*data.table("contacts")["name"].dropna()] if data.has("contacts") else []
    finally:
        data.close()
    return sorted({str(n) for n in found if str(n).strip()}, key=len, reverse=True)


def _prose(page: Path) -> list[str]:
    """The running text of a page (paragraphs, list items, headings, captions), not its tables or links to files."""
    soup = _visible(page)
    for table in soup.find_all("table"):
        table.decompose()
    return [tag.get_text(" ", strip=True) for tag in soup.find_all(["p", "li", "h1", "h2", "h3", "h4", "caption"])]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_prose_of_a_page_has_no_word_of_the_other_language(reports, lang):
    """English running text carries no Chinese (no gloss such as "(信用等级评分)" or "Total asset turnover 总资产
    周转率") and Chinese running text no English word; the names the data holds (customers, account managers,
    contacts) read as they are in either."""
    names = _names_in_the_data()
    found = []
    for page in _pages(reports[lang]):
        for text in _prose(page):
            for name in names:  # taken out without a gap: a file's name that holds one stays one word
                text = text.replace(name, "") if name in text else text
            text = FILE.sub(" ", text)
            if lang == "en":
                found += [f"{page.name}: {w}" for w in re.findall(r"[\u3400-\u9fff]+", text)]
            else:
                words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
                found += [f"{page.name}: {w}" for w in words if not LATIN_IN_CHINESE.match(w)]
    assert sorted(set(found)) == [], f"words of the other language in {lang} prose: {sorted(set(found))[:40]}"


def _lower_labels() -> set[str]:
    """Every English value label of a code that starts with a lower-case letter (MAN codes read as the material
    writes them: capital = present)."""
    return {
        en
        for domain, codes in labels.CODES.items()
        if domain != "man"
        for code, (en, zh) in codes.items()
        if en[:1].islower() and en != zh
    }


def test_english_value_labels_in_the_tables_start_with_a_capital(reports):
    """A table cell is no part of a sentence: "Key account", "Collect first", not "key account"."""
    lower = _lower_labels()
    assert {"key account", "collect first", "breakthrough"} <= lower
    found = []
    for page in _pages(reports["en"]):
        for cell in _visible(page).find_all(["td", "th"]):
            text = " ".join(cell.get_text(" ", strip=True).split())
            if text in lower or text.split(":")[0] in lower:
                found.append(f"{page.name}: {text[:60]!r}")
    assert sorted(set(found)) == [], (
        f"{len(set(found))} value labels in lower case in tables: {sorted(set(found))[:30]}"
    )


def _kinds_by_label(lang: str) -> dict[str, str]:
    """The kind of every registered column by its label in ``lang`` (a money column's with and without its unit)."""
    out: dict[str, str] = {}
    for name, fmt in REGISTRY.items():
        kind = fmt.kind if fmt.kind != "days" or decimals_of(name, "days") == 0 else "days with decimals"
        out.setdefault(labels.column(name, lang), "bare money" if kind == "money" else kind)
        if kind == "money":
            out[labels.money_column(name, lang)] = "money"
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_workbooks_head_money_with_its_unit_and_show_it_whole(reports, lang):
    """Every workbook of the period: a money column headed with its unit (元, CNY) and shown whole with thousands
    separators, a share as a percentage, days as whole days."""
    kinds, expected = _kinds_by_label(lang), {"money": "#,##0", "share": "0.0%", "days": "0"}
    books = sorted(reports[lang].folder.glob("*.xlsx"))
    assert len(books) >= 10
    wrong, seen = [], {"money": 0, "share": 0, "days": 0}
    for path in books:
        for ws in load_workbook(path, read_only=True).worksheets:
            rows = ws.iter_rows(min_row=1, max_row=30)
            header = [c.value for c in next(rows, [])]
            body = list(rows)
            for j, head in enumerate(header):
                kind = kinds.get(str(head))
                if kind == "bare money":
                    wrong.append(f"{path.name}/{ws.title}: {head!r} has no unit")
                if kind not in expected:
                    continue
                formats = {r[j].number_format for r in body if j < len(r) and isinstance(r[j].value, int | float)}
                seen[kind] += bool(formats)
                wrong += [f"{path.name}/{ws.title}: {head!r} as {f!r}" for f in formats - {expected[kind]}]
    assert wrong == [], f"{len(wrong)} workbook columns without their unit or format ({lang}): {wrong[:30]}"
    assert all(seen.values()), seen  # the check saw money, shares and days

"""`kam report --pdf` and the print stylesheet: every page printed to an A4 landscape PDF by
headless Chromium (a table's header repeated on each printed page), the whole period in one PDF
with the index first, a clear notice and an unchanged exit code without Chromium, and no PDF
half-written into a complete period.

The test with Chromium runs a tiny report: one page notebook with a long table (one kernel) and
one account plan (rendered without a kernel).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import stat
import sys
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader, PdfWriter

import kamtools as kt
from kamtools import cli, paths
from kamtools.report import pdf, run, runner
from kamtools.report.style import print_css

PERIOD = "2026-09"
PLAN = paths.REPORT_NOTEBOOKS_DIR / "05_account_plan.ipynb"
#: A4 landscape in PDF points (297 x 210 mm; Chromium rounds a page to its device pixels).
A4_LANDSCAPE = (841.89, 595.28)
#: Rows of the long table: more than one printed page holds at the print stylesheet's type size.
ROWS = 160
#: Its columns: wider together than a printed page at the type size of the screen.
COLUMNS = ["amount_due", "days_late"] + [f"balance_bucket_{i:02d}" for i in range(10)]
#: A table of more columns than a sheet holds even in small type, with values that do not wrap.
WIDE = [f"exposure_by_month_{i:02d}" for i in range(24)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return kt.sample_data(customers=40, years=2, seed=5).save(tmp_path_factory.mktemp("db") / "kam.duckdb")


@pytest.fixture(scope="module")
def long_table(tmp_path_factory):
    """A page notebook: a title, two sections, and in the second a table of ROWS rows and COLUMNS."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('period: str = ""\ndb: str = ""\npolicy: str = ""')
    params.metadata["tags"] = ["parameters"]
    table = (
        "import pandas as pd\n"
        "pd.set_option('display.max_rows', 1000)\n"
        f"frame = pd.DataFrame({{c: range(1000, 1000 + {ROWS}) for c in {COLUMNS!r}}})\n"
        f"frame.index = [f'R{{i:04d}}' for i in range({ROWS})]\n"
        "display(frame.rename_axis('customer'))\n"
        f"pd.DataFrame({{c: ['987,654,321'] * 3 for c in {WIDE!r}}})"
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Overdue ledger\n\nOne row per customer."),
        params,
        nbformat.v4.new_markdown_cell("## First section\n\nIntroduction."),
        nbformat.v4.new_markdown_cell("## The long table\n\nEvery customer."),
        nbformat.v4.new_code_cell(table),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path_factory.mktemp("books") / "10_ledger.ipynb"
    nbformat.write(nb, str(path))
    return path


def _chromium() -> str:
    exe = pdf.find_chromium()
    if exe is None:
        message = "Chromium is not installed: `sudo make browser` installs it"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI runs `make browser` before the tests)")
        pytest.skip(message)
    return exe


def _squeeze(text: str) -> str:
    """Text without white space (a PDF's text breaks lines where the page wrapped them) and
    without CJK characters: a PDF's text may give one as a radical or variant of the font's
    glyph (户 as ⼾ or 戶), so the Latin text and numbers are compared."""
    return re.sub(r"[^\x00-\x7f]", "", re.sub(r"\s+", "", text))


def _heading(page: str) -> str:
    """The page's title as its h1 shows it (without the heading's link, which is not printed)."""
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor-link".*?</a>', "", h1)))


def _headers(page: str) -> list[str]:
    """The column headers of every table of the page (the cells of its first row)."""
    rows = [re.search(r"<tr[^>]*>(.*?)</tr>", t, re.S).group(1) for t in re.findall(r"<table.*?</table>", page, re.S)]
    cells = [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for r in rows
        for c in re.findall(r"<th[^>]*>(.*?)</th>", r, re.S)
    ]
    return [c for c in cells if c]


def _sizes(reader: PdfReader) -> set[tuple[int, int]]:
    """The sizes of the pages in whole millimetres."""
    return {
        (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4)) for p in reader.pages
    }


def _texts(reader: PdfReader) -> list[str]:
    """The text of each page, without white space."""
    return [_squeeze(p.extract_text()) for p in reader.pages]


@pytest.mark.kernels
def test_every_page_and_the_whole_period_print_to_a4_landscape_pdf(store, long_table, tmp_path):
    _chromium()
    result = run(
        period=PERIOD,
        db=store,
        out=tmp_path,
        notebooks=[long_table, PLAN],
        accounts=["C000001"],
        progress=False,
        pdf=True,
        jobs=2,
    )
    assert result.ok and result.notices == [], result.summary()
    folder = result.folder
    pages = [r.html for r in result.runs]
    assert pages == ["10_ledger.html", "05_account_plan_C000001_602dcf01.html"]
    assert [r.pdf for r in result.runs] == ["pdf/10_ledger.pdf", "pdf/05_account_plan_C000001_602dcf01.pdf"]
    assert result.pdf == f"pdf/kam_report_{PERIOD}.pdf"
    assert sorted(p.name for p in (folder / "pdf").iterdir()) == sorted(
        ["10_ledger.pdf", "05_account_plan_C000001_602dcf01.pdf", "index.pdf", f"kam_report_{PERIOD}.pdf"]
    ), "no part file is left"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pdf"] == result.pdf and [n["pdf"] for n in manifest["notebooks"]] == [r.pdf for r in result.runs]

    counts = {}
    for name in ["index.html", *pages]:
        page = (folder / name).read_text(encoding="utf-8")
        reader = PdfReader(folder / "pdf" / name.replace(".html", ".pdf"))
        counts[name] = len(reader.pages)
        assert _sizes(reader) == {(297, 210)}, f"{name}: {_sizes(reader)} mm"
        text = "".join(_texts(reader))
        assert _squeeze(_heading(page)) in text, f"{name}: the title is not in its PDF"
        assert "¶" not in text, f"{name}: the headings' links are printed"
        headers = _headers(page)
        # the index is tiles, decisions and links (its run-status table is in the appendix); the pages have tables
        assert headers or name == "index.html", f"{name} has no table"
        cut = [h for h in headers if _squeeze(h) not in text]
        assert cut == [], f"{name}: columns cut off in its PDF: {cut}"

    # the long table fills more than one printed page, and its header row is on each of them
    ledger = _texts(PdfReader(folder / "pdf" / "10_ledger.pdf"))
    rows_on = [i for i, text in enumerate(ledger) if re.search(r"R0\d{3}", text)]
    assert len(rows_on) >= 2 and rows_on == list(range(rows_on[0], rows_on[-1] + 1))
    assert "R0000" in ledger[rows_on[0]] and f"R{ROWS - 1:04d}" in ledger[rows_on[-1]]
    assert [(i, c) for i in rows_on for c in COLUMNS if c not in ledger[i]] == []
    # sections run on (no sheet per section): the second section's heading follows the first on its sheet, and
    # stays with its table (never the last line of a sheet)
    head = next(i for i, text in enumerate(ledger) if "Thelongtable" in text)
    assert "Firstsection" in ledger[0] and head == 0 and "R0000" in ledger[head]

    # the whole period: the index first, then the pages in report order, each a bookmark
    whole = PdfReader(folder / result.pdf)
    assert len(whole.pages) == counts["index.html"] + counts[pages[0]] + counts[pages[1]]
    titles = [_title(folder / p) for p in ("index.html", *pages)]
    assert [o.title for o in whole.outline] == titles
    # the index, a notebook the report does not know (named after its file), the plan of its customer
    assert titles[0] == f"重点客户月报 Key account report {PERIOD}" and titles[1] == f"Ledger {PERIOD}"
    assert titles[2].startswith(f"客户计划 Account plan {PERIOD}：") and titles[2].endswith("(C000001)")
    assert _squeeze(whole.pages[0].extract_text()).startswith(_squeeze(f"重点客户月报 Key account report {PERIOD}"))
    assert _sizes(whole) == {(297, 210)}


def _title(page: Path) -> str:
    """A page's ``<title>``, as its PDF bookmark shows it."""
    return html.unescape(re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1))


@pytest.fixture(scope="module")
def plan_report(store, tmp_path_factory):
    """A report of one account plan (no page notebook, no PDF): the folder it was written under and
    the result. Tests that need a complete period to start from copy the folder."""
    out = tmp_path_factory.mktemp("plan_report")
    result = run(period=PERIOD, db=store, out=out, notebooks=[PLAN], accounts=["C000001"], progress=False)
    assert result.ok, result.summary()
    return out, result


def test_every_page_carries_the_print_stylesheet(plan_report, tmp_path):
    """The index, an account plan and a page exported from a notebook hold the one stylesheet."""
    from kamtools.report.execute import to_html

    _, result = plan_report
    css = print_css().strip()
    assert "@page { size: A4 landscape" in css and "thead { display: table-header-group; }" in css
    for name in ["index.html", result.runs[0].html]:
        page = (result.folder / name).read_text(encoding="utf-8")
        assert page.count(css) == 1, f"{name} lacks the print stylesheet"
        assert page.index(css) < page.index("</head>")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A page")]
    nbformat.write(nb, str(tmp_path / "page.ipynb"))
    page = to_html(tmp_path / "page.ipynb").read_text(encoding="utf-8")
    assert page.count(css) == 1 and page.rindex("</style>") < page.index("</head>") < page.index("<h1")


def test_without_chromium_the_html_is_complete_and_a_notice_says_so(store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(tmp_path / "no-chromium-here"))
    monkeypatch.setattr(runner, "report_notebooks", lambda folder=None: [PLAN])
    code = cli.main(
        [
            "report",
            "--period",
            PERIOD,
            "--db",
            str(store),
            "--out",
            str(tmp_path / "r"),
            "--accounts",
            "C000001",
            "--pdf",
        ]
    )
    out = capsys.readouterr().out
    notice = (
        f"PDF not written: no Chromium found ({pdf.CHROMIUM_ENV} names {tmp_path / 'no-chromium-here'}, "
        "which is no program); install it with `make browser`"
    )
    assert code == 0
    assert f"note: {notice}" in out
    folder = tmp_path / "r" / PERIOD
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is True and manifest["notices"] == [notice] and manifest["pdf"] is None
    assert html.escape(notice, quote=False) in (folder / "index.html").read_text(encoding="utf-8")
    assert (folder / "05_account_plan_C000001_602dcf01.html").is_file() and not (folder / "pdf").exists()
    # and with no KAM_CHROMIUM and no Chromium on PATH, the notice is the plain one
    monkeypatch.delenv(pdf.CHROMIUM_ENV)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pdf.find_chromium() is None
    assert pdf.no_chromium_notice() == "PDF not written: no Chromium found; install it with `make browser`"


def _fake_chromium(folder: Path, behaviour: str) -> Path:
    """A program in Chromium's place: ``half`` writes the first half of a PDF and ends well,
    ``fails`` writes nothing and ends with code 3, ``whole`` writes a one-page PDF."""
    whole = folder / "whole.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=A4_LANDSCAPE[0], height=A4_LANDSCAPE[1])
    with whole.open("wb") as sink:
        writer.write(sink)
    exe = folder / "fake-chromium"
    exe.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "target = next(a.split('=', 1)[1] for a in sys.argv if a.startswith('--print-to-pdf='))\n"
        f"data = open({str(whole)!r}, 'rb').read()\n"
        f"behaviour = {behaviour!r}\n"
        "if behaviour == 'fails':\n"
        "    print('could not print: out of memory', file=sys.stderr); sys.exit(3)\n"
        "open(target, 'wb').write(data if behaviour == 'whole' else data[: len(data) // 2])\n",
        encoding="utf-8",
    )
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


@pytest.mark.skipif(os.name != "posix", reason="the stand-in for Chromium is a script with a #! line")
@pytest.mark.parametrize("behaviour", ["half", "fails"])
def test_a_page_chromium_does_not_print_whole_is_named_and_never_left_half_written(
    store, tmp_path, monkeypatch, behaviour
):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(_fake_chromium(tmp_path, behaviour)))
    again = run(
        period=PERIOD, db=store, out=tmp_path / "r", notebooks=[PLAN], accounts=["C000001"], progress=False, pdf=True
    )
    assert again.ok, "a page not printed fails no page"
    why = {
        "half": "the file ends before the end of the PDF",
        "fails": "Chromium ended with code 3: could not print: out of memory",
    }[behaviour]
    plan = "05_account_plan_C000001_602dcf01.html"
    assert again.notices == [
        f"PDF of {plan} not written ({why}); the PDF of the whole period leaves it out",
        f"PDF of index.html not written ({why})",
    ]
    assert again.pdf is None and [r.pdf for r in again.runs] == [None]
    folder = tmp_path / "r" / PERIOD
    assert list((folder / "pdf").iterdir()) == [], "no PDF, whole or in part"
    assert "the PDF of the whole period leaves it out" in (folder / "index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="the stand-in for Chromium is a script with a #! line")
def test_a_run_stopped_while_printing_leaves_the_complete_period_as_it_was(store, plan_report, tmp_path, monkeypatch):
    out = tmp_path / "r"
    shutil.copytree(plan_report[0], out)  # a complete period, as the same run without --pdf left it
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(_fake_chromium(tmp_path, "whole")))
    printed = []
    real = pdf.Printer.print_page

    def then_stop(self, page, target):
        if printed:
            raise KeyboardInterrupt("stopped while printing")
        printed.append(real(self, page, target))
        return printed[-1]

    monkeypatch.setattr(pdf.Printer, "print_page", then_stop)
    with pytest.raises(KeyboardInterrupt):
        run(period=PERIOD, db=store, out=out, notebooks=[PLAN], accounts=["C000001"], progress=False, pdf=True)
    assert printed == [None], "the plan was printed before the stop"
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before, "the complete period is as it was, with no PDF"
    assert sorted(p.name for p in out.iterdir()) == [f".{PERIOD}.lock", PERIOD]


def test_read_back_accepts_a_whole_pdf_only(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=10, height=10)
    whole = tmp_path / "whole.pdf"
    with whole.open("wb") as sink:
        writer.write(sink)
    assert pdf.read_back(whole) is None
    half = tmp_path / "half.pdf"
    half.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert pdf.read_back(half) == "the file ends before the end of the PDF"
    assert pdf.read_back(tmp_path / "none.pdf").startswith("FileNotFoundError")


@pytest.mark.skipif(os.name != "posix", reason="the stand-in for Chromium is a script with a #! line")
def test_a_whole_period_pdf_that_cannot_be_written_is_named_and_the_pages_stand(store, tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(_fake_chromium(tmp_path, "whole")))

    def full_disk(self, stream):
        stream.write(b"%PDF-1.7\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PdfWriter, "write", full_disk)
    result = run(
        period=PERIOD, db=store, out=tmp_path / "r", notebooks=[PLAN], accounts=["C000001"], progress=False, pdf=True
    )
    assert result.ok and result.pdf is None
    assert result.notices == ["PDF of the whole period not written (OSError: [Errno 28] No space left on device)"]
    assert sorted(p.name for p in (result.folder / "pdf").iterdir()) == [
        "05_account_plan_C000001_602dcf01.pdf",
        "index.pdf",
    ], "the pages' PDFs, and no part of the whole"
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pdf"] is None and manifest["notices"] == result.notices
    assert [n["pdf"] for n in manifest["notebooks"]] == ["pdf/05_account_plan_C000001_602dcf01.pdf"]

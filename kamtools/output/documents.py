"""Word documents (.docx) for the customer: the parts letters and statements share.

Text goes into the document as text (python-docx escapes it for XML); characters XML cannot
hold are removed first. A document is saved beside its target and renamed into place, so a
reader never sees half of one; :func:`to_pdf` prints it to PDF with LibreOffice where it is
installed (``soffice`` or ``libreoffice`` on the PATH), else says that it is not.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ..paths import save_atomically
from ..schema import TABLES
from .excel import clean_text
from .labels import pick

#: The font of Chinese text in the documents (Word falls back to an installed one).
EAST_ASIAN_FONT = "SimSun"
#: Seconds LibreOffice may take to print one document to PDF.
PDF_TIMEOUT = 120


def text(value: Any) -> str:
    """``value`` as document text: missing values empty, characters XML cannot hold removed.

    >>> text("Acme\\x07 {{ 7*7 }}"), text(None), text(float("nan"))
    ('Acme {{ 7*7 }}', '', '')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return clean_text(value)


def money(value: float) -> str:
    """An amount as a document shows it: thousands separators and two decimals.

    >>> money(1234.5), money(-0.0)
    ('1,234.50', '0.00')
    """
    return f"{float(value) + 0.0:,.2f}"


def day(value: Any) -> str:
    """A date as a document shows it (ISO).

    >>> day(pd.Timestamp("2026-10-31")), day(None)
    ('2026-10-31', '')
    """
    if value is None or (not isinstance(value, (dt.date, str)) and pd.isna(value)):
        return ""
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def new_document() -> Any:
    """An empty document whose text reads in Chinese and Latin fonts."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    return doc


def letterhead(doc: Any, company: Mapping[str, str], lang: str) -> None:
    """The company's name, address and phone at the top of the page."""
    name = pick(company["name"], company["name_zh"], lang)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(text(name))
    run.bold = True
    run.font.size = Pt(14)
    sub = doc.add_paragraph(text(f"{company['address']}  {company['phone']}"))
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER


def heading(doc: Any, title: str) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(text(title))
    run.bold = True
    run.font.size = Pt(13)


def paragraph(doc: Any, body: str, *, bold: bool = False) -> Any:
    para = doc.add_paragraph()
    para.add_run(text(body)).bold = bold
    return para


def table(doc: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[int] = ()) -> Any:
    """A grid table: a bold header row, then ``rows`` (text); columns in ``right`` aligned right."""
    grid = doc.add_table(rows=1 + len(rows), cols=len(headers))
    grid.style = "Table Grid"
    for j, head in enumerate(headers):
        cell = grid.rows[0].cells[j]
        cell.text = ""
        cell.paragraphs[0].add_run(text(head)).bold = True
    for i, row in enumerate(rows, start=1):
        cells = grid.rows[i].cells
        for j, value in enumerate(row):
            cells[j].text = text(value)
            if j in right:
                cells[j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return grid


def bank_details(doc: Any, company: Mapping[str, str], lang: str) -> None:
    """Where the customer pays: bank, account name and number."""
    paragraph(doc, pick("Please pay to:", "请汇款至：", lang), bold=True)
    paragraph(doc, f"{pick('Bank', '开户银行', lang)}: {company['bank']}")
    paragraph(doc, f"{pick('Account name', '户名', lang)}: {company['account_name']}")
    paragraph(doc, f"{pick('Account number', '账号', lang)}: {company['account']}")


def save(doc: Any, path: Path) -> Path:
    """Save ``doc`` as ``path``, atomically (a file beside it, then renamed)."""
    return save_atomically(doc, path)


def pdf_converter() -> str | None:
    """The LibreOffice program that prints documents to PDF, None when none is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(paths: Sequence[Path]) -> list[Path]:
    """Print each .docx of ``paths`` to a PDF beside it with LibreOffice (none installed: nothing)."""
    program = pdf_converter()
    if program is None or not paths:
        return []
    folder = Path(paths[0]).parent
    with tempfile.TemporaryDirectory(prefix="kamtools-lo-") as profile:
        subprocess.run(
            [program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
             str(folder), *map(str, paths)],
            check=True,
            capture_output=True,
            timeout=PDF_TIMEOUT * len(paths),
        )  # fmt: skip
    return [p.with_suffix(".pdf") for p in paths if p.with_suffix(".pdf").exists()]


#: The languages a letter or statement can be written in (the customers table's ``language``).
DOCUMENT_LANGUAGES: tuple[str, ...] = TABLES["customers"].column("language").allowed


def languages(customers: pd.DataFrame, ids: Sequence[str], default: str) -> pd.Series:
    """The language of each customer's letters and statements: its ``language`` column (optional in
    the customers table: zh, en or both; empty: the default), else ``default`` (the policy's
    ``receivables.letters.language``). Another value raises ``ValueError`` naming the customer.

    >>> c = pd.DataFrame({"customer_id": ["C1", "C2"], "language": ["en", None]})
    >>> languages(c, ["C1", "C2", "C3"], "zh").tolist()
    ['en', 'zh', 'zh']
    """
    index = pd.Index([str(i) for i in ids], name="customer_id")
    if "language" not in customers.columns:
        return pd.Series(default, index=index, dtype="str")
    given = customers.set_index(customers["customer_id"].astype("str"))["language"]
    given = given[~given.index.duplicated()].reindex(index)
    shown = given.astype("str").str.strip().str.lower().where(given.notna() & (given.astype("str").str.strip() != ""))
    bad = shown.notna() & ~shown.isin(DOCUMENT_LANGUAGES)
    if bad.any():
        cid = bad[bad].index[0]
        raise ValueError(
            f"customers.language of customer {cid!r} is {given[cid]!r}: it must be zh, en or both (or empty: the "
            "policy's receivables.letters.language); correct the customers table and run kam import again"
        )
    return shown.fillna(default).astype("str")

"""Statements of account (对账单) as files the customer receives: an Excel workbook and a Word
document with a confirmation block to sign, stamp and return.

``kam statement --customer ID --period P`` writes one customer's, ``--key-accounts`` every key
account's (:func:`write_statements`), into ``<out>/<period>/statements/``. File names come from
the customer id (:func:`kamtools.paths.safe_name`), never from text of the data. The workbook's
text is literal and formula-safe (:func:`kamtools.output.excel.text_cell`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from .. import receivables
from ..paths import safe_name, save_atomically
from ..periods import period_end
from ..policy import load_policy
from ..receivables import Statement
from ..store import KamData
from . import documents as docs
from .column_format import bucket_label
from .forms.layout import DATE, MONEY, _Sheet
from .labels import pick

#: What each kind of document of a statement reads as: (English, Chinese).
DOCUMENTS = {"invoice": ("Invoice", "发票"), "credit_note": ("Credit note", "红字发票"), "payment": ("Payment", "收款")}


def statement_file_name(customer_id: str, period: str, suffix: str = ".xlsx") -> str:
    """``statement_<safe name>_<period><suffix>``: one file per customer, whatever its id holds.

    >>> statement_file_name("A/B 7", "2026-10", ".docx")
    'statement_A_B_7_9e26fdf7_2026-10.docx'
    """
    return f"statement_{safe_name(customer_id)}_{period}{suffix}"


def _aging_rows(s: Statement, lang: str) -> list[tuple[str, float]]:
    rows = []
    for name, amount in s.aging.items():
        if name == "total":
            label = pick("Total", "合计", lang)
        elif name == "unapplied_credit":
            label = pick("Unapplied credit", "未核销收款", lang)
        else:
            label = pick(*(bucket_label(name) or (name, name)), lang)
        rows.append((label, float(amount)))
    return rows


def _line_rows(s: Statement, lang: str) -> list[list[Any]]:
    return [
        [
            r.date,
            pick(*DOCUMENTS[r.document], lang),
            r.document_id,
            r.due_date if pd.notna(r.due_date) else r.reference,
            r.debit or None,
            r.credit or None,
            r.running_balance,
        ]
        for r in s.lines.itertuples(index=False)
    ]


_HEADERS = (
    ("Date", "日期"),
    ("Document", "单据"),
    ("Number", "单据号"),
    ("Due date / invoice paid", "到期日/所付发票"),
    ("Debit", "借方"),
    ("Credit", "贷方"),
    ("Balance", "余额"),
)


def _workbook(s: Statement, company: dict, lang: str, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "对账单 Statement"
    sheet = _Sheet(ws, (14, 16, 18, 20, 16, 16, 18), language=lang)
    sheet.title(
        f"对账单 — {company['name_zh']}",
        f"Statement of account — {company['name']}",
        pick(
            f"Period {s.period} ({s.start:%Y-%m-%d} to {s.end:%Y-%m-%d})",
            f"期间 {s.period}（{s.start:%Y-%m-%d} 至 {s.end:%Y-%m-%d}）",
            lang,
        ),
        7,
    )
    sheet.field(pick("Customer", "客户", lang), s.name)
    sheet.field(pick("Customer ID", "客户编号", lang), s.customer_id)
    sheet.field(pick(f"Opening balance on {s.start:%Y-%m-%d}", f"期初余额（{s.start:%Y-%m-%d}）", lang),
                s.opening_balance, MONEY)  # fmt: skip
    sheet.skip()
    sheet.header([pick(en, zh, lang) for en, zh in _HEADERS])
    fmts = [DATE, None, None, DATE, MONEY, MONEY, MONEY]
    for row in _line_rows(s, lang):
        sheet.values(row, fmts)
    sheet.skip()
    sheet.field(pick("Invoiced", "本期开票", lang), s.invoiced, MONEY)
    sheet.field(pick("Credit notes", "本期红字发票", lang), s.credited, MONEY)
    sheet.field(pick("Paid", "本期收款", lang), s.paid, MONEY)
    sheet.field(pick(f"Closing balance on {s.end:%Y-%m-%d}", f"期末余额（{s.end:%Y-%m-%d}）", lang),
                s.closing_balance, MONEY)  # fmt: skip
    sheet.skip()
    sheet.section(pick("Aging of the closing balance", "期末余额账龄", lang), 2)
    for label, amount in _aging_rows(s, lang):
        sheet.field(label, amount, MONEY)
    sheet.skip()
    sheet.section(pick("Confirmation", "余额确认", lang), 2)
    for label in _confirmation(s, lang):
        sheet.field(label, None)
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    return save_atomically(wb, path)


def _confirmation(s: Statement, lang: str) -> list[str]:
    owed = docs.money(s.closing_balance)
    return [
        pick(f"☐ We confirm the balance of {owed} on {s.end:%Y-%m-%d}",
             f"☐ 我方确认截至{s.end:%Y-%m-%d}的余额{owed}无误", lang),
        pick("☐ We disagree: our balance is", "☐ 我方不同意，我方记录的余额为", lang),
        pick("Differences", "差异说明", lang),
        pick("Signature", "签字", lang),
        pick("Date", "日期", lang),
        pick("Company stamp", "公司盖章", lang),
    ]  # fmt: skip


def _document(s: Statement, company: dict, lang: str, path: Path) -> Path:
    doc = docs.new_document()
    docs.letterhead(doc, company, lang)
    docs.heading(doc, pick("Statement of account", "对账单", lang))
    docs.paragraph(doc, f"{pick('Customer', '客户', lang)}: {docs.text(s.name)} ({docs.text(s.customer_id)})")
    docs.paragraph(doc, pick(f"Period: {s.start:%Y-%m-%d} to {s.end:%Y-%m-%d}",
                             f"期间：{s.start:%Y-%m-%d} 至 {s.end:%Y-%m-%d}", lang))  # fmt: skip
    docs.paragraph(doc, f"{pick('Opening balance', '期初余额', lang)}: {docs.money(s.opening_balance)}")
    rows = [
        [docs.day(d), kind, number, docs.day(ref) if isinstance(ref, pd.Timestamp) else docs.text(ref),
         "" if debit is None else docs.money(debit), "" if credit is None else docs.money(credit), docs.money(bal)]
        for d, kind, number, ref, debit, credit, bal in _line_rows(s, lang)
    ]  # fmt: skip
    docs.table(doc, [pick(en, zh, lang) for en, zh in _HEADERS], rows, right=(4, 5, 6))
    for label, amount in (
        (pick("Invoiced", "本期开票", lang), s.invoiced),
        (pick("Credit notes", "本期红字发票", lang), s.credited),
        (pick("Paid", "本期收款", lang), s.paid),
    ):
        docs.paragraph(doc, f"{label}: {docs.money(amount)}")
    docs.paragraph(doc, f"{pick('Closing balance', '期末余额', lang)}: {docs.money(s.closing_balance)}", bold=True)
    docs.paragraph(doc, pick("Aging of the closing balance", "期末余额账龄", lang), bold=True)
    docs.table(doc, [pick("Days past due", "逾期天数", lang), pick("Amount", "金额", lang)],
               [[label, docs.money(a)] for label, a in _aging_rows(s, lang)], right=(1,))  # fmt: skip
    docs.paragraph(doc, pick("Please check this statement, sign and stamp the confirmation below and return it to us.",
                             "请核对本对账单，在下方确认栏签字盖章后寄回我方。", lang))  # fmt: skip
    docs.bank_details(doc, company, lang)
    docs.heading(doc, pick("Balance confirmation", "余额确认", lang))
    confirm, *blanks = _confirmation(s, lang)
    docs.paragraph(doc, confirm)
    for line in blanks:
        docs.paragraph(doc, f"{line}: ______________________")
    docs.paragraph(doc, f"{company['signatory']}  {pick(company['name'], company['name_zh'], lang)}")
    return docs.save(doc, path)


def write_statements(
    data: KamData,
    customer_ids: Iterable[str],
    period: str,
    out_dir: str | os.PathLike,
    policy: Any = None,
    *,
    pdf: bool = True,
) -> list[Path]:
    """Write each customer's statement of ``period`` as .xlsx and .docx (and .pdf where LibreOffice
    is installed) into ``out_dir``; the aging of the book is computed once. Unknown ids raise
    ``ValueError`` before anything is written. Returns the files written.

    >>> import tempfile, kamtools as kt
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> cid = data.customers["customer_id"].iloc[0]
    >>> sorted(p.suffix for p in write_statements(data, [cid], "2026-10", tempfile.mkdtemp(), pdf=False))
    ['.docx', '.xlsx']
    """
    ids = [str(c) for c in customer_ids]
    known = set(data.customers["customer_id"].astype("str"))
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise ValueError(f"unknown customer id{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")
    pol = load_policy(policy)
    aged = receivables.aging(data, period_end(period), pol["receivables"]["buckets"])
    letters = pol["receivables"]["letters"]
    company = dict(letters["company"])
    langs = docs.languages(data.customers, ids, letters["language"])
    out, written, documents = Path(out_dir), [], []
    for cid in ids:
        s = receivables.statement(data, cid, period, pol, aged=aged)
        written.append(_workbook(s, company, langs[cid], out / statement_file_name(cid, period, ".xlsx")))
        documents.append(_document(s, company, langs[cid], out / statement_file_name(cid, period, ".docx")))
    written += documents
    if pdf:
        written += docs.to_pdf(documents)
    return written

"""Dunning letters as Word documents, one per customer at a level with a letter, and their register."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ... import receivables
from ...paths import folder_mode, move_into_place, safe_name
from ...periods import period_end
from ...policy import load_policy
from ...store import KamData
from .. import documents as docs
from ..excel import write_workbook
from ..formats import columns_of
from ..labels import pick
from .render import render_letter, template_folder

#: Columns of the letters register after ``customer_id``.
REGISTER_COLUMNS: tuple[str, ...] = (
    "name",
    "account_manager",
    "dunning_level",
    "letter",
    "letter_language",
    "overdue",
    "overdue_invoices",
    "invoices",
    "deadline",
    "letter_file",
)


class LettersWritten(NamedTuple):
    """What :func:`write_letters` wrote."""

    folder: Path
    register: Path | None
    files: list[Path]
    notice: str | None


def letter_file_name(customer_id: str, level: str, period: str) -> str:
    """``letter_<level>_<safe name>_<period>.docx`` (the level's key is a plain name by the policy).

    >>> letter_file_name("../A 7", "formal_letter", "2026-10")
    'letter_formal_letter_A_7_61bf273b_2026-10.docx'
    """
    return f"letter_{level}_{safe_name(customer_id)}_{period}.docx"


def register_file_name(period: str) -> str:
    """File name of the letters register of ``period``.

    >>> register_file_name("2026-10")
    'letters_register_2026-10.xlsx'
    """
    return f"letters_register_{period}.xlsx"


def _body(doc: Any, row: pd.Series, items: pd.DataFrame, ctx: Mapping[str, Any], lang: str) -> None:
    """One language's letter: date, addressee, subject, the template's text, invoices, total, bank, signature."""
    company, level = ctx["company"], ctx["levels"][row["dunning_level"]]
    docs.paragraph(doc, f"{pick('Date', '日期', lang)}: {ctx['as_of']}")
    docs.paragraph(doc, row["name"], bold=True)
    if row["address"]:
        docs.paragraph(doc, row["address"])
    docs.heading(doc, pick(level["name"], level["name_zh"], lang))
    context = {
        "customer": {"id": row.name, "name": row["name"], "address": row["address"]},
        "as_of": ctx["as_of"],
        "deadline": ctx["deadline"],
        "total": docs.money(row["overdue"]),
        "currency": ctx["currency"],
        "max_days_past_due": int(row["max_days_past_due"]),
        "company": dict(company),
        "level": {"key": level["key"], "name": level["name"], "name_zh": level["name_zh"]},
    }
    for para in render_letter(ctx["folder"], row["letter"], lang, context):
        docs.paragraph(doc, para)
    headers = [
        pick("Invoice", "发票号", lang),
        pick("Invoice date", "开票日期", lang),
        pick("Due date", "到期日", lang),
        pick("Days past due", "逾期天数", lang),
        pick("Amount open", "未付金额", lang),
    ]
    rows = [
        [inv, docs.day(r.invoice_date), docs.day(r.due_date), str(r.days_past_due), docs.money(r.open_amount)]
        for inv, r in zip(items.index, items.itertuples(index=False))
    ]
    rows.append([pick("Total", "合计", lang), "", "", "", docs.money(row["overdue"])])
    docs.table(doc, headers, rows, right=(3, 4))
    docs.paragraph(doc, f"{pick('Please pay by', '请于以下日期前付款', lang)}: {ctx['deadline']}", bold=True)
    docs.bank_details(doc, company, lang)
    docs.paragraph(doc, pick(company["name"], company["name_zh"], lang), bold=True)
    docs.paragraph(doc, company["signatory"])
    docs.paragraph(doc, f"{pick('Signature', '签字', lang)}: ______________    {pick('Stamp', '盖章', lang)}:")


def _letter(row: pd.Series, items: pd.DataFrame, ctx: Mapping[str, Any], path: Path) -> Path:
    doc = docs.new_document()
    langs = ["zh", "en"] if row["letter_language"] == "both" else [row["letter_language"]]
    for i, lang in enumerate(langs):
        if i:
            doc.add_page_break()
        docs.letterhead(doc, ctx["company"], lang)
        _body(doc, row, items, ctx, lang)
    return docs.save(doc, path)


def _selected(due: pd.DataFrame, customer_ids: Iterable[str] | None, known: set[str]) -> pd.DataFrame:
    if customer_ids is None:
        return due
    ids = [str(c) for c in customer_ids]
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise ValueError(f"unknown customer id{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")
    return due[due.index.isin(ids)]


def letters_due(data: KamData, period: str, policy: Any = None) -> pd.DataFrame:
    """The customers whose dunning level at the end of ``period`` has a letter
    (:func:`kamtools.receivables.dunning`), with their language and address."""
    pol = load_policy(policy)
    d = receivables.dunning(data, period_end(period), pol)
    due = d[d["letter"].notna()].copy()
    cust = data.customers.set_index(data.customers["customer_id"].astype("str"))
    address = cust["address"] if "address" in cust.columns else pd.Series("", index=cust.index)
    due["address"] = address.reindex(due.index).fillna("").astype("str")
    due["letter_language"] = docs.languages(data.customers, list(due.index), pol["receivables"]["letters"]["language"])
    return due


def write_letters(
    data: KamData,
    period: str,
    out: str | os.PathLike,
    policy: Any = None,
    *,
    customer_ids: Iterable[str] | None = None,
    pdf: bool = True,
) -> LettersWritten:
    """Write the dunning letters of ``period`` into ``<out>/<period>/letters/``, with the register.

    One .docx per customer whose dunning level at the period's last day has a letter (the
    policy's ``receivables.dunning.levels[].letter``), in its language (``customers.language``,
    else ``receivables.letters.language``; ``both``: Chinese, then English), listing its overdue
    invoices (number, dates, days past due, amount open, less what is under an open dispute), the total, the deadline (the period's
    last day plus ``receivables.letters.deadline_days``), the bank details and the signature of
    ``receivables.letters.company``; a .pdf beside each where LibreOffice is installed. The whole
    folder is built aside and moved into place, with ``letters_register_<period>.xlsx``. Given
    ``customer_ids``, only their letters are written, each file into place, and no register.
    """
    pol = load_policy(policy)
    settings = pol["receivables"]["letters"]
    folder = template_folder(settings["template_dir"])
    as_of = period_end(period)
    due = _selected(letters_due(data, period, pol), customer_ids, set(data.customers["customer_id"].astype("str")))
    # what is under an open dispute is not claimed: the letter lists the rest, as the level's overdue
    items = receivables.disputed_items(data, as_of)
    items = items.assign(open_amount=items["open_amount"] - items["disputed"])
    items = items[(items["days_past_due"] > 0) & (items["open_amount"] > 0) & items["customer_id"].isin(due.index)]
    ctx = {
        "folder": folder,
        "company": settings["company"],
        "levels": {lv["key"]: lv for lv in pol["receivables"]["dunning"]["levels"]},
        "as_of": f"{as_of:%Y-%m-%d}",
        "deadline": f"{as_of + dt.timedelta(days=int(settings['deadline_days'])):%Y-%m-%d}",
        "currency": pol["report"]["currency"],
    }
    final = Path(out) / period / "letters"
    final.parent.mkdir(parents=True, exist_ok=True)
    build = final if customer_ids is not None else Path(tempfile.mkdtemp(prefix=".letters.building-", dir=final.parent))
    try:
        by_customer = dict(tuple(items.groupby("customer_id", sort=False)))
        files = [
            _letter(row, by_customer[cid], ctx, build / letter_file_name(cid, row["dunning_level"], period))
            for cid, row in due.iterrows()
        ]
        notice = None
        if pdf and files:
            files += docs.to_pdf(files) if docs.pdf_converter() else []
            if docs.pdf_converter() is None:
                notice = "no PDF: LibreOffice (soffice) is not installed; the letters are written as .docx"
        register = None
        if customer_ids is None:
            register = _register(due, items, files, ctx, build, period)
            os.chmod(build, folder_mode())
            move_into_place(build, final)
    except BaseException:
        if build != final:
            shutil.rmtree(build, ignore_errors=True)
        raise
    files = [final / f.name for f in files]
    return LettersWritten(final, None if register is None else final / register.name, files, notice)


def _register(
    due: pd.DataFrame, items: pd.DataFrame, files: list[Path], ctx: Mapping, build: Path, period: str
) -> Path:
    reg = due.copy()
    reg["invoices"] = items.reset_index().groupby("customer_id")["invoice_id"].agg(", ".join).reindex(reg.index)
    reg["deadline"] = pd.Timestamp(ctx["deadline"])
    docx = {f.name for f in files if f.suffix == ".docx"}
    reg["letter_file"] = [
        n if n in docx else None
        for n in (letter_file_name(c, lv, period) for c, lv in zip(reg.index, reg["dunning_level"]))
    ]
    reg = reg[list(REGISTER_COLUMNS)]
    return write_workbook(
        build / register_file_name(period),
        {"letters": reg},
        money_columns=columns_of(reg.columns, "money"),
        index=True,
        labels=True,
    )

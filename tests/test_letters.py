"""Dunning letters and statements of account as files: opened with python-docx and openpyxl."""

from __future__ import annotations

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from kamtools import facts, paths
from kamtools.output.letters import letter_file_name, render_letter, write_letters
from kamtools.output.statements import statement_file_name, write_statements
from tests.kam_cli import run_kam

HOSTILE = "Acme {{ 7*7 }} {% if true %}yes{% endif %} =1+1"


def _book():
    """At 2026-10-31 (deadline 2026-11-10 with the shipped 10 days):

    C1 (Chinese letters, the default): I1 1,000.00 due 2026-09-15 (46 days: formal_letter) and
    I2 234.56 due 2026-10-21 (10 days), both overdue: 1,234.56; I3 999 not yet due (not in the
    letter). C2 (customers.language en): I4 700.00 due 2026-10-26, 5 days: reminder. C3: 100.00
    overdue 20 days, below the 500 minimum: no letter. C4: 2,000 due 2026-10-11 (20 days): call,
    a level without a letter.
    """
    cust = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "name": [HOSTILE, "Beta Ltd", "Gamma", "Delta"],
            "industry": "x",
            "region": "r",
            "account_manager": "m",
            "language": [None, "en", None, None],
            "address": ["{{ config }} Road 1", "", "", ""],
        }
    )
    inv = pd.DataFrame(
        {
            "invoice_id": ["I1", "I2", "I3", "I4", "I5", "I6"],
            "customer_id": ["C1", "C1", "C1", "C2", "C3", "C4"],
            "invoice_date": ["2026-08-16", "2026-09-21", "2026-10-20", "2026-09-26", "2026-09-11", "2026-09-11"],
            "due_date": ["2026-09-15", "2026-10-21", "2026-11-19", "2026-10-26", "2026-10-11", "2026-10-11"],
            "amount": [1000.0, 234.56, 999.0, 700.0, 100.0, 2000.0],
            "cost": 0.0,
        }
    )
    pay = pd.DataFrame(columns=["payment_id", "customer_id", "payment_date", "amount", "invoice_id"])
    return facts.source(customers=cust, invoices=inv, payments=pay)


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_letters_list_the_overdue_invoices_and_keep_customer_text_literal(tmp_path):
    result = write_letters(_book(), "2026-10", tmp_path, pdf=False)
    folder = tmp_path / "2026-10" / "letters"
    assert result.folder == folder
    names = sorted(p.name for p in folder.iterdir())
    c1, c2 = letter_file_name("C1", "formal_letter", "2026-10"), letter_file_name("C2", "reminder", "2026-10")
    assert names == sorted([c1, c2, "letters_register_2026-10.xlsx"])
    doc = Document(folder / c1)
    text = _text(doc)
    assert HOSTILE in text  # the name as it is: not rendered, not evaluated
    assert "49" not in text and "{{ config }} Road 1" in text
    assert "催款函" in text and "合计1,234.56CNY" in text and "2026-11-10" in text
    assert "0000 0000 0000 0000 (placeholder)" in text
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows == [
        ["发票号", "开票日期", "到期日", "逾期天数", "未付金额"],
        ["I1", "2026-08-16", "2026-09-15", "46", "1,000.00"],
        ["I2", "2026-09-21", "2026-10-21", "10", "234.56"],
        ["合计", "", "", "", "1,234.56"],
    ]
    en = _text(Document(folder / c2))
    assert "Dear Beta Ltd," in en and "700.00 CNY in total" in en and "by 2026-11-10" in en


def test_the_register_lists_each_letter(tmp_path):
    result = write_letters(_book(), "2026-10", tmp_path, pdf=False)
    ws = load_workbook(result.register)["letters"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[6], r[8]) for r in rows] == [
        ("C1", HOSTILE, 1234.56, "I1, I2"),
        ("C2", "Beta Ltd", 700.0, "I4"),
    ]
    assert ws["B2"].data_type == "s" and ws["B2"].value == HOSTILE
    assert rows[0][-1] == letter_file_name("C1", "formal_letter", "2026-10")


def test_a_template_cannot_reach_python_and_a_missing_one_is_named(tmp_path):
    (tmp_path / "evil.en.j2").write_text("{{ customer.name.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(ValueError, match=r"letter template .*evil\.en\.j2: .*__class__"):
        render_letter(tmp_path, "evil", "en", {"customer": {"name": "x"}})
    with pytest.raises(ValueError, match=r"letter template .*formal\.zh\.j2 does not exist"):
        render_letter(tmp_path, "formal", "zh", {})
    (tmp_path / "typo.en.j2").write_text("Dear {{ custmer.name }}", encoding="utf-8")
    with pytest.raises(ValueError, match=r"typo\.en\.j2: 'custmer' is undefined"):
        render_letter(tmp_path, "typo", "en", {"customer": {"name": "x"}})


def test_a_missing_template_folder_names_the_policy_key(tmp_path):
    pol = {"receivables": {"letters": {"template_dir": str(tmp_path / "nowhere")}}}
    with pytest.raises(ValueError, match=r"'receivables.letters.template_dir' = '.*nowhere': no such folder"):
        write_letters(_book(), "2026-10", tmp_path, pol, pdf=False)
    assert not (tmp_path / "2026-10" / "letters").exists()


def test_a_bad_customer_language_is_named():
    data = _book()
    cust = data.customers.assign(language=["fr", None, None, None])
    bad = facts.source(customers=cust, invoices=data.table("invoices"), payments=data.table("payments"))
    with pytest.raises(ValueError, match=r"customers.language of customer 'C1' is 'fr': it must be zh, en or both"):
        write_letters(bad, "2026-10", "/nonexistent", pdf=False)


def test_statement_files_hold_the_lines_and_the_confirmation(tmp_path):
    written = write_statements(_book(), ["C1"], "2026-10", tmp_path, pdf=False)
    xlsx = tmp_path / statement_file_name("C1", "2026-10", ".xlsx")
    docx = tmp_path / statement_file_name("C1", "2026-10", ".docx")
    assert sorted(written) == sorted([xlsx, docx])
    ws = load_workbook(xlsx).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert HOSTILE in cells and cells[HOSTILE].data_type == "s"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    # opening 1,234.56 (I1 of August, I2 of September), then I3 999.00 in October: closing 2,233.56
    closing = next(r for r in values if r[0] and str(r[0]).startswith("期末余额"))
    assert closing[1] == 2233.56
    text = _text(Document(docx))
    assert "期初余额: 1,234.56" in text and "期末余额: 2,233.56" in text
    assert "☐ 我方确认截至2026-10-31的余额2,233.56无误" in text and "公司盖章: ____" in text


def test_kam_letters_and_kam_statement_write_their_files(capsys, tmp_path):
    """On the committed sample, from the session's store (tests/conftest.py): no command reads its CSV files again."""
    db = paths.default_db()
    code, out, err = run_kam(capsys, "letters", "--period", "2026-10", "--db", db, "--out", tmp_path)
    assert (code, err) == (0, "")
    folder = tmp_path / "2026-10" / "letters"
    assert (folder / "letters_register_2026-10.xlsx").is_file()
    assert len(list(folder.glob("letter_*.docx"))) > 0
    code, out, err = run_kam(
        capsys, "statement", "--customer", "C000019", "--period", "2026-10", "--db", db, "--out", tmp_path
    )
    assert (code, err) == (0, "")
    assert (tmp_path / "2026-10" / "statements" / statement_file_name("C000019", "2026-10", ".docx")).is_file()
    code, out, err = run_kam(capsys, "statement", "--period", "2026-10", "--db", db, "--out", tmp_path)
    assert code == 2 and "--key-accounts" in err and "Traceback" not in err


def test_a_second_run_replaces_the_letters_and_one_customer_s_letter_keeps_the_others(tmp_path):
    folder = tmp_path / "2026-10" / "letters"
    write_letters(_book(), "2026-10", tmp_path, pdf=False)
    (folder / "stale.docx").write_text("from an earlier run", encoding="utf-8")
    write_letters(_book(), "2026-10", tmp_path, pdf=False)
    assert not (folder / "stale.docx").exists()  # the folder was replaced whole
    c1 = folder / letter_file_name("C1", "formal_letter", "2026-10")
    c1.unlink()
    result = write_letters(_book(), "2026-10", tmp_path, customer_ids=["C1"], pdf=False)
    assert result.files == [c1] and result.register is None and c1.is_file()
    assert (folder / letter_file_name("C2", "reminder", "2026-10")).is_file()  # kept
    assert not list(tmp_path.glob("2026-10/.letters.building-*"))
    with pytest.raises(ValueError, match="unknown customer id 'C9'"):
        write_letters(_book(), "2026-10", tmp_path, customer_ids=["C9"], pdf=False)


def test_a_customer_in_both_languages_gets_the_chinese_letter_then_the_english(tmp_path):
    data = _book()
    cust = data.customers.assign(language=[None, "both", None, None])
    both = facts.source(customers=cust, invoices=data.table("invoices"), payments=data.table("payments"))
    write_letters(both, "2026-10", tmp_path, pdf=False)
    doc = Document(tmp_path / "2026-10" / "letters" / letter_file_name("C2", "reminder", "2026-10"))
    text = _text(doc)
    assert text.index("尊敬的Beta Ltd：") < text.index("Dear Beta Ltd,")
    assert [t.rows[1].cells[0].text for t in doc.tables] == ["I4", "I4"]
    assert [t.rows[-1].cells[-1].text for t in doc.tables] == ["700.00", "700.00"]

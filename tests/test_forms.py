"""kamtools.forms: the three credit forms as .xlsx, checked by opening them with openpyxl."""
from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal

from kamtools import credit, forms
from kamtools.schema import CREDIT_FACTORS, conform
from kamtools.store import KamData

PERIOD = "2026-10"
AS_OF = "2026-10-31"
EVIL = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def data() -> KamData:
    """Two customers: C1 with two years of statements, an approval and an open invoice; C2 named
    like a formula, nothing else."""
    customers = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["甲贸易有限公司", EVIL],
                              "industry": ["Distribution", "Retail"], "region": ["East", "West"],
                              "account_manager": ["Li", "@Wang"]})
    fin = pd.DataFrame({
        "customer_id": ["C1", "C1"], "period_end": ["2024-12-31", "2025-12-31"],
        "current_assets": [500e3, 600e3], "inventory": [200e3, 250e3], "current_liabilities": [300e3, 300e3],
        "total_assets": [900e3, 1100e3], "total_liabilities": [450e3, 500e3], "revenue": [3000e3, 4000e3],
        "net_profit": [150e3, 320e3]})
    factors = pd.DataFrame([["C1", "2026-06-30", *[5] * 12]], columns=["customer_id", "assessed_on",
                                                                       *CREDIT_FACTORS])
    inv = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["C1", "C1"],
                        "invoice_date": ["2026-01-10", "2026-09-15"], "due_date": ["2026-02-09", "2026-10-15"],
                        "amount": [120000.0, 60000.0], "cost": [0.0, 0.0]})
    pay = pd.DataFrame({"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": ["2026-02-01"],
                        "amount": [120000.0], "invoice_id": ["I1"]})
    cl = pd.DataFrame({"customer_id": ["C1"], "credit_limit": [50000.0], "approved_by": ["Qian"],
                       "approved_on": ["2026-01-01"], "collateral": [5000.0]})
    tables = {"customers": customers, "financials": fin, "credit_factors": factors, "invoices": inv,
              "payments": pay, "credit_limits": cl}
    return KamData({k: conform(v, k) for k, v in tables.items()})


def _find(ws, label: str):
    """The cell right of the first cell whose text starts with ``label``."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(label):
                return ws.cell(row=cell.row, column=cell.column + 1)
    raise AssertionError(f"no label {label!r} in sheet {ws.title}")


def _row(ws, label: str) -> list:
    """The values of the first row whose first text cell (its label) starts with ``label``."""
    for row in ws.iter_rows(values_only=True):
        first = next((v for v in row if isinstance(v, str)), None)
        if first is not None and first.startswith(label):
            return list(row)
    raise AssertionError(f"no row {label!r} in sheet {ws.title}")


@pytest.fixture(scope="module")
def workbook(data, tmp_path_factory):
    path = forms.write_credit_forms(data, "C1", PERIOD, tmp_path_factory.mktemp("forms"))
    return path, load_workbook(path)


def test_file_and_sheets(workbook):
    path, wb = workbook
    assert path.name == "credit_forms_C1_2026-10.xlsx"
    assert wb.sheetnames == ["客户信用状况调查表", "信用等级评分项目表", "客户授信申请表"]


def test_survey_values(workbook):
    ws = workbook[1]["客户信用状况调查表"]
    assert _find(ws, "Name 客户名称").value == "甲贸易有限公司"
    assert _find(ws, "Customer ID 客户编号").value == "C1"
    # hand-computed: quick (600 - 250) / 300, current 600 / 300, debt 500 / 1100,
    # turnover 4000 / ((900 + 1100) / 2), net margin 320 / 4000
    assert _find(ws, "Quick ratio").value == pytest.approx(350 / 300)
    assert _find(ws, "Current ratio").value == pytest.approx(2.0)
    assert _find(ws, "Debt ratio").value == pytest.approx(500 / 1100)
    assert _find(ws, "Debt ratio").number_format == "0.0%"
    assert _find(ws, "Total asset turnover").value == pytest.approx(4.0)
    assert _find(ws, "Net margin").value == pytest.approx(0.08)
    assert _row(ws, "Quick ratio")[3] == "ok"
    assert _row(ws, "Current assets")[1:3] == [500e3, 600e3]
    cell = _find(ws, "Open receivables")
    assert cell.value == 60000 and cell.number_format == "#,##0.00"


def test_scoring_sheet(workbook):
    ws = workbook[1]["信用等级评分项目表"]
    # all ratios ok except profitable years (2 of 3: watch, 4 / 2), all factors 5: 98 -> AAA
    assert _find(ws, "Score (0–100)").value == pytest.approx(98.0)
    assert _find(ws, "Grade 信用等级").value == "AAA"
    total = _row(ws, "Total 合计")
    assert total[4] == 100 and total[5] == pytest.approx(98.0) and total[6] == pytest.approx(2.0)
    assert _row(ws, "Profitable years")[2:7] == [2, "watch", 4, 2, 2]
    assert _row(ws, "Quality of management")[2] == 5


def test_application_sheet(workbook):
    ws = workbook[1]["客户授信申请表"]
    assert _find(ws, "Approved credit limit").value == 50000
    assert _find(ws, "Approved by").value == "Qian"
    # 15000 a month x 3 months (AAA) = 45000, below 25 % of equity 600000
    assert _find(ws, "Recommended credit limit").value == 45000
    assert _find(ws, "Change").value == -5000
    assert _find(ws, "Approval level").value == "account manager 客户经理"
    assert _find(ws, "Exposure 风险敞口").value == 60000
    assert _find(ws, "Utilization").value == pytest.approx(1.2)
    assert _find(ws, "Over the limit 超额").value == 10000
    assert _row(ws, "account manager 客户经理")[1] == "yes 是"
    assert _row(ws, "direct sales manager")[1] == "no 否"


def test_formula_like_text_stays_text(data, tmp_path):
    wb = load_workbook(forms.write_credit_forms(data, "C2", PERIOD, tmp_path))
    for name in wb.sheetnames:
        ws = wb[name]
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}!{cell.coordinate} holds a formula: {cell.value!r}"
    cell = _find(wb["客户信用状况调查表"], "Name 客户名称")
    assert cell.data_type == "s" and cell.value == "'" + EVIL
    assert _find(wb["客户授信申请表"], "Applicant").value == "'@Wang"
    # a customer with no statements, assessment or limit still gets complete forms
    assert _find(wb["信用等级评分项目表"], "Items missing").value == 19
    assert _find(wb["客户授信申请表"], "Approval level").value == "none 无需审批"


def test_unknown_customer_is_an_error(data, tmp_path):
    with pytest.raises(ValueError, match="unknown customer id 'C404'"):
        forms.write_credit_forms(data, "C404", PERIOD, tmp_path)
    assert not list(tmp_path.iterdir())


def test_many_forms_match_the_library(small_data, tmp_path):
    as_of = "2026-10-31"
    lim = credit.limits(small_data, as_of)
    due = credit.forms_due(lim, {"credit": {"forms_cap": 3}})
    before = small_data.customers.copy(deep=True)
    paths = forms.write_many_credit_forms(small_data, due, PERIOD, tmp_path)
    assert [p.name for p in paths] == [f"credit_forms_{cid}_{PERIOD}.xlsx" for cid in due]
    for cid, path in zip(due, paths):
        wb = load_workbook(path)
        app = wb["客户授信申请表"]
        assert _find(app, "Recommended credit limit").value == pytest.approx(lim.loc[cid, "recommended_limit"])
        assert _find(app, "Approved credit limit").value == pytest.approx(lim.loc[cid, "approved_limit"])
        assert _find(wb["信用等级评分项目表"], "Grade 信用等级").value == lim.loc[cid, "grade"]
        name = small_data.customers.set_index("customer_id").loc[cid, "name"]
        assert _find(wb["客户信用状况调查表"], "Name 客户名称").value == name
    assert_frame_equal(small_data.customers, before)


def test_neutralize():
    assert forms.neutralize("+1") == "'+1"
    assert forms.neutralize(float("nan")) is None
    assert forms.neutralize(pd.NA) is None
    assert forms.neutralize(-3.5) == -3.5


def test_cli_main(data, tmp_path, capsys):
    import argparse

    db = data.save(tmp_path / "kam.duckdb")
    args = argparse.Namespace(customer="C1", period="2026-10", db=str(db), policy=None, out=str(tmp_path / "out"))
    assert forms.cli_main(args) == 0
    assert (tmp_path / "out" / "credit_forms_C1_2026-10.xlsx").is_file()
    assert "credit_forms_C1_2026-10.xlsx" in capsys.readouterr().out
    with pytest.raises(ValueError, match="'C9'"):
        forms.cli_main(argparse.Namespace(customer="C9", period=None, db=str(db), policy=None, out=None))


def test_profitable_years_are_whole_numbers(workbook):
    wb = workbook[1]
    survey = _find(wb["客户信用状况调查表"], "Profitable years")
    assert survey.value == 2 and survey.number_format == "0"
    scoring = wb["信用等级评分项目表"]
    cell = next(c for row in scoring.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("Profitable years"))
    assert scoring.cell(row=cell.row, column=3).number_format == "0"


def test_sheets_fit_one_page_wide(workbook):
    for ws in workbook[1].worksheets:
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0


def test_ok_at_shows_the_industry_benchmark(data, tmp_path):
    # C1 is in Distribution: its override (quick ratio ok at 1.2, net margin at 10 %) is what rates it
    pol = {"credit": {"benchmarks_by_industry": {"Distribution": {
        "quick_ratio": {"ok": 1.2, "watch": 0.8}, "net_margin": {"ok": 0.10}}}}}
    ws = load_workbook(forms.write_credit_forms(data, "C1", PERIOD, tmp_path, pol))["客户信用状况调查表"]
    assert _row(ws, "Quick ratio")[2] == "≥ 1.2"
    # 350 / 300 = 1.17 < 1.2: watch by the industry's benchmark (ok by the default 1.0)
    assert _row(ws, "Quick ratio")[3] == "watch"
    assert _row(ws, "Net margin")[2:4] == ["≥ 10%", "watch"]  # 8 % < 10 %
    # C2 (Retail) keeps the default benchmark
    ws = load_workbook(forms.write_credit_forms(data, "C2", PERIOD, tmp_path, pol))["客户信用状况调查表"]
    assert _row(ws, "Quick ratio")[2] == "≥ 1"


def test_a_failed_save_leaves_no_temporary_file(data, tmp_path, monkeypatch):
    from openpyxl import Workbook

    def broken_save(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        forms.write_credit_forms(data, "C1", PERIOD, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_committee_has_one_chinese_name():
    import nbformat

    from kamtools import paths

    assert forms.LEVEL_NAMES["credit_committee"] == "信用委员会"
    lesson = nbformat.read(str(paths.TRAINING_DIR / "06_grades_limits_approval.ipynb"), as_version=4)
    text = "".join(c.source for c in lesson.cells)
    assert "信用委员会" in text and "信用管理委员会" not in text


def test_every_change_gets_its_forms_by_default(small_data, tmp_path):
    lim = credit.limits(small_data, AS_OF)
    due = credit.forms_due(lim)
    assert len(due) == int((lim["limit_change"] != 0).sum())
    ups = [c for c in due if lim.loc[c, "limit_change"] > 0]
    assert due[: len(ups)] == ups  # increases first
    paths = forms.write_many_credit_forms(small_data, due[:2], PERIOD, tmp_path)
    assert [p.name for p in paths] == [f"credit_forms_{c}_{PERIOD}.xlsx" for c in due[:2]]

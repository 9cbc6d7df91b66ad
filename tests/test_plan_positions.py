"""Where the credit department reads the recommended limits, it reads what the account plans do with them: the
credit forms' register gets a column "Account plan" once the plans are written (opened back with openpyxl), the
appendix shows it beside each customer's forms, and the index's line of limit cuts waiting for approval says
how many of them the plans contest (those go to the joint decision of the sales director and the finance
manager first)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook

import kamtools as kt
from kamtools import credit
from kamtools.account_plan import account_profile, book_tables
from kamtools.output import labels
from kamtools.output.forms import credit_forms_register, form_file_name, terms_only, write_credit_forms_register
from kamtools.output.forms.register import TERMS_TITLES
from kamtools.policy import load_policy
from kamtools.report.decision import Decision
from kamtools.report.index import _ordered_forms, _register_counts
from kamtools.report.plan_decisions import credit_ask, plan_credit_decisions
from kamtools.report.plan_positions import ASKED_TITLES, contested, contested_cuts, mark_register, position
from kamtools.report.result import NotebookRun
from kamtools.report.summary import CONTESTED_CLAUSE

POL = load_policy()
AS_OF, PERIOD = "2026-10-31", "2026-10"


def _run(cid: str, ask: dict | None, status: str = "ok") -> NotebookRun:
    return NotebookRun("plan", None, {}, status=status, customer_id=cid, credit_ask=ask)


def _ask(route: str, amount: float, recommended: float, approved: float, kept: bool = False) -> dict:
    return {"route": route, "amount": amount, "recommended": recommended, "approved": approved, "kept": kept}


def test_the_plans_that_contest_a_cut():
    runs = [
        _run("A", _ask("smaller_cut", 328_000.0, 220_000.0, 1_677_000.0)),  # a cut, cut less: contested
        _run("B", _ask("new_limit", 364_000.0, 52_000.0, 52_000.0)),  # no cut on the credit page: an increase
        _run("C", _ask("after_hold", 160_000.0, 96_000.0, 96_000.0)),  # asks later: the cut is filed
        _run("D", None),  # files the recommendation
        _run("E", _ask("after_reassess", 1_816_000.0, 1_666_000.0, 1_816_000.0, kept=True)),  # keeps: contested
        _run("F", _ask("keep_limit", 500_000.0, 300_000.0, 500_000.0), status="failed"),  # no plan written
    ]
    assert sorted(contested(runs)) == ["A", "E"]
    cut = Decision(
        "258 limit cuts wait for approval", 1.0, "03_credit_review", "s", text_zh="258项降额待审批", kind="limit_cut"
    )
    other = Decision("x", 1.0, "03_credit_review", "s", text_zh="y", kind="limit_increase")
    out = contested_cuts([cut, other], runs)
    assert out[1] == other and out[0].text.startswith("258 limit cuts wait for approval. Of these, 2 are contested")
    assert "其中2项客户计划不同意" in out[0].text_zh and out[0].amount == cut.amount
    # the detail names them, the largest cut first: which of their cuts the approvers hold back
    assert (
        out[0].detail_zh
        == "客户计划不同意的降额：A（A）1,677,000→220,000，客户计划328,000；E（E）1,816,000→1,666,000，客户计划1,816,000。"
    )
    assert contested_cuts([cut], [runs[3]]) == [cut]  # nothing contested: the line as the credit page says it
    # the pages, written before the plans, say where a contested cut goes; the index says how many in its place
    paged = replace(cut, text=cut.text + CONTESTED_CLAUSE[0], text_zh=cut.text_zh + CONTESTED_CLAUSE[1])
    counted = contested_cuts([paged], runs)[0]
    assert counted.text == out[0].text and counted.text_zh == out[0].text_zh
    assert contested_cuts([paged], [runs[3]])[0].text == cut.text  # none contested: the clause goes too
    # a plan asking for more than the limit in force while the credit page cuts it: said as the increase it is
    raising = [*runs, _run("G", _ask("new_limit", 468_000.0, 336_000.0, 446_000.0))]
    line = contested_cuts([cut], raising)[0]
    assert "其中3项客户计划不同意（保留额度、少降，或（1项）反而申请增额，以支持收入目标）" in line.text_zh
    assert "G（G）446,000→336,000，客户计划反而申请增加到468,000" in line.detail_zh
    assert "G (G) 446,000 → 336,000, the plan asks for an increase to 468,000" in line.detail
    assert "(they keep the limit, cut less or, 1 of them, ask for an increase," in line.text


@pytest.mark.parametrize(
    ("ask", "zh"),
    [
        (None, "按建议额度报批"),
        (
            _ask("keep_limit", 500_000.0, 300_000.0, 500_000.0),
            "保留现有额度500,000：由销售总监与财务经理在2026-11-07前共同决定",
        ),
        (_ask("after_hold", 160_000.0, 96_000.0, 96_000.0), "按建议额度报批；冻结解除后申请160,000"),
        (_ask("after_reassess", 215_000.0, 165_000.0, 215_000.0, True), "保留现有额度215,000，重新评估后不调整："),
    ],
)
def test_each_position_in_words(ask, zh):
    assert position(ask, "2026-11-07")[1].startswith(zh)


def test_a_plan_asking_collateral_is_the_approvers_decision_not_a_joint_one():
    # C000017 with a growth rate of 60 %: the objective (its wallet, 1,058,000) needs 161,639 at the credit page's 45
    # days against the recommended 145,000, its solvency cap; the plan asks collateral of 23,770 (counted at 70 %:
    # 16,639), approved with the limit by the credit page's approver
    pol = load_policy({"segments": {"lifecycle": {"growth_above": 0.6}}})
    data = kt.load()
    a = account_profile(data, "C000017", AS_OF, pol, book=book_tables(data, AS_OF, pol))
    ask = credit_ask(a)
    assert (ask["route"], ask["joint"]) == ("collateral", False)
    assert ask["amount"] == pytest.approx(161_638.89, abs=0.01) and ask["collateral"] == pytest.approx(23_769.84, abs=1)
    assert position(ask, "2026-11-07")[1] == "按建议额度无担保报批；请客户提供担保23,770，连同担保审批161,639的额度"
    run = NotebookRun("plan", None, {}, status="ok", customer_id="C000017", credit_ask=ask)
    assert plan_credit_decisions([run], pd.Timestamp(AS_OF), pol, {}) == [] and not contested([run])


def test_the_register_gets_the_plans_column_and_the_appendix_shows_it(tmp_path):
    data = kt.sample_data(customers=40, years=2, seed=3)
    sc = credit.score(data, AS_OF)
    lim = credit.limits(data, AS_OF, POL, scores=sc)
    labels.use("zh", POL)
    try:
        first, second = (str(c) for c in credit_forms_register(lim, sc, data.customers, PERIOD, POL).index[:2])
        form = f"credit_forms/{form_file_name(first, PERIOD)}"  # the first customer's forms are written
        reg = credit_forms_register(lim, sc, data.customers, PERIOD, POL, written={first: tmp_path / form})
        path = write_credit_forms_register(reg, tmp_path / "credit_forms", PERIOD)
        runs = [_run(first, _ask("smaller_cut", 123_000.0, 100_000.0, 200_000.0)), _run(second, None)]
        # a plan asking for a limit where the credit page changes none: a row of its own at the end
        runs.append(
            _run("Z9", {**_ask("new_limit", 364_000.0, 52_000.0, 52_000.0), "approver": "direct_sales_manager"})
        )
        runs[-1].customer_name = "丙公司"
        assert mark_register(tmp_path, runs, pd.Timestamp(AS_OF), POL, "zh") == path
        sheet = load_workbook(path).worksheets[0]
        header = [c.value for c in sheet[1]]
        assert header[-1] == "客户计划" and sheet.cell(1, len(header)).font.b == sheet.cell(1, 1).font.b
        cells = {str(r[0]): r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert cells[first] == "降到123,000 元（目标所需）：由销售总监与财务经理在2026-11-07前共同决定"
        assert cells[second] == "按建议额度报批"
        assert all(v is None for k, v in cells.items() if k not in (first, second, "Z9"))
        # the limits asked where the credit page changes nothing: a sheet of their own, the register's rows as page
        # 03 counts them
        assert "Z9" not in cells
        asked = load_workbook(path)["客户计划申请的额度"]
        head = [c.value for c in asked[1]]
        row = dict(zip(head, next(asked.iter_rows(min_row=2, max_row=2, values_only=True))))
        assert (row["客户编号"], row["客户名称"], row["现有信用额度（元）"], row["客户计划申请额度（元）"]) == (
            "Z9",
            "丙公司",
            52_000,
            364_000,
        )
        assert row["审批权限"] == labels.value("approval_level", "direct_sales_manager", "zh") != "–"
        assert row["客户计划"].startswith("经新的信用调查后申请364,000 元：")
        # the appendix counts the register's changes and the plans' asks beside the forms written
        assert _register_counts(path) == {"rows": len(reg), "plan_asks": 1}
        listed = _ordered_forms(tmp_path, [form], path.relative_to(tmp_path).as_posix(), {}, "zh")
        assert [r["href"] for r in listed] == [form] and listed[0]["plan"] == cells[first]
    finally:
        labels.use("en")


def test_the_plan_asks_sheet_has_a_title_excel_opens_in_every_language():
    # Excel refuses a sheet title of more than 31 characters (the report's default language is both)
    assert set(ASKED_TITLES) == {"en", "zh", "both"}
    assert all(0 < len(title) <= 31 for title in ASKED_TITLES.values())
    assert ASKED_TITLES["both"].startswith(ASKED_TITLES["zh"])  # Chinese first, as every header of the report


def test_a_contested_cut_decided_with_the_new_assessment_says_its_day():
    # C000065 as review m read it: its plan keeps 1,816,000 against the cut to 1,666,000, decided with the new
    # assessment by 2026-11-14 (not on the index's day of the other contested cuts)
    ask = {**_ask("after_reassess", 1_816_000.0, 1_666_000.0, 1_816_000.0, kept=True), "due": "2026-11-14"}
    cut = Decision(
        "258 limit cuts wait for approval", 1.0, "03_credit_review", "s", text_zh="258项降额待审批", kind="limit_cut"
    )
    out = contested_cuts([cut], [_run("C000065", ask)])[0]
    assert (
        out.detail_zh
        == "客户计划不同意的降额：C000065（C000065）1,816,000→1,666,000，客户计划1,816,000，随重新评估在2026-11-14前决定。"
    )


def test_the_register_lists_the_kept_limits_whose_terms_change(tmp_path):
    # page 03 counts the recommendations that keep the limit but change the terms (or hand arrears over), signed at
    # the levels of a decrease: the register has them on a sheet of their own, as many as the credit page counts
    data = kt.load()
    lim = credit.limits(data, AS_OF)
    counted = int(credit.limit_changes(lim, POL)["terms_only"].sum())
    terms = terms_only(lim, data.customers)
    assert len(terms) == counted > 0 and (terms["approved_limit"] == lim.loc[terms.index, "recommended_limit"]).all()
    labels.use("zh", POL)
    try:
        reg = credit_forms_register(lim, credit.score(data, AS_OF), data.customers, PERIOD, POL)
        path = write_credit_forms_register(reg, tmp_path, PERIOD, terms)
    finally:
        labels.use("en")
    sheet = load_workbook(path)[TERMS_TITLES["zh"]]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] and str(r[0]).startswith("C")]
    assert len(rows) == counted
    assert [c.value for c in sheet[1]][:3] == ["客户编号", "客户名称", "客户经理"]
    assert max(len(t) for t in TERMS_TITLES.values()) <= 31  # Excel opens no longer sheet title

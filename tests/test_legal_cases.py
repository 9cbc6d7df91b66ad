"""A customer with an invoice past the legal days (``credit.limit.legal_days_past_due``, 365) is a legal case
everywhere: its recommendation, action and terms, the release of its hold, the register, the credit form, the
worklists, the re-review plan, the index and the aging workbook; one 200 days past due is not.

The book, on 2026-10-31 (all factors 3: grade BB, assessed 2026-06-30; no statements; account manager Li; limits
of 50,000 approved on 2025-09-01 by the account manager; no payments):

* LGL owes 12,000 due 2025-09-26 (400 days past due) and 4,000 due 2026-11-30 (not yet due): receivables 16,000,
  overdue 12,000, all of it past the legal days; provision 100 % × 12,000 = 12,000; collateral 20,000.
* MID owes 8,000 due 2026-04-14 (200 days past due) and 2,000 due 2026-11-30: past the hold days (90), not the
  legal days.
* OK1 owes 5,000 due 2026-11-30: nothing overdue.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

import kamtools as kt
from kamtools import credit, receivables
from kamtools.output import forms, labels
from kamtools.output.formats import registered_kind
from kamtools.report.summary import decisions
from kamtools.schema import CREDIT_FACTORS, conform, empty_frame
from kamtools.store import KamData

AS_OF = pd.Timestamp("2026-10-31")
#: (customer, amount, due date) of each open invoice, dated 30 days before it falls due
INVOICES = [
    ("LGL", 12000.0, "2025-09-26"),
    ("LGL", 4000.0, "2026-11-30"),
    ("MID", 8000.0, "2026-04-14"),
    ("MID", 2000.0, "2026-11-30"),
    ("OK1", 5000.0, "2026-11-30"),
]
#: the top customers' joint sign-off and re-review left out: the legal rule alone is tested
POLICY = {"report": {"joint_signoff_top": 0}}


def _book() -> KamData:
    ids = ["LGL", "MID", "OK1"]
    customers = pd.DataFrame(
        {"customer_id": ids, "name": [f"Name {i}" for i in ids], "industry": "Retail", "region": "East"}
    ).assign(account_manager="Li")
    due = pd.to_datetime([d for _, _, d in INVOICES])
    invoices = pd.DataFrame(
        {
            "invoice_id": [f"I{i}" for i in range(len(INVOICES))],
            "customer_id": [c for c, _, _ in INVOICES],
            "invoice_date": due - pd.Timedelta(days=30),
            "due_date": due,
            "amount": [a for _, a, _ in INVOICES],
            "cost": 0.0,
        }
    )
    limits = pd.DataFrame(
        {
            "customer_id": ids,
            "credit_limit": 50000.0,
            "approved_by": "account manager",
            "approved_on": "2025-09-01",
            "collateral": [20000.0, 0.0, 0.0],
        }
    )
    factors = pd.DataFrame({"customer_id": ids, "assessed_on": "2026-06-30"})
    for f in CREDIT_FACTORS:
        factors[f] = 3
    tables = {
        "customers": customers,
        "invoices": invoices,
        "payments": empty_frame("payments"),
        "credit_limits": limits,
        "credit_factors": factors,
        "financials": empty_frame("financials"),
    }
    return KamData({k: conform(v, k) for k, v in tables.items()})


@pytest.fixture(scope="module")
def book() -> KamData:
    return _book()


@pytest.fixture(scope="module")
def pol():
    return kt.policy.load_policy(POLICY)


@pytest.fixture(scope="module")
def lim(book, pol) -> pd.DataFrame:
    return credit.limits(book, AS_OF, pol)


@pytest.fixture
def zh():
    labels.use("zh")
    yield
    labels.use("en")


def test_the_legal_case_has_its_limit_withdrawn_and_the_other_is_collected(lim):
    lgl, mid = lim.loc["LGL"], lim.loc["MID"]
    # without the legal rule LGL (grade C while the arrears are open: no unsecured credit) would keep a secured
    # limit: collateral 20,000 less 30 % = 14,000, up to its need 4,000 a month x (30 + 10) / 30 = 5,333, rounded
    # down: 5,000. Past the legal days the limit is withdrawn: 0, the collateral stays against the debt
    assert (lgl["legal"], lgl["recommended_limit"], lgl["secured_limit"], lgl["limit_change"]) == (
        True, 0.0, 0.0, -50000.0
    )  # fmt: skip
    assert (lgl["action"], lgl["limit_rule"], lgl["proposed_terms_days"]) == ("legal", "legal", 0)
    # the debt handed over: the receivables, 12,000 + 4,000 = 16,000
    assert lgl["collect_first"] == 16000.0
    assert lgl["limit_reason"].startswith(
        "limit withdrawn: invoice 400 days past due, over the 365 legal days: the debt of 16 k goes to collections "
        "or legal action; no open credit: supply only against cash in advance until the debt is paid and a new limit "
        "approved; collateral 20 k held stays against the debt; hold: invoice 400 days past due (12 k over 90 days)"
    )
    assert "secured" not in lgl["limit_reason"] and "no shipments on credit until" not in lgl["limit_reason"]
    # 200 days past due: on hold, collected; its limit is the grade C's 0 (no collateral), not a legal case
    assert (mid["legal"], mid["recommended_limit"], mid["action"], mid["limit_rule"]) == (False, 0.0, "collect", "hold")
    assert mid["limit_reason"].startswith("hold: invoice 200 days past due (8 k over 90 days): collect")
    assert lim.loc["OK1", "action"] != "legal"


def test_the_legal_case_reads_so_in_chinese(lim, zh):
    reason = labels.value("limit_reason", lim.at["LGL", "limit_reason"])
    assert reason.startswith(
        "撤销额度：有发票逾期400天，超过365天的法律程序期限：欠款1.6万元移交催收/法务；不恢复赊销：欠款付清并重新核定额度之前，"
        "仅凭预付现金供货；已收担保2.0万元用于抵偿欠款，不用于新的供货；冻结：有发票逾期400天"
    )
    assert labels.value("action", "legal") == "撤销额度/移交法务"
    labels.use("en")
    assert labels.value("action", "legal") == "withdraw the limit, hand to legal"


def test_only_paying_the_debt_releases_the_legal_cases_hold(book, lim, pol):
    held = credit.holds(book, AS_OF, pol, lim=lim)
    assert held.at["LGL", "release"] == (
        "pay the debt of 16 k in full: an invoice 400 days past due (over the 365 legal days) is with collections or "
        "legal action, and no new limit or assessment releases the hold"
    )
    assert held.at["LGL", "release_amount"] == 16000.0
    # no partial payment lifts it: the overdue rule's amount to pay is not offered (MID's is)
    assert pd.isna(held.at["LGL", "overdue_release"]) and held.at["MID", "overdue_release"] > 0
    assert labels.names("releases", held.at["LGL", "release"])[1] == (
        "付清全部欠款1.6万元：有发票逾期400天（超过365天的法律程序期限），已移交催收/法务，新额度或重新评估均不解除冻结"
    )
    # MID's hold keeps its rules' releases: the invoices past the hold days first
    assert held.at["MID", "release"].startswith("pay the invoices more than 90 days past due: 8 k")


@pytest.mark.parametrize(
    ("language", "action", "terms"),
    [
        ("en", "Withdraw the limit, hand to legal", "no credit: the limit is withdrawn"),
        ("zh", "撤销额度/移交法务", "无赊销：撤销额度，欠款移交催收/法务，仅凭预付现金供货（原30天）"),
    ],
)
def test_the_register_and_the_form_ask_to_withdraw_the_limit(book, lim, pol, tmp_path, language, action, terms):
    sc = credit.score(book, AS_OF, pol)
    reg = forms.credit_forms_register(lim, sc, book.customers, "2026-10", pol)
    assert reg.loc["LGL", ["recommended_limit", "limit_change", "action"]].tolist() == [0.0, -50000.0, "legal"]
    labels.use(language)
    try:
        path = forms.write_credit_forms_register(reg, tmp_path, "2026-10")
        ws = load_workbook(path).worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        row = dict(zip(rows[0], next(r for r in rows if r[0] == "LGL")))
        assert row[labels.column("action")] == action
        assert row[labels.money_column("recommended_limit")] == 0
        wb = load_workbook(forms.write_credit_forms(book, "LGL", "2026-10", tmp_path, pol, language=language))
    finally:
        labels.use("en")
    cells = {r[0]: r[1] for r in wb.worksheets[2].iter_rows(values_only=True) if r[0] is not None}
    label = {"en": ("Recommended credit limit", "Proposed payment terms"), "zh": ("建议信用额度", "建议付款期限")}
    assert cells[label[language][0]] == 0 and str(cells[label[language][1]]).startswith(terms)


@pytest.mark.parametrize(
    ("language", "grade", "scored", "line"),
    [
        ("en", "Grade", "Scored grade", "BB (C while the arrears are open)"),
        ("zh", "信用等级", "评分等级", "BB（欠款未清期间按C级处理）"),
    ],
)
def test_the_forms_show_the_grade_that_stands_with_the_scored_grade_under_it(
    book, pol, tmp_path, language, grade, scored, line
):
    # MID scored BB, its limit uses C while the arrears are open (pages and register show C)
    wb = load_workbook(forms.write_credit_forms(book, "MID", "2026-10", tmp_path, pol, language=language))
    scoring = [r for r in wb.worksheets[1].iter_rows(values_only=True)]
    result = {r[1]: r[2] for r in scoring if r[1] is not None}
    assert result[grade] == "C" and result[scored] == line
    assert [r[1] for r in scoring].index(scored) == [r[1] for r in scoring].index(grade) + 1  # the second line
    application = {r[0]: r[1] for r in wb.worksheets[2].iter_rows(values_only=True) if r[0] is not None}
    credit_grade = {"en": "Credit grade", "zh": "信用等级"}[language]
    assert application[credit_grade] == "C" and application[scored] == line
    # OK1: nothing overdue, the grade that stands is the scored one: no second line
    ok = load_workbook(forms.write_credit_forms(book, "OK1", "2026-10", tmp_path, pol, language=language))
    assert scored not in [r[1] for r in ok.worksheets[1].iter_rows(values_only=True)]


def test_the_worklist_marks_the_legal_case_for_legal_follow_up_after_the_calls(book, pol, zh):
    # priorities: LGL 12,000 x 6 (over 365 days) = 72,000, MID 8,000 x 5 (181-365 days) = 40,000: LGL would be
    # Li's first call; a legal case is not the account manager's call, it comes after them
    w = receivables.worklist(book, AS_OF, pol)
    assert w.index.tolist() == ["MID", "LGL"]
    assert w["priority"].tolist() == [40000.0, 72000.0]
    assert w["follow_up"].tolist() == ["call", "legal"] and w["rank"].tolist() == [1, 2]
    assert [labels.value("follow_up", v) for v in w["follow_up"]] == ["客户经理催收", "法务跟进"]


def test_the_legal_case_is_re_reviewed_first(book, lim, pol):
    held = credit.holds(book, AS_OF, pol, lim=lim)
    pyr = kt.segments.pyramid(book, AS_OF, pol)
    assert not pyr["tier"].reindex(["LGL", "MID"]).eq("key").any(), "no key account: the legal rule alone"
    review = credit.review_list(lim)
    assert {"LGL", "MID"} <= set(review.index)
    plan = credit.review_plan(review, credit.review_first(held, pyr, lim, pol), AS_OF, 14, 90)
    assert plan.loc["LGL", "urgency"] == "first" and plan.loc["MID", "urgency"] == "routine"


def test_the_index_has_one_hand_over_line_for_every_legal_case(book, lim, pol):
    found = [d for d in decisions(book, AS_OF, pol, lim, shown=None) if d.kind == "legal_handover"]
    (d,) = found
    assert (d.amount, d.owner, d.due, d.page, d.section) == (
        12000.0, ("finance manager", "财务经理"), "2026-11-14", "04_receivables", "Legal hand-over"
    )  # fmt: skip
    assert d.text == (
        "1 customer has invoices more than 365 days past due (CNY 12 k owed past those days, provided for in full): "
        "their limits are withdrawn and supply stops; hand each to collections or legal action"
    )
    assert d.detail == (
        "The largest: Name LGL (LGL). The list: the receivables page and the sheet “Legal cases” of the aging workbook."
    )
    assert d.text_zh == (
        "1家客户有发票逾期超过365天（逾期超过365天的欠款1.2万元，已全额计提坏账准备）：撤销额度、停止供货，逐户移交催收/法务"
    )
    assert d.detail_zh == "最大的：Name LGL (LGL)。清单见应收账款页及账龄工作簿的“移交法务”表。"
    # named once: not again on an over-limit line
    assert not [x for x in decisions(book, AS_OF, pol, lim, shown=None) if x.customer_id == "LGL"]


@pytest.mark.parametrize(("language", "sheet"), [("en", "Legal cases"), ("zh", "移交法务")])
def test_the_aging_workbook_lists_the_legal_cases(book, lim, pol, tmp_path, language, sheet):
    cases = credit.legal_cases(book, AS_OF, pol, lim=lim)
    assert cases.index.tolist() == ["LGL"]
    # 400 days; 12,000 past the legal days, provided at 100 %; overdue 12,000 of receivables 16,000; collateral
    # 20,000; limit 50,000 withdrawn
    assert cases.loc["LGL", list(credit.LEGAL_COLUMNS)].tolist() == [
        "Name LGL", "Li", 400, 12000.0, 12000.0, 12000.0, 16000.0, 12000.0, 20000.0, 50000.0, 0.0
    ]  # fmt: skip
    aged = receivables.aging(book, AS_OF, pol["receivables"]["buckets"])
    labels.use(language)
    try:
        kt.tables.top(aged, "overdue", 15, excel=tmp_path / "aging.xlsx", also={("Legal cases", "移交法务"): cases})
        head = [
            labels.money_column(c) if registered_kind(c) == "money" else labels.column(c)
            for c in ("customer_id", *credit.LEGAL_COLUMNS)
        ]
    finally:
        labels.use("en")
    wb = load_workbook(tmp_path / "aging.xlsx")
    assert wb.sheetnames[1] == sheet
    rows = list(wb[sheet].iter_rows(values_only=True))
    assert list(rows[0]) == head
    assert list(rows[1]) == ["LGL", "Name LGL", "Li", 400, 12000, 12000, 12000, 16000, 12000, 20000, 50000, 0]


def test_the_account_plan_of_the_legal_case_hands_its_debt_to_legal(book, pol):
    from kamtools import account_plan as ap
    from kamtools.report.plan_actions import actions

    a = ap.account_profile(book, "LGL", AS_OF, pol)
    todo = a.actions.set_index("action")
    # credit stops at once (the hold's release: the debt 16,000); finance, not the account manager, hands the
    # 12,000 overdue invoice's debt (16,000 with what is not yet due) to legal within two weeks
    assert todo.loc["stop_credit", ["owner", "amount", "level"]].tolist() == ["finance", 16000.0, "legal"]
    assert todo.loc["hand_to_legal", ["owner", "due", "amount", "count"]].tolist() == [
        "finance", pd.Timestamp("2026-11-14").date(), 16000.0, 1
    ]  # fmt: skip
    assert "collect_overdue" not in todo.index
    said = {row["action"]: row for row in actions(a, pol)}
    assert said["hand_to_legal"]["title"] == ("Hand the debt to legal", "移交法务")
    # the owner the index gives the hand-over (report.decisions.legal_handover: the finance manager)
    assert said["hand_to_legal"]["owner"] == ("Finance manager", "财务经理")
    assert said["stop_credit"]["text"][1].startswith(
        "撤销额度、停止供货：有发票逾期 400 天（超过 365 天的法律程序期限），欠款移交催收/法务；只有全额付清 "
    )
    assert said["hand_to_legal"]["text"][0].startswith("Hand the debt of ")
    # MID (200 days past due): the account manager calls
    mid = ap.account_profile(book, "MID", AS_OF, pol).actions.set_index("action")
    assert mid.loc["collect_overdue", "owner"] == "account_manager" and "hand_to_legal" not in mid.index


def test_the_account_plan_of_the_legal_case_sets_no_growth_objective(book, pol):
    from kamtools import account_plan as ap
    from kamtools.report import plan_objectives, plan_text

    a = ap.account_profile(book, "LGL", AS_OF, pol)
    o = a.objectives
    # no revenue, margin or wallet objective while the debt is with legal, no step up the relationship
    assert (o["revenue_target"], o["revenue_why"]) == (0.0, "legal")
    assert pd.isna(o["margin_target"]) and pd.isna(o["wallet_share_target"])
    assert o["level_target"] is None and o["state_target"] is None
    growth = {"win_back", "joint_review", "reach_level", "margin", "selling_time", "wallet_estimate"}
    assert not growth & set(a.actions["action"])
    assert plan_objectives.objectives(a, pol)[0][0].startswith("Revenue: none while the debt is with collections")
    check = plan_text.credit_check(a, pol)
    assert check["status"] == "hold" and check["text"][0].startswith("No credit for new business")
    # MID (200 days past due, not a legal case) keeps a revenue objective and the yearly review with the customer
    mid = ap.account_profile(book, "MID", AS_OF, pol)
    assert mid.objectives["revenue_why"] != "legal" and "joint_review" in set(mid.actions["action"])


def test_a_policy_with_the_old_legal_action_line_is_told_what_took_its_place():
    # every legal case is on one hand-over line (report.decisions.legal_handover); the former line of one
    # customer, report.decisions.legal_action, is no longer a key
    with pytest.raises(kt.policy.PolicyError, match=r"unknown policy key 'report\.decisions\.legal_action' \(.*"
                       r"set report\.decisions\.legal_handover\)"):  # fmt: skip
        kt.policy.load_policy({"report": {"decisions": {"legal_action": {"owner": "finance_manager", "side": "finance",
                                                                          "days": 7}}}})  # fmt: skip

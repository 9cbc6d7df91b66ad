"""The data overview says in words what the book lacks and what that means for the numbers
(kamtools.overview.gaps), on a tiny hand-made book with no optional table but a few.

The book (report date 2026-10-31; the last 12 months are 2025-11 to 2026-10):

* C1 -- bought in 2026-05; financial statements, an approved limit (no collateral), terms 30 days.
* C2 -- bought in 2026-09 and had a credit note; nothing else.
* C3 -- only a credit note in 2026-08: not a buyer (a buyer has an invoice with a positive amount).
* C4 -- bought in 2024-12 only: not a buyer of the last 12 months.

So 2 buyers (C1, C2), and C2 lacks statements, a limit and payment terms: 1 of 2, 50.0 %.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kamtools import facts, overview
from kamtools.output import labels, tables
from kamtools.schema import TABLES


def _inv(iid: str, cid: str, date: str, amount: float) -> dict:
    d = pd.Timestamp(date)
    return {"invoice_id": iid, "customer_id": cid, "invoice_date": d, "due_date": d, "amount": amount, "cost": 0.0}


@pytest.fixture(scope="module")
def book():
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "name": list("ABCD"),
            "industry": ["x"] * 4,
            "region": ["East"] * 4,
            "account_manager": ["Li"] * 4,
            "payment_terms_days": [30, None, None, None],
        }
    )
    invoices = pd.DataFrame(
        [
            _inv("I1", "C1", "2026-05-10", 100.0),
            _inv("I2", "C2", "2026-09-10", 200.0),
            _inv("I3", "C2", "2026-10-01", -20.0),
            _inv("I4", "C3", "2026-08-01", -50.0),
            _inv("I5", "C4", "2024-12-01", 300.0),
        ]
    )
    payments = pd.DataFrame(
        {"payment_id": ["P1"], "customer_id": ["C1"], "payment_date": [pd.Timestamp("2026-06-10")], "amount": [100.0]}
    )
    financials = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "period_end": [pd.Timestamp("2025-12-31")],
            **{c: [100.0] for c in ("current_assets", "current_liabilities", "total_assets", "total_liabilities")},
            **{c: [10.0] for c in ("inventory", "revenue", "net_profit")},
        }
    )
    limits = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "credit_limit": [500.0],
            "approved_by": ["Li"],
            "approved_on": [pd.Timestamp("2026-01-05")],
        }
    )
    return facts.source(
        customers=customers, invoices=invoices, payments=payments, financials=financials, credit_limits=limits
    )


def test_each_gap_of_the_book_is_said_with_what_it_weakens(book):
    g = overview.gaps(book, "2026-10-31")
    assert g.index.tolist() == [
        "financials",
        "credit_factors",
        "credit_limits",
        "credit_limits.collateral",
        "open_orders",
        "customers.payment_terms_days",
        "customers.parent_id",  # no groups: group_limits, which needs them, is not said
        "credit_overrides",
        "activities",
        "customers.wallet_estimate",
        "customers.relationship",
        "invoices.discount",
        "leads",
        "contacts",
        "promises",
    ]
    partial = ["financials", "credit_limits", "customers.payment_terms_days"]
    assert g.loc[partial, "state"].tolist() == ["partial"] * 3
    assert g.loc[partial, "without"].tolist() == [1, 1, 1] and g.loc[partial, "share"].tolist() == [0.5, 0.5, 0.5]
    assert (g.drop(index=partial)["state"] == "missing").all()
    assert g.loc["financials", "en"] == (
        "1 of the 2 customers that bought in the last 12 months (50.0 %) have no financial statements: they are "
        "rated on their qualitative assessment alone or not rated (NR), and their limits have no capacity cap "
        "(credit review)."
    )
    assert g.loc["financials", "zh"] == (
        "近12个月有采购的 2 家客户中有 1 家（50.0 %）没有财务报表：只能凭定性评估评级，否则为未评级（NR），"
        "其信用额度也没有偿付能力上限（信用评审）。"
    )
    # the policy's default terms (credit.limit.payment_terms_days: 30) and its rule for customers not rated
    assert g.loc["customers.payment_terms_days", "en"].endswith(
        "their terms need is taken at the policy's 30 days (credit review)."
    )
    assert g.loc["credit_factors", "en"] == (
        "No qualitative credit assessment: with the statements alone no customer reaches the 9 known items a grade "
        "needs, so every customer is not rated (NR) and its limit follows the policy's rule for unrated customers "
        "(the approved limit stays as it is until investigated); no limit is raised (assessment missing: investigate "
        "first), and every customer the credit holds check is held for it (credit review)."
    )
    assert g.loc["activities", "zh"].startswith("没有销售活动记录：无法判断金字塔各层的销售时间是否达到目标")


def test_the_sentences_follow_the_policy(book):
    policy = {
        "credit": {"not_rated": {"min_known_items": 7, "limit_rule": "zero"}, "limit": {"payment_terms_days": 45}},
        "segments": {"missing_score": 0.25},
    }
    g = overview.gaps(book, "2026-10-31", policy)
    # 7 known items: the statements alone rate a customer, so an unassessed one is rated on them
    assert g.loc["credit_factors", "en"].startswith("No qualitative credit assessment: grades rest on the statements' ")
    assert g.loc["customers.payment_terms_days", "zh"].endswith("其账期需求按政策的 45 天计算（信用评审）。")
    assert "(the policy's missing score, 0.25)" in g.loc["customers.relationship", "en"]


def test_only_the_buyers_of_the_12_months_are_counted(book):
    # two months earlier C2 had not bought yet: C1 is the only buyer, and it has statements,
    # a limit and terms, so those are no longer said; what no customer has still is
    g = overview.gaps(book, "2026-08-31")
    assert "financials" not in g.index and "credit_limits" not in g.index
    assert "customers.payment_terms_days" not in g.index and "activities" in g.index


def test_the_tables_of_the_data_overview_read_in_chinese(book):
    try:
        labels.use("zh")
        html = tables.style(overview.table_counts(book)).to_html() + tables.style(overview.coverage(book)).to_html()
    finally:
        labels.use("en")
    assert "财务报表" in html and "信用额度" in html and "尚未采购的潜在客户" in html
    assert not re.search(r">\s*(financials|credit_limits|credit_factors)\s*<", html)
    assert "Prospects not yet buying" not in html


def test_the_descriptions_of_the_tables_name_no_column_or_policy_key():
    from_schema = {t: s.description for t, s in TABLES.items()}
    shown = {t: labels.value("description", d, "en") for t, d in from_schema.items()}
    assert [t for t, d in shown.items() if re.search(r"\b[a-z]+_[a-z_]+\b|\w\.\w", d)] == []
    assert (
        shown["payments"]
        == "Payments received; the invoice number is empty when the payment is not tied to an invoice."
    )
    assert shown["customers"] == from_schema["customers"]  # a description a reader reads as it is stays


def test_each_gap_names_its_owner_the_key_accounts_and_the_customers(book):
    # C2 (the key account here) lacks statements, a limit and payment terms; C1 has them all.
    # Exposure: C2 owes 180 (200 - 20), C4 owes 75 with no limit and did not buy in the 12 months.
    pyramid = pd.DataFrame(
        {
            "name": list("ABCD"),
            "account_manager": ["Li"] * 4,
            "tier": ["ordinary", "key", "prospect", "prospect"],
            "revenue_12m": [100.0, 180.0, -50.0, 0.0],
        },
        index=pd.Index(["C1", "C2", "C3", "C4"], name="account_id"),
    )
    limits = pd.DataFrame(
        {"approved_limit": [500.0, 0.0, 0.0, 0.0], "exposure": [0.0, 180.0, 0.0, 75.0]},
        index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"),
    )
    lacking = overview.gap_customers(book, "2026-10-31", limits=limits, pyramid=pyramid)
    assert lacking["data"].tolist() == ["financials", "credit_limits", "customers.payment_terms_days"]
    assert set(lacking["customer_id"]) == {"C2"}
    assert lacking["owner_zh"].tolist() == ["信用部门"] * 3
    assert lacking["exposure"].tolist() == [180.0] * 3
    follow = overview.gap_followups(lacking, limits, {"report": {"currency": "CNY"}}, as_of="2026-10-31")
    assert follow["key_accounts"].tolist() == [1, 1, 1]
    # the id beside the name; the owner's date: 2026-10-31 + report.data_gap_days (30) = 2026-11-30
    assert (
        follow.at["financials", "zh"]
        == "由信用部门在2026-11-30前补齐。其中重点客户1家；重点客户在前、按收入从高到低：B（C2，重点客户）。"
    )
    assert follow.at["financials", "en"] == (
        "Who fills it: the credit department by 2026-11-30. Key accounts among them: 1 of 1; the largest, "
        "key accounts first: B (C2, key account)."
    )
    # no key account among them: the sentence says so instead of "0 key accounts ... key accounts first"
    plain = overview.gap_followups(
        lacking.assign(tier="ordinary"), limits, {"report": {"currency": "CNY", "data_gap_days": 7}}, as_of="2026-10-31"
    )
    assert plain.at["financials", "zh"] == "由信用部门在2026-11-07前补齐。其中没有重点客户；按收入从高到低：B（C2）。"
    assert plain.at["financials", "en"].startswith(
        "Who fills it: the credit department by 2026-11-07. No key account among them;"
    )
    # 1 buyer without a limit owes 180; with C4 (75, not a buyer) they are the 2 of the credit page
    assert follow.at["credit_limits", "en"].endswith(
        "Owing us now: 1 of the 1 (180 CNY of exposure); with 1 more that owe without a limit in force, they make "
        "the 2 customers with exposure and no limit of the credit review page and the index: approve a limit or "
        "stop supply."
    )
    assert (
        "其中1家目前有风险敞口（180元）；加上另外1家没有有效额度却有欠款的客户，即信用评审页和首页所说的2家"
        in (follow.at["credit_limits", "zh"])
    )


def test_buyers_without_selling_activity_are_listed_with_their_owner_though_leads_have_activities(book):
    # C1 has a visit; C2 (a buyer) has none; a lead's call has no customer: before, that empty customer made
    # "not in (...)" find nobody, and the gap "没有销售活动记录" had no owner and no date on the page
    activities = pd.DataFrame(
        [
            {"activity_id": "A1", "customer_id": "C1", "lead_id": None, "date": pd.Timestamp("2026-09-01"),
             "type": "visit", "account_manager": "Li", "hours": 2.0},
            {"activity_id": "A2", "customer_id": None, "lead_id": "L1", "date": pd.Timestamp("2026-09-02"),
             "type": "call", "account_manager": "Li", "hours": 1.0},
        ]
    )  # fmt: skip
    names = ("customers", "invoices", "payments", "financials", "credit_limits")
    with_calls = facts.source(**{t: book.table(t) for t in names}, activities=activities)
    limits = pd.DataFrame({"approved_limit": [500.0, 0.0], "exposure": [0.0, 180.0]}, index=["C1", "C2"])
    pyramid = pd.DataFrame(
        {
            "name": ["A", "B"],
            "account_manager": ["Li", "Li"],
            "tier": ["ordinary", "key"],
            "revenue_12m": [100.0, 180.0],
        },
        index=pd.Index(["C1", "C2"], name="account_id"),
    )
    lacking = overview.gap_customers(with_calls, "2026-10-31", limits=limits, pyramid=pyramid)
    active = lacking[lacking["data"] == "activities"]
    assert active["customer_id"].tolist() == ["C2"] and active["owner_zh"].tolist() == ["客户经理"]
    follow = overview.gap_followups(lacking, limits, {"report": {"currency": "CNY"}}, as_of="2026-10-31")
    assert follow.at["activities", "zh"].startswith("由客户经理在2026-11-30前补齐。其中重点客户1家")

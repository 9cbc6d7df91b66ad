"""A key account held for arrears whose limit the credit page cuts below what the plan's objective needs once
the hold is released: the plan files one change now (the cut to the need, or the limit in force kept), never a
cut now and a larger limit asked back after the release; while held, its sales go on against payment at the
last 12 months' pace, as on cash in advance (one estimate of the hold phase); and the plan names the joint
decision the index lists for its limit.

C000190 on the committed sample at 2026-10, from its rows: limit 1,477,000, exposure 1,019,579, overdue 159,845
(held by the overdue rule); the credit page recommends 875,000. Its busiest month of the 12 (409,635) needs
941,515 of credit at its 55 days of terms and grace with its open orders of 190,517: rounded up to the policy's
1,000, 942,000. Its last 12 months' revenue is 2,970,341 (247,528 a month).

C000360, held too, loses money after the cost to serve: its prices are reviewed first, so its plan holds the last
12 months' revenue and files the credit page's cut, asking nothing of its own.
"""

from __future__ import annotations

import pandas as pd
import pytest
from plan_pages import page_texts

import kamtools as kt
from kamtools.account_plan import account_profile, book_tables
from kamtools.account_plan_route import credit_route
from kamtools.policy import load_policy
from kamtools.report.plan_decisions import credit_ask

AS_OF, PERIOD, CID = "2026-10-31", "2026-10", "C000190"
POL = load_policy()


@pytest.fixture(scope="module")
def plan():
    data = kt.load()
    book = book_tables(data, AS_OF, POL)
    accounts = {cid: account_profile(data, cid, AS_OF, POL, book=book) for cid in (CID, "C000360")}
    texts = page_texts(accounts, PERIOD, POL, ("zh", "en"))
    return accounts, texts


def test_one_cut_to_what_the_objective_needs_not_a_cut_and_an_ask_back(plan):
    accounts, texts = plan
    a = accounts[CID]
    k = a.credit_check
    assert bool(k["hold"]) and a.credit["approved_limit"] == 1_477_000.0 and a.credit["recommended_limit"] == 875_000.0
    assert k["sized_need"] == pytest.approx(941_515, abs=1)
    assert (k["route_route"], k["route_amount"]) == ("smaller_cut", 942_000.0)
    filed = a.actions[a.actions["action"] == "file_limit"]
    assert filed["amount"].tolist() == [942_000.0]
    ask = credit_ask(a)
    assert (ask["route"], ask["amount"], ask["recommended"]) == ("smaller_cut", 942_000.0, 875_000.0)
    zh, en = texts[CID, "zh"], texts[CID, "en"]
    assert "额度一次调整为 942,000 元（目标所需）" in zh
    assert "冻结解除的当月经新的信用调查申请增加" not in zh
    assert "asks for the" not in en and "one cut, to CNY 942,000" in en


def test_the_hold_phase_is_the_last_12_months_sales_against_payment(plan):
    accounts, texts = plan
    a = accounts[CID]
    o = a.objectives
    assert (o["interim_why"], o["interim_basis"]) == ("hold", "cash_sales")
    assert o["revenue_interim"] == pytest.approx(a.margin["revenue_12m"]) == pytest.approx(2_970_341, abs=1)
    assert "冻结期间按近12个月平均月采购额估计每月约 247,528 元，款到发货（全年 2,970,341 元）" in texts[CID, "zh"]


def test_the_plan_names_the_joint_decision_of_the_index(plan):
    _, texts = plan
    zh = texts[CID, "zh"]
    assert "已列入首页“销售与财务共同决定”：由销售总监与财务经理在2026-11-07前共同决定报批哪一额度" in zh
    assert "（先由销售总监与财务经理在2026-11-07前共同决定报批哪一额度，见首页）" in zh
    assert "the sales director and the finance manager decide by 2026-11-07 which limit is filed" in texts[CID, "en"]


def test_a_loss_maker_files_the_recommendation_and_grows_nothing(plan):
    accounts, texts = plan
    a = accounts["C000360"]
    assert a.margin["profit"] < 0 and a.objectives["margin_rate_why"] == "price_review"
    assert a.objectives["revenue_why"] == "price_first"
    assert a.objectives["revenue_target"] == pytest.approx(a.margin["revenue_12m"])
    assert a.credit_check["route_route"] == "release_first" and credit_ask(a) is None
    assert a.actions.loc[a.actions["action"] == "file_limit", "amount"].tolist() == [220_000.0]
    assert "win_back" not in a.actions["action"].tolist()  # no revenue to win back before the prices
    assert (
        "价格复核之前不设增长目标" in texts["C000360", "zh"] and "价格复核之前不申请更多额度" in texts["C000360", "zh"]
    )


CR = pd.Series(
    {"hold": True, "hold_rules": "overdue", "approved_limit": 500_000.0, "recommended_limit": 100_000.0,
     "approval_level": "regional_company_manager", "multiplier": 1.0, "limit_change": -400_000.0,
     "approved_by": "regional company manager", "limit_rule": "overdue_hold", "action": "collect"}
)  # fmt: skip


@pytest.mark.parametrize(
    ("need", "change", "expected"),
    [
        (250_500.0, {}, ("smaller_cut", 251_000.0)),  # one cut, to the need rounded up
        (650_000.0, {}, ("keep_limit", 500_000.0)),  # the need is above the limit in force: it stays
        (100_500.0, {}, ("release_first", 100_000.0)),  # within the plan's materiality: the recommended cut
        (250_500.0, {"cash_in_advance": True}, ("release_first", 100_000.0)),  # cash in advance: as recommended
        (250_500.0, {"action": "legal"}, ("release_first", 100_000.0)),  # a legal case: as recommended
        (250_500.0, {"multiplier": 0.0}, ("release_first", 100_000.0)),  # no unsecured credit: as recommended
        (250_500.0, {"recommended_limit": 500_000.0}, ("release_first", 500_000.0)),  # no cut: nothing to change
    ],
)
def test_the_held_route(need, change, expected):
    cr = pd.concat([CR.drop(list(change), errors="ignore"), pd.Series(change, dtype="object")])
    check = pd.Series({"need": need, "carries": False, "collateral": 0.0, "approver": "none"})
    r = credit_route(check, cr, POL)
    assert (r["route"], float(r["amount"])) == expected

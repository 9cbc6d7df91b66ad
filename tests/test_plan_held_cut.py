"""A key account held for arrears whose limit the credit page cuts below what the plan's objective needs once
the hold is released: the plan files one change now (the cut to the need, or the limit in force kept), never a
cut now and a larger limit asked back after the release; while held, its sales go on against payment at the
last 12 months' pace, as on cash in advance (one estimate of the hold phase); and the plan names the joint
decision the index lists for its limit.

C000360 on the committed sample at 2026-10, from its rows: limit 1,677,000, exposure 163,205, overdue 94,778
(58 % of receivables: held by the overdue rule); the credit page recommends 220,000. Its objective (win back
the 2,944,317 of the year before) needs 327,146 of credit: rounded up to the policy's 1,000, 328,000. Its last
12 months' revenue is 1,648,073.
"""

from __future__ import annotations

import html

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import kamtools as kt
from kamtools.account_plan import account_profile, book_tables
from kamtools.account_plan_route import credit_route
from kamtools.output import labels
from kamtools.policy import load_policy
from kamtools.report.plan_decisions import credit_ask
from kamtools.report.plans import page

AS_OF, PERIOD, CID = "2026-10-31", "2026-10", "C000360"
POL = load_policy()


@pytest.fixture(scope="module")
def plan():
    data = kt.load()
    a = account_profile(data, CID, AS_OF, POL, book=book_tables(data, AS_OF, POL))
    texts = {}
    for language in ("zh", "en"):
        labels.use(language, POL)
        soup = BeautifulSoup(page(a, PERIOD, POL), "html.parser")
        for tag in soup(["script", "style", "img"]):
            tag.decompose()
        texts[language] = " ".join(html.unescape(soup.get_text(" ")).split())
    labels.use("en")
    return a, texts


def test_one_cut_to_what_the_objective_needs_not_a_cut_and_an_ask_back(plan):
    a, texts = plan
    k = a.credit_check
    assert bool(k["hold"]) and a.credit["approved_limit"] == 1_677_000.0 and a.credit["recommended_limit"] == 220_000.0
    assert (k["route_route"], k["route_amount"]) == ("smaller_cut", 328_000.0)
    filed = a.actions[a.actions["action"] == "file_limit"]
    assert filed["amount"].tolist() == [328_000.0]
    ask = credit_ask(a)
    assert (ask["route"], ask["amount"], ask["recommended"]) == ("smaller_cut", 328_000.0, 220_000.0)
    zh, en = texts["zh"], texts["en"]
    assert "额度一次调整为 328,000 元（目标所需）" in zh and "申请增加 108,000" not in zh
    assert "冻结解除的当月经新的信用调查申请增加" not in zh
    assert "asks for the" not in en and "one cut, to CNY 328,000" in en


def test_the_hold_phase_is_the_last_12_months_sales_against_payment(plan):
    a, texts = plan
    o = a.objectives
    assert (o["interim_why"], o["interim_basis"]) == ("hold", "cash_sales")
    assert o["revenue_interim"] == pytest.approx(a.margin["revenue_12m"]) == pytest.approx(1_648_073, abs=1)
    assert "冻结期间按近12个月平均月采购额估计每月约 137,339 元，款到发货（全年 1,648,073 元）" in texts["zh"]
    assert "1,980,000" not in texts["zh"]  # what the recommended limit would carry: no second method


def test_the_plan_names_the_joint_decision_of_the_index(plan):
    _, texts = plan
    assert "已列入首页“销售与财务共同决定”：由销售总监与财务经理在2026-11-07前共同决定报批哪一额度" in texts["zh"]
    assert "（先由销售总监与财务经理在2026-11-07前共同决定报批哪一额度，见首页）" in texts["zh"]
    assert "the sales director and the finance manager decide by 2026-11-07 which limit is filed" in texts["en"]


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

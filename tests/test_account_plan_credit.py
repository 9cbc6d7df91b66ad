"""The account plan meets the credit page: the revenue objective is checked against the
recommended limit, and a conflict is stated with the options that would resolve it."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from report_runs import sample_book_tables

import kamtools as kt
from kamtools.account_plan import account_profile, default_account
from kamtools.account_plan_text import credit_check, objective_need
from kamtools.output import labels
from kamtools.policy import load_policy
from kamtools.report import plan_text

POL = load_policy()


def _cr(**given) -> pd.Series:
    base = {
        "credit_days": 40,  # 30 days of terms + 10 of grace
        "payment_terms_days": 30,
        "grace_days": 10,
        "open_orders": 10_000.0,
        "recommended_limit": 100_000.0,
        "approved_limit": 50_000.0,
        "approved_by": "account manager",
        "limit_reason": "grade BB: the terms need",
        "hold": False,
    }
    return pd.Series({**base, **given})


def test_the_need_of_an_objective_by_hand():
    # 1,200,000 a year = 100,000 a month, for 40 days: 133,333.33, plus open orders 10,000
    assert objective_need(1_200_000, _cr()) == pytest.approx(143_333.33, abs=0.01)


def test_a_limit_that_cannot_carry_the_objective_has_options_by_hand():
    c = credit_check(1_200_000, _cr(), POL)
    assert not c["carries"] and not c["hold"]
    # collateral for the 43,333.33 missing, counted at 70 % (haircut 30 %): 61,904.76
    assert c["collateral"] == pytest.approx(61_904.76, abs=0.01) and c["counted_at"] == pytest.approx(0.7)
    # terms that fit: (100,000 - 10,000 of orders) x 30 / 100,000 a month = 27 days, less 10 of grace
    assert c["terms_days"] == 17
    # 143,333 is above the account manager's 100,000 and within the direct-sales manager's 500,000
    assert c["approver"] == "direct_sales_manager"
    # what 100,000 carries: 90,000 without the orders, for 40 days: 90,000 x 12 x 30 / 40
    assert c["carried_target"] == pytest.approx(810_000)


def test_terms_that_fit_are_whole_days_rounded_down():
    # 95,000 - 10,000 = 85,000 x 30 / 100,000 = 25.5 days, less 10 of grace: 15.5, so 15 days fit (16 would not)
    assert credit_check(1_200_000, _cr(recommended_limit=95_000.0), POL)["terms_days"] == 15


def test_a_limit_that_carries_the_objective_says_so():
    c = credit_check(1_200_000, _cr(recommended_limit=150_000.0), POL)
    assert c["carries"] and c["shortfall"] == 0


@pytest.fixture(scope="module")
def sample():
    """The committed sample and its book tables on 2026-09-30, worked out once per session for the
    plans of this file and of tests/test_account_plan_page.py (tests/test_portfolio.py checks that a
    plan made from them is the plan made without)."""
    data = kt.load()
    return data, sample_book_tables("2026-09-30")


@pytest.fixture(scope="module")
def account(sample):
    data, book = sample
    return account_profile(data, default_account(data, "2026-09-30"), "2026-09-30", book=book)


def _shown(account, check: pd.Series, language: str) -> dict:
    labels.use(language, POL)
    try:
        return plan_text.credit_check(dataclasses.replace(account, credit_check=check), POL)
    finally:
        labels.use("en")


def test_the_plan_states_the_conflict_with_its_options_in_both_languages(account):
    check = credit_check(1_200_000, _cr(), POL)
    en, zh = _shown(account, check, "en"), _shown(account, check, "zh")
    assert en["status"] == "short" and en["text"][0].endswith("more than the recommended limit of CNY 100,000.")
    assert en["options_title"] == ("Other ways, should the approver decline:", "如审批人不同意，其他做法：")
    assert [o[0] for o in en["options"]] == [
        "collateral of CNY 61,905 (counted at 70.0 %)",
        "payment terms of 17 days instead of 30",
        "a limit of CNY 143,333, approved by the direct-sales manager after a new credit investigation",
        "a smaller objective of CNY 810,000, what the recommended limit carries",
    ]
    assert [o[1] for o in zh["options"]] == [
        "客户提供担保 61,905 元（按 70.0 % 计入）",
        "付款期限由 30 天缩短到 17 天",
        "经新的信用调查后由直销部经理批准 143,333 元的额度",
        "把收入目标降到 810,000 元（建议额度能支持的收入）",
    ]


def test_on_hold_the_plan_grows_nothing_on_credit(account):
    shown = _shown(account, credit_check(1_200_000, _cr(hold=True), POL), "zh")
    assert shown["status"] == "hold" and shown["options"] == []
    assert "客户处于信用冻结（有发票逾期超过 90 天），冻结解除之前不在赊销上增长" in shown["text"][1]


def test_plans_of_the_sample_check_their_objective_against_the_limit(sample):
    (data, book), as_of = sample, "2026-09-30"
    lim = kt.credit.limits(data, as_of)
    for cid in [default_account(data, as_of), "C000282", "C000305"]:
        a = account_profile(data, cid, as_of, book=book)
        k = a.credit_check
        assert k["recommended_limit"] == lim.loc[cid, "recommended_limit"]
        assert k["need"] == objective_need(a.objectives["revenue_target"], lim.loc[cid])
        # held past the hold days, or by a rule of the hold list other than the limit's (arrears, the credit file)
        arrears = set(str(lim.loc[cid, "credit_holds"]).split(", ")) - {"over_limit", "utilization", ""}
        assert k["hold"] == (bool(lim.loc[cid, "hold"]) or bool(arrears)), cid
        assert k["carries"] == (k["need"] <= lim.loc[cid, "recommended_limit"]), cid

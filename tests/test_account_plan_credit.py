"""The account plan meets the credit page: the revenue objective is checked against the
recommended limit, and a conflict is stated with the options that would resolve it."""

from __future__ import annotations

import pandas as pd
import pytest

import kamtools as kt
from kamtools.account_plan import account_profile, default_account
from kamtools.account_plan_text import credit_for_objective, objective_need
from kamtools.policy import load_policy

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


def test_a_limit_that_cannot_carry_the_objective_names_the_options():
    text = credit_for_objective(1_200_000, _cr(), POL)
    assert "more than the recommended limit 100,000" in text
    # collateral for the 43,333.33 missing, counted at 70 % (haircut 30 %): 61,904.76
    assert "collateral of 61,905 (counted at 70%)" in text
    # terms that fit: (100,000 - 10,000 of orders) x 30 / 100,000 a month = 27 days, less 10 of grace
    assert "payment terms of 17 days instead of 30" in text
    # 143,333 is above the account manager's 100,000 and within the direct-sales manager's 500,000
    assert "a limit of 143,333 approved by the direct-sales manager" in text
    # what 100,000 carries: 90,000 without the orders, for 40 days: 90,000 x 12 x 30 / 40
    assert "a smaller objective of 810,000" in text


def test_a_limit_that_carries_the_objective_says_so():
    text = credit_for_objective(1_200_000, _cr(recommended_limit=150_000.0), POL)
    assert text.endswith("the recommended limit 150,000 carries it.") and "choose" not in text


def test_no_growth_on_credit_while_on_hold():
    text = credit_for_objective(1_200_000, _cr(hold=True, limit_reason="hold: invoice 120 days past due"), POL)
    assert "no growth on credit while the account is on hold: hold: invoice 120 days past due" in text


def test_plans_of_the_sample_check_its_objective_against_the_limit():
    data, as_of = kt.load(), "2026-09-30"
    lim = kt.credit.limits(data, as_of)
    for cid in [default_account(data, as_of), "C000282", "C000305"]:
        plan = account_profile(data, cid, as_of).plan
        row = plan.set_index("item")["content"]
        target = float(row["revenue"].split(" over")[0].replace(",", ""))
        need = objective_need(target, lim.loc[cid])
        text = row["credit for the revenue objective"]
        if lim.loc[cid, "hold"]:
            assert "on hold" in text
        elif need > lim.loc[cid, "recommended_limit"]:
            assert "to carry it, choose" in text, (cid, text)
        else:
            assert "carries it" in text, (cid, text)

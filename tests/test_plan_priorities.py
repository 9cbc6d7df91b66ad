"""An account plan's first priority is where the most money is (:func:`kamtools.account_plan_text.by_stake`):
hand-made plans where the order flips with the amounts, and the tie rule (the order of ``ACTIONS``)."""

from __future__ import annotations

import pandas as pd
import pytest

from kamtools.account_plan_text import ACTIONS, _frame, by_stake

#: A limit of 3,230,000 the credit page cuts to 333,000 (C000154 as the review read it).
CR = pd.Series({"approved_limit": 3_230_000.0, "recommended_limit": 333_000.0, "limit_change": -2_897_000.0})
#: An objective of 1,000,000 of revenue, 900,000 last year, at a margin rate of 10 %.
OBJ = pd.Series({"revenue_target": 1_000_000.0, "revenue": 900_000.0, "margin_rate": 0.10})


def _order(rows: list[dict], cr: pd.Series = CR, obj: pd.Series = OBJ) -> list[tuple[str, float]]:
    out = by_stake(_frame(rows), cr, obj)
    return list(zip(out["action"], out["stake"]))


def test_a_limit_decision_of_millions_comes_before_a_small_collection():
    # the review's case: a 26,764 collection named first while a 3.23 M limit is decided
    order = _order(
        [
            {"action": "collect_overdue", "amount": 26_764.0, "count": 2},
            {"action": "keep_limit", "amount": 3_230_000.0},
            {"action": "joint_review", "amount": 1_000_000.0},
        ]
    )
    # keeping 3,230,000 instead of the cut to 333,000: 2,897,000 at stake; the joint review's growth is no risk
    assert order == [("keep_limit", 2_897_000.0), ("collect_overdue", 26_764.0), ("joint_review", 0.0)]


def test_the_order_flips_when_the_collection_is_larger_than_the_limit_change():
    # the whole cut is used: the exposure of 520,000 is above the limit in force
    cr = pd.Series(
        {"approved_limit": 500_000.0, "recommended_limit": 400_000.0, "limit_change": -100_000.0, "exposure": 520_000.0}
    )
    small = [{"action": "file_limit", "amount": 400_000.0}, {"action": "collect_overdue", "amount": 99_000.0}]
    large = [{"action": "file_limit", "amount": 400_000.0}, {"action": "collect_overdue", "amount": 101_000.0}]
    assert _order(small, cr) == [("file_limit", 100_000.0), ("collect_overdue", 99_000.0)]
    assert _order(large, cr) == [("collect_overdue", 101_000.0), ("file_limit", 100_000.0)]


def test_the_credit_pages_cut_weighs_the_exposure_above_the_new_limit_not_the_unused_rest():
    # C000154 as review k read it: 3,230,000 cut to 50,000 while the exposure is 332,890; the cut takes 282,890
    # off credit (the other 2,897,110 were never used): a collection of 300,000 comes first, one of 250,000 after
    cr = pd.Series(
        {"approved_limit": 3_230_000.0, "recommended_limit": 50_000.0, "limit_change": -3_180_000.0,
         "exposure": 332_890.0, "hold": True}
    )  # fmt: skip
    rows = [{"action": "file_limit", "amount": 50_000.0}, {"action": "collect_overdue", "amount": 250_000.0}]
    assert _order(rows, cr) == [("file_limit", 282_890.0), ("collect_overdue", 250_000.0)]
    rows[1]["amount"] = 300_000.0
    assert _order(rows, cr) == [("collect_overdue", 300_000.0), ("file_limit", 282_890.0)]
    # a cut the plan contests (its own, a joint decision) weighs the whole change it decides
    out = by_stake(_frame([{"action": "file_limit", "amount": 2_000_000.0}]), cr, OBJ, contested=True)
    assert out["stake"].tolist() == [1_230_000.0]


def test_a_win_back_and_the_margin_weigh_the_revenue_and_margin_at_risk():
    rows = [
        {"action": "win_back", "amount": 250_000.0, "level": "defense"},
        {"action": "margin", "rate": 0.13},  # 1,000,000 x (13 % - 10 %) = 30,000 of margin
        {"action": "stop_credit", "amount": 40_000.0, "level": "hold"},
    ]
    cr = pd.Series({"approved_limit": 0.0, "recommended_limit": 0.0, "limit_change": 0.0})
    order = _order(rows, cr)
    assert [a for a, _ in order] == ["win_back", "stop_credit", "margin"]
    assert [round(x, 2) for _, x in order] == [250_000.0, 40_000.0, 30_000.0]
    rows[2]["amount"] = 29_000.0  # the collection now smaller than the margin: they swap
    assert [a for a, _ in _order(rows, cr)] == ["win_back", "margin", "stop_credit"]


def test_ties_keep_the_plans_order_and_the_statement_goes_with_its_decision():
    rows = [
        {"action": "keep_limit", "amount": 3_230_000.0},
        {"action": "win_back", "amount": 2_897_000.4},  # the same to the whole unit: a tie
        {"action": "statement"},  # the decision waits on it: its money, listed before it
        {"action": "contacts", "count": 1},
        {"action": "complaints", "count": 3},
    ]
    order = _order(rows)
    assert [a for a, _ in order] == ["statement", "keep_limit", "win_back", "complaints", "contacts"]
    assert order[0][1] == order[1][1] == 2_897_000.0
    assert ACTIONS.index("complaints") < ACTIONS.index("contacts")  # no money: the plan's own order


@pytest.mark.parametrize("change", [-50_000.0, 80_000.0])
def test_a_new_assessment_without_a_limit_action_puts_no_unfiled_change_at_stake(change):
    # the plan files no limit (the credit page's change rests on an expired assessment the plan re-does first):
    # the change it does not file is no money at stake, whatever its size
    cr = pd.Series({"approved_limit": 200_000.0, "recommended_limit": 200_000.0 + change, "limit_change": change})
    order = _order([{"action": "collect_overdue", "amount": 60_000.0}, {"action": "reassess"}], cr)
    assert order == [("collect_overdue", 60_000.0), ("reassess", 0.0)]


def test_a_new_assessment_that_releases_a_hold_puts_a_month_of_purchases_at_stake():
    # held for an expired assessment alone: the assessment releases the hold on the purchases of a month
    # (900,000 a year: 75,000), which comes before a collection of 60,000 and after one of 80,000
    cr = pd.Series({"approved_limit": 200_000.0, "recommended_limit": 150_000.0, "limit_change": -50_000.0,
                    "hold": True, "hold_rules": "stale_assessment"})  # fmt: skip
    order = _order([{"action": "collect_overdue", "amount": 60_000.0}, {"action": "reassess"}], cr)
    assert order == [("reassess", 75_000.0), ("collect_overdue", 60_000.0)]
    order = _order([{"action": "collect_overdue", "amount": 80_000.0}, {"action": "reassess"}], cr)
    assert [a for a, _ in order] == ["collect_overdue", "reassess"]


def test_a_cut_of_a_limit_the_business_does_not_use_is_routine_and_comes_last():
    # C000208 as the review read it: AAA, a limit of 478,000 cut to 354,000 while it owes 231,049 and
    # nothing is held: paperwork with no effect on the exposure, after the relationship's actions
    cr = pd.Series(
        {"approved_limit": 478_000.0, "recommended_limit": 354_000.0, "limit_change": -124_000.0,
         "exposure": 231_049.0, "hold": False, "hold_rules": ""}
    )  # fmt: skip
    rows = [{"action": "file_limit", "amount": 354_000.0}, {"action": "joint_review", "amount": 1_000_000.0},
            {"action": "complaints", "count": 1}]  # fmt: skip
    out = by_stake(_frame(rows), cr, OBJ)
    assert out["action"].tolist() == ["joint_review", "complaints", "file_limit"]
    # and it takes nothing off credit: the exposure is below the new limit
    assert out["routine"].tolist() == [False, False, True] and out["stake"].iloc[-1] == 0.0
    # the same cut below what it owes today is no paperwork: it comes first, by its money
    below = by_stake(_frame(rows), cr.replace(231_049.0, 400_000.0), OBJ)
    assert below["action"].iloc[0] == "file_limit" and not below["routine"].any()
    # held (arrears): the hold already stops new credit, so a cut above what it owes is routine too
    held = by_stake(_frame(rows), cr.replace(False, True), OBJ)
    assert held["action"].tolist() == ["joint_review", "complaints", "file_limit"] and held["routine"].iloc[-1]

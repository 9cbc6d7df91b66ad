"""kamtools.credit: ratios, scorecard, grades, limits, approval levels, accountability.

Expected numbers are worked out by hand in the comments from the small book below.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from kamtools import credit
from kamtools.policy import PolicyError, load_policy
from kamtools.schema import CREDIT_FACTORS, conform
from kamtools.store import KamData

AS_OF = "2026-10-31"
FACTORS = list(CREDIT_FACTORS)
#: C1's one open invoice is 16 days past due: all of its receivables overdue, which the overdue hold
#: (credit.holds.overdue, tests/test_credit_limit_gates.py) answers with "collect, no increase"; it is
#: 120 % used (the utilization hold stops an increase too) and has bought in 2 months only (a short
#: history keeps its limit). The limit tests of this book are about the need, capacity, collateral and
#: approval: those rules are off.
NO_OVERDUE = {"holds": {"overdue": {"enabled": False}, "block_increase": []}, "limit": {"short_history_months": 0}}


def _fin(rows: list[dict]) -> pd.DataFrame:
    return conform(pd.DataFrame(rows), "financials")


def _stmt(cid, end, ca, inv, cl, ta, tl, rev, np_, prepaid=None) -> dict:
    return {
        "customer_id": cid,
        "period_end": end,
        "current_assets": ca,
        "inventory": inv,
        "current_liabilities": cl,
        "total_assets": ta,
        "total_liabilities": tl,
        "revenue": rev,
        "net_profit": np_,
        "prepaid_expenses": prepaid,
    }


def book(extra: dict | None = None) -> KamData:
    """Three customers.

    C1: two fiscal years, assessed twice (all factors 3, then all 5), two approvals.
    C2: one fiscal year with zero current liabilities and zero revenue, equity negative,
        assessed once with two factors missing, one approval.
    C3: nothing but an old invoice: no statements, never assessed, no approval.
    """
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "name": ["甲公司", "=cmd|' /C calc'!A0", "Gamma"],
            "industry": ["Distribution", "Retail", "Distribution"],
            "region": ["East"] * 3,
            "account_manager": ["Li", "Wang", "Li"],
        }
    )
    fin = [
        _stmt("C1", "2024-12-31", 500e3, 200e3, 300e3, 900e3, 450e3, 3000e3, 150e3),
        _stmt("C1", "2025-12-31", 600e3, 250e3, 300e3, 1100e3, 500e3, 4000e3, 320e3),
        _stmt("C2", "2025-12-31", 100e3, 10e3, 0.0, 200e3, 250e3, 0.0, -5e3),
    ]
    f = {"customer_id": ["C1", "C1", "C2"], "assessed_on": ["2025-06-30", "2026-06-30", "2026-03-31"]}
    for i, k in enumerate(FACTORS):
        f[k] = [3, 5, None if i < 2 else 4]
    inv = pd.DataFrame(
        {
            "invoice_id": ["I1", "I2", "I3", "I4"],
            "customer_id": ["C1", "C1", "C2", "C3"],
            "invoice_date": ["2026-01-10", "2026-09-15", "2026-05-01", "2025-01-01"],
            "due_date": ["2026-02-09", "2026-10-15", "2026-05-31", "2025-01-31"],
            "amount": [120000.0, 60000.0, 24000.0, 5000.0],
            "cost": [0.0] * 4,
        }
    )
    pay = pd.DataFrame(
        {
            "payment_id": ["P1"],
            "customer_id": ["C1"],
            "payment_date": ["2026-02-01"],
            "amount": [120000.0],
            "invoice_id": ["I1"],
        }
    )
    cl = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2"],
            "credit_limit": [10000.0, 50000.0, 10000.0],
            "approved_by": ["Zhao", "Qian", "Sun"],
            "approved_on": ["2024-01-01", "2026-01-01", "2025-01-01"],
            "collateral": [None, 5000.0, None],
        }
    )
    tables = {
        "customers": customers,
        "financials": pd.DataFrame(fin),
        "credit_factors": pd.DataFrame(f),
        "invoices": inv,
        "payments": pay,
        "credit_limits": cl,
    }
    tables.update(extra or {})
    return KamData({k: conform(v, k) for k, v in tables.items()})


@pytest.fixture(scope="module")
def data() -> KamData:
    return book()


@pytest.fixture(scope="module")
def scores(data) -> pd.DataFrame:
    return credit.score(data, AS_OF)


@pytest.fixture(scope="module")
def lim(data, scores) -> pd.DataFrame:
    return credit.limits(data, AS_OF, {"credit": NO_OVERDUE}, scores=scores)


# --------------------------------------------------------------------------- ratios
def test_ratios_by_hand():
    fin = _fin(
        [
            _stmt("C1", "2024-12-31", 500, 200, 300, 900, 450, 3000, 150),
            _stmt("C1", "2025-12-31", 600, 250, 300, 1100, 500, 4000, 320, prepaid=50),
        ]
    )
    r = credit.ratios(fin).loc["C1"]
    assert r["period_end"] == pd.Timestamp("2025-12-31")
    assert r["quick_ratio"] == pytest.approx((600 - 250 - 50) / 300)  # 1.0: exactly on "ok"
    assert r["quick_ratio_status"] == "ok"
    assert r["current_ratio"] == pytest.approx(2.0)
    assert r["debt_ratio"] == pytest.approx(500 / 1100)
    # average total assets = (900 + 1100) / 2 = 1000; turnover = 4000 / 1000
    assert r["avg_total_assets"] == pytest.approx(1000.0)
    assert r["asset_turnover"] == pytest.approx(4.0)
    assert r["asset_turnover_status"] == "ok"  # exactly on the material's 4 (distributors 4-5)
    assert pd.isna(r["asset_turnover_reason"])
    assert not r["prior_year_missing"]
    assert r["net_margin"] == pytest.approx(0.08)
    assert r["net_margin_status"] == "watch"  # exactly on watch (8 %); ok from the material's 15 %
    assert r["equity"] == pytest.approx(600.0)
    assert r["equity_growth_3y"] == pytest.approx(600 / 450 - 1)
    assert r["equity_growth_3y_reason"] == "over 1 year(s) only: 2 statements, a 3-year growth needs 4"
    assert r["profitable_years_3y"] == 2
    # two profitable years of two on file: the third year is missing, not a loss -> rated as 3, ok
    assert r["profitable_years_3y_status"] == "ok"
    assert (
        r["profitable_years_3y_reason"] == "only 2 of 3 years of statements: a year without one is missing, not a loss"
    )


def test_missing_prior_year_uses_closing_assets_and_flags_it():
    fin = _fin([_stmt("C9", "2025-12-31", 600, 250, 300, 1200, 500, 4800, 320)])
    r = credit.ratios(fin).loc["C9"]
    assert r["prior_year_missing"]
    assert r["asset_turnover"] == pytest.approx(4800 / 1200)
    assert "no prior year" in r["asset_turnover_reason"]
    assert math.isnan(r["equity_growth_3y"]) and r["equity_growth_3y_reason"] == "no prior year"
    assert pd.isna(r["equity_growth_3y_status"])


def test_a_gap_of_years_is_not_a_prior_year():
    fin = _fin(
        [
            _stmt("C9", "2021-12-31", 600, 250, 300, 800, 500, 4800, 320),
            _stmt("C9", "2025-12-31", 600, 250, 300, 1200, 500, 4800, 320),
        ]
    )
    r = credit.ratios(fin).loc["C9"]
    assert r["prior_year_missing"]
    assert r["asset_turnover"] == pytest.approx(4.0)


def test_equity_growth_three_years_and_profitable_years():
    # equity 1000 -> 1100 -> 1210 -> 1331: 10 % a year; losses in 2023 only
    rows = [
        _stmt("C5", f"{y}-12-31", 500, 100, 250, 1000 + e, 1000, 3000, p)
        for y, e, p in [(2022, 1000, 10), (2023, 1100, -5), (2024, 1210, 8), (2025, 1331, 9)]
    ]
    hist = credit.ratios(_fin(rows), history=True)
    last = hist.loc[("C5", pd.Timestamp("2025-12-31"))]
    assert last["equity_growth_3y"] == pytest.approx(0.10)
    assert pd.isna(last["equity_growth_3y_reason"])
    assert last["profitable_years_3y"] == 2  # 2023 loss, 2024 and 2025 profits
    assert last["years_available"] == 3
    first = hist.loc[("C5", pd.Timestamp("2022-12-31"))]
    assert first["profitable_years_3y"] == 1 and first["prior_year_missing"]
    # as_of selects the statements known then
    assert credit.ratios(_fin(rows), as_of="2024-06-30").loc["C5", "period_end"] == pd.Timestamp("2023-12-31")


def test_three_statements_give_a_two_year_growth_flagged():
    # equity 400 -> 440 -> 484: 10 % a year over 2 years; a 3-year growth needs a fourth statement
    rows = [
        _stmt("C5", f"{y}-12-31", 500, 100, 250, 1000 + e, 1000, 3000, 10)
        for y, e in [(2023, 400), (2024, 440), (2025, 484)]
    ]
    r = credit.ratios(_fin(rows)).loc["C5"]
    assert r["equity_growth_3y"] == pytest.approx(0.10)
    assert r["equity_growth_3y_reason"] == "over 2 year(s) only: 3 statements, a 3-year growth needs 4"


def test_missing_denominators_give_nan_with_a_reason():
    nan = float("nan")
    fin = _fin([_stmt("C2", "2025-12-31", 100, 10, nan, nan, 50, nan, 5)])
    r = credit.ratios(fin).loc["C2"]
    for name, reason in [
        ("quick_ratio", "current liabilities missing"),
        ("current_ratio", "current liabilities missing"),
        ("debt_ratio", "total assets missing"),
        ("asset_turnover", "average total assets missing"),
        ("net_margin", "revenue missing"),
    ]:
        assert math.isnan(r[name]), name
        assert r[f"{name}_reason"] == reason, name
        assert pd.isna(r[f"{name}_status"]), name


def test_prior_year_without_total_assets_falls_back_to_closing_assets():
    nan = float("nan")
    fin = _fin(
        [
            _stmt("C9", "2024-12-31", 500, 200, 300, nan, 450, 3000, 150),
            _stmt("C9", "2025-12-31", 600, 250, 300, 1200, 500, 4800, 320),
        ]
    )
    r = credit.ratios(fin).loc["C9"]
    # 4800 / 1200 (closing assets), flagged; not NaN for want of the opening assets
    assert r["asset_turnover"] == pytest.approx(4.0)
    assert r["prior_year_missing"] and r["avg_total_assets"] == pytest.approx(1200)
    assert (
        r["asset_turnover_reason"]
        == "prior-year total assets missing: closing total assets used instead of the average"
    )
    # the prior year's equity is unknown too: no growth, and the reason says why
    assert math.isnan(r["equity_growth_3y"])
    assert r["equity_growth_3y_reason"] == "equity of the prior years missing (total assets or liabilities)"


def test_equity_growth_skips_a_year_whose_equity_is_missing():
    # four statements; the oldest has no total assets: growth from 2023 (equity 500) to 2025 (605)
    nan = float("nan")
    rows = [
        _stmt("C5", "2022-12-31", 500, 100, 250, nan, 1000, 3000, 10),
        _stmt("C5", "2023-12-31", 500, 100, 250, 1500, 1000, 3000, 10),
        _stmt("C5", "2024-12-31", 500, 100, 250, 1550, 1000, 3000, 10),
        _stmt("C5", "2025-12-31", 500, 100, 250, 1605, 1000, 3000, 10),
    ]
    r = credit.ratios(_fin(rows)).loc["C5"]
    assert r["equity_growth_3y"] == pytest.approx(0.10)  # (605 / 500) ** (1 / 2) - 1
    assert r["equity_growth_3y_reason"] == "over 2 year(s) only: equity of an earlier year missing"


def test_missing_prior_net_profit_is_not_a_loss_year():
    nan = float("nan")
    rows = [
        _stmt("C5", "2023-12-31", 500, 100, 250, 2000, 1000, 3000, 10),
        _stmt("C5", "2024-12-31", 500, 100, 250, 2000, 1000, 3000, nan),
        _stmt("C5", "2025-12-31", 500, 100, 250, 2000, 1000, 3000, 20),
    ]
    r = credit.ratios(_fin(rows)).loc["C5"]
    assert r["profitable_years_3y"] == 2  # 2023 and 2025; 2024 unknown, not counted either way
    assert r["profitable_years_3y_status"] == "ok"  # no loss known: 2 profitable + 1 unknown = 3
    assert r["profitable_years_3y_reason"] == (
        "net profit missing for 1 of the 3 years of statements: counted over the 2 known, a missing year is not a loss"
    )
    rows[0] = _stmt("C5", "2023-12-31", 500, 100, 250, 2000, 1000, 3000, -10)
    r = credit.ratios(_fin(rows)).loc["C5"]
    assert r["profitable_years_3y"] == 1
    assert r["profitable_years_3y_status"] == "watch"  # one loss known: 1 profitable + 1 unknown = 2


def test_zero_denominators_give_nan_with_a_reason():
    fin = _fin([_stmt("C2", "2025-12-31", 100, 10, 0, 0, 0, 0, -5)])
    r = credit.ratios(fin).loc["C2"]
    for name, reason in [
        ("quick_ratio", "zero current liabilities"),
        ("current_ratio", "zero current liabilities"),
        ("debt_ratio", "zero total assets"),
        ("asset_turnover", "zero average total assets"),
        ("net_margin", "zero revenue"),
    ]:
        assert math.isnan(r[name]), name
        assert r[f"{name}_reason"] == reason
        assert pd.isna(r[f"{name}_status"])


def test_negative_starting_equity_gives_nan_growth():
    fin = _fin(
        [
            _stmt("C2", "2024-12-31", 100, 10, 50, 200, 250, 100, -5),
            _stmt("C2", "2025-12-31", 100, 10, 50, 300, 250, 100, 5),
        ]
    )
    r = credit.ratios(fin).loc["C2"]
    assert math.isnan(r["equity_growth_3y"])
    assert r["equity_growth_3y_reason"] == "equity at the start is zero or negative"


def test_industry_benchmarks_override():
    fin = _fin(
        [
            _stmt("A", "2025-12-31", 600, 250, 300, 1000, 500, 2500, 320),
            _stmt("B", "2025-12-31", 600, 250, 300, 1000, 500, 2500, 320),
        ]
    )
    industry = pd.Series({"A": "Retail", "B": "Distribution"})
    pol = {"credit": {"benchmarks_by_industry": {"Retail": {"asset_turnover": {"ok": 3.0, "watch": 2.0}}}}}
    r = credit.ratios(fin, policy=pol, industry=industry)
    assert r.loc["A", "asset_turnover_status"] == "watch"  # 2.5 < 3.0 for retail, >= its 2.0
    assert r.loc["B", "asset_turnover_status"] == "watch"  # 2.5 < 4.0, on the default watch 2.5
    pol["credit"]["benchmarks_by_industry"]["Retail"]["asset_turnover"] = {"ok": 2.5, "watch": 2.0}
    assert credit.ratios(fin, policy=pol, industry=industry).loc["A", "asset_turnover_status"] == "ok"


def test_industry_override_of_the_better_direction_is_honoured():
    # Retail: a lower asset turnover is rated better (ok at or below 3, watch up to 5)
    fin = _fin(
        [
            _stmt("A", "2025-12-31", 600, 250, 300, 1000, 500, 2500, 320),
            _stmt("B", "2025-12-31", 600, 250, 300, 1000, 500, 2500, 320),
            _stmt("C", "2025-12-31", 600, 250, 300, 1000, 500, 6000, 320),
        ]
    )
    industry = pd.Series({"A": "Retail", "B": "Distribution", "C": "Retail"})
    pol = {
        "credit": {
            "benchmarks_by_industry": {"Retail": {"asset_turnover": {"ok": 3.0, "watch": 5.0, "better": "lower"}}}
        }
    }
    r = credit.ratios(fin, policy=pol, industry=industry)
    assert r.loc["A", "asset_turnover_status"] == "ok"  # 2.5 <= 3
    assert r.loc["C", "asset_turnover_status"] == "weak"  # 6.0 > 5
    assert r.loc["B", "asset_turnover_status"] == "watch"  # 2.5: watch by default, higher is better
    assert credit.benchmark("asset_turnover", "Retail", pol) == {
        "target": 4.5,
        "ok": 3.0,
        "watch": 5.0,
        "better": "lower",
    }
    assert credit.benchmark("asset_turnover", "Distribution", pol)["better"] == "higher"


def test_ratios_accept_kamdata(data):
    r = credit.ratios(data, AS_OF)
    assert list(r.index) == ["C1", "C2"]
    assert r.loc["C2", "industry"] == "Retail"


# --------------------------------------------------------------------------- score
def test_score_by_hand(scores):
    c1 = scores.loc["C1"]
    # ratios: quick 8 + current 4 + debt 8 + turnover 5 ok; net margin 8 % watch: 7 / 2 = 3.5;
    # equity growth (33 %, ok) and profitable years (2 of 2, no loss: ok) each carry their factor's
    # weight too (scored once: 4 + 4 = 8 each) -> 44.5; the ten other factors all 5 -> 52; total 96.5
    assert c1["score"] == pytest.approx(96.5)
    assert c1["grade"] == c1["grade_model"] == "AAA" and not c1["is_nr"]
    assert c1["missing_factors"] == 0 and c1["known_items"] == 17
    assert c1["top_losses"] == "net_margin -3.5"
    assert c1[["wt_equity_growth_3y", "wt_capital_growth_3y", "pts_capital_growth_3y"]].tolist() == [8, 0, 0]
    # previous: the day before the latest assessment (all factors 3 -> half of 52 = 26) + 44.5 -> 70.5
    assert c1["previous_score"] == pytest.approx(70.5)
    assert c1["previous_grade"] == "A" and c1["previous_basis"] == "previous assessment"
    assert c1["grade_changed"] and c1["grade_move"] == "up"

    c2 = scores.loc["C2"]
    # ratios: quick (8 / 2) current (4 / 2) margin (7 / 2) missing -> neutral half; debt 1.25 weak,
    # turnover 0 weak; profitable years: one loss, two years missing -> rated 2, watch: 8 / 2 = 4
    # -> 13.5; equity growth not computable (no prior year) -> the factor capital_growth_3y (4)
    # carries the concept: 0.75 x 8 = 6; principal and size missing: (6 + 5) / 2 = 5.5; the eight
    # other factors at 4: 0.75 x 41 = 30.75; total 55.75
    assert c2["score"] == pytest.approx(55.75)
    assert c2["grade"] == "BB"
    assert c2["missing_factors"] == 5 and c2["known_items"] == 12
    assert c2["missing_items"] == "quick_ratio, current_ratio, net_margin, principal_credit, size_ownership"
    assert c2[["wt_equity_growth_3y", "wt_capital_growth_3y", "pts_capital_growth_3y"]].tolist() == [0, 8, 6]
    assert c2["top_losses"] == "debt_ratio -8; asset_turnover -5; quick_ratio -4"
    assert pd.isna(c2["previous_grade"]) and not c2["grade_changed"]  # nothing known a year earlier
    assert c2["grade_move"] == "new"

    c3 = scores.loc["C3"]
    # nothing known: 0 of 17 items, fewer than 9 -> not rated; the neutral score 50 sets no grade
    assert c3["score"] == pytest.approx(50.0) and c3["missing_factors"] == 17 and c3["known_items"] == 0
    assert c3["grade"] == c3["grade_model"] == "NR" and c3["is_nr"]


def test_missing_worst_scores_nothing(data):
    sc = credit.score(data, AS_OF, {"credit": {"missing": "worst"}})
    assert sc.loc["C3", "score"] == 0.0 and sc.loc["C3", "grade"] == "NR"
    assert sc.loc["C2", "score"] == pytest.approx(55.75 - 4 - 2 - 3.5 - 3 - 2.5)


def test_previous_grade_twelve_months_back(data):
    # With only one assessment the previous grade is the score a year earlier.
    sc = credit.score(data, "2027-04-15")
    assert sc.loc["C2", "previous_basis"] == "12 months earlier"
    assert sc.loc["C2", "previous_score"] == pytest.approx(55.75)
    assert sc.loc["C2", "grade_move"] == "same" and not sc.loc["C2", "grade_changed"]


def test_a_worse_assessment_is_a_downgrade():
    f = pd.DataFrame(
        [["C1", "2025-06-30", *[5] * 12], ["C1", "2026-06-30", *[3] * 12]],
        columns=["customer_id", "assessed_on", *FACTORS],
    )
    sc = credit.score(book({"credit_factors": f}), AS_OF)
    assert sc.loc["C1", ["previous_score", "score"]].tolist() == [96.5, 70.5]
    assert sc.loc["C1", "grade_move"] == "down" and sc.loc["C1", "grade_changed"]


@pytest.mark.parametrize(
    "value, grade",
    [
        (100, "AAA"),
        (90, "AAA"),
        (89.99, "AA"),
        (80, "AA"),
        (79.99, "A"),
        (70, "A"),
        (60, "BBB"),
        (59.99, "BB"),
        (50, "BB"),
        (40, "B"),
        (39.99, "C"),
        (0, "C"),
    ],
)
def test_grade_boundaries(value, grade):
    assert credit.grade_of(float(value)) == grade


def test_score_exactly_on_a_cut_off_gets_the_higher_grade(data):
    grades = {"AAA": 96.5, "AA": 90, "A": 80, "BBB": 70, "BB": 60, "B": 55.75, "C": 0}
    sc = credit.score(data, AS_OF, {"credit": {"grades": grades}})
    assert sc.loc["C1", "grade"] == "AAA"  # 96.5 on the AAA cut-off
    assert sc.loc["C2", "grade"] == "B"  # 55.75 on the B cut-off
    sc = credit.score(data, AS_OF, {"credit": {"grades": {"AAA": 96.51}}})
    assert sc.loc["C1", "grade"] == "AA"


def test_grade_changes_table(scores):
    tab = credit.grade_changes(scores)
    assert tab.loc["A", "AAA"] == 1 and tab.loc["new", "BB"] == 1 and tab.loc["new", "NR"] == 1
    assert tab.to_numpy().sum() == 3


# --------------------------------------------------------------------------- policy
def test_weights_must_add_up_to_100(data):
    with pytest.raises(PolicyError, match=r"credit\.weights"):
        credit.score(data, AS_OF, {"credit": {"weights": {"quick_ratio": 9}}})


def test_grades_must_descend(data):
    with pytest.raises(PolicyError, match=r"credit\.grades"):
        credit.score(data, AS_OF, {"credit": {"grades": {"AA": 95}}})


def test_unknown_key_and_out_of_range_are_rejected(data):
    with pytest.raises(PolicyError, match=r"credit\.limit\.month_of_purchases"):
        credit.limits(data, AS_OF, {"credit": {"limit": {"month_of_purchases": {}}}})
    with pytest.raises(PolicyError, match=r"credit\.limit\.capacity\.equity_share\.AAA"):
        credit.limits(data, AS_OF, {"credit": {"limit": {"capacity": {"equity_share": {"AAA": 1.5}}}}})
    with pytest.raises(PolicyError, match=r"credit\.status_points\.watch"):
        load_policy({"credit": {"status_points": {"watch": 2}}})
    with pytest.raises(PolicyError, match=r"credit\.missing"):
        credit.score(data, AS_OF, {"credit": {"missing": "zero"}})
    with pytest.raises(PolicyError, match=r"credit\.benchmarks_by_industry\.Retail\.quick"):
        credit.ratios(data, policy={"credit": {"benchmarks_by_industry": {"Retail": {"quick": {"ok": 1}}}}})
    with pytest.raises(PolicyError, match=r"credit\.benchmarks\.debt_ratio"):
        credit.ratios(data, policy={"credit": {"benchmarks": {"debt_ratio": {"watch": 0.4}}}})
    with pytest.raises(PolicyError, match=r"credit\.approval_levels\[1\]\.up_to"):
        credit.limits(
            data,
            AS_OF,
            {
                "credit": {
                    "approval_levels": [
                        {"key": "a", "name": "A", "name_zh": "甲", "up_to": 100},
                        {"key": "b", "name": "B", "name_zh": "乙", "up_to": 100},
                    ]
                }
            },
        )
    with pytest.raises(PolicyError, match=r"credit\.accountability"):
        credit.accountability(
            pd.DataFrame(columns=["customer_id", "amount", "handler"]),
            pd.DataFrame(),
            {"credit": {"accountability": {"handler_share_within_limit": 0.5}}},
        )


# --------------------------------------------------------------------------- limits
def test_limits_by_hand(lim):
    c1 = lim.loc["C1"]
    assert c1["approved_limit"] == 50000 and c1["approved_by"] == "Qian" and c1["collateral"] == 5000
    assert c1["approved_on"] == pd.Timestamp("2026-01-01")
    # purchases 2025-11-01..2026-10-31: 120000 (January) + 60000 (September): 90000 a month over the
    # 2 months bought; default terms 30 + 10 grace days: need 90000 x 40 / 30 = 120000; AAA x 1.5 =
    # 180000; capacity the greater of 20 % x equity 600000 = 120000 and 50 % x working capital
    # 300000 = 150000: capped at 150000; collateral 5000 less 30 % = 3500 secured (room 180000 -
    # 150000): 153500, a secured limit rounds down: 153000; an increase of 103000
    assert c1["avg_monthly_purchases"] == pytest.approx(90000) and c1["terms_need"] == 120000
    assert c1["capacity_cap"] == 150000 and c1["capped_by_capacity"] and not c1["capped_by_equity"]
    assert c1["secured_limit"] == 3500 and c1["recommended_limit"] == 153000
    assert c1["limit_change"] == 103000 and c1["approval_level"] == "direct_sales_manager"
    # I2 (60000, due 2026-10-15) open: 16 days past due
    assert c1["open_receivables"] == 60000 and c1["exposure"] == 60000
    assert c1["max_days_past_due"] == 16
    assert c1["utilization"] == pytest.approx(1.2)
    assert c1["headroom"] == 0 and c1["overlimit"] == 10000 and c1["overlimit_uncovered"] == 5000
    assert c1["review_grade_change"] and c1["review_utilization"]
    assert not c1["review_past_due"] and not c1["review_stale_assessment"]
    assert c1["review_reasons"] == "grade changed A -> AAA; utilization 120 % above 90 %"

    c2 = lim.loc["C2"]
    # an invoice 153 days past due: on hold, and while it is open the limit takes grade C instead of BB
    # (multiplier 0, capacity shares 0): cash in advance or collateral only; the 10000 approved goes to 0
    assert c2["scored_grade"] == "BB" and c2["grade"] == "C" and c2["grade_capped"]
    assert c2["equity_cap"] == 0 and c2["capacity_cap"] == 0 and c2["proposed_limit"] == 0
    assert c2["hold"] and c2["recommended_limit"] == 0 and c2["limit_change"] == -10000
    assert c2["max_days_past_due"] == 153 and c2["review_past_due"]

    c3 = lim.loc["C3"]
    assert c3["approved_limit"] == 0 and math.isnan(c3["utilization"])
    assert c3["utilization_reason"] == "no approved limit"
    # no limit to change, but terms to cash in advance and an invoice 638 days past due to hand to collections or
    # legal action: signed where a decrease would be, the level a limit of 0 needs
    assert c3["limit_change"] == 0 and c3["approval_level"] == "account_manager"
    assert c3["approval_reason"] == (
        "limit unchanged at 0, payment terms from 30 to 0 days (cash in advance) and hand-over to collections or "
        "legal action: no limit in force, the level the current limit 0 needs: Account manager"
    )
    assert c3["over_limit"] and c3["overlimit"] == 5000
    assert c3["review_stale_assessment"] and c3["review_utilization"]
    assert c3["review_reasons"] == (
        "exposure without an approved limit; invoice 638 days past due (over 60); never assessed"
    )


def test_limits_by_hand_with_the_overdue_hold(data, scores):
    """The default policy: C1's whole 60000 is 16 days past due (100 % of its receivables, above 25 %
    and above 50000): no increase beyond the 50000 approved, collect the 60000 overdue first (its
    exposure 60000 is also 10000 above the limit); the grade's rules give 153000, but two months bought
    are a short history: the lesser of the approved 50000 and the AAA starter 500000 is the proposal."""
    c1 = credit.limits(data, AS_OF, scores=scores).loc["C1"]
    assert c1["overdue_hold"] and c1["overdue_share"] == 1.0 and c1["rules_limit"] == 153000
    assert c1["short_history"] and c1["proposed_limit"] == 50000
    assert c1["credit_holds"] == c1["blocking_holds"] == "over_limit, overdue, utilization"
    assert c1["recommended_limit"] == 50000 and c1["limit_change"] == 0 and c1["approval_level"] == "none"
    assert (c1["action"], c1["collect_first"], c1["limit_rule"]) == ("collect", 60000.0, "overdue")
    assert c1["review_overdue"] and c1["review_reasons"] == (
        "grade changed A -> AAA; utilization 120 % above 90 %; overdue 60 k is 100 % of receivables 60 k"
    )


def _trigger_book() -> KamData:
    """Four customers at the edges of the re-review triggers on 2026-10-31 (limit 1000 each).

    X1: an invoice due 2026-09-01 (60 days past due), assessed 2025-10-31 (exactly 12 months).
    X2: an invoice due 2026-08-31 (61 days past due), assessed 2025-10-30 (a day older).
    X3: exposure 900 (utilization exactly 0.9); X4: exposure 901 (just above).
    """
    ids = ["X1", "X2", "X3", "X4"]
    customers = pd.DataFrame({"customer_id": ids, "name": ids, "industry": "X", "region": "E", "account_manager": "Li"})
    f = pd.DataFrame(
        [[cid, day, *[3] * 12] for cid, day in zip(ids, ["2025-10-31", "2025-10-30", "2026-06-30", "2026-06-30"])],
        columns=["customer_id", "assessed_on", *FACTORS],
    )
    inv = pd.DataFrame(
        {
            "invoice_id": ["I1", "I2", "I3", "I4"],
            "customer_id": ids,
            "invoice_date": ["2026-08-01", "2026-07-31", "2026-10-16", "2026-10-16"],
            "due_date": ["2026-09-01", "2026-08-31", "2026-11-15", "2026-11-15"],
            "amount": [500.0, 500.0, 900.0, 901.0],
            "cost": 0.0,
        }
    )
    cl = pd.DataFrame({"customer_id": ids, "credit_limit": 1000.0, "approved_by": "Wang", "approved_on": "2026-01-01"})
    tables = {
        "customers": customers,
        "financials": pd.DataFrame(columns=list(_stmt("x", *[0] * 8).keys())),
        "credit_factors": f,
        "invoices": inv,
        "payments": pd.DataFrame(columns=["payment_id", "customer_id", "payment_date", "amount"]),
        "credit_limits": cl,
    }
    return KamData({k: conform(v, k) for k, v in tables.items()})


def test_review_triggers_at_their_boundaries():
    lim = credit.limits(_trigger_book(), AS_OF)
    assert lim["max_days_past_due"].tolist() == [60, 61, 0, 0]
    # more than 60 days past due: 61 is, 60 is not
    assert lim["review_past_due"].tolist() == [False, True, False, False]
    assert lim.loc["X2", "review_reasons"].startswith("invoice 61 days past due (over 60)")
    # utilization above 0.9: exactly 0.9 is not, 0.901 is
    assert lim.loc["X3", "utilization"] == 0.9
    assert lim["review_utilization"].tolist() == [False, False, False, True]
    # assessment older than 12 months: exactly 12 months (2025-10-31) is not, a day more is
    assert lim["review_stale_assessment"].tolist() == [False, True, False, False]
    assert "assessment older than 12 months" in lim.loc["X2", "review_reasons"]
    assert not lim.loc["X3", "review"]


def test_compare_grades_with_the_previous_period(data, scores):
    earlier = credit.score(data, "2026-05-31")
    cmp = credit.compare_grades(scores, earlier)
    # C1 on 2026-05-31: only the first assessment (all factors 3) -> 70.5, A; now 96.5, AAA.
    # C2: the same statements and assessment then and now. C3: nothing known then.
    assert cmp.loc["C1", ["previous_score", "previous_grade", "grade", "grade_move"]].tolist() == [
        70.5,
        "A",
        "AAA",
        "up",
    ]
    assert cmp.loc["C2", "grade_move"] == "same" and not cmp.loc["C2", "grade_changed"]
    assert pd.isna(cmp.loc["C3", "previous_grade"]) and cmp.loc["C3", "grade_move"] == "new"
    tab = credit.grade_changes(cmp)
    assert tab.loc["A", "AAA"] == 1 and tab.loc["BB", "BB"] == 1 and tab.loc["new", "NR"] == 1
    assert tab.to_numpy().sum() == 3


def test_open_orders_count_in_exposure():
    oo = pd.DataFrame({"customer_id": ["C1", "C1"], "amount": [1000.0, 500.0]})
    lim = credit.limits(book({"open_orders": oo}), AS_OF)
    assert lim.loc["C1", "open_orders"] == 1500 and lim.loc["C1", "exposure"] == 61500


def test_recommended_limit_rounds_to_nearest_and_caps_by_equity(data):
    pol = {
        "credit": {
            **NO_OVERDUE,
            "limit": {
                "capacity": {"combine": "lesser"},
                "rounding": 5000,
                "collateral_haircut": 1.0,
                "short_history_months": 0,
            },
        }
    }
    lim = credit.limits(data, AS_OF, pol)
    # the lesser of 20 % x 600000 = 120000 and 50 % x 300000 = 150000 caps 180000 at 120000
    assert lim.loc["C1", "equity_cap"] == pytest.approx(120000)
    assert lim.loc["C1", "recommended_limit"] == 120000 and lim.loc["C1", "capped_by_equity"]


def test_approval_level_from_limits(data):
    # need 120000 x 0.75 = 90000 recommended (no collateral counted), 50000 approved: an increase to
    # exactly 90000, which belongs to the level whose authority it equals.
    rule = {"multiplier": {"AAA": 0.75}, "collateral_haircut": 1.0, "short_history_months": 0}
    lim = credit.limits(data, AS_OF, {"credit": {**NO_OVERDUE, "limit": rule}})
    assert lim.loc["C1", "recommended_limit"] == 90000 and lim.loc["C1", "limit_change"] == 40000
    ladder = [
        {"key": "account_manager", "name": "Account manager", "name_zh": "客户经理", "up_to": 89999.99},
        {"key": "direct_sales_manager", "name": "Direct sales manager", "name_zh": "直销部经理", "up_to": 90000},
        {"key": "regional_manager", "name": "Regional manager", "name_zh": "地区公司经理", "up_to": None},
    ]
    lim = credit.limits(data, AS_OF, {"credit": {**NO_OVERDUE, "limit": rule, "approval_levels": ladder}})
    assert lim.loc["C1", "approval_level"] == "direct_sales_manager"


def test_summaries(lim):
    assert list(credit.over_limit(lim).index) == ["C2", "C1", "C3"]
    ch = credit.limit_changes(lim)
    # C1 +103000 (direct sales manager); C2 cut by 10000 on hold (a limit of 10000 needs the account
    # manager, but its approver Sun is on no level: an exception of that approval, so one level above, the
    # direct-sales manager); C3's limit of 0 kept (never assessed), its terms to cash in advance and its arrears
    # to legal action signed by the account manager (neither an increase nor a decrease)
    assert ch.loc["direct_sales_manager", "increases"] == 1
    assert ch.loc["direct_sales_manager", "total_increase"] == 103000
    assert (
        ch.loc["direct_sales_manager", "decreases"] == 1 and ch.loc["direct_sales_manager", "total_decrease"] == 10000
    )
    # C3 counted apart: a limit kept, its terms and arrears signed; a legal case, so not among the term-only changes
    # (its hand-over is the legal hand-over list's, signed by that list's owner)
    assert lim.at["C3", "action"] == "legal"
    assert ch.loc["account_manager"].tolist() == [1, 0, 0, 0.0, 0.0, 0]
    assert ch.loc["none", "customers"] == 0
    # C3 three triggers; C1 and C2 two each, then by exposure: C1 60000, C2 24000
    assert list(credit.review_list(lim).index) == ["C3", "C1", "C2"]
    assert credit.review_list(lim)["triggers"].tolist() == [3, 2, 2]
    # two changes: the increase of C1 first, then the cut of C2; a cap of one keeps the increase
    assert credit.forms_due(lim) == ["C1", "C2"]
    assert credit.forms_due(lim, {"credit": {"forms_cap": 1}}) == ["C1"]


def test_forms_queue_every_change_increases_by_level_first():
    lim = pd.DataFrame(
        {
            "approved_limit": [1_000_000.0, 10000.0, 5000.0, 300000.0, 0.0, 50000.0, 100000.0, 1000.0],
            "recommended_limit": [100000.0, 11000.0, 5000.0, 600000.0, 2_000_000.0, 90000.0, 350000.0, np.nan],
        },
        index=pd.Index([f"K{i}" for i in range(8)], name="customer_id"),
    )
    lim["limit_change"] = lim["recommended_limit"] - lim["approved_limit"]
    lim["approval_level"] = credit.approval_level(lim["recommended_limit"], lim["approved_limit"])
    q = credit.forms_queue(lim)
    # regional company manager (new limits 2,000,000 and 600,000: +2,000,000 then +300,000),
    # direct-sales manager (350,000: +250,000), account manager (90,000: +40,000, then 11,000: +1,000),
    # then the decrease; no change and unknown change need no forms
    assert list(q.index) == ["K4", "K3", "K6", "K5", "K1", "K0"]
    assert q["form"].all()
    assert credit.forms_due(lim) == list(q.index)
    capped = credit.forms_queue(lim, {"credit": {"forms_cap": 2}})
    assert list(capped.index[capped["form"]]) == ["K4", "K3"]
    assert list(capped.index[~capped["form"]]) == ["K6", "K5", "K1", "K0"]
    # the approval level is derived from the limits when the column is absent
    assert credit.forms_due(lim.drop(columns="approval_level")) == list(q.index)


# --------------------------------------------------------------------------- accountability
def test_accountability_split():
    limits_ = pd.DataFrame(
        {"approved_limit": [100.0, 0.0, 500.0], "approved_by": ["Wang", None, "Zhou"]},
        index=pd.Index(["C1", "C2", "C3"], name="customer_id"),
    )
    wo = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "amount": [150.0, 80.0, 40.0, 10.0],
            "handler": ["Li", "Li", "Ma", "Ma"],
            "approver": [None, None, "Boss", None],
        }
    )
    got = credit.accountability(wo, limits_)
    expected = pd.DataFrame(
        {
            "amount": [150.0, 80.0, 40.0, 10.0],
            "approved_limit": [100.0, 0.0, 500.0, 0.0],
            "within_limit": [100.0, 0.0, 40.0, 0.0],
            "above_limit": [50.0, 80.0, 0.0, 10.0],
            "handler": ["Li", "Li", "Ma", "Ma"],
            # C1: 50 above (handler) + 30 % of 100; C2, C4: no limit -> all handler; C3: 30 % of 40
            "handler_amount": [80.0, 80.0, 12.0, 10.0],
            "approver": ["Wang", None, "Boss", None],
            "approver_amount": [70.0, 0.0, 28.0, 0.0],
        },
        index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"),
    )
    expected["handler"] = expected["handler"].astype("str")
    expected["approver"] = expected["approver"].astype("str")
    assert_frame_equal(got, expected)
    assert (got["handler_amount"] + got["approver_amount"]).tolist() == wo["amount"].tolist()


def test_several_write_offs_share_one_approved_limit():
    # limit 100, two write-offs of 80: the first is within the limit; the second only for the 20
    # left, 60 above it. Handler 0.3 x 80 = 24, then 60 + 0.3 x 20 = 66; approver 56, then 14.
    limits_ = pd.DataFrame(
        {"approved_limit": [100.0], "approved_by": ["Wang"]}, index=pd.Index(["C1"], name="customer_id")
    )
    wo = pd.DataFrame({"customer_id": ["C1", "C1"], "amount": [80.0, 80.0], "handler": ["Li", "Li"]})
    got = credit.accountability(wo, limits_)
    assert got["within_limit"].tolist() == [80.0, 20.0]
    assert got["above_limit"].tolist() == [0.0, 60.0]
    assert got["handler_amount"].tolist() == [24.0, 66.0]
    assert got["approver_amount"].tolist() == [56.0, 14.0]
    # dated write-offs use the limit up in date order, whatever the input order; other customers apart
    wo = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C1"],
            "amount": [80.0, 50.0, 30.0],
            "handler": ["Li", "Ma", "Li"],
            "written_off_on": ["2026-09-30", "2026-01-31", "2026-03-31"],
        }
    )
    limits_ = pd.DataFrame({"approved_limit": [100.0, 100.0]}, index=pd.Index(["C1", "C2"], name="customer_id"))
    got = credit.accountability(wo, limits_)
    # C1: 30 (March) within; then 80 (September): 70 within, 10 above. C2: 50 within.
    assert got["within_limit"].tolist() == [70.0, 50.0, 30.0]
    assert got["above_limit"].tolist() == [10.0, 0.0, 0.0]


def test_accountability_custom_split():
    limits_ = pd.DataFrame({"approved_limit": [100.0]}, index=pd.Index(["C1"], name="customer_id"))
    wo = pd.DataFrame({"customer_id": ["C1"], "amount": [100.0], "handler": ["Li"]})
    pol = {"credit": {"accountability": {"handler_share_within_limit": 0.5, "approver_share_within_limit": 0.5}}}
    got = credit.accountability(wo, limits_, pol)
    assert got.loc["C1", "handler_amount"] == 50 and got.loc["C1", "approver_amount"] == 50


def test_accountability_rejects_negative_amounts():
    with pytest.raises(ValueError, match="amount"):
        credit.accountability(
            pd.DataFrame({"customer_id": ["C1"], "amount": [-1.0], "handler": ["Li"]}),
            pd.DataFrame({"approved_limit": [1.0]}, index=["C1"]),
        )


# --------------------------------------------------------------------------- properties
def _frames(data: KamData) -> dict[str, pd.DataFrame]:
    return {name: data.table(name).copy(deep=True) for name in data.tables}


def test_inputs_unchanged(data):
    before = _frames(data)
    sc = credit.score(data, AS_OF)
    lim = credit.limits(data, AS_OF)
    fin = data.financials
    credit.ratios(fin, AS_OF, history=True)
    lim_before = lim.copy(deep=True)
    wo = pd.DataFrame({"customer_id": ["C1"], "amount": [10.0], "handler": ["Li"]})
    wo_before = wo.copy(deep=True)
    credit.accountability(wo, lim)
    credit.grade_changes(sc)
    credit.limit_changes(lim)
    for name, df in before.items():
        assert_frame_equal(data.table(name), df, obj=name)
    assert_frame_equal(lim, lim_before)
    assert_frame_equal(wo, wo_before)


def _no_inf(df: pd.DataFrame) -> bool:
    num = df.select_dtypes(include="number")
    return not np.isinf(num.to_numpy(dtype=float, na_value=np.nan)).any()


money = st.one_of(st.just(0.0), st.floats(min_value=0, max_value=1e9, allow_nan=False))
signed = st.floats(min_value=-1e8, max_value=1e9, allow_nan=False)
factor_score = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


@st.composite
def statements(draw, min_years: int = 0):
    rows = []
    for year in range(draw(st.integers(min_value=min_years, max_value=4))):
        ta = draw(money)
        ca = draw(st.floats(min_value=0, max_value=max(ta, 0.0), allow_nan=False))
        inv = draw(st.floats(min_value=0, max_value=max(ca, 0.0), allow_nan=False))
        rows.append(
            _stmt(
                "C1",
                f"{2022 + year}-12-31",
                ca,
                inv,
                draw(money),
                ta,
                draw(money),
                draw(money),
                draw(signed),
                prepaid=draw(st.one_of(st.none(), money)),
            )
        )
    return rows


def _small_book(
    fin_rows: list[dict], factors: list[list], limit: float = 1000.0, fin_each: list[list[dict]] | None = None
) -> KamData:
    """One customer per list of factor scores, all with the statements ``fin_rows`` (or the i-th
    customer with ``fin_each[i]``)."""
    ids = [f"C{i + 1}" for i in range(len(factors))]
    customers = pd.DataFrame({"customer_id": ids, "name": "A", "industry": "X", "region": "E", "account_manager": "Li"})
    f = pd.DataFrame(
        [[cid, "2026-06-30", *scores] for cid, scores in zip(ids, factors)],
        columns=["customer_id", "assessed_on", *FACTORS],
    )
    each = fin_each if fin_each is not None else [fin_rows] * len(ids)
    fin = pd.DataFrame(
        [{**row, "customer_id": cid} for cid, rows in zip(ids, each) for row in rows],
        columns=list(_stmt("x", *[0] * 8).keys()),
    )
    inv = pd.DataFrame(
        {
            "invoice_id": [f"I{c}" for c in ids],
            "customer_id": ids,
            "invoice_date": "2026-05-01",
            "due_date": "2026-05-31",
            "amount": 900.0,
            "cost": 0.0,
        }
    )
    cl = pd.DataFrame({"customer_id": ids, "credit_limit": limit, "approved_by": "Wang", "approved_on": "2026-01-01"})
    tables = {
        "customers": customers,
        "financials": fin,
        "credit_factors": f,
        "invoices": inv,
        "payments": pd.DataFrame(columns=["payment_id", "customer_id", "payment_date", "amount"]),
        "credit_limits": cl,
    }
    return KamData({k: conform(v, k) for k, v in tables.items()})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fin_rows=statements(),
    factors=st.lists(st.lists(factor_score, min_size=12, max_size=12), min_size=1, max_size=3),
    missing=st.sampled_from(["neutral", "worst"]),
)
def test_score_in_range_no_inf_inputs_unchanged(fin_rows, factors, missing):
    data = _small_book(fin_rows, factors)
    before = _frames(data)
    sc = credit.score(data, AS_OF, {"credit": {"missing": missing}})
    # The score is the plain sum of the item points (no clip), so this checks the points themselves.
    points = sc[[f"pts_{k}" for k in credit.ITEMS]]
    assert np.allclose(points.sum(axis=1).round(2), sc["score"])
    assert sc["score"].between(0, 100).all()
    assert (points >= 0).all(axis=None)
    assert _no_inf(sc)
    assert _no_inf(credit.ratios(data.financials, history=True))
    for name, df in before.items():
        assert_frame_equal(data.table(name), df, obj=name)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fin_rows=statements(),
    factors=st.lists(factor_score, min_size=12, max_size=12),
    which=st.integers(min_value=0, max_value=11),
    step=st.integers(min_value=1, max_value=4),
)
def test_improving_a_factor_never_lowers_the_score(fin_rows, factors, which, step):
    low = list(factors)
    low[which] = low[which] or 1
    high = list(low)
    high[which] = min(5, low[which] + step)
    sc = credit.score(_small_book(fin_rows, [low, high]), AS_OF)
    assert sc.loc["C2", "score"] >= sc.loc["C1", "score"]
    # a factor scored once with a ratio counts only when the statements do not give the ratio
    if high[which] > low[which] and sc.loc["C1", f"wt_{FACTORS[which]}"] > 0:
        assert sc.loc["C2", "score"] > sc.loc["C1", "score"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fin_rows=statements(min_years=1),
    factors=st.lists(factor_score, min_size=12, max_size=12),
    change=st.sampled_from(["raise net profit", "raise current assets", "lower total liabilities"]),
    delta=st.floats(min_value=0.01, max_value=1e9, allow_nan=False),
)
def test_improving_a_ratio_input_never_lowers_the_score(fin_rows, factors, change, delta):
    """The ratio side: a better latest statement (more net profit; more current assets with the same
    total assets and liabilities; fewer total liabilities with the same assets) never costs points."""
    better = [dict(r) for r in fin_rows]
    last = better[-1]
    if change == "raise net profit":
        last["net_profit"] += delta
    elif change == "raise current assets":
        last["current_assets"] += delta
    else:
        last["total_liabilities"] = max(0.0, last["total_liabilities"] - delta)
    sc = credit.score(_small_book(fin_rows, [factors, factors], fin_each=[fin_rows, better]), AS_OF)
    assert sc.loc["C2", "score"] >= sc.loc["C1", "score"]
    for name in credit.RATIOS:
        assert sc.loc["C2", f"pts_{name}"] >= sc.loc["C1", f"pts_{name}"], name


def test_a_better_ratio_raises_the_score_by_its_points():
    # hand-made: net margin 1 % (weak, 0 of 7 points) -> 20 % (ok, 7 points) adds exactly 7
    base = [_stmt("C1", "2025-12-31", 600, 250, 300, 1000, 500, 4000, 40)]
    better = [_stmt("C1", "2025-12-31", 600, 250, 300, 1000, 500, 4000, 800)]
    sc = credit.score(_small_book(base, [[3] * 12, [3] * 12], fin_each=[base, better]), AS_OF)
    assert sc.loc["C1", "net_margin_status"] == "weak" and sc.loc["C2", "net_margin_status"] == "ok"
    assert sc.loc["C2", "score"] - sc.loc["C1", "score"] == pytest.approx(7.0)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fin_rows=statements(),
    factors=st.lists(factor_score, min_size=12, max_size=12),
    limit=st.one_of(st.just(0.0), money),
)
def test_limits_no_inf_inputs_unchanged(fin_rows, factors, limit):
    data = _small_book(fin_rows, [factors], limit)
    before = _frames(data)
    lim = credit.limits(data, AS_OF)
    assert _no_inf(lim)
    assert (lim["recommended_limit"] >= 0).all()
    assert lim["approval_level"].notna().all()
    for name, df in before.items():
        assert_frame_equal(data.table(name), df, obj=name)


def test_policy_is_not_mutated():
    pol = load_policy(None)
    snap = copy.deepcopy(pol)
    credit.grade_of(50.0, pol)
    credit.approval_level(10.0, 0.0, pol)
    assert pol == snap


def test_ratio_summary_shares_add_up(data):
    summ = credit.ratio_summary(credit.ratios(data, AS_OF))
    total = summ[["ok", "watch", "weak", "missing"]].sum(axis=1)
    assert_series_equal(total, pd.Series(1.0, index=summ.index), check_names=False)


# --------------------------------------------------------------------------- charts
def test_charts_draw_the_data(data, scores, lim):
    import matplotlib.pyplot as plt

    from kamtools import plots

    ax = plots.grade_distribution(scores)
    heights = [p.get_height() for p in ax.patches]
    order = credit.grade_order()
    # previous bars first (A: C1), then current bars (AAA: C1, BB: C2, NR: C3, not rated)
    assert heights[:8] == [0, 0, 1, 0, 0, 0, 0, 0] and heights[8:] == [1, 0, 0, 0, 1, 0, 0, 1]
    assert [t.get_text() for t in ax.get_xticklabels()] == order
    assert ax.get_title() == "Customers by credit grade" and ax.get_ylabel() == "Customers"
    plt.close(ax.figure)

    ax = plots.ratio_benchmarks(credit.ratios(data, AS_OF))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Net margin (OK ≥ 15 %)" in labels and len(labels) == 7
    # each bar (ok + watch + weak + missing) spans the whole book
    widths = np.array([p.get_width() for p in ax.patches]).reshape(4, 7).sum(axis=0)
    assert np.allclose(widths, 1.0)
    plt.close(ax.figure)

    ax = plots.ratio_distribution(credit.ratios(data, AS_OF), "debt_ratio")
    assert [ln.get_xdata()[0] for ln in ax.get_lines()] == [0.5, 0.7, 0.5]
    plt.close(ax.figure)

    ax = plots.limit_changes_by_level(credit.limit_changes(lim))
    # the three levels of the default ladder drawn (no change left out); C1's increase of 103000 to
    # 153000 at the direct-sales manager (above the account manager's 100000), C2's cut of 10000
    assert len(ax.get_xticklabels()) == 3
    assert max(p.get_height() for p in ax.patches) == 103000 and min(p.get_height() for p in ax.patches) == -10000
    plt.close(ax.figure)


def test_the_grade_moves_sentence_names_every_move_so_the_parts_add_up():
    # the credit page's moves since the last assessment: 86 up, 63 down, 290 same, 13 new, and the moves
    # from NR to a grade (47) and from a grade to NR (1) it used to leave out: 86+63+290+47+1+13 = 500
    moves = pd.Series({"up": 86, "down": 63, "same": 290, "new": 13, "rated": 47, "not rated": 1})
    en, zh = credit.grade_moves_text(moves)
    assert en == (
        "500 customers: 86 upgraded, 63 downgraded, 290 unchanged, 47 rated after being not rated (NR to a grade), "
        "1 no longer rated (a grade to NR), 13 graded for the first time"
    )
    assert zh == (
        "共500家客户：86家升级，63家降级，290家不变，47家由未评级（NR）转为有等级，1家由有等级转为未评级（NR），13家首次评级"
    )

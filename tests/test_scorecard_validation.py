"""kamtools.credit.validate_scorecard: the scorecard checked against outcomes.

The small history below is worked out by hand in the comments; the sample book is checked
for realistic bad rates that fall with the grade.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kamtools import credit
from kamtools.credit import validation
from kamtools.sample import sample_data
from kamtools.schema import CREDIT_FACTORS, conform
from kamtools.store import KamData

# Three month ends checked (2026-02-28, 03-31, 04-30), each followed by two months of outcome up
# to 2026-06-30; bad = at least 100 more than 30 days past due at one of those month ends.
POLICY = {
    "credit": {
        "validation": {
            "months": 3,
            "outcome_months": 2,
            "bad_days_past_due": 30,
            "bad_min_amount": 100,
            "min_bad_customers": 5,
        }
    }
}


def _history() -> KamData:
    """Four customers, assessed on 2026-01-01 with every factor at k and no statements, so their
    score is 16 (the five ratios missing, at half) + 68 x (k - 1) / 4 all along:
    G1 k=5 -> 84 (AA), G2 k=4 -> 67 (BBB), B2 k=3 -> 50 (BB), B1 k=2 -> 33 (C).

    G1, G2: buy in January, pay in February: never late.
    B1: buys in January (paid), then 500 on 2026-03-01 due 03-31, never paid: 30 days past due on
        04-30 (not more than 30), 61 on 05-31 -> bad at 05-31.
    B2: 300 on 2026-01-01 due 01-31, never paid: 28 days past due on 02-28, 59 on 03-31 -> bad
        from 03-31 on.
    """
    ids = ["G1", "G2", "B1", "B2"]
    customers = pd.DataFrame({"customer_id": ids, "name": ids, "industry": "X", "region": "E", "account_manager": "Li"})
    k = {"G1": 5, "G2": 4, "B1": 2, "B2": 3}
    factors = pd.DataFrame(
        [{"customer_id": c, "assessed_on": "2026-01-01", **dict.fromkeys(CREDIT_FACTORS, k[c])} for c in ids]
    )
    inv = pd.DataFrame(
        {
            "invoice_id": ["I1", "I2", "I3", "I4", "I5"],
            "customer_id": ["G1", "G2", "B1", "B1", "B2"],
            "invoice_date": ["2026-01-15", "2026-01-15", "2026-01-10", "2026-03-01", "2026-01-01"],
            "due_date": ["2026-02-14", "2026-02-14", "2026-02-09", "2026-03-31", "2026-01-31"],
            "amount": [1000.0, 1000.0, 400.0, 500.0, 300.0],
            "cost": 0.0,
        }
    )
    pay = pd.DataFrame(
        {
            "payment_id": ["P1", "P2", "P3"],
            "customer_id": ["G1", "G2", "B1"],
            "payment_date": ["2026-02-10", "2026-02-10", "2026-02-05"],
            "amount": [1000.0, 1000.0, 400.0],
            "invoice_id": ["I1", "I2", "I3"],
        }
    )
    fin = pd.DataFrame(columns=["customer_id", "period_end"])
    tables = {"customers": customers, "credit_factors": factors, "invoices": inv, "payments": pay, "financials": fin}
    return KamData({name: conform(df, name) for name, df in tables.items()})


@pytest.fixture(scope="module")
def check():
    return credit.validate_scorecard(_history(), "2026-06-30", POLICY)


def test_population_and_outcomes_by_hand(check):
    obs = check.observations.set_index(["month_end", "customer_id"])
    # 02-28: all four on the book; B2 goes bad in the two months after (03-31).
    # 03-31 and 04-30: B2 is bad already (left out); B1 goes bad at 05-31, within both windows.
    expected = {
        ("2026-02-28", "G1"): (84.0, "AA", False),
        ("2026-02-28", "G2"): (67.0, "BBB", False),
        ("2026-02-28", "B1"): (33.0, "C", False),
        ("2026-02-28", "B2"): (50.0, "BB", True),
        ("2026-03-31", "G1"): (84.0, "AA", False),
        ("2026-03-31", "G2"): (67.0, "BBB", False),
        ("2026-03-31", "B1"): (33.0, "C", True),
        ("2026-04-30", "G1"): (84.0, "AA", False),
        ("2026-04-30", "G2"): (67.0, "BBB", False),
        ("2026-04-30", "B1"): (33.0, "C", True),
    }
    got = {(f"{m:%Y-%m-%d}", c): (row["score"], row["grade"], bool(row["bad"])) for (m, c), row in obs.iterrows()}
    assert got == expected


def test_gini_by_hand(check):
    # goods 84, 67, 33, 84, 67, 84, 67 and bads 50, 33, 33: 21 pairs. The bad 50 is beaten by
    # the six goods of 84 and 67; each bad 33 by those six and ties the good 33 (half): 6.5.
    # AUC = (6 + 6.5 + 6.5) / 21 = 19 / 21; Gini = 2 x 19 / 21 - 1 = 17 / 21.
    row = check.summary.set_index(["scorecard", "sample"]).loc[("expert", "all month ends")]
    assert row["auc"] == pytest.approx(19 / 21)
    assert row["gini"] == pytest.approx(17 / 21)
    assert (row["observations"], row["bads"], row["bad_customers"]) == (10, 3, 2)
    # per month: 02-28 goods 84, 67, 33 against the bad 50 -> 2 of 3; later months 1.0
    assert check.by_month["auc"].tolist() == pytest.approx([2 / 3, 1.0, 1.0])
    assert check.by_month["bad_rate"].tolist() == pytest.approx([1 / 4, 1 / 3, 1 / 3])


def test_bad_rates_by_grade_by_hand(check):
    tab = check.by_grade
    assert tab.index.tolist() == ["AAA", "AA", "A", "BBB", "BB", "B", "C", "NR"]
    assert tab["observations"].tolist() == [0, 3, 0, 3, 1, 0, 3, 0]
    assert tab["bads"].tolist() == [0, 0, 0, 0, 1, 0, 2, 0]
    assert tab.loc["BB", "bad_rate"] == 1.0 and tab.loc["C", "bad_rate"] == pytest.approx(2 / 3)
    assert math.isnan(tab.loc["AAA", "bad_rate"])


def test_psi_by_hand(check):
    # 02-28: AA, BBB, BB, C a quarter each; 03-31: AA, BBB, C a third each, BB none (floored at
    # 0.0001). PSI = 3 x (1/3 - 1/4) ln(4/3) + (0.0001 - 0.25) ln(0.0001 / 0.25)
    #              = 3 x 0.0239735 + 1.9552291 = 2.0271496 -> a shift (from 0.25);
    # 04-30 against 03-31: the same mix, PSI 0 -> stable.
    tab = check.psi
    assert [f"{m:%Y-%m-%d}" for m in tab.index] == ["2026-03-31", "2026-04-30"]
    assert tab["psi"].tolist() == pytest.approx([2.0271496, 0.0], abs=1e-6)
    assert tab["status"].tolist() == ["shift", "stable"]


def test_too_few_bads_fit_no_statistical_scorecard(check):
    assert check.summary["scorecard"].tolist() == ["expert"]
    assert check.note == (
        "no statistical scorecard: 2 customers went bad, fewer than the 5 the policy asks for to fit one"
    )
    assert check.note_zh == "未拟合统计评分卡：只有2家客户发生违约，少于政策要求的5家"
    assert check.binning.empty


def test_auc_matches_sklearn_and_psi_of_equal_mixes_is_zero():
    # scikit-learn takes seconds to load: here, not while every test process collects this file
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(3)
    score = pd.Series(rng.integers(0, 20, 300).astype(float))  # many ties
    bad = pd.Series(rng.random(300) < 0.2)
    assert validation.auc(score, bad) == pytest.approx(roc_auc_score(~bad, score))
    assert math.isnan(validation.auc(score, pd.Series(False, index=score.index)))
    mix = pd.Series({"A": 0.2, "B": 0.8, "C": 0.0})
    assert validation.psi(mix, mix) == 0.0


def test_the_bad_flag_matches_the_aging_of_the_ledger():
    """The month-end arrears more than 90 days past due of receivables_monthly.sql (late_days 90), as the
    scorecard's check reads them, are those of the receivables aging."""
    from kamtools import facts, receivables

    data = sample_data(customers=120, years=2, seed=4)
    raw = facts.query(
        data, "receivables_monthly", as_of=pd.Timestamp("2026-10-31").date(), months=20, days=1, late_days=90
    )
    raw["late"] = raw["receivables"].astype(float) - raw["not_due"].astype(float)
    undisputed = facts.source(invoices=data.invoices, payments=data.payments)
    for day in ("2026-10-31", "2026-03-31", "2025-09-30"):
        # the monthly query settles a credit note on the invoice it names, as the ledger does, and keeps what is
        # disputed in its buckets: the aging of the same book without its disputes
        ag = receivables.aging(undisputed, day)
        late = ag[["d91_180", "d181_365", "d365_plus"]].sum(axis=1)
        got = raw[raw["month_end"] == pd.Timestamp(day)].set_index("customer_id")["late"].astype(float)
        both = pd.concat([late.rename("aging"), got.rename("sql")], axis=1).fillna(0.0)
        assert (both["aging"] - both["sql"]).abs().max() < 0.005, day
        assert both["sql"].sum() > 0, day


# --------------------------------------------------------------------------- the sample book
@pytest.fixture(scope="module")
def sample_check():
    return credit.validate_scorecard(sample_data(customers=500, years=3, seed=7), "2026-10-31")


def test_the_sample_goes_bad_at_realistic_rates_more_often_in_low_grades(sample_check):
    obs = sample_check.observations
    rate = obs["bad"].mean()
    assert 0.01 <= rate <= 0.08  # a few % of the customers go bad within a year
    tab = sample_check.by_grade
    good = tab.loc[["AAA", "AA", "A"]]
    top = good["bads"].sum() / good["observations"].sum()
    assert tab.loc["C", "bad_rate"] > 3 * top
    assert tab.loc[["B", "C"], "bads"].sum() / tab.loc[["B", "C"], "observations"].sum() > rate
    expert = sample_check.summary.set_index(["scorecard", "sample"]).loc[("expert", "all month ends")]
    assert expert["gini"] > 0.3


def test_the_sample_fits_a_statistical_scorecard_beside_the_expert_one(sample_check):
    s = sample_check.summary.set_index(["scorecard", "sample"])
    assert list(s.index) == [
        ("expert", "all month ends"),
        ("expert", "later month ends"),
        ("statistical", "later month ends"),
    ]
    # both judged on the same later month ends
    later = s.xs("later month ends", level="sample")
    assert later["observations"].nunique() == 1 and later["bads"].nunique() == 1
    assert later.loc["statistical", "auc"] > 0.5
    assert sample_check.note.startswith("statistical scorecard: optbinning")
    iv = sample_check.binning.groupby("variable")["iv"].sum()
    assert len(iv) >= 15 and (iv >= 0).all()


def test_hand_made_woe_binning_scores_the_safer_value_higher():
    # 0 is the value of all five bads and half of the goods: WoE of its bin < that of the value 1
    x = pd.DataFrame({"v": [0.0] * 10 + [1.0] * 5})
    y = np.array([1] * 5 + [0] * 10)
    score, table = validation._woe_sum(x, y, pd.DataFrame({"v": [0.0, 1.0, np.nan]}))
    assert score.iloc[0] < score.iloc[1]
    assert table["variable"].unique().tolist() == ["v"] and table["iv"].sum() > 0


def test_bad_rates_out_of_grade_order_and_harsh_benchmarks_go_to_the_credit_department():
    # AA 11 bads of 687 (1.6 %) above A 7 of 1552 (0.5 %); BBB 65/1791 (3.6 %) above BB 49/1705 (2.9 %);
    # AAA 0 %, B 4.2 %, C 13.2 % in order; NR (5.6 %) is no grade and is left out
    by_grade = pd.DataFrame(
        {
            "observations": [147, 687, 1552, 1791, 1705, 1277, 1817, 594],
            "bad_rate": [0.0, 11 / 687, 7 / 1552, 65 / 1791, 49 / 1705, 53 / 1277, 240 / 1817, 33 / 594],
        },
        index=["AAA", "AA", "A", "BBB", "BB", "B", "C", "NR"],
    )
    grades = ["AAA", "AA", "A", "BBB", "BB", "B", "C", "NR"]
    assert [(a, b) for a, b, _, _ in credit.bad_rate_inversions(by_grade, grades)] == [("AA", "A"), ("BBB", "BB")]
    summary = pd.DataFrame(
        {"label": ["Quick ratio 速动比率", "Net margin 销售净利率"], "weak": [0.30, 0.615]},
        index=["quick_ratio", "net_margin"],
    )
    en, zh = credit.calibration_readings(by_grade, summary, grades)
    assert en.startswith("Bad rates are not in grade order: AA 1.6 % above A 0.5 %; BBB 3.6 % above BB 2.9 %.")
    assert "most customers weak on net margin (61.5 %)." in en and "quick ratio" not in en
    assert en.endswith(
        "The credit department reviews the calibration (the grade bands and item weights; whether "
        "these benchmarks fit this book) before the next assessments rest on them."
    )
    assert zh.startswith("违约率未按等级逐级上升：AA级1.6 %高于A级0.5 %；BBB级3.6 %高于BB级2.9 %。")
    assert "标准值把多数客户判为偏弱：销售净利率（61.5 %）。由信用部复核" in zh
    # in order and no harsh benchmark: nothing to say
    ordered = by_grade.assign(bad_rate=[0.0, 0.001, 0.004, 0.01, 0.02, 0.04, 0.13, 0.05])
    assert credit.calibration_readings(ordered, summary.assign(weak=0.2), grades) == ("", "")

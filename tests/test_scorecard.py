"""kamtools.credit.score: items scored once, not rated (NR), missing years, analyst overrides.

Every expected number is worked out by hand in the comments from the tiny books below
(default policy: ratio weights quick 8, current 4, debt 8, turnover 5, margin 7, equity
growth 4 + capital growth 4, profitable years 4 + profit record 4; the ten other factors
principal 6, size 5, sales 5, know-how 5, complaints 3, supplier 5, bank 7, peer 4,
industry 4, management 8 = 52).
"""

from __future__ import annotations

import pandas as pd
import pytest

from kamtools import credit
from kamtools.policy import PolicyError, load_policy
from kamtools.schema import CREDIT_FACTORS, conform
from kamtools.store import KamData

AS_OF = "2026-10-31"
FACTORS = list(CREDIT_FACTORS)
# One healthy statement: quick (600 - 250) / 300 = 1.17, current 2.0, debt 500 / 1000 = 0.5,
# turnover 4000 / 1000 = 4.0 (closing assets: no prior year), margin 600 / 4000 = 15 %: all ok.
HEALTHY = dict(
    current_assets=600.0,
    inventory=250.0,
    current_liabilities=300.0,
    total_assets=1000.0,
    total_liabilities=500.0,
    revenue=4000.0,
    net_profit=600.0,
)


def _book(statements: dict, factors: dict, overrides: list[dict] | None = None) -> KamData:
    """Customers by id: their statements ({year: overrides of HEALTHY}) and factor scores ({name: 1-5})."""
    ids = sorted(set(statements) | set(factors))
    customers = pd.DataFrame({"customer_id": ids, "name": ids, "industry": "X", "region": "E", "account_manager": "Li"})
    fin = pd.DataFrame(
        [
            {"customer_id": cid, "period_end": f"{year}-12-31", **HEALTHY, **over}
            for cid, years in statements.items()
            for year, over in years.items()
        ],
        columns=["customer_id", "period_end", *HEALTHY],
    )
    fac = pd.DataFrame(
        [{"customer_id": cid, "assessed_on": "2026-06-30", **scores} for cid, scores in factors.items()],
        columns=["customer_id", "assessed_on", *FACTORS],
    )
    tables = {"customers": customers, "financials": fin, "credit_factors": fac}
    if overrides is not None:
        tables["credit_overrides"] = pd.DataFrame(overrides)
    return KamData({k: conform(v, k) for k, v in tables.items()})


# --------------------------------------------------------------------------- not rated
def test_too_few_known_items_is_not_rated():
    # N8: one statement -> quick, current, debt, turnover, margin ok (32 points) and profitable
    # years (1 year, profitable, 2 missing: rated 3, ok: 8 points); equity growth cannot be
    # computed, so capital_growth_3y (not assessed) carries its 8 points. Factors principal 5 and
    # bank 5 (6 + 7). Known: 6 ratios + 2 factors = 8 < 9 -> NR. Score: 40 + 13 + the missing
    # items at half: (8 + 5 + 5 + 5 + 3 + 5 + 4 + 4 + 8) / 2 = 23.5 -> 76.5 (would be A).
    # N9: also management 5 (8): known 9 -> rated; 40 + 21 + (47 - 8) / 2 = 80.5 -> AA.
    two = {"principal_credit": 5, "bank_credit_record": 5}
    data = _book({"N8": {2025: {}}, "N9": {2025: {}}}, {"N8": two, "N9": {**two, "management_quality": 5}})
    sc = credit.score(data, AS_OF)
    assert sc.loc["N8", ["known_items", "score", "is_nr", "grade_model", "grade"]].tolist() == [
        8,
        76.5,
        True,
        "NR",
        "NR",
    ]
    assert sc.loc["N9", ["known_items", "score", "is_nr", "grade_model", "grade"]].tolist() == [
        9,
        80.5,
        False,
        "AA",
        "AA",
    ]
    # the minimum is the policy's: at 8 known items N8 is rated by its score
    sc = credit.score(data, AS_OF, {"credit": {"not_rated": {"min_known_items": 8}}})
    assert sc.loc["N8", "grade"] == "A" and not sc.loc["N8", "is_nr"]


def test_a_customer_known_by_nothing_is_nr_not_bb():
    sc = credit.score(_book({}, {"Z": {}}), AS_OF)
    # nothing known: every item at half its weight is 50, which used to be graded BB
    assert sc.loc["Z", ["score", "known_items", "grade"]].tolist() == [50.0, 0, "NR"]


def test_moves_into_and_out_of_nr():
    now = pd.DataFrame({"score": [80.0, 50.0, 50.0], "grade": ["AA", "NR", "NR"]}, index=["A", "B", "C"])
    before = pd.DataFrame(
        {"score": [50.0, 80.0, 50.0], "grade": ["NR", "AA", "NR"], "assessed_on": pd.to_datetime(["2025-01-01"] * 3)},
        index=["A", "B", "C"],
    )
    cmp = credit.compare_grades(now, before)
    assert cmp["grade_move"].tolist() == ["rated", "not rated", "same"]
    assert cmp["grade_changed"].tolist() == [True, True, False]
    assert credit.grade_changes(cmp).loc["NR", "AA"] == 1


# --------------------------------------------------------------------------- missing years
def test_a_missing_year_is_not_a_loss():
    # P2: two profitable years on file, the third missing -> rated 3 -> ok: all 8 points of the
    # profitable-years concept. L3: three years on file, the first a loss -> rated 2 -> watch: 4.
    data = _book(
        {"P2": {2024: {}, 2025: {}}, "L3": {2023: {"net_profit": -50.0}, 2024: {}, 2025: {}}}, {"P2": {}, "L3": {}}
    )
    sc = credit.score(data, AS_OF)
    assert sc.loc["P2", ["profitable_years_3y_status", "pts_profitable_years_3y"]].tolist() == ["ok", 8.0]
    assert sc.loc["L3", ["profitable_years_3y_status", "pts_profitable_years_3y"]].tolist() == ["watch", 4.0]


# --------------------------------------------------------------------------- scored once
def test_a_ratio_and_its_factor_are_never_scored_twice():
    # R1, R5: two statements (equity 500 -> 500: growth 0 %, watch) and capital_growth_3y 1 or 5:
    # the ratio scores the concept (8 / 2 = 4 points), the factor carries no weight: same score.
    # F1, F5: one statement (no growth computable): the factor scores it, 0 or 8 points.
    two_years = {2024: {}, 2025: {}}
    data = _book(
        {"R1": two_years, "R5": two_years, "F1": {2025: {}}, "F5": {2025: {}}},
        {c: {"capital_growth_3y": s} for c, s in [("R1", 1), ("R5", 5), ("F1", 1), ("F5", 5)]},
    )
    sc = credit.score(data, AS_OF)
    assert sc.loc["R1", "score"] == sc.loc["R5", "score"]
    assert sc.loc["R5", ["wt_equity_growth_3y", "pts_equity_growth_3y", "wt_capital_growth_3y"]].tolist() == [8, 4, 0]
    assert sc.loc["F5", "score"] - sc.loc["F1", "score"] == pytest.approx(8.0)
    assert sc.loc["F5", ["wt_equity_growth_3y", "wt_capital_growth_3y", "pts_capital_growth_3y"]].tolist() == [0, 8, 8]
    # profit record: the profitable years are known from the statements, the factor never counts
    assert (sc["wt_profit_record_3y"] == 0).all() and (sc["wt_profitable_years_3y"] == 8).all()
    # each customer's weights still add up to 100, and an item is known once: 17 items at most
    weights = sc[[f"wt_{k}" for k in credit.ITEMS]].sum(axis=1)
    assert (weights == 100).all()
    assert sc.loc["F5", "known_items"] == 6 + 1  # five ratios, profitable years, the capital-growth factor


def test_profit_record_counts_when_the_net_profit_is_missing():
    data = _book({"M": {2025: {"net_profit": None}}}, {"M": {"profit_record_3y": 5}})
    sc = credit.score(data, AS_OF)
    # no net profit: no profitable years, no net margin; the factor 5 scores the concept: 8 points
    assert sc.loc["M", ["wt_profitable_years_3y", "wt_profit_record_3y", "pts_profit_record_3y"]].tolist() == [0, 8, 8]


# --------------------------------------------------------------------------- overrides
def _override(cid: str, day: str, grade=None, limit=None, reason="parent guarantee", by="Qian") -> dict:
    return {"customer_id": cid, "decided_on": day, "grade": grade, "limit": limit, "reason": reason, "approved_by": by}


def test_an_override_sets_the_grade_with_its_reason_and_approver():
    # H: one statement, all ok (40) + all factors 5 (52) + capital growth 5 (8) = 100 -> AAA
    all5 = {f: 5 for f in FACTORS}
    data = _book({"H": {2025: {}}}, {"H": all5}, [_override("H", "2026-05-01", grade="B", limit=1000.0)])
    sc = credit.score(data, AS_OF)
    row = sc.loc["H"]
    assert row["score"] == 100 and row["grade_model"] == "AAA" and row["grade"] == "B"
    assert (row["override_grade"], row["override_limit"], row["override_reason"], row["override_by"]) == (
        "B",
        1000.0,
        "parent guarantee",
        "Qian",
    )
    assert row["override_on"] == pd.Timestamp("2026-05-01")
    # it holds 12 months (credit.overrides.valid_months): on 2027-05-01 still, a day later not
    assert credit.score(data, "2027-05-01").loc["H", "grade"] == "B"
    late = credit.score(data, "2027-05-02").loc["H"]
    assert late["grade"] == "AAA" and pd.isna(late["override_grade"]) and pd.isna(late["override_reason"])
    # before its date it does not exist (nor the assessment of 2026-06-30: statements alone, NR)
    early = credit.score(data, "2026-04-30").loc["H"]
    assert early["grade"] == "NR" and pd.isna(early["override_grade"])


def test_the_latest_override_wins_and_may_set_only_the_limit():
    all5 = {f: 5 for f in FACTORS}
    rows = [_override("H", "2026-05-01", grade="B"), _override("H", "2026-08-01", limit=5000.0, reason="seasonal")]
    sc = credit.score(_book({"H": {2025: {}}}, {"H": all5}, rows), AS_OF).loc["H"]
    assert sc["grade"] == "AAA" and pd.isna(sc["override_grade"])
    assert sc["override_limit"] == 5000.0 and sc["override_reason"] == "seasonal"


def test_an_override_can_rate_a_customer_the_model_cannot():
    sc = credit.score(_book({}, {"Z": {}}, [_override("Z", "2026-09-30", grade="BB")]), AS_OF).loc["Z"]
    assert sc["grade_model"] == "NR" and sc["grade"] == "BB"


@pytest.mark.parametrize(
    "row, message",
    [
        (
            _override("Z", "2026-09-30", grade="AAAA"),
            "credit_overrides, row of customer Z decided on 2026-09-30: grade 'AAAA' is not a grade of the "
            "policy (AAA, AA, A, BBB, BB, B, C, NR)",
        ),
        (_override("Z", "2026-09-30"), "row of customer Z decided on 2026-09-30: neither a grade nor a limit is given"),
        (_override("Z", "2026-09-30", grade="B", reason=" "), "the reason is missing: every override says why"),
        (_override("Z", "2026-09-30", limit=5.0, by=None), "approved_by is missing: every override names its approver"),
    ],
)
def test_a_bad_override_is_refused_naming_row_column_and_value(row, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        credit.score(_book({}, {"Z": {}}, [row]), AS_OF)


# --------------------------------------------------------------------------- policy
@pytest.mark.parametrize(
    "override, message",
    [
        (
            {"scored_once": {"equity_growth_3y": "net_margin"}},
            "'credit.scored_once.equity_growth_3y' = 'net_margin' must name a qualitative factor",
        ),
        (
            {"scored_once": {"profitable_years_3y": "capital_growth_3y"}},
            "'credit.scored_once.profitable_years_3y' = 'capital_growth_3y': the factor is already scored once",
        ),
        ({"not_rated": {"min_known_items": 18}}, "'credit.not_rated.min_known_items' = 18 is more than the 17 items"),
        ({"not_rated": {"limit_rule": "cut"}}, "'credit.not_rated.limit_rule' must be 'investigate', 'initial' or"),
        (
            {"anchors": {"bank_credit_record": {"score_1": {"en": ""}}}},
            "'credit.anchors.bank_credit_record.score_1.en'",
        ),
        ({"validation": {"psi_alert": 0.05}}, "'credit.validation.psi_alert' \\(0.05\\) must not be below psi_watch"),
        ({"overrides": {"valid_months": 0}}, "'credit.overrides.valid_months' = 0 is out of range"),
    ],
)
def test_scorecard_policy_keys_are_checked_at_load(override, message):
    with pytest.raises(PolicyError, match=message):
        load_policy({"credit": override})

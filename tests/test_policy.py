"""Cross-key policy rules are enforced when a policy is loaded or saved, naming the key."""
from __future__ import annotations

import re

import pytest

from kamtools.policy import PolicyError, load_policy, save_policy


def test_weights_not_adding_up_are_rejected_at_load_and_save(tmp_path):
    pol = load_policy(None)
    bad = {"credit": {"weights": {**pol["credit"]["weights"]}}}
    first = next(iter(bad["credit"]["weights"]))
    bad["credit"]["weights"][first] += 12
    with pytest.raises(PolicyError, match="credit.weights"):
        load_policy(bad)
    target = tmp_path / "p.yml"
    with pytest.raises(PolicyError, match="credit.weights"):
        save_policy(bad, target)
    assert not target.exists()


def test_user_file_with_grades_out_of_order_names_file_and_key(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("credit:\n  grades: {AAA: 50, AA: 80, A: 40, BBB: 30, BB: 20, B: 10, C: 0}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"mine\.yml.*credit\.grades"):
        load_policy(path)


# --------------------------------------------------------------------------- null values
@pytest.mark.parametrize("override, key", [
    ({"credit": {"review": {"utilization_above": None}}}, "credit.review.utilization_above"),
    ({"credit": {"approval_levels": {"account_manager": None}}}, "credit.approval_levels.account_manager"),
    ({"credit": {"grades": {"AAA": None}}}, "credit.grades.AAA"),
    ({"receivables": {"silent_months": None}}, "receivables.silent_months"),
    ({"credit": {"missing": None}}, "credit.missing"),
])
def test_null_is_rejected_where_the_default_is_not_null(override, key):
    with pytest.raises(PolicyError, match=re.escape(f"'{key}'") + ".*null"):
        load_policy(override)


def test_null_is_accepted_where_the_default_is_null():
    pol = load_policy({"credit": {"forms_cap": None, "approval_levels": {"credit_committee": None}},
                       "segments": {"relational": {"discount_share_max": None}}})
    assert pol["credit"]["forms_cap"] is None and pol["credit"]["approval_levels"]["credit_committee"] is None
    assert load_policy({"segments": {"relational": {"discount_share_max": 0.1}}})[
        "segments"]["relational"]["discount_share_max"] == 0.1
    with pytest.raises(PolicyError, match=r"'segments\.relational\.discount_share_max' must be a number"):
        load_policy({"segments": {"relational": {"discount_share_max": "ten"}}})


# --------------------------------------------------------------------------- credit rules
@pytest.mark.parametrize("points", [{"ok": 0.4, "watch": 0.5}, {"watch": 0.0, "weak": 0.2},
                                    {"ok": 0.5, "watch": 0.6, "weak": 0.7}])
def test_status_points_must_not_rise_from_ok_to_weak(points):
    with pytest.raises(PolicyError, match=r"'credit\.status_points'"):
        load_policy({"credit": {"status_points": points}})


def test_status_points_may_be_equal():
    assert load_policy({"credit": {"status_points": {"ok": 1.0, "watch": 1.0, "weak": 1.0}}})[
        "credit"]["status_points"]["watch"] == 1.0


@pytest.mark.parametrize("amount", [1_000_000, 500_000])
def test_last_approval_level_amount_must_exceed_the_previous(amount):
    with pytest.raises(PolicyError, match=r"'credit\.approval_levels\.credit_committee'.*exceed"):
        load_policy({"credit": {"approval_levels": {"credit_committee": amount}}})


def test_last_approval_level_may_have_a_higher_amount():
    pol = load_policy({"credit": {"approval_levels": {"credit_committee": 5_000_000}}})
    assert pol["credit"]["approval_levels"]["credit_committee"] == 5_000_000


@pytest.mark.parametrize("cap", [0, -3, 2.5, 50.0, "50", True])
def test_forms_cap_must_be_a_positive_whole_number_or_null(cap):
    with pytest.raises(PolicyError, match=r"'credit\.forms_cap'"):
        load_policy({"credit": {"forms_cap": cap}})


def test_forms_cap_default_is_200_and_a_cap_is_kept():
    assert load_policy(None)["credit"]["forms_cap"] == 200
    assert load_policy({"credit": {"forms_cap": 1}})["credit"]["forms_cap"] == 1


def test_forms_cap_may_be_null_though_its_default_is_a_number(tmp_path):
    # null lifts the cap: full forms for every customer in the register
    assert load_policy({"credit": {"forms_cap": None}})["credit"]["forms_cap"] is None
    path = tmp_path / "no_cap.yml"
    path.write_text("credit:\n  forms_cap: null\n", encoding="utf-8")
    assert load_policy(path)["credit"]["forms_cap"] is None
    saved = save_policy(load_policy(path), tmp_path / "saved.yml")
    assert load_policy(saved)["credit"]["forms_cap"] is None
    # no other numeric key becomes nullable with it
    with pytest.raises(PolicyError, match=r"'credit\.previous_grade_months'.*null"):
        load_policy({"credit": {"previous_grade_months": None}})


@pytest.mark.parametrize("ratio, values, key", [
    ("debt_ratio", {"target": 1.5, "ok": 0.5, "watch": 0.7}, "credit.benchmarks.debt_ratio.target"),
    ("debt_ratio", {"ok": 0.5, "watch": 1.2}, "credit.benchmarks.debt_ratio.watch"),
    ("debt_ratio", {"ok": -0.1, "watch": 0.7}, "credit.benchmarks.debt_ratio.ok"),
    ("quick_ratio", {"ok": 1.0, "watch": -0.5}, "credit.benchmarks.quick_ratio.watch"),
    ("net_margin", {"target": 15, "ok": 0.08, "watch": 0.02}, "credit.benchmarks.net_margin.target"),
    ("equity_growth_3y", {"ok": 0.05, "watch": -2.0}, "credit.benchmarks.equity_growth_3y.watch"),
    ("profitable_years_3y", {"target": 4, "ok": 3, "watch": 2}, "credit.benchmarks.profitable_years_3y.target"),
    ("asset_turnover", {"ok": 2.0, "watch": -1.0}, "credit.benchmarks.asset_turnover.watch"),
])
def test_benchmark_values_out_of_range(ratio, values, key):
    with pytest.raises(PolicyError, match=re.escape(f"'{key}'") + ".*out of range"):
        load_policy({"credit": {"benchmarks": {ratio: values}}})


def test_industry_benchmark_values_out_of_range():
    with pytest.raises(PolicyError, match=r"'credit\.benchmarks_by_industry\.Retail\.debt_ratio\.watch'"):
        load_policy({"credit": {"benchmarks_by_industry": {"Retail": {"debt_ratio": {"watch": 1.5}}}}})


def test_industry_override_of_better_must_fit_its_thresholds():
    # turning "better" around without moving ok / watch leaves watch on the better side of ok
    with pytest.raises(PolicyError, match=r"'credit\.benchmarks_by_industry\.Retail\.asset_turnover'"):
        load_policy({"credit": {"benchmarks_by_industry": {"Retail": {"asset_turnover": {"better": "lower"}}}}})
    pol = load_policy({"credit": {"benchmarks_by_industry": {
        "Retail": {"asset_turnover": {"better": "lower", "ok": 3.0, "watch": 5.0}}}}})
    assert pol["credit"]["benchmarks_by_industry"]["Retail"]["asset_turnover"]["better"] == "lower"

"""Cross-key policy rules are enforced when a policy is loaded or saved, naming the key."""

from __future__ import annotations

import copy
import json
import pickle
import re
from collections.abc import Mapping

import pytest
import yaml
from pydantic import ValidationError

from kamtools.policy import DEFAULT_POLICY_FILE, NULLABLE, RANGES, Policy, PolicyError, _load, load_policy, save_policy


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


def _ladder(*amounts):
    """An approval ladder of levels l0, l1, ... with these ``up_to`` amounts."""
    return [{"key": f"l{i}", "name": f"Level {i}", "name_zh": f"级{i}", "up_to": a} for i, a in enumerate(amounts)]


# --------------------------------------------------------------------------- null values
@pytest.mark.parametrize(
    "override, key",
    [
        ({"credit": {"review": {"utilization_above": None}}}, "credit.review.utilization_above"),
        ({"credit": {"approval_levels": _ladder(None, None)}}, "credit.approval_levels[0].up_to"),
        ({"credit": {"grades": {"AAA": None}}}, "credit.grades.AAA"),
        ({"receivables": {"silent_months": None}}, "receivables.silent_months"),
        ({"credit": {"missing": None}}, "credit.missing"),
    ],
)
def test_null_is_rejected_where_the_default_is_not_null(override, key):
    with pytest.raises(PolicyError, match=re.escape(f"'{key}'") + ".*null"):
        load_policy(override)


def test_null_is_accepted_where_the_default_is_null():
    pol = load_policy(
        {
            "credit": {"forms_cap": None, "approval_levels": _ladder(50_000, None)},
            "segments": {"relational": {"discount_share_max": None}},
        }
    )
    assert pol["credit"]["forms_cap"] is None and pol["credit"]["approval_levels"][-1]["up_to"] is None
    assert (
        load_policy({"segments": {"relational": {"discount_share_max": 0.1}}})["segments"]["relational"][
            "discount_share_max"
        ]
        == 0.1
    )
    with pytest.raises(PolicyError, match=r"'segments\.relational\.discount_share_max' must be a number"):
        load_policy({"segments": {"relational": {"discount_share_max": "ten"}}})


# --------------------------------------------------------------------------- credit rules
@pytest.mark.parametrize(
    "points", [{"ok": 0.4, "watch": 0.5}, {"watch": 0.0, "weak": 0.2}, {"ok": 0.5, "watch": 0.6, "weak": 0.7}]
)
def test_status_points_must_not_rise_from_ok_to_weak(points):
    with pytest.raises(PolicyError, match=r"'credit\.status_points'"):
        load_policy({"credit": {"status_points": points}})


def test_status_points_may_be_equal():
    assert (
        load_policy({"credit": {"status_points": {"ok": 1.0, "watch": 1.0, "weak": 1.0}}})["credit"]["status_points"][
            "watch"
        ]
        == 1.0
    )


@pytest.mark.parametrize("amount", [1_000_000, 500_000])
def test_last_approval_level_amount_must_exceed_the_previous(amount):
    with pytest.raises(PolicyError, match=r"'credit\.approval_levels\[2\]\.up_to'.*exceed"):
        load_policy({"credit": {"approval_levels": _ladder(50_000, 1_000_000, amount)}})


def test_last_approval_level_may_have_a_higher_amount():
    pol = load_policy({"credit": {"approval_levels": _ladder(50_000, 1_000_000, 5_000_000)}})
    assert pol["credit"]["approval_levels"][-1]["up_to"] == 5_000_000


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


@pytest.mark.parametrize(
    "ratio, values, key",
    [
        ("debt_ratio", {"target": 1.5, "ok": 0.5, "watch": 0.7}, "credit.benchmarks.debt_ratio.target"),
        ("debt_ratio", {"ok": 0.5, "watch": 1.2}, "credit.benchmarks.debt_ratio.watch"),
        ("debt_ratio", {"ok": -0.1, "watch": 0.7}, "credit.benchmarks.debt_ratio.ok"),
        ("quick_ratio", {"ok": 1.0, "watch": -0.5}, "credit.benchmarks.quick_ratio.watch"),
        ("net_margin", {"target": 15, "ok": 0.08, "watch": 0.02}, "credit.benchmarks.net_margin.target"),
        ("equity_growth_3y", {"ok": 0.05, "watch": -2.0}, "credit.benchmarks.equity_growth_3y.watch"),
        ("profitable_years_3y", {"target": 4, "ok": 3, "watch": 2}, "credit.benchmarks.profitable_years_3y.target"),
        ("asset_turnover", {"ok": 2.0, "watch": -1.0}, "credit.benchmarks.asset_turnover.watch"),
    ],
)
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
    pol = load_policy(
        {
            "credit": {
                "benchmarks_by_industry": {"Retail": {"asset_turnover": {"better": "lower", "ok": 3.0, "watch": 5.0}}}
            }
        }
    )
    assert pol["credit"]["benchmarks_by_industry"]["Retail"]["asset_turnover"]["better"] == "lower"


# --------------------------------------------------------------------------- the typed, frozen model
@pytest.mark.parametrize(
    "override, key",
    [
        ({"receivables": {"dso_days": float("nan")}}, "receivables.dso_days"),
        ({"credit": {"weights": {"quick_ratio": float("inf")}}}, "credit.weights.quick_ratio"),
        ({"credit": {"approval_levels": _ladder(50_000, float("inf"))}}, "credit.approval_levels[1].up_to"),
        ({"segments": {"cost_per_hour": float("-inf")}}, "segments.cost_per_hour"),
        ({"credit": {"benchmarks": {"quick_ratio": {"target": float("nan")}}}}, "credit.benchmarks.quick_ratio.target"),
        (
            {"credit": {"benchmarks_by_industry": {"Retail": {"quick_ratio": {"ok": float("nan")}}}}},
            "credit.benchmarks_by_industry.Retail.quick_ratio.ok",
        ),
        ({"receivables": {"buckets": [30, float("nan")]}}, "receivables.buckets[1]"),
        ({"credit": {"limit": {"rounding": float("inf")}}}, "credit.limit.rounding"),
        ({"segments": {"lost_after_months": float("nan")}}, "segments.lost_after_months"),
    ],
)
def test_nan_and_inf_are_refused_everywhere(override, key):
    with pytest.raises(PolicyError, match=re.escape(f"'{key}'") + ".*finite"):
        load_policy(override)


def test_defaults_load_as_written_in_the_file():
    raw = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    # same keys in the same order, ints stay ints (a saved policy reads as it was written)
    assert json.dumps(load_policy(None).to_dict()) == json.dumps(raw)


def test_a_loaded_policy_is_frozen_and_reads_like_a_mapping():
    pol = load_policy({"credit": {"grades": {"AAA": 95}}})
    assert isinstance(pol, Policy) and isinstance(pol, Mapping) and isinstance(pol["credit"], Mapping)
    assert "credit" in pol and "nothing" not in pol and pol.get("nothing") is None
    assert list(pol) == ["credit", "receivables", "segments", "report", "calendar", "practices", "engine"]
    assert len(pol) == 7
    assert pol["credit"]["grades"]["AAA"] == 95 and dict(pol["credit"]["grades"])["AAA"] == 95
    assert {**pol["segments"]["abc"]} == {"a": 0.8, "b": 0.95}
    with pytest.raises(TypeError, match="read-only"):
        pol["credit"]["grades"]["AAA"] = 90
    with pytest.raises(TypeError, match="read-only"):
        pol["receivables"]["buckets"].append(400)
    with pytest.raises(ValidationError, match="frozen"):
        pol.credit = None
    # copies are for editing: plain dicts, loaded back as they are
    edited = copy.deepcopy(dict(pol))
    assert type(edited["credit"]) is dict and type(edited["credit"]["grades"]) is dict
    edited["credit"]["grades"]["AAA"] = 97
    assert load_policy(edited)["credit"]["grades"]["AAA"] == 97 and pol["credit"]["grades"]["AAA"] == 95
    assert copy.deepcopy(pol) == pol.to_dict() == pol and type(copy.deepcopy(pol)) is dict
    assert load_policy(pol) is pol and load_policy(dict(pol)) == pol
    assert hash(load_policy(pol.to_dict())) == hash(pol)


def test_a_policy_pickles():
    pol = load_policy({"credit": {"forms_cap": None}})
    back = pickle.loads(pickle.dumps(pol))
    assert back == pol and back["credit"]["forms_cap"] is None
    with pytest.raises(TypeError, match="read-only"):
        back["credit"]["weights"]["quick_ratio"] = 1


def test_ranges_come_from_the_model():
    assert RANGES["credit.weights.*"] == (0, 100) and RANGES["credit.grades.*"] == (0, 100)
    assert RANGES["credit.limit.purchase_months"] == (1, 60) and RANGES["credit.forms_cap"] == (1, None)
    assert RANGES["segments.relational.discount_share_max"] == (0, 1)
    assert RANGES["credit.benchmarks.debt_ratio.watch"] == (0.0, 1.0)
    assert "credit.forms_cap" in NULLABLE and "credit.grades.*" not in NULLABLE
    with pytest.raises(
        PolicyError,
        match=r"'segments\.lifecycle\.decline_below' = 0\.5 is out of range "
        r"\(allowed from -1 to 0\)",
    ):
        load_policy({"segments": {"lifecycle": {"decline_below": 0.5}}})


def test_unknown_key_of_an_industry_override_lists_the_allowed_keys():
    with pytest.raises(
        PolicyError,
        match=r"unknown policy key 'credit\.benchmarks_by_industry\.Retail\.quick_ratio"
        r"\.okay' \(allowed: better, ok, target, watch\)",
    ):
        load_policy({"credit": {"benchmarks_by_industry": {"Retail": {"quick_ratio": {"okay": 1.0}}}}})


def test_pyramid_weights_must_not_all_be_zero():
    with pytest.raises(PolicyError, match=r"'segments\.value_weights': the weights must not all be zero"):
        load_policy({"segments": {"value_weights": {"revenue": 0, "margin": 0}}})


def test_a_file_too_large_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.yml"
    path.write_text("credit:\n  forms_cap: 10\n" + "# padding\n" * 20, encoding="utf-8")
    monkeypatch.setattr(_load, "MAX_POLICY_BYTES", 100)
    with pytest.raises(PolicyError, match="larger than"):
        load_policy(path)


# --------------------------------------------------------------------------- values that fail later
@pytest.mark.parametrize(
    "override, message",
    [
        (
            {"receivables": {"buckets": [30, 90, 60, 180]}},
            "policy key 'receivables.buckets[2]' = 60 is below the edge before it (90): "
            "the edges must rise strictly, got [30, 90, 60, 180]",
        ),
        (
            {"receivables": {"buckets": [30, 60, 60, 90]}},
            "policy key 'receivables.buckets[2]' = 60 repeats the edge before it (60): "
            "the edges must rise strictly, got [30, 60, 60, 90]",
        ),
        (
            {"receivables": {"buckets": []}},
            "policy key 'receivables.buckets' must list at least one edge (days past due), e.g. [30, 60, 90]; got []",
        ),
        (
            {"receivables": {"buckets": list(range(10, 140, 10))}},
            "policy key 'receivables.buckets' lists 13 edges; at most 12 are allowed",
        ),
        (
            {"receivables": {"buckets": [0, 30]}},
            "policy key 'receivables.buckets[0]' = 0 is out of range (allowed from 1 to 3650)",
        ),
        (
            {"receivables": {"buckets": [30, 60.5, 90]}},
            "policy key 'receivables.buckets[1]' must be a whole number, got 60.5",
        ),
        ({"receivables": {"dso_days": 90.5}}, "policy key 'receivables.dso_days' must be a whole number, got 90.5"),
        (
            {"receivables": {"silent_months": 6.0}},
            "policy key 'receivables.silent_months' must be a whole number, got 6.0",
        ),
        (
            {"credit": {"review": {"days_past_due_above": 60.5}}},
            "policy key 'credit.review.days_past_due_above' must be a whole number, got 60.5",
        ),
        (
            {"credit": {"limit": {"purchase_months": 12.5}}},
            "policy key 'credit.limit.purchase_months' must be a whole number, got 12.5",
        ),
        ({"segments": {"rfm": {"scores": 4.5}}}, "policy key 'segments.rfm.scores' must be a whole number, got 4.5"),
        (
            {"segments": {"clv": {"min_group": True}}},
            "policy key 'segments.clv.min_group' must be a whole number, got True",
        ),
        (
            {"report": {"account_plan_cap": 12.5}},
            "policy key 'report.account_plan_cap' must be a whole number, got 12.5",
        ),
        ({"report": {"data_gap_days": 12.5}}, "policy key 'report.data_gap_days' must be a whole number, got 12.5"),
        (
            {"segments": {"abc": {"a": 0.95, "b": 0.8}}},
            "policy key 'segments.abc.b' = 0.8 must not be below a (0.95): the cut points are cumulative shares, "
            "A first",
        ),
        (
            {"segments": {"abc": {"a": 0}}},
            "policy key 'segments.abc.a' = 0 must be above 0 (class A holds the largest values)",
        ),
        (
            {"segments": {"time_targets": {"key": 0.6, "ordinary": 0.6}}},
            "policy key 'segments.time_targets' must add up to 1 (all of the selling time), got 1.3 "
            "(key 0.6 + ordinary 0.6 + prospect 0.1 + unattractive 0.0)",
        ),
        (
            {"segments": {"key_share": 0.8}},
            "policy keys 'segments.key_share' (0.8) and 'ordinary_share' (0.3) add up to 1.1: "
            "together they must not exceed 1",
        ),
    ],
)
def test_values_that_would_fail_inside_a_page_are_refused_at_load(override, message):
    with pytest.raises(PolicyError) as info:
        load_policy(override)
    assert str(info.value) == message


def test_sums_and_orders_at_their_limits_are_accepted():
    pol = load_policy(
        {
            "receivables": {"buckets": [1]},
            "segments": {
                "abc": {"a": 0.9, "b": 0.9},
                "time_targets": {"key": 0.7, "ordinary": 0.2, "prospect": 0.1},  # 0.7 + 0.2 + 0.1 in floats
                "key_share": 0.7,
                "ordinary_share": 0.3,
            },
        }
    )
    assert list(pol["receivables"]["buckets"]) == [1] and pol["segments"]["abc"] == {"a": 0.9, "b": 0.9}


def test_a_file_names_itself_the_key_and_the_value(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("receivables:\n  buckets: [30, 60, 45]\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert str(info.value) == (
        f"{path}: policy key 'receivables.buckets[2]' = 45 is below the edge before it (60): "
        "the edges must rise strictly, got [30, 60, 45]"
    )


@pytest.mark.parametrize(
    "text, line",
    [
        ('a: &a ["lol", "lol", "lol"]\nb: &b [*a, *a, *a]\ncredit: {missing: *b}\n', 2),  # an alias bomb, small
        ("credit: &c\n  benchmarks_by_industry: {Retail: *c}\n", 2),  # an alias inside its own anchor
        ("base: &base {forms_cap: 10}\ncredit:\n  <<: *base\n", 3),  # a merge key is an alias too
    ],
)
def test_a_policy_file_with_aliases_is_refused_naming_the_file_and_line(tmp_path, text, line):
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert str(info.value).startswith(f"policy file {path}, line {line}: YAML aliases (*")
    assert str(info.value).endswith(
        "are not allowed in this file: write the value out instead of repeating it with an alias"
    )


def test_a_policy_file_that_is_not_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("credit:\n  forms_cap: [1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=re.escape(f"policy file {path}, line 3: not valid YAML: ")):
        load_policy(path)

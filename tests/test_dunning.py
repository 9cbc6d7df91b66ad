"""Dunning levels (kt.receivables.dunning): hand-computed on tiny books made here.

The shipped levels: reminder from 1 day past due, call 15, formal_letter 31, stop_supply 61,
final_notice 91, legal 181; min_amount 500. The date of every book is 2026-10-31 (last month:
2026-09-30).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import kamtools as kt
from kamtools import receivables
from kamtools.output import labels
from kamtools.policy import PolicyError, default_policy, load_policy

AS_OF = dt.date(2026, 10, 31)


def _inv(rows):
    """Invoices from (invoice_id, customer_id, invoice_date, due_date, amount)."""
    df = pd.DataFrame(rows, columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount"])
    df["cost"] = 0.0
    return df


def _pay(rows):
    return pd.DataFrame(rows, columns=["payment_id", "customer_id", "payment_date", "amount", "invoice_id"])


def _due(days: int) -> str:
    return (AS_OF - dt.timedelta(days=days)).isoformat()


def test_each_level_starts_exactly_on_its_first_day():
    # one invoice of 1,000 per customer, due `d` days before 2026-10-31: d days past due
    days = [0, 1, 14, 15, 30, 31, 60, 61, 90, 91, 180, 181]
    inv = _inv([(f"I{d}", f"C{d:03d}", "2026-01-01", _due(d), 1000.0) for d in days])
    got = receivables.dunning({"invoices": inv}, AS_OF)["dunning_level"].to_dict()
    assert got == {
        # 0 days past due: not overdue, no row
        "C001": "reminder",
        "C014": "reminder",
        "C015": "call",
        "C030": "call",
        "C031": "formal_letter",
        "C060": "formal_letter",
        "C061": "stop_supply",
        "C090": "stop_supply",
        "C091": "final_notice",
        "C180": "final_notice",
        "C181": "legal",
    }


def test_the_minimum_amount_keeps_a_small_old_remainder_from_escalating():
    inv = _inv(
        [
            # C1: 300 open 200 days, 1,000 open 20 days. From the oldest: 300 < 500, then 1,300 >= 500
            # at the invoice 20 days past due: call (15+); the amount 15+ days: 1,300.
            ("A1", "C1", "2026-01-01", _due(200), 300.0),
            ("A2", "C1", "2026-09-01", _due(20), 1000.0),
            # C2: 400 overdue in all: below the minimum, no level.
            ("B1", "C2", "2026-01-01", _due(100), 400.0),
            # C3: exactly 500 at 40 days: the minimum is reached: formal_letter.
            ("D1", "C3", "2026-01-01", _due(40), 500.0),
            # C4: 2,000 of which 1,700 paid: 300 left at 100 days and 250 at 10 days: 550 reached at
            # the invoice 10 days past due: reminder.
            ("E1", "C4", "2026-01-01", _due(100), 2000.0),
            ("E2", "C4", "2026-09-01", _due(10), 250.0),
        ]
    )
    pay = _pay([("P1", "C4", "2026-08-01", 1700.0, "E1")])
    d = receivables.dunning({"invoices": inv, "payments": pay}, AS_OF)
    cols = ["dunning_level", "days_past_due", "max_days_past_due", "level_amount", "overdue"]
    assert d.loc["C1", cols].tolist() == ["call", 20, 200, 1300.0, 1300.0]
    assert d.loc["C2", cols].tolist() == ["none", 100, 100, 400.0, 400.0]
    assert d.loc["C2", "level_reason"] == "overdue 400.00 below the minimum of 500.00"
    assert d.loc["C3", cols].tolist() == ["formal_letter", 40, 40, 500.0, 500.0]
    assert d.loc["C4", cols].tolist() == ["reminder", 10, 100, 550.0, 550.0]
    assert d.loc["C1", "level_reason"] == "1,300.00 overdue 15+ days, 20 days past due"
    # without a minimum the oldest overdue invoice alone sets the level: 300 at 200 days is legal
    pol = {"receivables": {"dunning": {"min_amount": 0}}}
    d0 = receivables.dunning({"invoices": inv, "payments": pay}, AS_OF, pol)
    assert d0.loc["C1", cols].tolist() == ["legal", 200, 200, 300.0, 1300.0]
    assert d0.loc["C2", "dunning_level"] == "final_notice"


def test_a_promise_not_yet_due_holds_the_level_one_below():
    inv = _inv(
        [
            ("I1", "C1", "2026-08-01", _due(40), 1000.0),  # 40 days: formal_letter
            ("I2", "C2", "2026-08-01", _due(40), 1000.0),  # same, but its promise is broken
            ("I3", "C3", "2026-10-01", _due(5), 1000.0),  # 5 days: reminder, held to none
            ("I4", "C4", "2026-08-01", _due(40), 1000.0),  # promise due today: not yet broken
        ]
    )
    prom = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "promised_on": ["2026-10-20", "2026-10-01", "2026-10-28", "2026-10-25"],
            "pay_by": ["2026-11-05", "2026-10-30", "2026-11-10", "2026-10-31"],
            "amount": [1000.0, 1000.0, 1000.0, 1000.0],
        }
    )
    d = receivables.dunning({"invoices": inv, "promises": prom}, AS_OF)
    cols = ["dunning_level", "unheld_level", "held_by_promise", "dunning_action", "actor"]
    assert d.loc["C1", cols].tolist() == ["call", "formal_letter", True, "call", "account_manager"]
    assert d.loc["C1", "promise_pay_by"] == pd.Timestamp("2026-11-05")
    assert d.loc["C1", "level_reason"] == (
        "1,000.00 overdue 31+ days, 40 days past due; held one level below (call, not formal_letter) "
        "by a promise to pay by 2026-11-05"
    )
    assert d.loc["C2", cols].tolist() == ["formal_letter", "formal_letter", False, "formal_letter", "collections"]
    assert pd.isna(d.loc["C2", "promise_pay_by"])
    assert d.loc["C3", ["dunning_level", "unheld_level", "held_by_promise"]].tolist() == ["none", "reminder", True]
    assert pd.isna(d.loc["C3", "dunning_action"])
    assert d.loc["C4", ["dunning_level", "held_by_promise"]].tolist() == ["call", True]


def test_moved_up_against_last_month():
    inv = _inv(
        [
            ("A1", "CA", "2026-08-01", "2026-09-20", 1000.0),  # now 41 days (formal_letter), then 10 (reminder)
            ("B1", "CB", "2026-06-01", "2026-08-01", 1000.0),  # now 91 (final_notice), then 60 (formal_letter)
            ("C1", "CC", "2026-04-01", "2026-06-01", 1000.0),  # now 152, then 121: final_notice both
            ("D1", "CD", "2026-05-01", "2026-07-01", 1000.0),  # 91 days last month, paid in October
            ("D2", "CD", "2026-09-01", "2026-10-01", 1000.0),  # now 30 (call), not yet due last month
            ("E1", "CE", "2026-10-01", "2026-10-11", 1000.0),  # new this month: 20 days, call
        ]
    )
    pay = _pay([("P1", "CD", "2026-10-10", 1000.0, "D1")])
    d = receivables.dunning({"invoices": inv, "payments": pay}, AS_OF)
    got = d[["dunning_level", "previous_level", "moved_up"]].to_dict("index")
    assert got == {
        "CA": {"dunning_level": "formal_letter", "previous_level": "reminder", "moved_up": True},
        "CB": {"dunning_level": "final_notice", "previous_level": "formal_letter", "moved_up": True},
        "CC": {"dunning_level": "final_notice", "previous_level": "final_notice", "moved_up": False},
        "CD": {"dunning_level": "call", "previous_level": "final_notice", "moved_up": False},
        "CE": {"dunning_level": "call", "previous_level": "none", "moved_up": True},
    }
    # the highest level first, then the larger amount, then the customer id
    assert list(d.index) == ["CB", "CC", "CA", "CD", "CE"]


def test_overdue_is_the_aging_page_s_on_the_committed_sample():
    data = kt.load()  # the committed sample, from the session's store (tests/conftest.py)
    as_of = dt.date(2026, 10, 31)
    pol = load_policy()
    ag = receivables.aging(data, as_of, pol["receivables"]["buckets"])
    d = receivables.dunning(data, as_of, pol)
    owing = ag[ag["overdue"] > 0]
    assert sorted(d.index) == sorted(owing.index)
    assert (d["overdue"] - owing["overdue"].reindex(d.index)).abs().max() < 0.005
    # the sample's open disputes: what of the overdue they hold is kept out of the levels, within the aging's disputed
    assert d["disputed"].sum() > 0 and (d["disputed"] <= ag["disputed"].reindex(d.index) + 0.005).all()
    assert set(d["dunning_level"]) <= {"none", *(lv["key"] for lv in pol["receivables"]["dunning"]["levels"])}


def test_levels_and_reasons_read_in_chinese():
    labels.use("zh")
    try:
        assert labels.value("dunning_level", "formal_letter") == "催款函"
        assert labels.value("previous_level", "none") == "未达催收等级"
        assert labels.value("level_reason", "1,300.00 overdue 15+ days, 20 days past due") == (
            "逾期15天以上的金额1,300.00，逾期20天"
        )
    finally:
        labels.use("en")


@pytest.mark.parametrize(
    ("index", "key", "value", "message"),
    [
        (
            2,
            "from_days",
            15,
            "policy key 'receivables.dunning.levels[2].from_days' = 15 is not above the level before it "
            "(call: 15): the levels must rise strictly in days",
        ),
        (
            1,
            "actor",
            "boss",
            "policy key 'receivables.dunning.levels[1].actor' must be 'account_manager', 'collections', "
            "'manager' or 'legal', got 'boss'",
        ),
        (
            0,
            "action",
            "sue",
            "policy key 'receivables.dunning.levels[0].action' must be 'reminder', 'call', 'formal_letter', "
            "'credit_hold', 'final_notice' or 'legal', got 'sue'",
        ),
        (
            0,
            "from_days",
            float("nan"),
            "policy key 'receivables.dunning.levels[0].from_days' must be a finite number, got nan",
        ),
        (3, "key", "call", "policy key 'receivables.dunning.levels[3]' = 'call' names two levels: keys must be unique"),
        (
            2,
            "letter",
            "../x",
            "policy key 'receivables.dunning.levels[2].letter' = '../x' must be the name of a letter template "
            "(lowercase letters, digits and underscores, e.g. formal) or null",
        ),
    ],
)
def test_a_bad_dunning_level_is_refused_naming_its_key(index, key, value, message):
    pol = default_policy()
    pol["receivables"]["dunning"]["levels"][index][key] = value
    with pytest.raises(PolicyError) as err:
        load_policy(pol)
    assert str(err.value) == message


def test_bad_letters_and_minimum_are_refused_naming_the_key():
    with pytest.raises(PolicyError, match=r"'receivables.dunning.min_amount' must be a finite number, got inf"):
        load_policy({"receivables": {"dunning": {"min_amount": float("inf")}}})
    with pytest.raises(PolicyError, match=r"'receivables.dunning.min_amount' = -1 is out of range"):
        load_policy({"receivables": {"dunning": {"min_amount": -1}}})
    with pytest.raises(PolicyError, match=r"'receivables.letters.language' must be 'zh', 'en' or 'both', got 'fr'"):
        load_policy({"receivables": {"letters": {"language": "fr"}}})
    with pytest.raises(PolicyError, match=r"'receivables.letters.deadline_days' = 0 is out of range"):
        load_policy({"receivables": {"letters": {"deadline_days": 0}}})
    with pytest.raises(PolicyError, match=r"'receivables.dunning.levels' must list at least one dunning level"):
        load_policy({"receivables": {"dunning": {"levels": []}}})


def test_nothing_overdue_gives_an_empty_frame_with_the_columns():
    inv = _inv([("I1", "C1", "2026-10-01", "2026-12-01", 10.0)])
    d = receivables.dunning({"invoices": inv}, AS_OF)
    assert d.empty and list(d.columns) == list(receivables.DUNNING_COLUMNS)

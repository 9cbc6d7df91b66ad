"""Approval by authority: the ladder of the policy, who approves a limit, approvals beyond authority.

Every expected level is worked out by hand in the comments from the ladders below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kamtools import credit
from kamtools.policy import PolicyError, load_policy
from kamtools.schema import conform
from kamtools.store import KamData

AS_OF = "2026-10-31"

#: The shipped ladder: account manager up to 100,000, direct-sales manager up to 500,000,
#: regional company manager without a ceiling.
AM, DSM, RCM = "account_manager", "direct_sales_manager", "regional_company_manager"

#: A five-level ladder with a ceiling on the last level.
FIVE = [
    {"key": "clerk", "name": "Credit clerk", "name_zh": "信用专员", "up_to": 20000},
    {"key": "am", "name": "Account manager", "name_zh": "客户经理", "up_to": 50000, "approvers": ["Wang Qiang"]},
    {"key": "dsm", "name": "Direct-sales manager", "name_zh": "直销部经理", "up_to": 200000},
    {"key": "rcm", "name": "Regional company manager", "name_zh": "地区公司经理", "up_to": 1000000},
    {"key": "board", "name": "Board", "name_zh": "董事会", "up_to": 5000000, "approvers": ["李明"]},
]
FIVE_POLICY = {"credit": {"approval_levels": FIVE}}


# --------------------------------------------------------------------------- increases: the new limit
@pytest.mark.parametrize(
    "new, level",
    [
        (0.01, AM),
        (100000, AM),  # exactly the account manager's amount: within it
        (100000.01, DSM),  # one cent over
        (500000, DSM),
        (500000.01, RCM),
        (9e12, RCM),  # no ceiling on the last level
    ],
)
def test_three_level_increase_goes_to_the_level_covering_the_new_limit(new, level):
    # from a current limit of 0 (a first limit) and of 0.00 below the new one: the same level
    assert credit.approval_level(new, 0.0) == level
    assert credit.approval_level(new, new - 0.01) == level


def test_a_small_increase_to_a_large_limit_needs_the_authority_of_the_large_limit():
    # 734,000 -> 749,000 is +15,000, but a limit of 749,000 is above the direct-sales manager's 500,000
    assert credit.approval_level(749000, 734000) == RCM


@pytest.mark.parametrize(
    "new, level",
    [
        (20000, "clerk"),
        (20000.01, "am"),
        (50000, "am"),
        (50000.01, "dsm"),
        (200000, "dsm"),
        (200000.01, "rcm"),
        (1000000, "rcm"),
        (1000000.01, "board"),
        (5000000, "board"),
        (5000000.01, "above_ladder"),  # above the last level's ceiling: no level may approve it
    ],
)
def test_five_level_increase_boundaries(new, level):
    assert credit.approval_level(new, 0.0, FIVE_POLICY) == level


# --------------------------------------------------------------------------- decreases: the current limit
@pytest.mark.parametrize(
    "current, approver, level",
    [
        (80000, "account manager", AM),  # approved within authority: back to the same level
        (80000, "直销部经理", DSM),  # a supervisor approved it: the supervisor decides the cut
        (80000, "Regional Company Manager", RCM),
        (100000, None, AM),  # approver unknown: the level the current limit needs (exactly 100,000)
        (100000.01, None, DSM),  # one cent over the account manager's amount
        (100000.01, "Li Ming", DSM),  # a name on no level counts as unknown
        (500000.01, "account manager", RCM),  # an approval beyond authority: what 500,000.01 needs
        (700000, "credit committee", RCM),  # a title listed under the top level (the sample's)
    ],
)
def test_three_level_decrease_goes_to_the_approver_of_the_current_limit(current, approver, level):
    assert credit.approval_level(50000, current, current_approver=approver) == level


@pytest.mark.parametrize(
    "current, approver, level",
    [
        (20000, "clerk", "clerk"),
        (20000.01, "clerk", "am"),  # beyond the clerk's 20,000
        (30000, "wang qiang", "am"),  # a person listed under the account manager's level
        (30000, "李明", "board"),
        (6000000, "board", "above_ladder"),  # a current limit no level may approve
    ],
)
def test_five_level_decrease(current, approver, level):
    assert credit.approval_level(10000, current, FIVE_POLICY, current_approver=approver) == level


# --------------------------------------------------------------------------- after a breach
def test_an_increase_for_a_customer_over_its_limit_goes_one_level_up():
    #                 new,   current, approved by,            exposure
    cases = {
        "UNDER": (60000.0, 34000.0, "account manager", 30000.0),  # within its limit: the new limit's level
        "AT": (60000.0, 34000.0, "account manager", 34000.0),  # exactly at the limit: not over it
        "CENT": (60000.0, 34000.0, "account manager", 34000.01),  # a cent over: above the account manager
        "DSM": (150000.0, 120000.0, "direct-sales manager", 130000.0),  # over: above the direct-sales manager
        "TOP": (800000.0, 600000.0, "regional manager", 700000.0),  # over, approved at the top: stays there
        "NOLIM": (20000.0, 0.0, None, 9000.0),  # exposure without a limit: above the level a first limit needs
        "OWED": (69000.0, 34000.0, "account manager", 171000.0),  # raised below what is owed: 171,000 needs DSM
    }
    new, cur, who, expo = (pd.Series([c[i] for c in cases.values()], index=list(cases)) for i in range(4))
    r = credit.approval_route(new, cur, current_approver=who, exposure=expo)
    assert r["approval_level"].tolist() == [AM, AM, DSM, RCM, RCM, DSM, DSM]
    assert r.loc["UNDER", "approval_reason"] == "increase to 60 k: the authority for the new limit: Account manager"
    assert r.loc["CENT", "approval_reason"] == (
        "increase to 60 k: the authority for the new limit: Account manager; exposure 34 k over the limit 34 k "
        "approved by account manager: one level above that approver, Direct-sales manager"
    )
    assert r.loc["TOP", "approval_reason"].endswith(
        "exposure 700 k over the limit 600 k approved by regional manager: the top level (none above that "
        "approver), Regional company manager"
    )
    assert r.loc["NOLIM", "approval_reason"].endswith(
        "exposure 9 k without an approved limit: one level above the level it needs, Direct-sales manager"
    )
    assert r.loc["OWED", "approval_reason"].startswith(
        "increase to 69 k: the authority for the exposure 171 k (above the new limit): Direct-sales manager"
    )
    # the same through approval_level, one scalar
    assert credit.approval_level(60000, 34000, current_approver="account manager", exposure=34000.01) == DSM


def test_a_change_of_an_override_goes_to_its_author():
    # C000091 of the committee's pack: 34,000 approved by the account manager, an override of 69,000 by the
    # regional manager, exposure 171,000: the 171,000 needs the direct-sales manager, over its limit one level
    # above the account manager is the direct-sales manager, the override's author is the regional manager
    r = credit.approval_route(
        pd.Series([69000.0, 80000.0, 50000.0]),
        pd.Series([34000.0, 100000.0, 50000.0]),
        current_approver=pd.Series(["account manager", "account manager", "account manager"]),
        exposure=pd.Series([171000.0, 20000.0, 0.0]),
        override_by=pd.Series(["regional manager", "直销部经理", "regional manager"]),
    )
    # a cut to an override by the direct-sales manager: its author, above the account manager; no change: none
    assert r["approval_level"].tolist() == [RCM, DSM, "none"]
    assert r.loc[0, "approval_reason"] == (
        "increase to 69 k: the authority for the exposure 171 k (above the new limit): Direct-sales manager; "
        "exposure 171 k over the limit 34 k approved by account manager: one level above that approver, "
        "Direct-sales manager; the limit in force is an override by regional manager: its author's level, "
        "Regional company manager"
    )
    assert r.loc[1, "approval_reason"] == (
        "decrease to 80 k: the approver of the current limit (account manager): Account manager; "
        "the limit in force is an override by 直销部经理: its author's level, Direct-sales manager"
    )
    assert r.loc[2, "approval_reason"] == "no change"


def test_decreases_to_a_named_level():
    pol = {"credit": {"decrease_approver": DSM}}
    # every decrease to the direct-sales manager, whoever approved the current limit
    assert credit.approval_level(10000, 2_000_000, pol, current_approver="地区公司经理") == DSM
    assert credit.approval_level(10000, 20000, pol, current_approver="account manager") == DSM
    # increases still by the new limit
    assert credit.approval_level(20000, 10000, pol) == AM


def test_series_no_change_and_missing_limits():
    new = pd.Series([50000.0, 50000.0, np.nan, 600000.0, 20000.0], index=list("ABCDE"))
    cur = pd.Series([50000.0, np.nan, 10.0, 100000.0, 300000.0], index=list("ABCDE"))
    who = pd.Series(["x", "x", "x", "account manager", "account manager"], index=list("ABCDE"))
    got = credit.approval_level(new, cur, current_approver=who)
    # A: no change; B, C: a limit missing; D: up to 600,000; E: down from 300,000 approved by an account
    # manager beyond authority -> the direct-sales manager (300,000 needs it)
    assert got["A"] == "none" and got[["B", "C"]].isna().all()
    assert got["D"] == RCM and got["E"] == DSM


def test_the_old_call_with_the_change_and_the_policy_is_refused():
    with pytest.raises(TypeError, match="second argument is the current limit"):
        credit.approval_level(10.0, load_policy(None))


def test_limits_route_decreases_by_the_approver_of_the_current_limit(small_limits):
    lim = small_limits
    want = credit.approval_level(
        lim["recommended_limit"],
        lim["approved_limit"],
        current_approver=lim["approved_by"].where(lim["approved_limit"] > 0),
        exposure=lim["exposure"],
        override_by=lim["override_by"].where(lim["override_limit"].notna()),
        exception=lim[[c for c in lim.columns if c.startswith("exception_") and c != "exception_no_limit"]].any(axis=1),
        other_change=credit.exposure.signed_changes(lim, load_policy()),
    )
    pd.testing.assert_series_equal(lim["approval_level"], want, check_names=False)
    down = lim[lim["limit_change"] < 0]
    # decreases are not all left to the account manager: approvers above it keep their cuts
    assert set(down["approval_level"]) - {AM}
    # an increase for a customer over its limit never goes back to the account manager who approved it
    over = lim[(lim["limit_change"] > 0) & (lim["exposure"] > lim["approved_limit"])]
    assert len(over) > 0 and not (over["approval_level"] == AM).any()
    assert over["approval_reason"].str.contains("one level above|the top level", regex=True).all()


# --------------------------------------------------------------------------- changes by level
def test_limit_changes_have_a_row_per_level_of_any_ladder():
    lim = pd.DataFrame(
        {
            "limit_change": [15000.0, -5000.0, 0.0, 6_000_000.0, 100.0],
            "approval_level": ["am", "board", "none", "above_ladder", "am"],
        }
    )
    ch = credit.limit_changes(lim, FIVE_POLICY)
    assert list(ch.index) == ["clerk", "am", "dsm", "rcm", "board", "above_ladder", "none"]
    assert ch.loc["am"].tolist() == [2, 2, 0, 15100.0, 0.0, 0]
    assert ch.loc["board"].tolist() == [1, 0, 1, 0.0, 5000.0, 0]
    assert ch.loc["above_ladder", "total_increase"] == 6_000_000.0
    assert list(credit.limit_changes(lim.iloc[:0]).index) == [AM, DSM, RCM, "none"]


def test_an_unchanged_limit_signed_for_its_terms_is_counted_apart_from_the_changes():
    # at the direct-sales manager: one cut, and two limits kept whose terms are shortened (routed there, change 0);
    # the unchanged limit needing no approval ("none") is no terms-only change
    lim = pd.DataFrame(
        {"limit_change": [-5000.0, 0.0, 0.0, 0.0, 8000.0], "approval_level": [DSM, DSM, DSM, "none", AM]}
    )
    ch = credit.limit_changes(lim)
    assert ch.loc[DSM, ["customers", "increases", "decreases", "terms_only"]].tolist() == [3, 0, 1, 2]
    assert ch.loc[AM, ["customers", "increases", "decreases", "terms_only"]].tolist() == [1, 1, 0, 0]
    assert ch.loc["none", "terms_only"] == 0


def test_level_names_come_from_the_policy():
    names = credit.level_names(FIVE_POLICY)
    assert names["board"] == ("Board", "董事会") and names["none"][1] == "无需审批"
    assert credit.level_keys(FIVE_POLICY)[-2:] == ["above_ladder", "none"]


# --------------------------------------------------------------------------- the ladder in the policy
def _level(key, up_to, **kw):
    return {"key": key, "name": key.title(), "name_zh": "级", "up_to": up_to, **kw}


@pytest.mark.parametrize(
    "levels, message",
    [
        ({"account_manager": 50000}, r"'credit\.approval_levels' must be a list of levels"),
        ([], r"'credit\.approval_levels' must list at least one level"),
        ([_level("a", None), _level("b", 10)], r"'credit\.approval_levels\[0\]\.up_to' must be an amount, got null"),
        ([_level("a", 10), _level("b", 10)], r"'credit\.approval_levels\[1\]\.up_to' \(10\) must exceed"),
        ([_level("a", 10), _level("a", 20)], r"'credit\.approval_levels\[1\]\.key' = 'a' repeats"),
        ([_level("Area Boss", 10)], r"'credit\.approval_levels\[0\]\.key' must be a lowercase name"),
        ([_level("none", 10)], r"'credit\.approval_levels\[0\]\.key' must be a lowercase name"),
        ([_level("a", -1)], r"'credit\.approval_levels\[0\]\.up_to' = -1 is out of range"),
        ([_level("a", float("nan"))], r"'credit\.approval_levels\[0\]\.up_to' must be a finite number"),
        ([_level("a", "10")], r"'credit\.approval_levels\[0\]\.up_to' must be a number or null"),
        (
            [_level("a", 10, approvers=["Li"]), _level("b", None, approvers=["LI "])],
            r"'credit\.approval_levels\[1\]\.approvers\[0\]' = 'LI ' is listed under level 'a' too",
        ),
    ],
)
def test_a_bad_ladder_is_refused_naming_the_key(levels, message):
    with pytest.raises(PolicyError, match=message):
        load_policy({"credit": {"approval_levels": levels}})


def test_decrease_approver_must_name_a_level():
    with pytest.raises(PolicyError, match=r"'credit\.decrease_approver' must be 'current' or a level's key"):
        load_policy({"credit": {"decrease_approver": "board"}})
    # with the five-level ladder the board is a level
    assert load_policy({"credit": {"approval_levels": FIVE, "decrease_approver": "board"}})


def test_a_user_ladder_replaces_the_shipped_one():
    pol = load_policy(FIVE_POLICY)
    assert [lv["key"] for lv in pol["credit"]["approval_levels"]] == ["clerk", "am", "dsm", "rcm", "board"]
    assert pol["credit"]["approval_levels"][0]["approvers"] == []  # approvers may be left out


# --------------------------------------------------------------------------- approvals beyond authority
def _book(limits: list[tuple]) -> KamData:
    ids = sorted({row[0] for row in limits} | {"C9"})
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "name": [f"Name {i}" for i in ids],
            "industry": "Retail",
            "region": "East",
            "account_manager": "Li",
        }
    )
    cl = pd.DataFrame(limits, columns=["customer_id", "credit_limit", "approved_by", "approved_on"])
    return KamData({"customers": conform(customers, "customers"), "credit_limits": conform(cl, "credit_limits")})


BREACH_BOOK = [
    ("C1", 300000.0, "account manager", "2025-01-10"),  # superseded: 200,000 beyond 100,000
    ("C1", 100000.0, "account manager", "2026-01-10"),  # exactly the authority: fine
    ("C2", 100000.01, "Account Manager", "2026-02-01"),  # one cent beyond
    ("C3", 1240000.0, "direct-sales manager", "2026-03-01"),  # 740,000 beyond 500,000
    ("C4", 2000000.0, "regional manager", "2026-04-01"),  # the top level (listed title): no ceiling
    ("C5", 30000.0, "Li Ming", "2026-05-01"),  # not on the ladder
    ("C6", 900000.0, "account manager", "2026-11-01"),  # after as_of: not yet in force
]


def test_authority_breaches_of_the_limits_in_force():
    b = credit.authority_breaches(_book(BREACH_BOOK), AS_OF)
    assert list(b.index) == ["C3", "C2", "C5"]
    assert b.loc["C3", "excess_authority"] == 740000.0 and b.loc["C3", "approver_authority"] == 500000.0
    assert b.loc["C3", "approver_level"] == DSM and b.loc["C3", "required_level"] == RCM
    assert b.loc["C2", "excess_authority"] == 0.01 and b.loc["C2", "required_level"] == DSM
    assert b.loc["C5", "breach"] == "approver not on the ladder" and pd.isna(b.loc["C5", "approver_level"])
    assert b.loc["C3", "breach"] == "beyond authority" and b.loc["C3", "name"] == "Name C3"
    assert b["in_force"].all()
    assert list(b.columns) == list(credit.approvals.BREACH_COLUMNS)


def test_authority_breaches_of_every_approval():
    b = credit.authority_breaches(_book(BREACH_BOOK), AS_OF, all_approvals=True)
    # by excess: C3 740,000, C1's superseded 300,000 (200,000), C2 0.01; then the one not on the ladder
    assert list(b.index) == ["C3", "C1", "C2", "C5"]
    assert b.loc["C1", "excess_authority"] == 200000.0 and not b.loc["C1", "in_force"]


def test_authority_breaches_with_people_on_a_five_level_ladder():
    book = _book(
        [
            ("C1", 50000.0, "Wang Qiang", "2026-01-01"),  # the account manager's 50,000: fine
            ("C2", 50000.01, "wang qiang", "2026-01-01"),  # one cent beyond
            ("C3", 5000000.01, "李明", "2026-01-01"),  # beyond the board's ceiling
        ]
    )
    b = credit.authority_breaches(book, AS_OF, FIVE_POLICY)
    assert list(b.index) == ["C3", "C2"]  # both 0.01 beyond: the larger limit first
    assert b.loc["C3", "required_level"] == "above_ladder" and b.loc["C3", "excess_authority"] == 0.01
    assert b.loc["C2", "required_level"] == "dsm"


def test_no_breach_without_approvals():
    book = KamData({"customers": _book([]).customers})
    assert credit.authority_breaches(book, AS_OF).empty


def test_the_sample_titles_are_all_on_the_shipped_ladder(small_data):
    b = credit.authority_breaches(small_data, AS_OF)
    assert len(b) > 0 and set(b["breach"]) == {"beyond authority"}
    assert (b["approved_limit"] > b["approver_authority"]).all()


# --------------------------------------------------------------------------- exceptions of the approval in force
def test_exceptions_of_the_approval_in_force_are_printed_in_the_limit_row():
    from kamtools.schema import CREDIT_FACTORS, empty_frame

    ids = ["E1", "E2", "E3", "E4", "E5", "E6"]
    customers = pd.DataFrame(
        {"customer_id": ids, "name": ids, "industry": "Retail", "region": "East", "account_manager": "Li"}
    )
    # the book's first assessment on record: E3's, 2023-06-30
    assessed = [("E2", "2024-01-10"), ("E3", "2023-06-30"), ("E4", "2026-05-01"), ("E6", "2024-01-10")]
    factors = pd.DataFrame(assessed, columns=["customer_id", "assessed_on"]).assign(**dict.fromkeys(CREDIT_FACTORS, 3))
    approvals = [
        ("E1", 119000.0, "account manager", "2024-02-01"),  # beyond 100,000, and E1 never assessed
        ("E2", 50000.0, "account manager", "2025-01-10"),  # its assessment exactly 12 months old that day: fine
        ("E6", 50000.0, "account manager", "2025-01-11"),  # a day later: over 12 months old
        ("E3", 40000.0, "account manager", "2024-07-01"),  # its 2023-06-30 assessment over 12 months old
        ("E4", 60000.0, "Li Ming", "2026-06-01"),  # an approver on no level
        ("E5", 30000.0, "account manager", "2023-01-01"),  # before the first assessment on record: not judged
    ]
    cl = pd.DataFrame(approvals, columns=["customer_id", "credit_limit", "approved_by", "approved_on"])
    tables = {
        "customers": customers,
        "credit_factors": factors,
        "credit_limits": cl,
        "invoices": empty_frame("invoices"),
        "payments": empty_frame("payments"),
        "financials": empty_frame("financials"),
    }
    lim = credit.limits(KamData({k: conform(v, k) for k, v in tables.items()}), AS_OF)
    assert lim["exception_authority"].tolist() == [True, False, False, True, False, False]
    assert lim["exception_stale_basis"].tolist() == [True, False, True, False, False, True]
    assert lim.loc["E1", "exceptions"] == (
        "approved by account manager beyond its authority: 119 k against 100 k (a limit of 119 k needs "
        "Direct-sales manager); approved on 2024-02-01 before any credit assessment (unrated)"
    )
    assert (
        lim.loc["E3", "exceptions"]
        == "approved on 2024-07-01 on an assessment of 2023-06-30, over 12 months old that day"
    )
    assert lim.loc["E4", "exceptions"] == "approved by Li Ming, who is on no level of the ladder: authority unchecked"
    assert (
        lim.loc["E6", "exceptions"]
        == "approved on 2025-01-11 on an assessment of 2024-01-10, over 12 months old that day"
    )
    assert lim.loc["E2", "exceptions"] == "" and lim.loc["E5", "exceptions"] == ""


def test_unsecured_credit_for_a_grade_without_it_and_trading_without_a_limit_are_exceptions():
    from kamtools.schema import CREDIT_FACTORS

    # the assessments on record: C162 2026-01-03, C289 2023-12-25 (the book's first), C352 2026-01-30, SEC 2026-02-01
    assessed = [("C162", "2026-01-03"), ("C289", "2023-12-25"), ("C352", "2026-01-30"), ("SEC", "2026-02-01")]
    factors = pd.DataFrame(assessed, columns=["customer_id", "assessed_on"]).assign(**dict.fromkeys(CREDIT_FACTORS, 1))
    data = KamData({"credit_factors": conform(factors, "credit_factors")})
    ids = ["C162", "C289", "C352", "SEC", "C380"]
    lim = pd.DataFrame(
        {
            # the committee's C000162: 45000 approved by the account manager on 2026-05-25, after the assessment
            # (2026-01-03) and the statement (2025-12-31) that grade it C: an unsecured limit for a grade without
            # unsecured credit; C000289: 301000 on 2026-01-24 on its 2023-12-25 assessment (stale that day too);
            # C000352: approved 2023-01-22, graded C only on 2026-01-30: no exception then; SEC: 10000 for a C
            # backed by collateral 20000 less 30 % = 14000: secured; C000380: exposure and no limit
            "approved_limit": [45000.0, 301000.0, 51000.0, 10000.0, 0.0],
            "approved_by": ["account manager", "direct-sales manager", "direct-sales manager", "account manager", None],
            "approved_on": pd.to_datetime(["2026-05-25", "2026-01-24", "2023-01-22", "2026-03-01", None]),
            "scored_grade": ["C", "C", "C", "C", "BB"],
            "assessed_on": pd.to_datetime(["2026-01-03", "2023-12-25", "2026-01-30", "2026-02-01", "2026-01-10"]),
            "financials_on": pd.to_datetime(["2025-12-31", "2025-12-31", "2025-12-31", "2025-12-31", None]),
            "collateral": [0.0, 0.0, 0.0, 20000.0, 0.0],
            "exposure": [82764.68, 420972.74, 0.0, 5000.0, 2401.65],
            "months_bought": [12, 12, 2, 12, 10],
        },
        index=pd.Index(ids, name="customer_id"),
    )
    e = credit.approval_exceptions(data, lim, load_policy())
    assert e["exception_no_unsecured"].tolist() == [True, True, False, False, False]
    assert e["exception_no_limit"].tolist() == [False, False, False, False, True]
    assert e.loc["C162", "exceptions"] == (
        "unsecured limit approved for a grade without unsecured credit: 45 k on 2026-05-25 for grade C "
        "(multiplier 0) assessed on 2026-01-03"
    )
    assert e.loc["C289", "exceptions"] == (
        "approved on 2026-01-24 on an assessment of 2023-12-25, over 12 months old that day; unsecured limit "
        "approved for a grade without unsecured credit: 301 k on 2026-01-24 for grade C (multiplier 0) assessed "
        "on 2023-12-25"
    )
    assert (
        e.loc["C380", "exceptions"]
        == "trading without an approved limit: exposure 2.4 k, bought in 10 of the last 12 months"
    )
    assert e.loc["C352", "exceptions"] == "" and e.loc["SEC", "exceptions"] == ""


def test_a_decrease_of_a_limit_approved_as_an_exception_goes_one_level_above_its_approver():
    cur = pd.Series([301000.0, 45000.0, 45000.0, 3e6, 45000.0])
    who = pd.Series(["direct-sales manager", "account manager", "account manager", "regional manager", "Li Ming"])
    exception = pd.Series([True, True, False, True, True])
    r = credit.approval_route(pd.Series(0.0, index=cur.index), cur, current_approver=who, exception=exception)
    # C000289: the direct-sales manager's exception: the regional company manager; C000162: the account manager's:
    # the direct-sales manager; no exception: back to the account manager; the top level stays the top; an
    # approver on no level: one above the level 45000 needs (the account manager's)
    assert r["approval_level"].tolist() == [RCM, DSM, AM, RCM, DSM]
    # the reason names the policy's rule (credit.exception_decrease_approver: one_level_up, the company's choice)
    assert r.loc[0, "approval_reason"] == (
        "decrease to 0: the approver of the current limit (direct-sales manager): Direct-sales manager; the current "
        "limit 301 k was approved by direct-sales manager as an exception, whose approver does not approve its "
        "correction (credit.exception_decrease_approver): one level above that approver, Regional company manager"
    )
    # the top level stays the top: the rule raises nothing, and is not said
    assert r.loc[3, "approval_reason"] == (
        "decrease to 0: the approver of the current limit (regional manager): Regional company manager"
    )
    assert r.loc[4, "approval_reason"].endswith(
        "was approved as an exception (its approver not on the ladder), whose approver does not approve its "
        "correction (credit.exception_decrease_approver): one level above the level it needs, Direct-sales manager"
    )
    # credit.exception_decrease_approver: current: the decrease rule alone (the committee's reading of
    # decrease_approver: current), each back to the approver of the current limit
    same = credit.approval_route(
        pd.Series(0.0, index=cur.index),
        cur,
        {"credit": {"exception_decrease_approver": "current"}},
        current_approver=who,
        exception=exception,
    )
    assert same["approval_level"].tolist() == [DSM, AM, AM, RCM, AM]
    assert same.loc[1, "approval_reason"] == (
        "decrease to 0: the approver of the current limit (account manager): Account manager"
    )
    # an increase is routed by the authority for the new limit, as before
    up = credit.approval_route(pd.Series([50000.0]), pd.Series([45000.0]), current_approver=who[:1], exception=True)
    assert up.loc[0, "approval_level"] == AM


def test_an_exception_rule_that_raises_nothing_is_not_said_and_a_bad_choice_is_refused():
    # the committee's C000202: 1.244 M approved by the direct-sales manager (authority 500,000) and cut to 274,000:
    # the level 1.244 M needs is already the regional company manager; one level above the direct-sales manager is
    # the same level: the reason states the rule that set it, once
    r = credit.approval_route(
        pd.Series([274000.0]), pd.Series([1244000.0]), current_approver="direct-sales manager", exception=True
    )
    assert r.loc[0, "approval_level"] == RCM
    assert r.loc[0, "approval_reason"] == (
        "decrease to 274 k: the level the current limit 1.24 M needs (direct-sales manager approved it beyond its "
        "authority): Regional company manager"
    )
    with pytest.raises(PolicyError, match=r"credit\.exception_decrease_approver.*'one_level_up' or 'current'"):
        load_policy({"credit": {"exception_decrease_approver": "boss"}})


def test_an_unchanged_limit_with_other_changes_names_who_signs_them():
    # the committee's C000196 and C000167: no limit, terms to cash in advance (and a hand-over to legal): "no
    # change, no approval" left them unsigned. They go where a decrease would: the approver of the current limit,
    # or the level it needs (0: the account manager); C000076-like: 40,000 approved by the direct-sales manager,
    # terms shortened from 45 to 15 days: the direct-sales manager; nothing else to sign: no approval
    other = pd.Series(
        [
            "payment terms from 45 to 0 days (cash in advance) and hand-over to collections or legal action",
            "payment terms from 45 to 15 days",
            "",
        ]
    )
    cur = pd.Series([0.0, 40000.0, 40000.0])
    who = pd.Series([None, "direct-sales manager", "direct-sales manager"])
    r = credit.approval_route(cur, cur, current_approver=who, other_change=other)
    assert r["approval_level"].tolist() == [AM, DSM, "none"]
    assert r["approval_reason"].tolist() == [
        "limit unchanged at 0, payment terms from 45 to 0 days (cash in advance) and hand-over to collections or "
        "legal action: no limit in force, the level the current limit 0 needs: Account manager",
        "limit unchanged at 40 k, payment terms from 45 to 15 days: the approver of the current limit (direct-sales "
        "manager): Direct-sales manager",
        "no change",
    ]


def test_an_approval_made_while_an_invoice_was_past_the_hold_days_is_an_exception():
    from kamtools.schema import CREDIT_FACTORS, empty_frame

    # the committee's C000202: 1.244 M approved on 2025-04-04 while an invoice was 283 days past due. Here, all
    # approved on 2026-03-01 by the account manager, assessed 2026-02-01, on the 90 hold days of the policy:
    # A: 5,000 due 2025-11-01 open that day: 30 + 31 + 31 + 28 = 120 days past due, all of it more than 90; paid
    #    on 2026-04-01 (nothing past due on 2026-10-31); 12,000 not yet due on 2026-10-31 against its 10,000
    # B: 4,000 due 2025-12-01: exactly 90 days past due that day, not more; paid 2026-04-01
    # C: 3,000 due 2025-10-01 paid on 2026-02-15, before the approval: nothing open that day
    ids = ["A", "B", "C"]
    customers = pd.DataFrame(
        {"customer_id": ids, "name": ids, "industry": "Retail", "region": "East", "account_manager": "Li"}
    )
    factors = pd.DataFrame({"customer_id": ids, "assessed_on": "2026-02-01"}).assign(**dict.fromkeys(CREDIT_FACTORS, 3))
    cl = pd.DataFrame(
        {"customer_id": ids, "credit_limit": 10000.0, "approved_by": "account manager", "approved_on": "2026-03-01"}
    )
    invoices = pd.DataFrame(
        {
            "invoice_id": ["IA", "IA2", "IB", "IC"],
            "customer_id": ["A", "A", "B", "C"],
            "invoice_date": ["2025-10-01", "2026-10-20", "2025-11-01", "2025-09-01"],
            "due_date": ["2025-11-01", "2026-11-19", "2025-12-01", "2025-10-01"],
            "amount": [5000.0, 12000.0, 4000.0, 3000.0],
            "cost": 0.0,
        }
    )
    payments = pd.DataFrame(
        {
            "payment_id": ["PA", "PB", "PC"],
            "customer_id": ["A", "B", "C"],
            "payment_date": ["2026-04-01", "2026-04-01", "2026-02-15"],
            "amount": [5000.0, 4000.0, 3000.0],
            "invoice_id": ["IA", "IB", "IC"],
        }
    )
    tables = {
        "customers": customers,
        "credit_factors": factors,
        "credit_limits": cl,
        "invoices": invoices,
        "payments": payments,
        "financials": empty_frame("financials"),
    }
    lim = credit.limits(KamData({k: conform(v, k) for k, v in tables.items()}), AS_OF)
    assert lim["exception_arrears"].tolist() == [True, False, False]
    assert lim.loc["A", "exceptions"] == (
        "approved on 2026-03-01 while an invoice was 120 days past due (5 k more than 90 days past due that day)"
    )
    assert lim.loc["B", "exceptions"] == "" and lim.loc["C", "exceptions"] == ""
    # exposure above the approved limit, borne by the handler alone (credit.accountability): A owes 12,000
    # against 10,000
    assert lim["handler_exposure"].tolist() == [2000.0, 0.0, 0.0]

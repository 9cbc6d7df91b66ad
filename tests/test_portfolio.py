"""The portfolio page and the account plan, on a hand-made book with numbers worked out by hand.

The book (report month 2026-10; every invoice falls due 30 days after its date):

* C1 -- 100 in 2025-10 (paid), 200 in 2026-09, 300 in 2026-10 (discount 30), a credit note of
  -50 (cost -30) in 2026-10 that settles the 200 invoice down to 150 (overdue 16 days);
  limit 400 with collateral 20.
* C2 -- 400 in 2024-12 (paid), 500 in 2026-10 (not yet due); limit 1000; the one key account
  (high attractiveness, strategic alliance at senior-team level, the others medium and none).
* C3 -- 250 in 2025-06, never paid (487 days past due); no limit.
* C4 -- set up, never bought.
* C5 -- 80 on 2025-10-31 (paid): lost exactly twelve months later, i.e. in the report month.
* C6 -- 1000 in 2025-03 and 500 in 2026-03, both paid: revenue halved (defense).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from invoice_rows import invoice_row as _inv

from kamtools import account_plan as ap
from kamtools import facts, overview
from kamtools import portfolio as pf
from kamtools import strategies as st
from kamtools.account_plan_text import OWNERS

AS_OF = "2026-10-31"  # the report date of 2026-10


@pytest.fixture(scope="module")
def book():
    invoices = pd.DataFrame(
        [
            _inv("I01", "C1", "2025-10-10", 100.0, 60.0),
            _inv("I02", "C1", "2026-09-15", 200.0, 150.0),
            _inv("I03", "C1", "2026-10-05", 300.0, 200.0, 30.0),
            _inv("I04", "C1", "2026-10-20", -50.0, -30.0),
            _inv("I05", "C2", "2024-12-01", 400.0, 300.0),
            _inv("I06", "C2", "2026-10-10", 500.0, 400.0),
            _inv("I07", "C3", "2025-06-01", 250.0, 200.0),
            _inv("I08", "C5", "2025-10-31", 80.0, 40.0),
            _inv("I09", "C6", "2025-03-01", 1000.0, 900.0),
            _inv("I10", "C6", "2026-03-01", 500.0, 450.0),
        ]
    )
    payments = pd.DataFrame(
        {
            "payment_id": ["P1", "P2", "P3", "P4", "P5"],
            "customer_id": ["C1", "C2", "C5", "C6", "C6"],
            "payment_date": pd.to_datetime(["2025-11-01", "2024-12-20", "2025-11-20", "2025-03-20", "2026-03-25"]),
            "amount": [100.0, 400.0, 80.0, 1000.0, 500.0],
            "invoice_id": ["I01", "I05", "I08", "I09", "I10"],
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
            "name": ["Alpha", "华东精密机械有限公司", "Gamma", "Delta", "Epsilon", "Zeta"],
            "industry": "Machinery",
            "region": "East",
            "account_manager": ["Li", "Wang", "Li", "Li", "Wang", "Wang"],
            "attractiveness": ["medium", "high", "medium", "medium", "medium", "medium"],
            "relationship_state": ["none", "strategic_alliance", "none", "none", "none", "none"],
            "relationship_level": ["none", "senior_team", "none", "none", "none", "none"],
            "wallet_estimate": [900.0, None, None, None, None, None],
        }
    )
    limits = pd.DataFrame(
        {
            "customer_id": ["C1", "C2"],
            "credit_limit": [400.0, 1000.0],
            "approved_by": ["account manager", "account manager"],
            "approved_on": pd.to_datetime(["2025-01-01", "2025-01-01"]),
            "collateral": [20.0, None],
        }
    )
    activities = pd.DataFrame(
        {
            "activity_id": ["A1", "A2", "A3", "A4"],
            "customer_id": ["C2", "C2", "C1", "C2"],
            "date": pd.to_datetime(["2026-05-01", "2026-10-01", "2026-06-01", "2025-06-01"]),
            "type": ["visit", "call", "visit", "visit"],
            "account_manager": ["Wang", "Wang", "Li", "Wang"],
            "hours": [4.0, 1.0, 5.0, 3.0],
        }
    )  # A4 lies before the last 12 months
    return facts.source(
        customers=customers, invoices=invoices, payments=payments, credit_limits=limits, activities=activities
    )


@pytest.fixture(scope="module")
def tables(book):
    """The book tables of the book on AS_OF (:func:`kamtools.account_plan.book_tables`), worked out once
    for the plans below: a plan made from them is the plan made without
    (``test_book_tables_computed_once_give_the_same_plan``)."""
    return ap.book_tables(book, AS_OF)


def test_kpis_month_previous_month_year_ago_and_12_months(book):
    k = pf.kpis(book, AS_OF)
    # month 2026-10: 300 - 50 + 500; cost 200 - 30 + 400
    assert k.loc["revenue", "month"] == 750.0
    assert k.loc["margin", "month"] == 180.0
    assert k.loc["margin_rate", "month"] == pytest.approx(0.24)
    assert k.loc["discount", "month"] == 30.0
    assert k.loc["invoices", "month"] == 2  # the credit note is no purchase
    assert k.loc["buying_customers", "month"] == 2
    # previous month 2026-09: C1's 200; a year ago 2025-10: C1's 100 and C5's 80
    assert k.loc["revenue", ["previous_month", "year_ago"]].tolist() == [200.0, 180.0]
    assert k.loc["revenue", "change_mom"] == pytest.approx(750 / 200 - 1)
    assert k.loc["revenue", "change_yoy"] == pytest.approx(750 / 180 - 1)
    assert k.loc["margin_rate", "year_ago"] == pytest.approx(80 / 180)
    assert k.loc["margin_rate", "change_mom"] == pytest.approx(0.24 - 0.25)  # points, not relative
    assert k.loc["margin_rate", "change_unit"] == "points" and k.loc["revenue", "change_unit"] == "relative"
    # 12 months 2025-11..2026-10: 200 + 300 - 50 + 500 + 500 (C6); before: 100 + 400 + 250 + 80 + 1000
    assert k.loc["revenue", ["last_12m", "previous_12m"]].tolist() == [1450.0, 1830.0]
    assert k.loc["margin", ["last_12m", "previous_12m"]].tolist() == [280.0, 330.0]
    assert k.loc["buying_customers", ["last_12m", "previous_12m"]].tolist() == [3, 5]
    assert k.loc["revenue", "change_12m"] == pytest.approx(1450 / 1830 - 1)


def test_kpis_of_one_customer_and_no_base_gives_nan(book):
    k = pf.kpis(book, AS_OF, customer_id="C2")
    assert k.loc["revenue", ["month", "previous_month", "year_ago"]].tolist() == [500.0, 0.0, 0.0]
    assert pd.isna(k.loc["revenue", "change_mom"]) and pd.isna(k.loc["revenue", "change_yoy"])


def test_monthly_fills_every_month(book):
    m = pf.monthly(book, AS_OF, months=24, customer_id="C1")
    assert len(m) == 24 and m.index[0] == "2024-11" and m.index[-1] == "2026-10"
    assert m.loc["2026-10", ["revenue", "margin", "invoices", "credit_notes"]].tolist() == [250.0, 80.0, 1, 1]
    assert m.loc["2025-10", "revenue"] == 100.0
    assert m["revenue"].sum() == 550.0
    assert pd.isna(m.loc["2026-08", "margin_rate"]) and m.loc["2026-08", "revenue"] == 0.0


def test_customer_counts(book):
    c = pf.customer_counts(book, AS_OF)
    # 2026-10-31: C1, C2, C6 active; C3, C5 lost; C4 prospect; C5 became lost in the month
    assert c["month"].to_dict() == {
        "new": 0,
        "active": 3,
        "lost": 2,
        "prospect": 1,
        "buying": 3,
        "won_in_month": 0,
        "lost_in_month": 1,
    }
    # 2026-09-30: C1 and C5 new (first purchase within 12 months), C6 active, C2 and C3 lost
    assert c["previous_month"].to_dict() == {
        "new": 2,
        "active": 1,
        "lost": 2,
        "prospect": 1,
        "buying": 3,
        "won_in_month": 0,
        "lost_in_month": 0,
    }
    # 2025-10-31: every buyer first bought within 12 months; C1 and C5 first bought in 2025-10
    assert c["year_ago"].to_dict() == {
        "new": 5,
        "active": 0,
        "lost": 0,
        "prospect": 1,
        "buying": 5,
        "won_in_month": 2,
        "lost_in_month": 0,
    }
    assert c.loc["active", "change_mom"] == 2 and c.loc["new", "change_yoy"] == -5
    assert c.loc["lost", "strategy"] == str(st.STATUS["lost"])


def test_concentration(book):
    conc = pf.concentration(book, AS_OF, n=2)
    # revenue of the last 12 months: C2 500, C6 500 (tie: by id), C1 450; total 1450
    assert conc.top.index.tolist() == ["C2", "C6"]
    assert conc.top["name"].tolist() == ["华东精密机械有限公司", "Zeta"]
    assert conc.top["share"].tolist() == pytest.approx([500 / 1450, 500 / 1450])
    assert conc.top["cumulative_share"].tolist() == pytest.approx([500 / 1450, 1000 / 1450])
    assert conc.top_n_share == pytest.approx(1000 / 1450)
    assert conc.buying_customers == 3
    # the Pareto of the 3 buyers (C2, C6, C1), not of all 6 customers: the top 20 % of 3 buyers
    # = 0.6 of the first buyer: 0.6 x 500 (all 6 customers would give 500 + 0.2 x 500 = 600)
    assert conc.pareto.curve.index.tolist() == ["C2", "C6", "C1"]
    assert conc.pareto.top_share == pytest.approx(300 / 1450)
    assert conc.top.loc["C2", "tier"] == "key"


def test_lifecycle_counts(book):
    lc = pf.lifecycle_counts(book, AS_OF)
    # C1 450 vs 100 and C2 500 vs 400: growth; C6 500 vs 1000: defense; C3, C5: hibernation;
    # C4 set up, never bought: breakthrough (winning its first orders), as on the segmentation page
    assert lc["customers"].to_dict() == {"breakthrough": 1, "growth": 2, "harvest": 0, "defense": 1, "hibernation": 2}
    assert lc.loc["growth", ["revenue_12m", "revenue_prev_12m"]].tolist() == [950.0, 500.0]
    assert lc.loc["hibernation", "revenue_prev_12m"] == 330.0
    assert lc.loc["defense", "revenue_share"] == pytest.approx(500 / 1450)
    assert lc.loc["defense", "strategy"] == str(st.LIFECYCLE["defense"])


def test_risks(book):
    r = pf.risks(book, AS_OF)["value"]
    # open: C1 150 overdue + 300 current, C2 500 current, C3 250 overdue
    assert r["open_receivables"] == 1200.0 and r["overdue"] == 400.0
    assert r["overdue_share"] == pytest.approx(1 / 3)
    assert r["overdue_customers"] == 2
    # C1 450 against 400 (collateral 20), C3 250 without a limit
    assert r["exposure"] == 1200.0
    assert r["over_limit_customers"] == 2
    assert r["overlimit"] == 300.0 and r["overlimit_uncovered"] == 280.0
    assert r["overlimit_share"] == pytest.approx(0.25)
    assert r["exposure_without_limit"] == 250.0


def test_format_kpis(book):
    f = pf.format_kpis(pf.kpis(book, AS_OF))
    assert f.loc["revenue", "month"] == "750"
    assert f.loc["revenue", "change_mom"] == "+275.0 %"
    assert f.loc["margin_rate", "month"] == "24.0 %"
    assert f.loc["margin_rate", "change_mom"] == "-1.0 pt"


def test_default_account_is_the_key_account(book):
    assert ap.default_account(book, AS_OF) == "C2"


def test_account_profile_of_an_ordinary_customer(book):
    a = ap.account_profile(book, "C1", AS_OF)
    assert a.name == "Alpha" and a.profile["tier"] == "ordinary" and a.profile["status"] == "active"
    assert len(a.trend) == 24 and a.trend.loc["2026-10", "revenue"] == 250.0
    assert a.margin["revenue_12m"] == 450.0 and a.margin["revenue_prev_12m"] == 100.0
    assert a.margin["growth"] == pytest.approx(3.5)
    assert a.margin["margin_12m"] == 130.0  # 50 + 100 - 20
    assert a.margin["margin_rate_12m"] == pytest.approx(130 / 450)
    assert a.credit["approved_limit"] == 400.0 and a.credit["exposure"] == 450.0
    assert a.credit["overlimit"] == 50.0 and a.credit["overlimit_uncovered"] == 30.0
    assert a.credit["utilization"] == pytest.approx(450 / 400)
    assert a.aging["current"] == 300.0 and a.aging["d1_30"] == 150.0 and a.aging["overdue"] == 150.0
    assert a.aging["max_days_past_due"] == 16
    assert a.open_items.index.tolist() == ["I02", "I03"]
    assert a.activities.loc["visit", "activities"] == 1 and a.activities["hours"].sum() == 5.0
    # ordinary tier: 30 % of the 10 hours of the last 12 months, over its 2 accounts (C1, C6)
    assert a.time["target_hours"] == pytest.approx(1.5)
    assert a.time["hours_12m"] == 5.0 and a.time["achieved"] == pytest.approx(5 / 1.5)
    assert a.lifecycle["stage"] == "growth"
    assert a.relationship["next_level"] == "operational"
    assert a.relationship["next_state"] == "transactional"  # never aim at strained
    assert a.strategies.loc["tier", "strategy"] == st.TIERS["ordinary"].text
    o = a.objectives
    # a growing account (+10 %, the policy's growth threshold, would be 495 within the wallet of 900), but it loses
    # money after the cost to serve (below): no growth before the price review, the objective holds its 450, 50 %
    assert o["revenue_target"] == pytest.approx(450.0) and o["revenue_why"] == "price_first"
    assert o["wallet_share"] == 0.5 and o["wallet_share_target"] == pytest.approx(0.5)
    # the margin rate fell from 40 / 100 to 130 / 450, but after the cost to serve (segments.profitability)
    # the account loses 1,370: no margin objective to keep or win back, the sales director reviews its prices
    # first, by the loss-makers' day (report.decisions.price_review: 30 days)
    assert o["margin_rate_why"] == "price_review" and pd.isna(o["margin_rate_target"]) and pd.isna(o["margin_target"])
    assert a.margin["profit"] == pytest.approx(-1370.0) and a.margin["profit_class"] == "unprofitable"
    review = a.actions.set_index("action").loc["price_review"]
    assert (review["owner"], review["due"], review["amount"]) == ("sales_director", dt.date(2026, 11, 30), -1370.0)
    assert (o["state_target"], o["level_target"]) == ("transactional", "operational")
    # 1,450 of revenue in the book over the last 12 months: C1's 450 is 31 % of it
    assert a.profile["revenue_share"] == pytest.approx(450 / 1450)
    todo = a.actions.set_index("action")
    # the overdue 150 (I02, 16 days past due) within two weeks of the report date
    assert todo.loc["collect_overdue", ["owner", "due", "amount", "count"]].tolist() == [
        "account_manager",
        dt.date(2026, 11, 14),
        150.0,
        1,
    ]
    # exposure 450 above the recommended 400, and the overdue 150 is 33 % of the receivables 450 (the
    # overdue hold, over 25 %): credit stops at once until the hold's release amount is paid, as the credit
    # holds list gives it: the overdue share falls to 25 % after x paid when (150 - x) / (450 - x) = 0.25,
    # x = 50 (the overdue 150 itself is the collect_overdue action). C1 is among the book's 10 largest
    # customers (report.joint_signoff_top): the sales director and finance sign the stop together
    assert todo.loc["stop_credit", ["owner", "due", "amount"]].tolist() == [
        "director_and_finance",
        dt.date(2026, 10, 31),
        50.0,
    ]
    # the customer's operational staff: the account manager meets them, by the quarter's end
    assert todo.loc["reach_level", ["owner", "due", "level"]].tolist() == [
        "account_manager",
        dt.date(2027, 1, 31),
        "operational",
    ]
    risk = a.risks.set_index("risk")
    # 50 over the limit of 400, 20 of it covered by collateral; 450 / 400 used
    assert risk.loc["over_limit", ["amount", "value"]].tolist() == [30.0, 1.125]
    assert risk.loc["overdue", ["amount", "value", "share"]].tolist() == [150.0, 16.0, pytest.approx(150 / 450)]


def test_account_profile_of_the_key_account_and_its_team(book, tables):
    a = ap.account_profile(book, "C2", AS_OF, book=tables)
    assert a.profile["tier"] == "key" and a.name == "华东精密机械有限公司"
    # key tier: 60 % of the 10 hours, one key account; C2 spent 4 + 1 hours (A4 is too old)
    assert a.time["target_hours"] == pytest.approx(6.0) and a.time["hours_12m"] == 5.0
    assert a.relationship["next_level"] is None
    assert a.strategies.loc["tier", "strategy"] == st.TIERS["key"].text
    # at the top of both ladders: no step to take, the plan is reviewed with the customer all the same
    assert a.objectives["level_target"] is None and a.objectives["state_target"] is None
    todo = a.actions.set_index("action")
    # its 500 of the last 12 months would grow to 550, but it loses money after the cost to serve: its prices are
    # reviewed first and the plan agreed with the customer holds the 500
    assert a.objectives["revenue_why"] == "price_first" and "price_review" in todo.index
    assert "reach_level" not in todo.index and todo.loc["joint_review", "amount"] == pytest.approx(500.0)
    # 5 of the 6 hours of its target: 1 hour a year short, 1 / 12 of an hour a month
    assert todo.loc["selling_time", "hours"] == pytest.approx(1 / 12)
    # no wallet estimate and no contact: the account manager asks within a month, and maps contacts
    assert todo.loc["wallet_estimate", "due"] == dt.date(2026, 11, 30)
    assert todo.loc["contacts", "count"] == 0
    assert set(a.actions["owner"]) <= set(OWNERS)


def test_unknown_customer_is_named(book):
    with pytest.raises(ValueError, match="unknown customer id 'C99'"):
        ap.account_profile(book, "C99", AS_OF)


def test_book_tables_computed_once_give_the_same_plan(book, tables):
    direct = ap.account_profile(book, "C1", AS_OF)
    shared = ap.account_profile(book, "C1", AS_OF, book=tables)
    for part in ("profile", "margin", "credit", "aging", "time", "relationship", "lifecycle"):
        pd.testing.assert_series_equal(getattr(direct, part), getattr(shared, part), check_dtype=False)
    pd.testing.assert_frame_equal(direct.open_items, shared.open_items, check_dtype=False)
    pd.testing.assert_series_equal(direct.objectives, shared.objectives)
    pd.testing.assert_series_equal(direct.credit_check, shared.credit_check)
    pd.testing.assert_frame_equal(direct.actions, shared.actions)
    pd.testing.assert_frame_equal(direct.risks, shared.risks)


def test_book_tables_of_another_date_or_policy_are_refused(book, tables):
    with pytest.raises(ValueError, match="another policy or date"):
        ap.account_profile(book, "C1", "2026-09-30", book=tables)
    with pytest.raises(ValueError, match="another policy or date"):
        ap.account_profile(book, "C1", AS_OF, {"segments": {"key_share": 0.2}}, book=tables)


def test_risks_from_book_tables_equal_risks_computed_here(book, tables):
    pd.testing.assert_frame_equal(pf.risks(book, AS_OF, book=tables), pf.risks(book, AS_OF))


def test_an_as_of_within_the_month_counts_the_month_up_to_that_day(book):
    k = pf.kpis(book, "2026-10-15")
    # 2026-10-01..15: C1's 300 and C2's 500 (the credit note of the 20th comes later); 2026-09-01..15: C1's 200
    assert k.loc["revenue", ["month", "previous_month"]].tolist() == [800.0, 200.0]
    assert pf.monthly(book, "2026-10-15", months=2).loc["2026-10", "revenue"] == 800.0


@pytest.mark.parametrize(
    "call",
    [
        pf.kpis,
        pf.monthly,
        pf.customer_counts,
        pf.concentration,
        pf.lifecycle_counts,
        pf.risks,
        overview.monthly_activity,
        ap.book_tables,
        ap.default_account,
        lambda data, as_of: ap.account_profile(data, "C1", as_of),
    ],
)
def test_a_period_given_as_as_of_is_refused(book, call):
    # pandas would read "2026-10" as 1 October; the report date of the period is its last day
    with pytest.raises(
        ValueError, match="as_of must be a day, not the period '2026-10': pass its last day, '2026-10-31'"
    ):
        call(book, "2026-10")


def test_the_plan_of_a_falling_account_wins_it_back(book, tables):
    a = ap.account_profile(book, "C6", AS_OF, book=tables)
    # 1000 in the 12 months before, 500 in the last: defense, the objective is to win back the 1000
    assert a.lifecycle["stage"] == "defense"
    assert (a.objectives["revenue_target"], a.objectives["revenue_why"]) == (1000.0, "win_back")
    todo = a.actions.set_index("action")
    # purchases fell by 500: find the cause within a month, our sales director involved (the index's senior visit)
    assert todo.loc["win_back", ["owner", "due", "amount", "level"]].tolist() == [
        "sales_director",
        dt.date(2026, 11, 30),
        500.0,
        "defense",
    ]
    assert a.risks.set_index("risk").loc["revenue_falling", ["amount", "value"]].tolist() == [500.0, -0.5]

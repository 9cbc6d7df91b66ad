"""Aging by invoice date (账龄) beside aging by due date (逾期), and our receivables against our own
balance sheet: hand-computed books."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kamtools import facts
from kamtools import receivables as rc
from kamtools.output import labels
from kamtools.policy import PolicyError, load_policy
from kamtools.schema import empty_frame

AS_OF = "2026-03-31"


def _book() -> dict[str, pd.DataFrame]:
    invoices = pd.DataFrame(
        [
            ("I1", "C1", "2026-03-15", "2026-04-14", 100.0),  # 16 days old, not yet due
            ("I2", "C1", "2026-01-30", "2026-03-01", 200.0),  # 60 days old, 30 past due
            ("I3", "C1", "2025-03-30", "2025-04-29", 50.0),  # 366 days old, 336 past due
            ("I4", "C2", "2026-01-01", "2026-01-31", 80.0),  # 89 days old, 30 of it paid
            ("I5", "C3", "2026-03-01", "2026-03-31", 10.0),  # paid 25: 15 of credit
        ],
        columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount"],
    ).assign(cost=0.0)
    payments = pd.DataFrame(
        [("P1", "C2", "2026-02-10", 30.0), ("P2", "C3", "2026-03-05", 25.0)],
        columns=["payment_id", "customer_id", "payment_date", "amount"],
    )
    return {"invoices": invoices, "payments": payments}


EXPECTED = pd.DataFrame(
    {
        "age0_30": [100.0, 0.0, 0.0],
        "age31_60": [200.0, 0.0, 0.0],
        "age61_90": [0.0, 50.0, 0.0],
        "age91_180": [0.0, 0.0, 0.0],
        "age181_365": [0.0, 0.0, 0.0],
        "age365_plus": [50.0, 0.0, 0.0],
        "total": [350.0, 50.0, 0.0],
        "overdue": [250.0, 50.0, 0.0],
        "disputed": [0.0, 0.0, 0.0],
        "max_days_past_due": np.array([336, 59, 0], dtype="int64"),
        "max_age_days": np.array([366, 89, 0], dtype="int64"),
        "unapplied_credit": [0.0, 0.0, 15.0],
    },
    index=pd.Index(["C1", "C2", "C3"], name="customer_id", dtype="str"),
)


def test_aging_by_invoice_date_by_hand():
    book = _book()
    in_store = rc.aging(facts.source(**book), AS_OF, basis="invoice")  # the SQL of the store
    assert_frame_equal(in_store, EXPECTED)
    ledger = rc.settle(book["invoices"], book["payments"], AS_OF)  # the same from the settled ledger, in pandas
    assert_frame_equal(rc.aging_by_invoice_date(ledger, AS_OF), EXPECTED)
    # with more edges than the store's query takes, the same in pandas
    many = list(range(10, 140, 10))
    assert_frame_equal(
        rc.aging(facts.source(**book), AS_OF, many, basis="invoice"),
        rc.aging_by_invoice_date(rc.settle(book["invoices"], book["payments"], AS_OF), AS_OF, many),
    )


def test_what_is_disputed_stays_in_its_age_but_out_of_the_overdue_in_both_agings():
    # I3 (50, a year old, 336 days past due) is disputed in full: still 366 days old, no longer overdue
    book = _book()
    book["disputes"] = pd.DataFrame(
        [("I3", 50.0, "price", "2025-06-01", None, "collections")],
        columns=["invoice_id", "amount", "reason", "opened_on", "closed_on", "owner"],
    )
    data = facts.source(**book)
    due, age = rc.aging(data, AS_OF), rc.aging(data, AS_OF, basis="invoice")
    assert age.loc["C1", ["age365_plus", "total", "overdue", "disputed", "max_days_past_due", "max_age_days"]].tolist() == [
        50.0, 350.0, 200.0, 50.0, 30, 366,
    ]  # fmt: skip
    for col in ("total", "overdue", "disputed", "max_days_past_due"):
        assert due[col].tolist() == age[col].tolist(), col


def test_the_two_agings_agree_on_the_totals_and_differ_in_the_buckets():
    book = facts.source(**_book())
    due, age = rc.aging(book, AS_OF), rc.aging(book, AS_OF, basis="invoice")
    for col in ("total", "overdue", "max_days_past_due", "unapplied_credit"):
        assert due[col].tolist() == age[col].tolist(), col
    # I1 is 16 days old and not due; I2 60 days old and 30 past due; I3 a year old and 336 past due
    assert due.loc["C1", ["current", "d1_30", "d181_365", "d365_plus"]].tolist() == [100.0, 200.0, 50.0, 0.0]
    assert age.loc["C1", ["age0_30", "age31_60", "age365_plus"]].tolist() == [100.0, 200.0, 50.0]
    # an edge belongs to the bucket it closes: 30 days old is age0_30, 31 days age31_60
    edge = facts.source(
        invoices=pd.DataFrame(
            {"invoice_id": ["A", "B"], "customer_id": ["C9", "C9"], "invoice_date": ["2026-03-01", "2026-02-28"],
             "due_date": ["2026-04-30", "2026-04-30"], "amount": [1.0, 2.0], "cost": [0.0, 0.0]}
        ),
        payments=empty_frame("payments"),
    )  # fmt: skip
    assert rc.aging(edge, AS_OF, basis="invoice").loc["C9", ["age0_30", "age31_60"]].tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="basis must be 'due'"):
        rc.aging(book, AS_OF, basis="paid")


def test_the_age_buckets_read_in_both_languages():
    assert labels.column("age31_60", "zh") == "账龄31–60天"
    assert labels.column("age365_plus", "en") == "Invoiced over 365 days ago"  # a header: a capital
    assert labels.column("d31_60", "zh") == "逾期31–60天"
    assert labels.value("aging_basis", "invoice", "both") == "按开票日（账龄） by days since invoiced"
    assert rc.age_bucket_names([15, 45]) == ["age0_15", "age16_45", "age45_plus"]


def test_the_policy_chooses_the_pages_basis():
    assert load_policy()["receivables"]["aging_basis"] == "due"
    assert load_policy({"receivables": {"aging_basis": "invoice"}})["receivables"]["aging_basis"] == "invoice"
    with pytest.raises(PolicyError, match="receivables.aging_basis"):
        load_policy({"receivables": {"aging_basis": "paid"}})


POLICY = {
    "receivables": {
        "company": {
            "financials": [
                {"period_end": "2026-02-28", "total_assets": 2000, "revenue": None},
                {"period_end": "2025-12-31", "total_assets": 1000, "revenue": 7300},
            ],
            "typical_share": {"low": 0.10, "high": 0.18},
        }
    }
}


def test_receivables_against_our_own_balance_sheet_by_hand():
    share = rc.own_balance_sheet(_book(), AS_OF, POLICY)
    assert [f"{d:%Y-%m-%d}" for d in share.index] == ["2025-12-31", "2026-02-28", "2026-03-31"]
    # 31 Dec: only I3 (50) was invoiced; 28 Feb: I3 + I2 (250) and I4 less its payment (50); 31 Mar: all (400)
    assert share["receivables"].tolist() == [50.0, 300.0, 400.0]
    assert share["our_total_assets"].tolist() == [1000.0, 2000.0, 2000.0]
    assert share["receivables_share_of_assets"].tolist() == pytest.approx([0.05, 0.15, 0.20])
    assert share["typical_position"].tolist() == ["below", "within", "above"]
    assert [f"{d:%Y-%m-%d}" for d in share["period_end"]] == ["2025-12-31", "2026-02-28", "2026-02-28"]
    days = share["receivables_to_revenue_days"]
    assert days.iloc[0] == pytest.approx(2.5) and days.iloc[1:].isna().all()  # 50 / 7300 x 365; no revenue known
    assert rc.own_balance_sheet_reason(AS_OF, POLICY) is None


def test_the_balance_sheet_says_when_it_is_not_configured():
    none = {"receivables": {"company": {"financials": []}}}
    assert rc.own_balance_sheet(_book(), AS_OF, none).empty
    assert rc.own_balance_sheet_reason(AS_OF, none) == "not configured"
    assert rc.own_balance_sheet(_book(), "2025-06-30", POLICY).empty
    assert rc.own_balance_sheet_reason("2025-06-30", POLICY) == "dated after the report"
    with pytest.raises(PolicyError, match="names a balance-sheet date twice"):
        load_policy(
            {"receivables": {"company": {"financials": [POLICY["receivables"]["company"]["financials"][0]] * 2}}}
        )
    with pytest.raises(PolicyError, match="total_assets"):
        load_policy(
            {
                "receivables": {
                    "company": {"financials": [{"period_end": "2025-12-31", "total_assets": 0, "revenue": 1}]}
                }
            }
        )

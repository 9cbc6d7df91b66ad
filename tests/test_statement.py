"""Statement of account (kt.receivables.statement): balances to the cent, hand-computed."""

from __future__ import annotations

import pandas as pd
import pytest

import kamtools as kt
from kamtools import receivables
from kamtools.policy import load_policy


def _book():
    """C1 in October 2026, by hand:

    before October: I1 1,000.10 (2026-09-05, due 2026-10-05) and I0 250.00 (2026-08-01, due
    2026-08-31), P0 250.00 paying I0 on 2026-09-20: opening 1,000.10.
    October: I2 2,000.00 on 10-03 (due 11-02): 3,000.10; CN1 -300.05 on 10-10 (a credit note):
    2,700.05; P1 400.00 on 10-15 paying part of I1: 2,300.05; I3 99.99 on 10-31 (due 11-30):
    2,400.04. After October (not on the statement): I4 5,000 on 11-02, P2 100 on 11-01.
    closing = 1,000.10 + 2,099.99 - 300.05 - 400.00 = 2,400.04.
    Aging at 10-31: I1 1,000.10 - 400 paid = 600.10 open, due 10-05: 26 days, d1_30; the pool
    (credit note 300.05) settles the oldest due first: I1 600.10 -> 300.05 left; I2 2,000.00
    and I3 99.99 current. 300.05 + 2,000 + 99.99 = 2,400.04.
    C2 (another customer) has documents too: none of them on C1's statement.
    """
    inv = pd.DataFrame(
        {
            "invoice_id": ["I0", "I1", "I2", "CN1", "I3", "I4", "X1"],
            "customer_id": ["C1", "C1", "C1", "C1", "C1", "C1", "C2"],
            "invoice_date": ["2026-08-01", "2026-09-05", "2026-10-03", "2026-10-10", "2026-10-31", "2026-11-02",
                             "2026-10-03"],
            "due_date": ["2026-08-31", "2026-10-05", "2026-11-02", "2026-10-10", "2026-11-30", "2026-12-02",
                         "2026-10-03"],
            "amount": [250.0, 1000.10, 2000.0, -300.05, 99.99, 5000.0, 777.0],
            "cost": 0.0,
        }
    )  # fmt: skip
    pay = pd.DataFrame(
        {
            "payment_id": ["P0", "P1", "P2", "Q1"],
            "customer_id": ["C1", "C1", "C1", "C2"],
            "payment_date": ["2026-09-20", "2026-10-15", "2026-11-01", "2026-10-04"],
            "amount": [250.0, 400.0, 100.0, 7.0],
            "invoice_id": ["I0", "I1", None, None],
        }
    )
    cust = pd.DataFrame(
        {"customer_id": ["C1", "C2"], "name": ["Acme {{ 7*7 }}", "Other"], "industry": "x", "region": "r",
         "account_manager": "m"}
    )  # fmt: skip
    return {"customers": cust, "invoices": inv, "payments": pay}


def test_a_statement_with_a_credit_note_and_a_partial_payment_balances_to_the_cent():
    s = receivables.statement(_book(), "C1", "2026-10")
    assert s.opening_balance == 1000.10
    assert (s.invoiced, s.credited, s.paid, s.closing_balance) == (2099.99, 300.05, 400.0, 2400.04)
    lines = s.lines
    assert lines["document"].tolist() == ["invoice", "credit_note", "payment", "invoice"]
    assert lines["document_id"].tolist() == ["I2", "CN1", "P1", "I3"]
    assert lines["debit"].tolist() == [2000.0, 0.0, 0.0, 99.99]
    assert lines["credit"].tolist() == [0.0, 300.05, 400.0, 0.0]
    assert lines["running_balance"].tolist() == [3000.10, 2700.05, 2300.05, 2400.04]
    assert lines["reference"].tolist() == [None, None, "I1", None]
    assert s.aging.to_dict() == {
        "current": 2099.99,
        "d1_30": 300.05,
        "d31_60": 0.0,
        "d61_90": 0.0,
        "d91_180": 0.0,
        "d181_365": 0.0,
        "d365_plus": 0.0,
        "disputed": 0.0,
        "unapplied_credit": 0.0,
        "total": 2400.04,
    }


def test_unapplied_credit_lowers_the_closing_balance_in_the_aging():
    # paid 1,200 against 1,000 invoiced: the customer holds 200 of credit; closing -200
    book = _book()
    book["invoices"] = book["invoices"][book["invoices"]["invoice_id"] == "X1"]
    book["payments"] = pd.DataFrame(
        {"payment_id": ["Q9"], "customer_id": ["C2"], "payment_date": ["2026-10-20"], "amount": [977.0],
         "invoice_id": [None]}
    )  # fmt: skip
    s = receivables.statement(book, "C2", "2026-10")
    # 777 invoiced, 977 paid: -200 (the customer is owed 200)
    assert (s.opening_balance, s.closing_balance) == (0.0, -200.0)
    assert s.aging["unapplied_credit"] == -200.0 and s.aging["total"] == -200.0


def test_an_unknown_customer_is_refused():
    with pytest.raises(ValueError, match="unknown customer id 'C9'"):
        receivables.statement(_book(), "C9", "2026-10")


def test_on_the_committed_sample_the_closing_balance_is_the_aging_page_s_total():
    data = kt.load()  # the committed sample, from the session's store (tests/conftest.py)
    pol = load_policy()
    ag = receivables.aging(data, "2026-10-31", pol["receivables"]["buckets"])
    cid = ag["overdue"].idxmax()  # the customer owing most overdue: many documents
    s = receivables.statement(data, cid, "2026-10", pol)
    assert len(s.lines) > 0
    owed = round(ag.loc[cid, "total"] - ag.loc[cid, "unapplied_credit"], 2)
    assert s.closing_balance == owed == s.aging["total"]
    assert round(s.opening_balance + s.invoiced - s.credited - s.paid, 2) == s.closing_balance
    assert s.lines["running_balance"].iloc[-1] == s.closing_balance
    # the opening balance is September's closing balance
    assert receivables.statement(data, cid, "2026-09", pol).closing_balance == s.opening_balance

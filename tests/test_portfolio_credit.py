"""The portfolio page reads sales beside credit: the credit page's view of a customer
(kamtools.portfolio.credit_view), the holds counted by rule (holds_by_rule) and the customers
that lose money (loss_makers), on tiny hand-made frames and a tiny book.

The book (report date 2026-10-31; the last 12 months are 2025-11 to 2026-10):

* A -- 1000 in 2026-06 at a cost of 1100, discount 50: margin -100, a loss of 100.
* B -- 500 in 2026-07 at a cost of 700: margin -200, a loss of 200 (the largest).
* C -- 800 in 2026-08 at a cost of 600: margin +200, no loss.
* D -- 300 in 2026-05 at a cost of 300: margin 0, no loss.
* E -- -40 in 2026-09 (a credit note) at a cost of 0 and 900 at a cost of 1000 in 2025-09, before
  the 12 months: revenue -40, margin -40, a loss of 40.
"""

from __future__ import annotations

import pandas as pd
import pytest
from invoice_rows import invoice_row as _inv

from kamtools import facts
from kamtools import portfolio as pf

AS_OF = "2026-10-31"


@pytest.fixture(scope="module")
def book():
    invoices = pd.DataFrame(
        [
            _inv("I1", "A", "2026-06-01", 1000.0, 1100.0, 50.0),
            _inv("I2", "B", "2026-07-01", 500.0, 700.0),
            _inv("I3", "C", "2026-08-01", 800.0, 600.0),
            _inv("I4", "D", "2026-05-01", 300.0, 300.0),
            _inv("I5", "E", "2026-09-01", -40.0, 0.0),
            _inv("I6", "E", "2025-09-01", 900.0, 1000.0),
        ]
    )
    customers = pd.DataFrame(
        {
            "customer_id": list("ABCDE"),
            "name": ["Alpha", "北京精密", "Gamma", "Delta", "Echo"],
            "industry": "x",
            "region": "East",
            "account_manager": ["Li", "Wang", "Li", "Wang", "Zhao"],
        }
    )
    return facts.source(customers=customers, invoices=invoices)


def test_loss_makers_are_the_negative_margins_largest_loss_first(book):
    pyramid = pd.DataFrame({"tier": {"A": "key", "B": "ordinary", "E": "prospect"}})
    lm = pf.loss_makers(book, AS_OF, pyramid)
    assert lm.index.tolist() == ["B", "A", "E"]
    assert lm["name"].tolist() == ["北京精密", "Alpha", "Echo"]
    assert lm["account_manager"].tolist() == ["Wang", "Li", "Zhao"]
    assert lm["revenue_12m"].tolist() == [500.0, 1000.0, -40.0]
    assert lm["margin_12m"].tolist() == [-200.0, -100.0, -40.0]
    assert lm["margin_loss_12m"].tolist() == [200.0, 100.0, 40.0]
    assert lm["discount_12m"].tolist() == [0.0, 50.0, 0.0]
    assert lm["tier"].tolist() == ["ordinary", "key", "prospect"]


def test_credit_view_reads_the_credit_pages_limits_and_holds():
    limits = pd.DataFrame(
        {
            "grade": ["A", "C"],
            "approved_limit": [100_000.0, 50_000.0],
            "recommended_limit": [120_000.0, 0.0],
            "action": ["increase", "withdraw"],
            "exposure": [10.0, 60_000.0],
        },
        index=pd.Index(["C1", "C2"], name="customer_id"),
    )
    held = pd.DataFrame({"rules": ["over_limit, grade"]}, index=pd.Index(["C2"], name="customer_id"))
    v = pf.credit_view(["C2", "C9", "C1"], limits, held)
    assert v.index.tolist() == ["C2", "C9", "C1"]  # the order of the sales table
    assert v["approved_limit"].tolist() == [50_000.0, 0.0, 100_000.0]  # C9: unknown to the limits, none
    assert v["recommended_limit"].tolist() == [0.0, 0.0, 120_000.0]
    assert v["action"].tolist()[::2] == ["withdraw", "increase"]
    assert v["hold"].tolist() == [True, False, False]
    assert v["rules"].tolist() == ["over_limit, grade", "", ""]


def test_holds_by_rule_counts_a_customer_under_each_rule_that_holds_it():
    held = pd.DataFrame(
        {
            "hold_over_limit": [True, True, False],
            "hold_past_due": [False, False, False],
            "hold_overdue": [True, False, False],
            "hold_stale_assessment": [False, False, True],
        },
        index=["C1", "C2", "C3"],
    )
    assert pf.holds_by_rule(held).to_dict() == {"over_limit": 2, "overdue": 1, "stale_assessment": 1}

"""The monthly receivables facts (receivables_monthly.sql, behind DSO, CEI and the trend) on small books
worked out by hand: what the sample books never hold."""

from __future__ import annotations

import pandas as pd

from kamtools import facts

AS_OF = "2026-10-31"


def _monthly(invoices: pd.DataFrame, payments: pd.DataFrame, months: int = 3) -> pd.DataFrame:
    data = facts.source(invoices=invoices, payments=payments)
    out = facts.query(data, "receivables_monthly", as_of=AS_OF, months=months, days=90, late_days=0)
    return out.set_index(["customer_id", "k"])


def _invoices(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_a_payment_a_month_before_its_invoice_waits_in_the_pool_until_the_invoice():
    inv = _invoices(
        invoice_id=["I1"], customer_id=["A"], invoice_date=["2026-09-10"], due_date=["2026-10-10"], amount=[100.0]
    )
    pay = pd.DataFrame(
        {"payment_id": ["P1"], "customer_id": ["A"], "payment_date": ["2026-08-20"], "amount": [100.0],
         "invoice_id": ["I1"]}
    )  # fmt: skip
    m = _monthly(inv, pay)
    # end of August (k = 2): the payment is credit, collected in August; nothing is owed
    aug = m.loc[("A", 2)]
    assert (aug["receivables"], aug["unapplied_credit"], aug["collected"], aug["sales"]) == (0, 100, 100, 0)
    # end of September (k = 1): the invoice came and the waiting payment settles it
    sep = m.loc[("A", 1)]
    assert (sep["receivables"], sep["unapplied_credit"], sep["collected"], sep["sales"]) == (0, 0, 0, 100)
    assert m.loc[("A", 0), "sales_window"] == 100 and m.loc[("A", 0), "receivables"] == 0
    assert ("A", 3) not in m.index


def test_a_payment_before_its_invoice_in_the_same_month_and_an_overpaid_invoice():
    inv = _invoices(
        invoice_id=["I1", "I2"],
        customer_id=["A", "A"],
        invoice_date=["2026-10-20", "2026-09-05"],
        due_date=["2026-11-19", "2026-10-05"],
        amount=[50.0, 80.0],
    )
    pay = pd.DataFrame(
        {"payment_id": ["P1", "P2", "P3"], "customer_id": ["A", "A", "A"],
         "payment_date": ["2026-10-02", "2026-09-10", "2026-09-25"], "amount": [50.0, 60.0, 30.0],
         "invoice_id": ["I1", "I2", "I2"]}
    )  # fmt: skip
    m = _monthly(inv, pay)
    # September: I2 (80) got 60 then 30: 80 applied, 10 over into the pool, nothing owed
    sep = m.loc[("A", 1)]
    assert (sep["receivables"], sep["unapplied_credit"], sep["collected"], sep["sales"]) == (0, 10, 90, 80)
    # October: P1 paid on the 2nd for I1 of the 20th, the same month: I1 settled, the 10 still unapplied
    oct_ = m.loc[("A", 0)]
    assert (oct_["receivables"], oct_["unapplied_credit"], oct_["collected"], oct_["sales"]) == (0, 10, 50, 50)


def test_the_dso_of_the_month_before_read_from_point_one_is_the_dso_at_that_month_end(tmp_path):
    import kamtools as kt
    from kamtools import receivables

    db = kt.sample_data(customers=80, years=2, seed=5).save(tmp_path / "kam.duckdb")
    for as_of, end, days in [("2026-10-31", "2026-09-30", 90), ("2026-03-15", "2026-02-28", 30)]:
        got = receivables.dso_month_before(kt.KamData(db=db), as_of, days)
        expect = receivables.dso(kt.KamData(db=db), None, end, days=days, by="total", countback_months=1)
        pd.testing.assert_frame_equal(got, expect, check_exact=True)
        assert got["dso"].iloc[0] > 0

"""Receivables: hand-computed ledgers, property tests against a reference settlement, reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from pandas.testing import assert_frame_equal, assert_series_equal  # noqa: E402

import kamtools as kt  # noqa: E402
from kamtools import receivables as rc  # noqa: E402
from kamtools.output import labels  # noqa: E402
from kamtools.output.worklists import worklist_workbook  # noqa: E402
from kamtools.store import KamData  # noqa: E402

AS_OF = dt.date(2026, 3, 31)
BUCKETS = rc.bucket_names()


# --------------------------------------------------------------------------- builders
def inv(*rows) -> pd.DataFrame:
    """Invoices from (invoice_id, customer_id, invoice_date, due_date, amount)."""
    return pd.DataFrame(
        [
            {"invoice_id": i, "customer_id": c, "invoice_date": d, "due_date": due, "amount": a, "cost": 0.0}
            for i, c, d, due, a in rows
        ],
        columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount", "cost"],
    )


def pay(*rows) -> pd.DataFrame:
    """Payments from (payment_id, customer_id, payment_date, amount, invoice_id or None)."""
    return pd.DataFrame(
        [
            {"payment_id": p, "customer_id": c, "payment_date": d, "amount": a, "invoice_id": i}
            for p, c, d, a, i in rows
        ],
        columns=["payment_id", "customer_id", "payment_date", "amount", "invoice_id"],
    )


def opened(items: pd.DataFrame) -> dict[str, float]:
    return items["open_amount"].to_dict()


# --------------------------------------------------------------------------- hand-computed ledgers
def test_partial_payment_on_its_invoice():
    i = inv(("I1", "C1", "2026-01-10", "2026-02-09", 100.0), ("I2", "C1", "2026-01-05", "2026-01-20", 80.0))
    p = pay(("P1", "C1", "2026-02-01", 40.0, "I1"))
    items = rc.open_items(i, p, AS_OF)
    # the payment names I1: it settles I1 even though I2 is due earlier
    assert opened(items) == {"I2": 80.0, "I1": 60.0}
    assert items.loc["I1", "days_past_due"] == (AS_OF - dt.date(2026, 2, 9)).days == 50
    assert items.loc["I1", "amount"] == 100.0
    assert rc.unapplied_credit(i, p, AS_OF).empty


def test_payment_without_invoice_settles_oldest_due_first():
    i = inv(
        ("I1", "C1", "2026-01-01", "2026-03-01", 100.0),
        ("I2", "C1", "2026-01-15", "2026-02-01", 50.0),  # later invoice, earlier due date
        ("I3", "C1", "2026-01-20", "2026-03-01", 30.0),  # same due date as I1, invoiced later
        ("I4", "C2", "2026-01-01", "2026-01-31", 70.0),
    )
    p = pay(("P1", "C1", "2026-03-05", 120.0, None))
    items = rc.open_items(i, p, AS_OF)
    # I2 (due 02-01) 50, then I1 (due 03-01, invoiced before I3) 70 of 100; I3 untouched
    assert opened(items) == {"I1": 30.0, "I3": 30.0, "I4": 70.0}
    assert rc.unapplied_credit(i, p, AS_OF).empty


def test_tie_on_due_and_invoice_date_breaks_by_invoice_id():
    i = inv(("B", "C1", "2026-01-01", "2026-02-01", 10.0), ("A", "C1", "2026-01-01", "2026-02-01", 10.0))
    p = pay(("P1", "C1", "2026-02-05", 15.0, None))
    assert opened(rc.open_items(i, p, AS_OF)) == {"B": 5.0}


def test_overpayment_goes_to_other_invoices_then_to_credit():
    i = inv(("I1", "C1", "2026-01-01", "2026-01-31", 100.0), ("I2", "C1", "2026-02-01", "2026-03-03", 50.0))
    p = pay(("P1", "C1", "2026-02-10", 130.0, "I1"))
    assert opened(rc.open_items(i, p, AS_OF)) == {"I2": 20.0}
    p2 = pay(("P1", "C1", "2026-02-10", 130.0, "I1"), ("P2", "C1", "2026-03-10", 45.0, "I2"))
    led = rc.settle(i, p2, AS_OF)
    assert led.open_items.empty
    assert led.unapplied_credit["unapplied_credit"].to_dict() == {"C1": 25.0}
    ag = rc.aging(led, AS_OF)
    assert ag.loc["C1", "total"] == 0.0 and ag.loc["C1", "unapplied_credit"] == 25.0


def test_credit_notes_count_as_unapplied_payments():
    i = inv(
        ("I1", "C1", "2026-01-01", "2026-01-31", 100.0),
        ("I2", "C1", "2026-02-01", "2026-03-03", 60.0),
        ("CN1", "C1", "2026-02-15", "2026-02-15", -130.0),
    )
    led = rc.settle(i, None, AS_OF)
    assert opened(led.open_items) == {"I2": 30.0}
    assert led.unapplied_credit.empty
    more = pd.concat([i, inv(("CN2", "C1", "2026-03-01", "2026-03-01", -50.0))])
    led = rc.settle(more, None, AS_OF)
    assert led.open_items.empty
    assert led.unapplied_credit["unapplied_credit"].to_dict() == {"C1": 20.0}


def test_payment_naming_a_credit_note_or_another_customers_invoice_is_pooled():
    i = inv(
        ("I1", "C1", "2026-01-01", "2026-01-31", 100.0),
        ("I9", "C2", "2026-01-01", "2026-01-31", 100.0),
        ("CN", "C1", "2026-01-05", "2026-01-05", -10.0),
    )
    p = pay(("P1", "C1", "2026-02-01", 40.0, "I9"), ("P2", "C1", "2026-02-01", 5.0, "CN"))
    led = rc.settle(i, p, AS_OF)
    assert opened(led.open_items) == {"I1": 45.0, "I9": 100.0}


def test_invoices_and_payments_after_as_of_are_ignored():
    i = inv(("I1", "C1", "2026-03-01", "2026-03-31", 100.0), ("I2", "C1", "2026-04-01", "2026-04-30", 70.0))
    p = pay(
        ("P1", "C1", "2026-03-31", 30.0, "I1"),
        ("P2", "C1", "2026-04-01", 70.0, "I1"),
        ("P3", "C1", "2026-03-20", 25.0, "I2"),
    )  # names a future invoice: pooled until then
    led = rc.settle(i, p, AS_OF)
    assert opened(led.open_items) == {"I1": 45.0}
    assert led.open_items.loc["I1", "days_past_due"] == 0
    assert led.unapplied_credit.empty
    later = rc.settle(i, p, "2026-04-30")
    # I1: 30 + 70 paid on it; I2 now exists, so P3's 25 settles it
    assert opened(later.open_items) == {"I2": 45.0}


def test_payment_before_its_invoice_date_applies_once_the_invoice_exists():
    i = inv(("I1", "C1", "2026-03-10", "2026-04-09", 100.0))
    p = pay(("P1", "C1", "2026-03-01", 100.0, "I1"))
    early = rc.settle(i, p, "2026-03-05")
    assert early.open_items.empty
    assert early.unapplied_credit["unapplied_credit"].to_dict() == {"C1": 100.0}
    late = rc.settle(i, p, AS_OF)
    assert late.open_items.empty and late.unapplied_credit.empty


EDGE_CASES = [  # days past due -> bucket
    (-10, "current"),
    (0, "current"),
    (1, "d1_30"),
    (30, "d1_30"),
    (31, "d31_60"),
    (60, "d31_60"),
    (61, "d61_90"),
    (90, "d61_90"),
    (91, "d91_180"),
    (180, "d91_180"),
    (181, "d181_365"),
    (365, "d181_365"),
    (366, "d365_plus"),
]


def test_due_date_exactly_on_each_bucket_edge():
    rows = []
    for n, (days, _) in enumerate(EDGE_CASES):
        due = AS_OF - dt.timedelta(days=days)
        rows.append((f"I{n:02d}", f"C{n:02d}", str(min(due, AS_OF) - dt.timedelta(days=5)), str(due), 10.0 + n))
    items = rc.open_items(inv(*rows), None, AS_OF)
    assert items["days_past_due"].tolist() == [d for d, _ in EDGE_CASES]
    ag = rc.aging(items, AS_OF)
    for n, (days, bucket) in enumerate(EDGE_CASES):
        row = ag.loc[f"C{n:02d}"]
        assert row[bucket] == 10.0 + n, (days, bucket)
        assert row[BUCKETS].sum() == row["total"] == 10.0 + n
        assert row["max_days_past_due"] == max(days, 0)
        assert row["overdue"] == (0.0 if bucket == "current" else 10.0 + n)


def test_custom_bucket_edges():
    items = pd.DataFrame(
        {"customer_id": ["C1"] * 5, "open_amount": [1.0, 2.0, 4.0, 8.0, 16.0], "days_past_due": [0, 15, 16, 45, 46]}
    )
    ag = rc.aging(items, AS_OF, buckets=[15, 45])
    assert list(ag.columns) == [
        "current",
        "d1_15",
        "d16_45",
        "d45_plus",
        "total",
        "overdue",
        "max_days_past_due",
        "unapplied_credit",
        "disputed",
    ]
    assert ag.loc["C1", ["current", "d1_15", "d16_45", "d45_plus"]].tolist() == [1.0, 2.0, 12.0, 16.0]
    with pytest.raises(ValueError, match="increasing"):
        rc.aging(items, AS_OF, buckets=[30, 30])
    with pytest.raises(ValueError, match="whole numbers"):
        rc.aging(items, AS_OF, buckets=[0, 30])


def test_aging_columns_and_credit_only_customers():
    i = inv(("I1", "C1", "2026-01-01", "2026-01-31", 100.0), ("I2", "C2", "2026-01-01", "2026-01-31", 10.0))
    p = pay(("P1", "C2", "2026-02-01", 25.0, None))
    ag = rc.aging(rc.settle(i, p, AS_OF), AS_OF)
    assert list(ag.columns) == BUCKETS + ["total", "overdue", "max_days_past_due", "unapplied_credit", "disputed"]
    assert ag.index.name == "customer_id"
    assert ag.loc["C2"].to_dict() == {
        **dict.fromkeys(BUCKETS, 0.0),
        "total": 0.0,
        "overdue": 0.0,
        "max_days_past_due": 0,
        "unapplied_credit": 15.0,
        "disputed": 0.0,
    }
    assert ag.loc["C1", "d31_60"] == 100.0 and ag.loc["C1", "max_days_past_due"] == 59
    # the same from a KamData in one call, and from open items plus credit
    data = kt.facts.source(invoices=i, payments=p)
    assert_frame_equal(rc.aging(data, AS_OF), ag)
    assert_frame_equal(rc.aging(rc.open_items(i, p, AS_OF), AS_OF, credit=rc.unapplied_credit(i, p, AS_OF)), ag)


def test_aging_counts_days_to_its_own_as_of():
    items = rc.open_items(inv(("I1", "C1", "2026-01-01", "2026-01-31", 100.0)), None, AS_OF)
    assert rc.aging(items, "2026-02-15").loc["C1", "d1_30"] == 100.0
    assert rc.aging(items, "2026-01-31").loc["C1", "current"] == 100.0


# --------------------------------------------------------------------------- reference settlement
def _c(x: float) -> int:
    return int(round(x * 100))


def reference_settlement(invoices: pd.DataFrame, payments: pd.DataFrame, as_of) -> tuple[dict, dict]:
    """A plain, loop-based settlement: {invoice_id: open cents}, {customer_id: credit cents}."""
    as_of = pd.Timestamp(as_of)
    i = invoices[pd.to_datetime(invoices["invoice_date"]) <= as_of]
    p = payments[pd.to_datetime(payments["payment_date"]) <= as_of]
    rem, owner, order = {}, {}, {}
    pool: dict[str, int] = defaultdict(int)
    for r in i.itertuples():
        if r.amount > 0:
            rem[r.invoice_id] = _c(r.amount)
            owner[r.invoice_id] = r.customer_id
            order[r.invoice_id] = (pd.Timestamp(r.due_date), pd.Timestamp(r.invoice_date), r.invoice_id)
    for r in i.itertuples():  # a credit note settles the invoice of its customer it corrects, else the pool
        if r.amount < 0:
            target = getattr(r, "corrects_invoice_id", None)
            if isinstance(target, str) and target in rem and owner[target] == r.customer_id:
                applied = min(rem[target], -_c(r.amount))
                rem[target] -= applied
                pool[r.customer_id] += -_c(r.amount) - applied
            else:
                pool[r.customer_id] += -_c(r.amount)
    for r in p.itertuples():
        target = r.invoice_id if isinstance(r.invoice_id, str) else None
        if target in rem and owner[target] == r.customer_id:
            applied = min(rem[target], _c(r.amount))
            rem[target] -= applied
            pool[r.customer_id] += _c(r.amount) - applied
        else:
            pool[r.customer_id] += _c(r.amount)
    for iid in sorted(rem, key=lambda k: order[k]):
        take = min(rem[iid], pool[owner[iid]])
        rem[iid] -= take
        pool[owner[iid]] -= take
    return ({k: v for k, v in rem.items() if v > 0}, {k: v for k, v in pool.items() if v > 0})


START = dt.date(2026, 1, 1)
CUSTOMERS = ["C1", "C2", "C3"]


@st.composite
def ledgers(draw):
    n_inv = draw(st.integers(0, 12))
    inv_rows = []
    for n in range(n_inv):
        day = draw(st.integers(0, 120))
        term = draw(st.sampled_from([0, 0, 1, 10, 29, 30, 31, 45, 60, 90]))
        cents = draw(st.one_of(st.integers(1, 50_000), st.integers(-20_000, -1)))
        d = START + dt.timedelta(days=day)
        inv_rows.append(
            (f"I{n:02d}", draw(st.sampled_from(CUSTOMERS)), str(d), str(d + dt.timedelta(days=term)), cents / 100)
        )
    ids = [r[0] for r in inv_rows]
    n_pay = draw(st.integers(0, 12))
    pay_rows = []
    for n in range(n_pay):
        day = draw(st.integers(0, 150))
        target = draw(st.one_of(st.none(), st.sampled_from(ids))) if ids else None
        pay_rows.append(
            (
                f"P{n:02d}",
                draw(st.sampled_from(CUSTOMERS)),
                str(START + dt.timedelta(days=day)),
                draw(st.integers(1, 40_000)) / 100,
                target,
            )
        )
    as_of = START + dt.timedelta(days=draw(st.integers(0, 160)))
    return inv(*inv_rows), pay(*pay_rows), as_of


PROPS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(ledgers())
def test_settlement_matches_reference_and_invariants(case):
    i, p, as_of = case
    i0, p0 = i.copy(), p.copy()
    led = rc.settle(i, p, as_of)
    # the SQL settlement equals the plain reference implementation
    ref_open, ref_credit = reference_settlement(i, p, as_of)
    assert {k: _c(v) for k, v in opened(led.open_items).items()} == ref_open
    assert {k: _c(v) for k, v in led.unapplied_credit["unapplied_credit"].items()} == ref_credit
    # inputs unchanged
    assert_frame_equal(i, i0)
    assert_frame_equal(p, p0)

    ag = rc.aging(led, as_of)
    cents = ag[BUCKETS + ["total", "overdue", "unapplied_credit"]].map(_c)
    # buckets add up to the total, to the cent
    assert (cents[BUCKETS].sum(axis=1) == cents["total"]).all()
    assert (cents["total"] - cents["current"] == cents["overdue"]).all()
    # nothing negative (unapplied credit is reported as a positive amount on its own)
    assert (cents >= 0).all().all()
    assert (led.open_items["open_amount"] > 0).all()
    assert (led.open_items["open_amount"] <= led.open_items["amount"]).all()
    assert not ((cents["total"] > 0) & (cents["unapplied_credit"] > 0)).any()
    # open - unapplied credit == invoiced - paid up to as_of, for every customer
    ts = pd.Timestamp(as_of)
    invoiced = (
        i[pd.to_datetime(i["invoice_date"]) <= ts].groupby("customer_id")["amount"].agg(lambda s: sum(_c(x) for x in s))
    )
    paid = (
        p[pd.to_datetime(p["payment_date"]) <= ts].groupby("customer_id")["amount"].agg(lambda s: sum(_c(x) for x in s))
    )
    for cust in CUSTOMERS:
        net = int(invoiced.get(cust, 0)) - int(paid.get(cust, 0))
        row = cents.loc[cust] if cust in cents.index else pd.Series({"total": 0, "unapplied_credit": 0})
        assert row["total"] - row["unapplied_credit"] == net, cust


@settings(PROPS, max_examples=30)
@given(ledgers(), st.booleans())
def test_monthly_facts_equal_settlement_at_each_month_end(case, at_month_end):
    i, p, as_of = case
    if at_month_end:  # as_of on the 29th to 31st and on month ends, where month arithmetic slips
        as_of = (pd.Timestamp(as_of) + pd.offsets.MonthEnd(0)).date()
    months = 3
    src = kt.facts.source(invoices=i, payments=p)
    monthly = rc._monthly(src, as_of, months, 30)
    for k, t in rc._calendar(as_of, months)[["k", "month_end"]].itertuples(index=False):
        ag = rc.aging(rc.settle(src, None, t), t)
        got = monthly[monthly["k"] == k].set_index("customer_id")
        for mine, theirs in [
            ("receivables", "total"),
            ("not_due", "current"),
            ("unapplied_credit", "unapplied_credit"),
        ]:
            a = got[mine].reindex(CUSTOMERS).fillna(0).map(_c)
            b = ag[theirs].reindex(CUSTOMERS).fillna(0).map(_c)
            assert a.tolist() == b.tolist(), (k, mine)
        window = i[
            (pd.to_datetime(i["invoice_date"]) <= t)
            & (pd.to_datetime(i["invoice_date"]) > pd.Timestamp(t) - pd.Timedelta(days=30))
        ]
        expect = window.groupby("customer_id")["amount"].sum().reindex(CUSTOMERS).fillna(0).map(_c)
        assert got["sales_window"].reindex(CUSTOMERS).fillna(0).map(_c).tolist() == expect.tolist()


# --------------------------------------------------------------------------- the store path = the frame path
EDGE_LISTS = [None, [15, 45], [30], list(range(5, 65, 5)), list(range(10, 140, 10))]  # 12 and 13 edges


@settings(PROPS, max_examples=30)
@given(ledgers(), st.sampled_from(EDGE_LISTS))
def test_aging_in_the_store_equals_aging_of_the_open_items(case, edges):
    i, p, as_of = case
    src = kt.facts.source(invoices=i, payments=p)
    in_store = rc.aging(src, as_of, edges)
    from_items = rc.aging(rc.settle(i, p, as_of), as_of, edges)
    assert_frame_equal(in_store, from_items)
    assert list(in_store.columns[:-5]) == rc.bucket_names(edges)


@settings(PROPS, max_examples=30)
@given(ledgers(), st.sampled_from([1, 2, None]))
def test_origin_year_in_the_store_equals_the_open_items(case, years):
    i, p, as_of = case
    # spread the invoices over three calendar years
    i = i.assign(
        invoice_date=(
            pd.to_datetime(i["invoice_date"]) - pd.to_timedelta(np.arange(len(i)) % 3 * 365, unit="D")
        ).dt.strftime("%Y-%m-%d")
    )
    src = kt.facts.source(invoices=i, payments=p)
    in_store = rc.by_origin_year(src, as_of, years)
    items = rc.open_items(i, p, as_of)
    assert_frame_equal(in_store, rc.by_origin_year(items, as_of, years))
    ref_open, _ = reference_settlement(i, p, as_of)
    assert in_store["total"].map(_c).sum() == sum(ref_open.values())


def test_aging_and_origin_year_of_a_store(small, small_store):
    led = rc.settle(small, None, SAMPLE_AS_OF)
    led = rc.Ledger(rc.disputed_items(small, SAMPLE_AS_OF, led.open_items), led.unapplied_credit)
    for edges in (None, [45, 75]):
        expect = rc.aging(led, SAMPLE_AS_OF, edges)
        assert_frame_equal(rc.aging(small_store, SAMPLE_AS_OF, edges), expect)
        assert_frame_equal(rc.aging(small, SAMPLE_AS_OF, edges), expect)
    items = rc.open_items(small, None, SAMPLE_AS_OF)
    for years in (2, None):
        assert_frame_equal(
            rc.by_origin_year(small_store, SAMPLE_AS_OF, years), rc.by_origin_year(items, SAMPLE_AS_OF, years)
        )
    with pytest.raises(TypeError, match="as_of is required"):
        rc.by_origin_year(small_store)
    with pytest.raises(TypeError, match="credit"):
        rc.aging(small_store, SAMPLE_AS_OF, credit=pd.Series(dtype="float64"))


def test_ledger_summaries_run_behind_the_settlement():
    text = rc.ledger_sql("receivables_aging")
    settle = kt.facts.sql_text("receivables_settle")
    assert text.startswith(settle[: settle.rindex("\nselect * from ledger")])
    assert "\nselect * from ledger" not in text and text.rstrip().endswith("group by customer_id, bucket")


# --------------------------------------------------------------------------- negative payments
def test_negative_payments_are_refused_naming_the_payment():
    i = inv(("I1", "C1", "2026-01-01", "2026-01-31", 100.0))
    p = pay(("P1", "C1", "2026-02-01", 40.0, None), ("P2", "C1", "2026-02-02", -25.5, "I1"))
    with pytest.raises(ValueError, match=r"payment_id P2 \(-25\.50\)"):
        rc.settle(i, p, AS_OF)
    with pytest.raises(ValueError, match="P2"):
        rc.open_items(i, p, AS_OF)
    with pytest.raises(ValueError, match="P2"):
        rc.aging(kt.facts.source(invoices=i, payments=p), AS_OF)
    with pytest.raises(ValueError, match="P2"):
        rc.dso(i, p, AS_OF)
    with pytest.raises(ValueError, match="P2"):
        rc.worklist({"invoices": i, "payments": p}, AS_OF)
    many = pay(*[(f"P{n}", "C1", "2026-02-01", -1.0 - n, None) for n in range(7)])
    with pytest.raises(ValueError, match=r"P4 \(-5\.00\) and 2 more"):
        rc.settle(i, many, AS_OF)
    # zero and positive amounts are fine
    assert opened(rc.open_items(i, p[p["amount"] >= 0], AS_OF)) == {"I1": 60.0}
    assert opened(rc.open_items(i, pay(("P0", "C1", "2026-02-01", 0.0, None)), AS_OF)) == {"I1": 100.0}


# --------------------------------------------------------------------------- promises
def promises(*rows) -> pd.DataFrame:
    """Promises from (customer_id, promised_on, pay_by, amount, invoice_id or None)."""
    return pd.DataFrame(
        [{"customer_id": c, "promised_on": on, "pay_by": by, "amount": a, "invoice_id": i} for c, on, by, a, i in rows],
        columns=["customer_id", "promised_on", "pay_by", "amount", "invoice_id"],
    )


def _history(i, p, pr, as_of):
    return rc.promise_history({"invoices": i, "payments": p, "promises": pr}, as_of)


def test_each_payment_keeps_one_promise_only():
    i = inv(("I1", "C1", "2026-09-01", "2026-09-30", 600.0))
    pr = promises(("C1", "2026-10-01", "2026-10-10", 300.0, None), ("C1", "2026-10-05", "2026-10-15", 300.0, None))
    one = pay(("P1", "C1", "2026-10-08", 300.0, None))
    h = _history(i, one, pr, "2026-10-31")
    # the payment falls in both promises' days; it goes to the one due first (10-10) only
    assert h.loc["C1", ["promises", "kept_promises", "broken_promises"]].tolist() == [2, 1, 1]
    assert h.loc["C1", "last_promise_status"] == "broken" and h.loc["C1", "last_promise_paid"] == 0.0
    two = pd.concat([one, pay(("P2", "C1", "2026-10-12", 300.0, None))])
    h = _history(i, two, pr, "2026-10-31")
    assert h.loc["C1", ["kept_promises", "broken_promises"]].tolist() == [2, 0]
    assert h.loc["C1", "last_promise_paid"] == 300.0


def test_promise_paid_in_full_by_its_date_is_kept_not_pending():
    i = inv(("I1", "C2", "2026-09-01", "2026-09-30", 200.0))
    pr = promises(("C2", "2026-10-20", "2026-10-31", 200.0, "I1"))
    paid = pay(("P1", "C2", "2026-10-25", 200.0, "I1"))
    assert _history(i, paid, pr, "2026-10-31").loc["C2", "last_promise_status"] == "kept"  # pay_by == as_of
    assert _history(i, paid, pr, "2026-10-26").loc["C2", "last_promise_status"] == "kept"  # paid early
    assert _history(i, paid, pr, "2026-10-24").loc["C2", "last_promise_status"] == "pending"
    unpaid = pay(("P1", "C2", "2026-11-02", 200.0, "I1"))  # too late
    assert _history(i, unpaid, pr, "2026-10-31").loc["C2", "last_promise_status"] == "pending"
    assert _history(i, unpaid, pr, "2026-11-01").loc["C2", "last_promise_status"] == "broken"
    assert _history(i, unpaid, pr, "2026-11-30").loc["C2", "last_promise_status"] == "broken"
    assert _history(i, unpaid, pr, "2026-10-19").empty  # not yet made


def test_the_worklist_shows_what_was_paid_towards_a_promise_and_a_promise_kept_early():
    # C2 owes 3,000 (I1, due 2026-09-30, overdue on 10-31); it promised 500 on 10-18 to pay by 11-01 and paid
    # 2,500 on 10-25: the promise is kept before its date. The history counts the whole 2,500 paid within the
    # promise's days; the worklist says 500 were paid towards the promise (the rest paid other debt) and
    # "kept (early)", the pay-by date being still ahead on 10-31
    i = inv(("I1", "C2", "2026-09-01", "2026-09-30", 3000.0))
    pr = promises(("C2", "2026-10-18", "2026-11-01", 500.0, None))
    paid = pay(("P1", "C2", "2026-10-25", 2500.0, None))
    assert _history(i, paid, pr, "2026-10-31").loc["C2", ["last_promise_paid", "last_promise_status"]].tolist() == [
        2500.0,
        "kept",
    ]
    w = rc.worklist({"invoices": i, "payments": paid, "promises": pr}, "2026-10-31")
    assert w.loc["C2", ["overdue", "last_promise_amount", "last_promise_paid", "last_promise_status"]].tolist() == [
        500.0,
        500.0,
        500.0,
        "kept_early",
    ]
    assert w.loc["C2", ["promises", "kept_promises"]].tolist() == [1, 1]
    assert labels.value("last_promise_status", "kept_early", "zh") == "已兑现（提前）"
    # on 11-01, the pay-by date, it is simply kept
    w = rc.worklist({"invoices": i, "payments": paid, "promises": pr}, "2026-11-01")
    assert w.loc["C2", "last_promise_status"] == "kept"


def test_a_payment_goes_to_the_promise_of_its_invoice():
    i = inv(("I1", "C3", "2026-09-01", "2026-09-30", 100.0), ("I2", "C3", "2026-09-01", "2026-09-30", 100.0))
    pr = promises(("C3", "2026-10-01", "2026-10-20", 100.0, "I1"), ("C3", "2026-10-01", "2026-10-10", 100.0, None))
    h = _history(i, pay(("P1", "C3", "2026-10-05", 100.0, "I1")), pr, "2026-10-31")
    assert h.loc["C3", ["kept_promises", "broken_promises"]].tolist() == [1, 1]
    assert h.loc["C3", "last_promise_status"] == "kept"  # latest: the one about I1 (pay_by 10-20)
    # a payment of another invoice cannot keep the promise about I1, but keeps the open one
    h = _history(i, pay(("P1", "C3", "2026-10-05", 100.0, "I2")), pr, "2026-10-31")
    assert h.loc["C3", "last_promise_status"] == "broken" and h.loc["C3", "kept_promises"] == 1


def reference_promises(pr: pd.DataFrame, payments: pd.DataFrame, as_of) -> dict:
    """A loop-based promise history: {customer: (promises, kept, broken, pending, last status, last paid)}."""
    as_of = pd.Timestamp(as_of)
    rows = []
    for r in pr.itertuples():
        if pd.Timestamp(r.promised_on) <= as_of:
            iid = r.invoice_id if isinstance(r.invoice_id, str) else None
            rows.append(
                {
                    "c": r.customer_id,
                    "on": pd.Timestamp(r.promised_on),
                    "by": pd.Timestamp(r.pay_by),
                    "cents": _c(r.amount),
                    "inv": iid,
                    "paid": 0,
                }
            )
    for c in {r["c"] for r in rows}:  # number within the customer as the query does
        mine = sorted(
            (r for r in rows if r["c"] == c),
            key=lambda r: (r["by"], r["on"], r["cents"], r["inv"] is None, r["inv"] or ""),
        )
        for n, r in enumerate(mine):
            r["no"] = n
    for p in payments.itertuples():
        day = pd.Timestamp(p.payment_date)
        if day > as_of:
            continue
        pinv = p.invoice_id if isinstance(p.invoice_id, str) else None
        fits = [
            r
            for r in rows
            if r["c"] == p.customer_id
            and r["on"] <= day <= r["by"]
            and (r["inv"] is None or pinv is None or r["inv"] == pinv)
        ]
        if fits:
            best = min(
                fits, key=lambda r: (0 if r["inv"] is not None and r["inv"] == pinv else 1, r["by"], r["on"], r["no"])
            )
            best["paid"] += _c(p.amount)
    out = {}
    for c in {r["c"] for r in rows}:
        mine = [r for r in rows if r["c"] == c]
        status = ["kept" if r["paid"] >= r["cents"] else "broken" if r["by"] < as_of else "pending" for r in mine]
        last = max(range(len(mine)), key=lambda k: (mine[k]["on"], mine[k]["by"], mine[k]["no"]))
        out[c] = (
            len(mine),
            status.count("kept"),
            status.count("broken"),
            status.count("pending"),
            status[last],
            mine[last]["paid"],
        )
    return out


@st.composite
def promise_books(draw):
    i, p, as_of = draw(ledgers())
    ids = i["invoice_id"].tolist()
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        on = START + dt.timedelta(days=draw(st.integers(0, 150)))
        by = on + dt.timedelta(days=draw(st.sampled_from([0, 1, 5, 10, 20])))
        target = draw(st.one_of(st.none(), st.sampled_from(ids))) if ids else None
        rows.append(
            (
                draw(st.sampled_from(CUSTOMERS)),
                str(on),
                str(by),
                draw(st.sampled_from([1_000, 5_000, 20_000, 33_333])) / 100,
                target,
            )
        )
    return i, p, promises(*rows), as_of


@settings(PROPS, max_examples=30)
@given(promise_books())
def test_promises_match_a_reference_on_random_data(case):
    i, p, pr, as_of = case
    got = _history(i, p, pr, as_of)
    ref = reference_promises(pr, p, as_of)
    assert set(got.index) == set(ref)
    for c, (n, kept, broken, pending, status, paid) in ref.items():
        row = got.loc[c]
        assert (row["promises"], row["kept_promises"], row["broken_promises"], row["pending_promises"]) == (
            n,
            kept,
            broken,
            pending,
        ), c
        assert row["last_promise_status"] == status and _c(row["last_promise_paid"]) == paid, c


# --------------------------------------------------------------------------- last dates and month flows
@settings(PROPS, max_examples=30)
@given(ledgers())
def test_last_dates_match_a_reference_on_random_data(case):
    i, p, as_of = case
    ts = pd.Timestamp(as_of)
    acts = pd.DataFrame(
        {
            "activity_id": [f"A{k}" for k in range(len(p))],
            "customer_id": p["customer_id"],
            "date": (pd.to_datetime(p["payment_date"]) - pd.Timedelta(days=3)).dt.strftime("%Y-%m-%d"),
            "type": "call",
            "account_manager": "Li",
            "hours": 1.0,
        }
    )
    last = rc._last_dates(kt.facts.source(invoices=i, payments=p, activities=acts), as_of)
    for c in CUSTOMERS:
        my_inv = [
            pd.Timestamp(d) for cc, d in zip(i["customer_id"], i["invoice_date"]) if cc == c and pd.Timestamp(d) <= ts
        ]
        my_pay = [
            (pd.Timestamp(d), _c(a))
            for cc, d, a in zip(p["customer_id"], p["payment_date"], p["amount"])
            if cc == c and pd.Timestamp(d) <= ts
        ]
        my_act = [
            pd.Timestamp(d) for cc, d in zip(acts["customer_id"], acts["date"]) if cc == c and pd.Timestamp(d) <= ts
        ]
        if not (my_inv or my_pay or my_act):
            assert c not in last.index
            continue
        row = last.loc[c]
        assert (row["last_invoice"] if pd.notna(row["last_invoice"]) else None) == (max(my_inv) if my_inv else None)
        assert (row["last_activity"] if pd.notna(row["last_activity"]) else None) == (max(my_act) if my_act else None)
        if my_pay:
            day = max(d for d, _ in my_pay)
            assert row["last_payment"] == day
            assert _c(row["last_payment_amount"]) == sum(a for d, a in my_pay if d == day)
        else:
            assert pd.isna(row["last_payment"])


@settings(PROPS, max_examples=30)
@given(ledgers())
def test_month_flows_match_a_reference_on_random_data(case):
    i, p, as_of = case
    start = as_of.replace(day=1)
    flows = kt.facts.query(kt.facts.source(invoices=i, payments=p), "receivables_month_flows", start=start, end=as_of)
    flows = flows.set_index("customer_id")
    lo, hi = pd.Timestamp(start), pd.Timestamp(as_of)
    for c in CUSTOMERS:
        mi = i[(i["customer_id"] == c) & pd.to_datetime(i["invoice_date"]).between(lo, hi)]
        mp = p[(p["customer_id"] == c) & pd.to_datetime(p["payment_date"]).between(lo, hi)]
        falling = sum(_c(a) for a, d in zip(mi["amount"], mi["due_date"]) if a > 0 and pd.Timestamp(d) <= hi)
        expect = (falling, sum(_c(a) for a in mi["amount"]), sum(_c(a) for a in mp["amount"]))
        if mi.empty and mp.empty:
            assert c not in flows.index
            continue
        got = flows.loc[c]
        assert (_c(got["falling_due"]), _c(got["invoiced"]), _c(got["received"])) == expect, c


MANAGERS = pd.DataFrame(
    {
        "customer_id": CUSTOMERS,
        "name": CUSTOMERS,
        "industry": "x",
        "region": "East",
        "account_manager": ["Li", "Li", "Wang"],
    }
)


@settings(PROPS, max_examples=30)
@given(ledgers())
def test_collection_performance_matches_a_reference_on_random_data(case):
    i, p, as_of = case
    start = as_of.replace(day=1)
    open_before, _ = reference_settlement(i, p, start - dt.timedelta(days=1))
    due = dict(zip(i["invoice_id"], pd.to_datetime(i["due_date"])))
    owner = dict(zip(i["invoice_id"], i["customer_id"]))
    manager = dict(zip(MANAGERS["customer_id"], MANAGERS["account_manager"]))
    collectible, collected = defaultdict(int), defaultdict(int)
    for iid, cents in open_before.items():
        if due[iid] <= pd.Timestamp(as_of):
            collectible[manager[owner[iid]]] += cents
    for r in i.itertuples():
        in_month = start <= pd.Timestamp(r.invoice_date).date() <= as_of
        if in_month and r.amount > 0 and pd.Timestamp(r.due_date).date() <= as_of:
            collectible[manager[r.customer_id]] += _c(r.amount)
    for r in p.itertuples():
        if start <= pd.Timestamp(r.payment_date).date() <= as_of:
            collected[manager[r.customer_id]] += _c(r.amount)
    perf = rc.collection_performance({"customers": MANAGERS, "invoices": i, "payments": p}, as_of)
    for m in ("Li", "Wang"):
        if m not in perf.index:
            assert collectible[m] == 0 and collected[m] == 0
            continue
        assert (_c(perf.loc[m, "collectible"]), _c(perf.loc[m, "collected"])) == (collectible[m], collected[m])
        if collectible[m] == 0:
            assert np.isnan(perf.loc[m, "collection_rate"])
            assert perf.loc[m, "collection_rate_reason"] == "nothing fell due in the month"
        else:
            assert perf.loc[m, "collection_rate"] == pytest.approx(collected[m] / collectible[m])
            assert pd.isna(perf.loc[m, "collection_rate_reason"])


# --------------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def small(small_data):
    return small_data


@pytest.fixture(scope="module")
def small_store(small_data, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "kam.duckdb"
    small_data.save(path)
    data = KamData(db=path)
    yield data
    data.close()


SAMPLE_AS_OF = dt.date(2026, 10, 31)


def test_kamdata_frames_and_store_give_identical_results(small, small_store):
    from_data = rc.settle(small, None, SAMPLE_AS_OF)
    from_frames = rc.settle(small.invoices, small.payments, SAMPLE_AS_OF)
    from_store = rc.settle(small_store, None, SAMPLE_AS_OF)
    for other in (from_frames, from_store):
        assert_frame_equal(from_data.open_items, other.open_items)
        assert_frame_equal(from_data.unapplied_credit, other.unapplied_credit)
    assert len(from_data.open_items) > 0
    assert_frame_equal(rc.dso(small, None, SAMPLE_AS_OF), rc.dso(small_store, None, SAMPLE_AS_OF))


def test_sample_settlement_equals_reference(small):
    led = rc.settle(small, None, SAMPLE_AS_OF)
    ref_open, ref_credit = reference_settlement(small.invoices, small.payments, SAMPLE_AS_OF)
    assert {k: _c(v) for k, v in opened(led.open_items).items()} == ref_open
    assert {k: _c(v) for k, v in led.unapplied_credit["unapplied_credit"].items()} == ref_credit


def test_open_items_dtypes_and_inputs_unchanged(small):
    before = {name: small.table(name).copy() for name in ("invoices", "payments")}
    items = rc.open_items(small.invoices, small.payments, SAMPLE_AS_OF)
    for name, frame in before.items():
        assert_frame_equal(small.table(name), frame)
    assert items.index.name == "invoice_id"
    assert list(items.columns) == ["customer_id", "invoice_date", "due_date", "amount", "open_amount", "days_past_due"]
    assert str(items["invoice_date"].dtype) == "datetime64[us]"
    assert items["days_past_due"].dtype == "int64"
    expect = (pd.Timestamp(SAMPLE_AS_OF) - items["due_date"]).dt.days
    assert_series_equal(items["days_past_due"], expect.astype("int64"), check_names=False)


def test_by_origin_year(small):
    items = rc.open_items(small, None, SAMPLE_AS_OF)
    oy = rc.by_origin_year(items, SAMPLE_AS_OF)
    assert list(oy.columns) == ["2026", "2025", "older", "total"]
    ag = rc.aging(items, SAMPLE_AS_OF)
    assert_series_equal(oy["total"], ag["total"])
    assert (oy[["2026", "2025", "older"]].map(_c).sum(axis=1) == oy["total"].map(_c)).all()
    every = rc.by_origin_year(items, years=None)
    assert every.drop(columns="total").sum().sum() == pytest.approx(oy["total"].sum())


def test_dso_hand_computed():
    i = inv(
        ("A", "C1", "2026-08-15", "2026-09-14", 900.0),
        ("B", "C1", "2026-09-15", "2026-10-15", 300.0),
        ("C", "C1", "2026-10-10", "2026-11-09", 310.0),
        ("D", "C2", "2025-01-10", "2025-02-09", 500.0),  # owes, but no recent sales
    )
    p = pay(("P1", "C1", "2026-09-01", 900.0, "A"))
    d = rc.dso(i, p, "2026-10-31", days=90)
    # C1 owes 610 of 1510 sold in the last 90 days: 610 / 1510 * 90
    assert d.loc["C1", "dso"] == pytest.approx(610 / 1510 * 90)
    # count-back: October's 310 covers 31 days, September's 300 of the 300 left: 30 days
    assert d.loc["C1", "dso_countback"] == pytest.approx(61.0)
    assert np.isnan(d.loc["C2", "dso"]) and d.loc["C2", "dso_reason"] == "no credit sales in the last 90 days"
    # C2's 500 is all of January 2025's sales: counted back to 2025-01-01
    assert d.loc["C2", "dso_countback"] == (dt.date(2026, 10, 31) - dt.date(2024, 12, 31)).days
    short = rc.dso(i, p, "2026-10-31", days=90, countback_months=12)
    assert np.isnan(short.loc["C2", "dso_countback"])
    assert short.loc["C2", "dso_countback_reason"] == "receivables exceed the credit sales of the last 12 months"
    assert pd.isna(short.loc["C1", "dso_countback_reason"])
    total = rc.dso(i, p, "2026-10-31", days=90, by="total")
    assert total.loc["total", "receivables"] == 1110.0
    assert total.loc["total", "dso"] == pytest.approx(1110 / 1510 * 90)


def test_countback_partial_month():
    # 450 owed; October sold 310 (31 days), September 300: 140/300 of 30 days
    i = inv(("B", "C1", "2026-09-15", "2026-12-15", 300.0), ("C", "C1", "2026-10-10", "2026-12-09", 310.0))
    p = pay(("P1", "C1", "2026-10-20", 160.0, "B"))
    d = rc.dso(i, p, "2026-10-31", by="total")
    assert d.loc["total", "dso_countback"] == pytest.approx(31 + 140 / 300 * 30)


def test_cei_hand_computed():
    i = inv(
        ("I1", "C1", "2026-09-10", "2026-10-10", 100.0),
        ("I2", "C1", "2026-10-10", "2026-11-09", 200.0),
        ("I3", "C2", "2026-10-01", "2026-10-15", 50.0),
    )
    p = pay(("P1", "C1", "2026-10-20", 60.0, "I1"), ("P2", "C2", "2026-10-20", 50.0, None))
    c = rc.cei(i, p, "2026-10-31", months=2)
    oct_ = c.loc["2026-10"]
    # opening 100, sales 250, closing 40 + 200 = 240 of which 200 not yet due
    assert (oct_["opening"], oct_["credit_sales"], oct_["closing"], oct_["closing_current"]) == (100, 250, 240, 200)
    assert oct_["collected_net"] == 110.0 and oct_["collectible"] == 150.0
    assert oct_["cei"] == pytest.approx(110 / 150 * 100)
    sep = c.loc["2026-09"]
    assert sep["opening"] == 0 and sep["credit_sales"] == 100 and sep["closing_current"] == 100
    assert np.isnan(sep["cei"]) and sep["cei_reason"] == "no collectible receivables"
    per = rc.cei(i, p, "2026-10-31", months=1, by="customer")
    assert per.loc[("2026-10", "C2"), "cei"] == 100.0
    assert per.loc[("2026-10", "C1"), "cei"] == pytest.approx(60 / 100 * 100)


def test_monthly_trend_matches_cei_and_aging(small):
    trend = rc.monthly_trend(small, "2026-10", months=12)
    assert len(trend) == 12 and trend.index[-1] == "2026-10" and trend.index[0] == "2025-11"
    assert trend["dso"].notna().all() and trend["cei"].between(0, 100).all()
    c = rc.cei(small, None, SAMPLE_AS_OF, months=12)
    assert_series_equal(trend["cei"], c["cei"].reindex(trend.index), check_names=False)
    ag = rc.aging(small, "2026-09-30")
    assert trend.loc["2026-09", "receivables"] == pytest.approx(ag["total"].sum(), abs=0.005)
    # a credit note naming its invoice settles it (receivables_monthly.sql as receivables_settle.sql) and
    # what open disputes hold is apart: current, disputed and overdue are the aging's at every month end
    for month, day in (("2026-09", "2026-09-30"), ("2026-10", SAMPLE_AS_OF), ("2026-03", "2026-03-31")):
        aged = rc.aging(small, day)
        for col in ("current", "disputed", "overdue"):
            assert trend.loc[month, col] == pytest.approx(aged[col].sum(), abs=0.005), (month, col)
    assert small.has("disputes") and trend["disputed"].gt(0).any()  # the sample book has open disputes
    d = rc.dso(small, None, SAMPLE_AS_OF, by="total")
    assert trend.loc["2026-10", "dso"] == pytest.approx(d.loc["total", "dso"])


def test_cei_by_account_manager(small):
    c = rc.cei(small, None, SAMPLE_AS_OF, months=3, by="account_manager")
    assert c.index.names == ["month", "account_manager"]
    managers = set(small.customers["account_manager"])
    assert set(c.index.get_level_values("account_manager")) <= managers
    tot = rc.cei(small, None, SAMPLE_AS_OF, months=3)
    sums = c.groupby(level="month")[["opening", "credit_sales", "closing"]].sum()
    assert_frame_equal(sums.reindex(tot.index), tot[["opening", "credit_sales", "closing"]], atol=0.01)


@pytest.mark.parametrize(
    ("months", "countback", "by"), [(12, 24, "customer"), (30, 6, "account_manager"), (1, 1, "total")]
)
def test_dso_cei_from_one_run_equals_the_two_apart(small, months, countback, by):
    # one monthly run longer than either needs gives each the same numbers as its own run
    d, c = rc.dso_cei(small, None, SAMPLE_AS_OF, 60, months, by=by, cei_by=by, countback_months=countback)
    assert_frame_equal(d, rc.dso(small, None, SAMPLE_AS_OF, 60, by=by, countback_months=countback))
    assert_frame_equal(c, rc.cei(small, None, SAMPLE_AS_OF, months, by=by))
    assert len(d) and len(c)


def test_the_trend_reads_what_disputes_hold_from_the_disputed_customers_ledger_alone(small_store):
    # settling only the customers with a dispute in the span gives each month end what the whole book gives
    from kamtools.receivables.disputes import disputed_by_due
    from kamtools.receivables.trends import _disputed_points

    ends = pd.Series(pd.date_range("2025-11-30", "2026-10-31", freq="ME"))
    got = _disputed_points(small_store, ends)
    full = [disputed_by_due(small_store, e.date()) for e in ends]
    assert got["overdue"].tolist() == pytest.approx([float(h["overdue"].sum()) for h in full], abs=0.005)
    assert got["not_due"].tolist() == pytest.approx([float(h["not_due"].sum()) for h in full], abs=0.005)
    assert got.to_numpy().sum() > 0  # the book has disputes open in the span


def test_provisions():
    ag = rc.aging(
        pd.DataFrame(
            {"customer_id": ["C1", "C1", "C2"], "open_amount": [1000.0, 333.33, 10.0], "days_past_due": [0, 45, 400]}
        ),
        AS_OF,
    )
    pc = rc.provisions(ag)
    # 5 % of 333.33 = 16.6665 -> 16.67; 100 % of 10
    assert pc.loc["C1", "provision_d31_60"] == 16.67
    assert pc.loc["C1", "provision"] == 16.67 and pc.loc["C2", "provision"] == 10.0
    assert pc.loc["C1", "provision_share"] == pytest.approx(16.67 / 1333.33)
    pb = rc.provisions(ag, by="bucket")
    assert pb["provision"].sum() == pytest.approx(pc["provision"].sum())
    # the company's own bands, given whole: 50 % from day 31
    half = rc.provisions(ag, {"receivables": {"provision_rates": {"current": 0.0, "d1_30": 0.01, "d30_plus": 0.5}}})
    assert half.loc["C1", "provision"] == 166.67 and half.loc["C2", "provision"] == 5.0
    # buckets finer than the bands take the rate of the band holding them
    custom = rc.aging(
        pd.DataFrame({"customer_id": ["C1", "C1"], "open_amount": [100.0, 100.0], "days_past_due": [50, 400]}),
        AS_OF,
        buckets=[15, 30, 45, 60, 90, 180, 365],
    )
    cb = rc.provisions(custom, by="bucket")
    assert cb.loc[["d1_15", "d46_60", "d365_plus"], "rate"].tolist() == [0.01, 0.05, 1.0]
    assert cb.loc["d46_60", "provision"] == 5.0 and cb.loc["d365_plus", "provision"] == 100.0
    # a bucket across two bands has no one rate: no provision is made from it
    with pytest.raises(ValueError, match="runs across the provision bands"):
        items = pd.DataFrame({"customer_id": ["C1"], "open_amount": [1.0], "days_past_due": [50]})
        rc.provisions(rc.aging(items, AS_OF, buckets=[45, 75]))
    bad = rc.aging(pd.DataFrame({"customer_id": ["C1"], "open_amount": [1.0], "days_past_due": [1]}), AS_OF)
    with pytest.raises(KeyError, match="odd"):
        rc.provisions(bad.rename(columns={"d1_30": "odd"}))


def test_aging_summary():
    ag = rc.aging(
        pd.DataFrame(
            {
                "customer_id": ["C1", "C1", "C2", "C3"],
                "open_amount": [600.10, 300.20, 99.70, 0.01],
                "days_past_due": [0, 181, 20, 400],
            }
        ),
        AS_OF,
        credit=pd.Series({"C9": 12.5}),
    )
    s = rc.aging_summary(ag)
    assert (s.debtors, s.total, s.overdue, s.old_after_days, s.old, s.unapplied_credit) == (
        3,
        1000.01,
        399.91,
        180,
        300.21,
        12.5,
    )
    assert s.overdue_share == pytest.approx(399.91 / 1000.01) and s.old_share == pytest.approx(300.21 / 1000.01)
    assert s.share_reason is None
    assert rc.aging_summary(ag, old_after_days=365).old == 0.01
    assert rc.aging_summary(ag, old_after_days=0).old == s.overdue
    with pytest.raises(ValueError, match="bucket edge"):
        rc.aging_summary(ag, old_after_days=100)
    # other edges: the default is the edge before the last one
    custom = rc.aging(
        pd.DataFrame({"customer_id": ["C1", "C1"], "open_amount": [5.0, 7.0], "days_past_due": [20, 50]}),
        AS_OF,
        buckets=[15, 45],
    )
    assert rc.aging_summary(custom)[4:6] == (15, 12.0)
    one = rc.aging(
        pd.DataFrame({"customer_id": ["C1"], "open_amount": [5.0], "days_past_due": [50]}), AS_OF, buckets=[30]
    )
    assert rc.aging_summary(one)[4:6] == (0, 5.0)
    nothing = pd.DataFrame({"customer_id": [], "open_amount": [], "days_past_due": []})
    empty = rc.aging_summary(rc.aging(nothing, AS_OF, credit=pd.Series({"C9": 12.5})))
    assert (empty.debtors, empty.total, empty.unapplied_credit) == (0, 0.0, 12.5)
    assert np.isnan(empty.overdue_share) and np.isnan(empty.old_share)
    assert empty.share_reason == "no open receivables"


def test_origin_year_totals():
    items = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C2", "C3"],
            "open_amount": [0.1, 0.2, 0.3, 99.4],
            "invoice_date": pd.to_datetime(["2026-03-01", "2025-12-01", "2023-01-01", "2026-01-01"]),
        }
    )
    t = rc.origin_year_totals(rc.by_origin_year(items, AS_OF))
    assert list(t.index) == ["2026", "2025", "older", "total"] and t.index.name == "origin"
    assert t["receivables"].tolist() == [99.5, 0.2, 0.3, 100.0]
    assert t["share"].tolist() == [0.995, 0.002, 0.003, 1.0]
    every = rc.origin_year_totals(rc.by_origin_year(items, years=None))
    assert list(every.index) == ["2026", "2025", "2023", "total"]
    none = rc.origin_year_totals(rc.by_origin_year(items.iloc[:0], AS_OF))
    assert none["receivables"].tolist() == [0.0] * 4 and none["share"].isna().all()
    assert (none["share_reason"] == "no open receivables").all()


def _book(promises: pd.DataFrame | None = None):
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "name": ['=HYPERLINK("x")', "Beta", "Gamma", "Delta"],
            "industry": ["x"] * 4,
            "region": ["East"] * 4,
            "account_manager": ["Li", "Li", "Wang", "Wang"],
        }
    )
    invoices = inv(
        ("I1", "C1", "2026-01-05", "2026-02-04", 1000.0),  # silent since January
        ("I2", "C2", "2026-09-01", "2026-09-30", 500.0),  # 31 days overdue, active
        ("I3", "C3", "2026-10-20", "2026-11-19", 300.0),  # not yet due
        ("I4", "C4", "2026-03-01", "2026-03-31", 800.0),  # old, but an activity in September
    )
    payments = pay(("P1", "C1", "2026-02-01", 200.0, "I1"), ("P2", "C4", "2026-04-30", 100.0, "I4"))
    activities = pd.DataFrame(
        {
            "activity_id": ["A1", "A2"],
            "customer_id": ["C4", "C1"],
            "date": ["2026-09-10", "2026-04-30"],
            "type": ["call", "visit"],
            "account_manager": ["Wang", "Li"],
            "hours": [1.0, 2.0],
        }
    )
    contacts = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2"],
            "name": ["Zhang", "Zhou", "Wu"],
            "role": ["owner", "财务经理", "buyer"],
            "phone": ["+86 10 1", "-2", "3"],
        }
    )
    financials = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2"],
            "period_end": ["2024-12-31", "2025-12-31", "2025-12-31"],
            "current_assets": [1.0] * 3,
            "inventory": [0.0] * 3,
            "current_liabilities": [1.0] * 3,
            "total_assets": [4000.0, 8000.0, 0.0],
            "total_liabilities": [1.0] * 3,
            "revenue": [1.0] * 3,
            "net_profit": [1.0] * 3,
        }
    )
    return kt.facts.source(
        customers=customers,
        invoices=invoices,
        payments=payments,
        activities=activities,
        contacts=contacts,
        financials=financials,
        promises=promises,
    )


def test_silent_debtors():
    s = rc.silent_debtors(_book(), "2026-10-31")
    # C1: last sign 2026-04-30 (activity), more than 6 months back; C4: activity in September
    assert list(s.index) == ["C1"]
    assert s.loc["C1", "last_sign"] == pd.Timestamp("2026-04-30")
    assert s.loc["C1", "months_silent"] == 6
    assert s.loc["C1", "total"] == 800.0
    assert list(rc.silent_debtors(_book(), "2026-10-29").index) == []  # exactly 6 months not yet reached
    one = rc.silent_debtors(_book(), "2026-10-31", {"receivables": {"silent_months": 1}})
    assert list(one.index) == ["C1", "C4", "C2"]  # largest balance first; C3 invoiced in October


def test_worklist_and_promises(tmp_path):
    promises = pd.DataFrame(
        {
            "customer_id": ["C2", "C2", "C4"],
            "promised_on": ["2026-10-01", "2026-10-20", "2026-04-20"],
            "pay_by": ["2026-10-10", "2026-11-05", "2026-04-30"],
            "amount": [500.0, 500.0, 100.0],
            "invoice_id": [None, None, "I4"],
            "note": ["phone", None, "call"],
        }
    )
    book = _book(promises)
    assert "promises" not in rc.worklist(_book(), "2026-10-31").columns  # no table, no promise columns
    w = rc.worklist(book, "2026-10-31")
    assert list(w.index) == ["C1", "C4", "C2"]  # C3 is not overdue
    # C1: 800 in d181_365 (weight 5); C4: 700 in d181_365; C2: 500 in d31_60 (weight 2)
    assert w["priority"].tolist() == [4000.0, 3500.0, 1000.0]
    assert w["rank"].tolist() == [1, 1, 2]
    assert w.loc["C1", "contact_name"] == "Zhou"  # the finance contact first
    no_contact = [c for c in w.index if c not in set(book.contacts["customer_id"])]
    assert no_contact and all(pd.isna(w.loc[c, "contact_name"]) for c in no_contact)  # empty, never the text "nan"
    assert w.loc["C1", "last_payment"] == pd.Timestamp("2026-02-01")
    assert w.loc["C2", "promises"] == 2 and w.loc["C2", "broken_promises"] == 1
    assert w.loc["C2", "pending_promises"] == 1 and w.loc["C2", "last_promise_status"] == "pending"
    assert w.loc["C4", "kept_promises"] == 1 and w.loc["C4", "last_promise_paid"] == 100.0
    assert w.loc["C1", "promises"] == 0 and pd.isna(w.loc["C1", "last_promise_status"])
    assert list(w.columns[-len(rc.PROMISE_COLUMNS) :]) == list(rc.PROMISE_COLUMNS)
    # the same from a mapping of DataFrames
    frames = {name: book.table(name) for name in book.tables}
    assert_frame_equal(rc.worklist(frames, "2026-10-31"), w)
    view = rc.worklist_view(w)
    assert list(view.columns) == list(rc.WORKLIST_VIEW)
    assert list(rc.worklist_view(rc.worklist(_book(), "2026-10-31")).columns) == [
        c for c in rc.WORKLIST_VIEW if c not in rc.PROMISE_COLUMNS
    ]

    w = w.assign(recovery_margin=[0.2339] + [float("nan")] * (len(w) - 1))  # the margin a debt is earned back at
    path = worklist_workbook(w, tmp_path / "worklists.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Li", "Wang"]
    ws = wb["Li"]
    names = {  # headers as a reader reads them (money with its currency)
        f(c): c for c in ["customer_id", *w.columns] for f in (labels.column, labels.money_column)
    }
    header = [names.get(c.value, c.value) for c in ws[1]]
    assert header[0] == "customer_id" and ws["A1"].value == labels.column("customer_id")
    name_col = header.index("name") + 1
    name = ws.cell(2, name_col)  # formula-like text is stored as quote-prefixed text, shown as typed
    assert name.value == '=HYPERLINK("x")' and name.data_type == "s" and name.quotePrefix
    phone = ws.cell(2, header.index("contact_phone") + 1)
    assert phone.value == "-2" and phone.quotePrefix
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    prio = ws.cell(2, header.index("priority") + 1)
    assert prio.value == 4000.0 and prio.number_format == "#,##0"  # money whole, as the pages show it
    # frozen: the header row, and the columns up to the customer's name
    assert ws.freeze_panes == f"{ws.cell(1, name_col + 1).column_letter}2" and ws.auto_filter.ref.startswith("A1:")
    # the promise columns reach the workbook: C2 is Li's second row
    assert ws.cell(3, header.index("last_promise_status") + 1).value == labels.cell("last_promise_status", "pending")
    assert ws.cell(3, header.index("promises") + 1).value == 2
    paid = wb["Wang"].cell(2, header.index("last_promise_paid") + 1)
    assert paid.value == 100.0 and paid.number_format == "#,##0"
    assert wb["Wang"].cell(2, header.index("last_promise_pay_by") + 1).is_date
    margin = wb[str(w["account_manager"].iloc[0])].cell(2, header.index("recovery_margin") + 1)
    assert margin.value == 0.2339 and "%" in margin.number_format  # 23.4 %, not 0.23


def test_collection_performance():
    book = _book()
    perf = rc.collection_performance(book, "2026-09-30")
    # Li: C1 800 overdue + C2 500 falling due in September; nothing collected
    assert perf.loc["Li", "collectible"] == 1300.0 and perf.loc["Li", "collected"] == 0.0
    assert perf.loc["Li", "target"] == 1170.0 and perf.loc["Li", "achievement"] == 0.0
    oct_ = rc.collection_performance(book, "2026-04-30", {"receivables": {"collection_target_share": 0.5}})
    # Wang in April: C4 800 due 03-31, 100 received
    assert oct_.loc["Wang", "collectible"] == 800.0 and oct_.loc["Wang", "collected"] == 100.0
    assert oct_.loc["Wang", "achievement"] == pytest.approx(100 / 400)
    assert oct_.loc["Wang", "collection_rate"] == pytest.approx(100 / 800)
    assert pd.isna(oct_.loc["Wang", "collection_rate_reason"])
    # a customer pays early: nothing fell due in the month, so no rate, with the reason
    early = rc.collection_performance(
        {
            "customers": MANAGERS,
            "invoices": inv(("I1", "C1", "2026-10-20", "2026-11-19", 100.0)),
            "payments": pay(("P1", "C1", "2026-10-25", 40.0, "I1")),
        },
        "2026-10-31",
    )
    assert early.loc["Li", ["collectible", "collected", "target"]].tolist() == [0.0, 40.0, 0.0]
    assert np.isnan(early.loc["Li", "collection_rate"])
    assert early.loc["Li", "collection_rate_reason"] == "nothing fell due in the month"
    assert early.loc["Li", "achievement_reason"] == "no collection target"


def test_receivables_to_assets():
    r = rc.receivables_to_assets(_book(), "2026-10-31")
    assert r.loc["C1", "total_assets"] == 8000.0 and r.loc["C1", "share"] == 0.1
    assert np.isnan(r.loc["C2", "share"]) and r.loc["C2", "share_reason"] == "no total assets"
    assert r.loc["C3", "share_reason"] == "no financial statement"
    assert r.index[0] == "C1"


def test_plots(small):
    ag = rc.aging(small, SAMPLE_AS_OF)
    ax = kt.plots.aging_stack(ag, top=5)
    assert ax.get_title() == "Receivables by age" and ax.get_ylabel() == "Open receivables (CNY)"
    assert len(ax.get_xticklabels()) == 6
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == pytest.approx(ag[BUCKETS].to_numpy().sum())
    plt.close(ax.figure)
    managers = small.customers.set_index("customer_id")["account_manager"]
    ax = kt.plots.aging_stack(ag, group=managers)
    assert ax.get_xlabel() == "Account manager"
    plt.close(ax.figure)
    trend = rc.monthly_trend(small, "2026-10", months=6)
    ax = kt.plots.dso_cei_trend(trend)
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx(trend["dso"].tolist())
    assert list(ax.right_ax.get_lines()[0].get_ydata()) == pytest.approx(trend["cei"].tolist())
    plt.close(ax.figure)


def test_worklist_priority_reads_as_a_score_and_rank_as_an_order():
    """The worklist's priority is overdue × age weight, not money: its header says so and it has no
    decimals; the rank says that 1 is called first."""
    from kamtools.output import labels

    assert labels.column("priority", "zh") == "优先级分数（逾期额×账龄权重）"
    assert labels.column("priority", "en") == "Priority score (overdue × age weight)"
    assert labels.column("rank", "zh") == "顺序（1 = 最先）"
    assert labels.column("rank", "en") == "Rank (1 = first)"


def test_the_trend_splits_what_disputes_hold_at_each_month_end_by_hand():
    # C1: I1 1000 due 07-31; I2 500 due 09-30, corrected by a credit note of 100 (09-15) and paid 150 (10-10);
    # 600 unapplied (08-20) settles I1 first (open 400). Disputes on I1: 300 (07-15 to 09-10), 250 (from 08-05);
    # on I2: 450 (from 09-01). C2: 800 due 07-31, no dispute. C3: 200 due 06-30, its dispute closed 07-20.
    invoices = inv(
        ("I1", "C1", "2026-07-01", "2026-07-31", 1000.0),
        ("I2", "C1", "2026-08-10", "2026-09-30", 500.0),
        ("I4", "C2", "2026-07-01", "2026-07-31", 800.0),
        ("I5", "C3", "2026-06-01", "2026-06-30", 200.0),
    )
    note = inv(("I3", "C1", "2026-09-15", "2026-09-15", -100.0)).assign(corrects_invoice_id="I2")
    payments = pay(("P1", "C1", "2026-08-20", 600.0, None), ("P2", "C1", "2026-10-10", 150.0, "I2"))
    disputes = pd.DataFrame(
        {
            "invoice_id": ["I1", "I1", "I2", "I5"],
            "amount": [300.0, 250.0, 450.0, 200.0],
            "reason": ["price", "quality", "quantity", "price"],
            "opened_on": ["2026-07-15", "2026-08-05", "2026-09-01", "2026-06-05"],
            "closed_on": ["2026-09-10", None, None, "2026-07-20"],
        }
    )
    data = {"invoices": pd.concat([invoices, note], ignore_index=True), "payments": payments, "disputes": disputes}
    trend = rc.monthly_trend(data, "2026-10", months=4)
    # Jul: D1 300 on I1 (due that day: not yet due). Aug: I1 open 400 past due holds D1 300, then D2 100.
    # Sep: D2 250 on I1 past due; D3 on I2 (open 400, due that day) 400 not yet due. Oct: D2 250, D3 250 (I2 open 250).
    assert trend["receivables"].tolist() == [2000.0, 1900.0, 1800.0, 1650.0]
    assert trend["disputed"].tolist() == [300.0, 400.0, 650.0, 500.0]
    assert trend["current"].tolist() == [1500.0, 500.0, 0.0, 0.0]
    assert trend["overdue"].tolist() == [200.0, 1000.0, 1150.0, 1150.0]


def test_the_worklist_names_a_contact_the_collector_can_call():
    # C1's finance contact has no phone: the worklist names the contact with one (the owner, Zhang), as a collector
    # can call only a number; a customer whose contacts have no phone keeps its finance contact
    book = _book()
    tables = {name: book.table(name) for name in book.tables}
    tables["contacts"] = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2", "C2"],
            "name": ["Zhang", "Zhou", "Wu", "Qian"],
            "role": ["owner", "财务经理", "buyer", "会计"],
            "phone": ["+86 10 1", None, None, None],
        }
    )
    w = rc.worklist(kt.KamData(tables), "2026-10-31")
    assert (w.loc["C1", "contact_name"], w.loc["C1", "contact_phone"]) == ("Zhang", "+86 10 1")
    assert w.loc["C2", "contact_name"] == "Qian" and pd.isna(w.loc["C2", "contact_phone"])

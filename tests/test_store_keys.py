"""The customer keys and purchase days of a store (kamtools.store_keys): written by the import and by
every store write, made as views for data built from DataFrames and for a store written before them,
and the facts that read them equal on all three."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

import kamtools as kt
from kamtools import facts, portfolio
from kamtools import receivables as rv
from kamtools import segments as sg
from kamtools.ingest import import_source
from kamtools.store import KamData

AS_OF = "2026-10-31"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("keys")
    data = kt.sample_data(customers=40, years=2, seed=5)
    src = data.to_csv(tmp / "src")
    db = tmp / "kam.duckdb"
    import_source(src, db)
    # a store as an earlier version wrote it: the same tables without the derived ones
    old = tmp / "old.duckdb"
    shutil.copy(db, old)
    con = duckdb.connect(str(old))
    con.execute("drop table purchase_days")
    con.execute("drop table customer_keys")
    con.execute("checkpoint")
    con.close()
    return data, db, old


def _stored(db, table: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select * from {table}").df()
    finally:
        con.close()


def test_the_import_numbers_every_customer_in_the_order_of_its_id(book):
    data, db, _ = book
    keys = _stored(db, "customer_keys").sort_values("customer_key")
    ids = sorted(data.customers["customer_id"].astype("str"))
    assert keys["customer_id"].tolist() == ids
    assert keys["customer_key"].tolist() == list(range(1, len(ids) + 1))


def test_the_import_writes_each_customers_purchase_days(book):
    data, db, _ = book
    keys = _stored(db, "customer_keys").set_index("customer_id")["customer_key"]
    inv = data.invoices.copy()
    inv["customer_key"] = inv["customer_id"].astype("str").map(keys)
    inv["purchase"] = (inv["amount"] > 0).astype("int64")
    inv["margin"] = inv["amount"] - inv["cost"]
    inv["discount"] = inv["discount"].fillna(0)
    expected = inv.groupby(["customer_key", "invoice_date"]).agg(
        amount=("amount", "sum"),
        margin=("margin", "sum"),
        discount=("discount", "sum"),
        purchases=("purchase", "sum"),
        invoices=("invoice_id", "count"),
    )
    days = _stored(db, "purchase_days").set_index(["customer_key", "invoice_date"]).sort_index()
    assert len(days) == len(expected) < len(inv)  # some customers buy twice on a day
    assert days.index.equals(expected.index)
    for col in ("amount", "margin", "discount"):
        assert (days[col].astype("float64") - expected[col]).abs().max() < 0.005, col
    assert days[["purchases", "invoices"]].astype("int64").equals(expected[["purchases", "invoices"]])
    # in day order, so a period's query reads only its row groups
    stored = _stored(db, "purchase_days")
    assert stored["invoice_date"].is_monotonic_increasing


def _results(data: KamData) -> dict[str, pd.DataFrame]:
    return {
        "rfm": sg.rfm(data, AS_OF),
        "facts": sg.customer_facts(data, AS_OF),
        "lifecycle": sg.lifecycle_history(data, AS_OF, months=3),
        "counts": portfolio.customer_counts(data, AS_OF),
    }


def test_a_store_written_before_the_keys_gives_the_same_results(book):
    data, db, old = book
    before = old.read_bytes()
    new_store, old_store = KamData(db=db), KamData(db=old)
    try:
        assert "purchase_days" not in old_store.tables and "customer_keys" not in old_store.tables
        new, earlier = _results(new_store), _results(old_store)
        in_memory = _results(data)
    finally:
        new_store.close()
        old_store.close()
    assert old.read_bytes() == before  # read, never changed
    assert new["rfm"]["r_score"].notna().sum() > 10
    for name in new:
        pd.testing.assert_frame_equal(earlier[name], new[name], check_exact=True, obj=name)
        pd.testing.assert_frame_equal(in_memory[name], new[name], check_exact=True, obj=name)


def test_data_from_an_invoices_table_alone_numbers_its_customers():
    inv = pd.DataFrame(
        {
            "invoice_id": ["1", "2", "3"],
            "customer_id": ["B", "A", "B"],
            "invoice_date": ["2026-10-01", "2026-10-02", "2026-10-01"],
            "due_date": ["2026-11-01"] * 3,
            "amount": [10.0, 20.0, -4.0],
            "cost": [5.0, 10.0, 0.0],
        }
    )
    data = facts.source(invoices=inv)
    keys = data.sql("select customer_key, customer_id from customer_keys order by customer_key")
    assert keys.values.tolist() == [[1, "A"], [2, "B"]]
    days = data.sql("select * from purchase_days order by customer_key")
    assert days[["customer_key", "amount", "margin", "purchases", "invoices"]].values.tolist() == [
        [1, 20.0, 10.0, 1, 1],
        [2, 6.0, 1.0, 1, 2],
    ]


def test_a_store_saved_from_frames_holds_the_keys(tmp_path):
    data = kt.sample_data(customers=8, years=1, seed=2)
    db = data.save(tmp_path / "kam.duckdb")
    keys = _stored(db, "customer_keys")
    assert sorted(keys["customer_id"]) == sorted(data.customers["customer_id"].astype("str"))
    assert int(_stored(db, "purchase_days")["invoices"].sum()) == len(data.invoices)


def test_invoices_without_a_discount_column_still_give_purchase_days():
    inv = pd.DataFrame(
        {
            "invoice_id": ["1", "2"],
            "customer_id": ["A", "A"],
            "invoice_date": pd.to_datetime(["2026-10-01", "2026-10-01"]),
            "amount": [10.0, 5.0],
            "cost": [4.0, 1.0],
        }
    )
    data = KamData({"invoices": inv})  # as given: no discount, no due date
    days = data.sql("select amount, margin, discount, purchases, invoices from purchase_days")
    assert days.values.tolist() == [[15.0, 10.0, 0.0, 2, 2]]
    assert sg.rfm(data, AS_OF).loc["A", "frequency"] == 1


def test_a_payment_of_a_customer_named_nowhere_else_gets_a_key_and_counts_in_the_monthly_facts():
    """Data given as frames is not checked: a payment may name a customer without invoices or a row in
    the customers table. It gets a key, and the monthly receivables (grouped by the key) keep it as
    that customer's unapplied credit, as the settlement does."""
    inv = pd.DataFrame(
        {
            "invoice_id": ["1"],
            "customer_id": ["A"],
            "invoice_date": ["2026-09-01"],
            "due_date": ["2026-10-01"],
            "amount": [100.0],
        }
    )
    pay = pd.DataFrame(
        {
            "payment_id": ["P1", "P2"],
            "customer_id": ["A", "Z"],
            "payment_date": ["2026-09-20", "2026-10-05"],
            "amount": [40.0, 25.0],
            "invoice_id": ["1", None],
        }
    )
    data = facts.source(invoices=inv, payments=pay)
    keys = data.sql("select customer_key, customer_id from customer_keys order by customer_key")
    assert keys.values.tolist() == [[1, "A"], [2, "Z"]]
    monthly = facts.query(data, "receivables_monthly", as_of="2026-10-31", months=2, days=90, late_days=0)
    now = monthly[monthly["k"] == 0].set_index("customer_id")
    assert now.loc["A", "receivables"] == 60.0
    assert now.loc["Z", "unapplied_credit"] == 25.0 and now.loc["Z", "collected"] == 25.0
    assert rv.unapplied_credit(data, None, "2026-10-31")["unapplied_credit"].to_dict() == {"Z": 25.0}

"""Every facts query runs on Spark SQL (local mode) through the adapter, with DuckDB's results.

Optional: skipped when pyspark or a Java runtime is missing (pyspark is in no dependency list
of the lock; ``pip install pyspark`` or the ``spark`` extra adds it). A small hand-made book
is written to a DuckDB store, its tables are registered as views of a Spark session in the
store's column types (:meth:`kamtools.facts.SparkEngine.register`), and each query of
``kamtools/sql`` runs with ``facts.query(..., engine=SparkEngine(spark))`` and on the store
with DuckDB: the same rows, columns and kinds of column must come back. Every query gives rows
on this book, so no comparison holds by being empty, and a few values are worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pandas as pd
import pytest

pyspark = pytest.importorskip("pyspark")
if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
    pytest.skip("pyspark needs a Java runtime", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

from kamtools import facts  # noqa: E402
from kamtools.receivables import ledger_sql, ledger_sql_per_customer  # noqa: E402
from kamtools.schema import conform  # noqa: E402
from kamtools.store import KamData  # noqa: E402

D = dt.date
AS_OF = D(2026, 10, 31)
YEAR_AGO = D(2025, 10, 31)
EDGES = {f"e{k}": e for k, e in enumerate([30, 60, 90, 120, 180, 365] + [10**6 + k for k in range(6)], start=1)}


def _frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


# A small book: C1 buys often (a credit note correcting an invoice, a payment dated before its
# invoice, a promise kept), C2 pays into its pool and overpays an invoice (a promise broken), C3 has
# an overdue invoice under dispute (a promise pending), C4 holds only a credit note (unapplied credit).
# Products: C1 buys bearings (a credit note on one), motors and an invoice naming no product; C3 (the same
# industry as C1) buys seals; C2 buys a product the products table does not list; C4's credit note names a
# product of no family.
BOOK = {
    "customers": _frame(
        "customer_id name industry region account_manager relationship_state founded_on",
        [
            ("C1", "华东机械", "machinery", "east", "Zhang", "cooperative", D(2010, 2, 14)),
            ("C2", "Beta Foods", "food", "north", "Li", "transactional", D(2001, 10, 3)),
            ("C3", "Gamma Tools", "machinery", "south", "Zhang", "partnership", None),
            ("C4", "Delta Parts", "parts", "west", "Li", None, D(2020, 5, 1)),
        ],
    ),
    "invoices": _frame(
        "invoice_id customer_id invoice_date due_date amount cost discount corrects_invoice_id product",
        [
            ("I1", "C1", D(2026, 10, 1), D(2026, 10, 31), 100.0, 60.0, None, None, "B1"),
            ("I2", "C1", D(2026, 10, 1), D(2026, 10, 31), 50.0, 30.0, 5.0, None, "M1"),
            ("I3", "C1", D(2026, 9, 15), D(2026, 10, 15), 200.0, 120.0, None, None, "B2"),
            ("I4", "C1", D(2026, 3, 2), D(2026, 4, 1), 300.0, 200.0, 10.0, None, None),
            ("I5", "C1", D(2026, 10, 5), D(2026, 10, 5), -20.0, 0.0, None, "I3", "B2"),
            ("I6", "C2", D(2026, 6, 30), D(2026, 7, 30), 1000.0, 700.0, None, None, "X9"),
            ("I9", "C2", D(2026, 11, 3), D(2026, 12, 3), 999.0, 500.0, None, None, "M1"),
            ("I10", "C2", D(2025, 8, 20), D(2025, 9, 19), 400.0, 250.0, None, None, "B1"),
            ("I7", "C3", D(2025, 1, 10), D(2025, 2, 9), 80.0, 50.0, None, None, "S1"),
            ("I11", "C3", D(2026, 8, 10), D(2026, 9, 9), 500.0, 300.0, None, None, "S1"),
            ("I8", "C4", D(2026, 8, 1), D(2026, 8, 1), -5.0, 0.0, None, None, "Z1"),
        ],
    ),
    "payments": _frame(
        "payment_id customer_id payment_date amount invoice_id",
        [
            ("P1", "C1", D(2026, 10, 20), 150.0, "I3"),
            ("P5", "C1", D(2026, 2, 1), 50.0, "I4"),
            ("P2", "C2", D(2026, 8, 15), 600.0, None),
            ("P3", "C2", D(2026, 9, 30), 500.0, "I6"),
            ("P6", "C2", D(2025, 9, 10), 400.0, "I10"),
            ("P4", "C3", D(2025, 2, 1), 80.0, "I7"),
        ],
    ),
    "activities": _frame(
        "activity_id customer_id lead_id date type account_manager hours outcome next_step",
        [
            ("A1", "C1", None, D(2026, 10, 10), "visit", "Zhang", 2.0, None, None),
            ("A2", "C1", None, D(2026, 9, 1), "call", "Zhang", 0.5, "promised", "send the statement"),
            ("A3", "C1", None, D(2026, 10, 12), "call", "Zhang", 0.25, "no_answer", None),
            ("A4", "C2", None, D(2026, 5, 5), "visit", "Li", 3.0, None, None),
            ("A5", None, "L1", D(2026, 7, 7), "visit", "Li", 1.5, None, None),
            ("A6", "C3", None, D(2025, 12, 1), "meeting", "Zhang", 1.0, None, None),
        ],
    ),
    "contacts": _frame(
        "customer_id name role birthday",
        [
            ("C1", "王芳", "buyer", D(1980, 2, 29)),
            ("C2", "Li Wei", "owner", D(1975, 10, 12)),
            ("C2", "Zhou Min", "finance", D(1990, 2, 3)),
        ],
    ),
    "contracts": _frame(
        "contract_id customer_id start_date end_date renewal_notice_days contract_value",
        [
            ("K1", "C1", D(2025, 3, 1), D(2026, 11, 30), 60, 10000.0),
            ("K2", "C2", D(2024, 1, 1), D(2026, 12, 31), None, 5000.0),
            ("K3", "C2", D(2027, 1, 1), D(2027, 12, 31), None, 6000.0),
            ("K4", "C3", D(2025, 6, 1), D(2026, 12, 15), 120, 2500.0),
        ],
    ),
    "credit_limits": _frame(
        "customer_id credit_limit approved_by approved_on",
        [
            ("C1", 50000.0, "Zhao", D(2026, 10, 10)),
            ("C2", 20000.0, "Zhao", D(2025, 1, 5)),
            ("C3", 1000.0, "Qian", D(2026, 9, 20)),
        ],
    ),
    "promises": _frame(
        "customer_id promised_on pay_by amount invoice_id note",
        [
            ("C1", D(2026, 10, 1), D(2026, 10, 25), 150.0, "I3", "by transfer"),
            ("C2", D(2026, 9, 1), D(2026, 9, 20), 300.0, None, None),
            ("C3", D(2026, 10, 28), D(2026, 11, 5), 100.0, "I11", None),
        ],
    ),
    "disputes": _frame(
        "invoice_id amount reason opened_on closed_on owner",
        [
            ("I11", 200.0, "quality", D(2026, 9, 15), None, "Sun"),
            ("I6", 100.0, "price", D(2026, 7, 1), D(2026, 8, 1), "Sun"),
        ],
    ),
    "relationships": _frame(
        "customer_id date relationship_state relationship_quality note recorded_by",
        [
            ("C1", D(2026, 2, 10), "transactional", None, None, "Zhang"),
            ("C1", D(2026, 6, 5), "cooperative", "win_win", "joint plan", "Zhang"),
            ("C2", D(2026, 3, 1), "partnership", None, None, "Li"),
            ("C2", D(2026, 9, 1), "strained", "conflict", "late deliveries", "Li"),
        ],
    ),
    "products": _frame(
        "product family family_zh product_name product_name_zh",
        [
            ("B1", "Bearings", "轴承", "Ball bearing", "滚珠轴承"),
            ("B2", "Bearings", "轴承", "Roller bearing", None),
            ("M1", "Motors", None, "Motor", "电机"),
            ("S1", "Seals", "密封件", None, None),
            ("Z1", None, None, "Sample kit", None),
        ],
    ),
    "wallet_estimates": _frame(
        "customer_id family wallet_estimate estimated_on",
        [("C1", "Bearings", 1000.0, D(2026, 9, 1)), ("C3", "Motors", 400.0, None)],
    ),
    "snapshots": _frame(
        "customer_id period tier value_score composite grade score credit_limit stage status written_on",
        [
            ("C1", "2026-09", "key", 80.0, 75.5, "A", 82.0, 50000.0, "growth", "active", D(2026, 10, 2)),
            ("C2", "2026-09", "develop", 55.0, 50.0, "B", 64.0, 20000.0, "mature", "active", D(2026, 10, 2)),
            ("C2", "2026-08", "develop", 50.0, 48.0, "B", 60.0, 20000.0, "mature", "active", D(2026, 9, 2)),
        ],
    ),
}

#: The product mix's last 12 months, and the cross-sell list of the key accounts C1 and C3 (one industry).
WINDOW = {"as_of": AS_OF, "start": YEAR_AGO}
CROSS_SELL = {**WINDOW, "customer_ids": ("C1", "C3"), "tier": "key", "min_peers": 1, "min_share": 0.5}

#: Every facts query with parameters for the book above. The ledger summaries run behind the
#: settlement's CTEs, the approval's arrears behind each customer's cutoff, and the product mix and
#: cross-sell list after the product families (the products table's or each product its own), as the
#: workbook runs them.
CASES: dict[str, tuple[str, dict]] = {
    "calendar_birthdays": ("calendar_birthdays", {"start": D(2026, 2, 1)}),
    "calendar_founding": ("calendar_founding", {"start": D(2026, 2, 1)}),
    "calendar_last_visits": ("calendar_last_visits", {"as_of": AS_OF, "since": YEAR_AGO}),
    "calendar_renewals": ("calendar_renewals", {"start": D(2026, 9, 1), "stop": D(2026, 10, 31), "notice_days": 90}),
    "credit_approval_arrears": ("", {"as_of": AS_OF, "hold_days": 10}),
    "credit_purchases": ("credit_purchases", {"start": YEAR_AGO, "as_of": AS_OF, "peak_months": 3}),
    "portfolio_activities": ("portfolio_activities", {"customer_id": "C1", "start": YEAR_AGO, "as_of": AS_OF}),
    "portfolio_monthly": ("portfolio_monthly", {"first": D(2025, 8, 1), "last": AS_OF, "customer_id": ""}),
    "portfolio_monthly_one": ("portfolio_monthly", {"first": D(2025, 8, 1), "last": AS_OF, "customer_id": "C1"}),
    "portfolio_purchase_dates": (
        "portfolio_purchase_dates",
        {"d0": AS_OF, "d1": D(2026, 9, 30), "d2": D(2026, 8, 31), "d12": YEAR_AGO, "d13": D(2025, 9, 30)},
    ),
    "portfolio_totals": ("portfolio_totals", {"first": D(2025, 11, 1), "last": AS_OF, "customer_id": ""}),
    "receivables_aging": ("ledger:receivables_aging", {"as_of": AS_OF, **EDGES}),
    "receivables_aging_invoice": ("ledger:receivables_aging_invoice", {"as_of": AS_OF, **EDGES}),
    "receivables_disputed_held": (
        "per:receivables_disputed_points+receivables_disputed_held",
        {"first": D(2026, 7, 31), "last": AS_OF, "as_of": AS_OF},
    ),
    "receivables_disputes": ("receivables_disputes", {"as_of": AS_OF}),
    "receivables_last_activity": ("receivables_last_activity", {"as_of": AS_OF}),
    "receivables_last_call": ("receivables_last_call", {"as_of": AS_OF}),
    "receivables_last_contact": ("receivables_last_contact", {"as_of": AS_OF}),
    "receivables_last_dates": ("receivables_last_dates", {"as_of": AS_OF}),
    "receivables_margin": ("receivables_margin", {"start": YEAR_AGO, "end": AS_OF}),
    "receivables_month_flows": ("receivables_month_flows", {"start": D(2026, 10, 1), "end": AS_OF}),
    "receivables_monthly": ("receivables_monthly", {"as_of": AS_OF, "months": 24, "days": 90, "late_days": 0}),
    "receivables_monthly_late": ("receivables_monthly", {"as_of": AS_OF, "months": 3, "days": 30, "late_days": 30}),
    "receivables_open_due": ("ledger:receivables_open_due", {"as_of": D(2026, 9, 30), "due_by": AS_OF}),
    "receivables_origin_year": ("ledger:receivables_origin_year", {"as_of": AS_OF}),
    "receivables_promises": ("receivables_promises", {"as_of": AS_OF}),
    "receivables_settle": ("receivables_settle", {"as_of": AS_OF}),
    "receivables_statement": ("receivables_statement", {"customer_id": "C1", "period_end": AS_OF}),
    "segments_customer_facts": (
        "segments_customer_facts",
        {"as_of": AS_OF, "start": YEAR_AGO, "prev_start": D(2024, 10, 31)},
    ),
    "segments_hours": ("segments_hours", {"as_of": AS_OF, "start": YEAR_AGO}),
    "segments_lead_hours": ("segments_lead_hours", {"as_of": AS_OF, "start": YEAR_AGO}),
    "segments_relationship_history": ("segments_relationship_history", {"as_of": AS_OF}),
    "segments_relationship_monthly": (
        "segments_relationship_monthly",
        {"first_month": D(2026, 1, 1), "last_month": D(2026, 10, 1)},
    ),
    "segments_product_families": ("segments_product_families", {}),
    "segments_product_families_plain": ("segments_product_families_plain", {}),
    "segments_product_mix": ("families:segments_product_families+segments_product_mix", WINDOW),
    "segments_product_mix_plain": ("families:segments_product_families_plain+segments_product_mix", WINDOW),
    "segments_cross_sell": ("families:segments_product_families+segments_cross_sell", CROSS_SELL),
    "segments_rfm": ("segments_rfm", {"as_of": AS_OF, "start": YEAR_AGO, "levels": 5}),
    "segments_snapshot": ("segments_snapshot", {"period": "2026-09"}),
    "store_customer_keys": ("store_customer_keys", {}),
    "store_purchase_days": ("store_purchase_days", {}),
}


def _text(case: str) -> tuple[str, str]:
    """The query text of a case and the name it runs under."""
    name, _ = CASES[case]
    if name.startswith("ledger:"):
        return ledger_sql(name.removeprefix("ledger:")), name.removeprefix("ledger:")
    if name.startswith("per:"):  # each customer's documents at each month end, then the settlement, then the sum
        prefix, body = name.removeprefix("per:").split("+")
        return ledger_sql_per_customer(facts.sql_text(prefix), facts.sql_text(body)), body
    if name.startswith("families:"):  # as kamtools.segments.product_mix runs them (named by the case: the
        families, body = name.removeprefix("families:").split("+")  # store keeps a result by name)
        return f"with product_families as (\n{facts.sql_text(families)}\n)\n{facts.sql_text(body)}", case
    if not name:  # the arrears at each customer's approval: the cutoff, then the settlement
        prefix = facts.sql_text("credit_approval_cutoff")
        return ledger_sql_per_customer(prefix, facts.sql_text("credit_approval_arrears")), case
    return facts.sql_text(name), name


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[1]")
        .appName("kamtools-facts-on-spark")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    frames = {name: conform(df, name) for name, df in BOOK.items()}
    db = KamData(frames).save(tmp_path_factory.mktemp("spark") / "book.duckdb")
    data = KamData(db=db)
    yield data
    data.close()


@pytest.fixture(scope="module")
def engine(spark, store):
    eng = facts.SparkEngine(spark.newSession())
    assert sorted(eng.register(store)) == sorted(BOOK)
    return eng


def _normal(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order, money to the cent, dates as dates: the same result reads the same."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(6)
    out = out.astype("object").where(out.notna(), None)
    keys = [str(c) for c in out.columns]
    return out.sort_values(keys, key=lambda s: s.map(repr)).reset_index(drop=True)


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "text"


def test_every_facts_query_has_a_case():
    joined = ("per:", "families:")  # cases made of two queries, "prefix:first+second"
    used = {name.removeprefix("ledger:") for name, _ in CASES.values() if name and not name.startswith(joined)}
    used |= {n for name, _ in CASES.values() if name.startswith(joined) for n in name.split(":")[1].split("+")}
    used |= {"credit_approval_cutoff", "credit_approval_arrears", "receivables_settle"}
    assert used == {p.stem for p in facts.SQL_DIR.glob("*.sql")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_facts_query_on_spark_equals_duckdb(engine, store, case):
    text, name = _text(case)
    params = CASES[case][1]
    on_duckdb = facts.query_text(store, text, name, **params)
    on_spark = facts.query_text(None, text, name, engine=engine, **params)
    assert len(on_duckdb) > 0, "the book must give rows for a comparison that can fail"
    assert list(on_spark.columns) == list(on_duckdb.columns)
    assert {c: _kind(on_spark[c]) for c in on_spark} == {c: _kind(on_duckdb[c]) for c in on_duckdb}
    pd.testing.assert_frame_equal(_normal(on_spark), _normal(on_duckdb), check_dtype=False)


def test_spark_answers_worked_out_by_hand(engine):
    # the ledger at 31 Oct: I3 (200) less its credit note (20) and P1 (150) leaves 30, 16 days late
    ledger = engine.query("receivables_settle", as_of=AS_OF).set_index("invoice_id", drop=False)
    assert ledger.loc["I3", "open_amount"] == 30.0
    assert ledger.loc["I3", "days_past_due"] == 16
    # C2: I6 (1000) settled by P3 (500) and the pool P2 (600): 100 of unapplied credit; C4's credit note 5
    credit = ledger[ledger["kind"] == "credit"].set_index("customer_id")["open_amount"]
    assert credit.to_dict() == {"C2": 100.0, "C4": 5.0}
    # a 29 February birthday falls on 28 February 2026
    birthdays = engine.query("calendar_birthdays", start=D(2026, 2, 1))
    assert birthdays[["customer_id", "date"]].values.tolist() == [
        ["C2", pd.Timestamp("2026-02-03")],
        ["C1", pd.Timestamp("2026-02-28")],
    ]
    # ten month ends from January to October; C1 unrecorded in January, C3 and C4 keep the customers column
    months = engine.query("segments_relationship_monthly", first_month=D(2026, 1, 1), last_month=D(2026, 10, 1))
    assert months["month_end"].nunique() == 10
    jan = months[months["month_end"] == pd.Timestamp("2026-01-31")].set_index("relationship_state")["customers"]
    assert jan.to_dict() == {"partnership": 1, "unrecorded": 3}
    # the customers column is used only for customers without records: C3 partnership, C4 none
    assert jan.sum() == 4


def test_customer_keys_and_purchase_days_on_spark_worked_out_by_hand(engine):
    keys = engine.query("store_customer_keys").sort_values("customer_key")
    assert keys[["customer_key", "customer_id"]].values.tolist() == [[1, "C1"], [2, "C2"], [3, "C3"], [4, "C4"]]
    days = engine.query("store_purchase_days").set_index(["customer_key", "invoice_date"]).sort_index()
    # C1 on 1 October: I1 (100, cost 60) and I2 (50, cost 30, discount 5), two purchases
    oct1 = days.loc[(1, pd.Timestamp("2026-10-01"))]
    assert [oct1["amount"], oct1["margin"], oct1["discount"], oct1["purchases"], oct1["invoices"]] == [150, 60, 5, 2, 2]
    # C1 on 5 October: the credit note alone, no purchase; C4's credit note likewise
    assert days.loc[(1, pd.Timestamp("2026-10-05")), "purchases"] == 0
    assert days.loc[4, "purchases"].tolist() == [0]
    assert len(days) == 10  # eleven invoices, two of them on one day of one customer


def test_product_mix_on_spark_worked_out_by_hand(engine):
    text, name = _text("segments_product_mix")
    mix = facts.query_text(None, text, name, engine=engine, **WINDOW)
    c1 = mix[mix["customer_id"] == "C1"].assign(family=lambda f: f["family"].fillna("-")).set_index("family")
    # bearings: I1 (100) and I3 (200) less the credit note I5 (20); I4 names no product
    assert c1["revenue_12m"].to_dict() == {"Bearings": 280.0, "Motors": 50.0, "-": 300.0}
    assert c1["invoices_12m"].to_dict() == {"Bearings": 3, "Motors": 1, "-": 1}
    # C3 (machinery, as C1) buys seals; C1 bearings and motors: each is offered what the other buys
    text, name = _text("segments_cross_sell")
    cross = facts.query_text(None, text, name, engine=engine, **CROSS_SELL)
    assert cross[["customer_id", "family", "cross_sell_rank", "peers", "peers_buying"]].values.tolist() == [
        ["C1", "Seals", 1, 1, 1],
        ["C3", "Bearings", 1, 1, 1],
        ["C3", "Motors", 2, 1, 1],
    ]
    assert cross["peer_typical_revenue"].tolist() == [500.0, 280.0, 50.0]


# customer A: purchases on 3 distinct days in the window (two invoices on one day), one credit note;
# B: one purchase in the window; C: bought only before the window; D: only a credit note (no purchase).
ROWS = [
    ("I1", "A", D(2026, 10, 1), D(2026, 10, 31), 100.0, 60.0),
    ("I2", "A", D(2026, 10, 1), D(2026, 10, 31), 50.0, 30.0),
    ("I3", "A", D(2026, 9, 15), D(2026, 10, 15), 200.0, 120.0),
    ("I4", "A", D(2026, 3, 2), D(2026, 4, 1), 300.0, 200.0),
    ("I5", "A", D(2026, 10, 5), D(2026, 10, 5), -20.0, 0.0),
    ("I6", "B", D(2026, 6, 30), D(2026, 7, 30), 1000.0, 700.0),
    ("I7", "C", D(2025, 1, 10), D(2025, 2, 9), 80.0, 50.0),
    ("I8", "D", D(2026, 8, 1), D(2026, 8, 1), -5.0, 0.0),
    ("I9", "B", D(2026, 11, 3), D(2026, 12, 3), 999.0, 500.0),  # after as_of: ignored
]
PARAMS = {"as_of": D(2026, 10, 31), "start": D(2025, 10, 31), "levels": 5}
COLUMNS = ["customer_id", "last_purchase", "frequency", "monetary", "r_score", "f_score", "m_score"]


def test_rfm_on_a_plain_spark_frame_worked_out_by_hand(spark):
    session = spark.newSession()  # its own views, apart from the book's
    schema = T.StructType(
        [
            T.StructField("invoice_id", T.StringType()),
            T.StructField("customer_id", T.StringType()),
            T.StructField("invoice_date", T.DateType()),
            T.StructField("due_date", T.DateType()),
            T.StructField("amount", T.DoubleType()),
            T.StructField("cost", T.DoubleType()),
        ]
    )
    session.createDataFrame(ROWS, schema).createOrReplaceTempView("invoices")
    engine = facts.SparkEngine(session)
    assert engine.derive() == ["customer_keys", "purchase_days"]  # from the invoices alone
    on_spark = engine.query("segments_rfm", **PARAMS)[COLUMNS]

    inv = pd.DataFrame(ROWS, columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount", "cost"])
    on_duckdb = facts.query(facts.source(invoices=inv), "segments_rfm", **PARAMS)[COLUMNS]

    pd.testing.assert_frame_equal(_normal(on_spark), _normal(on_duckdb), check_dtype=False)
    # and both are right: worked out by hand from ROWS
    a = on_spark.sort_values("customer_id").set_index("customer_id")
    assert list(a.index) == ["A", "B", "C"]  # D never bought
    assert a.loc["A", "last_purchase"] == pd.Timestamp("2026-10-01")
    assert a["frequency"].tolist() == [3, 1, 0]  # A: Oct 1 (two invoices), Sep 15, Mar 2
    assert a["monetary"].tolist() == [630.0, 1000.0, 0.0]  # A: 100 + 50 + 200 + 300 - 20
    assert a["r_score"].tolist() == [5, 3, 1]  # min(5, 1 + floor(5 * below / 2))

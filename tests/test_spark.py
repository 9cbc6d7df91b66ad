"""The facts SQL is portable: one facts query runs unchanged on Spark SQL (local mode).

Optional: skipped when pyspark is not installed (it is in no dependency list; a
company that outgrows one machine installs it on its cluster). The query text is
read with ``kamtools.facts.sql_text`` and handed to ``spark.sql`` as is, with its
``:name`` parameters, and the result must equal DuckDB's on the same rows.
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

D = dt.date
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


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[1]")
        .appName("kamtools-facts-portability")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


def _normal(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[COLUMNS].copy()
    out["customer_id"] = out["customer_id"].astype("str")
    out["last_purchase"] = pd.to_datetime(out["last_purchase"]).dt.date
    out["frequency"] = out["frequency"].astype("int64")
    out["monetary"] = out["monetary"].astype("float64").round(2)
    for col in ("r_score", "f_score", "m_score"):
        out[col] = out[col].astype("int64")
    return out.sort_values("customer_id").reset_index(drop=True)


def test_rfm_facts_query_runs_on_spark_like_on_duckdb(spark):
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
    spark.createDataFrame(ROWS, schema).createOrReplaceTempView("invoices")
    text = facts.sql_text("segments_rfm")
    rows = spark.sql(text, args=PARAMS).collect()  # plain rows: no pandas conversion inside Spark
    on_spark = _normal(pd.DataFrame([r.asDict() for r in rows]))

    inv = pd.DataFrame(ROWS, columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount", "cost"])
    on_duckdb = _normal(facts.query(facts.source(invoices=inv), "segments_rfm", **PARAMS))

    pd.testing.assert_frame_equal(on_spark, on_duckdb)
    # and both are right: worked out by hand from ROWS
    a = on_spark.set_index("customer_id")
    assert list(a.index) == ["A", "B", "C"]  # D never bought
    assert a.loc["A", "last_purchase"] == D(2026, 10, 1)
    assert a["frequency"].tolist() == [3, 1, 0]  # A: Oct 1 (two invoices), Sep 15, Mar 2
    assert a["monetary"].tolist() == [630.0, 1000.0, 0.0]  # A: 100 + 50 + 200 + 300 - 20
    assert a["r_score"].tolist() == [5, 3, 1]  # min(5, 1 + floor(5 * below / 2))

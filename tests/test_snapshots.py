"""Tests of the snapshots (kamtools.snapshots, kamtools.segments.history): computed, stored per period,
read back by the tier migration and the grade changes, kept by an import, and in the committed sample."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pandas as pd
import pandas.testing as pdt
import pytest

import kamtools as kt
from kamtools import cli, credit, facts, paths
from kamtools import segments as seg
from kamtools.ingest import import_source
from kamtools.report.snapshot_step import run_snapshot
from kamtools.schema import TABLES, conform
from kamtools.snapshots import SnapshotNotStored, snapshot, store_snapshot, write_snapshot
from kamtools.snapshots import write as snapshot_write

IDS = [f"C{i:02d}" for i in range(1, 11)]
TIERS = list(seg.TIER_ORDER) + [seg.NONE]


def _invoices() -> pd.DataFrame:
    """The same invoice every month for every customer: revenue, margin, growth and headroom tie, so the
    relationship alone decides which one customer (10 % of 10) is the key account."""
    days = pd.date_range("2024-10-01", "2026-10-01", freq="MS") + pd.Timedelta(days=14)
    rows = [(f"{c}-{d:%Y%m}", c, d, d + pd.Timedelta(days=30), 1000.0, 600.0) for c in IDS for d in days]
    return pd.DataFrame(rows, columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount", "cost"])


def _customers(best: str, strained: str | None = None) -> pd.DataFrame:
    """Ten customers alike but for the relationship: ``best`` a strategic alliance reaching the senior team,
    ``strained`` a strained one reaching operations only, the others transactional at operational level."""
    cust = pd.DataFrame(
        {
            "customer_id": IDS,
            "name": IDS,
            "industry": "Retail",
            "region": "East",
            "account_manager": "Li Na",
            "attractiveness": "medium",
            "relationship_state": "transactional",
            "relationship_level": "operational",
            "wallet_estimate": 20000.0,
        }
    )
    cust.loc[cust["customer_id"] == best, ["relationship_state", "relationship_level"]] = [
        "strategic_alliance",
        "senior_team",
    ]
    if strained:
        cust.loc[cust["customer_id"] == strained, "relationship_state"] = "strained"
    return cust


def _matrix(cells: dict[tuple[str, str], int]) -> pd.DataFrame:
    out = pd.DataFrame(0, index=pd.Index(TIERS, name="before"), columns=pd.Index(TIERS, name="after"))
    for (before, after), n in cells.items():
        out.loc[before, after] = n
    return out.astype("int64")


# --------------------------------------------------------------------------- the acceptance
def test_migration_from_snapshots_is_the_true_one_and_the_recomputed_one_differs():
    """In September C05 was the key account (a strategic alliance); in October its relationship soured and
    C07's became the alliance. Hand-computed truth: C05 key -> ordinary, C07 ordinary -> key, the other
    eight ordinary both months. Recomputing September from October's attributes makes C07 key in
    September too and shows no move at all."""
    inv = _invoices()
    september = facts.source(customers=_customers("C05"), invoices=inv)
    stored = snapshot(september, "2026-09", written_on=dt.date(2026, 10, 1))  # what `kam snapshot` kept then
    assert stored.set_index("customer_id")["tier"].to_dict() == {c: "key" if c == "C05" else "ordinary" for c in IDS}

    today = _customers("C07", strained="C05")
    recomputed = seg.tier_migration(facts.source(customers=today, invoices=inv), "2026-10-31", months=1)
    from_snapshot = seg.tier_migration(
        facts.source(customers=today, invoices=inv, snapshots=stored), "2026-10-31", months=1
    )

    truth = _matrix({("key", "ordinary"): 1, ("ordinary", "key"): 1, ("ordinary", "ordinary"): 8})
    pdt.assert_frame_equal(from_snapshot.matrix, truth)
    assert from_snapshot.movers["direction"].to_dict() == {"C07": "up", "C05": "down"}
    assert (from_snapshot.basis.stored, from_snapshot.basis.recomputed) == (10, 0)
    assert from_snapshot.basis.written_on == "2026-10-01"

    pdt.assert_frame_equal(recomputed.matrix, _matrix({("key", "key"): 1, ("ordinary", "ordinary"): 9}))
    assert recomputed.movers.empty and not recomputed.matrix.equals(truth)
    assert (recomputed.basis.stored, recomputed.basis.recomputed) == (0, 10)


def test_the_page_says_which_basis_in_both_languages():
    en, zh = seg.basis_text(seg.SnapshotBasis("2026-09", 0, 10))
    assert en.startswith("No snapshot of 2026-09 is stored") and "recomputed from today's attributes" in en
    assert zh.startswith("没有保存2026-09的月度快照") and "按当前属性" in zh
    en, zh = seg.basis_text(seg.SnapshotBasis("2026-09", 8, 2, "2026-10-01"))
    assert en == (
        "The tiers of 2026-09 are those of the snapshot stored on 2026-10-01 (8 customers); the 2 accounts not "
        "in it (leads, customers set up since) are recomputed from today's attributes."
    )
    assert (
        zh
        == "2026-09的层级取自2026-10-01保存的月度快照（8 家客户）；其余 2 家快照中没有的客户与线索按当前属性重新计算。"
    )


def test_a_snapshot_of_a_day_that_is_no_month_end_is_not_used():
    inv = _invoices()
    stored = snapshot(
        facts.source(customers=_customers("C05"), invoices=inv), "2026-09", written_on=dt.date(2026, 10, 1)
    )
    data = facts.source(customers=_customers("C07"), invoices=inv, snapshots=stored)
    assert seg.stored_snapshot(data, "2026-09-30") is not None
    assert seg.stored_snapshot(data, "2026-09-29") is None
    assert seg.tier_migration(data, "2026-10-29", months=1).basis.stored == 0


def test_grade_changes_read_the_stored_grades():
    """C01's grade in the September snapshot was BB (an override of then, say); recomputed now it has none
    (no statement, no assessment): the comparison counts it as downgraded from BB, not as graded anew."""
    inv = _invoices()
    stored = conform(
        pd.DataFrame(
            {
                "customer_id": ["C01", "C02"],
                "period": "2026-09",
                "tier": "ordinary",
                "grade": ["BB", "Z"],  # Z: a grade the policy no longer has is recomputed
                "score": [52.0, 10.0],
                "written_on": pd.Timestamp("2026-10-01"),
            }
        ),
        "snapshots",
    )
    data = facts.source(customers=_customers("C05"), invoices=inv, snapshots=stored)
    earlier, basis = credit.earlier_scores(data, "2026-09-30")
    assert earlier.loc["C01", "grade"] == "BB" and bool(earlier.loc["C01", "from_snapshot"])
    assert not earlier.loc["C02", "from_snapshot"] and earlier.loc["C02", "grade"] == "NR"
    assert (basis.stored, basis.recomputed) == (1, 9)
    now = pd.DataFrame({"score": [40.0], "grade": ["B"]}, index=pd.Index(["C01"], name="customer_id"))
    moved = credit.compare_grades(now, earlier)
    assert moved.loc["C01", ["previous_grade", "grade_move"]].tolist() == ["BB", "down"]


# --------------------------------------------------------------------------- the store
@pytest.fixture()
def store(tmp_path):
    data = kt.KamData(
        {
            "customers": conform(_customers("C05"), "customers"),
            "invoices": conform(_invoices(), "invoices"),
            **{
                name: conform(pd.DataFrame(), name)
                for name in kt.schema.REQUIRED_TABLES
                if name not in ("customers", "invoices")
            },
        }
    )
    return data.save(tmp_path / "kam.duckdb")


def _periods(db) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("select period, count(*) from snapshots group by 1 order by 1").fetchall())
    finally:
        con.close()


def test_storing_a_period_replaces_that_period_only(store):
    store_snapshot(store, "2026-09", today=dt.date(2026, 10, 1))
    store_snapshot(store, "2026-10", today=dt.date(2026, 11, 2))
    again = store_snapshot(store, "2026-09", today=dt.date(2026, 11, 3))
    assert _periods(store) == {"2026-09": 10, "2026-10": 10}
    data = kt.KamData(db=store)
    try:
        written = data.sql("select period, min(written_on) as w from snapshots group by 1 order by 1")
    finally:
        data.close()
    assert written["w"].dt.date.tolist() == [dt.date(2026, 11, 3), dt.date(2026, 11, 2)]
    assert len(again) == 10 and list(again.columns) == TABLES["snapshots"].names


def test_a_failed_write_leaves_the_period_as_it_was(store):
    store_snapshot(store, "2026-09", today=dt.date(2026, 10, 1))
    rows = snapshot(kt.KamData(db=store), "2026-09", written_on=dt.date(2026, 11, 3))
    doubled = pd.concat([rows, rows.iloc[:1]], ignore_index=True)  # the same customer twice: the key refuses it
    with pytest.raises(SnapshotNotStored, match="could not be written"):
        write_snapshot(store, doubled)
    data = kt.KamData(db=store)
    try:
        kept = data.sql("select count(*) as n, min(written_on) as w from snapshots where period = '2026-09'")
    finally:
        data.close()
    assert int(kept["n"].iloc[0]) == 10 and kept["w"].dt.date.iloc[0] == dt.date(2026, 10, 1)


def test_a_read_only_store_gets_no_snapshot_and_the_run_says_so(store, monkeypatch):
    monkeypatch.setattr(snapshot_write.os, "access", lambda path, mode: False)
    with pytest.raises(SnapshotNotStored, match="read-only"):
        store_snapshot(store, "2026-10")
    log, notices = run_snapshot(store, "2026-10", "")
    assert log == "" and len(notices) == 1
    assert notices[0].startswith("no snapshot of 2026-10 was stored (") and "read-only" in notices[0]
    assert "kam snapshot --period 2026-10" in notices[0]
    assert run_snapshot(store, "2026-10", "", wanted=False) == (
        "snapshot: none stored (--no-snapshot); the store is as it was",
        [],
    )


def test_the_report_run_stores_its_snapshot(store):
    log, notices = run_snapshot(store, "2026-10", "")
    assert notices == [] and log == "snapshot: stored the snapshot of 2026-10 in the store (10 customers)"
    assert _periods(store) == {"2026-10": 10}


def test_kam_snapshot_command(store, capsys):
    assert cli.main(["snapshot", "--db", str(store), "--period", "2026-09"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("stored the snapshot of 2026-09 in ") and "10 customers (key 1, ordinary 9" in said
    assert cli.main(["snapshot", "--db", str(store), "--period", "2026-13"]) == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert "period must look like YYYY-MM" in err and "Traceback" not in err
    assert _periods(store) == {"2026-09": 10}


def test_an_import_keeps_the_stores_snapshots_when_the_source_has_none(tmp_path):
    source = paths.ROOT / "tests" / "data" / "bad" / "_valid"
    db = tmp_path / "kam.duckdb"
    import_source(source, db)
    rows = store_snapshot(db, "2026-09", today=dt.date(2026, 10, 1))
    gone = rows.iloc[:1].assign(customer_id="C999")  # a customer a later source no longer has
    write_snapshot(db, pd.concat([rows, gone], ignore_index=True))
    said = import_source(source, db)
    n = len(rows)
    assert (
        f"kept the store's snapshots: {n} rows of 1 months (1 rows of customers the source no longer has left out)"
        in said
    )
    assert _periods(db) == {"2026-09": n}
    assert "kept the store's snapshots" not in import_source(source, tmp_path / "fresh.duckdb")


# --------------------------------------------------------------------------- the committed sample
@pytest.fixture(scope="module")
def committed() -> pd.DataFrame:
    text = {c.name: str for c in TABLES["snapshots"].columns if c.kind in ("id", "text", "category")}
    return conform(pd.read_csv(paths.SAMPLE_DIR / "snapshots.csv", dtype=text, encoding="utf-8"), "snapshots")


def test_the_sample_has_24_months_of_snapshots_ending_on_todays_book(committed):
    periods = sorted(committed["period"].unique())
    assert len(periods) == 24 and periods[0] == "2024-11" and periods[-1] == "2026-10"
    assert committed.groupby("period").size().eq(500).all()
    assert not committed.duplicated(["customer_id", "period"]).any()
    book = kt.sample_data(customers=500, years=3, seed=7)
    last = committed[committed["period"] == "2026-10"].reset_index(drop=True)
    pdt.assert_frame_equal(last, snapshot(book, "2026-10", written_on=dt.date(2026, 10, 31)), check_exact=False)


def test_the_sample_history_moves_like_a_book(committed):
    """Some customers move tier, grade and limit over the two years; most keep them month to month."""
    for column, low, high in (
        ("tier", 100, 1500),
        ("grade", 50, 2000),
        ("credit_limit", 20, 500),
        ("relationship_level", 20, 500),
    ):
        wide = committed.pivot(index="customer_id", columns="period", values=column).astype("object").fillna("-")
        changes = int(wide.ne(wide.shift(axis=1)).iloc[:, 1:].to_numpy().sum())
        assert low <= changes <= high, (column, changes)
        assert changes < 0.2 * wide.size, column


def test_the_committed_store_reads_the_snapshots(tmp_path):
    db = tmp_path / "kam.duckdb"
    shutil.copyfile(__import__("os").environ["KAM_DB"], db)
    data = kt.KamData(db=db)
    try:
        mig = seg.tier_migration(data, "2026-10-31", months=12)
    finally:
        data.close()
    assert (mig.basis.period, mig.basis.stored, mig.basis.written_on) == ("2025-10", 500, "2025-11-01")
    assert mig.basis.recomputed == 150  # the leads

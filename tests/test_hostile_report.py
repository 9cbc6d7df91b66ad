"""Hostile text in the free-text fields of a small book, once through the whole monthly report:
every page, the index and every workbook scanned (tests/hostile_scan.py); the payloads are those
of tests/test_hostile_generated.py."""

from __future__ import annotations

from hostile_scan import MARK, scan
from markupsafe import escape
from test_hostile_generated import PAYLOADS, _kam, hostile_book

import kamtools as kt


def _markup_every_other() -> list[str]:
    """Every payload, with one of markup between any two: every field of two values or more
    (one: the first) holds markup, and the other classes spread over the fields."""
    markup, other = PAYLOADS[:5], PAYLOADS[5:]
    return [p.format(MARK) for i, o in enumerate(other) for p in (markup[i % len(markup)], o)]


def test_hostile_text_through_the_monthly_report(tmp_path):
    """Every payload in the free-text fields of a small book, once through ``kam report``."""
    frames = hostile_book(kt.sample_data(customers=40, years=2, seed=5), _markup_every_other())
    kt.KamData(frames).to_csv(tmp_path / "src", encoding="utf-8")
    assert _kam("import", tmp_path / "src", "--db", tmp_path / "kam.duckdb") == 0
    customers = frames["customers"].set_index("customer_id")["name"]
    ids = [i for i in customers.index if "," not in i][:3]
    args = ["--period", "2026-09", "--db", tmp_path / "kam.duckdb", "--out", tmp_path / "reports", "--jobs", "2"]
    assert _kam("report", *args, "--accounts", ",".join(ids)) == 0
    index = (tmp_path / "reports" / "2026-09" / "index.html").read_text(encoding="utf-8")
    for cid in ids:  # each planned customer's name and id shows on the index as text
        assert str(escape(f"{customers[cid]} ({cid})")) in index
    assert scan(tmp_path) == []

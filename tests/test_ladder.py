"""The relationship ladder over time (kamtools.segments.ladder), activities on leads (exactly one of
customer_id / lead_id) and lead time as prospect time in the pyramid's time split."""

from __future__ import annotations

import pandas as pd
import pytest

import kamtools as kt
from kamtools import facts
from kamtools import segments as seg
from kamtools import strategies as st
from kamtools.output import labels
from kamtools.schema import RELATIONSHIP_LADDER, RELATIONSHIP_STATES


def _book() -> kt.KamData:
    """Three customers with hand-made histories; C3 has no record (the customers table's level)."""
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "name": ["华东机电", "Northwind", "Acme"],
            "relationship_state": ["partnership", "strained", "cooperative"],
        }
    )
    rel = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C1", "C2", "C2"],
            "date": ["2025-03-10", "2025-11-20", "2026-05-15", "2025-08-01", "2026-02-03"],
            "relationship_state": ["transactional", "cooperative", "partnership", "cooperative", "strained"],
            "relationship_quality": ["loose", "loose", "win_win", None, "conflict"],
            "recorded_by": ["Wang Li"] * 5,
        }
    )
    return facts.source(customers=customers, relationships=rel)


def test_history_names_the_moves_up_and_down():
    h = seg.relationship_history(_book(), "2026-10-31")
    assert h["customer_id"].tolist() == ["C1", "C1", "C1", "C2", "C2"]
    assert h["move"].tolist() == ["first", "up", "up", "first", "down"]
    assert h["previous_state"].fillna("").tolist() == ["", "transactional", "cooperative", "", "cooperative"]
    assert h["name"].tolist()[:1] == ["华东机电"]
    # a record after the date is not yet history
    assert seg.relationship_history(_book(), "2026-05-14", customer_id="C1")["date"].max() == pd.Timestamp("2025-11-20")


def test_current_level_is_the_latest_record_else_the_customers_table():
    cur = seg.current_relationship(_book(), "2026-01-31")
    assert cur["relationship_state"].to_dict() == {"C1": "cooperative", "C2": "cooperative", "C3": "cooperative"}
    assert cur["source"].tolist() == ["record", "record", "customers"]
    assert cur.loc["C1", "since"] == pd.Timestamp("2025-11-20")
    # the pyramid's inputs read the level of the date, not today's column
    f = seg.customer_facts(_book(), "2026-01-31")
    assert f.loc["C1", "relationship_state"] == "cooperative"


def test_distribution_per_month_counts_each_customer_once():
    d = seg.relationship_distribution(_book(), "2025-07-31", "2026-06-30")
    assert d.sum(axis=1).eq(3).all()
    # hand-counted: July 2025 C1 buyer, C2 not yet recorded, C3 priority purchaser (undated)
    assert d.loc["2025-07-31", ["transactional", "unrecorded", "cooperative"]].tolist() == [1, 1, 1]
    # August: C2 recorded as priority purchaser
    assert d.loc["2025-08-31", ["transactional", "cooperative"]].tolist() == [1, 2]
    # December 2025: C1 up to priority purchaser: three priority purchasers
    assert d.loc["2025-12-31", "cooperative"] == 3
    # February 2026: C2 strained; June 2026: C1 partner
    assert d.loc["2026-02-28", ["cooperative", "strained"]].tolist() == [2, 1]
    assert d.loc["2026-06-30", ["cooperative", "strained", "partnership"]].tolist() == [1, 1, 1]
    assert list(d.columns) == list(seg.LADDER_ORDER)
    assert len(d) == 12


def test_moves_within_a_period():
    m = seg.relationship_moves(_book(), "2025-12-31", "2026-10-31")
    assert m[["customer_id", "level_from", "level_to", "move"]].values.tolist() == [
        ["C1", "cooperative", "partnership", "up"],
        ["C2", "cooperative", "strained", "down"],
    ]
    assert m["name"].tolist() == ["华东机电", "Northwind"]
    assert seg.relationship_moves(_book(), "2026-06-01", "2026-10-31").empty


def test_without_a_relationships_table_the_customers_column_holds_every_month():
    data = facts.source(customers=pd.DataFrame({"customer_id": ["A", "B"], "relationship_state": ["none", None]}))
    d = seg.relationship_distribution(data, "2026-01-31", "2026-02-28")
    assert d[["none", "unrecorded"]].values.tolist() == [[1, 1], [1, 1]]
    assert seg.relationship_moves(data, "2025-12-31", "2026-10-31").empty


def test_every_level_has_the_materials_names_and_a_strategy_in_both_languages():
    assert set(st.LADDER) == set(RELATIONSHIP_STATES) == set(RELATIONSHIP_LADDER)
    names = {code: (s.term, s.zh) for code, s in st.LADDER.items()}
    assert names["transactional"] == ("buyer", "买主")
    assert names["cooperative"] == ("priority purchaser", "优先采购者")
    assert names["partnership"] == ("partner", "合作伙伴")
    assert names["strategic_alliance"] == ("strategic alliance", "战略联盟")
    assert names["none"] == ("outsider", "外人")
    assert {c: (s.term, s.zh) for c, s in st.QUALITY.items()} == {
        "loose": ("loose", "松散"),
        "conflict": ("conflict", "冲突"),
        "win_win": ("win-win", "共赢"),
    }
    assert labels.value("relationship_state", "cooperative", "zh") == "优先采购者"
    assert labels.value("relationship_quality", "win_win", "en") == "win-win"
    assert labels.value("level_to", "transactional", "both") == "买主 buyer"


# --------------------------------------------------------------------------- activities on leads
def _activities(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["activity_id", "customer_id", "lead_id", "date", "type", "account_manager", "hours"]
    )


def _leads() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lead_id": ["L1", "L2"],
            "company": ["Sunrise", "Delta"],
            "region": ["East", "North"],
            "owner": ["Wang", "Zhang"],
            "money": [True, False],
            "authority": [True, False],
            "need": [True, False],
            "estimated_annual_value": [100000.0, 5000.0],
        }
    )


@pytest.mark.parametrize(
    ("customer", "lead", "said"),
    [
        ("C000001", "L000001", "customer_id 'C000001' and lead_id 'L000001' are both filled"),
        (None, None, "customer_id and lead_id are both empty"),
    ],
)
def test_an_activity_names_exactly_one_customer_or_lead(customer, lead, said):
    data = kt.sample_data(customers=20, years=1, seed=4).frames()
    bad = _activities([("X1", customer, lead, pd.Timestamp("2026-10-01"), "visit", "Wang", 1.0)])
    data["activities"] = kt.schema.conform(pd.concat([data["activities"], bad], ignore_index=True), "activities")
    problems = kt.validate(data)
    assert len(problems) == 1, problems
    p = problems[0]
    assert (p.file, p.row, p.column) == ("activities", len(data["activities"]) - 1, "customer_id, lead_id")
    assert said in str(p) and "exactly one of customer_id and lead_id" in str(p)


def test_time_on_leads_is_prospect_time():
    customers = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Big", "Idle"]})
    invoices = pd.DataFrame(
        {
            "invoice_id": ["I1"],
            "customer_id": ["C1"],
            "invoice_date": ["2026-06-01"],
            "due_date": ["2026-07-01"],
            "amount": [1000.0],
            "cost": [600.0],
        }
    )
    acts = _activities(
        [
            ("A1", "C1", None, "2026-05-01", "visit", "Wang", 6.0),  # key account
            ("A2", "C2", None, "2026-05-02", "visit", "Wang", 1.5),  # a customer not buying: prospect
            ("A3", None, "L1", "2026-06-01", "visit", "Wang", 2.0),  # qualified lead: prospect
            ("A4", None, "L1", "2026-09-01", "call", "Wang", 0.5),
            ("A5", None, "L1", "2025-09-01", "visit", "Wang", 9.0),  # over 12 months ago: not counted
            ("A6", None, "L2", "2026-08-01", "call", "Zhang", 0.75),  # m+a+n lead: unattractive
        ]
    )
    data = facts.source(customers=customers, invoices=invoices, activities=acts, leads=_leads())
    pol = {"segments": {"key_share": 0.5, "ordinary_share": 0.0}}
    p = seg.pyramid(data, "2026-10-31", pol)
    assert p.loc["L1", "hours_12m"] == 2.5 and p.loc["C2", "hours_12m"] == 1.5
    s = seg.pyramid_summary(p, data, "2026-10-31", pol)
    # hand-computed: prospect = C2 1.5 + L1 (2.0 + 0.5) = 4.0; key 6.0; unattractive 0.75; total 10.75
    assert s["hours"].to_dict() == {"key": 6.0, "ordinary": 0.0, "prospect": 4.0, "unattractive": 0.75}
    assert s.loc["prospect", "time_share"] == pytest.approx(4.0 / 10.75)
    # the same split from the pyramid's own hours column
    assert seg.pyramid_summary(p, policy=pol)["hours"].to_dict() == s["hours"].to_dict()
    # customer facts leave lead time out
    assert seg.customer_facts(data, "2026-10-31")["hours_12m"].to_dict() == {"C1": 6.0, "C2": 1.5}


def test_the_sample_records_history_and_lead_time():
    data = kt.sample_data(customers=200, years=3, seed=7)
    rel, acts = data.relationships, data.activities
    assert kt.validate(data) == []
    # a few records per key account over two years, the latest the customers table's level
    per = rel.groupby("customer_id").size()
    assert per.max() <= 4 and (per >= 2).sum() >= 40
    latest = rel.sort_values("date").groupby("customer_id")["relationship_state"].last()
    today = data.customers.set_index("customer_id")["relationship_state"]
    assert (latest == today.reindex(latest.index)).all()
    assert rel["date"].min() >= pd.Timestamp("2024-10-31")
    on_leads = acts[acts["lead_id"].notna()]
    assert len(on_leads) > 20 and on_leads["customer_id"].isna().all()
    moves = seg.relationship_moves(data, "2025-12-31", "2026-10-31")
    assert set(moves["move"]) == {"up", "down"}

"""Groups of companies (集团客户): parent_id trees, group exposure against the group limit.

Expected numbers are worked out by hand in the comments from the small books below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kamtools as kt
from kamtools import credit
from kamtools.ingest import read_source
from kamtools.ingest.groups import company_groups, parent_cycles
from kamtools.schema import conform, empty_frame
from kamtools.store import DataError, KamData

AS_OF = "2026-10-31"


def _book(parents: dict[str, str | None], invoices: dict[str, float], limits: dict[str, float], group_limits=()):
    """Customers with these parents, one open invoice each (due on AS_OF: current), these approved
    limits (approved 2026-01-01 by the account manager) and these group limits."""
    ids = list(parents)
    cust = pd.DataFrame(
        {
            "customer_id": ids,
            "name": [f"Name {i}" for i in ids],
            "industry": "Retail",
            "region": "East",
            "account_manager": "Li",
            "parent_id": [parents[i] for i in ids],
        }
    )
    inv = pd.DataFrame(
        {
            "invoice_id": [f"I-{c}" for c in invoices],
            "customer_id": list(invoices),
            "invoice_date": "2026-10-01",
            "due_date": AS_OF,
            "amount": list(invoices.values()),
            "cost": 0.0,
        }
    )
    cl = pd.DataFrame(
        {
            "customer_id": list(limits),
            "credit_limit": list(limits.values()),
            "approved_by": "account manager",
            "approved_on": "2026-01-01",
        }
    )
    gl = pd.DataFrame(list(group_limits), columns=["group_id", "group_limit", "approved_by", "approved_on"])
    tables = {
        "customers": cust,
        "invoices": inv,
        "credit_limits": cl,
        "group_limits": gl,
        "payments": empty_frame("payments"),
        "financials": empty_frame("financials"),
        "credit_factors": empty_frame("credit_factors"),
    }
    return KamData({k: conform(v, k) for k, v in tables.items()})


#: G at the top, S1 under G, S2 under S1 (two levels deep), X alone. Exposure 40,000 + 30,000 +
#: 30,000.01 = 100,000.01 against a group limit of 100,000 in force on AS_OF (the 200,000 of 2025
#: is replaced; the 300,000 of 2026-11 is not yet in force).
GROUP_LIMITS = [
    ("G", 200000.0, "regional manager", "2025-03-01"),
    ("G", 100000.0, "regional manager", "2026-01-01"),
    ("G", 300000.0, "regional manager", "2026-11-15"),
]
PARENTS = {"G": None, "S1": "G", "S2": "S1", "X": None}
LIMITS = {"G": 50000.0, "S1": 40000.0, "S2": 40000.0, "X": 10000.0}


def test_a_group_one_cent_over_its_group_limit():
    data = _book(PARENTS, {"G": 40000.0, "S1": 30000.0, "S2": 30000.01, "X": 5000.0}, LIMITS, GROUP_LIMITS)
    g = credit.group_exposure(data, AS_OF)
    assert list(g.index) == ["G"]  # X is alone and has no group limit: not a group
    row = g.loc["G"]
    assert row["members"] == 3 and row["member_ids"] == "G, S1, S2"
    assert row["exposure"] == 100000.01 and row["approved_limits"] == 130000.0
    assert row["group_limit"] == 100000.0 and row["group_limit_approved_on"] == pd.Timestamp("2026-01-01")
    assert row["group_limit_approved_by"] == "regional manager"
    assert row["group_overlimit"] == 0.01 and row["over_group_limit"]
    assert row["group_utilization"] == pytest.approx(1.0000001)
    # every company is within its own limit (40,000 <= 50,000; 30,000 <= 40,000; 30,000.01 <= 40,000),
    # and each adds to a group over its group limit
    assert row["members_over_own_limit"] == 0 and row["flagged_members"] == "G, S1, S2"
    m = credit.group_members(data, AS_OF)
    assert list(m.index) == ["G", "S1", "S2"]
    assert m["depth"].tolist() == [0, 1, 2] and (m["group_id"] == "G").all()
    assert m["parent_id"].tolist()[1:] == ["G", "S1"] and pd.isna(m["parent_id"].iloc[0])
    assert m["pushes_group_over"].all() and (m["group_exposure"] == 100000.01).all()


def test_a_group_exactly_at_its_group_limit_is_not_over():
    data = _book(PARENTS, {"G": 40000.0, "S1": 30000.0, "S2": 30000.0}, LIMITS, GROUP_LIMITS)
    lim = credit.limits(data, AS_OF)  # the limits both read, worked out once (as a report passes them)
    row = credit.group_exposure(data, AS_OF, lim=lim).loc["G"]
    assert row["exposure"] == 100000.0 and row["group_overlimit"] == 0.0
    assert not row["over_group_limit"] and row["flagged_members"] == ""
    assert not credit.group_members(data, AS_OF, lim=lim)["pushes_group_over"].any()


def test_a_company_over_its_own_limit_is_counted_not_flagged():
    # S1 owes 45,000 against its own 40,000: over its own limit (already a breach of its own);
    # S2 has no exposure: nothing to hold. Group 40,000 + 45,000 = 85,000 > 80,000.
    gl = [("G", 80000.0, "regional manager", "2026-01-01")]
    data = _book(PARENTS, {"G": 40000.0, "S1": 45000.0}, LIMITS, gl)
    lim = credit.limits(data, AS_OF)  # the limits both read, worked out once (as a report passes them)
    row = credit.group_exposure(data, AS_OF, lim=lim).loc["G"]
    assert row["over_group_limit"] and row["group_overlimit"] == 5000.0
    assert row["members_over_own_limit"] == 1 and row["flagged_members"] == "G"
    m = credit.group_members(data, AS_OF, lim=lim)
    assert m["within_own_limit"].tolist() == [True, False, True]
    assert m["pushes_group_over"].tolist() == [True, False, False]


def test_groups_without_a_group_limit_are_summed_never_over():
    data = _book(PARENTS, {"G": 40000.0, "S1": 30000.0, "S2": 30000.01}, LIMITS)
    row = credit.group_exposure(data, AS_OF).loc["G"]
    assert row["exposure"] == 100000.01 and np.isnan(row["group_limit"]) and np.isnan(row["group_overlimit"])
    assert not row["over_group_limit"] and np.isnan(row["group_utilization"])


def test_limits_output_may_be_passed():
    data = _book(PARENTS, {"G": 40000.0}, LIMITS, GROUP_LIMITS)
    lim = pd.DataFrame(
        {"approved_limit": [50000.0, 40000.0, 40000.0, 0.0], "exposure": [90000.0, 10000.0, 0.0, 0.0]},
        index=pd.Index(["G", "S1", "S2", "X"], name="customer_id"),
    )
    row = credit.group_exposure(data, AS_OF, lim=lim).loc["G"]
    # 90,000 + 10,000 = 100,000: exactly the group limit; G is over its own 50,000
    assert row["exposure"] == 100000.0 and not row["over_group_limit"] and row["members_over_own_limit"] == 1
    assert np.isnan(row["recommended_limits"])  # not in the given lim


def test_a_cycle_in_parent_id_is_refused_naming_the_ids():
    data = _book({"A": "C", "B": "A", "C": "B", "D": None}, {"A": 1.0}, {"A": 10.0})
    with pytest.raises(DataError, match=r"parent_id runs in a cycle \(A -> C -> B -> A\)"):
        credit.group_exposure(data, AS_OF)
    self_parent = _book({"A": "A", "B": None}, {"A": 1.0}, {"A": 10.0})
    with pytest.raises(DataError, match=r"cycle \(A -> A\)"):
        credit.group_members(self_parent, AS_OF)


def test_a_parent_that_is_not_a_customer_is_refused():
    data = _book({"A": "Z9", "B": None}, {"A": 1.0}, {"A": 10.0})
    with pytest.raises(DataError, match=r"parent\(s\) that are not customers \(A -> Z9\)"):
        credit.group_exposure(data, AS_OF)


def test_a_group_limit_on_a_company_below_the_top_is_refused():
    gl = [("S1", 80000.0, "regional manager", "2026-01-01")]
    data = _book(PARENTS, {"G": 1.0}, LIMITS, gl)
    with pytest.raises(
        DataError, match=r"group_limits, row 1 .* value 'S1' is not the top company of its group .*lead to G"
    ):
        credit.group_exposure(data, AS_OF)


def test_the_tree_is_followed_any_number_of_levels_deep():
    # a chain of 1,000 companies, each the parent of the next: all in the group of the first
    ids = pd.Series([f"K{i:04d}" for i in range(1000)])
    parents = pd.Series([None] + list(ids[:-1]))
    g = company_groups(ids, parents)
    assert (g["group_id"] == "K0000").all() and g["depth"].tolist() == list(range(1000))
    assert parent_cycles(ids, parents) == []
    looped = parents.copy()
    looped.iloc[0] = "K0999"  # the last closes the chain into one cycle of 1,000, followed upwards
    assert parent_cycles(ids, looped) == [["K0000", *ids[:0:-1], "K0000"]]


def test_the_import_refuses_a_cycle_naming_the_row(tmp_path):
    folder = kt.sample_data(customers=40, years=1, seed=2).to_csv(tmp_path / "src")
    cust = pd.read_csv(folder / "customers.csv", dtype=str, encoding="utf-8-sig")
    cust.loc[2, "parent_id"] = cust.loc[3, "customer_id"]
    cust.loc[3, "parent_id"] = cust.loc[2, "customer_id"]
    cust.to_csv(folder / "customers.csv", index=False, encoding="utf-8-sig")
    _, problems = read_source(folder)
    hit = [p for p in problems if p.column == "parent_id"]
    a, b = cust.loc[2, "customer_id"], cust.loc[3, "customer_id"]
    assert len(hit) == 1 and hit[0].severity == "error" and hit[0].row == 4  # the header is row 1
    assert f"cycle of parent companies ({a} -> {b} -> {a})" in hit[0].message


def test_the_sample_has_six_groups_with_group_limits():
    data = kt.load()  # the committed sample, from the session's store (tests/conftest.py)
    g = credit.group_exposure(data, AS_OF)
    assert len(g) == 6 and g["group_limit"].notna().all() and (g["members"] >= 2).all()

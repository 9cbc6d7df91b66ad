"""The limit breaches workbook: the breaches, the limits beyond authority and those approved unrated or on a
stale assessment, one sheet each (the credit page counts all three; each count has its list)."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from kamtools.output import labels
from kamtools.output.breaches import stale_approvals, write_limit_breaches


def _frames():
    idx = pd.Index(["C1", "C2", "C3"], name="customer_id")
    limits = pd.DataFrame(
        {
            "grade": ["A", "NR", "BB"],
            "assessed_on": pd.to_datetime(["2026-06-30", None, "2024-01-31"]),
            "approved_limit": [50000.0, 20000.0, 90000.0],
            "approved_by": ["Qian", "Li", "Zhao"],
            "approved_on": pd.to_datetime(["2026-07-01", "2026-05-02", "2026-03-03"]),
            "exposure": [10000.0, 25000.0, 80000.0],
            "exceptions": ["", "approved unrated", "approved on a stale assessment"],
            "exception_stale_basis": [False, True, True],
        },
        index=idx,
    )
    names = pd.Series({"C1": "甲", "C2": "乙", "C3": "丙"})
    breaches = pd.DataFrame(
        {"name": ["乙", "丙"], "breach": ["over_limit", "over_limit"], "amount": [5000.0, 7000.0]},
        index=pd.Index(["C2", "C3"], name="customer_id"),
    )
    authority = pd.DataFrame(
        {"name": ["丙"], "approved_limit": [90000.0], "approved_by": ["Zhao"]},
        index=pd.Index(["C3"], name="customer_id"),
    )
    return limits, names, breaches, authority


def test_the_stale_approvals_are_listed_largest_limit_first():
    limits, names, _, _ = _frames()
    stale = stale_approvals(limits, names)
    assert stale.index.tolist() == ["C3", "C2"]  # 90,000 before 20,000; C1 was approved on a current assessment
    assert stale.loc["C2", "name"] == "乙" and stale.columns[0] == "name"


def test_one_workbook_holds_the_three_lists_in_the_report_language(tmp_path):
    limits, names, breaches, authority = _frames()
    labels.use("zh")
    try:
        path = write_limit_breaches(
            tmp_path / "limit_breaches.xlsx", breaches, authority, stale_approvals(limits, names)
        )
    finally:
        labels.use("en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["额度违规", "越权额度", "未评级或评估过期时批准"]
    rows = [r for r in wb["额度违规"].iter_rows(values_only=True)]
    assert [r[0] for r in rows[1:]] == ["C3", "C2"]  # the largest amount first
    stale = [r for r in wb["未评级或评估过期时批准"].iter_rows(values_only=True)]
    assert stale[0][:3] == ("客户编号", "客户名称", "信用等级")
    assert [(r[0], r[1]) for r in stale[1:]] == [("C3", "丙"), ("C2", "乙")]
    assert wb["越权额度"].max_row == 2

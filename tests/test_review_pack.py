"""The credit review pack (tools/credit_review_pack.py): recommendations drawn at random with
their evidence, the same draw for the same seed, written as a formula-safe workbook."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
from hostile_scan import formula_cells

import kamtools as kt

TOOL = Path(__file__).parents[1] / "tools" / "credit_review_pack.py"
spec = importlib.util.spec_from_file_location("credit_review_pack", TOOL)
pack_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pack_tool)


def test_a_pack_holds_each_case_with_its_evidence_and_the_same_draw_for_a_seed(tmp_path):
    data = kt.load()
    pack = pack_tool.review_pack(data, "2026-09-30", cases=6, seed=3)
    assert len(pack) == 6 and pack["customer_id"].is_unique
    assert list(pack.columns) == pack_tool.EVIDENCE + ["decision", "comment"]
    assert pack["limit_reason"].str.len().gt(0).all(), "every recommendation says why"
    # the committee of pack 14e: the provision rates the reasons use are in the pack (the receivables page's)
    assert set(pack["provision_rates"]) == {
        "not yet due 0 %, 1–30 days past due 1 %, 31–60 days past due 5 %, 61–90 days past due 10 %, 91–180 days "
        "past due 25 %, 181–365 days past due 50 %, over 365 days past due 100 %"
    }
    lim = kt.credit.limits(data, "2026-09-30").loc[pack["customer_id"]]
    assert pack["recommended_limit"].tolist() == lim["recommended_limit"].tolist()
    again = pack_tool.review_pack(data, "2026-09-30", cases=6, seed=3)
    assert again["customer_id"].tolist() == pack["customer_id"].tolist()
    other = pack_tool.review_pack(data, "2026-09-30", cases=6, seed=4)
    assert other["customer_id"].tolist() != pack["customer_id"].tolist()


def test_the_pack_is_written_as_a_workbook(tmp_path):
    out = tmp_path / "pack.xlsx"
    assert pack_tool.main(["--out", str(out), "--cases", "4", "--seed", "2"]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.max_row == 5 and ws["A1"].value == "customer_id"
    assert formula_cells(out) == []

"""Write the filled worklists of the hostile case markup_calls_worklist (run from the repository root:
``.venv/bin/python tests/data/hostile/make_call_worklists.py``): the worklist of the valid source on
2026-10-31, as the report writes it, filled in with openpyxl as a careless or hostile collector would."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from openpyxl import load_workbook

import kamtools as kt
from kamtools.ingest import import_source
from kamtools.output import labels
from kamtools.output.worklists import worklist_workbook

HERE = Path(__file__).parent
CASE = HERE / "markup_calls_worklist"
VALID = HERE.parent / "bad" / "_valid"


def _filled(template: Path, out: Path, rows: dict[tuple[str, int], dict[str, object]]) -> None:
    """``template`` with the cells of ``rows`` ((sheet, row) -> column name -> value) set."""
    wb = load_workbook(template)
    for (sheet, row), values in rows.items():
        ws = wb[sheet]
        where = {c.value: c.column for c in ws[1]}
        for name, value in values.items():
            cell = ws.cell(row, where[labels.column(name)])
            if isinstance(value, tuple):  # ("text", value): text as typed, kept from being a formula
                cell.value = value[1]
                cell.data_type = "s"
            else:
                cell.value = value
    wb.save(out)


def main() -> None:
    labels.use("en")
    with tempfile.TemporaryDirectory() as tmp:
        import_source(VALID, Path(tmp) / "kam.duckdb")
        data = kt.load(Path(tmp) / "kam.duckdb")
        template = worklist_workbook(kt.receivables.worklist(data, "2026-10-31"), Path(tmp) / "worklist.xlsx")
        data.close()
        _filled(template, CASE / "bad.xlsx", {
            ("Wang Li", 2): {"call_date": "2026-13-01", "call_outcome": "no answer"},
            ("Zhang Wei", 2): {"call_date": dt.date(2026, 11, 5), "call_outcome": "<img src=x onerror=alert('kampwn')>",
                                "next_step": '=HYPERLINK("http://kampwn.example","click")'},
        })  # fmt: skip
        _filled(template, CASE / "unknown.xlsx", {
            ("Wang Li", 3): {"customer_id": "C404kampwn", "call_date": dt.date(2026, 11, 5), "call_outcome": "paid"},
        })  # fmt: skip
        _filled(template, CASE / "ok.xlsx", {
            ("Wang Li", 2): {"call_date": dt.date(2026, 11, 5), "call_outcome": "promised to pay",
                              "promise_pay_by": dt.date(2026, 11, 20), "promise_amount": 5000,
                              "next_step": ("text", "=cmd|' /C calc'!A0 kampwn")},
            ("Zhang Wei", 2): {"call_date": dt.date(2026, 11, 6), "call_outcome": "call_back",
                                "next_step": "<script>alert('kampwn')</script> {{ 7*7 }}"},
        })  # fmt: skip


if __name__ == "__main__":
    main()

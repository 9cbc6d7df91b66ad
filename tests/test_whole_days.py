"""Days and the collection effectiveness index as a reader sees them: whole numbers in every table and
workbook, as the index's tiles show them (DSO 71, CEI 53; not 71.07 beside 71)."""

from __future__ import annotations

import re

import pandas as pd
from openpyxl import load_workbook

from kamtools.output import excel, tables


def test_dso_cei_and_add_show_as_whole_numbers_in_a_table():
    frame = pd.DataFrame(
        {"dso": [71.07], "dso_countback": [91.2], "best_possible_dso": [40.4], "add": [30.6], "cei": [52.85]},
        index=pd.Index(["2026-10"], name="month"),
    )
    html = tables.style(frame).to_html()
    cells = re.findall(r'class="data row0 col\d" >([^<]*)<', html)
    assert cells == ["71", "91", "40", "31", "53"], cells
    assert "71.07" not in html and "52.85" not in html


def test_dso_and_cei_keep_their_value_but_show_whole_in_a_workbook(tmp_path):
    frame = pd.DataFrame({"dso": [71.07], "cei": [52.85]}, index=pd.Index(["2026-10"], name="month"))
    path = excel.write_workbook(tmp_path / "dso.xlsx", {"DSO": frame}, labels=True)
    ws = load_workbook(path).active
    values = {ws.cell(1, c).value: ws.cell(2, c) for c in range(1, ws.max_column + 1)}
    dso = next(v for k, v in values.items() if k and "DSO" in str(k))
    cei = next(v for k, v in values.items() if k and "CEI" in str(k))
    assert (dso.value, dso.number_format) == (71.07, "0") and (cei.value, cei.number_format) == (52.85, "0")

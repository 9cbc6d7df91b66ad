"""Report tables: formats, escaping, inputs unchanged."""

from __future__ import annotations

import pandas as pd
import pytest

from kamtools import tables


@pytest.fixture()
def frame():
    return pd.DataFrame(
        {
            "name": ["<script>alert(1)</script>", "华东精密机械有限公司", '=HYPERLINK("x")'],
            "revenue": [134516100.0, -4560.8, 0.0],
            "revenue_share": [0.6512, -0.00002, 0.0],
            "accounts": [65, 297, 0],
            "quick_ratio": [1.2345, float("nan"), 0.5],
        },
        index=pd.Index(["C1", "C<2>", "C3"], name="customer_id"),
    )


def test_kinds_follow_names_and_dtypes(frame):
    assert tables.kinds(frame) == {
        "name": "text",
        "revenue": "money",
        "revenue_share": "share",
        "accounts": "count",
        "quick_ratio": "ratio",
    }


def test_html_shows_money_shares_and_names_literally(frame):
    before = frame.copy()
    html = tables.style(frame).to_html()
    assert "134,516,100" in html and "-4,561" in html
    assert "65.1 %" in html and ">0.0 %<" in html and "-0.0 %" not in html  # -0.00002 is no negative share
    assert "1.23" in html and "–" in html  # missing ratio
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "C&lt;2&gt;" in html
    assert "华东精密机械有限公司" in html and "=HYPERLINK" in html
    assert "1.345161e+08" not in html
    pd.testing.assert_frame_equal(frame, before)


def test_overrides_and_unknown_column(frame):
    html = tables.style(frame, money=["quick_ratio"], decimals=2).to_html()
    assert "1.23" in html and "134,516,100.00" in html
    with pytest.raises(KeyError, match="'nope'"):
        tables.style(frame, share=["nope"])


def test_note_escapes_markdown_and_html():
    md = tables.note("Top customer <b>A*B</b> owes 1,000")
    assert md.data == "Top customer &lt;b&gt;A\\*B&lt;/b&gt; owes 1,000"


def test_registered_columns_look_as_before_but_for_the_corrected_ones():
    from kamtools.output import formats

    changed = set()
    for name, fmt in formats.REGISTRY.items():
        if fmt.kind not in formats.NUMBER_KINDS:
            continue
        for integer in (False, True):
            kind = formats.kind_of(name, integer=integer)
            for v in (1234.5678, 0.1234, 2.5):
                now = formats.number_text(v, kind, formats.decimals_of(name, kind))
                if now != formats.number_text(v, formats.guess_kind(name, integer)):
                    changed.add(name)
    assert changed == set(formats.CORRECTED)


def test_hours_are_hours_and_a_trend_is_a_share():
    frame = pd.DataFrame({"gap_hours": [12.4], "trend": [0.124], "dso": [45.678], "months_of_purchases": [2.5]})
    html = tables.style(frame).to_html()
    assert ">12<" in html and "12.4 %" in html and ">46<" in html and "2.5" in html  # DSO in whole days, as the tile
    assert tables.kinds(frame) == {
        "gap_hours": "hours",
        "trend": "share",
        "dso": "days",
        "months_of_purchases": "months",
    }


def test_a_day_in_the_index_reads_as_its_date():
    frame = pd.DataFrame({"psi": [0.001]}, index=pd.DatetimeIndex(["2025-05-31"], name="month_end"))
    html = tables.style(frame).to_html()
    assert ">2025-05-31<" in html and "00:00:00" not in html


def test_the_line_under_the_top_rows_links_the_whole_list_once_in_each_language(tmp_path):
    from kamtools.output import labels

    f = pd.DataFrame({"exposure": [5.0, 9.0, 7.0]}, index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    link = '<a href="list.xlsx">list.xlsx</a>'
    lines = {}
    try:
        for lang in ("en", "zh", "both"):
            labels.use(lang)
            html = tables.top(f, "exposure", 2, excel=tmp_path / "list.xlsx", what="customers", what_zh="客户").data
            lines[lang] = html.split("\n")[0]
    finally:
        labels.use("en")
    assert lines == {
        "en": f'<p class="note">Top 2 of 3 customers, by exposure; the whole list: {link}</p>',
        "zh": f'<p class="note">客户共3家，按风险敞口从高到低列出前2家；完整清单：{link}</p>',
        "both": '<p class="note">客户共3家，按风险敞口从高到低列出前2家；完整清单： Top 2 of 3 customers, by exposure; '
        f"the whole list: {link}</p>",
    }
    # rows that are not customers are counted in 项
    labels.use("zh")
    try:
        rows = pd.DataFrame({"exposure": [5.0, 9.0]}, index=pd.Index(["a", "b"], name="rule"))
        assert tables.top(rows, "exposure", 1, what_zh="规则").data.split("\n")[0] == (
            '<p class="note">规则共2项，按风险敞口从高到低列出前1项</p>'
        )
    finally:
        labels.use("en")


def test_money_headers_carry_the_currency():
    """A money column's header says its unit (the cells are whole units of the currency); other columns do not."""
    from kamtools.output import labels as lb
    from kamtools.output import tables as tb
    from kamtools.policy import load_policy

    frame = pd.DataFrame({"revenue_12m": [1200.0], "customers": [3]}, index=pd.Index(["C1"], name="customer_id"))
    try:
        lb.use("zh", load_policy())
        html = tb.style(frame).to_html()
        assert "近12个月收入（元）" in html and "（元）" not in html.replace("近12个月收入（元）", "")
        lb.use("en", load_policy({"report": {"currency": "EUR"}}))
        assert "Revenue, 12 months (EUR)" in tb.style(frame).to_html()
    finally:
        lb.use("en", load_policy())


def test_every_file_a_sentence_names_is_a_link_to_it():
    # the committee read "credit_holds_2026-10.xlsx" and "worklists_2026-10.xlsx" as plain text: every file a
    # note names is a link, shown by its name (a path relative to the page links into its folder)
    from kamtools.output import labels

    en = tables.note("316 customers on hold; the whole list: credit_holds_2026-10.xlsx.").data
    assert en == "316 customers on hold; the whole list: [credit\\_holds\\_2026-10.xlsx](credit_holds_2026-10.xlsx)."
    labels.use("zh")
    try:
        zh = tables.note("x", zh="共302家，列在credit_forms/credit_forms_register_2026-10.xlsx中").data
    finally:
        labels.use("en")
    assert zh == (
        "共302家，列在[credit\\_forms\\_register\\_2026-10.xlsx](credit_forms/credit_forms_register_2026-10.xlsx)中"
    )
    assert tables.note("the sheet xlsx and 2026-10 are no files").data == "the sheet xlsx and 2026-10 are no files"


def test_a_workbook_sheet_is_named_by_a_short_label_never_cut(tmp_path):
    """The sheet of a list's workbook is named by a label that fits Excel's 31 characters by design: a
    longer one is refused (naming the file), a short ``sheet`` label is used as it is."""
    from openpyxl import load_workbook

    f = pd.DataFrame({"profit": [-5.0, -9.0, -7.0]}, index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    long = "customers losing money after cost to serve"  # 42 characters
    with pytest.raises(ValueError, match=r"sheet name '.*' of lost\.xlsx is longer than Excel's 31 characters"):
        tables.first(f, 1, excel=tmp_path / "lost.xlsx", what=long)
    assert not (tmp_path / "lost.xlsx").exists()
    tables.first(
        f, 1, excel=tmp_path / "lost.xlsx", what=long, sheet=("loss after cost to serve", "扣除服务成本后亏损")
    )
    assert load_workbook(tmp_path / "lost.xlsx").sheetnames == ["Loss after cost to serve"]
    # in both languages (the report's default) the two labels together would not fit: the Chinese alone
    from kamtools.output import labels

    labels.use("both")
    try:
        tables.first(
            f,
            1,
            excel=tmp_path / "both.xlsx",
            what=long,
            sheet=("loss after cost to serve", "扣除服务成本后亏损的客户"),
        )
        tables.first(f, 1, excel=tmp_path / "short.xlsx", what="lost", sheet=("lost", "亏损客户"))
    finally:
        labels.use("en")
    assert load_workbook(tmp_path / "both.xlsx").sheetnames == ["扣除服务成本后亏损的客户"]
    assert load_workbook(tmp_path / "short.xlsx").sheetnames == ["亏损客户 Lost"]


def test_a_column_of_reasons_for_missing_values_shows_only_where_a_value_is_missing():
    # the account managers' collections: every achievement and collection rate computed, so their "why missing"
    # columns say nothing and are left out; a share missing for one row keeps its reason column
    perf = pd.DataFrame(
        {
            "achievement": [1.081, 0.702],
            "achievement_reason": [None, None],
            "collection_rate": [0.973, 0.632],
            "collection_rate_reason": ["", ""],
            "share": [0.31, float("nan")],
            "share_reason": [None, "no statement"],
        },
        index=pd.Index(["Anna", "David"], name="account_manager"),
    )
    html = tables.style(perf).to_html()
    assert "why missing" not in html.replace("Share: why missing", "")
    assert "Share: why missing" in html and "no statement" in html
    assert list(perf.columns)[1] == "achievement_reason"  # the frame is not changed

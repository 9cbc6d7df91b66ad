"""kamtools.strategies: every segment the analyst sees has a strategy, in English with the Chinese term,
and in Chinese."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kamtools import segments as seg
from kamtools import strategies as st
from kamtools.output import labels, tables

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("concept", list(st.CONCEPTS))
def test_every_strategy_has_english_term_chinese_term_and_text(concept):
    for code, s in st.CONCEPTS[concept].items():
        assert s.term and not CJK.search(s.term), (concept, code)
        assert CJK.search(s.zh), (concept, code)
        assert len(s.text) > 30 and not CJK.search(s.text), (concept, code)
        assert s.label == f"{s.term} ({s.zh})"
        assert str(s) == f"{s.term} ({s.zh}): {s.text}"
        # the same strategy in Chinese: no English word left but the MAN letters and the grades
        assert len(s.text_zh) > 10 and not re.search(r"[A-LO-Zb-ln-z]{2,}", s.text_zh), (concept, code)
        assert s.in_language("zh") == f"{s.zh}：{s.text_zh}"


def test_every_segment_code_of_the_library_has_a_strategy():
    assert set(st.TIERS) == set(seg.TIER_ORDER)
    assert set(st.STATUS) == set(seg.STATUS_ORDER)
    assert tuple(st.LIFECYCLE) == seg.LIFECYCLE_ORDER == ("breakthrough", "growth", "harvest", "defense", "hibernation")
    assert set(st.ABC) == {"A", "B", "C"}
    assert set(st.PROFIT) == {"most profitable", "profitable", "unprofitable", "no business"}
    assert set(st.VALUE_MATRIX) == {"strategic", "maintain", "develop", "minimal"}
    assert set(st.RELATIONAL) == {"relational", "transactional", "no purchases"}
    assert set(st.MIGRATION) == {"up", "down", "entered", "left", "same"}
    grid = {name for row in seg.RFM_GRID.values() for name in row}
    assert grid | {"no purchases"} == set(st.RFM)


def test_all_eight_man_codes_in_priority_order():
    codes = {f"{m}+{a}+{n}" for m in "Mm" for a in "Aa" for n in "Nn"}
    assert set(st.MAN) == codes and len(st.MAN) == 8
    assert [seg.MAN_PRIORITY[c] for c in st.MAN] == list(range(1, 9))
    # the advice is business text: no note about the method's source leaks into it
    assert st.MAN["m+A+n"].text.startswith("the contact could decide")
    assert st.MAN["m+A+n"].text_zh.startswith("联系人有决定权")


def test_pyramid_strategies_say_what_the_method_prescribes():
    assert "key account (重点客户)" == st.TIERS["key"].label
    key = st.TIERS["key"].text
    assert "senior team" in key and "partnership or a strategic alliance" in key
    ordinary = st.TIERS["ordinary"].text
    assert "widen our difference" in ordinary and "key people" in ordinary and "move them up to key" in ordinary
    assert "win a first order" in st.TIERS["prospect"].text and "ordinary" in st.TIERS["prospect"].text
    assert "only when the potential is large" in st.TIERS["unattractive"].text
    # leads without money, authority or need are placed here: the text says to drop them, as MAN does
    assert "m+a+n" in st.TIERS["unattractive"].text and "pipeline" in st.TIERS["unattractive"].text
    assert "pipeline" in st.MAN["m+a+n"].text


def test_strategy_text_and_describe():
    out = st.strategy_text(st.STATUS, pd.Series(["lost", "unknown", None], index=[3, 2, 1]))
    assert list(out.index) == [3, 2, 1]
    assert out.iloc[0] == str(st.STATUS["lost"])
    assert out.iloc[1:].isna().all()
    table = st.describe("man")
    assert table.index.tolist() == list(st.MAN)
    assert list(table.columns) == ["term", "chinese", "strategy"]
    with pytest.raises(KeyError):
        st.describe("nonsense")


def test_a_report_in_chinese_shows_the_strategies_of_a_table_in_chinese():
    frame = pd.DataFrame(
        {"strategy": [str(st.LIFECYCLE["defense"])], "action": [str(st.MAN["M+A+N"])]}, index=pd.Index(["C1"])
    )
    try:
        labels.use("zh")
        html = tables.style(frame).to_html()
    finally:
        labels.use("en")
    assert st.LIFECYCLE["defense"].in_language("zh") in html and st.MAN["M+A+N"].in_language("zh") in html
    assert "purchases are falling" not in html and "the ideal prospect" not in html
    assert st.LIFECYCLE["defense"].text in tables.style(frame).to_html()  # English stays English


def test_every_man_code_has_its_own_label_in_both_languages():
    # priorities 5 (money only) and 6 (need only) once read the same "长期观察、培养" in the MAN table
    assert len({s.term for s in st.MAN.values()}) == 8
    assert len({s.zh for s in st.MAN.values()}) == 8
    assert st.MAN["M+a+n"].zh == "长期培养（有购买力，待需求和决策人）"
    assert st.MAN["m+a+N"].zh == "长期培养（有需求，待资金和决策人）"

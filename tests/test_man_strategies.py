"""The MAN strategies read once: the advice after a label does not start over with the label's words."""

from __future__ import annotations

import pytest

import kamtools.strategies as st
from kamtools.output.labels import strategy


@pytest.mark.parametrize("code", list(st.MAN))
def test_the_advice_does_not_repeat_its_label(code):
    zh, en = strategy("man", code, "zh"), strategy("man", code, "en")
    label_zh, advice_zh = zh.split("：", 1)
    # the label's first words (可以接触 ...) are not said again as the advice's own heading
    assert not advice_zh.startswith(label_zh.split("，")[0]), zh
    assert "：" not in advice_zh.split("；")[0], zh  # one heading, not a second "x：" inside the advice
    assert en.count(": ") == 1 or not en.split(": ", 1)[1].startswith("worth "), en


def test_the_track_code_reads_by_hand():
    assert strategy("man", "M+A+n", "zh").startswith(
        "可以接触，持续跟踪，需求出现时跟进：有购买力和决策人，但暂无需求；"
    )

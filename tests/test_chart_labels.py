"""Every chart of the report pages as a reader of each language sees it: in English, English alone
(no Chinese gloss beside a term) with labels that start with a capital and value codes shown by their
labels (``Key account``, ``Status: OK / Watch / Weak / Cannot be computed``), never as raw codes; in
Chinese, Chinese; in both languages, the Chinese with the English."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from test_plots import AS_OF, PAGE_CHARTS

import kamtools as kt
from kamtools import credit as cr
from kamtools import plots
from kamtools import receivables as rc
from kamtools.output import labels
from kamtools.output.plots.style import capital

#: The charts of the credit and receivables pages (and the plan's), beside those of pages 00-02.
CHARTS = {
    **PAGE_CHARTS,
    "ratio_benchmarks": lambda d: (cr.ratios(d, AS_OF),),
    "grade_distribution": lambda d: (cr.score(d, AS_OF),),
    "limit_changes_by_level": lambda d: (cr.limit_changes(cr.limits(d, AS_OF)),),
    "aging_stack": lambda d: (rc.aging(d, AS_OF),),
    "dso_cei_trend": lambda d: (rc.monthly_trend(d, "2026-10", months=6),),
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _texts(ax) -> tuple[list[str], list[str]]:
    """The labels of a chart's figure (title, axis labels, legend title and entries of every axes) and
    its tick labels and notes (the text written on the bars)."""
    ax.figure.canvas.draw()
    said, ticks = [], []
    for each in ax.figure.axes:
        said += [each.get_title(), each.get_xlabel(), each.get_ylabel()]
        legend = each.get_legend()
        if legend is not None:
            said += [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
        ticks += [t.get_text() for t in each.get_xticklabels() + each.get_yticklabels() + each.texts]
    return [t for t in said if t], [t for t in ticks if t]


def _draw(name: str, data, language: str):
    args = CHARTS[name](data)
    try:
        labels.use(language)
        return _texts(getattr(plots, name)(*args)), args
    finally:
        labels.use("en")
        plt.close("all")


@pytest.mark.parametrize("name", list(CHARTS))
def test_a_chart_in_english_reads_english_with_capital_labels(name, small_data):
    (said, ticks), args = _draw(name, small_data, "en")
    names = set(args[0]["name"].astype(str)) if "name" in getattr(args[0], "columns", []) else set()
    chinese = [t for t in said + ticks if CJK.search(t) and t not in names]
    assert not chinese, chinese  # e.g. "Quick ratio 速动比率 (ok ≥ 1)"
    lower = [t for t in said if t[:1].isascii() and t[:1].islower()]
    assert not lower, lower  # e.g. "status", "ok", "ratio", "share of customers"
    codes = [t for t in said + ticks if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", t)]
    assert not codes, codes


@pytest.mark.parametrize("name", list(CHARTS))
def test_a_chart_in_both_languages_puts_the_chinese_first(name, small_data):
    (said, _), _ = _draw(name, small_data, "both")
    assert CJK.search(said[0]), said  # the title
    lower = [t for t in said if re.search(r"[\u4e00-\u9fff] [a-z]", t)]
    assert not lower, lower  # "客户占比 share of customers"


def test_the_ratio_chart_names_ratios_and_statuses_in_the_language_of_the_report(small_data):
    (said, ticks), _ = _draw("ratio_benchmarks", small_data, "en")
    assert {"Status", "OK", "Watch", "Weak", "Cannot be computed", "Financial ratio"} <= set(said)
    assert "Quick ratio (OK ≥ 1)" in ticks
    (said, ticks), _ = _draw("ratio_benchmarks", small_data, "zh")
    assert {"状态", "正常", "关注", "偏弱", "无法计算"} <= set(said) and "速动比率（正常 ≥ 1）" in ticks
    (said, ticks), _ = _draw("ratio_benchmarks", small_data, "both")
    assert "状态 Status" in said and "速动比率 Quick ratio（正常 ≥ 1）" in ticks


def test_tier_codes_on_a_chart_read_as_labels(small_data):
    (_, ticks), _ = _draw("pyramid_chart", small_data, "en")
    assert "Key account" in ticks and "key" not in ticks
    assert kt.plots.pyramid_chart is plots.pyramid_chart


def test_capital_keeps_chinese_and_acronyms():
    assert [capital(t) for t in ("days past due", "逾期天数 days past due", "DSO (days)", "")] == [
        "Days past due",
        "逾期天数 Days past due",
        "DSO (days)",
        "",
    ]

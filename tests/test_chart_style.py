"""The house style of the charts (kamtools/output/plots/style.py) and what a reader gets from
a chart: sharp images with a description as alt text, money in the policy's currency and unit,
no "-0" ticks, the margin rate on its own axis, and the sentence that reads each chart.

The sentences are checked on tiny books made here, the expected text worked out by hand.
One test runs a notebook kernel (marked ``kernels``): a chart cell exported as a report page.
"""

from __future__ import annotations

import base64
import html
import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient
from PIL import Image

from kamtools import plots
from kamtools.output import labels
from kamtools.output.currency import money_unit
from kamtools.output.plots.style import FIGURE_DPI, IMAGE_DPI, TITLE_SIZE, description_of, figure_png, png_bytes
from kamtools.policy import PolicyError, load_policy
from kamtools.report.execute import to_html

WAN = {"report": {"currency": "CNY", "money_unit": 10000}}
NO_ALT = "No description has been provided"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _monthly() -> pd.DataFrame:
    # revenue 200,000 / 0 / 500,000 and margin 50,000 / 0 / 60,000: margin rates 25 %, none, 12 %
    return pd.DataFrame(
        {"revenue": [200_000.0, 0.0, 500_000.0], "margin": [50_000.0, 0.0, 60_000.0]},
        index=["2026-08", "2026-09", "2026-10"],
    )


# ------------------------------------------------------------------ policy keys
def test_currency_and_money_unit_are_policy_keys_checked_at_load():
    assert (load_policy()["report"]["currency"], load_policy()["report"]["money_unit"]) == ("CNY", 1)
    cases = {
        "cny": "policy key 'report.currency' = 'cny' must be a currency code of three capital letters "
        "(ISO 4217, e.g. CNY, USD, EUR)",
        "CNY ": "policy key 'report.currency' = 'CNY ' must be a currency code of three capital letters "
        "(ISO 4217, e.g. CNY, USD, EUR)",
    }
    for value, message in cases.items():
        with pytest.raises(PolicyError) as info:
            load_policy({"report": {"currency": value}})
        assert str(info.value) == message
    for value, message in {
        100: "policy key 'report.money_unit' = 100 must be 1, 1000 or 10000 (元, 千元 or 万元)",
        1000.0: "policy key 'report.money_unit' must be a whole number, got 1000.0",
        True: "policy key 'report.money_unit' must be a whole number, got True",
    }.items():
        with pytest.raises(PolicyError) as info:
            load_policy({"report": {"money_unit": value}})
        assert str(info.value) == message


def test_money_unit_labels():
    units = [{"report": {"money_unit": u}} for u in (1, 1000, 10000)]
    assert [money_unit(u, "zh").label for u in units] == ["元", "千元", "万元"]
    assert [money_unit(u, "en").label for u in units] == ["CNY", "thousand CNY", "10 thousand CNY"]
    usd = {"report": {"currency": "USD", "money_unit": 1000}}
    assert money_unit(usd).axis_label("revenue") == "revenue (thousand USD)"
    # 19,809,035 / 10,000 = 1,980.9 -> 1,981 万元; 45,000 / 10,000 = 4.5 -> one decimal below 100 units
    assert [money_unit(WAN, "zh").text(v) for v in (19_809_035, 45_000, float("nan"))] == [
        "1,981 万元",
        "4.5 万元",
        "–",
    ]
    # in English the currency first, short as the credit sentences write amounts; whole in a unit of 1
    assert [money_unit(WAN, "en").text(v) for v in (19_809_035, 45_000, 0.0, float("nan"))] == [
        "CNY 19.81 M",
        "CNY 45 k",
        "CNY 0",
        "–",
    ]
    assert money_unit(units[0], "en").text(143_333.4) == "CNY 143,333"


# ------------------------------------------------------------------ house style
def test_money_axis_has_the_currency_unit_and_no_minus_zero():
    ax = plots.plot_monthly(_monthly(), policy=WAN)
    assert ax.get_ylabel() == "Revenue and margin (10 thousand CNY)"
    fmt = ax.yaxis.get_major_formatter()
    ax.figure.canvas.draw()  # the formatter learns the tick spacing (10 万元 steps: no decimals)
    assert [fmt(v) for v in (-0.0, -1e-9, 500_000.0)] == ["0", "0", "50"]
    ax = plots.limit_changes_by_level(
        pd.DataFrame({"total_increase": [300_000.0], "total_decrease": [250_000.0]}, index=["account_manager"])
    )
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "0" in labels and not any(re.fullmatch(r"[-−]0(\.0+)?", t) for t in labels), labels
    assert ax.get_ylabel() == "Change of the limits (CNY)"
    assert ax.yaxis.get_major_formatter()(-0.0) == "0"


def test_percent_axes_read_as_percent():
    ax = plots.pareto_curve(pd.DataFrame({"account_share": [0.5, 1.0], "value_share": [0.8, 1.0]}))
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
    assert ax.yaxis.get_major_formatter()(-0.0) == "0 %"


def test_every_chart_wears_the_house_style_and_carries_its_reading():
    charts = {
        "plot_monthly": (_monthly(),),
        "monthly_activity": (pd.DataFrame({"invoiced": [10.0, 12.0], "collected": [9.0, 11.0]}, index=["a", "b"]),),
        "dso_cei_trend": (pd.DataFrame({"dso": [40.0, 45.0], "cei": [80.0, 75.0]}, index=["a", "b"]),),
        "whale_curve": (
            pd.DataFrame({"whale_rank": [1, 2], "account_share": [0.5, 1.0], "cumulative_profit_share": [1.2, 1.0]}),
        ),
    }
    for name, args in charts.items():
        ax = getattr(plots, name)(*args)
        alt = description_of(ax.figure)
        reading = plots.READINGS[name](*args)
        # the description of what is drawn, then the sentence that reads it
        assert alt.endswith(" " + reading) and len(alt) > len(reading) + 60, name
        assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible(), name
        assert ax.title.get_fontsize() == TITLE_SIZE and ax.title.get_fontweight() == "bold", name
        plt.close(ax.figure)


def test_images_are_sharp_and_shown_at_screen_size():
    ax = plots.plot_monthly(_monthly())
    data, meta = figure_png(ax.figure)
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    assert tuple(round(d) for d in image.info["dpi"]) == (IMAGE_DPI, IMAGE_DPI) and IMAGE_DPI >= 150
    # drawn at 200 dpi, shown at the size the figure has at 100 dpi: twice as many pixels as shown
    assert abs(image.width - meta["width"] * IMAGE_DPI / FIGURE_DPI) <= 1
    assert abs(image.height - meta["height"] * IMAGE_DPI / FIGURE_DPI) <= 1
    assert meta["alt"] == description_of(ax.figure)
    # the palette keeps the PNG smaller than a full-colour one at the old 100 dpi
    full = io.BytesIO()
    ax.figure.savefig(full, format="png", dpi=100, bbox_inches="tight")
    assert len(png_bytes(ax.figure)) < len(full.getvalue())
    # the palette is the same to the eye: no colour further than 16 of 255 from the full-colour image
    true = io.BytesIO()
    ax.figure.savefig(true, format="png", dpi=IMAGE_DPI, bbox_inches="tight", facecolor=ax.figure.get_facecolor())
    shown = np.asarray(image.convert("RGB"), dtype=int)
    drawn = np.asarray(Image.open(true).convert("RGB"), dtype=int)
    assert shown.shape == drawn.shape and np.abs(shown - drawn).max() <= 16


# ------------------------------------------------------------------ the margin rate
def test_margin_rate_has_its_own_axis():
    ax = plots.plot_monthly(_monthly())
    # the revenue axis holds the bars (revenue, then margin) and no line
    assert [p.get_height() for p in ax.patches] == [200_000.0, 0.0, 500_000.0, 50_000.0, 0.0, 60_000.0]
    assert [list(ln.get_ydata()) for ln in ax.get_lines()] == [[0, 0]]  # the zero line only
    right = ax.right_ax
    assert right is not ax and right.get_shared_x_axes().joined(ax, right)
    (rate,) = right.get_lines()
    # 50,000 / 200,000 = 25 %; no revenue in 2026-09: no rate; 60,000 / 500,000 = 12 %
    np.testing.assert_allclose(rate.get_ydata(), [0.25, np.nan, 0.12])
    assert right.get_ylabel() == "Margin rate" and right.yaxis.get_major_formatter()(0.25) == "25 %"
    # the rates fill their own axis rather than lying flat at the foot of the revenue axis
    low, high = right.get_ylim()
    assert low < 0.12 and high > 0.25 and high - low < 0.5


# ------------------------------------------------------------------ the readings, by hand
def test_readings_of_money_charts_in_ten_thousands():
    # highest 500,000 = 50 万元 (2026-10), lowest 0 (2026-09); rates 25 % (2026-08) and 12 % (2026-10)
    assert plots.plot_monthly_reading(_monthly(), policy=WAN) == (
        "Over the 3 months to 2026-10 revenue was highest in 2026-10 (CNY 500 k) and lowest in 2026-09 (CNY 0); "
        "the margin rate ranged from 12.0 % (2026-10) to 25.0 % (2026-08) and was 12.0 % in 2026-10."
    )
    ag = pd.DataFrame(
        {"current": [900_000.0, 0.0, 100_000.0], "d1_45": [50_000.0, 30_000.0, 0.0], "d45_plus": [0.0, 120_000.0, 0.0]},
        index=pd.Index(["C1", "C2", "C3"], name="customer_id"),
    )
    managers = pd.Series({"C1": "王经理", "C2": "李经理", "C3": "王经理"}, name="account_manager")
    # overdue 50,000 + 30,000 + 120,000 = 200,000 (20 万元); over 45 days 120,000 = 60 %, all of it 李经理's,
    # who carries 150,000 of the overdue against 王经理's 50,000
    assert plots.aging_stack_reading(ag, group=managers, policy=WAN) == (
        "Of the CNY 200 k overdue, the largest part, CNY 120 k (60.0 %), is over 45 days past due, "
        "and 李经理 carries the most (CNY 150 k)."
    )


def test_readings_of_the_receivables_trend_and_the_activity():
    # DSO unknown in the first month (no sales), 61.6 -> 62 days in the last; CEI 80.04 -> 80.0, 79.96 -> 80.0
    trend = pd.DataFrame({"dso": [np.nan, 61.6], "cei": [80.04, 79.96]}, index=["2026-09", "2026-10"])
    assert plots.dso_cei_trend_reading(trend) == (
        "Over the 2 months to 2026-10 DSO went from – to 62 days and CEI stayed at 80 % "
        "(a lower DSO and a higher CEI are better)."
    )
    months = [f"2026-0{i}" for i in range(1, 9)]
    activity = pd.DataFrame(
        {"invoiced": [100.0, 0.0, 100.0, 15.0, 0.0, 10.0, 100.0, 80.0], "collected": [90.0] * 7 + [70.0]}, index=months
    )
    # invoiced months 100, 100, 15, 10, 100, 80: median 90; below 45: 2026-04 (15) and 2026-06 (10)
    assert plots.monthly_activity_reading(activity) == (
        "CNY 80 was invoiced and CNY 70 collected in 2026-08; no invoices in 2026-02, 2026-05 and less than half "
        "the median month in 2026-04, 2026-06: check that the export is complete."
    )


def test_readings_of_the_segments():
    # 10 accounts worth 50, 20, 10, 5 x 4, 0 x 2 (total 100): half of it from the largest 1 (10 %),
    # 80 % from the largest 3 (50 + 20 + 10, 30 %)
    values = [50.0, 20.0, 10.0, 5.0, 5.0, 5.0, 5.0, 0.0, 0.0, 0.0]
    curve = pd.DataFrame(
        {"account_share": np.arange(1, 11) / 10, "value_share": np.cumsum(values) / 100.0},
        index=[f"C{i}" for i in range(10)],
    )
    assert plots.pareto_curve_reading(curve) == (
        "Half of the value comes from the largest 10.0 % of the 10 accounts (1) and 80 % from the largest 30.0 % (3)."
    )
    # 4 key stay key, 1 key drops to ordinary, 6 ordinary stay, 2 new accounts enter as ordinary: 10 of 13 kept
    matrix = pd.DataFrame(
        [[4, 1, 0], [0, 6, 0], [0, 2, 0]], index=["key", "ordinary", "(none)"], columns=["key", "ordinary", "(none)"]
    )
    assert plots.migration_heatmap_reading(matrix) == (
        "10 of the 13 accounts kept their tier (76.9 %); the largest move is 2 of new accounts into ordinary."
    )
    # the chart leaves out the (none) row and column only when nobody entered or left
    ax = plots.migration_heatmap(matrix)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Key account", "Ordinary customer", "(none)"]
    plt.close("all")
    nobody = pd.DataFrame([[4, 1, 0], [0, 6, 0], [0, 0, 0]], index=matrix.index, columns=matrix.columns)
    ax = plots.migration_heatmap(nobody)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Key account", "Ordinary customer"]


#: Limit changes by level: 1,500,000 of increases at the regional company manager, 400,000 at the account
#: manager; decreases 250,000 (in 万元: 150 + 40 = 190 and 25).
CHANGES = pd.DataFrame(
    {
        "increases": [4, 1],
        "decreases": [3, 0],
        "total_increase": [400_000.0, 1_500_000.0],
        "total_decrease": [250_000.0, 0.0],
    },
    index=["account_manager", "regional_company_manager"],
)


def test_readings_of_the_credit_charts():
    # grades without a previous assessment and nobody not rated: A twice, BBB once, B and C once each
    scores = pd.DataFrame({"grade": ["A", "A", "BBB", "B", "C"]})
    assert plots.grade_distribution_reading(scores) == (
        "The most common grade is A (2 customers); 2 are in the two lowest grades (B and C)."
    )
    none = pd.DataFrame({"increases": [0], "decreases": [0], "total_increase": [0.0], "total_decrease": [0.0]})
    assert plots.limit_changes_by_level_reading(none.set_axis(["none"])) == (
        "No recommended limit differs from the approved one."
    )
    # 1,500,000 of increases at the regional company manager, 400,000 at the account manager;
    # decreases 250,000: in 万元 150 + 40 = 190 and 25
    changes = CHANGES
    assert plots.limit_changes_by_level_reading(changes, policy=WAN) == (
        "Recommended increases add up to CNY 1.90 M for 5 customers and decreases to CNY 250 k for 3; "
        "Regional company manager approves the most of the increases (CNY 1.50 M)."
    )


# ------------------------------------------------------------------ the credit and receivables charts in Chinese
@pytest.fixture
def chinese():
    labels.use("zh")
    yield
    labels.use("en")


def test_readings_of_the_receivables_charts_in_chinese(chinese):
    # the book of test_readings_of_money_charts_in_ten_thousands: 200,000 overdue = 20 万元, of it
    # 120,000 (60 %) over 45 days; 李经理 carries 30,000 + 120,000 = 150,000; without groups C2 owes it
    ag = pd.DataFrame(
        {"current": [900_000.0, 0.0, 100_000.0], "d1_45": [50_000.0, 30_000.0, 0.0], "d45_plus": [0.0, 120_000.0, 0.0]},
        index=pd.Index(["C1", "C2", "C3"], name="customer_id"),
    )
    managers = pd.Series({"C1": "王经理", "C2": "李经理", "C3": "王经理"}, name="account_manager")
    assert plots.aging_stack_reading(ag, group=managers, policy=WAN) == (
        "逾期合计20.0 万元，其中最多的一段是逾期45天以上：12.0 万元（60.0 %）；李经理名下的逾期最多（15.0 万元）。"
    )
    assert plots.aging_stack_reading(ag, policy=WAN).endswith("；客户C2的逾期最多（15.0 万元）。")
    # DSO 40.2 -> 45.4 reads 40 -> 45 days (rose); CEI 80.0 -> 75.5 (fell)
    trend = pd.DataFrame(
        {"dso": [40.2, 52.0, 45.4], "cei": [80.0, 70.0, 75.5]}, index=["2026-08", "2026-09", "2026-10"]
    )
    assert plots.dso_cei_trend_reading(trend) == (
        "截至2026-10的3个月里，DSO从40上升到45天，CEI从80 %下降到76 %（DSO越低、CEI越高越好）。"
    )
    ax = plots.aging_stack(ag, group=managers, policy=WAN)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), legend) == (
        "应收账款账龄",
        "客户经理",
        "应收账款余额 (万元)",
        ["未到期", "逾期1-45天", "逾期45天以上"],
    )
    ax = plots.dso_cei_trend(trend)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("月份", "DSO（天）")


def test_readings_of_the_credit_charts_in_chinese(chinese):
    # A twice (the most common), B and C once each: 2 in the two lowest grades (B, C); of the previous
    # grades A, B, A, A one (B) was in them; NR once
    scores = pd.DataFrame({"grade": ["A", "A", "B", "C", "NR"], "previous_grade": ["A", "B", "A", "A", None]})
    assert plots.grade_distribution_reading(scores) == (
        "最常见的等级是A（2家客户）；2家处于最低的两个等级（B和C），上次评估时为1家；1家未评级。"
    )
    # increases 400,000 + 1,500,000 = 190 万元 for 4 + 1 customers, decreases 25 万元 for 3; the regional
    # company manager (地区公司经理) approves the most of the increases, 150 万元
    changes = CHANGES
    assert plots.limit_changes_by_level_reading(changes, policy=WAN) == (
        "建议增额合计190 万元，涉及5家客户；降额合计25.0 万元，涉及3家；地区公司经理审批的增额最多（150 万元）。"
    )
    ax = plots.limit_changes_by_level(changes, policy=WAN)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["客户经理", "地区公司经理"]
    assert (ax.get_title(), ax.get_ylabel()) == ("按审批层级的额度调整建议", "额度调整 (万元)")
    # quick ratio weak 1 of 4, ok 2 of 4 (50 %), missing 1 (25 %); debt ratio weak 2 of 4 (50 %)
    r = pd.DataFrame(
        {
            "quick_ratio": [0.5, 1.2, 1.1, None],
            "quick_ratio_status": ["weak", "ok", "ok", None],
            "debt_ratio": [0.8, 0.9, 0.4, 0.6],
            "debt_ratio_status": ["weak", "weak", "ok", "watch"],
        }
    )
    assert plots.ratio_benchmarks_reading(r) == (
        "在有财务报表的4家客户中，资产负债率偏弱的客户最多（50.0 %），速动比率正常的客户最多（50.0 %）；"
        "速动比率有25.0 %的客户无法计算。"
    )
    ax = plots.ratio_benchmarks(r)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["资产负债率（正常 ≤ 50 %）", "速动比率（正常 ≥ 1）"]


def test_a_report_in_both_languages_reads_the_chart_in_chinese_then_english():
    labels.use("both")
    try:
        text = plots.grade_distribution_reading(pd.DataFrame({"grade": ["A", "C"]}))
    finally:
        labels.use("en")
    assert text == (
        "最常见的等级是A（1家客户）；1家处于最低的两个等级（B和C）。 "
        "The most common grade is A (1 customers); 1 are in the two lowest grades (B and C)."
    )


# ------------------------------------------------------------------ alt text in a report page
def _page(outputs: list) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=outputs)]
    return nb


def test_a_report_page_carries_each_charts_description_as_alt_text(tmp_path):
    ax = plots.plot_monthly(_monthly())
    data, meta = figure_png(ax.figure)
    nb = _page([nbformat.v4.new_output("display_data", data={"image/png": data}, metadata={"image/png": meta})])
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    page = to_html(path).read_text(encoding="utf-8")
    (img,) = re.findall(r"<img\b[^>]*>", page)
    assert NO_ALT not in page
    alt = html.unescape(re.search(r'alt="([^"]*)"', img).group(1))
    assert alt == description_of(ax.figure)
    assert alt.startswith("Bar chart of revenue and margin per month") and f'width="{meta["width"]}"' in img


@pytest.mark.kernels
def test_a_chart_cell_run_in_a_kernel_shows_the_chart_then_its_reading_with_alt_text(tmp_path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # charts inline, as in the report run
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pandas as pd\nimport kamtools as kt\n"
            "m = pd.DataFrame({'revenue': [200000.0, 0.0, 500000.0], 'margin': [50000.0, 0.0, 60000.0]},"
            " index=['2026-08', '2026-09', '2026-10'])"
        ),
        nbformat.v4.new_code_cell(
            "ax = kt.plots.plot_monthly(m)\n"
            "kt.plots.show(ax, kt.plots.plot_monthly_reading(m))\n"
            "kt.tables.note('What the page says next.')"
        ),
        nbformat.v4.new_code_cell(
            "ax = kt.plots.pareto_curve(pd.DataFrame({'account_share': [0.5, 1.0], 'value_share': [0.8, 1.0]}))"
        ),
    ]
    NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    page = to_html(path).read_text(encoding="utf-8")
    assert NO_ALT not in page and page.count("<img") == 2
    reading = plots.plot_monthly_reading(_monthly())
    first = page.index("<img")
    # the chart, its reading under it, then what the cell shows last; each image with its description
    assert first < page.index(reading) < page.index("What the page says next.")
    alts = [html.unescape(a) for a in re.findall(r'<img alt="([^"]*)"', page)]
    assert alts[0].startswith("Bar chart of revenue and margin per month") and alts[0].endswith(reading)
    assert alts[1].startswith("Line chart of the cumulative share of value")
    png = nb.cells[1].outputs[0]
    assert png.output_type == "display_data" and png.metadata["image/png"]["width"] * 2 == pytest.approx(
        Image.open(io.BytesIO(base64.b64decode(png.data["image/png"]))).width, abs=1
    )

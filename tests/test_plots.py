"""The chart library (kamtools.plots): shape of every chart function, the data each draws,
drawing into a given Axes, and Chinese text.

Already covered elsewhere (not repeated here):
test_credit.test_charts_draw_the_data -- grade_distribution bars with previous grades and
tick labels, ratio_benchmarks labels and full-width bars, ratio_distribution lines,
limit_changes_by_level; test_receivables.test_plots -- aging_stack total height and tick
count, grouped x label, dso_cei_trend line data; test_segments.test_charts_draw_the_data --
pyramid widths, pareto end point, whale point count, value matrix point count, rfm and
migration heatmap sums, man pipeline, lifecycle_chart.
"""

from __future__ import annotations

import inspect
import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import kamtools as kt
from kamtools import credit as cr
from kamtools import facts, plots
from kamtools import receivables as rc
from kamtools import segments as seg
from kamtools.output import labels
from kamtools.output.plots import credit as _plots_credit
from kamtools.output.plots import lifecycle as _plots_lifecycle
from kamtools.output.plots import overview as _plots_overview
from kamtools.output.plots import portfolio as _plots_portfolio
from kamtools.output.plots import receivables as _plots_receivables
from kamtools.output.plots import segments as _plots_segments
from kamtools.output.plots.style import description_of

AS_OF = "2026-10-31"
BUCKETS = ["current", "d1_30", "d31_60", "d61_90", "d91_180", "d181_365", "d365_plus"]
HELPERS = {"CJK_FONTS", "bucket_label", "cjk_font", "new_axes", "show", "thousands", "use_cjk_font"}


@pytest.fixture(autouse=True)
def _no_figure_left_open():
    plt.close("all")
    yield
    left = plt.get_fignums()
    plt.close("all")
    assert not left, f"figures left open: {left}"


@pytest.fixture(scope="session")
def inputs(small_data) -> dict:
    """The result of each library function a chart draws, on the small generated book."""
    d = small_data
    pyr = seg.pyramid(d, AS_OF)
    return {
        "pyramid": seg.pyramid_summary(pyr, d, AS_OF),
        "pareto": seg.pareto(pyr.loc[pyr["kind"] == "customer", "revenue_12m"]),
        "profitability": seg.profitability(d, AS_OF),
        "value_matrix": seg.value_matrix(d, AS_OF),
        "aging": rc.aging(d, AS_OF),
        "trend": rc.monthly_trend(d, "2026-10", months=6),
        "ratios": cr.ratios(d, AS_OF),
        "scores": cr.score(d, AS_OF),
        "migration": seg.tier_migration(d, AS_OF, months=12),
        "history": seg.lifecycle_history(d, AS_OF, months=6),
    }


#: The ten charts of the workbook, each with the library result it draws.
CHARTS = {
    "pyramid_chart": lambda i: (i["pyramid"],),
    "pareto_curve": lambda i: (i["pareto"].curve,),
    "whale_curve": lambda i: (i["profitability"],),
    "value_matrix_chart": lambda i: (i["value_matrix"],),
    "aging_stack": lambda i: (i["aging"],),
    "ratio_benchmarks": lambda i: (i["ratios"],),
    "grade_distribution": lambda i: (i["scores"],),
    "dso_cei_trend": lambda i: (i["trend"],),
    "migration_heatmap": lambda i: (i["migration"].matrix,),
    "lifecycle_timeline": lambda i: (i["history"],),
}


def _drawn_labels(ax: Axes, axis: str = "y") -> list[str]:
    ax.figure.canvas.draw()
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks if t.get_text()]


# ============================================================================ shape
def test_every_public_chart_is_exported_with_the_same_shape():
    modules = (_plots_credit, _plots_lifecycle, _plots_overview, _plots_portfolio, _plots_receivables, _plots_segments)
    for mod in modules:
        public = {
            name
            for name, obj in vars(mod).items()
            if inspect.isfunction(obj) and obj.__module__ == mod.__name__ and not name.startswith("_")
        }
        assert public == set(mod.__all__), mod.__name__
        assert public <= set(plots.__all__), mod.__name__
    assert len(plots.__all__) == len(set(plots.__all__))
    charts = [n for n in plots.__all__ if n not in HELPERS and not n.endswith("_reading")]
    assert set(CHARTS) <= set(charts)
    # next to every chart, the function that reads it in a sentence (and nothing else is a reading)
    assert set(plots.READINGS) == set(charts)
    for name in charts:
        sig = inspect.signature(getattr(plots, name))
        ax = sig.parameters["ax"]
        assert ax.kind is inspect.Parameter.KEYWORD_ONLY and ax.default is None, name
        assert sig.return_annotation == "Axes", name


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_draws_into_the_given_axes(name, inputs, monkeypatch):
    def no_show(*args, **kwargs):
        raise AssertionError("a chart must not call plt.show()")

    monkeypatch.setattr(plt, "show", no_show)
    args = CHARTS[name](inputs)
    fig, given = plt.subplots()
    ax = getattr(plots, name)(*args, ax=given)
    assert ax is given and plt.get_fignums() == [fig.number]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)
    # without ax: exactly one new figure, holding the returned Axes
    ax = getattr(plots, name)(*args)
    assert plt.get_fignums() == [ax.figure.number]
    plt.close(ax.figure)


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_carries_its_description_and_reading(name, inputs):
    args = CHARTS[name](inputs)
    ax = getattr(plots, name)(*args)
    reading = plots.READINGS[name](*args)
    assert reading.endswith(".") and "nan" not in reading and "_" not in reading, reading
    assert description_of(ax.figure).endswith(" " + reading)
    plt.close(ax.figure)


# ============================================================================ segments
def test_pyramid_labels_each_tier(inputs):
    s = inputs["pyramid"]
    ax = plots.pyramid_chart(s)
    # each tier by its label, as a table shows it (the code "key" reads "Key account")
    shown = {
        "key": "Key account",
        "ordinary": "Ordinary customer",
        "prospect": "Prospect",
        "unattractive": "Unattractive account",
    }
    assert sorted(t.get_text() for t in ax.get_yticklabels()) == sorted(shown[t] for t in s.index)
    texts = [t.get_text() for t in ax.texts]
    for tier, n in s["accounts"].items():
        assert any(t.startswith(f"{shown[tier]}: {int(n):,} accounts") for t in texts), tier
    assert ax.get_ylabel() == "Tier" and ax.get_xlabel() == "Bar width = share of accounts"
    plt.close(ax.figure)


def test_pareto_curve_draws_the_cumulative_shares():
    # 5 accounts: 60, 20, 10, 5, 5 of 100 -> cumulative 0.6, 0.8, 0.9, 0.95, 1.0
    par = seg.pareto(pd.Series([5.0, 60.0, 10.0, 20.0, 5.0]))
    ax = plots.pareto_curve(par.curve, top=0.2)
    curve = ax.lines[0]
    assert curve.get_xdata().tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert curve.get_ydata().tolist() == pytest.approx([0, 0.6, 0.8, 0.9, 0.95, 1.0])
    marks = [ln for ln in ax.lines if ln.get_label().startswith("top ")]
    assert marks[0].get_label() == "top 20 % of accounts: 60 % of value"
    assert marks[0].get_ydata()[0] == pytest.approx(0.6)
    assert ax.get_title() == "Pareto curve: share of value by share of accounts"
    assert ax.get_ylabel() == "Cumulative share of value"
    assert "100 %" in _drawn_labels(ax) and "80 %" in _drawn_labels(ax)
    plt.close(ax.figure)


def test_whale_curve_follows_the_rank():
    # ranks out of order and one customer without a rank (no profit figures)
    p = pd.DataFrame(
        {
            "whale_rank": [2.0, np.nan, 1.0, 3.0],
            "account_share": [2 / 3, np.nan, 1 / 3, 1.0],
            "cumulative_profit_share": [1.4, np.nan, 0.9, 1.0],
        }
    )
    ax = plots.whale_curve(p)
    assert ax.lines[0].get_xdata().tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1.0])
    assert ax.lines[0].get_ydata().tolist() == pytest.approx([0, 0.9, 1.4, 1.0])
    assert any("peak 140 % at 67 % of customers" in t.get_text() for t in ax.texts)
    assert ax.get_title() == "Whale curve: cumulative profit after cost to serve"
    assert ax.get_xlabel() == "Share of customers, most profitable first"
    assert ax.get_ylabel() == "Cumulative profit, share of total"
    plt.close(ax.figure)


def test_value_matrix_places_each_account_in_its_quadrant(inputs):
    vm = inputs["value_matrix"]
    ax = plots.value_matrix_chart(vm)
    by_label = {c.get_label().rsplit(" (", 1)[0]: c for c in ax.collections}  # the quadrants by their labels
    by_label = {q: by_label[labels.cell("quadrant", q)] for q in vm["quadrant"].unique()}
    for quad, rows in vm.groupby("quadrant"):
        pts = by_label[quad].get_offsets()
        expected = np.column_stack([rows["current_value"], rows["potential_value"].fillna(0.0)])
        np.testing.assert_allclose(np.asarray(pts), expected)
        assert by_label[quad].get_label() == f"{labels.cell('quadrant', quad)} ({len(rows):,})"
    # money on both axes, with thousands separators
    assert ax.xaxis.get_major_formatter()(25000.0, 0) == "25,000"
    assert any("," in t for t in _drawn_labels(ax, "x")) and any("," in t for t in _drawn_labels(ax, "y"))
    plt.close(ax.figure)


def test_migration_heatmap_draws_the_matrix():
    before = pd.Series({"A": "key", "B": "ordinary", "C": "prospect", "E": "key"})
    after = pd.Series({"A": "ordinary", "B": "key", "D": "prospect", "E": "key"})
    mig = seg.migration(before, after)
    # rows before, columns after: key, ordinary, prospect, unattractive, (none)
    expected = [
        [1, 1, 0, 0, 0],  # E stays key, A drops to ordinary
        [1, 0, 0, 0, 0],  # B rises to key
        [0, 0, 0, 0, 1],  # C leaves
        [0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],
    ]  # D enters as prospect
    ax = plots.migration_heatmap(mig)  # the Migration itself, or its matrix
    assert ax.images[0].get_array().tolist() == expected
    shown = ["Key account", "Ordinary customer", "Prospect", "Unattractive account", "(none)"]
    assert [t.get_text() for t in ax.get_xticklabels()] == shown
    assert [t.get_text() for t in ax.get_yticklabels()] == shown
    assert [t.get_text() for t in ax.texts] == [str(v) for row in expected for v in row]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (
        "Tier migration: accounts by tier before and after",
        "Tier after",
        "Tier before",
    )
    plt.close("all")
    stages = seg.migration(pd.Series({"A": "growth"}), pd.Series({"A": "defense"}), order=seg.LIFECYCLE_ORDER)
    ax = plots.migration_heatmap(stages.matrix, segment="stage")
    assert ax.get_title() == "Stage migration: accounts by stage before and after"
    assert ax.images[0].get_array()[1, 3] == 1 and ax.images[0].get_array().sum() == 1
    plt.close("all")


# ---------------------------------------------------------------------------- lifecycle timeline
def _lifecycle_book() -> kt.KamData:
    inv = pd.DataFrame(
        {
            "invoice_id": ["g1", "g2", "d1", "d2", "e1", "e2", "h1"],
            "customer_id": ["G", "G", "D", "D", "E", "E", "H"],
            "invoice_date": [
                "2025-05-01",
                "2026-05-01",
                "2025-05-01",
                "2026-05-01",
                "2025-09-15",
                "2026-09-15",
                "2025-09-15",
            ],
            "amount": [100.0, 150.0, 100.0, 50.0, 100.0, 100.0, 100.0],
        }
    )
    inv["due_date"] = inv["invoice_date"]
    inv["cost"] = 0.0
    return facts.source(invoices=inv)


def test_lifecycle_history_month_by_month():
    h = seg.lifecycle_history(_lifecycle_book(), AS_OF, months=3)
    assert h.columns.tolist() == ["2026-08", "2026-09", "2026-10"] and h.columns.name == "month"
    # G: 100 then 150 a year later (+50 %); D: 100 then 50 (-50 %)
    assert h.loc["G"].tolist() == ["growth"] * 3
    assert h.loc["D"].tolist() == ["defense"] * 3
    # E: 100 on 2025-09-15, 100 on 2026-09-15: first year only in the window at the end of
    # August, both years (trend 0) from September on
    assert h.loc["E"].tolist() == ["breakthrough", "harvest", "harvest"]
    # H: one purchase on 2025-09-15, out of the trailing 12 months from September 2026 on
    assert h.loc["H"].tolist() == ["breakthrough", "hibernation", "hibernation"]
    with pytest.raises(ValueError, match="months"):
        seg.lifecycle_history(_lifecycle_book(), AS_OF, months=0)


def test_lifecycle_timeline_stacks_the_stages():
    h = seg.lifecycle_history(_lifecycle_book(), AS_OF, months=3)
    ax = plots.lifecycle_timeline(h)
    # stages in lifecycle order, three months each
    heights = [p.get_height() for p in ax.patches]
    assert heights == [
        2,
        0,
        0,  # breakthrough: E and H in August
        1,
        1,
        1,  # growth: G
        0,
        1,
        1,  # harvest: E
        1,
        1,
        1,  # defense: D
        0,
        1,
        1,
    ]  # hibernation: H
    bottoms = [p.get_y() for p in ax.patches]
    assert bottoms[9:12] == [3, 2, 2]  # defense sits on breakthrough + growth + harvest
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-08", "2026-09", "2026-10"]
    assert ax.get_legend().get_texts()[0].get_text() == "Breakthrough"
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (
        "Relationship lifecycle over time: customers by stage",
        "Month",
        "Customers",
    )
    plt.close(ax.figure)

    ax = plots.lifecycle_timeline(h, account="E")
    assert ax.lines[0].get_ydata().tolist() == [0, 2, 2]  # breakthrough, harvest, harvest
    assert [t.get_text() for t in ax.get_yticklabels()] == list(seg.LIFECYCLE_ORDER)
    assert ax.get_title() == "Lifecycle of customer E: stage by month" and ax.get_ylabel() == "Stage"
    plt.close(ax.figure)
    with pytest.raises(KeyError, match="'X'"):
        plots.lifecycle_timeline(h, account="X")


def test_lifecycle_timeline_on_the_book(inputs, small_data):
    h = inputs["history"]
    assert h.columns[-1] == "2026-10" and len(h.columns) == 6
    assert h["2026-10"].to_dict() == seg.lifecycle(small_data, AS_OF)["stage"].to_dict()
    ax = plots.lifecycle_timeline(h)
    heights = np.array([p.get_height() for p in ax.patches]).reshape(len(seg.LIFECYCLE_ORDER), 6)
    expected = np.array([(h == stage).sum().to_numpy() for stage in seg.LIFECYCLE_ORDER])
    np.testing.assert_array_equal(heights, expected)
    assert (heights.sum(axis=0) == len(small_data.customers)).all()
    plt.close(ax.figure)


# ============================================================================ receivables
def test_aging_stack_bars_per_customer_and_rest(inputs):
    ag = inputs["aging"]
    ax = plots.aging_stack(ag, top=5)
    names = [t.get_text() for t in ax.get_xticklabels()]
    heights = np.array([p.get_height() for p in ax.patches]).reshape(len(BUCKETS), 6)
    largest = ag[BUCKETS].sum(axis=1).nlargest(5)
    assert set(names[:5]) == set(largest.index) and names[5] == f"other {len(ag) - 5}"
    for j, cid in enumerate(names[:5]):
        np.testing.assert_allclose(heights[:, j], ag.loc[cid, BUCKETS].to_numpy(dtype=float))
    np.testing.assert_allclose(heights[:, 5], ag.drop(index=names[:5])[BUCKETS].sum().to_numpy())
    legend = ["Not yet due", "1-30 days", "31-60 days", "61-90 days", "91-180 days", "181-365 days", "Over 365 days"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == legend
    labels = _drawn_labels(ax)
    assert any("," in t for t in labels)
    assert all(t.replace(",", "").lstrip("−-").isdigit() for t in labels)
    plt.close(ax.figure)


def test_dso_cei_trend_axes(inputs):
    trend = inputs["trend"]
    ax = plots.dso_cei_trend(trend)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(trend.index)
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (
        "DSO and collection effectiveness",
        "Month",
        "DSO (days)",
    )
    assert ax.right_ax.get_ylabel() == "CEI" and ax.right_ax.figure is ax.figure
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["DSO (days)", "CEI"]
    plt.close(ax.figure)


# ============================================================================ credit
def test_ratio_benchmarks_bar_shares(inputs):
    summ = cr.ratio_summary(inputs["ratios"]).iloc[::-1]  # drawn bottom-up
    ax = plots.ratio_benchmarks(inputs["ratios"])
    widths = np.array([p.get_width() for p in ax.patches]).reshape(4, len(summ))
    for k, status in enumerate(["ok", "watch", "weak", "missing"]):
        np.testing.assert_allclose(widths[k], summ[status].fillna(0).to_numpy(), err_msg=status)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Share of customers", "Financial ratio")
    assert _drawn_labels(ax, "x")[-1] == "100 %"
    plt.close(ax.figure)


def test_grade_distribution_without_previous_grades():
    sc = pd.DataFrame({"grade": ["A", "C", "A", "B"]})
    ax = plots.grade_distribution(sc)
    assert [p.get_height() for p in ax.patches] == [0, 0, 2, 0, 0, 1, 1, 0]  # AAA AA A BBB BB B C NR
    assert ax.get_legend() is None and ax.get_xlabel() == "Grade"
    plt.close(ax.figure)


# ============================================================================ Chinese text
def _draw_chinese(small_data, inputs) -> list[str]:
    """Draw the aging chart grouped by Chinese manager names; the missing-glyph warnings."""
    names = {"Wang": "王经理", "Li": "李经理"}
    managers = small_data.customers.set_index("customer_id")["account_manager"]
    group = managers.map(lambda m: names.get(m, "张经理")).rename("客户经理")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plots.aging_stack(inputs["aging"], group=group)
        ax.figure.canvas.draw()
    assert ax.get_xlabel() == "客户经理"
    assert {t.get_text() for t in ax.get_xticklabels()} <= {"王经理", "李经理", "张经理"}
    plt.close(ax.figure)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_chinese_without_a_cjk_font_is_caught(small_data, inputs):
    # the check below can fail: the default font alone draws boxes and warns
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        assert _draw_chinese(small_data, inputs)


def test_chinese_renders_with_use_cjk_font(small_data, inputs):
    with matplotlib.rc_context():
        font = plots.use_cjk_font()
        if font is None:
            pytest.skip("no CJK font installed (make fonts)")
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", font]
        assert _draw_chinese(small_data, inputs) == []


def _glyph_warnings(title: str, family: list[str] | None = None) -> list[str]:
    """The missing-glyph warnings of a chart titled ``title`` in ``family`` (None: the fonts of
    :func:`plots.use_cjk_font`), under the warning filters the report's pages run with."""
    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context():
        warnings.simplefilter("always")
        if plots.use_cjk_font() is None:  # its filters go before "always"
            pytest.skip("no CJK font installed (make fonts)")
        if family:
            matplotlib.rcParams["font.family"] = family
        fig, ax = plt.subplots()
        ax.set_title(title)
        fig.canvas.draw()
        plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_an_emoji_no_font_has_draws_without_a_warning_in_the_page():
    """An emoji in a customer's name draws as a box with no warning (a warning would show in the
    report's page); a Chinese character the fonts lack still warns (a page that lost its CJK font shows it)."""
    assert _glyph_warnings("Northwind 🚀 华东") == []
    missing = _glyph_warnings("Northwind 🚀 华东", ["DejaVu Sans"])
    assert len(missing) == 2 and all("ROCKET" not in m for m in missing), missing
    assert any(str(ord("华")) in m for m in missing) and any(str(ord("东")) in m for m in missing), missing


# ============================================================================ language
#: The charts of the data overview, portfolio and segmentation pages, each with what it draws.
PAGE_CHARTS = {
    "monthly_activity": lambda d: (kt.overview.monthly_activity(d, AS_OF, months=6),),
    "plot_monthly": lambda d: (kt.portfolio.monthly(d, AS_OF, months=6),),
    "plot_top_customers": lambda d: (kt.portfolio.concentration(d, AS_OF, n=5).top,),
    "pyramid_chart": lambda d: (seg.pyramid_summary(seg.pyramid(d, AS_OF), d, AS_OF),),
    "pareto_curve": lambda d: (seg.revenue_pareto(d, AS_OF).curve,),
    "whale_curve": lambda d: (seg.profitability(d, AS_OF),),
    "value_matrix_chart": lambda d: (seg.value_matrix(d, AS_OF),),
    "rfm_heatmap": lambda d: (seg.rfm(d, AS_OF),),
    "man_pipeline_chart": lambda d: (seg.man_pipeline(seg.man(d)),),
    "lifecycle_chart": lambda d: (seg.lifecycle(d, AS_OF),),
    "migration_heatmap": lambda d: (seg.tier_migration(d, AS_OF, months=12).matrix,),
}
#: English a Chinese chart may keep: the method's acronyms and the MAN codes.
KEPT = re.compile(r"RFM|MAN|[Mm]\+[Aa]\+[Nn]")


@pytest.mark.parametrize("name", list(PAGE_CHARTS))
def test_a_chart_of_a_report_in_chinese_is_written_in_chinese(name, small_data):
    args = PAGE_CHARTS[name](small_data)
    try:
        labels.use("zh")
        ax = getattr(plots, name)(*args)
        reading = plots.READINGS[name](*args)
        ax.figure.canvas.draw()
        legend = ax.get_legend()
        texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), reading, description_of(ax.figure)]
        texts += [t.get_text() for t in ax.texts] + ([t.get_text() for t in legend.get_texts()] if legend else [])
        ticks = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    finally:
        labels.use("en")
        plt.close("all")
    names = sorted(set(args[0]["name"]), key=len, reverse=True) if "name" in args[0] else []

    def left(text: str) -> str:  # the text without what stays as it is: names, acronyms, MAN codes
        for name in names:
            text = text.replace(name, "")
        return KEPT.sub("", text)

    english = [t for t in texts + ticks if re.search(r"[A-Za-z]{3,}", left(t))]
    assert not english, english
    assert re.search(r"[\u4e00-\u9fff]", ax.get_title()) and reading.endswith("。"), (ax.get_title(), reading)
    # in English the same chart reads as before: its reading does not change with the language
    assert plots.READINGS[name](*args) != reading and plots.READINGS[name](*args).endswith(".")

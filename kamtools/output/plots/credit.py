"""Charts of the credit analysis (re-exported by :mod:`kamtools.plots`), each with the sentence
that reads it (``<chart>_reading``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ...credit import NOT_RATED, RATIOS, grade_order, level_names, ratio_summary
from ...policy import load_policy
from ...text import number, plot_text
from ..currency import money_unit
from ..formats import kind_of
from ..labels import column, language, pick
from ._base import new_axes, title_text
from .style import (
    BLUE,
    BLUE_MID,
    GREY,
    ORANGE,
    STATUS,
    count_axis,
    finish,
    money_axis,
    number_axis,
    percent_axis,
    percent_text,
)

__all__: list[str] = [
    "grade_distribution",
    "grade_distribution_reading",
    "limit_changes_by_level",
    "limit_changes_by_level_reading",
    "ratio_benchmarks",
    "ratio_benchmarks_reading",
    "ratio_distribution",
    "ratio_distribution_reading",
]

#: Ratios that are shares of 1 (the format registry says so): their benchmarks show as percentages.
_PCT_RATIOS = tuple(name for name in RATIOS if kind_of(name) == "share")


def _ratio_value(name: str, value: float) -> str:
    """A value of ratio ``name`` as a reader reads it: a percentage for a share, else as typed."""
    return percent_text(value, 0) if name in _PCT_RATIOS else number(value, "g")


def _ratio_name(name: str) -> str:
    """A ratio as a chart names it: the English in an English report, the Chinese in a Chinese one,
    the Chinese then the English in both languages (``速动比率 Quick ratio``)."""
    en, zh = RATIOS[name]
    return pick(en, zh)


def ratio_benchmarks(ratio_frame: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Share of customers whose ratio is ok (green), to watch (amber), weak (red) or missing
    (grey) against its benchmark.

    ``ratio_frame`` is the result of :func:`kamtools.credit.ratios`; one
    horizontal bar per ratio, labelled with the benchmark that makes it ok.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> r = pd.DataFrame({"quick_ratio": [0.5, 1.2, None],
    ...                   "quick_ratio_status": ["weak", "ok", None]})
    >>> ax = ratio_benchmarks(r)
    >>> ax.get_title(), ax.get_yticklabels()[0].get_text()
    ('Financial ratios against benchmarks', 'Quick ratio (OK ≥ 1)')
    >>> [t.get_text() for t in ax.get_legend().get_texts()], ax.get_legend().get_title().get_text()
    (['OK', 'Watch', 'Weak', 'Cannot be computed'], 'Status')
    >>> plt.close(ax.figure)
    """
    summ = ratio_summary(ratio_frame, policy).iloc[::-1]
    ax = new_axes(ax, figsize=(10, 0.5 * len(summ) + 1.5))
    labels = []
    for name, row in summ.iterrows():
        sign = "≥" if row["better"] == "higher" else "≤"
        ok_at = f"{sign} {_ratio_value(str(name), row['ok_at'])}"
        ok_text = f" ({column('ok', 'en')} {ok_at})" if language() == "en" else f"（{column('ok', 'zh')} {ok_at}）"
        labels.append(f"{_ratio_name(str(name))}{ok_text}")
    left = np.zeros(len(summ))
    for status, color in STATUS.items():  # OK, Watch, Weak, Cannot be computed: the table's headers
        vals = summ[status].fillna(0).to_numpy()
        ax.barh(labels, vals, left=left, color=color, label=column(status))
        left += vals
    ax.set_xlim(0, 1)
    ax.set_title(title_text("Financial ratios against benchmarks", "财务比率与标准值对比"))
    percent_axis(ax, "x", pick("Share of customers", "客户占比"))
    ax.set_ylabel(pick("Financial ratio", "财务比率"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title=pick("Status", "状态"))
    return finish(
        ax,
        description=pick(
            "Stacked horizontal bar chart, one bar per financial ratio: the share of customers whose "
            "ratio is ok (green), to watch (amber), weak (red) or cannot be computed (grey) against its benchmark.",
            "堆叠横条图，每个财务比率一条：比率对照标准值正常（绿）、需关注（黄）、偏弱（红）或无法计算（灰）的客户占比。",
        ),
        reading=ratio_benchmarks_reading(ratio_frame, policy=policy),
        grid="x",
    )


def ratio_benchmarks_reading(ratio_frame: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`ratio_benchmarks` shows: the ratio ok for the most customers, the one weak for
    the most, and the one that most often cannot be computed.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"quick_ratio": [0.5, 1.2, 1.1, None], "quick_ratio_status": ["weak", "ok", "ok", None],
    ...     "debt_ratio": [0.8, 0.9, 0.4, 0.6], "debt_ratio_status": ["weak", "weak", "ok", "watch"]})
    >>> ratio_benchmarks_reading(r)
    'Of the 4 customers with statements, Debt ratio is weak for the most (50.0 %) and Quick ratio ok for the most (50.0 %); Quick ratio cannot be computed for 25.0 %.'
    """
    summ = ratio_summary(ratio_frame, policy)
    if summ.empty or len(ratio_frame) == 0:
        return pick("No customer has a financial statement.", "没有客户提供财务报表。")
    weak, ok = summ["weak"].fillna(0).idxmax(), summ["ok"].fillna(0).idxmax()
    n, weak_share, ok_share = (
        f"{len(ratio_frame):,}",
        percent_text(summ.loc[weak, "weak"]),
        percent_text(summ.loc[ok, "ok"]),
    )
    text = (
        f"Of the {n} customers with statements, {RATIOS[weak][0]} is weak for the most "
        f"({weak_share}) and {RATIOS[ok][0]} ok for the most ({ok_share})"
    )
    text_zh = (
        f"在有财务报表的{n}家客户中，{RATIOS[weak][1]}偏弱的客户最多（{weak_share}），"
        f"{RATIOS[ok][1]}正常的客户最多（{ok_share}）"
    )
    missing = summ["missing"].fillna(0)
    if missing.max() > 0:
        most = missing.idxmax()
        text += f"; {RATIOS[most][0]} cannot be computed for {percent_text(missing[most])}"
        text_zh += f"；{RATIOS[most][1]}有{percent_text(missing[most])}的客户无法计算"
    return pick(text + ".", text_zh + "。")


def ratio_distribution(
    ratio_frame: pd.DataFrame, ratio: str, *, policy: Any = None, bins: int = 30, ax: Axes | None = None
) -> Axes:
    """Histogram of one ratio across customers with its ok, watch and target lines.

    Values beyond the 2nd and 98th percentiles are gathered at the edges so that a
    few extreme statements do not flatten the picture.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> r = pd.DataFrame({"debt_ratio": [0.3, 0.5, 0.8, 0.6]})
    >>> ax = ratio_distribution(r, "debt_ratio")
    >>> ax.get_xlabel()
    'Debt ratio'
    >>> plt.close(ax.figure)
    """
    bench = load_policy(policy)["credit"]["benchmarks"][ratio]
    en, zh = RATIOS[ratio]
    v = ratio_frame[ratio].dropna().astype(float)
    ax = new_axes(ax)
    if len(v):
        lo, hi = v.quantile(0.02), v.quantile(0.98)
        ax.hist(v.clip(lo, hi), bins=bins, color=GREY)
    lines = {"ok": ("ok", "正常"), "watch": ("watch", "关注"), "target": ("target", "目标")}
    for key, color, style in (("ok", STATUS["ok"], "-"), ("watch", STATUS["weak"], "--"), ("target", "black", ":")):
        ax.axvline(
            float(bench[key]),
            color=color,
            linestyle=style,
            label=f"{pick(*lines[key])} {_ratio_value(ratio, bench[key])}",
        )
    ax.set_title(pick(f"Distribution of the {en.lower()} against its benchmark", f"{zh}的分布与标准值"))
    (percent_axis if ratio in _PCT_RATIOS else number_axis)(ax, "x", _ratio_name(ratio))
    count_axis(ax, "y", pick("customers", "客户数"))
    ax.legend()
    return finish(
        ax,
        description=pick(
            f"Histogram of the {en.lower()} across customers, with vertical lines at the benchmark's ok "
            "(green), watch (red) and target (black) values.",
            f"各客户{zh}的直方图，竖线标出标准值的正常（绿）、关注（红）和目标（黑）水平。",
        ),
        reading=ratio_distribution_reading(ratio_frame, ratio, policy=policy),
    )


def ratio_distribution_reading(ratio_frame: pd.DataFrame, ratio: str, *, policy: Any = None) -> str:
    """What :func:`ratio_distribution` shows: the median and how many customers are ok or weak.

    >>> import pandas as pd
    >>> ratio_distribution_reading(pd.DataFrame({"debt_ratio": [0.3, 0.5, 0.8, 0.6, None]}), "debt_ratio")
    'The median debt ratio of the 4 customers with one is 55 %; 2 are ok (≤ 50 %) and 1 weak (above 70 %).'
    """
    bench = load_policy(policy)["credit"]["benchmarks"][ratio]
    en, zh = RATIOS[ratio][0].lower(), RATIOS[ratio][1]
    v = ratio_frame[ratio].dropna().astype(float)
    if v.empty:
        return pick(f"No customer has a {en}.", f"没有客户有{zh}数据。")
    higher = bench["better"] == "higher"
    ok = int((v >= bench["ok"]).sum() if higher else (v <= bench["ok"]).sum())
    weak = int((v < bench["watch"]).sum() if higher else (v > bench["watch"]).sum())
    sign, beyond, beyond_zh = ("≥", "below", "低于") if higher else ("≤", "above", "高于")
    median, ok_at, watch_at = (_ratio_value(ratio, x) for x in (v.median(), bench["ok"], bench["watch"]))
    return pick(
        f"The median {en} of the {len(v):,} customers with one is {median}; "
        f"{ok:,} are ok ({sign} {ok_at}) and {weak:,} weak ({beyond} {watch_at}).",
        f"有{zh}数据的{len(v):,}家客户中位数为{median}；{ok:,}家正常（{sign} {ok_at}），"
        f"{weak:,}家偏弱（{beyond_zh} {watch_at}）。",
    )


def grade_distribution(scores: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Customers per credit grade, now and at the previous assessment.

    ``scores`` is the result of :func:`kamtools.credit.score` (columns ``grade``
    and, optionally, ``previous_grade``).

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> sc = pd.DataFrame({"grade": ["A", "A", "B"], "previous_grade": ["A", "B", None]})
    >>> ax = grade_distribution(sc)
    >>> [t.get_text() for t in ax.get_xticklabels()][:3]
    ['AAA', 'AA', 'A']
    >>> plt.close(ax.figure)
    """
    order = grade_order(policy)
    now = scores["grade"].value_counts().reindex(order, fill_value=0)
    x = np.arange(len(order))
    ax = new_axes(ax)
    if "previous_grade" in scores.columns:
        prev = scores["previous_grade"].value_counts().reindex(order, fill_value=0)
        ax.bar(x - 0.2, prev.to_numpy(), width=0.4, color=GREY, label=pick("previous assessment", "上次评估"))
        ax.bar(x + 0.2, now.to_numpy(), width=0.4, color=BLUE, label=pick("now", "本期"))
        ax.legend()
    else:
        ax.bar(x, now.to_numpy(), color=BLUE)
    ax.set_xticks(x)
    ax.set_xticklabels(order)
    ax.set_title(pick("Customers by credit grade", "各信用等级的客户数"))
    ax.set_xlabel(pick("grade", "信用等级"))
    count_axis(ax, "y", pick("customers", "客户数"))
    previous = "previous_grade" in scores.columns
    then, then_zh = (" and at the previous assessment (grey)", "及上次评估时（灰）") if previous else ("", "")
    return finish(
        ax,
        description=pick(
            f"Bar chart of customers per credit grade, best grade on the left, now{then}; {NOT_RATED} is not rated.",
            f"各信用等级客户数的柱状图，最好的等级在左，本期{then_zh}；{NOT_RATED}为未评级。",
        ),
        reading=grade_distribution_reading(scores, policy=policy),
    )


def grade_distribution_reading(scores: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`grade_distribution` shows: the most common grade, the customers in the two
    lowest grades (now and at the previous assessment) and those not rated.

    >>> import pandas as pd
    >>> sc = pd.DataFrame({"grade": ["A", "A", "B", "C", "NR"], "previous_grade": ["A", "B", "A", "A", None]})
    >>> grade_distribution_reading(sc)
    'The most common grade is A (2 customers); 2 are in the two lowest grades (B and C) against 1 at the previous assessment; 1 is not rated.'
    """
    rated = grade_order(policy, not_rated=False)
    now = scores["grade"].value_counts().reindex(rated, fill_value=0)
    if not now.sum():
        return pick("No customer is graded.", "没有已评级的客户。")
    low = rated[-2:]
    top, n, in_low = now.idxmax(), f"{int(now.max()):,}", f"{int(now[low].sum()):,}"
    text = (
        f"The most common grade is {top} ({n} customers); {in_low} are in the two lowest grades ({' and '.join(low)})"
    )
    text_zh = f"最常见的等级是{top}（{n}家客户）；{in_low}家处于最低的两个等级（{'和'.join(low)}）"
    if "previous_grade" in scores.columns:
        before = f"{int(scores['previous_grade'].isin(low).sum()):,}"
        text += f" against {before} at the previous assessment"
        text_zh += f"，上次评估时为{before}家"
    nr = int((scores["grade"] == NOT_RATED).sum())
    if nr:
        text += f"; {nr:,} {'is' if nr == 1 else 'are'} not rated"
        text_zh += f"；{nr:,}家未评级"
    return pick(text + ".", text_zh + "。")


def limit_changes_by_level(changes: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Recommended limit increases (up) and decreases (down) by approval level.

    ``changes`` is the result of :func:`kamtools.credit.limit_changes`; the level
    ``none`` (no change) is left out; levels are named as the policy names them.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> ch = pd.DataFrame({"total_increase": [1000.0, 0.0], "total_decrease": [500.0, 0.0]},
    ...                   index=["account_manager", "none"])
    >>> ax = limit_changes_by_level(ch)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_xticklabels()]
    ('Change of the limits (CNY)', ['Account manager'])
    >>> plt.close(ax.figure)
    """
    changes = changes.drop(index="none", errors="ignore")
    names = level_names(policy)
    ax = new_axes(ax)
    x = np.arange(len(changes))
    ax.bar(x - 0.2, changes["total_increase"].to_numpy(), width=0.4, color=BLUE_MID, label=pick("increases", "增额"))
    ax.bar(x + 0.2, -changes["total_decrease"].to_numpy(), width=0.4, color=ORANGE, label=pick("decreases", "降额"))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels([plot_text(_level_name(names, i)) for i in changes.index])
    ax.set_title(pick("Recommended limit changes by approval level", "按审批层级的额度调整建议"))
    ax.set_xlabel(pick("approval level", "审批层级"))
    money_axis(ax, "y", pick("change of the limits", "额度调整"), policy)
    ax.legend()
    unit = money_unit(policy).label
    return finish(
        ax,
        description=pick(
            f"Bar chart of the recommended credit limit increases (up) and decreases (down) in {unit}, by the "
            "approval level that decides them.",
            f"建议增额（向上）和降额（向下）的柱状图，单位{unit}，按决定调整的审批层级分组。",
        ),
        reading=limit_changes_by_level_reading(changes, policy=policy),
    )


def limit_changes_by_level_reading(changes: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`limit_changes_by_level` shows: the total increases and decreases, and the
    level that approves the most of the increases.

    >>> import pandas as pd
    >>> ch = pd.DataFrame({"increases": [3, 1, 0], "decreases": [2, 0, 0], "total_increase": [90.0, 600.0, 0.0],
    ...     "total_decrease": [40.0, 0.0, 0.0]}, index=["account_manager", "direct_sales_manager", "none"])
    >>> limit_changes_by_level_reading(ch)
    'Recommended increases add up to CNY 690 for 4 customers and decreases to CNY 40 for 2; Direct-sales manager approves the most of the increases (CNY 600).'
    """
    unit = money_unit(policy)
    changes = changes.drop(index="none", errors="ignore")
    up, down = float(changes["total_increase"].sum()), float(changes["total_decrease"].sum())
    if not up > 0 and not down > 0:
        return pick("No recommended limit differs from the approved one.", "没有与现有额度不同的建议额度。")
    text, text_zh = f"Recommended increases add up to {unit.text(up)}", f"建议增额合计{unit.text(up)}"
    if "increases" in changes.columns:
        text += f" for {int(changes['increases'].sum()):,} customers"
        text_zh += f"，涉及{int(changes['increases'].sum()):,}家客户"
    text += f" and decreases to {unit.text(down)}"
    text_zh += f"；降额合计{unit.text(down)}"
    if "decreases" in changes.columns:
        text += f" for {int(changes['decreases'].sum()):,}"
        text_zh += f"，涉及{int(changes['decreases'].sum()):,}家"
    if up > 0:
        level = changes["total_increase"].idxmax()
        en, zh = level_names(policy).get(level, (level, level))
        most = unit.text(changes.loc[level, "total_increase"])
        text += f"; {en} approves the most of the increases ({most})"
        text_zh += f"；{zh or en}审批的增额最多（{most}）"
    return pick(text + ".", text_zh + "。")


def _level_name(names: dict[str, tuple[str, str]], level: Any) -> str:
    """An approval level as the report's language names it (a level the policy does not name: its key)."""
    en, zh = names.get(level, (str(level), ""))
    return pick(en, zh or en)

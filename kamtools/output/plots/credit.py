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
from ._base import new_axes
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
    ('Financial ratios against benchmarks', 'Quick ratio 速动比率 (ok ≥ 1)')
    >>> plt.close(ax.figure)
    """
    summ = ratio_summary(ratio_frame, policy).iloc[::-1]
    ax = new_axes(ax, figsize=(10, 0.5 * len(summ) + 1.5))
    labels = []
    for name, row in summ.iterrows():
        sign = "≥" if row["better"] == "higher" else "≤"
        labels.append(f"{row['label']} (ok {sign} {_ratio_value(str(name), row['ok_at'])})")
    left = np.zeros(len(summ))
    for status, color in STATUS.items():
        vals = summ[status].fillna(0).to_numpy()
        ax.barh(labels, vals, left=left, color=color, label=status)
        left += vals
    ax.set_xlim(0, 1)
    ax.set_title("Financial ratios against benchmarks")
    percent_axis(ax, "x", "share of customers")
    ax.set_ylabel("ratio")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="status")
    return finish(
        ax,
        description="Stacked horizontal bar chart, one bar per financial ratio: the share of customers whose "
        "ratio is ok (green), to watch (amber), weak (red) or cannot be computed (grey) against its benchmark.",
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
    'Of the 4 customers with statements, Debt ratio 资产负债率 is weak for the most (50.0 %) and Quick ratio 速动比率 ok for the most (50.0 %); Quick ratio 速动比率 cannot be computed for 25.0 %.'
    """
    summ = ratio_summary(ratio_frame, policy)
    if summ.empty or len(ratio_frame) == 0:
        return "No customer has a financial statement."
    weak, ok = summ["weak"].fillna(0).idxmax(), summ["ok"].fillna(0).idxmax()
    text = (
        f"Of the {len(ratio_frame):,} customers with statements, {summ.loc[weak, 'label']} is weak for the most "
        f"({percent_text(summ.loc[weak, 'weak'])}) and {summ.loc[ok, 'label']} ok for the most "
        f"({percent_text(summ.loc[ok, 'ok'])})"
    )
    missing = summ["missing"].fillna(0)
    if missing.max() > 0:
        most = missing.idxmax()
        text += f"; {summ.loc[most, 'label']} cannot be computed for {percent_text(missing[most])}"
    return text + "."


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
    'Debt ratio 资产负债率'
    >>> plt.close(ax.figure)
    """
    bench = load_policy(policy)["credit"]["benchmarks"][ratio]
    en, zh = RATIOS[ratio]
    v = ratio_frame[ratio].dropna().astype(float)
    ax = new_axes(ax)
    if len(v):
        lo, hi = v.quantile(0.02), v.quantile(0.98)
        ax.hist(v.clip(lo, hi), bins=bins, color=GREY)
    for key, color, style in (("ok", STATUS["ok"], "-"), ("watch", STATUS["weak"], "--"), ("target", "black", ":")):
        ax.axvline(float(bench[key]), color=color, linestyle=style, label=f"{key} {_ratio_value(ratio, bench[key])}")
    ax.set_title(f"Distribution of the {en.lower()} against its benchmark")
    (percent_axis if ratio in _PCT_RATIOS else number_axis)(ax, "x", f"{en} {zh}")
    count_axis(ax, "y", "customers")
    ax.legend()
    return finish(
        ax,
        description=f"Histogram of the {en.lower()} across customers, with vertical lines at the benchmark's ok "
        "(green), watch (red) and target (black) values.",
        reading=ratio_distribution_reading(ratio_frame, ratio, policy=policy),
    )


def ratio_distribution_reading(ratio_frame: pd.DataFrame, ratio: str, *, policy: Any = None) -> str:
    """What :func:`ratio_distribution` shows: the median and how many customers are ok or weak.

    >>> import pandas as pd
    >>> ratio_distribution_reading(pd.DataFrame({"debt_ratio": [0.3, 0.5, 0.8, 0.6, None]}), "debt_ratio")
    'The median debt ratio of the 4 customers with one is 55 %; 2 are ok (≤ 50 %) and 1 weak (above 70 %).'
    """
    bench = load_policy(policy)["credit"]["benchmarks"][ratio]
    en = RATIOS[ratio][0].lower()
    v = ratio_frame[ratio].dropna().astype(float)
    if v.empty:
        return f"No customer has a {en}."
    higher = bench["better"] == "higher"
    ok = int((v >= bench["ok"]).sum() if higher else (v <= bench["ok"]).sum())
    weak = int((v < bench["watch"]).sum() if higher else (v > bench["watch"]).sum())
    sign, beyond = ("≥", "below") if higher else ("≤", "above")
    return (
        f"The median {en} of the {len(v):,} customers with one is {_ratio_value(ratio, v.median())}; "
        f"{ok:,} are ok ({sign} {_ratio_value(ratio, bench['ok'])}) and {weak:,} weak "
        f"({beyond} {_ratio_value(ratio, bench['watch'])})."
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
        ax.bar(x - 0.2, prev.to_numpy(), width=0.4, color=GREY, label="previous assessment")
        ax.bar(x + 0.2, now.to_numpy(), width=0.4, color=BLUE, label="now")
        ax.legend()
    else:
        ax.bar(x, now.to_numpy(), color=BLUE)
    ax.set_xticks(x)
    ax.set_xticklabels(order)
    ax.set_title("Customers by credit grade")
    ax.set_xlabel("grade")
    count_axis(ax, "y", "customers")
    then = " and at the previous assessment (grey)" if "previous_grade" in scores.columns else ""
    return finish(
        ax,
        description=f"Bar chart of customers per credit grade, best grade on the left, now{then}; "
        f"{NOT_RATED} is not rated.",
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
        return "No customer is graded."
    low = rated[-2:]
    text = (
        f"The most common grade is {now.idxmax()} ({int(now.max()):,} customers); "
        f"{int(now[low].sum()):,} are in the two lowest grades ({' and '.join(low)})"
    )
    if "previous_grade" in scores.columns:
        text += f" against {int(scores['previous_grade'].isin(low).sum()):,} at the previous assessment"
    nr = int((scores["grade"] == NOT_RATED).sum())
    if nr:
        text += f"; {nr:,} {'is' if nr == 1 else 'are'} not rated"
    return text + "."


def limit_changes_by_level(changes: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Recommended limit increases (up) and decreases (down) by approval level.

    ``changes`` is the result of :func:`kamtools.credit.limit_changes`; the level
    ``none`` (no change) is left out; levels are named as the policy names them.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> ch = pd.DataFrame({"total_increase": [1000.0, 0.0], "total_decrease": [500.0, 0.0]},
    ...                   index=["account_manager", "none"])
    >>> ax = limit_changes_by_level(ch)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_xticklabels()]
    ('change of the limits (元)', ['Account manager'])
    >>> plt.close(ax.figure)
    """
    changes = changes.drop(index="none", errors="ignore")
    names = level_names(policy)
    ax = new_axes(ax)
    x = np.arange(len(changes))
    ax.bar(x - 0.2, changes["total_increase"].to_numpy(), width=0.4, color=BLUE_MID, label="increases")
    ax.bar(x + 0.2, -changes["total_decrease"].to_numpy(), width=0.4, color=ORANGE, label="decreases")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels([plot_text(names.get(i, (i,))[0]) for i in changes.index])
    ax.set_title("Recommended limit changes by approval level")
    ax.set_xlabel("approval level")
    money_axis(ax, "y", "change of the limits", policy)
    ax.legend()
    return finish(
        ax,
        description="Bar chart of the recommended credit limit increases (up) and decreases (down) in "
        f"{money_unit(policy).label}, by the approval level that decides them.",
        reading=limit_changes_by_level_reading(changes, policy=policy),
    )


def limit_changes_by_level_reading(changes: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`limit_changes_by_level` shows: the total increases and decreases, and the
    level that approves the most of the increases.

    >>> import pandas as pd
    >>> ch = pd.DataFrame({"increases": [3, 1, 0], "decreases": [2, 0, 0], "total_increase": [90.0, 600.0, 0.0],
    ...     "total_decrease": [40.0, 0.0, 0.0]}, index=["account_manager", "direct_sales_manager", "none"])
    >>> limit_changes_by_level_reading(ch)
    'Recommended increases add up to 690 元 for 4 customers and decreases to 40 元 for 2; Direct-sales manager approves the most of the increases (600 元).'
    """
    unit = money_unit(policy)
    changes = changes.drop(index="none", errors="ignore")
    up, down = float(changes["total_increase"].sum()), float(changes["total_decrease"].sum())
    if not up > 0 and not down > 0:
        return "No recommended limit differs from the approved one."
    text = f"Recommended increases add up to {unit.text(up)}"
    if "increases" in changes.columns:
        text += f" for {int(changes['increases'].sum()):,} customers"
    text += f" and decreases to {unit.text(down)}"
    if "decreases" in changes.columns:
        text += f" for {int(changes['decreases'].sum()):,}"
    if up > 0:
        level = changes["total_increase"].idxmax()
        name = level_names(policy).get(level, (level,))[0]
        text += f"; {name} approves the most of the increases ({unit.text(changes.loc[level, 'total_increase'])})"
    return text + "."

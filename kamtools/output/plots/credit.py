"""Charts of the credit analysis (re-exported by :mod:`kamtools.plots`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ...credit import RATIOS, grade_order, ratio_summary
from ...policy import load_policy
from ...text import plot_text
from ..formats import kind_of
from ._base import new_axes, thousands

__all__: list[str] = ["grade_distribution", "limit_changes_by_level", "ratio_benchmarks", "ratio_distribution"]

#: Ratios that are shares of 1 (the format registry says so): their benchmarks show as percentages.
_PCT_RATIOS = tuple(name for name in RATIOS if kind_of(name) == "share")
_STATUS_COLORS = {"ok": "#2e7d32", "watch": "#f9a825", "weak": "#c62828", "missing": "#9e9e9e"}


def ratio_benchmarks(ratio_frame: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Share of customers whose ratio is ok, watch, weak or missing against its benchmark.

    ``ratio_frame`` is the result of :func:`kamtools.credit.ratios`; one
    horizontal bar per ratio, labelled with the benchmark that makes it ok.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> r = pd.DataFrame({"quick_ratio": [0.5, 1.2, None],
    ...                   "quick_ratio_status": ["weak", "ok", None]})
    >>> ax = ratio_benchmarks(r)
    >>> ax.get_title()
    'Financial ratios against benchmarks'
    >>> plt.close(ax.figure)
    """
    summ = ratio_summary(ratio_frame, policy).iloc[::-1]
    ax = new_axes(ax, figsize=(9, 0.5 * len(summ) + 1.5))
    labels = []
    for name, row in summ.iterrows():
        sign = "≥" if row["better"] == "higher" else "≤"
        ok = f"{row['ok_at']:.0%}" if name in _PCT_RATIOS else f"{row['ok_at']:g}"
        labels.append(f"{row['label']} (ok {sign} {ok})")
    left = np.zeros(len(summ))
    for status, color in _STATUS_COLORS.items():
        vals = summ[status].fillna(0).to_numpy()
        ax.barh(labels, vals, left=left, color=color, label=status)
        left += vals
    ax.set_xlim(0, 1)
    ax.set_title("Financial ratios against benchmarks")
    ax.set_xlabel("share of customers")
    ax.set_ylabel("ratio")
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", title="status")
    return ax


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
        ax.hist(v.clip(lo, hi), bins=bins, color="#90a4ae")
    for key, color, style in (
        ("ok", _STATUS_COLORS["ok"], "-"),
        ("watch", _STATUS_COLORS["weak"], "--"),
        ("target", "black", ":"),
    ):
        ax.axvline(float(bench[key]), color=color, linestyle=style, label=f"{key} {bench[key]:g}")
    ax.set_title(f"Distribution of the {en.lower()} against its benchmark")
    ax.set_xlabel(f"{en} {zh}")
    ax.set_ylabel("customers")
    thousands(ax)
    ax.legend(fontsize="small")
    return ax


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
        ax.bar(x - 0.2, prev.to_numpy(), width=0.4, color="#b0bec5", label="previous")
        ax.bar(x + 0.2, now.to_numpy(), width=0.4, color="#1565c0", label="current")
        ax.legend()
    else:
        ax.bar(x, now.to_numpy(), color="#1565c0")
    ax.set_xticks(x)
    ax.set_xticklabels(order)
    ax.set_title("Customers by credit grade")
    ax.set_xlabel("grade")
    ax.set_ylabel("customers")
    thousands(ax)
    return ax


def limit_changes_by_level(changes: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Recommended limit increases and decreases by approval level.

    ``changes`` is the result of :func:`kamtools.credit.limit_changes`; the level
    ``none`` (no change) is left out.

    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> ch = pd.DataFrame({"total_increase": [1000.0, 0.0], "total_decrease": [500.0, 0.0]},
    ...                   index=["account_manager", "none"])
    >>> ax = limit_changes_by_level(ch)
    >>> ax.get_ylabel(), len(ax.get_xticklabels())
    ('amount', 1)
    >>> plt.close(ax.figure)
    """
    changes = changes.drop(index="none", errors="ignore")
    ax = new_axes(ax)
    x = np.arange(len(changes))
    ax.bar(x - 0.2, changes["total_increase"].to_numpy(), width=0.4, color="#2e7d32", label="increases")
    ax.bar(x + 0.2, -changes["total_decrease"].to_numpy(), width=0.4, color="#c62828", label="decreases")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels([plot_text(i).replace("_", "\n") for i in changes.index])
    ax.set_title("Recommended limit changes by approval level")
    ax.set_xlabel("approval level")
    ax.set_ylabel("amount")
    thousands(ax)
    ax.legend()
    return ax

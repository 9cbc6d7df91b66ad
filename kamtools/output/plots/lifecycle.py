"""Charts of how accounts move (re-exported by :mod:`kamtools.plots`): the relationship
lifecycle now and over time, and the migration between tiers or stages, each with the sentence
that reads it (``<chart>_reading``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ...segments import LIFECYCLE_ORDER, Migration
from ...text import plot_text
from ..labels import pick
from ..labels import value as label_of
from ._base import annotated_grid, code_text, new_axes, title_text
from .style import BLUE, BLUE_MID, GRID, STAGES, WIDE, count_axis, finish, percent_text

__all__: list[str] = [
    "lifecycle_chart",
    "lifecycle_chart_reading",
    "lifecycle_timeline",
    "lifecycle_timeline_reading",
    "migration_heatmap",
    "migration_heatmap_reading",
]

#: The row and column of accounts not in the book before (entering) or after (leaving).
OUTSIDE = "(none)"


def _stage_totals(lifecycle: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Customers and revenue of the last 12 months (losses as 0) per stage, in lifecycle order."""
    stages = list(LIFECYCLE_ORDER)
    counts = lifecycle["stage"].value_counts().reindex(stages, fill_value=0)
    rev = lifecycle["revenue_12m"].clip(lower=0).groupby(lifecycle["stage"]).sum().reindex(stages, fill_value=0.0)
    return counts, rev


def lifecycle_chart(lifecycle: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Customers per lifecycle stage, labelled with the stage's share of revenue, from
    :func:`kamtools.segments.lifecycle`.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> lc = pd.DataFrame({"stage": ["growth", "growth", "harvest"], "revenue_12m": [1.0, 1.0, 2.0]})
    >>> ax = lifecycle_chart(lc)
    >>> [float(p.get_height()) for p in ax.patches]
    [0.0, 2.0, 1.0, 0.0, 0.0]
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(WIDE[0], 4))
    counts, rev = _stage_totals(lifecycle)
    total = rev.sum()
    bars = ax.bar(
        [code_text("stage", s) for s in counts.index],
        counts.to_numpy(dtype="float64"),
        color=[STAGES.get(s, BLUE_MID) for s in counts.index],
    )
    for bar, r in zip(bars, rev):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height(),
            pick(f"{percent_text(r / total, 0)} of revenue", f"收入占 {percent_text(r / total, 0)}")
            if total > 0
            else "",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_title(title_text("Relationship lifecycle: customers by stage", "客户关系生命周期：各阶段的客户数"))
    ax.set_xlabel(pick("stage", "阶段"))
    count_axis(ax, "y", pick("customers", "客户数"))
    ax.margins(y=0.12)
    return finish(
        ax,
        description=pick(
            "Bar chart of customers per relationship lifecycle stage (breakthrough, growth, harvest, "
            "defense, hibernation), each bar labelled with the stage's share of revenue of the last 12 months.",
            "柱状图：客户关系生命周期各阶段（突破期、成长期、收获期、防御期、冬眠期）的客户数，"
            "每根柱标出该阶段占近12个月收入的比例。",
        ),
        reading=lifecycle_chart_reading(lifecycle),
    )


def lifecycle_chart_reading(lifecycle: pd.DataFrame) -> str:
    """What :func:`lifecycle_chart` shows: the stage with the most customers and the one with
    the most revenue.

    >>> import pandas as pd
    >>> lc = pd.DataFrame({"stage": ["defense", "defense", "growth"], "revenue_12m": [10.0, 20.0, 70.0]})
    >>> lifecycle_chart_reading(lc)
    'Most customers are in defense (2, with 30.0 % of revenue); growth brings the most revenue (70.0 %, 1 customer).'
    >>> lifecycle_chart_reading(lc.assign(stage="growth"))
    'Growth holds the most customers (3) and the most revenue (100.0 %).'
    >>> from kamtools.output import labels; labels.use("zh"); lifecycle_chart_reading(lc)
    '防御期的客户最多（2 家，占收入 30.0 %）；成长期带来的收入最多（70.0 %，1 家客户）。'
    >>> labels.use("en")
    """
    counts, rev = _stage_totals(lifecycle)
    if not counts.sum():
        return pick("No customer has bought in the last 12 months.", "近12个月没有客户采购。")
    share = rev / rev.sum() if rev.sum() > 0 else rev * np.nan
    most, richest = counts.idxmax(), rev.idxmax()
    zh_most, zh_richest = label_of("stage", most, "zh"), label_of("stage", richest, "zh")
    if most == richest:
        return pick(
            f"{most.capitalize()} holds the most customers ({counts[most]:,}) and the most revenue "
            f"({percent_text(share[most])}).",
            f"{zh_most}的客户最多（{counts[most]:,} 家），收入也最多（{percent_text(share[most])}）。",
        )
    return pick(
        f"Most customers are in {most} ({counts[most]:,}, with {percent_text(share[most])} of revenue); {richest} "
        f"brings the most revenue ({percent_text(share[richest])}, {counts[richest]:,} "
        f"customer{'' if counts[richest] == 1 else 's'}).",
        f"{zh_most}的客户最多（{counts[most]:,} 家，占收入 {percent_text(share[most])}）；{zh_richest}带来的收入最多"
        f"（{percent_text(share[richest])}，{counts[richest]:,} 家客户）。",
    )


#: What moved, in Chinese (the ``segment`` of :func:`migration_heatmap`).
_SEGMENTS_ZH = {"tier": "层级", "stage": "阶段"}


def _code(segment: str, code: object) -> str:
    """A row or column of the migration matrix as the chart shows it."""
    if code == OUTSIDE:
        return pick(OUTSIDE, "（无）")
    return code_text(segment, code)


def _visible(matrix: pd.DataFrame) -> pd.DataFrame:
    """The migration matrix without its :data:`OUTSIDE` row and column when both are empty
    (nobody entered or left: the row would read as an all-zero segment)."""
    if OUTSIDE in matrix.index and OUTSIDE in matrix.columns:
        if not matrix.loc[OUTSIDE].any() and not matrix[OUTSIDE].any():
            return matrix.drop(index=OUTSIDE, columns=OUTSIDE)
    return matrix


def migration_heatmap(matrix: pd.DataFrame | Migration, *, segment: str = "tier", ax: Axes | None = None) -> Axes:
    """Accounts by segment before (rows) and after (columns), from :func:`kamtools.segments.migration`
    or :func:`kamtools.segments.tier_migration` (the result or its ``matrix``); the diagonal is
    unchanged. The ``(none)`` row and column (accounts entering or leaving) show only when some did.

    ``segment`` names what moved (``"tier"``, ``"stage"`` ...) in the title and axis labels.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> m = pd.DataFrame([[5, 1], [2, 9]], index=["key", "ordinary"], columns=["key", "ordinary"])
    >>> ax = migration_heatmap(m)
    >>> ax.images[0].get_array().tolist()
    [[5.0, 1.0], [2.0, 9.0]]
    >>> ax.get_title()
    'Tier migration: accounts by tier before and after'
    >>> plt.close(ax.figure)
    """
    if not isinstance(matrix, pd.DataFrame):
        matrix = matrix.matrix
    ax = new_axes(ax, figsize=GRID)
    shown = _visible(matrix)
    zh = _SEGMENTS_ZH.get(segment, segment)
    annotated_grid(
        ax,
        shown.rename(index=lambda c: _code(segment, c), columns=lambda c: _code(segment, c)),
        "Blues",
        pick("accounts", "客户数"),
    )
    ax.set_title(
        title_text(
            f"{segment.capitalize()} migration: accounts by {segment} before and after", f"{zh}迁移：前后{zh}的客户分布"
        )
    )
    named = matrix.columns.name not in (None, "after")
    ax.set_xlabel(plot_text(pick(f"{segment} after", f"现在的{zh}") + (f" ({matrix.columns.name})" if named else "")))
    ax.set_ylabel(pick(f"{segment} before", f"之前的{zh}"))
    ax.spines[["left", "bottom"]].set_visible(False)
    return finish(
        ax,
        description=pick(
            f"Heat map of accounts by {segment} before (rows) and after (columns), the number of accounts "
            f"written in each cell; the diagonal holds the accounts whose {segment} did not change.",
            f"热力图：行：之前的{zh}；列：现在的{zh}；每格写出客户数；对角线上是{zh}没有变化的客户。",
        ),
        reading=migration_heatmap_reading(matrix, segment=segment),
        grid=None,
    )


def migration_heatmap_reading(matrix: pd.DataFrame | Migration, *, segment: str = "tier") -> str:
    """What :func:`migration_heatmap` shows: how many accounts kept their segment and the largest move.

    >>> import pandas as pd
    >>> m = pd.DataFrame([[5, 1], [3, 9]], index=["key", "ordinary"], columns=["key", "ordinary"])
    >>> migration_heatmap_reading(m)
    '14 of the 18 accounts kept their tier (77.8 %); the largest move is 3 from ordinary to key.'
    >>> from kamtools.output import labels; labels.use("zh"); migration_heatmap_reading(m)
    '18 家客户中有 14 家层级不变（77.8 %）；最大的变动是 3 家客户从普通客户变为重点客户。'
    >>> labels.use("en")
    """
    if not isinstance(matrix, pd.DataFrame):
        matrix = matrix.matrix
    counts = matrix.stack()
    total = int(counts.sum())
    zh = _SEGMENTS_ZH.get(segment, segment)
    if not total:
        return pick("No accounts to compare.", "没有可比较的客户。")
    same = counts[[a == b for a, b in counts.index]]
    moves = counts[[a != b for a, b in counts.index]]
    kept = int(same.sum())
    if not moves.any():
        return pick(f"All {total:,} accounts kept their {segment}.", f"全部 {total:,} 家客户的{zh}都没有变化。")
    (before, after), n = moves.idxmax(), int(moves.max())
    where = f"from {before} to {after}"
    where_zh = f"{n:,} 家客户从{_code(segment, before)}变为{_code(segment, after)}"
    if before == OUTSIDE:
        where, where_zh = f"of new accounts into {after}", f"{n:,} 家新客户进入{_code(segment, after)}"
    elif after == OUTSIDE:
        where, where_zh = f"of accounts leaving {before}", f"{n:,} 家客户离开{_code(segment, before)}"
    return pick(
        f"{kept:,} of the {total:,} accounts kept their {segment} ({percent_text(kept / total)}); "
        f"the largest move is {n:,} {where}.",
        f"{total:,} 家客户中有 {kept:,} 家{zh}不变（{percent_text(kept / total)}）；最大的变动是 {where_zh}。",
    )


def lifecycle_timeline(history: pd.DataFrame, *, account: str | None = None, ax: Axes | None = None) -> Axes:
    """How lifecycle stages move over the months, from :func:`kamtools.segments.lifecycle_history`.

    Without ``account``: one stacked bar per month, customers per stage. With ``account``
    (a ``customer_id`` of ``history``): that customer's stage month by month, as a step line.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> h = pd.DataFrame({"2026-09": ["growth", "growth"], "2026-10": ["growth", "defense"]},
    ...                  index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> ax = lifecycle_timeline(h)
    >>> [float(p.get_height()) for p in ax.patches][2:8]
    [2.0, 1.0, 0.0, 0.0, 0.0, 1.0]
    >>> plt.close(ax.figure)
    >>> ax = lifecycle_timeline(h, account="C2")
    >>> ax.lines[0].get_ydata().tolist()
    [1.0, 3.0]
    >>> plt.close(ax.figure)
    """
    months = [str(m) for m in history.columns]
    x = np.arange(len(months))
    known = list(LIFECYCLE_ORDER)
    if account is not None:
        if account not in history.index:
            raise KeyError(f"customer {account!r} is not in the lifecycle history")
        pos = history.loc[account].map({s: float(i) for i, s in enumerate(known)}).to_numpy(dtype="float64")
        ax = new_axes(ax, figsize=(WIDE[0], 3.5))
        ax.step(x, pos, where="mid", marker="o", color=BLUE)
        ax.set_yticks(range(len(known)))
        ax.set_yticklabels(known)
        ax.set_ylim(len(known) - 0.5, -0.5)
        ax.set_title(plot_text(f"Lifecycle of customer {account}: stage by month"))
        ax.set_ylabel("stage")
        description = f"Step line of the lifecycle stage of customer {account} month by month."
    else:
        counts = _stage_counts(history)
        ax = new_axes(ax)
        bottom = np.zeros(len(months))
        for stage in counts.index:
            values = counts.loc[stage].to_numpy(dtype="float64")
            ax.bar(x, values, bottom=bottom, color=STAGES.get(stage), label=stage)
            bottom = bottom + values
        ax.set_title("Relationship lifecycle over time: customers by stage")
        count_axis(ax, "y", "customers")
        ax.legend(title="stage", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        description = "Stacked bar chart of customers per lifecycle stage, one bar per month."
    ax.set_xticks(list(x))
    ax.set_xticklabels(months, rotation=45, ha="right")
    ax.set_xlabel("month")
    return finish(ax, description=description, reading=lifecycle_timeline_reading(history, account=account))


def _stage_counts(history: pd.DataFrame) -> pd.DataFrame:
    """Customers per stage (rows, lifecycle order then any other) and month (columns)."""
    months = [str(m) for m in history.columns]
    long = history.melt(var_name="month", value_name="stage").dropna()
    known = list(LIFECYCLE_ORDER)
    stages = known + sorted(set(long["stage"]) - set(known))
    counts = pd.crosstab(long["stage"], long["month"].astype("str"))
    return counts.reindex(index=stages, columns=months, fill_value=0)


def lifecycle_timeline_reading(history: pd.DataFrame, *, account: str | None = None) -> str:
    """What :func:`lifecycle_timeline` shows: the stage whose count changed most from the first
    month to the last, or the one customer's first and last stage.

    >>> import pandas as pd
    >>> h = pd.DataFrame({"2026-09": ["growth", "growth", "harvest", "defense"], "2026-10": ["defense"] * 4},
    ...                  index=["C1", "C2", "C3", "C4"])
    >>> lifecycle_timeline_reading(h)
    'From 2026-09 to 2026-10 the customers in defense changed most, from 1 to 4.'
    >>> lifecycle_timeline_reading(h, account="C2")
    'Customer C2 was in growth in 2026-09 and is in defense in 2026-10.'
    """
    if history.shape[1] == 0:
        return "No months to show."
    first, last = str(history.columns[0]), str(history.columns[-1])
    if account is not None:
        row = history.loc[account]
        return f"Customer {account} was in {row.iloc[0]} in {first} and is in {row.iloc[-1]} in {last}."
    counts = _stage_counts(history)
    change = (counts[last] - counts[first]).abs()
    if not change.any():
        return f"From {first} to {last} the number of customers in each stage did not change."
    stage = change.idxmax()
    return (
        f"From {first} to {last} the customers in {stage} changed most, from {counts.loc[stage, first]:,} "
        f"to {counts.loc[stage, last]:,}."
    )

"""Charts of the segments analysis (re-exported by :mod:`kamtools.plots`).

Each chart takes the output of one :mod:`kamtools.segments` function, draws on ``ax``
(a new figure only when ``ax`` is None) and returns the Axes. Labels are in English
only, so the charts draw without a CJK font.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, PercentFormatter

from ...segments import LIFECYCLE_ORDER, Migration
from ...text import num, plot_text
from ._base import new_axes, thousands

__all__: list[str] = [
    "lifecycle_chart",
    "lifecycle_timeline",
    "man_pipeline_chart",
    "migration_heatmap",
    "pareto_curve",
    "pyramid_chart",
    "rfm_heatmap",
    "value_matrix_chart",
    "whale_curve",
]

TIER_COLORS = {"key": "#1f4e79", "ordinary": "#2e75b6", "prospect": "#9dc3e6", "unattractive": "#bfbfbf"}
STAGE_COLORS = {
    "breakthrough": "#9dc3e6",
    "growth": "#70ad47",
    "harvest": "#1f4e79",
    "defense": "#ed7d31",
    "hibernation": "#a5a5a5",
}
QUADRANT_COLORS = {"strategic": "#1f4e79", "maintain": "#70ad47", "develop": "#ed7d31", "minimal": "#a5a5a5"}


def _pct(v: float) -> str:
    if v is None or pd.isna(v):
        return "n/a"
    return f"{0.0 if abs(v) < 0.005 else v:.0%}"


def _annotated_grid(ax: Axes, grid: pd.DataFrame, cmap: str) -> None:
    values = grid.to_numpy(dtype="float64")
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(grid.shape[1]))
    ax.set_xticklabels([plot_text(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]))
    ax.set_yticklabels([plot_text(i) for i in grid.index])
    top = np.nanmax(values) if values.size and np.isfinite(values).any() else 0
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = values[i, j]
            ax.text(
                j,
                i,
                f"{num(v):,.0f}",
                ha="center",
                va="center",
                color="white" if top and v > top * 0.6 else "black",
                fontsize=9,
            )
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="accounts")


def pyramid_chart(summary: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The key-account pyramid from :func:`kamtools.segments.pyramid_summary`.

    One centred bar per tier (key at the top), as wide as the tier's share of accounts,
    labelled with its accounts, revenue share and selling-time share against the target.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> s = pd.DataFrame({"accounts": [1, 3, 6, 0], "account_share": [0.1, 0.3, 0.6, 0.0],
    ...     "revenue_share": [0.6, 0.4, 0.0, 0.0], "time_share": [0.5, 0.4, 0.1, 0.0],
    ...     "time_target": [0.6, 0.3, 0.1, 0.0]}, index=["key", "ordinary", "prospect", "unattractive"])
    >>> ax = pyramid_chart(s)
    >>> [round(float(p.get_width()), 2) for p in ax.patches]
    [0.1, 0.3, 0.6, 0.0]
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(10, 4.5))
    tiers = list(summary.index)
    widths = summary["account_share"].fillna(0).to_numpy(dtype="float64")
    ys = np.arange(len(tiers))[::-1]
    half = float(widths.max()) / 2 if len(widths) else 0.5
    for y, tier, w in zip(ys, tiers, widths):
        ax.barh(y, w, left=-w / 2, color=TIER_COLORS.get(tier, "#7f7f7f"), edgecolor="white", height=0.8)
        row = summary.loc[tier]
        label = (
            f"{tier}: {int(row['accounts']):,} accounts ({_pct(row['account_share'])})  |  "
            f"revenue {_pct(row['revenue_share'])}  |  time {_pct(row.get('time_share'))}"
            f" (target {_pct(row.get('time_target'))})"
        )
        ax.text(half + 0.03, y, label, va="center", fontsize=9)
    ax.set_yticks(ys)
    ax.set_yticklabels(tiers)
    ax.set_xlim(-half - 0.03, half + 1.05)
    ax.set_xticks([])
    ax.set_title("Key-account pyramid: accounts, revenue and selling time by tier")
    ax.set_xlabel("bar width = share of accounts")
    ax.set_ylabel("tier")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return ax


def pareto_curve(curve: pd.DataFrame, *, top: float = 0.2, ax: Axes | None = None) -> Axes:
    """Cumulative share of value against share of accounts, largest first (the 80-20 curve),
    from ``kamtools.segments.pareto(...).curve``.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from kamtools.segments import pareto
    >>> ax = pareto_curve(pareto(pd.Series([60.0, 20.0, 10.0, 5.0, 5.0])).curve)
    >>> ax.lines[0].get_ydata()[:3].round(2).tolist()
    [0.0, 0.6, 0.8]
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(7, 4.5))
    x = np.concatenate([[0.0], curve["account_share"].to_numpy(dtype="float64")])
    y = np.concatenate([[0.0], curve["value_share"].to_numpy(dtype="float64")])
    ax.plot(x, y, color="#1f4e79", label="cumulative share of value")
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="equal shares")
    share = float(np.interp(top, x, y)) if len(x) > 1 else float("nan")
    ax.axvline(top, color="#ed7d31", linestyle="--", linewidth=1)
    ax.axhline(
        share, color="#ed7d31", linestyle="--", linewidth=1, label=f"top {top:.0%} of accounts: {_pct(share)} of value"
    )
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title("Pareto curve: share of value by share of accounts")
    ax.set_xlabel("share of accounts, largest first")
    ax.set_ylabel("cumulative share of value")
    ax.legend(loc="lower right")
    return ax


def whale_curve(profitability: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The whale curve from :func:`kamtools.segments.profitability`: cumulative profit (share of
    total profit) against share of customers, most profitable first.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> p = pd.DataFrame({"whale_rank": [1, 2, 3], "account_share": [1 / 3, 2 / 3, 1.0],
    ...     "cumulative_profit_share": [1.5, 1.2, 1.0]})
    >>> ax = whale_curve(p)
    >>> ax.lines[0].get_ydata().tolist()
    [0.0, 1.5, 1.2, 1.0]
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(7, 4.5))
    c = profitability[profitability["whale_rank"].notna()].sort_values("whale_rank")
    x = np.concatenate([[0.0], c["account_share"].to_numpy(dtype="float64")])
    y = np.concatenate([[0.0], c["cumulative_profit_share"].to_numpy(dtype="float64")])
    ax.plot(x, y, color="#1f4e79", label="cumulative profit")
    ax.axhline(1.0, color="grey", linestyle=":", label="total profit (100 %)")
    if len(y) > 1 and np.isfinite(y).any():
        i = int(np.nanargmax(y))
        ax.annotate(
            f"peak {y[i]:.0%} at {x[i]:.0%} of customers",
            (x[i], y[i]),
            textcoords="offset points",
            xytext=(-170 if x[i] > 0.6 else 10, 8),
            fontsize=9,
        )
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlim(0, 1)
    ax.set_title("Whale curve: cumulative profit after cost to serve")
    ax.set_xlabel("share of customers, most profitable first")
    ax.set_ylabel("cumulative profit, share of total")
    ax.legend(loc="lower right")
    return ax


def value_matrix_chart(matrix: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Scatter of current value against potential value, coloured by quadrant, with the split
    lines, from :func:`kamtools.segments.value_matrix` (symmetric-log axes).

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> m = pd.DataFrame({"current_value": [10.0, 500.0], "potential_value": [800.0, 5.0],
    ...     "quadrant": ["develop", "maintain"], "split_current": [100.0, 100.0],
    ...     "split_potential": [100.0, 100.0]})
    >>> ax = value_matrix_chart(m)
    >>> ax.get_xlabel()
    'current value (margin, last 12 months)'
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(8, 6))
    m = matrix.copy()
    m["potential_value"] = m["potential_value"].fillna(0.0)
    for quad, color in QUADRANT_COLORS.items():
        sub = m[m["quadrant"] == quad]
        ax.scatter(
            sub["current_value"], sub["potential_value"], s=18, color=color, alpha=0.75, label=f"{quad} ({len(sub):,})"
        )
    sc = float(m["split_current"].iloc[0]) if len(m) else float("nan")
    sp = float(m["split_potential"].iloc[0]) if len(m) else float("nan")
    if np.isfinite(sc):
        ax.axvline(sc, color="grey", linestyle="--", linewidth=1)
    if np.isfinite(sp):
        ax.axhline(sp, color="grey", linestyle="--", linewidth=1)
    lin_x = max(abs(sc) / 10, 1.0) if np.isfinite(sc) else 1.0
    lin_y = max(abs(sp) / 10, 1.0) if np.isfinite(sp) else 1.0
    ax.set_xscale("symlog", linthresh=lin_x)
    ax.set_yscale("symlog", linthresh=lin_y)
    if len(m):
        xmin, ymin = float(m["current_value"].min()), float(m["potential_value"].min())
        ax.set_xlim(left=min(0.0, xmin * 1.2))
        ax.set_ylim(bottom=min(0.0, ymin * 1.2))
    fmt = FuncFormatter(lambda v, _: f"{v:,.0f}")
    ax.xaxis.set_major_formatter(fmt)
    ax.yaxis.set_major_formatter(fmt)
    ax.set_title("Customer value matrix: current value x potential value")
    ax.set_xlabel("current value (margin, last 12 months)")
    ax.set_ylabel("potential value (margin still to win per year)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def rfm_heatmap(rfm: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Customers by recency score (rows, 5 = most recent at the top) and frequency-monetary
    score (columns), from :func:`kamtools.segments.rfm`.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> r = pd.DataFrame({"r_score": [5, 5, 1], "fm_score": [5, 5, 1]}, dtype="Int64")
    >>> ax = rfm_heatmap(r)
    >>> int(ax.images[0].get_array()[0, 4])
    2
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(7, 5))
    scored = rfm[rfm["r_score"].notna()]
    levels = list(
        range(
            1,
            int(max(5, scored["r_score"].max() if len(scored) else 5, scored["fm_score"].max() if len(scored) else 5))
            + 1,
        )
    )
    grid = pd.crosstab(scored["r_score"].astype("int64"), scored["fm_score"].astype("int64"))
    grid = grid.reindex(index=levels[::-1], columns=levels, fill_value=0)
    _annotated_grid(ax, grid, "Blues")
    ax.set_title("RFM: customers by recency and frequency-monetary score")
    ax.set_xlabel("frequency-monetary score (1 = low, 5 = high)")
    ax.set_ylabel("recency score (5 = most recent)")
    return ax


def man_pipeline_chart(pipeline: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Estimated annual value of the leads per MAN code, highest priority at the top, labelled
    with the number of leads, from :func:`kamtools.segments.man_pipeline`.

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> p = pd.DataFrame({"priority": [1, 8], "leads": [3, 1], "estimated_annual_value": [9e5, 1e5]},
    ...     index=["M+A+N", "m+a+n"])
    >>> ax = man_pipeline_chart(p)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['1  M+A+N', '8  m+a+n']
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(9, 4.5))
    p = pipeline.sort_values("priority")
    ys = np.arange(len(p))
    values = p["estimated_annual_value"].to_numpy(dtype="float64")
    ax.barh(ys, values, color="#2e75b6")
    for y, v, n in zip(ys, values, p["leads"]):
        ax.text(v, y, f"  {int(n):,} leads", va="center", fontsize=9)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{int(pr)}  {code}" for code, pr in zip(p.index, p["priority"])])
    ax.invert_yaxis()
    ax.set_xlim(0, (values.max() if len(values) and values.max() > 0 else 1) * 1.2)
    thousands(ax, "x")
    ax.set_title("MAN pipeline: estimated annual value of leads by qualification")
    ax.set_xlabel("estimated annual value")
    ax.set_ylabel("priority and MAN code (capital = present)")
    return ax


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
    ax = new_axes(ax, figsize=(8, 4))
    stages = list(LIFECYCLE_ORDER)
    counts = lifecycle["stage"].value_counts().reindex(stages, fill_value=0)
    rev = lifecycle["revenue_12m"].clip(lower=0).groupby(lifecycle["stage"]).sum().reindex(stages, fill_value=0.0)
    total = rev.sum()
    bars = ax.bar(stages, counts.to_numpy(dtype="float64"), color="#2e75b6")
    for bar, r in zip(bars, rev):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height(),
            f"{r / total:.0%} of revenue" if total > 0 else "",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_title("Relationship lifecycle: customers by stage")
    ax.set_xlabel("stage")
    ax.set_ylabel("customers")
    thousands(ax)
    return ax


def migration_heatmap(matrix: pd.DataFrame | Migration, *, segment: str = "tier", ax: Axes | None = None) -> Axes:
    """Accounts by segment before (rows) and after (columns), from :func:`kamtools.segments.migration`
    or :func:`kamtools.segments.tier_migration` (the result or its ``matrix``); the diagonal is
    unchanged.

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
    ax = new_axes(ax, figsize=(7, 5))
    _annotated_grid(ax, matrix, "Blues")
    ax.set_title(f"{segment.capitalize()} migration: accounts by {segment} before and after")
    named = matrix.columns.name not in (None, "after")
    ax.set_xlabel(plot_text(f"{segment} after" + (f" ({matrix.columns.name})" if named else "")))
    ax.set_ylabel(f"{segment} before")
    return ax


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
        row = history.loc[account]
        pos = row.map({s: float(i) for i, s in enumerate(known)}).to_numpy(dtype="float64")
        ax = new_axes(ax, figsize=(9, 3.5))
        ax.step(x, pos, where="mid", marker="o", color="#1f4e79")
        ax.set_yticks(range(len(known)))
        ax.set_yticklabels(known)
        ax.set_ylim(len(known) - 0.5, -0.5)
        ax.set_title(plot_text(f"Lifecycle of customer {account}: stage by month"))
        ax.set_ylabel("stage")
    else:
        long = history.melt(var_name="month", value_name="stage").dropna()
        stages = known + sorted(set(long["stage"]) - set(known))
        counts = pd.crosstab(long["stage"], long["month"].astype("str"))
        counts = counts.reindex(index=stages, columns=months, fill_value=0)
        ax = new_axes(ax)
        bottom = np.zeros(len(months))
        for stage in stages:
            values = counts.loc[stage].to_numpy(dtype="float64")
            ax.bar(x, values, bottom=bottom, color=STAGE_COLORS.get(stage), label=stage)
            bottom = bottom + values
        ax.set_title("Relationship lifecycle over time: customers by stage")
        ax.set_ylabel("customers")
        thousands(ax)
        ax.legend(title="stage", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_xticks(list(x))
    ax.set_xticklabels(months, rotation=45, ha="right")
    ax.set_xlabel("month")
    return ax

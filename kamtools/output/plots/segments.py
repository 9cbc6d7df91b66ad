"""Charts of the segments analysis (re-exported by :mod:`kamtools.plots`): the pyramid, the
Pareto and whale curves, the value matrix, RFM and the MAN pipeline, each with the sentence
that reads it (``<chart>_reading``). The lifecycle and migration charts are in :mod:`.lifecycle`.

Each chart takes the output of one :mod:`kamtools.segments` function, draws on ``ax``
(a new figure only when ``ax`` is None) and returns the Axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..currency import money_unit
from ..labels import cell, pick
from ..labels import value as label_of
from ._base import annotated_grid, code_text, new_axes, title_text
from .style import (
    BLUE,
    BLUE_MID,
    GREY,
    GRID,
    ORANGE,
    PANEL,
    QUADRANTS,
    TIERS,
    WIDE,
    finish,
    money_axis,
    percent_axis,
    percent_text,
)

__all__: list[str] = [
    "man_pipeline_chart",
    "man_pipeline_chart_reading",
    "pareto_curve",
    "pareto_curve_reading",
    "pyramid_chart",
    "pyramid_chart_reading",
    "rfm_heatmap",
    "rfm_heatmap_reading",
    "value_matrix_chart",
    "value_matrix_chart_reading",
    "whale_curve",
    "whale_curve_reading",
]


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
    ax = new_axes(ax, figsize=(WIDE[0], 4.5))
    tiers = list(summary.index)
    widths = summary["account_share"].fillna(0).to_numpy(dtype="float64")
    ys = np.arange(len(tiers))[::-1]
    half = float(widths.max()) / 2 if len(widths) else 0.5
    for y, tier, w in zip(ys, tiers, widths):
        ax.barh(y, w, left=-w / 2, color=TIERS.get(tier, GREY), edgecolor="white", height=0.8)
        row = summary.loc[tier]
        accounts, share = int(row["accounts"]), percent_text(row["account_share"], 0)
        revenue, time = percent_text(row["revenue_share"], 0), percent_text(row.get("time_share"), 0)
        target = percent_text(row.get("time_target"), 0)
        label = title_text(  # in both languages on two lines, as a title
            f"{cell('tier', tier, 'en')}: {accounts:,} accounts ({share})  |  revenue {revenue}  |  time {time} "
            f"(target {target})",
            f"{label_of('tier', tier, 'zh')}：{accounts:,} 家（{share}）  |  收入 {revenue}  |  时间 {time}（目标 {target}）",
        )
        ax.text(half + 0.03, y, label, va="center", fontsize=9)
    ax.set_yticks(ys)
    ax.set_yticklabels([code_text("tier", t) for t in tiers])
    ax.set_xlim(-half - 0.03, half + 1.05)
    ax.set_xticks([])
    ax.set_title(
        title_text(
            "Key-account pyramid: accounts, revenue and selling time by tier",
            "大客户金字塔：各层级的客户数、收入和销售时间",
        )
    )
    ax.set_xlabel(pick("bar width = share of accounts", "条形宽度 = 客户数占比"))
    ax.set_ylabel(pick("tier", "层级"))
    ax.spines["bottom"].set_visible(False)
    return finish(
        ax,
        description=pick(
            "Pyramid of the account tiers, key accounts at the top, each bar as wide as the tier's share "
            "of accounts and labelled with its accounts, share of revenue and share of selling time against the target.",
            "客户层级金字塔，重点客户在最上层；条形宽度为该层级的客户数占比，并标出客户数、收入占比和销售时间占比及其目标。",
        ),
        reading=pyramid_chart_reading(summary),
        grid=None,
    )


def pyramid_chart_reading(summary: pd.DataFrame) -> str:
    """What :func:`pyramid_chart` shows: the accounts per tier and the tier whose selling time
    is furthest from its target.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"accounts": [1, 3, 6], "time_share": [0.35, 0.5, 0.15], "time_target": [0.6, 0.3, 0.1]},
    ...                  index=["key", "ordinary", "prospect"])
    >>> pyramid_chart_reading(s)
    'The pyramid has 1 key, 3 ordinary and 6 prospect accounts; selling time is furthest from its target at the key tier (35.0 % against 60.0 %).'
    >>> from kamtools.output import labels; labels.use("zh"); pyramid_chart_reading(s)
    '金字塔中有重点客户 1 家、普通客户 3 家、潜在客户 6 家；销售时间偏离目标最多的是重点客户（35.0 %，目标 60.0 %）。'
    >>> labels.use("en")
    """
    if summary.empty:
        return pick("No accounts to show.", "没有可显示的客户。")
    counts = [f"{int(n):,} {tier}" for tier, n in summary["accounts"].items()]
    text = f"The pyramid has {', '.join(counts[:-1])} and {counts[-1]} accounts" if len(counts) > 1 else ""
    text = text or f"The pyramid has {counts[0]} accounts"
    zh = "金字塔中有" + "、".join(f"{label_of('tier', t, 'zh')} {int(n):,} 家" for t, n in summary["accounts"].items())
    if {"time_share", "time_target"} <= set(summary.columns):
        gap = (summary["time_share"] - summary["time_target"]).abs()
        if gap.notna().any() and gap.max() > 0:
            tier = gap.idxmax()
            share, target = (
                percent_text(summary.loc[tier, "time_share"]),
                percent_text(summary.loc[tier, "time_target"]),
            )
            text += f"; selling time is furthest from its target at the {tier} tier ({share} against {target})"
            zh += f"；销售时间偏离目标最多的是{label_of('tier', tier, 'zh')}（{share}，目标 {target}）"
    return pick(text + ".", zh + "。")


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
    ax = new_axes(ax, figsize=PANEL)
    x = np.concatenate([[0.0], curve["account_share"].to_numpy(dtype="float64")])
    y = np.concatenate([[0.0], curve["value_share"].to_numpy(dtype="float64")])
    ax.plot(x, y, color=BLUE, label=pick("cumulative share of value", "累计价值占比"))
    ax.plot([0, 1], [0, 1], linestyle=":", color=GREY, label=pick("equal shares", "均等分布"))
    share = float(np.interp(top, x, y)) if len(x) > 1 else float("nan")
    ax.axvline(top, color=ORANGE, linestyle="--", linewidth=1)
    ax.axhline(
        share,
        color=ORANGE,
        linestyle="--",
        linewidth=1,
        label=pick(
            f"top {percent_text(top, 0)} of accounts: {percent_text(share, 0)} of value",
            f"前 {percent_text(top, 0)} 的客户：{percent_text(share, 0)} 的价值",
        ),
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title(title_text("Pareto curve: share of value by share of accounts", "帕累托曲线：客户占比与价值占比"))
    percent_axis(ax, "x", pick("share of accounts, largest first", "客户占比（从大到小）"))
    percent_axis(ax, "y", pick("cumulative share of value", "累计价值占比"))
    ax.legend(loc="lower right")
    return finish(
        ax,
        description=pick(
            "Line chart of the cumulative share of value against the share of accounts, largest first, "
            f"with the diagonal of equal shares and dashed lines at the top {percent_text(top, 0)} of accounts.",
            f"折线图：按客户从大到小排列的累计价值占比，对角线为均等分布，虚线标出前 {percent_text(top, 0)} 的客户。",
        ),
        reading=pareto_curve_reading(curve),
        grid="both",
    )


def pareto_curve_reading(curve: pd.DataFrame) -> str:
    """What :func:`pareto_curve` shows: how few of the largest accounts bring half and 80 % of the value.

    >>> import pandas as pd
    >>> from kamtools.segments import pareto
    >>> pareto_curve_reading(pareto(pd.Series([60.0, 20.0, 10.0, 5.0, 5.0])).curve)
    'Half of the value comes from the largest 20.0 % of the 5 accounts (1) and 80 % from the largest 40.0 % (2).'
    """
    if curve.empty or not curve["value_share"].notna().any():
        return pick("No account has a value to show.", "没有客户有可显示的价值。")
    parts = []
    for level in (0.5, 0.8):
        reached = curve[curve["value_share"] >= level - 1e-12]
        first = reached.iloc[0] if len(reached) else curve.iloc[-1]
        parts.append((percent_text(first["account_share"]), int(round(first["account_share"] * len(curve)))))
    (half, n_half), (most, n_most) = parts
    return pick(
        f"Half of the value comes from the largest {half} of the {len(curve):,} accounts ({n_half:,}) "
        f"and 80 % from the largest {most} ({n_most:,}).",
        f"{len(curve):,} 家客户中，最大的 {half}（{n_half:,} 家）带来一半的价值，最大的 {most}（{n_most:,} 家）带来 80 % 的价值。",
    )


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
    ax = new_axes(ax, figsize=PANEL)
    x, y = _whale_points(profitability)
    ax.plot(x, y, color=BLUE, label=pick("cumulative profit", "累计利润"))
    ax.axhline(1.0, color=GREY, linestyle=":", label=pick("total profit (100 %)", "总利润（100 %）"))
    if len(y) > 1 and np.isfinite(y).any():
        i = int(np.nanargmax(y))
        ax.annotate(
            pick(
                f"peak {percent_text(y[i], 0)} at {percent_text(x[i], 0)} of customers",
                f"峰值 {percent_text(y[i], 0)}，在 {percent_text(x[i], 0)} 的客户处",
            ),
            (x[i], y[i]),
            textcoords="offset points",
            xytext=(-170 if x[i] > 0.6 else 10, 8),
            fontsize=9,
        )
    ax.set_xlim(0, 1)
    ax.set_title(title_text("Whale curve: cumulative profit after cost to serve", "鲸鱼曲线：扣除服务成本后的累计利润"))
    percent_axis(ax, "x", pick("share of customers, most profitable first", "客户占比（利润从高到低）"))
    percent_axis(ax, "y", pick("cumulative profit, share of total", "累计利润占总利润的比例"))
    ax.legend(loc="lower right")
    return finish(
        ax,
        description=pick(
            "Line chart of cumulative profit after cost to serve, as a share of total profit, against the "
            "share of customers, most profitable first; the curve rises above 100 % while profitable customers are "
            "added and falls back as unprofitable ones give profit away.",
            "折线图：按利润从高到低排列客户，扣除服务成本后的累计利润占总利润的比例；加入盈利客户时曲线升到 100 % 以上，"
            "亏损客户侵蚀利润时曲线回落。",
        ),
        reading=whale_curve_reading(profitability),
        grid="both",
    )


def _whale_points(profitability: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The whale curve's points, starting at (0, 0), in rank order."""
    c = profitability[profitability["whale_rank"].notna()].sort_values("whale_rank")
    x = np.concatenate([[0.0], c["account_share"].to_numpy(dtype="float64")])
    y = np.concatenate([[0.0], c["cumulative_profit_share"].to_numpy(dtype="float64")])
    return x, y


def whale_curve_reading(profitability: pd.DataFrame) -> str:
    """What :func:`whale_curve` shows: where the profit peaks and how much of it the rest give away.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"whale_rank": [1, 2, 3, 4], "account_share": [0.25, 0.5, 0.75, 1.0],
    ...     "cumulative_profit_share": [0.9, 1.3, 1.2, 1.0]})
    >>> whale_curve_reading(p)
    'The most profitable 50.0 % of customers earn 130.0 % of the total profit; the other 50.0 % give 30 points of it away.'
    """
    x, y = _whale_points(profitability)
    if len(y) < 2 or not np.isfinite(y[1:]).any():
        return pick("No customer has profit figures.", "没有客户的利润数据。")
    i = int(np.nanargmax(y))
    given = (y[i] - y[-1]) * 100
    if i == len(y) - 1 or round(given) <= 0:
        return pick(
            "Every customer adds profit after cost to serve: the curve ends at its peak.",
            "扣除服务成本后每个客户都贡献利润：曲线在最高点结束。",
        )
    top, peak, rest = percent_text(x[i]), percent_text(y[i]), percent_text(1 - x[i])
    return pick(
        f"The most profitable {top} of customers earn {peak} of the total profit; "
        f"the other {rest} give {given:,.0f} points of it away.",
        f"利润最高的 {top} 的客户贡献了总利润的 {peak}；其余 {rest} 的客户侵蚀了其中 {given:,.0f} 个百分点。",
    )


def value_matrix_chart(matrix: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Scatter of current value against potential value, coloured by quadrant, with the split
    lines, from :func:`kamtools.segments.value_matrix` (symmetric-log axes).

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> m = pd.DataFrame({"current_value": [10.0, 500.0], "potential_value": [800.0, 5.0],
    ...     "quadrant": ["develop", "maintain"], "split_current": [100.0, 100.0],
    ...     "split_potential": [100.0, 100.0]})
    >>> ax = value_matrix_chart(m)
    >>> ax.get_xlabel()
    'Current value: margin of the last 12 months (CNY)'
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax, figsize=(PANEL[0], 6))
    m = matrix.copy()
    m["potential_value"] = m["potential_value"].fillna(0.0)
    for quad, color in QUADRANTS.items():
        sub = m[m["quadrant"] == quad]
        ax.scatter(
            sub["current_value"],
            sub["potential_value"],
            s=18,
            color=color,
            alpha=0.75,
            label=f"{code_text('quadrant', quad)} ({len(sub):,})",
        )
    sc = float(m["split_current"].iloc[0]) if len(m) else float("nan")
    sp = float(m["split_potential"].iloc[0]) if len(m) else float("nan")
    if np.isfinite(sc):
        ax.axvline(sc, color=GREY, linestyle="--", linewidth=1)
    if np.isfinite(sp):
        ax.axhline(sp, color=GREY, linestyle="--", linewidth=1)
    lin_x = max(abs(sc) / 10, 1.0) if np.isfinite(sc) else 1.0
    lin_y = max(abs(sp) / 10, 1.0) if np.isfinite(sp) else 1.0
    ax.set_xscale("symlog", linthresh=lin_x)
    ax.set_yscale("symlog", linthresh=lin_y)
    if len(m):
        xmin, ymin = float(m["current_value"].min()), float(m["potential_value"].min())
        ax.set_xlim(left=min(0.0, xmin * 1.2))
        ax.set_ylim(bottom=min(0.0, ymin * 1.2))
    ax.set_title(
        title_text("Customer value matrix: current value x potential value", "客户价值矩阵：当前价值 × 潜在价值")
    )
    money_axis(ax, "x", pick("current value: margin of the last 12 months", "当前价值：近12个月毛利"), policy)
    money_axis(ax, "y", pick("potential value: margin still to win per year", "潜在价值：每年尚可争取的毛利"), policy)
    ax.legend(loc="upper left", fontsize=8)
    return finish(
        ax,
        description=pick(
            f"Scatter chart of customers, current value (margin of the last 12 months, "
            f"{money_unit(policy).label}) across and potential value up, on logarithmic scales, coloured by quadrant "
            "(strategic, maintain, develop, minimal), with dashed lines at the splits.",
            f"散点图：横轴为当前价值（近12个月毛利，{money_unit(policy).label}），纵轴为潜在价值，对数刻度，"
            "按象限着色（战略、维持、发展、低价值），虚线为分界线。",
        ),
        reading=value_matrix_chart_reading(matrix),
        grid="both",
    )


def value_matrix_chart_reading(matrix: pd.DataFrame) -> str:
    """What :func:`value_matrix_chart` shows: the customers in each quadrant.

    >>> import pandas as pd
    >>> value_matrix_chart_reading(pd.DataFrame({"quadrant": ["develop", "strategic", "develop", "minimal"]}))
    'Of the 4 customers, 1 is strategic (high current and high potential value), 0 to maintain (high current value), 2 to develop (high potential value) and 1 minimal.'
    >>> value_matrix_chart_reading(pd.DataFrame({"quadrant": ["minimal"], "potential_value": [-5.0]})).endswith(
    ...     " 1 has a potential value below zero: we sell to them at a negative margin, so winning more of their "
    ...     "purchases would lose money until their prices are reviewed.")
    True
    """
    if matrix.empty:
        return pick("No customers to show.", "没有可显示的客户。")
    n = matrix["quadrant"].value_counts().reindex(list(QUADRANTS), fill_value=0)
    verb = "is" if n["strategic"] == 1 else "are"
    below = int((matrix["potential_value"] < 0).sum()) if "potential_value" in matrix else 0
    return pick(
        f"Of the {len(matrix):,} customers, {n['strategic']:,} {verb} strategic (high current and high potential "
        f"value), {n['maintain']:,} to maintain (high current value), {n['develop']:,} to develop (high potential "
        f"value) and {n['minimal']:,} minimal."
        + (
            f" {below:,} {'has' if below == 1 else 'have'} a potential value below zero: we sell to them at a negative margin, so winning more "
            "of their purchases would lose money until their prices are reviewed."
            if below
            else ""
        ),
        f"{len(matrix):,} 家客户中，战略客户（当前价值和潜在价值都高）{n['strategic']:,} 家，维持型客户（当前价值高）"
        f"{n['maintain']:,} 家，发展型客户（潜在价值高）{n['develop']:,} 家，低价值客户 {n['minimal']:,} 家。"
        + (f"其中 {below:,} 家的潜在价值为负：其毛利率为负，在价格复核之前，多争取其采购只会多亏损。" if below else ""),
    )


def _rfm_grid(rfm: pd.DataFrame) -> pd.DataFrame:
    """Customers by recency score (rows, highest first) and frequency-monetary score (columns)."""
    scored = rfm[rfm["r_score"].notna()]
    top = max(
        5, int(scored["r_score"].max()) if len(scored) else 5, int(scored["fm_score"].max()) if len(scored) else 5
    )
    levels = list(range(1, top + 1))
    grid = pd.crosstab(scored["r_score"].astype("int64"), scored["fm_score"].astype("int64"))
    return grid.reindex(index=levels[::-1], columns=levels, fill_value=0)


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
    ax = new_axes(ax, figsize=GRID)
    annotated_grid(ax, _rfm_grid(rfm), "Blues", pick("customers", "客户数"))
    ax.set_title(
        title_text("RFM: customers by recency and frequency-monetary score", "RFM：按近度和频度-金额评分的客户分布")
    )
    ax.set_xlabel(pick("frequency-monetary score (1 = low, 5 = high)", "频度-金额评分（1 = 低，5 = 高）"))
    ax.set_ylabel(pick("recency score (5 = most recent)", "近度评分（5 = 最近）"))
    ax.spines[["left", "bottom"]].set_visible(False)
    return finish(
        ax,
        description=pick(
            "Heat map of customers by recency score (rows, most recent at the top) and frequency-monetary "
            "score (columns, highest on the right), the number of customers written in each cell.",
            "热力图：行：近度评分（最近的在上）；列：频度-金额评分（最高的在右）；每格写出客户数。",
        ),
        reading=rfm_heatmap_reading(rfm),
        grid=None,
    )


def rfm_heatmap_reading(rfm: pd.DataFrame) -> str:
    """What :func:`rfm_heatmap` shows: the customers in the best corner and in the worst.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"r_score": [5, 4, 1, 2, 3, None], "fm_score": [5, 4, 1, 1, 5, None]}, dtype="Int64")
    >>> rfm_heatmap_reading(r)
    'Of the 5 scored customers, 2 score 4-5 on both recency and frequency-monetary (bought lately, often and much) and 2 score 1-2 on both (lapsed and small).'
    """
    grid = _rfm_grid(rfm)
    n = int(grid.to_numpy().sum())
    if not n:
        return pick("No customer has an RFM score.", "没有客户有 RFM 评分。")
    top = int(grid.columns.max())
    best = int(grid.loc[[top, top - 1], [top - 1, top]].to_numpy().sum())
    worst = int(grid.loc[[2, 1], [1, 2]].to_numpy().sum())
    return pick(
        f"Of the {n:,} scored customers, {best:,} score {top - 1}-{top} on both recency and frequency-monetary "
        f"(bought lately, often and much) and {worst:,} score 1-2 on both (lapsed and small).",
        f"{n:,} 家有评分的客户中，{best:,} 家在近度和频度-金额上都得 {top - 1}–{top} 分（最近买过、买得多、金额大），"
        f"{worst:,} 家两项都只得 1–2 分（久未采购、量小）。",
    )


def man_pipeline_chart(pipeline: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
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
    ax = new_axes(ax, figsize=(WIDE[0], 4.5))
    p = pipeline.sort_values("priority")
    ys = np.arange(len(p))
    values = p["estimated_annual_value"].to_numpy(dtype="float64")
    ax.barh(ys, values, color=BLUE_MID)
    for y, v, n in zip(ys, values, p["leads"]):
        ax.text(v, y, pick(f"  {int(n):,} leads", f"  {int(n):,} 条线索"), va="center", fontsize=9)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{int(pr)}  {code}" for code, pr in zip(p.index, p["priority"])])
    ax.invert_yaxis()
    ax.set_xlim(0, (values.max() if len(values) and values.max() > 0 else 1) * 1.2)
    ax.set_title(
        title_text(
            "MAN pipeline: estimated annual value of leads by qualification", "MAN 线索：按资格划分的线索预计年采购额"
        )
    )
    money_axis(ax, "x", pick("estimated annual value", "预计年采购额"), policy)
    ax.set_ylabel(pick("priority and MAN code (capital = present)", "优先级和 MAN 代码（大写 = 具备）"))
    return finish(
        ax,
        description=pick(
            "Horizontal bar chart of the estimated annual value of the leads per MAN code (money, authority, "
            "need; a capital letter means present), highest priority at the top, each labelled with its number of leads.",
            "横向柱状图：各 MAN 代码（购买力、决策权、需求；大写表示具备）线索的预计年采购额，优先级最高的在上，"
            "每条标出线索数。",
        ),
        reading=man_pipeline_chart_reading(pipeline, policy=policy),
        grid="x",
    )


def man_pipeline_chart_reading(pipeline: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`man_pipeline_chart` shows: the value of all leads and the code holding the most of it.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"priority": [1, 2, 8], "leads": [3, 5, 1], "estimated_annual_value": [900.0, 1200.0, 0.0]},
    ...     index=["M+A+N", "M+a+N", "m+a+n"])
    >>> man_pipeline_chart_reading(p)
    'The 9 leads are worth CNY 2,100 a year in estimated purchases; the most, CNY 1,200, sits with M+a+N (priority 2, 5 leads).'
    """
    unit = money_unit(policy)
    value = pipeline["estimated_annual_value"].astype("float64")
    leads = int(pipeline["leads"].sum())
    if not leads:
        return pick("No leads in the pipeline.", "线索清单中没有线索。")
    if not value.max() > 0:
        return pick(f"The {leads:,} leads have no estimated value.", f"{leads:,} 条线索都没有预计价值。")
    code = value.idxmax()
    row = pipeline.loc[code]
    total, most, priority, n = unit.text(value.sum()), unit.text(value[code]), int(row["priority"]), int(row["leads"])
    return pick(
        f"The {leads:,} leads are worth {total} a year in estimated purchases; the most, "
        f"{most}, sits with {code} (priority {priority}, {n:,} leads).",
        f"{leads:,} 条线索预计每年采购 {total}；最多的是 {code}（优先级 {priority}，{n:,} 条线索），{most}。",
    )

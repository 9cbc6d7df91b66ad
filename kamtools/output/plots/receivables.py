"""Charts of the receivables analysis (re-exported by :mod:`kamtools.plots`), each with the
sentence that reads it (``<chart>_reading``)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ...text import is_missing, number, plot_text
from ..currency import money_unit
from ..labels import column, pick
from ._base import new_axes
from .style import AGING, BLUE, ORANGE, finish, money_axis, number_axis, percent_axis, percent_text

__all__: list[str] = ["aging_stack", "aging_stack_reading", "bucket_label", "dso_cei_trend", "dso_cei_trend_reading"]

_BUCKET = re.compile(r"d(\d+)_(\d+|plus)")


def bucket_label(bucket: str, lang: str = "en") -> str:
    """An aging bucket as a reader reads it: ``current`` is not yet due, ``d31_60`` 31-60 days
    (past due), ``d365_plus`` over 365 days; any other name as it is. ``lang="zh"``: in Chinese.

    >>> [bucket_label(b) for b in ("current", "d1_30", "d61_120", "d365_plus", "other")]
    ['not yet due', '1-30 days', '61-120 days', 'over 365 days', 'other']
    >>> [bucket_label(b, "zh") for b in ("current", "d61_120", "d365_plus")]
    ['未到期', '逾期61-120天', '逾期365天以上']
    """
    zh = lang == "zh"
    if bucket == "current":
        return "未到期" if zh else "not yet due"
    m = _BUCKET.fullmatch(str(bucket))
    if m is None:
        return str(bucket)
    low, high = m.groups()
    if zh:
        return f"逾期{low}天以上" if high == "plus" else f"逾期{low}-{high}天"
    return f"over {low} days" if high == "plus" else f"{low}-{high} days"


def _bucket_name(bucket: str) -> str:
    """An aging bucket in the report's language (:func:`bucket_label`)."""
    return pick(bucket_label(bucket), bucket_label(bucket, "zh"))


def _bucket_columns(aging: pd.DataFrame) -> list[str]:
    cols = list(aging.columns)
    return cols[: cols.index("total")] if "total" in cols else cols


def aging_stack(
    aging: pd.DataFrame,
    *,
    ax: Axes | None = None,
    group: pd.Series | None = None,
    top: int = 15,
    title: str | None = None,
    policy: Any = None,
) -> Axes:
    """Stacked bars of open receivables by aging bucket.

    Parameters
    ----------
    aging
        The frame of :func:`kamtools.receivables.aging` (one row per customer).
    ax
        Axes to draw on (a new figure when None).
    group
        Optional label per customer (e.g. the account manager, indexed by
        ``customer_id``): one bar per label. Without it, one bar per customer for
        the ``top`` largest balances and one bar for all others.
    top
        Customers shown on their own when ``group`` is None.
    title
        The chart's title (default: "Receivables by age", in the report's language).
    policy
        The policy whose currency and money unit label the amounts.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> ag = pd.DataFrame({"current": [10.0, 5.0], "d1_30": [2.0, 0.0], "total": [12.0, 5.0]},
    ...                   index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> ax = aging_stack(ag)
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()], ax.get_ylabel()
    ('Receivables by age', ['C1', 'C2'], 'Open receivables (CNY)')
    >>> plt.close(ax.figure)
    """
    buckets = _bucket_columns(aging)
    frame = _grouped(aging[buckets].astype(float), group, top)
    ax = new_axes(ax)
    x = np.arange(len(frame))
    bottom = np.zeros(len(frame))
    colors = AGING if len(buckets) <= len(AGING) else [None] * len(buckets)
    for name, color in zip(buckets, colors):
        values = frame[name].to_numpy()
        ax.bar(x, values, bottom=bottom, label=_bucket_name(name), color=color)
        bottom = bottom + values
    ax.set_xticks(list(x))
    ax.set_xticklabels([plot_text(i) for i in frame.index], rotation=45, ha="right")
    ax.set_title(plot_text(title if title is not None else pick("Receivables by age", "应收账款账龄")))
    if group is None:
        ax.set_xlabel(pick("customer", "客户"))
    else:
        ax.set_xlabel(plot_text(column(group.name) if group.name else pick("group", "分组")))
    money_axis(ax, "y", pick("open receivables", "应收账款余额"), policy)
    ax.legend(title=pick("days past due", "逾期天数"), loc="upper left", bbox_to_anchor=(1.01, 1.0))
    unit = money_unit(policy).label
    by, by_zh = ("group", "分组") if group is not None else ("customer, the largest balances", "客户（余额最大者）")
    return finish(
        ax,
        description=pick(
            f"Stacked bar chart of open receivables in {unit} by {by}, each bar split by days past due from not "
            "yet due (green) to the oldest (dark red).",
            f"按{by_zh}列出的应收账款余额堆叠柱状图，单位{unit}，每根柱按逾期天数从未到期（绿）到最久（深红）分段。",
        ),
        reading=aging_stack_reading(aging, group=group, policy=policy),
    )


def _grouped(frame: pd.DataFrame, group: pd.Series | None, top: int) -> pd.DataFrame:
    """The bars of :func:`aging_stack`: one per group label, or the ``top`` customers and the rest."""
    if group is not None:
        labels = group.reindex(frame.index).fillna("(none)").astype(str)
        frame = frame.groupby(labels.to_numpy()).sum()
        return frame.loc[frame.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]
    frame = frame.loc[frame.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]
    if len(frame) > top:
        rest = frame.iloc[top:].sum().rename(pick(f"other {len(frame) - top}", f"其他{len(frame) - top}家"))
        frame = pd.concat([frame.iloc[:top], rest.to_frame().T])
    return frame


def aging_stack_reading(aging: pd.DataFrame, *, group: pd.Series | None = None, policy: Any = None) -> str:
    """What :func:`aging_stack` shows: how old the overdue part is (the bucket holding the most
    of it) and who (group or customer) carries the most of it.

    >>> import pandas as pd
    >>> ag = pd.DataFrame({"current": [60.0, 20.0], "d1_30": [5.0, 0.0], "d31_60": [10.0, 5.0],
    ...                    "total": [75.0, 25.0]}, index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> aging_stack_reading(ag)
    'Of the CNY 20 overdue, the largest part, CNY 15 (75.0 %), is 31-60 days past due, and customer C1 owes the most (CNY 15).'
    >>> aging_stack_reading(ag, group=pd.Series({"C1": "Wang", "C2": "Li"}, name="account_manager"))
    'Of the CNY 20 overdue, the largest part, CNY 15 (75.0 %), is 31-60 days past due, and Wang carries the most (CNY 15).'
    >>> aging_stack_reading(ag[["current", "total"]])
    'None of the CNY 80 open is overdue.'
    """
    unit = money_unit(policy)
    buckets = _bucket_columns(aging)
    late = [b for b in buckets if b != "current"]
    frame = aging[buckets].astype(float)
    total, overdue = float(frame.to_numpy().sum()), float(frame[late].to_numpy().sum())
    if not total > 0:
        return pick("Nothing is open.", "没有未收的应收账款。")
    if not overdue > 0:
        return pick(f"None of the {unit.text(total)} open is overdue.", f"未收的{unit.text(total)}中没有逾期。")
    by_bucket = frame[late].sum()
    worst = by_bucket.idxmax()
    owed = frame[late].sum(axis=1)
    if group is not None:
        owed = owed.groupby(group.reindex(frame.index).fillna("(none)").astype(str).to_numpy()).sum()
    who = owed.sort_values(ascending=False, kind="mergesort").index[0]
    whom = f"{who} carries" if group is not None else f"customer {who} owes"
    whom_zh = f"{who}名下的逾期" if group is not None else f"客户{who}的逾期"
    part, share, most = unit.text(by_bucket[worst]), percent_text(by_bucket[worst] / overdue), unit.text(owed[who])
    return pick(
        f"Of the {unit.text(overdue)} overdue, the largest part, {part} ({share}), is {bucket_label(worst)} past due, "
        f"and {whom} the most ({most}).",
        f"逾期合计{unit.text(overdue)}，其中最多的一段是{bucket_label(worst, 'zh')}：{part}（{share}）；"
        f"{whom_zh}最多（{most}）。",
    )


def dso_cei_trend(trend: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """DSO (days, left axis) and CEI (per cent, its own right axis) per month.

    Parameters
    ----------
    trend
        The frame of :func:`kamtools.receivables.monthly_trend` (index month,
        columns ``dso`` and ``cei``).
    ax
        Axes to draw on (a new figure when None); the CEI goes on a twin axis.
    title
        The chart's title (default: "DSO and collection effectiveness", in the report's language).

    Returns
    -------
    Axes
        The DSO axes; the CEI axes is ``ax.right_ax``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"dso": [40.0, 45.0], "cei": [80.0, 75.0]}, index=["2026-09", "2026-10"])
    >>> ax = dso_cei_trend(t)
    >>> ax.get_ylabel(), ax.right_ax.get_ylabel()
    ('DSO (days)', 'CEI')
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax)
    x = np.arange(len(trend))
    dso_label = pick("DSO (days)", "DSO（天）")
    ax.plot(x, trend["dso"].astype(float).to_numpy(), marker="o", color=BLUE, label=dso_label)
    ax.set_xlabel(pick("month", "月份"))
    ax.set_xticks(list(x))
    ax.set_xticklabels([str(i) for i in trend.index], rotation=45, ha="right")
    ax.set_ylim(bottom=0)
    number_axis(ax, "y", dso_label)
    right = ax.twinx()
    right.plot(x, trend["cei"].astype(float).to_numpy(), marker="s", color=ORANGE, label="CEI")
    low = np.nanmin(trend["cei"].astype(float).to_numpy()) if trend["cei"].notna().any() else 0.0
    right.set_ylim(min(0.0, low - 5), 105)
    percent_axis(right, "y", "CEI", scale=100)
    right.yaxis.label.set_color(ORANGE)
    ax.right_ax = right
    ax.set_title(title if title is not None else pick("DSO and collection effectiveness", "DSO与回款效率（CEI）"))
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [ln.get_label() for ln in lines], loc="lower left")
    first, last = (trend.index[0], trend.index[-1]) if len(trend) else ("", "")
    return finish(
        ax,
        description=pick(
            f"Line chart per month from {first} to {last}: days sales outstanding (DSO) on the left axis "
            "and the collection effectiveness index (CEI, per cent) on its own axis on the right.",
            f"{first}至{last}的月度折线图：左轴为应收账款周转天数（DSO），右轴为回款效率指数（CEI，百分比）。",
        ),
        reading=dso_cei_trend_reading(trend),
    )


def _moved(name: str, first: Any, last: Any, spec: str, unit: str, *, unit_on_both: bool, lang: str = "en") -> str:
    """``name`` rose, fell or stayed from ``first`` to ``last``, as they read with ``spec`` and ``unit``
    (``lang="zh"``: in Chinese)."""
    a, b = number(first, spec), number(last, spec)
    zh = lang == "zh"
    if a == b:
        return f"{name}保持在{b}{unit}" if zh else f"{name} stayed at {b}{unit}"
    a += unit if unit_on_both else ""
    if is_missing(first) or is_missing(last):
        return f"{name}从{a}变为{b}{unit}" if zh else f"{name} went from {a} to {b}{unit}"
    up = float(last) > float(first)
    if zh:
        return f"{name}从{a}{'上升' if up else '下降'}到{b}{unit}"
    return f"{name} {'rose' if up else 'fell'} from {a} to {b}{unit}"


def dso_cei_trend_reading(trend: pd.DataFrame) -> str:
    """What :func:`dso_cei_trend` shows: how DSO and CEI moved from the first month to the last.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"dso": [40.2, 52.0, 45.4], "cei": [80.0, 70.0, 75.5]}, index=["2026-08", "2026-09", "2026-10"])
    >>> dso_cei_trend_reading(t)
    'Over the 3 months to 2026-10 DSO rose from 40 to 45 days and CEI fell from 80 % to 76 % (a lower DSO and a higher CEI are better).'
    >>> dso_cei_trend_reading(t.assign(dso=[45.1, 50.0, 44.9]))[:46]
    'Over the 3 months to 2026-10 DSO stayed at 45 '
    """
    if trend.empty:
        return pick("No months to show.", "没有可显示的月份。")
    first, last = trend.iloc[0], trend.iloc[-1]
    dso = _moved("DSO", first["dso"], last["dso"], ",.0f", " days", unit_on_both=False)
    cei = _moved("CEI", first["cei"], last["cei"], ".0f", " %", unit_on_both=True)
    dso_zh = _moved("DSO", first["dso"], last["dso"], ",.0f", "天", unit_on_both=False, lang="zh")
    cei_zh = _moved("CEI", first["cei"], last["cei"], ".0f", " %", unit_on_both=True, lang="zh")
    return pick(
        f"Over the {len(trend)} months to {trend.index[-1]} {dso} and {cei} (a lower DSO and a higher CEI are better).",
        f"截至{trend.index[-1]}的{len(trend)}个月里，{dso_zh}，{cei_zh}（DSO越低、CEI越高越好）。",
    )

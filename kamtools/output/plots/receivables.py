"""Charts of the receivables analysis (re-exported by :mod:`kamtools.plots`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ...text import plot_text
from ._base import new_axes, thousands

__all__: list[str] = ["aging_stack", "dso_cei_trend"]

#: Bucket colours from not yet due (green) to oldest (dark red).
AGING_COLORS = ["#4c9a2a", "#a4c639", "#f2c14e", "#f08a4b", "#e4572e", "#b3001b", "#6b0f1a"]


def _bucket_columns(aging: pd.DataFrame) -> list[str]:
    cols = list(aging.columns)
    return cols[: cols.index("total")] if "total" in cols else cols


def aging_stack(
    aging: pd.DataFrame,
    *,
    ax: Axes | None = None,
    group: pd.Series | None = None,
    top: int = 15,
    title: str = "Receivables by age",
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

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> ag = pd.DataFrame({"current": [10.0, 5.0], "d1_30": [2.0, 0.0], "total": [12.0, 5.0]},
    ...                   index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> ax = aging_stack(ag)
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()]
    ('Receivables by age', ['C1', 'C2'])
    >>> plt.close(ax.figure)
    """
    buckets = _bucket_columns(aging)
    frame = aging[buckets].astype(float)
    if group is not None:
        labels = group.reindex(frame.index).fillna("(none)").astype(str)
        frame = frame.groupby(labels.to_numpy()).sum()
        frame = frame.loc[frame.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]
        xlabel = group.name or "group"
    else:
        order = frame.sum(axis=1).sort_values(ascending=False, kind="mergesort").index
        frame = frame.loc[order]
        if len(frame) > top:
            rest = frame.iloc[top:].sum().rename(f"other {len(frame) - top}")
            frame = pd.concat([frame.iloc[:top], rest.to_frame().T])
        xlabel = "customer"
    ax = new_axes(ax)
    x = np.arange(len(frame))
    bottom = np.zeros(len(frame))
    colors = AGING_COLORS if len(buckets) <= len(AGING_COLORS) else [None] * len(buckets)
    for name, color in zip(buckets, colors):
        values = frame[name].to_numpy()
        ax.bar(x, values, bottom=bottom, label=name, color=color)
        bottom = bottom + values
    ax.set_xticks(list(x))
    ax.set_xticklabels([plot_text(i) for i in frame.index], rotation=45, ha="right")
    ax.set_title(plot_text(title))
    ax.set_xlabel(plot_text(xlabel))
    ax.set_ylabel("open receivables")
    thousands(ax)
    ax.legend(title="days past due", fontsize="small")
    return ax


def dso_cei_trend(
    trend: pd.DataFrame, *, ax: Axes | None = None, title: str = "DSO and collection effectiveness"
) -> Axes:
    """DSO (days, left axis) and CEI (%, right axis) per month.

    Parameters
    ----------
    trend
        The frame of :func:`kamtools.receivables.monthly_trend` (index month,
        columns ``dso`` and ``cei``).
    ax
        Axes to draw on (a new figure when None); the CEI goes on a twin axis.

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
    ('DSO (days)', 'CEI (%)')
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax)
    x = np.arange(len(trend))
    ax.plot(x, trend["dso"].astype(float).to_numpy(), marker="o", color="#1f77b4", label="DSO (days)")
    ax.set_ylabel("DSO (days)")
    ax.set_xlabel("month")
    ax.set_xticks(list(x))
    ax.set_xticklabels([str(i) for i in trend.index], rotation=45, ha="right")
    ax.set_ylim(bottom=0)
    right = ax.twinx()
    right.plot(x, trend["cei"].astype(float).to_numpy(), marker="s", color="#d62728", label="CEI (%)")
    right.set_ylabel("CEI (%)")
    low = np.nanmin(trend["cei"].astype(float).to_numpy()) if trend["cei"].notna().any() else 0.0
    right.set_ylim(min(0.0, low - 5), 105)
    ax.right_ax = right
    ax.set_title(title)
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [ln.get_label() for ln in lines], loc="lower left", fontsize="small")
    return ax

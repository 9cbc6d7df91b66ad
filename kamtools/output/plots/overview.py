"""Charts of the data overview (re-exported by :mod:`kamtools.plots`), each with the sentence
that reads it (``<chart>_reading``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..currency import money_unit
from ._base import new_axes
from .style import BLUE_MID, ORANGE, finish, money_axis

__all__: list[str] = ["monthly_activity", "monthly_activity_reading"]


def monthly_activity(monthly: pd.DataFrame, *, policy: Any = None, ax: Axes | None = None) -> Axes:
    """Invoiced and collected amounts per month (from :func:`kamtools.overview.monthly_activity`).

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> df = pd.DataFrame({"invoiced": [100.0, 120.0], "collected": [90.0, 130.0]},
    ...                   index=pd.Index(["2026-09", "2026-10"], name="month"))
    >>> ax = monthly_activity(df)
    >>> ax.get_title(), ax.get_ylabel()
    ('Invoiced and collected per month', 'amount (元)')
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax)
    x = np.arange(len(monthly))
    ax.bar(x - 0.2, monthly["invoiced"].to_numpy(dtype="float64"), width=0.4, color=BLUE_MID, label="invoiced")
    ax.bar(x + 0.2, monthly["collected"].to_numpy(dtype="float64"), width=0.4, color=ORANGE, label="collected")
    ax.set_xticks(list(x))
    ax.set_xticklabels([str(i) for i in monthly.index], rotation=45, ha="right")
    ax.set_title("Invoiced and collected per month")
    ax.set_xlabel("month")
    money_axis(ax, "y", "amount", policy)
    ax.legend(loc="upper left", ncol=2)
    first, last = (monthly.index[0], monthly.index[-1]) if len(monthly) else ("", "")
    return finish(
        ax,
        description=f"Bar chart of the amounts invoiced and collected per month from {first} to {last}, "
        f"in {money_unit(policy).label}, side by side.",
        reading=monthly_activity_reading(monthly, policy=policy),
    )


def monthly_activity_reading(monthly: pd.DataFrame, *, policy: Any = None) -> str:
    """What :func:`monthly_activity` shows: the last month's amounts, and the months without
    invoices or with less than half the invoiced amount of the median month (a sign of an
    incomplete export more often than of the business).

    >>> import pandas as pd
    >>> m = pd.DataFrame({"invoiced": [100.0, 0.0, 40.0, 110.0], "collected": [90.0, 20.0, 50.0, 95.0]},
    ...                  index=["2026-07", "2026-08", "2026-09", "2026-10"])
    >>> monthly_activity_reading(m)
    '110 元 was invoiced and 95 元 collected in 2026-10; no invoices in 2026-08 and less than half the median month in 2026-09: check that the export is complete.'
    >>> monthly_activity_reading(m.iloc[[0, 3]])
    '110 元 was invoiced and 95 元 collected in 2026-10; each of the 2 months has invoices, none less than half the median month.'
    """
    if monthly.empty:
        return "No months to show."
    unit = money_unit(policy)
    invoiced = monthly["invoiced"].astype("float64")
    text = (
        f"{unit.text(invoiced.iloc[-1])} was invoiced and {unit.text(monthly['collected'].iloc[-1])} collected "
        f"in {monthly.index[-1]}"
    )
    empty = [str(m) for m in invoiced.index[invoiced <= 0]]
    median = invoiced[invoiced > 0].median()
    low = [str(m) for m in invoiced.index[(invoiced > 0) & (invoiced < median / 2)]]
    if not empty and not low:
        return text + f"; each of the {len(monthly)} months has invoices, none less than half the median month."
    gaps = ([f"no invoices in {_listed(empty)}"] if empty else []) + (
        [f"less than half the median month in {_listed(low)}"] if low else []
    )
    return text + "; " + " and ".join(gaps) + ": check that the export is complete."


def _listed(months: list[str], most: int = 4) -> str:
    """Months as a list in a sentence: the first ``most`` and how many more."""
    shown = ", ".join(months[:most])
    return shown if len(months) <= most else f"{shown} and {len(months) - most} more"

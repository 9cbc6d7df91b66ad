"""Charts of the data overview (re-exported by :mod:`kamtools.plots`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ._base import new_axes, thousands

__all__: list[str] = ["monthly_activity"]


def monthly_activity(monthly: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Invoiced and collected amounts per month (from :func:`kamtools.overview.monthly_activity`).

    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> df = pd.DataFrame({"invoiced": [100.0, 120.0], "collected": [90.0, 130.0]},
    ...                   index=pd.Index(["2026-09", "2026-10"], name="month"))
    >>> ax = monthly_activity(df)
    >>> ax.get_title()
    'Invoiced and collected per month'
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax)
    x = np.arange(len(monthly))
    ax.bar(x - 0.2, monthly["invoiced"].to_numpy(dtype="float64"), width=0.4, label="invoiced")
    ax.bar(x + 0.2, monthly["collected"].to_numpy(dtype="float64"), width=0.4, label="collected")
    ax.set_xticks(list(x))
    ax.set_xticklabels([str(i) for i in monthly.index], rotation=90)
    ax.set_title("Invoiced and collected per month")
    ax.set_ylabel("amount")
    ax.set_xlabel("month")
    thousands(ax)
    ax.legend()
    return ax

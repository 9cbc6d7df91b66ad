"""Charts of the workbook: one function per chart.

Each takes ``ax=None`` (a new figure is made only then), returns the Axes and
never calls ``plt.show()``. Chinese text renders when a CJK font is installed:
:func:`use_cjk_font` puts the first installed one behind the default font as a
per-glyph fallback.

Charts of each domain live in private modules (``_plots_credit`` ...) and are
re-exported here; this is the public name space.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from ._plotbase import CJK_FONTS, cjk_font, new_axes, thousands, use_cjk_font
from ._plots_credit import *  # noqa: F401,F403
from ._plots_credit import __all__ as _credit_all
from ._plots_receivables import *  # noqa: F401,F403
from ._plots_receivables import __all__ as _receivables_all
from ._plots_segments import *  # noqa: F401,F403
from ._plots_segments import __all__ as _segments_all

__all__ = ["CJK_FONTS", "cjk_font", "new_axes", "thousands", "use_cjk_font", "monthly_activity"]
__all__ += _credit_all + _receivables_all + _segments_all

def monthly_activity(monthly: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Invoiced and collected amounts per month (from :func:`kamtools.overview.monthly_activity`).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"invoiced": [100.0, 120.0], "collected": [90.0, 130.0]},
    ...                   index=pd.Index(["2026-09", "2026-10"], name="month"))
    >>> ax = monthly_activity(df)
    >>> ax.get_title()
    'Invoiced and collected per month'
    >>> plt.close(ax.figure)
    """
    ax = new_axes(ax)
    x = range(len(monthly))
    ax.bar([i - 0.2 for i in x], monthly["invoiced"], width=0.4, label="invoiced")
    ax.bar([i + 0.2 for i in x], monthly["collected"], width=0.4, label="collected")
    ax.set_xticks(list(x))
    ax.set_xticklabels(monthly.index, rotation=90)
    ax.set_title("Invoiced and collected per month")
    ax.set_ylabel("amount")
    ax.set_xlabel("month")
    thousands(ax)
    ax.legend()
    return ax


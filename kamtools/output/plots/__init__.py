"""Charts of the workbook: one function per chart.

Each takes ``ax=None`` (a new figure is made only then), returns the Axes and
never calls ``plt.show()``. Chinese text renders when a CJK font is installed:
:func:`use_cjk_font` puts the first installed one behind the default font as a
per-glyph fallback. Every chart wears the house style of :mod:`.style` (sizes,
colours, money axes in the policy's currency and unit, percent axes, no ``-0``
ticks, sharp images) and carries a description of what it shows, the alt text of
its image in a notebook and a report page.

Next to each chart ``X`` is ``X_reading``: the sentence that says what the chart
shows for the data given (the report prints it under the chart with
``kt.tables.note``). It takes the chart's data and options (without ``ax``). A report
page's chart cell shows the chart and its reading in that order with :func:`show`::

    ax = kt.plots.aging_stack(ag, group=managers, policy=pol)
    kt.plots.show(ax, kt.plots.aging_stack_reading(ag, group=managers, policy=pol))

Charts of each domain live in the modules of this package (``credit``,
``segments`` ...) and are re-exported here; this is the public name space
(``kt.plots``). The charts and the results
they draw:

=======================  ====================================================
chart                    input
=======================  ====================================================
pyramid_chart            segments.pyramid_summary
pareto_curve             segments.pareto(...).curve
whale_curve              segments.profitability
value_matrix_chart       segments.value_matrix
rfm_heatmap              segments.rfm
man_pipeline_chart       segments.man_pipeline
lifecycle_chart          segments.lifecycle (customers per stage now)
lifecycle_timeline       segments.lifecycle_history (stages month by month)
migration_heatmap        segments.migration / segments.tier_migration
aging_stack              receivables.aging
dso_cei_trend            receivables.monthly_trend
ratio_benchmarks         credit.ratios (every ratio against its benchmark)
ratio_distribution       credit.ratios (one ratio, histogram)
grade_distribution       credit.score
limit_changes_by_level   credit.limit_changes
monthly_activity         overview.monthly_activity
plot_monthly             portfolio.monthly (revenue and margin per month)
plot_top_customers       portfolio.concentration(...).top
plot_limit_usage         account_plan.account_profile(...).credit
=======================  ====================================================
"""

from __future__ import annotations

from ._base import CJK_FONTS, cjk_font, new_axes, thousands, use_cjk_font
from .credit import *  # noqa: F401,F403
from .credit import __all__ as _credit_all
from .lifecycle import *  # noqa: F401,F403
from .lifecycle import __all__ as _lifecycle_all
from .overview import *  # noqa: F401,F403
from .overview import __all__ as _overview_all
from .portfolio import *  # noqa: F401,F403
from .portfolio import __all__ as _portfolio_all
from .receivables import *  # noqa: F401,F403
from .receivables import __all__ as _receivables_all
from .segments import *  # noqa: F401,F403
from .segments import __all__ as _segments_all
from .style import show

__all__ = ["CJK_FONTS", "cjk_font", "new_axes", "show", "thousands", "use_cjk_font"]
__all__ += _overview_all + _portfolio_all + _credit_all + _receivables_all + _segments_all + _lifecycle_all
#: Every chart and the function that reads it in a sentence.
READINGS = {name[: -len("_reading")]: globals()[name] for name in __all__ if name.endswith("_reading")}

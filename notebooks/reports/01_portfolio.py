# %% [markdown]
# # Portfolio
#
# The book at a glance for the report month: revenue and margin against the previous month and a year ago,
# how many customers buy, were won and were lost, how concentrated revenue is, where customers stand in the
# relationship lifecycle, and the two headline risks — overdue receivables and exposure above the approved
# credit limits. Revenue is the net invoiced amount (credit notes deducted), margin is amount minus cost.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults

# %%
import pandas as pd

import kamtools as kt
from kamtools import portfolio as pf
from kamtools.report import report_context
from kamtools.text import num

ctx = report_context(period, db, policy)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
pd.set_option("display.max_colwidth", 200)


def pct(value: float, sign: str = "") -> str:
    return f"{num(value):{sign}.0%}"


kt.tables.note(f"Portfolio {period}: the month to {as_of}, and the 12 months up to it")

# %% [markdown]
# ## Revenue and margin
#
# The month against the previous month and the same month a year ago, and the last 12 months against the
# 12 months before. Changes are in per cent; the margin rate changes in points.

# %%
k = pf.kpis(data, as_of)
kt.tables.style(pf.format_kpis(k)).set_properties(**{"text-align": "right"})

# %%
trend = pf.monthly(data, as_of, months=24)
ax = kt.plots.plot_monthly(trend, title="Revenue and margin per month, last 24 months", policy=pol)
kt.plots.show(ax, kt.plots.plot_monthly_reading(trend, policy=pol))
rev = k.loc["revenue"]
kt.tables.note(f"Revenue of the month {num(rev['month']):,.0f}: {pct(rev['change_mom'], '+')} on the previous month and "
               f"{pct(rev['change_yoy'], '+')} on a year ago; {num(rev['last_12m']):,.0f} over the last 12 months "
               f"({pct(rev['change_12m'], '+')}), at a margin rate of {pct(k.loc['margin_rate', 'last_12m'])}.")

# %% [markdown]
# ## Customers: active, new and lost
#
# Status of every customer at the end of the month, the previous month and a year ago: `new` bought first
# within the policy's months, `lost` has not bought for the policy's months, `prospect` is set up but has not
# bought. `won_in_month` bought for the first time in the month, `lost_in_month` became lost in it.

# %%
counts = pf.customer_counts(data, as_of, pol)
kt.tables.style(counts.drop(columns="strategy"))

# %%
c = counts["month"]
kt.tables.note(f"{c['buying']:,} customers are buying ({c['new']:,} of them new); {c['won_in_month']:,} were won and "
               f"{c['lost_in_month']:,} lost in the month, {c['lost']:,} are lost in all. "
               f"Strategy for the lost — {counts.loc['lost', 'strategy']}")

# %% [markdown]
# ## Concentration: top 10, top 20 % and the Pareto curve
#
# Customers by revenue of the last 12 months, largest first. The more revenue the few largest customers bring,
# the more the book depends on them — and the more the key-account plans matter.

# %%
pyr = kt.segments.pyramid(data, as_of, pol)
conc = pf.concentration(data, as_of, pol, n=10, pyramid=pyr)
kt.tables.style(conc.top)

# %%
ax = kt.plots.plot_top_customers(conc.top, policy=pol)
kt.plots.show(ax, kt.plots.plot_top_customers_reading(conc.top))

# %%
ax = kt.plots.pareto_curve(conc.pareto.curve, top=conc.pareto.top)
kt.plots.show(ax, kt.plots.pareto_curve_reading(conc.pareto.curve))
kt.tables.note(f"The top 10 customers bring {pct(conc.top_n_share)} of revenue, the top {pct(conc.pareto.top)} of "
               f"customers {pct(conc.pareto.top_share)}; {conc.buying_customers:,} customers bought in the last 12 months.")

# %% [markdown]
# ## Relationship lifecycle
#
# Customers that have bought, by stage of the relationship (from revenue of the last 12 months and its trend
# against the 12 months before), with the strategy for each stage.

# %%
stages = pf.lifecycle_counts(data, as_of, pol)
kt.tables.style(stages)

# %%
d = stages.loc["defense"]
kt.tables.note(f"{d['customers']:,} customers are in defense with {num(d['revenue_12m']):,.0f} of revenue "
               f"({pct(d['revenue_share'])}), down from {num(d['revenue_prev_12m']):,.0f}; "
               f"{stages.loc['growth', 'customers']:,} are growing.")

# %% [markdown]
# ## Headline risks
#
# Overdue receivables (from the aging of the ledger at the end of the month) and exposure above the approved
# credit limits (exposure = open receivables − unapplied credit + open orders). The details are on the credit
# review and receivables pages.

# %%
rk = pf.risks(data, as_of, pol)
kt.tables.values(rk["value"])

# %%
v = rk["value"]
kt.tables.note(f"{pct(v['overdue_share'])} of the open receivables of {num(v['open_receivables']):,.0f} is overdue, owed by "
               f"{int(v['overdue_customers']):,} customers; {int(v['over_limit_customers']):,} customers are over their "
               f"limit by {num(v['overlimit']):,.0f} in total ({pct(v['overlimit_share'])} of exposure), "
               f"{num(v['overlimit_uncovered']):,.0f} of it not covered by collateral.")

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
language: str = ""  # zh, en or both; empty: the policy's report.language

# %%
import pandas as pd

import kamtools as kt
from kamtools import portfolio as pf
from kamtools.report import report_context
from kamtools.text import num

ctx = report_context(period, db, policy, language=language)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
pd.set_option("display.max_colwidth", 200)


kt.tables.note(f"Portfolio {period}: the month to {as_of}, and the 12 months up to it")

# %%
head = kt.kpis(data, as_of, pol)  # the report's headline numbers: the same on every page
kt.headlines.sentence(head, "Revenue {revenue_month} in {revenue_month:window} ({revenue_month:change} on "
                      "{revenue_month:previous_window}) and {revenue_12m} over {revenue_12m:window} ({revenue_12m:change} on "
                      "the 12 months before) at a margin rate of {margin_rate_12m}; {buyers_12m} customers bought in those "
                      "12 months, {buyers_month} of them in {buyers_month:window}. {overdue_share} of the open receivables is "
                      "overdue; {overlimit_uncovered} of exposure above the approved limits is not covered by collateral.")

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
kt.headlines.sentence(head, "Revenue of {revenue_month:window}: {revenue_month}, {revenue_month:change} on "
                      "{revenue_month:previous_window} and {yoy} on a year ago; {revenue_12m} over {revenue_12m:window} "
                      "({revenue_12m:change}), at a margin rate of {margin_rate_12m}.",
                      yoy=pf.format_kpis(k).loc["revenue", "change_yoy"])

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
kt.headlines.sentence(head, "{buyers_12m} customers bought in {buyers_12m:window} ({new:,} of them new); "
                      "{customers_won_month} were won and {customers_lost_month} lost in {customers_won_month:window}, "
                      "{customers_lost} are lost in all. Strategy for the lost — {strategy}",
                      new=int(counts.loc["new", "month"]), strategy=counts.loc["lost", "strategy"])

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
kt.headlines.sentence(head, "The top 10 customers bring {top10} of the revenue of {concentration:window}; the top "
                      "{top} of its {buyers_12m} buyers bring {concentration}.",
                      top10=kt.headlines.value_text("share", conc.top_n_share),
                      top=kt.headlines.share_text(conc.pareto.top, 0))

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
kt.headlines.sentence(head, "{lifecycle_defense} customers are in defense with {revenue} of revenue ({share}), down "
                      "from {before}; {lifecycle_growth} are growing and {lifecycle_breakthrough} in breakthrough "
                      "(first orders, or not buying yet).", revenue=f"{num(d['revenue_12m']):,.0f}",
                      share=kt.headlines.value_text("share", d["revenue_share"]), before=f"{num(d['revenue_prev_12m']):,.0f}")

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
kt.headlines.sentence(head, "{overdue_share} of the open receivables of {open_receivables} is overdue, owed by {owing:,} "
                      "customers; {over_limit_customers} customers are over their limit by {overlimit} in total ({share} "
                      "of exposure), {overlimit_uncovered} of it not covered by collateral.",
                      owing=int(v["overdue_customers"]), share=kt.headlines.value_text("share", v["overlimit_share"]))

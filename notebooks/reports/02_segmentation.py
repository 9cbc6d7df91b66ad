# %% [markdown]
# # Segmentation and value
#
# Which customers matter most, where the selling time goes, and what to do with each group. Every account —
# customer or lead — is placed in the key-account pyramid (大客户金字塔: key accounts, ordinary customers,
# prospects, unattractive accounts) and every segment below comes with the strategy the KAM method prescribes for it.
# Revenue, margin and selling hours are those of the trailing 12 months up to the end of the report month;
# all thresholds come from the `segments` section of the policy.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language

# %%
import pandas as pd

import kamtools as kt
from kamtools import segments as seg
from kamtools.report import report_context
from kamtools.text import num

ctx = report_context(period, db, policy, language=language)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
pd.set_option("display.max_colwidth", 120)
print(f"Segmentation {period}: trailing 12 months up to {as_of}")

# %%
head = kt.kpis(data, as_of, pol)  # the report's headline numbers: the same on every page
kt.headlines.sentence(head, "{buyers_12m} customers bought in {buyers_12m:window}; the top {top} of them bring "
                      "{concentration} of the revenue. {lifecycle_growth} customers are growing, {lifecycle_defense} in "
                      "defense and {lifecycle_breakthrough} in breakthrough; {key_accounts_declining} key accounts are "
                      "declining.", top=kt.headlines.share_text(pol["segments"]["pareto_top"], 0))

# %% [markdown]
# ## The key-account pyramid
#
# Key accounts are the top share of all accounts (customers plus leads; leads without money, authority or need
# are unattractive and not counted) by a composite of current value, potential, relationship and attractiveness;
# the table compares each tier's share of accounts, revenue and selling time (activity hours) with the pyramid's
# targets.

# %%
pyr = seg.pyramid(data, as_of, pol)
summary = seg.pyramid_summary(pyr, data, as_of, pol)
kt.tables.style(summary.drop(columns="strategy"))

# %%
ax = kt.plots.pyramid_chart(summary)
kt.plots.show(ax, kt.plots.pyramid_chart_reading(summary))
key = summary.loc["key"]
kt.tables.note(f"Key accounts are {num(key['account_share']):.0%} of accounts and bring {num(key['revenue_share']):.0%} of revenue, "
               f"but receive {num(key['time_share']):.0%} of selling time against a target of {num(key['time_target']):.0%}. "
               f"Strategy — {summary.loc['key', 'strategy']}")

# %% [markdown]
# ## Pareto: how concentrated is revenue (ABC, 80-20)
#
# Customers that bought in the last 12 months, sorted by their revenue, largest first (customers without revenue
# in the window are left out: "the top 20 % of customers" means the top 20 % of buyers). Class A is the largest
# customers up to and including the one whose revenue takes the running total to 80 % or more, so class A brings
# at least 80 % of revenue; class B continues likewise to 95 %; class C is the rest. Customers with the same
# revenue share a class.

# %%
par = seg.revenue_pareto(data, as_of, pol)
ax = kt.plots.pareto_curve(par.curve, top=par.top)
kt.plots.show(ax, kt.plots.pareto_curve_reading(par.curve))
n_a = int((par.curve["abc"] == "A").sum())
kt.headlines.sentence(head, "The top {top} of the {buyers_12m} buying customers bring {concentration} of the revenue of "
                      "{concentration:window}; {n_a:,} customers make up class A. Strategy — {strategy}",
                      top=kt.headlines.share_text(par.top, 0), n_a=n_a, strategy=kt.strategies.ABC["A"])

# %% [markdown]
# ## Profitability after cost to serve: the whale curve
#
# Gross margin before discounts, minus the cost to serve (discounts and selling hours at the policy's cost per hour).
# The curve climbs above 100 % while profitable customers are added and falls back as unprofitable ones give profit away.

# %%
prof = seg.profitability(data, as_of, pol)
ax = kt.plots.whale_curve(prof)
kt.plots.show(ax, kt.plots.whale_curve_reading(prof))
unprof = prof[prof["profit_class"] == "unprofitable"]
kt.tables.note(f"{len(unprof):,} customers lose {num(-unprof['profit'].sum()):,.0f} after cost to serve; the curve peaks at "
               f"{num(prof['cumulative_profit_share'].max()):.0%} of total profit. Strategy — {kt.strategies.PROFIT['unprofitable']}")

# %% [markdown]
# ## Customer value matrix
#
# Current value (margin of the last 12 months) against potential value (wallet headroom times margin rate);
# the dashed lines are the medians of the buying customers.

# %%
vm = seg.value_matrix(data, as_of, pol)
ax = kt.plots.value_matrix_chart(vm, policy=pol)
kt.plots.show(ax, kt.plots.value_matrix_chart_reading(vm))
n_dev = int((vm["quadrant"] == "develop").sum())
kt.tables.note(f"{n_dev:,} customers are small today but have large headroom (develop). Strategy — {kt.strategies.VALUE_MATRIX['develop']}")

# %% [markdown]
# ## Customer lifetime value
#
# Contribution of the last 12 months (margin minus selling time) carried over the policy's horizon, kept with the
# retention observed in the data (share of last year's buyers that bought again, per group of the policy's
# `clv.retention_by`: ABC class, a customers column or the whole book) and discounted.

# %%
lv = seg.clv(data, as_of, policy=pol)
kt.tables.style(lv.nlargest(10, "clv")[["name", "group", "retention", "yearly_contribution", "clv"]])

# %%
kt.tables.note(f"The {int(lv['clv'].notna().sum()):,} customers with revenue in the last 12 months are worth {num(lv['clv'].sum()):,.0f} over "
               f"{int(lv['horizon_years'].iloc[0])} years. {seg.retention_text(lv)} Strategy — {kt.strategies.ABC['A']}")

# %% [markdown]
# ## RFM: recency, frequency, monetary
#
# Customers by recency score and frequency-monetary score (1 = worst, 5 = best among the buyers); the named
# segments follow from the two scores.

# %%
r = seg.rfm(data, as_of, pol)
ax = kt.plots.rfm_heatmap(r)
kt.plots.show(ax, kt.plots.rfm_heatmap_reading(r))
n_risk = int(r["segment"].isin(["at risk", "cannot lose them"]).sum())
kt.tables.note(f"{n_risk:,} customers who used to buy often and much have not bought lately (at risk, cannot lose them). "
               f"Strategy — {kt.strategies.RFM['at risk']}")

# %% [markdown]
# ## MAN pipeline of leads
#
# Every lead qualified by Money, Authority and Need (capital letter = present), in order of priority, with its
# estimated annual value and the action for each code.

# %%
pipe = seg.man_pipeline(seg.man(data))
kt.tables.style(pipe)

# %%
ax = kt.plots.man_pipeline_chart(pipe, policy=pol)
kt.plots.show(ax, kt.plots.man_pipeline_chart_reading(pipe, policy=pol))
top = pipe.loc["M+A+N"]
kt.tables.note(f"{int(top['leads']):,} leads are fully qualified (M+A+N) with {num(top['estimated_annual_value']):,.0f} a year "
               f"of estimated purchases. Action — {top['action']}")

# %% [markdown]
# ## Customer status
#
# Active, new (first purchase within the policy's months), lost (no purchase for the policy's months), prospects
# (set up or leads, not buying yet) and non-customers (leads without money, authority or need).

# %%
stat = seg.status(data, as_of, pol)
counts = stat.groupby("status").agg(accounts=("kind", "size"), strategy=("strategy", "first"))
kt.tables.style(counts.reindex([s for s in seg.STATUS_ORDER if s in counts.index]))

# %% [markdown]
# ## Relationship lifecycle
#
# Customers by stage, from revenue of the last 12 months and its trend against the previous 12 months; the label
# on each bar is the stage's share of revenue.

# %%
lc = seg.lifecycle(data, as_of, pol)
ax = kt.plots.lifecycle_chart(lc)
kt.plots.show(ax, kt.plots.lifecycle_chart_reading(lc))
defense = lc[lc["stage"] == "defense"]
kt.headlines.sentence(head, "{lifecycle_defense} customers are in defense (revenue down {down} or more), with {stake} of "
                      "revenue at stake; {lifecycle_breakthrough} are in breakthrough (first orders, or not buying yet). "
                      "Strategy — {strategy}", down=kt.headlines.share_text(-pol["segments"]["lifecycle"]["decline_below"], 0),
                      stake=f"{num(defense['revenue_12m'].sum()):,.0f}", strategy=kt.strategies.LIFECYCLE["defense"])

# %% [markdown]
# ## Migration since the previous period
#
# The pyramid at the end of this month against the pyramid at the end of the previous month (each on its own
# trailing 12 months): rows are the tier before, columns the tier now.

# %%
mig = seg.tier_migration(data, as_of, months=1, policy=pol)
ax = kt.plots.migration_heatmap(mig.matrix)
kt.plots.show(ax, kt.plots.migration_heatmap_reading(mig.matrix))
ups, downs = (mig.movers["direction"] == "up").sum(), (mig.movers["direction"] == "down").sum()
kt.tables.note(f"Since last month {ups:,} accounts moved up and {downs:,} moved down. Strategy — {kt.strategies.MIGRATION['down']}")

# %%
kt.tables.style(mig.movers.drop(columns="strategy").head(20))

# %% [markdown]
# ## Accounts to promote
#
# Ordinary customers with the highest composite (then potential): the candidates to develop into key accounts.

# %%
promote = seg.to_promote(pyr, n=15)
print(f"Strategy — {kt.strategies.TIERS['ordinary']}")
kt.tables.style(promote.drop(columns="strategy"))

# %% [markdown]
# ## Key accounts to watch
#
# Key accounts whose revenue fell by the policy's decline threshold or more against the previous 12 months,
# largest revenue lost first.

# %%
watch = seg.to_watch(pyr, n=15, policy=pol)
listed = f"the {len(watch):,} that lost the most revenue are listed" if len(watch) else "none to list"
display(kt.headlines.sentence(head, "{key_accounts_declining} key accounts are declining ({key_accounts_declining:change} since "
                              "{key_accounts_declining:previous_window}); {listed}. Strategy — {strategy}",
                              listed=listed, strategy=kt.strategies.LIFECYCLE["defense"]))
kt.tables.style(watch.drop(columns="strategy"))

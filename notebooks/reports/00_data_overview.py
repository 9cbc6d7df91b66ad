# %% [markdown]
# # Data overview
#
# What the store holds for this report: tables, rows, the months covered, and how complete the customer book is. Read this first: every other page of the report rests on these tables.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
language: str = ""  # zh, en or both; empty: the policy's report.language

# %%
import kamtools as kt
from kamtools.report import report_context

ctx = report_context(period, db, policy, language=language)
data, period, start, as_of = ctx.data, ctx.period, ctx.start, ctx.as_of
print(f"Report period {period}: {start} to {as_of}")

# %% [markdown]
# ## Tables and rows

# %%
counts = kt.overview.table_counts(data)
kt.tables.style(counts)

# %% [markdown]
# ## Months covered
#
# Invoices, credit notes and payments per month up to the report period: the table shows the last 13 months (the report month and the same month a year earlier), the chart the last 24. A gap or a sudden drop usually means an incomplete export rather than a change in the business.

# %%
monthly = kt.overview.monthly_activity(data, as_of, months=24)
kt.tables.style(monthly.tail(13))

# %%
ax = kt.plots.monthly_activity(monthly, policy=ctx.policy)
kt.plots.show(ax, kt.plots.monthly_activity_reading(monthly, policy=ctx.policy))

# %%
head = kt.kpis(data, as_of, ctx.policy)  # the report's headline numbers: the same on every page
kt.headlines.sentence(head, "The amount invoiced in {revenue_month:window}, net of credit notes, is the revenue of the "
                      "month on every page: {revenue_month}, from {buyers_month} buying customers.")

# %% [markdown]
# ## Completeness of the customer book
#
# Share of customers with each kind of supporting data. Credit grades need financial statements and a qualitative assessment; limits need an approved credit limit.

# %%
kt.tables.style(kt.overview.coverage(data))

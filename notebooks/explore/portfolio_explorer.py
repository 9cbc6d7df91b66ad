# %% [markdown]
# # Portfolio explorer
#
# Filter the customer book by report month, region, account manager, pyramid tier, credit grade and
# lifecycle stage. The table lists the selected customers, largest revenue first; the charts show their
# credit grades, lifecycle stages and receivables by age per account manager, and follow every change of
# a filter. **Export to Excel** writes the selection to `portfolio_<period>.xlsx` in `reports/scratch/`
# (or `output_dir`).
#
# Run all cells, then use the filters (the charts need a running kernel).

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
output_dir: str = ""  # folder for the Excel export; empty: reports/scratch/

# %%
import kamtools as kt
from kamtools.explore import PortfolioExplorer, filter_accounts

data = kt.load(db or None)
explorer = PortfolioExplorer(data, period or None, policy or None, output_dir=output_dir)
explorer

# %% [markdown]
# ## The selection in code
#
# The explorer's current selection is a DataFrame, `explorer.selection` (all customers until a filter is
# set); `explorer.table` holds every customer of the month. The largest accounts:

# %%
sel = explorer.selection
print(f"{len(sel):,} customers on {explorer.as_of}: revenue of the last 12 months {sel['revenue_12m'].sum():,.0f}, "
      f"open receivables {sel['open_receivables'].sum():,.0f}, of which overdue {sel['overdue'].sum():,.0f}")
sel.head(10)

# %% [markdown]
# The same filters work on the table from code, e.g. the key accounts by credit grade:

# %%
key = filter_accounts(explorer.table, tier="key")
share = key["revenue_12m"].sum() / explorer.table["revenue_12m"].sum()
late = int((key["overdue"] > 0).sum())
print(f"{len(key)} key accounts bring {share:.0%} of revenue; {late} of them have overdue debt.")
key["grade"].value_counts().reindex(kt.credit.grade_order(policy or None), fill_value=0).rename("key accounts")

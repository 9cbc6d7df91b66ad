# %% [markdown]
# # Account plan
#
# One key account on one page (大客户计划): who the customer is, how its purchases and margin developed over
# two years, its credit standing and what it owes, how much selling time it receives against its target, where
# the relationship stands, the strategy for its tier and stage, and a proposed plan — situation, objectives,
# actions and the team. The figures come from the data; the plan is a starting point for the account manager
# to complete with the team and to review with the customer.

# %% tags=["parameters"]
customer_id: str = ""  # customer to plan for; empty: the first key account (largest revenue)
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
book: str = ""  # folder of book-level tables prepared by the report run; empty: computed here

# %%
import html

import pandas as pd
from IPython.display import HTML, display

import kamtools as kt
from kamtools import portfolio as pf
from kamtools.report import data_period, period_bounds

data = kt.load(db or None)
period = period or data_period(data)
as_of = period_bounds(period)[1]
pol = kt.policy.load_policy(policy or None)
pd.set_option("display.max_colwidth", None)


def pct(value: float, sign: str = "") -> str:
    return "n/a" if pd.isna(value) else f"{value:{sign}.1%}"


account = pf.account_profile(data, customer_id or pf.default_account(data, as_of, pol), as_of, pol, book=book or None)
display(HTML(f"<h2>{html.escape(account.name)} ({html.escape(account.customer_id)})</h2>"))
kt.tables.note(f"Account plan {period}: the state on {as_of}")

# %% [markdown]
# ## Profile
#
# The customer's attributes, its place in the key-account pyramid (rank by composite among all accounts) and
# its status.

# %%
kt.tables.values(account.profile)

# %% [markdown]
# ## 24-month trend
#
# Net invoiced revenue (bars) and margin (line) per month.

# %%
ax = pf.plot_monthly(account.trend, title=f"{account.name}: revenue and margin, last 24 months")
m = account.margin
kt.tables.note(f"Revenue {m['revenue_12m']:,.0f} over the last 12 months against {m['revenue_prev_12m']:,.0f} "
               f"before ({pct(m['growth'], '+')}).")

# %% [markdown]
# ## Margin
#
# Margin of the last and previous 12 months, discounts granted, and profit after the cost to serve
# (discounts and selling hours at the policy's cost per hour).

# %%
kt.tables.values(account.margin)

# %%
kt.tables.note(f"Margin rate {pct(m['margin_rate_12m'])} (previous 12 months {pct(m['margin_rate_prev_12m'])}); "
               f"profit after cost to serve {m['profit']:,.0f}: {m['profit_class']}.")

# %% [markdown]
# ## Credit grade and limit usage
#
# Grade from the credit scorecard, the approved limit against exposure (open receivables − unapplied
# credit + open orders) and the recommended limit, with the level that must approve a change.

# %%
ax = pf.plot_limit_usage(account.credit, title=f"{account.name}: credit limit usage")
kt.tables.values(account.credit)

# %%
cr = account.credit
usage = "no approved limit" if pd.isna(cr["utilization"]) else f"{pct(cr['utilization'])} of the approved limit"
kt.tables.note(f"Grade {cr['grade']} (previously {cr['previous_grade']}); exposure {cr['exposure']:,.0f} is {usage}; "
               f"recommended limit {cr['recommended_limit']:,.0f}.")

# %% [markdown]
# ## Open receivables and aging
#
# What the customer owes by days past due, and its open invoices, oldest due date first.

# %%
kt.tables.values(account.aging.rename("amount"))

# %%
kt.tables.style(account.open_items.head(15))

# %%
ag = account.aging
kt.tables.note(f"Open {ag['total']:,.0f}, of which {ag['overdue']:,.0f} overdue; the oldest invoice is "
               f"{int(ag['max_days_past_due'])} days past due.")

# %% [markdown]
# ## Activities against the time target
#
# Activities of the last 12 months by type. The time target is the tier's share of all selling time (the
# pyramid: key accounts about 60 %) spread evenly over the accounts of the tier.

# %%
kt.tables.style(account.activities)

# %%
t = account.time
kt.tables.note(f"{t['hours_12m']:,.1f} hours over the last 12 months against a target of {t['target_hours']:,.1f} "
               f"({pct(t['achieved'])} of it).")

# %% [markdown]
# ## Relationship and lifecycle
#
# The relationship state and the highest level of the customer we reach, whether it buys relationally or on
# price, and its stage in the relationship lifecycle.

# %%
kt.tables.values(pd.concat([account.relationship, account.lifecycle]))

# %% [markdown]
# ## Strategy
#
# What the KAM method prescribes for the account's tier, status, lifecycle stage and relationship type.

# %%
kt.tables.style(account.strategies)

# %% [markdown]
# ## Account plan
#
# **Situation** (the customer, its competitors, our position), **objectives** for the next 12 months,
# **actions**, and the **team**: the account manager and the supporting functions.

# %%
kt.tables.style(account.plan.set_index(["section", "item"]))

# %%
kt.tables.note(f"Plan owner: {account.profile['account_manager']}; "
               f"{int((account.plan['section'] == 'actions').sum())} actions for the next 12 months.")

# %% [markdown]
# # Account card
#
# Pick a customer — type part of its id or name in **Search** (Chinese or Latin, any case), then choose it
# in the list — and see its profile, the monthly trend of invoicing and collection, its credit assessment
# and limit, open receivables, latest activities and the strategy for each of its segments.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
customer: str = ""  # customer id shown first; empty: the largest customer by revenue

# %%
import kamtools as kt
from kamtools.explore import AccountCard

data = kt.load(db or None)
card = AccountCard(data, period or None, policy or None, customer=customer or None)
card

# %% [markdown]
# ## The card in code
#
# Everything on the card is also a value: `card.profile`, `card.trend`, `card.credit`, `card.aging`,
# `card.receivables`, `card.activities` and `card.strategy`.

# %%
p = card.profile
print(f"{p['customer_id']} {p['name']} ({p['region']}, {p['account_manager']}): "
      f"{p['tier']} account in the {p['stage']} stage, credit grade {card.credit['grade']}")
card.credit.to_frame("value")

# %%
card.strategy

# %% [markdown]
# Searching works the same from code: the customers whose id or name contains the text, best matches first.

# %%
found = card.matches("机电")
print(f"{len(found)} customers have 机电 in their id or name")
found[["name", "region", "tier", "grade"]].head()

# %% [markdown]
# # Credit what-if
#
# Change the credit policy and see at once what it does to the book: the scorecard **weights** (they must add
# up to 100; *Scale weights to 100* fixes the sum), the lowest score of each **grade**, the **limit** rules
# (the grade's multiplier on the terms need, the grace days, rounding) and the authority of the **approval**
# levels (the largest limit each may approve). The tables and charts compare the starting policy with the edited one: customers per
# grade, total recommended limit, and the limit changes each approval level must sign.
#
# **Save policy** writes the edited policy as YAML (by default `reports/scratch/credit_policy.yaml`); use it
# with `kam report --policy FILE`.

# %% tags=["parameters"]
period: str = ""  # report month YYYY-MM; empty: latest complete month of the data
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
policy: str = ""  # YAML policy file overriding the defaults; empty: shipped defaults
output_dir: str = ""  # folder the policy is saved to; empty: reports/scratch/

# %%
import pandas as pd

import kamtools as kt
from kamtools.explore import CreditWhatIf, what_if

data = kt.load(db or None)
explorer = CreditWhatIf(data, period or None, policy or None, output_dir=output_dir)
explorer

# %% [markdown]
# ## The starting policy in numbers

# %%
start = explorer.baseline
print(f"On {explorer.as_of} the policy recommends {start.total_recommended:,.0f} of credit in total; "
      f"{int(start.approvals_needed.sum())} limit changes await approval.")
start.approvals

# %% [markdown]
# ## A stricter top grade, in code
#
# `what_if` takes any policy (a mapping or a file) and reuses the explorer's precomputed inputs
# (`explorer.base`), so trying a variant takes milliseconds:

# %%
stricter = kt.policy.load_policy(policy or None).to_dict()  # an editable copy
top = next(iter(stricter["credit"]["grades"]))
stricter["credit"]["grades"][top] = min(100, stricter["credit"]["grades"][top] + 5)
variant = what_if(data, explorer.as_of, stricter, base=explorer.base)
print(f"With {top} from {stricter['credit']['grades'][top]}: {int(variant.grades[top])} customers keep {top} "
      f"(now {int(start.grades[top])}); total recommended limit {variant.total_recommended:,.0f}.")
pd.DataFrame({"starting policy": start.grades, "stricter": variant.grades})

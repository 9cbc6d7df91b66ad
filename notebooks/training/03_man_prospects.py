# %% [markdown]
# # Lesson 3 — Qualifying prospects with MAN (MAN 法则)
#
# Prospects (潜在客户) get only about 10 % of selling time, so that time must go to the leads most likely to buy. The
# **MAN** rule qualifies a lead with three questions:
#
# | letter | 中文 | question |
# |---|---|---|
# | **M**oney | 购买力 | Can it pay? Budget, financial strength, credit standing. |
# | **A**uthority | 决策权 | Does our contact decide, or can we reach the person who does? |
# | **N**eed | 需求 | Does it need what we sell? |
#
# A capital letter means the condition is present, lower case that it is missing or unknown: `M+a+N` has money and a
# need, but we do not yet speak to the person who decides. The three yes/no answers give **eight combinations**,
# each with a priority and an action.

# %% [markdown]
# ## Set-up
#
# The lesson works on the workbook's data: your store if there is one, else the committed sample. Change `period`
# to study another month. Every exercise is checked against the same data and month: run the cells in order.

# %% tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import segments as seg
from kamtools import training
from kamtools.report import report_context

ctx = report_context(period, db)
data, period, as_of = ctx.data, ctx.period, ctx.as_of
pd.set_option("display.max_colwidth", 110)
print(f"Lesson data: {len(data.customers):,} customers; the last 12 months run up to {as_of}")

# %% [markdown]
# ## 1. The eight combinations
#
# Priority 1 is pursued first. More conditions present rank higher; among equals, money ranks before need and need
# before authority — a missing decision maker is the easiest gap to close (find the person), missing money can be
# helped with credit terms or financing, and a need is the hardest to create.

# %%
combos = kt.strategies.describe("man")
combos.insert(0, "priority", [seg.MAN_PRIORITY[code] for code in combos.index])
combos

# %% [markdown]
# ## Exercise 3.1 — Name the combination
#
# A distributor's purchasing manager tells you the budget for next year is approved and their current supplier
# cannot deliver what they need; the contract, however, will be signed by the general manager, whom you have never
# met.

# %% tags=["solution"]
# Exercise 3.1: which MAN code describes this lead? Answer a text such as "m+A+n".
lead_code = "M+a+N"

# %%
training.check("03.code", lead_code, (data, as_of))

# %%
print(kt.strategies.MAN["M+a+N"])

# %% [markdown]
# ## 2. Qualifying the leads
#
# The leads table records money, authority and need for every lead (`True` / `False`; unknown counts as not yet
# qualified). `seg.man` adds the code, its priority and the action:

# %%
m = seg.man(data)
m[["company", "owner", "money", "authority", "need", "estimated_annual_value", "man_code", "priority"]].head(8)

# %% [markdown]
# ## Exercise 3.2 — Who to pursue first
#
# Work on `m`, one row per lead.

# %% tags=["solution"]
# Exercise 3.2: how many leads should be pursued first (priority 1)? Answer a whole number.
pursue_first = int((m["priority"] == 1).sum())

# %%
training.check("03.pursue_first", pursue_first, (data, as_of))

# %% [markdown]
# ## Exercise 3.3 — The pipeline worth approaching now
#
# Priorities 1 to 4 are the leads worth approaching now: the ideal prospect (`M+A+N`) and the three codes with two
# conditions present, each with its way to close the gap (find the decision maker, create the need, offer financing).

# %% tags=["solution"]
# Exercise 3.3: what is the estimated annual value of the leads with priority 1 to 4?
# Use the columns priority and estimated_annual_value of `m`.
approach_value = m.loc[m["priority"] <= 4, "estimated_annual_value"].sum()

# %%
training.check("03.approach_value", approach_value, (data, as_of))

# %% [markdown]
# ## 3. The MAN pipeline
#
# `seg.man_pipeline` does the counting for every code at once — all eight codes, in order of priority, with the
# number of leads, their estimated annual value and the action:

# %%
pipe = seg.man_pipeline(m)
pipe

# %%
ax = kt.plots.man_pipeline_chart(pipe)

# %% [markdown]
# Who holds the best leads? Priority-1 leads per owner show where the next proposals will come from:

# %%
m[m["priority"] == 1].groupby("owner").agg(leads=("company", "size"),
                                           value=("estimated_annual_value", "sum")).sort_values("value", ascending=False)

# %% [markdown]
# ## Key points
#
# * MAN (MAN 法则): Money (购买力), Authority (决策权), Need (需求); a capital letter = present.
# * Eight combinations, each with an action: `M+A+N` pursue now; two of three — close the gap (find the decision
#   maker, create the need, check credit and offer financing); one of three — cultivate at low cost; `m+a+n` — not a
#   customer, stop contact.
# * Qualify before you sell: the prospects' 10 % of selling time goes to the highest priorities first.

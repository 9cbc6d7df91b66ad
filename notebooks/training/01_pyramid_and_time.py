# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 1 — The key-account pyramid and where selling time goes (大客户金字塔与销售时间)
#
# Not every customer deserves the same effort. A salesperson's scarcest resource is selling time (销售时间), and the
# key-account method decides where it goes by sorting every account — customers and prospects alike — into the
# **key-account pyramid** (大客户金字塔):
#
# | tier | 中文 | share of accounts | share of selling time |
# |---|---|---|---|
# | key accounts | 重点客户 | about 10 % | about 60 % |
# | ordinary customers | 普通客户 | about 30 % | about 30 % |
# | prospects | 潜在客户 | about 60 % | about 10 % |
# | unattractive accounts | 无吸引力客户 (不具吸引力客户) | — | none |
#
# A few accounts bring most of the business, so they get most of the time; prospects get a small, steady share so
# the pipeline never dries up; unattractive accounts get none beyond low-cost service.
#
# In this lesson you will place every account in the pyramid, see what each tier brings, and compare where the
# selling time actually went (activity hours) with the 60 / 30 / 10 % targets.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Set-up
#
# The lesson works on the workbook's data: your store if there is one, else the committed sample. Change `period`
# to study another month. Every exercise is checked against the same data and month: run the cells in order.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The four tiers and what to do with each
#
# Each tier comes with a strategy. `kt.strategies.describe("tier")` lists them, with the Chinese term of the
# training material beside the English one.

# %%
kt.strategies.describe("tier")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Placing every account in the pyramid
#
# `seg.pyramid(data, as_of)` scores every account from 0 to 1 on a composite of current value, potential,
# relationship and attractiveness (lesson 2 opens it up) and then assigns the tiers:
#
# * **unattractive** — attractiveness `low` and a small potential;
# * **prospect** — leads, and customers that bought nothing in the last 12 months;
# * **key** — the 10 % of all accounts (customers plus leads) with the highest composite, among buying customers;
# * **ordinary** — the other buying customers.
#
# Only the key share is fixed; the other shares follow from the data. Here are the accounts at the top:

# %%
pyr = seg.pyramid(data, as_of)
pyr.sort_values("rank")[["kind", "name", "revenue_12m", "hours_12m", "composite", "rank", "tier"]].head(8)

# %%
counts = pyr["tier"].value_counts().reindex(list(seg.TIER_ORDER), fill_value=0)
pd.DataFrame({"accounts": counts, "share": (counts / counts.sum()).round(3)})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 1.1 — What do the key accounts bring?
#
# The pyramid puts a few accounts on top because they bring most of the business. Check it on the data: `pyr` has
# one row per account with its `tier` and `revenue_12m` (net invoiced amount of the last 12 months; leads have 0).

# %% tags=["solution"]
# Exercise 1.1: what share of the revenue of the last 12 months do the key accounts bring?
# Use `pyr`: the revenue_12m of the rows with tier "key", divided by the revenue_12m of all rows.
# Answer a share between 0 and 1 (0.42, not 42 %).
key_revenue_share = pyr.loc[pyr["tier"] == "key", "revenue_12m"].sum() / pyr["revenue_12m"].sum()

# %%
training.check("01.key_revenue_share", key_revenue_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Where the selling time goes
#
# Selling time is the hours of the activities logged against each customer in the last 12 months: visits (拜访),
# calls, events, training, greetings, complaint handling. Time on a lead not yet buying is logged against the lead
# (`lead_id` instead of a customer): it is prospect time (潜在客户时间). `seg.pyramid_summary` adds them up per tier and
# sets them beside the targets (`time_target`, from the policy); `time_gap` is the actual share minus the target.

# %%
summary = seg.pyramid_summary(pyr, data, as_of)
summary[["accounts", "account_share", "hours", "time_share", "time_target", "time_gap"]].round(3)

# %%
ax = kt.plots.pyramid_chart(summary)

# %%
per_account = (summary["hours"] / summary["accounts"]).round(1)
over, under = summary["time_gap"].idxmax(), summary["time_gap"].idxmin()
print(f"Most over target: {over} accounts get {summary.loc[over, 'time_share']:.0%} of selling time "
      f"(target {summary.loc[over, 'time_target']:.0%}). Most under target: {under} accounts get "
      f"{summary.loc[under, 'time_share']:.0%} (target {summary.loc[under, 'time_target']:.0%}).")
print("Hours a year per account:", ", ".join(f"{t} {h:g}" for t, h in per_account.items()))

# %% [markdown]
# Time drifts to whoever calls most or is easiest to visit, not to whoever matters most. The gap tells the manager
# where to take hours from and where to put them.
#
# ## Exercise 1.2 — How many hours should move?
#
# Suppose the team cannot work more hours in total, only spend them differently.

# %% tags=["solution"]
# Exercise 1.2: keep the total selling hours of all tiers as they are. How many hours a year would have to move
# to the key accounts for them to get their target share of time (time_target)?
# Use `summary`; the answer is negative when key accounts already get more than their target.
hours_to_move = summary.loc["key", "time_target"] * summary["hours"].sum() - summary.loc["key", "hours"]

# %%
training.check("01.hours_to_move", hours_to_move, (data, as_of))

# %% [markdown]
# Moving hours is a decision per account: the tiers over their target say where hours can come from (ordinary
# customers that are not growing, unattractive accounts that can move to phone and online service); the key
# accounts with the least time per revenue are where they should go.
#
# ## Key points
#
# * The pyramid (大客户金字塔): key accounts (重点客户) about 10 % of accounts, ordinary customers (普通客户) about
#   30 %, prospects (潜在客户) about 60 %, plus unattractive accounts (无吸引力客户) served at the lowest cost.
# * Selling time should follow value: about 60 / 30 / 10 % of hours to key / ordinary / prospects, none to
#   unattractive accounts.
# * Measure it: activity hours per tier against the targets show where time leaks.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# Each lesson ends with a decision, not a number. All of them concern one customer of the data, the day's **case
# account** (案例客户): the largest key account with a credit file, the customer lessons 5 to 8 study. Write your
# decision and your reasons in the cell at the end; there is no check and no single right answer. The group
# compares its decisions, and what matters is whether your reasons hold.
#
# The case account in this lesson's numbers:

# %%
from kamtools.training.lesson_data import focus_account

case = focus_account(data, as_of)  # the case account (案例客户) of the whole course
account = pyr.loc[case]
pd.Series({
    "name": account["name"], "tier": account["tier"], "rank by revenue": int(pyr["revenue_12m"].rank(ascending=False)[case]),
    "growth on the 12 months before": f"{account['growth']:+.0%}",
    "its selling hours, last 12 months": f"{account['hours_12m']:,.1f}",
    "hours of an average key account": f"{per_account['key']:,.1f}",
}, name=case).to_frame("case account")

# %%
case_activities = data.sql("select type, hours from activities where customer_id = ? and date > ? and date <= ?",
                           [case, pd.Timestamp(as_of) - pd.DateOffset(months=12), as_of])
case_activities.groupby("type")["hours"].agg(["count", "sum"]).rename(columns={"count": "contacts", "sum": "hours"})

# %% [markdown]
# **The decision.** Next year the team works no more hours than this year, and exercise 1.2 said how many must move
# to the key accounts. The case account is one of the biggest buyers and still growing; compare its hours with those
# of an average key account, and see what they were spent on (visits, calls, complaints).
#
# *Does the case account get more of the hours that move, the same, or fewer? If more: what do you do with them, and
# with whom at the customer? If the same or fewer: which key accounts get the hours instead, and why?*
#
# *案例客户要不要多分配一些调出来的销售时间，维持不变，还是减少？如果增加，这些时间用来做什么、见客户的谁？如果不变或减少，时间给哪些重点客户，为什么？*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

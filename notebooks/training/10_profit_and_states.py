# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 10 — Lifecycle, profit after cost to serve and customer states (生命周期、客户盈利性与客户状态)
#
# Revenue says how big a customer is; it does not say whether the relationship is growing, whether the customer
# earns us money once our discounts and our selling time are paid, or whether it buys at all. This lesson reads
# the book three more ways, as the material does:
#
# * the **relationship lifecycle** (客户关系生命周期): 突破期 / 成长期 / 收获期 / 防御期 / 冬眠期;
# * **profitability segmentation** (客户盈利性): profit after the cost to serve, and the whale curve;
# * the **customer states** (客户状态): 现实客户 / 潜在客户 / 流失客户 / 非客户, and how they differ from the tiers
#   of the pyramid.
#
# Each exercise is a cell that ends by assigning your answer to a variable; the cell after it checks the answer
# (✔ or ✘ with a hint).

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import segments as seg
from kamtools import training
from kamtools.report import report_context
from kamtools.training.lesson_data import focus_account

ctx = report_context(period, db)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
cid = focus_account(data, as_of)
pd.options.display.float_format = "{:,.2f}".format
print(f"Lesson date {as_of}; the case account: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The relationship lifecycle (客户关系生命周期)
#
# A relationship moves through five stages, each with its own task:
#
# | 阶段 | stage | what it looks like | the task |
# |---|---|---|---|
# | 突破期 | breakthrough | first orders, within the last year | deliver perfectly; widen the contacts |
# | 成长期 | growth | purchases rising | win a larger share of wallet |
# | 收获期 | harvest | stable, mature purchases | earn the margin; serve efficiently |
# | 防御期 | defense | purchases falling | find the cause (a competitor, a price, a complaint) and act |
# | 冬眠期 | dormant (hibernation) | no purchase in 12 months | wake it up or let it go; watch its debt |
#
# `segments.lifecycle` sets each customer's stage from its revenue of the last 12 months against the 12 before.

# %%
lc = seg.lifecycle(data, as_of, pol)
lc[["name", "revenue_12m", "revenue_prev_12m", "trend", "stage"]].head(8)

# %% tags=["solution"]
# Exercise 10.1: the customers in 防御期 (stage "defense") still buy, but less. Over those customers, add up
# revenue_prev_12m - revenue_12m: the revenue a year they no longer buy. Assign it to `defense_decline`.
defense = lc[lc["stage"] == "defense"]
defense_decline = float((defense["revenue_prev_12m"] - defense["revenue_12m"]).sum())

# %%
training.check("10.defense_decline", defense_decline, (data, as_of))

# %%
lc.groupby("stage").agg(customers=("name", "size"), revenue_12m=("revenue_12m", "sum"),
                        revenue_prev_12m=("revenue_prev_12m", "sum"))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Profit after the cost to serve (客户盈利性)
#
# A large customer can cost more than it earns: it buys at a discount and takes many hours of selling and
# service. The workbook counts, for the last 12 months:
#
# * **gross margin** at list price = margin as invoiced + discounts;
# * **cost to serve** = discounts + selling hours × `segments.cost_per_hour` (a fully loaded hour: salary, travel,
#   support; the company's figure);
# * **profit** = gross margin − cost to serve.
#
# The profitable customers that together earn 80 % of the positive profit are *most profitable* (like ABC class
# A); customers whose profit is zero or less are *unprofitable*; customers with no business in the year stay out.

# %%
print(f"cost of one selling hour: {pol['segments']['cost_per_hour']:,.0f}")
prof = seg.profitability(data, as_of, pol)
prof.sort_values("revenue_12m", ascending=False)[
    ["name", "revenue_12m", "gross_margin", "discount_12m", "hours_12m", "cost_to_serve", "profit"]].head(8)

# %% tags=["solution"]
# Exercise 10.2: count the customers whose profit after the cost to serve is not positive (profit_class
# "unprofitable" in `prof`). Assign the count to `unprofitable`.
unprofitable = int((prof["profit_class"] == "unprofitable").sum())

# %%
training.check("10.unprofitable", unprofitable, (data, as_of))

# %% tags=["solution"]
# Exercise 10.3: how much profit do the unprofitable customers give away? Add up their profit (negative) and
# give it as a positive amount of money. Assign it to `profit_given_away`.
profit_given_away = float(-prof.loc[prof["profit_class"] == "unprofitable", "profit"].sum())

# %%
training.check("10.profit_given_away", profit_given_away, (data, as_of))

# %% [markdown]
# The **whale curve** (鲸鱼曲线): customers from the most to the least profitable, the cumulative profit as a share
# of the total. It rises above 100 % and falls back: the profitable customers earn more than the whole book keeps,
# the unprofitable ones give the difference away.

# %%
ax = kt.plots.whale_curve(prof)
print(kt.plots.whale_curve_reading(prof))
prof.groupby("profit_class").agg(customers=("name", "size"), revenue_12m=("revenue_12m", "sum"), profit=("profit", "sum"))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Customer states (客户状态): 现实客户 / 潜在客户 / 流失客户 / 非客户
#
# The material sorts every company in the market into four states:
#
# | 状态 | state | in the workbook (`segments.status`) |
# |---|---|---|
# | 现实客户 | current customer: buys now | `new` (first purchase within 12 months) and `active` |
# | 潜在客户 | prospect: could buy, has not yet | `prospect` (a lead, or a customer set up that never bought) |
# | 流失客户 | lost customer: bought, stopped | `lost` (no purchase in 12 months) |
# | 非客户 | non-customer: no money, authority or need (m+a+n) | `non-customer` |
#
# **A state is not a tier.** The pyramid ranks accounts by value and potential: its bottom tiers are 潜在客户
# (`prospect`) and 无吸引力客户 (`unattractive`). The same word 潜在客户 names a tier (little value yet) and a state
# (not buying yet), and the pyramid's 潜在客户 tier and its 无吸引力客户 tier hold **现实客户** too: customers who buy
# today but rank low. They are served, invoiced and owe money like any other: they need a plan to grow or to be
# served at low cost, not the prospecting of a lead.

# %%
states = seg.status(data, as_of, pol)
states["status"].value_counts()

# %%
pyr = seg.pyramid(data, as_of, pol)
both = pyr[["tier"]].join(states[["status"]], how="inner")
both.head(8)

# %% tags=["solution"]
# Exercise 10.4: count the 现实客户 (status "new" or "active") that the pyramid ranks below 普通客户 (tier
# "prospect" or "unattractive"). Assign the count to `current_below_ordinary`.
current_below_ordinary = int((both["tier"].isin(["prospect", "unattractive"])
                              & both["status"].isin(["new", "active"])).sum())

# %%
training.check("10.current_below_ordinary", current_below_ordinary, (data, as_of))

# %%
pd.crosstab(both["tier"], both["status"])

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Internal customers (内部客户)
#
# The material also counts **internal customers**: the colleagues in delivery, finance, production and service
# whose work the key-account manager depends on and who depend on the manager's forecasts and promises. The
# workbook's data record external customers only, so there is nothing to count here: the two-day course treats
# internal customers and internal communication in the case notebook on relationships
# (`cases/D_relationships.ipynb`, question D.5 and card D.2).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways
#
# * The lifecycle stage says what the relationship needs now: 防御期 customers are revenue about to be lost.
# * Revenue is not profit: discounts and selling hours make some customers cost more than they earn.
# * 现实 / 潜在 / 流失 / 非客户 say whether a company buys; the pyramid says how much it is worth: read both.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# The case account (案例客户) of the course, three ways:

# %%
row = prof.loc[cid]
print(f"{row['name']}: stage {lc.loc[cid, 'stage'] if cid in lc.index else 'none'}, state {states.loc[cid, 'status']}; "
      f"gross margin {row['gross_margin']:,.0f}, cost to serve {row['cost_to_serve']:,.0f} "
      f"({row['hours_12m']:,.0f} selling hours), profit {row['profit']:,.0f}, profit class {row['profit_class']}")

# %% [markdown]
# **The decision.** The case account's manager asks for a dedicated service engineer and two more visits a month
# ("they are our biggest customer"); finance asks to cut the discount instead. The same week, a 现实客户 in the
# 无吸引力客户 tier asks for the same discount the case account gets.
#
# *Whose request do you grant, and on what numbers? What would you do with the unprofitable customers as a group:
# serve them at lower cost, raise their prices, or let some go? How do you say it to each?*
#
# *你会批准哪一方的要求，依据什么数字？对不盈利的客户整体你会怎么做：降低服务成本、提价，还是放弃一部分？分别怎么跟他们说？*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 3 — Qualifying prospects with MAN (MAN 法则)
#
# Prospects (潜在客户) get only about 10 % of selling time, so that time must go to the leads most likely to buy. The
# **MAN** rule qualifies a lead with three questions:
#
# | letter | 中文 | in a word (口诀) | question |
# |---|---|---|---|
# | **M**oney | 购买力 | 买得起 (can afford it) | Can it pay? Budget, financial strength, credit standing. |
# | **A**uthority | 决策权 | 说了算 (has the say) | Does our contact decide, or can we reach the person who does? |
# | **N**eed | 需求 | 用得着 (has a use for it) | Does it need what we sell? |
#
# A capital letter means the condition is present, lower case that it is missing or unknown: `m+A+N` speaks to the
# person who decides and needs what we sell, but has no budget yet. The three yes/no answers give **eight
# combinations**, each with a priority and an action (section 1, after the first exercise).

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The eight combinations (MAN 的八种组合)
#
# The training material lists the eight combinations in this order, which is the order of priority (1 is pursued
# first):
#
# 1. `M+A+N` — the ideal prospect (有望客户): pursue now;
# 2. `M+A+n` — can afford it and has the say, but no use for it yet: worth approaching; track the customer and
#    follow up as soon as a need appears (持续跟踪，需求出现时跟进);
# 3. `M+a+N` — worth approaching; find the person who decides (设法找到有决定权的人);
# 4. `m+A+N` — worth approaching; investigate its business and credit, then consider credit terms or financing
#    (调查业务与信用后给予融资);
# 5. – 7. `m+a+N`, `m+A+n`, `M+a+n` — one condition of three: keep in contact at low cost and cultivate over the
#    long term until the others appear (长期观察、培养);
# 8. `m+a+n` — not a customer (非客户): stop contact.
#
# Why does a missing need rank above a missing decision maker and missing money? A customer that can afford it and
# has the say decides quickly once the need is there, and needs change: a new project, a failing supplier, growth.
# What the seller does about it is not to invent a need but to stay close enough to see it first. A missing decision
# maker takes a search; missing money takes an investigation and a credit decision (lessons 5 and 6).

# %%
combos = kt.strategies.describe("man")
combos.insert(0, "priority", [seg.MAN_PRIORITY[code] for code in combos.index])
combos

# %%
print(kt.strategies.MAN["M+a+N"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Qualifying the leads
#
# The leads table records money, authority and need for every lead (`True` / `False`; unknown counts as not yet
# qualified). `seg.man` adds the code, its priority and the action:

# %%
m = seg.man(data)
m[["company", "owner", "money", "authority", "need", "estimated_annual_value", "man_code", "priority"]].head(8)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 3.2 — Who to pursue first
#
# Work on `m`, one row per lead.

# %% tags=["solution"]
# Exercise 3.2: how many leads should be pursued first (priority 1)? Answer a whole number.
pursue_first = int((m["priority"] == 1).sum())

# %%
training.check("03.pursue_first", pursue_first, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 3.3 — The pipeline worth approaching now
#
# Priorities 1 to 4 are the leads worth approaching now: the ideal prospect (`M+A+N`) and the three codes with two
# conditions present, each with its way to close the gap (track and follow up when a need appears, find the
# decision maker, offer financing).

# %% tags=["solution"]
# Exercise 3.3: what is the estimated annual value of the leads with priority 1 to 4?
# Use the columns priority and estimated_annual_value of `m`.
approach_value = m.loc[m["priority"] <= 4, "estimated_annual_value"].sum()

# %%
training.check("03.approach_value", approach_value, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Key points
#
# * MAN (MAN 法则): Money (购买力, 买得起), Authority (决策权, 说了算), Need (需求, 用得着); a capital letter =
#   present.
# * Eight combinations in the material's order, each with an action: `M+A+N` pursue now; two of three — `M+A+n`
#   track and follow up when a need appears, `M+a+N` find the decision maker, `m+A+N` check credit and offer
#   financing; one of three — cultivate at low cost; `m+a+n` — not a customer, stop contact.
# * Qualify before you sell: the prospects' 10 % of selling time goes to the highest priorities first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# MAN is not only for leads: every new opportunity at an existing customer can be qualified the same way. The case
# account (案例客户) of the course, and the people we know there:

# %%
from kamtools.training.lesson_data import focus_account

case = focus_account(data, as_of)  # the case account (案例客户) of the whole course
profile = seg.pyramid(data, as_of).loc[case]
roles = data.contacts.loc[data.contacts["customer_id"] == case, "role"]
print(f"{profile['name']} ({case}): {profile['tier']} account, relationship level {profile['relationship_level']}; "
      f"the people we know there: {', '.join(roles) or 'nobody on file'}")

# %% [markdown]
# **The decision.** The case account's purchasing manager tells you that the group will open a second plant
# next year, which would need as much of our category as the customer buys from us today. The plant's equipment and
# suppliers will be chosen by the plant's general manager together with the group's finance director; neither is
# among our contacts. The customer is large, but its account manager mentions that it "always pays a few weeks late".
#
# *Which MAN code do you give this opportunity today, letter by letter, and on what evidence? What are your first two
# actions, and whose time do they take (the account's key-account hours, or the 10 % kept for prospects)?*
#
# *按现有信息，这个机会今天的 MAN 代码是什么（逐个字母说明依据）？你的头两步行动是什么？用的是该客户的重点客户时间，还是留给潜在客户的 10% 时间？*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

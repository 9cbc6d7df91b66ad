# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 3 — Qualifying prospects with MAN (MAN 法则)
#
# 潜在客户只分到约 10 % 的销售时间，所以这些时间必须花在最可能购买的线索上。**MAN 法则**用三个问题来判断一条线索是否合格：<br>
# Prospects (潜在客户) get only about 10 % of selling time, so that time must go to the leads most likely to buy. The
# **MAN** rule qualifies a lead with three questions:
#
# | letter (字母) | 中文 | in a word (口诀) | question (问题) |
# |---|---|---|---|
# | **M**oney | 购买力 | 买得起 (can afford it) | 它付得起吗？预算、财务实力、信用状况。Can it pay? Budget, financial strength, credit standing. |
# | **A**uthority | 决策权 | 说了算 (has the say) | 我们的联系人能拍板吗？或者我们能接触到拍板的人吗？Does our contact decide, or can we reach the person who does? |
# | **N**eed | 需求 | 用得着 (has a use for it) | 它需要我们卖的东西吗？Does it need what we sell? |
#
# 大写字母表示具备这个条件，小写表示不具备或不清楚：`m+A+N` 表示我们接触的是拍板的人，对方也用得着我们的产品，但暂时还没有预算。三个“是 / 否”的答案组成**八种组合**，每种组合都有优先级和对应行动（见第一道练习之后的第 1 节）。<br>
# A capital letter means the condition is present, lower case that it is missing or unknown: `m+A+N` speaks to the
# person who decides and needs what we sell, but has no budget yet. The three yes/no answers give **eight
# combinations**, each with a priority and an action (section 1, after the first exercise).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Set-up (准备)
#
# 本课使用工作簿的数据：有数据库就用你自己的数据库，否则用提交的样本数据。改 `period` 可以研究另一个月份。每道练习都按同一份数据、同一个月份检查：请按顺序运行各单元格。<br>
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
from kamtools.output import labels
from kamtools.report import report_context

ctx = report_context(period, db)
data, period, as_of = ctx.data, ctx.period, ctx.as_of
pd.set_option("display.max_colwidth", 110)
print(f"课程数据：{len(data.customers):,} 个客户；近12个月截至 {as_of}。\n"
      f"Lesson data: {len(data.customers):,} customers; the last 12 months run up to {as_of}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 3.1 — Name the combination (练习 3.1：说出是哪种组合)
#
# 一家经销商的采购经理告诉你：明年的预算已经批下来了，他们现在的供应商供不了他们要的货；不过合同要由总经理签字，而你从没见过这位总经理。<br>
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
# 培训教材按下面的顺序列出八种组合，这个顺序就是优先级（1 最先跟进）：<br>
# The training material lists the eight combinations in this order, which is the order of priority (1 is pursued
# first):
#
# 1. `M+A+N` — 理想的潜在客户：马上跟进；the ideal prospect (有望客户): pursue now;
# 2. `M+A+n` — 买得起、说了算，但暂时用不着：值得接触；持续跟踪，需求一出现就跟进；<br>
#    `M+A+n` — can afford it and has the say, but no use for it yet: worth approaching; track the customer and
#    follow up as soon as a need appears (持续跟踪，需求出现时跟进);
# 3. `M+a+N` — 值得接触；设法找到说了算的人；worth approaching; find the person who decides (设法找到有决定权的人);
# 4. `m+A+N` — 值得接触；先调查它的业务和信用，再考虑给予信用条件或融资；<br>
#    `m+A+N` — worth approaching; investigate its business and credit, then consider credit terms or financing
#    (调查业务与信用后给予融资);
# 5. `m+a+N`、`m+A+n`、`M+a+n` — 三个条件只具备一个：以低成本保持联系，长期培养，等其他条件出现；<br>
#    – 7. `m+a+N`, `m+A+n`, `M+a+n` — one condition of three: keep in contact at low cost and cultivate over the
#    long term until the others appear (长期观察、培养);
# 8. `m+a+n` — 非客户：停止接触。not a customer (非客户): stop contact.
#
# 为什么缺需求排在缺决策人和缺钱前面？一个买得起、说了算的客户，需求一出现就会很快做决定，而需求是会变的：新项目、供应商出问题、业务增长。销售人员要做的不是凭空制造需求，而是离客户足够近，第一个看到需求。缺决策人需要去找人；缺钱则需要调查和信用决定（第 5、6 课）。<br>
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
# ## 2. Qualifying the leads (给线索做资格判断)
#
# 线索表为每条线索记录了购买力、决策权和需求（`True` / `False`；不清楚的按尚未合格处理）。`seg.man` 加上代码、优先级和对应行动：<br>
# The leads table records money, authority and need for every lead (`True` / `False`; unknown counts as not yet
# qualified). `seg.man` adds the code, its priority and the action:

# %%
m = seg.man(data)
m[["company", "owner", "money", "authority", "need", "estimated_annual_value", "man_code", "priority"]].head(8)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 3.2 — Who to pursue first (练习 3.2：先跟进谁)
#
# 用 `m`，每条线索一行。Work on `m`, one row per lead.

# %% tags=["solution"]
# Exercise 3.2: how many leads should be pursued first (priority 1)? Answer a whole number.
pursue_first = int((m["priority"] == 1).sum())

# %%
training.check("03.pursue_first", pursue_first, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 3.3 — The pipeline worth approaching now (练习 3.3：现在值得接触的线索)
#
# 优先级 1 到 4 是现在值得接触的线索：理想的潜在客户（`M+A+N`），以及具备两个条件的三种代码，各有补齐短板的办法（持续跟踪、需求出现时跟进；找到决策人；提供融资）。<br>
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
# ## 3. The MAN pipeline (MAN 线索漏斗)
#
# `seg.man_pipeline` 一次统计所有代码：八种代码按优先级排列，列出线索数、预计年度金额和对应行动：<br>
# `seg.man_pipeline` does the counting for every code at once — all eight codes, in order of priority, with the
# number of leads, their estimated annual value and the action:

# %%
pipe = seg.man_pipeline(m)
pipe

# %%
ax = kt.plots.man_pipeline_chart(pipe)

# %% [markdown]
# 谁手里有最好的线索？每位负责人的优先级 1 线索，显示下一批方案会从哪里来。<br>
# Who holds the best leads? Priority-1 leads per owner show where the next proposals will come from:

# %%
m[m["priority"] == 1].groupby("owner").agg(leads=("company", "size"),
                                           value=("estimated_annual_value", "sum")).sort_values("value", ascending=False)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Key points (要点)
#
# * MAN 法则：M 购买力（买得起），A 决策权（说了算），N 需求（用得着）；大写字母表示具备。<br>
#   MAN (MAN 法则): Money (购买力, 买得起), Authority (决策权, 说了算), Need (需求, 用得着); a capital letter =
#   present.
# * 八种组合按教材顺序排列，各有行动：`M+A+N` 马上跟进；具备两个条件的：`M+A+n` 持续跟踪、需求出现时跟进，`M+a+N` 找到决策人，`m+A+N` 调查信用、提供融资；只具备一个条件的：低成本培养；`m+a+n` 是非客户，停止接触。<br>
#   Eight combinations in the material's order, each with an action: `M+A+N` pursue now; two of three — `M+A+n`
#   track and follow up when a need appears, `M+a+N` find the decision maker, `m+A+N` check credit and offer
#   financing; one of three — cultivate at low cost; `m+a+n` — not a customer, stop contact.
# * 先判断资格，再去销售：潜在客户的 10 % 销售时间先给优先级最高的线索。<br>
#   Qualify before you sell: the prospects' 10 % of selling time goes to the highest priorities first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# MAN 法则不只用于线索：现有客户的每一个新机会都可以同样判断。下面是课程的案例客户，以及我们在那里认识的人：<br>
# MAN is not only for leads: every new opportunity at an existing customer can be qualified the same way. The case
# account (案例客户) of the course, and the people we know there:

# %%
from kamtools.training.lesson_data import focus_account

case = focus_account(data, as_of)  # the case account (案例客户) of the whole course
profile = seg.pyramid(data, as_of).loc[case]
roles = data.contacts.loc[data.contacts["customer_id"] == case, "role"]
print(f"{profile['name']}（{case}）：{labels.value('tier', profile['tier'], 'zh')}，"
      f"关系层级：{labels.value('relationship_level', profile['relationship_level'], 'zh')}；"
      f"我们在那里认识的人：{'、'.join(roles) or '档案中没有联系人'}\n"
      f"{profile['name']} ({case}): {profile['tier']} account, relationship level {profile['relationship_level']}; "
      f"the people we know there: {', '.join(roles) or 'nobody on file'}")

# %% [markdown]
# **决定。** 案例客户的采购经理告诉你，集团明年要开第二家工厂，这家工厂对我们这类产品的需求相当于客户现在向我们采购的全部数量。工厂的设备和供应商将由工厂总经理和集团财务总监共同选定，这两人都不在我们的联系人里。客户规模很大，但它的客户经理提到它“总是晚几周付款”。<br>
# **The decision.** The case account's purchasing manager tells you that the group will open a second plant
# next year, which would need as much of our category as the customer buys from us today. The plant's equipment and
# suppliers will be chosen by the plant's general manager together with the group's finance director; neither is
# among our contacts. The customer is large, but its account manager mentions that it "always pays a few weeks late".
#
# *按现有信息，这个机会今天的 MAN 代码是什么（逐个字母说明依据）？你的头两步行动是什么？用的是该客户的重点客户时间，还是留给潜在客户的 10% 时间？*<br>
# *Which MAN code do you give this opportunity today, letter by letter, and on what evidence? What are your first two
# actions, and whose time do they take (the account's key-account hours, or the 10 % kept for prospects)?*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

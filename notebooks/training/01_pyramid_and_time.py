# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 1 — The key-account pyramid and where selling time goes (大客户金字塔与销售时间)
#
# 并不是每个客户都值得同样的投入。销售人员最稀缺的资源是销售时间，大客户管理方法通过把所有客户（现有客户和潜在客户）放进**大客户金字塔**来决定时间花在哪里：<br>
# Not every customer deserves the same effort. A salesperson's scarcest resource is selling time (销售时间), and the
# key-account method decides where it goes by sorting every account — customers and prospects alike — into the
# **key-account pyramid** (大客户金字塔):
#
# | tier | 中文 | share of accounts (客户占比) | share of selling time (销售时间占比) |
# |---|---|---|---|
# | key accounts | 重点客户 | about 10 % | about 60 % |
# | ordinary customers | 普通客户 | about 30 % | about 30 % |
# | prospects | 潜在客户 | about 60 % | about 10 % |
# | unattractive accounts | 无吸引力客户 (不具吸引力客户) | — | none |
#
# 少数客户带来大部分生意，所以得到大部分时间；潜在客户得到一小部分稳定的时间，保证客户储备不断档；无吸引力客户除了低成本服务之外不投入销售时间。<br>
# A few accounts bring most of the business, so they get most of the time; prospects get a small, steady share so
# the pipeline never dries up; unattractive accounts get none beyond low-cost service.
#
# 本课你将把每个客户放进金字塔，看每一层带来什么，并把销售时间的实际去向（活动小时）与 60 / 30 / 10 % 的目标相比较。<br>
# In this lesson you will place every account in the pyramid, see what each tier brings, and compare where the
# selling time actually went (activity hours) with the 60 / 30 / 10 % targets.

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
# ## 1. The four tiers and what to do with each (四个层级及各自的策略)
#
# 每个层级都有对应的策略。`kt.strategies.describe("tier")` 列出这些策略，英文旁边附有培训教材的中文术语。<br>
# Each tier comes with a strategy. `kt.strategies.describe("tier")` lists them, with the Chinese term of the
# training material beside the English one.

# %%
kt.strategies.describe("tier")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Placing every account in the pyramid (把每个客户放进金字塔)
#
# `seg.pyramid(data, as_of)` 按当前价值、潜力、关系和吸引力的综合分给每个客户打 0 到 1 分（第 2 课会拆开讲），然后划分层级：<br>
# `seg.pyramid(data, as_of)` scores every account from 0 to 1 on a composite of current value, potential,
# relationship and attractiveness (lesson 2 opens it up) and then assigns the tiers:
#
# * **unattractive** — attractiveness `low` and a small potential;
# * **潜在客户**：销售线索，以及近12个月没有购买的客户；<br>
#   **prospect** — leads, and customers that bought nothing in the last 12 months;
# * **重点客户**：在有购买的客户中，综合分排在全部客户（客户加线索）前 10 % 的客户；<br>
#   **key** — the 10 % of all accounts (customers plus leads) with the highest composite, among buying customers;
# * **ordinary** — the other buying customers.
#
# 只有重点客户的比例是固定的，其他层级的比例由数据决定。下面是排在最前面的客户：<br>
# Only the key share is fixed; the other shares follow from the data. Here are the accounts at the top:

# %%
pyr = seg.pyramid(data, as_of)
pyr.sort_values("rank")[["kind", "name", "revenue_12m", "hours_12m", "composite", "rank", "tier"]].head(8)

# %%
counts = pyr["tier"].value_counts().reindex(list(seg.TIER_ORDER), fill_value=0)
pd.DataFrame({"accounts": counts, "share": (counts / counts.sum()).round(3)})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 1.1 — What do the key accounts bring? (练习 1.1：重点客户带来多少？)
#
# 金字塔把少数客户放在顶端，因为它们带来大部分生意。用数据验证一下：`pyr` 每个客户一行，有 `tier`（层级）和 `revenue_12m`（近12个月开票净额；销售线索为 0）。<br>
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
# ## 3. Where the selling time goes (销售时间的去向)
#
# 销售时间是近12个月记录在每个客户名下的活动小时：拜访、电话、活动、培训、问候、处理投诉。花在尚未购买的线索上的时间记在线索名下（用 `lead_id` 而不是客户编号），这就是潜在客户时间。`seg.pyramid_summary` 按层级汇总这些小时，并与目标（`time_target`，来自政策文件）并列；`time_gap` 是实际占比减去目标。<br>
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
print(f"超出目标最多：{labels.value('tier', over, 'zh')}占销售时间的 {summary.loc[over, 'time_share']:.0%}"
      f"（目标 {summary.loc[over, 'time_target']:.0%}）。低于目标最多：{labels.value('tier', under, 'zh')}占 "
      f"{summary.loc[under, 'time_share']:.0%}（目标 {summary.loc[under, 'time_target']:.0%}）。\n"
      f"Most over target: {over} accounts get {summary.loc[over, 'time_share']:.0%} of selling time "
      f"(target {summary.loc[over, 'time_target']:.0%}). Most under target: {under} accounts get "
      f"{summary.loc[under, 'time_share']:.0%} (target {summary.loc[under, 'time_target']:.0%}).")
print("每个客户每年的小时 Hours a year per account:", ", ".join(f"{t} {h:g}" for t, h in per_account.items()))

# %% [markdown]
# 时间总是流向打电话最多、最容易拜访的客户，而不是最重要的客户。差距告诉经理该从哪里抽出时间、把时间投到哪里。<br>
# Time drifts to whoever calls most or is easiest to visit, not to whoever matters most. The gap tells the manager
# where to take hours from and where to put them.
#
# ## Exercise 1.2 — How many hours should move? (练习 1.2：需要调动多少小时？)
#
# 假设团队的总工时不能增加，只能重新分配。<br>
# Suppose the team cannot work more hours in total, only spend them differently.

# %% tags=["solution"]
# Exercise 1.2: keep the total selling hours of all tiers as they are. How many hours a year would have to move
# to the key accounts for them to get their target share of time (time_target)?
# Use `summary`; the answer is negative when key accounts already get more than their target.
hours_to_move = summary.loc["key", "time_target"] * summary["hours"].sum() - summary.loc["key", "hours"]

# %%
training.check("01.hours_to_move", hours_to_move, (data, as_of))

# %% [markdown]
# 调动时间要逐个客户决定：超出目标的层级说明时间可以从哪里来（不再增长的普通客户、可以改用电话和线上服务的无吸引力客户）；单位收入所用时间最少的重点客户，就是时间应该去的地方。<br>
# Moving hours is a decision per account: the tiers over their target say where hours can come from (ordinary
# customers that are not growing, unattractive accounts that can move to phone and online service); the key
# accounts with the least time per revenue are where they should go.
#
# ## Key points (要点)
#
# * 大客户金字塔：重点客户约占客户数的 10 %，普通客户约 30 %，潜在客户约 60 %，另有无吸引力客户，以最低成本服务。<br>
#   The pyramid (大客户金字塔): key accounts (重点客户) about 10 % of accounts, ordinary customers (普通客户) about
#   30 %, prospects (潜在客户) about 60 %, plus unattractive accounts (无吸引力客户) served at the lowest cost.
# * 销售时间应跟着价值走：重点客户 / 普通客户 / 潜在客户分别约占 60 / 30 / 10 % 的小时，无吸引力客户不占。<br>
#   Selling time should follow value: about 60 / 30 / 10 % of hours to key / ordinary / prospects, none to
#   unattractive accounts.
# * 要衡量：各层级的活动小时与目标对比，就能看出时间漏到了哪里。<br>
#   Measure it: activity hours per tier against the targets show where time leaks.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 每一课都以一个决定而不是一个数字结束。所有决定都针对数据中的同一个客户，也就是当天的**案例客户**：有信用档案的最大重点客户，第 5 到 8 课研究的就是它。在最后的单元格写下你的决定和理由；没有检查，也没有唯一正确的答案。全组比较各自的决定，关键是你的理由站不站得住。<br>
# Each lesson ends with a decision, not a number. All of them concern one customer of the data, the day's **case
# account** (案例客户): the largest key account with a credit file, the customer lessons 5 to 8 study. Write your
# decision and your reasons in the cell at the end; there is no check and no single right answer. The group
# compares its decisions, and what matters is whether your reasons hold.
#
# 本课数字中的案例客户 The case account in this lesson's numbers:

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
# **决定。** 明年团队的总工时不会超过今年，练习 1.2 已经算出有多少小时必须调给重点客户。案例客户是最大的买家之一，而且还在增长；把它的小时数与一般重点客户比较，再看这些时间花在了什么上（拜访、电话、投诉）。<br>
# **The decision.** Next year the team works no more hours than this year, and exercise 1.2 said how many must move
# to the key accounts. The case account is one of the biggest buyers and still growing; compare its hours with those
# of an average key account, and see what they were spent on (visits, calls, complaints).
#
# *案例客户要不要多分配一些调出来的销售时间，维持不变，还是减少？如果增加，这些时间用来做什么、见客户的谁？如果不变或减少，时间给哪些重点客户，为什么？*<br>
# *Does the case account get more of the hours that move, the same, or fewer? If more: what do you do with them, and
# with whom at the customer? If the same or fewer: which key accounts get the hours instead, and why?*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

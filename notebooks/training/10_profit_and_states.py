# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 10 — Lifecycle, profit after cost to serve and customer states (生命周期、客户盈利性与客户状态)
#
# 销售额说明客户有多大；它不能说明关系是否在成长，不能说明扣除我们的折扣和销售时间之后客户是否为我们赚钱，也不能说明它究竟还在不在采购。
# 本课按教材的做法，再从三个角度解读客户群：
# Revenue says how big a customer is; it does not say whether the relationship is growing, whether the customer
# earns us money once our discounts and our selling time are paid, or whether it buys at all. This lesson reads
# the book three more ways, as the material does:
#
# * **客户关系生命周期**：突破期 / 成长期 / 收获期 / 防御期 / 冬眠期；
#   the **relationship lifecycle** (客户关系生命周期): 突破期 / 成长期 / 收获期 / 防御期 / 冬眠期;
# * **客户盈利性**：扣除服务成本后的利润，以及鲸鱼曲线；
#   **profitability segmentation** (客户盈利性): profit after the cost to serve, and the whale curve;
# * **客户状态**：现实客户 / 潜在客户 / 流失客户 / 非客户，以及它们与金字塔层级的区别。
#   the **customer states** (客户状态): 现实客户 / 潜在客户 / 流失客户 / 非客户, and how they differ from the tiers
#   of the pyramid.
#
# 每道练习是一个代码单元格，最后把你的答案赋给一个变量；下一个单元格检查答案（✔，或 ✘ 并给出提示）。
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
print(f"课程日期 lesson date {as_of}；案例客户 the case account: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The relationship lifecycle (客户关系生命周期)
#
# 客户关系要经历五个阶段，每个阶段有自己的任务：A relationship moves through five stages, each with its own task:
#
# | 阶段 | stage | 表现 what it looks like | 任务 the task |
# |---|---|---|---|
# | 突破期 | breakthrough | 近一年内的首批订单 / first orders, within the last year | 完美交货；扩大联系人 / deliver perfectly; widen the contacts |
# | 成长期 | growth | 采购上升 / purchases rising | 赢得更大的钱包份额 / win a larger share of wallet |
# | 收获期 | harvest | 采购稳定、成熟 / stable, mature purchases | 赚取毛利；高效服务 / earn the margin; serve efficiently |
# | 防御期 | defense | 采购下降 / purchases falling | 找出原因（竞争对手、价格、投诉）并采取行动 / find the cause (a competitor, a price, a complaint) and act |
# | 冬眠期 | dormant (hibernation) | 12 个月没有采购 / no purchase in 12 months | 唤醒它或放弃它；盯住它的欠款 / wake it up or let it go; watch its debt |
#
# `segments.lifecycle` 按每个客户近12个月的收入与之前12个月相比，确定它所处的阶段。
# `segments.lifecycle` sets each customer's stage from its revenue of the last 12 months against the 12 before.

# %%
lc = seg.lifecycle(data, as_of, pol)
lc[["name", "revenue_12m", "revenue_prev_12m", "trend", "stage"]].head(8)

# %% tags=["solution"]
# 练习 10.1：防御期（stage "defense"）的客户还在买，但买得少了。对这些客户加总 revenue_prev_12m − revenue_12m：
# 他们一年不再购买的收入。赋给 `defense_decline`。
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
# 大客户的成本可能超过它带来的收益：它以折扣价采购，又占用大量销售和服务时间。工作簿按近12个月计算：
# A large customer can cost more than it earns: it buys at a discount and takes many hours of selling and
# service. The workbook counts, for the last 12 months:
#
# * 按目录价计的**毛利** = 开票毛利 + 折扣；
#   **gross margin** at list price = margin as invoiced + discounts;
# * **服务成本** = 折扣 + 销售小时 × `segments.cost_per_hour`（满负荷小时成本：工资、差旅、支持；由公司确定）；
#   **cost to serve** = discounts + selling hours × `segments.cost_per_hour` (a fully loaded hour: salary, travel,
#   support; the company's figure);
# * **利润** = 毛利 − 服务成本。**Profit** = gross margin − cost to serve.
#
# 合计赚取全部正利润 80 % 的盈利客户是*最盈利*客户（类似 ABC 分类的 A 类）；利润为零或负的客户是*不盈利*客户；当年没有业务的客户不计入。
# The profitable customers that together earn 80 % of the positive profit are *most profitable* (like ABC class
# A); customers whose profit is zero or less are *unprofitable*; customers with no business in the year stay out.

# %%
print(f"一个销售小时的成本 cost of one selling hour: {pol['segments']['cost_per_hour']:,.0f}")
prof = seg.profitability(data, as_of, pol)
prof.sort_values("revenue_12m", ascending=False)[
    ["name", "revenue_12m", "gross_margin", "discount_12m", "hours_12m", "cost_to_serve", "profit"]].head(8)

# %% tags=["solution"]
# 练习 10.2：数一数扣除服务成本后利润不为正的客户（`prof` 中 profit_class 为 "unprofitable"）。把个数赋给 `unprofitable`。
# Exercise 10.2: count the customers whose profit after the cost to serve is not positive (profit_class
# "unprofitable" in `prof`). Assign the count to `unprofitable`.
unprofitable = int((prof["profit_class"] == "unprofitable").sum())

# %%
training.check("10.unprofitable", unprofitable, (data, as_of))

# %% tags=["solution"]
# 练习 10.3：不盈利客户送出去多少利润？把它们的利润（负数）加总，用正的金额表示。赋给 `profit_given_away`。
# Exercise 10.3: how much profit do the unprofitable customers give away? Add up their profit (negative) and
# give it as a positive amount of money. Assign it to `profit_given_away`.
profit_given_away = float(-prof.loc[prof["profit_class"] == "unprofitable", "profit"].sum())

# %%
training.check("10.profit_given_away", profit_given_away, (data, as_of))

# %% [markdown]
# **鲸鱼曲线**：客户按利润从高到低排列，纵轴为累计利润占总利润的比例。曲线升到 100 % 以上再回落：盈利客户赚的钱比整个客户群最终留下的还多，
# 不盈利客户把差额送了出去。
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
# 教材把市场上的每家公司分为四种状态：The material sorts every company in the market into four states:
#
# | 状态 | state | 工作簿中 in the workbook (`segments.status`) |
# |---|---|---|
# | 现实客户 | 正在采购 / current customer: buys now | `new`（12 个月内首次采购 first purchase within 12 months）和 and `active` |
# | 潜在客户 | 可能采购，尚未采购 / prospect: could buy, has not yet | `prospect`（线索，或建档后从未采购的客户 / a lead, or a customer set up that never bought） |
# | 流失客户 | 采购过，已停止 / lost customer: bought, stopped | `lost`（12 个月没有采购 no purchase in 12 months） |
# | 非客户 | 没有购买力、决策权或需求（m+a+n）/ non-customer: no money, authority or need (m+a+n) | `non-customer` |
#
# **状态不是层级。**金字塔按价值和潜力给客户排序：它的底部两层是潜在客户（`prospect`）和无吸引力客户（`unattractive`）。同一个词“潜在客户”
# 既指一个层级（目前价值还小），也指一种状态（目前还没有采购），而金字塔的潜在客户层和无吸引力客户层中也有**现实客户**：今天在采购、但排名靠后的客户。
# 他们和其他客户一样被服务、开票、欠款：他们需要的是增长计划或低成本服务，而不是对线索的开发。
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
# 练习 10.4：数一数被金字塔排在普通客户以下（tier "prospect" 或 "unattractive"）的现实客户（status "new" 或 "active"）。
# 把个数赋给 `current_below_ordinary`。
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
# 教材还把**内部客户**计算在内：交付、财务、生产和服务部门的同事，重点客户经理依靠他们的工作，他们也依靠客户经理的预测和承诺。
# 工作簿的数据只记录外部客户，所以这里没有可统计的内容：两天的课程在关于客户关系的案例笔记本中讨论内部客户和内部沟通
# （`cases/D_relationships.ipynb`，问题 D.5 和角色卡 D.2）。
# The material also counts **internal customers**: the colleagues in delivery, finance, production and service
# whose work the key-account manager depends on and who depend on the manager's forecasts and promises. The
# workbook's data record external customers only, so there is nothing to count here: the two-day course treats
# internal customers and internal communication in the case notebook on relationships
# (`cases/D_relationships.ipynb`, question D.5 and card D.2).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways (本课要点)
#
# * 生命周期阶段说明关系现在需要什么：防御期客户是即将流失的收入。
#   The lifecycle stage says what the relationship needs now: 防御期 customers are revenue about to be lost.
# * 收入不等于利润：折扣和销售小时使一些客户的成本超过它们带来的收益。
#   Revenue is not profit: discounts and selling hours make some customers cost more than they earn.
# * 现实 / 潜在 / 流失 / 非客户说明一家公司是否在采购；金字塔说明它值多少：两者都要看。
#   现实 / 潜在 / 流失 / 非客户 say whether a company buys; the pyramid says how much it is worth: read both.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 从三个角度看本课程的案例客户：The case account (案例客户) of the course, three ways:

# %%
row = prof.loc[cid]
print(f"{row['name']}: 阶段 stage {lc.loc[cid, 'stage'] if cid in lc.index else 'none'}，状态 state {states.loc[cid, 'status']}；"
      f"毛利 gross margin {row['gross_margin']:,.0f}，服务成本 cost to serve {row['cost_to_serve']:,.0f} "
      f"（销售小时 {row['hours_12m']:,.0f} selling hours），利润 profit {row['profit']:,.0f}，盈利类别 profit class {row['profit_class']}")

# %% [markdown]
# **The decision.** 案例客户的客户经理要求配一名专职服务工程师，每月再多拜访两次（“他们是我们最大的客户”）；财务则要求削减折扣。
# 同一周，无吸引力客户层中的一个现实客户要求得到与案例客户相同的折扣。
# The case account's manager asks for a dedicated service engineer and two more visits a month
# ("they are our biggest customer"); finance asks to cut the discount instead. The same week, a 现实客户 in the
# 无吸引力客户 tier asks for the same discount the case account gets.
#
# *你会批准哪一方的要求，依据什么数字？对不盈利的客户整体你会怎么做：降低服务成本、提价，还是放弃一部分？分别怎么跟他们说？*
# *Whose request do you grant, and on what numbers? What would you do with the unprofitable customers as a group:
# serve them at lower cost, raise their prices, or let some go? How do you say it to each?*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 2 — Classifying accounts: attractiveness, potential and relationship (客户分类)
#
# 第 1 课把每个客户放进了一个层级。本课拆开这个分类：它对一个客户问哪些问题，答案怎样合成，每一类客户采取什么策略。<br>
# Lesson 1 placed every account in a tier. This lesson opens the classification: which questions it asks about an
# account, how the answers combine, and what strategy follows for each class.
#
# 这套方法对每个客户问四个问题 The method asks four questions about every account:
#
# | question (问题) | 中文 | measured by (衡量方法) |
# |---|---|---|
# | What is it worth to us today? 它今天对我们值多少？ | 当前价值 | revenue and margin of the last 12 months 近12个月的收入和毛利 |
# | How much more could it be worth? 它还能多值多少？ | 潜力 (销量、利润) | growth against the previous 12 months; wallet headroom (what it buys from others) 与前12个月相比的增长；钱包份额的空间（它向别家买的量） |
# | How good is our relationship? 我们的关系有多好？ | 关系状态 / 关系层级 | the relationship state and the highest level of people we reach 关系状态，以及我们能接触到的最高层级 |
# | Is it attractive to us? 它对我们有吸引力吗？ | 客户吸引力 | high / medium / low, set by the account manager 高 / 中 / 低，由客户经理评定 |
#
# 你将看到四项得分如何合成综合分、哪些客户有可能升级，以及如何区分**关系型客户**和**交易型客户**。<br>
# You will see how the four scores make the composite, which accounts could move up, and tell **relational** from
# **transactional** customers (关系型客户 / 交易型客户).

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
from kamtools.report import report_context

ctx = report_context(period, db)
data, period, as_of = ctx.data, ctx.period, ctx.as_of
pd.set_option("display.max_colwidth", 110)
print(f"课程数据：{len(data.customers):,} 个客户；近12个月截至 {as_of}。\n"
      f"Lesson data: {len(data.customers):,} customers; the last 12 months run up to {as_of}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Four scores, one composite (四项得分，一个综合分)
#
# 每个问题打 0 到 1 分。金额类指标按在全部客户中的百分位排名计分（0 = 最低，1 = 最高），所以一个得分表示“比这个比例的客户好”。综合分是加权平均，权重写在政策文件里（`segments.weights`）：<br>
# Each question is scored from 0 to 1. Money enters as percentile ranks among all accounts (0 = lowest, 1 =
# highest), so a score says "better than this share of accounts". The composite is a weighted mean; the weights
# live in the policy file (`segments.weights`):

# %%
pol = kt.policy.load_policy(None)["segments"]
weights = pd.Series(pol["weights"], name="weight")
weights / weights.sum()

# %%
pyr = seg.pyramid(data, as_of)
scores = ["value_score", "potential_score", "relationship_score", "attractiveness_score"]
pyr.sort_values("rank")[["name", "tier", *scores, "composite"]].head(6).round(3)

# %% [markdown]
# 综合分就是四项得分的加权和，自己验算一下 The composite is nothing more than the weighted sum of the four scores; check it yourself:

# %%
w = weights / weights.sum()
by_hand = sum(w[name] * pyr[f"{name}_score"] for name in w.index)
print(f"与金字塔综合分的最大差异 largest difference from the pyramid's composite: {(by_hand - pyr['composite']).abs().max():.1e}")

# %% [markdown]
# 关系得分来自客户经理记录的两项判断：关系的**状态**（关系状态，从关系紧张到战略联盟）和我们能接触到的人的最高**层级**（关系层级，从操作人员到高层团队）。<br>
# The relationship score comes from two judgements the account manager records: the **state** of the
# relationship (关系状态, from strained to strategic alliance) and the highest **level** of people we reach
# (关系层级, from operational staff to the senior team).

# %%
pd.concat({"state (关系状态)": pd.Series(pol["relationship_state_scores"]),
           "level (关系层级)": pd.Series(pol["relationship_level_scores"])}).to_frame("score")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. What sets the tiers apart (各层级的区别)
#
# 各层级的平均得分：重点客户在价值和关系上领先；潜在客户没有当前价值，但可能有潜力；无吸引力客户的吸引力**和**潜力都低。<br>
# Mean scores per tier: key accounts lead on value and relationship; prospects have no current value but may have
# potential; unattractive accounts are low on attractiveness **and** on potential.

# %%
pyr.groupby("tier")[[*scores, "composite"]].mean().reindex(list(seg.TIER_ORDER)).round(2)

# %%
pd.crosstab(pyr["attractiveness"], pyr["tier"]).reindex(columns=list(seg.TIER_ORDER), fill_value=0)

# %% [markdown]
# 仅仅吸引力低并不会使客户成为无吸引力客户：潜力大的客户仍然留在考虑范围内。<br>
# A low attractiveness alone does not make an account unattractive: one with a large potential stays in play.
#
# ## Exercise 2.1 — Ordinary customers with key-account potential (练习 2.1：有重点客户潜力的普通客户)
#
# 普通客户的策略是挑出有潜力的客户，把他们培养成重点客户。<br>
# The strategy for ordinary customers (普通客户) is to pick those with potential and develop them into key accounts.

# %% tags=["solution"]
# Exercise 2.1: how many ordinary customers have a potential score above the average potential score of the
# key accounts? Use `pyr` (columns tier and potential_score); answer a whole number.
key_potential = pyr.loc[pyr["tier"] == "key", "potential_score"].mean()
ordinary_high_potential = int(((pyr["tier"] == "ordinary") & (pyr["potential_score"] > key_potential)).sum())

# %%
training.check("02.ordinary_high_potential", ordinary_high_potential, (data, as_of))

# %% [markdown]
# 工作簿按综合分、再按潜力给待升级的候选客户排序（`seg.to_promote`）；每个候选客户都附有普通客户层级的策略：<br>
# The library ranks the candidates to promote by composite, then potential (`seg.to_promote`); each comes with the
# ordinary tier's strategy:

# %%
print(kt.strategies.TIERS["ordinary"])
seg.to_promote(pyr, n=5)[["name", "account_manager", "revenue_12m", "growth", "potential_score", "composite"]].round(3)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Relational or transactional? (关系型客户还是交易型客户？)
#
# **交易型客户**看价格买货：每一单都比价、要折扣，有更便宜的供应商就走。**关系型客户**看重关系（稳定供货、服务、共同工作），给我们带来不错的贡献，很少要折扣。两者需要不同的策略：对关系型客户要在关系上投入；对交易型客户要按标准条件高效服务，绝不用折扣去买它的生意。<br>
# A **transactional** customer buys on price: it compares offers for every order, asks for discounts and leaves for
# a cheaper supplier. A **relational** customer values the relationship — reliable supply, service, joint work —
# earns us a good contribution and asks for little discount. The two need different strategies: invest in the
# relationship with the relational customer (关系型客户); serve the transactional customer (交易型客户) efficiently at
# standard terms and never buy its business with discounts.
#
# `seg.relational` 按贡献（近12个月毛利）和折扣率（折扣 / 标价金额）给每个有购买的客户分类：<br>
# `seg.relational` classifies each buying customer by its contribution (margin of the last 12 months) and its
# discount share (discounts / list value):

# %%
rel = seg.relational(data, as_of)
rel.groupby("relationship_type").agg(customers=("name", "size"), median_contribution=("contribution", "median"),
                                     median_discount_share=("discount_share", "median")).round(3)

# %%
kt.strategies.describe("relational")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercise 2.2 — Key accounts that buy on price (练习 2.2：看价格买货的重点客户)
#
# 表现出交易型行为的重点客户是一种风险：它带来很大一部分收入，但它的忠诚建立在价格上。<br>
# A key account that behaves transactionally is a risk: it brings a large share of revenue, but its loyalty rests on
# price.

# %% tags=["solution"]
# Exercise 2.2: how many key accounts are transactional customers?
# Combine `pyr` (tier) and `rel` (relationship_type); both are indexed by the customer's id.
key_transactional = int((rel["relationship_type"].reindex(pyr.index[pyr["tier"] == "key"]) == "transactional").sum())

# %%
training.check("02.key_transactional", key_transactional, (data, as_of))

# %% [markdown]
# 对每一个这样的客户，账户计划都应该说明如何让关系超越价格：接触做决定的人，提供折扣以外的价值（服务、共同计划、培训），并盯住毛利。<br>
# For each of these accounts the key-account plan should say how to move the relationship beyond price: reach the
# people who decide, add value that is not a discount (service, joint planning, training), and watch the margin.
#
# ## Key points (要点)
#
# * 客户分类问四个问题：当前价值、潜力、关系（关系状态、关系层级）和客户吸引力；综合分给它们加权，而权重是政策，不是定数。<br>
#   Classification asks four questions: current value (当前价值), potential (潜力), relationship (关系状态、关系层级) and
#   attractiveness (客户吸引力); the composite weighs them, and the weights are policy, not fate.
# * 潜力高的普通客户是重点客户的候选；无吸引力客户是吸引力低、潜力又小的客户。<br>
#   Ordinary customers with high potential are the candidates for key account; unattractive accounts combine low
#   attractiveness with small potential.
# * 关系型客户值得在关系上投入；交易型客户按标准条件高效服务。<br>
#   Relational customers (关系型客户) earn investment in the relationship; transactional ones (交易型客户) efficient
#   service at standard terms.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 本课分类下的课程案例客户 The case account (案例客户) of the course, as this lesson classifies it:

# %%
from kamtools.training.lesson_data import focus_account

case = focus_account(data, as_of)  # the case account (案例客户) of the whole course
pd.Series({
    "name": pyr.loc[case, "name"], "tier": pyr.loc[case, "tier"],
    "relationship state (关系状态)": pyr.loc[case, "relationship_state"],
    "relationship level (关系层级)": pyr.loc[case, "relationship_level"],
    "relationship type": rel.loc[case, "relationship_type"] if case in rel.index else "not classified",
    "its discount share": f"{rel.loc[case, 'discount_share']:.2%}" if case in rel.index else "",
    "discount share above which a customer is transactional": f"{rel.loc[case, 'discount_share_limit']:.2%}" if case in rel.index else "",
}, name=case).to_frame("case account")

# %% [markdown]
# **决定。** 案例客户的采购经理打来电话：“明年我们会多买。全部采购量再给我们 2 % 的折扣，否则我们就把订单分一部分给你们的竞争对手。”<br>
# **The decision.** The case account's purchasing manager calls: "Next year we buy more. Give us another 2 %
# discount on the whole volume, or we split the order with your competitor."
#
# *你给这个折扣、拒绝，还是提出别的方案？说明上面的分类告诉你什么，你怎样回复采购，还会去找客户的哪些人谈。*<br>
# *Do you give the discount, refuse it, or offer something else? Say what the classification above tells you about
# this customer, what you would answer the buyer, and whom else at the customer you would talk to.*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

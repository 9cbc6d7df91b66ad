# %% [markdown] slideshow={"slide_type": "slide"}
# # 案例 E　为什么赊销，怎样收款 · Case E: why sell on credit, and how to collect
#
# 赊销是销售的工具，也是一笔没有利息的贷款。本案例讨论企业为什么赊销、它的利弊，并演练一次催款电话（第7课的催款等级）。
# Selling on credit is a tool of selling and a loan without interest. This case discusses why firms sell on credit,
# its pros and cons, and practises a collection call (lesson 7's dunning levels).
#
# 先独立回答每个问题，再分组讨论；角色卡两人一组演练。Answer each question on your own, then discuss in the group;
# play the role cards in pairs.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import kamtools as kt
from kamtools.report import report_context
from kamtools.training.lesson_data import focus_account

ctx = report_context(period, db)
data, as_of, pol = ctx.data, ctx.as_of, ctx.policy
cid = focus_account(data, as_of)
pyr = kt.segments.pyramid(data, as_of, pol)
terms = data.customers.set_index("customer_id").loc[cid, "payment_terms_days"]
print(f"案例客户每年采购 {pyr.loc[cid, 'revenue_12m']:,.0f}，账期 {terms:.0f} 天。\n"
      f"The case account buys {pyr.loc[cid, 'revenue_12m']:,.0f} a year on {terms:.0f}-day terms.")
dun = kt.receivables.dunning(data, as_of, pol)
if cid in dun.index:
    print(f"Its dunning level this month: {dun.loc[cid, 'dunning_level']} ({dun.loc[cid, 'level_reason']})")

# %% [markdown] slideshow={"slide_type": "slide"}
# **问题 Question E.1** 企业**为什么赊销**？列出至少四个理由。如果全行业都要求现款，会发生什么？
# *Why do firms sell on credit? Name at least four reasons. What would happen if a whole trade asked for cash?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question E.2** 赊销的**利与弊**：各列三项。应收账款常占企业资产的 30–40%：这对我们自己的资金意味着什么？
# *The pros and cons of credit: three of each. Receivables are often 30–40 % of a company's assets: what does that mean
# for our own cash?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question E.3** 案例客户要求把账期延长 30 天。用上面的年采购额估算：我们多借给它多少钱？按年利率 5% 计，一年的资金
# 成本是多少？相当于多少折扣？*The case account asks for 30 more days. From its yearly purchases above: how much more
# do we lend it? At 5 % a year, what does that cost a year, and what discount is it worth?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 角色卡 Role-play cards
#
# **角色卡 Card E.1　催款电话 The collection call**（两人，6 分钟 · pairs, 6 minutes）
#
# * **催收专员 Collector**：按案例客户本月的催款等级打电话给对方财务经理。先核对对账单上的余额，把有争议的发票和没有争议的
#   逾期款分开；要一个具体的付款日期和金额（付款承诺），说清楚逾期不付时下一个等级会发生什么；结束时复述约定。*Call the
#   customer's finance manager at this month's dunning level: agree the balance on the statement first, keep the
#   disputed invoices apart from the undisputed overdue, ask for a date and an amount (a promise to pay), say what the
#   next level brings if it is missed, and repeat the agreement at the end.*
# * **客户财务经理 Customer's finance manager**：你们一直都会付，只是“总是晚一点”；你先说“付款要等总经理签字”，再拿其中一张
#   有争议的发票作为全部不付的理由。*You always pay, "just a bit late"; first you say the CEO must sign, then you use
#   one disputed invoice as the reason to pay nothing.*
#
# **角色卡 Card E.2　收款体系 The collections system**（四人一组，10 分钟 · groups of four, 10 minutes）
#
# * 四人分别扮演**制度化、目标化、激励、评估**的负责人，为公司设计下个月的收款体系：各自提出一条规则、一个目标、一项激励或
#   一项评估（评估负责人带上第7课每位客户经理的 DSO、平均逾期天数 ADD 和回款效率指数 CEI），其他三人质询“大客户拖款时它还
#   管用吗？”。*Each of four plays the owner of rules, targets, incentives or evaluation and proposes one for next
#   month (the owner of evaluation brings lesson 7's DSO, average days delinquent and CEI per manager); the other three
#   ask: "Does it still work when a big customer pays late?"*

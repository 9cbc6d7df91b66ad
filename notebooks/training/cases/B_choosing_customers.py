# %% [markdown] slideshow={"slide_type": "slide"}
# # 案例 B　选择客户 · Case B: choosing customers
#
# 大客户不一定是理想客户。选择客户要看它与我们是否匹配、它带来的价值和风险，而不只是它的规模。
# A big customer is not automatically an ideal one. Choosing customers weighs fit, value and risk, not size alone.
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
prof = kt.segments.profitability(data, as_of, pol)
lim = kt.credit.limits(data, as_of, pol)
share = pyr.loc[cid, "revenue_12m"] / pyr["revenue_12m"].sum()
print(f"案例客户 the case account: {prof.loc[cid, 'name']} ({cid}), {as_of}")
print(f"  占我们近12个月收入的比例 share of our revenue of the last 12 months: {share:.1%}")
print(f"  折扣前毛利率 gross margin rate before discounts: "
      f"{prof.loc[cid, 'gross_margin'] / prof.loc[cid, 'revenue_12m']:.1%}, "
      f"折扣 discounts {prof.loc[cid, 'discount_12m']:,.0f}")
print(f"  风险敞口 exposure {lim.loc[cid, 'exposure']:,.0f}，批准额度 against an approved limit of "
      f"{lim.loc[cid, 'approved_limit']:,.0f}; 逾期 overdue {lim.loc[cid, 'overdue']:,.0f}")
print(f"  钱包份额 share of wallet: {pyr.loc[cid, 'revenue_12m'] / data.customers.set_index('customer_id').loc[cid, 'wallet_estimate']:.0%}")

# %% [markdown] slideshow={"slide_type": "slide"}
# **问题 Question B.1** 案例客户是理想客户吗？用上面的数字，按**大客户的四种风险**逐一说明它对我们有多大风险。
# *Is the case account an ideal customer? With the numbers above, go through the four risks of a big customer one
# by one.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question B.2** 两个潜在客户只能选一个重点跟进：<br>
# *Two prospects, one to pursue:*
#
# * **甲公司**：行业龙头，年采购 3,000 万，要求 120 天账期和 8% 折扣，已有两家供应商，采购经理明说“你们是第三备选”。<br>
#   *A*: the industry leader, 30 million a year, asks for 120-day terms and 8 % off and calls us its third choice.
# * **乙公司**：中型企业，年采购 600 万，增长快，付款记录良好，正为一条新产线选供应商，技术负责人主动来询价。<br>
#   *B*: a mid-sized, fast-growing firm of 6 million a year with a good payment record, choosing a supplier for a
#   new line, whose technical head asked us for a quote.
#
# 用**选择客户的五项原则**比较两家，你选哪一家？*Compare them by the five principles of choosing customers: which do
# you pursue?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question B.3** **价值链**也是客户的来源：沿着案例客户的价值链（它的供应商、它的客户、它的合作伙伴），还能找到
# 哪些新客户？各说一个理由。*The value chain is a source of customers too: along the case account's value chain (its
# suppliers, its customers, its partners), where are further customers? Give a reason for each.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question B.4** **识别需求**：第一次拜访乙公司的技术负责人，你会问哪五个问题，来分清它明确说出的需求和没说出的
# 需求？*Identifying needs: on the first visit to B's technical head, which five questions do you ask to tell the
# needs it states from the needs it does not?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 角色卡 Role-play cards
#
# **角色卡 Card B.1　签不签甲公司 Sign customer A or not**（两人，8 分钟 · pairs, 8 minutes）
#
# * **销售总监 Sales director**：甲公司是行业龙头，签下它今年的目标就完成了；对方要 120 天账期和 8% 折扣，你认为可以接受。
#   *Customer A would make this year's target; you think its 120 days and 8 % are acceptable.*
# * **信用经理 Credit manager**：按公司政策，120 天账期要最高一级审批；8% 折扣后毛利所剩无几，一旦拖款，一元坏账要十到
#   二十元销售才能弥补。你要一个双方都能接受的方案（担保、分阶段账期、较小的首单）。*120 days needs the top approval
#   level; after 8 % little margin is left, and one unit of bad debt needs 10–20 units of sales. Find a proposal both
#   can accept (a guarantee, terms that lengthen with the payment record, a smaller first order).*
# * 结束时两人写下共同的建议和理由。*At the end, write down the joint proposal and its reasons.*

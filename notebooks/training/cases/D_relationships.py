# %% [markdown] slideshow={"slide_type": "slide"}
# # 案例 D　管理客户关系 · Case D: managing the relationship
#
# 客户关系是生意关系：它的性质、类型和价值，投标中的双赢，关系中的道德底线，公司内部的“内部客户”，客户卡片与拜访时机，
# 以及投诉背后的数字。
# The relationship is a business relationship: its nature, types and value, win-win in a tender, the ethical limits,
# the internal customers inside our own company, the customer card and the occasions to visit, and the numbers
# behind complaints.
#
# 先独立回答每个问题，再分组讨论；角色卡两人一组演练。Answer each question on your own, then discuss in the group;
# play the role cards in pairs.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

from kamtools.report import report_context
from kamtools.training.lesson_data import focus_account

ctx = report_context(period, db)
data, as_of = ctx.data, ctx.as_of
cid = focus_account(data, as_of)
since = pd.Timestamp(as_of) - pd.DateOffset(months=12)
acts = data.activities[(pd.to_datetime(data.activities["date"]) > since)
                       & (pd.to_datetime(data.activities["date"]) <= pd.Timestamp(as_of))]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## 客户卡片 The customer card of the case account
#
# 客户卡片记录客户的基本情况、联系人（角色、生日）、往来和下一步。下面是工作簿里案例客户的卡片：
# The customer card records the customer, its contacts (role, birthday), what happened and the next step. The case
# account's card as the workbook holds it:

# %%
card = data.customers.set_index("customer_id").loc[cid]
print(card[["name", "industry", "region", "account_manager", "relationship_state", "relationship_level",
            "payment_terms_days"]].to_string())
data.contacts.loc[data.contacts["customer_id"] == cid, ["name", "role", "birthday"]]

# %%
mine = acts[acts["customer_id"] == cid]
mine.groupby("type").agg(times=("activity_id", "size"), hours=("hours", "sum"))

# %% [markdown]
# 全部客户过去 12 个月的投诉，以及它们在各类往来中所占的比例：
# The complaints of the whole book in the last 12 months, and their share of all contacts:

# %%
book = acts.groupby("type").agg(times=("activity_id", "size"), customers=("customer_id", "nunique"))
book["share_of_contacts"] = book["times"] / book["times"].sum()
book

# %% [markdown] slideshow={"slide_type": "slide"}
# **问题 Question D.1** 客户关系的**性质**是什么：私人关系还是生意关系？交易型、关系型和战略伙伴型关系有什么不同？
# 关系管理能给双方带来哪**四种价值**？*What is the nature of the relationship: personal or business? How do
# transactional, relational and strategic-partnership relationships differ? Which four values does managing the
# relationship bring to both sides?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question D.2** **关系中的道德**：案例客户的采购经理暗示，如果公司付一笔“咨询费”，这次招标就稳了。你怎么做？
# 向谁报告？怎样在拒绝的同时保住关系？*Ethics: the case account's purchasing manager hints that a "consulting fee" would
# secure this tender. What do you do, whom do you tell, and how do you refuse and keep the relationship?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question D.3** **投标与双赢**：案例客户明年的供货要公开招标，竞争对手报价低 6%。除了降价，你还能提出哪些让双方都
# 得益的方案？*Tendering and win-win: next year's supply goes to an open tender and a competitor bids 6 % lower.
# Besides cutting the price, what can you offer that benefits both sides?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question D.4** **客户卡片与拜访时机**：上面的卡片还缺什么（例如：我们的关系停在哪个**关系层级**，采购部以上的决策人
# 是谁）？除了推销，列出至少六个拜访或联系案例客户的好时机。
# *The customer card and visit occasions: what is missing from the card above (for instance: at which relationship
# level our contacts stop, who decides above purchasing)? Besides selling, name at least six good occasions to visit
# or contact the case account.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question D.5** **内部客户与内部沟通**：为了服务好案例客户，公司里谁是你的内部客户、谁把你当内部客户？你欠他们
# 什么（预测、信息、及时的通知），每月怎样沟通？*Internal customers and internal communication: inside the company,
# whose internal customer are you for the case account, and who is yours? What do you owe them (forecasts, information,
# early notice), and how do you communicate each month?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question D.6** **投诉统计**：100 个不满意的客户中，你估计有多少会投诉？其余的会怎样？看上面的表：投诉在我们的往来
# 中占多少，这说明了什么，又没说明什么？*Complaint statistics: of 100 dissatisfied customers, how many do you think
# complain, and what do the others do? In the table above, what share of our contacts are complaints, and what does
# that say, and not say?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 角色卡 Role-play cards
#
# **角色卡 Card D.1　投诉拜访 The complaint visit**（两人，8 分钟 · pairs, 8 minutes）
#
# * **大客户经理 Key-account manager**：案例客户上月有几张发票因“到货数量短少”“价格与合同不符”而有争议（第7课的争议款项）。
#   目标：先听、不辩解，确认事实，说清楚谁在什么日期之前处理，并把争议和正常的逾期款分开谈。*Last month several of the
#   case account's invoices were disputed ("short delivery", "price not as in the contract"; lesson 7's disputes).
#   Listen first, do not argue, establish the facts, say who settles it by when, and keep the disputes apart from the
#   ordinary overdue.*
# * **客户质量经理 Customer's quality manager**：你很生气，生产线因此停了半天；你顺便提出“既然这样，所有欠款都等问题解决后
#   再付”。*You are angry: the line stopped for half a day; you add "then we pay nothing until this is settled".*
#
# **角色卡 Card D.2　内部协调会 The internal meeting**（三人，8 分钟 · threes, 8 minutes）
#
# * **大客户经理 Key-account manager**：案例客户要求下月交货量增加 30%，并延长账期。你要物流和财务支持。*The case account
#   asks for 30 % more next month and longer terms; you need logistics and finance.*
# * **物流经理 Logistics manager**：产能已满，加急要加班费；上次销售的预测偏差很大。*Capacity is full; overtime costs
#   money; the last sales forecast was far off.*
# * **财务经理 Finance manager**：该客户已经连续多月逾期（第7课），没有新的担保不同意延长账期。*The customer has been overdue
#   month after month (lesson 7); no longer terms without new security.*

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 8: The key-account plan (大客户计划) and the account team (客户团队)
#
# 每个重点客户都有一份书面计划，尽可能与客户一起制订，由它的客户经理负责。计划分四部分：
# A key account (重点客户) gets a written plan, made with the customer where possible and owned by
# its account manager. The plan has four parts:
#
# 1. **现状分析**：我们与客户的关系处在什么位置——业务、潜力、关系、信用和应收账款。
#    **Situation** (现状分析): where we stand with the customer: business, potential, relationship,
#    credit and receivables;
# 2. **目标**：未来十二个月我们要达到什么，用数字表示。
#    **Objectives** (目标): what we want to reach in the next twelve months, in numbers;
# 3. **行动计划**：我们要做什么，遵循该客户所属细分的策略。
#    **Actions** (行动计划): what we will do, following the strategy for the account's segment;
# 4. **客户团队**：由谁来做。重点客户由以客户经理为核心的团队服务：销售、物流、生产、研发、市场、财务和客户服务。
#    **Team** (客户团队): who does it. A key account is served by a team around the account manager
#    (客户经理): sales (销售), logistics (物流), manufacturing (生产), R&D (研发), marketing (市场),
#    finance (财务) and customer service (客户服务).
#
# 本课用前面各课的数据，为一个重点客户制订计划。This lesson builds the plan of one key account from the data of the earlier lessons.
#
# 每道练习是一个代码单元格，最后把你的答案赋给一个变量；下一个单元格检查答案（✔，或 ✘ 并给出提示）。检查用工作簿的函数、同样的数据和本课的期间算出正确答案。
# Each exercise is a cell that ends by assigning your answer to a variable; the cell after it checks the answer (✔ or ✘ with a hint). The checks compute the expected answer from the same data with the workbook's functions, for the period of this lesson.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd
from IPython.display import Markdown

import kamtools as kt
from kamtools import credit, receivables, segments, strategies, training
from kamtools.report import report_context
from kamtools.text import markdown_text as md
from kamtools.text import num
from kamtools.training.lesson_data import focus_account

ctx = report_context(period, db)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
cid = focus_account(data, as_of)
pd.options.display.float_format = "{:,.2f}".format
pd.options.display.max_colwidth = None
print(f"课程日期 lesson date {as_of}；本课制订计划的重点客户 the key account we plan: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Situation (现状分析)
#
# ### Business and potential (业务与潜力)
#
# 金字塔（第1课）确定客户的位置；生命周期阶段和客户价值矩阵（第4课）说明关系的走向。
# The pyramid (lesson 1) places the account; the lifecycle stage and the value matrix (lesson 4) say
# where the relationship is heading.

# %%
pyramid = segments.pyramid(data, as_of, pol)
stage = segments.lifecycle(data, as_of, pol).loc[cid]
matrix = segments.value_matrix(data, as_of, pol).loc[cid]
account = pyramid.loc[cid]
situation = pd.Series({
    "name": account["name"], "account manager": account["account_manager"], "tier": account["tier"],
    "rank in the book": int(account["rank"]), "revenue, 12 months before": account["revenue_prev_12m"],
    "margin, last 12 months": account["margin_12m"], "relationship state": account["relationship_state"],
    "relationship level": account["relationship_level"], "lifecycle stage": stage["stage"],
    "value matrix": matrix["quadrant"],
}, name=cid)
situation.to_frame()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 8.1: share of wallet (钱包份额)
#
# 钱包估计（客户表中的 `wallet_estimate`）是客户每年从所有供应商那里采购我们这一品类的金额。我们所占的份额说明还有多少空间。
# The wallet estimate (`wallet_estimate` in the customers table) is what the customer buys of our
# category per year from all suppliers. Our share of it says how much room is left.

# %%
invoices = data.sql("select invoice_date, amount from invoices where customer_id = ?", [cid])
wallet = data.customers.set_index("customer_id").loc[cid, "wallet_estimate"]
print(f"钱包估计 wallet estimate {num(wallet):,.0f}；发票 {len(invoices):,} invoices")

# %% tags=["solution"]
# 练习 8.1：计算我们在客户钱包中的份额：日期在 as_of 减 12 个月之后、as_of 当天或之前的发票净额，除以 `wallet`。
# 赋给 `wallet_share`。
# Exercise 8.1: compute our share of the customer's wallet: the net amount of its invoices dated after
# as_of - 12 months and on or before as_of, divided by `wallet`. Assign it to `wallet_share`.
last_year = invoices[(invoices["invoice_date"] > pd.Timestamp(as_of) - pd.DateOffset(months=12))
                     & (invoices["invoice_date"] <= pd.Timestamp(as_of))]
wallet_share = last_year["amount"].sum() / wallet

# %%
training.check("08.wallet_share", wallet_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Selling time (销售时间)
#
# 第1课衡量了重点客户整体得到多少销售时间。在重点客户之内，我们这个客户得到多少？把它与该客户在重点客户收入中的份额放在一起看：
# 收入份额大而小时份额小的客户，要么服务得太少，要么服务得高效；计划必须说明是哪一种。
# Lesson 1 measured how much of the selling time goes to the key accounts as a whole. Within the key
# accounts, how much goes to ours? Set it beside the account's share of the key accounts' revenue: an
# account that brings a large share of the revenue with a small share of the hours is served thinly, or
# efficiently; the plan must say which.

# %%
activities = data.sql("select customer_id, date, type, hours from activities where date <= ?", [as_of])
tiers = pyramid["tier"]
activities.head()

# %% tags=["solution"]
# 练习 8.2：近12个月（日期在 as_of 减 12 个月之后、as_of 当天或之前的活动）重点客户（tiers == "key"）得到的销售小时中，
# 我们这个客户 `cid` 占多大比例？赋给 `account_time_share`。
# Exercise 8.2: of the selling hours the key accounts (tiers == "key") received in the last 12 months
# (activities dated after as_of - 12 months and on or before as_of), what share went to our account
# `cid`? Assign it to `account_time_share`.
recent_activities = activities[activities["date"] > pd.Timestamp(as_of) - pd.DateOffset(months=12)]
on_key_accounts = recent_activities[recent_activities["customer_id"].map(tiers) == "key"]
account_time_share = on_key_accounts.loc[on_key_accounts["customer_id"] == cid, "hours"].sum() / on_key_accounts[
    "hours"].sum()

# %%
training.check("08.account_time_share", account_time_share, (data, as_of))

# %% [markdown]
# 用数字看这个客户：它向我们采购多少、总共采购多少、剩余空间，以及它得到的时间。
# The account in numbers: what it buys from us and in all, the room left, and the time it gets.

# %%
key_revenue = pyramid.loc[pyramid["tier"] == "key", "revenue_12m"].sum()
pd.Series({
    "近12个月收入 revenue, last 12 months": account["revenue_12m"],
    "钱包估计 wallet estimate": account["wallet_estimate"],
    "剩余空间 headroom": account["headroom"],
    "钱包份额 share of wallet": account["revenue_12m"] / account["wallet_estimate"],
    "近12个月销售小时 selling hours, last 12 months": account["hours_12m"],
    "占重点客户收入的比例 share of the key accounts' revenue": account["revenue_12m"] / key_revenue,
}, name=cid).to_frame()

# %%
start = pd.Timestamp(as_of) - pd.DateOffset(months=12)
ours = activities[(activities["customer_id"] == cid) & (activities["date"] > start)]
contact_mix = ours.groupby("type")["hours"].agg(["count", "sum"]).rename(columns={"sum": "hours"})
contact_mix

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### People we know (我们认识的人)
#
# 我们在客户那里认识谁、在哪个层级：重点客户需要与其高层团队建立全面的关系，而不是只认识一个采购员。
# Who we know at the customer, and at which level: a key account needs relationships across its senior
# team, not one buyer.

# %%
contacts = data.contacts[data.contacts["customer_id"] == cid][["name", "role"]]
contacts

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Credit and receivables (信用与应收账款)
#
# 来自第6课和第7课：信用等级、额度和客户欠款。From lessons 6 and 7: the grade, the limit and what the customer owes.

# %%
limits = credit.limits(data, as_of, pol)
aged = receivables.aging(data, as_of, pol["receivables"]["buckets"])
money = limits.loc[cid, ["grade", "approved_limit", "recommended_limit", "exposure", "utilization",
                          "overdue", "max_days_past_due", "approval_level", "review_reasons"]]
money.to_frame(cid)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Objectives (目标)
#
# 目标是有日期的数字。这里给出未来十二个月的目标，作为与客户和团队讨论的起点（假设写在代码中：可以修改）：
# Objectives are numbers with a date. Here, for the next twelve months, as a starting point for the
# talk with the customer and the team (the assumptions are in the code: change them):
#
# * 销售额：再赢得钱包剩余空间的十分之一。
#   Revenue: win a further tenth of the wallet headroom;
# * 关系：在关系层级上提升一级（采购 → 决策者 → 高层团队）。
#   Relationship: move one step up the relationship levels (purchasing → decision maker → senior team);
# * 信用：把额度调整到建议金额，并让额度使用率低于复审门槛。
#   Credit: bring the limit to the recommended amount and keep utilization below the re-review threshold;
# * 催收：没有逾期超过 30 天的欠款。Collections: nothing more than 30 days past due.

# %%
levels = list(pol["segments"]["relationship_level_scores"])[::-1]  # lowest level first
level_now = account["relationship_level"] if account["relationship_level"] in levels else "none"
level_next = levels[min(levels.index(level_now) + 1, len(levels) - 1)]
revenue_target = account["revenue_12m"] + 0.10 * account["headroom"]
objectives = pd.DataFrame({
    "now": [f"{num(account['revenue_12m']):,.0f}", level_now, f"{num(limits.loc[cid, 'approved_limit']):,.0f}",
            f"{num(limits.loc[cid, 'utilization']):.0%}", f"{num(aged.loc[cid, 'overdue'] if cid in aged.index else 0):,.0f} 逾期 overdue"],
    "target in 12 months": [f"{num(revenue_target):,.0f}", level_next, f"{num(limits.loc[cid, 'recommended_limit']):,.0f}",
                            f"低于 below {num(pol['credit']['review']['utilization_above']):.0%}",
                            "没有逾期 30 天以上 nothing over 30 days"],
}, index=["revenue (销售额)", "relationship level (关系层级)", "credit limit (信用额度)",
          "limit utilization (额度使用率)", "receivables (应收账款)"])
objectives

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Actions (行动计划)
#
# 方法中针对该客户的层级、生命周期阶段和价值矩阵象限的策略给出方向；信用和应收账款补充财务方面的要求。
# The strategies of the method for the account's tier, lifecycle stage and value-matrix quadrant give
# the direction; credit and receivables add what finance needs.

# %%
actions = [
    str(strategies.TIERS[account["tier"]]),
    str(strategies.LIFECYCLE[stage["stage"]]),
    str(strategies.VALUE_MATRIX[matrix["quadrant"]]),
]
change = limits.loc[cid, "limit_change"]
if change != 0:
    actions.append(f"credit limit (信用额度): 申请把额度调整 {num(change):+,.0f} 至 "
                   f"{num(limits.loc[cid, 'recommended_limit']):,.0f}（审批 {limits.loc[cid, 'approval_level']}）/ "
                   f"apply to move the limit by {num(change):+,.0f} to "
                   f"{num(limits.loc[cid, 'recommended_limit']):,.0f} (approval: {limits.loc[cid, 'approval_level']}).")
if cid in aged.index and aged.loc[cid, "overdue"] > 0:
    actions.append(f"collections (催收): 逾期 {num(aged.loc[cid, 'overdue']):,.0f}，最早 "
                   f"{aged.loc[cid, 'max_days_past_due']} 天；与财务联系人商定付款日期 / "
                   f"{num(aged.loc[cid, 'overdue']):,.0f} overdue, oldest "
                   f"{aged.loc[cid, 'max_days_past_due']} days; agree a payment date with the finance contact.")
pd.Series(actions, name="action").to_frame()

# %%
exposure, recommended = limits.loc[cid, "exposure"], limits.loc[cid, "recommended_limit"]
if exposure > recommended:
    print(f"这里销售和信用相互拉扯：客户的风险敞口（{num(exposure):,.0f}）高于其信用等级支持的额度（{num(recommended):,.0f}）。"
          "计划必须先缩小差距再谈增长：收回逾期欠款、更新信用档案以提高等级、要求担保或缩短账期。\n"
          f"Sales and credit pull apart here: the account's exposure ({num(exposure):,.0f}) is above the limit its "
          f"grade supports ({num(recommended):,.0f}). The plan must close the gap before growing: collect the "
          "overdue debt, update the credit file to improve the grade, ask for collateral or shorter terms.")
else:
    print(f"信用支持这份计划：风险敞口（{num(exposure):,.0f}）在信用等级支持的额度（{num(recommended):,.0f}）之内。\n"
          f"Credit supports the plan: the exposure ({num(exposure):,.0f}) is within the limit the grade "
          f"supports ({num(recommended):,.0f}).")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The account team (客户团队)
#
# 客户经理对计划和客户关系负责；公司的每个职能部门承担一部分工作。下表中的客户经理取自数据，其他成员在计划商定时指定。
# The account manager owns the plan and the relationship; each function of the company takes part of
# the work. The team below names the account manager from the data; the other members are named when
# the plan is agreed.

# %%
team = pd.DataFrame([
    ("account manager (客户经理)", account["account_manager"], "负责计划和客户关系，领导团队 / owns the plan and the relationship; leads the team"),
    ("sales (销售)", "to be named", "订单、报价和销售目标；各层级的联系人 / orders, offers and the revenue objective; contacts at every level"),
    ("logistics (物流)", "to be named", "与客户商定的交货可靠性和交货期 / delivery reliability and lead times agreed with the customer"),
    ("manufacturing (生产)", "to be named", "满足客户需求量的产能和质量 / capacity and quality for the customer's volumes"),
    ("R&D (研发)", "to be named", "联合开发，为客户的产品提供技术支持 / joint development and technical support for the customer's products"),
    ("marketing (市场)", "to be named", "市场信息、联合推广、客户所在的细分市场 / market information, joint promotion, the customer's segment"),
    ("finance (财务)", "to be named", "信用额度、账期、催收，以及客户的财务联系人 / credit limit, payment terms, collections and the customer's finance contact"),
    ("customer service (客户服务)", "to be named", "投诉、退货和日常问题 / complaints, returns and day-to-day questions"),
], columns=["role", "member", "responsibility for this account"])
team

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The plan on one page (一页纸计划)
#
# 把以上内容汇总成客户经理带去计划会议的提纲。Everything above, put together as the outline the account manager takes into the planning meeting.

# %%
plan_wallet = account["wallet_estimate"]
plan_share = account["revenue_12m"] / plan_wallet if plan_wallet > 0 else float("nan")
# md(): names and texts from the data show as typed, never as Markdown or HTML
lines = [f"### Account plan {period}: {md(account['name'])} ({md(cid)})", "",
         f"**现状 Situation.** {md(account['tier'])} account, rank {num(account['rank']):,.0f} in the book; revenue "
         f"{num(account['revenue_12m']):,.0f} in the last 12 months (wallet share {num(plan_share):.0%}); "
         f"lifecycle stage {md(stage['stage'])}, value matrix {md(matrix['quadrant'])}; credit grade "
         f"{md(limits.loc[cid, 'grade'])}, exposure {num(limits.loc[cid, 'exposure']):,.0f} against a limit of "
         f"{num(limits.loc[cid, 'approved_limit']):,.0f}.", "",
         "**Objectives.**"]
lines += [f"- {md(topic)}: {md(row['now'])} → {md(row['target in 12 months'])}" for topic, row in objectives.iterrows()]
lines += ["", "**Actions.**"] + [f"- {md(a)}" for a in actions]
lines += ["", "**Team.**"] + [f"- {md(r.role)}: {md(r.member)}" for r in team.itertuples()]
Markdown("\n".join(lines))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways (本课要点)
#
# * 计划从事实出发：价值与潜力、关系、信用与应收账款。
#   A plan starts from facts: value and potential, relationship, credit and receivables.
# * 目标是有日期的数字；行动遵循该客户所属细分的策略。
#   Objectives are numbers with a date; actions follow the strategy for the account's segment.
# * 客户团队把整个公司带到客户面前；由客户经理领导。
#   The account team brings the whole company to the customer; the account manager leads it.
# * 月度报告为每个重点客户都生成这样一份计划（`kam report --accounts ...`）。
#   The monthly report writes such a plan for every key account (`kam report --accounts ...`).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 上面的计划属于案例客户，也就是贯穿全天的那个客户。它的销售目标和它的信用相互拉扯。按客户的条件实现目标需要多少
# （按目标计算的一个月采购额乘以信用天数，加上未交订单），与信用所允许的对照如下：
# The plan above is the case account's (案例客户), the customer of the whole day. Its revenue objective and its
# credit pull against each other. What the target would need on the customer's terms (a month's purchases at the
# target, for its credit days, plus its open orders), beside what credit allows:

# %%
credit_days = limits.loc[cid, "credit_days"]
need_at_target = revenue_target / 12 * credit_days / 30 + limits.loc[cid, "open_orders"]
pd.Series({
    "未来12个月销售目标 revenue target, next 12 months": f"{num(revenue_target):,.0f}",
    "所要求的增长 growth it asks for": f"{num(revenue_target / account['revenue_12m'] - 1):+.0%}",
    "信用天数（账期 + 宽限） credit days (terms + grace)": f"{num(credit_days):,.0f}",
    "按时付款时目标所需的风险敞口 exposure the target needs if paid on time": f"{num(need_at_target):,.0f}",
    "今天的风险敞口 exposure today": f"{num(limits.loc[cid, 'exposure']):,.0f}",
    "今天的逾期 overdue today": f"{num(limits.loc[cid, 'overdue']):,.0f}",
    "批准额度 approved limit": f"{num(limits.loc[cid, 'approved_limit']):,.0f}",
    "建议额度 recommended limit": f"{num(limits.loc[cid, 'recommended_limit']):,.0f}",
    "担保 collateral": f"{num(limits.loc[cid, 'collateral']):,.0f}",
}, name=cid).to_frame("案例客户 case account")

# %% [markdown]
# **The decision.** 你是这份计划的负责人。用本课程讲过的一种手段或几种手段的组合，解决增长与信用之间的冲突：**担保**（银行保函、母公司担保、
# 信用保险）、**账期**（缩短账期、逾期部分的还款计划、部分预付）或**更小的目标**（只按客户付款的速度增长）。然后在同伴组成的信用委员会前为它辩护：
# 一名学员用三分钟陈述，另外三名学员作为委员会提问，全组决定。
# You own this plan. Resolve the conflict between growth and credit with one of the levers the
# day taught, or a mix: **collateral** (担保: a bank guarantee, a parent guarantee, credit insurance), **terms**
# (shorter terms, a payment plan for what is overdue, part payment in advance), or **a smaller target** (grow only
# as fast as the customer pays). Then defend it to a peer credit committee: one participant presents in three
# minutes, three others sit as the committee and ask questions, the group decides.
#
# *用三行写出你的方案：销售目标、所需信用及其保障方式、在什么情况下停止发货。再写出你预计最有力的反对意见，以及你的回答。*
# *Write your proposal in three lines: the revenue target, the credit it needs and how it is covered, and the
# condition under which you would stop deliveries. Then the strongest objection you expect, and your answer to it.*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

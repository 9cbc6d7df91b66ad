# %% [markdown] slideshow={"slide_type": "slide"}
# # 案例 A　大客户经理与大客户战略 · Case A: the key-account manager and KAM as strategy
#
# 大客户管理不是给销售员换一个头衔，而是公司的一项战略：选谁来管大客户、他要做什么、公司的优势从哪里来。
# Key-account management is not a new title for a salesperson but a strategy of the company: who manages a key
# account, what that person does, and where the company's advantage comes from.
#
# 本案例没有计算题：先独立思考每个问题，把答案写在问题下面的单元格里，再分组讨论；角色卡两人一组演练。
# No calculation here: answer each question in the cell under it on your own, then discuss in the group; play the
# role cards in pairs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 情境 The situation
#
# 公司最大的重点客户（课程的案例客户 Westbrook Materials）年采购额约 1,600 万，由区域经理兼管。总经理决定为它任命一名
# 专职**大客户经理**（key-account manager），候选人三名：<br>
# Our largest key account (the course's case account, Westbrook Materials, about 16 million a year) is managed on
# the side by a regional manager. The CEO will appoint a dedicated **key-account manager**. Three candidates:
#
# * **老张**：销售 12 年，成交能力全公司第一，熟悉客户采购部；不喜欢写计划，很少参加内部会议，“客户的事我一个人搞定”。<br>
#   *Zhang*: 12 years in sales, the best closer in the company, knows the customer's purchasing department;
#   dislikes writing plans, rarely attends internal meetings: "I handle the customer on my own."
# * **小李**：工程师出身，做销售 4 年；计划性强，和物流、财务、技术部门合作顺畅，多次化解交付问题；谈判经验不足。<br>
#   *Li*: an engineer, 4 years in sales; organised, works smoothly with logistics, finance and engineering and has
#   solved delivery problems several times; less experienced in negotiation.
# * **王经理**：区域经理，资历最深，现在同时负责 30 多个客户；希望“挂名”管这个客户，具体工作交给下属。<br>
#   *Wang*: the most senior regional manager, now responsible for more than 30 accounts; would hold the title and
#   hand the work to his staff.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question A.1** 大客户经理的工作，除了销售还有哪些？列出至少五项。
# *Beyond selling, what are the tasks of a key-account manager? Name at least five.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question A.2** 你会任命谁？按什么**选拔标准**？每位候选人欠缺什么，公司怎样弥补？
# *Whom do you appoint, by which selection criteria? What does each candidate lack, and how would the company make
# up for it?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question A.3** 总经理说：“大客户管理就是一个销售项目。”为什么说它是公司的**战略**？公司的竞争优势可以从哪些
# 来源产生？
# *The CEO says: "KAM is a sales programme." Why is it a strategy of the company? Which sources of advantage can it
# build?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question A.4** **营销导向**与**销售导向**的客户开发有什么不同？用案例客户各举一例。
# *How does marketing-led customer development differ from selling-led development? Give an example of each for the
# case account.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 角色卡 Role-play cards
#
# **角色卡 Card A.1　候选人与总经理 The candidate and the CEO**（两人，每轮 5 分钟 · pairs, 5 minutes a round）
#
# * **候选人 Candidate**：用三分钟向总经理说明你接手案例客户后的头 90 天：先了解什么、见谁、和公司内部哪些部门约定什么、
#   90 天后拿什么结果汇报。*In three minutes, tell the CEO your first 90 days with the case account: what you learn
#   first, whom you meet, what you agree with which departments inside the company, what you report after 90 days.*
# * **总经理 CEO**：追问两点：“为什么不直接多给他们一点折扣？”“你怎么保证回款不出问题？”*Press on two points: "Why not
#   just give them a bigger discount?" and "How will you make sure they pay?"*
# * **观察员 Observer**（三人组时）：记下候选人提到了哪些大客户经理的任务，漏了哪些。*Note which tasks of a key-account
#   manager the candidate named, and which were missing.*

# %% [markdown] slideshow={"slide_type": "slide"}
# # 案例 C　寻找与接近客户 · Case C: finding and approaching customers
#
# 第3课用 MAN 法则（买得起 / 说了算 / 用得着）给线索打分；本案例练习下一步：从哪里找到客户、怎样接近、怎样用 AIDMAS 安排
# 沟通、怎样用富兰克林说服法帮犹豫的客户做决定。
# Lesson 3 scored leads with MAN; this case practises what comes next: where customers are found, how to approach
# them, how AIDMAS orders the conversation, and how Franklin's method helps a hesitating buyer decide.
#
# 先独立回答每个问题，再分组讨论；角色卡两人一组演练。Answer each question on your own, then discuss in the group;
# play the role cards in pairs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 情境 The situation
#
# 你负责华东区的工业客户。第3课的线索表里有一家 **M+a+N** 的公司：预算已批、需求明确，但你认识的采购专员说了不算。
# 同时，销售总监要求每人本季度新增十家可以接触的潜在客户。
# You cover industrial customers in East China. Lesson 3's leads hold an **M+a+N** company: budget approved, a clear
# need, but your contact, a purchasing clerk, cannot decide. Your sales director wants ten new prospects worth
# approaching from each of you this quarter.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question C.1** **寻找客户的方法**：三分钟内写出你能想到的所有方法（教材列了十五种），然后选出最适合本季度
# 十家新客户的三种，说明理由。*Ways to find customers: in three minutes write down every way you can think of (the
# material lists fifteen), then choose the three best for this quarter's ten new prospects and say why.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question C.2** **接近客户**：为了见到那家 M+a+N 公司说了算的人，你事前要准备什么？用哪种开场方式（介绍人、利益、
# 提问、产品、调查……）？第一次见面的目标是什么？*Approaching: to meet the person who decides at the M+a+N company, what
# do you prepare, which opening do you use (a referral, a benefit, a question, the product, a survey ...), and what is
# the goal of the first meeting?*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question C.3** **AIDMAS**：注意（Attention）→ 兴趣（Interest）→ 欲望（Desire）→ 记忆（Memory）→ 行动
# （Action）→ 满意（Satisfaction）。为这家公司各写一句你会说或做的事，并说明“记忆”和“满意”两步为什么常被忽略。
# *Write one thing you say or do at each step for this company, and why the Memory and Satisfaction steps are often
# forgotten.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "subslide"}
# **问题 Question C.4** **富兰克林说服法**：决策人说“你们的方案不错，但我们和现在的供应商合作多年，再想想吧。”怎样用富兰
# 克林的方法帮他决定？写出你们一起列的两栏。*Franklin's method: the decision maker says "Your offer is good, but we
# have worked with our supplier for years; let me think." How do you use Franklin's method to help him decide? Write
# the two columns you would draw up together.*

# %% [markdown] tags=["judgment"]
# **我的回答 My answer:** …

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 角色卡 Role-play cards
#
# **角色卡 Card C.1　第一次拜访 The first visit**（两人，6 分钟 · pairs, 6 minutes）
#
# * **销售 Salesperson**：你通过一位老客户的介绍见到这家公司的生产副总。目标：按 AIDMAS 的前三步引起兴趣，确认 MAN 三项，
#   约定下一步。*Introduced by an existing customer, you meet the production vice-president. Goal: win interest with
#   the first three steps of AIDMAS, confirm money, authority and need, agree the next step.*
# * **生产副总 Vice-president**（不要给销售看）：你确实有需求，但上次换供应商出过质量事故，你最担心交付稳定；只有对方问到，
#   你才说出来。*(Do not show the salesperson.) You do have the need, but the last change of supplier brought a
#   quality incident; delivery reliability is your worry, and you say so only when asked.*
#
# **角色卡 Card C.2　犹豫的决策人 The hesitating decision maker**（两人，6 分钟 · pairs, 6 minutes）
#
# * **销售 Salesperson**：用富兰克林说服法：和对方一起把“换”和“不换”的理由各列一栏，让对方自己得出结论；不贬低现有供应商。
#   *Use Franklin's method: list with the buyer the reasons for and against the change, and let the buyer conclude;
#   never run down the current supplier.*
# * **决策人 Decision maker**：你倾向于不换，理由是“多年合作、关系好”；但现供应商去年两次延迟交货，你没有主动提。
#   *You lean to staying ("years together, a good relationship"); the current supplier delivered late twice last
#   year, which you do not mention first.*

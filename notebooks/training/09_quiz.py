# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 9: End-of-day quiz (结业测验)
#
# 共十五道小题，覆盖全天内容：金字塔、MAN 法则、客户关系生命周期、信用比率、信用额度、应收账款和催收。每题自带一个小案例，不需要查表：在单元格中写出答案或一行算式，再运行其后的检查单元格。检查方式和各课相同：答错会得到提示，常见的失误会被指出。最后一个单元格给出得分。<br>
# Fifteen short questions on the whole day: the pyramid, MAN, the lifecycle, the credit ratios, limits,
# receivables and collections. Each question gives its own small case, so you need no table: write the
# answer, or a line of arithmetic, in the cell and run the check after it. The checks work as in the
# lessons: a wrong try gets a hint, and a common slip is named. The last cell gives your score.
#
# 术语（层级、阶段、催款等级）可用中文或英文作答；比例用小数，不用百分数；金额直接写数字。<br>
# Answer terms in Chinese or in English (a tier, a stage, a dunning level); shares as fractions, not
# percentages; amounts of money as plain numbers.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
from kamtools import training
from kamtools.report import report_context

ctx = report_context(period, db)
data, as_of = ctx.data, ctx.as_of

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q1. The pyramid (客户金字塔)
#
# Which tier of the pyramid should receive about 60 % of the selling time? (销售时间约六成应投向哪一层客户？)

# %% tags=["solution"]
# Q1: a tier, in Chinese or English.
q01 = "重点客户"

# %%
training.check("quiz.01", q01, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q2. MAN (MAN 法则)
#
# 一条线索明确需要我们的产品。我们的联系人是它的总经理，每一张订单都由他签字。它今年没有这笔采购的预算。哪个 MAN 代码描述这条线索？<br>
# A lead has a clear need for our product. Our contact is its general manager, who signs every order. It
# has no budget for the purchase this year. Which MAN code describes it?

# %% tags=["solution"]
# Q2: a MAN code such as "M+a+n".
q02 = "m + A + N"

# %%
training.check("quiz.02", q02, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q3. Lifecycle (客户关系生命周期)
#
# 一个客户多年来一直稳定地向我们采购。最近两个季度，它的采购量减少了三分之一，但仍然每个月都下单。它处在客户关系生命周期的哪个阶段？<br>
# A customer has bought from us steadily for years. Over the last two quarters its purchases have fallen
# by a third, though it still orders every month. Which stage of the relationship lifecycle is it in?

# %% tags=["solution"]
# Q3: a stage, in Chinese or English.
q03 = "防御期"

# %%
training.check("quiz.03", q03, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q4. Lifecycle (客户关系生命周期)
#
# 另一个客户最近十二个月什么都没有买。它处在哪个阶段？<br>
# Another customer has not bought anything for the last twelve months. Which stage is it in?

# %% tags=["solution"]
# Q4: a stage, in Chinese or English.
q04 = "冬眠期"

# %%
training.check("quiz.04", q04, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q5. Quick ratio (速动比率)
#
# 流动资产 800,000，其中存货 300,000，预付费用 50,000。流动负债 300,000。速动比率是多少？<br>
# Current assets 800,000; of which inventory 300,000 and prepaid expenses 50,000. Current liabilities
# 300,000. What is the quick ratio?

# %% tags=["solution"]
# Q5: a ratio.
q05 = (800_000 - 300_000 - 50_000) / 300_000

# %%
training.check("quiz.05", q05, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q6. Debt ratio (资产负债率)
#
# 总负债 1,300,000，总资产 2,000,000。资产负债率是多少（用小数表示）？<br>
# Total liabilities 1,300,000; total assets 2,000,000. What is the debt ratio, as a share?

# %% tags=["solution"]
# Q6: a share (0.25, not 25).
q06 = 1_300_000 / 2_000_000

# %%
training.check("quiz.06", q06, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q7. Total asset turnover (总资产周转率)
#
# 全年营业收入 3,600,000。总资产年初 1,000,000，年末 1,250,000。总资产周转率是多少？<br>
# Revenue of the year 3,600,000. Total assets 1,000,000 at the start of the year and 1,250,000 at its end.
# What is the total asset turnover?

# %% tags=["solution"]
# Q7: a ratio.
q07 = 3_600_000 / ((1_000_000 + 1_250_000) / 2)

# %%
training.check("quiz.07", q07, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q8. Net margin (销售净利率)
#
# 同一家公司在 3,600,000 的营业收入上净亏损 162,000。它的销售净利率是多少（用小数表示）？<br>
# The same company made a net loss of 162,000 on its revenue of 3,600,000. What is its net margin, as a
# share?

# %% tags=["solution"]
# Q8: a share.
q08 = -162_000 / 3_600_000

# %%
training.check("quiz.08", q08, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q9. DSO (应收账款周转天数)
#
# 未收应收账款 1,350,000。最近 90 天开票的销售净额 1,800,000。应收账款周转天数（DSO）是多少天？<br>
# Open receivables 1,350,000. Net sales invoiced in the last 90 days 1,800,000. What is the DSO, in days?

# %% tags=["solution"]
# Q9: days.
q09 = 1_350_000 / 1_800_000 * 90

# %%
training.check("quiz.09", q09, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q10. Bad-debt provision (坏账准备)
#
# 逾期应收账款：逾期 1–30 天的 100,000（计提比例 1 %），逾期 91–180 天的 40,000（计提比例 25 %），逾期超过 365 天的 20,000（计提比例 100 %）。坏账准备是多少？<br>
# Overdue receivables: 100,000 at 1–30 days (rate 1 %), 40,000 at 91–180 days (rate 25 %) and 20,000 over
# 365 days (rate 100 %). What is the provision?

# %% tags=["solution"]
# Q10: an amount.
q10 = 100_000 * 0.01 + 40_000 * 0.25 + 20_000 * 1.00

# %%
training.check("quiz.10", q10, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q11. What a bad debt costs (坏账的代价)
#
# 这笔坏账准备变成了损失。销售净利率为 6 % 时，需要多少新增销售额才能把这笔损失赚回来？四舍五入到千位。<br>
# That provision becomes a loss. With a net margin of 6 %, how much new sales does it take to earn the loss
# back? Round to the nearest thousand.

# %% tags=["solution"]
# Q11: an amount, rounded to the nearest 1,000.
q11 = round(31_000 / 0.06, -3)

# %%
training.check("quiz.11", q11, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q12. Revenue share (收入占比)
#
# 一个客户群的最高层级带来 4,680,000 的收入，全部收入为 9,000,000。这占收入的比例是多少？<br>
# The top tier of a book brings 4,680,000 of its revenue of 9,000,000. What share of the revenue is that?

# %% tags=["solution"]
# Q12: a share.
q12 = 4_680_000 / 9_000_000

# %%
training.check("quiz.12", q12, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q13. 账龄 or 逾期 (age or days past due)
#
# 一张发票 75 天前开出，付款期限 30 天，至今未付。它逾期多少天？<br>
# An invoice was issued 75 days ago on 30-day terms and is still open. How many days past due (逾期天数)
# is it?

# %% tags=["solution"]
# Q13: days.
q13 = 75 - 30

# %%
training.check("quiz.13", q13, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q14. Accountability for bad debts (坏账责任)
#
# 一个批准额度为 200,000 的客户违约，欠款 260,000，全部核销。经办人承担超出额度部分的全部，以及额度以内部分的 30 %。经办人承担多少？<br>
# A customer with an approved limit of 200,000 defaults owing 260,000, all written off. The handler bears
# all of the part above the limit and 30 % of the part within it. How much does the handler bear?

# %% tags=["solution"]
# Q14: an amount.
q14 = (260_000 - 200_000) + 0.30 * 200_000

# %%
training.check("quiz.14", q14, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Q15. Dunning levels (催款等级)
#
# 按随工作簿提供的政策，逾期 40 天的发票达到哪个催款等级？用中文或英文写出等级名称。<br>
# Under the shipped policy, which dunning level does an invoice 40 days past due reach? Answer its name in
# Chinese or English.

# %% tags=["solution"]
# Q15: a dunning level, in Chinese or English.
q15 = "催款函"

# %%
training.check("quiz.15", q15, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Your score (得分)

# %%
answers = [q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15]
training.score({f"quiz.{n:02d}": answer for n, answer in enumerate(answers, start=1)}, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第1课 · No-code track, lesson 1: the pyramid and selling time
#
# 给不写 pandas 的学员：每道题给出所需的数字，用计算器算出答案，把数字填进练习单元格（把 `None` 换成你的数字，不加千位分隔符），再运行下一格检查。
# 检查、提示和常见错误的说明与课程中相同；同样的题目也印在你文件夹中的工作单上（`worksheets/worksheets.xlsx`）。
# For participants who do not write pandas: each question gives the numbers it needs; work the answer with a
# calculator, type it into the exercise cell (replace `None` with your number, without thousands separators) and run the next cell to check it.
# The checks, hints and named mistakes are the same as in the lesson. The same questions print as a worksheet
# (`worksheets/worksheets.xlsx` in your folder).

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
from kamtools import training
from kamtools.report import report_context
from kamtools.training.worksheets import ingredients, shown

ctx = report_context(period, db)
data, as_of, pol = ctx.data, ctx.as_of, ctx.policy
print(f"数据日期 data at {as_of}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. 重点客户的收入占比 · The key accounts' share of revenue
#
# 重点客户的收入占全部收入的比例是多少？答案是 0 到 1 之间的比例（0.42，不是 42）。
# What share of all revenue do the key accounts bring? A share between 0 and 1 (0.42, not 42).

# %%
numbers = ingredients("01.key_revenue_share", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N1.1：填入你根据上面的数字算出的比例（例如 0.42，不是 42）。
# Exercise N1.1: type the share you worked out from the numbers above (e.g. 0.42, not 42).
key_revenue_share = numbers.loc["key_revenue", "value"] / numbers.loc["revenue", "value"]

# %%
training.check("01.key_revenue_share", key_revenue_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. 要调整的销售时间 · Selling hours to move
#
# 总小时数不变，要让重点客户得到目标比例的销售时间，需要向重点客户增加多少小时？目标小时数 = 目标比例 × 全部小时数；
# 答案 = 目标小时数 − 现有小时数（已超过目标时为负数）。
# Keeping the total, how many hours must move to the key accounts? Target hours = target share × all hours; the
# answer = target hours − the hours now (negative when they already get more).

# %% tags=["solution", "fill-in"]
# 练习 N1.2：填入你根据同样的数字算出的小时数（重点客户已超过目标时为负数，负号写在前面，例如 -120.5）。
# Exercise N1.2: type the hours you worked out from the same numbers (a negative number when the key accounts
# already get more than their target, the minus sign first, e.g. -120.5).
hours_to_move = (numbers.loc["key_target", "value"] * numbers.loc["hours", "value"]
                 - numbers.loc["key_hours", "value"])

# %%
training.check("01.hours_to_move", hours_to_move, (data, as_of))

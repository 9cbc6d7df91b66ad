# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第10课 · No-code track, lesson 10: the lifecycle
#
# 给不写 pandas 的学员：题目给出所需的数字，用计算器算出答案，把数字填进练习单元格（把 `None` 换成你的数字，不加千位分隔符），再运行下一格检查。
# 检查、提示和常见错误的说明与课程中相同；同样的题目也印在你文件夹中的工作单上（`worksheets/worksheets.xlsx`）。
# For participants who do not write pandas: the question gives the numbers it needs; work the answer with a
# calculator, type it into the exercise cell (replace `None` with your number, without thousands separators) and run the next cell to check it.
# The checks, hints and named mistakes are the same as in the lesson. The same question prints as a worksheet
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
# ## 防御期客户少买了多少 · What the customers in 防御期 no longer buy
#
# 生命周期的五个阶段：突破期、成长期、收获期、防御期、冬眠期。防御期的客户还在买，但买得比前一年少。
# 它们一年少买了多少？答案 = 前12个月收入 − 近12个月收入（正数）。冬眠期的客户不算在内。
# The lifecycle's five stages: breakthrough, growth, harvest, defense, hibernation (突破 / 成长 / 收获 / 防御 / 冬眠).
# The customers in 防御期 still buy, but less than the year before. How much less a year? The answer = the revenue
# of the 12 months before − the revenue of the last 12 months (a positive amount). Hibernating customers do not
# count.

# %%
numbers = ingredients("10.defense_decline", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N10.1：填入你根据上面的数字算出的金额（不加千位分隔符：673600，不是 673,600）。
# Exercise N10.1: type the amount worked out from the numbers above (an amount without thousands separators:
# 673600, not 673,600).
defense_decline = numbers.loc["revenue_prev_12m", "value"] - numbers.loc["revenue_12m", "value"]

# %%
training.check("10.defense_decline", defense_decline, (data, as_of))

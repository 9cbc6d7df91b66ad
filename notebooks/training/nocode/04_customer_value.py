# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第4课 · No-code track, lesson 4: customer value
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
# ## 战略客户的毛利占比 · The strategic customers' share of the margin
#
# 客户价值矩阵按当前价值（近12个月毛利）和潜在价值把客户分成四个象限。战略客户（当前价值高、潜力大）的当前价值占全部客户
# 当前价值的比例是多少？答案是 0 到 1 之间的比例（0.42，不是 42）。
# The value matrix places each customer by its current value (margin of the last 12 months) and its potential in
# four quadrants. What share of all customers' current value do the strategic customers (high value, high
# potential) bring? A share between 0 and 1 (0.42, not 42).

# %%
numbers = ingredients("04.strategic_margin_share", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N4.1：填入你根据上面的数字算出的比例（例如 0.42，不是 42）。
# Exercise N4.1: type the share you worked out from the numbers above (e.g. 0.42, not 42).
strategic_margin_share = numbers.loc["strategic", "value"] / numbers["value"].sum()

# %%
training.check("04.strategic_margin_share", strategic_margin_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第3课 · No-code track, lesson 3: MAN and prospects
#
# 给不写 pandas 的学员：每道题给出所需的信息或数字，把答案填进练习单元格（把 `None` 换成你的答案），再运行下一格检查。
# 检查、提示和常见错误的说明与课程中相同；同样的题目也印在你文件夹中的工作单上（`worksheets/worksheets.xlsx`）。
# For participants who do not write pandas: each question gives what it needs; type your answer into the exercise
# cell (replace `None` with it) and run the next cell to check it. The checks, hints and named mistakes are the
# same as in the lesson. The same questions print as a worksheet (`worksheets/worksheets.xlsx` in your folder).
#
# MAN：**M**oney 购买力（买得起）、**A**uthority 决策权（说了算）、**N**eed 需求（用得着）。条件具备用大写字母，缺少用小写。
# MAN: Money (can afford it), Authority (has the say), Need (has a use for it); a capital letter when the
# condition is present, lower case when it is missing.

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
# ## 1. 给线索定 MAN 代码 · Name the combination
#
# 一家经销商的采购经理告诉你：明年的预算已经批准，现供应商交不了他们需要的货；但合同要由总经理签字，你从没见过他。
# 这条线索的 MAN 代码是什么？按 M、A、N 的顺序用 + 连接，例如 `m+A+n`（空格、大小写以外的写法都可以）。
# A distributor's purchasing manager tells you the budget for next year is approved and their current supplier
# cannot deliver what they need; the contract, however, will be signed by the general manager, whom you have never
# met. Which MAN code describes this lead? M, A, N in this order joined by +, e.g. `m+A+n`.

# %%
numbers = ingredients("03.code", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in-text"]
# 练习 N3.1：填入 MAN 代码，两边加引号，例如 "m+A+n"。
# Exercise N3.1: type the MAN code as a text in quotes, e.g. "m+A+n".
lead_code = "M+a+N"

# %%
training.check("03.code", lead_code, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. 现在值得接触的线索 · The pipeline worth approaching now
#
# 优先级 1 到 4 的线索现在值得接触：理想客户 `M+A+N` 和三种具备两个条件的组合。下表是每种 MAN 代码的线索预计年价值合计
# （括号里是优先级）。它们的预计年价值合计是多少？
# Priorities 1 to 4 are the leads worth approaching now: the ideal prospect `M+A+N` and the three codes with two
# conditions present. The table gives the estimated annual value of the leads of each code (its priority in
# brackets). What is the estimated annual value of the leads worth approaching now?

# %%
numbers = ingredients("03.approach_value", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N3.2：填入上表中优先级 1 到 4 的四种代码的合计（金额，不加千位分隔符：673600，不是 673,600）。
# Exercise N3.2: type the total of the four codes with priority 1 to 4, added up from the table above
# (an amount without thousands separators: 673600, not 673,600).
approach_value = float(numbers["value"].iloc[:4].sum())

# %%
training.check("03.approach_value", approach_value, (data, as_of))

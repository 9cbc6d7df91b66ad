# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第8课 · No-code track, lesson 8: the key-account plan
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
# ## 案例客户的数字 · The case account's numbers
#
# 两道题都用下表：案例客户向我们的采购额、它对本品类的年采购总额（钱包），以及销售小时。
# Both questions use this table: the case account's purchases from us, its yearly purchases of our category from
# everyone (its wallet), and the selling hours.

# %%
numbers = ingredients("08.wallet_share", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. 钱包份额 · Share of wallet
#
# 我们在案例客户的钱包份额 = 它近12个月向我们的采购额 ÷ 它对本品类的年采购总额。答案是比例（0.42，不是 42）。
# Our share of its wallet = its purchases from us in the last 12 months ÷ its yearly purchases of our category.
# A share (0.42, not 42).

# %% tags=["solution", "fill-in"]
# 练习 N8.1：填入你根据上面的数字算出的钱包份额（比例，例如 0.42，不是 42）。
# Exercise N8.1: type the share of wallet worked out from the numbers above (a share, e.g. 0.42, not 42).
wallet_share = numbers.loc["revenue_12m", "value"] / numbers.loc["wallet_estimate", "value"]

# %%
training.check("08.wallet_share", wallet_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. 案例客户的时间份额 · The case account's share of the key accounts' time
#
# 案例客户得到的销售小时占全部重点客户销售小时的比例是多少？拿它和案例客户的收入占比比一比：时间跟着价值走了吗？
# What share of all key accounts' selling hours does the case account get? Compare it with its share of their
# revenue: does the time follow the value?

# %% tags=["solution", "fill-in"]
# 练习 N8.2：填入你根据上面的数字算出的比例（例如 0.42，不是 42）。
# Exercise N8.2: type the share worked out from the numbers above (e.g. 0.42, not 42).
account_time_share = numbers.loc["account_hours", "value"] / numbers.loc["key_hours", "value"]

# %%
training.check("08.account_time_share", account_time_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第5课 · No-code track, lesson 5: credit investigation
#
# 给不写 pandas 的学员：每道题给出所需的数字，用计算器算出答案，把数字填进练习单元格（把 `None` 换成你的数字，不加千位分隔符），再运行下一格检查。
# For participants who do not write pandas: each question gives the numbers it needs; work the answer with a
# calculator, type it into the exercise cell (replace `None` with your number, without thousands separators) and run the next cell to check it.
# The checks, hints and named mistakes are the same as in the lesson. On paper, the case account's credit
# investigation form (客户信用状况调查表) is in `worksheets/` of your folder.

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
# ## 案例客户的财务报表 · The case account's statement
#
# 三道题都用案例客户在这一天之前的最近一期财务报表。
# The three questions use the case account's latest statement on or before the data's date.

# %%
numbers = ingredients("05.quick_ratio", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. 速动比率 · Quick ratio
#
# 速动比率 =（流动资产 − 存货 − 预付费用）÷ 流动负债：不卖存货，能不能付清到期的债务。
# Quick ratio = (current assets − inventory − prepaid expenses) ÷ current liabilities: can it pay what falls due
# without selling stock?

# %% tags=["solution", "fill-in"]
# 练习 N5.1：填入你根据上面的报表算出的速动比率（例如 0.85）。
# Exercise N5.1: type the quick ratio worked out from the statement above (e.g. 0.85).
quick_ratio = ((numbers.loc["current_assets", "value"] - numbers.loc["inventory", "value"]
                - numbers.loc["prepaid_expenses", "value"]) / numbers.loc["current_liabilities", "value"])

# %%
training.check("05.quick_ratio", quick_ratio, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. 资产负债率 · Debt ratio
#
# 资产负债率 = 负债总额 ÷ 资产总额：企业有多少是用别人的钱经营的。答案是比例（0.5，不是 50）。
# Debt ratio = total liabilities ÷ total assets: how much of the business others finance. A share (0.5, not 50).

# %% tags=["solution", "fill-in"]
# 练习 N5.2：填入你根据上面的报表算出的资产负债率（比例，例如 0.5，不是 50）。
# Exercise N5.2: type the debt ratio worked out from the statement above (a share, e.g. 0.5, not 50).
debt_ratio = numbers.loc["total_liabilities", "value"] / numbers.loc["total_assets", "value"]

# %%
training.check("05.debt_ratio", debt_ratio, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. 销售净利率 · Net margin
#
# 销售净利率 = 净利润 ÷ 营业收入。答案是比例；亏损时为负数。
# Net margin = net profit ÷ revenue. A share; negative for a loss.

# %% tags=["solution", "fill-in"]
# 练习 N5.3：填入你根据上面的报表算出的销售净利率（比例；亏损为负数）。
# Exercise N5.3: type the net margin worked out from the statement above (a share; negative for a loss).
net_margin = numbers.loc["net_profit", "value"] / numbers.loc["revenue", "value"]

# %%
training.check("05.net_margin", net_margin, (data, as_of))

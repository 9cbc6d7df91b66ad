# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第2课 · No-code track, lesson 2: account classification
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
# ## 买价格的重点客户 · Key accounts that buy on price
#
# 有几个重点客户是交易型客户（交易型客户）？下表列出每个重点客户（编号和名称）的折扣率（百分数）和近12个月的边际贡献，以及分类规则的两条线：
# 折扣率高于上限，**或**边际贡献低于下限，就是交易型客户；两条都满足（折扣率不高于上限且贡献不低于下限）才是关系型客户。
# How many key accounts are transactional customers (交易型客户)? The table lists each key account (its id and name) with its discount
# share (as a percentage) and its contribution of the last 12 months, and the rule's two lines: a customer is transactional when its
# discount share is above the limit **or** its contribution below the split; relational only when both hold.

# %%
numbers = ingredients("02.key_transactional", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N2.1：填入你从上表数出的交易型重点客户个数（整数）。
# Exercise N2.1: type the number of key accounts that are transactional, counted from the table above (a whole number).
key_transactional = sum(
    int(numbers.loc[f"{cid}_discount", "value"] > numbers.loc["discount_share_limit", "value"]
        or numbers.loc[f"{cid}_contribution", "value"] < numbers.loc["contribution_split", "value"])
    for cid in numbers.index.str.removesuffix("_discount")[numbers.index.str.endswith("_discount")]
)

# %%
training.check("02.key_transactional", key_transactional, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第6课 · No-code track, lesson 6: who answers for a bad debt
#
# 给不写 pandas 的学员：题目给出所需的数字，用计算器算出答案，把数字填进练习单元格（把 `None` 换成你的数字，不加千位分隔符），再运行下一格检查。
# For participants who do not write pandas: the question gives the numbers it needs; work the answer with a
# calculator, type it into the exercise cell (replace `None` with your number, without thousands separators) and run the next cell to check it.
# On paper, the case account's three credit forms (`kam credit-forms`: 客户信用状况调查表, 信用等级评分项目表,
# 客户授信申请表) are in `worksheets/` of your folder.

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
# ## 坏账责任 · Accountability for a bad debt
#
# 如果案例客户今天以全部风险敞口违约并核销，经办人（客户经理）要承担多少？超出批准额度的部分全部由经办人承担；额度内的
# 部分（风险敞口与额度中较小者）按经办人比例承担。
# If the case account defaulted today on its whole exposure, what would the handler (its account manager) bear?
# All of the part above the approved limit; the handler's share of the part within it (the smaller of the
# exposure and the limit). The split is an internal measure: personal liability for bad debts is limited by law
# in many jurisdictions.

# %%
numbers = ingredients("06.case_handler_burden", data, as_of, pol)
shown(numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N6.1：填入你根据上面的数字算出的经办人承担的金额（不加千位分隔符：673600，不是 673,600）。
# Exercise N6.1: type the amount the handler bears, worked out from the numbers above
# (an amount without thousands separators: 673600, not 673,600).
case_handler_burden = (max(numbers.loc["exposure", "value"] - numbers.loc["approved_limit", "value"], 0)
                       + numbers.loc["handler_share", "value"]
                       * min(numbers.loc["exposure", "value"], numbers.loc["approved_limit", "value"]))

# %%
training.check("06.case_handler_burden", case_handler_burden, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# # 无代码练习 第7课 · No-code track, lesson 7: receivables and collections
#
# 给不写 pandas 的学员：每道题给出所需的数字，用计算器算出答案，把数字填进练习单元格（把 `None` 换成你的数字，不加千位分隔符），再运行下一格检查。
# For participants who do not write pandas: each question gives the numbers it needs; work the answer with a
# calculator, type it into the exercise cell (replace `None` with your number, without thousands separators) and run the next cell to check it.

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
# ## 1. 逾期 90 天以上的比例 · The share more than 90 days past due
#
# 逾期 90 天以上（d91_180、d181_365、d365_plus 三段）占全部应收账款的比例是多少？比例，不是百分数。
# What share of all open receivables is more than 90 days past due (the three buckets d91_180, d181_365,
# d365_plus)? A share, not a percentage.

# %%
aging_numbers = ingredients("07.over_90_share", data, as_of, pol)
shown(aging_numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N7.1：填入你根据上面的数字算出的比例（例如 0.42，不是 42）。
# Exercise N7.1: type the share you worked out from the numbers above (e.g. 0.42, not 42).
over_90_share = aging_numbers.loc[["d91_180", "d181_365", "d365_plus"], "value"].sum() / aging_numbers.loc["total", "value"]

# %%
training.check("07.over_90_share", over_90_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. 应收账款周转天数 · DSO
#
# DSO = 应收账款 ÷ 最近 90 天的净销售额 × 90。DSO = receivables ÷ net sales of the last 90 days × 90.

# %%
dso_numbers = ingredients("07.dso", data, as_of, pol)
shown(dso_numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N7.2：填入 DSO 的天数（可以带小数，例如 45.3）。
# Exercise N7.2: type the DSO in days (decimals allowed, e.g. 45.3).
dso = dso_numbers.loc["receivables", "value"] / dso_numbers.loc["sales_90d", "value"] * 90

# %%
training.check("07.dso", dso, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. 坏账准备 · The provision
#
# 每个账龄段的金额乘以它的计提比例，再相加。Each bucket's amount times its rate, added up.

# %%
provision_numbers = ingredients("07.provision", data, as_of, pol)
shown(provision_numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N7.3：填入坏账准备（金额，不加千位分隔符：673600，不是 673,600）。
# Exercise N7.3: type the provision (an amount without thousands separators: 673600, not 673,600).
provision = sum(provision_numbers.loc[b, "value"] * provision_numbers.loc[f"{b}_rate", "value"]
                for b in provision_numbers.index if not b.endswith("_rate"))

# %%
training.check("07.provision", provision, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. 客户经理的净激励 · A manager's net incentive
#
# 逾期欠款最多的客户经理：达成率（回款 ÷ 目标）达到门槛时，奖励 = 回款 × 奖励比例，否则为 0；扣罚 = 超期应收 × 扣罚比例；
# 净激励 = 奖励 − 扣罚（可以是负数）。保留到分。
# The manager with the most old debt: when the achievement (collected ÷ target) reaches the minimum, bonus =
# collected × bonus share, else 0; deduction = old receivables × penalty share; net = bonus − deduction (it can be
# negative). To the cent.

# %%
incentive_numbers = ingredients("07.net_incentive", data, as_of, pol)
shown(incentive_numbers)  # the numbers as the worksheet prints them

# %% tags=["solution", "fill-in"]
# 练习 N7.4：填入净激励，保留到分（金额，不加千位分隔符：673600，不是 673,600；为负数时负号写在前面）。
# Exercise N7.4: type the net incentive to the cent (an amount without thousands separators: 673600, not
# 673,600; a minus sign first when negative).
net_incentive = (
    (round(incentive_numbers.loc["collected", "value"] * incentive_numbers.loc["collected_share", "value"], 2)
     if incentive_numbers.loc["collected", "value"] / incentive_numbers.loc["target", "value"]
     >= incentive_numbers.loc["min_achievement", "value"] else 0.0)
    - round(incentive_numbers.loc["past_due", "value"] * incentive_numbers.loc["penalty_share", "value"], 2)
)

# %%
training.check("07.net_incentive", net_incentive, (data, as_of))

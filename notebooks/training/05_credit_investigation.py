# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 5: Credit investigation (信用调查)
#
# 赊销就是把货物先借给客户，等它付款。给出信用额度之前，我们要调查客户：它的**财务报表**（通过几个比率来读），以及报表反映不出来的东西，也就是客户经理和信用部门评估的**定性因素**。第 6 课把两者变成信用等级和信用额度。<br>
# Selling on credit (赊销) means lending the customer our goods until it pays. Before we grant a
# credit limit we investigate the customer: its **financial statements** (财务报表), read through a
# few ratios, and what the statements do not show, the **qualitative factors** (定性因素) the
# account manager and the credit department assess. Lesson 6 turns both into a credit grade and a
# limit.
#
# 本课你将 In this lesson you will
#
# * 读一个重点客户的资产负债表和利润表，亲手计算它的四个比率（速动比率、总资产周转率、资产负债率、销售净利率）；<br>
#   read one key account's balance sheet and income statement and compute its four ratios by hand
#   (quick ratio, total asset turnover, debt ratio, net margin);
# * 把这些比率与方法的基准比较，找出客户中的弱者；<br>
#   compare the ratios with the benchmarks of the method, and find the weak customers of the book;
# * 给同一个客户的十二项定性因素打分。score the twelve qualitative factors of the same customer.
#
# 每道练习是一个单元格，最后把你的答案赋给一个变量；下一个单元格检查答案（✔ 或 ✘ 并给出提示）。检查用工作簿的函数，在同一份数据、本课的期间上计算正确答案。<br>
# Each exercise is a cell that ends by assigning your answer to a variable; the cell after it checks the answer (✔ or ✘ with a hint). The checks compute the expected answer from the same data with the workbook's functions, for the period of this lesson.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import credit, training
from kamtools.report import report_context
from kamtools.training.lesson_data import focus_account

ctx = report_context(period, db)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
cid = focus_account(data, as_of)
print(f"课程日期 {as_of}；我们研究的客户：{cid}\nLesson date {as_of}; the customer we study: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The customer we study (我们研究的客户)
#
# `cid` 是至少有两年财务报表和一次定性评估的最大重点客户（见第 1 课）。信用档案从客户是谁开始：行业、所有制、规模，以及谁负责它。<br>
# `cid` is the largest key account (重点客户, see lesson 1) that has at least two years of statements
# and a qualitative assessment. A credit file starts with who the customer is: industry, ownership,
# size and who looks after it.

# %%
profile = data.customers.set_index("customer_id").loc[cid]
profile[["name", "industry", "region", "ownership", "employees", "account_manager"]]

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Financial ratios (财务比率)
#
# 这套方法通过四个比率来读报表，每个比率都有培训教材给出的参考值，另有三个反映趋势的指标：<br>
# The method reads the statements through four ratios, each with a reference value from the training
# material, plus three that show the trend:
#
# | ratio 比率 | formula 公式 | reference 参考值 |
# |---|---|---|
# | quick ratio (速动比率) | (current assets − inventory − prepaid expenses) / current liabilities (流动资产 − 存货 − 预付费用) ÷ 流动负债 | about 1.0 约 1.0：不卖存货也能偿还短期债务 can pay its short-term debts without selling stock |
# | debt ratio (资产负债率) | total liabilities / total assets | about 50 % 约 50 %：超过它，公司大部分资产由债权人出资 above it, creditors finance most of the company |
# | total asset turnover (总资产周转率) | revenue / average total assets, average = (last year's closing + this year's closing) / 2 营业收入 ÷ 平均总资产，平均 = (上年末 + 本年末) / 2 | 4–5 for distributors 经销商 4–5 |
# | net margin (销售净利率) | net profit / revenue | about 15 % |
# | current ratio (流动比率) | current assets / current liabilities | about 2.0 |
# | equity growth, 3 years (三年资本增长率) | average yearly growth of equity (total assets − total liabilities) 所有者权益（总资产 − 总负债）的年均增长 | positive 正数 |
# | profitable years (近三年盈利年数) | years with a net profit among the last three 近三年中有净利润的年数 | 3 |
#
# 政策（`pol["credit"]["benchmarks"]`）规定比率从哪个值起算 `ok`（良好）、`watch`（关注）或 `weak`（偏弱），这些门槛不必等于表中的参考值。参考值是教材描绘的健康客户（一个经销商每年周转资产 4–5 次、销售净利率约 15 %）；门槛则决定比率何时扣分：`ok` 得全部权重，`watch` 得一半，低于 `watch`（`weak`）不得分。企业按自己的客户来设门槛：制造业客户的资产一年周转两三次，B2B 经销商的净利率往往只有几个百分点，如果每个客户都用经销商的 4–5 和 15 % 来衡量，一个健康的客户群大部分都会被判为偏弱，评分卡也就分不出好坏客户了。较低的门槛或按行业设定的门槛（`benchmarks_by_industry`）能让比率保持意义；下面客户群的表格把生效的门槛（`ok_at`、`watch_at`）和教材的参考值（`benchmark`）并列。<br>
# The policy (`pol["credit"]["benchmarks"]`) says from which value a ratio is `ok`, `watch` or
# `weak`, and its thresholds need not be the reference of the table. The reference is the material's
# picture of a healthy customer (a distributor turning its assets 4–5 times a year on a net margin of
# about 15 %); the thresholds say when a ratio costs points: `ok` earns its full weight, `watch` half,
# below `watch` (`weak`) nothing. A company sets them for its own customers: a book of manufacturers turns
# its assets two or three times a year, and net margins of B2B distributors are often a few percent, so
# judging every customer against the distributor's 4–5 and 15 % would mark most of a sound book weak and
# the scorecard would no longer tell good customers from bad. Lower thresholds, or per-industry ones
# (`benchmarks_by_industry`), keep the ratio meaningful; the table of the book below shows the thresholds
# in force (`ok_at`, `watch_at`) beside the material's reference (`benchmark`).
#
# 下面是我们这个客户的财务报表，每个财年一行，从最早的开始（只包括在课程日期或之前结束的财年）：<br>
# Here are the statements of our customer, one row per fiscal year, oldest first (only
# those ending on or before the lesson date):

# %%
fin = data.financials
statements = fin[(fin["customer_id"] == cid) & (fin["period_end"] <= pd.Timestamp(as_of))]
statements = statements.sort_values("period_end").reset_index(drop=True)
statements.T

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5.1: the quick ratio by hand (练习 5.1：手算速动比率)
#
# 用 `statements` 的最后一行（最近的财年）。预付费用不是现金，不能用来付给供应商，所以和存货一起扣除；这一栏为空时按 0 计算。<br>
# Use the last row of `statements` (the latest fiscal year). Prepaid expenses (预付费用) are not cash
# and cannot pay a supplier, so they are taken out with the inventory; when the column is empty,
# count it as 0.

# %% tags=["solution"]
# Exercise 5.1: compute the quick ratio (速动比率) of the customer's latest fiscal year from `statements`:
# (current_assets - inventory - prepaid_expenses) / current_liabilities. Assign it to `quick_ratio`.
latest_year = statements.iloc[-1]
prepaid = 0.0 if pd.isna(latest_year["prepaid_expenses"]) else latest_year["prepaid_expenses"]
quick_ratio = (latest_year["current_assets"] - latest_year["inventory"] - prepaid) / latest_year["current_liabilities"]

# %%
training.check("05.quick_ratio", quick_ratio, (data, as_of))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5.2: total asset turnover with average assets (练习 5.2：用平均资产计算总资产周转率)
#
# 营业收入是全年赚来的，而总资产是年末的一个时点数。所以这套方法除以期初资产（上一财年的期末数）和期末资产的**平均数**。<br>
# Revenue is earned over the whole year, while total assets are a snapshot at the year end. The
# method therefore divides by the **average** of the opening assets (the previous fiscal year's
# closing) and the closing assets.

# %% tags=["solution"]
# Exercise 5.2: compute the total asset turnover (总资产周转率) of the latest fiscal year:
# revenue / ((total_assets of the previous year + total_assets of the latest year) / 2).
# Assign it to `asset_turnover`.
opening_assets = statements["total_assets"].iloc[-2]
closing_assets = statements["total_assets"].iloc[-1]
asset_turnover = statements["revenue"].iloc[-1] / ((opening_assets + closing_assets) / 2)

# %%
training.check("05.asset_turnover", asset_turnover, (data, as_of))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5.3: the debt ratio by hand (练习 5.3：手算资产负债率)
#
# 客户拥有的资产中有多少是债权人出资的？资产负债率用最近一期资产负债表上的总负债除以总资产。<br>
# How much of what the customer owns is financed by its creditors? The debt ratio (资产负债率) divides
# all its liabilities by all its assets, both from the latest balance sheet.

# %% tags=["solution"]
# Exercise 5.3: compute the debt ratio (资产负债率) of the customer's latest fiscal year from `statements`:
# total_liabilities / total_assets. Assign it to `debt_ratio_focus`.
balance_sheet = statements.iloc[-1]
debt_ratio_focus = balance_sheet["total_liabilities"] / balance_sheet["total_assets"]

# %%
training.check("05.debt_ratio", debt_ratio_focus, (data, as_of))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5.4: the net margin by hand (练习 5.4：手算销售净利率)
#
# 客户每一元销售额中有多少留作利润？销售净利率用最近一个财年利润表上的净利润除以营业收入。<br>
# How much of each unit of sales does the customer keep as profit? The net margin (销售净利率) divides
# the net profit of the latest fiscal year by its revenue, both from the income statement.

# %% tags=["solution"]
# Exercise 5.4: compute the net margin (销售净利率) of the customer's latest fiscal year from `statements`:
# net_profit / revenue. Assign it to `net_margin_focus`.
income_statement = statements.iloc[-1]
net_margin_focus = income_statement["net_profit"] / income_statement["revenue"]

# %%
training.check("05.net_margin", net_margin_focus, (data, as_of))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The workbook computes every ratio for every customer (工作簿为每个客户计算每个比率)
#
# `credit.ratios` 对每个客户最近一期报表做同样的计算，按基准评定每个比率（`_status`），并说明比率为什么算不出来（`_reason`，例如没有上一年的数据）。把 quick_ratio、debt_ratio、asset_turnover 和 net_margin 几行与你的四个答案对照。<br>
# `credit.ratios` does the same for the latest statement of each customer, rates each ratio against
# its benchmark (`_status`) and says why a ratio could not be computed (`_reason`, e.g. no previous
# year). Compare the rows quick_ratio, debt_ratio, asset_turnover and net_margin with your four answers.

# %%
ratios = credit.ratios(data, as_of, policy=pol)
names = list(credit.RATIOS)
pd.DataFrame({
    "ratio": [f"{en} {zh}" for en, zh in credit.RATIOS.values()],
    "value": ratios.loc[cid, names].to_numpy(),
    "status": ratios.loc[cid, [f"{r}_status" for r in names]].to_numpy(),
    "note": ratios.loc[cid, [f"{r}_reason" for r in names]].fillna("").to_numpy(),
}, index=names).round(3)

# %% [markdown]
# 整个客户群：每个比率的四分位数，以及比率为良好、关注、偏弱的客户比例。一个偏弱的比率本身并不导致拒绝信用；它只是让评分失去这个比率的分数（第 6 课）。<br>
# Across the book: the quartiles of each ratio and the share of customers whose ratio is ok, to watch
# or weak. A weak ratio does not refuse credit by itself; it costs the ratio's points in the score
# (lesson 6).

# %%
credit.ratio_summary(ratios, pol)[["label", "benchmark", "ok_at", "watch_at", "median", "ok", "watch", "weak"]].round(2)

# %%
ax = kt.plots.ratio_benchmarks(ratios, policy=pol)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5.5: customers that live on borrowed money (练习 5.5：靠借钱过日子的客户)
#
# 找出最近一期报表资产负债率为**偏弱**的客户：高于政策中 `watch` 基准的客户。从原始表 `data.financials` 计算，不要用 `ratios`。<br>
# Find the customers whose debt ratio in their latest statement is **weak**: above the `watch`
# benchmark of the policy. Work from the raw table `data.financials`, not from `ratios`.

# %%
pol["credit"]["benchmarks"]["debt_ratio"]

# %% tags=["solution"]
# Exercise 5.5: from data.financials keep each customer's latest statement on or before as_of,
# compute its debt ratio (资产负债率) = total_liabilities / total_assets and count the customers
# whose debt ratio is above pol["credit"]["benchmarks"]["debt_ratio"]["watch"]. Assign the count to `weak_debt`.
known = data.financials[data.financials["period_end"] <= pd.Timestamp(as_of)]
last_statements = known.sort_values("period_end").groupby("customer_id").tail(1)
debt_ratio = last_statements["total_liabilities"] / last_statements["total_assets"]
weak_debt = int((debt_ratio > pol["credit"]["benchmarks"]["debt_ratio"]["watch"]).sum())

# %%
training.check("05.weak_debt_ratio", weak_debt, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Qualitative factors (定性因素)
#
# 财务报表来得晚，有时还经过粉饰，而且不反映人的因素。这套方法加上十二项因素，由客户经理和信用部门在每次评估（客户信用状况调查表）时从 1（差）到 5（好）打分。每项因素在评分卡中都有权重；比率和因素合计 100 分。<br>
# Statements are late, sometimes flattering, and silent about people. The method adds twelve factors
# that the account manager and the credit department score from 1 (bad) to 5 (good) at each
# assessment (credit survey, 客户信用状况调查表). Each has a weight in the scorecard; ratios and
# factors together make 100 points.

# %%
weights = pol["credit"]["weights"]
factor_table = pd.DataFrame(
    [(en, zh, weights[key]) for key, (en, zh) in kt.schema.CREDIT_FACTORS.items()],
    index=list(kt.schema.CREDIT_FACTORS), columns=["factor", "中文", "weight"])
factor_table

# %% [markdown]
# 下面是这个客户的历次评估，最近的在最后。一项因素打 1 分不得分，3 分得一半权重，5 分得全部权重：得分 = 权重 × (分数 − 1) / 4。有两项因素问的是报表已经衡量的内容（近三年资本增长和近三年盈利情况）：评分卡对每个这样的概念只计一次（`credit.scored_once`），报表能算出比率时按比率计分（比率同时承担两个权重），否则按因素计分。政策中的锚点（`credit.anchors`）说明 1、3、5 分各代表什么。<br>
# The customer's assessments, latest last. A factor scored 1 earns no points, 3 half its weight and 5
# its full weight: points = weight × (score − 1) / 4. Two factors ask what the statements already
# measure (近三年资本增长 and 近三年盈利情况): the scorecard scores each such concept once
# (`credit.scored_once`), by the ratio when the statements give it (the ratio then carries both
# weights), else by the factor. Anchors in the policy (`credit.anchors`) say what 1, 3 and 5 mean.

# %%
factors = data.credit_factors
assessments = factors[(factors["customer_id"] == cid) & (factors["assessed_on"] <= pd.Timestamp(as_of))]
assessments = assessments.sort_values("assessed_on")
assessments.set_index("assessed_on").drop(columns="customer_id").T

# %% tags=["solution"]
# Exercise 5.6: with the latest assessment in `assessments` and the weights in `factor_table`, compute
# the points the qualitative factors earn: the sum of weight x (score - 1) / 4, where a factor of
# pol["credit"]["scored_once"] earns nothing when the customer's statements give its ratio (and
# both weights when they do not). Assign the total to `factor_points`.
latest_scores = assessments.iloc[-1][factor_table.index].astype(float)
known = kt.credit.ratios(data, as_of).loc[cid]
scored = factor_table["weight"].astype(float)
for ratio, factor in pol["credit"]["scored_once"].items():
    scored[factor] = 0.0 if pd.notna(known[ratio]) else weights[ratio] + weights[factor]
factor_points = float((scored * (latest_scores - 1) / 4).sum())

# %%
training.check("05.factor_points", factor_points, (data, as_of))

# %%
qualitative_max = factor_table["weight"].sum()
print(f"十二项因素占 100 分中的 {qualitative_max:g} 分，比率占其余 {100 - qualitative_max:g} 分。\n"
      f"The twelve factors are worth {qualitative_max:g} of the 100 points; "
      f"the ratios the other {100 - qualitative_max:g}.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways (要点)
#
# * 流动性（速动比率和流动比率）、杠杆（资产负债率）、效率（总资产周转率）和盈利能力（销售净利率）各自回答“客户能不能付款”的一个不同方面。<br>
#   Liquidity (quick and current ratio), leverage (debt ratio), efficiency (asset turnover) and
#   profitability (net margin) each answer a different question about whether the customer can pay.
# * 计算周转率用平均资产；速动资产中不含预付费用。<br>
#   Use average assets for turnover and leave prepaid expenses out of the quick assets.
# * 比率要对照基准来判断，政策可以按行业设定基准（`benchmarks_by_industry`）：零售商的资产周转比机械制造商快。<br>
#   A ratio is judged against its benchmark, which the policy can set per industry
#   (`benchmarks_by_industry`): a retailer turns its assets faster than a machine builder.
# * 十二项定性因素覆盖报表反映不了的内容：负责人的个人信用、银行和供应商的往来经验、管理质量。<br>
#   The twelve qualitative factors cover what statements cannot show: the principal's personal
#   credit, the bank's and suppliers' experience, the quality of management.
#
# 下一课：第 6 课把比率和因素变成评分、信用等级和信用额度。<br>
# Next: lesson 6 turns ratios and factors into a score, a grade and a credit limit.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# 课程的案例客户就是本课调查的客户。下面是它的比率与基准的对照，以及它最近一次的定性评分（1 差，5 好）：<br>
# The case account (案例客户) of the course is the customer this lesson investigated. Its ratios against the
# benchmarks, and its latest qualitative scores (1 bad, 5 good):

# %%
judged = pd.DataFrame({
    "value": ratios.loc[cid, names].to_numpy(),
    "status": ratios.loc[cid, [f"{r}_status" for r in names]].to_numpy(),
}, index=names).round(2)
judged

# %%
latest = assessments.iloc[-1][factor_table.index]
pd.DataFrame({"factor": factor_table["factor"], "中文": factor_table["中文"], "score": latest}).sort_values("score")

# %% [markdown]
# **决定。** 客户经理下个月要为这个客户申请更高的信用额度：“我们最大的客户，年年增长，合作多年。”由你准备信用档案。<br>
# **The decision.** The account manager will ask next month for a larger credit limit for this customer: "our
# biggest customer, growing every year, partners for years". You prepare the credit file.
#
# *根据比率和定性因素：今天你支持给这个客户更多信用、更少，还是维持不变？你认为哪两个比率或因素最重要？开会前你要取得哪两项信息（银行、供应商、客户财务经理、实地拜访），为什么？*<br>
# *From the ratios and the factors: would you support more credit for this customer today, less, or the same? Which
# two ratios or factors weigh most in your view, and what two pieces of information would you get before the
# committee meets (from the bank, its suppliers, its finance manager, a site visit), and why those?*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

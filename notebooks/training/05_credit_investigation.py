# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 5: Credit investigation (信用调查)
#
# Selling on credit (赊销) means lending the customer our goods until it pays. Before we grant a
# credit limit we investigate the customer: its **financial statements** (财务报表), read through a
# few ratios, and what the statements do not show, the **qualitative factors** (定性因素) the
# account manager and the credit department assess. Lesson 6 turns both into a credit grade and a
# limit.
#
# In this lesson you will
#
# * read one key account's balance sheet and income statement and compute its four ratios by hand
#   (quick ratio, total asset turnover, debt ratio, net margin);
# * compare the ratios with the benchmarks of the method, and find the weak customers of the book;
# * score the twelve qualitative factors of the same customer.
#
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
print(f"Lesson date {as_of}; the customer we study: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The customer we study
#
# `cid` is the largest key account (重点客户, see lesson 1) that has at least two years of statements
# and a qualitative assessment. A credit file starts with who the customer is: industry, ownership,
# size and who looks after it.

# %%
profile = data.customers.set_index("customer_id").loc[cid]
profile[["name", "industry", "region", "ownership", "employees", "account_manager"]]

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Financial ratios (财务比率)
#
# The method reads the statements through four ratios, each with a reference value from the training
# material, plus three that show the trend:
#
# | ratio | formula | reference |
# |---|---|---|
# | quick ratio (速动比率) | (current assets − inventory − prepaid expenses) / current liabilities | about 1.0: can pay its short-term debts without selling stock |
# | debt ratio (资产负债率) | total liabilities / total assets | about 50 %: above it, creditors finance most of the company |
# | total asset turnover (总资产周转率) | revenue / average total assets, average = (last year's closing + this year's closing) / 2 | 4–5 for distributors |
# | net margin (销售净利率) | net profit / revenue | about 15 % |
# | current ratio (流动比率) | current assets / current liabilities | about 2.0 |
# | equity growth, 3 years (三年资本增长率) | average yearly growth of equity (total assets − total liabilities) | positive |
# | profitable years (近三年盈利年数) | years with a net profit among the last three | 3 |
#
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
# Here are the statements of our customer, one row per fiscal year, oldest first (only
# those ending on or before the lesson date):

# %%
fin = data.financials
statements = fin[(fin["customer_id"] == cid) & (fin["period_end"] <= pd.Timestamp(as_of))]
statements = statements.sort_values("period_end").reset_index(drop=True)
statements.T

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5.1: the quick ratio by hand
#
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
# ### Exercise 5.2: total asset turnover with average assets
#
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
# ### Exercise 5.3: the debt ratio by hand
#
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
# ### Exercise 5.4: the net margin by hand
#
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
# ### The workbook computes every ratio for every customer
#
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
# Across the book: the quartiles of each ratio and the share of customers whose ratio is ok, to watch
# or weak. A weak ratio does not refuse credit by itself; it costs the ratio's points in the score
# (lesson 6).

# %%
credit.ratio_summary(ratios, pol)[["label", "benchmark", "ok_at", "watch_at", "median", "ok", "watch", "weak"]].round(2)

# %%
ax = kt.plots.ratio_benchmarks(ratios, policy=pol)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 5.5: customers that live on borrowed money
#
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
print(f"The twelve factors are worth {qualitative_max:g} of the 100 points; "
      f"the ratios the other {100 - qualitative_max:g}.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways
#
# * Liquidity (quick and current ratio), leverage (debt ratio), efficiency (asset turnover) and
#   profitability (net margin) each answer a different question about whether the customer can pay.
# * Use average assets for turnover and leave prepaid expenses out of the quick assets.
# * A ratio is judged against its benchmark, which the policy can set per industry
#   (`benchmarks_by_industry`): a retailer turns its assets faster than a machine builder.
# * The twelve qualitative factors cover what statements cannot show: the principal's personal
#   credit, the bank's and suppliers' experience, the quality of management.
#
# Next: lesson 6 turns ratios and factors into a score, a grade and a credit limit.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
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
# **The decision.** The account manager will ask next month for a larger credit limit for this customer: "our
# biggest customer, growing every year, partners for years". You prepare the credit file.
#
# *From the ratios and the factors: would you support more credit for this customer today, less, or the same? Which
# two ratios or factors weigh most in your view, and what two pieces of information would you get before the
# committee meets (from the bank, its suppliers, its finance manager, a site visit), and why those?*
#
# *根据比率和定性因素：今天你支持给这个客户更多信用、更少，还是维持不变？你认为哪两个比率或因素最重要？开会前你要取得哪两项信息（银行、供应商、客户财务经理、实地拜访），为什么？*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

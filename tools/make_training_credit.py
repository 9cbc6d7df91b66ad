"""Generate the credit lessons of the training course (notebooks/training/05_* to 08_*).

Run from the repository root: ``.venv/bin/python tools/make_training_credit.py``
(``--out FOLDER`` writes the lessons elsewhere, e.g. to compare them with the committed ones).
The exercise checks live in ``kamtools/training/credit_lessons.py``.

A cell is ``(kind, source)``, or ``(kind, source, id)`` for a cell added after its lesson was
first written: it keeps that id, and the other cells keep their numbered ids
(``<lesson>-0``, ``<lesson>-1``, ...), so adding a cell does not renumber the cells after it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nb import write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "notebooks" / "training"

PARAMS = '''
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data
'''

CHECKS_NOTE = (
    "Each exercise is a cell that ends by assigning your answer to a variable; the cell after it "
    "checks the answer (✔ or ✘ with a hint). The checks compute the expected answer from the same "
    "data with the workbook's functions, for the period of this lesson."
)


# ============================================================================ 05
LESSON_05 = [
    ("md", f"""
# Lesson 5: Credit investigation (信用调查)

Selling on credit (赊销) means lending the customer our goods until it pays. Before we grant a
credit limit we investigate the customer: its **financial statements** (财务报表), read through a
few ratios, and what the statements do not show, the **qualitative factors** (定性因素) the
account manager and the credit department assess. Lesson 6 turns both into a credit grade and a
limit.

In this lesson you will

* read one key account's balance sheet and income statement and compute its four ratios by hand
  (quick ratio, total asset turnover, debt ratio, net margin);
* compare the ratios with the benchmarks of the method, and find the weak customers of the book;
* score the twelve qualitative factors of the same customer.

{CHECKS_NOTE}
"""),
    ("params", PARAMS),
    ("code", '''
import pandas as pd

import kamtools as kt
from kamtools import credit, training
from kamtools.report import data_period, period_bounds
from kamtools.training.credit_lessons import focus_account

data = kt.load(db or None)
period = period or data_period(data)
as_of = period_bounds(period)[1]
pol = kt.policy.load_policy(None)
cid = focus_account(data, as_of)
print(f"Lesson date {as_of}; the customer we study: {cid}")
'''),
    ("md", """
## The customer we study

`cid` is the largest key account (关键客户, see lesson 1) that has at least two years of statements
and a qualitative assessment. A credit file starts with who the customer is: industry, ownership,
size and who looks after it.
"""),
    ("code", '''
profile = data.customers.set_index("customer_id").loc[cid]
profile[["name", "industry", "region", "ownership", "employees", "account_manager"]]
'''),
    ("md", """
## Financial ratios (财务比率)

The method reads the statements through four ratios, each with a reference value from the training
material, plus three that show the trend:

| ratio | formula | reference |
|---|---|---|
| quick ratio (速动比率) | (current assets − inventory − prepaid expenses) / current liabilities | about 1.0: can pay its short-term debts without selling stock |
| debt ratio (资产负债率) | total liabilities / total assets | about 50 %: above it, creditors finance most of the company |
| total asset turnover (总资产周转率) | revenue / average total assets, average = (last year's closing + this year's closing) / 2 | 4–5 for distributors |
| net margin (销售净利率) | net profit / revenue | about 15 % |
| current ratio (流动比率) | current assets / current liabilities | about 2.0 |
| equity growth, 3 years (三年资本增长率) | average yearly growth of equity (total assets − total liabilities) | positive |
| profitable years (近三年盈利年数) | years with a net profit among the last three | 3 |

The policy (`pol["credit"]["benchmarks"]`) says from which value a ratio is `ok`, `watch` or
`weak`. Here are the statements of our customer, one row per fiscal year, oldest first (only
those ending on or before the lesson date):
"""),
    ("code", '''
fin = data.financials
statements = fin[(fin["customer_id"] == cid) & (fin["period_end"] <= pd.Timestamp(as_of))]
statements = statements.sort_values("period_end").reset_index(drop=True)
statements.T
'''),
    ("md", """
### Exercise 5.1: the quick ratio by hand

Use the last row of `statements` (the latest fiscal year). Prepaid expenses (预付费用) are not cash
and cannot pay a supplier, so they are taken out with the inventory; when the column is empty,
count it as 0.
"""),
    ("solution", '''
# Exercise 5.1: compute the quick ratio (速动比率) of the customer's latest fiscal year from `statements`:
# (current_assets - inventory - prepaid_expenses) / current_liabilities. Assign it to `quick_ratio`.
latest_year = statements.iloc[-1]
prepaid = 0.0 if pd.isna(latest_year["prepaid_expenses"]) else latest_year["prepaid_expenses"]
quick_ratio = (latest_year["current_assets"] - latest_year["inventory"] - prepaid) / latest_year["current_liabilities"]
'''),
    ("code", '''
training.check("05.quick_ratio", quick_ratio, (data, as_of))
'''),
    ("md", """
### Exercise 5.2: total asset turnover with average assets

Revenue is earned over the whole year, while total assets are a snapshot at the year end. The
method therefore divides by the **average** of the opening assets (the previous fiscal year's
closing) and the closing assets.
"""),
    ("solution", '''
# Exercise 5.2: compute the total asset turnover (总资产周转率) of the latest fiscal year:
# revenue / ((total_assets of the previous year + total_assets of the latest year) / 2).
# Assign it to `asset_turnover`.
opening_assets = statements["total_assets"].iloc[-2]
closing_assets = statements["total_assets"].iloc[-1]
asset_turnover = statements["revenue"].iloc[-1] / ((opening_assets + closing_assets) / 2)
'''),
    ("code", '''
training.check("05.asset_turnover", asset_turnover, (data, as_of))
'''),
    # Cells added after the lesson was first written carry their own id (a third item), so
    # that the ids of the cells after them stay as they were.
    ("md", """
### Exercise 5.3: the debt ratio by hand

How much of what the customer owns is financed by its creditors? The debt ratio (资产负债率) divides
all its liabilities by all its assets, both from the latest balance sheet.
""", "79570fcf"),
    ("solution", '''
# Exercise 5.3: compute the debt ratio (资产负债率) of the customer's latest fiscal year from `statements`:
# total_liabilities / total_assets. Assign it to `debt_ratio_focus`.
balance_sheet = statements.iloc[-1]
debt_ratio_focus = balance_sheet["total_liabilities"] / balance_sheet["total_assets"]
''', "e9bfbb72"),
    ("code", '''
training.check("05.debt_ratio", debt_ratio_focus, (data, as_of))
''', "61301317"),
    ("md", """
### Exercise 5.4: the net margin by hand

How much of each unit of sales does the customer keep as profit? The net margin (销售净利率) divides
the net profit of the latest fiscal year by its revenue, both from the income statement.
""", "e044b2d1"),
    ("solution", '''
# Exercise 5.4: compute the net margin (销售净利率) of the customer's latest fiscal year from `statements`:
# net_profit / revenue. Assign it to `net_margin_focus`.
income_statement = statements.iloc[-1]
net_margin_focus = income_statement["net_profit"] / income_statement["revenue"]
''', "6b72f095"),
    ("code", '''
training.check("05.net_margin", net_margin_focus, (data, as_of))
''', "0861407f"),
    ("md", """
### The workbook computes every ratio for every customer

`credit.ratios` does the same for the latest statement of each customer, rates each ratio against
its benchmark (`_status`) and says why a ratio could not be computed (`_reason`, e.g. no previous
year). Compare the rows quick_ratio, debt_ratio, asset_turnover and net_margin with your four answers.
"""),
    ("code", '''
ratios = credit.ratios(data, as_of, policy=pol)
names = list(credit.RATIOS)
pd.DataFrame({
    "ratio": [f"{en} {zh}" for en, zh in credit.RATIOS.values()],
    "value": ratios.loc[cid, names].to_numpy(),
    "status": ratios.loc[cid, [f"{r}_status" for r in names]].to_numpy(),
    "note": ratios.loc[cid, [f"{r}_reason" for r in names]].fillna("").to_numpy(),
}, index=names).round(3)
'''),
    ("md", """
Across the book: the quartiles of each ratio and the share of customers whose ratio is ok, to watch
or weak. A weak ratio does not refuse credit by itself; it costs the ratio's points in the score
(lesson 6).
"""),
    ("code", '''
credit.ratio_summary(ratios, pol)[["label", "target", "ok_at", "watch_at", "median", "ok", "watch", "weak"]].round(2)
'''),
    ("code", '''
ax = kt.plots.ratio_benchmarks(ratios, policy=pol)
'''),
    ("md", """
### Exercise 5.5: customers that live on borrowed money

Find the customers whose debt ratio in their latest statement is **weak**: above the `watch`
benchmark of the policy. Work from the raw table `data.financials`, not from `ratios`.
"""),
    ("code", '''
pol["credit"]["benchmarks"]["debt_ratio"]
'''),
    ("solution", '''
# Exercise 5.5: from data.financials keep each customer's latest statement on or before as_of,
# compute its debt ratio (资产负债率) = total_liabilities / total_assets and count the customers
# whose debt ratio is above pol["credit"]["benchmarks"]["debt_ratio"]["watch"]. Assign the count to `weak_debt`.
known = data.financials[data.financials["period_end"] <= pd.Timestamp(as_of)]
last_statements = known.sort_values("period_end").groupby("customer_id").tail(1)
debt_ratio = last_statements["total_liabilities"] / last_statements["total_assets"]
weak_debt = int((debt_ratio > pol["credit"]["benchmarks"]["debt_ratio"]["watch"]).sum())
'''),
    ("code", '''
training.check("05.weak_debt_ratio", weak_debt, (data, as_of))
'''),
    ("md", """
## Qualitative factors (定性因素)

Statements are late, sometimes flattering, and silent about people. The method adds twelve factors
that the account manager and the credit department score from 1 (bad) to 5 (good) at each
assessment (credit survey, 客户信用状况调查表). Each has a weight in the scorecard; ratios and
factors together make 100 points.
"""),
    ("code", '''
weights = pol["credit"]["weights"]
factor_table = pd.DataFrame(
    [(en, zh, weights[key]) for key, (en, zh) in kt.schema.CREDIT_FACTORS.items()],
    index=list(kt.schema.CREDIT_FACTORS), columns=["factor", "中文", "weight"])
factor_table
'''),
    ("md", """
The customer's assessments, latest last. A factor scored 1 earns no points, 3 half its weight and 5
its full weight: points = weight × (score − 1) / 4.
"""),
    ("code", '''
factors = data.credit_factors
assessments = factors[(factors["customer_id"] == cid) & (factors["assessed_on"] <= pd.Timestamp(as_of))]
assessments = assessments.sort_values("assessed_on")
assessments.set_index("assessed_on").drop(columns="customer_id").T
'''),
    ("solution", '''
# Exercise 5.6: with the latest assessment in `assessments` and the weights in `factor_table`, compute
# the points the twelve qualitative factors earn: the sum of weight x (score - 1) / 4.
# Assign the total to `factor_points`.
latest_scores = assessments.iloc[-1][factor_table.index].astype(float)
factor_points = float((factor_table["weight"] * (latest_scores - 1) / 4).sum())
'''),
    ("code", '''
training.check("05.factor_points", factor_points, (data, as_of))
'''),
    ("code", '''
qualitative_max = factor_table["weight"].sum()
print(f"The twelve factors are worth {qualitative_max:g} of the 100 points; "
      f"the ratios the other {100 - qualitative_max:g}.")
'''),
    ("md", """
## Take-aways

* Liquidity (quick and current ratio), leverage (debt ratio), efficiency (asset turnover) and
  profitability (net margin) each answer a different question about whether the customer can pay.
* Use average assets for turnover and leave prepaid expenses out of the quick assets.
* A ratio is judged against its benchmark, which the policy can set per industry
  (`benchmarks_by_industry`): a retailer turns its assets faster than a machine builder.
* The twelve qualitative factors cover what statements cannot show: the principal's personal
  credit, the bank's and suppliers' experience, the quality of management.

Next: lesson 6 turns ratios and factors into a score, a grade and a credit limit.
"""),
]


# ============================================================================ 06
LESSON_06 = [
    ("md", f"""
# Lesson 6: Credit grades, limits and approval levels (信用等级、信用额度与审批权限)

The credit investigation of lesson 5 gives ratios and factor scores. This lesson follows the method
from there to a decision:

1. the **scorecard** (信用等级评分) turns them into a score from 0 to 100 and a **credit grade**
   (信用等级) from AAA to C;
2. the grade sets the **recommended credit limit** (信用额度), measured against the customer's
   **exposure** (open receivables plus open orders);
3. changing the approved limit to the recommended one needs the approval of a level that depends
   on the size of the increase (**approval levels**, 审批权限);
4. when a debt must be written off, the **accountability** (坏账责任) rule says who bears it.

{CHECKS_NOTE}
"""),
    ("params", PARAMS),
    ("code", '''
import pandas as pd

import kamtools as kt
from kamtools import credit, training
from kamtools.report import data_period, period_bounds
from kamtools.training.credit_lessons import focus_account, write_off_scenario

data = kt.load(db or None)
period = period or data_period(data)
as_of = period_bounds(period)[1]
pol = kt.policy.load_policy(None)
cid = focus_account(data, as_of)
scores = credit.score(data, as_of, pol)
limits = credit.limits(data, as_of, pol, scores=scores)
pd.options.display.float_format = "{:,.2f}".format
print(f"Lesson date {as_of}; the customer we study: {cid}")
'''),
    ("md", """
## The scorecard (信用等级评分)

Every item of the scorecard has a weight (`pol["credit"]["weights"]`, 100 in total):

* a **ratio** earns its full weight when `ok`, half when `watch`, nothing when `weak`;
* a **qualitative factor** scored 1–5 earns weight × (score − 1) / 4;
* a missing item (no statement, a factor not assessed) earns half its weight (`credit.missing: neutral`).

The score sets the grade: the best grade whose cut-off the score reaches.
"""),
    ("code", '''
pd.Series(pol["credit"]["grades"], name="lowest score").to_frame().T
'''),
    ("md", """
The scorecard of our customer: what each item could earn, what it earns and what it loses.
`top_losses` names the three items that cost most, the first topics of the credit talk with the
customer.
"""),
    ("code", '''
items = list(credit.ITEMS)
card = pd.DataFrame({
    "item": [f"{en} {zh}" for en, zh in credit.ITEMS.values()],
    "weight": [pol["credit"]["weights"][i] for i in items],
    "points": scores.loc[cid, [f"pts_{i}" for i in items]].to_numpy(dtype=float),
}, index=items)
card["lost"] = card["weight"] - card["points"]
print(f"{cid}: score {scores.loc[cid, 'score']:.1f}, grade {scores.loc[cid, 'grade']} "
      f"(previous grade {scores.loc[cid, 'previous_grade']}); biggest losses: {scores.loc[cid, 'top_losses']}")
card.round(2)
'''),
    ("code", '''
ax = kt.plots.grade_distribution(scores, policy=pol)
'''),
    ("md", """
## The recommended credit limit (信用额度)

The method grants a good customer a few months of its purchases on credit, and a weak one little
or none:

* recommended limit = months of purchases for the grade (`credit.limit.months_of_purchases`)
  × average monthly purchases (net invoiced amount of the last 12 months / 12),
* at most `equity_cap_share` (25 %) of the customer's equity (净资产: total assets − total
  liabilities): we never lend a customer more than a share of what it owns,
* rounded down to a multiple of `credit.limit.rounding` (1,000).
"""),
    ("code", '''
pd.DataFrame({"months of purchases": pol["credit"]["limit"]["months_of_purchases"]}).T
'''),
    ("md", """
### Exercise 6.1: the recommended limit of our customer

You have the grade from `scores`, the equity from the latest statement and the customer's invoices
below. Invoices count when dated after `as_of` − 12 months and on or before `as_of`; credit notes
(negative amounts) reduce the purchases.
"""),
    ("code", '''
invoices = data.sql("select invoice_date, amount from invoices where customer_id = ?", [cid])
grade = scores.loc[cid, "grade"]
equity = credit.ratios(data, as_of, policy=pol).loc[cid, "equity"]
print(f"grade {grade}, equity {equity:,.0f}, {len(invoices):,} invoices")
'''),
    ("solution", '''
# Exercise 6.1: compute the recommended limit of the customer: months of purchases for its grade x its
# average monthly purchases of the last 12 months, capped at equity_cap_share x equity, rounded down
# to a multiple of 1,000 (a company without positive equity gets no credit). Assign it to `recommended`.
window_start = pd.Timestamp(as_of) - pd.DateOffset(months=12)
in_window = (invoices["invoice_date"] > window_start) & (invoices["invoice_date"] <= pd.Timestamp(as_of))
monthly_purchases = invoices.loc[in_window, "amount"].sum() / 12
uncapped = pol["credit"]["limit"]["months_of_purchases"][grade] * monthly_purchases
capped = min(uncapped, max(pol["credit"]["limit"]["equity_cap_share"] * equity, 0.0))
recommended = capped // 1000 * 1000
'''),
    ("code", '''
training.check("06.recommended_limit", recommended, (data, as_of))
'''),
    ("md", """
`credit.limits` computes the limit of every customer, with its exposure against the approved limit.
**Exposure** = open receivables + open orders − cash received but not yet applied. Above the approved
limit only cash or collateral (担保) is acceptable: `overlimit_uncovered` is what the collateral does
not cover.
"""),
    ("code", '''
cols = ["grade", "avg_monthly_purchases", "months_of_purchases", "equity_cap", "recommended_limit",
        "approved_limit", "approved_by", "exposure", "utilization", "headroom", "overlimit",
        "limit_change", "approval_level"]
limits.loc[cid, cols].to_frame(cid)
'''),
    ("code", '''
over = credit.over_limit(limits)
print(f"{len(over):,} customers are over their approved limit by {over['overlimit'].sum():,.0f}; "
      f"{over['overlimit_uncovered'].sum():,.0f} of it is not covered by collateral.")
over.head(10)
'''),
    ("md", """
## Approval levels (审批权限)

Who may move a limit from the approved to the recommended amount depends on the size of the
increase: up to each amount (inclusive) the level named, above the last amount the credit committee
(信用委员会). A decrease is recorded by the account manager; no change needs no approval (`none`).
"""),
    ("code", '''
pd.Series({level: "no ceiling" if amount is None else f"{amount:,.0f}"
           for level, amount in pol["credit"]["approval_levels"].items()}, name="increase up to").to_frame()
'''),
    ("code", '''
changes = credit.limit_changes(limits, pol)
ax = kt.plots.limit_changes_by_level(changes)
changes
'''),
    ("md", """
### Exercise 6.2: work for the credit committee

Count the customers whose recommended limit change must go to the credit committee. Work from the
column `limit_change` of `limits` and the amounts of `pol["credit"]["approval_levels"]`, not from the
column `approval_level`.
"""),
    ("solution", '''
# Exercise 6.2: count the customers whose limit change (limits["limit_change"]) is an increase larger
# than the regional manager's amount in pol["credit"]["approval_levels"]. Assign the count to `committee`.
ceiling = pol["credit"]["approval_levels"]["regional_manager"]
committee = int((limits["limit_change"] > ceiling).sum())
'''),
    ("code", '''
training.check("06.committee", committee, (data, as_of))
'''),
    ("md", """
## Accountability for write-offs (坏账责任)

Who bears a bad debt (坏账) that is written off? The method makes approval a responsibility:

* the part of the debt **within** the approved limit is shared: the handler (经办人, usually the
  account manager) bears `handler_share_within_limit` (30 %), the approver (审批人) the rest (70 %);
* the part **above** the approved limit was never approved: the handler bears all of it.

A small example: a customer with an approved limit of 100,000 writes off 150,000.
"""),
    ("code", '''
pol["credit"]["accountability"]
'''),
    ("code", '''
example_write_off = pd.DataFrame({"customer_id": ["X1"], "amount": [150_000.0], "handler": ["Li Na"]})
example_limit = pd.DataFrame({"approved_limit": [100_000.0], "approved_by": ["Wang Qiang"]},
                             index=pd.Index(["X1"], name="customer_id"))
credit.accountability(example_write_off, example_limit, pol)
'''),
    ("md", """
The handler bears 50,000 above the limit plus 30 % of 100,000; the approver 70 % of 100,000.

### Exercise 6.3: if every customer over its limit defaulted

Suppose every customer that is over its approved limit today defaulted and its whole exposure were
written off, with its account manager as the handler. How much would the handlers bear in total?
`over_limit_now` lists these customers with their exposure and approved limit.
"""),
    ("code", '''
over_limit_now = limits.loc[limits["over_limit"], ["exposure", "approved_limit", "approved_by"]]
over_limit_now.head()
'''),
    ("solution", '''
# Exercise 6.3: for the customers in `over_limit_now`, the written-off amount is the exposure. The handler
# bears everything above approved_limit plus 30 % (handler_share_within_limit) of the part within it.
# Add up over all these customers and assign the total to `handler_burden`.
share = pol["credit"]["accountability"]["handler_share_within_limit"]
within_limit = over_limit_now[["exposure", "approved_limit"]].min(axis=1)
above_limit = over_limit_now["exposure"] - within_limit
handler_burden = float((above_limit + share * within_limit).sum())
'''),
    ("code", '''
training.check("06.handler_burden", handler_burden, (data, as_of))
'''),
    ("md", """
The workbook's answer per account manager: the exposure they let run above the limits weighs far
more than their share of what was approved.
"""),
    ("code", '''
burden = credit.accountability(write_off_scenario(limits, data.customers), limits, pol)
burden.groupby("handler")[["amount", "above_limit", "handler_amount"]].sum().sort_values(
    "handler_amount", ascending=False).head(10)
'''),
    ("md", """
## Take-aways

* Score = points of ratios and factors; the grade follows from fixed cut-offs, so every grade can be
  explained item by item (`top_losses`).
* The recommended limit follows the customer's purchases and its grade, and never exceeds a share of
  its equity.
* Exposure, not the invoice total, is what is at risk: open receivables plus open orders.
* The larger the increase, the higher the approver; exposure above an approved limit is the
  handler's alone.

Next: lesson 7, collecting what customers owe.
"""),
]


# ============================================================================ 07
LESSON_07 = [
    ("md", f"""
# Lesson 7: Receivables and collections (应收账款管理)

A sale on credit is finished only when it is paid. Receivables management answers: how much does
each customer owe, since when, how fast do we collect, what must we provide for, who has gone
silent, and whom do we call first?

In this lesson you will

* settle invoices and payments into open items and age them (账龄分析);
* compute the share of old debt, DSO (days sales outstanding, 应收账款周转天数) and the provision
  (坏账准备) by hand;
* read the CEI (collection effectiveness index), the silent debtors and the collection worklist.

{CHECKS_NOTE}
"""),
    ("params", PARAMS),
    ("code", '''
import pandas as pd

import kamtools as kt
from kamtools import receivables, training
from kamtools.report import data_period, period_bounds
from kamtools.training import credit_lessons
from kamtools.training.credit_lessons import focus_account

data = kt.load(db or None)
period = period or data_period(data)
as_of = period_bounds(period)[1]
pol = kt.policy.load_policy(None)
cid = focus_account(data, as_of)
pd.options.display.float_format = "{:,.2f}".format
print(f"Lesson date {as_of}; the customer we study: {cid}")
'''),
    ("md", """
## Open items: which invoices are still open

A payment that names its invoice settles that invoice; every other payment (and every credit note)
settles the customer's oldest due invoice first. What a customer paid beyond all its open invoices
is its **unapplied credit**: never lost, shown separately. `receivables.settle` does this in SQL in
the store; here are the open invoices of our customer:
"""),
    ("code", '''
ledger = receivables.settle(data, as_of=as_of)
items = ledger.open_items
items[items["customer_id"] == cid].tail(10)
'''),
    ("md", """
## Aging (账龄分析)

Each open invoice falls into a bucket by its days past due (`as_of` − due date): `current` (not yet
due), 1–30, 31–60, 61–90, 91–180, 181–365 and over 365 days. The older a debt, the less likely it
is paid: the buckets drive provisions and collection priority.
"""),
    ("code", '''
buckets = pol["receivables"]["buckets"]
aged = receivables.aging(ledger, as_of, buckets)
aged.sort_values("total", ascending=False).head(10)
'''),
    ("code", '''
managers = data.customers.set_index("customer_id")["account_manager"]
ax = kt.plots.aging_stack(aged, group=managers)
'''),
    ("solution", '''
# Exercise 7.1: from `aged`, compute the share of all open receivables that is more than 90 days past
# due (buckets d91_180, d181_365 and d365_plus) as a fraction between 0 and 1. Assign it to `over_90_share`.
old_debt = aged[["d91_180", "d181_365", "d365_plus"]].sum().sum()
over_90_share = old_debt / aged["total"].sum()
'''),
    ("code", '''
training.check("07.over_90_share", over_90_share, (data, as_of))
'''),
    ("md", """
## DSO and CEI: how fast we collect

**DSO** (days sales outstanding, 应收账款周转天数) = receivables at the date / credit sales of the
last 90 days × 90: how many days of sales are still unpaid. Compare it with the payment terms: a
DSO of 60 days on 30-day terms means customers pay a month late on average.

**CEI** (collection effectiveness index) = (opening receivables + credit sales − closing receivables)
/ (opening receivables + credit sales − closing current receivables) × 100: of what could be
collected in the month, the share that was. 100 is perfect.
"""),
    ("code", '''
trend = receivables.monthly_trend(data, period, months=12, days=pol["receivables"]["dso_days"])
ax = kt.plots.dso_cei_trend(trend)
trend[["receivables", "overdue", "credit_sales", "collected", "dso", "cei"]]
'''),
    ("md", """
### Exercise 7.2: DSO by hand

Use the total of `aged` as the receivables and the invoices below as the credit sales. Credit notes
are negative invoices and reduce the sales.
"""),
    ("code", '''
invoices = data.sql("select customer_id, invoice_date, amount from invoices")
invoices.tail()
'''),
    ("solution", '''
# Exercise 7.2: compute the DSO of the whole book at as_of: total open receivables (aged["total"]) /
# net amount of the invoices dated after as_of - 90 days and on or before as_of, x 90.
# Assign it to `dso`.
since = pd.Timestamp(as_of) - pd.Timedelta(days=90)
recent = invoices[(invoices["invoice_date"] > since) & (invoices["invoice_date"] <= pd.Timestamp(as_of))]
dso = aged["total"].sum() / recent["amount"].sum() * 90
'''),
    ("code", '''
training.check("07.dso", dso, (data, as_of))
'''),
    ("md", """
The workbook also computes the **count-back DSO**, which walks back month by month until the sales
add up to the receivables and is not fooled by a seasonal peak of sales:
"""),
    ("code", '''
by_manager = receivables.dso(data, None, as_of, days=90, by="account_manager")
by_manager[["receivables", "credit_sales", "dso", "dso_countback"]].sort_values("dso", ascending=False)
'''),
    ("md", """
## Provisions (坏账准备)

Finance sets aside part of each bucket as a provision for bad debts, at the policy's rates: the
older the bucket, the higher the rate, up to 100 % beyond a year.
"""),
    ("code", '''
pd.Series(pol["receivables"]["provision_rates"], name="rate").to_frame().T
'''),
    ("solution", '''
# Exercise 7.3: compute the total bad-debt provision: for each bucket of `aged`, its total times its rate in
# pol["receivables"]["provision_rates"], added up over the buckets. Assign it to `provision`.
rates = pd.Series(pol["receivables"]["provision_rates"])
provision = float((aged[rates.index].sum() * rates).sum())
'''),
    ("code", '''
training.check("07.provision", provision, (data, as_of))
'''),
    ("code", '''
receivables.provisions(aged, pol, by="bucket")
'''),
    ("md", """
## Silent debtors (沉默客户)

A customer that owes us money but has bought nothing, paid nothing and seen no one of ours for
`silent_months` months is the debt most likely to be forgotten. Call these first, before the
limitation period runs out.
"""),
    ("code", '''
silent = receivables.silent_debtors(data, as_of, pol, aged=aged)
print(f"{len(silent):,} silent debtors owe {silent['total'].sum():,.0f}.")
silent.head(10)
'''),
    ("md", """
## What a bad debt costs (坏账的代价)

A debt written off is not a loss of its margin but of the whole amount: the goods were delivered and
their cost paid. To earn that money back the business must make new sales whose **net profit** equals
the loss. At a net margin of 5–10 %, every unit of bad debt needs **10–20 units of new sales** to make
up (一元坏账需要十到二十元的销售来弥补). That is why credit control is part of selling, not its enemy.
"""),
    ("code", '''
NET_MARGIN = credit_lessons.NET_MARGIN  # net profit per unit of sales assumed in this lesson
for margin in (0.05, NET_MARGIN, 0.10):
    print(f"net margin {margin:.0%}: 1 of bad debt needs {1 / margin:,.1f} of new sales")
'''),
    ("solution", '''
# Exercise 7.4: the largest silent debtor (the first row of `silent`, largest balance first; if there is
# none, the customer with the largest overdue amount in `aged`) never pays. How much must we sell, at a
# net margin of NET_MARGIN, to earn its open balance back? Assign it to `sales_to_recover`.
lost = silent["total"].iloc[0] if len(silent) else aged["overdue"].max()
sales_to_recover = float(lost / NET_MARGIN)
'''),
    ("code", '''
training.check("07.sales_to_recover", sales_to_recover, (data, as_of))
'''),
    ("md", """
## The collection worklist (催收工作清单)

Every customer with overdue receivables, ranked per account manager by priority: the overdue amount
of each bucket times its weight (`receivables.worklist_weights`), so old debt comes first. The
finance contact and the last payment help prepare the call. The monthly report writes one sheet per
account manager to Excel.
"""),
    ("code", '''
work = receivables.worklist(data, as_of, pol, aged=aged)
first_manager = work["account_manager"].iloc[0]
work[work["account_manager"] == first_manager].head(8)[
    ["rank", "name", "priority", "overdue", "max_days_past_due", "contact_name", "contact_role", "last_payment"]]
'''),
    ("md", """
## Take-aways

* Aging is the basis of everything else: provisions, priorities, the re-review of credit limits.
* DSO tells how many days of sales are unpaid; CEI how much of what could be collected was.
* Provisions grow with age; a debt over a year old is provided in full.
* Silent debtors and the top of the worklist are this week's calls.

Next: lesson 8, the plan for one key account.
"""),
]


# ============================================================================ 08
LESSON_08 = [
    ("md", f"""
# Lesson 8: The key-account plan (大客户计划) and the account team (客户团队)

A key account (关键客户) gets a written plan, made with the customer where possible and owned by
its account manager. The plan has four parts:

1. **situation** (现状分析): where we stand with the customer: business, potential, relationship,
   credit and receivables;
2. **objectives** (目标): what we want to reach in the next twelve months, in numbers;
3. **actions** (行动计划): what we will do, following the strategy for the account's segment;
4. **team** (客户团队): who does it. A key account is served by a team around the account manager
   (客户经理): sales (销售), logistics (物流), manufacturing (生产), R&D (研发), marketing (市场),
   finance (财务) and customer service (客户服务).

This lesson builds the plan of one key account from the data of the earlier lessons.

{CHECKS_NOTE}
"""),
    ("params", PARAMS),
    ("code", '''
import pandas as pd
from IPython.display import Markdown

import kamtools as kt
from kamtools import credit, receivables, segments, strategies, training
from kamtools.report import data_period, period_bounds
from kamtools.training.credit_lessons import focus_account

data = kt.load(db or None)
period = period or data_period(data)
as_of = period_bounds(period)[1]
pol = kt.policy.load_policy(None)
cid = focus_account(data, as_of)
pd.options.display.float_format = "{:,.2f}".format
pd.options.display.max_colwidth = None
print(f"Lesson date {as_of}; the key account we plan: {cid}")
'''),
    ("md", """
## 1. Situation (现状分析)

### Business and potential

The pyramid (lesson 1) places the account; the lifecycle stage and the value matrix (lesson 4) say
where the relationship is heading.
"""),
    ("code", '''
pyramid = segments.pyramid(data, as_of, pol)
stage = segments.lifecycle(data, as_of, pol).loc[cid]
matrix = segments.value_matrix(data, as_of, pol).loc[cid]
account = pyramid.loc[cid]
situation = pd.Series({
    "name": account["name"], "account manager": account["account_manager"], "tier": account["tier"],
    "rank in the book": int(account["rank"]), "revenue, last 12 months": account["revenue_12m"],
    "revenue, 12 months before": account["revenue_prev_12m"], "margin, last 12 months": account["margin_12m"],
    "wallet estimate": account["wallet_estimate"], "headroom": account["headroom"],
    "relationship state": account["relationship_state"], "relationship level": account["relationship_level"],
    "selling hours, last 12 months": account["hours_12m"], "lifecycle stage": stage["stage"],
    "value matrix": matrix["quadrant"],
}, name=cid)
situation.to_frame()
'''),
    ("md", """
### Exercise 8.1: share of wallet (钱包份额)

The wallet estimate (`wallet_estimate` in the customers table) is what the customer buys of our
category per year from all suppliers. Our share of it says how much room is left.
"""),
    ("code", '''
invoices = data.sql("select invoice_date, amount from invoices where customer_id = ?", [cid])
wallet = data.customers.set_index("customer_id").loc[cid, "wallet_estimate"]
print(f"wallet estimate {wallet:,.0f}; {len(invoices):,} invoices")
'''),
    ("solution", '''
# Exercise 8.1: compute our share of the customer's wallet: the net amount of its invoices dated after
# as_of - 12 months and on or before as_of, divided by `wallet`. Assign it to `wallet_share`.
last_year = invoices[(invoices["invoice_date"] > pd.Timestamp(as_of) - pd.DateOffset(months=12))
                     & (invoices["invoice_date"] <= pd.Timestamp(as_of))]
wallet_share = last_year["amount"].sum() / wallet
'''),
    ("code", '''
training.check("08.wallet_share", wallet_share, (data, as_of))
'''),
    ("md", """
### Selling time

Key accounts should receive about 60 % of selling time (lesson 1). Does the book follow the
pyramid, and how much time went to our account?
"""),
    ("code", '''
activities = data.sql("select customer_id, date, type, hours from activities where date <= ?", [as_of])
tiers = pyramid["tier"]
activities.head()
'''),
    ("solution", '''
# Exercise 8.2: compute the share of selling hours of the last 12 months (activities dated after
# as_of - 12 months and on or before as_of) that went to key accounts (tiers == "key").
# Assign it to `key_time_share`.
recent_activities = activities[activities["date"] > pd.Timestamp(as_of) - pd.DateOffset(months=12)]
key_hours = recent_activities.loc[recent_activities["customer_id"].map(tiers) == "key", "hours"].sum()
key_time_share = key_hours / recent_activities["hours"].sum()
'''),
    ("code", '''
training.check("08.key_time_share", key_time_share, (data, as_of))
'''),
    ("code", '''
start = pd.Timestamp(as_of) - pd.DateOffset(months=12)
ours = activities[(activities["customer_id"] == cid) & (activities["date"] > start)]
contact_mix = ours.groupby("type")["hours"].agg(["count", "sum"]).rename(columns={"sum": "hours"})
contact_mix
'''),
    ("md", """
### People we know

Who we know at the customer, and at which level: a key account needs relationships across its senior
team, not one buyer.
"""),
    ("code", '''
contacts = data.contacts[data.contacts["customer_id"] == cid][["name", "role"]]
contacts
'''),
    ("md", """
### Credit and receivables

From lessons 6 and 7: the grade, the limit and what the customer owes.
"""),
    ("code", '''
limits = credit.limits(data, as_of, pol)
aged = receivables.aging(data, as_of, pol["receivables"]["buckets"])
money = limits.loc[cid, ["grade", "approved_limit", "recommended_limit", "exposure", "utilization",
                          "overdue", "max_days_past_due", "approval_level", "review_reasons"]]
money.to_frame(cid)
'''),
    ("md", """
## 2. Objectives (目标)

Objectives are numbers with a date. Here, for the next twelve months, as a starting point for the
talk with the customer and the team (the assumptions are in the code: change them):

* revenue: win a further tenth of the wallet headroom;
* relationship: move one step up the relationship levels (purchasing → decision maker → senior team);
* credit: bring the limit to the recommended amount and keep utilization below the re-review threshold;
* collections: nothing more than 30 days past due.
"""),
    ("code", '''
levels = list(pol["segments"]["relationship_level_scores"])[::-1]  # lowest level first
level_now = account["relationship_level"] if account["relationship_level"] in levels else "none"
level_next = levels[min(levels.index(level_now) + 1, len(levels) - 1)]
revenue_target = account["revenue_12m"] + 0.10 * account["headroom"]
objectives = pd.DataFrame({
    "now": [f"{account['revenue_12m']:,.0f}", level_now, f"{limits.loc[cid, 'approved_limit']:,.0f}",
            f"{limits.loc[cid, 'utilization']:.0%}", f"{aged.loc[cid, 'overdue'] if cid in aged.index else 0:,.0f} overdue"],
    "target in 12 months": [f"{revenue_target:,.0f}", level_next, f"{limits.loc[cid, 'recommended_limit']:,.0f}",
                            f"below {pol['credit']['review']['utilization_above']:.0%}", "nothing over 30 days"],
}, index=["revenue (销售额)", "relationship level (关系层级)", "credit limit (信用额度)",
          "limit utilization", "receivables (应收账款)"])
objectives
'''),
    ("md", """
## 3. Actions (行动计划)

The strategies of the method for the account's tier, lifecycle stage and value-matrix quadrant give
the direction; credit and receivables add what finance needs.
"""),
    ("code", '''
actions = [
    str(strategies.TIERS[account["tier"]]),
    str(strategies.LIFECYCLE[stage["stage"]]),
    str(strategies.VALUE_MATRIX[matrix["quadrant"]]),
]
change = limits.loc[cid, "limit_change"]
if change != 0:
    actions.append(f"credit limit (信用额度): apply to move the limit by {change:+,.0f} to "
                   f"{limits.loc[cid, 'recommended_limit']:,.0f} (approval: {limits.loc[cid, 'approval_level']}).")
if cid in aged.index and aged.loc[cid, "overdue"] > 0:
    actions.append(f"collections (催收): {aged.loc[cid, 'overdue']:,.0f} overdue, oldest "
                   f"{aged.loc[cid, 'max_days_past_due']} days; agree a payment date with the finance contact.")
pd.Series(actions, name="action").to_frame()
'''),
    ("code", '''
exposure, recommended = limits.loc[cid, "exposure"], limits.loc[cid, "recommended_limit"]
if exposure > recommended:
    print(f"Sales and credit pull apart here: the account's exposure ({exposure:,.0f}) is above the limit its "
          f"grade supports ({recommended:,.0f}). The plan must close the gap before growing: collect the "
          "overdue debt, update the credit file to improve the grade, ask for collateral or shorter terms.")
else:
    print(f"Credit supports the plan: the exposure ({exposure:,.0f}) is within the limit the grade "
          f"supports ({recommended:,.0f}).")
'''),
    ("md", """
## 4. The account team (客户团队)

The account manager owns the plan and the relationship; each function of the company takes part of
the work. The team below names the account manager from the data; the other members are named when
the plan is agreed.
"""),
    ("code", '''
team = pd.DataFrame([
    ("account manager (客户经理)", account["account_manager"], "owns the plan and the relationship; leads the team"),
    ("sales (销售)", "to be named", "orders, offers and the revenue objective; contacts at every level"),
    ("logistics (物流)", "to be named", "delivery reliability and lead times agreed with the customer"),
    ("manufacturing (生产)", "to be named", "capacity and quality for the customer's volumes"),
    ("R&D (研发)", "to be named", "joint development and technical support for the customer's products"),
    ("marketing (市场)", "to be named", "market information, joint promotion, the customer's segment"),
    ("finance (财务)", "to be named", "credit limit, payment terms, collections and the customer's finance contact"),
    ("customer service (客户服务)", "to be named", "complaints, returns and day-to-day questions"),
], columns=["role", "member", "responsibility for this account"])
team
'''),
    ("md", """
## The plan on one page

Everything above, put together as the outline the account manager takes into the planning meeting.
"""),
    ("code", '''
lines = [f"### Account plan {period}: {account['name']} ({cid})", "",
         f"**Situation.** {account['tier']} account, rank {int(account['rank'])} in the book; revenue "
         f"{account['revenue_12m']:,.0f} in the last 12 months (wallet share {account['revenue_12m'] / account['wallet_estimate']:.0%}); "
         f"lifecycle stage {stage['stage']}, value matrix {matrix['quadrant']}; credit grade {limits.loc[cid, 'grade']}, "
         f"exposure {limits.loc[cid, 'exposure']:,.0f} against a limit of {limits.loc[cid, 'approved_limit']:,.0f}.", "",
         "**Objectives.**"]
lines += [f"- {topic}: {row['now']} → {row['target in 12 months']}" for topic, row in objectives.iterrows()]
lines += ["", "**Actions.**"] + [f"- {a}" for a in actions]
lines += ["", "**Team.**"] + [f"- {r.role}: {r.member}" for r in team.itertuples()]
Markdown("\\n".join(lines))
'''),
    ("md", """
## Take-aways

* A plan starts from facts: value and potential, relationship, credit and receivables.
* Objectives are numbers with a date; actions follow the strategy for the account's segment.
* The account team brings the whole company to the customer; the account manager leads it.
* The monthly report writes such a plan for every key account (`kam report --accounts ...`).
"""),
]


LESSONS = {
    "05_credit_investigation.ipynb": LESSON_05,
    "06_grades_limits_approval.ipynb": LESSON_06,
    "07_receivables_collections.ipynb": LESSON_07,
    "08_account_plan.ipynb": LESSON_08,
}


def write_lesson(path: Path, cells: list[tuple[str, ...]]) -> Path:
    """Write one lesson: :func:`nb.write`, then the ids of cells that carry their own."""
    path = write(path, [cell[:2] for cell in cells])
    if all(len(cell) == 2 for cell in cells):
        return path
    nb = nbformat.read(str(path), as_version=4)
    numbered = 0
    for cell, spec in zip(nb.cells, cells):
        if len(spec) > 2:
            cell["id"] = spec[2]
        else:
            cell["id"] = f"{path.stem[:40]}-{numbered}"
            numbered += 1
    nbformat.write(nb, str(path))
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the lessons (default notebooks/training)")
    out = parser.parse_args(argv).out
    for name, cells in LESSONS.items():
        path = write_lesson(out / name, cells)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

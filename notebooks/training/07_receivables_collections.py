# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 7: Receivables and collections (应收账款管理)
#
# A sale on credit is finished only when it is paid. Receivables management answers: how much does
# each customer owe, since when, how fast do we collect, what must we provide for, who has gone
# silent, and whom do we call first?
#
# In this lesson you will
#
# * settle invoices and payments into open items and age them (账龄分析);
# * compute the share of old debt, DSO (days sales outstanding, 应收账款周转天数) and the provision
#   (坏账准备) by hand;
# * read the CEI (collection effectiveness index), the silent debtors and the collection worklist.
#
# Each exercise is a cell that ends by assigning your answer to a variable; the cell after it checks the answer (✔ or ✘ with a hint). The checks compute the expected answer from the same data with the workbook's functions, for the period of this lesson.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import receivables, training
from kamtools.report import report_context
from kamtools.training.lesson_data import focus_account

ctx = report_context(period, db)
data, period, as_of, pol = ctx.data, ctx.period, ctx.as_of, ctx.policy
cid = focus_account(data, as_of)
pd.options.display.float_format = "{:,.2f}".format
print(f"Lesson date {as_of}; the customer we study: {cid}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Open items: which invoices are still open
#
# A payment that names its invoice settles that invoice; every other payment (and every credit note)
# settles the customer's oldest due invoice first. What a customer paid beyond all its open invoices
# is its **unapplied credit**: never lost, shown separately. `receivables.settle` does this in SQL in
# the store; here are the open invoices of our customer:

# %%
ledger = receivables.settle(data, as_of=as_of)
items = ledger.open_items
items[items["customer_id"] == cid].tail(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Aging (账龄分析)
#
# Each open invoice falls into a bucket by its days past due (`as_of` − due date): `current` (not yet
# due), 1–30, 31–60, 61–90, 91–180, 181–365 and over 365 days. The older a debt, the less likely it
# is paid: the buckets drive provisions and collection priority.

# %%
buckets = pol["receivables"]["buckets"]
aged = receivables.aging(data, as_of, buckets)  # the whole book: disputed amounts apart
aged.sort_values("total", ascending=False).head(10)

# %%
managers = data.customers.set_index("customer_id")["account_manager"]
ax = kt.plots.aging_stack(aged, group=managers)

# %% tags=["solution"]
# Exercise 7.1: from `aged`, compute the share of all open receivables that is more than 90 days past
# due (buckets d91_180, d181_365 and d365_plus) as a fraction between 0 and 1. Assign it to `over_90_share`.
old_debt = aged[["d91_180", "d181_365", "d365_plus"]].sum().sum()
over_90_share = old_debt / aged["total"].sum()

# %%
training.check("07.over_90_share", over_90_share, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## DSO and CEI: how fast we collect
#
# **DSO** (days sales outstanding, 应收账款周转天数) = receivables at the date / credit sales of the
# last 90 days × 90: how many days of sales are still unpaid. Compare it with the payment terms: a
# DSO of 60 days on 30-day terms means customers pay a month late on average.
#
# **CEI** (collection effectiveness index) = (opening receivables + credit sales − closing receivables)
# / (opening receivables + credit sales − closing current receivables) × 100: of what could be
# collected in the month, the share that was. 100 is perfect.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 7.2: DSO by hand
#
# Use the total of `aged` as the receivables and the invoices below as the credit sales. Credit notes
# are negative invoices and reduce the sales.

# %%
invoices = data.sql("select customer_id, invoice_date, amount from invoices")
invoices.tail()

# %% tags=["solution"]
# Exercise 7.2: compute the DSO of the whole book at as_of: total open receivables (aged["total"]) /
# net amount of the invoices dated after as_of - 90 days and on or before as_of, x 90.
# Assign it to `dso`.
since = pd.Timestamp(as_of) - pd.Timedelta(days=90)
recent = invoices[(invoices["invoice_date"] > since) & (invoices["invoice_date"] <= pd.Timestamp(as_of))]
dso = aged["total"].sum() / recent["amount"].sum() * 90

# %%
training.check("07.dso", dso, (data, as_of))

# %% [markdown]
# The monthly trend of the last twelve months: receivables, overdue, credit sales, collections, DSO and CEI
# at each month end (its last DSO is the one you computed).

# %%
trend = receivables.monthly_trend(data, period, months=12, days=pol["receivables"]["dso_days"])
ax = kt.plots.dso_cei_trend(trend)
trend[["receivables", "overdue", "credit_sales", "collected", "dso", "cei"]]

# %% [markdown]
# The workbook also computes the **count-back DSO**, which walks back month by month until the sales
# add up to the receivables and is not fooled by a seasonal peak of sales:

# %%
by_manager = receivables.dso(data, None, as_of, days=90, by="account_manager")
by_manager[["receivables", "credit_sales", "dso", "dso_countback"]].sort_values("dso", ascending=False)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Provisions (坏账准备)
#
# Finance sets aside part of each bucket as a provision for bad debts, at the policy's rates: the
# older the bucket, the higher the rate, up to 100 % beyond a year.

# %%
pd.Series(pol["receivables"]["provision_rates"], name="rate").to_frame().T

# %% tags=["solution"]
# Exercise 7.3: compute the total bad-debt provision: for each bucket of `aged`, its total times its rate in
# pol["receivables"]["provision_rates"], added up over the buckets. Assign it to `provision`.
rates = pd.Series(pol["receivables"]["provision_rates"])
provision = float((aged[rates.index].sum() * rates).sum())

# %%
training.check("07.provision", provision, (data, as_of))

# %%
receivables.provisions(aged, pol, by="bucket")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Silent debtors (沉默客户)
#
# A customer that owes us money but has bought nothing, paid nothing and seen no one of ours for
# `silent_months` months is the debt most likely to be forgotten. Call these first, before the
# limitation period runs out.

# %%
silent = receivables.silent_debtors(data, as_of, pol, aged=aged)
print(f"{len(silent):,} silent debtors owe {silent['total'].sum():,.0f}.")
silent.head(10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a bad debt costs (坏账的代价)
#
# A debt written off is not a loss of its margin but of the whole amount: the goods were delivered and
# their cost paid. To earn that money back the business must make new sales whose margin equals the loss:
# sales needed = loss ÷ margin rate. At a net margin of 5–10 %, every unit of bad debt needs **10–20 units of
# new sales** to make up (一元坏账需要十到二十元的销售来弥补). That is why credit control is part of selling, not
# its enemy. Each customer buys at its own margin: `receivables.customer_margin` gives each customer's gross
# margin over the policy's months (`receivables.recovery.margin_months`), or the book's for a customer without
# one; the thinner a customer's margin, the more a bad debt of its costs.

# %%
margins = receivables.customer_margin(data, as_of, pol)
print(margins["margin_basis"].value_counts().to_string())
for q in (0.1, 0.5, 0.9):
    rate = float(margins["margin_rate"].quantile(q))
    print(f"{q:.0%} of customers buy at a gross margin below {rate:.1%}: 1 of bad debt needs {1 / rate:,.1f} of new sales")

# %% tags=["solution"]
# Exercise 7.4: the largest silent debtor (the first row of `silent`, largest balance first; if there is
# none, the customer with the largest overdue amount in `aged`) never pays. How much must we sell, at that
# customer's own margin (its `margin_rate` in `margins`), to earn its open balance back? Assign it to
# `sales_to_recover`.
lost_id = silent.index[0] if len(silent) else aged["overdue"].idxmax()
lost = silent["total"].iloc[0] if len(silent) else aged["overdue"].max()
sales_to_recover = float(lost / margins.loc[lost_id, "margin_rate"])

# %%
training.check("07.sales_to_recover", sales_to_recover, (data, as_of))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The collection worklist (催收工作清单)
#
# Every customer with overdue receivables, ranked per account manager by priority: the overdue amount
# of each bucket times its weight (`receivables.worklist_weights`), so old debt comes first. The
# finance contact and the last payment help prepare the call. The monthly report writes one sheet per
# account manager to Excel.

# %%
work = receivables.worklist(data, as_of, pol, aged=aged)
first_manager = work["account_manager"].iloc[0]
work[work["account_manager"] == first_manager].head(8)[
    ["rank", "name", "priority", "overdue", "max_days_past_due", "contact_name", "contact_role", "last_payment"]]

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways
#
# * Aging is the basis of everything else: provisions, priorities, the re-review of credit limits.
# * DSO tells how many days of sales are unpaid; CEI how much of what could be collected was.
# * Provisions grow with age; a debt over a year old is provided in full.
# * Silent debtors and the top of the worklist are this week's calls.
#
# Next: lesson 8, the plan for one key account.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Judgment — what would you do, and why? (判断练习：你会怎么做，为什么？)
#
# The case account (案例客户) of the course in the ledger: its receivables by age, and how often it was overdue at a
# month end in the last year.

# %%
case_limits = kt.credit.limits(data, as_of, pol).loc[cid]
aged.loc[[cid]] if cid in aged.index else "nothing open"

# %%
case_name = data.customers.set_index("customer_id").loc[cid, "name"]
finance = data.contacts.loc[(data.contacts["customer_id"] == cid)
                            & data.contacts["role"].str.contains("financ", case=False, na=False), "role"]
print(f"{case_name}: overdue at {case_limits['overdue_month_ends_12m']:.0f} of the last 12 month ends; "
      f"{case_limits['overdue']:,.0f} overdue today, the oldest {case_limits['max_days_past_due']:.0f} days past due; "
      f"finance contact on file: {', '.join(finance) or 'none'}")

# %% [markdown]
# **The decision.** The case account pays, but late, month after month. Its account manager says: "Don't upset
# them. They always pay in the end, and they are our biggest customer."
#
# *What do you do this month: who calls whom, what do you ask for, do you hold deliveries? And what would you change
# in how the company collects (rules, targets, incentives, reviews: 制度化 / 目标化 / 激励 / 评估) so that a big
# customer paying late is not left to one account manager's judgment?*
#
# *这个月你怎么做：谁打给谁、要求什么、是否暂停发货？公司的催收方式（制度化 / 目标化 / 激励 / 评估）要怎样改，才能让大客户拖款不再只靠某一位客户经理的个人判断？*

# %% [markdown] tags=["judgment"]
# **My decision (我的决定):** …
#
# **Why (理由):** …
#
# **What would change my mind (什么会让我改变决定):** …

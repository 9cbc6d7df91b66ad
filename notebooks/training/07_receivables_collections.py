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
# * read the CEI (collection effectiveness index), the silent debtors and the collection worklist;
# * run collections as a system: dunning levels and letters, disputes apart, the statement of account, targets and
#   incentives, the monthly review and the write-off register.
#
# Each exercise is a cell that ends by assigning your answer to a variable; the cell after it checks the answer (✔ or ✘ with a hint). The checks compute the expected answer from the same data with the workbook's functions, for the period of this lesson.

# %% slideshow={"slide_type": "skip"} tags=["parameters"]
db: str = ""  # DuckDB store; empty: data/kam.duckdb, or the committed sample when no store exists
period: str = ""  # month YYYY-MM; empty: latest complete month of the data

# %%
import pandas as pd

import kamtools as kt
from kamtools import receivables, training
from kamtools.output.letters.render import TEMPLATE_DIR
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
# ## Collections as a system (催收体系：制度化、目标化、激励、评估)
#
# A worklist says whom to call; it does not make the money come in. The material asks for collections as a
# **system** of four parts, and the workbook has a tool for each:
#
# | 中文 | English | in the workbook |
# |---|---|---|
# | 制度化 | written rules: who does what at how many days past due | dunning levels 催款等级 (`receivables.dunning`), letters 催款函 (`kam letters`), statement of account 对账单 (`kam statement`), disputes apart |
# | 目标化 | a collection target per account manager | `receivables.collection_targets` (a `collection_targets` table or the policy) |
# | 激励 | a bonus on cash collected, a deduction for debt left to grow old | policy `receivables.incentives` |
# | 评估 | a monthly review: DSO, average days delinquent, CEI per manager; who answers for each bad debt | `receivables.collection_kpis`, the write-off register (坏账核销登记) |
#
# The numbers of the rules (days, shares, amounts) are the company's choice, not the method's: the policy ships an
# example of each.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 制度化: the dunning levels (催款等级)
#
# Each level applies from a number of days past due and says the action, who acts and the tone; some levels send a
# letter. A customer's level is set by its **oldest overdue money** (a small remainder below the policy's minimum
# does not escalate it); a promise to pay not yet due holds it one level below; an amount under an open **dispute**
# is not chased (it is shown apart, in `disputed`).

# %%
levels = pd.DataFrame(pol["receivables"]["dunning"]["levels"])
levels[["name_zh", "name", "from_days", "action", "actor", "tone", "letter"]]

# %%
dun = receivables.dunning(data, as_of, pol)
dun[["name", "account_manager", "dunning_level", "actor", "letter", "days_past_due", "overdue", "disputed",
     "held_by_promise", "moved_up"]].head(8)

# %% tags=["solution"]
# Exercise 7.5: this month's letters. From `dun`, count the customers whose dunning level sends a letter (the
# column letter is not empty). Assign the count to `letters_due`.
letters_due = int(dun["letter"].notna().sum())

# %%
training.check("07.letters_due", letters_due, (data, as_of))

# %% [markdown]
# The customers at each level, and how many moved up since last month (the escalations of this month):

# %%
dun.groupby("dunning_level", sort=False).agg(customers=("name", "size"), moved_up=("moved_up", "sum"),
                                             overdue=("overdue", "sum"))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Letters the company writes (催款函)
#
# `kam letters --period YYYY-MM` writes one Word letter per customer whose level has a letter, in the customer's
# language (Chinese, English or both), listing the overdue invoices (less what is disputed), the total, the deadline
# and the company's bank details, with a register workbook, under `reports/<period>/letters/`. The wording is the
# company's: copy the folder of templates below, edit the text (jinja2: `{{ customer.name }}`, `{{ total }}`,
# `{{ deadline }}` ...), and name the folder in the policy (`receivables.letters.template_dir`). Text from the data
# (a customer's name) is written as it is and never run as a template. The company's name and bank account in the
# policy are placeholders until the company fills them in.

# %%
print(sorted(p.name for p in TEMPLATE_DIR.glob("*.j2")))
print((TEMPLATE_DIR / "formal.zh.j2").read_text(encoding="utf-8")[:400])

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Disputes apart, and the statement of account (争议款项与对账单)
#
# A customer who disputes an invoice (short delivery, wrong price) is not a late payer for that amount: the dispute
# has an owner and is settled, not dunned. The open disputes of the case account:

# %%
disputes = receivables.open_disputes(data, as_of)
disputes.loc[disputes["customer_id"] == cid, ["invoice_id", "days_past_due", "open_amount", "disputed",
                                               "dispute_reason", "days_open", "owner"]]

# %% [markdown]
# The **statement of account** (对账单) lists the month's invoices, credit notes and payments from the opening to the
# closing balance, with its aging and a block the customer signs and returns: a balance both sides confirm is the
# basis of every collection call and of any later claim. `kam statement --customer ID --period YYYY-MM` writes it
# as Excel and Word; `--key-accounts` writes one for every key account each month.

# %%
st = receivables.statement(data, cid, period, pol)
print(f"opening {st.opening_balance:,.2f} + invoiced {st.invoiced:,.2f} - credited {st.credited:,.2f} "
      f"- paid {st.paid:,.2f} = closing {st.closing_balance:,.2f}")
st.lines.tail(6)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 目标化 and 激励: targets and incentives (回款目标与激励机制)
#
# Each account manager has a collection target for the month. The policy's incentive (an example, the company's
# choice and an internal measure, not a pay rule without HR and legal review): a **bonus** of `collected_share` of
# the cash collected, paid only when the achievement (collected ÷ target) reaches `min_achievement`, less a
# **deduction** of `penalty_share` of the manager's receivables more than `penalty_days` past due.

# %%
print(pol["receivables"]["incentives"])
targets = receivables.collection_targets(data, as_of, pol)
targets[["target_source", "target", "collected", "achievement", "past_due_receivables"]]

# %% tags=["solution"]
# Exercise 7.6: take the account manager with the largest past_due_receivables in `targets`. Compute the net
# incentive: bonus (collected x collected_share if achievement >= min_achievement, else 0) minus the deduction
# (past_due_receivables x penalty_share), to the cent. Assign it to `net_incentive`.
inc = pol["receivables"]["incentives"]
row = targets.sort_values("past_due_receivables", ascending=False).iloc[0]
bonus = round(row["collected"] * inc["collected_share"], 2) if row["achievement"] >= inc["min_achievement"] else 0.0
net_incentive = round(bonus - round(row["past_due_receivables"] * inc["penalty_share"], 2), 2)

# %%
training.check("07.net_incentive", net_incentive, (data, as_of))

# %% [markdown]
# Every manager's incentive as the receivables page shows it: a manager who brings cash in but lets old debt grow
# can end the month with a deduction.

# %%
targets[["achievement", "bonus", "deduction", "net_incentive"]]

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 评估: the monthly review (评估指导)
#
# Per account manager: DSO, the **best-possible DSO** (only the receivables not yet due: what the terms alone would
# give), the **average days delinquent** (ADD = DSO − best-possible DSO: the days customers pay late on average) and
# the CEI. A high ADD with a normal best-possible DSO is late payment, not long terms.

# %%
receivables.collection_kpis(data, as_of, pol, by="account_manager")[["dso", "best_possible_dso", "add", "cei"]]

# %% [markdown]
# And who answers for the debts that were lost: the **write-off register** (坏账核销登记) splits each write-off between
# the account manager who handled the customer and the approver of its limit in force that day (the policy's shares
# within the limit; the part above the limit the handler alone), and says the sales that earn it back at the
# customer's own margin. The split is an internal measure: in many jurisdictions an employee's personal liability
# for a bad debt is limited by law.

# %%
register = kt.credit.write_off_register(data, as_of, pol)
register[["name", "written_off_on", "amount", "handled_by", "limit_approved_by", "above_limit", "handler_amount",
          "approver_amount", "sales_to_recover"]]

# %%
kt.credit.accountability_by_person(register)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways
#
# * Aging is the basis of everything else: provisions, priorities, the re-review of credit limits.
# * DSO tells how many days of sales are unpaid; CEI how much of what could be collected was.
# * Provisions grow with age; a debt over a year old is provided in full.
# * Silent debtors and the top of the worklist are this week's calls.
# * Collections is a system: written dunning levels and letters (制度化), a target per manager (目标化), a bonus on
#   cash and a deduction for old debt (激励), a monthly review of DSO, ADD and every write-off (评估).
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
